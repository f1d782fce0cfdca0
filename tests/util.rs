//! Helpers shared by the integration tests: copies of the mini fixture atlas, and running the
//! real binary.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The folder of the small valid atlas the broken fixtures are made from.
pub fn mini() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mini")
}

/// A copy of the mini atlas in a temporary folder, with `edits` applied to its files.
pub fn mini_with(edits: &[(&str, &dyn Fn(String) -> String)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(mini()).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), dir.path().join(entry.file_name())).unwrap();
    }
    for (file, edit) in edits {
        let path = dir.path().join(file);
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        std::fs::write(&path, edit(text)).unwrap();
    }
    dir
}

/// What a run of the real program printed, and its exit status.
pub struct Run {
    /// The exit status (-1 when killed by a signal).
    pub code: i32,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

/// Runs the `bloc-atlas` binary with these arguments.
pub fn bloc_atlas(args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_bloc-atlas"))
        .args(args)
        .env("RUST_BACKTRACE", "1")
        .output()
        .unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

/// The rows of `status --format tsv` (or `query`) as (id, name, bloc, detail).
pub fn tsv_rows(stdout: &str) -> Vec<[String; 4]> {
    let mut lines = stdout.lines();
    assert_eq!(lines.next(), Some("id\tname\tbloc\tdetail"), "{stdout}");
    lines
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            assert_eq!(f.len(), 4, "{l:?}");
            [f[0], f[1], f[2], f[3]].map(str::to_string)
        })
        .collect()
}

/// Whether a program is on the PATH (for tests that need Xvfb or strace).
pub fn installed(program: &str) -> bool {
    Command::new("sh")
        .args(["-c", &format!("command -v {program}")])
        .output()
        .is_ok_and(|o| o.status.success())
}

/// The day the tests take as today: fixed, so that no result depends on the day a test runs
/// (the timeline and the country strips run to today).
pub fn today() -> bloc_atlas::model::Day {
    "2026-06-01".parse().unwrap()
}

/// Window options with nothing asked for and the tests' fixed today.
pub fn launch() -> bloc_atlas::ui::Launch {
    bloc_atlas::ui::Launch::on(today())
}
