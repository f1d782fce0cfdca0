//! Writing a user's files without ever leaving half of one: write a temporary file next to the
//! target, flush it to disk, then rename it over the target.
//!
//! What else a user relies on, and this module keeps:
//! - A link stays a link: saving through a symbolic link writes the file it points to.
//! - Only regular files are replaced: a device, a named pipe or a folder under the name is
//!   refused, never swapped for a file.
//! - Modes are the user's: a new file gets what the umask gives (0644 under umask 022, so a
//!   course web server can serve an exported slide); a replaced file keeps its own mode.
//! - No litter: the temporary file is named after its target and the writing process
//!   (`.NAME.bloc-atlas-PID-N.part`); a save that was killed leaves one behind, and the next
//!   save of that file removes it.

use std::ffi::OsString;
use std::fs::{File, OpenOptions};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use anyhow::{Context as _, bail};

/// Writes `bytes` to `path` so that the file on disk is always either the old content or the
/// new, complete content, even if the process dies part way.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    let target = resolve_links(path)?;
    let old_mode = match std::fs::metadata(&target) {
        Ok(meta) if meta.is_file() => Some(meta.permissions()),
        Ok(meta) => bail!(
            "cannot replace {}: it is {}, not a file",
            path.display(),
            kind_of(&meta.file_type())
        ),
        Err(_) => None,
    };
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = target
        .file_name()
        .with_context(|| format!("{} names no file", path.display()))?;
    remove_stale_parts(&dir, name);
    let (tmp_path, mut tmp) =
        create_part(&dir, name).with_context(|| format!("cannot write in {}", dir.display()))?;
    let written = (|| -> anyhow::Result<()> {
        tmp.write_all(bytes)?;
        if let Some(mode) = old_mode {
            tmp.set_permissions(mode)?;
        }
        // The data is on disk before the rename: after a crash the name points at the old
        // file or the complete new one, never at a half-written one.
        tmp.sync_all()?;
        drop(tmp);
        std::fs::rename(&tmp_path, &target)?;
        Ok(())
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp_path);
    }
    written.with_context(|| format!("cannot write {}", path.display()))
}

/// The file a path names once its symbolic links are followed (the path itself when it is no
/// link). A link to a file that does not exist yet names that file.
fn resolve_links(path: &Path) -> anyhow::Result<PathBuf> {
    let mut current = path.to_path_buf();
    for _ in 0..40 {
        match std::fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let target = std::fs::read_link(&current)
                    .with_context(|| format!("cannot read the link {}", current.display()))?;
                current = match current.parent() {
                    Some(dir) => dir.join(target),
                    None => target,
                };
            }
            _ => return Ok(current),
        }
    }
    bail!(
        "cannot write {}: its symbolic links lead back to themselves",
        path.display()
    )
}

/// What a file that is not a regular file is, in words.
fn kind_of(kind: &std::fs::FileType) -> &'static str {
    if kind.is_dir() {
        return "a folder";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        if kind.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if kind.is_char_device() || kind.is_block_device() {
            return "a device";
        }
        if kind.is_socket() {
            return "a socket";
        }
    }
    "not a regular file"
}

/// The start of the temporary files of a target: `.NAME.bloc-atlas-`.
fn part_prefix(name: &std::ffi::OsStr) -> OsString {
    let mut prefix = OsString::from(".");
    prefix.push(name);
    prefix.push(".bloc-atlas-");
    prefix
}

/// Creates a new temporary file beside the target, with the mode the umask gives.
fn create_part(dir: &Path, name: &std::ffi::OsStr) -> std::io::Result<(PathBuf, File)> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    loop {
        let mut file_name = part_prefix(name);
        file_name.push(format!(
            "{}-{}.part",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        let path = dir.join(file_name);
        let mut options = OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt as _;
            // As any program creating a file: the umask takes away what the user wants to.
            options.mode(0o666);
        }
        match options.open(&path) {
            Ok(file) => return Ok((path, file)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
}

/// Removes temporary files of this target left by saves that did not finish: those whose
/// process is gone (on Linux), or older than an hour (elsewhere).
fn remove_stale_parts(dir: &Path, name: &std::ffi::OsStr) {
    let prefix = part_prefix(name);
    let prefix = prefix.to_string_lossy();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let file_name = file_name.to_string_lossy();
        let Some(rest) = file_name
            .strip_prefix(prefix.as_ref())
            .and_then(|r| r.strip_suffix(".part"))
        else {
            continue;
        };
        let Some(pid) = rest.split('-').next().and_then(|p| p.parse::<u32>().ok()) else {
            continue;
        };
        if pid != std::process::id() && writer_is_gone(pid, &entry) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

fn writer_is_gone(pid: u32, entry: &std::fs::DirEntry) -> bool {
    if Path::new("/proc/self").exists() {
        return !Path::new(&format!("/proc/{pid}")).exists();
    }
    entry
        .metadata()
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok())
        .is_some_and(|age| age.as_secs() > 3600)
}
