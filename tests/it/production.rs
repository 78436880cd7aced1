//! Conversion in production: recovery after a lost response, the undo plan, follow-up
//! updates, and duplicates, against Copper's documented convert response and real leads.

#![expect(clippy::unreadable_literal, clippy::cast_precision_loss)] // ids; ratios of small counts

use crate::support::fixture::fixture_json;
use crate::support::sample;

use copper_lead::api::{Method, Response};
use copper_lead::convert::{
    ConvertOptions, ConvertResponse, ConvertedRecord, KeptReason, OpportunityOptions, Recovery,
    SkipReason, UndoStep, Unrestorable,
};
use copper_lead::custom_field::{CustomFieldCatalog, CustomFieldDefinition};
use copper_lead::duplicates::{self, Deduper, normalize_email, normalize_phone};
use copper_lead::lifecycle::{Decision, QualifiedLead};
use copper_lead::validate::Validator;
use copper_lead::{
    EmailCategory, Lead, LeadId, OpportunityId, PersonId, PhoneCategory, PipelineId, Timestamp,
};
use proptest::prelude::*;
use serde_json::{Value, json};
use std::collections::{BTreeSet, HashMap};

/// The documented convert response, edited where a test needs another outcome: the person
/// created at the moment of the conversion, or the company created long before it.
fn response(person_created: bool, company_created: bool) -> ConvertResponse {
    let mut json = fixture_json("docs_convert_lead_response.json");
    let moment = json["opportunity"]["date_created"].clone();
    if person_created {
        json["person"]["date_created"] = moment.clone();
        // A person the conversion made lists this lead (and only it) as converted from.
        json["person"]["leads_converted_from"] =
            json!([{"lead_id": 62182557, "converted_timestamp": moment}]);
    }
    if !company_created {
        json["company"]["date_created"] = json!(1_400_000_000);
    }
    serde_json::from_value(json).unwrap()
}

/// A lead from Hull's real upsert, with its every custom field type, qualified and converted
/// with an opportunity; and the snapshot taken before.
fn conversion(catalog: Option<&CustomFieldCatalog>) -> (copper_lead::convert::Conversion, Lead) {
    let mut lead: Lead =
        serde_json::from_value(fixture_json("hull_2020-12_upsert_lead_response.json")).unwrap();
    lead.company_name = copper_lead::Field::Value("Noemail".to_owned());
    let snapshot = lead.clone();
    let at = Timestamp::from_unix(1_496_694_264).unwrap();
    let qualified = QualifiedLead::by_decision(lead, &Validator::new(), Decision::new(at)).unwrap();
    let mut options = ConvertOptions::new(at)
        .opportunity(OpportunityOptions::new(PipelineId::new(213214)).name("Demo Project"));
    if let Some(catalog) = catalog {
        options = options.custom_fields(catalog);
    }
    (qualified.convert(&options).unwrap(), snapshot)
}

// ---- recovery ----

#[test]
fn recovery_reads_each_outcome() {
    let (conversion, _) = conversion(None);
    let request = conversion.recovery();
    assert_eq!(
        (request.method(), request.path()),
        (Method::Post, "/leads/search")
    );
    let body: Value = serde_json::from_slice(request.body().unwrap()).unwrap();
    assert_eq!(body["ids"], json!([62182557]));
    assert_eq!(body["include_converted_leads"], true);
    assert!(request.is_idempotent());

    // The lead as Copper returned it (every converted_* key null): not converted.
    let lead = fixture_json("hull_2020-12_upsert_lead_response.json");
    let read = |leads: &Value| {
        let bytes = serde_json::to_vec(leads).unwrap();
        request.read(&Response::new(200, &bytes)).unwrap()
    };
    assert!(
        matches!(read(&json!([lead])), Recovery::NotConverted { lead } if lead.id.value() == Some(&LeadId::new(62182557)))
    );

    // The same lead converted: the records it became.
    let mut converted = lead.clone();
    converted["converted_contact_id"] = json!(27140359);
    converted["converted_opportunity_id"] = json!(4417020);
    converted["converted_at"] = json!(1496694264);
    assert_eq!(
        read(&json!([converted])),
        Recovery::Converted {
            person: Some(PersonId::new(27140359)),
            opportunity: Some(OpportunityId::new(4417020)),
            at: Some(Timestamp::from_unix(1496694264).unwrap()),
        }
    );
    // Converted without an opportunity.
    let mut person_only = lead.clone();
    person_only["converted_contact_id"] = json!(27140359);
    assert!(matches!(
        read(&json!([person_only])),
        Recovery::Converted {
            opportunity: None,
            ..
        }
    ));

    // Nothing found, or only another lead: gone.
    assert_eq!(read(&json!([])), Recovery::NotFound);
    let mut other = lead.clone();
    other["id"] = json!(1);
    assert_eq!(read(&json!([other])), Recovery::NotFound);

    // Keys missing, or of another shape: the answer cannot tell, and says so.
    let mut silent = lead.clone();
    for key in [
        "converted_contact_id",
        "converted_opportunity_id",
        "converted_at",
    ] {
        silent.as_object_mut().unwrap().remove(key);
    }
    assert!(matches!(read(&json!([silent])), Recovery::Unclear { .. }));
    let mut odd = lead;
    odd["converted_contact_id"] = json!(false);
    assert!(matches!(read(&json!([odd])), Recovery::Unclear { .. }));

    // The same search for a lead known only by its id, reading only that lead's answer.
    let by_id = Recovery::request(LeadId::new(5));
    let body: Value = serde_json::from_slice(by_id.body().unwrap()).unwrap();
    assert_eq!(
        (&body["ids"], &body["include_converted_leads"]),
        (&json!([5]), &json!(true))
    );
    let other = serde_json::to_vec(&json!([{"id": 6, "name": "Another lead"}])).unwrap();
    assert!(matches!(
        by_id.read(&Response::new(200, &other)).unwrap(),
        Recovery::NotFound
    ));

    // An error stays an error, and says whether to retry.
    let err = request.read(&Response::new(503, b"")).unwrap_err();
    assert!(err.retry().is_some());
}

// ---- undo ----

fn step_paths(plan: &copper_lead::convert::UndoPlan) -> Vec<(Method, String)> {
    plan.steps()
        .iter()
        .map(|step| match step {
            UndoStep::RecreateLead { request } => (request.method(), request.path().to_owned()),
            UndoStep::DeleteOpportunity { request, .. } => {
                (request.method(), request.path().to_owned())
            }
            UndoStep::DeletePerson { request, .. } => (request.method(), request.path().to_owned()),
            UndoStep::DeleteCompany { request, .. } => {
                (request.method(), request.path().to_owned())
            }
            other => panic!("{other:?}"),
        })
        .collect()
}

#[test]
fn undo_plans_follow_what_the_conversion_created() {
    let (conversion, snapshot) = conversion(None);
    // (person created, company created) -> the deletions after recreating the lead
    let cases = [
        // The documented response: the person existed (matched by email), the company is new.
        (
            (false, true),
            vec!["/opportunities/4417020", "/companies/13349319"],
        ),
        (
            (true, true),
            vec![
                "/opportunities/4417020",
                "/people/27140359",
                "/companies/13349319",
            ],
        ),
        (
            (true, false),
            vec!["/opportunities/4417020", "/people/27140359"],
        ),
        ((false, false), vec!["/opportunities/4417020"]),
    ];
    for ((person_created, company_created), deletes) in cases {
        let plan = conversion
            .undo_plan(&snapshot, &response(person_created, company_created))
            .unwrap();
        let paths = step_paths(&plan);
        assert_eq!(
            paths[0],
            (Method::Post, "/leads".to_owned()),
            "the lead comes back first"
        );
        let deleted: Vec<&str> = paths[1..]
            .iter()
            .map(|(m, p)| {
                assert_eq!(*m, Method::Delete);
                p.as_str()
            })
            .collect();
        assert_eq!(
            deleted, deletes,
            "person created {person_created}, company created {company_created}"
        );
        let reused = !(person_created && company_created);
        assert_eq!(
            plan.cannot_restore()
                .contains(&Unrestorable::ChangesToReusedRecords),
            reused
        );
        assert!(plan.cannot_restore().contains(&Unrestorable::LeadId));
        if !person_created {
            assert!(
                plan.kept()
                    .iter()
                    .any(|k| k.record == ConvertedRecord::Person && k.reason == KeptReason::Reused)
            );
        }
    }
    // The recreated lead is the snapshot without its read-only keys.
    let plan = conversion
        .undo_plan(&snapshot, &response(false, true))
        .unwrap();
    let UndoStep::RecreateLead { request } = &plan.steps()[0] else {
        panic!()
    };
    let body: Value = serde_json::from_slice(request.body().unwrap()).unwrap();
    let mut expected = fixture_json("hull_2020-12_upsert_lead_response.json");
    expected["company_name"] = json!("Noemail");
    // The keys a client writes: the lead's fields (REFERENCE.md) less those Copper sets
    // (ids, timestamps, counts, converted amounts and conversion keys), written out here
    // rather than taken from the crate's own list.
    let writable = [
        "name",
        "prefix",
        "first_name",
        "last_name",
        "middle_name",
        "suffix",
        "address",
        "assignee_id",
        "company_name",
        "customer_source_id",
        "details",
        "email",
        "monetary_unit",
        "monetary_value",
        "socials",
        "status",
        "status_id",
        "tags",
        "title",
        "websites",
        "phone_numbers",
        "custom_fields",
    ];
    expected
        .as_object_mut()
        .unwrap()
        .retain(|k, _| writable.contains(&k.as_str()));
    assert_eq!(body, expected);
}

#[test]
fn undo_plans_keep_records_with_other_things_on_them() {
    let (conversion, snapshot) = conversion(None);
    // A person with other leads converted into it, or with activities, stays.
    let mut json = serde_json::to_value(response(true, true)).unwrap();
    json["person"]["leads_converted_from"] = json!([{"lead_id": 62182557, "converted_timestamp": 1496694264}, {"lead_id": 1, "converted_timestamp": 1}]);
    let plan = conversion
        .undo_plan(&snapshot, &serde_json::from_value(json).unwrap())
        .unwrap();
    assert!(
        plan.kept()
            .iter()
            .any(|k| k.reason == KeptReason::OtherLeads)
    );
    assert!(
        !step_paths(&plan)
            .iter()
            .any(|(_, p)| p.starts_with("/people/"))
    );
    let mut json = serde_json::to_value(response(true, true)).unwrap();
    json["company"]["interaction_count"] = json!(3);
    let plan = conversion
        .undo_plan(&snapshot, &serde_json::from_value(json).unwrap())
        .unwrap();
    assert!(
        plan.kept().iter().any(
            |k| k.record == ConvertedRecord::Company && k.reason == KeptReason::HasInteractions
        )
    );

    // The wrong snapshot is refused.
    let mut wrong = snapshot;
    wrong.id = copper_lead::Field::Value(LeadId::new(1));
    assert!(
        conversion
            .undo_plan(&wrong, &response(false, true))
            .is_err()
    );
}

/// The moment of the conversion in the generated responses (Copper's clock).
const MOMENT: i64 = 1_700_000_000;

/// A response's record: created `age` seconds before the moment, modified at the moment,
/// with or without `interaction_count` and `leads_converted_from`.
fn record(id: u64, age: i64, interactions: Option<u64>, converted_from: u8) -> Value {
    let mut record = json!({"id": id, "date_created": MOMENT - age, "date_modified": MOMENT});
    if let Some(count) = interactions {
        record["interaction_count"] = json!(count);
    }
    match converted_from {
        1 => {
            record["leads_converted_from"] =
                json!([{"lead_id": 62182557, "converted_timestamp": MOMENT}]);
        }
        2 => {
            record["leads_converted_from"] = json!([{"lead_id": 62182557, "converted_timestamp": MOMENT},
                {"lead_id": 5, "converted_timestamp": 1}]);
        }
        _ => {}
    }
    record
}

proptest! {
    /// Whatever Copper answers, the plan recreates the lead first and deletes exactly what
    /// Copper's rules say the conversion made and nothing else is on. The oracle is written
    /// from those rules: the moment is the opportunity's creation, else the newest change of
    /// two or more records; a record created more than 5 s before it existed already; a
    /// person needs `leads_converted_from` naming only this lead and no interactions; a
    /// company needs no interactions (shown); an opportunity must have none.
    #[test]
    fn an_undo_plan_deletes_only_what_the_conversion_made(
        person in proptest::option::of((-3_i64..400_000, proptest::option::of(0_u64..2), 0_u8..3)),
        company in proptest::option::of((-3_i64..400_000, proptest::option::of(0_u64..2))),
        opportunity in proptest::option::of(proptest::option::of(0_u64..2)),
        near in any::<bool>(),
    ) {
        // Ages near the 5 s boundary as often as far from it.
        let near_age = |age: i64| if near { age % 12 } else { age };
        let (conversion, snapshot) = conversion(None);
        let mut json = json!({});
        if let Some((age, interactions, from)) = person {
            json["person"] = record(27140359, near_age(age), interactions, from);
        }
        if let Some((age, interactions)) = company {
            json["company"] = record(13349319, near_age(age), interactions, 0);
        }
        if let Some(interactions) = opportunity {
            json["opportunity"] = record(4417020, 0, interactions, 0);
        }
        let response: ConvertResponse = serde_json::from_value(json).unwrap();
        let plan = conversion.undo_plan(&snapshot, &response).unwrap();
        let steps = step_paths(&plan);
        prop_assert_eq!(&steps[0], &(Method::Post, "/leads".to_owned()));
        prop_assert!(steps[1..].iter().all(|(m, _)| *m == Method::Delete));

        let known = opportunity.is_some() || usize::from(person.is_some()) + usize::from(company.is_some()) > 1;
        let created = |age: i64| known && near_age(age) <= 5;
        let mut expected = Vec::new();
        if let Some(interactions) = opportunity && interactions.unwrap_or(0) == 0 {
            expected.push("/opportunities/4417020".to_owned());
        }
        if let Some((age, interactions, from)) = person && created(age) && from == 1 && interactions == Some(0) {
            expected.push("/people/27140359".to_owned());
        }
        if let Some((age, interactions)) = company && created(age) && interactions == Some(0) {
            expected.push("/companies/13349319".to_owned());
        }
        let deleted: Vec<String> = steps[1..].iter().map(|(_, p)| p.clone()).collect();
        prop_assert_eq!(deleted, expected);
    }
}

#[test]
fn a_company_made_by_the_previous_conversion_is_not_this_ones() {
    // Two leads of one company converted 20 s apart: the second attaches to the company the
    // first created. It is not the second conversion's to delete or overwrite.
    let (conversion, snapshot) = conversion(None);
    let mut json = serde_json::to_value(response(true, true)).unwrap();
    let moment = json["opportunity"]["date_created"].as_i64().unwrap();
    json["company"]["date_created"] = json!(moment - 20);
    let response: ConvertResponse = serde_json::from_value(json).unwrap();
    let plan = conversion.undo_plan(&snapshot, &response).unwrap();
    assert!(
        !step_paths(&plan)
            .iter()
            .any(|(_, p)| p.starts_with("/companies/"))
    );
    let follow_ups = conversion.follow_ups(&response, None);
    assert!(follow_ups.company().is_none());
    assert!(
        follow_ups
            .skipped()
            .iter()
            .any(|s| s.record == ConvertedRecord::Company && s.reason == SkipReason::Reused)
    );

    // A response with a single record cannot date it: nothing is deleted on a guess.
    let single: ConvertResponse =
        serde_json::from_value(json!({"person": record(27140359, 0, Some(0), 1)})).unwrap();
    let plan = conversion.undo_plan(&snapshot, &single).unwrap();
    assert_eq!(step_paths(&plan).len(), 1);
    assert!(
        plan.kept()
            .iter()
            .any(|k| k.reason == KeptReason::OriginUnknown)
    );
}

// ---- follow-ups ----

#[test]
fn follow_ups_set_what_the_request_cannot_carry_on_new_records_only() {
    // The account's definitions (Hull's real ones, lead only) plus opportunity fields with
    // the same names: a lead "Some Dropdown" maps to the opportunity's by option name.
    let mut definitions: Vec<Value> =
        serde_json::from_value(fixture_json("hull_2020-12_custom_field_definitions.json")).unwrap();
    definitions.push(
        json!({"id": 900001, "name": "Some Dropdown", "data_type": "Dropdown",
        "available_on": ["opportunity"], "options": [{"id": 71, "name": "Some Option 1", "rank": 0},
        {"id": 72, "name": "Some Option 2", "rank": 1}]}),
    );
    definitions.push(
        json!({"id": 900002, "name": "SOME CURRENCY", "data_type": "Currency",
        "available_on": ["opportunity"]}),
    );
    let definitions: Vec<CustomFieldDefinition> =
        serde_json::from_value(Value::Array(definitions)).unwrap();
    let catalog = CustomFieldCatalog::new(definitions);
    let (conversion, _) = conversion(Some(&catalog));

    // The documented response: person reused, company and opportunity created.
    let follow_ups = conversion.follow_ups(&response(false, true), Some(&catalog));
    let opportunity = follow_ups.opportunity().expect("an opportunity update");
    assert_eq!(
        (opportunity.method(), opportunity.path()),
        (Method::Put, "/opportunities/4417020")
    );
    let body: Value = serde_json::from_slice(opportunity.body().unwrap()).unwrap();
    // The lead had currency 55.5 and option 1532569 ("Some Option 2"), in that order.
    assert_eq!(
        body["custom_fields"],
        json!([{"custom_field_definition_id": 900002, "value": 55.5},
               {"custom_field_definition_id": 900001, "value": 72}])
    );
    assert_eq!(body["customer_source_id"], 1235215);
    // The person existed: it keeps its own values (Some Checkbox is available on people).
    assert!(follow_ups.person().is_none());
    assert!(
        follow_ups
            .skipped()
            .iter()
            .any(|s| s.record == ConvertedRecord::Person && s.reason == SkipReason::Reused)
    );
    // Values that fit no record stay visible.
    let unplaced: Vec<u64> = follow_ups
        .unplaced()
        .iter()
        .filter_map(|v| v.custom_field_definition_id.value().map(|id| id.get()))
        .collect();
    assert!(
        unplaced.contains(&455895) && !unplaced.contains(&455896) && !unplaced.contains(&455894),
        "{unplaced:?}"
    );

    // A person the conversion created gets the lead's values for people.
    let follow_ups = conversion.follow_ups(&response(true, true), Some(&catalog));
    let person = follow_ups.person().expect("a person update");
    assert_eq!(person.path(), "/people/27140359");
    let body: Value = serde_json::from_slice(person.body().unwrap()).unwrap();
    assert_eq!(
        body,
        json!({"custom_fields": [{"custom_field_definition_id": 455893, "value": true}]})
    );

    // Mapping by name does not depend on anything else being set on the record: without the
    // customer source, the opportunity still gets its mapped values.
    let mut lead: Lead =
        serde_json::from_value(fixture_json("hull_2020-12_upsert_lead_response.json")).unwrap();
    lead.customer_source_id = copper_lead::Field::Null;
    let at = Timestamp::from_unix(1_496_694_264).unwrap();
    let bare = QualifiedLead::by_decision(lead, &Validator::new(), Decision::new(at))
        .unwrap()
        .convert(
            &ConvertOptions::new(at).opportunity(OpportunityOptions::new(PipelineId::new(213214))),
        )
        .unwrap();
    let follow_ups = bare.follow_ups(&response(true, true), Some(&catalog));
    let body: Value = serde_json::from_slice(
        follow_ups
            .opportunity()
            .expect("mapped values")
            .body()
            .unwrap(),
    )
    .unwrap();
    assert_eq!(body["custom_fields"].as_array().map(Vec::len), Some(2));
    // Converted without the catalog, every record carried every value; with it, the update
    // keeps each record to its own definitions (only Some Checkbox is on people).
    let person: Value = serde_json::from_slice(
        follow_ups
            .person()
            .expect("a person update")
            .body()
            .unwrap(),
    )
    .unwrap();
    assert_eq!(
        person,
        json!({"custom_fields": [{"custom_field_definition_id": 455893, "value": true}]})
    );

    // Without an opportunity in the response there is nothing to update, and it says so.
    let mut json = serde_json::to_value(response(true, true)).unwrap();
    json.as_object_mut().unwrap().remove("opportunity");
    let follow_ups = conversion.follow_ups(&serde_json::from_value(json).unwrap(), Some(&catalog));
    assert!(follow_ups.opportunity().is_none());
    assert!(
        follow_ups
            .skipped()
            .iter()
            .any(|s| s.record == ConvertedRecord::Opportunity
                && s.reason == SkipReason::NotInResponse)
    );
}

// ---- duplicates ----

#[test]
fn normalisation_is_as_documented() {
    let emails = [
        ("Ada@Example.com", Some("ada@example.com")),
        ("a.d.a+x@gmail.com", Some("ada@gmail.com")),
        ("ada@googlemail.com", Some("ada@gmail.com")),
        ("ada@gmail.com.", None), // validation refuses it: not compared
        ("ada@ example.com", None),
        ("a@b@gmail.com", None),
        ("ada+news@icloud.com", Some("ada@icloud.com")),
        ("a.da@outlook.com", Some("a.da@outlook.com")), // dots count at Outlook
        ("ada+news@example.com", Some("ada+news@example.com")), // a plus may be a mailbox
        ("+news@gmail.com", None),
        ("@example.com", None),
        ("ada@", None),
        ("ada at example.com", None),
    ];
    for (input, expected) in emails {
        assert_eq!(normalize_email(input).as_deref(), expected, "{input}");
    }
    let phones = [
        ("+1 415-555-1234", Some("+14155551234")),
        ("(415) 555-1234", Some("+14155551234")),
        ("1 (415) 555-1234", Some("+14155551234")),
        ("001 415 555 1234", Some("+14155551234")),
        ("+44 415 555 1234", Some("+444155551234")),
        ("020 7946 0958", Some("02079460958")),
        ("415 555 1234 x 7", Some("+14155551234x7")),
        ("415-555-1234 ext. 7", Some("+14155551234x7")),
        ("415-555-1234#7", None), // validation refuses '#'
        ("1-800-555-HELP", None), // letters: unrelated vanity numbers would look alike
        ("415 555 1234 option 3", None),
        ("555 1234", Some("5551234")),
        ("555-12", None),
        ("call me", None),
    ];
    for (input, expected) in phones {
        assert_eq!(normalize_phone(input).as_deref(), expected, "{input}");
    }
}

/// A batch with known duplicates: `people` distinct people (distinct names, companies,
/// emails and phones), some of them entered again in another form, and decoys: other people
/// who share something that must not join them (the same name at another company, another
/// name at the same company, the same switchboard with another extension, a vanity number).
/// Returns the leads and, for each, the person it is.
fn batch(people: u64, seed: u64) -> (Vec<Lead>, Vec<u64>) {
    let mut rng = sample::Rng::new(seed);
    let mut leads = Vec::new();
    let mut who = Vec::new();
    let mut decoy = people; // decoys are people of their own, numbered after the others
    for person in 0..people {
        let first = format!("First{person}");
        let last = format!("Last{}", person * 7 + 3);
        let company = format!("Company {person}");
        let gmail = rng.chance(40);
        let domain = if gmail {
            "gmail.com".to_owned()
        } else {
            format!("firm{person}.example")
        };
        let local = format!("{}.{}", first.to_lowercase(), last.to_lowercase());
        let phone = format!("415{:07}", 1_000_000 + person);
        let dashed = format!("{}-{}-{}", &phone[..3], &phone[3..6], &phone[6..]);
        let base = Lead::builder(format!("{first} {last}"))
            .email(format!("{local}@{domain}"), EmailCategory::Work)
            .phone_number(format!("+1 {dashed} x1"), PhoneCategory::Work)
            .company_name(company.clone())
            .build()
            .unwrap();
        leads.push(base);
        who.push(person);
        if rng.chance(20) {
            // Decoys: each a different person.
            let decoys = [
                Lead::builder(format!("{first} {last}"))
                    .company_name(format!("Other {person}"))
                    .build()
                    .unwrap(),
                Lead::builder(format!("Other Name{person}"))
                    .company_name(company.clone())
                    .build()
                    .unwrap(),
                Lead::builder(format!("Colleague{person}"))
                    .phone_number(format!("{dashed} ext. 2"), PhoneCategory::Work)
                    .build()
                    .unwrap(),
                // Copper stores any text as a phone number; the builder would refuse it.
                serde_json::from_value(json!({"name": format!("Vanity{person}"),
                    "phone_numbers": [{"number": "1-800-555-HELP", "category": "work"}]}))
                .unwrap(),
            ];
            for lead in decoys {
                leads.push(lead);
                who.push(decoy);
                decoy += 1;
            }
        }
        if !rng.chance(35) {
            continue;
        }
        for _ in 0..=rng.below(3) {
            // Another entry of the same person, sharing one thing in another form.
            let name = format!("{} {}", first.to_uppercase(), last);
            let mut builder = Lead::builder(name.clone());
            builder = match rng.below(3) {
                0 => {
                    let email = if gmail {
                        format!(
                            "{}{}+import@googlemail.com",
                            first.to_lowercase(),
                            last.to_lowercase()
                        )
                    } else {
                        format!("{}@{}", local.to_uppercase(), domain.to_uppercase())
                    };
                    builder.email(email, EmailCategory::Personal)
                }
                1 => builder.phone_number(
                    format!("({}) {}-{} x 1", &phone[..3], &phone[3..6], &phone[6..]),
                    PhoneCategory::Mobile,
                ),
                _ => builder
                    .company_name(format!("{} {}, Inc.", company.to_uppercase(), ""))
                    .tag("same name and company"),
            };
            leads.push(builder.build().unwrap());
            who.push(person);
        }
    }
    (leads, who)
}

/// Pairs of positions in one group.
fn pairs(groups: impl Iterator<Item = Vec<usize>>) -> BTreeSet<(usize, usize)> {
    let mut pairs = BTreeSet::new();
    for members in groups {
        for (i, a) in members.iter().enumerate() {
            for b in &members[i + 1..] {
                pairs.insert((*a, *b));
            }
        }
    }
    pairs
}

#[test]
fn duplicate_grouping_finds_exactly_the_known_duplicates() {
    for seed in [1, 2, 3] {
        let (leads, who) = batch(2_000, seed);
        let found = pairs(
            duplicates::group(&leads)
                .iter()
                .map(|g| g.members().to_vec()),
        );
        let mut by_person: HashMap<u64, Vec<usize>> = HashMap::new();
        for (index, person) in who.iter().enumerate() {
            by_person.entry(*person).or_default().push(index);
        }
        let truth = pairs(by_person.into_values());
        assert!(
            truth.len() > 500,
            "the batch has duplicates ({})",
            truth.len()
        );
        let correct = found.intersection(&truth).count();
        let precision = correct as f64 / found.len() as f64;
        let recall = correct as f64 / truth.len() as f64;
        assert_eq!((precision, recall), (1.0, 1.0), "seed {seed}");
    }
}

#[test]
fn groups_name_the_keys_they_share_and_stream_through_a_deduper() {
    let leads = [
        Lead::builder("Ada Lovelace")
            .email("ada@engines.example", EmailCategory::Work)
            .id(LeadId::new(1))
            .build()
            .unwrap(),
        Lead::builder("Grace Hopper")
            .email("grace@navy.example", EmailCategory::Work)
            .build()
            .unwrap(),
        Lead::builder("Ada L.")
            .email("ADA@engines.example", EmailCategory::Work)
            .phone_number("+1 415 555 0000", PhoneCategory::Work)
            .id(LeadId::new(3))
            .build()
            .unwrap(),
        Lead::builder("Countess")
            .phone_number("(415) 555-0000", PhoneCategory::Mobile)
            .phone_number("415.555.0000", PhoneCategory::Home)
            .build()
            .unwrap(),
    ];
    let mut deduper = Deduper::new();
    for lead in &leads {
        deduper.add(lead);
    }
    let groups = deduper.groups();
    assert_eq!(groups.len(), 1);
    // "Countess" shares a number with Ada L., not with Ada: no chain, and another name.
    assert_eq!(groups[0].members(), [0, 2]);
    assert_eq!(
        groups[0].ids(),
        [Some(LeadId::new(1)), Some(LeadId::new(3))]
    );
    assert_eq!(
        serde_json::to_value(groups[0].evidence()).unwrap(),
        json!([[2, {"on": "email", "key": "ada@engines.example"}]])
    );
    assert_eq!(groups[0].confidence(), duplicates::Confidence::High);
}

/// The four leads of a chain (A and B share a phone, B and C an email, C and D a name and a
/// company) are not one group: A and D share nothing. And numbers of different countries
/// are different numbers.
#[test]
fn groups_never_grow_through_a_chain() {
    let lead = |json: Value| -> Lead { serde_json::from_value(json).unwrap() };
    let leads = [
        lead(
            json!({"name": "Ada Lovelace", "phone_numbers": [{"number": "+1 415 555 1234", "category": "work"}]}),
        ),
        lead(
            json!({"name": "Ada Lovelace", "phone_numbers": [{"number": "(415) 555-1234", "category": "work"}],
                     "email": {"email": "ada@engines.example", "category": "work"}}),
        ),
        lead(
            json!({"name": "Ada King", "email": {"email": "ADA@engines.example", "category": "work"},
                     "company_name": "Engines"}),
        ),
        lead(json!({"name": "Ada King", "company_name": "Engines Ltd"})),
        lead(
            json!({"name": "Ada Lovelace", "phone_numbers": [{"number": "+44 415 555 1234", "category": "work"}]}),
        ),
    ];
    let groups = duplicates::group(&leads);
    let members: Vec<&[usize]> = groups
        .iter()
        .map(duplicates::DuplicateGroup::members)
        .collect();
    assert_eq!(members, [&[0, 1][..], &[2, 3][..]]);
    assert_eq!(groups[0].confidence(), duplicates::Confidence::Medium);
    assert_eq!(groups[1].confidence(), duplicates::Confidence::Low);
}

/// On the sample generator's data, where every person has an address of their own and the
/// generator knows which leads are the same person, grouping is exact, and a
/// switchboard shared by many people joins none of them.
#[test]
fn grouping_is_exact_on_generated_people() {
    let leads: Vec<Lead> = (0..20_000)
        .map(|i| serde_json::from_value(sample::data_set_lead(i)).unwrap())
        .collect();
    let found = pairs(
        duplicates::group(&leads)
            .iter()
            .map(|g| g.members().to_vec()),
    );
    let mut by_person: HashMap<u64, Vec<usize>> = HashMap::new();
    for index in 0..20_000 {
        by_person
            .entry(sample::person_of(index))
            .or_default()
            .push(usize::try_from(index).unwrap());
    }
    let truth = pairs(by_person.into_values());
    assert!(
        truth.len() > 200,
        "the generator makes duplicates ({})",
        truth.len()
    );
    let correct = found.intersection(&truth).count();
    assert_eq!(
        (correct, found.len(), truth.len()),
        (truth.len(), truth.len(), truth.len())
    );
}

/// The company lookup searches for the domain a conversion would give the new company,
/// however the address is written (case, a fully qualified domain, spaces around it).
#[test]
fn the_company_lookup_searches_the_domain_a_conversion_sets() {
    let at = Timestamp::from_unix(1).unwrap();
    // A trailing dot or spaces make the lead invalid: only the first converts.
    for (address, converts) in [
        ("ada@Engines.Example", true),
        ("ada@engines.example.", false),
        (" ada@ENGINES.example ", false),
    ] {
        let lead: Lead = serde_json::from_value(json!({
            "id": 77, "name": "Ada", "company_name": "Engines",
            "email": {"email": address, "category": "work"},
        }))
        .unwrap();
        let lookups = duplicates::lookups(&lead, &copper_lead::convert::PublicMailboxes::new());
        let request = lookups.companies.expect("a company lookup");
        let body: Value = serde_json::from_slice(request.body().unwrap()).unwrap();
        assert_eq!(body["email_domains"], json!("engines.example"), "{address}");
        let converted = QualifiedLead::by_decision(lead, &Validator::new(), Decision::new(at))
            .ok()
            .map(|q| q.convert(&ConvertOptions::new(at)).unwrap());
        assert_eq!(converted.is_some(), converts, "{address}");
        if let Some(conversion) = converted {
            let company = conversion.company().record().unwrap();
            assert_eq!(
                company.email_domain.value().map(String::as_str),
                Some("engines.example")
            );
        }
    }
}
