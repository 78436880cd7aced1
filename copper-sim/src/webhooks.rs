//! Webhook subscriptions, and the notifications Copper sends for them.

use serde::Serialize;
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

use crate::reply::{Failure, Reply};
use crate::store::{IdKind, Record};
use crate::{Ctx, Sim};

/// The most subscriptions an account has (Copper's docs).
const MAX_SUBSCRIPTIONS: usize = 100;

/// One notification, and what became of its delivery.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Delivery {
    /// The delivery's number, from 1.
    pub id: u64,
    /// The subscription it is for.
    pub subscription_id: u64,
    /// Where it goes.
    pub target: String,
    /// The subscription's headers, sent with it.
    pub headers: BTreeMap<String, String>,
    /// The notification, as Copper posts it.
    pub body: Value,
    /// When it was made, in milliseconds since the Unix epoch.
    pub made_at_ms: u64,
    /// What became of it.
    pub outcome: DeliveryOutcome,
}

/// What became of a delivery.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
#[non_exhaustive]
pub enum DeliveryOutcome {
    /// Not sent yet.
    Pending,
    /// The target answered with this status.
    Answered {
        /// The HTTP status.
        status: u16,
    },
    /// It could not be sent (Copper does not retry).
    Failed {
        /// Why.
        error: String,
    },
}

/// Whether Copper would deliver to `target`. Copper takes `https://` only; the simulator also
/// takes `http://` to this machine, so a test receives without TLS.
fn deliverable(target: &str) -> bool {
    if target.starts_with("https://") {
        return true;
    }
    let Some(rest) = target.strip_prefix("http://") else {
        return false;
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = host.rsplit_once(':').map_or(host, |(h, port)| {
        if port.chars().all(|c| c.is_ascii_digit()) {
            h
        } else {
            host
        }
    });
    matches!(host, "127.0.0.1" | "localhost" | "[::1]")
}

/// The string pairs of an object key (`secret`, `headers`), refused when not all strings.
fn pairs(body: &Value, key: &str) -> Result<Option<Map<String, Value>>, Failure> {
    match body.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Object(map)) if map.values().all(Value::is_string) => Ok(Some(map.clone())),
        Some(_) => Err(Failure::invalid(&format!(
            "{key} must be an object of strings"
        ))),
    }
}

fn check_target(body: &Value, required: bool) -> Result<(), Failure> {
    match body.get("target") {
        None if !required => Ok(()),
        Some(Value::String(target)) if deliverable(target) => Ok(()),
        Some(Value::String(_)) => Err(Failure::invalid(
            "Invalid URI For External Request: webhooks are sent to https urls",
        )),
        _ => Err(Failure::invalid("target is required")),
    }
}

/// `POST /webhooks`.
pub(crate) fn subscribe(sim: &mut Sim, body: &Value, ctx: Ctx) -> Result<Reply, Failure> {
    check_target(body, true)?;
    // The types and events Copper documents: the crate's `WebhookType` and `WebhookEvent`.
    let kind = body["type"]
        .as_str()
        .filter(|t| copper_lead::webhook::WebhookType::from(*t).is_known());
    let event = body["event"]
        .as_str()
        .filter(|e| copper_lead::webhook::WebhookEvent::from(*e).is_known());
    let (Some(kind), Some(event)) = (kind, event) else {
        return Err(Failure::invalid("type and event are required"));
    };
    if sim.store.subscriptions.len() >= MAX_SUBSCRIPTIONS {
        return Err(Failure::invalid("an account has at most 100 subscriptions"));
    }
    let secret = pairs(body, "secret")?;
    let headers = pairs(body, "headers")?;
    let id = sim.store.new_id(IdKind::Subscription);
    let mut record = Record::new();
    record.insert("id".into(), json!(id));
    record.insert("target".into(), body["target"].clone());
    record.insert("type".into(), json!(kind));
    record.insert("event".into(), json!(event));
    if let Some(secret) = secret {
        record.insert("secret".into(), Value::Object(secret));
    }
    if let Some(headers) = headers {
        record.insert("headers".into(), Value::Object(headers));
    }
    if let Some(computed) = body.get("custom_field_computed_values") {
        record.insert("custom_field_computed_values".into(), computed.clone());
    }
    record.insert("created_at".into(), json!(ctx.now()));
    sim.store.subscriptions.insert(id, record.clone());
    Ok(Reply::json(200, &record))
}

/// `GET /webhooks`.
pub(crate) fn list(sim: &Sim) -> Reply {
    let all: Vec<&Record> = sim.store.subscriptions.values().collect();
    Reply::json(200, &all)
}

/// `GET /webhooks/{id}`.
pub(crate) fn fetch(sim: &Sim, id: u64) -> Result<Reply, Failure> {
    sim.store
        .subscriptions
        .get(&id)
        .map(|s| Reply::json(200, s))
        .ok_or_else(Failure::not_found)
}

/// `PUT /webhooks/{id}`: the four keys Copper's docs list; `type` and `event` stay.
pub(crate) fn update(sim: &mut Sim, id: u64, body: &Value) -> Result<Reply, Failure> {
    check_target(body, false)?;
    let secret = pairs(body, "secret")?;
    let headers = pairs(body, "headers")?;
    let record = sim
        .store
        .subscriptions
        .get_mut(&id)
        .ok_or_else(Failure::not_found)?;
    if let Some(target) = body.get("target") {
        record.insert("target".into(), target.clone());
    }
    if let Some(secret) = secret {
        record.insert("secret".into(), Value::Object(secret));
    }
    if let Some(headers) = headers {
        record.insert("headers".into(), Value::Object(headers));
    }
    if let Some(computed) = body.get("custom_field_computed_values") {
        record.insert("custom_field_computed_values".into(), computed.clone());
    }
    Ok(Reply::json(200, record))
}

/// `DELETE /webhooks/{id}`.
pub(crate) fn unsubscribe(sim: &mut Sim, id: u64) -> Result<Reply, Failure> {
    sim.store
        .subscriptions
        .remove(&id)
        .map(|_| Reply::json(200, &json!({"id": id})))
        .ok_or_else(Failure::not_found)
}

/// Copper's notification time: RFC 3339 in UTC with milliseconds, as a real notification
/// has it (`2024-10-14T16:15:54.893Z`).
fn timestamp(ms: u64) -> String {
    let seconds = i64::try_from(ms / 1000).unwrap_or(i64::MAX);
    match time::OffsetDateTime::from_unix_timestamp(seconds) {
        Ok(t) => format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
            t.year(),
            u8::from(t.month()),
            t.day(),
            t.hour(),
            t.minute(),
            t.second(),
            ms % 1000
        ),
        Err(_) => String::new(),
    }
}

/// Makes a notification for every subscription to `kind` and `event`: one record's id, the
/// changed keys as `[old, new]` on an update (`{}` otherwise, as real notifications have it),
/// and the subscription's secret pairs at the top level.
pub(crate) fn notify(
    sim: &mut Sim,
    kind: &str,
    event: &str,
    id: u64,
    updated: &Map<String, Value>,
    now_ms: u64,
) {
    let matching: Vec<(u64, Record)> = sim
        .store
        .subscriptions
        .iter()
        .filter(|(_, s)| s["type"] == kind && s["event"] == event)
        .map(|(id, s)| (*id, s.clone()))
        .collect();
    for (subscription_id, subscription) in matching {
        let mut body = Map::new();
        body.insert("ids".into(), json!([id]));
        body.insert("type".into(), json!(kind));
        body.insert("event".into(), json!(event));
        body.insert("subscription_id".into(), json!(subscription_id));
        body.insert("timestamp".into(), json!(timestamp(now_ms)));
        body.insert("updated_attributes".into(), Value::Object(updated.clone()));
        if let Some(Value::Object(secret)) = subscription.get("secret") {
            for (key, value) in secret {
                body.insert(key.clone(), value.clone());
            }
        }
        let headers = match subscription.get("headers") {
            Some(Value::Object(h)) => h
                .iter()
                .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_owned())))
                .collect(),
            _ => BTreeMap::new(),
        };
        let delivery = Delivery {
            id: sim.store.deliveries.len() as u64 + 1,
            subscription_id,
            target: subscription["target"]
                .as_str()
                .unwrap_or_default()
                .to_owned(),
            headers,
            body: Value::Object(body),
            made_at_ms: now_ms,
            outcome: DeliveryOutcome::Pending,
        };
        sim.store.deliveries.push(delivery);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notification_times_read_as_the_crate_reads_them() {
        assert_eq!(timestamp(1_728_922_554_893), "2024-10-14T16:15:54.893Z");
        assert_eq!(timestamp(0), "1970-01-01T00:00:00.000Z");
    }

    #[test]
    fn targets_are_https_or_this_machine() {
        for ok in [
            "https://hooks.example.com/x",
            "http://127.0.0.1:8080/hook",
            "http://localhost/x",
            "http://[::1]:9/x",
        ] {
            assert!(deliverable(ok), "{ok}");
        }
        for no in [
            "http://hooks.example.com/x",
            "ftp://127.0.0.1/",
            "http://127.0.0.1.evil.example/",
            "",
        ] {
            assert!(!deliverable(no), "{no}");
        }
    }
}
