//! Applying what changed ([`Delta::Rows`]) to a cached copy, by `id`: new
//! objects go first, as the API lists the newest first; a changed object
//! keeps its place; a deleted one leaves.

use std::collections::{HashMap, HashSet};

use apiodbc_providers::sync::{self, Delta};
use arrow::array::{Array, RecordBatch, StringArray, UInt32Array};
use arrow::compute::{concat_batches, interleave, take_record_batch};
use arrow::datatypes::SchemaRef;

use crate::diag::{Error, Result};

/// The rows that replace or join the copy, indexed by id.
pub struct Merge {
    /// The changed snapshots, then the current rows.
    rows: RecordBatch,
    /// Where in `rows` the latest version of each id is.
    latest: HashMap<String, usize>,
    /// Rows before this index are snapshots: they only replace.
    first_current: usize,
    deleted: HashSet<String>,
}

impl Merge {
    /// `None` for a delta that asks for a full re-read.
    pub fn new(schema: &SchemaRef, delta: Delta) -> Result<Option<Merge>> {
        let Delta::Rows {
            changed,
            deleted,
            current,
        } = delta
        else {
            return Ok(None);
        };
        let snapshots = concat(schema, &changed)?;
        let first_current = snapshots.num_rows();
        let rows = concat(schema, &[snapshots, concat(schema, &current)?])?;
        let mut latest = HashMap::new();
        for (i, id) in ids(&rows)?.iter().enumerate() {
            if let Some(id) = id {
                latest.insert(id.to_string(), i);
            }
        }
        Ok(Some(Merge {
            rows,
            latest,
            first_current,
            deleted: deleted.into_iter().collect(),
        }))
    }

    /// How many rows the API sent for the merge.
    pub fn size(&self) -> usize {
        self.rows.num_rows()
    }

    /// The current rows whose id the copy does not have, in the API's order.
    pub fn added(&self, cached: &HashSet<String>) -> Result<RecordBatch> {
        let ids = ids(&self.rows)?;
        let positions: Vec<u32> = (self.first_current..self.rows.num_rows())
            .filter(|&i| {
                ids.is_valid(i)
                    && !cached.contains(ids.value(i))
                    && self.latest.get(ids.value(i)) == Some(&i)
            })
            .map(|i| i as u32)
            .collect();
        Ok(take_record_batch(
            &self.rows,
            &UInt32Array::from(positions),
        )?)
    }

    /// One batch of the copy with its changed rows replaced and its deleted
    /// rows left out.
    pub fn apply(&self, batch: &RecordBatch) -> Result<RecordBatch> {
        let ids = ids(batch)?;
        let mut picks = Vec::with_capacity(batch.num_rows());
        for i in 0..batch.num_rows() {
            let id = ids.is_valid(i).then(|| ids.value(i));
            match id.and_then(|id| self.latest.get(id)) {
                Some(&replacement) => picks.push((1, replacement)),
                None if id.is_some_and(|id| self.deleted.contains(id)) => {}
                None => picks.push((0, i)),
            }
        }
        let columns = (0..batch.num_columns())
            .map(|c| {
                interleave(
                    &[batch.column(c).as_ref(), self.rows.column(c).as_ref()],
                    &picks,
                )
            })
            .collect::<std::result::Result<Vec<_>, _>>()?;
        Ok(RecordBatch::try_new(batch.schema(), columns)?)
    }
}

fn concat(schema: &SchemaRef, batches: &[RecordBatch]) -> Result<RecordBatch> {
    Ok(concat_batches(schema, batches)?)
}

/// The `id`s of a table's rows, as text.
pub fn ids(batch: &RecordBatch) -> Result<StringArray> {
    sync::ids(batch).ok_or_else(|| Error::general("a table merged by id has no column id"))
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use arrow::array::Int64Array;
    use arrow::datatypes::{DataType, Field, Schema};

    use super::*;

    fn schema() -> SchemaRef {
        Arc::new(Schema::new(vec![
            Field::new("id", DataType::Utf8, true),
            Field::new("amount", DataType::Int64, true),
        ]))
    }

    fn rows(pairs: &[(&str, i64)]) -> RecordBatch {
        RecordBatch::try_new(
            schema(),
            vec![
                Arc::new(StringArray::from_iter_values(pairs.iter().map(|p| p.0))),
                Arc::new(Int64Array::from_iter_values(pairs.iter().map(|p| p.1))),
            ],
        )
        .unwrap()
    }

    fn pairs(batch: &RecordBatch) -> Vec<(String, i64)> {
        let amounts = batch
            .column(1)
            .as_any()
            .downcast_ref::<Int64Array>()
            .unwrap();
        ids(batch)
            .unwrap()
            .iter()
            .zip(amounts.iter())
            .map(|(id, amount)| (id.unwrap().to_string(), amount.unwrap()))
            .collect()
    }

    #[test]
    fn new_rows_lead_changed_rows_keep_their_place_deleted_rows_leave() {
        let delta = Delta::Rows {
            // An older and a newer snapshot of b, and one of an object the
            // copy does not hold (another kind under the same events).
            changed: vec![rows(&[("b", 20), ("x", 1)]), rows(&[("b", 21)])],
            deleted: vec!["c".into()],
            // The list's overlap reads `a` again, and finds new `n`.
            current: vec![rows(&[("n", 5), ("a", 10)])],
        };
        let merge = Merge::new(&schema(), delta).unwrap().unwrap();
        let cached = rows(&[("a", 10), ("b", 2), ("c", 3), ("d", 4)]);
        let known: HashSet<String> = ["a", "b", "c", "d"].map(String::from).into();
        assert_eq!(pairs(&merge.added(&known).unwrap()), [("n".into(), 5)]);
        assert_eq!(
            pairs(&merge.apply(&cached).unwrap()),
            [("a".into(), 10), ("b".into(), 21), ("d".into(), 4)]
        );
    }
}
