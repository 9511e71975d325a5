//! Running async work from the client's thread: every blocking call into the
//! runtime goes through [`Control::run`], which honours the statement's
//! cancellation token (`SQLCancel`, HY008) and its deadline
//! (`SQL_ATTR_QUERY_TIMEOUT`, HYT00).

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
    pub fn run<F: Future>(&self, future: F) -> Result<F::Output> {
        let runtime = runtime()?;
        let deadline = self.deadline;
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
