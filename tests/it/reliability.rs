//! Properties over arbitrary JSON and mutated real leads: nothing panics, every error names a
//! path that exists, everything that parses writes back unchanged, validation is deterministic
//! and points only at values that exist.

use copper_lead::convert::{ConvertOptions, OpportunityOptions};
use copper_lead::custom_field::CustomFieldCatalog;
use copper_lead::lifecycle::StatusCatalog;
use copper_lead::validate::Validator;
use copper_lead::{
    EmailCategory, Lead, LeadStatus, ParseErrorKind, PhoneCategory, PipelineId, Timestamp,
    WebsiteCategory,
};
use proptest::prelude::*;
use serde_json::Value;
use std::sync::LazyLock;

/// Keys worth generating: the lead's, its parts', and a few odd ones.
static KEYS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    let mut keys: Vec<&str> = Lead::KEYS.to_vec();
    keys.extend(copper_lead::Address::KEYS);
    keys.extend(copper_lead::PhoneNumber::KEYS);
    keys.extend(copper_lead::Website::KEYS);
    keys.extend(copper_lead::custom_field::CustomFieldValue::KEYS);
    keys.extend(["computed_value", "x/y", "~"]);
    keys
});

static FIXTURES: LazyLock<Vec<Value>> = LazyLock::new(|| {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
    let mut leads = Vec::new();
    for name in [
        "docs_fetch_lead_by_id.json",
        "docs_create_lead_response.json",
        "docs_update_lead_response.json",
        "hull_2020-12_upsert_lead_response.json",
        "hull_2019-12_search_leads_response.json",
    ] {
        let value: Value =
            serde_json::from_str(&std::fs::read_to_string(format!("{dir}/{name}")).unwrap())
                .unwrap();
        match value {
            Value::Array(items) => leads.extend(items),
            other => leads.push(other),
        }
    }
    leads
});

static DEFINITIONS: LazyLock<CustomFieldCatalog> = LazyLock::new(|| {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
    serde_json::from_str(
        &std::fs::read_to_string(format!("{dir}/hull_2020-12_custom_field_definitions.json"))
            .unwrap(),
    )
    .unwrap()
});

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        (-1e15f64..1e15).prop_map(Value::from),
        "\\PC{0,10}".prop_map(Value::from),
        prop::sample::select(vec![
            "work",
            "New",
            "Qualified",
            "a@b.co",
            "https://x.io",
            "4155551234",
            "javascript:x"
        ])
        .prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::vec((key(), inner), 0..6)
                .prop_map(|entries| Value::Object(entries.into_iter().collect())),
        ]
    })
}

fn key() -> impl Strategy<Value = String> {
    prop_oneof![4 => prop::sample::select(KEYS.clone()).prop_map(str::to_owned), 1 => "\\PC{0,6}"]
}

/// A fixture lead with one location replaced by arbitrary JSON (or removed).
fn mutated_lead() -> impl Strategy<Value = Value> {
    (
        0..FIXTURES.len(),
        any::<prop::sample::Index>(),
        prop::option::of(json_value()),
    )
        .prop_map(|(i, at, replacement)| {
            let mut lead = FIXTURES[i].clone();
            let mut pointers = Vec::new();
            collect_pointers(&lead, "", &mut pointers);
            let pointer = at.get(&pointers).clone();
            let (parent, key) = pointer.rsplit_once('/').unwrap_or(("", ""));
            match (lead.pointer_mut(parent), replacement) {
                (Some(Value::Object(map)), None) => {
                    map.remove(key);
                }
                (Some(_), Some(value)) => *lead.pointer_mut(&pointer).unwrap() = value,
                _ => {}
            }
            lead
        })
}

fn collect_pointers(value: &Value, at: &str, out: &mut Vec<String>) {
    if !at.is_empty() {
        out.push(at.to_owned());
    }
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                collect_pointers(
                    child,
                    &format!("{at}/{}", key.replace('~', "~0").replace('/', "~1")),
                    out,
                );
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                collect_pointers(child, &format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

/// Everything the crate does with one input, checking the promises on the way.
fn exercise(value: &Value) -> Result<(), TestCaseError> {
    let text = value.to_string();
    let reparsed: Value = serde_json::from_str(&text).unwrap();
    match copper_lead::from_str::<Lead>(&text) {
        Err(err) => {
            prop_assert!(!err.message().is_empty());
            prop_assert!(err.to_string().contains(err.message()));
            if err.kind() == ParseErrorKind::Shape {
                prop_assert!(
                    reparsed.pointer(err.path().as_str()).is_some(),
                    "{} is not in the input",
                    err.path()
                );
            }
            // serde_json directly fails the same way.
            prop_assert!(serde_json::from_str::<Lead>(&text).is_err());
        }
        Ok(lead) => {
            prop_assert_eq!(serde_json::to_value(&lead).unwrap(), reparsed.clone());
            let statuses = StatusCatalog::stock();
            for validator in [
                Validator::new(),
                Validator::new()
                    .with_statuses(statuses)
                    .with_custom_fields(&DEFINITIONS),
            ] {
                let report = lead.check(&validator);
                prop_assert_eq!(&report, &lead.check(&validator));
                for finding in report.findings() {
                    prop_assert!(
                        reparsed.pointer(finding.path().as_str()).is_some(),
                        "{} is not in the input",
                        finding.path()
                    );
                }
                prop_assert_eq!(report.is_valid(), lead.validate_with(&validator).is_ok());
            }
            let at = Timestamp::from_unix(1_700_000_000).unwrap();
            let mut moved = lead.clone();
            for status in ["Contacted", "Qualified", "Junk", "New"] {
                let before = moved.clone();
                if moved.transition_to(LeadStatus::from(status), at).is_err() {
                    prop_assert_eq!(&moved, &before);
                }
            }
            let options =
                ConvertOptions::new(at).opportunity(OpportunityOptions::new(PipelineId::new(1)));
            for candidate in [lead, moved] {
                let options = options.clone().custom_fields(&DEFINITIONS);
                let qualified =
                    copper_lead::lifecycle::QualifiedLead::new(candidate, &Validator::new());
                if let Ok(Ok(conversion)) = qualified.map(|q| q.convert(&options)) {
                    prop_assert_eq!(conversion.idempotency_key().len(), 64);
                }
            }
        }
    }
    Ok(())
}

proptest! {
    #[test]
    fn arbitrary_json_is_answered(value in json_value()) {
        exercise(&value)?;
    }

    #[test]
    fn arbitrary_objects_with_lead_keys_are_answered(entries in prop::collection::vec((key(), json_value()), 0..12)) {
        exercise(&Value::Object(entries.into_iter().collect()))?;
    }

    #[test]
    fn mutated_fixture_leads_are_answered(lead in mutated_lead()) {
        exercise(&lead)?;
    }

    /// The builder takes any text without panicking and yields only valid leads.
    #[test]
    fn the_builder_never_panics(name in "\\PC{0,20}", email in "\\PC{0,20}", phone in "\\PC{0,20}", url in "\\PC{0,20}", tag in "\\PC{0,8}") {
        if let Ok(lead) = Lead::builder(name)
            .email(email, EmailCategory::Work)
            .phone_number(phone, PhoneCategory::Work)
            .website(url, WebsiteCategory::Work)
            .tag(tag)
            .build()
        {
            prop_assert!(lead.validate().is_ok());
        }
    }
}

/// Text for the bulk path: a record's JSON, sometimes cut short or given a duplicate key (what
/// a broken export holds).
fn record_text() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => mutated_lead().prop_map(|lead| lead.to_string()),
        2 => json_value().prop_map(|value| value.to_string()),
        1 => (mutated_lead(), any::<prop::sample::Index>()).prop_map(|(lead, at)| {
            let text = lead.to_string();
            let cut = at.index(text.len().max(1));
            text.get(..cut).unwrap_or_default().to_owned()
        }),
        1 => mutated_lead().prop_map(|lead| {
            let text = lead.to_string();
            text.replacen('{', r#"{"name": "dup", "#, 1)
        }),
    ]
}

proptest! {
    /// The bulk path (one `Checker` reading record after record over the same lead) agrees
    /// with parsing each record afresh and checking it: the same findings at the same paths,
    /// the same parse errors, for every record of any sequence.
    #[test]
    fn the_bulk_checker_agrees_with_parse_then_check(
        records in proptest::collection::vec(record_text(), 1..12),
        with_definitions in any::<bool>(),
    ) {
        let statuses = StatusCatalog::stock();
        let validator = if with_definitions {
            Validator::new().with_statuses(statuses).with_custom_fields(&DEFINITIONS)
        } else {
            Validator::new()
        };
        let mut checker = copper_lead::validate::Checker::new(&validator);
        for text in &records {
            let fresh = copper_lead::from_str::<Lead>(text).map(|lead| (lead.check(&validator), lead));
            let bulk = checker.check_slice(text.as_bytes());
            match (fresh, bulk) {
                (Ok((expected, lead)), Ok(report)) => {
                    prop_assert_eq!(report, expected);
                    prop_assert_eq!(checker.lead(), &lead);
                    // And both equal serde's own reading (`Deserialize`, never the fast path).
                    let serde: Lead = serde_json::from_str(text).unwrap();
                    prop_assert_eq!(&lead, &serde);
                }
                (Err(expected), Err(err)) => prop_assert_eq!(err, expected),
                (fresh, bulk) => prop_assert!(false, "fresh {:?}, bulk {:?}", fresh, bulk),
            }
        }
    }
}

/// A record's text as exports write it: compact, or pretty-printed, or with every character
/// outside ASCII escaped (`\u00e9`, surrogate pairs); or with the first letter of every key
/// and string escaped (`"\u006eame"`), which the fast path's key matching must not take for
/// a plain key.
fn layouts() -> impl Strategy<Value = String> {
    (record_text(), 0..4_u8).prop_map(|(text, layout)| {
        let Ok(value) = serde_json::from_str::<Value>(&text) else {
            return text;
        };
        match layout {
            0 => text,
            1 => serde_json::to_string_pretty(&value).unwrap(),
            2 => escape_first_letters(&value.to_string()),
            _ => value
                .to_string()
                .chars()
                .map(|c| {
                    if c.is_ascii() {
                        c.to_string()
                    } else {
                        let mut units = [0u16; 2];
                        c.encode_utf16(&mut units)
                            .iter()
                            .fold(String::new(), |mut out, u| {
                                use std::fmt::Write as _;
                                let _ = write!(out, "\\u{u:04x}");
                                out
                            })
                    }
                })
                .collect(),
        }
    })
}

/// Compact JSON with the first character of every string (keys too) written as a `\u`
/// escape when it is an ASCII letter.
fn escape_first_letters(compact: &str) -> String {
    use std::fmt::Write as _;
    let (mut out, mut in_string, mut escaped, mut first) = (String::new(), false, false, false);
    for c in compact.chars() {
        if first && c.is_ascii_alphabetic() {
            let _ = write!(out, "\\u{:04x}", u32::from(c));
            first = false;
            continue;
        }
        first = false;
        out.push(c);
        match c {
            _ if escaped => escaped = false,
            '\\' if in_string => escaped = true,
            '"' => {
                in_string = !in_string;
                first = in_string;
            }
            _ => {}
        }
    }
    out
}

proptest! {
    /// The fast path (`copper_lead::from_str`, which reads declared records straight from the
    /// text and leaves anything else to serde) reads exactly what serde's own `Deserialize`
    /// reads: the same lead for any text serde accepts, and an error for any it refuses.
    #[test]
    fn the_fast_path_reads_what_serde_reads(text in layouts()) {
        let fast = copper_lead::from_str::<Lead>(&text);
        let serde = serde_json::from_str::<Lead>(&text);
        match (fast, serde) {
            (Ok(fast), Ok(serde)) => prop_assert_eq!(fast, serde),
            (Err(_), Err(_)) => {}
            (fast, serde) => prop_assert!(false, "fast {:?}, serde {:?}", fast, serde),
        }
        let list = format!("[{text}, {text}]");
        let fast = copper_lead::from_str::<Vec<Lead>>(&list);
        let serde = serde_json::from_str::<Vec<Lead>>(&list);
        prop_assert_eq!(fast.is_ok(), serde.is_ok());
        if let (Ok(fast), Ok(serde)) = (fast, serde) {
            prop_assert_eq!(fast, serde);
        }
    }
}

/// Found by fuzzing the bulk checker: one byte order mark is skipped, and only one, on every
/// path (text, bytes that are not UTF-8, and the checker), so all agree on a doubled mark.
#[test]
fn one_byte_order_mark_is_skipped_and_only_one() {
    let once = b"\xEF\xBB\xBF{\"name\": \"a\"}";
    let twice = b"\xEF\xBB\xBF\xEF\xBB\xBF{\"name\": \"a\"}";
    let twice_then_bad = b"\xEF\xBB\xBF\xEF\xBB\xBF{\"name\": \"\xff\"}";
    assert!(copper_lead::from_slice::<Lead>(once).is_ok());
    assert!(copper_lead::from_str::<Lead>(std::str::from_utf8(once).unwrap()).is_ok());
    let validator = Validator::new();
    let mut checker = copper_lead::validate::Checker::new(&validator);
    for input in [&once[..], &twice[..], &twice_then_bad[..]] {
        let fresh = copper_lead::from_slice::<Lead>(input).map(|lead| lead.check(&validator));
        assert_eq!(checker.check_slice(input), fresh, "{input:?}");
    }
    let err = copper_lead::from_slice::<Lead>(twice).unwrap_err();
    assert_eq!(err.kind(), ParseErrorKind::Syntax);
    assert_eq!(
        copper_lead::from_str::<Lead>(std::str::from_utf8(twice).unwrap()).unwrap_err(),
        err
    );
}
