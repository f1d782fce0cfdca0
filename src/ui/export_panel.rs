//! Export from the window: a PNG of the current view at a chosen size, or a GIF over a range of
//! days, drawn on a thread by the same renderer as `bloc-atlas render`, with a progress bar and
//! a way to cancel.

use super::command::{ExportCommand, ExportOutcome};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError};

use super::tour_panel::Dialog;
use super::{AtlasApp, Command};
use crate::export::{Frame, Renderer, Step, detail_for, frame_days, gif, png};
use crate::geometry::Detail;
use crate::model::Day;
use crate::save::write_atomically;

/// Image sizes offered for export.
pub const SIZES: [(u32, u32); 4] = [(1920, 1080), (3840, 2160), (1280, 720), (960, 540)];

/// What a GIF export covers.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct GifRequest {
    /// The first day.
    pub from: Day,
    /// The last day (or the last step before it).
    pub to: Day,
    /// The step between frames.
    pub step: Step,
    /// Image width in pixels.
    pub width: u32,
    /// Image height in pixels.
    pub height: u32,
    /// Seconds each frame is shown.
    pub frame_seconds: f32,
}

/// The export form's fields, kept between frames.
#[derive(Clone, Debug)]
pub struct Form {
    size: usize,
    from: String,
    to: String,
    step: String,
}

impl Default for Form {
    fn default() -> Self {
        Form {
            size: 0,
            from: "1945-06-05".into(),
            to: "1991-12-26".into(),
            step: "1y".into(),
        }
    }
}

/// Why an export stopped when the user cancelled it (told apart from failures by type).
#[derive(Debug)]
struct Cancelled;

impl std::fmt::Display for Cancelled {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("cancelled")
    }
}

impl std::error::Error for Cancelled {}

/// An export running on its thread.
pub struct Job {
    /// What is written, for the progress bar.
    pub what: String,
    done: Arc<AtomicUsize>,
    total: usize,
    cancel: Arc<AtomicBool>,
    result: Receiver<ExportOutcome>,
}

impl Job {
    /// The share done, 0 to 1.
    pub fn progress(&self) -> f32 {
        self.done.load(Ordering::Relaxed) as f32 / self.total.max(1) as f32
    }
}

impl AtlasApp {
    /// The Export menu: size, PNG of this view, and a GIF over a range of days.
    pub(super) fn export_menu(&mut self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        let form = &mut self.work.export_form;
        egui::ComboBox::from_label("Image size")
            .selected_text(format!("{} × {}", SIZES[form.size].0, SIZES[form.size].1))
            .show_ui(ui, |ui| {
                for (i, (w, h)) in SIZES.iter().enumerate() {
                    ui.selectable_value(&mut form.size, i, format!("{w} × {h}"));
                }
            });
        let (width, height) = SIZES[form.size];
        if ui
            .button("PNG of this view…")
            .on_hover_text("The map as shown, with title, date, legend and source credit")
            .clicked()
        {
            commands.push(Command::Dialog(Dialog::ExportPng { width, height }));
            ui.close();
        }
        ui.separator();
        ui.label("Animated GIF");
        let field = |ui: &mut egui::Ui, label: &str, text: &mut String| {
            ui.horizontal(|ui| {
                let name = ui.label(label);
                ui.add(
                    egui::TextEdit::singleline(text)
                        .desired_width(100.0)
                        .id_salt(label),
                )
                .labelled_by(name.id);
            });
        };
        field(ui, "From", &mut form.from);
        field(ui, "To", &mut form.to);
        field(ui, "Step", &mut form.step);
        let request = (|| -> Result<GifRequest, String> {
            let from: Day = form.from.trim().parse().map_err(|e| format!("From: {e}"))?;
            let to: Day = form.to.trim().parse().map_err(|e| format!("To: {e}"))?;
            let step: Step = form.step.trim().parse()?;
            if to < from {
                return Err("To is before From".into());
            }
            let frames = frame_days(from, to, step).len();
            crate::export::gif_budget(frames, width / 2, height / 2)?;
            Ok(GifRequest {
                from,
                to,
                step,
                width: width / 2,
                height: height / 2,
                frame_seconds: 0.5,
            })
        })();
        match request {
            Ok(r) => {
                let frames = frame_days(r.from, r.to, r.step).len();
                if ui
                    .button(format!("GIF of this view, {frames} frames…"))
                    .on_hover_text(format!(
                        "{} × {} pixels, half a second a frame",
                        r.width, r.height
                    ))
                    .clicked()
                {
                    commands.push(Command::Dialog(Dialog::ExportGif(r)));
                    ui.close();
                }
            }
            Err(e) => {
                ui.colored_label(egui::Color32::from_rgb(0xA0, 0x20, 0x20), e);
            }
        }
    }

    /// Exports: starting them, cancelling, and what to say when one ends.
    pub(super) fn apply_export(&mut self, command: ExportCommand) {
        match command {
            ExportCommand::Png(path, width, height) => self.start_png_export(path, width, height),
            ExportCommand::Gif(path, request) => self.start_gif_export(path, request),
            ExportCommand::Cancel => {
                if let Some(job) = &self.jobs.export {
                    job.cancel.store(true, Ordering::Relaxed);
                }
            }
            ExportCommand::Finished(outcome) => {
                self.jobs.export = None;
                self.work.notices.push(match outcome {
                    ExportOutcome::Written(message) => message,
                    ExportOutcome::Cancelled => "Cancelled: no file was written.".into(),
                    ExportOutcome::Failed(why) => format!("The export failed: {why}"),
                });
            }
        }
    }

    /// The end of the running export, as a command (polled every frame, whatever the window
    /// shows: an export that ends while presenting is reported at once).
    pub(super) fn poll_export(&mut self, ctx: &egui::Context) -> Option<Command> {
        let job = self.jobs.export.as_ref()?;
        let outcome = match job.result.try_recv() {
            Ok(outcome) => outcome,
            Err(TryRecvError::Disconnected) => {
                ExportOutcome::Failed("it stopped unexpectedly".into())
            }
            Err(TryRecvError::Empty) => {
                ctx.request_repaint_after(std::time::Duration::from_millis(50));
                return None;
            }
        };
        Some(Command::Export(ExportCommand::Finished(outcome)))
    }

    /// The running export's progress bar and Cancel button.
    pub(super) fn export_progress(&self, ui: &mut egui::Ui, commands: &mut Vec<Command>) {
        let Some(job) = &self.jobs.export else { return };
        ui.horizontal(|ui| {
            ui.label(&job.what);
            ui.add(
                egui::ProgressBar::new(job.progress())
                    .show_percentage()
                    .desired_width(260.0),
            );
            if ui.button("Cancel export").clicked() {
                commands.push(Command::Export(ExportCommand::Cancel));
            }
        });
    }

    /// The frame the window shows now, at a size.
    fn export_frame(&self, date: Day, width: u32, height: u32) -> Frame {
        Frame {
            date,
            area: self.work.map.view.visible(self.work.map.rect),
            width,
            height,
            highlighted: self.highlighted().into_iter().map(str::to_owned).collect(),
            layer: self.work.layer.clone(),
        }
    }

    pub(super) fn start_png_export(&mut self, path: PathBuf, width: u32, height: u32) {
        let frame = self.export_frame(self.work.date, width, height);
        let what = format!("Writing {}", path.display());
        self.start_job(what, vec![frame], move |renderer, frames, tick| {
            tick()?;
            let image = renderer.draw(&frames[0])?;
            write_atomically(&path, &png(&image, false)?)?;
            Ok(format!("Wrote {} ({width} × {height}).", path.display()))
        });
    }

    pub(super) fn start_gif_export(&mut self, path: PathBuf, r: GifRequest) {
        let frames: Vec<Frame> = frame_days(r.from, r.to, r.step)
            .into_iter()
            .map(|d| self.export_frame(d, r.width, r.height))
            .collect();
        let what = format!("Writing {} ({} frames)", path.display(), frames.len());
        let n = frames.len();
        self.start_job(what, frames, move |renderer, frames, tick| {
            let images = frames.iter().map(|f| {
                tick()?;
                renderer.draw(f)
            });
            let bytes = gif(images, r.frame_seconds)?;
            write_atomically(&path, &bytes)?;
            Ok(format!(
                "Wrote {} ({n} frames, {} to {}).",
                path.display(),
                r.from,
                frames.last().map_or(r.from, |f| f.date)
            ))
        });
    }

    fn start_job(
        &mut self,
        what: String,
        frames: Vec<Frame>,
        work: impl FnOnce(
            &Renderer,
            &[Frame],
            &dyn Fn() -> anyhow::Result<()>,
        ) -> anyhow::Result<String>
        + Send
        + 'static,
    ) {
        if self.jobs.export.is_some() {
            self.work
                .notices
                .push("An export is already running: wait for it or cancel it.".into());
            return;
        }
        let Some(first) = frames.first() else { return };
        // The atlas and the map the window shows (not the bundled one), at the level the view
        // needs; the detailed one is read on the thread when the window has not needed it yet.
        let atlas = self.work.atlas.clone();
        let geometry = match detail_for(first.area, first.width, first.height) {
            Detail::Low => Some(self.work.data.low.geometry.clone()),
            Detail::High => self.work.data.high.as_ref().map(|h| h.geometry.clone()),
        };
        let done = Arc::new(AtomicUsize::new(0));
        let cancel = Arc::new(AtomicBool::new(false));
        let (tx, rx) = std::sync::mpsc::channel();
        let total = frames.len();
        let (done2, cancel2) = (done.clone(), cancel.clone());
        let spawned = std::thread::Builder::new()
            .name("export".into())
            .spawn(move || {
                // Counts a frame, or stops the export (before anything is written) when
                // cancelled.
                let tick = || -> anyhow::Result<()> {
                    if cancel2.load(Ordering::Relaxed) {
                        anyhow::bail!(Cancelled);
                    }
                    done2.fetch_add(1, Ordering::Relaxed);
                    Ok(())
                };
                let result = (|| {
                    let geometry = match geometry {
                        Some(g) => g,
                        None => {
                            let paths = &atlas.geometry_paths;
                            let (pieces, _) =
                                crate::geometry::Pieces::load(&paths.dir, &paths.high);
                            let projection = crate::geometry::projection::Projection::epsg3035()?;
                            Arc::new(crate::geometry::mesh::MapGeometry::build_outlines(
                                &pieces,
                                Detail::High,
                                &projection,
                            ))
                        }
                    };
                    let renderer = Renderer::new(atlas, geometry)?;
                    work(&renderer, &frames, &tick)
                })();
                let outcome = match result {
                    Ok(message) => ExportOutcome::Written(message),
                    Err(e) if e.is::<Cancelled>() => ExportOutcome::Cancelled,
                    Err(e) => ExportOutcome::Failed(format!("{e:#}")),
                };
                let _ = tx.send(outcome);
            });
        match spawned {
            Ok(_) => {
                self.jobs.export = Some(Job {
                    what,
                    done,
                    total,
                    cancel,
                    result: rx,
                });
            }
            Err(e) => self
                .work
                .notices
                .push(format!("Cannot start the export: {e}")),
        }
    }

    /// Whether an export is running.
    pub fn is_exporting(&self) -> bool {
        self.jobs.export.is_some()
    }
}
