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
