//! The demo sandbox: sample API data on loopback, served by the same fake
//! servers the end-to-end tests verify the driver against (`apiodbc-tests`),
//! so the demo shows exactly the API shapes the tests check. Each API is one
//! entry of [`SERVICES`].

use std::any::Any;
use std::io::{BufRead, BufReader};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use apiodbc_fakes::stripe::DEFAULT_API_KEY;
use apiodbc_fakes::{FakeBitbucket, FakeBitbucketConfig, FakeStripe, FakeStripeConfig};
use serde::{Deserialize, Serialize};

/// One API the sandbox can serve.
pub struct Service {
    /// Lower-case provider name (`Provider=`).
    pub name: &'static str,
    /// The registered driver name its DSN uses.
    pub driver: &'static str,
    /// The demo data source name.
    pub dsn: &'static str,
    /// Starts the fake server on `port` (0: any free port).
    pub start: fn(port: u16) -> Running,
    /// The DSN entries besides `Driver`, for a server at `base_url`.
    pub dsn_entries: fn(base_url: &str) -> Vec<(String, String)>,
    /// Queries the set-up runs through `isql` to show rows.
    pub sample_queries: &'static [&'static str],
}

/// A started fake server; it runs as long as `_server` is kept.
pub struct Running {
    pub base_url: String,
    pub _server: Box<dyn Any>,
}

/// Every API, in the order ports are assigned (`base_port + index`).
pub static SERVICES: &[Service] = &[
    Service {
        name: "stripe",
        driver: "apiodbc Stripe",
        dsn: "StripeDemo",
        start: start_stripe,
        dsn_entries: stripe_dsn,
        sample_queries: &[
            "SELECT id, name, email FROM customers ORDER BY created DESC LIMIT 5",
            "SELECT customer, count(*) AS charges, sum(amount) / 100.0 AS total FROM charges \
             WHERE status = 'succeeded' AND customer IS NOT NULL GROUP BY customer ORDER BY total DESC LIMIT 5",
            "SELECT status, count(*) AS n FROM subscriptions GROUP BY status ORDER BY n DESC",
        ],
    },
    Service {
        name: "bitbucket",
        driver: "apiodbc Bitbucket",
        dsn: "BitbucketDemo",
        start: start_bitbucket,
        dsn_entries: bitbucket_dsn,
        sample_queries: &[
            "SELECT slug, language, project_key, updated_on FROM information.repositories ORDER BY slug",
            "SELECT repository, state, count(*) AS n FROM information.pull_requests \
             GROUP BY repository, state ORDER BY repository, state",
            "SELECT id, title, author_display_name FROM widgets.pull_requests \
             WHERE state = 'OPEN' ORDER BY id DESC LIMIT 5",
        ],
    },
];

/// Demo sizes: enough rows for a chart, few enough pages to answer at once.
fn start_stripe(port: u16) -> Running {
    let server = FakeStripe::start(FakeStripeConfig {
        customers: 50,
        charges: 500,
        others: 80,
        port,
        ..FakeStripeConfig::default()
    });
    Running {
        base_url: server.base_url(),
        _server: Box::new(server),
    }
}

/// The demo workspace `acme` with four repositories (and `skunkworks` beside it).
fn start_bitbucket(port: u16) -> Running {
    let server = FakeBitbucket::start(FakeBitbucketConfig {
        port,
        ..FakeBitbucketConfig::default()
    });
    Running {
        base_url: server.base_url(),
        _server: Box::new(server),
    }
}

fn stripe_dsn(base_url: &str) -> Vec<(String, String)> {
    vec![
        ("Provider".into(), "stripe".into()),
        ("BaseURL".into(), base_url.into()),
        ("LiveAPIKey".into(), DEFAULT_API_KEY.into()),
    ]
}

fn bitbucket_dsn(base_url: &str) -> Vec<(String, String)> {
    let defaults = FakeBitbucketConfig::default();
    vec![
        ("Provider".into(), "bitbucket".into()),
        ("BaseURL".into(), base_url.into()),
        ("Workspace".into(), "acme".into()),
        ("User".into(), defaults.user),
        ("APIToken".into(), defaults.password),
    ]
}

/// The port the sandbox uses by default for the first service.
pub const DEFAULT_BASE_PORT: u16 = 42420;

/// Starts every service and returns them with their entries.
pub fn start_all(base_port: u16) -> Vec<(&'static Service, Running)> {
    SERVICES
        .iter()
        .enumerate()
        .map(|(i, service)| {
            let port = if base_port == 0 {
                0
            } else {
                base_port + i as u16
            };
            (service, (service.start)(port))
        })
        .collect()
}

/// `apiodbc sandbox`: serves until killed, printing `<name> <url>` per service
/// and then `ready`.
pub fn serve(base_port: u16) -> Result<(), String> {
    let running = start_all(base_port);
    for (service, server) in &running {
        println!("{} {}", service.name, server.base_url);
    }
    println!("ready");
    loop {
        std::thread::park();
    }
}

/// What a background sandbox left behind for later runs.
#[derive(Serialize, Deserialize)]
pub struct State {
    pub pid: u32,
    /// (service name, base URL)
    pub urls: Vec<(String, String)>,
}

fn state_file(state_dir: &Path) -> PathBuf {
    state_dir.join("sandbox.json")
}

/// The background sandbox's state, if it is still running and answering.
pub fn running(state_dir: &Path) -> Option<State> {
    let text = std::fs::read_to_string(state_file(state_dir)).ok()?;
    let state: State = serde_json::from_str(&text).ok()?;
    let answering = state.urls.iter().all(|(_, url)| {
        let authority = url
            .strip_prefix("http://")
            .and_then(|rest| rest.split('/').next());
        authority.is_some_and(|addr| TcpStream::connect(addr).is_ok())
    });
    (process::alive(state.pid) && answering).then_some(state)
}

/// The background sandbox lives in a process group of its own and is stopped
/// with a signal: Unix only. Elsewhere `apiodbc sandbox` runs in the foreground.
#[cfg(unix)]
mod process {
    use std::process::Command;

    pub fn alive(pid: u32) -> bool {
        // SAFETY: signal 0 only checks that the process exists.
        i32::try_from(pid).is_ok_and(|pid| unsafe { libc::kill(pid, 0) } == 0)
    }

    pub fn detach(command: &mut Command) -> Result<&mut Command, String> {
        Ok(std::os::unix::process::CommandExt::process_group(
            command, 0,
        ))
    }

    pub fn terminate(pid: u32) -> Result<(), String> {
        let pid = i32::try_from(pid).map_err(|_| "bad pid in the sandbox state".to_string())?;
        // SAFETY: plain kill(2) of the process this installer started (recorded by pid).
        if unsafe { libc::kill(pid, libc::SIGTERM) } != 0 {
            return Err(format!("cannot stop the sandbox (pid {pid})"));
        }
        Ok(())
    }
}

#[cfg(not(unix))]
mod process {
    use std::process::Command;

    const UNSUPPORTED: &str = "the background sandbox is not supported on Windows: run \
                               `apiodbc sandbox` in a window of its own instead";

    pub fn alive(_pid: u32) -> bool {
        false
    }

    pub fn detach(_command: &mut Command) -> Result<&mut Command, String> {
        Err(UNSUPPORTED.into())
    }

    pub fn terminate(_pid: u32) -> Result<(), String> {
        Err(UNSUPPORTED.into())
    }
}

/// Starts `apiodbc sandbox` in the background (its own process group, so it
/// outlives this command) unless one serving every API is already running;
/// returns its state.
pub fn ensure_background(state_dir: &Path, base_port: u16) -> Result<State, String> {
    if let Some(state) = running(state_dir) {
        let serves_all = SERVICES
            .iter()
            .all(|service| state.urls.iter().any(|(name, _)| name == service.name));
        if serves_all {
            return Ok(state);
        }
        // Started by an older version that served fewer APIs.
        stop(state_dir)?;
    }
    std::fs::create_dir_all(state_dir)
        .map_err(|e| format!("cannot create {}: {e}", state_dir.display()))?;
    let log = std::fs::File::create(state_dir.join("sandbox.log"))
        .map_err(|e| format!("cannot create the sandbox log: {e}"))?;
    let exe = std::env::current_exe().map_err(|e| format!("cannot find this program: {e}"))?;
    let mut child = process::detach(Command::new(exe).args([
        "sandbox",
        "--base-port",
        &base_port.to_string(),
    ]))?
    .stdin(Stdio::null())
    .stdout(Stdio::piped())
    .stderr(log)
    .spawn()
    .map_err(|e| format!("cannot start the sandbox: {e}"))?;
    let stdout = child.stdout.take().expect("stdout is piped");
    let mut urls = Vec::new();
    for line in BufReader::new(stdout).lines() {
        let line = line.map_err(|e| format!("reading the sandbox's output: {e}"))?;
        if line == "ready" {
            let state = State {
                pid: child.id(),
                urls,
            };
            let text = serde_json::to_string_pretty(&state).expect("state serializes");
            std::fs::write(state_file(state_dir), text)
                .map_err(|e| format!("cannot write the sandbox state: {e}"))?;
            return Ok(state);
        }
        if let Some((name, url)) = line.split_once(' ') {
            urls.push((name.to_string(), url.to_string()));
        }
    }
    let _ = child.wait();
    Err(format!(
        "the sandbox stopped before it was ready; see {}",
        state_dir.join("sandbox.log").display()
    ))
}

/// Stops the background sandbox this installer started, if any.
pub fn stop(state_dir: &Path) -> Result<bool, String> {
    let Some(state) = running(state_dir) else {
        let _ = std::fs::remove_file(state_file(state_dir));
        return Ok(false);
    };
    process::terminate(state.pid)?;
    for _ in 0..100 {
        if !process::alive(state.pid) {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let _ = std::fs::remove_file(state_file(state_dir));
    Ok(true)
}
