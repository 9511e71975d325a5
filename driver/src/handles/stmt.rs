//! Statement handle state.

use std::sync::Arc;

use super::{Conn, Desc, DescKind, DescRecord, Handle};
use crate::convert::types::SqlType;
use crate::diag::{Error, Result};
use crate::query::{Prepared, ResultSet, Session};

pub struct Stmt {
    pub conn: Arc<Handle<Conn>>,
    /// The descriptors in use; the application may swap in explicit ARD/APD.
    pub ard: Arc<Handle<Desc>>,
    pub apd: Arc<Handle<Desc>>,
    pub ird: Arc<Handle<Desc>>,
    pub ipd: Arc<Handle<Desc>>,
    /// The implicit ARD/APD, restored when an explicit one is released.
    pub implicit_ard: Arc<Handle<Desc>>,
    pub implicit_apd: Arc<Handle<Desc>>,
    pub attrs: StmtAttrs,
    /// The statement after `SQLPrepare` (or the last `SQLExecDirect`).
    pub prepared: Option<Prepared>,
    /// The open cursor, between execution and `SQLCloseCursor`.
    pub result: Option<ResultSet>,
    /// `SQLRowCount`: -1 for queries, as for any driver that cannot know it in advance.
    pub row_count: isize,
}

/// Statement attributes that are not descriptor fields.
#[derive(Debug, Clone)]
pub struct StmtAttrs {
    /// Seconds; 0 means no limit. Exceeding it fails the call with HYT00.
    pub query_timeout: usize,
    pub max_rows: usize,
    pub max_length: usize,
    pub cursor_type: usize,
    pub concurrency: usize,
    pub cursor_scrollable: usize,
    pub cursor_sensitivity: usize,
    pub noscan: usize,
    pub retrieve_data: usize,
    pub use_bookmarks: usize,
    pub metadata_id: usize,
    pub async_enable: usize,
    pub keyset_size: usize,
    pub simulate_cursor: usize,
    /// `SQL_ATTR_ROW_NUMBER`: the current row's number in the result set.
    pub row_number: usize,
}

impl Default for StmtAttrs {
    fn default() -> Self {
        StmtAttrs {
            query_timeout: 0,
            max_rows: 0,
            max_length: 0,
            cursor_type: 0, // SQL_CURSOR_FORWARD_ONLY
            concurrency: 1, // SQL_CONCUR_READ_ONLY
            cursor_scrollable: 0,
            cursor_sensitivity: 1, // SQL_INSENSITIVE
            noscan: 0,
            retrieve_data: 1,
            use_bookmarks: 0,
            metadata_id: 0,
            async_enable: 0,
            keyset_size: 0,
            simulate_cursor: 0,
            row_number: 0,
        }
    }
}

impl Stmt {
    /// A new statement with its four implicit descriptors registered as handles.
    pub fn new(conn: Arc<Handle<Conn>>) -> Self {
        let desc = |kind| super::alloc(Desc::new(kind, None));
        let (ard, apd) = (desc(DescKind::Ard), desc(DescKind::Apd));
        Stmt {
            conn,
            implicit_ard: ard.clone(),
            implicit_apd: apd.clone(),
            ard,
            apd,
            ird: desc(DescKind::Ird),
            ipd: desc(DescKind::Ipd),
            attrs: StmtAttrs::default(),
            prepared: None,
            result: None,
            row_count: -1,
        }
    }

    /// The planner session of the statement's connection.
    pub fn session(&self) -> Result<Arc<Session>> {
        self.conn
            .state
            .lock()
            .session
            .clone()
            .ok_or_else(|| Error::new("08003", "connection not open"))
    }

    /// The ODBC version the application asked for (date type codes depend on it).
    pub fn odbc_version(&self) -> i32 {
        let env = self.conn.state.lock().env.clone();
        env.state.lock().odbc_version
    }

    /// Opens a cursor over `result`: closes any previous one and describes
    /// the columns in the IRD. Execution and catalog functions both end here.
    pub fn open_result(&mut self, result: ResultSet) {
        let version = self.odbc_version();
        let mut ird = self.ird.state.lock();
        ird.records.truncate(1);
        for field in result.schema().fields() {
            let t = SqlType::of(field);
            ird.records.push(DescRecord {
                concise_type: t.concise_for(version),
                data_type: t.verbose,
                datetime_interval_code: t.interval_code,
                octet_length: t.octet_length as isize,
                length: t.column_size,
                precision: t.column_size as i16,
                scale: t.decimal_digits,
                nullable: i16::from(field.is_nullable()),
                name: field.name().clone(),
                ..DescRecord::default()
            });
        }
        drop(ird);
        self.result = Some(result);
        self.row_count = -1;
    }

    /// Tokens of the implicit descriptors, freed with the statement.
    pub fn implicit_descriptors(&self) -> [*mut std::ffi::c_void; 4] {
        [
            self.implicit_ard.as_ptr(),
            self.implicit_apd.as_ptr(),
            self.ird.as_ptr(),
            self.ipd.as_ptr(),
        ]
    }
}
