//! Stripe: tables over `https://api.stripe.com/v1`.
//!
//! Every table is a static definition (one file each); this module holds what
//! all of them share: authentication, list paging with `starting_after`
//! cursors, get-by-id fan-out, and the scan loop. Pushdown lives in
//! [`pushdown`].

pub mod balance_transactions;
pub mod charges;
pub mod customers;
pub mod disputes;
pub mod events;
pub mod invoices;
mod partition;
pub mod payment_intents;
pub mod payouts;
pub mod prices;
pub mod products;
pub mod pushdown;
pub mod refunds;
pub mod subscriptions;

use std::sync::Arc;

use arrow::datatypes::SchemaRef;
use futures::future::BoxFuture;
use futures::{StreamExt, TryStreamExt};
use serde_json::Value as Json;

use crate::http::{Http, HttpConfig};
use crate::json::decode;
use crate::scan::{self, BatchSender};
use crate::table::{Column, Predicate, Pushdown, ScanRequest, Table};
use crate::{BatchStream, Error, Properties, Provider, Result};

use pushdown::{Mode, Plan};

pub const DEFAULT_BASE_URL: &str = "https://api.stripe.com";
/// Stripe Connect's OAuth token endpoint.
pub const DEFAULT_TOKEN_URL: &str = "https://connect.stripe.com/oauth/token";
/// The largest page the list endpoints return.
pub const PAGE_SIZE: usize = 100;
/// Documented request rates: test mode and live mode.
const TEST_RATE_LIMIT: u64 = 25;
const LIVE_RATE_LIMIT: u64 = 100;

/// Every Stripe table, in the order catalogs list them (by name).
pub static TABLES: &[&Table] = &[
    &balance_transactions::BALANCE_TRANSACTIONS,
    &charges::CHARGES,
    &customers::CUSTOMERS,
    &disputes::DISPUTES,
    &events::EVENTS,
    &invoices::INVOICES,
    &payment_intents::PAYMENT_INTENTS,
    &payouts::PAYOUTS,
    &prices::PRICES,
    &products::PRODUCTS,
    &refunds::REFUNDS,
    &subscriptions::SUBSCRIPTIONS,
];

const CATALOG: &str = "stripe";
const SCHEMA: &str = "stripe";

pub struct Stripe {
    http: Arc<Http>,
}

impl Stripe {
    /// Reads the connection properties; no request is made yet.
    pub fn new(properties: &Properties) -> Result<Self> {
        Ok(Stripe {
            http: Arc::new(Http::new(http_config(properties)?)?),
        })
    }
}

/// The HTTP set-up the properties describe: base URL, key, account, limits.
pub fn http_config(properties: &Properties) -> Result<HttpConfig> {
    let oauth = match properties.get("AuthScheme").map(str::trim) {
        None | Some("") => false,
        Some(s) if s.eq_ignore_ascii_case("apikey") => false,
        Some(s) if s.eq_ignore_ascii_case("oauth") => true,
        Some(other) => {
            return Err(Error::Config(format!(
                "unknown AuthScheme '{other}' for Stripe: use APIKey (or OAuth)"
            )));
        }
    };
    let key = if oauth { "" } else { api_key(properties)? };
    let base_url = properties
        .get("BaseURL")
        .map(str::trim)
        .filter(|u| !u.is_empty())
        .unwrap_or(DEFAULT_BASE_URL);

    let mut config = HttpConfig::new("Stripe", base_url);
    if oauth {
        config.credential_hint = "OAuthAccessToken";
        config.credentials = Some(crate::auth::credentials(
            properties,
            "Stripe",
            DEFAULT_TOKEN_URL,
        )?);
    } else {
        config.credential_hint = "LiveAPIKey (or PWD)";
        config.header(
            "authorization",
            &format!("Bearer {key}"),
            true,
            "LiveAPIKey",
        )?;
    }
    if let Some(account) = properties
        .get("AccountId")
        .map(str::trim)
        .filter(|a| !a.is_empty())
    {
        config.header("stripe-account", account, false, "AccountId")?;
    }
    config.timeout = properties.timeout()?;
    config.cache_ttl = properties.cache_ttl()?;
    config.max_concurrency = properties.number("MaxConcurrency")?.unwrap_or(8).max(1) as usize;
    let test_mode = key.starts_with("sk_test_") || key.starts_with("rk_test_");
    let rate = properties.number("RateLimit")?.unwrap_or(if test_mode {
        TEST_RATE_LIMIT
    } else {
        LIVE_RATE_LIMIT
    });
    config.rate_limit = (rate > 0).then_some(rate as f64);
    // Let a statement's concurrent requests start together, then space them.
    config.rate_burst = (config.max_concurrency as u64).clamp(1, rate.max(1)) as u32;
    Ok(config)
}

/// `LiveAPIKey` (or `PWD`) for `AuthScheme=APIKey`.
fn api_key(properties: &Properties) -> Result<&str> {
    [properties.get("LiveAPIKey"), properties.get("Password")]
        .into_iter()
        .flatten()
        .map(str::trim)
        .find(|k| !k.is_empty())
        .ok_or_else(|| {
            Error::Config(
                "set LiveAPIKey (or PWD) to a Stripe secret or restricted API key (sk_... or rk_...)"
                    .into(),
            )
        })
}

impl Provider for Stripe {
    fn name(&self) -> &'static str {
        "Stripe"
    }

    fn catalog(&self) -> String {
        CATALOG.into()
    }

    fn catalogs(&self) -> BoxFuture<'_, Result<Vec<String>>> {
        Box::pin(async { Ok(vec![CATALOG.to_string()]) })
    }

    fn default_schema(&self) -> String {
        SCHEMA.into()
    }

    fn schemas(&self) -> BoxFuture<'_, Result<Vec<String>>> {
        Box::pin(async { Ok(vec![SCHEMA.to_string()]) })
    }

    fn tables(&self, schema: &str) -> Vec<&'static Table> {
        if schema.eq_ignore_ascii_case(SCHEMA) {
            TABLES.to_vec()
        } else {
            Vec::new()
        }
    }

    fn pushdown(&self, table: &'static Table, predicate: &Predicate) -> Pushdown {
        pushdown::pushdown(table, predicate)
    }

    /// One `GET /v1/customers?limit=1`: the smallest authenticated read.
    fn check_connection(&self) -> BoxFuture<'_, Result<()>> {
        Box::pin(async move {
            self.http
                .get_json("/v1/customers", &[("limit".to_string(), "1".to_string())])
                .await
                .map(|_| ())
        })
    }

    fn scan(
        &self,
        _schema: &str,
        table: &'static Table,
        request: ScanRequest,
    ) -> Result<BatchStream> {
        let indices: Vec<usize> = match &request.projection {
            Some(p) => p.clone(),
            None => (0..table.columns.len()).collect(),
        };
        let columns = indices
            .iter()
            .map(|&i| {
                table.columns.get(i).ok_or_else(|| {
                    Error::Config(format!("table {} has no column number {i}", table.name))
                })
            })
            .collect::<Result<Vec<&'static Column>>>()?;
        let schema: SchemaRef = Arc::new(
            table
                .schema()
                .project(&indices)
                .map_err(|e| Error::Config(e.to_string()))?,
        );
        let plan = pushdown::plan(table, &request.filters);
        let job = Job {
            http: Arc::clone(&self.http),
            table,
            plan,
            schema,
            columns,
            limit: request.limit,
            fresh: request.fresh,
        };
        log::debug!(
            "Stripe: scan {} {:?} params {:?} limit {:?}",
            table.name,
            job.plan.mode,
            job.plan.params,
            job.limit
        );
        let job = Arc::new(job);
        scan::spawn(move |tx| async move {
            if let Err(e) = job.run(&tx).await {
                tx.send(Err(e)).await;
            }
        })
    }
}

/// One scan, run by the producer task.
struct Job {
    http: Arc<Http>,
    table: &'static Table,
    plan: Plan,
    schema: SchemaRef,
    columns: Vec<&'static Column>,
    limit: Option<usize>,
    /// Bypass the response cache (`/* nocache */`).
    fresh: bool,
}

/// Where a list read stands: its parameters and the cursor of the next page.
#[derive(Debug, Clone, PartialEq)]
struct Range {
    params: Vec<(String, String)>,
    cursor: Option<String>,
    done: bool,
}

impl Range {
    fn new(params: Vec<(String, String)>) -> Range {
        Range {
            params,
            cursor: None,
            done: false,
        }
    }
}

/// What the first pages of a list told about the table.
#[derive(Debug, Default)]
struct Seen {
    rows: usize,
    /// `created` of the first and of the last row read.
    newest: Option<i64>,
    oldest: Option<i64>,
}

impl Seen {
    fn add(&mut self, rows: &[Json]) {
        let created = |o: &Json| o.get("created").and_then(Json::as_i64);
        self.rows += rows.len();
        if self.newest.is_none() {
            self.newest = rows.first().and_then(created);
        }
        if let Some(last) = rows.last() {
            self.oldest = created(last);
        }
    }
}

/// Pages read one after the other before a scan may be split: a table that
/// ends within them costs no extra request.
const SEQUENTIAL_PAGES: usize = 2;

impl Job {
    async fn run(self: &Arc<Self>, tx: &BatchSender) -> Result<()> {
        if self.limit == Some(0) {
            return Ok(());
        }
        match &self.plan.mode {
            Mode::Empty => Ok(()),
            Mode::Ids(ids) => self.by_id(ids, tx).await,
            Mode::List => self.list(tx).await,
        }
    }

    /// Sends one batch; `false` when the consumer has gone.
    async fn emit(&self, rows: &[Json], tx: &BatchSender) -> Result<bool> {
        if rows.is_empty() {
            return Ok(true);
        }
        let batch = decode(&self.schema, &self.columns, rows)?;
        Ok(tx.send(Ok(batch)).await)
    }

    /// Pages through the list path, following `starting_after` while `has_more`,
    /// and stops as soon as `limit` rows are out. A long scan without a limit
    /// continues as `created` ranges read concurrently ([`partition`]).
    async fn list(self: &Arc<Self>, tx: &BatchSender) -> Result<()> {
        let mut remaining = self.limit.unwrap_or(usize::MAX);
        let mut range = Range::new(self.plan.params.clone());
        let mut seen = Seen::default();
        let mut pages = 0;
        while !range.done && remaining > 0 {
            let mut rows = self.next_page(&mut range, remaining).await?;
            seen.add(&rows);
            rows.truncate(remaining);
            remaining -= rows.len();
            if !self.emit(&rows, tx).await? {
                return Ok(());
            }
            pages += 1;
            if pages == SEQUENTIAL_PAGES
                && !range.done
                && self.limit.is_none()
                && let Some(ranges) = partition::split(self, &range, &seen).await
            {
                return partition::run(self, ranges, tx).await;
            }
        }
        Ok(())
    }

    /// Reads the next page (at most `limit` rows) of `range` and moves its
    /// cursor on, or marks it done after the last page.
    async fn next_page(&self, range: &mut Range, limit: usize) -> Result<Vec<Json>> {
        let mut query = range.params.clone();
        query.push(("limit".into(), limit.clamp(1, PAGE_SIZE).to_string()));
        if let Some(after) = &range.cursor {
            query.push(("starting_after".into(), after.clone()));
        }
        let page = self
            .http
            .fetch_json(self.table.endpoint.list, &query, !self.fresh)
            .await?;
        let (rows, has_more) = list_page(page)?;
        match rows.last().map(|o| o.get("id").and_then(Json::as_str)) {
            Some(Some(id)) if has_more => range.cursor = Some(id.to_string()),
            Some(None) if has_more => {
                return Err(Error::ConnectionLost(
                    "Stripe answered a list page whose last object has no id".into(),
                ));
            }
            _ => range.done = true,
        }
        Ok(rows)
    }

    /// Gets each id concurrently (at most `MaxConcurrency` in flight), in the
    /// order given; an id that does not exist is no row.
    async fn by_id(&self, ids: &[String], tx: &BatchSender) -> Result<()> {
        let Some(template) = self.table.endpoint.get else {
            return Err(Error::Config(format!(
                "table {} cannot be read by id",
                self.table.name
            )));
        };
        let concurrency = self.http.config().max_concurrency.max(1);
        let mut remaining = self.limit.unwrap_or(usize::MAX);
        let mut objects = futures::stream::iter(ids.iter())
            .map(|id| {
                let path = template.replace("{id}", &encode_path_segment(id));
                let http = Arc::clone(&self.http);
                let read_cache = !self.fresh;
                async move {
                    match http.fetch_json(&path, &[], read_cache).await {
                        Ok(object) => Ok(Some(object)),
                        Err(Error::Api { status: 404, .. }) => Ok(None),
                        Err(e) => Err(e),
                    }
                }
            })
            .buffered(concurrency)
            .try_filter_map(|found| async move { Ok(found) })
            .boxed();
        let mut rows = Vec::new();
        while let Some(object) = objects.try_next().await? {
            let deleted = object.get("deleted").and_then(Json::as_bool) == Some(true);
            if deleted || !self.plan.matches(&object) {
                continue;
            }
            rows.push(object);
            remaining -= 1;
            if remaining == 0 {
                break;
            }
            if rows.len() == PAGE_SIZE {
                if !self.emit(&rows, tx).await? {
                    return Ok(());
                }
                rows.clear();
            }
        }
        self.emit(&rows, tx).await?;
        Ok(())
    }
}

/// The objects and `has_more` of a list envelope `{object: "list", data, has_more}`.
fn list_page(page: Json) -> Result<(Vec<Json>, bool)> {
    let Json::Object(mut envelope) = page else {
        return Err(Error::ConnectionLost(
            "Stripe answered something other than a list".into(),
        ));
    };
    let has_more = envelope
        .get("has_more")
        .and_then(Json::as_bool)
        .unwrap_or(false);
    match envelope.remove("data") {
        Some(Json::Array(rows)) => Ok((rows, has_more)),
        _ => Err(Error::ConnectionLost(
            "Stripe answered a list without `data`".into(),
        )),
    }
}

/// Percent-encodes everything but unreserved characters, so an id can never
/// change which path is requested.
fn encode_path_segment(segment: &str) -> String {
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

#[cfg(test)]
mod tests;
