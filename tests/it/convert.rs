//! Conversion: the documented Copper example, every option, the request bodies, errors,
//! custom field placement, idempotency, and properties.
#![expect(clippy::unreadable_literal)] // ids as Copper writes them
#![expect(
    clippy::needless_pass_by_value,
    clippy::format_collect,
    clippy::too_many_lines
)] // test code

use crate::support::fixture::fixture_text;
use copper_lead::convert::{
    CompanyChoice, ConvertErrorKind, ConvertOptions, ConvertResponse, ConvertedCompany, NameMatch,
    OpportunityOptions, Origin, PersonMatch, PersonOptions,
};
use copper_lead::custom_field::CustomFieldCatalog;
use copper_lead::lifecycle::{NotQualifiedReason, QualifiedLead, Stage};
use copper_lead::validate::Validator;
use copper_lead::{
    Amount, CompanyId, ContactTypeId, Field, Lead, LeadStatus, OpportunityPriority,
    OpportunityStatus, PipelineId, PipelineStageId, Timestamp, UserId,
};
use proptest::prelude::*;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

fn at(seconds: i64) -> Timestamp {
    Timestamp::from_unix(seconds).unwrap()
}

/// A real lead from Copper's docs, moved along the lifecycle to Qualified.
fn docs_lead() -> QualifiedLead {
    let mut lead: Lead =
        serde_json::from_str(&fixture_text("docs_create_lead_response.json")).unwrap();
    lead.transition_to(LeadStatus::Qualified, at(1_502_158_500))
        .unwrap();
    QualifiedLead::new(lead, &copper_lead::validate::Validator::new()).unwrap()
}

/// SHA-256 of `text` in lowercase hex, computed here (not by the crate).
fn sha256_hex(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A qualified lead built from JSON.
fn qualified(value: Value) -> QualifiedLead {
    let mut base = json!({"id": 77, "name": "Ada Lovelace", "status": "Qualified", "date_created": 1000, "date_modified": 2000});
    for (key, v) in value.as_object().unwrap() {
        base[key] = v.clone();
    }
    QualifiedLead::new(
        serde_json::from_value::<Lead>(base).unwrap(),
        &copper_lead::validate::Validator::new(),
    )
    .unwrap()
}

fn new_company(company: &ConvertedCompany) -> &copper_lead::Company {
    match company {
        ConvertedCompany::ByName { company, .. } => company,
        other => panic!("expected a new company, got {other:?}"),
    }
}

#[test]
fn the_documented_copper_example() {
    // The documented response: person, company "Noemail" with email_domain noemail.com, and
    // the opportunity "Demo Project" in pipeline 213214 / stage 987790 worth 1000.
    let expected: ConvertResponse =
        serde_json::from_str(&fixture_text("docs_convert_lead_response.json")).unwrap();
    let (person, company, opportunity) = (
        expected.person.value().unwrap(),
        expected.company.value().and_then(|c| c.company()).unwrap(),
        expected.opportunity.value().unwrap(),
    );
    // What happened: the lead's email matched a person created in March 2017 (who kept the
    // name "My Contact"); the company and the opportunity were made by the conversion.
    let outcome = expected.outcome();
    assert_eq!(outcome.person.map(|r| r.origin), Some(Origin::Reused));
    assert_eq!(outcome.company.map(|r| r.origin), Some(Origin::Created));
    assert_eq!(outcome.opportunity.map(|r| r.origin), Some(Origin::Created));
    assert_eq!(
        outcome.person.and_then(|p| p.id),
        Some(copper_lead::PersonId::new(27_140_359))
    );
    assert!(outcome.company_candidates.is_empty());
    let options = ConvertOptions::new(at(1_496_694_264))
        .company(CompanyChoice::Named {
            name: "Noemail".into(),
            matching: NameMatch::Fuzzy,
        })
        .opportunity(
            OpportunityOptions::new(PipelineId::new(213214))
                .pipeline_stage_id(PipelineStageId::new(987790))
                .name("Demo Project")
                .monetary_value(1000),
        );
    let conversion = docs_lead().convert(&options).unwrap();
    // The preview does not claim a new person: the one with this email, or a new one.
    assert_eq!(
        conversion.person_match(),
        &PersonMatch::ByEmail("mylead@noemail.com".to_owned())
    );

    let ours = conversion.person();
    assert_eq!(ours.name, Field::Value("My Lead".to_owned()));
    assert_eq!(
        (&ours.first_name, &ours.last_name),
        (&Field::Value("My".into()), &Field::Value("Lead".into()))
    );
    assert_eq!(ours.emails, person.emails);
    assert_eq!(ours.company_name, company.name);
    let ours_company = new_company(conversion.company());
    assert_eq!(ours_company.name, company.name);
    assert_eq!(ours_company.email_domain, company.email_domain);
    let ours_opportunity = conversion.opportunity().unwrap();
    for (ours, theirs) in [
        (json!(ours_opportunity.name), json!(opportunity.name)),
        (
            json!(ours_opportunity.pipeline_id),
            json!(opportunity.pipeline_id),
        ),
        (
            json!(ours_opportunity.pipeline_stage_id),
            json!(opportunity.pipeline_stage_id),
        ),
        (json!(ours_opportunity.status), json!(opportunity.status)),
        (
            json!(ours_opportunity.priority),
            json!(opportunity.priority),
        ),
        (
            json!(ours_opportunity.monetary_value),
            json!(opportunity.monetary_value),
        ),
        (
            json!(ours_opportunity.company_name),
            json!(opportunity.company_name),
        ),
    ] {
        assert_eq!(ours, theirs);
    }
    // The lead's custom field values reach each record, as in the example.
    let set = |values: &[copper_lead::custom_field::CustomFieldValue]| -> Vec<Value> {
        values
            .iter()
            .filter(|v| v.value.is_value())
            .map(|v| serde_json::to_value(v).unwrap())
            .collect()
    };
    for (ours, theirs) in [
        (ours.custom_fields.items(), person.custom_fields.items()),
        (
            ours_company.custom_fields.items(),
            company.custom_fields.items(),
        ),
        (
            ours_opportunity.custom_fields.items(),
            opportunity.custom_fields.items(),
        ),
    ] {
        assert_eq!(set(ours), set(theirs));
    }
    assert_eq!(
        serde_json::to_value(conversion.request()).unwrap(),
        json!({"details": {
            "person": {"name": "My Lead"},
            "company": {"name": "Noemail", "exact_match": false},
            "opportunity": {"name": "Demo Project", "pipeline_id": 213214, "pipeline_stage_id": 987790, "monetary_value": 1000}
        }})
    );
    assert_eq!(
        copper_lead::leads::convert(conversion.request()).path(),
        "/leads/13244480/convert"
    );
}

#[test]
fn person_carries_the_lead() {
    let lead = qualified(json!({
        "prefix": "Lady", "first_name": "Ada", "last_name": "Lovelace", "middle_name": null, "suffix": null,
        "title": "Countess", "details": "notes", "assignee_id": 5, "tags": ["vip"],
        "address": {"city": "London"},
        "email": {"email": "ada@example.com", "category": "personal"},
        "phone_numbers": [{"number": "4155550000", "category": "mobile"}, {"number": "4155551111", "category": "work"}],
        "socials": [{"url": "https://twitter.com/ada", "category": "twitter"}],
        "websites": [{"url": "https://ada.example.com", "category": "personal"}],
        "custom_fields": [{"custom_field_definition_id": 1, "value": "x"}],
        "unknown": 1
    }));
    let conversion = lead.convert(&ConvertOptions::new(at(5000))).unwrap();
    let person = serde_json::to_value(conversion.person()).unwrap();
    assert_eq!(
        person,
        json!({
            "name": "Ada Lovelace", "prefix": "Lady", "first_name": "Ada", "middle_name": null,
            "last_name": "Lovelace", "suffix": null, "address": {"city": "London"}, "assignee_id": 5,
            "details": "notes",
            "emails": [{"email": "ada@example.com", "category": "personal"}],
            "phone_numbers": [{"number": "4155550000", "category": "mobile"}, {"number": "4155551111", "category": "work"}],
            "socials": [{"url": "https://twitter.com/ada", "category": "twitter"}],
            "tags": ["vip"], "title": "Countess",
            "websites": [{"url": "https://ada.example.com", "category": "personal"}],
            "custom_fields": [{"custom_field_definition_id": 1, "value": "x"}],
            "date_created": 5000, "date_modified": 5000,
            "leads_converted_from": [{"lead_id": 77, "converted_timestamp": 5000}],
            "date_lead_created": 1000
        })
    );
    assert_eq!(conversion.company(), &ConvertedCompany::None); // no company_name on the lead
    assert!(conversion.opportunity().is_none());
    assert_eq!(
        (conversion.lead_id().get(), conversion.at()),
        (77, at(5000))
    );
}

#[test]
fn company_options() {
    let lead = || {
        qualified(json!({
            "company_name": "Analytical Engines",
            "email": {"email": "ada@engines.example", "category": "work"},
            "address": {"city": "London"},
            "phone_numbers": [{"number": "4155550000", "category": "mobile"}, {"number": "4155551111", "category": "work"}],
            "websites": [{"url": "https://engines.example", "category": "work"}]
        }))
    };
    let convert = |choice: CompanyChoice| {
        lead()
            .convert(&ConvertOptions::new(at(5000)).company(choice))
            .unwrap()
    };

    // From the lead (the default): a new company with the lead's address, work phones,
    // websites and email domain.
    let conversion = convert(CompanyChoice::default());
    assert_eq!(
        serde_json::to_value(new_company(conversion.company())).unwrap(),
        json!({
            "name": "Analytical Engines", "address": {"city": "London"}, "email_domain": "engines.example",
            "phone_numbers": [{"number": "4155551111", "category": "work"}],
            "websites": [{"url": "https://engines.example", "category": "work"}],
            "custom_fields": [], "date_created": 5000, "date_modified": 5000
        })
    );
    assert_eq!(
        conversion.person().company_name.as_deref(),
        Some("Analytical Engines")
    );
    assert_eq!(
        serde_json::to_value(conversion.request()).unwrap()["details"]["company"],
        json!({"name": "Analytical Engines", "exact_match": true})
    );
    // Fuzzy matching is an explicit choice.
    let fuzzy = convert(CompanyChoice::FromLead {
        matching: NameMatch::Fuzzy,
    });
    assert_eq!(
        serde_json::to_value(fuzzy.request()).unwrap()["details"]["company"],
        json!({"name": "Analytical Engines", "exact_match": false})
    );

    let conversion = convert(CompanyChoice::Existing(CompanyId::new(42)));
    assert_eq!(
        conversion.company(),
        &ConvertedCompany::Existing(CompanyId::new(42))
    );
    assert_eq!(
        conversion.person().company_id,
        Field::Value(CompanyId::new(42))
    );
    assert!(conversion.person().company_name.is_absent());
    assert_eq!(
        serde_json::to_value(conversion.request()).unwrap()["details"]["company"],
        json!({"id": 42})
    );

    let conversion = convert(CompanyChoice::Named {
        name: "Babbage & Co".into(),
        matching: NameMatch::Exact,
    });
    assert_eq!(
        new_company(conversion.company()).name.as_deref(),
        Some("Babbage & Co")
    );
    assert_eq!(
        serde_json::to_value(conversion.request()).unwrap()["details"]["company"],
        json!({"name": "Babbage & Co", "exact_match": true})
    );

    let conversion = convert(CompanyChoice::None);
    assert_eq!(conversion.company(), &ConvertedCompany::None);
    assert!(conversion.person().company_name.is_absent());
    assert_eq!(
        serde_json::to_value(conversion.request()).unwrap()["details"]["company"],
        json!({"name": ""})
    );

    // A lead without a company name gets no company from the default.
    let conversion = qualified(json!({}))
        .convert(&ConvertOptions::new(at(1)))
        .unwrap();
    assert_eq!(conversion.company(), &ConvertedCompany::None);
    assert_eq!(
        serde_json::to_value(conversion.request()).unwrap()["details"]["company"],
        json!({"name": ""})
    );
}

#[test]
fn a_free_mail_lead_creates_a_company_without_email_domain() {
    for address in [
        "ada@gmail.com",
        "ada@Outlook.com",
        "ada@proton.me",
        "ada@icloud.com",
        "ada@yahoo.com",
        "ada@qq.com",
        "ada@uol.com.br",
        "ada@yahoo.com.mx",
        "ada@bk.ru",
        "ada@hanmail.net",
    ] {
        let lead = qualified(
            json!({"company_name": "Engines", "email": {"email": address, "category": "work"}}),
        );
        let conversion = lead.convert(&ConvertOptions::new(at(1))).unwrap();
        let company = new_company(conversion.company());
        assert!(company.email_domain.is_absent(), "{address}");
        assert_eq!(
            conversion.person().emails.items()[0].email.as_deref(),
            Some(address)
        );
    }
    let lead = qualified(
        json!({"company_name": "Engines", "email": {"email": "ada@Engines.Example", "category": "work"}}),
    );
    let conversion = lead.convert(&ConvertOptions::new(at(1))).unwrap();
    assert_eq!(
        new_company(conversion.company()).email_domain.as_deref(),
        Some("engines.example")
    );
    // An account's own free-mail provider, added by the caller.
    let options = ConvertOptions::new(at(1)).public_mailboxes(
        copper_lead::convert::PublicMailboxes::new().with_domain("engines.example"),
    );
    let lead = qualified(
        json!({"company_name": "Engines", "email": {"email": "ada@Engines.Example", "category": "work"}}),
    );
    let conversion = lead.convert(&options).unwrap();
    assert!(new_company(conversion.company()).email_domain.is_absent());
}

#[test]
fn opportunity_options_and_defaults() {
    let lead = || {
        qualified(json!({
            "company_name": "Engines", "assignee_id": 5, "customer_source_id": 9,
            "monetary_value": 2500, "monetary_unit": "GBP"
        }))
    };
    // Defaults: the company's name, the lead's value, unit and assignee; status Open,
    // priority null.
    let conversion = lead()
        .convert(
            &ConvertOptions::new(at(5000)).opportunity(OpportunityOptions::new(PipelineId::new(1))),
        )
        .unwrap();
    assert_eq!(
        serde_json::to_value(conversion.opportunity().unwrap()).unwrap(),
        json!({
            "name": "Engines", "assignee_id": 5, "company_name": "Engines", "customer_source_id": 9,
            "pipeline_id": 1, "priority": null, "status": "Open", "monetary_unit": "GBP",
            "monetary_value": 2500, "leads_converted_from": [{"lead_id": 77, "converted_timestamp": 5000}],
            "date_lead_created": 1000, "date_created": 5000, "date_modified": 5000, "custom_fields": []
        })
    );
    assert_eq!(
        serde_json::to_value(conversion.request()).unwrap()["details"]["opportunity"],
        json!({"name": "Engines", "pipeline_id": 1, "monetary_value": 2500, "assignee_id": 5})
    );

    // Every option set.
    let options = ConvertOptions::new(at(5000))
        .person(
            PersonOptions::new()
                .name("Augusta Ada King")
                .contact_type_id(ContactTypeId::new(3))
                .assignee_id(UserId::new(6)),
        )
        .opportunity(
            OpportunityOptions::new(PipelineId::new(1))
                .pipeline_stage_id(PipelineStageId::new(2))
                .name("Big deal")
                .monetary_value(Amount::try_from(99.5).unwrap())
                .monetary_unit("EUR")
                .assignee_id(UserId::new(7))
                .close_date(time::macros::date!(2027 - 01 - 07))
                .priority(OpportunityPriority::High),
        );
    let conversion = lead().convert(&options).unwrap();
    let opportunity = conversion.opportunity().unwrap();
    assert_eq!(opportunity.name.as_deref(), Some("Big deal"));
    assert_eq!(
        opportunity.monetary_value.value().and_then(Amount::to_f64),
        Some(99.5)
    );
    assert_eq!(opportunity.monetary_unit.as_deref(), Some("EUR"));
    assert_eq!(opportunity.close_date.as_deref(), Some("1/7/2027"));
    assert_eq!(
        opportunity.priority.value(),
        Some(&OpportunityPriority::High)
    );
    assert_eq!(opportunity.status.value(), Some(&OpportunityStatus::Open));
    assert_eq!(
        conversion.person().name.as_deref(),
        Some("Augusta Ada King")
    );
    assert!(conversion.person().first_name.is_absent()); // Copper derives parts from a new name
    assert_eq!(
        conversion.person().contact_type_id,
        Field::Value(ContactTypeId::new(3))
    );
    assert_eq!(
        serde_json::to_value(conversion.request()).unwrap(),
        json!({"details": {
            "person": {"name": "Augusta Ada King", "contact_type_id": 3, "assignee_id": 6},
            "company": {"name": "Engines", "exact_match": true},
            "opportunity": {"name": "Big deal", "pipeline_id": 1, "pipeline_stage_id": 2, "monetary_value": 99.5, "assignee_id": 7}
        }})
    );

    // Without a company, the opportunity is named after the lead's company, else the lead.
    let named = |lead: QualifiedLead| {
        let options = ConvertOptions::new(at(1))
            .company(CompanyChoice::None)
            .opportunity(OpportunityOptions::new(PipelineId::new(1)));
        lead.convert(&options)
            .unwrap()
            .opportunity()
            .unwrap()
            .name
            .value()
            .cloned()
    };
    assert_eq!(named(lead()).as_deref(), Some("Engines"));
    assert_eq!(named(qualified(json!({}))).as_deref(), Some("Ada Lovelace"));
}

/// Qualifies by status, then converts: a refusal of either is a `ConvertError` (with `?`).
fn qualify_and_convert(
    lead: Lead,
    options: &ConvertOptions<'_>,
) -> Result<copper_lead::convert::Conversion, copper_lead::convert::ConvertError> {
    QualifiedLead::new(lead, &Validator::new())?.convert(options)
}

#[test]
fn errors_name_the_cause_and_hand_the_lead_back() {
    let lead: Lead =
        serde_json::from_value(json!({"id": 1, "name": "A", "status": "Contacted"})).unwrap();
    let err = qualify_and_convert(lead.clone(), &ConvertOptions::new(at(1))).unwrap_err();
    assert_eq!(
        err.kind(),
        &ConvertErrorKind::NotQualified(NotQualifiedReason::Stage(Stage::Contacted))
    );
    assert_eq!(
        err.to_string(),
        "cannot convert: lead is not qualified: its status \"Contacted\" is at stage Contacted; \
         move it to Qualified (stage Qualified), or qualify it by decision \
         (QualifiedLead::by_decision)"
    );
    assert_eq!(err.into_lead(), lead);

    let invalid: Lead =
        serde_json::from_value(json!({"id": 1, "name": "", "status": "Qualified"})).unwrap();
    let err = qualify_and_convert(invalid, &ConvertOptions::new(at(1))).unwrap_err();
    assert!(
        matches!(err.kind(), ConvertErrorKind::NotQualified(NotQualifiedReason::Invalid(errors)) if errors.len() == 1)
    );
    assert_eq!(
        err.to_string(),
        "cannot convert: lead is not qualified: it has a validation error"
    );
    // The errors themselves are the cause.
    let source = std::error::Error::source(&err).map(ToString::to_string);
    assert_eq!(
        source.as_deref(),
        Some("1 validation error: /name: is blank")
    );

    let unsaved = Lead::builder("A")
        .status(LeadStatus::Qualified)
        .build()
        .unwrap();
    let err = QualifiedLead::new(unsaved, &copper_lead::validate::Validator::new())
        .unwrap()
        .convert(&ConvertOptions::new(at(1)))
        .unwrap_err();
    assert_eq!(err.kind(), &ConvertErrorKind::MissingLeadId);

    let bad_options = [
        (
            ConvertOptions::new(at(1)).company(CompanyChoice::Named {
                name: " ".into(),
                matching: NameMatch::Fuzzy,
            }),
            "company.name",
        ),
        (
            ConvertOptions::new(at(1)).person(PersonOptions::new().name("")),
            "person.name",
        ),
        (
            ConvertOptions::new(at(1))
                .opportunity(OpportunityOptions::new(PipelineId::new(1)).name("")),
            "opportunity.name",
        ),
        (
            ConvertOptions::new(at(1))
                .opportunity(OpportunityOptions::new(PipelineId::new(1)).monetary_value(-5)),
            "opportunity.monetary_value",
        ),
        (
            ConvertOptions::new(at(1)).opportunity(
                OpportunityOptions::new(PipelineId::new(1)).monetary_value(Amount::text("lots")),
            ),
            "opportunity.monetary_value",
        ),
        (
            ConvertOptions::new(at(1)).opportunity(
                OpportunityOptions::new(PipelineId::new(1))
                    .monetary_value(5)
                    .monetary_unit("usd"),
            ),
            "opportunity.monetary_unit",
        ),
    ];
    for (options, option) in bad_options {
        let lead = qualified(json!({}));
        let before = lead.lead().clone();
        let err = lead.convert(&options).unwrap_err();
        assert!(
            matches!(err.kind(), ConvertErrorKind::InvalidOption { option: o, .. } if o.as_str() == option),
            "{err}"
        );
        assert!(
            err.to_string()
                .starts_with(&format!("cannot convert with option {option}: "))
        );
        assert_eq!(err.into_lead(), before);
    }
}

#[test]
fn custom_fields_go_where_their_definitions_are_available() {
    let catalog: CustomFieldCatalog = serde_json::from_value(json!([
        {"id": 1, "name": "Everywhere", "data_type": "String", "available_on": ["lead", "person", "company", "opportunity"]},
        {"id": 2, "name": "People", "data_type": "String", "available_on": ["lead", "person"]},
        {"id": 3, "name": "Deals", "data_type": "String", "available_on": ["lead", "opportunity"]},
        {"id": 4, "name": "Lead only", "data_type": "String", "available_on": ["lead"]},
        {"id": 5, "name": "Firms", "data_type": "String", "available_on": ["lead", "company"]}
    ]))
    .unwrap();
    let values: Vec<Value> = (1..=6)
        .map(|id| json!({"custom_field_definition_id": id, "value": format!("v{id}")}))
        .collect();
    let lead = || qualified(json!({"company_name": "Engines", "custom_fields": values}));
    let ids = |values: &[copper_lead::custom_field::CustomFieldValue]| -> Vec<u64> {
        values
            .iter()
            .map(|v| v.custom_field_definition_id.value().unwrap().get())
            .collect()
    };
    let with_opportunity =
        ConvertOptions::new(at(1)).opportunity(OpportunityOptions::new(PipelineId::new(1)));

    // The definition ids on the person, the company and the opportunity, and those unplaced.
    let placed = |c: &copper_lead::convert::Conversion| {
        let opportunity = c.opportunity().map_or(&[][..], |o| o.custom_fields.items());
        (
            ids(c.person().custom_fields.items()),
            ids(new_company(c.company()).custom_fields.items()),
            ids(opportunity),
            ids(c.unplaced_custom_fields()),
        )
    };

    // Without definitions: every value to every record.
    let conversion = lead().convert(&with_opportunity).unwrap();
    let all = vec![1, 2, 3, 4, 5, 6];
    assert_eq!(placed(&conversion), (all.clone(), all.clone(), all, vec![]));

    // With definitions: only where available; unknown (6) and lead-only (4) are unplaced.
    let conversion = lead()
        .convert(&with_opportunity.clone().custom_fields(&catalog))
        .unwrap();
    assert_eq!(
        placed(&conversion),
        (vec![1, 2], vec![1, 5], vec![1, 3], vec![4, 6])
    );

    // Without an opportunity, the deal-only value has nowhere to go.
    let conversion = lead()
        .convert(&ConvertOptions::new(at(1)).custom_fields(&catalog))
        .unwrap();
    assert_eq!(ids(conversion.unplaced_custom_fields()), [3, 4, 6]);
}

#[test]
fn the_idempotency_key_follows_its_documented_canonical_form() {
    let lead = || {
        qualified(
            json!({"company_name": "Engines", "custom_fields": [{"custom_field_definition_id": 8, "value": 1}]}),
        )
    };
    let options = ConvertOptions::new(at(5000)).opportunity(
        OpportunityOptions::new(PipelineId::new(1))
            .close_date(time::macros::date!(2027 - 01 - 07))
            .priority(OpportunityPriority::Low),
    );
    let conversion = lead().convert(&options).unwrap();
    let expected = concat!(
        "copper-lead/convert/v2\n",
        "lead_id=77\n",
        "date_modified=2000\n",
        r#"request={"details":{"person":{"name":"Ada Lovelace"},"company":{"name":"Engines","exact_match":true},"opportunity":{"name":"Engines","pipeline_id":1}}}"#,
        "\n",
        r#"unsent={"person":{"custom_fields":[{"custom_field_definition_id":8,"value":1}]},"company":{"custom_fields":[{"custom_field_definition_id":8,"value":1}]},"opportunity":{"close_date":"1/7/2027","priority":"Low","custom_fields":[{"custom_field_definition_id":8,"value":1}]}}"#,
        "\n",
        "public_mailboxes=\n",
    );
    assert_eq!(conversion.canonical_form(), expected);
    assert_eq!(conversion.idempotency_key(), sha256_hex(expected));

    // The same inputs give the same key, whenever the job runs (a retry a minute later);
    // any change gives another.
    assert_eq!(
        lead().convert(&options).unwrap().idempotency_key(),
        conversion.idempotency_key()
    );
    let later = lead()
        .convert(
            &ConvertOptions::new(at(5060)).opportunity(
                OpportunityOptions::new(PipelineId::new(1))
                    .close_date(time::macros::date!(2027 - 01 - 07))
                    .priority(OpportunityPriority::Low),
            ),
        )
        .unwrap();
    assert_eq!(later.idempotency_key(), conversion.idempotency_key());
    let mut keys = vec![conversion.idempotency_key()];
    // Added mailbox domains: sorted, comma-separated, and hashed as written.
    let mailboxes = lead()
        .convert(
            &options.clone().public_mailboxes(
                copper_lead::convert::PublicMailboxes::new()
                    .with_domain("zeta.example")
                    .with_domain("engines.example"),
            ),
        )
        .unwrap();
    let canonical = mailboxes.canonical_form();
    assert!(
        canonical.ends_with("\npublic_mailboxes=engines.example,zeta.example\n"),
        "{canonical}"
    );
    assert_eq!(mailboxes.idempotency_key(), sha256_hex(&canonical));
    keys.push(mailboxes.idempotency_key());
    keys.push(
        lead()
            .convert(&options.clone().public_mailboxes(
                copper_lead::convert::PublicMailboxes::new().with_domain("engines.example"),
            ))
            .unwrap()
            .idempotency_key(),
    );
    keys.push(
        lead()
            .convert(&ConvertOptions::new(at(5000)))
            .unwrap()
            .idempotency_key(),
    );
    let mut modified = lead().into_lead();
    modified.date_modified = Field::Value(at(2001));
    keys.push(
        QualifiedLead::new(modified, &copper_lead::validate::Validator::new())
            .unwrap()
            .convert(&options)
            .unwrap()
            .idempotency_key(),
    );
    // Only the currency differs: Copper's request cannot carry it, but the key tells them apart.
    let priced = |unit: &str| {
        let opportunity = OpportunityOptions::new(PipelineId::new(1))
            .close_date(time::macros::date!(2027 - 01 - 07))
            .priority(OpportunityPriority::Low)
            .monetary_value(Amount::from(10u64))
            .monetary_unit(unit);
        lead()
            .convert(&ConvertOptions::new(at(5000)).opportunity(opportunity))
            .unwrap()
    };
    let (in_euros, in_dollars) = (priced("EUR"), priced("USD"));
    assert_eq!(in_euros.request(), in_dollars.request());
    assert_ne!(in_euros.idempotency_key(), in_dollars.idempotency_key());
    keys.push(in_euros.idempotency_key());
    keys.push(in_dollars.idempotency_key());
    keys.sort();
    keys.dedup();
    assert_eq!(keys.len(), 7);
    assert!(keys.iter().all(|k| {
        k.len() == 64
            && k.bytes()
                .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
    }));
}

fn options_strategy() -> impl Strategy<Value = ConvertOptions<'static>> {
    let company = prop_oneof![
        Just(CompanyChoice::default()),
        Just(CompanyChoice::FromLead {
            matching: NameMatch::Fuzzy
        }),
        (1u64..1000).prop_map(|id| CompanyChoice::Existing(CompanyId::new(id))),
        ("[A-Za-z ]{1,12}", any::<bool>()).prop_map(|(name, exact)| CompanyChoice::Named {
            name: format!("Co {name}"),
            matching: if exact {
                NameMatch::Exact
            } else {
                NameMatch::Fuzzy
            },
        }),
        Just(CompanyChoice::None),
    ];
    let opportunity = prop::option::of((
        1u64..100,
        prop::option::of(1u64..100),
        prop::option::of("[A-Za-z]{1,10}"),
        prop::option::of(0u32..100_000),
    ));
    (company, opportunity, 0i64..2_000_000_000).prop_map(|(company, opportunity, seconds)| {
        let mut options =
            ConvertOptions::new(Timestamp::from_unix(seconds).unwrap()).company(company);
        if let Some((pipeline, stage, name, value)) = opportunity {
            let mut o = OpportunityOptions::new(PipelineId::new(pipeline));
            if let Some(stage) = stage {
                o = o.pipeline_stage_id(PipelineStageId::new(stage));
            }
            if let Some(name) = name {
                o = o.name(name);
            }
            if let Some(value) = value {
                o = o.monetary_value(value).monetary_unit("USD");
            }
            options = options.opportunity(o);
        }
        options
    })
}

fn lead_strategy() -> impl Strategy<Value = Value> {
    (
        "[A-Za-z]{1,10}( [A-Za-z]{1,10})?",
        prop::option::of("[A-Za-z ]{1,12}"),
        prop::option::of("[a-z]{1,8}@(gmail\\.com|[a-z]{2,8}\\.(com|io))"),
        prop::collection::vec(("[0-9]{10}", prop::sample::select(vec!["work", "mobile", "home"])), 0..3),
        prop::collection::vec("[a-z]{1,6}", 0..3),
        prop::option::of(0u32..1_000_000),
        prop::collection::vec((1u64..50, any::<i32>()), 0..4),
    )
        .prop_map(|(name, company, email, phones, tags, value, fields)| {
            let mut tags = tags;
            tags.sort();
            tags.dedup();
            let mut fields = fields;
            fields.sort_by_key(|(id, _)| *id);
            fields.dedup_by_key(|(id, _)| *id);
            json!({
                "id": 9, "name": name, "status": "Qualified", "company_name": company,
                "email": email.map(|e| json!({"email": e, "category": "work"})),
                "phone_numbers": phones.iter().map(|(n, c)| json!({"number": n, "category": c})).collect::<Vec<_>>(),
                "tags": tags, "monetary_value": value, "date_created": 10, "date_modified": 20,
                "custom_fields": fields.iter().map(|(id, v)| json!({"custom_field_definition_id": id, "value": v})).collect::<Vec<_>>()
            })
        })
}

proptest! {
    /// Conversion never fails on a valid qualified lead with valid options, carries every
    /// mapped value, and is deterministic.
    #[test]
    fn conversion_carries_every_mapped_value_deterministically(value in lead_strategy(), options in options_strategy()) {
        let lead: Lead = serde_json::from_value(value.clone()).unwrap();
        let qualified = QualifiedLead::new(lead, &copper_lead::validate::Validator::new()).unwrap();
        let first = qualified.clone().convert(&options).unwrap();
        let second = qualified.convert(&options).unwrap();
        prop_assert_eq!(&first, &second);
        prop_assert_eq!(first.idempotency_key(), second.idempotency_key());

        let person = serde_json::to_value(first.person()).unwrap();
        prop_assert_eq!(&person["name"], &value["name"]);
        prop_assert_eq!(&person["tags"], &value["tags"]);
        prop_assert_eq!(&person["phone_numbers"], &value["phone_numbers"]);
        prop_assert_eq!(&person["custom_fields"], &value["custom_fields"]);
        prop_assert_eq!(&person["date_lead_created"], &value["date_created"]);
        if value["email"].is_object() {
            prop_assert_eq!(&person["emails"][0], &value["email"]);
        }
        if let Some(opportunity) = &first.opportunity() {
            let o = serde_json::to_value(opportunity).unwrap();
            prop_assert_eq!(&o["status"], "Open");
            prop_assert_eq!(&o["custom_fields"], &value["custom_fields"]);
            let body = serde_json::to_value(first.request()).unwrap();
            prop_assert_eq!(&body["details"]["opportunity"]["name"], &o["name"]);
        }
        if let ConvertedCompany::ByName { company, .. } = first.company() {
            let work: Vec<&Value> = value["phone_numbers"].as_array().unwrap().iter().filter(|p| p["category"] == "work").collect();
            prop_assert_eq!(company.phone_numbers.items().len(), work.len());
            let domain = value["email"]["email"].as_str().and_then(|e| e.split('@').nth(1));
            // Random domains can be public mailbox providers too (qq.com, aol.com...).
            match domain {
                Some(domain) if !copper_lead::convert::is_public_mailbox_domain(domain) => {
                    prop_assert_eq!(company.email_domain.as_deref(), Some(domain));
                }
                _ => prop_assert!(company.email_domain.is_absent()),
            }
        }
        prop_assert!(first.unplaced_custom_fields().is_empty());
    }
}

/// Everything the preview decides that Copper's convert request cannot carry is listed, as
/// partial records, and nothing the request does carry is.
#[test]
fn what_the_request_cannot_carry_is_listed() {
    let lead = qualified(json!({
        "company_name": "Engines", "customer_source_id": 9, "monetary_unit": "GBP",
        "address": {"city": "London"},
        "phone_numbers": [{"number": "4155551111", "category": "work"}, {"number": "4155550000", "category": "mobile"}],
        "websites": [{"url": "https://engines.example", "category": "work"}],
        "custom_fields": [
            {"custom_field_definition_id": 1, "value": "x"},
            {"custom_field_definition_id": 2, "value": null}
        ]
    }));
    let options = ConvertOptions::new(at(5000)).opportunity(
        OpportunityOptions::new(PipelineId::new(1))
            .monetary_value(7)
            .close_date(time::macros::date!(2027 - 01 - 07))
            .priority(OpportunityPriority::High),
    );
    let conversion = lead.convert(&options).unwrap();
    let unsent = conversion.unsent();
    assert_eq!(
        serde_json::to_value(&unsent).unwrap(),
        json!({
            "person": {"custom_fields": [{"custom_field_definition_id": 1, "value": "x"}]},
            "company": {
                "address": {"city": "London"},
                "phone_numbers": [{"number": "4155551111", "category": "work"}],
                "websites": [{"url": "https://engines.example", "category": "work"}],
                "custom_fields": [{"custom_field_definition_id": 1, "value": "x"}]
            },
            "opportunity": {
                "close_date": "1/7/2027", "customer_source_id": 9, "priority": "High",
                "monetary_unit": "GBP",
                "custom_fields": [{"custom_field_definition_id": 1, "value": "x"}]
            }
        })
    );
    // What the request carries is not repeated.
    let request = serde_json::to_value(conversion.request()).unwrap();
    assert_eq!(request["details"]["opportunity"]["monetary_value"], 7);
    assert!(unsent.opportunity().unwrap().monetary_value.is_absent());
    // A company given by id, no opportunity, no custom fields: nothing is left unsent.
    let plain = qualified(json!({"company_name": "Engines"}))
        .convert(&ConvertOptions::new(at(1)).company(CompanyChoice::Existing(CompanyId::new(4))))
        .unwrap();
    assert!(plain.unsent().is_empty());
}

/// Fuzzy matching may answer with candidate companies instead of one: the response still reads,
/// and says no company was chosen.
#[test]
fn a_response_with_candidate_companies_reads() {
    let text = r#"{"person": {"id": 1, "name": "A", "date_created": 100, "date_modified": 100},
        "company": [{"id": 2, "name": "Engines Ltd"}, {"id": 3, "name": "Engines Inc"}],
        "opportunity": null}"#;
    let response: ConvertResponse = copper_lead::from_str(text).unwrap();
    assert_eq!(
        serde_json::to_value(&response).unwrap(),
        serde_json::from_str::<Value>(text).unwrap()
    );
    let outcome = response.outcome();
    assert!(outcome.company.is_none());
    assert_eq!(
        outcome.company_candidates,
        [CompanyId::new(2), CompanyId::new(3)]
    );
    // The person alone cannot date itself against anything: its origin is unknown.
    assert_eq!(outcome.person.map(|p| p.origin), Some(Origin::Unknown));
    // Anything else there is a shape error at its path.
    let err = copper_lead::from_str::<ConvertResponse>(r#"{"company": "Engines"}"#).unwrap_err();
    assert_eq!(err.path().as_str(), "/company");
    let err =
        copper_lead::from_str::<ConvertResponse>(r#"{"company": [{"id": "x"}]}"#).unwrap_err();
    assert_eq!(err.path().as_str(), "/company/0/id");
}

/// The convert request for the conversion Copper's docs show ("John Doe" to a person, with
/// the "Demo Project" opportunity) is the documented body, plus the company key the crate
/// always sends: the docs' body leaves it out, which still makes Copper create a company
/// (REFERENCE.md), so "no company" is said explicitly.
#[test]
fn the_convert_request_is_the_documented_body() {
    let documented: Value =
        serde_json::from_str(&fixture_text("docs_convert_lead_request.json")).unwrap();
    let lead = qualified(json!({"name": "John Doe"}));
    let options = ConvertOptions::new(at(5000))
        .company(CompanyChoice::None)
        .opportunity(
            OpportunityOptions::new(PipelineId::new(213_214))
                .name("Demo Project")
                .pipeline_stage_id(PipelineStageId::new(12345))
                .monetary_value(Amount::from(1000u64)),
        );
    let conversion = lead.convert(&options).unwrap();
    let mut sent = serde_json::to_value(conversion.request()).unwrap();
    let company = sent["details"].as_object_mut().unwrap().remove("company");
    assert_eq!(company, Some(json!({"name": ""})));
    assert_eq!(sent, documented);
}
