//! Tests of the fake Bitbucket server itself (no driver involved).

use apiodbc_tests::http;
use apiodbc_tests::{FakeBitbucket, FakeBitbucketConfig};
use serde_json::Value;

/// Ids of what `GET /2.0/repositories/acme/widgets/{listing}&q={q}` lists in one page.
fn listed(fake: &FakeBitbucket, listing: &str, q: &str) -> Vec<u64> {
    let q: String = q
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect();
    let url = format!(
        "{}/repositories/acme/widgets/{listing}&q={q}",
        fake.base_url()
    );
    let token = format!("Bearer {}", fake.access_token());
    let response = http::get(&url, &[("Authorization", &token)]);
    assert_eq!(response.status, 200, "{}", response.text());
    let body = response.json();
    assert!(body["next"].is_null(), "one page");
    body["values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["id"].as_u64().unwrap())
        .collect()
}

/// Pull requests in every state matching `q`.
fn pull_requests(fake: &FakeBitbucket, q: &str) -> Vec<u64> {
    let states = "state=OPEN&state=MERGED&state=DECLINED&state=SUPERSEDED";
    listed(fake, &format!("pullrequests?{states}&pagelen=50"), q)
}

fn iso_now() -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    apiodbc_tests::bitbucket::data::iso(now - 1)
}

#[test]
fn changed_pull_requests_are_the_ones_updated_after_a_time() {
    let fake = FakeBitbucket::start(FakeBitbucketConfig::default());
    let before = fake.objects("acme", "widgets", "pullrequests");
    let t0 = iso_now();
    assert_eq!(
        pull_requests(&fake, &format!("updated_on > \"{t0}\"")),
        [] as [u64; 0]
    );

    let changed = fake.update_pull_request("acme", "widgets", 7, "Renamed");
    assert_eq!(changed["title"], "Renamed");
    let created = fake.create_pull_request("acme", "widgets", "Brand new");
    let new_id = created["id"].as_u64().unwrap();
    assert_eq!(new_id, before.len() as u64 + 1);
    assert_eq!(created["created_on"], created["updated_on"]);
    assert_eq!(created["state"], "OPEN");
    assert_eq!(fake.objects("acme", "widgets", "pullrequests")[0], created);

    for q in [
        format!("updated_on > \"{t0}\""),
        format!("updated_on >= \"{t0}\""),
        format!("updated_on > {t0}"),
    ] {
        assert_eq!(pull_requests(&fake, &q), [new_id, 7], "{q}");
    }
    assert_eq!(
        pull_requests(&fake, "updated_on > \"2026-01-01T00:00:00+00:00\""),
        [new_id, 7]
    );
    assert_eq!(
        pull_requests(&fake, "updated_on < \"2000-01-01T02:00:00+02:00\""),
        [] as [u64; 0]
    );

    let token = format!("Bearer {}", fake.access_token());
    let comments = http::get(
        &format!(
            "{}/repositories/acme/widgets/pullrequests/{new_id}/comments",
            fake.base_url()
        ),
        &[("Authorization", &token)],
    );
    assert_eq!(
        comments.status, 200,
        "a new pull request has no comments yet"
    );
    assert_eq!(comments.json()["values"], Value::Array(Vec::new()));
}

#[test]
fn issues_change_and_leave() {
    let fake = FakeBitbucket::start(FakeBitbucketConfig::default());
    let t0 = iso_now();
    let mut changes = serde_json::Map::new();
    changes.insert("state".into(), "resolved".into());
    let issue = fake.update_issue("acme", "widgets", 3, changes);
    assert_eq!(issue["state"], "resolved");
    fake.delete_issue("acme", "widgets", 4);

    let ids = |q: &str| listed(&fake, "issues?pagelen=100", q);
    assert_eq!(ids(&format!("updated_on > \"{t0}\"")), [3]);
    let all = ids("id > 0");
    assert!(!all.contains(&4));
    assert_eq!(all.len(), fake.objects("acme", "widgets", "issues").len());
}
