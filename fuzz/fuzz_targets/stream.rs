//! Mixed and broken stream layouts lose no record. The input's bytes lay out records one of
//! four ways (lines, pretty-printed, an array on a line, an array with an element per line),
//! some of them broken (left open); read back at any buffer size, every whole record comes
//! back, in order, and each broken one is reported.
#![no_main]

use std::io::BufReader;

use copper_lead::Lead;
use copper_lead::stream::Reader;
use libfuzzer_sys::fuzz_target;
use serde_json::{Value, json};

const BROKEN: [&str; 3] = [
    "{\"name\": \"cut",
    "{\"name\": \"x\", \"tags\": [\"a\"",
    "{\"address\": {\"city\": \"b\"",
];

fuzz_target!(|data: &[u8]| {
    let Some((&capacity, data)) = data.split_first() else {
        return;
    };
    let (mut text, mut expected, mut broken) = (String::new(), Vec::new(), 0);
    for (n, chunk) in data.chunks(4).take(12).enumerate() {
        let [layout, count, flags, name @ ..] = chunk else {
            break;
        };
        let records: Vec<Option<Value>> = (0..1 + usize::from(count % 3))
            .map(|i| {
                let text: String = name.iter().map(|b| char::from(b'a' + b % 26)).collect();
                (flags >> i & 1 == 0).then(|| json!({"name": text, "tags": [i.to_string()]}))
            })
            .collect();
        let shown: Vec<String> = records
            .iter()
            .enumerate()
            .map(|(i, record)| match record {
                Some(value) if layout % 4 == 1 => serde_json::to_string_pretty(value).expect("json"),
                Some(value) => value.to_string(),
                None => BROKEN[(n + i) % 3].to_owned(),
            })
            .collect();
        match layout % 4 {
            2 if records.iter().all(Option::is_some) => {
                text += &["[", &shown.join(", "), "]\n"].concat();
            }
            2 | 3 => text += &["[\n  ", &shown.join(",\n  "), "\n]\n"].concat(),
            _ => shown.iter().for_each(|record| text += &[record, "\n"].concat()),
        }
        for record in records {
            match record {
                Some(value) => expected.push(value),
                None => broken += 1,
            }
        }
    }
    if text.is_empty() {
        return;
    }
    let reader = BufReader::with_capacity(1 + usize::from(capacity % 64), text.as_bytes());
    let (mut read, mut reported) = (Vec::new(), 0);
    for item in Reader::new(reader) {
        match item {
            Ok(entry) => match entry.result {
                Ok(lead) => read.push(serde_json::to_value::<Lead>(lead).expect("json")),
                Err(_) => reported += 1,
            },
            Err(_) => reported += 1,
        }
    }
    assert_eq!(read, expected, "a whole record was lost or changed:\n{text}");
    assert!(reported >= broken, "{broken} broken, {reported} reported:\n{text}");
});
