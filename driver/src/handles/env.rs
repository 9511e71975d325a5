//! Environment handle state.

/// `SQL_ATTR_ODBC_VERSION` values.
pub const ODBC2: i32 = 2;
pub const ODBC3: i32 = 3;
pub const ODBC3_80: i32 = 380;

#[derive(Debug, Default)]
pub struct Env {
    /// The behaviour the application asked for; ODBC 2 changes date type
    /// codes and SQLSTATEs. 0 until set: no connection is allocated before (HY010).
    pub odbc_version: i32,
    pub connection_pooling: u32,
    pub cp_match: u32,
    /// Connections allocated on this environment and not yet freed.
    pub connections: usize,
}
