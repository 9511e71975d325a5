//! `apiodbc dsn edit`: fills a data source in by asking for each property
//! its provider needs (the current values as defaults), tests the connection
//! and writes it. The Windows driver's `ConfigDSN` opens it in a console
//! window when the ODBC Data Source Administrator adds or configures a data
//! source, so that is the driver's setup dialog.

use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;

use apiodbc_providers::properties::{definition, mask};

use crate::entries::{Scope, Section};
use crate::installer_api::DriverManager;
use crate::odbcinst;
use crate::{connection, validate};

pub struct Request {
    /// The data source; asked for when `None`.
    pub name: Option<String>,
    /// The registered driver (`apiodbc Stripe`, `apiodbc Bitbucket`).
    pub driver: String,
    pub manager: DriverManager,
    pub scope: Scope,
    /// Test with this library instead of the registered driver.
    pub library: Option<PathBuf>,
}

/// The properties asked for, per provider and authentication scheme.
fn questions(provider: &str, scheme: &str) -> &'static [&'static str] {
    match (provider, scheme.to_ascii_lowercase().as_str()) {
        ("stripe", "oauth") => &["OAuthClientId", "OAuthClientSecret", "InitiateOAuth"],
        ("stripe", _) => &["LiveAPIKey", "AccountId"],
        (_, "basic") => &["Workspace", "User", "APIToken"],
        (_, "accesstoken") => &["Workspace", "APIToken"],
        _ => &[
            "Workspace",
            "OAuthClientId",
            "OAuthClientSecret",
            "InitiateOAuth",
        ],
    }
}

pub fn run(request: Request) -> Result<(), String> {
    let stdin = std::io::stdin();
    let mut input = stdin.lock();
    let result = edit(&request, &mut input);
    if let Err(e) = &result {
        eprintln!("apiodbc: {e}");
    }
    if stdin.is_terminal() {
        // The window closes with the program: leave the outcome readable.
        ask(&mut input, "Press Enter to close this window", "")?;
    }
    result.map_err(|_| "the data source was not saved".into())
}

fn edit(request: &Request, input: &mut impl BufRead) -> Result<(), String> {
    let provider = validate::check(&[("Driver".into(), request.driver.clone())])
        .map_err(|p| p.join("; "))?
        .provider;
    println!("{} data source", request.driver);
    let name = match &request.name {
        Some(name) => name.clone(),
        None => ask(input, "Data source name", "")?,
    };
    if name.is_empty() {
        return Err("no data source name given".into());
    }
    let mut entries: Vec<(String, String)> =
        if odbcinst::dsns(request.manager, request.scope)?.contains(&name) {
            odbcinst::dsn_entries(request.manager, &name)?
                .into_iter()
                .filter(|(k, _)| !k.eq_ignore_ascii_case("Driver"))
                .collect()
        } else {
            Vec::new()
        };
    loop {
        let scheme = if provider == "stripe" {
            "APIKey"
        } else {
            "Basic"
        };
        let scheme = answer(input, &mut entries, "AuthScheme", scheme)?;
        for property in questions(provider, &scheme) {
            answer(input, &mut entries, property, "")?;
        }
        answer(input, &mut entries, "Description", "")?;
        println!("Other properties as Key=Value (an empty line ends them):");
        loop {
            let line = ask(input, "  Key=Value", "")?;
            let Some((key, value)) = line.split_once('=') else {
                break;
            };
            set(&mut entries, key.trim(), value.trim());
        }
        let mut all = vec![("Driver".to_string(), request.driver.clone())];
        all.extend(
            entries
                .iter()
                .filter(|(k, _)| !k.eq_ignore_ascii_case("Description"))
                .cloned(),
        );
        match validate::check(&all) {
            Ok(_) => break,
            Err(problems) => println!("Not valid yet:\n  - {}", problems.join("\n  - ")),
        }
    }
    // The driver name implies the provider; a test --library loses the name.
    let mut pairs = vec![
        ("Driver".to_string(), request.driver.clone()),
        ("Provider".to_string(), provider.to_string()),
    ];
    pairs.extend(
        entries
            .iter()
            .filter(|(k, _)| !k.eq_ignore_ascii_case("Description"))
            .cloned(),
    );
    let tested = connection::run(connection::Request {
        dsn: None,
        library: request.library.clone(),
        show_secrets: false,
        pairs,
    });
    if let Err(e) = &tested {
        println!("The connection failed: {e}");
        if !ask(input, "Save the data source anyway? [y/N]", "")?.eq_ignore_ascii_case("y") {
            return Err(e.clone());
        }
    }
    let mut section = vec![("Driver".to_string(), request.driver.clone())];
    section.extend(entries);
    odbcinst::install_dsn(
        request.manager,
        request.scope,
        &Section {
            name: name.clone(),
            entries: section,
        },
    )?;
    println!("data source {name} saved ({:?})", request.scope);
    Ok(())
}

/// Asks for one property, offering its current value (masked when secret,
/// else `default`); an empty answer keeps it. Returns the value now set.
fn answer(
    input: &mut impl BufRead,
    entries: &mut Vec<(String, String)>,
    property: &str,
    default: &str,
) -> Result<String, String> {
    let def = definition(property).filter(|d| d.secret);
    let current = entries
        .iter()
        .find(|(k, _)| definition(k).map(|d| d.name) == definition(property).map(|d| d.name))
        .map(|(_, v)| v.clone())
        .unwrap_or_else(|| default.to_string());
    let shown = if def.is_some() && !current.is_empty() {
        mask(&current)
    } else {
        current.clone()
    };
    let typed = if def.is_some() && std::io::stdin().is_terminal() {
        rpassword::prompt_password(format!("{property} [{shown}]: "))
            .map_err(|e| format!("reading {property}: {e}"))?
    } else {
        ask(input, property, &shown)?
    };
    let value = if typed.is_empty() { current } else { typed };
    if !value.is_empty() {
        set(entries, property, &value);
    }
    Ok(value)
}

/// Sets a property, replacing it under any of its spellings.
fn set(entries: &mut Vec<(String, String)>, key: &str, value: &str) {
    let name = definition(key).map_or(key, |d| d.name);
    entries.retain(|(k, _)| definition(k).map_or(k.as_str(), |d| d.name) != name);
    entries.push((key.to_string(), value.to_string()));
}

/// Prints `label [shown]: ` and reads one line.
fn ask(input: &mut impl BufRead, label: &str, shown: &str) -> Result<String, String> {
    if shown.is_empty() {
        print!("{label}: ");
    } else {
        print!("{label} [{shown}]: ");
    }
    std::io::stdout().flush().map_err(|e| e.to_string())?;
    let mut line = String::new();
    let read = input.read_line(&mut line).map_err(|e| e.to_string())?;
    if read == 0 {
        return Err("the input ended".into());
    }
    Ok(line.trim().to_string())
}
