//! `apiodbc setup`: the one-command demo. Builds the library (unless
//! given one), registers the drivers, starts the sandbox in the background,
//! writes the demo DSNs and runs sample queries through `isql`. Every step
//! replaces what an earlier run left, so running it again is safe;
//! `apiodbc uninstall` undoes all of it.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::entries::{Scope, Section};
use crate::installer_api::DriverManager;
use crate::odbcinst;
use crate::sandbox::{self, SERVICES};

pub struct Options {
    /// Use this library instead of building one.
    pub library: Option<PathBuf>,
    pub scope: Scope,
    pub base_port: u16,
    pub run_queries: bool,
}

pub fn run(options: Options) -> Result<(), String> {
    if cfg!(windows) {
        return Err(
            "`apiodbc setup` is not supported on Windows: install apiodbc-x86_64-windows.msi \
             and create data sources with the ODBC Data Source Administrator or `apiodbc dsn add`"
                .into(),
        );
    }
    for program in ["odbcinst", "isql"] {
        if !on_path(program) {
            return Err(format!(
                "`{program}` is missing: run ./setup.sh, or apt-get install unixodbc odbcinst"
            ));
        }
    }
    let library = match options.library {
        Some(library) => library,
        None => build_library()?,
    };
    crate::register_drivers(DriverManager::UnixOdbc, options.scope, &library)?;

    let state_dir = state_dir()?;
    let state = sandbox::ensure_background(&state_dir, options.base_port)?;
    println!("sandbox running (pid {}):", state.pid);
    for service in SERVICES {
        let (_, url) = state
            .urls
            .iter()
            .find(|(name, _)| name == service.name)
            .ok_or_else(|| format!("the sandbox does not serve {}", service.name))?;
        let mut entries = vec![("Driver".to_string(), service.driver.to_string())];
        entries.extend((service.dsn_entries)(url));
        odbcinst::install_dsn(
            DriverManager::UnixOdbc,
            options.scope,
            &Section {
                name: service.dsn.to_string(),
                entries,
            },
        )?;
        println!("  {} at {url}: data source {}", service.name, service.dsn);
    }
    if options.run_queries {
        for service in SERVICES {
            for sql in service.sample_queries {
                println!("\n{}> {sql}", service.dsn);
                print!("{}", isql(service.dsn, sql)?);
            }
        }
    }
    println!(
        "\nDone. Try: isql -v StripeDemo   or   isql -v BitbucketDemo   (remove everything with: apiodbc uninstall)"
    );
    Ok(())
}

/// Where the background sandbox's pid, URLs and log live.
pub fn state_dir() -> Result<PathBuf, String> {
    if let Some(dir) = std::env::var_os("XDG_STATE_HOME").filter(|d| !d.is_empty()) {
        return Ok(PathBuf::from(dir).join("apiodbc"));
    }
    let home = std::env::var_os("HOME").ok_or("HOME is not set")?;
    Ok(Path::new(&home).join(".local/state/apiodbc"))
}

fn on_path(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join(program).is_file()))
}

/// `cargo build --profile local` of the library and this command in this
/// source tree; returns the library's path. The `local` profile optimises
/// without LTO, so a first build fits in minutes, not the half hour of the
/// shipped release build. Both packages in one build, as `setup.sh` builds
/// them: cargo resolves features per invocation, so building the library
/// alone would compile its shared dependencies again.
fn build_library() -> Result<PathBuf, String> {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .ok_or("no workspace directory")?;
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    println!("building the library (profile local; the first build takes several minutes)...");
    let output = Command::new(cargo)
        .current_dir(workspace)
        .args([
            "build",
            "--profile",
            "local",
            "-p",
            "apiodbc",
            "-p",
            "apiodbc-installer",
            "--message-format=json-render-diagnostics",
        ])
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !output.status.success() {
        return Err("cargo build --profile local -p apiodbc -p apiodbc-installer failed".into());
    }
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter(|m| m["reason"] == "compiler-artifact" && m["target"]["name"] == "apiodbc")
        .flat_map(|m| {
            m["filenames"]
                .as_array()
                .cloned()
                .unwrap_or_default()
                .into_iter()
                .filter_map(|f| f.as_str().map(PathBuf::from))
                .collect::<Vec<_>>()
        })
        .find(|f| f.extension().is_some_and(|e| e == "so" || e == "dylib"))
        .ok_or_else(|| "cargo built no libapiodbc".to_string())
}

/// Runs one statement through `isql` on a DSN and returns what it printed.
pub fn isql(dsn: &str, sql: &str) -> Result<String, String> {
    let mut child = Command::new("isql")
        .args(["-v", "-b", "-m32", dsn])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run isql: {e}"))?;
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().expect("stdin is piped");
        writeln!(stdin, "{sql}").map_err(|e| format!("writing to isql: {e}"))?;
    }
    let output = child.wait_with_output().map_err(|e| format!("isql: {e}"))?;
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    if !output.status.success() || stdout.contains("[ISQL]ERROR") {
        return Err(format!(
            "isql {dsn} failed on `{sql}`:\n{stdout}{}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    Ok(stdout)
}
