//! How input values are echoed in messages: quoted, and cut short.
//!
//! Error messages and findings quote the value they are about, so that a reader sees what was
//! wrong. The value comes from the input, which may be huge (a 50 MB `id`): echoing it whole
//! would make every error as large as the input. [`Quoted`] writes at most
//! [`ECHO_LIMIT`] characters of it, then `…`.

use std::fmt::{self, Write as _};

/// The most characters of an input value a message quotes.
pub(crate) const ECHO_LIMIT: usize = 64;

/// Text as a message quotes it: `"text"` with Rust's escapes (as `{:?}` writes it), cut after
/// [`ECHO_LIMIT`] characters with a `…` after the closing quote.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Quoted<'a>(pub(crate) &'a str);

impl fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (shown, cut) = head(self.0);
        fmt::Debug::fmt(shown, f)?;
        if cut {
            f.write_char('…')?;
        }
        Ok(())
    }
}

/// Text from elsewhere (a server's message) made safe to print on a terminal or in a log:
/// control characters (escape sequences, line breaks) and the invisible ones that reorder or
/// hide text (bidirectional overrides, zero-width characters) are written as escapes (`\u{1b}`),
/// and the text is cut after `limit` characters with `…`.
pub(crate) fn printable(text: &str, limit: usize) -> String {
    let mut out = String::with_capacity(text.len().min(limit * 2));
    for (count, c) in text.chars().enumerate() {
        if count == limit {
            out.push('…');
            break;
        }
        if c.is_control() || is_invisible(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    out
}

/// Characters that change how the text around them shows without showing themselves.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}')
}

/// The first [`ECHO_LIMIT`] characters of `text`, and whether any were left out.
pub(crate) fn head(text: &str) -> (&str, bool) {
    match text.char_indices().nth(ECHO_LIMIT) {
        Some((at, _)) => (text.get(..at).unwrap_or(text), true),
        None => (text, false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printable_text_escapes_what_a_terminal_would_obey() {
        assert_eq!(printable("plain text", 100), "plain text");
        assert_eq!(
            printable("\u{1b}]0;title\u{7}\u{1b}[2Jall synced\r\nOK\u{202e}", 100),
            "\\u{1b}]0;title\\u{7}\\u{1b}[2Jall synced\\u{d}\\u{a}OK\\u{202e}"
        );
        assert_eq!(printable(&"é".repeat(500), 3), "ééé…");
    }

    #[test]
    fn short_text_is_quoted_whole_and_long_text_is_cut() {
        assert_eq!(Quoted("a\"b").to_string(), r#""a\"b""#);
        let long = "é".repeat(1000);
        let shown = Quoted(&long).to_string();
        assert_eq!(shown, format!("{:?}…", "é".repeat(ECHO_LIMIT)));
        assert_eq!(
            head(&"x".repeat(ECHO_LIMIT)),
            ("x".repeat(ECHO_LIMIT).as_str(), false)
        );
    }
}
