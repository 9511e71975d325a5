//! A fake Bitbucket Cloud API (`/2.0/...`) on loopback, following the
//! documented behaviour of the list endpoints the driver reads: the paging
//! envelope (`values`, `page`, `pagelen`, `size`, `next`), page-numbered and
//! cursor (commits) paging, `pagelen` limits (100; pull requests 50; more is a
//! 400), BBQL `q=` ([`bbql`]) and `sort` where the swagger documents them
//! (elsewhere they are ignored, as Bitbucket ignores them), `fields`, the
//! pull request `state` parameter (only OPEN without it), pipelines' own
//! filter parameters, commits' `include`/`exclude`/`path`, repositories'
//! `role`, members by e-mail, Basic and bearer authentication, and
//! Bitbucket's error bodies. An enumerated parameter takes only the
//! swagger's values: any other is a 400 ([`enums`]). The deprecated
//! `/workspaces` is gone (410); a repository can have its issue tracker off;
//! a pull request's diffstat redirects to its commits'.
//!
//! Tests change a repository's pull requests and issues at run time
//! ([`FakeBitbucket::update_pull_request`], `create_pull_request`,
//! `update_issue`, `delete_issue`), stamped now, so that a later process
//! can refresh them with `q=updated_on > "<time>"`.
//!
//! Like the fake Stripe it runs on its own thread, records every request, and
//! can add latency and inject faults (429 with `Retry-After`, 5xx). Control
//! endpoints for out-of-process tests: `GET /_fake/requests`,
//! `GET /_fake/request_count`, `POST /_fake/reset_log`,
//! `POST /_fake/fail?n=N&status=S`, `POST /_fake/latency?ms=N`.

#![allow(clippy::result_large_err)]

pub mod bbql;
pub mod data;

use crate::serve::Server;
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use crate::control::{Controls, Fault, lock};
use crate::request_log::Request;
use crate::stripe::{AcceptedKeys, base64_decode, header_str, parse_query, percent_decode};
use data::RepoSizes;

/// Request headers kept in the log (lower-case names).
const LOGGED_HEADERS: &[&str] = &["authorization", "user-agent", "accept"];

/// How to start a [`FakeBitbucket`].
#[derive(Clone, Debug)]
pub struct FakeBitbucketConfig {
    /// Workspace slugs with their repository slugs.
    pub workspaces: Vec<(String, Vec<String>)>,
    /// Pull requests of the first repository of each workspace; the k-th
    /// repository has `pull_requests >> k` plus k.
    pub pull_requests: usize,
    /// Commits of every repository.
    pub commits: usize,
    /// Issues, pipelines and other collections per repository.
    pub others: usize,
    /// Basic authentication: the Atlassian account e-mail and its API token.
    pub user: String,
    pub password: String,
    /// Accepted as `Authorization: Bearer` (an access token), beside those
    /// added to [`FakeBitbucket::accepted_tokens`] (e.g. by a fake OAuth server).
    pub access_token: String,
    /// Delay added before answering every request.
    pub latency: Duration,
    /// Port on 127.0.0.1; 0 picks a free one.
    pub port: u16,
    pub seed: u64,
    /// Repository slugs whose issue tracker is off: its paths answer 404.
    pub without_issue_tracker: Vec<String>,
}

impl Default for FakeBitbucketConfig {
    fn default() -> Self {
        let names = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        FakeBitbucketConfig {
            workspaces: vec![
                (
                    "acme".into(),
                    names(&["widgets", "gadgets", "docs", "legacy-app"]),
                ),
                ("skunkworks".into(), names(&["prototype"])),
            ],
            pull_requests: 120,
            commits: 75,
            others: 25,
            user: "ann@example.com".into(),
            password: "ATATT3xFakeApiToken".into(),
            access_token: "ATCTT3xFakeAccessToken".into(),
            latency: Duration::ZERO,
            port: 0,
            seed: 7,
            without_issue_tracker: vec!["legacy-app".into()],
        }
    }
}

/// One repository: its object, its collections by resource name, and what
/// is listed under its pull requests, issues, commits and pipelines.
struct Repo {
    object: Value,
    /// Changed by tests at run time; a request reads the collections as
    /// they were when it arrived.
    data: Mutex<Arc<data::RepoData>>,
    children: data::Children,
}

impl Repo {
    /// The repository's collections as they are now.
    fn data(&self) -> Arc<data::RepoData> {
        Arc::clone(&lock(&self.data))
    }
}

struct Workspace {
    object: Value,
    projects: Vec<Value>,
    members: Vec<Value>,
    /// Repository slugs in listing order.
    repos: Vec<String>,
    snippets: Vec<Value>,
    /// Workspace pipeline variables.
    variables: Vec<Value>,
}

struct Shared {
    user: String,
    password: String,
    access_token: String,
    accepted: AcceptedKeys,
    workspaces: Vec<(String, Workspace)>,
    repos: HashMap<(String, String), Repo>,
    forbidden: Mutex<HashSet<(String, String)>>,
    controls: Controls,
    retry_after: Mutex<u64>,
}

/// Handle to a running fake Bitbucket; dropping it stops the server.
pub struct FakeBitbucket {
    server: Server,
    shared: Arc<Shared>,
}

/// The request log, latency and faults ([`Controls`]) are the fake's own.
impl std::ops::Deref for FakeBitbucket {
    type Target = Controls;
    fn deref(&self) -> &Controls {
        &self.shared.controls
    }
}

impl FakeBitbucket {
    /// Generates the data and starts serving on a background thread.
    pub fn start(config: FakeBitbucketConfig) -> FakeBitbucket {
        let mut workspaces = Vec::new();
        let mut repos = HashMap::new();
        let mut repo_index = 0;
        for (w, (slug, repo_slugs)) in config.workspaces.iter().enumerate() {
            let keys = ["CORE", "OPS"];
            let projects = keys
                .iter()
                .enumerate()
                .map(|(i, key)| data::project(slug, key, w * 10 + i))
                .collect();
            for (k, repo) in repo_slugs.iter().enumerate() {
                let sizes = RepoSizes {
                    pull_requests: (config.pull_requests >> k) + k,
                    commits: config.commits,
                    others: config.others,
                };
                let has_issues = !config.without_issue_tracker.contains(repo);
                let object = data::repository(slug, repo, keys[k % 2], repo_index, has_issues);
                let mut data = data::repository_data(config.seed, slug, repo, repo_index, sizes);
                data.insert("branch-restrictions", data::branch_restrictions(repo_index));
                data.insert("downloads", data::downloads(slug, repo, repo_index));
                data.insert(
                    "default-reviewers",
                    vec![data::user(repo_index), data::user(repo_index + 1)],
                );
                data.insert("deploy-keys", data::deploy_keys(slug, repo, repo_index));
                data.insert(
                    "watchers",
                    (2..5).map(|i| data::user(repo_index + i)).collect(),
                );
                data.insert("schedules", data::pipeline_schedules(repo_index));
                data.insert("variables", data::pipeline_variables(repo_index));
                let mut children = data::repository_children(slug, repo, &data);
                children.extend(data::insights(&format!("{slug}/{repo}"), &data));
                repos.insert(
                    (slug.clone(), repo.clone()),
                    Repo {
                        object,
                        data: Mutex::new(Arc::new(data)),
                        children,
                    },
                );
                repo_index += 1;
            }
            workspaces.push((
                slug.clone(),
                Workspace {
                    object: data::workspace(slug, w),
                    projects,
                    members: data::members(slug),
                    repos: repo_slugs.clone(),
                    snippets: data::snippets(slug, w),
                    variables: data::pipeline_variables(1000 + w),
                },
            ));
        }
        let shared = Arc::new(Shared {
            user: config.user,
            password: config.password,
            access_token: config.access_token,
            accepted: AcceptedKeys::default(),
            workspaces,
            repos,
            forbidden: Mutex::new(HashSet::new()),
            controls: Controls::new(config.latency),
            retry_after: Mutex::new(0),
        });

        let router = Router::new()
            .fallback(handle)
            .with_state(Arc::clone(&shared));
        FakeBitbucket {
            server: Server::start("fake Bitbucket", config.port, router),
            shared,
        }
    }

    /// `http://127.0.0.1:PORT/2.0`, the value for the driver's `BaseURL`.
    pub fn base_url(&self) -> String {
        format!("http://{}/2.0", self.server.addr())
    }

    pub fn user(&self) -> &str {
        &self.shared.user
    }

    pub fn password(&self) -> &str {
        &self.shared.password
    }

    pub fn access_token(&self) -> &str {
        &self.shared.access_token
    }

    /// Further accepted bearer tokens: hand this to `FakeOAuth::start` (in the tests crate)
    /// so that the tokens it issues (and revokes) count here.
    pub fn accepted_tokens(&self) -> AcceptedKeys {
        Arc::clone(&self.shared.accepted)
    }

    /// Workspace slugs in listing order.
    pub fn workspaces(&self) -> Vec<String> {
        self.shared
            .workspaces
            .iter()
            .map(|(s, _)| s.clone())
            .collect()
    }

    /// Repository slugs of a workspace in listing order.
    pub fn repositories(&self, workspace: &str) -> Vec<String> {
        self.workspace(workspace).repos.clone()
    }

    /// A repository's object.
    pub fn repository(&self, workspace: &str, repo: &str) -> &Value {
        &self.repo(workspace, repo).object
    }

    /// Every object of a repository's collection (`pullrequests`, `commits`,
    /// `branches`, `tags`, `issues`, `pipelines`, `deployments`, ...), in
    /// the order the API lists them, as they are now.
    pub fn objects(&self, workspace: &str, repo: &str, resource: &str) -> Vec<Value> {
        self.repo(workspace, repo)
            .data()
            .get(resource)
            .unwrap_or_else(|| panic!("fake Bitbucket has no {resource}"))
            .clone()
    }

    /// What is listed under one parent object of a repository (see
    /// [`data::Children`]): `("comments", "5")` are pull request 5's comments.
    pub fn children(&self, workspace: &str, repo: &str, resource: &str, parent: &str) -> &[Value] {
        self.repo(workspace, repo)
            .children
            .iter()
            .find(|((r, p), _)| *r == resource && p == parent)
            .map(|(_, objects)| objects.as_slice())
            .unwrap_or_else(|| panic!("fake Bitbucket has no {resource} under {parent}"))
    }

    /// Every member's permission on every repository of a workspace, as
    /// `/workspaces/{workspace}/permissions/repositories` lists them.
    pub fn repository_permissions(&self, workspace: &str) -> Vec<Value> {
        repository_permissions(&self.shared, workspace)
    }

    /// Projects of a workspace.
    pub fn projects(&self, workspace: &str) -> &[Value] {
        &self.workspace(workspace).projects
    }

    fn workspace(&self, slug: &str) -> &Workspace {
        self.shared
            .workspaces
            .iter()
            .find(|(s, _)| s == slug)
            .map(|(_, w)| w)
            .unwrap_or_else(|| panic!("no workspace {slug}"))
    }

    fn repo(&self, workspace: &str, repo: &str) -> &Repo {
        self.shared
            .repos
            .get(&(workspace.to_string(), repo.to_string()))
            .unwrap_or_else(|| panic!("no repository {workspace}/{repo}"))
    }

    /// Renames pull request `id` and bumps its `updated_on` to now, as an
    /// edit does; returns it. Panics if there is no such pull request.
    pub fn update_pull_request(&self, workspace: &str, repo: &str, id: u64, title: &str) -> Value {
        self.change(workspace, repo, "pullrequests", |items| {
            let pr = numbered(items, id);
            pr["title"] = Value::from(title);
            pr["rendered"]["title"]["raw"] = Value::from(title);
            pr["updated_on"] = Value::from(data::iso(unix_now()));
            pr.clone()
        })
    }

    /// Opens a pull request, created and updated now, with the next id,
    /// first in the list; returns it. It has no comments, tasks or activity yet.
    pub fn create_pull_request(&self, workspace: &str, repo: &str, title: &str) -> Value {
        let full = format!("{workspace}/{repo}");
        self.change(workspace, repo, "pullrequests", |items| {
            let id = items
                .iter()
                .filter_map(|p| p["id"].as_u64())
                .max()
                .unwrap_or(0)
                + 1;
            let mut pr = items
                .first()
                .cloned()
                .expect("a pull request to copy the shape of");
            let now = data::iso(unix_now());
            pr["id"] = Value::from(id);
            pr["title"] = Value::from(title);
            pr["rendered"]["title"]["raw"] = Value::from(title);
            pr["state"] = Value::from("OPEN");
            pr["merge_commit"] = Value::Null;
            pr["closed_by"] = Value::Null;
            pr["comment_count"] = Value::from(0);
            pr["task_count"] = Value::from(0);
            pr["created_on"] = Value::from(now.as_str());
            pr["updated_on"] = Value::from(now);
            pr["links"]["html"]["href"] =
                Value::from(format!("https://bitbucket.org/{full}/pull-requests/{id}"));
            pr["links"]["self"]["href"] = Value::from(format!(
                "https://api.bitbucket.org/2.0/repositories/{full}/pullrequests/{id}"
            ));
            items.insert(0, pr.clone());
            pr
        })
    }

    /// Sets an issue's fields and bumps its `updated_on` to now; returns
    /// it. Panics if there is no such issue.
    pub fn update_issue(
        &self,
        workspace: &str,
        repo: &str,
        id: u64,
        changes: serde_json::Map<String, Value>,
    ) -> Value {
        self.change(workspace, repo, "issues", |items| {
            let issue = numbered(items, id);
            for (field, value) in changes {
                issue[field.as_str()] = value;
            }
            issue["updated_on"] = Value::from(data::iso(unix_now()));
            issue.clone()
        })
    }

    /// Deletes an issue: lists leave it out. Panics if there is no such issue.
    pub fn delete_issue(&self, workspace: &str, repo: &str, id: u64) {
        self.change(workspace, repo, "issues", |items| {
            let at = items.iter().position(|i| i["id"] == id);
            items.remove(at.unwrap_or_else(|| panic!("fake Bitbucket has no issue {id}")));
        });
    }

    /// Changes one collection of a repository; requests already answering
    /// keep the collections as they were.
    fn change<R>(
        &self,
        workspace: &str,
        repo: &str,
        resource: &str,
        f: impl FnOnce(&mut Vec<Value>) -> R,
    ) -> R {
        let mut data = lock(&self.repo(workspace, repo).data);
        let items = Arc::make_mut(&mut data)
            .get_mut(resource)
            .unwrap_or_else(|| panic!("fake Bitbucket has no {resource}"));
        f(items)
    }

    /// Seconds a 429 asks the client to wait (default 0).
    pub fn set_retry_after(&self, seconds: u64) {
        *lock(&self.shared.retry_after) = seconds;
    }

    /// Every request under this repository answers 403 from now on.
    pub fn forbid(&self, workspace: &str, repo: &str) {
        lock(&self.shared.forbidden).insert((workspace.to_string(), repo.to_string()));
    }
}

/// The pull request or issue with this id.
fn numbered(items: &mut [Value], id: u64) -> &mut Value {
    items
        .iter_mut()
        .find(|item| item["id"] == id)
        .unwrap_or_else(|| panic!("fake Bitbucket has no item {id}"))
}

/// Unix seconds now, as the API stamps a change.
fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("a clock after 1970")
        .as_secs() as i64
}

/// Bitbucket's error body `{"type": "error", "error": {"message", "detail"}}`.
fn error(status: u16, message: &str, detail: Option<&str>) -> Response {
    let mut body = json!({"type": "error", "error": {"message": message}});
    if let Some(detail) = detail {
        body["error"]["detail"] = Value::from(detail);
    }
    json_response(status, &body)
}

fn json_response(status: u16, body: &Value) -> Response {
    Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(serde_json::to_vec(body).expect("serialize")))
        .expect("response")
}

fn check_auth(shared: &Shared, headers: &HeaderMap) -> Result<(), Response> {
    let value = header_str(headers, "authorization").unwrap_or("").trim();
    let (scheme, rest) = value.split_once(' ').unwrap_or((value, ""));
    let ok = if scheme.eq_ignore_ascii_case("bearer") {
        let token = rest.trim();
        token == shared.access_token || lock(&shared.accepted).contains(token)
    } else if scheme.eq_ignore_ascii_case("basic") {
        base64_decode(rest)
            .and_then(|b| String::from_utf8(b).ok())
            .is_some_and(|s| s == format!("{}:{}", shared.user, shared.password))
    } else {
        false
    };
    if ok {
        Ok(())
    } else {
        let mut response = error(401, "Unauthorized", None);
        response.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            "Basic realm=\"Bitbucket.org HTTP\"".parse().unwrap(),
        );
        Err(response)
    }
}

async fn handle(State(shared): State<Arc<Shared>>, req: axum::extract::Request) -> Response {
    let method = req.method().clone();
    let path = percent_decode(req.uri().path(), false);
    let raw_query = req.uri().query().unwrap_or("").to_owned();
    let query = parse_query(&raw_query);
    let headers = req.headers().clone();
    let host = header_str(&headers, "host")
        .unwrap_or("127.0.0.1")
        .to_string();

    if let Some(control) = path.strip_prefix("/_fake/") {
        return control_endpoint(&shared, method.as_str(), control, &query);
    }
    let seq = shared.controls.log.arrived(Request {
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
        stripe_account: None,
        status: 0,
        at_micros: 0,
    });
    let fault = shared.controls.meet().await;
    let response = match fault {
        Some(Fault::Status { status, .. }) => {
            let mut response = error(status, &format!("Injected error {status}"), None);
            if status == 429 {
                let seconds = *lock(&shared.retry_after);
                response
                    .headers_mut()
                    .insert(header::RETRY_AFTER, seconds.to_string().parse().unwrap());
            }
            response
        }
        Some(Fault::Body(body)) => (
            [(header::CONTENT_TYPE, "application/json")],
            body.to_string(),
        )
            .into_response(),
        Some(Fault::Garbage) => (
            [(header::CONTENT_TYPE, "application/json")],
            "<html><body><h1>502 Bad Gateway</h1>not JSON {\"values\": [",
        )
            .into_response(),
        None | Some(Fault::Pass) if method != axum::http::Method::GET => {
            error(405, "Method not allowed", None)
        }
        None | Some(Fault::Pass) => match check_auth(&shared, &headers) {
            Err(response) => response,
            Ok(()) => route(&shared, &format!("http://{host}"), &path, &query),
        },
    };
    shared
        .controls
        .log
        .answered(seq, response.status().as_u16());
    response
}

fn control_endpoint(
    shared: &Shared,
    method: &str,
    what: &str,
    query: &[(String, String)],
) -> Response {
    match shared.controls.endpoint(method, what, query) {
        Some(answer) => json_response(200, &answer),
        None => error(404, "unknown control endpoint", None),
    }
}

/// How one list endpoint pages and filters.
#[derive(Clone, Copy)]
struct Listing {
    max_pagelen: usize,
    default_pagelen: usize,
    /// Commits: opaque `page` tokens, no `size` or `page` in the envelope.
    cursor: bool,
    /// Whether the swagger documents `q` and `sort` here; where it does
    /// not, they are ignored (unfiltered rows in the API's order), as
    /// Bitbucket ignores them.
    bbql: bool,
    /// Fields BBQL refuses on this endpoint.
    refused: &'static [&'static str],
}

const PAGED: Listing = Listing {
    max_pagelen: 100,
    default_pagelen: 10,
    cursor: false,
    bbql: true,
    refused: &[],
};

/// A listing whose swagger entry documents neither `q` nor `sort`.
const UNQUERIED: Listing = Listing {
    bbql: false,
    ..PAGED
};

/// The enumerated query parameters of the served list endpoints with the
/// swagger's values (`sort` without its `-`), by route shape.
fn enums(parts: &[&str]) -> &'static [(&'static str, &'static [&'static str])] {
    const ROLES: &[&str] = &["admin", "contributor", "member", "owner"];
    match parts {
        ["repositories", _, _, "pipelines"] => &[
            ("target.ref_type", &["BRANCH", "TAG", "ANNOTATED_TAG"]),
            (
                "target.selector.type",
                &["BRANCH", "TAG", "CUSTOM", "PULLREQUESTS", "DEFAULT"],
            ),
            (
                "trigger_type",
                &["PUSH", "MANUAL", "SCHEDULED", "PARENT_STEP"],
            ),
            (
                "status",
                &[
                    "PARSING", "PENDING", "PAUSED", "HALTED", "BUILDING", "ERROR", "PASSED",
                    "FAILED", "STOPPED", "UNKNOWN",
                ],
            ),
            ("sort", &["creator.uuid", "created_on", "run_creation_date"]),
        ],
        ["repositories", _, _, "pullrequests"] => {
            &[("state", &["OPEN", "MERGED", "DECLINED", "SUPERSEDED"])]
        }
        ["repositories", _, _, "branch-restrictions"] => &[(
            "kind",
            &[
                "push",
                "delete",
                "force",
                "restrict_merges",
                "require_tasks_to_be_completed",
                "require_approvals_to_merge",
                "require_review_group_approvals_to_merge",
                "require_default_reviewer_approvals_to_merge",
                "require_no_changes_requested",
                "require_passing_builds_to_merge",
                "require_commits_behind",
                "reset_pullrequest_approvals_on_change",
                "smart_reset_pullrequest_approvals",
                "reset_pullrequest_changes_requested_on_change",
                "require_all_dependencies_merged",
                "enforce_merge_checks",
                "allow_auto_merge_when_builds_pass",
                "require_all_comments_resolved",
            ],
        )],
        ["repositories", _] | ["repositories", _, _, "forks"] => &[("role", ROLES)],
        ["user", "workspaces"] => &[("administrator", &["true", "false"])],
        _ => &[],
    }
}

/// A 400 for the first enumerated parameter whose value is not one of the
/// swagger's, as a validating API answers.
fn check_enums(parts: &[&str], query: &[(String, String)]) -> Result<(), Response> {
    for (name, values) in enums(parts) {
        for (_, value) in query.iter().filter(|(k, _)| k == name) {
            let value = if *name == "sort" {
                value.trim_start_matches('-')
            } else {
                value
            };
            if !values.contains(&value) {
                return Err(error(
                    400,
                    &format!("Invalid value for {name}: {value}"),
                    Some(&format!("{name} must be one of {}", values.join(", "))),
                ));
            }
        }
    }
    Ok(())
}

fn route(shared: &Shared, origin: &str, path: &str, query: &[(String, String)]) -> Response {
    let Some(rest) = path.strip_prefix("/2.0/") else {
        return error(404, "Resource not found", None);
    };
    let parts: Vec<&str> = rest.trim_end_matches('/').split('/').collect();
    if let Err(response) = check_enums(&parts, query) {
        return response;
    }
    let url = format!("{origin}{}", path.trim_end_matches('/'));
    let list = |objects: Vec<&Value>, listing: Listing| list(objects, listing, &url, query);
    let workspace = |slug: &str| shared.workspaces.iter().find(|(s, _)| s == slug);
    match parts.as_slice() {
        ["user"] => json_response(200, &data::user(0)),
        ["user", "workspaces"] => {
            // The caller administers the first workspace only.
            let access: Vec<Value> = shared
                .workspaces
                .iter()
                .enumerate()
                .map(|(i, (_, w))| data::workspace_access(&w.object, i == 0))
                .filter(|a| {
                    param(query, "administrator")
                        .is_none_or(|v| a["administrator"] == (v == "true"))
                })
                .collect();
            list(access.iter().collect(), PAGED)
        }
        ["workspaces"] => error(
            410,
            "This API is no longer supported.",
            Some("GET /2.0/workspaces was removed: use GET /2.0/user/workspaces."),
        ),
        ["snippets", w] => {
            let Some((_, ws)) = workspace(w) else {
                return error(404, &format!("No workspace with identifier '{w}'."), None);
            };
            let mut snippets: Vec<&Value> = ws.snippets.iter().collect();
            if let Some(role) = param(query, "role") {
                if !["owner", "contributor", "member"].contains(&role) {
                    return error(400, &format!("Invalid role: {role}"), None);
                }
                snippets.retain(|s| data::snippet_role(s, role));
            }
            list(snippets, UNQUERIED)
        }
        ["workspaces", w, rest @ ..] => {
            let Some((_, ws)) = workspace(w) else {
                return error(404, &format!("No workspace with identifier '{w}'."), None);
            };
            match rest {
                [] => json_response(200, &ws.object),
                ["members"] => match members_by_email(&ws.members, query) {
                    Ok(members) => list(members.iter().collect(), PAGED),
                    Err(response) => response,
                },
                ["projects"] => list(ws.projects.iter().collect(), UNQUERIED),
                ["permissions"] => {
                    let permissions: Vec<Value> = ws
                        .members
                        .iter()
                        .enumerate()
                        .map(|(i, m)| {
                            json!({"type": "workspace_membership", "permission": if i == 0 { "owner" } else { "member" },
                                "user": m["user"], "workspace": m["workspace"]})
                        })
                        .collect();
                    list(permissions.iter().collect(), PAGED)
                }
                ["hooks"] => list(Vec::new(), UNQUERIED),
                ["pipelines-config", "variables"] => list(ws.variables.iter().collect(), UNQUERIED),
                ["pullrequests", selected] => {
                    let Some(author) = (0..data::USERS.len())
                        .map(data::user)
                        .find(|u| u["uuid"] == *selected || u["account_id"] == *selected)
                    else {
                        return error(404, &format!("User {selected} not found"), None);
                    };
                    let states = states(query);
                    let data: Vec<_> = ws
                        .repos
                        .iter()
                        .map(|r| shared.repos[&(w.to_string(), r.clone())].data())
                        .collect();
                    let prs = data
                        .iter()
                        .flat_map(|data| &data["pullrequests"])
                        .filter(|pr| pr["author"]["uuid"] == author["uuid"])
                        .filter(|pr| states.iter().any(|s| pr["state"] == *s))
                        .collect();
                    list(
                        prs,
                        Listing {
                            max_pagelen: 50,
                            refused: &["closed_on"],
                            ..PAGED
                        },
                    )
                }
                ["permissions", "repositories"] => {
                    list(repository_permissions(shared, w).iter().collect(), PAGED)
                }
                _ => error(404, "Resource not found", None),
            }
        }
        ["repositories", w, rest @ ..] => {
            let Some((_, ws)) = workspace(w) else {
                return error(404, &format!("No workspace with identifier '{w}'."), None);
            };
            let Some((repo_slug, rest)) = rest.split_first() else {
                // The caller's role on the k-th repository: owner, admin,
                // contributor, member in turn; a role lists those with at least it.
                let rank = |role: &str| {
                    ["owner", "admin", "contributor", "member"]
                        .iter()
                        .position(|r| *r == role)
                };
                let wanted = param(query, "role").and_then(rank).unwrap_or(3);
                let repos = ws
                    .repos
                    .iter()
                    .enumerate()
                    .filter(|(k, _)| k % 4 <= wanted)
                    .map(|(_, r)| &shared.repos[&(w.to_string(), r.clone())].object)
                    .collect();
                return list(repos, PAGED);
            };
            let Some(repo) = shared.repos.get(&(w.to_string(), repo_slug.to_string())) else {
                return error(404, &format!("Repository {w}/{repo_slug} not found"), None);
            };
            if lock(&shared.forbidden).contains(&(w.to_string(), repo_slug.to_string())) {
                return error(
                    403,
                    "Access denied. You must have read access to this repository.",
                    None,
                );
            }
            let data = repo.data();
            let objects = |name: &str| -> Vec<&Value> {
                data.get(name)
                    .map(|v| v.iter().collect())
                    .unwrap_or_default()
            };
            let tracker = matches!(
                rest,
                ["issues", ..] | ["components" | "milestones" | "versions"]
            );
            if tracker && repo.object["has_issues"] == false {
                return error(404, "Repository has no issue tracker.", None);
            }
            match rest {
                [] => json_response(200, &repo.object),
                ["pullrequests"] => {
                    let wanted = states(query);
                    let prs = objects("pullrequests")
                        .into_iter()
                        .filter(|pr| wanted.iter().any(|s| pr["state"] == *s))
                        .collect();
                    list(
                        prs,
                        Listing {
                            max_pagelen: 50,
                            refused: &["closed_on"],
                            ..PAGED
                        },
                    )
                }
                ["commits"] => match commit_range(&data, query) {
                    Ok(commits) => list(
                        commits,
                        Listing {
                            cursor: true,
                            default_pagelen: 30,
                            ..UNQUERIED
                        },
                    ),
                    Err(response) => response,
                },
                ["refs"] => {
                    let mut refs = objects("branches");
                    refs.extend(objects("tags"));
                    list(refs, PAGED)
                }
                [
                    "pullrequests",
                    id,
                    sub @ ("comments" | "activity" | "commits" | "statuses" | "tasks"),
                ] => {
                    // A pull request created at run time has nothing under it yet.
                    let none = Vec::new();
                    let known = data["pullrequests"]
                        .iter()
                        .any(|pr| id.parse::<u64>().is_ok_and(|n| pr["id"] == n));
                    let Some(items) = repo
                        .children
                        .get(&(*sub, id.to_string()))
                        .or(known.then_some(&none))
                    else {
                        return error(404, &format!("No pull request with ID {id}"), None);
                    };
                    let listing = match *sub {
                        "activity" | "commits" => Listing {
                            cursor: true,
                            ..UNQUERIED
                        },
                        _ => PAGED,
                    };
                    list(items.iter().collect(), listing)
                }
                ["issues", id, "comments"] => {
                    match repo.children.get(&("issue_comments", id.to_string())) {
                        Some(items) => list(items.iter().collect(), PAGED),
                        None => error(404, &format!("No issue with ID {id}"), None),
                    }
                }
                ["commit", hash, "statuses"] => {
                    match repo.children.get(&("commit_statuses", hash.to_string())) {
                        // `refname` keeps the statuses for that ref and those for none.
                        Some(items) => list(
                            items
                                .iter()
                                .filter(|s| {
                                    param(query, "refname")
                                        .is_none_or(|r| s["refname"].is_null() || s["refname"] == r)
                                })
                                .collect(),
                            PAGED,
                        ),
                        None => error(404, &format!("Commit not found: {hash}"), None),
                    }
                }
                ["pipelines", uuid, "steps"] => {
                    match repo.children.get(&("steps", uuid.to_string())) {
                        Some(items) => list(items.iter().collect(), UNQUERIED),
                        None => error(404, &format!("No pipeline {uuid}"), None),
                    }
                }
                ["branch-restrictions"] => {
                    let mut restrictions = objects("branch-restrictions");
                    for key in ["kind", "pattern"] {
                        if let Some(wanted) = param(query, key) {
                            restrictions.retain(|r| r[key] == wanted);
                        }
                    }
                    list(restrictions, UNQUERIED)
                }
                [name @ ("default-reviewers" | "downloads")] => list(objects(name), UNQUERIED),
                ["refs", "branches"] => list(objects("branches"), PAGED),
                ["refs", "tags"] => list(objects("tags"), PAGED),
                ["pipelines"] => match pipeline_filter(objects("pipelines"), query) {
                    Ok(pipelines) => list(pipelines, UNQUERIED),
                    Err(response) => response,
                },
                ["issues"] => list(objects("issues"), PAGED),
                [
                    name @ ("deployments" | "environments" | "components" | "milestones"
                    | "versions"),
                ] => list(objects(name), UNQUERIED),
                ["forks"] => list(Vec::new(), PAGED),
                [name @ ("deploy-keys" | "watchers")] => list(objects(name), UNQUERIED),
                ["pipelines_config", name @ ("schedules" | "variables")] => {
                    list(objects(name), UNQUERIED)
                }
                ["pullrequests", "activity"] => {
                    // Every pull request's log, in the order pull requests are listed.
                    let activity = objects("pullrequests")
                        .into_iter()
                        .filter_map(|pr| repo.children.get(&("activity", pr["id"].to_string())))
                        .flatten()
                        .collect();
                    let listing = Listing {
                        cursor: true,
                        ..PAGED
                    };
                    list(
                        activity,
                        Listing {
                            bbql: false,
                            ..listing
                        },
                    )
                }
                ["pullrequests", id, "diffstat"] => {
                    let Some(pr) = objects("pullrequests")
                        .into_iter()
                        .find(|pr| id.parse::<u64>().is_ok_and(|n| pr["id"] == n))
                    else {
                        return error(404, &format!("No pull request with ID {id}"), None);
                    };
                    // As the API does: a redirect to the diffstat of the
                    // source against the destination, with the same query.
                    let text = |v: &Value| v.as_str().unwrap_or_default().to_string();
                    let spec = format!(
                        "{}..{}",
                        text(&pr["source"]["commit"]["hash"]),
                        text(&pr["destination"]["commit"]["hash"])
                    );
                    let location = format!(
                        "{origin}/2.0/repositories/{w}/{repo_slug}/diffstat/{spec}{}",
                        query_string(query)
                    );
                    Response::builder()
                        .status(302)
                        .header(header::LOCATION, location)
                        .body(Body::empty())
                        .expect("response")
                }
                ["diffstat", spec] => match diffstat(&data, w, repo_slug, spec, query) {
                    Ok(files) => {
                        let listing = Listing {
                            max_pagelen: 5000,
                            default_pagelen: 500,
                            ..PAGED
                        };
                        list(
                            files.iter().collect(),
                            Listing {
                                bbql: false,
                                ..listing
                            },
                        )
                    }
                    Err(response) => response,
                },
                ["commit", hash, "reports", rest @ ..] => {
                    let Some(reports) = repo.children.get(&("reports", hash.to_string())) else {
                        return error(404, &format!("Commit not found: {hash}"), None);
                    };
                    let items = match rest {
                        [] => reports,
                        [report, "annotations"] => {
                            match reports
                                .iter()
                                .find(|r| r["uuid"] == *report || r["external_id"] == *report)
                            {
                                Some(found) => {
                                    &repo.children[&("annotations", text_of(&found["uuid"]))]
                                }
                                None => {
                                    return error(
                                        404,
                                        &format!("Report not found: {report}"),
                                        None,
                                    );
                                }
                            }
                        }
                        _ => return error(404, "Resource not found", None),
                    };
                    list(items.iter().collect(), UNQUERIED)
                }
                _ => error(404, "Resource not found", None),
            }
        }
        _ => error(404, "Resource not found", None),
    }
}

/// The `state` parameters of a pull request listing: only OPEN without one.
fn states(query: &[(String, String)]) -> Vec<&str> {
    let states: Vec<&str> = query
        .iter()
        .filter(|(k, _)| k == "state")
        .map(|(_, v)| v.as_str())
        .collect();
    if states.is_empty() {
        vec!["OPEN"]
    } else {
        states
    }
}

/// The query without `q` and `sort`, which endpoints that do not document
/// them ignore (as the API ignores any unknown parameter).
fn text_of(value: &Value) -> String {
    value.as_str().unwrap_or_default().to_string()
}

/// `?k=v&...` of a query, or nothing.
fn query_string(query: &[(String, String)]) -> String {
    if query.is_empty() {
        return String::new();
    }
    let pairs: Vec<String> = query
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect();
    format!("?{}", pairs.join("&"))
}

/// The files a commit or range `spec` changes, after the documented
/// parameters: `path` (repeatable) keeps those files, `renames=false` turns
/// a rename into a removal and an addition, `ignore_whitespace=true` halves
/// the lines of modified files (their whitespace changes); `topic` and the
/// deprecated `merge` cannot be combined. Each side of the spec must start a
/// commit hash of the repository.
fn diffstat(
    data: &data::RepoData,
    workspace: &str,
    slug: &str,
    spec: &str,
    query: &[(String, String)],
) -> Result<Vec<Value>, Response> {
    let known = |side: &str| {
        side.len() >= 7
            && data["commits"]
                .iter()
                .any(|c| c["hash"].as_str().is_some_and(|h| h.starts_with(side)))
    };
    let (first, second) = spec.split_once("..").unwrap_or((spec, ""));
    if !known(first) || !(second.is_empty() || known(second)) {
        return Err(error(404, &format!("Commit not found: {spec}"), None));
    }
    let mut flags = HashMap::new();
    for name in ["ignore_whitespace", "renames", "topic", "merge"] {
        match param(query, name) {
            None => {}
            Some(v @ ("true" | "false")) => {
                flags.insert(name, v == "true");
            }
            Some(other) => {
                return Err(error(400, &format!("Invalid {name}: {other}"), None));
            }
        }
    }
    if flags.contains_key("topic") && flags.contains_key("merge") {
        return Err(error(
            400,
            "The 'merge' and 'topic' parameters cannot be both used",
            None,
        ));
    }
    let mut files = data::diffstat(&format!("{workspace}/{slug}"), spec);
    if flags.get("renames") == Some(&false) {
        files = files
            .into_iter()
            .flat_map(|f| {
                if f["status"] != "renamed" {
                    return vec![f];
                }
                let mut removed = f.clone();
                removed["status"] = "removed".into();
                removed["new"] = Value::Null;
                removed["lines_added"] = 0.into();
                let mut added = f;
                added["status"] = "added".into();
                added["old"] = Value::Null;
                added["lines_removed"] = 0.into();
                vec![removed, added]
            })
            .collect();
    }
    if flags.get("ignore_whitespace") == Some(&true) {
        for f in files.iter_mut().filter(|f| f["status"] == "modified") {
            for key in ["lines_added", "lines_removed"] {
                f[key] = (f[key].as_u64().unwrap_or_default() / 2).into();
            }
        }
    }
    let paths: Vec<&str> = query
        .iter()
        .filter(|(k, _)| k == "path")
        .map(|(_, v)| v.as_str())
        .collect();
    if !paths.is_empty() {
        files.retain(|f| {
            ["old", "new"]
                .iter()
                .any(|side| f[side]["path"].as_str().is_some_and(|p| paths.contains(&p)))
        });
    }
    Ok(files)
}

/// Each member's permission on each repository of a workspace: the first
/// member administers everything, the others alternate write and read.
fn repository_permissions(shared: &Shared, workspace: &str) -> Vec<Value> {
    let Some((_, ws)) = shared.workspaces.iter().find(|(s, _)| s == workspace) else {
        return Vec::new();
    };
    let mut permissions = Vec::new();
    for (r, slug) in ws.repos.iter().enumerate() {
        let repository = &shared.repos[&(workspace.to_string(), slug.clone())].object;
        for (m, member) in ws.members.iter().enumerate() {
            let permission = match (m, (m + r) % 2) {
                (0, _) => "admin",
                (_, 0) => "write",
                _ => "read",
            };
            permissions.push(json!({
                "type": "repository_permission",
                "permission": permission,
                "user": member["user"],
                "repository": {"type": "repository", "full_name": repository["full_name"],
                    "name": repository["name"], "uuid": repository["uuid"]},
            }));
        }
    }
    permissions
}

/// The text at a dot path of an object.
fn text<'v>(object: &'v Value, path: &str) -> Option<&'v str> {
    bbql::lookup(object, path).and_then(Value::as_str)
}

/// Pipelines filter with their own parameters (no BBQL), each naming values
/// in its own words (`status=PASSED` is a SUCCESSFUL result), and sort on `sort`.
fn pipeline_filter<'a>(
    mut pipelines: Vec<&'a Value>,
    query: &[(String, String)],
) -> Result<Vec<&'a Value>, Response> {
    for (key, value) in query {
        let value = value.as_str();
        let matches: Box<dyn Fn(&Value) -> bool> = match key.as_str() {
            "target.ref_name"
            | "target.commit.hash"
            | "creator.uuid"
            | "target.selector.pattern" => {
                let key = key.clone();
                Box::new(move |p| text(p, &key) == Some(value))
            }
            "target.branch" => Box::new(|p| {
                text(p, "target.ref_type") == Some("branch")
                    && text(p, "target.ref_name") == Some(value)
            }),
            "target.ref_type" => Box::new(|p| {
                text(p, "target.ref_type")
                    .map(|t| t.to_uppercase())
                    .as_deref()
                    == Some(value)
            }),
            "target.selector.type" => Box::new(|p| {
                let words = [
                    ("branches", "BRANCH"),
                    ("tags", "TAG"),
                    ("custom", "CUSTOM"),
                    ("pull-requests", "PULLREQUESTS"),
                    ("default", "DEFAULT"),
                ];
                let kind = text(p, "target.selector.type");
                words
                    .iter()
                    .any(|(object, param)| *param == value && kind == Some(*object))
            }),
            "trigger_type" => Box::new(|p| {
                let name = text(p, "trigger.name");
                let word = if name == Some("SCHEDULE") {
                    Some("SCHEDULED")
                } else {
                    name
                };
                word == Some(value)
            }),
            "status" => Box::new(|p| {
                let status = match (
                    text(p, "state.name"),
                    text(p, "state.result.name"),
                    text(p, "state.stage.name"),
                ) {
                    (Some("COMPLETED"), Some("SUCCESSFUL"), _) => "PASSED",
                    (Some("COMPLETED"), Some(result @ ("FAILED" | "ERROR" | "STOPPED")), _) => {
                        result
                    }
                    (Some("IN_PROGRESS"), _, Some("PAUSED")) => "PAUSED",
                    (Some("IN_PROGRESS"), _, Some("HALTED")) => "HALTED",
                    (Some("IN_PROGRESS"), _, _) => "BUILDING",
                    (Some("PENDING"), _, _) => "PENDING",
                    _ => "UNKNOWN",
                };
                status == value
            }),
            _ => continue,
        };
        pipelines.retain(|p| matches(p));
    }
    if let Some(sort) = param(query, "sort") {
        sort_by(&mut pipelines, sort)?;
    }
    Ok(pipelines)
}

/// The commits `include`, `exclude` and `path` select: those reachable from
/// any included ref (a branch, a tag or a hash; all without one), and from no
/// excluded one, that changed `path` (the k-th oldest commit changes
/// [`data::COMMIT_FILES`]`[k % 3]`). An unknown ref is a 404.
fn commit_range<'a>(
    data: &'a data::RepoData,
    query: &[(String, String)],
) -> Result<Vec<&'a Value>, Response> {
    let commits = &data["commits"];
    // Newest first, each the parent of the one before: a ref reaches the
    // commits from its own position on.
    let position = |name: &str| -> Result<usize, Response> {
        let hash = ["branches", "tags"]
            .iter()
            .flat_map(|r| &data[r])
            .find(|r| r["name"] == name)
            .and_then(|r| r["target"]["hash"].as_str())
            .unwrap_or(name);
        commits
            .iter()
            .position(|c| c["hash"] == hash)
            .ok_or_else(|| error(404, &format!("Commit not found: {name}"), None))
    };
    let refs = |key: &str| -> Result<Vec<usize>, Response> {
        query
            .iter()
            .filter(|(k, _)| k == key)
            .map(|(_, v)| position(v))
            .collect()
    };
    let (include, exclude) = (refs("include")?, refs("exclude")?);
    let path = param(query, "path").map(|p| p.trim_end_matches('/'));
    Ok(commits
        .iter()
        .enumerate()
        .filter(|(at, _)| include.is_empty() || include.iter().any(|from| at >= from))
        .filter(|(at, _)| exclude.iter().all(|from| at < from))
        .filter(|(at, _)| {
            path.is_none_or(|path| {
                let file = data::COMMIT_FILES[(commits.len() - 1 - at) % 3];
                file == path || file.starts_with(&format!("{path}/"))
            })
        })
        .map(|(_, c)| c)
        .collect())
}

/// Members, each with its `user.email` when `q` names it (the API shows
/// only the addresses filtered by); `q` may name no other field.
fn members_by_email(members: &[Value], query: &[(String, String)]) -> Result<Vec<Value>, Response> {
    let Some(q) = param(query, "q") else {
        return Ok(members.to_vec());
    };
    let parsed = bbql::parse(q).map_err(|detail| error(400, "Invalid query", Some(&detail)))?;
    if let Some(field) = parsed.fields().into_iter().find(|f| *f != "user.email") {
        return Err(error(400, &format!("Invalid field name: {field}"), None));
    }
    Ok(members
        .iter()
        .map(|m| {
            let mut m = m.clone();
            m["user"]["email"] = Value::from(format!(
                "{}@example.com",
                m["user"]["nickname"].as_str().unwrap_or_default()
            ));
            m
        })
        .filter(|m| parsed.matches(m))
        .collect())
}

fn sort_by(objects: &mut [&Value], sort: &str) -> Result<(), Response> {
    let (field, descending) = match sort.strip_prefix('-') {
        Some(f) => (f, true),
        None => (sort, false),
    };
    if !objects.is_empty() && !field_exists(objects[0], field) {
        return Err(error(400, &format!("Invalid sort field: {field}"), None));
    }
    objects.sort_by(|a, b| {
        let ordering = order(bbql::lookup(a, field), bbql::lookup(b, field));
        if descending {
            ordering.reverse()
        } else {
            ordering
        }
    });
    Ok(())
}

fn order(a: Option<&Value>, b: Option<&Value>) -> std::cmp::Ordering {
    match (a, b) {
        (Some(Value::Number(x)), Some(Value::Number(y))) => x
            .as_f64()
            .partial_cmp(&y.as_f64())
            .unwrap_or(std::cmp::Ordering::Equal),
        (Some(Value::String(x)), Some(Value::String(y))) => x.cmp(y),
        (None, Some(_)) => std::cmp::Ordering::Less,
        (Some(_), None) => std::cmp::Ordering::Greater,
        _ => std::cmp::Ordering::Equal,
    }
}

/// Whether `path` names a field of `object` (a null on the way counts).
fn field_exists(object: &Value, path: &str) -> bool {
    let mut current = object;
    for part in path.split('.') {
        if current.is_null() {
            return true;
        }
        match current.get(part) {
            Some(v) => current = v,
            None => return false,
        }
    }
    true
}

fn param<'a>(query: &'a [(String, String)], key: &str) -> Option<&'a str> {
    query
        .iter()
        .rev()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

/// The envelope of one page of `objects` after `q`, `sort`, `pagelen`,
/// `page` and `fields`.
fn list(
    mut objects: Vec<&Value>,
    listing: Listing,
    url: &str,
    query: &[(String, String)],
) -> Response {
    if let Some(q) = param(query, "q").filter(|_| listing.bbql) {
        let parsed = match bbql::parse(q) {
            Ok(p) => p,
            Err(detail) => return error(400, "Invalid query", Some(&detail)),
        };
        for field in parsed.fields() {
            if listing.refused.contains(&field)
                || (!objects.is_empty() && !field_exists(objects[0], field))
            {
                return error(400, &format!("Invalid field name: {field}"), None);
            }
        }
        objects.retain(|o| parsed.matches(o));
    }
    if let Some(sort) = param(query, "sort").filter(|_| listing.bbql)
        && let Err(response) = sort_by(&mut objects, sort)
    {
        return response;
    }
    let pagelen = match param(query, "pagelen").map(str::parse::<usize>) {
        None => listing.default_pagelen,
        Some(Ok(n)) if (1..=listing.max_pagelen).contains(&n) => n,
        Some(_) => {
            return error(
                400,
                "Invalid pagelen",
                Some(&format!(
                    "pagelen must be between 1 and {}",
                    listing.max_pagelen
                )),
            );
        }
    };
    let start = match param(query, "page") {
        None => 0,
        Some(token) if listing.cursor => match decode_cursor(token) {
            Some(offset) => offset,
            None => return error(400, "Invalid page", None),
        },
        Some(page) => match page.parse::<usize>() {
            Ok(n) if n >= 1 => (n - 1) * pagelen,
            _ => return error(400, "Invalid page", None),
        },
    };
    let size = objects.len();
    let end = (start + pagelen).min(size);
    let values = objects.get(start..end).unwrap_or(&[]);
    let mut envelope = json!({"pagelen": pagelen, "values": values});
    let page_url = |page: String| {
        let mut pairs: Vec<(String, String)> =
            query.iter().filter(|(k, _)| k != "page").cloned().collect();
        pairs.push(("page".into(), page));
        let encoded: Vec<String> = pairs
            .iter()
            .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
            .collect();
        format!("{url}?{}", encoded.join("&"))
    };
    if listing.cursor {
        if end < size {
            envelope["next"] = Value::from(page_url(encode_cursor(end)));
        }
    } else {
        let page = start / pagelen + 1;
        envelope["size"] = Value::from(size);
        envelope["page"] = Value::from(page);
        if end < size {
            envelope["next"] = Value::from(page_url((page + 1).to_string()));
        }
        if page > 1 {
            envelope["previous"] = Value::from(page_url((page - 1).to_string()));
        }
    }
    if let Some(fields) = param(query, "fields") {
        envelope = apply_fields(envelope, fields);
    }
    json_response(200, &envelope)
}

/// An opaque commit cursor: the offset, scrambled.
fn encode_cursor(offset: usize) -> String {
    format!("{:x}", (offset as u64) ^ 0x5bd1_e995_c0ff_ee00)
}

fn decode_cursor(token: &str) -> Option<usize> {
    u64::from_str_radix(token, 16)
        .ok()
        .map(|v| (v ^ 0x5bd1_e995_c0ff_ee00) as usize)
        .filter(|&o| o < 1 << 32)
}

fn encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Partial responses: `a.b` keeps only the listed paths, `-a.b` removes a
/// path, `+a.b` (already included here) changes nothing. Paths go through
/// arrays element by element.
fn apply_fields(envelope: Value, fields: &str) -> Value {
    let entries: Vec<&str> = fields
        .split(',')
        .map(str::trim)
        .filter(|f| !f.is_empty())
        .collect();
    let includes: Vec<&str> = entries
        .iter()
        .copied()
        .filter(|f| !f.starts_with('-') && !f.starts_with('+'))
        .collect();
    let mut out = if includes.is_empty() {
        envelope
    } else {
        let mut kept = Value::Object(Default::default());
        for path in includes {
            copy_path(&envelope, &mut kept, &path.split('.').collect::<Vec<_>>());
        }
        kept
    };
    for removal in entries.iter().filter_map(|f| f.strip_prefix('-')) {
        remove_path(&mut out, &removal.split('.').collect::<Vec<_>>());
    }
    out
}

fn copy_path(from: &Value, to: &mut Value, path: &[&str]) {
    match from {
        Value::Array(items) => {
            if !to.is_array() {
                *to = Value::Array(vec![Value::Object(Default::default()); items.len()]);
            }
            if let Value::Array(targets) = to {
                for (item, target) in items.iter().zip(targets.iter_mut()) {
                    copy_path(item, target, path);
                }
            }
        }
        Value::Object(map) => {
            let Some((first, rest)) = path.split_first() else {
                *to = from.clone();
                return;
            };
            let Some(child) = map.get(*first) else {
                return;
            };
            if rest.is_empty() {
                to[*first] = child.clone();
            } else {
                if to
                    .get(*first)
                    .is_none_or(|v| !v.is_object() && !v.is_array())
                {
                    to[*first] = Value::Object(Default::default());
                }
                copy_path(child, &mut to[*first], rest);
            }
        }
        other => *to = other.clone(),
    }
}

fn remove_path(value: &mut Value, path: &[&str]) {
    match value {
        Value::Array(items) => items.iter_mut().for_each(|i| remove_path(i, path)),
        Value::Object(map) => match path {
            [last] => {
                map.remove(*last);
            }
            [first, rest @ ..] => {
                if let Some(child) = map.get_mut(*first) {
                    remove_path(child, rest);
                }
            }
            [] => {}
        },
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_keep_and_remove_paths() {
        let envelope = json!({"size": 2, "next": "n", "values": [
            {"id": 1, "author": {"display_name": "A", "uuid": "u"}, "links": {"html": 1}},
            {"id": 2, "author": null, "links": {"html": 2}},
        ]});
        let kept = apply_fields(
            envelope.clone(),
            "next,values.id,values.author.display_name",
        );
        assert_eq!(
            kept,
            json!({"next": "n", "values": [{"id": 1, "author": {"display_name": "A"}}, {"id": 2, "author": null}]})
        );
        let removed = apply_fields(envelope, "-values.links");
        assert_eq!(
            removed["values"][0],
            json!({"id": 1, "author": {"display_name": "A", "uuid": "u"}})
        );
    }

    #[test]
    fn enumerated_parameters_take_only_the_swaggers_values() {
        let query = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        };
        let status = |parts: &[&str], pairs: &[(&str, &str)]| {
            check_enums(parts, &query(pairs)).map_err(|r| r.status().as_u16())
        };
        let pipelines = ["repositories", "acme", "docs", "pipelines"];
        assert_eq!(
            status(&pipelines, &[("status", "PASSED"), ("sort", "-created_on")]),
            Ok(())
        );
        assert_eq!(status(&pipelines, &[("status", "SUCCESSFUL")]), Err(400));
        assert_eq!(
            status(&pipelines, &[("trigger_type", "SCHEDULE")]),
            Err(400)
        );
        assert_eq!(
            status(&pipelines, &[("target.ref_type", "branch")]),
            Err(400)
        );
        assert_eq!(status(&pipelines, &[("sort", "build_number")]), Err(400));
        let prs = ["repositories", "acme", "docs", "pullrequests"];
        assert_eq!(status(&prs, &[("state", "DRAFT")]), Err(400));
        assert_eq!(
            status(&["repositories", "acme"], &[("role", "collaborator")]),
            Err(400)
        );
        let restrictions = ["repositories", "acme", "docs", "branch-restrictions"];
        assert_eq!(status(&restrictions, &[("kind", "push")]), Ok(()));
        assert_eq!(status(&restrictions, &[("kind", "merge")]), Err(400));
        assert_eq!(
            status(&["user", "workspaces"], &[("administrator", "yes")]),
            Err(400)
        );
    }

    #[test]
    fn cursors_round_trip() {
        assert_eq!(decode_cursor(&encode_cursor(30)), Some(30));
        assert_eq!(decode_cursor("zz"), None);
    }
}
