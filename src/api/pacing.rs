//! [`Pacer`]: when the next request may go, within Copper's rate limits.

use std::collections::VecDeque;
use std::time::{Duration, Instant};

/// Keeps requests within a rate limit of `limit` requests in any rolling `window`, as Copper
/// evaluates its own: 180 requests per rolling minute for every call ([`Pacer::copper`]), and
/// 3 per second more for the bulk endpoints ([`Pacer::copper_bulk`]).
///
/// It reads no clock: the caller passes the time, and the pacer answers when the request may
/// go, then counts it as sent at that moment. After a `429`, [`Pacer::pause_until`] holds every
/// request until the wait is over.
///
/// ```
/// use copper_lead::api::Pacer;
/// use std::time::{Duration, Instant};
///
/// let start = Instant::now();
/// let mut pacer = Pacer::new(2, Duration::from_secs(1));
/// assert_eq!(pacer.reserve(start), start); // the first two go at once
/// assert_eq!(pacer.reserve(start), start);
/// // The third waits until the first leaves the window.
/// assert_eq!(pacer.reserve(start), start + Duration::from_secs(1));
/// ```
#[derive(Debug, Clone)]
pub struct Pacer {
    limit: usize,
    window: Duration,
    /// When the requests still in the window were (or will be) sent, oldest first.
    sent: VecDeque<Instant>,
    paused_until: Option<Instant>,
}

impl Pacer {
    /// At most `limit` requests in any rolling `window` (a `limit` of 0 counts as 1).
    #[must_use]
    pub fn new(limit: usize, window: Duration) -> Self {
        let limit = limit.max(1);
        Pacer {
            limit,
            window,
            // The limit is the caller's: reserve no more than a small window's worth up front.
            sent: VecDeque::with_capacity(limit.min(1024)),
            paused_until: None,
        }
    }

    /// Copper's documented limit for every call: 180 requests per rolling minute.
    #[must_use]
    pub fn copper() -> Self {
        Pacer::new(180, Duration::from_secs(60))
    }

    /// Copper's additional limit for the bulk endpoints: 3 requests per second. Use it beside
    /// [`Pacer::copper`] for bulk calls (a request goes when both allow it).
    ///
    /// ```
    /// use copper_lead::api::Pacer;
    /// use std::time::{Duration, Instant};
    ///
    /// let start = Instant::now();
    /// let (mut every_call, mut bulk) = (Pacer::copper(), Pacer::copper_bulk());
    /// let mut go = |now: Instant| {
    ///     // The later of the two answers: both limits hold.
    ///     let at = every_call.reserve(now).max(bulk.reserve(now));
    ///     at
    /// };
    /// for _ in 0..3 {
    ///     assert_eq!(go(start), start);
    /// }
    /// assert!(go(start) >= start + Duration::from_secs(1)); // the fourth bulk call waits
    /// ```
    #[must_use]
    pub fn copper_bulk() -> Self {
        Pacer::new(3, Duration::from_secs(1))
    }

    /// When a request asked for at `now` may be sent; it is counted as sent then. Requests go
    /// in the order they are reserved: a `now` earlier than the last reservation is taken as
    /// that reservation's time.
    ///
    /// Copper counts requests when they arrive, so a client sending exactly at the limit may
    /// still meet a `429` now and then (network delays bunch requests up): a pacer a little
    /// under the limit, such as `Pacer::new(170, Duration::from_secs(60))`, avoids that.
    #[must_use = "the request may only go at the returned time"]
    pub fn reserve(&mut self, now: Instant) -> Instant {
        let mut at = self.sent.back().map_or(now, |last| now.max(*last));
        if let Some(until) = self.paused_until {
            at = at.max(until);
        }
        // Forget what has left the window by then (a window too long to add never ends).
        let window = self.window;
        let leaves = |sent: Instant| sent.checked_add(window);
        while self
            .sent
            .front()
            .is_some_and(|first| leaves(*first).is_some_and(|end| end <= at))
        {
            self.sent.pop_front();
        }
        if self.sent.len() >= self.limit
            && let Some(first) = self.sent.pop_front()
            && let Some(end) = leaves(first)
        {
            at = at.max(end);
        }
        self.sent.push_back(at);
        at
    }

    /// Holds every request until `until` (after a `429`, `now` plus
    /// [`ApiError::retry`](super::ApiError::retry)).
    ///
    /// ```
    /// use copper_lead::api::{Pacer, Response};
    /// use copper_lead::{LeadId, leads};
    /// use std::time::Instant;
    ///
    /// let now = Instant::now();
    /// let mut pacer = Pacer::copper();
    /// let err = leads::fetch(LeadId::new(1))
    ///     .read(&Response::new(429, b"").header("Retry-After", "30"))
    ///     .unwrap_err();
    /// let wait = err.retry().expect("a 429 says when to retry");
    /// pacer.pause_until(now + wait);
    /// assert_eq!(pacer.reserve(now), now + wait);
    /// ```
    pub fn pause_until(&mut self, until: Instant) {
        self.paused_until = Some(self.paused_until.map_or(until, |paused| paused.max(until)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn copper_pacing_lets_180_through_then_waits_a_minute() {
        let start = Instant::now();
        let mut pacer = Pacer::copper();
        for _ in 0..180 {
            assert_eq!(pacer.reserve(start), start);
        }
        assert_eq!(pacer.reserve(start), start + Duration::from_secs(60));
    }

    #[test]
    fn a_pause_holds_requests_and_counts_them_after_it() {
        let start = Instant::now();
        let mut pacer = Pacer::new(10, Duration::from_secs(1));
        pacer.pause_until(start + Duration::from_secs(30));
        pacer.pause_until(start + Duration::from_secs(5)); // an earlier pause does not shorten it
        assert_eq!(pacer.reserve(start), start + Duration::from_secs(30));
    }

    #[test]
    fn extreme_limits_and_windows_do_not_panic() {
        let start = Instant::now();
        let mut pacer = Pacer::new(usize::MAX, Duration::MAX);
        assert_eq!(pacer.reserve(start), start);
        let mut pacer = Pacer::new(1, Duration::MAX);
        assert_eq!(pacer.reserve(start), start);
        // The window never ends: the second request waits as long as it can be told to.
        let _ = pacer.reserve(start);
        let mut pacer = Pacer::new(0, Duration::ZERO);
        assert_eq!(pacer.reserve(start), start);
        assert_eq!(pacer.reserve(start), start);
    }

    proptest! {
        /// Whatever the arrival times, no window holds more than `limit` sends, no send is
        /// before its request, and sends keep the order of requests.
        #[test]
        fn no_window_holds_more_than_the_limit(
            limit in 1_usize..6,
            window_ms in 1_u64..2_000,
            gaps in proptest::collection::vec(0_u64..1_500, 1..80),
        ) {
            let window = Duration::from_millis(window_ms);
            let start = Instant::now();
            let mut pacer = Pacer::new(limit, window);
            let mut now = start;
            let mut sends = Vec::new();
            for gap in gaps {
                now += Duration::from_millis(gap);
                let at = pacer.reserve(now);
                prop_assert!(at >= now);
                if let Some(last) = sends.last() {
                    prop_assert!(at >= *last);
                }
                sends.push(at);
            }
            for (i, first) in sends.iter().enumerate() {
                let within = sends[i..].iter().take_while(|at| **at < *first + window).count();
                prop_assert!(within <= limit, "{within} sends in one window, limit {limit}");
            }
        }
    }
}
