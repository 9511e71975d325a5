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
pub mod windows;

use std::path::PathBuf;

pub use bitbucket::{FakeBitbucket, FakeBitbucketConfig};
pub use oauth::FakeOAuth;
pub use request_log::Request;
pub use stripe::{FakeStripe, FakeStripeConfig};

/// The workspace the running tests belong to, found at run time from the
/// member cargo runs them in (every member sits one level below the root).
/// A path compiled in would point at whichever checkout last built the
/// cached binary, which breaks when checkouts share a target directory.
pub fn checkout() -> PathBuf {
    let member = std::env::var_os("CARGO_MANIFEST_DIR")
        .map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")), PathBuf::from);
    member.parent().map_or(member.clone(), PathBuf::from)
}
