//! End-to-end through unixODBC for the Stripe tables of the second batch
//! (accounts, coupons, ..., webhook_endpoints, payment_methods, balance):
//! each reads exactly the objects the fake server lists, typed columns carry
//! the generated values, and each pushed-down filter reaches the API as its
//! list parameter (or get-by-id) with the fewest requests.
//!
//! Needs `cargo build -p apiodbc` first (same target dir and profile).

use std::collections::BTreeMap;

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
    ("topups", "topups", |_| true),
    ("webhook_endpoints", "webhook_endpoints", |_| true),
];

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

fn text(object: &Value, field: &str) -> Option<String> {
    object[field].as_str().map(str::to_owned)
}

/// Runs `sql` on a clean log and checks its ids against the objects of
/// `resource` that `expected` accepts (in any order), and that it took only
/// list requests to `/v1/{resource}`, one per page, each with `params`.
fn check(
    conn: &Connection<'_>,
    fake: &FakeStripe,
    resource: &str,
    sql: &str,
    params: &[(&str, &str)],
    expected: impl Fn(&Value) -> bool,
) {
    fake.reset_log();
    let result = query_text(conn, sql).unwrap_or_else(|e| panic!("{sql}: {e}"));
    let want: Vec<String> = fake
        .objects(resource)
        .iter()
        .filter(|o| expected(o))
        .map(|o| text(o, "id").unwrap())
        .collect();
    assert!(
        !want.is_empty(),
        "{sql}: the data should have matching rows"
    );
    assert_eq!(sorted(result.ids()), sorted(want.clone()), "{sql}");
    let requests = fake.requests();
    assert_eq!(
        requests.len(),
        want.len().div_ceil(100),
        "{sql}: {requests:?}"
    );
    for request in &requests {
        assert_eq!(request.path, format!("/v1/{resource}"), "{sql}");
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
}

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
        let objects: Vec<&Value> = fake
            .objects(resource)
            .iter()
            .filter(|o| listed(o))
            .collect();
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
fn id_equality_is_one_get_even_under_a_nested_path() {
    let fake = fake();
    let conn = connect_fake_stripe(&fake);
    for (table, resource) in [
        ("early_fraud_warnings", "radar/early_fraud_warnings"),
        ("coupons", "coupons"),
        ("invoice_items", "invoiceitems"),
        ("payment_methods", "payment_methods"),
        ("webhook_endpoints", "webhook_endpoints"),
    ] {
        let id = text(&fake.objects(resource)[7], "id").unwrap();
        fake.reset_log();
        let got = query_text(&conn, &format!("SELECT * FROM {table} WHERE id = '{id}'")).unwrap();
        assert_eq!(got.ids(), std::slice::from_ref(&id), "{table}");
        let requests = fake.requests();
        assert_eq!(requests.len(), 1, "{table}: {requests:?}");
        assert_eq!(requests[0].path, format!("/v1/{resource}/{id}"));

        fake.reset_log();
        let none = query_text(
            &conn,
            &format!("SELECT id FROM {table} WHERE id = 'nope_1'"),
        )
        .unwrap();
        assert!(none.is_empty(), "{table}: a 404 is no row");
        assert_eq!(fake.request_count(), 1);
    }
    // Closed reviews are not listed, but can be read by id.
    let closed = fake
        .objects("reviews")
        .iter()
        .find(|r| r["open"] == false)
        .unwrap();
    let id = text(closed, "id").unwrap();
    let got = query_text(
        &conn,
        &format!("SELECT id, open FROM reviews WHERE id = '{id}'"),
    )
    .unwrap();
    assert_eq!(got.column("open"), [Some("0")]);
}

#[test]
fn equality_filters_become_list_parameters() {
    let fake = fake();
    let conn = connect_fake_stripe(&fake);

    let warning = &fake.objects("radar/early_fraud_warnings")[2];
    let charge = text(warning, "charge").unwrap();
    check(
        &conn,
        &fake,
        "radar/early_fraud_warnings",
        &format!("SELECT id FROM early_fraud_warnings WHERE charge = '{charge}'"),
        &[("charge", &charge)],
        |w| text(w, "charge").as_deref() == Some(&charge),
    );
    let intent = text(warning, "payment_intent").unwrap();
    check(
        &conn,
        &fake,
        "radar/early_fraud_warnings",
        &format!("SELECT id FROM early_fraud_warnings WHERE payment_intent = '{intent}'"),
        &[("payment_intent", &intent)],
        |w| text(w, "payment_intent").as_deref() == Some(&intent),
    );

    check(
        &conn,
        &fake,
        "files",
        "SELECT id, size FROM files WHERE purpose = 'dispute_evidence'",
        &[("purpose", "dispute_evidence")],
        |f| f["purpose"] == "dispute_evidence",
    );
    let live_link = fake
        .objects("file_links")
        .iter()
        .find(|l| l["expired"] == false)
        .unwrap();
    let file = text(live_link, "file").unwrap();
    check(
        &conn,
        &fake,
        "file_links",
        &format!("SELECT id FROM file_links WHERE file = '{file}' AND NOT expired"),
        &[("file", &file), ("expired", "false")],
        |l| text(l, "file").as_deref() == Some(&file) && l["expired"] == false,
    );
    check(
        &conn,
        &fake,
        "file_links",
        "SELECT id FROM file_links WHERE expired = true",
        &[("expired", "true")],
        |l| l["expired"] == true,
    );

    let item = &fake.objects("invoiceitems")[0];
    let customer = text(item, "customer").unwrap();
    check(
        &conn,
        &fake,
        "invoiceitems",
        &format!("SELECT id, amount FROM invoice_items WHERE customer = '{customer}'"),
        &[("customer", &customer)],
        |i| text(i, "customer").as_deref() == Some(&customer),
    );
    let invoice = fake
        .objects("invoiceitems")
        .iter()
        .find_map(|i| text(i, "invoice"))
        .unwrap();
    check(
        &conn,
        &fake,
        "invoiceitems",
        &format!("SELECT id FROM invoice_items WHERE invoice = '{invoice}'"),
        &[("invoice", &invoice)],
        |i| text(i, "invoice").as_deref() == Some(&invoice),
    );

    check(
        &conn,
        &fake,
        "payment_links",
        "SELECT id, url FROM payment_links WHERE active",
        &[("active", "true")],
        |l| l["active"] == true,
    );

    let inactive = fake
        .objects("plans")
        .iter()
        .find(|p| p["active"] == false)
        .unwrap();
    let product = text(inactive, "product").unwrap();
    check(
        &conn,
        &fake,
        "plans",
        &format!("SELECT id FROM plans WHERE product = '{product}' AND active = false"),
        &[("product", &product), ("active", "false")],
        |p| text(p, "product").as_deref() == Some(&product) && p["active"] == false,
    );

    let promo = &fake.objects("promotion_codes")[4];
    let coupon = promo["promotion"]["coupon"].as_str().unwrap().to_owned();
    check(
        &conn,
        &fake,
        "promotion_codes",
        &format!("SELECT id FROM promotion_codes WHERE promotion_coupon = '{coupon}'"),
        &[("coupon", &coupon)],
        |p| p["promotion"]["coupon"] == coupon.as_str(),
    );
    let code = text(promo, "code").unwrap();
    check(
        &conn,
        &fake,
        "promotion_codes",
        &format!(
            "SELECT id FROM promotion_codes WHERE code = '{code}' AND active = {}",
            promo["active"]
        ),
        &[("code", &code)],
        |p| p["code"] == code.as_str() && p["active"] == promo["active"],
    );

    let open = fake
        .objects("quotes")
        .iter()
        .find(|q| q["status"] == "open")
        .unwrap();
    let customer = text(open, "customer").unwrap();
    check(
        &conn,
        &fake,
        "quotes",
        &format!("SELECT id FROM quotes WHERE customer = '{customer}' AND status = 'open'"),
        &[("customer", &customer), ("status", "open")],
        |q| text(q, "customer").as_deref() == Some(&customer) && q["status"] == "open",
    );

    let method = fake
        .objects("setup_intents")
        .iter()
        .find_map(|s| text(s, "payment_method"))
        .unwrap();
    check(
        &conn,
        &fake,
        "setup_intents",
        &format!("SELECT id FROM setup_intents WHERE payment_method = '{method}'"),
        &[("payment_method", &method)],
        |s| text(s, "payment_method").as_deref() == Some(&method),
    );

    check(
        &conn,
        &fake,
        "shipping_rates",
        "SELECT id FROM shipping_rates WHERE fixed_amount_currency = 'eur' AND active = true",
        &[("currency", "eur"), ("active", "true")],
        |r| r["fixed_amount"]["currency"] == "eur" && r["active"] == true,
    );

    check(
        &conn,
        &fake,
        "tax_rates",
        "SELECT id FROM tax_rates WHERE inclusive = false AND active",
        &[("inclusive", "false"), ("active", "true")],
        |t| t["inclusive"] == false && t["active"] == true,
    );

    check(
        &conn,
        &fake,
        "topups",
        "SELECT id FROM topups WHERE status = 'failed'",
        &[("status", "failed")],
        |t| t["status"] == "failed",
    );
}

#[test]
fn range_filters_become_bracketed_parameters() {
    let fake = fake();
    let conn = connect_fake_stripe(&fake);

    // invoice_items.date is Stripe's `created` filter.
    let items = fake.objects("invoiceitems");
    let cut = items[items.len() / 3]["date"].as_i64().unwrap();
    check(
        &conn,
        &fake,
        "invoiceitems",
        &format!(
            "SELECT id FROM invoice_items WHERE date >= TIMESTAMP '{}'",
            unix_to_datetime_text(cut)
        ),
        &[("created[gte]", &cut.to_string())],
        |i| i["date"].as_i64().unwrap() >= cut,
    );

    check(
        &conn,
        &fake,
        "topups",
        "SELECT id FROM topups WHERE amount BETWEEN 50000 AND 120000 AND status = 'succeeded'",
        &[
            ("amount[gte]", "50000"),
            ("amount[lte]", "120000"),
            ("status", "succeeded"),
        ],
        |t| {
            (50_000..=120_000).contains(&t["amount"].as_i64().unwrap())
                && t["status"] == "succeeded"
        },
    );

    let schedules = fake.objects("subscription_schedules");
    let canceled: Vec<i64> = schedules
        .iter()
        .filter_map(|s| s["canceled_at"].as_i64())
        .collect();
    let cut = canceled[canceled.len() / 2];
    check(
        &conn,
        &fake,
        "subscription_schedules",
        &format!(
            "SELECT id FROM subscription_schedules WHERE canceled_at < TIMESTAMP '{}'",
            unix_to_datetime_text(cut)
        ),
        &[("canceled_at[lt]", &cut.to_string())],
        |s| s["canceled_at"].as_i64().is_some_and(|c| c < cut),
    );
    let customer = text(&schedules[0], "customer").unwrap();
    check(
        &conn,
        &fake,
        "subscription_schedules",
        &format!("SELECT id FROM subscription_schedules WHERE customer = '{customer}'"),
        &[("customer", &customer)],
        |s| text(s, "customer").as_deref() == Some(&customer),
    );

    for (table, resource) in [
        ("accounts", "accounts"),
        ("coupons", "coupons"),
        ("reviews", "reviews"),
        ("files", "files"),
    ] {
        let objects = fake.objects(resource);
        let cut = objects[objects.len() / 2]["created"].as_i64().unwrap();
        check(
            &conn,
            &fake,
            resource,
            &format!(
                "SELECT id FROM {table} WHERE created > TIMESTAMP '{}'",
                unix_to_datetime_text(cut)
            ),
            &[("created[gt]", &cut.to_string())],
            |o| {
                o["created"].as_i64().unwrap() > cut && (resource != "reviews" || o["open"] == true)
            },
        );
    }
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
    assert_eq!(few.ids(), want_first(&customers, methods, 3));
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
