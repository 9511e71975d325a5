//! End-to-end through unixODBC: the Stripe parent tables (application fees,
//! Checkout Sessions, credit notes, transfers) and the child tables listed
//! per parent, against the fake server's generated ground truth, with the
//! exact requests each query costs.
//!
//! Needs `cargo build -p apiodbc` first (same target dir and profile).

use apiodbc_tests::odbc::{ResultTable, connect, fake_stripe_connection_string, query_text};
use apiodbc_tests::{FakeStripe, FakeStripeConfig};
use odbc_api::Connection;
use serde_json::Value;

/// 30 of every other resource; the first parent of each child table has 105
/// children (two pages), the others 0 to 4.
fn fake() -> FakeStripe {
    FakeStripe::start(FakeStripeConfig {
        others: 30,
        ..FakeStripeConfig::sized(25, 50)
    })
}

/// No client-side rate limit: these tests count requests, not time.
fn open(fake: &FakeStripe) -> Connection<'static> {
    connect(&format!(
        "{};RateLimit=0",
        fake_stripe_connection_string(fake)
    ))
    .unwrap_or_else(|e| panic!("connect: {e}"))
}

/// (child table, its parent id column, parent resource, where the generated child keeps its parent id).
const CHILDREN: &[(&str, &str, &str, &str)] = &[
    (
        "application_fee_refunds",
        "application_fee_id",
        "application_fees",
        "fee",
    ),
    (
        "checkout_session_line_items",
        "checkout_session_id",
        "checkout_sessions",
        "_parent",
    ),
    (
        "credit_note_line_items",
        "credit_note_id",
        "credit_notes",
        "_parent",
    ),
    (
        "customer_balance_transactions",
        "customer_id",
        "customers",
        "customer",
    ),
    ("customer_tax_ids", "customer_id", "customers", "customer"),
    ("invoice_line_items", "invoice_id", "invoices", "invoice"),
    (
        "subscription_items",
        "subscription_id",
        "subscriptions",
        "subscription",
    ),
    ("transfer_reversals", "transfer_id", "transfers", "transfer"),
    ("quote_line_items", "quote_id", "quotes", "_parent"),
    (
        "payment_link_line_items",
        "payment_link_id",
        "payment_links",
        "_parent",
    ),
    ("account_persons", "account_id", "accounts", "account"),
    (
        "account_external_accounts",
        "account_id",
        "accounts",
        "account",
    ),
    (
        "customer_cash_balance_transactions",
        "customer_id",
        "customers",
        "customer",
    ),
    (
        "setup_attempts",
        "setup_intent_id",
        "setup_intents",
        "setup_intent",
    ),
    (
        "billing_credit_balance_transactions",
        "customer_id",
        "customers",
        "_customer",
    ),
];

/// Child tables whose parent id goes in a query parameter: (table, list path, parameter).
const IN_QUERY: &[(&str, &str, &str)] = &[
    (
        "subscription_items",
        "/v1/subscription_items",
        "subscription",
    ),
    ("setup_attempts", "/v1/setup_attempts", "setup_intent"),
    (
        "billing_credit_balance_transactions",
        "/v1/billing/credit_balance_transactions",
        "customer",
    ),
];

fn child(table: &str) -> (&'static str, &'static str, &'static str, &'static str) {
    *CHILDREN.iter().find(|c| c.0 == table).unwrap()
}

fn id(object: &Value) -> String {
    object["id"].as_str().unwrap().to_owned()
}

/// The children of `parents` as (parent id, child id), in parent order, each parent's in list order.
fn family(fake: &FakeStripe, table: &str, parents: &[String]) -> Vec<(String, String)> {
    let (_, _, _, field) = child(table);
    let children = fake.objects(table);
    parents
        .iter()
        .flat_map(|parent| {
            children
                .iter()
                .filter(move |c| c[field].as_str() == Some(parent))
                .map(move |c| (parent.clone(), id(c)))
        })
        .collect()
}

fn pages(n: usize) -> usize {
    n.div_ceil(100).max(1)
}

/// Requests a fan-out under `parents` costs: one list (paged) per parent.
fn child_requests(fake: &FakeStripe, table: &str, parents: &[String]) -> usize {
    let all = family(fake, table, parents);
    parents
        .iter()
        .map(|p| pages(all.iter().filter(|(q, _)| q == p).count()))
        .sum()
}

fn pairs(result: &ResultTable, parent_column: &str) -> Vec<(String, String)> {
    result
        .column(parent_column)
        .into_iter()
        .zip(result.column("id"))
        .map(|(p, c)| (p.unwrap().to_owned(), c.unwrap().to_owned()))
        .collect()
}

/// The path a parent resource is listed at.
fn list_path(resource: &str) -> String {
    match resource {
        "checkout_sessions" => "/v1/checkout/sessions".into(),
        other => format!("/v1/{other}"),
    }
}

#[test]
fn parent_tables_read_every_object_in_the_apis_order() {
    let fake = fake();
    let conn = open(&fake);
    for table in [
        "application_fees",
        "checkout_sessions",
        "credit_notes",
        "transfers",
    ] {
        fake.reset_log();
        let got = query_text(&conn, &format!("SELECT * FROM {table}")).unwrap();
        let want: Vec<String> = fake.objects(table).iter().map(id).collect();
        let got_ids = got.ids();
        assert_eq!(got_ids, want, "{table}");
        assert_eq!(fake.request_count(), pages(want.len()), "{table}");
        assert_eq!(
            fake.requests_to(&list_path(table)).len(),
            pages(want.len()),
            "{table}"
        );
    }
}

#[test]
fn children_without_a_parent_filter_fan_out_over_the_listed_parents() {
    let fake = fake();
    let conn = open(&fake);
    for &(table, parent_column, parent, _) in CHILDREN {
        fake.reset_log();
        let got = query_text(&conn, &format!("SELECT {parent_column}, id FROM {table}"))
            .unwrap_or_else(|e| panic!("{table}: {e}"));
        let parents: Vec<String> = fake.objects(parent).iter().map(id).collect();
        let want = family(&fake, table, &parents);
        assert!(want.len() > 105, "{table}: the data has children");
        assert_eq!(
            pairs(&got, parent_column),
            want,
            "{table}: parent order, then list order"
        );
        // One listing of the parents (ids only), then one list per parent.
        let listing = fake.requests_to(&list_path(parent));
        assert_eq!(listing.len(), pages(parents.len()), "{table}");
        if parent == "subscriptions" {
            assert!(listing.iter().all(|r| r.param("status") == Some("all")));
        }
        assert_eq!(
            fake.request_count(),
            pages(parents.len()) + child_requests(&fake, table, &parents),
            "{table}"
        );
        assert!(fake.requests().iter().all(|r| r.status == 200), "{table}");
    }
}

#[test]
fn a_parent_filter_is_one_paged_list_under_that_parent() {
    let fake = fake();
    let conn = open(&fake);
    for &(table, parent_column, parent, _) in CHILDREN {
        let first = id(&fake.objects(parent)[0]);
        fake.reset_log();
        let got = query_text(
            &conn,
            &format!("SELECT {parent_column}, id FROM {table} WHERE {parent_column} = '{first}'"),
        )
        .unwrap();
        let want = family(&fake, table, std::slice::from_ref(&first));
        assert_eq!(want.len(), 105, "{table}");
        assert_eq!(pairs(&got, parent_column), want, "{table}");
        let requests = fake.requests();
        assert_eq!(
            requests.len(),
            2,
            "{table}: two pages, nothing else: {requests:?}"
        );
        assert!(requests[0].param("starting_after").is_none());
        assert_eq!(
            requests[1].param("starting_after"),
            Some(want[99].1.as_str())
        );
        for r in &requests {
            assert_eq!(r.param("limit"), Some("100"));
            if let Some((_, path, param)) = IN_QUERY.iter().find(|c| c.0 == table) {
                assert_eq!(r.path, *path);
                assert_eq!(r.param(param), Some(first.as_str()));
            } else {
                assert!(
                    r.path
                        .starts_with(&format!("{}/{first}/", list_path(parent))),
                    "{}",
                    r.path
                );
            }
        }
    }
}

#[test]
fn in_on_the_parent_id_is_one_list_per_parent_and_a_missing_parent_is_no_rows() {
    let fake = fake();
    let conn = open(&fake);
    let invoices: Vec<String> = fake.objects("invoices").iter().map(id).collect();
    let chosen = vec![
        invoices[5].clone(),
        invoices[2].clone(),
        invoices[9].clone(),
    ];
    fake.reset_log();
    let got = query_text(
        &conn,
        &format!(
            "SELECT invoice_id, id FROM invoice_line_items WHERE invoice_id IN ('{}', '{}', 'in_missing', '{}')",
            chosen[0], chosen[1], chosen[2]
        ),
    )
    .unwrap();
    let mut want = family(&fake, "invoice_line_items", &chosen);
    assert!(!want.is_empty());
    let mut got = pairs(&got, "invoice_id");
    got.sort();
    want.sort();
    assert_eq!(got, want);
    let requests = fake.requests();
    assert_eq!(requests.len(), 4, "{requests:?}");
    let mut paths: Vec<String> = requests.iter().map(|r| r.path.clone()).collect();
    paths.sort();
    let mut expected: Vec<String> = chosen
        .iter()
        .map(String::as_str)
        .chain(["in_missing"])
        .map(|i| format!("/v1/invoices/{i}/lines"))
        .collect();
    expected.sort();
    assert_eq!(paths, expected);
    assert_eq!(requests.iter().filter(|r| r.status == 404).count(), 1);

    // A parent that does not exist alone: one request, no rows, no error.
    fake.reset_log();
    let none = query_text(
        &conn,
        "SELECT id FROM customer_tax_ids WHERE customer_id = 'cus_missing'",
    )
    .unwrap();
    assert!(none.is_empty());
    assert_eq!(fake.request_count(), 1);
}

#[test]
fn id_in_on_a_top_level_table_is_one_get_per_id() {
    let fake = fake();
    let conn = open(&fake);
    let transfers: Vec<String> = fake.objects("transfers").iter().map(id).collect();
    fake.reset_log();
    let got = query_text(
        &conn,
        &format!(
            "SELECT id, amount FROM transfers WHERE id IN ('{}', 'tr_missing', '{}')",
            transfers[3], transfers[7]
        ),
    )
    .unwrap();
    let mut ids: Vec<&str> = got.column("id").into_iter().map(Option::unwrap).collect();
    ids.sort();
    let mut want = vec![transfers[3].as_str(), transfers[7].as_str()];
    want.sort();
    assert_eq!(ids, want);
    let mut paths: Vec<String> = fake.requests().into_iter().map(|r| r.path).collect();
    paths.sort();
    let mut expected = vec![
        format!("/v1/transfers/{}", transfers[3]),
        format!("/v1/transfers/{}", transfers[7]),
        "/v1/transfers/tr_missing".to_string(),
    ];
    expected.sort();
    assert_eq!(paths, expected);

    // Subscription items have a get-by-id path of their own.
    let item = &fake.objects("subscription_items")[3];
    fake.reset_log();
    let got = query_text(
        &conn,
        &format!(
            "SELECT subscription_id, price_id, quantity FROM subscription_items WHERE id = '{}'",
            id(item)
        ),
    )
    .unwrap();
    assert_eq!(
        got.column("subscription_id"),
        [item["subscription"].as_str()]
    );
    assert_eq!(got.column("price_id"), [item["price"]["id"].as_str()]);
    assert_eq!(
        got.column("quantity"),
        [Some(item["quantity"].to_string().as_str())]
    );
    assert_eq!(fake.request_count(), 1);
    assert_eq!(
        fake.requests()[0].path,
        format!("/v1/subscription_items/{}", id(item))
    );
}

#[test]
fn invoices_join_their_lines() {
    let fake = fake();
    let conn = open(&fake);
    let got = query_text(
        &conn,
        "SELECT i.id AS invoice, i.customer, l.id AS line, l.amount \
         FROM invoices i JOIN invoice_line_items l ON l.invoice_id = i.id \
         WHERE i.status = 'paid' ORDER BY l.id",
    )
    .unwrap();
    let lines = fake.objects("invoice_line_items");
    let mut want: Vec<Vec<Option<String>>> = fake
        .objects("invoices")
        .iter()
        .filter(|i| i["status"] == "paid")
        .flat_map(|i| {
            lines
                .iter()
                .filter(move |l| l["invoice"] == i["id"])
                .map(move |l| {
                    vec![
                        Some(id(i)),
                        i["customer"].as_str().map(str::to_owned),
                        Some(id(l)),
                        Some(l["amount"].to_string()),
                    ]
                })
        })
        .collect();
    want.sort_by(|a, b| a[2].cmp(&b[2]));
    assert!(!want.is_empty());
    let got: Vec<Vec<Option<String>>> = (0..got.len())
        .map(|row| {
            ["invoice", "customer", "line", "amount"]
                .iter()
                .map(|c| got.column(c)[row].map(str::to_owned))
                .collect()
        })
        .collect();
    assert_eq!(got, want);
}

#[test]
fn child_columns_are_typed_and_carry_their_parent() {
    let fake = fake();
    let conn = open(&fake);
    // Checkout line items and credit note lines do not carry their parent's id in the API.
    let session = id(&fake.objects("checkout_sessions")[1]);
    let got = query_text(
        &conn,
        &format!(
            "SELECT checkout_session_id, id, price_id, amount_total, quantity \
             FROM checkout_session_line_items WHERE checkout_session_id IN ('{session}')"
        ),
    )
    .unwrap();
    let checkout_session_line_items = fake.objects("checkout_session_line_items");
    let want: Vec<&Value> = checkout_session_line_items
        .iter()
        .filter(|i| i["_parent"] == session.as_str())
        .collect();
    assert_eq!(got.len(), want.len());
    for (row, item) in want.iter().enumerate() {
        assert_eq!(
            got.column("checkout_session_id")[row],
            Some(session.as_str())
        );
        assert_eq!(got.column("price_id")[row], item["price"]["id"].as_str());
        assert_eq!(
            got.column("amount_total")[row],
            Some(item["amount_total"].to_string().as_str())
        );
    }
    let note = &fake.objects("credit_notes")[0];
    let got = query_text(
        &conn,
        &format!(
            "SELECT COUNT(*) AS n, SUM(amount) AS total FROM credit_note_line_items WHERE credit_note_id = '{}'",
            id(note)
        ),
    )
    .unwrap();
    let credit_note_line_items = fake.objects("credit_note_line_items");
    let lines: Vec<&Value> = credit_note_line_items
        .iter()
        .filter(|l| l["_parent"] == note["id"])
        .collect();
    let sum: i64 = lines.iter().map(|l| l["amount"].as_i64().unwrap()).sum();
    assert_eq!(got.column("n"), [Some(lines.len().to_string().as_str())]);
    assert_eq!(got.column("total"), [Some(sum.to_string().as_str())]);

    // Timestamps are timestamps: a range on a child's created is evaluated locally.
    let customer = id(&fake.customers()[0]);
    let customer_balance_transactions = fake.objects("customer_balance_transactions");
    let txns: Vec<&Value> = customer_balance_transactions
        .iter()
        .filter(|t| t["customer"] == customer.as_str())
        .collect();
    let cut = txns[40]["created"].as_i64().unwrap();
    let got = query_text(
        &conn,
        &format!(
            "SELECT id FROM customer_balance_transactions WHERE customer_id = '{customer}' \
             AND created >= TIMESTAMP '{}'",
            apiodbc_tests::odbc::unix_to_datetime_text(cut)
        ),
    )
    .unwrap();
    let want: Vec<String> = txns
        .iter()
        .filter(|t| t["created"].as_i64().unwrap() >= cut)
        .map(|t| id(t))
        .collect();
    let got = got.ids();
    assert_eq!(got, want);
}

#[test]
fn limit_on_a_child_table_stops_the_fan_out() {
    let fake = fake();
    let conn = open(&fake);
    let parents: Vec<String> = fake.objects("transfers").iter().map(id).collect();
    let all = family(&fake, "transfer_reversals", &parents);
    fake.reset_log();
    let got = query_text(
        &conn,
        "SELECT transfer_id, id FROM transfer_reversals LIMIT 3",
    )
    .unwrap();
    assert_eq!(pairs(&got, "transfer_id"), all[..3].to_vec());
    // The first transfer has 105 reversals: the listing and a few parents, not all 30.
    let requests = fake.request_count();
    assert!(requests < 1 + parents.len(), "{requests} requests");
    assert!(
        fake.requests()
            .iter()
            .any(|r| r.param("limit") == Some("3"))
    );
}

/// Checkout Session and credit note list filters reach Stripe as parameters:
/// one request, and the rows the ground truth says.
#[test]
fn checkout_session_and_credit_note_filters_are_sent_to_stripe() {
    let fake = fake();
    let conn = open(&fake);
    let sessions = fake.objects("checkout_sessions");
    let session = sessions
        .iter()
        .find(|s| s["customer"].is_string() && s["customer_details"]["email"].is_string())
        .expect("a completed session");
    let customer = session["customer"].as_str().unwrap();
    let email = session["customer_details"]["email"].as_str().unwrap();
    let cut = sessions[sessions.len() - 1]["created"].as_i64().unwrap();
    let since = apiodbc_tests::odbc::unix_to_datetime_text(cut);
    fake.reset_log();
    let got = query_text(
        &conn,
        &format!(
            "SELECT id FROM checkout_sessions WHERE status = 'complete' AND customer = '{customer}' \
             AND customer_details_email = '{}' AND created >= TIMESTAMP '{since}'",
            email.replace('\'', "''")
        ),
    )
    .unwrap();
    let want: Vec<String> = sessions
        .iter()
        .filter(|s| {
            s["status"] == "complete"
                && s["customer"] == customer
                && s["customer_details"]["email"] == email
                && s["created"].as_i64().unwrap() >= cut
        })
        .map(id)
        .collect();
    assert!(!want.is_empty());
    let got_ids = got.ids();
    assert_eq!(got_ids, want);
    let requests = fake.requests();
    assert_eq!(requests.len(), 1, "{requests:?}");
    let request = &requests[0];
    assert_eq!(request.param("status"), Some("complete"));
    assert_eq!(request.param("customer"), Some(customer));
    assert_eq!(request.param("customer_details[email]"), Some(email));
    assert_eq!(
        request.param("created[gte]"),
        Some(cut.to_string().as_str())
    );

    fake.reset_log();
    let none = query_text(
        &conn,
        "SELECT id FROM checkout_sessions WHERE payment_link = 'plink_none'",
    )
    .unwrap();
    assert_eq!(none.len(), 0);
    assert_eq!(fake.requests()[0].param("payment_link"), Some("plink_none"));
    assert_eq!(fake.request_count(), 1);

    let notes = fake.objects("credit_notes");
    let cut = notes[notes.len() / 2]["created"].as_i64().unwrap();
    fake.reset_log();
    let got = query_text(
        &conn,
        &format!(
            "SELECT id FROM credit_notes WHERE created < TIMESTAMP '{}'",
            apiodbc_tests::odbc::unix_to_datetime_text(cut)
        ),
    )
    .unwrap();
    let want: Vec<String> = notes
        .iter()
        .filter(|n| n["created"].as_i64().unwrap() < cut)
        .map(id)
        .collect();
    let got_ids = got.ids();
    assert_eq!(got_ids, want);
    assert_eq!(fake.request_count(), 1);
    assert_eq!(
        fake.requests()[0].param("created[lt]"),
        Some(cut.to_string().as_str())
    );
}

/// A parent's embedded list (`invoices.lines`, `subscriptions.items`, ...)
/// shows the first children its child table lists, as Stripe embeds them.
#[test]
fn embedded_lists_agree_with_the_child_tables() {
    let fake = fake();
    let conn = open(&fake);
    for (parent, list, table) in [
        ("invoices", "lines", "invoice_line_items"),
        ("subscriptions", "items", "subscription_items"),
        ("transfers", "reversals", "transfer_reversals"),
    ] {
        let (_, parent_column, _, _) = child(table);
        // The first parent has the most children (two pages).
        let parent_id = id(&fake.objects(parent)[0]);
        let embedded = query_text(
            &conn,
            &format!("SELECT {list} FROM {parent} WHERE id = '{parent_id}'"),
        )
        .unwrap();
        let embedded: Value = serde_json::from_str(embedded.column(list)[0].unwrap()).unwrap();
        let shown: Vec<&str> = embedded["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["id"].as_str().unwrap())
            .collect();
        let children = query_text(
            &conn,
            &format!("SELECT id FROM {table} WHERE {parent_column} = '{parent_id}'"),
        )
        .unwrap();
        let all: Vec<&str> = children
            .column("id")
            .into_iter()
            .map(Option::unwrap)
            .collect();
        assert!(all.len() > 10, "{table}: {}", all.len());
        assert_eq!(shown, all[..10], "{parent}.{list}");
        assert_eq!(embedded["has_more"], true, "{parent}.{list}");
    }
}
