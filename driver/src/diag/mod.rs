//! Diagnostic records: every failure reaches the client as a SQLSTATE and a
//! message a person can act on. Messages never contain secrets.

use apiodbc_providers as providers;

pub mod fields;
mod states;

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Prefix of every message, naming the component that raised it, as ODBC asks.
const VENDOR: &str = "[apiodbc]";

/// An error or warning on its way to the diagnostic area of a handle.
#[derive(Debug, Clone, PartialEq)]
pub struct Error {
    /// Five-character SQLSTATE.
    pub state: &'static str,
    pub message: String,
}

/// So an error of the driver's own can travel through the engine
/// (`DataFusionError::External`) and come out with its SQLSTATE.
impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

impl Error {
    /// Only the named constructors (`states.rs`) call this.
    fn new(state: &'static str, message: impl Into<String>) -> Self {
        Error {
            state,
            message: message.into(),
        }
    }
}

impl From<providers::Error> for Error {
    fn from(e: providers::Error) -> Self {
        use providers::Error as P;
        let message = e.to_string();
        match e {
            P::Auth(_) => Error::invalid_authorization(message),
            P::Permission(_) | P::MissingFilter(_) => Error::syntax(message),
            P::InvalidValue(_) => Error::invalid_cast(message),
            P::NotFound(_) => Error::table_not_found(message),
            P::Connect(_) => Error::unable_to_connect(message),
            P::ConnectionLost(_) => Error::link_failure(message),
            P::Timeout(_) => Error::timeout(message),
            P::Cancelled => Error::cancelled(message),
            P::InvalidProperty(_) => Error::invalid_attribute_value(message),
            P::Config(_) | P::Api { .. } => Error::general(message),
        }
    }
}

/// One record of a handle's diagnostic area.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    pub state: &'static str,
    pub native: i32,
    pub message: String,
}

impl Record {
    /// The message as the client sees it, with the vendor prefix.
    pub fn text(&self) -> String {
        format!("{VENDOR}{}", self.message_with_component())
    }

    fn message_with_component(&self) -> String {
        if self.message.starts_with('[') {
            self.message.clone()
        } else {
            format!(" {}", self.message)
        }
    }

    /// Class "01" states are warnings: the call still succeeded.
    pub fn is_warning(&self) -> bool {
        self.state.starts_with("01")
    }
}

/// Every record passes the secret mask on its way to the client: a key the
/// user pasted where none was expected (a malformed connection string, an
/// unknown property) is echoed by no message.
impl From<Error> for Record {
    fn from(e: Error) -> Self {
        Record {
            state: e.state,
            native: 0,
            message: providers::secrets::mask(&e.message),
        }
    }
}

/// The diagnostic area of one handle, replaced by every call on that handle.
#[derive(Debug, Default)]
pub struct Diagnostics {
    pub records: Vec<Record>,
    /// `SQL_DIAG_CURSOR_ROW_COUNT`/`SQL_DIAG_ROW_COUNT` header fields.
    pub row_count: isize,
    /// `SQL_DIAG_RETURNCODE` of the last call.
    pub return_code: i16,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn provider_errors_map_to_odbc_states() {
        let e: Error = providers::Error::Auth("bad key".into()).into();
        assert_eq!(e.state, "28000");
        let e: Error = providers::Error::Connect("refused".into()).into();
        assert_eq!(e.state, "08001");
        let e: Error = providers::Error::MissingFilter("add WHERE id = '...'".into()).into();
        assert_eq!(
            (e.state, e.message.as_str()),
            ("42000", "add WHERE id = '...'")
        );
    }

    #[test]
    fn messages_carry_the_vendor_prefix_once() {
        let r: Record = Error::general("boom").into();
        assert_eq!(r.text(), "[apiodbc] boom");
        assert!(!r.is_warning());
        assert!(Record::from(Error::truncated()).is_warning());
    }
}
