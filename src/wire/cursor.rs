//! [`Cursor`]: the fast path's reader of JSON text (see "The fast path" in [`crate::wire`]).
//! It reads tokens exactly as `serde_json` hands them to a visitor, and answers `None` for
//! anything else; it knows nothing of records.

use crate::wire::words::string_run_end;

/// How deep the fast path goes before it leaves a value to the serde path (whose limit,
/// 127, stays the only one a caller meets).
const MAX_FAST_DEPTH: usize = 32;

/// A position in JSON text, and a buffer for strings with escapes.
///
/// Public in a private module: it appears in `FromWire`'s hidden methods. Its `Debug`
/// shows where it is, not the text (a whole document, which may hold secrets).
pub struct Cursor<'a> {
    text: &'a str,
    pos: usize,
    depth: usize,
    scratch: &'a mut String,
}

impl std::fmt::Debug for Cursor<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Cursor")
            .field("pos", &self.pos)
            .field("depth", &self.depth)
            .field("len", &self.text.len())
            .finish_non_exhaustive()
    }
}

impl<'a> Cursor<'a> {
    pub(crate) fn new(text: &'a str, scratch: &'a mut String) -> Self {
        Cursor {
            text,
            pos: 0,
            depth: 0,
            scratch,
        }
    }

    fn bytes(&self) -> &'a [u8] {
        self.text.as_bytes()
    }

    fn skip_whitespace(&mut self) {
        while let Some(b' ' | b'\n' | b'\r' | b'\t') = self.bytes().get(self.pos) {
            self.pos += 1;
        }
    }

    /// The next byte after whitespace, not consumed.
    pub(crate) fn peek(&mut self) -> Option<u8> {
        self.skip_whitespace();
        self.bytes().get(self.pos).copied()
    }

    /// Consumes `byte` after whitespace, if it is next.
    pub(crate) fn eat(&mut self, byte: u8) -> bool {
        if self.peek() == Some(byte) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    /// Whether only whitespace is left.
    pub(crate) fn at_end(&mut self) -> bool {
        self.peek().is_none()
    }

    pub(crate) fn enter(&mut self, open: u8) -> Option<()> {
        if self.depth >= MAX_FAST_DEPTH || !self.eat(open) {
            return None;
        }
        self.depth += 1;
        Some(())
    }

    pub(crate) fn leave(&mut self) {
        self.depth -= 1;
    }

    /// Consumes `null` if it is next.
    pub(crate) fn null(&mut self) -> Option<bool> {
        if self.peek() != Some(b'n') {
            return Some(false);
        }
        self.literal("null").map(|()| true)
    }

    pub(crate) fn literal(&mut self, word: &str) -> Option<()> {
        let end = self.pos + word.len();
        if self.text.get(self.pos..end) != Some(word) {
            return None;
        }
        self.pos = end;
        self.delimited()
    }

    /// A value must be followed by whitespace, a separator or the end.
    fn delimited(&self) -> Option<()> {
        match self.bytes().get(self.pos) {
            None | Some(b' ' | b'\n' | b'\r' | b'\t' | b',' | b'}' | b']' | b':') => Some(()),
            Some(_) => None,
        }
    }

    /// A string without escapes, borrowed from the text (an object's key); `None` for one with
    /// escapes or control characters.
    pub(crate) fn plain_string(&mut self) -> Option<&'a str> {
        if !self.eat(b'"') {
            return None;
        }
        let start = self.pos;
        let end = string_run_end(self.bytes(), start);
        if self.bytes().get(end) != Some(&b'"') {
            return None;
        }
        self.pos = end + 1;
        self.text.get(start..end)
    }

    /// Consumes the key `"name"` if it is next, written plainly (a key written with escapes
    /// is left to [`Cursor::plain_string`], which gives up on it).
    pub(crate) fn eat_key(&mut self, name: &str) -> bool {
        self.skip_whitespace();
        let start = self.pos + 1;
        let end = start + name.len();
        let bytes = self.bytes();
        if bytes.get(self.pos) == Some(&b'"')
            && bytes.get(start..end) == Some(name.as_bytes())
            && bytes.get(end) == Some(&b'"')
        {
            self.pos = end + 1;
            true
        } else {
            false
        }
    }

    /// A string, escapes decoded; `f` sees its text.
    pub(crate) fn string<R>(&mut self, f: impl FnOnce(&str) -> Option<R>) -> Option<R> {
        if self.peek() != Some(b'"') {
            return None;
        }
        let start = self.pos + 1;
        let end = string_run_end(self.bytes(), start);
        match self.bytes().get(end) {
            Some(b'"') => {
                self.pos = end + 1;
                f(self.text.get(start..end)?)
            }
            Some(b'\\') => self.escaped(start).and_then(|()| f(self.scratch)),
            // A control character, or the end of the input.
            _ => None,
        }
    }

    /// Decodes a string with escapes, from the byte after its opening quote, into `scratch`.
    fn escaped(&mut self, start: usize) -> Option<()> {
        self.scratch.clear();
        let mut pos = start;
        loop {
            let end = string_run_end(self.bytes(), pos);
            self.scratch.push_str(self.text.get(pos..end)?);
            pos = end;
            match self.bytes().get(pos) {
                Some(b'"') => {
                    self.pos = pos + 1;
                    return Some(());
                }
                Some(b'\\') => {}
                _ => return None,
            }
            // A backslash.
            let escape = *self.bytes().get(pos + 1)?;
            pos += 2;
            let c = match escape {
                b'"' => '"',
                b'\\' => '\\',
                b'/' => '/',
                b'b' => '\u{8}',
                b'f' => '\u{c}',
                b'n' => '\n',
                b'r' => '\r',
                b't' => '\t',
                b'u' => {
                    let high = self.hex4(pos)?;
                    pos += 4;
                    if (0xDC00..0xE000).contains(&high) {
                        return None; // a lone trailing surrogate
                    }
                    if (0xD800..0xDC00).contains(&high) {
                        if self.bytes().get(pos..pos + 2) != Some(b"\\u") {
                            return None; // a lone leading surrogate
                        }
                        let low = self.hex4(pos + 2)?;
                        if !(0xDC00..0xE000).contains(&low) {
                            return None;
                        }
                        pos += 6;
                        char::from_u32(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))?
                    } else {
                        char::from_u32(high)?
                    }
                }
                _ => return None,
            };
            self.scratch.push(c);
        }
    }

    fn hex4(&self, at: usize) -> Option<u32> {
        let digits = self.text.get(at..at + 4)?;
        if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        u32::from_str_radix(digits, 16).ok()
    }

    /// A number as `serde_json` hands it to a visitor.
    fn number(&mut self) -> Option<Scalar> {
        self.skip_whitespace();
        let start = self.pos;
        let bytes = self.bytes();
        let mut pos = start;
        let negative = bytes.get(pos) == Some(&b'-');
        pos += usize::from(negative);
        // The whole part, accumulated while it fits a u64 (the common case needs no second
        // pass over the digits).
        let first = pos;
        let mut value: Option<u64> = Some(0);
        while let Some(&digit @ b'0'..=b'9') = bytes.get(pos) {
            value = value
                .and_then(|v| v.checked_mul(10))
                .and_then(|v| v.checked_add(u64::from(digit - b'0')));
            pos += 1;
        }
        let whole = pos - first;
        if whole == 0 || (whole > 1 && bytes.get(first) == Some(&b'0')) {
            return None;
        }
        // At least one digit from `from`: where they end.
        let digits = |from: usize| {
            let end = from
                + bytes
                    .get(from..)?
                    .iter()
                    .take_while(|b| b.is_ascii_digit())
                    .count();
            (end > from).then_some(end)
        };
        let mut integer = true;
        if bytes.get(pos) == Some(&b'.') {
            pos = digits(pos + 1)?;
            integer = false;
        }
        if let Some(b'e' | b'E') = bytes.get(pos) {
            pos += 1;
            if let Some(b'+' | b'-') = bytes.get(pos) {
                pos += 1;
            }
            pos = digits(pos)?;
            integer = false;
        }
        self.pos = pos;
        self.delimited()?;
        match (integer, negative, value) {
            (true, false, Some(v)) => return Some(Scalar::Unsigned(v)),
            // `-0` is a float to serde_json.
            (true, true, Some(v)) if v != 0 => {
                if let Some(v) = 0_i64.checked_sub_unsigned(v) {
                    return Some(Scalar::Signed(v));
                }
            }
            _ => {}
        }
        // Floats, `-0` and integers beyond 64 bits are floats to serde_json; its own parser
        // reads them, so the value is the one the serde path would see.
        serde_json::from_str::<f64>(self.text.get(start..pos)?)
            .ok()
            .map(Scalar::Float)
    }

    /// The next scalar value (not a string, array or object).
    pub(crate) fn scalar(&mut self) -> Option<Scalar> {
        match self.peek()? {
            b't' => self.literal("true").map(|()| Scalar::Bool(true)),
            b'f' => self.literal("false").map(|()| Scalar::Bool(false)),
            b'-' | b'0'..=b'9' => self.number(),
            _ => None,
        }
    }
}

/// A JSON scalar as a visitor receives it.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Scalar {
    Bool(bool),
    Unsigned(u64),
    Signed(i64),
    Float(f64),
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scalar(cur: &mut Cursor<'_>) -> Option<Scalar> {
        cur.scalar()
    }

    fn read<T>(text: &str, f: impl FnOnce(&mut Cursor<'_>) -> Option<T>) -> Option<T> {
        let mut scratch = String::new();
        let mut cur = Cursor::new(text, &mut scratch);
        let value = f(&mut cur)?;
        cur.at_end().then_some(value)
    }

    #[test]
    fn strings_decode_as_serde_json_does_or_give_up() {
        for text in [
            r#""plain""#,
            r#""a\"b\\c\/d\be\ff\ng\rh\ti""#,
            r#""\u00e9\u0000\uD83D\uDE00""#,
            r#""Zoë – Łukasz""#,
        ] {
            let ours = read(text, |c| c.string(|s| Some(s.to_owned())));
            let theirs: String = serde_json::from_str(text).unwrap();
            assert_eq!(ours.as_deref(), Some(theirs.as_str()), "{text}");
        }
        for text in [
            r#""\uD800""#,
            r#""\uDC00""#,
            r#""\x""#,
            "\"a\u{1}\"",
            r#""open"#,
        ] {
            assert!(
                read(text, |c| c.string(|s| Some(s.to_owned()))).is_none(),
                "{text}"
            );
            assert!(serde_json::from_str::<String>(text).is_err(), "{text}");
        }
    }

    #[test]
    fn a_key_is_eaten_only_when_written_plainly_and_whole() {
        for (text, eaten, rest) in [
            (r#""name": 1"#, true, ": 1"),
            (r#"  "name":1"#, true, ":1"),
            (r#""names": 1"#, false, r#""names": 1"#),
            (r#""nam": 1"#, false, r#""nam": 1"#),
            (r#""\u006eame": 1"#, false, r#""\u006eame": 1"#),
            (r#""name"#, false, r#""name"#),
            ("name", false, "name"),
        ] {
            let mut scratch = String::new();
            let mut cur = Cursor::new(text, &mut scratch);
            assert_eq!(cur.eat_key("name"), eaten, "{text}");
            assert_eq!(
                cur.text.get(cur.pos..).map(str::trim_start),
                Some(rest),
                "{text}"
            );
        }
    }

    #[test]
    fn numbers_reach_a_leaf_as_serde_json_hands_them() {
        let shown = |s: Scalar| match s {
            Scalar::Bool(b) => format!("bool {b}"),
            Scalar::Unsigned(v) => format!("u64 {v}"),
            Scalar::Signed(v) => format!("i64 {v}"),
            Scalar::Float(v) => format!("f64 {v:?}"),
        };
        for (text, expected) in [
            ("0", "u64 0"),
            ("-0", "f64 -0.0"),
            ("-1", "i64 -1"),
            ("18446744073709551615", "u64 18446744073709551615"),
            ("18446744073709551616", "f64 1.8446744073709552e19"),
            ("-9223372036854775809", "f64 -9.223372036854776e18"),
            ("1.5", "f64 1.5"),
            ("1e2", "f64 100.0"),
            ("3.141592653589793238", "f64 3.141592653589793"),
        ] {
            assert_eq!(
                read(text, scalar).map(shown).as_deref(),
                Some(expected),
                "{text}"
            );
        }
        for text in ["00", "01", "1.", ".5", "1e", "-", "1e400", "+1", "1x"] {
            assert!(read(text, scalar).is_none(), "{text}");
        }
    }
}
