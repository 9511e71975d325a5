//! The control surface both fakes share: the request log, the latency added
//! to every answer, and the queue of faults the next requests meet. Tests in
//! the same process call it through the fake (`fake.fail_next(2, 500)`);
//! out-of-process tests use its `/_fake/...` endpoints.

use std::collections::VecDeque;
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use serde_json::{Value, json};

use crate::request_log::{Request, RequestLog};

/// Locks a mutex whatever a panicking test thread left in it: a failed
/// assertion must not poison the server for the next one.
pub(crate) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// What a request meets instead of its answer.
#[derive(Clone, Debug)]
pub(crate) enum Fault {
    /// Answer normally (lets a fault land mid-scan).
    Pass,
    /// An error answer in the API's own shape; `should_retry` sets Stripe's
    /// `Stripe-Should-Retry` (by default `true` on 429 and 5xx).
    Status {
        status: u16,
        should_retry: Option<bool>,
    },
    /// 200 with a body that is not JSON.
    Garbage,
    /// 200 with this JSON body: a page that breaks the paging contract.
    Body(&'static str),
}

#[derive(Default)]
pub struct Controls {
    pub(crate) log: RequestLog,
    latency: Mutex<Duration>,
    faults: Mutex<VecDeque<Fault>>,
}

impl Controls {
    pub(crate) fn new(latency: Duration) -> Controls {
        Controls {
            latency: Mutex::new(latency),
            ..Controls::default()
        }
    }

    /// Every request received since start or the last [`reset_log`](Self::reset_log), in order.
    pub fn requests(&self) -> Vec<Request> {
        self.log.all()
    }

    /// Number of requests received since start or the last reset.
    pub fn request_count(&self) -> usize {
        self.log.count()
    }

    /// Requests whose path is exactly `path` (e.g. `/v1/charges`).
    pub fn requests_to(&self, path: &str) -> Vec<Request> {
        self.log.to(path)
    }

    /// Clears the request log.
    pub fn reset_log(&self) {
        self.log.clear();
    }

    /// Sets the delay added before every answer.
    pub fn set_latency(&self, latency: Duration) {
        *lock(&self.latency) = latency;
    }

    /// The next `n` requests fail with `status` and the API's error body
    /// (a 429 carries `Retry-After`). Queued after faults already pending.
    pub fn fail_next(&self, n: usize, status: u16) {
        self.fail_next_with(n, status, None);
    }

    /// Like [`fail_next`](Self::fail_next), with `Stripe-Should-Retry` set
    /// to `should_retry` (or left at the default for the status).
    pub fn fail_next_with(&self, n: usize, status: u16, should_retry: Option<bool>) {
        self.queue(
            n,
            Fault::Status {
                status,
                should_retry,
            },
        );
    }

    /// The next `n` requests are answered normally before queued faults apply.
    pub fn pass_next(&self, n: usize) {
        self.queue(n, Fault::Pass);
    }

    /// The next `n` requests get 200 with a body that is not JSON.
    pub fn garbage_next(&self, n: usize) {
        self.queue(n, Fault::Garbage);
    }

    /// The next `n` requests get 200 with `body` (JSON) instead of their answer.
    pub fn answer_next(&self, n: usize, body: &'static str) {
        self.queue(n, Fault::Body(body));
    }

    /// Answers the next `pass` requests normally, then `n` with 200 and `body` (JSON).
    pub fn answer_after(&self, pass: usize, n: usize, body: &'static str) {
        self.pass_next(pass);
        self.answer_next(n, body);
    }

    /// Answers the next `pass` requests normally, then fails `n` with `status`.
    pub fn fail_after(&self, pass: usize, n: usize, status: u16) {
        self.pass_next(pass);
        self.fail_next(n, status);
    }

    /// Drops faults not yet served.
    pub fn clear_faults(&self) {
        lock(&self.faults).clear();
    }

    fn queue(&self, n: usize, fault: Fault) {
        lock(&self.faults).extend(std::iter::repeat_n(fault, n));
    }

    /// Waits out the latency, then takes the fault this request meets.
    pub(crate) async fn meet(&self) -> Option<Fault> {
        let latency = *lock(&self.latency);
        if !latency.is_zero() {
            tokio::time::sleep(latency).await;
        }
        lock(&self.faults).pop_front()
    }

    /// The answer of a control endpoint (`/_fake/<what>`): the log's, and
    /// `POST fail?n=&status=`, `POST garbage?n=`, `POST latency?ms=`; `None`
    /// for one it does not know.
    pub(crate) fn endpoint(
        &self,
        method: &str,
        what: &str,
        query: &[(String, String)],
    ) -> Option<Value> {
        if let Some(answer) = self.log.control(method, what) {
            return Some(answer);
        }
        let arg = |key: &str| -> Option<u64> {
            query
                .iter()
                .find(|(k, _)| k == key)
                .and_then(|(_, v)| v.parse().ok())
        };
        let n = arg("n").unwrap_or(1) as usize;
        match (method, what) {
            ("POST", "fail") => self.fail_next(n, arg("status").unwrap_or(500) as u16),
            ("POST", "garbage") => self.garbage_next(n),
            ("POST", "latency") => self.set_latency(Duration::from_millis(arg("ms").unwrap_or(0))),
            _ => return None,
        }
        Some(json!({"ok": true}))
    }
}
