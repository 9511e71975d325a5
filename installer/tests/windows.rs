//! `apiodbc package windows` and the MSI it writes, installed with Wine's
//! `msiexec` in a fresh prefix: the files, the driver registration read back
//! with `wine reg query`, data sources created, changed and removed through
//! `SQLConfigDataSourceW` (which calls the DLL's `ConfigDSNW`), a query
//! through such a DSN, the cross-compiled `apiodbc.exe`, and the uninstall.
//!
//! Needs wine, mingw-w64, wixl and `rustup target add x86_64-pc-windows-gnu`
//! (skipped with a notice otherwise, except under CI).

use std::process::Command;

use apiodbc_tests::windows::{Prefix, Scratch, available_or_skip, build};
use apiodbc_tests::{FakeStripe, FakeStripeConfig};

const INSTALLED: &str = r"C:\Program Files\apiodbc";
const ODBCINST: &str = r"HKLM\Software\ODBC\ODBCINST.INI";
const ODBC_INI: &str = r"HKLM\Software\ODBC\ODBC.INI";
/// `SQLConfigDataSource` requests for system data sources.
const ADD_SYS_DSN: u16 = 4;
const CONFIG_SYS_DSN: u16 = 5;
const REMOVE_SYS_DSN: u16 = 6;

/// The driver entries the template says the installer writes, filled in
/// for the installed DLL.
fn template_entries(dll: &str) -> Vec<(String, Vec<(String, String)>)> {
    let template =
        std::fs::read_to_string(apiodbc_tests::checkout().join("odbcinst.ini.template")).unwrap();
    let mut sections: Vec<(String, Vec<(String, String)>)> = Vec::new();
    for line in template
        .lines()
        .map(str::trim)
        .filter(|l| !l.starts_with(';'))
    {
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            sections.push((name.to_owned(), Vec::new()));
        } else if let Some((key, value)) = line.split_once('=')
            && key.trim() != "UsageCount"
        {
            let value = value
                .trim()
                .replace("@LIBRARY@", dll)
                .replace("@SETUP@", dll);
            sections
                .last_mut()
                .unwrap()
                .1
                .push((key.trim().to_owned(), value));
        }
    }
    sections
}

/// A data source's entries as the driver manager reads them: Wine's
/// `SQLWritePrivateProfileString` writes the user's hive whatever the
/// configuration mode, `SQLWriteDSNToIni` the requested one.
fn dsn_entries(prefix: &Prefix, name: &str) -> Option<Vec<(String, String)>> {
    let system = prefix.registry(&format!(r"{ODBC_INI}\{name}"))?;
    let user = prefix
        .registry(&format!(r"HKCU\Software\ODBC\ODBC.INI\{name}"))
        .unwrap_or_default();
    Some(system.into_iter().chain(user).collect())
}

fn value<'a>(values: &'a [(String, String)], name: &str) -> Option<&'a str> {
    values
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

#[test]
fn the_msi_installs_registers_configures_and_uninstalls() {
    if !available_or_skip() {
        return;
    }
    let built = build();
    let out = Scratch::new("msi");
    let package = Command::new(env!("CARGO_BIN_EXE_apiodbc"))
        .args(["package", "windows", "--dll"])
        .arg(built.join("apiodbc.dll"))
        .arg("--exe")
        .arg(built.join("apiodbc.exe"))
        .arg("--out")
        .arg(out.path())
        .args([
            "--oauth-client-id",
            "bitbucket=key",
            "--oauth-client-secret",
            "bitbucket=secret",
            "--oauth-client-id",
            "stripe=ca_client",
            "--oauth-client-secret",
            "stripe=sk_live_platform",
        ])
        .output()
        .expect("run apiodbc package windows");
    assert!(package.status.success(), "{package:?}");
    let msi = out.path().join("apiodbc-x86_64-windows.msi");
    let msi = format!("Z:{}", msi.display()).replace('/', "\\");

    let prefix = Prefix::new();
    let install = prefix.wine(&["msiexec", "/i", &msi, "/qn"], "");
    assert!(install.status.success(), "{install:?}");

    // The files.
    let dll = format!(r"{INSTALLED}\apiodbc.dll");
    for file in [
        dll.clone(),
        format!(r"{INSTALLED}\apiodbc.exe"),
        format!(r"{INSTALLED}\tableau\apiodbc_stripe-v0.1.0.taco"),
        format!(r"{INSTALLED}\tableau\apiodbc_bitbucket-v0.1.0.taco"),
    ] {
        assert!(prefix.unix_path(&file).is_file(), "{file} is not installed");
    }
    assert_eq!(
        std::fs::read(prefix.unix_path(&dll)).unwrap(),
        std::fs::read(built.join("apiodbc.dll")).unwrap()
    );

    // The drivers, exactly as the template has them.
    let drivers = prefix
        .registry(&format!(r"{ODBCINST}\ODBC Drivers"))
        .expect("ODBC Drivers");
    let sections = template_entries(&dll);
    assert_eq!(sections.len(), 2);
    for (driver, entries) in &sections {
        assert_eq!(value(&drivers, driver), Some("Installed"), "{drivers:?}");
        let mut got = prefix
            .registry(&format!(r"{ODBCINST}\{driver}"))
            .unwrap_or_else(|| panic!("{driver} is not registered"));
        got.sort();
        let mut want = entries.clone();
        want.sort();
        assert_eq!(got, want, "{driver}");
        for key in [
            "Driver",
            "Setup",
            "APILevel",
            "ConnectFunctions",
            "DriverODBCVer",
            "SQLLevel",
            "FileUsage",
        ] {
            assert!(value(&got, key).is_some(), "{driver} has no {key}");
        }
    }

    // Data sources through the installer, which calls the DLL's ConfigDSNW.
    let fake = FakeStripe::start(FakeStripeConfig::sized(7, 3));
    let add = format!(
        "configdsn {ADD_SYS_DSN} apiodbc Stripe;DSN=WinStripe;LiveAPIKey={};BaseURL={};Description=made by ConfigDSN",
        fake.api_key(),
        fake.base_url()
    );
    let out = prefix.smoke(
        &[
            add.as_str(),
            "configdsn 4 apiodbc Stripe;DSN=Refused;Colour=red",
            "configdsn 4 apiodbc Stripe;DSN=Refused;Timeout=soon",
            &format!("load {dll}"),
            "connect DSN=WinStripe",
            "query SELECT count(*) FROM customers",
            "disconnect",
            "configdriver 3 apiodbc Stripe",
        ]
        .join("\n"),
    );
    let text = out.join("\n");
    assert_eq!(out[0], "configdsn 1", "{text}");
    let dsn = dsn_entries(&prefix, "WinStripe").expect("the data source was written");
    assert_eq!(value(&dsn, "LiveAPIKey"), Some(fake.api_key()));
    assert_eq!(value(&dsn, "BaseURL"), Some(fake.base_url().as_str()));
    assert_eq!(value(&dsn, "Description"), Some("made by ConfigDSN"));
    let sources = prefix
        .registry(&format!(r"{ODBC_INI}\ODBC Data Sources"))
        .unwrap();
    assert_eq!(value(&sources, "WinStripe"), Some("apiodbc Stripe"));
    // Invalid attributes write nothing (the message is posted with
    // SQLPostInstallerError, which Wine does not keep: see docs/platforms.md).
    assert_eq!(
        out.iter().filter(|l| *l == "configdsn 0").count(),
        2,
        "{text}"
    );
    assert_eq!(dsn_entries(&prefix, "Refused"), None);
    assert_eq!(
        prefix.registry(r"HKCU\Software\ODBC\ODBC.INI\Refused"),
        None
    );
    // The DSN works: the driver reads it through odbccp32.
    assert!(out.contains(&"row\t7".to_owned()), "{text}");
    let usage = out.iter().find(|l| l.starts_with("configdriver ")).unwrap();
    assert!(
        usage.starts_with("configdriver 1 apiodbc Stripe has no driver-wide settings"),
        "{usage}"
    );

    // Changed: the new entry joins the kept ones; then removed.
    let out = prefix.smoke(&format!(
        "configdsn {CONFIG_SYS_DSN} apiodbc Stripe;DSN=WinStripe;Timeout=15"
    ));
    assert_eq!(out, ["configdsn 1"]);
    let entries = dsn_entries(&prefix, "WinStripe").unwrap();
    assert_eq!(value(&entries, "Timeout"), Some("15"));
    assert_eq!(value(&entries, "LiveAPIKey"), Some(fake.api_key()));
    let out = prefix.smoke(&format!(
        "configdsn {REMOVE_SYS_DSN} apiodbc Stripe;DSN=WinStripe"
    ));
    assert_eq!(out, ["configdsn 1"]);
    assert_eq!(prefix.registry(&format!(r"{ODBC_INI}\WinStripe")), None);
    let sources = prefix
        .registry(&format!(r"{ODBC_INI}\ODBC Data Sources"))
        .unwrap_or_default();
    assert_eq!(value(&sources, "WinStripe"), None);

    // The installed command: DSNs through odbccp32, Unix-only parts refused.
    let exe = format!(r"{INSTALLED}\apiodbc.exe");
    let added = prefix.wine(
        &[
            &exe,
            "dsn",
            "add",
            "WinBitbucket",
            "Provider=bitbucket",
            "Workspace=acme",
            "--system",
        ],
        "",
    );
    assert!(added.status.success(), "{added:?}");
    let entries =
        dsn_entries(&prefix, "WinBitbucket").expect("apiodbc.exe dsn add wrote the data source");
    assert_eq!(value(&entries, "Workspace"), Some("acme"));
    let setup = prefix.wine(&[&exe, "setup"], "");
    assert!(!setup.status.success());
    assert!(
        setup.stderr.contains("not supported on Windows"),
        "{setup:?}"
    );

    // Uninstalled: the driver entries and the files are gone.
    let remove = prefix.wine(&["msiexec", "/x", &msi, "/qn"], "");
    assert!(remove.status.success(), "{remove:?}");
    for (driver, _) in &sections {
        assert_eq!(prefix.registry(&format!(r"{ODBCINST}\{driver}")), None);
        let listed = prefix.registry(&format!(r"{ODBCINST}\ODBC Drivers"));
        assert!(
            listed.is_none_or(|values| value(&values, driver).is_none()),
            "{driver} is still listed"
        );
    }
    assert!(!prefix.unix_path(&dll).exists());
    assert!(!prefix.unix_path(&format!(r"{INSTALLED}\tableau")).exists());
}
