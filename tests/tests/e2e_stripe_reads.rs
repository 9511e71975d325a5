//! End-to-end through unixODBC: every Stripe table beyond charges and
//! customers reads exactly the objects the fake server lists, in the API's
//! order, with typed and flattened columns carrying the generated values,
//! descriptions on every column, and analyst queries matching the ground
//! truth.
//!
//! Needs `cargo build -p apiodbc` first (same target dir and profile).

use std::collections::BTreeMap;

use apiodbc_tests::odbc::{connect_fake_stripe, query_text, unix_to_datetime_text};
use apiodbc_tests::stripe_checks::{check, fake_with_every_resource as fake, text};
use serde_json::Value;

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

/// SQL table, fake resource (the path after `/v1/`), and whether a list
/// without filters shows an object.
type Listed = fn(&Value) -> bool;

const TABLES: &[(&str, &str, Listed)] = &[
    ("accounts", "accounts", |_| true),
    ("coupons", "coupons", |_| true),
    ("early_fraud_warnings", "radar/early_fraud_warnings", |_| {
        true
    }),
    ("files", "files", |_| true),
    ("file_links", "file_links", |_| true),
    ("invoice_items", "invoiceitems", |_| true),
    ("payment_links", "payment_links", |_| true),
    ("plans", "plans", |_| true),
    ("promotion_codes", "promotion_codes", |_| true),
    ("quotes", "quotes", |_| true),
    // Stripe lists open reviews only.
    ("reviews", "reviews", |r| r["open"] == true),
    ("setup_intents", "setup_intents", |_| true),
    ("shipping_rates", "shipping_rates", |_| true),
    ("subscription_schedules", "subscription_schedules", |_| true),
    ("tax_rates", "tax_rates", |_| true),
    ("tax_registrations", "tax/registrations", |_| true),
    ("topups", "topups", |_| true),
    ("webhook_endpoints", "webhook_endpoints", |_| true),
    ("invoice_payments", "invoice_payments", |_| true),
    ("billing_meters", "billing/meters", |_| true),
    ("billing_credit_grants", "billing/credit_grants", |_| true),
];

/// The text the driver returns for a top-level JSON scalar in a column of
/// SQL type `timestamp` or not, if the column is a plain copy of it
/// (strings, integers, booleans as 1/0, Unix seconds as UTC date-times).
fn as_text(value: &Value, timestamp: bool) -> Option<Option<String>> {
    match value {
        Value::Null => Some(None),
        Value::String(s) => Some(Some(s.clone())),
        Value::Number(n) if timestamp => n.as_i64().map(|n| Some(unix_to_datetime_text(n))),
        Value::Number(n) if n.is_i64() => Some(Some(n.to_string())),
        Value::Bool(b) => Some(Some(if *b { "1" } else { "0" }.to_owned())),
        _ => None,
    }
}

#[test]
fn every_table_reads_what_stripe_lists_newest_first_with_typed_values() {
    let fake = fake();
    let conn = connect_fake_stripe(&fake);
    for &(table, resource, listed) in TABLES {
        let sql = format!("SELECT * FROM {table}");
        fake.reset_log();
        let result = query_text(&conn, &sql).unwrap_or_else(|e| panic!("{sql}: {e}"));
        let resource_objects = fake.objects(resource);
        let objects: Vec<&Value> = resource_objects.iter().filter(|o| listed(o)).collect();
        assert!(objects.len() > 20, "{table}: enough data");
        let want: Vec<String> = objects.iter().map(|o| text(o, "id").unwrap()).collect();
        assert_eq!(result.ids(), want, "{table}: the API's order");
        assert_eq!(fake.request_count(), want.len().div_ceil(100), "{table}");
        assert!(
            fake.requests()
                .iter()
                .all(|r| r.path == format!("/v1/{resource}")),
            "{table}"
        );
        // Every column named like a scalar field holds that field's value.
        let mut compared = 0;
        for name in result.columns.iter() {
            let cells = result.column(name);
            for (object, cell) in objects.iter().zip(&cells) {
                let Some(field) = object.get(name.as_str()) else {
                    continue;
                };
                let timestamp = cells
                    .iter()
                    .flatten()
                    .any(|c| c.len() >= 19 && c.as_bytes()[4] == b'-' && c.as_bytes()[10] == b' ');
                let Some(expected) = as_text(field, timestamp) else {
                    continue;
                };
                assert_eq!(
                    cell.map(str::to_owned),
                    expected,
                    "{table}.{name} of {}",
                    object["id"]
                );
                compared += 1;
            }
        }
        assert!(
            compared > objects.len() * 4,
            "{table}: {compared} values compared"
        );
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
fn timestamps_and_flattened_columns_carry_the_nested_values() {
    let fake = fake();
    let conn = connect_fake_stripe(&fake);
    let items = fake.objects("invoiceitems");
    let got = query_text(
        &conn,
        &format!(
            "SELECT date, period_start, pricing_price, parent_subscription FROM invoice_items WHERE id = '{}'",
            text(&items[0], "id").unwrap()
        ),
    )
    .unwrap();
    let date = unix_to_datetime_text(items[0]["date"].as_i64().unwrap());
    assert!(got.column("date")[0].unwrap().starts_with(&date), "{got:?}");
    assert!(got.column("period_start")[0].unwrap().starts_with(&date));
    assert_eq!(
        got.column("pricing_price")[0],
        items[0]["pricing"]["price_details"]["price"].as_str()
    );
    assert_eq!(
        got.column("parent_subscription")[0],
        items[0]["parent"]["subscription_details"]["subscription"].as_str()
    );

    // Promotion codes grouped by their coupon's flattened id.
    let got = query_text(
        &conn,
        "SELECT promotion_coupon, COUNT(*) AS n FROM promotion_codes GROUP BY promotion_coupon ORDER BY promotion_coupon",
    )
    .unwrap();
    let mut want = BTreeMap::<String, usize>::new();
    for p in fake.objects("promotion_codes") {
        *want
            .entry(p["promotion"]["coupon"].as_str().unwrap().to_owned())
            .or_default() += 1;
    }
    let got: Vec<(String, String)> = got
        .column("promotion_coupon")
        .into_iter()
        .zip(got.column("n"))
        .map(|(c, n)| (c.unwrap().to_owned(), n.unwrap().to_owned()))
        .collect();
    let want: Vec<(String, String)> = want.into_iter().map(|(c, n)| (c, n.to_string())).collect();
    assert_eq!(got, want);

    // Percentages are numbers: the average over coupons matches.
    let percents: Vec<f64> = fake
        .objects("coupons")
        .iter()
        .filter_map(|c| c["percent_off"].as_f64())
        .collect();
    let got = query_text(&conn, "SELECT MAX(percent_off) AS m FROM coupons").unwrap();
    let max = percents.iter().cloned().fold(f64::MIN, f64::max);
    assert_eq!(got.column("m")[0].unwrap().parse::<f64>().unwrap(), max);
}

#[test]
fn payment_methods_are_listed_customer_by_customer() {
    let fake = fake();
    let conn = connect_fake_stripe(&fake);
    let customers: Vec<String> = fake
        .customers()
        .iter()
        .map(|c| text(c, "id").unwrap())
        .collect();
    let methods = fake.objects("payment_methods");
    assert!(
        methods.iter().any(|m| m["customer"].is_null()),
        "some are attached to no customer"
    );

    // Without a customer: the customers, then each one's payment methods.
    fake.reset_log();
    let got = query_text(
        &conn,
        "SELECT id, customer, card_last4 FROM payment_methods",
    )
    .unwrap();
    let want: Vec<String> = customers
        .iter()
        .flat_map(|c| methods.iter().filter(move |m| m["customer"] == c.as_str()))
        .map(|m| text(m, "id").unwrap())
        .collect();
    assert_eq!(
        got.ids(),
        want,
        "customers' order, each customer's newest first"
    );
    let requests = fake.requests();
    assert_eq!(fake.requests_to("/v1/customers").len(), 1);
    let per_customer = fake.requests_to("/v1/payment_methods");
    assert_eq!(per_customer.len(), customers.len(), "one list per customer");
    assert_eq!(requests.len(), 1 + customers.len());
    let mut asked: Vec<&str> = per_customer
        .iter()
        .map(|r| r.param("customer").unwrap())
        .collect();
    asked.sort();
    let mut all: Vec<&str> = customers.iter().map(String::as_str).collect();
    all.sort();
    assert_eq!(asked, all);
    for (id, last4) in got.ids().iter().zip(got.column("card_last4")) {
        let m = methods.iter().find(|m| m["id"] == id.as_str()).unwrap();
        assert_eq!(last4, m["card"]["last4"].as_str(), "{id}");
    }

    // A type filter goes with every request.
    fake.reset_log();
    let cards = query_text(&conn, "SELECT id FROM payment_methods WHERE type = 'card'").unwrap();
    let want: Vec<String> = customers
        .iter()
        .flat_map(|c| {
            methods
                .iter()
                .filter(move |m| m["customer"] == c.as_str() && m["type"] == "card")
        })
        .map(|m| text(m, "id").unwrap())
        .collect();
    assert_eq!(cards.ids(), want);
    assert!(
        fake.requests_to("/v1/payment_methods")
            .iter()
            .all(|r| r.param("type") == Some("card"))
    );

    // One customer: one request.
    let customer = methods.iter().find_map(|m| text(m, "customer")).unwrap();
    check(
        &conn,
        &fake,
        "payment_methods",
        &format!("SELECT id FROM payment_methods WHERE customer = '{customer}'"),
        &[("customer", &customer)],
        |m| text(m, "customer").as_deref() == Some(&customer),
    );

    // LIMIT stops listing customers' payment methods once enough rows are out.
    fake.reset_log();
    let few = query_text(&conn, "SELECT id FROM payment_methods LIMIT 3").unwrap();
    assert_eq!(few.ids(), want_first(&customers, &methods, 3));
    assert!(
        fake.requests_to("/v1/payment_methods").len() < customers.len(),
        "{:?}",
        fake.requests()
    );
}

fn want_first(customers: &[String], methods: &[Value], n: usize) -> Vec<String> {
    customers
        .iter()
        .flat_map(|c| methods.iter().filter(move |m| m["customer"] == c.as_str()))
        .take(n)
        .map(|m| text(m, "id").unwrap())
        .collect()
}

#[test]
fn balance_is_one_request_unrolled_into_kinds_and_currencies() {
    let fake = fake();
    let conn = connect_fake_stripe(&fake);
    let balance = fake.balance();
    fake.reset_log();
    let got = query_text(
        &conn,
        "SELECT kind, currency, amount, source_types_card, livemode FROM balance",
    )
    .unwrap();
    assert_eq!(fake.request_count(), 1);
    assert_eq!(fake.requests()[0].path, "/v1/balance");
    let mut want = Vec::new();
    for (kind, list) in [
        ("available", &balance["available"]),
        ("pending", &balance["pending"]),
        ("connect_reserved", &balance["connect_reserved"]),
        ("instant_available", &balance["instant_available"]),
        ("issuing_available", &balance["issuing"]["available"]),
    ] {
        for b in list.as_array().unwrap() {
            want.push(vec![
                Some(kind.to_owned()),
                text(b, "currency"),
                Some(b["amount"].to_string()),
                b["source_types"]["card"].as_i64().map(|n| n.to_string()),
                Some("0".to_owned()),
            ]);
        }
    }
    let rows: Vec<Vec<Option<String>>> = (0..got.len())
        .map(|i| {
            [
                "kind",
                "currency",
                "amount",
                "source_types_card",
                "livemode",
            ]
            .iter()
            .map(|c| got.column(c)[i].map(str::to_owned))
            .collect()
        })
        .collect();
    assert_eq!(rows, want);

    // The available usd balance is the net of the available usd transactions.
    let net: i64 = fake
        .objects("balance_transactions")
        .iter()
        .filter(|t| t["status"] == "available" && t["currency"] == "usd")
        .map(|t| t["net"].as_i64().unwrap())
        .sum();
    let got = query_text(
        &conn,
        "SELECT amount FROM balance WHERE kind = 'available' AND currency = 'usd'",
    )
    .unwrap();
    assert_eq!(got.column("amount"), [Some(net.to_string().as_str())]);
    let one = query_text(&conn, "SELECT kind FROM balance LIMIT 1").unwrap();
    assert_eq!(one.column("kind"), [Some("available")]);
}

#[test]
fn every_new_column_has_a_description() {
    let fake = fake();
    let conn = connect_fake_stripe(&fake);
    fake.reset_log();
    let mut tables: Vec<&str> = TABLES.iter().map(|t| t.0).collect();
    tables.extend(["payment_methods", "balance"]);
    let list = tables
        .iter()
        .map(|t| format!("'{t}'"))
        .collect::<Vec<_>>()
        .join(", ");
    let got = query_text(
        &conn,
        &format!(
            "SELECT table_name, column_name, description FROM sys_tablecolumns WHERE table_name IN ({list})"
        ),
    )
    .unwrap();
    let mut per_table = BTreeMap::<&str, usize>::new();
    for ((table, column), description) in got
        .column("table_name")
        .into_iter()
        .zip(got.column("column_name"))
        .zip(got.column("description"))
    {
        let description = description.unwrap_or_default();
        assert!(
            description.len() > 10,
            "{table:?}.{column:?}: {description:?}"
        );
        *per_table.entry(table.unwrap()).or_default() += 1;
    }
    assert_eq!(per_table.len(), tables.len(), "{per_table:?}");
    assert!(per_table.values().all(|&n| n >= 8), "{per_table:?}");
    // SQLColumns REMARKS say the same.
    let remarks: Vec<Option<String>> = conn
        .columns("stripe", "stripe", "balance", "%")
        .unwrap()
        .map(|r| r.unwrap().remarks.as_str().unwrap().map(str::to_owned))
        .collect();
    assert_eq!(remarks.len(), per_table["balance"]);
    assert!(
        remarks
            .iter()
            .all(|r| r.as_ref().is_some_and(|r| r.len() > 10))
    );
    assert_eq!(fake.request_count(), 0, "catalog reads make no request");
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
            Some((text(c, "id").unwrap(), text(&customer, "email")))
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
