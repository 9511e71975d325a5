//! End-to-end through unixODBC against the fake Bitbucket: deploy keys,
//! watchers, pipeline schedules and variables, snippets, a user's pull
//! requests across the workspace, the repository-wide pull request activity,
//! diffstats of pull requests and commits, and Code Insights reports. Rows
//! match the generated ground truth, and the request log shows the exact
//! requests (path and query) each filter and option costs.
//!
//! Needs `cargo build -p apiodbc` first (same target dir and profile).

use apiodbc_tests::FakeBitbucket;
use apiodbc_tests::bitbucket_checks::{fake, open, path, rows, text};
use apiodbc_tests::odbc::{expect_sqlstate, query_text};
use odbc_api::{Cursor, IntoParameter};
use serde_json::Value;

/// The query of each logged request as `(path, [(key, value)])`, in order.
fn sent(fake: &FakeBitbucket) -> Vec<(String, Vec<(String, String)>)> {
    fake.requests()
        .into_iter()
        .map(|r| (r.path, r.query))
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[test]
fn deploy_keys_and_watchers_are_one_listing_each() {
    let fake = fake();
    let conn = open(&fake, "");
    let keys = fake.objects("acme", "widgets", "deploy-keys");
    let want: Vec<Vec<Option<String>>> = keys
        .iter()
        .map(|k| {
            vec![
                Some("widgets".into()),
                text(&k["id"]),
                text(&k["label"]),
                text(&k["key"]),
                text(&k["comment"]),
                text(&k["owner"]["display_name"]),
            ]
        })
        .collect();
    assert_eq!(want.len(), 2);
    fake.reset_log();
    let got = rows(
        &conn,
        "SELECT repository, id, label, \"key\", comment, owner_display_name \
         FROM widgets.deploy_keys",
    );
    assert_eq!(got, want);
    let fields = "next,size,page,pagelen,values.id,values.label,values.key,values.comment,\
                  values.owner.display_name";
    assert_eq!(
        sent(&fake),
        vec![(
            path("widgets", "deploy-keys"),
            pairs(&[("fields", fields), ("pagelen", "100")])
        )]
    );
    // Only the public half exists: no column could hold a private key.
    let columns = query_text(&conn, "SELECT * FROM widgets.deploy_keys")
        .unwrap()
        .columns;
    assert!(
        columns.iter().all(|c| !c.contains("private")),
        "{columns:?}"
    );

    let want: Vec<Vec<Option<String>>> = fake
        .objects("acme", "widgets", "watchers")
        .iter()
        .map(|w| vec![text(&w["uuid"]), text(&w["display_name"])])
        .collect();
    assert_eq!(want.len(), 3);
    fake.reset_log();
    let got = rows(&conn, "SELECT uuid, display_name FROM widgets.watchers");
    assert_eq!(got, want);
    let requests = fake.requests();
    assert_eq!(requests.len(), 1, "{requests:?}");
    assert_eq!(requests[0].path, path("widgets", "watchers"));
}

#[test]
fn pipeline_schedules_flatten_their_target() {
    let fake = fake();
    let conn = open(&fake, "");
    let want: Vec<Vec<Option<String>>> = fake
        .objects("acme", "gadgets", "schedules")
        .iter()
        .map(|s| {
            vec![
                text(&s["uuid"]),
                text(&s["cron_pattern"]),
                text(&s["target"]["ref_name"]),
                text(&s["target"]["selector"]["pattern"]),
            ]
        })
        .collect();
    assert_eq!(want.len(), 2);
    fake.reset_log();
    let got = rows(
        &conn,
        "SELECT uuid, cron_pattern, target_ref_name, target_selector_pattern \
         FROM gadgets.pipeline_schedules",
    );
    assert_eq!(got, want);
    let requests = fake.requests();
    assert_eq!(requests.len(), 1, "{requests:?}");
    assert_eq!(
        requests[0].path,
        path("gadgets", "pipelines_config/schedules")
    );
    let enabled = rows(
        &conn,
        "SELECT cron_pattern FROM gadgets.pipeline_schedules WHERE enabled",
    );
    assert_eq!(enabled, vec![vec![Some("0 0 2 * * ? *".to_string())]]);
}

/// A page of variables from an API that sends every value, even a secured
/// one's (Bitbucket never sends those).
const LEAKY_VARIABLES: &str = r#"{"pagelen": 100, "size": 2, "page": 1, "values": [
    {"type": "pipeline_variable", "uuid": "{v1}", "key": "LOG_LEVEL", "secured": false,
     "value": "plain-leaked-value"},
    {"type": "pipeline_variable", "uuid": "{v2}", "key": "AWS_SECRET_ACCESS_KEY", "secured": true,
     "value": "s3cr3t-leaked-value"}]}"#;

/// Variables are names and flags: no value reaches a column or the log,
/// neither a plain one (which the API sends) nor a secured one (which it
/// never should).
#[test]
fn pipeline_variables_never_show_a_value() {
    let fake = fake();
    let dir = tempfile::tempdir().expect("temporary folder");
    let log = dir.path().join("apiodbc.log");
    let conn = open(&fake, &format!(";LogFile={};Verbosity=4", log.display()));
    fake.reset_log();
    let repository = fake.objects("acme", "widgets", "variables");
    let plain: Vec<&str> = repository
        .iter()
        .filter_map(|v| v["value"].as_str())
        .collect();
    assert_eq!(plain.len(), 2, "the fake sends plain values");
    let secured: Vec<&Value> = repository.iter().filter(|v| v["secured"] == true).collect();
    assert_eq!(secured.len(), 1);
    assert!(secured[0].get("value").is_none(), "and omits secured ones");

    let table = query_text(&conn, "SELECT * FROM widgets.pipeline_variables").unwrap();
    assert_eq!(table.columns, ["repository", "uuid", "key", "secured"]);
    let keys: Vec<Option<String>> = table.rows.iter().map(|r| r[2].clone()).collect();
    let want: Vec<Option<String>> = repository.iter().map(|v| text(&v["key"])).collect();
    assert_eq!(keys, want);
    let workspace = query_text(
        &conn,
        "SELECT * FROM information.workspace_pipeline_variables",
    )
    .unwrap();
    assert_eq!(workspace.columns, ["uuid", "key", "secured"]);
    assert_eq!(workspace.rows.len(), 3);
    let requests = fake.requests();
    assert_eq!(
        requests.iter().map(|r| r.path.as_str()).collect::<Vec<_>>(),
        [
            path("widgets", "pipelines_config/variables").as_str(),
            "/2.0/workspaces/acme/pipelines-config/variables"
        ]
    );

    fake.answer_next(1, LEAKY_VARIABLES);
    let leaky = query_text(&conn, "SELECT * FROM widgets.pipeline_variables").unwrap();
    assert_eq!(leaky.rows.len(), 2);
    assert_eq!(leaky.rows[1][2].as_deref(), Some("AWS_SECRET_ACCESS_KEY"));

    drop(conn);
    let logged = std::fs::read_to_string(&log).expect("the log");
    assert!(logged.contains("pipeline_variables"), "{logged}");
    let every_cell = [table, workspace, leaky]
        .iter()
        .flat_map(|t| t.rows.iter().flatten().flatten().cloned())
        .collect::<Vec<String>>()
        .join("\n");
    for value in plain
        .into_iter()
        .chain(["plain-leaked-value", "s3cr3t-leaked-value"])
    {
        assert!(!every_cell.contains(value), "{value}: {every_cell}");
        assert!(!logged.contains(value), "{value}: {logged}");
    }
}

#[test]
fn snippets_send_the_role_and_show_it() {
    let fake = fake();
    let conn = open(&fake, "");
    fake.reset_log();
    let all = rows(&conn, "SELECT id, role FROM snippets");
    assert_eq!(all.len(), 6);
    assert!(all.iter().all(|r| r[1].is_none()), "{all:?}");
    let requests = fake.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].path, "/2.0/snippets/acme");
    assert_eq!(requests[0].param("role"), None);

    fake.reset_log();
    let owned = rows(
        &conn,
        "SELECT id, creator_display_name, role FROM snippets WHERE role = 'owner'",
    );
    assert_eq!(
        owned,
        vec![vec![
            Some("kypj0".to_string()),
            Some("Ann Lee".to_string()),
            Some("owner".to_string())
        ]]
    );
    let requests = fake.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].params("role"), ["owner"]);

    fake.reset_log();
    let contributed = rows(&conn, "SELECT id FROM snippets WHERE role = 'contributor'");
    assert_eq!(contributed.len(), 3, "{contributed:?}");
    assert_eq!(fake.requests()[0].params("role"), ["contributor"]);

    // A role the API does not know is its error, not an empty result.
    let message = expect_sqlstate(
        query_text(&conn, "SELECT id FROM snippets WHERE role = 'admin'"),
        "HY000",
    );
    assert!(message.contains("Invalid role: admin"), "{message}");
}

#[test]
fn a_users_pull_requests_need_the_user() {
    let fake = fake();
    let conn = open(&fake, "");
    fake.reset_log();
    let message = expect_sqlstate(
        query_text(&conn, "SELECT id FROM user_pull_requests"),
        "42000",
    );
    assert!(
        message.contains("table user_pull_requests cannot be read without a filter"),
        "{message}"
    );
    assert!(message.contains("WHERE selected_user = '...'"), "{message}");
    assert_eq!(fake.request_count(), 0);

    // Bo Chen's pull requests in every repository of the workspace.
    let bo = apiodbc_tests::bitbucket::data::user(1);
    let uuid = bo["uuid"].as_str().unwrap();
    let mut want: Vec<Vec<Option<String>>> = fake
        .repositories("acme")
        .iter()
        .flat_map(|r| fake.objects("acme", r, "pullrequests"))
        .filter(|pr| pr["author"]["uuid"] == bo["uuid"])
        .map(|pr| {
            vec![
                Some(uuid.to_string()),
                text(&pr["destination"]["repository"]["full_name"]),
                text(&pr["id"]),
                text(&pr["state"]),
            ]
        })
        .collect();
    want.sort();
    assert!(want.len() > 20, "{}", want.len());
    let got = |sql: &str| {
        let mut got = rows(&conn, sql);
        got.sort();
        got
    };
    fake.reset_log();
    assert_eq!(
        got(&format!(
            "SELECT selected_user, repository_full_name, id, state \
             FROM user_pull_requests WHERE selected_user = '{uuid}'"
        )),
        want
    );
    let requests = fake.requests();
    assert!(
        requests
            .iter()
            .all(|r| r.path == format!("/2.0/workspaces/acme/pullrequests/{uuid}"))
    );
    assert_eq!(
        requests[0].params("state"),
        ["OPEN", "MERGED", "DECLINED", "SUPERSEDED"]
    );
    assert_eq!(requests.len(), want.len().div_ceil(50), "{requests:?}");

    // A bound parameter names the user as well (a client's prompt).
    fake.reset_log();
    let mut cursor = conn
        .execute(
            "SELECT id FROM user_pull_requests WHERE selected_user = ?",
            &uuid.into_parameter(),
            None,
        )
        .unwrap()
        .expect("a result set");
    let mut count = 0;
    while let Some(mut row) = cursor.next_row().unwrap() {
        let mut id = Vec::new();
        row.get_text(1, &mut id).unwrap();
        count += 1;
    }
    assert_eq!(count, want.len());
    assert!(fake.requests().iter().all(|r| r.path.ends_with(uuid)));

    // The account ID names the same author; state and BBQL go along.
    let account = bo["account_id"].as_str().unwrap();
    let open_fixes: Vec<Vec<Option<String>>> = want
        .iter()
        .filter(|r| r[3].as_deref() == Some("OPEN"))
        .map(|r| vec![Some(account.to_string()), r[2].clone()])
        .collect();
    fake.reset_log();
    let mut got = rows(
        &conn,
        &format!(
            "SELECT selected_user, id FROM user_pull_requests \
             WHERE selected_user = '{account}' AND state = 'OPEN' AND id > 0"
        ),
    );
    got.sort();
    let mut open_fixes = open_fixes;
    open_fixes.sort();
    assert_eq!(got, open_fixes);
    let requests = fake.requests();
    assert_eq!(requests.len(), 1, "{requests:?}");
    assert_eq!(
        requests[0].path,
        format!("/2.0/workspaces/acme/pullrequests/{account}")
    );
    assert_eq!(requests[0].params("state"), ["OPEN"]);
    assert_eq!(requests[0].param("q"), Some("id > 0"));

    // Two users: one listing each.
    let cy = apiodbc_tests::bitbucket::data::user(2);
    fake.reset_log();
    rows(
        &conn,
        &format!(
            "SELECT id FROM user_pull_requests WHERE selected_user IN ('{uuid}', '{}')",
            cy["uuid"].as_str().unwrap()
        ),
    );
    let mut users: Vec<String> = fake.requests().into_iter().map(|r| r.path).collect();
    users.sort();
    users.dedup();
    assert_eq!(users.len(), 2, "{users:?}");
}

#[test]
fn repository_activity_is_one_listing_instead_of_one_per_pull_request() {
    let fake = fake();
    let conn = open(&fake, "");
    let columns = "pull_request_id, update_state, approval_user_display_name, comment_id";
    fake.reset_log();
    let mut per_pull_request = rows(
        &conn,
        &format!("SELECT {columns} FROM widgets.pull_request_activity"),
    );
    let per_pull_request_requests = fake.request_count();
    fake.reset_log();
    let mut repository = rows(
        &conn,
        &format!("SELECT {columns} FROM widgets.repository_pull_request_activity"),
    );
    let requests = fake.requests();
    per_pull_request.sort();
    repository.sort();
    assert_eq!(repository, per_pull_request);
    // 120 pull requests: 3 pages of ids, then one listing each.
    assert_eq!(per_pull_request_requests, 3 + 120);
    assert_eq!(requests.len(), repository.len().div_ceil(50));
    assert!(requests.len() < 10, "{}", requests.len());
    assert!(
        requests
            .iter()
            .all(|r| r.path == path("widgets", "pullrequests/activity"))
    );
    assert_eq!(requests[0].param("pagelen"), Some("50"));
    // Cursor pages: each next link is followed as the API wrote it.
    assert!(requests[1..].iter().all(|r| r.param("page").is_some()));
}

#[test]
fn a_pull_request_diffstat_follows_the_redirect_to_its_commits() {
    let fake = fake();
    let conn = open(&fake, "");
    let pr = fake
        .objects("acme", "widgets", "pullrequests")
        .iter()
        .find(|pr| pr["id"] == 5)
        .unwrap()
        .clone();
    let spec = format!(
        "{}..{}",
        pr["source"]["commit"]["hash"].as_str().unwrap(),
        pr["destination"]["commit"]["hash"].as_str().unwrap()
    );
    let files = apiodbc_tests::bitbucket::data::diffstat("acme/widgets", &spec);
    let want: Vec<Vec<Option<String>>> = files
        .iter()
        .map(|f| {
            vec![
                Some("5".into()),
                text(&f["status"]),
                text(&f["lines_added"]),
                text(&f["lines_removed"]),
                text(&f["old"]["path"]),
                text(&f["new"]["path"]),
            ]
        })
        .collect();
    fake.reset_log();
    let got = rows(
        &conn,
        "SELECT pull_request_id, status, lines_added, lines_removed, old_path, new_path \
         FROM widgets.pull_request_diffstat WHERE pull_request_id = 5",
    );
    assert_eq!(got, want);
    let requests = fake.requests();
    assert_eq!(requests.len(), 2, "{requests:?}");
    assert_eq!(requests[0].path, path("widgets", "pullrequests/5/diffstat"));
    assert_eq!(requests[0].status, 302);
    assert_eq!(
        requests[1].path,
        path("widgets", &format!("diffstat/{spec}"))
    );
    assert_eq!(requests[1].status, 200);
    assert_eq!(requests[1].query, requests[0].query);
    assert_eq!(requests[1].param("pagelen"), Some("5000"));

    // Without a filter: the pull request ids once, then every pull request.
    fake.reset_log();
    let all = rows(
        &conn,
        "SELECT pull_request_id FROM docs.pull_request_diffstat",
    );
    let prs = fake.objects("acme", "docs", "pullrequests").len();
    let redirects = fake.requests().iter().filter(|r| r.status == 302).count();
    assert_eq!(redirects, prs);
    assert_eq!(fake.request_count(), 1 + 2 * prs);
    assert!(all.len() >= prs);
}

/// The hash of the n-th commit the API lists in a repository.
fn commit(fake: &FakeBitbucket, repo: &str, n: usize) -> String {
    fake.objects("acme", repo, "commits")[n]["hash"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn a_commit_diffstat_sends_every_option() {
    let fake = fake();
    let conn = open(&fake, "");
    let hash = commit(&fake, "widgets", 3);
    let files = apiodbc_tests::bitbucket::data::diffstat("acme/widgets", &hash);
    let want: Vec<Vec<Option<String>>> = files
        .iter()
        .map(|f| {
            vec![
                Some(hash.clone()),
                text(&f["status"]),
                text(&f["new"]["path"]),
                None,
            ]
        })
        .collect();
    fake.reset_log();
    let got = rows(
        &conn,
        &format!(
            "SELECT spec, status, new_path, path FROM widgets.commit_diffstat \
             WHERE spec = '{hash}'"
        ),
    );
    assert_eq!(got, want);
    let requests = fake.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(
        requests[0].path,
        path("widgets", &format!("diffstat/{hash}"))
    );
    assert_eq!(requests[0].param("path"), None);

    // Each option is one parameter, and each row shows it.
    for (condition, key, value, shown) in [
        ("path = 'src/lib.rs'", "path", "src/lib.rs", "src/lib.rs"),
        ("ignore_whitespace = true", "ignore_whitespace", "true", "1"),
        ("renames = false", "renames", "false", "0"),
        ("topic = true", "topic", "true", "1"),
        ("merge = false", "merge", "false", "0"),
    ] {
        let column = condition.split(' ').next().unwrap();
        fake.reset_log();
        let got = rows(
            &conn,
            &format!(
                "SELECT {column} FROM widgets.commit_diffstat \
                 WHERE spec = '{hash}' AND {condition}"
            ),
        );
        let requests = fake.requests();
        assert_eq!(requests.len(), 1, "{condition}");
        for option in ["path", "ignore_whitespace", "renames", "topic", "merge"] {
            let want: &[&str] = if option == key { &[value] } else { &[] };
            assert_eq!(requests[0].params(option), want, "{condition}");
        }
        assert_eq!(requests[0].param("pagelen"), Some("5000"));
        assert!(!got.is_empty() || key == "path", "{condition}");
        assert!(
            got.iter().all(|r| r[0].as_deref() == Some(shown)),
            "{condition}: {got:?}"
        );
    }

    // The options change what the API answers: without rename detection a
    // rename is a removal and an addition; whitespace ignored, fewer lines.
    let (renamed, files) = (0..30)
        .map(|n| commit(&fake, "widgets", n))
        .map(|h| {
            let files = apiodbc_tests::bitbucket::data::diffstat("acme/widgets", &h);
            (h, files)
        })
        .find(|(_, files)| {
            let has = |status: &str| files.iter().any(|f| f["status"] == status);
            has("renamed") && has("modified")
        })
        .expect("a commit with a rename and a modification");
    let statuses = |condition: &str| {
        rows(
            &conn,
            &format!(
                "SELECT status FROM widgets.commit_diffstat \
                 WHERE spec = '{renamed}' AND {condition} ORDER BY status"
            ),
        )
    };
    let renames = files.iter().filter(|f| f["status"] == "renamed").count();
    let detected = statuses("renames = true");
    assert_eq!(detected.len(), files.len());
    let undetected = statuses("renames = false");
    assert_eq!(undetected.len(), files.len() + renames);
    assert!(
        undetected
            .iter()
            .all(|r| r[0].as_deref() != Some("renamed"))
    );
    let modified: Vec<i64> = files
        .iter()
        .filter(|f| f["status"] == "modified")
        .map(|f| f["lines_added"].as_i64().unwrap() / 2)
        .collect();
    let got = rows(
        &conn,
        &format!(
            "SELECT SUM(lines_added) FROM widgets.commit_diffstat \
             WHERE spec = '{renamed}' AND ignore_whitespace AND status = 'modified'"
        ),
    );
    let want = modified.iter().sum::<i64>().to_string();
    assert_eq!(got, vec![vec![Some(want)]]);

    // A range compares two commits.
    let range = format!("{}..{}", &hash[..12], &commit(&fake, "widgets", 9)[..12]);
    let files = apiodbc_tests::bitbucket::data::diffstat("acme/widgets", &range);
    fake.reset_log();
    let got = rows(
        &conn,
        &format!("SELECT spec FROM widgets.commit_diffstat WHERE spec = '{range}'"),
    );
    assert_eq!(got.len(), files.len());
    assert!(got.iter().all(|r| r[0].as_deref() == Some(range.as_str())));
    assert_eq!(
        fake.requests()[0].path,
        path("widgets", &format!("diffstat/{range}"))
    );
}

#[test]
fn commit_reports_are_listed_per_commit() {
    let fake = fake();
    let conn = open(&fake, "");
    let hash = commit(&fake, "docs", 0);
    let reports = fake.children("acme", "docs", "reports", &hash);
    assert_eq!(reports.len(), 1);
    let want: Vec<Vec<Option<String>>> = reports
        .iter()
        .map(|r| {
            vec![
                Some(hash.clone()),
                text(&r["uuid"]),
                text(&r["report_type"]),
                text(&r["result"]),
                text(&r["data"]),
            ]
        })
        .collect();
    fake.reset_log();
    let got = rows(
        &conn,
        &format!(
            "SELECT commit_hash, uuid, report_type, result, data FROM docs.commit_reports \
             WHERE commit_hash = '{hash}'"
        ),
    );
    assert_eq!(got, want);
    assert_eq!(fake.request_count(), 1);
    assert_eq!(
        fake.requests()[0].path,
        path("docs", &format!("commit/{hash}/reports"))
    );

    // Without a filter every commit is asked: one commit page, then each commit.
    fake.reset_log();
    let all = rows(&conn, "SELECT commit_hash FROM docs.commit_reports");
    let commits = fake.objects("acme", "docs", "commits").len();
    assert_eq!(all.len(), commits.div_ceil(3));
    assert_eq!(fake.request_count(), 1 + commits);
}

#[test]
fn report_annotations_are_read_under_their_commit_and_report() {
    let fake = fake();
    let conn = open(&fake, "");
    let hash = commit(&fake, "docs", 0);
    let report = fake.children("acme", "docs", "reports", &hash)[0].clone();
    let uuid = report["uuid"].as_str().unwrap();
    let want: Vec<Vec<Option<String>>> = fake
        .children("acme", "docs", "annotations", uuid)
        .iter()
        .map(|a| {
            vec![
                Some(hash.clone()),
                Some(uuid.to_string()),
                text(&a["uuid"]),
                text(&a["severity"]),
                text(&a["line"]),
            ]
        })
        .collect();
    assert_eq!(want.len(), 2);
    let select =
        "SELECT commit_hash, report_uuid, uuid, severity, line FROM docs.report_annotations";
    let reports = path("docs", &format!("commit/{hash}/reports"));
    let annotations = path("docs", &format!("commit/{hash}/reports/{uuid}/annotations"));

    // The commit named: its reports (ids only), then each report's annotations.
    fake.reset_log();
    let got = rows(&conn, &format!("{select} WHERE commit_hash = '{hash}'"));
    assert_eq!(got, want);
    let requests = fake.requests();
    assert_eq!(
        requests.iter().map(|r| &r.path).collect::<Vec<_>>(),
        [&reports, &annotations]
    );
    assert_eq!(
        requests[0].param("fields"),
        Some("next,size,page,pagelen,values.uuid")
    );

    // Commit and report named: the same two requests.
    fake.reset_log();
    let got = rows(
        &conn,
        &format!("{select} WHERE commit_hash = '{hash}' AND report_uuid = '{uuid}'"),
    );
    assert_eq!(got, want);
    assert_eq!(fake.request_count(), 2);

    // A report alone: every commit's reports are read to find its commit.
    let commits = fake.objects("acme", "docs", "commits").len();
    fake.reset_log();
    let got = rows(&conn, &format!("{select} WHERE report_uuid = '{uuid}'"));
    assert_eq!(got, want);
    assert_eq!(fake.request_count(), 1 + commits + 1);

    // Nothing named: every commit, then every report.
    fake.reset_log();
    let all = rows(&conn, select);
    let with_reports = commits.div_ceil(3);
    assert_eq!(all.len(), 2 * commits.div_ceil(6));
    assert_eq!(fake.request_count(), 1 + commits + with_reports);
}

/// The fake follows the swagger: `q` and `sort` where a path documents them
/// (a user's pull requests), ignored like any unknown parameter elsewhere.
#[test]
fn the_fake_ignores_q_and_sort_where_they_are_undocumented() {
    let fake = fake();
    let bearer = format!("Bearer {}", fake.access_token());
    let get = |path: &str| {
        let url = format!("{}{path}", fake.base_url());
        let response = apiodbc_tests::http::get(&url, &[("Authorization", &bearer)]);
        assert_eq!(response.status, 200, "{path}: {}", response.text());
        response.json()["values"].as_array().unwrap().len()
    };
    let hash = commit(&fake, "widgets", 0);
    for (path, all) in [
        ("/repositories/acme/widgets/deploy-keys", 2),
        ("/repositories/acme/widgets/watchers", 3),
        ("/repositories/acme/widgets/pipelines_config/schedules", 2),
        ("/repositories/acme/widgets/pipelines_config/variables", 3),
        ("/workspaces/acme/pipelines-config/variables", 3),
        ("/snippets/acme", 6),
        (
            &format!("/repositories/acme/widgets/commit/{hash}/reports"),
            1,
        ),
    ] {
        assert_eq!(get(path), all, "{path}");
        assert_eq!(
            get(&format!("{path}?q=uuid%3D%22x%22&sort=-uuid")),
            all,
            "{path}"
        );
    }
    let uuid = apiodbc_tests::bitbucket::data::user(1)["uuid"]
        .as_str()
        .unwrap()
        .to_string();
    let user = format!("/workspaces/acme/pullrequests/{uuid}");
    assert!(get(&user) > 0);
    assert_eq!(get(&format!("{user}?q=id%3D-1")), 0);
}

#[test]
fn deploy_keys_and_variables_are_audited_across_repositories() {
    let fake = fake();
    let conn = open(&fake, "");
    let repositories = fake.repositories("acme");
    fake.reset_log();
    let got = rows(
        &conn,
        "SELECT repository, COUNT(*) FROM information.deploy_keys \
         GROUP BY repository ORDER BY repository",
    );
    let mut want: Vec<Vec<Option<String>>> = repositories
        .iter()
        .map(|r| vec![Some(r.clone()), Some("2".into())])
        .collect();
    want.sort();
    assert_eq!(got, want);
    // The repository list, then one listing per repository.
    assert_eq!(fake.request_count(), 1 + repositories.len());

    fake.reset_log();
    let got = rows(
        &conn,
        "SELECT repository FROM information.pipeline_variables \
         WHERE secured AND repository IN ('docs', 'gadgets') ORDER BY repository",
    );
    assert_eq!(
        got,
        vec![
            vec![Some("docs".to_string())],
            vec![Some("gadgets".to_string())]
        ]
    );
    let mut paths: Vec<String> = fake.requests().into_iter().map(|r| r.path).collect();
    paths.sort();
    assert_eq!(
        paths,
        [
            path("docs", "pipelines_config/variables"),
            path("gadgets", "pipelines_config/variables")
        ]
    );
}
