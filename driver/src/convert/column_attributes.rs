//! `SQLColAttribute`: which part of a result column's IRD record each field
//! identifier reads, one row per identifier, named as `odbc_sys::Desc` names
//! them. ODBC 2 clients still send the `SQL_COLUMN_*` identifiers; most share
//! their number with a `SQL_DESC_*` field, and the six that do not are below.

use odbc_sys::Desc;

use super::ctype::CType;
use crate::diag::{Error, Result};
use crate::handles::DescRecord;

/// A `SQLColAttribute` answer: text goes to `CharacterAttributePtr`, a number
/// to `NumericAttributePtr`.
#[derive(Debug, Clone, PartialEq)]
pub enum Attr {
    Text(String),
    Number(isize),
}

use Attr::{Number, Text};

/// ODBC 2 `SQL_COLUMN_*` identifiers with no `SQL_DESC_*` field of their number.
mod odbc2 {
    pub const COUNT: u16 = 0;
    pub const NAME: u16 = 1;
    /// Bytes a fetch with `SQL_C_DEFAULT` transfers.
    pub const LENGTH: u16 = 3;
    /// The column size.
    pub const PRECISION: u16 = 4;
    pub const SCALE: u16 = 5;
    pub const NULLABLE: u16 = 7;
}

type Read = fn(&DescRecord) -> Attr;

const FIELDS: &[(u16, Read)] = &[
    (Desc::Name as u16, |r| Text(r.name.clone())),
    (odbc2::NAME, |r| Text(r.name.clone())),
    (Desc::ConciseType as u16, |r| Number(r.concise_type.into())),
    (odbc2::LENGTH, default_transfer_len),
    (odbc2::PRECISION, |r| Number(r.length as isize)),
    (Desc::Scale as u16, |r| Number(r.scale.into())),
    (odbc2::SCALE, |r| Number(r.scale.into())),
    (Desc::DisplaySize as u16, |r| Number(r.meta.display_size)),
    (Desc::Nullable as u16, |r| Number(r.nullable.into())),
    (odbc2::NULLABLE, |r| Number(r.nullable.into())),
    (Desc::Unsigned as u16, |r| Number(r.meta.unsigned.into())),
    (Desc::FixedPrecScale as u16, |r| {
        Number(r.meta.fixed_prec_scale.into())
    }),
    (Desc::Updatable as u16, |r| Number(r.meta.updatable.into())),
    (Desc::AutoUniqueValue as u16, |r| {
        Number(r.meta.auto_unique_value.into())
    }),
    (Desc::CaseSensitive as u16, |r| {
        Number(r.meta.case_sensitive.into())
    }),
    (Desc::Searchable as u16, |r| {
        Number(r.meta.searchable.into())
    }),
    (Desc::TypeName as u16, |r| Text(r.meta.type_name.clone())),
    (Desc::TableName as u16, |r| Text(r.meta.table_name.clone())),
    (Desc::SchemaName as u16, |r| {
        Text(r.meta.schema_name.clone())
    }),
    (Desc::CatalogName as u16, |r| {
        Text(r.meta.catalog_name.clone())
    }),
    (Desc::Label as u16, |r| Text(r.meta.label.clone())),
    (Desc::BaseColumnName as u16, |r| {
        Text(r.meta.base_column_name.clone())
    }),
    (Desc::BaseTableName as u16, |r| {
        Text(r.meta.base_table_name.clone())
    }),
    (Desc::DatetimeIntervalPrecision as u16, |r| {
        Number(r.datetime_interval_precision as isize)
    }),
    (Desc::LiteralPrefix as u16, |r| {
        Text(r.meta.literal_prefix.clone())
    }),
    (Desc::LiteralSuffix as u16, |r| {
        Text(r.meta.literal_suffix.clone())
    }),
    (Desc::LocalTypeName as u16, |r| {
        Text(r.meta.local_type_name.clone())
    }),
    (Desc::NumPrecRadix as u16, |r| {
        Number(r.meta.num_prec_radix as isize)
    }),
    (Desc::RowVer as u16, |r| Number(r.meta.rowver.into())),
    (Desc::Type as u16, |r| Number(r.data_type.into())),
    (Desc::Length as u16, |r| Number(r.length as isize)),
    (Desc::Precision as u16, |r| Number(r.precision.into())),
    (Desc::DatetimeIntervalCode as u16, |r| {
        Number(r.datetime_interval_code.into())
    }),
    (Desc::Unnamed as u16, |r| Number(r.unnamed.into())),
    (Desc::OctetLength as u16, |r| Number(r.octet_length)),
];

/// Field `field` of result column `number` (1-based) among the IRD's
/// `records`, whose record 0 is the (disabled) bookmark.
pub fn column_attribute(records: &[DescRecord], number: u16, field: u16) -> Result<Attr> {
    let count = records.len().saturating_sub(1);
    if field == Desc::Count as u16 || field == odbc2::COUNT {
        return Ok(Number(count as isize));
    }
    let record = column(records, number)?;
    let (_, read) = FIELDS.iter().find(|(f, _)| *f == field).ok_or_else(|| {
        Error::invalid_descriptor_field(format!("invalid descriptor field identifier {field}"))
    })?;
    Ok(read(record))
}

/// The IRD record of result column `number`, 07009 when there is none.
pub fn column(records: &[DescRecord], number: u16) -> Result<&DescRecord> {
    match number {
        0 => Err(Error::invalid_descriptor_index(
            "invalid descriptor index 0: bookmarks are not enabled",
        )),
        n => records.get(usize::from(n)).ok_or_else(|| {
            Error::invalid_descriptor_index(format!("invalid descriptor index {n}"))
        }),
    }
}

/// Bytes a fetch with `SQL_C_DEFAULT` transfers (ODBC 2 `SQL_COLUMN_LENGTH`).
fn default_transfer_len(r: &DescRecord) -> Attr {
    let ctype = CType::default_for(r.concise_type);
    Number(match ctype.fixed_size() {
        Some(n) => n as isize,
        None if ctype == CType::WChar => (r.length * ctype.char_unit()) as isize,
        None => r.octet_length,
    })
}

#[cfg(test)]
mod tests {
    use arrow::datatypes::{DataType, Field};

    use super::*;
    use crate::handles::Stmt;

    #[test]
    fn every_field_answers() {
        let field = Field::new("amount", DataType::Decimal128(12, 2), false);
        let records = [DescRecord::default(), Stmt::describe_field(&field, 3)];
        let read = |f| column_attribute(&records, 1, f).unwrap();
        for (f, _) in FIELDS {
            read(*f);
        }
        assert_eq!(read(odbc2::COUNT), Number(1));
        assert_eq!(read(Desc::Count as u16), Number(1));
        assert_eq!(read(odbc2::PRECISION), Number(12));
        assert_eq!(read(Desc::Scale as u16), Number(2));
        assert_eq!(read(odbc2::LENGTH), Number(14));
        assert_eq!(read(Desc::NumPrecRadix as u16), Number(10));
        assert_eq!(read(Desc::Name as u16), Text("amount".into()));
        let state = |n, f| column_attribute(&records, n, f).unwrap_err().state;
        assert_eq!(state(1, 9999), "HY091");
        assert_eq!(state(0, Desc::Name as u16), "07009");
        assert_eq!(state(2, Desc::Name as u16), "07009");
    }
}
