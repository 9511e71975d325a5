//! The exported ODBC functions, one file per area. Every export is a thin
//! shim: [`call`] catches panics, looks the handle up in the registry, resets
//! its diagnostics, runs safe code and turns the outcome into a return code.
//! No export ever calls another export: shared behaviour lives in safe Rust.

mod attrs;
mod bind;
mod catalog;
mod connect;
mod desc;
mod diag;
mod env;
mod execute;
mod fetch;
mod info;
mod params;
#[cfg(windows)]
mod setup;
pub mod text;

use std::ffi::c_void;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Arc, Once};

use odbc_sys::SqlReturn;

use crate::diag::{Error, Record, Result};
use crate::handles::{self, Handle, Kind};

/// `SQLSMALLINT`, as the ODBC reference names it.
pub type SmallInt = i16;
/// `SQLINTEGER`.
pub type Integer = i32;

/// What a successful call reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Success,
    /// `SQL_NO_DATA`: no (more) rows, records or results.
    NoData,
}

/// Warnings a call collects; any of them turns success into `SQL_SUCCESS_WITH_INFO`.
#[derive(Debug, Default)]
pub struct Warnings(Vec<Error>);

impl Warnings {
    pub fn push(&mut self, warning: Error) {
        self.0.push(warning);
    }
}

/// Safe code returns the warnings of a call (often an `Option`); the shim adds them.
impl Extend<Error> for Warnings {
    fn extend<I: IntoIterator<Item = Error>>(&mut self, warnings: I) {
        self.0.extend(warnings);
    }
}

/// Runs `f` with panics caught: a panic becomes `SQL_ERROR`, never an unwind
/// into the client.
pub fn guard(f: impl FnOnce() -> SqlReturn) -> SqlReturn {
    static QUIET_PANICS: Once = Once::new();
    // The default hook prints the panic payload to stderr; ours logs only
    // where it happened, so no value (and no secret) leaves the driver.
    QUIET_PANICS.call_once(|| {
        std::panic::set_hook(Box::new(|info| {
            let place = info
                .location()
                .map(|l| format!("{}:{}", l.file(), l.line()))
                .unwrap_or_default();
            log::error!("internal error at {place}");
        }))
    });
    catch_unwind(AssertUnwindSafe(f)).unwrap_or(SqlReturn::ERROR)
}

/// Runs one ODBC call on a handle of type `T`: `SQL_INVALID_HANDLE` when the
/// token is not a live `T`, otherwise `f`'s outcome recorded in the handle's
/// diagnostic area.
pub fn call<T: Kind>(
    ptr: *mut c_void,
    f: impl FnOnce(&Arc<Handle<T>>, &mut Warnings) -> Result<Status>,
) -> SqlReturn {
    guard(|| {
        let Some(handle) = handles::get::<T>(ptr) else {
            return SqlReturn::INVALID_HANDLE;
        };
        let _running = handle.enter();
        let mut warnings = Warnings::default();
        let outcome = f(&handle, &mut warnings);
        finish(&handle, outcome, warnings)
    })
}

/// [`call`] with the handle's state locked for the whole call.
pub fn call_locked<T: Kind>(
    ptr: *mut c_void,
    f: impl FnOnce(&mut T, &mut Warnings) -> Result<Status>,
) -> SqlReturn {
    call::<T>(ptr, |handle, warnings| {
        f(&mut handle.state.lock(), warnings)
    })
}

/// Records the outcome in the handle's diagnostics and picks the return code.
pub fn finish<T>(handle: &Handle<T>, outcome: Result<Status>, warnings: Warnings) -> SqlReturn {
    let mut records: Vec<Record> = warnings.0.into_iter().map(Record::from).collect();
    let code = match outcome {
        Ok(Status::NoData) => SqlReturn::NO_DATA,
        Ok(Status::Success) if records.is_empty() => SqlReturn::SUCCESS,
        Ok(Status::Success) => SqlReturn::SUCCESS_WITH_INFO,
        Err(e) => {
            if !e.state.starts_with("01") {
                log::debug!("{}: {}", e.state, e.message);
            }
            records.insert(0, e.into());
            SqlReturn::ERROR
        }
    };
    let mut diag = handle.diag.lock();
    diag.records = records;
    diag.return_code = code.0;
    code
}

/// Fails with HY009 when a required output pointer is null.
pub fn required<T>(ptr: *mut T, what: &str) -> Result<*mut T> {
    if ptr.is_null() {
        Err(Error::null_pointer(what))
    } else {
        Ok(ptr)
    }
}
