//! A fake Stripe API on loopback, following the documented behaviour of the
//! list and retrieve endpoints of every resource in [`resources::RESOURCES`]
//! (`/v1/customers`, `/v1/customers/{id}`, `/v1/charges`, `/v1/refunds`, ...),
//! the search endpoints of the searchable ones (`/v1/charges/search`, see
//! [`search`]), plus `GET /v1/account` and `GET /v1/balance`.
//!
//! Each connected account (`Stripe-Account: acct_...`) sees objects of its
//! own, generated from the seed and the account id. Restricted keys
//! ([`FakeStripeConfig::restricted_keys`]) read only the resources they list
//! and get Stripe's 403 permission error elsewhere.
//!
//! The server runs on its own thread and tokio runtime, so it serves sync tests
//! too, and stops when the [`FakeStripe`] handle is dropped. It records every
//! request it receives (tests assert exact counts) and can add latency and
//! inject faults at run time.
//!
//! The platform account changes at run time ([`changes`]): tests create and
//! refund charges, update objects and delete customers, each change stamped
//! now and written to `/v1/events` as Stripe writes it, so that a later
//! process can refresh what it cached with `created[gt]` and the events.
//! `/v1/events` takes `type` with `*` wildcards (`charge.*`) or up to 20
//! `types[]`, not both.
//!
//! Control endpoints under `/_fake/` (never recorded, no auth) serve the
//! generated data and the log to out-of-process tests (Python, shell):
//! `GET /_fake/{resource}` (`customers`, `charges`, ...), `GET /_fake/requests`,
//! `GET /_fake/request_count`, `POST /_fake/reset_log`,
//! `POST /_fake/fail?n=N&status=S`, `POST /_fake/garbage?n=N`,
//! `POST /_fake/latency?ms=N`; and the changes, answering the changed
//! object: `POST /_fake/charges/create?amount=N&currency=C[&customer=ID]`,
//! `POST /_fake/charges/{id}/refund`, `POST /_fake/customers/{id}/delete`.

// Validation helpers return the finished error response as `Err`; it is built once per
// request, so its size does not matter.
#![allow(clippy::result_large_err)]

pub mod changes;
pub mod data;
pub mod families;
pub mod resources;
pub mod search;

use crate::control::{Controls, Fault, lock};
use crate::request_log::Request;
use crate::serve::Server;
use std::collections::{HashMap, HashSet};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, Method, header};
use axum::response::Response;
use serde::Serialize;
use serde_json::{Value, json};

use resources::{REQUIRED, RESOURCES, Resource, Route, SUMMED, Sizes, UNPAGED, WINDOWS, route_of};

/// The key a fake server accepts unless configured otherwise.
pub const DEFAULT_API_KEY: &str = "sk_test_apiodbc";

/// Request headers kept in the log (lower-case names).
pub const LOGGED_HEADERS: &[&str] = &[
    "authorization",
    "stripe-account",
    "stripe-version",
    "user-agent",
    "idempotency-key",
    "accept",
    "accept-encoding",
    "content-type",
];

/// How to start a [`FakeStripe`].
#[derive(Clone, Debug)]
pub struct FakeStripeConfig {
    /// Number of generated customers.
    pub customers: usize,
    /// Number of generated charges.
    pub charges: usize,
    /// Number of generated objects of every other resource (refunds, payouts, ...).
    pub others: usize,
    /// The only API key accepted (Bearer, or Basic with the key as user name).
    pub api_key: String,
    /// Delay added before answering every request.
    pub latency: Duration,
    /// Port on 127.0.0.1; 0 picks a free one.
    pub port: u16,
    /// Seed of the generated data; same seed and sizes give the same objects.
    pub seed: u64,
    /// Restricted keys (`rk_...`) also accepted, each with the resources it
    /// may read (`charges`, ...).
    pub restricted_keys: Vec<(String, Vec<String>)>,
}

impl Default for FakeStripeConfig {
    fn default() -> Self {
        FakeStripeConfig {
            customers: 25,
            charges: 250,
            others: 60,
            api_key: DEFAULT_API_KEY.to_owned(),
            latency: Duration::ZERO,
            port: 0,
            seed: 42,
            restricted_keys: Vec::new(),
        }
    }
}

impl FakeStripeConfig {
    /// Config with `customers` customers and `charges` charges, defaults otherwise.
    pub fn sized(customers: usize, charges: usize) -> Self {
        FakeStripeConfig {
            customers,
            charges,
            ..Default::default()
        }
    }
}

/// Further keys (e.g. OAuth access tokens a fake OAuth server issues) the
/// server accepts as Bearer tokens; shared with whoever issues and revokes them.
pub type AcceptedKeys = Arc<Mutex<HashSet<String>>>;

/// The objects of one resource, newest first, and their positions by id.
#[derive(Clone)]
struct Collection {
    resource: &'static Resource,
    objects: Vec<Value>,
    index: HashMap<String, usize>,
    /// No object has a `created` newer than the one before it (objects
    /// made in the same second keep their order), so a `created` window is
    /// a contiguous run.
    newest_first: bool,
    /// Ids of deleted objects, which retrieving answers with a stub.
    deleted: HashSet<String>,
}

impl Collection {
    fn new(resource: &'static Resource, objects: Vec<Value>) -> Collection {
        let mut collection = Collection {
            resource,
            objects,
            index: HashMap::new(),
            newest_first: false,
            deleted: HashSet::new(),
        };
        collection.reindex();
        collection
    }

    /// Recomputes the index and the order after a batch of changes.
    fn reindex(&mut self) {
        self.index = self
            .objects
            .iter()
            .enumerate()
            .map(|(i, o)| (o["id"].as_str().unwrap().to_owned(), i))
            .collect();
        self.newest_first = self.objects.windows(2).all(|w| {
            matches!((w[0]["created"].as_i64(), w[1]["created"].as_i64()), (Some(a), Some(b)) if a >= b)
        });
    }
}

/// Every resource of one account; a change copies only the collections it
/// touches, and only while a request still reads them.
type Collections = HashMap<&'static str, Arc<Collection>>;

fn collections(seed: u64, sizes: &Sizes) -> Collections {
    let mut world = resources::generate(seed, sizes);
    RESOURCES
        .iter()
        .map(|resource| {
            let objects = world.remove(resource.name).unwrap_or_default();
            (resource.name, Arc::new(Collection::new(resource, objects)))
        })
        .collect()
}

/// The seed of a connected account's data.
fn account_seed(seed: u64, account: &str) -> u64 {
    let hash = account.bytes().fold(0xCBF2_9CE4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01B3)
    });
    data::mix(seed ^ hash)
}

/// The platform account: its objects and how many objects changes have made.
struct Platform {
    collections: Arc<Collections>,
    made: u64,
}

struct Shared {
    api_key: String,
    accepted: AcceptedKeys,
    restricted: Vec<(String, Vec<String>)>,
    seed: u64,
    sizes: Sizes,
    /// The platform account's objects (no `Stripe-Account` header), which
    /// tests change ([`FakeStripe::change`]).
    platform: Mutex<Platform>,
    /// Connected accounts' objects, generated on first use.
    accounts: Mutex<HashMap<String, Arc<Collections>>>,
    controls: Controls,
}

/// Handle to a running fake Stripe server; dropping it stops the server.
pub struct FakeStripe {
    server: Server,
    shared: Arc<Shared>,
}

/// The request log, latency and faults ([`Controls`]) are the fake's own.
impl std::ops::Deref for FakeStripe {
    type Target = Controls;
    fn deref(&self) -> &Controls {
        &self.shared.controls
    }
}

impl FakeStripe {
    /// Generates the data, binds `127.0.0.1:<port>` and starts serving on a background thread.
    /// Panics if the port cannot be bound.
    pub fn start(config: FakeStripeConfig) -> FakeStripe {
        let sizes = Sizes {
            customers: config.customers,
            charges: config.charges,
            others: config.others,
        };
        let shared = Arc::new(Shared {
            api_key: config.api_key,
            accepted: AcceptedKeys::default(),
            restricted: config.restricted_keys,
            seed: config.seed,
            sizes,
            platform: Mutex::new(Platform {
                collections: Arc::new(collections(config.seed, &sizes)),
                made: 0,
            }),
            accounts: Mutex::new(HashMap::new()),
            controls: Controls::new(config.latency),
        });

        let router = Router::new()
            .fallback(handle)
            .with_state(Arc::clone(&shared));
        FakeStripe {
            server: Server::start("fake Stripe", config.port, router),
            shared,
        }
    }

    /// `http://127.0.0.1:PORT` (no trailing slash), the value for the driver's `BaseURL`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.server.addr())
    }

    /// The bound socket address.
    pub fn addr(&self) -> SocketAddr {
        self.server.addr()
    }

    /// The accepted API key.
    pub fn api_key(&self) -> &str {
        &self.shared.api_key
    }

    /// The set of further accepted keys (see [`AcceptedKeys`]).
    pub fn accepted_keys(&self) -> AcceptedKeys {
        Arc::clone(&self.shared.accepted)
    }

    /// All customers, newest first (the order the list endpoint returns them in).
    pub fn customers(&self) -> Vec<Value> {
        self.objects("customers")
    }

    /// All charges, newest first.
    pub fn charges(&self) -> Vec<Value> {
        self.objects("charges")
    }

    /// The object behind `GET /v1/balance`, computed from the balance transactions.
    pub fn balance(&self) -> Value {
        data::balance(&self.objects("balance_transactions"))
    }

    /// The customer with this id.
    pub fn customer(&self, id: &str) -> Option<Value> {
        self.object("customers", id)
    }

    /// The charge with this id.
    pub fn charge(&self, id: &str) -> Option<Value> {
        self.object("charges", id)
    }

    /// All objects of resource `name` (`refunds`, `payouts`, ...), newest
    /// first, including any a list without filters hides, as they are now
    /// (a copy: the account may change). Panics for an unknown resource.
    pub fn objects(&self, name: &str) -> Vec<Value> {
        self.with_objects(name, <[Value]>::to_vec)
    }

    /// `f` of the objects of resource `name` as they are now, without a
    /// copy (a million charges hold gigabytes).
    pub fn with_objects<R>(&self, name: &str, f: impl FnOnce(&[Value]) -> R) -> R {
        let account = self.shared.account(None);
        let collection = account
            .get(name)
            .unwrap_or_else(|| panic!("fake Stripe has no resource {name}"));
        f(&collection.objects)
    }

    /// The object of resource `name` with this id, as it is now.
    pub fn object(&self, name: &str, id: &str) -> Option<Value> {
        let collections = self.shared.account(None);
        let collection = collections.get(name)?;
        collection
            .index
            .get(id)
            .map(|&i| collection.objects[i].clone())
    }

    /// All objects of resource `name` that connected account `account` sees, newest first.
    pub fn account_objects(&self, account: &str, name: &str) -> Vec<Value> {
        self.shared.account(Some(account))[name].objects.clone()
    }
}

/// Decodes `%XX` escapes and, if `plus_is_space`, `+` (form encoding). Invalid escapes stay as is.
pub fn percent_decode(s: &str, plus_is_space: bool) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push(h << 4 | l);
                    i += 3;
                    continue;
                }
                _ => out.push(b'%'),
            },
            b'+' if plus_is_space => out.push(b' '),
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Splits a query string into decoded (key, value) pairs, in order.
pub fn parse_query(raw: &str) -> Vec<(String, String)> {
    raw.split('&')
        .filter(|part| !part.is_empty())
        .map(|part| {
            let (k, v) = part.split_once('=').unwrap_or((part, ""));
            (percent_decode(k, true), percent_decode(v, true))
        })
        .collect()
}

/// Masks a key the way Stripe echoes it in "Invalid API Key provided": the
/// `sk_test_`-style prefix and the last four characters stay, the rest become `*`.
pub fn mask_key(key: &str) -> String {
    let chars: Vec<char> = key.chars().collect();
    let prefix_len = [
        "sk_test_", "sk_live_", "rk_test_", "rk_live_", "pk_test_", "pk_live_",
    ]
    .iter()
    .find(|p| key.starts_with(*p))
    .map_or(0, |p| p.len());
    if chars.len() <= prefix_len + 4 {
        let keep = prefix_len.min(chars.len());
        let mut s: String = chars[..keep].iter().collect();
        s.push_str(&"*".repeat(chars.len() - keep));
        return s;
    }
    let mut s: String = chars[..prefix_len].iter().collect();
    s.push_str(&"*".repeat(chars.len() - prefix_len - 4));
    s.extend(&chars[chars.len() - 4..]);
    s
}

/// A Stripe error body `{"error": {...}}` as an HTTP response.
fn error_response(status: u16, error: Value) -> Response {
    json_response(status, &json!({ "error": error }))
}

fn json_response(status: u16, body: &impl Serialize) -> Response {
    Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, "application/json")
        .header("stripe-version", "2020-08-27")
        // Compact, unlike Stripe's indented bodies: the same JSON for every
        // client, and the fake's own cost does not swamp the benchmark.
        .body(Body::from(serde_json::to_vec(body).expect("serialize")))
        .expect("response")
}

fn invalid_request(message: impl Into<String>, param: Option<&str>) -> Response {
    let mut error = json!({"type": "invalid_request_error", "message": message.into()});
    if let Some(param) = param {
        error["param"] = Value::from(param);
    }
    error_response(400, error)
}

fn unknown_parameter(param: &str) -> Response {
    invalid_request(format!("Received unknown parameter: {param}"), Some(param))
}

fn resource_missing(status: u16, kind: &str, id: &str, param: &str) -> Response {
    error_response(
        status,
        json!({
            "type": "invalid_request_error",
            "code": "resource_missing",
            "doc_url": "https://stripe.com/docs/error-codes/resource-missing",
            "message": format!("No such {kind}: '{id}'"),
            "param": param,
        }),
    )
}

fn unrecognized_url(method: &Method, path: &str) -> Response {
    error_response(
        404,
        json!({
            "type": "invalid_request_error",
            "message": format!("Unrecognized request URL ({method}: {path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/."),
        }),
    )
}

fn fault_response(status: u16, should_retry: Option<bool>) -> Response {
    let (error, retry_after) = match status {
        429 => (
            json!({
                "type": "invalid_request_error",
                "code": "rate_limit",
                "doc_url": "https://stripe.com/docs/error-codes/rate-limit",
                "message": "Request rate limit exceeded. Learn more about rate limits here https://stripe.com/docs/rate-limits.",
            }),
            true,
        ),
        400..=499 => (
            json!({"type": "invalid_request_error", "message": format!("Injected error {status}.")}),
            false,
        ),
        _ => (
            json!({"type": "api_error", "message": "An unknown error occurred"}),
            false,
        ),
    };
    let mut response = error_response(status, error);
    let headers = response.headers_mut();
    if retry_after {
        headers.insert(header::RETRY_AFTER, "0".parse().unwrap());
    }
    if let Some(retry) = should_retry.or((status == 429 || status >= 500).then_some(true)) {
        headers.insert("stripe-should-retry", retry.to_string().parse().unwrap());
    }
    response
}

fn json_body(body: &'static str) -> Response {
    Response::builder()
        .status(200)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body))
        .expect("response")
}

fn garbage_response() -> Response {
    Response::builder()
        .status(200)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(
            "<html><body><h1>502 Bad Gateway</h1>not JSON {\"object\": \"list\", \"data\": [",
        ))
        .expect("response")
}

pub(crate) fn header_str<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

pub(crate) fn base64_decode(s: &str) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let mut buf = 0u32;
    let mut bits = 0;
    for c in s.trim().bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            b'=' => break,
            _ => return None,
        };
        buf = buf << 6 | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buf >> bits) as u8);
            buf &= (1 << bits) - 1;
        }
    }
    Some(out)
}

/// The key a request presents, if any: `Bearer <key>` or `Basic base64(<key>:)`.
fn presented_key(headers: &HeaderMap) -> Option<String> {
    let value = header_str(headers, "authorization")?.trim();
    let (scheme, rest) = value.split_once(' ').unwrap_or((value, ""));
    if scheme.eq_ignore_ascii_case("bearer") {
        Some(rest.trim().to_owned())
    } else if scheme.eq_ignore_ascii_case("basic") {
        let decoded = String::from_utf8(base64_decode(rest)?).ok()?;
        Some(
            decoded
                .split_once(':')
                .map_or(decoded.clone(), |(u, _)| u.to_owned()),
        )
    } else {
        Some(String::new())
    }
}

fn check_auth(shared: &Shared, headers: &HeaderMap) -> Result<(), Response> {
    match presented_key(headers) {
        None => Err(error_response(
            401,
            json!({
                "type": "invalid_request_error",
                "message": "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.",
            }),
        )),
        Some(key)
            if key == shared.api_key
                || lock(&shared.accepted).contains(&key)
                || shared.restricted.iter().any(|(k, _)| *k == key) =>
        {
            Ok(())
        }
        Some(key) => {
            let mut response = error_response(
                401,
                json!({
                    "type": "invalid_request_error",
                    "message": format!("Invalid API Key provided: {}", mask_key(&key)),
                }),
            );
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                "Basic realm=\"Stripe\"".parse().unwrap(),
            );
            Err(response)
        }
    }
}

async fn handle(State(shared): State<Arc<Shared>>, req: axum::extract::Request) -> Response {
    let method = req.method().clone();
    let path = percent_decode(req.uri().path(), false);
    let raw_query = req.uri().query().unwrap_or("").to_owned();
    let query = parse_query(&raw_query);
    let headers = req.headers().clone();

    if let Some(control) = path.strip_prefix("/_fake/") {
        return control_endpoint(&shared, &method, control, &query);
    }

    let entry = Request {
        seq: 0,
        method: method.to_string(),
        path: path.clone(),
        raw_query,
        query: query.clone(),
        headers: LOGGED_HEADERS
            .iter()
            .filter_map(|name| {
                header_str(&headers, name).map(|v| ((*name).to_owned(), v.to_owned()))
            })
            .collect(),
        stripe_account: header_str(&headers, "stripe-account").map(str::to_owned),
        status: 0,
        at_micros: 0,
    };
    let seq = shared.controls.log.arrived(entry);

    let fault = shared.controls.meet().await;
    let account = header_str(&headers, "stripe-account");
    let mut response = match fault {
        Some(Fault::Status {
            status,
            should_retry,
        }) => fault_response(status, should_retry),
        Some(Fault::Garbage) => garbage_response(),
        Some(Fault::Body(body)) => json_body(body),
        None | Some(Fault::Pass) => match check_auth(&shared, &headers)
            .and_then(|()| check_permission(&shared, &headers, &path, account))
        {
            Err(response) => response,
            Ok(()) => route(&shared, &shared.account(account), &method, &path, &query),
        },
    };
    if let Some(version) = header_str(&headers, "stripe-version")
        .and_then(|v| axum::http::HeaderValue::from_str(v).ok())
    {
        response.headers_mut().insert("stripe-version", version);
    }

    response
        .headers_mut()
        .insert("request-id", format!("req_fake{seq:010}").parse().unwrap());
    shared
        .controls
        .log
        .answered(seq, response.status().as_u16());
    response
}

fn control_endpoint(
    shared: &Shared,
    method: &Method,
    what: &str,
    query: &[(String, String)],
) -> Response {
    if let Some(answer) = shared.controls.endpoint(method.as_str(), what, query) {
        return json_response(200, &answer);
    }
    if method == Method::POST
        && let Some(response) = changes::control(shared, what, query)
    {
        return response;
    }
    let collections = shared.account(None);
    match (method.as_str(), what) {
        ("GET", name) if collections.contains_key(name) => {
            json_response(200, &collections[name].objects)
        }
        _ => json_response(
            404,
            &json!({"error": format!("no control endpoint {method} /_fake/{what}")}),
        ),
    }
}

impl Shared {
    /// The objects an account sees: the platform's, or a connected account's.
    fn account(&self, account: Option<&str>) -> Arc<Collections> {
        match account {
            None => Arc::clone(&lock(&self.platform).collections),
            Some(id) => Arc::clone(lock(&self.accounts).entry(id.to_owned()).or_insert_with(
                || Arc::new(collections(account_seed(self.seed, id), &self.sizes)),
            )),
        }
    }
}

/// A restricted key may read only the resources it lists; elsewhere Stripe
/// answers 403 naming the permission that is missing.
fn check_permission(
    shared: &Shared,
    headers: &HeaderMap,
    path: &str,
    account: Option<&str>,
) -> Result<(), Response> {
    let Some(key) = presented_key(headers) else {
        return Ok(());
    };
    let Some((_, readable)) = shared.restricted.iter().find(|(k, _)| *k == key) else {
        return Ok(());
    };
    let name = path.trim_start_matches('/').split('/').nth(1).unwrap_or("");
    let object = resources::resource(name).map_or(name, |r| r.object);
    if name == "account" || readable.iter().any(|r| r == name) {
        return Ok(());
    }
    let account = account.map_or_else(
        || {
            data::account(shared.seed)["id"]
                .as_str()
                .unwrap_or("")
                .to_owned()
        },
        str::to_owned,
    );
    Err(error_response(
        403,
        json!({
            "type": "invalid_request_error",
            "message": format!(
                "The provided key '{}' does not have the required permissions for this endpoint on account '{account}'. Having the 'rak_{object}_read' permission would allow this request to continue.",
                mask_key(&key)
            ),
        }),
    ))
}

fn route(
    shared: &Shared,
    collections: &Collections,
    method: &Method,
    path: &str,
    query: &[(String, String)],
) -> Response {
    if method != Method::GET {
        return unrecognized_url(method, path);
    }
    let Some(rest) = path.strip_prefix("/v1/") else {
        return unrecognized_url(method, path);
    };
    if let Some(single) = match rest {
        "account" => Some(data::account(shared.seed)),
        "balance" => Some(data::balance(&collections["balance_transactions"].objects)),
        _ => None,
    } {
        return match only_expand(query) {
            Err(response) => response,
            Ok(()) => json_response(200, &single),
        };
    }
    if let Some(name) = rest.strip_suffix("/search")
        && search::fields(name).is_some()
        && let Some(collection) = collections.get(name)
    {
        return search_list(collection, query);
    }
    match resolve(collections, rest) {
        Some(Target::List(collection)) => list(collection, query, None, path),
        Some(Target::Get(collection, id)) => retrieve(collection, id, query),
        Some(Target::Children(collection, field, parent, id)) => {
            if parent.index.contains_key(id) {
                list(collection, query, Some((field, id)), path)
            } else {
                resource_missing(404, parent.resource.object, id, "id")
            }
        }
        None => unrecognized_url(method, path),
    }
}

/// What a path under `/v1/` asks for.
enum Target<'a> {
    List(&'a Collection),
    Get(&'a Collection, &'a str),
    /// The children (whose `field` is the parent's id) of one parent.
    Children(&'a Collection, &'static str, &'a Collection, &'a str),
}

/// `/v1/` + `rest` against every resource's [`Route`].
fn resolve<'a>(collections: &'a Collections, rest: &'a str) -> Option<Target<'a>> {
    let base = |name: &'static str| match route_of(name) {
        Route::At(path) => Some(path),
        Route::Retrieved(_) | Route::Under { .. } => None,
    };
    collections.values().find_map(|collection| {
        let name = collection.resource.name;
        match route_of(name) {
            Route::At(path) if rest == path => Some(Target::List(collection)),
            Route::At(path) | Route::Retrieved(path) => {
                let id = rest.strip_prefix(path)?.strip_prefix('/')?;
                (!id.is_empty() && !id.contains('/')).then_some(Target::Get(collection, id))
            }
            Route::Under {
                parent,
                segment,
                field,
            } => {
                let under = rest.strip_prefix(base(parent)?)?.strip_prefix('/')?;
                let id = under.strip_suffix(segment)?.strip_suffix('/')?;
                let parents = collections.get(parent)?;
                (!id.is_empty() && !id.contains('/'))
                    .then_some(Target::Children(collection, field, parents, id))
            }
        }
    })
}

/// An object as clients see it: without the fake's own `_` fields, nor the
/// fields Stripe includes only when expanded (`omitted`). It is serialized
/// in place, so answering costs no copy of the objects.
struct Public<'a>(&'a Value, &'a [&'a str]);

impl Serialize for Public<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        match self.0 {
            Value::Object(map) => {
                let mut out = serializer.serialize_map(None)?;
                let shown = |k: &&String| !k.starts_with('_') && !self.1.contains(&k.as_str());
                for (key, value) in map.iter().filter(|(k, _)| shown(k)) {
                    out.serialize_entry(key, value)?;
                }
                out.end()
            }
            other => other.serialize(serializer),
        }
    }
}

/// A list page, serialized straight from the collection.
#[derive(Serialize)]
struct Page<'a> {
    object: &'static str,
    data: Vec<Public<'a>>,
    has_more: bool,
    url: &'a str,
}

fn is_expand(key: &str) -> bool {
    key == "expand" || (key.starts_with("expand[") && key.ends_with(']'))
}

/// The fields of the resource's objects that Stripe includes only when
/// the request expands them (`prefix` is `data.` on a list) and this one
/// does not.
fn omitted(resource: &Resource, query: &[(String, String)], prefix: &str) -> Vec<&'static str> {
    let expanded = |field: &str| {
        query
            .iter()
            .any(|(k, v)| is_expand(k) && v.strip_prefix(prefix) == Some(field))
    };
    resources::INCLUDABLE
        .iter()
        .filter(|(name, field)| *name == resource.name && !expanded(field))
        .map(|(_, field)| *field)
        .collect()
}

fn only_expand(query: &[(String, String)]) -> Result<(), Response> {
    match query.iter().find(|(k, _)| !is_expand(k)) {
        Some((k, _)) => Err(unknown_parameter(k)),
        None => Ok(()),
    }
}

fn retrieve(collection: &Collection, id: &str, query: &[(String, String)]) -> Response {
    if let Err(response) = only_expand(query) {
        return response;
    }
    match collection.index.get(id) {
        Some(&i) => {
            let omitted = omitted(collection.resource, query, "");
            json_response(200, &Public(&collection.objects[i], &omitted))
        }
        None if collection.deleted.contains(id) => json_response(
            200,
            &json!({"id": id, "object": collection.resource.object, "deleted": true}),
        ),
        None => resource_missing(404, collection.resource.object, id, "id"),
    }
}

fn parse_int(value: &str, param: &str) -> Result<i64, Response> {
    value
        .trim()
        .parse::<i64>()
        .map_err(|_| invalid_request(format!("Invalid integer: {value}"), Some(param)))
}

fn empty_string(param: &str) -> Response {
    invalid_request(
        format!(
            "You passed an empty string for '{param}'. We assume empty values are an attempt to unset a parameter; however '{param}' cannot be unset. You should remove '{param}' from your request or supply a non-empty value."
        ),
        Some(param),
    )
}

struct ListQuery {
    limit: usize,
    starting_after: Option<usize>,
    ending_before: Option<usize>,
    /// (field, operator, bound) of range parameters.
    ranges: Vec<(String, &'static str, i64)>,
    filters: Vec<(String, String)>,
    /// (field, pattern) of filters where `*` stands for any text.
    patterns: Vec<(&'static str, String)>,
    /// (field, values) of array parameters: the field is one of the values.
    any_of: Vec<(&'static str, Vec<String>)>,
    /// (field, values) hidden because their parameter was not sent.
    hidden: Option<(&'static str, &'static [&'static str])>,
}

/// A range parameter `p`, `p[gt]`, ... of the resource as (field path, operator).
fn range_param(resource: &Resource, key: &str) -> Option<(&'static str, &'static str)> {
    if let Some(&(_, param, op)) = WINDOWS
        .iter()
        .find(|(name, param, _)| *name == resource.name && *param == key)
    {
        return Some((param, op));
    }
    resource.ranges.iter().find_map(|&entry| {
        let (param, field) = resources::param_field(entry);
        let op = match key.strip_prefix(param)? {
            "" => "eq",
            "[gt]" => "gt",
            "[gte]" => "gte",
            "[lt]" => "lt",
            "[lte]" => "lte",
            _ => return None,
        };
        Some((field, op))
    })
}

fn parse_list_query(
    collection: &Collection,
    query: &[(String, String)],
) -> Result<ListQuery, Response> {
    let resource = collection.resource;
    let paged = !UNPAGED.contains(&resource.name);
    let mut q = ListQuery {
        limit: if paged { 10 } else { usize::MAX },
        starting_after: None,
        ending_before: None,
        ranges: Vec::new(),
        filters: Vec::new(),
        patterns: Vec::new(),
        any_of: Vec::new(),
        hidden: resource
            .hidden_unless
            .filter(|(param, _)| !query.iter().any(|(k, _)| k == param)),
    };
    // Stripe validates every parameter name first, then the values.
    for (key, _) in query {
        let known = is_expand(key)
            || (paged && matches!(key.as_str(), "limit" | "starting_after" | "ending_before"))
            || range_param(resource, key).is_some()
            || equals_field(resource, key).is_some();
        if !known {
            return Err(unknown_parameter(key));
        }
    }
    let mut last: HashMap<&str, &str> = HashMap::new();
    for (key, value) in query {
        if key.ends_with("[]") && !is_expand(key) {
            if value.is_empty() {
                return Err(empty_string(key));
            }
            let field = equals_field(resource, key).expect("checked");
            match q.any_of.iter_mut().find(|(f, _)| *f == field) {
                Some((_, values)) => values.push(value.clone()),
                None => q.any_of.push((field, vec![value.clone()])),
            }
        } else if !is_expand(key) {
            last.insert(key.as_str(), value.as_str());
        }
    }
    if resource.name == "events" {
        check_event_types(query)?;
    }
    if let Some(cursor) = ["starting_after", "ending_before"]
        .into_iter()
        .find(|c| last.contains_key(c))
        && query.iter().any(|(k, _)| k == "ids[]")
    {
        return Err(invalid_request(
            format!("You may only specify one of these parameters: ids, {cursor}."),
            Some("ids"),
        ));
    }
    if last.contains_key("starting_after") && last.contains_key("ending_before") {
        return Err(invalid_request(
            "You may only specify one of these parameters: ending_before, starting_after.",
            None,
        ));
    }
    let mut keys: Vec<&str> = last.keys().copied().collect();
    keys.sort_unstable();
    for key in keys {
        let value = last[key];
        match key {
            "limit" => {
                let limit = parse_int(value, "limit")?;
                if limit < 1 {
                    return Err(invalid_request(
                        "This value must be greater than or equal to 1.",
                        Some("limit"),
                    ));
                }
                if limit > 100 {
                    return Err(invalid_request(
                        "This value must be less than or equal to 100.",
                        Some("limit"),
                    ));
                }
                q.limit = limit as usize;
            }
            "starting_after" | "ending_before" => {
                if value.is_empty() {
                    return Err(empty_string(key));
                }
                let Some(&position) = collection.index.get(value) else {
                    return Err(resource_missing(400, resource.object, value, key));
                };
                if key == "starting_after" {
                    q.starting_after = Some(position);
                } else {
                    q.ending_before = Some(position);
                }
            }
            key if range_param(resource, key).is_some() => {
                let (field, op) = range_param(resource, key).expect("checked");
                q.ranges
                    .push((field.to_owned(), op, parse_int(value, key)?));
            }
            filter => {
                if value.is_empty() {
                    return Err(empty_string(filter));
                }
                invalid_value(resource, filter, value)?;
                let field = equals_field(resource, filter).expect("checked");
                let boolean = collection
                    .objects
                    .iter()
                    .any(|o| field_at(o, field).is_boolean());
                if boolean && value != "true" && value != "false" {
                    return Err(invalid_request(
                        format!("Invalid boolean: {value}"),
                        Some(filter),
                    ));
                }
                if resource
                    .hidden_unless
                    .is_some_and(|(param, _)| param == filter)
                    && value == "all"
                {
                    continue;
                }
                if WILDCARDS.contains(&(resource.name, filter)) && value.contains('*') {
                    q.patterns.push((field, value.to_owned()));
                } else {
                    q.filters.push((field.to_owned(), value.to_owned()));
                }
            }
        }
    }
    Ok(q)
}

/// Equality parameters whose value may hold `*` wildcards: `type=charge.*`.
const WILDCARDS: &[(&str, &str)] = &[("events", "type")];

/// Events take `type` or up to 20 `types[]`, not both.
fn check_event_types(query: &[(String, String)]) -> Result<(), Response> {
    let types = query.iter().filter(|(k, _)| k == "types[]").count();
    if types > 0 && query.iter().any(|(k, _)| k == "type") {
        return Err(invalid_request(
            "You may only specify one of these parameters: type, types.",
            Some("types"),
        ));
    }
    if types > 20 {
        return Err(invalid_request(
            "Invalid array: types may contain at most 20 items.",
            Some("types"),
        ));
    }
    Ok(())
}

/// Whether `text` matches `pattern`, where `*` stands for any text.
fn wildcard(pattern: &str, text: &str) -> bool {
    let mut parts = pattern.split('*');
    let first = parts.next().unwrap_or_default();
    let Some(mut rest) = text.strip_prefix(first) else {
        return false;
    };
    let mut parts: Vec<&str> = parts.collect();
    let Some(last) = parts.pop() else {
        return rest.is_empty();
    };
    for part in parts {
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    rest.len() >= last.len() && rest.ends_with(last)
}

/// The field an equality parameter of the resource compares with.
fn equals_field(resource: &Resource, key: &str) -> Option<&'static str> {
    resource
        .equals
        .iter()
        .map(|entry| resources::param_field(entry))
        .find_map(|(param, field)| (param == key).then_some(field))
}

/// The value at a dot path (`promotion.coupon`), `null` when absent.
fn field_at<'a>(object: &'a Value, path: &str) -> &'a Value {
    path.split('.').fold(object, |value, step| &value[step])
}

/// List parameters naming an object, with the id prefixes that object has:
/// Stripe answers 400 "No such customer" to `customer=abc`.
const REFERENCES: &[(&str, &str, &[&str])] = &[
    ("customer", "customer", &["cus_"]),
    ("charge", "charge", &["ch_", "py_"]),
    ("payment_intent", "payment_intent", &["pi_"]),
    ("product", "product", &["prod_"]),
    ("subscription", "subscription", &["sub_"]),
];

/// A filter value the real API refuses with 400: a reference of the wrong
/// kind, a value outside the parameter's enumeration, a currency that is
/// not three letters.
fn invalid_value(resource: &Resource, param: &str, value: &str) -> Result<(), Response> {
    if let Some((_, object, prefixes)) = REFERENCES.iter().find(|(p, _, _)| *p == param)
        && !prefixes.iter().any(|p| value.starts_with(p))
    {
        return Err(resource_missing(400, object, value, param));
    }
    if let Some((_, _, values)) = resources::ENUMS
        .iter()
        .find(|(r, p, _)| *r == resource.name && *p == param)
        && !values.contains(&value)
    {
        return Err(invalid_request(
            format!("Invalid {param}: must be one of {}", values.join(", ")),
            Some(param),
        ));
    }
    if param == "currency" && !(value.len() == 3 && value.bytes().all(|b| b.is_ascii_lowercase())) {
        return Err(invalid_request(
            format!(
                "Invalid currency: {value}. Stripe currently supports these currencies: usd, eur, gbp, ..."
            ),
            Some(param),
        ));
    }
    Ok(())
}

/// `GET /v1/{resource}/search`: `query` (see [`search`]), `limit` 1..100
/// (default 10) and `page`, the `next_page` token of the previous page.
fn search_list(collection: &Collection, query: &[(String, String)]) -> Response {
    let mut text = None;
    let mut limit = 10usize;
    let mut offset = 0usize;
    for (key, value) in query {
        match key.as_str() {
            "query" => text = Some(value.as_str()),
            "limit" => match parse_int(value, "limit") {
                Ok(n @ 1..=100) => limit = n as usize,
                Ok(_) => {
                    return invalid_request("This value must be between 1 and 100.", Some("limit"));
                }
                Err(response) => return response,
            },
            "page" => match value.strip_prefix("page_").and_then(|n| n.parse().ok()) {
                Some(n) => offset = n,
                None => return invalid_request("Invalid page token.", Some("page")),
            },
            key if is_expand(key) => {}
            other => return unknown_parameter(other),
        }
    }
    let Some(text) = text else {
        return invalid_request("Missing required param: query.", Some("query"));
    };
    let fields = search::fields(collection.resource.name).unwrap_or_default();
    let clauses = match search::parse(text, fields) {
        Ok(clauses) => clauses,
        Err(message) => return invalid_request(message, Some("query")),
    };
    let found: Vec<&Value> = collection
        .objects
        .iter()
        .filter(|o| search::matches(o, &clauses))
        .collect();
    let end = found.len().min(offset + limit);
    let page: Vec<Value> = found
        .get(offset..end)
        .unwrap_or_default()
        .iter()
        .map(|o| (*o).clone())
        .collect();
    let has_more = end < found.len();
    json_response(
        200,
        &json!({
            "object": "search_result",
            "data": page,
            "has_more": has_more,
            "next_page": if has_more { Value::from(format!("page_{end}")) } else { Value::Null },
            "url": format!("/v1/{}/search", collection.resource.name),
        }),
    )
}

/// A field's value as a list filter compares it: text, an expanded object's id, or `true`/`false`.
fn filter_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Object(map) => map.get("id").and_then(Value::as_str).map(str::to_owned),
        _ => None,
    }
}

fn matches(object: &Value, q: &ListQuery) -> bool {
    let ranges_ok = q.ranges.iter().all(|(field, op, v)| {
        let Some(n) = field_at(object, field).as_i64() else {
            return false;
        };
        match *op {
            "eq" => n == *v,
            "gt" => n > *v,
            "gte" => n >= *v,
            "lt" => n < *v,
            "lte" => n <= *v,
            _ => unreachable!(),
        }
    });
    let visible = q.hidden.is_none_or(|(field, hidden)| {
        hidden != resources::EVERY
            && !filter_text(&object[field]).is_some_and(|v| hidden.contains(&v.as_str()))
    });
    ranges_ok
        && visible
        && q.filters.iter().all(|(field, value)| {
            filter_text(field_at(object, field)).as_deref() == Some(value.as_str())
        })
        && q.patterns.iter().all(|(field, pattern)| {
            filter_text(field_at(object, field)).is_some_and(|v| wildcard(pattern, &v))
        })
        && q.any_of.iter().all(|(field, values)| {
            filter_text(field_at(object, field)).is_some_and(|v| values.contains(&v))
        })
}

/// The positions a query selects when it filters on `created` only: a
/// contiguous run, found by binary search (objects are newest first), so
/// that paging through large benchmark data stays cheap.
fn created_span(collection: &Collection, q: &ListQuery) -> Option<std::ops::Range<usize>> {
    if !q.filters.is_empty()
        || !q.patterns.is_empty()
        || !q.any_of.is_empty()
        || q.hidden.is_some()
        || q.ranges.iter().any(|(f, _, _)| f != "created")
    {
        return None;
    }
    if !collection.newest_first {
        return None;
    }
    let objects = &collection.objects;
    let first_at_most = |v: i64| objects.partition_point(|o| o["created"].as_i64() > Some(v));
    let (mut start, mut end) = (0, objects.len());
    for (_, op, v) in &q.ranges {
        match *op {
            "gte" => end = end.min(first_at_most(*v - 1)),
            "gt" => end = end.min(first_at_most(*v)),
            "lte" => start = start.max(first_at_most(*v)),
            "lt" => start = start.max(first_at_most(*v - 1)),
            _ => {
                start = start.max(first_at_most(*v));
                end = end.min(first_at_most(*v - 1));
            }
        }
    }
    Some(start..end.max(start))
}

/// A list page of the list at `url`; `parent` = (field, id) lists the children of one parent.
fn list(
    collection: &Collection,
    query: &[(String, String)],
    parent: Option<(&'static str, &str)>,
    url: &str,
) -> Response {
    let mut q = match parse_list_query(collection, query) {
        Ok(q) => q,
        Err(response) => return response,
    };
    let name = collection.resource.name;
    if let Some((_, param)) = REQUIRED
        .iter()
        .find(|(n, p)| *n == name && !query.iter().any(|(k, _)| k == p))
    {
        return invalid_request(format!("Missing required param: {param}."), Some(param));
    }
    if let Some((field, id)) = parent {
        q.filters.push((field.to_owned(), id.to_owned()));
    }
    if let Some((_, field)) = SUMMED.iter().find(|(n, _)| *n == name) {
        return summed(collection, &q, field, url);
    }
    // Positions in the full collection (newest first) of the objects passing the filters.
    if let Some(run) = created_span(collection, &q) {
        let (page, has_more) = page_of_run(run, &q);
        return list_response(collection, &page, has_more, url, query);
    }
    let selected: Vec<usize> = collection
        .objects
        .iter()
        .enumerate()
        .filter(|(_, o)| matches(o, &q))
        .map(|(i, _)| i)
        .collect();
    let (page, has_more): (&[usize], bool) = if let Some(cursor) = q.ending_before {
        // The `limit` objects just before (newer than) the cursor, still newest first.
        let before = &selected[..selected.partition_point(|&i| i < cursor)];
        let start = before.len().saturating_sub(q.limit);
        (&before[start..], start > 0)
    } else {
        let after = match q.starting_after {
            Some(cursor) => &selected[selected.partition_point(|&i| i <= cursor)..],
            None => &selected[..],
        };
        let end = after.len().min(q.limit);
        (&after[..end], after.len() > end)
    };
    list_response(collection, page, has_more, url, query)
}

/// The page of a contiguous run of positions, as [`list`] pages a selection.
fn page_of_run(run: std::ops::Range<usize>, q: &ListQuery) -> (Vec<usize>, bool) {
    if let Some(cursor) = q.ending_before {
        let end = cursor.clamp(run.start, run.end);
        let start = end.saturating_sub(q.limit).max(run.start);
        ((start..end).collect(), start > run.start)
    } else {
        let from = q
            .starting_after
            .map_or(run.start, |c| (c + 1).clamp(run.start, run.end));
        let end = (from + q.limit).min(run.end);
        ((from..end).collect(), run.end > end)
    }
}

/// The one object of a [`SUMMED`] list: shaped like the resource's
/// objects, carrying the query's filters and window, with `field` the sum
/// over the objects the query selects, and an id that names the query.
fn summed(collection: &Collection, q: &ListQuery, field: &str, url: &str) -> Response {
    let inside = collection.objects.iter().filter(|o| matches(o, q));
    let total: f64 = inside.filter_map(|o| o[field].as_f64()).sum();
    let mut object = collection
        .objects
        .first()
        .cloned()
        .unwrap_or_else(|| json!({}));
    let mut key = String::new();
    for (f, value) in &q.filters {
        object[f.as_str()] = Value::from(value.as_str());
        key.push_str(value);
    }
    for (f, _, value) in &q.ranges {
        object[f.as_str()] = Value::from(*value);
        key.push_str(&value.to_string());
    }
    object[field] = Value::from(total);
    let prefix = object["id"]
        .as_str()
        .and_then(|id| id.split_once('_'))
        .map_or("", |(p, _)| p);
    object["id"] = Value::from(format!("{prefix}_{:016x}", data::stream(&key)));
    json_response(
        200,
        &Page {
            object: "list",
            data: vec![Public(&object, &[])],
            has_more: false,
            url,
        },
    )
}

fn list_response(
    collection: &Collection,
    page: &[usize],
    has_more: bool,
    url: &str,
    query: &[(String, String)],
) -> Response {
    let objects = &collection.objects;
    let omitted = omitted(collection.resource, query, "data.");
    json_response(
        200,
        &Page {
            object: "list",
            data: page
                .iter()
                .map(|&i| Public(&objects[i], &omitted))
                .collect(),
            has_more,
            url,
        },
    )
}

#[cfg(test)]
mod unit {
    use super::*;

    #[test]
    fn decoding() {
        assert_eq!(percent_decode("created%5Bgte%5D", true), "created[gte]");
        assert_eq!(percent_decode("a+b%20c", true), "a b c");
        assert_eq!(percent_decode("a+b", false), "a+b");
        assert_eq!(percent_decode("100%", true), "100%");
        assert_eq!(percent_decode("%e2%98%95", true), "☕");
        assert_eq!(
            parse_query("limit=5&expand[]=data.customer&x"),
            vec![
                ("limit".into(), "5".into()),
                ("expand[]".into(), "data.customer".into()),
                ("x".into(), String::new())
            ]
        );
    }

    #[test]
    fn wildcards() {
        assert!(wildcard("charge.*", "charge.refunded"));
        assert!(wildcard("charge.*", "charge.dispute.created"));
        assert!(!wildcard("charge.*", "customer.created"));
        assert!(!wildcard("charge.*", "charge"));
        assert!(wildcard("*.created", "customer.subscription.created"));
        assert!(wildcard("customer.*.deleted", "customer.tax_id.deleted"));
        assert!(!wildcard("customer.*.deleted", "customer.deleted"));
        assert!(wildcard("*", "anything"));
    }

    #[test]
    fn masking() {
        assert_eq!(mask_key("sk_test_abcdefghxyz1"), "sk_test_********xyz1");
        assert_eq!(mask_key("sk_test_x"), "sk_test_*");
        assert_eq!(mask_key("wrongkey123"), "*******y123");
    }

    #[test]
    fn base64() {
        assert_eq!(
            base64_decode("c2tfdGVzdF9hcGlvZGJjOg==").unwrap(),
            b"sk_test_apiodbc:"
        );
    }
}
