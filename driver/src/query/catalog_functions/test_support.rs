//! An in-memory provider for the tests of the catalog functions and of `info`.

use std::sync::atomic::{AtomicUsize, Ordering};

use apiodbc_providers::table::{
    Column, ColumnKind, Endpoint, Filter, Predicate, Pushdown, ScanRequest, Table,
};
use apiodbc_providers::{BatchStream, Result as PResult};
use futures::future::BoxFuture;

use super::*;

const NO_ENDPOINT: Endpoint = Endpoint::new("", None);

const fn col(
    name: &'static str,
    kind: ColumnKind,
    nullable: bool,
    description: &'static str,
) -> Column {
    Column {
        name,
        kind,
        path: "",
        description,
        nullable,
        filter: Filter::None,
    }
}

pub static CUSTOMERS: Table = Table {
    name: "customers",
    description: "People who pay.",
    endpoint: NO_ENDPOINT,
    columns: &[
        col("id", ColumnKind::Id, false, "Unique identifier."),
        col("email", ColumnKind::Text, true, "E-mail address."),
        col("balance", ColumnKind::Integer, false, "Minor units."),
        col(
            "created",
            ColumnKind::Timestamp,
            false,
            "When it was created.",
        ),
        col("born", ColumnKind::Date, true, ""),
        col("rate", ColumnKind::Float, true, "A ratio."),
        col("livemode", ColumnKind::Bool, false, "Live or test."),
        col("metadata", ColumnKind::Json, true, "Key-value pairs."),
    ],
};
pub static CUSTOMER_IDS: Table = Table {
    name: "customer_ids",
    description: "",
    endpoint: NO_ENDPOINT,
    columns: &[col("id", ColumnKind::Id, true, "")],
};
pub static EVENTS: Table = Table {
    name: "events",
    description: "What happened.",
    endpoint: NO_ENDPOINT,
    columns: &[
        col("type", ColumnKind::Code, false, "Event type."),
        col("data", ColumnKind::Json, true, "Payload."),
    ],
};

/// An in-memory provider: catalog `fake` with schemas `main` (the default)
/// and `other`; counts the schema listings, which cost requests for real APIs.
#[derive(Default)]
pub struct Fake {
    pub schema_listings: AtomicUsize,
}

impl Provider for Fake {
    fn name(&self) -> &'static str {
        "Fake"
    }
    fn catalog(&self) -> String {
        "fake".into()
    }
    fn catalogs(&self) -> BoxFuture<'_, PResult<Vec<String>>> {
        Box::pin(async { Ok(vec!["zeta".to_string(), "alpha".to_string()]) })
    }
    fn default_schema(&self) -> String {
        "main".into()
    }
    fn schemas(&self) -> BoxFuture<'_, PResult<Vec<String>>> {
        self.schema_listings.fetch_add(1, Ordering::SeqCst);
        Box::pin(async { Ok(vec!["main".to_string(), "other".to_string()]) })
    }
    fn tables(&self, schema: &str) -> Vec<&'static Table> {
        match schema {
            "main" => vec![&CUSTOMERS, &CUSTOMER_IDS],
            "other" => vec![&EVENTS],
            _ => Vec::new(),
        }
    }
    fn pushdown(&self, _: &'static Table, _: &Predicate) -> Pushdown {
        Pushdown::Unsupported
    }
    fn check_connection(&self) -> BoxFuture<'_, PResult<()>> {
        Box::pin(async { Ok(()) })
    }
    fn scan(&self, _: &str, _: &'static Table, _: ScanRequest) -> PResult<BatchStream> {
        unreachable!("catalog functions never scan")
    }
}
