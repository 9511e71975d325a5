//! Runs the pyodbc/pandas tests in `tests/python/` with pytest against a fake
//! Stripe server started here. The Python side reads:
//! - `APIODBC_CONNSTR`: a DSN-less connection string for the real driver,
//! - `APIODBC_FAKE_URL`: the fake server's base URL (its `/_fake/...` control endpoints
//!   serve the generated data and request log),
//! - `APIODBC_FAKE_KEY`: the accepted API key.
//!
//! Without pyodbc/pandas/pytest the test is skipped with a notice, unless `CI` is set.
//! Set `PYTHON` to choose the interpreter (default `python3`).

use std::process::Command;
use std::time::Duration;

use apiodbc_tests::odbc::{available_or_skip, fake_stripe_connection_string, run_with_timeout};
use apiodbc_tests::{FakeStripe, FakeStripeConfig};

fn python() -> String {
    std::env::var("PYTHON").unwrap_or_else(|_| "python3".to_owned())
}

fn python_modules_available() -> bool {
    Command::new(python())
        .args(["-c", "import pyodbc, pandas, pytest"])
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn pyodbc_and_pandas() {
    if !available_or_skip(
        python_modules_available(),
        "python3 with pyodbc, pandas and pytest (pip install pyodbc pandas pytest)",
    ) {
        return;
    }
    let fake = FakeStripe::start(FakeStripeConfig::sized(25, 250));
    let crate_dir = apiodbc_tests::checkout().join("tests");
    let output = run_with_timeout(
        Command::new(python())
            .args(["-m", "pytest", "-q", "-p", "no:cacheprovider", "python"])
            .current_dir(&crate_dir)
            .env("APIODBC_CONNSTR", fake_stripe_connection_string(&fake))
            .env("APIODBC_FAKE_URL", fake.base_url())
            .env("APIODBC_FAKE_KEY", fake.api_key())
            .env("PYTHONDONTWRITEBYTECODE", "1"),
        "",
        Duration::from_secs(300),
    );
    println!("{}", output.stdout);
    eprintln!("{}", output.stderr);
    assert!(!output.timed_out, "pytest timed out");
    assert!(
        output.status.success(),
        "pytest failed: {:?}",
        output.status
    );
}
