//! A fake OAuth 2 server on loopback, for the driver's `InitiateOAuth` modes,
//! its OAuth stored procedures and the token store.
//!
//! - `GET /oauth/authorize` approves at once and redirects the browser to
//!   `redirect_uri` with `code` and `state` (or, as set with
//!   [`FakeOAuth::set_authorize`], forges the state, refuses, or shows a page
//!   nobody clicks);
//! - `POST /oauth/token` grants `refresh_token` and `authorization_code`
//!   (codes from the authorize endpoint or [`FakeOAuth::add_code`]; a code
//!   is bound to its `redirect_uri` and PKCE S256 challenge, both checked);
//! - client authentication by HTTP Basic or by `client_id`/`client_secret`
//!   form fields;
//! - access tokens `at_<n>` live [`FakeOAuth::set_expires_in`] seconds;
//! - refresh tokens rotate (`rt_<n>`): a used one answers `invalid_grant`
//!   (unless rotation is turned off);
//! - issued access tokens are added to an [`AcceptedKeys`] set (share the fake
//!   Stripe server's to let it accept them) and [`FakeOAuth::revoke_access_tokens`]
//!   takes them out again, as if they had expired;
//! - every request is logged.

use crate::serve::Server;
use std::collections::{HashMap, HashSet};
use std::net::TcpListener;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use serde_json::json;
use sha2::{Digest, Sha256};

use crate::stripe::{AcceptedKeys, parse_query};

/// The registered client.
pub const CLIENT_ID: &str = "ca_apiodbc_test";
pub const CLIENT_SECRET: &str = "cs_apiodbc_test_secret";

/// How a token request authenticated the client.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClientAuth {
    Basic,
    Form,
    None,
}

/// One request to the token endpoint.
#[derive(Debug, Clone)]
pub struct TokenRequest {
    pub grant_type: String,
    /// The refresh token or code presented.
    pub grant: String,
    pub client_auth: ClientAuth,
    /// `redirect_uri` of an `authorization_code` grant.
    pub redirect_uri: Option<String>,
    /// Whether a PKCE `code_verifier` was sent.
    pub code_verifier: bool,
    /// HTTP status answered.
    pub status: u16,
}

/// What the authorize endpoint does with a request (as if a user clicked).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Authorize {
    /// Redirect to `redirect_uri` with a new code and the request's state.
    #[default]
    Approve,
    /// Redirect with a new code but another state (a forged answer).
    WrongState,
    /// Redirect with `error=access_denied`.
    Deny,
    /// Show a page and never redirect (nobody signs in).
    Ignore,
}

/// One request to the authorize endpoint: its query parameters.
#[derive(Debug, Clone)]
pub struct AuthorizeRequest {
    pub params: HashMap<String, String>,
}

impl AuthorizeRequest {
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params.get(name).map(String::as_str)
    }
}

/// What an issued code is bound to.
#[derive(Debug, Clone, Default)]
struct Code {
    redirect_uri: Option<String>,
    /// PKCE S256 challenge.
    challenge: Option<String>,
}

#[derive(Default)]
struct Tokens {
    next: u64,
    /// Refresh tokens that can still be used.
    refresh_tokens: HashSet<String>,
    /// Refresh tokens already used (rotated away).
    spent: HashSet<String>,
    codes: HashMap<String, Code>,
    /// Access tokens issued and not revoked.
    issued: Vec<String>,
    log: Vec<TokenRequest>,
    authorize: Authorize,
    authorize_log: Vec<AuthorizeRequest>,
    expires_in: u64,
    rotate: bool,
    delay: Duration,
}

struct Shared {
    state: Mutex<Tokens>,
    accepted: AcceptedKeys,
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Handle to a running fake OAuth server; dropping it stops the server.
pub struct FakeOAuth {
    server: Server,
    shared: Arc<Shared>,
}

impl FakeOAuth {
    /// Starts serving; issued access tokens go into `accepted`.
    pub fn start(accepted: AcceptedKeys) -> FakeOAuth {
        let shared = Arc::new(Shared {
            state: Mutex::new(Tokens {
                expires_in: 3600,
                rotate: true,
                ..Tokens::default()
            }),
            accepted,
        });
        let router = Router::new()
            .route("/oauth/token", post(token))
            .route("/oauth/authorize", get(authorize))
            .with_state(Arc::clone(&shared));
        FakeOAuth {
            server: Server::start("fake OAuth", 0, router),
            shared,
        }
    }

    /// `http://127.0.0.1:PORT/oauth/token`: the value for `OAuthAccessTokenURL`.
    pub fn token_url(&self) -> String {
        format!("http://{}/oauth/token", self.server.addr())
    }

    /// `http://127.0.0.1:PORT/oauth/authorize`: the value for `OAuthAuthorizationURL`.
    pub fn authorize_url(&self) -> String {
        format!("http://{}/oauth/authorize", self.server.addr())
    }

    /// What the authorize endpoint does from now on (default: approve).
    pub fn set_authorize(&self, behaviour: Authorize) {
        lock(&self.shared.state).authorize = behaviour;
    }

    /// Every authorize request so far.
    pub fn authorize_requests(&self) -> Vec<AuthorizeRequest> {
        lock(&self.shared.state).authorize_log.clone()
    }

    /// Successful `authorization_code` grants so far.
    pub fn code_count(&self) -> usize {
        self.requests()
            .iter()
            .filter(|r| r.grant_type == "authorization_code" && r.status == 200)
            .count()
    }

    /// Registers a refresh token the server will accept once (or always, without rotation).
    pub fn add_refresh_token(&self, token: &str) {
        lock(&self.shared.state)
            .refresh_tokens
            .insert(token.to_owned());
    }

    /// Registers an authorization code, valid once, for any redirect URI, without PKCE.
    pub fn add_code(&self, code: &str) {
        lock(&self.shared.state)
            .codes
            .insert(code.to_owned(), Code::default());
    }

    /// Lifetime (`expires_in`) of the access tokens issued from now on.
    pub fn set_expires_in(&self, seconds: u64) {
        lock(&self.shared.state).expires_in = seconds;
    }

    /// Whether a refresh issues a new refresh token and spends the old one (default on).
    pub fn set_rotation(&self, rotate: bool) {
        lock(&self.shared.state).rotate = rotate;
    }

    /// Delay before answering each token request.
    pub fn set_delay(&self, delay: Duration) {
        lock(&self.shared.state).delay = delay;
    }

    /// Makes every access token issued so far unacceptable, as if expired.
    pub fn revoke_access_tokens(&self) {
        let issued = std::mem::take(&mut lock(&self.shared.state).issued);
        let mut accepted = lock(&self.shared.accepted);
        for token in issued {
            accepted.remove(&token);
        }
    }

    /// Every token request so far.
    pub fn requests(&self) -> Vec<TokenRequest> {
        lock(&self.shared.state).log.clone()
    }

    /// Successful `refresh_token` grants so far.
    pub fn refresh_count(&self) -> usize {
        self.requests()
            .iter()
            .filter(|r| r.grant_type == "refresh_token" && r.status == 200)
            .count()
    }
}

fn oauth_error(status: StatusCode, error: &str, description: &str) -> Response {
    (
        status,
        [("content-type", "application/json")],
        json!({"error": error, "error_description": description}).to_string(),
    )
        .into_response()
}

/// The client id and secret a request presents, and how.
fn client_credentials(
    headers: &HeaderMap,
    form: &[(String, String)],
) -> (ClientAuth, Option<(String, String)>) {
    let field = |k: &str| {
        form.iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.clone())
    };
    if let Some(value) = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Basic "))
    {
        let decoded = STANDARD
            .decode(value.trim())
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
            .unwrap_or_default();
        // RFC 6749 2.3.1: both parts are form-urlencoded before encoding.
        let (id, secret) = decoded.split_once(':').unwrap_or((&decoded, ""));
        let decode = |s: &str| crate::stripe::percent_decode(s, true);
        return (ClientAuth::Basic, Some((decode(id), decode(secret))));
    }
    match (field("client_id"), field("client_secret")) {
        (Some(id), secret) => (ClientAuth::Form, Some((id, secret.unwrap_or_default()))),
        _ => (ClientAuth::None, None),
    }
}

/// The authorization page: "clicked" at once, as [`Authorize`] says.
async fn authorize(
    State(shared): State<Arc<Shared>>,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    let mut state = lock(&shared.state);
    state.authorize_log.push(AuthorizeRequest {
        params: params.clone(),
    });
    let param = |k: &str| params.get(k).cloned().unwrap_or_default();
    let redirect_uri = param("redirect_uri");
    if param("client_id") != CLIENT_ID
        || param("response_type") != "code"
        || redirect_uri.is_empty()
    {
        return (
            StatusCode::BAD_REQUEST,
            "unknown client or malformed request",
        )
            .into_response();
    }
    let challenge = params.get("code_challenge").cloned();
    if challenge.is_some() && param("code_challenge_method") != "S256" {
        return (StatusCode::BAD_REQUEST, "only S256 PKCE challenges").into_response();
    }
    let query = match state.authorize {
        Authorize::Ignore => {
            return (
                StatusCode::OK,
                "<html><body>Sign in to continue.</body></html>",
            )
                .into_response();
        }
        Authorize::Deny => format!("error=access_denied&state={}", param("state")),
        behaviour => {
            state.next += 1;
            let code = format!("code_{}", state.next);
            state.codes.insert(
                code.clone(),
                Code {
                    redirect_uri: Some(redirect_uri.clone()),
                    challenge,
                },
            );
            let answered_state = if behaviour == Authorize::WrongState {
                "forged".to_owned()
            } else {
                param("state")
            };
            format!("code={code}&state={answered_state}")
        }
    };
    let separator = if redirect_uri.contains('?') { '&' } else { '?' };
    (
        StatusCode::FOUND,
        [("location", format!("{redirect_uri}{separator}{query}"))],
    )
        .into_response()
}

async fn token(State(shared): State<Arc<Shared>>, headers: HeaderMap, body: Bytes) -> Response {
    let form = parse_query(&String::from_utf8_lossy(&body));
    let field = |k: &str| {
        form.iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let (client_auth, credentials) = client_credentials(&headers, &form);
    let grant_type = field("grant_type");
    let grant = match grant_type.as_str() {
        "refresh_token" => field("refresh_token"),
        _ => field("code"),
    };
    let delay = lock(&shared.state).delay;
    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
    let mut state = lock(&shared.state);
    let redirect_uri = form
        .iter()
        .find(|(k, _)| k == "redirect_uri")
        .map(|(_, v)| v.clone());
    let verifier = form
        .iter()
        .find(|(k, _)| k == "code_verifier")
        .map(|(_, v)| v.clone());
    let response = answer(
        &mut state,
        &shared.accepted,
        &grant_type,
        &grant,
        credentials,
        (redirect_uri.as_deref(), verifier.as_deref()),
    );
    state.log.push(TokenRequest {
        grant_type,
        grant,
        client_auth,
        redirect_uri,
        code_verifier: verifier.is_some(),
        status: response.status().as_u16(),
    });
    response
}

fn answer(
    state: &mut Tokens,
    accepted: &AcceptedKeys,
    grant_type: &str,
    grant: &str,
    credentials: Option<(String, String)>,
    (redirect_uri, verifier): (Option<&str>, Option<&str>),
) -> Response {
    if credentials != Some((CLIENT_ID.to_owned(), CLIENT_SECRET.to_owned())) {
        return oauth_error(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "client authentication failed",
        );
    }
    match grant_type {
        "refresh_token" => {
            if !state.refresh_tokens.contains(grant) {
                let why = if state.spent.contains(grant) {
                    "the refresh token was already used"
                } else {
                    "unknown refresh token"
                };
                return oauth_error(StatusCode::BAD_REQUEST, "invalid_grant", why);
            }
            if state.rotate {
                state.refresh_tokens.remove(grant);
                state.spent.insert(grant.to_owned());
            }
        }
        "authorization_code" => {
            let Some(code) = state.codes.remove(grant) else {
                return oauth_error(
                    StatusCode::BAD_REQUEST,
                    "invalid_grant",
                    "unknown or used code",
                );
            };
            if code.redirect_uri.is_some() && code.redirect_uri.as_deref() != redirect_uri {
                return oauth_error(
                    StatusCode::BAD_REQUEST,
                    "invalid_grant",
                    "redirect_uri differs from the authorization request's",
                );
            }
            if let Some(challenge) = &code.challenge {
                let computed =
                    verifier.map(|v| URL_SAFE_NO_PAD.encode(Sha256::digest(v.as_bytes())));
                if computed.as_deref() != Some(challenge.as_str()) {
                    return oauth_error(
                        StatusCode::BAD_REQUEST,
                        "invalid_grant",
                        "PKCE verification failed",
                    );
                }
            }
        }
        _ => {
            return oauth_error(
                StatusCode::BAD_REQUEST,
                "unsupported_grant_type",
                "use refresh_token or authorization_code",
            );
        }
    }
    state.next += 1;
    let access = format!("at_{}", state.next);
    let refresh = if state.rotate || grant_type == "authorization_code" {
        let r = format!("rt_{}", state.next);
        state.refresh_tokens.insert(r.clone());
        r
    } else {
        grant.to_owned()
    };
    state.issued.push(access.clone());
    lock(accepted).insert(access.clone());
    (
        StatusCode::OK,
        [("content-type", "application/json")],
        json!({
            "access_token": access,
            "refresh_token": refresh,
            "token_type": "bearer",
            "expires_in": state.expires_in,
        })
        .to_string(),
    )
        .into_response()
}

/// `tests/browser/click.sh`: the `$BROWSER` stand-in that "clicks" the
/// authorization URL and follows its redirect to the driver's callback.
pub fn browser_script() -> std::path::PathBuf {
    crate::checkout().join("tests/browser/click.sh")
}

/// `http://localhost:PORT` on a port that was free a moment ago: a
/// `CallbackURL` no other test uses.
pub fn free_callback_url() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    format!("http://localhost:{port}")
}

/// Follows the authorization URL as a user's browser would, without going
/// to the callback: the `code` and `state` the page redirects with.
pub fn click_without_callback(authorization_url: &str) -> (String, String) {
    let response =
        crate::http::request("GET", authorization_url, &[], None).expect("authorize request");
    assert_eq!(response.status, 302, "{}", response.text());
    let location = response.header("location").expect("a redirect").to_owned();
    let query = location.split_once('?').expect("a query").1;
    let params = parse_query(query);
    let field = |k: &str| {
        params
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    (field("code"), field("state"))
}
