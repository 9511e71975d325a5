//! The driver's one in-memory provider for its tests: two schemas, a few
//! tables, a pushdown policy like a real API's, and a log of every scan
//! request and schema listing so tests can assert what reached the "API" and
//! how often. The catalog functions' tests see another set of tables
//! ([`catalog`], [`Fake::for_catalog_functions`]): every column type, and two
//! catalogs to sort.

use std::sync::Arc;

use apiodbc_providers::table::{
    CmpOp, Column, ColumnKind, Endpoint, Filter, Predicate, Pushdown, ScanRequest, Table, Value,
};
use apiodbc_providers::{BatchStream, Error, Properties, Provider, Result};
use arrow::array::{
    ArrayRef, BooleanArray, Int64Array, RecordBatch, StringArray, TimestampMicrosecondArray,
};
use arrow::compute::filter_record_batch;
use futures::future::BoxFuture;
use parking_lot::Mutex;

const fn column(
    name: &'static str,
    kind: ColumnKind,
    nullable: bool,
    filter: Filter,
    description: &'static str,
) -> Column {
    let column = Column::new(name, kind, description).filtered_by(filter);
    if nullable { column } else { column.not_null() }
}

pub static CUSTOMERS: Table = Table {
    name: "customers",
    description: "People who pay.",
    columns: &[
        column("id", ColumnKind::Id, false, Filter::Id, "Customer id."),
        column("name", ColumnKind::Text, true, Filter::None, "Full name."),
        column(
            "balance",
            ColumnKind::Integer,
            false,
            Filter::None,
            "Balance in cents.",
        ),
    ],
    endpoint: Endpoint::new("/customers", Some("/customers/{id}")),
};

pub static CHARGES: Table = Table {
    name: "charges",
    description: "Payments.",
    columns: &[
        column("id", ColumnKind::Id, false, Filter::Id, "Charge id."),
        column(
            "customer",
            ColumnKind::Id,
            true,
            Filter::Equals("customer"),
            "Who paid.",
        ),
        column(
            "amount",
            ColumnKind::Integer,
            false,
            Filter::Range("amount"),
            "Cents.",
        ),
        column("paid", ColumnKind::Bool, false, Filter::None, "Succeeded."),
        column(
            "created",
            ColumnKind::Timestamp,
            false,
            Filter::Range("created"),
            "When.",
        ),
        column(
            "description",
            ColumnKind::Text,
            true,
            Filter::None,
            "Free text.",
        ),
    ],
    endpoint: Endpoint::new("/charges", Some("/charges/{id}")),
};

pub static EVENTS: Table = Table {
    name: "events",
    description: "Things that happened.",
    columns: &[column(
        "id",
        ColumnKind::Id,
        false,
        Filter::None,
        "Event id.",
    )],
    endpoint: Endpoint::new("/events", None),
};

/// Scanning it fails as a revoked key would.
pub static BROKEN: Table = Table {
    name: "broken",
    description: "Always fails.",
    columns: &[column("id", ColumnKind::Id, false, Filter::None, "Id.")],
    endpoint: Endpoint::new("/broken", None),
};

/// Tables the catalog functions' tests describe; they are never scanned.
pub mod catalog {
    use super::*;

    const NO_ENDPOINT: Endpoint = Endpoint::new("", None);

    const fn col(
        name: &'static str,
        kind: ColumnKind,
        nullable: bool,
        description: &'static str,
    ) -> Column {
        column(name, kind, nullable, Filter::None, description)
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
}

#[derive(Default)]
pub struct Fake {
    /// Every scan, in order: (schema, table, request).
    pub scans: Mutex<Vec<(String, String, ScanRequest)>>,
    /// Calls to `schemas()`, which cost requests for real APIs.
    pub schema_listings: Mutex<usize>,
    /// Serves the [`catalog`] tables instead of the planner's.
    catalog_functions: bool,
}

impl Fake {
    /// The fake with the catalog functions' tables, in catalog `fake` of
    /// catalogs `zeta` and `alpha`.
    pub fn for_catalog_functions() -> Fake {
        Fake {
            catalog_functions: true,
            ..Fake::default()
        }
    }
}

const T0: i64 = 1_704_067_200_000_000; // 2024-01-01T00:00:00Z
const DAY: i64 = 86_400_000_000;

fn strings(v: &[Option<&str>]) -> ArrayRef {
    Arc::new(StringArray::from(v.to_vec()))
}

fn data(table: &str) -> RecordBatch {
    let schema = match table {
        "customers" => CUSTOMERS.schema(),
        "charges" => CHARGES.schema(),
        "events" => EVENTS.schema(),
        _ => BROKEN.schema(),
    };
    let columns: Vec<ArrayRef> = match table {
        "customers" => vec![
            strings(&[Some("cus_1"), Some("cus_2"), Some("cus_3")]),
            strings(&[Some("Ada"), Some("Bob"), None]),
            Arc::new(Int64Array::from(vec![0, -500, 1200])),
        ],
        "charges" => vec![
            strings(&[
                Some("ch_1"),
                Some("ch_2"),
                Some("ch_3"),
                Some("ch_4"),
                Some("ch_5"),
            ]),
            strings(&[
                Some("cus_1"),
                Some("cus_1"),
                Some("cus_2"),
                None,
                Some("cus_2"),
            ]),
            Arc::new(Int64Array::from(vec![100, 250, 300, 50, 175])),
            Arc::new(BooleanArray::from(vec![true, true, false, true, true])),
            Arc::new(
                TimestampMicrosecondArray::from(vec![
                    T0,
                    T0 + DAY,
                    T0 + 2 * DAY,
                    T0 + 3 * DAY,
                    T0 + 4 * DAY,
                ])
                .with_timezone("UTC"),
            ),
            strings(&[
                Some("coffee"),
                Some("tea"),
                Some("coffee beans"),
                None,
                Some("cake"),
            ]),
        ],
        "events" => vec![strings(&[Some("evt_1")])],
        _ => vec![strings(&[])],
    };
    RecordBatch::try_new(schema, columns).unwrap()
}

/// Applies the predicates the fake answers `Exact` (the engine will not re-check them).
fn keep(batch: &RecordBatch, p: &Predicate) -> Option<BooleanArray> {
    let Predicate::Compare {
        column,
        op: CmpOp::Eq,
        value: Value::Text(v),
    } = p
    else {
        return None;
    };
    let values = batch
        .column_by_name(column)?
        .as_any()
        .downcast_ref::<StringArray>()?
        .clone();
    Some(values.iter().map(|x| Some(x == Some(v.as_str()))).collect())
}

impl Provider for Fake {
    fn name(&self) -> &'static str {
        "Fake"
    }
    fn catalog(&self) -> String {
        "fake".into()
    }
    fn catalogs(&self) -> BoxFuture<'_, Result<Vec<String>>> {
        let catalogs = if self.catalog_functions {
            vec!["zeta".into(), "alpha".into()]
        } else {
            vec!["fake".into()]
        };
        Box::pin(async { Ok(catalogs) })
    }
    fn default_schema(&self) -> String {
        "main".into()
    }
    /// One request per scan.
    fn requests(&self) -> u64 {
        self.scans.lock().len() as u64
    }
    fn schemas(&self) -> BoxFuture<'_, Result<Vec<String>>> {
        *self.schema_listings.lock() += 1;
        Box::pin(async { Ok(vec!["main".into(), "other".into()]) })
    }
    fn tables(&self, schema: &str) -> Vec<&'static Table> {
        match (schema, self.catalog_functions) {
            ("main", false) => vec![&CUSTOMERS, &CHARGES, &BROKEN],
            ("other", false) => vec![&EVENTS],
            ("main", true) => vec![&catalog::CUSTOMERS, &catalog::CUSTOMER_IDS],
            ("other", true) => vec![&catalog::EVENTS],
            _ => vec![],
        }
    }
    /// Like an API: ids and foreign keys exactly, amount ranges roughly
    /// (the fake ignores them), everything else not at all.
    fn pushdown(&self, _table: &'static Table, p: &Predicate) -> Pushdown {
        match p {
            Predicate::Compare {
                column,
                op: CmpOp::Eq,
                value: Value::Text(_),
            } if column == "id" || column == "customer" => Pushdown::Exact,
            Predicate::Compare { column, op, .. }
                if column == "amount" && !matches!(op, CmpOp::Eq | CmpOp::NotEq) =>
            {
                Pushdown::Inexact
            }
            _ => Pushdown::Unsupported,
        }
    }
    fn check_connection(&self) -> BoxFuture<'_, Result<()>> {
        Box::pin(async { Ok(()) })
    }
    fn scan(
        &self,
        schema: &str,
        table: &'static Table,
        request: ScanRequest,
    ) -> Result<BatchStream> {
        self.scans
            .lock()
            .push((schema.to_string(), table.name.to_string(), request.clone()));
        if table.name == "broken" {
            return Ok(Box::pin(futures::stream::once(async {
                Err(Error::Auth("the API key was revoked".into()))
            })));
        }
        let mut batch = data(table.name);
        for p in &request.filters {
            if let Some(mask) = keep(&batch, p) {
                batch = filter_record_batch(&batch, &mask).unwrap();
            }
        }
        if let Some(projection) = &request.projection {
            batch = batch.project(projection).unwrap();
        }
        if let Some(limit) = request.limit {
            batch = batch.slice(0, limit.min(batch.num_rows()));
        }
        // Two rows a page, like a paginated API.
        let pages: Vec<Result<RecordBatch>> = (0..batch.num_rows())
            .step_by(2)
            .map(|at| Ok(batch.slice(at, 2.min(batch.num_rows() - at))))
            .collect();
        Ok(Box::pin(futures::stream::iter(pages)))
    }
}

/// A session over a fresh fake, and the fake to inspect.
pub fn session_with(pairs: &[(&str, &str)]) -> (super::Session, Arc<Fake>) {
    let fake = Arc::new(Fake::default());
    let session = super::Session::new(
        fake.clone(),
        Properties::from_pairs(pairs.iter().copied()),
        None,
    )
    .unwrap();
    (session, fake)
}
