//! User text made safe to show: control characters written as escapes, and lengths cut.
//!
//! Ids, names and captions come from files a user gives us. A 10 MB id must not become a 10 MB
//! message, an ESC in a tour title must not reach a terminal raw (it could recolour or clear
//! it), and a newline in an id must not split a one-line message in two.

use std::borrow::Cow;

/// How many characters of an id or a name a message quotes.
pub const QUOTED_CHARS: usize = 60;

/// `text` with control characters escaped (`\n`, `\u{1b}`) and cut after `max` characters
/// with an ellipsis and the length of the whole.
///
/// ```
/// use bloc_model::clip;
/// assert_eq!(clip("DEU", 10), "DEU");
/// assert_eq!(clip("a\nb\u{1b}[2J", 20), "a\\nb\\u{1b}[2J");
/// assert_eq!(clip(&"x".repeat(50), 10), "xxxxxxxxxx… (50 characters)");
/// ```
pub fn clip(text: &str, max: usize) -> Cow<'_, str> {
    let fits = text.chars().nth(max).is_none();
    if fits && !text.chars().any(char::is_control) {
        return Cow::Borrowed(text);
    }
    let mut out = String::new();
    for c in text.chars().take(max) {
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    if !fits {
        out.push_str(&format!("… ({} characters)", text.chars().count()));
    }
    Cow::Owned(out)
}

/// An id or name as a message quotes it: at most [`QUOTED_CHARS`] characters, no control
/// characters.
pub fn quoted(text: &str) -> Cow<'_, str> {
    clip(text, QUOTED_CHARS)
}

/// Text for a terminal: control characters other than line breaks and tabs escaped, so that
/// user data never sends escape sequences; the length is kept.
pub fn for_terminal(text: &str) -> Cow<'_, str> {
    let bad = |c: char| c.is_control() && c != '\n' && c != '\t';
    if !text.chars().any(bad) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if bad(c) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}
