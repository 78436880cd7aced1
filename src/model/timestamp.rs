//! [`Timestamp`]: Copper's Unix-second timestamps.

use serde::{Serialize, Serializer};
use std::fmt;
use std::time::{Duration, SystemTime};
use time::OffsetDateTime;

use crate::wire::{Leaf, Reject, wire_leaf};

/// A point in time as Copper sends it: whole Unix seconds (`date_created`, `date_modified`,
/// ...).
///
/// On the wire it is a JSON integer. Seconds outside the years -9999..=9999 are a shape error,
/// as is a string or a fraction. Copper has no finer resolution than a second, so a
/// `Timestamp` holds none: converting a time with a fraction of a second fails
/// ([`TryFrom`]) unless you ask for it to be dropped ([`Timestamp::from_system_time_floor`]).
///
/// # Example
///
/// ```
/// use copper_lead::Timestamp;
/// use std::time::{Duration, SystemTime};
///
/// let t = Timestamp::from_unix(1_489_018_784)?;
/// assert_eq!(t.unix(), 1_489_018_784);
/// assert_eq!(serde_json::to_string(&t)?, "1489018784");
///
/// // Stamping "now" needs no date crate: drop the fraction of a second explicitly.
/// let now = Timestamp::from_system_time_floor(SystemTime::now())?;
/// assert!(now > t);
/// // An exact conversion refuses a fraction rather than losing it.
/// let later = SystemTime::UNIX_EPOCH + Duration::from_millis(1_500);
/// assert!(Timestamp::try_from(later).is_err());
/// assert_eq!(SystemTime::from(t), SystemTime::UNIX_EPOCH + Duration::from_secs(1_489_018_784));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Timestamp(i64);

/// Why a time cannot be a [`Timestamp`].
///
/// ```
/// use copper_lead::{Timestamp, TimestampError};
///
/// assert_eq!(
///     Timestamp::from_unix(999_999_999_999_999),
///     Err(TimestampError::OutOfRange(999_999_999_999_999))
/// );
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TimestampError {
    /// Unix seconds outside the years -9999..=9999.
    #[error("unix timestamp {0} is outside the years -9999..=9999")]
    OutOfRange(i64),
    /// A time outside the years -9999..=9999, too far from 1970 to count in seconds.
    #[error("the time is outside the years -9999..=9999")]
    FarOutOfRange,
    /// A time with a fraction of a second, which a timestamp cannot hold.
    #[error("the time has a fraction of a second; Copper's timestamps are whole seconds")]
    Fraction,
}

impl Timestamp {
    /// The earliest timestamp: -9999-01-01T00:00:00Z.
    pub const MIN: Timestamp = Timestamp(-377_705_116_800);
    /// The latest timestamp: 9999-12-31T23:59:59Z.
    pub const MAX: Timestamp = Timestamp(253_402_300_799);

    /// The timestamp `seconds` after 1970-01-01T00:00:00Z.
    ///
    /// # Errors
    ///
    /// [`TimestampError::OutOfRange`] when the seconds fall outside the years -9999..=9999.
    pub const fn from_unix(seconds: i64) -> Result<Self, TimestampError> {
        if seconds < Timestamp::MIN.0 || seconds > Timestamp::MAX.0 {
            return Err(TimestampError::OutOfRange(seconds));
        }
        Ok(Timestamp(seconds))
    }

    /// The Unix seconds.
    #[must_use]
    pub const fn unix(self) -> i64 {
        self.0
    }

    /// The whole second a `SystemTime` falls in (rounding toward the past), for stamping
    /// "now": `Timestamp::from_system_time_floor(SystemTime::now())`.
    ///
    /// # Errors
    ///
    /// [`TimestampError`] when the time is outside the years -9999..=9999.
    pub fn from_system_time_floor(time: SystemTime) -> Result<Self, TimestampError> {
        let (floor, _) = floor_seconds(time)?;
        Timestamp::from_unix(floor)
    }

    /// The point in time as a `time` value in UTC.
    #[must_use]
    pub fn to_offset_date_time(self) -> OffsetDateTime {
        if let Ok(time) = OffsetDateTime::from_unix_timestamp(self.0) {
            time
        } else {
            // The range of a Timestamp is the range of `time` without its large-dates
            // feature: every value converts (a test checks MIN and MAX).
            debug_assert!(false, "timestamp {} outside time's range", self.0);
            OffsetDateTime::UNIX_EPOCH
        }
    }
}

/// The whole second a `SystemTime` falls in (rounding toward the past: -1.5 s is -2), and
/// whether the time was exactly that second.
fn floor_seconds(time: SystemTime) -> Result<(i64, bool), TimestampError> {
    let far = |_| TimestampError::FarOutOfRange;
    match time.duration_since(SystemTime::UNIX_EPOCH) {
        Ok(after) => Ok((
            i64::try_from(after.as_secs()).map_err(far)?,
            after.subsec_nanos() == 0,
        )),
        Err(before) => {
            let before = before.duration();
            let seconds = i64::try_from(before.as_secs()).map_err(far)?;
            match before.subsec_nanos() {
                0 => Ok((-seconds, true)),
                _ => Ok((-seconds - 1, false)),
            }
        }
    }
}

impl TryFrom<SystemTime> for Timestamp {
    type Error = TimestampError;

    /// Exact: a time with a fraction of a second is refused (see
    /// [`Timestamp::from_system_time_floor`] to drop it).
    fn try_from(time: SystemTime) -> Result<Self, TimestampError> {
        match floor_seconds(time)? {
            (seconds, true) => Timestamp::from_unix(seconds),
            (_, false) => Err(TimestampError::Fraction),
        }
    }
}

impl From<Timestamp> for SystemTime {
    fn from(value: Timestamp) -> Self {
        let magnitude = Duration::from_secs(value.0.unsigned_abs());
        if value.0 >= 0 {
            SystemTime::UNIX_EPOCH + magnitude
        } else {
            SystemTime::UNIX_EPOCH - magnitude
        }
    }
}

impl TryFrom<OffsetDateTime> for Timestamp {
    type Error = TimestampError;

    /// Exact: the same instant in whole seconds, whatever the value's UTC offset; a time with a
    /// fraction of a second is refused.
    fn try_from(time: OffsetDateTime) -> Result<Self, TimestampError> {
        if time.nanosecond() != 0 {
            return Err(TimestampError::Fraction);
        }
        Timestamp::from_unix(time.unix_timestamp())
    }
}

impl From<Timestamp> for OffsetDateTime {
    fn from(value: Timestamp) -> Self {
        value.to_offset_date_time()
    }
}

impl fmt::Display for Timestamp {
    /// Formats as Unix seconds, the wire form.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_i64(self.0)
    }
}

impl Leaf for Timestamp {
    fn expecting(f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Unix seconds (an integer within the years -9999..=9999)")
    }

    fn signed(value: i64) -> Result<Self, Reject> {
        Timestamp::from_unix(value).map_err(|_| Reject::Value)
    }

    fn unsigned(value: u64) -> Result<Self, Reject> {
        i64::try_from(value)
            .ok()
            .and_then(|v| Timestamp::from_unix(v).ok())
            .ok_or(Reject::Value)
    }
}

wire_leaf!(Timestamp);

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn the_range_is_times_range() {
        assert_eq!(
            Timestamp::MIN.to_offset_date_time(),
            datetime!(-9999-01-01 0:00 UTC)
        );
        assert_eq!(
            Timestamp::MAX.to_offset_date_time(),
            datetime!(9999-12-31 23:59:59 UTC)
        );
        assert!(Timestamp::from_unix(Timestamp::MAX.unix() + 1).is_err());
        assert!(Timestamp::from_unix(Timestamp::MIN.unix() - 1).is_err());
    }

    #[test]
    fn conversions_are_exact_or_say_how_they_round() {
        let t = |s| Timestamp::from_unix(s).unwrap();
        let epoch = SystemTime::UNIX_EPOCH;
        let ms = Duration::from_millis;
        assert_eq!(Timestamp::try_from(epoch + ms(2_000)), Ok(t(2)));
        assert_eq!(Timestamp::try_from(epoch - ms(2_000)), Ok(t(-2)));
        assert_eq!(
            Timestamp::try_from(epoch + ms(1_500)),
            Err(TimestampError::Fraction)
        );
        assert_eq!(
            Timestamp::from_system_time_floor(epoch + ms(1_500)),
            Ok(t(1))
        );
        assert_eq!(
            Timestamp::from_system_time_floor(epoch - ms(1_500)),
            Ok(t(-2))
        );
        for s in [-5, 0, 1_700_000_000] {
            assert_eq!(Timestamp::try_from(SystemTime::from(t(s))), Ok(t(s)));
        }
        // Another offset names the same instant; the timestamp is that instant in UTC.
        let pacific = datetime!(2020-12-15 0:00 -8);
        assert_eq!(Timestamp::try_from(pacific), Ok(t(1_608_019_200)));
        assert_eq!(
            Timestamp::try_from(datetime!(2020-12-15 0:00:00.5 UTC)),
            Err(TimestampError::Fraction)
        );
        assert_eq!(
            OffsetDateTime::from(t(1_608_019_200)),
            datetime!(2020-12-15 8:00 UTC)
        );
    }
}
