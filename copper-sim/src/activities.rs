//! Activities: the ones people log, and the "Property Changed" records Copper makes.

use serde_json::{Value, json};

use crate::reply::{Failure, Reply};
use crate::store::{IdKind, Record};
use crate::{Ctx, Sim};

fn activity(sim: &mut Sim, fields: Record) -> Record {
    let id = sim.store.new_id(IdKind::Activity);
    let mut record = Record::new();
    record.insert("id".into(), json!(id));
    record.extend(fields.0);
    sim.store.activities.insert(id, record.clone());
    record
}

/// Records a lead's status change as Copper does: a system activity "Property Changed"
/// (`{"id": 1, "category": "system"}`) with the status before and after. Copper documents
/// the two values as objects and has published none; the simulator writes
/// `{"id": 208232, "name": "Open"}`.
pub(crate) fn property_changed(sim: &mut Sim, lead: u64, old: &Value, new: &Value, ctx: Ctx) {
    let now = ctx.now();
    let fields = json!({
        "parent": {"id": lead, "type": "lead"},
        "type": {"id": 1, "category": "system"},
        "user_id": ctx.user,
        "details": null,
        "activity_date": now,
        "old_value": old,
        "new_value": new,
        "date_created": now,
        "date_modified": now,
    });
    activity(sim, Record::of(fields));
}

/// Whether the account has the record a parent names (projects and tasks are not simulated:
/// any id is taken).
fn parent_exists(sim: &Sim, kind: &str, id: u64) -> bool {
    match kind {
        "lead" => sim.store.live_lead(id).is_some(),
        "person" => sim.store.people.contains_key(&id),
        "company" => sim.store.companies.contains_key(&id),
        "opportunity" => sim.store.opportunities.contains_key(&id),
        _ => true,
    }
}

/// `POST /activities`: user activities only ("System type Activities are read-only").
pub(crate) fn create(sim: &mut Sim, body: &Value, ctx: Ctx) -> Result<Reply, Failure> {
    let parent = &body["parent"];
    let (Some(parent_id), Some(kind)) = (parent["id"].as_u64(), parent["type"].as_str()) else {
        return Err(Failure::invalid("parent is required"));
    };
    // The kinds of record an activity may belong to: the crate's `EntityType`.
    if !copper_lead::EntityType::from(kind).is_known() {
        return Err(Failure::invalid(&format!("{kind} cannot have activities")));
    }
    if !parent_exists(sim, kind, parent_id) {
        return Err(Failure::not_found());
    }
    let category = body["type"]["category"].as_str();
    let type_id = body["type"]["id"].as_u64();
    match (category, type_id) {
        (Some("user"), Some(id)) => {
            let known = sim.account.activity_types["user"]
                .as_array()
                .is_some_and(|types| {
                    types
                        .iter()
                        .any(|t| t["id"].as_u64() == Some(id) && t["is_disabled"] != true)
                });
            if !known {
                return Err(Failure::invalid(&format!(
                    "activity type {id} does not exist"
                )));
            }
        }
        (Some("system"), _) => {
            return Err(Failure::invalid("system activities are read-only"));
        }
        _ => return Err(Failure::invalid("type is required")),
    }
    if !body["details"].is_string() {
        return Err(Failure::invalid("details is required"));
    }
    let now = ctx.now();
    let fields = json!({
        "parent": {"id": parent_id, "type": kind},
        "type": {"id": type_id, "category": "user"},
        "user_id": body.get("user_id").cloned().unwrap_or(json!(ctx.user)),
        "details": body["details"],
        "activity_date": body.get("activity_date").cloned().unwrap_or(json!(now)),
        "old_value": null,
        "new_value": null,
        "date_created": now,
        "date_modified": now,
    });
    Ok(Reply::json(200, &activity(sim, Record::of(fields))))
}

/// `POST /leads/{id}/activities`: the lead's activities, newest first, filtered by type and
/// activity date, one page (20 by default, at most 200). A converted lead's stay readable.
pub(crate) fn of_lead(sim: &Sim, lead: u64, body: &Value) -> Result<Reply, Failure> {
    if !sim.store.leads.contains_key(&lead) {
        return Err(Failure::not_found());
    }
    let types: Vec<(u64, String)> = body["activity_types"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|t| Some((t["id"].as_u64()?, t["category"].as_str()?.to_owned())))
        .collect();
    let min = body["minimum_activity_date"].as_u64();
    let max = body["maximum_activity_date"].as_u64();
    let size = body["page_size"].as_u64().unwrap_or(20);
    let number = body["page_number"].as_u64().unwrap_or(1);
    if !(1..=200).contains(&size) || number == 0 {
        return Err(Failure::invalid(
            "page_size is 1 to 200, page_number from 1",
        ));
    }
    let mut found: Vec<&Record> = sim
        .store
        .activities
        .values()
        .filter(|a| a["parent"]["type"] == "lead" && a["parent"]["id"].as_u64() == Some(lead))
        .filter(|a| {
            types.is_empty()
                || types.iter().any(|(id, category)| {
                    a["type"]["id"].as_u64() == Some(*id)
                        && a["type"]["category"] == category.as_str()
                })
        })
        .filter(|a| {
            let date = a["activity_date"].as_u64().unwrap_or(0);
            min.is_none_or(|m| date >= m) && max.is_none_or(|m| date <= m)
        })
        .collect();
    found.sort_by_key(|a| std::cmp::Reverse((a["activity_date"].as_u64(), a["id"].as_u64())));
    let skip = usize::try_from((number - 1).saturating_mul(size)).unwrap_or(usize::MAX);
    let page: Vec<&Record> = found
        .into_iter()
        .skip(skip)
        .take(usize::try_from(size).unwrap_or(usize::MAX))
        .collect();
    Ok(Reply::json(200, &page))
}
