//! Any bytes: reading never panics, the fast path and serde's `Deserialize` agree, an error
//! names a path, whatever reads writes back the same JSON value and, as text, reads back to the
//! same lead and the same text; the stream reader gives the same entries whatever the size of
//! the chunks it is fed.
#![no_main]

use copper_lead::stream::Reader;
use copper_lead::{Lead, ParseErrorKind, from_slice};
use libfuzzer_sys::fuzz_target;
use std::io::BufReader;

/// What a stream read gives, in a comparable form: each entry's index, line and record (as
/// its JSON value) or error, then the stream error that ended it, if any.
type Read = (
    Vec<(
        usize,
        usize,
        Result<serde_json::Value, (ParseErrorKind, String, String)>,
    )>,
    Option<String>,
);

fn read_stream(data: &[u8], capacity: usize) -> Read {
    let mut entries = Vec::new();
    for item in Reader::new(BufReader::with_capacity(capacity, data)) {
        match item {
            Ok(entry) => entries.push((
                entry.index,
                entry.line,
                entry
                    .result
                    .map(|lead| serde_json::to_value(lead).expect("serializes"))
                    .map_err(|e| (e.kind(), e.path().to_string(), e.message().to_owned())),
            )),
            Err(err) => return (entries, Some(err.to_string())),
        }
    }
    (entries, None)
}

fuzz_target!(|data: &[u8]| {
    // The fast path (generated from the declarations) reads what serde's own `Deserialize`
    // reads, and refuses what it refuses.
    let body = data.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(data);
    match (from_slice::<Lead>(data), serde_json::from_slice::<Lead>(body)) {
        (Ok(fast), Ok(serde)) => assert_eq!(fast, serde),
        (Err(_), Err(_)) => {}
        (fast, serde) => panic!("fast {fast:?}, serde {serde:?}"),
    }
    match from_slice::<Lead>(data) {
        Ok(lead) => {
            let body = data.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(data);
            let expected: serde_json::Value = serde_json::from_slice(body).expect("valid JSON");
            assert_eq!(serde_json::to_value(&lead).expect("serializes"), expected);
            // The text round trip (exact: this build turns on `float_roundtrip`).
            let text = serde_json::to_vec(&lead).expect("serializes");
            let back: Lead = from_slice(&text).expect("reads back what it writes");
            assert_eq!(back, lead);
            assert_eq!(serde_json::to_vec(&back).expect("serializes"), text);
        }
        Err(err) => {
            assert!(!err.message().is_empty());
            assert!(err.path().is_root() || err.path().as_str().starts_with('/'));
            assert!(err.message().len() < 1024, "{}", err.message());
        }
    }
    let _ = from_slice::<Vec<Lead>>(data);
    // The stream reader: the same entries fed whole or a few bytes at a time.
    let whole = read_stream(data, 1 << 16);
    let capacity = 1 + usize::from(data.first().copied().unwrap_or(0) % 7);
    assert_eq!(read_stream(data, capacity), whole);
    for (position, (index, _, _)) in whole.0.iter().enumerate() {
        assert_eq!(*index, position);
    }
});
