//! `apiodbc package windows`: the Windows installer, an MSI built with
//! `wixl` (msitools) from `installer/windows/apiodbc.wxs`. It installs
//! `apiodbc.dll` and `apiodbc.exe` under `Program Files\apiodbc`, the Tableau
//! connectors under its `tableau` folder, and registers the drivers of
//! `odbcinst.ini.template` in `HKLM\SOFTWARE\ODBC\ODBCINST.INI`. The DLL and
//! the command are cross-compiled for `x86_64-pc-windows-gnu` unless given.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::DRIVERS;
use crate::tableau::{self, OAuthClients};

/// The Rust target the package is built for.
pub const TARGET: &str = "x86_64-pc-windows-gnu";
/// The file the package is written to, in the output folder.
pub const MSI: &str = "apiodbc-x86_64-windows.msi";
const WXS: &str = include_str!("../windows/apiodbc.wxs");
/// The file id of the DLL in the `.wxs`: `[#ApiodbcDll]` is its installed path.
const DLL_PATH: &str = "[#ApiodbcDll]";
const ODBCINST: &str = r"SOFTWARE\ODBC\ODBCINST.INI";

pub struct Options {
    /// The built `apiodbc.dll`; cross-compiled (release) when `None`.
    pub dll: Option<PathBuf>,
    /// The built `apiodbc.exe`; cross-compiled (release) when `None`.
    pub exe: Option<PathBuf>,
    /// Where the MSI goes (default: `dist` in cargo's target folder).
    pub out: Option<PathBuf>,
    /// The Tableau connectors are packaged with these, as `tableau package` does.
    pub xsd_dir: Option<PathBuf>,
    pub oauth: OAuthClients,
}

pub fn package(options: Options) -> Result<PathBuf, String> {
    let checkout = checkout();
    let target_dir =
        std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| checkout.join("target"), PathBuf::from);
    let (dll, exe) = match (options.dll, options.exe) {
        (Some(dll), Some(exe)) => (dll, exe),
        (dll, exe) => {
            cross_compile(&checkout)?;
            let built = target_dir.join(TARGET).join("release");
            (
                dll.unwrap_or_else(|| built.join("apiodbc.dll")),
                exe.unwrap_or_else(|| built.join("apiodbc.exe")),
            )
        }
    };
    for file in [&dll, &exe] {
        if !file.is_file() {
            return Err(format!("{} does not exist", file.display()));
        }
    }
    let scratch = tempfile::tempdir().map_err(|e| format!("temporary folder: {e}"))?;
    let tacos = tableau::package(
        &tableau::default_source(),
        options.xsd_dir.as_deref(),
        &options.oauth,
        scratch.path(),
    )?;
    let taco = |class: &str| {
        tacos
            .iter()
            .filter_map(|t| t.file_name())
            .find(|n| n.to_string_lossy().contains(class))
            .map(Path::new)
            .ok_or_else(|| format!("no {class} connector was packaged"))
    };
    // wixl takes sources relative to the .wxs only: everything goes beside it.
    for (file, name) in [(&dll, "apiodbc.dll"), (&exe, "apiodbc.exe")] {
        let staged = scratch.path().join(name);
        std::fs::hard_link(file, &staged)
            .or_else(|_| std::fs::copy(file, &staged).map(drop))
            .map_err(|e| format!("cannot copy {}: {e}", file.display()))?;
    }
    let wxs = scratch.path().join("apiodbc.wxs");
    std::fs::write(&wxs, source()).map_err(|e| format!("cannot write {}: {e}", wxs.display()))?;
    let out = options.out.unwrap_or_else(|| target_dir.join("dist"));
    std::fs::create_dir_all(&out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    let msi = out.join(MSI);
    let msi = std::path::absolute(&msi).map_err(|e| format!("{}: {e}", msi.display()))?;
    let mut wixl = Command::new("wixl");
    wixl.current_dir(scratch.path())
        .args(["--arch", "x64", "--output"])
        .arg(&msi);
    for (name, value) in [
        ("Version", Path::new(env!("CARGO_PKG_VERSION"))),
        ("Dll", Path::new("apiodbc.dll")),
        ("Exe", Path::new("apiodbc.exe")),
        ("StripeTaco", taco("stripe")?),
        ("BitbucketTaco", taco("bitbucket")?),
    ] {
        let mut define = std::ffi::OsString::from(format!("{name}="));
        define.push(value);
        wixl.arg("--define").arg(define);
    }
    let output = wixl
        .arg("apiodbc.wxs")
        .output()
        .map_err(|e| format!("cannot run wixl (apt-get install wixl): {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "wixl failed:\n{}",
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    println!("{}", msi.display());
    Ok(msi)
}

/// The checkout this command was built from.
fn checkout() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

/// `cargo build --release` of the DLL and the command for Windows.
fn cross_compile(checkout: &Path) -> Result<(), String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let status = Command::new(cargo)
        .current_dir(checkout)
        .args(["build", "--release", "--target", TARGET])
        .args(["-p", "apiodbc", "-p", "apiodbc-installer"])
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!(
            "cargo build for {TARGET} failed (rustup target add {TARGET}; apt-get install gcc-mingw-w64-x86-64)"
        ))
    }
}

/// The `.wxs` with the driver registry entries of `odbcinst.ini.template`.
fn source() -> String {
    let mut registry = String::new();
    let value = |key: &str, name: &str, value: &str, key_path: bool| {
        format!(
            "            <RegistryValue Root=\"HKLM\" Key=\"{}\" Name=\"{}\" Type=\"string\" Value=\"{}\"{}/>\n",
            xml(key),
            xml(name),
            xml(value),
            if key_path { " KeyPath=\"yes\"" } else { "" }
        )
    };
    for section in crate::driver_sections(DLL_PATH, Some(DLL_PATH)) {
        let key = format!(r"{ODBCINST}\{}", section.name);
        for (name, v) in &section.entries {
            registry.push_str(&value(&key, name, v, false));
        }
        let first = section.name == DRIVERS[0];
        registry.push_str(&value(
            &format!(r"{ODBCINST}\ODBC Drivers"),
            &section.name,
            "Installed",
            first,
        ));
    }
    WXS.replace("@DRIVER_REGISTRY@\n", &registry)
}

/// `value` escaped for an XML attribute.
fn xml(value: &str) -> String {
    value
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_entry_becomes_a_registry_value_of_its_driver() {
        let wxs = source();
        assert!(!wxs.contains("@DRIVER_REGISTRY@"));
        for driver in DRIVERS {
            let key = format!(r"SOFTWARE\ODBC\ODBCINST.INI\{driver}");
            for (name, value) in [
                ("Driver", DLL_PATH),
                ("Setup", DLL_PATH),
                ("APILevel", "1"),
                ("ConnectFunctions", "YYN"),
                ("DriverODBCVer", "03.80"),
                ("SQLLevel", "1"),
                ("FileUsage", "0"),
                ("Threading", "0"),
            ] {
                let element =
                    format!("Key=\"{key}\" Name=\"{name}\" Type=\"string\" Value=\"{value}\"");
                assert!(wxs.contains(&element), "{element} missing:\n{wxs}");
            }
            let listed = format!(
                "Key=\"SOFTWARE\\ODBC\\ODBCINST.INI\\ODBC Drivers\" Name=\"{driver}\" Type=\"string\" Value=\"Installed\""
            );
            assert!(wxs.contains(&listed), "{listed} missing");
        }
        // Nine template entries (all but UsageCount) and the listing, per driver.
        assert_eq!(wxs.matches("<RegistryValue").count(), DRIVERS.len() * 10);
        assert_eq!(
            wxs.matches("Value=\"Installed\" KeyPath=\"yes\"").count(),
            1,
            "one key path for the registry component"
        );
        assert!(!wxs.contains("UsageCount"));
        roxmltree::Document::parse(&wxs).expect("the .wxs is well-formed XML");
    }
}
