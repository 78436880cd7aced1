//! Custom fields against the real definitions in the fixtures: typed reading, checks and
//! writing by name.
#![expect(clippy::unreadable_literal)] // ids as Copper writes them
#![expect(clippy::needless_pass_by_value, clippy::too_many_lines)] // test tables

use crate::support::fixture::fixture_text;
use copper_lead::custom_field::{
    CustomFieldCatalog, CustomFieldDataType, CustomFieldError, CustomValue,
};
use copper_lead::validate::{Limits, Validator};
use copper_lead::{Amount, CustomFieldDefinitionId, CustomFieldOptionId, EntityType, Lead};
use proptest::prelude::*;
use serde_json::{Value, json};
use time::macros::{date, offset};

/// The account's definitions; its Date values are midnight US Pacific (1608019200 is
/// 2020-12-15T00:00-08:00), so the catalog reads at UTC-8.
fn catalog() -> CustomFieldCatalog {
    serde_json::from_str::<CustomFieldCatalog>(&fixture_text(
        "hull_2020-12_custom_field_definitions.json",
    ))
    .unwrap()
    .with_utc_offset(offset!(-8))
}

fn choice_names(value: &CustomValue) -> Vec<String> {
    match value {
        CustomValue::Dropdown(choice) => vec![choice.name.clone()],
        CustomValue::MultiSelect(choices) => choices.iter().map(|c| c.name.clone()).collect(),
        other => panic!("not a choice: {other:?}"),
    }
}

#[test]
fn definitions_round_trip_and_look_up() {
    let text = fixture_text("hull_2020-12_custom_field_definitions.json");
    let catalog = catalog();
    let fixture: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        serde_json::to_value(catalog.definitions()).unwrap(),
        fixture
    );
    assert_eq!(
        serde_json::to_value(&catalog).unwrap(),
        json!({"utc_offset": "-08:00", "definitions": fixture})
    );
    let dropdown = catalog.get(CustomFieldDefinitionId::new(455896)).unwrap();
    assert_eq!(
        dropdown.data_type.value(),
        Some(&CustomFieldDataType::Dropdown)
    );
    assert_eq!(
        catalog.by_name("some dropdown").map(|d| d.id),
        Some(dropdown.id)
    );
    assert_eq!(
        catalog
            .by_name("Some Url")
            .and_then(|d| d.data_type.value()),
        Some(&CustomFieldDataType::Url)
    );
    assert!(catalog.by_name("Nope").is_none());
    assert_eq!(
        dropdown
            .option_by_id(CustomFieldOptionId::new(1532570))
            .and_then(|o| o.name.as_deref()),
        Some("Some Option 3")
    );
    assert_eq!(
        dropdown
            .option_by_name("some option 1")
            .and_then(|o| o.id.value().copied()),
        Some(CustomFieldOptionId::new(1532568))
    );
    assert!(dropdown.is_available_on(&EntityType::Lead));
    assert!(!dropdown.is_available_on(&EntityType::Person));
    let with_canonical: CustomFieldCatalog = serde_json::from_value(json!([
        {"id": 1, "name": "Deal Size", "canonical_name": "cf_deal_size", "data_type": "Float", "available_on": ["lead"]}
    ]))
    .unwrap();
    assert_eq!(
        with_canonical
            .by_canonical_name("cf_deal_size")
            .and_then(|d| d.name.as_deref()),
        Some("Deal Size")
    );
    assert!(with_canonical.find("cf_deal_size").is_some());
}

#[test]
fn every_fixture_value_reads_as_its_type() {
    let catalog = catalog();
    let lead: Lead =
        serde_json::from_str(&fixture_text("hull_2020-12_upsert_lead_response.json")).unwrap();
    let read = |name: &str| lead.custom_value(&catalog, name).unwrap().unwrap();
    assert_eq!(read("Some Checkbox"), CustomValue::Checkbox(true));
    assert_eq!(
        read("Some Currency"),
        CustomValue::Currency {
            amount: Amount::try_from(55.5).unwrap(),
            currency: Some("USD".into())
        }
    );
    assert_eq!(read("Some Date"), CustomValue::Date(date!(2020 - 12 - 15)));
    assert_eq!(choice_names(&read("Some Dropdown")), ["Some Option 2"]);
    assert_eq!(
        choice_names(&read("Some Multi Select Dropdown")),
        ["Some Multi Select Option 2", "Some Multi Select Option 4"]
    );
    assert_eq!(read("Some Number Field"), CustomValue::Float(789.0));
    assert_eq!(read("Some Percentage"), CustomValue::Percentage(0));
    assert_eq!(
        read("Some Text Area"),
        CustomValue::Text("alot of text".into())
    );
    assert_eq!(
        read("Some Text Field"),
        CustomValue::String("sometextfieldvalue".into())
    );
    assert_eq!(
        read("Some Url"),
        CustomValue::Url("https://www.linkedin.com".into())
    );
    assert_eq!(
        lead.validate_with(&Validator::new().with_custom_fields(&catalog)),
        Ok(())
    );
}

#[test]
fn request_forms_read_too() {
    // The upsert request sent "55.5", "12/15/2020" and 0.34, which Copper stored as 55.5,
    // 1608019200 and 0.
    let catalog = catalog();
    let request: Value =
        serde_json::from_str(&fixture_text("hull_2020-12_upsert_lead_request.json")).unwrap();
    let lead: Lead = serde_json::from_value(request["properties"].clone()).unwrap();
    let read = |name: &str| lead.custom_value(&catalog, name);
    assert_eq!(
        read("Some Currency").unwrap(),
        Some(CustomValue::Currency {
            amount: Amount::text("55.5"),
            currency: Some("USD".into())
        })
    );
    assert_eq!(
        read("Some Date").unwrap(),
        Some(CustomValue::Date(date!(2020 - 12 - 15)))
    );
    assert_eq!(
        read("Some Number Field").unwrap(),
        Some(CustomValue::Float(789.0))
    );
    assert!(matches!(
        read("Some Percentage"),
        Err(CustomFieldError::Percentage { .. })
    ));
    let errors = lead
        .validate_with(&Validator::new().with_custom_fields(&catalog))
        .unwrap_err();
    let found: Vec<_> = errors
        .iter()
        .map(|f| (f.path().as_str(), f.code().as_str()))
        .collect();
    assert_eq!(
        found,
        [("/custom_fields/6/value", "percentage_out_of_range")]
    );
}

/// One lead with a single custom field entry, validated against the fixture catalog.
fn check(entry: Value) -> Vec<(String, &'static str)> {
    let lead: Lead =
        serde_json::from_value(json!({"name": "a", "custom_fields": [entry]})).unwrap();
    let catalog = catalog();
    match lead.validate_with(&Validator::new().with_custom_fields(&catalog)) {
        Ok(()) => vec![],
        Err(errors) => errors
            .iter()
            .map(|f| (f.path().to_string(), f.code().as_str()))
            .collect(),
    }
}

fn entry(id: u64, value: Value) -> Value {
    json!({"custom_field_definition_id": id, "value": value})
}

fn at(path: &str, code: &'static str) -> Vec<(String, &'static str)> {
    vec![(path.to_owned(), code)]
}

#[test]
fn each_check_fails_and_passes() {
    // Unknown definition, and a definition not available on leads.
    assert_eq!(
        check(entry(1, json!("x"))),
        at("/custom_fields/0", "unknown_custom_field")
    );
    let person_only: CustomFieldCatalog = serde_json::from_value(json!([
        {"id": 5, "name": "Birthday", "data_type": "Date", "available_on": ["person"]}
    ]))
    .unwrap();
    let lead: Lead =
        serde_json::from_value(json!({"name": "a", "custom_fields": [entry(5, json!(0))]}))
            .unwrap();
    let errors = lead
        .validate_with(&Validator::new().with_custom_fields(&person_only))
        .unwrap_err();
    assert_eq!(
        errors
            .iter()
            .next()
            .map(|f| (f.path().as_str(), f.code().as_str())),
        Some(("/custom_fields/0", "custom_field_not_on_leads"))
    );
    assert_eq!(
        errors
            .iter()
            .next()
            .map(copper_lead::validate::Finding::message),
        Some("the custom field \"Birthday\" is not available on lead records")
    );

    // Unset values are fine for every type.
    for id in [
        455893, 455894, 455895, 455896, 455897, 455899, 455900, 455901, 455902, 455903,
    ] {
        assert_eq!(check(entry(id, Value::Null)), vec![], "{id}");
    }
    // Wrong JSON type for the data type, and the right one.
    let type_cases = [
        (455893, json!("yes"), json!(false)),
        (455894, json!("lots"), json!("55.5")),
        (455895, json!("2020-12-15"), json!("12/15/2020")),
        (455896, json!("Some Option 2"), json!(1532569)),
        (455897, json!(1532720), json!([])),
        (455899, json!("789"), json!(789)),
        (455900, json!("5"), json!(5)),
        (455901, json!(5), json!("text")),
        (455902, json!(["a"]), json!("a")),
        (455903, json!(true), json!("https://copper.com")),
    ];
    for (id, bad, good) in type_cases {
        assert_eq!(
            check(entry(id, bad.clone())),
            at("/custom_fields/0/value", "custom_field_type"),
            "{id} {bad}"
        );
        assert_eq!(check(entry(id, good.clone())), vec![], "{id} {good}");
    }
    assert_eq!(
        check(entry(455897, json!([1532720, "x"]))),
        at("/custom_fields/0/value/1", "custom_field_type")
    );
    // Option ids not among the definition's.
    assert_eq!(
        check(entry(455896, json!(42))),
        at("/custom_fields/0/value", "unknown_option")
    );
    assert_eq!(
        check(entry(455897, json!([1532720, 42]))),
        at("/custom_fields/0/value/1", "unknown_option")
    );
    assert_eq!(check(entry(455897, json!([1532720, 1532571]))), vec![]);
    // Percentages: whole, 0..=100.
    for bad in [json!(101), json!(-1), json!(0.34), json!(50.5)] {
        assert_eq!(
            check(entry(455900, bad.clone())),
            at("/custom_fields/0/value", "percentage_out_of_range"),
            "{bad}"
        );
    }
    for good in [json!(0), json!(100), json!(34.0)] {
        assert_eq!(check(entry(455900, good.clone())), vec![], "{good}");
    }
    // URLs: the same rule as websites.
    assert_eq!(
        check(entry(455903, json!("javascript:alert(1)"))),
        at("/custom_fields/0/value", "unsupported_url_scheme")
    );
    assert_eq!(
        check(entry(455903, json!("http://"))),
        at("/custom_fields/0/value", "invalid_url")
    );
    assert_eq!(check(entry(455903, json!("www.somecompany.com"))), vec![]);
    // Text over its limit: String 255, Text 65,535 by default.
    assert_eq!(
        check(entry(455902, json!("s".repeat(256)))),
        at("/custom_fields/0/value", "too_long")
    );
    assert_eq!(check(entry(455902, json!("s".repeat(255)))), vec![]);
    assert_eq!(
        check(entry(455901, json!("t".repeat(65_536)))),
        at("/custom_fields/0/value", "too_long")
    );
    let mut limits = Limits::default();
    limits.custom_text = 10;
    let lead: Lead = serde_json::from_value(
        json!({"name": "a", "custom_fields": [entry(455901, json!("long enough text"))]}),
    )
    .unwrap();
    let catalog = catalog();
    assert!(
        lead.validate_with(
            &Validator::new()
                .with_limits(limits)
                .with_custom_fields(&catalog)
        )
        .is_err()
    );
}

#[test]
fn all_findings_in_one_pass() {
    let lead: Lead = serde_json::from_value(json!({"name": "a", "custom_fields": [
        entry(1, json!("x")), entry(455896, json!(42)), entry(455900, json!(200)), entry(455903, json!("mailto:a@b.co"))
    ]}))
    .unwrap();
    let catalog = catalog();
    let errors = lead
        .validate_with(&Validator::new().with_custom_fields(&catalog))
        .unwrap_err();
    let paths: Vec<&str> = errors.iter().map(|f| f.path().as_str()).collect();
    assert_eq!(
        paths,
        [
            "/custom_fields/0",
            "/custom_fields/1/value",
            "/custom_fields/2/value",
            "/custom_fields/3/value"
        ]
    );
}

#[test]
fn writing_by_name_resolves_options_and_dates() {
    let catalog = catalog();
    let lead = Lead::builder("Ada")
        .custom_field_by_name(&catalog, "Some Dropdown", "Some Option 3")
        .custom_field_by_name(
            &catalog,
            "some multi select dropdown",
            ["Some Multi Select Option 1", "Some Multi Select Dropdown 2"],
        )
        .custom_field_by_name(&catalog, "Some Date", date!(2020 - 12 - 15))
        .custom_field_by_name(&catalog, "Some Currency", "55.5")
        .custom_field_by_name(&catalog, "Some Percentage", 34)
        .custom_field_by_name(&catalog, "Some Checkbox", true)
        .build_with(&Validator::new().with_custom_fields(&catalog))
        .unwrap();
    let json = serde_json::to_value(&lead.custom_fields).unwrap();
    assert_eq!(
        json,
        json!([
            {"custom_field_definition_id": 455896, "value": 1532570},
            {"custom_field_definition_id": 455897, "value": [1532719, 1532572]},
            {"custom_field_definition_id": 455895, "value": "12/15/2020"},
            {"custom_field_definition_id": 455894, "value": 55.5},
            {"custom_field_definition_id": 455900, "value": 34},
            {"custom_field_definition_id": 455893, "value": true}
        ])
    );
}

#[test]
fn writing_by_name_reports_clear_errors() {
    let catalog = catalog();
    let errors = Lead::builder("Ada")
        .custom_field_by_name(&catalog, "Shoe Size", 42)
        .custom_field_by_name(&catalog, "Some Dropdown", "Some Option 9")
        .custom_field_by_name(&catalog, "Some Date", true)
        .custom_field_by_name(&catalog, "Some Percentage", 120)
        .build()
        .unwrap_err();
    let found: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert_eq!(
        found,
        [
            "/custom_fields: no custom field is named \"Shoe Size\"",
            "/custom_fields: the custom field \"Some Dropdown\" has no option \"Some Option 9\"",
            "/custom_fields: the custom field \"Some Date\" is a Date field: expected a date, found the boolean true",
            "/custom_fields: the custom field \"Some Percentage\" is a percentage: 120 is not a whole number from 0 to 100",
        ]
    );
    let codes: Vec<&str> = errors.iter().map(|f| f.code().as_str()).collect();
    assert_eq!(
        codes,
        [
            "unknown_custom_field",
            "unknown_option",
            "custom_field_type",
            "percentage_out_of_range"
        ]
    );
}

/// A value that never entered the lead has no index: its finding must not point at a valid
/// value added after it.
#[test]
fn a_refused_value_is_not_reported_at_a_later_value() {
    let catalog: CustomFieldCatalog = serde_json::from_value(json!([
        {"id": 7, "name": "Size", "data_type": "Dropdown", "available_on": ["lead"],
         "options": [{"id": 70, "name": "Small", "rank": 0}]}
    ]))
    .unwrap();
    let errors = Lead::builder("Ada")
        .custom_field_by_name(&catalog, "Colour", "Red")
        .custom_field_by_name(&catalog, "Size", "Small")
        .build()
        .unwrap_err();
    let found: Vec<(String, &str)> = errors
        .iter()
        .map(|f| (f.path().to_string(), f.code().as_str()))
        .collect();
    assert_eq!(
        found,
        [("/custom_fields".to_owned(), "unknown_custom_field")]
    );
    assert!(errors.iter().all(|f| f.message().contains("Colour")));
}

/// An input the builder can write for a definition of the fixture, and what reading it back
/// must give.
fn write_and_expect() -> impl Strategy<
    Value = (
        &'static str,
        copper_lead::custom_field::FieldInput,
        CustomValue,
    ),
> {
    use copper_lead::custom_field::FieldInput;
    let options = ["Some Option 1", "Some Option 2", "Some Option 3"];
    prop_oneof![
        any::<bool>().prop_map(|b| (
            "Some Checkbox",
            FieldInput::Bool(b),
            CustomValue::Checkbox(b)
        )),
        (0u32..100_000_000).prop_map(|cents| {
            let amount = Amount::try_from(f64::from(cents) / 100.0).unwrap();
            (
                "Some Currency",
                FieldInput::Number(amount.clone()),
                CustomValue::Currency {
                    amount,
                    currency: Some("USD".into()),
                },
            )
        }),
        (-100_000i32..100_000).prop_map(|days| {
            let d = date!(2000 - 01 - 01) + time::Duration::days(i64::from(days));
            ("Some Date", FieldInput::Date(d), CustomValue::Date(d))
        }),
        prop::sample::select(options.to_vec()).prop_map(|name| {
            (
                "Some Dropdown",
                FieldInput::Text(name.to_lowercase()),
                CustomValue::Text(name.to_owned()),
            )
        }),
        prop::sample::subsequence(
            vec![
                "Some Multi Select Option 1",
                "Some Multi Select Option 4",
                "Some Multi Select Dropdown 3"
            ],
            0..=3
        )
        .prop_map(|names| {
            let input = FieldInput::Choices(names.iter().map(|n| (*n).to_owned()).collect());
            (
                "Some Multi Select Dropdown",
                input,
                CustomValue::Text(names.join("|")),
            )
        }),
        // Three decimals: see DESIGN.md ("Floats") for why arbitrary f64s are not used.
        (-1_000_000_000i32..1_000_000_000).prop_map(|n| {
            let f = f64::from(n) / 1000.0;
            (
                "Some Number Field",
                FieldInput::from(f),
                CustomValue::Float(f),
            )
        }),
        (0u8..=100).prop_map(|p| (
            "Some Percentage",
            FieldInput::from(p),
            CustomValue::Percentage(p)
        )),
        "\\PC{0,40}".prop_map(|t| (
            "Some Text Area",
            FieldInput::Text(t.clone()),
            CustomValue::Text(t)
        )),
        "\\PC{0,40}".prop_map(|t| (
            "Some Text Field",
            FieldInput::Text(t.clone()),
            CustomValue::String(t)
        )),
        "https://[a-z]{1,10}\\.com/[a-z]{0,5}".prop_map(|t| (
            "Some Url",
            FieldInput::Text(t.clone()),
            CustomValue::Url(t)
        )),
    ]
}

proptest! {
    /// Any value the builder writes by name reads back equal through the catalog, and the lead
    /// survives the JSON round trip. (Choices are compared by option name.)
    #[test]
    fn written_by_name_reads_back((name, input, expected) in write_and_expect(), offset_hours in -12i8..=14) {
        let catalog = catalog().with_utc_offset(time::UtcOffset::from_hms(offset_hours, 0, 0).unwrap());
        let lead = Lead::builder("Ada").custom_field_by_name(&catalog, name, input).build().unwrap();
        let text = serde_json::to_string(&lead).unwrap();
        let back: Lead = serde_json::from_str(&text).unwrap();
        prop_assert_eq!(serde_json::to_string(&back).unwrap(), text);
        let read = back.custom_value(&catalog, name).unwrap().unwrap();
        let read = match read {
            CustomValue::Dropdown(choice) => CustomValue::Text(choice.name),
            CustomValue::MultiSelect(choices) => {
                CustomValue::Text(choices.into_iter().map(|c| c.name).collect::<Vec<_>>().join("|"))
            }
            other => other,
        };
        prop_assert_eq!(read, expected);
    }
}

/// A catalog written and read back (a cache) reads dates at the same offset.
#[test]
fn a_serialized_catalog_keeps_its_utc_offset() {
    // An account at UTC+13 (New Zealand in summer): 12/15/2020 is stored as its midnight,
    // 2020-12-14 11:00 UTC, which only the account's offset reads back as the 15th.
    let auckland = time::UtcOffset::from_hms(13, 0, 0).unwrap();
    let catalog = catalog().with_utc_offset(auckland);
    let cached: CustomFieldCatalog =
        serde_json::from_str(&serde_json::to_string(&catalog).unwrap()).unwrap();
    assert_eq!(cached.utc_offset(), auckland);
    assert_eq!(cached, catalog);
    let stored = copper_lead::custom_field::CustomFieldValue::new(
        CustomFieldDefinitionId::new(455_895),
        1_607_943_600,
    );
    assert_eq!(
        cached.read(&stored).unwrap(),
        Some(CustomValue::Date(date!(2020 - 12 - 15)))
    );
    let at_utc = catalog.clone().with_utc_offset(time::UtcOffset::UTC);
    assert_eq!(
        at_utc.read(&stored).unwrap(),
        Some(CustomValue::Date(date!(2020 - 12 - 14)))
    );
    // The bare array of GET /custom_field_definitions still reads, at UTC.
    let bare: CustomFieldCatalog = serde_json::to_value(catalog.definitions())
        .and_then(serde_json::from_value)
        .unwrap();
    assert_eq!(bare.utc_offset(), time::UtcOffset::UTC);
    for bad in [
        json!({"utc_offset": "-8", "definitions": []}),
        json!({"utc_offset": "-08:00"}),
        json!({"definitions": [], "timezone": "PST"}),
    ] {
        assert!(
            serde_json::from_value::<CustomFieldCatalog>(bad.clone()).is_err(),
            "{bad}"
        );
    }
}

/// A date is written as the real request sent it ("12/15/2020"), so that Copper applies the
/// account's own time zone; the real response stored it as that zone's midnight.
#[test]
fn dates_are_written_as_the_real_request_sent_them() {
    let catalog = catalog();
    let request: Value =
        serde_json::from_str(&fixture_text("hull_2020-12_upsert_lead_request.json")).unwrap();
    let sent = request["properties"]["custom_fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["custom_field_definition_id"] == 455_895)
        .unwrap();
    let written = catalog.encode("Some Date", date!(2020 - 12 - 15)).unwrap();
    assert_eq!(&serde_json::to_value(&written).unwrap(), sent);
    // Text in another form is written in the documented one.
    let written = catalog.encode("Some Date", "1/7/2021").unwrap();
    assert_eq!(written.value.value(), Some(&json!("01/07/2021")));
    let response: Lead =
        serde_json::from_str(&fixture_text("hull_2020-12_upsert_lead_response.json")).unwrap();
    assert_eq!(
        response.custom_value(&catalog, "Some Date").unwrap(),
        Some(CustomValue::Date(date!(2020 - 12 - 15)))
    );
}

/// Error payloads are values to match on, not text.
#[test]
fn custom_field_errors_carry_typed_values() {
    use copper_lead::CustomFieldOptionId;
    use copper_lead::EntityType;
    use copper_lead::custom_field::{CustomFieldDataType, OptionRef};
    let catalog = catalog();
    match catalog.encode("Some Dropdown", "Some Option 9") {
        Err(CustomFieldError::UnknownOption {
            option: OptionRef::Name(name),
            ..
        }) => assert_eq!(name, "Some Option 9"),
        other => panic!("{other:?}"),
    }
    let stored =
        copper_lead::custom_field::CustomFieldValue::new(CustomFieldDefinitionId::new(455_896), 7);
    match catalog.read(&stored) {
        Err(CustomFieldError::UnknownOption {
            option: OptionRef::Id(id),
            ..
        }) => assert_eq!(id, CustomFieldOptionId::new(7)),
        other => panic!("{other:?}"),
    }
    match catalog.encode("Some Date", true) {
        Err(CustomFieldError::WrongType {
            data_type: Some(CustomFieldDataType::Date),
            ..
        }) => {}
        other => panic!("{other:?}"),
    }
    assert_eq!(EntityType::Lead.as_str(), "lead");
}
