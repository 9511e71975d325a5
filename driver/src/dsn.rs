//! Data source entries from odbc.ini, read through the driver manager's
//! installer library loaded at run time, so the driver links no driver
//! manager and works under unixODBC and iODBC alike.

use std::ffi::{CString, c_char, c_int};
use std::sync::OnceLock;

use libloading::{Library, Symbol};

use crate::wchar::{self, Width};

/// `SQLGetPrivateProfileString`, the installer API every driver manager has.
type GetProfileString = unsafe extern "system" fn(
    *const c_char,
    *const c_char,
    *const c_char,
    *mut c_char,
    c_int,
    *const c_char,
) -> c_int;

/// The installer libraries, most likely first: the loaded driver manager's
/// own before the other's. A 4-byte `SQLWCHAR` means iODBC (`wchar`), which
/// is decided before any connection string is read.
fn libraries() -> Vec<&'static str> {
    if cfg!(windows) {
        return vec!["odbccp32.dll"];
    }
    let (iodbc, unixodbc): (&[&str], &[&str]) = if cfg!(target_vendor = "apple") {
        (
            &["libiodbcinst.2.dylib", "libiodbcinst.dylib"],
            &["libodbcinst.2.dylib", "libodbcinst.dylib"],
        )
    } else {
        (
            &["libiodbcinst.so.2", "libiodbcinst.so"],
            &["libodbcinst.so.2", "libodbcinst.so"],
        )
    };
    let (first, second) = if wchar::current() == Width::Utf32 {
        (iodbc, unixodbc)
    } else {
        (unixodbc, iodbc)
    };
    first.iter().chain(second).copied().collect()
}

pub(crate) fn installer() -> Option<&'static Library> {
    static LIBRARY: OnceLock<Option<Library>> = OnceLock::new();
    LIBRARY
        .get_or_init(|| {
            // SAFETY: these are the driver managers' own installer libraries,
            // whose initialisers are safe to run in the client's process.
            libraries()
                .into_iter()
                .find_map(|name| unsafe { Library::new(name) }.ok())
        })
        .as_ref()
}

/// Every key/value of the `[dsn]` section, or `None` when no installer
/// library is available or the section does not exist.
pub fn read(dsn: &str) -> Option<Vec<(String, String)>> {
    let library = installer()?;
    // SAFETY: the symbol has this signature in every driver manager.
    let get: Symbol<GetProfileString> =
        unsafe { library.get(b"SQLGetPrivateProfileString\0") }.ok()?;
    let section = CString::new(dsn).ok()?;
    let keys = profile(&get, &section, None)?;
    let pairs: Vec<_> = keys
        .split('\0')
        .filter(|k| !k.is_empty())
        .filter_map(|key| {
            let entry = CString::new(key).ok()?;
            Some((key.to_string(), profile(&get, &section, Some(&entry))?))
        })
        .collect();
    (!pairs.is_empty()).then_some(pairs)
}

/// One `SQLGetPrivateProfileString` call on odbc.ini; with no entry it lists
/// the section's keys separated by NULs.
fn profile(get: &GetProfileString, section: &CString, entry: Option<&CString>) -> Option<String> {
    const FILE: &[u8] = b"odbc.ini\0";
    let mut buf = vec![0u8; 8192];
    // SAFETY: all strings are NUL-terminated; the buffer length is passed.
    let n = unsafe {
        get(
            section.as_ptr(),
            entry.map_or(std::ptr::null(), |e| e.as_ptr()),
            c"".as_ptr(),
            buf.as_mut_ptr().cast(),
            buf.len() as c_int,
            FILE.as_ptr().cast(),
        )
    };
    let n = usize::try_from(n).ok().filter(|n| *n > 0)?.min(buf.len());
    buf.truncate(n);
    Some(
        String::from_utf8_lossy(&buf)
            .trim_end_matches('\0')
            .to_string(),
    )
}
