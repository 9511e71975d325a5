//! `SQLBindCol`: binding result columns to application buffers (ARD records).

use odbc_sys::{Pointer, SqlReturn};

use super::{Status, call_locked};
use crate::convert::ctype::{CType, DEFAULT_NUMERIC_PRECISION};
use crate::diag::{Error, Result};
use crate::handles::{Desc, Ptr, Stmt};

/// Binds (or, with null buffers, unbinds) column `number` in `ard`.
pub fn bind_col(
    ard: &mut Desc,
    number: u16,
    target_type: i16,
    data: Ptr,
    buffer_len: isize,
    indicator: Ptr,
) -> Result<()> {
    if number == 0 {
        return Err(Error::invalid_descriptor_index(
            "invalid descriptor index 0: bookmarks are not enabled",
        ));
    }
    if !CType::is_valid_code(target_type) {
        return Err(Error::invalid_buffer_type(format!(
            "invalid application buffer type {target_type}"
        )));
    }
    if buffer_len < 0 {
        return Err(Error::invalid_length(format!(
            "invalid string or buffer length {buffer_len}"
        )));
    }
    let n = usize::from(number);
    if data.is_null() && indicator.is_null() {
        if n <= ard.count() {
            let r = ard.record_mut(n);
            r.data_ptr = Ptr::default();
            r.indicator_ptr = Ptr::default();
            r.octet_length_ptr = Ptr::default();
            ard.trim_unbound();
        }
        return Ok(());
    }
    let r = ard.record_mut(n);
    r.set_concise_type(target_type);
    r.octet_length = buffer_len;
    r.length = buffer_len as usize;
    if target_type == crate::convert::ctype::code::NUMERIC {
        r.precision = DEFAULT_NUMERIC_PRECISION.into();
        r.scale = 0;
    }
    r.data_ptr = data;
    r.indicator_ptr = indicator;
    r.octet_length_ptr = indicator;
    Ok(())
}

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
        bind_col(
            &mut ard.state.lock(),
            number,
            target_type,
            Ptr::of(target),
            buffer_len,
            Ptr::of(indicator),
        )?;
        Ok(Status::Success)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::handles::DescKind;

    #[test]
    fn binding_grows_and_unbinding_shrinks() {
        let mut ard = Desc::new(DescKind::Ard, None);
        let mut v = 0i32;
        bind_col(&mut ard, 3, 4, Ptr::of(&mut v), 4, Ptr::default()).unwrap();
        assert_eq!(ard.count(), 3);
        assert_eq!(ard.records[3].concise_type, 4);
        bind_col(&mut ard, 3, 4, Ptr::default(), 0, Ptr::default()).unwrap();
        assert_eq!(ard.count(), 0);
        assert_eq!(
            bind_col(&mut ard, 1, 1234, Ptr::of(&mut v), 4, Ptr::default())
                .unwrap_err()
                .state,
            "HY003"
        );
        assert_eq!(
            bind_col(&mut ard, 0, 4, Ptr::of(&mut v), 4, Ptr::default())
                .unwrap_err()
                .state,
            "07009"
        );
    }
}
