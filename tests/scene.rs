//! One picture of the day: the window and the export draw the same scene — the same owner and
//! fill for every piece, the same atlas (a user's, once opened) — and the country panel agrees
//! with the map about what is partial.

use bloc_atlas::export::{Frame, Renderer};
use bloc_atlas::geometry::Detail;
use bloc_atlas::scene::palette;
use bloc_atlas::ui::{AtlasApp, Command, Launch, Settings};
use bloc_atlas::ui::{ExportCommand, TimeCommand};
use egui::Vec2;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

fn harness(app: AtlasApp) -> Harness<'static, AtlasApp> {
    let mut h = Harness::builder()
        .with_size(Vec2::new(1600.0, 1000.0))
        .with_max_steps(16)
        .build_ui_state(|ui, app: &mut AtlasApp| app.ui(ui), app);
    h.run();
    h
}

#[test]
fn on_twenty_days_the_window_and_the_export_give_every_piece_the_same_fill() {
    let renderer = Renderer::bundled(Detail::Low).unwrap();
    let area = bloc_atlas::scene::framing::europe(renderer.projection());
    let mut h = harness(AtlasApp::bundled(Settings::default(), crate::util::launch()).unwrap());
    let days = [
        "1945-05-08",
        "1947-12-17",
        "1949-05-23",
        "1949-10-07",
        "1952-02-18",
        "1955-05-06",
        "1955-05-14",
        "1956-11-04",
        "1957-01-01",
        "1961-08-13",
        "1966-07-01",
        "1968-09-13",
        "1974-08-14",
        "1982-05-30",
        "1990-10-02",
        "1990-10-03",
        "1991-07-01",
        "1991-12-26",
        "1999-03-12",
        "2020-02-01",
    ];
    for day in days {
        h.state_mut()
            .push(Command::Time(TimeCommand::SetDate(day.parse().unwrap())));
        h.run();
        let window = h.state().piece_fills();
        let frame = Frame {
            date: day.parse().unwrap(),
            area,
            width: 640,
            height: 360,
            highlighted: Vec::new(),
            layer: Default::default(),
        };
        let scene = renderer.scene(&frame);
        let ids = renderer_pieces(&renderer);
        let export: std::collections::HashMap<&str, palette::Rgba> = ids
            .iter()
            .enumerate()
            .map(|(i, id)| (id.as_str(), scene.piece_fill(i)))
            .collect();
        assert_eq!(window.len(), export.len(), "{day}");
        for (id, fill) in &window {
            assert_eq!(export.get(id.as_str()), Some(fill), "{id} on {day}");
        }
    }
}

/// The renderer's pieces, in its order.
fn renderer_pieces(renderer: &Renderer) -> Vec<String> {
    renderer
        .geometry()
        .pieces
        .iter()
        .map(|p| p.id.clone())
        .collect()
}

#[test]
fn export_from_the_window_draws_the_atlas_the_window_shows() {
    // The mini atlas: piece A (0–1° E, 0–1° N) is unit AAA, in NATO from 1949.
    let launch = Launch {
        atlas: Some(crate::util::mini()),
        date: Some("1950-01-01".parse().unwrap()),
        fresh: true,
        ..crate::util::launch()
    };
    let mut h = harness(AtlasApp::bundled(Settings::default(), launch).unwrap());
    assert_eq!(h.state().atlas().title, "Mini atlas");
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("mini.png");
    h.state_mut()
        .push(Command::Export(ExportCommand::Png(out.clone(), 640, 360)));
    h.run();
    let started = std::time::Instant::now();
    while h.state().is_exporting() && started.elapsed().as_secs() < 60 {
        std::thread::sleep(std::time::Duration::from_millis(20));
        h.run();
    }
    assert!(
        h.state().notices().iter().any(|n| n.starts_with("Wrote")),
        "{:?}",
        h.state().notices()
    );
    let image = image::open(&out).unwrap().to_rgba8();
    // The view the window shows, fitted into the image: A's centre is where the window has it,
    // scaled to the image.
    let app = h.state();
    // Below the centre, clear of the label "Aland".
    let at = app.screen_pos(0.5, 0.2).unwrap();
    let rect = app.map().rect;
    let scale = (640.0 / rect.width()).min(360.0 / rect.height());
    let x = 320.0 + (at.x - rect.center().x) * scale;
    let y = 180.0 + (at.y - rect.center().y) * scale;
    let p = image.get_pixel(x as u32, y as u32);
    let nato = palette::bloc_fill(bloc_atlas::model::Bloc::Nato);
    assert!(
        p[0].abs_diff(nato.r()) < 8 && p[1].abs_diff(nato.g()) < 8 && p[2].abs_diff(nato.b()) < 8,
        "the mini atlas's AAA at ({x}, {y}) is {p:?}, not NATO blue: the bundled atlas was drawn"
    );
}

#[test]
fn full_memberships_with_a_detail_are_not_called_partial() {
    for (unit, date) in [("ISL", "1970-01-01"), ("XWB", "1970-01-01")] {
        let launch = Launch {
            date: Some(date.parse().unwrap()),
            fresh: true,
            ..crate::util::launch()
        };
        let mut h = harness(AtlasApp::bundled(Settings::default(), launch).unwrap());
        let index = h.state().unit_index(unit).unwrap();
        h.state_mut().push(Command::Select(Some(index)));
        h.run();
        assert_eq!(h.state().selected(), Some(unit));
        let partial = h.query_all_by(|n| {
            n.label().is_some_and(|l| l.contains("partial:"))
                || n.value().is_some_and(|v| v.contains("partial:"))
        });
        assert_eq!(partial.count(), 0, "{unit}'s panel says partial");
        // Its detail is still there.
        let atlas = h.state().atlas();
        let detail = atlas.memberships_of(unit).find_map(|m| m.detail.clone());
        if let Some(d) = detail {
            assert!(
                h.query_all_by_label(&d).count() >= 1,
                "{unit}'s detail is shown"
            );
        }
    }
}

#[test]
fn the_legend_shows_stripes_in_the_layers_own_colour() {
    use bloc_atlas::model::{Atlas, Bloc, Day, Layer};
    use bloc_atlas::scene::Looks;
    let atlas = Atlas::bundled().unwrap();
    let day: Day = "1970-01-01".parse().unwrap();
    let alignment = Looks::on(&atlas, day, &Layer::Alignment);
    assert_eq!(alignment.striped_sample, palette::bloc_fill(Bloc::Nato));
    let comecon = atlas.organisation("comecon").unwrap();
    let looks = Looks::on(&atlas, day, &Layer::Organisation("comecon".into()));
    assert_eq!(
        looks.striped_sample,
        palette::organisation_fill(comecon.palette)
    );
}
