//! The Stripe provider against a small in-test Stripe: request counts, query
//! strings, paging, get-by-id, errors.

use std::sync::Arc;

use apiodbc_fakes::stripe::data::CUSTOMER_FIELDS;
use apiodbc_fakes::{FakeStripe, FakeStripeConfig};
use arrow::array::{Array, AsArray, RecordBatch};
use arrow::datatypes::{DataType, TimeUnit};
use futures::{StreamExt, TryStreamExt};
use serde_json::{Value as Json, json};

use super::tables::*;
use super::*;
use crate::runtime::runtime;
use crate::sync::{Delta, Since};
use crate::table::{
    Changes, CmpOp, ColumnKind, DESCRIPTION_KEY, Filter, SIZE_KEY, Search, Value, Vocabulary,
};
use crate::testing::{Reply, Req, TestServer, closed_port};

const KEY: &str = "sk_test_good";
const T0: i64 = 1_700_000_000;
const S: i64 = 1_000_000;

fn charge(i: usize) -> Json {
    json!({
        "id": format!("ch_{i:04}"),
        "object": "charge",
        "amount": 100 + i,
        "amount_captured": 100 + i,
        "amount_refunded": 0,
        "currency": "usd",
        "status": if i.is_multiple_of(5) { "failed" } else { "succeeded" },
        "paid": !i.is_multiple_of(5),
        "captured": true,
        "refunded": false,
        "disputed": false,
        "created": T0 - i as i64,
        "livemode": false,
        "customer": format!("cus_{}", i % 3),
        "metadata": {"n": i.to_string()},
        "billing_details": {"email": format!("c{i}@example.com"), "name": null},
        "payment_method_details": {"type": "card", "card": {"brand": "visa", "last4": "4242", "exp_month": 8, "exp_year": 2030}},
        "outcome": {"type": "authorized", "risk_score": 12},
    })
}

/// A Stripe with `n` charges (newest first) that checks the key, honours
/// `limit`, `starting_after`, `customer` and `created[...]`, and rejects
/// unknown list parameters like the real API.
fn fake_stripe(n: usize) -> TestServer {
    let charges: Arc<Vec<Json>> = Arc::new((0..n).map(charge).collect());
    TestServer::start(move |req, _| answer(&charges, req))
}

fn answer(charges: &[Json], req: &Req) -> Reply {
    if req.header("authorization") != Some(&format!("Bearer {KEY}")) {
        return Reply::json(
            401,
            json!({"error": {"message": "Invalid API Key provided: sk_test_****oops"}}),
        );
    }
    match req.path.as_str() {
        // Older than every charge.
        "/v1/account" => Reply::json(
            200,
            json!({"id": "acct_1", "object": "account", "created": T0 - charges.len() as i64 - 100}),
        ),
        "/v1/customers" => Reply::json(
            200,
            json!({"object": "list", "has_more": true, "data": [{"id": "cus_0", "object": "customer", "created": T0, "livemode": false}]}),
        ),
        "/v1/charges" => {
            let mut limit = 10;
            let mut selected: Vec<&Json> = charges.iter().collect();
            let mut after = None;
            for (k, v) in &req.query {
                let n = v.parse::<i64>().unwrap_or(0);
                let created = |c: &&Json| c["created"].as_i64().unwrap();
                match k.as_str() {
                    "limit" => limit = n as usize,
                    "starting_after" => after = Some(v.clone()),
                    "customer" => selected.retain(|c| c["customer"] == v.as_str()),
                    "created" => selected.retain(|c| created(c) == n),
                    "created[gt]" => selected.retain(|c| created(c) > n),
                    "created[gte]" => selected.retain(|c| created(c) >= n),
                    "created[lt]" => selected.retain(|c| created(c) < n),
                    "created[lte]" => selected.retain(|c| created(c) <= n),
                    other => {
                        return Reply::json(
                            400,
                            json!({"error": {"message": format!("Received unknown parameter: {other}")}}),
                        );
                    }
                }
            }
            if let Some(after) = after {
                let at = selected
                    .iter()
                    .position(|c| c["id"] == after.as_str())
                    .unwrap();
                selected.drain(..=at);
            }
            let has_more = selected.len() > limit;
            selected.truncate(limit);
            Reply::json(
                200,
                json!({"object": "list", "url": "/v1/charges", "has_more": has_more, "data": selected}),
            )
        }
        path => match path.strip_prefix("/v1/charges/") {
            Some(id) => match charges.iter().find(|c| c["id"] == id) {
                Some(c) => Reply::json(200, c.clone()),
                None => Reply::json(
                    404,
                    json!({"error": {"code": "resource_missing", "message": format!("No such charge: '{id}'")}}),
                ),
            },
            None => Reply::json(
                404,
                json!({"error": {"message": "Unrecognized request URL"}}),
            ),
        },
    }
}

fn properties(base_url: &str, extra: &[(&str, &str)]) -> Properties {
    let mut pairs = vec![
        ("Provider", "stripe"),
        ("BaseURL", base_url),
        ("LiveAPIKey", KEY),
    ];
    pairs.extend_from_slice(extra);
    Properties::from_pairs(pairs)
}

fn stripe(server: &TestServer) -> Arc<dyn Provider> {
    crate::open(&properties(&server.base_url(), &[])).unwrap()
}

fn run(
    provider: &Arc<dyn Provider>,
    table: &'static Table,
    request: ScanRequest,
) -> Result<Vec<RecordBatch>> {
    let stream = provider.scan("stripe", table, request)?;
    runtime().unwrap().block_on(stream.try_collect())
}

fn ids(batches: &[RecordBatch]) -> Vec<String> {
    batches
        .iter()
        .flat_map(|b| {
            let column = b.column_by_name("id").expect("id projected");
            column
                .as_string::<i32>()
                .iter()
                .map(|s| s.unwrap().to_string())
                .collect::<Vec<_>>()
        })
        .collect()
}

fn id_only() -> Option<Vec<usize>> {
    Some(vec![0])
}

fn queries(server: &TestServer) -> Vec<String> {
    server
        .requests()
        .iter()
        .map(|r| format!("{} {}?{}", r.method, r.path, r.query_string()))
        .collect()
}

#[test]
fn check_connection_is_one_cheap_authenticated_request() {
    let server = fake_stripe(3);
    let provider = crate::open(&properties(
        &server.base_url(),
        &[("AccountId", "acct_123")],
    ))
    .unwrap();
    runtime()
        .unwrap()
        .block_on(provider.check_connection())
        .unwrap();
    let requests = server.requests();
    assert_eq!(queries(&server), ["GET /v1/customers?limit=1"]);
    assert_eq!(requests[0].header("stripe-account"), Some("acct_123"));
    assert_eq!(
        requests[0].header("authorization"),
        Some("Bearer sk_test_good")
    );
    assert_eq!(provider.name(), "Stripe");
    assert_eq!(provider.catalog(), "stripe");
    assert_eq!(provider.default_schema(), "stripe");
    let names: Vec<_> = provider.tables("STRIPE").iter().map(|t| t.name).collect();
    let mut sorted = names.clone();
    sorted.sort_unstable();
    assert_eq!(names, sorted, "tables are listed by name");
    for expected in ["charges", "customers", "refunds", "prices", "subscriptions"] {
        assert!(names.contains(&expected), "{expected} in {names:?}");
    }
    assert!(provider.tables("other").is_empty());
}

#[test]
fn wrong_key_is_auth_and_never_echoed() {
    let server = fake_stripe(3);
    let provider = crate::open(&Properties::from_pairs([
        ("Provider", "stripe"),
        ("BaseURL", server.base_url().as_str()),
        ("PWD", "sk_test_wrongSecret"),
    ]))
    .unwrap();
    let err = runtime()
        .unwrap()
        .block_on(provider.check_connection())
        .unwrap_err();
    assert!(matches!(err, Error::Auth(_)), "{err:?}");
    let message = err.to_string();
    assert!(
        message.contains("rejected") && message.contains("LiveAPIKey"),
        "{message}"
    );
    assert!(!message.contains("wrongSecret"), "{message}");
    assert_eq!(server.requests().len(), 1);
    // The same through a scan.
    let err = run(&provider, &charges::CHARGES, ScanRequest::default()).unwrap_err();
    assert!(matches!(err, Error::Auth(_)), "{err:?}");
}

#[test]
fn closed_port_is_connect() {
    let provider = crate::open(&properties(
        &format!("http://127.0.0.1:{}", closed_port()),
        &[],
    ))
    .unwrap();
    let err = runtime()
        .unwrap()
        .block_on(provider.check_connection())
        .unwrap_err();
    assert!(
        matches!(&err, Error::Connect(m) if m.contains("cannot connect to 127.0.0.1")),
        "{err:?}"
    );
}

#[test]
fn configuration_errors() {
    let no_key = Stripe::new(&Properties::from_pairs([("Provider", "stripe")]))
        .err()
        .unwrap();
    assert!(
        matches!(&no_key, Error::Config(m) if m.contains("LiveAPIKey")),
        "{no_key:?}"
    );
    // OAuth without a token opens (the OAuth procedures need a connection);
    // reading a table then says how to get a token, without a request.
    let oauth = Stripe::new(&Properties::from_pairs([
        ("AuthScheme", "OAuth"),
        ("BaseURL", &format!("http://127.0.0.1:{}", closed_port())),
    ]))
    .unwrap();
    let oauth: Arc<dyn Provider> = Arc::new(oauth);
    let err = run(&oauth, &charges::CHARGES, ScanRequest::default()).unwrap_err();
    assert!(
        matches!(&err, Error::Auth(m) if m.contains("OAuthAccessToken")),
        "{err:?}"
    );
    let bad_timeout = Stripe::new(&Properties::from_pairs([
        ("Timeout", "soon"),
        ("LiveAPIKey", KEY),
    ]))
    .err()
    .unwrap();
    assert!(matches!(&bad_timeout, Error::InvalidProperty(m) if m.contains("Timeout")));
    let bad_url = Stripe::new(&Properties::from_pairs([
        ("BaseURL", "nope"),
        ("LiveAPIKey", KEY),
    ]))
    .err()
    .unwrap();
    assert!(matches!(&bad_url, Error::Config(m) if m.contains("BaseURL")));
}

#[test]
fn rate_limit_and_concurrency_defaults() {
    let config =
        |pairs: &[(&str, &str)]| http_config(&Properties::from_pairs(pairs.to_vec())).unwrap();
    let test = config(&[("LiveAPIKey", "sk_test_x")]);
    assert_eq!(test.rate_limit, Some(25.0));
    assert_eq!(test.max_concurrency, 8);
    assert_eq!(test.timeout, Some(std::time::Duration::from_secs(60)));
    assert_eq!(
        config(&[("LiveAPIKey", "sk_live_x")]).rate_limit,
        Some(90.0)
    );
    assert_eq!(
        config(&[("LiveAPIKey", "rk_live_x")]).rate_limit,
        Some(90.0)
    );
    assert_eq!(config(&[("PWD", "rk_test_x")]).rate_limit, Some(25.0));
    assert_eq!(test.retry_header, Some("stripe-should-retry"));
    let tuned = config(&[
        ("LiveAPIKey", "sk_live_x"),
        ("RateLimit", "5"),
        ("MaxConcurrency", "2"),
        ("Timeout", "0"),
    ]);
    assert_eq!(tuned.rate_limit, Some(5.0));
    assert_eq!(tuned.max_concurrency, 2);
    assert_eq!(tuned.timeout, None);
    // Stripe's per-endpoint limits apply unless RateLimit says otherwise.
    assert!(test.endpoint_limit.is_some());
    assert!(tuned.endpoint_limit.is_none());
    assert_eq!(
        config(&[("LiveAPIKey", "sk_live_x"), ("RateLimit", "0")]).rate_limit,
        None
    );
    assert_eq!(
        config(&[("LiveAPIKey", "sk_live_x")]).base_url,
        DEFAULT_BASE_URL
    );
}

#[test]
fn full_scan_follows_cursors_page_by_page() {
    let server = fake_stripe(250);
    let provider = stripe(&server);
    let batches = run(&provider, &charges::CHARGES, ScanRequest::default()).unwrap();
    assert_eq!(batches.len(), 3);
    assert_eq!(
        batches.iter().map(RecordBatch::num_rows).sum::<usize>(),
        250
    );
    let got = ids(&batches);
    assert_eq!(got.first().unwrap(), "ch_0000");
    assert_eq!(got.last().unwrap(), "ch_0249");
    assert_eq!(
        queries(&server),
        [
            "GET /v1/charges?limit=100",
            "GET /v1/charges?limit=100&starting_after=ch_0099",
            // The table ends within the sequential pages: no split, no probe.
            "GET /v1/charges?limit=100&starting_after=ch_0199",
        ]
    );
    // Every column of the table, typed, with its metadata.
    let schema = batches[0].schema();
    assert_eq!(schema.fields().len(), charges::CHARGES.columns.len());
    assert_eq!(schema, charges::CHARGES.schema());
    assert!(schema.field(0).metadata().contains_key(SIZE_KEY));
}

#[test]
fn exact_page_multiple_stops_without_an_extra_request() {
    let server = fake_stripe(200);
    let batches = run(
        &stripe(&server),
        &charges::CHARGES,
        ScanRequest {
            projection: id_only(),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(ids(&batches).len(), 200);
    assert_eq!(server.requests().len(), 2);
}

#[test]
fn limit_is_sent_and_paging_stops_when_enough_rows_are_out() {
    let server = fake_stripe(250);
    let provider = stripe(&server);
    let five = run(
        &provider,
        &charges::CHARGES,
        ScanRequest {
            projection: id_only(),
            limit: Some(5),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(
        ids(&five),
        ["ch_0000", "ch_0001", "ch_0002", "ch_0003", "ch_0004"]
    );
    assert_eq!(queries(&server), ["GET /v1/charges?limit=5"]);

    let server = fake_stripe(250);
    let provider = stripe(&server);
    let many = run(
        &provider,
        &charges::CHARGES,
        ScanRequest {
            projection: id_only(),
            limit: Some(150),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(ids(&many).len(), 150);
    assert_eq!(
        queries(&server),
        [
            "GET /v1/charges?limit=100",
            "GET /v1/charges?limit=50&starting_after=ch_0099",
        ]
    );

    let server = fake_stripe(250);
    let none = run(
        &stripe(&server),
        &charges::CHARGES,
        ScanRequest {
            limit: Some(0),
            ..Default::default()
        },
    )
    .unwrap();
    assert!(none.is_empty());
    assert!(server.requests().is_empty());
}

#[test]
fn id_equality_is_one_get_and_missing_is_no_row() {
    let server = fake_stripe(20);
    let provider = stripe(&server);
    let found = run(
        &provider,
        &charges::CHARGES,
        ScanRequest {
            projection: Some(vec![0, 2]),
            filters: vec![Predicate::compare(
                "id",
                CmpOp::Eq,
                Value::Text("ch_0007".into()),
            )],
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(ids(&found), ["ch_0007"]);
    assert_eq!(found[0].num_columns(), 2);
    assert_eq!(found[0].schema().field(1).name(), "amount");
    assert_eq!(queries(&server), ["GET /v1/charges/ch_0007?"]);

    let server = fake_stripe(20);
    let missing = run(
        &stripe(&server),
        &charges::CHARGES,
        ScanRequest {
            filters: vec![Predicate::compare(
                "id",
                CmpOp::Eq,
                Value::Text("ch_nope".into()),
            )],
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(missing.iter().map(RecordBatch::num_rows).sum::<usize>(), 0);
    assert_eq!(queries(&server), ["GET /v1/charges/ch_nope?"]);
}

#[test]
fn ids_are_escaped_into_one_path_segment() {
    let server = fake_stripe(1);
    run(
        &stripe(&server),
        &charges::CHARGES,
        ScanRequest {
            filters: vec![Predicate::compare(
                "id",
                CmpOp::Eq,
                Value::Text("../customers?x=1".into()),
            )],
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(
        server.requests()[0].path,
        "/v1/charges/..%2Fcustomers%3Fx%3D1"
    );
    assert_eq!(encode_path_segment(".."), "%2E%2E");
}

#[test]
fn id_in_list_gets_concurrently_in_order() {
    let server = fake_stripe(20);
    let provider = stripe(&server);
    let batches = run(
        &provider,
        &charges::CHARGES,
        ScanRequest {
            projection: id_only(),
            filters: vec![Predicate::InList {
                column: "id".into(),
                values: ["ch_0003", "ch_missing", "ch_0001", "ch_0003"]
                    .iter()
                    .map(|s| Value::Text(s.to_string()))
                    .collect(),
                negated: false,
            }],
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(ids(&batches), ["ch_0003", "ch_0001"]);
    let mut paths: Vec<_> = server.requests().into_iter().map(|r| r.path).collect();
    paths.sort();
    assert_eq!(
        paths,
        [
            "/v1/charges/ch_0001",
            "/v1/charges/ch_0003",
            "/v1/charges/ch_missing"
        ]
    );
}

#[test]
fn id_with_other_filters_checks_them_on_the_object() {
    let server = fake_stripe(20);
    let batches = run(
        &stripe(&server),
        &charges::CHARGES,
        ScanRequest {
            projection: id_only(),
            filters: vec![
                Predicate::InList {
                    column: "id".into(),
                    values: vec![Value::Text("ch_0001".into()), Value::Text("ch_0002".into())],
                    negated: false,
                },
                Predicate::compare("customer", CmpOp::Eq, Value::Text("cus_1".into())),
            ],
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(ids(&batches), ["ch_0001"]);
    assert_eq!(server.requests().len(), 2);
}

#[test]
fn customer_and_created_become_list_parameters() {
    let server = fake_stripe(250);
    let batches = run(
        &stripe(&server),
        &charges::CHARGES,
        ScanRequest {
            projection: id_only(),
            filters: vec![
                Predicate::compare("customer", CmpOp::Eq, Value::Text("cus_1".into())),
                // created > T0 - 12.5 s  <=>  created >= T0 - 12  <=>  created[gt] = T0 - 13
                Predicate::compare(
                    "created",
                    CmpOp::Gt,
                    Value::Timestamp((T0 - 13) * S + S / 2),
                ),
                Predicate::compare("status", CmpOp::Eq, Value::Text("failed".into())),
            ],
            ..Default::default()
        },
    )
    .unwrap();
    // Charges 0..=12 of customer 1: 1, 4, 7, 10.
    assert_eq!(ids(&batches), ["ch_0001", "ch_0004", "ch_0007", "ch_0010"]);
    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(
        requests[0].query_string(),
        format!("customer=cus_1&created[gt]={}&limit=100", T0 - 13)
    );
    assert!(requests[0].param("status").is_none());
}

#[test]
fn contradictory_filters_make_no_request() {
    let server = fake_stripe(5);
    let batches = run(
        &stripe(&server),
        &charges::CHARGES,
        ScanRequest {
            filters: vec![Predicate::compare(
                "created",
                CmpOp::Eq,
                Value::Timestamp(T0 * S + 1),
            )],
            ..Default::default()
        },
    )
    .unwrap();
    assert!(batches.is_empty());
    assert!(server.requests().is_empty());
}

#[test]
fn email_filter_on_customers() {
    let server = TestServer::start(|_, _| {
        Reply::json(
            200,
            json!({"object": "list", "has_more": false, "data": []}),
        )
    });
    let provider = stripe(&server);
    run(
        &provider,
        &customers::CUSTOMERS,
        ScanRequest {
            filters: vec![Predicate::compare(
                "email",
                CmpOp::Eq,
                Value::Text("a+b@example.com".into()),
            )],
            limit: Some(10),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(
        queries(&server),
        ["GET /v1/customers?email=a+b@example.com&limit=10"]
    );
}

#[test]
fn garbage_mid_scan_is_connection_lost_after_the_good_rows() {
    let charges: Arc<Vec<Json>> = Arc::new((0..150).map(charge).collect());
    let server = TestServer::start(move |req, n| {
        if n == 1 {
            Reply::raw_body(200, "<html>oops")
        } else {
            answer(&charges, req)
        }
    });
    let stream = stripe(&server)
        .scan(
            "stripe",
            &charges::CHARGES,
            ScanRequest {
                projection: id_only(),
                ..Default::default()
            },
        )
        .unwrap();
    let items: Vec<Result<RecordBatch>> = runtime().unwrap().block_on(stream.collect());
    assert_eq!(items.len(), 2);
    assert_eq!(items[0].as_ref().unwrap().num_rows(), 100);
    assert!(
        matches!(items[1], Err(Error::ConnectionLost(_))),
        "{:?}",
        items[1]
    );
    assert_eq!(server.requests().len(), 2);
}

#[test]
fn an_api_error_reaches_the_stream_with_its_message() {
    let server = TestServer::start(|_, _| {
        Reply::json(
            400,
            json!({"error": {"message": "Received unknown parameter: bogus"}}),
        )
    });
    let err = run(&stripe(&server), &charges::CHARGES, ScanRequest::default()).unwrap_err();
    assert!(
        matches!(&err, Error::Api { provider: "Stripe", status: 400, message, .. } if message.contains("bogus")),
        "{err:?}"
    );
}

/// An object shaped like the current API's charge, every top-level field set.
fn full_charge() -> Json {
    serde_json::from_str(
        r#"{
        "id": "ch_full", "object": "charge", "amount": 2000, "amount_captured": 2000,
        "amount_refunded": 500, "application": {"id": "ca_1", "object": "application"},
        "application_fee": "fee_1", "application_fee_amount": 100,
        "balance_transaction": "txn_1",
        "billing_details": {"address": {"country": "FR", "postal_code": "75001"},
            "email": "jenny@example.com", "name": "Jenny Rosen", "phone": "+33 1", "tax_id": null},
        "calculated_statement_descriptor": "ACME", "captured": true, "created": 1700000000,
        "currency": "eur", "customer": "cus_1", "description": "Order 1", "disputed": false,
        "failure_balance_transaction": null, "failure_code": null, "failure_message": null,
        "fraud_details": {}, "livemode": true, "metadata": {"order_id": "1"},
        "on_behalf_of": null,
        "outcome": {"advice_code": null, "network_advice_code": null, "network_decline_code": null,
            "network_status": "approved_by_network", "reason": null, "risk_level": "normal",
            "risk_score": 32, "seller_message": "Payment complete.", "type": "authorized"},
        "paid": true, "payment_intent": "pi_1", "payment_method": "pm_1",
        "payment_method_details": {"card": {"brand": "visa", "checks": {"cvc_check": "pass"},
            "country": "US", "exp_month": 8, "exp_year": 2030, "fingerprint": "fp1",
            "funding": "credit", "last4": "4242", "network": "visa",
            "wallet": {"type": "link"}}, "type": "card"},
        "receipt_email": "jenny@example.com", "receipt_number": "1234-5678",
        "receipt_url": "https://pay.example/receipt", "refunded": false,
        "refunds": {"object": "list", "data": [], "has_more": false},
        "review": null, "shipping": {}, "source_transfer": null,
        "statement_descriptor": null, "statement_descriptor_suffix": "ORDER",
        "status": "succeeded",
        "transfer_data": {"amount": null, "destination": {"id": "acct_9", "object": "account"}},
        "transfer_group": "group_1",
        "source": {"id": "src_1", "object": "source"}
    }"#,
    )
    .unwrap()
}

#[test]
fn every_top_level_field_of_a_charge_is_a_column() {
    let object = full_charge();
    for key in object.as_object().unwrap().keys() {
        assert!(
            charges::CHARGES.column(key).is_some(),
            "no column for charges.{key}"
        );
    }
    for key in CUSTOMER_FIELDS {
        assert!(
            customers::CUSTOMERS.column(key).is_some(),
            "no column for customers.{key}"
        );
    }
    for table in TABLES {
        for column in table.columns {
            assert!(
                !column.description.is_empty(),
                "{}.{}",
                table.name,
                column.name
            );
            assert_eq!(column.name, column.name.to_ascii_lowercase());
        }
        let mut names: Vec<_> = table.columns.iter().map(|c| c.name).collect();
        names.sort();
        names.dedup();
        assert_eq!(
            names.len(),
            table.columns.len(),
            "duplicate column in {}",
            table.name
        );
    }
}

#[test]
fn a_full_charge_decodes_into_typed_flattened_columns() {
    let server = TestServer::start(|_, _| Reply::json(200, full_charge()));
    let batches = run(
        &stripe(&server),
        &charges::CHARGES,
        ScanRequest {
            filters: vec![Predicate::compare(
                "id",
                CmpOp::Eq,
                Value::Text("ch_full".into()),
            )],
            ..Default::default()
        },
    )
    .unwrap();
    let b = &batches[0];
    let text = |name: &str| {
        b.column_by_name(name)
            .unwrap_or_else(|| panic!("{name}"))
            .as_string::<i32>()
            .iter()
            .next()
            .unwrap()
            .map(str::to_string)
    };
    assert_eq!(
        text("billing_details_email").as_deref(),
        Some("jenny@example.com")
    );
    assert_eq!(text("billing_details_name").as_deref(), Some("Jenny Rosen"));
    assert_eq!(
        text("billing_details_address_country").as_deref(),
        Some("FR")
    );
    assert_eq!(
        text("payment_method_details_card_brand").as_deref(),
        Some("visa")
    );
    assert_eq!(
        text("payment_method_details_card_last4").as_deref(),
        Some("4242")
    );
    assert_eq!(
        text("payment_method_details_card_cvc_check").as_deref(),
        Some("pass")
    );
    assert_eq!(text("outcome_type").as_deref(), Some("authorized"));
    assert_eq!(text("application").as_deref(), Some("ca_1"));
    assert_eq!(text("transfer_data_destination").as_deref(), Some("acct_9"));
    assert_eq!(text("metadata").as_deref(), Some(r#"{"order_id":"1"}"#));
    assert_eq!(text("review"), None);
    let amount = b.column_by_name("amount").unwrap();
    assert_eq!(amount.data_type(), &DataType::Int64);
    assert_eq!(
        amount
            .as_primitive::<arrow::datatypes::Int64Type>()
            .value(0),
        2000
    );
    let created = b.column_by_name("created").unwrap();
    assert_eq!(
        created.data_type(),
        &DataType::Timestamp(TimeUnit::Microsecond, Some("UTC".into()))
    );
    assert_eq!(
        created
            .as_primitive::<arrow::datatypes::TimestampMicrosecondType>()
            .value(0),
        T0 * S
    );
    let paid = b.column_by_name("paid").unwrap().as_boolean();
    assert!(paid.value(0));
    let risk = b.column_by_name("outcome_risk_score").unwrap();
    assert_eq!(
        risk.as_primitive::<arrow::datatypes::Int64Type>().value(0),
        32
    );
    assert!(b.column_by_name("invoice").unwrap().is_null(0));
    assert!(
        b.schema()
            .field_with_name("metadata")
            .unwrap()
            .metadata()
            .contains_key(DESCRIPTION_KEY)
    );
}

#[test]
fn pages_are_fetched_ahead_but_not_all_at_once() {
    let server = fake_stripe(1000);
    // One request at a time: a sequential scan (a split one costs a probe and
    // a page per range more; see the created-range tests).
    let provider =
        crate::open(&properties(&server.base_url(), &[("MaxConcurrency", "1")])).unwrap();
    let mut stream = provider
        .scan(
            "stripe",
            &charges::CHARGES,
            ScanRequest {
                projection: id_only(),
                ..Default::default()
            },
        )
        .unwrap();
    let rt = runtime().unwrap();
    let first = rt.block_on(stream.next()).unwrap().unwrap();
    assert_eq!(first.num_rows(), 100);
    // The consumer is busy with the first page: the producer reads ahead a
    // bounded number of pages, then waits.
    std::thread::sleep(std::time::Duration::from_millis(300));
    let seen = server.requests().len();
    assert!(
        (2..=3).contains(&seen),
        "{seen} requests while the consumer was busy"
    );
    let rest: Vec<_> = rt.block_on(stream.try_collect::<Vec<_>>()).unwrap();
    assert_eq!(rest.len(), 9);
    assert_eq!(server.requests().len(), 10);
}

#[test]
fn dropping_the_stream_stops_paging() {
    let server = fake_stripe(1000);
    let mut stream = stripe(&server)
        .scan(
            "stripe",
            &charges::CHARGES,
            ScanRequest {
                projection: id_only(),
                ..Default::default()
            },
        )
        .unwrap();
    runtime().unwrap().block_on(stream.next()).unwrap().unwrap();
    drop(stream);
    std::thread::sleep(std::time::Duration::from_millis(200));
    assert!(server.requests().len() <= 3);
}

/// Charges whose `created` repeats (seven per second), newest first.
fn tied_stripe(n: usize) -> TestServer {
    let charges: Arc<Vec<Json>> = Arc::new(
        (0..n)
            .map(|i| {
                let mut c = charge(i);
                c["created"] = json!(T0 - (i / 7) as i64);
                c
            })
            .collect(),
    );
    TestServer::start(move |req, _| answer(&charges, req))
}

#[test]
fn a_long_scan_is_split_into_created_ranges_with_the_sequential_result() {
    let server = tied_stripe(3000);
    let sequential =
        crate::open(&properties(&server.base_url(), &[("MaxConcurrency", "1")])).unwrap();
    let expected = ids(&run(&sequential, &charges::CHARGES, ScanRequest::default()).unwrap());
    assert_eq!(expected.len(), 3000);
    let sequential_requests = server.requests().len();
    assert_eq!(sequential_requests, 30);

    let parallel =
        crate::open(&properties(&server.base_url(), &[("MaxConcurrency", "4")])).unwrap();
    let got = ids(&run(&parallel, &charges::CHARGES, ScanRequest::default()).unwrap());
    assert_eq!(
        got, expected,
        "same rows, same order, no duplicates or gaps"
    );
    let requests = server.requests().split_off(sequential_requests);
    let ranged: Vec<_> = requests
        .iter()
        .filter(|r| r.param("created[lte]").is_some())
        .collect();
    assert!(ranged.len() >= 3, "{:?}", queries(&server));
    assert_eq!(
        requests.iter().filter(|r| r.path == "/v1/account").count(),
        1
    );
    // Each range costs at most one page more than its rows need.
    let ranges = ranged
        .iter()
        .filter(|r| r.param("starting_after").is_none())
        .count()
        + 1;
    assert!(
        requests.len() <= sequential_requests + 1 + ranges,
        "{} requests for {ranges} ranges",
        requests.len()
    );
}

/// Balance arrays become rows of kind and currency, with the object's
/// scalars beside them; the fixture's kinds are all covered.
#[test]
fn an_object_is_unrolled_into_rows_per_kind() {
    let object = json!({
        "object": "balance",
        "livemode": false,
        "available": [{"amount": 5, "currency": "usd", "source_types": {"card": 5}}, {"amount": -2, "currency": "eur"}],
        "pending": [{"amount": 7, "currency": "usd"}],
        "issuing": {"available": [{"amount": 1, "currency": "usd"}]},
    });
    let rows = unroll(&object, balance::BALANCE.endpoint.unroll);
    let summary: Vec<(String, String, i64, bool)> = rows
        .iter()
        .map(|r| {
            (
                r["kind"].as_str().unwrap().to_string(),
                r["currency"].as_str().unwrap().to_string(),
                r["amount"].as_i64().unwrap(),
                r["livemode"].as_bool().unwrap(),
            )
        })
        .collect();
    let want = [
        ("available", "usd", 5),
        ("available", "eur", -2),
        ("pending", "usd", 7),
        ("issuing_available", "usd", 1),
    ];
    assert_eq!(
        summary,
        want.map(|(k, c, a)| (k.to_string(), c.to_string(), a, false))
    );
    assert_eq!(rows[0]["source_types"]["card"], 5);
    assert!(
        rows.iter()
            .all(|r| r.get("object") == Some(&json!("balance")))
    );
}

/// A single request answers the balance table; LIMIT truncates it.
#[test]
fn balance_is_one_get_of_one_object() {
    let server = TestServer::start(|req, _| {
        assert_eq!(req.path, "/v1/balance");
        Reply::json(
            200,
            json!({"object": "balance", "livemode": true, "available": [{"amount": 1, "currency": "usd"}, {"amount": 2, "currency": "eur"}], "pending": [], "connect_reserved": [{"amount": 0, "currency": "usd"}]}),
        )
    });
    let provider = stripe(&server);
    let batches = run(&provider, &balance::BALANCE, ScanRequest::default()).unwrap();
    let rows: usize = batches.iter().map(RecordBatch::num_rows).sum();
    assert_eq!(rows, 3);
    assert_eq!(queries(&server), ["GET /v1/balance?"]);
    let batches = run(
        &provider,
        &balance::BALANCE,
        ScanRequest {
            limit: Some(1),
            ..Default::default()
        },
    )
    .unwrap();
    let kinds = batches[0]
        .column_by_name("kind")
        .unwrap()
        .as_string::<i32>();
    assert_eq!(kinds.iter().collect::<Vec<_>>(), [Some("available")]);
}

#[test]
fn child_tables_name_one_top_level_parent_field_and_a_listed_parent() {
    let mut children = 0;
    for table in TABLES {
        let parent_columns: Vec<_> = table
            .columns
            .iter()
            .filter(|c| c.filter == crate::table::Filter::Parent)
            .collect();
        match table.endpoint.parent {
            None => assert!(parent_columns.is_empty(), "{}", table.name),
            Some(parent) => {
                children += 1;
                // The parent id, and Stripe's own name for it, read one top-level field.
                let paths: std::collections::BTreeSet<_> =
                    parent_columns.iter().map(|c| c.json_path()).collect();
                assert_eq!(paths.len(), 1, "{}", table.name);
                assert!(
                    !parent_columns[0].json_path().contains('.'),
                    "{}",
                    table.name
                );
                assert!(
                    TABLES.iter().any(|t| std::ptr::eq(*t, parent.table)),
                    "{}: parent not listed",
                    table.name
                );
                assert_eq!(
                    table.endpoint.list.contains("{parent}"),
                    parent.param.is_none(),
                    "{}",
                    table.name
                );
            }
        }
    }
    assert_eq!(children, 18);
    let names: Vec<_> = TABLES.iter().map(|t| t.name).collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted, "TABLES is sorted by name");
}

#[test]
fn remarks_say_which_filters_reach_stripe_from_the_declarations() {
    assert_eq!(
        charges::CHARGES.remarks(),
        "Charges: payments attempted against a card or other payment method, successful or \
         not. Newest first. Filters on id, created, customer, payment_intent and \
         transfer_group are sent to the API. With UseSearchAPI, filters on amount, currency, \
         status, refunded, disputed, payment_method_details_card_last4, \
         billing_details_address_postal_code and metadata go to the Search API."
    );
    let remarks = |table: &'static Table, column: &str| table.column(column).unwrap().remarks();
    assert_eq!(
        remarks(&charges::CHARGES, "customer"),
        "Identifier of the customer charged (cus_...), if any. `=` is sent to the API. With \
         UseSearchAPI, `=` goes to the Search API."
    );
    assert_eq!(
        remarks(&promotion_codes::PROMOTION_CODES, "promotion_coupon"),
        "Coupon the code applies. `=` is sent to the API as `coupon`."
    );
    assert_eq!(
        remarks(&events::EVENTS, "type"),
        "What happened: charge.succeeded, customer.created, invoice.paid, ... `=` and `IN` (up \
         to 20 values) are sent to the API as `types`."
    );
    assert_eq!(
        remarks(&customers::CUSTOMERS, "metadata"),
        "Key-value pairs attached by the account, as a JSON object. With UseSearchAPI, \
         `metadata['key'] = 'value'` goes to the Search API."
    );
    use billing_meter_event_summaries::BILLING_METER_EVENT_SUMMARIES as SUMMARIES;
    assert_eq!(
        remarks(&SUMMARIES, "start_time"),
        "Start of the counted window (UTC, inclusive). `>=`, `>` and `=` are sent to the API as \
         the start of the window. A query must filter on it (the API requires it)."
    );
    assert!(
        SUMMARIES.remarks().ends_with(
            "Filters on meter_id, customer, start_time and end_time are sent to the API. A \
             query must filter on customer, start_time and end_time."
        ),
        "{}",
        SUMMARIES.remarks()
    );
    assert_eq!(
        remarks(&customers::CUSTOMERS, "name"),
        "Full name of the person or business. With UseSearchAPI, `=` and `LIKE 'abc%'` go to \
         the Search API."
    );
}

/// The fake Stripe is written from Stripe's reference, the tables from the
/// same reference: each table sends only list parameters its fake resource
/// takes, every parameter on one of its columns, and exactly the search
/// fields, so neither declaration can drift alone.
#[test]
fn tables_and_the_fake_take_the_same_filters() {
    use apiodbc_fakes::stripe::{resources, search};
    use std::collections::BTreeSet;

    let mut differences = Vec::new();
    for table in TABLES {
        let path = table.endpoint.list.strip_prefix("/v1/");
        let resource = resources::RESOURCES
            .iter()
            .find(|r| r.name == table.name || Some(r.name) == path);
        let Some(resource) = resource else {
            assert!(
                !table.endpoint.unroll.is_empty(),
                "the fake has no {}",
                table.name
            );
            continue;
        };
        let mut equals = BTreeSet::new();
        let mut ranges = BTreeSet::new();
        let mut windows = BTreeSet::new();
        let mut searched = BTreeSet::new();
        equals.extend(
            table
                .endpoint
                .parent
                .and_then(|p| p.param)
                .map(String::from),
        );
        equals.extend(table.endpoint.ids.map(|p| format!("{p}[]")));
        for column in table.columns {
            equals.extend(column.null_param.map(String::from));
            match column.filter {
                Filter::Equals(p) => _ = equals.insert(p.to_string()),
                Filter::AnyOf(p, _) => _ = equals.insert(format!("{p}[]")),
                Filter::Range(p) => _ = ranges.insert(p.to_string()),
                Filter::LowerBound(p) => _ = windows.insert((p.to_string(), "gte")),
                Filter::UpperBound(p) => _ = windows.insert((p.to_string(), "lte")),
                _ => {}
            }
            if column.search != Search::None && column.kind != ColumnKind::Json {
                searched.insert(column.search_field().to_string());
            }
        }
        // A parameter of the fake that no column declares is fine only when
        // it filters on a column that another parameter of its already
        // filters (events' `type` beside `types[]`).
        let unused = |entry: &&'static str, ours: &BTreeSet<String>| {
            let (param, field) = resources::param_field(entry);
            !ours.contains(param)
                && table
                    .columns
                    .iter()
                    .any(|c| c.json_path() == field && c.filter == Filter::None)
        };
        let param = |entry: &&'static str| resources::param_field(entry).0.to_string();
        for (what, ours, fake) in [
            ("equality parameter", equals, resource.equals),
            ("range parameter", ranges, resource.ranges),
        ] {
            let theirs: BTreeSet<_> = fake.iter().map(param).collect();
            for missing in ours.difference(&theirs) {
                differences.push(format!("{}: the fake has no {what} {missing}", table.name));
            }
            for entry in fake.iter().filter(|e| unused(e, &ours)) {
                differences.push(format!(
                    "{}: no column sends the {what} {entry}",
                    table.name
                ));
            }
        }
        // A parameter the fake enumerates takes no value outside its
        // enumeration from the table, and one the table closes is enumerated.
        let enums = resources::ENUMS
            .iter()
            .filter(|(r, _, _)| *r == resource.name);
        for column in table.columns {
            let (Filter::Equals(param), Vocabulary::Closed(values)) =
                (column.filter, column.vocabulary)
            else {
                continue;
            };
            match enums.clone().find(|(_, p, _)| *p == param) {
                Some((_, _, fake)) if values.iter().all(|v| fake.contains(v)) => {}
                found => differences.push(format!(
                    "{}.{}: table sends {values:?}, fake takes {:?}",
                    table.name,
                    column.name,
                    found.map(|(_, _, f)| f)
                )),
            }
        }
        for (_, param, _) in enums {
            let closed = table.columns.iter().any(|c| {
                c.filter == Filter::Equals(param) && matches!(c.vocabulary, Vocabulary::Closed(_))
            });
            if !closed {
                differences.push(format!(
                    "{}: the fake enumerates {param}, no column closes it",
                    table.name
                ));
            }
        }
        if table.endpoint.paged == resources::UNPAGED.contains(&resource.name) {
            differences.push(format!("{}: paged differs from the fake", table.name));
        }
        let fake_windows: BTreeSet<_> = resources::WINDOWS
            .iter()
            .filter(|(name, _, _)| *name == resource.name)
            .map(|(_, param, op)| (param.to_string(), *op))
            .collect();
        if windows != fake_windows {
            differences.push(format!(
                "{} windows: table {windows:?}, fake {fake_windows:?}",
                table.name
            ));
        }
        let fake_searched: BTreeSet<_> = search::fields(table.name)
            .unwrap_or_default()
            .iter()
            .map(|f| resources::param_field(f).0.to_string())
            .collect();
        if searched != fake_searched {
            differences.push(format!(
                "{} search fields: table {searched:?}, fake {fake_searched:?}",
                table.name
            ));
        }
    }
    assert!(differences.is_empty(), "{}", differences.join("\n"));
}

#[test]
fn every_request_pins_the_api_version() {
    let server = fake_stripe(3);
    let provider = stripe(&server);
    runtime()
        .unwrap()
        .block_on(provider.check_connection())
        .unwrap();
    run(&provider, &charges::CHARGES, ScanRequest::default()).unwrap();
    let requests = server.requests();
    assert!(requests.len() >= 2);
    for r in &requests {
        assert_eq!(r.header("stripe-version"), Some(API_VERSION));
    }
}

#[test]
fn a_publishable_key_is_refused_without_a_request() {
    let err = Stripe::new(&Properties::from_pairs([("LiveAPIKey", "pk_test_abc")]))
        .err()
        .unwrap();
    assert!(
        matches!(&err, Error::Auth(m) if m.contains("publishable") && !m.contains("pk_test_abc")),
        "{err:?}"
    );
}

#[test]
fn a_split_keeps_the_query_bounds_and_a_limit_stays_sequential() {
    let server = tied_stripe(3000);
    let provider =
        crate::open(&properties(&server.base_url(), &[("MaxConcurrency", "3")])).unwrap();
    let floor = T0 - 300;
    let bounded = ScanRequest {
        projection: id_only(),
        filters: vec![Predicate::compare(
            "created",
            CmpOp::GtEq,
            Value::Timestamp(floor * S),
        )],
        ..Default::default()
    };
    let got = ids(&run(&provider, &charges::CHARGES, bounded).unwrap());
    assert_eq!(got.len(), 301 * 7);
    assert_eq!(got.last().unwrap(), &format!("ch_{:04}", 301 * 7 - 1));
    let requests = server.requests();
    // The query's bound replaces the account's creation date.
    assert!(requests.iter().all(|r| r.path == "/v1/charges"));
    assert!(requests.iter().all(|r| {
        r.param("created[gte]")
            .is_some_and(|v| v.parse::<i64>().unwrap() >= floor)
    }));
    let before = requests.len();

    let limited = ScanRequest {
        projection: id_only(),
        limit: Some(2500),
        ..Default::default()
    };
    assert_eq!(
        ids(&run(&provider, &charges::CHARGES, limited).unwrap()).len(),
        2500
    );
    let requests = server.requests().split_off(before);
    assert_eq!(requests.len(), 25);
    assert!(requests.iter().all(|r| r.param("created[lte]").is_none()));
}

#[test]
fn a_restricted_key_without_customers_still_connects_and_tables_name_the_permission() {
    let server = TestServer::start(|_, _| {
        Reply::json(
            403,
            json!({"error": {"type": "invalid_request_error", "message":
                "The provided key 'rk_test_****abcd' does not have the required permissions for this endpoint on account 'acct_1'. Having the 'rak_charge_read' permission would allow this request to continue."}}),
        )
    });
    let provider = stripe(&server);
    runtime()
        .unwrap()
        .block_on(provider.check_connection())
        .unwrap();
    let err = run(&provider, &charges::CHARGES, ScanRequest::default()).unwrap_err();
    let Error::Permission(message) = &err else {
        panic!("{err:?}")
    };
    assert!(message.contains("table charges"), "{message}");
    assert!(message.contains("rak_charge_read"), "{message}");
    assert_eq!(server.requests().len(), 2, "403 is not retried");
}

#[test]
fn a_refused_filter_value_names_its_column() {
    let server = TestServer::start(|_, _| {
        Reply::json(
            400,
            json!({"error": {"type": "invalid_request_error", "code": "resource_missing",
                "param": "customer", "message": "No such customer: 'abc'"}}),
        )
    });
    let request = ScanRequest {
        filters: vec![Predicate::compare(
            "customer",
            CmpOp::Eq,
            Value::Text("abc".into()),
        )],
        ..ScanRequest::default()
    };
    let err = run(&stripe(&server), &charges::CHARGES, request).unwrap_err();
    let Error::InvalidValue(message) = &err else {
        panic!("{err:?}")
    };
    assert!(
        message.contains("column customer of table charges"),
        "{message}"
    );
    assert!(message.contains("No such customer: 'abc'"), "{message}");
    assert!(message.contains("code: resource_missing"), "{message}");
}

/// With a live key (90 a second for the account), searches across resources
/// still share Stripe's 20 a second, and lookups by id its 25 per endpoint.
#[test]
fn endpoint_limits_hold_under_a_burst() {
    let arrivals = Arc::new(std::sync::Mutex::new(Vec::new()));
    let seen = arrivals.clone();
    let server = TestServer::start(move |req, _| {
        let family = if req.path.ends_with("/search") {
            "search"
        } else {
            "get"
        };
        seen.lock()
            .unwrap()
            .push((family, std::time::Instant::now()));
        Reply::json(200, json!({}))
    });
    let properties = Properties::from_pairs(vec![
        ("LiveAPIKey", "sk_live_x"),
        ("BaseURL", server.base_url().as_str()),
    ]);
    let http = Http::new(http_config(&properties).unwrap()).unwrap();
    let paths = (0..25).flat_map(|i| {
        [
            format!("/v1/charges/ch_{i}"),
            "/v1/charges/search".to_owned(),
            "/v1/customers/search".to_owned(),
        ]
    });
    let answers = runtime()
        .unwrap()
        .block_on(futures::future::join_all(paths.map(|path| {
            let http = &http;
            async move { http.get_json(&path, &[]).await }
        })));
    assert!(answers.iter().all(Result::is_ok));
    let arrivals = arrivals.lock().unwrap();
    let busiest = |family: &str| {
        let times: Vec<_> = arrivals
            .iter()
            .filter(|(f, _)| *f == family)
            .map(|(_, t)| *t)
            .collect();
        times
            .iter()
            .map(|t| {
                times
                    .iter()
                    .filter(|u| **u >= *t && **u - *t < std::time::Duration::from_secs(1))
                    .count()
            })
            .max()
            .unwrap_or(0)
    };
    assert_eq!(arrivals.len(), 75);
    assert!(
        busiest("search") <= 20,
        "{} searches in a second",
        busiest("search")
    );
    assert!(
        busiest("get") <= 25,
        "{} lookups in a second",
        busiest("get")
    );
}

/// The provider over a [`FakeStripe`] whose account changes during the test.
fn changing(fake: &FakeStripe) -> Arc<dyn Provider> {
    crate::open(&Properties::from_pairs([
        ("Provider", "stripe"),
        ("BaseURL", fake.base_url().as_str()),
        ("LiveAPIKey", fake.api_key()),
    ]))
    .unwrap()
}

fn changes(provider: &Arc<dyn Provider>, table: &'static Table, since: Since) -> Delta {
    runtime()
        .unwrap()
        .block_on(provider.changes("stripe", table, since))
        .unwrap()
}

#[test]
fn changes_are_events_since_the_read_and_objects_created_after_the_newest() {
    let fake = FakeStripe::start(FakeStripeConfig::sized(10, 300));
    let stripe = changing(&fake);
    let read_at = crate::sync::now();
    let newest = fake.charges()[0]["created"].as_i64().unwrap() * 1_000_000;
    let refunded = fake.charges()[120]["id"].as_str().unwrap().to_string();
    let new = fake.create_charge(None, 500, "usd");
    fake.refund_charge(&refunded);
    let gone = fake.customers()[2]["id"].as_str().unwrap().to_string();
    fake.delete_customer(&gone);
    fake.reset_log();

    let since = Since {
        read_at,
        newest: Some(newest),
    };
    let Delta::Rows {
        changed,
        deleted,
        current,
    } = changes(&stripe, &charges::CHARGES, since)
    else {
        panic!("charges have events");
    };
    // The new charge's own event, then the refund's, oldest first.
    assert_eq!(ids(&changed), [new["id"].as_str().unwrap(), &refunded]);
    assert!(deleted.is_empty());
    // The new charge, and what the overlap reads again: the newest cached one.
    let newest_id = fake.charges()[1]["id"].as_str().unwrap().to_string();
    assert_eq!(ids(&current), [new["id"].as_str().unwrap(), &newest_id]);
    let paths: Vec<String> = fake.requests().into_iter().map(|r| r.path).collect();
    assert_eq!(paths, ["/v1/events", "/v1/charges"]);

    // A deleted customer is asked for: gone, it is deleted.
    fake.reset_log();
    let Delta::Rows { deleted, .. } = changes(&stripe, &customers::CUSTOMERS, since) else {
        panic!("customers have events");
    };
    assert_eq!(deleted, [gone.as_str()]);
    assert!(fake.requests_to(&format!("/v1/customers/{gone}")).len() == 1);

    // Past the 30 days Stripe keeps events, only a full read is exact.
    fake.reset_log();
    let old = Since {
        read_at: read_at - 31 * 86_400 * 1_000_000,
        newest: Some(newest),
    };
    assert!(matches!(
        changes(&stripe, &charges::CHARGES, old),
        Delta::Reread(why) if why.contains("30 days")
    ));
    // So is a table without a feed of changes, and neither asks anything.
    assert!(matches!(
        changes(&stripe, &balance_transactions::BALANCE_TRANSACTIONS, since),
        Delta::Reread(_)
    ));
    assert_eq!(fake.request_count(), 0);
}

#[test]
fn every_table_read_by_events_lists_by_created_and_names_its_object() {
    for table in TABLES {
        let Changes::Events { types, object } = table.endpoint.changes else {
            continue;
        };
        assert!(types.ends_with(".*"), "{}: {types}", table.name);
        assert!(
            table
                .column("object")
                .is_some_and(|c| c.description.contains(&format!("'{object}'"))),
            "{}: {object}",
            table.name
        );
        let after = Predicate::Compare {
            column: "created".into(),
            op: CmpOp::Gt,
            value: Value::Timestamp(0),
        };
        assert_eq!(
            pushdown::pushdown(table, &after),
            Pushdown::Exact,
            "{}",
            table.name
        );
        assert!(table.endpoint.parent.is_none(), "{}", table.name);
    }
}
