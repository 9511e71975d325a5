//! What the Bitbucket table tests share: the fake, a connection to its
//! `acme` workspace, rows as text (and over raw wide calls, with their
//! warnings), and the paths and values of its objects.

use odbc_api::Connection;
use odbc_api::sys::{self, SqlReturn};
use serde_json::Value;

use crate::odbc::wide::{WideConnection, WideError};
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

/// The first column of every row of `sql` in workspace `acme`, fetched with
/// raw wide calls, and the warnings (01000: a repository skipped) that
/// `SQLFetch` returned along the way.
pub fn first_column_and_warnings(fake: &FakeBitbucket, sql: &str) -> (Vec<String>, Vec<WideError>) {
    let conn = WideConnection::connect(&bitbucket_connection_string(fake, "acme"))
        .unwrap_or_else(|e| panic!("connect: {e:?}"));
    let stmt = conn.statement();
    let sql: Vec<u16> = sql.encode_utf16().collect();
    // SAFETY: valid statement handle and buffer.
    let ret = unsafe { sys::SQLExecDirectW(stmt.handle(), sql.as_ptr(), sql.len() as i32) };
    stmt.check(ret, "SQLExecDirectW").unwrap();
    let mut values = Vec::new();
    let mut warnings = Vec::new();
    loop {
        // SAFETY: valid statement handle with an open cursor.
        let ret = unsafe { sys::SQLFetch(stmt.handle()) };
        if ret == SqlReturn::NO_DATA {
            break;
        }
        stmt.check(ret, "SQLFetch").unwrap();
        if ret == SqlReturn::SUCCESS_WITH_INFO {
            warnings.extend(stmt.diagnostics("SQLFetch"));
        }
        values.push(stmt.get_wide_text(1).unwrap().unwrap_or_default());
    }
    (values, warnings)
}
