//! End-to-end through unixODBC against the fake Bitbucket, which validates
//! every enumerated parameter as the swagger documents it (400 otherwise)
//! and ignores `q` and `sort` where the swagger documents none: each filter
//! is sent in the parameter's own words or applied locally, rows match the
//! ground truth, and no request is rejected. Also the arguments of a listing
//! (commits' `include`/`exclude`/`path`, repositories' `role`), members by
//! e-mail, the user's workspaces, and a repository with its issue tracker off.
//!
//! Needs `cargo build -p apiodbc` first (same target dir and profile).

use apiodbc_fakes::bitbucket::data::COMMIT_FILES;
use apiodbc_tests::bitbucket_checks::{fake, first_column_and_warnings, open, path};
use apiodbc_tests::odbc::{expect_sqlstate, query_text};
use apiodbc_tests::{FakeBitbucket, FakeBitbucketConfig};
use odbc_api::Connection;
use serde_json::Value;

fn column(conn: &Connection<'_>, sql: &str) -> Vec<String> {
    query_text(conn, sql)
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .rows
        .into_iter()
        .map(|r| r[0].clone().unwrap_or_default())
        .collect()
}

/// No request of the statement was answered 4xx.
fn none_rejected(fake: &FakeBitbucket, sql: &str) {
    for request in fake.requests() {
        assert!(
            request.status < 400,
            "{sql}: {} {}?{} answered {}",
            request.method,
            request.path,
            request.raw_query,
            request.status
        );
    }
}

fn text<'a>(object: &'a Value, path: &str) -> Option<&'a str> {
    path.split('.')
        .try_fold(object, |v, step| v.get(step))
        .and_then(Value::as_str)
}

#[test]
fn every_pipelines_filter_returns_exact_rows_and_no_request_is_rejected() {
    let fake = fake();
    let conn = open(&fake, "");
    let pipelines = fake.objects("acme", "docs", "pipelines");
    let creator = text(&pipelines[0], "creator.uuid").unwrap().to_string();
    let commit = text(&pipelines[3], "target.commit.hash")
        .unwrap()
        .to_string();
    type Case = (
        &'static str,
        String,
        Option<(&'static str, String)>,
        Box<dyn Fn(&Value) -> bool>,
    );
    let cases: Vec<Case> = vec![
        (
            "result",
            "SUCCESSFUL".into(),
            Some(("status", "PASSED".into())),
            Box::new(|p| text(p, "state.result.name") == Some("SUCCESSFUL")),
        ),
        (
            "result",
            "ERROR".into(),
            Some(("status", "ERROR".into())),
            Box::new(|p| text(p, "state.result.name") == Some("ERROR")),
        ),
        (
            "result",
            "EXPIRED".into(),
            None,
            Box::new(|p| text(p, "state.result.name") == Some("EXPIRED")),
        ),
        (
            "state",
            "IN_PROGRESS".into(),
            None,
            Box::new(|p| text(p, "state.name") == Some("IN_PROGRESS")),
        ),
        (
            "target_ref_type",
            "tag".into(),
            None,
            Box::new(|p| text(p, "target.ref_type") == Some("tag")),
        ),
        (
            "target_ref_type",
            "branch".into(),
            Some(("target.ref_type", "BRANCH".into())),
            Box::new(|p| text(p, "target.ref_type") == Some("branch")),
        ),
        (
            "trigger_type",
            "SCHEDULE".into(),
            Some(("trigger_type", "SCHEDULED".into())),
            Box::new(|p| text(p, "trigger.name") == Some("SCHEDULE")),
        ),
        (
            "trigger_type",
            "MANUAL".into(),
            Some(("trigger_type", "MANUAL".into())),
            Box::new(|p| text(p, "trigger.name") == Some("MANUAL")),
        ),
        (
            "target_selector_type",
            "custom".into(),
            Some(("target.selector.type", "CUSTOM".into())),
            Box::new(|p| text(p, "target.selector.type") == Some("custom")),
        ),
        (
            "target_selector_pattern",
            "nightly".into(),
            Some(("target.selector.pattern", "nightly".into())),
            Box::new(|p| text(p, "target.selector.pattern") == Some("nightly")),
        ),
        (
            "target_ref_name",
            "develop".into(),
            Some(("target.ref_name", "develop".into())),
            Box::new(|p| text(p, "target.ref_name") == Some("develop")),
        ),
        (
            "branch",
            "develop".into(),
            Some(("target.branch", "develop".into())),
            Box::new(|p| {
                text(p, "target.ref_type") == Some("branch")
                    && text(p, "target.ref_name") == Some("develop")
            }),
        ),
        (
            "creator_uuid",
            creator.clone(),
            Some(("creator.uuid", creator.clone())),
            Box::new(move |p| text(p, "creator.uuid") == Some(creator.as_str())),
        ),
        (
            "target_commit_hash",
            commit.clone(),
            Some(("target.commit.hash", commit.clone())),
            Box::new(move |p| text(p, "target.commit.hash") == Some(commit.as_str())),
        ),
    ];
    for (name, value, sent, want) in cases {
        let sql = format!(
            "SELECT build_number FROM docs.pipelines WHERE {name} = '{value}' \
             ORDER BY build_number"
        );
        let mut expected: Vec<String> = pipelines
            .iter()
            .filter(|p| want(p))
            .map(|p| p["build_number"].to_string())
            .collect();
        expected.sort_by_key(|n| n.parse::<i64>().unwrap());
        assert!(
            !expected.is_empty(),
            "{sql} selects no pipeline of the fake"
        );
        fake.reset_log();
        assert_eq!(column(&conn, &sql), expected, "{sql}");
        none_rejected(&fake, &sql);
        let requests = fake.requests_to(&path("docs", "pipelines"));
        assert_eq!(requests.len(), 1, "{sql}");
        match &sent {
            Some((key, word)) => assert_eq!(requests[0].params(key), vec![word.as_str()], "{sql}"),
            None => {
                for key in ["status", "target.ref_type", "trigger_type", "state"] {
                    assert!(!requests[0].has_param(key), "{sql}: {key}");
                }
            }
        }
        assert!(!requests[0].has_param("q"), "{sql}");
    }

    // The newest runs: one request, sorted by the API.
    fake.reset_log();
    let sql = "SELECT build_number FROM docs.pipelines ORDER BY created_on DESC LIMIT 5";
    let mut newest: Vec<&Value> = pipelines.iter().collect();
    newest.sort_by(|a, b| b["created_on"].as_str().cmp(&a["created_on"].as_str()));
    let expected: Vec<String> = newest[..5]
        .iter()
        .map(|p| p["build_number"].to_string())
        .collect();
    assert_eq!(column(&conn, sql), expected);
    none_rejected(&fake, sql);
    let requests = fake.requests_to(&path("docs", "pipelines"));
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].param("sort"), Some("-created_on"));
    assert_eq!(requests[0].param("pagelen"), Some("5"));
}

#[test]
fn a_filter_where_the_api_documents_no_query_is_applied_locally() {
    let fake = fake();
    let conn = open(&fake, "");
    fake.reset_log();
    let sql = r#"SELECT "key" FROM projects WHERE "key" = 'OPS'"#;
    assert_eq!(column(&conn, sql), vec!["OPS"]);
    let requests = fake.requests_to("/2.0/workspaces/acme/projects");
    assert_eq!(requests.len(), 1);
    assert!(!requests[0].has_param("q"), "{}", requests[0].raw_query);
    assert!(!requests[0].has_param("sort"), "{}", requests[0].raw_query);

    for table in ["components", "milestones", "versions"] {
        let objects = fake.objects("acme", "docs", table);
        let name = objects[1]["name"].as_str().unwrap();
        fake.reset_log();
        let sql = format!("SELECT name FROM docs.{table} WHERE name = '{name}' ORDER BY id DESC");
        assert_eq!(column(&conn, &sql), vec![name], "{sql}");
        let requests = fake.requests_to(&path("docs", table));
        assert_eq!(requests.len(), 1, "{sql}");
        assert!(!requests[0].has_param("q"), "{sql}");
        assert!(!requests[0].has_param("sort"), "{sql}");
    }
}

#[test]
fn commits_of_a_branch_a_range_or_a_path() {
    let fake = fake();
    let conn = open(&fake, "");
    let commits = fake.objects("acme", "docs", "commits");
    let branches = fake.objects("acme", "docs", "branches");
    let develop = branches[1]["target"]["hash"].as_str().unwrap();
    let at = commits.iter().position(|c| c["hash"] == develop).unwrap();
    let hashes = |picked: &[Value]| -> Vec<String> {
        picked
            .iter()
            .map(|c| c["hash"].as_str().unwrap().to_string())
            .collect()
    };

    fake.reset_log();
    let sql = "SELECT hash, include FROM docs.commits WHERE include = 'develop'";
    let got = query_text(&conn, sql).unwrap();
    assert_eq!(
        got.column("hash"),
        hashes(&commits[at..])
            .iter()
            .map(|h| Some(h.as_str()))
            .collect::<Vec<_>>()
    );
    assert!(got.column("include").iter().all(|v| *v == Some("develop")));
    let requests = fake.requests_to(&path("docs", "commits"));
    assert!(!requests.is_empty());
    assert!(
        requests
            .iter()
            .all(|r| r.params("include") == vec!["develop"])
    );

    fake.reset_log();
    let sql = "SELECT hash FROM docs.commits WHERE exclude = 'develop'";
    assert_eq!(column(&conn, sql), hashes(&commits[..at]));
    assert_eq!(
        fake.requests_to(&path("docs", "commits"))[0].params("exclude"),
        vec!["develop"]
    );

    fake.reset_log();
    let sql = "SELECT hash FROM docs.commits WHERE path = 'src'";
    let touching: Vec<Value> = commits
        .iter()
        .enumerate()
        .filter(|(k, _)| COMMIT_FILES[(commits.len() - 1 - k) % 3].starts_with("src/"))
        .map(|(_, c)| c.clone())
        .collect();
    assert_eq!(touching.len(), 50);
    assert_eq!(column(&conn, sql), hashes(&touching));
    assert_eq!(
        fake.requests_to(&path("docs", "commits"))[0].params("path"),
        vec!["src"]
    );
    none_rejected(&fake, sql);
}

#[test]
fn pull_request_comments_are_filtered_and_sorted_by_the_api() {
    let fake = fake();
    let conn = open(&fake, "");
    let comments = fake.children("acme", "widgets", "comments", "8");
    assert_eq!(comments.len(), 2);
    let mut want: Vec<String> = comments
        .iter()
        .filter(|c| c["parent"].is_null())
        .map(|c| c["id"].to_string())
        .collect();
    want.sort();
    want.reverse();
    assert_eq!(want.len(), 1);
    fake.reset_log();
    let sql = "SELECT id FROM widgets.pull_request_comments \
               WHERE pull_request_id = 8 AND parent_id IS NULL ORDER BY id DESC";
    assert_eq!(column(&conn, sql), want);
    let requests = fake.requests();
    assert_eq!(requests.len(), 1, "{requests:?}");
    assert_eq!(requests[0].path, path("widgets", "pullrequests/8/comments"));
    assert_eq!(requests[0].param("q"), Some("parent.id = null"));
    assert_eq!(requests[0].param("sort"), Some("-id"));
}

#[test]
fn repositories_by_role_members_by_email_and_the_users_workspaces() {
    let fake = fake();
    let conn = open(&fake, "");
    fake.reset_log();
    let got = query_text(
        &conn,
        "SELECT slug, role FROM repositories WHERE role = 'admin' ORDER BY slug",
    )
    .unwrap();
    assert_eq!(got.column("slug"), vec![Some("gadgets"), Some("widgets")]);
    assert_eq!(got.column("role"), vec![Some("admin"), Some("admin")]);
    let requests = fake.requests_to("/2.0/repositories/acme");
    assert_eq!(requests[0].params("role"), vec!["admin"]);
    // Not a role the API knows: every repository is read, none matches.
    fake.reset_log();
    let sql = "SELECT slug FROM repositories WHERE role = 'collaborator'";
    assert!(column(&conn, sql).is_empty());
    none_rejected(&fake, sql);

    fake.reset_log();
    let got = query_text(
        &conn,
        "SELECT user_display_name, user_email FROM workspace_members \
         WHERE user_email IN ('bo@example.com', 'cy@example.com') ORDER BY user_email",
    )
    .unwrap();
    assert_eq!(
        got.column("user_display_name"),
        vec![Some("Bo Chen"), Some("Cy Dorsey")]
    );
    assert_eq!(
        got.column("user_email"),
        vec![Some("bo@example.com"), Some("cy@example.com")]
    );
    let requests = fake.requests_to("/2.0/workspaces/acme/members");
    assert_eq!(
        requests[0].param("q"),
        Some(r#"user.email IN ("bo@example.com", "cy@example.com")"#)
    );

    fake.reset_log();
    let got = query_text(
        &conn,
        "SELECT slug, administrator FROM workspaces ORDER BY slug",
    )
    .unwrap();
    assert_eq!(got.column("slug"), vec![Some("acme"), Some("skunkworks")]);
    let administrator = got.column("administrator");
    assert_ne!(administrator[0], administrator[1]);
    fake.reset_log();
    assert_eq!(
        column(
            &conn,
            "SELECT slug FROM workspaces WHERE administrator = true"
        ),
        vec!["acme"]
    );
    let requests = fake.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].path, "/2.0/user/workspaces");
    assert_eq!(requests[0].param("administrator"), Some("true"));
    fake.reset_log();
    let sql = "SELECT uuid FROM workspaces WHERE slug = 'skunkworks'";
    assert_eq!(column(&conn, sql).len(), 1);
    assert_eq!(
        fake.requests()[0].param("q"),
        Some(r#"workspace.slug = "skunkworks""#)
    );
    assert!(fake.requests_to("/2.0/workspaces").is_empty());

    // The newest repositories: sorted by the API, one request.
    let mut repos: Vec<&Value> = fake
        .repositories("acme")
        .iter()
        .map(|r| fake.repository("acme", r))
        .collect();
    repos.sort_by(|a, b| text(b, "created_on").cmp(&text(a, "created_on")));
    fake.reset_log();
    let sql = "SELECT slug FROM repositories ORDER BY created_on DESC LIMIT 2";
    assert_eq!(
        column(&conn, sql),
        repos[..2]
            .iter()
            .map(|r| text(r, "slug").unwrap().to_string())
            .collect::<Vec<_>>()
    );
    let requests = fake.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].param("sort"), Some("-created_on"));
}

#[test]
fn a_repository_without_issue_tracker_fails_when_named_and_is_skipped_otherwise() {
    // Off in a repository between others, so the warning comes with the
    // rows of the next one.
    let fake = FakeBitbucket::start(FakeBitbucketConfig {
        without_issue_tracker: vec!["gadgets".into()],
        ..FakeBitbucketConfig::default()
    });
    let conn = open(&fake, "");
    for table in ["issues", "components", "issue_comments"] {
        let message = expect_sqlstate(
            query_text(&conn, &format!("SELECT * FROM gadgets.{table}")),
            "42S02",
        );
        assert!(
            message.contains(&format!("{table} of repository 'gadgets'"))
                && message.contains("Repository has no issue tracker."),
            "{message}"
        );
    }

    let (mut repositories, warnings) =
        first_column_and_warnings(&fake, "SELECT repository, id FROM information.issues");
    let rows = repositories.len();
    repositories.dedup();
    assert_eq!(repositories, vec!["widgets", "docs", "legacy-app"]);
    let want: usize = ["widgets", "docs", "legacy-app"]
        .iter()
        .map(|r| fake.objects("acme", r, "issues").len())
        .sum();
    assert_eq!(rows, want);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(warnings[0].state, "01000");
    assert!(
        warnings[0].message.contains("skipped repository 'gadgets'")
            && warnings[0]
                .message
                .contains("Repository has no issue tracker."),
        "{}",
        warnings[0].message
    );
}

#[test]
fn branches_and_tags_are_sorted_and_filtered_on_their_commits_date_by_the_api() {
    let fake = fake();
    let conn = open(&fake, "");
    for (table, resource) in [("branches", "refs/branches"), ("tags", "refs/tags")] {
        let mut refs = fake.objects("acme", "docs", table);
        refs.sort_by(|a, b| text(b, "target.date").cmp(&text(a, "target.date")));
        let want: Vec<String> = refs[..3]
            .iter()
            .map(|r| r["name"].as_str().unwrap().to_string())
            .collect();
        fake.reset_log();
        let sql = format!("SELECT name FROM docs.{table} ORDER BY target_date DESC LIMIT 3");
        assert_eq!(column(&conn, &sql), want, "{sql}");
        let requests = fake.requests();
        assert_eq!(requests.len(), 1, "{sql}");
        assert_eq!(requests[0].path, path("docs", resource));
        assert_eq!(requests[0].param("sort"), Some("-target.date"));
        assert_eq!(requests[0].param("pagelen"), Some("3"));

        let newest = text(&refs[0], "target.date").unwrap();
        fake.reset_log();
        let sql = format!(
            "SELECT name FROM docs.{table} WHERE target_date >= '{}'",
            &newest[..19].replace('T', " ")
        );
        assert_eq!(column(&conn, &sql), want[..1], "{sql}");
        let q = fake.requests()[0].param("q").unwrap().to_string();
        assert!(q.starts_with("target.date >= "), "{q}");
    }
}

#[test]
fn the_swaggers_fields_are_read() {
    let fake = fake();
    let conn = open(&fake, "");
    let pr = &fake.objects("acme", "widgets", "pullrequests")[0];
    let got = query_text(
        &conn,
        &format!(
            "SELECT summary, queued, rendered FROM widgets.pull_requests WHERE id = {}",
            pr["id"]
        ),
    )
    .unwrap();
    assert_eq!(got.column("summary"), vec![text(pr, "summary.raw")]);
    assert_eq!(got.column("queued"), vec![Some("0")]);
    let rendered: Value = serde_json::from_str(got.column("rendered")[0].unwrap()).unwrap();
    assert_eq!(rendered, pr["rendered"]);

    let commit = &fake.objects("acme", "docs", "commits")[0];
    let got = column(
        &conn,
        &format!(
            "SELECT committer_raw FROM docs.commits WHERE hash = '{}'",
            commit["hash"].as_str().unwrap()
        ),
    );
    assert_eq!(got, vec![text(commit, "committer.raw").unwrap()]);

    let pipeline = &fake.objects("acme", "docs", "pipelines")[0];
    let got = query_text(
        &conn,
        &format!(
            "SELECT variables, configuration_sources FROM docs.pipelines WHERE uuid = '{}'",
            pipeline["uuid"].as_str().unwrap()
        ),
    )
    .unwrap();
    for field in ["variables", "configuration_sources"] {
        let value: Value = serde_json::from_str(got.column(field)[0].unwrap()).unwrap();
        assert_eq!(value, pipeline[field], "{field}");
    }

    // Pull request 5 has two comments; its first thread is resolved.
    let comments = fake.children("acme", "widgets", "comments", "5");
    let got = query_text(
        &conn,
        "SELECT id, parent_id, inline_path, resolution_type, resolution_user_display_name \
         FROM widgets.pull_request_comments WHERE pull_request_id = 5 ORDER BY id",
    )
    .unwrap();
    let ids: Vec<String> = comments.iter().map(|c| c["id"].to_string()).collect();
    assert_eq!(
        got.column("id"),
        ids.iter().map(|i| Some(i.as_str())).collect::<Vec<_>>()
    );
    assert_eq!(got.column("parent_id"), vec![None, Some(ids[0].as_str())]);
    assert_eq!(got.column("inline_path"), vec![None, Some("src/lib.rs")]);
    assert_eq!(
        got.column("resolution_type"),
        vec![Some("comment_resolution"), None]
    );
    assert_eq!(
        got.column("resolution_user_display_name")[0],
        text(&comments[0], "resolution.user.display_name")
    );

    let comments = fake.children("acme", "docs", "issue_comments", "5");
    let got = query_text(
        &conn,
        "SELECT id, parent_id, deleted FROM docs.issue_comments WHERE issue_id = 5 ORDER BY id",
    )
    .unwrap();
    assert_eq!(comments.len(), 2);
    assert_eq!(
        got.column("parent_id"),
        vec![None, Some(comments[0]["id"].to_string().as_str())]
    );
    assert_eq!(got.column("deleted"), vec![Some("0"), Some("0")]);
}

/// No column of these tables is NULL in every row (the swagger gives them
/// no `html` link, so they have no `links_html_href`). A member's e-mail is
/// read for the addresses named.
#[test]
fn no_column_is_always_null() {
    let fake = fake();
    let conn = open(&fake, "");
    for table in [
        "docs.components",
        "docs.milestones",
        "docs.versions",
        "workspace_members WHERE user_email = 'ann@example.com'",
        "workspaces",
    ] {
        let got = query_text(&conn, &format!("SELECT * FROM {table}")).unwrap();
        assert!(!got.is_empty(), "{table}");
        for name in &got.columns {
            assert!(
                got.column(name).iter().any(Option::is_some),
                "{table}.{name} is always NULL"
            );
        }
    }
    let got = query_text(&conn, "SELECT * FROM docs.pipelines").unwrap();
    assert!(!got.columns.contains(&"links_html_href".to_string()));
}

#[test]
fn pull_request_states_are_sent_when_the_api_names_them() {
    let fake = fake();
    let conn = open(&fake, "");
    let prs = fake.objects("acme", "gadgets", "pullrequests");
    let count = |states: &[&str]| {
        prs.iter()
            .filter(|pr| states.iter().any(|s| pr["state"] == *s))
            .count()
    };
    fake.reset_log();
    let sql = "SELECT id FROM gadgets.pull_requests WHERE state IN ('OPEN', 'MERGED')";
    assert_eq!(column(&conn, sql).len(), count(&["OPEN", "MERGED"]));
    let requests = fake.requests_to(&path("gadgets", "pullrequests"));
    assert_eq!(requests[0].params("state"), vec!["OPEN", "MERGED"]);
    none_rejected(&fake, sql);

    // DRAFT is a state of the object, not of the parameter: every state is
    // read and the engine filters.
    fake.reset_log();
    let sql = "SELECT id FROM gadgets.pull_requests WHERE state IN ('OPEN', 'DRAFT')";
    assert_eq!(column(&conn, sql).len(), count(&["OPEN"]));
    let requests = fake.requests_to(&path("gadgets", "pullrequests"));
    assert_eq!(
        requests[0].params("state"),
        vec!["OPEN", "MERGED", "DECLINED", "SUPERSEDED"]
    );
    none_rejected(&fake, sql);
}

#[test]
fn commit_statuses_that_apply_to_a_ref() {
    let fake = fake();
    let conn = open(&fake, "");
    let hash = fake.objects("acme", "docs", "commits")[0]["hash"]
        .as_str()
        .unwrap()
        .to_string();
    let statuses = fake.children("acme", "docs", "commit_statuses", &hash);
    let want: Vec<String> = statuses
        .iter()
        .filter(|s| s["refname"].is_null() || s["refname"] == "main")
        .map(|s| s["key"].as_str().unwrap().to_string())
        .collect();
    assert_eq!((statuses.len(), want.len()), (3, 2));
    fake.reset_log();
    let got = query_text(
        &conn,
        &format!(
            "SELECT \"key\", for_refname FROM docs.commit_statuses \
             WHERE commit_hash = '{hash}' AND for_refname = 'main'"
        ),
    )
    .unwrap();
    assert_eq!(
        got.column("key"),
        want.iter().map(|k| Some(k.as_str())).collect::<Vec<_>>()
    );
    assert_eq!(got.column("for_refname"), vec![Some("main"); 2]);
    let requests = fake.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(
        requests[0].path,
        path("docs", &format!("commit/{hash}/statuses"))
    );
    assert_eq!(requests[0].params("refname"), vec!["main"]);
    assert!(!requests[0].has_param("q"));
}
