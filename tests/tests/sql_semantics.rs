//! Answers as SQL defines them where the engine's defaults differ: integer
//! arithmetic that overflows is 22003, never a wrapped value.

use apiodbc_tests::odbc::{connect_fake_stripe, expect_sqlstate, query_text};
use apiodbc_tests::{FakeStripe, FakeStripeConfig};

#[test]
fn integer_overflow_is_22003_and_exact_results_keep_their_names() {
    let fake = FakeStripe::start(FakeStripeConfig::sized(1, 3));
    let conn = connect_fake_stripe(&fake);
    for sql in [
        "SELECT CAST(9223372036854775807 AS BIGINT) + 1",
        "SELECT CAST(-9223372036854775807 AS BIGINT) - 2",
        "SELECT amount * 9223372036854775807 FROM charges",
    ] {
        let message = expect_sqlstate(query_text(&conn, sql), "22003");
        assert!(
            message.contains("numeric value out of range"),
            "{sql}: {message}"
        );
    }
    let table = query_text(
        &conn,
        "SELECT CAST(9223372036854775806 AS BIGINT) + 1 AS top, amount * 2 - 3 AS x, amount + 1 \
         FROM charges ORDER BY amount LIMIT 1",
    )
    .expect("in range");
    let lowest = fake
        .charges()
        .iter()
        .map(|c| c["amount"].as_i64().unwrap())
        .min()
        .unwrap();
    assert_eq!(
        table.rows,
        vec![vec![
            Some("9223372036854775807".to_string()),
            Some((lowest * 2 - 3).to_string()),
            Some((lowest + 1).to_string()),
        ]]
    );
    assert_eq!(table.columns, ["top", "x", "charges.amount + Int64(1)"]);
}
