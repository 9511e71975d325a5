//! Running a statement's work for the client's thread: every blocking call
//! into the runtime goes through [`Control::run`], which honours the
//! statement's cancellation token (`SQLCancel`, HY008) and its deadline
//! (`SQL_ATTR_QUERY_TIMEOUT`, HYT00), and planning and execution run on a
//! thread of our own with a deep stack ([`on_deep_stack`]).

use std::future::Future;
use std::time::{Duration, Instant};

use apiodbc_providers::runtime::runtime;
use tokio_util::sync::CancellationToken;

use crate::diag::{Error, Result};

#[derive(Debug, Clone)]
pub struct Control {
    pub cancel: CancellationToken,
    pub deadline: Option<Instant>,
}

impl Control {
    /// Control for a call that may take `timeout` (none when zero).
    pub fn new(cancel: CancellationToken, timeout: Duration) -> Self {
        let deadline = (!timeout.is_zero()).then(|| Instant::now() + timeout);
        Control { cancel, deadline }
    }

    /// Blocks the calling thread on `future`, giving up on cancel or deadline.
    pub fn run<F: Future + Send>(&self, future: F) -> Result<F::Output>
    where
        F::Output: Send,
    {
        let runtime = runtime()?;
        let deadline = self.deadline;
        on_deep_stack(|| {
            runtime.block_on(async {
                let sleep = async {
                    match deadline {
                        Some(at) => tokio::time::sleep_until(at.into()).await,
                        None => std::future::pending().await,
                    }
                };
                tokio::select! {
                    output = future => Ok(output),
                    () = self.cancel.cancelled() => Err(Error::new("HY008", "operation canceled")),
                    () = sleep => Err(Error::new("HYT00", "timeout expired")),
                }
            })
        })?
    }
}

/// The stack of the thread a statement is planned and executed on. Hosts
/// call the driver on threads with as little as 1 MB (Windows, JVM and .NET
/// threads), and planning and evaluating recurse once per level of an
/// expression: a 2,000-term `OR` from a BI tool's filter would overflow them.
/// Only the pages a statement touches are committed.
const DEEP_STACK: usize = 256 << 20;

thread_local! {
    /// Whether this thread is one [`on_deep_stack`] started.
    static DEEP: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `f` on a thread with [`DEEP_STACK`] and waits for it (at once when
/// already on one); a panic there is resumed here, where the call's guard
/// catches it.
pub fn on_deep_stack<T: Send>(f: impl FnOnce() -> T + Send) -> Result<T> {
    if DEEP.get() {
        return Ok(f());
    }
    std::thread::scope(|scope| {
        let worker = std::thread::Builder::new()
            .name("apiodbc-statement".into())
            .stack_size(DEEP_STACK)
            .spawn_scoped(scope, || {
                DEEP.set(true);
                f()
            })
            .map_err(|e| Error::general(format!("cannot start a statement thread: {e}")))?;
        Ok(worker
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
    })
}

/// Owns a value whose drop recurses as deep as the SQL it came from (a
/// plan, an execution stream) and drops it on a deep stack, whichever
/// client thread lets it go.
pub struct DeepDrop<T: Send>(std::mem::ManuallyDrop<T>);

impl<T: Send> DeepDrop<T> {
    pub fn new(value: T) -> Self {
        DeepDrop(std::mem::ManuallyDrop::new(value))
    }
}

impl<T: Send> std::ops::Deref for DeepDrop<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: Send> std::ops::DerefMut for DeepDrop<T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.0
    }
}

impl<T: Send> Drop for DeepDrop<T> {
    fn drop(&mut self) {
        // SAFETY: taken once, here, and never used again.
        let value = unsafe { std::mem::ManuallyDrop::take(&mut self.0) };
        // Dropped here after all when no thread can be started.
        let _ = on_deep_stack(move || drop(value));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deadline_and_cancel_interrupt_a_pending_future() {
        let c = Control::new(CancellationToken::new(), Duration::from_millis(20));
        assert_eq!(
            c.run(std::future::pending::<()>()).unwrap_err().state,
            "HYT00"
        );
        let token = CancellationToken::new();
        token.cancel();
        let c = Control::new(token, Duration::ZERO);
        assert_eq!(
            c.run(std::future::pending::<()>()).unwrap_err().state,
            "HY008"
        );
        assert_eq!(
            Control::new(CancellationToken::new(), Duration::ZERO)
                .run(async { 7 })
                .unwrap(),
            7
        );
    }
}
