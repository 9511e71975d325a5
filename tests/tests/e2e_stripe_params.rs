//! End-to-end through unixODBC: what the Stripe tables send besides plain
//! filters. Values outside a parameter's documented enumeration stay in
//! the engine; fields Stripe includes only on request are expanded exactly
//! when selected; fields that moved under `parent` are read and filtered
//! where current API versions keep them.
//!
//! Needs `cargo build -p apiodbc` first (same target dir and profile).

use apiodbc_tests::http;
use apiodbc_tests::odbc::{connect_fake_stripe, query_text};
use apiodbc_tests::stripe::DEFAULT_API_KEY;
use apiodbc_tests::stripe_checks::{check, fake_with_every_resource as fake, ids, sorted, text};
use serde_json::Value;

#[test]
fn the_fake_refuses_a_value_outside_an_enumeration_as_stripe_does() {
    let fake = fake();
    for (path, param) in [
        ("/v1/invoices", "status"),
        ("/v1/subscriptions", "collection_method"),
        ("/v1/prices", "recurring[interval]"),
    ] {
        let response = http::get_with_key(
            &format!("{}{path}?{param}=bogus", fake.base_url()),
            DEFAULT_API_KEY,
        );
        assert_eq!(response.status, 400, "{path}");
        let error = &response.json()["error"];
        assert_eq!(error["type"], "invalid_request_error", "{path}");
        assert_eq!(error["param"], param, "{path}");
    }
}

#[test]
fn a_value_outside_the_documented_enumeration_is_filtered_locally_never_sent() {
    let fake = fake();
    let conn = connect_fake_stripe(&fake);
    for (table, column, param) in [
        ("invoices", "status", "status"),
        ("invoices", "collection_method", "collection_method"),
        ("subscriptions", "status", "status"),
        ("payouts", "status", "status"),
        ("quotes", "status", "status"),
        ("prices", "type", "type"),
        ("prices", "recurring_interval", "recurring[interval]"),
        ("topups", "status", "status"),
        ("invoice_payments", "status", "status"),
        ("billing_meters", "status", "status"),
    ] {
        let sql = format!("SELECT id FROM {table} WHERE {column} = 'bogus'");
        fake.reset_log();
        let got = query_text(&conn, &sql).unwrap_or_else(|e| panic!("{sql}: {e}"));
        assert!(got.is_empty(), "{sql}");
        let requests = fake.requests();
        assert!(!requests.is_empty(), "{sql}");
        for request in &requests {
            assert_eq!(request.status, 200, "{sql}: {}", request.raw_query);
            assert!(
                !request.params(param).contains(&"bogus"),
                "{sql}: {}",
                request.raw_query
            );
        }
    }
    // A documented value is still sent.
    check(
        &conn,
        &fake,
        "invoices",
        "SELECT id FROM invoices WHERE status = 'void'",
        &[("status", "void")],
        |i| i["status"] == "void",
    );
}

#[test]
fn recurring_interval_and_usage_type_of_prices_are_list_parameters() {
    let fake = fake();
    let conn = connect_fake_stripe(&fake);
    check(
        &conn,
        &fake,
        "prices",
        "SELECT id FROM prices WHERE recurring_interval = 'month' \
         AND recurring_usage_type = 'licensed'",
        &[
            ("recurring[interval]", "month"),
            ("recurring[usage_type]", "licensed"),
        ],
        |p| p["recurring"]["interval"] == "month" && p["recurring"]["usage_type"] == "licensed",
    );
}

/// The `expand[]` values of every request in the log.
fn expansions(fake: &apiodbc_tests::FakeStripe) -> Vec<Vec<String>> {
    fake.requests()
        .iter()
        .map(|r| r.params("expand[]").iter().map(|v| v.to_string()).collect())
        .collect()
}

/// `requests` requests, each expanding `fields`.
fn each(requests: usize, fields: &[&str]) -> Vec<Vec<String>> {
    vec![fields.iter().map(|f| f.to_string()).collect(); requests]
}

#[test]
fn fields_stripe_includes_only_on_request_are_expanded_when_selected() {
    let fake = fake();
    let conn = connect_fake_stripe(&fake);
    let plans = fake.objects("plans");

    fake.reset_log();
    let got = query_text(&conn, "SELECT id, tiers FROM plans").unwrap();
    assert_eq!(expansions(&fake), each(2, &["data.tiers"]));
    let tiered: Vec<String> = plans
        .iter()
        .filter(|p| p["tiers"].is_array())
        .map(|p| text(p, "id").unwrap())
        .collect();
    assert!(!tiered.is_empty(), "the data has tiered plans");
    let with_tiers: Vec<String> = got
        .ids()
        .into_iter()
        .zip(got.column("tiers"))
        .filter(|(_, tiers)| tiers.is_some_and(|t| t.starts_with('[')))
        .map(|(id, _)| id)
        .collect();
    assert_eq!(sorted(with_tiers), sorted(tiered));

    // Without the column, nothing is expanded and the list is the same.
    fake.reset_log();
    let got = query_text(&conn, "SELECT id, amount FROM plans").unwrap();
    assert_eq!(got.ids(), ids(&plans));
    assert_eq!(expansions(&fake), each(2, &[]));

    // A get by id expands the field of the object itself.
    let id = plans
        .iter()
        .find(|p| p["tiers"].is_array())
        .and_then(|p| text(p, "id"))
        .unwrap();
    fake.reset_log();
    let got = query_text(&conn, &format!("SELECT tiers FROM plans WHERE id = '{id}'")).unwrap();
    assert!(got.column("tiers")[0].is_some_and(|t| t.contains("up_to")));
    assert_eq!(expansions(&fake), each(1, &["tiers"]));
    fake.reset_log();
    query_text(
        &conn,
        &format!("SELECT amount FROM plans WHERE id = '{id}'"),
    )
    .unwrap();
    assert_eq!(expansions(&fake), each(1, &[]));

    // Coupons: both fields, each once per page, and only when selected.
    let coupons = fake.objects("coupons");
    fake.reset_log();
    let got = query_text(&conn, "SELECT * FROM coupons").unwrap();
    assert_eq!(
        expansions(&fake),
        each(2, &["data.applies_to", "data.currency_options"])
    );
    let limited = |c: &Value| c["applies_to"].is_object();
    assert_eq!(
        got.column("applies_to")
            .iter()
            .filter(|a| a.is_some())
            .count(),
        coupons.iter().filter(|c| limited(c)).count()
    );
    fake.reset_log();
    query_text(&conn, "SELECT id, applies_to FROM coupons").unwrap();
    assert_eq!(expansions(&fake), each(2, &["data.applies_to"]));
}

#[test]
fn invoice_subscriptions_are_read_under_parent() {
    let fake = fake();
    let conn = connect_fake_stripe(&fake);
    let invoices = fake.objects("invoices");
    assert!(
        invoices.iter().all(|i| i.get("subscription").is_none()),
        "the fake serves current shapes"
    );
    let billed = |i: &Value| {
        i["parent"]["subscription_details"]["subscription"]
            .as_str()
            .map(str::to_owned)
    };
    let got = query_text(&conn, "SELECT id, subscription FROM invoices").unwrap();
    let want: Vec<Option<String>> = invoices.iter().map(billed).collect();
    assert!(want.iter().any(Option::is_some));
    let subscriptions: Vec<Option<String>> = got
        .column("subscription")
        .into_iter()
        .map(|s| s.map(str::to_owned))
        .collect();
    assert_eq!(subscriptions, want);
}

#[test]
fn stripes_own_name_for_the_parent_id_chooses_the_parents_too() {
    let fake = fake();
    let conn = connect_fake_stripe(&fake);
    let invoice = text(&fake.objects("invoices")[5], "id").unwrap();
    let lines: Vec<String> = fake
        .objects("invoice_line_items")
        .iter()
        .filter(|l| l["invoice"] == invoice.as_str())
        .map(|l| text(l, "id").unwrap())
        .collect();
    assert!(!lines.is_empty());
    fake.reset_log();
    let got = query_text(
        &conn,
        &format!("SELECT id FROM invoice_line_items WHERE invoice = '{invoice}'"),
    )
    .unwrap();
    assert_eq!(sorted(got.ids()), sorted(lines));
    let requests = fake.requests();
    assert_eq!(requests.len(), 1, "{requests:?}");
    assert_eq!(requests[0].path, format!("/v1/invoices/{invoice}/lines"));

    let subscription = text(&fake.objects("subscriptions")[3], "id").unwrap();
    fake.reset_log();
    let got = query_text(
        &conn,
        &format!("SELECT id FROM subscription_items WHERE subscription = '{subscription}'"),
    )
    .unwrap();
    let items: Vec<String> = fake
        .objects("subscription_items")
        .iter()
        .filter(|i| i["subscription"] == subscription.as_str())
        .map(|i| text(i, "id").unwrap())
        .collect();
    assert_eq!(sorted(got.ids()), sorted(items));
    let requests = fake.requests();
    assert_eq!(requests.len(), 1, "{requests:?}");
    assert_eq!(
        requests[0].param("subscription"),
        Some(subscription.as_str())
    );
}

#[test]
fn pending_invoice_items_and_scheduled_schedules_are_list_parameters() {
    let fake = fake();
    let conn = connect_fake_stripe(&fake);
    check(
        &conn,
        &fake,
        "invoiceitems",
        "SELECT id FROM invoice_items WHERE invoice IS NULL",
        &[("pending", "true")],
        |i| i["invoice"].is_null(),
    );
    check(
        &conn,
        &fake,
        "invoiceitems",
        "SELECT id FROM invoice_items WHERE invoice IS NOT NULL",
        &[("pending", "false")],
        |i| !i["invoice"].is_null(),
    );
    check(
        &conn,
        &fake,
        "subscription_schedules",
        "SELECT id FROM subscription_schedules WHERE status = 'not_started'",
        &[("scheduled", "true")],
        |s| s["status"] == "not_started",
    );
    // Other statuses have no parameter: the listing is filtered locally.
    fake.reset_log();
    let got = query_text(
        &conn,
        "SELECT id FROM subscription_schedules WHERE status = 'active'",
    )
    .unwrap();
    let active: Vec<Value> = fake
        .objects("subscription_schedules")
        .iter()
        .filter(|s| s["status"] == "active")
        .cloned()
        .collect();
    assert_eq!(sorted(got.ids()), sorted(ids(&active)));
    assert!(
        fake.requests()
            .iter()
            .all(|r| r.query.len() <= 2 && !r.has_param("scheduled"))
    );
}

#[test]
fn an_id_list_of_products_is_one_list_request_per_hundred_ids() {
    let fake = fake();
    let conn = connect_fake_stripe(&fake);
    let products = fake.objects("products");
    let list = |ids: &[Value]| {
        ids.iter()
            .map(|p| format!("'{}'", p["id"].as_str().unwrap()))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let some = &products[10..17];
    fake.reset_log();
    let got = query_text(
        &conn,
        &format!(
            "SELECT id, name FROM products WHERE id IN ({}, 'prod_missing')",
            list(some)
        ),
    )
    .unwrap();
    assert_eq!(sorted(got.ids()), sorted(ids(some)));
    let requests = fake.requests();
    assert_eq!(requests.len(), 1, "{requests:?}");
    assert_eq!(requests[0].path, "/v1/products");
    assert_eq!(requests[0].params("ids[]").len(), 8);
    assert_eq!(requests[0].param("limit"), Some("8"));

    // More ids than a page: a request per hundred, never a cursor.
    fake.reset_log();
    let got = query_text(
        &conn,
        &format!(
            "SELECT id FROM products WHERE id IN ({})",
            list(&products[..120])
        ),
    )
    .unwrap();
    assert_eq!(sorted(got.ids()), sorted(ids(&products[..120])));
    let requests = fake.requests();
    let sizes: Vec<usize> = requests.iter().map(|r| r.params("ids[]").len()).collect();
    assert_eq!(sizes, [100, 20]);
    assert!(
        requests
            .iter()
            .all(|r| r.status == 200 && r.param("starting_after").is_none())
    );

    // Other filters go along and are checked.
    let active: Vec<Value> = some
        .iter()
        .filter(|p| p["active"] == true)
        .cloned()
        .collect();
    fake.reset_log();
    let got = query_text(
        &conn,
        &format!(
            "SELECT id FROM products WHERE active AND id IN ({})",
            list(some)
        ),
    )
    .unwrap();
    assert_eq!(sorted(got.ids()), sorted(ids(&active)));
    let requests = fake.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].param("active"), Some("true"));
}

#[test]
fn balance_transactions_of_a_payout_are_listed_with_the_payout_parameter() {
    let fake = fake();
    let conn = connect_fake_stripe(&fake);
    let transactions = fake.objects("balance_transactions");
    let payout = text(&transactions[30], "_payout").unwrap();
    let paid_out = |t: &Value| t["_payout"] == payout.as_str();
    check(
        &conn,
        &fake,
        "balance_transactions",
        &format!("SELECT id, payout FROM balance_transactions WHERE payout = '{payout}'"),
        &[("payout", &payout)],
        paid_out,
    );
    // The column holds the payout asked for, and NULL without a filter.
    let got = query_text(
        &conn,
        &format!("SELECT payout FROM balance_transactions WHERE payout = '{payout}'"),
    )
    .unwrap();
    assert!(
        got.column("payout")
            .iter()
            .all(|p| *p == Some(payout.as_str()))
    );
    let got = query_text(&conn, "SELECT payout FROM balance_transactions LIMIT 3").unwrap();
    assert_eq!(got.column("payout"), [None, None, None]);

    // An id with a payout filter is looked for in the payout's listing: a
    // get could not tell which payout paid it out.
    let inside = transactions.iter().find(|t| paid_out(t)).unwrap();
    let outside = transactions.iter().find(|t| !paid_out(t)).unwrap();
    for (transaction, found) in [(inside, true), (outside, false)] {
        let id = text(transaction, "id").unwrap();
        fake.reset_log();
        let got = query_text(
            &conn,
            &format!(
                "SELECT id FROM balance_transactions WHERE id = '{id}' AND payout = '{payout}'"
            ),
        )
        .unwrap();
        assert_eq!(got.ids(), if found { vec![id] } else { vec![] });
        let requests = fake.requests();
        assert!(!requests.is_empty());
        assert!(
            requests
                .iter()
                .all(|r| r.path == "/v1/balance_transactions" && r.param("payout") == Some(&payout)),
            "{requests:?}"
        );
    }
}

#[test]
fn events_are_filtered_by_delivery_success_by_stripe() {
    let fake = fake();
    let conn = connect_fake_stripe(&fake);
    for delivered in [true, false] {
        let ids = check(
            &conn,
            &fake,
            "events",
            &format!(
                "SELECT id, delivery_success FROM events WHERE delivery_success = {delivered}"
            ),
            &[("delivery_success", &delivered.to_string())],
            |e| e["_delivery_success"] == delivered,
        );
        assert!(!ids.is_empty());
    }
    let got = query_text(
        &conn,
        "SELECT delivery_success FROM events WHERE NOT delivery_success",
    )
    .unwrap();
    assert!(
        got.column("delivery_success")
            .iter()
            .all(|d| *d == Some("0"))
    );
}

#[test]
fn subscriptions_containing_a_price_are_listed_with_the_price_parameter() {
    let fake = fake();
    let conn = connect_fake_stripe(&fake);
    let price = fake
        .objects("subscriptions")
        .iter()
        .find_map(|s| text(s, "_price"))
        .unwrap();
    check(
        &conn,
        &fake,
        "subscriptions",
        &format!("SELECT id, price FROM subscriptions WHERE price = '{price}'"),
        &[("price", &price), ("status", "all")],
        |s| s["_price"] == price.as_str(),
    );
}
