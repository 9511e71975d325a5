//! Statement handle state.

use std::collections::VecDeque;
use std::sync::Arc;
use std::time::Duration;

use arrow::array::RecordBatch;
use arrow::datatypes::{Field, Schema};
use datafusion::scalar::ScalarValue;
use odbc_sys::FreeStmtOption as Free;
use tokio_util::sync::CancellationToken;

use super::cursor::Cursor;
use super::desc::ColumnMeta;
use super::{Conn, Desc, DescKind, DescRecord, Handle, Object, Ptr, lifecycle};
use crate::convert::types::{self, SqlType};
use crate::diag::{Error, Result};
use crate::query::catalog_functions::{self, CatalogFunctions, Sources};
use crate::query::{Control, Prepared, ResultSet, Session};

/// `SQL_DROP`, which odbc-sys leaves out of `FreeStmtOption` (deprecated for
/// `SQLFreeHandle`) though ODBC 2 applications still pass it.
const DROP: u16 = 1;

/// HY010 before SQLPrepare or SQLExecDirect.
fn not_prepared() -> Error {
    Error::sequence("function sequence error: the statement is neither prepared nor executed")
}

/// HY010 when a call needs an open cursor.
pub fn no_cursor() -> Error {
    Error::sequence("function sequence error: no cursor is open")
}

/// The parameter sets of one execution, as read from the application's
/// buffers; a statement without parameters has one empty set.
pub type ParamSets = Vec<Vec<ScalarValue>>;

/// One parameter set that ran: its place in the application's parameter
/// status array and how it went, which the shim writes there.
#[derive(Debug)]
pub struct SetRun {
    pub index: usize,
    pub outcome: Result<()>,
}

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
    /// Whether `prepared` came from `SQLExecDirect` (so `SQLExecute` may not rerun it).
    pub direct: bool,
    /// Whether the statement has been executed since it was prepared (or a
    /// catalog function ran): `SQLRowCount` and `SQLMoreResults` need it.
    pub executed: bool,
    /// The open cursor, between execution and `SQLCloseCursor`.
    pub result: Option<Cursor>,
    /// Parameter sets of a `SQL_ATTR_PARAMSET_SIZE` > 1 execution still to run;
    /// `SQLMoreResults` moves to the next one.
    pub pending_params: VecDeque<Vec<ScalarValue>>,
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
    /// `SQL_ROWSET_SIZE`: rows per `SQLExtendedFetch` (ODBC 2).
    pub rowset_size: usize,
    pub enable_auto_ipd: usize,
    pub fetch_bookmark_ptr: Ptr,
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
            rowset_size: 1,
            enable_auto_ipd: 0,
            fetch_bookmark_ptr: Ptr::default(),
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
            direct: false,
            executed: false,
            result: None,
            pending_params: VecDeque::new(),
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
            .ok_or_else(|| Error::connection_not_open("connection not open"))
    }

    /// The ODBC version the application asked for (date type codes depend on it).
    pub fn odbc_version(&self) -> i32 {
        let env = self.conn.state.lock().env.clone();
        env.state.lock().odbc_version
    }

    /// Opens a cursor over `result`: closes any previous one and describes
    /// the columns in the IRD. Execution and catalog functions both end here.
    pub fn open_result(&mut self, result: ResultSet) {
        let schema = result.schema().clone();
        self.describe(&schema);
        self.result = Some(Cursor::new(result));
        self.executed = true;
        self.row_count = -1;
    }

    /// Fills the IRD with the columns of `schema` (after `SQLPrepare`, before
    /// anything runs, and when a cursor opens).
    pub fn describe(&mut self, schema: &Schema) {
        let version = self.odbc_version();
        let mut ird = self.ird.state.lock();
        ird.records.truncate(1);
        ird.records.extend(
            schema
                .fields()
                .iter()
                .map(|f| Stmt::describe_field(f, version)),
        );
    }

    /// Plans `sql` and describes its result in the IRD without running it;
    /// `cancel` and the statement's timeout stop the planning.
    pub fn prepare(&mut self, sql: &str, cancel: CancellationToken) -> Result<()> {
        self.refuse_open_cursor()?;
        self.unprepare();
        let control = self.control(cancel);
        let prepared = self.session()?.prepare(sql, &control)?;
        self.describe(&prepared.schema);
        self.prepared = Some(prepared);
        Ok(())
    }

    /// 24000 when a cursor is open, which is closed as well. unixODBC passes
    /// the call on when no row was fetched yet and, after the error, believes
    /// no cursor is open: it then refuses SQLCloseCursor itself, and the driver
    /// would refuse every execute until SQLFreeStmt(SQL_CLOSE).
    pub fn refuse_open_cursor(&mut self) -> Result<()> {
        if self.result.is_none() {
            return Ok(());
        }
        self.close_cursor();
        Err(Error::invalid_cursor_state(
            "invalid cursor state: a cursor was open; it is closed now, execute again",
        ))
    }

    /// The prepared statement (`SQLNumParams`, `SQLDescribeParam`, `SQLExecute`),
    /// or HY010 before `SQLPrepare`.
    pub fn prepared_statement(&self) -> Result<&Prepared> {
        self.prepared.as_ref().ok_or_else(|| {
            Error::sequence("function sequence error: the statement is not prepared")
        })
    }

    /// `SQLNumResultCols`: the IRD's records but the bookmark.
    pub fn result_columns(&self) -> Result<usize> {
        Ok(self.described()?.len().saturating_sub(1))
    }

    /// The IRD records, or HY010 when nothing was prepared or executed.
    pub fn described(&self) -> Result<Vec<DescRecord>> {
        if self.prepared.is_none() && self.result.is_none() {
            return Err(not_prepared());
        }
        Ok(self.ird.state.lock().records.clone())
    }

    /// Moves the cursor to its next rowset (see [`Cursor::advance`]). A
    /// cancelled statement loses its cursor: the driver manager already
    /// treats SQLCancel as closing it, and the two must agree.
    pub fn advance(&mut self, size: usize, control: &Control) -> Result<usize> {
        let max_rows = self.attrs.max_rows;
        let cursor = self.result.as_mut().ok_or_else(no_cursor)?;
        let outcome = cursor.advance(size, max_rows, control);
        if outcome.as_ref().is_err_and(|e| e.state == "HY008") {
            self.close_cursor();
        }
        outcome
    }

    /// `SQLExecute`: runs the prepared statement again with the parameter
    /// sets `read_params` reads (see [`Stmt::exec_direct`] for the rest).
    /// A statement of `SQLExecDirect` is not prepared for reruns: HY010.
    pub fn execute(
        &mut self,
        cancel: CancellationToken,
        read_params: impl FnOnce(&Stmt, &Prepared) -> Result<ParamSets>,
    ) -> Result<Option<SetRun>> {
        if self.direct {
            return Err(Error::sequence(
                "function sequence error: SQLExecDirect statements cannot be re-executed",
            ));
        }
        self.run(cancel, read_params)
    }

    /// `SQLExecDirect`: prepares `sql` and runs it with the parameter sets
    /// `read_params` reads from the application's buffers (the shim's part:
    /// they are raw memory). The first set runs now and `SQLMoreResults`
    /// runs the others. A failed run leaves nothing prepared.
    pub fn exec_direct(
        &mut self,
        sql: &str,
        cancel: CancellationToken,
        read_params: impl FnOnce(&Stmt, &Prepared) -> Result<ParamSets>,
    ) -> Result<Option<SetRun>> {
        self.prepare(sql, cancel.clone())?;
        self.direct = true;
        let run = self.run(cancel, read_params);
        if matches!(
            run,
            Err(_)
                | Ok(Some(SetRun {
                    outcome: Err(_),
                    ..
                }))
        ) {
            self.unprepare();
        }
        run
    }

    /// Runs the prepared statement: 24000 over an open cursor (closing it),
    /// HY010 when nothing is prepared, then the first parameter set.
    fn run(
        &mut self,
        cancel: CancellationToken,
        read_params: impl FnOnce(&Stmt, &Prepared) -> Result<ParamSets>,
    ) -> Result<Option<SetRun>> {
        self.refuse_open_cursor()?;
        self.pending_params = read_params(self, self.prepared_statement()?)?.into();
        self.run_next_set(cancel)
    }

    /// `SQLMoreResults`: the next parameter set's result, or `None`
    /// (`SQL_NO_DATA`, the cursor closed) when no set is left.
    pub fn more_results(&mut self, cancel: CancellationToken) -> Result<Option<SetRun>> {
        if self.pending_params.is_empty() {
            self.close_cursor();
            return Ok(None);
        }
        self.result = None;
        self.run_next_set(cancel)
    }

    /// Executes the next pending parameter set and opens its cursor; `None`
    /// when no set is left.
    fn run_next_set(&mut self, cancel: CancellationToken) -> Result<Option<SetRun>> {
        let Some(params) = self.pending_params.pop_front() else {
            return Ok(None);
        };
        let Some(prepared) = self.prepared.as_ref() else {
            return Err(not_prepared());
        };
        let index = self.sets_done();
        let control = self.control(cancel);
        let outcome = prepared.execute(params, &control).map(|result| {
            // Opening the cursor must not drop the sets still to run.
            let pending = std::mem::take(&mut self.pending_params);
            self.open_result(result);
            self.pending_params = pending;
        });
        Ok(Some(SetRun { index, outcome }))
    }

    /// The parameter sets run before the current one: its index in the
    /// parameter status array.
    fn sets_done(&self) -> usize {
        let sets = self.apd.state.lock().array_size.max(1);
        sets.saturating_sub(self.pending_params.len() + 1)
    }

    /// Runs a catalog function as the statement's result, fetched and
    /// described like a query's: refused while a cursor is open, it replaces
    /// any prepared statement; `cancel` and the statement's timeout stop it.
    pub fn run_catalog(
        &mut self,
        cancel: CancellationToken,
        build: impl FnOnce(&CatalogFunctions) -> Result<RecordBatch>,
    ) -> Result<()> {
        if self.result.is_some() {
            return Err(Error::invalid_cursor_state(
                "invalid cursor state: close the open cursor first",
            ));
        }
        let session = self.session()?;
        let control = self.control(cancel);
        let sources = Sources::of(&session);
        let catalog = CatalogFunctions::new(
            session.provider.as_ref(),
            &control,
            self.odbc_version(),
            self.attrs.metadata_id != 0,
            &sources,
        );
        let batch = build(&catalog)?;
        self.prepared = None;
        self.open_result(catalog_functions::result_set(batch));
        Ok(())
    }

    /// `SQLRowCount`: known once the statement ran (or a catalog function did).
    pub fn affected_rows(&self) -> Result<isize> {
        if !self.executed {
            return Err(not_prepared());
        }
        Ok(self.row_count)
    }

    /// `SQLCloseCursor`: unlike `SQLFreeStmt(SQL_CLOSE)`, 24000 when no cursor is open.
    pub fn close_open_cursor(&mut self) -> Result<()> {
        if self.result.is_none() {
            return Err(Error::invalid_cursor_state(
                "invalid cursor state: no cursor is open",
            ));
        }
        self.close_cursor();
        Ok(())
    }

    /// Closes the cursor, if any; the statement stays prepared.
    pub fn close_cursor(&mut self) {
        self.result = None;
        self.pending_params.clear();
    }

    /// `SQLFreeStmt`: `SQL_DROP` frees the handle; the other options close
    /// the cursor or drop column or parameter bindings; any other is HY092.
    pub fn free_stmt(handle: &Arc<Handle<Stmt>>, option: u16) -> Result<()> {
        if option == DROP {
            return lifecycle::free(Object::Stmt(handle.clone()));
        }
        let option = [Free::Close, Free::Unbind, Free::ResetParams]
            .into_iter()
            .find(|o| *o as u16 == option)
            .ok_or_else(|| {
                Error::invalid_attribute(format!("invalid SQLFreeStmt option {option}"))
            })?;
        match option {
            Free::Close => handle.state.lock().close_cursor(),
            Free::Unbind => {
                let ard = handle.state.lock().ard.clone();
                ard.state.lock().set_count(0);
            }
            Free::ResetParams => {
                let (apd, ipd) = {
                    let s = handle.state.lock();
                    (s.apd.clone(), s.ipd.clone())
                };
                apd.state.lock().set_count(0);
                ipd.state.lock().set_count(0);
            }
        }
        Ok(())
    }

    /// `SQLCancel` while a call runs on the statement in another thread:
    /// fires its cancellation token without waiting for the state lock that
    /// call holds. That call closes its cursor and reports HY008 in the
    /// diagnostic area it owns, so the shim leaves the area alone. `false`
    /// when no call runs.
    pub fn cancel_running(handle: &Handle<Stmt>) -> bool {
        if !handle.is_running() {
            return false;
        }
        handle.cancel();
        true
    }

    /// `SQLCancel` on an idle statement acts as `SQLFreeStmt(SQL_CLOSE)`, as
    /// the ODBC reference says (and unixODBC's state machine assumes).
    pub fn cancel_idle(handle: &Handle<Stmt>) {
        handle.cancel();
        if let Some(mut idle) = handle.state.try_lock() {
            idle.close_cursor();
        }
    }

    /// Forgets the prepared statement and its description.
    pub fn unprepare(&mut self) {
        self.close_cursor();
        self.prepared = None;
        self.direct = false;
        self.executed = false;
        self.ird.state.lock().records.truncate(1);
    }

    /// The control (cancellation + `SQL_ATTR_QUERY_TIMEOUT`) for one call.
    pub fn control(&self, cancel: CancellationToken) -> Control {
        Control::new(cancel, Duration::from_secs(self.attrs.query_timeout as u64))
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

impl Stmt {
    /// The IRD record of one result column.
    pub fn describe_field(field: &Field, odbc_version: i32) -> DescRecord {
        describe_field(field, odbc_version)
    }
}

fn describe_field(field: &Field, odbc_version: i32) -> DescRecord {
    let t = SqlType::of(field);
    let meta = |key: &str| field.metadata().get(key).cloned().unwrap_or_default();
    let (prefix, suffix) = t.literal_quotes();
    let name = field.name().clone();
    DescRecord {
        concise_type: t.concise_for(odbc_version),
        data_type: t.verbose,
        datetime_interval_code: t.interval_code,
        octet_length: t.octet_length as isize,
        length: t.column_size,
        // Datetime types carry their fractional-second precision here.
        precision: if t.interval_code != 0 {
            t.decimal_digits
        } else {
            i16::try_from(t.column_size).unwrap_or(i16::MAX)
        },
        scale: t.decimal_digits,
        nullable: i16::from(field.is_nullable()),
        unnamed: i16::from(name.is_empty()),
        meta: ColumnMeta {
            type_name: t.type_name.to_string(),
            local_type_name: t.type_name.to_string(),
            display_size: t.display_size as isize,
            base_column_name: Some(meta(types::BASE_COLUMN_KEY))
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| name.clone()),
            base_table_name: meta(types::TABLE_KEY),
            table_name: meta(types::TABLE_KEY),
            schema_name: meta(types::SCHEMA_KEY),
            catalog_name: meta(types::CATALOG_KEY),
            label: name.clone(),
            literal_prefix: prefix.to_string(),
            literal_suffix: suffix.to_string(),
            num_prec_radix: t.radix.map_or(0, i32::from),
            case_sensitive: t.case_sensitive,
            unsigned: t.is_unsigned(),
            fixed_prec_scale: false,
            auto_unique_value: false,
            searchable: t.searchable(),
            updatable: 0,
            rowver: false,
        },
        name,
        ..DescRecord::default()
    }
}
