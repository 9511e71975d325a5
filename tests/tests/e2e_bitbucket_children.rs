//! End-to-end through unixODBC against the fake Bitbucket: the tables listed
//! under a parent object (pull request comments, activity, commits,
//! statuses, tasks; issue comments; commit statuses; pipeline steps) and
//! the remaining repository and workspace tables. A filter on the parent id
//! column costs one list request per named parent; without one, the parent
//! table is listed once (ids only) and every parent is read once.
//!
//! Needs `cargo build -p apiodbc` first (same target dir and profile).

use apiodbc_tests::FakeBitbucket;
use apiodbc_tests::bitbucket_checks::{fake, first_column_and_warnings, open, path, rows, text};
use serde_json::Value;

/// Pull request ids of a repository, as the API lists them.
fn pull_request_ids(fake: &FakeBitbucket, repo: &str) -> Vec<String> {
    fake.objects("acme", repo, "pullrequests")
        .iter()
        .map(|pr| pr["id"].to_string())
        .collect()
}

#[test]
fn comments_of_one_pull_request_cost_one_request() {
    let fake = fake();
    let conn = open(&fake, "");
    let want: Vec<Vec<Option<String>>> = fake
        .children("acme", "widgets", "comments", "5")
        .iter()
        .map(|c| {
            vec![
                Some("5".into()),
                text(&c["id"]),
                text(&c["content"]["raw"]),
                text(&c["user"]["display_name"]),
                text(&c["inline"]["to"]),
            ]
        })
        .collect();
    assert_eq!(want.len(), 2, "pull request 5 has two comments");
    fake.reset_log();
    let got = rows(
        &conn,
        "SELECT pull_request_id, id, content, user_display_name, inline_to \
         FROM widgets.pull_request_comments WHERE pull_request_id = 5",
    );
    assert_eq!(got, want);
    let requests = fake.requests();
    assert_eq!(requests.len(), 1, "{requests:?}");
    assert_eq!(requests[0].path, path("widgets", "pullrequests/5/comments"));
    assert_eq!(requests[0].status, 200);

    // IN names two parents: two requests, nothing else.
    fake.reset_log();
    let got = rows(
        &conn,
        "SELECT id FROM widgets.pull_request_comments WHERE pull_request_id IN (4, 5)",
    );
    let count = fake.children("acme", "widgets", "comments", "4").len()
        + fake.children("acme", "widgets", "comments", "5").len();
    assert_eq!(got.len(), count);
    let mut paths: Vec<String> = fake.requests().into_iter().map(|r| r.path).collect();
    paths.sort();
    assert_eq!(
        paths,
        vec![
            path("widgets", "pullrequests/4/comments"),
            path("widgets", "pullrequests/5/comments")
        ]
    );

    // A pull request that does not exist has no comments (its 404 is one request).
    fake.reset_log();
    let got = rows(
        &conn,
        "SELECT id FROM widgets.pull_request_comments WHERE pull_request_id = 9999",
    );
    assert!(got.is_empty());
    assert_eq!(fake.request_count(), 1);
}

#[test]
fn comments_without_a_filter_read_every_pull_request_once() {
    let fake = fake();
    let conn = open(&fake, "");
    let ids = pull_request_ids(&fake, "widgets");
    assert_eq!(ids.len(), 120);
    let mut want: Vec<Vec<Option<String>>> = ids
        .iter()
        .flat_map(|id| {
            fake.children("acme", "widgets", "comments", id)
                .iter()
                .map(|c| vec![Some(id.clone()), text(&c["id"])])
        })
        .collect();
    want.sort();
    fake.reset_log();
    let mut got = rows(
        &conn,
        "SELECT pull_request_id, id FROM widgets.pull_request_comments",
    );
    got.sort();
    assert_eq!(got, want);
    // The pull requests are listed once, ids only and in every state: 120
    // at 50 a page is 3 pages.
    let listing = fake.requests_to(&path("widgets", "pullrequests"));
    assert_eq!(listing.len(), 3, "{listing:?}");
    for request in &listing {
        assert_eq!(
            request.params("state"),
            vec!["OPEN", "MERGED", "DECLINED", "SUPERSEDED"]
        );
        assert!(request.param("fields").unwrap().contains("values.id"));
    }
    // Then each pull request's comments exactly once (one page each).
    for id in &ids {
        let requests = fake.requests_to(&path("widgets", &format!("pullrequests/{id}/comments")));
        assert_eq!(requests.len(), 1, "pull request {id}");
    }
    assert_eq!(fake.request_count(), 3 + 120);
}

#[test]
fn every_pull_request_child_table_matches_the_ground_truth() {
    let fake = fake();
    let conn = open(&fake, "");
    // gadgets has 61 pull requests: 2 pages of ids, then one list per pull request.
    let ids = pull_request_ids(&fake, "gadgets");
    assert_eq!(ids.len(), 61);
    for (table, resource, key) in [
        ("pull_request_activity", "activity", None),
        ("pull_request_commits", "commits", Some("hash")),
        ("pull_request_statuses", "statuses", Some("key")),
        ("pull_request_tasks", "tasks", Some("id")),
    ] {
        let mut want: Vec<Vec<Option<String>>> = ids
            .iter()
            .flat_map(|id| {
                fake.children("acme", "gadgets", resource, id)
                    .iter()
                    .map(|o| {
                        let mut row = vec![Some(id.clone())];
                        row.extend(key.map(|k| text(&o[k])));
                        row
                    })
                    .collect::<Vec<_>>()
            })
            .collect();
        want.sort();
        assert!(!want.is_empty(), "{table}");
        let columns = match key {
            Some(k) => format!("pull_request_id, \"{k}\""),
            None => "pull_request_id".into(),
        };
        fake.reset_log();
        let mut got = rows(&conn, &format!("SELECT {columns} FROM gadgets.{table}"));
        got.sort();
        assert_eq!(got, want, "{table}");
        assert_eq!(fake.request_count(), 2 + 61, "{table}");
        assert!(fake.requests().iter().all(|r| r.status == 200), "{table}");
    }

    // Activity rows carry the columns of their kind.
    let got = rows(
        &conn,
        "SELECT update_state, approval_user_display_name, comment_id \
         FROM gadgets.pull_request_activity WHERE pull_request_id = 5",
    );
    let want: Vec<Vec<Option<String>>> = fake
        .children("acme", "gadgets", "activity", "5")
        .iter()
        .map(|a| {
            vec![
                text(&a["update"]["state"]),
                text(&a["approval"]["user"]["display_name"]),
                text(&a["comment"]["id"]),
            ]
        })
        .collect();
    assert_eq!(got, want);

    // Tasks filter in BBQL within the named pull request.
    let open_tasks: Vec<&Value> = ids
        .iter()
        .flat_map(|id| fake.children("acme", "gadgets", "tasks", id))
        .filter(|t| t["state"] == "UNRESOLVED")
        .collect();
    let id = open_tasks[0]["id"].as_u64().unwrap() / 10;
    fake.reset_log();
    let got = rows(
        &conn,
        &format!(
            "SELECT id FROM gadgets.pull_request_tasks \
             WHERE pull_request_id = {id} AND state = 'UNRESOLVED'"
        ),
    );
    assert!(got.contains(&vec![text(&open_tasks[0]["id"])]), "{got:?}");
    let requests = fake.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].param("q"), Some(r#"state = "UNRESOLVED""#));
}

#[test]
fn issue_comments_commit_statuses_and_pipeline_steps() {
    let fake = fake();
    let conn = open(&fake, "");

    // Issue comments: 25 issues, one page of ids, then one list per issue.
    let issues = fake.objects("acme", "docs", "issues");
    let want: usize = issues
        .iter()
        .map(|i| {
            fake.children("acme", "docs", "issue_comments", &i["id"].to_string())
                .len()
        })
        .sum();
    fake.reset_log();
    let got = rows(
        &conn,
        "SELECT issue_id, id, content FROM docs.issue_comments",
    );
    assert_eq!(got.len(), want);
    assert_eq!(fake.request_count(), 1 + issues.len());

    // Commit statuses of one commit: one request to /commit/{hash}/statuses.
    let commit = &fake.objects("acme", "docs", "commits")[0];
    let hash = commit["hash"].as_str().unwrap();
    let statuses = fake.children("acme", "docs", "commit_statuses", hash);
    assert_eq!(statuses.len(), 3);
    fake.reset_log();
    let got = rows(
        &conn,
        &format!(
            "SELECT commit_hash, \"key\", state FROM docs.commit_statuses WHERE commit_hash = '{hash}'"
        ),
    );
    let want: Vec<Vec<Option<String>>> = statuses
        .iter()
        .map(|s| vec![Some(hash.to_string()), text(&s["key"]), text(&s["state"])])
        .collect();
    assert_eq!(got, want);
    let requests = fake.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(
        requests[0].path,
        path("docs", &format!("commit/{hash}/statuses"))
    );

    // Pipeline steps: the pipelines' uuids once, then each pipeline's steps.
    let pipelines = fake.objects("acme", "docs", "pipelines");
    let mut want: Vec<Vec<Option<String>>> = pipelines
        .iter()
        .flat_map(|p| {
            let uuid = p["uuid"].as_str().unwrap();
            fake.children("acme", "docs", "steps", uuid)
                .iter()
                .map(move |s| vec![Some(uuid.to_string()), text(&s["name"])])
        })
        .collect();
    want.sort();
    fake.reset_log();
    let mut got = rows(&conn, "SELECT pipeline_uuid, name FROM docs.pipeline_steps");
    got.sort();
    assert_eq!(got, want);
    assert_eq!(fake.request_count(), 1 + pipelines.len());
    let listing = fake.requests_to(&path("docs", "pipelines"));
    assert_eq!(
        listing[0].param("fields"),
        Some("next,size,page,pagelen,values.uuid")
    );

    // One pipeline by uuid (braces and all): one request.
    let uuid = pipelines[3]["uuid"].as_str().unwrap();
    fake.reset_log();
    let got = rows(
        &conn,
        &format!("SELECT name FROM docs.pipeline_steps WHERE pipeline_uuid = '{uuid}'"),
    );
    assert_eq!(
        got.len(),
        fake.children("acme", "docs", "steps", uuid).len()
    );
    assert_eq!(fake.request_count(), 1);
}

#[test]
fn settings_downloads_refs_and_repository_permissions() {
    let fake = fake();
    let conn = open(&fake, "");

    fake.reset_log();
    let got = rows(
        &conn,
        "SELECT id, pattern FROM widgets.branch_restrictions WHERE kind = 'push'",
    );
    let want: Vec<Vec<Option<String>>> = fake
        .objects("acme", "widgets", "branch-restrictions")
        .iter()
        .filter(|r| r["kind"] == "push")
        .map(|r| vec![text(&r["id"]), text(&r["pattern"])])
        .collect();
    assert_eq!(got, want);
    let requests = fake.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].param("kind"), Some("push"));

    let got = rows(
        &conn,
        "SELECT display_name FROM widgets.default_reviewers ORDER BY display_name",
    );
    let mut want: Vec<Vec<Option<String>>> = fake
        .objects("acme", "widgets", "default-reviewers")
        .iter()
        .map(|a| vec![text(&a["display_name"])])
        .collect();
    want.sort();
    assert_eq!(got, want);

    let got = rows(&conn, "SELECT name, size FROM gadgets.downloads");
    let want: Vec<Vec<Option<String>>> = fake
        .objects("acme", "gadgets", "downloads")
        .iter()
        .map(|d| vec![text(&d["name"]), text(&d["size"])])
        .collect();
    assert_eq!(got, want);

    let got = rows(
        &conn,
        "SELECT \"type\", COUNT(*) FROM docs.refs GROUP BY \"type\" ORDER BY \"type\"",
    );
    let count = |r: &str| Some(fake.objects("acme", "docs", r).len().to_string());
    assert_eq!(
        got,
        vec![
            vec![Some("branch".into()), count("branches")],
            vec![Some("tag".into()), count("tags")]
        ]
    );

    let all = fake.repository_permissions("acme");
    let got = rows(
        &conn,
        "SELECT repository_full_name, user_display_name, permission FROM repository_permissions",
    );
    assert_eq!(got.len(), all.len());
    fake.reset_log();
    let got = rows(
        &conn,
        "SELECT repository_full_name FROM information.repository_permissions WHERE permission = 'admin'",
    );
    assert_eq!(
        got.len(),
        all.iter().filter(|p| p["permission"] == "admin").count()
    );
    let requests = fake.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(
        requests[0].path,
        "/2.0/workspaces/acme/permissions/repositories"
    );
    assert_eq!(requests[0].param("q"), Some(r#"permission = "admin""#));
}

#[test]
fn a_forbidden_repository_is_skipped_with_a_warning_naming_it() {
    let fake = fake();
    fake.forbid("acme", "gadgets");
    let (mut repositories, warnings) =
        first_column_and_warnings(&fake, "SELECT repository, name FROM information.branches");
    repositories.dedup();
    assert_eq!(repositories, vec!["widgets", "docs", "legacy-app"]);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(warnings[0].state, "01000");
    assert!(
        warnings[0].message.contains("skipped repository 'gadgets'")
            && warnings[0].message.contains("Access denied"),
        "{}",
        warnings[0].message
    );
    // Each repository was asked once, the forbidden one included.
    for repo in fake.repositories("acme") {
        assert_eq!(
            fake.requests_to(&path(&repo, "refs/branches")).len(),
            1,
            "{repo}"
        );
    }
}
