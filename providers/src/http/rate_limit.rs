//! The rate limits requests wait for: per key and account, per endpoint,
//! shared by every connection of the process.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, LazyLock, Mutex, Weak};
use std::time::Duration;

use reqwest::Url;
use tokio::time::Instant;

use crate::cache::Identity;

/// How much longer than a second the rate limiter's window is: requests
/// reach the API a little earlier or later than they leave (network jitter),
/// and the API counts arrivals.
const RATE_WINDOW_MARGIN: f64 = 1.1;

/// Lets at most `capacity` requests start in any `window` (a sliding window
/// over the start times of the last `capacity` requests): a statement's
/// concurrent requests start together, and a long scan still never exceeds
/// the API's per-second limit, which is what the API enforces. Requests are
/// served first come, first served, also across the limiters one request
/// passes (its endpoint's and the connection's): each start time is the first
/// that all of them allow and that no earlier request's start follows.
#[derive(Debug)]
pub(super) struct RateLimiter {
    capacity: usize,
    window: Duration,
    /// The start times given out, oldest first; at most `capacity`, never decreasing.
    starts: Mutex<VecDeque<Instant>>,
}

/// Who a limit counts: the credentials and account headers (`Identity`), the
/// API root, the endpoint ("" for all of them) and the rate.
type LimiterKey = (Identity, String, String, u64);

impl RateLimiter {
    /// The limiter every connection of the process shares for `identity` on
    /// the API at `base` (`endpoint` "" for the account-wide one): the API
    /// counts requests per key and account, not per connection, and hosts
    /// such as Tableau open several connections at once.
    pub fn shared(identity: Identity, base: &Url, endpoint: &str, rate: f64) -> Arc<RateLimiter> {
        static LIMITERS: LazyLock<Mutex<HashMap<LimiterKey, Weak<RateLimiter>>>> =
            LazyLock::new(Mutex::default);
        let key = (
            identity,
            base.to_string(),
            endpoint.to_string(),
            rate.to_bits(),
        );
        let mut limiters = LIMITERS.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(limiter) = limiters.get(&key).and_then(Weak::upgrade) {
            return limiter;
        }
        limiters.retain(|_, limiter| limiter.strong_count() > 0);
        let limiter = Arc::new(RateLimiter::new(rate));
        limiters.insert(key, Arc::downgrade(&limiter));
        limiter
    }

    fn new(rate: f64) -> RateLimiter {
        let capacity = rate.floor().max(1.0);
        RateLimiter {
            capacity: capacity as usize,
            window: Duration::from_secs_f64(capacity / rate * RATE_WINDOW_MARGIN),
            starts: Mutex::new(VecDeque::new()),
        }
    }

    /// Waits for this request's start time in every limiter of `limiters`.
    pub async fn acquire_all(limiters: &[&RateLimiter]) {
        tokio::time::sleep_until(Self::reserve(limiters, Instant::now())).await;
    }

    /// Takes the start time of a request ready at `now` in every limiter of
    /// `limiters`: the latest of now, the last start given out, and one
    /// window after the start `capacity` requests ago. The locks are taken in
    /// the order given (endpoint, then connection), the same for every request.
    fn reserve(limiters: &[&RateLimiter], now: Instant) -> Instant {
        let mut all: Vec<_> = limiters
            .iter()
            .map(|l| (l, l.starts.lock().unwrap_or_else(|e| e.into_inner())))
            .collect();
        let start = all
            .iter()
            .flat_map(|(limiter, starts)| {
                let full = starts.len() >= limiter.capacity;
                let oldest = starts.front().filter(|_| full).map(|t| *t + limiter.window);
                [oldest, starts.back().copied()]
            })
            .flatten()
            .fold(now, Instant::max);
        for (limiter, starts) in &mut all {
            if starts.len() >= limiter.capacity {
                starts.pop_front();
            }
            starts.push_back(start);
        }
        start
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::runtime;

    #[test]
    fn rate_limit_lets_a_second_worth_start_at_once_then_waits() {
        let limiter = RateLimiter::new(4.0);
        assert_eq!(limiter.capacity, 4);
        assert_eq!(limiter.window, Duration::from_secs_f64(RATE_WINDOW_MARGIN));
        // (called, started) per request.
        let starts: Vec<(Instant, Instant)> = runtime().unwrap().block_on(async {
            let mut starts = Vec::new();
            for _ in 0..9 {
                let called = Instant::now();
                RateLimiter::acquire_all(&[&limiter]).await;
                starts.push((called, Instant::now()));
            }
            starts
        });
        // The fifth request after any one starts at least a window after it was asked for.
        for pair in starts.windows(5) {
            assert!(pair[4].1 - pair[0].0 >= limiter.window, "{starts:?}");
        }
        let starts: Vec<Instant> = starts.into_iter().map(|(_, s)| s).collect();
        // The first four did not wait for each other.
        assert!(starts[3] - starts[0] < limiter.window);
        // Fractional rates keep their average.
        let slow = RateLimiter::new(0.5);
        assert_eq!((slow.capacity, slow.window.as_secs_f64().round()), (1, 2.0));
    }

    #[test]
    fn an_endpoint_limit_holds_its_requests_and_those_queued_behind_them() {
        let endpoint = RateLimiter::new(2.0);
        let connection = RateLimiter::new(100.0);
        let other = RateLimiter::new(2.0);
        let t0 = Instant::now();
        let both = [&endpoint, &connection];
        assert_eq!(RateLimiter::reserve(&both, t0), t0);
        assert_eq!(RateLimiter::reserve(&both, t0), t0);
        // The endpoint's third request waits a window; the connection counts it then.
        let third = RateLimiter::reserve(&both, t0);
        assert_eq!(third, t0 + endpoint.window);
        // A request to another endpoint, asked for after it, does not overtake it.
        assert_eq!(RateLimiter::reserve(&[&other, &connection], t0), third);
        // Once the window has passed, both go at once.
        let later = t0 + Duration::from_secs(5);
        assert_eq!(RateLimiter::reserve(&both, later), later);
        assert_eq!(RateLimiter::reserve(&[&other, &connection], later), later);
        assert_eq!(connection.starts.lock().unwrap().len(), 6);
    }
}
