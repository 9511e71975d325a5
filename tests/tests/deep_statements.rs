//! Long flat expressions, as BI tools write them for multi-value filters,
//! answer exactly when the client calls from a thread with a 1 MB stack (a
//! Windows, JVM or .NET thread): the driver plans and executes on a deep
//! stack of its own. A 1,000-term OR used to kill the host with SIGSEGV.

use apiodbc_tests::odbc::{bitbucket_connection_string, connect, connect_fake_stripe, query_text};
use apiodbc_tests::{FakeBitbucket, FakeBitbucketConfig, FakeStripe, FakeStripeConfig};

const TERMS: usize = 2000;
/// Arithmetic and concatenation chains: planning them costs time quadratic
/// in their length (each link's name spells the chain below it).
const CHAIN: usize = 500;

/// Runs `f` on a thread with a 1 MB stack.
fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(1 << 20)
        .spawn(f)
        .expect("thread")
        .join()
        .expect("the client thread survives")
}

fn joined(parts: impl Iterator<Item = String>, separator: &str) -> String {
    parts.collect::<Vec<_>>().join(separator)
}

#[test]
fn two_thousand_term_filters_and_long_chains_on_a_one_megabyte_thread() {
    let fake = FakeStripe::start(FakeStripeConfig::sized(5, 250));
    let amounts: Vec<i64> = fake
        .charges()
        .iter()
        .map(|c| c["amount"].as_i64().expect("amount"))
        .collect();
    let in_steps = |a: &&i64| **a % 100 == 0 && **a < 100 * TERMS as i64;
    let expected_or = amounts.iter().filter(in_steps).count();
    let expected_and = amounts.iter().filter(|a| **a >= TERMS as i64 - 1).count();
    let or = joined((0..TERMS).map(|k| format!("amount = {}", 100 * k)), " OR ");
    let and = joined((0..TERMS).map(|k| format!("amount >= {k}")), " AND ");
    let list = joined((0..TERMS).map(|k| (100 * k).to_string()), ", ");
    let plus = joined(std::iter::repeat_n("1".to_string(), CHAIN), " + ");
    let concat = joined(std::iter::repeat_n("'a'".to_string(), CHAIN), " || ");
    let results = on_small_stack(move || {
        let conn = connect_fake_stripe(&fake);
        let count = |sql: String| {
            query_text(&conn, &sql)
                .unwrap_or_else(|e| panic!("{e}"))
                .rows[0][0]
                .clone()
                .expect("a count")
        };
        [
            count(format!("SELECT count(*) FROM charges WHERE {or}")),
            count(format!("SELECT count(*) FROM charges WHERE {and}")),
            count(format!(
                "SELECT count(*) FROM charges WHERE amount IN ({list})"
            )),
            count(format!("SELECT {plus}")),
            count(format!("SELECT length({concat})")),
        ]
    });
    assert_eq!(
        results,
        [
            expected_or.to_string(),
            expected_and.to_string(),
            expected_or.to_string(),
            CHAIN.to_string(),
            CHAIN.to_string(),
        ]
    );
}

#[test]
fn a_two_thousand_term_bitbucket_filter_on_a_one_megabyte_thread() {
    let fake = FakeBitbucket::start(FakeBitbucketConfig::default());
    let repo = fake.repositories("acme")[0].clone();
    let expected = fake.objects("acme", &repo, "pullrequests").len();
    let or = joined((1..=TERMS).map(|id| format!("id = {id}")), " OR ");
    let cs = bitbucket_connection_string(&fake, "acme");
    let count = on_small_stack(move || {
        let conn = connect(&cs).expect("connects");
        let sql = format!("SELECT count(*) FROM \"{repo}\".pull_requests WHERE {or}");
        query_text(&conn, &sql)
            .unwrap_or_else(|e| panic!("{e}"))
            .rows[0][0]
            .clone()
    });
    assert_eq!(count, Some(expected.min(TERMS).to_string()));
}
