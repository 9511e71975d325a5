//! unixODBC's configuration files, always written through its `odbcinst` tool
//! so the driver manager's own INI rules apply.
//!
//! System scope: `odbcinst.ini` and `odbc.ini` in `$ODBCSYSINI` (default `/etc`).
//! User scope: drivers in `~/.odbcinst.ini` (unixODBC reads it after the system
//! file; `odbcinst` writes it when pointed there with `ODBCSYSINI`/`ODBCINSTINI`)
//! and data sources in `$ODBCINI` (default `~/.odbc.ini`).
//!
//! Where there is no `odbcinst` (Windows, macOS with iODBC), writing and
//! removing entries goes through the installer API instead ([`installer_api`]).

use std::path::PathBuf;
use std::process::Command;

use crate::entries::{Scope, Section};
use crate::installer_api::{self, DriverManager};

fn home() -> Result<PathBuf, String> {
    std::env::var_os("HOME")
        .map(PathBuf::from)
        .ok_or_else(|| "HOME is not set".to_string())
}

/// An `odbcinst` invocation aimed at the files of `scope`.
fn command(scope: Scope, for_drivers: bool) -> Result<Command, String> {
    let mut command = Command::new("odbcinst");
    if scope == Scope::User {
        let home = home()?;
        if for_drivers {
            command
                .env("ODBCSYSINI", &home)
                .env("ODBCINSTINI", ".odbcinst.ini");
        } else if std::env::var_os("ODBCINI").is_none() {
            // unixODBC would otherwise pick the password database's home, not $HOME.
            command.env("ODBCINI", home.join(".odbc.ini"));
        }
    }
    Ok(command)
}

/// Runs `odbcinst` and returns its standard output.
fn run(mut command: Command, args: &[&str]) -> Result<String, String> {
    let output = command.args(args).output().map_err(|e| {
        format!("cannot run odbcinst (apt-get install unixodbc odbcinst, or run ./setup.sh): {e}")
    })?;
    if output.status.success() {
        Ok(String::from_utf8_lossy(&output.stdout).into_owned())
    } else {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let stdout = String::from_utf8_lossy(&output.stdout);
        Err(format!(
            "odbcinst {}: {}",
            args.join(" "),
            format!("{} {}", stdout.trim(), stderr.trim()).trim()
        ))
    }
}

/// `section` as `odbcinst -i` reads it.
fn ini(section: &Section) -> String {
    let mut text = format!("[{}]\n", section.name);
    for (k, v) in &section.entries {
        text.push_str(&format!("{k} = {v}\n"));
    }
    text
}

/// Feeds `sections` to `odbcinst -i` through a private temporary file.
fn install_sections(scope: Scope, for_drivers: bool, sections: &[Section]) -> Result<(), String> {
    let text: String = sections.iter().map(|s| ini(s) + "\n").collect();
    let mut file = tempfile::Builder::new()
        .prefix("apiodbc-")
        .suffix(".ini")
        .tempfile()
        .map_err(|e| format!("cannot create a temporary file: {e}"))?;
    std::io::Write::write_all(&mut file, text.as_bytes())
        .map_err(|e| format!("cannot write a temporary file: {e}"))?;
    let path = file.path().display().to_string();
    let kind = if for_drivers { "-d" } else { "-s" };
    let mut args = vec!["-i", kind, "-f", &path];
    if !for_drivers {
        args.push(scope_flag(scope));
    }
    run(command(scope, for_drivers)?, &args).map(drop)
}

fn scope_flag(scope: Scope) -> &'static str {
    match scope {
        Scope::System => "-l",
        Scope::User => "-h",
    }
}

/// Registers driver entries (replacing any of the same name).
pub fn install_drivers(
    manager: DriverManager,
    scope: Scope,
    drivers: &[Section],
) -> Result<(), String> {
    if installer_api::selected(manager) {
        return installer_api::install_drivers(manager, drivers);
    }
    for driver in drivers {
        remove_driver(manager, scope, &driver.name)?;
    }
    install_sections(scope, true, drivers)
}

/// Removes a driver entry; absent is fine.
pub fn remove_driver(manager: DriverManager, scope: Scope, name: &str) -> Result<(), String> {
    if installer_api::selected(manager) {
        return installer_api::remove_driver(manager, name);
    }
    // Each uninstall lowers the usage count; the entry goes when it reaches zero.
    for _ in 0..MAX_USAGE_COUNT {
        if !drivers(scope)?.iter().any(|d| d == name) {
            return Ok(());
        }
        run(command(scope, true)?, &["-u", "-d", "-n", name])?;
    }
    Err(format!(
        "driver '{name}' is still registered after {MAX_USAGE_COUNT} uninstalls"
    ))
}

/// A bound on the usage counts `remove_driver` will count down.
const MAX_USAGE_COUNT: usize = 64;

/// Names of the registered drivers in `scope`.
pub fn drivers(scope: Scope) -> Result<Vec<String>, String> {
    section_names(run_query(command(scope, true)?, &["-q", "-d"])?)
}

/// Writes a data source (replacing an existing one of the same name).
pub fn install_dsn(manager: DriverManager, scope: Scope, dsn: &Section) -> Result<(), String> {
    if installer_api::selected(manager) {
        return installer_api::install_dsn(manager, scope, dsn);
    }
    remove_dsn(manager, scope, &dsn.name)?;
    install_sections(scope, false, std::slice::from_ref(dsn))
}

/// Removes a data source; absent is fine.
pub fn remove_dsn(manager: DriverManager, scope: Scope, name: &str) -> Result<(), String> {
    if installer_api::selected(manager) {
        return installer_api::remove_dsn(manager, scope, name);
    }
    if !dsns(manager, scope)?.iter().any(|d| d == name) {
        return Ok(());
    }
    run(
        command(scope, false)?,
        &["-u", "-s", scope_flag(scope), "-n", name],
    )
    .map(drop)
}

/// Names of the data sources in `scope`.
pub fn dsns(manager: DriverManager, scope: Scope) -> Result<Vec<String>, String> {
    if installer_api::selected(manager) {
        return installer_api::dsns(manager, scope);
    }
    section_names(run_query(
        command(scope, false)?,
        &["-q", "-s", scope_flag(scope)],
    )?)
}

/// The entries of one data source as the driver manager sees it (user first, then system).
pub fn dsn_entries(manager: DriverManager, name: &str) -> Result<Vec<(String, String)>, String> {
    if installer_api::selected(manager) {
        return installer_api::dsn_entries(manager, name);
    }
    let text = run(command(Scope::User, false)?, &["-q", "-s", "-n", name])
        .map_err(|_| format!("no data source named '{name}'"))?;
    Ok(text
        .lines()
        .filter(|l| !l.trim_start().starts_with('['))
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect())
}

/// `odbcinst -q` fails when the file has no sections at all; that is an empty list.
fn run_query(command: Command, args: &[&str]) -> Result<String, String> {
    match run(command, args) {
        Ok(text) => Ok(text),
        Err(e) if e.contains("SQLGetPrivateProfileString failed") => Ok(String::new()),
        Err(e) => Err(e),
    }
}

fn section_names(text: String) -> Result<Vec<String>, String> {
    Ok(text
        .lines()
        .filter_map(|l| l.trim().strip_prefix('[')?.strip_suffix(']'))
        .map(str::to_string)
        .collect())
}
