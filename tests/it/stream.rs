//! Streaming records: format detection, line numbers, recovery and limits, at any chunking.

use copper_lead::stream::{Entry, Format, Reader, StreamError};
use copper_lead::{Lead, ParseErrorKind};
use proptest::prelude::*;
use std::io::BufReader;

/// Reads `input` through a buffer of `capacity` bytes, so record boundaries fall anywhere.
fn read(input: &[u8], capacity: usize) -> (Option<Format>, Vec<Entry<Lead>>, Option<StreamError>) {
    let mut reader = Reader::new(BufReader::with_capacity(capacity, input));
    let mut entries = Vec::new();
    let mut error = None;
    for item in reader.by_ref() {
        match item {
            Ok(entry) => entries.push(entry),
            Err(err) => error = Some(err),
        }
    }
    (reader.format(), entries, error)
}

fn names(entries: &[Entry<Lead>]) -> Vec<Option<String>> {
    entries
        .iter()
        .map(|e| e.result.as_ref().ok().and_then(|l| l.name.value().cloned()))
        .collect()
}

#[test]
fn ndjson_goes_on_after_a_broken_line() {
    let input = b"{\"name\": \"a\"}\n{\"name\": \"b\"\n\n{\"name\": 3}\r\n{\"name\": \"d\", \"tags\": [\"}\"]}\n";
    for capacity in [1, 2, 7, 64, 8192] {
        let (format, entries, error) = read(input, capacity);
        assert_eq!(format, Some(Format::Lines));
        assert!(error.is_none());
        assert_eq!(
            names(&entries),
            [Some("a".into()), None, None, Some("d".into())]
        );
        let lines: Vec<usize> = entries.iter().map(|e| e.line).collect();
        assert_eq!(lines, [1, 2, 4, 5], "capacity {capacity}");
        let broken = entries[1].result.as_ref().unwrap_err();
        assert_eq!(broken.kind(), ParseErrorKind::Eof);
        let shape = entries[2].result.as_ref().unwrap_err();
        assert_eq!(
            (shape.kind(), shape.path().as_str()),
            (ParseErrorKind::Shape, "/name")
        );
        assert_eq!(
            entries.iter().map(|e| e.index).collect::<Vec<_>>(),
            [0, 1, 2, 3]
        );
    }
}

#[test]
fn arrays_stream_element_by_element() {
    let input = b"\xEF\xBB\xBF [\n  {\"name\": \"a]\\\"}\"},\n  {\"name\": 1},\n  5,\n  {\"name\": \"d\"}\n]\n";
    for capacity in [1, 3, 8192] {
        let (format, entries, error) = read(input, capacity);
        assert_eq!(format, Some(Format::Array));
        assert!(error.is_none());
        assert_eq!(
            names(&entries),
            [Some("a]\"}".into()), None, None, Some("d".into())]
        );
        assert_eq!(
            entries.iter().map(|e| e.line).collect::<Vec<_>>(),
            [2, 3, 4, 5]
        );
        assert_eq!(
            entries[2].result.as_ref().unwrap_err().message(),
            "invalid type: integer `5`, expected a lead object"
        );
    }
    let (_, entries, error) = read(b"[]", 4);
    assert!(entries.is_empty() && error.is_none());
}

#[test]
fn one_pretty_record_or_several() {
    let (format, entries, error) = read(b"{\n  \"name\": \"a\"\n}\n", 5);
    assert_eq!(
        (format, names(&entries), error.is_none()),
        (Some(Format::Values), vec![Some("a".into())], true)
    );
    let (format, entries, _) = read(
        b"{\"name\": \"a\"} {\"name\": \"b\"}\n{\n\"name\": \"c\"}",
        5,
    );
    assert_eq!(format, Some(Format::Values));
    assert_eq!(
        names(&entries),
        [Some("a".into()), Some("b".into()), Some("c".into())]
    );
    assert_eq!(
        entries.iter().map(|e| e.line).collect::<Vec<_>>(),
        [1, 1, 2]
    );
}

#[test]
fn empty_input_is_an_error_unless_allowed() {
    for input in [&b""[..], b"  \n\t ", b"\xEF\xBB\xBF"] {
        let (format, entries, error) = read(input, 4);
        assert_eq!((format, entries.len()), (None, 0));
        let error = error.unwrap();
        assert!(matches!(error, StreamError::Empty), "{error}");
        assert_eq!((error.kind(), error.index()), (ParseErrorKind::Eof, None));
        let allowed: Vec<_> = Reader::new(input).allow_empty().collect();
        assert!(allowed.is_empty());
    }
    // An empty array is a list of no records, not an empty input.
    let (_, entries, error) = read(b"[]", 4);
    assert!(entries.is_empty() && error.is_none());
}

#[test]
fn truncated_and_malformed_arrays_name_the_record_they_stand_for() {
    // A record cut short is itself reported, with where it ends.
    for capacity in [1, 4, 8192] {
        let (_, entries, error) = read(b"[{\"name\": \"a\"}, {\"name\": \"b", capacity);
        assert!(error.is_none());
        assert_eq!(names(&entries), [Some("a".into()), None]);
        let cut = entries[1].result.as_ref().unwrap_err();
        assert_eq!(
            (entries[1].index, cut.kind(), cut.path().as_str()),
            (1, ParseErrorKind::Eof, "/name")
        );
    }
    // Between elements, the stream error names the record that was due.
    let (_, entries, error) = read(b"[{\"name\":\"a\"},{\"name\":\"b\"},", 4);
    assert_eq!(entries.len(), 2);
    let error = error.unwrap();
    assert!(
        matches!(error, StreamError::Truncated { index: 2, line: 1 }),
        "{error}"
    );
    assert_eq!(error.kind(), ParseErrorKind::Eof);
    let (_, entries, error) = read(b"[{\"name\": \"a\"}\n", 4);
    assert_eq!(entries.len(), 1);
    assert!(matches!(
        error,
        Some(StreamError::Truncated { index: 1, line: 2 })
    ));
    // Separators lose no record: a missing `,`, a doubled one, a trailing one, and what
    // stands between elements is a record of its own, reported.
    let (_, entries, error) = read(
        b"[{\"name\": \"a\"} {\"name\": \"b\"},, {\"name\": \"c\"},]",
        4,
    );
    assert!(error.is_none());
    assert_eq!(
        names(&entries),
        [Some("a".into()), Some("b".into()), Some("c".into())]
    );
    let (_, entries, error) = read(b"[{\"name\": \"a\"}, x, {\"name\": \"c\"}]", 4);
    assert!(error.is_none());
    assert_eq!(names(&entries), [Some("a".into()), None, Some("c".into())]);
    assert_eq!(
        entries[1].result.as_ref().unwrap_err().kind(),
        ParseErrorKind::Syntax
    );
    // One record cut short is record 0, at the end of its string.
    let (_, entries, error) = read(b"{\"name\":\"ab", 3);
    assert!(error.is_none());
    let cut = entries[0].result.as_ref().unwrap_err();
    assert_eq!(
        (entries[0].index, cut.kind(), cut.path().as_str()),
        (0, ParseErrorKind::Eof, "/name")
    );
}

/// A broken first NDJSON line does not swallow the rest of the file.
#[test]
fn a_broken_first_line_is_one_bad_record() {
    let inputs: [&[u8]; 3] = [
        b"{\"id\":3,\"name\":\"Broken\"\n{\"name\":\"ok\"}\n{\"name\":\"\"}\n",
        b"{\"name\":\"ab\n{\"name\":\"ok\"}\n{\"name\":\"\"}\n",
        b"{\"tags\": [\"a\",\r\n[\"x\"]\n{\"name\":\"\"}",
    ];
    for input in inputs {
        for capacity in [1, 2, 5, 8192] {
            let (format, entries, error) = read(input, capacity);
            assert_eq!(format, Some(Format::Lines), "{capacity}");
            assert!(error.is_none());
            assert_eq!(entries.len(), 3, "{capacity}: {:?}", names(&entries));
            assert!(entries[0].result.is_err());
            assert_eq!(
                entries
                    .iter()
                    .map(|e| (e.index, e.line))
                    .collect::<Vec<_>>(),
                [(0, 1), (1, 2), (2, 3)]
            );
        }
    }
    // A pretty-printed record still reads as one value.
    let (format, entries, _) = read(b"{\n  \"name\": \"a\",\n  \"tags\": []\n}\n", 3);
    assert_eq!((format, entries.len()), (Some(Format::Values), 1));
    assert!(entries[0].result.is_ok());
}

/// Nothing after an array's `]` is ignored: further arrays and records are read, anything else
/// is reported.
#[test]
fn content_after_an_array_is_read_or_reported() {
    let (format, entries, error) = read(
        b"[{\"name\":\"a\"}]\n[{\"name\":\"\"}, {\"name\":\"c\"}]",
        3,
    );
    assert_eq!(format, Some(Format::Array));
    assert!(error.is_none());
    assert_eq!(
        names(&entries),
        [Some("a".into()), Some(String::new()), Some("c".into())]
    );
    assert_eq!(
        entries.iter().map(|e| e.index).collect::<Vec<_>>(),
        [0, 1, 2]
    );
    assert_eq!(
        entries.iter().map(|e| e.line).collect::<Vec<_>>(),
        [1, 2, 2]
    );
    let (_, entries, _) = read(b"[{\"name\":\"a\"}] {\"name\":\"b\"}", 2);
    assert_eq!(names(&entries), [Some("a".into()), Some("b".into())]);
    for trailing in [&b"[{\"name\":\"a\"}]]"[..], b"[{\"name\":\"a\"}] x"] {
        let (_, entries, _) = read(trailing, 2);
        assert_eq!(entries.len(), 2);
        assert_eq!(
            entries[1].result.as_ref().unwrap_err().kind(),
            ParseErrorKind::Syntax
        );
    }
}

#[test]
fn oversized_records_are_reported_not_held() {
    let big = format!("{{\"name\": \"{}\"}}", "x".repeat(10_000));
    let input = format!("{{\"name\": \"a\"}}\n{big}\n{{\"name\": \"c\"}}\n");
    let reader = Reader::new(input.as_bytes()).max_record_bytes(1_000);
    let entries: Vec<Entry<Lead>> = reader.collect::<Result<_, _>>().unwrap();
    assert_eq!(names(&entries), [Some("a".into()), None, Some("c".into())]);
    assert_eq!(
        entries[1].result.as_ref().unwrap_err().kind(),
        ParseErrorKind::TooLarge
    );
    let array = format!("[{big}, {{\"name\": \"c\"}}]");
    let reader = Reader::new(array.as_bytes()).max_record_bytes(1_000);
    let entries: Vec<Entry<Lead>> = reader.collect::<Result<_, _>>().unwrap();
    assert_eq!(names(&entries), [None, Some("c".into())]);
}

fn lead_json() -> impl Strategy<Value = serde_json::Value> {
    (
        "\\PC{0,12}",
        prop::collection::vec("[a-z\\[\\]{}\",\\\\ ]{0,6}", 0..3),
    )
        .prop_map(|(name, tags)| serde_json::json!({"name": name, "tags": tags}))
}

proptest! {
    /// The same records come back whatever the layout and buffer size.
    #[test]
    fn every_layout_reads_back_the_same_records(leads in prop::collection::vec(lead_json(), 1..6), capacity in 1usize..40) {
        let ndjson: String = leads.iter().map(|l| l.to_string() + "\n").collect();
        let array = serde_json::to_string(&leads).unwrap();
        let pretty = serde_json::to_string_pretty(&leads).unwrap();
        for (input, format) in [(ndjson, Format::Lines), (array, Format::Array), (pretty, Format::Array)] {
            let (found, entries, error) = read(input.as_bytes(), capacity);
            prop_assert_eq!(found, Some(format));
            prop_assert!(error.is_none());
            let back: Vec<serde_json::Value> = entries
                .into_iter()
                .map(|e| serde_json::to_value(e.result.unwrap()).unwrap())
                .collect();
            prop_assert_eq!(&back, &leads);
        }
    }
}

/// Found by fuzzing: a broken first line whose newline ends a chunk reads the same as when the
/// next line is in the same chunk (the record ends before its newline either way).
#[test]
fn a_broken_first_line_reads_the_same_at_every_chunk_boundary() {
    let input = b"{\"address\":{\"state\":\"ON\n{\"name\":\"b\"}\n";
    let whole = read(input, 8192);
    for capacity in 1..input.len() {
        let chunked = read(input, capacity);
        assert_eq!(chunked.0, whole.0);
        let kinds = |entries: &[Entry<Lead>]| -> Vec<Option<(ParseErrorKind, String)>> {
            entries
                .iter()
                .map(|e| {
                    e.result
                        .as_ref()
                        .err()
                        .map(|err| (err.kind(), err.message().to_owned()))
                })
                .collect()
        };
        assert_eq!(kinds(&chunked.1), kinds(&whole.1), "capacity {capacity}");
    }
    let first = whole.1[0].result.as_ref().unwrap_err();
    assert_eq!(
        (first.kind(), first.path().as_str()),
        (ParseErrorKind::Eof, "/address/state")
    );
}

/// An input of records in any layout, some broken, maybe ending in a broken array.
fn messy_input() -> impl Strategy<Value = Vec<u8>> {
    (
        prop::collection::vec(
            prop_oneof![
                4 => lead_json().prop_map(|l| l.to_string()),
                1 => Just("{\"name\": 5}".to_owned()),
                1 => Just("{\"name\": \"cut".to_owned()),
                1 => Just("not json".to_owned()),
            ],
            0..600,
        ),
        0_u8..3,
    )
        .prop_map(|(records, layout)| match layout {
            0 => records
                .iter()
                .map(|r| r.clone() + "\n")
                .collect::<String>()
                .into_bytes(),
            // An array, cut short after its last element when the dice say so.
            1 => format!("[{}]", records.join(",\n")).into_bytes(),
            _ => format!("[{}", records.join(",")).into_bytes(),
        })
}

proptest! {
    // Inputs of up to three batches of records: a few dozen cases cover the orderings.
    #![proptest_config(ProptestConfig::with_cases(32))]

    /// On any number of threads, every record reaches the sink once, in the input's order,
    /// with the entry the sequential reader gives, and the stream's error comes last.
    #[test]
    fn parallel_reading_gives_the_sequential_answer_in_order(input in messy_input(), threads in 1_usize..5) {
        let (_, entries, error) = read(&input, 8192);
        let expected: Vec<String> = entries.iter().map(|e| format!("{} {} {:?}", e.index, e.line, e.result)).collect();
        let mut got = Vec::new();
        let result = Reader::new(&input[..]).allow_empty().for_each_parallel(
            std::num::NonZeroUsize::new(threads).unwrap(),
            || (),
            |(), record| {
                let entry = record.parse::<Lead>();
                format!("{} {} {:?}", entry.index, entry.line, entry.result)
            },
            |line| {
                got.push(line);
                std::ops::ControlFlow::Continue(())
            },
        );
        prop_assert_eq!(got, expected);
        prop_assert_eq!(result.err().map(|e| e.to_string()), error.filter(|e| !matches!(e, StreamError::Empty)).map(|e| e.to_string()));
    }
}

#[test]
fn a_parallel_run_stops_when_the_sink_says_so() {
    let mut input = String::new();
    for i in 0..5_000 {
        let _ = std::fmt::Write::write_fmt(&mut input, format_args!("{{\"name\": \"{i}\"}}\n"));
    }
    let mut seen = 0;
    let result = Reader::new(input.as_bytes()).for_each_parallel(
        std::num::NonZeroUsize::new(3).unwrap(),
        || (),
        |(), record| record.index(),
        |index| {
            assert_eq!(index, seen);
            seen += 1;
            if seen == 1_000 {
                std::ops::ControlFlow::Break(())
            } else {
                std::ops::ControlFlow::Continue(())
            }
        },
    );
    assert!(result.is_ok());
    assert_eq!(seen, 1_000);
}

/// Batch buffers (bytes and record positions) are reused once a worker is done with them:
/// over many batches of records of varied lengths, every record reaches the sink once, in
/// order, with exactly its own bytes (a position list not emptied before reuse would repeat
/// or shift records).
#[test]
fn parallel_reading_over_many_batches_hands_each_record_its_own_bytes() {
    let records: Vec<String> = (0..4_000)
        .map(|i| format!("{{\"name\": \"{}\"}}", "x".repeat((i * 37) % 700)))
        .collect();
    let input = records.join("\n");
    let mut got = Vec::new();
    let result = Reader::new(input.as_bytes()).for_each_parallel(
        std::num::NonZeroUsize::new(3).unwrap(),
        || (),
        |(), record| String::from_utf8_lossy(record.bytes()).into_owned(),
        |bytes| {
            got.push(bytes);
            std::ops::ControlFlow::Continue(())
        },
    );
    assert!(result.is_ok());
    assert_eq!(got, records);
}

/// One piece of a mixed input: records laid out one way, some of them broken.
#[derive(Debug, Clone)]
enum Piece {
    /// Records, one per line.
    Lines(Vec<Option<serde_json::Value>>),
    /// Records pretty-printed one after another at the margin.
    Pretty(Vec<Option<serde_json::Value>>),
    /// An array on one line of its own.
    ArrayLine(Vec<Option<serde_json::Value>>),
    /// An array with an element per line, indented as pretty printers do.
    ArrayBlock(Vec<Option<serde_json::Value>>),
}

/// A record (`Some`), or a broken one (`None`): one of several ways to be cut short.
fn piece_record() -> impl Strategy<Value = Option<serde_json::Value>> {
    prop_oneof![4 => lead_json().prop_map(Some), 1 => Just(None)]
}

/// The text of a broken record: left open in a string, in an object, or in a list.
fn broken(seed: usize) -> &'static str {
    [
        "{\"name\": \"cut",
        "{\"name\": \"x\", \"tags\": [\"a\"",
        "{\"address\": {\"city\": \"b\"",
    ][seed % 3]
}

fn piece() -> impl Strategy<Value = Piece> {
    let records = || prop::collection::vec(piece_record(), 1..4);
    prop_oneof![
        records().prop_map(Piece::Lines),
        records().prop_map(Piece::Pretty),
        records().prop_map(Piece::ArrayLine),
        records().prop_map(Piece::ArrayBlock),
    ]
}

/// The input text, and the records that must come back, in order.
fn lay_out(pieces: &[Piece]) -> (String, Vec<serde_json::Value>, usize) {
    let (mut text, mut expected, mut broken_count) = (String::new(), Vec::new(), 0);
    for (n, piece) in pieces.iter().enumerate() {
        let (Piece::Lines(records)
        | Piece::Pretty(records)
        | Piece::ArrayLine(records)
        | Piece::ArrayBlock(records)) = piece;
        let shown: Vec<String> = records
            .iter()
            .enumerate()
            .map(|(i, record)| match record {
                Some(value) => match piece {
                    Piece::Pretty(_) => serde_json::to_string_pretty(value).unwrap(),
                    _ => value.to_string(),
                },
                None => broken(n + i).to_owned(),
            })
            .collect();
        // A broken record on a line shared with others would take them with it: an array on
        // one line holds only whole records.
        let one_line_ok = records.iter().all(Option::is_some);
        match piece {
            Piece::ArrayLine(_) if one_line_ok => {
                text.push('[');
                text += &shown.join(", ");
                text += "]\n";
            }
            Piece::ArrayLine(_) | Piece::ArrayBlock(_) => {
                text += "[\n  ";
                text += &shown.join(",\n  ");
                text += "\n]\n";
            }
            Piece::Lines(_) | Piece::Pretty(_) => {
                for record in &shown {
                    text += record;
                    text.push('\n');
                }
            }
        }
        for record in records {
            match record {
                Some(value) => expected.push(value.clone()),
                None => broken_count += 1,
            }
        }
    }
    (text, expected, broken_count)
}

proptest! {
    /// However layouts mix (NDJSON, pretty records, arrays on a line, arrays with an element
    /// per line) and whichever records are broken, every whole record comes back, in order,
    /// and each broken one is reported: nothing lost, nothing invented.
    #[test]
    fn mixed_and_broken_layouts_lose_no_record(
        pieces in prop::collection::vec(piece(), 1..6),
        capacity in prop::sample::select(vec![1usize, 3, 7, 64, 8192]),
    ) {
        let (text, expected, broken_count) = lay_out(&pieces);
        let (_, entries, error) = read(text.as_bytes(), capacity);
        let read_back: Vec<serde_json::Value> = entries
            .iter()
            .filter_map(|e| e.result.as_ref().ok())
            .map(|lead| serde_json::to_value(lead).unwrap())
            .collect();
        prop_assert_eq!(&read_back, &expected, "input:\n{}", text);
        let reported = entries.iter().filter(|e| e.result.is_err()).count() + usize::from(error.is_some());
        prop_assert!(reported >= broken_count, "{} broken, {} reported: {}", broken_count, reported, text);
        prop_assert!(entries.len() <= expected.len() + 2 * broken_count, "records invented: {}", text);
    }
}

/// The layouts that lost records: NDJSON followed by an array line, one record left open in
/// a pretty-printed stream, and an array broken in its middle.
#[test]
fn layouts_that_lost_records_keep_them() {
    let cases: [(&[u8], usize, usize); 4] = [
        (b"{\"name\":\"a\"}\n{\"name\":\"b\"}\n[{\"name\":\"c\"},{\"name\":\"d\"}]\n{\"name\":\"e\"}\n{\"name\":\"f\"}\n", 6, 0),
        (b"{\n  \"name\": \"a\"\n}\n{\n  \"name\": \"b\",\n{\n  \"name\": \"c\"\n}\n{\n  \"name\": \"d\"\n}\n", 3, 1),
        (b"[\n  {\"name\": \"a\"},\n  {\"name\": \"b\",\n  {\"name\": \"c\"},\n  {\"name\": \"d\"}\n]\n", 3, 1),
        (b"[{\"name\":\"a\"},{\"name\":\"b\"},]", 2, 0),
    ];
    for (input, whole, broken) in cases {
        for capacity in [1, 5, 8192] {
            let (_, entries, error) = read(input, capacity);
            assert!(error.is_none(), "{error:?}");
            let ok = entries.iter().filter(|e| e.result.is_ok()).count();
            let bad = entries.iter().filter(|e| e.result.is_err()).count();
            assert_eq!(
                (ok, bad),
                (whole, broken),
                "{}",
                String::from_utf8_lossy(input)
            );
        }
    }
}

/// A panic in a worker (in `map` or `init`) or in the sink reaches the caller promptly, on
/// every thread count, instead of leaving every thread asleep.
#[test]
fn a_panic_on_any_thread_reaches_the_caller() {
    use std::num::NonZeroUsize;
    use std::ops::ControlFlow;
    use std::sync::mpsc;
    use std::time::Duration;
    let input: Vec<u8> = (0..200_000)
        .flat_map(|i| format!("{{\"id\": {i}}}\n").into_bytes())
        .collect();
    let input = std::sync::Arc::new(input);
    for threads in [1, 2, 4] {
        for place in ["map", "init", "sink"] {
            let (tx, rx) = mpsc::channel();
            let input = std::sync::Arc::clone(&input);
            std::thread::spawn(move || {
                let result = std::panic::catch_unwind(|| {
                    Reader::new(&input[..]).for_each_parallel(
                        NonZeroUsize::new(threads).unwrap(),
                        || assert!(place != "init", "init panics"),
                        |(), record| {
                            assert!(
                                !(place == "map" && record.index() == 3),
                                "map panics at record 3"
                            );
                            record.index()
                        },
                        |index| {
                            assert!(!(place == "sink" && index == 3), "sink panics at record 3");
                            ControlFlow::Continue(())
                        },
                    )
                });
                let message = result.err().and_then(|payload| {
                    payload
                        .downcast_ref::<String>()
                        .cloned()
                        .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                });
                let _ = tx.send(message);
            });
            let message = rx
                .recv_timeout(Duration::from_secs(30))
                .unwrap_or_else(|_| panic!("{place} on {threads} threads: no return after 30 s"));
            let message =
                message.unwrap_or_else(|| panic!("{place} on {threads} threads: no panic"));
            assert!(message.contains(&format!("{place} panics")), "{message}");
        }
    }
}
