//! Any bytes that read as a lead: validation never panics, is deterministic, and every path
//! points at a value that exists in the input.
#![no_main]

use copper_lead::{Lead, from_slice};
use copper_lead::custom_field::CustomFieldCatalog;
use copper_lead::lifecycle::StatusCatalog;
use copper_lead::validate::Validator;
use libfuzzer_sys::fuzz_target;
use std::sync::LazyLock;

static DEFINITIONS: LazyLock<CustomFieldCatalog> = LazyLock::new(|| {
    serde_json::from_str(include_str!(
        "../../examples/data/custom_field_definitions.json"
    ))
    .expect("definitions")
});
static STATUSES: LazyLock<StatusCatalog> = LazyLock::new(|| {
    serde_json::from_str(include_str!("../../examples/data/lead_statuses.json")).expect("catalog")
});

fuzz_target!(|data: &[u8]| {
    let Ok(lead) = from_slice::<Lead>(data) else {
        return;
    };
    let value = serde_json::to_value(&lead).expect("serializes");
    for validator in [
        Validator::new(),
        Validator::new()
            .with_statuses(&STATUSES)
            .with_custom_fields(&DEFINITIONS),
    ] {
        let report = lead.check(&validator);
        assert_eq!(report, lead.check(&validator));
        for finding in report.findings() {
            assert!(
                value.pointer(finding.path().as_str()).is_some(),
                "{} not in the input",
                finding.path()
            );
            assert!(!finding.message().is_empty());
        }
    }
});
