//! Parameters: `SQLBindParameter` (APD + IPD records), `SQLNumParams`,
//! `SQLDescribeParam`, and reading bound values at execute time.
//! Data-at-execution is not supported: a `SQL_DATA_AT_EXEC` length is HYC00
//! at execute, so `SQL_NEED_DATA` is never returned and `SQLParamData`/
//! `SQLPutData` are not exported (the driver manager answers them).

use odbc_sys::{Pointer, SqlReturn};

use super::{SmallInt, Status, call_locked, required};
use crate::convert::ctype::CType;
use crate::convert::from_c::{self, Length, Raw};
use crate::convert::types::{MAX_VARCHAR_SIZE, SqlType, code};
use crate::diag::{Error, Result};
use crate::handles::{Desc, DescRecord, ParamSets, Ptr, Stmt};
use crate::query::Prepared;

/// `SQL_PARAM_INPUT`.
const PARAM_INPUT: i16 = 1;
/// `SQL_PARAM_IGNORE` in the parameter operation array.
const PARAM_IGNORE: u16 = 1;
/// `SQL_PARAM_*` values of the parameter status array.
const PARAM_SUCCESS: u16 = 0;
const PARAM_ERROR: u16 = 5;
const PARAM_UNUSED: u16 = 7;
/// `SQL_NULLABLE`.
const NULLABLE: i16 = 1;

/// Records one parameter binding in the APD and IPD.
#[allow(clippy::too_many_arguments)]
pub fn bind_parameter(
    apd: &mut Desc,
    ipd: &mut Desc,
    number: u16,
    io_type: i16,
    value_type: i16,
    parameter_type: i16,
    column_size: usize,
    decimal_digits: i16,
    value: Ptr,
    buffer_len: isize,
    indicator: Ptr,
) -> Result<()> {
    if number == 0 {
        return Err(Error::invalid_descriptor_index(
            "invalid descriptor index 0",
        ));
    }
    if ![1, 2, 4, 8, 16].contains(&io_type) {
        return Err(Error::invalid_parameter_type(format!(
            "invalid parameter type {io_type}"
        )));
    }
    if io_type != PARAM_INPUT {
        return Err(Error::not_implemented(
            "output parameters (only SQL_PARAM_INPUT)",
        ));
    }
    if !CType::is_valid_code(value_type) {
        return Err(Error::invalid_buffer_type(format!(
            "invalid application buffer type {value_type}"
        )));
    }
    if !is_sql_type(parameter_type) {
        return Err(Error::invalid_sql_type(format!(
            "invalid SQL data type {parameter_type}"
        )));
    }
    if buffer_len < 0 {
        return Err(Error::invalid_length(format!(
            "invalid string or buffer length {buffer_len}"
        )));
    }
    let n = usize::from(number);
    let a = apd.record_mut(n);
    a.set_concise_type(value_type);
    a.octet_length = buffer_len;
    a.data_ptr = value;
    a.indicator_ptr = indicator;
    a.octet_length_ptr = indicator;
    let i = ipd.record_mut(n);
    i.set_concise_type(parameter_type);
    i.parameter_type = io_type;
    i.length = column_size;
    i.precision = i16::try_from(column_size).unwrap_or(i16::MAX);
    i.scale = decimal_digits;
    i.nullable = NULLABLE;
    Ok(())
}

/// Whether `t` is an SQL type code ODBC defines.
fn is_sql_type(t: i16) -> bool {
    matches!(t, -11..=-1 | 1..=12 | 91..=93 | 101..=113)
}

/// Updates `SQL_ATTR_PARAMS_PROCESSED_PTR` and `SQL_ATTR_PARAM_STATUS_PTR`
/// after parameter set `index` ran.
///
/// # Safety
/// The IPD's pointers must be the client's valid buffers (one SQLULEN, and a
/// SQLUSMALLINT per parameter set), as ODBC requires while executing.
pub unsafe fn report_set(stmt: &Stmt, index: usize, ok: bool) {
    let sets = stmt.apd.state.lock().array_size.max(1);
    let ipd = stmt.ipd.state.lock();
    let status = ipd.array_status_ptr.cast::<u16>();
    // SAFETY: guaranteed by the caller.
    unsafe {
        super::fetch::store_ulen(ipd.rows_processed_ptr.cast::<usize>(), index + 1);
        if !status.is_null() {
            if index == 0 {
                for i in 0..sets {
                    status.add(i).write_unaligned(PARAM_UNUSED);
                }
            }
            let value = if ok { PARAM_SUCCESS } else { PARAM_ERROR };
            status.add(index).write_unaligned(value);
        }
    }
}

/// Reads every parameter set bound for `prepared` from the application's
/// buffers. Sets the parameter operation array marks `SQL_PARAM_IGNORE` are skipped.
pub fn collect(stmt: &Stmt, prepared: &Prepared) -> Result<ParamSets> {
    let wanted = prepared.params.len();
    if wanted == 0 {
        return Ok(vec![Vec::new()]);
    }
    let apd = stmt.apd.state.lock().clone();
    let ipd = stmt.ipd.state.lock().clone();
    if apd.count() < wanted {
        return Err(Error::count_field_incorrect(format!(
            "COUNT field incorrect: the statement has {wanted} parameters, {} are bound",
            apd.count()
        )));
    }
    // SAFETY: the offset pointer is the client's SQLLEN, valid while executing.
    let offset = unsafe { read_len(apd.bind_offset_ptr) }.unwrap_or(0);
    let operations = apd.array_status_ptr.cast::<u16>();
    let mut sets = Vec::new();
    for set in 0..apd.array_size.max(1) {
        // SAFETY: the operation array holds one SQLUSMALLINT per parameter set.
        if !operations.is_null() && unsafe { operations.add(set).read_unaligned() } == PARAM_IGNORE
        {
            continue;
        }
        let mut values = Vec::with_capacity(wanted);
        for n in 1..=wanted {
            let (sql_type, precision, scale) =
                ipd.records.get(n).map_or((code::WVARCHAR, 0, 0), |r| {
                    (r.concise_type, r.precision, r.scale)
                });
            // The value is read as the type the application declared, then
            // fitted to the one the planner inferred.
            let declared = from_c::data_type_of_sql(sql_type, precision, scale);
            let location = Location {
                set,
                bind_type: apd.bind_type,
                offset,
            };
            // SAFETY: the application bound these buffers for every parameter set.
            let value = unsafe { read_value(&apd.records[n], sql_type, location) }
                .and_then(|(ctype, raw)| from_c::to_scalar(ctype, raw, declared.as_ref()))
                .and_then(|value| from_c::fit(value, prepared.params[n - 1].as_ref()))
                .map_err(|e| Error {
                    message: format!("parameter {n}: {}", e.message),
                    ..e
                })?;
            values.push(value);
        }
        sets.push(values);
    }
    if sets.is_empty() {
        sets.push(Vec::new());
    }
    Ok(sets)
}

#[derive(Debug, Clone, Copy)]
struct Location {
    set: usize,
    bind_type: usize,
    offset: isize,
}

impl Location {
    fn at(&self, base: Ptr, element: usize) -> Ptr {
        if base.is_null() {
            return base;
        }
        let stride = if self.bind_type > 0 {
            self.bind_type
        } else {
            element
        };
        Ptr((base.0 as isize + self.offset + (self.set * stride) as isize) as usize)
    }
}

/// Reads an optional SQLLEN.
///
/// # Safety
/// A non-null pointer must be valid for reading a SQLLEN.
unsafe fn read_len(p: Ptr) -> Option<isize> {
    // SAFETY: guaranteed by the caller.
    (!p.is_null()).then(|| unsafe { p.cast::<isize>().read_unaligned() })
}

/// The C type and bytes of one bound parameter value.
///
/// # Safety
/// The record's buffers must be valid for the parameter set `at` names.
unsafe fn read_value(r: &DescRecord, sql_type: i16, at: Location) -> Result<(CType, Raw<'static>)> {
    let ctype = CType::resolve(r.concise_type, sql_type)?;
    let len_size = std::mem::size_of::<isize>();
    // SAFETY: guaranteed by the caller.
    let indicator = unsafe { read_len(at.at(r.indicator_ptr, len_size)) };
    if indicator == Some(from_c::NULL_DATA) {
        return Ok((ctype, Raw::Null));
    }
    // SAFETY: guaranteed by the caller.
    let octets = unsafe { read_len(at.at(r.octet_length_ptr, len_size)) };
    let length = Length::from_indicator(octets)?;
    let buffer_len = usize::try_from(r.octet_length).unwrap_or(0);
    let element = ctype.fixed_size().unwrap_or(buffer_len);
    let data = at.at(r.data_ptr, element).cast::<u8>();
    if data.is_null() {
        return Err(Error::null_pointer("ParameterValuePtr"));
    }
    let len = match (ctype.fixed_size(), length) {
        (_, Length::Null) => return Ok((ctype, Raw::Null)),
        (Some(n), _) => n,
        // A length past the buffer it describes would read foreign memory.
        (None, Length::Bytes(n)) if buffer_len > 0 && n > buffer_len => {
            return Err(Error::invalid_length(format!(
                "invalid string or buffer length: the length indicator ({n}) exceeds the parameter's buffer ({buffer_len} bytes)"
            )));
        }
        (None, Length::Bytes(n)) => n,
        (None, Length::Terminated) => {
            // SAFETY: terminated character data lies within the client's buffer.
            unsafe { terminated_len(data, ctype, buffer_len) }
        }
    };
    // SAFETY: the client's buffer holds `len` bytes of this parameter.
    let bytes = unsafe { std::slice::from_raw_parts(data, len) };
    Ok((ctype, Raw::Bytes(bytes)))
}

/// Bytes before the NUL of character data, scanning at most `limit` bytes when
/// the buffer length is known.
///
/// # Safety
/// `data` must be NUL-terminated within the buffer (or within `limit`).
unsafe fn terminated_len(data: *const u8, ctype: CType, limit: usize) -> usize {
    let unit = ctype.char_unit();
    let limit = if limit == 0 { usize::MAX } else { limit };
    let mut n = 0;
    while n + unit <= limit {
        // SAFETY: within the terminated string, per the caller.
        let zero = unsafe { (0..unit).all(|i| *data.add(n + i) == 0) };
        if zero {
            break;
        }
        n += unit;
    }
    n
}

#[unsafe(no_mangle)]
pub extern "system" fn SQLBindParameter(
    statement: Pointer,
    number: u16,
    io_type: i16,
    value_type: i16,
    parameter_type: i16,
    column_size: usize,
    decimal_digits: i16,
    value: Pointer,
    buffer_len: isize,
    indicator: *mut isize,
) -> SqlReturn {
    call_locked::<Stmt>(statement, |stmt, _| {
        let (apd, ipd) = (stmt.apd.clone(), stmt.ipd.clone());
        bind_parameter(
            &mut apd.state.lock(),
            &mut ipd.state.lock(),
            number,
            io_type,
            value_type,
            parameter_type,
            column_size,
            decimal_digits,
            Ptr::of(value),
            buffer_len,
            Ptr::of(indicator),
        )?;
        Ok(Status::Success)
    })
}

fn prepared(stmt: &Stmt) -> Result<&Prepared> {
    stmt.prepared
        .as_ref()
        .ok_or_else(|| Error::sequence("function sequence error: the statement is not prepared"))
}

#[unsafe(no_mangle)]
pub extern "system" fn SQLNumParams(statement: Pointer, count: *mut SmallInt) -> SqlReturn {
    call_locked::<Stmt>(statement, |stmt, _| {
        let out = required(count, "ParameterCountPtr")?;
        let n = prepared(stmt)?.params.len();
        // SAFETY: non-null; the client's SQLSMALLINT.
        unsafe { super::text::store(out, n) };
        Ok(Status::Success)
    })
}

/// What `SQLDescribeParam` reports: the planner's type, or `SQL_WVARCHAR`
/// when it could not infer one.
pub fn describe_param(prepared: &Prepared, number: u16) -> Result<SqlType> {
    let n = usize::from(number);
    if n == 0 || n > prepared.params.len() {
        return Err(Error::invalid_descriptor_index(format!(
            "invalid descriptor index {number}"
        )));
    }
    // A text parameter is described as bounded text: clients bind a longer
    // value as long text, which the engine takes as the same.
    let text = arrow::datatypes::DataType::Utf8;
    Ok(match &prepared.params[n - 1] {
        Some(t) if *t != text => SqlType::of_data_type(t, None),
        _ => SqlType::of_data_type(&text, Some(MAX_VARCHAR_SIZE)),
    })
}

#[unsafe(no_mangle)]
pub extern "system" fn SQLDescribeParam(
    statement: Pointer,
    number: u16,
    data_type: *mut SmallInt,
    size: *mut usize,
    digits: *mut SmallInt,
    nullable: *mut SmallInt,
) -> SqlReturn {
    call_locked::<Stmt>(statement, |stmt, _| {
        let t = describe_param(prepared(stmt)?, number)?;
        let version = stmt.odbc_version();
        // SAFETY: every output is optional; non-null ones are the client's.
        unsafe {
            if !data_type.is_null() {
                data_type.write_unaligned(t.concise_for(version));
            }
            if !size.is_null() {
                size.write_unaligned(t.column_size);
            }
            if !digits.is_null() {
                digits.write_unaligned(t.decimal_digits);
            }
            if !nullable.is_null() {
                nullable.write_unaligned(NULLABLE);
            }
        }
        Ok(Status::Success)
    })
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use datafusion::scalar::ScalarValue;

    use super::*;
    use crate::handles::{DescKind, Handle};

    fn prepared(h: &Arc<Handle<Stmt>>, sql: &str) -> Prepared {
        let session = h.state.lock().session().unwrap();
        let control = h.state.lock().control(Default::default());
        session.prepare(sql, &control).unwrap()
    }

    #[test]
    fn bound_values_are_read_at_execute() {
        let h = super::super::execute::tests::stmt();
        let mut id = 42i32;
        let mut name = *b"ann\0";
        let mut nts = from_c::NTS;
        let mut null = from_c::NULL_DATA;
        {
            let s = h.state.lock();
            let (mut apd, mut ipd) = (s.apd.state.lock(), s.ipd.state.lock());
            bind_parameter(
                &mut apd,
                &mut ipd,
                1,
                1,
                4,
                4,
                0,
                0,
                Ptr::of(&mut id),
                0,
                Ptr::default(),
            )
            .unwrap();
            bind_parameter(
                &mut apd,
                &mut ipd,
                2,
                1,
                1,
                12,
                10,
                0,
                Ptr::of(name.as_mut_ptr()),
                4,
                Ptr::of(&mut nts),
            )
            .unwrap();
            bind_parameter(
                &mut apd,
                &mut ipd,
                3,
                1,
                99,
                93,
                0,
                0,
                Ptr::of(name.as_mut_ptr()),
                0,
                Ptr::of(&mut null),
            )
            .unwrap();
        }
        let p = prepared(&h, "SELECT ?, ?, ?");
        let sets = collect(&h.state.lock(), &p).unwrap();
        assert_eq!(
            sets,
            vec![vec![
                ScalarValue::Int32(Some(42)),
                ScalarValue::Utf8(Some("ann".into())),
                ScalarValue::TimestampMicrosecond(None, None),
            ]]
        );
        let p = prepared(&h, "SELECT ?, ?, ?, ?");
        assert_eq!(collect(&h.state.lock(), &p).unwrap_err().state, "07002");
        let mut exec = from_c::DATA_AT_EXEC;
        {
            let s = h.state.lock();
            let (mut apd, mut ipd) = (s.apd.state.lock(), s.ipd.state.lock());
            bind_parameter(
                &mut apd,
                &mut ipd,
                1,
                1,
                1,
                12,
                10,
                0,
                Ptr::of(name.as_mut_ptr()),
                4,
                Ptr::of(&mut exec),
            )
            .unwrap();
        }
        let p = prepared(&h, "SELECT ?");
        assert_eq!(collect(&h.state.lock(), &p).unwrap_err().state, "HYC00");
    }

    #[test]
    fn parameter_arrays_column_wise() {
        let h = super::super::execute::tests::stmt();
        let mut ids = [1i64, 2, 3];
        let mut ops = [0u16, PARAM_IGNORE, 0];
        {
            let s = h.state.lock();
            let (mut apd, mut ipd) = (s.apd.state.lock(), s.ipd.state.lock());
            apd.array_size = 3;
            apd.array_status_ptr = Ptr::of(ops.as_mut_ptr());
            bind_parameter(
                &mut apd,
                &mut ipd,
                1,
                1,
                -25,
                -5,
                0,
                0,
                Ptr::of(ids.as_mut_ptr()),
                0,
                Ptr::default(),
            )
            .unwrap();
        }
        let p = prepared(&h, "SELECT ?");
        let sets = collect(&h.state.lock(), &p).unwrap();
        assert_eq!(
            sets,
            vec![
                vec![ScalarValue::Int64(Some(1))],
                vec![ScalarValue::Int64(Some(3))]
            ]
        );
    }

    #[test]
    fn binding_checks_its_arguments() {
        let h = super::super::execute::tests::stmt();
        let (mut apd, mut ipd) = (
            Desc::new(DescKind::Apd, None),
            Desc::new(DescKind::Ipd, None),
        );
        let mut bind = |io, c, s| {
            bind_parameter(
                &mut apd,
                &mut ipd,
                1,
                io,
                c,
                s,
                0,
                0,
                Ptr::default(),
                0,
                Ptr::default(),
            )
            .map_err(|e| e.state)
        };
        assert_eq!(bind(1, 1234, 12), Err("HY003"));
        assert_eq!(bind(1, 1, 1234), Err("HY004"));
        assert_eq!(bind(4, 1, 12), Err("HYC00"));
        assert_eq!(bind(1, 1, 12), Ok(()));
        let p = prepared(&h, "SELECT ?");
        assert_eq!(describe_param(&p, 1).unwrap().concise, code::WVARCHAR);
        assert_eq!(describe_param(&p, 2).unwrap_err().state, "07009");
    }
}
