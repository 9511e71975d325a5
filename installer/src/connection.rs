//! `apiodbc test-connection`, the connection builder: properties or a DSN →
//! checked properties → a real connection through the driver manager → what
//! it sees (schemas, table counts), how long it took and how many API requests
//! it made → the finished connection string.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Instant;

use apiodbc_providers::properties::{definition, mask};
use odbc_api::{ConnectionOptions, Environment};

use crate::installer_api::DriverManager;
use crate::{odbcinst, validate};

/// What to connect with.
pub struct Request {
    pub dsn: Option<String>,
    /// Connect to this library instead of the registered driver.
    pub library: Option<PathBuf>,
    pub show_secrets: bool,
    /// Explicit `key=value` properties; they win over the DSN's.
    pub pairs: Vec<(String, String)>,
}

/// odbc.ini keys that are ODBC conventions, not driver properties.
const DSN_ONLY_KEYS: &[&str] = &["Description"];

/// The driver logs each API request at Verbosity 4 as `<provider>: GET <url>`.
const REQUEST_LOG_MARK: &str = ": GET ";

pub fn run(request: Request) -> Result<(), String> {
    let mut all = match &request.dsn {
        // The connection goes through unixODBC (odbc-api), so its data sources.
        Some(dsn) => odbcinst::dsn_entries(DriverManager::UnixOdbc, dsn)?
            .into_iter()
            .filter(|(k, _)| !DSN_ONLY_KEYS.iter().any(|d| d.eq_ignore_ascii_case(k)))
            .collect(),
        None => Vec::new(),
    };
    all.extend(request.pairs.iter().cloned());
    let checked = validate::check(&all).map_err(|problems| {
        format!(
            "the properties are not valid:\n  - {}",
            problems.join("\n  - ")
        )
    })?;

    // The connection string the user keeps: the DSN or the driver, then the explicit keys.
    let mut shown: Vec<(String, String)> = Vec::new();
    if let Some(library) = &request.library {
        shown.push(("Driver".into(), library.display().to_string()));
    }
    if let Some(dsn) = &request.dsn {
        shown.push(("DSN".into(), dsn.clone()));
    } else if request.library.is_none() && !checked.properties.is_set("Driver") {
        shown.push((
            "Driver".into(),
            crate::driver_name(checked.provider).to_string(),
        ));
    }
    shown.extend(
        request
            .pairs
            .iter()
            .filter(|(k, _)| !(request.library.is_some() && k.eq_ignore_ascii_case("Driver")))
            .cloned(),
    );

    let log = tempfile::NamedTempFile::new().map_err(|e| format!("temporary file: {e}"))?;
    let mut measured = shown.clone();
    measured.retain(|(k, _)| {
        !["LogFile", "Verbosity"]
            .iter()
            .any(|x| x.eq_ignore_ascii_case(k))
    });
    measured.push(("LogFile".into(), log.path().display().to_string()));
    measured.push(("Verbosity".into(), "4".into()));

    let environment = Environment::new().map_err(|e| format!("ODBC environment: {e}"))?;
    let started = Instant::now();
    let connection = environment
        .connect_with_connection_string(&format_pairs(&measured), ConnectionOptions::default())
        .map_err(|e| format!("connection failed: {}", describe(&e)))?;
    let connected = started.elapsed();
    let mut counts: BTreeMap<(String, String), (usize, usize)> = BTreeMap::new();
    for row in connection
        .tables("", "%", "%", "")
        .map_err(|e| format!("listing tables failed: {}", describe(&e)))?
    {
        let row = row.map_err(|e| format!("listing tables failed: {}", describe(&e)))?;
        let text = |v: Option<&str>| v.unwrap_or("").to_string();
        let key = (
            text(row.catalog.as_str().ok().flatten()),
            text(row.schema.as_str().ok().flatten()),
        );
        let entry = counts.entry(key).or_default();
        match row.table_type.as_str().ok().flatten() {
            Some("TABLE") => entry.0 += 1,
            _ => entry.1 += 1,
        }
    }
    drop(connection);
    let total = started.elapsed();
    let requests = std::fs::read_to_string(log.path())
        .unwrap_or_default()
        .lines()
        .filter(|l| l.contains(REQUEST_LOG_MARK))
        .count();

    println!(
        "connected to {} in {} ms; listed tables in {} ms; {} API request{}",
        checked.provider,
        connected.as_millis(),
        (total - connected).as_millis(),
        requests,
        if requests == 1 { "" } else { "s" }
    );
    for ((catalog, schema), (tables, system)) in &counts {
        println!("  schema {catalog}.{schema}: {tables} tables, {system} system tables");
    }
    let finished: Vec<(String, String)> = shown
        .into_iter()
        .map(|(k, v)| {
            let secret = definition(&k).is_some_and(|d| d.secret);
            let v = if secret && !request.show_secrets {
                mask(&v)
            } else {
                v
            };
            (k, v)
        })
        .collect();
    println!("connection string: {}", format_pairs(&finished));
    Ok(())
}

/// `key=value;...`, bracing values the connection string grammar needs braced.
pub fn format_pairs(pairs: &[(String, String)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| {
            if v.contains([';', '{', '}', ' ']) {
                format!("{k}={{{}}}", v.replace('}', "}}"))
            } else {
                format!("{k}={v}")
            }
        })
        .collect::<Vec<_>>()
        .join(";")
}

/// `[SQLSTATE] message` of a driver manager error.
fn describe(error: &odbc_api::Error) -> String {
    match error {
        odbc_api::Error::Diagnostics { record, .. } => format!(
            "[{}] {}",
            record.state.as_str(),
            odbc_api::handles::slice_to_cow_utf8(&record.message)
        ),
        other => other.to_string(),
    }
}

/// Parses `key=value` command-line arguments.
pub fn parse_pair(arg: &str) -> Result<(String, String), String> {
    let (k, v) = arg
        .split_once('=')
        .ok_or_else(|| format!("'{arg}' is not key=value"))?;
    let k = k.trim();
    if k.is_empty() {
        return Err(format!("'{arg}' has no key"));
    }
    Ok((k.to_string(), v.to_string()))
}
