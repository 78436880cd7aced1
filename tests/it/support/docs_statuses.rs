//! Copper's default lead statuses, as its `GET /lead_statuses` example lists them
//! (`tests/fixtures/docs_lead_statuses_response.json`): New, Open, Unqualified and Junk, none
//! at stage Qualified. Shared by the tests with `#[path]`.

use copper_lead::lifecycle::{LeadStatusDefinition, StageMap, StatusCatalog};

/// The documented statuses as an account's catalog, with the default stage map.
pub(crate) fn docs_statuses() -> StatusCatalog {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/docs_lead_statuses_response.json"
    );
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let statuses: Vec<LeadStatusDefinition> = serde_json::from_str(&text).unwrap();
    StatusCatalog::from_definitions(&statuses, &StageMap::new()).unwrap()
}
