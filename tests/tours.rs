//! Tour files from the command line: the bundled tour, `render --tour --stop`, `bloc-atlas tour`,
//! clear errors for broken files, and saves that survive being killed at any moment.

use std::path::Path;
use std::time::Instant;

use bloc_atlas::export::{Frame, Renderer};
use bloc_atlas::geometry::Detail;
use bloc_atlas::geometry::projection::Projection;
use bloc_atlas::model::{Atlas, Day};
use bloc_atlas::tour::{BUNDLED_PATH, Tour};

use crate::util::bloc_atlas;

fn bundled_tour_path() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(BUNDLED_PATH)
        .display()
        .to_string()
}

#[test]
fn the_bundled_tour_tells_the_seed_story_on_the_atlas_event_days() {
    let atlas = Atlas::bundled().unwrap();
    let tour = Tour::bundled().unwrap();
    assert_eq!(
        tour.check(&atlas, BUNDLED_PATH, crate::util::today()),
        vec![]
    );
    let days: Vec<Day> = tour.stops.iter().map(|s| s.date).collect();
    let mut sorted = days.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(days, sorted, "stops in date order, one per day");
    // Each stop is on the day of a sourced event of the atlas.
    for d in &days {
        assert!(
            atlas.events.iter().any(|e| e.date == *d),
            "{d} is no event of the atlas"
        );
    }
    for wanted in [
        "1954-03-31",
        "1954-04-01",
        "1954-04-07",
        "1955-05-06",
        "1955-05-14",
        "1968-08-20",
        "1968-09-13",
        "1982-05-30",
        "1990-10-03",
        "1991-12-26",
    ] {
        assert!(days.contains(&wanted.parse().unwrap()), "{wanted}");
    }
    assert!(days.iter().any(|d| d.to_string().starts_with("1954-05")));
    assert!(days.iter().any(|d| d.to_string().starts_with("1956-")));
    // Every stop says something and shows something.
    for s in &tour.stops {
        assert!(!s.caption.is_empty() && !s.highlight.is_empty() && s.view.is_some());
    }
    // The file on disk is the one compiled in.
    let on_disk = Tour::load(Path::new(&bundled_tour_path())).unwrap();
    assert_eq!(on_disk, tour);
}

#[test]
fn render_draws_a_stop_with_its_date_view_and_outlines() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("hungary.png");
    let tour = bundled_tour_path();
    let run = bloc_atlas(&[
        "render",
        "--tour",
        &tour,
        "--stop",
        "7",
        "--size",
        "800x450",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("1956-11-01"), "{}", run.stdout);
    let image = image::open(&out).unwrap().to_rgba8();
    assert_eq!(image.dimensions(), (800, 450));

    // Where the stop's view puts Budapest and Berlin in the picture.
    let stop = Tour::bundled().unwrap().stops[6].clone();
    let projection = Projection::epsg3035().unwrap();
    let renderer = Renderer::bundled(Detail::Low).unwrap();
    let frame = Frame {
        date: stop.date,
        area: bloc_atlas::scene::framing::stop_area(&projection, stop.view.unwrap()),
        width: 800,
        height: 450,
        highlighted: vec![],
        layer: Default::default(),
    };
    let (x, y) = renderer.pixel(&frame, 19.04, 47.50).unwrap();
    let p = image.get_pixel(x as u32, y as u32);
    let warsaw = bloc_atlas::scene::palette::bloc_fill(bloc_atlas::model::Bloc::Warsaw);
    assert!(
        (i32::from(p[0]) - i32::from(warsaw.r())).abs() < 40
            && (i32::from(p[2]) - i32::from(warsaw.b())).abs() < 40,
        "Budapest on 1956-11-01: {p:?}"
    );
    let (bx, by) = renderer.pixel(&frame, 13.40, 52.52).unwrap();
    assert!(bx < 0.0 || by < 0.0, "Berlin is outside a view of Hungary");
    // Hungary is outlined in the window's wine red.
    let wine = bloc_atlas::scene::palette::HIGHLIGHT;
    let outlined = image
        .pixels()
        .filter(|p| p[0] == wine.r() && p[1] == wine.g() && p[2] == wine.b())
        .count();
    assert!(outlined > 200, "{outlined} outline pixels");
}

#[test]
fn broken_tours_and_missing_stops_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("broken.toml");
    std::fs::write(&broken, "format = 1\n\n[[stop]]\ndate = 1955\n").unwrap();
    let out = dir.path().join("x.png");
    let out = out.to_str().unwrap();
    let run = bloc_atlas(&[
        "render",
        "--tour",
        broken.to_str().unwrap(),
        "--stop",
        "1",
        "--out",
        out,
    ]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("broken.toml:4:8: "),
        "names file, line and column: {}",
        run.stderr
    );

    let tour = bundled_tour_path();
    let run = bloc_atlas(&["render", "--tour", &tour, "--stop", "99", "--out", out]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("there is no stop 99; the tour has 14"),
        "{}",
        run.stderr
    );

    // The window refuses a broken tour before opening.
    let run = bloc_atlas(&["--fresh", "--tour", broken.to_str().unwrap()]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("broken.toml:4:8: "), "{}", run.stderr);

    let newer = dir.path().join("newer.toml");
    std::fs::write(&newer, "format = 3\ntitle = \"from the future\"\n").unwrap();
    let run = bloc_atlas(&["tour", newer.to_str().unwrap()]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("newer Bloc Atlas"), "{}", run.stderr);

    let unknown = dir.path().join("unknown.toml");
    std::fs::write(
        &unknown,
        "format = 1\n[[stop]]\ndate = \"1960-01-01\"\nhighlight = [\"ATL\"]\nexcerpt = \"nope\"\n",
    )
    .unwrap();
    let run = bloc_atlas(&["tour", unknown.to_str().unwrap()]);
    assert_eq!(run.code, 1);
    assert!(run.stdout.contains("stop 1: no unit has the id \"ATL\""));
    assert!(
        run.stdout
            .contains("stop 1: no excerpt has the id \"nope\"")
    );

    let run = bloc_atlas(&["tour", &tour]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("14 stop(s)"));
    assert!(
        run.stdout
            .contains("  6. 1955-05-14  The Warsaw Pact is signed")
    );
}

/// A save killed (SIGKILL) at a random moment leaves the old file or the new one, whole; the
/// temporary file a killed save leaves is gone after the next save of that file.
#[test]
fn a_save_killed_at_any_moment_leaves_the_old_or_the_new_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("europe.png");
    let args = [
        "render",
        "--date",
        "1960-01-01",
        "--size",
        "3840x2160",
        "--best",
        "--out",
        file.to_str().unwrap(),
    ];
    let old = b"an older file the user had here".to_vec();

    // How long a whole save takes, to kill anywhere within it.
    let started = Instant::now();
    let run = bloc_atlas(&args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let whole = started.elapsed();
    let new = std::fs::read(&file).unwrap();

    let mut seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64
        | 1;
    let (mut olds, mut news) = (0, 0);
    for _ in 0..30 {
        std::fs::write(&file, &old).unwrap();
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let wait = whole.mul_f64((seed % 1000) as f64 / 1000.0 * 1.1);
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_bloc-atlas"))
            .args(args)
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(wait);
        let _ = child.kill();
        let _ = child.wait();
        let now = std::fs::read(&file).unwrap();
        if now == old {
            olds += 1;
        } else if now == new {
            news += 1;
        } else {
            panic!(
                "after a kill {wait:?} in, the file is neither old nor new ({} bytes)",
                now.len()
            );
        }
    }
    eprintln!("killed saves: {olds} left the old file, {news} the new one (whole run {whole:?})");

    // A save killed part way leaves its temporary file (made here by hand, as a killed
    // process would have left it); the next save of the file removes it.
    let stale = dir.path().join(".europe.png.bloc-atlas-999999999-0.part");
    std::fs::write(&stale, b"half").unwrap();
    let run = bloc_atlas(&args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let left: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".part"))
        .collect();
    assert!(left.is_empty(), "temporary files left behind: {left:?}");
}

#[test]
fn europe_divided_tours_the_whole_cold_war_with_an_excerpt_at_every_stop() {
    let atlas = Atlas::bundled().unwrap();
    let tour = Tour::bundled_number(1).unwrap();
    let path = bloc_atlas::tour::BUNDLED_TOURS[1].0;
    assert_eq!(tour.check(&atlas, path, crate::util::today()), vec![]);
    assert!(tour.stops.len() >= 18, "{} stops", tour.stops.len());
    for stop in &tour.stops {
        let id = stop.excerpt.as_deref().unwrap_or_else(|| {
            panic!("the stop of {} has an excerpt", stop.date);
        });
        let excerpt = atlas.excerpts.iter().find(|e| e.id == id).unwrap();
        assert!(
            excerpt.belongs_to(stop.date),
            "{id} belongs to the day of its stop {}",
            stop.date
        );
    }
    // The turning points the tour is for: the Blockade, 1953, 1956, the Wall, 1968, 1975,
    // 1981, 1989 and 1991.
    for year in [1948, 1953, 1956, 1961, 1968, 1975, 1981, 1989, 1991] {
        assert!(
            tour.stops.iter().any(|s| s.date.year() == year),
            "a stop in {year}"
        );
    }
}
