//! [`Timestamp`]: Copper's Unix-second timestamps.

use serde::de::{self, Deserializer, Unexpected, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use std::fmt;
use time::OffsetDateTime;

/// A point in time as Copper sends it: whole Unix seconds (`date_created`, `date_modified`,
/// ...), backed by [`time::OffsetDateTime`] in UTC.
///
/// On the wire it is a JSON integer. Seconds outside the years -9999..=9999 that `time`
/// represents are a shape error, as is a string or a fraction.
///
/// # Example
///
/// ```
/// use copper_lead::Timestamp;
///
/// let t = Timestamp::from_unix(1_489_018_784)?;
/// assert_eq!(t.unix(), 1_489_018_784);
/// assert_eq!(t.to_offset_date_time().year(), 2017);
/// assert_eq!(serde_json::to_string(&t)?, "1489018784");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Timestamp(OffsetDateTime);

/// The error for Unix seconds outside the range [`Timestamp`] represents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("unix timestamp {0} is outside the years -9999..=9999")]
pub struct TimestampRangeError(i64);

impl TimestampRangeError {
    /// The seconds that were out of range.
    #[must_use]
    pub const fn seconds(self) -> i64 {
        self.0
    }
}

impl Timestamp {
    /// The timestamp `seconds` after 1970-01-01T00:00:00Z.
    ///
    /// # Errors
    ///
    /// [`TimestampRangeError`] when the seconds fall outside the years -9999..=9999.
    pub fn from_unix(seconds: i64) -> Result<Self, TimestampRangeError> {
        OffsetDateTime::from_unix_timestamp(seconds)
            .map(Timestamp)
            .map_err(|_| TimestampRangeError(seconds))
    }

    /// The Unix seconds.
    #[must_use]
    pub const fn unix(self) -> i64 {
        self.0.unix_timestamp()
    }

    /// The point in time as a `time` value in UTC.
    #[must_use]
    pub const fn to_offset_date_time(self) -> OffsetDateTime {
        self.0
    }
}

impl From<OffsetDateTime> for Timestamp {
    /// Keeps whole seconds: Copper has no finer resolution.
    fn from(value: OffsetDateTime) -> Self {
        let seconds = value.unix_timestamp();
        // Any whole second of a valid OffsetDateTime is itself valid.
        Timestamp(OffsetDateTime::from_unix_timestamp(seconds).unwrap_or(value))
    }
}

impl From<Timestamp> for OffsetDateTime {
    fn from(value: Timestamp) -> Self {
        value.0
    }
}

impl fmt::Display for Timestamp {
    /// Formats as Unix seconds, the wire form.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.unix(), f)
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_i64(self.unix())
    }
}

struct TimestampVisitor;

impl Visitor<'_> for TimestampVisitor {
    type Value = Timestamp;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Unix seconds (an integer within the years -9999..=9999)")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Timestamp, E> {
        Timestamp::from_unix(v).map_err(|_| E::invalid_value(Unexpected::Signed(v), &self))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Timestamp, E> {
        i64::try_from(v)
            .ok()
            .and_then(|v| Timestamp::from_unix(v).ok())
            .ok_or_else(|| E::invalid_value(Unexpected::Unsigned(v), &self))
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_i64(TimestampVisitor)
    }
}

crate::wire::from_wire_via_deserialize!(Timestamp);
