//! End-to-end through unixODBC against the fake Bitbucket: rows match the
//! generated ground truth, and every pushdown reaches the API as the request
//! log shows (BBQL `q=`, repeated `state`, pipelines' parameters, `pagelen`,
//! concurrent pages, cursor links, cross-repository fan-out).
//!
//! Needs `cargo build -p apiodbc` first (same target dir and profile).

use apiodbc_tests::bitbucket_checks::{open, path, rows};
use apiodbc_tests::odbc::{
    bitbucket_connection_string, connect, diagnostic_message, expect_sqlstate, query_text,
};
use apiodbc_tests::{FakeBitbucket, FakeBitbucketConfig};

fn fake() -> FakeBitbucket {
    FakeBitbucket::start(FakeBitbucketConfig {
        commits: 250,
        ..FakeBitbucketConfig::default()
    })
}

#[test]
fn open_pull_requests_per_repository_match_the_ground_truth() {
    let fake = fake();
    let conn = open(&fake, "");
    fake.reset_log();
    let got = rows(
        &conn,
        "SELECT repository, COUNT(*) FROM information.pull_requests \
         WHERE state = 'OPEN' GROUP BY repository ORDER BY repository",
    );
    let mut want: Vec<Vec<Option<String>>> = fake
        .repositories("acme")
        .into_iter()
        .map(|r| {
            let open = fake
                .objects("acme", &r, "pullrequests")
                .iter()
                .filter(|pr| pr["state"] == "OPEN")
                .count();
            (r, open)
        })
        .filter(|(_, open)| *open > 0)
        .map(|(r, open)| vec![Some(r), Some(open.to_string())])
        .collect();
    want.sort();
    assert!(want.len() >= 3, "{want:?}");
    assert_eq!(got, want);
    // One repository listing, then one page per repository, each asking for OPEN only.
    assert_eq!(fake.requests_to("/2.0/repositories/acme").len(), 1);
    for repo in fake.repositories("acme") {
        let requests = fake.requests_to(&path(&repo, "pullrequests"));
        assert_eq!(requests.len(), 1, "{repo}: {requests:?}");
        assert_eq!(requests[0].params("state"), vec!["OPEN"]);
        assert!(!requests[0].has_param("q"));
    }
    assert_eq!(fake.request_count(), 1 + fake.repositories("acme").len());
}

#[test]
fn no_state_filter_reads_all_four_states_with_concurrent_pages() {
    let fake = fake();
    let conn = open(&fake, "");
    fake.reset_log();
    let got = rows(&conn, "SELECT id, state FROM widgets.pull_requests");
    let all = fake.objects("acme", "widgets", "pullrequests");
    assert_eq!(got.len(), all.len());
    assert_eq!(all.len(), 120);
    let requests = fake.requests_to(&path("widgets", "pullrequests"));
    // 120 rows at the pull requests' largest page of 50: page 1, then pages 2 and 3.
    assert_eq!(requests.len(), 3, "{requests:?}");
    let mut pages: Vec<Option<&str>> = requests.iter().map(|r| r.param("page")).collect();
    pages.sort();
    assert_eq!(pages, vec![None, Some("2"), Some("3")]);
    for r in &requests {
        assert_eq!(r.param("pagelen"), Some("50"));
        assert_eq!(
            r.params("state"),
            vec!["OPEN", "MERGED", "DECLINED", "SUPERSEDED"]
        );
        assert_eq!(r.status, 200);
    }
    assert_eq!(fake.request_count(), 3);
}

#[test]
fn a_quoted_value_cannot_change_the_bbql_query() {
    let fake = fake();
    let conn = open(&fake, "");
    fake.reset_log();
    let got = rows(
        &conn,
        r#"SELECT id FROM widgets.pull_requests WHERE title = 'a" OR state="MERGED'"#,
    );
    assert!(got.is_empty(), "{got:?}");
    let requests = fake.requests_to(&path("widgets", "pullrequests"));
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].status, 200);
    assert_eq!(
        requests[0].param("q"),
        Some(r#"title = "a\" OR state=\"MERGED""#)
    );

    // A real title matches exactly its pull request.
    let pr = &fake.objects("acme", "widgets", "pullrequests")[7];
    let title = pr["title"].as_str().unwrap();
    let got = rows(
        &conn,
        &format!("SELECT id FROM widgets.pull_requests WHERE title = '{title}'"),
    );
    assert_eq!(got, vec![vec![Some(pr["id"].to_string())]]);
}

#[test]
fn comparisons_like_and_null_become_bbql() {
    let fake = fake();
    let conn = open(&fake, "");
    let all = fake.objects("acme", "widgets", "pullrequests");
    fake.reset_log();
    let got = rows(
        &conn,
        "SELECT id FROM widgets.pull_requests \
         WHERE id >= 100 AND title LIKE '%Fix%' AND closed_by_uuid IS NULL",
    );
    let mut want: Vec<Vec<Option<String>>> = all
        .iter()
        .filter(|pr| {
            pr["id"].as_i64().unwrap() >= 100
                && pr["title"].as_str().unwrap().contains("Fix")
                && pr["closed_by"].is_null()
        })
        .map(|pr| vec![Some(pr["id"].to_string())])
        .collect();
    want.sort();
    let mut got = got;
    got.sort();
    assert!(!want.is_empty());
    assert_eq!(got, want);
    let requests = fake.requests_to(&path("widgets", "pullrequests"));
    assert_eq!(requests.len(), 1);
    let q = requests[0].param("q").unwrap();
    for part in ["id >= 100", r#"title ~ "Fix""#, "closed_by.uuid = null"] {
        assert!(q.contains(part), "{q}");
    }
    // Only the projected fields (and the envelope) are asked for.
    let fields = requests[0].param("fields").unwrap();
    assert!(fields.contains("values.id"), "{fields}");
    assert!(!fields.contains("values.summary"), "{fields}");
}

#[test]
fn limit_sets_pagelen_and_stops_early() {
    let fake = fake();
    let conn = open(&fake, "");
    fake.reset_log();
    let got = rows(&conn, "SELECT id FROM widgets.pull_requests LIMIT 5");
    assert_eq!(got.len(), 5);
    let requests = fake.requests_to(&path("widgets", "pullrequests"));
    assert_eq!(requests.len(), 1, "{requests:?}");
    assert_eq!(requests[0].param("pagelen"), Some("5"));
    assert_eq!(fake.request_count(), 1);
}

#[test]
fn commits_follow_cursor_links_one_after_the_other() {
    let fake = fake();
    let conn = open(&fake, "");
    fake.reset_log();
    let got = rows(&conn, "SELECT hash, date FROM widgets.commits");
    let commits = fake.objects("acme", "widgets", "commits");
    assert_eq!(got.len(), 250);
    let hashes: Vec<&str> = commits
        .iter()
        .map(|c| c["hash"].as_str().unwrap())
        .collect();
    let got_hashes: Vec<&str> = got.iter().map(|r| r[0].as_deref().unwrap()).collect();
    assert_eq!(got_hashes, hashes, "API order is kept");
    let requests = fake.requests_to(&path("widgets", "commits"));
    assert_eq!(requests.len(), 3, "{requests:?}");
    assert!(requests[0].param("page").is_none());
    // Later pages are the opaque `next` links, requested in order.
    assert!(requests[1].param("page").is_some_and(|p| p != "2"));
    assert!(
        requests
            .iter()
            .all(|r| r.status == 200 && !r.has_param("q"))
    );
}

#[test]
fn repository_filter_reads_only_the_named_repositories() {
    let fake = fake();
    let conn = open(&fake, "");
    fake.reset_log();
    let got = rows(
        &conn,
        "SELECT repository, name FROM information.branches WHERE repository IN ('widgets', 'docs')",
    );
    let want = fake.objects("acme", "widgets", "branches").len()
        + fake.objects("acme", "docs", "branches").len();
    assert_eq!(got.len(), want);
    assert!(
        got.iter()
            .all(|r| matches!(r[0].as_deref(), Some("widgets" | "docs")))
    );
    assert_eq!(fake.request_count(), 2, "{:?}", fake.requests());
    assert!(fake.requests_to("/2.0/repositories/acme").is_empty());
}

#[test]
fn pipelines_filter_with_their_own_parameters() {
    let fake = fake();
    let conn = open(&fake, "");
    fake.reset_log();
    let got = rows(
        &conn,
        "SELECT build_number FROM gadgets.pipelines WHERE result = 'FAILED' AND target_ref_name = 'develop'",
    );
    let want = fake
        .objects("acme", "gadgets", "pipelines")
        .iter()
        .filter(|p| {
            p["state"]["result"]["name"] == "FAILED" && p["target"]["ref_name"] == "develop"
        })
        .count();
    assert_eq!(got.len(), want);
    let requests = fake.requests_to(&path("gadgets", "pipelines"));
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].param("status"), Some("FAILED"));
    assert_eq!(requests[0].param("target.ref_name"), Some("develop"));
    assert!(!requests[0].has_param("q"));
}

#[test]
fn every_repository_table_reads() {
    let fake = fake();
    let conn = open(&fake, "");
    for (table, resource) in [
        ("branches", "branches"),
        ("tags", "tags"),
        ("issues", "issues"),
        ("pipelines", "pipelines"),
        ("deployments", "deployments"),
        ("environments", "environments"),
        ("components", "components"),
        ("milestones", "milestones"),
        ("versions", "versions"),
    ] {
        let got = rows(&conn, &format!("SELECT * FROM docs.{table}"));
        assert_eq!(
            got.len(),
            fake.objects("acme", "docs", resource).len(),
            "{table}"
        );
    }
    let got = rows(
        &conn,
        "SELECT slug FROM information.repositories ORDER BY slug",
    );
    let mut want = fake.repositories("acme");
    want.sort();
    assert_eq!(
        got,
        want.into_iter().map(|r| vec![Some(r)]).collect::<Vec<_>>()
    );
    let got = rows(&conn, r#"SELECT "key" FROM projects ORDER BY "key""#);
    assert_eq!(
        got,
        vec![
            vec![Some("CORE".to_string())],
            vec![Some("OPS".to_string())]
        ]
    );
    assert_eq!(rows(&conn, "SELECT * FROM workspace_members").len(), 5);
    let me = rows(&conn, r#"SELECT display_name FROM "current_user""#);
    assert_eq!(me, vec![vec![Some("Ann Lee".to_string())]]);
}

#[test]
fn timestamps_are_typed_and_flattened_names_read() {
    let fake = fake();
    let conn = open(&fake, ";Schema=widgets");
    let pr = &fake.objects("acme", "widgets", "pullrequests")[0];
    let got = rows(
        &conn,
        &format!(
            "SELECT author_display_name, source_branch, destination_branch, links_html_href, \
             CAST(EXTRACT(YEAR FROM created_on) AS BIGINT) FROM pull_requests WHERE id = {}",
            pr["id"]
        ),
    );
    let text = |v: &serde_json::Value| Some(v.as_str().unwrap().to_string());
    assert_eq!(
        got,
        vec![vec![
            text(&pr["author"]["display_name"]),
            text(&pr["source"]["branch"]["name"]),
            text(&pr["destination"]["branch"]["name"]),
            text(&pr["links"]["html"]["href"]),
            Some(pr["created_on"].as_str().unwrap()[..4].to_string()),
        ]]
    );
}

#[test]
fn workspaces_need_no_workspace_and_schemas_list_repositories() {
    let fake = fake();
    let cs = bitbucket_connection_string(&fake, "");
    let conn = connect(&cs).unwrap();
    let got = rows(&conn, "SELECT slug FROM workspaces ORDER BY slug");
    assert_eq!(
        got,
        vec![
            vec![Some("acme".to_string())],
            vec![Some("skunkworks".to_string())]
        ]
    );
    let conn = open(&fake, "");
    fake.reset_log();
    let schemas = rows(
        &conn,
        "SELECT schema_name FROM sys_schemas ORDER BY schema_name",
    );
    let mut want = vec!["information".to_string()];
    want.extend(fake.repositories("acme"));
    want.sort();
    assert_eq!(
        schemas,
        want.into_iter().map(|s| vec![Some(s)]).collect::<Vec<_>>()
    );
    // Listed once per connection.
    rows(&conn, "SELECT schema_name FROM sys_schemas");
    assert_eq!(fake.requests_to("/2.0/repositories/acme").len(), 1);
}

#[test]
fn bearer_access_token_and_bad_credentials() {
    let fake = fake();
    let cs = format!(
        "Driver={{{}}};Provider=bitbucket;BaseURL={};Workspace=acme;AuthScheme=AccessToken;APIToken={}",
        apiodbc_tests::odbc::driver_path().display(),
        fake.base_url(),
        fake.access_token()
    );
    let conn = connect(&cs).unwrap();
    fake.reset_log();
    assert_eq!(rows(&conn, "SELECT * FROM docs.tags").len(), 12);
    let auth = fake.requests()[0]
        .header("authorization")
        .unwrap()
        .to_string();
    assert_eq!(auth, format!("Bearer {}", fake.access_token()));

    let bad = bitbucket_connection_string(&fake, "acme").replace(fake.password(), "wrong");
    let message = expect_sqlstate(connect(&bad), "28000");
    assert!(!message.contains("wrong"), "{message}");
}

#[test]
fn unknown_and_forbidden_repositories() {
    let fake = fake();
    let conn = open(&fake, "");
    let message = expect_sqlstate(
        query_text(&conn, "SELECT * FROM nosuchrepo.pull_requests"),
        "42S02",
    );
    assert!(
        message.contains("unknown repository 'nosuchrepo' in workspace 'acme'"),
        "{message}"
    );

    fake.forbid("acme", "gadgets");
    let got = rows(
        &conn,
        "SELECT DISTINCT repository FROM information.pipelines",
    );
    let mut got: Vec<String> = got.into_iter().map(|r| r[0].clone().unwrap()).collect();
    got.sort();
    assert_eq!(got, vec!["docs", "legacy-app", "widgets"]);
    let message = expect_sqlstate(
        query_text(&conn, "SELECT * FROM gadgets.pipelines"),
        "42000",
    );
    assert!(
        message.contains("Access denied"),
        "Bitbucket's message verbatim: {message}"
    );
}

#[test]
fn rate_limits_and_server_errors_are_retried() {
    let fake = fake();
    let conn = open(&fake, "");
    fake.reset_log();
    fake.set_retry_after(1);
    fake.fail_next(1, 429);
    fake.fail_next(1, 503);
    let got = rows(&conn, "SELECT name FROM docs.tags");
    assert_eq!(got.len(), 12);
    let statuses: Vec<u16> = fake.requests().iter().map(|r| r.status).collect();
    assert_eq!(statuses, vec![429, 503, 200]);
}

/// A 429 whose `Retry-After` outlasts `Timeout` (the hourly budget is
/// spent) fails at once, saying how long Bitbucket asks to wait and what the
/// listing needs, instead of retrying until the timeout.
#[test]
fn a_rate_limit_beyond_timeout_fails_at_once_with_what_the_listing_needs() {
    let fake = fake();
    let conn = open(&fake, ";Timeout=30");
    fake.reset_log();
    fake.set_retry_after(3600);
    // The first page answers (120 pull requests: 3 pages of 50), then one 429.
    fake.fail_after(1, 1, 429);
    let err = query_text(&conn, "SELECT id FROM widgets.pull_requests").unwrap_err();
    let message = diagnostic_message(&err);
    assert!(message.contains("asks to wait 3600 s"), "{message}");
    assert!(message.contains("Timeout=30 s"), "{message}");
    assert!(
        message.contains("this listing needs 3 requests of the hourly budget"),
        "{message}"
    );
    // Nothing was retried: page 1, then pages 2 and 3 at most once each
    // (the one still in flight when the 429 ends the scan may be cut off).
    let requests = fake.requests();
    assert_eq!(requests.iter().filter(|r| r.status == 429).count(), 1);
    let mut pages: Vec<Option<&str>> = requests.iter().map(|r| r.param("page")).collect();
    let asked = pages.len();
    pages.sort();
    pages.dedup();
    assert_eq!(pages.len(), asked, "a page was asked twice: {requests:?}");
    assert!((2..=3).contains(&asked), "{requests:?}");
}

#[test]
fn an_unknown_workspace_fails_at_connect() {
    let fake = fake();
    let cs = bitbucket_connection_string(&fake, "nowhere");
    let message = expect_sqlstate(connect(&cs), "42S02");
    assert!(message.contains("unknown workspace 'nowhere'"), "{message}");
}

#[test]
fn sql_all_catalogs_lists_the_workspaces() {
    use apiodbc_tests::odbc::wide::WideConnection;
    use odbc_api::sys;

    let fake = fake();
    let conn = WideConnection::connect(&bitbucket_connection_string(&fake, "acme")).unwrap();
    let stmt = conn.statement();
    fake.reset_log();
    // SQLTables(SQL_ALL_CATALOGS): catalog "%", schema and table "" (not
    // NULL: the narrow call's empty strings reach a driver as NULL through
    // unixODBC's conversion, so the wide call is made directly).
    let all: Vec<u16> = "%".encode_utf16().collect();
    let empty = [0u16; 1];
    // SAFETY: valid statement handle; every buffer outlives the call.
    let ret = unsafe {
        sys::SQLTablesW(
            stmt.handle(),
            all.as_ptr(),
            1,
            empty.as_ptr(),
            0,
            empty.as_ptr(),
            0,
            empty.as_ptr(),
            0,
        )
    };
    stmt.check(ret, "SQLTablesW").unwrap();
    let rows = stmt.fetch_text().unwrap().rows;
    let want: Vec<Vec<Option<String>>> = fake
        .workspaces()
        .into_iter()
        .map(|w| vec![Some(w), None, None, None, None])
        .collect();
    assert_eq!(want.len(), 2);
    assert_eq!(rows, want);
    assert_eq!(fake.requests_to("/2.0/user/workspaces").len(), 1);
    assert_eq!(fake.request_count(), 1);
}
