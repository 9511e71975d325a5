//! Where OAuth tokens are kept between connections, keyed by
//! `OAuthSettingsLocation`: a file (atomic writes, mode 0600), `memory://name`
//! (shared by every connection of the process) or `keyring://service/account`
//! (the OS keychain).
//!
//! Nothing here puts a token into a message: errors name the location only.

use std::collections::HashMap;
use std::fs::{self, File, OpenOptions};
use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use crate::{Error, Result};

/// One grant: what the token endpoint answered, with the expiry made absolute.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tokens {
    pub access_token: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
    /// Seconds since the Unix epoch; `None` when the server gave no lifetime.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<u64>,
}

impl Tokens {
    /// Whether the access token is still good for at least `margin`.
    pub fn is_fresh(&self, margin: Duration) -> bool {
        !self.access_token.is_empty()
            && self
                .expires_at
                .is_none_or(|at| at > now_secs().saturating_add(margin.as_secs()))
    }
}

impl std::fmt::Debug for Tokens {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mask = |s: &str| crate::properties::mask(s);
        f.debug_struct("Tokens")
            .field("access_token", &mask(&self.access_token))
            .field("refresh_token", &self.refresh_token.as_deref().map(mask))
            .field("expires_at", &self.expires_at)
            .finish()
    }
}

pub fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// A parsed `OAuthSettingsLocation`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Location {
    File(PathBuf),
    Memory(String),
    Keyring { service: String, account: String },
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Location::File(path) => write!(f, "{}", path.display()),
            Location::Memory(name) => write!(f, "memory://{name}"),
            Location::Keyring { service, account } => write!(f, "keyring://{service}/{account}"),
        }
    }
}

impl Location {
    /// Reads `OAuthSettingsLocation`; empty means [`Location::default_for`].
    pub fn parse(value: &str) -> Result<Location> {
        let value = value.trim();
        let scheme = |prefix: &str| {
            value
                .get(..prefix.len())
                .filter(|p| p.eq_ignore_ascii_case(prefix))
                .map(|_| &value[prefix.len()..])
        };
        if let Some(name) = scheme("memory://") {
            if name.is_empty() {
                return Err(Error::Config(
                    "OAuthSettingsLocation=memory:// needs a name, e.g. memory://stripe".into(),
                ));
            }
            Ok(Location::Memory(name.to_string()))
        } else if let Some(rest) = scheme("keyring://") {
            match rest.split_once('/') {
                Some((service, account)) if !service.is_empty() && !account.is_empty() => {
                    Ok(Location::Keyring {
                        service: service.to_string(),
                        account: account.to_string(),
                    })
                }
                _ => Err(Error::Config(format!(
                    "OAuthSettingsLocation '{value}' must look like keyring://service/account"
                ))),
            }
        } else if value.is_empty() {
            Err(Error::Config("OAuthSettingsLocation is empty".into()))
        } else {
            Ok(Location::File(PathBuf::from(value)))
        }
    }

    /// The per-user default: `<config dir>/apiodbc/oauth/<provider>-<client id>.json`.
    pub fn default_for(provider: &str, client_id: &str) -> Result<Location> {
        let base = config_dir().ok_or_else(|| {
            Error::Config(
                "cannot find a per-user configuration directory for the OAuth token store: set OAuthSettingsLocation"
                    .into(),
            )
        })?;
        let safe: String = format!("{provider}-{client_id}")
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                    c.to_ascii_lowercase()
                } else {
                    '_'
                }
            })
            .collect();
        Ok(Location::File(
            base.join("apiodbc")
                .join("oauth")
                .join(format!("{safe}.json")),
        ))
    }

    /// The process-wide key of this location (for the single-flight lock).
    pub fn key(&self) -> String {
        match self {
            Location::File(path) => format!(
                "file:{}",
                fs::canonicalize(path)
                    .unwrap_or_else(|_| absolute(path))
                    .display()
            ),
            other => other.to_string(),
        }
    }

    /// The advisory lock file of a file location: `<file>.lock`.
    pub fn lock_path(&self) -> Option<PathBuf> {
        match self {
            Location::File(path) => {
                let mut name = path.file_name()?.to_os_string();
                name.push(".lock");
                Some(path.with_file_name(name))
            }
            _ => None,
        }
    }

    /// The stored tokens; `None` when nothing was stored yet.
    pub fn load(&self) -> Result<Option<Tokens>> {
        let text = match self {
            Location::File(path) => match fs::read_to_string(path) {
                Ok(text) => text,
                Err(e) if e.kind() == ErrorKind::NotFound => return Ok(None),
                Err(e) => {
                    return Err(Error::Config(format!(
                        "cannot read the OAuth token store {}: {e}",
                        path.display()
                    )));
                }
            },
            Location::Memory(name) => return Ok(memory().get(name).cloned()),
            Location::Keyring { service, account } => {
                match keyring_entry(self, service, account)?.get_password() {
                    Ok(text) => text,
                    Err(keyring::Error::NoEntry) => return Ok(None),
                    Err(e) => return Err(keyring_error(self, &e)),
                }
            }
        };
        serde_json::from_str(&text).map(Some).map_err(|e| {
            // serde_json's message names a line and column, never the content.
            Error::Config(format!(
                "the OAuth token store {self} is not valid ({e}): delete it and authorize again"
            ))
        })
    }

    /// Replaces the stored tokens. Files are written atomically.
    pub fn save(&self, tokens: &Tokens) -> Result<()> {
        let text = serde_json::to_string_pretty(tokens)
            .map_err(|e| Error::Config(format!("cannot encode OAuth tokens: {e}")))?;
        match self {
            Location::File(path) => write_atomically(path, text.as_bytes()).map_err(|e| {
                Error::Config(format!(
                    "cannot write the OAuth token store {}: {e}",
                    path.display()
                ))
            }),
            Location::Memory(name) => {
                memory().insert(name.clone(), tokens.clone());
                Ok(())
            }
            Location::Keyring { service, account } => keyring_entry(self, service, account)?
                .set_password(&text)
                .map_err(|e| keyring_error(self, &e)),
        }
    }
}

fn memory() -> std::sync::MutexGuard<'static, HashMap<String, Tokens>> {
    static MEMORY: OnceLock<Mutex<HashMap<String, Tokens>>> = OnceLock::new();
    MEMORY
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner())
}

fn keyring_entry(location: &Location, service: &str, account: &str) -> Result<keyring::Entry> {
    keyring::Entry::new(service, account).map_err(|e| keyring_error(location, &e))
}

/// Keyring errors name the store and the cause; they never carry the secret.
fn keyring_error(location: &Location, e: &keyring::Error) -> Error {
    match e {
        keyring::Error::NoDefaultStore
        | keyring::Error::PlatformFailure(_)
        | keyring::Error::NoStorageAccess(_) => Error::Config(format!(
            "OAuthSettingsLocation={location}: no OS keychain is available on this machine ({}); \
             use a file path or memory://name instead",
            keyring_cause(e)
        )),
        other => Error::Config(format!(
            "OAuthSettingsLocation={location}: the OS keychain failed ({})",
            keyring_cause(other)
        )),
    }
}

fn keyring_cause(e: &keyring::Error) -> String {
    match e {
        // These variants hold the stored bytes; never show them.
        keyring::Error::BadEncoding(_) | keyring::Error::BadDataFormat(..) => {
            "the stored entry is not valid text".into()
        }
        other => other.to_string(),
    }
}

/// `$XDG_CONFIG_HOME` or `~/.config` (`%APPDATA%` on Windows).
fn config_dir() -> Option<PathBuf> {
    let var = |name: &str| {
        std::env::var_os(name)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
            .filter(|p| p.is_absolute())
    };
    if cfg!(windows) {
        var("APPDATA")
    } else if cfg!(target_os = "macos") {
        var("HOME").map(|h| h.join("Library").join("Application Support"))
    } else {
        var("XDG_CONFIG_HOME").or_else(|| var("HOME").map(|h| h.join(".config")))
    }
}

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// Creates `dir` and its missing parents, private to the user (0700).
pub(crate) fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

/// Opens a new file readable by the user only: the mode (Unix) or access list
/// (Windows) is set before a byte is written.
pub(crate) fn create_private_file(path: &Path, exclusive: bool) -> std::io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).read(true);
    if exclusive {
        options.create_new(true);
    } else {
        options.create(true).truncate(false);
    }
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    // Windows: open with the right to change the access list, then leave the owner alone on it.
    #[cfg(windows)]
    {
        use windows_sys::Win32::Foundation::{GENERIC_READ, GENERIC_WRITE};
        use windows_sys::Win32::Storage::FileSystem::WRITE_DAC;
        std::os::windows::fs::OpenOptionsExt::access_mode(
            &mut options,
            GENERIC_READ | GENERIC_WRITE | WRITE_DAC,
        );
    }
    let file = options.open(path)?;
    #[cfg(windows)]
    crate::windows::restrict_to_owner(&file)?;
    Ok(file)
}

/// Temp file in the same directory, fsync, rename over the target, fsync the
/// directory: a reader sees the old content or the new, never half of it.
fn write_atomically(path: &Path, data: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    create_private_dir(&dir)?;
    let name = path
        .file_name()
        .map_or_else(|| "tokens".into(), |n| n.to_string_lossy().into_owned());
    static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let temp = dir.join(format!(".{name}.{}.{n}.tmp", std::process::id()));
    let result = (|| {
        let mut file = create_private_file(&temp, true)?;
        file.write_all(data)?;
        file.sync_all()?;
        drop(file);
        fs::rename(&temp, path)?;
        #[cfg(unix)]
        File::open(&dir)?.sync_all()?;
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result
}
