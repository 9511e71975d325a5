//! Connecting, disconnecting and transactions.

use odbc_sys::{Pointer, SqlReturn};

use super::text::{self, Encoding, Measure, Narrow, WChar, Wide};
use super::{Integer, SmallInt, Status, call, call_locked};
use crate::connection_string;
use crate::diag::{Error, Result};
use crate::handles::{Conn, Env};

/// `SQLConnect`: a data source name plus optional user and secret.
///
/// # Safety
/// String arguments must be valid for their lengths, per the ODBC contract.
unsafe fn connect<E: Encoding>(
    dbc: Pointer,
    dsn: (*const E::Unit, SmallInt),
    user: (*const E::Unit, SmallInt),
    secret: (*const E::Unit, SmallInt),
) -> SqlReturn {
    call::<Conn>(dbc, |conn, warnings| {
        // SAFETY: forwarded from the caller.
        let read = |(p, n): (*const E::Unit, SmallInt)| unsafe { text::read::<E>(p, n.into()) };
        let mut pairs = vec![("DSN".to_string(), read(dsn)?.unwrap_or_default())];
        for (key, value) in [("UID", read(user)?), ("PWD", read(secret)?)] {
            if let Some(v) = value.filter(|v| !v.is_empty()) {
                pairs.push((key.to_string(), v));
            }
        }
        crate::connect::connect(conn, pairs, warnings)?;
        Ok(Status::Success)
    })
}

/// `SQLDriverConnect`: a full connection string; writes back the completed one.
///
/// # Safety
/// Pointers must be valid for their lengths, per the ODBC contract.
unsafe fn driver_connect<E: Encoding>(
    dbc: Pointer,
    input: (*const E::Unit, SmallInt),
    output: (*mut E::Unit, SmallInt, *mut SmallInt),
) -> SqlReturn {
    call::<Conn>(dbc, |conn, warnings| {
        // SAFETY: forwarded from the caller.
        let input = unsafe { text::read::<E>(input.0, input.1.into()) }?
            .ok_or_else(|| Error::null_pointer("InConnectionString"))?;
        let completed = crate::connect::connect(conn, connection_string::parse(&input)?, warnings)?;
        let (buf, buf_len, out_len) = output;
        // SAFETY: the client passes a buffer of `buf_len` characters or null.
        let written = unsafe { text::write::<E>(&completed, buf, buf_len.into(), Measure::Chars) }?;
        // SAFETY: null or a valid SQLSMALLINT pointer.
        unsafe { text::store(out_len, written.len) };
        if written.truncated {
            warnings.push(Error::truncated());
        }
        Ok(Status::Success)
    })
}

#[unsafe(no_mangle)]
pub unsafe extern "system" fn SQLConnect(
    dbc: Pointer,
    dsn: *const u8,
    dsn_len: SmallInt,
    user: *const u8,
    user_len: SmallInt,
    secret: *const u8,
    secret_len: SmallInt,
) -> SqlReturn {
    // SAFETY: the ODBC contract.
    unsafe { connect::<Narrow>(dbc, (dsn, dsn_len), (user, user_len), (secret, secret_len)) }
}

#[unsafe(no_mangle)]
pub unsafe extern "system" fn SQLConnectW(
    dbc: Pointer,
    dsn: *const WChar,
    dsn_len: SmallInt,
    user: *const WChar,
    user_len: SmallInt,
    secret: *const WChar,
    secret_len: SmallInt,
) -> SqlReturn {
    // SAFETY: the ODBC contract.
    unsafe { connect::<Wide>(dbc, (dsn, dsn_len), (user, user_len), (secret, secret_len)) }
}

#[unsafe(no_mangle)]
pub unsafe extern "system" fn SQLDriverConnect(
    dbc: Pointer,
    _window: Pointer,
    input: *const u8,
    input_len: SmallInt,
    output: *mut u8,
    output_len: SmallInt,
    output_written: *mut SmallInt,
    _completion: u16,
) -> SqlReturn {
    // SAFETY: the ODBC contract.
    unsafe {
        driver_connect::<Narrow>(
            dbc,
            (input, input_len),
            (output, output_len, output_written),
        )
    }
}

#[unsafe(no_mangle)]
pub unsafe extern "system" fn SQLDriverConnectW(
    dbc: Pointer,
    _window: Pointer,
    input: *const WChar,
    input_len: SmallInt,
    output: *mut WChar,
    output_len: SmallInt,
    output_written: *mut SmallInt,
    _completion: u16,
) -> SqlReturn {
    // SAFETY: the ODBC contract.
    unsafe {
        driver_connect::<Wide>(
            dbc,
            (input, input_len),
            (output, output_len, output_written),
        )
    }
}

/// `SQLNativeSql`: see [`crate::query::native_sql`].
///
/// # Safety
/// Pointers must be valid for their lengths, per the ODBC contract.
unsafe fn native_sql<E: Encoding>(
    dbc: Pointer,
    input: (*const E::Unit, Integer),
    output: (*mut E::Unit, Integer, *mut Integer),
) -> SqlReturn {
    call::<Conn>(dbc, |_, warnings| {
        // SAFETY: forwarded from the caller.
        let sql = unsafe { text::read::<E>(input.0, input.1 as isize) }?
            .ok_or_else(|| Error::null_pointer("InStatementText"))?;
        let native = crate::query::native_sql(&sql)?;
        let (buf, buf_len, out_len) = output;
        // SAFETY: the client passes a buffer of `buf_len` characters or null.
        let written = unsafe { text::write::<E>(&native, buf, buf_len as isize, Measure::Chars) }?;
        // SAFETY: null or a valid SQLINTEGER pointer.
        unsafe { text::store(out_len, written.len) };
        if written.truncated {
            warnings.push(Error::truncated());
        }
        Ok(Status::Success)
    })
}

#[unsafe(no_mangle)]
pub unsafe extern "system" fn SQLNativeSql(
    dbc: Pointer,
    input: *const u8,
    input_len: Integer,
    output: *mut u8,
    output_len: Integer,
    output_written: *mut Integer,
) -> SqlReturn {
    // SAFETY: the ODBC contract.
    unsafe {
        native_sql::<Narrow>(
            dbc,
            (input, input_len),
            (output, output_len, output_written),
        )
    }
}

#[unsafe(no_mangle)]
pub unsafe extern "system" fn SQLNativeSqlW(
    dbc: Pointer,
    input: *const WChar,
    input_len: Integer,
    output: *mut WChar,
    output_len: Integer,
    output_written: *mut Integer,
) -> SqlReturn {
    // SAFETY: the ODBC contract.
    unsafe {
        native_sql::<Wide>(
            dbc,
            (input, input_len),
            (output, output_len, output_written),
        )
    }
}

#[unsafe(no_mangle)]
pub extern "system" fn SQLDisconnect(dbc: Pointer) -> SqlReturn {
    call::<Conn>(dbc, |conn, _| {
        crate::connect::disconnect(conn)?;
        Ok(Status::Success)
    })
}

/// `SQLEndTran`: the data is read-only and every statement autocommits, so
/// commit and rollback have nothing to do, but the arguments are checked.
#[unsafe(no_mangle)]
pub extern "system" fn SQLEndTran(
    handle_type: SmallInt,
    handle: Pointer,
    completion: SmallInt,
) -> SqlReturn {
    let check = |completion: SmallInt| -> Result<Status> {
        match completion {
            0 | 1 => Ok(Status::Success),
            other => Err(Error::invalid_transaction_operation(format!(
                "invalid transaction operation code {other}"
            ))),
        }
    };
    match handle_type {
        1 => call_locked::<Env>(handle, |_, _| check(completion)),
        2 => call_locked::<Conn>(handle, |_, _| check(completion)),
        _ => SqlReturn::INVALID_HANDLE,
    }
}
