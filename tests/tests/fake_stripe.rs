//! Tests of the fake Stripe server itself (no driver involved).

use std::collections::HashSet;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use apiodbc_tests::http::{self, HttpResponse};
use apiodbc_tests::stripe::data::{CHARGE_FIELDS, CUSTOMER_FIELDS};
use apiodbc_tests::stripe::{DEFAULT_API_KEY, mask_key};
use apiodbc_tests::stripe_checks::ids;
use apiodbc_tests::{FakeStripe, FakeStripeConfig};
use serde_json::{Value, json};

fn server() -> FakeStripe {
    FakeStripe::start(FakeStripeConfig::sized(25, 250))
}

fn get(fake: &FakeStripe, path_and_query: &str) -> HttpResponse {
    http::get_with_key(
        &format!("{}{path_and_query}", fake.base_url()),
        DEFAULT_API_KEY,
    )
}

/// Follows `starting_after` from the first page; returns all objects and the number of pages.
fn walk(fake: &FakeStripe, path: &str, extra: &str) -> (Vec<Value>, usize) {
    let mut objects = Vec::new();
    let mut pages = 0;
    let mut cursor: Option<String> = None;
    loop {
        let mut query = extra.to_owned();
        if let Some(c) = &cursor {
            query.push_str(&format!("&starting_after={c}"));
        }
        let response = get(fake, &format!("{path}?{}", query.trim_start_matches('&')));
        assert_eq!(response.status, 200, "{}", response.text());
        let body = response.json();
        assert_eq!(body["object"], "list");
        assert_eq!(body["url"], path);
        pages += 1;
        let data = body["data"].as_array().unwrap().clone();
        cursor = data.last().map(|o| o["id"].as_str().unwrap().to_owned());
        objects.extend(data);
        if !body["has_more"].as_bool().unwrap() {
            break;
        }
        assert!(pages < 1000, "pagination does not end");
    }
    (objects, pages)
}

fn assert_error(response: &HttpResponse, status: u16, expected: Value) {
    assert_eq!(response.status, status, "{}", response.text());
    let body = response.json();
    for (key, value) in expected.as_object().unwrap() {
        assert_eq!(&body["error"][key], value, "error.{key} in {body}");
    }
}

#[test]
fn objects_have_every_current_field() {
    let fake = server();
    assert_eq!(fake.customers().len(), 25);
    assert_eq!(fake.charges().len(), 250);
    for customer in fake.customers() {
        let keys: HashSet<&str> = customer
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(
            keys,
            CUSTOMER_FIELDS.iter().copied().collect(),
            "{customer}"
        );
        assert_eq!(customer["object"], "customer");
        assert_eq!(customer["livemode"], false);
        assert!(customer["id"].as_str().unwrap().starts_with("cus_"));
        assert!(customer["metadata"].is_object());
    }
    for charge in fake.charges() {
        let keys: HashSet<&str> = charge
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys, CHARGE_FIELDS.iter().copied().collect(), "{charge}");
        assert_eq!(charge["object"], "charge");
        assert!(charge["id"].as_str().unwrap().starts_with("ch_"));
        if let Some(customer) = charge["customer"].as_str() {
            assert!(fake.customer(customer).is_some(), "dangling {customer}");
        }
        assert!(charge["payment_method_details"]["card"]["brand"].is_string());
        assert_eq!(
            charge["payment_method_details"]["card"]["last4"]
                .as_str()
                .unwrap()
                .len(),
            4
        );
        assert!(charge["billing_details"].is_object());
        let amount = charge["amount"].as_i64().unwrap();
        assert!(charge["amount_captured"].as_i64().unwrap() <= amount);
        assert!(charge["amount_refunded"].as_i64().unwrap() <= amount);
        assert_eq!(charge["paid"], charge["status"] == "succeeded");
    }
    for objects in [fake.customers(), fake.charges()] {
        let ids = ids(&objects);
        assert_eq!(
            ids.iter().collect::<HashSet<_>>().len(),
            ids.len(),
            "ids unique"
        );
        let created: Vec<i64> = objects
            .iter()
            .map(|o| o["created"].as_i64().unwrap())
            .collect();
        assert!(
            created.windows(2).all(|w| w[0] > w[1]),
            "created strictly decreasing"
        );
    }
    let values = |field: &str| -> HashSet<String> {
        fake.charges()
            .iter()
            .map(|c| c[field].to_string())
            .collect()
    };
    assert_eq!(
        values("status"),
        ["\"succeeded\"", "\"failed\"", "\"pending\""]
            .map(String::from)
            .into()
    );
    assert_eq!(
        values("currency"),
        ["\"usd\"", "\"eur\"", "\"gbp\""].map(String::from).into()
    );
    assert!(values("refunded").contains("true"));
    assert!(values("customer").contains("null"));
    assert!(fake.customers().iter().any(|c| c["email"].is_null()));
    assert!(fake.customers().iter().any(|c| c["metadata"] != json!({})));
    // The cut used by the end-to-end tests (2024-01-01) splits the charges.
    let after = fake
        .charges()
        .iter()
        .filter(|c| c["created"].as_i64().unwrap() >= 1_704_067_200)
        .count();
    assert!(after > 0 && after < 250, "{after}");
}

#[test]
fn data_is_deterministic() {
    let a = server();
    let b = server();
    assert_eq!(a.customers(), b.customers());
    assert_eq!(a.charges(), b.charges());
    let c = FakeStripe::start(FakeStripeConfig {
        seed: 7,
        ..FakeStripeConfig::sized(25, 250)
    });
    assert_ne!(ids(&a.charges()), ids(&c.charges()));
}

#[test]
fn pagination_walks_every_object_once_newest_first() {
    let fake = server();
    let (charges, pages) = walk(&fake, "/v1/charges", "limit=100");
    assert_eq!(pages, 3);
    assert_eq!(charges, fake.charges());
    assert_eq!(fake.request_count(), 3);
    let requests = fake.requests();
    assert!(requests[0].param("starting_after").is_none());
    assert_eq!(
        requests[1].param("starting_after"),
        Some(fake.charges()[99]["id"].as_str().unwrap())
    );
    assert_eq!(
        requests[2].param("starting_after"),
        Some(fake.charges()[199]["id"].as_str().unwrap())
    );
    assert!(
        requests
            .iter()
            .all(|r| r.param("limit") == Some("100") && r.status == 200)
    );

    fake.reset_log();
    // Default page size is 10.
    let (customers, pages) = walk(&fake, "/v1/customers", "");
    assert_eq!(pages, 3);
    assert_eq!(customers, fake.customers());
    assert_eq!(fake.request_count(), 3);

    // An exact multiple of the page size: the last full page says has_more=false.
    let (customers, pages) = walk(&fake, "/v1/customers", "limit=25");
    assert_eq!((customers.len(), pages), (25, 1));
}

#[test]
fn ending_before_pages_backwards() {
    let fake = server();
    let all = ids(&fake.charges());
    let mut cursor = all.last().unwrap().clone();
    let mut seen: Vec<String> = Vec::new();
    loop {
        let body = get(
            &fake,
            &format!("/v1/charges?limit=30&ending_before={cursor}"),
        )
        .json();
        let page = ids(body["data"].as_array().unwrap());
        // Each page is newest first and sits right before the cursor.
        let end = all.iter().position(|id| *id == cursor).unwrap();
        assert_eq!(page, all[end - page.len()..end]);
        let mut merged = page.clone();
        merged.extend(seen);
        seen = merged;
        if !body["has_more"].as_bool().unwrap() {
            break;
        }
        cursor = page[0].clone();
    }
    assert_eq!(seen, all[..all.len() - 1]);
}

#[test]
fn created_filters() {
    let fake = server();
    let created: Vec<i64> = fake
        .charges()
        .iter()
        .map(|c| c["created"].as_i64().unwrap())
        .collect();
    let ts = created[120];
    let expect = |pred: &dyn Fn(i64) -> bool| -> Vec<Value> {
        fake.charges()
            .iter()
            .filter(|c| pred(c["created"].as_i64().unwrap()))
            .cloned()
            .collect()
    };
    let cases: Vec<(String, Vec<Value>)> = vec![
        (format!("created[gte]={ts}"), expect(&|c| c >= ts)),
        (format!("created%5Bgt%5D={ts}"), expect(&|c| c > ts)),
        (format!("created[lt]={ts}"), expect(&|c| c < ts)),
        (format!("created[lte]={ts}"), expect(&|c| c <= ts)),
        (format!("created={ts}"), expect(&|c| c == ts)),
        (
            format!("created[gt]={}&created[lte]={}", created[200], created[50]),
            expect(&|c| c > created[200] && c <= created[50]),
        ),
    ];
    for (query, expected) in cases {
        let (got, _) = walk(&fake, "/v1/charges", &format!("limit=100&{query}"));
        assert_eq!(ids(&got), ids(&expected), "{query}");
        assert!(!got.is_empty(), "{query}");
    }
    assert_error(
        &get(&fake, "/v1/charges?created[gte]=yesterday"),
        400,
        json!({"type": "invalid_request_error", "message": "Invalid integer: yesterday", "param": "created[gte]"}),
    );
}

#[test]
fn list_filters() {
    let fake = server();
    let charges = fake.charges();
    let customer = charges[0]["customer"]
        .as_str()
        .or_else(|| charges[1]["customer"].as_str())
        .unwrap()
        .to_owned();
    let (got, _) = walk(
        &fake,
        "/v1/charges",
        &format!("limit=100&customer={customer}"),
    );
    let expected: Vec<&Value> = charges
        .iter()
        .filter(|c| c["customer"] == customer.as_str())
        .collect();
    assert_eq!(got.iter().collect::<Vec<_>>(), expected);
    assert!(!got.is_empty());

    let pi = charges
        .iter()
        .find_map(|c| c["payment_intent"].as_str())
        .unwrap();
    let body = get(&fake, &format!("/v1/charges?payment_intent={pi}")).json();
    assert_eq!(body["data"].as_array().unwrap().len(), 1);
    assert_eq!(body["data"][0]["payment_intent"], pi);

    let group = charges
        .iter()
        .find_map(|c| c["transfer_group"].as_str())
        .unwrap();
    let (got, _) = walk(
        &fake,
        "/v1/charges",
        &format!("limit=100&transfer_group={group}"),
    );
    assert_eq!(
        got.len(),
        fake.charges()
            .iter()
            .filter(|c| c["transfer_group"] == group)
            .count()
    );

    // E-mail with a quote, percent-encoded.
    let customers = fake.customers();
    let email = customers[3]["email"].as_str().unwrap();
    assert!(email.contains('\''));
    let body = get(
        &fake,
        &format!(
            "/v1/customers?email={}",
            email.replace('\'', "%27").replace('@', "%40")
        ),
    )
    .json();
    assert_eq!(body["data"].as_array().unwrap().len(), 1);
    assert_eq!(body["data"][0]["email"], email);

    let body = get(
        &fake,
        "/v1/customers?test_clock=clock_123&expand[]=data.test_clock",
    )
    .json();
    assert_eq!(body["data"], json!([]));
    let body = get(&fake, "/v1/charges?customer=cus_doesnotexist").json();
    assert_eq!(body["data"], json!([]));
    assert_eq!(body["has_more"], false);

    assert_error(
        &get(&fake, "/v1/charges?customer="),
        400,
        json!({"type": "invalid_request_error", "param": "customer"}),
    );
    // Filters of the other resource are unknown here.
    assert_error(
        &get(&fake, "/v1/customers?customer=cus_1"),
        400,
        json!({"message": "Received unknown parameter: customer", "param": "customer"}),
    );
    assert_error(
        &get(&fake, "/v1/charges?status=succeeded"),
        400,
        json!({"message": "Received unknown parameter: status", "param": "status"}),
    );
}

#[test]
fn bad_parameters_are_400() {
    let fake = server();
    let unknown = get(&fake, "/v1/charges?foo=1");
    assert_eq!(unknown.status, 400);
    assert_eq!(
        unknown.json(),
        json!({"error": {"type": "invalid_request_error", "message": "Received unknown parameter: foo", "param": "foo"}})
    );
    assert_error(
        &get(&fake, "/v1/charges?created[since]=1"),
        400,
        json!({"message": "Received unknown parameter: created[since]"}),
    );
    for (limit, message) in [
        ("0", "This value must be greater than or equal to 1."),
        ("101", "This value must be less than or equal to 100."),
        ("-5", "This value must be greater than or equal to 1."),
        ("ten", "Invalid integer: ten"),
    ] {
        assert_error(
            &get(&fake, &format!("/v1/customers?limit={limit}")),
            400,
            json!({"type": "invalid_request_error", "message": message, "param": "limit"}),
        );
    }
    for limit in [1, 100] {
        let body = get(&fake, &format!("/v1/charges?limit={limit}")).json();
        assert_eq!(body["data"].as_array().unwrap().len(), limit);
    }
    assert_error(
        &get(&fake, "/v1/charges?starting_after=ch_nope"),
        400,
        json!({"type": "invalid_request_error", "code": "resource_missing", "message": "No such charge: 'ch_nope'", "param": "starting_after"}),
    );
    assert_error(
        &get(&fake, "/v1/customers?ending_before=cus_nope"),
        400,
        json!({"code": "resource_missing", "message": "No such customer: 'cus_nope'", "param": "ending_before"}),
    );
    let charges = fake.charges();
    let first = charges[0]["id"].as_str().unwrap();
    assert_error(
        &get(
            &fake,
            &format!("/v1/charges?starting_after={first}&ending_before={first}"),
        ),
        400,
        json!({"type": "invalid_request_error"}),
    );
    // expand is accepted (and ignored) in both spellings.
    assert_eq!(
        get(
            &fake,
            "/v1/charges?expand[]=data.customer&expand%5B0%5D=data.invoice"
        )
        .status,
        200
    );
    assert_eq!(
        get(&fake, &format!("/v1/charges/{first}?expand[]=customer")).status,
        200
    );
    assert_error(
        &get(&fake, &format!("/v1/charges/{first}?limit=3")),
        400,
        json!({"message": "Received unknown parameter: limit"}),
    );
}

#[test]
fn retrieve_and_404() {
    let fake = server();
    let charge = &fake.charges()[17];
    let id = charge["id"].as_str().unwrap();
    let response = get(&fake, &format!("/v1/charges/{id}"));
    assert_eq!(response.status, 200);
    assert_eq!(&response.json(), charge);
    let customer = &fake.customers()[4];
    let response = get(
        &fake,
        &format!("/v1/customers/{}", customer["id"].as_str().unwrap()),
    );
    assert_eq!(&response.json(), customer);

    let missing = get(&fake, "/v1/charges/ch_missing");
    assert_eq!(missing.status, 404);
    assert_eq!(
        missing.json(),
        json!({"error": {"type": "invalid_request_error", "code": "resource_missing", "doc_url": "https://stripe.com/docs/error-codes/resource-missing", "message": "No such charge: 'ch_missing'", "param": "id"}})
    );
    assert_error(
        &get(&fake, "/v1/customers/cus_missing"),
        404,
        json!({"code": "resource_missing", "message": "No such customer: 'cus_missing'"}),
    );
    assert_error(
        &get(&fake, "/v1/no_such_things"),
        404,
        json!({"type": "invalid_request_error"}),
    );
    let account = get(&fake, "/v1/account");
    assert_eq!(account.status, 200);
    assert_eq!(account.json()["object"], "account");
}

#[test]
fn authentication() {
    let fake = server();
    let url = format!("{}/v1/charges?limit=1", fake.base_url());
    let none = http::get(&url, &[]);
    assert_error(&none, 401, json!({"type": "invalid_request_error"}));
    assert!(
        none.json()["error"]["message"]
            .as_str()
            .unwrap()
            .starts_with("You did not provide an API key")
    );

    let wrong = http::get_with_key(&url, "sk_test_wrongkeyxyz9");
    assert_eq!(wrong.status, 401);
    assert_eq!(
        wrong.json(),
        json!({"error": {"type": "invalid_request_error", "message": "Invalid API Key provided: sk_test_********xyz9"}})
    );
    assert!(!wrong.text().contains("wrongkey"), "the key must be masked");
    assert_eq!(mask_key("rk_live_abcdef1234"), "rk_live_******1234");

    // Basic auth with the key as user name and an empty password.
    let basic = http::get(&url, &[("Authorization", "Basic c2tfdGVzdF9hcGlvZGJjOg==")]);
    assert_eq!(basic.status, 200, "{}", basic.text());
    let basic_wrong = http::get(&url, &[("Authorization", "Basic d3Jvbmc6")]);
    assert_eq!(basic_wrong.status, 401);
    assert_eq!(http::get_with_key(&url, DEFAULT_API_KEY).status, 200);

    let custom = FakeStripe::start(FakeStripeConfig {
        api_key: "sk_test_other".into(),
        ..FakeStripeConfig::sized(1, 1)
    });
    let url = format!("{}/v1/charges", custom.base_url());
    assert_eq!(http::get_with_key(&url, DEFAULT_API_KEY).status, 401);
    assert_eq!(http::get_with_key(&url, "sk_test_other").status, 200);
    // Failed authentications are requests too.
    assert_eq!(custom.request_count(), 2);
    assert_eq!(
        custom
            .requests()
            .iter()
            .map(|r| r.status)
            .collect::<Vec<_>>(),
        [401, 200]
    );
}

#[test]
fn request_log_is_exact() {
    let fake = server();
    assert_eq!(fake.request_count(), 0);
    let url = format!(
        "{}/v1/charges?limit=5&created%5Bgte%5D=1704067200&customer=cus_a%2Bb&expand[]=data.customer",
        fake.base_url()
    );
    let response = http::get(
        &url,
        &[
            ("Authorization", "Bearer sk_test_apiodbc"),
            ("Stripe-Account", "acct_123"),
            ("Stripe-Version", "2024-06-20"),
            ("X-Other", "not logged"),
        ],
    );
    assert_eq!(response.status, 200);
    assert!(response.header("request-id").unwrap().starts_with("req_"));
    let requests = fake.requests();
    assert_eq!(requests.len(), 1);
    let r = &requests[0];
    assert_eq!(r.method, "GET");
    assert_eq!(r.path, "/v1/charges");
    assert_eq!(
        r.raw_query,
        "limit=5&created%5Bgte%5D=1704067200&customer=cus_a%2Bb&expand[]=data.customer"
    );
    assert_eq!(
        r.query,
        [
            ("limit", "5"),
            ("created[gte]", "1704067200"),
            ("customer", "cus_a+b"),
            ("expand[]", "data.customer")
        ]
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
    );
    assert_eq!(r.param("customer"), Some("cus_a+b"));
    assert!(r.has_param("created[gte]"));
    assert_eq!(r.stripe_account.as_deref(), Some("acct_123"));
    assert_eq!(r.header("Stripe-Version"), Some("2024-06-20"));
    assert_eq!(r.header("x-other"), None);
    assert_eq!(r.status, 200);

    for _ in 0..4 {
        get(&fake, "/v1/customers");
    }
    assert_eq!(fake.request_count(), 5);
    assert_eq!(fake.requests_to("/v1/customers").len(), 4);
    fake.reset_log();
    assert_eq!(fake.request_count(), 0);

    // Control endpoints are not recorded.
    let control = http::get(&format!("{}/_fake/charges", fake.base_url()), &[]);
    assert_eq!(control.json().as_array().unwrap().len(), 250);
    assert_eq!(
        http::get(&format!("{}/_fake/request_count", fake.base_url()), &[]).json(),
        json!(0)
    );
    assert_eq!(fake.request_count(), 0);
}

#[test]
fn concurrent_requests_are_all_counted() {
    let fake = server();
    let base = fake.base_url();
    std::thread::scope(|s| {
        for t in 0..8 {
            let base = &base;
            s.spawn(move || {
                for i in 0..10 {
                    let r = http::get_with_key(
                        &format!("{base}/v1/charges?limit={}", 1 + (t * 10 + i) % 100),
                        DEFAULT_API_KEY,
                    );
                    assert_eq!(r.status, 200);
                }
            });
        }
    });
    assert_eq!(fake.request_count(), 80);
}

#[test]
fn faults_and_latency() {
    let fake = server();
    fake.fail_next(2, 429);
    fake.fail_next(1, 500);
    fake.garbage_next(1);
    let r = get(&fake, "/v1/charges");
    assert_error(
        &r,
        429,
        json!({"type": "invalid_request_error", "code": "rate_limit"}),
    );
    assert_eq!(r.header("retry-after"), Some("0"));
    assert_eq!(get(&fake, "/v1/charges").status, 429);
    let r = get(&fake, "/v1/charges");
    assert_error(&r, 500, json!({"type": "api_error"}));
    let r = get(&fake, "/v1/charges");
    assert_eq!(r.status, 200);
    assert!(
        serde_json::from_slice::<Value>(&r.body).is_err(),
        "garbage must not parse"
    );
    assert_eq!(get(&fake, "/v1/charges").status, 200);
    assert_eq!(fake.request_count(), 5);
    assert_eq!(
        fake.requests().iter().map(|r| r.status).collect::<Vec<_>>(),
        [429, 429, 500, 200, 200]
    );

    fake.fail_next(3, 503);
    fake.clear_faults();
    assert_eq!(get(&fake, "/v1/charges").status, 200);

    fake.set_latency(Duration::from_millis(300));
    let start = Instant::now();
    assert_eq!(get(&fake, "/v1/customers?limit=1").status, 200);
    assert!(start.elapsed() >= Duration::from_millis(300));
    fake.set_latency(Duration::ZERO);
    let start = Instant::now();
    get(&fake, "/v1/customers?limit=1");
    assert!(start.elapsed() < Duration::from_millis(300));

    // The same through the control endpoints.
    let base = fake.base_url();
    http::request(
        "POST",
        &format!("{base}/_fake/fail?n=1&status=502"),
        &[],
        Some(b""),
    )
    .unwrap();
    assert_eq!(get(&fake, "/v1/charges").status, 502);
    http::request("POST", &format!("{base}/_fake/reset_log"), &[], Some(b"")).unwrap();
    assert_eq!(fake.request_count(), 0);
}

#[test]
fn dropping_stops_the_server() {
    let fake = FakeStripe::start(FakeStripeConfig::sized(1, 1));
    let addr = fake.addr();
    assert_eq!(get(&fake, "/v1/charges").status, 200);
    drop(fake);
    assert!(std::net::TcpStream::connect(addr).is_err());
}

#[test]
fn standalone_binary() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_fake-stripe"))
        .args(["--customers", "3", "--charges", "7", "--latency-ms", "1"])
        .stdout(Stdio::piped())
        .spawn()
        .expect("start fake-stripe");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let base = line.trim().to_owned();
    let result = std::panic::catch_unwind(|| {
        assert!(base.starts_with("http://127.0.0.1:"), "{base}");
        let r = http::get_with_key(&format!("{base}/v1/charges?limit=100"), DEFAULT_API_KEY);
        assert_eq!(r.json()["data"].as_array().unwrap().len(), 7);
        let r = http::get(&format!("{base}/_fake/customers"), &[]);
        assert_eq!(r.json().as_array().unwrap().len(), 3);
    });
    let _ = child.kill();
    let _ = child.wait();
    if let Err(panic) = result {
        std::panic::resume_unwind(panic);
    }
}

#[test]
fn children_are_listed_and_paged_under_their_parent() {
    let fake = FakeStripe::start(FakeStripeConfig {
        others: 20,
        ..FakeStripeConfig::sized(10, 20)
    });
    let invoice = fake.objects("invoices")[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let path = format!("/v1/invoices/{invoice}/lines");
    let (lines, pages) = walk(&fake, &path, "limit=100");
    assert_eq!(pages, 2);
    let want: Vec<Value> = fake
        .objects("invoice_line_items")
        .iter()
        .filter(|l| l["invoice"] == invoice.as_str())
        .cloned()
        .collect();
    assert_eq!(lines.len(), 105);
    assert_eq!(ids(&lines), ids(&want));

    // Children the API sends without their parent id keep it out of the answer.
    let session = fake.objects("checkout_sessions")[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (items, _) = walk(
        &fake,
        &format!("/v1/checkout/sessions/{session}/line_items"),
        "limit=100",
    );
    assert_eq!(items.len(), 105);
    assert!(items.iter().all(|i| i.get("_parent").is_none()));
    let response = get(&fake, &format!("/v1/checkout/sessions/{session}"));
    assert_eq!(response.json()["id"], session.as_str());

    let missing = get(&fake, "/v1/customers/cus_missing/tax_ids");
    assert_eq!(missing.status, 404);
    assert_eq!(missing.json()["error"]["code"], "resource_missing");
    assert_eq!(get(&fake, "/v1/subscription_items").status, 400);
    let subscription = fake.objects("subscriptions")[1]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (items, _) = walk(
        &fake,
        "/v1/subscription_items",
        &format!("subscription={subscription}"),
    );
    assert!(
        items
            .iter()
            .all(|i| i["subscription"] == subscription.as_str())
    );
    assert_eq!(
        items.len(),
        fake.objects("subscription_items")
            .iter()
            .filter(|i| i["subscription"] == subscription.as_str())
            .count()
    );
}

/// Unix seconds now, as the fake stamps its changes.
fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

/// The `data` of a list answer.
fn listed(fake: &FakeStripe, path_and_query: &str) -> Vec<Value> {
    let response = get(fake, path_and_query);
    assert_eq!(response.status, 200, "{}", response.text());
    response.json()["data"].as_array().unwrap().clone()
}

fn field<'a>(objects: &'a [Value], name: &str) -> Vec<&'a str> {
    objects.iter().map(|o| o[name].as_str().unwrap()).collect()
}

#[test]
fn changes_show_in_lists_and_events_as_an_incremental_refresh_reads_them() {
    let fake = server();
    let customers = fake.customers();
    let (payer, leaver) = (id_of(&customers[0]), id_of(&customers[1]));
    let t0 = unix_now();
    let created = fake.create_charge(Some(&payer), 1234, "eur");
    let charge = id_of(&created);
    let refunded = fake.refund_charge(&charge);
    fake.delete_customer(&leaver);

    let since = format!("created[gt]={}", t0 - 1);
    let new = listed(&fake, &format!("/v1/charges?{since}"));
    assert_eq!(field(&new, "id"), [charge.as_str()]);
    assert_eq!(new[0], refunded);
    assert_eq!(fake.charges()[0], refunded, "newest first");
    assert_eq!(fake.charges().len(), 251);
    for name in CHARGE_FIELDS {
        assert!(created.get(*name).is_some(), "a new charge has {name}");
    }
    assert_eq!(created["customer"], payer.as_str());
    assert_eq!(created["status"], "succeeded");
    assert_eq!(created["amount_captured"], 1234);
    assert_eq!(created["currency"], "eur");
    assert_eq!(refunded["refunded"], true);
    assert_eq!(refunded["amount_refunded"], 1234);

    let events = listed(&fake, &format!("/v1/events?{since}&type=charge.*"));
    assert_eq!(
        field(&events, "type"),
        ["charge.refunded", "charge.succeeded"]
    );
    assert_eq!(events[0]["data"]["object"], refunded);
    assert_eq!(events[1]["data"]["object"], created);
    for event in &events {
        assert!(event["created"].as_i64().unwrap() >= t0);
        assert_eq!(event["object"], "event");
        assert_eq!(event["livemode"], false);
        assert!(event["data"].get("previous_attributes").is_none());
        assert!(event["request"]["id"].as_str().unwrap().starts_with("req_"));
        let by_id = get(&fake, &format!("/v1/events/{}", id_of(event)));
        assert_eq!(&by_id.json(), event);
    }
    let deleted = listed(&fake, &format!("/v1/events?{since}&type=customer.*"));
    assert_eq!(field(&deleted, "type"), ["customer.deleted"]);
    assert_eq!(deleted[0]["data"]["object"], customers[1]);
    let everything = listed(&fake, &format!("/v1/events?{since}"));
    assert_eq!(
        field(&everything, "type"),
        [
            "customer.deleted",
            "refund.created",
            "charge.refunded",
            "charge.succeeded"
        ]
    );

    let (left, _) = walk(&fake, "/v1/customers", "limit=100");
    assert_eq!(left.len(), 24);
    assert!(left.iter().all(|c| c["id"] != leaver.as_str()));
    let stub = get(&fake, &format!("/v1/customers/{leaver}"));
    assert_eq!(stub.status, 200);
    assert_eq!(
        stub.json(),
        json!({"id": leaver, "object": "customer", "deleted": true})
    );

    let refunds = listed(&fake, &format!("/v1/refunds?charge={charge}"));
    assert_eq!(refunds.len(), 1);
    assert_eq!(refunds[0], everything[1]["data"]["object"]);
    assert_eq!(refunds[0]["amount"], 1234);
    assert_eq!(refunds[0]["status"], "succeeded");
    assert_eq!(refunded["refunds"]["data"][0], refunds[0]);
    assert_eq!(listed(&fake, "/v1/refunds?limit=1")[0], refunds[0]);
}

fn id_of(object: &Value) -> String {
    object["id"].as_str().unwrap().to_owned()
}

#[test]
fn updates_write_previous_attributes_under_stripes_event_names() {
    let fake = server();
    let customer = fake.customers()[2].clone();
    let id = id_of(&customer);
    let mut changes = serde_json::Map::new();
    changes.insert("email".into(), json!("new@example.com"));
    changes.insert("name".into(), customer["name"].clone());
    let updated = fake.update_object("customers", &id, changes);
    assert_eq!(updated["email"], "new@example.com");
    assert_eq!(fake.customer(&id).unwrap(), updated);
    let events = listed(&fake, "/v1/events?type=customer.updated");
    assert_eq!(events.len(), 1);
    assert_eq!(events[0]["data"]["object"], updated);
    assert_eq!(
        events[0]["data"]["previous_attributes"],
        json!({"email": customer["email"]}),
        "only what changed"
    );

    let subscription = id_of(&fake.objects("subscriptions")[0]);
    let mut changes = serde_json::Map::new();
    changes.insert("cancel_at_period_end".into(), json!(true));
    fake.update_object("subscriptions", &subscription, changes);
    let events = listed(&fake, "/v1/events?type=customer.subscription.*");
    assert_eq!(field(&events, "type"), ["customer.subscription.updated"]);
    assert_eq!(events[0]["data"]["object"]["id"], subscription.as_str());
}

#[test]
fn events_filter_by_type_types_and_created() {
    let fake = server();
    let events = fake.objects("events");
    let succeeded: Vec<&Value> = events
        .iter()
        .filter(|e| e["type"] == "charge.succeeded")
        .collect();
    let (got, _) = walk(&fake, "/v1/events", "limit=100&type=charge.*");
    assert!(got.len() > succeeded.len());
    assert!(
        got.iter()
            .all(|e| e["type"].as_str().unwrap().starts_with("charge."))
    );
    let (got, _) = walk(
        &fake,
        "/v1/events",
        "limit=100&types[]=charge.succeeded&types[]=customer.created",
    );
    let want: Vec<Value> = events
        .iter()
        .filter(|e| e["type"] == "charge.succeeded" || e["type"] == "customer.created")
        .cloned()
        .collect();
    assert_eq!(ids(&got), ids(&want));
    let at = events[3]["created"].as_i64().unwrap();
    assert_eq!(
        ids(&listed(&fake, &format!("/v1/events?created={at}"))),
        ids(&events[3..4])
    );

    assert_error(
        &get(&fake, "/v1/events?type=charge.*&types[]=charge.succeeded"),
        400,
        json!({"type": "invalid_request_error", "param": "types"}),
    );
    let many = (0..21)
        .map(|i| format!("types[]=charge.t{i}"))
        .collect::<Vec<_>>()
        .join("&");
    assert_error(
        &get(&fake, &format!("/v1/events?{many}")),
        400,
        json!({"param": "types"}),
    );
}

#[test]
fn a_batch_keeps_lists_newest_first() {
    let fake = server();
    let old = fake.charges();
    let made: Vec<String> = fake.change(|changes| {
        let made: Vec<String> = (0..30)
            .map(|i| id_of(&changes.create_charge(None, 100 + i, "usd").unwrap()))
            .collect();
        for id in made.iter().step_by(3).chain([&id_of(&old[5])]) {
            changes.refund_charge(id).unwrap();
        }
        made
    });
    let (all, _) = walk(&fake, "/v1/charges", "limit=100");
    assert_eq!(all.len(), 280);
    let newest: Vec<String> = made.iter().rev().cloned().collect();
    assert_eq!(ids(&all[..30]), newest, "newest first, in the order made");
    assert_eq!(ids(&all[30..]), ids(&old));
    assert!(
        all.windows(2)
            .all(|w| w[0]["created"].as_i64() >= w[1]["created"].as_i64())
    );
    let since = all[29]["created"].as_i64().unwrap() - 1;
    let (window, _) = walk(
        &fake,
        "/v1/charges",
        &format!("limit=7&created[gt]={since}"),
    );
    assert_eq!(ids(&window), newest);
    let refunds = listed(&fake, &format!("/v1/refunds?charge={}", id_of(&old[5])));
    assert_eq!(refunds.last().unwrap()["status"], "succeeded");
    assert_eq!(
        listed(&fake, "/v1/events?type=charge.refunded&limit=100").len(),
        11
    );
}

#[test]
fn control_endpoints_change_the_account() {
    let fake = server();
    let post = |path: &str| {
        let url = format!("{}/_fake/{path}", fake.base_url());
        http::request("POST", &url, &[], None).unwrap()
    };
    let customer = id_of(&fake.customers()[4]);
    let created = post(&format!(
        "charges/create?amount=700&currency=gbp&customer={customer}"
    ));
    assert_eq!(created.status, 200, "{}", created.text());
    let charge = created.json();
    assert_eq!(fake.charges()[0], charge);
    let refunded = post(&format!("charges/{}/refund", id_of(&charge))).json();
    assert_eq!(refunded["amount_refunded"], 700);
    let deleted = post(&format!("customers/{customer}/delete")).json();
    assert_eq!(deleted["deleted"], true);
    assert!(fake.customer(&customer).is_none());
    assert_eq!(post("charges/ch_nope/refund").status, 404);
    assert_eq!(post("customers/cus_nope/delete").status, 404);
    assert_eq!(
        post("charges/create?amount=700&currency=usd&customer=cus_nope").status,
        404
    );
    assert_eq!(post("charges/create?currency=usd").status, 400);
    assert_eq!(fake.request_count(), 0, "control requests are not logged");
}
