//! What can go wrong talking to an API, in terms a SQL client can act on.
//! The driver maps each kind to a SQLSTATE; messages never contain secrets.

use std::time::Duration;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, Clone, thiserror::Error)]
pub enum Error {
    /// The API refused the credentials (401). SQLSTATE 28000.
    #[error("{0}")]
    Auth(String),
    /// The credentials may not read this resource (403). SQLSTATE 28000; a
    /// provider reading many resources may skip the forbidden one instead.
    #[error("{0}")]
    Forbidden(String),
    /// A named object (a Bitbucket repository) does not exist. SQLSTATE 42S02.
    #[error("{0}")]
    NotFound(String),
    /// The API could not be reached at all. SQLSTATE 08001.
    #[error("{0}")]
    Connect(String),
    /// The connection broke or the API answered garbage mid-scan. SQLSTATE 08S01.
    #[error("{0}")]
    ConnectionLost(String),
    /// A request or the whole statement ran out of time. SQLSTATE HYT00.
    #[error("the request timed out after {0:?}")]
    Timeout(Duration),
    /// The client cancelled the statement. SQLSTATE HY008.
    #[error("the operation was cancelled")]
    Cancelled,
    /// A connection property is missing, unknown or malformed. SQLSTATE HY000 at connect.
    #[error("{0}")]
    Config(String),
    /// The API answered an error that is not about credentials (400, 404, 5xx after retries).
    #[error("{provider} API error (HTTP {status}): {message}")]
    Api {
        provider: &'static str,
        status: u16,
        message: String,
    },
}
