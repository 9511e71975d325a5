//! The setup entry points the ODBC installer calls (`ConfigDSN`,
//! `ConfigDriver`): the ODBC Data Source Administrator, `Add-OdbcDsn` and
//! `SQLConfigDataSource` create, change and remove data sources through them.
//!
//! Deciding what a request means is plain code, tested on every platform;
//! carrying it out (`odbccp32.dll`, the console window) is Windows only.

use apiodbc_providers::properties;
use apiodbc_providers::validate;

/// `ConfigDSN` requests.
const ADD_DSN: u16 = 1;
const CONFIG_DSN: u16 = 2;
const REMOVE_DSN: u16 = 3;
/// `ConfigDriver` requests.
const INSTALL_DRIVER: u16 = 1;
const REMOVE_DRIVER: u16 = 2;
const CONFIG_DRIVER: u16 = 3;

/// `ODBC_ERROR_*` codes posted with `SQLPostInstallerError`.
pub const ERROR_INVALID_REQUEST_TYPE: u32 = 5;
pub const ERROR_INVALID_NAME: u32 = 7;
pub const ERROR_INVALID_KEYWORD_VALUE: u32 = 8;
pub const ERROR_INVALID_DSN: u32 = 9;

/// Attributes a data source may carry besides connection properties.
const DSN_ONLY: &[&str] = &["Description"];

/// Why a setup request failed: an `ODBC_ERROR_*` code and a message for the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub code: u32,
    pub message: String,
}

impl Failure {
    pub fn new(code: u32, message: impl Into<String>) -> Failure {
        Failure {
            code,
            message: message.into(),
        }
    }
}

/// What a `ConfigDSN` call asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DsnAction {
    /// Write the data source: its entries replace an existing one's when
    /// `replace`, or are added to them.
    Write {
        dsn: String,
        entries: Vec<(String, String)>,
        replace: bool,
    },
    Remove {
        dsn: String,
    },
    /// Let the user fill the properties in (`dsn` is the one to change, if any).
    Prompt {
        dsn: Option<String>,
    },
}

/// Splits a `ConfigDSN` attribute list (`key=value` entries separated by
/// NULs). A malformed entry is named by position only: it may be a secret
/// pasted without its key.
pub fn parse_attributes(list: &str) -> Result<Vec<(String, String)>, Failure> {
    list.split('\0')
        .filter(|entry| !entry.is_empty())
        .enumerate()
        .map(|(i, entry)| match entry.split_once('=') {
            Some((key, value)) if !key.trim().is_empty() => {
                Ok((key.trim().to_string(), value.trim().to_string()))
            }
            _ => Err(Failure::new(
                ERROR_INVALID_KEYWORD_VALUE,
                format!("attribute {} is not a keyword=value pair", i + 1),
            )),
        })
        .collect()
}

/// Decides what `ConfigDSN(request, driver, attributes)` does. `interactive`
/// is a parent window given; `existing` reads a data source's entries.
/// Attributes are checked against the driver's property definitions.
pub fn plan_dsn(
    interactive: bool,
    request: u16,
    driver: &str,
    attributes: &[(String, String)],
    existing: impl Fn(&str) -> Option<Vec<(String, String)>>,
) -> Result<DsnAction, Failure> {
    if !matches!(request, ADD_DSN | CONFIG_DSN | REMOVE_DSN) {
        return Err(Failure::new(
            ERROR_INVALID_REQUEST_TYPE,
            format!("ConfigDSN request {request} is not add (1), configure (2) or remove (3)"),
        ));
    }
    if driver.trim().is_empty() {
        return Err(Failure::new(ERROR_INVALID_NAME, "no driver name given"));
    }
    let dsn = attributes
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("DSN"))
        .map(|(_, v)| v.clone())
        .filter(|v| !v.is_empty());
    if let Some(name) = &dsn {
        check_name(name)?;
    }
    let only_names = attributes
        .iter()
        .all(|(k, _)| k.eq_ignore_ascii_case("DSN"));
    if request != REMOVE_DSN && interactive && only_names {
        return Ok(DsnAction::Prompt { dsn });
    }
    let dsn = dsn.ok_or_else(|| Failure::new(ERROR_INVALID_DSN, "no DSN=name attribute given"))?;
    let old = existing(&dsn);
    match request {
        REMOVE_DSN => Ok(DsnAction::Remove { dsn }),
        CONFIG_DSN if old.is_none() => Err(Failure::new(
            ERROR_INVALID_DSN,
            format!("there is no data source named '{dsn}' to configure"),
        )),
        _ => {
            let entries: Vec<(String, String)> = attributes
                .iter()
                .filter(|(k, _)| {
                    !k.eq_ignore_ascii_case("DSN") && !k.eq_ignore_ascii_case("Driver")
                })
                .cloned()
                .collect();
            // Changed entries are checked together with those they join.
            let kept = old
                .filter(|_| request == CONFIG_DSN)
                .unwrap_or_default()
                .into_iter()
                .filter(|(k, _)| !k.eq_ignore_ascii_case("Driver"));
            let mut all = vec![("Driver".to_string(), driver.to_string())];
            all.extend(kept.chain(entries.iter().cloned()));
            all.retain(|(k, _)| !DSN_ONLY.iter().any(|d| d.eq_ignore_ascii_case(k)));
            validate::check(&all).map_err(|problems| {
                Failure::new(
                    ERROR_INVALID_KEYWORD_VALUE,
                    format!("data source '{dsn}' not written: {}", problems.join("; ")),
                )
            })?;
            Ok(DsnAction::Write {
                dsn,
                entries,
                replace: request == ADD_DSN,
            })
        }
    }
}

/// Data source names may not hold the characters ODBC reserves.
fn check_name(name: &str) -> Result<(), Failure> {
    const RESERVED: &str = "[]{}(),;?*=!@\\";
    match name.chars().find(|c| RESERVED.contains(*c)) {
        Some(c) => Err(Failure::new(
            ERROR_INVALID_DSN,
            format!("the data source name '{name}' may not contain '{c}'"),
        )),
        None => Ok(()),
    }
}

/// `ConfigDriver`: registration itself is the installer's (the MSI or
/// `SQLInstallDriverEx`), so installing and removing need nothing more;
/// configuring answers with how to use the driver.
pub fn config_driver(request: u16, driver: &str) -> Result<String, Failure> {
    match request {
        INSTALL_DRIVER => Ok(format!("{driver} installed")),
        REMOVE_DRIVER => Ok(format!("{driver} removed")),
        CONFIG_DRIVER => Ok(format!(
            "{driver} has no driver-wide settings: every setting is a connection property of a \
             data source or connection string ({}). Create data sources with the ODBC Data \
             Source Administrator, Add-OdbcDsn or `apiodbc dsn add`.",
            properties::DEFINITIONS
                .iter()
                .map(|d| d.name)
                .filter(|n| !["Driver", "DSN"].contains(n))
                .collect::<Vec<_>>()
                .join(", ")
        )),
        other => Err(Failure::new(
            ERROR_INVALID_REQUEST_TYPE,
            format!("ConfigDriver request {other} is not install (1), remove (2) or configure (3)"),
        )),
    }
}

#[cfg(windows)]
pub use windows::{ERROR_GENERAL, carry_out, post_error};

/// Carrying a decision out through `odbccp32.dll`, loaded at run time like
/// the rest of the installer API (`crate::dsn`).
#[cfg(windows)]
mod windows {
    use std::ffi::c_int;
    use std::os::windows::process::CommandExt;
    use std::process::Command;

    use libloading::Symbol;

    use super::{DsnAction, Failure};

    pub const ERROR_GENERAL: u32 = 1;
    const ERROR_REQUEST_FAILED: u32 = 11;
    const ERROR_USER_CANCELED: u32 = 16;

    type Bool = c_int;
    type WriteDsnToIni = unsafe extern "system" fn(*const u16, *const u16) -> Bool;
    type WriteProfileString =
        unsafe extern "system" fn(*const u16, *const u16, *const u16, *const u16) -> Bool;
    type RemoveDsnFromIni = unsafe extern "system" fn(*const u16) -> Bool;
    type GetConfigMode = unsafe extern "system" fn(*mut u16) -> Bool;
    type PostInstallerError = unsafe extern "system" fn(u32, *const u16) -> i16;

    /// `ODBC_SYSTEM_DSN` from `SQLGetConfigMode`.
    const SYSTEM_DSN: u16 = 2;
    /// `CREATE_NEW_CONSOLE`: the connection builder gets a window of its own.
    const CREATE_NEW_CONSOLE: u32 = 0x10;
    /// The connection builder installed beside the DLL.
    const BUILDER: &str = "apiodbc.exe";

    fn wide(s: &str) -> Vec<u16> {
        s.encode_utf16().chain([0]).collect()
    }

    fn function<T>(name: &str) -> Result<Symbol<'static, T>, Failure> {
        let library = crate::dsn::installer()
            .ok_or_else(|| Failure::new(ERROR_GENERAL, "cannot load odbccp32.dll"))?;
        // SAFETY: each type above is the documented signature of the named function.
        unsafe { library.get(name.as_bytes()) }
            .map_err(|e| Failure::new(ERROR_GENERAL, format!("odbccp32.dll: {name}: {e}")))
    }

    /// Posts a failure to the installer's error queue, where
    /// `SQLInstallerError` shows it to the caller.
    pub fn post_error(failure: &Failure) {
        if let Ok(post) = function::<PostInstallerError>("SQLPostInstallerErrorW\0") {
            // SAFETY: a NUL-terminated UTF-16 message.
            unsafe { post(failure.code, wide(&failure.message).as_ptr()) };
        }
    }

    fn check(ok: Bool, what: impl FnOnce() -> String) -> Result<(), Failure> {
        if ok != 0 {
            Ok(())
        } else {
            Err(Failure::new(ERROR_REQUEST_FAILED, what()))
        }
    }

    /// Does what [`super::plan_dsn`] decided.
    pub fn carry_out(action: DsnAction, driver: &str) -> Result<(), Failure> {
        match action {
            DsnAction::Remove { dsn } => {
                let remove = function::<RemoveDsnFromIni>("SQLRemoveDSNFromIniW\0")?;
                // SAFETY: a NUL-terminated UTF-16 name.
                let ok = unsafe { remove(wide(&dsn).as_ptr()) };
                check(ok, || format!("cannot remove data source '{dsn}'"))
            }
            DsnAction::Write {
                dsn,
                entries,
                replace,
            } => {
                if replace {
                    let remove = function::<RemoveDsnFromIni>("SQLRemoveDSNFromIniW\0")?;
                    // SAFETY: a NUL-terminated UTF-16 name. FALSE means there was none.
                    unsafe { remove(wide(&dsn).as_ptr()) };
                }
                let write_dsn = function::<WriteDsnToIni>("SQLWriteDSNToIniW\0")?;
                let write = function::<WriteProfileString>("SQLWritePrivateProfileStringW\0")?;
                let name = wide(&dsn);
                // SAFETY: NUL-terminated UTF-16 strings.
                let ok = unsafe { write_dsn(name.as_ptr(), wide(driver).as_ptr()) };
                check(ok, || format!("cannot write data source '{dsn}'"))?;
                let file = wide("odbc.ini");
                for (key, value) in &entries {
                    // SAFETY: NUL-terminated UTF-16 strings.
                    let ok = unsafe {
                        write(
                            name.as_ptr(),
                            wide(key).as_ptr(),
                            wide(value).as_ptr(),
                            file.as_ptr(),
                        )
                    };
                    check(ok, || format!("cannot write {key} of data source '{dsn}'"))?;
                }
                Ok(())
            }
            DsnAction::Prompt { dsn } => prompt(driver, dsn.as_deref()),
        }
    }

    /// Opens the connection builder in a console window of its own, for the
    /// user to fill the properties in, test them and save the data source,
    /// and waits for it: the caller lists data sources again on return.
    fn prompt(driver: &str, dsn: Option<&str>) -> Result<(), Failure> {
        let builder = apiodbc_providers::windows::module_path()
            .and_then(|dll| Some(dll.parent()?.join(BUILDER)))
            .filter(|p| p.is_file())
            .ok_or_else(|| {
                Failure::new(
                    ERROR_GENERAL,
                    format!("{BUILDER} is not installed beside the driver: reinstall apiodbc"),
                )
            })?;
        let mut command = Command::new(&builder);
        command
            .args(["dsn", "edit", "--driver", driver])
            .arg(scope()?)
            .args(dsn)
            .creation_flags(CREATE_NEW_CONSOLE);
        let status = command.status().map_err(|e| {
            Failure::new(
                ERROR_GENERAL,
                format!("cannot start {}: {e}", builder.display()),
            )
        })?;
        if status.success() {
            Ok(())
        } else {
            Err(Failure::new(
                ERROR_USER_CANCELED,
                "the data source was not saved",
            ))
        }
    }

    /// `--system` or `--user`: the scope the caller asked the installer for.
    fn scope() -> Result<&'static str, Failure> {
        let get = function::<GetConfigMode>("SQLGetConfigMode\0")?;
        let mut mode = 0u16;
        // SAFETY: `mode` receives the current configuration mode.
        unsafe { get(&mut mode) };
        Ok(if mode == SYSTEM_DSN {
            "--system"
        } else {
            "--user"
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn none(_: &str) -> Option<Vec<(String, String)>> {
        None
    }

    #[test]
    fn attribute_lists_split_on_nuls_and_refuse_pairs_without_a_key() {
        assert_eq!(
            parse_attributes("DSN=Stripe\0LiveAPIKey=sk_test_1\0Description=a=b\0").unwrap(),
            pairs(&[
                ("DSN", "Stripe"),
                ("LiveAPIKey", "sk_test_1"),
                ("Description", "a=b")
            ])
        );
        assert_eq!(parse_attributes("").unwrap(), vec![]);
        let failure = parse_attributes("DSN=x\0sk_live_secret\0").unwrap_err();
        assert_eq!(failure.code, ERROR_INVALID_KEYWORD_VALUE);
        assert_eq!(failure.message, "attribute 2 is not a keyword=value pair");
    }

    #[test]
    fn adding_writes_the_checked_entries_and_replaces() {
        let attributes = pairs(&[
            ("DSN", "Stripe live"),
            ("LiveAPIKey", "sk_live_1"),
            ("Description", "payments"),
            ("Timeout", "30"),
        ]);
        let action = plan_dsn(false, ADD_DSN, "apiodbc Stripe", &attributes, none).unwrap();
        assert_eq!(
            action,
            DsnAction::Write {
                dsn: "Stripe live".into(),
                entries: attributes[1..].to_vec(),
                replace: true,
            }
        );
    }

    #[test]
    fn invalid_attributes_are_refused_with_every_problem_named() {
        let failure = plan_dsn(
            false,
            ADD_DSN,
            "apiodbc Stripe",
            &pairs(&[
                ("DSN", "S"),
                ("Colour", "red"),
                ("Workspace", "acme"),
                ("Timeout", "soon"),
            ]),
            none,
        )
        .unwrap_err();
        assert_eq!(failure.code, ERROR_INVALID_KEYWORD_VALUE);
        for expected in [
            "data source 'S' not written",
            "unknown property 'Colour'",
            "Workspace applies to bitbucket only, not stripe",
            "Timeout must be a whole number",
        ] {
            assert!(
                failure.message.contains(expected),
                "{expected}: {failure:?}"
            );
        }
    }

    #[test]
    fn configuring_checks_the_new_entries_with_the_kept_ones() {
        let existing = |name: &str| {
            (name == "BB").then(|| {
                pairs(&[
                    ("Driver", "C:\\apiodbc\\apiodbc.dll"),
                    ("AuthScheme", "Basic"),
                    ("User", "me@example.com"),
                ])
            })
        };
        let action = plan_dsn(
            false,
            CONFIG_DSN,
            "apiodbc Bitbucket",
            &pairs(&[("DSN", "BB"), ("Workspace", "acme")]),
            existing,
        )
        .unwrap();
        assert_eq!(
            action,
            DsnAction::Write {
                dsn: "BB".into(),
                entries: pairs(&[("Workspace", "acme")]),
                replace: false,
            }
        );
        // The kept AuthScheme=Basic conflicts with a new OAuth token.
        let failure = plan_dsn(
            false,
            CONFIG_DSN,
            "apiodbc Bitbucket",
            &pairs(&[("DSN", "BB"), ("OAuthAccessToken", "t")]),
            existing,
        )
        .unwrap_err();
        assert!(
            failure
                .message
                .contains("OAuthAccessToken conflicts with AuthScheme=Basic"),
            "{failure:?}"
        );
        let missing = plan_dsn(
            false,
            CONFIG_DSN,
            "apiodbc Bitbucket",
            &pairs(&[("DSN", "Nope"), ("Workspace", "acme")]),
            existing,
        )
        .unwrap_err();
        assert_eq!(missing.code, ERROR_INVALID_DSN);
    }

    #[test]
    fn a_window_without_properties_prompts_and_removal_never_does() {
        let only_name = pairs(&[("DSN", "Mine")]);
        assert_eq!(
            plan_dsn(true, ADD_DSN, "apiodbc Stripe", &[], none).unwrap(),
            DsnAction::Prompt { dsn: None }
        );
        assert_eq!(
            plan_dsn(true, CONFIG_DSN, "apiodbc Stripe", &only_name, none).unwrap(),
            DsnAction::Prompt {
                dsn: Some("Mine".into())
            }
        );
        assert_eq!(
            plan_dsn(true, REMOVE_DSN, "apiodbc Stripe", &only_name, none).unwrap(),
            DsnAction::Remove { dsn: "Mine".into() }
        );
        // Without a window there is nobody to ask.
        let silent = plan_dsn(false, ADD_DSN, "apiodbc Stripe", &[], none).unwrap_err();
        assert_eq!(silent.code, ERROR_INVALID_DSN);
    }

    #[test]
    fn bad_requests_names_and_drivers_are_refused() {
        let name = pairs(&[("DSN", "a;b")]);
        assert_eq!(
            plan_dsn(false, REMOVE_DSN, "apiodbc Stripe", &name, none)
                .unwrap_err()
                .code,
            ERROR_INVALID_DSN
        );
        let ok = pairs(&[("DSN", "ab")]);
        assert_eq!(
            plan_dsn(false, 9, "apiodbc Stripe", &ok, none)
                .unwrap_err()
                .code,
            ERROR_INVALID_REQUEST_TYPE
        );
        assert_eq!(
            plan_dsn(false, ADD_DSN, " ", &ok, none).unwrap_err().code,
            ERROR_INVALID_NAME
        );
    }

    #[test]
    fn config_driver_accepts_install_and_remove_and_explains_configuration() {
        assert!(config_driver(INSTALL_DRIVER, "apiodbc Stripe").is_ok());
        assert!(config_driver(REMOVE_DRIVER, "apiodbc Stripe").is_ok());
        let usage = config_driver(CONFIG_DRIVER, "apiodbc Stripe").unwrap();
        assert!(
            usage.contains("apiodbc Stripe has no driver-wide settings")
                && usage.contains("LiveAPIKey")
                && !usage.contains("DSN,"),
            "{usage}"
        );
        assert_eq!(
            config_driver(101, "x").unwrap_err().code,
            ERROR_INVALID_REQUEST_TYPE
        );
    }
}
