//! [`Request`]s, and the [`Copper`] endpoint that prepares them for sending.

use serde::Serialize;
use std::fmt;
use std::marker::PhantomData;

use super::error::ApiError;
use super::response::Response;
use crate::wire::Record;
use crate::wire::parse::from_slice;

/// An HTTP method of Copper's API.
///
/// ```
/// use copper_lead::api::Method;
/// use copper_lead::{LeadId, leads};
///
/// assert_eq!(leads::delete(LeadId::new(1)).method(), Method::Delete);
/// assert_eq!(Method::Put.to_string(), "PUT");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Method {
    /// `GET`.
    Get,
    /// `POST`.
    Post,
    /// `PUT`.
    Put,
    /// `DELETE`.
    Delete,
}

impl Method {
    /// The method's name: `GET`, `POST`, `PUT` or `DELETE`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a [`Request`] expects back, and how to read it from a [`Response`]. Implemented by
/// this crate's answer types (records, lists of them, search pages, ...); sealed.
///
/// ```
/// use copper_lead::api::{Answer, Request, Response};
/// use copper_lead::{Lead, LeadId, leads};
///
/// // Generic code over any request: read its answer, whatever it is.
/// fn answer<T: Answer>(request: &Request<T>, status: u16, body: &[u8]) -> Option<T> {
///     request.read(&Response::new(status, body)).ok()
/// }
/// let lead: Option<Lead> = answer(&leads::fetch(LeadId::new(1)), 200, br#"{"id": 1, "name": "Ada"}"#);
/// assert_eq!(lead.and_then(|l| l.name.value().cloned()).as_deref(), Some("Ada"));
/// ```
pub trait Answer: Sized + sealed::Sealed {
    /// Reads the answer from a response of `request`.
    #[doc(hidden)]
    fn read_answer<T>(request: &Request<T>, response: &Response<'_>) -> Result<Self, ApiError>;
}

pub(crate) mod sealed {
    /// Seals [`Answer`](super::Answer).
    pub trait Sealed {}
}

/// The body of a successful response to `request`, or the error the response is.
pub(crate) fn success<'a, T>(
    request: &Request<T>,
    response: &Response<'a>,
) -> Result<&'a [u8], ApiError> {
    if response.is_success() {
        Ok(response.body())
    } else {
        Err(ApiError::from_response(request.is_idempotent(), response))
    }
}

/// A record (or a list of them) read from a successful response's body.
pub(crate) fn record<T: Record, A>(
    request: &Request<A>,
    response: &Response<'_>,
) -> Result<T, ApiError> {
    let body = success(request, response)?;
    from_slice(body).map_err(|err| ApiError::unreadable(response, err))
}

impl<T: Record> sealed::Sealed for T {}

impl<T: Record> Answer for T {
    /// A record, or a list of them (a `GET`, a create, an update, a lookup).
    fn read_answer<R>(request: &Request<R>, response: &Response<'_>) -> Result<Self, ApiError> {
        record(request, response)
    }
}

impl<T: Record> sealed::Sealed for Option<T> {}

impl<T: Record> Answer for Option<T> {
    /// A record that may not exist: `404` is `None`.
    fn read_answer<R>(request: &Request<R>, response: &Response<'_>) -> Result<Self, ApiError> {
        if response.status() == 404 {
            return Ok(None);
        }
        record(request, response).map(Some)
    }
}

/// One request to Copper's API, as data: the method, the path below the API base, and the
/// JSON body. It knows the answer it expects (`T`): read the response with [`Request::read`].
///
/// Made by the operations ([`leads`](crate::leads), [`lookup`](crate::lookup),
/// [`webhook`](crate::webhook)); send it after [`Copper::prepare`].
///
/// ```
/// use copper_lead::api::Method;
/// use copper_lead::leads;
///
/// let request = leads::search(&leads::LeadSearch::new().page_size(50)?);
/// assert_eq!((request.method(), request.path()), (Method::Post, "/leads/search"));
/// assert_eq!(request.body(), Some(&br#"{"page_size":50,"page_number":1}"#[..]));
/// assert!(request.is_idempotent()); // a search changes nothing: safe to resend
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct Request<T> {
    parts: Parts,
    answer: PhantomData<fn() -> T>,
}

/// What a [`Request`] is, whatever answer it expects.
#[derive(Clone, PartialEq)]
struct Parts {
    method: Method,
    path: String,
    body: Option<Vec<u8>>,
    idempotent: bool,
    /// Requests that the answer carry computed custom field values.
    computed_values: bool,
    /// The id of the record the request is about, for answers that pick it out of a list.
    subject: Option<u64>,
    /// The body holds secrets: `Debug` leaves it out.
    sensitive: bool,
}

impl<T> Request<T> {
    /// A request without a body.
    pub(crate) fn new(method: Method, path: String) -> Self {
        Request {
            parts: Parts {
                method,
                path,
                body: None,
                // GET, PUT and DELETE change nothing more when resent; POST is set per
                // operation.
                idempotent: !matches!(method, Method::Post),
                computed_values: false,
                subject: None,
                sensitive: false,
            },
            answer: PhantomData,
        }
    }

    /// A request with a JSON body.
    pub(crate) fn with_body(method: Method, path: String, body: &impl Serialize) -> Self {
        let mut request = Request::new(method, path);
        // The crate's request bodies are records and derived structs with string keys: they
        // always serialize.
        let bytes = serde_json::to_vec(body);
        debug_assert!(bytes.is_ok(), "a request body that does not serialize");
        request.parts.body = Some(bytes.unwrap_or_default());
        request
    }

    /// The same request about one record (an answer reads that record out of a list).
    #[cfg_attr(not(feature = "convert"), expect(dead_code))] // used by conversion recovery
    pub(crate) fn about(mut self, id: u64) -> Self {
        self.parts.subject = Some(id);
        self
    }

    /// The id of the record the request is about.
    #[cfg_attr(not(feature = "convert"), expect(dead_code))] // used by conversion recovery
    pub(crate) fn subject(&self) -> Option<u64> {
        self.parts.subject
    }

    /// The same request with another answer type.
    #[cfg_attr(not(feature = "convert"), expect(dead_code))] // used by conversion recovery
    pub(crate) fn answering<U>(self) -> Request<U> {
        Request {
            parts: self.parts,
            answer: PhantomData,
        }
    }

    /// Marks a request whose body holds secrets: `Debug` leaves the body out.
    pub(crate) fn sensitive(mut self) -> Self {
        self.parts.sensitive = true;
        self
    }

    /// The same request, marked safe (or not) to resend after a lost response, overriding
    /// what its method implies (a search is a `POST` that changes nothing). This decides
    /// whether a `5xx` answer says to retry.
    #[must_use]
    pub fn idempotent(mut self, idempotent: bool) -> Self {
        self.parts.idempotent = idempotent;
        self
    }

    /// The HTTP method.
    #[must_use]
    pub fn method(&self) -> Method {
        self.parts.method
    }

    /// The path below the API base, such as `/leads/search`.
    #[must_use]
    pub fn path(&self) -> &str {
        &self.parts.path
    }

    /// The JSON body, if the request has one.
    #[must_use]
    pub fn body(&self) -> Option<&[u8]> {
        self.parts.body.as_deref()
    }

    /// Whether sending it again, after a response was lost, cannot do more than sending it
    /// once: `GET`, `PUT`, `DELETE`, searches and a bulk update are; creating, converting,
    /// subscribing, and an upsert whose lead lacks the value it is matched by are not.
    #[must_use]
    pub fn is_idempotent(&self) -> bool {
        self.parts.idempotent
    }

    /// The same request, asking Copper for computed custom field values
    /// (`?custom_field_computed_values=true`: option names instead of ids, for example).
    #[must_use]
    pub fn computed_custom_field_values(mut self) -> Self {
        self.parts.computed_values = true;
        self
    }

    /// The path with its query, as sent.
    fn target(&self) -> String {
        if self.parts.computed_values {
            format!("{}?custom_field_computed_values=true", self.parts.path)
        } else {
            self.parts.path.clone()
        }
    }
}

impl Request<serde_json::Value> {
    /// A request to an endpoint this crate has no operation for, answered with any JSON: it
    /// is prepared, paced and read like the others, errors and retries included. `path` is
    /// below the API base (a missing leading `/` is added). Safe to resend unless the method
    /// is `POST` ([`Request::idempotent`] overrides).
    ///
    /// The crate covers what concerns a lead; Copper's other records are left to this. Among
    /// the endpoints it has no operation for (a test keeps this list true):
    ///
    /// - `POST /activities/search`, `GET /activities/{id}`, `PUT /activities/{id}`,
    ///   `DELETE /activities/{id}`, `POST /activities/bulk_create`
    /// - `GET /people/{id}`, `POST /people`, `POST /people/search`
    /// - `GET /companies/{id}`, `POST /companies`
    /// - `GET /opportunities/{id}`, `POST /opportunities/search`
    /// - `GET /tags`, `POST /tasks`, `POST /projects/search`
    /// - `POST /custom_field_definitions`, `GET /custom_activity_types`
    /// - `GET /leads/{id}/related`
    ///
    /// ```
    /// use copper_lead::api::{Method, Request, Response};
    /// use serde_json::json;
    ///
    /// let body = json!({"parent": {"id": 8894157, "type": "lead"}, "page_size": 50});
    /// let request = Request::custom(Method::Post, "/activities/search", Some(&body))?
    ///     .idempotent(true);
    /// assert_eq!(request.body(), Some(&br#"{"page_size":50,"parent":{"id":8894157,"type":"lead"}}"#[..]));
    /// let answer = request.read(&Response::new(200, br#"[{"id": 68, "details": "Phone call with Dave"}]"#))?;
    /// assert_eq!(answer[0]["id"], 68);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`InvalidPath`] for a path that is not printable ASCII, or holds a `?`, a `#`, a
    /// backslash or a `..` segment.
    pub fn custom(
        method: Method,
        path: &str,
        body: Option<&serde_json::Value>,
    ) -> Result<Self, InvalidPath> {
        let refuse = |why| InvalidPath {
            path: path.to_owned(),
            why,
        };
        if path.chars().any(|c| !c.is_ascii_graphic()) {
            return Err(refuse(
                "contains whitespace, a control character or one that is not ASCII",
            ));
        }
        if path.contains(['?', '#']) {
            return Err(refuse("contains a ? or #"));
        }
        if path.contains('\\') {
            return Err(refuse("contains a backslash"));
        }
        if path
            .split('/')
            .any(|segment| segment == ".." || segment == ".")
        {
            return Err(refuse("contains a . or .. segment"));
        }
        let path = if path.starts_with('/') {
            path.to_owned()
        } else {
            format!("/{path}")
        };
        Ok(match body {
            Some(body) => Request::with_body(method, path, body),
            None => Request::new(method, path),
        })
    }
}

impl<T: Answer> Request<T> {
    /// Reads the response to this request: the answer, or an [`ApiError`] (Copper's error,
    /// or a body that does not read) that says whether to retry.
    ///
    /// # Errors
    ///
    /// [`ApiError`] for a status other than the success this request expects, or a body that
    /// is not the answer's JSON.
    pub fn read(&self, response: &Response<'_>) -> Result<T, ApiError> {
        T::read_answer(self, response)
    }
}

impl<T> Clone for Request<T> {
    fn clone(&self) -> Self {
        Request {
            parts: self.parts.clone(),
            answer: PhantomData,
        }
    }
}

impl<T> PartialEq for Request<T> {
    fn eq(&self, other: &Self) -> bool {
        self.parts == other.parts
    }
}

impl<T> Serialize for Request<T> {
    /// `{"method": "PUT", "path": "/leads/1", "body": {...}}` (no `body` for a request
    /// without one): what a plan prints. The body is re-read from the bytes, so its keys come
    /// sorted (keeping the sent order would need `serde_json`'s `raw_value` feature, which makes
    /// every `serde_json::Value` in a build about 3% slower to read). A body with a secret (a
    /// subscription's) is `"(hidden)"`, as in `Debug`.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap as _;
        let body: Option<serde_json::Value> = match self.body() {
            Some(_) if self.parts.sensitive => Some("(hidden)".into()),
            body => body.and_then(|b| serde_json::from_slice(b).ok()),
        };
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("method", self.parts.method.as_str())?;
        map.serialize_entry("path", &self.target())?;
        if let Some(body) = &body {
            map.serialize_entry("body", body)?;
        }
        map.end()
    }
}

impl<T> fmt::Debug for Request<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let body = match &self.parts.body {
            Some(_) if self.parts.sensitive => Some("(hidden)".into()),
            Some(body) => Some(String::from_utf8_lossy(body)),
            None => None,
        };
        f.debug_struct("Request")
            .field("method", &self.parts.method)
            .field("path", &self.target())
            .field("body", &body)
            .field("idempotent", &self.parts.idempotent)
            .finish_non_exhaustive()
    }
}

/// How to authenticate: an API key with the user's email (Copper's `X-PW-*` headers), or an
/// OAuth bearer token. Its `Debug` never shows the token. Both go into headers, so they are
/// refused here unless printable ASCII without spaces: no line break or NUL can end a header
/// early.
///
/// ```
/// use copper_lead::api::Credentials;
///
/// let credentials = Credentials::api_key("s3cr3t-token", "me@example.com")?;
/// let shown = format!("{credentials:?}");
/// assert!(!shown.contains("s3cr3t"));
/// assert!(shown.contains("me@example.com"));
///
/// let err = Credentials::api_key("token\r\nX-Injected: 1", "me@example.com").unwrap_err();
/// assert_eq!(err.to_string(), "the token contains a control character (a line break, NUL, ...)");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    token: String,
    email: Option<String>,
}

/// The error for credentials that cannot go into a header as they are. It names which part
/// is wrong, never its value (a token is a secret).
///
/// ```
/// use copper_lead::api::Credentials;
///
/// let err = Credentials::oauth("").unwrap_err();
/// assert_eq!(err.to_string(), "the token is empty");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the {part} {why}")]
pub struct InvalidCredentials {
    part: &'static str,
    why: &'static str,
}

impl Credentials {
    /// A developer API key and the email of the user it belongs to.
    ///
    /// # Errors
    ///
    /// [`InvalidCredentials`] when either is empty or not printable ASCII without spaces.
    pub fn api_key(
        token: impl Into<String>,
        email: impl Into<String>,
    ) -> Result<Self, InvalidCredentials> {
        Ok(Credentials {
            token: header_value("token", token.into())?,
            email: Some(header_value("email", email.into())?),
        })
    }

    /// An OAuth access token (`Authorization: Bearer`).
    ///
    /// # Errors
    ///
    /// [`InvalidCredentials`] when it is empty or not printable ASCII without spaces.
    pub fn oauth(token: impl Into<String>) -> Result<Self, InvalidCredentials> {
        Ok(Credentials {
            token: header_value("token", token.into())?,
            email: None,
        })
    }

    /// The authentication headers.
    fn headers(&self) -> Vec<(&'static str, String)> {
        match &self.email {
            Some(email) => vec![
                ("X-PW-AccessToken", self.token.clone()),
                ("X-PW-Application", "developer_api".to_owned()),
                ("X-PW-UserEmail", email.clone()),
            ],
            None => vec![
                ("Authorization", format!("Bearer {}", self.token)),
                ("X-PW-Application", "developer_api".to_owned()),
            ],
        }
    }
}

/// `value`, when it can go into a header as it is.
fn header_value(part: &'static str, value: String) -> Result<String, InvalidCredentials> {
    match super::origin::header_value_refusal(&value) {
        None => Ok(value),
        Some(why) => Err(InvalidCredentials { part, why }),
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("token", &"(hidden)")
            .field("email", &self.email)
            .finish()
    }
}

/// Copper's API: where it is and who is calling. It keeps no state; [`Copper::prepare`] turns
/// a [`Request`] into what an HTTP client sends.
///
/// ```
/// use copper_lead::api::{Copper, Credentials};
/// use copper_lead::{LeadId, leads};
///
/// let copper = Copper::new(Credentials::api_key("key", "me@example.com")?);
/// let prepared = copper.prepare(&leads::fetch(LeadId::new(8894157)));
/// assert_eq!(prepared.url(), "https://api.copper.com/developer_api/v1/leads/8894157");
/// assert!(prepared.headers().iter().any(|(name, value)| *name == "X-PW-Application" && value == "developer_api"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Copper {
    base: String,
    credentials: Credentials,
}

/// The error for a base URL that is not `http://` or `https://` followed by a host, as an
/// HTTP client reads it: it says why.
///
/// ```
/// use copper_lead::api::{Copper, Credentials};
///
/// let copper = Copper::new(Credentials::oauth("t")?);
/// let err = copper.clone().with_base_url("https://api.copper.com@evil.example/v1").unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "the base url \"https://api.copper.com@evil.example/v1\" has a user name before its host, \
///      where the request would not go"
/// );
/// let err = copper.with_base_url("https://api.example.com/?v=1").unwrap_err();
/// assert_eq!(err.into_inner(), "https://api.example.com/?v=1");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the base url {} {why}", crate::wire::quote::Quoted(&super::origin::shown(.url)))]
pub struct InvalidBaseUrl {
    url: String,
    why: &'static str,
}

impl InvalidBaseUrl {
    /// The refused text.
    #[must_use]
    pub fn into_inner(self) -> String {
        self.url
    }
}

/// The error for a path of [`Request::custom`] that is not one: it must be printable ASCII
/// without `?`, `#`, a backslash or a `..` segment (a query is added by the request itself,
/// and a `?` in the path would put it in the wrong place).
///
/// ```
/// use copper_lead::api::{Method, Request};
///
/// let err = Request::custom(Method::Get, "/leads/1?x=1", None).unwrap_err();
/// assert_eq!(err.to_string(), "the path \"/leads/1?x=1\" contains a ? or #");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the path {} {why}", crate::wire::quote::Quoted(.path))]
pub struct InvalidPath {
    path: String,
    why: &'static str,
}

impl Copper {
    /// Copper's production API: `https://api.copper.com/developer_api/v1`.
    pub const BASE_URL: &'static str = "https://api.copper.com/developer_api/v1";

    /// Copper's API at [`Copper::BASE_URL`], called with `credentials`.
    #[must_use]
    pub fn new(credentials: Credentials) -> Self {
        Copper {
            base: Copper::BASE_URL.to_owned(),
            credentials,
        }
    }

    /// The same, at another base URL (a proxy, a test server); a trailing `/` is dropped.
    ///
    /// ```
    /// use copper_lead::api::{Copper, Credentials};
    /// use copper_lead::{LeadId, leads};
    ///
    /// let copper = Copper::new(Credentials::oauth("t")?).with_base_url("http://127.0.0.1:8080/v1/")?;
    /// assert_eq!(copper.prepare(&leads::fetch(LeadId::new(1))).url(), "http://127.0.0.1:8080/v1/leads/1");
    /// assert!(Copper::new(Credentials::oauth("t")?).with_base_url("ftp://x").is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`InvalidBaseUrl`] unless the URL is `http://` or `https://` followed by a host and an
    /// optional port from 1 to 65535, then a path, all printable ASCII: no user name before
    /// the host (the request would go to what follows the `@`), no query or fragment, no
    /// backslash, whitespace, control or invisible characters.
    pub fn with_base_url(mut self, base: &str) -> Result<Self, InvalidBaseUrl> {
        super::origin::host_and_port(base, &["https://", "http://"], false).map_err(|why| {
            InvalidBaseUrl {
                url: base.to_owned(),
                why,
            }
        })?;
        base.trim_end_matches('/').clone_into(&mut self.base);
        Ok(self)
    }

    /// The base URL.
    #[must_use]
    pub fn base_url(&self) -> &str {
        &self.base
    }

    /// The request as an HTTP client sends it: method, full URL, headers (authentication,
    /// `Content-Type` and `Accept` for JSON), and body.
    pub fn prepare<T>(&self, request: &Request<T>) -> Prepared {
        let mut headers = self.credentials.headers();
        headers.push(("Accept", "application/json".to_owned()));
        // Copper's request docs: every call carries it, GET and DELETE included (every real
        // client sends it on those too, with no body).
        headers.push(("Content-Type", "application/json".to_owned()));
        Prepared {
            method: request.parts.method,
            url: format!("{}{}", self.base, request.target()),
            headers,
            body: request.parts.body.clone().unwrap_or_default(),
            sensitive: request.parts.sensitive,
        }
    }
}

/// A request ready to send: what an HTTP client needs, nothing else. Its `Debug` hides the
/// token (and the body of a webhook subscription, which holds its secret).
///
/// ```
/// use copper_lead::api::{Copper, Credentials, Method};
/// use copper_lead::leads::{self, LeadSearch};
///
/// let copper = Copper::new(Credentials::oauth("secret-token")?);
/// let prepared = copper.prepare(&leads::search(&LeadSearch::new().page_size(50)?));
/// assert_eq!(prepared.method(), Method::Post);
/// assert_eq!(prepared.body(), br#"{"page_size":50,"page_number":1}"#);
/// assert!(!format!("{prepared:?}").contains("secret-token"));
/// let (method, url, headers, body) = prepared.into_parts();
/// assert_eq!((method.as_str(), url.as_str()), ("POST", "https://api.copper.com/developer_api/v1/leads/search"));
/// assert!(headers.iter().any(|(name, _)| *name == "Content-Type") && !body.is_empty());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Prepared {
    method: Method,
    url: String,
    headers: Vec<(&'static str, String)>,
    body: Vec<u8>,
    /// The body holds secrets: `Debug` leaves it out.
    sensitive: bool,
}

impl Prepared {
    /// The HTTP method.
    #[must_use]
    pub fn method(&self) -> Method {
        self.method
    }

    /// The full URL.
    #[must_use]
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The headers, in the order to send them.
    #[must_use]
    pub fn headers(&self) -> &[(&'static str, String)] {
        &self.headers
    }

    /// The body (empty for a request without one).
    #[must_use]
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// The parts, taken out: method, URL, headers and body.
    #[must_use]
    pub fn into_parts(self) -> (Method, String, Vec<(&'static str, String)>, Vec<u8>) {
        (self.method, self.url, self.headers, self.body)
    }
}

/// Whether a header carries the credentials (kept out of `Debug`, marked sensitive for HTTP).
pub(crate) fn is_secret_header(name: &str) -> bool {
    matches!(name, "X-PW-AccessToken" | "Authorization")
}

impl fmt::Debug for Prepared {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(name, value)| {
                let shown = if is_secret_header(name) {
                    "(hidden)"
                } else {
                    value.as_str()
                };
                (*name, shown)
            })
            .collect();
        f.debug_struct("Prepared")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &headers)
            .field(
                "body",
                &if self.sensitive {
                    "(hidden)".into()
                } else {
                    String::from_utf8_lossy(&self.body)
                },
            )
            .finish()
    }
}
