//! [`Retry`]: whether, and when, to send a request again, within a deadline for the whole of it.

use std::time::{Duration, Instant};

use super::error::ApiError;

/// One request's retries, bounded in count and in time: every attempt, every wait between
/// attempts and every answer fits before a deadline set when the request is first sent. A
/// silent server, a `429` without `Retry-After` or a `Retry-After` of a million seconds then
/// costs at most the deadline, and the caller learns why it stopped.
///
/// It reads no clock (the caller passes the time) and sends nothing: give each attempt at most
/// [`Retry::time_left`] (the HTTP client's timeout), and after a failure ask
/// [`Retry::after_error`] or [`Retry::after_failure`] when to send again.
///
/// ```
/// use copper_lead::api::{Response, Retry};
/// use copper_lead::{LeadId, leads};
/// use std::time::{Duration, Instant};
///
/// let start = Instant::now();
/// let request = leads::fetch(LeadId::new(1));
/// let mut retry = Retry::new(start); // two minutes, five retries
/// let limited = request.read(&Response::new(429, b"").header("Retry-After", "7")).unwrap_err();
/// assert_eq!(retry.after_error(&limited, start), Ok(start + Duration::from_secs(7)));
///
/// // A wait that ends past the deadline is not taken: the error is final.
/// let later = request.read(&Response::new(429, b"").header("Retry-After", "3600")).unwrap_err();
/// assert!(retry.after_error(&later, start).is_err());
/// ```
///
/// A budget and a count of one's own, and a server that never answers:
///
/// ```
/// use copper_lead::api::{GiveUp, Retry};
/// use std::time::{Duration, Instant};
///
/// let start = Instant::now();
/// let mut retry = Retry::within(start, Duration::from_secs(30)).max_retries(1);
/// assert_eq!(retry.deadline(), start + Duration::from_secs(30));
/// assert_eq!(Retry::DEFAULT_BUDGET, Duration::from_secs(120));
/// assert_eq!(Retry::DEFAULT_RETRIES, 5);
/// // The first attempt may take all the time left; it times out after 10 s.
/// assert_eq!(retry.time_left(start), Duration::from_secs(30));
/// let timed_out = start + Duration::from_secs(10);
/// let again = retry.after_failure(true, timed_out).unwrap(); // a GET: safe to resend
/// assert_eq!((again, retry.retries()), (timed_out + Duration::from_secs(1), 1));
/// assert_eq!(retry.after_failure(true, again), Err(GiveUp::NoRetriesLeft));
/// // A request that is not safe to resend (a POST) may have been applied: never again.
/// assert_eq!(Retry::new(start).after_failure(false, start), Err(GiveUp::Final));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retry {
    deadline: Instant,
    retries: u32,
    max_retries: u32,
}

/// Why a request is not sent again.
///
/// ```
/// use copper_lead::api::{GiveUp, Response, Retry};
/// use copper_lead::{LeadId, leads};
/// use std::time::Instant;
///
/// let now = Instant::now();
/// let missing = leads::fetch(LeadId::new(1)).read(&Response::new(404, b"")).unwrap_err();
/// assert_eq!(Retry::new(now).after_error(&missing, now), Err(GiveUp::Final));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum GiveUp {
    /// The error is final: the same request would fail the same way, or it is not safe to
    /// send again (it may have been applied).
    Final,
    /// The retries are used up.
    NoRetriesLeft,
    /// The wait would end past the deadline.
    PastDeadline,
}

impl std::fmt::Display for GiveUp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            GiveUp::Final => "the error is final",
            GiveUp::NoRetriesLeft => "no retries are left",
            GiveUp::PastDeadline => "the wait would end past the request's deadline",
        })
    }
}

impl Retry {
    /// How long one request may take, retries and waits included, by default: two minutes
    /// (Copper's rate limit window is one minute, so one wait for it fits).
    pub const DEFAULT_BUDGET: Duration = Duration::from_secs(120);

    /// How many times a request is sent again, by default.
    pub const DEFAULT_RETRIES: u32 = 5;

    /// Retries for a request first sent at `now`, within [`Retry::DEFAULT_BUDGET`].
    #[must_use]
    pub fn new(now: Instant) -> Self {
        Retry::within(now, Retry::DEFAULT_BUDGET)
    }

    /// Retries for a request first sent at `now`, all of it within `budget`.
    #[must_use]
    pub fn within(now: Instant, budget: Duration) -> Self {
        Retry {
            // A budget too long to add is no deadline at all.
            deadline: now
                .checked_add(budget)
                .unwrap_or(now + Duration::from_secs(86_400 * 365)),
            retries: 0,
            max_retries: Retry::DEFAULT_RETRIES,
        }
    }

    /// At most `count` retries (0: send once).
    #[must_use]
    pub fn max_retries(mut self, count: u32) -> Self {
        self.max_retries = count;
        self
    }

    /// When the request must be done.
    #[must_use]
    pub fn deadline(&self) -> Instant {
        self.deadline
    }

    /// How long an attempt made at `now` may take: the time left until the deadline (zero
    /// once it has passed).
    #[must_use]
    pub fn time_left(&self, now: Instant) -> Duration {
        self.deadline.saturating_duration_since(now)
    }

    /// How many times the request has been sent again.
    #[must_use]
    pub fn retries(&self) -> u32 {
        self.retries
    }

    /// After Copper's error answer `err` at `now`: when to send the request again.
    ///
    /// # Errors
    ///
    /// [`GiveUp`] when it is not sent again: the error says not to
    /// ([`ApiError::retry`]), no retry is left, or the wait would end past the deadline.
    pub fn after_error(&mut self, err: &ApiError, now: Instant) -> Result<Instant, GiveUp> {
        let wait = err.retry().ok_or(GiveUp::Final)?;
        self.take(now, wait)
    }

    /// After a failure to get any answer at `now` (a timeout, a lost connection): when to send
    /// the request again, for one that is safe to resend ([`Request::is_idempotent`]): one
    /// that is not may have been applied, and is not sent again. Waits a second.
    ///
    /// # Errors
    ///
    /// [`GiveUp`] as for [`Retry::after_error`].
    ///
    /// [`Request::is_idempotent`]: super::Request::is_idempotent
    pub fn after_failure(&mut self, idempotent: bool, now: Instant) -> Result<Instant, GiveUp> {
        if !idempotent {
            return Err(GiveUp::Final);
        }
        self.take(now, Duration::from_secs(1))
    }

    fn take(&mut self, now: Instant, wait: Duration) -> Result<Instant, GiveUp> {
        if self.retries >= self.max_retries {
            return Err(GiveUp::NoRetriesLeft);
        }
        let at = now.checked_add(wait).ok_or(GiveUp::PastDeadline)?;
        if at >= self.deadline {
            return Err(GiveUp::PastDeadline);
        }
        self.retries += 1;
        Ok(at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::response::Response;

    #[test]
    fn retries_stop_at_the_count_and_the_deadline() {
        let start = Instant::now();
        let server = ApiError::from_response(true, &Response::new(503, b""));
        let mut retry = Retry::within(start, Duration::from_secs(60)).max_retries(3);
        let mut now = start;
        for _ in 0..3 {
            now = retry.after_error(&server, now).unwrap();
        }
        assert_eq!(retry.retries(), 3);
        assert_eq!(retry.after_error(&server, now), Err(GiveUp::NoRetriesLeft));
        // A silent server, each attempt timing out after 4 s, within 10 s: the first fails at
        // 4 s and is retried at 5 s; the second fails at 9 s, and a retry at 10 s would be
        // past the deadline.
        let mut retry = Retry::within(start, Duration::from_secs(10));
        let mut now = start;
        let given_up = loop {
            let failed_at = now + retry.time_left(now).min(Duration::from_secs(4));
            match retry.after_failure(true, failed_at) {
                Ok(at) => now = at,
                Err(why) => break why,
            }
        };
        assert_eq!(given_up, GiveUp::PastDeadline);
        assert_eq!((retry.retries(), now), (1, start + Duration::from_secs(5)));
        assert_eq!(
            Retry::new(start).after_failure(false, start),
            Err(GiveUp::Final)
        );
    }
}
