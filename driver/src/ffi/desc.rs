//! Descriptors: `SQLGetDescField`, `SQLSetDescField`, `SQLGetDescRec`,
//! `SQLSetDescRec`, `SQLCopyDesc`. The shims read and write the client's
//! buffers; what each field means is `handles::desc_fields`.

use odbc_sys::{Pointer, SqlReturn};

use super::text::{self, Encoding, Measure, Narrow, WChar, Wide};
use super::{Integer, SmallInt, Status, Warnings, call, call_locked, guard, required};
use crate::diag::{Error, Result};
use crate::handles::desc_fields::{self, Input, Value};
use crate::handles::{self, Desc, Ptr};

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
        let Some(v) = desc_fields::get_field(d, rec, f)? else {
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
        let input = if desc_fields::takes_text(f) {
            // SAFETY: string fields pass a string of `buffer_len` bytes.
            Input::Text(unsafe { read_bytes_len::<E>(value, buffer_len) }?)
        } else {
            Input::Number(value as isize)
        };
        desc_fields::set_field(d, rec, f, input)?;
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
        let Some(r) = desc_fields::record(d, rec)? else {
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
        desc_fields::set_rec(
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

#[unsafe(no_mangle)]
pub extern "system" fn SQLCopyDesc(source: Pointer, target: Pointer) -> SqlReturn {
    guard(|| {
        let Some(src) = handles::get::<Desc>(source) else {
            return SqlReturn::INVALID_HANDLE;
        };
        call::<Desc>(target, |dst, _| {
            // Cloned first, so copying a descriptor onto itself cannot deadlock.
            let snapshot = src.state.lock().clone();
            desc_fields::copy(&snapshot, &mut dst.state.lock())?;
            Ok(Status::Success)
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

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
            odbc_sys::Desc::Count as i16,
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
            odbc_sys::Desc::Name as i16,
            buf.as_mut_ptr().cast(),
            8,
            &mut len,
        );
        assert_eq!((rc, len), (SqlReturn::SUCCESS_WITH_INFO, 12));
        assert_eq!(String::from_utf16_lossy(&buf[..3]), "amo");
        let rc = SQLGetDescField(
            ird.as_ptr(),
            1,
            odbc_sys::Desc::ConciseType as i16,
            std::ptr::null_mut(),
            0,
            &mut len,
        );
        assert_eq!(rc, SqlReturn::ERROR);
        assert_eq!(ird.diag.lock().records[0].state, "HY009");
        let rc = SQLSetDescField(
            ird.as_ptr(),
            1,
            odbc_sys::Desc::ConciseType as i16,
            4 as Pointer,
            0,
        );
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
