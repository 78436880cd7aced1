//! [`Response`]: what came back, as the caller's HTTP client received it.

use std::time::Duration;

use crate::wire::field::Field;
use crate::wire::{FromWire, Record};

/// The longest `Retry-After` taken as given: an hour.
const MAX_RETRY_AFTER_SECONDS: u64 = 3600;

/// A response from Copper's API, borrowed from whatever the HTTP client returned: the status,
/// the headers the crate reads (`X-PW-TOTAL`, `Retry-After`, and `Location` for a redirect; names compare ignoring case) and
/// the body.
///
/// ```
/// use copper_lead::api::Response;
///
/// let response = Response::new(200, b"[]").header("X-PW-TOTAL", "120");
/// assert_eq!(response.status(), 200);
/// assert_eq!(response.header_value("x-pw-total"), Some("120"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response<'a> {
    status: u16,
    headers: Vec<(&'a str, &'a str)>,
    body: &'a [u8],
}

impl<'a> Response<'a> {
    /// A response with this status and body, and no headers yet.
    #[must_use]
    pub fn new(status: u16, body: &'a [u8]) -> Self {
        Response {
            status,
            headers: Vec::new(),
            body,
        }
    }

    /// The same response with one more header.
    #[must_use]
    pub fn header(mut self, name: &'a str, value: &'a str) -> Self {
        self.headers.push((name, value));
        self
    }

    /// The HTTP status.
    #[must_use]
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The body.
    #[must_use]
    pub fn body(&self) -> &'a [u8] {
        self.body
    }

    /// A header's value (the first, if it came twice), by a name compared ignoring ASCII case.
    #[must_use]
    pub fn header_value(&self, name: &str) -> Option<&'a str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, value)| *value)
    }

    /// `X-PW-TOTAL`: an upper bound on the records a search matches.
    pub(crate) fn total(&self) -> Option<u64> {
        self.header_value("X-PW-TOTAL")?.trim().parse().ok()
    }

    /// `Retry-After` in seconds (Copper documents none, but a proxy may send one). One rule
    /// for every way of writing a number: digits, optionally with a fraction, which rounds up
    /// (`5.0` is 5 s, `0.2` is 1 s); anything over an hour, however many digits, is an hour
    /// (so that adding it to a time cannot overflow). Anything else (the HTTP-date form, a
    /// sign, an exponent) is not read, and the default wait applies.
    pub(crate) fn retry_after(&self) -> Option<Duration> {
        let text = self.header_value("Retry-After")?.trim();
        let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
        let digits = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty() || !digits(whole) || !digits(fraction) {
            return None;
        }
        let whole = whole.trim_start_matches('0');
        let seconds = if whole.len() > 10 {
            MAX_RETRY_AFTER_SECONDS
        } else {
            whole.parse::<u64>().unwrap_or(0)
        };
        let round_up = u64::from(fraction.bytes().any(|b| b != b'0'));
        let seconds = seconds.saturating_add(round_up);
        Some(Duration::from_secs(seconds.min(MAX_RETRY_AFTER_SECONDS)))
    }

    /// Whether the status is a success (2xx).
    pub(crate) fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

/// Copper's answer to a delete (of a lead, a person, a company, an opportunity):
/// `{"id": 8900677, "is_deleted": true}`, with the id typed by what was deleted.
///
/// ```
/// use copper_lead::api::Response;
/// use copper_lead::{LeadId, leads};
///
/// let deleted = leads::delete(LeadId::new(8900677))
///     .read(&Response::new(200, br#"{"id": 8900677, "is_deleted": true}"#))?;
/// assert_eq!(deleted.id.value(), Some(&LeadId::new(8900677)));
/// assert_eq!(deleted.is_deleted.value(), Some(&true));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Deleted<I> {
    /// The deleted record's id.
    pub id: Field<I>,
    /// Whether it is deleted.
    pub is_deleted: Field<bool>,
}

/// The answer to a delete as it comes, before its id is typed.
#[expect(
    unreachable_pub,
    reason = "records are declared public; this one stays inside"
)]
mod untyped {
    crate::wire::record::wire_record! {
        /// The answer to a delete as it comes, before its id is typed.
        pub struct DeletedWire("a deletion") {
            /// The deleted record's id.
            id: u64,
            /// Whether it is deleted.
            is_deleted: bool,
        }
    }
}
use untyped::DeletedWire;

impl<I: From<u64> + Into<u64> + Copy> FromWire for Deleted<I> {
    fn from_wire<'de, D: serde::Deserializer<'de>>(
        deserializer: D,
        depth: usize,
    ) -> Result<Self, D::Error> {
        let wire = DeletedWire::from_wire(deserializer, depth)?;
        Ok(Deleted {
            id: wire.id.map(I::from),
            is_deleted: wire.is_deleted,
        })
    }
}

impl<I: Into<u64> + Copy> serde::Serialize for Deleted<I> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let wire = DeletedWire {
            id: self.id.map(Into::into),
            is_deleted: self.is_deleted,
            extra: crate::wire::extra::Extra::default(),
        };
        wire.serialize(serializer)
    }
}

impl<I: From<u64> + Into<u64> + Copy> Record for Deleted<I> {
    const KEYS: &'static [&'static str] = DeletedWire::KEYS;
}
