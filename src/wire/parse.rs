//! Reading records from JSON text with errors that say where: [`from_str`], [`from_slice`].

use serde::Serialize;
use serde_json::error::Category;
use std::fmt;

use crate::wire::pointer::JsonPointer;
use crate::wire::{self, ErrorKind, Record};

/// Reads a record from JSON text.
///
/// Same result as `serde_json::from_str`, with a [`ParseError`] that separates the JSON
/// Pointer of the problem, the message and the position, and also names the element of a list
/// (`/3/email/email`). A leading UTF-8 byte order mark is skipped.
///
/// # Errors
///
/// [`ParseError`] when the text is not JSON, or the JSON has the wrong shape for `T`.
///
/// # Example
///
/// ```
/// use copper_lead::{Lead, ParseErrorKind};
///
/// let leads: Vec<Lead> = copper_lead::from_str(r#"[{"name": "A"}, {"name": "B"}]"#)?;
/// assert_eq!(leads.len(), 2);
///
/// let err = copper_lead::from_str::<Vec<Lead>>(r#"[{"name": "A"}, {"tags": ["x", 5]}]"#)
///     .unwrap_err();
/// assert_eq!(err.kind(), ParseErrorKind::Shape);
/// assert_eq!(err.path().as_str(), "/1/tags/1");
/// assert_eq!(err.message(), "invalid type: integer `5`, expected a string");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn from_str<T: Record>(text: &str) -> Result<T, ParseError> {
    read_text(text.strip_prefix('\u{feff}').unwrap_or(text))
}

/// Reads a record from JSON bytes; see [`from_str`].
///
/// # Errors
///
/// [`ParseError`] when the bytes are not JSON (invalid UTF-8 included), or the JSON has the
/// wrong shape for `T`.
pub fn from_slice<T: Record>(bytes: &[u8]) -> Result<T, ParseError> {
    match as_text(bytes) {
        Ok(text) => read_text(text),
        Err(bytes) => read_bytes(bytes),
    }
}

/// The input without its byte order mark, as text when it is UTF-8 (else the bytes).
///
/// Checking UTF-8 once for the whole input, then reading it as text, is much cheaper than
/// `serde_json`'s check of every string on its own (a sixth of the time of a lead). Bytes that
/// are not UTF-8 take the byte reader, which reports where they go wrong.
fn as_text(bytes: &[u8]) -> Result<&str, &[u8]> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|_| bytes)
}

/// The record read on the fast path ("The fast path" in `wire`), or `None` to read it with
/// serde.
pub(crate) fn scan<T: Record>(text: &str, scratch: &mut String) -> Option<T> {
    if wire::arbitrary_precision() {
        return None;
    }
    let mut cur = wire::cursor::Cursor::new(text, scratch);
    let record = T::scan_new(&mut cur)?;
    cur.at_end().then_some(record)
}

/// Reads a record from text whose byte order mark, if any, is gone: on the fast path when it
/// can, else (and for every error) with `serde_json`.
fn read_text<T: Record>(text: &str) -> Result<T, ParseError> {
    if let Some(record) = scan(text, &mut String::new()) {
        return Ok(record);
    }
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let read = T::from_wire(&mut deserializer, 0);
    whole(read, deserializer, text.as_bytes())
}

/// The result of reading a record from `input`, checked to end where the input ends.
fn whole<'de, R: serde_json::de::Read<'de>, V>(
    read: Result<V, serde_json::Error>,
    mut deserializer: serde_json::Deserializer<R>,
    input: &[u8],
) -> Result<V, ParseError> {
    read.and_then(|value| deserializer.end().map(|()| value))
        .map_err(|err| ParseError::new(&err, input))
}

/// Reads a record from bytes (not UTF-8, so always an error) whose byte order mark is gone.
fn read_bytes<T: Record>(bytes: &[u8]) -> Result<T, ParseError> {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let read = T::from_wire(&mut deserializer, 0);
    whole(read, deserializer, bytes)
}

/// Reads a record over `place`, reusing what it owns and `scratch` for strings with
/// escapes; the same result as [`from_slice`]. After an error `place` holds a valid but
/// unspecified record.
#[cfg(feature = "validate")]
pub(crate) fn from_slice_into<T: Record>(
    bytes: &[u8],
    place: &mut T,
    scratch: &mut String,
) -> Result<(), ParseError> {
    match as_text(bytes) {
        Ok(text) => {
            if !wire::arbitrary_precision() {
                let mut cur = wire::cursor::Cursor::new(text, scratch);
                if T::scan_place(place, &mut cur).is_some() && cur.at_end() {
                    return Ok(());
                }
            }
            // What the fast path left half read is read again whole.
            let mut deserializer = serde_json::Deserializer::from_str(text);
            let read = T::from_wire_in_place(&mut deserializer, 0, place);
            whole(read, deserializer, text.as_bytes())
        }
        Err(bytes) => read_bytes::<T>(bytes).map(|record| *place = record),
    }
}

/// Reads a record from a `serde_json::Value`; see [`from_str`]. The error has no position.
///
/// The same limits apply as to text: a value nested deeper than 127 levels is refused
/// (`serde_json::Value` itself has no limit), and a key given twice cannot occur in a `Value`.
///
/// # Errors
///
/// [`ParseError`] when the value has the wrong shape for `T`, or nests too deep.
pub fn from_value<T: Record>(value: &serde_json::Value) -> Result<T, ParseError> {
    T::from_wire(value, 0).map_err(|err| ParseError::new(&err, b""))
}

/// What kind of problem a [`ParseError`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ParseErrorKind {
    /// The text is not JSON (includes invalid UTF-8, numbers beyond `f64`, nesting deeper
    /// than 127 levels, trailing characters).
    Syntax,
    /// The text ends before the JSON does (empty or truncated input).
    Eof,
    /// Valid JSON of the wrong shape: a wrong type, an id that is not a non-negative integer,
    /// a timestamp out of range, a key given twice.
    Shape,
    /// Reading the input failed (an I/O error of the reader).
    Io,
    /// A record in a stream is larger than the reader's limit
    /// ([`Reader::max_record_bytes`](crate::stream::Reader::max_record_bytes)).
    TooLarge,
}

impl ParseErrorKind {
    /// The kind as a stable snake-case word: `syntax`, `eof`, `shape`, `io`, `too_large`.
    ///
    /// ```
    /// use copper_lead::{Lead, ParseErrorKind};
    ///
    /// let err = copper_lead::from_str::<Lead>(r#"{"name": "Ada"#).unwrap_err();
    /// assert_eq!(err.kind(), ParseErrorKind::Eof);
    /// assert_eq!(err.kind().as_str(), "eof");
    /// ```
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            ParseErrorKind::Syntax => "syntax",
            ParseErrorKind::Eof => "eof",
            ParseErrorKind::Shape => "shape",
            ParseErrorKind::Io => "io",
            ParseErrorKind::TooLarge => "too_large",
        }
    }
}

impl fmt::Display for ParseErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for ParseErrorKind {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// Why a record could not be read, and where.
///
/// `Display` gives the whole story, e.g. `/phone_numbers/1/number: invalid type: integer
/// `5`, expected a string at line 1 column 57`.
///
/// ```
/// use copper_lead::{Lead, ParseErrorKind};
///
/// let err = copper_lead::from_str::<Lead>("{\n  \"phone_numbers\": [{\"number\": 5}]\n}").unwrap_err();
/// assert_eq!(err.kind(), ParseErrorKind::Shape);
/// assert_eq!(err.path().as_str(), "/phone_numbers/0/number");
/// assert_eq!(err.message(), "invalid type: integer `5`, expected a string");
/// assert_eq!((err.line(), err.column()), (2, 32));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.display())]
pub struct ParseError {
    kind: ParseErrorKind,
    path: JsonPointer,
    message: String,
    line: usize,
    column: usize,
}

impl ParseError {
    /// Builds the error from `serde_json`'s: a shape error's path and message come from the
    /// note the crate's visitors left ([`wire`]); a syntax error's path is found in `input`
    /// from its position.
    pub(crate) fn new(err: &serde_json::Error, input: &[u8]) -> Self {
        let (line, column) = (err.line(), err.column());
        let (kind, path, message) = if let Some(noted) = wire::take() {
            let kind = match noted.kind {
                ErrorKind::Shape => ParseErrorKind::Shape,
                // As `serde_json`'s reader classifies the same limit.
                ErrorKind::Depth => ParseErrorKind::Syntax,
            };
            (kind, noted.pointer(), noted.message)
        } else {
            let kind = match err.classify() {
                Category::Syntax => ParseErrorKind::Syntax,
                Category::Eof => ParseErrorKind::Eof,
                Category::Data => ParseErrorKind::Shape,
                Category::Io => ParseErrorKind::Io,
            };
            // `serde_json` appends exactly this to a message that has a position.
            let full = err.to_string();
            let suffix = format!(" at line {line} column {column}");
            let message = match full.strip_suffix(&suffix) {
                Some(message) if line > 0 => message.to_owned(),
                _ => full,
            };
            let path = if line == 0 {
                JsonPointer::root()
            } else {
                pointer_at(input, line, column)
            };
            (kind, path, message)
        };
        ParseError {
            kind,
            path,
            message,
            line,
            column,
        }
    }

    /// The same error for the element `index` of a list it was read from alone.
    pub(crate) fn at_index(mut self, index: usize) -> Self {
        self.path = JsonPointer::root().index(index).join(&self.path);
        self
    }

    /// The error for a streamed record over the size limit.
    pub(crate) fn too_large(limit: usize) -> Self {
        ParseError {
            kind: ParseErrorKind::TooLarge,
            path: JsonPointer::root(),
            message: format!("the record is larger than the limit of {limit} bytes"),
            line: 0,
            column: 0,
        }
    }

    /// What kind of problem this is.
    #[must_use]
    pub const fn kind(&self) -> ParseErrorKind {
        self.kind
    }

    /// The JSON Pointer of the value that could not be read (the innermost value open at the
    /// error, for syntax errors); the root for an error about the whole document.
    #[must_use]
    pub const fn path(&self) -> &JsonPointer {
        &self.path
    }

    /// The message, without path or position.
    #[must_use]
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The 1-based line of the error; 0 when reading from a `Value`.
    #[must_use]
    pub const fn line(&self) -> usize {
        self.line
    }

    /// The 1-based column of the error; 0 when reading from a `Value`.
    #[must_use]
    pub const fn column(&self) -> usize {
        self.column
    }

    fn display(&self) -> impl fmt::Display + '_ {
        struct Show<'a>(&'a ParseError);
        impl fmt::Display for Show<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                let e = self.0;
                if !e.path.is_root() {
                    write!(f, "{}: ", e.path)?;
                }
                f.write_str(&e.message)?;
                if e.line > 0 {
                    write!(f, " at line {} column {}", e.line, e.column)?;
                }
                Ok(())
            }
        }
        Show(self)
    }
}

impl Serialize for ParseError {
    /// `{"kind": "shape", "path": "/id", "message": "...", "line": 1, "column": 9}`; `line`
    /// and `column` are left out when there is no position (read from a `Value`).
    ///
    /// ```
    /// let err = copper_lead::from_str::<copper_lead::Lead>(r#"{"id": "x"}"#).unwrap_err();
    /// assert_eq!(
    ///     serde_json::to_string(&err)?,
    ///     r#"{"kind":"shape","path":"/id","message":"invalid type: string \"x\", expected a lead id (a non-negative integer)","line":1,"column":10}"#
    /// );
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap as _;
        let positioned = self.line > 0;
        let mut map = serializer.serialize_map(Some(if positioned { 5 } else { 3 }))?;
        map.serialize_entry("kind", &self.kind)?;
        map.serialize_entry("path", &self.path)?;
        map.serialize_entry("message", &self.message)?;
        if positioned {
            map.serialize_entry("line", &self.line)?;
            map.serialize_entry("column", &self.column)?;
        }
        map.end()
    }
}

/// The pointer of the innermost value open at a 1-based line and column of `input`: a
/// linear scan that follows objects, keys and arrays up to that point. A key counts once its
/// `:` has been read, so a truncated or unfinished key never names a key that does not exist.
fn pointer_at(input: &[u8], line: usize, column: usize) -> JsonPointer {
    enum Open {
        Object(Option<String>),
        Array(usize),
    }
    let end = offset_of(input, line, column).min(input.len());
    let prefix = input.get(..end).unwrap_or(input);
    let mut stack: Vec<Open> = Vec::new();
    let mut expecting_key = false;
    // A key read in full, waiting for its `:`.
    let mut read_key: Option<String> = None;
    let mut i = 0;
    while let Some(&byte) = prefix.get(i) {
        match byte {
            b'{' => {
                stack.push(Open::Object(None));
                expecting_key = true;
            }
            b'[' => {
                stack.push(Open::Array(0));
                expecting_key = false;
            }
            b'}' | b']' => {
                stack.pop();
                expecting_key = false;
            }
            b',' => match stack.last_mut() {
                Some(Open::Array(index)) => *index += 1,
                Some(Open::Object(key)) => {
                    *key = None;
                    expecting_key = true;
                }
                None => {}
            },
            b':' => {
                if let Some(Open::Object(key)) = stack.last_mut() {
                    *key = read_key.take();
                }
            }
            b'"' => {
                let start = i + 1;
                i = start;
                while let Some(&b) = prefix.get(i) {
                    match b {
                        b'\\' => i += 2,
                        b'"' => break,
                        _ => i += 1,
                    }
                }
                let closed = prefix.get(i) == Some(&b'"');
                if expecting_key && closed {
                    let raw = prefix.get(start..i).unwrap_or_default();
                    // Unescape the usual way; a key whose escapes do not read keeps its raw
                    // text, which is still the best available name.
                    let text = String::from_utf8_lossy(raw);
                    read_key = Some(
                        serde_json::from_str::<String>(&format!("\"{text}\""))
                            .unwrap_or_else(|_| text.into_owned()),
                    );
                }
                expecting_key = false;
            }
            _ => {}
        }
        i += 1;
    }
    stack
        .iter()
        .fold(JsonPointer::root(), |path, open| match open {
            Open::Object(Some(key)) => path.key(key),
            Open::Object(None) => path,
            Open::Array(index) => path.index(*index),
        })
}

/// The byte offset of a 1-based line and column, as `serde_json` counts them.
fn offset_of(input: &[u8], line: usize, column: usize) -> usize {
    let mut line_start = 0;
    for _ in 1..line {
        match input
            .get(line_start..)
            .and_then(|rest| rest.iter().position(|&b| b == b'\n'))
        {
            Some(at) => line_start += at + 1,
            None => return input.len(),
        }
    }
    line_start + column
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax_errors_get_the_open_path() {
        let input = br#"{"a": [1, {"b~/": tru"#;
        assert_eq!(pointer_at(input, 1, input.len()).as_str(), "/a/1/b~0~1");
        let two_lines = b"{\n\"x\": [1,\n 2, }";
        assert_eq!(pointer_at(two_lines, 3, 4).as_str(), "/x/2");
    }

    #[test]
    fn keys_count_once_their_colon_is_read() {
        for (input, path) in [
            (&br#"{"na"#[..], ""),
            (br#"{"name": "Ada", ""#, ""),
            (br#"{"name""#, ""),
            (br#"{"name": "ab"#, "/name"),
            (br#"{"a": {"b": 1, "c"#, "/a"),
        ] {
            assert_eq!(pointer_at(input, 1, input.len()).as_str(), path);
        }
    }

    #[test]
    fn offsets_follow_lines() {
        assert_eq!(offset_of(b"ab\ncd\nef", 3, 1), 7);
        assert_eq!(offset_of(b"ab", 5, 1), 2);
    }
}
