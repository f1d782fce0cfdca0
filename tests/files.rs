//! What we read and what we write: only regular files are read (a named pipe, a device, a
//! folder, a socket or a broken link is refused at once, by name), and saving keeps links,
//! modes, other files and the user's own words.

use std::os::unix::fs::{FileTypeExt as _, PermissionsExt as _};
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use bloc_atlas::check::check;
use bloc_atlas::model::{AtlasDir, load};
use bloc_atlas::tour::Tour;

use crate::util::{bloc_atlas, mini_with};

fn mkfifo(path: &Path) {
    let _ = std::fs::remove_file(path);
    let status = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(status.success());
}

/// Runs `f` on a thread and fails the test if it has not finished in 60 s: a read that waits
/// for ever is the bug these tests are about, and must fail, not hang the suite.
fn within_a_minute<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.recv_timeout(Duration::from_secs(60))
        .expect("still reading after a minute: a special file was opened as a file")
}

fn problems_of(dir: &Path) -> Vec<String> {
    let folder = AtlasDir::Folder(dir.to_path_buf());
    let prefix = format!("{}/", dir.display());
    within_a_minute(move || {
        check(&folder)
            .problems
            .iter()
            .map(|p| p.to_string().replace(&prefix, ""))
            .collect()
    })
}

#[test]
fn pipes_devices_folders_sockets_and_broken_links_are_refused_by_name() {
    let dir = mini_with(&[("atlas.toml", &|t: String| {
        t.replace("pieces-low.geojson", "/dev/zero")
    })]);
    let d = dir.path();
    mkfifo(&d.join("units.toml"));
    std::fs::remove_file(d.join("events.toml")).unwrap();
    std::fs::create_dir(d.join("events.toml")).unwrap();
    std::fs::remove_file(d.join("excerpts.toml")).unwrap();
    let _socket = std::os::unix::net::UnixListener::bind(d.join("excerpts.toml")).unwrap();
    std::fs::remove_file(d.join("memberships.toml")).unwrap();
    std::os::unix::fs::symlink("/dev/urandom", d.join("memberships.toml")).unwrap();
    std::fs::remove_file(d.join("context.toml")).unwrap();
    std::os::unix::fs::symlink("gone.toml", d.join("context.toml")).unwrap();
    std::fs::remove_file(d.join("sources.toml")).unwrap();
    std::os::unix::fs::symlink("sources.toml", d.join("sources.toml")).unwrap();

    let problems = problems_of(d);
    let has = |wanted: &str| {
        assert!(
            problems.iter().any(|p| p.starts_with(wanted)),
            "no problem starting {wanted:?} in {problems:#?}"
        );
    };
    has("units.toml: a named pipe (FIFO), not a file");
    has("events.toml: a folder, not a file");
    has("excerpts.toml: a socket, not a file");
    has("memberships.toml: a character device, not a file");
    has("context.toml: a symbolic link to gone.toml, which does not exist");
    has("sources.toml: a loop of symbolic links");
    has("/dev/zero: a character device, not a file");
}

#[test]
fn a_broken_link_in_an_extension_atlas_is_a_problem_not_a_missing_table() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("atlas.toml"),
        "[atlas]\ntitle = \"Mine\"\nextends = \"bundled\"\n",
    )
    .unwrap();
    std::os::unix::fs::symlink("nowhere/events.toml", dir.path().join("events.toml")).unwrap();
    std::os::unix::fs::symlink("excerpts.toml", dir.path().join("excerpts.toml")).unwrap();
    let loaded = load(&AtlasDir::Folder(dir.path().to_path_buf()));
    let problems: Vec<String> = loaded.problems.iter().map(ToString::to_string).collect();
    assert!(
        problems.iter().any(|p| p.ends_with(
            "events.toml: a symbolic link to nowhere/events.toml, which does not exist"
        )),
        "{problems:#?}"
    );
    assert!(
        problems
            .iter()
            .any(|p| p.contains("excerpts.toml: a loop of symbolic links")),
        "{problems:#?}"
    );
    // The bundled rows are all still there.
    assert!(loaded.atlas.events.len() > 50);
}

#[test]
fn a_tour_that_is_a_pipe_or_a_device_is_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("tour.toml");
    mkfifo(&fifo);
    let e = within_a_minute(move || Tour::load(&fifo).unwrap_err().to_string());
    assert!(
        e.ends_with("tour.toml: cannot read the tour: a named pipe (FIFO), not a file"),
        "{e}"
    );
    let e = Tour::load(Path::new("/dev/urandom"))
        .unwrap_err()
        .to_string();
    assert_eq!(
        e,
        "/dev/urandom: cannot read the tour: a character device, not a file"
    );
    // On the command line too, for the tour and for an atlas table.
    let run = bloc_atlas(&["tour", "/dev/zero"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("a character device, not a file"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_size_limit_holds_whatever_the_file_says_its_size_is() {
    // Files in /proc say they are empty; the limit still stops the read.
    let e = bloc_atlas::model::read_regular(Path::new("/proc/self/maps"), 16, "a test file")
        .unwrap_err();
    assert!(e.contains("a test file may be at most"), "{e}");
}

fn png_args(out: &Path) -> Vec<String> {
    ["render", "--date", "1960-01-01", "--size", "64x36", "--out"]
        .iter()
        .map(|s| s.to_string())
        .chain([out.display().to_string()])
        .collect()
}

fn run_with_umask(umask: &str, args: &[String]) {
    let mut command = String::from("umask ");
    command.push_str(umask);
    command.push_str("; exec \"$0\" \"$@\"");
    let status = Command::new("sh")
        .arg("-c")
        .arg(command)
        .arg(env!("CARGO_BIN_EXE_bloc-atlas"))
        .args(args)
        .stdout(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn new_files_get_the_umask_mode_and_replaced_files_keep_theirs() {
    let dir = tempfile::tempdir().unwrap();
    let shared = dir.path().join("shared.png");
    run_with_umask("022", &png_args(&shared));
    assert_eq!(
        mode(&shared),
        0o644,
        "a web server must be able to serve it"
    );
    let private = dir.path().join("private.png");
    run_with_umask("077", &png_args(&private));
    assert_eq!(mode(&private), 0o600);
    std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o640)).unwrap();
    run_with_umask("022", &png_args(&shared));
    assert_eq!(mode(&shared), 0o640, "a replaced file keeps its mode");
}

#[test]
fn saving_through_a_link_writes_its_target_and_the_link_stays() {
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("slides/real.png");
    std::fs::create_dir(dir.path().join("slides")).unwrap();
    std::fs::write(&real, b"old").unwrap();
    let link = dir.path().join("link.png");
    std::os::unix::fs::symlink("slides/real.png", &link).unwrap();
    let run = bloc_atlas(
        &png_args(&link)
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(std::fs::read(&real).unwrap().starts_with(b"\x89PNG"));

    // The same for a tour saved from the window's code.
    let tour_real = dir.path().join("slides/tour.toml");
    let tour_link = dir.path().join("tour.toml");
    std::fs::write(&tour_real, "format = 1\ntitle = \"t\"\n").unwrap();
    std::os::unix::fs::symlink("slides/tour.toml", &tour_link).unwrap();
    let mut tour = Tour::load(&tour_link).unwrap();
    tour.title = "renamed".into();
    tour.save(&tour_link).unwrap();
    assert!(
        std::fs::symlink_metadata(&tour_link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(
        std::fs::read_to_string(&tour_real)
            .unwrap()
            .contains("renamed")
    );
}

#[test]
fn saving_never_replaces_a_pipe_or_a_device() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("out.png");
    mkfifo(&fifo);
    let run = within_a_minute({
        let args = png_args(&fifo);
        move || bloc_atlas(&args.iter().map(String::as_str).collect::<Vec<_>>())
    });
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("it is a named pipe (FIFO), not a file"),
        "{}",
        run.stderr
    );
    assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo());
    let e = Tour::new("t").save(Path::new("/dev/null")).unwrap_err();
    assert!(format!("{e:#}").contains("it is a device"), "{e:#}");
}

#[test]
fn output_that_cannot_be_written_is_an_error() {
    let status = Command::new(env!("CARGO_BIN_EXE_bloc-atlas"))
        .args(["status", "--date", "1960-01-01"])
        .stdout(std::fs::File::create("/dev/full").unwrap())
        .output()
        .unwrap();
    assert_eq!(status.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&status.stderr);
    assert!(stderr.contains("cannot write the output"), "{stderr}");
}

#[test]
fn rewriting_a_tour_keeps_its_comments_order_and_layout() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("tour.toml");
    let original = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join(bloc_atlas::tour::BUNDLED_PATH),
    )
    .unwrap();
    let comments = original.lines().filter(|l| l.starts_with('#')).count();
    assert!(comments >= 7);
    std::fs::write(&file, &original).unwrap();
    let run = bloc_atlas(&["tour", file.to_str().unwrap(), "--rewrite"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), original);

    // An edit changes its own line and nothing else; a moved stop keeps its table.
    let mut tour = Tour::load(&file).unwrap();
    tour.stops[2].caption = "A new caption.".into();
    let text = tour.to_toml();
    let changed: Vec<(&str, &str)> = original
        .lines()
        .zip(text.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(changed.len(), 1, "{changed:#?}");
    assert_eq!(changed[0].1, "caption = \"A new caption.\"");
    assert_eq!(original.lines().count(), text.lines().count());

    let mut tour = Tour::load(&file).unwrap();
    let last = tour.stops.pop().unwrap();
    tour.stops.insert(0, last.clone());
    let again = Tour::parse(&tour.to_toml(), "moved.toml").unwrap();
    assert_eq!(again.stops[0], last);
    assert_eq!(again.stops.len(), tour.stops.len());
    assert_eq!(
        tour.to_toml()
            .lines()
            .filter(|l| l.starts_with('#'))
            .count(),
        comments
    );
}
