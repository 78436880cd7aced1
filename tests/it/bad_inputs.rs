//! The adversarial corpus: every input gets an answer (a lead, an error naming its path, or
#![expect(clippy::too_many_lines)] // the generated cases are one table
//! findings), never a panic or a hang. Static cases live in `tests/bad_inputs/` with their
//! expected outcomes in `cases.json`; large ones are generated below into the same table.

use copper_lead::{Lead, ParseErrorKind, from_slice};
use serde_json::{Value, json};
use std::fmt::Write as _;

/// What an input must give.
#[derive(Debug)]
enum Expect {
    /// A parse error of this kind at this path (and, if given, with this message).
    Error {
        kind: ParseErrorKind,
        path: String,
        message: Option<String>,
    },
    /// A lead with exactly these validation errors, `(path, code)`.
    #[cfg_attr(not(feature = "validate"), expect(dead_code))]
    Findings(Vec<(String, String)>),
}

fn kind(name: &str) -> ParseErrorKind {
    match name {
        "eof" => ParseErrorKind::Eof,
        "syntax" => ParseErrorKind::Syntax,
        "shape" => ParseErrorKind::Shape,
        other => panic!("unknown kind {other}"),
    }
}

fn static_cases() -> Vec<(String, Vec<u8>, Expect)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/bad_inputs");
    let cases: Value =
        serde_json::from_str(&std::fs::read_to_string(format!("{dir}/cases.json")).unwrap())
            .unwrap();
    let mut listed = Vec::new();
    let cases = cases
        .as_array()
        .unwrap()
        .iter()
        .map(|case| {
            let file = case["file"].as_str().unwrap().to_owned();
            listed.push(file.clone());
            let bytes = std::fs::read(format!("{dir}/{file}")).unwrap();
            let expect = &case["expect"];
            let expect = match expect.get("error") {
                Some(error) => Expect::Error {
                    kind: kind(error.as_str().unwrap()),
                    path: expect["path"].as_str().unwrap().to_owned(),
                    message: expect
                        .get("message")
                        .and_then(Value::as_str)
                        .map(str::to_owned),
                },
                None => Expect::Findings(
                    expect["findings"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|f| {
                            (
                                f[0].as_str().unwrap().to_owned(),
                                f[1].as_str().unwrap().to_owned(),
                            )
                        })
                        .collect(),
                ),
            };
            (file, bytes, expect)
        })
        .collect();
    // Every file in the directory has an expected outcome.
    for entry in std::fs::read_dir(dir).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        assert!(
            name == "cases.json" || listed.contains(&name),
            "{name} has no case in cases.json"
        );
    }
    cases
}

fn error(kind: ParseErrorKind, path: &str, message: &str) -> Expect {
    Expect::Error {
        kind,
        path: path.to_owned(),
        message: Some(message.to_owned()),
    }
}

fn findings(list: &[(&str, &str)]) -> Expect {
    Expect::Findings(
        list.iter()
            .map(|(p, c)| ((*p).to_owned(), (*c).to_owned()))
            .collect(),
    )
}

/// Inputs too large to keep in the repository.
fn generated_cases() -> Vec<(String, Vec<u8>, Expect)> {
    let mut cases = Vec::new();
    let deep = |open: &str, close: &str| {
        let depth = 200_000;
        format!(
            "{{\"name\": \"a\", \"x\": {}{}}}",
            open.repeat(depth),
            close.repeat(depth)
        )
        .into_bytes()
    };
    let deep_path: String = std::iter::once("/x".to_owned())
        .chain((0..127).map(|_| "/0".to_owned()))
        .collect();
    cases.push((
        "200,000 nested arrays".into(),
        deep("[", "]"),
        error(
            ParseErrorKind::Syntax,
            &deep_path,
            "recursion limit exceeded",
        ),
    ));
    // The object that hits the limit has no key yet, so the path stops one level up.
    let deep_keys: String = std::iter::once("/x".to_owned())
        .chain((0..126).map(|_| "/k".to_owned()))
        .collect();
    cases.push((
        "200,000 nested objects".into(),
        deep("{\"k\": ", "}"),
        error(
            ParseErrorKind::Syntax,
            &deep_keys,
            "recursion limit exceeded",
        ),
    ));

    let big_name = format!("{{\"name\": \"{}\"}}", "n".repeat(10_000_000));
    cases.push((
        "a 10 MB name".into(),
        big_name.into_bytes(),
        findings(&[("/name", "too_long")]),
    ));

    let mut phones = String::from("{\"name\": \"a\", \"phone_numbers\": [");
    for i in 0..100_000 {
        let _ = write!(
            phones,
            "{{\"number\": \"415555{i:04}\", \"category\": \"work\"}},"
        );
    }
    phones.push_str("{\"number\": \"12\", \"category\": \"work\"}]}");
    cases.push((
        "100,001 phone numbers".into(),
        phones.into_bytes(),
        findings(&[("/phone_numbers/100000/number", "invalid_phone")]),
    ));

    let mut keys = String::from("{\"name\": \"a\"");
    for i in 0..100_000 {
        let _ = write!(keys, ", \"k{i}\": {i}");
    }
    keys.push('}');
    cases.push((
        "100,000 unknown keys".into(),
        keys.into_bytes(),
        findings(&[]),
    ));

    let tags: Vec<String> = (0..100_000)
        .map(|i| format!("t{i}"))
        .chain(["T99999".to_owned()])
        .collect();
    let body = json!({"name": "a", "tags": tags}).to_string();
    cases.push((
        "100,001 tags".into(),
        body.into_bytes(),
        findings(&[("/tags/100000", "duplicate_tag")]),
    ));

    // A wrong JSON type in every key, at every level.
    let wrong: [(&str, Value); 37] = [
        ("/id", json!(true)),
        ("/name", json!(1)),
        ("/prefix", json!([])),
        ("/first_name", json!({})),
        ("/last_name", json!(false)),
        ("/middle_name", json!(2)),
        ("/suffix", json!(3.5)),
        ("/address", json!("221B Baker St")),
        ("/address/street", json!(221)),
        ("/address/country", json!(["US"])),
        ("/assignee_id", json!("5")),
        ("/company_name", json!({"name": "x"})),
        ("/customer_source_id", json!(1.25)),
        ("/details", json!([1])),
        ("/email", json!(["a@b.co"])),
        ("/email/email", json!(5)),
        ("/email/category", json!(true)),
        ("/interaction_count", json!(-1)),
        ("/monetary_unit", json!(840)),
        ("/monetary_value", json!({"amount": 5})),
        ("/converted_unit", json!(false)),
        ("/converted_value", json!([5])),
        ("/socials", json!({"url": "x"})),
        ("/socials/0/url", json!(1)),
        ("/status", json!(1)),
        ("/status_id", json!("208231")),
        ("/tags", json!("vip")),
        ("/title", json!(1)),
        ("/websites", json!("x.com")),
        ("/websites/0/category", json!(0)),
        ("/phone_numbers", json!(4_155_551_234_u64)),
        ("/phone_numbers/0/number", json!(4_155_551_234_u64)),
        ("/custom_fields", json!({})),
        (
            "/custom_fields/0/custom_field_definition_id",
            json!("455893"),
        ),
        ("/date_created", json!("yesterday")),
        ("/date_modified", json!(1.5)),
        ("/date_last_contacted", json!([])),
    ];
    for (path, value) in wrong {
        let mut lead = json!({
            "name": "a", "address": {}, "email": {}, "socials": [{}], "websites": [{}],
            "phone_numbers": [{}], "custom_fields": [{}]
        });
        let (parent, key) = path.rsplit_once('/').unwrap();
        let parent = lead
            .pointer_mut(parent)
            .and_then(Value::as_object_mut)
            .unwrap();
        parent.insert(key.to_owned(), value);
        cases.push((
            format!("a wrong type at {path}"),
            lead.to_string().into_bytes(),
            Expect::Error {
                kind: ParseErrorKind::Shape,
                path: path.to_owned(),
                message: None,
            },
        ));
    }
    // Keys Copper has only sent as null: another shape reads (the lead stays readable) and
    // validation reports it.
    for (key, value) in [
        ("converted_opportunity_id", json!(-7)),
        ("converted_contact_id", json!("27140359")),
        ("converted_at", json!(true)),
    ] {
        cases.push((
            format!("an unexpected shape at /{key}"),
            json!({"name": "a", key: value}).to_string().into_bytes(),
            findings(&[(&format!("/{key}"), "unexpected_shape")]),
        ));
    }
    cases
}

#[test]
fn every_bad_input_gets_its_expected_answer() {
    let cases: Vec<_> = static_cases()
        .into_iter()
        .chain(generated_cases())
        .collect();
    assert!(cases.len() > 70);
    for (name, bytes, expect) in cases {
        let result = from_slice::<Lead>(&bytes);
        match (&expect, result) {
            (
                Expect::Error {
                    kind,
                    path,
                    message,
                },
                Err(err),
            ) => {
                assert_eq!(
                    (err.kind(), err.path().as_str()),
                    (*kind, path.as_str()),
                    "{name}: {err}"
                );
                if let Some(message) = message {
                    assert_eq!(err.message(), message, "{name}");
                }
                // The display names the path and says where.
                let shown = err.to_string();
                assert!(
                    shown.contains(err.message()) && shown.contains(path.as_str()),
                    "{name}: {shown}"
                );
                assert!(err.line() >= 1, "{name}: no position");
                // Straight serde_json agrees on the failure (and its message names the path
                // for shape errors); the BOM case is the crate reader's only leniency.
                let direct = serde_json::from_slice::<Lead>(&bytes).unwrap_err();
                if *kind == ParseErrorKind::Shape && !path.is_empty() {
                    assert!(
                        direct.to_string().starts_with(&format!("{path}: ")),
                        "{name}: {direct}"
                    );
                }
            }
            #[cfg(feature = "validate")]
            (Expect::Findings(expected), Ok(lead)) => {
                let found: Vec<(String, String)> = match lead.validate() {
                    Ok(()) => vec![],
                    Err(errors) => errors
                        .iter()
                        .map(|f| (f.path().to_string(), f.code().to_string()))
                        .collect(),
                };
                assert_eq!(&found, expected, "{name}");
                // Nothing the input carried is dropped.
                let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
                let value: Value = serde_json::from_slice(body).unwrap();
                assert_eq!(serde_json::to_value(&lead).unwrap(), value, "{name}");
                for (path, _) in &found {
                    assert!(value.pointer(path).is_some(), "{name}: {path}");
                }
            }
            // Without the rules, such input only has to read.
            #[cfg(not(feature = "validate"))]
            (Expect::Findings(_), Ok(_)) => {}
            (expect, result) => panic!(
                "{name}: expected {expect:?}, got {:?}",
                result.map(|_| "a lead")
            ),
        }
    }
}

#[test]
fn deep_nesting_is_an_error_everywhere_it_can_arrive() {
    let depth = 200_000;
    let deep = format!(
        "[{{\"name\": \"a\", \"x\": {}{}}}]",
        "[".repeat(depth),
        "]".repeat(depth)
    );
    let err = from_slice::<Vec<Lead>>(deep.as_bytes()).unwrap_err();
    assert_eq!(err.message(), "recursion limit exceeded");
    assert!(err.path().as_str().starts_with("/0/x/0/0"));
    assert!(serde_json::from_str::<Lead>(&deep[1..deep.len() - 1]).is_err());
    // The stream reader finds the record's end without recursion, then reports it.
    let entries: Vec<_> = copper_lead::stream::Reader::new(deep.as_bytes()).collect();
    assert_eq!(entries.len(), 1);
    let entry = entries.into_iter().next().unwrap().unwrap();
    assert_eq!(
        entry.result.unwrap_err().message(),
        "recursion limit exceeded"
    );
}
