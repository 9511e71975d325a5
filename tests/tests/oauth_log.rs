//! Secrets stay out of a `Verbosity=5` log while OAuth tokens are renewed.
//! A test binary of its own: the driver's logger is process-wide.
//!
//! Needs `cargo build -p apiodbc` first (same target dir and profile).

use apiodbc_tests::oauth::{CLIENT_ID, CLIENT_SECRET};
use apiodbc_tests::odbc::{self, connect, query_text};
use apiodbc_tests::{FakeOAuth, FakeStripe, FakeStripeConfig};

#[test]
fn a_verbose_log_of_token_renewals_holds_no_secret() {
    let stripe = FakeStripe::start(FakeStripeConfig::sized(3, 120));
    let oauth = FakeOAuth::start(stripe.accepted_keys());
    oauth.add_refresh_token("rt_seed");
    let dir = std::env::temp_dir().join(format!("apiodbc-oauth-log-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let log = dir.join("driver.log");
    let connection_string = format!(
        "Driver={{{}}};Provider=stripe;BaseURL={};AuthScheme=OAuth;InitiateOAuth=REFRESH;\
         OAuthRefreshToken=rt_seed;OAuthClientId={CLIENT_ID};OAuthClientSecret={CLIENT_SECRET};\
         OAuthAccessTokenURL={};OAuthSettingsLocation={};LogFile={};Verbosity=5",
        odbc::driver_path().display(),
        stripe.base_url(),
        oauth.token_url(),
        dir.join("tokens.json").display(),
        log.display()
    );
    {
        let conn = connect(&connection_string).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            query_text(&conn, "SELECT id FROM charges").unwrap().len(),
            120
        );
        oauth.revoke_access_tokens();
        assert_eq!(
            query_text(&conn, "SELECT id FROM charges").unwrap().len(),
            120
        );
    }
    assert_eq!(oauth.refresh_count(), 2);
    let text = std::fs::read_to_string(&log).unwrap();
    assert!(text.contains("obtained a new OAuth access token"), "{text}");
    // The OAuth procedures on a connection without tokens: a verifier
    // exchanged, then a refresh token given as an argument.
    oauth.add_code("code_secret_verifier");
    let procedures = format!(
        "Driver={{{}}};Provider=stripe;BaseURL={};AuthScheme=OAuth;InitiateOAuth=OFF;\
         OAuthClientId={CLIENT_ID};OAuthClientSecret={CLIENT_SECRET};OAuthAccessTokenURL={};\
         OAuthSettingsLocation=memory://log;LogFile={};Verbosity=5",
        odbc::driver_path().display(),
        stripe.base_url(),
        oauth.token_url(),
        log.display()
    );
    {
        let conn = connect(&procedures).unwrap_or_else(|e| panic!("{e}"));
        let got = query_text(
            &conn,
            "EXEC GetOAuthAccessToken @AuthMode='WEB', @Verifier='code_secret_verifier'",
        )
        .unwrap();
        assert_eq!(got.column("OAuthAccessToken"), [Some("at_3")]);
        let renewed = query_text(&conn, "CALL RefreshOAuthAccessToken('rt_3')").unwrap();
        assert_eq!(renewed.column("OAuthAccessToken"), [Some("at_4")]);
        // A failing call with a secret argument: the diagnostic is logged, the secret is not.
        assert!(query_text(&conn, "CALL RefreshOAuthAccessToken('rt_3')").is_err());
    }
    let text = std::fs::read_to_string(&log).unwrap();
    // Issued: at_1/rt_1 at connect, at_2/rt_2 after the revocation, 3 and 4 by the procedures.
    for secret in [
        "rt_seed",
        "rt_1",
        "rt_2",
        "at_1",
        "at_2",
        "at_3",
        "rt_3",
        "at_4",
        "rt_4",
        "code_secret_verifier",
        CLIENT_SECRET,
    ] {
        assert!(!text.contains(secret), "{secret} in the log:\n{text}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
