//! The persistent cache's benchmark (docs/benchmarks.md, "Persistent
//! cache"): `cache-bench [--charges N] [--changes N]`, built with
//! `cargo build --release -p apiodbc && cargo build --release -p apiodbc-tests --bins`.
//!
//! A fake Stripe account with N charges serves in this process; every read
//! is a new client process (`odbc-query`) through unixODBC, as a report
//! refreshed from a new process would be:
//! 1. the first read fills the cache (`CacheLocation`) with a full scan;
//! 2. a second process answers the aggregate from the Parquet copy;
//! 3. after N changes (a tenth new charges, the rest refunds of existing
//!    ones) a process past `CacheTTL` refreshes the copy incrementally
//!    before answering, which must equal the fake's own totals.
//!
//! It prints one markdown table: wall time and requests of each step, and
//! the size of the Parquet copy next to the JSON the API sent for it.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

use apiodbc_tests::odbc::{driver_path, fake_stripe_connection_string};
use apiodbc_tests::{FakeStripe, FakeStripeConfig};
use clap::Parser;
use serde_json::{Value, json};

#[derive(Parser)]
struct Args {
    /// Charges in the fake account.
    #[arg(long, default_value_t = 1_000_000)]
    charges: usize,
    /// Charges changed before the refresh: a tenth new, the rest refunded.
    #[arg(long, default_value_t = 1_000)]
    changes: usize,
}

const AGGREGATE: &str = "SELECT currency, COUNT(*), SUM(amount) FROM charges GROUP BY currency \
                         ORDER BY currency";

/// One client process: its answer and wall time in seconds.
fn read(connection: &str) -> (Value, f64) {
    let query = std::env::current_exe()
        .expect("the benchmark's path")
        .with_file_name("odbc-query");
    let started = Instant::now();
    let output = Command::new(&query)
        .args([connection, AGGREGATE])
        .output()
        .unwrap_or_else(|e| panic!("{} runs: {e}", query.display()));
    let seconds = started.elapsed().as_secs_f64();
    let answer: Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "odbc-query answered {e}: {}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        )
    });
    assert!(answer.get("rows").is_some(), "{answer}");
    (answer, seconds)
}

/// What [`AGGREGATE`] answers over the fake's charges as they are now.
fn aggregate(fake: &FakeStripe) -> Value {
    let mut totals = BTreeMap::<String, (u64, i64)>::new();
    fake.with_objects("charges", |charges| {
        for charge in charges {
            let currency = charge["currency"].as_str().unwrap_or_default().to_string();
            let total = totals.entry(currency).or_default();
            total.0 += 1;
            total.1 += charge["amount"].as_i64().unwrap_or_default();
        }
    });
    totals
        .into_iter()
        .map(|(currency, (count, sum))| json!([currency, count.to_string(), sum.to_string()]))
        .collect()
}

/// Bytes of the files under `dir`.
fn size(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|entry| match entry.file_type() {
            Ok(t) if t.is_dir() => size(&entry.path()),
            _ => entry.metadata().map_or(0, |m| m.len()),
        })
        .sum()
}

fn main() {
    let args = Args::parse();
    // A missing driver fails now, not after a million charges are made.
    driver_path();
    let fake = FakeStripe::start(FakeStripeConfig::sized(1_000, args.charges));
    // The JSON the API sends for the table: every charge as serialized.
    let json: usize = fake.with_objects("charges", |charges| {
        charges
            .iter()
            .map(|c| serde_json::to_vec(c).map_or(0, |v| v.len()))
            .sum()
    });
    let dir = std::env::temp_dir().join(format!("apiodbc-cache-bench-{}", std::process::id()));
    let connection = |ttl: u64| {
        format!(
            "{};CacheLocation={};CacheTTL={ttl}",
            fake_stripe_connection_string(&fake),
            dir.display()
        )
    };
    let mut steps = Vec::new();
    let mut step = |name: String, connection: String| {
        fake.reset_log();
        let (answer, seconds) = read(&connection);
        steps.push((name, seconds, fake.request_count()));
        answer
    };

    let first = step(
        "first read: full scan into the cache".into(),
        connection(3600),
    );
    assert_eq!(first["rows"], aggregate(&fake), "the first read is wrong");
    let second = step("second process, from the cache".into(), connection(3600));
    assert_eq!(first, second, "the cached answer differs");
    let parquet = size(&dir);

    let ids: Vec<String> = fake.with_objects("charges", |charges| {
        charges
            .iter()
            .filter(|c| c["status"] == "succeeded" && c["refunded"] == false)
            .take(args.changes - args.changes / 10)
            .map(|c| c["id"].as_str().unwrap_or_default().to_string())
            .collect()
    });
    fake.change(|account| {
        for i in 0..args.changes - ids.len() {
            account.create_charge(None, 1_000 + i as i64, "usd");
        }
        for id in &ids {
            account.refund_charge(id);
        }
    });
    let refreshed = step(
        format!(
            "after {} changes ({} new charges, {} refunds), past CacheTTL: incremental refresh",
            args.changes,
            args.changes - ids.len(),
            ids.len()
        ),
        connection(0),
    );
    assert_ne!(refreshed, first, "the refresh missed the changes");
    assert_eq!(
        refreshed["rows"],
        aggregate(&fake),
        "the refresh missed a change"
    );
    let _ = std::fs::remove_dir_all(&dir);

    println!(
        "{} charges; `{AGGREGATE}`; each step a new process.\n",
        args.charges
    );
    println!("| step | wall s | requests |\n|---|---:|---:|");
    for (name, seconds, requests) in &steps {
        println!("| {name} | {seconds:.2} | {requests} |");
    }
    println!(
        "\nParquet copy: {:.1} MB; the JSON it came from: {:.1} MB ({:.1}%).",
        parquet as f64 / 1e6,
        json as f64 / 1e6,
        100.0 * parquet as f64 / json as f64
    );
}
