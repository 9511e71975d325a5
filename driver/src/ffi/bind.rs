//! `SQLBindCol`: binding result columns to application buffers (ARD records).

use odbc_sys::{Pointer, SqlReturn};

use super::{Status, call_locked};
use crate::handles::{Ptr, Stmt};

#[unsafe(no_mangle)]
pub extern "system" fn SQLBindCol(
    statement: Pointer,
    number: u16,
    target_type: i16,
    target: Pointer,
    buffer_len: isize,
    indicator: *mut isize,
) -> SqlReturn {
    call_locked::<Stmt>(statement, |stmt, _| {
        let ard = stmt.ard.clone();
        ard.state.lock().bind_col(
            number,
            target_type,
            Ptr::of(target),
            buffer_len,
            Ptr::of(indicator),
        )?;
        Ok(Status::Success)
    })
}
