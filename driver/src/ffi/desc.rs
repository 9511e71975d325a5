//! Descriptors: `SQLGetDescField`, `SQLSetDescField`, `SQLGetDescRec`,
//! `SQLSetDescRec`, `SQLCopyDesc`. The IRD is read-only except for its two
//! pointer header fields; records are added as the application sets them.

use odbc_sys::{Pointer, SqlReturn};

use super::text::{self, Encoding, Measure, Narrow, WChar, Wide};
use super::{Integer, SmallInt, Status, Warnings, call, call_locked, guard, required};
use crate::diag::{Error, Result};
use crate::handles::{self, Desc, DescKind, DescRecord, Ptr};

/// `SQL_DESC_*` field identifiers.
pub mod field {
    pub const ALLOC_TYPE: i16 = 1099;
    pub const ARRAY_SIZE: i16 = 20;
    pub const ARRAY_STATUS_PTR: i16 = 21;
    pub const BIND_OFFSET_PTR: i16 = 24;
    pub const BIND_TYPE: i16 = 25;
    pub const COUNT: i16 = 1001;
    pub const ROWS_PROCESSED_PTR: i16 = 34;
    pub const AUTO_UNIQUE_VALUE: i16 = 11;
    pub const BASE_COLUMN_NAME: i16 = 22;
    pub const BASE_TABLE_NAME: i16 = 23;
    pub const CASE_SENSITIVE: i16 = 12;
    pub const CATALOG_NAME: i16 = 17;
    pub const CONCISE_TYPE: i16 = 2;
    pub const DATA_PTR: i16 = 1010;
    pub const DATETIME_INTERVAL_CODE: i16 = 1007;
    pub const DATETIME_INTERVAL_PRECISION: i16 = 26;
    pub const DISPLAY_SIZE: i16 = 6;
    pub const FIXED_PREC_SCALE: i16 = 9;
    pub const INDICATOR_PTR: i16 = 1009;
    pub const LABEL: i16 = 18;
    pub const LENGTH: i16 = 1003;
    pub const LITERAL_PREFIX: i16 = 27;
    pub const LITERAL_SUFFIX: i16 = 28;
    pub const LOCAL_TYPE_NAME: i16 = 29;
    pub const NAME: i16 = 1011;
    pub const NULLABLE: i16 = 1008;
    pub const NUM_PREC_RADIX: i16 = 32;
    pub const OCTET_LENGTH: i16 = 1013;
    pub const OCTET_LENGTH_PTR: i16 = 1004;
    pub const PARAMETER_TYPE: i16 = 33;
    pub const PRECISION: i16 = 1005;
    pub const ROWVER: i16 = 35;
    pub const SCALE: i16 = 1006;
    pub const SCHEMA_NAME: i16 = 16;
    pub const SEARCHABLE: i16 = 13;
    pub const TABLE_NAME: i16 = 15;
    pub const TYPE: i16 = 1002;
    pub const TYPE_NAME: i16 = 14;
    pub const UNNAMED: i16 = 1012;
    pub const UNSIGNED: i16 = 8;
    pub const UPDATABLE: i16 = 10;
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

fn is_header(f: i16) -> bool {
    use field::*;
    matches!(
        f,
        ALLOC_TYPE
            | ARRAY_SIZE
            | ARRAY_STATUS_PTR
            | BIND_OFFSET_PTR
            | BIND_TYPE
            | COUNT
            | ROWS_PROCESSED_PTR
    )
}

fn unknown_field(f: i16) -> Error {
    Error::invalid_descriptor_field(format!("invalid descriptor field identifier {f}"))
}

fn bad_record(n: i16) -> Error {
    Error::invalid_descriptor_index(format!("invalid descriptor index {n}"))
}

/// Reads a field; `None` when the record does not exist (`SQL_NO_DATA`).
pub fn get_field(desc: &Desc, rec: i16, f: i16) -> Result<Option<Value>> {
    use Value::*;
    use field::*;
    if is_header(f) {
        return Ok(Some(match f {
            ALLOC_TYPE => SmallInt(if desc.explicit_on.is_some() { 2 } else { 1 }),
            ARRAY_SIZE => ULen(desc.array_size),
            ARRAY_STATUS_PTR => Ptr(desc.array_status_ptr),
            BIND_OFFSET_PTR => Ptr(desc.bind_offset_ptr),
            BIND_TYPE => Integer(desc.bind_type as i32),
            COUNT => SmallInt(desc.count() as i16),
            _ => Ptr(desc.rows_processed_ptr),
        }));
    }
    if rec < 0 {
        return Err(bad_record(rec));
    }
    let Some(r) = desc.records.get(rec as usize).filter(|_| rec > 0) else {
        return if rec == 0 {
            Err(bad_record(0))
        } else {
            Ok(None)
        };
    };
    let m = &r.meta;
    Ok(Some(match f {
        AUTO_UNIQUE_VALUE => Integer(m.auto_unique_value.into()),
        BASE_COLUMN_NAME => Text(m.base_column_name.clone()),
        BASE_TABLE_NAME => Text(m.base_table_name.clone()),
        CASE_SENSITIVE => Integer(m.case_sensitive.into()),
        CATALOG_NAME => Text(m.catalog_name.clone()),
        CONCISE_TYPE => SmallInt(r.concise_type),
        DATA_PTR => Ptr(r.data_ptr),
        DATETIME_INTERVAL_CODE => SmallInt(r.datetime_interval_code),
        DATETIME_INTERVAL_PRECISION => Integer(r.datetime_interval_precision),
        DISPLAY_SIZE => Len(m.display_size),
        FIXED_PREC_SCALE => SmallInt(m.fixed_prec_scale.into()),
        INDICATOR_PTR => Ptr(r.indicator_ptr),
        LABEL => Text(m.label.clone()),
        LENGTH => ULen(r.length),
        LITERAL_PREFIX => Text(m.literal_prefix.clone()),
        LITERAL_SUFFIX => Text(m.literal_suffix.clone()),
        LOCAL_TYPE_NAME => Text(m.local_type_name.clone()),
        NAME => Text(r.name.clone()),
        NULLABLE => SmallInt(r.nullable),
        NUM_PREC_RADIX => Integer(m.num_prec_radix),
        OCTET_LENGTH => Len(r.octet_length),
        OCTET_LENGTH_PTR => Ptr(r.octet_length_ptr),
        PARAMETER_TYPE => SmallInt(r.parameter_type),
        PRECISION => SmallInt(r.precision),
        ROWVER => SmallInt(m.rowver.into()),
        SCALE => SmallInt(r.scale),
        SCHEMA_NAME => Text(m.schema_name.clone()),
        SEARCHABLE => SmallInt(m.searchable),
        TABLE_NAME => Text(m.table_name.clone()),
        TYPE => SmallInt(r.data_type),
        TYPE_NAME => Text(m.type_name.clone()),
        UNNAMED => SmallInt(r.unnamed),
        UNSIGNED => SmallInt(m.unsigned.into()),
        UPDATABLE => SmallInt(m.updatable),
        other => return Err(unknown_field(other)),
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

/// Whether `f` holds a string.
fn is_text(f: i16) -> bool {
    use field::*;
    matches!(
        f,
        BASE_COLUMN_NAME
            | BASE_TABLE_NAME
            | CATALOG_NAME
            | LABEL
            | LITERAL_PREFIX
            | LITERAL_SUFFIX
            | LOCAL_TYPE_NAME
            | NAME
            | SCHEMA_NAME
            | TABLE_NAME
            | TYPE_NAME
    )
}

fn read_only() -> Error {
    Error::cannot_modify_ird("cannot modify an implementation row descriptor")
}

/// Sets a field, adding records as needed.
pub fn set_field(desc: &mut Desc, rec: i16, f: i16, value: Input) -> Result<()> {
    use field::*;
    let n = value.number();
    if desc.is_read_only() && !matches!(f, ARRAY_STATUS_PTR | ROWS_PROCESSED_PTR) {
        return Err(read_only());
    }
    let positive = |what: &str| {
        usize::try_from(n).ok().filter(|v| *v > 0).ok_or_else(|| {
            Error::invalid_attribute_value(format!("invalid attribute value {n} for {what}"))
        })
    };
    match f {
        ALLOC_TYPE => {
            return Err(Error::invalid_descriptor_field(
                "SQL_DESC_ALLOC_TYPE is read-only",
            ));
        }
        ARRAY_SIZE => desc.array_size = positive("SQL_DESC_ARRAY_SIZE")?,
        ARRAY_STATUS_PTR => desc.array_status_ptr = Ptr(n as usize),
        BIND_OFFSET_PTR => desc.bind_offset_ptr = Ptr(n as usize),
        BIND_TYPE => desc.bind_type = n.max(0) as usize,
        ROWS_PROCESSED_PTR => desc.rows_processed_ptr = Ptr(n as usize),
        COUNT => desc.set_count(usize::try_from(n).map_err(|_| bad_record(n as i16))?),
        _ => {
            if rec <= 0 {
                return Err(bad_record(rec));
            }
            let app = matches!(desc.kind, DescKind::Ard | DescKind::Apd);
            let r = desc.record_mut(rec as usize);
            let deferred = matches!(f, DATA_PTR | INDICATOR_PTR | OCTET_LENGTH_PTR);
            match f {
                CONCISE_TYPE => r.set_concise_type(n as i16),
                TYPE => r.set_verbose_type(n as i16),
                DATETIME_INTERVAL_CODE => {
                    r.datetime_interval_code = n as i16;
                    if r.data_type == 9 || r.data_type == 10 {
                        r.set_verbose_type(r.data_type);
                    }
                }
                DATETIME_INTERVAL_PRECISION => r.datetime_interval_precision = n as i32,
                DATA_PTR => r.data_ptr = Ptr(n as usize),
                INDICATOR_PTR => r.indicator_ptr = Ptr(n as usize),
                OCTET_LENGTH_PTR => r.octet_length_ptr = Ptr(n as usize),
                LENGTH => r.length = n.max(0) as usize,
                OCTET_LENGTH => r.octet_length = n,
                PRECISION => r.precision = n as i16,
                SCALE => r.scale = n as i16,
                NULLABLE => r.nullable = n as i16,
                PARAMETER_TYPE => r.parameter_type = n as i16,
                NUM_PREC_RADIX => r.meta.num_prec_radix = n as i32,
                UNNAMED => r.unnamed = n as i16,
                NAME => {
                    if let Input::Text(s) = value {
                        r.unnamed = i16::from(s.is_empty());
                        r.name = s;
                    }
                }
                AUTO_UNIQUE_VALUE | CASE_SENSITIVE | DISPLAY_SIZE | FIXED_PREC_SCALE | ROWVER
                | SEARCHABLE | UNSIGNED | UPDATABLE => {
                    return Err(Error::invalid_descriptor_field(format!(
                        "descriptor field {f} is read-only"
                    )));
                }
                f if is_text(f) => {
                    return Err(Error::invalid_descriptor_field(format!(
                        "descriptor field {f} is read-only"
                    )));
                }
                other => return Err(unknown_field(other)),
            }
            // Setting anything but a deferred field unbinds an application record.
            if app && !deferred {
                desc.records[rec as usize].data_ptr = Ptr::default();
            }
        }
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

/// Writes a field value into the client's buffer.
///
/// # Safety
/// `out` must be null or valid for the field's type (`buffer_len` bytes for strings).
unsafe fn put<E: Encoding>(
    v: &Value,
    out: Pointer,
    buffer_len: Integer,
    string_len: *mut Integer,
    warnings: &mut Warnings,
) -> Result<()> {
    if let Value::Text(s) = v {
        // SAFETY: the caller guarantees `buffer_len` bytes at `out` (or null).
        let w = unsafe { text::write::<E>(s, out.cast(), buffer_len as isize, Measure::Bytes) }?;
        // SAFETY: optional SQLINTEGER output.
        unsafe { text::store(string_len, w.len) };
        if w.truncated {
            warnings.push(Error::truncated());
        }
        return Ok(());
    }
    let out = required(out, "ValuePtr")?;
    // SAFETY: non-null, and sized for the field's type by the caller.
    unsafe {
        match v {
            Value::SmallInt(x) => out.cast::<i16>().write_unaligned(*x),
            Value::Integer(x) => out.cast::<i32>().write_unaligned(*x),
            Value::Len(x) => out.cast::<isize>().write_unaligned(*x),
            Value::ULen(x) => out.cast::<usize>().write_unaligned(*x),
            Value::Ptr(p) => out.cast::<usize>().write_unaligned(p.0),
            Value::Text(_) => {}
        }
    }
    Ok(())
}

fn get_desc_field<E: Encoding>(
    desc: Pointer,
    rec: SmallInt,
    f: SmallInt,
    value: Pointer,
    buffer_len: Integer,
    string_len: *mut Integer,
) -> SqlReturn {
    call_locked::<Desc>(desc, |d, warnings| {
        let Some(v) = get_field(d, rec, f)? else {
            return Ok(Status::NoData);
        };
        // SAFETY: the client's buffer, sized for this field.
        unsafe { put::<E>(&v, value, buffer_len, string_len, warnings) }?;
        Ok(Status::Success)
    })
}

#[unsafe(no_mangle)]
pub extern "system" fn SQLGetDescField(
    desc: Pointer,
    rec: SmallInt,
    f: SmallInt,
    value: Pointer,
    buffer_len: Integer,
    string_len: *mut Integer,
) -> SqlReturn {
    get_desc_field::<Narrow>(desc, rec, f, value, buffer_len, string_len)
}

#[unsafe(no_mangle)]
pub extern "system" fn SQLGetDescFieldW(
    desc: Pointer,
    rec: SmallInt,
    f: SmallInt,
    value: Pointer,
    buffer_len: Integer,
    string_len: *mut Integer,
) -> SqlReturn {
    get_desc_field::<Wide>(desc, rec, f, value, buffer_len, string_len)
}

/// Reads a string attribute whose length is given in bytes (or `SQL_NTS`).
///
/// # Safety
/// `value` must be null or hold `len` bytes (or a NUL-terminated string).
pub unsafe fn read_bytes_len<E: Encoding>(value: Pointer, len: Integer) -> Result<String> {
    let units = if len >= 0 {
        len as isize / E::unit_bytes() as isize
    } else {
        len as isize
    };
    // SAFETY: guaranteed by the caller.
    Ok(unsafe { text::read::<E>(value.cast(), units) }?.unwrap_or_default())
}

fn set_desc_field<E: Encoding>(
    desc: Pointer,
    rec: SmallInt,
    f: SmallInt,
    value: Pointer,
    buffer_len: Integer,
) -> SqlReturn {
    call_locked::<Desc>(desc, |d, _| {
        let input = if is_text(f) {
            // SAFETY: string fields pass a string of `buffer_len` bytes.
            Input::Text(unsafe { read_bytes_len::<E>(value, buffer_len) }?)
        } else {
            Input::Number(value as isize)
        };
        set_field(d, rec, f, input)?;
        Ok(Status::Success)
    })
}

#[unsafe(no_mangle)]
pub extern "system" fn SQLSetDescField(
    desc: Pointer,
    rec: SmallInt,
    f: SmallInt,
    value: Pointer,
    buffer_len: Integer,
) -> SqlReturn {
    set_desc_field::<Narrow>(desc, rec, f, value, buffer_len)
}

#[unsafe(no_mangle)]
pub extern "system" fn SQLSetDescFieldW(
    desc: Pointer,
    rec: SmallInt,
    f: SmallInt,
    value: Pointer,
    buffer_len: Integer,
) -> SqlReturn {
    set_desc_field::<Wide>(desc, rec, f, value, buffer_len)
}

#[allow(clippy::too_many_arguments)]
fn get_desc_rec<E: Encoding>(
    desc: Pointer,
    rec: SmallInt,
    name: *mut E::Unit,
    buffer_len: SmallInt,
    string_len: *mut SmallInt,
    data_type: *mut SmallInt,
    subtype: *mut SmallInt,
    length: *mut isize,
    precision: *mut SmallInt,
    scale: *mut SmallInt,
    nullable: *mut SmallInt,
) -> SqlReturn {
    call_locked::<Desc>(desc, |d, warnings| {
        if rec <= 0 {
            return Err(bad_record(rec));
        }
        let Some(r): Option<&DescRecord> = d.records.get(rec as usize) else {
            return Ok(Status::NoData);
        };
        // SAFETY: every output is optional; non-null ones are the client's, sized as ODBC declares.
        unsafe {
            let w = text::write::<E>(&r.name, name, buffer_len.into(), Measure::Chars)?;
            text::store(string_len, w.len);
            if w.truncated {
                warnings.push(Error::truncated());
            }
            for (p, v) in [
                (data_type, r.data_type),
                (subtype, r.datetime_interval_code),
                (precision, r.precision),
                (scale, r.scale),
                (nullable, r.nullable),
            ] {
                if !p.is_null() {
                    p.write_unaligned(v);
                }
            }
            if !length.is_null() {
                length.write_unaligned(r.octet_length);
            }
        }
        Ok(Status::Success)
    })
}

#[unsafe(no_mangle)]
pub extern "system" fn SQLGetDescRec(
    desc: Pointer,
    rec: SmallInt,
    name: *mut u8,
    buffer_len: SmallInt,
    string_len: *mut SmallInt,
    data_type: *mut SmallInt,
    subtype: *mut SmallInt,
    length: *mut isize,
    precision: *mut SmallInt,
    scale: *mut SmallInt,
    nullable: *mut SmallInt,
) -> SqlReturn {
    get_desc_rec::<Narrow>(
        desc, rec, name, buffer_len, string_len, data_type, subtype, length, precision, scale,
        nullable,
    )
}

#[unsafe(no_mangle)]
pub extern "system" fn SQLGetDescRecW(
    desc: Pointer,
    rec: SmallInt,
    name: *mut WChar,
    buffer_len: SmallInt,
    string_len: *mut SmallInt,
    data_type: *mut SmallInt,
    subtype: *mut SmallInt,
    length: *mut isize,
    precision: *mut SmallInt,
    scale: *mut SmallInt,
    nullable: *mut SmallInt,
) -> SqlReturn {
    get_desc_rec::<Wide>(
        desc, rec, name, buffer_len, string_len, data_type, subtype, length, precision, scale,
        nullable,
    )
}

#[unsafe(no_mangle)]
pub extern "system" fn SQLSetDescRec(
    desc: Pointer,
    rec: SmallInt,
    data_type: SmallInt,
    subtype: SmallInt,
    length: isize,
    precision: SmallInt,
    scale: SmallInt,
    data: Pointer,
    string_len: *mut isize,
    indicator: *mut isize,
) -> SqlReturn {
    call_locked::<Desc>(desc, |d, _| {
        set_rec(
            d,
            rec,
            data_type,
            subtype,
            length,
            precision,
            scale,
            Ptr::of(data),
            Ptr::of(string_len),
            Ptr::of(indicator),
        )?;
        Ok(Status::Success)
    })
}

/// Copies every field but the descriptor's kind and allocation.
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

#[unsafe(no_mangle)]
pub extern "system" fn SQLCopyDesc(source: Pointer, target: Pointer) -> SqlReturn {
    guard(|| {
        let Some(src) = handles::get::<Desc>(source) else {
            return SqlReturn::INVALID_HANDLE;
        };
        call::<Desc>(target, |dst, _| {
            // Cloned first, so copying a descriptor onto itself cannot deadlock.
            let snapshot = src.state.lock().clone();
            copy(&snapshot, &mut dst.state.lock())?;
            Ok(Status::Success)
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_round_trip_and_records_grow() {
        let mut ard = Desc::new(DescKind::Ard, None);
        set_field(&mut ard, 2, field::CONCISE_TYPE, Input::Number(93)).unwrap();
        assert_eq!(ard.count(), 2);
        assert_eq!(
            get_field(&ard, 2, field::TYPE).unwrap(),
            Some(Value::SmallInt(9))
        );
        assert_eq!(
            get_field(&ard, 2, field::DATETIME_INTERVAL_CODE).unwrap(),
            Some(Value::SmallInt(3))
        );
        set_field(&mut ard, 2, field::DATA_PTR, Input::Number(0x1000)).unwrap();
        set_field(&mut ard, 0, field::ARRAY_SIZE, Input::Number(10)).unwrap();
        assert_eq!(
            get_field(&ard, 0, field::ARRAY_SIZE).unwrap(),
            Some(Value::ULen(10))
        );
        assert_eq!(
            get_field(&ard, 3, field::NAME).unwrap(),
            None,
            "no such record"
        );
        assert_eq!(get_field(&ard, 0, field::NAME).unwrap_err().state, "07009");
        assert_eq!(get_field(&ard, 1, 4321).unwrap_err().state, "HY091");
        // Setting a non-deferred field unbinds the record.
        set_field(&mut ard, 2, field::PRECISION, Input::Number(5)).unwrap();
        assert!(ard.records[2].data_ptr.is_null());
        assert_eq!(
            set_field(&mut ard, 1, field::TYPE_NAME, Input::Text("x".into()))
                .unwrap_err()
                .state,
            "HY091"
        );
        assert_eq!(
            set_field(&mut ard, 0, field::ARRAY_SIZE, Input::Number(0))
                .unwrap_err()
                .state,
            "HY024"
        );
    }

    #[test]
    fn the_ird_is_read_only_but_its_pointers() {
        let mut ird = Desc::new(DescKind::Ird, None);
        assert_eq!(
            set_field(&mut ird, 1, field::CONCISE_TYPE, Input::Number(4))
                .unwrap_err()
                .state,
            "HY016"
        );
        set_field(
            &mut ird,
            0,
            field::ROWS_PROCESSED_PTR,
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

    #[test]
    fn exports_write_typed_values_and_strings_in_bytes() {
        let h = super::super::execute::tests::stmt();
        let ird = h.state.lock().ird.clone();
        {
            let mut d = ird.state.lock();
            d.record_mut(1).name = "amount".into();
        }
        let mut count = 0i16;
        let rc = SQLGetDescField(
            ird.as_ptr(),
            0,
            field::COUNT,
            (&mut count as *mut i16).cast(),
            0,
            std::ptr::null_mut(),
        );
        assert_eq!((rc, count), (SqlReturn::SUCCESS, 1));
        let mut buf = [0u16; 4];
        let mut len = 0i32;
        let rc = SQLGetDescFieldW(
            ird.as_ptr(),
            1,
            field::NAME,
            buf.as_mut_ptr().cast(),
            8,
            &mut len,
        );
        assert_eq!((rc, len), (SqlReturn::SUCCESS_WITH_INFO, 12));
        assert_eq!(String::from_utf16_lossy(&buf[..3]), "amo");
        let rc = SQLGetDescField(
            ird.as_ptr(),
            1,
            field::CONCISE_TYPE,
            std::ptr::null_mut(),
            0,
            &mut len,
        );
        assert_eq!(rc, SqlReturn::ERROR);
        assert_eq!(ird.diag.lock().records[0].state, "HY009");
        let rc = SQLSetDescField(ird.as_ptr(), 1, field::CONCISE_TYPE, 4 as Pointer, 0);
        assert_eq!(rc, SqlReturn::ERROR);
        let mut name = [0u8; 16];
        let (mut ty, mut sub, mut l, mut p, mut s, mut nl) = (0i16, 0i16, 0isize, 0i16, 0i16, 0i16);
        let rc = SQLGetDescRec(
            ird.as_ptr(),
            1,
            name.as_mut_ptr(),
            16,
            &mut count,
            &mut ty,
            &mut sub,
            &mut l,
            &mut p,
            &mut s,
            &mut nl,
        );
        assert_eq!((rc, count), (SqlReturn::SUCCESS, 6));
        let rc = SQLGetDescRec(
            ird.as_ptr(),
            2,
            name.as_mut_ptr(),
            16,
            &mut count,
            &mut ty,
            &mut sub,
            &mut l,
            &mut p,
            &mut s,
            &mut nl,
        );
        assert_eq!(rc, SqlReturn::NO_DATA);
        assert_eq!(SQLCopyDesc(ird.as_ptr(), ird.as_ptr()), SqlReturn::ERROR);
        assert_eq!(
            SQLCopyDesc(std::ptr::null_mut(), ird.as_ptr()),
            SqlReturn::INVALID_HANDLE
        );
    }
}
