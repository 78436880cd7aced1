//! Validation rules, each with failing and passing cases, checked by path and code.
#![expect(clippy::unreadable_literal)] // ids as Copper writes them

use crate::support::docs_statuses;

use copper_lead::Lead;
use copper_lead::validate::{Limits, Severity, Validator};
use serde_json::{Value, json};

fn lead(value: Value) -> Lead {
    serde_json::from_value(value).unwrap()
}

/// The errors of a lead (default validator) as `(path, code)` pairs.
fn errors(value: Value) -> Vec<(String, &'static str)> {
    errors_with(value, &Validator::new())
}

fn errors_with(value: Value, validator: &Validator<'_>) -> Vec<(String, &'static str)> {
    match lead(value).validate_with(validator) {
        Ok(()) => vec![],
        Err(errors) => errors
            .iter()
            .map(|f| (f.path().to_string(), f.code().as_str()))
            .collect(),
    }
}

fn one(path: &str, code: &'static str) -> Vec<(String, &'static str)> {
    vec![(path.to_owned(), code)]
}

#[test]
fn every_fixture_lead_is_valid() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
    for name in [
        "docs_fetch_lead_by_id.json",
        "docs_create_lead_response.json",
        "docs_update_lead_response.json",
        "docs_upsert_lead_response.json",
        "hull_2020-12_upsert_lead_response.json",
        "hull_2019-12_search_leads_response.json",
    ] {
        let text = std::fs::read_to_string(format!("{dir}/{name}")).unwrap();
        let leads: Vec<Lead> = if text.trim_start().starts_with('[') {
            serde_json::from_str(&text).unwrap()
        } else {
            vec![serde_json::from_str(&text).unwrap()]
        };
        for lead in leads {
            assert_eq!(lead.validate(), Ok(()), "{name}");
        }
    }
}

#[test]
fn name_is_required_not_blank_and_bounded() {
    // An absent key is reported at the object lacking it (the root), a null one at the key.
    assert_eq!(errors(json!({})), one("", "required"));
    assert_eq!(
        lead(json!({})).validate().unwrap_err().to_string(),
        "1 validation error: name is required"
    );
    assert_eq!(errors(json!({"name": null})), one("/name", "required"));
    assert_eq!(errors(json!({"name": " \t\n"})), one("/name", "blank"));
    assert_eq!(
        errors(json!({"name": "x".repeat(256)})),
        one("/name", "too_long")
    );
    assert_eq!(errors(json!({"name": "é".repeat(255)})), vec![]); // characters, not bytes
    assert_eq!(errors(json!({"name": "Ada"})), vec![]);
}

#[test]
fn text_fields_are_bounded() {
    let long = "x".repeat(256);
    for key in [
        "title",
        "company_name",
        "prefix",
        "first_name",
        "middle_name",
        "last_name",
        "suffix",
    ] {
        let mut value = json!({"name": "a"});
        value[key] = json!(long);
        assert_eq!(
            errors(value.clone()),
            one(&format!("/{key}"), "too_long"),
            "{key}"
        );
        value[key] = json!("x".repeat(255));
        assert_eq!(errors(value), vec![], "{key}");
    }
    for part in ["street", "city", "state", "postal_code", "country"] {
        let value = json!({"name": "a", "address": {part: long}});
        assert_eq!(errors(value), one(&format!("/address/{part}"), "too_long"));
    }
    assert_eq!(
        errors(json!({"name": "a", "details": "d".repeat(65_536)})),
        one("/details", "too_long")
    );
    assert_eq!(
        errors(json!({"name": "a", "details": "d".repeat(65_535)})),
        vec![]
    );
}

#[test]
fn limits_are_configurable() {
    let mut limits = Limits::default();
    limits.name = 3;
    limits.tag = 2;
    let validator = Validator::new().with_limits(limits);
    assert_eq!(
        errors_with(json!({"name": "Ada L", "tags": ["ok", "long"]}), &validator),
        vec![
            ("/name".to_owned(), "too_long"),
            ("/tags/1".to_owned(), "too_long")
        ]
    );
}

#[test]
fn email_rule() {
    let with = |email: &str| json!({"name": "a", "email": {"email": email, "category": "work"}});
    for good in [
        "mylead@noemail.com",
        "somelead1@hull.io",
        "first.last+tag@sub.example.co.uk",
    ] {
        assert_eq!(errors(with(good)), vec![], "{good}");
    }
    for bad in [
        "nope",
        "a@localhost",
        "Ada <ada@example.com>",
        "ada@[127.0.0.1]",
        "a b@c.de",
        "@c.de",
        "",
    ] {
        assert_eq!(
            errors(with(bad)),
            one("/email/email", "invalid_email"),
            "{bad}"
        );
    }
    assert_eq!(
        errors(json!({"name": "a", "email": {"category": "work"}})),
        one("/email", "required")
    );
    assert_eq!(
        errors(json!({"name": "a", "email": {"email": null}})),
        one("/email/email", "required")
    );
    assert_eq!(
        errors(json!({"name": "a", "email": {"email": "a@b.co", "category": "business"}})),
        one("/email/category", "unknown_category")
    );
    assert_eq!(errors(json!({"name": "a", "email": null})), vec![]);
}

#[test]
fn phone_rule() {
    let with = |number: &str| json!({"name": "a", "phone_numbers": [{"number": "4155551234", "category": "work"}, {"number": number, "category": "mobile"}]});
    for good in [
        "415-999-4321",
        "5104447778",
        "415-123-45678",
        "+1 (415) 555.1234",
        "+44 20/7946 0958",
        "415-555-1234 x12",
        "415-555-1234 ext. 12",
        "415 555 1234 ext. 9",
        "415 555 1234 EXT 9",
    ] {
        assert_eq!(errors(with(good)), vec![], "{good}");
    }
    for bad in [
        "",
        "555-12",
        "123456",
        "1234567890123456",
        "415#555#1234",
        "call me",
        "call 4155551234",
        "415-555-1234 x",
        "415-555-1234 ext12a",
        "415-555-1234 extension",
        "４１５５５５１２３４",
    ] {
        assert_eq!(
            errors(with(bad)),
            one("/phone_numbers/1/number", "invalid_phone"),
            "{bad}"
        );
    }
    assert_eq!(
        errors(
            json!({"name": "a", "phone_numbers": [{"number": "4155551234", "category": "pager"}]})
        ),
        one("/phone_numbers/0/category", "unknown_category")
    );
    assert_eq!(
        errors(json!({"name": "a", "phone_numbers": [{"category": "work"}]})),
        one("/phone_numbers/0", "required")
    );
}

#[test]
fn url_rule_for_socials_and_websites() {
    for list in ["socials", "websites"] {
        let category = if list == "socials" {
            "linkedin"
        } else {
            "work"
        };
        let with = |url: &str| json!({"name": "a", list: [{"url": url, "category": category}]});
        for good in [
            "https://www.copper.com",
            "http://www.samsompix.com",
            "www.copper.com",
            "facebook.com/test_lead",
            "example.com:8080/x",
            "https://bücher.de/ä",
        ] {
            assert_eq!(errors(with(good)), vec![], "{good}");
        }
        let path = format!("/{list}/0/url");
        for (bad, code) in [
            ("javascript:alert(1)", "unsupported_url_scheme"),
            ("data:text/html,<b>x</b>", "unsupported_url_scheme"),
            ("mailto:a@b.co", "unsupported_url_scheme"),
            ("ftp://files.example.com", "unsupported_url_scheme"),
            // A digit after the colon once read as host and port.
            (
                "javascript:1?alert(document.cookie):0",
                "unsupported_url_scheme",
            ),
            ("javascript:0//%0aalert(1)", "unsupported_url_scheme"),
            ("JavaScript:alert(1)", "unsupported_url_scheme"),
            ("\tjava\nscript:alert(1)", "unsupported_url_scheme"),
            ("VBScript:msgbox(1)", "unsupported_url_scheme"),
            ("data:1,x", "unsupported_url_scheme"),
            ("http://", "invalid_url"),
            ("https://exa mple.com", "invalid_url"),
            ("", "invalid_url"),
            ("https://999.1.1.1", "invalid_url"),
        ] {
            assert_eq!(errors(with(bad)), one(&path, code), "{bad}");
        }
        let long = format!("https://example.com/{}", "a".repeat(2_100));
        assert_eq!(errors(with(&long)), one(&path, "too_long"));
        assert_eq!(
            errors(json!({"name": "a", list: [{"url": "https://a.co", "category": "myspace"}]})),
            one(&format!("/{list}/0/category"), "unknown_category")
        );
    }
}

/// A script URL fails validation wherever a URL is kept: websites, socials, URL custom
/// fields, and the builder.
#[test]
fn script_urls_never_validate() {
    let catalog: copper_lead::custom_field::CustomFieldCatalog = serde_json::from_value(json!([
        {"id": 9, "name": "Homepage", "data_type": "URL", "available_on": ["lead"]}
    ]))
    .unwrap();
    let validator = Validator::new().with_custom_fields(&catalog);
    for url in [
        "javascript:1?alert(document.cookie):0",
        "JAVASCRIPT:0//%0aalert(1)",
    ] {
        let value = json!({"name": "a", "custom_fields": [{"custom_field_definition_id": 9, "value": url}]});
        assert_eq!(
            errors_with(value, &validator),
            one("/custom_fields/0/value", "unsupported_url_scheme"),
            "{url}"
        );
        let built = Lead::builder("a")
            .website(url, copper_lead::WebsiteCategory::Work)
            .social(url, copper_lead::SocialCategory::Other)
            .build()
            .unwrap_err();
        let codes: Vec<&str> = built.iter().map(|f| f.code().as_str()).collect();
        assert_eq!(
            codes,
            ["unsupported_url_scheme", "unsupported_url_scheme"],
            "{url}"
        );
    }
}

#[test]
fn scheme_less_urls_are_warnings_not_errors() {
    let lead = lead(
        json!({"name": "a", "websites": [{"url": "www.workwebsite.com", "category": "work"}]}),
    );
    assert_eq!(lead.validate(), Ok(()));
    let report = lead.check(&Validator::new());
    assert!(report.is_valid());
    let warnings: Vec<_> = report
        .warnings()
        .map(|f| (f.path().as_str(), f.code().as_str(), f.severity()))
        .collect();
    assert_eq!(
        warnings,
        [("/websites/0/url", "missing_url_scheme", Severity::Warning)]
    );
}

/// Without the account's statuses an unknown name is only a warning asking for them (accounts
/// name their own); with them it is an error.
#[test]
fn status_must_be_the_accounts() {
    for status in [
        "New",
        "Open",
        "Unqualified",
        "Junk",
        "Contacted",
        "Qualified",
    ] {
        let lead = lead(json!({"name": "a", "status": status}));
        assert!(
            lead.check(&Validator::new()).findings().is_empty(),
            "{status}"
        );
    }
    for status in ["Hot", "", "junk"] {
        let lead = lead(json!({"name": "a", "status": status}));
        assert_eq!(lead.validate(), Ok(()), "{status}");
        let report = lead.check(&Validator::new());
        let warning = report.warnings().next().unwrap();
        assert_eq!(
            (warning.path().as_str(), warning.code().as_str()),
            ("/status", "unknown_status")
        );
        assert!(
            warning.message().ends_with(
                "pass the account's statuses (GET /lead_statuses) to Validator::with_statuses to check it"
            ),
            "{}",
            warning.message()
        );
    }
    let catalog = docs_statuses::docs_statuses();
    let account = Validator::new().with_statuses(&catalog);
    assert_eq!(
        errors_with(json!({"name": "a", "status": "Hot"}), &account),
        one("/status", "unknown_status")
    );
    assert_eq!(
        errors_with(
            json!({"name": "a", "status": "Open", "status_id": 208232}),
            &account
        ),
        vec![]
    );
    // Names are exact: a different case is refused, with a hint.
    let err = lead(json!({"name": "a", "status": "junk"}))
        .validate_with(&account)
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "1 validation error: /status: \"junk\" is not one of the account's statuses; did you mean \"Junk\"?"
    );
    assert_eq!(
        errors_with(
            json!({"name": "a", "status": "Junk", "status_id": 208231}),
            &account
        ),
        one("/status_id", "status_mismatch")
    );
}

#[test]
fn money_rules() {
    for good in [json!(0), json!(100), json!(50000.0), json!("5000.0")] {
        assert_eq!(
            errors(json!({"name": "a", "monetary_value": good, "converted_value": good})),
            vec![]
        );
    }
    assert_eq!(
        errors(json!({"name": "a", "monetary_value": -1})),
        one("/monetary_value", "negative_amount")
    );
    assert_eq!(
        errors(json!({"name": "a", "monetary_value": -0.5})),
        one("/monetary_value", "negative_amount")
    );
    assert_eq!(
        errors(json!({"name": "a", "converted_value": "abc"})),
        one("/converted_value", "invalid_amount")
    );
    assert_eq!(
        errors(json!({"name": "a", "converted_value": "NaN"})),
        one("/converted_value", "invalid_amount")
    );
    for good in ["USD", "EUR", "JPY"] {
        assert_eq!(
            errors(json!({"name": "a", "monetary_unit": good, "converted_unit": good})),
            vec![]
        );
    }
    for bad in ["usd", "US", "USDX", "", "U$D"] {
        assert_eq!(
            errors(json!({"name": "a", "monetary_unit": bad})),
            one("/monetary_unit", "invalid_currency"),
            "{bad}"
        );
    }
    assert_eq!(
        errors(json!({"name": "a", "monetary_unit": null, "monetary_value": null})),
        vec![]
    );
}

#[test]
fn tags_rules() {
    assert_eq!(errors(json!({"name": "a", "tags": ["a", "b"]})), vec![]);
    assert_eq!(
        errors(json!({"name": "a", "tags": ["a", " "]})),
        one("/tags/1", "blank")
    );
    assert_eq!(
        errors(json!({"name": "a", "tags": ["VIP", "x", "vip"]})),
        one("/tags/2", "duplicate_tag")
    );
    assert_eq!(
        errors(json!({"name": "a", "tags": ["Ärger", "ärger"]})),
        one("/tags/1", "duplicate_tag")
    );
    // Past the small-list path, a set is used: same answers.
    let mut many: Vec<String> = (0..40).map(|i| format!("t{i}")).collect();
    many.push("T7".to_owned());
    assert_eq!(
        errors(json!({"name": "a", "tags": many})),
        one("/tags/40", "duplicate_tag")
    );
    // Short lists (compared pairwise) and long ones (kept in a set) fold case the same way,
    // a character at a time: a word-final sigma does not make "ΟΔΟΣ" equal "οδος" in either.
    let greek = ["ΟΔΟΣ", "οδος"];
    assert_eq!(errors(json!({"name": "a", "tags": greek})), vec![]);
    let long: Vec<String> = (0..20)
        .map(|i| format!("t{i}"))
        .chain(greek.map(str::to_owned))
        .collect();
    assert_eq!(errors(json!({"name": "a", "tags": long})), vec![]);
    let long: Vec<String> = (0..20)
        .map(|i| format!("t{i}"))
        .chain(["ÄRGER".into(), "ärger".into()])
        .collect();
    assert_eq!(
        errors(json!({"name": "a", "tags": long})),
        one("/tags/21", "duplicate_tag")
    );
}

#[test]
fn custom_field_ids_appear_once() {
    let entry = |id: u64| json!({"custom_field_definition_id": id, "value": null});
    assert_eq!(
        errors(json!({"name": "a", "custom_fields": [entry(1), entry(2)]})),
        vec![]
    );
    assert_eq!(
        errors(json!({"name": "a", "custom_fields": [entry(1), entry(2), entry(1)]})),
        one("/custom_fields/2", "duplicate_custom_field")
    );
    let many: Vec<Value> = (0..30).chain([5]).map(entry).collect();
    assert_eq!(
        errors(json!({"name": "a", "custom_fields": many})),
        one("/custom_fields/30", "duplicate_custom_field")
    );
    assert_eq!(
        errors(json!({"name": "a", "custom_fields": [{"value": 1}]})),
        one("/custom_fields/0", "required")
    );
}

#[test]
fn modified_not_before_created() {
    assert_eq!(
        errors(json!({"name": "a", "date_created": 10, "date_modified": 10})),
        vec![]
    );
    assert_eq!(
        errors(json!({"name": "a", "date_created": 10, "date_modified": 9})),
        one("/date_modified", "modified_before_created")
    );
}

#[test]
fn every_finding_at_once_in_wire_order_with_pointers_that_exist() {
    let value = json!({
        "name": "",
        "email": {"email": "bad", "category": "work"},
        "monetary_value": -5,
        "monetary_unit": "dollars",
        "socials": [{"url": "javascript:x", "category": "linkedin"}],
        "status": "Hot",
        "tags": ["a", "A", ""],
        "websites": [{"url": "https://ok.com", "category": "work"}, {"url": "mailto:a@b.co", "category": "work"}],
        "phone_numbers": [{"number": "12", "category": "work"}],
        "custom_fields": [{"custom_field_definition_id": 1, "value": 1}, {"custom_field_definition_id": 1, "value": 2}],
        "date_created": 100,
        "date_modified": 50
    });
    let catalog = docs_statuses::docs_statuses();
    let found = errors_with(value.clone(), &Validator::new().with_statuses(&catalog));
    let expected = [
        ("/name", "blank"),
        ("/email/email", "invalid_email"),
        ("/monetary_unit", "invalid_currency"),
        ("/monetary_value", "negative_amount"),
        ("/socials/0/url", "unsupported_url_scheme"),
        ("/status", "unknown_status"),
        ("/tags/1", "duplicate_tag"),
        ("/tags/2", "blank"),
        ("/websites/1/url", "unsupported_url_scheme"),
        ("/phone_numbers/0/number", "invalid_phone"),
        ("/custom_fields/1", "duplicate_custom_field"),
        ("/date_modified", "modified_before_created"),
    ];
    let expected: Vec<(String, &str)> = expected
        .iter()
        .map(|(p, c)| ((*p).to_owned(), *c))
        .collect();
    assert_eq!(found, expected);
    for (path, _) in &found {
        assert!(
            value.pointer(path).is_some(),
            "{path} does not exist in the input"
        );
    }
    // Messages are lowercase and the display names the count.
    let errors = lead(value)
        .validate_with(&Validator::new().with_statuses(&catalog))
        .unwrap_err();
    assert!(
        errors
            .to_string()
            .starts_with("12 validation errors: /name: is blank; ")
    );
    for finding in &errors {
        assert!(
            !finding.message().starts_with(char::is_uppercase),
            "{}",
            finding.message()
        );
    }
}

/// Findings, codes, severities and pointers serialize and read back; bad text is refused.
#[test]
fn findings_round_trip_through_json() {
    let lead = lead(json!({"name": "", "websites": [{"url": "x.co", "category": "work"}]}));
    let report = lead.check(&Validator::new());
    let text = serde_json::to_string(report.findings()).unwrap();
    let back: Vec<copper_lead::validate::Finding> = serde_json::from_str(&text).unwrap();
    assert_eq!(back, report.findings());
    for code in copper_lead::validate::FindingCode::ALL {
        assert_eq!(code.as_str().parse(), Ok(*code));
    }
    assert!(
        "nope"
            .parse::<copper_lead::validate::FindingCode>()
            .is_err()
    );
    let pointer: copper_lead::JsonPointer = "/a~1b/0".parse().unwrap();
    assert_eq!(pointer.tokens().collect::<Vec<_>>(), ["a/b", "0"]);
    assert_eq!(serde_json::to_string(&pointer).unwrap(), r#""/a~1b/0""#);
    assert!("a/b".parse::<copper_lead::JsonPointer>().is_err());
    assert!(serde_json::from_str::<copper_lead::JsonPointer>(r#""/~2""#).is_err());
}
