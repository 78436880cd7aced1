//! Copper's rate limits: requests in a rolling minute, and bulk requests in a second.

use std::collections::VecDeque;

/// The requests admitted recently, to refuse the ones beyond the limits.
#[derive(Debug, Clone)]
pub(crate) struct Limiter {
    per_minute: u32,
    bulk_per_second: u32,
    recent: VecDeque<u64>,
    recent_bulk: VecDeque<u64>,
}

impl Limiter {
    pub(crate) fn new(per_minute: u32, bulk_per_second: u32) -> Limiter {
        Limiter {
            per_minute,
            bulk_per_second,
            recent: VecDeque::new(),
            recent_bulk: VecDeque::new(),
        }
    }

    /// Admits a request at `now_ms`, or says how long until one would be admitted. A refused
    /// request does not count against the window.
    pub(crate) fn admit(&mut self, now_ms: u64, bulk: bool) -> Result<(), u64> {
        let wait = window_wait(&mut self.recent, self.per_minute, 60_000, now_ms);
        let bulk_wait = if bulk {
            window_wait(&mut self.recent_bulk, self.bulk_per_second, 1_000, now_ms)
        } else {
            0
        };
        let wait = wait.max(bulk_wait);
        if wait > 0 {
            return Err(wait);
        }
        if self.per_minute > 0 {
            self.recent.push_back(now_ms);
        }
        if bulk && self.bulk_per_second > 0 {
            self.recent_bulk.push_back(now_ms);
        }
        Ok(())
    }
}

/// How long until a rolling window of `span_ms` holding at most `limit` requests has room
/// (0: now). Forgets requests that left the window.
fn window_wait(recent: &mut VecDeque<u64>, limit: u32, span_ms: u64, now_ms: u64) -> u64 {
    if limit == 0 {
        return 0;
    }
    while recent.front().is_some_and(|&t| t + span_ms <= now_ms) {
        recent.pop_front();
    }
    if recent.len() < usize::try_from(limit).unwrap_or(usize::MAX) {
        return 0;
    }
    recent.front().map_or(0, |&oldest| {
        (oldest + span_ms).saturating_sub(now_ms).max(1)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rolling_minute_admits_the_limit_then_waits_for_the_oldest() {
        let mut limiter = Limiter::new(3, 0);
        for t in [0, 10, 20] {
            assert_eq!(limiter.admit(t, false), Ok(()));
        }
        assert_eq!(limiter.admit(30, false), Err(59_970));
        assert_eq!(limiter.admit(60_000, false), Ok(()));
        let mut off = Limiter::new(0, 0);
        assert!((0..1000).all(|t| off.admit(t, true).is_ok()));
    }

    #[test]
    fn bulk_requests_have_their_own_second() {
        let mut limiter = Limiter::new(100, 3);
        for t in [0, 1, 2] {
            assert_eq!(limiter.admit(t, true), Ok(()));
        }
        assert_eq!(limiter.admit(3, true), Err(997));
        assert_eq!(limiter.admit(3, false), Ok(()));
        assert_eq!(limiter.admit(1000, true), Ok(()));
    }
}
