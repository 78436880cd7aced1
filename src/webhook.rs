//! Copper's webhooks: the subscription requests ([`subscribe`], [`subscriptions`],
//! [`subscription`], [`update_subscription`], [`unsubscribe`]) and the [`Notification`] a receiver gets, with a constant-time check of
//! the secret and the lead status change it reports.
//!
//! Copper sends a notification at most once, without retry, up to 15 minutes late, for 1 to
//! 30 records at a time; an account has at most 100 subscriptions. A notification carries
//! ids, not records: fetch the records it names.
//!
//! # Example
//!
//! ```
//! use copper_lead::webhook::{self, Notification, Subscription, WebhookEvent, WebhookType};
//! use copper_lead::{LeadStatus, Timestamp};
//! use std::collections::BTreeMap;
//!
//! let secret = BTreeMap::from([("key".to_owned(), "copper_notifications".to_owned())]);
//! let subscription = Subscription::default()
//!     .target("https://hooks.example.com/copper")
//!     .kind(WebhookType::Lead)
//!     .event(WebhookEvent::Update)
//!     .secret(secret.clone());
//! let request = webhook::subscribe(&subscription)?;
//! assert_eq!(request.path(), "/webhooks");
//!
//! // What the receiver gets: the secret's pairs come back at the top level.
//! let body = br#"{"ids": [8894157], "type": "lead", "event": "update", "subscription_id": 17065,
//!     "key": "copper_notifications", "timestamp": "2024-10-14T16:15:54.893Z",
//!     "updated_attributes": {"status": ["New", "Open"]}}"#;
//! let notification: Notification = copper_lead::from_slice(body)?;
//! assert!(notification.has_secret(&secret));
//! let change = notification.status_change(Timestamp::from_unix(0)?).expect("a status change");
//! assert_eq!((change.from, change.to), (Some(LeadStatus::New), LeadStatus::Open));
//! assert_eq!(change.at.unix(), 1728922554);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use serde_json::Value;
use std::collections::BTreeMap;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::api::origin::shown;
use crate::api::request::{Method, Request};
use crate::lifecycle::transition::StatusChange;
use crate::model::id::{CompanyId, LeadId, OpportunityId, PersonId, SubscriptionId};
use crate::model::status::LeadStatus;
use crate::model::timestamp::Timestamp;
use crate::wire::field::Field;
use crate::wire::open_enum::open_enum;
use crate::wire::quote::Quoted;
use crate::wire::record::wire_record;

open_enum! {
    /// The kind of record a subscription watches (`type`).
    ///
    /// ```
    /// use copper_lead::webhook::WebhookType;
    ///
    /// assert_eq!(WebhookType::from("activity_log"), WebhookType::ActivityLog);
    /// assert_eq!(serde_json::to_string(&WebhookType::Lead)?, r#""lead""#);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub enum WebhookType("a webhook type") {
        Lead = "lead",
        Person = "person",
        Company = "company",
        Opportunity = "opportunity",
        Project = "project",
        Task = "task",
        ActivityLog = "activity_log",
    }
}

open_enum! {
    /// What happened to the records (`event`).
    ///
    /// ```
    /// use copper_lead::webhook::WebhookEvent;
    ///
    /// let event: WebhookEvent = serde_json::from_str(r#""delete""#)?;
    /// assert_eq!(event, WebhookEvent::Delete);
    /// assert_eq!(event.as_str(), "delete");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub enum WebhookEvent("a webhook event") {
        New = "new",
        Update = "update",
        Delete = "delete",
    }
}

wire_record! {
    /// A webhook subscription: what `POST /webhooks` takes (`target`, `type`, `event`, and
    /// optionally `secret`, `headers`, `custom_field_computed_values`) and answers (with `id`
    /// and `created_at`).
    ///
    /// ```
    /// use copper_lead::webhook::{Subscription, WebhookEvent, WebhookType};
    ///
    /// // One of `GET /webhooks`'s answers.
    /// let read: Subscription = serde_json::from_str(r#"{"id": 17065, "target":
    ///     "https://hooks.example.com/copper", "type": "lead", "event": "new",
    ///     "created_at": 1489173173}"#)?;
    /// assert_eq!(read.kind.value(), Some(&WebhookType::Lead));
    /// assert_eq!(read.event.value(), Some(&WebhookEvent::New));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub struct Subscription("a webhook subscription") setters {
        /// The subscription's id (in Copper's answers).
        id: SubscriptionId,
        /// The receiver's URL; Copper requires `https`.
        target: String,
        /// The kind of record watched (`type` on the wire).
        kind as "type": WebhookType,
        /// What is watched: creation, update or deletion.
        event: WebhookEvent,
        /// Key/value pairs Copper sends back at the top level of every notification, so the
        /// receiver can tell the notification comes from this subscription.
        secret: BTreeMap<String, String> [secret],
        /// HTTP headers Copper sends with every notification (an `Authorization` header,
        /// say: hidden from `Debug` like the secret).
        headers: BTreeMap<String, String> [secret],
        /// Whether notifications carry option names instead of option ids.
        custom_field_computed_values: bool,
        /// When the subscription was made (in Copper's answers).
        created_at: Timestamp,
    }
}

/// Why a subscription request was refused.
///
/// ```
/// use copper_lead::webhook::{self, Subscription, SubscriptionError, WebhookEvent, WebhookType};
///
/// let plain_http = Subscription::default()
///     .target("http://hooks.example.com/copper")
///     .kind(WebhookType::Lead)
///     .event(WebhookEvent::New);
/// let err = webhook::subscribe(&plain_http).unwrap_err();
/// assert!(matches!(err, SubscriptionError::NotHttps(_)));
/// assert_eq!(
///     err.to_string(),
///     "copper sends webhooks to https urls only, not \"http://hooks.example.com/copper\""
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SubscriptionError {
    /// A required key (`target`, `type` or `event`) has no value.
    #[error("a subscription needs `{0}`")]
    Missing(&'static str),
    /// The target is not an `https://` URL (nor `http://` to this machine, for a simulator).
    #[error("copper sends webhooks to https urls only, not {}", Quoted(&shown(.0)))]
    NotHttps(String),
    /// The target is an `https://` URL that is not what it looks like (a user name before the
    /// host, a port out of range, a backslash, control or invisible characters, a fragment).
    #[error("the target {} {why}", Quoted(&shown(.target)))]
    InvalidTarget {
        /// The refused target.
        target: String,
        /// Why, in a phrase.
        why: &'static str,
    },
    /// A secret key is one of the notification's own keys.
    #[error("the secret key {} is a key of the notification itself; choose another name", Quoted(.0))]
    SecretKey(String),
    /// A secret value is empty: it would prove nothing.
    #[error("the secret {} has an empty value", Quoted(.0))]
    EmptySecret(String),
    /// An update sets a key Copper does not change (`type` or `event`).
    #[error("a subscription's `{0}` cannot change; subscribe anew instead")]
    Unchangeable(&'static str),
    /// An update sets none of the keys Copper changes.
    #[error(
        "an update of a subscription needs `target`, `secret`, `headers` or `custom_field_computed_values`"
    )]
    NothingToChange,
}

/// `POST /webhooks`: subscribes, sending the subscription without `id` and `created_at`. Not
/// safe to resend (a second subscription would be made). The request's `Debug` does not show
/// its body, which holds the secret.
///
/// # Errors
///
/// [`SubscriptionError`] when the subscription lacks `target`, `type` or `event`, its target is
/// not an `https://` URL (or `http://` to this machine, which only a simulator takes) that
/// goes where it looks (no user name before the host, a port from 1
/// to 65535, printable ASCII, no fragment), a secret key is one a notification uses for
/// itself, or a secret value is empty.
///
/// ```
/// use copper_lead::webhook::{self, Subscription, WebhookEvent, WebhookType};
///
/// let subscription = Subscription::default()
///     .target("https://your.endpoint.here")
///     .kind(WebhookType::Lead)
///     .event(WebhookEvent::Update)
///     .custom_field_computed_values(true);
/// let request = webhook::subscribe(&subscription)?;
/// assert_eq!(
///     request.body(),
///     Some(&br#"{"target":"https://your.endpoint.here","type":"lead","event":"update","custom_field_computed_values":true}"#[..])
/// );
/// assert!(!request.is_idempotent());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn subscribe(subscription: &Subscription) -> Result<Request<Subscription>, SubscriptionError> {
    let target = subscription
        .target
        .value()
        .ok_or(SubscriptionError::Missing("target"))?;
    check_target(target)?;
    if !subscription.kind.is_value() {
        return Err(SubscriptionError::Missing("type"));
    }
    if !subscription.event.is_value() {
        return Err(SubscriptionError::Missing("event"));
    }
    check_secret(subscription)?;
    // What Copper sets itself is not sent back (a subscription read from Copper has both).
    let body = Subscription {
        id: Field::Absent,
        created_at: Field::Absent,
        ..subscription.clone()
    };
    Ok(Request::with_body(Method::Post, "/webhooks".to_owned(), &body).sensitive())
}

/// A target Copper delivers to, and that goes where it looks: `https://`, or `http://` to
/// this machine (Copper refuses that; a simulator takes it, so a test receives without TLS).
fn check_target(target: &str) -> Result<(), SubscriptionError> {
    if !target.starts_with("https://") && !target.starts_with("http://") {
        return Err(SubscriptionError::NotHttps(target.to_owned()));
    }
    let authority = crate::api::origin::host_and_port(target, &["https://", "http://"], true)
        .map_err(|why| SubscriptionError::InvalidTarget {
            target: target.to_owned(),
            why,
        })?;
    let host = match authority.rsplit_once(':') {
        Some((host, port)) if !port.contains(']') => host,
        _ => authority,
    };
    if target.starts_with("https://") || matches!(host, "127.0.0.1" | "localhost" | "[::1]") {
        Ok(())
    } else {
        Err(SubscriptionError::NotHttps(target.to_owned()))
    }
}

/// A secret whose pairs a receiver can find in a notification, each proving something.
fn check_secret(subscription: &Subscription) -> Result<(), SubscriptionError> {
    if let Some(key) = subscription
        .secret
        .value()
        .into_iter()
        .flat_map(BTreeMap::keys)
        // A pair named like one of the notification's own keys would be lost among them.
        .find(|key| Notification::KEYS.contains(&key.as_str()))
    {
        return Err(SubscriptionError::SecretKey(key.clone()));
    }
    if let Some((key, _)) = subscription
        .secret
        .value()
        .into_iter()
        .flatten()
        .find(|(_, value)| value.is_empty())
    {
        return Err(SubscriptionError::EmptySecret(key.clone()));
    }
    Ok(())
}

/// `GET /webhooks/{id}`: one subscription. Its `Debug` hides the secret and the headers, as
/// every subscription's does.
///
/// ```
/// use copper_lead::api::Response;
/// use copper_lead::webhook::{self, WebhookType};
/// use copper_lead::SubscriptionId;
///
/// let request = webhook::subscription(SubscriptionId::new(25347));
/// assert_eq!(request.path(), "/webhooks/25347");
/// let found = request.read(&Response::new(200, br#"{"id": 25347, "target": "https://your.endpoint.here",
///     "type": "person", "event": "update", "secret": {"secret": "hook_source", "key": "copper_notifications"},
///     "created_at": 1496787761}"#))?;
/// assert_eq!(found.kind.value(), Some(&WebhookType::Person));
/// assert!(!format!("{found:?}").contains("hook_source"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use]
pub fn subscription(id: SubscriptionId) -> Request<Subscription> {
    Request::new(Method::Get, format!("/webhooks/{id}"))
}

/// `PUT /webhooks/{id}`: changes a subscription's `target`, `secret`, `headers` or
/// `custom_field_computed_values`, the four keys Copper's docs say an update takes; only those
/// present in `change` are sent. Safe to resend. The request's `Debug` does not show its body.
///
/// # Errors
///
/// [`SubscriptionError::Unchangeable`] when `change` sets `type` or `event` (Copper watches
/// one kind of record and event per subscription: subscribe anew instead);
/// [`SubscriptionError::NothingToChange`] when it sets none of the four; and the target and
/// secret rules of [`subscribe`].
///
/// ```
/// use copper_lead::webhook::{self, Subscription};
/// use copper_lead::SubscriptionId;
/// use std::collections::BTreeMap;
///
/// let secret = BTreeMap::from([("key".to_owned(), "rotated-7f3a".to_owned())]);
/// let request = webhook::update_subscription(SubscriptionId::new(17065), &Subscription::default().secret(secret))?;
/// assert_eq!(request.path(), "/webhooks/17065");
/// assert_eq!(request.body(), Some(&br#"{"secret":{"key":"rotated-7f3a"}}"#[..]));
/// assert!(!format!("{request:?}").contains("rotated"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn update_subscription(
    id: SubscriptionId,
    change: &Subscription,
) -> Result<Request<Subscription>, SubscriptionError> {
    if !change.kind.is_absent() {
        return Err(SubscriptionError::Unchangeable("type"));
    }
    if !change.event.is_absent() {
        return Err(SubscriptionError::Unchangeable("event"));
    }
    if let Some(target) = change.target.value() {
        check_target(target)?;
    }
    check_secret(change)?;
    let body = Subscription {
        target: change.target.clone(),
        secret: change.secret.clone(),
        headers: change.headers.clone(),
        custom_field_computed_values: change.custom_field_computed_values,
        ..Subscription::default()
    };
    if body == Subscription::default() {
        return Err(SubscriptionError::NothingToChange);
    }
    Ok(Request::with_body(Method::Put, format!("/webhooks/{id}"), &body).sensitive())
}

/// `GET /webhooks`: the account's subscriptions.
///
/// ```
/// use copper_lead::api::Response;
/// use copper_lead::webhook;
///
/// let request = webhook::subscriptions();
/// assert_eq!(request.path(), "/webhooks");
/// let all = request.read(&Response::new(200, br#"[{"id": 17065, "target": "https://hooks.example.com/copper",
///     "type": "lead", "event": "update", "created_at": 1489173173}]"#))?;
/// assert_eq!(all.len(), 1);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use]
pub fn subscriptions() -> Request<Vec<Subscription>> {
    Request::new(Method::Get, "/webhooks".to_owned())
}

/// `DELETE /webhooks/{id}`: removes a subscription; Copper answers `{"id": ...}`.
///
/// ```
/// use copper_lead::api::Response;
/// use copper_lead::{SubscriptionId, webhook};
///
/// let request = webhook::unsubscribe(SubscriptionId::new(17065));
/// assert_eq!(request.path(), "/webhooks/17065");
/// let gone = request.read(&Response::new(200, br#"{"id": 17065}"#))?;
/// assert_eq!(gone.id.value(), Some(&SubscriptionId::new(17065)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[must_use]
pub fn unsubscribe(id: SubscriptionId) -> Request<Unsubscribed> {
    Request::new(Method::Delete, format!("/webhooks/{id}"))
}

wire_record! {
    /// Copper's answer to an unsubscribe: `{"id": 17065}` ([`unsubscribe`] reads it).
    ///
    /// ```
    /// use copper_lead::SubscriptionId;
    /// use copper_lead::webhook::Unsubscribed;
    ///
    /// let gone: Unsubscribed = serde_json::from_str(r#"{"id": 17065}"#)?;
    /// assert_eq!(gone.id.value(), Some(&SubscriptionId::new(17065)));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub struct Unsubscribed("a removed subscription") {
        /// The removed subscription.
        id: SubscriptionId,
    }
}

wire_record! {
    /// A webhook notification, as Copper posts it to the target:
    ///
    /// ```json
    /// {"ids": [89011972], "type": "lead", "event": "update", "subscription_id": 395049,
    ///  "timestamp": "2024-10-14T16:15:54.893Z", "updated_attributes": {"status": ["New", "Open"]},
    ///  "secret_key": "secret value"}
    /// ```
    ///
    /// The subscription's secret pairs come at the top level, so they are in `extra`; check
    /// them with [`Notification::has_secret`]. `timestamp` is an RFC 3339 time with
    /// milliseconds (Copper's docs show none; real notifications have it), and
    /// `updated_attributes` maps each changed field to `[old, new]` (`{}` on a `new` event, in
    /// real notifications, though the docs say it comes on updates only).
    pub struct Notification("a webhook notification") [secret_extra] {
        /// The records concerned (1 to 30), of the kind `type` says.
        ids: Vec<u64>,
        /// The kind of records (`type` on the wire).
        kind as "type": WebhookType,
        /// What happened.
        event: WebhookEvent,
        /// The subscription it comes from.
        subscription_id: SubscriptionId,
        /// When Copper sent it, as RFC 3339 text.
        timestamp: String,
        /// On an update, each changed field with `[old, new]`.
        updated_attributes: BTreeMap<String, Value>,
    }
}

/// The error for a notification `timestamp` that is not an RFC 3339 time.
///
/// ```
/// use copper_lead::webhook::Notification;
///
/// let notification: Notification =
///     copper_lead::from_str(r#"{"ids": [1], "type": "lead", "event": "new", "timestamp": "yesterday"}"#)?;
/// let err = notification.sent_at().unwrap_err();
/// assert_eq!(err.to_string(), "the notification's timestamp \"yesterday\" is not an rfc 3339 time");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the notification's timestamp {} is not an rfc 3339 time", Quoted(.0))]
pub struct InvalidNotificationTime(String);

impl Notification {
    /// Whether the notification carries every pair of the subscription's secret, each value
    /// compared in time that depends only on the lengths (so a forger learns nothing from how
    /// long a refusal takes but the length of the value, which a long random secret makes
    /// useless). A key missing from the notification is a mismatch; an empty secret proves
    /// nothing, and is never matched.
    #[must_use]
    pub fn has_secret(&self, secret: &BTreeMap<String, String>) -> bool {
        let mut all = !secret.is_empty();
        for (key, expected) in secret {
            let sent = self.extra.get(key).and_then(Value::as_str);
            // Compared whether or not the key came, so a missing key takes the same time.
            let same = constant_time_eq(sent.unwrap_or("").as_bytes(), expected.as_bytes());
            // `&` rather than `&&`: compare every pair whatever the earlier ones gave.
            all &= same & sent.is_some();
        }
        all
    }

    /// When Copper sent it, to the second (Copper's timestamps are whole seconds everywhere
    /// else; this one has milliseconds, which are dropped): `None` without a `timestamp`
    /// (older notifications).
    ///
    /// ```
    /// use copper_lead::webhook::Notification;
    ///
    /// let n: Notification = copper_lead::from_str(r#"{"ids": [8894157, 8894158], "type": "lead",
    ///     "event": "update", "timestamp": "2024-10-14T16:15:54.893Z",
    ///     "updated_attributes": {"title": ["Analyst", "CTO"]}}"#)?;
    /// assert_eq!(n.sent_at()?.map(|t| t.unix()), Some(1728922554));
    /// assert_eq!(n.lead_ids().len(), 2);
    /// let (old, new) = n.change("title").expect("the title changed");
    /// assert_eq!((old.as_str(), new.as_str()), (Some("Analyst"), Some("CTO")));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`InvalidNotificationTime`] for a timestamp that is not RFC 3339.
    pub fn sent_at(&self) -> Result<Option<Timestamp>, InvalidNotificationTime> {
        self.timestamp
            .value()
            .map(|text| {
                OffsetDateTime::parse(text, &Rfc3339)
                    .ok()
                    .and_then(|time| Timestamp::from_unix(time.unix_timestamp()).ok())
                    .ok_or_else(|| InvalidNotificationTime(text.clone()))
            })
            .transpose()
    }

    /// The leads concerned, for a notification about leads (else none). `ids` holds the raw
    /// ids of whatever kind `type` names; these typed lists read them for each kind.
    #[must_use]
    pub fn lead_ids(&self) -> Vec<LeadId> {
        self.ids_of(&WebhookType::Lead)
    }

    /// The people concerned, for a notification about people (else none).
    #[must_use]
    pub fn person_ids(&self) -> Vec<PersonId> {
        self.ids_of(&WebhookType::Person)
    }

    /// The companies concerned, for a notification about companies (else none).
    #[must_use]
    pub fn company_ids(&self) -> Vec<CompanyId> {
        self.ids_of(&WebhookType::Company)
    }

    /// The opportunities concerned, for a notification about opportunities (else none).
    #[must_use]
    pub fn opportunity_ids(&self) -> Vec<OpportunityId> {
        self.ids_of(&WebhookType::Opportunity)
    }

    fn ids_of<I: From<u64>>(&self, kind: &WebhookType) -> Vec<I> {
        if self.kind.value() == Some(kind) {
            self.ids.items().iter().copied().map(I::from).collect()
        } else {
            Vec::new()
        }
    }

    /// A changed field's `[old, new]` values.
    #[must_use]
    pub fn change(&self, field: &str) -> Option<(&Value, &Value)> {
        match self.updated_attributes.value()?.get(field)? {
            Value::Array(pair) => match pair.as_slice() {
                [old, new] => Some((old, new)),
                _ => None,
            },
            _ => None,
        }
    }

    /// The lead status change an update notification reports (`updated_attributes.status`
    /// as `[old, new]` names), for [`Lead::apply_history`](crate::Lead::apply_history) or an
    /// audit trail. It happened at the notification's `timestamp` (to the second), or at
    /// `received_at` when the notification has no readable one.
    ///
    /// `None` for a notification that is not about leads or reports no status change.
    #[must_use]
    pub fn status_change(&self, received_at: Timestamp) -> Option<StatusChange> {
        if self.kind.value() != Some(&WebhookType::Lead) {
            return None;
        }
        let (old, new) = self.change("status")?;
        let to = LeadStatus::from(new.as_str()?);
        let from = old.as_str().map(LeadStatus::from);
        let at = self.sent_at().ok().flatten().unwrap_or(received_at);
        Some(StatusChange::new(from, to, at))
    }
}

/// Whether two byte strings are equal, in time that depends on their lengths only.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    let longest = a.len().max(b.len());
    let mut difference = u8::from(a.len() != b.len());
    for i in 0..longest {
        let x = a.get(i).copied().unwrap_or(0);
        let y = b.get(i).copied().unwrap_or(0);
        difference |= x ^ y;
    }
    std::hint::black_box(difference) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constant_time_eq_agrees_with_eq() {
        let samples: [&[u8]; 6] = [b"", b"a", b"b", b"ab", b"abc", b"abd"];
        for a in samples {
            for b in samples {
                assert_eq!(constant_time_eq(a, b), a == b, "{a:?} {b:?}");
            }
        }
    }
}
