//! Bitbucket Cloud: tables over `https://api.bitbucket.org/2.0`.
//!
//! The catalog is the workspace (`Workspace`). Schema `information` holds the
//! workspace-level tables plus cross-repository views of some repository
//! tables (with a `repository` column); every repository slug is a schema of
//! its own with the repository tables. Tables are static [`Listing`]s (one
//! file per area); this module holds authentication, the repository list
//! (read once per connection), paging and the scan. Pushdown is in [`bbql`].

pub mod access;
pub mod bbql;
mod columns;
pub mod commits;
pub mod deployments;
pub mod issues;
pub mod pipelines;
pub mod pipelines_config;
pub mod pull_requests;
pub mod refs;
pub mod settings;
pub mod snippets;
pub mod workspace;

use columns::{ANCESTOR_KEY, REPOSITORY_KEY};

use std::future;
use std::sync::Arc;

use arrow::array::{RecordBatch, RecordBatchOptions};
use arrow::datatypes::{Schema, SchemaRef};
use base64::Engine;
use futures::future::BoxFuture;
use futures::stream::{self, BoxStream};
use futures::{StreamExt, TryStreamExt};
use serde_json::Value as Json;
use tokio::sync::OnceCell;

use crate::http::{Http, HttpConfig, encode_path_segment};
use crate::json::decode;
use crate::scan::{self, BatchSender};
use crate::sync::{self, Delta, Since};
use crate::table::{
    Column, ColumnKind, Filter, Notices, OrderBy, Predicate, Pushdown, ScanRequest, Table,
};
use crate::{BatchStream, Error, Properties, Provider, Result};

pub const DEFAULT_BASE_URL: &str = "https://api.bitbucket.org/2.0";
/// The schema of workspace-level and cross-repository tables.
pub const INFORMATION: &str = "information";
/// Catalog name when no `Workspace` is set (only account-level tables work).
const NO_WORKSPACE: &str = "bitbucket";

/// A table and how its list endpoint pages.
#[derive(Debug)]
pub struct Listing {
    pub table: Table,
    pub paging: Paging,
    /// Also offered in `information`, over every repository, with the
    /// `repository` column choosing which ones are read.
    pub cross_repository: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paging {
    /// `page=N` with `size` in the envelope: pages 2..N are read concurrently.
    Pages { max_pagelen: usize },
    /// Opaque `next` links only (commits): read one after the other.
    Cursor { max_pagelen: usize },
    /// One object, not a list (`/user`).
    Single,
}

/// Which path parameters a listing needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scope {
    Account,
    Workspace,
    Repository,
}

impl Listing {
    fn scope(&self) -> Scope {
        let path = self.table.endpoint.list;
        if path.contains("{repository}") {
            Scope::Repository
        } else if path.contains("{workspace}") {
            Scope::Workspace
        } else {
            Scope::Account
        }
    }
}

/// Every table, by name.
pub static LISTINGS: &[&Listing] = &[
    &settings::BRANCH_RESTRICTIONS,
    &refs::BRANCHES,
    &commits::COMMIT_DIFFSTAT,
    &commits::COMMIT_REPORTS,
    &commits::COMMIT_STATUSES,
    &commits::COMMITS,
    &issues::COMPONENTS,
    &workspace::CURRENT_USER,
    &settings::DEFAULT_REVIEWERS,
    &access::DEPLOY_KEYS,
    &deployments::DEPLOYMENTS,
    &settings::DOWNLOADS,
    &deployments::ENVIRONMENTS,
    &workspace::FORKS,
    &issues::ISSUE_COMMENTS,
    &issues::ISSUES,
    &issues::MILESTONES,
    &pipelines_config::PIPELINE_SCHEDULES,
    &pipelines::PIPELINE_STEPS,
    &pipelines_config::PIPELINE_VARIABLES,
    &pipelines::PIPELINES,
    &workspace::PROJECTS,
    &pull_requests::PULL_REQUEST_ACTIVITY,
    &pull_requests::PULL_REQUEST_COMMENTS,
    &pull_requests::PULL_REQUEST_COMMITS,
    &pull_requests::PULL_REQUEST_DIFFSTAT,
    &pull_requests::PULL_REQUEST_STATUSES,
    &pull_requests::PULL_REQUEST_TASKS,
    &pull_requests::PULL_REQUESTS,
    &refs::REFS,
    &commits::REPORT_ANNOTATIONS,
    &workspace::REPOSITORIES,
    &workspace::REPOSITORY_PERMISSIONS,
    &pull_requests::REPOSITORY_PULL_REQUEST_ACTIVITY,
    &snippets::SNIPPETS,
    &refs::TAGS,
    &pull_requests::USER_PULL_REQUESTS,
    &issues::VERSIONS,
    &access::WATCHERS,
    &workspace::WEBHOOKS,
    &workspace::WORKSPACE_MEMBERS,
    &workspace::WORKSPACE_PERMISSIONS,
    &pipelines_config::WORKSPACE_PIPELINE_VARIABLES,
    &workspace::WORKSPACES,
];

fn listing(table: &Table) -> Option<&'static Listing> {
    LISTINGS
        .iter()
        .copied()
        .find(|l| std::ptr::eq(&l.table, table))
}

/// What every scan of a connection shares.
struct Connection {
    http: Http,
    workspace: Option<String>,
    /// The workspace's repository slugs, listed once.
    repositories: OnceCell<Vec<String>>,
}

pub struct Bitbucket {
    connection: Arc<Connection>,
}

impl Bitbucket {
    /// Reads the connection properties; no request is made yet.
    pub fn new(properties: &Properties) -> Result<Self> {
        let workspace = properties
            .get("Workspace")
            .map(str::trim)
            .filter(|w| !w.is_empty())
            .map(str::to_string);
        Ok(Bitbucket {
            connection: Arc::new(Connection {
                http: Http::new(http_config(properties)?)?,
                workspace,
                repositories: OnceCell::new(),
            }),
        })
    }
}

/// The HTTP set-up the properties describe: base URL, credentials, limits.
pub fn http_config(properties: &Properties) -> Result<HttpConfig> {
    let text = |name: &str| {
        properties
            .get(name)
            .map(str::trim)
            .filter(|v| !v.is_empty())
    };
    let scheme = match text("AuthScheme") {
        Some(s) => s.to_ascii_lowercase(),
        None if text("User").is_some() => "basic".into(),
        None if properties.is_set("OAuthAccessToken") || properties.is_set("OAuthRefreshToken") => {
            "oauth".into()
        }
        None => "accesstoken".into(),
    };
    let base_url = text("BaseURL").unwrap_or(DEFAULT_BASE_URL);
    let mut config = HttpConfig::new("Bitbucket", base_url);
    match scheme.as_str() {
        "basic" => {
            let (Some(user), Some(secret)) = (text("User"), text("Password")) else {
                return Err(Error::Config(
                    "AuthScheme=Basic needs User (the Atlassian account e-mail) and APIToken (or Password/PWD)"
                        .into(),
                ));
            };
            let encoded =
                base64::engine::general_purpose::STANDARD.encode(format!("{user}:{secret}"));
            config.header(
                "authorization",
                &format!("Basic {encoded}"),
                true,
                "User or APIToken",
            )?;
            config.credential_hint = "User and APIToken (or Password/PWD)";
        }
        "accesstoken" => {
            let token = text("Password").or(text("OAuthAccessToken")).ok_or_else(|| {
                Error::Config(
                    "AuthScheme=AccessToken needs the workspace, project or repository access token in APIToken (or PWD)"
                        .into(),
                )
            })?;
            config.header(
                "authorization",
                &format!("Bearer {token}"),
                true,
                "APIToken",
            )?;
            config.credential_hint = "APIToken (an access token, or PWD)";
        }
        "oauth" => {
            config.credentials = Some(crate::auth::credentials(
                properties,
                &crate::BITBUCKET_OAUTH,
            )?);
            config.credential_hint = "OAuthAccessToken";
        }
        other => {
            return Err(Error::Config(format!(
                "unknown AuthScheme '{other}' for Bitbucket: use Basic, AccessToken or OAuth"
            )));
        }
    }
    // Bitbucket's limits are hourly budgets, not a rate: none by default.
    config.apply_limits(properties, 0)?;
    Ok(config)
}

impl Connection {
    fn workspace(&self) -> Result<&str> {
        self.workspace.as_deref().ok_or_else(|| {
            Error::Config(
                "set Workspace (or Database) to the workspace slug to read workspace and repository tables"
                    .into(),
            )
        })
    }

    /// The pages of `path` in order, asking for about `read.limit` rows at
    /// most. Page-numbered listings fetch pages 2..N concurrently once the
    /// first page reveals `size` (or, counting only, stop at it), up to
    /// `MaxConcurrency` pages ahead of the consumer; cursor listings follow
    /// `next` one page at a time, as the consumer pulls.
    fn pages(
        self: &Arc<Self>,
        path: String,
        mut query: Vec<(String, String)>,
        paging: Paging,
        read: Read,
    ) -> BoxStream<'static, Result<Vec<Json>>> {
        let connection = Arc::clone(self);
        let fresh = !read.read_cache;
        let max_pagelen = match paging {
            Paging::Single => {
                return stream::once(async move {
                    Ok(vec![
                        connection.http.fetch_json(&path, &query, !fresh).await?,
                    ])
                })
                .boxed();
            }
            Paging::Pages { .. } if read.count_only => return self.count(path, query, read),
            Paging::Pages { max_pagelen } | Paging::Cursor { max_pagelen } => max_pagelen,
        };
        let wanted = read.limit.unwrap_or(usize::MAX);
        query.push(("pagelen".into(), wanted.clamp(1, max_pagelen).to_string()));
        stream::once(async move {
            let first = connection
                .http
                .fetch_page(&path, &query, !fresh, Envelope::parse)
                .await?;
            let rest = match (paging, first.size, first.pagelen) {
                (Paging::Pages { .. }, Some(size), Some(pagelen)) if pagelen > 0 => {
                    let last = size.min(wanted).div_ceil(pagelen);
                    let concurrency = connection.http.config().max_concurrency.max(1);
                    let pages = stream::iter(2..=last)
                        .map(move |page| {
                            let connection = Arc::clone(&connection);
                            let path = path.clone();
                            let mut query = query.clone();
                            query.push(("page".into(), page.to_string()));
                            async move {
                                // Pages before the last hold rows the first page counted.
                                let values = |json| match Envelope::parse(json)?.values {
                                    values if values.is_empty() => Err(Error::ConnectionLost(
                                        format!("Bitbucket answered page {page} of {last} with no values"),
                                    )),
                                    values => Ok(values),
                                };
                                connection
                                    .http
                                    .fetch_page(&path, &query, !fresh, values)
                                    .await
                                    .map_err(|e| budget_note(e, last))
                            }
                        })
                        .buffered(concurrency)
                        .boxed();
                    scan::read_ahead(pages, concurrency)?
                }
                _ => stream::try_unfold(first.next, move |next| {
                    let connection = Arc::clone(&connection);
                    async move {
                        let Some(link) = next else {
                            return Ok(None);
                        };
                        let page = connection
                            .http
                            .fetch_page_link(&link, !fresh, Envelope::parse)
                            .await?;
                        Ok(Some((page.values, page.next)))
                    }
                })
                .boxed(),
            };
            Ok::<_, Error>(stream::once(async move { Ok(first.values) }).chain(rest))
        })
        .try_flatten()
        .boxed()
    }

    /// The row count of a page-numbered listing: the `size` of a page of
    /// one row, handed on as that many placeholder rows (nulls, in chunks)
    /// for a count-only scan, which reads no row's content.
    fn count(
        self: &Arc<Self>,
        path: String,
        mut query: Vec<(String, String)>,
        read: Read,
    ) -> BoxStream<'static, Result<Vec<Json>>> {
        const CHUNK: usize = 10_000;
        let connection = Arc::clone(self);
        query.push(("pagelen".into(), "1".into()));
        stream::once(async move {
            let page = connection
                .http
                .fetch_json(&path, &query, read.read_cache)
                .await?;
            let size = Envelope::parse(page)?.size.ok_or_else(|| {
                Error::ConnectionLost(format!("Bitbucket sent no size for {path}"))
            })?;
            let chunks = (0..size.div_ceil(CHUNK))
                .map(move |i| Ok(vec![Json::Null; CHUNK.min(size - i * CHUNK)]));
            Ok::<_, Error>(stream::iter(chunks))
        })
        .try_flatten()
        .boxed()
    }

    /// The slug at the dot path `key` of every object of a listing
    /// (repositories' `slug`, the user's workspaces' `workspace.slug`).
    async fn slugs(
        self: &Arc<Self>,
        path: String,
        paging: Paging,
        key: &'static str,
    ) -> Result<Vec<String>> {
        let query = vec![(
            "fields".to_string(),
            format!("next,size,page,pagelen,values.{key}"),
        )];
        let pages = scan::parent_ids(self.pages(path, query, paging, Read::ALL), key);
        pages.try_collect().await
    }

    /// The workspace's repository slugs: one paginated listing per connection.
    async fn repositories(self: &Arc<Self>) -> Result<Vec<String>> {
        let slugs = self
            .repositories
            .get_or_try_init(|| async {
                let workspace = self.workspace()?;
                let path = format!("/repositories/{}", encode_path_segment(workspace));
                let slugs = self
                    .slugs(path, workspace::REPOSITORIES.paging, "slug")
                    .await
                    .map_err(|e| self.unknown_workspace(e))?;
                Ok::<_, Error>(slugs)
            })
            .await?;
        Ok(slugs.clone())
    }

    fn unknown_workspace(&self, error: Error) -> Error {
        match error {
            Error::Api { status: 404, .. } => Error::NotFound(format!(
                "unknown workspace '{}'",
                self.workspace.as_deref().unwrap_or_default()
            )),
            other => other,
        }
    }
}

/// How a listing is read.
#[derive(Debug, Clone, Copy)]
struct Read {
    /// At most this many rows are wanted.
    limit: Option<usize>,
    /// Only the number of rows is wanted (`COUNT(*)`): page-numbered
    /// listings are counted from their `size`.
    count_only: bool,
    /// `false` for `/* nocache */`: ask the API even when `CacheTTL` holds an answer.
    read_cache: bool,
}

impl Read {
    /// Every row, from the cache when it has them.
    const ALL: Read = Read {
        limit: None,
        count_only: false,
        read_cache: true,
    };
}

/// One page: `{values, next, size, page, pagelen}`. A page without
/// `values`, or with none yet a `next` link, breaks the paging contract.
struct Envelope {
    values: Vec<Json>,
    next: Option<String>,
    size: Option<usize>,
    pagelen: Option<usize>,
}

impl Envelope {
    fn parse(page: Json) -> Result<Envelope> {
        let broken = |why: &str| Err(Error::ConnectionLost(format!("Bitbucket answered {why}")));
        let Json::Object(mut page) = page else {
            return broken("something other than a page");
        };
        let number = |v: Option<&Json>| v.and_then(Json::as_u64).map(|n| n as usize);
        let envelope = Envelope {
            next: page.get("next").and_then(Json::as_str).map(str::to_string),
            size: number(page.get("size")),
            pagelen: number(page.get("pagelen")),
            values: match page.remove("values") {
                Some(Json::Array(values)) => values,
                None => return broken("a page without values"),
                Some(_) => return broken("a page whose values are not a list"),
            },
        };
        if envelope.values.is_empty() && envelope.next.is_some() {
            return broken("an empty page that links a next one");
        }
        Ok(envelope)
    }
}

impl Provider for Bitbucket {
    fn name(&self) -> &'static str {
        "Bitbucket"
    }

    fn catalog(&self) -> String {
        self.connection
            .workspace
            .clone()
            .unwrap_or_else(|| NO_WORKSPACE.into())
    }

    /// The workspaces the credentials can see.
    fn catalogs(&self) -> BoxFuture<'_, Result<Vec<String>>> {
        let listing = &workspace::WORKSPACES;
        Box::pin(self.connection.slugs(
            listing.table.endpoint.list.to_string(),
            listing.paging,
            workspace::WORKSPACE_SLUG,
        ))
    }

    fn default_schema(&self) -> String {
        INFORMATION.into()
    }

    /// `information` and every repository of the workspace.
    fn schemas(&self) -> BoxFuture<'_, Result<Vec<String>>> {
        Box::pin(async move {
            let mut schemas = vec![INFORMATION.to_string()];
            if self.connection.workspace.is_some() {
                schemas.extend(self.connection.repositories().await?);
            }
            Ok(schemas)
        })
    }

    /// Any other schema name is taken for a repository without a request: a
    /// repository that does not exist is reported by the first scan (42S02).
    fn tables(&self, schema: &str) -> Vec<&'static Table> {
        let information = schema.eq_ignore_ascii_case(INFORMATION);
        if !information && (self.connection.workspace.is_none() || !is_slug(schema)) {
            return Vec::new();
        }
        LISTINGS
            .iter()
            .filter(|l| match l.scope() {
                Scope::Repository => !information || l.cross_repository,
                Scope::Account | Scope::Workspace => information,
            })
            .map(|l| &l.table)
            .collect()
    }

    fn pushdown(&self, table: &'static Table, predicate: &Predicate) -> Pushdown {
        bbql::pushdown(table, predicate)
    }

    /// One key on a field the API sorts on that compares like SQL (numbers,
    /// times) and is never null, over one listing (one repository, one
    /// parent: several sorted lists would only be concatenated): `sort=`.
    fn ordering(
        &self,
        schema: &str,
        table: &'static Table,
        filters: &[Predicate],
        order: &[OrderBy],
    ) -> Pushdown {
        let [key] = order else {
            return Pushdown::Unsupported;
        };
        let Some(listing) = listing(table) else {
            return Pushdown::Unsupported;
        };
        let sortable = table.column(&key.column).is_some_and(sortable);
        let plan = bbql::plan(table, filters);
        let one_repository = !schema.eq_ignore_ascii_case(INFORMATION)
            || plan.parents.as_ref().is_some_and(|p| p.len() == 1);
        let one_parent = (table.endpoint.parent.is_none()
            && !table.endpoint.list.contains("{parent}"))
            || plan.parent_ids.as_ref().is_some_and(|p| p.len() == 1);
        let one_listing = one_parent && (listing.scope() != Scope::Repository || one_repository);
        if sortable && one_listing && listing.paging != Paging::Single {
            Pushdown::Exact
        } else {
            Pushdown::Unsupported
        }
    }

    /// With a workspace: its first repository (credentials and workspace
    /// checked at once); otherwise the current user.
    fn check_connection(&self) -> BoxFuture<'_, Result<()>> {
        Box::pin(async move {
            let connection = &self.connection;
            match &connection.workspace {
                Some(workspace) => connection
                    .http
                    .get_json(
                        &format!("/repositories/{}", encode_path_segment(workspace)),
                        &[
                            ("pagelen".into(), "1".into()),
                            ("fields".into(), "values.slug".into()),
                        ],
                    )
                    .await
                    .map(|_| ())
                    .map_err(|e| connection.unknown_workspace(e)),
                None => connection.http.get_json("/user", &[]).await.map(|_| ()),
            }
        })
    }

    /// Across repositories, ids repeat: such a copy is read again in full.
    fn changes<'a>(
        &'a self,
        schema: &'a str,
        table: &'static Table,
        since: Since,
    ) -> BoxFuture<'a, Result<Delta>> {
        Box::pin(async move {
            if schema.eq_ignore_ascii_case(INFORMATION) {
                return Ok(Delta::Reread(format!(
                    "{} of every repository share ids",
                    table.name
                )));
            }
            sync::changes(self, schema, table, since).await
        })
    }

    fn requests(&self) -> u64 {
        self.connection.http.requests()
    }

    fn scan(
        &self,
        schema: &str,
        table: &'static Table,
        request: ScanRequest,
    ) -> Result<BatchStream> {
        let listing = listing(table)
            .ok_or_else(|| Error::Config(format!("{} is not a Bitbucket table", table.name)))?;
        let (batch_schema, columns) = table.project(request.projection.as_deref())?;
        let plan = bbql::plan(table, &request.filters);
        let mut query = plan.params.clone();
        for (key, value) in table.endpoint.defaults {
            if !plan.params.iter().any(|(k, _)| k == key) {
                query.push((key.to_string(), value.to_string()));
            }
        }
        if let Some(q) = &plan.q {
            query.push(("q".into(), q.clone()));
        }
        if let [order] = request.order.as_slice()
            && let Some(field) = table.column(&order.column).and_then(sort_field)
        {
            let sign = if order.descending { "-" } else { "" };
            query.push(("sort".into(), format!("{sign}{field}")));
        }
        let paths: Vec<String> = columns
            .iter()
            .map(|c| c.json_path())
            .filter(|p| !p.starts_with('$'))
            .map(|p| format!("values.{p}"))
            .collect();
        if request.projection.is_some() && !paths.is_empty() && listing.paging != Paging::Single {
            query.push((
                "fields".into(),
                format!("next,size,page,pagelen,{}", paths.join(",")),
            ));
        }
        log::debug!(
            "Bitbucket: scan {schema}.{} query {query:?} parents {:?} limit {:?}",
            table.name,
            plan.parents,
            request.limit
        );
        let options = options(table, &plan.params);
        let job = Arc::new(Job {
            connection: Arc::clone(&self.connection),
            listing,
            schema: schema.to_string(),
            options,
            plan,
            query,
            batch_schema,
            columns,
            read: Read {
                limit: request.limit,
                count_only: request.count_only && listing.paging != Paging::Single,
                read_cache: !request.fresh,
            },
            notices: request.notices,
        });
        scan::spawn(move |tx| async move {
            if let Err(e) = job.run(&tx).await {
                tx.send(Err(e)).await;
            }
        })
    }
}

/// Whether `sort=` on the column orders rows as SQL would: a field the
/// API sorts on, of numbers or times, never null.
pub fn sortable(column: &Column) -> bool {
    sort_field(column).is_some()
        && matches!(column.kind, ColumnKind::Integer | ColumnKind::Timestamp)
        && !column.nullable
}

/// The request options a scan sends one value of (see
/// [`columns::option`]), each with the value its rows show: a flag as a
/// boolean, anything else as text. An option sent with several values
/// (`IN`) leaves its rows unable to tell which, so NULL.
fn options(table: &'static Table, params: &[(String, String)]) -> Vec<(&'static str, Json)> {
    table
        .columns
        .iter()
        .filter(|c| c.is_request_option())
        .filter_map(|c| {
            let Filter::Equals(param) = c.filter else {
                return None;
            };
            let mut sent = params.iter().filter(|(k, _)| k == param);
            let (Some((_, value)), None) = (sent.next(), sent.next()) else {
                return None;
            };
            let value = match c.kind {
                ColumnKind::Bool => Json::Bool(value == "true"),
                _ => Json::from(value.as_str()),
            };
            Some((c.json_path(), value))
        })
        .collect()
}

/// The field `sort=` names to order by a column, if the API sorts on it.
fn sort_field(column: &Column) -> Option<&'static str> {
    match column.filter {
        Filter::Query(field) | Filter::Sorted(field) => Some(field),
        _ => None,
    }
}

/// A plausible repository slug (never a path).
fn is_slug(name: &str) -> bool {
    !name.is_empty()
        && name != "."
        && name != ".."
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// One scan, run by the producer task.
struct Job {
    connection: Arc<Connection>,
    listing: &'static Listing,
    /// The schema the table was named in.
    schema: String,
    /// The request options each row shows (see `columns::option`): key, value.
    options: Vec<(&'static str, Json)>,
    plan: bbql::Plan,
    query: Vec<(String, String)>,
    batch_schema: SchemaRef,
    columns: Vec<&'static Column>,
    /// How to read; the LIMIT counts across every repository read, and a
    /// count-only scan sends batches without columns.
    read: Read,
    notices: Notices,
}

/// What a repository's listing hands the scan: rows, or the note that the
/// repository was left out (and why).
enum Step {
    Rows(Vec<Json>),
    Skipped(String),
}

impl Job {
    async fn run(self: &Arc<Self>, tx: &BatchSender) -> Result<()> {
        if self.plan.empty || self.read.limit == Some(0) {
            return Ok(());
        }
        let mut steps = match self.listing.scope() {
            Scope::Account => self.pages(Place::default()).map_ok(Step::Rows).boxed(),
            Scope::Workspace => self
                .pages(Place {
                    workspace: self.connection.workspace()?.to_string(),
                    repository: String::new(),
                })
                .map_ok(Step::Rows)
                .boxed(),
            Scope::Repository => {
                let (repositories, named) = self.repositories().await?;
                let job = Arc::clone(self);
                scan::fan_out(
                    stream::iter(repositories.into_iter().map(Ok)).boxed(),
                    self.connection.http.config().max_concurrency,
                    move |repository: String| job.repository(&repository, named),
                )
            }
        };
        let mut remaining = self.read.limit.unwrap_or(usize::MAX);
        while let Some(step) = steps.try_next().await? {
            // Noted in listing order, so the statement sees the note before
            // the rows of the repositories after the skipped one.
            let mut rows = match step {
                Step::Rows(rows) => rows,
                Step::Skipped(notice) => {
                    log::warn!("Bitbucket: {notice}");
                    self.notices.push(notice);
                    continue;
                }
            };
            rows.truncate(remaining);
            remaining -= rows.len();
            for row in &mut rows {
                if let Json::Object(map) = row {
                    for (key, value) in &self.options {
                        map.insert(key.to_string(), value.clone());
                    }
                }
            }
            if !rows.is_empty() {
                let batch = if self.read.count_only {
                    let options = RecordBatchOptions::new().with_row_count(Some(rows.len()));
                    RecordBatch::try_new_with_options(Arc::new(Schema::empty()), vec![], &options)
                        .map_err(|e| Error::ConnectionLost(e.to_string()))?
                } else {
                    decode(&self.batch_schema, &self.columns, &rows)?
                };
                if !tx.send(Ok(batch)).await {
                    return Ok(());
                }
            }
            if remaining == 0 {
                return Ok(());
            }
        }
        Ok(())
    }

    /// The repositories to read, and whether the query named them.
    async fn repositories(&self) -> Result<(Vec<String>, bool)> {
        if !self.schema.eq_ignore_ascii_case(INFORMATION) {
            let wanted = self
                .plan
                .parents
                .as_ref()
                .is_none_or(|p| p.contains(&self.schema));
            let schema = if wanted {
                vec![self.schema.clone()]
            } else {
                Vec::new()
            };
            return Ok((schema, true));
        }
        match &self.plan.parents {
            Some(named) => {
                let mut unique = named.clone();
                unique.sort();
                unique.dedup();
                Ok((unique, true))
            }
            None => Ok((self.connection.repositories().await?, false)),
        }
    }

    /// The table's pages in one place.
    fn pages(&self, place: Place) -> BoxStream<'static, Result<Vec<Json>>> {
        listing_pages(
            &self.connection,
            self.listing,
            place,
            self.query.clone(),
            self.plan.parent_ids.clone(),
            self.plan.ancestor_ids.clone(),
            self.read,
        )
    }

    /// One repository's pages, each row marked with the repository. A
    /// repository the query did not name is skipped, with a note, when it is
    /// forbidden (403) or gone (404); a named one that answers 404 is
    /// checked, to tell an unknown repository (42S02) from a missing resource.
    fn repository(&self, repository: &str, named: bool) -> BoxStream<'static, Result<Step>> {
        let place = Place {
            workspace: self.connection.workspace.clone().unwrap_or_default(),
            repository: repository.to_string(),
        };
        let connection = Arc::clone(&self.connection);
        let table = self.listing.table.name;
        let slug = place.repository.clone();
        self.pages(place.clone())
            .map(move |page| match page {
                Ok(mut rows) => {
                    for row in &mut rows {
                        scan::fill(row, REPOSITORY_KEY, &slug);
                    }
                    Ok(Step::Rows(rows))
                }
                Err(error @ (Error::Api { status: 404, .. } | Error::Permission(_))) if !named => {
                    Ok(Step::Skipped(format!(
                        "skipped repository '{slug}': {error}"
                    )))
                }
                Err(error) => Err(error),
            })
            .scan(false, |skipped, step| {
                if *skipped {
                    return future::ready(None);
                }
                *skipped = matches!(step, Ok(Step::Skipped(_)));
                future::ready(Some(step))
            })
            .or_else(move |error| {
                let connection = Arc::clone(&connection);
                let place = place.clone();
                async move { Err(connection.explain_missing(&place, table, error).await) }
            })
            .boxed()
    }
}

/// Where a listing is read: the workspace and repository of its path.
#[derive(Debug, Clone, Default)]
struct Place {
    workspace: String,
    repository: String,
}

impl Place {
    /// A list path with `{workspace}` and `{repository}` filled in.
    fn path(&self, template: &str) -> String {
        template
            .replace("{workspace}", &encode_path_segment(&self.workspace))
            .replace("{repository}", &encode_path_segment(&self.repository))
    }
}

/// The pages of a listing in `place`. A child table lists under each of
/// `parent_ids`, or, when `None`, under every object its parent table lists
/// in the same place (read the same way, so a child of a child works too,
/// under `ancestor_ids` when named), fanning out over up to `MaxConcurrency`
/// parents; a parent that is gone (404) has no children. A path that also
/// names the parent's own parent (`{grandparent}`: a report's annotations
/// need its commit) always reads the parent listing, keeping the named
/// parents. A table listed per parent without a parent table (a user's pull
/// requests) reads only the parents a filter names.
fn listing_pages(
    connection: &Arc<Connection>,
    listing: &'static Listing,
    place: Place,
    query: Vec<(String, String)>,
    parent_ids: Option<Vec<String>>,
    ancestor_ids: Option<Vec<String>>,
    read: Read,
) -> BoxStream<'static, Result<Vec<Json>>> {
    let table = &listing.table;
    let path = place.path(table.endpoint.list);
    if !table.endpoint.list.contains("{parent}") {
        return connection.pages(path, query, listing.paging, read);
    }
    let grandchild = table.endpoint.list.contains("{grandparent}");
    let ids = match (parent_ids, table.endpoint.parent) {
        (Some(ids), _) if !grandchild => {
            stream::iter(ids.into_iter().map(|id| Ok(scan::Parentage::of(id)))).boxed()
        }
        (named, Some(parent)) => {
            let Some(parent_listing) = self::listing(parent.table) else {
                let message = format!("{} has no Bitbucket parent table", table.name);
                return stream::once(async move { Err(Error::Config(message)) }).boxed();
            };
            let mut parent_query: Vec<(String, String)> = parent
                .table
                .endpoint
                .defaults
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
            parent_query.push((
                "fields".into(),
                format!("next,size,page,pagelen,values.{}", parent.key),
            ));
            let pages = listing_pages(
                connection,
                parent_listing,
                place,
                parent_query,
                ancestor_ids,
                None,
                Read {
                    read_cache: read.read_cache,
                    ..Read::ALL
                },
            );
            // The parent's own parent id, where the parent's scan put it.
            let ancestor = parent
                .table
                .parent_column()
                .map(Column::json_path)
                .filter(|_| grandchild);
            let key = parent.key;
            pages
                .map_ok(move |rows| {
                    let named = named.clone();
                    stream::iter(rows.into_iter().filter_map(move |row| {
                        let id = scan::id_text(row.get(key)?)?;
                        if named.as_ref().is_some_and(|n| !n.contains(&id)) {
                            return None;
                        }
                        let ancestor = ancestor
                            .and_then(|k| row.get(k))
                            .and_then(Json::as_str)
                            .map(str::to_string);
                        Some(Ok(scan::Parentage { id, ancestor }))
                    }))
                })
                .try_flatten()
                .boxed()
        }
        // Listed per object the API cannot enumerate (a user): its parent
        // id column is required, which the engine checks before any scan.
        (_, None) => {
            let error = table
                .check_required(&[])
                .err()
                .unwrap_or_else(|| Error::Config(format!("{} has no parent table", table.name)));
            return stream::once(async move { Err(error) }).boxed();
        }
    };
    let connection = Arc::clone(connection);
    let concurrency = connection.http.config().max_concurrency;
    let column = table.parent_column().map(Column::json_path);
    let ancestor = grandchild.then_some(ANCESTOR_KEY);
    scan::under_parents(ids, concurrency, [column, ancestor], move |parent| {
        let mut path = path.replace("{parent}", &encode_path_segment(&parent.id));
        if let Some(ancestor) = &parent.ancestor {
            path = path.replace("{grandparent}", &encode_path_segment(ancestor));
        }
        connection
            .pages(path, query.clone(), listing.paging, read)
            .map(|page| match page {
                Err(Error::Api { status: 404, .. }) => Ok(None),
                other => other.map(Some),
            })
            .try_take_while(|page| future::ready(Ok(page.is_some())))
            .try_filter_map(|page| future::ready(Ok(page)))
            .boxed()
    })
}

impl Connection {
    /// A 404 in a repository the query named: `unknown repository` when
    /// the repository itself does not exist; otherwise the repository lacks
    /// the table's resource (its issue tracker is off: "Repository has no
    /// issue tracker."), said with the API's reason. Both are 42S02.
    async fn explain_missing(&self, place: &Place, table: &str, error: Error) -> Error {
        let Error::Api {
            status: 404,
            message,
            ..
        } = &error
        else {
            return error;
        };
        let path = place.path("/repositories/{workspace}/{repository}");
        match self.http.get_json(&path, &[]).await {
            Err(Error::Api { status: 404, .. }) => Error::NotFound(format!(
                "unknown repository '{}' in workspace '{}'",
                place.repository, place.workspace
            )),
            Ok(_) => Error::NotFound(format!(
                "{table} of repository '{}': {message}",
                place.repository
            )),
            Err(_) => error,
        }
    }
}

/// Says what a listing cut short by the rate limit would have cost, so the
/// user can weigh it against Bitbucket's hourly budget.
fn budget_note(error: Error, pages: usize) -> Error {
    if error.is_rate_limited() {
        error.noted(&format!(
            " (this listing needs {pages} requests of the hourly budget)"
        ))
    } else {
        error
    }
}

#[cfg(test)]
mod tests;
