//! Copper's `PUT /leads/upsert`: [`UpsertMatch`] and the [`Upserted`] outcome.

use serde::Serialize;
use serde_json::Value;

use super::update::LeadUpdate;
use crate::api::error::{ApiError, ApiErrorKind};
use crate::api::request::{Answer, Method, Request};
use crate::api::response::Response;
use crate::model::custom_field_value::CustomFieldValue;
use crate::model::id::LeadId;
use crate::model::lead::Lead;

/// How an upsert finds the lead to update (`match`): by the lead's own name or email, or by
/// a custom field value. Copper documents the name and custom fields as upsert matches, and
/// every real client matches by email too.
///
/// ```
/// # #[cfg(feature = "validate")] {
/// use copper_lead::leads::{self, UpsertMatch};
/// use copper_lead::custom_field::CustomFieldValue;
/// use copper_lead::{CustomFieldDefinitionId, Lead};
///
/// let lead = Lead::builder("My Lead").build()?;
/// let by_field = UpsertMatch::CustomField(CustomFieldValue::new(CustomFieldDefinitionId::new(100764), "Some text"));
/// let request = leads::upsert(&lead, &by_field)?;
/// assert_eq!(
///     request.body(),
///     Some(&br#"{"properties":{"name":"My Lead"},"match":{"field_name":"custom","field_value":{"custom_field_definition_id":100764,"value":"Some text"}}}"#[..])
/// );
/// // The name, as the lead has it.
/// let request = leads::upsert(&lead, &UpsertMatch::Name)?;
/// assert!(request.body().is_some_and(|body| body.ends_with(br#""match":{"field_name":"name","field_value":"My Lead"}}"#)));
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum UpsertMatch {
    /// The lead with the upserted lead's name (`"field_name": "name"`). Copper lists the name
    /// as a match but shows no example of it; the key is named as its others are.
    Name,
    /// The lead with the upserted lead's email address (`"field_name": "email"`).
    Email,
    /// The lead with this value in a custom field (`"field_name": "custom"`), which the
    /// upserted lead need not carry. The definition must be available on leads and
    /// filterable.
    CustomField(CustomFieldValue),
}

impl UpsertMatch {
    /// The `match` object for `lead`; `None` when the lead lacks the value matched by.
    fn body(&self, lead: &Lead) -> Option<Value> {
        let (name, value) = match self {
            UpsertMatch::Name => ("name", Value::from(lead.name.value()?.as_str())),
            UpsertMatch::Email => (
                "email",
                Value::from(lead.email.value()?.email.value()?.as_str()),
            ),
            UpsertMatch::CustomField(wanted) => ("custom", serde_json::to_value(wanted).ok()?),
        };
        Some(serde_json::json!({"field_name": name, "field_value": value}))
    }

    /// Whether the lead carries the value it is matched by, so that a resent upsert finds the
    /// lead the first one made.
    fn carried_by(&self, lead: &Lead) -> bool {
        match self {
            UpsertMatch::Name | UpsertMatch::Email => true,
            UpsertMatch::CustomField(wanted) => lead.custom_fields.items().iter().any(|value| {
                value.custom_field_definition_id == wanted.custom_field_definition_id
                    && value.value == wanted.value
            }),
        }
    }
}

/// The error for an upsert by the lead's name or email, of a lead without one.
///
/// ```
/// use copper_lead::leads::{self, MissingMatchValue, UpsertMatch};
/// use copper_lead::Lead;
///
/// let lead: Lead = serde_json::from_str(r#"{"name": "Ada"}"#)?;
/// let err = leads::upsert(&lead, &UpsertMatch::Email).unwrap_err();
/// assert_eq!(err.to_string(), "the lead has no email to match an upsert by");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the lead has no {0} to match an upsert by")]
pub struct MissingMatchValue(&'static str);

#[derive(Serialize)]
struct UpsertBody<'a> {
    properties: &'a LeadUpdate,
    #[serde(rename = "match")]
    on: Value,
}

/// `PUT /leads/upsert`: updates the one lead that matches, or creates one from `lead` when none
/// does, sending the lead's writable keys (as [`create`](super::create) does). When several
/// leads match, Copper changes nothing and answers `422`: read as
/// [`Upserted::Ambiguous`].
///
/// Safe to resend when the lead carries the value it is matched by (its name and email
/// always; a custom field value when the lead has it): then a second send finds the lead the
/// first one made. Otherwise a lost response and a resend make two leads, and
/// [`Request::is_idempotent`] says so.
///
/// # Errors
///
/// [`MissingMatchValue`] for a match by the lead's name or email, when it has none.
///
/// ```
/// # #[cfg(feature = "validate")] {
/// use copper_lead::api::Response;
/// use copper_lead::leads::{self, UpsertMatch, Upserted};
/// use copper_lead::{EmailCategory, Lead};
///
/// let lead = Lead::builder("My Lead").email("mylead@gmail.test", EmailCategory::Work).build()?;
/// let request = leads::upsert(&lead, &UpsertMatch::Email)?;
/// assert_eq!(request.path(), "/leads/upsert");
/// assert_eq!(
///     request.body(),
///     Some(&br#"{"properties":{"name":"My Lead","email":{"email":"mylead@gmail.test","category":"work"}},"match":{"field_name":"email","field_value":"mylead@gmail.test"}}"#[..])
/// );
///
/// let answer = request.read(&Response::new(422, br#"{"success": false, "status": 422,
///     "message": "Multiple leads match: [8982702, 8982703]"}"#))?;
/// match answer {
///     Upserted::Ambiguous(ambiguous) => assert_eq!(ambiguous.ids().len(), 2),
///     other => panic!("{other:?}"),
/// }
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn upsert(lead: &Lead, on: &UpsertMatch) -> Result<Request<Upserted>, MissingMatchValue> {
    let properties = LeadUpdate::writable(lead);
    let missing = match on {
        UpsertMatch::Name => "name",
        UpsertMatch::Email => "email",
        UpsertMatch::CustomField(_) => "custom field value",
    };
    let body = UpsertBody {
        properties: &properties,
        on: on.body(lead).ok_or(MissingMatchValue(missing))?,
    };
    Ok(
        Request::with_body(Method::Put, "/leads/upsert".to_owned(), &body)
            .idempotent(on.carried_by(lead)),
    )
}

/// What an upsert did ([`upsert`] shows the ambiguous case).
///
/// ```
/// # #[cfg(feature = "validate")] {
/// use copper_lead::api::Response;
/// use copper_lead::leads::{self, UpsertMatch, Upserted};
/// use copper_lead::{EmailCategory, Lead};
///
/// let lead = Lead::builder("My Lead").email("mylead@gmail.test", EmailCategory::Work).build()?;
/// let request = leads::upsert(&lead, &UpsertMatch::Email)?;
/// let answer = request.read(&Response::new(200, br#"{"id": 8982702, "name": "My Lead"}"#))?;
/// assert!(matches!(answer, Upserted::Lead(lead) if lead.id.value().is_some()));
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
#[expect(clippy::large_enum_variant)] // one per response
pub enum Upserted {
    /// The lead, updated or created (Copper's answer does not say which; compare
    /// `date_created` with the time of the request).
    Lead(Lead),
    /// Several leads match: nothing changed.
    Ambiguous(AmbiguousMatch),
}

/// Several leads matched an upsert, which Copper refuses with a `422`. Copper gives the
/// matching ids for up to 30 matches and none beyond.
///
/// The body of that `422` is not documented, so it is recognised by its message: one that
/// speaks of a match together with several (`multiple`, `more than one`, `several`, `too
/// many`, `more than 30`). The ids are then read from a list of integers under a key named
/// `ids` or ending in `_ids`, or from a bracketed list in that message. Any other `422` (a
/// validation error, such as an email that "does not match the expected format") is an
/// [`ApiError`].
///
/// ```
/// # #[cfg(feature = "validate")] {
/// use copper_lead::api::Response;
/// use copper_lead::leads::{self, UpsertMatch, Upserted};
/// use copper_lead::{Lead, LeadId};
///
/// let request = leads::upsert(&Lead::builder("A").build()?, &UpsertMatch::Name)?;
/// let answer = request.read(&Response::new(422,
///     br#"{"success": false, "status": 422, "message": "More than 30 leads match", "ids": []}"#))?;
/// let Upserted::Ambiguous(ambiguous) = answer else { panic!("not ambiguous") };
/// assert_eq!(ambiguous.ids(), &[] as &[LeadId]);
/// assert_eq!(ambiguous.error().status(), 422);
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct AmbiguousMatch {
    ids: Vec<LeadId>,
    error: ApiError,
}

impl AmbiguousMatch {
    /// The matching leads' ids; empty when Copper did not list them (more than 30).
    #[must_use]
    pub fn ids(&self) -> &[LeadId] {
        &self.ids
    }

    /// Copper's answer, as an error.
    #[must_use]
    pub fn error(&self) -> &ApiError {
        &self.error
    }
}

impl crate::api::request::sealed::Sealed for Upserted {}

impl Answer for Upserted {
    fn read_answer<T>(request: &Request<T>, response: &Response<'_>) -> Result<Self, ApiError> {
        match crate::api::request::record(request, response) {
            Ok(lead) => Ok(Upserted::Lead(lead)),
            Err(error)
                if *error.kind() == ApiErrorKind::Unprocessable
                    && is_ambiguous(error.message()) =>
            {
                let ids = error
                    .body()
                    .and_then(named_ids)
                    .unwrap_or_else(|| bracketed_integers(error.message()));
                Ok(Upserted::Ambiguous(AmbiguousMatch { ids, error }))
            }
            Err(error) => Err(error),
        }
    }
}

/// Whether a `422` message speaks of several matches.
fn is_ambiguous(message: &str) -> bool {
    let message = message.to_ascii_lowercase();
    message.contains("match")
        && [
            "multiple",
            "more than one",
            "several",
            "too many",
            "more than 30",
        ]
        .iter()
        .any(|several| message.contains(several))
}

/// The first list of ids under a key named `ids` or ending in `_ids`, at any depth.
fn named_ids(body: &Value) -> Option<Vec<LeadId>> {
    match body {
        Value::Object(map) => map.iter().find_map(|(key, value)| {
            let named = key == "ids" || key.ends_with("_ids");
            match value {
                Value::Array(items) if named && items.iter().all(Value::is_u64) => Some(
                    items
                        .iter()
                        .filter_map(Value::as_u64)
                        .map(LeadId::new)
                        .collect(),
                ),
                other => named_ids(other),
            }
        }),
        Value::Array(items) => items.iter().find_map(named_ids),
        _ => None,
    }
}

/// `[8982702, 8982703]` in a message, as ids.
fn bracketed_integers(text: &str) -> Vec<LeadId> {
    let Some((_, rest)) = text.split_once('[') else {
        return Vec::new();
    };
    let Some((inside, _)) = rest.split_once(']') else {
        return Vec::new();
    };
    let ids: Option<Vec<LeadId>> = inside
        .split(',')
        .map(|part| part.trim().parse().ok().map(LeadId::new))
        .collect();
    ids.unwrap_or_default()
}
