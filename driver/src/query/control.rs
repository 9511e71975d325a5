//! Running a statement's work for the client's thread: every blocking call
//! into the runtime goes through [`Control::run`], and parsing and planning
//! through [`Control::run_apart`]. Both honour the statement's cancellation
//! token (`SQLCancel`, HY008) and its deadline (`SQL_ATTR_QUERY_TIMEOUT`,
//! HYT00), and run on a thread of our own with a deep stack.

use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::time::{Duration, Instant};

use apiodbc_providers::runtime::runtime;
use parking_lot::Mutex;
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
        on_deep_stack(|| self.wait(future))?
    }

    /// Runs `f` on a deep-stack thread of its own and waits for it until
    /// the statement is canceled or times out. Parsing and planning have no
    /// point to stop at from inside, so an abandoned thread finishes
    /// unobserved; [`join_abandoned`] waits for it before the library may be
    /// unloaded.
    pub fn run_apart<T: Send + 'static>(
        &self,
        f: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T> {
        let (sender, receiver) = tokio::sync::oneshot::channel();
        let worker = deep_thread()
            .spawn(move || {
                DEEP.set(true);
                let _ = sender.send(std::panic::catch_unwind(AssertUnwindSafe(f)));
            })
            .map_err(cannot_start)?;
        match self.wait(receiver) {
            Ok(outcome) => {
                let _ = worker.join();
                match outcome {
                    Ok(Ok(value)) => Ok(value),
                    Ok(Err(panic)) => std::panic::resume_unwind(panic),
                    Err(_) => Err(Error::general(
                        "the statement thread ended without an answer",
                    )),
                }
            }
            Err(stopped) => {
                ABANDONED.lock().push(worker);
                Err(stopped)
            }
        }
    }

    /// Blocks this thread on `future` until it ends, the token is canceled
    /// (HY008) or the deadline passes (HYT00).
    fn wait<F: Future>(&self, future: F) -> Result<F::Output> {
        let runtime = runtime()?;
        runtime.block_on(async {
            let sleep = async {
                match self.deadline {
                    Some(at) => tokio::time::sleep_until(at.into()).await,
                    None => std::future::pending().await,
                }
            };
            tokio::select! {
                output = future => Ok(output),
                () = self.cancel.cancelled() => Err(Error::cancelled("operation canceled")),
                () = sleep => Err(Error::timeout("timeout expired")),
            }
        })
    }
}

/// Threads [`Control::run_apart`] stopped waiting for.
static ABANDONED: Mutex<Vec<std::thread::JoinHandle<()>>> = Mutex::new(Vec::new());

/// Waits for every abandoned statement thread: the driver manager may unload
/// the library once the last connection or environment is gone, and no
/// thread may still be running its code then.
pub fn join_abandoned() {
    let threads = std::mem::take(&mut *ABANDONED.lock());
    for thread in threads {
        let _ = thread.join();
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
        let worker = deep_thread()
            .spawn_scoped(scope, || {
                DEEP.set(true);
                f()
            })
            .map_err(cannot_start)?;
        Ok(worker
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
    })
}

fn deep_thread() -> std::thread::Builder {
    std::thread::Builder::new()
        .name("apiodbc-statement".into())
        .stack_size(DEEP_STACK)
}

fn cannot_start(e: std::io::Error) -> Error {
    Error::general(format!("cannot start a statement thread: {e}"))
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

    #[test]
    fn run_apart_answers_or_gives_up_without_waiting_for_the_work() {
        let never = Control::new(CancellationToken::new(), Duration::ZERO);
        assert!(
            never.run_apart(|| DEEP.get()).unwrap(),
            "runs on a deep stack"
        );

        // The work outlives the caller's patience: the caller hears HYT00
        // at the deadline, and join_abandoned waits for the work to finish.
        let finished = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let flag = finished.clone();
        let quick = Control::new(CancellationToken::new(), Duration::from_millis(20));
        let e = quick
            .run_apart(move || {
                std::thread::sleep(Duration::from_millis(300));
                flag.store(true, std::sync::atomic::Ordering::SeqCst);
            })
            .unwrap_err();
        assert_eq!(e.state, "HYT00");
        assert!(!finished.load(std::sync::atomic::Ordering::SeqCst));
        join_abandoned();
        assert!(finished.load(std::sync::atomic::Ordering::SeqCst));

        let token = CancellationToken::new();
        token.cancel();
        let canceled = Control::new(token, Duration::ZERO);
        let slow = || std::thread::sleep(Duration::from_millis(100));
        assert_eq!(canceled.run_apart(slow).unwrap_err().state, "HY008");
        join_abandoned();
    }

    #[test]
    fn a_panic_apart_reaches_the_caller() {
        let control = Control::new(CancellationToken::new(), Duration::ZERO);
        let caught = std::panic::catch_unwind(AssertUnwindSafe(|| {
            control.run_apart(|| -> u8 { panic!("boom") })
        }));
        assert!(caught.is_err());
    }
}
