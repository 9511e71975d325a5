//! Standalone fake Bitbucket server for shell and Python tests and benchmarks.
//!
//! `fake-bitbucket [--port N] [--pull-requests N] [--commits N] [--others N] [--latency-ms N] [--seed N]`
//! prints its base URL (`http://127.0.0.1:PORT/2.0`) as the first line of
//! standard output, then the Basic user and API token, and serves until killed.

use std::io::Write;
use std::time::Duration;

use apiodbc_tests::{FakeBitbucket, FakeBitbucketConfig};

const USAGE: &str = "usage: fake-bitbucket [--port N] [--pull-requests N] [--commits N] [--others N] [--latency-ms N] [--seed N]";

fn main() {
    let mut config = FakeBitbucketConfig::default();
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        if flag == "-h" || flag == "--help" {
            println!("{USAGE}");
            return;
        }
        let Some(value) = args.next() else {
            fail(&format!("{flag} needs a value"));
        };
        let number: u64 = value
            .parse()
            .unwrap_or_else(|_| fail(&format!("{flag}: not a number: {value}")));
        match flag.as_str() {
            "--port" => {
                config.port = u16::try_from(number).unwrap_or_else(|_| fail("--port: out of range"))
            }
            "--pull-requests" => config.pull_requests = number as usize,
            "--commits" => config.commits = number as usize,
            "--others" => config.others = number as usize,
            "--latency-ms" => config.latency = Duration::from_millis(number),
            "--seed" => config.seed = number,
            _ => fail(&format!("unknown option {flag}")),
        }
    }
    let server = FakeBitbucket::start(config);
    let mut stdout = std::io::stdout();
    let _ = writeln!(stdout, "{}", server.base_url());
    let _ = writeln!(stdout, "user={} token={}", server.user(), server.password());
    let _ = stdout.flush();
    loop {
        std::thread::park();
    }
}

fn fail(message: &str) -> ! {
    eprintln!("fake-bitbucket: {message}\n{USAGE}");
    std::process::exit(2);
}
