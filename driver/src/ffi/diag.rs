//! Reading diagnostic records. These calls never reset the area they read.

use odbc_sys::{Pointer, SqlReturn};

use super::text::{self, Encoding, Measure, Narrow, WChar, Wide};
use super::{SmallInt, guard};
use crate::diag::Record;
use crate::handles::{self, Object};

const DIAG_RETURNCODE: SmallInt = 1;
const DIAG_NUMBER: SmallInt = 2;
const DIAG_ROW_COUNT: SmallInt = 3;
const DIAG_SQLSTATE: SmallInt = 4;
const DIAG_NATIVE: SmallInt = 5;
const DIAG_MESSAGE_TEXT: SmallInt = 6;
const DIAG_DYNAMIC_FUNCTION: SmallInt = 7;
const DIAG_CLASS_ORIGIN: SmallInt = 8;
const DIAG_SUBCLASS_ORIGIN: SmallInt = 9;
const DIAG_CONNECTION_NAME: SmallInt = 10;
const DIAG_SERVER_NAME: SmallInt = 11;
const DIAG_DYNAMIC_FUNCTION_CODE: SmallInt = 12;
const DIAG_CURSOR_ROW_COUNT: SmallInt = -1249;
const DIAG_ROW_NUMBER: SmallInt = -1248;
const DIAG_COLUMN_NUMBER: SmallInt = -1247;

/// `SQL_ROW_NUMBER_UNKNOWN` / `SQL_COLUMN_NUMBER_UNKNOWN`.
const UNKNOWN: isize = -2;

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

/// A diagnostic field's value.
enum Field {
    Int(i32),
    Small(i16),
    Len(isize),
    Text(String),
}

fn header_field(object: &Object, id: SmallInt) -> Option<Field> {
    let diag = object.diag().lock();
    Some(match id {
        DIAG_RETURNCODE => Field::Small(diag.return_code),
        DIAG_NUMBER => Field::Int(diag.records.len() as i32),
        DIAG_ROW_COUNT | DIAG_CURSOR_ROW_COUNT => Field::Len(diag.row_count),
        DIAG_DYNAMIC_FUNCTION => Field::Text(String::new()),
        DIAG_DYNAMIC_FUNCTION_CODE => Field::Int(0),
        _ => return None,
    })
}

fn record_field(record: &Record, id: SmallInt) -> Option<Field> {
    Some(match id {
        DIAG_SQLSTATE => Field::Text(record.state.to_string()),
        DIAG_NATIVE => Field::Int(record.native),
        DIAG_MESSAGE_TEXT => Field::Text(record.text()),
        // States of classes defined by ODBC and not ISO carry the origin "ODBC 3.0".
        DIAG_CLASS_ORIGIN | DIAG_SUBCLASS_ORIGIN => {
            Field::Text(origin(record.state, id).to_string())
        }
        DIAG_CONNECTION_NAME | DIAG_SERVER_NAME => Field::Text(String::new()),
        DIAG_ROW_NUMBER | DIAG_COLUMN_NUMBER => Field::Len(UNKNOWN),
        _ => return None,
    })
}

/// `SQL_DIAG_CLASS_ORIGIN`/`SUBCLASS_ORIGIN`: ISO 9075 for standard classes, else ODBC 3.0.
fn origin(state: &str, id: SmallInt) -> &'static str {
    let class = &state[..2];
    let iso_class = matches!(
        class,
        "01" | "07"
            | "08"
            | "21"
            | "22"
            | "23"
            | "24"
            | "25"
            | "28"
            | "34"
            | "3C"
            | "3D"
            | "3F"
            | "40"
            | "42"
            | "44"
    );
    if id == DIAG_CLASS_ORIGIN {
        if iso_class { "ISO 9075" } else { "ODBC 3.0" }
    } else if iso_class && state.ends_with("000") {
        "ISO 9075"
    } else {
        "ODBC 3.0"
    }
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
        let field = match header_field(&object, id) {
            Some(f) => f,
            None if number < 1 => return SqlReturn::ERROR,
            None => {
                let Some(record) = object
                    .diag()
                    .lock()
                    .records
                    .get(number as usize - 1)
                    .cloned()
                else {
                    return SqlReturn::NO_DATA;
                };
                match record_field(&record, id) {
                    Some(f) => f,
                    None => return SqlReturn::ERROR,
                }
            }
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
