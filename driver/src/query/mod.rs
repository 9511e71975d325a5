//! The planner: turns ODBC SQL into DataFusion plans over the provider's
//! tables, and runs them.

pub mod control;
pub mod metadata;
pub mod result_set;

use std::sync::Arc;

use apiodbc_providers::{Properties, Provider};
use arrow::datatypes::SchemaRef;
use datafusion::error::DataFusionError;

pub use control::Control;
pub use result_set::ResultSet;

use crate::diag::{Error, Result};

/// The planner state of one connection.
pub struct Session {
    pub provider: Arc<dyn Provider>,
    pub properties: Properties,
}

impl Session {
    /// Opens the provider the properties name and checks the credentials.
    pub fn connect(properties: Properties, control: &Control) -> Result<Session> {
        let provider = apiodbc_providers::open(&properties)?;
        control.run(provider.check_connection())??;
        Ok(Session {
            provider,
            properties,
        })
    }

    /// Plans `sql` without touching the API: the result schema and the
    /// parameter markers are known afterwards.
    pub fn prepare(&self, sql: &str) -> Result<Prepared> {
        let _ = sql;
        Err(Error::not_implemented("SQL statements"))
    }
}

/// A planned statement.
pub struct Prepared {
    /// The result columns (with the providers' size and description metadata).
    pub schema: SchemaRef,
}

impl From<DataFusionError> for Error {
    fn from(e: DataFusionError) -> Self {
        Error::general(e.to_string())
    }
}
