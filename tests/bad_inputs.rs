//! The corpus of bad inputs in `tests/bad-inputs/`: broken atlas folders, tour files and command
//! lines. Each gives exactly the problems written next to it, every problem names its file and
//! place, and nothing panics — not `check`, not the window's loader, not the command line.
//!
//! After an intended change of wording, `UPDATE_EXPECTED=1 cargo test bad_inputs` rewrites the
//! `expected.txt` files; read the diff before committing it.

use std::path::{Path, PathBuf};

use bloc_atlas::check::check;
use bloc_atlas::geometry::projection::Projection;
use bloc_atlas::model::{Atlas, AtlasDir};
use bloc_atlas::tour::Tour;

use crate::util::{bloc_atlas, mini};

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad-inputs")
}

fn updating() -> bool {
    std::env::var_os("UPDATE_EXPECTED").is_some()
}

/// Compares `actual` with the expected file (or writes it when updating); returns a mismatch.
fn compare(expected_file: &Path, actual: &str) -> Option<String> {
    if updating() {
        std::fs::write(expected_file, actual).unwrap();
        return None;
    }
    let expected = std::fs::read_to_string(expected_file).unwrap_or_default();
    (expected != actual).then(|| {
        format!(
            "{}:\n--- expected\n{expected}--- actual\n{actual}",
            expected_file.display()
        )
    })
}

/// A copy of the mini atlas with a case's files laid over it (`NAME.delete` removes NAME).
fn atlas_case(case: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(mini()).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), dir.path().join(entry.file_name())).unwrap();
    }
    for entry in std::fs::read_dir(case).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        if name == "expected.txt" {
            continue;
        }
        if let Some(target) = name.strip_suffix(".delete") {
            std::fs::remove_file(dir.path().join(target)).unwrap();
        } else {
            std::fs::copy(entry.path(), dir.path().join(&name)).unwrap();
        }
    }
    dir
}

const ATLAS_FILES: [&str; 13] = [
    "organisations.toml",
    "members.toml",
    "lines.geojson",
    "atlas.toml",
    "sources.toml",
    "units.toml",
    "territories.toml",
    "memberships.toml",
    "events.toml",
    "excerpts.toml",
    "context.toml",
    "pieces-low.geojson",
    "pieces-high.geojson",
];

#[test]
fn broken_atlases_report_each_problem_with_its_file_and_place() {
    let projection = Projection::epsg3035().unwrap();
    let mut cases: Vec<PathBuf> = std::fs::read_dir(corpus().join("atlas"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    cases.sort();
    assert!(cases.len() >= 40, "{} atlas cases", cases.len());
    let mut mismatches = Vec::new();
    for case in &cases {
        let dir = atlas_case(case);
        let prefix = format!("{}/", dir.path().display());
        let folder = AtlasDir::Folder(dir.path().to_path_buf());
        let report = check(&folder);
        let lines: Vec<String> = report
            .problems
            .iter()
            .map(|p| p.to_string().replace(&prefix, ""))
            .collect();
        assert!(
            !lines.is_empty(),
            "{}: a bad input must give a problem",
            case.display()
        );
        for line in &lines {
            assert!(
                ATLAS_FILES
                    .iter()
                    .any(|f| line.starts_with(&format!("{f}:"))),
                "{}: a problem names its file: {line}",
                case.display()
            );
        }
        // The window's loader takes the same folder without panicking; it keeps what is valid
        // or refuses the folder with problems.
        match bloc_atlas::ui::atlas_panel::open(&folder, &projection) {
            Ok(opened) => assert!(!opened.atlas.units.is_empty()),
            Err(problems) => assert!(!problems.is_empty()),
        }
        let actual: String = lines.iter().map(|l| format!("{l}\n")).collect();
        mismatches.extend(compare(&case.join("expected.txt"), &actual));
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}

#[test]
fn a_100_mb_file_is_refused_before_it_is_read() {
    let dir = atlas_case(&corpus().join("atlas/unit-bad-id"));
    let units = dir.path().join("units.toml");
    let file = std::fs::OpenOptions::new()
        .write(true)
        .open(&units)
        .unwrap();
    // Sparse: 100 MB on paper, nothing written.
    file.set_len(100 * 1024 * 1024).unwrap();
    let prefix = format!("{}/", dir.path().display());
    let problems: Vec<String> = check(&AtlasDir::Folder(dir.path().to_path_buf()))
        .problems
        .iter()
        .map(|p| p.to_string().replace(&prefix, ""))
        .collect();
    assert_eq!(
        problems[0],
        "units.toml: the file is 100 MB; an atlas file may be at most 64 MB"
    );
    let tour = dir.path().join("big-tour.toml");
    std::fs::File::create(&tour)
        .unwrap()
        .set_len(100 * 1024 * 1024)
        .unwrap();
    let e = Tour::load(&tour).unwrap_err().to_string();
    assert!(
        e.ends_with(
            "big-tour.toml: cannot read the tour: the file is 100 MB; a tour may be at most 8 MB"
        ),
        "{e}"
    );
}

#[test]
fn broken_tours_are_named_with_file_and_place() {
    let atlas = Atlas::bundled().unwrap();
    let dir = corpus().join("tours");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    assert!(files.len() >= 15, "{} tour cases", files.len());
    let prefix = format!("{}/", dir.display());
    let mut mismatches = Vec::new();
    for file in &files {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let lines: Vec<String> = match Tour::load(file) {
            Err(p) => vec![p.to_string()],
            Ok(tour) => tour
                .check(&atlas, &file.display().to_string(), crate::util::today())
                .iter()
                .map(ToString::to_string)
                .collect(),
        };
        let lines: Vec<String> = lines.iter().map(|l| l.replace(&prefix, "")).collect();
        assert!(!lines.is_empty(), "{name}: a bad tour must give a problem");
        for l in &lines {
            assert!(l.starts_with(&format!("{name}:")), "names its file: {l}");
        }
        let actual: String = lines.iter().map(|l| format!("{l}\n")).collect();
        mismatches.extend(compare(&file.with_extension("expected"), &actual));
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}

#[test]
fn bad_command_lines_exit_2_with_one_clear_line() {
    let text = std::fs::read_to_string(corpus().join("cli.tsv")).unwrap();
    let cases: Vec<(&str, &str)> = text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.split_once('\t').unwrap())
        .collect();
    assert!(cases.len() >= 15);
    for (args, wanted) in cases {
        let args: Vec<&str> = args.split(' ').collect();
        let run = bloc_atlas(&args);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert!(
            run.stderr.contains(wanted),
            "{args:?} should say {wanted:?}: {}",
            run.stderr
        );
        assert!(
            !run.stderr.contains("panicked"),
            "{args:?} panicked: {}",
            run.stderr
        );
    }
}

/// A GeoJSON file of a million empty features: `{}` each.
fn million_empty_features(_: String) -> String {
    let mut s = String::from("{\"type\":\"FeatureCollection\",\"features\":[");
    s.push_str(&"{},".repeat(999_999));
    s.push_str("{}]}");
    s
}

#[test]
fn a_million_bad_features_give_the_first_problems_and_a_count_of_the_rest() {
    let dir = crate::util::mini_with(&[("pieces-low.geojson", &million_empty_features)]);
    let report = check(&AtlasDir::Folder(dir.path().to_path_buf()));
    let low: Vec<String> = report
        .problems
        .iter()
        .map(ToString::to_string)
        .filter(|p| p.contains("pieces-low.geojson"))
        .collect();
    assert_eq!(
        low.len(),
        bloc_atlas::model::MAX_PROBLEMS_PER_FILE + 1,
        "{:?}",
        &low[..3]
    );
    let last = low.last().unwrap();
    assert!(last.starts_with("… and 999,800 more in "), "{last}");
    assert!(last.ends_with("pieces-low.geojson"), "{last}");
    assert!(
        low[0].ends_with("pieces-low.geojson:1:42: feature 0: missing field `type`"),
        "{}",
        low[0]
    );
    assert!(bloc_atlas::model::problem_count(&report.problems) >= 1_000_000);

    // The window lists as many, and says how many there are.
    let launch = bloc_atlas::ui::Launch {
        atlas: Some(dir.path().to_path_buf()),
        fresh: true,
        ..crate::util::launch()
    };
    let app =
        bloc_atlas::ui::AtlasApp::bundled(bloc_atlas::ui::Settings::default(), launch).unwrap();
    let problems = app.problems();
    assert!(problems.len() <= 2 * bloc_atlas::model::MAX_PROBLEMS_PER_FILE + 2);
    assert!(
        problems
            .iter()
            .any(|p| p.starts_with("… and 999,800 more in "))
    );
}

#[test]
fn a_huge_id_or_caption_is_shortened_where_it_is_shown() {
    let huge = "X".repeat(10_000_000);
    let dir = crate::util::mini_with(&[("units.toml", &|s: String| {
        s.replace(
            "id = \"CCC\"",
            &format!("id = \"{}\"", "X".repeat(10_000_000)),
        )
    })]);
    let report = check(&AtlasDir::Folder(dir.path().to_path_buf()));
    for p in &report.problems {
        assert!(
            p.message.chars().count() <= bloc_atlas::model::MAX_MESSAGE_CHARS,
            "{}",
            p.message.len()
        );
    }
    assert!(
        report
            .problems
            .iter()
            .any(|p| p.message.contains("… (10000000 characters)"))
    );

    // A tour with a 7 MB caption: listed by `tour` in a line of readable length.
    let tour = dir.path().join("tour.toml");
    std::fs::write(
        &tour,
        format!(
            "format = 1\n[[stop]]\ndate = \"1960-01-01\"\ncaption = \"{}\"\n",
            &huge[..7_000_000]
        ),
    )
    .unwrap();
    let run = bloc_atlas(&["tour", tour.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.len() < 2_000, "{} bytes", run.stdout.len());
}

#[test]
fn control_characters_in_user_data_never_reach_the_terminal() {
    let dir = crate::util::mini_with(&[("units.toml", &|s: String| {
        s.replace("name = \"Aland\"", "name = \"Al\\u001b[2Jand\"")
    })]);
    let run = bloc_atlas(&[
        "status",
        "--date",
        "1950-01-01",
        "--atlas",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stdout.contains('\u{1b}'), "{:?}", run.stdout);
    assert!(run.stdout.contains("Al\\u{1b}[2Jand"), "{}", run.stdout);
}
