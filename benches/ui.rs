//! Benchmarks of the desktop issue's targets (release build, CPU only): one frame of the whole
//! window at 1600×1000 (`Context::run_ui` + `tessellate`) with Europe and all its labels
//! ≤ 1 ms median and ≤ 3 ms p99; the frame after a date change ≤ 1.5 ms; the same zoomed into
//! Central Europe on the detailed geometry; hit-testing a click ≤ 20 µs.
//! Start-up time and peak memory are measured on the real window by `benches/startup.rs`.

#![allow(clippy::unwrap_used, clippy::panic)] // a benchmark may stop at its first failure

use bloc_atlas::ui::{TimeCommand, ViewCommand};
use std::hint::black_box;
use std::time::Duration;

use bloc_atlas::model::{Day, Layer};
use bloc_atlas::ui::{AtlasApp, Command, Launch, Settings};
use criterion::{Criterion, criterion_group, criterion_main};
use egui::{Pos2, RawInput, Rect, Vec2};

fn day(s: &str) -> Day {
    s.parse().unwrap()
}

fn input() -> RawInput {
    RawInput {
        screen_rect: Some(Rect::from_min_size(Pos2::ZERO, Vec2::new(1600.0, 1000.0))),
        ..RawInput::default()
    }
}

/// One frame: the UI pass and the tessellation of everything it drew.
fn frame(ctx: &egui::Context, app: &mut AtlasApp) -> usize {
    let out = ctx.run_ui(input(), |ui| app.ui(ui));
    let primitives = ctx.tessellate(out.shapes, out.pixels_per_point);
    primitives.len()
}

/// An app on a day, after enough frames for the view to settle and the caches to fill.
fn ready(date: &str, zoomed: bool) -> (egui::Context, AtlasApp) {
    let launch = Launch {
        date: Some(day(date)),
        fresh: true,
        ..Launch::on("2026-06-01".parse().unwrap())
    };
    let mut app = AtlasApp::bundled(Settings::default(), launch).unwrap();
    let ctx = egui::Context::default();
    if zoomed {
        app.load_high_now();
    }
    for _ in 0..3 {
        frame(&ctx, &mut app);
    }
    if zoomed {
        // Central Europe: about 1 200 km across the map, centred near Prague.
        let prague = app.screen_pos(14.42, 50.09).unwrap();
        let centre = app.map().rect.center();
        app.push(Command::View(ViewCommand::Pan(centre - prague)));
        frame(&ctx, &mut app);
        let zoom =
            app.map().view.metres_per_point / (1_200_000.0 / f64::from(app.map().rect.width()));
        app.push(Command::View(ViewCommand::Zoom(zoom)));
        for _ in 0..3 {
            frame(&ctx, &mut app);
        }
    }
    (ctx, app)
}

fn frames(c: &mut Criterion) {
    let mut g = c.benchmark_group("frame");
    g.measurement_time(Duration::from_secs(4));
    for (name, zoomed) in [("europe", false), ("central europe, detailed", true)] {
        let (ctx, mut app) = ready("1955-05-14", zoomed);
        g.bench_function(format!("{name}: steady"), |b| {
            b.iter(|| black_box(frame(&ctx, &mut app)))
        });
        // Each iteration moves to the other day and draws the frame that shows it.
        let days = [day("1955-05-14"), day("1956-11-04")];
        let mut k = 0;
        g.bench_function(format!("{name}: after a date change"), |b| {
            b.iter(|| {
                k += 1;
                app.push(Command::Time(TimeCommand::SetDate(days[k % 2])));
                black_box(frame(&ctx, &mut app))
            })
        });
        // Across the reunification: a different geometry epoch each time (cached after the first).
        let days = [day("1990-10-02"), day("1990-10-03")];
        g.bench_function(format!("{name}: after a date change across borders"), |b| {
            b.iter(|| {
                k += 1;
                app.push(Command::Time(TimeCommand::SetDate(days[k % 2])));
                black_box(frame(&ctx, &mut app))
            })
        });
    }
    // On an organisation's layer (Comecon), the same date change.
    let (ctx, mut app) = ready("1955-05-14", false);
    app.push(Command::SetLayer(Layer::Organisation("comecon".into())));
    frame(&ctx, &mut app);
    let days = [day("1955-05-14"), day("1956-11-04")];
    let mut k = 0;
    g.bench_function("europe, Comecon layer: after a date change", |b| {
        b.iter(|| {
            k += 1;
            app.push(Command::Time(TimeCommand::SetDate(days[k % 2])));
            black_box(frame(&ctx, &mut app))
        })
    });
    g.finish();
}

fn hit_testing(c: &mut Criterion) {
    let (ctx, mut app) = ready("1961-08-13", false);
    frame(&ctx, &mut app);
    let cities = [
        (2.35, 48.86),
        (13.40, 52.52),
        (37.62, 55.75),
        (16.37, 48.21),
        (21.01, 52.23),
        (-3.70, 40.42),
        (28.98, 41.01),
        (10.75, 59.91),
    ];
    let points: Vec<Pos2> = cities
        .iter()
        .map(|&(lon, lat)| app.screen_pos(lon, lat).unwrap())
        .collect();
    // Warm the per-polygon indexes, as the first hover does.
    for p in &points {
        assert!(app.unit_at(*p).is_some(), "{p:?} hit nothing");
    }
    let mut i = 0;
    c.bench_function("hit test a click", |b| {
        b.iter(|| {
            i = (i + 1) % points.len();
            black_box(app.unit_at(points[i]))
        })
    });
}

/// Criterion reports means; the targets also name a 99th percentile, so time single frames.
fn percentiles(_: &mut Criterion) {
    for (name, zoomed) in [("europe", false), ("central europe, detailed", true)] {
        let (ctx, mut app) = ready("1955-05-14", zoomed);
        let mut steady = Vec::new();
        let mut changed = Vec::new();
        let days = [day("1955-05-14"), day("1956-11-04")];
        for k in 0..2000 {
            let t = std::time::Instant::now();
            black_box(frame(&ctx, &mut app));
            steady.push(t.elapsed().as_secs_f64() * 1e3);
            app.push(Command::Time(TimeCommand::SetDate(days[k % 2])));
            let t = std::time::Instant::now();
            black_box(frame(&ctx, &mut app));
            changed.push(t.elapsed().as_secs_f64() * 1e3);
        }
        for (what, v) in [
            ("steady", &mut steady),
            ("after a date change", &mut changed),
        ] {
            v.sort_by(f64::total_cmp);
            let q = |p: f64| v[((v.len() as f64 - 1.0) * p) as usize];
            println!(
                "frame/{name}: {what}: median {:.3} ms, p99 {:.3} ms, max {:.3} ms ({} frames)",
                q(0.5),
                q(0.99),
                q(1.0),
                v.len()
            );
        }
    }
}

criterion_group!(benches, frames, hit_testing, percentiles);
criterion_main!(benches);
