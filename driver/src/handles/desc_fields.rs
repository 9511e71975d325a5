//! Descriptor fields on a descriptor's state: `SQLGetDescField`,
//! `SQLSetDescField`, `SQLSetDescRec`, `SQLCopyDesc`. Field identifiers are
//! named as `odbc_sys::Desc` names them; the caller's number is read once
//! into one of them. The IRD is read-only except for its two pointer header
//! fields; records are added as the application sets them.

use odbc_sys::Desc as Field;

use super::{Desc, DescKind, DescRecord, Ptr};
use crate::diag::{Error, Result};

/// The fields the driver has. Any other number (`SQL_DESC_MINIMUM_SCALE`,
/// an ODBC 4 field, a typo) is HY091.
const FIELDS: [Field; 41] = [
    Field::AllocType,
    Field::ArraySize,
    Field::ArrayStatusPtr,
    Field::BindOffsetPtr,
    Field::BindType,
    Field::Count,
    Field::RowsProcessedPtr,
    Field::AutoUniqueValue,
    Field::BaseColumnName,
    Field::BaseTableName,
    Field::CaseSensitive,
    Field::CatalogName,
    Field::ConciseType,
    Field::DataPtr,
    Field::DatetimeIntervalCode,
    Field::DatetimeIntervalPrecision,
    Field::DisplaySize,
    Field::FixedPrecScale,
    Field::IndicatorPtr,
    Field::Label,
    Field::Length,
    Field::LiteralPrefix,
    Field::LiteralSuffix,
    Field::LocalTypeName,
    Field::Name,
    Field::Nullable,
    Field::NumPrecRadix,
    Field::OctetLength,
    Field::OctetLengthPtr,
    Field::ParameterType,
    Field::Precision,
    Field::RowVer,
    Field::Scale,
    Field::SchemaName,
    Field::Searchable,
    Field::TableName,
    Field::Type,
    Field::TypeName,
    Field::Unnamed,
    Field::Unsigned,
    Field::Updatable,
];

/// The field a caller's identifier names, if the driver has it. The HY091
/// for `None` is raised where the record checks allow it, so an unknown
/// identifier on a missing record is still `SQL_NO_DATA` or 07009.
fn identify(id: i16) -> Option<Field> {
    FIELDS.iter().copied().find(|f| *f as i16 == id)
}

/// The value of one descriptor field, typed as ODBC declares it.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    SmallInt(i16),
    Integer(i32),
    Len(isize),
    ULen(usize),
    Ptr(Ptr),
    Text(String),
}

fn unknown_field(id: i16) -> Error {
    Error::invalid_descriptor_field(format!("invalid descriptor field identifier {id}"))
}

fn bad_record(n: i16) -> Error {
    Error::invalid_descriptor_index(format!("invalid descriptor index {n}"))
}

fn read_only() -> Error {
    Error::cannot_modify_ird("cannot modify an implementation row descriptor")
}

/// A header field's value; `None` for record fields.
fn header(desc: &Desc, field: Field) -> Option<Value> {
    use Value::*;
    Some(match field {
        Field::AllocType => SmallInt(if desc.explicit_on.is_some() { 2 } else { 1 }),
        Field::ArraySize => ULen(desc.array_size),
        Field::ArrayStatusPtr => Ptr(desc.array_status_ptr),
        Field::BindOffsetPtr => Ptr(desc.bind_offset_ptr),
        Field::BindType => Integer(desc.bind_type as i32),
        Field::Count => SmallInt(desc.count() as i16),
        Field::RowsProcessedPtr => Ptr(desc.rows_processed_ptr),
        _ => return None,
    })
}

/// Record `rec` (1-based): 07009 for the bookmark record and below, `None`
/// past the last one (`SQL_NO_DATA`).
pub fn record(desc: &Desc, rec: i16) -> Result<Option<&DescRecord>> {
    if rec <= 0 {
        return Err(bad_record(rec));
    }
    Ok(desc.records.get(rec as usize))
}

/// Reads field `id`; `None` when the record does not exist (`SQL_NO_DATA`).
pub fn get_field(desc: &Desc, rec: i16, id: i16) -> Result<Option<Value>> {
    use Value::*;
    let field = identify(id);
    if let Some(value) = field.and_then(|f| header(desc, f)) {
        return Ok(Some(value));
    }
    let Some(r) = record(desc, rec)? else {
        return Ok(None);
    };
    let m = &r.meta;
    Ok(Some(match field.ok_or_else(|| unknown_field(id))? {
        Field::AutoUniqueValue => Integer(m.auto_unique_value.into()),
        Field::BaseColumnName => Text(m.base_column_name.clone()),
        Field::BaseTableName => Text(m.base_table_name.clone()),
        Field::CaseSensitive => Integer(m.case_sensitive.into()),
        Field::CatalogName => Text(m.catalog_name.clone()),
        Field::ConciseType => SmallInt(r.concise_type),
        Field::DataPtr => Ptr(r.data_ptr),
        Field::DatetimeIntervalCode => SmallInt(r.datetime_interval_code),
        Field::DatetimeIntervalPrecision => Integer(r.datetime_interval_precision),
        Field::DisplaySize => Len(m.display_size),
        Field::FixedPrecScale => SmallInt(m.fixed_prec_scale.into()),
        Field::IndicatorPtr => Ptr(r.indicator_ptr),
        Field::Label => Text(m.label.clone()),
        Field::Length => ULen(r.length),
        Field::LiteralPrefix => Text(m.literal_prefix.clone()),
        Field::LiteralSuffix => Text(m.literal_suffix.clone()),
        Field::LocalTypeName => Text(m.local_type_name.clone()),
        Field::Name => Text(r.name.clone()),
        Field::Nullable => SmallInt(r.nullable),
        Field::NumPrecRadix => Integer(m.num_prec_radix),
        Field::OctetLength => Len(r.octet_length),
        Field::OctetLengthPtr => Ptr(r.octet_length_ptr),
        Field::ParameterType => SmallInt(r.parameter_type),
        Field::Precision => SmallInt(r.precision),
        Field::RowVer => SmallInt(m.rowver.into()),
        Field::Scale => SmallInt(r.scale),
        Field::SchemaName => Text(m.schema_name.clone()),
        Field::Searchable => SmallInt(m.searchable),
        Field::TableName => Text(m.table_name.clone()),
        Field::Type => SmallInt(r.data_type),
        Field::TypeName => Text(m.type_name.clone()),
        Field::Unnamed => SmallInt(r.unnamed),
        Field::Unsigned => SmallInt(m.unsigned.into()),
        Field::Updatable => SmallInt(m.updatable),
        _ => return Err(unknown_field(id)),
    }))
}

/// A value an application sets: the pointer-sized argument, or a string.
#[derive(Debug, Clone, PartialEq)]
pub enum Input {
    Number(isize),
    Text(String),
}

impl Input {
    fn number(&self) -> isize {
        match self {
            Input::Number(n) => *n,
            Input::Text(_) => 0,
        }
    }
}

/// Whether `field` holds a string.
fn is_text(field: Field) -> bool {
    matches!(
        field,
        Field::BaseColumnName
            | Field::BaseTableName
            | Field::CatalogName
            | Field::Label
            | Field::LiteralPrefix
            | Field::LiteralSuffix
            | Field::LocalTypeName
            | Field::Name
            | Field::SchemaName
            | Field::TableName
            | Field::TypeName
    )
}

/// Whether `SQLSetDescField` passes field `id` as a string rather than a
/// pointer-sized number.
pub fn takes_text(id: i16) -> bool {
    identify(id).is_some_and(is_text)
}

/// Sets field `id`, adding records as needed.
pub fn set_field(desc: &mut Desc, rec: i16, id: i16, value: Input) -> Result<()> {
    let field = identify(id);
    let n = value.number();
    if desc.is_read_only()
        && !matches!(field, Some(Field::ArrayStatusPtr | Field::RowsProcessedPtr))
    {
        return Err(read_only());
    }
    let positive = |what: &str| {
        usize::try_from(n).ok().filter(|v| *v > 0).ok_or_else(|| {
            Error::invalid_attribute_value(format!("invalid attribute value {n} for {what}"))
        })
    };
    match field {
        Some(Field::AllocType) => {
            return Err(Error::invalid_descriptor_field(
                "SQL_DESC_ALLOC_TYPE is read-only",
            ));
        }
        Some(Field::ArraySize) => desc.array_size = positive("SQL_DESC_ARRAY_SIZE")?,
        Some(Field::ArrayStatusPtr) => desc.array_status_ptr = Ptr(n as usize),
        Some(Field::BindOffsetPtr) => desc.bind_offset_ptr = Ptr(n as usize),
        Some(Field::BindType) => desc.bind_type = n.max(0) as usize,
        Some(Field::RowsProcessedPtr) => desc.rows_processed_ptr = Ptr(n as usize),
        Some(Field::Count) => desc.set_count(usize::try_from(n).map_err(|_| bad_record(n as i16))?),
        _ => set_record_field(desc, rec, id, field, value)?,
    }
    Ok(())
}

/// Sets a record field. The record is added before the field is checked, so
/// a refused field still leaves the descriptor that long.
fn set_record_field(
    desc: &mut Desc,
    rec: i16,
    id: i16,
    field: Option<Field>,
    value: Input,
) -> Result<()> {
    if rec <= 0 {
        return Err(bad_record(rec));
    }
    let n = value.number();
    let app = matches!(desc.kind, DescKind::Ard | DescKind::Apd);
    let r = desc.record_mut(rec as usize);
    let Some(field) = field else {
        return Err(unknown_field(id));
    };
    let deferred = matches!(
        field,
        Field::DataPtr | Field::IndicatorPtr | Field::OctetLengthPtr
    );
    match field {
        Field::ConciseType => r.set_concise_type(n as i16),
        Field::Type => r.set_verbose_type(n as i16),
        Field::DatetimeIntervalCode => {
            r.datetime_interval_code = n as i16;
            if r.data_type == 9 || r.data_type == 10 {
                r.set_verbose_type(r.data_type);
            }
        }
        Field::DatetimeIntervalPrecision => r.datetime_interval_precision = n as i32,
        Field::DataPtr => r.data_ptr = Ptr(n as usize),
        Field::IndicatorPtr => r.indicator_ptr = Ptr(n as usize),
        Field::OctetLengthPtr => r.octet_length_ptr = Ptr(n as usize),
        Field::Length => r.length = n.max(0) as usize,
        Field::OctetLength => r.octet_length = n,
        Field::Precision => r.precision = n as i16,
        Field::Scale => r.scale = n as i16,
        Field::Nullable => r.nullable = n as i16,
        Field::ParameterType => r.parameter_type = n as i16,
        Field::NumPrecRadix => r.meta.num_prec_radix = n as i32,
        Field::Unnamed => r.unnamed = n as i16,
        Field::Name => {
            if let Input::Text(s) = value {
                r.unnamed = i16::from(s.is_empty());
                r.name = s;
            }
        }
        Field::AutoUniqueValue
        | Field::CaseSensitive
        | Field::DisplaySize
        | Field::FixedPrecScale
        | Field::RowVer
        | Field::Searchable
        | Field::Unsigned
        | Field::Updatable => {
            return Err(Error::invalid_descriptor_field(format!(
                "descriptor field {id} is read-only"
            )));
        }
        f if is_text(f) => {
            return Err(Error::invalid_descriptor_field(format!(
                "descriptor field {id} is read-only"
            )));
        }
        _ => return Err(unknown_field(id)),
    }
    // Setting anything but a deferred field unbinds an application record.
    if app && !deferred {
        desc.records[rec as usize].data_ptr = Ptr::default();
    }
    Ok(())
}

/// `SQLSetDescRec`: type, subtype, lengths and buffers of one record at once.
#[allow(clippy::too_many_arguments)]
pub fn set_rec(
    desc: &mut Desc,
    rec: i16,
    data_type: i16,
    subtype: i16,
    length: isize,
    precision: i16,
    scale: i16,
    data: Ptr,
    string_len: Ptr,
    indicator: Ptr,
) -> Result<()> {
    if desc.is_read_only() {
        return Err(read_only());
    }
    if rec <= 0 {
        return Err(bad_record(rec));
    }
    let r = desc.record_mut(rec as usize);
    r.datetime_interval_code = subtype;
    r.set_verbose_type(data_type);
    r.octet_length = length;
    r.length = length.max(0) as usize;
    r.precision = precision;
    r.scale = scale;
    r.data_ptr = data;
    r.octet_length_ptr = string_len;
    r.indicator_ptr = indicator;
    Ok(())
}

/// `SQLCopyDesc`: copies every field but the descriptor's kind and allocation.
pub fn copy(source: &Desc, target: &mut Desc) -> Result<()> {
    if target.is_read_only() {
        return Err(read_only());
    }
    let (kind, explicit_on) = (target.kind, target.explicit_on);
    *target = Desc {
        kind,
        explicit_on,
        ..source.clone()
    };
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_round_trip_and_records_grow() {
        let mut ard = Desc::new(DescKind::Ard, None);
        set_field(&mut ard, 2, Field::ConciseType as i16, Input::Number(93)).unwrap();
        assert_eq!(ard.count(), 2);
        assert_eq!(
            get_field(&ard, 2, Field::Type as i16).unwrap(),
            Some(Value::SmallInt(9))
        );
        assert_eq!(
            get_field(&ard, 2, Field::DatetimeIntervalCode as i16).unwrap(),
            Some(Value::SmallInt(3))
        );
        set_field(&mut ard, 2, Field::DataPtr as i16, Input::Number(0x1000)).unwrap();
        set_field(&mut ard, 0, Field::ArraySize as i16, Input::Number(10)).unwrap();
        assert_eq!(
            get_field(&ard, 0, Field::ArraySize as i16).unwrap(),
            Some(Value::ULen(10))
        );
        assert_eq!(
            get_field(&ard, 3, Field::Name as i16).unwrap(),
            None,
            "no such record"
        );
        assert_eq!(
            get_field(&ard, 0, Field::Name as i16).unwrap_err().state,
            "07009"
        );
        assert_eq!(get_field(&ard, 1, 4321).unwrap_err().state, "HY091");
        // Setting a non-deferred field unbinds the record.
        set_field(&mut ard, 2, Field::Precision as i16, Input::Number(5)).unwrap();
        assert!(ard.records[2].data_ptr.is_null());
        assert_eq!(
            set_field(&mut ard, 1, Field::TypeName as i16, Input::Text("x".into()))
                .unwrap_err()
                .state,
            "HY091"
        );
        assert_eq!(
            set_field(&mut ard, 0, Field::ArraySize as i16, Input::Number(0))
                .unwrap_err()
                .state,
            "HY024"
        );
    }

    #[test]
    fn the_ird_is_read_only_but_its_pointers() {
        let mut ird = Desc::new(DescKind::Ird, None);
        assert_eq!(
            set_field(&mut ird, 1, Field::ConciseType as i16, Input::Number(4))
                .unwrap_err()
                .state,
            "HY016"
        );
        set_field(
            &mut ird,
            0,
            Field::RowsProcessedPtr as i16,
            Input::Number(0x2000),
        )
        .unwrap();
        let ard = Desc::new(DescKind::Ard, None);
        assert_eq!(copy(&ard, &mut ird).unwrap_err().state, "HY016");
        let mut apd = Desc::new(DescKind::Apd, Some(1));
        let mut src = Desc::new(DescKind::Ard, None);
        set_rec(&mut src, 1, 4, 0, 4, 0, 0, Ptr(8), Ptr(16), Ptr(16)).unwrap();
        copy(&src, &mut apd).unwrap();
        assert_eq!(
            (apd.kind, apd.explicit_on, apd.count()),
            (DescKind::Apd, Some(1), 1)
        );
        assert_eq!(apd.records[1].data_ptr, Ptr(8));
    }
}
