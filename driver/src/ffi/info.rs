//! `SQLGetInfo` and `SQLGetFunctions`: the answers are data in `crate::info`;
//! these shims write them into the client's buffers.

use std::ffi::c_void;

use odbc_sys::SqlReturn;

use super::text::{self, Encoding, Measure, Narrow, Wide};
use super::{SmallInt, Status, call, required};
use crate::diag::{Error, Result};
use crate::handles::Conn;
use crate::info::{self, Value};

/// Writes one `SQLGetInfo` answer. Strings are measured in bytes in both
/// forms (`SQLGetInfoW` included); numbers are `SQLUSMALLINT` or `SQLUINTEGER`.
///
/// # Safety
/// `value` must be null or writable for `buffer_len` bytes (strings) or for
/// the number's size; `string_len` must be null or writable.
unsafe fn put<E: Encoding>(
    answer: Value,
    value: *mut c_void,
    buffer_len: SmallInt,
    string_len: *mut SmallInt,
    truncated: &mut bool,
) -> Result<()> {
    match answer {
        Value::Text(s) => {
            if !value.is_null() && !(buffer_len as usize).is_multiple_of(E::unit_bytes()) {
                return Err(Error::invalid_length(format!(
                    "invalid string or buffer length {buffer_len}: not a whole number of {}-byte characters",
                    E::unit_bytes()
                )));
            }
            let capacity = if value.is_null() {
                0
            } else {
                isize::from(buffer_len)
            };
            // SAFETY: the caller guarantees `buffer_len` writable bytes.
            let written = unsafe { text::write::<E>(&s, value.cast(), capacity, Measure::Bytes) }?;
            // SAFETY: the caller guarantees `string_len` is null or writable.
            unsafe { text::store(string_len, written.len) };
            *truncated = written.truncated;
        }
        Value::U16(n) => {
            if !value.is_null() {
                // SAFETY: the client passes room for a SQLUSMALLINT.
                unsafe { value.cast::<u16>().write_unaligned(n) };
            }
            // SAFETY: as above.
            unsafe { text::store(string_len, 2) };
        }
        Value::U32(n) => {
            if !value.is_null() {
                // SAFETY: the client passes room for a SQLUINTEGER.
                unsafe { value.cast::<u32>().write_unaligned(n) };
            }
            // SAFETY: as above.
            unsafe { text::store(string_len, 4) };
        }
    }
    Ok(())
}

fn get_info<E: Encoding>(
    conn: *mut c_void,
    info_type: u16,
    value: *mut c_void,
    buffer_len: SmallInt,
    string_len: *mut SmallInt,
) -> SqlReturn {
    call::<Conn>(conn, |handle, warnings| {
        let session = handle.state.lock().session.clone();
        let connection = session
            .as_ref()
            .map(|s| info::Connection::of(s.provider.as_ref(), &s.properties));
        let answer = info::get(info_type, connection.as_ref())?;
        let mut truncated = false;
        // SAFETY: the client's buffers, as SQLGetInfo defines them.
        unsafe { put::<E>(answer, value, buffer_len, string_len, &mut truncated) }?;
        if truncated {
            warnings.push(Error::truncated());
        }
        Ok(Status::Success)
    })
}

#[unsafe(no_mangle)]
pub extern "system" fn SQLGetInfo(
    conn: *mut c_void,
    info_type: u16,
    value: *mut c_void,
    buffer_len: SmallInt,
    string_len: *mut SmallInt,
) -> SqlReturn {
    get_info::<Narrow>(conn, info_type, value, buffer_len, string_len)
}

#[unsafe(no_mangle)]
pub extern "system" fn SQLGetInfoW(
    conn: *mut c_void,
    info_type: u16,
    value: *mut c_void,
    buffer_len: SmallInt,
    string_len: *mut SmallInt,
) -> SqlReturn {
    get_info::<Wide>(conn, info_type, value, buffer_len, string_len)
}

/// Writes the `SQLGetFunctions` answer for `function_id`.
///
/// # Safety
/// `out` must be writable for 100 (`SQL_API_ALL_FUNCTIONS`), 250
/// (`SQL_API_ODBC3_ALL_FUNCTIONS`) or 1 `SQLUSMALLINT`s.
unsafe fn functions(function_id: u16, out: *mut u16) -> Result<()> {
    let write = |words: &[u16]| {
        // SAFETY: the caller guarantees room for `words.len()` values.
        unsafe { std::ptr::copy_nonoverlapping(words.as_ptr(), out, words.len()) }
    };
    match function_id {
        info::ALL_FUNCTIONS => write(&info::all_functions()),
        info::ODBC3_ALL_FUNCTIONS => write(&info::odbc3_bitmap()),
        id => write(&[u16::from(info::supports(id)?)]),
    }
    Ok(())
}

#[unsafe(no_mangle)]
pub extern "system" fn SQLGetFunctions(
    conn: *mut c_void,
    function_id: u16,
    supported: *mut u16,
) -> SqlReturn {
    call::<Conn>(conn, |_, _| {
        let out = required(supported, "SupportedPtr")?;
        // SAFETY: the client passes the array the function id calls for.
        unsafe { functions(function_id, out) }?;
        Ok(Status::Success)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::handles::{self, Env, lifecycle};

    fn text_of<E: Encoding, T>(
        answer: Value,
        buf: &mut [T],
        buffer_len: SmallInt,
    ) -> (SmallInt, bool) {
        let mut len: SmallInt = -1;
        let mut truncated = false;
        unsafe {
            put::<E>(
                answer,
                buf.as_mut_ptr().cast(),
                buffer_len,
                &mut len,
                &mut truncated,
            )
        }
        .unwrap();
        (len, truncated)
    }

    #[test]
    fn wide_strings_are_measured_in_bytes() {
        let mut buf = [0xFFFFu16; 16];
        let (len, truncated) = text_of::<Wide, u16>(Value::Text("03.80".into()), &mut buf, 32);
        assert_eq!((len, truncated), (10, false));
        assert_eq!(String::from_utf16_lossy(&buf[..5]), "03.80");
        assert_eq!(buf[5], 0);

        let mut small = [0xFFFFu16; 3];
        let (len, truncated) = text_of::<Wide, u16>(Value::Text("Stripe".into()), &mut small, 6);
        assert_eq!((len, truncated), (12, true));
        assert_eq!(String::from_utf16_lossy(&small[..2]), "St");
        assert_eq!(small[2], 0);

        let mut odd = [0u16; 4];
        let mut len = 0;
        let mut t = false;
        let err = unsafe {
            put::<Wide>(
                Value::Text("x".into()),
                odd.as_mut_ptr().cast(),
                7,
                &mut len,
                &mut t,
            )
        }
        .unwrap_err();
        assert_eq!(err.state, "HY090");
    }

    #[test]
    fn narrow_strings_and_null_buffers() {
        let mut buf = [0xFFu8; 8];
        let (len, truncated) = text_of::<Narrow, u8>(Value::Text("Y".into()), &mut buf, 8);
        assert_eq!((len, truncated), (1, false));
        assert_eq!(&buf[..2], b"Y\0");
        let mut len: SmallInt = 0;
        let mut t = false;
        unsafe {
            put::<Wide>(
                Value::Text("abc".into()),
                std::ptr::null_mut(),
                0,
                &mut len,
                &mut t,
            )
        }
        .unwrap();
        assert_eq!(
            (len, t),
            (6, false),
            "a null buffer only measures, in bytes"
        );
    }

    #[test]
    fn numbers_have_their_size() {
        let mut n16 = [0u16; 2];
        let mut len: SmallInt = 0;
        let mut t = false;
        unsafe { put::<Narrow>(Value::U16(2), n16.as_mut_ptr().cast(), 0, &mut len, &mut t) }
            .unwrap();
        assert_eq!((n16[0], n16[1], len), (2, 0, 2));
        let mut n32 = [0u32; 1];
        unsafe {
            put::<Wide>(
                Value::U32(0xB),
                n32.as_mut_ptr().cast(),
                0,
                &mut len,
                &mut t,
            )
        }
        .unwrap();
        assert_eq!((n32[0], len), (0xB, 4));
    }

    #[test]
    fn get_functions_fills_the_arrays() {
        let mut all = [7u16; 100];
        unsafe { functions(info::ALL_FUNCTIONS, all.as_mut_ptr()) }.unwrap();
        assert_eq!(all[45], 1, "SQLGetInfo");
        assert_eq!(all[54], 1, "SQLTables");
        assert_eq!(all[68], 0, "SQLSetPos");
        let mut bitmap = [0u16; 250];
        unsafe { functions(info::ODBC3_ALL_FUNCTIONS, bitmap.as_mut_ptr()) }.unwrap();
        let bit = |id: usize| bitmap[id >> 4] & (1 << (id & 0xF)) != 0;
        assert!(bit(1001), "SQLAllocHandle");
        assert!(bit(45) && bit(44) && bit(47));
        assert!(!bit(1022), "SQLCancelHandle");
        let mut one = [9u16];
        unsafe { functions(47, one.as_mut_ptr()) }.unwrap();
        assert_eq!(one, [1]);
        assert_eq!(
            unsafe { functions(3000, one.as_mut_ptr()) }
                .unwrap_err()
                .state,
            "HY095"
        );
    }

    #[test]
    fn get_info_on_a_connection_handle() {
        let env = handles::alloc(Env {
            odbc_version: crate::handles::env::ODBC3,
            ..Env::default()
        });
        let conn = lifecycle::alloc_conn(&env).unwrap();
        let ptr = conn.as_ptr();
        // A static answer needs no session; lengths of SQLGetInfoW are bytes.
        let mut buf = [0u16; 8];
        let mut len: SmallInt = 0;
        let rc = SQLGetInfoW(ptr, 77, buf.as_mut_ptr().cast(), 16, &mut len);
        assert_eq!((rc, len), (SqlReturn::SUCCESS, 10));
        assert_eq!(String::from_utf16_lossy(&buf[..5]), "03.80");
        // Truncation is a warning with the full length.
        let mut small = [0u8; 3];
        let rc = SQLGetInfo(ptr, 77, small.as_mut_ptr().cast(), 3, &mut len);
        assert_eq!((rc, len), (SqlReturn::SUCCESS_WITH_INFO, 5));
        assert_eq!(conn.diag.lock().records[0].state, "01004");
        // The DBMS name needs a connection.
        let rc = SQLGetInfo(ptr, 17, small.as_mut_ptr().cast(), 3, &mut len);
        assert_eq!(rc, SqlReturn::ERROR);
        assert_eq!(conn.diag.lock().records[0].state, "08003");
        let rc = SQLGetInfo(ptr, 4321, small.as_mut_ptr().cast(), 3, &mut len);
        assert_eq!(rc, SqlReturn::ERROR);
        assert_eq!(conn.diag.lock().records[0].state, "HY096");
        let mut flags = [0u16; 100];
        assert_eq!(
            SQLGetFunctions(ptr, info::ALL_FUNCTIONS, flags.as_mut_ptr()),
            SqlReturn::SUCCESS
        );
        assert_eq!(flags[54], 1, "SQLTables");
        assert_eq!(
            SQLGetFunctions(ptr, 47, std::ptr::null_mut()),
            SqlReturn::ERROR
        );
        assert_eq!(
            SQLGetInfo(
                std::ptr::null_mut(),
                77,
                small.as_mut_ptr().cast(),
                3,
                &mut len
            ),
            SqlReturn::INVALID_HANDLE
        );
        assert_eq!(
            super::super::catalog::SQLGetTypeInfo(ptr, 0),
            SqlReturn::INVALID_HANDLE,
            "a connection is no statement"
        );
        handles::lifecycle::free(handles::Object::Conn(conn)).unwrap();
        handles::lifecycle::free(handles::Object::Env(env)).unwrap();
    }
}
