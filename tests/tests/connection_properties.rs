//! Connection properties whose values make no sense fail the connect with
//! HY024 naming the property, before any request; none overflows a clock or
//! an allocation (an overflow panicked and left the client with no record).

use apiodbc_tests::odbc::fake_stripe_connection_string;
use apiodbc_tests::odbc::wide::WideConnection;
use apiodbc_tests::{FakeStripe, FakeStripeConfig};

#[test]
fn absurd_numbers_are_hy024_naming_the_property() {
    let fake = FakeStripe::start(FakeStripeConfig::sized(1, 1));
    for (property, value, says) in [
        (
            "Timeout",
            "18446744073709551615",
            "Timeout must be at most 31536000",
        ),
        (
            "CacheTTL",
            "18446744073709551615",
            "CacheTTL must be at most 31536000",
        ),
        (
            "MaxConcurrency",
            "1000000000000",
            "MaxConcurrency must be at most 1024",
        ),
        ("Timeout", "-1", "Timeout must be a whole number, not '-1'"),
    ] {
        let error = WideConnection::connect(&format!(
            "{};{property}={value}",
            fake_stripe_connection_string(&fake)
        ))
        .err()
        .unwrap_or_else(|| panic!("{property}={value} connected"));
        assert_eq!(error.state, "HY024", "{property}={value}: {error}");
        assert!(error.message.contains(says), "{property}={value}: {error}");
    }
    assert_eq!(
        fake.request_count(),
        0,
        "nothing is sent before the properties are checked"
    );
}

#[test]
fn the_largest_sensible_values_connect() {
    let fake = FakeStripe::start(FakeStripeConfig::sized(1, 1));
    WideConnection::connect(&format!(
        "{};Timeout=31536000;CacheTTL=31536000;MaxConcurrency=1024;RateLimit=18446744073709551615",
        fake_stripe_connection_string(&fake)
    ))
    .expect("a year, 1024 in flight and no rate limit to speak of are all allowed");
}
