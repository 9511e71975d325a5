//! `RefreshCache` and `ClearCache`: the caches on demand. Both forget the
//! process's response cache (`CacheTTL`); with `CacheLocation` they refresh
//! or remove the persistent copies of tables.

use std::sync::Arc;

use arrow::array::{ArrayRef, BooleanArray, Int64Array, RecordBatch, StringArray};
use arrow::datatypes::{DataType, Field, Schema, SchemaRef};
use datafusion::common::ScalarValue;
use futures::future::BoxFuture;

use super::{Call, Parameter, Procedure};
use crate::diag::{Error, Result};
use crate::query::cache::{Cached, Store};

const TABLE: Parameter = Parameter {
    name: "table_name",
    description: "The table, or schema.table; NULL for every table of the default schema the \
                  cache holds.",
    data_type: DataType::Utf8,
    required: false,
    secret: false,
};

pub static REFRESH_CACHE: Procedure = Procedure {
    name: "RefreshCache",
    description: "Refreshes cached tables now (CacheLocation), incrementally unless `full`; one \
                  row per table with the rows kept and the requests spent. Also forgets the \
                  process's cached answers (CacheTTL): without CacheLocation its one row counts them.",
    parameters: &[
        TABLE,
        Parameter {
            name: "full",
            description: "True reads the tables again in full.",
            data_type: DataType::Boolean,
            required: false,
            secret: false,
        },
    ],
    result: refreshed,
    run: refresh,
};

pub static CLEAR_CACHE: Procedure = Procedure {
    name: "ClearCache",
    description: "Removes cached tables from CacheLocation (the next query reads them again) and \
                  forgets the process's cached answers (CacheTTL); one row per table.",
    parameters: &[TABLE],
    result: cleared,
    run: clear,
};

fn refreshed() -> SchemaRef {
    Arc::new(Schema::new(vec![
        Field::new("table_name", DataType::Utf8, true),
        Field::new("refresh", DataType::Utf8, false),
        Field::new("rows", DataType::Int64, false),
        Field::new("requests", DataType::Int64, false),
    ]))
}

fn cleared() -> SchemaRef {
    Arc::new(Schema::new(vec![
        Field::new("table_name", DataType::Utf8, true),
        Field::new("cleared", DataType::Boolean, false),
    ]))
}

fn refresh<'a>(call: &'a Call<'a>) -> BoxFuture<'a, Result<Vec<RecordBatch>>> {
    Box::pin(async move {
        let answers = apiodbc_providers::cache::clear() as i64;
        let full = matches!(
            call.arguments.get("full"),
            Some(ScalarValue::Boolean(Some(true)))
        );
        let (mut names, mut kinds, mut rows, mut requests) = (vec![], vec![], vec![], vec![]);
        match &call.system.store {
            None => {
                names.push(None);
                kinds.push("answers");
                rows.push(answers);
                requests.push(0);
            }
            Some(store) => {
                for cached in tables(call, store)? {
                    names.push(Some(cached.table.name));
                    let done = store.refresh_now(cached, full).await?;
                    kinds.push(if done.full { "full" } else { "incremental" });
                    rows.push(done.rows as i64);
                    requests.push(done.requests as i64);
                }
            }
        }
        batch(
            refreshed(),
            vec![
                Arc::new(StringArray::from(names)),
                Arc::new(StringArray::from(kinds)),
                Arc::new(Int64Array::from(rows)),
                Arc::new(Int64Array::from(requests)),
            ],
        )
    })
}

fn clear<'a>(call: &'a Call<'a>) -> BoxFuture<'a, Result<Vec<RecordBatch>>> {
    Box::pin(async move {
        apiodbc_providers::cache::clear();
        let (mut names, mut done) = (vec![], vec![]);
        if let Some(store) = &call.system.store {
            for cached in tables(call, store)? {
                names.push(Some(cached.table.name));
                done.push(store.clear(cached).await?);
            }
        }
        batch(
            cleared(),
            vec![
                Arc::new(StringArray::from(names)),
                Arc::new(BooleanArray::from(done)),
            ],
        )
    })
}

fn batch(schema: SchemaRef, columns: Vec<ArrayRef>) -> Result<Vec<RecordBatch>> {
    Ok(vec![RecordBatch::try_new(schema, columns)?])
}

/// The tables `table_name` names: one (`t` or `schema.t`), or, when NULL,
/// those of the default schema the cache holds.
fn tables<'a>(call: &'a Call, store: &Store) -> Result<Vec<Cached<'a>>> {
    let provider = call.system.provider.as_ref();
    let default = call.system.default_schema.read().clone();
    let Some(name) = call.text("table_name") else {
        return Ok(provider
            .tables(&default)
            .into_iter()
            .filter(|table| Store::keeps(table))
            .map(|table| Cached::new(provider, &default, table))
            .filter(|cached| store.holds(cached))
            .collect());
    };
    let (schema, table) = match name.rsplit_once('.') {
        Some((schema, table)) => (schema.trim().to_string(), table.trim()),
        None => (default, name.trim()),
    };
    let found = provider
        .tables(&schema)
        .into_iter()
        .find(|t| t.name.eq_ignore_ascii_case(table))
        .ok_or_else(|| Error::table_not_found(format!("no table {name} to cache")))?;
    if !Store::keeps(found) {
        return Err(Error::syntax(format!(
            "{name} is not cached: it is read per parent or needs a filter"
        )));
    }
    Ok(vec![Cached::new(provider, &schema, found)])
}
