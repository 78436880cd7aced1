//! Activities, and the other single-record operations around a lead, against Copper's
//! documented examples (`tests/fixtures/`): the requests equal the documented bodies, the
//! documented answers read and write back unchanged, and a lead's status history is audited
//! from Copper's own activity records.

#![expect(clippy::unreadable_literal)] // ids as Copper writes them

use crate::support::fixture::{body_json, fixture_bytes, fixture_json};
use copper_lead::activity::{
    self, Activity, ActivityCategory, ActivityError, ActivityParent, ActivityQuery, ActivityType,
    ActivityTypes, UnplacedReason,
};
use copper_lead::api::{Method, Response};
use copper_lead::lifecycle::{ReplayError, StageMap, StatusCatalog};
use copper_lead::webhook::{self, Subscription, SubscriptionError, WebhookEvent, WebhookType};
use copper_lead::{
    CustomFieldDefinitionId, EntityType, Lead, LeadId, LeadStatus, PipelineId, SubscriptionId,
    leads, lookup,
};
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// Reads a documented answer through the request's own reader, and checks that what it read
/// writes back to the documented JSON.
fn read_documented<T>(request: &copper_lead::api::Request<T>, name: &str) -> T
where
    T: serde::Serialize + copper_lead::api::Answer,
{
    let answer = request
        .read(&Response::new(200, &fixture_bytes(name)))
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(
        serde_json::to_value(&answer).unwrap(),
        fixture_json(name),
        "{name}"
    );
    answer
}

#[test]
fn a_leads_activities_request_and_answer_are_the_documented_ones() {
    // The docs' request filters on `{"id": 1, "category": "user"}`, as written there.
    let query = ActivityQuery::new().types([ActivityType::user(1)]);
    let request = leads::activities(LeadId::new(1), &query);
    assert_eq!(request.method(), Method::Post);
    assert_eq!(request.path(), "/leads/1/activities");
    assert_eq!(
        body_json(&request),
        fixture_json("docs_lead_activities_request.json")
    );

    let activities = read_documented(&request, "docs_lead_activities_response.json");
    let [call] = activities.as_slice() else {
        panic!("one activity")
    };
    assert_eq!(
        call.parent.value().and_then(ActivityParent::lead_id),
        Some(LeadId::new(1))
    );
    assert_eq!(call.details.as_deref(), Some("Phone call with Dave"));
    assert!(call.old_value.is_null() && call.new_value.is_null());
    assert_eq!(
        call.activity_date.value().map(|t| t.unix()),
        Some(1522455323)
    );
    // A page of one is not full: there is no next page.
    assert!(query.next_page(activities.len()).is_none());
}

#[test]
fn creating_an_activity_sends_the_documented_body() {
    let note = Activity::default()
        .parent(
            ActivityParent::default()
                .kind(EntityType::Person)
                .id(27140359),
        )
        .kind(ActivityType::note())
        .details("This is the description of this note");
    let request = activity::create(&note).unwrap();
    assert_eq!(
        (request.method(), request.path()),
        (Method::Post, "/activities")
    );
    assert!(!request.is_idempotent());
    assert_eq!(
        body_json(&request),
        fixture_json("docs_create_activity_request.json")
    );
    let created = read_documented(&request, "docs_create_activity_response.json");
    assert_eq!(created.id.value().map(|id| id.get()), Some(3064242278));
    assert!(
        created
            .kind
            .value()
            .is_some_and(|t| t.is(&ActivityType::note()))
    );

    // A type read from `GET /activity_types` carries its name and flags; only its category
    // and id are sent.
    let types: ActivityTypes =
        copper_lead::from_slice(&fixture_bytes("docs_activity_types_response.json")).unwrap();
    let call = types.find("Phone Call").unwrap().clone();
    let request = activity::create(&Activity::on_lead(
        LeadId::new(8894157),
        call,
        "Left a message",
    ))
    .unwrap();
    assert_eq!(
        body_json(&request)["type"],
        json!({"id": 190711, "category": "user"})
    );
}

#[test]
fn an_activity_copper_would_refuse_is_refused_before_sending() {
    let lead = LeadId::new(8894157);
    let cases = [
        (
            Activity::default().kind(ActivityType::note()).details("x"),
            ActivityError::Missing("parent"),
        ),
        (
            Activity::default()
                .parent(ActivityParent::lead(lead))
                .details("x"),
            ActivityError::Missing("type"),
        ),
        (
            Activity::default()
                .parent(ActivityParent::default().id(1))
                .kind(ActivityType::note())
                .details("x"),
            ActivityError::Missing("parent"),
        ),
        (
            Activity::default()
                .parent(ActivityParent::lead(lead))
                .kind(ActivityType::note()),
            ActivityError::Missing("details"),
        ),
        (
            Activity::on_lead(
                lead,
                ActivityType::default().category(ActivityCategory::User),
                "x",
            ),
            ActivityError::Missing("type"),
        ),
        (
            Activity::on_lead(lead, ActivityType::pipeline_stage_changed(), "x"),
            ActivityError::SystemType,
        ),
    ];
    for (activity, expected) in cases {
        assert_eq!(
            activity::create(&activity).unwrap_err(),
            expected,
            "{activity:?}"
        );
    }
}

#[test]
fn the_documented_activity_types_read_with_the_two_system_types() {
    let request = activity::types();
    assert_eq!(
        (request.method(), request.path()),
        (Method::Get, "/activity_types")
    );
    let types = read_documented(&request, "docs_activity_types_response.json");
    assert_eq!(types.user.items().len(), 5);
    let changed = types.find("property changed").unwrap();
    assert!(changed.is(&ActivityType::property_changed()));
    assert!(
        types
            .find("Pipeline Stage Changed")
            .unwrap()
            .is(&ActivityType::pipeline_stage_changed())
    );
    assert!(types.find("Note").unwrap().is(&ActivityType::note()));
    // The same id in the other category is another type.
    assert!(!ActivityType::user(1).is(&ActivityType::property_changed()));
}

/// Copper's documented activity search holds three "Property Changed" activities of the docs'
/// Test Lead (8894157), all with `null` values, as every published example has them. The
/// audit cannot place them, and says so for each rather than reporting a clean history.
#[test]
fn the_documented_property_changes_are_listed_as_unplaced() {
    let activities: Vec<Activity> =
        copper_lead::from_slice(&fixture_bytes("docs_activities_search_response.json")).unwrap();
    assert_eq!(activities.len(), 10);
    let history =
        activity::status_history(LeadId::new(8894157), &activities, StatusCatalog::stock());
    assert!(history.changes.is_empty());
    let ids: Vec<u64> = history
        .unplaced
        .iter()
        .map(|u| u.activity.unwrap().get())
        .collect();
    assert_eq!(ids, [2826555341, 2826550854, 2826550639]);
    assert!(
        history
            .unplaced
            .iter()
            .all(|u| u.why == UnplacedReason::NoValues)
    );
    assert_eq!(history.other_properties, 0);
    // Another lead's activities are not this lead's history.
    let other = activity::status_history(LeadId::new(1), &activities, StatusCatalog::stock());
    assert!(other.changes.is_empty() && other.unplaced.is_empty());
}

/// The whole audit, from the request to the findings: the documented activities of the Test
/// Lead, with the values a status change would carry (each shape `status_history` reads), in
/// the newest-first order Copper lists them.
#[test]
fn a_status_history_is_audited_from_coppers_activity_records() {
    let id = LeadId::new(8894157);
    let statuses = lookup::lead_statuses()
        .read(&Response::new(
            200,
            &fixture_bytes("docs_lead_statuses_response.json"),
        ))
        .unwrap();
    let catalog = StatusCatalog::from_definitions(&statuses, &StageMap::new()).unwrap();
    let request = leads::activities(
        id,
        &ActivityQuery::new().types([ActivityType::property_changed()]),
    );
    assert_eq!(
        body_json(&request),
        json!({"activity_types": [{"id": 1, "category": "system"}]})
    );

    let mut answer = fixture_json("docs_activities_search_response.json");
    let lead_activities = answer.as_array_mut().unwrap();
    lead_activities.retain(|a| a["parent"]["type"] == "lead");
    // Newest first: New -> Junk (by name), Junk -> Open (by id), Open -> New (objects).
    let open_id = statuses
        .iter()
        .find(|s| s.name.as_deref() == Some("Open"))
        .unwrap()
        .id
        .value()
        .unwrap()
        .get();
    let junk_id = statuses
        .iter()
        .find(|s| s.name.as_deref() == Some("Junk"))
        .unwrap()
        .id
        .value()
        .unwrap()
        .get();
    let values = [
        (
            json!({"id": open_id, "name": "Open"}),
            json!({"name": "New"}),
        ),
        (json!(junk_id), json!(open_id)),
        (json!("New"), json!("Junk")),
    ];
    for (activity, (old, new)) in lead_activities.iter_mut().zip(values) {
        activity["old_value"] = old;
        activity["new_value"] = new;
    }
    let body = serde_json::to_vec(&answer).unwrap();
    let activities = request.read(&Response::new(200, &body)).unwrap();

    let history = activity::status_history(id, &activities, &catalog);
    assert!(history.unplaced.is_empty());
    let moves: Vec<(Option<&str>, &str, i64)> = history
        .changes
        .iter()
        .map(|c| {
            (
                c.from.as_ref().map(LeadStatus::as_str),
                c.to.as_str(),
                c.at.unix(),
            )
        })
        .collect();
    assert_eq!(
        moves,
        [
            (Some("New"), "Junk", 1489019856),
            (Some("Junk"), "Open", 1489019860),
            (Some("Open"), "New", 1489019921),
        ]
    );

    // The documented Test Lead, at New, replays Copper's history: reopening a Junk lead is
    // allowed, moving an Open (contacted) lead back to New is not, and the audit reports that
    // at its change's index; the lead ends as Copper has it, name and id together.
    let mut lead: Lead =
        copper_lead::from_slice(&fixture_bytes("docs_fetch_lead_by_id.json")).unwrap();
    let findings = lead.apply_history(&catalog, &history.changes);
    assert!(
        matches!(findings.as_slice(), [ReplayError::Illegal { index: 2, .. }]),
        "{findings:?}"
    );
    assert_eq!(lead.status.value().map(LeadStatus::as_str), Some("New"));
    let new = statuses
        .iter()
        .find(|s| s.name.as_deref() == Some("New"))
        .unwrap();
    assert_eq!(lead.status_id.value(), new.id.value());
    assert_eq!(
        lead.date_modified.value().map(|t| t.unix()),
        Some(1489019921)
    );
}

/// Values that are not statuses of the catalog are another property's change, counted; a
/// change without a date cannot be ordered and is listed.
#[test]
fn other_properties_and_undated_changes_are_told_apart() {
    let id = LeadId::new(7);
    let activity = |old: Value, new: Value, date: Option<i64>| {
        let mut json = json!({"parent": {"id": 7, "type": "lead"}, "type": {"id": 1, "category": "system"},
            "old_value": old, "new_value": new});
        if let Some(date) = date {
            json["activity_date"] = json!(date);
        }
        serde_json::from_value::<Activity>(json).unwrap()
    };
    let activities = [
        activity(json!("Ada"), json!("Grace"), Some(10)),
        activity(
            json!({"id": 137658, "name": "John Doe"}),
            json!(null),
            Some(11),
        ),
        activity(json!("New"), json!("Open"), None),
        activity(json!(null), json!("Open"), Some(12)),
    ];
    let history = activity::status_history(id, &activities, StatusCatalog::stock());
    assert_eq!(history.other_properties, 2);
    assert_eq!(history.unplaced.len(), 1);
    assert_eq!(history.unplaced[0].why, UnplacedReason::NoDate);
    assert_eq!(history.changes.len(), 1);
    assert_eq!(history.changes[0].from, None);
    assert_eq!(history.changes[0].to, LeadStatus::Open);
}

#[test]
fn one_subscription_is_fetched_and_updated_as_documented() {
    let request = webhook::subscription(SubscriptionId::new(25347));
    assert_eq!(
        (request.method(), request.path()),
        (Method::Get, "/webhooks/25347")
    );
    let found = read_documented(&request, "docs_webhook_subscription_response.json");
    assert_eq!(found.event.value(), Some(&WebhookEvent::Update));
    assert!(!format!("{found:?}").contains("hook_source"));

    let change = Subscription::default()
        .target("https://your.endpoint.here")
        .secret(BTreeMap::from([
            ("secret".to_owned(), "hook_source".to_owned()),
            ("key".to_owned(), "copper_notifications".to_owned()),
        ]))
        .headers(BTreeMap::from([(
            "Authentication".to_owned(),
            "Bearer token".to_owned(),
        )]))
        .custom_field_computed_values(true);
    let request = webhook::update_subscription(SubscriptionId::new(17065), &change).unwrap();
    assert_eq!(
        (request.method(), request.path()),
        (Method::Put, "/webhooks/17065")
    );
    assert!(request.is_idempotent());
    assert_eq!(
        body_json(&request),
        fixture_json("docs_webhook_update_request.json")
    );
    let debug = format!("{request:?}");
    assert!(
        !debug.contains("Bearer") && !debug.contains("hook_source"),
        "{debug}"
    );
    let updated = read_documented(&request, "docs_webhook_update_response.json");
    assert_eq!(updated.kind.value(), Some(&WebhookType::Lead));

    // A subscription read from Copper, changed and sent back: its type and event cannot
    // change, and are refused rather than dropped.
    assert_eq!(
        webhook::update_subscription(SubscriptionId::new(17065), &updated).unwrap_err(),
        SubscriptionError::Unchangeable("type")
    );
    let cases = [
        (Subscription::default(), SubscriptionError::NothingToChange),
        (
            Subscription::default().event(WebhookEvent::New),
            SubscriptionError::Unchangeable("event"),
        ),
        (
            Subscription::default().target("http://your.endpoint.here"),
            SubscriptionError::NotHttps("http://your.endpoint.here".to_owned()),
        ),
        (
            Subscription::default().secret(BTreeMap::from([("ids".to_owned(), "x".to_owned())])),
            SubscriptionError::SecretKey("ids".to_owned()),
        ),
    ];
    for (change, expected) in cases {
        assert_eq!(
            webhook::update_subscription(SubscriptionId::new(1), &change).unwrap_err(),
            expected
        );
    }
    assert!(matches!(
        webhook::update_subscription(
            SubscriptionId::new(1),
            &Subscription::default().target("https://a@b.example")
        ),
        Err(SubscriptionError::InvalidTarget { .. })
    ));
}

#[test]
fn one_definition_and_one_pipelines_stages_read_as_documented() {
    let request = lookup::custom_field_definition(CustomFieldDefinitionId::new(126240));
    assert_eq!(
        (request.method(), request.path()),
        (Method::Get, "/custom_field_definitions/126240")
    );
    let definition = read_documented(&request, "docs_custom_field_definition_response.json");
    assert_eq!(definition.name.as_deref(), Some("Color option"));
    assert_eq!(definition.options.value().map(Vec::len), Some(5));

    let request = lookup::pipeline_stages_of(PipelineId::new(213214));
    assert_eq!(
        (request.method(), request.path()),
        (Method::Get, "/pipeline_stages/pipeline/213214")
    );
    let stages = read_documented(&request, "docs_pipeline_stages_in_pipeline_response.json");
    assert_eq!(stages.len(), 5);
    assert!(
        stages
            .iter()
            .all(|s| s.pipeline_id.value() == Some(&PipelineId::new(213214)))
    );
}
