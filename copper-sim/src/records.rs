//! People, companies and opportunities: what the crate's lookups, conversion recovery,
//! follow-ups and undo plans read and write.

use copper_lead::{Company, Opportunity, Person};
use serde_json::{Map, Value, json};

use crate::leads::check_references;
use crate::reply::{Failure, Reply};
use crate::store::{self, Record};
use crate::webhooks;
use crate::{Ctx, Sim};

/// A kind of record below `/people`, `/companies` or `/opportunities`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Person,
    Company,
    Opportunity,
}

impl Kind {
    pub(crate) fn of(collection: &str) -> Result<Kind, Failure> {
        match collection {
            "people" => Ok(Kind::Person),
            "companies" => Ok(Kind::Company),
            "opportunities" => Ok(Kind::Opportunity),
            _ => Err(Failure::not_found()),
        }
    }

    /// The name custom field definitions and webhooks use for it.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Kind::Person => "person",
            Kind::Company => "company",
            Kind::Opportunity => "opportunity",
        }
    }

    fn records(self, sim: &Sim) -> &std::collections::BTreeMap<u64, Record> {
        match self {
            Kind::Person => &sim.store.people,
            Kind::Company => &sim.store.companies,
            Kind::Opportunity => &sim.store.opportunities,
        }
    }

    fn records_mut(self, sim: &mut Sim) -> &mut std::collections::BTreeMap<u64, Record> {
        match self {
            Kind::Person => &mut sim.store.people,
            Kind::Company => &mut sim.store.companies,
            Kind::Opportunity => &mut sim.store.opportunities,
        }
    }

    /// Reads a body as the crate's record, as Copper refuses a body of the wrong shape.
    fn check_shape(self, body: &Record) -> Result<(), Failure> {
        let value = Value::Object(body.0.clone());
        let read = match self {
            Kind::Person => copper_lead::from_value::<Person>(&value).map(|_| ()),
            Kind::Company => copper_lead::from_value::<Company>(&value).map(|_| ()),
            Kind::Opportunity => copper_lead::from_value::<Opportunity>(&value).map(|_| ()),
        };
        read.map_err(|err| Failure::invalid(&err.to_string()))
    }
}

/// Keys Copper sets itself on people, companies and opportunities.
const READ_ONLY: [&str; 7] = [
    "id",
    "date_created",
    "date_modified",
    "interaction_count",
    "date_last_contacted",
    "leads_converted_from",
    "date_lead_created",
];

/// `GET /people/{id}` and the others.
pub(crate) fn fetch(sim: &Sim, kind: Kind, id: u64) -> Result<Reply, Failure> {
    kind.records(sim)
        .get(&id)
        .map(|r| Reply::json(200, r))
        .ok_or_else(Failure::not_found)
}

/// `PUT /people/{id}` and the others: the same rules as a lead's update.
pub(crate) fn update(
    sim: &mut Sim,
    kind: Kind,
    id: u64,
    body: &Value,
    ctx: Ctx,
) -> Result<Reply, Failure> {
    let body = body
        .as_object()
        .map(|map| Record(map.clone()))
        .ok_or_else(|| Failure::invalid("the body must be a JSON object"))?;
    kind.check_shape(&body)?;
    check_references(sim, &body, kind.name())?;
    if kind == Kind::Opportunity {
        check_stage(sim, id, &body)?;
    }
    let mut record = kind
        .records(sim)
        .get(&id)
        .cloned()
        .ok_or_else(Failure::not_found)?;
    let changes = store::merge(&mut record, &body, &READ_ONLY);
    if !changes.is_empty() {
        record.insert("date_modified".into(), json!(ctx.now()));
        let updated: Map<String, Value> = changes
            .iter()
            .map(|(k, old, new)| (k.clone(), json!([old, new])))
            .collect();
        kind.records_mut(sim).insert(id, record.clone());
        webhooks::notify(sim, kind.name(), "update", id, &updated, ctx.now_ms);
    }
    Ok(Reply::json(200, &record))
}

/// An opportunity's stage belongs to its pipeline.
fn check_stage(sim: &Sim, id: u64, body: &Record) -> Result<(), Failure> {
    let current = sim.store.opportunities.get(&id);
    let pipeline = body
        .get("pipeline_id")
        .or_else(|| current.and_then(|o| o.get("pipeline_id")))
        .and_then(Value::as_u64);
    let Some(pipeline) = pipeline else {
        return Ok(());
    };
    let Some(definition) = sim.account.pipeline(pipeline) else {
        return Err(Failure::invalid(&format!(
            "pipeline {pipeline} does not exist"
        )));
    };
    if let Some(stage) = body.get("pipeline_stage_id").and_then(Value::as_u64) {
        let known = definition["stages"]
            .as_array()
            .is_some_and(|s| s.iter().any(|s| s["id"].as_u64() == Some(stage)));
        if !known {
            return Err(Failure::invalid(&format!(
                "stage {stage} is not a stage of pipeline {pipeline}"
            )));
        }
    }
    Ok(())
}

/// `DELETE /people/{id}` and the others: `{"id": ...}`.
pub(crate) fn delete(sim: &mut Sim, kind: Kind, id: u64, ctx: Ctx) -> Result<Reply, Failure> {
    kind.records_mut(sim)
        .remove(&id)
        .ok_or_else(Failure::not_found)?;
    webhooks::notify(sim, kind.name(), "delete", id, &Map::new(), ctx.now_ms);
    Ok(Reply::json(200, &json!({"id": id})))
}

/// Whether a person has this email among theirs, ignoring case.
pub(crate) fn person_has_email(person: &Record, email: &str) -> bool {
    person["emails"].as_array().is_some_and(|emails| {
        emails.iter().any(|e| {
            e["email"]
                .as_str()
                .is_some_and(|x| x.eq_ignore_ascii_case(email))
        })
    })
}

/// `POST /people/fetch_by_email`.
pub(crate) fn person_by_email(sim: &Sim, body: &Value) -> Result<Reply, Failure> {
    let email = body["email"]
        .as_str()
        .ok_or_else(|| Failure::invalid("email is required"))?;
    sim.store
        .people
        .values()
        .find(|p| person_has_email(p, email))
        .map(|p| Reply::json(200, p))
        .ok_or_else(Failure::not_found)
}

/// One page of matches, with `X-PW-TOTAL`.
fn page(body: &Value, matches: Vec<&Record>) -> Result<Reply, Failure> {
    let size = body["page_size"].as_u64().unwrap_or(20);
    let number = body["page_number"].as_u64().unwrap_or(1);
    if !(1..=200).contains(&size) || number == 0 {
        return Err(Failure::invalid(
            "page_size is 1 to 200, page_number from 1",
        ));
    }
    let total = matches.len();
    let skip = usize::try_from((number - 1).saturating_mul(size)).unwrap_or(usize::MAX);
    let page: Vec<&Record> = matches
        .into_iter()
        .skip(skip)
        .take(usize::try_from(size).unwrap_or(usize::MAX))
        .collect();
    Ok(Reply::json(200, &page).header("X-PW-TOTAL", total.to_string()))
}

fn text_matches(record: &Record, key: &str, wanted: Option<&str>) -> bool {
    wanted.is_none_or(|w| {
        record[key]
            .as_str()
            .is_some_and(|v| v.to_lowercase().contains(&w.to_lowercase()))
    })
}

fn id_matches(record: &Record, wanted: &Value) -> bool {
    match wanted.as_array() {
        Some(ids) if !ids.is_empty() => ids.contains(&record["id"]),
        _ => true,
    }
}

/// `POST /people/search`: by `ids`, `name` and `emails`.
pub(crate) fn search_people(sim: &Sim, body: &Value) -> Result<Reply, Failure> {
    let emails: Vec<&str> = match &body["emails"] {
        Value::String(one) => vec![one.as_str()],
        Value::Array(many) => many.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    let matches = sim
        .store
        .people
        .values()
        .filter(|p| id_matches(p, &body["ids"]))
        .filter(|p| text_matches(p, "name", body["name"].as_str()))
        .filter(|p| emails.is_empty() || emails.iter().any(|e| person_has_email(p, e)))
        .collect();
    page(body, matches)
}

/// `POST /companies/search`: by `ids`, `name` and `email_domains`.
pub(crate) fn search_companies(sim: &Sim, body: &Value) -> Result<Reply, Failure> {
    let domains: Vec<&str> = match &body["email_domains"] {
        Value::String(one) => vec![one.as_str()],
        Value::Array(many) => many.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    let matches = sim
        .store
        .companies
        .values()
        .filter(|c| id_matches(c, &body["ids"]))
        .filter(|c| text_matches(c, "name", body["name"].as_str()))
        .filter(|c| {
            domains.is_empty()
                || domains.iter().any(|d| {
                    c["email_domain"]
                        .as_str()
                        .is_some_and(|x| x.eq_ignore_ascii_case(d))
                })
        })
        .collect();
    page(body, matches)
}

/// `POST /opportunities/search`: by `ids`, `name` and `pipeline_ids`.
pub(crate) fn search_opportunities(sim: &Sim, body: &Value) -> Result<Reply, Failure> {
    let pipelines: Vec<&Value> = body["pipeline_ids"]
        .as_array()
        .into_iter()
        .flatten()
        .collect();
    let matches = sim
        .store
        .opportunities
        .values()
        .filter(|o| id_matches(o, &body["ids"]))
        .filter(|o| text_matches(o, "name", body["name"].as_str()))
        .filter(|o| pipelines.is_empty() || pipelines.contains(&&o["pipeline_id"]))
        .collect();
    page(body, matches)
}
