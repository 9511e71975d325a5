//! Test support for apiodbc: helpers that drive the real `libapiodbc.so`
//! through unixODBC (`odbc-api`, raw wide ODBC calls, `isql`/`iusql`,
//! pyodbc), the fake OAuth server, and the fake APIs of `apiodbc-fakes`,
//! re-exported.
//!
//! The driver is never linked into the tests; it is loaded by the driver
//! manager from the cargo target directory (`cargo build -p apiodbc` first).

pub mod bitbucket_checks;
pub mod http;
pub mod oauth;
pub mod odbc;
pub mod stripe_checks;
pub mod windows;

use std::path::PathBuf;

pub use apiodbc_fakes::{
    FakeBitbucket, FakeBitbucketConfig, FakeStripe, FakeStripeConfig, Request, bitbucket,
    request_log, serve, stripe,
};
pub use oauth::FakeOAuth;

/// The workspace the running tests belong to, found at run time from the
/// member cargo runs them in (every member sits one level below the root).
/// A path compiled in would point at whichever checkout last built the
/// cached binary, which breaks when checkouts share a target directory.
pub fn checkout() -> PathBuf {
    let member = std::env::var_os("CARGO_MANIFEST_DIR")
        .map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")), PathBuf::from);
    member.parent().map_or(member.clone(), PathBuf::from)
}
