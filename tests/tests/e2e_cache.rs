//! The persistent cache (`CacheLocation`) end to end: every step is a new
//! client process (`odbc-query`) loading the driver through unixODBC, while
//! this process changes the fake account between steps and counts the
//! requests it receives.
//!
//! Needs `cargo build -p apiodbc` first.

use std::path::Path;
use std::process::Command;
use std::thread::sleep;
use std::time::Duration;

use apiodbc_tests::odbc::{bitbucket_connection_string, fake_stripe_connection_string};
use apiodbc_tests::{FakeBitbucket, FakeBitbucketConfig, FakeStripe, FakeStripeConfig};
use serde_json::{Value, json};

/// Runs `statements` in a new client process; one answer per statement.
fn run(connection: &str, statements: &[&str]) -> Vec<Value> {
    let output = Command::new(env!("CARGO_BIN_EXE_odbc-query"))
        .arg(connection)
        .args(statements)
        .output()
        .expect("odbc-query runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let answers: Vec<Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON line per statement"))
        .collect();
    assert_eq!(
        answers.len(),
        statements.len(),
        "stdout: {stdout}\nstderr: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    answers
}

/// The rows of a successful answer.
fn rows(answer: &Value) -> &Value {
    assert!(answer.get("rows").is_some(), "an error: {answer}");
    &answer["rows"]
}

fn cached(fake: &FakeStripe, dir: &Path, extra: &str) -> String {
    format!(
        "{};CacheLocation={};{extra}",
        fake_stripe_connection_string(fake),
        dir.display()
    )
}

const CHARGES: &str = "SELECT count(*), sum(amount), sum(amount_refunded), \
                       sum(CASE WHEN refunded THEN 1 ELSE 0 END) FROM charges";
const CUSTOMERS: &str = "SELECT id FROM customers ORDER BY id";

/// What a full read of the fake's current data answers to [`CHARGES`] and [`CUSTOMERS`].
fn expected(fake: &FakeStripe) -> (Value, Value) {
    let charges = fake.charges();
    let sum = |field: &str| {
        charges
            .iter()
            .map(|c| c[field].as_i64().unwrap())
            .sum::<i64>()
    };
    let refunded = charges
        .iter()
        .filter(|c| c["refunded"] == json!(true))
        .count();
    let totals = json!([[
        charges.len().to_string(),
        sum("amount").to_string(),
        sum("amount_refunded").to_string(),
        refunded.to_string()
    ]]);
    let mut ids: Vec<String> = fake
        .customers()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_string())
        .collect();
    ids.sort();
    let customers = Value::Array(ids.into_iter().map(|id| json!([id])).collect());
    (totals, customers)
}

/// Requests to the API since the last reset, but the connect-time check
/// (`/v1/customers?limit=1`), which a stale cache repeats.
fn reads(fake: &FakeStripe) -> Vec<String> {
    fake.requests()
        .into_iter()
        .filter(|r| !(r.path == "/v1/customers" && r.raw_query == "limit=1"))
        .map(|r| format!("{} {}", r.path, r.raw_query))
        .collect()
}

#[test]
fn a_later_process_answers_from_disk_and_a_refresh_costs_what_changed() {
    // 13 pages of charges.
    let fake = FakeStripe::start(FakeStripeConfig::sized(25, 1250));
    let dir = tempfile::tempdir().unwrap();
    let fresh = cached(&fake, dir.path(), "CacheTTL=3600");

    let first = run(&fresh, &[CHARGES, CUSTOMERS]);
    let (totals, customers) = expected(&fake);
    assert_eq!(rows(&first[0]), &totals);
    assert_eq!(rows(&first[1]), &customers);
    assert!(fake.requests_to("/v1/charges").len() >= 13);

    fake.reset_log();
    let second = run(&fresh, &[CHARGES, CUSTOMERS]);
    assert_eq!(second, first);
    assert_eq!(fake.request_count(), 0, "{:?}", reads(&fake));

    // The account changes: a new charge, a refund, a deleted customer.
    let customer = fake.customers()[3]["id"].as_str().unwrap().to_string();
    let refunded = fake.charges()[700]["id"].as_str().unwrap().to_string();
    fake.create_charge(Some(&customer), 4200, "eur");
    fake.refund_charge(&refunded);
    fake.delete_customer(&customer);
    let (totals, customers) = expected(&fake);
    assert_ne!(rows(&first[0]), &totals);

    // Within the TTL, the copy still answers.
    fake.reset_log();
    assert_eq!(run(&fresh, &[CHARGES]), first[..1]);
    assert_eq!(fake.request_count(), 0);

    // Past it, the copy is refreshed with what changed.
    sleep(Duration::from_millis(1100));
    fake.reset_log();
    let stale = cached(&fake, dir.path(), "CacheTTL=1");
    let refreshed = run(&stale, &[CHARGES]);
    assert_eq!(rows(&refreshed[0]), &totals);
    let charge_reads = reads(&fake);
    assert!(charge_reads.len() <= 4, "{charge_reads:#?}");
    assert_eq!(fake.requests_to("/v1/events").len(), 1, "{charge_reads:#?}");

    fake.reset_log();
    let refreshed = run(&stale, &[CUSTOMERS]);
    assert_eq!(rows(&refreshed[0]), &customers);
    let customer_reads = reads(&fake);
    assert!(customer_reads.len() <= 4, "{customer_reads:#?}");

    // Exactly what a full read answers.
    let other = tempfile::tempdir().unwrap();
    let full = run(&cached(&fake, other.path(), ""), &[CHARGES, CUSTOMERS]);
    assert_eq!(rows(&full[0]), &totals);
    assert_eq!(rows(&full[1]), &customers);
}

#[cfg(unix)]
#[test]
fn the_files_are_the_owners_alone() {
    use std::os::unix::fs::PermissionsExt;

    let fake = FakeStripe::start(FakeStripeConfig::sized(5, 20));
    let dir = tempfile::tempdir().unwrap();
    run(&cached(&fake, dir.path(), ""), &[CUSTOMERS]);
    let mut seen = 0;
    let mut pending = vec![dir.path().join("stripe")];
    while let Some(path) = pending.pop() {
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        if path.is_dir() {
            assert_eq!(mode, 0o700, "{}", path.display());
            pending.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
        } else {
            assert_eq!(mode, 0o600, "{}", path.display());
            seen += 1;
        }
        // The key never names or enters a file.
        let name = path.to_string_lossy();
        assert!(!name.contains(fake.api_key()), "{name}");
        if path.is_file() {
            let bytes = std::fs::read(&path).unwrap();
            let text = String::from_utf8_lossy(&bytes);
            assert!(!text.contains(fake.api_key()), "{name}");
        }
    }
    // The lock, the manifest and a Parquet file, and the credentials' check.
    assert_eq!(seen, 4);
}

#[test]
fn offline_answers_from_disk_with_the_api_gone() {
    let fake = FakeStripe::start(FakeStripeConfig::sized(25, 250));
    let dir = tempfile::tempdir().unwrap();
    let online = cached(&fake, dir.path(), "CacheTTL=1");
    let first = run(&online, &[CHARGES, CUSTOMERS]);
    let offline = cached(&fake, dir.path(), "Offline=true");
    drop(fake);

    let answers = run(
        &offline,
        &[CHARGES, CUSTOMERS, "SELECT count(*) FROM refunds"],
    );
    assert_eq!(answers[..2], first[..]);
    assert_eq!(answers[2]["state"], "HY000", "{}", answers[2]);
    let message = answers[2]["message"].as_str().unwrap();
    assert!(
        message.contains("never cached") && message.contains("refunds"),
        "{message}"
    );
    // Offline refreshes nothing, even when asked.
    let refresh = run(&offline, &["{call RefreshCache('charges')}"]);
    assert_eq!(refresh[0]["state"], "HY000", "{}", refresh[0]);
    // Without a cache to answer from, Offline cannot connect.
    let nowhere = offline.replace(&format!("CacheLocation={}", dir.path().display()), "");
    let refused = run(&nowhere, &[CHARGES]);
    assert_eq!(refused[0]["state"], "HY000", "{}", refused[0]);
    assert!(
        refused[0]["message"]
            .as_str()
            .unwrap()
            .contains("CacheLocation")
    );
}

#[test]
fn two_processes_refreshing_at_once_make_one_refresh() {
    let fake = FakeStripe::start(FakeStripeConfig::sized(25, 250));
    let dir = tempfile::tempdir().unwrap();
    let connection = cached(&fake, dir.path(), "CacheTTL=2");
    let first = run(&connection, &[CHARGES]);
    fake.create_charge(None, 1000, "usd");
    let (totals, _) = expected(&fake);
    sleep(Duration::from_millis(2100));
    fake.reset_log();
    let both: Vec<_> = (0..2)
        .map(|_| {
            let connection = connection.clone();
            std::thread::spawn(move || run(&connection, &[CHARGES]))
        })
        .collect();
    for answer in both {
        let answer = answer.join().unwrap();
        assert_eq!(rows(&answer[0]), &totals);
        assert_ne!(answer, first);
    }
    assert_eq!(
        fake.requests_to("/v1/events").len(),
        1,
        "{:#?}",
        reads(&fake)
    );
}

#[test]
fn refresh_and_clear_on_demand() {
    let fake = FakeStripe::start(FakeStripeConfig::sized(25, 250));
    let dir = tempfile::tempdir().unwrap();
    let connection = cached(&fake, dir.path(), "CacheTTL=3600");
    run(&connection, &[CHARGES]);
    fake.create_charge(None, 1000, "usd");
    let (totals, _) = expected(&fake);

    fake.reset_log();
    let answers = run(
        &connection,
        &[
            "{call RefreshCache('charges')}",
            CHARGES,
            "{call RefreshCache('charges', true)}",
            "{call RefreshCache()}",
            "{call RefreshCache('invoice_line_items')}",
        ],
    );
    let incremental = rows(&answers[0])[0].clone();
    assert_eq!(incremental[0], "charges");
    assert_eq!(incremental[1], "incremental");
    assert_eq!(incremental[2], "251");
    let spent: usize = incremental[3].as_str().unwrap().parse().unwrap();
    assert!((1..=3).contains(&spent), "{incremental}");
    assert_eq!(rows(&answers[1]), &totals);
    let full = rows(&answers[2])[0].clone();
    assert_eq!((&full[1], &full[2]), (&json!("full"), &json!("251")));
    // NULL: every table the cache holds.
    assert_eq!(rows(&answers[3]).as_array().unwrap().len(), 1);
    assert_eq!(answers[4]["state"], "42000", "{}", answers[4]);

    // A table the API reports no changes of is read again in full, and the
    // log says so from Verbosity 2.
    let log = dir.path().join("driver.log");
    let logged = format!("{connection};LogFile={};Verbosity=2", log.display());
    let refunds = run(
        &logged,
        &[
            "SELECT count(*) FROM refunds",
            "{call RefreshCache('refunds')}",
        ],
    );
    assert_eq!(rows(&refunds[1])[0][1], "full");
    let text = std::fs::read_to_string(&log).unwrap();
    assert!(
        text.contains("stripe.stripe.refunds in full: the API reports no changes to refunds"),
        "{text}"
    );

    let cleared = run(
        &connection,
        &[
            "{call ClearCache('charges')}",
            "{call ClearCache('charges')}",
        ],
    );
    assert_eq!(rows(&cleared[0]), &json!([["charges", "1"]]));
    assert_eq!(rows(&cleared[1]), &json!([["charges", "0"]]));
    fake.reset_log();
    assert_eq!(rows(&run(&connection, &[CHARGES])[0]), &totals);
    assert!(fake.requests_to("/v1/charges").len() >= 3);
}

#[test]
fn bitbucket_pull_requests_refresh_by_updated_on() {
    let fake = FakeBitbucket::start(FakeBitbucketConfig::default());
    let workspace = fake.workspaces()[0].clone();
    let repository = fake.repositories(&workspace)[0].clone();
    let dir = tempfile::tempdir().unwrap();
    let connection = |ttl: &str| {
        format!(
            "{};CacheLocation={};CacheTTL={ttl}",
            bitbucket_connection_string(&fake, &workspace),
            dir.path().display()
        )
    };
    let sql = format!("SELECT id, title FROM {repository}.pull_requests ORDER BY id");
    let before = run(&connection("3600"), &[&sql]);
    let count = rows(&before[0]).as_array().unwrap().len();
    assert!(count > 0);

    fake.update_pull_request(&workspace, &repository, 1, "Renamed");
    let created = fake.create_pull_request(&workspace, &repository, "Brand new");
    sleep(Duration::from_millis(1100));
    fake.reset_log();
    let after = run(&connection("1"), &[&sql]);
    let after = rows(&after[0]).as_array().unwrap().clone();
    assert_eq!(after.len(), count + 1);
    assert!(after.contains(&json!(["1", "Renamed"])), "{after:?}");
    assert!(after.contains(&json!([created["id"].to_string(), "Brand new"])));
    let listed = fake
        .requests()
        .into_iter()
        .filter(|r| r.path.ends_with("/pullrequests"))
        .map(|r| (r.path, r.raw_query))
        .collect::<Vec<_>>();
    assert_eq!(listed.len(), 1, "{listed:#?}");
    assert!(listed[0].1.contains("updated_on"), "{listed:#?}");
}

/// The plan text of an `EXPLAIN ANALYZE` answer.
fn plan_text(answer: &Value) -> String {
    rows(answer)
        .as_array()
        .unwrap()
        .iter()
        .map(|row| row[1].as_str().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn filters_reach_the_parquet_scan() {
    let fake = FakeStripe::start(FakeStripeConfig::sized(25, 1250));
    let dir = tempfile::tempdir().unwrap();
    let connection = cached(&fake, dir.path(), "CacheTTL=3600");
    let customer = fake.charges()[5]["customer"].as_str().unwrap().to_string();
    let theirs = fake
        .charges()
        .iter()
        .filter(|c| c["customer"] == json!(customer))
        .count();
    let plans = run(
        &connection,
        &[
            CHARGES,
            "EXPLAIN ANALYZE SELECT id FROM charges \
             WHERE created > TIMESTAMP '2100-01-01 00:00:00'",
            &format!("EXPLAIN ANALYZE SELECT id FROM charges WHERE customer = '{customer}'"),
        ],
    );
    // The statistics of `created` rule the whole file out: nothing is read.
    let future = plan_text(&plans[1]);
    assert!(
        future.contains("files_ranges_pruned_statistics=1 total \u{2192} 0 matched")
            && future.contains("bytes_scanned=0,"),
        "{future}"
    );
    // Rows of other customers are dropped as the file is decoded, and
    // only the two columns the query needs are read.
    let one = plan_text(&plans[2]);
    assert!(
        one.contains(&format!("pushdown_rows_matched={theirs},"))
            && one.contains("projection=[id]"),
        "{one}"
    );
}
