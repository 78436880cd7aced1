//! Wire fidelity: what parses, what it serializes back to, and how wrong shapes fail.
#![expect(clippy::unreadable_literal)] // ids and timestamps as Copper writes them

use copper_lead::{
    Amount, AmountForm, EmailCategory, Field, Lead, LeadStatus, ParseErrorKind, PhoneCategory,
    SocialCategory, WebsiteCategory,
};
use serde_json::{Value, json};

/// Parses `value` as a lead through `serde_json` directly and checks it writes back the same
/// JSON value.
fn round_trip(value: &Value) -> Lead {
    let text = value.to_string();
    let lead: Lead = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{text}: {e}"));
    assert_eq!(&serde_json::to_value(&lead).unwrap(), value);
    lead
}

#[test]
fn absent_null_and_empty_stay_apart() {
    let lead = round_trip(&json!({"name": "", "title": null, "tags": [], "address": null}));
    assert_eq!(lead.name, Field::Value(String::new()));
    assert_eq!(lead.title, Field::Null);
    assert_eq!(lead.tags, Field::Value(vec![]));
    assert!(lead.address.is_null());
    assert!(lead.details.is_absent());
    assert!(lead.id.is_absent());
    assert_eq!(serde_json::to_string(&Lead::default()).unwrap(), "{}");
}

#[test]
fn number_forms_survive() {
    let lead = round_trip(&json!({
        "monetary_value": 5000, "converted_value": "5000.0", "interaction_count": 0
    }));
    let value = lead.monetary_value.value().unwrap();
    assert_eq!(
        (value.form(), value.to_f64()),
        (AmountForm::Integer, Some(5000.0))
    );
    let converted = lead.converted_value.value().unwrap();
    assert_eq!(
        (converted.form(), converted.as_text()),
        (AmountForm::Text, Some("5000.0"))
    );
    // A float stays a float, written with its fraction.
    let text = r#"{"monetary_value":50000.0}"#;
    let lead: Lead = serde_json::from_str(text).unwrap();
    assert_eq!(serde_json::to_string(&lead).unwrap(), text);
    assert_eq!(
        lead.monetary_value.value().map(Amount::form),
        Some(AmountForm::Float)
    );
    // Negative and huge integers keep their exact value.
    round_trip(&json!({"monetary_value": -3}));
    round_trip(&json!({"monetary_value": u64::MAX}));
    round_trip(&json!({"id": u64::MAX, "assignee_id": 0}));
}

#[test]
fn unknown_keys_survive_at_every_level() {
    let value = json!({
        "name": "A",
        "future": {"deep": [1, 2.5, "x", null, true, {"k": []}]},
        "address": {"city": "X", "plus4": "1234"},
        "email": {"email": "a@b.co", "category": "work", "verified": true},
        "phone_numbers": [{"number": "4155551234", "category": "work", "ext": "12"}],
        "socials": [{"url": "x.com/a", "category": "twitter", "handle": "a"}],
        "websites": [{"url": "a.co", "category": "work", "primary": true}],
        "custom_fields": [{"custom_field_definition_id": 1, "value": "t", "computed_value": "T"}]
    });
    let lead = round_trip(&value);
    assert_eq!(lead.extra["future"]["deep"][1], 2.5);
    assert_eq!(lead.address.value().unwrap().extra["plus4"], "1234");
    assert_eq!(lead.email.value().unwrap().extra["verified"], true);
    assert_eq!(lead.phone_numbers.items()[0].extra["ext"], "12");
    assert_eq!(lead.socials.items()[0].extra["handle"], "a");
    assert_eq!(lead.websites.items()[0].extra["primary"], true);
    assert_eq!(lead.custom_fields.items()[0].extra["computed_value"], "T");
}

#[test]
fn everything_copper_sends_parses() {
    let lead = round_trip(&json!({
        "name": "x",
        "status": "Hot Prospect",
        "email": {"email": "a@b.co", "category": "Work"},
        "phone_numbers": [{"number": "+1 (415) 555-1234 ext. 5", "category": "fax"}],
        "socials": [{"url": "facebook.com/test_lead", "category": "mastodon"}],
        "websites": [{"url": "www.workwebsite.com", "category": "blog"}],
        "custom_fields": [
            {"custom_field_definition_id": 1, "value": "text"},
            {"custom_field_definition_id": 2, "value": 1532569},
            {"custom_field_definition_id": 3, "value": [1, 2]},
            {"custom_field_definition_id": 4, "value": 1608019200},
            {"custom_field_definition_id": 5, "value": false},
            {"custom_field_definition_id": 6, "value": 789.0},
            {"custom_field_definition_id": 7, "value": "55.5"},
            {"custom_field_definition_id": 8, "value": 0},
            {"custom_field_definition_id": 9, "value": []},
            {"custom_field_definition_id": 10, "value": {"any": "shape"}},
            {"custom_field_definition_id": 11, "value": null}
        ],
        "converted_opportunity_id": 123, "converted_contact_id": 456, "converted_at": 1607123827
    }));
    assert_eq!(lead.status.value(), Some(&LeadStatus::from("Hot Prospect")));
    assert_eq!(
        lead.email.value().unwrap().category.value(),
        Some(&EmailCategory::from("Work"))
    );
    assert!(
        !lead
            .email
            .value()
            .unwrap()
            .category
            .value()
            .unwrap()
            .is_known()
    );
    assert_eq!(
        lead.phone_numbers.items()[0].category.value(),
        Some(&PhoneCategory::from("fax"))
    );
    assert_eq!(
        lead.socials.items()[0].category.value().unwrap().as_str(),
        "mastodon"
    );
    assert_eq!(
        lead.websites.items()[0].category.value(),
        Some(&WebsiteCategory::from("blog"))
    );
    assert_eq!(SocialCategory::from("linkedin"), SocialCategory::Linkedin);
    assert!(lead.custom_fields.items()[10].value.is_null());
    for status in [
        "New",
        "Open",
        "Junk",
        "Unqualified",
        "Contacted",
        "Qualified",
    ] {
        let lead = round_trip(&json!({"status": status}));
        assert!(lead.status.value().unwrap().is_known(), "{status}");
    }
}

#[test]
fn arrays_of_leads_parse() {
    let leads: Vec<Lead> = serde_json::from_str(r#"[{"name": "a"}, {"name": "b"}]"#).unwrap();
    assert_eq!(leads.len(), 2);
    let leads: Vec<Lead> = copper_lead::from_str("[]").unwrap();
    assert!(leads.is_empty());
}

/// Wrong shapes, through `serde_json` directly: the error's own message names the path and what
/// was expected; the position is at or after the offending token (`serde_json` reports where
/// reading stopped, which may be past the end of the enclosing objects: the path is exact).
#[test]
fn shape_errors_name_the_path_in_serde_json_messages() {
    // (input, message without position, the offending token)
    let cases = [
        (
            r#"{"address": []}"#,
            "/address: invalid type: sequence, expected an address object",
            "[",
        ),
        (
            r#"{"id": "12"}"#,
            "/id: invalid type: string \"12\", expected a lead id (a non-negative integer)",
            r#""12""#,
        ),
        (
            r#"{"id": -1}"#,
            "/id: invalid value: integer `-1`, expected a lead id (a non-negative integer)",
            "-1",
        ),
        (
            r#"{"id": 1.5}"#,
            "/id: invalid type: floating point `1.5`, expected a lead id (a non-negative integer)",
            "1.5",
        ),
        (
            r#"{"id": 18446744073709551616}"#,
            "/id: invalid type: floating point `1.8446744073709552e+19`, expected a lead id (a non-negative integer)",
            "18446744073709551616",
        ),
        (
            r#"{"date_created": "1489018784"}"#,
            "/date_created: invalid type: string \"1489018784\", expected Unix seconds (an integer within the years -9999..=9999)",
            r#""1489018784""#,
        ),
        (
            r#"{"date_created": 999999999999999}"#,
            "/date_created: invalid value: integer `999999999999999`, expected Unix seconds (an integer within the years -9999..=9999)",
            "999999999999999",
        ),
        (
            r#"{"phone_numbers": [{"number": "1"}, {"number": 5}]}"#,
            "/phone_numbers/1/number: invalid type: integer `5`, expected a string",
            "5}",
        ),
        (
            r#"{"tags": ["a", null]}"#,
            "/tags/1: invalid type: null, expected a string",
            "null",
        ),
        (
            r#"{"email": "a@b.co"}"#,
            "/email: invalid type: string \"a@b.co\", expected an email object",
            r#""a@b.co""#,
        ),
        (
            r#"{"custom_fields": [{"custom_field_definition_id": "7"}]}"#,
            "/custom_fields/0/custom_field_definition_id: invalid type: string \"7\", expected a custom field definition id (a non-negative integer)",
            r#""7""#,
        ),
        (
            r#"{"status": 3}"#,
            "/status: invalid type: integer `3`, expected a lead status (a string)",
            "3",
        ),
        (
            r#"{"monetary_value": true}"#,
            "/monetary_value: invalid type: boolean `true`, expected an amount (a number or a numeric string)",
            "true",
        ),
        (
            r#"{"name": "a", "name": "b"}"#,
            "duplicate field `name`",
            r#""name": "b""#,
        ),
        (r#"{"x": 1, "x": 2}"#, "duplicate field `x`", r#""x": 2"#),
        (
            r#"{"address": {"city": "a", "city": "b"}}"#,
            "/address: duplicate field `city`",
            r#""city": "b""#,
        ),
        ("[]", "invalid type: sequence, expected a lead object", "["),
    ];
    for (input, message, token) in cases {
        let err = serde_json::from_str::<Lead>(input).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!("{message} at line 1 column {}", err.column()),
            "{input}"
        );
        assert!(err.is_data(), "{input}");
        let start = input.rfind(token).unwrap();
        assert!(
            err.column() >= start,
            "{input}: column {} is before {token:?}",
            err.column()
        );
    }
}

/// Syntax errors keep `serde_json`'s category (so streaming callers can tell end of input).
#[test]
fn syntax_errors_keep_their_category() {
    let err = serde_json::from_str::<Lead>(r#"{"tags": ["a", "#).unwrap_err();
    assert!(err.is_eof());
    let err = serde_json::from_str::<Lead>(r#"{"tags": [1e400]}"#).unwrap_err();
    assert!(err.is_syntax());
}

#[test]
fn parse_errors_split_path_message_and_position() {
    let cases: [(&str, ParseErrorKind, &str, &str); 9] = [
        ("", ParseErrorKind::Eof, "", "EOF while parsing a value"),
        (
            "  \n ",
            ParseErrorKind::Eof,
            "",
            "EOF while parsing a value",
        ),
        (
            r#"{"name": "a"} x"#,
            ParseErrorKind::Syntax,
            "",
            "trailing characters",
        ),
        (
            r#"{"tags": ["a", "#,
            ParseErrorKind::Eof,
            "/tags/1",
            "EOF while parsing a value",
        ),
        (
            r#"{"address": {"city": "a"#,
            ParseErrorKind::Eof,
            "/address/city",
            "EOF while parsing a string",
        ),
        (
            r#"{"monetary_value": 1e400}"#,
            ParseErrorKind::Syntax,
            "/monetary_value",
            "number out of range",
        ),
        (
            r#"{"websites": [{"url": 3}]}"#,
            ParseErrorKind::Shape,
            "/websites/0/url",
            "invalid type: integer `3`, expected a string",
        ),
        (
            "null",
            ParseErrorKind::Shape,
            "",
            "invalid type: null, expected a lead object",
        ),
        (
            "\u{feff}{\"name\": 1}",
            ParseErrorKind::Shape,
            "/name",
            "invalid type: integer `1`, expected a string",
        ),
    ];
    for (input, kind, path, message) in cases {
        let err = copper_lead::from_str::<Lead>(input).unwrap_err();
        assert_eq!(
            (err.kind(), err.path().as_str(), err.message()),
            (kind, path, message),
            "{input:?}"
        );
        assert!(err.line() >= 1, "{input:?}");
        assert!(err.to_string().contains(message));
    }
    let err = copper_lead::from_str::<Vec<Lead>>(r#"[{"name": "a"}, {"email": {"email": 1}}]"#)
        .unwrap_err();
    assert_eq!(err.path().as_str(), "/1/email/email");
    assert_eq!(
        err.to_string(),
        format!(
            "/1/email/email: invalid type: integer `1`, expected a string at line 1 column {}",
            err.column()
        )
    );
    let err = copper_lead::from_slice::<Lead>(b"{\"name\": \"\xff\"}").unwrap_err();
    assert_eq!(err.kind(), ParseErrorKind::Syntax);
    assert_eq!(err.path().as_str(), "/name");
    let err = copper_lead::from_value::<Lead>(&json!({"tags": [1]})).unwrap_err();
    assert_eq!((err.path().as_str(), err.line()), ("/tags/0", 0));
}

#[test]
fn a_bom_is_skipped_by_the_crate_reader() {
    let lead: Lead = copper_lead::from_slice(b"\xEF\xBB\xBF{\"name\": \"a\"}").unwrap();
    assert_eq!(lead.name.as_deref(), Some("a"));
}

#[test]
fn errors_are_send_sync_and_static() {
    // Every public error, and each converts into the crate's one `Error`.
    fn assert_error<E: std::error::Error + Send + Sync + 'static + Into<copper_lead::Error>>() {}
    fn assert_send_sync<E: std::error::Error + Send + Sync + 'static>() {}
    assert_send_sync::<copper_lead::Error>();
    assert_error::<copper_lead::ParseError>();
    assert_error::<copper_lead::stream::StreamError>();
    assert_error::<copper_lead::NonFiniteAmount>();
    assert_error::<copper_lead::InvalidPointer>();
    assert_error::<copper_lead::ModelledKey>();
    #[cfg(feature = "validate")]
    assert_error::<copper_lead::validate::UnknownCode>();
    #[cfg(feature = "convert")]
    assert_error::<copper_lead::convert::ConvertError>();
    #[cfg(feature = "validate")]
    assert_error::<copper_lead::validate::ValidationErrors>();
    assert_error::<copper_lead::lifecycle::TransitionError>();
    assert_error::<copper_lead::lifecycle::ReplayError>();
    #[cfg(feature = "validate")]
    assert_error::<copper_lead::lifecycle::NotQualified>();
    assert_error::<copper_lead::lifecycle::CatalogError>();
    assert_error::<copper_lead::custom_field::CustomFieldError>();
    assert_error::<copper_lead::TimestampError>();
    assert_error::<copper_lead::api::ApiError>();
    assert_error::<copper_lead::api::InvalidBaseUrl>();
    assert_error::<copper_lead::leads::SearchError>();
    assert_error::<copper_lead::leads::MissingLeadId>();
    assert_error::<copper_lead::leads::BulkError>();
    assert_error::<copper_lead::webhook::SubscriptionError>();
    assert_error::<copper_lead::webhook::InvalidNotificationTime>();
    #[cfg(feature = "convert")]
    assert_error::<copper_lead::convert::SnapshotMismatch>();
}

/// A key given twice is refused at every depth, the same way: in unknown values, in custom
/// field values, and in the unknown keys of a part (never "the last one wins").
#[test]
fn duplicate_keys_are_refused_at_every_depth() {
    let cases = [
        (r#"{"x": {"a": 1, "a": 2}}"#, "/x"),
        (r#"{"x": [0, {"deep": {"k": [], "k": null}}]}"#, "/x/1/deep"),
        (
            r#"{"custom_fields": [{"custom_field_definition_id": 1, "value": {"k": 1, "k": 2}}]}"#,
            "/custom_fields/0/value",
        ),
        (r#"{"address": {"zip": {"a": 1, "a": 2}}}"#, "/address/zip"),
        (r#"{"address": {"zip": 1, "zip": 2}}"#, "/address"),
        (
            r#"{"email": {"verified": true, "verified": false}}"#,
            "/email",
        ),
    ];
    for (input, path) in cases {
        let err = copper_lead::from_str::<Lead>(input).unwrap_err();
        assert_eq!(
            (err.kind(), err.path().as_str()),
            (ParseErrorKind::Shape, path),
            "{input}"
        );
        assert!(
            err.message().starts_with("duplicate field `"),
            "{input}: {err}"
        );
        let direct = serde_json::from_str::<Lead>(input).unwrap_err();
        assert!(
            direct
                .to_string()
                .starts_with(&format!("{path}: duplicate field")),
            "{input}: {direct}"
        );
        // The value written back from a lead would have lost one of the two.
        assert!(serde_json::from_str::<Value>(input).is_ok());
    }
}

/// A value deeper than the limit is refused however it arrives: text (where `serde_json`'s
/// reader stops it) or a `serde_json::Value` (which has no limit of its own), and reading a
/// very deep value does not exhaust a small stack.
#[test]
fn nesting_is_limited_for_values_too() {
    // `levels` containers in all: the lead's object and `levels - 1` arrays in `x`.
    fn nested(levels: usize) -> Value {
        let mut value = json!(1);
        for _ in 1..levels {
            value = Value::Array(vec![value]);
        }
        let mut lead = serde_json::Map::new();
        lead.insert("x".to_owned(), value);
        Value::Object(lead)
    }
    // Taken apart level by level: dropping a deep `Value` recursively overflows a stack.
    fn dismantle(mut value: Value) {
        let mut stack = vec![];
        loop {
            match value {
                Value::Array(items) => stack.extend(items),
                Value::Object(map) => stack.extend(map.into_iter().map(|(_, v)| v)),
                _ => {}
            }
            match stack.pop() {
                Some(next) => value = next,
                None => return,
            }
        }
    }
    for (levels, ok) in [(127, true), (128, false)] {
        let value = nested(levels);
        let text = value.to_string();
        let from_text = copper_lead::from_str::<Lead>(&text);
        let from_value = copper_lead::from_value::<Lead>(&value);
        assert_eq!(from_text.is_ok(), ok, "{levels} from text");
        assert_eq!(from_value.is_ok(), ok, "{levels} from a value");
        if let (Err(a), Err(b)) = (from_text, from_value) {
            assert_eq!((a.kind(), a.message()), (b.kind(), b.message()));
            assert_eq!(b.message(), "recursion limit exceeded");
            // From a value, the path names the container at the limit (`x` and 126 arrays
            // down); from text it comes from the reader's position, just inside it.
            assert_eq!(b.path().tokens().count(), 127);
            assert_eq!(a.path().tokens().count(), 128);
        }
    }
    let deep = std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(|| {
            let value = nested(20_000);
            let result = copper_lead::from_value::<Lead>(&value).map(|_| ());
            dismantle(value);
            result
        })
        .unwrap()
        .join()
        .unwrap();
    let err = deep.unwrap_err();
    assert_eq!(
        (err.kind(), err.message()),
        (ParseErrorKind::Syntax, "recursion limit exceeded")
    );
    assert_eq!(err.path().tokens().count(), 127);
}

/// A message quotes at most 64 characters of the value it is about, however large.
#[test]
fn errors_echo_values_cut_short() {
    let huge = "9".repeat(1_000_000);
    for input in [
        format!(r#"{{"id": "{huge}"}}"#),
        format!(r#"{{"address": "{huge}"}}"#),
        format!(r#"{{"phone_numbers": [{{"number": "1", "category": "work"}}, "{huge}"]}}"#),
        format!(r#"{{"x": {{"{huge}": 1, "{huge}": 2}}}}"#),
    ] {
        let err = copper_lead::from_str::<Lead>(&input).unwrap_err();
        assert!(err.message().len() < 200, "{}", err.message());
        // Quoted as a string ("…"…) or, for a key, as serde quotes field names (`…`…).
        let nines = "9".repeat(64);
        assert!(
            err.message().contains(&format!("\"{nines}\"…"))
                || err.message().contains(&format!("`{nines}`…")),
            "{}",
            err.message()
        );
        let direct = serde_json::from_str::<Lead>(&input)
            .unwrap_err()
            .to_string();
        assert!(direct.len() < 300, "{direct}");
    }
    let err = copper_lead::from_str::<Lead>(r#"{"id": "12"}"#).unwrap_err();
    assert_eq!(
        err.message(),
        "invalid type: string \"12\", expected a lead id (a non-negative integer)"
    );
}

/// Errors about an account's names or a caller's keys quote them cut short too: a status,
/// a custom field name or an `extra` key of a megabyte stays a short line.
#[test]
fn errors_about_names_quote_them_cut_short() {
    use copper_lead::custom_field::CustomFieldError;
    use copper_lead::lifecycle::{CatalogError, TransitionError};
    let huge = "\u{1b}]0;title\u{7}".to_owned() + &"n".repeat(1_000_000);
    let mut lead = Lead::default();
    let messages = [
        CustomFieldError::UnknownName(huge.clone()).to_string(),
        CatalogError::DuplicateName(huge.clone()).to_string(),
        TransitionError::UnknownTargetStatus(huge.clone()).to_string(),
        lead.extra
            .insert("name", huge.clone().into())
            .map(|_| ())
            .unwrap_err()
            .to_string(),
    ];
    for message in &messages[..3] {
        assert!(message.len() < 200, "{}", &message[..200]);
        assert!(
            message.contains("\\u{1b}]0;title\\u{7}"),
            "control characters escaped: {message}"
        );
        assert!(message.contains('…'), "{message}");
    }
    assert_eq!(
        messages[3],
        "the key \"name\" has a field of its own: set the field instead"
    );
}

/// The text round trip of floats, as `DESIGN.md` ("Floats") states it: money (up to 15
/// significant digits) comes back exactly in every build; any finite float comes back exactly
/// with the `float_roundtrip` feature.
mod floats {
    use copper_lead::Lead;
    use proptest::prelude::*;

    /// A lead carrying `x` as an amount, a custom field value and an unknown value, written as
    /// text, read and written again: the numbers as text after one and after two cycles.
    fn cycle(x: f64) -> (String, String, String) {
        // In the lead's own key order, so that text compares with text.
        let n = serde_json::to_string(&x).unwrap();
        let text = format!(
            r#"{{"monetary_value":{n},"custom_fields":[{{"custom_field_definition_id":1,"value":{n}}}],"future":[{n}]}}"#
        );
        let once = serde_json::to_string(&serde_json::from_str::<Lead>(&text).unwrap()).unwrap();
        let twice = serde_json::to_string(&serde_json::from_str::<Lead>(&once).unwrap()).unwrap();
        (text, once, twice)
    }

    proptest! {
        #[test]
        fn money_comes_back_exactly(cents in -999_999_999_999_999i64..999_999_999_999_999) {
            #[expect(clippy::cast_precision_loss)] // below 2^53: exact
            let (text, once, twice) = cycle(cents as f64 / 100.0);
            prop_assert_eq!(&once, &text);
            prop_assert_eq!(&twice, &text);
        }
    }

    #[cfg(feature = "float_roundtrip")]
    proptest! {
        #[test]
        fn every_float_comes_back_exactly(bits in any::<u64>()) {
            let x = f64::from_bits(bits);
            prop_assume!(x.is_finite());
            let (text, once, twice) = cycle(x);
            prop_assert_eq!(&once, &text);
            prop_assert_eq!(&twice, &text);
        }
    }

    #[cfg(not(feature = "float_roundtrip"))]
    #[test]
    fn without_the_feature_a_seventeen_digit_float_may_move() {
        // The documented case: the default parser reads the neighbouring double.
        let (text, once, _) = cycle(942_916.570_078_000_1);
        assert_ne!(once, text);
    }
}

/// A truncated input's path names only keys that exist: a key counts once its `:` is read.
#[test]
fn truncation_paths_name_only_keys_that_exist() {
    for (input, path) in [
        (r#"{"na"#, ""),
        (r#"{"name": "Ada", ""#, ""),
        (r#"{"name": "Ada", "ti"#, ""),
        (r#"{"name"#, ""),
        (r#"{"name": "Ad"#, "/name"),
        (r#"{"address": {"ci"#, "/address"),
        (r#"{"tags": ["a", "b"#, "/tags/1"),
    ] {
        let err = copper_lead::from_str::<Lead>(input).unwrap_err();
        assert_eq!(
            (err.kind(), err.path().as_str()),
            (ParseErrorKind::Eof, path),
            "{input}"
        );
    }
}

/// Open enums: a known text is always its variant, so `==` and `match` agree; any other text
/// is `Unknown`, kept exactly, and only ever equal to the same text.
#[test]
fn open_enums_match_what_they_equal() {
    fn check<E>(known: &[E], as_str: impl Fn(&E) -> &str, is_unknown: impl Fn(&E) -> bool)
    where
        E: PartialEq + std::fmt::Debug + for<'a> From<&'a str>,
    {
        for value in known {
            let again = E::from(as_str(value));
            assert_eq!(&again, value);
            assert!(!is_unknown(&again), "{value:?}");
        }
        for text in ["", "Work ", "WORK", "x", "Hot Prospect"] {
            let value = E::from(text);
            if is_unknown(&value) {
                assert_eq!(as_str(&value), text);
                // The fallback never holds a known value's text (else `==` and `match`
                // would disagree).
                assert!(known.iter().all(|k| as_str(k) != text), "{text:?}");
            }
        }
    }
    check(EmailCategory::KNOWN, EmailCategory::as_str, |e| {
        matches!(e, EmailCategory::Unknown(_))
    });
    check(PhoneCategory::KNOWN, PhoneCategory::as_str, |e| {
        matches!(e, PhoneCategory::Unknown(_))
    });
    check(LeadStatus::KNOWN, LeadStatus::as_str, |e| {
        matches!(e, LeadStatus::Unknown(_))
    });
    check(
        copper_lead::OpportunityPriority::KNOWN,
        copper_lead::OpportunityPriority::as_str,
        |e| matches!(e, copper_lead::OpportunityPriority::Unknown(_)),
    );
    // Read from JSON, the same rule.
    let lead: Lead =
        serde_json::from_str(r#"{"email": {"email": "a@b.co", "category": "work"}}"#).unwrap();
    assert!(matches!(
        lead.email.value().and_then(|e| e.category.value()),
        Some(EmailCategory::Work)
    ));
    assert_eq!(
        copper_lead::OpportunityPriority::from("None"),
        copper_lead::OpportunityPriority::NoPriority
    );
}

/// `Field` never turns "keep" into "clear": an absent field refuses to serialize outside the
/// crate's records, and `None` becomes absent or null only when asked.
#[test]
fn no_silent_clear() {
    #[derive(serde::Serialize)]
    struct Careless {
        title: Field<String>,
    }
    let err = serde_json::to_string(&Careless {
        title: Field::Absent,
    })
    .unwrap_err();
    assert!(err.to_string().contains("skip_serializing_if"), "{err}");
    assert_eq!(
        serde_json::to_string(&Careless { title: Field::Null }).unwrap(),
        r#"{"title":null}"#
    );
    assert_eq!(Field::<String>::set_or_keep(None), Field::Absent);
    assert_eq!(Field::<String>::set_or_clear(None), Field::Null);
    assert_eq!(Field::from("a"), Field::Value("a".to_owned()));
    // The crate's records leave absent keys out.
    let mut lead = Lead::default();
    lead.title = Field::Absent;
    assert_eq!(serde_json::to_string(&lead).unwrap(), "{}");
}

/// `extra` cannot hold a key its record models, so a record never writes a key twice.
#[test]
fn extra_refuses_modelled_keys() {
    let mut lead: Lead = serde_json::from_str(r#"{"name": "Ada", "x": 1}"#).unwrap();
    for key in Lead::KEYS {
        let err = lead.extra.insert(*key, json!("twice")).unwrap_err();
        assert_eq!(err.key(), *key);
    }
    assert_eq!(lead.extra.insert("y", json!(2)).unwrap(), None);
    assert_eq!(lead.extra.insert("y", json!(3)).unwrap(), Some(json!(2)));
    let mut address = copper_lead::Address::new();
    assert!(address.extra.insert("city", json!("London")).is_err());
    assert!(
        address
            .extra
            .insert("name", json!("not an address key"))
            .is_ok()
    );
    let text = serde_json::to_string(&lead).unwrap();
    assert_eq!(text, r#"{"name":"Ada","x":1,"y":3}"#);
    assert!(copper_lead::from_str::<Lead>(&text).is_ok());
}

/// Every record a caller builds has a setter per key, outside the crate too.
#[test]
fn records_are_built_key_by_key() {
    use copper_lead::custom_field::CustomFieldValue;
    use copper_lead::{
        Address, Company, CustomFieldDefinitionId, Email, Opportunity, OpportunityStatus, Person,
        PipelineId, Website,
    };
    let person = Person::default()
        .name("Ada Lovelace")
        .emails([Email::default()
            .email("ada@example.com")
            .category(EmailCategory::Work)])
        .address(Address::new().city("London").country("GB"))
        .custom_fields([CustomFieldValue::default()
            .custom_field_definition_id(CustomFieldDefinitionId::new(7))
            .value(json!(42))]);
    assert_eq!(
        serde_json::to_value(&person).unwrap(),
        json!({
            "name": "Ada Lovelace", "address": {"city": "London", "country": "GB"},
            "emails": [{"email": "ada@example.com", "category": "work"}],
            "custom_fields": [{"custom_field_definition_id": 7, "value": 42}]
        })
    );
    let company = Company::default().name("Engines").websites([Website::new(
        "https://engines.example",
        WebsiteCategory::Work,
    )]);
    assert_eq!(company.name.as_deref(), Some("Engines"));
    let opportunity = Opportunity::default()
        .name("Deal")
        .pipeline_id(PipelineId::new(1))
        .status(OpportunityStatus::Open);
    assert_eq!(
        serde_json::to_string(&opportunity).unwrap(),
        r#"{"name":"Deal","pipeline_id":1,"status":"Open"}"#
    );
}

/// Every error that wraps another exposes it through `source()`, and says only its own part in
/// `Display`, so that a report of the chain says each thing once.
#[test]
fn errors_that_wrap_another_expose_it_as_their_source() {
    use std::error::Error as _;
    let api = copper_lead::leads::fetch(copper_lead::LeadId::new(1))
        .read(&copper_lead::api::Response::new(200, br#"{"id": "x"}"#))
        .unwrap_err();
    assert_eq!(
        api.to_string(),
        "copper's answer (200) does not read as expected"
    );
    let cause = api.source().unwrap();
    assert_eq!(
        cause.to_string(),
        "/id: invalid type: string \"x\", expected a lead id (a non-negative integer) at line 1 column 10"
    );
    assert!(cause.downcast_ref::<copper_lead::ParseError>().is_some());

    let mut lead: Lead = serde_json::from_str(r#"{"name": "Ada", "status": "Junk"}"#).unwrap();
    let at = copper_lead::Timestamp::from_unix(1).unwrap();
    let replay = lead
        .replay_with(
            copper_lead::lifecycle::StatusCatalog::stock(),
            &[copper_lead::lifecycle::StatusChange::new(
                Some(copper_lead::LeadStatus::Junk),
                copper_lead::LeadStatus::Qualified,
                at,
            )],
        )
        .unwrap_err();
    assert_eq!(replay.to_string(), "event 0 is not a legal move");
    assert!(
        replay
            .source()
            .unwrap()
            .to_string()
            .starts_with("cannot move a lead from \"Junk\"")
    );

    let io = copper_lead::stream::Reader::new(std::io::BufReader::new(FailingRead))
        .next()
        .unwrap()
        .unwrap_err();
    assert!(io.source().is_some());
}

/// A reader that fails.
struct FailingRead;

impl std::io::Read for FailingRead {
    fn read(&mut self, _: &mut [u8]) -> std::io::Result<usize> {
        Err(std::io::Error::other("disk gone"))
    }
}

/// What a number's text becomes: its value is kept exactly (a money amount up to 15
/// significant digits), and it is written in its shortest form, so another spelling of the
/// same number comes back as that form. One rule for numbers a double cannot hold: each is
/// read as the nearest double; one too large for any (`1e400`) is refused, as JSON has no
/// infinity, and one too small (`1e-400`) is the nearest, zero.
#[test]
fn numbers_keep_their_value_and_come_back_in_their_shortest_form() {
    for (sent, written) in [
        ("1.5", "1.5"),
        ("1.50", "1.5"),
        ("100.00", "100.0"),
        ("1E+2", "100.0"),
        ("-0", "-0.0"),
        ("-0.0", "-0.0"),
        ("100000000000000000000", "1e+20"),
        ("1e-400", "0.0"),
        ("12345678901234.5", "12345678901234.5"),
    ] {
        let lead: Lead = serde_json::from_str(&format!(r#"{{"monetary_value": {sent}}}"#)).unwrap();
        let back = serde_json::to_value(&lead).unwrap()["monetary_value"].to_string();
        assert_eq!(back, written, "{sent}");
        let value: f64 = sent.parse().unwrap();
        assert_eq!(
            lead.monetary_value
                .value()
                .and_then(copper_lead::Amount::to_f64),
            Some(value),
            "{sent}"
        );
    }
    let err = copper_lead::from_str::<Lead>(r#"{"monetary_value": 1e400}"#).unwrap_err();
    assert!(
        err.message().contains("number out of range"),
        "{}",
        err.message()
    );
    // A text amount keeps its text, however it is spelled.
    let lead: Lead = serde_json::from_str(r#"{"converted_value": "1.50"}"#).unwrap();
    assert_eq!(
        serde_json::to_value(&lead).unwrap()["converted_value"],
        "1.50"
    );
}
