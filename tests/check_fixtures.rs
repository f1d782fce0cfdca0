//! Broken atlases that `check` must report precisely: the file, the place, and what is wrong.

use bloc_atlas::check::check;
use bloc_atlas::model::AtlasDir;

use crate::util::{bloc_atlas, mini, mini_with};

/// The problems `check` reports for a folder, with the folder's path removed.
fn problems(dir: &std::path::Path) -> Vec<String> {
    let prefix = format!("{}/", dir.display());
    check(&AtlasDir::Folder(dir.to_path_buf()))
        .problems
        .iter()
        .map(|p| p.to_string().replace(&prefix, ""))
        .collect()
}

fn replace(from: &'static str, to: &'static str) -> impl Fn(String) -> String {
    move |s: String| {
        assert!(s.contains(from), "fixture lacks {from:?}");
        s.replacen(from, to, 1)
    }
}

fn append(extra: &'static str) -> impl Fn(String) -> String {
    move |s: String| s + extra
}

#[test]
fn the_mini_fixture_is_clean() {
    assert_eq!(problems(&mini()), Vec::<String>::new());
    let run = bloc_atlas(&["check", mini().to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
}

#[test]
fn toml_syntax_error_names_line_and_column() {
    let dir = mini_with(&[("units.toml", &replace("name = \"Bland\"", "name = Bland\""))]);
    assert_eq!(
        problems(dir.path()),
        ["units.toml:8:8: missing opening quote, expected `\"`"],
        "one syntax error, without the unknown-unit problems it causes elsewhere"
    );
}

#[test]
fn unknown_unit_in_a_membership() {
    let dir = mini_with(&[(
        "memberships.toml",
        &replace("unit = \"AAA\"", "unit = \"ZZZ\""),
    )]);
    assert_eq!(
        problems(dir.path()),
        ["memberships.toml:1:1: membership of ZZZ: unknown unit 'ZZZ'"]
    );
}

#[test]
fn reversed_interval() {
    let dir = mini_with(&[(
        "memberships.toml",
        &replace("from = \"1955-05-14\"", "from = \"1961-05-14\""),
    )]);
    assert_eq!(
        problems(dir.path()),
        [
            "memberships.toml:7:1: membership of BBB: the interval 1961-05-14 – 1960-01-01 is \
          reversed or empty (intervals are [from, to): 'to' is the first day on which it no \
          longer holds)"
        ]
    );
}

#[test]
fn overlapping_memberships_of_one_unit() {
    let dir = mini_with(&[(
        "memberships.toml",
        &append(
            "\n[[membership]]\nunit = \"AAA\"\nbloc = \"neutral\"\nfrom = \"1945-05-08\"\nto = \"1950-01-01\"\nsources = [\"src-a\"]\n",
        ),
    )]);
    assert_eq!(
        problems(dir.path()),
        [
            "memberships.toml:16:1: membership of AAA: 1945-05-08 – 1950-01-01 overlaps the \
          earlier row 1949-04-04 – … (nato)"
        ]
    );
}

#[test]
fn a_piece_in_two_units_on_the_same_day() {
    let dir = mini_with(&[(
        "territories.toml",
        &replace("pieces = [\"A\"]", "pieces = [\"A\", \"B\"]"),
    )]);
    assert_eq!(
        problems(dir.path()),
        [
            "territories.toml:6:1: territory of BBB: piece 'B' already belongs to AAA over … – … \
             by an earlier row (line 1): units valid on the same day overlap",
            "territories.toml:12:1: territory of CCC: piece 'B' already belongs to AAA over … – … \
             by an earlier row (line 1): units valid on the same day overlap",
            "units.toml:6:1: unit BBB exists on 1945-05-08 but covers no piece of the map",
            "units.toml:13:1: unit CCC exists on 1960-01-01 but covers no piece of the map",
        ]
    );
}

#[test]
fn excerpt_over_500_characters() {
    let long: &'static str = Box::leak(format!("text = \"{}\"", "é".repeat(501)).into_boxed_str());
    let dir = mini_with(&[(
        "excerpts.toml",
        &replace("text = \"A short quotation.\"", long),
    )]);
    assert_eq!(
        problems(dir.path()),
        [
            "excerpts.toml:1:1: excerpt quote: the quotation has 501 characters; at most 500 are allowed"
        ]
    );
}

#[test]
fn membership_without_a_source_and_unknown_sources() {
    let dir = mini_with(&[
        (
            "memberships.toml",
            &replace("sources = [\"src-a\"]", "sources = []"),
        ),
        (
            "events.toml",
            &replace("sources = [\"src-b\"]", "sources = [\"nope\"]"),
        ),
    ]);
    assert_eq!(
        problems(dir.path()),
        [
            "events.toml:1:1: event split: unknown source 'nope'",
            "memberships.toml:1:1: membership of AAA: cites no source ('sources' is empty)",
        ]
    );
}

#[test]
fn impossible_date_and_unknown_field() {
    let dir = mini_with(&[
        (
            "units.toml",
            &replace("to = \"1960-01-01\"", "to = \"1960-02-30\""),
        ),
        ("events.toml", &replace("title =", "titel =")),
    ]);
    let p = problems(dir.path());
    assert!(p.contains(&"units.toml:6:1: unit BBB: 'to': '1960-02-30' is not a real day: parameter 'day' for `1960-02` is invalid, must be in range `1..=29`".to_string())
        || p.iter().any(|s| s.starts_with("units.toml:6:1: unit BBB: 'to': '1960-02-30' is not a real day")), "{p:?}");
    assert!(
        p.iter()
            .any(|s| s.starts_with("events.toml:1:1: event split: unknown field 'titel'")),
        "{p:?}"
    );
}

#[test]
fn a_unit_that_exists_without_territory() {
    let dir = mini_with(&[(
        "territories.toml",
        &replace("from = \"1960-01-01\"", "from = \"1961-01-01\""),
    )]);
    let p = problems(dir.path());
    assert_eq!(
        p,
        [
            "territories.toml:6:1: piece 'B' belongs to no unit on 1960-01-01 (a gap between territory rows)",
            "units.toml:13:1: unit CCC exists on 1960-01-01 but covers no piece of the map",
        ]
    );
}

#[test]
fn membership_outside_the_units_existence_and_duplicate_ids() {
    let dir = mini_with(&[
        (
            "memberships.toml",
            &replace("to = \"1960-01-01\"", "to = \"1961-01-01\""),
        ),
        (
            "units.toml",
            &append("\n[[unit]]\nid = \"AAA\"\nname = \"Again\"\nsources = [\"src-a\"]\n"),
        ),
    ]);
    assert_eq!(
        problems(dir.path()),
        [
            "memberships.toml:7:1: membership of BBB: 1955-05-14 – 1961-01-01 lies outside the unit's existence … – 1960-01-01",
            "units.toml:19:1: unit AAA: duplicate id",
        ]
    );
}

#[test]
fn missing_file_and_non_utf8_file() {
    let dir = mini_with(&[]);
    std::fs::remove_file(dir.path().join("excerpts.toml")).unwrap();
    std::fs::write(
        dir.path().join("events.toml"),
        b"[[event]]\nid = \"x\xff\"\n",
    )
    .unwrap();
    assert_eq!(
        problems(dir.path()),
        [
            "events.toml:2:8: not UTF-8 text",
            "excerpts.toml: file not found"
        ]
    );
}

#[test]
fn invalid_and_overlapping_geometry() {
    let bowtie = r#"[[[0,0],[1,1],[1,0],[0,1],[0,0]]]"#;
    let tall = r#"[[[1,0],[2,0],[2,1.5],[1,1.5],[1,0]]]"#;
    let edit = move |s: String| {
        s.replacen("[[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]", bowtie, 1)
            .replacen("[[[1, 0], [2, 0], [2, 1], [1, 1], [1, 0]]]", tall, 1)
    };
    let dir = mini_with(&[("pieces-high.geojson", &edit)]);
    let p = problems(dir.path());
    assert!(
        p.contains(&"pieces-high.geojson: feature 0 (A): invalid geometry: the exterior ring crosses itself at about (0.50000, 0.50000)".to_string()),
        "{p:?}"
    );
    let overlap = p
        .iter()
        .find(|s| s.starts_with("pieces-high.geojson: feature 1 (B): overlaps piece C"))
        .unwrap_or_else(|| panic!("{p:?}"));
    assert!(
        overlap.contains("units valid on the same day overlap"),
        "{overlap}"
    );
}

#[test]
fn bad_features_missing_pieces_and_levels_that_differ() {
    let edit = |s: String| {
        s.replacen("\"piece\": \"C\"", "\"piece\": \"D\"", 1)
            .replacen("\"type\": \"Polygon\"", "\"type\": \"LineString\"", 1)
    };
    let dir = mini_with(&[("pieces-low.geojson", &edit)]);
    assert_eq!(
        problems(dir.path()),
        [
            // A is refused by the overview file: its absence there is not reported again.
            "pieces-high.geojson: feature 2 (C): this piece is missing from pieces-low.geojson",
            "pieces-low.geojson: feature 0 (A): geometry type 'LineString': only Polygon and MultiPolygon describe territory",
            "pieces-low.geojson: feature 2 (D): this piece is missing from pieces-high.geojson",
        ]
    );
}

#[test]
fn check_exits_1_with_problems_and_2_for_a_missing_folder() {
    let dir = mini_with(&[(
        "memberships.toml",
        &replace("bloc = \"nato\"", "bloc = \"seato\""),
    )]);
    let run = bloc_atlas(&["check", dir.path().to_str().unwrap()]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout
            .contains("memberships.toml:1:1: membership of AAA: unknown bloc 'seato'"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.ends_with(
            "1 problem(s); checked 4 units, 3 pieces, 3 days on which something changes\n"
        ),
        "{}",
        run.stdout
    );
    let run = bloc_atlas(&["check", "/no/such/atlas"]);
    assert_eq!(
        (run.code, run.stderr.as_str()),
        (2, "error: no such folder: /no/such/atlas\n")
    );
}
