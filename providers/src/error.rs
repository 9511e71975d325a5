//! What can go wrong talking to an API, in terms a SQL client can act on.
//! The driver maps each kind to a SQLSTATE; messages never contain secrets.

use std::time::Duration;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, Clone, thiserror::Error)]
pub enum Error {
    /// The API refused the credentials (401). SQLSTATE 28000.
    #[error("{0}")]
    Auth(String),
    /// The credentials are valid but may not read what was asked (403: a
    /// restricted key without the permission). SQLSTATE 42000.
    #[error("{0}")]
    Permission(String),
    /// The API rejected a value a WHERE clause sent it (400 on a pushed-down
    /// filter). SQLSTATE 22018.
    #[error("{0}")]
    InvalidValue(String),
    /// The query lacks a filter the API cannot list without (a required
    /// column, see `table::Column::required`; a Bitbucket user's pull
    /// requests need the user). SQLSTATE 42000.
    #[error("{0}")]
    MissingFilter(String),
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
    /// A connection property is missing or unknown. SQLSTATE HY000 at connect.
    #[error("{0}")]
    Config(String),
    /// A connection property's value is malformed or out of its range. SQLSTATE HY024.
    #[error("{0}")]
    InvalidProperty(String),
    /// The API answered an error that is not about credentials (400, 404, 5xx after retries).
    #[error("{provider} API error (HTTP {status}): {message}")]
    Api {
        provider: &'static str,
        status: u16,
        /// The API's message and facts (type, code, param), secrets masked.
        message: String,
        /// The request parameter the API blames, when it says.
        param: Option<String>,
    },
}

impl Error {
    /// The same error with `note` added to its message, where it has one to
    /// add to (API answers and broken connections).
    pub fn noted(self, note: &str) -> Error {
        match self {
            Error::Api {
                provider,
                status,
                message,
                param,
            } => Error::Api {
                provider,
                status,
                message: message + note,
                param,
            },
            Error::ConnectionLost(message) => Error::ConnectionLost(message + note),
            other => other,
        }
    }

    /// Whether the API said it is rate limited (429) and would not wait.
    pub fn is_rate_limited(&self) -> bool {
        matches!(self, Error::Api { status: 429, .. })
    }
}
