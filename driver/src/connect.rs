//! Opening a connection: connection string and DSN entry → properties →
//! planner session. The driver manager already chose this driver; here the
//! properties are merged (explicit keys win over the DSN's), checked, and the
//! credentials proven with one request so a wrong key fails at connect time.

use std::sync::Arc;
use std::time::Duration;

use apiodbc_providers::Properties;
use apiodbc_providers::properties::{definition, mask};

use crate::connection_string;
use crate::diag::{Error, Result};
use crate::ffi::Warnings;
use crate::handles::{Conn, Handle, lifecycle};
use crate::query::{Control, Session};

/// Keys that are not connection properties: the driver manager consumes
/// the first two, and `Description` is the DSN's own label in odbc.ini.
const MANAGER_KEYS: &[&str] = &["FILEDSN", "SAVEFILE", "Description"];

/// Connects with the pairs of a connection string; returns the completed
/// connection string (`SQLDriverConnect`'s output).
pub fn connect(
    conn: &Arc<Handle<Conn>>,
    explicit: Vec<(String, String)>,
    warnings: &mut Warnings,
) -> Result<String> {
    if conn.state.lock().session.is_some() {
        return Err(Error::connection_in_use(
            "connection name in use: the connection is already open",
        ));
    }
    let explicit: Vec<_> = explicit
        .into_iter()
        .filter(|(k, _)| !is_manager_key(k))
        .collect();
    let dsn = explicit
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("DSN"))
        .map(|(_, v)| v.clone());
    let mut properties = Properties::default();
    if let Some(dsn) = dsn.as_deref().filter(|d| !d.is_empty()) {
        match crate::dsn::read(dsn) {
            Some(entries) => entries
                .into_iter()
                .filter(|(k, _)| !is_manager_key(k))
                .for_each(|(k, v)| properties.set(&k, v)),
            None => warnings.push(Error::general_warning(format!(
                "no odbc.ini entry found for data source '{dsn}'"
            ))),
        }
    }
    for (k, v) in &explicit {
        properties.set(k, v.clone());
    }
    crate::logging::configure(&properties)?;
    for key in properties.unknown() {
        warnings.push(Error::invalid_connection_string_attribute(format!(
            "invalid connection string attribute '{key}' was ignored"
        )));
    }
    let timeout = login_timeout(conn, &properties)?;
    let control = Control::new(conn.cancellation(), timeout);
    let session = Session::connect(properties, &control)?;
    conn.state.lock().session = Some(Arc::new(session));
    Ok(connection_string::format(&masked(explicit)))
}

fn is_manager_key(key: &str) -> bool {
    MANAGER_KEYS.iter().any(|m| m.eq_ignore_ascii_case(key))
}

/// The completed connection string shows that secrets were given, never
/// their values (clients display and save it).
fn masked(pairs: Vec<(String, String)>) -> Vec<(String, String)> {
    pairs
        .into_iter()
        .map(|(k, v)| match definition(&k) {
            Some(def) if def.secret => (k, mask(&v)),
            _ => (k, v),
        })
        .collect()
}

/// `SQL_ATTR_LOGIN_TIMEOUT` when set, else the `Timeout` property. A browser
/// sign-in (`InitiateOAuth=GETANDREFRESH`) waits `Timeout` for the user on
/// its own and then says which URL to open, so the login is not cut shorter.
fn login_timeout(conn: &Handle<Conn>, properties: &Properties) -> Result<Duration> {
    let attr = conn.state.lock().attrs.login_timeout;
    if attr > 0 {
        return Ok(Duration::from_secs(attr.into()));
    }
    if properties
        .get("InitiateOAuth")
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("GETANDREFRESH"))
    {
        return Ok(Duration::ZERO);
    }
    Ok(properties.timeout()?.unwrap_or(Duration::ZERO))
}

/// `SQLDisconnect`: frees the connection's statements and closes the session.
pub fn disconnect(conn: &Arc<Handle<Conn>>) -> Result<()> {
    if conn.state.lock().session.is_none() {
        return Err(Error::connection_not_open("connection not open"));
    }
    lifecycle::free_children(conn);
    conn.state.lock().session = None;
    // The driver manager may unload the library after the last disconnect.
    crate::query::control::join_abandoned();
    Ok(())
}
