//! What the Bitbucket table tests share: the fake, a connection to its
//! `acme` workspace, rows as text, and the paths and values of its objects.

use odbc_api::Connection;
use serde_json::Value;

use crate::odbc::{bitbucket_connection_string, connect, query_text};
use crate::{FakeBitbucket, FakeBitbucketConfig};

/// The fake Bitbucket with its default workspaces and sizes.
pub fn fake() -> FakeBitbucket {
    FakeBitbucket::start(FakeBitbucketConfig::default())
}

/// A connection to workspace `acme`, with `extra` connection properties
/// (`;CacheTTL=60`) appended.
pub fn open(fake: &FakeBitbucket, extra: &str) -> Connection<'static> {
    let cs = format!("{}{extra}", bitbucket_connection_string(fake, "acme"));
    connect(&cs).unwrap_or_else(|e| panic!("connect with {cs:?}: {e}"))
}

/// The rows of a query, as text.
pub fn rows(conn: &Connection<'_>, sql: &str) -> Vec<Vec<Option<String>>> {
    query_text(conn, sql)
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .rows
}

/// The API path of a resource of an `acme` repository.
pub fn path(repo: &str, resource: &str) -> String {
    format!("/2.0/repositories/acme/{repo}/{resource}")
}

/// A JSON value as the driver shows it in text: strings bare, others as JSON.
pub fn text(v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}
