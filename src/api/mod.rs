//! Talking to Copper's API without an HTTP client of our own: each operation is a [`Request`]
//! (method, path, JSON body) that knows the answer it expects, [`Copper::prepare`] adds the
//! base URL and the authentication headers, your HTTP client sends it, and
//! [`Request::read`] reads the [`Response`] into the typed answer or an [`ApiError`] that says
//! whether to retry. No runtime, no client state in the crate.
//!
//! The operations are in [`leads`](crate::leads), [`lookup`](crate::lookup) and
//! [`webhook`](crate::webhook); [`Pacer`] keeps within Copper's rate limit.
//!
//! # Example
//!
//! ```
//! use copper_lead::api::{Copper, Credentials, Response};
//! use copper_lead::{Lead, LeadId, leads};
//!
//! let copper = Copper::new(Credentials::api_key("a-token", "me@example.com")?);
//! let request = leads::fetch(LeadId::new(8894157));
//! let prepared = copper.prepare(&request);
//! assert_eq!(prepared.method().as_str(), "GET");
//! assert_eq!(prepared.url(), "https://api.copper.com/developer_api/v1/leads/8894157");
//! assert!(prepared.headers().iter().any(|(name, value)| *name == "X-PW-UserEmail" && value == "me@example.com"));
//!
//! // ... send it with your client, then read what came back:
//! let lead: Lead = request.read(&Response::new(200, br#"{"id": 8894157, "name": "Ada"}"#))?;
//! assert_eq!(lead.name.as_deref(), Some("Ada"));
//!
//! let err = request.read(&Response::new(404, br#"{"error": "not_found"}"#)).unwrap_err();
//! assert!(err.retry().is_none()); // a missing (or converted) lead: do not retry
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub(crate) mod error;
#[cfg(feature = "http")]
mod http;
pub(crate) mod origin;
pub(crate) mod pacing;
pub(crate) mod request;
pub(crate) mod response;
pub(crate) mod retry;

pub use error::{ApiError, ApiErrorKind};
pub use pacing::Pacer;
pub use request::{
    Answer, Copper, Credentials, InvalidBaseUrl, InvalidCredentials, InvalidPath, Method, Prepared,
    Request,
};
pub use response::{Deleted, Response};
pub use retry::{GiveUp, Retry};
