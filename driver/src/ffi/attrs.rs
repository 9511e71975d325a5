//! Statement and connection attributes: `SQLSetStmtAttr`, `SQLGetStmtAttr`,
//! `SQLSetConnectAttr`, `SQLGetConnectAttr` (ANSI and W). The shims read and
//! write the client's values; what each attribute means is `handles::attrs`.

use odbc_sys::{Pointer, SqlReturn};

use super::desc::read_bytes_len;
use super::text::{self, Encoding, Measure, Narrow, Wide};
use super::{Integer, Status, call_locked, required};
use crate::diag::Error;
use crate::handles::attrs::{ConnValue, is_text_attr};
use crate::handles::{Conn, Stmt};

fn set_stmt_attr_ffi(statement: Pointer, attr: Integer, value: Pointer) -> SqlReturn {
    call_locked::<Stmt>(statement, |stmt, warnings| {
        warnings.extend(stmt.set_attr(attr, value as usize)?);
        Ok(Status::Success)
    })
}

fn get_stmt_attr_ffi(
    statement: Pointer,
    attr: Integer,
    value: Pointer,
    string_len: *mut Integer,
) -> SqlReturn {
    call_locked::<Stmt>(statement, |stmt, _| {
        let v = stmt.get_attr(attr)?;
        let out = required(value, "ValuePtr")?;
        // SAFETY: non-null; every statement attribute is a SQLULEN or a pointer.
        unsafe {
            out.cast::<usize>().write_unaligned(v);
            text::store(string_len, std::mem::size_of::<usize>());
        }
        Ok(Status::Success)
    })
}

#[unsafe(no_mangle)]
pub extern "system" fn SQLSetStmtAttr(
    statement: Pointer,
    attr: Integer,
    value: Pointer,
    _len: Integer,
) -> SqlReturn {
    set_stmt_attr_ffi(statement, attr, value)
}

#[unsafe(no_mangle)]
pub extern "system" fn SQLSetStmtAttrW(
    statement: Pointer,
    attr: Integer,
    value: Pointer,
    _len: Integer,
) -> SqlReturn {
    set_stmt_attr_ffi(statement, attr, value)
}

#[unsafe(no_mangle)]
pub extern "system" fn SQLGetStmtAttr(
    statement: Pointer,
    attr: Integer,
    value: Pointer,
    _buffer_len: Integer,
    string_len: *mut Integer,
) -> SqlReturn {
    get_stmt_attr_ffi(statement, attr, value, string_len)
}

#[unsafe(no_mangle)]
pub extern "system" fn SQLGetStmtAttrW(
    statement: Pointer,
    attr: Integer,
    value: Pointer,
    _buffer_len: Integer,
    string_len: *mut Integer,
) -> SqlReturn {
    get_stmt_attr_ffi(statement, attr, value, string_len)
}

fn set_conn_attr_ffi<E: Encoding>(
    connection: Pointer,
    attr: Integer,
    value: Pointer,
    len: Integer,
) -> SqlReturn {
    call_locked::<Conn>(connection, |conn, warnings| {
        let v = if is_text_attr(attr) {
            required(value, "ValuePtr")?;
            // SAFETY: string attributes pass `len` bytes (or NUL-terminated text).
            ConnValue::Text(unsafe { read_bytes_len::<E>(value, len) }?)
        } else {
            ConnValue::ULen(value as usize)
        };
        warnings.extend(conn.set_attr(attr, v)?);
        Ok(Status::Success)
    })
}

fn get_conn_attr_ffi<E: Encoding>(
    connection: Pointer,
    attr: Integer,
    value: Pointer,
    buffer_len: Integer,
    string_len: *mut Integer,
) -> SqlReturn {
    call_locked::<Conn>(connection, |conn, warnings| {
        match conn.get_attr(attr)? {
            ConnValue::Text(s) => {
                // SAFETY: the client's buffer of `buffer_len` bytes (null only measures).
                let w = unsafe {
                    text::write::<E>(&s, value.cast(), buffer_len as isize, Measure::Bytes)
                }?;
                // SAFETY: optional SQLINTEGER output.
                unsafe { text::store(string_len, w.len) };
                if w.truncated {
                    warnings.push(Error::truncated());
                }
            }
            ConnValue::UInt(n) => {
                let out = required(value, "ValuePtr")?;
                // SAFETY: non-null; this attribute is a SQLUINTEGER.
                unsafe { out.cast::<u32>().write_unaligned(n) };
            }
            ConnValue::ULen(n) => {
                let out = required(value, "ValuePtr")?;
                // SAFETY: non-null; this attribute is a SQLULEN (or a handle).
                unsafe { out.cast::<usize>().write_unaligned(n) };
            }
        }
        Ok(Status::Success)
    })
}

#[unsafe(no_mangle)]
pub extern "system" fn SQLSetConnectAttr(
    connection: Pointer,
    attr: Integer,
    value: Pointer,
    len: Integer,
) -> SqlReturn {
    set_conn_attr_ffi::<Narrow>(connection, attr, value, len)
}

#[unsafe(no_mangle)]
pub extern "system" fn SQLSetConnectAttrW(
    connection: Pointer,
    attr: Integer,
    value: Pointer,
    len: Integer,
) -> SqlReturn {
    set_conn_attr_ffi::<Wide>(connection, attr, value, len)
}

#[unsafe(no_mangle)]
pub extern "system" fn SQLGetConnectAttr(
    connection: Pointer,
    attr: Integer,
    value: Pointer,
    buffer_len: Integer,
    string_len: *mut Integer,
) -> SqlReturn {
    get_conn_attr_ffi::<Narrow>(connection, attr, value, buffer_len, string_len)
}

#[unsafe(no_mangle)]
pub extern "system" fn SQLGetConnectAttrW(
    connection: Pointer,
    attr: Integer,
    value: Pointer,
    buffer_len: Integer,
    string_len: *mut Integer,
) -> SqlReturn {
    get_conn_attr_ffi::<Wide>(connection, attr, value, buffer_len, string_len)
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use odbc_sys::{ConnectionAttribute as C, StatementAttribute as S};

    use super::super::execute::tests::{conn_of, ptr, stmt};
    use super::*;
    use crate::handles::{self, Desc, Ptr, lifecycle};

    #[test]
    fn row_array_attributes_are_descriptor_fields_and_survive_prepare() {
        let h = stmt();
        let mut fetched = 0usize;
        let mut status = [0u16; 4];
        for (attr, v) in [
            (S::RowArraySize as i32, 4usize),
            (
                S::RowsFetchedPtr as i32,
                &mut fetched as *mut usize as usize,
            ),
            (S::RowStatusPtr as i32, status.as_mut_ptr() as usize),
            (S::RowBindType as i32, 24),
            (S::ParamsetSize as i32, 2),
            (S::QueryTimeout as i32, 30),
        ] {
            assert_eq!(
                SQLSetStmtAttr(ptr(&h), attr, v as Pointer, 0),
                SqlReturn::SUCCESS
            );
        }
        h.state.lock().unprepare();
        let s = h.state.lock();
        assert_eq!(s.ard.state.lock().array_size, 4);
        assert_eq!(s.ird.state.lock().rows_processed_ptr, Ptr::of(&mut fetched));
        assert_eq!(
            s.get_attr(S::RowStatusPtr as i32),
            Ok(status.as_mut_ptr() as usize)
        );
        assert_eq!(s.get_attr(S::RowBindType as i32), Ok(24));
        assert_eq!(s.get_attr(S::ParamsetSize as i32), Ok(2));
        assert_eq!(s.get_attr(S::QueryTimeout as i32), Ok(30));
    }

    #[test]
    fn unsupported_values_warn_or_fail() {
        let h = stmt();
        assert_eq!(
            SQLSetStmtAttr(ptr(&h), S::CursorType as i32, 3 as Pointer, 0),
            SqlReturn::SUCCESS_WITH_INFO
        );
        assert_eq!(h.diag.lock().records[0].state, "01S02");
        let mut v = 99usize;
        assert_eq!(
            SQLGetStmtAttr(
                ptr(&h),
                S::CursorType as i32,
                (&mut v as *mut usize).cast(),
                0,
                std::ptr::null_mut()
            ),
            SqlReturn::SUCCESS
        );
        assert_eq!(v, 0);
        assert_eq!(
            SQLSetStmtAttr(ptr(&h), 4242, std::ptr::null_mut(), 0),
            SqlReturn::ERROR
        );
        assert_eq!(h.diag.lock().records[0].state, "HY092");
        assert_eq!(
            SQLSetStmtAttr(ptr(&h), S::RowArraySize as i32, std::ptr::null_mut(), 0),
            SqlReturn::ERROR
        );
        assert_eq!(h.diag.lock().records[0].state, "HY024");
        assert_eq!(
            SQLSetStmtAttr(ptr(&h), S::ImpRowDesc as i32, std::ptr::null_mut(), 0),
            SqlReturn::ERROR
        );
        assert_eq!(
            SQLGetStmtAttr(
                ptr(&h),
                S::QueryTimeout as i32,
                std::ptr::null_mut(),
                0,
                std::ptr::null_mut()
            ),
            SqlReturn::ERROR
        );
        assert_eq!(h.diag.lock().records[0].state, "HY009");
    }

    #[test]
    fn descriptor_handles_can_be_swapped() {
        let h = stmt();
        let conn = conn_of(&h);
        let mut v = 0usize;
        let _ = SQLGetStmtAttr(
            ptr(&h),
            S::AppRowDesc as i32,
            (&mut v as *mut usize).cast(),
            0,
            std::ptr::null_mut(),
        );
        let implicit = h.state.lock().implicit_ard.as_ptr() as usize;
        assert_eq!(v, implicit);
        assert!(handles::get::<Desc>(v as Pointer).is_some());
        let explicit = lifecycle::alloc_desc(&conn).unwrap();
        assert_eq!(
            SQLSetStmtAttr(ptr(&h), S::AppRowDesc as i32, explicit.as_ptr(), 0),
            SqlReturn::SUCCESS
        );
        assert!(Arc::ptr_eq(&h.state.lock().ard, &explicit));
        let ird = h.state.lock().ird.as_ptr();
        assert_eq!(
            SQLSetStmtAttr(ptr(&h), S::AppRowDesc as i32, ird, 0),
            SqlReturn::ERROR
        );
        assert_eq!(h.diag.lock().records[0].state, "HY017");
        lifecycle::free(handles::Object::Desc(explicit)).unwrap();
        let s = h.state.lock();
        assert!(Arc::ptr_eq(&s.ard, &s.implicit_ard));
    }

    #[test]
    fn connection_attributes_round_trip() {
        let h = stmt();
        let conn = conn_of(&h);
        let c = conn.as_ptr();
        assert_eq!(
            SQLSetConnectAttr(c, C::AUTOCOMMIT.0, std::ptr::null_mut(), 0),
            SqlReturn::SUCCESS
        );
        assert_eq!(
            SQLSetConnectAttr(c, C::LOGIN_TIMEOUT.0, 17 as Pointer, 0),
            SqlReturn::SUCCESS
        );
        let mut n = 9u32;
        let _ = SQLGetConnectAttr(
            c,
            C::AUTOCOMMIT.0,
            (&mut n as *mut u32).cast(),
            0,
            std::ptr::null_mut(),
        );
        assert_eq!(n, 0);
        let _ = SQLGetConnectAttr(
            c,
            C::LOGIN_TIMEOUT.0,
            (&mut n as *mut u32).cast(),
            0,
            std::ptr::null_mut(),
        );
        assert_eq!(n, 17);
        let _ = SQLGetConnectAttr(
            c,
            C::CONNECTION_DEAD.0,
            (&mut n as *mut u32).cast(),
            0,
            std::ptr::null_mut(),
        );
        assert_eq!(n, 0, "connected");
        let catalog: Vec<u16> = "acme".encode_utf16().collect();
        assert_eq!(
            SQLSetConnectAttrW(c, C::CURRENT_CATALOG.0, catalog.as_ptr() as Pointer, 8),
            SqlReturn::SUCCESS
        );
        let mut buf = [0u16; 8];
        let mut len = 0i32;
        let rc = SQLGetConnectAttrW(
            c,
            C::CURRENT_CATALOG.0,
            buf.as_mut_ptr().cast(),
            16,
            &mut len,
        );
        assert_eq!((rc, len), (SqlReturn::SUCCESS, 8), "lengths in bytes");
        assert_eq!(String::from_utf16_lossy(&buf[..4]), "acme");
        let rc = SQLGetConnectAttr(
            c,
            C::CURRENT_CATALOG.0,
            buf.as_mut_ptr().cast(),
            3,
            &mut len,
        );
        assert_eq!((rc, len), (SqlReturn::SUCCESS_WITH_INFO, 4));
        assert_eq!(
            SQLSetConnectAttr(c, 99999, std::ptr::null_mut(), 0),
            SqlReturn::ERROR
        );
        conn.state.lock().session = None;
        let _ = SQLGetConnectAttr(
            c,
            C::CONNECTION_DEAD.0,
            (&mut n as *mut u32).cast(),
            0,
            std::ptr::null_mut(),
        );
        assert_eq!(n, 1);
    }
}
