//! What the Stripe table tests share: a fake with every resource, and the
//! check of a query's ids against the fake's objects and of the list
//! requests it took.

use odbc_api::Connection;
use serde_json::Value;

use crate::odbc::query_text;
use crate::{FakeStripe, FakeStripeConfig};

/// A fake Stripe with 25 customers, 250 charges and 150 objects of every
/// other resource.
pub fn fake_with_every_resource() -> FakeStripe {
    FakeStripe::start(FakeStripeConfig {
        others: 150,
        ..FakeStripeConfig::sized(25, 250)
    })
}

pub fn sorted<T: Ord>(mut v: Vec<T>) -> Vec<T> {
    v.sort();
    v
}

/// The ids of API objects, in their order.
pub fn ids(objects: &[Value]) -> Vec<String> {
    objects
        .iter()
        .map(|o| o["id"].as_str().unwrap().to_owned())
        .collect()
}

/// The text of a top-level string field.
pub fn text(object: &Value, field: &str) -> Option<String> {
    object[field].as_str().map(str::to_owned)
}

/// Runs `sql` on a clean log and checks its ids against the objects of
/// `resource` (the path after `/v1/`) that `expected` accepts, in any order,
/// and that it took only list requests to `/v1/{resource}`, one per page,
/// each with `params`. Returns the ids in the order the driver gave them.
pub fn check(
    conn: &Connection<'_>,
    fake: &FakeStripe,
    resource: &str,
    sql: &str,
    params: &[(&str, &str)],
    expected: impl Fn(&Value) -> bool,
) -> Vec<String> {
    fake.reset_log();
    let result = query_text(conn, sql).unwrap_or_else(|e| panic!("{sql}: {e}"));
    let got = result.ids();
    let want: Vec<String> = fake
        .objects(resource)
        .iter()
        .filter(|o| expected(o))
        .map(|o| text(o, "id").unwrap())
        .collect();
    assert!(
        !want.is_empty(),
        "{sql}: the data should have matching rows"
    );
    assert_eq!(sorted(got.clone()), sorted(want.clone()), "{sql}");
    let requests = fake.requests();
    assert_eq!(
        requests.len(),
        want.len().div_ceil(100),
        "{sql}: {requests:?}"
    );
    for request in &requests {
        assert_eq!(request.path, format!("/v1/{resource}"), "{sql}");
        assert_eq!(request.status, 200, "{sql}");
        for (key, value) in params {
            assert_eq!(
                request.param(key),
                Some(*value),
                "{sql}: {}",
                request.raw_query
            );
        }
    }
    got
}
