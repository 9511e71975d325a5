//! End-to-end through unixODBC: every Stripe table beyond charges and
//! customers reads all the fake server's objects, and each pushed-down filter
//! reaches the API as its list parameter while the rows match the generated
//! ground truth.
//!
//! Needs `cargo build -p apiodbc` first (same target dir and profile).

use apiodbc_tests::odbc::{connect_fake_stripe, query_text, unix_to_datetime_text};
use apiodbc_tests::{FakeStripe, FakeStripeConfig};
use odbc_api::Connection;
use serde_json::Value;

fn fake() -> FakeStripe {
    FakeStripe::start(FakeStripeConfig {
        others: 150,
        ..FakeStripeConfig::sized(25, 250)
    })
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

/// Runs `sql` on a clean request log and checks its ids against the objects of
/// `table` that `expected` accepts, and that every list request sent `params`.
fn check(
    conn: &Connection<'_>,
    fake: &FakeStripe,
    table: &str,
    sql: &str,
    params: &[(&str, &str)],
    expected: impl Fn(&Value) -> bool,
) -> Vec<String> {
    fake.reset_log();
    let result = query_text(conn, sql).unwrap_or_else(|e| panic!("{sql}: {e}"));
    let got: Vec<String> = result
        .column("id")
        .into_iter()
        .map(|id| id.expect("id is never NULL").to_owned())
        .collect();
    let want: Vec<String> = fake
        .objects(table)
        .iter()
        .filter(|o| expected(o))
        .map(|o| o["id"].as_str().unwrap().to_owned())
        .collect();
    assert!(
        !want.is_empty(),
        "{sql}: the data should have matching rows"
    );
    assert_eq!(sorted(got.clone()), sorted(want.clone()), "{sql}");
    let requests = fake.requests_to(&format!("/v1/{table}"));
    let pages = want.len().div_ceil(100).max(1);
    assert_eq!(requests.len(), pages, "{sql}: {requests:?}");
    assert_eq!(fake.request_count(), pages, "{sql}: only list requests");
    for request in &requests {
        assert_eq!(request.status, 200, "{sql}");
        for (key, value) in params {
            assert_eq!(
                request.param(key),
                Some(*value),
                "{sql}: {}",
                request.raw_query
            );
        }
    }
    got
}

fn text(object: &Value, field: &str) -> Option<String> {
    object[field].as_str().map(str::to_owned)
}

#[test]
fn every_table_reads_all_objects_newest_first() {
    let fake = fake();
    let conn = connect_fake_stripe(&fake);
    for table in [
        "refunds",
        "balance_transactions",
        "payment_intents",
        "payouts",
        "disputes",
        "events",
        "invoices",
        "products",
        "prices",
        "subscriptions",
    ] {
        let got = check(
            &conn,
            &fake,
            table,
            &format!("SELECT * FROM {table}"),
            &[],
            |_| true,
        );
        let want: Vec<String> = fake
            .objects(table)
            .iter()
            .map(|o| text(o, "id").unwrap())
            .collect();
        assert_eq!(got, want, "{table}: the API's order");
    }
}

#[test]
fn subscriptions_include_canceled_ones_unless_a_status_is_asked_for() {
    let fake = fake();
    let conn = connect_fake_stripe(&fake);
    assert!(
        fake.objects("subscriptions")
            .iter()
            .any(|s| s["status"] == "canceled"),
        "the data has canceled subscriptions"
    );
    check(
        &conn,
        &fake,
        "subscriptions",
        "SELECT id FROM subscriptions",
        &[("status", "all")],
        |_| true,
    );
    check(
        &conn,
        &fake,
        "subscriptions",
        "SELECT id FROM subscriptions WHERE status = 'canceled'",
        &[("status", "canceled")],
        |s| s["status"] == "canceled",
    );
    check(
        &conn,
        &fake,
        "subscriptions",
        "SELECT id, status FROM subscriptions WHERE status = 'active'",
        &[("status", "active")],
        |s| s["status"] == "active",
    );
    let customer = text(&fake.objects("subscriptions")[0], "customer").unwrap();
    check(
        &conn,
        &fake,
        "subscriptions",
        &format!("SELECT id FROM subscriptions WHERE customer = '{customer}'"),
        &[("customer", &customer), ("status", "all")],
        |s| text(s, "customer").as_deref() == Some(&customer),
    );
    // `status = 'all'` is no status: nothing matches, and it is not sent.
    fake.reset_log();
    let none = query_text(&conn, "SELECT id FROM subscriptions WHERE status = 'all'").unwrap();
    assert!(none.is_empty());
    let requests = fake.requests_to("/v1/subscriptions");
    assert!(requests.iter().all(|r| r.param("status") == Some("all")));
}

#[test]
fn equality_filters_become_list_parameters() {
    let fake = fake();
    let conn = connect_fake_stripe(&fake);

    let charge = text(&fake.objects("refunds")[3], "charge").unwrap();
    check(
        &conn,
        &fake,
        "refunds",
        &format!("SELECT id, amount FROM refunds WHERE charge = '{charge}'"),
        &[("charge", &charge)],
        |r| text(r, "charge").as_deref() == Some(&charge),
    );

    check(
        &conn,
        &fake,
        "balance_transactions",
        "SELECT id FROM balance_transactions WHERE type = 'charge' AND currency = 'usd'",
        &[("type", "charge"), ("currency", "usd")],
        |t| t["type"] == "charge" && t["currency"] == "usd",
    );
    let first_charge = fake
        .objects("balance_transactions")
        .iter()
        .find(|t| t["type"] == "charge")
        .unwrap();
    let source = text(first_charge, "source").unwrap();
    check(
        &conn,
        &fake,
        "balance_transactions",
        &format!("SELECT id FROM balance_transactions WHERE source = '{source}'"),
        &[("source", &source)],
        |t| text(t, "source").as_deref() == Some(&source),
    );

    let customer = fake
        .objects("payment_intents")
        .iter()
        .find_map(|p| text(p, "customer"))
        .unwrap();
    check(
        &conn,
        &fake,
        "payment_intents",
        &format!("SELECT id, amount FROM payment_intents WHERE customer = '{customer}'"),
        &[("customer", &customer)],
        |p| text(p, "customer").as_deref() == Some(&customer),
    );

    check(
        &conn,
        &fake,
        "events",
        "SELECT id, data_object_id FROM events WHERE type = 'charge.succeeded'",
        &[("types[]", "charge.succeeded")],
        |e| e["type"] == "charge.succeeded",
    );
    // IN sends every type in one listing.
    check(
        &conn,
        &fake,
        "events",
        "SELECT id FROM events WHERE type IN ('charge.failed', 'customer.created')",
        &[],
        |e| e["type"] == "charge.failed" || e["type"] == "customer.created",
    );
    for request in fake.requests() {
        assert_eq!(
            sorted(
                request
                    .params("types[]")
                    .iter()
                    .map(|t| t.to_string())
                    .collect()
            ),
            ["charge.failed", "customer.created"]
        );
    }
    // A wildcard is SQL text, not a pattern: filtered locally, nothing matches.
    fake.reset_log();
    let none = query_text(&conn, "SELECT id FROM events WHERE type = 'charge.*'").unwrap();
    assert!(none.is_empty());
    assert!(fake.requests().iter().all(|r| !r.has_param("types[]")));

    let charge = text(&fake.objects("disputes")[0], "charge").unwrap();
    check(
        &conn,
        &fake,
        "disputes",
        &format!("SELECT id FROM disputes WHERE charge = '{charge}'"),
        &[("charge", &charge)],
        |d| text(d, "charge").as_deref() == Some(&charge),
    );

    check(
        &conn,
        &fake,
        "products",
        "SELECT id FROM products WHERE active",
        &[("active", "true")],
        |p| p["active"] == true,
    );
    check(
        &conn,
        &fake,
        "products",
        "SELECT id FROM products WHERE active = false",
        &[("active", "false")],
        |p| p["active"] == false,
    );
    check(
        &conn,
        &fake,
        "products",
        "SELECT id FROM products WHERE shippable",
        &[("shippable", "true")],
        |p| p["shippable"] == true,
    );
    let url = fake
        .objects("products")
        .iter()
        .find_map(|p| text(p, "url"))
        .expect("a product with a URL");
    check(
        &conn,
        &fake,
        "products",
        &format!("SELECT id FROM products WHERE url = '{url}'"),
        &[("url", &url)],
        |p| text(p, "url").as_deref() == Some(&url),
    );
    let destination = text(&fake.objects("payouts")[0], "destination").unwrap();
    check(
        &conn,
        &fake,
        "payouts",
        &format!("SELECT id FROM payouts WHERE destination = '{destination}'"),
        &[("destination", &destination)],
        |p| text(p, "destination").as_deref() == Some(&destination),
    );

    let product = text(&fake.objects("prices")[0], "product").unwrap();
    check(
        &conn,
        &fake,
        "prices",
        &format!(
            "SELECT id FROM prices WHERE product = '{product}' AND type = 'recurring' OR product = '{product}' AND type = 'one_time'"
        ),
        &[],
        |p| text(p, "product").as_deref() == Some(&product),
    );
    check(
        &conn,
        &fake,
        "prices",
        "SELECT id FROM prices WHERE active = true AND currency = 'usd' AND type = 'recurring'",
        &[
            ("active", "true"),
            ("currency", "usd"),
            ("type", "recurring"),
        ],
        |p| p["active"] == true && p["currency"] == "usd" && p["type"] == "recurring",
    );
}

#[test]
fn invoice_filters() {
    let fake = fake();
    let conn = connect_fake_stripe(&fake);
    let invoices = fake.objects("invoices");
    let customer = text(&invoices[0], "customer").unwrap();
    check(
        &conn,
        &fake,
        "invoices",
        &format!("SELECT id FROM invoices WHERE customer = '{customer}'"),
        &[("customer", &customer)],
        |i| text(i, "customer").as_deref() == Some(&customer),
    );
    let subscription = invoices
        .iter()
        .find_map(|i| text(i, "subscription"))
        .unwrap();
    check(
        &conn,
        &fake,
        "invoices",
        &format!("SELECT id FROM invoices WHERE subscription = '{subscription}'"),
        &[("subscription", &subscription)],
        |i| text(i, "subscription").as_deref() == Some(&subscription),
    );
    let due: Vec<i64> = invoices
        .iter()
        .filter_map(|i| i["due_date"].as_i64())
        .collect();
    let cut = due[due.len() / 2];
    check(
        &conn,
        &fake,
        "invoices",
        &format!(
            "SELECT id FROM invoices WHERE status = 'paid' AND due_date <= TIMESTAMP '{}'",
            unix_to_datetime_text(cut)
        ),
        &[("status", "paid"), ("due_date[lte]", &cut.to_string())],
        |i| i["status"] == "paid" && i["due_date"].as_i64().is_some_and(|d| d <= cut),
    );
}

#[test]
fn status_and_date_ranges_on_payouts() {
    let fake = fake();
    let conn = connect_fake_stripe(&fake);
    let payouts = fake.objects("payouts");
    let cut = payouts[payouts.len() / 2]["arrival_date"].as_i64().unwrap();
    let created_cut = payouts[payouts.len() / 4]["created"].as_i64().unwrap();
    check(
        &conn,
        &fake,
        "payouts",
        &format!(
            "SELECT id FROM payouts WHERE status = 'paid' AND arrival_date >= TIMESTAMP '{}' AND created < TIMESTAMP '{}'",
            unix_to_datetime_text(cut),
            unix_to_datetime_text(created_cut),
        ),
        &[
            ("status", "paid"),
            ("arrival_date[gte]", &cut.to_string()),
            ("created[lt]", &created_cut.to_string()),
        ],
        |p| {
            p["status"] == "paid"
                && p["arrival_date"].as_i64().unwrap() >= cut
                && p["created"].as_i64().unwrap() < created_cut
        },
    );
}

#[test]
fn analyst_queries_match_the_ground_truth() {
    let fake = fake();
    let conn = connect_fake_stripe(&fake);

    let sum: i64 = fake
        .charges()
        .iter()
        .filter(|c| c["status"] == "succeeded")
        .map(|c| c["amount"].as_i64().unwrap())
        .sum();
    let got = query_text(
        &conn,
        "SELECT SUM(amount) AS total FROM charges WHERE status = 'succeeded'",
    )
    .unwrap();
    assert_eq!(got.column("total"), [Some(sum.to_string().as_str())]);

    let joined = query_text(
        &conn,
        "SELECT ch.id, cu.email FROM charges ch JOIN customers cu ON ch.customer = cu.id",
    )
    .unwrap();
    let mut want: Vec<(String, Option<String>)> = fake
        .charges()
        .iter()
        .filter_map(|c| {
            let customer = fake.customer(c["customer"].as_str()?)?;
            Some((text(c, "id").unwrap(), text(customer, "email")))
        })
        .collect();
    want.sort();
    let mut got: Vec<(String, Option<String>)> = joined
        .column("id")
        .into_iter()
        .zip(joined.column("email"))
        .map(|(id, email)| (id.unwrap().to_owned(), email.map(str::to_owned)))
        .collect();
    got.sort();
    assert_eq!(got, want);

    // Prices grouped by their flattened billing interval.
    let grouped = query_text(
        &conn,
        "SELECT recurring_interval, COUNT(*) AS n FROM prices WHERE type = 'recurring' \
         GROUP BY recurring_interval ORDER BY recurring_interval",
    )
    .unwrap();
    let mut counts = std::collections::BTreeMap::<String, usize>::new();
    for p in fake
        .objects("prices")
        .iter()
        .filter(|p| p["type"] == "recurring")
    {
        *counts
            .entry(p["recurring"]["interval"].as_str().unwrap().to_owned())
            .or_default() += 1;
    }
    let got: Vec<(String, String)> = grouped
        .column("recurring_interval")
        .into_iter()
        .zip(grouped.column("n"))
        .map(|(k, n)| (k.unwrap().to_owned(), n.unwrap().to_owned()))
        .collect();
    let want: Vec<(String, String)> = counts
        .into_iter()
        .map(|(k, n)| (k, n.to_string()))
        .collect();
    assert_eq!(got, want);
}
