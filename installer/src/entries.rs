//! What the installer registers and where, in the words both ways of
//! registering share: `odbcinst` ([`crate::odbcinst`]) and the ODBC
//! installer API ([`crate::installer_api`]).

/// Where an entry is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    System,
    User,
}

impl Scope {
    /// System-wide as root, per-user otherwise, unless the user chose.
    pub fn choose(system: bool, user: bool) -> Scope {
        if system {
            Scope::System
        } else if user || !is_root() {
            Scope::User
        } else {
            Scope::System
        }
    }
}

#[cfg(unix)]
fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc::geteuid() == 0 }
}

/// Windows: user scope unless `--system` (drivers are machine-wide anyway).
#[cfg(not(unix))]
fn is_root() -> bool {
    false
}

/// An INI section: name and key/value entries in order.
pub struct Section {
    pub name: String,
    pub entries: Vec<(String, String)>,
}
