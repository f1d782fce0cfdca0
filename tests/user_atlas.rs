//! A lecturer's own atlas in the window: `--atlas DIR`, a folder dropped on the window, the
//! problems panel, and the bundled atlas kept when nothing in a folder is usable.

use bloc_atlas::ui::{AtlasCommand, TimeCommand};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use bloc_atlas::model::{AtlasDir, Day};
use bloc_atlas::ui::{AtlasApp, Command, Launch, Settings};
use egui::Vec2;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use crate::util::{bloc_atlas, mini, mini_with};

fn day(s: &str) -> Day {
    s.parse().unwrap()
}

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/atlas-extension")
}

fn harness(date: &str, atlas: Option<PathBuf>) -> Harness<'static, AtlasApp> {
    let launch = Launch {
        date: Some(day(date)),
        fresh: true,
        atlas,
        ..crate::util::launch()
    };
    let app = AtlasApp::bundled(Settings::default(), launch).unwrap();
    let mut h = Harness::builder()
        .with_size(Vec2::new(1600.0, 1000.0))
        .with_max_steps(16)
        .build_ui_state(|ui, app: &mut AtlasApp| app.ui(ui), app);
    h.run();
    h
}

#[test]
fn an_atlas_that_extends_the_bundled_one_adds_its_events() {
    let mut h = harness("1947-09-01", Some(example()));
    assert_eq!(h.state().atlas_dir(), &AtlasDir::Folder(example()));
    assert_eq!(h.state().problems(), Vec::<String>::new());
    h.get_by_label("Bloc Atlas with the Free Territory of Trieste (example)");
    // Everything bundled is still there, and the example's events come in between.
    assert!(h.state().atlas().units.len() > 200);
    h.state_mut().push(Command::Time(TimeCommand::NextEvent));
    h.run();
    assert_eq!(h.state().date(), day("1947-09-15"));
    h.get_by_label("The Free Territory of Trieste is established");

    // The same folder from the command line.
    let run = bloc_atlas(&["history", "ITA", "--atlas", example().to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("London Memorandum"), "{}", run.stdout);
}

#[test]
fn problems_are_listed_and_the_valid_rest_is_shown() {
    let dir = mini_with(&[("memberships.toml", &|s: String| {
        s.replacen("unit = \"AAA\"", "unit = \"ZZZ\"", 1)
    })]);
    let mut h = harness("1960-06-01", None);
    h.state_mut()
        .push(Command::Atlas(AtlasCommand::Open(dir.path().to_path_buf())));
    h.run();
    assert_eq!(
        h.state().atlas_dir(),
        &AtlasDir::Folder(dir.path().to_path_buf())
    );
    let problems = h.state().problems();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].ends_with("memberships.toml:1:1: membership of ZZZ: unknown unit 'ZZZ'"),
        "{problems:?}"
    );
    // The panel shows it, with the file and place.
    h.get_by_label_contains("memberships.toml:1:1: membership of ZZZ");
    h.get_by_label("Problems (1)");
    // The mini atlas's units are shown, its own map fitted to the window.
    assert!(h.state().atlas().units.iter().any(|u| u.id == "BBB"));
    let pos = h.state().screen_pos(1.5, 0.5).unwrap();
    assert!(h.state().map().rect.contains(pos));
    assert_eq!(h.state().unit_at(pos), Some("CCC"));
    let span =
        h.state().screen_pos(2.0, 0.5).unwrap().x - h.state().screen_pos(0.0, 0.5).unwrap().x;
    assert!(span > 300.0, "the mini map spans {span} points");

    // Back to the bundled atlas from the Atlas menu.
    h.get_by_label("Atlas").click();
    h.run();
    h.get_by_label("Bundled atlas").click();
    h.run();
    assert_eq!(h.state().atlas_dir(), &AtlasDir::Bundled);
    assert!(h.state().problems().is_empty());
}

#[test]
fn an_unusable_folder_keeps_the_atlas_shown() {
    let broken = mini_with(&[("units.toml", &|_| "[[unit]\n".to_string())]);
    let mut h = harness("1960-06-01", None);
    h.state_mut().push(Command::Atlas(AtlasCommand::Open(
        broken.path().to_path_buf(),
    )));
    h.state_mut()
        .push(Command::Atlas(AtlasCommand::Open(PathBuf::from(
            "/no/such/folder",
        ))));
    h.run();
    assert_eq!(h.state().atlas_dir(), &AtlasDir::Bundled);
    let problems = h.state().problems().join("\n");
    assert!(
        problems.contains("units.toml:1:8: unclosed array table"),
        "{problems}"
    );
    assert!(
        problems.contains("the atlas has no usable units"),
        "{problems}"
    );
    let notices = h.state().notices().join("\n");
    assert!(notices.contains("cannot be used"), "{notices}");
    assert!(
        notices.contains("/no/such/folder is not an atlas folder"),
        "{notices}"
    );
    // Still the bundled map: Berlin is in a unit.
    assert!(h.state().atlas().units.len() > 200);
}

#[derive(Debug)]
struct Dropped(PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &Path {
        &self.0
    }
    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

#[test]
fn dropping_a_folder_or_a_tour_on_the_window_opens_it() {
    let mut h = harness("1960-06-01", None);
    h.input_mut()
        .dropped_files
        .push(Arc::new(Dropped(mini().join("atlas.toml"))));
    h.run();
    assert_eq!(h.state().atlas_dir(), &AtlasDir::Folder(mini()));

    let tour = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/tours/soviet-note-1954.toml");
    let mut h = harness("1960-06-01", None);
    h.input_mut().dropped_files.push(Arc::new(Dropped(tour)));
    h.run();
    assert_eq!(h.state().stops().len(), 14);
    assert!(h.state().tour().is_some());
}

#[test]
fn a_piece_the_projection_cannot_draw_is_listed_and_the_rest_is_drawn() {
    // Piece B as a ring around the North Pole with only its corners: projected, it is a line.
    let edit = |s: String| {
        s.replace(
            "[[[1, 0], [2, 0], [2, 1], [1, 1], [1, 0]]]",
            "[[[-180, 80], [180, 80], [180, 90], [-180, 90], [-180, 80]]]",
        )
    };
    let dir = mini_with(&[
        ("pieces-low.geojson", &edit),
        ("pieces-high.geojson", &edit),
    ]);
    let h = harness("1950-01-01", Some(dir.path().to_path_buf()));
    let problems = h.state().problems();
    assert!(
        problems
            .iter()
            .any(|p| p.contains("feature 1 (B): this piece is not drawn")),
        "{problems:#?}"
    );
    // The view is fitted to what is drawn: piece A is on screen, under its own centre.
    let app = h.state();
    let centre = app.screen_pos(0.5, 0.5).unwrap();
    assert!(
        app.map().rect.contains(centre),
        "{centre:?} outside {:?}",
        app.map().rect
    );
    assert_eq!(app.unit_at(centre), Some("AAA"));
}

#[test]
fn render_and_tour_take_a_users_atlas() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("mini.png");
    let run = bloc_atlas(&[
        "render",
        "--atlas",
        mini().to_str().unwrap(),
        "--date",
        "1950-01-01",
        "--view",
        "-0.5,-0.5,2.5,2.5",
        "--size",
        "960x540",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let image = image::open(&out).unwrap().to_rgba8();
    let nato = bloc_atlas::scene::palette::bloc_fill(bloc_atlas::model::Bloc::Nato);
    let blue = image
        .pixels()
        .filter(|p| p[0] == nato.r() && p[1] == nato.g() && p[2] == nato.b())
        .count();
    // Aland (AAA, NATO from 1949) fills a good part of the view; in the bundled atlas this is
    // the Gulf of Guinea.
    assert!(blue > 960 * 540 / 20, "{blue} NATO pixels");

    let tour = dir.path().join("tour.toml");
    std::fs::write(
        &tour,
        "format = 1\n[[stop]]\ndate = \"1950-01-01\"\nhighlight = [\"AAA\"]\n",
    )
    .unwrap();
    let mine = bloc_atlas(&[
        "tour",
        tour.to_str().unwrap(),
        "--atlas",
        mini().to_str().unwrap(),
    ]);
    assert_eq!(mine.code, 0, "{}", mine.stdout);
    let bundled = bloc_atlas(&["tour", tour.to_str().unwrap()]);
    assert_eq!(bundled.code, 1);
    assert!(
        bundled.stdout.contains("no unit has the id \"AAA\""),
        "{}",
        bundled.stdout
    );
}
