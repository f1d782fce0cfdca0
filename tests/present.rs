//! Presentation mode and tours in the window, driven through egui_kittest: the keys a clicker
//! sends, the caption strip, the blank screen, animated moves, and editing, saving and
//! reopening a tour.

use bloc_atlas::model::Day;
use bloc_atlas::tour::Tour;
use bloc_atlas::ui::{AtlasApp, Command, Launch, Settings};
use bloc_atlas::ui::{ExportCommand, PresentCommand, TimeCommand, TourCommand};
use egui::{Key, Vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

fn day(s: &str) -> Day {
    s.parse().unwrap()
}

fn app(date: &str, reduce_motion: bool, launch: Launch) -> AtlasApp {
    let settings = Settings {
        reduce_motion,
        ..Settings::default()
    };
    let launch = Launch {
        date: Some(day(date)),
        fresh: true,
        ..launch
    };
    AtlasApp::bundled(settings, launch).unwrap()
}

fn harness(app: AtlasApp) -> Harness<'static, AtlasApp> {
    let mut h = Harness::builder()
        .with_size(Vec2::new(1600.0, 1000.0))
        .with_max_steps(16)
        .build_ui_state(|ui, app: &mut AtlasApp| app.ui(ui), app);
    h.run();
    h
}

fn press(h: &mut Harness<'static, AtlasApp>, key: Key) {
    h.key_press(key);
    h.run();
}

#[test]
fn clicker_keys_step_through_the_bundled_tour() {
    let mut a = app("1950-01-01", true, crate::util::launch());
    a.push(Command::Tour(TourCommand::OpenBundled(0)));
    let mut h = harness(a);
    // Opening a tour goes to its first stop.
    assert_eq!(h.state().stop(), Some(0));
    assert_eq!(h.state().date(), day("1954-03-31"));

    press(&mut h, Key::F5);
    assert!(h.state().is_presenting());
    // The caption strip: the date in words, the stop number, the caption and the excerpt.
    h.get_by_label("31 March 1954");
    h.get_by_label("1 / 14");
    h.get_by_label_contains("Moscow sends notes to France");
    h.get_by_label_contains("the Soviet Foreign Ministry sent identical notes");
    // The window's panels and toolbar are gone.
    assert!(h.query_by_label("Excerpts").is_none());

    press(&mut h, Key::PageDown);
    assert_eq!(h.state().date(), day("1954-04-01"));
    h.get_by_label("2 / 14");
    press(&mut h, Key::ArrowRight);
    assert_eq!(h.state().date(), day("1954-04-07"));
    assert_eq!(h.state().highlighted().len(), 14);
    press(&mut h, Key::ArrowDown);
    assert_eq!(h.state().date(), day("1954-05-07"));
    press(&mut h, Key::PageUp);
    assert_eq!(h.state().date(), day("1954-04-07"));
    press(&mut h, Key::ArrowLeft);
    press(&mut h, Key::ArrowUp);
    assert_eq!(h.state().stop(), Some(0));
    // Before the first stop there is nowhere to go.
    press(&mut h, Key::PageUp);
    assert_eq!(h.state().stop(), Some(0));

    // B blanks the screen, "." brings it back.
    press(&mut h, Key::B);
    assert!(h.state().is_blank());
    h.get_by_label("Blank screen");
    assert!(h.query_by_label("1 / 14").is_none());
    press(&mut h, Key::Period);
    assert!(!h.state().is_blank());
    h.get_by_label("1 / 14");

    // To the last stop and no further.
    for _ in 0..20 {
        press(&mut h, Key::PageDown);
    }
    assert_eq!(h.state().stop(), Some(13));
    assert_eq!(h.state().date(), day("1991-12-26"));

    press(&mut h, Key::Escape);
    assert!(!h.state().is_presenting());
    h.get_by_label("Excerpts");
}

#[test]
fn without_a_tour_the_stops_are_the_atlas_events() {
    let mut h = harness(app("1955-05-13", true, crate::util::launch()));
    press(&mut h, Key::F5);
    press(&mut h, Key::PageDown);
    assert_eq!(h.state().date(), day("1955-05-14"));
    h.get_by_label("The Warsaw Pact is signed");
    assert!(h.state().highlighted().contains(&"POL"));
    press(&mut h, Key::PageDown);
    assert_eq!(h.state().date(), day("1955-05-15"));
    press(&mut h, Key::PageUp);
    press(&mut h, Key::PageUp);
    assert_eq!(h.state().date(), day("1955-05-06"));
}

/// Presents the bundled tour and asks for the Hungary stop; returns the harness two frames
/// later and the view the stop asks for.
fn towards_hungary(reduce_motion: bool) -> (Harness<'static, AtlasApp>, bloc_atlas::ui::map::View) {
    let hungary = Tour::bundled().unwrap().stops[6].view.unwrap();
    let mut a = app("1950-01-01", reduce_motion, crate::util::launch());
    a.push(Command::Tour(TourCommand::OpenBundled(0)));
    let mut h = harness(a);
    press(&mut h, Key::F5);
    let target = h.state().view_of(hungary);
    h.state_mut()
        .push(Command::Present(PresentCommand::GoTo(6)));
    h.step();
    h.step();
    (h, target)
}

#[test]
fn moving_between_stops_animates_unless_motion_is_reduced() {
    // Two frames in, the view is on its way but not there; the colours are fading.
    let (mut h, target) = towards_hungary(false);
    assert!(h.state().is_animating());
    assert_ne!(h.state().map().view, target);
    h.run();
    assert!(!h.state().is_animating());
    assert_eq!(h.state().map().view, target);

    let (h, target) = towards_hungary(true);
    assert!(!h.state().is_animating());
    assert_eq!(h.state().map().view, target);
}

#[test]
fn a_tour_built_in_the_app_survives_saving_and_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let recovery = dir.path().join("recovery");
    let launch = Launch {
        recovery: Some(recovery.clone()),
        ..crate::util::launch()
    };
    let mut h = harness(app("1956-11-04", true, launch.clone()));
    h.get_by_label("Tour").click();
    h.run();
    h.get_by_label("New tour").click();
    h.run();
    // Two stops: Hungary in 1956, then Prague in 1968 after going there.
    let hungary = h.state().unit_index("HUN");
    h.state_mut().push(Command::Select(hungary));
    h.run();
    h.get_by_label("Add this view as a stop").click();
    h.run();
    h.state_mut()
        .push(Command::Time(TimeCommand::SetDate(day("1968-08-20"))));
    h.run();
    h.get_by_label("Add this view as a stop").click();
    h.run();
    let stops = h.state().stops().to_vec();
    assert_eq!(stops.len(), 2);
    assert_eq!(stops[0].date, day("1956-11-04"));
    assert_eq!(stops[0].highlight, vec!["HUN".to_string()]);
    assert_eq!(stops[1].date, day("1968-08-20"));
    assert!(h.state().tour().unwrap().dirty);
    // Unsaved work has a recovery copy.
    let copies: Vec<_> = std::fs::read_dir(&recovery).unwrap().collect();
    assert_eq!(copies.len(), 1);

    // Reorder, caption, save.
    h.get_by_label("Move stop 2 up").click();
    h.run();
    assert_eq!(h.state().stops()[0].date, day("1968-08-20"));
    let edited = bloc_atlas::tour::Stop {
        caption: "Prague, August 1968".into(),
        ..h.state().stops()[0].clone()
    };
    h.state_mut()
        .push(Command::Tour(TourCommand::EditStop(0, edited)));
    h.run();
    let file = dir.path().join("mine.toml");
    h.state_mut()
        .push(Command::Tour(TourCommand::Save(Some(file.clone()))));
    h.run();
    assert!(!h.state().tour().unwrap().dirty);
    assert_eq!(std::fs::read_dir(&recovery).unwrap().count(), 0);
    let saved = h.state().tour().unwrap().tour.clone();

    // Opened again, in a new window: the same tour.
    let again = Launch {
        tour: Some(file.clone()),
        ..launch
    };
    let h2 = harness(app("1950-01-01", true, again));
    assert_eq!(h2.state().tour().unwrap().tour, saved);
    assert_eq!(Tour::load(&file).unwrap(), saved);
    assert_eq!(h2.state().date(), day("1968-08-20"));
    assert_eq!(h2.state().stops()[0].caption, "Prague, August 1968");

    // Delete a stop.
    let mut h2 = h2;
    h2.get_by_label_contains("2. 1956-11-04").click();
    h2.run();
    assert_eq!(h2.state().date(), day("1956-11-04"));
    h2.get_by_label("Delete stop 2").click();
    h2.run();
    assert_eq!(h2.state().stops().len(), 1);
}

#[test]
fn unsaved_changes_come_back_after_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    let launch = Launch {
        recovery: Some(dir.path().to_path_buf()),
        ..crate::util::launch()
    };
    {
        let mut h = harness(app("1982-05-30", true, launch.clone()));
        h.state_mut().push(Command::Tour(TourCommand::New));
        h.state_mut().push(Command::Tour(TourCommand::AddStop));
        h.run();
        // The window goes away without saving (as in a crash: nothing runs on the way out).
        std::mem::forget(h);
    }
    let mut h = harness(app("1950-01-01", true, launch));
    h.get_by_label_contains("A tour with unsaved changes was kept");
    h.get_by_label("Reopen the unsaved tour").click();
    h.run();
    let tour = h.state().tour().unwrap();
    assert!(tour.dirty);
    assert_eq!(tour.tour.stops.len(), 1);
    assert_eq!(tour.tour.stops[0].date, day("1982-05-30"));
}

#[test]
fn a_broken_tour_file_gives_a_notice_not_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("broken.toml");
    std::fs::write(&file, "format = 1\n[[stop]]\ndate = \"1955-13-01\"\n").unwrap();
    let newer = dir.path().join("newer.toml");
    std::fs::write(&newer, "format = 7\n").unwrap();
    let mut a = app("1950-01-01", true, crate::util::launch());
    a.push(Command::Tour(TourCommand::Open(file)));
    a.push(Command::Tour(TourCommand::Open(newer)));
    let h = harness(a);
    assert!(h.state().tour().is_none());
    let notices = h.state().notices().join("\n");
    assert!(notices.contains("broken.toml:3:8: bad `date`"), "{notices}");
    assert!(notices.contains("newer.toml:1:10: this tour was written by a newer Bloc Atlas"));
    h.get_by_label_contains("broken.toml:3:8");
}

/// Runs frames until the export ends (at most a minute).
fn until_exported(h: &mut Harness<'static, AtlasApp>) {
    for _ in 0..3000 {
        if !h.state().is_exporting() {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
        h.step();
    }
    panic!("the export did not end");
}

#[test]
fn the_window_exports_png_and_gif_and_can_cancel() {
    use bloc_atlas::export::Step;
    use bloc_atlas::ui::export_panel::GifRequest;
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(app("1960-01-01", true, crate::util::launch()));

    let png = dir.path().join("view.png");
    h.state_mut()
        .push(Command::Export(ExportCommand::Png(png.clone(), 640, 360)));
    h.step();
    // The progress strip shows while it runs.
    h.get_by_label("Cancel export");
    until_exported(&mut h);
    let image = image::open(&png).unwrap();
    assert_eq!((image.width(), image.height()), (640, 360));
    assert!(h.state().notices().iter().any(|n| n.starts_with("Wrote ")));

    let gif = dir.path().join("years.gif");
    let request = GifRequest {
        from: day("1955-01-01"),
        to: day("1957-01-01"),
        step: Step::Months(12),
        width: 320,
        height: 180,
        frame_seconds: 0.5,
    };
    h.state_mut()
        .push(Command::Export(ExportCommand::Gif(gif.clone(), request)));
    h.step();
    until_exported(&mut h);
    let decoder = image::codecs::gif::GifDecoder::new(std::io::BufReader::new(
        std::fs::File::open(&gif).unwrap(),
    ))
    .unwrap();
    use image::AnimationDecoder as _;
    assert_eq!(decoder.into_frames().count(), 3);

    // A long one, cancelled at once: no file is written.
    let long = dir.path().join("long.gif");
    let request = GifRequest {
        from: day("1945-06-05"),
        to: day("2020-01-01"),
        step: Step::Months(1),
        width: 960,
        height: 540,
        ..request
    };
    h.state_mut()
        .push(Command::Export(ExportCommand::Gif(long.clone(), request)));
    h.step();
    h.get_by_label("Cancel export").click();
    h.step();
    until_exported(&mut h);
    assert!(!long.exists());
    assert!(
        h.state()
            .notices()
            .iter()
            .any(|n| n.starts_with("Cancelled") && !n.contains("failed")),
        "{:?}",
        h.state().notices()
    );
}
