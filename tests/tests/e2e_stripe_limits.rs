//! End-to-end through unixODBC: Stripe authentication variants, connected
//! accounts, the pinned API version, the rate limit, retries, error
//! diagnostics and the opt-in Search API, each checked against the fake
//! server's request log and ground truth.
//!
//! Needs `cargo build -p apiodbc` first (same target dir and profile).

use std::collections::BTreeSet;

use apiodbc_tests::odbc::{
    ResultTable, connect, driver_path, expect_sqlstate, fake_stripe_connection_string, query_text,
};
use apiodbc_tests::stripe_checks::ids;
use apiodbc_tests::{FakeStripe, FakeStripeConfig};
use odbc_api::Connection;

/// The API version the driver pins (providers/src/stripe/mod.rs, `API_VERSION`).
const PINNED_VERSION: &str = "2026-02-25.clover";

fn fake() -> FakeStripe {
    FakeStripe::start(FakeStripeConfig::sized(25, 250))
}

/// Connects with extra properties, then clears the request log.
fn connect_with(fake: &FakeStripe, extra: &str) -> Connection<'static> {
    let connection_string = format!("{};{extra}", fake_stripe_connection_string(fake));
    let conn = connect(&connection_string).unwrap_or_else(|e| panic!("{connection_string}: {e}"));
    fake.reset_log();
    conn
}

fn query(conn: &Connection<'_>, sql: &str) -> ResultTable {
    query_text(conn, sql).unwrap_or_else(|e| panic!("{sql}: {e}"))
}

fn column(table: &ResultTable, name: &str) -> Vec<String> {
    table
        .column(name)
        .into_iter()
        .map(|v| v.unwrap_or_default().to_owned())
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Authentication, accounts, API version

#[test]
fn every_request_pins_the_version_and_names_the_account() {
    let fake = fake();
    let conn = connect_with(&fake, "AccountId=acct_1Connected");
    let table = query(&conn, "SELECT id FROM customers");
    let requests = fake.requests();
    assert!(!requests.is_empty());
    for r in &requests {
        assert_eq!(r.header("stripe-version"), Some(PINNED_VERSION), "{r:?}");
        assert_eq!(r.stripe_account.as_deref(), Some("acct_1Connected"));
    }
    // The connected account's own customers, not the platform's.
    let expected = ids(&fake.account_objects("acct_1Connected", "customers"));
    assert_eq!(column(&table, "id"), expected);
    assert_ne!(expected, ids(&fake.customers()));

    // Without AccountId: the platform's objects, no header.
    let platform = connect_with(&fake, "");
    let table = query(&platform, "SELECT id FROM customers");
    assert_eq!(column(&table, "id"), ids(&fake.customers()));
    assert!(fake.requests().iter().all(|r| r.stripe_account.is_none()));
}

#[test]
fn a_connect_access_token_is_a_bearer_with_the_account_header() {
    let fake = fake();
    fake.accepted_keys()
        .lock()
        .unwrap()
        .insert("sk_test_connectToken".into());
    let conn = connect(&format!(
        "Driver={{{}}};Provider=stripe;BaseURL={};AuthScheme=OAuth;OAuthAccessToken=sk_test_connectToken;AccountId=acct_1Shop",
        driver_path().display(),
        fake.base_url()
    ))
    .unwrap_or_else(|e| panic!("{e}"));
    fake.reset_log();
    let table = query(&conn, "SELECT id FROM charges LIMIT 3");
    assert_eq!(
        column(&table, "id"),
        ids(&fake.account_objects("acct_1Shop", "charges")[..3])
    );
    let requests = fake.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(
        requests[0].header("authorization"),
        Some("Bearer sk_test_connectToken")
    );
    assert_eq!(requests[0].stripe_account.as_deref(), Some("acct_1Shop"));
}

fn restricted_fake() -> FakeStripe {
    FakeStripe::start(FakeStripeConfig {
        restricted_keys: vec![("rk_test_chargesOnly".into(), vec!["charges".into()])],
        ..FakeStripeConfig::sized(25, 250)
    })
}

fn restricted_connection(fake: &FakeStripe) -> Connection<'static> {
    let conn = connect(&format!(
        "Driver={{{}}};Provider=stripe;BaseURL={};PWD=rk_test_chargesOnly",
        driver_path().display(),
        fake.base_url()
    ))
    .unwrap_or_else(|e| panic!("a restricted key without customers must connect: {e}"));
    fake.reset_log();
    conn
}

#[test]
fn a_restricted_key_reads_what_it_may_and_names_the_permission_it_lacks() {
    let fake = restricted_fake();
    let conn = restricted_connection(&fake);
    let charges = query(&conn, "SELECT id FROM charges");
    assert_eq!(column(&charges, "id"), ids(&fake.charges()));
    assert!(
        fake.requests()
            .iter()
            .all(|r| r.header("authorization") == Some("Bearer rk_test_chargesOnly"))
    );

    fake.reset_log();
    let message = expect_sqlstate(query_text(&conn, "SELECT id FROM customers"), "42000");
    assert!(message.contains("customers"), "{message}");
    assert!(message.contains("rak_customer_read"), "{message}");
    assert!(
        !message.contains("chargesOnly"),
        "the key leaked: {message}"
    );
    assert_eq!(fake.request_count(), 1, "a 403 is not retried");
}

#[test]
fn tables_the_key_cannot_read_are_still_listed() {
    let fake = restricted_fake();
    let conn = restricted_connection(&fake);
    let mut tables = BTreeSet::new();
    for row in conn.tables("stripe", "stripe", "%", "").expect("SQLTables") {
        tables.insert(row.unwrap().table.as_str().unwrap().unwrap().to_owned());
    }
    for expected in ["charges", "customers", "invoices", "subscriptions"] {
        assert!(tables.contains(expected), "{expected} in {tables:?}");
    }
    assert_eq!(fake.request_count(), 0, "catalogs are static");
}

#[test]
fn a_publishable_key_is_28000_without_a_request() {
    let fake = fake();
    let result = connect(&format!(
        "Driver={{{}}};Provider=stripe;BaseURL={};LiveAPIKey=pk_test_public123",
        driver_path().display(),
        fake.base_url()
    ))
    .map(|_| ());
    let message = expect_sqlstate(result, "28000");
    assert!(message.contains("publishable"), "{message}");
    assert!(!message.contains("public123"), "{message}");
    assert_eq!(fake.request_count(), 0);
}

// ---------------------------------------------------------------------------------------------
// Rate limit and retries

/// The most requests the fake saw arrive within any one second.
fn busiest_second(fake: &FakeStripe) -> usize {
    let arrivals: Vec<u64> = fake.requests().iter().map(|r| r.at_micros).collect();
    apiodbc_tests::request_log::busiest_second(&arrivals)
}

/// The subscription items of `n` subscriptions: one list request per
/// subscription, all to the endpoint `/v1/subscription_items`.
fn items_of(subscriptions: std::ops::Range<usize>) -> String {
    let ids: Vec<String> = subscriptions.map(|i| format!("'sub_{i}'")).collect();
    format!(
        "SELECT id FROM subscription_items WHERE subscription_id IN ({})",
        ids.join(", ")
    )
}

fn list_items_of_60_subscriptions(fake: &FakeStripe, conn: &Connection<'_>) {
    query(conn, &items_of(0..60));
    let requests = fake.requests();
    assert_eq!(requests.len(), 60, "one list per subscription");
    assert!(requests.iter().all(|r| r.path == "/v1/subscription_items"));
}

#[test]
fn a_test_mode_key_never_exceeds_25_requests_in_any_second() {
    let fake = fake();
    let conn = connect_with(&fake, "");
    list_items_of_60_subscriptions(&fake, &conn);
    let busiest = busiest_second(&fake);
    assert!(busiest <= 25, "{busiest} requests within one second");
}

/// The limit is the key's, not a connection's: four connections of one
/// process (Tableau opens several) share it.
#[test]
fn connections_on_one_key_share_its_25_requests_a_second() {
    let fake = fake();
    let connections: Vec<_> = (0..4).map(|_| connect_with(&fake, "")).collect();
    fake.reset_log();
    std::thread::scope(|scope| {
        for (i, conn) in connections.into_iter().enumerate() {
            scope.spawn(move || query(&conn, &items_of(i * 15..i * 15 + 15)));
        }
    });
    assert_eq!(fake.request_count(), 60, "one list per subscription");
    let busiest = busiest_second(&fake);
    assert!(busiest <= 25, "{busiest} requests within one second");
}

/// A live key may start 90 requests a second, but Stripe allows each
/// endpoint only 25 of them.
#[test]
fn a_live_key_keeps_each_endpoint_to_25_requests_a_second() {
    let fake = FakeStripe::start(FakeStripeConfig {
        api_key: "sk_live_apiodbc".into(),
        ..FakeStripeConfig::sized(25, 250)
    });
    let conn = connect_with(&fake, "");
    list_items_of_60_subscriptions(&fake, &conn);
    let busiest = busiest_second(&fake);
    assert!(busiest <= 25, "{busiest} requests within one second");
    // Given RateLimit, the user's number is the only limit.
    let conn = connect_with(&fake, "RateLimit=90");
    list_items_of_60_subscriptions(&fake, &conn);
    let busiest = busiest_second(&fake);
    assert!(busiest > 25, "{busiest} requests within one second");
}

#[test]
fn a_429_mid_scan_is_retried_and_every_row_arrives_once() {
    let fake = fake();
    let conn = connect_with(&fake, "");
    fake.pass_next(1);
    fake.fail_next(1, 429);
    let table = query(&conn, "SELECT id FROM charges");
    assert_eq!(column(&table, "id"), ids(&fake.charges()));
    let requests = fake.requests();
    assert_eq!(
        requests.iter().map(|r| r.status).collect::<Vec<_>>(),
        [200, 429, 200, 200]
    );
    // The retry asks for the same page.
    assert!(requests[1].param("starting_after").is_some());
    assert_eq!(requests[1].query, requests[2].query);
}

#[test]
fn stripe_should_retry_false_is_final() {
    let fake = fake();
    let conn = connect_with(&fake, "");
    fake.fail_next_with(1, 500, Some(false));
    let message = expect_sqlstate(query_text(&conn, "SELECT id FROM customers"), "HY000");
    assert!(message.contains("An unknown error occurred"), "{message}");
    assert!(message.contains("type: api_error"), "{message}");
    assert_eq!(fake.request_count(), 1);
    // And `true` on a 409 is retried.
    fake.reset_log();
    fake.fail_next_with(1, 409, Some(true));
    let table = query(&conn, "SELECT id FROM customers");
    assert_eq!(table.len(), 25);
    assert_eq!(
        fake.requests().iter().map(|r| r.status).collect::<Vec<_>>(),
        [409, 200]
    );
}

#[test]
fn retries_end_at_the_timeout_with_a_diagnostic() {
    let fake = fake();
    let conn = connect_with(&fake, "Timeout=2");
    fake.fail_next(50, 503);
    let message = expect_sqlstate(query_text(&conn, "SELECT id FROM customers"), "HY000");
    assert!(message.contains("HTTP 503"), "{message}");
    let tries = fake.request_count();
    assert!(
        message.contains(&format!("gave up after {tries} tries")),
        "{message}"
    );
    assert!((2..8).contains(&tries), "{tries} tries within 2 s");
    fake.clear_faults();
}

// ---------------------------------------------------------------------------------------------
// Values Stripe refuses

#[test]
fn a_refused_filter_value_is_22018_naming_the_column() {
    let fake = fake();
    let conn = connect_with(&fake, "");
    let message = expect_sqlstate(
        query_text(&conn, "SELECT id FROM charges WHERE customer = 'abc'"),
        "22018",
    );
    assert!(message.contains("column customer"), "{message}");
    assert!(message.contains("No such customer: 'abc'"), "{message}");
    assert!(message.contains("code: resource_missing"), "{message}");
    assert_eq!(fake.request_count(), 1);

    // A status outside the documented ones is never sent (see
    // e2e_stripe_params.rs); a currency Stripe does not know is.
    let message = expect_sqlstate(
        query_text(
            &conn,
            "SELECT id FROM balance_transactions WHERE currency = 'dollars'",
        ),
        "22018",
    );
    assert!(
        message.contains("column currency of table balance_transactions"),
        "{message}"
    );
    assert!(message.contains("Invalid currency"), "{message}");
}

// ---------------------------------------------------------------------------------------------
// UseSearchAPI

fn succeeded_over_1000(fake: &FakeStripe) -> Vec<String> {
    fake.charges()
        .iter()
        .filter(|c| c["status"] == "succeeded" && c["amount"].as_i64().unwrap() > 1000)
        .map(|c| c["id"].as_str().unwrap().to_owned())
        .collect()
}

const SUCCEEDED_OVER_1000: &str =
    "SELECT id FROM charges WHERE status = 'succeeded' AND amount > 1000";

#[test]
fn search_api_answers_what_lists_cannot() {
    let fake = fake();
    let expected = succeeded_over_1000(&fake);
    assert!(!expected.is_empty() && expected.len() < fake.charges().len());

    let conn = connect_with(&fake, "UseSearchAPI=true");
    let table = query(&conn, SUCCEEDED_OVER_1000);
    assert_eq!(column(&table, "id"), expected);
    let requests = fake.requests();
    assert!(
        requests.iter().all(|r| r.path == "/v1/charges/search"),
        "{requests:?}"
    );
    assert_eq!(
        requests[0].param("query"),
        Some(r#"status:"succeeded" AND amount>1000"#)
    );
    // Paged with `page` = the previous `next_page`, 100 at a time.
    assert_eq!(requests.len(), expected.len().div_ceil(100));
    assert!(requests.iter().all(|r| r.param("limit") == Some("100")));
}

#[test]
fn without_search_api_the_same_query_lists_and_filters_locally() {
    let fake = fake();
    let conn = connect_with(&fake, "");
    let table = query(&conn, SUCCEEDED_OVER_1000);
    assert_eq!(column(&table, "id"), succeeded_over_1000(&fake));
    let requests = fake.requests();
    assert_eq!(requests.len(), 3, "250 charges, 100 a page");
    assert!(requests.iter().all(|r| r.path == "/v1/charges"));
    assert!(requests.iter().all(|r| !r.has_param("status")));
}

#[test]
fn search_restates_list_filters_and_pages_through_every_match() {
    let fake = FakeStripe::start(FakeStripeConfig::sized(5, 400));
    let customer = fake.charges()[0]["customer"].as_str().unwrap().to_owned();
    let expected: Vec<String> = fake
        .charges()
        .iter()
        .filter(|c| c["customer"] == customer.as_str() && c["status"] == "succeeded")
        .map(|c| c["id"].as_str().unwrap().to_owned())
        .collect();
    assert!(expected.len() > 1);
    let conn = connect_with(&fake, "UseSearchAPI=true");
    let table = query(
        &conn,
        &format!("SELECT id FROM charges WHERE status = 'succeeded' AND customer = '{customer}'"),
    );
    assert_eq!(column(&table, "id"), expected);
    let requests = fake.requests();
    assert_eq!(
        requests[0].param("query").map(str::to_owned),
        Some(format!(r#"status:"succeeded" AND customer:"{customer}""#))
    );
    assert_eq!(requests.len(), expected.len().div_ceil(100));
}

#[test]
fn search_values_cannot_change_the_query() {
    let fake = fake();
    let conn = connect_with(&fake, "UseSearchAPI=true");
    let table = query(
        &conn,
        r#"SELECT id FROM charges WHERE status = 'x" OR status:"succeeded'"#,
    );
    assert!(table.is_empty(), "{table:?}");
    let requests = fake.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].status, 200);
    assert_eq!(
        requests[0].param("query"),
        Some(r#"status:"x\" OR status:\"succeeded""#)
    );
}

#[test]
fn like_prefix_searches_by_substring_and_is_rechecked() {
    let fake = fake();
    let name = fake
        .customers()
        .iter()
        .filter_map(|c| c["name"].as_str())
        .find(|n| n.chars().take(3).all(char::is_alphabetic))
        .unwrap()
        .to_owned();
    let prefix: String = name.chars().take(3).collect();
    let expected: Vec<String> = fake
        .customers()
        .iter()
        .filter(|c| c["name"].as_str().is_some_and(|n| n.starts_with(&prefix)))
        .map(|c| c["id"].as_str().unwrap().to_owned())
        .collect();
    let conn = connect_with(&fake, "UseSearchAPI=true");
    let table = query(
        &conn,
        &format!("SELECT id FROM customers WHERE name LIKE '{prefix}%'"),
    );
    assert_eq!(column(&table, "id"), expected);
    let requests = fake.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].path, "/v1/customers/search");
    assert_eq!(
        requests[0].param("query").map(str::to_owned),
        Some(format!("name~\"{prefix}\""))
    );
}

/// `metadata['key']` reads one key of the JSON metadata; with the Search API
/// an equality on it is one search request, without it the engine filters.
#[test]
fn metadata_keys_are_columns_and_searched_by_key() {
    let fake = fake();
    let customers = fake.customers();
    let tagged = customers
        .iter()
        .find_map(|c| c["metadata"]["plan"].as_str())
        .expect("a customer with a plan");
    let expected: Vec<String> = customers
        .iter()
        .filter(|c| c["metadata"]["plan"] == tagged)
        .map(|c| c["id"].as_str().unwrap().to_owned())
        .collect();
    let sql = format!(
        "SELECT id, metadata['plan'] AS plan FROM customers WHERE metadata['plan'] = '{tagged}'"
    );

    let conn = connect_with(&fake, "UseSearchAPI=true");
    let table = query(&conn, &sql);
    assert_eq!(column(&table, "id"), expected);
    assert!(table.column("plan").iter().all(|v| *v == Some(tagged)));
    let requests = fake.requests();
    assert_eq!(requests.len(), 1, "{requests:?}");
    assert_eq!(requests[0].path, "/v1/customers/search");
    assert_eq!(
        requests[0].param("query"),
        Some(format!(r#"metadata["plan"]:"{tagged}""#).as_str())
    );

    fake.reset_log();
    let conn = connect_with(&fake, "");
    assert_eq!(column(&query(&conn, &sql), "id"), expected);
    assert!(fake.requests().iter().all(|r| r.path == "/v1/customers"));

    // Every customer's key, NULL where there is none.
    let all = query(&conn, "SELECT metadata['plan'] AS k FROM customers");
    let want: Vec<Option<&str>> = customers
        .iter()
        .map(|c| c["metadata"]["plan"].as_str())
        .collect();
    assert_eq!(all.column("k"), want);
}

/// A chain of subscripts walks nested JSON objects: one call with a key path.
#[test]
fn subscript_chains_walk_nested_json() {
    let fake = fake();
    let want: Vec<Option<String>> = fake
        .charges()
        .iter()
        .map(|c| {
            c["billing_details"]["address"]["country"]
                .as_str()
                .map(str::to_owned)
        })
        .collect();
    assert!(
        want.iter().any(Option::is_some),
        "the fixture has countries"
    );
    let conn = connect_with(&fake, "");
    let table = query(
        &conn,
        "SELECT billing_details['address']['country'] AS c FROM charges",
    );
    let got: Vec<Option<String>> = table
        .column("c")
        .iter()
        .map(|v| v.map(str::to_owned))
        .collect();
    assert_eq!(got, want);
}

/// `id IN` costs the fewer requests of a GET per id and a scan that keeps
/// those ids, and never more than the scan: a few ids are got at once; a
/// long list is scanned, ending early once every id was met; ids missing
/// after the first pages are got when that is cheaper than reading on.
#[test]
fn an_id_list_costs_no_more_than_a_scan() {
    let fake = FakeStripe::start(FakeStripeConfig::sized(25, 1234));
    let conn = connect_with(&fake, "");
    let charges = ids(&fake.charges());
    let in_list = |ids: &[String]| {
        let list: Vec<String> = ids.iter().map(|id| format!("'{id}'")).collect();
        format!("SELECT id FROM charges WHERE id IN ({})", list.join(", "))
    };
    let run = |ids: Vec<String>| {
        fake.reset_log();
        let got: BTreeSet<String> = column(&query(&conn, &in_list(&ids)), "id")
            .into_iter()
            .collect();
        assert_eq!(got, ids.iter().cloned().collect::<BTreeSet<_>>());
        fake.requests()
    };
    let gets = |requests: &[apiodbc_tests::request_log::Request]| {
        requests
            .iter()
            .filter(|r| r.path.starts_with("/v1/charges/ch_"))
            .count()
    };

    fake.reset_log();
    query(&conn, "SELECT id FROM charges");
    let scan = fake.request_count();

    // 400 ids spread over the table: the scan, not 400 GETs.
    let spread: Vec<String> = charges.iter().step_by(3).take(400).cloned().collect();
    let requests = run(spread);
    assert!(
        requests.len() <= scan,
        "{} requests; the scan makes {scan}",
        requests.len()
    );
    assert_eq!(gets(&requests), 0);

    // Four ids: four GETs.
    let requests = run(charges[1000..1004].to_vec());
    assert_eq!((requests.len(), gets(&requests)), (4, 4));

    // 50 of the newest: met on the first page.
    let requests = run(charges[..50].to_vec());
    assert_eq!(requests.len(), 1, "{requests:?}");

    // Eight of the oldest: the first pages, then a GET for each.
    let requests = run(charges[1226..].to_vec());
    assert_eq!(gets(&requests), 8);
    assert!(
        requests.len() < scan,
        "{} requests; the scan makes {scan}",
        requests.len()
    );
}
