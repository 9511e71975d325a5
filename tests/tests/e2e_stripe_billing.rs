//! End-to-end through unixODBC: the Stripe tables of invoice payments,
//! usage billing (meters, their event summaries, credit grants and credit
//! balance transactions), Connect account people and external accounts,
//! Stripe Tax (transactions, codes), setup attempts and country specs:
//! their rows against the fake server's ground truth, the exact list
//! parameters their filters send, the joins they exist for, and the error
//! a query gets when it lacks a filter Stripe requires.
//!
//! Needs `cargo build -p apiodbc` first (same target dir and profile).

use std::collections::BTreeSet;

use apiodbc_fakes::stripe::families::SUMMARIES_END;
use apiodbc_tests::odbc::{
    connect_fake_stripe, expect_sqlstate, query_text, unix_to_datetime_text,
};
use apiodbc_tests::stripe_checks::{check, fake_with_every_resource as fake, ids, sorted, text};
use serde_json::Value;

fn pages(n: usize) -> usize {
    n.div_ceil(100).max(1)
}

/// Every request went to `path` with exactly the list parameters `params`
/// besides `limit` and the cursor.
#[track_caller]
fn only_requests_to(fake: &apiodbc_tests::FakeStripe, path: &str, params: &[(&str, &str)]) {
    for request in fake.requests() {
        assert_eq!(request.path, path);
        let mut sent: Vec<(&str, &str)> = request
            .query
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .filter(|(k, _)| *k != "limit" && *k != "starting_after")
            .collect();
        sent.sort();
        assert_eq!(sent, sorted(params.to_vec()), "{}", request.raw_query);
    }
}

/// The question invoice payments answer: which payment intent (or charge)
/// paid which invoice. Each side is one listing; nothing is sent per row.
#[test]
fn invoices_join_payment_intents_and_charges_through_invoice_payments() {
    let fake = fake();
    let conn = connect_fake_stripe(&fake);
    let invoices: BTreeSet<String> = ids(&fake.objects("invoices")).into_iter().collect();
    let amount_of =
        |resource: &str, id: &str| fake.object(resource, id).map(|o| o["amount"].to_string());
    for (table, column, resource) in [
        ("payment_intents", "payment_intent", "payment_intents"),
        ("charges", "charge", "charges"),
    ] {
        fake.reset_log();
        let got = query_text(
            &conn,
            &format!(
                "SELECT invoices.id AS invoice, invoice_payments.id AS payment, {table}.id AS paid_by, \
                 {table}.amount FROM invoices \
                 JOIN invoice_payments ON invoice_payments.invoice = invoices.id \
                 JOIN {table} ON {table}.id = invoice_payments.{column}"
            ),
        )
        .unwrap();
        let mut want: Vec<Vec<Option<String>>> = fake
            .objects("invoice_payments")
            .iter()
            .filter_map(|p| {
                let invoice = text(p, "invoice").filter(|i| invoices.contains(i))?;
                let paid_by = p["payment"][column].as_str()?;
                Some(vec![
                    Some(invoice),
                    text(p, "id"),
                    Some(paid_by.to_owned()),
                    Some(amount_of(resource, paid_by)?),
                ])
            })
            .collect();
        assert!(want.len() > 20, "{table}: the data joins");
        let mut rows = got.rows.clone();
        rows.sort();
        want.sort();
        assert_eq!(rows, want, "{table}");
        // One listing of each table, no filter sent.
        let counts = [
            ("/v1/invoices", fake.objects("invoices").len()),
            (
                "/v1/invoice_payments",
                fake.objects("invoice_payments").len(),
            ),
            (
                format!("/v1/{resource}").as_str(),
                fake.objects(resource).len(),
            ),
        ]
        .map(|(path, n)| (path.to_owned(), n));
        for (path, n) in &counts {
            let requests = fake.requests_to(path);
            assert_eq!(requests.len(), pages(*n), "{table}: {path}");
            assert!(
                requests.iter().all(|r| r
                    .query
                    .iter()
                    .all(|(k, _)| k == "limit" || k == "starting_after")),
                "{table}: {path} {requests:?}"
            );
        }
        let all: usize = counts.iter().map(|(_, n)| pages(*n)).sum();
        assert_eq!(fake.request_count(), all, "{table}");
    }
}

#[test]
fn invoice_payment_filters_become_list_parameters() {
    let fake = fake();
    let conn = connect_fake_stripe(&fake);
    let payments = fake.objects("invoice_payments");
    let invoice = text(&payments[4], "invoice").unwrap();
    check(
        &conn,
        &fake,
        "invoice_payments",
        &format!("SELECT id, amount_paid FROM invoice_payments WHERE invoice = '{invoice}'"),
        &[("invoice", &invoice)],
        |p| text(p, "invoice").as_deref() == Some(&invoice),
    );
    check(
        &conn,
        &fake,
        "invoice_payments",
        "SELECT id FROM invoice_payments WHERE status = 'paid' AND payment_type = 'payment_intent'",
        &[("status", "paid"), ("payment[type]", "payment_intent")],
        |p| p["status"] == "paid" && p["payment"]["type"] == "payment_intent",
    );
    let intent = payments
        .iter()
        .find_map(|p| p["payment"]["payment_intent"].as_str())
        .unwrap()
        .to_owned();
    let got = check(
        &conn,
        &fake,
        "invoice_payments",
        &format!(
            "SELECT id, payment_intent, charge FROM invoice_payments WHERE payment_intent = '{intent}'"
        ),
        &[("payment[payment_intent]", &intent)],
        |p| p["payment"]["payment_intent"] == intent.as_str(),
    );
    assert!(!got.is_empty());
}

#[test]
fn billing_meters_and_credit_grants_filter_by_their_parameters() {
    let fake = fake();
    let conn = connect_fake_stripe(&fake);
    check(
        &conn,
        &fake,
        "billing/meters",
        "SELECT id, display_name, aggregation_formula FROM billing_meters WHERE status = 'inactive'",
        &[("status", "inactive")],
        |m| m["status"] == "inactive",
    );
    let grants = fake.objects("billing/credit_grants");
    let customer = text(&grants[2], "customer").unwrap();
    let got = check(
        &conn,
        &fake,
        "billing/credit_grants",
        &format!(
            "SELECT id, amount_value FROM billing_credit_grants WHERE customer = '{customer}'"
        ),
        &[("customer", &customer)],
        |g| g["customer"] == customer.as_str(),
    );
    let value = |id: &String| {
        let grant = grants.iter().find(|g| g["id"] == id.as_str()).unwrap();
        grant["amount"]["monetary"]["value"].to_string()
    };
    let values: Vec<String> = got.iter().map(value).collect();
    let result = query_text(
        &conn,
        &format!("SELECT amount_value FROM billing_credit_grants WHERE customer = '{customer}'"),
    )
    .unwrap();
    assert_eq!(
        result.column("amount_value"),
        values.iter().map(|v| Some(v.as_str())).collect::<Vec<_>>()
    );
}

/// Stripe summarises a meter's usage only for one customer and a window:
/// without those filters the query fails before any request, naming the
/// filters to add; with them, one list per meter, carrying the window.
#[test]
fn meter_event_summaries_need_a_customer_and_a_window() {
    let fake = fake();
    let conn = connect_fake_stripe(&fake);
    let meter = text(&fake.objects("billing/meters")[0], "id").unwrap();
    let customer = text(&fake.customers()[0], "id").unwrap();
    fake.reset_log();
    let message = expect_sqlstate(
        query_text(
            &conn,
            &format!(
                "SELECT * FROM billing_meter_event_summaries \
                 WHERE meter_id = '{meter}' AND customer = '{customer}'"
            ),
        ),
        "42000",
    );
    assert!(
        message.contains(
            "table billing_meter_event_summaries cannot be read without a filter the API \
             requires: add WHERE start_time >= ... AND end_time <= ..."
        ),
        "{message}"
    );
    let message = expect_sqlstate(
        query_text(&conn, "SELECT COUNT(*) FROM billing_meter_event_summaries"),
        "42000",
    );
    assert!(
        message.contains("add WHERE customer = '...' AND start_time >= ... AND end_time <= ..."),
        "{message}"
    );
    assert_eq!(fake.request_count(), 0, "no request without the filters");

    let (start, end) = (SUMMARIES_END - 48 * 3_600, SUMMARIES_END - 24 * 3_600);
    let window = format!(
        "customer = '{customer}' AND start_time >= '{}' AND end_time <= '{}'",
        unix_to_datetime_text(start),
        unix_to_datetime_text(end)
    );
    let in_window = |s: &Value| {
        s["_customer"] == customer.as_str()
            && s["start_time"].as_i64() >= Some(start)
            && s["end_time"].as_i64() <= Some(end)
    };
    let got = query_text(
        &conn,
        &format!(
            "SELECT meter_id, id, customer, start_time, end_time, aggregated_value \
             FROM billing_meter_event_summaries WHERE meter_id = '{meter}' AND {window}"
        ),
    )
    .unwrap();
    // Stripe adds up the window's usage into one summary spanning it.
    let billing_meter_event_summaries = fake.objects("billing_meter_event_summaries");
    let hours: Vec<&Value> = billing_meter_event_summaries
        .iter()
        .filter(|s| s["meter"] == meter.as_str() && in_window(s))
        .collect();
    assert_eq!(hours.len(), 8, "every third hour of a day");
    let total: f64 = hours
        .iter()
        .map(|s| s["aggregated_value"].as_f64().unwrap())
        .sum();
    assert_eq!(got.len(), 1);
    let row: Vec<Option<&str>> = got.rows[0].iter().map(Option::as_deref).collect();
    assert_eq!(row[0], Some(meter.as_str()));
    assert!(row[1].is_some_and(|id| id.starts_with("mtrusg_")));
    assert_eq!(row[2], Some(customer.as_str()), "the filter's customer");
    assert_eq!(row[3], Some(unix_to_datetime_text(start).as_str()));
    assert_eq!(row[4], Some(unix_to_datetime_text(end).as_str()));
    assert_eq!(row[5].map(|v| v.parse::<f64>().unwrap()), Some(total));
    let (start_text, end_text) = (start.to_string(), end.to_string());
    only_requests_to(
        &fake,
        &format!("/v1/billing/meters/{meter}/event_summaries"),
        &[
            ("customer", &customer),
            ("end_time", &end_text),
            ("start_time", &start_text),
        ],
    );
    assert_eq!(fake.request_count(), 1);

    // Without a meter: every meter is listed, then read with the same window.
    fake.reset_log();
    let got = query_text(
        &conn,
        &format!("SELECT meter_id, id FROM billing_meter_event_summaries WHERE {window}"),
    )
    .unwrap();
    let meters = fake.objects("billing/meters");
    let mut got_meters: Vec<&str> = got.column("meter_id").into_iter().flatten().collect();
    got_meters.sort();
    assert_eq!(
        got_meters,
        sorted(ids(&meters))
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>()
    );
    assert_eq!(
        fake.requests_to("/v1/billing/meters").len(),
        pages(meters.len())
    );
    assert_eq!(fake.request_count(), pages(meters.len()) + meters.len());
}

/// Stripe cannot list tax transactions: a query names them by id, and
/// otherwise fails before any request.
#[test]
fn tax_transactions_are_read_by_id_only() {
    let fake = fake();
    let conn = connect_fake_stripe(&fake);
    fake.reset_log();
    let message = expect_sqlstate(
        query_text(
            &conn,
            "SELECT id FROM tax_transactions WHERE type = 'reversal'",
        ),
        "42000",
    );
    assert!(message.contains("add WHERE id = '...'"), "{message}");
    assert_eq!(fake.request_count(), 0);

    let all = fake.objects("tax_transactions");
    let (a, b) = (text(&all[9], "id").unwrap(), text(&all[3], "id").unwrap());
    let got = query_text(
        &conn,
        &format!(
            "SELECT id, type, reference, reversal_original_transaction FROM tax_transactions \
             WHERE id IN ('{a}', '{b}', 'tax_missing')"
        ),
    )
    .unwrap();
    assert_eq!(sorted(got.ids()), sorted(vec![a.clone(), b.clone()]));
    let reversal = got
        .rows
        .iter()
        .find(|r| r[0].as_deref() == Some(a.as_str()))
        .unwrap();
    assert_eq!(reversal[1].as_deref(), Some("reversal"));
    assert_eq!(
        reversal[3].as_deref(),
        all[9]["reversal"]["original_transaction"].as_str()
    );
    let mut paths: Vec<String> = fake.requests().into_iter().map(|r| r.path).collect();
    paths.sort();
    assert_eq!(
        paths,
        sorted(
            [a.as_str(), b.as_str(), "tax_missing"]
                .map(|id| format!("/v1/tax/transactions/{id}"))
                .to_vec()
        )
    );

    // A long IN list, which a listed table may read as a scan, is still
    // one get per id: there is no list to scan.
    let many: Vec<String> = ids(&all[..8]);
    fake.reset_log();
    let got = query_text(
        &conn,
        &format!(
            "SELECT id FROM tax_transactions WHERE id IN ('{}')",
            many.join("', '")
        ),
    )
    .unwrap();
    assert_eq!(sorted(got.ids()), sorted(many.clone()));
    assert_eq!(fake.request_count(), 8);
    assert!(
        fake.requests()
            .iter()
            .all(|r| r.path.starts_with("/v1/tax/transactions/") && r.status == 200)
    );
}

/// Tax codes and country specs have no `created`: they come in Stripe's
/// order, and an id is one get.
#[test]
fn tax_codes_and_country_specs_read_in_the_apis_order() {
    let fake = fake();
    let conn = connect_fake_stripe(&fake);
    for (table, resource, column) in [
        ("tax_codes", "tax_codes", "name"),
        ("country_specs", "country_specs", "default_currency"),
    ] {
        fake.reset_log();
        let got = query_text(&conn, &format!("SELECT id, {column} FROM {table}")).unwrap();
        let objects = fake.objects(resource);
        assert_eq!(got.ids(), ids(&objects), "{table}");
        let want: Vec<Option<&str>> = objects.iter().map(|o| o[column].as_str()).collect();
        assert_eq!(got.column(column), want, "{table}");
        assert_eq!(fake.request_count(), pages(objects.len()), "{table}");
        only_requests_to(&fake, &format!("/v1/{resource}"), &[]);

        let id = text(&objects[6], "id").unwrap();
        fake.reset_log();
        let one = query_text(&conn, &format!("SELECT id FROM {table} WHERE id = '{id}'")).unwrap();
        assert_eq!(one.ids(), std::slice::from_ref(&id));
        assert_eq!(fake.requests()[0].path, format!("/v1/{resource}/{id}"));
        assert_eq!(fake.request_count(), 1);
    }
    let de = query_text(
        &conn,
        "SELECT default_currency, supported_transfer_countries FROM country_specs WHERE id = 'DE'",
    )
    .unwrap();
    assert_eq!(de.column("default_currency"), [Some("eur")]);
    assert_eq!(
        de.column("supported_transfer_countries"),
        [Some(r#"["DE","FR","GB","US"]"#)]
    );
}

/// The filters child tables take besides their parent: one list under the
/// parent, with the filter's parameter.
#[test]
fn child_table_filters_are_sent_under_the_parent() {
    let fake = fake();
    let conn = connect_fake_stripe(&fake);
    let account = text(&fake.objects("accounts")[0], "id").unwrap();

    fake.reset_log();
    let got = query_text(
        &conn,
        &format!(
            "SELECT id, relationship_owner FROM account_persons \
             WHERE account_id = '{account}' AND relationship_owner = true"
        ),
    )
    .unwrap();
    let want: Vec<String> = fake
        .objects("account_persons")
        .iter()
        .filter(|p| p["account"] == account.as_str() && p["relationship"]["owner"] == true)
        .map(|p| text(p, "id").unwrap())
        .collect();
    assert!(!want.is_empty());
    assert_eq!(got.ids(), want);
    assert!(
        got.column("relationship_owner")
            .iter()
            .all(|o| *o == Some("1"))
    );
    only_requests_to(
        &fake,
        &format!("/v1/accounts/{account}/persons"),
        &[("relationship[owner]", "true")],
    );
    assert_eq!(fake.request_count(), pages(want.len()));

    fake.reset_log();
    let got = query_text(
        &conn,
        &format!(
            "SELECT id, object, brand, exp_year FROM account_external_accounts \
             WHERE account_id = '{account}' AND object = 'card'"
        ),
    )
    .unwrap();
    let want: Vec<String> = fake
        .objects("account_external_accounts")
        .iter()
        .filter(|a| a["account"] == account.as_str() && a["object"] == "card")
        .map(|a| text(a, "id").unwrap())
        .collect();
    assert!(!want.is_empty());
    assert_eq!(got.ids(), want);
    assert!(got.column("brand").iter().all(|b| *b == Some("Visa")));
    only_requests_to(
        &fake,
        &format!("/v1/accounts/{account}/external_accounts"),
        &[("object", "card")],
    );

    let intent = &fake.objects("setup_intents")[0];
    let intent_id = text(intent, "id").unwrap();
    let setup_attempts = fake.objects("setup_attempts");
    let attempts: Vec<&Value> = setup_attempts
        .iter()
        .filter(|a| a["setup_intent"] == intent_id.as_str())
        .collect();
    let since = attempts[40]["created"].as_i64().unwrap();
    fake.reset_log();
    let got = query_text(
        &conn,
        &format!(
            "SELECT id, status FROM setup_attempts WHERE setup_intent_id = '{intent_id}' \
             AND created >= '{}'",
            unix_to_datetime_text(since)
        ),
    )
    .unwrap();
    let want: Vec<String> = attempts
        .iter()
        .filter(|a| a["created"].as_i64() >= Some(since))
        .map(|a| text(a, "id").unwrap())
        .collect();
    assert_eq!(want.len(), 41);
    assert_eq!(got.ids(), want);
    let since_text = since.to_string();
    only_requests_to(
        &fake,
        "/v1/setup_attempts",
        &[("created[gte]", &since_text), ("setup_intent", &intent_id)],
    );
    assert_eq!(fake.request_count(), 1);

    let customer = text(&fake.customers()[0], "id").unwrap();
    let billing_credit_balance_transactions = fake.objects("billing_credit_balance_transactions");
    let transactions: Vec<&Value> = billing_credit_balance_transactions
        .iter()
        .filter(|t| t["_customer"] == customer.as_str())
        .collect();
    let grant = text(transactions[0], "credit_grant").unwrap();
    fake.reset_log();
    let got = query_text(
        &conn,
        &format!(
            "SELECT customer_id, id, type, debit_amount FROM billing_credit_balance_transactions \
             WHERE customer_id = '{customer}' AND credit_grant = '{grant}'"
        ),
    )
    .unwrap();
    let want: Vec<String> = transactions
        .iter()
        .filter(|t| t["credit_grant"] == grant.as_str())
        .map(|t| text(t, "id").unwrap())
        .collect();
    assert_eq!(want.len(), 105);
    assert_eq!(got.ids(), want);
    assert!(
        got.column("customer_id")
            .iter()
            .all(|c| *c == Some(customer.as_str()))
    );
    only_requests_to(
        &fake,
        "/v1/billing/credit_balance_transactions",
        &[("credit_grant", &grant), ("customer", &customer)],
    );
    assert_eq!(fake.request_count(), 2);
}

/// An account's capabilities come whole in one page: one request per
/// account, without `limit` or a cursor, which Stripe would refuse.
#[test]
fn account_capabilities_are_one_unpaged_list_per_account() {
    let fake = fake();
    let conn = connect_fake_stripe(&fake);
    let accounts = fake.objects("accounts");
    let capabilities = fake.objects("account_capabilities");
    let account = text(&accounts[1], "id").unwrap();
    fake.reset_log();
    let got = query_text(
        &conn,
        &format!(
            "SELECT account_id, id, status, requested FROM account_capabilities \
             WHERE account_id = '{account}'"
        ),
    )
    .unwrap();
    let want: Vec<&Value> = capabilities
        .iter()
        .filter(|c| c["account"] == account.as_str())
        .collect();
    assert!(want.len() >= 2);
    assert_eq!(
        got.ids(),
        want.iter()
            .map(|c| text(c, "id").unwrap())
            .collect::<Vec<_>>()
    );
    assert_eq!(
        got.column("status"),
        want.iter()
            .map(|c| c["status"].as_str())
            .collect::<Vec<_>>()
    );
    only_requests_to(&fake, &format!("/v1/accounts/{account}/capabilities"), &[]);
    assert!(
        fake.requests()
            .iter()
            .all(|r| r.query.is_empty() && r.status == 200)
    );
    assert_eq!(fake.request_count(), 1);

    fake.reset_log();
    let all = query_text(&conn, "SELECT account_id, id FROM account_capabilities").unwrap();
    assert_eq!(all.len(), capabilities.len());
    assert_eq!(
        fake.request_count(),
        pages(accounts.len()) + accounts.len(),
        "the accounts' listing, then one request per account"
    );
    assert!(fake.requests().iter().all(|r| r.status == 200));
}
