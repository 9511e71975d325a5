//! `apiodbc`: sets the driver up with the system's ODBC driver manager, runs
//! the demo sandbox, builds and tests connections, packages Tableau connectors.

mod connection;
mod dsn_edit;
mod entries;
mod installer_api;
mod odbcinst;
mod package_windows;
mod sandbox;
mod setup;
mod tableau;

use std::path::{Path, PathBuf};

use apiodbc_providers::validate;
use clap::{Args, Parser, Subcommand};

use entries::{Scope, Section};
use installer_api::DriverManager;

/// The driver entries, with `@LIBRARY@` standing for the library's path.
const TEMPLATE: &str = include_str!("../../odbcinst.ini.template");
/// The driver names the template defines, one per provider.
pub const DRIVERS: &[&str] = &["apiodbc Stripe", "apiodbc Bitbucket"];

/// The registered driver name of a provider (`stripe` → `apiodbc Stripe`).
pub fn driver_name(provider: &str) -> &'static str {
    DRIVERS
        .iter()
        .find(|d| d.to_ascii_lowercase().ends_with(provider))
        .expect("every provider has a driver name")
}

#[derive(Parser)]
#[command(
    name = "apiodbc",
    version,
    about = "Set up and try the apiodbc ODBC driver"
)]
struct Cli {
    #[command(subcommand)]
    command: Cmd,
}

/// Where entries go: the driver manager's files, system-wide as root,
/// per-user otherwise, unless chosen.
#[derive(Args, Clone, Copy)]
struct ScopeArgs {
    /// Write the system files (unixODBC: odbcinst.ini/odbc.ini in $ODBCSYSINI
    /// or /etc; iODBC: /Library/ODBC on macOS, /etc on Linux).
    #[arg(long, conflicts_with = "user")]
    system: bool,
    /// Write the user's files (unixODBC: ~/.odbcinst.ini, $ODBCINI or
    /// ~/.odbc.ini; iODBC: ~/Library/ODBC on macOS, ~/.odbc*.ini on Linux).
    #[arg(long)]
    user: bool,
    /// The driver manager whose files are written; iODBC honours
    /// $ODBCINSTINI and $ODBCINI. Default: iodbc on macOS, unixodbc elsewhere.
    #[arg(long, value_enum, default_value_t = DriverManager::platform_default())]
    driver_manager: DriverManager,
}

impl ScopeArgs {
    fn scope(self) -> Scope {
        Scope::choose(self.system, self.user)
    }
}

#[derive(Subcommand)]
enum Cmd {
    /// Build the library (profile local), register the drivers, start the sandbox,
    /// create the StripeDemo DSN and run sample queries. Safe to re-run.
    Setup {
        /// Use this library instead of building one.
        #[arg(long)]
        library: Option<PathBuf>,
        /// First sandbox port (one per API); 0 picks free ports.
        #[arg(long, default_value_t = sandbox::DEFAULT_BASE_PORT)]
        base_port: u16,
        /// Skip the sample queries.
        #[arg(long)]
        no_queries: bool,
        #[command(flatten)]
        scope: ScopeArgs,
    },
    /// Register the driver entries (`apiodbc Stripe`, `apiodbc Bitbucket`).
    Install {
        /// Path of libapiodbc.so
        #[arg(long)]
        library: PathBuf,
        #[command(flatten)]
        scope: ScopeArgs,
    },
    /// Remove what `setup`/`install` added: the sandbox, the demo DSNs, the drivers.
    Uninstall {
        #[command(flatten)]
        scope: ScopeArgs,
    },
    /// Manage data sources in odbc.ini.
    Dsn {
        #[command(subcommand)]
        command: DsnCmd,
    },
    /// Serve sample API data on loopback until killed (what the demo DSNs use).
    Sandbox {
        /// First port (one per API); 0 picks free ports.
        #[arg(long, default_value_t = sandbox::DEFAULT_BASE_PORT)]
        base_port: u16,
    },
    /// Check properties, connect, list schemas and table counts, report the
    /// time and API requests, and print the finished connection string.
    #[command(after_help = properties_help())]
    TestConnection {
        /// Start from this data source's entries.
        #[arg(long)]
        dsn: Option<String>,
        /// Load this library instead of the registered driver.
        #[arg(long)]
        library: Option<PathBuf>,
        /// Print secrets in the connection string instead of ********.
        #[arg(long)]
        show_secrets: bool,
        /// Connection properties, e.g. Provider=stripe LiveAPIKey=sk_test_...
        #[arg(value_parser = connection::parse_pair)]
        properties: Vec<(String, String)>,
    },
    /// Tableau connector plugins.
    Tableau {
        #[command(subcommand)]
        command: TableauCmd,
    },
    /// Installers for other platforms.
    Package {
        #[command(subcommand)]
        command: PackageCmd,
    },
}

#[derive(Subcommand)]
enum PackageCmd {
    /// Build the Windows MSI (target/dist/apiodbc-x86_64-windows.msi) with wixl:
    /// the DLL, apiodbc.exe, the Tableau connectors and the driver registration.
    Windows {
        /// A built apiodbc.dll (default: cross-compile a release build).
        #[arg(long)]
        dll: Option<PathBuf>,
        /// A built apiodbc.exe (default: cross-compile a release build).
        #[arg(long)]
        exe: Option<PathBuf>,
        /// Where the MSI goes (default: dist in cargo's target folder).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Folder with Tableau's connector XSDs, as for `tableau package`.
        #[arg(long)]
        xsd_dir: Option<PathBuf>,
        /// OAuth client of a connector whose sign-in Tableau runs, as for
        /// `tableau package`: bitbucket=KEY, stripe=ca_... Repeat per connector.
        #[arg(long, value_name = "CONNECTOR=ID", value_parser = tableau::connector_value)]
        oauth_client_id: Vec<(String, String)>,
        /// That client's secret: bitbucket=SECRET, stripe=sk_...
        #[arg(long, value_name = "CONNECTOR=SECRET", value_parser = tableau::connector_value)]
        oauth_client_secret: Vec<(String, String)>,
    },
}

#[derive(Subcommand)]
enum DsnCmd {
    /// Create or replace a data source; every key must be a connection property.
    #[command(after_help = properties_help())]
    Add {
        name: String,
        /// Driver name (default: from Provider, e.g. `apiodbc Stripe`) or library path.
        #[arg(long)]
        driver: Option<String>,
        /// Connection properties, e.g. Provider=stripe LiveAPIKey=sk_live_...
        #[arg(value_parser = connection::parse_pair)]
        properties: Vec<(String, String)>,
        #[command(flatten)]
        scope: ScopeArgs,
    },
    /// List data sources with their entries (secrets masked).
    List {
        #[command(flatten)]
        scope: ScopeArgs,
    },
    /// Fill a data source in interactively: asks for each property (current
    /// values as defaults), tests the connection, then saves it. The Windows
    /// driver's setup (ODBC Data Source Administrator) opens this.
    Edit {
        /// The data source (asked for when absent).
        name: Option<String>,
        /// The registered driver name.
        #[arg(long)]
        driver: String,
        /// Test with this library instead of the registered driver.
        #[arg(long)]
        library: Option<PathBuf>,
        #[command(flatten)]
        scope: ScopeArgs,
    },
    /// Remove a data source.
    Remove {
        name: String,
        #[command(flatten)]
        scope: ScopeArgs,
    },
}

#[derive(Subcommand)]
enum TableauCmd {
    /// Validate the connector sources against Tableau's XSDs and write `.taco` files.
    Package {
        /// Folder with Tableau's connector XSDs (tdr_latest.xsd, ...).
        #[arg(long)]
        xsd_dir: Option<PathBuf>,
        /// Where the `.taco` files go.
        #[arg(long, default_value = ".")]
        out: PathBuf,
        /// The connector sources (default: installer/tableau of this checkout).
        #[arg(long)]
        source: Option<PathBuf>,
        /// A connector's OAuth client id, for the sign-in Tableau runs: bitbucket=KEY
        /// (OAuth consumer), stripe=ca_... (Connect platform). Repeat per connector.
        #[arg(long, value_name = "CONNECTOR=ID", value_parser = tableau::connector_value)]
        oauth_client_id: Vec<(String, String)>,
        /// That client's secret: bitbucket=SECRET, stripe=sk_... (the platform's secret key).
        #[arg(long, value_name = "CONNECTOR=SECRET", value_parser = tableau::connector_value)]
        oauth_client_secret: Vec<(String, String)>,
    },
}

/// The connection properties with their meaning, for `--help`.
fn properties_help() -> String {
    let mut text = String::from("Connection properties (case-insensitive):\n");
    for def in apiodbc_providers::properties::DEFINITIONS {
        let aliases = if def.aliases.is_empty() {
            String::new()
        } else {
            format!(" (also {})", def.aliases.join(", "))
        };
        text.push_str(&format!("  {}{aliases}: {}\n", def.name, def.description));
    }
    text
}

fn main() -> std::process::ExitCode {
    let result = match Cli::parse().command {
        Cmd::Setup {
            library,
            base_port,
            no_queries,
            scope,
        } => setup::run(setup::Options {
            library,
            scope: scope.scope(),
            base_port,
            run_queries: !no_queries,
        }),
        Cmd::Install { library, scope } => {
            register_drivers(scope.driver_manager, scope.scope(), &library)
        }
        Cmd::Uninstall { scope } => uninstall(scope.driver_manager, scope.scope()),
        Cmd::Dsn { command } => dsn(command),
        Cmd::Sandbox { base_port } => sandbox::serve(base_port),
        Cmd::TestConnection {
            dsn,
            library,
            show_secrets,
            properties,
        } => connection::run(connection::Request {
            dsn,
            library,
            show_secrets,
            pairs: properties,
        }),
        Cmd::Tableau {
            command:
                TableauCmd::Package {
                    xsd_dir,
                    out,
                    source,
                    oauth_client_id,
                    oauth_client_secret,
                },
        } => tableau::oauth_clients(oauth_client_id, oauth_client_secret)
            .and_then(|clients| {
                tableau::package(
                    &source.unwrap_or_else(tableau::default_source),
                    xsd_dir.as_deref(),
                    &clients,
                    &out,
                )
            })
            .map(drop),
        Cmd::Package {
            command:
                PackageCmd::Windows {
                    dll,
                    exe,
                    out,
                    xsd_dir,
                    oauth_client_id,
                    oauth_client_secret,
                },
        } => tableau::oauth_clients(oauth_client_id, oauth_client_secret)
            .and_then(|oauth| {
                package_windows::package(package_windows::Options {
                    dll,
                    exe,
                    out,
                    xsd_dir,
                    oauth,
                })
            })
            .map(drop),
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("apiodbc: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

/// Registers the template's driver entries for `library`.
pub fn register_drivers(
    manager: DriverManager,
    scope: Scope,
    library: &Path,
) -> Result<(), String> {
    let library = library
        .canonicalize()
        .map_err(|e| format!("cannot find the driver library {}: {e}", library.display()))?;
    let path = library.display().to_string();
    // The Windows DLL is its own setup library (ConfigDSN).
    let sections = driver_sections(&path, cfg!(windows).then_some(path.as_str()));
    odbcinst::install_drivers(manager, scope, &sections)?;
    println!(
        "registered {} -> {} ({manager:?}, {scope:?})",
        DRIVERS.join(", "),
        library.display()
    );
    Ok(())
}

/// The template's sections with the library filled in, and the setup
/// library where there is one (Windows); without, `Setup` is left out.
fn driver_sections(library: &str, setup: Option<&str>) -> Vec<Section> {
    let mut sections: Vec<Section> = Vec::new();
    for line in TEMPLATE.lines().map(str::trim) {
        if line.starts_with(';') || line.is_empty() {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            sections.push(Section {
                name: name.to_string(),
                entries: Vec::new(),
            });
        } else if let (Some(section), Some((k, v))) = (sections.last_mut(), line.split_once('=')) {
            let key = k.trim();
            let value = v.trim();
            // odbcinst maintains UsageCount itself.
            if key == "UsageCount" || (value.contains("@SETUP@") && setup.is_none()) {
                continue;
            }
            let value = value
                .replace("@LIBRARY@", library)
                .replace("@SETUP@", setup.unwrap_or_default());
            section.entries.push((key.to_string(), value));
        }
    }
    sections
}

fn uninstall(manager: DriverManager, scope: Scope) -> Result<(), String> {
    let state_dir = setup::state_dir()?;
    if sandbox::stop(&state_dir)? {
        println!("stopped the sandbox");
    }
    let _ = std::fs::remove_dir_all(&state_dir);
    for service in sandbox::SERVICES {
        odbcinst::remove_dsn(manager, scope, service.dsn)?;
    }
    for name in DRIVERS {
        odbcinst::remove_driver(manager, scope, name)?;
    }
    println!(
        "removed the demo data sources and {} ({scope:?})",
        DRIVERS.join(", ")
    );
    Ok(())
}

fn dsn(command: DsnCmd) -> Result<(), String> {
    match command {
        DsnCmd::Add {
            name,
            driver,
            properties,
            scope,
        } => {
            let mut all = Vec::new();
            if let Some(driver) = &driver {
                all.push(("Driver".to_string(), driver.clone()));
            }
            all.extend(properties.iter().cloned());
            let checked = validate::check(&all)
                .map_err(|problems| format!("not written:\n  - {}", problems.join("\n  - ")))?;
            let mut entries = vec![(
                "Driver".to_string(),
                driver.unwrap_or_else(|| driver_name(checked.provider).to_string()),
            )];
            entries.extend(
                properties
                    .into_iter()
                    .filter(|(k, _)| !k.eq_ignore_ascii_case("Driver")),
            );
            odbcinst::install_dsn(
                scope.driver_manager,
                scope.scope(),
                &Section {
                    name: name.clone(),
                    entries,
                },
            )?;
            println!("data source {name} written ({:?})", scope.scope());
            Ok(())
        }
        DsnCmd::List { scope } => {
            for name in odbcinst::dsns(scope.driver_manager, scope.scope())? {
                println!("[{name}]");
                for (k, v) in odbcinst::dsn_entries(scope.driver_manager, &name)? {
                    let secret =
                        apiodbc_providers::properties::definition(&k).is_some_and(|d| d.secret);
                    let v = if secret {
                        apiodbc_providers::properties::mask(&v)
                    } else {
                        v
                    };
                    println!("{k} = {v}");
                }
            }
            Ok(())
        }
        DsnCmd::Edit {
            name,
            driver,
            library,
            scope,
        } => dsn_edit::run(dsn_edit::Request {
            name,
            driver,
            manager: scope.driver_manager,
            scope: scope.scope(),
            library,
        }),
        DsnCmd::Remove { name, scope } => {
            if !odbcinst::dsns(scope.driver_manager, scope.scope())?.contains(&name) {
                return Err(format!(
                    "no data source named '{name}' ({:?})",
                    scope.scope()
                ));
            }
            odbcinst::remove_dsn(scope.driver_manager, scope.scope(), &name)?;
            println!("data source {name} removed");
            Ok(())
        }
    }
}
