//! Fake Stripe and Bitbucket Cloud APIs on loopback, written from the APIs'
//! own references: the end-to-end tests verify the driver against them, and
//! the demo sandbox (`apiodbc setup`) serves them. Its own crate so that the
//! sandbox builds without the test suite.

// The generated Stripe objects are large `json!` literals.
#![recursion_limit = "256"]

pub mod bitbucket;
pub mod control;
pub mod request_log;
pub mod serve;
pub mod stripe;

pub use bitbucket::{FakeBitbucket, FakeBitbucketConfig};
pub use control::Controls;
pub use request_log::Request;
pub use stripe::{FakeStripe, FakeStripeConfig};
