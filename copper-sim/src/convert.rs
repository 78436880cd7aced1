//! `POST /leads/{id}/convert`: a lead becomes a person (reused when one has its email), a
//! company (by id, by name, none, or made from the lead) and, when asked, an opportunity.

use serde_json::{Map, Value, json};

use crate::records::person_has_email;
use crate::reply::{Failure, Reply};
use crate::store::{self, IdKind, Record};
use crate::webhooks;
use crate::{Ctx, Sim};

/// The company a conversion attaches: an existing one, a new one to make, or none.
enum CompanyPlan {
    Existing(u64),
    New(String),
    None,
}

fn email_of(lead: &Record) -> Option<String> {
    lead["email"]["email"].as_str().map(str::to_owned)
}

/// The domain of an email when it names a company: not a public mailbox provider, by the
/// crate's list (Copper's own is not published; the crate's is what its conversion predicts).
fn company_domain(email: Option<&str>) -> Option<String> {
    let domain = email?.rsplit_once('@')?.1.to_lowercase();
    (!copper_lead::convert::is_public_mailbox_domain(&domain)).then_some(domain)
}

/// A company name made from a domain, as Copper names one ("noemail.com": "Noemail").
fn name_from_domain(domain: &str) -> String {
    let label = domain.split('.').next().unwrap_or(domain);
    let mut chars = label.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

fn find_company(sim: &Sim, name: &str, exact: bool) -> Option<u64> {
    let wanted = name.to_lowercase();
    let hit = |c: &Record| {
        c["name"].as_str().is_some_and(|n| {
            let n = n.to_lowercase();
            if exact {
                n == wanted
            } else {
                n.contains(&wanted) || wanted.contains(&n)
            }
        })
    };
    sim.store
        .companies
        .iter()
        .find(|(_, c)| hit(c))
        .map(|(id, _)| *id)
}

fn plan_company(sim: &Sim, lead: &Record, details: &Value) -> Result<CompanyPlan, Failure> {
    match details.get("company") {
        None | Some(Value::Null) => {
            // Without a company, Copper still makes one (a live account shows it), named
            // after the lead's company or its email's domain (Copper's docs example).
            let domain = company_domain(email_of(lead).as_deref());
            let name = lead["company_name"]
                .as_str()
                .filter(|n| !n.trim().is_empty())
                .map(str::to_owned)
                .or_else(|| domain.as_deref().map(name_from_domain));
            Ok(match name {
                Some(name) => match find_company(sim, &name, true) {
                    Some(id) => CompanyPlan::Existing(id),
                    None => CompanyPlan::New(name),
                },
                None => CompanyPlan::None,
            })
        }
        Some(company) => {
            if let Some(id) = company.get("id") {
                let id = id
                    .as_u64()
                    .filter(|id| sim.store.companies.contains_key(id))
                    .ok_or_else(|| Failure::invalid(&format!("company {id} does not exist")))?;
                return Ok(CompanyPlan::Existing(id));
            }
            let name = company["name"]
                .as_str()
                .ok_or_else(|| Failure::invalid("company needs an id or a name"))?;
            if name.is_empty() {
                return Ok(CompanyPlan::None);
            }
            let exact = company["exact_match"].as_bool().unwrap_or(true);
            Ok(match find_company(sim, name, exact) {
                Some(id) => CompanyPlan::Existing(id),
                None => CompanyPlan::New(name.to_owned()),
            })
        }
    }
}

/// The lead's custom field values a record of `kind` takes: those of its definitions, and
/// only those (Copper's documented convert answer has the lead's two values on an
/// opportunity, not the account's third opportunity field).
fn custom_fields_for(sim: &Sim, lead: &Record, kind: &str) -> Value {
    let definitions = sim.account.definitions_on(kind);
    let values: Vec<Value> = lead["custom_fields"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|v| {
            v["custom_field_definition_id"]
                .as_u64()
                .is_some_and(|id| definitions.contains(&id))
        })
        .cloned()
        .collect();
    Value::Array(values)
}

fn object(value: Value) -> Record {
    Record::of(value)
}

/// The parts of a conversion, checked before anything is written.
struct Plan {
    lead: Record,
    person: Value,
    /// The opportunity's request and its stage.
    opportunity: Option<(Value, Option<u64>)>,
    company: CompanyPlan,
}

fn plan(sim: &Sim, lead: Record, body: &Value) -> Result<Plan, Failure> {
    let details = body.get("details").cloned().unwrap_or(json!({}));
    let person = details.get("person").cloned().unwrap_or(json!({}));
    for (key, what) in [("contact_type_id", "contact type"), ("assignee_id", "user")] {
        if let Some(value) = person.get(key).filter(|v| !v.is_null()) {
            let known = value.as_u64().is_some_and(|v| match key {
                "contact_type_id" => sim.account.has_contact_type(v),
                _ => sim.account.has_user(v),
            });
            if !known {
                return Err(Failure::invalid(&format!("{key} {value} is not a {what}")));
            }
        }
    }
    let opportunity = match details.get("opportunity").filter(|o| !o.is_null()) {
        None => None,
        Some(request) => {
            let pipeline = request["pipeline_id"]
                .as_u64()
                .and_then(|p| sim.account.pipeline(p))
                .ok_or_else(|| Failure::invalid("opportunity.pipeline_id is not a pipeline"))?;
            let stages: Vec<u64> = pipeline["stages"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|s| s["id"].as_u64())
                .collect();
            // A stage outside the pipeline gives its first stage (Copper's docs example asks
            // for 12345 and answers 987790, the first stage of pipeline 213214).
            let stage = request["pipeline_stage_id"]
                .as_u64()
                .filter(|s| stages.contains(s))
                .or(stages.first().copied());
            if request["name"].as_str().is_none_or(str::is_empty) {
                return Err(Failure::invalid("opportunity.name is required"));
            }
            Some((request.clone(), stage))
        }
    };
    let company = plan_company(sim, &lead, &details)?;
    Ok(Plan {
        lead,
        person,
        opportunity,
        company,
    })
}

/// Makes the company a plan names, if new; its id.
fn company(sim: &mut Sim, plan: &Plan, ctx: Ctx) -> Option<u64> {
    let lead = &plan.lead;
    match &plan.company {
        CompanyPlan::Existing(company) => Some(*company),
        CompanyPlan::None => None,
        CompanyPlan::New(name) => {
            let company = sim.store.new_id(IdKind::Company);
            let domain = company_domain(email_of(lead).as_deref());
            let work_phones: Vec<Value> = lead["phone_numbers"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|p| p["category"] == "work")
                .cloned()
                .collect();
            let now = ctx.now();
            let record = object(json!({
                "id": company, "name": name, "address": lead["address"],
                "assignee_id": ctx.user, "contact_type_id": sim.account.default_contact_type(),
                "details": null, "email_domain": domain, "phone_numbers": work_phones,
                "primary_contact_id": null, "socials": [], "tags": [],
                "websites": lead.get("websites").cloned().unwrap_or(json!([])),
                "custom_fields": custom_fields_for(sim, lead, "company"),
                "interaction_count": 0, "date_created": now, "date_modified": now,
            }));
            sim.store.companies.insert(company, record);
            webhooks::notify(sim, "company", "new", company, &Map::new(), ctx.now_ms);
            Some(company)
        }
    }
}

/// The person: the one with the lead's email (who keeps their own data and is attached to
/// the company), or a new one made from the lead; its id.
fn person(sim: &mut Sim, plan: &Plan, id: u64, company_id: Option<u64>, ctx: Ctx) -> u64 {
    let (lead, request, now) = (&plan.lead, &plan.person, ctx.now());
    let company_name = company_id
        .and_then(|c| sim.store.companies.get(&c))
        .map_or(Value::Null, |c| c["name"].clone());
    let converted_from = json!({"lead_id": id, "converted_timestamp": now});
    let existing = email_of(lead).and_then(|email| {
        sim.store
            .people
            .iter()
            .find(|(_, p)| person_has_email(p, &email))
            .map(|(id, _)| *id)
    });
    if let Some(person) = existing {
        if let Some(record) = sim.store.people.get_mut(&person) {
            if company_id.is_some() {
                record.insert("company_id".into(), json!(company_id));
                record.insert("company_name".into(), company_name);
            }
            let mut from = record
                .get("leads_converted_from")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            from.push(converted_from);
            record.insert("leads_converted_from".into(), Value::Array(from));
            record.insert("date_modified".into(), json!(now));
        }
        return person;
    }
    let person = sim.store.new_id(IdKind::Person);
    let name = request["name"]
        .as_str()
        .filter(|n| !n.trim().is_empty())
        .map_or_else(|| lead["name"].clone(), |n| json!(n));
    let (first, last) = store::name_parts(name.as_str().unwrap_or_default());
    let emails = lead
        .get("email")
        .filter(|e| e.is_object())
        .map_or(json!([]), |e| json!([e]));
    let pick = |key: &str| request.get(key).filter(|v| !v.is_null()).cloned();
    let items = |key: &str| lead.get(key).cloned().unwrap_or(json!([]));
    let record = object(json!({
        "id": person, "name": name, "prefix": null, "first_name": first,
        "middle_name": null, "last_name": last, "suffix": null, "address": lead["address"],
        "assignee_id": pick("assignee_id").unwrap_or_else(|| lead["assignee_id"].clone()),
        "company_id": company_id, "company_name": company_name,
        "contact_type_id": pick("contact_type_id")
            .or(sim.account.default_contact_type().map(Value::from)),
        "details": lead["details"], "emails": emails, "phone_numbers": items("phone_numbers"),
        "socials": items("socials"), "tags": items("tags"), "title": lead["title"],
        "websites": items("websites"), "custom_fields": custom_fields_for(sim, lead, "person"),
        "date_created": now, "date_modified": now, "date_last_contacted": null,
        "interaction_count": 0, "leads_converted_from": [converted_from],
        "date_lead_created": lead["date_created"],
    }));
    sim.store.people.insert(person, record);
    webhooks::notify(sim, "person", "new", person, &Map::new(), ctx.now_ms);
    person
}

/// The opportunity, when the request asks for one; its id.
fn opportunity(
    sim: &mut Sim,
    plan: &Plan,
    id: u64,
    company_id: Option<u64>,
    person: u64,
    ctx: Ctx,
) -> Option<u64> {
    let (request, stage) = plan.opportunity.as_ref()?;
    let (lead, now) = (&plan.lead, ctx.now());
    let company_name = company_id
        .and_then(|c| sim.store.companies.get(&c))
        .map_or(Value::Null, |c| c["name"].clone());
    let opportunity = sim.store.new_id(IdKind::Opportunity);
    let pick = |key: &str| request.get(key).filter(|v| !v.is_null()).cloned();
    let record = object(json!({
        "id": opportunity, "name": request["name"],
        "assignee_id": pick("assignee_id").unwrap_or_else(|| lead["assignee_id"].clone()),
        "close_date": null, "company_id": company_id, "company_name": company_name,
        "customer_source_id": lead["customer_source_id"], "details": "",
        "loss_reason_id": null, "pipeline_id": request["pipeline_id"],
        "pipeline_stage_id": stage, "primary_contact_id": person, "priority": null,
        "status": "Open", "tags": [], "interaction_count": 0,
        "monetary_unit": lead["monetary_unit"],
        "monetary_value": pick("monetary_value").unwrap_or_else(|| lead["monetary_value"].clone()),
        "win_probability": 0, "date_created": now, "date_modified": now,
        "leads_converted_from": [{"lead_id": id, "converted_timestamp": now}],
        "date_lead_created": lead["date_created"],
        "custom_fields": custom_fields_for(sim, lead, "opportunity"),
    }));
    sim.store.opportunities.insert(opportunity, record);
    webhooks::notify(
        sim,
        "opportunity",
        "new",
        opportunity,
        &Map::new(),
        ctx.now_ms,
    );
    Some(opportunity)
}

/// `POST /leads/{id}/convert`.
pub(crate) fn lead(sim: &mut Sim, id: u64, body: &Value, ctx: Ctx) -> Result<Reply, Failure> {
    let lead = sim
        .store
        .live_lead(id)
        .cloned()
        .ok_or_else(Failure::not_found)?;
    let plan = plan(sim, lead, body)?;
    let company_id = company(sim, &plan, ctx);
    let person_id = person(sim, &plan, id, company_id, ctx);
    let opportunity_id = opportunity(sim, &plan, id, company_id, person_id, ctx);

    // The lead is consumed: gone from fetch and search, found by a search that includes
    // converted leads, with the records it became.
    if let Some(record) = sim.store.leads.get_mut(&id) {
        record.insert("converted_at".into(), json!(ctx.now()));
        record.insert("converted_contact_id".into(), json!(person_id));
        record.insert("converted_opportunity_id".into(), json!(opportunity_id));
    }
    sim.store.converted.insert(id);

    let get = |map: &std::collections::BTreeMap<u64, Record>, id: Option<u64>| {
        id.and_then(|id| map.get(&id))
            .map_or(Value::Null, |r| Value::from(r.clone()))
    };
    let response = json!({
        "person": get(&sim.store.people, Some(person_id)),
        "company": get(&sim.store.companies, company_id),
        "opportunity": get(&sim.store.opportunities, opportunity_id),
    });
    Ok(Reply::json(200, &response))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A company is made from an email's domain exactly when the crate predicts one: any
    /// provider on the crate's list, not only the common few.
    #[test]
    fn public_mailboxes_are_the_crates() {
        for email in ["a@gmail.com", "a@yahoo.co.uk", "a@Web.DE", "a@uol.com.br"] {
            assert_eq!(company_domain(Some(email)), None, "{email}");
        }
        assert_eq!(
            company_domain(Some("a@NoEmail.com")).as_deref(),
            Some("noemail.com")
        );
    }

    #[test]
    fn a_company_is_named_after_its_domain_as_in_coppers_example() {
        assert_eq!(name_from_domain("noemail.com"), "Noemail");
        assert_eq!(
            company_domain(Some("mylead@noemail.com")).as_deref(),
            Some("noemail.com")
        );
        assert_eq!(company_domain(Some("ada@Gmail.com")), None);
        assert_eq!(company_domain(Some("no at sign")), None);
    }
}
