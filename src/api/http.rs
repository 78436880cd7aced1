//! Conversions to and from the `http` crate's types (feature `http`), so clients built on it
//! (reqwest, hyper, ureq, ...) need no glue.

use super::request::{Method, Prepared};
use super::response::Response;

impl From<Method> for http::Method {
    fn from(method: Method) -> Self {
        match method {
            Method::Get => http::Method::GET,
            Method::Post => http::Method::POST,
            Method::Put => http::Method::PUT,
            Method::Delete => http::Method::DELETE,
        }
    }
}

impl TryFrom<Prepared> for http::Request<Vec<u8>> {
    type Error = http::Error;

    /// The request as an `http::Request`, body included.
    ///
    /// ```
    /// use copper_lead::api::{Copper, Credentials};
    /// use copper_lead::{LeadId, leads};
    ///
    /// let copper = Copper::new(Credentials::api_key("t", "me@example.com")?);
    /// let request: http::Request<Vec<u8>> = copper.prepare(&leads::fetch(LeadId::new(1))).try_into()?;
    /// assert_eq!(request.uri(), "https://api.copper.com/developer_api/v1/leads/1");
    /// assert_eq!(request.headers()["x-pw-useremail"], "me@example.com");
    /// assert!(!format!("{request:?}").contains("\"t\"")); // the token is sensitive
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// `http::Error` when the base URL or a header value is not valid for `http` (a base URL
    /// with spaces, a token with a line break).
    fn try_from(prepared: Prepared) -> Result<Self, Self::Error> {
        let (method, url, headers, body) = prepared.into_parts();
        let mut builder = http::Request::builder()
            .method(http::Method::from(method))
            .uri(url);
        for (name, value) in headers {
            let mut value = http::HeaderValue::try_from(value)?;
            // Kept out of `Debug` output, and out of HPACK tables in HTTP/2.
            value.set_sensitive(super::request::is_secret_header(name));
            builder = builder.header(name, value);
        }
        builder.body(body)
    }
}

impl<'a> Response<'a> {
    /// A response borrowed from an `http::Response` whose body is bytes. Header values that
    /// are not visible ASCII are left out (Copper sends none).
    ///
    /// ```
    /// use copper_lead::api::Response;
    ///
    /// let http = http::Response::builder().status(200).header("X-PW-TOTAL", "2").body(b"[]".to_vec())?;
    /// let response = Response::from_http(&http);
    /// assert_eq!((response.status(), response.header_value("x-pw-total")), (200, Some("2")));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn from_http<B: AsRef<[u8]>>(response: &'a http::Response<B>) -> Self {
        let mut read = Response::new(response.status().as_u16(), response.body().as_ref());
        for (name, value) in response.headers() {
            if let Ok(value) = value.to_str() {
                read = read.header(name.as_str(), value);
            }
        }
        read
    }
}
