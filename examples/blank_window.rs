//! An empty eframe window with the same features and options as Bloc Atlas: the baseline that
//! `benches/startup.rs` compares the app's peak memory with.

#![allow(clippy::unwrap_used)]

fn main() {
    let frames: u64 = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(40);
    let mut n = 0;
    let options = eframe::NativeOptions {
        multisampling: 4,
        persist_window: false,
        viewport: egui::ViewportBuilder::default().with_inner_size([1400.0, 900.0]),
        ..Default::default()
    };
    eframe::run_ui_native("blank", options, move |ui, _| {
        ui.label("blank");
        n += 1;
        if n >= frames {
            eprintln!(
                "peak memory: {:.1} MB",
                bloc_atlas::ui::peak_memory_mb().unwrap_or(0.0)
            );
            ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
        }
        ui.ctx().request_repaint();
    })
    .unwrap();
}
