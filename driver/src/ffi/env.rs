//! Allocating and freeing handles; environment attributes.

use std::ffi::c_void;

use odbc_sys::{Pointer, SqlReturn};

use super::{Integer, SmallInt, Status, call, call_locked, guard, required};
use crate::diag::{Error, Result};
use crate::handles::{self, Conn, Env, lifecycle};
use crate::wchar;

const HANDLE_ENV: SmallInt = 1;
const HANDLE_DBC: SmallInt = 2;
const HANDLE_STMT: SmallInt = 3;
const HANDLE_DESC: SmallInt = 4;

/// Stores a new handle into the client's output pointer.
fn hand_out(out: *mut Pointer, handle: *mut c_void) -> Result<super::Status> {
    // SAFETY: `out` was checked non-null by the caller; the client owns it.
    unsafe { out.write(handle) };
    Ok(Status::Success)
}

#[unsafe(no_mangle)]
pub extern "system" fn SQLAllocHandle(
    handle_type: SmallInt,
    input: Pointer,
    output: *mut Pointer,
) -> SqlReturn {
    match handle_type {
        HANDLE_ENV => guard(|| {
            if output.is_null() {
                return SqlReturn::ERROR;
            }
            wchar::settle();
            let env = handles::alloc(Env::default());
            // SAFETY: checked non-null above.
            unsafe { output.write(env.as_ptr()) };
            SqlReturn::SUCCESS
        }),
        HANDLE_DBC => call::<Env>(input, |env, _| {
            let out = required(output, "OutputHandlePtr")?;
            hand_out(out, lifecycle::alloc_conn(env)?.as_ptr())
        }),
        HANDLE_STMT => call::<Conn>(input, |conn, _| {
            let out = required(output, "OutputHandlePtr")?;
            hand_out(out, lifecycle::alloc_stmt(conn)?.as_ptr())
        }),
        HANDLE_DESC => call::<Conn>(input, |conn, _| {
            let out = required(output, "OutputHandlePtr")?;
            hand_out(out, lifecycle::alloc_desc(conn)?.as_ptr())
        }),
        other => guard(|| match handles::lookup(input) {
            Some(object) => report(
                object,
                Error::invalid_attribute(format!("invalid handle type {other}")),
            ),
            None => SqlReturn::INVALID_HANDLE,
        }),
    }
}

/// Records `error` on whichever handle `object` is, for calls that are not
/// made on one handle kind (SQLAllocHandle, SQLFreeHandle).
fn report(object: handles::Object, error: Error) -> SqlReturn {
    let warnings = super::Warnings::default();
    match object {
        handles::Object::Env(h) => super::finish(&h, Err(error), warnings),
        handles::Object::Conn(h) => super::finish(&h, Err(error), warnings),
        handles::Object::Stmt(h) => super::finish(&h, Err(error), warnings),
        handles::Object::Desc(h) => super::finish(&h, Err(error), warnings),
    }
}

#[unsafe(no_mangle)]
pub extern "system" fn SQLFreeHandle(handle_type: SmallInt, handle: Pointer) -> SqlReturn {
    guard(|| {
        let Some(object) = handles::lookup(handle) else {
            return SqlReturn::INVALID_HANDLE;
        };
        let matches = matches!(
            (handle_type, &object),
            (HANDLE_ENV, handles::Object::Env(_))
                | (HANDLE_DBC, handles::Object::Conn(_))
                | (HANDLE_STMT, handles::Object::Stmt(_))
                | (HANDLE_DESC, handles::Object::Desc(_))
        );
        if !matches {
            return SqlReturn::INVALID_HANDLE;
        }
        match lifecycle::free(object.clone()) {
            Ok(()) => SqlReturn::SUCCESS,
            // The handle is still alive: report on it.
            Err(e) => report(object, e),
        }
    })
}

#[unsafe(no_mangle)]
pub extern "system" fn SQLSetEnvAttr(
    env: Pointer,
    attribute: Integer,
    value: Pointer,
    _len: Integer,
) -> SqlReturn {
    call_locked::<Env>(env, |state, _| {
        state.set_attr(attribute, value as usize)?;
        Ok(Status::Success)
    })
}

#[unsafe(no_mangle)]
pub extern "system" fn SQLGetEnvAttr(
    env: Pointer,
    attribute: Integer,
    value: Pointer,
    _buffer_len: Integer,
    string_len: *mut Integer,
) -> SqlReturn {
    call_locked::<Env>(env, |state, _| {
        let number = state.get_attr(attribute)?;
        let out = required(value.cast::<u32>(), "ValuePtr")?;
        // SAFETY: non-null, and the client passes room for a SQLUINTEGER.
        unsafe {
            out.write(number);
            super::text::store(string_len, 4);
        }
        Ok(Status::Success)
    })
}
