//! Start-up time and peak memory of the real window (release build), the desktop issue's
//! targets: start to first frame ≤ 300 ms, peak memory ≤ 150 MB.
//!
//! Runs the `bloc-atlas` binary under the X server in `DISPLAY`, or under a private Xvfb when
//! there is none (install `xvfb`; `./check.sh` does). The app reports the time from the start of
//! `main` to the end of its first UI pass, and its peak resident memory (VmHWM) when it quits.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Xvfb(Option<Child>);

impl Drop for Xvfb {
    fn drop(&mut self) {
        if let Some(c) = &mut self.0 {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

fn display() -> (String, Xvfb) {
    if let Ok(d) = std::env::var("DISPLAY") {
        return (d, Xvfb(None));
    }
    let d = format!(":{}", 150 + std::process::id() % 100);
    let child = Command::new("Xvfb")
        .args([&d, "-screen", "0", "1600x1000x24", "-nolisten", "tcp"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("Xvfb is needed for this benchmark (apt-get install xvfb)");
    std::thread::sleep(Duration::from_millis(700));
    (d, Xvfb(Some(child)))
}

/// Runs the app until it has drawn `frames` frames; returns (wall time, its stderr).
fn run(display: &str, runtime: &std::path::Path, frames: u32, view: &str) -> (Duration, String) {
    let start = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_bloc-atlas"))
        .args([
            "--fresh",
            "--date",
            "1955-05-14",
            "--view",
            view,
            "--exit-after-frames",
        ])
        .arg(frames.to_string())
        .env("DISPLAY", display)
        .env("XDG_RUNTIME_DIR", runtime)
        .env("BLOC_ATLAS_TIMING", "1")
        .output()
        .unwrap();
    let elapsed = start.elapsed();
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "the app failed: {err}");
    (elapsed, err)
}

fn number_after(text: &str, key: &str) -> f64 {
    let rest = &text[text
        .find(key)
        .unwrap_or_else(|| panic!("no '{key}' in {text}"))
        + key.len()..];
    rest.split_whitespace().next().unwrap().parse().unwrap()
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    // `cargo bench` passes criterion-style flags; this harness takes none. With `--test`
    // (as in `cargo test --benches`) it only checks that it can run once.
    let quick = std::env::args().any(|a| a == "--test");
    let (display, _xvfb) = display();
    let runtime = tempfile::tempdir().unwrap();
    let runs = if quick { 1 } else { 15 };
    let (mut first, mut wall) = (Vec::new(), Vec::new());
    for _ in 0..runs {
        let (t, err) = run(&display, runtime.path(), 2, "europe");
        first.push(number_after(&err, "first frame:"));
        wall.push(t.as_secs_f64() * 1000.0);
    }
    println!(
        "start to first frame: median {:.0} ms (end of the first UI pass), process to exit after 2 frames: median {:.0} ms, over {runs} runs",
        median(&mut first),
        median(&mut wall)
    );
    // Europe, then Central Europe, where the detailed geometry is read on a thread (40 frames
    // are long enough for it to arrive).
    for (what, view) in [("Europe", "europe"), ("Central Europe", "5,45,25,55")] {
        let (_, err) = run(&display, runtime.path(), 40, view);
        let detailed = if err.contains("detailed: yes") {
            "yes"
        } else {
            "no"
        };
        println!(
            "peak memory, {what}: {:.1} MB after 40 frames (detailed geometry loaded: {detailed})",
            number_after(&err, "peak memory:"),
        );
    }
}
