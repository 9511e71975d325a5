//! `RefreshCache`: forgets every cached API answer (`CacheTTL`), so the next
//! queries read current data even within the TTL.

use std::sync::Arc;

use arrow::array::{Int64Array, RecordBatch};
use arrow::datatypes::{DataType, Field, Schema, SchemaRef};
use futures::future::BoxFuture;

use super::{Call, Procedure};
use crate::diag::{Error, Result};

pub static REFRESH_CACHE: Procedure = Procedure {
    name: "RefreshCache",
    description: "Clears the response cache of the process (CacheTTL); returns how many answers it held.",
    parameters: &[],
    result,
    run,
};

fn result() -> SchemaRef {
    Arc::new(Schema::new(vec![Field::new(
        "cleared",
        DataType::Int64,
        false,
    )]))
}

fn run<'a>(_call: &'a Call<'a>) -> BoxFuture<'a, Result<Vec<RecordBatch>>> {
    Box::pin(async {
        let cleared = apiodbc_providers::cache::clear() as i64;
        let batch = RecordBatch::try_new(result(), vec![Arc::new(Int64Array::from(vec![cleared]))])
            .map_err(|e| Error::general(e.to_string()))?;
        Ok(vec![batch])
    })
}
