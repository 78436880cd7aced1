//! A short tour: build a lead, validate it, move it, qualify it, convert it, print it.
//!
//! `cargo run --example quickstart`
use copper_lead::convert::{ConvertOptions, OpportunityOptions};
use copper_lead::lifecycle::{Decision, QualifiedLead};
use copper_lead::validate::Validator;
use copper_lead::{
    EmailCategory, Lead, LeadId, LeadStatus, PhoneCategory, PipelineId, Timestamp, UserId,
};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // Build: every finding at once, so a built lead is valid (here it would be a bad email).
    let mut lead = Lead::builder("Ada Lovelace")
        .id(LeadId::new(8_894_157)) // as if read back from Copper
        .email("ada@analytical-engines.example", EmailCategory::Work)
        .phone_number("+44 20 7946 0958", PhoneCategory::Work)
        .company_name("Analytical Engines")
        .monetary_value(5000)
        .monetary_unit("GBP")
        .status(LeadStatus::New)
        .build()?;
    println!("built: {}", serde_json::to_string(&lead)?);

    // Lifecycle: New -> Open, a legal edge on Copper's default statuses.
    let now = Timestamp::from_unix(1_700_000_000)?;
    let change = lead.transition_to(LeadStatus::Open, now)?;
    println!("status change: {}", serde_json::to_string(&change)?);

    // Qualify: no default status is at stage Qualified, so someone decides; then convert.
    let decision = Decision::new(now).by(UserId::new(137_658));
    let qualified = QualifiedLead::by_decision(lead, &Validator::new(), decision)?;
    let options =
        ConvertOptions::new(now).opportunity(OpportunityOptions::new(PipelineId::new(213_214)));
    let conversion = qualified.convert(&options)?;
    println!("conversion: {}", serde_json::to_string(&conversion)?);
    let request = copper_lead::leads::convert(conversion.request());
    println!(
        "{} {} {}",
        request.method(),
        request.path(),
        String::from_utf8_lossy(request.body().unwrap_or_default())
    );
    println!("then set: {}", serde_json::to_string(&conversion.unsent())?);
    Ok(())
}
