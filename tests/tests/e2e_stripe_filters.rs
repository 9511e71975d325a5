//! End-to-end through unixODBC: each pushed-down filter of the Stripe
//! tables reaches the API as its list parameter (equality, bracketed ranges)
//! or as a get by id, with the fewest requests, while the rows match the
//! generated ground truth.
//!
//! Needs `cargo build -p apiodbc` first (same target dir and profile).

use apiodbc_tests::odbc::{connect_fake_stripe, query_text, unix_to_datetime_text};
use apiodbc_tests::stripe_checks::{check, fake_with_every_resource as fake, sorted, text};

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
    let reviews = fake.objects("reviews");
    let closed = reviews.iter().find(|r| r["open"] == false).unwrap();
    let id = text(closed, "id").unwrap();
    let got = query_text(
        &conn,
        &format!("SELECT id, open FROM reviews WHERE id = '{id}'"),
    )
    .unwrap();
    assert_eq!(got.column("open"), [Some("0")]);
}

#[test]
fn equality_filters_on_payments_and_billing_become_list_parameters() {
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
    let balance_transactions = fake.objects("balance_transactions");
    let first_charge = balance_transactions
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
fn equality_filters_on_the_other_tables_become_list_parameters() {
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
    let file_links = fake.objects("file_links");
    let live_link = file_links.iter().find(|l| l["expired"] == false).unwrap();
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

    let plans = fake.objects("plans");
    let inactive = plans.iter().find(|p| p["active"] == false).unwrap();
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

    let quotes = fake.objects("quotes");
    let open = quotes.iter().find(|q| q["status"] == "open").unwrap();
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
        "tax/registrations",
        "SELECT id FROM tax_registrations WHERE status = 'expired'",
        &[("status", "expired")],
        |t| t["status"] == "expired",
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
    // Current API versions name the subscription under `parent`.
    let billed = |i: &serde_json::Value| {
        i["parent"]["subscription_details"]["subscription"]
            .as_str()
            .map(str::to_owned)
    };
    let subscription = invoices.iter().find_map(billed).unwrap();
    check(
        &conn,
        &fake,
        "invoices",
        &format!("SELECT id FROM invoices WHERE subscription = '{subscription}'"),
        &[("subscription", &subscription)],
        |i| billed(i).as_deref() == Some(&subscription),
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
