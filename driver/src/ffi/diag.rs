//! Reading diagnostic records. These calls never reset the area they read;
//! what each `SQLGetDiagField` field holds is `diag::fields`.

use odbc_sys::{Pointer, SqlReturn};

use super::text::{self, Encoding, Measure, Narrow, WChar, Wide};
use super::{SmallInt, guard};
use crate::diag::fields::{Field, Found};
use crate::handles::{self, Object};

/// The handle when it is live and of the type the client says it is.
fn lookup(handle_type: SmallInt, handle: Pointer) -> Option<Object> {
    handles::lookup(handle).filter(|o| o.type_code() == handle_type)
}

/// `SQLGetDiagRec`: the message buffer is measured in characters.
///
/// # Safety
/// Output pointers must be null or valid for the sizes the client passes.
#[allow(clippy::too_many_arguments)]
unsafe fn get_diag_rec<E: Encoding>(
    handle_type: SmallInt,
    handle: Pointer,
    number: SmallInt,
    state: *mut E::Unit,
    native: *mut i32,
    message: *mut E::Unit,
    buffer_len: SmallInt,
    text_len: *mut SmallInt,
) -> SqlReturn {
    guard(|| {
        let Some(object) = lookup(handle_type, handle) else {
            return SqlReturn::INVALID_HANDLE;
        };
        if number < 1 || buffer_len < 0 {
            return SqlReturn::ERROR;
        }
        let Some(record) = object
            .diag()
            .lock()
            .records
            .get(number as usize - 1)
            .cloned()
        else {
            return SqlReturn::NO_DATA;
        };
        // SAFETY: the client provides 6 units for the state, and the other
        // buffers per their lengths (or null).
        unsafe {
            if !state.is_null() {
                let _ = text::write::<E>(record.state, state, 6, Measure::Chars);
            }
            if !native.is_null() {
                native.write(record.native);
            }
            match text::write::<E>(&record.text(), message, buffer_len.into(), Measure::Chars) {
                Ok(written) => {
                    text::store(text_len, written.len);
                    if written.truncated {
                        SqlReturn::SUCCESS_WITH_INFO
                    } else {
                        SqlReturn::SUCCESS
                    }
                }
                Err(_) => SqlReturn::ERROR,
            }
        }
    })
}

/// `SQLGetDiagField`: string buffers are measured in bytes, also for the W form.
///
/// # Safety
/// `value` must be null or valid for `buffer_len` bytes (or the field's size).
unsafe fn get_diag_field<E: Encoding>(
    handle_type: SmallInt,
    handle: Pointer,
    number: SmallInt,
    id: SmallInt,
    value: Pointer,
    buffer_len: SmallInt,
    string_len: *mut SmallInt,
) -> SqlReturn {
    guard(|| {
        let Some(object) = lookup(handle_type, handle) else {
            return SqlReturn::INVALID_HANDLE;
        };
        let field = match object.diag().lock().field(number, id) {
            Found::Field(f) => f,
            Found::NoRecord => return SqlReturn::NO_DATA,
            Found::Invalid => return SqlReturn::ERROR,
        };
        if value.is_null() && !matches!(field, Field::Text(_)) {
            return SqlReturn::ERROR;
        }
        // SAFETY: the client passes a buffer suited to the field (or null for text).
        unsafe {
            match field {
                Field::Int(v) => value.cast::<i32>().write(v),
                Field::Small(v) => value.cast::<i16>().write(v),
                Field::Len(v) => value.cast::<isize>().write(v),
                Field::Text(s) => {
                    return match text::write::<E>(
                        &s,
                        value.cast(),
                        buffer_len.into(),
                        Measure::Bytes,
                    ) {
                        Ok(written) => {
                            text::store(string_len, written.len);
                            if written.truncated {
                                SqlReturn::SUCCESS_WITH_INFO
                            } else {
                                SqlReturn::SUCCESS
                            }
                        }
                        Err(_) => SqlReturn::ERROR,
                    };
                }
            }
        }
        SqlReturn::SUCCESS
    })
}

#[unsafe(no_mangle)]
pub unsafe extern "system" fn SQLGetDiagRec(
    handle_type: SmallInt,
    handle: Pointer,
    number: SmallInt,
    state: *mut u8,
    native: *mut i32,
    message: *mut u8,
    buffer_len: SmallInt,
    text_len: *mut SmallInt,
) -> SqlReturn {
    // SAFETY: the ODBC contract.
    unsafe {
        get_diag_rec::<Narrow>(
            handle_type,
            handle,
            number,
            state,
            native,
            message,
            buffer_len,
            text_len,
        )
    }
}

#[unsafe(no_mangle)]
pub unsafe extern "system" fn SQLGetDiagRecW(
    handle_type: SmallInt,
    handle: Pointer,
    number: SmallInt,
    state: *mut WChar,
    native: *mut i32,
    message: *mut WChar,
    buffer_len: SmallInt,
    text_len: *mut SmallInt,
) -> SqlReturn {
    // SAFETY: the ODBC contract.
    unsafe {
        get_diag_rec::<Wide>(
            handle_type,
            handle,
            number,
            state,
            native,
            message,
            buffer_len,
            text_len,
        )
    }
}

#[unsafe(no_mangle)]
pub unsafe extern "system" fn SQLGetDiagField(
    handle_type: SmallInt,
    handle: Pointer,
    number: SmallInt,
    id: SmallInt,
    value: Pointer,
    buffer_len: SmallInt,
    string_len: *mut SmallInt,
) -> SqlReturn {
    // SAFETY: the ODBC contract.
    unsafe {
        get_diag_field::<Narrow>(
            handle_type,
            handle,
            number,
            id,
            value,
            buffer_len,
            string_len,
        )
    }
}

#[unsafe(no_mangle)]
pub unsafe extern "system" fn SQLGetDiagFieldW(
    handle_type: SmallInt,
    handle: Pointer,
    number: SmallInt,
    id: SmallInt,
    value: Pointer,
    buffer_len: SmallInt,
    string_len: *mut SmallInt,
) -> SqlReturn {
    // SAFETY: the ODBC contract.
    unsafe {
        get_diag_field::<Wide>(
            handle_type,
            handle,
            number,
            id,
            value,
            buffer_len,
            string_len,
        )
    }
}
