//! Faults on demand, from a seeded generator: the same seed and requests give the same faults.

use serde::Serialize;
use std::time::Duration;

/// A fault injected into one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Fault {
    /// Answered `500` without applying the request.
    ServerError,
    /// Applied, and the response lost: the server closes the connection without answering.
    Lost,
    /// Answered `429` without applying, as in a burst of traffic.
    RateLimited,
    /// Applied, and answered after this delay.
    Slow(#[serde(serialize_with = "millis")] Duration),
}

fn millis<S: serde::Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_u128(d.as_millis())
}

/// The generator and the share of requests that get a fault.
#[derive(Debug, Clone)]
pub(crate) struct Faults {
    rate: f64,
    state: u64,
    /// `429`s still due in the current burst.
    burst: u32,
}

impl Faults {
    pub(crate) fn new(rate: f64, seed: u64) -> Faults {
        Faults {
            rate,
            // SplitMix64 never sticks at zero; the seed is mixed in once.
            state: seed ^ 0x9E37_79B9_7F4A_7C15,
            burst: 0,
        }
    }

    /// `SplitMix64`: small, fast and good enough to pick faults.
    fn next(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A uniform number in `[0, 1)`.
    fn unit(&mut self) -> f64 {
        // The top 32 bits over their largest value: a double in [0, 1].
        let x = f64::from(u32::try_from(self.next() >> 32).unwrap_or(0));
        x / f64::from(u32::MAX)
    }

    /// The fault for the next request, if any.
    pub(crate) fn draw(&mut self) -> Option<Fault> {
        if self.burst > 0 {
            self.burst -= 1;
            return Some(Fault::RateLimited);
        }
        if self.rate <= 0.0 || self.unit() >= self.rate {
            return None;
        }
        Some(match self.next() % 4 {
            0 => Fault::ServerError,
            1 => Fault::Lost,
            2 => {
                // A burst of 1 to 4 answers of 429, this one included.
                self.burst = u32::try_from(self.next() % 4).unwrap_or(0);
                Fault::RateLimited
            }
            _ => Fault::Slow(Duration::from_millis(50 + self.next() % 450)),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_faults_at_about_the_rate() {
        let run = |seed| {
            let mut faults = Faults::new(0.2, seed);
            (0..10_000).map(|_| faults.draw()).collect::<Vec<_>>()
        };
        assert_eq!(run(7), run(7));
        assert_ne!(run(7), run(8));
        let hit = run(7).iter().filter(|f| f.is_some()).count();
        // Bursts add up to three 429s each to the faults drawn at 20%.
        assert!((2_000..3_500).contains(&hit), "{hit}");
        let none = Faults::new(0.0, 1).draw();
        assert_eq!(none, None);
    }
}
