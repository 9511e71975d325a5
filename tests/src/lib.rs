//! Test support for apiodbc: fake API servers on loopback and helpers that
//! drive the real `libapiodbc.so` through unixODBC (`odbc-api`, raw wide ODBC
//! calls, `isql`/`iusql`, pyodbc).
//!
//! The driver is never linked into the tests; it is loaded by the driver
//! manager from the cargo target directory (`cargo build -p apiodbc` first).

// The generated Stripe objects are large `json!` literals.
#![recursion_limit = "256"]

pub mod bitbucket;
pub mod http;
pub mod oauth;
pub mod odbc;
pub mod request_log;
pub mod serve;
pub mod stripe;

pub use bitbucket::{FakeBitbucket, FakeBitbucketConfig};
pub use oauth::FakeOAuth;
pub use request_log::Request;
pub use stripe::{FakeStripe, FakeStripeConfig};
