//! Bitbucket Cloud: tables over `https://api.bitbucket.org/2.0`.
//!
//! The catalog is the workspace (`Workspace`). Schema `information` holds the
//! workspace-level tables plus cross-repository views of some repository
//! tables (with a `repository` column); every repository slug is a schema of
//! its own with the repository tables. Tables are static [`Listing`]s (one
//! file per area); this module holds authentication, the repository list
//! (read once per connection), paging and the scan. Pushdown is in [`bbql`].

pub mod bbql;
pub mod commits;
pub mod deployments;
pub mod issues;
pub mod pipelines;
pub mod pull_requests;
pub mod refs;
pub mod workspace;

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use arrow::datatypes::SchemaRef;
use base64::Engine;
use futures::future::BoxFuture;
use futures::{StreamExt, TryStreamExt};
use serde_json::Value as Json;
use tokio::sync::OnceCell;

use crate::http::{Http, HttpConfig, encode_path_segment};
use crate::json::decode;
use crate::scan::{self, BatchSender};
use crate::table::{Column, ColumnKind, Filter, Predicate, Pushdown, ScanRequest, Table};
use crate::{BatchStream, Error, Properties, Provider, Result};

pub const DEFAULT_BASE_URL: &str = "https://api.bitbucket.org/2.0";
/// The schema of workspace-level and cross-repository tables.
pub const INFORMATION: &str = "information";
/// Catalog name when no `Workspace` is set (only account-level tables work).
const NO_WORKSPACE: &str = "bitbucket";
/// Where a scan puts the repository slug of each row (never an API field).
const REPOSITORY_KEY: &str = "$repository";

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

/// The `repository` column of every repository table.
const REPOSITORY: Column = Column::new(
    "repository",
    ColumnKind::Code,
    "Slug of the repository the row belongs to (its schema name).",
)
.at(REPOSITORY_KEY)
.filtered_by(Filter::Parent)
.not_null();

/// A column read from `path` that BBQL can filter and sort on.
const fn queried(
    name: &'static str,
    kind: ColumnKind,
    path: &'static str,
    description: &'static str,
) -> Column {
    Column::new(name, kind, description)
        .at(path)
        .filtered_by(Filter::Query(path))
}

/// `links_html_href`: the object's page on bitbucket.org.
const fn href() -> Column {
    Column::new(
        "links_html_href",
        ColumnKind::Text,
        "The page on bitbucket.org.",
    )
    .at("links.html.href")
}

/// Every table, by name.
pub static LISTINGS: &[&Listing] = &[
    &refs::BRANCHES,
    &commits::COMMITS,
    &issues::COMPONENTS,
    &workspace::CURRENT_USER,
    &deployments::DEPLOYMENTS,
    &deployments::ENVIRONMENTS,
    &workspace::FORKS,
    &issues::ISSUES,
    &issues::MILESTONES,
    &pipelines::PIPELINES,
    &workspace::PROJECTS,
    &pull_requests::PULL_REQUESTS,
    &workspace::REPOSITORIES,
    &refs::TAGS,
    &issues::VERSIONS,
    &workspace::WEBHOOKS,
    &workspace::WORKSPACE_MEMBERS,
    &workspace::WORKSPACE_PERMISSIONS,
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

    /// Every page of `path` in order, handed to `sink` until it answers
    /// `false`; at most about `limit` rows are asked for.
    async fn pages<F, Fut>(
        &self,
        path: &str,
        mut query: Vec<(String, String)>,
        paging: Paging,
        limit: Option<usize>,
        mut sink: F,
    ) -> Result<()>
    where
        F: FnMut(Vec<Json>) -> Fut,
        Fut: Future<Output = Result<bool>>,
    {
        let max_pagelen = match paging {
            Paging::Single => {
                let object = self.http.get_json(path, &query).await?;
                sink(vec![object]).await?;
                return Ok(());
            }
            Paging::Pages { max_pagelen } | Paging::Cursor { max_pagelen } => max_pagelen,
        };
        let wanted = limit.unwrap_or(usize::MAX);
        query.push(("pagelen".into(), wanted.clamp(1, max_pagelen).to_string()));
        let first = Envelope::parse(self.http.get_json(path, &query).await?)?;
        let (size, pagelen, mut next) = (first.size, first.pagelen, first.next.clone());
        if !sink(first.values).await? {
            return Ok(());
        }
        match (paging, size, pagelen) {
            (Paging::Pages { .. }, Some(size), Some(pagelen)) if pagelen > 0 => {
                let last = size.min(wanted).div_ceil(pagelen);
                let concurrency = self.http.config().max_concurrency.max(1);
                let mut pages = futures::stream::iter(2..=last)
                    .map(|page| {
                        let mut query = query.clone();
                        query.push(("page".into(), page.to_string()));
                        async move { self.http.get_json(path, &query).await }
                    })
                    .buffered(concurrency);
                while let Some(page) = pages.try_next().await? {
                    if !sink(Envelope::parse(page)?.values).await? {
                        return Ok(());
                    }
                }
            }
            _ => {
                while let Some(link) = next {
                    let page = Envelope::parse(self.http.get_json_link(&link).await?)?;
                    next = page.next;
                    if !sink(page.values).await? {
                        return Ok(());
                    }
                }
            }
        }
        Ok(())
    }

    /// The workspace's repository slugs: one paginated listing per connection.
    async fn repositories(&self) -> Result<Vec<String>> {
        let slugs = self
            .repositories
            .get_or_try_init(|| async {
                let workspace = self.workspace()?;
                let path = format!("/repositories/{}", encode_path_segment(workspace));
                let query = vec![(
                    "fields".to_string(),
                    "next,size,page,pagelen,values.slug".to_string(),
                )];
                let mut slugs = Vec::new();
                self.pages(&path, query, workspace::REPOSITORIES.paging, None, |rows| {
                    slugs.extend(
                        rows.iter()
                            .filter_map(|r| r.get("slug").and_then(Json::as_str))
                            .map(str::to_string),
                    );
                    async { Ok(true) }
                })
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

/// One page: `{values, next, size, page, pagelen}`.
struct Envelope {
    values: Vec<Json>,
    next: Option<String>,
    size: Option<usize>,
    pagelen: Option<usize>,
}

impl Envelope {
    fn parse(page: Json) -> Result<Envelope> {
        let Json::Object(mut page) = page else {
            return Err(Error::ConnectionLost(
                "Bitbucket answered something other than a page".into(),
            ));
        };
        let number = |v: Option<&Json>| v.and_then(Json::as_u64).map(|n| n as usize);
        Ok(Envelope {
            next: page.get("next").and_then(Json::as_str).map(str::to_string),
            size: number(page.get("size")),
            pagelen: number(page.get("pagelen")),
            values: match page.remove("values") {
                Some(Json::Array(values)) => values,
                None => Vec::new(),
                Some(_) => {
                    return Err(Error::ConnectionLost(
                        "Bitbucket answered a page whose values are not a list".into(),
                    ));
                }
            },
        })
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
        Box::pin(async move {
            let mut slugs = Vec::new();
            let query = vec![(
                "fields".to_string(),
                "next,size,page,pagelen,values.slug".to_string(),
            )];
            self.connection
                .pages(
                    workspace::WORKSPACES.table.endpoint.list,
                    query,
                    workspace::WORKSPACES.paging,
                    None,
                    |rows| {
                        slugs.extend(
                            rows.iter()
                                .filter_map(|r| r.get("slug").and_then(Json::as_str))
                                .map(str::to_string),
                        );
                        async { Ok(true) }
                    },
                )
                .await?;
            Ok(slugs)
        })
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
            && let Some(Filter::Query(field)) = table.column(&order.column).map(|c| c.filter)
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
        let job = Job {
            connection: Arc::clone(&self.connection),
            listing,
            schema: schema.to_string(),
            plan,
            query,
            batch_schema,
            columns,
            remaining: AtomicUsize::new(request.limit.unwrap_or(usize::MAX)),
        };
        scan::spawn(move |tx| async move {
            if let Err(e) = job.run(&tx).await {
                tx.send(Err(e)).await;
            }
        })
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
    plan: bbql::Plan,
    query: Vec<(String, String)>,
    batch_schema: SchemaRef,
    columns: Vec<&'static Column>,
    /// Rows still wanted (LIMIT), across every repository read.
    remaining: AtomicUsize,
}

impl Job {
    async fn run(&self, tx: &BatchSender) -> Result<()> {
        if self.plan.empty || self.remaining.load(Ordering::Relaxed) == 0 {
            return Ok(());
        }
        let template = self.listing.table.endpoint.list;
        match self.listing.scope() {
            Scope::Account => self.read(template.to_string(), None, tx).await,
            Scope::Workspace => {
                let workspace = encode_path_segment(self.connection.workspace()?);
                self.read(template.replace("{workspace}", &workspace), None, tx)
                    .await
            }
            Scope::Repository => {
                let (repositories, named) = self.repositories().await?;
                let concurrency = self.connection.http.config().max_concurrency.max(1);
                futures::stream::iter(repositories.iter().map(Ok))
                    .try_for_each_concurrent(concurrency, |repository| {
                        self.read_repository(repository, named, tx)
                    })
                    .await
            }
        }
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

    /// Reads one repository's listing. A repository the query did not name
    /// is skipped when it is forbidden (403) or gone (404).
    async fn read_repository(&self, repository: &str, named: bool, tx: &BatchSender) -> Result<()> {
        let workspace = self.connection.workspace()?;
        let path = self
            .listing
            .table
            .endpoint
            .list
            .replace("{workspace}", &encode_path_segment(workspace))
            .replace("{repository}", &encode_path_segment(repository));
        match self.read(path, Some(repository), tx).await {
            Err(Error::Api { status: 404, .. }) if !named => Ok(()),
            Err(Error::Permission(message)) if !named => {
                log::warn!("Bitbucket: skipped repository '{repository}': {message}");
                Ok(())
            }
            Err(error @ Error::Api { status: 404, .. }) => {
                let repository_path = format!(
                    "/repositories/{}/{}",
                    encode_path_segment(workspace),
                    encode_path_segment(repository)
                );
                match self.connection.http.get_json(&repository_path, &[]).await {
                    Err(Error::Api { status: 404, .. }) => Err(Error::NotFound(format!(
                        "unknown repository '{repository}' in workspace '{workspace}'"
                    ))),
                    _ => Err(error),
                }
            }
            other => other,
        }
    }

    async fn read(&self, path: String, repository: Option<&str>, tx: &BatchSender) -> Result<()> {
        let limit = self.remaining.load(Ordering::Relaxed);
        self.connection
            .pages(
                &path,
                self.query.clone(),
                self.listing.paging,
                (limit != usize::MAX).then_some(limit),
                |rows| self.emit(rows, repository, tx),
            )
            .await
    }

    /// Sends one batch; `false` when the consumer has gone or LIMIT is reached.
    async fn emit(
        &self,
        mut rows: Vec<Json>,
        repository: Option<&str>,
        tx: &BatchSender,
    ) -> Result<bool> {
        let taken = self
            .remaining
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |left| {
                Some(left - left.min(rows.len()))
            })
            .map_or(0, |left| left.min(rows.len()));
        rows.truncate(taken);
        if let Some(repository) = repository {
            for row in &mut rows {
                if let Json::Object(object) = row {
                    object.insert(REPOSITORY_KEY.into(), Json::from(repository));
                }
            }
        }
        if !rows.is_empty() {
            let batch = decode(&self.batch_schema, &self.columns, &rows)?;
            if !tx.send(Ok(batch)).await {
                return Ok(false);
            }
        }
        Ok(self.remaining.load(Ordering::Acquire) > 0)
    }
}

#[cfg(test)]
mod tests;
