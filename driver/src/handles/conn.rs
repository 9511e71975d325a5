//! Connection handle state.

use std::sync::Arc;

use super::{Env, Handle};
use crate::query::Session;

pub struct Conn {
    pub env: Arc<Handle<Env>>,
    /// The planner session while connected.
    pub session: Option<Arc<Session>>,
    /// Tokens of the statements and explicit descriptors allocated on this
    /// connection, freed with it by `SQLDisconnect`.
    pub children: Vec<usize>,
    pub attrs: ConnAttrs,
}

/// Connection attributes the client can set and read back.
#[derive(Debug, Clone)]
pub struct ConnAttrs {
    pub login_timeout: u32,
    pub connection_timeout: u32,
    pub autocommit: bool,
    pub read_only: bool,
    pub txn_isolation: u32,
    pub packet_size: u32,
    pub quiet_mode: usize,
    pub async_enable: bool,
    /// `SQL_ATTR_CURRENT_CATALOG` as the application set it; `None` until set.
    pub current_catalog: Option<String>,
    /// `SQL_ATTR_ODBC_CURSORS`: `SQL_CUR_USE_DRIVER` (2) unless the application asks otherwise.
    pub odbc_cursors: usize,
    pub metadata_id: bool,
    pub trace: u32,
    pub trace_file: String,
    pub translate_lib: String,
    pub translate_option: u32,
    pub disconnect_behavior: u32,
    pub async_dbc_functions: u32,
    pub enlist_in_dtc: usize,
}

impl Default for ConnAttrs {
    fn default() -> Self {
        ConnAttrs {
            login_timeout: 0,
            connection_timeout: 0,
            autocommit: true,
            read_only: true,
            // SQL_TXN_READ_COMMITTED: reads see what the API returns at the time.
            txn_isolation: 2,
            packet_size: 0,
            quiet_mode: 0,
            async_enable: false,
            current_catalog: None,
            odbc_cursors: 2,
            metadata_id: false,
            trace: 0,
            trace_file: String::new(),
            translate_lib: String::new(),
            translate_option: 0,
            disconnect_behavior: 0,
            async_dbc_functions: 0,
            enlist_in_dtc: 0,
        }
    }
}

impl Conn {
    pub fn new(env: Arc<Handle<Env>>) -> Self {
        Conn {
            env,
            session: None,
            children: Vec::new(),
            attrs: ConnAttrs::default(),
        }
    }
}
