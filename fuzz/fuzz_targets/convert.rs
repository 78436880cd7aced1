//! Any bytes that read as a lead: transitions and conversion never panic; a refused transition
//! changes nothing; conversion is deterministic.
#![no_main]

use copper_lead::convert::{
    CompanyChoice, ConvertError, ConvertOptions, NameMatch, OpportunityOptions,
};
use copper_lead::lifecycle::QualifiedLead;
use copper_lead::{CompanyId, Lead, LeadStatus, PipelineId, Timestamp, from_slice};
use copper_lead::custom_field::CustomFieldCatalog;
use copper_lead::validate::Validator;
use libfuzzer_sys::fuzz_target;
use std::sync::LazyLock;

static DEFINITIONS: LazyLock<CustomFieldCatalog> = LazyLock::new(|| {
    serde_json::from_str(include_str!(
        "../../examples/data/custom_field_definitions.json"
    ))
    .expect("definitions")
});

fuzz_target!(|data: &[u8]| {
    let Some((&choice, json)) = data.split_first() else {
        return;
    };
    let Ok(mut lead) = from_slice::<Lead>(json) else {
        return;
    };
    let at = Timestamp::from_unix(1_700_000_000).expect("in range");
    for status in ["Contacted", "Qualified", "Junk", "New", "Qualified"] {
        let before = lead.clone();
        if lead.transition_to(LeadStatus::from(status), at).is_err() {
            assert_eq!(lead, before);
        }
    }
    let company = match choice % 5 {
        0 => CompanyChoice::default(),
        4 => CompanyChoice::FromLead {
            matching: NameMatch::Fuzzy,
        },
        1 => CompanyChoice::Existing(CompanyId::new(7)),
        2 => CompanyChoice::Named {
            name: "Fuzz Co".into(),
            matching: NameMatch::Exact,
        },
        _ => CompanyChoice::None,
    };
    let mut options = ConvertOptions::new(at).company(company);
    if choice & 4 != 0 {
        options = options.opportunity(OpportunityOptions::new(PipelineId::new(1)));
    }
    let options = if choice & 8 != 0 {
        options.custom_fields(&DEFINITIONS)
    } else {
        options
    };
    let convert = |lead: Lead| -> Result<_, ConvertError> {
        Ok(QualifiedLead::new(lead, &Validator::new())?.convert(&options)?)
    };
    let first = convert(lead.clone());
    let second = convert(lead);
    match (first, second) {
        (Ok(a), Ok(b)) => {
            assert_eq!(a.idempotency_key(), b.idempotency_key());
            assert_eq!(a, b);
            let _ = serde_json::to_vec(a.request()).expect("serializes");
            let _ = serde_json::to_vec(&a).expect("serializes");
            // What the request cannot carry never repeats what it does.
            if let Some(opportunity) = a.unsent().opportunity() {
                assert!(opportunity.monetary_value.is_absent() && opportunity.name.is_absent());
            }
        }
        (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string()),
        _ => panic!("conversion is not deterministic"),
    }
});
