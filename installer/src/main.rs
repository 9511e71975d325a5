//! `apiodbc`: registers the driver with the system's ODBC driver manager.

use std::path::{Path, PathBuf};
use std::process::Command;

use clap::{Parser, Subcommand};

/// The driver entries, with `@LIBRARY@` standing for the library's path.
const TEMPLATE: &str = include_str!("../../odbcinst.ini.template");
/// The driver names the template defines.
const DRIVER_NAMES: &[&str] = &["apiodbc Stripe", "apiodbc Bitbucket"];

#[derive(Parser)]
#[command(name = "apiodbc", version, about = "Set up the apiodbc ODBC driver")]
struct Cli {
    #[command(subcommand)]
    command: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Register the driver entries in unixODBC's odbcinst.ini.
    Install {
        /// Path of libapiodbc.so
        #[arg(long)]
        library: PathBuf,
    },
    /// Remove the driver entries this installer added.
    Uninstall,
}

fn main() -> std::process::ExitCode {
    let result = match Cli::parse().command {
        Cmd::Install { library } => install(&library),
        Cmd::Uninstall => uninstall(),
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("apiodbc: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

fn install(library: &Path) -> Result<(), String> {
    let library = library
        .canonicalize()
        .map_err(|e| format!("cannot find the driver library {}: {e}", library.display()))?;
    let entries = TEMPLATE.replace("@LIBRARY@", &library.display().to_string());
    let file = std::env::temp_dir().join(format!("apiodbc-odbcinst-{}.ini", std::process::id()));
    std::fs::write(&file, entries).map_err(|e| format!("cannot write {}: {e}", file.display()))?;
    let outcome = odbcinst(&["-i", "-d", "-f", &file.display().to_string()]);
    let _ = std::fs::remove_file(&file);
    outcome?;
    println!(
        "registered {} -> {}",
        DRIVER_NAMES.join(", "),
        library.display()
    );
    Ok(())
}

fn uninstall() -> Result<(), String> {
    for name in DRIVER_NAMES {
        odbcinst(&["-u", "-d", "-n", name])?;
    }
    println!("removed {}", DRIVER_NAMES.join(", "));
    Ok(())
}

/// Runs unixODBC's `odbcinst`, which writes the driver manager's odbcinst.ini.
fn odbcinst(args: &[&str]) -> Result<(), String> {
    let output = Command::new("odbcinst")
        .args(args)
        .output()
        .map_err(|e| format!("cannot run odbcinst (install unixODBC's odbcinst package): {e}"))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(format!(
            "odbcinst {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr).trim()
        ))
    }
}
