//! Where time and randomness come from. The engine, the session rules, the store and the
//! LRS sender take them as inputs, so the window, the command line and the tests decide:
//! the real clock and the system's randomness in use, a clock that stands still until the
//! test moves it and a seeded sequence in tests.

use std::sync::Mutex;
use std::time::Duration;

use chrono::{DateTime, Utc};
use rand::SeedableRng as _;
use rand_chacha::ChaCha8Rng;
use uuid::Uuid;

/// Where the time comes from.
pub trait Clock: Send + Sync {
    fn now(&self) -> DateTime<Utc>;

    /// How long a thread that waits for a moment on this clock may sleep before looking
    /// at it again. The real clock moves by itself, so a waiter sleeps until the moment;
    /// a test clock moves only when the test moves it, so a waiter looks again soon.
    fn recheck_after(&self) -> Option<Duration> {
        None
    }
}

/// The real time.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock that stands still until moved (for tests).
#[derive(Debug)]
pub struct FixedClock(Mutex<DateTime<Utc>>);

impl FixedClock {
    pub fn new(at: DateTime<Utc>) -> Self {
        Self(Mutex::new(at))
    }

    pub fn set(&self, at: DateTime<Utc>) {
        if let Ok(mut now) = self.0.lock() {
            *now = at;
        }
    }

    /// Moves the clock on by `by`.
    pub fn advance(&self, by: chrono::Duration) {
        if let Ok(mut now) = self.0.lock() {
            *now += by;
        }
    }
}

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        self.0.lock().map_or_else(|_| Utc::now(), |now| *now)
    }

    fn recheck_after(&self) -> Option<Duration> {
        Some(Duration::from_millis(5))
    }
}

/// How long from `now` until `at`, as a wait; zero when `at` has passed.
pub fn until(now: DateTime<Utc>, at: DateTime<Utc>) -> Duration {
    (at - now).to_std().unwrap_or(Duration::ZERO)
}

/// Where seeds and ids come from.
pub trait Entropy: Send {
    fn seed(&mut self) -> u64;
    fn uuid(&mut self) -> Uuid;

    /// A number in `[0, 1)`, for jitter.
    fn unit(&mut self) -> f64 {
        // The top 53 bits, scaled by 2^-53: every value fits an f64 exactly.
        #[expect(clippy::cast_precision_loss, reason = "53 bits fit an f64 exactly")]
        let value = (self.seed() >> 11) as f64;
        value * f64::EPSILON / 2.0
    }
}

/// The system's randomness.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemEntropy;

impl Entropy for SystemEntropy {
    fn seed(&mut self) -> u64 {
        rand::random()
    }

    fn uuid(&mut self) -> Uuid {
        Uuid::new_v4()
    }
}

/// A reproducible sequence of seeds and ids.
#[derive(Debug, Clone)]
pub struct SeededEntropy(ChaCha8Rng);

impl SeededEntropy {
    pub fn new(seed: u64) -> Self {
        Self(ChaCha8Rng::seed_from_u64(seed))
    }
}

impl Entropy for SeededEntropy {
    fn seed(&mut self) -> u64 {
        rand::Rng::next_u64(&mut self.0)
    }

    fn uuid(&mut self) -> Uuid {
        let high = u128::from(rand::Rng::next_u64(&mut self.0));
        let low = u128::from(rand::Rng::next_u64(&mut self.0));
        uuid::Builder::from_random_bytes(((high << 64) | low).to_be_bytes()).into_uuid()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_seeded_sequence_repeats_and_its_ids_are_version_4() {
        let mut a = SeededEntropy::new(3);
        let mut b = SeededEntropy::new(3);
        assert_eq!(a.seed(), b.seed());
        let id = a.uuid();
        assert_eq!(id, b.uuid());
        assert_eq!(id.get_version_num(), 4);
        for _ in 0..100 {
            let unit = a.unit();
            assert!((0.0..1.0).contains(&unit));
        }
    }

    #[test]
    fn a_fixed_clock_moves_only_when_moved() {
        let start = DateTime::<Utc>::UNIX_EPOCH;
        let clock = FixedClock::new(start);
        assert_eq!(clock.now(), start);
        clock.advance(chrono::Duration::minutes(5));
        assert_eq!(clock.now(), start + chrono::Duration::minutes(5));
        assert_eq!(until(clock.now(), start), Duration::ZERO);
    }
}
