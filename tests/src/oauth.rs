//! A fake OAuth 2 token endpoint on loopback (`POST /oauth/token`), for the
//! driver's `InitiateOAuth=REFRESH` mode and the token store.
//!
//! - grants `refresh_token` and `authorization_code` (codes added with
//!   [`FakeOAuth::add_code`]);
//! - client authentication by HTTP Basic or by `client_id`/`client_secret`
//!   form fields;
//! - access tokens `at_<n>` live [`FakeOAuth::set_expires_in`] seconds;
//! - refresh tokens rotate (`rt_<n>`): a used one answers `invalid_grant`
//!   (unless rotation is turned off);
//! - issued access tokens are added to an [`AcceptedKeys`] set (share the fake
//!   Stripe server's to let it accept them) and [`FakeOAuth::revoke_access_tokens`]
//!   takes them out again, as if they had expired;
//! - every request is logged.

use std::collections::HashSet;
use std::net::{SocketAddr, TcpListener};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde_json::json;

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
    /// HTTP status answered.
    pub status: u16,
}

#[derive(Default)]
struct Tokens {
    next: u64,
    /// Refresh tokens that can still be used.
    refresh_tokens: HashSet<String>,
    /// Refresh tokens already used (rotated away).
    spent: HashSet<String>,
    codes: HashSet<String>,
    /// Access tokens issued and not revoked.
    issued: Vec<String>,
    log: Vec<TokenRequest>,
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
    addr: SocketAddr,
    shared: Arc<Shared>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
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
        let listener = TcpListener::bind("127.0.0.1:0").expect("fake OAuth: bind");
        let addr = listener.local_addr().expect("local address");
        listener.set_nonblocking(true).expect("non-blocking");
        let router = Router::new()
            .route("/oauth/token", post(token))
            .with_state(Arc::clone(&shared));
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let thread = std::thread::Builder::new()
            .name(format!("fake-oauth-{}", addr.port()))
            .spawn(move || {
                let runtime = tokio::runtime::Builder::new_multi_thread()
                    .worker_threads(2)
                    .enable_all()
                    .build()
                    .expect("tokio runtime");
                runtime.block_on(async move {
                    let listener = tokio::net::TcpListener::from_std(listener).expect("listener");
                    tokio::select! {
                        result = axum::serve(listener, router).into_future() => {
                            if let Err(e) = result {
                                eprintln!("fake OAuth server stopped: {e}");
                            }
                        }
                        _ = rx => {}
                    }
                });
                runtime.shutdown_timeout(Duration::from_millis(200));
            })
            .expect("spawn fake OAuth thread");
        FakeOAuth {
            addr,
            shared,
            shutdown: Some(tx),
            thread: Some(thread),
        }
    }

    /// `http://127.0.0.1:PORT/oauth/token`: the value for `OAuthAccessTokenURL`.
    pub fn token_url(&self) -> String {
        format!("http://{}/oauth/token", self.addr)
    }

    /// Registers a refresh token the server will accept once (or always, without rotation).
    pub fn add_refresh_token(&self, token: &str) {
        lock(&self.shared.state)
            .refresh_tokens
            .insert(token.to_owned());
    }

    /// Registers an authorization code, valid once.
    pub fn add_code(&self, code: &str) {
        lock(&self.shared.state).codes.insert(code.to_owned());
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

impl Drop for FakeOAuth {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
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
        let decoded = base64_decode(value.trim())
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
    let response = answer(
        &mut state,
        &shared.accepted,
        &grant_type,
        &grant,
        credentials,
    );
    state.log.push(TokenRequest {
        grant_type,
        grant,
        client_auth,
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
            if !state.codes.remove(grant) {
                return oauth_error(
                    StatusCode::BAD_REQUEST,
                    "invalid_grant",
                    "unknown or used code",
                );
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

/// Standard base64 with padding.
fn base64_decode(s: &str) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let (mut buf, mut bits) = (0u32, 0u32);
    for c in s.bytes().filter(|c| *c != b'=') {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32;
        buf = buf << 6 | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buf >> bits) as u8);
            buf &= (1 << bits) - 1;
        }
    }
    Some(out)
}
