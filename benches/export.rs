//! Benchmarks of the export targets (release build): `bloc-atlas render` of Europe at
//! 1920×1080 as a whole process ≤ 60 ms, of which drawing and PNG encoding ≤ 25 ms; a GIF of
//! 1945–1991 by year (47 frames, 960×540) ≤ 2 s.

#![allow(clippy::unwrap_used, clippy::panic)] // a benchmark may stop at its first failure

use std::hint::black_box;
use std::process::Command;
use std::time::Duration;

use bloc_atlas::export::{Frame, Renderer, png};
use bloc_atlas::geometry::Detail;
use bloc_atlas::scene::framing::europe;
use criterion::{Criterion, criterion_group, criterion_main};

fn drawing(c: &mut Criterion) {
    let renderer = Renderer::bundled(Detail::Low).unwrap();
    let frame = Frame {
        date: "1960-01-01".parse().unwrap(),
        area: europe(renderer.projection()),
        width: 1920,
        height: 1080,
        highlighted: Vec::new(),
        layer: Default::default(),
    };
    let mut g = c.benchmark_group("export");
    g.bench_function(
        "load the atlas and the overview geometry for drawing",
        |b| b.iter(|| black_box(Renderer::bundled(Detail::Low).unwrap())),
    );
    g.bench_function("draw Europe 1920x1080", |b| {
        b.iter(|| black_box(renderer.draw(&frame).unwrap()))
    });
    let image = renderer.draw(&frame).unwrap();
    g.bench_function("encode PNG 1920x1080 (fast)", |b| {
        b.iter(|| black_box(png(&image, false).unwrap()))
    });
    g.bench_function("draw + encode Europe 1920x1080", |b| {
        b.iter(|| black_box(png(&renderer.draw(&frame).unwrap(), false).unwrap()))
    });
    g.finish();
}

fn processes(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let png = dir.path().join("europe.png");
    let gif = dir.path().join("years.gif");
    let mut g = c.benchmark_group("render process");
    g.measurement_time(Duration::from_secs(10));
    g.bench_function("bloc-atlas render --date 1960-01-01 (1920x1080 PNG)", |b| {
        b.iter(|| {
            let out = Command::new(env!("CARGO_BIN_EXE_bloc-atlas"))
                .args(["render", "--date", "1960-01-01", "--out"])
                .arg(&png)
                .output()
                .unwrap();
            assert!(out.status.success());
        })
    });
    g.sample_size(10);
    g.measurement_time(Duration::from_secs(30));
    g.bench_function(
        "bloc-atlas render 1945-1991 by year (47 frames, 960x540 GIF)",
        |b| {
            b.iter(|| {
                let out = Command::new(env!("CARGO_BIN_EXE_bloc-atlas"))
                    .args([
                        "render",
                        "--from",
                        "1945-06-01",
                        "--to",
                        "1991-06-01",
                        "--step",
                        "1y",
                        "--size",
                        "960x540",
                        "--out",
                    ])
                    .arg(&gif)
                    .output()
                    .unwrap();
                assert!(out.status.success());
            })
        },
    );
    g.finish();
}

criterion_group!(benches, drawing, processes);
criterion_main!(benches);
