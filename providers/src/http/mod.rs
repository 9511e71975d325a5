//! The one HTTP client of the process and the request helper every provider
//! uses: per-request timeout, retries with jittered exponential backoff (429
//! with `Retry-After`, 5xx, broken connections, or whatever the API's own
//! retry header asks for) until `Timeout` has passed, the rate limits of the
//! key and of each endpoint (`rate_limit`) and a concurrency cap, and
//! error mapping to [`Error`] kinds a SQL client can act on (`api_error`).
//!
//! Secrets travel only in headers marked sensitive; neither the header values
//! nor anything derived from them is ever logged or put into an error.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use futures::future::BoxFuture;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use reqwest::{StatusCode, Url};
use serde_json::Value;
use tokio::sync::Semaphore;
use tokio::time::Instant;

use crate::cache::{self, Identity};
use crate::secrets::mask;
use crate::{Error, Properties, Result};
use api_error::ApiProblem;
use rate_limit::RateLimiter;

mod api_error;
mod rate_limit;

/// The process-wide client: rustls, HTTP/2, gzip, pooled connections.
/// Built on first use so that loading the driver costs nothing.
pub fn client() -> Result<&'static reqwest::Client> {
    static CLIENT: OnceLock<std::result::Result<reqwest::Client, String>> = OnceLock::new();
    CLIENT
        .get_or_init(|| {
            reqwest::Client::builder()
                .tls_backend_rustls()
                .gzip(true)
                .pool_idle_timeout(Duration::from_secs(90))
                .pool_max_idle_per_host(32)
                .connect_timeout(Duration::from_secs(30))
                .user_agent(concat!("apiodbc/", env!("CARGO_PKG_VERSION")))
                .build()
                .map_err(|e| error_chain(&e))
        })
        .as_ref()
        .map_err(|e| Error::Config(format!("cannot create the HTTP client: {e}")))
}

/// How one connection talks to one API.
#[derive(Debug, Clone)]
pub struct HttpConfig {
    /// "Stripe", "Bitbucket": used in error messages.
    pub provider: &'static str,
    /// API root; request paths are appended to it.
    pub base_url: String,
    /// Sent with every request. Mark secrets with [`HeaderValue::set_sensitive`].
    pub headers: HeaderMap,
    /// Longest one request (including reading its body) may take, and how
    /// long failed requests are retried; `None` waits forever.
    pub timeout: Option<Duration>,
    /// Most requests of this connection in flight at once (at least 1).
    pub max_concurrency: usize,
    /// Most requests started in any one second; `None` or 0 means unlimited.
    pub rate_limit: Option<f64>,
    /// For APIs that limit endpoints separately on top of `rate_limit` (Stripe).
    pub endpoint_limit: Option<EndpointLimit>,
    /// Attempts per request, including the first (at least 1).
    pub max_tries: u32,
    /// Wait before the first retry; doubled for each further one. Each wait
    /// is drawn between half and all of that (jitter), so that connections
    /// throttled together do not retry in step.
    pub backoff: Duration,
    /// Longest wait between two tries, whatever `Retry-After` says.
    pub max_backoff: Duration,
    /// A response header in which the API says whether a failed request is
    /// worth retrying (`true`/`false`; Stripe's `Stripe-Should-Retry`). When
    /// present it overrides the status code's default (retry 429 and 5xx).
    pub retry_header: Option<&'static str>,
    /// Which connection property holds the credentials, for the auth error message.
    pub credential_hint: &'static str,
    /// A bearer token that can change (OAuth): asked before every request and
    /// told about a 401, after which the request is tried once more.
    pub credentials: Option<Arc<dyn Credentials>>,
    /// How long successful answers are reused (`CacheTTL`); `None` turns the cache off.
    pub cache_ttl: Option<Duration>,
    /// `Offline`: every request fails before it is sent.
    pub offline: bool,
}

/// Names the endpoint a request path (below the API root) belongs to and
/// the requests per second that endpoint allows. Endpoints given the same
/// name share one limit.
pub type EndpointLimit = fn(&str) -> (String, f64);

/// Where a connection's `Authorization: Bearer` token comes from when it is
/// not a fixed key ([`crate::auth`]).
pub trait Credentials: Send + Sync + std::fmt::Debug {
    /// The token to send now, renewed first when it is about to expire.
    fn bearer(&self) -> BoxFuture<'_, Result<String>>;

    /// The API answered 401 to `token`: `Ok` once a different token is ready
    /// (the request is retried once), otherwise the [`Error::Auth`] to report.
    fn rejected<'a>(&'a self, token: &'a str) -> BoxFuture<'a, Result<()>>;
}

impl HttpConfig {
    pub fn new(provider: &'static str, base_url: impl Into<String>) -> HttpConfig {
        HttpConfig {
            provider,
            base_url: base_url.into(),
            headers: HeaderMap::new(),
            timeout: Some(Duration::from_secs(60)),
            max_concurrency: 8,
            rate_limit: None,
            endpoint_limit: None,
            max_tries: 4,
            backoff: Duration::from_millis(250),
            max_backoff: Duration::from_secs(30),
            retry_header: None,
            credential_hint: "the credentials",
            credentials: None,
            cache_ttl: None,
            offline: false,
        }
    }

    /// The limits every provider reads the same way: `Timeout`, `CacheTTL`,
    /// `MaxConcurrency` (default 8) and `RateLimit` (requests per second;
    /// `default_rate` when not given, 0 = unlimited). A `RateLimit` given is
    /// the user's word on what the account allows (APIs raise limits on
    /// request), so it also replaces the published per-endpoint limits.
    pub fn apply_limits(&mut self, properties: &Properties, default_rate: u64) -> Result<()> {
        self.timeout = properties.timeout()?;
        self.cache_ttl = properties.cache_ttl()?;
        self.offline = properties.flag("Offline")?;
        self.max_concurrency = properties
            .bounded("MaxConcurrency", crate::properties::MAX_CONCURRENCY)?
            .unwrap_or(8)
            .max(1) as usize;
        let given = properties.number("RateLimit")?;
        if given.is_some() {
            self.endpoint_limit = None;
        }
        let rate = given.unwrap_or(default_rate);
        self.rate_limit = (rate > 0).then_some(rate as f64);
        Ok(())
    }

    /// Adds a header sent with every request; `secret` hides its value from
    /// debug output. An invalid value fails with a message naming `property`
    /// but never showing the value.
    pub fn header(
        &mut self,
        name: &'static str,
        value: &str,
        secret: bool,
        property: &str,
    ) -> Result<()> {
        let mut value = HeaderValue::from_str(value).map_err(|_| {
            Error::Config(format!(
                "{property} contains characters that cannot be sent in an HTTP header"
            ))
        })?;
        value.set_sensitive(secret);
        self.headers.insert(HeaderName::from_static(name), value);
        Ok(())
    }
}

/// A connection's view of one API: base URL, headers, limits.
#[derive(Debug)]
pub struct Http {
    config: HttpConfig,
    base: Url,
    host: String,
    limiter: Option<Arc<RateLimiter>>,
    /// The endpoint limiters this connection used, held so that the shared
    /// ones live as long as a connection may use them.
    endpoint_limiters: Mutex<HashMap<String, Arc<RateLimiter>>>,
    permits: Semaphore,
    /// The cache identity of the fixed headers (key, account).
    identity: Identity,
    /// Requests sent so far.
    sent: AtomicU64,
}

/// What one attempt of a request came to.
enum Attempt {
    /// The parsed answer and the body it came from (for the cache).
    Done(Value, bytes::Bytes),
    /// HTTP 401 to a token from [`HttpConfig::credentials`].
    Unauthorized(String),
    Fail(Error),
    Retry {
        error: Error,
        after: Option<Duration>,
    },
}

impl Http {
    pub fn new(config: HttpConfig) -> Result<Http> {
        let base = Url::parse(config.base_url.trim_end_matches('/'))
            .ok()
            .filter(|u| matches!(u.scheme(), "http" | "https") && u.host_str().is_some())
            .ok_or_else(|| {
                Error::Config(format!(
                    "BaseURL '{}' is not an http(s) URL",
                    config.base_url
                ))
            })?;
        let host = match base.port() {
            Some(port) => format!("{}:{port}", base.host_str().unwrap_or_default()),
            None => base.host_str().unwrap_or_default().to_string(),
        };
        let permits = Semaphore::new(config.max_concurrency.max(1));
        let identity = Identity::of(
            config
                .headers
                .iter()
                .flat_map(|(name, value)| [name.as_str().as_bytes(), value.as_bytes()]),
        );
        let limiter = config
            .rate_limit
            .filter(|r| *r > 0.0 && r.is_finite())
            .map(|rate| RateLimiter::shared(identity, &base, "", rate));
        Ok(Http {
            config,
            base,
            host,
            limiter,
            endpoint_limiters: Mutex::default(),
            permits,
            identity,
            sent: AtomicU64::new(0),
        })
    }

    /// Requests sent so far, retries included.
    pub fn requests(&self) -> u64 {
        self.sent.load(Ordering::Relaxed)
    }

    pub fn config(&self) -> &HttpConfig {
        &self.config
    }

    /// `host[:port]` of the API, as shown in connection errors.
    pub fn host(&self) -> &str {
        &self.host
    }

    /// The full URL of `path` (which starts with `/`) with `query` appended, percent-encoded.
    pub fn url(&self, path: &str, query: &[(String, String)]) -> Url {
        let mut url = self.base.clone();
        let joined = format!("{}{}", self.base.path().trim_end_matches('/'), path);
        url.set_path(&joined);
        if query.is_empty() {
            url.set_query(None);
        } else {
            url.query_pairs_mut()
                .clear()
                .extend_pairs(query.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        }
        url
    }

    /// GETs `path` and parses the JSON answer, retrying what is worth retrying
    /// until `max_tries` or `timeout` runs out; then the last failure is the
    /// error. A 404 comes back as [`Error::Api`] with status 404 for the
    /// caller to judge. With `CacheTTL` set, a fresh cached answer is returned
    /// without a request.
    pub async fn get_json(&self, path: &str, query: &[(String, String)]) -> Result<Value> {
        self.fetch_json(path, query, true).await
    }

    /// GETs a URL the API handed out (a `next` page link) like [`get_json`](Self::get_json).
    /// Only URLs under the API root are followed, so credentials never go
    /// to another host.
    pub async fn get_json_link(&self, link: &str) -> Result<Value> {
        self.fetch_json_link(link, true).await
    }

    /// [`Http::get_json_link`]; `read_cache: false` asks the API even when a
    /// fresh answer is cached (see [`Http::fetch_json`]).
    pub async fn fetch_json_link(&self, link: &str, read_cache: bool) -> Result<Value> {
        self.fetch_url(self.link(link)?, read_cache).await
    }

    /// A page link, if it lies under the API root.
    fn link(&self, link: &str) -> Result<Url> {
        Url::parse(link)
            .ok()
            .filter(|u| {
                u.scheme() == self.base.scheme()
                    && u.host_str() == self.base.host_str()
                    && u.port_or_known_default() == self.base.port_or_known_default()
                    && u.path().starts_with(self.base.path().trim_end_matches('/'))
            })
            .ok_or_else(|| {
                Error::ConnectionLost(format!(
                    "{} answered a page link outside {}",
                    self.config.provider, self.host
                ))
            })
    }

    /// [`Http::get_json`]; `read_cache: false` (a query marked `/* nocache */`)
    /// asks the API even when a fresh answer is cached, and caches the new one.
    pub async fn fetch_json(
        &self,
        path: &str,
        query: &[(String, String)],
        read_cache: bool,
    ) -> Result<Value> {
        self.fetch_url(self.url(path, query), read_cache).await
    }

    /// [`Http::fetch_json`] for one page of a listing, read by `read`, which
    /// fails with [`Error::ConnectionLost`] when the page breaks the paging
    /// contract (no list; no rows yet more promised; fewer rows than a middle
    /// page holds). Such a page is asked for once more, past the cache; a
    /// second broken answer fails naming the URL (08S01), so a scan never
    /// ends early in silence.
    pub async fn fetch_page<T>(
        &self,
        path: &str,
        query: &[(String, String)],
        read_cache: bool,
        read: impl Fn(Value) -> Result<T>,
    ) -> Result<T> {
        self.checked_page(self.url(path, query), read_cache, read)
            .await
    }

    /// [`Http::fetch_page`] of a page link the API handed out.
    pub async fn fetch_page_link<T>(
        &self,
        link: &str,
        read_cache: bool,
        read: impl Fn(Value) -> Result<T>,
    ) -> Result<T> {
        self.checked_page(self.link(link)?, read_cache, read).await
    }

    async fn checked_page<T>(
        &self,
        url: Url,
        read_cache: bool,
        read: impl Fn(Value) -> Result<T>,
    ) -> Result<T> {
        match read(self.fetch_url(url.clone(), read_cache).await?) {
            Err(Error::ConnectionLost(why)) => {
                log::warn!("{}: GET {url}: {why}; asking again", self.config.provider);
                read(self.fetch_url(url.clone(), false).await?).map_err(|e| match e {
                    Error::ConnectionLost(why) => {
                        Error::ConnectionLost(format!("{why}, twice: GET {url}"))
                    }
                    other => other,
                })
            }
            page => page,
        }
    }

    async fn fetch_url(&self, url: Url, read_cache: bool) -> Result<Value> {
        let cached = match self.config.cache_ttl {
            Some(ttl) => Some((self.cache_key(&url).await?, ttl)),
            None => None,
        };
        if read_cache
            && let Some((key, ttl)) = &cached
            && let Some(body) = cache::get(key, *ttl)
        {
            log::debug!(
                "{}: GET {url} answered from the cache",
                self.config.provider
            );
            return serde_json::from_slice(&body)
                .map_err(|e| Error::ConnectionLost(format!("a cached answer is not JSON ({e})")));
        }
        let started = Instant::now();
        let tries = self.config.max_tries.max(1);
        let mut attempt = 1;
        let mut renewed = false;
        loop {
            match self.attempt(&url).await {
                Attempt::Done(value, body) => {
                    if let Some((key, ttl)) = cached {
                        cache::put(key, body, ttl);
                    }
                    return Ok(value);
                }
                Attempt::Unauthorized(token) => match &self.config.credentials {
                    Some(credentials) if !renewed => {
                        credentials.rejected(&token).await?;
                        renewed = true;
                    }
                    _ => return Err(self.unauthorized()),
                },
                Attempt::Fail(error) => return Err(error),
                Attempt::Retry { error, after } => {
                    // A wait the API asks for that outlasts `Timeout` (an
                    // hourly budget spent) fails now, not after retrying.
                    if let (Some(asked), Some(timeout)) = (after, self.config.timeout)
                        && started.elapsed() + asked >= timeout
                    {
                        return Err(error.noted(&format!(
                            "; {} asks to wait {} s before the next request, longer than what is left \
                             of Timeout={} s: try again later or raise Timeout",
                            self.config.provider,
                            asked.as_secs(),
                            timeout.as_secs()
                        )));
                    }
                    let wait = after
                        .unwrap_or_else(|| self.backoff(attempt))
                        .min(self.config.max_backoff);
                    let out_of_time = self
                        .config
                        .timeout
                        .is_some_and(|t| started.elapsed() + wait >= t);
                    if attempt >= tries || out_of_time {
                        return Err(gave_up(error, attempt));
                    }
                    log::debug!(
                        "{}: try {attempt} of GET {} failed ({error}); retrying in {wait:?}",
                        self.config.provider,
                        url.path()
                    );
                    tokio::time::sleep(wait).await;
                    attempt += 1;
                }
            }
        }
    }

    /// The jittered wait after failed try number `attempt` (1-based).
    fn backoff(&self, attempt: u32) -> Duration {
        let full = self
            .config
            .backoff
            .saturating_mul(1 << (attempt - 1).min(16));
        full.mul_f64(0.5 + fastrand::f64() / 2.0)
    }

    /// The limiter of the endpoint `url` belongs to, if the API has one.
    fn endpoint_limiter(&self, url: &Url) -> Option<Arc<RateLimiter>> {
        let classify = self.config.endpoint_limit?;
        let root = self.base.path().trim_end_matches('/');
        let (name, rate) = classify(url.path().strip_prefix(root).unwrap_or(url.path()));
        let mut limiters = self
            .endpoint_limiters
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        let limiter = limiters
            .entry(name)
            .or_insert_with_key(|name| RateLimiter::shared(self.identity, &self.base, name, rate));
        Some(Arc::clone(limiter))
    }

    async fn attempt(&self, url: &Url) -> Attempt {
        if self.config.offline {
            return Attempt::Fail(Error::Config(format!(
                "Offline=true forbids requests: {} was not asked for {}",
                self.config.provider,
                url.path()
            )));
        }
        // The start time is taken once a concurrency permit is held, so the
        // request leaves when the limiters said it would.
        let Ok(_permit) = self.permits.acquire().await else {
            return Attempt::Fail(Error::Cancelled);
        };
        let endpoint = self.endpoint_limiter(url);
        let limiters: Vec<&RateLimiter> = endpoint
            .as_deref()
            .into_iter()
            .chain(self.limiter.as_deref())
            .collect();
        RateLimiter::acquire_all(&limiters).await;
        let client = match client() {
            Ok(c) => c,
            Err(e) => return Attempt::Fail(e),
        };
        let mut headers = self.config.headers.clone();
        let mut token = None;
        if let Some(credentials) = &self.config.credentials {
            match credentials.bearer().await.and_then(|t| {
                let mut value = HeaderValue::from_str(&format!("Bearer {t}")).map_err(|_| {
                    Error::Auth(format!(
                        "the token endpoint issued an access token that cannot be sent to {}",
                        self.config.provider
                    ))
                })?;
                value.set_sensitive(true);
                Ok((t, value))
            }) {
                Ok((t, value)) => {
                    headers.insert(reqwest::header::AUTHORIZATION, value);
                    token = Some(t);
                }
                Err(e) => return Attempt::Fail(e),
            }
        }
        let mut request = client
            .get(url.clone())
            .headers(headers)
            .header(reqwest::header::ACCEPT, "application/json");
        if let Some(timeout) = self.config.timeout {
            request = request.timeout(timeout);
        }
        log::debug!("{}: GET {url}", self.config.provider);
        self.sent.fetch_add(1, Ordering::Relaxed);
        let response = match request.send().await {
            Ok(r) => r,
            Err(e) => return self.transport_error(&e),
        };
        let status = response.status();
        let retry_after = retry_after(response.headers());
        let retry_hint = self
            .config
            .retry_header
            .and_then(|name| response.headers().get(name))
            .and_then(|v| v.to_str().ok())
            .map(|v| v.trim().eq_ignore_ascii_case("true"));
        let body = match response.bytes().await {
            Ok(b) => b,
            Err(e) => return self.transport_error(&e),
        };
        log::trace!(
            "{}: HTTP {} with {} bytes",
            self.config.provider,
            status.as_u16(),
            body.len()
        );
        if status.is_success() {
            return match serde_json::from_slice(&body) {
                Ok(value) => Attempt::Done(value, body),
                Err(e) => Attempt::Fail(Error::ConnectionLost(format!(
                    "{} answered something that is not the expected JSON ({e})",
                    self.config.provider
                ))),
            };
        }
        let problem = ApiProblem::parse(&body, status);
        match status.as_u16() {
            401 => match token {
                Some(token) => Attempt::Unauthorized(token),
                None => Attempt::Fail(self.unauthorized()),
            },
            403 => Attempt::Fail(Error::Permission(format!(
                "{} refused this request to the credentials (HTTP 403): {}",
                self.config.provider,
                mask(&problem.text())
            ))),
            code if retry_hint.unwrap_or(code == 429 || status.is_server_error()) => {
                Attempt::Retry {
                    error: self.api_error(status, problem),
                    after: retry_after,
                }
            }
            _ => Attempt::Fail(self.api_error(status, problem)),
        }
    }

    /// The cache key of `url` for these credentials: an OAuth token is part
    /// of the identity, so a renewed token starts afresh.
    async fn cache_key(&self, url: &Url) -> Result<cache::Key> {
        let identity = match &self.config.credentials {
            Some(credentials) => {
                let token = credentials.bearer().await?;
                Identity::of([&self.identity.0[..], token.as_bytes()])
            }
            None => self.identity,
        };
        Ok(cache::Key {
            identity,
            url: url.to_string(),
        })
    }

    fn unauthorized(&self) -> Error {
        Error::Auth(format!(
            "{} rejected the credentials (HTTP 401): check {}",
            self.config.provider, self.config.credential_hint
        ))
    }

    fn api_error(&self, status: StatusCode, problem: ApiProblem) -> Error {
        Error::Api {
            provider: self.config.provider,
            status: status.as_u16(),
            message: mask(&problem.text()),
            param: problem.param,
        }
    }

    fn transport_error(&self, e: &reqwest::Error) -> Attempt {
        let cause = error_chain(e);
        if e.is_connect() {
            Attempt::Fail(Error::Connect(format!(
                "cannot connect to {} ({cause})",
                self.host
            )))
        } else if e.is_timeout() {
            Attempt::Fail(Error::Timeout(self.config.timeout.unwrap_or_default()))
        } else {
            Attempt::Retry {
                error: Error::ConnectionLost(format!(
                    "the connection to {} broke ({cause})",
                    self.host
                )),
                after: None,
            }
        }
    }
}

/// Sends one request built by the `oauth2` crate (a token endpoint call) with
/// the process-wide client, so that OAuth shares its TLS set-up and pool.
/// Transport failures name the host only; bodies are never logged.
pub async fn send_raw(
    request: http::Request<Vec<u8>>,
    timeout: Option<Duration>,
) -> Result<http::Response<Vec<u8>>> {
    let (parts, body) = request.into_parts();
    let url = Url::parse(&parts.uri.to_string())
        .map_err(|_| Error::Config(format!("'{}' is not a valid URL", parts.uri)))?;
    let host = match url.port() {
        Some(port) => format!("{}:{port}", url.host_str().unwrap_or_default()),
        None => url.host_str().unwrap_or_default().to_string(),
    };
    let mut builder = client()?
        .request(parts.method, url)
        .headers(parts.headers)
        .body(body);
    if let Some(timeout) = timeout {
        builder = builder.timeout(timeout);
    }
    let broken = |e: reqwest::Error| {
        if e.is_timeout() {
            Error::Timeout(timeout.unwrap_or_default())
        } else if e.is_connect() {
            Error::Connect(format!("cannot connect to {host} ({})", error_chain(&e)))
        } else {
            Error::ConnectionLost(format!(
                "the connection to {host} broke ({})",
                error_chain(&e)
            ))
        }
    };
    let response = builder.send().await.map_err(broken)?;
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.bytes().await.map_err(broken)?;
    let mut out = http::Response::new(body.to_vec());
    *out.status_mut() = status;
    *out.headers_mut() = headers;
    Ok(out)
}

/// Percent-encodes everything but unreserved characters, so an id can never
/// change which path is requested.
pub fn encode_path_segment(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for byte in segment.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    if out == "." || out == ".." {
        out = out.replace('.', "%2E");
    }
    out
}

/// The message a reqwest error and its causes carry, without the URL.
fn error_chain(e: &reqwest::Error) -> String {
    let mut parts = Vec::new();
    let mut source: Option<&dyn std::error::Error> = std::error::Error::source(e);
    while let Some(s) = source {
        let text = s.to_string();
        if !parts.contains(&text) {
            parts.push(text);
        }
        source = s.source();
    }
    if parts.is_empty() {
        // reqwest's own description, with any URL taken out.
        let mut text = e.to_string();
        if let Some(url) = e.url() {
            text = text
                .replace(&format!(" ({url})"), "")
                .replace(url.as_str(), "");
        }
        parts.push(text);
    }
    parts.join(": ")
}

/// The error a request ends with after `tries` tries that all failed.
fn gave_up(error: Error, tries: u32) -> Error {
    if tries < 2 {
        return error;
    }
    error.noted(&format!(" (gave up after {tries} tries)"))
}

/// `Retry-After` in seconds (the HTTP-date form is ignored: backoff applies).
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(reqwest::header::RETRY_AFTER)?.to_str().ok()?;
    let seconds: f64 = value.trim().parse().ok()?;
    (seconds.is_finite() && seconds >= 0.0).then(|| Duration::from_secs_f64(seconds))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::runtime;
    use crate::testing::{Reply, TestServer};
    use serde_json::json;

    fn http(server: &TestServer) -> Http {
        let mut config = HttpConfig::new("Test", server.base_url());
        config.backoff = Duration::from_millis(10);
        config.credential_hint = "LiveAPIKey";
        config
            .header("authorization", "Bearer sk_test_secret", true, "LiveAPIKey")
            .unwrap();
        Http::new(config).unwrap()
    }

    fn get(http: &Http, path: &str) -> Result<Value> {
        runtime().unwrap().block_on(http.get_json(path, &[]))
    }

    #[test]
    fn sends_query_and_headers_and_parses_json() {
        let server = TestServer::start(|_, _| Reply::json(200, json!({"ok": true})));
        let http = http(&server);
        let query = vec![
            ("created[gte]".to_string(), "13".to_string()),
            ("email".to_string(), "a+b@x.com".to_string()),
        ];
        let value = runtime()
            .unwrap()
            .block_on(http.get_json("/v1/things", &query))
            .unwrap();
        assert_eq!(value, json!({"ok": true}));
        let requests = server.requests();
        assert_eq!(requests.len(), 1);
        assert_eq!(requests[0].path, "/v1/things");
        assert_eq!(
            requests[0].query,
            vec![
                ("created[gte]".into(), "13".into()),
                ("email".into(), "a+b@x.com".into())
            ]
        );
        assert_eq!(
            requests[0].header("authorization"),
            Some("Bearer sk_test_secret")
        );
    }

    #[test]
    fn base_url_path_is_kept() {
        let server = TestServer::start(|_, _| Reply::json(200, json!({})));
        let mut config = HttpConfig::new("Test", format!("{}/2.0/", server.base_url()));
        config.backoff = Duration::from_millis(1);
        let http = Http::new(config).unwrap();
        get(&http, "/repositories").unwrap();
        assert_eq!(server.requests()[0].path, "/2.0/repositories");
    }

    #[test]
    fn unauthorized_is_auth_without_the_key() {
        let server = TestServer::start(|_, _| {
            Reply::json(
                401,
                json!({"error": {"message": "Invalid API Key provided: sk_test_secret"}}),
            )
        });
        let err = get(&http(&server), "/v1/x").unwrap_err();
        let Error::Auth(message) = &err else {
            panic!("{err:?}")
        };
        assert!(message.contains("rejected"), "{message}");
        assert!(message.contains("LiveAPIKey"), "{message}");
        assert!(!message.contains("secret"), "{message}");
        assert_eq!(server.requests().len(), 1);
    }

    #[test]
    fn forbidden_is_permission_with_masked_api_message() {
        let server = TestServer::start(|_, _| {
            Reply::json(
                403,
                json!({"error": {"message": "The provided key 'rk_test_abc123' lacks permissions"}}),
            )
        });
        let err = get(&http(&server), "/v1/x").unwrap_err();
        let message = err.to_string();
        assert!(matches!(err, Error::Permission(_)), "{err:?}");
        assert!(message.contains("lacks permissions"), "{message}");
        assert!(!message.contains("abc123"), "{message}");
    }

    #[test]
    fn server_errors_are_retried_then_succeed() {
        let server = TestServer::start(|_, n| {
            if n < 2 {
                Reply::json(500, json!({"error": {"message": "boom"}}))
            } else {
                Reply::json(200, json!({"ok": 1}))
            }
        });
        assert_eq!(get(&http(&server), "/v1/x").unwrap(), json!({"ok": 1}));
        assert_eq!(server.requests().len(), 3);
    }

    #[test]
    fn server_errors_give_up_after_four_tries() {
        let server =
            TestServer::start(|_, _| Reply::json(503, json!({"error": {"message": "down"}})));
        let err = get(&http(&server), "/v1/x").unwrap_err();
        assert!(
            matches!(&err, Error::Api { status: 503, message, .. } if message == "down (gave up after 4 tries)"),
            "{err:?}"
        );
        assert_eq!(server.requests().len(), 4);
    }

    #[test]
    fn rate_limited_requests_honour_retry_after() {
        let server = TestServer::start(|_, n| {
            if n == 0 {
                Reply::json(429, json!({"error": {"message": "slow down"}}))
                    .with_header("Retry-After", "1")
            } else {
                Reply::json(200, json!([]))
            }
        });
        let http = http(&server);
        let start = std::time::Instant::now();
        get(&http, "/v1/x").unwrap();
        assert!(start.elapsed() >= Duration::from_millis(950));
        assert_eq!(server.requests().len(), 2);
    }

    #[test]
    fn other_client_errors_carry_the_api_message_and_are_not_retried() {
        let server = TestServer::start(|_, _| {
            Reply::json(
                400,
                json!({"error": {"type": "invalid_request_error", "message": "Received unknown parameter: foo"}}),
            )
        });
        let err = get(&http(&server), "/v1/x").unwrap_err();
        assert!(
            matches!(&err, Error::Api { status: 400, message, provider: "Test", param: None }
                if message == "Received unknown parameter: foo [type: invalid_request_error]"),
            "{err:?}"
        );
        assert_eq!(server.requests().len(), 1);
    }

    #[test]
    fn every_fact_of_a_stripe_error_body_is_kept() {
        let server = TestServer::start(|_, _| {
            Reply::json(
                400,
                json!({"error": {"type": "invalid_request_error", "code": "resource_missing",
                    "param": "customer", "message": "No such customer: 'abc'"}}),
            )
        });
        let err = get(&http(&server), "/v1/x").unwrap_err();
        let Error::Api { message, param, .. } = &err else {
            panic!("{err:?}")
        };
        assert_eq!(
            message,
            "No such customer: 'abc' [type: invalid_request_error, code: resource_missing, param: customer]"
        );
        assert_eq!(param.as_deref(), Some("customer"));
    }

    fn stripe_like(server: &TestServer) -> Http {
        let mut config = HttpConfig::new("Test", server.base_url());
        config.backoff = Duration::from_millis(1);
        config.retry_header = Some("stripe-should-retry");
        Http::new(config).unwrap()
    }

    #[test]
    fn the_retry_header_overrides_the_status() {
        // `false` on a 500: the API knows a retry cannot help.
        let server = TestServer::start(|_, _| {
            Reply::json(500, json!({"error": {"message": "no"}}))
                .with_header("Stripe-Should-Retry", "false")
        });
        let err = get(&stripe_like(&server), "/v1/x").unwrap_err();
        assert!(matches!(err, Error::Api { status: 500, .. }), "{err:?}");
        assert_eq!(server.requests().len(), 1);
        // `true` on a 409 (a lock timeout): retried although 4xx.
        let server = TestServer::start(|_, n| {
            if n == 0 {
                Reply::json(
                    409,
                    json!({"error": {"code": "lock_timeout", "message": "busy"}}),
                )
                .with_header("Stripe-Should-Retry", "true")
            } else {
                Reply::json(200, json!({"ok": 1}))
            }
        });
        assert_eq!(
            get(&stripe_like(&server), "/v1/x").unwrap(),
            json!({"ok": 1})
        );
        assert_eq!(server.requests().len(), 2);
        // Without the header a 409 is final.
        let server = TestServer::start(|_, _| Reply::json(409, json!({"error": {"message": "x"}})));
        assert!(get(&stripe_like(&server), "/v1/x").is_err());
        assert_eq!(server.requests().len(), 1);
    }

    #[test]
    fn retries_stop_when_the_timeout_has_passed() {
        let server =
            TestServer::start(|_, _| Reply::json(503, json!({"error": {"message": "down"}})));
        let mut config = HttpConfig::new("Test", server.base_url());
        config.backoff = Duration::from_millis(20);
        config.max_tries = 1000;
        config.timeout = Some(Duration::from_millis(300));
        let err = get(&Http::new(config).unwrap(), "/v1/x").unwrap_err();
        let Error::Api { message, .. } = &err else {
            panic!("{err:?}")
        };
        let tries = server.requests().len();
        assert!((2..20).contains(&tries), "{tries} tries");
        assert!(
            message.ends_with(&format!("(gave up after {tries} tries)")),
            "{message}"
        );
    }

    #[test]
    fn backoff_doubles_with_jitter() {
        let mut config = HttpConfig::new("Test", "http://127.0.0.1:1");
        config.backoff = Duration::from_millis(100);
        let http = Http::new(config).unwrap();
        let waits: Vec<Duration> = (0..40).map(|_| http.backoff(3)).collect();
        assert!(
            waits
                .iter()
                .all(|w| (Duration::from_millis(200)..=Duration::from_millis(400)).contains(w)),
            "{waits:?}"
        );
        assert!(waits.iter().any(|w| *w != waits[0]), "no jitter: {waits:?}");
    }

    #[test]
    fn garbage_is_connection_lost() {
        let server = TestServer::start(|_, _| Reply::raw_body(200, "<html>502 Bad Gateway"));
        let err = get(&http(&server), "/v1/x").unwrap_err();
        assert!(matches!(err, Error::ConnectionLost(_)), "{err:?}");
        assert_eq!(server.requests().len(), 1);
    }

    #[test]
    fn truncated_body_is_retried_then_connection_lost() {
        let server = TestServer::start(|_, _| Reply::truncated(r#"{"data": [1, 2"#, 1000));
        let err = get(&http(&server), "/v1/x").unwrap_err();
        assert!(matches!(err, Error::ConnectionLost(_)), "{err:?}");
        assert_eq!(server.requests().len(), 4);
    }

    #[test]
    fn closed_port_is_connect_naming_the_host() {
        let port = crate::testing::closed_port();
        let mut config = HttpConfig::new("Test", format!("http://127.0.0.1:{port}"));
        config.backoff = Duration::from_millis(1);
        let err = get(&Http::new(config).unwrap(), "/v1/x").unwrap_err();
        let Error::Connect(message) = &err else {
            panic!("{err:?}")
        };
        assert!(
            message.contains(&format!("cannot connect to 127.0.0.1:{port}")),
            "{message}"
        );
    }

    #[test]
    fn slow_answers_time_out() {
        let server = TestServer::start(|_, _| {
            Reply::json(200, json!({})).with_delay(Duration::from_millis(800))
        });
        let mut config = HttpConfig::new("Test", server.base_url());
        config.timeout = Some(Duration::from_millis(100));
        let err = get(&Http::new(config).unwrap(), "/v1/x").unwrap_err();
        assert!(matches!(err, Error::Timeout(_)), "{err:?}");
        assert_eq!(server.requests().len(), 1);
    }

    #[test]
    fn cached_answers_cost_no_request_per_key_and_url() {
        let server = TestServer::start(|_, n| Reply::json(200, json!({"n": n})));
        let cached = |key: &str| {
            let mut config = HttpConfig::new("Test", server.base_url());
            config.cache_ttl = Some(Duration::from_secs(60));
            config
                .header(
                    "authorization",
                    &format!("Bearer {key}"),
                    true,
                    "LiveAPIKey",
                )
                .unwrap();
            Http::new(config).unwrap()
        };
        let (alice, alice_again, bob) = (cached("sk_a"), cached("sk_a"), cached("sk_b"));
        let first = get(&alice, "/v1/cache-test").unwrap();
        assert_eq!(get(&alice_again, "/v1/cache-test").unwrap(), first);
        assert_eq!(server.requests().len(), 1);
        assert_ne!(get(&bob, "/v1/cache-test").unwrap(), first);
        get(&alice, "/v1/cache-test-other").unwrap();
        assert_eq!(server.requests().len(), 3);
        let fresh = runtime()
            .unwrap()
            .block_on(alice.fetch_json("/v1/cache-test", &[], false))
            .unwrap();
        assert_ne!(fresh, first);
        assert_eq!(server.requests().len(), 4);
        // The fresh answer replaced the cached one.
        assert_eq!(get(&alice, "/v1/cache-test").unwrap(), fresh);
        assert_eq!(
            get(&http(&server), "/v1/cache-test").unwrap(),
            json!({"n": 4})
        );
        assert_eq!(server.requests().len(), 5);
    }

    #[test]
    fn invalid_base_url_is_a_config_error() {
        let err = Http::new(HttpConfig::new("Test", "ftp:/nope")).unwrap_err();
        assert!(matches!(err, Error::Config(m) if m.contains("BaseURL")));
    }

    #[test]
    fn secret_headers_never_show() {
        let mut config = HttpConfig::new("Test", "https://api.example.com");
        config
            .header("authorization", "Bearer sk_live_x", true, "LiveAPIKey")
            .unwrap();
        assert!(!format!("{config:?}").contains("sk_live_x"));
        let err = config
            .header("authorization", "Bearer \n sk", true, "LiveAPIKey")
            .unwrap_err();
        assert!(!err.to_string().contains("Bearer"));
    }
}
