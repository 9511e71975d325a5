//! `InitiateOAuth=GETANDREFRESH` end to end: the real driver through unixODBC
//! opens "the browser" (`$BROWSER` = `tests/browser/click.sh`, which fetches
//! the fake authorization page and follows its redirect to the driver's
//! callback server), exchanges the code with PKCE, stores the tokens and
//! queries the fake Stripe server with them.
//!
//! A test binary of its own: `$BROWSER` is process-wide.
//! Needs `cargo build -p apiodbc` first (same target dir and profile).

use std::sync::Once;
use std::sync::atomic::{AtomicUsize, Ordering};

use apiodbc_tests::oauth::{
    Authorize, CLIENT_ID, CLIENT_SECRET, browser_script, free_callback_url,
};
use apiodbc_tests::odbc::{self, connect, expect_sqlstate, query_text};
use apiodbc_tests::{FakeOAuth, FakeStripe, FakeStripeConfig};

/// Points `$BROWSER` at the stand-in before any test of this binary starts
/// a thread of its own (every test calls this first; the others wait).
fn use_stand_in_browser() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let script = browser_script();
        assert!(script.exists(), "{}", script.display());
        // SAFETY: every test of this binary calls this before it starts
        // threads or reads the environment, and `Once` makes the others wait.
        unsafe { std::env::set_var("BROWSER", script) };
    });
}

fn unique_dir(name: &str) -> std::path::PathBuf {
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "apiodbc-{name}-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

struct Setup {
    stripe: FakeStripe,
    oauth: FakeOAuth,
    dir: std::path::PathBuf,
    callback: String,
}

impl Setup {
    fn new(name: &str) -> Setup {
        use_stand_in_browser();
        let stripe = FakeStripe::start(FakeStripeConfig::sized(3, 5));
        let oauth = FakeOAuth::start(stripe.accepted_keys());
        Setup {
            stripe,
            oauth,
            dir: unique_dir(name),
            callback: free_callback_url(),
        }
    }

    fn store(&self) -> std::path::PathBuf {
        self.dir.join("stripe.json")
    }

    fn connection_string(&self, timeout: u32) -> String {
        format!(
            "Driver={{{}}};Provider=stripe;BaseURL={};AuthScheme=OAuth;InitiateOAuth=GETANDREFRESH;\
             OAuthClientId={CLIENT_ID};OAuthClientSecret={CLIENT_SECRET};\
             OAuthAuthorizationURL={};OAuthAccessTokenURL={};OAuthSettingsLocation={};\
             CallbackURL={};Scope=read_write;Timeout={timeout}",
            odbc::driver_path().display(),
            self.stripe.base_url(),
            self.oauth.authorize_url(),
            self.oauth.token_url(),
            self.store().display(),
            self.callback,
        )
    }

    /// Whether something still listens on the callback port.
    fn callback_listens(&self) -> bool {
        let port = self.callback.rsplit(':').next().unwrap();
        std::net::TcpStream::connect(format!("127.0.0.1:{port}")).is_ok()
    }
}

impl Drop for Setup {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

#[test]
fn signs_in_with_the_browser_once_then_uses_and_renews_the_stored_tokens() {
    let setup = Setup::new("browser");
    let connection_string = setup.connection_string(30);
    {
        let conn = connect(&connection_string).unwrap_or_else(|e| panic!("connect: {e}"));
        assert_eq!(
            query_text(&conn, "SELECT id FROM customers").unwrap().len(),
            3
        );
    }
    // One visit to the authorization page, with state and a PKCE S256 challenge.
    let visits = setup.oauth.authorize_requests();
    assert_eq!(visits.len(), 1, "{visits:?}");
    let visit = &visits[0];
    assert_eq!(visit.param("client_id"), Some(CLIENT_ID));
    assert_eq!(visit.param("redirect_uri"), Some(setup.callback.as_str()));
    assert_eq!(visit.param("scope"), Some("read_write"));
    assert_eq!(visit.param("code_challenge_method"), Some("S256"));
    assert!(visit.param("state").is_some_and(|s| s.len() >= 16));
    // One code exchange, PKCE-verified by the fake, client secret in the form (Stripe).
    let requests = setup.oauth.requests();
    assert_eq!(requests.len(), 1, "{requests:?}");
    assert_eq!(requests[0].grant_type, "authorization_code");
    assert_eq!(requests[0].status, 200);
    assert!(requests[0].code_verifier);
    assert_eq!(
        requests[0].client_auth,
        apiodbc_tests::oauth::ClientAuth::Form
    );
    assert_eq!(
        requests[0].redirect_uri.as_deref(),
        Some(setup.callback.as_str())
    );
    // The callback server is gone; the tokens are stored privately.
    assert!(!setup.callback_listens());
    let text = std::fs::read_to_string(setup.store()).unwrap();
    assert!(text.contains("at_2") && text.contains("rt_2"), "{text}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(setup.store())
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    // A second connection uses the stored token: no browser, no token request.
    let conn = connect(&connection_string).unwrap_or_else(|e| panic!("reconnect: {e}"));
    assert_eq!(setup.oauth.authorize_requests().len(), 1);
    assert_eq!(setup.oauth.requests().len(), 1);
    // Expired (401): renewed with the stored refresh token, not a new sign-in.
    setup.oauth.revoke_access_tokens();
    assert_eq!(
        query_text(&conn, "SELECT id FROM customers").unwrap().len(),
        3
    );
    assert_eq!(setup.oauth.refresh_count(), 1);
    assert_eq!(setup.oauth.authorize_requests().len(), 1);
    assert_eq!(
        setup
            .stripe
            .requests()
            .iter()
            .filter(|r| r.status == 401)
            .count(),
        1
    );
}

#[test]
fn a_forged_state_is_refused_and_the_timeout_diagnostic_shows_the_url() {
    let setup = Setup::new("forged");
    setup.oauth.set_authorize(Authorize::WrongState);
    let message = expect_sqlstate(connect(&setup.connection_string(2)), "28000");
    assert!(message.contains("within 2s"), "{message}");
    assert!(
        message.contains("1 answer(s) with a wrong state were refused"),
        "{message}"
    );
    assert!(message.contains(&setup.oauth.authorize_url()), "{message}");
    // The forged answer's code was never exchanged, nothing is stored, and
    // the callback server stopped listening.
    assert_eq!(setup.oauth.authorize_requests().len(), 1);
    assert!(setup.oauth.requests().is_empty());
    assert!(!setup.store().exists());
    assert!(!setup.callback_listens());
    assert_eq!(setup.stripe.request_count(), 0);
    assert!(!message.contains(CLIENT_SECRET), "{message}");
}

#[test]
fn nobody_signing_in_gives_up_after_timeout_with_the_url_to_open() {
    let setup = Setup::new("ignored");
    setup.oauth.set_authorize(Authorize::Ignore);
    let message = expect_sqlstate(connect(&setup.connection_string(1)), "28000");
    assert!(
        message.contains("no Stripe sign-in completed within 1s"),
        "{message}"
    );
    let url_start = message.find("http://").expect("a URL in the message");
    let url = &message[url_start..];
    assert!(url.starts_with(&setup.oauth.authorize_url()), "{message}");
    for part in [
        "response_type=code",
        "client_id=",
        "state=",
        "code_challenge=",
    ] {
        assert!(url.contains(part), "{part} missing from {url}");
    }
    assert!(setup.oauth.requests().is_empty());
}

#[test]
fn a_refused_sign_in_is_an_authorization_error() {
    let setup = Setup::new("denied");
    setup.oauth.set_authorize(Authorize::Deny);
    let message = expect_sqlstate(connect(&setup.connection_string(30)), "28000");
    assert!(
        message.contains("refused at the authorization page"),
        "{message}"
    );
    assert!(message.contains("access_denied"), "{message}");
    assert!(setup.oauth.requests().is_empty());
}

#[test]
fn get_oauth_access_token_in_app_mode_signs_in_with_the_browser_and_stores_the_tokens() {
    let setup = Setup::new("app");
    let connection_string = format!(
        "Driver={{{}}};Provider=stripe;BaseURL={};AuthScheme=OAuth;InitiateOAuth=OFF;\
         OAuthClientId={CLIENT_ID};OAuthClientSecret={CLIENT_SECRET};\
         OAuthAuthorizationURL={};OAuthAccessTokenURL={};OAuthSettingsLocation={};CallbackURL={}",
        odbc::driver_path().display(),
        setup.stripe.base_url(),
        setup.oauth.authorize_url(),
        setup.oauth.token_url(),
        setup.store().display(),
        setup.callback,
    );
    let conn = connect(&connection_string).unwrap_or_else(|e| panic!("connect: {e}"));
    let result = query_text(&conn, "{call GetOAuthAccessToken('APP')}").unwrap();
    assert_eq!(result.column("OAuthAccessToken"), [Some("at_2")]);
    assert_eq!(result.column("OAuthRefreshToken"), [Some("rt_2")]);
    let expires_in: i64 = result.column("ExpiresIn")[0].unwrap().parse().unwrap();
    assert!((3500..=3600).contains(&expires_in), "{expires_in}");
    assert_eq!(setup.oauth.code_count(), 1);
    assert!(setup.oauth.requests()[0].code_verifier);
    let stored = std::fs::read_to_string(setup.store()).unwrap();
    assert!(
        stored.contains("at_2") && stored.contains("rt_2"),
        "{stored}"
    );
}
