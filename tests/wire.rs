//! Wire fidelity: what parses, what it serializes back to, and how wrong shapes fail.
#![allow(clippy::unreadable_literal)] // ids and timestamps as Copper writes them

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
    assert_eq!(
        lead.status.value(),
        Some(&LeadStatus::Custom("Hot Prospect".into()))
    );
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
        Some(&PhoneCategory::Unknown("fax".into()))
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
    let err = copper_lead::from_value::<Lead>(json!({"tags": [1]})).unwrap_err();
    assert_eq!((err.path().as_str(), err.line()), ("/tags/0", 0));
}

#[test]
fn a_bom_is_skipped_by_the_crate_reader() {
    let lead: Lead = copper_lead::from_slice(b"\xEF\xBB\xBF{\"name\": \"a\"}").unwrap();
    assert_eq!(lead.name.as_deref(), Some("a"));
}

#[test]
fn errors_are_send_sync_and_static() {
    fn assert_error<E: std::error::Error + Send + Sync + 'static>() {}
    assert_error::<copper_lead::ParseError>();
    assert_error::<copper_lead::ValidationErrors>();
    assert_error::<copper_lead::TransitionError>();
    assert_error::<copper_lead::ReplayError>();
    assert_error::<copper_lead::NotQualified>();
    assert_error::<copper_lead::CatalogError>();
    assert_error::<copper_lead::CustomFieldError>();
    assert_error::<copper_lead::TimestampRangeError>();
}
