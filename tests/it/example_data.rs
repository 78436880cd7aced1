//! The shipped example data is exactly what the deterministic generator makes, so it can be
//! regenerated and reviewed: `REGENERATE_EXAMPLE_DATA=1 cargo test --test it example_data`.

use copper_lead::Timestamp;
use copper_lead::custom_field::CustomFieldCatalog;

use copper_lead::lifecycle::{
    Decision, LeadStatusDefinition, QualifiedLead, StageMap, StatusCatalog,
};
use copper_lead::stream::Reader;
use copper_lead::validate::Validator;
use std::path::Path;

use crate::support::sample;

const COUNT: u64 = 1000;

fn expected() -> [(&'static str, String); 3] {
    let leads: String = (0..COUNT)
        .map(|i| sample::data_set_lead(i).to_string() + "\n")
        .collect();
    let pretty = |v: &serde_json::Value| serde_json::to_string_pretty(v).unwrap() + "\n";
    [
        ("leads.ndjson", leads),
        ("lead_statuses.json", pretty(&sample::lead_statuses())),
        (
            "custom_field_definitions.json",
            pretty(&sample::definitions()),
        ),
    ]
}

#[test]
fn shipped_data_matches_the_generator() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/data");
    for (name, content) in expected() {
        let path = dir.join(name);
        if std::env::var_os("REGENERATE_EXAMPLE_DATA").is_some() {
            std::fs::write(&path, &content).unwrap();
        }
        let shipped = std::fs::read_to_string(&path).unwrap();
        assert!(
            shipped == content,
            "{} differs from the generator; regenerate it",
            path.display()
        );
    }
}

#[test]
fn shipped_data_has_valid_invalid_qualifiable_and_unqualified_leads() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/data");
    let definitions: Vec<LeadStatusDefinition> =
        serde_json::from_str(&std::fs::read_to_string(dir.join("lead_statuses.json")).unwrap())
            .unwrap();
    let statuses = StatusCatalog::from_definitions(&definitions, &StageMap::new()).unwrap();
    let definitions: CustomFieldCatalog = serde_json::from_str(
        &std::fs::read_to_string(dir.join("custom_field_definitions.json")).unwrap(),
    )
    .unwrap();
    let validator = Validator::new()
        .with_statuses(&statuses)
        .with_custom_fields(&definitions);
    let file = std::fs::File::open(dir.join("leads.ndjson")).unwrap();
    let (mut valid, mut invalid, mut qualifiable) = (0, 0, 0);
    for entry in Reader::new(std::io::BufReader::new(file)) {
        let lead = entry.unwrap().result.unwrap();
        if lead.validate_with(&validator).is_ok() {
            valid += 1;
            // Copper's default statuses: leads not at stage Unqualified qualify by decision.
            let decision = Decision::new(Timestamp::from_unix(1_700_000_000).unwrap());
            qualifiable +=
                usize::from(QualifiedLead::by_decision(lead, &validator, decision).is_ok());
        } else {
            invalid += 1;
        }
    }
    assert_eq!(valid + invalid, 1000);
    assert!((50..150).contains(&invalid), "{invalid} invalid");
    assert!(
        (350..600).contains(&qualifiable),
        "{qualifiable} valid and qualifiable by decision"
    );
}
