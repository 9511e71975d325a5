//! The result shapes the ODBC reference mandates for each catalog function
//! (column names, types, nullability, and the ODBC 2 names), and the record
//! batches built to them.

use std::collections::HashMap;
use std::sync::Arc;

use apiodbc_providers::table::SIZE_KEY;
use arrow::array::{ArrayRef, Int16Builder, Int32Builder, RecordBatch, StringBuilder};
use arrow::datatypes::{DataType, Field, Schema, SchemaRef};

use super::NAME_SIZE;
use crate::convert::types;
use crate::diag::{Error, Result};
use crate::query::ResultSet;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Ty {
    /// VARCHAR → Utf8
    Text,
    /// SMALLINT → Int16
    Small,
    /// INTEGER → Int32
    Int,
}

/// One column of a catalog function's result set.
#[derive(Debug, Clone, Copy)]
pub(super) struct Col {
    pub(super) name: &'static str,
    /// The ODBC 2 name, where it differs.
    pub(super) odbc2: Option<&'static str>,
    pub(super) ty: Ty,
    pub(super) nullable: bool,
    /// Declared size of a text column.
    pub(super) size: usize,
}

pub(super) const fn text(name: &'static str, nullable: bool) -> Col {
    Col {
        name,
        odbc2: None,
        ty: Ty::Text,
        nullable,
        size: NAME_SIZE,
    }
}
pub(super) const fn small(name: &'static str, nullable: bool) -> Col {
    Col {
        name,
        odbc2: None,
        ty: Ty::Small,
        nullable,
        size: 0,
    }
}
pub(super) const fn int(name: &'static str, nullable: bool) -> Col {
    Col {
        name,
        odbc2: None,
        ty: Ty::Int,
        nullable,
        size: 0,
    }
}
pub(super) const fn v2(col: Col, odbc2: &'static str) -> Col {
    Col {
        odbc2: Some(odbc2),
        ..col
    }
}
pub(super) const fn long(col: Col) -> Col {
    Col {
        size: types::MAX_VARCHAR_SIZE,
        ..col
    }
}

pub(super) const TABLES: &[Col] = &[
    v2(text("TABLE_CAT", true), "TABLE_QUALIFIER"),
    v2(text("TABLE_SCHEM", true), "TABLE_OWNER"),
    text("TABLE_NAME", true),
    text("TABLE_TYPE", true),
    long(text("REMARKS", true)),
];

pub(super) const COLUMNS: &[Col] = &[
    v2(text("TABLE_CAT", true), "TABLE_QUALIFIER"),
    v2(text("TABLE_SCHEM", true), "TABLE_OWNER"),
    text("TABLE_NAME", false),
    text("COLUMN_NAME", false),
    small("DATA_TYPE", false),
    text("TYPE_NAME", false),
    v2(int("COLUMN_SIZE", true), "PRECISION"),
    v2(int("BUFFER_LENGTH", true), "LENGTH"),
    v2(small("DECIMAL_DIGITS", true), "SCALE"),
    v2(small("NUM_PREC_RADIX", true), "RADIX"),
    small("NULLABLE", false),
    long(text("REMARKS", true)),
    long(text("COLUMN_DEF", true)),
    small("SQL_DATA_TYPE", false),
    small("SQL_DATETIME_SUB", true),
    int("CHAR_OCTET_LENGTH", true),
    int("ORDINAL_POSITION", false),
    text("IS_NULLABLE", true),
];

pub(super) const PRIMARY_KEYS: &[Col] = &[
    v2(text("TABLE_CAT", true), "TABLE_QUALIFIER"),
    v2(text("TABLE_SCHEM", true), "TABLE_OWNER"),
    text("TABLE_NAME", false),
    text("COLUMN_NAME", false),
    small("KEY_SEQ", false),
    text("PK_NAME", true),
];

pub(super) const FOREIGN_KEYS: &[Col] = &[
    v2(text("PKTABLE_CAT", true), "PKTABLE_QUALIFIER"),
    v2(text("PKTABLE_SCHEM", true), "PKTABLE_OWNER"),
    text("PKTABLE_NAME", false),
    text("PKCOLUMN_NAME", false),
    v2(text("FKTABLE_CAT", true), "FKTABLE_QUALIFIER"),
    v2(text("FKTABLE_SCHEM", true), "FKTABLE_OWNER"),
    text("FKTABLE_NAME", false),
    text("FKCOLUMN_NAME", false),
    small("KEY_SEQ", false),
    small("UPDATE_RULE", true),
    small("DELETE_RULE", true),
    text("FK_NAME", true),
    text("PK_NAME", true),
    small("DEFERRABILITY", true),
];

pub(super) const STATISTICS: &[Col] = &[
    v2(text("TABLE_CAT", true), "TABLE_QUALIFIER"),
    v2(text("TABLE_SCHEM", true), "TABLE_OWNER"),
    text("TABLE_NAME", false),
    small("NON_UNIQUE", true),
    text("INDEX_QUALIFIER", true),
    text("INDEX_NAME", true),
    small("TYPE", false),
    v2(small("ORDINAL_POSITION", true), "SEQ_IN_INDEX"),
    text("COLUMN_NAME", true),
    v2(text("ASC_OR_DESC", true), "COLLATION"),
    int("CARDINALITY", true),
    int("PAGES", true),
    long(text("FILTER_CONDITION", true)),
];

pub(super) const SPECIAL_COLUMNS: &[Col] = &[
    small("SCOPE", true),
    text("COLUMN_NAME", false),
    small("DATA_TYPE", false),
    text("TYPE_NAME", false),
    v2(int("COLUMN_SIZE", true), "PRECISION"),
    v2(int("BUFFER_LENGTH", true), "LENGTH"),
    v2(small("DECIMAL_DIGITS", true), "SCALE"),
    small("PSEUDO_COLUMN", true),
];

pub(super) const PROCEDURES_SHAPE: &[Col] = &[
    v2(text("PROCEDURE_CAT", true), "PROCEDURE_QUALIFIER"),
    v2(text("PROCEDURE_SCHEM", true), "PROCEDURE_OWNER"),
    text("PROCEDURE_NAME", false),
    int("NUM_INPUT_PARAMS", true),
    int("NUM_OUTPUT_PARAMS", true),
    int("NUM_RESULT_SETS", true),
    long(text("REMARKS", true)),
    small("PROCEDURE_TYPE", true),
];

pub(super) const PROCEDURE_COLUMNS: &[Col] = &[
    v2(text("PROCEDURE_CAT", true), "PROCEDURE_QUALIFIER"),
    v2(text("PROCEDURE_SCHEM", true), "PROCEDURE_OWNER"),
    text("PROCEDURE_NAME", false),
    text("COLUMN_NAME", false),
    small("COLUMN_TYPE", false),
    small("DATA_TYPE", false),
    text("TYPE_NAME", false),
    v2(int("COLUMN_SIZE", true), "PRECISION"),
    v2(int("BUFFER_LENGTH", true), "LENGTH"),
    v2(small("DECIMAL_DIGITS", true), "SCALE"),
    v2(small("NUM_PREC_RADIX", true), "RADIX"),
    small("NULLABLE", false),
    long(text("REMARKS", true)),
    long(text("COLUMN_DEF", true)),
    small("SQL_DATA_TYPE", false),
    small("SQL_DATETIME_SUB", true),
    int("CHAR_OCTET_LENGTH", true),
    int("ORDINAL_POSITION", false),
    text("IS_NULLABLE", true),
];

pub(super) const TABLE_PRIVILEGES: &[Col] = &[
    v2(text("TABLE_CAT", true), "TABLE_QUALIFIER"),
    v2(text("TABLE_SCHEM", true), "TABLE_OWNER"),
    text("TABLE_NAME", false),
    text("GRANTOR", true),
    text("GRANTEE", false),
    text("PRIVILEGE", false),
    text("IS_GRANTABLE", true),
];

pub(super) const COLUMN_PRIVILEGES: &[Col] = &[
    v2(text("TABLE_CAT", true), "TABLE_QUALIFIER"),
    v2(text("TABLE_SCHEM", true), "TABLE_OWNER"),
    text("TABLE_NAME", false),
    text("COLUMN_NAME", false),
    text("GRANTOR", true),
    text("GRANTEE", false),
    text("PRIVILEGE", false),
    text("IS_GRANTABLE", true),
];

pub(super) const TYPE_INFO: &[Col] = &[
    text("TYPE_NAME", false),
    small("DATA_TYPE", false),
    v2(int("COLUMN_SIZE", true), "PRECISION"),
    text("LITERAL_PREFIX", true),
    text("LITERAL_SUFFIX", true),
    text("CREATE_PARAMS", true),
    small("NULLABLE", false),
    small("CASE_SENSITIVE", false),
    small("SEARCHABLE", false),
    small("UNSIGNED_ATTRIBUTE", true),
    v2(small("FIXED_PREC_SCALE", false), "MONEY"),
    v2(small("AUTO_UNIQUE_VALUE", true), "AUTO_INCREMENT"),
    text("LOCAL_TYPE_NAME", true),
    small("MINIMUM_SCALE", true),
    small("MAXIMUM_SCALE", true),
    small("SQL_DATA_TYPE", false),
    small("SQL_DATETIME_SUB", true),
    int("NUM_PREC_RADIX", true),
    small("INTERVAL_PRECISION", true),
];

/// One cell of a catalog result row.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Cell {
    Null,
    Text(String),
    Int(i64),
}

impl From<&str> for Cell {
    fn from(s: &str) -> Self {
        Cell::Text(s.to_string())
    }
}
impl From<String> for Cell {
    fn from(s: String) -> Self {
        Cell::Text(s)
    }
}
impl From<i64> for Cell {
    fn from(n: i64) -> Self {
        Cell::Int(n)
    }
}
impl<T: Into<Cell>> From<Option<T>> for Cell {
    fn from(v: Option<T>) -> Self {
        v.map_or(Cell::Null, Into::into)
    }
}

macro_rules! row {
    ($($cell:expr),* $(,)?) => { vec![$(Cell::from($cell)),*] };
}
pub(super) use row;

pub(super) fn shape(cols: &[Col], odbc_version: i32) -> SchemaRef {
    let fields: Vec<Field> = cols
        .iter()
        .map(|c| {
            let name = match (odbc_version, c.odbc2) {
                (2, Some(old)) => old,
                _ => c.name,
            };
            match c.ty {
                Ty::Text => Field::new(name, DataType::Utf8, c.nullable)
                    .with_metadata(HashMap::from([(SIZE_KEY.to_string(), c.size.to_string())])),
                Ty::Small => Field::new(name, DataType::Int16, c.nullable),
                Ty::Int => Field::new(name, DataType::Int32, c.nullable),
            }
        })
        .collect();
    Arc::new(Schema::new(fields))
}

pub(super) fn batch(cols: &[Col], odbc_version: i32, rows: Vec<Vec<Cell>>) -> Result<RecordBatch> {
    let schema = shape(cols, odbc_version);
    if let Some(r) = rows.iter().find(|r| r.len() != cols.len()) {
        return Err(Error::general(format!(
            "internal error: catalog row of {} cells for {} columns",
            r.len(),
            cols.len()
        )));
    }
    let arrays: Vec<ArrayRef> = cols
        .iter()
        .enumerate()
        .map(|(i, c)| -> Result<ArrayRef> {
            let cells = rows.iter().map(|r| &r[i]);
            let bad = |cell: &Cell| {
                Error::general(format!(
                    "internal error: catalog column {} got {cell:?}",
                    c.name
                ))
            };
            Ok(match c.ty {
                Ty::Text => {
                    let mut b = StringBuilder::new();
                    for cell in cells {
                        match cell {
                            Cell::Null => b.append_null(),
                            Cell::Text(s) => b.append_value(s),
                            other => return Err(bad(other)),
                        }
                    }
                    Arc::new(b.finish())
                }
                Ty::Small => {
                    let mut b = Int16Builder::new();
                    for cell in cells {
                        match cell {
                            Cell::Null => b.append_null(),
                            Cell::Int(n) => {
                                b.append_value(i16::try_from(*n).map_err(|_| bad(&Cell::Int(*n)))?)
                            }
                            other => return Err(bad(other)),
                        }
                    }
                    Arc::new(b.finish())
                }
                Ty::Int => {
                    let mut b = Int32Builder::new();
                    for cell in cells {
                        match cell {
                            Cell::Null => b.append_null(),
                            Cell::Int(n) => b.append_value(i32::try_from(*n).unwrap_or(i32::MAX)),
                            other => return Err(bad(other)),
                        }
                    }
                    Arc::new(b.finish())
                }
            })
        })
        .collect::<Result<_>>()?;
    RecordBatch::try_new(schema, arrays).map_err(|e| Error::general(e.to_string()))
}

/// A catalog function's batch as the statement's open result.
pub fn result_set(batch: RecordBatch) -> ResultSet {
    ResultSet::from_batches(batch.schema(), vec![batch])
}
