//! Runs statements through unixODBC in a process of its own, as a separate
//! client would (the cache tests start one per step).
//!
//! `odbc-query CONNECTION_STRING SQL...` connects once, runs each statement
//! in turn and prints one JSON line per statement:
//! `{"columns": [...], "rows": [[...]]}`, or `{"state": "HY000", "message": "..."}`
//! when it fails. A failed connect prints one such error line and exits 1.

use apiodbc_tests::odbc::{connect, diagnostic_message, query_text, sqlstate};
use clap::Parser;
use serde_json::{Value, json};

#[derive(Parser)]
struct Args {
    connection_string: String,
    sql: Vec<String>,
}

fn error(e: &odbc_api::Error) -> Value {
    json!({"state": sqlstate(e), "message": diagnostic_message(e)})
}

fn main() {
    let args = Args::parse();
    let conn = match connect(&args.connection_string) {
        Ok(conn) => conn,
        Err(e) => {
            println!("{}", error(&e));
            std::process::exit(1);
        }
    };
    for sql in &args.sql {
        let line = match query_text(&conn, sql) {
            Ok(table) => json!({"columns": table.columns, "rows": table.rows}),
            Err(e) => error(&e),
        };
        println!("{line}");
    }
}
