//! The conformance corpus: real Copper payloads in `tests/fixtures/`, each read into this
//! crate's types and written back to the same JSON value.

use crate::support::fixture::fixture_text;
#[cfg(feature = "convert")]
use copper_lead::convert::ConvertResponse;
use copper_lead::custom_field::CustomFieldDefinition;
use copper_lead::{Company, Lead, Opportunity, Person, Record};
use serde_json::Value;

/// Reads `text` as `T` twice (through `serde_json` directly and through the crate's `from_str`)
/// and checks both write back the JSON value `text` holds.
fn assert_round_trip<T: Record + serde::de::DeserializeOwned>(name: &str) -> T {
    let text = fixture_text(name);
    let expected: Value = serde_json::from_str(&text).unwrap();
    let direct: T = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(serde_json::to_value(&direct).unwrap(), expected, "{name}");
    let via_crate: T = copper_lead::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(
        serde_json::to_value(&via_crate).unwrap(),
        expected,
        "{name}"
    );
    via_crate
}

const LEAD_FIXTURES: [&str; 5] = [
    "docs_fetch_lead_by_id.json",
    "docs_create_lead_response.json",
    "docs_update_lead_response.json",
    "docs_upsert_lead_response.json",
    "hull_2020-12_upsert_lead_response.json",
];

#[test]
fn every_fixture_lead_round_trips() {
    for name in LEAD_FIXTURES {
        assert_round_trip::<Lead>(name);
    }
    let leads = assert_round_trip::<Vec<Lead>>("hull_2019-12_search_leads_response.json");
    assert_eq!(leads.len(), 2);
}

#[test]
fn every_fixture_record_round_trips() {
    #[cfg(feature = "convert")]
    let response = assert_round_trip::<ConvertResponse>("docs_convert_lead_response.json");
    let text = fixture_text("docs_convert_lead_response.json");
    let value: Value = serde_json::from_str(&text).unwrap();
    // Each member on its own, too.
    let person: Person = serde_json::from_value(value["person"].clone()).unwrap();
    assert_eq!(serde_json::to_value(&person).unwrap(), value["person"]);
    let company: Company = serde_json::from_value(value["company"].clone()).unwrap();
    assert_eq!(serde_json::to_value(&company).unwrap(), value["company"]);
    let opportunity: Opportunity = serde_json::from_value(value["opportunity"].clone()).unwrap();
    assert_eq!(
        serde_json::to_value(&opportunity).unwrap(),
        value["opportunity"]
    );
    #[cfg(feature = "convert")]
    assert_eq!(response.person.value(), Some(&person));

    let opportunities =
        assert_round_trip::<Vec<Opportunity>>("hull_2020-01_search_opportunities_response.json");
    assert_eq!(opportunities.len(), 2);
    assert_eq!(opportunities[1].close_date.as_deref(), Some("1/7/2020"));
    let companies = assert_round_trip::<Vec<Company>>("amplabs_2025_company_search_response.json");
    assert!(companies[0].primary_contact_id.is_null());
    let definitions = assert_round_trip::<Vec<CustomFieldDefinition>>(
        "hull_2020-12_custom_field_definitions.json",
    );
    assert_eq!(definitions.len(), 10);
}

/// The real 2020 response has `converted_*` as `null`, the only shape Copper has shown. Other
/// shapes there keep the lead readable and unchanged, and validation reports them.
#[cfg(feature = "validate")]
#[test]
fn unseen_shapes_of_the_converted_keys_keep_a_real_lead_readable() {
    let text = fixture_text("hull_2020-12_upsert_lead_response.json");
    let original: Value = serde_json::from_str(&text).unwrap();
    for key in [
        "converted_at",
        "converted_contact_id",
        "converted_opportunity_id",
    ] {
        assert!(original[key].is_null(), "{key}");
    }
    let lead: Lead = serde_json::from_value(original.clone()).unwrap();
    assert_eq!(lead.validate(), Ok(()));
    let mut odd = original.clone();
    odd["converted_at"] = serde_json::json!("2020-12-04T23:17:07Z");
    odd["converted_contact_id"] = serde_json::json!({"id": 1});
    odd["converted_opportunity_id"] = serde_json::json!(4_417_020);
    let lead: Lead = copper_lead::from_value(&odd).unwrap();
    assert_eq!(serde_json::to_value(&lead).unwrap(), odd);
    assert_eq!(
        lead.converted_opportunity_id
            .value()
            .and_then(copper_lead::Lenient::typed),
        Some(&copper_lead::OpportunityId::new(4_417_020))
    );
    let errors = lead.validate().unwrap_err();
    let found: Vec<(&str, &str)> = errors
        .iter()
        .map(|f| (f.path().as_str(), f.code().as_str()))
        .collect();
    assert_eq!(
        found,
        [
            ("/converted_contact_id", "unexpected_shape"),
            ("/converted_at", "unexpected_shape")
        ]
    );
}
