//! A short tour: read a lead Copper sent, check it, qualify it, convert it, print the result.
//!
//! `cargo run --example quickstart [lead.json]` (default: `examples/data/lead.json`, a lead
//! from Copper's documentation).
use copper_lead::convert::{ConvertOptions, OpportunityOptions};
use copper_lead::{Lead, LeadStatus, PipelineId, QualifiedLead, Timestamp, Validator};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "examples/data/lead.json".into());
    let mut lead: Lead = copper_lead::from_str(&std::fs::read_to_string(&path)?)?;
    println!(
        "read {path}: {:?}, status {:?}",
        lead.name.as_deref(),
        lead.status.value().map(LeadStatus::as_str)
    );
    for finding in lead.check(&Validator::new()).findings() {
        println!(
            "  {:?} {} at {}: {}",
            finding.severity(),
            finding.code(),
            finding.path(),
            finding.message()
        );
    }

    let now = Timestamp::from_unix(1_700_000_000)?;
    for status in [LeadStatus::Contacted, LeadStatus::Qualified] {
        if let Some(change) = lead.transition_to(status, now)? {
            println!("status change: {}", serde_json::to_string(&change)?);
        }
    }
    let options =
        ConvertOptions::new(now).opportunity(OpportunityOptions::new(PipelineId::new(213_214)));
    let conversion = QualifiedLead::try_from(lead)?.convert(&options)?;
    println!("person: {}", serde_json::to_string(&conversion.person)?);
    println!(
        "POST {} {}",
        conversion.request().path(),
        serde_json::to_string(conversion.request())?
    );
    println!("idempotency key: {}", conversion.idempotency_key());
    Ok(())
}
