//! A lead's whole life against the simulator, in-process: create, fetch, edit through
//! `diff`, move through the lifecycle, find, upsert, qualify, convert, follow up, recover
//! after a lost answer, undo. After each step, Copper's state as the simulator holds it is
//! what the crate predicted.

use copper_lead::activity::{self, ActivityQuery, ActivityType};
use copper_lead::api::{ApiErrorKind, Request};
use copper_lead::convert::{
    ConvertOptions, ConvertResponse, OpportunityOptions, Origin, Recovery, UndoStep,
};
use copper_lead::custom_field::CustomFieldCatalog;
use copper_lead::leads::{self, LeadSearch, LeadUpdate, Pager, UpsertMatch, Upserted};
use copper_lead::lifecycle::{QualifiedLead, StageMap, StatusCatalog};
use copper_lead::lookup::{self, Pipeline};
use copper_lead::validate::Validator;
use copper_lead::{CustomFieldDefinitionId, EmailCategory, Field, Lead, LeadStatus, PhoneCategory};
use copper_sim::Config;
use serde_json::{Value, json};

use crate::support::Client;

/// Every lead of a search, through the crate's pager.
fn search_all(c: &mut Client, search: LeadSearch) -> Vec<Lead> {
    let mut pager = Pager::new(search);
    let mut all = Vec::new();
    while let Some(request) = pager.next_request() {
        let reply = c.exchange(&request);
        all.extend(pager.read(&reply.response().unwrap()).unwrap());
    }
    all
}

/// `value` without the keys Copper sets at the moment it writes (times), for comparing what
/// the crate predicted with what Copper holds.
fn untimed(value: &Value) -> Value {
    let mut value = value.clone();
    if let Value::Object(map) = &mut value {
        map.retain(|k, _| !k.starts_with("date_") && k != "leads_converted_from");
    }
    value
}

/// Every key the prediction sets holds the same value in Copper's record.
fn agrees(predicted: &impl serde::Serialize, held: &Value, what: &str) {
    let predicted = untimed(&serde_json::to_value(predicted).unwrap());
    for (key, value) in predicted.as_object().unwrap() {
        if key == "id" || value.is_null() {
            continue;
        }
        assert_eq!(&held[key], value, "{what}: {key} (held {held})");
    }
}

#[test]
#[expect(clippy::too_many_lines)] // one lead's life, told in order
fn a_lead_lives_from_creation_to_conversion_and_back() {
    let mut c = Client::new(Config::default());
    let statuses = c.send(&lookup::lead_statuses()).unwrap();
    let catalog = StatusCatalog::from_definitions(&statuses, &StageMap::new()).unwrap();
    let fields = CustomFieldCatalog::new(c.send(&lookup::custom_field_definitions()).unwrap());
    let validator = Validator::new()
        .with_statuses(&catalog)
        .with_custom_fields(&fields);
    let pipelines = c.send(&lookup::pipelines()).unwrap();
    let sales = Pipeline::find(&pipelines, "Sales").unwrap();

    // Create: Copper fills in the id, the default status and its id, the name's parts, the
    // dates, and every custom field of a lead.
    let mut new = Lead::builder("Ada Lovelace")
        .email("ada@analytical.example", EmailCategory::Work)
        .phone_number("+44 20 7946 0958", PhoneCategory::Work)
        .custom_field(CustomFieldDefinitionId::new(100_764), "Poetical science")
        .build_with(&validator)
        .unwrap();
    new.company_name = Field::Value("Analytical Engines".to_owned());
    let created = c.send(&leads::create(&new)).unwrap();
    let id = *created.id.value().unwrap();
    let held = c.lead_state(id.get());
    assert_eq!(
        (held["status"].clone(), held["status_id"].clone()),
        (json!("New"), json!(208_231))
    );
    assert_eq!(held["first_name"], "Ada");
    assert_eq!(
        held["custom_fields"],
        json!([
        {"custom_field_definition_id": 100_764, "value": "Poetical science"},
        {"custom_field_definition_id": 103_481, "value": null}])
    );
    assert_eq!(serde_json::to_value(&created).unwrap(), held);
    assert!(created.validate_with(&validator).is_ok());

    // Fetch: the same lead.
    assert_eq!(c.send(&leads::fetch(id)).unwrap(), created);

    // Edit through diff: what the crate predicts the lead becomes is what Copper holds.
    let mut edited = created.clone();
    edited.title = Field::Value("Countess of Lovelace".to_owned());
    edited.tags = Field::Value(vec!["mathematics".to_owned(), "poetry".to_owned()]);
    edited.phone_numbers = Field::Null;
    let update = LeadUpdate::diff(&created, &edited);
    let answer = c.send(&leads::update(&created, &update).unwrap()).unwrap();
    let mut predicted = created.clone();
    predicted.apply_update(&update);
    predicted.date_modified = answer.date_modified;
    assert_eq!(predicted, answer);
    assert_eq!(
        serde_json::to_value(&answer).unwrap(),
        c.lead_state(id.get())
    );
    assert_eq!(c.lead_state(id.get())["phone_numbers"], json!([]));

    // Move through the lifecycle, then diff: the status and its id stay together in Copper.
    let mut moved = answer.clone();
    moved.transition_with(&catalog, "Open", c.now()).unwrap();
    let update = LeadUpdate::diff(&answer, &moved);
    let open = c.send(&leads::update(&answer, &update).unwrap()).unwrap();
    let mut predicted = answer.clone();
    predicted.apply_update(&update);
    assert_eq!(predicted.status, open.status);
    assert!(predicted.status_id.is_absent() || predicted.status_id == open.status_id);
    let held = c.lead_state(id.get());
    assert_eq!(
        (held["status"].clone(), held["status_id"].clone()),
        (json!("Open"), json!(208_232))
    );

    // Copper's own activity log records the change, and the audit reads it back.
    let query = ActivityQuery::new().types([ActivityType::property_changed()]);
    let activities = c.send(&leads::activities(id, &query)).unwrap();
    let history = activity::status_history(id, &activities, &catalog);
    assert!(history.unplaced.is_empty());
    let changes: Vec<_> = history
        .changes
        .iter()
        .map(|c| (c.from.clone(), c.to.clone()))
        .collect();
    assert_eq!(changes, [(Some(LeadStatus::New), LeadStatus::Open)]);

    // Search: found by email, exactly once.
    let found = search_all(&mut c, LeadSearch::new().emails("ADA@analytical.example"));
    assert_eq!(found, std::slice::from_ref(&open));

    // Upsert by email updates the lead; by name, with a namesake, is ambiguous.
    let mut again = open.clone();
    again.title = Field::Value("Enchantress of Number".to_owned());
    match c
        .send(&leads::upsert(&again, &UpsertMatch::Email).unwrap())
        .unwrap()
    {
        Upserted::Lead(lead) => assert_eq!(
            (lead.id, lead.title.as_deref()),
            (open.id, Some("Enchantress of Number"))
        ),
        other => panic!("{other:?}"),
    }
    let namesake = Lead::builder("Ada Lovelace")
        .email("ada@byron.example", EmailCategory::Personal)
        .build()
        .unwrap();
    let namesake = c.send(&leads::create(&namesake)).unwrap();
    match c
        .send(&leads::upsert(&again, &UpsertMatch::Name).unwrap())
        .unwrap()
    {
        Upserted::Ambiguous(ambiguous) => {
            assert_eq!(ambiguous.ids(), [id, *namesake.id.value().unwrap()]);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(c.sim.state().leads.len(), 2);

    // Qualify by status and convert: the answer says which records were made.
    let current = c.send(&leads::fetch(id)).unwrap();
    let mut qualified = current.clone();
    qualified
        .transition_with(&catalog, "Qualified", c.now())
        .unwrap();
    let current = c
        .send(&leads::update(&current, &LeadUpdate::diff(&current, &qualified)).unwrap())
        .unwrap();
    let snapshot = current.clone();
    let options = ConvertOptions::new(c.now())
        .custom_fields(&fields)
        .opportunity(
            OpportunityOptions::new(*sales.id.value().unwrap())
                .monetary_value(1000)
                .monetary_unit("GBP"),
        );
    let conversion = QualifiedLead::new(current, &validator)
        .unwrap()
        .convert(&options)
        .unwrap();
    let response: ConvertResponse = c.send(&leads::convert(conversion.request())).unwrap();
    let outcome = response.outcome();
    let state = c.sim.state();
    let person = outcome.person.unwrap();
    let company = outcome.company.unwrap();
    let opportunity = outcome.opportunity.unwrap();
    assert_eq!(
        (person.origin, company.origin, opportunity.origin),
        (Origin::Created, Origin::Created, Origin::Created)
    );
    assert_eq!(state.converted_leads, [id.get()]);
    assert_eq!(
        state.leads[&id.get()]["converted_contact_id"],
        json!(person.id.unwrap().get())
    );
    assert_eq!(
        state.companies[&company.id.unwrap().get()]["name"],
        "Analytical Engines"
    );

    // Follow-ups set what the request could not carry; then every record agrees with the
    // crate's preview.
    let follow_ups = conversion.follow_ups(&response, Some(&fields));
    if let Some(request) = follow_ups.person() {
        c.send(request).unwrap();
    }
    if let Some(request) = follow_ups.company() {
        c.send(request).unwrap();
    }
    if let Some(request) = follow_ups.opportunity() {
        c.send(request).unwrap();
    }
    let state = c.sim.state();
    agrees(
        conversion.person(),
        &state.people[&person.id.unwrap().get()],
        "person",
    );
    agrees(
        conversion.opportunity().unwrap(),
        &state.opportunities[&opportunity.id.unwrap().get()],
        "opportunity",
    );
    assert_eq!(
        state.opportunities[&opportunity.id.unwrap().get()]["monetary_unit"],
        "GBP"
    );

    // The lead is gone: fetching it is 404, and converting it again converts nothing.
    let gone = c.send(&leads::fetch(id)).unwrap_err();
    assert_eq!(gone.kind(), &ApiErrorKind::NotFound);
    assert_eq!(
        c.exchange(&leads::convert(conversion.request())).status,
        404
    );
    assert_eq!(c.sim.state().opportunities.len(), 1);

    // Undo: the lead comes back first, then what the conversion made goes.
    let plan = conversion.undo_plan(&snapshot, &response).unwrap();
    for step in plan.steps() {
        let status = match step {
            UndoStep::RecreateLead { request } => c.exchange(request).status,
            UndoStep::DeleteOpportunity { request, .. } => c.exchange(request).status,
            UndoStep::DeletePerson { request, .. } => c.exchange(request).status,
            UndoStep::DeleteCompany { request, .. } => c.exchange(request).status,
            other => panic!("{other:?}"),
        };
        assert_eq!(status, 200, "{step:?}");
    }
    let state = c.sim.state();
    assert!(
        state.people.is_empty() && state.companies.is_empty() && state.opportunities.is_empty()
    );
    let back = search_all(&mut c, LeadSearch::new().emails("ada@analytical.example"));
    assert_eq!(back.len(), 1);
    assert_eq!(back[0].title, snapshot.title);
    assert_eq!(back[0].status, snapshot.status);
}

/// A convert whose answer is lost: recovery finds out it happened, with the records, and a
/// second request converts nothing.
#[test]
fn a_lost_conversion_is_recovered_not_repeated() {
    let mut c = Client::new(Config::default());
    let lead = Lead::builder("Grace Hopper")
        .email("grace@navy.example", EmailCategory::Work)
        .status(LeadStatus::Qualified)
        .build()
        .unwrap();
    let lead = c.send(&leads::create(&lead)).unwrap();
    let statuses = c.send(&lookup::lead_statuses()).unwrap();
    let catalog = StatusCatalog::from_definitions(&statuses, &StageMap::new()).unwrap();
    let validator = Validator::new().with_statuses(&catalog);
    let options = ConvertOptions::new(c.now()).opportunity(OpportunityOptions::new(213_214.into()));
    let conversion = QualifiedLead::new(lead, &validator)
        .unwrap()
        .convert(&options)
        .unwrap();

    // Before: not converted, safe to send.
    assert!(matches!(
        c.send(&conversion.recovery()).unwrap(),
        Recovery::NotConverted { .. }
    ));
    let _lost = c.exchange(&leads::convert(conversion.request()));
    let state = c.sim.state();
    let (person, opportunity) = (
        *state.people.keys().next().unwrap(),
        *state.opportunities.keys().next().unwrap(),
    );
    match c.send(&conversion.recovery()).unwrap() {
        Recovery::Converted {
            person: p,
            opportunity: o,
            at,
        } => {
            assert_eq!(
                (
                    p.map(copper_lead::PersonId::get),
                    o.map(copper_lead::OpportunityId::get)
                ),
                (Some(person), Some(opportunity))
            );
            assert!(at.is_some());
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        c.exchange(&leads::convert(conversion.request())).status,
        404
    );
    assert_eq!(c.sim.state().people.len(), 1);
}

/// The person with the lead's email is reused, keeps their own name, and the undo plan keeps
/// them.
#[test]
fn a_person_with_the_leads_email_is_reused_and_kept_by_undo() {
    let mut c = Client::new(Config::default());
    let first = Lead::builder("Katherine Johnson")
        .email("kj@nasa.example", EmailCategory::Work)
        .status(LeadStatus::Qualified)
        .build()
        .unwrap();
    let first = c.send(&leads::create(&first)).unwrap();
    let validator = Validator::new();
    let at = c.now();
    let conversion =
        QualifiedLead::by_decision(first, &validator, copper_lead::lifecycle::Decision::new(at))
            .unwrap()
            .convert(&ConvertOptions::new(at))
            .unwrap();
    let response = c.send(&leads::convert(conversion.request())).unwrap();
    let person = response.outcome().person.unwrap().id.unwrap();

    // The same person comes back as a lead with another name, months later.
    c.now_ms += 90 * 24 * 3600 * 1000;
    let second = Lead::builder("K. Johnson")
        .email("KJ@nasa.example", EmailCategory::Work)
        .build()
        .unwrap();
    let second = c.send(&leads::create(&second)).unwrap();
    let snapshot = second.clone();
    let at = c.now();
    // With an opportunity, the answer dates the conversion: the person is told reused.
    let conversion = QualifiedLead::by_decision(
        second,
        &validator,
        copper_lead::lifecycle::Decision::new(at),
    )
    .unwrap()
    .convert(&ConvertOptions::new(at).opportunity(OpportunityOptions::new(213_214.into())))
    .unwrap();
    let response = c.send(&leads::convert(conversion.request())).unwrap();
    let outcome = response.outcome();
    let reused = outcome.person.unwrap();
    assert_eq!((reused.id, reused.origin), (Some(person), Origin::Reused));
    assert_eq!(
        c.sim.state().people[&person.get()]["name"],
        "Katherine Johnson"
    );
    let plan = conversion.undo_plan(&snapshot, &response).unwrap();
    assert!(
        plan.steps()
            .iter()
            .all(|s| !matches!(s, UndoStep::DeletePerson { .. }))
    );
    let _: &Request<Lead> = match &plan.steps()[0] {
        UndoStep::RecreateLead { request } => request,
        other => panic!("{other:?}"),
    };
}
