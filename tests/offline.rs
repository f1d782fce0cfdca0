//! Offline by design: no networking crate in the dependency tree, and the real program — the
//! command line and the window — opens no internet socket (traced with strace). Local sockets
//! (the X server, D-Bus for accessibility and file dialogs) are not network connections.

use std::process::Command;

use crate::window::{Killed, start_xvfb};

#[test]
fn no_networking_crate_is_a_dependency() {
    let lock = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.lock")).unwrap();
    let names: Vec<&str> = lock
        .lines()
        .filter_map(|l| l.strip_prefix("name = \""))
        .filter_map(|l| l.strip_suffix('"'))
        .collect();
    assert!(names.contains(&"egui"), "the lock file was read");
    for forbidden in [
        "reqwest",
        "hyper",
        "ureq",
        "curl",
        "isahc",
        "attohttpc",
        "surf",
        "h2",
        "rustls",
        "native-tls",
        "openssl",
        "tungstenite",
        "quinn",
        "mio",
        "socket2",
        "async-std",
    ] {
        assert!(
            !names.contains(&forbidden),
            "{forbidden} can open network connections"
        );
    }
    // The one crate that hands a URL to something else: the browser opener behind citation
    // links, which only runs when a link is clicked.
    assert!(names.contains(&"webbrowser"));
}

/// The address families of the sockets a traced run created.
fn sockets(trace: &str) -> Vec<String> {
    trace
        .lines()
        .filter(|l| l.contains("socket("))
        .filter_map(|l| l.split("socket(").nth(1))
        .filter_map(|rest| rest.split(',').next())
        .map(str::to_string)
        .collect()
}

fn traced(args: &[&str], env: &[(&str, &str)]) -> String {
    let found = crate::util::installed("strace");
    assert!(
        found,
        "strace is not installed: run ./check.sh (it installs it)"
    );
    let dir = tempfile::tempdir().unwrap();
    let trace = dir.path().join("trace");
    let mut cmd = Command::new("strace");
    cmd.args(["-f", "-e", "trace=socket,connect", "-o"])
        .arg(&trace)
        .arg(env!("CARGO_BIN_EXE_bloc-atlas"))
        .args(args);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::read_to_string(&trace).unwrap()
}

#[test]
fn the_program_opens_no_internet_socket() {
    let dir = tempfile::tempdir().unwrap();
    let png = dir.path().join("europe.png");
    let trace = traced(
        &[
            "render",
            "--date",
            "1960-01-01",
            "--out",
            png.to_str().unwrap(),
        ],
        &[],
    );
    assert!(trace.contains("+++ exited with 0 +++"), "{trace}");
    let families = sockets(&trace);
    assert!(
        families.iter().all(|f| f != "AF_INET" && f != "AF_INET6"),
        "render opened {families:?}"
    );

    // The window, until its first screenshot.
    let (display, _xvfb): (String, Killed) = start_xvfb();
    let runtime = dir.path().join("runtime");
    std::fs::create_dir(&runtime).unwrap();
    let shot = dir.path().join("window.png");
    let home = dir.path().to_str().unwrap().to_string();
    let trace = traced(
        &[
            "--fresh",
            "--date",
            "1960-06-01",
            "--screenshot",
            shot.to_str().unwrap(),
        ],
        &[
            ("DISPLAY", &display),
            ("XDG_RUNTIME_DIR", runtime.to_str().unwrap()),
            ("HOME", &home),
        ],
    );
    let families = sockets(&trace);
    assert!(
        families.iter().any(|f| f == "AF_UNIX"),
        "the window talks to the X server over a local socket: {families:?}"
    );
    assert!(
        families.iter().all(|f| f != "AF_INET" && f != "AF_INET6"),
        "the window opened {families:?}"
    );
}
