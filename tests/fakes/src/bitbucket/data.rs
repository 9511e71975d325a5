//! Deterministic objects of the fake Bitbucket: the same seed and sizes give
//! the same workspaces, repositories, pull requests, commits and the rest,
//! shaped like the API's JSON (nested `author`, `source.branch`, `links`, ...).

use std::collections::BTreeMap;

use chrono::DateTime;
use serde_json::{Value, json};

/// A small deterministic generator (64-bit LCG).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1))
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n.max(1)
    }

    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
}

/// Base time of the generated data: 2024-01-01T00:00:00Z in Unix seconds.
const EPOCH: i64 = 1_704_067_200;

/// ISO-8601 with microseconds and `+00:00`, as Bitbucket writes times.
pub fn iso(unix: i64) -> String {
    let time = DateTime::from_timestamp(unix, 0).expect("a generated time");
    time.format("%Y-%m-%dT%H:%M:%S%.6f+00:00").to_string()
}

/// Unix seconds of a time written by [`iso`].
fn unix(text: &str) -> Option<i64> {
    Some(DateTime::parse_from_rfc3339(text).ok()?.timestamp())
}

/// The users every workspace shares.
pub const USERS: &[(&str, &str)] = &[
    ("Ann Lee", "ann"),
    ("Bo Chen", "bo"),
    ("Cy Dorsey", "cy"),
    ("Di Evans", "di"),
    ("Ed Fox", "ed"),
];

pub fn user(index: usize) -> Value {
    let (name, nick) = USERS[index % USERS.len()];
    json!({
        "type": "user",
        "display_name": name,
        "nickname": nick,
        "uuid": format!("{{00000000-0000-4000-8000-{index:012}}}"),
        "account_id": format!("5f00000000000000000000{index:02}"),
        "links": {"html": {"href": format!("https://bitbucket.org/{nick}/")}},
    })
}

/// Every object of one repository, by resource name.
pub type RepoData = BTreeMap<&'static str, Vec<Value>>;

/// Sizes of one repository's collections.
#[derive(Clone, Copy, Debug)]
pub struct RepoSizes {
    pub pull_requests: usize,
    pub commits: usize,
    pub others: usize,
}

fn links(html: &str, api: &str) -> Value {
    json!({"html": {"href": html}, "self": {"href": api}})
}

pub fn workspace(slug: &str, index: usize) -> Value {
    json!({
        "type": "workspace",
        "uuid": format!("{{10000000-0000-4000-8000-{index:012}}}"),
        "slug": slug,
        "name": format!("{} Inc.", slug.to_uppercase()),
        "is_private": index.is_multiple_of(2),
        "created_on": iso(EPOCH - 86_400 * 400 + index as i64 * 3600),
        "links": links(&format!("https://bitbucket.org/{slug}/"), &format!("https://api.bitbucket.org/2.0/workspaces/{slug}")),
    })
}

/// What `/user/workspaces` lists for a workspace: the caller's access, with
/// the workspace's base fields.
pub fn workspace_access(workspace: &Value, administrator: bool) -> Value {
    json!({
        "type": "workspace_access",
        "administrator": administrator,
        "workspace": {"type": "workspace_base", "uuid": workspace["uuid"], "slug": workspace["slug"],
            "links": {"self": workspace["links"]["self"]}},
        "links": {"self": {"href": "https://api.bitbucket.org/2.0/user/workspaces"}},
    })
}

pub fn project(workspace: &str, key: &str, index: usize) -> Value {
    json!({
        "type": "project",
        "key": key,
        "uuid": format!("{{20000000-0000-4000-8000-{index:012}}}"),
        "name": format!("Project {key}"),
        "description": format!("Everything about {key}"),
        "is_private": true,
        "has_publicly_visible_repos": false,
        "created_on": iso(EPOCH - 86_400 * 300 + index as i64 * 60),
        "updated_on": iso(EPOCH - 86_400 * 10 + index as i64 * 60),
        "owner": {"type": "team", "display_name": workspace, "uuid": format!("{{team-{workspace}}}")},
        "links": links(&format!("https://bitbucket.org/{workspace}/workspace/projects/{key}"), "https://api.bitbucket.org/2.0/"),
    })
}

pub fn repository(
    workspace: &str,
    slug: &str,
    project_key: &str,
    index: usize,
    has_issues: bool,
) -> Value {
    let full = format!("{workspace}/{slug}");
    json!({
        "type": "repository",
        "uuid": format!("{{30000000-0000-4000-8000-{index:012}}}"),
        "slug": slug,
        "name": slug,
        "full_name": full,
        "description": format!("The {slug} repository"),
        "is_private": !index.is_multiple_of(3),
        "scm": "git",
        "language": LANGUAGES[index % LANGUAGES.len()],
        "size": 1024 * (index as i64 + 1),
        "has_issues": has_issues,
        "has_wiki": index.is_multiple_of(2),
        "fork_policy": "no_public_forks",
        "created_on": iso(EPOCH - 86_400 * 200 + index as i64 * 7200),
        "updated_on": iso(EPOCH + 86_400 * 30 + index as i64 * 7200),
        "mainbranch": {"type": "branch", "name": "main"},
        "project": {"type": "project", "key": project_key, "name": format!("Project {project_key}")},
        "owner": {"type": "team", "display_name": workspace},
        "workspace": {"type": "workspace", "slug": workspace},
        "links": links(&format!("https://bitbucket.org/{full}"), &format!("https://api.bitbucket.org/2.0/repositories/{full}")),
    })
}

const LANGUAGES: &[&str] = &["rust", "python", "go", "markdown"];
const VERBS: &[&str] = &["Add", "Fix", "Refactor", "Document"];
const PR_STATES: &[&str] = &["OPEN", "MERGED", "DECLINED", "SUPERSEDED"];
const ISSUE_STATES: &[&str] = &[
    "new",
    "open",
    "resolved",
    "on hold",
    "invalid",
    "duplicate",
    "wontfix",
    "closed",
];
/// The file the k-th oldest commit of a repository changes is the
/// `k % 3`-th (the fake's commits `path` filter).
pub const COMMIT_FILES: &[&str] = &["README.md", "src/lib.rs", "src/api/mod.rs"];
const PIPELINE_RESULTS: &[&str] = &["SUCCESSFUL", "FAILED", "STOPPED", "ERROR", "EXPIRED"];
const BRANCHES: &[&str] = &[
    "main",
    "develop",
    "feature/login",
    "feature/search",
    "fix/crash",
];

/// Generates every collection of one repository.
pub fn repository_data(
    seed: u64,
    workspace: &str,
    slug: &str,
    repo_index: usize,
    sizes: RepoSizes,
) -> RepoData {
    let mut rng = Rng::new(seed ^ (repo_index as u64 + 1).wrapping_mul(0x9E37_79B9));
    let full = format!("{workspace}/{slug}");
    let base = EPOCH + repo_index as i64 * 1000;
    let mut data = RepoData::new();

    // Commits, newest first: hashes are deterministic hex strings.
    let hash = |i: usize| {
        format!(
            "{:040x}",
            (i as u128 + 1) * 0x9e37_79b9_7f4a_7c15 + repo_index as u128
        )
    };
    let commits: Vec<Value> = (0..sizes.commits)
        .rev()
        .map(|i| {
            let author = rng.below(USERS.len() as u64) as usize;
            let (name, nick) = USERS[author];
            json!({
                "type": "commit",
                "hash": hash(i),
                "date": iso(base + i as i64 * 3600),
                "message": format!("Commit {i} of {slug}\n\nDetails {}", rng.below(1000)),
                "summary": {"raw": format!("Commit {i} of {slug}"), "markup": "markdown"},
                "author": {"type": "author", "raw": format!("{name} <{nick}@example.com>"), "user": user(author)},
                "committer": {"type": "committer", "raw": "Bitbucket <noreply@bitbucket.org>"},
                "parents": if i == 0 { json!([]) } else { json!([{"type": "commit", "hash": hash(i - 1)}]) },
                "repository": {"type": "repository", "full_name": full, "name": slug},
                "links": links(&format!("https://bitbucket.org/{full}/commits/{}", hash(i)), ""),
            })
        })
        .collect();
    let head = |rng: &mut Rng| -> String {
        if sizes.commits == 0 {
            hash(0)
        } else {
            hash(rng.below(sizes.commits as u64) as usize)
        }
    };

    let pull_requests: Vec<Value> = (1..=sizes.pull_requests)
        .rev()
        .map(|id| {
            let state = PR_STATES[(id * 7 + repo_index) % PR_STATES.len()];
            let author = (id + repo_index) % USERS.len();
            let created = base + id as i64 * 5400;
            let source = BRANCHES[1 + id % (BRANCHES.len() - 1)];
            let closed = state != "OPEN";
            json!({
                "type": "pullrequest",
                "id": id,
                // `id / 4` keeps the verb from following the state (both
                // would otherwise cycle with `id % 4`): some of every verb are open.
                "title": format!("{} #{id} in {slug}", VERBS[(id + id / 4) % VERBS.len()]),
                "summary": {"raw": format!("Pull request {id}.\nWith \"quotes\" and more."), "markup": "markdown",
                    "html": format!("<p>Pull request {id}.</p>")},
                "rendered": {"title": {"raw": format!("#{id}"), "markup": "markdown", "html": format!("<p>#{id}</p>")}},
                "state": state,
                "queued": false,
                "author": user(author),
                "source": {"branch": {"name": source}, "commit": {"hash": head(&mut rng)[..12].to_string()}, "repository": {"full_name": full, "name": slug}},
                "destination": {"branch": {"name": "main"}, "commit": {"hash": head(&mut rng)[..12].to_string()}, "repository": {"full_name": full, "name": slug}},
                "merge_commit": if state == "MERGED" { json!({"hash": head(&mut rng)[..12].to_string()}) } else { Value::Null },
                "comment_count": rng.below(20),
                "task_count": rng.below(4),
                "close_source_branch": id % 2 == 0,
                "closed_by": if closed { user(author + 1) } else { Value::Null },
                "reason": "",
                "created_on": iso(created),
                "updated_on": iso(created + 3600 + rng.below(86_400) as i64),
                "links": links(&format!("https://bitbucket.org/{full}/pull-requests/{id}"), &format!("https://api.bitbucket.org/2.0/repositories/{full}/pullrequests/{id}")),
            })
        })
        .collect();

    let n = sizes.others;
    let branches: Vec<Value> = BRANCHES
        .iter()
        .chain(["release/1.0", "release/2.0"].iter())
        .take(n.max(1))
        .map(|name| {
            json!({
                "type": "branch",
                "name": name,
                "target": {"type": "commit", "hash": head(&mut rng), "date": iso(base + rng.below(86_400) as i64), "author": {"raw": "Ann Lee <ann@example.com>", "user": user(0)}},
                "merge_strategies": ["merge_commit", "squash", "fast_forward"],
                "default_merge_strategy": "merge_commit",
                "links": links(&format!("https://bitbucket.org/{full}/branch/{name}"), ""),
            })
        })
        .collect();
    let tags: Vec<Value> = (1..=n.min(12))
        .map(|i| {
            json!({
                "type": "tag",
                "name": format!("v{}.{}.0", i / 4, i % 4),
                "message": format!("Release {i}"),
                "date": iso(base + i as i64 * 86_400),
                "tagger": {"raw": "Bo Chen <bo@example.com>", "user": user(1)},
                "target": {"type": "commit", "hash": head(&mut rng), "date": iso(base + i as i64 * 86_400)},
                "links": links(&format!("https://bitbucket.org/{full}/commits/tag/v{i}"), ""),
            })
        })
        .collect();
    let issues: Vec<Value> = (1..=n)
        .rev()
        .map(|id| {
            let created = base + id as i64 * 7000;
            json!({
                "type": "issue",
                "id": id,
                "title": format!("Issue {id} of {slug}"),
                "state": ISSUE_STATES[(id + repo_index) % ISSUE_STATES.len()],
                "kind": rng.pick(&["bug", "enhancement", "proposal", "task"]),
                "priority": rng.pick(&["trivial", "minor", "major", "critical", "blocker"]),
                "reporter": user(id),
                "assignee": if id % 3 == 0 { Value::Null } else { user(id + 2) },
                "content": {"raw": format!("Steps to reproduce {id}"), "markup": "markdown"},
                "votes": rng.below(10),
                "watches": rng.below(5),
                "component": if id % 2 == 0 { json!({"name": "UI"}) } else { Value::Null },
                "milestone": Value::Null,
                "version": Value::Null,
                "created_on": iso(created),
                "updated_on": iso(created + 5000),
                "edited_on": Value::Null,
                "repository": {"full_name": full, "name": slug},
                "links": links(&format!("https://bitbucket.org/{full}/issues/{id}"), ""),
            })
        })
        .collect();
    let pipelines: Vec<Value> = (1..=n)
        .rev()
        .map(|number| {
            let done = number % 5 != 0;
            let result = PIPELINE_RESULTS[(number + number / 5) % PIPELINE_RESULTS.len()];
            let created = base + number as i64 * 4000;
            let branch = BRANCHES[number % BRANCHES.len()];
            // Every fourth runs on a tag, every sixth is a custom pipeline.
            let (ref_type, ref_name, selector) = match number {
                _ if number % 4 == 0 => ("tag", format!("v{}.0", number / 4), json!({"type": "tags", "pattern": "v*"})),
                _ if number % 6 == 0 => ("branch", branch.to_string(), json!({"type": "custom", "pattern": "nightly"})),
                _ => ("branch", branch.to_string(), json!({"type": "branches", "pattern": branch})),
            };
            let trigger = match number % 7 {
                0 => "SCHEDULE",
                3 => "MANUAL",
                _ => "PUSH",
            };
            json!({
                "type": "pipeline",
                "uuid": format!("{{40000000-0000-4000-{repo_index:04}-{number:012}}}"),
                "build_number": number,
                "run_number": 1,
                "creator": user(number),
                "state": if done {
                    json!({"type": "pipeline_state_completed", "name": "COMPLETED", "result": {"name": result}})
                } else {
                    json!({"type": "pipeline_state_in_progress", "name": "IN_PROGRESS",
                        "stage": {"name": if number % 10 == 0 { "PAUSED" } else { "RUNNING" }}})
                },
                "target": {"type": "pipeline_ref_target", "ref_type": ref_type, "ref_name": ref_name, "commit": {"hash": head(&mut rng)}, "selector": selector},
                "trigger": {"name": trigger},
                "variables": [{"type": "pipeline_variable", "key": "DEPLOY", "value": if number % 2 == 0 { "yes" } else { "no" }, "secured": false}],
                "configuration_sources": [{"source": "bitbucket-pipelines.yml", "uri": format!("https://api.bitbucket.org/2.0/repositories/{full}/src/main/bitbucket-pipelines.yml")}],
                "created_on": iso(created),
                "completed_on": if done { json!(iso(created + 300)) } else { Value::Null },
                "build_seconds_used": if done { 60 + rng.below(600) } else { 0 },
                "repository": {"full_name": full, "name": slug},
                "links": {"self": {"href": format!("https://api.bitbucket.org/2.0/repositories/{full}/pipelines/{number}")}},
            })
        })
        .collect();
    let environments: Vec<Value> = ["Test", "Staging", "Production"]
        .iter()
        .enumerate()
        .map(|(i, name)| {
            json!({
                "type": "deployment_environment",
                "uuid": format!("{{50000000-0000-4000-{repo_index:04}-{i:012}}}"),
                "name": name,
                "slug": name.to_lowercase(),
                "rank": i,
                "environment_type": {"name": name, "rank": i},
                "lock": {"name": "OPEN"},
                "restrictions": {"admin_only": i == 2},
                "hidden": false,
            })
        })
        .collect();
    let deployments: Vec<Value> = (1..=n.min(30))
        .map(|i| {
            let environment = &environments[i % environments.len()];
            json!({
                "type": "deployment",
                "uuid": format!("{{60000000-0000-4000-{repo_index:04}-{i:012}}}"),
                "number": i,
                "key": format!("deploy-{i}"),
                "state": {"type": "deployment_state_completed", "name": "COMPLETED", "status": {"name": if i % 2 == 0 { "SUCCESSFUL" } else { "FAILED" }}, "completed_on": iso(base + i as i64 * 9000)},
                "environment": {"type": "deployment_environment", "uuid": environment["uuid"]},
                "release": {"type": "deployment_release", "name": format!("#{i}"), "commit": {"hash": head(&mut rng)}, "created_on": iso(base + i as i64 * 8000)},
                "last_update_time": iso(base + i as i64 * 9000),
            })
        })
        .collect();
    let components: Vec<Value> = ["UI", "API", "Docs"]
        .iter()
        .enumerate()
        .map(|(i, name)| json!({"type": "component", "id": i + 1, "name": name, "links": {"self": {"href": ""}}}))
        .collect();
    let milestones: Vec<Value> = (1..=3)
        .map(|i| json!({"type": "milestone", "id": i, "name": format!("M{i}"), "links": {"self": {"href": ""}}}))
        .collect();
    let versions: Vec<Value> = (1..=2)
        .map(|i| json!({"type": "version", "id": i, "name": format!("{i}.0"), "links": {"self": {"href": ""}}}))
        .collect();

    data.insert("commits", commits);
    data.insert("pullrequests", pull_requests);
    data.insert("branches", branches);
    data.insert("tags", tags);
    data.insert("issues", issues);
    data.insert("pipelines", pipelines);
    data.insert("environments", environments);
    data.insert("deployments", deployments);
    data.insert("components", components);
    data.insert("milestones", milestones);
    data.insert("versions", versions);
    data
}

/// The workspace's members: every shared user.
pub fn members(workspace: &str) -> Vec<Value> {
    (0..USERS.len())
        .map(|i| {
            json!({
                "type": "workspace_membership",
                "user": user(i),
                "workspace": {"type": "workspace", "slug": workspace},
                "links": {"self": {"href": format!("https://api.bitbucket.org/2.0/workspaces/{workspace}/members")}},
            })
        })
        .collect()
}

/// Objects listed under one parent object, by (resource, parent id): a pull
/// request's `comments`, `activity`, `commits`, `statuses`, `tasks`; an
/// issue's `issue_comments`; a commit's `commit_statuses`; a pipeline's `steps`.
pub type Children = BTreeMap<(&'static str, String), Vec<Value>>;

fn status(full: &str, key: usize, hash: &str, refname: Option<&str>, at: i64) -> Value {
    let state = ["SUCCESSFUL", "FAILED", "INPROGRESS", "STOPPED"][key % 4];
    json!({
        "type": "build",
        "key": format!("BUILD-{key}"),
        "name": format!("Build #{key}"),
        "state": state,
        "refname": refname,
        "description": format!("{state} build of {}", &hash[..hash.len().min(12)]),
        "url": format!("https://ci.example.com/{full}/{key}"),
        "created_on": iso(at),
        "updated_on": iso(at + 600),
        "commit": {"type": "commit", "hash": hash},
        "links": links(&format!("https://ci.example.com/{full}/{key}"), ""),
    })
}

/// Generates what is listed under the pull requests, issues, commits and
/// pipelines of one repository (deterministic in the parents).
pub fn repository_children(workspace: &str, slug: &str, data: &RepoData) -> Children {
    let full = format!("{workspace}/{slug}");
    let mut children = Children::new();
    let time = |v: &Value| v.as_str().and_then(unix).unwrap_or(EPOCH);
    for pr in &data["pullrequests"] {
        let id = pr["id"].as_u64().unwrap_or_default() as usize;
        let created = time(&pr["created_on"]);
        let key = |name: &'static str| (name, id.to_string());
        let comments: Vec<Value> = (1..=id % 3)
            .map(|n| {
                let cid = id * 100 + n;
                let inline = n == 2;
                json!({
                    "type": "pullrequest_comment",
                    "id": cid,
                    "content": {"raw": format!("Comment {n} on #{id}"), "markup": "markdown", "html": ""},
                    "user": user(id + n),
                    "deleted": n == 2 && id.is_multiple_of(4),
                    "pending": false,
                    "parent": if n == 2 { json!({"id": cid - 1}) } else { Value::Null },
                    "resolution": if n == 1 && id % 4 == 1 {
                        json!({"type": "comment_resolution", "user": user(id), "created_on": iso(created + 3000)})
                    } else {
                        Value::Null
                    },
                    "inline": if inline { json!({"path": "src/lib.rs", "from": null, "to": 10 + n}) } else { Value::Null },
                    "created_on": iso(created + n as i64 * 600),
                    "updated_on": iso(created + n as i64 * 600 + 60),
                    "pullrequest": {"type": "pullrequest", "id": id, "title": pr["title"]},
                    "links": links(&format!("https://bitbucket.org/{full}/pull-requests/{id}/_/diff#comment-{cid}"), ""),
                })
            })
            .collect();
        let mut activity: Vec<Value> = comments
            .iter()
            .rev()
            .map(|c| json!({"comment": c, "pull_request": {"type": "pullrequest", "id": id}}))
            .collect();
        if pr["state"] == "MERGED" {
            activity.insert(0, json!({"approval": {"date": iso(created + 3000), "user": user(id + 1),
                "pullrequest": {"type": "pullrequest", "id": id}}, "pull_request": {"type": "pullrequest", "id": id}}));
        }
        activity.push(json!({"update": {"state": "OPEN", "title": pr["title"], "description": pr["description"],
            "date": iso(created), "author": pr["author"], "source": pr["source"], "destination": pr["destination"]},
            "pull_request": {"type": "pullrequest", "id": id}}));
        let head = pr["source"]["commit"]["hash"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        let commits: Vec<Value> = (0..1 + id % 3)
            .map(|n| {
                let hash = format!("{head}{:028x}", id * 10 + n);
                json!({
                    "type": "commit",
                    "hash": hash,
                    "date": iso(created - n as i64 * 900),
                    "message": format!("Work {n} for #{id}"),
                    "summary": {"raw": format!("Work {n} for #{id}")},
                    "author": {"type": "author", "raw": "Cy Dorsey <cy@example.com>", "user": user(2)},
                    "parents": [],
                    "links": links(&format!("https://bitbucket.org/{full}/commits/{hash}"), ""),
                })
            })
            .collect();
        let branch = pr["source"]["branch"]["name"].as_str().unwrap_or_default();
        let statuses: Vec<Value> = (0..id % 2)
            .map(|n| status(&full, id + n, &head, Some(branch), created + 1200))
            .collect();
        let tasks: Vec<Value> = (1..=id % 4 / 2)
            .map(|n| {
                let resolved = (id + n).is_multiple_of(2);
                json!({
                    "type": "task",
                    "id": id * 10 + n,
                    "state": if resolved { "RESOLVED" } else { "UNRESOLVED" },
                    "content": {"raw": format!("Task {n} of #{id}"), "markup": "markdown"},
                    "creator": user(id),
                    "pending": false,
                    "created_on": iso(created + 300),
                    "updated_on": iso(created + 900),
                    "resolved_on": if resolved { json!(iso(created + 900)) } else { Value::Null },
                    "resolved_by": if resolved { user(id + 1) } else { Value::Null },
                })
            })
            .collect();
        children.insert(key("comments"), comments);
        children.insert(key("activity"), activity);
        children.insert(key("commits"), commits);
        children.insert(key("statuses"), statuses);
        children.insert(key("tasks"), tasks);
    }
    for issue in &data["issues"] {
        let id = issue["id"].as_u64().unwrap_or_default() as usize;
        let created = time(&issue["created_on"]);
        let comments = (1..=id % 3)
            .map(|n| {
                json!({
                    "type": "issue_comment",
                    "id": id * 1000 + n,
                    "content": {"raw": format!("Note {n} on issue {id}"), "markup": "markdown"},
                    "user": user(id + n),
                    "deleted": false,
                    "parent": if n == 2 { json!({"id": id * 1000 + 1}) } else { Value::Null },
                    "inline": Value::Null,
                    "created_on": iso(created + n as i64 * 300),
                    "updated_on": Value::Null,
                    "issue": {"type": "issue", "id": id},
                    "links": links(&format!("https://bitbucket.org/{full}/issues/{id}#comment-{}", id * 1000 + n), ""),
                })
            })
            .collect();
        children.insert(("issue_comments", id.to_string()), comments);
    }
    for (i, commit) in data["commits"].iter().enumerate() {
        let hash = commit["hash"].as_str().unwrap_or_default();
        // Every fifth commit has a status for main, one for develop and one
        // for no ref.
        let statuses = [Some("main"), Some("develop"), None][..usize::from(i % 5 == 0) * 3]
            .iter()
            .enumerate()
            .map(|(n, refname)| {
                status(
                    &full,
                    i * 3 + n,
                    hash,
                    *refname,
                    time(&commit["date"]) + 600,
                )
            })
            .collect();
        children.insert(("commit_statuses", hash.to_string()), statuses);
    }
    for pipeline in &data["pipelines"] {
        let uuid = pipeline["uuid"].as_str().unwrap_or_default();
        let number = pipeline["build_number"].as_u64().unwrap_or_default() as usize;
        let started = time(&pipeline["created_on"]);
        let steps = ["Build", "Test", "Deploy"][..1 + number % 3]
            .iter()
            .enumerate()
            .map(|(n, name)| {
                json!({
                    "type": "pipeline_step",
                    "uuid": format!("{{70000000-0000-4000-{n:04}-{number:012}}}"),
                    "name": name,
                    "state": pipeline["state"],
                    "started_on": iso(started + n as i64 * 100),
                    "completed_on": pipeline["completed_on"],
                    "duration_in_seconds": 60 + n * 30,
                    "build_seconds_used": 60 + n * 30,
                    "run_number": 1,
                    "max_time": 120,
                    "image": {"name": "atlassian/default-image:4"},
                    "script_commands": [{"name": "script", "command": format!("make {}", name.to_lowercase())}],
                    "pipeline": {"type": "pipeline", "uuid": uuid},
                })
            })
            .collect();
        children.insert(("steps", uuid.to_string()), steps);
    }
    children
}

/// Branch permissions and merge checks of a repository.
pub fn branch_restrictions(repo_index: usize) -> Vec<Value> {
    [
        ("push", "main", None),
        ("force", "main", None),
        ("delete", "release/*", None),
        ("require_approvals_to_merge", "main", Some(2)),
    ]
    .iter()
    .enumerate()
    .map(|(i, (kind, pattern, value))| {
        json!({
            "type": "branchrestriction",
            "id": repo_index * 10 + i + 1,
            "kind": kind,
            "branch_match_kind": "glob",
            "pattern": pattern,
            "value": value,
            "users": if i == 0 { json!([user(0)]) } else { json!([]) },
            "groups": [],
            "links": links("", ""),
        })
    })
    .collect()
}

/// Files on a repository's Downloads page.
pub fn downloads(workspace: &str, slug: &str, repo_index: usize) -> Vec<Value> {
    (1..=2 + repo_index % 2)
        .map(|i| {
            let name = format!("{slug}-{i}.0.tar.gz");
            json!({
                "type": "download",
                "name": name,
                "size": 4096 * i,
                "downloads": i * 7,
                "created_on": iso(EPOCH + i as i64 * 86_400),
                "user": user(i),
                "links": {"self": {"href": format!("https://api.bitbucket.org/2.0/repositories/{workspace}/{slug}/downloads/{name}")}},
            })
        })
        .collect()
}

/// A repository's deploy keys: public keys only, as the API has no other half.
pub fn deploy_keys(workspace: &str, slug: &str, repo_index: usize) -> Vec<Value> {
    (1..=2)
        .map(|i| {
            let id = repo_index * 10 + i;
            json!({
                "type": "deploy_key",
                "id": id,
                "key": format!("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI{id:032} deploy-{i}@ci"),
                "label": format!("CI runner {i}"),
                "comment": format!("deploy-{i}@ci"),
                "added_on": iso(EPOCH - 86_400 * 30 + id as i64 * 60),
                "last_used": if i == 1 { json!(iso(EPOCH + id as i64 * 60)) } else { Value::Null },
                "owner": user(i),
                "repository": {"type": "repository", "full_name": format!("{workspace}/{slug}"), "name": slug},
                "links": {"self": {"href": format!("https://api.bitbucket.org/2.0/repositories/{workspace}/{slug}/deploy-keys/{id}")}},
            })
        })
        .collect()
}

/// A repository's pipeline schedules.
pub fn pipeline_schedules(repo_index: usize) -> Vec<Value> {
    [
        ("main", "0 0 2 * * ? *", true),
        ("develop", "0 30 12 ? * MON *", false),
    ]
    .iter()
    .enumerate()
    .map(|(i, (branch, cron, enabled))| {
        json!({
            "type": "pipeline_schedule",
            "uuid": format!("{{80000000-0000-4000-{repo_index:04}-{i:012}}}"),
            "enabled": enabled,
            "cron_pattern": cron,
            "target": {"type": "pipeline_ref_target", "ref_type": "branch", "ref_name": branch,
                "selector": {"type": "custom", "pattern": format!("nightly-{branch}")}},
            "created_on": iso(EPOCH - 86_400 * 20 + i as i64 * 3600),
            "updated_on": iso(EPOCH - 86_400 * 2 + i as i64 * 3600),
        })
    })
    .collect()
}

/// Pipeline variables of a repository or workspace (`owner` numbers it):
/// plain ones with their value, secured ones without (as the API answers).
pub fn pipeline_variables(owner: usize) -> Vec<Value> {
    [
        ("DEPLOY_REGION", false),
        ("LOG_LEVEL", false),
        ("AWS_SECRET_ACCESS_KEY", true),
    ]
    .iter()
    .enumerate()
    .map(|(i, (key, secured))| {
        let mut variable = json!({
            "type": "pipeline_variable",
            "uuid": format!("{{90000000-0000-4000-{owner:04}-{i:012}}}"),
            "key": key,
            "secured": secured,
        });
        if !secured {
            variable["value"] = Value::from(format!("plain-{owner}-{key}"));
        }
        variable
    })
    .collect()
}

/// A workspace's snippets: created by the shared users in turn.
pub fn snippets(workspace: &str, index: usize) -> Vec<Value> {
    (0..6)
        .map(|i| {
            let id = format!("{}{i}", &["kypj", "qzrw"][index % 2]);
            json!({
                "type": "snippet",
                "id": id,
                "title": format!("Snippet {i} of {workspace}"),
                "scm": "git",
                "is_private": i % 3 != 0,
                "created_on": iso(EPOCH + i as i64 * 86_400),
                "updated_on": iso(EPOCH + i as i64 * 86_400 + 600),
                "owner": {"type": "team", "display_name": workspace, "uuid": format!("{{team-{workspace}}}")},
                "creator": user(i),
                "links": links(&format!("https://bitbucket.org/{workspace}/workspace/snippets/{id}"), ""),
            })
        })
        .collect()
}

/// Whether the current user (`user(0)`) has `role` in a snippet: owner of
/// what they created, contributor also to every other even-numbered one,
/// member of all (they belong to the owning workspace).
pub fn snippet_role(snippet: &Value, role: &str) -> bool {
    let mine = snippet["creator"]["uuid"] == user(0)["uuid"];
    let number = snippet["id"]
        .as_str()
        .and_then(|id| id[4..].parse::<usize>().ok())
        .unwrap_or_default();
    match role {
        "owner" => mine,
        "contributor" => mine || number.is_multiple_of(2),
        _ => true,
    }
}

/// The diffstat of a commit or range `spec` in a repository: one to four
/// files, deterministic in the spec.
pub fn diffstat(full: &str, spec: &str) -> Vec<Value> {
    let (new, old) = spec.split_once("..").unwrap_or((spec, ""));
    let seed = spec
        .bytes()
        .fold(7u64, |h, b| h.wrapping_mul(31).wrapping_add(b.into()));
    let mut rng = Rng::new(seed);
    let file = |path: &str, hash: &str| {
        json!({"type": "commit_file", "path": path, "escaped_path": path,
            "commit": {"type": "commit", "hash": hash},
            "links": {"self": {"href": format!("https://api.bitbucket.org/2.0/repositories/{full}/src/{hash}/{path}")}}})
    };
    let files = ["src/lib.rs", "src/main.rs", "README.md", "docs/guide.md"];
    (0..1 + rng.below(4) as usize)
        .map(|i| {
            let path = files[i];
            let status =
                ["modified", "added", "removed", "renamed"][(i + rng.below(2) as usize) % 4];
            let (lines_added, lines_removed) = (rng.below(80), rng.below(40));
            json!({
                "type": "diffstat",
                "status": status,
                "lines_added": if status == "removed" { 0 } else { lines_added },
                "lines_removed": if status == "added" { 0 } else { lines_removed },
                "old": match status {
                    "added" => Value::Null,
                    "renamed" => file(&format!("old/{path}"), old),
                    _ => file(path, old),
                },
                "new": if status == "removed" { Value::Null } else { file(path, new) },
            })
        })
        .collect()
}

/// Code Insights reports on every third commit and their annotations, as
/// children `("reports", hash)` and `("annotations", report uuid)`.
pub fn insights(full: &str, data: &RepoData) -> Children {
    let mut children = Children::new();
    for (i, commit) in data["commits"].iter().enumerate() {
        let hash = commit["hash"].as_str().unwrap_or_default();
        let at = commit["date"].as_str().and_then(unix).unwrap_or(EPOCH) + 900;
        let reports: Vec<Value> = (0..usize::from(i % 3 == 0))
            .map(|n| {
                let uuid = format!("{{a0000000-0000-4000-{n:04}-{:012}}}", i);
                let failed = i % 2 == 0;
                json!({
                    "type": "report",
                    "uuid": uuid,
                    "external_id": format!("scan-{i}"),
                    "title": "Security scan",
                    "details": format!("Dependencies of {} scanned", &hash[..12]),
                    "reporter": "Snyk",
                    "link": format!("https://scanner.example.com/{full}/{i}"),
                    "remote_link_enabled": false,
                    "logo_url": "https://scanner.example.com/logo.png",
                    "report_type": "SECURITY",
                    "result": if failed { "FAILED" } else { "PASSED" },
                    "data": [{"title": "Vulnerabilities", "type": "NUMBER", "value": usize::from(failed) * 2}],
                    "created_on": iso(at),
                    "updated_on": iso(at + 60),
                })
            })
            .collect();
        for report in &reports {
            let uuid = report["uuid"].as_str().unwrap_or_default();
            let annotations = (0..usize::from(i % 2 == 0) * 2)
                .map(|n| {
                    json!({
                        "type": "report_annotation",
                        "uuid": format!("{{b0000000-0000-4000-{n:04}-{i:012}}}"),
                        "external_id": format!("finding-{i}-{n}"),
                        "annotation_type": "VULNERABILITY",
                        "path": "Cargo.lock",
                        "line": 10 + n,
                        "summary": format!("Vulnerable dependency {n}"),
                        "details": "Upgrade to the fixed version.",
                        "result": "FAILED",
                        "severity": if n == 0 { "HIGH" } else { "LOW" },
                        "link": format!("https://scanner.example.com/{full}/{i}/{n}"),
                        "created_on": iso(at),
                        "updated_on": iso(at + 60),
                    })
                })
                .collect();
            children.insert(("annotations", uuid.to_string()), annotations);
        }
        children.insert(("reports", hash.to_string()), reports);
    }
    children
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_round_trip() {
        for t in [
            EPOCH,
            EPOCH + 86_399,
            EPOCH - 86_400 * 400 + 3600,
            951_782_400,
        ] {
            assert_eq!(unix(&iso(t)), Some(t), "{}", iso(t));
        }
    }
}
