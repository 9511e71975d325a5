//! The one mapping from engine (Arrow) types to ODBC SQL types. `SQLColumns`,
//! `SQLDescribeCol`, `SQLColAttribute` and `SQLGetTypeInfo` all read it, so
//! they always agree.

use apiodbc_providers::table::{LONG_TEXT_SIZE, SIZE_KEY, TEXT_SIZE};
use arrow::datatypes::{DataType, Field, TimeUnit};

/// ODBC SQL type codes used by this driver.
pub mod code {
    pub const CHAR: i16 = 1;
    pub const VARCHAR: i16 = 12;
    pub const LONGVARCHAR: i16 = -1;
    pub const WCHAR: i16 = -8;
    pub const WVARCHAR: i16 = -9;
    pub const WLONGVARCHAR: i16 = -10;
    pub const BIGINT: i16 = -5;
    pub const INTEGER: i16 = 4;
    pub const SMALLINT: i16 = 5;
    pub const TINYINT: i16 = -6;
    pub const DOUBLE: i16 = 8;
    pub const FLOAT: i16 = 6;
    pub const REAL: i16 = 7;
    pub const BIT: i16 = -7;
    pub const DECIMAL: i16 = 3;
    pub const NUMERIC: i16 = 2;
    pub const VARBINARY: i16 = -3;
    pub const TYPE_DATE: i16 = 91;
    pub const TYPE_TIMESTAMP: i16 = 93;
    /// ODBC 2 codes reported to applications that asked for ODBC 2 behaviour.
    pub const DATE_V2: i16 = 9;
    pub const TIMESTAMP_V2: i16 = 11;
    /// Verbose type of both date/time types (`SQL_DESC_TYPE`).
    pub const DATETIME: i16 = 9;
}

/// The longest bounded text (`SQL_WVARCHAR`) the driver describes: provider
/// columns declare at most this, and so do catalog and system columns.
pub const MAX_VARCHAR_SIZE: usize = TEXT_SIZE as usize;
/// The size of unbounded text (`SQL_WLONGVARCHAR`), see [`LONG_TEXT_SIZE`].
pub const LONG_SIZE: usize = LONG_TEXT_SIZE as usize;
/// Bytes one character may take in the narrow (UTF-8) encoding.
const MAX_UTF8_BYTES: usize = 4;

/// How one result column or parameter looks to an ODBC client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SqlType {
    /// Concise type (`SQL_DESC_CONCISE_TYPE`, `DATA_TYPE` of `SQLColumns`).
    pub concise: i16,
    /// Verbose type (`SQL_DESC_TYPE`): `SQL_DATETIME` for dates and timestamps.
    pub verbose: i16,
    /// `SQL_DESC_DATETIME_INTERVAL_CODE`: 1 for date, 3 for timestamp, else 0.
    pub interval_code: i16,
    pub type_name: &'static str,
    /// `COLUMN_SIZE`: characters for text, precision for numbers.
    pub column_size: usize,
    pub decimal_digits: i16,
    /// `BUFFER_LENGTH`/`SQL_DESC_OCTET_LENGTH`: bytes of the default C type.
    pub octet_length: usize,
    pub display_size: usize,
    /// `NUM_PREC_RADIX`: 10 for numbers (sizes are decimal digits), none for others.
    pub radix: Option<i16>,
    pub case_sensitive: bool,
    pub unsigned: bool,
}

impl SqlType {
    /// The type of an Arrow field, honouring a declared text size in its
    /// metadata. Text without one is unbounded: JSON, long free text, and
    /// every computed text (`string_agg`, `concat`, `repeat`, `upper(json)`),
    /// whose length the engine does not bound.
    pub fn of(field: &Field) -> SqlType {
        let declared = field
            .metadata()
            .get(SIZE_KEY)
            .and_then(|s| s.parse::<usize>().ok());
        Self::of_data_type(field.data_type(), declared)
    }

    pub fn of_data_type(data_type: &DataType, declared_size: Option<usize>) -> SqlType {
        use DataType as D;
        match data_type {
            D::Int64 | D::UInt32 | D::UInt64 => number(code::BIGINT, "BIGINT", 19, 8, 20),
            D::Int32 | D::UInt16 => number(code::INTEGER, "INTEGER", 10, 4, 11),
            D::Int16 | D::UInt8 => number(code::SMALLINT, "SMALLINT", 5, 2, 6),
            D::Int8 => number(code::TINYINT, "TINYINT", 3, 1, 4),
            // Sizes in decimal digits, so the radix is 10 (radix 2 would mean bits).
            D::Float64 => number(code::DOUBLE, "DOUBLE", 15, 8, 24),
            D::Float32 | D::Float16 => number(code::REAL, "REAL", 7, 4, 14),
            D::Decimal128(p, s) | D::Decimal256(p, s) => SqlType {
                decimal_digits: i16::from(*s),
                ..number(
                    code::DECIMAL,
                    "DECIMAL",
                    usize::from(*p),
                    usize::from(*p) + 2,
                    usize::from(*p) + 2,
                )
            },
            D::Boolean => SqlType {
                radix: None,
                ..number(code::BIT, "BOOLEAN", 1, 1, 1)
            },
            D::Date32 | D::Date64 => SqlType {
                verbose: code::DATETIME,
                interval_code: 1,
                radix: None,
                ..number(code::TYPE_DATE, "DATE", 10, 6, 10)
            },
            D::Timestamp(unit, _) => {
                // Nanoseconds (`NOW()`) print nine fraction digits, the rest six:
                // a text buffer sized from the column size must hold them.
                let (digits, size) = match unit {
                    TimeUnit::Nanosecond => (9, 29),
                    _ => (6, 26),
                };
                SqlType {
                    verbose: code::DATETIME,
                    interval_code: 3,
                    decimal_digits: digits,
                    radix: None,
                    ..number(code::TYPE_TIMESTAMP, "TIMESTAMP", size, 16, size)
                }
            }
            D::Binary | D::LargeBinary | D::BinaryView | D::FixedSizeBinary(_) => {
                let size = declared_size.unwrap_or(LONG_SIZE);
                SqlType {
                    radix: None,
                    ..number(code::VARBINARY, "VARBINARY", size, size, size * 2)
                }
            }
            _ => match declared_size {
                Some(size) => text(code::WVARCHAR, size),
                None => text(code::WLONGVARCHAR, LONG_SIZE),
            },
        }
    }

    /// The concise type as an application of the given ODBC version expects it.
    pub fn concise_for(&self, odbc_version: i32) -> i16 {
        match (odbc_version, self.concise) {
            (2, code::TYPE_DATE) => code::DATE_V2,
            (2, code::TYPE_TIMESTAMP) => code::TIMESTAMP_V2,
            (_, c) => c,
        }
    }
}

/// Field metadata keys the planner may set on result fields so that
/// `SQLColAttribute`/`SQLDescribeCol` report where a column comes from
/// (`SQL_DESC_TABLE_NAME`, `SCHEMA_NAME`, `CATALOG_NAME`, `BASE_COLUMN_NAME`).
/// Absent keys are reported as empty strings, as ODBC allows.
pub const TABLE_KEY: &str = "apiodbc.table";
pub const SCHEMA_KEY: &str = "apiodbc.schema";
pub const CATALOG_KEY: &str = "apiodbc.catalog";
pub const BASE_COLUMN_KEY: &str = "apiodbc.base_column";

impl SqlType {
    /// `SQL_DESC_SEARCHABLE` / `SEARCHABLE` of `SQLGetTypeInfo`: text supports
    /// LIKE (`SQL_PRED_SEARCHABLE`), other types every comparison but LIKE
    /// (`SQL_PRED_BASIC`).
    pub fn searchable(&self) -> i16 {
        if self.is_text() { 3 } else { 2 }
    }

    /// `SQL_DOUBLE`, `SQL_FLOAT` or `SQL_REAL`: approximate numbers.
    pub fn is_floating(&self) -> bool {
        matches!(self.concise, code::DOUBLE | code::FLOAT | code::REAL)
    }

    /// Any of the character types, narrow or wide, fixed, varying or long.
    pub fn is_text(&self) -> bool {
        is_text_code(self.concise)
    }

    /// `LITERAL_PREFIX`/`LITERAL_SUFFIX` (empty when the type has none):
    /// quotes for text, `X'..'` for binary, typed literals for dates and
    /// timestamps, as `SQLGetTypeInfo` reports them.
    pub fn literal_quotes(&self) -> (&'static str, &'static str) {
        match self.concise {
            c if is_text_code(c) => ("'", "'"),
            code::VARBINARY => ("X'", "'"),
            code::TYPE_DATE => ("DATE '", "'"),
            code::TYPE_TIMESTAMP => ("TIMESTAMP '", "'"),
            _ => ("", ""),
        }
    }

    /// `SQL_DESC_UNSIGNED`: true for unsigned and for non-numeric types.
    pub fn is_unsigned(&self) -> bool {
        self.unsigned || self.radix.is_none()
    }
}

/// Whether an SQL type code is one of the six character types.
pub fn is_text_code(concise: i16) -> bool {
    matches!(
        concise,
        code::CHAR
            | code::VARCHAR
            | code::LONGVARCHAR
            | code::WCHAR
            | code::WVARCHAR
            | code::WLONGVARCHAR
    )
}

/// The types `SQLGetTypeInfo` reports: one per SQL type the mapping above
/// produces, each at its widest, read through the same mapping so the two can
/// never disagree; and the types a parameter may also be bound as, which the
/// engine takes as one it has (`from_c::data_type_of_sql`).
pub fn reported_types() -> Vec<SqlType> {
    let decimal = SqlType::of_data_type(&DataType::Decimal128(38, 0), None);
    let double = SqlType::of_data_type(&DataType::Float64, None);
    let accepted = [
        SqlType {
            concise: code::NUMERIC,
            verbose: code::NUMERIC,
            type_name: "NUMERIC",
            ..decimal
        },
        // `FLOAT` alone is single precision to the engine; SQL_FLOAT is double.
        SqlType {
            concise: code::FLOAT,
            verbose: code::FLOAT,
            type_name: "DOUBLE PRECISION",
            ..double
        },
        text(code::CHAR, MAX_VARCHAR_SIZE),
        text(code::VARCHAR, MAX_VARCHAR_SIZE),
        text(code::LONGVARCHAR, LONG_SIZE),
        text(code::WCHAR, MAX_VARCHAR_SIZE),
    ];
    [
        (DataType::Utf8, Some(MAX_VARCHAR_SIZE)),
        (DataType::Utf8, None),
        (DataType::Int64, None),
        (DataType::Int32, None),
        (DataType::Int16, None),
        (DataType::Int8, None),
        (DataType::Float64, None),
        (DataType::Float32, None),
        (DataType::Boolean, None),
        (DataType::Decimal128(38, 0), None),
        (DataType::Date32, None),
        (
            DataType::Timestamp(TimeUnit::Microsecond, Some("UTC".into())),
            None,
        ),
        (DataType::Binary, None),
    ]
    .iter()
    .map(|(t, size)| SqlType::of_data_type(t, *size))
    .chain(accepted)
    .collect()
}

/// A character type of `size` characters. Every one is Unicode text to the
/// engine; the names are those `CAST` accepts for it. Octets are those of
/// the narrow (UTF-8) encoding, the larger of the two.
fn text(concise: i16, size: usize) -> SqlType {
    let type_name = match concise {
        code::CHAR | code::WCHAR => "CHAR",
        code::LONGVARCHAR | code::WLONGVARCHAR => "TEXT",
        _ => "VARCHAR",
    };
    SqlType {
        radix: None,
        case_sensitive: true,
        ..number(concise, type_name, size, size * MAX_UTF8_BYTES, size)
    }
}

fn number(
    concise: i16,
    type_name: &'static str,
    size: usize,
    octets: usize,
    display: usize,
) -> SqlType {
    SqlType {
        concise,
        verbose: concise,
        interval_code: 0,
        type_name,
        column_size: size,
        decimal_digits: 0,
        octet_length: octets,
        display_size: display,
        radix: Some(10),
        case_sensitive: false,
        unsigned: false,
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use arrow::datatypes::TimeUnit;

    use super::*;

    #[test]
    fn text_uses_the_declared_size() {
        let f = Field::new("id", DataType::Utf8, false)
            .with_metadata(HashMap::from([(SIZE_KEY.to_string(), "255".to_string())]));
        let t = SqlType::of(&f);
        assert_eq!((t.concise, t.column_size), (code::WVARCHAR, 255));
        assert_eq!((t.octet_length, t.display_size), (255 * 4, 255));
    }

    #[test]
    fn text_without_a_declared_size_is_long() {
        let t = SqlType::of(&Field::new("string_agg(id)", DataType::Utf8, true));
        assert_eq!(
            (t.concise, t.type_name, t.column_size),
            (code::WLONGVARCHAR, "TEXT", LONG_SIZE)
        );
        assert_eq!((t.octet_length, t.display_size), (LONG_SIZE * 4, LONG_SIZE));
        assert_eq!((t.searchable(), t.literal_quotes()), (3, ("'", "'")));
    }

    #[test]
    fn every_character_type_is_reported_once() {
        let reported = reported_types();
        for (concise, name) in [
            (code::CHAR, "CHAR"),
            (code::VARCHAR, "VARCHAR"),
            (code::LONGVARCHAR, "TEXT"),
            (code::WCHAR, "CHAR"),
            (code::WVARCHAR, "VARCHAR"),
            (code::WLONGVARCHAR, "TEXT"),
        ] {
            let listed: Vec<_> = reported.iter().filter(|r| r.concise == concise).collect();
            assert_eq!(listed.len(), 1, "{concise}");
            assert_eq!(listed[0].type_name, name);
            assert!(listed[0].is_text());
        }
    }

    #[test]
    fn every_mapped_type_is_reported_once() {
        let reported = reported_types();
        let samples = [
            DataType::Utf8,
            DataType::LargeUtf8,
            DataType::Int64,
            DataType::UInt64,
            DataType::Int32,
            DataType::Int16,
            DataType::UInt8,
            DataType::Int8,
            DataType::Float64,
            DataType::Float32,
            DataType::Boolean,
            DataType::Decimal128(10, 2),
            DataType::Date32,
            DataType::Timestamp(TimeUnit::Millisecond, None),
            DataType::Binary,
        ];
        for t in samples {
            let mapped = SqlType::of_data_type(&t, None);
            let listed: Vec<_> = reported
                .iter()
                .filter(|r| r.concise == mapped.concise)
                .collect();
            assert_eq!(listed.len(), 1, "{t}");
            assert_eq!(listed[0].type_name, mapped.type_name, "{t}");
        }
    }

    #[test]
    fn timestamps_are_type_timestamp_with_microseconds() {
        let t = SqlType::of_data_type(
            &DataType::Timestamp(TimeUnit::Microsecond, Some("UTC".into())),
            None,
        );
        assert_eq!((t.concise, t.verbose, t.decimal_digits), (93, 9, 6));
        assert_eq!(t.concise_for(2), 11);
    }

    #[test]
    fn nanosecond_timestamps_report_room_for_nine_fraction_digits() {
        let t = SqlType::of_data_type(&DataType::Timestamp(TimeUnit::Nanosecond, None), None);
        assert_eq!((t.column_size, t.decimal_digits), (29, 9));
        assert_eq!("2026-11-23 15:04:05.123456789".len(), t.column_size);
    }
}
