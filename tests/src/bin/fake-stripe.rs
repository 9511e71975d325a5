//! Standalone fake Stripe server for shell and Python tests.
//!
//! `fake-stripe [--port N] [--customers N] [--charges N] [--latency-ms N] [--key K] [--seed N]`
//! prints its base URL (`http://127.0.0.1:PORT`) as the first line of standard output,
//! then serves until killed.

use std::time::Duration;

use apiodbc_tests::{FakeStripe, FakeStripeConfig};
use clap::Parser;

/// A fake Stripe API on loopback with generated data.
#[derive(Parser)]
struct Args {
    /// Port on 127.0.0.1 (0: any free one).
    #[arg(long, default_value_t = 0)]
    port: u16,
    #[arg(long)]
    customers: Option<usize>,
    #[arg(long)]
    charges: Option<usize>,
    /// Delay before every answer.
    #[arg(long, default_value_t = 0)]
    latency_ms: u64,
    /// The API key it accepts.
    #[arg(long)]
    key: Option<String>,
    #[arg(long)]
    seed: Option<u64>,
}

fn main() {
    let args = Args::parse();
    let defaults = FakeStripeConfig::default();
    let server = FakeStripe::start(FakeStripeConfig {
        port: args.port,
        customers: args.customers.unwrap_or(defaults.customers),
        charges: args.charges.unwrap_or(defaults.charges),
        latency: Duration::from_millis(args.latency_ms),
        api_key: args.key.unwrap_or_else(|| defaults.api_key.clone()),
        seed: args.seed.unwrap_or(defaults.seed),
        ..defaults
    });
    apiodbc_tests::serve::announce(&[server.base_url()]);
}
