//! Interrupting a running statement through unixODBC: `SQLCancel` from another
//! thread ends a slow fetch, or a slow planning, with HY008, and
//! `SQL_ATTR_QUERY_TIMEOUT` with HYT00. Both are asserted by SQLSTATE and by
//! the requests the scan made: an interrupted scan stops paging instead of
//! reading all ten pages. SQL built to blow up the parser is refused at once.
//!
//! Needs `cargo build -p apiodbc` first (same target dir and profile).

use std::ffi::c_void;
use std::thread;
use std::time::Duration;

use apiodbc_tests::odbc::fake_stripe_connection_string;
use apiodbc_tests::odbc::wide::{Statement, WideConnection, WideError};
use apiodbc_tests::{FakeStripe, FakeStripeConfig};
use odbc_api::sys::{self, HStmt, SqlReturn, StatementAttribute};

/// 1,000 charges: ten pages of 100, each answered after `latency`.
fn slow_server(latency: Duration) -> (FakeStripe, WideConnection) {
    let fake = FakeStripe::start(FakeStripeConfig::sized(25, 1000));
    let conn = WideConnection::connect(&fake_stripe_connection_string(&fake))
        .unwrap_or_else(|e| panic!("{e}"));
    fake.reset_log();
    fake.set_latency(latency);
    (fake, conn)
}

/// Executes `SELECT * FROM charges` and fetches until the end or the first error.
fn scan(stmt: &Statement) -> Result<usize, WideError> {
    run(stmt, "SELECT * FROM charges")
}

/// Executes `sql` and fetches until the end or the first error.
fn run(stmt: &Statement, sql: &str) -> Result<usize, WideError> {
    let sql: Vec<u16> = sql.encode_utf16().collect();
    // SAFETY: valid statement handle and buffer.
    stmt.check(
        unsafe { sys::SQLExecDirectW(stmt.handle(), sql.as_ptr(), sql.len() as i32) },
        "SQLExecDirectW",
    )?;
    let mut rows = 0;
    loop {
        // SAFETY: valid statement handle.
        let ret = unsafe { sys::SQLFetch(stmt.handle()) };
        if ret == SqlReturn::NO_DATA {
            return Ok(rows);
        }
        stmt.check(ret, "SQLFetch")?;
        rows += 1;
    }
}

/// A statement handle that may be used from another thread, as `SQLCancel` allows.
struct Shared(HStmt);
// SAFETY: ODBC defines SQLCancel to be called from another thread on a live handle.
unsafe impl Send for Shared {}

/// Calls SQLCancel on `stmt` from another thread after `delay`.
fn cancel_after(stmt: &Statement, delay: Duration) -> thread::JoinHandle<SqlReturn> {
    let shared = Shared(stmt.handle());
    thread::spawn(move || {
        let shared = shared;
        thread::sleep(delay);
        // SAFETY: the statement outlives this thread (joined by the caller).
        unsafe { sys::SQLCancel(shared.0) }
    })
}

fn set_query_timeout(stmt: &Statement, seconds: usize) {
    // SAFETY: integer attribute passed by value.
    let ret = unsafe {
        sys::SQLSetStmtAttrW(
            stmt.handle(),
            StatementAttribute::QueryTimeout,
            std::ptr::without_provenance_mut::<c_void>(seconds),
            0,
        )
    };
    assert_eq!(ret, SqlReturn::SUCCESS);
}

/// A statement whose planning takes seconds: naming a 1,000-term select
/// expression costs the engine time quadratic in its length.
fn slow_to_plan() -> String {
    let terms: Vec<String> = (0..1000).map(|i| format!("amount + {i}")).collect();
    format!("SELECT {} FROM charges", terms.join(" + "))
}

#[test]
fn sqlcancel_from_another_thread_ends_a_slow_scan_with_hy008() {
    let (fake, conn) = slow_server(Duration::from_millis(400));
    let stmt = conn.statement();
    let canceller = cancel_after(&stmt, Duration::from_millis(250));
    let outcome = scan(&stmt);
    let cancel_ret = canceller.join().unwrap();
    assert_eq!(cancel_ret, SqlReturn::SUCCESS, "SQLCancel itself succeeds");
    let error = outcome.expect_err("a cancelled scan must not finish");
    assert_eq!(error.state, "HY008", "{error}");
    let pages = fake.requests_to("/v1/charges").len();
    assert!(
        pages < 10,
        "the cancelled scan kept paging: {pages} requests"
    );

    // Cancelling closed the cursor (the driver manager assumes so too): the
    // statement runs again without SQLCloseCursor.
    fake.set_latency(Duration::ZERO);
    assert_eq!(scan(&stmt).unwrap_or_else(|e| panic!("{e}")), 1000);
}

#[test]
fn query_timeout_ends_a_slow_scan_with_hyt00() {
    let (fake, conn) = slow_server(Duration::from_millis(1500));
    let stmt = conn.statement();
    set_query_timeout(&stmt, 1);
    let error = scan(&stmt).expect_err("the statement must time out");
    assert_eq!(error.state, "HYT00", "{error}");
    let pages = fake.requests_to("/v1/charges").len();
    assert!(
        pages < 10,
        "the timed-out scan kept paging: {pages} requests"
    );
}

#[test]
fn planning_is_stopped_by_sqlcancel_and_by_the_query_timeout() {
    let (fake, conn) = slow_server(Duration::ZERO);
    let stmt = conn.statement();
    let canceller = cancel_after(&stmt, Duration::from_millis(300));
    let error = run(&stmt, &slow_to_plan()).expect_err("a cancelled statement must not finish");
    assert_eq!(canceller.join().unwrap(), SqlReturn::SUCCESS);
    assert_eq!(error.state, "HY008", "{error}");

    set_query_timeout(&stmt, 1);
    let error = run(&stmt, &slow_to_plan()).expect_err("the statement must time out");
    assert_eq!(error.state, "HYT00", "{error}");
    assert!(
        fake.requests_to("/v1/charges").is_empty(),
        "planning makes no request"
    );

    // The statement and its connection go on at once.
    set_query_timeout(&stmt, 0);
    assert_eq!(scan(&stmt).unwrap_or_else(|e| panic!("{e}")), 1000);
}

#[test]
fn parser_bombs_are_refused_with_42000() {
    let (_fake, conn) = slow_server(Duration::ZERO);
    let stmt = conn.statement();
    let nest = |depth: usize, inner: &str| {
        format!(
            "SELECT {}{inner}{} FROM charges",
            "CAST(".repeat(depth),
            " AS BIGINT)".repeat(depth)
        )
    };
    // 50 nested CASTs parsed for hours, and so did a typo inside 20.
    for sql in [nest(50, "amount"), nest(20, "amount AS")] {
        let error = run(&stmt, &sql).expect_err("refused");
        assert_eq!(error.state, "42000", "{error}");
    }
    let parens = format!("SELECT {}1{}", "(".repeat(500), ")".repeat(500));
    let error = run(&stmt, &parens).expect_err("refused");
    assert_eq!(error.state, "42000", "{error}");
    assert!(error.message.contains("nests too deeply"), "{error}");
    // 500 chained JSON subscripts planned in minutes; now they answer.
    let chain = format!("SELECT metadata{} FROM charges", "['a']".repeat(500));
    assert_eq!(run(&stmt, &chain).unwrap_or_else(|e| panic!("{e}")), 1000);
}

/// unixODBC passes an execute over an open cursor to the driver when no row
/// was fetched, and afterwards believes the cursor closed; the driver closes
/// it too, so the statement is not stuck between two refusals.
#[test]
fn an_execute_over_an_open_cursor_leaves_driver_and_driver_manager_in_step() {
    let (_fake, conn) = slow_server(Duration::ZERO);
    let stmt = conn.statement();
    let h = stmt.handle();
    let sql: Vec<u16> = "SELECT id FROM charges".encode_utf16().collect();
    // SAFETY: valid statement handle and buffers.
    unsafe {
        let direct = || sys::SQLExecDirectW(h, sql.as_ptr(), sql.len() as i32);
        assert_eq!(
            sys::SQLPrepareW(h, sql.as_ptr(), sql.len() as i32),
            SqlReturn::SUCCESS
        );
        assert_eq!(sys::SQLExecute(h), SqlReturn::SUCCESS);
        let error = stmt
            .check(direct(), "SQLExecDirectW")
            .expect_err("a cursor is open");
        assert_eq!(error.state, "24000", "{error}");
        // Both now agree that no cursor is open.
        let error = stmt
            .check(sys::SQLCloseCursor(h), "SQLCloseCursor")
            .expect_err("no cursor");
        assert_eq!(error.state, "24000", "{error}");
        assert_eq!(direct(), SqlReturn::SUCCESS);
    }
    let mut rows = 0;
    // SAFETY: valid statement handle.
    while unsafe { sys::SQLFetch(h) } == SqlReturn::SUCCESS {
        rows += 1;
    }
    assert_eq!(rows, 1000, "the statement runs again and reads every row");
}
