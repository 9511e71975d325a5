//! `SQLGetDiagField`'s fields, named as `odbc_sys::HeaderDiagnosticIdentifier`
//! names them (header and record fields alike); the caller's number is read
//! once into one of them.

use odbc_sys::HeaderDiagnosticIdentifier as Id;

use super::{Diagnostics, Record};

/// The field identifiers odbc-sys names; the driver answers every one.
const IDS: [Id; 15] = [
    Id::ReturnCode,
    Id::Number,
    Id::RowCount,
    Id::SqlState,
    Id::Native,
    Id::MessageText,
    Id::DynamicFunction,
    Id::ClassOrigin,
    Id::SubclassOrigin,
    Id::ConnectionName,
    Id::ServerName,
    Id::DynamicFunctionCode,
    Id::CursorRowCount,
    Id::RowNumber,
    Id::ColumnNumber,
];

/// `SQL_ROW_NUMBER_UNKNOWN` / `SQL_COLUMN_NUMBER_UNKNOWN`.
const UNKNOWN: isize = -2;

/// A diagnostic field's value, typed as ODBC declares it.
#[derive(Debug, Clone, PartialEq)]
pub enum Field {
    Int(i32),
    Small(i16),
    Len(isize),
    Text(String),
}

/// What `SQLGetDiagField` finds. Neither failure is recorded: reading
/// diagnostics never changes them.
#[derive(Debug, Clone, PartialEq)]
pub enum Found {
    Field(Field),
    /// `SQL_NO_DATA`: the record does not exist.
    NoRecord,
    /// `SQL_ERROR`: an unknown identifier, or a record field of record 0 or below.
    Invalid,
}

impl Diagnostics {
    /// Field `id` of the header, or of record `number` (1-based).
    pub fn field(&self, number: i16, id: i16) -> Found {
        let id = IDS.iter().copied().find(|i| *i as i16 == id);
        if let Some(f) = id.and_then(|id| self.header_field(id)) {
            return Found::Field(f);
        }
        if number < 1 {
            return Found::Invalid;
        }
        let Some(record) = self.records.get(number as usize - 1) else {
            return Found::NoRecord;
        };
        match id.and_then(|id| record_field(record, id)) {
            Some(f) => Found::Field(f),
            None => Found::Invalid,
        }
    }

    fn header_field(&self, id: Id) -> Option<Field> {
        Some(match id {
            Id::ReturnCode => Field::Small(self.return_code),
            Id::Number => Field::Int(self.records.len() as i32),
            Id::RowCount | Id::CursorRowCount => Field::Len(self.row_count),
            Id::DynamicFunction => Field::Text(String::new()),
            Id::DynamicFunctionCode => Field::Int(0),
            _ => return None,
        })
    }
}

fn record_field(record: &Record, id: Id) -> Option<Field> {
    Some(match id {
        Id::SqlState => Field::Text(record.state.to_string()),
        Id::Native => Field::Int(record.native),
        Id::MessageText => Field::Text(record.text()),
        // States of classes defined by ODBC and not ISO carry the origin "ODBC 3.0".
        Id::ClassOrigin => Field::Text(origin(record.state, true).to_string()),
        Id::SubclassOrigin => Field::Text(origin(record.state, false).to_string()),
        Id::ConnectionName | Id::ServerName => Field::Text(String::new()),
        Id::RowNumber | Id::ColumnNumber => Field::Len(UNKNOWN),
        _ => return None,
    })
}

/// `SQL_DIAG_CLASS_ORIGIN` (`class`) or `SUBCLASS_ORIGIN`: ISO 9075 for
/// standard classes, else ODBC 3.0.
fn origin(state: &str, class: bool) -> &'static str {
    let iso_class = matches!(
        state.get(..2).unwrap_or_default(),
        "01" | "07"
            | "08"
            | "21"
            | "22"
            | "23"
            | "24"
            | "25"
            | "28"
            | "34"
            | "3C"
            | "3D"
            | "3F"
            | "40"
            | "42"
            | "44"
    );
    if class {
        if iso_class { "ISO 9075" } else { "ODBC 3.0" }
    } else if iso_class && state.ends_with("000") {
        "ISO 9075"
    } else {
        "ODBC 3.0"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Error;

    #[test]
    fn header_and_record_fields() {
        let diag = Diagnostics {
            records: vec![Error::truncated().into(), Error::general("boom").into()],
            row_count: 7,
            return_code: 1,
        };
        let text = |s: &str| Found::Field(Field::Text(s.into()));
        assert_eq!(
            diag.field(0, Id::Number as i16),
            Found::Field(Field::Int(2))
        );
        assert_eq!(
            diag.field(0, Id::CursorRowCount as i16),
            Found::Field(Field::Len(7))
        );
        assert_eq!(diag.field(0, Id::SqlState as i16), Found::Invalid);
        assert_eq!(diag.field(3, Id::SqlState as i16), Found::NoRecord);
        assert_eq!(diag.field(1, 99), Found::Invalid);
        assert_eq!(diag.field(2, Id::SqlState as i16), text("HY000"));
        assert_eq!(diag.field(1, Id::ClassOrigin as i16), text("ISO 9075"));
        assert_eq!(diag.field(1, Id::SubclassOrigin as i16), text("ODBC 3.0"));
        assert_eq!(diag.field(2, Id::ClassOrigin as i16), text("ODBC 3.0"));
        assert_eq!(
            diag.field(1, Id::RowNumber as i16),
            Found::Field(Field::Len(UNKNOWN))
        );
    }
}
