//! R's RODBC through unixODBC (`r/long_text.R`). RODBC binds a buffer per
//! column sized from `SQLDescribeCol` (at least 256 bytes, at most 65,535)
//! and never reports truncation: with computed text described as 4,000
//! characters it returned 3,999 characters of a 12,339-character
//! `string_agg`, with no error.
//!
//! Needs `Rscript` with RODBC (Debian: `r-base-core r-cran-rodbc`); skipped
//! with a notice when missing, unless `CI` is set.

use std::process::Command;
use std::time::Duration;

use apiodbc_tests::odbc::{available_or_skip, fake_stripe_connection_string, run_with_timeout};
use apiodbc_tests::stripe_checks::{ids, sorted};
use apiodbc_tests::{FakeStripe, FakeStripeConfig};
use serde_json::Value;

fn rodbc_available() -> bool {
    Command::new("Rscript")
        .args(["-e", "library(RODBC)"])
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn rodbc_reads_a_long_string_agg_and_a_json_column_whole() {
    if !available_or_skip(
        rodbc_available(),
        "Rscript with RODBC (apt-get install r-base-core r-cran-rodbc)",
    ) {
        return;
    }
    let fake = FakeStripe::start(FakeStripeConfig::sized(25, 500));
    let aggregated = sorted(ids(&fake.charges())).join(",");
    assert!(aggregated.len() > 12_000, "{}", aggregated.len());
    // The charge with the longest JSON, longer than RODBC's smallest buffer.
    let charges = fake.charges();
    let (charge, details) = charges
        .iter()
        .map(|c| (c["id"].as_str().unwrap(), &c["payment_method_details"]))
        .max_by_key(|(_, d)| d.to_string().len())
        .unwrap();
    assert!(details.to_string().len() > 256);

    let out = tempfile::tempdir().unwrap();
    let (ids_file, json_file) = (out.path().join("ids"), out.path().join("json"));
    let script = apiodbc_tests::checkout().join("tests/r/long_text.R");
    let output = run_with_timeout(
        Command::new("Rscript")
            .arg(&script)
            .arg(fake_stripe_connection_string(&fake))
            .arg(&ids_file)
            .arg(&json_file)
            .arg(charge),
        "",
        Duration::from_secs(120),
    );
    assert!(
        !output.timed_out && output.status.success(),
        "Rscript failed: {:?}\n{}\n{}",
        output.status,
        output.stdout,
        output.stderr
    );
    let read = |path: &std::path::Path| {
        let text = std::fs::read_to_string(path).unwrap();
        text.strip_suffix('\n').unwrap_or(&text).to_owned()
    };
    let got = read(&ids_file);
    assert_eq!(got.len(), aggregated.len(), "characters of string_agg");
    assert_eq!(got, aggregated);
    let got: Value = serde_json::from_str(&read(&json_file)).unwrap();
    assert_eq!(&got, details, "payment_method_details of {charge}");
}
