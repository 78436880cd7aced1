//! `POST /leads/search`: every filter the crate sends, sorting, paging, `X-PW-TOTAL`, and the
//! 100,000 records a search reaches.

use std::cmp::Ordering;

use serde_json::Value;

use crate::reply::{Failure, Reply};
use crate::store::Record;
use crate::{Ctx, Sim};

/// The most records a search returns, however it is paged (Copper's docs).
const SEARCH_CAP: usize = 100_000;

fn text(value: &Value) -> Option<String> {
    value.as_str().map(str::to_lowercase)
}

fn number(value: &Value) -> Option<f64> {
    value
        .as_f64()
        .or_else(|| value.as_str().and_then(|s| s.parse().ok()))
}

/// A list filter: the values of `key` in the body, or none when absent or empty.
fn list<'a>(body: &'a Value, key: &str) -> Option<&'a Vec<Value>> {
    body.get(key)
        .and_then(Value::as_array)
        .filter(|l| !l.is_empty())
}

/// An id filter where `-2` stands for "none".
fn ids_or_none(body: &Value, key: &str, value: &Value) -> bool {
    list(body, key).is_none_or(|wanted| {
        wanted.iter().any(|w| match w.as_i64() {
            Some(-2) => value.is_null(),
            _ => w.as_u64().is_some() && w.as_u64() == value.as_u64(),
        })
    })
}

fn range(body: &Value, min: &str, max: &str, value: &Value) -> bool {
    let (lo, hi) = (number(&body[min]), number(&body[max]));
    if lo.is_none() && hi.is_none() {
        return true;
    }
    number(value).is_some_and(|v| lo.is_none_or(|lo| v >= lo) && hi.is_none_or(|hi| v <= hi))
}

fn digits(text: &str) -> String {
    text.chars().filter(char::is_ascii_digit).collect()
}

/// Whether a lead passes one custom field filter.
fn custom_field_matches(lead: &Record, filter: &Value) -> bool {
    let definition = &filter["custom_field_definition_id"];
    let value = lead["custom_fields"]
        .as_array()
        .and_then(|values| {
            values
                .iter()
                .find(|v| &v["custom_field_definition_id"] == definition)
        })
        .map_or(&Value::Null, |v| &v["value"]);
    let empty = value.is_null() || value.as_array().is_some_and(Vec::is_empty);
    if empty {
        return filter["allow_empty"] == true;
    }
    if filter.get("minimum_value").is_some() || filter.get("maximum_value").is_some() {
        return range(filter, "minimum_value", "maximum_value", value);
    }
    match (&filter["value"], value) {
        (Value::Null, _) => true,
        (Value::Array(wanted), Value::Array(have)) => match filter["option"].as_str() {
            Some("ALL") => wanted.iter().all(|w| have.contains(w)),
            Some("NONE") => !wanted.iter().any(|w| have.contains(w)),
            _ => wanted.iter().any(|w| have.contains(w)),
        },
        (Value::Array(wanted), one) => wanted.contains(one),
        (wanted, have) => wanted == have,
    }
}

fn matches(lead: &Record, body: &Value, now: u64) -> bool {
    let address = |key: &str| text(&lead["address"][key]);
    let same_text = |key: &str, have: Option<String>| {
        text(&body[key]).is_none_or(|want| have.as_deref() == Some(want.as_str()))
    };
    list(body, "ids").is_none_or(|ids| ids.contains(&lead["id"]))
        && text(&body["name"]).is_none_or(|n| text(&lead["name"]).is_some_and(|l| l.contains(&n)))
        && body["phone_number"].as_str().is_none_or(|p| {
            let want = digits(p);
            lead["phone_numbers"].as_array().is_some_and(|phones| {
                phones.iter().any(|x| {
                    x["number"]
                        .as_str()
                        .is_some_and(|n| !want.is_empty() && digits(n).contains(&want))
                })
            })
        })
        && same_text("emails", text(&lead["email"]["email"]))
        && ids_or_none(body, "assignee_ids", &lead["assignee_id"])
        && list(body, "status_ids").is_none_or(|ids| ids.contains(&lead["status_id"]))
        && ids_or_none(body, "customer_source_ids", &lead["customer_source_id"])
        && same_text("city", address("city"))
        && same_text("state", address("state"))
        && same_text("postal_code", address("postal_code"))
        && same_text("country", address("country"))
        && list(body, "tags").is_none_or(|tags| {
            lead["tags"]
                .as_array()
                .is_some_and(|have| tags.iter().any(|t| have.contains(t)))
        })
        && list(body, "socials").is_none_or(|urls| {
            lead["socials"]
                .as_array()
                .is_some_and(|have| have.iter().any(|s| urls.contains(&s["url"])))
        })
        && body["age"].as_u64().is_none_or(|age| {
            lead["date_created"]
                .as_u64()
                .is_some_and(|created| created + age >= now)
        })
        && range(
            body,
            "minimum_monetary_value",
            "maximum_monetary_value",
            &lead["monetary_value"],
        )
        && range(
            body,
            "minimum_interaction_count",
            "maximum_interaction_count",
            &lead["interaction_count"],
        )
        && range(
            body,
            "minimum_interaction_date",
            "maximum_interaction_date",
            &lead["date_last_contacted"],
        )
        && range(
            body,
            "minimum_created_date",
            "maximum_created_date",
            &lead["date_created"],
        )
        && range(
            body,
            "minimum_modified_date",
            "maximum_modified_date",
            &lead["date_modified"],
        )
        && list(body, "custom_fields")
            .is_none_or(|filters| filters.iter().all(|f| custom_field_matches(lead, f)))
}

/// The value a lead sorts by.
fn sort_key<'a>(lead: &'a Record, by: &str) -> Option<&'a Value> {
    Some(match by {
        "name" | "first_name" | "last_name" | "company_name" | "title" | "date_modified"
        | "date_created" => &lead[by],
        "value" => &lead["monetary_value"],
        "email" => &lead["email"]["email"],
        "phone" => &lead["phone_numbers"][0]["number"],
        "city" | "state" | "country" => &lead["address"][by],
        "zip" => &lead["address"]["postal_code"],
        "inactive_days" => &lead["date_last_contacted"],
        _ => return None,
    })
}

/// Orders two values: numbers by value, text ignoring case, `null` last.
fn compare(a: &Value, b: &Value) -> Ordering {
    match (a, b) {
        (Value::Null, Value::Null) => Ordering::Equal,
        (Value::Null, _) => Ordering::Greater,
        (_, Value::Null) => Ordering::Less,
        _ => match (number(a), number(b)) {
            (Some(x), Some(y)) => x.total_cmp(&y),
            _ => text(a).cmp(&text(b)),
        },
    }
}

/// `POST /leads/search`.
pub(crate) fn leads(sim: &Sim, body: &Value, ctx: Ctx) -> Result<Reply, Failure> {
    let size = body.get("page_size").map_or(Some(20), Value::as_u64);
    let number = body.get("page_number").map_or(Some(1), Value::as_u64);
    let (Some(size @ 1..=200), Some(number @ 1..)) = (size, number) else {
        return Err(Failure::invalid(
            "page_size is 1 to 200, page_number from 1",
        ));
    };
    let by = body["sort_by"].as_str().unwrap_or("name");
    if sort_key(&Record::new(), by).is_none() {
        return Err(Failure::invalid(&format!("cannot sort by {by}")));
    }
    let descending = match body["sort_direction"].as_str() {
        None | Some("asc") => false,
        Some("desc") => true,
        Some(other) => return Err(Failure::invalid(&format!("sort_direction {other}"))),
    };
    // `inactive_days` ascending is the most recently active first.
    let descending = descending ^ (by == "inactive_days");
    let converted = body["include_converted_leads"] == true;
    let mut found: Vec<&Record> = sim
        .store
        .leads
        .iter()
        .filter(|(id, _)| converted || !sim.store.converted.contains(id))
        .map(|(_, lead)| lead)
        .filter(|lead| matches(lead, body, ctx.now()))
        .collect();
    let null = Value::Null;
    found.sort_by(|a, b| {
        let key = |l: &'_ Record| sort_key(l, by).unwrap_or(&null).clone();
        let order = compare(&key(a), &key(b));
        let order = if descending { order.reverse() } else { order };
        order.then_with(|| compare(&a["id"], &b["id"]))
    });
    let total = found.len();
    found.truncate(SEARCH_CAP);
    let skip = usize::try_from((number - 1).saturating_mul(size)).unwrap_or(usize::MAX);
    let page: Vec<&Record> = found
        .into_iter()
        .skip(skip)
        .take(usize::try_from(size).unwrap_or(usize::MAX))
        .collect();
    Ok(Reply::json(200, &page).header("X-PW-TOTAL", total.to_string()))
}
