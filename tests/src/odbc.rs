//! Helpers for end-to-end tests that load the real driver through unixODBC.
//!
//! The driver library is found in the cargo target directory next to the
//! test binary; it is loaded by the driver manager from a DSN-less
//! connection string (`Driver={/path/libapiodbc.so};...`), never linked.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use chrono::{DateTime, NaiveDate};
use odbc_api::buffers::TextRowSet;
use odbc_api::{
    Connection, ConnectionOptions, Cursor, DataType, Environment, Error, ResultSetMetadata,
};

use crate::bitbucket::FakeBitbucket;
use crate::stripe::FakeStripe;

/// Environment variable that overrides the driver library path.
pub const DRIVER_ENV: &str = "APIODBC_DRIVER";

/// The cargo profile directory (`<target>/debug`) the running test binary belongs to.
/// Test binaries live in `<target>/<profile>/deps/`, binaries in `<target>/<profile>/`.
pub fn target_profile_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("current_exe");
    let mut dir = exe.parent().expect("exe has a parent").to_path_buf();
    if dir.file_name().is_some_and(|n| n == "deps") {
        dir.pop();
    }
    dir
}

/// File name of the driver library on this platform.
pub fn driver_file_name() -> &'static str {
    if cfg!(target_os = "macos") {
        "libapiodbc.dylib"
    } else if cfg!(windows) {
        "apiodbc.dll"
    } else {
        "libapiodbc.so"
    }
}

/// Path of the driver library: `$APIODBC_DRIVER` if set, else `libapiodbc.so` in the
/// target profile directory. Panics with instructions if it is missing.
pub fn driver_path() -> PathBuf {
    let path = match std::env::var_os(DRIVER_ENV) {
        Some(p) => PathBuf::from(p),
        None => target_profile_dir().join(driver_file_name()),
    };
    assert!(
        path.is_file(),
        "driver library {} not found: run `cargo build -p apiodbc` first (with the same \
         CARGO_TARGET_DIR and profile as the tests), or set {DRIVER_ENV}",
        path.display()
    );
    path
}

/// `Driver={<driver_path>};Provider=stripe;BaseURL=<base_url>;LiveAPIKey=<key>`.
pub fn stripe_connection_string(base_url: &str, key: &str) -> String {
    format!(
        "Driver={{{}}};Provider=stripe;BaseURL={base_url};LiveAPIKey={key}",
        driver_path().display()
    )
}

/// Connection string for a running fake Stripe server with its accepted key.
pub fn fake_stripe_connection_string(fake: &FakeStripe) -> String {
    stripe_connection_string(&fake.base_url(), fake.api_key())
}

/// Basic authentication against a running fake Bitbucket, in `workspace`
/// (none when empty).
pub fn bitbucket_connection_string(fake: &FakeBitbucket, workspace: &str) -> String {
    let mut cs = format!(
        "Driver={{{}}};Provider=bitbucket;BaseURL={};User={};APIToken={}",
        driver_path().display(),
        fake.base_url(),
        fake.user(),
        fake.password()
    );
    if !workspace.is_empty() {
        cs.push_str(&format!(";Workspace={workspace}"));
    }
    cs
}

/// The process-wide ODBC environment (ODBC 3.80), created on first use.
pub fn environment() -> &'static Environment {
    static ENV: OnceLock<Environment> = OnceLock::new();
    ENV.get_or_init(|| Environment::new().expect("allocate ODBC environment"))
}

/// `SQLDriverConnect` with a connection string (odbc-api uses the narrow, UTF-8 entry points on
/// Linux; see [`wide`] for the `W` ones).
pub fn connect(connection_string: &str) -> Result<Connection<'static>, Error> {
    environment().connect_with_connection_string(connection_string, ConnectionOptions::default())
}

/// Connects to a fake Stripe server; panics with the diagnostic on failure.
pub fn connect_fake_stripe(fake: &FakeStripe) -> Connection<'static> {
    let connection_string = fake_stripe_connection_string(fake);
    connect(&connection_string)
        .unwrap_or_else(|e| panic!("connect to the driver with {connection_string:?}: {e}"))
}

/// The SQLSTATE of an ODBC error, if it carries a diagnostic record.
pub fn sqlstate(error: &Error) -> Option<String> {
    match error {
        Error::Diagnostics { record, .. } => Some(record.state.as_str().to_owned()),
        _ => None,
    }
}

/// The diagnostic message of an ODBC error (or its display form).
pub fn diagnostic_message(error: &Error) -> String {
    match error {
        Error::Diagnostics { record, .. } => {
            odbc_api::handles::slice_to_cow_utf8(&record.message).into_owned()
        }
        other => other.to_string(),
    }
}

/// Asserts that `result` failed with `state`, returning the message.
#[track_caller]
pub fn expect_sqlstate<T>(result: Result<T, Error>, state: &str) -> String {
    match result {
        Ok(_) => panic!("expected SQLSTATE {state}, but the call succeeded"),
        Err(e) => {
            assert_eq!(
                sqlstate(&e).as_deref(),
                Some(state),
                "expected SQLSTATE {state}, got: {e}"
            );
            diagnostic_message(&e)
        }
    }
}

/// A result set as text: column names and rows of nullable strings.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ResultTable {
    /// Column names as the driver describes them.
    pub columns: Vec<String>,
    /// Column types as `SQLDescribeCol` reports them (empty where not collected).
    pub types: Vec<DataType>,
    /// Rows; `None` is SQL NULL.
    pub rows: Vec<Vec<Option<String>>>,
}

impl ResultTable {
    /// Index of the column named `name` (case-insensitive); panics if absent.
    pub fn column_index(&self, name: &str) -> usize {
        self.columns
            .iter()
            .position(|c| c.eq_ignore_ascii_case(name))
            .unwrap_or_else(|| panic!("no column {name:?} in {:?}", self.columns))
    }

    /// All values of column `name`.
    pub fn column(&self, name: &str) -> Vec<Option<&str>> {
        let i = self.column_index(name);
        self.rows.iter().map(|r| r[i].as_deref()).collect()
    }

    /// The `id` column of a table whose ids are never NULL.
    pub fn ids(&self) -> Vec<String> {
        self.column("id")
            .into_iter()
            .map(|id| id.expect("id is never NULL").to_owned())
            .collect()
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }
}

/// Largest text value fetched by [`query_text`]; larger values are an error (truncation).
pub const MAX_TEXT_LEN: usize = 64 * 1024;

/// Executes `sql` and fetches every row as text through a [`TextRowSet`] row-array buffer of
/// `batch_size` rows (bound columns, block fetch).
pub fn query_text_batched(
    conn: &Connection<'_>,
    sql: &str,
    batch_size: usize,
) -> Result<ResultTable, Error> {
    let Some(mut cursor) = conn.execute(sql, (), None)? else {
        return Ok(ResultTable::default());
    };
    let columns: Vec<String> = cursor.column_names()?.collect::<Result<_, _>>()?;
    let types = (1..=columns.len() as u16)
        .map(|i| cursor.col_data_type(i))
        .collect::<Result<Vec<_>, _>>()?;
    let buffer = TextRowSet::for_cursor(batch_size, &mut cursor, Some(MAX_TEXT_LEN))?;
    let mut block = cursor.bind_buffer(buffer)?;
    let mut rows = Vec::new();
    while let Some(batch) = block.fetch_with_truncation_check(true)? {
        for r in 0..batch.num_rows() {
            rows.push(
                (0..batch.num_cols())
                    .map(|c| {
                        batch
                            .at(c, r)
                            .map(|bytes| String::from_utf8_lossy(bytes).into_owned())
                    })
                    .collect(),
            );
        }
    }
    Ok(ResultTable {
        columns,
        types,
        rows,
    })
}

/// [`query_text_batched`] with a batch of 100 rows.
pub fn query_text(conn: &Connection<'_>, sql: &str) -> Result<ResultTable, Error> {
    query_text_batched(conn, sql, 100)
}

/// Seconds since the Unix epoch → `YYYY-MM-DD HH:MM:SS` (UTC).
pub fn unix_to_datetime_text(secs: i64) -> String {
    let time = DateTime::from_timestamp(secs, 0).expect("a time in chrono's range");
    time.format("%Y-%m-%d %H:%M:%S").to_string()
}

/// An ODBC timestamp (taken as UTC) → seconds since the Unix epoch (fraction dropped).
pub fn odbc_timestamp_to_unix(ts: &odbc_api::sys::Timestamp) -> i64 {
    unix_seconds(
        (ts.year.into(), ts.month.into(), ts.day.into()),
        (ts.hour.into(), ts.minute.into(), ts.second.into()),
    )
    .expect("a valid ODBC timestamp")
}

/// Parses `YYYY-MM-DD HH:MM:SS[.fff]` (or with `T`) as UTC → Unix seconds.
pub fn datetime_text_to_unix(text: &str) -> Option<i64> {
    let text = text.trim();
    let (date, time) = text.split_once([' ', 'T']).unwrap_or((text, "00:00:00"));
    let mut d = date.split('-').map(|p| p.parse::<u32>());
    let (y, m, day) = (d.next()?.ok()?, d.next()?.ok()?, d.next()?.ok()?);
    let time = time.trim_end_matches('Z');
    let time = time.split('.').next()?;
    let mut t = time.split(':').map(|p| p.parse::<u32>());
    let (h, min, s) = (
        t.next()?.ok()?,
        t.next()?.ok()?,
        t.next().unwrap_or(Ok(0)).ok()?,
    );
    unix_seconds((y.try_into().ok()?, m, day), (h, min, s))
}

fn unix_seconds((y, m, d): (i32, u32, u32), (h, min, s): (u32, u32, u32)) -> Option<i64> {
    let time = NaiveDate::from_ymd_opt(y, m, d)?.and_hms_opt(h, min, s)?;
    Some(time.and_utc().timestamp())
}

/// A base URL on loopback where nothing listens (a port bound then released).
pub fn closed_port_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    drop(listener);
    format!("http://127.0.0.1:{port}")
}

/// Output of an external command.
#[derive(Debug)]
pub struct CommandOutput {
    /// Exit status (killed processes report a signal).
    pub status: ExitStatus,
    /// Standard output (lossy UTF-8).
    pub stdout: String,
    /// Standard error (lossy UTF-8).
    pub stderr: String,
    /// Whether the command was killed for running past its timeout.
    pub timed_out: bool,
}

/// Runs `command` with `stdin` fed in, killing it after `timeout`.
pub fn run_with_timeout(command: &mut Command, stdin: &str, timeout: Duration) -> CommandOutput {
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("spawn {command:?}: {e}"));
    let mut child_stdin = child.stdin.take().expect("stdin");
    let input = stdin.to_owned();
    let writer = std::thread::spawn(move || {
        let _ = child_stdin.write_all(input.as_bytes());
    });
    let read_all = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            let _ = pipe.read_to_end(&mut buf);
            String::from_utf8_lossy(&buf).into_owned()
        })
    };
    let out = read_all(Box::new(child.stdout.take().expect("stdout")));
    let err = read_all(Box::new(child.stderr.take().expect("stderr")));
    let deadline = Instant::now() + timeout;
    let mut timed_out = false;
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if Instant::now() >= deadline {
            timed_out = true;
            let _ = child.kill();
            break child.wait().expect("wait after kill");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let _ = writer.join();
    CommandOutput {
        status,
        stdout: out.join().unwrap_or_default(),
        stderr: err.join().unwrap_or_default(),
        timed_out,
    }
}

/// Runs `isql` DSN-less: `isql "<connstr>" -k -b -v -d'|'` with `sql` on standard input (one
/// statement per line), 120 s timeout. (`iusql` has no `-k`: use [`run_isql_dsn`] for it.)
pub fn run_isql(connection_string: &str, sql: &str) -> CommandOutput {
    run_isql_with(None, connection_string, sql)
}

/// [`run_isql`] with the ODBC configuration of `dsn` in force, so the connection
/// string may name `DSN=` and override its entries.
pub fn run_isql_with(dsn: Option<&DsnDir>, connection_string: &str, sql: &str) -> CommandOutput {
    let mut input = sql.trim_end().to_owned();
    input.push('\n');
    let mut command = Command::new("isql");
    if let Some(dsn) = dsn {
        dsn.apply(&mut command);
    }
    command
        .arg(connection_string)
        .args(["-k", "-b", "-v", "-d|"]);
    run_with_timeout(&mut command, &input, Duration::from_secs(120))
}

/// A private unixODBC configuration directory holding one system DSN
/// (`odbc.ini`) and an empty `odbcinst.ini`; removed on drop. Point a child
/// process at it with [`DsnDir::apply`] (sets `ODBCSYSINI` and `ODBCINI`).
///
/// `iusql` only connects through a DSN (it has no `-k`), so wide `isql` runs use this.
pub struct DsnDir {
    dir: PathBuf,
    name: String,
}

impl DsnDir {
    /// Writes DSN `name` with `Driver=<driver_path()>` and `attributes`.
    pub fn new(name: &str, attributes: &[(&str, &str)]) -> DsnDir {
        DsnDir::with_driver(name, &driver_path(), attributes)
    }

    /// Writes DSN `name` with `Driver=<driver>` (a library path) and `attributes`.
    pub fn with_driver(name: &str, driver: &Path, attributes: &[(&str, &str)]) -> DsnDir {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "apiodbc-dsn-{}-{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&dir).expect("create DSN directory");
        let mut ini = format!("[{name}]\nDriver={}\n", driver.display());
        for (key, value) in attributes {
            ini.push_str(&format!("{key}={value}\n"));
        }
        std::fs::write(dir.join("odbc.ini"), ini).expect("write odbc.ini");
        std::fs::write(dir.join("odbcinst.ini"), "").expect("write odbcinst.ini");
        DsnDir {
            dir,
            name: name.to_owned(),
        }
    }

    /// A DSN for a fake Stripe server: `Provider=stripe`, `BaseURL`, `LiveAPIKey`.
    pub fn for_fake_stripe(name: &str, fake: &FakeStripe) -> DsnDir {
        DsnDir::new(
            name,
            &[
                ("Provider", "stripe"),
                ("BaseURL", &fake.base_url()),
                ("LiveAPIKey", fake.api_key()),
            ],
        )
    }

    /// The DSN name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The directory holding `odbc.ini`.
    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// Makes `command` read its ODBC configuration from this directory only.
    pub fn apply<'c>(&self, command: &'c mut Command) -> &'c mut Command {
        command
            .env("ODBCSYSINI", &self.dir)
            .env("ODBCINI", self.dir.join("odbc.ini"))
    }
}

impl Drop for DsnDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Runs `isql` (or `iusql` if `wide`) on a DSN: `isql <dsn> -b -v -d'|'`, `sql` on standard input.
pub fn run_isql_dsn(dsn: &DsnDir, sql: &str, wide: bool) -> CommandOutput {
    let program = if wide { "iusql" } else { "isql" };
    let mut input = sql.trim_end().to_owned();
    input.push('\n');
    let mut command = Command::new(program);
    dsn.apply(&mut command)
        .arg(dsn.name())
        .args(["-b", "-v", "-d|"]);
    run_with_timeout(&mut command, &input, Duration::from_secs(120))
}

/// Whether `program` can be found on `PATH`.
pub fn on_path(program: &str) -> bool {
    std::env::var_os("PATH").is_some_and(|paths| {
        std::env::split_paths(&paths).any(|dir| Path::new(&dir).join(program).is_file())
    })
}

/// Raw `SQL*W` calls through the driver manager: the wide (UTF-16) entry points
/// that odbc-api does not use on Linux (`SQLDriverConnectW`, `SQLExecDirectW`,
/// `SQLPrepareW`, `SQLDescribeColW`, `SQLGetDiagRecW`, `SQLGetData` with `SQL_C_WCHAR`).
pub mod wide {
    use std::ptr::null_mut;

    use odbc_api::sys::{
        self, AttrOdbcVersion, CDataType, DriverConnectOption, EnvironmentAttribute, HDbc, HEnv,
        HStmt, Handle, HandleType, Len, Nullability, SqlDataType, SqlReturn, ULen,
    };

    use super::ResultTable;

    /// A failed ODBC call with its first diagnostic record.
    #[derive(Clone, Debug, PartialEq, Eq)]
    pub struct WideError {
        /// Which function failed.
        pub function: &'static str,
        /// SQLSTATE (empty if no record).
        pub state: String,
        /// Message text.
        pub message: String,
    }

    impl std::fmt::Display for WideError {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            write!(
                f,
                "{} failed: [{}] {}",
                self.function, self.state, self.message
            )
        }
    }

    /// A column as `SQLDescribeColW` reports it.
    #[derive(Clone, Debug, PartialEq, Eq)]
    pub struct WideColumn {
        /// Name.
        pub name: String,
        /// `SQL_*` data type code.
        pub data_type: i16,
        /// Column size.
        pub size: usize,
        /// `SQL_NO_NULLS` 0, `SQL_NULLABLE` 1, unknown 2.
        pub nullable: i16,
    }

    fn to_wide(s: &str) -> Vec<u16> {
        s.encode_utf16().collect()
    }

    fn ok(ret: SqlReturn) -> bool {
        ret == SqlReturn::SUCCESS || ret == SqlReturn::SUCCESS_WITH_INFO
    }

    fn diag(handle_type: HandleType, handle: Handle, function: &'static str) -> WideError {
        diag_record(handle_type, handle, 1, function).unwrap_or_else(|ret| WideError {
            function,
            state: String::new(),
            message: format!("no diagnostic record (SQLGetDiagRecW returned {})", ret.0),
        })
    }

    /// Diagnostic record `number` (1-based), or the return code that says there is none.
    fn diag_record(
        handle_type: HandleType,
        handle: Handle,
        number: i16,
        function: &'static str,
    ) -> Result<WideError, SqlReturn> {
        let mut state = [0u16; 6];
        let mut native = 0i32;
        let mut message = vec![0u16; 2048];
        let mut len = 0i16;
        // SAFETY: buffers are valid for the lengths passed.
        let ret = unsafe {
            sys::SQLGetDiagRecW(
                handle_type,
                handle,
                number,
                state.as_mut_ptr(),
                &mut native,
                message.as_mut_ptr(),
                message.len() as i16,
                &mut len,
            )
        };
        if !ok(ret) {
            return Err(ret);
        }
        let len = (len.max(0) as usize).min(message.len() - 1);
        Ok(WideError {
            function,
            state: String::from_utf16_lossy(&state[..5]),
            message: String::from_utf16_lossy(&message[..len]),
        })
    }

    /// A connection made with `SQLDriverConnectW`; handles are freed on drop.
    pub struct WideConnection {
        env: HEnv,
        dbc: HDbc,
        connected: bool,
    }

    impl WideConnection {
        /// Allocates an ODBC 3.80 environment and connects with `SQLDriverConnectW`.
        pub fn connect(connection_string: &str) -> Result<WideConnection, WideError> {
            let mut env = Handle::null();
            // SAFETY: plain handle allocation; out pointer valid.
            let ret = unsafe { sys::SQLAllocHandle(HandleType::Env, Handle::null(), &mut env) };
            assert!(ok(ret), "SQLAllocHandle(ENV) failed");
            let env = env.as_henv();
            // SAFETY: valid env handle; integer attribute passed as pointer value.
            let ret = unsafe {
                sys::SQLSetEnvAttr(
                    env,
                    EnvironmentAttribute::OdbcVersion,
                    AttrOdbcVersion::Odbc3_80.into(),
                    0,
                )
            };
            assert!(ok(ret), "SQLSetEnvAttr(ODBC_VERSION) failed");
            let mut dbc = Handle::null();
            // SAFETY: valid env handle.
            let ret = unsafe { sys::SQLAllocHandle(HandleType::Dbc, env.as_handle(), &mut dbc) };
            assert!(ok(ret), "SQLAllocHandle(DBC) failed");
            let mut conn = WideConnection {
                env,
                dbc: dbc.as_hdbc(),
                connected: false,
            };
            let text = to_wide(connection_string);
            let mut out = vec![0u16; 1024];
            let mut out_len = 0i16;
            // SAFETY: input and output buffers valid for the lengths given.
            let ret = unsafe {
                sys::SQLDriverConnectW(
                    conn.dbc,
                    null_mut(),
                    text.as_ptr(),
                    text.len() as i16,
                    out.as_mut_ptr(),
                    out.len() as i16,
                    &mut out_len,
                    DriverConnectOption::NoPrompt,
                )
            };
            if !ok(ret) {
                return Err(diag(
                    HandleType::Dbc,
                    conn.dbc.as_handle(),
                    "SQLDriverConnectW",
                ));
            }
            conn.connected = true;
            Ok(conn)
        }

        /// The diagnostic records the last call on the connection left
        /// (after a connect: its warnings).
        pub fn diagnostics(&self) -> Vec<WideError> {
            (1..)
                .map_while(|n| {
                    diag_record(HandleType::Dbc, self.dbc.as_handle(), n, "diagnostics").ok()
                })
                .collect()
        }

        /// The connection handle, for raw calls a test makes itself.
        pub fn handle(&self) -> HDbc {
            self.dbc
        }

        /// A new statement on this connection, freed on drop.
        pub fn statement(&self) -> Statement {
            let mut stmt = Handle::null();
            // SAFETY: valid connected dbc handle.
            let ret =
                unsafe { sys::SQLAllocHandle(HandleType::Stmt, self.dbc.as_handle(), &mut stmt) };
            assert!(ok(ret), "SQLAllocHandle(STMT) failed");
            Statement(stmt.as_hstmt())
        }

        /// `SQLExecDirectW` then fetches all rows with `SQLFetch` + `SQLGetData(SQL_C_WCHAR)`
        /// (in chunks, so long values exercise the parts protocol).
        pub fn query(&self, sql: &str) -> Result<ResultTable, WideError> {
            let stmt = self.statement();
            let text = to_wide(sql);
            // SAFETY: valid statement handle and buffer.
            let ret = unsafe { sys::SQLExecDirectW(stmt.0, text.as_ptr(), text.len() as i32) };
            stmt.check(ret, "SQLExecDirectW")?;
            stmt.fetch_text()
        }

        /// `SQLPrepareW` + `SQLNumResultCols` + `SQLDescribeColW`, without executing.
        pub fn prepare_describe(&self, sql: &str) -> Result<Vec<WideColumn>, WideError> {
            let stmt = self.statement();
            let text = to_wide(sql);
            // SAFETY: valid statement handle and buffer.
            let ret = unsafe { sys::SQLPrepareW(stmt.0, text.as_ptr(), text.len() as i32) };
            if !ok(ret) {
                return Err(stmt.error("SQLPrepareW"));
            }
            stmt.describe()
        }
    }

    impl Drop for WideConnection {
        fn drop(&mut self) {
            // SAFETY: handles were allocated by us and are freed once.
            unsafe {
                if self.connected {
                    let _ = sys::SQLDisconnect(self.dbc);
                }
                let _ = sys::SQLFreeHandle(HandleType::Dbc, self.dbc.as_handle());
                let _ = sys::SQLFreeHandle(HandleType::Env, self.env.as_handle());
            }
        }
    }

    /// A statement handle, freed on drop.
    pub struct Statement(HStmt);

    impl Statement {
        /// The raw handle, for calls a test makes itself.
        pub fn handle(&self) -> HStmt {
            self.0
        }

        /// The statement's first diagnostic record, attributed to `function`.
        pub fn error(&self, function: &'static str) -> WideError {
            diag(HandleType::Stmt, self.0.as_handle(), function)
        }

        /// Every diagnostic record of the last call, attributed to `function`.
        pub fn diagnostics(&self, function: &'static str) -> Vec<WideError> {
            (1..)
                .map_while(|n| diag_record(HandleType::Stmt, self.0.as_handle(), n, function).ok())
                .collect()
        }

        /// `Ok` for SQL_SUCCESS(_WITH_INFO), else the diagnostic.
        pub fn check(&self, ret: SqlReturn, function: &'static str) -> Result<(), WideError> {
            if ok(ret) {
                Ok(())
            } else {
                Err(self.error(function))
            }
        }

        /// Describes the open result and reads every row as text with `SQLFetch` and
        /// chunked `SQLGetData(SQL_C_WCHAR)`.
        pub fn fetch_text(&self) -> Result<ResultTable, WideError> {
            let columns = self.describe()?;
            let mut rows = Vec::new();
            loop {
                // SAFETY: valid statement handle.
                let ret = unsafe { sys::SQLFetch(self.0) };
                if ret == SqlReturn::NO_DATA {
                    break;
                }
                self.check(ret, "SQLFetch")?;
                let mut row = Vec::with_capacity(columns.len());
                for col in 1..=columns.len() as u16 {
                    row.push(self.get_wide_text(col)?);
                }
                rows.push(row);
            }
            Ok(ResultTable {
                columns: columns.iter().map(|c| c.name.clone()).collect(),
                types: Vec::new(),
                rows,
            })
        }

        /// `SQLNumResultCols` + `SQLDescribeColW` for every column.
        pub fn describe(&self) -> Result<Vec<WideColumn>, WideError> {
            let mut count = 0i16;
            // SAFETY: valid statement handle.
            let ret = unsafe { sys::SQLNumResultCols(self.0, &mut count) };
            if !ok(ret) {
                return Err(self.error("SQLNumResultCols"));
            }
            let mut columns = Vec::with_capacity(count.max(0) as usize);
            for col in 1..=count.max(0) as u16 {
                let mut name = vec![0u16; 512];
                let mut name_len = 0i16;
                let mut data_type = SqlDataType::UNKNOWN_TYPE;
                let mut size: ULen = 0;
                let mut digits = 0i16;
                let mut nullable = Nullability::UNKNOWN;
                // SAFETY: all out pointers valid; name buffer length in characters.
                let ret = unsafe {
                    sys::SQLDescribeColW(
                        self.0,
                        col,
                        name.as_mut_ptr(),
                        name.len() as i16,
                        &mut name_len,
                        &mut data_type,
                        &mut size,
                        &mut digits,
                        &mut nullable,
                    )
                };
                if !ok(ret) {
                    return Err(self.error("SQLDescribeColW"));
                }
                let name_len = (name_len.max(0) as usize).min(name.len() - 1);
                columns.push(WideColumn {
                    name: String::from_utf16_lossy(&name[..name_len]),
                    data_type: data_type.0,
                    size,
                    nullable: nullable.0,
                });
            }
            Ok(columns)
        }

        /// Reads one column of the current row as UTF-16 text in 256-character parts.
        pub fn get_wide_text(&self, col: u16) -> Result<Option<String>, WideError> {
            const CHUNK: usize = 256;
            let mut value: Vec<u16> = Vec::new();
            loop {
                let mut buf = [0u16; CHUNK + 1];
                let mut indicator: Len = 0;
                // SAFETY: buffer valid for its byte length.
                let ret = unsafe {
                    sys::SQLGetData(
                        self.0,
                        col,
                        CDataType::WChar,
                        buf.as_mut_ptr().cast(),
                        std::mem::size_of_val(&buf) as Len,
                        &mut indicator,
                    )
                };
                if ret == SqlReturn::NO_DATA {
                    break;
                }
                if !ok(ret) {
                    return Err(self.error("SQLGetData"));
                }
                if indicator == sys::NULL_DATA {
                    return Ok(None);
                }
                // A full part holds CHUNK characters plus the terminating NUL.
                let chars = if indicator == sys::NO_TOTAL || indicator as usize / 2 > CHUNK {
                    CHUNK
                } else {
                    indicator as usize / 2
                };
                value.extend_from_slice(&buf[..chars]);
                if ret == SqlReturn::SUCCESS {
                    break;
                }
            }
            Ok(Some(String::from_utf16_lossy(&value)))
        }
    }

    impl Drop for Statement {
        fn drop(&mut self) {
            // SAFETY: allocated by us, freed once.
            unsafe {
                let _ = sys::SQLFreeHandle(HandleType::Stmt, self.0.as_handle());
            }
        }
    }

    /// Connects with `SQLDriverConnectW` and runs one query.
    pub fn query(connection_string: &str, sql: &str) -> Result<ResultTable, WideError> {
        WideConnection::connect(connection_string)?.query(sql)
    }
}

/// Whether the environment says this is a CI run (`CI` set to anything but `false`/`0`/empty).
pub fn is_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0")
}

/// For tests needing an external tool: `true` if `available`; otherwise prints a skip notice and
/// returns `false` outside CI, and panics under CI (a missing tool must not pass silently there).
pub fn available_or_skip(available: bool, what: &str) -> bool {
    if available {
        return true;
    }
    assert!(!is_ci(), "{what} is required under CI but is not available");
    eprintln!("SKIPPED: {what} is not available (set CI=true to make this a failure)");
    false
}
