//! [`Error`]: one error type that every error of the crate converts into.

use crate::api::error::ApiError;
use crate::api::request::{InvalidBaseUrl, InvalidCredentials, InvalidPath};
use crate::custom_field::value::CustomFieldError;
use crate::leads::MissingLeadId;
use crate::leads::bulk::BulkError;
use crate::leads::search::SearchError;
use crate::lifecycle::catalog::CatalogError;
use crate::lifecycle::transition::{ReplayError, TransitionError};
use crate::model::amount::NonFiniteAmount;
use crate::model::timestamp::TimestampError;
use crate::stream::StreamError;
use crate::webhook::{InvalidNotificationTime, SubscriptionError};
use crate::wire::extra::ModelledKey;
use crate::wire::parse::ParseError;
use crate::wire::pointer::InvalidPointer;

/// Any error of this crate, for a program's own error type to hold with one `From` (or for
/// `?` into `Box<dyn Error>` without losing what it was). Each variant holds the specific
/// error unchanged, to match on; `Display` and [`source`](std::error::Error::source) are the
/// specific error's.
///
/// ```
/// use copper_lead::api::Response;
/// use copper_lead::{Lead, LeadId, leads};
///
/// #[derive(Debug)]
/// enum SyncError {
///     Copper(copper_lead::Error),
///     Io(std::io::Error),
/// }
///
/// impl From<copper_lead::Error> for SyncError {
///     fn from(err: copper_lead::Error) -> Self {
///         SyncError::Copper(err)
///     }
/// }
///
/// fn read(body: &[u8]) -> Result<Lead, SyncError> {
///     let lead = leads::fetch(LeadId::new(1))
///         .read(&Response::new(200, body))
///         .map_err(copper_lead::Error::from)?;
///     let again: Lead = copper_lead::from_slice(body).map_err(copper_lead::Error::from)?;
///     assert_eq!(lead, again);
///     Ok(lead)
/// }
///
/// assert!(read(br#"{"id": 1, "name": "Ada"}"#).is_ok());
/// let err = read(b"{").unwrap_err();
/// assert!(matches!(err, SyncError::Copper(copper_lead::Error::Api(_))));
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Text that is not the expected JSON.
    #[error(transparent)]
    Parse(#[from] ParseError),
    /// A stream that cannot be read on.
    #[error(transparent)]
    Stream(#[from] StreamError),
    /// A timestamp out of range.
    #[error(transparent)]
    Timestamp(#[from] TimestampError),
    /// An amount that is not a finite number.
    #[error(transparent)]
    NonFiniteAmount(#[from] NonFiniteAmount),
    /// Text that is not a JSON Pointer.
    #[error(transparent)]
    InvalidPointer(#[from] InvalidPointer),
    /// A key written into `extra` that has a field of its own.
    #[error(transparent)]
    ModelledKey(#[from] ModelledKey),
    /// A lead that breaks the rules.
    #[cfg(feature = "validate")]
    #[error(transparent)]
    Validation(#[from] crate::validate::finding::ValidationErrors),
    /// Text that is not a finding code.
    #[cfg(feature = "validate")]
    #[error(transparent)]
    UnknownCode(#[from] crate::validate::finding::UnknownCode),
    /// A custom field value or name that does not fit the account's definitions.
    #[error(transparent)]
    CustomField(#[from] CustomFieldError),
    /// A status change the lifecycle does not allow.
    #[error(transparent)]
    Transition(#[from] TransitionError),
    /// A status history that does not replay.
    #[error(transparent)]
    Replay(#[from] ReplayError),
    /// An account's statuses that do not make a catalog.
    #[error(transparent)]
    Catalog(#[from] CatalogError),
    /// A lead that is not qualified for conversion.
    #[cfg(feature = "validate")]
    #[error(transparent)]
    NotQualified(#[from] crate::lifecycle::qualified::NotQualified),
    /// A conversion that cannot be made.
    #[cfg(feature = "convert")]
    #[error(transparent)]
    Convert(#[from] crate::convert::ConvertError),
    /// A snapshot that is not the converted lead.
    #[cfg(feature = "convert")]
    #[error(transparent)]
    SnapshotMismatch(#[from] crate::convert::undo::SnapshotMismatch),
    /// Copper's error answer, or an answer that does not read.
    #[error(transparent)]
    Api(#[from] ApiError),
    /// A base URL that is not Copper's kind of URL.
    #[error(transparent)]
    InvalidBaseUrl(#[from] InvalidBaseUrl),
    /// Credentials that cannot go into a header.
    #[error(transparent)]
    InvalidCredentials(#[from] InvalidCredentials),
    /// A path for a custom request that is not one.
    #[error(transparent)]
    InvalidPath(#[from] InvalidPath),
    /// A search that Copper would refuse.
    #[error(transparent)]
    Search(#[from] SearchError),
    /// An update of a lead without an id.
    #[error(transparent)]
    MissingLeadId(#[from] MissingLeadId),
    /// An upsert by the lead's name or email, of a lead without one.
    #[error(transparent)]
    MissingMatchValue(#[from] crate::leads::upsert::MissingMatchValue),
    /// A bulk request with no leads or too many.
    #[error(transparent)]
    Bulk(#[from] BulkError),
    /// A webhook subscription Copper would refuse, or one that proves nothing.
    #[error(transparent)]
    Subscription(#[from] SubscriptionError),
    /// A notification time that is not RFC 3339.
    #[error(transparent)]
    NotificationTime(#[from] InvalidNotificationTime),
}
