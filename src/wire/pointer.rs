//! [`JsonPointer`]: an RFC 6901 path into the wire JSON.

use std::fmt::{self, Write as _};

/// An [RFC 6901](https://www.rfc-editor.org/rfc/rfc6901) JSON Pointer into a record's wire JSON,
/// such as `/phone_numbers/1/number`.
///
/// Validation findings and parse errors carry one, so a caller can point at the offending value
/// with [`serde_json::Value::pointer`]. The root (the whole record) is the empty string.
///
/// # Example
///
/// ```
/// use copper_lead::JsonPointer;
///
/// let path = JsonPointer::root().key("websites").index(0).key("url");
/// assert_eq!(path.to_string(), "/websites/0/url");
/// assert_eq!(JsonPointer::root().key("a/b~c").as_str(), "/a~1b~0c");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct JsonPointer(String);

impl JsonPointer {
    /// The pointer to the whole document (the empty string).
    #[must_use]
    pub const fn root() -> Self {
        JsonPointer(String::new())
    }

    /// This pointer extended by an object key (escaped as RFC 6901 requires).
    #[must_use]
    pub fn key(mut self, key: &str) -> Self {
        self.0.push('/');
        push_escaped(&mut self.0, key);
        self
    }

    /// This pointer extended by an array index.
    #[must_use]
    pub fn index(mut self, index: usize) -> Self {
        // Writing to a String cannot fail.
        let _ = write!(self.0, "/{index}");
        self
    }

    /// This pointer followed by `inner` (a path within the value this one points at).
    pub(crate) fn join(mut self, inner: &JsonPointer) -> Self {
        self.0.push_str(&inner.0);
        self
    }

    /// Builds a pointer from its textual form, if it is one (empty, or starting with `/`, with
    /// every `~` followed by `0` or `1`).
    #[must_use]
    pub fn parse(text: &str) -> Option<Self> {
        if !(text.is_empty() || text.starts_with('/')) {
            return None;
        }
        let mut rest = text;
        while let Some(at) = rest.find('~') {
            let after = rest.get(at + 1..)?;
            if !(after.starts_with('0') || after.starts_with('1')) {
                return None;
            }
            rest = after;
        }
        Some(JsonPointer(text.to_owned()))
    }

    /// The pointer's text, e.g. `/tags/1`.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether this is the root pointer.
    #[must_use]
    pub fn is_root(&self) -> bool {
        self.0.is_empty()
    }

    /// The reference tokens, unescaped: `/a~1b/0` yields `a/b` and `0`.
    pub fn tokens(&self) -> impl Iterator<Item = String> + '_ {
        self.0
            .split('/')
            .skip(1)
            .map(|token| token.replace("~1", "/").replace("~0", "~"))
    }
}

/// Appends `token` to `out` with `~` and `/` escaped as `~0` and `~1`.
pub(crate) fn push_escaped(out: &mut String, token: &str) {
    if token.contains(['~', '/']) {
        for c in token.chars() {
            match c {
                '~' => out.push_str("~0"),
                '/' => out.push_str("~1"),
                c => out.push(c),
            }
        }
    } else {
        out.push_str(token);
    }
}

impl fmt::Display for JsonPointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::str::FromStr for JsonPointer {
    type Err = InvalidPointer;

    /// Reads a pointer's text ([`JsonPointer::parse`]).
    fn from_str(text: &str) -> Result<Self, InvalidPointer> {
        JsonPointer::parse(text).ok_or_else(|| InvalidPointer(text.to_owned()))
    }
}

/// The error for text that is not a JSON Pointer (it must be empty or start with `/`, and
/// every `~` must be followed by `0` or `1`).
///
/// ```
/// use copper_lead::JsonPointer;
///
/// let err = "phone_numbers/0".parse::<JsonPointer>().unwrap_err();
/// assert_eq!(err.to_string(), "\"phone_numbers/0\" is not a JSON Pointer");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{} is not a JSON Pointer", crate::wire::quote::Quoted(.0))]
pub struct InvalidPointer(String);

impl serde::Serialize for JsonPointer {
    /// As its text.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> serde::Deserialize<'de> for JsonPointer {
    /// From its text; text that is not a pointer is an error.
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

impl AsRef<str> for JsonPointer {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_unescapes_tokens() {
        let p = JsonPointer::root().key("a~/b").index(3);
        assert_eq!(p.as_str(), "/a~0~1b/3");
        assert_eq!(p.tokens().collect::<Vec<_>>(), ["a~/b", "3"]);
    }

    #[test]
    fn parse_accepts_only_pointers() {
        assert!(JsonPointer::parse("").is_some_and(|p| p.is_root()));
        assert!(JsonPointer::parse("/a/~0/~1").is_some());
        assert!(JsonPointer::parse("a").is_none());
        assert!(JsonPointer::parse("/a~2").is_none());
        assert!(JsonPointer::parse("/a~").is_none());
    }
}
