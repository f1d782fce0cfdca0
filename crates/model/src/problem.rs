//! Problems found while loading or checking an atlas, each with its file and place.

use std::fmt;

/// Where in a file a problem is.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Place {
    /// The file as a whole (missing, unreadable, …).
    File,
    /// A line (1-based) and column (1-based) of a text file.
    Line {
        /// 1-based line number.
        line: usize,
        /// 1-based column number.
        column: usize,
    },
    /// A GeoJSON feature: its index in the `features` array, and its piece id when known.
    Feature {
        /// 0-based index in `features`.
        index: usize,
        /// The feature's `piece` property, when it has one.
        piece: Option<String>,
    },
    /// Not one problem but the count of those left out of the list, after the first
    /// [`MAX_PROBLEMS_PER_FILE`] of the file: "… and 999,800 more in FILE".
    More {
        /// How many were left out.
        count: usize,
    },
}

/// The longest message a problem keeps, in characters: what user data a message quotes is cut
/// (a 10 MB id does not make a 10 MB message), and control characters are escaped (a newline in
/// an id does not split a message, an ESC never reaches a terminal raw).
pub const MAX_MESSAGE_CHARS: usize = 400;

/// A message made safe to show: see [`MAX_MESSAGE_CHARS`].
pub fn tidy(message: String) -> String {
    match crate::clip(&message, MAX_MESSAGE_CHARS) {
        std::borrow::Cow::Borrowed(_) => message,
        std::borrow::Cow::Owned(short) => short,
    }
}

/// How many problems of one file are listed; the rest are counted in one line, so that a file
/// of a million bad rows costs neither minutes nor gigabytes to report.
pub const MAX_PROBLEMS_PER_FILE: usize = 200;

/// A list of problems that keeps the first [`MAX_PROBLEMS_PER_FILE`] of each file and counts
/// the others.
#[derive(Clone, Debug, Default)]
pub struct ProblemList {
    kept: Vec<Problem>,
    /// Problems seen per file, kept or not.
    seen: std::collections::HashMap<String, usize>,
}

impl ProblemList {
    /// An empty list.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a problem: kept while its file has fewer than the maximum, counted after.
    pub fn push(&mut self, problem: Problem) {
        if let Place::More { count } = problem.place {
            *self.seen.entry(problem.file).or_default() += count;
            return;
        }
        let seen = self.seen.entry(problem.file.clone()).or_default();
        *seen += 1;
        if *seen <= MAX_PROBLEMS_PER_FILE {
            self.kept.push(problem);
        }
    }

    /// The problems kept so far.
    pub fn kept(&self) -> &[Problem] {
        &self.kept
    }

    /// Keeps only the problems kept so far for which `f` holds (the count of those left out
    /// stays as it is).
    pub fn retain(&mut self, mut f: impl FnMut(&Problem) -> bool) {
        let seen = &mut self.seen;
        self.kept.retain(|p| {
            let keep = f(p);
            if !keep && let Some(n) = seen.get_mut(&p.file) {
                *n -= 1;
            }
            keep
        });
    }

    /// Whether there is no problem at all.
    pub fn is_empty(&self) -> bool {
        self.kept.is_empty() && self.seen.values().all(|&n| n == 0)
    }

    /// The list: the problems kept, in the order they came, then one [`Place::More`] line for
    /// each file with more, in file order.
    pub fn into_vec(self) -> Vec<Problem> {
        let mut kept = self.kept;
        let mut more: Vec<(String, usize)> = self
            .seen
            .into_iter()
            .filter(|(_, n)| *n > MAX_PROBLEMS_PER_FILE)
            .map(|(file, n)| (file, n - MAX_PROBLEMS_PER_FILE))
            .collect();
        more.sort();
        kept.extend(more.into_iter().map(|(file, count)| Problem {
            file,
            place: Place::More { count },
            message: String::new(),
            kind: ProblemKind::Other,
        }));
        kept
    }
}

impl Extend<Problem> for ProblemList {
    fn extend<I: IntoIterator<Item = Problem>>(&mut self, iter: I) {
        for p in iter {
            self.push(p);
        }
    }
}

/// How many problems a list stands for, counting those a [`Place::More`] line left out.
pub fn problem_count(problems: &[Problem]) -> usize {
    problems
        .iter()
        .map(|p| match p.place {
            Place::More { count } => count,
            _ => 1,
        })
        .sum()
}

/// A count with thousands separators: 999,800.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// One problem with an atlas: the file, the place in it, and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    /// The file, as the user would name it (`assets/atlas/units.toml`).
    pub file: String,
    /// The place in the file.
    pub place: Place,
    /// What is wrong, in one sentence.
    pub message: String,
    /// What kind of problem it is, where other problems may follow from it.
    pub kind: ProblemKind,
}

/// What a problem is about, where that matters to the loader: a reference to a row that does
/// not exist is dropped when the row was refused or its whole file could not be read (the
/// row's own problem is the cause, so it is not reported twice).
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub enum ProblemKind {
    /// Nothing that others follow from.
    #[default]
    Other,
    /// A row names a unit id that no unit row has.
    UnknownUnit(String),
    /// A row cites a source id that no source row has.
    UnknownSource(String),
    /// A GeoJSON feature was refused: the level lacks its piece (when its id could be read).
    RefusedFeature(Option<String>),
    /// A piece that cannot be drawn in the map's projection (a context piece far away is
    /// expected to be: those are not reported).
    Undrawn(String),
}

impl Problem {
    /// The same problem, of this kind.
    pub fn of_kind(self, kind: ProblemKind) -> Self {
        Problem { kind, ..self }
    }

    /// A problem with a whole file.
    pub fn file(file: &str, message: impl Into<String>) -> Self {
        Problem {
            file: file.to_string(),
            place: Place::File,
            message: tidy(message.into()),
            kind: ProblemKind::Other,
        }
    }

    /// A problem at a byte offset in a text file.
    pub fn at_offset(file: &str, text: &str, offset: usize, message: impl Into<String>) -> Self {
        let (line, column) = line_column(text, offset);
        Problem {
            file: file.to_string(),
            place: Place::Line { line, column },
            message: tidy(message.into()),
            kind: ProblemKind::Other,
        }
    }

    /// A problem at a byte offset in a text file, placed with the text's [`LineIndex`].
    pub fn at_indexed(
        file: &str,
        text: &str,
        index: &LineIndex,
        offset: usize,
        message: impl Into<String>,
    ) -> Self {
        let (line, column) = index.line_column(text, offset);
        Problem {
            file: file.to_string(),
            place: Place::Line { line, column },
            message: tidy(message.into()),
            kind: ProblemKind::Other,
        }
    }

    /// A problem with a GeoJSON feature.
    pub fn feature(
        file: &str,
        index: usize,
        piece: Option<&str>,
        message: impl Into<String>,
    ) -> Self {
        Problem {
            file: file.to_string(),
            place: Place::Feature {
                index,
                piece: piece.map(str::to_string),
            },
            message: tidy(message.into()),
            kind: ProblemKind::Other,
        }
    }
}

impl fmt::Display for Problem {
    /// `file:line:column: message`, `file: feature 3 (DEU-W): message` or `file: message`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.place {
            Place::File => write!(f, "{}: {}", self.file, self.message),
            Place::Line { line, column } => {
                write!(f, "{}:{}:{}: {}", self.file, line, column, self.message)
            }
            Place::Feature {
                index,
                piece: Some(p),
            } => write!(
                f,
                "{}: feature {} ({}): {}",
                self.file, index, p, self.message
            ),
            Place::Feature { index, piece: None } => {
                write!(f, "{}: feature {}: {}", self.file, index, self.message)
            }
            Place::More { count } => {
                write!(f, "… and {} more in {}", thousands(*count), self.file)
            }
        }
    }
}

/// Where the lines of a text start, so that many offsets of one file become lines and columns
/// without reading the file from its start for each (a table of 100,000 rows would otherwise
/// take minutes).
///
/// ```
/// use bloc_model::LineIndex;
/// let text = "a = 1\nbé = 2\n";
/// let index = LineIndex::new(text);
/// assert_eq!(index.line_column(text, 9), (2, 3));
/// ```
pub struct LineIndex {
    /// Byte offset of the start of each line.
    starts: Vec<usize>,
    /// Characters before each block of [`BLOCK`] bytes: columns of long lines cost at most a
    /// block's scan.
    chars_before_block: Vec<usize>,
}

const BLOCK: usize = 256;

impl LineIndex {
    /// The index of `text`.
    pub fn new(text: &str) -> LineIndex {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        starts.extend(
            bytes
                .iter()
                .enumerate()
                .filter(|&(_, &b)| b == b'\n')
                .map(|(i, _)| i + 1),
        );
        let mut chars_before_block = Vec::with_capacity(bytes.len() / BLOCK + 1);
        let mut chars = 0;
        for block in bytes.chunks(BLOCK) {
            chars_before_block.push(chars);
            chars += block.iter().filter(|&&b| !is_continuation(b)).count();
        }
        chars_before_block.push(chars);
        LineIndex {
            starts,
            chars_before_block,
        }
    }

    /// The 1-based line and column (in characters) of a byte offset in `text`, the text this
    /// index was made from.
    pub fn line_column(&self, text: &str, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = self.starts[line.saturating_sub(1)];
        let column = self.chars_before(text, offset) - self.chars_before(text, start) + 1;
        (line, column)
    }

    /// The number of characters that start before byte `offset`.
    fn chars_before(&self, text: &str, offset: usize) -> usize {
        let block = offset / BLOCK;
        let from = block * BLOCK;
        let base = self.chars_before_block.get(block).copied().unwrap_or(0);
        base + text.as_bytes()[from..offset]
            .iter()
            .filter(|&&b| !is_continuation(b))
            .count()
    }
}

fn is_continuation(b: u8) -> bool {
    b & 0xC0 == 0x80
}

/// The 1-based line and column (in characters) of a byte offset in `text`.
///
/// Reads the text up to the offset: for many offsets in one text, use a [`LineIndex`].
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_of_offsets() {
        let text = "a = 1\nbé = 2\n";
        assert_eq!(line_column(text, 0), (1, 1));
        assert_eq!(line_column(text, 6), (2, 1));
        assert_eq!(line_column(text, 9), (2, 3));
        assert_eq!(line_column(text, 1000), (3, 1));
    }

    #[test]
    fn the_index_agrees_with_reading_from_the_start() {
        // Long lines with multi-byte characters across block boundaries, and short ones.
        let mut text = String::new();
        for i in 0..50 {
            text.push_str(&"é€x".repeat(i * 37));
            text.push('\n');
        }
        let index = LineIndex::new(&text);
        for offset in (0..text.len() + 3).step_by(7) {
            assert_eq!(
                index.line_column(&text, offset),
                line_column(&text, offset),
                "{offset}"
            );
        }
    }
}
