//! The driver under iODBC, macOS's driver manager, as applications use it on
//! Linux (Debian's `iodbc` and `libiodbc2`): `iodbctest`, an ANSI program with
//! iODBC linked in, and a Unicode program making wide calls with iODBC's
//! 4-byte `SQLWCHAR` (`iodbc/wide_calls.py`, ctypes on `libiodbc.so.2`). The
//! same library serves unixODBC's 2-byte units in every other test.
//!
//! The DSN written by `apiodbc dsn add --driver-manager iodbc` is tested with
//! the installer (`installer/tests/cli.rs`).

use std::process::Command;
use std::time::Duration;

use apiodbc_tests::odbc::{
    CommandOutput, available_or_skip, driver_path, on_path, run_with_timeout,
    stripe_connection_string,
};
use apiodbc_tests::{FakeStripe, FakeStripeConfig};
use serde_json::Value;

const UNICODE: &str = "ü∑😀 Łódź";

fn have_iodbctest() -> bool {
    available_or_skip(
        on_path("iodbctest"),
        "`iodbctest` (apt-get install iodbc libiodbc2)",
    )
}

/// iODBC's driver manager takes the library path without braces.
fn connection_string(fake: &FakeStripe, key: &str) -> String {
    stripe_connection_string(&fake.base_url(), key).replace(
        &format!("{{{}}}", driver_path().display()),
        &driver_path().display().to_string(),
    )
}

/// `iodbctest CONNECTION_STRING` with `statements` typed at its prompt.
fn iodbctest(connection_string: &str, statements: &[&str]) -> CommandOutput {
    let input = statements.join("\n") + "\nquit\n";
    let output = run_with_timeout(
        Command::new("iodbctest").arg(connection_string),
        &input,
        Duration::from_secs(120),
    );
    assert!(!output.timed_out, "iodbctest timed out: {output:?}");
    output
}

/// The rows of each result set `iodbctest` printed: the lines between the
/// dashes under the header and the blank line, cells split on `|` and trimmed.
fn result_sets(stdout: &str) -> Vec<Vec<Vec<String>>> {
    let mut sets = Vec::new();
    let mut lines = stdout.lines();
    while let Some(line) = lines.next() {
        if line.starts_with("---") {
            let rows = lines
                .by_ref()
                .take_while(|l| !l.trim().is_empty())
                .map(|l| l.split('|').map(|c| c.trim().to_string()).collect())
                .collect();
            sets.push(rows);
        }
    }
    sets
}

#[test]
fn iodbctest_pages_a_table_and_round_trips_unicode() {
    if !have_iodbctest() {
        return;
    }
    let fake = FakeStripe::start(FakeStripeConfig::sized(10, 250));
    let output = iodbctest(
        &connection_string(&fake, fake.api_key()),
        &[
            "SELECT id FROM charges",
            &format!("SELECT '{UNICODE}' AS t"),
        ],
    );
    let sets = result_sets(&output.stdout);
    assert_eq!(sets.len(), 2, "{}", output.stdout);
    let mut ids: Vec<&str> = sets[0].iter().map(|row| row[0].as_str()).collect();
    let charges = fake.charges();
    let mut expected: Vec<&str> = charges
        .iter()
        .map(|c| c["id"].as_str().expect("id"))
        .collect();
    ids.sort_unstable();
    expected.sort_unstable();
    assert_eq!(ids, expected, "every charge, once");
    assert_eq!(
        fake.requests_to("/v1/charges").len(),
        3,
        "250 charges are three pages of 100"
    );
    assert_eq!(sets[1], vec![vec![UNICODE.to_string()]]);
}

#[test]
fn iodbctest_shows_a_wrong_keys_28000_as_text() {
    if !have_iodbctest() {
        return;
    }
    let fake = FakeStripe::start(FakeStripeConfig::sized(1, 1));
    let output = iodbctest(&connection_string(&fake, "sk_test_wrongkey123"), &[]);
    // iodbctest prints diagnostics on standard error.
    let line = output
        .stderr
        .lines()
        .find(|l| l.contains("SQLDriverConnect"))
        .unwrap_or_else(|| panic!("no connect diagnostic: {output:?}"));
    assert!(line.contains("SQLSTATE=28000"), "{line}");
    assert!(
        line.contains("[apiodbc] Stripe rejected the credentials (HTTP 401)"),
        "{line}"
    );
    assert!(
        !line.contains("wrongkey123"),
        "the key is never echoed: {line}"
    );
}

/// Runs `iodbc/wide_calls.py` and returns its JSON report.
fn wide_calls(connection_string: &str, statements: &[&str]) -> Option<Value> {
    let python = std::env::var("PYTHON").unwrap_or_else(|_| "python3".to_owned());
    let usable = Command::new(&python)
        .args(["-c", "import ctypes; ctypes.CDLL('libiodbc.so.2')"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !available_or_skip(
        usable,
        "python3 and libiodbc.so.2 (apt-get install libiodbc2)",
    ) {
        return None;
    }
    let script = apiodbc_tests::checkout().join("tests/iodbc/wide_calls.py");
    let output = run_with_timeout(
        Command::new(python)
            .arg(script)
            .arg(connection_string)
            .args(statements),
        "",
        Duration::from_secs(120),
    );
    assert!(
        output.status.success() && !output.timed_out,
        "wide_calls.py failed: {output:?}"
    );
    Some(serde_json::from_str(&output.stdout).expect("a JSON report"))
}

#[test]
fn wide_calls_with_four_byte_sqlwchar() {
    let fake = FakeStripe::start(FakeStripeConfig::sized(10, 150));
    let Some(report) = wide_calls(
        &connection_string(&fake, fake.api_key()),
        &[
            &format!("SELECT '{UNICODE}' AS unicode_text"),
            "SELECT id, amount FROM charges",
            "SELECT no_such_column FROM charges",
            &format!("SELECT ? AS p\t{UNICODE}"),
        ],
    ) else {
        return;
    };
    assert_eq!(report["wchar_bytes"], 4);
    assert_eq!(report["connect_rc"], 0, "{report}");
    let completed = report["completed"].as_str().expect("completed string");
    assert_eq!(
        completed,
        connection_string(&fake, "********"),
        "the connection string back, its key masked"
    );
    // SQLGetInfoW counts bytes: 4 per character.
    let name = report["driver_name"].as_str().expect("driver name");
    assert_eq!(name, driver_path().file_name().unwrap().to_str().unwrap());
    assert_eq!(report["driver_name_bytes"], 4 * name.chars().count());

    let [unicode, charges, missing, parameter] =
        &report["statements"].as_array().expect("statements")[..]
    else {
        panic!("four statements: {report}");
    };
    assert_eq!(unicode["rows"], serde_json::json!([[UNICODE]]));
    // Text in pieces of 3 characters (4-character buffer with its NUL); each
    // indicator is the bytes left, 4 per character: 8, then 5, then 2 left.
    assert_eq!(unicode["indicators"], serde_json::json!([[[32, 20, 8]]]));
    let column = &unicode["columns"][0];
    assert_eq!(
        (&column["name"], &column["length"]),
        (&Value::from("unicode_text"), &Value::from(12))
    );
    // A 5-character buffer: 4 characters, the NUL, SQL_SUCCESS_WITH_INFO and the full length.
    assert_eq!(
        (
            &column["short"],
            &column["short_length"],
            &column["short_rc"]
        ),
        (&Value::from("unic"), &Value::from(12), &Value::from(1))
    );

    let rows = charges["rows"].as_array().expect("rows");
    assert_eq!(rows.len(), 150);
    for row in rows {
        let charge = fake
            .charge(row[0].as_str().expect("id"))
            .expect("a real charge");
        assert_eq!(row[1], charge["amount"].to_string());
    }
    assert_eq!(
        parameter["rows"],
        serde_json::json!([[UNICODE]]),
        "a SQL_C_WCHAR parameter in 4-byte units: {parameter}"
    );
    assert_eq!(missing["rc"], -1);
    assert_eq!(missing["diagnostic"]["state"], "42S22");
    assert_eq!(
        missing["diagnostic"]["message"],
        "[apiodbc] column 'no_such_column' not found"
    );
}

#[test]
fn wide_calls_read_a_wrong_keys_diagnostic_as_text() {
    let fake = FakeStripe::start(FakeStripeConfig::sized(1, 1));
    let Some(report) = wide_calls(&connection_string(&fake, "sk_test_wrongkey123"), &[]) else {
        return;
    };
    assert_eq!(report["connect_rc"], -1);
    let diagnostic = &report["diagnostic"];
    assert_eq!(diagnostic["state"], "28000");
    let message = diagnostic["message"].as_str().expect("message");
    assert!(
        message.starts_with("[apiodbc] Stripe rejected the credentials (HTTP 401)"),
        "{message}"
    );
    assert_eq!(diagnostic["length"], message.chars().count());
}
