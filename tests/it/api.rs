//! The requests the crate builds, compared with Copper's documented examples and real
//! captured requests (`tests/fixtures/`), and the documented responses read back.

#![expect(clippy::unreadable_literal)] // ids as Copper writes them

use crate::support::fixture::{body_json, fixture_bytes, fixture_json};
use crate::support::sample;

use copper_lead::api::{ApiErrorKind, Copper, Credentials, Method, Response};
use copper_lead::custom_field::{CustomFieldCatalog, CustomFieldValue};
use copper_lead::leads::{
    self, LeadSearch, LeadUpdate, READ_ONLY_KEYS, SortBy, SortDirection, UpsertMatch, Upserted,
};
use copper_lead::lifecycle::{StageMap, StatusCatalog};
use copper_lead::webhook::{
    self, Notification, Subscription, SubscriptionError, WebhookEvent, WebhookType,
};
use copper_lead::{
    Address, CustomFieldDefinitionId, CustomerSourceId, EmailCategory, Field, Lead, LeadId,
    LeadStatus, PhoneCategory, Timestamp, lookup,
};
use proptest::prelude::*;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::time::Duration;

// ---- requests against documented and captured bodies ----

#[test]
fn create_body_is_the_documented_example() {
    let address = Address::new()
        .street("123 Main Street")
        .city("Savannah")
        .state("Georgia")
        .postal_code("31410")
        .country("United States");
    let lead = Lead::builder("My Lead")
        .email("mylead@noemail.com", EmailCategory::Work)
        .phone_number("415-123-45678", PhoneCategory::Mobile)
        .address(address)
        .custom_field(
            CustomFieldDefinitionId::new(100764),
            "Text fields are 255 chars or less!",
        )
        .customer_source_id(CustomerSourceId::new(331242))
        .build()
        .unwrap();
    let request = leads::create(&lead);
    assert_eq!((request.method(), request.path()), (Method::Post, "/leads"));
    assert_eq!(
        body_json(&request),
        fixture_json("docs_create_lead_request.json")
    );
    assert!(!request.is_idempotent());
}

/// Copper's bulk endpoints take "an array of single-create (single-update, with the id)
/// JSON Request objects" under `leads`: each item is the documented create (update) body.
#[test]
fn bulk_bodies_hold_the_documented_single_bodies() {
    let lead: Lead =
        serde_json::from_slice(&fixture_bytes("docs_create_lead_request.json")).unwrap();
    let created = leads::bulk_create(std::slice::from_ref(&lead)).unwrap();
    assert_eq!(
        body_json(&created),
        json!({"leads": [fixture_json("docs_create_lead_request.json")]})
    );
    let update: LeadUpdate =
        serde_json::from_slice(&fixture_bytes("docs_update_lead_request.json")).unwrap();
    let updated = leads::bulk_update(&[(LeadId::new(123), update)]).unwrap();
    let mut item = fixture_json("docs_update_lead_request.json");
    item["id"] = json!(123);
    assert_eq!(body_json(&updated), json!({"leads": [item]}));
}

/// The search body of Copper's docs (`{"page_size": 25, "sort_by": "name"}`) is what a
/// search for the same sends, with the documented defaults it states explicitly (page 1,
/// ascending).
#[test]
fn search_body_is_the_documented_example() {
    let search = LeadSearch::new()
        .page_size(25)
        .unwrap()
        .sort(SortBy::Name, SortDirection::Asc);
    let mut sent = body_json(&leads::search(&search));
    let map = sent.as_object_mut().unwrap();
    assert_eq!(map.remove("page_number"), Some(json!(1)));
    assert_eq!(map.remove("sort_direction"), Some(json!("asc")));
    assert_eq!(sent, fixture_json("docs_search_leads_request.json"));
}

#[test]
fn create_from_a_fetched_lead_drops_exactly_the_read_only_keys() {
    for name in [
        "docs_create_lead_response.json",
        "docs_update_lead_response.json",
        "hull_2020-12_upsert_lead_response.json",
    ] {
        let lead: Lead = copper_lead::from_slice(&fixture_bytes(name)).unwrap();
        let mut expected = fixture_json(name);
        let object = expected.as_object_mut().unwrap();
        assert!(
            READ_ONLY_KEYS.iter().any(|key| object.contains_key(*key)),
            "{name} has read-only keys to drop"
        );
        object.retain(|key, _| !READ_ONLY_KEYS.contains(&key.as_str()));
        assert_eq!(body_json(&leads::create(&lead)), expected, "{name}");
    }
}

#[test]
fn update_diff_is_the_documented_update() {
    // The documented update: new details, and one MultiSelect custom field set.
    let before: Lead =
        copper_lead::from_slice(&fixture_bytes("docs_fetch_lead_by_id.json")).unwrap();
    let mut after = before.clone();
    after.details = Field::Value("This is an update".to_owned());
    let mut fields = after.custom_fields.clone().into_value().unwrap();
    fields.push(CustomFieldValue::new(
        CustomFieldDefinitionId::new(184997),
        json!([262644, 262645]),
    ));
    after.custom_fields = Field::Value(fields);

    let update = LeadUpdate::diff(&before, &after);
    let request = leads::update(&before, &update).unwrap();
    assert_eq!(
        (request.method(), request.path()),
        (Method::Put, "/leads/8894157")
    );
    assert_eq!(
        body_json(&request),
        fixture_json("docs_update_lead_request.json")
    );

    // Copper's rule, applied: the custom fields the body does not name keep their values.
    let documented: LeadUpdate =
        copper_lead::from_slice(&fixture_bytes("docs_update_lead_request.json")).unwrap();
    let mut applied = before.clone();
    applied.apply_update(&documented);
    assert_eq!(applied, after);
    let ids: Vec<u64> = applied
        .custom_fields
        .items()
        .iter()
        .filter_map(|f| f.custom_field_definition_id.value().map(|id| id.get()))
        .collect();
    assert_eq!(ids, [100764, 103481, 184997]);
}

#[test]
fn an_update_of_a_lead_without_id_is_refused() {
    let lead = Lead::builder("Ada").build().unwrap();
    assert!(leads::update(&lead, &LeadUpdate::default().title("CEO")).is_err());
}

/// A lead moved through the lifecycle and then updated keeps its status and status id
/// together: with the stock catalog (no ids) the name alone is sent and the old id is no longer
/// claimed; with the account's catalog both are sent.
#[test]
fn a_transition_then_an_update_keeps_the_status_and_its_id_together() {
    use copper_lead::lifecycle::StatusCatalog;
    use copper_lead::validate::{FindingCode, Validator};
    let account = crate::support::docs_statuses::docs_statuses();
    let validator = Validator::new().with_statuses(&account);
    let before: Lead = serde_json::from_value(json!({
        "id": 1, "name": "Ada", "status": "Open", "status_id": 208232}))
    .unwrap();
    let at = copper_lead::Timestamp::from_unix(1_700_000_000).unwrap();

    for (catalog, sent) in [
        (StatusCatalog::stock(), json!({"status": "Unqualified"})),
        (
            &account,
            json!({"status": "Unqualified", "status_id": 208233}),
        ),
    ] {
        let mut after = before.clone();
        after.transition_with(catalog, "Unqualified", at).unwrap();
        let update = LeadUpdate::diff(&before, &after);
        let request = leads::update(&before, &update).unwrap();
        assert_eq!(body_json(&request), sent);
        let mut applied = before.clone();
        applied.apply_update(&update);
        let codes: Vec<FindingCode> = applied
            .check(&validator)
            .findings()
            .iter()
            .map(copper_lead::validate::Finding::code)
            .collect();
        assert!(!codes.contains(&FindingCode::StatusMismatch), "{codes:?}");
        assert_eq!(applied.status.value(), Some(&LeadStatus::Unqualified));
        assert!(
            applied.status_id.is_absent()
                || applied.status_id.value().map(|i| i.get()) == Some(208233)
        );
    }

    // An id sent alone makes the name unknown, rather than stale.
    let mut lead = before.clone();
    lead.apply_update(&LeadUpdate::default().status_id(copper_lead::LeadStatusId::new(208234)));
    assert!(lead.status.is_absent());
    // A `null` status id is never sent: a status is changed, not cleared.
    let request = leads::update(&before, &LeadUpdate::default().status_id(Field::Null)).unwrap();
    assert_eq!(body_json(&request), json!({}));
}

/// With the account's statuses, an id that is not one of them is reported at `/status_id`.
#[test]
fn a_status_id_the_account_does_not_have_is_reported() {
    use copper_lead::validate::Validator;
    let account = crate::support::docs_statuses::docs_statuses();
    let lead: Lead = serde_json::from_value(json!({
        "name": "Ada", "status": "New", "status_id": 1_079_555}))
    .unwrap();
    let errors = lead
        .validate_with(&Validator::new().with_statuses(&account))
        .unwrap_err();
    let found: Vec<(String, String, String)> = errors
        .iter()
        .map(|f| {
            (
                f.path().to_string(),
                f.code().to_string(),
                f.message().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [(
            "/status_id".to_owned(),
            "unknown_status".to_owned(),
            "1079555 is not the id of one of the account's statuses (208231, 208232, 208233, 208234)"
                .to_owned()
        )]
    );
    // Without the account's statuses there are no ids to compare with.
    assert!(lead.validate().is_ok());
}

/// A list cleared in an edit, or with `null` in an update, is sent as `[]`, as Copper shows an
/// empty list; applied, it is `[]`.
#[test]
fn a_cleared_list_is_sent_as_an_empty_list() {
    let before: Lead = serde_json::from_value(json!({
        "id": 1, "name": "Ada", "tags": ["a"], "phone_numbers": [{"number": "415-555-0100", "category": "work"}]})).unwrap();
    let mut after = before.clone();
    after.tags = Field::Null;
    after.phone_numbers = Field::Value(vec![]);
    let update = LeadUpdate::diff(&before, &after);
    assert_eq!(
        body_json(&leads::update(&before, &update).unwrap()),
        json!({"tags": [], "phone_numbers": []})
    );
    let by_hand = LeadUpdate::default()
        .tags(Field::Null)
        .websites(Field::Null)
        .title(Field::Null);
    assert_eq!(
        body_json(&leads::update(&before, &by_hand).unwrap()),
        json!({"tags": [], "title": null, "websites": []})
    );
    let mut applied = before.clone();
    applied.apply_update(&by_hand);
    assert_eq!(applied.tags, Field::Value(vec![]));
    assert!(applied.title.is_null());
    assert!(LeadUpdate::diff(&applied, &applied).is_empty());
}

#[test]
fn removing_a_custom_field_clears_it_and_nothing_else_is_sent() {
    let before: Lead =
        copper_lead::from_slice(&fixture_bytes("docs_update_lead_response.json")).unwrap();
    let mut after = before.clone();
    let kept: Vec<CustomFieldValue> = after
        .custom_fields
        .items()
        .iter()
        .filter(|f| f.custom_field_definition_id.value().map(|id| id.get()) != Some(128735))
        .cloned()
        .collect();
    after.custom_fields = Field::Value(kept);
    assert_eq!(
        serde_json::to_value(LeadUpdate::diff(&before, &after)).unwrap(),
        json!({"custom_fields": [{"custom_field_definition_id": 128735, "value": null}]})
    );
    assert!(LeadUpdate::diff(&before, &before).is_empty());
}

#[test]
fn upsert_bodies_are_the_documented_and_captured_ones() {
    let lead = Lead::builder("My Lead")
        .email("mylead@gmail.test", EmailCategory::Work)
        .build()
        .unwrap();
    let by_email = leads::upsert(&lead, &UpsertMatch::Email).unwrap();
    assert_eq!(
        (by_email.method(), by_email.path()),
        (Method::Put, "/leads/upsert")
    );
    assert_eq!(
        body_json(&by_email),
        fixture_json("docs_upsert_lead_request.json")
    );
    let by_field = leads::upsert(
        &lead,
        &UpsertMatch::CustomField(CustomFieldValue::new(
            CustomFieldDefinitionId::new(100764),
            "Some text",
        )),
    )
    .unwrap();
    assert_eq!(
        body_json(&by_field),
        fixture_json("docs_upsert_lead_by_custom_field_request.json")
    );

    // Hull's real upsert: every custom field type, built from the lead it describes.
    let captured = fixture_json("hull_2020-12_upsert_lead_request.json");
    let properties: Lead = serde_json::from_value(captured["properties"].clone()).unwrap();
    assert_eq!(
        captured["match"]["field_value"],
        json!(properties.email.value().and_then(|e| e.email.as_deref()))
    );
    let request = leads::upsert(&properties, &UpsertMatch::Email).unwrap();
    assert_eq!(body_json(&request), captured);

    // By name: Copper lists it as a match, keyed as its others are.
    let by_name = leads::upsert(&lead, &UpsertMatch::Name).unwrap();
    assert_eq!(
        body_json(&by_name)["match"],
        json!({"field_name": "name", "field_value": "My Lead"})
    );
    // A lead without the value to match by is refused, not sent matching nothing.
    let unnamed: Lead =
        serde_json::from_value(json!({"email": {"email": "a@example.com", "category": "work"}}))
            .unwrap();
    assert_eq!(
        leads::upsert(&unnamed, &UpsertMatch::Name)
            .unwrap_err()
            .to_string(),
        "the lead has no name to match an upsert by"
    );
}

#[test]
fn upsert_answers_read_as_a_lead_or_an_ambiguous_match() {
    let lead = Lead::builder("My Lead").build().unwrap();
    let request = leads::upsert(&lead, &UpsertMatch::Name).unwrap();
    let updated = request
        .read(&Response::new(
            200,
            &fixture_bytes("docs_upsert_lead_response.json"),
        ))
        .unwrap();
    assert!(
        matches!(updated, Upserted::Lead(lead) if lead.id.value() == Some(&LeadId::new(8982702)))
    );

    // Copper documents a 422 "with the IDs of the matching Leads" without its body: the ids
    // are read wherever they come.
    let ids = |body: &[u8]| match request.read(&Response::new(422, body)) {
        Ok(Upserted::Ambiguous(ambiguous)) => Ok(ambiguous
            .ids()
            .iter()
            .map(|id| id.get())
            .collect::<Vec<_>>()),
        Ok(other) => panic!("{other:?}"),
        Err(err) => Err(err),
    };
    for body in [
        &br#"{"success": false, "status": 422, "message": "Multiple matches found", "ids": [1, 2]}"#[..],
        br#"{"success": false, "status": 422, "message": "Multiple leads match", "details": {"matching_ids": [1, 2]}}"#,
        br#"{"success": false, "status": 422, "message": "More than one lead matches: [1, 2]"}"#,
        br#"{"error": "Multiple matches", "ids": [1, 2]}"#,
    ] {
        assert_eq!(ids(body).unwrap(), [1, 2], "{}", String::from_utf8_lossy(body));
    }
    // More than 30: no ids.
    assert_eq!(
        ids(br#"{"success": false, "status": 422, "message": "Too many matches"}"#).unwrap(),
        Vec::<u64>::new()
    );
    // Validation errors stay errors, even when they speak of matching or hold numbers.
    for body in [
        &br#"{"success": false, "status": 422, "message": "Invalid input: Name: can't be blank"}"#[..],
        br#"{"success": false, "status": 422, "message": "Invalid input: Email: does not match the expected format"}"#,
        br#"{"success": false, "status": 422, "message": "Custom field definitions [100764] are not available on leads"}"#,
        br#"{"success": false, "status": 422, "message": {"match": [{"error": "invalid"}]}, "ids": [5]}"#,
    ] {
        let err = ids(body).unwrap_err();
        assert_eq!(err.kind(), &ApiErrorKind::Unprocessable, "{}", String::from_utf8_lossy(body));
    }
}

#[test]
fn an_upsert_is_safe_to_resend_only_when_the_lead_carries_its_match() {
    let with_email = Lead::builder("My Lead")
        .email("MyLead@gmail.test", EmailCategory::Work)
        .build()
        .unwrap();
    let without = Lead::builder("My Lead").build().unwrap();
    // The lead's own name and email: a resend finds the lead the first send made.
    assert!(
        leads::upsert(&with_email, &UpsertMatch::Email)
            .unwrap()
            .is_idempotent()
    );
    assert!(
        leads::upsert(&without, &UpsertMatch::Name)
            .unwrap()
            .is_idempotent()
    );
    let field = CustomFieldValue::new(CustomFieldDefinitionId::new(100764), "Some text");
    let with_field = Lead::builder("My Lead")
        .custom_field(CustomFieldDefinitionId::new(100764), "Some text")
        .build()
        .unwrap();
    assert!(
        leads::upsert(&with_field, &UpsertMatch::CustomField(field.clone()))
            .unwrap()
            .is_idempotent()
    );
    // Resent after a lost response, this one would find nothing and create a second lead.
    assert!(
        !leads::upsert(&without, &UpsertMatch::CustomField(field))
            .unwrap()
            .is_idempotent()
    );
}

#[test]
fn bulk_requests_hold_at_most_ten_and_read_each_result() {
    let lead = Lead::builder("My Lead").build().unwrap();
    assert_eq!(leads::bulk_create(&[]), Err(leads::BulkError::Empty));
    let eleven = vec![lead.clone(); 11];
    assert_eq!(
        leads::bulk_create(&eleven),
        Err(leads::BulkError::TooMany(11))
    );
    let ten = leads::bulk_create(&eleven[..10]).unwrap();
    assert_eq!(
        (ten.method(), ten.path()),
        (Method::Post, "/leads/bulk_create")
    );
    assert!(!ten.is_idempotent());

    let mut update = LeadUpdate::default().details("x");
    update.extra.insert("date_modified", json!(5)).unwrap(); // read-only: never sent
    let request = leads::bulk_update(&[(LeadId::new(123), update)]).unwrap();
    assert_eq!(
        body_json(&request),
        json!({"leads": [{"id": 123, "details": "x"}]})
    );
    // Copper's documented failure item, beside a lead; a second lead that does not read is
    // an error naming its place.
    let answer = request
        .read(&Response::new(200, br#"[{"success": false, "message": {"name": [{"error": "invalid"}]}, "id": 12345}, {"id": 123, "name": "A"}]"#))
        .unwrap();
    match answer.results() {
        [
            leads::BulkResult::Failed { id, message },
            leads::BulkResult::Lead(lead),
        ] => {
            assert_eq!(*id, Some(LeadId::new(12345)));
            assert_eq!(message, &json!({"name": [{"error": "invalid"}]}));
            assert_eq!(lead.name.as_deref(), Some("A"));
        }
        other => panic!("{other:?}"),
    }
    let err = request
        .read(&Response::new(200, br#"[{"id": 1}, {"id": "x"}]"#))
        .unwrap_err();
    assert!(err.message().starts_with("/1/id"), "{}", err.message());
}

#[test]
fn search_bodies_carry_every_filter_in_json() {
    let search = LeadSearch::new()
        .page_size(200)
        .unwrap()
        .page_number(3)
        .unwrap()
        .sort(leads::SortBy::DateModified, leads::SortDirection::Desc)
        .ids([LeadId::new(1)])
        .name("Ada")
        .phone_number("4155551234")
        .emails("ada@example.com")
        .assignee_ids([copper_lead::UserId::new(137658)])
        .unassigned()
        .status_ids([copper_lead::LeadStatusId::new(208231)])
        .customer_source_ids([CustomerSourceId::new(331241)])
        .without_customer_source()
        .city("San Francisco")
        .state("CA")
        .postal_code("")
        .country("US")
        .tags(["tag 1"])
        .socials(["linkedin.com/in/ada"])
        .followed(false)
        .age(Duration::from_secs(86_400))
        .minimum_monetary_value(100)
        .maximum_monetary_value(1000)
        .minimum_interaction_count(1_u64)
        .maximum_interaction_count(9_u64)
        .minimum_interaction_date(Timestamp::from_unix(1).unwrap())
        .maximum_interaction_date(Timestamp::from_unix(2).unwrap())
        .minimum_created_date(Timestamp::from_unix(3).unwrap())
        .maximum_created_date(Timestamp::from_unix(4).unwrap())
        .minimum_modified_date(Timestamp::from_unix(5).unwrap())
        .maximum_modified_date(Timestamp::from_unix(6).unwrap())
        .custom_field(
            leads::CustomFieldFilter::options(
                CustomFieldDefinitionId::new(12),
                [copper_lead::CustomFieldOptionId::new(8)],
            )
            .matching(leads::OptionMatch::All)
            .allow_empty(),
        )
        .custom_field(leads::CustomFieldFilter::checkbox(
            CustomFieldDefinitionId::new(13),
            true,
        ))
        .include_converted_leads(false);
    let request = leads::search(&search);
    assert_eq!(
        (request.method(), request.path()),
        (Method::Post, "/leads/search")
    );
    // Every documented key, spelled as documented; `-2` for "none"; `followed` 2 for "not".
    assert_eq!(
        body_json(&request),
        json!({
            "page_size": 200, "page_number": 3, "sort_by": "date_modified", "sort_direction": "desc",
            "ids": [1], "name": "Ada", "phone_number": "4155551234", "emails": "ada@example.com",
            "assignee_ids": [137658, -2], "status_ids": [208231], "customer_source_ids": [331241, -2],
            "city": "San Francisco", "state": "CA", "postal_code": "", "country": "US",
            "tags": ["tag 1"], "socials": ["linkedin.com/in/ada"], "followed": 2, "age": 86400,
            "minimum_monetary_value": 100, "maximum_monetary_value": 1000,
            "minimum_interaction_count": 1, "maximum_interaction_count": 9,
            "minimum_interaction_date": 1, "maximum_interaction_date": 2,
            "minimum_created_date": 3, "maximum_created_date": 4,
            "minimum_modified_date": 5, "maximum_modified_date": 6,
            "custom_fields": [
                {"custom_field_definition_id": 12, "value": [8], "option": "ALL", "allow_empty": true},
                {"custom_field_definition_id": 13, "value": true}
            ],
            "include_converted_leads": false
        })
    );
    // Paging is checked when it is set, with Copper's cap on what a search can return.
    assert!(LeadSearch::new().page_size(0).is_err());
    assert!(LeadSearch::new().page_size(201).is_err());
    assert!(LeadSearch::new().page_number(0).is_err());
    assert!(
        LeadSearch::new()
            .page_size(200)
            .unwrap()
            .page_number(500)
            .is_ok()
    );
    assert!(
        LeadSearch::new()
            .page_size(200)
            .unwrap()
            .page_number(501)
            .is_err()
    );
    assert!(LeadSearch::new().page_number(5001).is_err());
    assert!(
        LeadSearch::new()
            .page_number(5000)
            .unwrap()
            .page_size(21)
            .is_err()
    );
}

#[test]
fn lookup_requests_are_the_documented_ones() {
    let gets = [
        (lookup::lead_statuses().path().to_owned(), "/lead_statuses"),
        (
            lookup::custom_field_definitions().path().to_owned(),
            "/custom_field_definitions",
        ),
        (lookup::pipelines().path().to_owned(), "/pipelines"),
        (
            lookup::pipeline_stages().path().to_owned(),
            "/pipeline_stages",
        ),
        (lookup::contact_types().path().to_owned(), "/contact_types"),
        (
            lookup::customer_sources().path().to_owned(),
            "/customer_sources",
        ),
        (lookup::loss_reasons().path().to_owned(), "/loss_reasons"),
        (lookup::account().path().to_owned(), "/account"),
    ];
    for (path, expected) in gets {
        assert_eq!(path, expected);
    }
    // Lookups that take a body send it as JSON (never as a query string), and are safe to
    // resend.
    let users = lookup::users(1);
    let person = lookup::person_by_email("a@b.c");
    let companies = lookup::companies_by_email_domain("b.c");
    assert_eq!(
        (users.method(), users.path()),
        (Method::Post, "/users/search")
    );
    assert_eq!(
        body_json(&users),
        json!({"page_number": 1, "page_size": 200})
    );
    assert_eq!(
        (person.method(), person.path()),
        (Method::Post, "/people/fetch_by_email")
    );
    assert_eq!(body_json(&person), json!({"email": "a@b.c"}));
    assert_eq!(
        (companies.method(), companies.path()),
        (Method::Post, "/companies/search")
    );
    assert_eq!(
        body_json(&companies),
        json!({"email_domains": "b.c", "page_size": 200})
    );
    assert!(users.is_idempotent() && person.is_idempotent() && companies.is_idempotent());
}

// ---- documented responses read back ----

#[test]
fn documented_lead_responses_read() {
    let id = LeadId::new(8894157);
    let lead = leads::fetch(id)
        .read(&Response::new(
            200,
            &fixture_bytes("docs_fetch_lead_by_id.json"),
        ))
        .unwrap();
    assert_eq!(lead.id.value(), Some(&id));
    let created = leads::create(&lead)
        .read(&Response::new(
            200,
            &fixture_bytes("docs_create_lead_response.json"),
        ))
        .unwrap();
    assert_eq!(created.id.value(), Some(&LeadId::new(13244480)));
    let updated = leads::update_by_id(id, &LeadUpdate::default())
        .read(&Response::new(
            200,
            &fixture_bytes("docs_update_lead_response.json"),
        ))
        .unwrap();
    assert_eq!(updated.details.as_deref(), Some("This is an update"));
    let deleted = leads::delete(LeadId::new(8900677))
        .read(&Response::new(
            200,
            &fixture_bytes("docs_delete_lead_response.json"),
        ))
        .unwrap();
    assert_eq!(deleted.is_deleted.value(), Some(&true));

    let search = leads::search(&LeadSearch::new());
    let page = search
        .read(
            &Response::new(
                200,
                &fixture_bytes("hull_2019-12_search_leads_response.json"),
            )
            .header("x-pw-total", "2"),
        )
        .unwrap();
    assert_eq!(page.total(), Some(2));
    assert!(!page.leads().is_empty());

    let gone = leads::fetch(id)
        .read(&Response::new(
            404,
            br#"{"success":false,"status":404,"message":"Resource not found"}"#,
        ))
        .unwrap_err();
    assert_eq!(gone.kind(), &ApiErrorKind::NotFound);
    assert_eq!(gone.message(), "Resource not found");
}

#[test]
fn documented_lookup_responses_read() {
    let ok = |name: &str| fixture_bytes(name);
    let statuses = lookup::lead_statuses()
        .read(&Response::new(200, &ok("docs_lead_statuses_response.json")))
        .unwrap();
    let catalog = StatusCatalog::from_definitions(&statuses, &StageMap::new()).unwrap();
    assert_eq!(
        catalog.default_entry().map(|e| e.status().clone()),
        Some(LeadStatus::New)
    );
    let definitions = lookup::custom_field_definitions()
        .read(&Response::new(
            200,
            &ok("hull_2020-12_custom_field_definitions.json"),
        ))
        .unwrap();
    assert!(
        CustomFieldCatalog::new(definitions)
            .get(CustomFieldDefinitionId::new(455893))
            .is_some()
    );
    let stages = lookup::pipeline_stages()
        .read(&Response::new(
            200,
            &ok("docs_pipeline_stages_response_excerpt.json"),
        ))
        .unwrap();
    assert_eq!(stages.len(), 7);
    assert_eq!(
        stages[6].pipeline_id.value().map(|id| id.get()),
        Some(213215)
    );
    let types = lookup::contact_types()
        .read(&Response::new(200, &ok("docs_contact_types_response.json")))
        .unwrap();
    assert_eq!(
        lookup::ContactType::find(&types, "uncategorized")
            .and_then(|t| t.id.value().map(|id| id.get())),
        Some(451492)
    );
    let sources = lookup::customer_sources()
        .read(&Response::new(
            200,
            &ok("docs_customer_sources_response.json"),
        ))
        .unwrap();
    assert_eq!(sources.len(), 3);
    let reasons = lookup::loss_reasons()
        .read(&Response::new(200, &ok("docs_loss_reasons_response.json")))
        .unwrap();
    assert!(lookup::LossReason::find(&reasons, "Price").is_some());
    let users = lookup::users(1)
        .read(&Response::new(200, &ok("docs_users_search_response.json")))
        .unwrap();
    assert_eq!(users[0].email.as_deref(), Some("johndoe@copper.com"));
    let companies = lookup::companies_by_email_domain("example.com")
        .read(&Response::new(
            200,
            &ok("amplabs_2025_company_search_response.json"),
        ))
        .unwrap();
    assert!(!companies.is_empty());
}

#[test]
fn a_converted_lead_reads_its_documented_response() {
    use copper_lead::convert::ConvertOptions;
    use copper_lead::lifecycle::QualifiedLead;
    let lead = Lead::builder("John Doe")
        .id(LeadId::new(8894157))
        .status(LeadStatus::Qualified)
        .build()
        .unwrap();
    let conversion = QualifiedLead::new(lead, &copper_lead::validate::Validator::new())
        .unwrap()
        .convert(&ConvertOptions::new(
            Timestamp::from_unix(1_496_694_264).unwrap(),
        ))
        .unwrap();
    let request = leads::convert(conversion.request());
    assert_eq!(
        (request.method(), request.path()),
        (Method::Post, "/leads/8894157/convert")
    );
    assert!(!request.is_idempotent());
    let response = request
        .read(&Response::new(
            200,
            &fixture_bytes("docs_convert_lead_response.json"),
        ))
        .unwrap();
    assert!(response.person.is_value());
    // A 5xx on a convert must not be retried blindly: Copper may have converted.
    let err = request
        .read(&Response::new(502, b"Bad Gateway"))
        .unwrap_err();
    assert_eq!((err.kind(), err.retry()), (&ApiErrorKind::Server, None));
}

// ---- errors and retries ----

/// (status, body, Retry-After, kind, message, retry for a safe request, for an unsafe one)
type Row<'a> = (
    u16,
    &'a [u8],
    Option<&'a str>,
    ApiErrorKind,
    &'a str,
    Option<u64>,
    Option<u64>,
);

fn error_cases() -> [Row<'static>; 9] {
    [
        (
            400,
            br#"{"success":false,"status":400,"message":"Bad request"}"#,
            None,
            ApiErrorKind::BadRequest,
            "Bad request",
            None,
            None,
        ),
        (
            401,
            br#"{"error":"Unauthorized"}"#,
            None,
            ApiErrorKind::Unauthorized,
            "Unauthorized",
            None,
            None,
        ),
        (
            403,
            br#"{"error":"Forbidden"}"#,
            None,
            ApiErrorKind::Forbidden,
            "Forbidden",
            None,
            None,
        ),
        (
            404,
            br#"{"error":"not_found"}"#,
            None,
            ApiErrorKind::NotFound,
            "not_found",
            None,
            None,
        ),
        (
            422,
            br#"{"error":"Request size too large, limit is 10"}"#,
            None,
            ApiErrorKind::Unprocessable,
            "Request size too large, limit is 10",
            None,
            None,
        ),
        (
            422,
            br#"{"success":false,"message":{"name":[{"error":"invalid"}]},"id":12345}"#,
            None,
            ApiErrorKind::Unprocessable,
            r#"{"name":[{"error":"invalid"}]}"#,
            None,
            None,
        ),
        (
            429,
            b"",
            None,
            ApiErrorKind::RateLimited,
            "(empty body)",
            Some(60),
            Some(60),
        ),
        (
            429,
            b"Too Many Requests",
            Some("3"),
            ApiErrorKind::RateLimited,
            "\"Too Many Requests\" (a body of 17 bytes, not JSON)",
            Some(3),
            Some(3),
        ),
        (
            503,
            b"<!DOCTYPE html>\n<html><head><title>503 Service Unavailable</title></head>\n<body>...</body></html>",
            None,
            ApiErrorKind::Server,
            "\"503 Service Unavailable\" (an HTML page of 97 bytes, not JSON)",
            Some(5),
            None,
        ),
    ]
}

#[test]
fn errors_decide_the_retry() {
    let safe = leads::fetch(LeadId::new(1));
    let unsafe_ = leads::create(&Lead::builder("A").build().unwrap());
    let table = error_cases();
    for (status, body, retry_after, kind, message, safe_retry, unsafe_retry) in table {
        let mut response = Response::new(status, body);
        if let Some(seconds) = retry_after {
            response = response.header("Retry-After", seconds);
        }
        let err = safe.read(&response).unwrap_err();
        assert_eq!(
            (err.kind(), err.status(), err.message()),
            (&kind, status, message)
        );
        assert_eq!(err.retry(), safe_retry.map(Duration::from_secs), "{status}");
        let err = unsafe_.read(&response).unwrap_err();
        assert_eq!(
            err.retry(),
            unsafe_retry.map(Duration::from_secs),
            "{status}"
        );
        let text = err.to_string();
        assert!(
            text.starts_with(&format!("copper answered {status}: ")),
            "{text}"
        );
    }
    // A success that is not the answer's JSON says so.
    let err = safe.read(&Response::new(200, b"[1, 2]")).unwrap_err();
    assert!(matches!(err.kind(), ApiErrorKind::UnreadableBody(_)));
    assert_eq!(err.retry(), None);
}

/// What a hostile server says reaches a terminal escaped and short: escape sequences (a window
/// title, a cleared screen, a fake success line) are written as escapes, a megabyte message is
/// cut, and a body past 64 KiB is not read as JSON at all.
#[test]
fn error_messages_are_escaped_and_bounded() {
    let request = leads::fetch(LeadId::new(1));
    let hostile = |size| {
        let message = format!(
            "\u{1b}]0;pwned\u{7}\u{1b}[2J\r\nall leads synced OK\u{202e}{}",
            "x".repeat(size)
        );
        serde_json::to_vec(&json!({"success": false, "status": 422, "message": message})).unwrap()
    };
    let shown = |err: &copper_lead::api::ApiError| {
        let text = err.to_string();
        assert!(text.len() < 400, "{} bytes", text.len());
        assert!(
            !text.chars().any(|c| c.is_control() || c == '\u{202e}'),
            "{text:?}"
        );
        assert!(text.contains('…'), "{text}");
        text
    };
    // Copper's message, read: escaped and cut.
    let err = request
        .read(&Response::new(422, &hostile(40_000)))
        .unwrap_err();
    assert!(shown(&err).starts_with(
        r"copper answered 422: \u{1b}]0;pwned\u{7}\u{1b}[2J\u{d}\u{a}all leads synced OK\u{202e}xxx"
    ));
    assert!(err.body().is_some());
    // A megabyte body is not read as JSON at all (a 100 MB one would cost gigabytes).
    let err = request
        .read(&Response::new(422, &hostile(1 << 20)))
        .unwrap_err();
    assert!(
        shown(&err).ends_with("(a body of 1048674 bytes, too large to read)"),
        "{err}"
    );
    assert!(err.body().is_none());

    let page: Vec<u8> = std::iter::once(b'\x1b')
        .chain(b"[31m<p>down</p>\n".repeat(10_000))
        .collect();
    let err = request.read(&Response::new(502, &page)).unwrap_err();
    assert!(err.to_string().len() < 200, "{err}");
    assert!(!err.to_string().chars().any(char::is_control), "{err}");
}

/// Copper's API does not redirect: a 3xx is an error that names where it pointed, never an
/// answer to read (the other host's `[]` is not a page of leads).
#[test]
fn a_redirect_is_an_error_that_names_its_target() {
    let search = leads::search(&LeadSearch::new());
    for status in [301, 302, 303, 307, 308] {
        let response =
            Response::new(status, b"[]").header("Location", "https://evil.example/leads");
        let err = search.read(&response).unwrap_err();
        assert_eq!(err.kind(), &ApiErrorKind::Redirect);
        assert_eq!(err.retry(), None);
        assert_eq!(
            err.to_string(),
            format!(
                "copper answered {status}: a redirect to \"https://evil.example/leads\", not \
                 followed: Copper's API does not redirect, and the credentials must not go to \
                 another address"
            )
        );
    }
    let mut pager = leads::Pager::new(LeadSearch::new());
    assert!(pager.read(&Response::new(302, b"[]")).is_err());
    assert!(pager.next_request().is_some(), "the page is still due");
}

// ---- headers and authentication ----

#[test]
fn prepared_requests_carry_copper_headers() {
    let copper = Copper::new(Credentials::api_key("tok", "me@example.com").unwrap());
    let prepared = copper.prepare(&leads::search(&LeadSearch::new()));
    assert_eq!(
        prepared.url(),
        "https://api.copper.com/developer_api/v1/leads/search"
    );
    let headers: Vec<(&str, &str)> = prepared
        .headers()
        .iter()
        .map(|(n, v)| (*n, v.as_str()))
        .collect();
    assert_eq!(
        headers,
        [
            ("X-PW-AccessToken", "tok"),
            ("X-PW-Application", "developer_api"),
            ("X-PW-UserEmail", "me@example.com"),
            ("Accept", "application/json"),
            ("Content-Type", "application/json"),
        ]
    );
    let oauth =
        Copper::new(Credentials::oauth("tok").unwrap()).prepare(&leads::fetch(LeadId::new(1)));
    assert!(
        oauth
            .headers()
            .iter()
            .any(|(n, v)| *n == "Authorization" && v == "Bearer tok")
    );
    // Every call carries Content-Type, as Copper's request docs say: GET and DELETE too.
    for prepared in [oauth, copper.prepare(&leads::delete(LeadId::new(1)))] {
        assert!(
            prepared
                .headers()
                .iter()
                .any(|(n, v)| *n == "Content-Type" && v == "application/json"),
            "{} {}",
            prepared.method(),
            prepared.url()
        );
        assert!(prepared.body().is_empty());
    }
    let computed = copper.prepare(&leads::fetch(LeadId::new(1)).computed_custom_field_values());
    assert_eq!(
        computed.url(),
        "https://api.copper.com/developer_api/v1/leads/1?custom_field_computed_values=true"
    );
}

#[test]
fn base_urls_are_checked() {
    let copper = || Copper::new(Credentials::oauth("t").unwrap());
    for good in [
        "http://127.0.0.1:8080/v1",
        "https://proxy.example/copper/",
        "https://x",
    ] {
        assert!(copper().with_base_url(good).is_ok(), "{good}");
    }
    for (bad, why) in [
        ("ftp://x", "does not start with https://"),
        ("https://", "has no host"),
        ("https:///v1", "has no host"),
        ("http://:80", "has no host"),
        ("https://x/v1?a=b", "has a query"),
        ("https://x/v1#f", "has a fragment"),
        ("https://a b/", "whitespace"),
        ("x.example", "does not start with https://"),
        // Each of these sends the request somewhere other than it seems, or nowhere.
        (
            "https://api.copper.com@evil.example/developer_api/v1",
            "user name before its host",
        ),
        (
            "https://api.copper.com:99999/developer_api/v1",
            "port that is not a number from 1 to 65535",
        ),
        ("https://[::1", "bracket is not closed"),
        ("https://api.copper.com/\u{1b}[2J", "control character"),
        ("https://api.copper\u{200b}.com", "not printable ASCII"),
        ("https://api.copper.com\\evil", "backslash"),
    ] {
        let err = copper().with_base_url(bad).unwrap_err();
        assert_eq!(err.clone().into_inner(), bad);
        assert!(err.to_string().contains(why), "{bad}: {err}");
    }
    // Credentials go into headers: a line break or NUL would end one early and add another.
    for token in ["tok\r\nX-Evil: 1", "tok\n", "tok\0", "", "t ok"] {
        assert!(Credentials::oauth(token).is_err(), "{token:?}");
        assert!(
            Credentials::api_key(token, "me@example.com").is_err(),
            "{token:?}"
        );
        assert!(Credentials::api_key("tok", token).is_err(), "{token:?}");
    }
    // A custom request's path: a query added later would land in a fragment.
    for (path, why) in [
        ("/leads?x=1", "? or #"),
        ("/leads#x", "? or #"),
        ("/a/../b", ". or .."),
        ("/a b", "whitespace"),
    ] {
        let err = copper_lead::api::Request::custom(Method::Get, path, None).unwrap_err();
        assert!(err.to_string().contains(why), "{path}: {err}");
    }
}

#[test]
fn a_huge_retry_after_is_an_hour() {
    let request = leads::fetch(LeadId::new(1));
    // One rule for every way of writing seconds: a fraction rounds up; more than an hour,
    // however many digits, is an hour; anything else leaves the default wait.
    for (sent, seconds) in [
        ("7", 7),
        ("5.0", 5),
        ("0.2", 1),
        ("3600", 3600),
        ("1000000", 3600),
        ("18446744073709551615", 3600),
        ("18446744073709551616", 3600),
        ("99999999999999999999999999.5", 3600),
        ("-1", 60),
        ("1e3", 60),
        ("", 60),
        (".5", 60),
    ] {
        let err = request
            .read(&Response::new(429, b"").header("Retry-After", sent))
            .unwrap_err();
        assert_eq!(err.retry(), Some(Duration::from_secs(seconds)), "{sent:?}");
    }
    // The date form is not read: the default wait applies.
    let err = request
        .read(&Response::new(429, b"").header("Retry-After", "Wed, 21 Oct 2026 07:28:00 GMT"))
        .unwrap_err();
    assert_eq!(err.retry(), Some(Duration::from_secs(60)));
}

proptest! {
    /// No `Debug` output shows the token, whatever it is.
    #[test]
    fn debug_never_shows_the_token(token in "[A-Za-z0-9]{12,40}") {
        let credentials = Credentials::api_key(token.clone(), "me@example.com").unwrap();
        let copper = Copper::new(credentials.clone());
        let prepared = copper.prepare(&leads::fetch(LeadId::new(1)));
        let oauth = Copper::new(Credentials::oauth(token.clone()).unwrap()).prepare(&leads::fetch(LeadId::new(1)));
        for shown in [format!("{credentials:?}"), format!("{copper:?}"), format!("{prepared:?}"), format!("{oauth:?}")] {
            prop_assert!(!shown.contains(&token), "{}", shown);
        }
    }
}

// ---- webhooks ----

#[test]
fn subscribe_body_is_the_documented_example() {
    let subscription = Subscription::default()
        .target("https://your.endpoint.here")
        .kind(WebhookType::Lead)
        .event(WebhookEvent::Update)
        .secret(BTreeMap::from([
            ("secret".to_owned(), "hook_source".to_owned()),
            ("key".to_owned(), "copper_notifications".to_owned()),
        ]))
        .headers(BTreeMap::from([(
            "Authentication".to_owned(),
            "Bearer token".to_owned(),
        )]))
        .custom_field_computed_values(true);
    let request = webhook::subscribe(&subscription).unwrap();
    assert_eq!(
        (request.method(), request.path()),
        (Method::Post, "/webhooks")
    );
    assert_eq!(
        body_json(&request),
        fixture_json("docs_webhook_subscribe_request.json")
    );
    // Copper's answer adds the id and the creation time.
    let answer = request
        .read(&Response::new(
            200,
            br#"{"id": 17065, "target": "https://your.endpoint.here", "type": "lead",
            "event": "update", "secret": {"secret": "hook_source", "key": "copper_notifications"},
            "headers": {"Authentication": "Bearer token"}, "custom_field_computed_values": true,
            "created_at": 1489173015}"#,
        ))
        .unwrap();
    assert_eq!(answer.id.value().map(|id| id.get()), Some(17065));
    assert_eq!(answer.secret, subscription.secret);
    // Sent again (to another account, say), Copper's own keys stay out; the secret stays out
    // of `Debug`.
    let again = webhook::subscribe(&answer).unwrap();
    assert_eq!(
        body_json(&again),
        fixture_json("docs_webhook_subscribe_request.json")
    );
    assert!(!format!("{again:?}").contains("hook_source"));
    let copper = Copper::new(Credentials::oauth("t").unwrap());
    assert!(!format!("{:?}", copper.prepare(&again)).contains("hook_source"));

    let refused = |s: &Subscription| webhook::subscribe(s).unwrap_err();
    let base = subscription.clone();
    for plain in [
        "http://your.endpoint.here",
        "http://127.0.0.1.evil.example/hook",
        "http://localhost.evil.example:80/",
        "ftp://127.0.0.1/hook",
    ] {
        assert!(
            matches!(
                refused(&base.clone().target(plain)),
                SubscriptionError::NotHttps(_)
            ),
            "{plain}"
        );
    }
    // Copper delivers to https only; a simulator on this machine takes plain http.
    for local in [
        "http://127.0.0.1:8080/hook",
        "http://localhost/hook",
        "http://[::1]:9/x",
    ] {
        assert!(
            webhook::subscribe(&base.clone().target(local)).is_ok(),
            "{local}"
        );
    }
    assert!(matches!(
        refused(&base.clone().target("http://127.0.0.1:99999/hook")),
        SubscriptionError::InvalidTarget { .. }
    ));
    for no_host in [
        "https:///path",
        "https://:443/x",
        "https://@x",
        "https://a b.example",
        "https://hooks.example.com@evil.example/copper",
    ] {
        assert!(
            matches!(
                refused(&base.clone().target(no_host)),
                SubscriptionError::InvalidTarget { .. }
            ),
            "{no_host}"
        );
    }
    // A query string is the receiver's business (tokens often travel in one).
    assert!(webhook::subscribe(&base.clone().target("https://hooks.example/in?token=t")).is_ok());
    let mut no_event = base.clone();
    no_event.event = Field::Absent;
    assert_eq!(refused(&no_event), SubscriptionError::Missing("event"));
    let clash = base.secret(BTreeMap::from([("type".to_owned(), "x".to_owned())]));
    assert_eq!(
        refused(&clash),
        SubscriptionError::SecretKey("type".to_owned())
    );
}

#[test]
fn a_real_notification_reads() {
    let notification: Notification = copper_lead::from_slice(&fixture_bytes(
        "pipedream_2024-10_webhook_new_lead_notification.json",
    ))
    .unwrap();
    assert_eq!(notification.event.value(), Some(&WebhookEvent::New));
    assert_eq!(notification.lead_ids(), [LeadId::new(89011972)]);
    let sent = notification.sent_at().unwrap().unwrap();
    // 2024-10-14T16:15:54.893Z, to the second.
    assert_eq!(sent.unix(), 1728922554);
    assert_eq!(
        notification.status_change(Timestamp::from_unix(0).unwrap()),
        None
    );
    // Its secret check: no secret pairs were sent with it.
    let secret = BTreeMap::from([("secret".to_owned(), "hook_source".to_owned())]);
    assert!(!notification.has_secret(&secret));
}

#[test]
fn the_secret_check_needs_every_pair_exactly() {
    let body = br#"{"ids": [1], "type": "lead", "event": "update", "subscription_id": 1,
        "secret": "hook_source", "key": "copper_notifications", "other": 5}"#;
    let notification: Notification = copper_lead::from_slice(body).unwrap();
    let pairs = |p: &[(&str, &str)]| {
        p.iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect::<BTreeMap<_, _>>()
    };
    let table: [(&[(&str, &str)], bool); 9] = [
        (
            &[("secret", "hook_source"), ("key", "copper_notifications")],
            true,
        ),
        (&[("secret", "hook_source")], true),
        (&[("secret", "hook_sourc")], false),
        (&[("secret", "hook_source!")], false),
        (&[("secret", "HOOK_SOURCE")], false),
        (&[("secret", "hook_source"), ("missing", "x")], false),
        (&[("other", "5")], false),  // a number is not the text "5"
        (&[("missing", "")], false), // a missing key is not an empty value
        (&[], false),
    ];
    for (secret, expected) in table {
        assert_eq!(
            notification.has_secret(&pairs(secret)),
            expected,
            "{secret:?}"
        );
    }
}

#[test]
fn a_status_update_notification_becomes_a_status_change() {
    let received = Timestamp::from_unix(1_800_000_000).unwrap();
    let read = |attributes: &str, timestamp: &str, kind: &str| {
        let body = format!(
            r#"{{"ids": [8894157], "type": "{kind}", "event": "update", "subscription_id": 1,
               {timestamp} "updated_attributes": {attributes}}}"#
        );
        let notification: Notification = copper_lead::from_str(&body).unwrap();
        notification.status_change(received)
    };
    let at = r#""timestamp": "2024-10-14T16:15:54.893Z","#;
    let change = read(
        r#"{"status": ["New", "Open"], "status_id": [208231, 208232]}"#,
        at,
        "lead",
    )
    .unwrap();
    assert_eq!(
        (change.from, change.to, change.at.unix()),
        (Some(LeadStatus::New), LeadStatus::Open, 1728922554)
    );
    // From no status, an account's own status, and without a timestamp.
    let change = read(r#"{"status": [null, "Hot"]}"#, "", "lead").unwrap();
    assert_eq!(
        (change.from, change.to, change.at),
        (None, LeadStatus::from("Hot"), received)
    );
    // Not a status change, not a lead, or not the [old, new] shape: none.
    assert_eq!(read(r#"{"title": ["a", "b"]}"#, at, "lead"), None);
    assert_eq!(read(r#"{"status": ["New", "Open"]}"#, at, "person"), None);
    assert_eq!(read(r#"{"status": "Open"}"#, at, "lead"), None);
    assert_eq!(read(r#"{"status": ["New", 3]}"#, at, "lead"), None);
}

// ---- properties: the diff and the pager ----

/// One edit a user makes to a lead.
#[derive(Debug, Clone)]
enum Edit {
    Name(String),
    ClearTitle,
    Tags(Vec<String>),
    ClearAddress,
    City(String),
    Email(String),
    Status(String),
    /// A transition under the account's statuses, which sets the status id too.
    Transition(String),
    ClearTags,
    CustomValue(usize, i64),
    ClearCustom(usize),
    AddCustom(u64, String),
    RemoveCustom(usize),
    ReorderCustom,
    AddCustomWithoutId(String),
    Extra(String, i64),
    RemoveExtra,
    DropTitle,
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        "[A-Za-z ]{0,12}".prop_map(Edit::Name),
        Just(Edit::ClearTitle),
        proptest::collection::vec("[a-z]{1,5}", 0..4).prop_map(Edit::Tags),
        Just(Edit::ClearAddress),
        "[A-Za-z]{0,8}".prop_map(Edit::City),
        "[a-z]{1,6}@example\\.com".prop_map(Edit::Email),
        prop_oneof![Just("New"), Just("Open"), Just("Junk"), Just("Hot")]
            .prop_map(|s| Edit::Status(s.to_owned())),
        prop_oneof![Just("New"), Just("Open"), Just("Unqualified"), Just("Junk")]
            .prop_map(|s| Edit::Transition(s.to_owned())),
        Just(Edit::ClearTags),
        (0_usize..12, any::<i64>()).prop_map(|(i, v)| Edit::CustomValue(i, v)),
        (0_usize..12).prop_map(Edit::ClearCustom),
        (1_u64..5, "[a-z]{0,6}").prop_map(|(id, v)| Edit::AddCustom(id, v)),
        ("x_[a-z]{1,4}", any::<i64>()).prop_map(|(k, v)| Edit::Extra(k, v)),
        (0_usize..12).prop_map(Edit::RemoveCustom),
        Just(Edit::ReorderCustom),
        "[a-z]{0,4}".prop_map(Edit::AddCustomWithoutId),
        Just(Edit::RemoveExtra),
        Just(Edit::DropTitle),
    ]
}

fn apply_edit(lead: &mut Lead, edit: &Edit) {
    match edit {
        Edit::Name(name) => lead.name = Field::Value(name.clone()),
        Edit::ClearTitle => lead.title = Field::Null,
        Edit::Tags(tags) => lead.tags = Field::Value(tags.clone()),
        Edit::ClearAddress => lead.address = Field::Null,
        Edit::City(city) => {
            let address = lead.address.value().cloned().unwrap_or_default();
            lead.address = Field::Value(address.city(city.clone()));
        }
        Edit::Email(email) => {
            lead.email = Field::Value(copper_lead::Email::new(email.clone(), EmailCategory::Work));
        }
        Edit::Status(status) => lead.status = Field::Value(LeadStatus::from(status.as_str())),
        Edit::Transition(status) => {
            let at = copper_lead::Timestamp::from_unix(1_700_000_000).unwrap();
            // A move the table forbids leaves the lead as it was.
            let _ = lead.transition_with(
                &crate::support::docs_statuses::docs_statuses(),
                status.as_str(),
                at,
            );
        }
        Edit::ClearTags => lead.tags = Field::Null,
        Edit::CustomValue(index, value) => {
            if let Some(field) = lead
                .custom_fields
                .value_mut()
                .and_then(|f| f.get_mut(*index))
            {
                field.value = Field::Value(json!(value));
            }
        }
        Edit::ClearCustom(index) => {
            if let Some(field) = lead
                .custom_fields
                .value_mut()
                .and_then(|f| f.get_mut(*index))
            {
                field.value = Field::Null;
            }
        }
        Edit::AddCustom(id, value) => {
            // A definition the lead does not have yet, added at the end.
            let id = CustomFieldDefinitionId::new(9_000_000 + id);
            let fields = lead.custom_fields.value_mut();
            if let Some(fields) = fields
                && !fields
                    .iter()
                    .any(|f| f.custom_field_definition_id.value() == Some(&id))
            {
                fields.push(CustomFieldValue::new(id, value.clone()));
            }
        }
        Edit::Extra(key, value) => {
            lead.extra.insert(key.clone(), json!(value)).unwrap();
        }
        Edit::RemoveCustom(index) => {
            if let Some(fields) = lead.custom_fields.value_mut()
                && *index < fields.len()
            {
                fields.remove(*index);
            }
        }
        Edit::ReorderCustom => {
            if let Some(fields) = lead.custom_fields.value_mut() {
                fields.reverse();
            }
        }
        Edit::AddCustomWithoutId(value) => {
            if let Some(fields) = lead.custom_fields.value_mut() {
                let mut entry =
                    CustomFieldValue::new(CustomFieldDefinitionId::new(1), value.clone());
                entry.custom_field_definition_id = Field::Absent;
                fields.push(entry);
            }
        }
        Edit::RemoveExtra => {
            let first = lead.extra.keys().next().cloned();
            if let Some(key) = first {
                lead.extra.remove(&key);
            }
        }
        Edit::DropTitle => lead.title = Field::Absent,
    }
}

/// The lead Copper shows after an update that turns `before` into `after` (the oracle, written
/// from Copper's rules rather than from the crate's code): absent keys and dropped unknown
/// keys keep `before`'s values; custom fields keep `before`'s order, each with `after`'s value
/// for its definition or `null` when `after` dropped it, then `after`'s new ones.
fn as_copper_shows(before: &Lead, after: &Lead) -> Lead {
    let mut shown: Value = serde_json::to_value(after).unwrap();
    let before_json = serde_json::to_value(before).unwrap();
    let shown_map = shown.as_object_mut().unwrap();
    for (key, value) in before_json.as_object().unwrap() {
        if !shown_map.contains_key(key) {
            shown_map.insert(key.clone(), value.clone());
        }
    }
    // Read-only keys are Copper's: an edit of them (a transition's `date_modified`) is not sent.
    for key in READ_ONLY_KEYS {
        match before_json.get(*key) {
            Some(value) => shown_map.insert((*key).to_owned(), value.clone()),
            None => shown_map.remove(*key),
        };
    }
    // Copper shows a cleared list as `[]`.
    for list in ["socials", "tags", "websites", "phone_numbers"] {
        if shown_map.get(list) == Some(&Value::Null) {
            shown_map.insert(list.into(), json!([]));
        }
    }
    // Copper takes a status by name or by id and derives the other: a new name without a new
    // id makes the old id stale, and which id Copper gives the name is not known here.
    let new_id = after.status_id.is_value() && after.status_id != before.status_id;
    let new_name = after.status.is_value() && after.status != before.status;
    if new_name && !new_id {
        shown_map.remove("status_id");
    }
    if new_id && !new_name {
        shown_map.remove("status");
    }
    if let (Field::Value(old), Field::Value(new)) = (&before.custom_fields, &after.custom_fields) {
        let id = |v: &CustomFieldValue| v.custom_field_definition_id.value().copied();
        let mut merged: Vec<CustomFieldValue> = Vec::new();
        for item in old {
            let Some(i) = id(item) else {
                merged.push(item.clone());
                continue;
            };
            if let Some(n) = new.iter().find(|n| id(n) == Some(i)) {
                merged.push(n.clone());
            } else {
                let mut cleared = item.clone();
                cleared.value = Field::Null;
                merged.push(cleared);
            }
        }
        for item in new {
            let known = match id(item) {
                Some(i) => old.iter().any(|o| id(o) == Some(i)),
                None => old.contains(item) || merged.contains(item),
            };
            if !known {
                merged.push(item.clone());
            }
        }
        shown_map.insert(
            "custom_fields".into(),
            serde_json::to_value(merged).unwrap(),
        );
    }
    serde_json::from_value(shown).unwrap()
}

proptest! {
    /// For a lead as Copper sends it and any edits, the diff applied to the lead gives the
    /// edited lead, sends no read-only key, sends nothing for no edit, and is minimal: every
    /// key it sends differs from the lead's.
    #[test]
    fn applying_the_diff_gives_the_edited_lead(
        index in 0_u64..5_000,
        edits in proptest::collection::vec(edit(), 0..6),
    ) {
        let before: Lead = serde_json::from_value(sample::data_set_lead(index)).unwrap();
        let mut after = before.clone();
        for edit in &edits {
            apply_edit(&mut after, edit);
        }
        let update = LeadUpdate::diff(&before, &after);
        let mut applied = before.clone();
        applied.apply_update(&update);
        let expected = as_copper_shows(&before, &after);
        prop_assert_eq!(
            serde_json::to_value(&applied).unwrap(),
            serde_json::to_value(&expected).unwrap()
        );
        // Applying the update again changes nothing more.
        let mut twice = applied.clone();
        twice.apply_update(&update);
        prop_assert_eq!(&twice, &applied);

        let body = serde_json::to_value(&update).unwrap();
        let before_json = serde_json::to_value(&before).unwrap();
        for (key, value) in body.as_object().unwrap() {
            prop_assert!(!READ_ONLY_KEYS.contains(&key.as_str()), "{}", key);
            if key != "custom_fields" {
                prop_assert_ne!(before_json.get(key), Some(value), "{} unchanged but sent", key);
            }
        }
        // A status and its id disagree afterwards only if the edited lead had them disagree.
        let catalog = crate::support::docs_statuses::docs_statuses();
        let validator = copper_lead::validate::Validator::new().with_statuses(&catalog);
        let mismatch = |lead: &Lead| {
            lead.check(&validator)
                .findings()
                .iter()
                .any(|f| f.code() == copper_lead::validate::FindingCode::StatusMismatch)
        };
        prop_assert!(!mismatch(&applied) || mismatch(&after));
        prop_assert!(LeadUpdate::diff(&after, &after).is_empty());
        prop_assert!(LeadUpdate::diff(&applied, &applied).is_empty());
        prop_assert!(LeadUpdate::diff(&applied, &expected).is_empty());
    }
}

/// A search server holding `count` leads: answers a page, or fails with a 429 when told to.
fn serve(count: u64, size: u32, page: u32, total: Option<u64>) -> (Vec<u8>, Option<String>) {
    let first = u64::from(page - 1) * u64::from(size);
    let last = (first + u64::from(size)).min(count).min(leads::SEARCH_CAP);
    let leads: Vec<Value> = (first..last.max(first))
        .map(|id| json!({"id": id}))
        .collect();
    (
        serde_json::to_vec(&leads).unwrap(),
        total.map(|t| t.to_string()),
    )
}

proptest! {
    /// Against a server with any number of leads, page size, total header (exact, an upper
    /// bound, a lie below the count, or none) and failures, the pager asks for pages 1, 2,
    /// 3... in order, asks again for the same page after a failure, and yields every lead
    /// exactly once.
    #[test]
    fn the_pager_never_skips_or_repeats(
        count in 0_u64..700,
        size in 1_u32..120,
        total_kind in 0_u8..4,
        extra in 0_u64..300,
        failures in proptest::collection::vec(any::<bool>(), 0..40),
    ) {
        let total = match total_kind {
            0 => None,
            1 => Some(count),
            2 => Some(count + extra),
            // A header that says less than the pages hold (0, 1, 5 with 1,000 leads...).
            _ => Some(extra.min(count) / 2),
        };
        let mut pager = leads::Pager::new(LeadSearch::new().page_size(size).unwrap());
        let mut failures = failures.into_iter();
        let mut seen = Vec::new();
        let mut asked = Vec::new();
        let mut guard = 0;
        while let Some(request) = pager.next_request() {
            guard += 1;
            prop_assert!(guard < 2_000, "the pager does not stop");
            let body: Value = serde_json::from_slice(request.body().unwrap()).unwrap();
            let page = u32::try_from(body["page_number"].as_u64().unwrap()).unwrap();
            prop_assert_eq!(body["page_size"].as_u64(), Some(u64::from(size)));
            if failures.next().unwrap_or(false) {
                let err = pager.read(&Response::new(429, b"")).unwrap_err();
                prop_assert!(err.retry().is_some());
                continue;
            }
            asked.push(page);
            let (bytes, header) = serve(count, size, page, total);
            let mut response = Response::new(200, &bytes);
            if let Some(header) = &header {
                response = response.header("X-PW-TOTAL", header);
            }
            for lead in pager.read(&response).unwrap() {
                seen.push(lead.id.value().unwrap().get());
            }
        }
        let pages: Vec<u32> = (1..=u32::try_from(asked.len()).unwrap()).collect();
        prop_assert_eq!(asked, pages);
        prop_assert_eq!(seen, (0..count).collect::<Vec<_>>());
        // Far below the cap: a pager that says it reached it is wrong.
        prop_assert!(!pager.reached_cap());
    }
}

/// A server that answers the same page again and again, or more leads than asked for, or
/// leads an earlier page had: each lead is delivered once, and a server that makes no
/// progress is an error, never a success with leads counted twice.
#[test]
fn the_pager_refuses_a_server_that_repeats_or_overfills() {
    let page_of = |ids: std::ops::Range<u64>| {
        serde_json::to_vec(&ids.map(|id| json!({"id": id})).collect::<Vec<_>>()).unwrap()
    };
    // The same 200 leads on every page.
    let mut pager = leads::Pager::new(LeadSearch::new().page_size(200).unwrap());
    let same = page_of(0..200);
    assert_eq!(pager.read(&Response::new(200, &same)).unwrap().len(), 200);
    let err = pager.read(&Response::new(200, &same)).unwrap_err();
    assert_eq!(err.kind(), &ApiErrorKind::Inconsistent);
    assert_eq!(err.retry(), None);
    assert!(
        err.to_string()
            .contains("page 2 holds only leads already delivered"),
        "{err}"
    );
    // Pages that overlap: the repeats are left out and counted.
    let mut pager = leads::Pager::new(LeadSearch::new().page_size(3).unwrap());
    let mut ids = Vec::new();
    for page in [page_of(0..3), page_of(2..5), page_of(5..6)] {
        ids.extend(
            pager
                .read(&Response::new(200, &page))
                .unwrap()
                .iter()
                .map(|l| l.id.value().unwrap().get()),
        );
    }
    assert_eq!(ids, [0, 1, 2, 3, 4, 5]);
    assert_eq!(pager.repeated(), 1);
    assert!(pager.next_request().is_none());
    // A page larger than asked for.
    let mut pager = leads::Pager::new(LeadSearch::new().page_size(2).unwrap());
    let err = pager.read(&Response::new(200, &page_of(0..3))).unwrap_err();
    assert_eq!(
        err.to_string(),
        "copper answered 200: page 1 holds 3 leads, more than the page size of 2"
    );
    // A full page with a lying total (5 for 1,000 leads) does not end the paging.
    let mut pager = leads::Pager::new(LeadSearch::new().page_size(200).unwrap());
    pager
        .read(&Response::new(200, &page_of(0..200)).header("X-PW-TOTAL", "5"))
        .unwrap();
    assert_eq!(pager.page_number(), Some(2));
}

#[test]
fn the_pager_stops_at_the_search_cap_and_says_so() {
    // (page size, leads matching, total header) -> (pages, reached the cap)
    let cases = [
        (200, leads::SEARCH_CAP + 1_000, None, 500, true),
        (120, leads::SEARCH_CAP + 1_000, None, 834, true), // the last page is cut at the cap
        (
            30,
            leads::SEARCH_CAP + 1,
            Some(leads::SEARCH_CAP + 1),
            3_334,
            true,
        ),
        (200, leads::SEARCH_CAP, Some(leads::SEARCH_CAP), 500, false), // exactly all
        (120, leads::SEARCH_CAP - 5, None, 834, false),
    ];
    for (size, count, total, pages, capped) in cases {
        let mut pager = leads::Pager::new(LeadSearch::new().page_size(size).unwrap());
        let mut seen = 0_u64;
        let mut requests = 0;
        while let Some(request) = pager.next_request() {
            let body: Value = serde_json::from_slice(request.body().unwrap()).unwrap();
            let page = u32::try_from(body["page_number"].as_u64().unwrap()).unwrap();
            let (bytes, header) = serve(count, size, page, total);
            let mut response = Response::new(200, &bytes);
            if let Some(header) = &header {
                response = response.header("X-PW-TOTAL", header);
            }
            seen += pager.read(&response).unwrap().len() as u64;
            requests += 1;
        }
        let expected_seen = count.min(leads::SEARCH_CAP);
        assert_eq!(
            (seen, requests),
            (expected_seen, pages),
            "size {size}, count {count}"
        );
        assert_eq!(pager.reached_cap(), capped, "size {size}, count {count}");
    }
}
