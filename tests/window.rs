//! The real app in a real window: starts the binary under Xvfb, lets it draw, and checks its
//! own screenshot for the map's colours. `./check.sh` installs Xvfb and the libraries winit and
//! wgpu load at run time (Debian packages); without Xvfb this test fails and says so.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use bloc_atlas::model::Bloc;
use bloc_atlas::ui::style::bloc_fill;

pub struct Killed(pub Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub fn start_xvfb() -> (String, Killed) {
    let found = crate::util::installed("Xvfb");
    assert!(
        found,
        "Xvfb is not installed: run ./check.sh (it installs xvfb and the window libraries) \
         or apt-get install xvfb libxkbcommon-x11-0 libegl1 mesa-vulkan-drivers"
    );
    let display = format!(":{}", 200 + std::process::id() % 500);
    let child = Command::new("Xvfb")
        .args([
            display.as_str(),
            "-screen",
            "0",
            "1600x1000x24",
            "-nolisten",
            "tcp",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Wait for the server's socket.
    let socket = format!("/tmp/.X11-unix/X{}", &display[1..]);
    let start = Instant::now();
    while !Path::new(&socket).exists() && start.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(50));
    }
    (display, Killed(child))
}

/// Share of pixels within a few levels of a colour.
fn share_of(image: &image::RgbaImage, colour: egui::Color32) -> f64 {
    let near = |a: u8, b: u8| a.abs_diff(b) <= 4;
    let n = image
        .pixels()
        .filter(|p| near(p[0], colour.r()) && near(p[1], colour.g()) && near(p[2], colour.b()))
        .count();
    n as f64 / f64::from(image.width() * image.height())
}

#[test]
fn the_window_opens_and_draws_the_map() {
    let (display, _xvfb) = start_xvfb();
    let dir = tempfile::tempdir().unwrap();
    let runtime = dir.path().join("runtime");
    std::fs::create_dir(&runtime).unwrap();
    let shot = dir.path().join("window.png");
    let mut app = Killed(
        Command::new(env!("CARGO_BIN_EXE_bloc-atlas"))
            .args(["--fresh", "--date", "1960-06-01", "--screenshot"])
            .arg(&shot)
            .env("DISPLAY", &display)
            .env("XDG_RUNTIME_DIR", &runtime)
            .env("HOME", dir.path())
            .env_remove("WAYLAND_DISPLAY")
            .stderr(std::fs::File::create(dir.path().join("stderr")).unwrap())
            .spawn()
            .unwrap(),
    );
    let start = Instant::now();
    let status = loop {
        if let Some(s) = app.0.try_wait().unwrap() {
            break s;
        }
        assert!(
            start.elapsed() < Duration::from_secs(90),
            "the window did not finish"
        );
        std::thread::sleep(Duration::from_millis(100));
    };
    if !status.success() {
        let err = std::fs::read_to_string(dir.path().join("stderr")).unwrap_or_default();
        panic!("the app exited with {status}: {err}");
    }
    let image = image::open(&shot).unwrap().to_rgba8();
    assert!(
        image.width() >= 640 && image.height() >= 420,
        "{}x{}",
        image.width(),
        image.height()
    );
    // On 1 June 1960 the map shows NATO's West and the Warsaw Pact's East, both large.
    let nato = share_of(&image, bloc_fill(Bloc::Nato));
    let warsaw = share_of(&image, bloc_fill(Bloc::Warsaw));
    assert!(
        nato > 0.03,
        "NATO colour on {:.1}% of the window",
        nato * 100.0
    );
    assert!(
        warsaw > 0.03,
        "Warsaw Pact colour on {:.1}% of the window",
        warsaw * 100.0
    );
}
