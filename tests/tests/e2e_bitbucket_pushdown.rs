//! End-to-end through unixODBC against the fake Bitbucket, counting requests:
//! ORDER BY on a sortable field goes to the API as `sort=` and the engine
//! drops its own sort, so `ORDER BY updated_on DESC LIMIT 10` is one
//! request; where the API's order could differ from SQL's (several
//! repositories, text, a LIMIT before the sort) the engine sorts and no
//! `sort=` is sent. `COUNT(*)` reads one `size`. A repeat within `CacheTTL`
//! costs no request, unless the query says `/* nocache */`.
//!
//! Needs `cargo build -p apiodbc` first (same target dir and profile).

use apiodbc_tests::FakeBitbucket;
use apiodbc_tests::bitbucket_checks::{fake, open};
use apiodbc_tests::odbc::{bitbucket_connection_string, connect, query_text};
use odbc_api::Connection;
use serde_json::Value;

fn ids(conn: &Connection<'_>, sql: &str) -> Vec<i64> {
    query_text(conn, sql)
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .rows
        .into_iter()
        .map(|r| r[0].as_deref().unwrap().parse().unwrap())
        .collect()
}

/// Pull request ids of `repos` ordered by `field` (an ISO time or a
/// number), newest or largest first when `descending`; ties keep API order.
fn sorted(fake: &FakeBitbucket, repos: &[&str], field: &str, descending: bool) -> Vec<i64> {
    let mut prs: Vec<Value> = repos
        .iter()
        .flat_map(|r| fake.objects("acme", r, "pullrequests"))
        .collect();
    prs.sort_by(|a, b| {
        let ordering = match (&a[field], &b[field]) {
            (Value::String(x), Value::String(y)) => x.cmp(y),
            (x, y) => x.as_i64().cmp(&y.as_i64()),
        };
        if descending {
            ordering.reverse()
        } else {
            ordering
        }
    });
    prs.iter().map(|pr| pr["id"].as_i64().unwrap()).collect()
}

fn pull_requests(repo: &str) -> String {
    format!("/2.0/repositories/acme/{repo}/pullrequests")
}

#[test]
fn order_by_updated_on_desc_limit_is_one_request() {
    let fake = fake();
    let conn = open(&fake, "");
    let want = sorted(&fake, &["widgets"], "updated_on", true);
    fake.reset_log();
    let got = ids(
        &conn,
        "SELECT id, updated_on FROM widgets.pull_requests ORDER BY updated_on DESC LIMIT 10",
    );
    assert_eq!(got, want[..10]);
    let requests = fake.requests();
    assert_eq!(requests.len(), 1, "{requests:?}");
    assert_eq!(requests[0].param("sort"), Some("-updated_on"));
    assert_eq!(requests[0].param("pagelen"), Some("10"));

    // With a filter the API takes, too.
    let want: Vec<i64> = {
        let open: Vec<i64> = fake
            .objects("acme", "widgets", "pullrequests")
            .iter()
            .filter(|pr| pr["state"] == "OPEN")
            .map(|pr| pr["id"].as_i64().unwrap())
            .collect();
        let mut all = sorted(&fake, &["widgets"], "created_on", false);
        all.retain(|id| open.contains(id));
        all.truncate(3);
        all
    };
    fake.reset_log();
    let got = ids(
        &conn,
        "SELECT id FROM widgets.pull_requests WHERE state = 'OPEN' ORDER BY created_on LIMIT 3",
    );
    assert_eq!(got, want);
    let requests = fake.requests();
    assert_eq!(requests.len(), 1, "{requests:?}");
    assert_eq!(requests[0].param("sort"), Some("created_on"));
    assert_eq!(requests[0].params("state"), vec!["OPEN"]);

    // A computed column between the sort and the scan keeps the LIMIT at the API.
    fake.reset_log();
    let got = ids(
        &conn,
        "SELECT id, upper(title) AS loud FROM widgets.pull_requests WHERE state = 'OPEN' \
         ORDER BY created_on LIMIT 3",
    );
    assert_eq!(got, want);
    let requests = fake.requests();
    assert_eq!(requests.len(), 1, "{requests:?}");
    assert_eq!(requests[0].param("pagelen"), Some("3"));
}

#[test]
fn a_whole_sorted_table_pages_in_the_api_order() {
    let fake = fake();
    let conn = open(&fake, "");
    fake.reset_log();
    let got = ids(&conn, "SELECT id FROM widgets.pull_requests ORDER BY id");
    assert_eq!(got, (1..=120).collect::<Vec<i64>>());
    let requests = fake.requests_to(&pull_requests("widgets"));
    assert_eq!(requests.len(), 3);
    assert!(requests.iter().all(|r| r.param("sort") == Some("id")));

    // Information schema, one repository named: still one listing, sorted by the API.
    fake.reset_log();
    let got = ids(
        &conn,
        "SELECT id FROM information.pull_requests WHERE repository = 'docs' \
         ORDER BY updated_on DESC LIMIT 4",
    );
    assert_eq!(got, sorted(&fake, &["docs"], "updated_on", true)[..4]);
    assert_eq!(fake.request_count(), 1);
    assert_eq!(fake.requests()[0].param("sort"), Some("-updated_on"));
}

#[test]
fn the_engine_sorts_where_the_api_order_could_differ() {
    let fake = fake();
    let conn = open(&fake, "");
    let repos = fake.repositories("acme");
    let repos: Vec<&str> = repos.iter().map(String::as_str).collect();

    // Across repositories each list would only be sorted on its own.
    fake.reset_log();
    let got = ids(
        &conn,
        "SELECT id, updated_on FROM information.pull_requests ORDER BY updated_on DESC LIMIT 5",
    );
    assert_eq!(got, sorted(&fake, &repos, "updated_on", true)[..5]);
    assert!(fake.requests().iter().all(|r| !r.has_param("sort")));

    // Text: Bitbucket's collation is not SQL's.
    fake.reset_log();
    let got = query_text(
        &conn,
        "SELECT title FROM widgets.pull_requests ORDER BY title LIMIT 3",
    )
    .unwrap()
    .rows;
    let mut titles: Vec<String> = fake
        .objects("acme", "widgets", "pullrequests")
        .iter()
        .map(|pr| pr["title"].as_str().unwrap().to_string())
        .collect();
    titles.sort();
    assert_eq!(
        got,
        titles[..3]
            .iter()
            .map(|t| vec![Some(t.clone())])
            .collect::<Vec<_>>()
    );
    assert!(fake.requests().iter().all(|r| !r.has_param("sort")));

    // A LIMIT before the sort keeps the API's first rows (the newest ids).
    fake.reset_log();
    let got = ids(
        &conn,
        "SELECT id FROM (SELECT id, updated_on FROM widgets.pull_requests LIMIT 5) t \
         ORDER BY updated_on DESC",
    );
    let first: Vec<i64> = (116..=120).rev().collect();
    let mut want = sorted(&fake, &["widgets"], "updated_on", true);
    want.retain(|id| first.contains(id));
    assert_eq!(got, want);
    let requests = fake.requests();
    assert_eq!(requests.len(), 1);
    assert!(!requests[0].has_param("sort"));
    assert_eq!(requests[0].param("pagelen"), Some("5"));
}

#[test]
fn a_repeat_within_cache_ttl_makes_no_request() {
    let fake = fake();
    let cs = format!(
        "{};CacheTTL=600",
        bitbucket_connection_string(&fake, "acme")
    );
    let conn = connect(&cs).unwrap();
    let rows = |sql: &str| query_text(&conn, sql).unwrap().rows;
    for sql in [
        "SELECT repository, id, title FROM information.pull_requests WHERE state = 'OPEN'",
        "SELECT id, content FROM widgets.pull_request_comments",
        "SELECT hash FROM docs.commits",
    ] {
        fake.reset_log();
        let first = rows(sql);
        assert!(!first.is_empty(), "{sql}");
        assert!(fake.request_count() >= 1, "{sql}");
        fake.reset_log();
        assert_eq!(rows(sql), first, "{sql}");
        assert_eq!(fake.request_count(), 0, "{sql}: a repeat within CacheTTL");
        // `/* nocache */` asks the API again, as often as the first time.
        let asked = |sql: &str| {
            fake.reset_log();
            assert_eq!(rows(sql), first, "{sql}");
            fake.request_count()
        };
        let fresh = asked(&format!("SELECT /* nocache */ {}", &sql[7..]));
        assert!(fresh >= 1, "{sql}: /* nocache */");
        assert_eq!(asked(sql), 0, "{sql}: cached again");
    }
    // Another connection without the cache asks again.
    let uncached = open(&fake, "");
    fake.reset_log();
    query_text(&uncached, "SELECT hash FROM docs.commits").unwrap();
    assert!(fake.request_count() >= 1);
}

#[test]
fn count_star_reads_the_size_of_a_one_row_page() {
    let fake = fake();
    let conn = open(&fake, "");
    let count = |sql: &str| ids(&conn, sql)[0];
    let prs = fake.objects("acme", "widgets", "pullrequests");

    fake.reset_log();
    assert_eq!(count("SELECT COUNT(*) FROM widgets.pull_requests"), 120);
    let requests = fake.requests();
    assert_eq!(requests.len(), 1, "{requests:?}");
    assert_eq!(requests[0].param("pagelen"), Some("1"));
    assert_eq!(
        requests[0].params("state"),
        vec!["OPEN", "MERGED", "DECLINED", "SUPERSEDED"]
    );

    // Filters the API applies exactly narrow the count it reports.
    let want = prs
        .iter()
        .filter(|pr| pr["state"] == "OPEN" && pr["id"].as_i64().unwrap() >= 50)
        .count() as i64;
    fake.reset_log();
    assert_eq!(
        count("SELECT COUNT(*) FROM widgets.pull_requests WHERE state = 'OPEN' AND id >= 50"),
        want
    );
    let requests = fake.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].param("q"), Some("id >= 50"));
    assert_eq!(requests[0].param("pagelen"), Some("1"));

    // Across repositories: one small request per repository.
    let total: usize = fake
        .repositories("acme")
        .iter()
        .map(|r| fake.objects("acme", r, "pullrequests").len())
        .sum();
    fake.reset_log();
    assert_eq!(
        count("SELECT COUNT(*) FROM information.pull_requests"),
        total as i64
    );
    assert_eq!(fake.request_count(), 1 + 4);
    assert!(
        fake.requests()
            .iter()
            .filter(|r| r.path.ends_with("/pullrequests"))
            .all(|r| r.param("pagelen") == Some("1"))
    );

    // A LIMIT below the count caps it.
    assert_eq!(
        count("SELECT COUNT(*) FROM (SELECT id FROM widgets.pull_requests LIMIT 7) t"),
        7
    );
}

#[test]
fn count_star_reads_rows_where_the_api_cannot_count() {
    let fake = fake();
    let conn = open(&fake, "");
    let count = |sql: &str| ids(&conn, sql)[0];

    // A filter the engine applies needs the rows.
    let want = fake
        .objects("acme", "widgets", "pullrequests")
        .iter()
        .filter(|pr| pr["title"].as_str().unwrap().starts_with("Fix"))
        .count() as i64;
    fake.reset_log();
    assert_eq!(
        count("SELECT COUNT(*) FROM widgets.pull_requests WHERE title LIKE 'Fix%'"),
        want
    );
    assert_eq!(fake.request_count(), 3);
    assert!(
        fake.requests()
            .iter()
            .all(|r| r.param("pagelen") == Some("50"))
    );

    // Cursor listings (commits) report no size: their pages are read.
    fake.reset_log();
    assert_eq!(count("SELECT COUNT(*) FROM docs.commits"), 75);
    assert_eq!(fake.request_count(), 1);
    assert_eq!(fake.requests()[0].param("pagelen"), Some("100"));
}
