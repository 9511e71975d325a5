//! End-to-end through unixODBC: the response cache (`CacheTTL`, `/* nocache */`,
//! `RefreshCache`) and scans split into `created` ranges, judged by the fake
//! server's request log.
//!
//! Needs `cargo build -p apiodbc` first (same target dir and profile).

use apiodbc_tests::odbc::{
    ResultTable, connect, fake_stripe_connection_string, query_text, stripe_connection_string,
};
use apiodbc_tests::{FakeStripe, FakeStripeConfig};
use odbc_api::Connection;

fn open(fake: &FakeStripe, extra: &str) -> Connection<'static> {
    let connection_string = format!("{};{extra}", fake_stripe_connection_string(fake));
    connect(&connection_string).unwrap_or_else(|e| panic!("connect with {extra}: {e}"))
}

fn query(conn: &Connection<'_>, sql: &str) -> ResultTable {
    query_text(conn, sql).unwrap_or_else(|e| panic!("{sql}: {e}"))
}

/// The rows of `sql` and the requests they cost.
fn counted(fake: &FakeStripe, conn: &Connection<'_>, sql: &str) -> (ResultTable, usize) {
    fake.reset_log();
    let rows = query(conn, sql);
    (rows, fake.request_count())
}

// One test: the cache is process-wide, and `RefreshCache` clears all of it.
#[test]
fn the_cache_answers_repeats_within_its_ttl_per_credentials() {
    let fake = FakeStripe::start(FakeStripeConfig::sized(25, 250));
    let conn = open(&fake, "CacheTTL=600");
    let sql = "SELECT id, amount, customer FROM charges";

    let (first, requests) = counted(&fake, &conn, sql);
    assert_eq!(first.len(), 250);
    assert!(requests >= 3, "{requests} requests");
    let (again, requests) = counted(&fake, &conn, sql);
    assert_eq!(again.rows, first.rows);
    assert_eq!(requests, 0, "a repeat within CacheTTL makes no request");

    // Another connection with the same key shares the answers ...
    let same_key = open(&fake, "CacheTTL=600");
    assert_eq!(counted(&fake, &same_key, sql).1, 0);
    // ... one with another key does not.
    fake.accepted_keys()
        .lock()
        .unwrap()
        .insert("sk_test_other".into());
    // (The first occurrence of a repeated key wins, so the key is not appended.)
    let other = connect(&format!(
        "{};CacheTTL=600",
        stripe_connection_string(&fake.base_url(), "sk_test_other")
    ))
    .unwrap();
    let (rows, requests) = counted(&fake, &other, sql);
    assert_eq!(rows.rows, first.rows);
    assert!(requests >= 3, "{requests} requests");

    // `/* nocache */` asks the API; the cache stays usable afterwards.
    let (rows, requests) = counted(&fake, &conn, &format!("SELECT /* nocache */ {}", &sql[7..]));
    assert_eq!(rows.rows, first.rows);
    assert!(requests >= 3, "{requests} requests");
    assert_eq!(counted(&fake, &conn, sql).1, 0);

    let props = query(
        &conn,
        "SELECT value FROM sys_connection_props WHERE name = 'CacheTTL'",
    );
    assert_eq!(props.rows, vec![vec![Some("600".to_string())]]);

    let (cleared, requests) = counted(&fake, &conn, "{call RefreshCache()}");
    assert_eq!(requests, 0);
    assert_eq!(cleared.column("refresh"), [Some("answers")]);
    let cleared: usize = cleared.column("rows")[0].unwrap().parse().unwrap();
    assert!(cleared >= 6, "{cleared} answers cleared");
    assert!(counted(&fake, &conn, sql).1 >= 3);

    // Without CacheTTL nothing is reused.
    let uncached = open(&fake, "CacheTTL=0");
    assert!(counted(&fake, &uncached, sql).1 >= 3);
    assert!(counted(&fake, &uncached, sql).1 >= 3);
}

#[test]
fn a_split_scan_returns_the_sequential_rows_in_order() {
    let fake = FakeStripe::start(FakeStripeConfig::sized(25, 3000));
    let sql = "SELECT id, created FROM charges";
    let sequential = open(&fake, "MaxConcurrency=1");
    let (expected, sequential_requests) = counted(&fake, &sequential, sql);
    assert_eq!(expected.len(), 3000);
    let expected_ids: Vec<Option<String>> = fake
        .charges()
        .iter()
        .map(|c| c["id"].as_str().map(str::to_string))
        .collect();
    assert_eq!(
        expected.column("id"),
        expected_ids
            .iter()
            .map(Option::as_deref)
            .collect::<Vec<_>>()
    );
    assert_eq!(sequential_requests, 30);

    let parallel = open(&fake, "MaxConcurrency=8");
    let (got, requests) = counted(&fake, &parallel, sql);
    assert_eq!(got.rows, expected.rows, "same rows in the same order");
    let log = fake.requests();
    let ranges = log
        .iter()
        .filter(|r| r.param("created[lte]").is_some() && r.param("starting_after").is_none())
        .count();
    assert!(ranges >= 2, "the scan was split: {ranges} ranges");
    assert_eq!(log.iter().filter(|r| r.path == "/v1/account").count(), 1);
    assert!(
        requests <= sequential_requests + 2 + ranges,
        "{requests} requests for {ranges} ranges"
    );

    // A LIMIT keeps the scan sequential.
    let (rows, requests) = counted(&fake, &parallel, "SELECT id FROM charges LIMIT 1000");
    assert_eq!(rows.len(), 1000);
    assert_eq!(requests, 10);
}
