//! Copper's bulk endpoints: `POST /leads/bulk_create` and `POST /leads/bulk_update`.

use serde::Serialize;
use serde_json::Value;

use super::update::LeadUpdate;
use crate::api::error::ApiError;
use crate::api::request::sealed::Sealed;
use crate::api::request::{Answer, Method, Request};
use crate::api::response::Response;
use crate::model::id::LeadId;
use crate::model::lead::Lead;

/// The most leads one bulk request takes (Copper answers `422` beyond; its docs say the limit
/// may change while the endpoints are in beta).
pub const BULK_LIMIT: usize = 10;

/// Why a bulk request was refused before sending.
///
/// ```
/// # #[cfg(feature = "validate")] {
/// use copper_lead::leads::{self, BulkError};
///
/// assert_eq!(leads::bulk_create(&[]).unwrap_err(), BulkError::Empty);
/// let eleven = vec![copper_lead::Lead::builder("A").build()?; 11];
/// assert_eq!(leads::bulk_create(&eleven).unwrap_err(), BulkError::TooMany(11));
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum BulkError {
    /// No leads.
    #[error("a bulk request needs at least one lead")]
    Empty,
    /// More than [`BULK_LIMIT`] leads.
    #[error("a bulk request takes at most 10 leads, not {0}")]
    TooMany(usize),
}

/// What a bulk request did to each lead, in the order of the request.
///
/// ```
/// use copper_lead::api::Response;
/// use copper_lead::leads::{self, BulkResult, LeadUpdate};
/// use copper_lead::LeadId;
///
/// let request = leads::bulk_update(&[(LeadId::new(5), LeadUpdate::default().title("CTO"))])?;
/// let answer = request.read(&Response::new(200,
///     br#"[{"success": false, "id": 5, "message": {"title": [{"error": "too long"}]}}]"#))?;
/// match &answer.results()[0] {
///     BulkResult::Failed { id, message } => {
///         assert_eq!(*id, Some(LeadId::new(5)));
///         assert!(message.get("title").is_some());
///     }
///     other => panic!("{other:?}"),
/// }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
#[expect(clippy::large_enum_variant)] // one per lead
pub enum BulkResult {
    /// Created or updated: the lead as Copper has it.
    Lead(Lead),
    /// Refused: `{"success": false, "message": {...}, "id": ...}`.
    Failed {
        /// The lead's id (updates only).
        id: Option<LeadId>,
        /// Copper's message, as sent (an object of field errors, as documented).
        message: Value,
    },
}

/// The answer to a bulk request: one [`BulkResult`] per lead, in the request's order
/// ([`bulk_create`] and [`BulkResult`] have examples).
///
/// ```
/// # #[cfg(feature = "validate")] {
/// use copper_lead::api::Response;
/// use copper_lead::leads::{self, BulkResult};
/// use copper_lead::Lead;
///
/// let request = leads::bulk_create(&[Lead::builder("A").build()?])?;
/// let answer = request.read(&Response::new(200, br#"[{"id": 1, "name": "A"}]"#))?;
/// let created: Vec<BulkResult> = answer.into_results();
/// assert!(matches!(created.as_slice(), [BulkResult::Lead(lead)] if lead.id.value().is_some()));
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct BulkResults(Vec<BulkResult>);

impl BulkResults {
    /// The results, in the request's order.
    #[must_use]
    pub fn results(&self) -> &[BulkResult] {
        &self.0
    }

    /// The results, taken out.
    #[must_use]
    pub fn into_results(self) -> Vec<BulkResult> {
        self.0
    }
}

fn check(count: usize) -> Result<(), BulkError> {
    match count {
        0 => Err(BulkError::Empty),
        n if n > BULK_LIMIT => Err(BulkError::TooMany(n)),
        _ => Ok(()),
    }
}

/// `POST /leads/bulk_create`: up to ten leads at once, each sent as [`create`](super::create)
/// sends one. Not safe to resend. Copper's bulk endpoints are in beta and have a rate limit
/// of their own ([`Pacer::copper_bulk`](crate::api::Pacer::copper_bulk)).
///
/// ```
/// # #[cfg(feature = "validate")] {
/// use copper_lead::api::Response;
/// use copper_lead::leads::{self, BulkResult};
/// use copper_lead::Lead;
///
/// let blank: Lead = serde_json::from_str(r#"{"name": ""}"#)?;
/// let request = leads::bulk_create(&[Lead::builder("My Lead").build()?, blank])?;
/// assert_eq!(request.body(), Some(&br#"{"leads":[{"name":"My Lead"},{"name":""}]}"#[..]));
/// let answer = request.read(&Response::new(200, br#"[{"id": 1, "name": "My Lead"},
///     {"success": false, "message": {"name": [{"error": "invalid"}]}}]"#))?;
/// assert!(matches!(answer.results(), [BulkResult::Lead(_), BulkResult::Failed { id: None, .. }]));
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// [`BulkError`] for no leads or more than [`BULK_LIMIT`].
pub fn bulk_create(leads: &[Lead]) -> Result<Request<BulkResults>, BulkError> {
    #[derive(Serialize)]
    struct Body {
        leads: Vec<LeadUpdate>,
    }
    check(leads.len())?;
    let body = Body {
        leads: leads.iter().map(LeadUpdate::writable).collect(),
    };
    Ok(Request::with_body(
        Method::Post,
        "/leads/bulk_create".to_owned(),
        &body,
    ))
}

/// `POST /leads/bulk_update`: up to ten updates at once, each an id and a [`LeadUpdate`].
/// Safe to resend (each update sets the same values again).
///
/// ```
/// use copper_lead::leads::{self, LeadUpdate};
/// use copper_lead::LeadId;
///
/// let request = leads::bulk_update(&[
///     (LeadId::new(5), LeadUpdate::default().title("CTO")),
///     (LeadId::new(6), LeadUpdate::default().details("Met at the fair")),
/// ])?;
/// assert_eq!(request.path(), "/leads/bulk_update");
/// assert_eq!(
///     request.body(),
///     Some(&br#"{"leads":[{"id":5,"title":"CTO"},{"id":6,"details":"Met at the fair"}]}"#[..])
/// );
/// assert!(request.is_idempotent());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// [`BulkError`] for no updates or more than [`BULK_LIMIT`].
pub fn bulk_update(updates: &[(LeadId, LeadUpdate)]) -> Result<Request<BulkResults>, BulkError> {
    #[derive(Serialize)]
    struct Item<'a> {
        id: LeadId,
        #[serde(flatten)]
        update: std::borrow::Cow<'a, LeadUpdate>,
    }
    #[derive(Serialize)]
    struct Body<'a> {
        leads: Vec<Item<'a>>,
    }
    check(updates.len())?;
    let body = Body {
        leads: updates
            .iter()
            .map(|(id, update)| Item {
                id: *id,
                update: update.sendable(),
            })
            .collect(),
    };
    Ok(Request::with_body(Method::Post, "/leads/bulk_update".to_owned(), &body).idempotent(true))
}

impl Sealed for BulkResults {}

impl Answer for BulkResults {
    fn read_answer<T>(request: &Request<T>, response: &Response<'_>) -> Result<Self, ApiError> {
        let items: Vec<Value> = crate::api::request::record(request, response)?;
        let mut results = Vec::with_capacity(items.len());
        for (index, item) in items.iter().enumerate() {
            let failed = item.get("success") == Some(&Value::Bool(false));
            if failed {
                results.push(BulkResult::Failed {
                    id: item.get("id").and_then(Value::as_u64).map(LeadId::new),
                    message: item.get("message").cloned().unwrap_or(Value::Null),
                });
                continue;
            }
            let lead = crate::wire::parse::from_value::<Lead>(item)
                .map_err(|err| ApiError::unreadable(response, err.at_index(index)))?;
            results.push(BulkResult::Lead(lead));
        }
        Ok(BulkResults(results))
    }
}
