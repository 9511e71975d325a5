//! A page that breaks the paging contract (no rows yet more promised, no
//! list at all) is asked for once more, then fails with 08S01 naming the
//! URL: it never ends a scan early in silence (COUNT(*) over charges once
//! said 200 instead of 250). Stripe and Bitbucket share the check
//! (`Http::fetch_page`).

use apiodbc_tests::odbc::{
    bitbucket_connection_string, connect, expect_sqlstate, fake_stripe_connection_string,
    query_text,
};
use apiodbc_tests::{FakeBitbucket, FakeBitbucketConfig, FakeStripe, FakeStripeConfig};

const EMPTY_YET_MORE: &str =
    r#"{"object": "list", "url": "/v1/charges", "data": [], "has_more": true}"#;
const NO_VALUES: &str = r#"{"pagelen": 100, "page": 2}"#;

#[test]
fn a_stripe_page_promising_more_with_nothing_in_it_is_asked_again() {
    let fake = FakeStripe::start(FakeStripeConfig::sized(5, 250));
    let conn = connect(&fake_stripe_connection_string(&fake)).expect("connects");
    fake.reset_log();
    fake.pass_next(1);
    fake.answer_next(1, EMPTY_YET_MORE);
    let table = query_text(&conn, "SELECT id FROM charges").expect("every charge");
    assert_eq!(table.rows.len(), 250);
    assert_eq!(
        fake.requests_to("/v1/charges").len(),
        4,
        "three pages and the broken one once more"
    );

    fake.reset_log();
    fake.pass_next(1);
    fake.answer_next(2, EMPTY_YET_MORE);
    let message = expect_sqlstate(query_text(&conn, "SELECT id FROM charges"), "08S01");
    assert!(
        message.contains(
            "Stripe answered a list page with no objects that says it has more, twice: GET "
        ),
        "{message}"
    );
    assert!(
        message.contains(&format!(
            "{}/v1/charges?limit=100&starting_after=ch_",
            fake.base_url()
        )),
        "the URL of the page: {message}"
    );
    assert!(!message.contains(fake.api_key()), "{message}");
}

#[test]
fn a_bitbucket_page_without_values_is_asked_again() {
    let fake = FakeBitbucket::start(FakeBitbucketConfig {
        commits: 250,
        ..FakeBitbucketConfig::default()
    });
    let repo = fake.repositories("acme")[0].clone();
    let conn = connect(&bitbucket_connection_string(&fake, "acme")).expect("connects");
    let sql = format!("SELECT hash FROM \"{repo}\".commits");
    let commits = format!("/2.0/repositories/acme/{repo}/commits");
    fake.reset_log();
    fake.answer_after(1, 1, NO_VALUES);
    let table = query_text(&conn, &sql).expect("every commit");
    assert_eq!(table.rows.len(), 250);
    assert_eq!(
        fake.requests_to(&commits).len(),
        4,
        "three pages and the broken one once more"
    );

    fake.reset_log();
    fake.answer_after(1, 2, NO_VALUES);
    let message = expect_sqlstate(query_text(&conn, &sql), "08S01");
    assert!(
        message.contains("Bitbucket answered a page without values, twice: GET "),
        "{message}"
    );
    assert!(message.contains(&commits), "the URL of the page: {message}");
    assert_eq!(
        fake.requests_to(&commits).len(),
        3,
        "the first page, then the second twice"
    );
}
