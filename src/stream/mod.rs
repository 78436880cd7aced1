//! Reading many records from a stream: one record, a JSON array (a search response), NDJSON (an
//! export), or several of these one after another, told apart from the content. Memory stays
//! flat: an array is read element by element, and only one record's bytes are held at a time.
//!
//! Every record in the input is read or reported, however the layouts mix: a record that is
//! not JSON, is cut short or has the wrong shape is an [`Entry`] with its [`ParseError`]; a
//! broken array (a missing `,`, an end of input between elements) is a [`StreamError`] naming
//! the record it stands for; and an input with no JSON at all is [`StreamError::Empty`] unless
//! the caller allows it. An empty array (`[]`, a search page with no results) is a list of no
//! records, not an error, and a `,` before an array's `]` is taken as its end.
//!
//! A record left open does not swallow the records after it. A line that starts with `{` or
//! `[` no further indented than the line the open record started on begins the next record:
//! the open one is reported as cut short there. Records one after another (NDJSON, an array
//! with an element per line, pretty-printed records) start their lines that way; the lines
//! inside a pretty-printed record are indented further, or start with a key. An array on a line
//! of NDJSON is read element by element.

use std::io::{self, BufRead};
use std::marker::PhantomData;

mod parallel;

pub use parallel::RawRecord;

use crate::model::lead::Lead;
use crate::wire::Record;
use crate::wire::parse::{ParseError, ParseErrorKind, from_slice};
use crate::wire::words::{Nesting, skim};

/// How the input is laid out, as detected from its first bytes.
///
/// ```
/// use copper_lead::stream::{Format, Reader};
///
/// let mut reader = Reader::new(&b"[{\"name\": \"a\"}]"[..]);
/// let _ = reader.next();
/// assert_eq!(reader.format(), Some(Format::Array));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Format {
    /// A JSON array of records (`[{...}, {...}]`), possibly pretty-printed; further arrays
    /// may follow (search responses one after another).
    Array,
    /// One record per line (NDJSON / JSON Lines). A broken line is reported and reading goes
    /// on with the next line.
    Lines,
    /// Whitespace-separated JSON values that span lines, such as one pretty-printed record.
    Values,
}

/// One record read from a stream.
///
/// ```
/// use copper_lead::stream::Reader;
///
/// let mut reader = Reader::new(&b"{\"name\": \"a\"}\n{\"name\": 3}\n"[..]);
/// let second = reader.nth(1).unwrap()?;
/// assert_eq!((second.index, second.line), (1, 2));
/// assert_eq!(second.result.unwrap_err().path().as_str(), "/name");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub struct Entry<T> {
    /// The record's position in the input, from 0.
    pub index: usize,
    /// The 1-based line the record starts on.
    pub line: usize,
    /// The record, or why it could not be read (its path and position are within the record).
    pub result: Result<T, ParseError>,
}

/// Why a stream could not be read on. Each names the record it stands for (the one that
/// would have come next) and where.
///
/// ```
/// use copper_lead::ParseErrorKind;
/// use copper_lead::stream::{Reader, StreamError};
///
/// let items: Vec<_> = Reader::new(&b"[{\"name\": \"a\"},"[..]).collect();
/// let err = items.last().unwrap().as_ref().unwrap_err();
/// assert!(matches!(err, StreamError::Truncated { index: 1, .. }));
/// assert_eq!(err.kind(), ParseErrorKind::Eof);
/// assert!(matches!(Reader::new(&b""[..]).next(), Some(Err(StreamError::Empty))));
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StreamError {
    /// Reading the input failed.
    #[error("cannot read the input at record {index} (line {line}): {source}")]
    Io {
        /// The record being read.
        index: usize,
        /// The line reached.
        line: usize,
        /// The I/O error.
        source: io::Error,
    },
    /// The input ended inside an array, where another element or its `]` was due.
    #[error("the input ends inside the array at line {line}, before record {index}")]
    Truncated {
        /// The record that was due.
        index: usize,
        /// The line where the input ends.
        line: usize,
    },
    /// The input holds no JSON at all (it is empty, or only whitespace): a download cut to
    /// nothing, not a list of no records. See [`Reader::allow_empty`].
    #[error("the input is empty: it holds no record and no JSON array")]
    Empty,
}

impl serde::Serialize for StreamError {
    /// `{"kind": "eof", "path": "", "message": "...", "index": 2, "line": 1}`, in the shape of
    /// a [`ParseError`] (the path is the record's root) with the record's index and line.
    ///
    /// ```
    /// use copper_lead::stream::Reader;
    ///
    /// let err = Reader::new(&b"[{\"name\": \"a\"},"[..])
    ///     .find_map(Result::err)
    ///     .expect("a truncated array");
    /// let json = serde_json::to_value(&err)?;
    /// assert_eq!((json["kind"].as_str(), json["index"].as_u64()), (Some("eof"), Some(1)));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap as _;
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("kind", &self.kind())?;
        map.serialize_entry("path", "")?;
        map.serialize_entry("message", &self.to_string())?;
        if let Some(index) = self.index() {
            map.serialize_entry("index", &index)?;
        }
        if let Some(line) = self.line() {
            map.serialize_entry("line", &line)?;
        }
        map.end()
    }
}

impl StreamError {
    /// The kind of problem, as for a record: `Io`, `Eof` (truncated, empty) or `Syntax`.
    #[must_use]
    pub fn kind(&self) -> ParseErrorKind {
        match self {
            StreamError::Io { .. } => ParseErrorKind::Io,
            StreamError::Truncated { .. } | StreamError::Empty => ParseErrorKind::Eof,
        }
    }

    /// The record the error stands for (the one that would have come next); `None` for an
    /// empty input.
    #[must_use]
    pub fn index(&self) -> Option<usize> {
        self.position().map(|(index, _)| index)
    }

    /// The 1-based line where it happened; `None` for an empty input.
    #[must_use]
    pub fn line(&self) -> Option<usize> {
        self.position().map(|(_, line)| line)
    }

    /// The record's index and the line, for an error that has them.
    fn position(&self) -> Option<(usize, usize)> {
        match self {
            StreamError::Io { index, line, .. } | StreamError::Truncated { index, line } => {
                Some((*index, *line))
            }
            StreamError::Empty => None,
        }
    }
}

/// Reads records one at a time from a `BufRead`.
///
/// Each item is an [`Entry`] with the record (or its [`ParseError`]), so one bad record does
/// not stop the others; an `Err` item ([`StreamError`]) ends the stream. A record longer than
/// [`Reader::max_record_bytes`] is reported as an error without being held in memory.
///
/// The layout is detected from the content: a top-level `[` opens an array of records (and
/// after its `]`, more arrays or records may follow); otherwise a first record alone on its
/// line makes NDJSON, and one spanning lines makes a stream of values. A first line that does
/// not close its record, followed by a line that starts with `{` or `[`, is NDJSON whose first
/// record is broken, not one value that swallows the file.
///
/// # Example
///
/// ```
/// use copper_lead::stream::{Format, Reader};
///
/// let input = "{\"name\": \"a\"}\n{\"name\": 5}\n{\"name\": \"c\"}\n";
/// let mut reader = Reader::new(input.as_bytes());
/// let entries: Vec<_> = reader.by_ref().collect::<Result<_, _>>()?;
/// assert_eq!(reader.format(), Some(Format::Lines));
/// assert_eq!(entries.len(), 3);
/// assert!(entries[1].result.is_err());
/// assert_eq!(entries[2].line, 3);
///
/// let array = b"[{\"name\": \"a\"},\n {\"name\": \"b\"}]";
/// let names: Vec<String> = Reader::new(&array[..])
///     .map(|e| e.map(|e| e.result.ok().and_then(|l| l.name.into_value()).unwrap_or_default()))
///     .collect::<Result<_, _>>()?;
/// assert_eq!(names, ["a", "b"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct Reader<R, T = Lead> {
    input: R,
    format: Option<Format>,
    state: State,
    line: usize,
    column: Column,
    index: usize,
    buffer: Vec<u8>,
    max_record_bytes: usize,
    allow_empty: bool,
    record: PhantomData<fn() -> T>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Start,
    /// Inside an array, before an element or `]`; then back to `then`.
    InArray {
        then: Between,
    },
    /// Between lines of NDJSON.
    Lines,
    /// Between top-level values: records, or arrays of records.
    Values,
    Done,
}

/// Where a reader is between records, outside an array.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Between {
    Lines,
    Values,
}

impl Between {
    fn state(self) -> State {
        match self {
            Between::Lines => State::Lines,
            Between::Values => State::Values,
        }
    }
}

/// Where the reader is on its current line: how far the line is indented, and whether only
/// blanks have come yet (a record starting here starts its line).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Column {
    /// The blanks (spaces, tabs) at the start of the line: all of them so far while
    /// `at_start`, else the line's indentation.
    indent: usize,
    at_start: bool,
}

impl Column {
    const LINE_START: Column = Column {
        indent: 0,
        at_start: true,
    };

    /// After `bytes` were read.
    fn after(mut self, bytes: &[u8]) -> Column {
        for &byte in bytes {
            self = match byte {
                b'\n' => Column::LINE_START,
                b' ' | b'\t' | b'\r' if self.at_start => Column {
                    indent: self.indent + 1,
                    at_start: true,
                },
                _ => Column {
                    indent: self.indent,
                    at_start: false,
                },
            };
        }
        self
    }
}

/// The default limit on one record's size: 16 MiB. Copper's records are a few kilobytes; a
/// record's memory once parsed can reach about 17 times its size (an array of one-digit
/// numbers, each a 32-byte JSON value), so the default bounds one record to about 300 MB.
pub const DEFAULT_MAX_RECORD_BYTES: usize = 16 << 20;

/// One record's bytes as found in the stream, before parsing.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Raw {
    pub(crate) index: usize,
    pub(crate) line: usize,
    /// Whether the record was longer than the limit (its bytes are then cut short).
    pub(crate) too_large: bool,
}

impl<R: BufRead> Reader<R, Lead> {
    /// A reader of leads over `input`; see [`Reader::of`] for other records.
    pub fn new(input: R) -> Self {
        Reader::of(input)
    }
}

impl<R: BufRead, T: Record> Reader<R, T> {
    /// A reader of records of type `T` over `input`:
    /// `Reader::<_, Opportunity>::of(input)`.
    pub fn of(input: R) -> Self {
        Reader {
            input,
            format: None,
            state: State::Start,
            line: 1,
            column: Column::LINE_START,
            index: 0,
            buffer: Vec::new(),
            max_record_bytes: DEFAULT_MAX_RECORD_BYTES,
            allow_empty: false,
            record: PhantomData,
        }
    }

    /// With a different limit on one record's size in bytes.
    #[must_use]
    pub fn max_record_bytes(mut self, limit: usize) -> Self {
        self.max_record_bytes = limit;
        self
    }

    /// Accepting an input with no JSON at all as a stream of no records, instead of reporting
    /// [`StreamError::Empty`].
    #[must_use]
    pub fn allow_empty(mut self) -> Self {
        self.allow_empty = true;
        self
    }

    /// The layout of the input, once the first record has been asked for (`None` for empty
    /// input).
    pub fn format(&self) -> Option<Format> {
        self.format
    }

    /// The 1-based line the reader has reached.
    pub fn line(&self) -> usize {
        self.line
    }

    /// Finds the next record and copies its bytes into `buffer` (up to the limit).
    pub(crate) fn next_raw(&mut self, buffer: &mut Vec<u8>) -> Result<Option<Raw>, StreamError> {
        buffer.clear();
        loop {
            match self.state {
                State::Done => return Ok(None),
                State::Start => {
                    if let Some(raw) = self.start(buffer)? {
                        return Ok(Some(raw));
                    }
                }
                State::InArray { then } => {
                    // Separators are not checked: a missing `,` (`[a b]`), a doubled one or a
                    // trailing one (`[a, b,]`) loses no record, and whatever stands between
                    // elements is read as a record, which reports itself.
                    let mut next = self.io(Self::skip_whitespace)?;
                    while next == Some(b',') {
                        self.consume_structural();
                        next = self.io(Self::skip_whitespace)?;
                    }
                    match next {
                        Some(b']') => {
                            self.consume_structural();
                            // More may follow: another array, or records.
                            self.state = then.state();
                            continue;
                        }
                        None => return Err(self.truncated()),
                        Some(_) => {}
                    }
                    let indent = self.column.indent;
                    let (raw, scan) = self.read_value(buffer)?;
                    match scan {
                        Scan::Truncated => self.state = State::Done,
                        // The next record starts left of this element: the element took the
                        // array's `]` with it, and the next record is outside the array.
                        Scan::BrokenLine if self.column.indent < indent => {
                            self.state = then.state();
                        }
                        Scan::BrokenLine | Scan::Ended => {}
                    }
                    return Ok(Some(raw));
                }
                State::Lines => {
                    match self.io(Self::skip_blanks)? {
                        // An array on a line of its own is read element by element.
                        Some(b'[') => {
                            self.open_array(Between::Lines);
                            continue;
                        }
                        // A record, which may span lines (a pretty-printed one among lines)
                        // or be cut short where the next line starts one.
                        Some(b'{') => {
                            let (raw, scan) = self.read_value(buffer)?;
                            if scan == Scan::Truncated {
                                self.state = State::Done;
                            }
                            return Ok(Some(raw));
                        }
                        // Anything else is one record to the end of its line.
                        _ => {}
                    }
                    let line = self.line;
                    if self.io(|reader| reader.read_line(buffer))? == 0 {
                        self.state = State::Done;
                        return Ok(None);
                    }
                    if !buffer.iter().all(u8::is_ascii_whitespace) {
                        return Ok(Some(self.raw(line, buffer)));
                    }
                    buffer.clear();
                }
                State::Values => {
                    match self.io(Self::skip_whitespace)? {
                        None => {
                            self.state = State::Done;
                            return Ok(None);
                        }
                        Some(b'[') => {
                            self.open_array(Between::Values);
                            continue;
                        }
                        Some(_) => {}
                    }
                    let (raw, scan) = self.read_value(buffer)?;
                    if scan == Scan::Truncated {
                        self.state = State::Done;
                    }
                    return Ok(Some(raw));
                }
            }
        }
    }

    /// The first record, and the layout it shows; `None` when the input opens an array (its
    /// records follow) or is empty and allowed to be.
    fn start(&mut self, buffer: &mut Vec<u8>) -> Result<Option<Raw>, StreamError> {
        self.io(Self::skip_bom)?;
        let Some(first) = self.io(Self::skip_whitespace)? else {
            self.state = State::Done;
            return if self.allow_empty {
                Ok(None)
            } else {
                Err(StreamError::Empty)
            };
        };
        if first == b'[' {
            self.format = Some(Format::Array);
            self.open_array(Between::Values);
            return Ok(None);
        }
        let start = self.line;
        let (raw, scan) = self.read_value(buffer)?;
        // Broken on its first line, the first record is a broken line of NDJSON; broken
        // later, a pretty-printed record of a stream of them.
        if scan == Scan::BrokenLine && self.line <= start + 1 {
            self.format = Some(Format::Lines);
            self.state = State::Lines;
            return Ok(Some(raw));
        }
        // One value alone on its line makes NDJSON; one spanning lines, or followed by more
        // on the same line, makes a stream of values.
        let spans_lines = self.line > start;
        let line_ends = self.io(Self::skip_blanks_to_newline)?;
        let lines = scan == Scan::Ended && !spans_lines && line_ends;
        self.format = Some(if lines { Format::Lines } else { Format::Values });
        self.state = match scan {
            Scan::Truncated => State::Done,
            _ if lines => State::Lines,
            _ => State::Values,
        };
        Ok(Some(raw))
    }

    /// Consumes one byte of an array's structure (`[`, `,`, `]`).
    fn consume_structural(&mut self) {
        self.input.consume(1);
        self.column = self.column.after(b"[");
    }

    fn open_array(&mut self, then: Between) {
        self.consume_structural();
        self.state = State::InArray { then };
    }

    fn truncated(&mut self) -> StreamError {
        self.state = State::Done;
        StreamError::Truncated {
            index: self.index,
            line: self.line,
        }
    }

    /// Runs a reading step, turning an I/O failure into the stream error for the next record.
    fn io<V>(&mut self, step: impl FnOnce(&mut Self) -> io::Result<V>) -> Result<V, StreamError> {
        step(self).map_err(|source| {
            self.state = State::Done;
            StreamError::Io {
                index: self.index,
                line: self.line,
                source,
            }
        })
    }

    /// The record whose bytes are in `buffer`, starting at `line`; counts it.
    fn raw(&mut self, line: usize, buffer: &[u8]) -> Raw {
        let raw = Raw {
            index: self.index,
            line,
            too_large: buffer.len() > self.max_record_bytes,
        };
        self.index += 1;
        raw
    }

    /// Reads one JSON value's bytes into `buffer`. A value cut short by the end of input, or
    /// by the start of the next record, is still a record (its parse error says where it
    /// ends).
    fn read_value(&mut self, buffer: &mut Vec<u8>) -> Result<(Raw, Scan), StreamError> {
        let line = self.line;
        let scan = self.io(|reader| reader.scan_value(buffer))?;
        Ok((self.raw(line, buffer), scan))
    }

    /// Copies one JSON value into `buffer` (up to the limit; beyond it, only counts). For a
    /// scalar, stops at the first delimiter. While the value is open, a line that starts
    /// (after its blanks) with `{` or `[`, indented no further than the line the value started
    /// on, starts the next record: the value ends before it, cut short.
    fn scan_value(&mut self, buffer: &mut Vec<u8>) -> io::Result<Scan> {
        // The indentation of the line the record starts on: a line back at it (or before it)
        // that opens a record is the next record.
        let start_indent = self.column.indent;
        let mut column = self.column;
        let mut depth = 0usize;
        let mut in_string = false;
        let mut escaped = false;
        let mut started = false;
        loop {
            let chunk = fill(&mut self.input)?;
            if chunk.is_empty() {
                self.column = column;
                // A scalar may end at the end of input; anything open may not.
                let ended = started && depth == 0 && !in_string;
                return Ok(if ended { Scan::Ended } else { Scan::Truncated });
            }
            let mut used = 0;
            let mut done = false;
            while let Some(&byte) = chunk.get(used) {
                // At the start of a line inside the open value: its blanks, then its first
                // byte decides whether the next record starts here.
                if column.at_start && started && (depth > 0 || in_string) {
                    match byte {
                        b' ' | b'\t' | b'\r' => {
                            column.indent += 1;
                            used += 1;
                            continue;
                        }
                        b'{' | b'[' if column.indent <= start_indent => {
                            keep(buffer, self.max_record_bytes, chunk.get(..used));
                            self.input.consume(used);
                            self.column = column;
                            // The record ends where its last line does: without the line
                            // break (a control character inside a string) and the blanks.
                            while buffer.last().is_some_and(u8::is_ascii_whitespace) {
                                buffer.pop();
                            }
                            return Ok(Scan::BrokenLine);
                        }
                        _ => column.at_start = false,
                    }
                }
                // Inside a value, past the start of a line: up to the next line break, the
                // structure is followed eight bytes at a time.
                if started && depth > 0 && !escaped && !column.at_start {
                    let mut nesting = Nesting { depth, in_string };
                    let at = skim(chunk, used, &mut nesting);
                    if at > used {
                        used = at;
                        Nesting { depth, in_string } = nesting;
                        if depth == 0 {
                            done = true;
                            break;
                        }
                        continue;
                    }
                }
                if in_string {
                    used += 1;
                    match byte {
                        _ if escaped => escaped = false,
                        b'"' => {
                            in_string = false;
                            if depth == 0 {
                                done = true;
                                break;
                            }
                        }
                        b'\\' => escaped = true,
                        b'\n' => {
                            // A line break inside a string: JSON has none, so the string
                            // (and the record) may be cut short here.
                            self.line += 1;
                            column = Column::LINE_START;
                        }
                        // Another control character: the string goes on (its parse fails).
                        _ => {}
                    }
                    continue;
                }
                if depth == 0 && started && is_delimiter(byte) {
                    done = true;
                    break;
                }
                used += 1;
                started = true;
                column = column.after(&[byte]);
                match byte {
                    b'\n' => self.line += 1,
                    b'"' => in_string = true,
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth = depth.saturating_sub(1);
                        if depth == 0 {
                            done = true;
                            break;
                        }
                    }
                    _ => {}
                }
            }
            keep(buffer, self.max_record_bytes, chunk.get(..used));
            self.input.consume(used);
            if done {
                self.column = column;
                return Ok(Scan::Ended);
            }
        }
    }

    /// Reads a line (without its newline) into `buffer`, up to the limit.
    fn read_line(&mut self, buffer: &mut Vec<u8>) -> io::Result<usize> {
        let mut total = 0;
        loop {
            let chunk = fill(&mut self.input)?;
            if chunk.is_empty() {
                return Ok(total);
            }
            let (used, newline) = match memchr::memchr(b'\n', chunk) {
                Some(at) => (at + 1, true),
                None => (chunk.len(), false),
            };
            let take = if newline { used - 1 } else { used };
            keep(buffer, self.max_record_bytes, chunk.get(..take));
            // A line read to its end leaves the reader at the start of the next.
            self.column = if newline {
                Column::LINE_START
            } else {
                self.column.after(chunk.get(..used).unwrap_or_default())
            };
            self.input.consume(used);
            total += used;
            if newline {
                self.line += 1;
                return Ok(total);
            }
        }
    }

    /// Skips a UTF-8 byte order mark, a byte at a time (the buffer may be tiny).
    fn skip_bom(&mut self) -> io::Result<()> {
        for expected in [0xEF, 0xBB, 0xBF] {
            match fill(&mut self.input)?.first() {
                Some(&byte) if byte == expected => self.input.consume(1),
                // Not a BOM (or a broken one): what remains fails to parse as a record.
                _ => return Ok(()),
            }
        }
        Ok(())
    }

    /// Skips whitespace, counting lines; returns the next byte without consuming it.
    fn skip_whitespace(&mut self) -> io::Result<Option<u8>> {
        loop {
            let chunk = fill(&mut self.input)?;
            if chunk.is_empty() {
                return Ok(None);
            }
            let blank = chunk.iter().take_while(|b| b.is_ascii_whitespace()).count();
            let skipped = chunk.get(..blank).unwrap_or_default();
            let newlines = memchr::memchr_iter(b'\n', skipped).count();
            self.column = self.column.after(skipped);
            let next = chunk.get(blank).copied();
            self.input.consume(blank);
            self.line += newlines;
            if next.is_some() {
                return Ok(next);
            }
        }
    }

    /// Skips spaces and tabs (not line ends); returns the next byte without consuming it.
    fn skip_blanks(&mut self) -> io::Result<Option<u8>> {
        loop {
            let chunk = fill(&mut self.input)?;
            if chunk.is_empty() {
                return Ok(None);
            }
            let blank = chunk
                .iter()
                .take_while(|b| matches!(b, b' ' | b'\t' | b'\r'))
                .count();
            self.column = self.column.after(chunk.get(..blank).unwrap_or_default());
            let next = chunk.get(blank).copied();
            self.input.consume(blank);
            if next.is_some() {
                return Ok(next);
            }
        }
    }

    /// Skips spaces and tabs; true when the line then ends (or the input does).
    fn skip_blanks_to_newline(&mut self) -> io::Result<bool> {
        match self.skip_blanks()? {
            None => Ok(true),
            Some(b'\n') => {
                self.input.consume(1);
                self.column = Column::LINE_START;
                self.line += 1;
                Ok(true)
            }
            Some(_) => Ok(false),
        }
    }
}

/// How a value's scan ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scan {
    /// The value is complete.
    Ended,
    /// The input ended inside the value.
    Truncated,
    /// The first line ended inside the value and the next line starts a record.
    BrokenLine,
}

/// Parses a record's bytes: the entry for it.
pub(crate) fn parse<T: Record>(raw: &Raw, bytes: &[u8], limit: usize) -> Entry<T> {
    entry(raw, limit, || from_slice(bytes))
}

/// The entry for a record: what `read` makes of its bytes, unless it was over the limit.
pub(crate) fn entry<T>(
    raw: &Raw,
    limit: usize,
    read: impl FnOnce() -> Result<T, ParseError>,
) -> Entry<T> {
    let result = if raw.too_large {
        Err(ParseError::too_large(limit))
    } else {
        read()
    };
    Entry {
        index: raw.index,
        line: raw.line,
        result,
    }
}

/// Appends `bytes` to a record's buffer, keeping at most one byte past `limit`: enough to know
/// the record is too large without holding it.
fn keep(buffer: &mut Vec<u8>, limit: usize, bytes: Option<&[u8]>) {
    let bytes = bytes.unwrap_or_default();
    let room = limit.saturating_add(1).saturating_sub(buffer.len());
    buffer.extend_from_slice(bytes.get(..bytes.len().min(room)).unwrap_or_default());
}

/// `fill_buf`, retried when a read is interrupted by a signal.
fn fill(input: &mut impl BufRead) -> io::Result<&[u8]> {
    loop {
        match input.fill_buf() {
            Ok(_) => break,
            Err(err) if err.kind() == io::ErrorKind::Interrupted => {}
            Err(err) => return Err(err),
        }
    }
    // Buffered now: this returns the same bytes without reading.
    input.fill_buf()
}

fn is_delimiter(byte: u8) -> bool {
    byte.is_ascii_whitespace() || matches!(byte, b',' | b']' | b'}')
}

impl<R: BufRead, T: Record> Iterator for Reader<R, T> {
    type Item = Result<Entry<T>, StreamError>;

    fn next(&mut self) -> Option<Self::Item> {
        let mut buffer = std::mem::take(&mut self.buffer);
        let item = match self.next_raw(&mut buffer) {
            Ok(Some(raw)) => Some(Ok(parse(&raw, &buffer, self.max_record_bytes))),
            Ok(None) => None,
            Err(err) => {
                self.state = State::Done;
                Some(Err(err))
            }
        };
        self.buffer = buffer;
        item
    }
}
