//! Stripe and Bitbucket Cloud as SQL tables.
//!
//! This crate knows nothing of ODBC or of the query engine: the driver hands it
//! connection properties and scan requests, and gets back Arrow schemas and
//! record batches. Tables are declarative data ([`table::Table`]); generic code
//! turns a definition plus a [`table::ScanRequest`] into HTTP requests and rows.

pub mod auth;
pub mod bitbucket;
pub mod cache;
pub mod calendar;
pub mod error;
pub mod http;
pub mod json;
pub mod properties;
pub mod runtime;
pub mod scan;
pub mod secrets;
pub mod stripe;
pub mod sync;
pub mod table;
#[cfg(test)]
mod testing;
pub mod validate;
#[cfg(windows)]
pub mod windows;

use std::sync::Arc;

use futures::future::BoxFuture;

pub use error::{Error, Result};
pub use properties::Properties;
pub use table::{BatchStream, OrderBy, Predicate, Pushdown, ScanRequest, Table, Value};

/// One API (Stripe or Bitbucket) opened with one set of credentials.
///
/// A connection holds one provider; every method is safe to call from many
/// threads at once.
pub trait Provider: Send + Sync {
    /// Short name shown in diagnostics and `SQLGetInfo(SQL_DBMS_NAME)`: "Stripe", "Bitbucket".
    fn name(&self) -> &'static str;

    /// The catalog the tables live in (`stripe`, or the Bitbucket workspace slug).
    fn catalog(&self) -> String;

    /// Every catalog the credentials can see (for `SQLTables(SQL_ALL_CATALOGS)`).
    fn catalogs(&self) -> BoxFuture<'_, Result<Vec<String>>>;

    /// The schema unqualified table names resolve in.
    fn default_schema(&self) -> String;

    /// Every schema of the catalog. May cost a request (Bitbucket lists repositories).
    fn schemas(&self) -> BoxFuture<'_, Result<Vec<String>>>;

    /// The tables of one schema; empty when the schema does not exist.
    fn tables(&self, schema: &str) -> Vec<&'static Table>;

    /// How exactly this provider can answer one WHERE conjunct on `table`.
    fn pushdown(&self, table: &'static Table, predicate: &Predicate) -> Pushdown;

    /// Whether a scan of `table` in `schema` with these pushed-down
    /// `filters` can return its rows in `order` (through
    /// [`ScanRequest::order`]). `Exact` promises exactly SQL's order, so the
    /// engine drops its sort and a `LIMIT` after it reaches the API.
    fn ordering(
        &self,
        _schema: &str,
        _table: &'static Table,
        _filters: &[Predicate],
        _order: &[OrderBy],
    ) -> Pushdown {
        Pushdown::Unsupported
    }

    /// Checks the credentials with the cheapest request the API has, so that a
    /// wrong key fails at connect time (28000) rather than at the first query.
    fn check_connection(&self) -> BoxFuture<'_, Result<()>>;

    /// Starts reading rows. Batches carry the projected columns of
    /// [`Table::schema`]; every predicate answered `Exact` holds for every row.
    fn scan(
        &self,
        schema: &str,
        table: &'static Table,
        request: ScanRequest,
    ) -> Result<BatchStream>;

    /// What changed in `table` since a cached copy of it was read.
    fn changes<'a>(
        &'a self,
        schema: &'a str,
        table: &'static Table,
        since: sync::Since,
    ) -> BoxFuture<'a, Result<sync::Delta>> {
        Box::pin(sync::changes(self, schema, table, since))
    }

    /// API requests sent so far (what a cache refresh cost).
    fn requests(&self) -> u64;
}

/// Which API a connection talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Stripe,
    Bitbucket,
}

/// Bitbucket Cloud's OAuth 2 endpoints (client authentication Basic).
pub const BITBUCKET_OAUTH: auth::Endpoints = auth::Endpoints {
    provider: "Bitbucket",
    authorization_url: "https://bitbucket.org/site/oauth2/authorize",
    token_url: "https://bitbucket.org/site/oauth2/access_token",
    client_auth: auth::ClientAuth::Basic,
};

impl Kind {
    /// The API's OAuth endpoints (defaults of `OAuthAuthorizationURL` and
    /// `OAuthAccessTokenURL`).
    pub fn oauth(self) -> &'static auth::Endpoints {
        match self {
            Kind::Stripe => &stripe::OAUTH,
            Kind::Bitbucket => &BITBUCKET_OAUTH,
        }
    }
}

/// Opens the provider the properties name (`Provider=`), checking nothing over
/// the network yet.
pub fn open(properties: &Properties) -> Result<Arc<dyn Provider>> {
    match properties.kind()? {
        Kind::Stripe => Ok(Arc::new(stripe::Stripe::new(properties)?)),
        Kind::Bitbucket => Ok(Arc::new(bitbucket::Bitbucket::new(properties)?)),
    }
}
