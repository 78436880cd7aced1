//! The account's records, kept as the JSON objects Copper answers with, and what changing one
//! means.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use crate::webhooks::{Delivery, DeliveryOutcome};
use crate::{RequestCounts, State};

/// A record: Copper's JSON object for it. Indexing by a key gives `null` for a key the
/// record lacks, as `serde_json::Value` does (a `Map` would panic).
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
#[serde(transparent)]
pub(crate) struct Record(pub(crate) Map<String, Value>);

static NULL: Value = Value::Null;

impl Record {
    pub(crate) fn new() -> Record {
        Record::default()
    }

    /// The object of a JSON value (an empty record for anything else).
    pub(crate) fn of(value: Value) -> Record {
        match value {
            Value::Object(map) => Record(map),
            _ => Record::default(),
        }
    }
}

impl std::ops::Index<&str> for Record {
    type Output = Value;

    fn index(&self, key: &str) -> &Value {
        self.0.get(key).unwrap_or(&NULL)
    }
}

impl std::ops::Deref for Record {
    type Target = Map<String, Value>;

    fn deref(&self) -> &Map<String, Value> {
        &self.0
    }
}

impl std::ops::DerefMut for Record {
    fn deref_mut(&mut self) -> &mut Map<String, Value> {
        &mut self.0
    }
}

impl From<Record> for Value {
    fn from(record: Record) -> Value {
        Value::Object(record.0)
    }
}

/// Where each kind of record's ids start, so that ids of different kinds never look alike
/// in a test's output (Copper's ids are unique per kind only).
const FIRST_IDS: [u64; 6] = [
    10_000_001, 20_000_001, 30_000_001, 40_000_001, 50_000_001, 60_001,
];

/// Every record of the account, and the notifications made about them.
#[derive(Debug, Clone)]
pub(crate) struct Store {
    pub(crate) leads: BTreeMap<u64, Record>,
    pub(crate) converted: BTreeSet<u64>,
    pub(crate) people: BTreeMap<u64, Record>,
    pub(crate) companies: BTreeMap<u64, Record>,
    pub(crate) opportunities: BTreeMap<u64, Record>,
    pub(crate) activities: BTreeMap<u64, Record>,
    pub(crate) subscriptions: BTreeMap<u64, Record>,
    pub(crate) deliveries: Vec<Delivery>,
    /// Deliveries before this index were handed out by `take_pending`.
    taken: usize,
    next: [u64; 6],
}

impl Default for Store {
    fn default() -> Self {
        Store {
            leads: BTreeMap::new(),
            converted: BTreeSet::new(),
            people: BTreeMap::new(),
            companies: BTreeMap::new(),
            opportunities: BTreeMap::new(),
            activities: BTreeMap::new(),
            subscriptions: BTreeMap::new(),
            deliveries: Vec::new(),
            taken: 0,
            next: FIRST_IDS,
        }
    }
}

/// The kinds of ids the store hands out.
#[derive(Debug, Clone, Copy)]
pub(crate) enum IdKind {
    Lead = 0,
    Person = 1,
    Company = 2,
    Opportunity = 3,
    Activity = 4,
    Subscription = 5,
}

impl Store {
    /// The next id of a kind.
    pub(crate) fn new_id(&mut self, kind: IdKind) -> u64 {
        let slot = &mut self.next[kind as usize];
        let id = *slot;
        *slot += 1;
        id
    }

    /// Makes sure ids handed out later stay above `id` (a loaded record kept its own).
    pub(crate) fn saw_id(&mut self, kind: IdKind, id: u64) {
        let slot = &mut self.next[kind as usize];
        *slot = (*slot).max(id.saturating_add(1));
    }

    /// A lead that exists and was not converted.
    pub(crate) fn live_lead(&self, id: u64) -> Option<&Record> {
        self.leads
            .get(&id)
            .filter(|_| !self.converted.contains(&id))
    }

    pub(crate) fn state(&self, counts: RequestCounts) -> State {
        let values = |m: &BTreeMap<u64, Record>| {
            m.iter()
                .map(|(id, r)| (*id, Value::from(r.clone())))
                .collect()
        };
        State {
            leads: values(&self.leads),
            converted_leads: self.converted.iter().copied().collect(),
            people: values(&self.people),
            companies: values(&self.companies),
            opportunities: values(&self.opportunities),
            activities: values(&self.activities),
            subscriptions: values(&self.subscriptions),
            deliveries: self.deliveries.clone(),
            requests: counts,
        }
    }

    pub(crate) fn take_pending(&mut self) -> Vec<Delivery> {
        let pending = self
            .deliveries
            .get(self.taken..)
            .unwrap_or_default()
            .to_vec();
        self.taken = self.deliveries.len();
        pending
    }

    pub(crate) fn record_delivery(&mut self, id: u64, outcome: DeliveryOutcome) {
        if let Some(delivery) = self.deliveries.iter_mut().find(|d| d.id == id) {
            delivery.outcome = outcome;
        }
    }
}

/// One key a change set: its value before and after.
pub(crate) type Changes = Vec<(String, Value, Value)>;

/// Applies an update body to a record as Copper documents it: only the keys sent change,
/// `null` clears, a list is replaced whole, `custom_fields` merge by definition id, and the
/// keys in `read_only` are ignored. Returns what changed.
pub(crate) fn merge(record: &mut Record, body: &Record, read_only: &[&str]) -> Changes {
    let mut changes = Vec::new();
    for (key, new) in body.iter() {
        if read_only.contains(&key.as_str()) {
            continue;
        }
        let old = record.get(key).cloned().unwrap_or(Value::Null);
        let merged = if key == "custom_fields" {
            merge_custom_fields(&old, new)
        } else {
            new.clone()
        };
        if merged != old {
            record.insert(key.clone(), merged.clone());
            changes.push((key.clone(), old, merged));
        }
    }
    changes
}

/// Custom field values by definition: a value sent replaces the one with its definition id,
/// the others stay (Copper's update example sends one and answers with all).
fn merge_custom_fields(old: &Value, new: &Value) -> Value {
    let Some(sent) = new.as_array() else {
        return new.clone();
    };
    let mut merged: Vec<Value> = old.as_array().cloned().unwrap_or_default();
    for value in sent {
        let id = &value["custom_field_definition_id"];
        match merged
            .iter_mut()
            .find(|v| &v["custom_field_definition_id"] == id)
        {
            Some(slot) => *slot = value.clone(),
            None => merged.push(value.clone()),
        }
    }
    Value::Array(merged)
}

/// A name split as Copper splits it on a new lead or person ("My Lead": first "My", last
/// "Lead"; one word is a first name).
pub(crate) fn name_parts(name: &str) -> (Value, Value) {
    let mut words = name.split_whitespace();
    let first = words.next().map(str::to_owned);
    let rest: Vec<&str> = words.collect();
    let last = (!rest.is_empty()).then(|| rest.join(" "));
    (
        first.map_or(Value::Null, Value::String),
        last.map_or(Value::Null, Value::String),
    )
}

/// Custom field values for a new record: every definition available on its kind, with the
/// value sent or `null` (Copper's create answer lists all of them).
pub(crate) fn all_custom_fields(sent: Option<&Value>, definitions: &[u64]) -> Value {
    let sent: Vec<Value> = sent.and_then(Value::as_array).cloned().unwrap_or_default();
    let mut all: Vec<Value> = definitions
        .iter()
        .map(|id| {
            sent.iter()
                .find(|v| v["custom_field_definition_id"].as_u64() == Some(*id))
                .cloned()
                .unwrap_or_else(
                    || serde_json::json!({"custom_field_definition_id": id, "value": null}),
                )
        })
        .collect();
    // Values for definitions the record's kind does not list are refused before this; any
    // other stays, in the order sent.
    for value in sent {
        if !all.contains(&value) {
            all.push(value);
        }
    }
    Value::Array(all)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn record(value: Value) -> Record {
        Record::of(value)
    }

    #[test]
    fn an_update_changes_what_it_sends_and_merges_custom_fields() {
        let mut lead = record(
            json!({"id": 1, "name": "Ada", "title": "CTO", "tags": ["a"],
            "custom_fields": [{"custom_field_definition_id": 1, "value": "x"},
                              {"custom_field_definition_id": 2, "value": "y"}]}),
        );
        let body = record(json!({"id": 9, "title": null, "tags": ["b", "c"],
            "custom_fields": [{"custom_field_definition_id": 2, "value": "z"}]}));
        let changes = merge(&mut lead, &body, &["id"]);
        assert_eq!(
            Value::from(lead),
            json!({"id": 1, "name": "Ada", "title": null, "tags": ["b", "c"],
                "custom_fields": [{"custom_field_definition_id": 1, "value": "x"},
                                  {"custom_field_definition_id": 2, "value": "z"}]})
        );
        let keys: Vec<&str> = changes.iter().map(|(k, _, _)| k.as_str()).collect();
        assert_eq!(keys, ["custom_fields", "tags", "title"]);
    }

    #[test]
    fn names_split_as_copper_splits_them() {
        assert_eq!(name_parts("My Lead"), (json!("My"), json!("Lead")));
        assert_eq!(name_parts("Ada"), (json!("Ada"), Value::Null));
        assert_eq!(
            name_parts("Jean Claude Van Damme"),
            (json!("Jean"), json!("Claude Van Damme"))
        );
        assert_eq!(name_parts(""), (Value::Null, Value::Null));
    }
}
