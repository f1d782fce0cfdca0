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
}

impl Problem {
    /// A problem with a whole file.
    pub fn file(file: &str, message: impl Into<String>) -> Self {
        Problem {
            file: file.to_string(),
            place: Place::File,
            message: message.into(),
        }
    }

    /// A problem at a byte offset in a text file.
    pub fn at_offset(file: &str, text: &str, offset: usize, message: impl Into<String>) -> Self {
        let (line, column) = line_column(text, offset);
        Problem {
            file: file.to_string(),
            place: Place::Line { line, column },
            message: message.into(),
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
            message: message.into(),
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
        }
    }
}

/// The 1-based line and column (in characters) of a byte offset in `text`.
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
}
