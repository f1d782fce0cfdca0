//! Where an atlas's files come from: the bundled atlas compiled into the program, or a folder.

use std::borrow::Cow;
use std::path::{Component, Path, PathBuf};

use super::Problem;

/// The bundled atlas's files, by their path in the repository.
const BUNDLED: &[(&str, &str)] = &[
    (
        "assets/atlas/atlas.toml",
        include_str!("../../../assets/atlas/atlas.toml"),
    ),
    (
        "assets/atlas/sources.toml",
        include_str!("../../../assets/atlas/sources.toml"),
    ),
    (
        "assets/atlas/units.toml",
        include_str!("../../../assets/atlas/units.toml"),
    ),
    (
        "assets/atlas/territories.toml",
        include_str!("../../../assets/atlas/territories.toml"),
    ),
    (
        "assets/atlas/memberships.toml",
        include_str!("../../../assets/atlas/memberships.toml"),
    ),
    (
        "assets/atlas/organisations.toml",
        include_str!("../../../assets/atlas/organisations.toml"),
    ),
    (
        "assets/atlas/members.toml",
        include_str!("../../../assets/atlas/members.toml"),
    ),
    (
        "assets/atlas/events.toml",
        include_str!("../../../assets/atlas/events.toml"),
    ),
    (
        "assets/atlas/excerpts.toml",
        include_str!("../../../assets/atlas/excerpts.toml"),
    ),
    (
        "assets/atlas/context.toml",
        include_str!("../../../assets/atlas/context.toml"),
    ),
    (
        "maps/pieces-low.geojson",
        include_str!("../../../maps/pieces-low.geojson"),
    ),
    (
        "maps/pieces-high.geojson",
        include_str!("../../../maps/pieces-high.geojson"),
    ),
    (
        "maps/lines.geojson",
        include_str!("../../../maps/lines.geojson"),
    ),
];

/// The folder of the bundled atlas's tables, as a path in the repository.
const BUNDLED_DIR: &str = "assets/atlas";

/// An atlas folder: the bundled one, or one on disk.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AtlasDir {
    /// The atlas shipped inside the program (`assets/atlas` and `maps` of the repository).
    Bundled,
    /// A folder on disk holding `atlas.toml` and the other tables.
    Folder(PathBuf),
    /// Files held in memory, by name (for fuzzing and tests): shown as `memory/NAME`.
    Memory(std::sync::Arc<std::collections::BTreeMap<String, Vec<u8>>>),
}

/// The largest atlas file read (the bundled detailed map is 6.4 MB): a bigger one is refused
/// before it is read, so that memory stays bounded.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// The bundled atlas's geometry files.
pub(crate) fn bundled_geometry() -> crate::GeometryPaths {
    crate::GeometryPaths {
        low: "../../maps/pieces-low.geojson".into(),
        high: "../../maps/pieces-high.geojson".into(),
        lines: Some("../../maps/lines.geojson".into()),
        dir: AtlasDir::Bundled,
    }
}

impl AtlasDir {
    /// Whether a file of this atlas exists.
    pub fn exists(&self, rel: &str) -> bool {
        match self {
            AtlasDir::Bundled => {
                let shown = self.display(rel);
                BUNDLED.iter().any(|(path, _)| *path == shown)
            }
            // A dangling link or a link loop is there too: reading it gives the problem.
            AtlasDir::Folder(dir) => std::fs::symlink_metadata(dir.join(rel)).is_ok(),
            AtlasDir::Memory(files) => files.contains_key(&normalize(Path::new(rel))),
        }
    }

    /// The path of a file of this atlas, as shown to people. `rel` is relative to the folder
    /// of the tables (`units.toml`, `../../maps/pieces-low.geojson`).
    pub fn display(&self, rel: &str) -> String {
        match self {
            AtlasDir::Bundled => normalize(&Path::new(BUNDLED_DIR).join(rel)),
            AtlasDir::Folder(dir) => dir.join(rel).display().to_string(),
            AtlasDir::Memory(_) => normalize(&Path::new("memory").join(rel)),
        }
    }

    /// Reads a file of this atlas as UTF-8 text.
    pub fn read(&self, rel: &str) -> Result<Cow<'static, str>, Problem> {
        let shown = self.display(rel);
        match self {
            AtlasDir::Bundled => BUNDLED
                .iter()
                .find(|(path, _)| *path == shown)
                .map(|(_, text)| Cow::Borrowed(*text))
                .ok_or_else(|| Problem::file(&shown, "no such file in the bundled atlas")),
            AtlasDir::Memory(files) => {
                let bytes = files
                    .get(&normalize(Path::new(rel)))
                    .ok_or_else(|| Problem::file(&shown, "file not found"))?;
                utf8(&shown, bytes.clone())
            }
            AtlasDir::Folder(dir) => {
                let bytes = read_regular(&dir.join(rel), MAX_FILE_BYTES, "an atlas file")
                    .map_err(|why| Problem::file(&shown, why))?;
                utf8(&shown, bytes)
            }
        }
    }
}

/// Reads a regular file of at most `limit` bytes (`what` names such files in the message).
///
/// Anything else is refused before a byte is read, with what it is: a folder, a named pipe
/// (reading one waits for a writer for ever), a device (`/dev/zero` never ends), a socket, a
/// link to nothing or a loop of links. The limit holds whatever the file's size claims to be
/// (files in `/proc` say 0): no more than `limit + 1` bytes are ever read.
pub fn read_regular(path: &Path, limit: u64, what: &str) -> Result<Vec<u8>, String> {
    use std::io::Read as _;
    let meta = std::fs::metadata(path).map_err(|e| not_readable(path, &e))?;
    if let Some(kind) = not_regular(&meta.file_type()) {
        return Err(format!("{kind}, not a file"));
    }
    let too_big = |size: u64| {
        format!(
            "the file is {} MB; {what} may be at most {} MB",
            size.div_ceil(1024 * 1024),
            limit / (1024 * 1024)
        )
    };
    if meta.len() > limit {
        return Err(too_big(meta.len()));
    }
    let file = std::fs::File::open(path).map_err(|e| not_readable(path, &e))?;
    // The path may have been swapped between the two looks: ask the open file itself.
    let meta = file.metadata().map_err(|e| format!("cannot read: {e}"))?;
    if let Some(kind) = not_regular(&meta.file_type()) {
        return Err(format!("{kind}, not a file"));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len().min(limit)).unwrap_or(0));
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read: {e}"))?;
    if bytes.len() as u64 > limit {
        return Err(too_big(bytes.len() as u64));
    }
    Ok(bytes)
}

/// What a file that is not a regular file is, in words.
fn not_regular(kind: &std::fs::FileType) -> Option<&'static str> {
    if kind.is_file() {
        return None;
    }
    if kind.is_dir() {
        return Some("a folder");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt as _;
        if kind.is_fifo() {
            return Some("a named pipe (FIFO)");
        }
        if kind.is_char_device() {
            return Some("a character device");
        }
        if kind.is_block_device() {
            return Some("a block device");
        }
        if kind.is_socket() {
            return Some("a socket");
        }
    }
    Some("not a regular file")
}

/// Why a path could not be opened: missing, a dangling link, a loop of links, or the system's
/// own words.
fn not_readable(path: &Path, e: &std::io::Error) -> String {
    let link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    match e.kind() {
        std::io::ErrorKind::NotFound if link => match std::fs::read_link(path) {
            Ok(target) => format!(
                "a symbolic link to {}, which does not exist",
                target.display()
            ),
            Err(_) => "a symbolic link to a file that does not exist".to_string(),
        },
        std::io::ErrorKind::NotFound => "file not found".to_string(),
        _ if e.raw_os_error() == Some(ELOOP) => {
            "a loop of symbolic links (a link that leads back to itself)".to_string()
        }
        _ => format!("cannot read: {e}"),
    }
}

/// The error number of "too many levels of symbolic links" (Linux; 62 on the BSDs and macOS).
#[cfg(any(target_os = "macos", target_os = "freebsd", target_os = "openbsd"))]
const ELOOP: i32 = 62;
#[cfg(not(any(target_os = "macos", target_os = "freebsd", target_os = "openbsd")))]
const ELOOP: i32 = 40;

/// What a path dropped on the window or named on the command line is: an atlas folder (or its
/// `atlas.toml`), or a tour file.
#[derive(Debug, PartialEq)]
pub enum Dropped {
    /// An atlas folder.
    Atlas(PathBuf),
    /// A tour file.
    Tour(PathBuf),
    /// Neither.
    Unknown(PathBuf),
}

/// Sorts out a dropped path.
pub fn classify(path: &Path) -> Dropped {
    if path.is_dir() {
        return Dropped::Atlas(path.to_path_buf());
    }
    if path.file_name().is_some_and(|n| n == "atlas.toml") {
        return Dropped::Atlas(
            path.parent()
                .map_or_else(|| PathBuf::from("."), Path::to_path_buf),
        );
    }
    if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("toml"))
    {
        return Dropped::Tour(path.to_path_buf());
    }
    Dropped::Unknown(path.to_path_buf())
}

/// Bytes as UTF-8 text, or a problem at the first bad byte (`shown` names the file).
pub fn utf8(shown: &str, bytes: Vec<u8>) -> Result<Cow<'static, str>, Problem> {
    // Byte-order marks: name the encoding instead of pointing at a "bad byte" in line 1.
    let encoding = match bytes.as_slice() {
        [0xEF, 0xBB, 0xBF, ..] => Some("UTF-8 with a byte-order mark (BOM)"),
        [0xFF, 0xFE, 0, 0, ..] | [0, 0, 0xFE, 0xFF, ..] => Some("UTF-32 text"),
        [0xFF, 0xFE, ..] | [0xFE, 0xFF, ..] => Some("UTF-16 text"),
        _ => None,
    };
    if let Some(encoding) = encoding {
        return Err(Problem::file(
            shown,
            format!(
                "the file is {encoding}: save it as UTF-8 without a byte-order mark (most \
                 editors offer \"UTF-8\" beside \"UTF-8 with BOM\")"
            ),
        ));
    }
    String::from_utf8(bytes).map(Cow::Owned).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let text = String::from_utf8_lossy(&e.into_bytes()[..at]).into_owned();
        Problem::at_offset(shown, &text, at, "not UTF-8 text")
    })
}

/// Resolves `.` and `..` without touching the file system, with `/` separators.
fn normalize(path: &Path) -> String {
    let mut parts: Vec<String> = Vec::new();
    for c in path.components() {
        match c {
            Component::ParentDir => {
                parts.pop();
            }
            Component::CurDir => {}
            other => parts.push(other.as_os_str().to_string_lossy().into_owned()),
        }
    }
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_paths_resolve_to_repository_paths() {
        let b = AtlasDir::Bundled;
        assert_eq!(b.display("units.toml"), "assets/atlas/units.toml");
        assert_eq!(
            b.display("../../maps/pieces-low.geojson"),
            "maps/pieces-low.geojson"
        );
        assert!(b.read("../../maps/pieces-low.geojson").is_ok());
        let atlas = crate::Atlas::bundled().unwrap();
        let paths = bundled_geometry();
        assert_eq!(atlas.geometry_paths.low, paths.low);
        assert_eq!(atlas.geometry_paths.high, paths.high);
        let missing = b.read("nope.toml").unwrap_err();
        assert_eq!(missing.file, "assets/atlas/nope.toml");
    }

    #[test]
    fn folder_reports_missing_and_non_utf8_files() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("bad.toml"), b"a = 1\nb = \"\xff\"\n").unwrap();
        let atlas = AtlasDir::Folder(dir.path().to_path_buf());
        let p = atlas.read("missing.toml").unwrap_err();
        assert!(
            p.to_string().ends_with("missing.toml: file not found"),
            "{p}"
        );
        let p = atlas.read("bad.toml").unwrap_err();
        assert!(
            p.to_string().ends_with("bad.toml:2:6: not UTF-8 text"),
            "{p}"
        );
    }
}
