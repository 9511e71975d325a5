//! An open cursor: a schema and the record batches that follow it, read one
//! batch at a time so a large scan never sits in memory whole.

use apiodbc_providers::table::Notices;
use arrow::array::RecordBatch;
use arrow::datatypes::SchemaRef;
use futures::StreamExt;

use super::control::{Control, DeepDrop};
use crate::diag::{Error, Result};

/// Where the batches of a result come from.
enum Source {
    /// Already computed (catalog functions, procedure results).
    Batches(std::vec::IntoIter<RecordBatch>),
    /// Produced while the client fetches.
    /// Its expressions are as deep as the SQL was.
    Stream(DeepDrop<datafusion::execution::SendableRecordBatchStream>),
}

pub struct ResultSet {
    schema: SchemaRef,
    source: Source,
    /// What the scans left out, for the fetch that is running (SQLSTATE 01000).
    notices: Notices,
}

impl std::fmt::Debug for ResultSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ResultSet")
            .field("schema", &self.schema)
            .finish_non_exhaustive()
    }
}

impl ResultSet {
    pub fn from_batches(schema: SchemaRef, batches: Vec<RecordBatch>) -> Self {
        ResultSet {
            schema,
            source: Source::Batches(batches.into_iter()),
            notices: Notices::default(),
        }
    }

    pub fn from_stream(stream: datafusion::execution::SendableRecordBatchStream) -> Self {
        ResultSet {
            schema: stream.schema(),
            source: Source::Stream(DeepDrop::new(stream)),
            notices: Notices::default(),
        }
    }

    /// The result of scans that report to `notices`.
    pub fn with_notices(self, notices: Notices) -> Self {
        ResultSet { notices, ..self }
    }

    /// The scans' notices since the last call.
    pub fn take_notices(&self) -> Vec<String> {
        self.notices.take()
    }

    pub fn schema(&self) -> &SchemaRef {
        &self.schema
    }

    /// The next non-empty batch, or `None` at the end of the result.
    pub fn next_batch(&mut self, control: &Control) -> Result<Option<RecordBatch>> {
        loop {
            let batch = match &mut self.source {
                Source::Batches(batches) => batches.next().map(Ok),
                Source::Stream(stream) => control.run(stream.next())?,
            };
            match batch {
                None => return Ok(None),
                Some(Ok(b)) if b.num_rows() == 0 => continue,
                Some(Ok(b)) => return Ok(Some(b)),
                Some(Err(e)) => return Err(Error::from(e)),
            }
        }
    }
}
