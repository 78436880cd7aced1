//! A short tour: read a lead Copper sent, check it, move it through the lifecycle, qualify it.
//!
//! Run with `cargo run --example quickstart [lead.json]` (default: `examples/data/lead.json`).
use copper_lead::{Lead, LeadStatus, QualifiedLead, Timestamp, Validator};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "examples/data/lead.json".into());
    let mut lead: Lead = copper_lead::from_str(&std::fs::read_to_string(&path)?)?;
    println!(
        "read {path}: lead {:?} with status {:?}",
        lead.name.as_deref(),
        lead.status.value()
    );

    let report = lead.check(&Validator::new());
    for finding in report.findings() {
        println!(
            "  {:?} {} {}: {}",
            finding.severity(),
            finding.code(),
            finding.path(),
            finding.message()
        );
    }
    println!("valid: {}", report.is_valid());

    let at = Timestamp::from_unix(1_700_000_000)?;
    for status in [LeadStatus::Contacted, LeadStatus::Qualified] {
        if let Some(change) = lead.transition_to(status, at)? {
            println!(
                "moved {:?} -> {} at {}",
                change.from.as_ref().map(LeadStatus::as_str),
                change.to,
                change.at
            );
        }
    }
    let qualified = QualifiedLead::try_from(lead)?;
    println!("qualified: {}", serde_json::to_string(qualified.lead())?);
    Ok(())
}
