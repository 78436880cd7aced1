//! Reading many records from a stream: one record, a JSON array (a search response), or
//! NDJSON (an export), told apart from the content. Memory stays flat: an array is read
//! element by element, and only one record's bytes are held at a time.

use std::io::{self, BufRead};
use std::marker::PhantomData;

use crate::lead::Lead;
use crate::parse::{ParseError, Record, from_slice};

/// How the input is laid out, as detected from its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Format {
    /// A JSON array of records (`[{...}, {...}]`), possibly pretty-printed.
    Array,
    /// One record per line (NDJSON / JSON Lines). A broken line is reported and reading goes
    /// on with the next line.
    Lines,
    /// Whitespace-separated JSON values that span lines, such as one pretty-printed record.
    Values,
}

/// One record read from a stream.
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

/// Why a stream could not be read on.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StreamError {
    /// Reading the input failed.
    #[error("cannot read the input: {0}")]
    Io(#[from] io::Error),
    /// The input ended inside a record or array (unbalanced brackets or an unterminated
    /// string), so no further record can be found.
    #[error("the input ends inside a record starting at line {line}")]
    Truncated {
        /// The line the unfinished record starts on.
        line: usize,
    },
    /// Something other than `,` or `]` follows an array element.
    #[error("expected `,` or `]` after the array element ending at line {line}")]
    BadSeparator {
        /// The line of the unexpected byte.
        line: usize,
    },
}

/// Reads records one at a time from a `BufRead`.
///
/// Each item is an [`Entry`] with the record (or its [`ParseError`]), so one bad record does
/// not stop the others; an `Err` item ([`StreamError`]) ends the stream. A record longer than
/// [`Reader::max_record_bytes`] is reported as an error without being held in memory.
///
/// # Example
///
/// ```
/// use copper_lead::stream::{Format, Reader};
///
/// let input = "{\"name\": \"a\"}\n{\"name\": 5}\n{\"name\": \"c\"}\n";
/// let mut reader = Reader::<_>::new(input.as_bytes());
/// let entries: Vec<_> = reader.by_ref().collect::<Result<_, _>>()?;
/// assert_eq!(reader.format(), Some(Format::Lines));
/// assert_eq!(entries.len(), 3);
/// assert!(entries[1].result.is_err());
/// assert_eq!(entries[2].line, 3);
///
/// let array = b"[{\"name\": \"a\"},\n {\"name\": \"b\"}]";
/// let names: Vec<String> = Reader::<_>::new(&array[..])
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
    index: usize,
    buffer: Vec<u8>,
    max_record_bytes: usize,
    record: PhantomData<fn() -> T>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Start,
    /// Inside an array, before an element (the first, or after a `,`) or `]`.
    InArray {
        first: bool,
    },
    /// Between lines of NDJSON.
    Lines,
    /// Between whitespace-separated values.
    Values,
    Done,
}

/// The default limit on one record's size: 64 MiB.
pub const DEFAULT_MAX_RECORD_BYTES: usize = 64 << 20;

impl<R: BufRead, T: Record> Reader<R, T> {
    /// A reader over `input`.
    pub fn new(input: R) -> Self {
        Reader {
            input,
            format: None,
            state: State::Start,
            line: 1,
            index: 0,
            buffer: Vec::new(),
            max_record_bytes: DEFAULT_MAX_RECORD_BYTES,
            record: PhantomData,
        }
    }

    /// With a different limit on one record's size in bytes.
    #[must_use]
    pub fn max_record_bytes(mut self, limit: usize) -> Self {
        self.max_record_bytes = limit;
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

    fn next_entry(&mut self) -> Result<Option<Entry<T>>, StreamError> {
        loop {
            match self.state {
                State::Done => return Ok(None),
                State::Start => {
                    self.skip_bom()?;
                    let Some(first) = self.skip_whitespace()? else {
                        self.state = State::Done;
                        return Ok(None);
                    };
                    if first == b'[' {
                        self.input.consume(1);
                        self.format = Some(Format::Array);
                        self.state = State::InArray { first: true };
                        continue;
                    }
                    // One value alone on its line makes NDJSON; one spanning lines, or
                    // followed by more on the same line, makes a stream of values.
                    let start = self.line;
                    let entry = self.read_value_entry()?;
                    let spans_lines = self.line > start;
                    let line_ends = self.skip_blanks_to_newline()?;
                    let lines = !spans_lines && line_ends;
                    self.format = Some(if lines { Format::Lines } else { Format::Values });
                    self.state = if lines { State::Lines } else { State::Values };
                    return Ok(Some(entry));
                }
                State::InArray { first } => {
                    let mut next = self.skip_whitespace()?;
                    if next == Some(b']') {
                        self.input.consume(1);
                        self.state = State::Done;
                        return Ok(None);
                    }
                    if !first {
                        match next {
                            Some(b',') => {
                                self.input.consume(1);
                                next = self.skip_whitespace()?;
                            }
                            Some(_) => return Err(StreamError::BadSeparator { line: self.line }),
                            None => return Err(StreamError::Truncated { line: self.line }),
                        }
                    }
                    if next.is_none() {
                        return Err(StreamError::Truncated { line: self.line });
                    }
                    self.state = State::InArray { first: false };
                    return self.read_value_entry().map(Some);
                }
                State::Lines => {
                    self.buffer.clear();
                    let line = self.line;
                    if self.read_line()? == 0 {
                        self.state = State::Done;
                        return Ok(None);
                    }
                    if !self.buffer.iter().all(u8::is_ascii_whitespace) {
                        return Ok(Some(self.entry(line)));
                    }
                }
                State::Values => {
                    if self.skip_whitespace()?.is_none() {
                        self.state = State::Done;
                        return Ok(None);
                    }
                    return self.read_value_entry().map(Some);
                }
            }
        }
    }

    /// Parses the buffer as the next record.
    fn entry(&mut self, line: usize) -> Entry<T> {
        let result = if self.buffer.len() > self.max_record_bytes {
            Err(ParseError::too_large(self.max_record_bytes))
        } else {
            from_slice(&self.buffer)
        };
        let entry = Entry {
            index: self.index,
            line,
            result,
        };
        self.index += 1;
        entry
    }

    /// Reads one JSON value (its bytes, up to its end) and parses it.
    fn read_value_entry(&mut self) -> Result<Entry<T>, StreamError> {
        let line = self.line;
        self.buffer.clear();
        if !self.scan_value()? {
            self.state = State::Done;
            return Err(StreamError::Truncated { line });
        }
        Ok(self.entry(line))
    }

    /// Copies one JSON value into the buffer (up to the limit; beyond it, only counts). For a
    /// scalar, stops at the first delimiter. Returns whether the value ended.
    fn scan_value(&mut self) -> io::Result<bool> {
        let mut depth = 0usize;
        let mut in_string = false;
        let mut escaped = false;
        let mut started = false;
        loop {
            let chunk = fill(&mut self.input)?;
            if chunk.is_empty() {
                // A scalar may end at the end of input; anything open may not.
                return Ok(started && depth == 0 && !in_string);
            }
            let mut used = 0;
            let mut done = false;
            while let Some(&byte) = chunk.get(used) {
                if in_string {
                    if escaped {
                        escaped = false;
                        used += 1;
                        continue;
                    }
                    // Most of a record is string contents: jump to the next byte that matters.
                    let rest = chunk.get(used..).unwrap_or_default();
                    let Some(skip) = rest.iter().position(|b| matches!(b, b'"' | b'\\' | b'\n'))
                    else {
                        used = chunk.len();
                        break;
                    };
                    used += skip + 1;
                    match rest.get(skip) {
                        Some(b'"') => {
                            in_string = false;
                            if depth == 0 {
                                done = true;
                                break;
                            }
                        }
                        Some(b'\\') => escaped = true,
                        _ => self.line += 1,
                    }
                    continue;
                }
                if depth == 0 && started && is_delimiter(byte) {
                    done = true;
                    break;
                }
                used += 1;
                started = true;
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
            keep(
                &mut self.buffer,
                self.max_record_bytes,
                chunk.get(..used).unwrap_or_default(),
            );
            self.input.consume(used);
            if done {
                return Ok(true);
            }
        }
    }

    /// Reads a line (without its newline) into the buffer, up to the limit.
    fn read_line(&mut self) -> io::Result<usize> {
        let mut total = 0;
        loop {
            let chunk = fill(&mut self.input)?;
            if chunk.is_empty() {
                return Ok(total);
            }
            let (used, newline) = match chunk.iter().position(|&b| b == b'\n') {
                Some(at) => (at + 1, true),
                None => (chunk.len(), false),
            };
            let take = if newline { used - 1 } else { used };
            keep(
                &mut self.buffer,
                self.max_record_bytes,
                chunk.get(..take).unwrap_or_default(),
            );
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
            let newlines = chunk.iter().take(blank).filter(|&&b| b == b'\n').count();
            let next = chunk.get(blank).copied();
            self.input.consume(blank);
            self.line += newlines;
            if next.is_some() {
                return Ok(next);
            }
        }
    }

    /// Skips spaces and tabs; true when the line then ends (or the input does).
    fn skip_blanks_to_newline(&mut self) -> io::Result<bool> {
        loop {
            let chunk = fill(&mut self.input)?;
            if chunk.is_empty() {
                return Ok(true);
            }
            let blank = chunk
                .iter()
                .take_while(|b| matches!(b, b' ' | b'\t' | b'\r'))
                .count();
            let next = chunk.get(blank).copied();
            self.input.consume(blank);
            match next {
                None => {}
                Some(b'\n') => {
                    self.input.consume(1);
                    self.line += 1;
                    return Ok(true);
                }
                Some(_) => return Ok(false),
            }
        }
    }
}

/// Appends `bytes` to a record's buffer, keeping at most one byte past `limit`: enough to know
/// the record is too large without holding it.
fn keep(buffer: &mut Vec<u8>, limit: usize, bytes: &[u8]) {
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
        match self.next_entry() {
            Ok(entry) => entry.map(Ok),
            Err(err) => {
                self.state = State::Done;
                Some(Err(err))
            }
        }
    }
}
