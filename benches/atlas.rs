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

criterion_group!(benches, loading, querying, processes, checking);
criterion_main!(benches);
