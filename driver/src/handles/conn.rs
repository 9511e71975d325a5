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
