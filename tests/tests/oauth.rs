//! OAuth end to end: the fake OAuth token endpoint on its own, and the real
//! driver through unixODBC renewing tokens against it while querying the fake
//! Stripe server (`AuthScheme=OAuth`, `InitiateOAuth=OFF|REFRESH`).
//!
//! Needs `cargo build -p apiodbc` first (same target dir and profile).

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicUsize, Ordering};

use apiodbc_tests::http::request;
use apiodbc_tests::oauth::{CLIENT_ID, CLIENT_SECRET, ClientAuth, click_without_callback};
use apiodbc_tests::odbc::{self, connect, diagnostic_message, expect_sqlstate, query_text};
use apiodbc_tests::{FakeOAuth, FakeStripe, FakeStripeConfig};
use odbc_api::buffers::TextRowSet;
use odbc_api::{Cursor, IntoParameter};

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

/// A connection for the OAuth procedures: no token yet, so it opens without
/// a request.
fn procedures_connection_string(stripe: &FakeStripe, oauth: &FakeOAuth, location: &str) -> String {
    format!(
        "Driver={{{}}};Provider=stripe;BaseURL={};AuthScheme=OAuth;InitiateOAuth=OFF;\
         OAuthClientId={CLIENT_ID};OAuthClientSecret={CLIENT_SECRET};OAuthAuthorizationURL={};\
         OAuthAccessTokenURL={};OAuthSettingsLocation={location};CallbackURL=http://localhost:40111/cb",
        odbc::driver_path().display(),
        stripe.base_url(),
        oauth.authorize_url(),
        oauth.token_url()
    )
}

#[test]
fn off_mode_without_a_token_opens_for_the_procedures_and_queries_say_how_to_get_one() {
    let stripe = FakeStripe::start(FakeStripeConfig::sized(1, 1));
    let oauth = FakeOAuth::start(stripe.accepted_keys());
    let location = format!("memory://{}", unique("none"));
    let conn = connect(&procedures_connection_string(&stripe, &oauth, &location))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(stripe.request_count(), 0);
    let err = query_text(&conn, "SELECT id FROM customers").unwrap_err();
    let message = diagnostic_message(&err);
    assert_eq!(odbc::sqlstate(&err).as_deref(), Some("28000"), "{message}");
    assert!(message.contains("GetOAuthAccessToken"), "{message}");
    assert_eq!(stripe.request_count(), 0);
}

/// The headless set-up of the README: the authorization URL on one machine,
/// a browser anywhere, the verifier exchanged on the other, then REFRESH.
#[test]
fn headless_setup_with_the_oauth_procedures_then_refresh_mode() {
    let stripe = FakeStripe::start(FakeStripeConfig::sized(2, 2));
    let oauth = FakeOAuth::start(stripe.accepted_keys());
    let dir = std::env::temp_dir().join(unique("apiodbc-headless"));
    let file = dir.join("stripe.json");
    let location = file.display().to_string();
    let conn = connect(&procedures_connection_string(&stripe, &oauth, &location))
        .unwrap_or_else(|e| panic!("{e}"));

    // Machine A: the URL, in each spelling of a call.
    let mut urls = Vec::new();
    for sql in [
        "{call GetOAuthAuthorizationURL('http://localhost:40111/cb', 'read_only', 'st_1')}",
        "CALL GetOAuthAuthorizationURL('http://localhost:40111/cb', 'read_only', 'st_1')",
        "EXEC GetOAuthAuthorizationURL @State='st_1', @Scope='read_only', @CallbackURL='http://localhost:40111/cb'",
    ] {
        let result = query_text(&conn, sql).unwrap_or_else(|e| panic!("{sql}: {e}"));
        assert_eq!(result.column("State"), [Some("st_1")], "{sql}");
        urls.push(result.column("URL")[0].unwrap().to_owned());
    }
    assert!(urls.iter().all(|u| *u == urls[0]), "{urls:?}");
    let url = &urls[0];
    assert!(url.starts_with(&oauth.authorize_url()), "{url}");
    for part in [
        "response_type=code",
        "client_id=ca_apiodbc_test",
        "state=st_1",
        "scope=read_only",
        "redirect_uri=http%3A%2F%2Flocalhost%3A40111%2Fcb",
    ] {
        assert!(url.contains(part), "{part} missing from {url}");
    }
    // The ODBC parameter form, with the default State (random).
    let mut prepared = conn
        .prepare("{call GetOAuthAuthorizationURL(?, ?)}")
        .unwrap();
    let mut cursor = prepared
        .execute((
            &"http://localhost:40111/cb".into_parameter(),
            &"read_only".into_parameter(),
        ))
        .unwrap()
        .unwrap();
    let mut row = cursor.next_row().unwrap().unwrap();
    let mut random_state = Vec::new();
    assert!(row.get_text(2, &mut random_state).unwrap());
    assert!(random_state.len() >= 16, "{random_state:?}");
    drop(cursor);
    drop(prepared);

    // The browser: the user approves, the page redirects with code and state.
    let (code, state) = click_without_callback(url);
    assert_eq!(state, "st_1");

    // Machine B: exchange the verifier; the tokens are returned and stored.
    let result = query_text(
        &conn,
        &format!(
            "EXEC GetOAuthAccessToken @AuthMode='WEB', @Verifier='{code}', @CallbackURL='http://localhost:40111/cb'"
        ),
    )
    .unwrap();
    assert_eq!(result.column("OAuthAccessToken"), [Some("at_2")]);
    assert_eq!(result.column("OAuthRefreshToken"), [Some("rt_2")]);
    assert_eq!(result.column("ExpiresIn").len(), 1);
    let requests = oauth.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(
        (
            requests[0].grant_type.as_str(),
            requests[0].status,
            requests[0].code_verifier
        ),
        ("authorization_code", 200, false)
    );
    assert_eq!(requests[0].client_auth, ClientAuth::Form);
    // A code works once.
    let err = query_text(
        &conn,
        &format!("CALL GetOAuthAccessToken('WEB', '{code}', 'http://localhost:40111/cb')"),
    )
    .unwrap_err();
    let message = diagnostic_message(&err);
    assert_eq!(odbc::sqlstate(&err).as_deref(), Some("28000"), "{message}");
    assert!(!message.contains(&code), "{message}");
    drop(conn);

    // Then REFRESH mode: the stored tokens, no request to the token endpoint.
    let refresh = format!(
        "Driver={{{}}};Provider=stripe;BaseURL={};AuthScheme=OAuth;InitiateOAuth=REFRESH;\
         OAuthClientId={CLIENT_ID};OAuthClientSecret={CLIENT_SECRET};OAuthAccessTokenURL={};\
         OAuthSettingsLocation={location}",
        odbc::driver_path().display(),
        stripe.base_url(),
        oauth.token_url()
    );
    let conn = connect(&refresh).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        query_text(&conn, "SELECT id FROM customers").unwrap().len(),
        2
    );
    assert_eq!(oauth.requests().len(), 2);

    // RefreshOAuthAccessToken: the stored refresh token by default, rotated.
    let renewed = query_text(&conn, "{call RefreshOAuthAccessToken()}").unwrap();
    assert_eq!(renewed.column("OAuthAccessToken"), [Some("at_3")]);
    assert_eq!(renewed.column("OAuthRefreshToken"), [Some("rt_3")]);
    assert_eq!(oauth.refresh_count(), 1);
    let given = query_text(
        &conn,
        "EXEC RefreshOAuthAccessToken @OAuthRefreshToken='rt_3'",
    )
    .unwrap();
    assert_eq!(given.column("OAuthRefreshToken"), [Some("rt_4")]);
    assert!(std::fs::read_to_string(&file).unwrap().contains("rt_4"));
    // The spent one is refused without being echoed.
    let err = query_text(
        &conn,
        "EXEC RefreshOAuthAccessToken @OAuthRefreshToken='rt_3'",
    )
    .unwrap_err();
    let message = diagnostic_message(&err);
    assert_eq!(odbc::sqlstate(&err).as_deref(), Some("28000"), "{message}");
    assert!(!message.contains("rt_3"), "{message}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_procedures_are_listed_in_the_system_tables() {
    let stripe = FakeStripe::start(FakeStripeConfig::sized(1, 1));
    let oauth = FakeOAuth::start(stripe.accepted_keys());
    let location = format!("memory://{}", unique("sys"));
    let conn = connect(&procedures_connection_string(&stripe, &oauth, &location)).unwrap();
    let procedures = query_text(
        &conn,
        "SELECT procedure_name FROM sys_procedures ORDER BY procedure_name",
    )
    .unwrap();
    let names = procedures.column("procedure_name");
    for name in [
        "GetOAuthAccessToken",
        "GetOAuthAuthorizationURL",
        "RefreshOAuthAccessToken",
    ] {
        assert!(names.contains(&Some(name)), "{name} missing from {names:?}");
    }
    let parameters = query_text(
        &conn,
        "SELECT parameter_name FROM sys_procedureparameters \
         WHERE procedure_name = 'GetOAuthAccessToken' ORDER BY ordinal_position",
    )
    .unwrap();
    assert_eq!(
        parameters.column("parameter_name"),
        [Some("AuthMode"), Some("Verifier"), Some("CallbackURL")]
    );
}

#[test]
fn oauth_verifier_in_refresh_mode_is_exchanged_once_and_stored() {
    let stripe = FakeStripe::start(FakeStripeConfig::sized(1, 1));
    let oauth = FakeOAuth::start(stripe.accepted_keys());
    oauth.add_code("code_from_elsewhere");
    let location = format!("memory://{}", unique("verifier"));
    let connection_string = format!(
        "Driver={{{}}};Provider=stripe;BaseURL={};AuthScheme=OAuth;InitiateOAuth=REFRESH;\
         OAuthClientId={CLIENT_ID};OAuthClientSecret={CLIENT_SECRET};OAuthAccessTokenURL={};\
         OAuthSettingsLocation={location};OAuthVerifier=code_from_elsewhere",
        odbc::driver_path().display(),
        stripe.base_url(),
        oauth.token_url()
    );
    for _ in 0..2 {
        let conn = connect(&connection_string).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            query_text(&conn, "SELECT id FROM customers").unwrap().len(),
            1
        );
    }
    assert_eq!(oauth.code_count(), 1);
    assert_eq!(oauth.requests().len(), 1);
}

#[test]
fn no_keychain_is_a_clear_error_not_a_crash() {
    let stripe = FakeStripe::start(FakeStripeConfig::sized(1, 1));
    let oauth = FakeOAuth::start(stripe.accepted_keys());
    oauth.add_refresh_token("rt_seed");
    let location = format!("keyring://apiodbc-test/{}", unique("account"));
    match connect(&refresh_connection_string(&stripe, &oauth, &location)) {
        // A machine with a keychain stores the tokens there.
        Ok(conn) => {
            assert_eq!(
                query_text(&conn, "SELECT id FROM customers").unwrap().len(),
                1
            );
        }
        Err(err) => {
            let message = diagnostic_message(&err);
            assert_eq!(odbc::sqlstate(&err).as_deref(), Some("HY000"), "{message}");
            assert!(message.contains("no OS keychain"), "{message}");
            assert!(message.contains(&location), "{message}");
            for secret in ["rt_seed", "at_1", "rt_1", CLIENT_SECRET] {
                assert!(!message.contains(secret), "{message}");
            }
        }
    }
}

/// The completed connection string (`SQLDriverConnect`'s output) and
/// `sys_connection_props` show that secrets were given, never their values.
#[test]
fn secrets_are_masked_in_the_completed_connection_string_and_connection_props() {
    let stripe = FakeStripe::start(FakeStripeConfig::sized(1, 1));
    let oauth = FakeOAuth::start(stripe.accepted_keys());
    let location = format!("memory://{}", unique("echo"));
    let connection_string = format!(
        "{};OAuthRefreshToken=rt_echo_secret;OAuthVerifier=code_echo_secret;PWD=pwd_echo_secret;LiveAPIKey=sk_echo_secret",
        procedures_connection_string(&stripe, &oauth, &location)
    );
    let mut completed = odbc_api::handles::OutputStringBuffer::with_buffer_size(4096);
    let conn = odbc::environment()
        .driver_connect(
            &connection_string,
            &mut completed,
            odbc_api::DriverCompleteOption::NoPrompt,
        )
        .unwrap_or_else(|e| panic!("{e}"));
    let completed = completed.to_utf8();
    assert!(
        completed.contains("OAuthClientId=ca_apiodbc_test"),
        "{completed}"
    );
    assert!(
        completed.contains("OAuthClientSecret=********"),
        "{completed}"
    );
    let props = query_text(&conn, "SELECT * FROM sys_connection_props").unwrap();
    let shown = format!("{completed} {:?}", props.rows);
    for secret in [
        CLIENT_SECRET,
        "rt_echo_secret",
        "code_echo_secret",
        "pwd_echo_secret",
        "sk_echo_secret",
    ] {
        assert!(!shown.contains(secret), "{secret} in {shown}");
    }
    assert!(shown.contains("********"));
}

#[link(name = "odbc")]
unsafe extern "system" {
    /// The driver manager's export, which forwards to the driver's.
    fn SQLNativeSql(
        dbc: odbc_api::sys::HDbc,
        in_text: *const u8,
        in_len: i32,
        out_text: *mut u8,
        out_max: i32,
        out_len: *mut i32,
    ) -> i16;
}

/// `SQLNativeSql` through unixODBC shows a procedure call with its secret
/// arguments masked and everything else as the engine sees it.
#[test]
fn native_sql_masks_secret_procedure_arguments() {
    let stripe = FakeStripe::start(FakeStripeConfig::sized(1, 1));
    let oauth = FakeOAuth::start(stripe.accepted_keys());
    let location = format!("memory://{}", unique("native"));
    let conn = connect(&procedures_connection_string(&stripe, &oauth, &location)).unwrap();
    let mut handle = conn.into_handle();
    let native = |sql: &str| {
        let mut out = vec![0u8; 512];
        let mut len = 0i32;
        // SAFETY: an open connection handle, buffers valid for the lengths given.
        let ret = unsafe {
            SQLNativeSql(
                handle.as_sys(),
                sql.as_ptr(),
                sql.len() as i32,
                out.as_mut_ptr(),
                out.len() as i32,
                &mut len,
            )
        };
        assert_eq!(ret, 0, "{sql}");
        String::from_utf8(out[..len as usize].to_vec()).unwrap()
    };
    assert_eq!(
        native("{call RefreshOAuthAccessToken('rt_native_secret')}"),
        "CALL RefreshOAuthAccessToken('********')"
    );
    assert_eq!(
        native("EXEC GetOAuthAccessToken @AuthMode='WEB', @Verifier='code_native_secret'"),
        "EXEC GetOAuthAccessToken @AuthMode='WEB', @Verifier='********'"
    );
    assert_eq!(
        native("SELECT {fn UCASE('rt_not_an_argument')}"),
        "SELECT upper('rt_not_an_argument')"
    );
    assert!(handle.disconnect().into_result(&handle).is_ok());
}
