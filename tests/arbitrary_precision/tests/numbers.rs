//! Every fixture reads and writes back the same value with `arbitrary_precision` on, numbers of
//! every form included, and shape errors still name their paths.

use copper_lead::convert::ConvertResponse;
use copper_lead::{Amount, AmountForm, Lead, Opportunity, ParseErrorKind, Record};
use serde_json::Value;

fn fixture(name: &str) -> String {
    let path = format!("{}/../fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn round_trip<T: Record + serde::de::DeserializeOwned>(text: &str) -> T {
    let expected: Value = serde_json::from_str(text).unwrap();
    let direct: T = serde_json::from_str(text).unwrap();
    assert_eq!(serde_json::to_value(&direct).unwrap(), expected);
    let via_crate: T = copper_lead::from_str(text).unwrap();
    assert_eq!(serde_json::to_value(&via_crate).unwrap(), expected);
    let via_value: T = copper_lead::from_value(&expected).unwrap();
    assert_eq!(serde_json::to_value(&via_value).unwrap(), expected);
    via_crate
}

#[test]
fn the_feature_is_on_in_this_build() {
    // With `arbitrary_precision`, a number keeps its text.
    let n: serde_json::Number = serde_json::from_str("0.10").unwrap();
    assert_eq!(n.to_string(), "0.10");
}

#[test]
fn every_fixture_round_trips() {
    for name in [
        "docs_fetch_lead_by_id.json",
        "docs_create_lead_response.json",
        "docs_update_lead_response.json",
        "docs_upsert_lead_response.json",
        "hull_2020-12_upsert_lead_response.json",
    ] {
        round_trip::<Lead>(&fixture(name));
    }
    round_trip::<Vec<Lead>>(&fixture("hull_2019-12_search_leads_response.json"));
    round_trip::<ConvertResponse>(&fixture("docs_convert_lead_response.json"));
    let opportunities =
        round_trip::<Vec<Opportunity>>(&fixture("hull_2020-01_search_opportunities_response.json"));
    let value = opportunities[0].monetary_value.value().unwrap();
    assert_eq!(value.form(), AmountForm::Float);
}

#[test]
fn amounts_of_every_form_read() {
    let text = r#"{"monetary_value": 50000.0, "converted_value": "5000.0", "custom_fields": [
            {"custom_field_definition_id": 1, "value": 789.0},
            {"custom_field_definition_id": 2, "value": 123456789012345678901234567890}],
            "future": 1e400}"#;
    let lead: Lead = serde_json::from_str(text).unwrap();
    // Exactly what serde_json's own `Value` makes of the same text.
    assert_eq!(
        serde_json::to_value(&lead).unwrap(),
        serde_json::from_str::<Value>(text).unwrap()
    );
    assert_eq!(
        lead.monetary_value.value(),
        Amount::try_from(50000.0).ok().as_ref()
    );
    assert_eq!(
        lead.converted_value.value().map(Amount::form),
        Some(AmountForm::Text)
    );
    // Unknown and custom field numbers keep their exact text.
    let written = serde_json::to_string(&lead).unwrap();
    assert!(
        written.contains("123456789012345678901234567890"),
        "{written}"
    );
    assert!(written.contains("1e+400"), "{written}");
    let lead: Lead =
        serde_json::from_str(r#"{"monetary_value": -3, "id": 18446744073709551615}"#).unwrap();
    assert_eq!(lead.monetary_value.value(), Some(&Amount::from(-3i64)));
    assert_eq!(lead.id.value().map(|id| id.get()), Some(u64::MAX));
}

#[test]
fn a_float_where_a_record_or_id_belongs_is_still_a_shape_error() {
    for (input, path) in [
        (r#"{"address": 1.5}"#, "/address"),
        (r#"{"id": 1.5}"#, "/id"),
        (r#"{"tags": 2.5}"#, "/tags"),
        (r#"{"date_created": 1.5}"#, "/date_created"),
        (r#"{"name": 0.5}"#, "/name"),
    ] {
        let err = copper_lead::from_str::<Lead>(input).unwrap_err();
        assert_eq!(
            (err.kind(), err.path().as_str()),
            (ParseErrorKind::Shape, path),
            "{input}: {err}"
        );
        assert!(err.message().starts_with("invalid type:"), "{input}: {err}");
        let direct = serde_json::from_str::<Lead>(input).unwrap_err().to_string();
        assert!(
            direct.starts_with(&format!("{path}: invalid type")),
            "{direct}"
        );
    }
}
