//! A thirty-line tour: build a lead, validate it, qualify it, convert it, print the result.
//!
//! `cargo run --example quickstart`
use copper_lead::convert::{ConvertOptions, OpportunityOptions};
use copper_lead::{
    EmailCategory, Lead, LeadId, LeadStatus, PhoneCategory, PipelineId, QualifiedLead, Timestamp,
};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // Build: every finding at once, so a built lead is valid (here it would be a bad email).
    let mut lead = Lead::builder("Ada Lovelace")
        .id(LeadId::new(8_894_157)) // as if read back from Copper
        .email("ada@analytical-engines.example", EmailCategory::Work)
        .phone("+44 20 7946 0958", PhoneCategory::Work)
        .company_name("Analytical Engines")
        .monetary_value(5000)
        .monetary_unit("GBP")
        .status(LeadStatus::New)
        .build()?;
    println!("built: {}", serde_json::to_string(&lead)?);

    // Lifecycle: New -> Contacted -> Qualified, each a legal edge of the table.
    let now = Timestamp::from_unix(1_700_000_000)?;
    for status in [LeadStatus::Contacted, LeadStatus::Qualified] {
        let change = lead.transition_to(status, now)?;
        println!("status change: {}", serde_json::to_string(&change)?);
    }

    // Qualify (valid, at the Qualified stage), then convert.
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
