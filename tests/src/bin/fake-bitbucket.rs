//! Standalone fake Bitbucket server for shell and Python tests and benchmarks.
//!
//! `fake-bitbucket [--port N] [--pull-requests N] [--commits N] [--others N] [--latency-ms N] [--seed N]`
//! prints its base URL (`http://127.0.0.1:PORT/2.0`) as the first line of
//! standard output, then the Basic user and API token, and serves until killed.

use std::time::Duration;

use apiodbc_tests::{FakeBitbucket, FakeBitbucketConfig};
use clap::Parser;

/// A fake Bitbucket Cloud API on loopback with generated data.
#[derive(Parser)]
struct Args {
    /// Port on 127.0.0.1 (0: any free one).
    #[arg(long, default_value_t = 0)]
    port: u16,
    #[arg(long)]
    pull_requests: Option<usize>,
    #[arg(long)]
    commits: Option<usize>,
    #[arg(long)]
    others: Option<usize>,
    /// Delay before every answer.
    #[arg(long, default_value_t = 0)]
    latency_ms: u64,
    #[arg(long)]
    seed: Option<u64>,
}

fn main() {
    let args = Args::parse();
    let defaults = FakeBitbucketConfig::default();
    let server = FakeBitbucket::start(FakeBitbucketConfig {
        port: args.port,
        pull_requests: args.pull_requests.unwrap_or(defaults.pull_requests),
        commits: args.commits.unwrap_or(defaults.commits),
        others: args.others.unwrap_or(defaults.others),
        latency: Duration::from_millis(args.latency_ms),
        seed: args.seed.unwrap_or(defaults.seed),
        ..defaults
    });
    apiodbc_tests::serve::announce(&[
        server.base_url(),
        format!("user={} token={}", server.user(), server.password()),
    ]);
}
