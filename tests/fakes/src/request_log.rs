//! The request log both fake API servers keep: every request with what it
//! asked and what it was answered, for tests to count and inspect, and the
//! `/_fake/requests`, `/_fake/request_count` and `/_fake/reset_log` control
//! endpoints that expose it to out-of-process tests.

use std::sync::Mutex;
use std::time::Instant;

use serde::Serialize;
use serde_json::{Value, json};

use crate::control::lock;

/// One request as the server received it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Request {
    /// Sequence number since the server started (1, 2, ...; not reset by `reset_log`).
    pub seq: u64,
    /// `GET`, `POST`, ...
    pub method: String,
    /// Percent-decoded path, e.g. `/v1/charges/ch_123`.
    pub path: String,
    /// The query string exactly as sent (without `?`), empty if none.
    pub raw_query: String,
    /// The query string decoded into (key, value) pairs, in order, repeated keys kept.
    pub query: Vec<(String, String)>,
    /// The headers the server logs (its `LOGGED_HEADERS`) that were present, lower-case names.
    pub headers: Vec<(String, String)>,
    /// The `Stripe-Account` header, if sent.
    pub stripe_account: Option<String>,
    /// Status code answered; 0 while the answer is pending (or if the client went away).
    pub status: u16,
    /// When the request arrived, in microseconds since the server started.
    pub at_micros: u64,
}

impl Request {
    /// The last value of query parameter `key` (Stripe lets a repeated scalar's last value win).
    pub fn param(&self, key: &str) -> Option<&str> {
        self.query
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// Every value of query parameter `key`, in order.
    pub fn params(&self, key: &str) -> Vec<&str> {
        self.query
            .iter()
            .filter(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// Whether query parameter `key` was sent.
    pub fn has_param(&self, key: &str) -> bool {
        self.query.iter().any(|(k, _)| k == key)
    }

    /// A logged header by (case-insensitive) name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// The requests a fake server received, in arrival order.
pub struct RequestLog {
    entries: Mutex<Vec<Request>>,
    /// The last sequence number handed out (not reset with the entries).
    sequence: Mutex<u64>,
    started: Instant,
}

impl Default for RequestLog {
    fn default() -> Self {
        RequestLog {
            entries: Mutex::new(Vec::new()),
            sequence: Mutex::new(0),
            started: Instant::now(),
        }
    }
}

impl RequestLog {
    /// Logs a request as it arrives, numbering and timing it; returns its
    /// sequence number (for [`RequestLog::answered`]).
    pub fn arrived(&self, mut request: Request) -> u64 {
        let seq = {
            let mut sequence = lock(&self.sequence);
            *sequence += 1;
            *sequence
        };
        request.seq = seq;
        request.at_micros = self.started.elapsed().as_micros() as u64;
        lock(&self.entries).push(request);
        seq
    }

    /// Records the status answered to request `seq` (gone if the log was reset meanwhile).
    pub fn answered(&self, seq: u64, status: u16) {
        if let Some(logged) = lock(&self.entries).iter_mut().rev().find(|r| r.seq == seq) {
            logged.status = status;
        }
    }

    /// Every request since start or the last [`clear`](Self::clear).
    pub fn all(&self) -> Vec<Request> {
        lock(&self.entries).clone()
    }

    pub fn count(&self) -> usize {
        lock(&self.entries).len()
    }

    /// Requests whose path is exactly `path`.
    pub fn to(&self, path: &str) -> Vec<Request> {
        lock(&self.entries)
            .iter()
            .filter(|r| r.path == path)
            .cloned()
            .collect()
    }

    pub fn clear(&self) {
        lock(&self.entries).clear();
    }

    /// The answer of a `/_fake/` control endpoint about the log, if `what` is one.
    pub fn control(&self, method: &str, what: &str) -> Option<Value> {
        match (method, what) {
            ("GET", "requests") => Some(serde_json::to_value(self.all()).unwrap_or_default()),
            ("GET", "request_count") => Some(json!(self.count())),
            ("POST", "reset_log") => {
                self.clear();
                Some(json!({"ok": true}))
            }
            _ => None,
        }
    }
}

/// The most requests that arrived within any one second, from their arrival
/// times in µs (`Request::at_micros`): what an API's per-second limit counts.
pub fn busiest_second(arrivals: &[u64]) -> usize {
    let mut times = arrivals.to_vec();
    times.sort_unstable();
    let mut best = 0;
    let mut start = 0;
    for end in 0..times.len() {
        while times[end] - times[start] >= 1_000_000 {
            start += 1;
        }
        best = best.max(end - start + 1);
    }
    best
}
