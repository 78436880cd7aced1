//! Every lead operation of Copper's API as a typed [`Request`]: [`fetch`], [`create`],
//! [`update()`] (with [`LeadUpdate::diff`]), [`upsert()`], [`delete`], [`search()`] (with every
//! documented filter, and a [`Pager`] that never skips or repeats a page), [`convert`], the
//! bulk [`bulk_create`] and [`bulk_update`], and a lead's [`activities`].
//!
//! Nothing here sends anything: prepare a request with [`Copper::prepare`](crate::api::Copper),
//! send it with your HTTP client, and read the answer with [`Request::read`].
//!
//! # Example
//!
//! ```
//! use copper_lead::api::Response;
//! use copper_lead::leads::{self, LeadUpdate};
//! use copper_lead::{Field, Lead};
//!
//! let before: Lead = serde_json::from_str(r#"{"id": 8894157, "name": "Ada", "title": "Engineer",
//!     "tags": ["a"], "date_modified": 1700000000}"#)?;
//! let mut after = before.clone();
//! after.title = Field::Null;
//! after.tags = Field::Value(vec!["a".to_owned(), "b".to_owned()]);
//!
//! // Only what changed goes: `null` clears, a list is sent whole.
//! let request = leads::update(&before, &LeadUpdate::diff(&before, &after))?;
//! assert_eq!(request.path(), "/leads/8894157");
//! assert_eq!(request.body(), Some(&br#"{"tags":["a","b"],"title":null}"#[..]));
//!
//! let updated: Lead = request.read(&Response::new(200, br#"{"id": 8894157, "name": "Ada", "title": null}"#))?;
//! assert!(updated.title.is_null());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use crate::activity::{Activity, ActivityQuery};
use crate::api::request::{Method, Request};
use crate::api::response::Deleted;
use crate::model::id::LeadId;
use crate::model::lead::Lead;

pub(crate) mod bulk;
pub(crate) mod pager;
pub(crate) mod search;
pub(crate) mod update;
pub(crate) mod upsert;

pub use bulk::{BULK_LIMIT, BulkError, BulkResult, BulkResults, bulk_create, bulk_update};
pub use pager::Pager;
pub use search::{
    CustomFieldFilter, LeadSearch, OptionMatch, SEARCH_CAP, SearchError, SearchPage, SortBy,
    SortDirection,
};
pub use update::LeadUpdate;
pub use upsert::{AmbiguousMatch, MissingMatchValue, UpsertMatch, Upserted, upsert};

/// The keys Copper sets itself, which a create, update or upsert body never carries (not even
/// from a [`LeadUpdate`]'s `extra`): the id, the timestamps, `interaction_count`, the converted
/// amount and the conversion keys.
pub const READ_ONLY_KEYS: &[&str] = update::READ_ONLY;

/// `GET /leads/{id}`: one lead. A lead that does not exist, or was converted (Copper removes
/// it), answers `404`: an [`ApiError`](crate::api::ApiError) of kind `NotFound`.
///
/// ```
/// use copper_lead::{LeadId, leads};
///
/// let request = leads::fetch(LeadId::new(8894157));
/// assert_eq!(request.path(), "/leads/8894157");
/// assert!(request.body().is_none());
/// ```
#[must_use]
pub fn fetch(id: LeadId) -> Request<Lead> {
    Request::new(Method::Get, format!("/leads/{id}"))
}

/// `POST /leads`: creates the lead, sending its keys except the [read-only ones](READ_ONLY_KEYS)
/// (so a lead read from Copper can be sent again as a new one). Keys the crate does not model
/// are sent as they are. Not safe to resend after a lost response: the lead may exist twice
/// (Copper has no idempotency key; search by email before retrying).
///
/// ```
/// # #[cfg(feature = "validate")] {
/// use copper_lead::{EmailCategory, Lead, LeadId, leads};
///
/// let lead = Lead::builder("My Lead").id(LeadId::new(1)).email("mylead@noemail.com", EmailCategory::Work).build()?;
/// let request = leads::create(&lead);
/// assert_eq!(request.body(), Some(&br#"{"name":"My Lead","email":{"email":"mylead@noemail.com","category":"work"}}"#[..]));
/// assert!(!request.is_idempotent());
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use]
pub fn create(lead: &Lead) -> Request<Lead> {
    Request::with_body(
        Method::Post,
        "/leads".to_owned(),
        &LeadUpdate::writable(lead),
    )
}

/// `PUT /leads/{id}`: changes the keys the update carries, for the lead as read (its id comes
/// from `lead`). Build the update with [`LeadUpdate::diff`] or by setting its fields.
///
/// ```
/// use copper_lead::leads::{self, LeadUpdate};
/// use copper_lead::Lead;
///
/// let read: Lead = serde_json::from_str(r#"{"id": 8894157, "name": "Ada", "title": "Analyst"}"#)?;
/// let mut edited = read.clone();
/// edited.title = "Engineer".into();
/// let request = leads::update(&read, &LeadUpdate::diff(&read, &edited))?;
/// assert_eq!(request.path(), "/leads/8894157");
/// assert_eq!(request.body(), Some(&br#"{"title":"Engineer"}"#[..]));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// [`MissingLeadId`] when `lead` has no id.
pub fn update(lead: &Lead, update: &LeadUpdate) -> Result<Request<Lead>, MissingLeadId> {
    let id = lead.id.value().copied().ok_or(MissingLeadId)?;
    Ok(update_by_id(id, update))
}

/// `PUT /leads/{id}` for a lead known by its id only.
///
/// ```
/// use copper_lead::leads::{self, LeadUpdate};
/// use copper_lead::LeadId;
///
/// let request = leads::update_by_id(LeadId::new(8894157), &LeadUpdate::default().details("This is an update"));
/// assert_eq!(request.body(), Some(&br#"{"details":"This is an update"}"#[..]));
/// ```
#[must_use]
pub fn update_by_id(id: LeadId, update: &LeadUpdate) -> Request<Lead> {
    Request::with_body(Method::Put, format!("/leads/{id}"), &*update.sendable())
}

/// `DELETE /leads/{id}`: removes the lead for good. Copper answers `{"id": ..., "is_deleted":
/// true}`; sent again, the answer is `404`.
///
/// ```
/// use copper_lead::api::Response;
/// use copper_lead::{LeadId, leads};
///
/// let request = leads::delete(LeadId::new(8900677));
/// let deleted = request.read(&Response::new(200, br#"{"id": 8900677, "is_deleted": true}"#))?;
/// assert_eq!(deleted.is_deleted.value(), Some(&true));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use]
pub fn delete(id: LeadId) -> Request<Deleted<LeadId>> {
    Request::new(Method::Delete, format!("/leads/{id}"))
}

/// `POST /leads/search`: one page of leads matching the search. Safe to resend.
///
/// ```
/// use copper_lead::leads::{self, LeadSearch, SortBy, SortDirection};
///
/// let search = LeadSearch::new().emails("ada@example.com").sort(SortBy::DateModified, SortDirection::Desc);
/// let request = leads::search(&search);
/// assert_eq!(request.body(), Some(&br#"{"page_size":20,"page_number":1,"sort_by":"date_modified","sort_direction":"desc","emails":"ada@example.com"}"#[..]));
/// ```
#[must_use]
pub fn search(search: &LeadSearch) -> Request<SearchPage> {
    Request::with_body(Method::Post, "/leads/search".to_owned(), search).idempotent(true)
}

/// `POST /leads/{id}/activities`: one page of a lead's activities, filtered by `query`
/// (types, activity dates; page 1 of 20 unless set). Safe to resend. Ask for
/// [`ActivityQuery::next_page`] while a page comes back full; the [`activity`](crate::activity)
/// module shows a status audit built on the answer.
///
/// ```
/// use copper_lead::activity::{ActivityQuery, ActivityType};
/// use copper_lead::api::Response;
/// use copper_lead::{LeadId, leads};
///
/// let request = leads::activities(LeadId::new(1), &ActivityQuery::new().types([ActivityType::user(1)]));
/// assert_eq!(request.body(), Some(&br#"{"activity_types":[{"id":1,"category":"user"}]}"#[..]));
/// assert!(request.is_idempotent());
/// let activities = request.read(&Response::new(200, br#"[{"id": 68, "parent": {"id": 1, "type": "lead"},
///     "type": {"id": 1, "category": "user"}, "details": "Phone call with Dave"}]"#))?;
/// assert_eq!(activities[0].details.as_deref(), Some("Phone call with Dave"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use]
pub fn activities(id: LeadId, query: &ActivityQuery) -> Request<Vec<Activity>> {
    Request::with_body(Method::Post, format!("/leads/{id}/activities"), query).idempotent(true)
}

/// `POST /leads/{id}/convert`: the conversion's request. Not safe to resend: after a lost
/// response, find out what happened before trying again.
///
/// ```
/// use copper_lead::convert::ConvertOptions;
/// use copper_lead::lifecycle::QualifiedLead;
/// use copper_lead::{Lead, LeadId, LeadStatus, Timestamp, leads};
///
/// let lead = Lead::builder("Ada").id(LeadId::new(8894157)).status(LeadStatus::Qualified).build()?;
/// let conversion = QualifiedLead::new(lead, &copper_lead::validate::Validator::new())?.convert(&ConvertOptions::new(Timestamp::from_unix(1)?))?;
/// let request = leads::convert(conversion.request());
/// assert_eq!(request.path(), "/leads/8894157/convert");
/// assert!(!request.is_idempotent());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[cfg(feature = "convert")]
#[must_use]
pub fn convert(
    request: &crate::convert::request::ConvertRequest,
) -> Request<crate::convert::request::ConvertResponse> {
    let path = format!("/leads/{}/convert", request.lead_id());
    Request::with_body(Method::Post, path, request)
}

/// The error for an update of a lead without an id.
///
/// ```
/// # #[cfg(feature = "validate")] {
/// use copper_lead::leads::{self, LeadUpdate, MissingLeadId};
/// use copper_lead::Lead;
///
/// let unsaved = Lead::builder("Ada").build()?;
/// assert_eq!(leads::update(&unsaved, &LeadUpdate::default()).unwrap_err(), MissingLeadId);
/// # }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the lead has no id: an update needs the id of a lead copper has")]
pub struct MissingLeadId;
