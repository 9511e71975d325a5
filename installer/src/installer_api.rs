//! Registration through the ODBC installer API, loaded at run time from the
//! driver manager's installer library: `odbccp32.dll` on Windows (it writes
//! the registry), `libiodbcinst` for iODBC (its `odbcinst.ini`/`odbc.ini`:
//! `$ODBCINSTINI`/`$ODBCINI` when set, else `/Library/ODBC` or
//! `~/Library/ODBC` on macOS, `/etc` or `~/.odbc*.ini` on Linux),
//! `libodbcinst` for unixODBC where its `odbcinst` tool is not the way. Tested
//! here against iODBC and, with `APIODBC_INSTALLER_API=1`, unixODBC.

use std::ffi::{CString, c_char};

use libloading::{Library, Symbol};

use crate::entries::{Scope, Section};

/// The driver manager whose configuration is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum DriverManager {
    /// unixODBC: Linux's usual manager, and Homebrew's on macOS.
    #[value(name = "unixodbc")]
    UnixOdbc,
    /// iODBC: macOS's manager (Excel, Tableau), also packaged for Linux.
    #[value(name = "iodbc")]
    Iodbc,
}

impl DriverManager {
    /// The platform's usual manager: iODBC on macOS, unixODBC elsewhere.
    pub fn platform_default() -> DriverManager {
        if cfg!(target_os = "macos") {
            DriverManager::Iodbc
        } else {
            DriverManager::UnixOdbc
        }
    }

    /// Where its installer library lives, most likely first. On Windows
    /// there is one driver manager, whose installer library writes the registry.
    fn libraries(self) -> &'static [&'static str] {
        match self {
            _ if cfg!(windows) => &["odbccp32.dll"],
            DriverManager::Iodbc if cfg!(target_os = "macos") => &[
                "libiodbcinst.2.dylib",
                "/usr/local/lib/libiodbcinst.2.dylib",
                "/opt/homebrew/lib/libiodbcinst.2.dylib",
            ],
            DriverManager::UnixOdbc if cfg!(target_os = "macos") => &[
                "libodbcinst.2.dylib",
                "/opt/homebrew/lib/libodbcinst.2.dylib",
                "/usr/local/lib/libodbcinst.2.dylib",
            ],
            DriverManager::Iodbc => &["libiodbcinst.so.2", "libiodbcinst.so"],
            DriverManager::UnixOdbc => &["libodbcinst.so.2", "libodbcinst.so"],
        }
    }
}

/// Whether registration goes through this module rather than the `odbcinst`
/// tool: always for iODBC (whose files only its installer library writes by
/// its rules) and where unixODBC's tool is not the way (Windows, macOS).
pub fn selected(manager: DriverManager) -> bool {
    manager == DriverManager::Iodbc
        || cfg!(any(target_os = "windows", target_os = "macos"))
        || std::env::var_os("APIODBC_INSTALLER_API").is_some_and(|v| v == "1")
}

const ODBC_INSTALL_COMPLETE: u16 = 2;
const ODBC_USER_DSN: u16 = 1;
const ODBC_SYSTEM_DSN: u16 = 2;

type Bool = i32;
type InstallDriverEx = unsafe extern "system" fn(
    *const c_char,
    *const c_char,
    *mut c_char,
    u16,
    *mut u16,
    u16,
    *mut u32,
) -> Bool;
type RemoveDriver = unsafe extern "system" fn(*const c_char, Bool, *mut u32) -> Bool;
type SetConfigMode = unsafe extern "system" fn(u16) -> Bool;
type WriteDsnToIni = unsafe extern "system" fn(*const c_char, *const c_char) -> Bool;
type WriteProfileString =
    unsafe extern "system" fn(*const c_char, *const c_char, *const c_char, *const c_char) -> Bool;
type RemoveDsnFromIni = unsafe extern "system" fn(*const c_char) -> Bool;
type InstallerError = unsafe extern "system" fn(u16, *mut u32, *mut c_char, u16, *mut u16) -> i16;
type GetProfileString = unsafe extern "system" fn(
    *const c_char,
    *const c_char,
    *const c_char,
    *mut c_char,
    i32,
    *const c_char,
) -> i32;

fn load(manager: DriverManager) -> Result<Library, String> {
    let libraries = manager.libraries();
    for name in libraries {
        // SAFETY: loading the ODBC installer library runs only its initialisers.
        if let Ok(library) = unsafe { Library::new(*name) } {
            return Ok(library);
        }
    }
    Err(format!(
        "cannot load the ODBC installer library (tried {})",
        libraries.join(", ")
    ))
}

fn symbol<'l, T>(library: &'l Library, name: &str) -> Result<Symbol<'l, T>, String> {
    // SAFETY: each type above is the documented signature of the named function.
    unsafe { library.get(name.as_bytes()) }.map_err(|e| format!("{name}: {e}"))
}

fn text(s: &str) -> Result<CString, String> {
    CString::new(s).map_err(|_| format!("'{s}' contains a NUL character"))
}

/// Turns a FALSE return into the installer's own message.
fn check(library: &Library, ok: Bool, what: &str) -> Result<(), String> {
    if ok != 0 {
        return Ok(());
    }
    let mut message = String::new();
    if let Ok(error) = symbol::<InstallerError>(library, "SQLInstallerError") {
        let mut code = 0u32;
        let mut buf = vec![0u8; 512];
        let mut len = 0u16;
        // SAFETY: the buffer length is passed; the message is NUL-terminated.
        let rc = unsafe {
            error(
                1,
                &mut code,
                buf.as_mut_ptr().cast(),
                buf.len() as u16,
                &mut len,
            )
        };
        if rc >= 0 {
            let end = buf.iter().position(|b| *b == 0).unwrap_or(buf.len());
            message = String::from_utf8_lossy(&buf[..end]).into_owned();
        }
    }
    Err(format!("{what} failed: {message}"))
}

fn config_mode(library: &Library, scope: Scope) -> Result<(), String> {
    let set: Symbol<SetConfigMode> = symbol(library, "SQLSetConfigMode")?;
    let mode = match scope {
        Scope::System => ODBC_SYSTEM_DSN,
        Scope::User => ODBC_USER_DSN,
    };
    // SAFETY: plain value argument.
    let ok = unsafe { set(mode) };
    check(library, ok, "SQLSetConfigMode")
}

/// Registers driver entries (`SQLInstallDriverEx`); drivers are machine-wide.
pub fn install_drivers(manager: DriverManager, drivers: &[Section]) -> Result<(), String> {
    let library = load(manager)?;
    let install: Symbol<InstallDriverEx> = symbol(&library, "SQLInstallDriverEx")?;
    for driver in drivers {
        remove_driver(manager, &driver.name)?;
        // "name\0key=value\0...\0\0"
        let mut spec = driver.name.clone().into_bytes();
        spec.push(0);
        for (k, v) in &driver.entries {
            spec.extend_from_slice(format!("{k}={v}").as_bytes());
            spec.push(0);
        }
        spec.push(0);
        let mut path_out: Vec<c_char> = vec![0; 512];
        let mut path_len = 0u16;
        let mut usage = 0u32;
        // SAFETY: `spec` is double-NUL terminated; the output buffer length is passed.
        let ok = unsafe {
            install(
                spec.as_ptr().cast(),
                std::ptr::null(),
                path_out.as_mut_ptr(),
                path_out.len() as u16,
                &mut path_len,
                ODBC_INSTALL_COMPLETE,
                &mut usage,
            )
        };
        check(&library, ok, &format!("installing driver {}", driver.name))?;
    }
    Ok(())
}

/// Removes a driver entry whatever its usage count; absent is fine.
pub fn remove_driver(manager: DriverManager, name: &str) -> Result<(), String> {
    let library = load(manager)?;
    let remove: Symbol<RemoveDriver> = symbol(&library, "SQLRemoveDriver")?;
    let name = text(name)?;
    let mut usage = 0u32;
    for _ in 0..64 {
        // SAFETY: NUL-terminated name; `usage` receives the remaining count.
        let ok = unsafe { remove(name.as_ptr(), 0, &mut usage) };
        if ok == 0 || usage == 0 {
            break;
        }
    }
    Ok(())
}

/// Writes a data source, replacing one of the same name.
pub fn install_dsn(manager: DriverManager, scope: Scope, dsn: &Section) -> Result<(), String> {
    let library = load(manager)?;
    config_mode(&library, scope)?;
    remove_dsn(manager, scope, &dsn.name)?;
    let write_dsn: Symbol<WriteDsnToIni> = symbol(&library, "SQLWriteDSNToIni")?;
    let write: Symbol<WriteProfileString> = symbol(&library, "SQLWritePrivateProfileString")?;
    let name = text(&dsn.name)?;
    let driver = dsn
        .entries
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("Driver"))
        .map(|(_, v)| v.as_str())
        .ok_or("a data source needs a Driver")?;
    let driver = text(driver)?;
    // SAFETY: NUL-terminated strings.
    let ok = unsafe { write_dsn(name.as_ptr(), driver.as_ptr()) };
    check(&library, ok, &format!("writing data source {}", dsn.name))?;
    let file = text("odbc.ini")?;
    for (k, v) in dsn
        .entries
        .iter()
        .filter(|(k, _)| !k.eq_ignore_ascii_case("Driver"))
    {
        let (k, v) = (text(k)?, text(v)?);
        // SAFETY: NUL-terminated strings.
        let ok = unsafe { write(name.as_ptr(), k.as_ptr(), v.as_ptr(), file.as_ptr()) };
        check(
            &library,
            ok,
            &format!("writing {} of {}", k.to_string_lossy(), dsn.name),
        )?;
    }
    Ok(())
}

/// Removes a data source; absent is fine.
pub fn remove_dsn(manager: DriverManager, scope: Scope, name: &str) -> Result<(), String> {
    let library = load(manager)?;
    config_mode(&library, scope)?;
    let remove: Symbol<RemoveDsnFromIni> = symbol(&library, "SQLRemoveDSNFromIni")?;
    let name = text(name)?;
    // SAFETY: NUL-terminated name. FALSE only means there was nothing to remove.
    unsafe { remove(name.as_ptr()) };
    Ok(())
}

/// One `SQLGetPrivateProfileString` of odbc.ini in the current config mode;
/// without `key`, the section's keys, and without `section` the sections,
/// each NUL-terminated.
fn profile(library: &Library, section: Option<&str>, key: Option<&str>) -> Result<String, String> {
    let get: Symbol<GetProfileString> = symbol(library, "SQLGetPrivateProfileString")?;
    let (section, key) = (section.map(text).transpose()?, key.map(text).transpose()?);
    let file = text("odbc.ini")?;
    let mut buf = vec![0u8; 32768];
    // SAFETY: NUL-terminated strings or null; the buffer length is passed.
    let n = unsafe {
        get(
            section.as_ref().map_or(std::ptr::null(), |s| s.as_ptr()),
            key.as_ref().map_or(std::ptr::null(), |k| k.as_ptr()),
            c"".as_ptr(),
            buf.as_mut_ptr().cast(),
            buf.len() as i32,
            file.as_ptr(),
        )
    };
    buf.truncate(usize::try_from(n).unwrap_or(0).min(buf.len()));
    Ok(String::from_utf8_lossy(&buf).into_owned())
}

fn names(list: &str) -> impl Iterator<Item = &str> {
    list.split('\0').filter(|n| !n.is_empty())
}

/// The data sources of `scope`: the sections of its odbc.ini but iODBC's
/// list of them and the driver manager's own settings.
pub fn dsns(manager: DriverManager, scope: Scope) -> Result<Vec<String>, String> {
    let library = load(manager)?;
    config_mode(&library, scope)?;
    Ok(names(&profile(&library, None, None)?)
        .filter(|name| !["ODBC Data Sources", "ODBC"].contains(name))
        .map(str::to_string)
        .collect())
}

/// The entries of one data source, user scope first as the driver manager reads them.
pub fn dsn_entries(manager: DriverManager, name: &str) -> Result<Vec<(String, String)>, String> {
    let library = load(manager)?;
    for scope in [Scope::User, Scope::System] {
        config_mode(&library, scope)?;
        let entries = names(&profile(&library, Some(name), None)?)
            .map(|k| Ok((k.to_string(), profile(&library, Some(name), Some(k))?)))
            .collect::<Result<Vec<_>, String>>()?;
        if !entries.is_empty() {
            return Ok(entries);
        }
    }
    Err(format!("no data source named '{name}'"))
}
