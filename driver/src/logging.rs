//! `LogFile` and `Verbosity`: a process-wide logger writing to the file the
//! first connection that asks for one names. Secrets are never logged by the
//! code; as a second line of defence every line is masked before it is
//! written: anything shaped like a key or token, and every secret any
//! connection was given.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::sync::OnceLock;

use apiodbc_providers::Properties;
use apiodbc_providers::properties::DEFINITIONS;
use log::{LevelFilter, Log, Metadata, Record};
use parking_lot::{Mutex, RwLock};

struct FileLogger {
    file: Mutex<File>,
    secrets: RwLock<Vec<String>>,
}

static LOGGER: OnceLock<FileLogger> = OnceLock::new();

impl Log for FileLogger {
    fn enabled(&self, metadata: &Metadata) -> bool {
        // The SQL parser traces every token it reads, literals included (a
        // refresh token passed to a procedure): never logged.
        metadata.level() <= log::max_level() && !metadata.target().starts_with("sqlparser")
    }

    fn log(&self, record: &Record) {
        if !self.enabled(record.metadata()) {
            return;
        }
        let mut line = apiodbc_providers::secrets::mask(&format!(
            "{} {:<5} {}",
            unix_time(),
            record.level(),
            record.args()
        ));
        for secret in self.secrets.read().iter() {
            line = line.replace(secret.as_str(), "********");
        }
        let _ = writeln!(self.file.lock(), "{line}");
    }

    fn flush(&self) {
        let _ = self.file.lock().flush();
    }
}

fn unix_time() -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    format!("{}.{:03}", now.as_secs(), now.subsec_millis())
}

/// Maps `Verbosity` 1..=5 to a log level; anything else is 1.
fn level(verbosity: Option<u64>) -> LevelFilter {
    match verbosity {
        Some(2) => LevelFilter::Warn,
        Some(3) => LevelFilter::Info,
        Some(4) => LevelFilter::Debug,
        Some(5) => LevelFilter::Trace,
        _ => LevelFilter::Error,
    }
}

/// Starts logging if the connection asks for it, and registers its secrets
/// for masking. The log file cannot be opened → an error for the client.
pub fn configure(properties: &Properties) -> crate::diag::Result<()> {
    let Some(path) = properties.get("LogFile").filter(|p| !p.is_empty()) else {
        return Ok(());
    };
    let logger = match LOGGER.get() {
        Some(logger) => logger,
        None => {
            let file = OpenOptions::new()
                .create(true)
                .append(true)
                .open(path)
                .map_err(|e| {
                    crate::diag::Error::general(format!("cannot open LogFile '{path}': {e}"))
                })?;
            let logger = LOGGER.get_or_init(|| FileLogger {
                file: Mutex::new(file),
                secrets: RwLock::default(),
            });
            // Another logger (a Rust host application's) may already be set: keep it.
            let _ = log::set_logger(logger);
            logger
        }
    };
    log::set_max_level(level(properties.number("Verbosity").ok().flatten()));
    let mut secrets = logger.secrets.write();
    for def in DEFINITIONS.iter().filter(|d| d.secret) {
        if let Some(value) = properties.get(def.name).filter(|v| v.len() >= 4)
            && !secrets.iter().any(|s| s == value)
        {
            secrets.push(value.to_string());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_mask_every_registered_secret() {
        let path = std::env::temp_dir().join(format!("apiodbc-log-{}.log", std::process::id()));
        let props = Properties::from_pairs([
            ("LogFile", path.display().to_string()),
            ("Verbosity", "4".into()),
            ("LiveAPIKey", "sk_test_supersecret".into()),
        ]);
        configure(&props).unwrap();
        log::debug!("request with key sk_test_supersecret failed");
        log::logger().flush();
        let text = std::fs::read_to_string(&path).unwrap();
        let _ = std::fs::remove_file(&path);
        assert!(text.contains("request with key ******** failed"), "{text}");
        assert!(!text.contains("supersecret"));
    }
}
