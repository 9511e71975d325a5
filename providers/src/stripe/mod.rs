//! Stripe: tables over `https://api.stripe.com/v1`.
//!
//! Every table is a static definition (one file each); this module holds what
//! all of them share: authentication, list paging with `starting_after`
//! cursors, get-by-id fan-out, and the scan loop. Pushdown lives in
//! [`pushdown`], the opt-in Search API in [`search`].

mod changes;
mod columns;
mod partition;
pub mod pushdown;
mod rate_limits;
pub mod search;
pub mod tables;

pub use tables::TABLES;

use std::borrow::Cow;
use std::collections::HashSet;
use std::sync::{Arc, Mutex};

use arrow::datatypes::SchemaRef;
use futures::future::BoxFuture;
use futures::stream::BoxStream;
use futures::{StreamExt, TryStreamExt};
use serde_json::Value as Json;

use crate::http::{Http, HttpConfig, encode_path_segment};
use crate::json::decode;
use crate::scan::{self, BatchSender};
use crate::sync::{Delta, Since};
use crate::table::{Column, Predicate, Pushdown, ScanRequest, Table};
use crate::{BatchStream, Error, Properties, Provider, Result};

use pushdown::{Mode, Plan};

pub const DEFAULT_BASE_URL: &str = "https://api.stripe.com";
/// Stripe Connect's OAuth endpoints; the client secret (the platform's
/// secret key) goes in the form, as Stripe documents.
pub const OAUTH: crate::auth::Endpoints = crate::auth::Endpoints {
    provider: "Stripe",
    authorization_url: "https://connect.stripe.com/oauth/authorize",
    token_url: "https://connect.stripe.com/oauth/token",
    client_auth: crate::auth::ClientAuth::Form,
};
/// The largest page the list endpoints return.
pub const PAGE_SIZE: usize = 100;
/// The API version the tables are written for, sent as `Stripe-Version` on
/// every request so that objects keep the shape the columns expect whatever
/// version the account defaults to. The column set follows Stripe's current
/// fixtures, which carry fields added up to the Clover releases (invoice line
/// item `subtotal`, subscription `billing_mode`); later Clover releases only
/// add fields.
pub const API_VERSION: &str = "2026-02-25.clover";
/// Tries per request: with the default backoff these span about half a
/// minute, so a throttled scan rides out a burst of 429s (within `Timeout`).
const MAX_TRIES: u32 = 8;

const CATALOG: &str = "stripe";
const SCHEMA: &str = "stripe";

pub struct Stripe {
    http: Arc<Http>,
    /// `UseSearchAPI`: filters lists cannot express go to `/v1/<resource>/search`.
    use_search: bool,
}

impl Stripe {
    /// Reads the connection properties; no request is made yet.
    pub fn new(properties: &Properties) -> Result<Self> {
        Ok(Stripe {
            http: Arc::new(Http::new(http_config(properties)?)?),
            use_search: properties.flag("UseSearchAPI")?,
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
        config.credentials = Some(crate::auth::credentials(properties, &OAUTH)?);
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
    config.header("stripe-version", API_VERSION, false, "Stripe-Version")?;
    config.retry_header = Some("stripe-should-retry");
    config.max_tries = MAX_TRIES;
    let secret = if oauth {
        properties.get("OAuthAccessToken").unwrap_or_default()
    } else {
        key
    };
    let test_mode = secret.starts_with("sk_test_") || secret.starts_with("rk_test_");
    config.endpoint_limit = Some(rate_limits::endpoint);
    config.apply_limits(
        properties,
        if test_mode {
            rate_limits::TEST
        } else {
            rate_limits::LIVE
        },
    )?;
    Ok(config)
}

/// `LiveAPIKey` (or `PWD`) for `AuthScheme=APIKey`. A publishable key
/// (`pk_...`) can read nothing the tables show, so it is refused up front.
fn api_key(properties: &Properties) -> Result<&str> {
    let key = [properties.get("LiveAPIKey"), properties.get("Password")]
        .into_iter()
        .flatten()
        .map(str::trim)
        .find(|k| !k.is_empty())
        .ok_or_else(|| {
            Error::Config(
                "set LiveAPIKey (or PWD) to a Stripe secret or restricted API key (sk_... or rk_...)"
                    .into(),
            )
        })?;
    if key.starts_with("pk_") {
        return Err(Error::Auth(
            "LiveAPIKey (or PWD) is a publishable key (pk_...), which cannot read Stripe data: \
             use a secret (sk_...) or restricted (rk_...) key"
                .into(),
        ));
    }
    Ok(key)
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
        match pushdown::pushdown(table, predicate) {
            Pushdown::Unsupported if self.use_search => search::pushdown(table, predicate),
            answer => answer,
        }
    }

    /// One `GET /v1/customers?limit=1`: the smallest authenticated read. A
    /// restricted key without access to customers is still a valid key (403,
    /// not 401): the connection opens and each table answers for itself.
    fn check_connection(&self) -> BoxFuture<'_, Result<()>> {
        Box::pin(async move {
            match self
                .http
                .get_json("/v1/customers", &[("limit".to_string(), "1".to_string())])
                .await
            {
                Ok(_) | Err(Error::Permission(_)) => Ok(()),
                Err(e) => Err(e),
            }
        })
    }

    fn changes<'a>(
        &'a self,
        schema: &'a str,
        table: &'static Table,
        since: Since,
    ) -> BoxFuture<'a, Result<Delta>> {
        Box::pin(changes::changes(self, schema, table, since))
    }

    fn requests(&self) -> u64 {
        self.http.requests()
    }

    fn scan(
        &self,
        _schema: &str,
        table: &'static Table,
        request: ScanRequest,
    ) -> Result<BatchStream> {
        let (schema, columns) = table.project(request.projection.as_deref())?;
        let mut plan = pushdown::plan(table, &request.filters);
        if self.use_search {
            search::choose(table, &request.filters, &mut plan);
        }
        plan.params.extend(expansions(&columns, "data."));
        let job = Job {
            http: Arc::clone(&self.http),
            table,
            wanted: scan_for_ids(table, &plan, request.limit),
            plan,
            schema,
            get_params: expansions(&columns, ""),
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
                tx.send(Err(explain(table, &job.plan, e))).await;
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
    /// Query parameters of a get-by-id: the expansions the columns need.
    get_params: Vec<(String, String)>,
    limit: Option<usize>,
    /// Bypass the response cache (`/* nocache */`).
    fresh: bool,
    /// For an `id IN` list read as a scan ([`scan_for_ids`]): the ids not
    /// met yet. Rows with other ids are dropped, and the scan ends once
    /// every id was met.
    wanted: Option<Mutex<HashSet<String>>>,
}

/// `expand[]` for each selected column the API includes only when expanded
/// ([`Column::expanded`]): `prefix` is `data.` for the objects of a list
/// page, empty for a single object.
fn expansions(columns: &[&'static Column], prefix: &str) -> Vec<(String, String)> {
    columns
        .iter()
        .filter(|c| c.expand)
        .map(|c| ("expand[]".to_string(), format!("{prefix}{}", c.json_path())))
        .collect()
}

/// Ids fewer than this are looked up at once: a scan has read this many
/// pages (and the account) before it can tell how long it is.
const LOOKUPS_AT_ONCE: usize = SEQUENTIAL_PAGES + 1;

/// The ids of an `id IN` list long enough that a scan may cost less than
/// a GET per id: such a list is read as a scan that keeps only those ids,
/// and turns to GETs once its first pages tell that the rest of the table
/// is longer than the ids still missing ([`Job::cheaper_by_id`]). So the
/// list never costs more requests than the scan, nor many more than the
/// ids. Child and single-object tables, tables without a list (whose id is
/// required), and `LIMIT`s keep to GETs; a list taking ids
/// ([`crate::table::Endpoint::ids`]) is asked for them. Ids with a filter
/// only the list applies ([`Plan::only_listed`]) are always read as a scan.
fn scan_for_ids(
    table: &'static Table,
    plan: &Plan,
    limit: Option<usize>,
) -> Option<Mutex<HashSet<String>>> {
    let endpoint = &table.endpoint;
    let listed = endpoint.parent.is_none()
        && endpoint.unroll.is_empty()
        && endpoint.ids.is_none()
        && !table.column("id").is_some_and(|id| id.required);
    match &plan.mode {
        Mode::Ids(ids)
            if listed && (plan.only_listed() || limit.is_none() && ids.len() > LOOKUPS_AT_ONCE) =>
        {
            Some(Mutex::new(ids.iter().cloned().collect()))
        }
        _ => None,
    }
}

/// Where a list read starts: its parameters and the cursor of its first page.
#[derive(Debug, Clone, PartialEq)]
struct Range {
    params: Vec<(String, String)>,
    cursor: Option<String>,
}

impl Range {
    fn new(params: Vec<(String, String)>) -> Range {
        Range {
            params,
            cursor: None,
        }
    }
}

/// One list page: its objects and the cursor of the page after it (`None`
/// after the last page, or once the limit is reached).
struct Page {
    rows: Vec<Json>,
    next: Option<String>,
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
const SEQUENTIAL_PAGES: usize = 3;

impl Job {
    async fn run(self: &Arc<Self>, tx: &BatchSender) -> Result<()> {
        if self.limit == Some(0) {
            return Ok(());
        }
        match &self.plan.mode {
            Mode::Empty => Ok(()),
            Mode::Ids(_) if self.wanted.is_some() => self.partitioned(tx).await,
            Mode::Ids(ids) => match self.table.endpoint.ids {
                Some(param) => self.listed_ids(param, ids, tx).await,
                None => self.by_id(ids, tx).await,
            },
            Mode::List => self.list(tx).await,
            Mode::Search { path, query, .. } => self.search(path, query, tx).await,
        }
    }

    /// Pages through `/v1/<resource>/search` with `page` tokens. The list
    /// filters that were answered `Exact` are checked on every object, so
    /// the answer stays exact whatever the query could express.
    async fn search(&self, path: &str, query: &str, tx: &BatchSender) -> Result<()> {
        let mut page: Option<String> = None;
        loop {
            let mut params = vec![
                ("query".to_string(), query.to_string()),
                ("limit".to_string(), PAGE_SIZE.to_string()),
            ];
            params.extend(expansions(&self.columns, "data."));
            if let Some(token) = &page {
                params.push(("page".into(), token.clone()));
            }
            let (rows, has_more, next) = self
                .http
                .fetch_page(path, &params, !self.fresh, |answer| {
                    let next = answer
                        .get("next_page")
                        .and_then(Json::as_str)
                        .map(str::to_string);
                    let (rows, has_more) = list_page(answer)?;
                    Ok((rows, has_more, next))
                })
                .await?;
            let rows: Vec<Json> = rows.into_iter().filter(|o| self.plan.matches(o)).collect();
            if !self.emit(&rows, tx).await? {
                return Ok(());
            }
            match next {
                Some(token) if has_more => page = Some(token),
                _ => return Ok(()),
            }
        }
    }

    /// Sends one batch of the rows this scan delivers; `false` when the
    /// consumer has gone.
    async fn emit(&self, rows: &[Json], tx: &BatchSender) -> Result<bool> {
        let rows = self.delivered(rows);
        if rows.is_empty() {
            return Ok(true);
        }
        let batch = decode(&self.schema, &self.columns, &rows)?;
        Ok(tx.send(Ok(batch)).await)
    }

    /// The rows of a page this scan delivers, each with the values of the
    /// equality filters its object leaves out ([`Plan::fill`]): all of
    /// them, or, for an `id IN` list read as a scan, those with a wanted id,
    /// which are then met (rows read by id never pass a filter-only column).
    fn delivered<'a>(&self, rows: &'a [Json]) -> Cow<'a, [Json]> {
        let rows = self.plan.fill(Cow::Borrowed(rows));
        let Some(wanted) = &self.wanted else {
            return rows;
        };
        let mut wanted = wanted.lock().unwrap_or_else(|e| e.into_inner());
        let kept = rows.iter().filter(|row| {
            let id = row.get("id").and_then(Json::as_str).unwrap_or_default();
            wanted.remove(id) && self.plan.matches(row)
        });
        Cow::Owned(kept.cloned().collect())
    }

    /// Whether an `id IN` list read as a scan has met every id.
    fn all_met(&self) -> bool {
        self.wanted
            .as_ref()
            .is_some_and(|w| w.lock().unwrap_or_else(|e| e.into_inner()).is_empty())
    }

    /// The ids still missing, in the query's order, when getting each costs
    /// no more than the `pages` the scan has left (and a get can tell
    /// whether the object passes every filter).
    fn cheaper_by_id(&self, pages: f64) -> Option<Vec<String>> {
        if self.plan.only_listed() {
            return None;
        }
        let wanted = self
            .wanted
            .as_ref()?
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        let Mode::Ids(ids) = &self.plan.mode else {
            return None;
        };
        (wanted.len() as f64 <= pages).then(|| {
            ids.iter()
                .filter(|id| wanted.contains(*id))
                .cloned()
                .collect()
        })
    }

    /// Reads the list (for a child table, the lists under its parents) and
    /// stops as soon as `limit` rows are out.
    async fn list(self: &Arc<Self>, tx: &BatchSender) -> Result<()> {
        let endpoint = &self.table.endpoint;
        if !endpoint.unroll.is_empty() {
            return self.unrolled(tx).await;
        }
        if endpoint.parent.is_none() && self.limit.is_none() {
            return self.partitioned(tx).await;
        }
        let mut remaining = self.limit.unwrap_or(usize::MAX);
        let mut pages = listing(
            &self.http,
            self.table,
            self.plan.params.clone(),
            self.plan.parents.clone(),
            self.limit,
            !self.fresh,
        );
        while let Some(mut rows) = pages.try_next().await? {
            rows.truncate(remaining);
            remaining -= rows.len();
            if !self.emit(&rows, tx).await? || remaining == 0 {
                return Ok(());
            }
        }
        Ok(())
    }

    /// A top-level list without a limit: the first pages one after the
    /// other, then, if the table goes on, the rest as `created` ranges read
    /// concurrently ([`partition`]).
    async fn partitioned(self: &Arc<Self>, tx: &BatchSender) -> Result<()> {
        let mut pages = self.pages(Range::new(self.plan.params.clone()));
        let mut seen = Seen::default();
        let mut read = 0;
        while let Some(page) = pages.try_next().await? {
            seen.add(&page.rows);
            if !self.emit(&page.rows, tx).await? || self.all_met() {
                return Ok(());
            }
            read += 1;
            if read == SEQUENTIAL_PAGES
                && let Some(cursor) = page.next
            {
                let rest = Range {
                    params: self.plan.params.clone(),
                    cursor: Some(cursor),
                };
                if let Some((ranges, pages)) = partition::split(self, &rest, &seen).await {
                    if let Some(missing) = self.cheaper_by_id(pages) {
                        return self.by_id(&missing, tx).await;
                    }
                    return partition::run(self, ranges, tx).await;
                }
            }
        }
        Ok(())
    }

    /// The pages of the list path from where `range` stands.
    fn pages(&self, range: Range) -> BoxStream<'static, Result<Page>> {
        pages(
            Arc::clone(&self.http),
            self.table.endpoint.list.into(),
            range,
            None,
            self.table.endpoint.paged,
            false,
            !self.fresh,
        )
    }

    /// One object whose arrays are the rows (see [`crate::table::Endpoint::unroll`]).
    async fn unrolled(&self, tx: &BatchSender) -> Result<()> {
        let object = self
            .http
            .fetch_json(self.table.endpoint.list, &self.plan.params, !self.fresh)
            .await?;
        let mut rows = unroll(&object, self.table.endpoint.unroll);
        rows.truncate(self.limit.unwrap_or(usize::MAX));
        self.emit(&rows, tx).await?;
        Ok(())
    }

    /// Lists the objects of `ids` through the list's id parameter `param`,
    /// with the plan's other parameters. Stripe takes no cursor beside it,
    /// so each request asks for at most a page of ids (products: "cannot be
    /// used with starting_after"), and the answer is one page.
    async fn listed_ids(&self, param: &str, ids: &[String], tx: &BatchSender) -> Result<()> {
        let mut remaining = self.limit.unwrap_or(usize::MAX);
        for chunk in ids.chunks(PAGE_SIZE) {
            let mut query = self.plan.params.clone();
            query.extend(chunk.iter().map(|id| (format!("{param}[]"), id.clone())));
            query.push(("limit".into(), chunk.len().to_string()));
            let (rows, _) = self
                .http
                .fetch_page(self.table.endpoint.list, &query, !self.fresh, list_page)
                .await?;
            let mut rows: Vec<Json> = rows.into_iter().filter(|o| self.plan.matches(o)).collect();
            rows.truncate(remaining);
            remaining -= rows.len();
            if !self.emit(&rows, tx).await? || remaining == 0 {
                return Ok(());
            }
        }
        Ok(())
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
                    match http.fetch_json(&path, &self.get_params, read_cache).await {
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

/// The pages of `table`'s objects. A top-level table pages through its list
/// path. A child table lists under each of `parents`, or, when `None`,
/// under every id the parent table lists (read the same way, so a child of a
/// child works too), fanning out over up to `MaxConcurrency` parents; every
/// object gets its parent id, and a parent that does not exist (404) has no
/// children. `read_cache: false` bypasses the response cache.
fn listing(
    http: &Arc<Http>,
    table: &'static Table,
    params: Vec<(String, String)>,
    parents: Option<Vec<String>>,
    limit: Option<usize>,
    read_cache: bool,
) -> BoxStream<'static, Result<Vec<Json>>> {
    let Some(parent) = table.endpoint.parent else {
        return pages(
            Arc::clone(http),
            table.endpoint.list.into(),
            Range::new(params),
            limit,
            table.endpoint.paged,
            false,
            read_cache,
        )
        .map_ok(|page| page.rows)
        .boxed();
    };
    let ids: BoxStream<'static, Result<String>> = match parents {
        Some(ids) => futures::stream::iter(ids.into_iter().map(Ok)).boxed(),
        None => {
            let defaults = pushdown::plan(parent.table, &[]).params;
            scan::parent_ids(
                listing(http, parent.table, defaults, None, None, read_cache),
                parent.key,
            )
        }
    };
    let column = table.parent_column().map(Column::json_path);
    let http = Arc::clone(http);
    let concurrency = http.config().max_concurrency;
    let parents = ids.map_ok(scan::Parentage::of).boxed();
    scan::under_parents(parents, concurrency, [column, None], move |under| {
        let id = under.id.as_str();
        let mut query = params.clone();
        let path = match parent.param {
            Some(param) => {
                query.insert(0, (param.to_string(), id.to_string()));
                table.endpoint.list.to_string()
            }
            None => table
                .endpoint
                .list
                .replace("{parent}", &encode_path_segment(id)),
        };
        pages(
            Arc::clone(&http),
            path,
            Range::new(query),
            limit,
            table.endpoint.paged,
            true,
            read_cache,
        )
        .map_ok(|page| page.rows)
        .boxed()
    })
}

/// Pages through one list path from where `start` stands, following
/// `starting_after` while `has_more`, asking for no more than `limit` objects
/// in all; a list that is not `paged` ([`crate::table::Endpoint::unpaged`])
/// is one request without `limit` or cursor. With `missing_is_empty`, a 404
/// on the first page (the parent does not exist) is an empty list;
/// `read_cache: false` bypasses the response cache.
fn pages(
    http: Arc<Http>,
    path: String,
    start: Range,
    limit: Option<usize>,
    paged: bool,
    missing_is_empty: bool,
    read_cache: bool,
) -> BoxStream<'static, Result<Page>> {
    let Range { params, cursor } = start;
    let state = Some((cursor, limit.unwrap_or(usize::MAX), true));
    futures::stream::try_unfold(state, move |state| {
        let http = Arc::clone(&http);
        let path = path.clone();
        let mut query = params.clone();
        async move {
            let Some((cursor, remaining, first)) = state else {
                return Ok(None);
            };
            if paged {
                query.push(("limit".into(), remaining.min(PAGE_SIZE).to_string()));
            }
            if let Some(after) = cursor {
                query.push(("starting_after".into(), after));
            }
            let (rows, has_more) = match http.fetch_page(&path, &query, read_cache, list_page).await
            {
                Err(Error::Api { status: 404, .. }) if missing_is_empty && first => {
                    return Ok(None);
                }
                page => page?,
            };
            let remaining = remaining.saturating_sub(rows.len());
            let last_id = rows
                .last()
                .and_then(|o| o.get("id"))
                .and_then(Json::as_str)
                .map(str::to_string);
            let next = last_id.filter(|_| paged && has_more && remaining > 0);
            let state = next.clone().map(|id| (Some(id), remaining, false));
            Ok(Some((Page { rows, next }, state)))
        }
    })
    .boxed()
}

/// The rows of an unrolled object: each element of each named array, with
/// its kind in `kind` and the object's scalar fields added.
fn unroll(object: &Json, arrays: &[(&str, &str)]) -> Vec<Json> {
    let scalars: Vec<(&String, &Json)> = object
        .as_object()
        .into_iter()
        .flatten()
        .filter(|(_, v)| !v.is_object() && !v.is_array())
        .collect();
    let mut rows = Vec::new();
    for (kind, path) in arrays {
        let Some(Json::Array(elements)) = crate::json::lookup(object, path) else {
            continue;
        };
        for element in elements {
            let mut row = element.as_object().cloned().unwrap_or_default();
            for (key, value) in &scalars {
                row.entry(key.to_string())
                    .or_insert_with(|| (*value).clone());
            }
            row.insert("kind".into(), Json::from(*kind));
            rows.push(Json::Object(row));
        }
    }
    rows
}

/// Puts an API error in the terms of the query: a 403 names the table the
/// key may not read, a 400 blaming a parameter a WHERE clause sent names the
/// column whose value Stripe refused.
fn explain(table: &Table, plan: &Plan, error: Error) -> Error {
    match error {
        Error::Permission(message) => Error::Permission(format!(
            "the API key may not read table {}: {message}",
            table.name
        )),
        Error::Api {
            status: 400,
            param: Some(param),
            message,
            ..
        } => match plan.column_of(&param) {
            Some(column) => Error::InvalidValue(format!(
                "Stripe refused the value given for column {column} of table {}: {message}",
                table.name
            )),
            None => Error::Api {
                provider: "Stripe",
                status: 400,
                param: Some(param),
                message,
            },
        },
        other => other,
    }
}

/// The objects and `has_more` of a list envelope `{object: "list", data, has_more}`
/// (search results have the same shape). A page that promises more but
/// gives no object to continue after breaks the paging contract.
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
    let rows = match envelope.remove("data") {
        Some(Json::Array(rows)) => rows,
        _ => {
            return Err(Error::ConnectionLost(
                "Stripe answered a list without `data`".into(),
            ));
        }
    };
    if has_more && rows.last().and_then(|o| o.get("id")).is_none() {
        return Err(Error::ConnectionLost(if rows.is_empty() {
            "Stripe answered a list page with no objects that says it has more".into()
        } else {
            "Stripe answered a list page whose last object has no id".into()
        }));
    }
    Ok((rows, has_more))
}

#[cfg(test)]
mod tests;
