//! [`ApiError`]: Copper's errors and rate limits, with the retry decided for the caller.

use serde_json::Value;
use std::fmt;
use std::time::Duration;

use super::response::Response;
use crate::wire::parse::ParseError;
use crate::wire::quote::{Quoted, printable};

/// What went wrong with a request, by HTTP status.
///
/// ```
/// use copper_lead::api::{ApiErrorKind, Response};
/// use copper_lead::{LeadId, leads};
///
/// let err = leads::delete(LeadId::new(1))
///     .read(&Response::new(403, br#"{"success": false, "status": 403, "message": "Not authorized"}"#))
///     .unwrap_err();
/// assert_eq!(err.kind(), &ApiErrorKind::Forbidden);
/// assert_eq!(err.retry(), None); // do not retry: ask for the permission
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ApiErrorKind {
    /// `400`: the request is malformed.
    BadRequest,
    /// `401`: the credentials are missing or wrong.
    Unauthorized,
    /// `403`: the user may not do this (Copper's team permissions).
    Forbidden,
    /// `404`: no such record (a converted lead is gone too).
    NotFound,
    /// `422`: the request is well-formed but refused (validation, an ambiguous upsert, too
    /// many records in a bulk request).
    Unprocessable,
    /// `429`: too many requests.
    RateLimited,
    /// `5xx`: Copper failed.
    Server,
    /// `3xx`: a redirect, which Copper's API never answers: nothing is sent to the target, and
    /// the message names it.
    Redirect,
    /// Any other status that is not a success.
    UnexpectedStatus,
    /// A success whose body is not the expected JSON.
    UnreadableBody(ParseError),
    /// A success that contradicts the request or earlier answers (a page larger than the page
    /// size, a page of leads already delivered): the server is not behaving as Copper does.
    Inconsistent,
}

/// An error answer from Copper (or a successful answer that does not read), with Copper's
/// message and whether, and when, to retry.
///
/// Copper's error bodies come as `{"success": false, "status": 422, "message": "..."}` (the
/// message sometimes an object) or `{"error": "..."}`; both read, and so does any other body.
///
/// Retrying is decided for the caller ([`ApiError::retry`]):
///
/// | answer | retry |
/// |---|---|
/// | `429` | after `Retry-After` in seconds if the response has one (at most an hour), else after 60 s (Copper's rate limit is 180 requests per rolling minute) |
/// | `5xx` | after 5 s (or `Retry-After`) when the request is safe to resend ([`Request::is_idempotent`](super::Request::is_idempotent)); never otherwise: a create or a convert may have been applied |
/// | any other | never: the same request would fail the same way |
///
/// ```
/// use copper_lead::api::{ApiErrorKind, Response};
/// use copper_lead::{LeadId, leads};
///
/// let request = leads::fetch(LeadId::new(1));
/// let body = br#"{"success": false, "status": 422, "message": "Invalid input: Name: can't be blank"}"#;
/// let err = request.read(&Response::new(422, body)).unwrap_err();
/// assert_eq!(err.kind(), &ApiErrorKind::Unprocessable);
/// assert_eq!(err.message(), "Invalid input: Name: can't be blank");
/// assert_eq!(err.retry(), None);
///
/// let limited = request.read(&Response::new(429, b"").header("Retry-After", "7")).unwrap_err();
/// assert_eq!(limited.retry(), Some(std::time::Duration::from_secs(7)));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError(Box<Details>);

/// An [`ApiError`]'s contents, boxed so that a `Result` with it stays small.
#[derive(Debug, Clone, PartialEq)]
struct Details {
    kind: ApiErrorKind,
    status: u16,
    message: String,
    body: Option<Value>,
    retry: Option<Duration>,
}

/// How long to wait after a `429` without `Retry-After`: Copper's window is a rolling minute.
const RATE_LIMIT_WAIT: Duration = Duration::from_secs(60);

/// How long to wait after a `5xx` before resending a request that is safe to resend.
const SERVER_ERROR_WAIT: Duration = Duration::from_secs(5);

impl ApiError {
    /// The error a non-success response is, for a request that is (or is not) safe to resend.
    pub(crate) fn from_response(idempotent: bool, response: &Response<'_>) -> Self {
        let status = response.status();
        let kind = match status {
            400 => ApiErrorKind::BadRequest,
            401 => ApiErrorKind::Unauthorized,
            403 => ApiErrorKind::Forbidden,
            404 => ApiErrorKind::NotFound,
            422 => ApiErrorKind::Unprocessable,
            429 => ApiErrorKind::RateLimited,
            500..=599 => ApiErrorKind::Server,
            300..=399 => ApiErrorKind::Redirect,
            _ => ApiErrorKind::UnexpectedStatus,
        };
        let retry = match kind {
            ApiErrorKind::RateLimited => Some(response.retry_after().unwrap_or(RATE_LIMIT_WAIT)),
            ApiErrorKind::Server if idempotent => {
                Some(response.retry_after().unwrap_or(SERVER_ERROR_WAIT))
            }
            _ => None,
        };
        // A body past the limit is not read as JSON: a hostile or broken server's 100 MB
        // would cost gigabytes as a `Value`.
        let bytes = response.body();
        let body = (bytes.len() <= MAX_ERROR_BODY)
            .then(|| serde_json::from_slice::<Value>(bytes).ok())
            .flatten();
        let message = match (body.as_ref().and_then(copper_message), &body) {
            _ if kind == ApiErrorKind::Redirect => format!(
                "a redirect to {}, not followed: Copper's API does not redirect, and the \
                 credentials must not go to another address",
                response.header_value("Location").map_or_else(
                    || "nowhere (no Location)".to_owned(),
                    |to| Quoted(to).to_string()
                )
            ),
            (Some(message), _) => printable(&message, MESSAGE_LIMIT),
            (None, Some(json)) => format!(
                "{} (a JSON body of {} bytes, without a message)",
                Quoted(&json.to_string()),
                bytes.len()
            ),
            (None, None) => summary(bytes, bytes.len() <= MAX_ERROR_BODY),
        };
        ApiError(Box::new(Details {
            kind,
            status,
            message,
            body,
            retry,
        }))
    }

    /// The error for a successful response whose body does not read.
    pub(crate) fn unreadable(response: &Response<'_>, err: ParseError) -> Self {
        ApiError(Box::new(Details {
            message: err.to_string(),
            kind: ApiErrorKind::UnreadableBody(err),
            status: response.status(),
            body: None,
            retry: None,
        }))
    }

    /// The error for a successful answer that contradicts the request or earlier answers.
    pub(crate) fn inconsistent(response: &Response<'_>, message: String) -> Self {
        ApiError(Box::new(Details {
            kind: ApiErrorKind::Inconsistent,
            status: response.status(),
            message,
            body: None,
            retry: None,
        }))
    }

    /// What went wrong.
    #[must_use]
    pub fn kind(&self) -> &ApiErrorKind {
        &self.0.kind
    }

    /// The HTTP status.
    #[must_use]
    pub fn status(&self) -> u16 {
        self.0.status
    }

    /// Copper's message (or, for a body that does not read, why).
    #[must_use]
    pub fn message(&self) -> &str {
        &self.0.message
    }

    /// Copper's error body as JSON, when it is JSON.
    #[must_use]
    pub fn body(&self) -> Option<&Value> {
        self.0.body.as_ref()
    }

    /// When to send the request again: `Some(wait)`, or `None` for never.
    #[must_use]
    pub fn retry(&self) -> Option<Duration> {
        self.0.retry
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0.kind {
            ApiErrorKind::UnreadableBody(_) => {
                write!(
                    f,
                    "copper's answer ({}) does not read as expected",
                    self.0.status
                )
            }
            _ => write!(f, "copper answered {}: {}", self.0.status, self.0.message),
        }
    }
}

impl std::error::Error for ApiError {
    /// Why a successful answer does not read.
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.0.kind {
            ApiErrorKind::UnreadableBody(err) => Some(err),
            _ => None,
        }
    }
}

impl fmt::Display for ApiErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ApiErrorKind::BadRequest => "bad request",
            ApiErrorKind::Unauthorized => "unauthorized",
            ApiErrorKind::Forbidden => "forbidden",
            ApiErrorKind::NotFound => "not found",
            ApiErrorKind::Unprocessable => "unprocessable",
            ApiErrorKind::RateLimited => "rate limited",
            ApiErrorKind::Server => "server error",
            ApiErrorKind::Redirect => "redirect",
            ApiErrorKind::Inconsistent => "inconsistent answer",
            ApiErrorKind::UnexpectedStatus => "unexpected status",
            ApiErrorKind::UnreadableBody(_) => "unreadable body",
        })
    }
}

/// The largest error body read as JSON (Copper's are a few hundred bytes).
const MAX_ERROR_BODY: usize = 64 * 1024;

/// The most characters of Copper's message an error keeps.
const MESSAGE_LIMIT: usize = 300;

/// What an error says of a body that is not one of Copper's error bodies (not JSON, or too
/// large to read): `(empty body)`, or its first line (an HTML page's title), quoted and cut
/// short, with its size.
fn summary(bytes: &[u8], read: bool) -> String {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return "(empty body)".to_owned();
    }
    // Enough of the start to find a title or a first line, without reading the rest.
    let head = String::from_utf8_lossy(bytes.get(..4096).unwrap_or(bytes));
    let title = head
        .find("<title>")
        .and_then(|start| {
            let rest = head.get(start + "<title>".len()..)?;
            rest.get(..rest.find("</title>")?)
        })
        .map(str::trim)
        .filter(|title| !title.is_empty());
    let line = title.unwrap_or_else(|| {
        head.lines()
            .map(str::trim)
            .find(|line| !line.is_empty())
            .unwrap_or_default()
    });
    let kind = if title.is_some() {
        "an HTML page"
    } else {
        "a body"
    };
    let why = if read {
        "not JSON"
    } else {
        "too large to read"
    };
    format!("{} ({kind} of {} bytes, {why})", Quoted(line), bytes.len())
}

/// Copper's message in one of its error bodies: `message` (text, or an object given as JSON)
/// or `error`.
fn copper_message(body: &Value) -> Option<String> {
    match (body.get("message"), body.get("error")) {
        (Some(Value::String(message)), _) | (None, Some(Value::String(message))) => {
            Some(message.clone())
        }
        (Some(message), _) if !message.is_null() => Some(message.to_string()),
        _ => None,
    }
}
