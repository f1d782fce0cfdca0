//! Benchmarks of the atlas issue's targets (release build):
//! loading the bundled atlas ≤ 40 ms, `query` after load ≤ 20 µs, `bloc-atlas status` as a whole
//! process ≤ 60 ms; the full `check` is reported.

#![allow(clippy::unwrap_used, clippy::panic)] // a benchmark may stop at its first failure

use std::hint::black_box;
use std::process::Command;
use std::time::Duration;

use bloc_atlas::geometry::Pieces;
use bloc_atlas::model::{AtlasDir, Day, load};
use criterion::{Criterion, criterion_group, criterion_main};

fn loading(c: &mut Criterion) {
    let mut g = c.benchmark_group("load");
    g.bench_function("tables", |b| b.iter(|| black_box(load(&AtlasDir::Bundled))));
    g.bench_function("tables+high geometry", |b| {
        b.iter(|| {
            let loaded = load(&AtlasDir::Bundled);
            let pieces = Pieces::load(&AtlasDir::Bundled, &loaded.atlas.geometry_paths.high);
            black_box((loaded, pieces))
        })
    });
    g.bench_function("tables+both geometries", |b| {
        b.iter(|| {
            let loaded = load(&AtlasDir::Bundled);
            let paths = &loaded.atlas.geometry_paths;
            let high = Pieces::load(&AtlasDir::Bundled, &paths.high);
            let low = Pieces::load(&AtlasDir::Bundled, &paths.low);
            black_box((high, low))
        })
    });
    g.finish();
}

/// An atlas in memory with `n` rows in each of units.toml, territories.toml and
/// memberships.toml, and a GeoJSON map of `n` small square pieces.
fn large_atlas(n: usize) -> AtlasDir {
    use std::fmt::Write as _;
    let mut files = std::collections::BTreeMap::new();
    let atlas = "[atlas]\ntitle = \"Large\"\ngeometry_low = \"map.geojson\"\ngeometry_high = \"map.geojson\"\n";
    files.insert("atlas.toml".to_string(), atlas.as_bytes().to_vec());
    files.insert(
        "sources.toml".to_string(),
        b"[[source]]\nid = \"s\"\ntitle = \"S\"\nauthor = \"A\"\nurl = \"https://example.org\"\nkind = \"primary\"\n".to_vec(),
    );
    let (mut units, mut territories, mut memberships) =
        (String::new(), String::new(), String::new());
    let mut map = String::from("{\"type\":\"FeatureCollection\",\"features\":[");
    for i in 0..n {
        let id = format!("U{i}");
        let _ = write!(
            units,
            "[[unit]]\nid = \"{id}\"\nname = \"Unit {i}\"\nsources = [\"s\"]\n\n"
        );
        let _ = write!(
            territories,
            "[[territory]]\nunit = \"{id}\"\npieces = [\"P{i}\"]\nsources = [\"s\"]\n\n"
        );
        let _ = write!(
            memberships,
            "[[membership]]\nunit = \"{id}\"\nbloc = \"nato\"\nfrom = \"1950-01-01\"\nsources = [\"s\"]\n\n"
        );
        let (x, y) = ((i % 1000) as f64 * 0.01, (i / 1000) as f64 * 0.01);
        let _ = write!(
            map,
            "{}{{\"type\":\"Feature\",\"properties\":{{\"piece\":\"P{i}\"}},\"geometry\":{{\"type\":\"Polygon\",\"coordinates\":[[[{x},{y}],[{},{y}],[{},{}],[{x},{}],[{x},{y}]]]}}}}",
            if i == 0 { "" } else { "," },
            x + 0.01,
            x + 0.01,
            y + 0.01,
            y + 0.01
        );
    }
    map.push_str("]}");
    for empty in ["context.toml", "events.toml", "excerpts.toml"] {
        files.insert(empty.to_string(), Vec::new());
    }
    files.insert("units.toml".to_string(), units.into_bytes());
    files.insert("territories.toml".to_string(), territories.into_bytes());
    files.insert("memberships.toml".to_string(), memberships.into_bytes());
    files.insert("map.geojson".to_string(), map.into_bytes());
    AtlasDir::Memory(std::sync::Arc::new(files))
}

/// Loading grows with the rows, not with their square: 100,000 rows cost about ten times what
/// 10,000 do.
fn scaling(c: &mut Criterion) {
    let mut g = c.benchmark_group("large atlas");
    g.sample_size(10).measurement_time(Duration::from_secs(10));
    for n in [10_000, 100_000] {
        let dir = large_atlas(n);
        let loaded = load(&dir);
        assert!(loaded.problems.is_empty(), "{:?}", &loaded.problems[..3]);
        assert_eq!(loaded.atlas.units.len(), n);
        g.bench_function(format!("tables of {n} rows each"), |b| {
            b.iter(|| black_box(load(&dir)))
        });
        g.bench_function(format!("GeoJSON of {n} features"), |b| {
            b.iter(|| black_box(Pieces::load(&dir, "map.geojson")))
        });
    }
    g.finish();
}

fn querying(c: &mut Criterion) {
    let atlas = load(&AtlasDir::Bundled).atlas;
    let (pieces, _) = Pieces::load(&AtlasDir::Bundled, &atlas.geometry_paths.high);
    let day: Day = "1970-01-01".parse().unwrap();
    // Capitals and border towns across the map, the Russian and Canadian giants included.
    let points = [
        [13.30, 52.50],
        [13.42, 52.52],
        [2.35, 48.86],
        [37.62, 55.75],
        [-75.70, 45.42],
        [16.37, 48.21],
        [6.99, 49.24],
        [30.52, 50.45],
        [-21.94, 64.15],
        [76.95, 43.24],
    ];
    let unit_at = |p: [f64; 2]| {
        pieces
            .at(p)
            .into_iter()
            .find_map(|piece| atlas.owner_of_piece(&piece.id, day))
            .map(|o| o.unit.id.as_str())
    };
    for p in points {
        assert!(unit_at(p).is_some(), "{p:?}"); // also builds the lazy indexes
    }
    let mut i = 0;
    c.bench_function("query/point after load", |b| {
        b.iter(|| {
            i = (i + 1) % points.len();
            black_box(unit_at(black_box(points[i])))
        })
    });
}

fn processes(c: &mut Criterion) {
    let exe = env!("CARGO_BIN_EXE_bloc-atlas");
    let mut g = c.benchmark_group("process");
    g.sample_size(30).measurement_time(Duration::from_secs(8));
    let run = |args: &[&str]| {
        let out = Command::new(exe).args(args).output().unwrap();
        assert!(out.status.success());
        black_box(out.stdout.len())
    };
    g.bench_function("bloc-atlas status", |b| {
        b.iter(|| run(&["status", "--date", "1970-01-01"]))
    });
    g.bench_function("bloc-atlas query", |b| {
        b.iter(|| run(&["query", "--date", "1970-01-01", "--lonlat", "13.40,52.52"]))
    });
    g.finish();
}

fn checking(c: &mut Criterion) {
    let mut g = c.benchmark_group("check");
    g.sample_size(10).measurement_time(Duration::from_secs(15));
    g.bench_function("full check of the bundled atlas", |b| {
        b.iter(|| black_box(bloc_atlas::check::check(&AtlasDir::Bundled)))
    });
    g.finish();
}

criterion_group!(benches, loading, scaling, querying, processes, checking);
criterion_main!(benches);
