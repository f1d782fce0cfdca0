//! The bundled atlas as data: its integrity on every day on which anything changes, and the
//! model's answers on the exact days of the judgement calls.

use std::collections::HashMap;

use bloc_atlas::geometry::Pieces;
use bloc_atlas::model::{Atlas, AtlasDir, Bloc, Day, Excerpt, Status};

fn d(s: &str) -> Day {
    s.parse().unwrap()
}

#[test]
fn every_change_day_has_disjoint_units_with_geometry() {
    let atlas = Atlas::bundled().unwrap();
    let (pieces, problems) = Pieces::load(&AtlasDir::Bundled, &atlas.geometry_paths.high);
    assert!(problems.is_empty(), "{problems:?}");
    let days = atlas.change_days();
    assert!(days.len() > 40, "{}", days.len());
    for day in days {
        let mut owner: HashMap<&str, &str> = HashMap::new();
        for unit in atlas.units_on(day) {
            let mine = atlas.pieces_of(&unit.id, day);
            assert!(!mine.is_empty(), "{} has no territory on {day}", unit.id);
            for p in mine {
                assert!(
                    pieces.get(p).is_some(),
                    "{p} of {} has no geometry",
                    unit.id
                );
                if let Some(other) = owner.insert(p, &unit.id) {
                    panic!("{p} belongs to {other} and {} on {day}", unit.id);
                }
            }
        }
    }
}

#[test]
fn the_full_check_finds_nothing() {
    let report = bloc_atlas::check::check(&AtlasDir::Bundled);
    let shown: Vec<String> = report.problems.iter().map(ToString::to_string).collect();
    assert!(shown.is_empty(), "{}", shown.join("\n"));
    assert!(report.pieces > 200);
}

#[test]
fn names_follow_the_date() {
    let atlas = Atlas::bundled().unwrap();
    let deu = atlas.unit("DEU").unwrap();
    assert_eq!(deu.name_on(d("1990-10-02")), "West Germany");
    assert_eq!(deu.name_on(d("1990-10-03")), "Germany");
    assert!(!deu.exists_on(d("1949-05-22")) && deu.exists_on(d("1949-05-23")));
    let csk = atlas.unit("CSK").unwrap();
    assert!(csk.exists_on(d("1992-12-31")) && !csk.exists_on(d("1993-01-01")));
    let sun = atlas.unit("SUN").unwrap();
    assert!(sun.exists_on(d("1991-12-25")) && !sun.exists_on(d("1991-12-26")));
}

#[test]
fn standing_on_the_edges_of_partial_statuses() {
    let atlas = Atlas::bundled().unwrap();
    let at = |u: &str, s: &str| {
        let st = atlas.standing(u, d(s));
        (st.bloc, st.status)
    };
    assert_eq!(at("FRA", "1966-03-09"), (Bloc::Nato, Status::Full));
    assert_eq!(at("FRA", "1966-03-10"), (Bloc::Nato, Status::Partial));
    assert_eq!(at("FRA", "2009-04-03"), (Bloc::Nato, Status::Partial));
    assert_eq!(at("FRA", "2009-04-04"), (Bloc::Nato, Status::Full));
    assert_eq!(at("GRC", "1974-08-14"), (Bloc::Nato, Status::Partial));
    assert_eq!(at("GRC", "1980-10-20"), (Bloc::Nato, Status::Full));
    assert_eq!(at("DDR", "1955-05-14"), (Bloc::Warsaw, Status::Partial));
    assert_eq!(at("DDR", "1957-01-01"), (Bloc::Warsaw, Status::Full));
    assert_eq!(at("DDR", "1990-09-24"), (Bloc::None, Status::Full));
    assert_eq!(at("HUN", "1956-11-02"), (Bloc::Warsaw, Status::Full));
    assert_eq!(at("YUG", "1960-01-01").0, Bloc::Nonaligned);
    assert_eq!(at("AUT", "1955-10-26").0, Bloc::Neutral);
    assert_eq!(at("AUT", "1955-10-25").0, Bloc::None);
    assert_eq!(at("SWE", "2024-03-06").0, Bloc::Neutral);
    assert_eq!(at("SWE", "2024-03-07").0, Bloc::Nato);
    assert_eq!(at("XWB", "1970-01-01").0, Bloc::None);
}

#[test]
fn disputed_dates_record_their_alternatives() {
    let atlas = Atlas::bundled().unwrap();
    let frg = atlas
        .memberships_of("DEU")
        .find(|m| m.bloc == Bloc::Nato)
        .unwrap();
    assert_eq!(frg.interval.from, Some(d("1955-05-06")));
    let alternatives: Vec<String> = frg
        .dating
        .alternatives
        .iter()
        .map(|a| a.date.to_string())
        .collect();
    assert!(
        alternatives.contains(&"1955-05-05".to_string()),
        "{alternatives:?}"
    );
    assert!(
        alternatives.contains(&"1955-05-09".to_string()),
        "{alternatives:?}"
    );
    assert!(frg.dating.why.is_some());
}

#[test]
fn seed_excerpts_are_verbatim_cited_and_short() {
    let atlas = Atlas::bundled().unwrap();
    // The article itself is not in the repository (its publisher allows extracts only): it
    // sits in the workspace's shared folder beside the checkout, as in CI.
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/seed/soviet-note-1954.txt"
    );
    let Ok(seed) = std::fs::read_to_string(path) else {
        eprintln!("skipped: the seed article is not at {path}");
        return;
    };
    let seed_source = atlas.source("euromaidan-2017").unwrap();
    assert_eq!(
        seed_source.url.as_deref(),
        Some(
            "https://euromaidanpress.com/2017/03/31/why-did-soviet-union-fail-to-join-nato-in-1954/"
        )
    );
    let from_seed: Vec<&Excerpt> = atlas
        .excerpts
        .iter()
        .filter(|x| x.source == "euromaidan-2017")
        .collect();
    assert!(from_seed.len() >= 12, "{}", from_seed.len());
    let comments_start = seed.find("Dear readers!").unwrap();
    for x in from_seed {
        assert!(x.text.chars().count() <= Excerpt::MAX_CHARS, "{}", x.id);
        let at = seed
            .find(x.text.as_str())
            .unwrap_or_else(|| panic!("{} is not verbatim", x.id));
        assert!(
            at < comments_start,
            "{} quotes the appeal or the comments",
            x.id
        );
        assert!(!x.units.is_empty(), "{} concerns no unit", x.id);
    }
    let bundestag = atlas
        .excerpts
        .iter()
        .find(|x| x.text.contains("Bundestag ratified"))
        .unwrap();
    let note = bundestag.editorial.as_deref().unwrap();
    assert!(note.contains("27 Feb") && note.contains("6 May"), "{note}");
}

/// The packed overview map that `render` starts from is what the GeoJSON gives today
/// (`UPDATE_PACKED=1 cargo test packed` rewrites it after a map change).
#[test]
fn the_packed_overview_map_matches_the_geojson() {
    use bloc_atlas::geometry::mesh::MapGeometry;
    use bloc_atlas::geometry::packed::{pack, unpack};
    use bloc_atlas::geometry::projection::Projection;
    use bloc_atlas::geometry::{Detail, Pieces};
    use bloc_atlas::model::{Atlas, AtlasDir};

    let atlas = Atlas::bundled().unwrap();
    let (pieces, problems) = Pieces::load(&AtlasDir::Bundled, &atlas.geometry_paths.low);
    assert!(problems.is_empty());
    let built = MapGeometry::build_outlines(&pieces, Detail::Low, &Projection::epsg3035().unwrap());
    let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("maps/pieces-low.packed");
    if std::env::var_os("UPDATE_PACKED").is_some() {
        std::fs::write(&file, pack(&built)).unwrap();
    }
    let shipped = unpack(&std::fs::read(&file).unwrap()).expect("maps/pieces-low.packed reads");
    // Exact apart from the last bits of projected coordinates (another libm may round them
    // differently).
    assert_eq!(shipped.vertices.len(), built.vertices.len());
    for (a, b) in shipped.vertices.iter().zip(&built.vertices) {
        assert!(
            (a[0] - b[0]).abs() < 0.5 && (a[1] - b[1]).abs() < 0.5,
            "{a:?} {b:?}"
        );
    }
    assert_eq!(shipped.pieces.len(), built.pieces.len());
    for (a, b) in shipped.pieces.iter().zip(&built.pieces) {
        assert_eq!((&a.id, &a.vertices), (&b.id, &b.vertices));
        assert_eq!(a.parts.len(), b.parts.len());
    }
    // The same borders on a day.
    let owners: Vec<Option<u32>> = (0..built.pieces.len()).map(|i| Some(i as u32)).collect();
    let (x, y) = (
        shipped.borders(&owners, |_| false),
        built.borders(&owners, |_| false),
    );
    assert_eq!(x.points, y.points);
    // A packed map that is damaged is refused, not misread.
    let bytes = pack(&built);
    assert!(unpack(&bytes[..bytes.len() - 1]).is_none());
    assert!(unpack(b"BLOCGEO1").is_none());
    assert!(unpack(&[]).is_none());
}
