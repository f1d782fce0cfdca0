//! The bodies of the fuzz targets (`fuzz/`, run with `cargo fuzz`), kept in the library so that
//! the test suite replays the fuzz corpus through exactly the same code. Each takes arbitrary
//! bytes and must return without panicking; where a round trip is promised, it checks it.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::geometry::mesh::MapGeometry;
use crate::geometry::projection::Projection;
use crate::geometry::{Detail, Pieces};
use crate::model::{AtlasDir, Day, load};
use crate::tour::Tour;

/// The tables of the small test atlas, which the fuzzed file replaces one of.
const MINI: &[(&str, &str)] = &[
    (
        "atlas.toml",
        include_str!("../tests/fixtures/mini/atlas.toml"),
    ),
    (
        "sources.toml",
        include_str!("../tests/fixtures/mini/sources.toml"),
    ),
    (
        "units.toml",
        include_str!("../tests/fixtures/mini/units.toml"),
    ),
    (
        "territories.toml",
        include_str!("../tests/fixtures/mini/territories.toml"),
    ),
    (
        "memberships.toml",
        include_str!("../tests/fixtures/mini/memberships.toml"),
    ),
    (
        "events.toml",
        include_str!("../tests/fixtures/mini/events.toml"),
    ),
    (
        "excerpts.toml",
        include_str!("../tests/fixtures/mini/excerpts.toml"),
    ),
    (
        "context.toml",
        include_str!("../tests/fixtures/mini/context.toml"),
    ),
    (
        "pieces-low.geojson",
        include_str!("../tests/fixtures/mini/pieces-low.geojson"),
    ),
    (
        "pieces-high.geojson",
        include_str!("../tests/fixtures/mini/pieces-high.geojson"),
    ),
];

/// The atlas loader on the mini atlas with one table replaced by the input: the first byte
/// chooses the table, the rest is its content. Then every day on which something changes is
/// asked for every unit's standing, as the window and `status` would.
pub fn atlas_tables(data: &[u8]) {
    let Some((&which, content)) = data.split_first() else {
        return;
    };
    let tables = &MINI[..8];
    let (name, _) = tables[usize::from(which) % tables.len()];
    let mut files: BTreeMap<String, Vec<u8>> = MINI
        .iter()
        .map(|(n, t)| ((*n).to_string(), t.as_bytes().to_vec()))
        .collect();
    files.insert(name.to_string(), content.to_vec());
    let dir = AtlasDir::Memory(Arc::new(files));
    let loaded = load(&dir);
    for p in &loaded.problems {
        assert!(
            p.file.starts_with("memory/"),
            "a problem names its file: {p}"
        );
    }
    let atlas = loaded.atlas;
    let mut days = atlas.change_days();
    days.truncate(200);
    for day in days {
        for u in &atlas.units {
            let _ = atlas.standing(&u.id, day);
            let _ = u.name_on(day);
        }
        let _ = atlas.bloc_counts(day);
    }
}

/// The GeoJSON reader, then projection, triangulation and shared borders, as the window does.
pub fn geojson(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let mut files = BTreeMap::new();
    files.insert("pieces.geojson".to_string(), text.as_bytes().to_vec());
    let dir = AtlasDir::Memory(Arc::new(files));
    let (pieces, _problems) = Pieces::load(&dir, "pieces.geojson");
    let Ok(projection) = Projection::epsg3035() else {
        return;
    };
    let geometry = MapGeometry::build(&pieces, Detail::Low, &projection);
    let owners: Vec<Option<u32>> = (0..geometry.pieces.len())
        .map(|i| Some(i as u32 % 3))
        .collect();
    let _ = geometry.borders(&owners, |u| u == 2);
    for p in 0..geometry.pieces.len() {
        let _ = geometry.label_anchors(&[p]);
    }
    let _ = pieces.at([10.0, 50.0]);
}

/// The tour reader; a tour that reads must survive writing and reading back unchanged.
pub fn tour(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    if let Ok(tour) = Tour::parse(&text, "fuzz.toml") {
        let again = Tour::parse(&tour.to_toml(), "again.toml");
        assert_eq!(
            again.as_ref(),
            Ok(&tour),
            "a tour changed on its way through a file"
        );
    }
}

/// The date and step parsers; a day that parses must print as it was written.
pub fn dates(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    if let Ok(day) = text.parse::<Day>() {
        assert_eq!(day.to_string(), text, "a day prints as it was written");
        let _ = day.add_years(1000);
        let _ = day.add_months(-12_000);
    }
    let _ = text.parse::<crate::export::Step>();
}
