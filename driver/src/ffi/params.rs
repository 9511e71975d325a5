//! Parameters: `SQLBindParameter`, `SQLNumParams`, `SQLDescribeParam`, and
//! reading bound values at execute time. What a binding records and the
//! rules of parameter sets are `handles::params`; the shims read the client's
//! buffers (a bound value, its indicator and length) and write the outputs.
//! Data-at-execution is not supported: a `SQL_DATA_AT_EXEC` length is HYC00
//! at execute, so `SQL_NEED_DATA` is never returned and `SQLParamData`/
//! `SQLPutData` are not exported (the driver manager answers them).

use odbc_sys::{Nullability, Pointer, SqlReturn};

use super::{SmallInt, Status, call_locked, required};
use crate::convert::ctype::CType;
use crate::convert::from_c::{self, Length, Raw};
use crate::diag::{Error, Result};
use crate::handles::params::{self, ParamBuffers};
use crate::handles::{DescRecord, ParamSets, Ptr, Stmt};
use crate::query::Prepared;

/// `SQL_PARAM_*` values of the parameter status array.
const PARAM_SUCCESS: u16 = 0;
const PARAM_ERROR: u16 = 5;
const PARAM_UNUSED: u16 = 7;

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
/// buffers, by the rules of `handles::params::param_sets`.
pub fn collect(stmt: &Stmt, prepared: &Prepared) -> Result<ParamSets> {
    let apd = stmt.apd.state.lock().clone();
    let ipd = stmt.ipd.state.lock().clone();
    let mut buffers = Buffers {
        offset_ptr: apd.bind_offset_ptr,
        offset: None,
        bind_type: apd.bind_type,
        operations: apd.array_status_ptr.cast::<u16>(),
    };
    params::param_sets(&apd, &ipd, prepared, &mut buffers)
}

/// The APD's buffers as the client bound them, valid while it executes.
struct Buffers {
    offset_ptr: Ptr,
    /// `*SQL_DESC_BIND_OFFSET_PTR`, read at the first value.
    offset: Option<isize>,
    bind_type: usize,
    operations: *mut u16,
}

impl ParamBuffers for Buffers {
    fn operation(&mut self, set: usize) -> Option<u16> {
        // SAFETY: the operation array holds one SQLUSMALLINT per parameter set.
        (!self.operations.is_null()).then(|| unsafe { self.operations.add(set).read_unaligned() })
    }

    fn value(
        &mut self,
        record: &DescRecord,
        sql_type: i16,
        set: usize,
    ) -> Result<(CType, Raw<'static>)> {
        let offset_ptr = self.offset_ptr;
        // SAFETY: the offset pointer is the client's SQLLEN, valid while executing.
        let offset = *self
            .offset
            .get_or_insert_with(|| unsafe { read_len(offset_ptr) }.unwrap_or(0));
        let location = Location {
            set,
            bind_type: self.bind_type,
            offset,
        };
        // SAFETY: the application bound these buffers for every parameter set.
        unsafe { read_value(record, sql_type, location) }
    }
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
        params::bind_parameter(
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

#[unsafe(no_mangle)]
pub extern "system" fn SQLNumParams(statement: Pointer, count: *mut SmallInt) -> SqlReturn {
    call_locked::<Stmt>(statement, |stmt, _| {
        let out = required(count, "ParameterCountPtr")?;
        let n = stmt.prepared_statement()?.params.len();
        // SAFETY: non-null; the client's SQLSMALLINT.
        unsafe { super::text::store(out, n) };
        Ok(Status::Success)
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
        let t = params::describe_param(stmt.prepared_statement()?, number)?;
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
                nullable.write_unaligned(Nullability::NULLABLE.0);
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
    use crate::handles::Handle;
    use crate::handles::params::{PARAM_IGNORE, bind_parameter};

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
}
