//! Writing a user's files without ever leaving half of one: write a temporary file next to the
//! target, flush it to disk, then rename it over the target.

use std::path::{Path, PathBuf};

use anyhow::Context as _;

/// Writes `bytes` to `path` so that the file on disk is always either the old content or the
/// new, complete content, even if the process dies part way.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    use std::io::Write as _;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".bloc-atlas-")
        .suffix(".part")
        .tempfile_in(&dir)
        .with_context(|| format!("cannot write in {}", dir.display()))?;
    tmp.write_all(bytes)
        .and_then(|()| tmp.as_file().sync_all())
        .with_context(|| format!("cannot write {}", path.display()))?;
    // The data is on disk before the rename: after a crash the name points at the old file
    // or the complete new one, never at a half-written one.
    tmp.persist(path)
        .with_context(|| format!("cannot replace {}", path.display()))?;
    Ok(())
}
