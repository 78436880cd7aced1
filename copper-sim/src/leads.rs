//! Leads: fetch, create, update, delete, upsert and the bulk endpoints.

use copper_lead::Lead;
use serde_json::{Map, Value, json};

use crate::activities;
use crate::reply::{Failure, Reply};
use crate::store::{self, Changes, IdKind, Record};
use crate::webhooks;
use crate::{Ctx, Sim};

/// A key's value on a new lead.
type Fill = fn() -> Value;

/// Every key of a lead Copper answers with, in the order of its docs; a new lead has each,
/// `null` or `[]` when not given.
const LEAD_DEFAULTS: [(&str, Fill); 28] = [
    ("prefix", null),
    ("first_name", null),
    ("last_name", null),
    ("middle_name", null),
    ("suffix", null),
    ("address", null),
    ("assignee_id", null),
    ("company_name", null),
    ("customer_source_id", null),
    ("details", null),
    ("email", null),
    ("interaction_count", zero),
    ("monetary_unit", null),
    ("monetary_value", null),
    ("converted_unit", null),
    ("converted_value", null),
    ("socials", empty),
    ("tags", empty),
    ("title", null),
    ("websites", empty),
    ("phone_numbers", empty),
    ("custom_fields", empty),
    ("date_created", null),
    ("date_modified", null),
    ("date_last_contacted", null),
    ("converted_opportunity_id", null),
    ("converted_contact_id", null),
    ("converted_at", null),
];

fn null() -> Value {
    Value::Null
}
fn zero() -> Value {
    json!(0)
}
fn empty() -> Value {
    json!([])
}

/// Reads a body as a lead, as Copper would refuse a body of the wrong shape.
fn check_shape(body: &Record) -> Result<(), Failure> {
    copper_lead::from_value::<Lead>(&Value::Object(body.0.clone()))
        .map(|_| ())
        .map_err(|err| Failure::invalid(&err.to_string()))
}

/// Checks the values that name other records of the account: the status, the assignee, the
/// customer source and custom fields.
pub(crate) fn check_references(sim: &Sim, body: &Record, kind: &str) -> Result<(), Failure> {
    if let Some(id) = body.get("assignee_id").and_then(Value::as_u64)
        && !sim.account.has_user(id)
    {
        return Err(Failure::invalid(&format!("assignee_id {id} is not a user")));
    }
    if let Some(id) = body.get("customer_source_id").and_then(Value::as_u64)
        && !sim.account.has_customer_source(id)
    {
        return Err(Failure::invalid(&format!(
            "customer_source_id {id} is not a customer source"
        )));
    }
    if let Some(id) = body.get("contact_type_id").and_then(Value::as_u64)
        && !sim.account.has_contact_type(id)
    {
        return Err(Failure::invalid(&format!(
            "contact_type_id {id} is not a contact type"
        )));
    }
    let available = sim.account.definitions_on(kind);
    for value in body
        .get("custom_fields")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let Some(id) = value["custom_field_definition_id"].as_u64() else {
            return Err(Failure::invalid("custom_field_definition_id is required"));
        };
        let Some(definition) = sim.account.definition(id) else {
            return Err(Failure::invalid(&format!(
                "custom field definition {id} does not exist"
            )));
        };
        if !available.contains(&id) {
            return Err(Failure::invalid(&format!(
                "custom field definition {id} is not available on {kind}"
            )));
        }
        check_option(definition, &value["value"])?;
    }
    Ok(())
}

/// A Dropdown or MultiSelect value names options of its definition.
fn check_option(definition: &Value, value: &Value) -> Result<(), Failure> {
    let options: Vec<u64> = definition["options"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|o| o["id"].as_u64())
        .collect();
    let chosen: Vec<&Value> = match (definition["data_type"].as_str(), value) {
        (_, Value::Null) => Vec::new(),
        (Some("Dropdown"), v) => vec![v],
        (Some("MultiSelect"), Value::Array(ids)) => ids.iter().collect(),
        _ => Vec::new(),
    };
    for option in chosen {
        if !option.as_u64().is_some_and(|id| options.contains(&id)) {
            return Err(Failure::invalid(&format!(
                "{option} is not an option of custom field {}",
                definition["id"]
            )));
        }
    }
    Ok(())
}

/// The status a body asks for, as the account's id and name: by `status` (a name, ignoring
/// case), by `status_id`, or both when they agree.
fn requested_status(sim: &Sim, body: &Record) -> Result<Option<(u64, String)>, Failure> {
    let by_name = match body.get("status") {
        None => None,
        Some(Value::String(name)) => Some(
            sim.account
                .status_named(name)
                .ok_or_else(|| Failure::invalid(&format!("status {name:?} does not exist")))?,
        ),
        Some(_) => return Err(Failure::invalid("status must be a status name")),
    };
    let by_id = match body.get("status_id") {
        None => None,
        Some(Value::Number(n)) => Some(
            n.as_u64()
                .and_then(|id| sim.account.status_by_id(id))
                .ok_or_else(|| Failure::invalid(&format!("status_id {n} does not exist")))?,
        ),
        Some(_) => return Err(Failure::invalid("status_id must be a status id")),
    };
    match (by_name, by_id) {
        (Some(a), Some(b)) if a != b => Err(Failure::invalid(
            "status and status_id name different statuses",
        )),
        (a, b) => Ok(a.or(b).map(|(id, name)| (id, name.to_owned()))),
    }
}

/// Writes a body onto a lead (new or existing): the keys sent, the status with its id, the
/// name's parts when the name changes. Returns what changed. Nothing is written when the
/// body is refused.
fn write(sim: &Sim, lead: &mut Record, body: &Record, now: u64) -> Result<Changes, Failure> {
    check_shape(body)?;
    if body.contains_key("name") && body["name"].as_str().is_none_or(|n| n.trim().is_empty()) {
        return Err(Failure::invalid("name is required"));
    }
    check_references(sim, body, "lead")?;
    let status = requested_status(sim, body)?;
    let mut plain = body.clone();
    plain.remove("status");
    plain.remove("status_id");
    let mut changes = store::merge(lead, &plain, copper_lead::leads::READ_ONLY_KEYS);
    if let Some((id, name)) = status {
        let old = (lead.get("status").cloned(), lead.get("status_id").cloned());
        if old != (Some(json!(name)), Some(json!(id))) {
            lead.insert("status".into(), json!(name));
            lead.insert("status_id".into(), json!(id));
            changes.push(("status".into(), old.0.unwrap_or(Value::Null), json!(name)));
        }
    }
    let named = body.contains_key("name")
        && !["first_name", "last_name"]
            .iter()
            .any(|k| body.contains_key(*k));
    if named && changes.iter().any(|(k, _, _)| k == "name") {
        let (first, last) = store::name_parts(lead["name"].as_str().unwrap_or_default());
        lead.insert("first_name".into(), first);
        lead.insert("last_name".into(), last);
    }
    if !changes.is_empty() {
        lead.insert("date_modified".into(), json!(now));
    }
    Ok(changes)
}

/// Records a status change as Copper does: a "Property Changed" activity and, with the other
/// changes, an update notification.
fn after_update(sim: &mut Sim, id: u64, changes: &Changes, ctx: Ctx) {
    if changes.is_empty() {
        return;
    }
    if let Some((_, old, new)) = changes.iter().find(|(k, _, _)| k == "status") {
        let status = |v: &Value| {
            v.as_str()
                .and_then(|n| sim.account.status_named(n))
                .map_or(Value::Null, |(id, name)| json!({"id": id, "name": name}))
        };
        let (old, new) = (status(old), status(new));
        activities::property_changed(sim, id, &old, &new, ctx);
    }
    let updated: Map<String, Value> = changes
        .iter()
        .map(|(k, old, new)| (k.clone(), json!([old, new])))
        .collect();
    webhooks::notify(sim, "lead", "update", id, &updated, ctx.now_ms);
}

/// `GET /leads/{id}`: a converted or deleted lead is gone (`404`).
pub(crate) fn fetch(sim: &Sim, id: u64) -> Result<Reply, Failure> {
    sim.store
        .live_lead(id)
        .map(|lead| Reply::json(200, lead))
        .ok_or_else(Failure::not_found)
}

fn new_lead(sim: &mut Sim, body: &Record, ctx: Ctx) -> Result<Record, Failure> {
    if body["name"].as_str().is_none_or(|n| n.trim().is_empty()) {
        return Err(Failure::invalid("name is required"));
    }
    let mut lead = Record::new();
    for (key, default) in LEAD_DEFAULTS {
        lead.insert(key.into(), default());
    }
    if let Some((id, name)) = sim.account.default_status() {
        lead.insert("status".into(), json!(name));
        lead.insert("status_id".into(), json!(id));
    }
    let mut body = body.clone();
    if let Some(sent) = body.get("custom_fields").cloned() {
        // Every definition available on leads, `null` unless sent (Copper's create answer).
        let all = store::all_custom_fields(Some(&sent), &sim.account.definitions_on("lead"));
        body.insert("custom_fields".into(), all);
    } else {
        let all = store::all_custom_fields(None, &sim.account.definitions_on("lead"));
        lead.insert("custom_fields".into(), all);
    }
    write(sim, &mut lead, &body, ctx.now())?;
    let id = sim.store.new_id(IdKind::Lead);
    lead.insert("id".into(), json!(id));
    lead.insert("date_created".into(), json!(ctx.now()));
    lead.insert("date_modified".into(), json!(ctx.now()));
    sim.store.leads.insert(id, lead.clone());
    webhooks::notify(sim, "lead", "new", id, &Map::new(), ctx.now_ms);
    Ok(lead)
}

fn as_record(body: &Value) -> Result<Record, Failure> {
    body.as_object()
        .map(|map| Record(map.clone()))
        .ok_or_else(|| Failure::invalid("the body must be a JSON object"))
}

/// `POST /leads`.
pub(crate) fn create(sim: &mut Sim, body: &Value, ctx: Ctx) -> Result<Reply, Failure> {
    let lead = new_lead(sim, &as_record(body)?, ctx)?;
    Ok(Reply::json(200, &lead))
}

fn update_lead(sim: &mut Sim, id: u64, body: &Record, ctx: Ctx) -> Result<Record, Failure> {
    let mut lead = sim
        .store
        .live_lead(id)
        .cloned()
        .ok_or_else(Failure::not_found)?;
    let changes = write(sim, &mut lead, body, ctx.now())?;
    sim.store.leads.insert(id, lead.clone());
    after_update(sim, id, &changes, ctx);
    Ok(lead)
}

/// `PUT /leads/{id}`.
pub(crate) fn update(sim: &mut Sim, id: u64, body: &Value, ctx: Ctx) -> Result<Reply, Failure> {
    let lead = update_lead(sim, id, &as_record(body)?, ctx)?;
    Ok(Reply::json(200, &lead))
}

/// `DELETE /leads/{id}`.
pub(crate) fn delete(sim: &mut Sim, id: u64, ctx: Ctx) -> Result<Reply, Failure> {
    if sim.store.live_lead(id).is_none() {
        return Err(Failure::not_found());
    }
    sim.store.leads.remove(&id);
    webhooks::notify(sim, "lead", "delete", id, &Map::new(), ctx.now_ms);
    Ok(Reply::json(200, &json!({"id": id})))
}

/// The most matches whose ids an ambiguous upsert lists (Copper's docs).
const MAX_LISTED_MATCHES: usize = 30;

/// `PUT /leads/upsert`: `{"properties": {...}, "match": {"field_name", "field_value"}}`.
pub(crate) fn upsert(sim: &mut Sim, body: &Value, ctx: Ctx) -> Result<Reply, Failure> {
    let properties = body
        .get("properties")
        .and_then(Value::as_object)
        .ok_or_else(|| Failure::invalid("properties is required"))?;
    let by = &body["match"];
    let value = &by["field_value"];
    let matches: Vec<u64> = match by["field_name"].as_str() {
        Some("email") => {
            let email = value
                .as_str()
                .ok_or_else(|| Failure::invalid("field_value must be an email"))?;
            live_leads(sim)
                .filter(|(_, l)| {
                    l["email"]["email"]
                        .as_str()
                        .is_some_and(|e| e.eq_ignore_ascii_case(email))
                })
                .map(|(id, _)| id)
                .collect()
        }
        Some("name") => {
            let name = value
                .as_str()
                .ok_or_else(|| Failure::invalid("field_value must be a name"))?;
            live_leads(sim)
                .filter(|(_, l)| {
                    l["name"]
                        .as_str()
                        .is_some_and(|n| n.eq_ignore_ascii_case(name))
                })
                .map(|(id, _)| id)
                .collect()
        }
        Some("custom") => {
            let definition = &value["custom_field_definition_id"];
            if !definition.is_u64() {
                return Err(Failure::invalid(
                    "field_value needs custom_field_definition_id and value",
                ));
            }
            live_leads(sim)
                .filter(|(_, l)| {
                    l["custom_fields"].as_array().is_some_and(|values| {
                        values.iter().any(|v| {
                            &v["custom_field_definition_id"] == definition
                                && v["value"] == value["value"]
                                && !v["value"].is_null()
                        })
                    })
                })
                .map(|(id, _)| id)
                .collect()
        }
        _ => {
            return Err(Failure::invalid(
                "match.field_name must be name, email or custom",
            ));
        }
    };
    match matches.as_slice() {
        [] => create(sim, &Value::Object(properties.clone()), ctx),
        [id] => update(sim, *id, &Value::Object(properties.clone()), ctx),
        many if many.len() > MAX_LISTED_MATCHES => Err(Failure::invalid(
            "more than 30 matches found for the match criteria",
        )),
        many => Err(
            Failure::invalid("multiple matches found for the match criteria")
                .with("ids", json!(many)),
        ),
    }
}

fn live_leads(sim: &Sim) -> impl Iterator<Item = (u64, &Record)> {
    sim.store
        .leads
        .iter()
        .filter(|(id, _)| !sim.store.converted.contains(id))
        .map(|(id, l)| (*id, l))
}

/// The most leads a bulk request takes (Copper's docs).
const BULK_LIMIT: usize = 10;

fn bulk_items(body: &Value) -> Result<&Vec<Value>, Failure> {
    let items = body
        .get("leads")
        .and_then(Value::as_array)
        .ok_or_else(|| Failure::invalid("leads is required"))?;
    if items.is_empty() || items.len() > BULK_LIMIT {
        return Err(Failure::invalid("a bulk request takes 1 to 10 leads"));
    }
    Ok(items)
}

/// A refused item of a bulk request: `{"success": false, "message": {...}}`, the message an
/// object of errors as Copper documents it.
fn bulk_failure(id: Option<u64>, failure: &Failure) -> Value {
    let mut item = json!({"success": false, "message": {"lead": [{"error": failure.message()}]}});
    if let Some(id) = id {
        item["id"] = json!(id);
    }
    item
}

/// `POST /leads/bulk_create`: each lead created or refused on its own.
pub(crate) fn bulk_create(sim: &mut Sim, body: &Value, ctx: Ctx) -> Result<Reply, Failure> {
    let items = bulk_items(body)?.clone();
    let results: Vec<Value> = items
        .iter()
        .map(
            |item| match as_record(item).and_then(|r| new_lead(sim, &r, ctx)) {
                Ok(lead) => Value::from(lead),
                Err(failure) => bulk_failure(None, &failure),
            },
        )
        .collect();
    Ok(Reply::json(200, &results))
}

/// `POST /leads/bulk_update`: `{"leads": [{"id": ..., ...}]}`, each updated or refused.
pub(crate) fn bulk_update(sim: &mut Sim, body: &Value, ctx: Ctx) -> Result<Reply, Failure> {
    let items = bulk_items(body)?.clone();
    let results: Vec<Value> = items
        .iter()
        .map(|item| {
            let id = item["id"].as_u64();
            let result = match (id, as_record(item)) {
                (Some(id), Ok(mut fields)) => {
                    fields.remove("id");
                    update_lead(sim, id, &fields, ctx)
                }
                (_, Err(failure)) => Err(failure),
                (None, _) => Err(Failure::invalid("id is required")),
            };
            match result {
                Ok(lead) => Value::from(lead),
                Err(failure) => bulk_failure(id, &failure),
            }
        })
        .collect();
    Ok(Reply::json(200, &results))
}

/// Adds a lead from an export, keeping its id and values; the keys Copper always answers with
/// and the export lacks are filled in as on a new lead (a status's id from its name).
pub(crate) fn load(sim: &mut Sim, mut lead: Record, now_ms: u64) {
    for (key, fill) in LEAD_DEFAULTS {
        lead.entry(key).or_insert_with(fill);
    }
    if lead["status_id"].is_null() {
        let status = lead["status"]
            .as_str()
            .and_then(|n| sim.account.status_named(n));
        if let Some((id, name)) = status {
            lead.insert("status_id".into(), json!(id));
            lead.insert("status".into(), json!(name));
        }
    }
    let id = if let Some(id) = lead.get("id").and_then(Value::as_u64) {
        sim.store.saw_id(IdKind::Lead, id);
        id
    } else {
        let id = sim.store.new_id(IdKind::Lead);
        lead.insert("id".into(), json!(id));
        id
    };
    lead.entry("date_created").or_insert(json!(now_ms / 1000));
    lead.entry("date_modified").or_insert(json!(now_ms / 1000));
    sim.store.leads.insert(id, lead);
}
