//! `ConfigDSN(W)` and `ConfigDriver(W)`, the setup entry points the Windows
//! ODBC installer (`odbccp32.dll`) calls; the logic is in `crate::setup`.
//! They answer TRUE or FALSE, a failure's message going to the installer's
//! error queue (`SQLPostInstallerError`).

use std::ffi::{c_int, c_void};

use odbc_sys::SqlReturn;

use super::guard;
use super::text::{self, Encoding, Measure, Narrow, WChar, Wide};
use crate::setup::{self, ERROR_GENERAL, Failure};

type Bool = c_int;

#[unsafe(no_mangle)]
pub extern "system" fn ConfigDSNW(
    window: *mut c_void,
    request: u16,
    driver: *const WChar,
    attributes: *const WChar,
) -> Bool {
    config_dsn::<Wide>(window, request, driver, attributes)
}

#[unsafe(no_mangle)]
pub extern "system" fn ConfigDSN(
    window: *mut c_void,
    request: u16,
    driver: *const u8,
    attributes: *const u8,
) -> Bool {
    config_dsn::<Narrow>(window, request, driver, attributes)
}

#[unsafe(no_mangle)]
pub extern "system" fn ConfigDriverW(
    _window: *mut c_void,
    request: u16,
    driver: *const WChar,
    _args: *const WChar,
    message: *mut WChar,
    message_max: u16,
    message_len: *mut u16,
) -> Bool {
    config_driver::<Wide>(request, driver, message, message_max, message_len)
}

#[unsafe(no_mangle)]
pub extern "system" fn ConfigDriver(
    _window: *mut c_void,
    request: u16,
    driver: *const u8,
    _args: *const u8,
    message: *mut u8,
    message_max: u16,
    message_len: *mut u16,
) -> Bool {
    config_driver::<Narrow>(request, driver, message, message_max, message_len)
}

/// Runs `f` under the panic guard; a failure (or a panic) is posted and
/// answers FALSE.
fn answer(f: impl FnOnce() -> Result<(), Failure>) -> Bool {
    let code = guard(|| match f() {
        Ok(()) => SqlReturn::SUCCESS,
        Err(failure) => {
            setup::post_error(&failure);
            SqlReturn::ERROR
        }
    });
    Bool::from(code == SqlReturn::SUCCESS)
}

/// A bad argument string or buffer, as an installer failure.
fn general(e: crate::diag::Error) -> Failure {
    Failure::new(ERROR_GENERAL, e.message)
}

fn config_dsn<E: Encoding>(
    window: *mut c_void,
    request: u16,
    driver: *const E::Unit,
    attributes: *const E::Unit,
) -> Bool {
    answer(|| {
        // SAFETY: the installer passes a NUL-terminated driver name (or null).
        let driver = unsafe { text::read::<E>(driver, odbc_sys::NTS) }
            .map_err(general)?
            .unwrap_or_default();
        // SAFETY: the installer passes a double-NUL-terminated list (or null).
        let list = unsafe { read_list::<E>(attributes) };
        let attributes = setup::parse_attributes(&list)?;
        let action = setup::plan_dsn(!window.is_null(), request, &driver, &attributes, |dsn| {
            crate::dsn::read(dsn)
        })?;
        setup::carry_out(action, &driver)
    })
}

fn config_driver<E: Encoding>(
    request: u16,
    driver: *const E::Unit,
    message: *mut E::Unit,
    message_max: u16,
    message_len: *mut u16,
) -> Bool {
    answer(|| {
        // SAFETY: the installer passes a NUL-terminated driver name (or null).
        let driver = unsafe { text::read::<E>(driver, odbc_sys::NTS) }
            .map_err(general)?
            .unwrap_or_default();
        let reply = setup::config_driver(request, &driver)?;
        // SAFETY: the installer passes a buffer of `message_max` characters (or null).
        let written =
            unsafe { text::write::<E>(&reply, message, message_max as isize, Measure::Chars) }
                .map_err(general)?;
        if !message_len.is_null() {
            // SAFETY: the installer passes null or a writable WORD.
            unsafe { *message_len = u16::try_from(written.len).unwrap_or(u16::MAX) };
        }
        Ok(())
    })
}

/// Reads a list of NUL-terminated entries ended by an empty one, as one
/// string with the entries separated by NULs.
///
/// # Safety
/// `ptr` must be null or point to a double-NUL-terminated list.
unsafe fn read_list<E: Encoding>(ptr: *const E::Unit) -> String {
    if ptr.is_null() {
        return String::new();
    }
    let unit = E::unit_bytes();
    let bytes: *const u8 = ptr.cast();
    // SAFETY: every unit up to the empty entry that ends the list is readable.
    let nul = |i: usize| {
        unsafe { std::slice::from_raw_parts(bytes.add(i * unit), unit) }
            .iter()
            .all(|b| *b == 0)
    };
    let mut n = 0;
    while !nul(n) {
        while !nul(n) {
            n += 1;
        }
        n += 1;
    }
    // SAFETY: the `n` units just read.
    E::decode(unsafe { std::slice::from_raw_parts(bytes, n * unit) })
}
