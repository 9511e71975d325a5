//! OAuth end to end: the fake OAuth token endpoint on its own, and the real
//! driver through unixODBC renewing tokens against it while querying the fake
//! Stripe server (`AuthScheme=OAuth`, `InitiateOAuth=OFF|REFRESH`).
//!
//! Needs `cargo build -p apiodbc` first (same target dir and profile).

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicUsize, Ordering};

use apiodbc_tests::http::request;
use apiodbc_tests::oauth::{CLIENT_ID, CLIENT_SECRET, ClientAuth};
use apiodbc_tests::odbc::{self, connect, diagnostic_message, expect_sqlstate, query_text};
use apiodbc_tests::{FakeOAuth, FakeStripe, FakeStripeConfig};
use odbc_api::Cursor;
use odbc_api::buffers::TextRowSet;

const BASIC: &str = "Basic Y2FfYXBpb2RiY190ZXN0OmNzX2FwaW9kYmNfdGVzdF9zZWNyZXQ="; // CLIENT_ID:CLIENT_SECRET

fn post_token(oauth: &FakeOAuth, headers: &[(&str, &str)], form: &str) -> serde_json::Value {
    let mut all = vec![("Content-Type", "application/x-www-form-urlencoded")];
    all.extend_from_slice(headers);
    let response = request("POST", &oauth.token_url(), &all, Some(form.as_bytes())).unwrap();
    let mut value = response.json();
    value["status"] = response.status.into();
    value
}

fn unique(name: &str) -> String {
    static N: AtomicUsize = AtomicUsize::new(0);
    format!(
        "{name}-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    )
}

#[test]
fn fake_token_endpoint_rotates_refresh_tokens_and_logs_requests() {
    let stripe = FakeStripe::start(FakeStripeConfig::sized(1, 1));
    let oauth = FakeOAuth::start(stripe.accepted_keys());
    oauth.add_refresh_token("rt_seed");
    oauth.set_expires_in(120);

    let first = post_token(
        &oauth,
        &[("Authorization", BASIC)],
        "grant_type=refresh_token&refresh_token=rt_seed",
    );
    assert_eq!(first["status"], 200, "{first}");
    assert_eq!(first["expires_in"], 120);
    assert_eq!(first["token_type"], "bearer");
    let access = first["access_token"].as_str().unwrap();
    let rotated = first["refresh_token"].as_str().unwrap();
    assert_ne!(rotated, "rt_seed");
    assert!(stripe.accepted_keys().lock().unwrap().contains(access));

    // The spent token is refused; the rotated one works with form client auth.
    let reuse = post_token(
        &oauth,
        &[("Authorization", BASIC)],
        "grant_type=refresh_token&refresh_token=rt_seed",
    );
    assert_eq!(
        (reuse["status"].as_u64(), reuse["error"].as_str()),
        (Some(400), Some("invalid_grant"))
    );
    let form = format!(
        "grant_type=refresh_token&refresh_token={rotated}&client_id={CLIENT_ID}&client_secret={CLIENT_SECRET}"
    );
    assert_eq!(post_token(&oauth, &[], &form)["status"], 200);

    // Authorization codes work once; a wrong client is refused.
    oauth.add_code("code_1");
    let code =
        "grant_type=authorization_code&code=code_1&redirect_uri=http%3A%2F%2Flocalhost%3A33333";
    assert_eq!(
        post_token(&oauth, &[("Authorization", BASIC)], code)["status"],
        200
    );
    assert_eq!(
        post_token(&oauth, &[("Authorization", BASIC)], code)["error"],
        "invalid_grant"
    );
    let wrong = post_token(
        &oauth,
        &[("Authorization", "Basic d3Jvbmc6c2VjcmV0")],
        "grant_type=refresh_token&refresh_token=x",
    );
    assert_eq!(wrong["error"], "invalid_client");

    oauth.revoke_access_tokens();
    assert!(!stripe.accepted_keys().lock().unwrap().contains(access));
    let log = oauth.requests();
    let auths: Vec<_> = log.iter().map(|r| r.client_auth).collect();
    assert_eq!(
        auths,
        [
            ClientAuth::Basic,
            ClientAuth::Basic,
            ClientAuth::Form,
            ClientAuth::Basic,
            ClientAuth::Basic,
            ClientAuth::Basic
        ]
    );
    let statuses: Vec<_> = log.iter().map(|r| r.status).collect();
    assert_eq!(statuses, [200, 400, 200, 200, 400, 401]);
    assert_eq!(oauth.refresh_count(), 2);
}

fn refresh_connection_string(stripe: &FakeStripe, oauth: &FakeOAuth, location: &str) -> String {
    format!(
        "Driver={{{}}};Provider=stripe;BaseURL={};AuthScheme=OAuth;InitiateOAuth=REFRESH;\
         OAuthRefreshToken=rt_seed;OAuthClientId={CLIENT_ID};OAuthClientSecret={CLIENT_SECRET};\
         OAuthAccessTokenURL={};OAuthSettingsLocation={location}",
        odbc::driver_path().display(),
        stripe.base_url(),
        oauth.token_url()
    )
}

fn charge_ids(stripe: &FakeStripe) -> Vec<String> {
    stripe
        .charges()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn refresh_mode_renews_once_per_expiry_even_mid_scan() {
    let stripe = FakeStripe::start(FakeStripeConfig::sized(5, 1000));
    let oauth = FakeOAuth::start(stripe.accepted_keys());
    oauth.add_refresh_token("rt_seed");
    let location = format!("memory://{}", unique("e2e"));
    let conn = connect(&refresh_connection_string(&stripe, &oauth, &location))
        .unwrap_or_else(|e| panic!("connect: {e}"));
    assert_eq!(oauth.refresh_count(), 1);

    let all = query_text(&conn, "SELECT id FROM charges").unwrap();
    let expected = charge_ids(&stripe);
    assert_eq!(
        all.column("id"),
        expected
            .iter()
            .map(|s| Some(s.as_str()))
            .collect::<Vec<_>>()
    );
    assert_eq!(oauth.refresh_count(), 1);

    // The token expires after the first page of a ten-page scan.
    let mut cursor = conn
        .execute("SELECT id FROM charges", (), None)
        .unwrap()
        .unwrap();
    let buffer = TextRowSet::for_cursor(1, &mut cursor, Some(256)).unwrap();
    let mut block = cursor.bind_buffer(buffer).unwrap();
    let mut ids = Vec::new();
    let mut revoked = false;
    while let Some(batch) = block.fetch().unwrap() {
        ids.push(String::from_utf8(batch.at(0, 0).unwrap().to_vec()).unwrap());
        if !revoked {
            oauth.revoke_access_tokens();
            revoked = true;
        }
    }
    drop(block);
    assert_eq!(ids, expected);
    assert_eq!(ids.iter().collect::<BTreeSet<_>>().len(), 1000);
    assert_eq!(oauth.refresh_count(), 2, "{:?}", oauth.requests());
    let statuses: Vec<_> = oauth.requests().iter().map(|r| r.status).collect();
    assert_eq!(statuses, [200, 200]);
    let refused = stripe.requests().iter().filter(|r| r.status == 401).count();
    assert_eq!(refused, 1);
}

#[test]
fn a_second_connection_uses_the_stored_rotated_token() {
    let stripe = FakeStripe::start(FakeStripeConfig::sized(3, 3));
    let oauth = FakeOAuth::start(stripe.accepted_keys());
    oauth.add_refresh_token("rt_seed");
    let dir = std::env::temp_dir().join(unique("apiodbc-oauth"));
    let file = dir.join("stripe.json");
    let connection_string = refresh_connection_string(&stripe, &oauth, &file.display().to_string());
    {
        let conn = connect(&connection_string).unwrap();
        assert_eq!(
            query_text(&conn, "SELECT id FROM customers").unwrap().len(),
            3
        );
    }
    // rt_seed is spent now, but the store holds its successor and a live token.
    let conn = connect(&connection_string).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        query_text(&conn, "SELECT id FROM customers").unwrap().len(),
        3
    );
    assert_eq!(oauth.refresh_count(), 1);
    // Expired: the stored (rotated) refresh token renews it.
    oauth.revoke_access_tokens();
    assert_eq!(
        query_text(&conn, "SELECT id FROM customers").unwrap().len(),
        3
    );
    assert_eq!(oauth.refresh_count(), 2);
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.contains("rt_2"), "the rotated refresh token is stored");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_revoked_refresh_token_fails_with_28000_without_secrets() {
    let stripe = FakeStripe::start(FakeStripeConfig::sized(1, 1));
    let oauth = FakeOAuth::start(stripe.accepted_keys());
    // rt_seed was never issued.
    let location = format!("memory://{}", unique("revoked"));
    let result = connect(&refresh_connection_string(&stripe, &oauth, &location));
    let message = expect_sqlstate(result, "28000");
    assert!(message.contains("revoked or already used"), "{message}");
    assert!(!message.contains("rt_seed"), "{message}");
    assert!(!message.contains(CLIENT_SECRET), "{message}");
}

#[test]
fn off_mode_uses_the_given_token_and_reports_its_expiry() {
    let stripe = FakeStripe::start(FakeStripeConfig::sized(2, 2));
    stripe
        .accepted_keys()
        .lock()
        .unwrap()
        .insert("at_given_secret".into());
    let connection_string = format!(
        "Driver={{{}}};Provider=stripe;BaseURL={};AuthScheme=OAuth;InitiateOAuth=OFF;OAuthAccessToken=at_given_secret",
        odbc::driver_path().display(),
        stripe.base_url()
    );
    let conn = connect(&connection_string).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        query_text(&conn, "SELECT id FROM customers").unwrap().len(),
        2
    );
    assert!(
        stripe
            .requests()
            .iter()
            .all(|r| r.header("authorization") == Some("Bearer at_given_secret"))
    );
    stripe.accepted_keys().lock().unwrap().clear();
    let err = query_text(&conn, "SELECT id FROM customers").unwrap_err();
    let message = diagnostic_message(&err);
    assert_eq!(odbc::sqlstate(&err).as_deref(), Some("28000"), "{message}");
    assert!(
        message.contains("the OAuth access token expired or was revoked"),
        "{message}"
    );
    assert!(!message.contains("at_given_secret"), "{message}");
}

#[test]
fn getandrefresh_is_not_available_yet() {
    let stripe = FakeStripe::start(FakeStripeConfig::sized(1, 1));
    let connection_string = format!(
        "Driver={{{}}};Provider=stripe;BaseURL={};AuthScheme=OAuth;InitiateOAuth=GETANDREFRESH;OAuthClientId=x",
        odbc::driver_path().display(),
        stripe.base_url()
    );
    let Err(err) = connect(&connection_string) else {
        panic!("connect must fail");
    };
    assert!(
        diagnostic_message(&err).contains("not available yet"),
        "{}",
        diagnostic_message(&err)
    );
    assert_eq!(stripe.request_count(), 0);
}
