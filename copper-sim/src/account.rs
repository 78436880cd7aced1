//! The account's lookups: statuses, users, pipelines, sources, contact types, loss reasons,
//! custom field definitions and activity types, as Copper's `GET` endpoints answer them.

use serde_json::{Value, json};

use crate::reply::{Failure, Reply};

/// An account's lookups, each kept as Copper answers it. [`Account::documented`] holds the
/// examples of Copper's docs (`account/*.json` in this package, copied from the docs).
///
/// ```
/// use copper_sim::Account;
///
/// let statuses = serde_json::json!([{"id": 1, "name": "Fresh", "order": 1, "is_default": true}]);
/// let account = Account::documented().statuses(statuses)?;
/// assert_eq!(account.default_status().map(|(id, name)| (id, name.to_owned())), Some((1, "Fresh".to_owned())));
/// # Ok::<(), String>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Account {
    pub(crate) details: Value,
    pub(crate) users: Vec<Value>,
    pub(crate) statuses: Vec<Value>,
    pub(crate) customer_sources: Vec<Value>,
    pub(crate) contact_types: Vec<Value>,
    pub(crate) loss_reasons: Vec<Value>,
    pub(crate) pipelines: Vec<Value>,
    pub(crate) definitions: Vec<Value>,
    pub(crate) activity_types: Value,
}

/// A documented example, parsed; they are checked by a test, so a failure here is a bug in
/// this package.
fn documented(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or(Value::Null)
}

fn list(value: Value) -> Vec<Value> {
    match value {
        Value::Array(items) => items,
        _ => Vec::new(),
    }
}

impl Account {
    /// Copper's documented example account.
    #[must_use]
    pub fn documented() -> Account {
        Account {
            details: documented(include_str!("../account/account.json")),
            users: list(documented(include_str!("../account/users.json"))),
            statuses: list(documented(include_str!("../account/lead_statuses.json"))),
            customer_sources: list(documented(include_str!("../account/customer_sources.json"))),
            contact_types: list(documented(include_str!("../account/contact_types.json"))),
            loss_reasons: list(documented(include_str!("../account/loss_reasons.json"))),
            pipelines: list(documented(include_str!("../account/pipelines.json"))),
            definitions: list(documented(include_str!(
                "../account/custom_field_definitions.json"
            ))),
            activity_types: documented(include_str!("../account/activity_types.json")),
        }
    }

    /// With these lead statuses (the answer of `GET /lead_statuses`).
    ///
    /// # Errors
    ///
    /// When `statuses` is not an array of objects each with an integer `id` and a `name`, or
    /// none is `is_default`.
    pub fn statuses(mut self, statuses: Value) -> Result<Account, String> {
        let Value::Array(items) = statuses else {
            return Err("the statuses must be a JSON array".to_owned());
        };
        for (index, status) in items.iter().enumerate() {
            if status.get("id").and_then(Value::as_u64).is_none()
                || status.get("name").and_then(Value::as_str).is_none()
            {
                return Err(format!("status {index} needs an integer id and a name"));
            }
        }
        if !items.iter().any(|s| s["is_default"] == true) {
            return Err("one status must be the default (\"is_default\": true)".to_owned());
        }
        self.statuses = items;
        Ok(self)
    }

    /// With these custom field definitions (the answer of `GET /custom_field_definitions`).
    ///
    /// # Errors
    ///
    /// When `definitions` is not an array of objects each with an integer `id`.
    pub fn definitions(mut self, definitions: Value) -> Result<Account, String> {
        let Value::Array(items) = definitions else {
            return Err("the definitions must be a JSON array".to_owned());
        };
        if items
            .iter()
            .any(|d| d.get("id").and_then(Value::as_u64).is_none())
        {
            return Err("every definition needs an integer id".to_owned());
        }
        self.definitions = items;
        Ok(self)
    }

    /// With the lookups a folder holds, each in a file named for its endpoint as Copper
    /// answers it: `lead_statuses.json`, `custom_field_definitions.json`, `users.json`,
    /// `customer_sources.json`, `contact_types.json`, `loss_reasons.json`, `pipelines.json`,
    /// `activity_types.json`, `account.json`. A file the folder lacks leaves that lookup as it
    /// was. Returns the names of the files read.
    ///
    /// # Errors
    ///
    /// A file that is not JSON, or not the shape its endpoint answers, with its name.
    pub fn load_dir(mut self, dir: &std::path::Path) -> Result<(Account, Vec<String>), String> {
        let mut read = Vec::new();
        for name in [
            "lead_statuses",
            "custom_field_definitions",
            "users",
            "customer_sources",
            "contact_types",
            "loss_reasons",
            "pipelines",
            "activity_types",
            "account",
        ] {
            let path = dir.join(format!("{name}.json"));
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            let value: Value =
                serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
            let items = || -> Result<Vec<Value>, String> {
                match &value {
                    Value::Array(items) if items.iter().all(|i| i["id"].is_u64()) => {
                        Ok(items.clone())
                    }
                    _ => Err(format!(
                        "{}: a JSON array of objects with ids",
                        path.display()
                    )),
                }
            };
            self = match name {
                "lead_statuses" => self
                    .statuses(value.clone())
                    .map_err(|e| format!("{}: {e}", path.display()))?,
                "custom_field_definitions" => self
                    .definitions(value.clone())
                    .map_err(|e| format!("{}: {e}", path.display()))?,
                "users" => Account {
                    users: items()?,
                    ..self
                },
                "customer_sources" => Account {
                    customer_sources: items()?,
                    ..self
                },
                "contact_types" => Account {
                    contact_types: items()?,
                    ..self
                },
                "loss_reasons" => Account {
                    loss_reasons: items()?,
                    ..self
                },
                "pipelines" => Account {
                    pipelines: items()?,
                    ..self
                },
                "activity_types" => Account {
                    activity_types: value.clone(),
                    ..self
                },
                _ => Account {
                    details: value.clone(),
                    ..self
                },
            };
            read.push(format!("{name}.json"));
        }
        Ok((self, read))
    }

    /// The default status: its id and name.
    pub fn default_status(&self) -> Option<(u64, &str)> {
        self.statuses
            .iter()
            .find(|s| s["is_default"] == true)
            .or(self.statuses.first())
            .and_then(status_parts)
    }

    /// A status by name, ignoring case: its id and its own spelling.
    pub(crate) fn status_named(&self, name: &str) -> Option<(u64, &str)> {
        self.statuses
            .iter()
            .filter_map(status_parts)
            .find(|(_, n)| n.eq_ignore_ascii_case(name))
    }

    /// A status by id: its id and name.
    pub(crate) fn status_by_id(&self, id: u64) -> Option<(u64, &str)> {
        self.statuses
            .iter()
            .filter_map(status_parts)
            .find(|(i, _)| *i == id)
    }

    /// The id of the user with this email, else the first user (the API user).
    pub(crate) fn user_id_for(&self, email: Option<&str>) -> u64 {
        let id = |u: &Value| u.get("id").and_then(Value::as_u64);
        email
            .and_then(|e| {
                self.users.iter().find(|u| {
                    u["email"]
                        .as_str()
                        .is_some_and(|x| x.eq_ignore_ascii_case(e))
                })
            })
            .or(self.users.first())
            .and_then(id)
            .unwrap_or(0)
    }

    pub(crate) fn has_user(&self, id: u64) -> bool {
        has_id(&self.users, id)
    }

    pub(crate) fn has_customer_source(&self, id: u64) -> bool {
        has_id(&self.customer_sources, id)
    }

    pub(crate) fn has_contact_type(&self, id: u64) -> bool {
        has_id(&self.contact_types, id)
    }

    /// The contact type a new person gets: "Potential Customer" when the account has it.
    pub(crate) fn default_contact_type(&self) -> Option<u64> {
        self.contact_types
            .iter()
            .find(|t| t["name"] == "Potential Customer")
            .or(self.contact_types.first())
            .and_then(|t| t["id"].as_u64())
    }

    /// A custom field definition by id.
    pub(crate) fn definition(&self, id: u64) -> Option<&Value> {
        self.definitions
            .iter()
            .find(|d| d["id"].as_u64() == Some(id))
    }

    /// The ids of the definitions available on a kind of record (`lead`, `person`, ...).
    pub(crate) fn definitions_on(&self, kind: &str) -> Vec<u64> {
        self.definitions
            .iter()
            .filter(|d| {
                d["available_on"]
                    .as_array()
                    .is_some_and(|on| on.iter().any(|k| k == kind))
            })
            .filter_map(|d| d["id"].as_u64())
            .collect()
    }

    /// A pipeline by id.
    pub(crate) fn pipeline(&self, id: u64) -> Option<&Value> {
        self.pipelines.iter().find(|p| p["id"].as_u64() == Some(id))
    }

    /// Every stage of every pipeline, each with its `pipeline_id` (`GET /pipeline_stages`).
    fn stages(&self) -> Vec<Value> {
        self.pipelines
            .iter()
            .flat_map(|p| {
                let pipeline = p["id"].clone();
                p["stages"].as_array().into_iter().flatten().map(move |s| {
                    json!({"id": s["id"], "name": s["name"], "pipeline_id": pipeline,
                               "win_probability": s["win_probability"]})
                })
            })
            .collect()
    }

    /// `GET /pipeline_stages/pipeline/{id}`.
    pub(crate) fn stages_of(&self, pipeline: u64) -> Result<Reply, Failure> {
        if self.pipeline(pipeline).is_none() {
            return Err(Failure::not_found());
        }
        let stages: Vec<Value> = self
            .stages()
            .into_iter()
            .filter(|s| s["pipeline_id"].as_u64() == Some(pipeline))
            .collect();
        Ok(Reply::json(200, &stages))
    }

    /// `GET /custom_field_definitions/{id}`.
    pub(crate) fn custom_field_definition(&self, id: u64) -> Result<Reply, Failure> {
        self.definition(id)
            .map(|d| Reply::json(200, d))
            .ok_or_else(Failure::not_found)
    }

    /// `POST /users/search`: a page of users.
    pub(crate) fn users_page(&self, body: &Value) -> Reply {
        let size = body["page_size"].as_u64().unwrap_or(20).clamp(1, 200);
        let number = body["page_number"].as_u64().unwrap_or(1).max(1);
        let page: Vec<&Value> = self
            .users
            .iter()
            .skip(usize::try_from((number - 1) * size).unwrap_or(usize::MAX))
            .take(usize::try_from(size).unwrap_or(usize::MAX))
            .collect();
        Reply::json(200, &page)
    }

    /// A `GET` of one of the lists.
    pub(crate) fn lookup(&self, name: &str) -> Result<Reply, Failure> {
        Ok(match name {
            "lead_statuses" => Reply::json(200, &self.statuses),
            "customer_sources" => Reply::json(200, &self.customer_sources),
            "contact_types" => Reply::json(200, &self.contact_types),
            "loss_reasons" => Reply::json(200, &self.loss_reasons),
            "pipelines" => Reply::json(200, &self.pipelines),
            "pipeline_stages" => Reply::json(200, &self.stages()),
            "custom_field_definitions" => Reply::json(200, &self.definitions),
            "account" => Reply::json(200, &self.details),
            _ => return Err(Failure::not_found()),
        })
    }
}

fn status_parts(status: &Value) -> Option<(u64, &str)> {
    Some((status["id"].as_u64()?, status["name"].as_str()?))
}

fn has_id(items: &[Value], id: u64) -> bool {
    items.iter().any(|x| x["id"].as_u64() == Some(id))
}

#[cfg(test)]
mod tests {
    use super::*;
    use copper_lead::activity::ActivityTypes;
    use copper_lead::custom_field::CustomFieldDefinition;
    use copper_lead::lifecycle::LeadStatusDefinition;
    use copper_lead::lookup::{
        Account as CopperAccount, ContactType, CustomerSource, LossReason, Pipeline, User,
    };

    /// Every documented example the account starts from reads as the crate's type for it.
    #[test]
    fn the_documented_account_reads_as_copper_lead_types() {
        let a = Account::documented();
        let read = |v: &Vec<Value>| Value::Array(v.clone());
        copper_lead::from_value::<CopperAccount>(&a.details).unwrap();
        copper_lead::from_value::<Vec<User>>(&read(&a.users)).unwrap();
        copper_lead::from_value::<Vec<LeadStatusDefinition>>(&read(&a.statuses)).unwrap();
        copper_lead::from_value::<Vec<CustomerSource>>(&read(&a.customer_sources)).unwrap();
        copper_lead::from_value::<Vec<ContactType>>(&read(&a.contact_types)).unwrap();
        copper_lead::from_value::<Vec<LossReason>>(&read(&a.loss_reasons)).unwrap();
        copper_lead::from_value::<Vec<Pipeline>>(&read(&a.pipelines)).unwrap();
        copper_lead::from_value::<Vec<CustomFieldDefinition>>(&read(&a.definitions)).unwrap();
        copper_lead::from_value::<ActivityTypes>(&a.activity_types).unwrap();
        assert_eq!(a.users.len(), 2);
        assert_eq!(a.statuses.len(), 4);
        assert_eq!(a.default_status(), Some((208_231, "New")));
        assert_eq!(a.definitions_on("lead"), [100_764, 103_481]);
    }
}
