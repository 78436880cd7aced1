//! Activities: what happened to a lead, as Copper records it. A note or a call someone logged
//! (category `user`), or a change Copper made itself (category `system`: "Property Changed",
//! "Pipeline Stage Changed"). The requests are [`create`] (log one), [`types`] (the account's
//! activity types) and [`leads::activities`](crate::leads::activities) (a lead's activities,
//! filtered and paged with an [`ActivityQuery`]).
//!
//! # A lead's status history, from Copper's own records
//!
//! Copper records a status change as a "Property Changed" activity with the value before and
//! after. [`status_history`] reads those activities into the [`StatusChange`]s that
//! [`Lead::apply_history`](crate::Lead::apply_history) audits, and lists the property changes
//! it could not place rather than dropping them:
//!
//! ```
//! use copper_lead::activity::{self, ActivityQuery, ActivityType};
//! use copper_lead::api::Response;
//! use copper_lead::lifecycle::{ReplayError, StatusCatalog};
//! use copper_lead::{Lead, LeadId, LeadStatus, leads};
//!
//! let id = LeadId::new(8894157);
//! let request = leads::activities(id, &ActivityQuery::new().types([ActivityType::property_changed()]));
//! // Copper's answer (here written by hand): New -> Junk -> Qualified, newest first.
//! let activities = request.read(&Response::new(200, br#"[
//!   {"id": 2, "parent": {"id": 8894157, "type": "lead"}, "type": {"id": 1, "category": "system"},
//!    "activity_date": 1489019921, "old_value": "Junk", "new_value": "Qualified"},
//!   {"id": 1, "parent": {"id": 8894157, "type": "lead"}, "type": {"id": 1, "category": "system"},
//!    "activity_date": 1489019860, "old_value": "New", "new_value": "Junk"}]"#))?;
//!
//! let catalog = StatusCatalog::stock();
//! let history = activity::status_history(id, &activities, catalog);
//! assert_eq!(history.changes.len(), 2);
//! assert!(history.unplaced.is_empty());
//!
//! let mut lead: Lead = serde_json::from_str(r#"{"id": 8894157, "name": "Test Lead", "status": "New"}"#)?;
//! let findings = lead.apply_history(catalog, &history.changes);
//! // Junk to Qualified skips the lifecycle: the audit says so, with the change's index.
//! assert!(matches!(findings.as_slice(), [ReplayError::Illegal { index: 1, .. }]));
//! assert_eq!(lead.status.value(), Some(&LeadStatus::Qualified));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Copper documents `old_value` and `new_value` as objects holding "the value of a resource's
//! property", and every example it publishes has them `null`: the shape of a status in them
//! is not documented. [`status_history`] reads a status name (`"Open"`), a status id
//! (`208232`) or an object with either (`{"id": 208232, "name": "Open"}`), and only values the
//! account's catalog knows, since a change of another property looks the same.

use serde::Serialize;
use serde_json::Value;

use crate::api::request::{Method, Request};
use crate::lifecycle::catalog::{CatalogEntry, StatusCatalog};
use crate::lifecycle::transition::StatusChange;
use crate::model::entity::EntityType;
use crate::model::id::{ActivityId, ActivityTypeId, LeadId, LeadStatusId, UserId};
use crate::model::timestamp::Timestamp;
use crate::wire::field::Field;
use crate::wire::open_enum::open_enum;
use crate::wire::record::wire_record;

open_enum! {
    /// Who records an activity of a type (`category`): a person (`user`), or Copper
    /// itself (`system`, read-only).
    ///
    /// ```
    /// use copper_lead::activity::ActivityCategory;
    ///
    /// assert_eq!(serde_json::from_str::<ActivityCategory>(r#""system""#)?, ActivityCategory::System);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub enum ActivityCategory("an activity category") {
        User = "user",
        System = "system",
    }
}

wire_record! {
    /// An activity type: `{"id", "category"}` inside an activity or a query, and with `name`,
    /// `is_disabled` and `count_as_interaction` in `GET /activity_types` ([`types`]).
    ///
    /// A type is known by its category and id together: Notes are `user` 0, and Copper's two
    /// documented system types are "Property Changed" (`system` 1) and "Pipeline Stage
    /// Changed" (`system` 3); other ids are the account's own. Real accounts have more system
    /// types than the docs list (a captured list has "User Assigned", "Entity Created" and
    /// "Email"), so the set stays open.
    ///
    /// ```
    /// use copper_lead::activity::{ActivityCategory, ActivityType};
    ///
    /// let call: ActivityType = serde_json::from_str(r#"{"id": 190711, "category": "user",
    ///     "name": "Phone Call", "is_disabled": false, "count_as_interaction": true}"#)?;
    /// assert_eq!(call.category.value(), Some(&ActivityCategory::User));
    /// assert!(ActivityType::note().is(&ActivityType::user(0)));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub struct ActivityType("an activity type") setters {
        /// The type's id, unique within its category.
        id: ActivityTypeId,
        /// `user` or `system`.
        category: ActivityCategory,
        /// Its name ("Note", "Phone Call", "Property Changed", ...).
        name: String,
        /// Whether it was removed from the account's settings (it still labels old
        /// activities, but new ones cannot use it).
        is_disabled: bool,
        /// Whether activities of this type count as interactions.
        count_as_interaction: bool,
    }
}

impl ActivityType {
    /// The type `category`/`id`, as a query or a new activity names it.
    fn of(category: ActivityCategory, id: u64) -> Self {
        ActivityType::default()
            .id(ActivityTypeId::new(id))
            .category(category)
    }

    /// A user type by its id (from [`types`]).
    #[must_use]
    pub fn user(id: u64) -> Self {
        ActivityType::of(ActivityCategory::User, id)
    }

    /// A note: `user` 0, the same id in every account.
    #[must_use]
    pub fn note() -> Self {
        ActivityType::user(0)
    }

    /// "Property Changed": `system` 1, which records a status change among others.
    #[must_use]
    pub fn property_changed() -> Self {
        ActivityType::of(ActivityCategory::System, 1)
    }

    /// "Pipeline Stage Changed": `system` 3.
    #[must_use]
    pub fn pipeline_stage_changed() -> Self {
        ActivityType::of(ActivityCategory::System, 3)
    }

    /// Whether two types are the same type: the same category and id (names and flags
    /// aside).
    #[must_use]
    pub fn is(&self, other: &ActivityType) -> bool {
        self.id.is_value() && self.id == other.id && self.category == other.category
    }

    /// The type as a request names it: its category and id only (Copper ignores the rest).
    fn reference(&self) -> ActivityType {
        ActivityType {
            id: self.id,
            category: self.category.clone(),
            ..ActivityType::default()
        }
    }
}

wire_record! {
    /// The record an activity belongs to: `{"id": 8894157, "type": "lead"}`.
    ///
    /// ```
    /// use copper_lead::LeadId;
    /// use copper_lead::activity::ActivityParent;
    ///
    /// let parent = ActivityParent::lead(LeadId::new(8894157));
    /// assert_eq!(serde_json::to_string(&parent)?, r#"{"id":8894157,"type":"lead"}"#);
    /// assert_eq!(parent.lead_id(), Some(LeadId::new(8894157)));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub struct ActivityParent("an activity's parent") setters {
        /// The record's id, of the kind `type` names.
        id: u64,
        /// The kind of record (`type` on the wire).
        kind as "type": EntityType,
    }
}

impl ActivityParent {
    /// A lead as the parent.
    #[must_use]
    pub fn lead(id: LeadId) -> Self {
        ActivityParent::default()
            .id(id.get())
            .kind(EntityType::Lead)
    }

    /// The lead, when the parent is one.
    #[must_use]
    pub fn lead_id(&self) -> Option<LeadId> {
        match (self.kind.value(), self.id.value()) {
            (Some(EntityType::Lead), Some(&id)) => Some(LeadId::new(id)),
            _ => None,
        }
    }
}

wire_record! {
    /// An activity: a note, a call or a meeting someone logged, or a change Copper recorded.
    ///
    /// ```
    /// use copper_lead::activity::{Activity, ActivityType};
    /// use copper_lead::LeadId;
    ///
    /// // Copper's documented answer for a lead's activities.
    /// let call: Activity = serde_json::from_str(r#"{"id": 68, "parent": {"id": 1, "type": "lead"},
    ///     "type": {"id": 1, "category": "user"}, "user_id": 1, "details": "Phone call with Dave",
    ///     "activity_date": 1522455323, "old_value": null, "new_value": null,
    ///     "date_created": 1522455329, "date_modified": 1522455323}"#)?;
    /// assert_eq!(call.parent.value().and_then(|p| p.lead_id()), Some(LeadId::new(1)));
    /// assert!(!call.is_property_change());
    ///
    /// // A new note on a lead, for `activity::create`.
    /// let note = Activity::on_lead(LeadId::new(1), ActivityType::note(), "Sent the price list");
    /// assert_eq!(note.details.as_deref(), Some("Sent the price list"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub struct Activity("an activity") setters {
        /// The activity's id (in Copper's answers).
        id: ActivityId,
        /// The record it belongs to.
        parent: ActivityParent,
        /// Its type (`type` on the wire).
        kind as "type": ActivityType,
        /// The user who performed it.
        user_id: UserId,
        /// Its text (a note's body; `null` on system activities).
        details: String,
        /// When it took place (Copper sets the time of creation when a new one has none).
        activity_date: Timestamp,
        /// On a system activity, the property's value before (Copper documents an object).
        old_value: Value,
        /// On a system activity, the property's value after.
        new_value: Value,
        /// When Copper recorded it.
        date_created: Timestamp,
        /// When it last changed.
        date_modified: Timestamp,
    }
}

impl Activity {
    /// A new activity of `kind` on a lead, with its text.
    #[must_use]
    pub fn on_lead(lead: LeadId, kind: ActivityType, details: impl Into<String>) -> Self {
        Activity::default()
            .parent(ActivityParent::lead(lead))
            .kind(kind)
            .details(details.into())
    }

    /// Whether Copper recorded it as "Property Changed" (`system` 1): a status change, or a
    /// change of another property.
    #[must_use]
    pub fn is_property_change(&self) -> bool {
        self.kind
            .value()
            .is_some_and(|kind| kind.is(&ActivityType::property_changed()))
    }
}

wire_record! {
    /// The account's activity types (`GET /activity_types`): `{"user": [...], "system": [...]}`.
    ///
    /// ```
    /// use copper_lead::activity::ActivityTypes;
    ///
    /// let types: ActivityTypes = serde_json::from_str(r#"{"user": [{"id": 0, "category": "user",
    ///     "name": "Note"}, {"id": 190711, "category": "user", "name": "Phone Call"}],
    ///     "system": [{"id": 1, "category": "system", "name": "Property Changed"}]}"#)?;
    /// let call = types.find("phone call").expect("a Phone Call type");
    /// assert_eq!(call.id.value().map(|id| id.get()), Some(190711));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub struct ActivityTypes("the activity types") {
        /// Types people log (Notes, Phone Calls, Meetings and the account's own).
        user: Vec<ActivityType>,
        /// Types Copper records itself.
        system: Vec<ActivityType>,
    }
}

impl ActivityTypes {
    /// The type with this name, user types first: an exact match, else one ignoring case.
    #[must_use]
    pub fn find(&self, name: &str) -> Option<&ActivityType> {
        crate::wire::case::find(self.user.items(), name, |t| t.name.as_deref())
            .or_else(|| crate::wire::case::find(self.system.items(), name, |t| t.name.as_deref()))
    }
}

/// `GET /activity_types`: the account's activity types.
///
/// ```
/// use copper_lead::activity;
///
/// let request = activity::types();
/// assert_eq!(request.path(), "/activity_types");
/// ```
#[must_use]
pub fn types() -> Request<ActivityTypes> {
    Request::new(Method::Get, "/activity_types".to_owned())
}

/// Why an activity cannot be created.
///
/// ```
/// use copper_lead::activity::{self, Activity, ActivityError, ActivityType};
/// use copper_lead::LeadId;
///
/// let change = Activity::on_lead(LeadId::new(1), ActivityType::property_changed(), "");
/// assert_eq!(activity::create(&change).unwrap_err(), ActivityError::SystemType);
/// assert_eq!(
///     ActivityError::SystemType.to_string(),
///     "copper records system activities itself; only user activities can be created"
/// );
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ActivityError {
    /// A key Copper requires (`parent` with its `id` and `type`, `type` with its `id` and
    /// `category`, or `details`) has no value.
    #[error("an activity needs `{0}`")]
    Missing(&'static str),
    /// The type is a system type, which Copper alone records.
    #[error("copper records system activities itself; only user activities can be created")]
    SystemType,
}

/// `POST /activities`: logs an activity (a note, a call) on its parent. The body is the
/// activity without what Copper sets (`id`, `date_created`, `date_modified`), with its type
/// as `{"id", "category"}`. Not safe to resend: a second activity would be logged.
///
/// # Errors
///
/// [`ActivityError`] when the parent, the type or `details` is missing, or the type is a
/// system type.
///
/// ```
/// use copper_lead::activity::{self, Activity, ActivityType};
/// use copper_lead::{LeadId, Timestamp};
///
/// let call = Activity::on_lead(LeadId::new(8894157), ActivityType::user(190711), "Called, no answer")
///     .activity_date(Timestamp::from_unix(1_700_000_000)?);
/// let request = activity::create(&call)?;
/// assert_eq!(request.path(), "/activities");
/// assert_eq!(request.body(), Some(&br#"{"parent":{"id":8894157,"type":"lead"},"type":{"id":190711,"category":"user"},"details":"Called, no answer","activity_date":1700000000}"#[..]));
/// assert!(!request.is_idempotent());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn create(activity: &Activity) -> Result<Request<Activity>, ActivityError> {
    let parent = activity
        .parent
        .value()
        .ok_or(ActivityError::Missing("parent"))?;
    if !parent.id.is_value() || !parent.kind.is_value() {
        return Err(ActivityError::Missing("parent"));
    }
    let kind = activity
        .kind
        .value()
        .ok_or(ActivityError::Missing("type"))?;
    match kind.category.value() {
        None => return Err(ActivityError::Missing("type")),
        Some(ActivityCategory::System) => return Err(ActivityError::SystemType),
        Some(_) => {}
    }
    if !kind.id.is_value() {
        return Err(ActivityError::Missing("type"));
    }
    if !activity.details.is_value() {
        return Err(ActivityError::Missing("details"));
    }
    let body = Activity {
        id: Field::Absent,
        kind: Field::Value(kind.reference()),
        date_created: Field::Absent,
        date_modified: Field::Absent,
        ..activity.clone()
    };
    Ok(Request::with_body(
        Method::Post,
        "/activities".to_owned(),
        &body,
    ))
}

/// Copper's default page size for activities.
const DEFAULT_PAGE_SIZE: u32 = 20;

/// The largest page Copper's searches return.
const MAX_PAGE_SIZE: u32 = 200;

/// What to read of a lead's activities ([`leads::activities`](crate::leads::activities)):
/// the documented filters (types, an activity date range, `full_result`) and a page. Only
/// what is set is sent, so Copper's defaults apply to the rest (page 1 of 20).
///
/// ```
/// use copper_lead::activity::{ActivityQuery, ActivityType};
/// use copper_lead::{LeadId, Timestamp, leads};
///
/// let query = ActivityQuery::new()
///     .types([ActivityType::note(), ActivityType::user(190711)])
///     .since(Timestamp::from_unix(1_700_000_000)?)
///     .page_size(200)?;
/// let request = leads::activities(LeadId::new(8894157), &query);
/// assert_eq!(request.path(), "/leads/8894157/activities");
/// assert_eq!(
///     request.body(),
///     Some(&br#"{"activity_types":[{"id":0,"category":"user"},{"id":190711,"category":"user"}],"page_size":200,"minimum_activity_date":1700000000}"#[..])
/// );
/// // A full page means there may be more.
/// let next = query.next_page(200).expect("a full page");
/// assert_eq!(next.page(), 2);
/// assert!(next.next_page(17).is_none());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// The other documented keys, and the page Copper counts from 1:
///
/// ```
/// use copper_lead::activity::{ActivityQuery, ActivityType, PageError};
/// use copper_lead::{LeadId, Timestamp, leads};
///
/// let query = ActivityQuery::new()
///     .types([ActivityType::pipeline_stage_changed()])
///     .until(Timestamp::from_unix(1_700_000_000)?)
///     .full_result(true)
///     .page_number(3)?;
/// let body: serde_json::Value =
///     serde_json::from_slice(leads::activities(LeadId::new(1), &query).body().unwrap())?;
/// assert_eq!(body["maximum_activity_date"], 1_700_000_000);
/// assert_eq!((body["full_result"].as_bool(), body["page_number"].as_u64()), (Some(true), Some(3)));
/// assert_eq!(body["activity_types"], serde_json::json!([{"id": 3, "category": "system"}]));
/// assert!(matches!(ActivityQuery::new().page_number(0), Err(PageError::Number)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ActivityQuery {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    activity_types: Vec<ActivityType>,
    #[serde(skip_serializing_if = "Option::is_none")]
    page_number: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    page_size: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    minimum_activity_date: Option<Timestamp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    maximum_activity_date: Option<Timestamp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    full_result: Option<bool>,
}

/// Why a query's page cannot be asked for.
///
/// ```
/// use copper_lead::activity::{ActivityQuery, PageError};
///
/// assert_eq!(ActivityQuery::new().page_size(500).unwrap_err(), PageError::Size(500));
/// assert_eq!(PageError::Size(500).to_string(), "a page holds 1 to 200 activities, not 500");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PageError {
    /// `page_size` outside 1 to 200.
    #[error("a page holds 1 to 200 activities, not {0}")]
    Size(u32),
    /// `page_number` 0.
    #[error("pages are numbered from 1")]
    Number,
}

impl ActivityQuery {
    /// Every activity, Copper's first page of 20.
    #[must_use]
    pub fn new() -> Self {
        ActivityQuery::default()
    }

    /// Only activities of these types (each sent as its category and id).
    #[must_use]
    pub fn types(mut self, types: impl IntoIterator<Item = ActivityType>) -> Self {
        self.activity_types
            .extend(types.into_iter().map(|t| t.reference()));
        self
    }

    /// Only activities that took place at or after `at` (`minimum_activity_date`).
    #[must_use]
    pub fn since(mut self, at: Timestamp) -> Self {
        self.minimum_activity_date = Some(at);
        self
    }

    /// Only activities that took place at or before `at` (`maximum_activity_date`).
    #[must_use]
    pub fn until(mut self, at: Timestamp) -> Self {
        self.maximum_activity_date = Some(at);
        self
    }

    /// `full_result`: faster for Copper, but an activity may come more than once (an email
    /// sent to several users); Copper ignores it unless the API user is an administrator.
    #[must_use]
    pub fn full_result(mut self, full: bool) -> Self {
        self.full_result = Some(full);
        self
    }

    /// Activities a page.
    ///
    /// # Errors
    ///
    /// [`PageError::Size`] outside 1 to 200.
    pub fn page_size(mut self, size: u32) -> Result<Self, PageError> {
        if !(1..=MAX_PAGE_SIZE).contains(&size) {
            return Err(PageError::Size(size));
        }
        self.page_size = Some(size);
        Ok(self)
    }

    /// The page to read, from 1.
    ///
    /// # Errors
    ///
    /// [`PageError::Number`] for 0.
    pub fn page_number(mut self, number: u32) -> Result<Self, PageError> {
        if number == 0 {
            return Err(PageError::Number);
        }
        self.page_number = Some(number);
        Ok(self)
    }

    /// The page this query reads.
    #[must_use]
    pub fn page(&self) -> u32 {
        self.page_number.unwrap_or(1)
    }

    /// The query for the next page, after this one answered `answered` activities: `None`
    /// when the page was not full (the last one) or the page number would overflow.
    #[must_use]
    pub fn next_page(&self, answered: usize) -> Option<Self> {
        let size = self.page_size.unwrap_or(DEFAULT_PAGE_SIZE);
        if answered < usize::try_from(size).unwrap_or(usize::MAX) {
            return None;
        }
        let mut next = self.clone();
        next.page_number = Some(self.page().checked_add(1)?);
        Some(next)
    }
}

/// A lead's status history as Copper's activities record it ([`status_history`]).
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct StatusHistory {
    /// The status changes, oldest first, for
    /// [`Lead::apply_history`](crate::Lead::apply_history).
    pub changes: Vec<StatusChange>,
    /// "Property Changed" activities of the lead that could not be placed, and why: the
    /// audit's blind spots, listed rather than dropped.
    pub unplaced: Vec<Unplaced>,
    /// "Property Changed" activities whose values are not statuses of the catalog: changes
    /// of other properties.
    pub other_properties: usize,
}

/// A "Property Changed" activity [`status_history`] could not place.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Unplaced {
    /// The activity's id, when it has one.
    pub activity: Option<ActivityId>,
    /// Why.
    pub why: UnplacedReason,
}

/// Why a "Property Changed" activity was not placed in a status history.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum UnplacedReason {
    /// Neither `old_value` nor `new_value` holds a value (as in every example Copper
    /// publishes): a property changed, and the activity does not say which or to what.
    NoValues,
    /// It has no `activity_date` and no `date_created`, so it cannot be ordered.
    NoDate,
}

/// The status changes Copper recorded for `lead` among `activities` (a page or all pages of
/// [`leads::activities`](crate::leads::activities)), oldest first (by `activity_date`, then
/// id), with each status in the catalog's spelling.
///
/// Only "Property Changed" activities whose parent is `lead` count. One whose `new_value` is
/// a status the catalog knows (by name, by id, or an object with either), and whose
/// `old_value` is one too or `null`, is a change; one without values is
/// [`Unplaced`]; any other is a change of another property, counted in
/// [`StatusHistory::other_properties`]. A status the catalog no longer has reads as another
/// property; the audit still notices, since the next change's `from` then disagrees with the
/// lead ([`ReplayError::OutOfOrder`](crate::lifecycle::ReplayError::OutOfOrder)).
///
/// The [module](self) shows the whole audit: the request, Copper's answer, and
/// [`Lead::apply_history`](crate::Lead::apply_history). What is not a status change:
///
/// ```
/// use copper_lead::LeadId;
/// use copper_lead::activity::{self, Activity, UnplacedReason};
/// use copper_lead::lifecycle::StatusCatalog;
///
/// let changed = |id: u64, at: u64, old: &str, new: &str| format!(
///     r#"{{"id": {id}, "parent": {{"id": 5, "type": "lead"}}, "type": {{"id": 1, "category": "system"}},
///     "activity_date": {at}, "old_value": {old}, "new_value": {new}}}"#);
/// let activities: Vec<Activity> = serde_json::from_str(&format!("[{}, {}, {}]",
///     changed(1, 100, "null", "null"),              // as in Copper's published examples
///     changed(2, 200, r#""Acme""#, r#""Acme Inc""#), // another property
///     changed(3, 300, r#""New""#, r#""Open""#)))?;   // a status change
/// let history = activity::status_history(LeadId::new(5), &activities, &StatusCatalog::default());
/// assert_eq!(history.changes.len(), 1);
/// assert_eq!(history.unplaced.len(), 1);
/// assert_eq!(history.unplaced[0].why, UnplacedReason::NoValues);
/// assert_eq!(history.other_properties, 1);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use]
pub fn status_history(
    lead: LeadId,
    activities: &[Activity],
    catalog: &StatusCatalog,
) -> StatusHistory {
    let mut history = StatusHistory::default();
    let mut dated: Vec<(Timestamp, Option<ActivityId>, StatusChange)> = Vec::new();
    let ours = activities.iter().filter(|a| {
        a.is_property_change() && a.parent.value().and_then(ActivityParent::lead_id) == Some(lead)
    });
    for activity in ours {
        let id = activity.id.value().copied();
        let Some(at) = activity
            .activity_date
            .value()
            .or(activity.date_created.value())
            .copied()
        else {
            history.unplaced.push(Unplaced {
                activity: id,
                why: UnplacedReason::NoDate,
            });
            continue;
        };
        let old = activity.old_value.value().filter(|v| !v.is_null());
        let new = activity.new_value.value().filter(|v| !v.is_null());
        if old.is_none() && new.is_none() {
            history.unplaced.push(Unplaced {
                activity: id,
                why: UnplacedReason::NoValues,
            });
            continue;
        }
        let to = new.and_then(|v| status_in(v, catalog));
        let from = match old {
            None => Some(None),
            Some(value) => status_in(value, catalog).map(Some),
        };
        match (from, to) {
            (Some(from), Some(to)) => {
                let change =
                    StatusChange::new(from.map(|e| e.status().clone()), to.status().clone(), at);
                dated.push((at, id, change));
            }
            _ => history.other_properties += 1,
        }
    }
    dated.sort_by_key(|a| (a.0, a.1));
    history.changes = dated.into_iter().map(|(_, _, change)| change).collect();
    history
}

/// The catalog's entry for a status as an activity's value holds it: a name, an id, or an
/// object with an `id` or a `name`.
fn status_in<'c>(value: &Value, catalog: &'c StatusCatalog) -> Option<&'c CatalogEntry> {
    match value {
        Value::String(name) => catalog.find(name),
        Value::Number(id) => catalog.entry_by_id(LeadStatusId::new(id.as_u64()?)),
        Value::Object(map) => {
            let by_id = map
                .get("id")
                .and_then(Value::as_u64)
                .and_then(|id| catalog.entry_by_id(LeadStatusId::new(id)));
            by_id.or_else(|| {
                map.get("name")
                    .and_then(Value::as_str)
                    .and_then(|n| catalog.find(n))
            })
        }
        _ => None,
    }
}

#[cfg(test)]
#[expect(clippy::unreadable_literal)] // ids as Copper writes them
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_status_reads_from_a_name_an_id_or_an_object() {
        let statuses = json!([
            {"id": 208231, "name": "New", "order": 1, "is_default": true},
            {"id": 208232, "name": "Open", "order": 2, "is_default": false}
        ]);
        let definitions: Vec<crate::lifecycle::catalog::LeadStatusDefinition> =
            serde_json::from_value(statuses).unwrap();
        let catalog =
            StatusCatalog::from_definitions(&definitions, &crate::lifecycle::StageMap::new())
                .unwrap();
        for value in [
            json!("Open"),
            json!("open"),
            json!(208232),
            json!({"id": 208232}),
            json!({"name": "Open"}),
            json!({"id": 208232, "name": "Open"}),
        ] {
            let entry = status_in(&value, &catalog).unwrap_or_else(|| panic!("{value}"));
            assert_eq!(entry.status().as_str(), "Open", "{value}");
        }
        for value in [
            json!("Hot"),
            json!(1),
            json!(-1),
            json!([]),
            json!(true),
            json!({}),
        ] {
            assert!(status_in(&value, &catalog).is_none(), "{value}");
        }
    }
}
