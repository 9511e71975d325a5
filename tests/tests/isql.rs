//! End-to-end with unixODBC's command-line clients: `isql` (narrow, DSN-less with `-k`
//! and through a DSN) and `iusql` (wide, DSN only).
//!
//! Needs `cargo build -p apiodbc` first and the `unixodbc` package (isql, iusql).

use apiodbc_tests::odbc::{
    CommandOutput, DsnDir, available_or_skip, fake_stripe_connection_string, on_path, run_isql,
    run_isql_dsn, run_isql_with,
};
use apiodbc_tests::{FakeStripe, FakeStripeConfig};

fn have(program: &str) -> bool {
    available_or_skip(
        on_path(program),
        &format!("`{program}` (apt-get install unixodbc)"),
    )
}

fn fake() -> FakeStripe {
    FakeStripe::start(FakeStripeConfig::sized(25, 250))
}

/// Data lines of isql's `-d'|'` output (isql also prints row counts and notices).
fn data_lines(output: &CommandOutput, first_field_prefix: &str) -> Vec<Vec<String>> {
    output
        .stdout
        .lines()
        .filter(|l| l.starts_with(first_field_prefix))
        .map(|l| l.split('|').map(str::to_owned).collect())
        .collect()
}

fn assert_prints_line(output: &CommandOutput, expected: &str) {
    assert!(
        !output.timed_out,
        "timed out\nstdout:\n{}\nstderr:\n{}",
        output.stdout, output.stderr
    );
    assert!(
        output.stdout.lines().any(|l| l.trim() == expected),
        "expected a line {expected:?}\nstdout:\n{}\nstderr:\n{}",
        output.stdout,
        output.stderr
    );
}

#[test]
fn isql_count_customers() {
    if !have("isql") {
        return;
    }
    let fake = fake();
    let output = run_isql(
        &fake_stripe_connection_string(&fake),
        "SELECT count(*) FROM customers",
    );
    assert_prints_line(&output, "25");
    assert!(output.status.success(), "{output:?}");
}

#[test]
fn isql_select_ids_and_emails() {
    if !have("isql") {
        return;
    }
    let fake = fake();
    let output = run_isql(
        &fake_stripe_connection_string(&fake),
        "SELECT id, email FROM customers",
    );
    let mut got: Vec<(String, String)> = data_lines(&output, "cus_")
        .into_iter()
        .map(|f| (f[0].clone(), f.get(1).cloned().unwrap_or_default()))
        .collect();
    let mut expected: Vec<(String, String)> = fake
        .customers()
        .iter()
        .map(|c| {
            (
                c["id"].as_str().unwrap().to_owned(),
                c["email"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect();
    got.sort();
    expected.sort();
    assert_eq!(
        got, expected,
        "stdout:\n{}\nstderr:\n{}",
        output.stdout, output.stderr
    );
}

#[test]
fn isql_through_a_dsn() {
    if !have("isql") {
        return;
    }
    let fake = fake();
    let dsn = DsnDir::for_fake_stripe("apiodbc_isql_test", &fake);
    let output = run_isql_dsn(&dsn, "SELECT count(*) FROM charges", false);
    assert_prints_line(&output, "250");
}

#[test]
fn explicit_keys_win_over_the_dsn() {
    if !have("isql") {
        return;
    }
    let fake = fake();
    let dsn = DsnDir::new(
        "apiodbc_override_test",
        &[
            ("Provider", "stripe"),
            ("BaseURL", &fake.base_url()),
            ("LiveAPIKey", "sk_test_wrong"),
        ],
    );
    let wrong = run_isql_dsn(&dsn, "SELECT count(*) FROM customers", false);
    assert!(
        wrong.stdout.contains("28000"),
        "the DSN's key alone is refused:\n{wrong:?}"
    );
    let connection_string = format!("DSN={};LiveAPIKey={}", dsn.name(), fake.api_key());
    let output = run_isql_with(
        Some(&dsn),
        &connection_string,
        "SELECT count(*) FROM customers",
    );
    assert_prints_line(&output, "25");
}

#[test]
fn iusql_count_customers() {
    if !have("iusql") {
        return;
    }
    let fake = fake();
    let dsn = DsnDir::for_fake_stripe("apiodbc_iusql_test", &fake);
    let output = run_isql_dsn(&dsn, "SELECT count(*) FROM customers", true);
    assert_prints_line(&output, "25");
}

#[test]
fn isql_reports_unknown_table() {
    if !have("isql") {
        return;
    }
    let fake = fake();
    let output = run_isql(
        &fake_stripe_connection_string(&fake),
        "SELECT * FROM chargez",
    );
    let all = format!("{}{}", output.stdout, output.stderr);
    // isql is an ODBC 2 application: the driver manager reports 42S02 as S0002.
    assert!(
        all.contains("42S02") || all.contains("S0002"),
        "expected SQLSTATE 42S02 (S0002 for ODBC 2) in:\n{all}"
    );
    assert!(
        all.contains("charges"),
        "expected the nearest table name in:\n{all}"
    );
    // Only the credentials check at connect: planning the bad query costs nothing.
    assert_eq!(fake.request_count(), 1);
}

/// odbc.ini's `Description` labels the DSN; it is not a connection property,
/// so it draws no 01S00 warning (an unknown key beside it does).
#[test]
fn a_dsn_description_is_not_an_unknown_attribute() {
    if !have("isql") {
        return;
    }
    let dsn = DsnDir::new(
        "apiodbc_description_test",
        &[
            ("Description", "Stripe demo data"),
            ("Provider", "stripe"),
            ("BaseURL", "http://127.0.0.1:1"),
            ("LiveAPIKey", "sk_test_x"),
            ("Bogus", "1"),
        ],
    );
    let output = run_isql_dsn(&dsn, "SELECT 1", false);
    assert!(output.stdout.contains("[08001]"), "{output:?}");
    assert!(output.stdout.contains("attribute 'Bogus'"), "{output:?}");
    assert!(!output.stdout.contains("'Description'"), "{output:?}");
}
