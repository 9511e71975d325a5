//! `SQLGetTypeInfo`: one row per type the driver returns or accepts.

use arrow::array::RecordBatch;

use super::shapes::{Cell, TYPE_INFO, batch, row};
use crate::convert::types::{self, SqlType, code};
use crate::diag::Result;

/// `CREATE_PARAMS` of `SQLGetTypeInfo`: what a type declaration takes.
pub(super) fn create_params(concise: i16) -> Option<&'static str> {
    match concise {
        code::CHAR | code::VARCHAR | code::WCHAR | code::WVARCHAR | code::VARBINARY => {
            Some("max length")
        }
        code::DECIMAL | code::NUMERIC => Some("precision,scale"),
        _ => None,
    }
}

/// `SQLGetTypeInfo`: one row per type the driver reports, filtered by
/// `data_type` (`SQL_ALL_TYPES` = 0 for all), ordered by `DATA_TYPE`.
pub fn type_info(data_type: i16, odbc_version: i32) -> Result<RecordBatch> {
    const ALL_TYPES: i16 = 0;
    const NULLABLE: i64 = 1;
    let mut reported: Vec<(i16, SqlType)> = types::reported_types()
        .into_iter()
        .map(|t| (t.concise_for(odbc_version), t))
        .collect();
    reported.sort_by_key(|(c, _)| *c);
    let rows = reported
        .into_iter()
        .filter(|(concise, t)| {
            data_type == ALL_TYPES
                || data_type == *concise
                || data_type == t.concise
                || data_type == t.concise_for(2)
        })
        .map(|(concise, t)| {
            let (prefix, suffix) = t.literal_quotes();
            let numeric = t.radix.is_some();
            let floating = t.is_floating();
            let scaled = matches!(
                t.concise,
                code::DECIMAL | code::NUMERIC | code::TYPE_TIMESTAMP
            ) || (numeric && !floating);
            let (min_scale, max_scale) = match t.concise {
                code::DECIMAL | code::NUMERIC => (Some(0), Some(t.column_size as i64)),
                code::TYPE_TIMESTAMP => (Some(0), Some(i64::from(t.decimal_digits))),
                _ if scaled => (Some(0), Some(0)),
                _ => (None, None),
            };
            row![
                t.type_name,
                i64::from(concise),
                t.column_size as i64,
                (!prefix.is_empty()).then_some(prefix),
                (!suffix.is_empty()).then_some(suffix),
                create_params(t.concise),
                NULLABLE,
                i64::from(t.case_sensitive),
                i64::from(t.searchable()),
                numeric.then_some(i64::from(t.unsigned)),
                0i64,
                numeric.then_some(0i64),
                t.type_name,
                min_scale,
                max_scale,
                i64::from(t.verbose),
                (t.verbose == code::DATETIME).then_some(i64::from(t.interval_code)),
                t.radix.map(i64::from),
                None::<i64>,
            ]
        })
        .collect();
    batch(TYPE_INFO, odbc_version, rows)
}
