//! No test depends on the day it runs: the suite's calendar-sensitive parts (the timeline and
//! country strips that run to today, the CLI's coverage checks) pass with the system clock a
//! year ahead. The test runs this same test binary again under `faketime` (Debian's package,
//! installed by check.sh), filtered to the window, presentation and CLI tests.

use std::process::Command;

#[test]
fn the_window_and_cli_tests_pass_with_the_clock_a_year_ahead() {
    if !crate::util::installed("faketime") {
        eprintln!("skipped: faketime is not installed (check.sh installs it)");
        return;
    }
    let me = std::env::current_exe().unwrap();
    let out = Command::new("faketime")
        .args(["-f", "+365d"])
        .arg(&me)
        .args(["ui::", "present::", "cli::", "tours::"])
        .args(["--skip", "clock::"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "with the clock a year ahead:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let passed = stdout
        .lines()
        .find_map(|l| l.strip_prefix("test result: ok. "))
        .and_then(|l| l.split(' ').next())
        .and_then(|n| n.parse::<usize>().ok())
        .unwrap_or(0);
    assert!(passed >= 20, "too few tests ran: {stdout}");
}
