//! Statement and connection attributes: `SQLSetStmtAttr`, `SQLGetStmtAttr`,
//! `SQLSetConnectAttr`, `SQLGetConnectAttr` (ANSI and W). Row-array and
//! parameter-array attributes are views of descriptor fields; the others are
//! stored so that Get returns what Set stored.

use std::sync::Arc;

use odbc_sys::{Pointer, SqlReturn};

use super::desc::read_bytes_len;
use super::text::{self, Encoding, Measure, Narrow, Wide};
use super::{Integer, Status, Warnings, call_locked, required};
use crate::diag::{Error, Result};
use crate::handles::{self, Conn, Desc, Handle, Ptr, Stmt};

/// `SQL_ATTR_*` statement attributes.
pub mod stmt_attr {
    pub const QUERY_TIMEOUT: i32 = 0;
    pub const MAX_ROWS: i32 = 1;
    pub const NOSCAN: i32 = 2;
    pub const MAX_LENGTH: i32 = 3;
    pub const ASYNC_ENABLE: i32 = 4;
    pub const ROW_BIND_TYPE: i32 = 5;
    pub const CURSOR_TYPE: i32 = 6;
    pub const CONCURRENCY: i32 = 7;
    pub const KEYSET_SIZE: i32 = 8;
    pub const ROWSET_SIZE: i32 = 9;
    pub const SIMULATE_CURSOR: i32 = 10;
    pub const RETRIEVE_DATA: i32 = 11;
    pub const USE_BOOKMARKS: i32 = 12;
    pub const GET_BOOKMARK: i32 = 13;
    pub const ROW_NUMBER: i32 = 14;
    pub const ENABLE_AUTO_IPD: i32 = 15;
    pub const FETCH_BOOKMARK_PTR: i32 = 16;
    pub const PARAM_BIND_OFFSET_PTR: i32 = 17;
    pub const PARAM_BIND_TYPE: i32 = 18;
    pub const PARAM_OPERATION_PTR: i32 = 19;
    pub const PARAM_STATUS_PTR: i32 = 20;
    pub const PARAMS_PROCESSED_PTR: i32 = 21;
    pub const PARAMSET_SIZE: i32 = 22;
    pub const ROW_BIND_OFFSET_PTR: i32 = 23;
    pub const ROW_OPERATION_PTR: i32 = 24;
    pub const ROW_STATUS_PTR: i32 = 25;
    pub const ROWS_FETCHED_PTR: i32 = 26;
    pub const ROW_ARRAY_SIZE: i32 = 27;
    pub const ASYNC_STMT_EVENT: i32 = 29;
    pub const CURSOR_SCROLLABLE: i32 = -1;
    pub const CURSOR_SENSITIVITY: i32 = -2;
    pub const APP_ROW_DESC: i32 = 10010;
    pub const APP_PARAM_DESC: i32 = 10011;
    pub const IMP_ROW_DESC: i32 = 10012;
    pub const IMP_PARAM_DESC: i32 = 10013;
    pub const METADATA_ID: i32 = 10014;
}

/// `SQL_ATTR_*` connection attributes.
pub mod conn_attr {
    pub const ASYNC_ENABLE: i32 = 4;
    pub const ACCESS_MODE: i32 = 101;
    pub const AUTOCOMMIT: i32 = 102;
    pub const LOGIN_TIMEOUT: i32 = 103;
    pub const TRACE: i32 = 104;
    pub const TRACEFILE: i32 = 105;
    pub const TRANSLATE_LIB: i32 = 106;
    pub const TRANSLATE_OPTION: i32 = 107;
    pub const TXN_ISOLATION: i32 = 108;
    pub const CURRENT_CATALOG: i32 = 109;
    pub const ODBC_CURSORS: i32 = 110;
    pub const QUIET_MODE: i32 = 111;
    pub const PACKET_SIZE: i32 = 112;
    pub const CONNECTION_TIMEOUT: i32 = 113;
    pub const DISCONNECT_BEHAVIOR: i32 = 114;
    pub const ANSI_APP: i32 = 115;
    pub const RESET_CONNECTION: i32 = 116;
    pub const ASYNC_DBC_FUNCTIONS_ENABLE: i32 = 117;
    pub const ENLIST_IN_DTC: i32 = 1207;
    pub const CONNECTION_DEAD: i32 = 1209;
    pub const AUTO_IPD: i32 = 10001;
    pub const METADATA_ID: i32 = 10014;
}

fn option_changed(what: &str) -> Error {
    Error::option_value_changed(format!("option value changed: {what}"))
}

fn invalid_value(attr: i32, value: usize) -> Error {
    Error::invalid_attribute_value(format!(
        "invalid attribute value {value} for attribute {attr}"
    ))
}

fn unknown(attr: i32) -> Error {
    Error::invalid_attribute(format!("invalid attribute identifier {attr}"))
}

/// Sets a statement attribute; `value` is the pointer-sized argument.
pub fn set_stmt_attr(
    stmt: &mut Stmt,
    attr: i32,
    value: usize,
    warnings: &mut Warnings,
) -> Result<()> {
    use stmt_attr::*;
    let positive = || {
        (value > 0)
            .then_some(value)
            .ok_or(invalid_value(attr, value))
    };
    let a = &mut stmt.attrs;
    match attr {
        QUERY_TIMEOUT => a.query_timeout = value,
        MAX_ROWS => a.max_rows = value,
        NOSCAN => a.noscan = value,
        MAX_LENGTH => a.max_length = value,
        ASYNC_ENABLE if value == 0 => a.async_enable = 0,
        ASYNC_ENABLE => return Err(Error::not_implemented("asynchronous execution")),
        CURSOR_TYPE => {
            if value != 0 {
                warnings.push(option_changed("only forward-only cursors"));
            }
            a.cursor_type = 0;
        }
        CONCURRENCY => {
            if value != 1 {
                warnings.push(option_changed("only read-only concurrency"));
            }
            a.concurrency = 1;
        }
        CURSOR_SCROLLABLE if value == 0 => a.cursor_scrollable = 0,
        CURSOR_SCROLLABLE => return Err(Error::not_implemented("scrollable cursors")),
        CURSOR_SENSITIVITY if value <= 1 => a.cursor_sensitivity = value,
        CURSOR_SENSITIVITY => return Err(Error::not_implemented("sensitive cursors")),
        KEYSET_SIZE => a.keyset_size = value,
        ROWSET_SIZE => a.rowset_size = positive()?,
        SIMULATE_CURSOR => a.simulate_cursor = value,
        RETRIEVE_DATA => a.retrieve_data = value,
        USE_BOOKMARKS => {
            if value != 0 {
                warnings.push(option_changed("bookmarks are not supported"));
            }
            a.use_bookmarks = 0;
        }
        METADATA_ID => a.metadata_id = value,
        ENABLE_AUTO_IPD => a.enable_auto_ipd = value,
        FETCH_BOOKMARK_PTR => a.fetch_bookmark_ptr = Ptr(value),
        ROW_NUMBER | GET_BOOKMARK => {
            return Err(Error::invalid_attribute(format!(
                "attribute {attr} is read-only"
            )));
        }
        ASYNC_STMT_EVENT => return Err(Error::not_implemented("asynchronous notification")),
        ROW_BIND_TYPE => stmt.ard.state.lock().bind_type = value,
        ROW_ARRAY_SIZE => stmt.ard.state.lock().array_size = positive()?,
        ROW_BIND_OFFSET_PTR => stmt.ard.state.lock().bind_offset_ptr = Ptr(value),
        ROW_OPERATION_PTR => stmt.ard.state.lock().array_status_ptr = Ptr(value),
        ROW_STATUS_PTR => stmt.ird.state.lock().array_status_ptr = Ptr(value),
        ROWS_FETCHED_PTR => stmt.ird.state.lock().rows_processed_ptr = Ptr(value),
        PARAM_BIND_TYPE => stmt.apd.state.lock().bind_type = value,
        PARAMSET_SIZE => stmt.apd.state.lock().array_size = positive()?,
        PARAM_BIND_OFFSET_PTR => stmt.apd.state.lock().bind_offset_ptr = Ptr(value),
        PARAM_OPERATION_PTR => stmt.apd.state.lock().array_status_ptr = Ptr(value),
        PARAM_STATUS_PTR => stmt.ipd.state.lock().array_status_ptr = Ptr(value),
        PARAMS_PROCESSED_PTR => stmt.ipd.state.lock().rows_processed_ptr = Ptr(value),
        APP_ROW_DESC | APP_PARAM_DESC => {
            let rows = attr == APP_ROW_DESC;
            let desc = app_descriptor(stmt, value, rows)?;
            if rows {
                stmt.ard = desc;
            } else {
                stmt.apd = desc;
            }
        }
        IMP_ROW_DESC | IMP_PARAM_DESC => {
            return Err(Error::implicit_descriptor(
                "invalid use of an automatically allocated descriptor handle",
            ));
        }
        other => return Err(unknown(other)),
    }
    Ok(())
}

/// The descriptor a `SQL_ATTR_APP_*_DESC` value names: null restores the
/// implicit one; otherwise an explicit descriptor of the same connection.
fn app_descriptor(stmt: &Stmt, value: usize, rows: bool) -> Result<Arc<Handle<Desc>>> {
    let implicit = if rows {
        &stmt.implicit_ard
    } else {
        &stmt.implicit_apd
    };
    if value == 0 || value == implicit.as_ptr() as usize {
        return Ok(implicit.clone());
    }
    let Some(desc) = handles::get::<Desc>(value as Pointer) else {
        return Err(Error::invalid_attribute_value("invalid descriptor handle"));
    };
    let owner = desc.state.lock().explicit_on;
    if owner != Some(stmt.conn.as_ptr() as usize) {
        return Err(Error::implicit_descriptor(
            "invalid use of an automatically allocated descriptor handle",
        ));
    }
    Ok(desc)
}

/// Reads a statement attribute (every value is pointer-sized).
pub fn get_stmt_attr(stmt: &Stmt, attr: i32) -> Result<usize> {
    use stmt_attr::*;
    let a = &stmt.attrs;
    let ard = || stmt.ard.state.lock();
    let apd = || stmt.apd.state.lock();
    let ird = || stmt.ird.state.lock();
    let ipd = || stmt.ipd.state.lock();
    Ok(match attr {
        QUERY_TIMEOUT => a.query_timeout,
        MAX_ROWS => a.max_rows,
        NOSCAN => a.noscan,
        MAX_LENGTH => a.max_length,
        ASYNC_ENABLE => a.async_enable,
        CURSOR_TYPE => a.cursor_type,
        CONCURRENCY => a.concurrency,
        CURSOR_SCROLLABLE => a.cursor_scrollable,
        CURSOR_SENSITIVITY => a.cursor_sensitivity,
        KEYSET_SIZE => a.keyset_size,
        ROWSET_SIZE => a.rowset_size,
        SIMULATE_CURSOR => a.simulate_cursor,
        RETRIEVE_DATA => a.retrieve_data,
        USE_BOOKMARKS => a.use_bookmarks,
        METADATA_ID => a.metadata_id,
        ENABLE_AUTO_IPD => a.enable_auto_ipd,
        FETCH_BOOKMARK_PTR => a.fetch_bookmark_ptr.0,
        ROW_NUMBER => {
            if !stmt.result.as_ref().is_some_and(|c| c.is_positioned()) {
                return Err(Error::invalid_cursor_state(
                    "invalid cursor state: no current row",
                ));
            }
            a.row_number
        }
        GET_BOOKMARK => return Err(Error::not_implemented("bookmarks")),
        ROW_BIND_TYPE => ard().bind_type,
        ROW_ARRAY_SIZE => ard().array_size,
        ROW_BIND_OFFSET_PTR => ard().bind_offset_ptr.0,
        ROW_OPERATION_PTR => ard().array_status_ptr.0,
        ROW_STATUS_PTR => ird().array_status_ptr.0,
        ROWS_FETCHED_PTR => ird().rows_processed_ptr.0,
        PARAM_BIND_TYPE => apd().bind_type,
        PARAMSET_SIZE => apd().array_size,
        PARAM_BIND_OFFSET_PTR => apd().bind_offset_ptr.0,
        PARAM_OPERATION_PTR => apd().array_status_ptr.0,
        PARAM_STATUS_PTR => ipd().array_status_ptr.0,
        PARAMS_PROCESSED_PTR => ipd().rows_processed_ptr.0,
        APP_ROW_DESC => stmt.ard.as_ptr() as usize,
        APP_PARAM_DESC => stmt.apd.as_ptr() as usize,
        IMP_ROW_DESC => stmt.ird.as_ptr() as usize,
        IMP_PARAM_DESC => stmt.ipd.as_ptr() as usize,
        other => return Err(unknown(other)),
    })
}

fn set_stmt_attr_ffi(statement: Pointer, attr: Integer, value: Pointer) -> SqlReturn {
    call_locked::<Stmt>(statement, |stmt, warnings| {
        set_stmt_attr(stmt, attr, value as usize, warnings)?;
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
        let v = get_stmt_attr(stmt, attr)?;
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

/// A connection attribute value, typed as ODBC declares it.
#[derive(Debug, Clone, PartialEq)]
pub enum ConnValue {
    /// `SQLUINTEGER`.
    UInt(u32),
    /// `SQLULEN` or a pointer-sized handle.
    ULen(usize),
    Text(String),
}

/// Whether connection attribute `attr` takes a string.
fn is_text_attr(attr: i32) -> bool {
    use conn_attr::*;
    matches!(attr, CURRENT_CATALOG | TRACEFILE | TRANSLATE_LIB)
}

/// Sets a connection attribute.
pub fn set_conn_attr(
    conn: &mut Conn,
    attr: i32,
    value: ConnValue,
    warnings: &mut Warnings,
) -> Result<()> {
    use conn_attr::*;
    let (n, text) = match value {
        ConnValue::UInt(n) => (n as usize, String::new()),
        ConnValue::ULen(n) => (n, String::new()),
        ConnValue::Text(s) => (0, s),
    };
    let small = n as u32;
    let a = &mut conn.attrs;
    match attr {
        ACCESS_MODE => a.read_only = n != 0,
        AUTOCOMMIT => a.autocommit = n != 0,
        LOGIN_TIMEOUT => a.login_timeout = small,
        CONNECTION_TIMEOUT => a.connection_timeout = small,
        TXN_ISOLATION => a.txn_isolation = small,
        PACKET_SIZE => a.packet_size = small,
        QUIET_MODE => a.quiet_mode = n,
        ASYNC_ENABLE if n == 0 => a.async_enable = false,
        ASYNC_ENABLE => return Err(Error::not_implemented("asynchronous execution")),
        ASYNC_DBC_FUNCTIONS_ENABLE if n == 0 => a.async_dbc_functions = 0,
        ASYNC_DBC_FUNCTIONS_ENABLE => {
            return Err(Error::not_implemented("asynchronous connection functions"));
        }
        ODBC_CURSORS => {
            if n != 2 {
                warnings.push(option_changed("the driver's cursors are used"));
            }
            a.odbc_cursors = 2;
        }
        METADATA_ID => a.metadata_id = n != 0,
        TRACE => a.trace = small,
        TRACEFILE => a.trace_file = text,
        TRANSLATE_LIB => a.translate_lib = text,
        TRANSLATE_OPTION => a.translate_option = small,
        DISCONNECT_BEHAVIOR => a.disconnect_behavior = small,
        ENLIST_IN_DTC if n == 0 => a.enlist_in_dtc = 0,
        ENLIST_IN_DTC => return Err(Error::not_implemented("distributed transactions")),
        CURRENT_CATALOG => a.current_catalog = Some(text),
        // The driver manager announces an ANSI application; nothing changes here.
        ANSI_APP | RESET_CONNECTION => {}
        CONNECTION_DEAD | AUTO_IPD => {
            return Err(Error::invalid_attribute(format!(
                "attribute {attr} is read-only"
            )));
        }
        other => return Err(unknown(other)),
    }
    Ok(())
}

/// Reads a connection attribute.
pub fn get_conn_attr(conn: &Conn, attr: i32) -> Result<ConnValue> {
    use ConnValue::*;
    use conn_attr::*;
    let a = &conn.attrs;
    Ok(match attr {
        ACCESS_MODE => UInt(a.read_only.into()),
        AUTOCOMMIT => UInt(a.autocommit.into()),
        LOGIN_TIMEOUT => UInt(a.login_timeout),
        CONNECTION_TIMEOUT => UInt(a.connection_timeout),
        TXN_ISOLATION => UInt(a.txn_isolation),
        PACKET_SIZE => UInt(a.packet_size),
        QUIET_MODE => ULen(a.quiet_mode),
        ASYNC_ENABLE => ULen(a.async_enable.into()),
        ASYNC_DBC_FUNCTIONS_ENABLE => UInt(a.async_dbc_functions),
        ODBC_CURSORS => ULen(a.odbc_cursors),
        METADATA_ID => UInt(a.metadata_id.into()),
        TRACE => UInt(a.trace),
        TRACEFILE => Text(a.trace_file.clone()),
        TRANSLATE_LIB => Text(a.translate_lib.clone()),
        TRANSLATE_OPTION => UInt(a.translate_option),
        DISCONNECT_BEHAVIOR => UInt(a.disconnect_behavior),
        ENLIST_IN_DTC => ULen(a.enlist_in_dtc),
        // What the application set, else the catalog of the open session.
        CURRENT_CATALOG => Text(match (&a.current_catalog, &conn.session) {
            (Some(c), _) => c.clone(),
            (None, Some(s)) => s.provider.catalog(),
            (None, None) => String::new(),
        }),
        // SQL_CD_TRUE when no session is open.
        CONNECTION_DEAD => UInt(conn.session.is_none().into()),
        AUTO_IPD => UInt(0),
        other => return Err(unknown(other)),
    })
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
        set_conn_attr(conn, attr, v, warnings)?;
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
        match get_conn_attr(conn, attr)? {
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
    use super::super::execute::tests::{conn_of, ptr, stmt};
    use super::*;
    use crate::handles::lifecycle;

    #[test]
    fn row_array_attributes_are_descriptor_fields_and_survive_prepare() {
        let h = stmt();
        let mut fetched = 0usize;
        let mut status = [0u16; 4];
        for (attr, v) in [
            (stmt_attr::ROW_ARRAY_SIZE, 4usize),
            (
                stmt_attr::ROWS_FETCHED_PTR,
                &mut fetched as *mut usize as usize,
            ),
            (stmt_attr::ROW_STATUS_PTR, status.as_mut_ptr() as usize),
            (stmt_attr::ROW_BIND_TYPE, 24),
            (stmt_attr::PARAMSET_SIZE, 2),
            (stmt_attr::QUERY_TIMEOUT, 30),
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
            get_stmt_attr(&s, stmt_attr::ROW_STATUS_PTR).unwrap(),
            status.as_mut_ptr() as usize
        );
        assert_eq!(get_stmt_attr(&s, stmt_attr::ROW_BIND_TYPE).unwrap(), 24);
        assert_eq!(get_stmt_attr(&s, stmt_attr::PARAMSET_SIZE).unwrap(), 2);
        assert_eq!(get_stmt_attr(&s, stmt_attr::QUERY_TIMEOUT).unwrap(), 30);
    }

    #[test]
    fn unsupported_values_warn_or_fail() {
        let h = stmt();
        assert_eq!(
            SQLSetStmtAttr(ptr(&h), stmt_attr::CURSOR_TYPE, 3 as Pointer, 0),
            SqlReturn::SUCCESS_WITH_INFO
        );
        assert_eq!(h.diag.lock().records[0].state, "01S02");
        let mut v = 99usize;
        assert_eq!(
            SQLGetStmtAttr(
                ptr(&h),
                stmt_attr::CURSOR_TYPE,
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
            SQLSetStmtAttr(ptr(&h), stmt_attr::ROW_ARRAY_SIZE, std::ptr::null_mut(), 0),
            SqlReturn::ERROR
        );
        assert_eq!(h.diag.lock().records[0].state, "HY024");
        assert_eq!(
            SQLSetStmtAttr(ptr(&h), stmt_attr::IMP_ROW_DESC, std::ptr::null_mut(), 0),
            SqlReturn::ERROR
        );
        assert_eq!(
            SQLGetStmtAttr(
                ptr(&h),
                stmt_attr::QUERY_TIMEOUT,
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
            stmt_attr::APP_ROW_DESC,
            (&mut v as *mut usize).cast(),
            0,
            std::ptr::null_mut(),
        );
        let implicit = h.state.lock().implicit_ard.as_ptr() as usize;
        assert_eq!(v, implicit);
        assert!(handles::get::<Desc>(v as Pointer).is_some());
        let explicit = lifecycle::alloc_desc(&conn).unwrap();
        assert_eq!(
            SQLSetStmtAttr(ptr(&h), stmt_attr::APP_ROW_DESC, explicit.as_ptr(), 0),
            SqlReturn::SUCCESS
        );
        assert!(Arc::ptr_eq(&h.state.lock().ard, &explicit));
        let ird = h.state.lock().ird.as_ptr();
        assert_eq!(
            SQLSetStmtAttr(ptr(&h), stmt_attr::APP_ROW_DESC, ird, 0),
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
            SQLSetConnectAttr(c, conn_attr::AUTOCOMMIT, std::ptr::null_mut(), 0),
            SqlReturn::SUCCESS
        );
        assert_eq!(
            SQLSetConnectAttr(c, conn_attr::LOGIN_TIMEOUT, 17 as Pointer, 0),
            SqlReturn::SUCCESS
        );
        let mut n = 9u32;
        let _ = SQLGetConnectAttr(
            c,
            conn_attr::AUTOCOMMIT,
            (&mut n as *mut u32).cast(),
            0,
            std::ptr::null_mut(),
        );
        assert_eq!(n, 0);
        let _ = SQLGetConnectAttr(
            c,
            conn_attr::LOGIN_TIMEOUT,
            (&mut n as *mut u32).cast(),
            0,
            std::ptr::null_mut(),
        );
        assert_eq!(n, 17);
        let _ = SQLGetConnectAttr(
            c,
            conn_attr::CONNECTION_DEAD,
            (&mut n as *mut u32).cast(),
            0,
            std::ptr::null_mut(),
        );
        assert_eq!(n, 0, "connected");
        let catalog: Vec<u16> = "acme".encode_utf16().collect();
        assert_eq!(
            SQLSetConnectAttrW(
                c,
                conn_attr::CURRENT_CATALOG,
                catalog.as_ptr() as Pointer,
                8
            ),
            SqlReturn::SUCCESS
        );
        let mut buf = [0u16; 8];
        let mut len = 0i32;
        let rc = SQLGetConnectAttrW(
            c,
            conn_attr::CURRENT_CATALOG,
            buf.as_mut_ptr().cast(),
            16,
            &mut len,
        );
        assert_eq!((rc, len), (SqlReturn::SUCCESS, 8), "lengths in bytes");
        assert_eq!(String::from_utf16_lossy(&buf[..4]), "acme");
        let rc = SQLGetConnectAttr(
            c,
            conn_attr::CURRENT_CATALOG,
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
            conn_attr::CONNECTION_DEAD,
            (&mut n as *mut u32).cast(),
            0,
            std::ptr::null_mut(),
        );
        assert_eq!(n, 1);
    }
}
