//! Standalone fake Stripe server for shell and Python tests.
//!
//! `fake-stripe [--port N] [--customers N] [--charges N] [--latency-ms N] [--key K] [--seed N]`
//! prints its base URL (`http://127.0.0.1:PORT`) as the first line of standard output,
//! then serves until killed.

use std::io::Write;
use std::time::Duration;

use apiodbc_tests::{FakeStripe, FakeStripeConfig};

const USAGE: &str = "usage: fake-stripe [--port N] [--customers N] [--charges N] [--latency-ms N] [--key KEY] [--seed N]";

fn main() {
    let mut config = FakeStripeConfig::default();
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        if flag == "-h" || flag == "--help" {
            println!("{USAGE}");
            return;
        }
        let Some(value) = args.next() else {
            fail(&format!("{flag} needs a value"));
        };
        let number = || -> u64 {
            value
                .parse()
                .unwrap_or_else(|_| fail(&format!("{flag}: not a number: {value}")))
        };
        match flag.as_str() {
            "--port" => {
                config.port =
                    u16::try_from(number()).unwrap_or_else(|_| fail("--port: out of range"))
            }
            "--customers" => config.customers = number() as usize,
            "--charges" => config.charges = number() as usize,
            "--latency-ms" => config.latency = Duration::from_millis(number()),
            "--seed" => config.seed = number(),
            "--key" => config.api_key = value.clone(),
            _ => fail(&format!("unknown option {flag}")),
        }
    }
    let server = FakeStripe::start(config);
    let mut stdout = std::io::stdout();
    let _ = writeln!(stdout, "{}", server.base_url());
    let _ = stdout.flush();
    loop {
        std::thread::park();
    }
}

fn fail(message: &str) -> ! {
    eprintln!("fake-stripe: {message}\n{USAGE}");
    std::process::exit(2);
}
