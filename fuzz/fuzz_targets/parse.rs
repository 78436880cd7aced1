//! Any bytes: reading never panics, an error names a path, and whatever reads writes back the
//! same JSON value.
#![no_main]

use copper_lead::{Lead, from_slice};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    match from_slice::<Lead>(data) {
        Ok(lead) => {
            let body = data.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(data);
            let expected: serde_json::Value = serde_json::from_slice(body).expect("valid JSON");
            assert_eq!(serde_json::to_value(&lead).expect("serializes"), expected);
        }
        Err(err) => {
            assert!(!err.message().is_empty());
            assert!(err.path().is_root() || err.path().as_str().starts_with('/'));
        }
    }
    let _ = from_slice::<Vec<Lead>>(data);
    // The stream reader over the same bytes, as NDJSON or an array.
    for entry in copper_lead::stream::Reader::new(data) {
        if entry.is_err() {
            break;
        }
    }
});
