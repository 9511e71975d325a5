//! Misuse of the C API must never crash the host: null, foreign, freed and
//! wrongly typed handles, null output pointers, calls out of sequence, and
//! many threads at once.
//!
//! A driver manager filters much of this before it reaches a driver, so these
//! tests load `libapiodbc.so` with `dlopen` and call its exports directly, as
//! a driver manager would (the driver is still not linked into the test).

use std::ffi::c_void;
use std::ptr::null_mut;

use apiodbc_tests::odbc::{driver_path, fake_stripe_connection_string};
use apiodbc_tests::{FakeStripe, FakeStripeConfig};
use libloading::Library;

type Handle = *mut c_void;
const SUCCESS: i16 = 0;
const ERROR: i16 = -1;
const INVALID_HANDLE: i16 = -2;
const NTS: i16 = -3;
const ENV: i16 = 1;
const DBC: i16 = 2;
const STMT: i16 = 3;

/// The driver's exports, resolved once.
struct Driver {
    _library: Library,
    alloc: unsafe extern "system" fn(i16, Handle, *mut Handle) -> i16,
    free: unsafe extern "system" fn(i16, Handle) -> i16,
    set_env_attr: unsafe extern "system" fn(Handle, i32, Handle, i32) -> i16,
    connect: unsafe extern "system" fn(
        Handle,
        Handle,
        *const u8,
        i16,
        *mut u8,
        i16,
        *mut i16,
        u16,
    ) -> i16,
    disconnect: unsafe extern "system" fn(Handle) -> i16,
    exec_direct: unsafe extern "system" fn(Handle, *const u8, i32) -> i16,
    fetch: unsafe extern "system" fn(Handle) -> i16,
    num_result_cols: unsafe extern "system" fn(Handle, *mut i16) -> i16,
    describe_col: unsafe extern "system" fn(
        Handle,
        u16,
        *mut u8,
        i16,
        *mut i16,
        *mut i16,
        *mut usize,
        *mut i16,
        *mut i16,
    ) -> i16,
    get_data: unsafe extern "system" fn(Handle, u16, i16, Handle, isize, *mut isize) -> i16,
    bind_parameter: unsafe extern "system" fn(
        Handle,
        u16,
        i16,
        i16,
        i16,
        usize,
        i16,
        Handle,
        isize,
        *mut isize,
    ) -> i16,
    diag_rec: unsafe extern "system" fn(
        i16,
        Handle,
        i16,
        *mut u8,
        *mut i32,
        *mut u8,
        i16,
        *mut i16,
    ) -> i16,
}

impl Driver {
    fn load() -> Driver {
        // SAFETY: the library is our driver; its initialisers are plain Rust.
        let library = unsafe { Library::new(driver_path()) }.expect("dlopen libapiodbc");
        // SAFETY: each symbol has the signature the ODBC reference gives it.
        unsafe {
            Driver {
                alloc: *library.get(b"SQLAllocHandle\0").unwrap(),
                free: *library.get(b"SQLFreeHandle\0").unwrap(),
                set_env_attr: *library.get(b"SQLSetEnvAttr\0").unwrap(),
                connect: *library.get(b"SQLDriverConnect\0").unwrap(),
                disconnect: *library.get(b"SQLDisconnect\0").unwrap(),
                exec_direct: *library.get(b"SQLExecDirect\0").unwrap(),
                fetch: *library.get(b"SQLFetch\0").unwrap(),
                num_result_cols: *library.get(b"SQLNumResultCols\0").unwrap(),
                describe_col: *library.get(b"SQLDescribeCol\0").unwrap(),
                get_data: *library.get(b"SQLGetData\0").unwrap(),
                bind_parameter: *library.get(b"SQLBindParameter\0").unwrap(),
                diag_rec: *library.get(b"SQLGetDiagRec\0").unwrap(),
                _library: library,
            }
        }
    }

    fn env(&self) -> Handle {
        let mut env = null_mut();
        // SAFETY: valid out pointer; ODBC 3 as an integer attribute value.
        unsafe {
            assert_eq!((self.alloc)(ENV, null_mut(), &mut env), SUCCESS);
            assert_eq!((self.set_env_attr)(env, 200, 3 as Handle, 0), SUCCESS);
        }
        env
    }

    /// An environment, a connection to the fake server and a statement.
    fn connected(&self, fake: &FakeStripe) -> (Handle, Handle, Handle) {
        let env = self.env();
        let mut dbc = null_mut();
        let mut stmt = null_mut();
        let text = fake_stripe_connection_string(fake);
        // SAFETY: valid handles, buffers and lengths.
        unsafe {
            assert_eq!((self.alloc)(DBC, env, &mut dbc), SUCCESS);
            let ret = (self.connect)(
                dbc,
                null_mut(),
                text.as_ptr(),
                text.len() as i16,
                null_mut(),
                0,
                null_mut(),
                0,
            );
            assert_eq!(ret, SUCCESS, "connect: {}", self.state(DBC, dbc));
            assert_eq!((self.alloc)(STMT, dbc, &mut stmt), SUCCESS);
        }
        (env, dbc, stmt)
    }

    fn close(&self, (env, dbc, stmt): (Handle, Handle, Handle)) {
        // SAFETY: handles allocated by `connected`, freed once, children first.
        unsafe {
            assert_eq!((self.free)(STMT, stmt), SUCCESS);
            assert_eq!((self.disconnect)(dbc), SUCCESS);
            assert_eq!((self.free)(DBC, dbc), SUCCESS);
            assert_eq!((self.free)(ENV, env), SUCCESS);
        }
    }

    /// The SQLSTATE of the handle's first diagnostic record.
    fn state(&self, handle_type: i16, handle: Handle) -> String {
        let mut state = [0u8; 6];
        let mut native = 0;
        let mut len = 0;
        // SAFETY: buffers valid for their lengths; a null message buffer only measures.
        let ret = unsafe {
            (self.diag_rec)(
                handle_type,
                handle,
                1,
                state.as_mut_ptr(),
                &mut native,
                null_mut(),
                0,
                &mut len,
            )
        };
        if ret == SUCCESS || ret == 1 {
            String::from_utf8_lossy(&state[..5]).into_owned()
        } else {
            format!("<{ret}>")
        }
    }

    fn exec(&self, stmt: Handle, sql: &str) -> i16 {
        // SAFETY: valid statement, buffer and length.
        unsafe { (self.exec_direct)(stmt, sql.as_ptr(), sql.len() as i32) }
    }
}

#[test]
fn null_foreign_freed_and_mistyped_handles_are_invalid() {
    let d = Driver::load();
    let env = d.env();
    let freed = d.env();
    let on_stack = 0u64;
    // SAFETY: the point of the test: handles the driver must validate, not trust.
    unsafe {
        assert_eq!((d.free)(ENV, freed), SUCCESS);
        for bogus in [
            null_mut(),
            0xdead_beef as Handle,
            (&raw const on_stack).cast_mut().cast(),
            freed,
        ] {
            assert_eq!((d.fetch)(bogus), INVALID_HANDLE);
            assert_eq!((d.set_env_attr)(bogus, 200, 3 as Handle, 0), INVALID_HANDLE);
            assert_eq!((d.free)(STMT, bogus), INVALID_HANDLE);
            assert_eq!((d.disconnect)(bogus), INVALID_HANDLE);
        }
        // An environment is not a statement or a connection.
        assert_eq!((d.fetch)(env), INVALID_HANDLE);
        assert_eq!((d.free)(DBC, env), INVALID_HANDLE);
        // A diagnostic read with the wrong handle type is refused too.
        let mut state = [0u8; 6];
        assert_eq!(
            (d.diag_rec)(
                STMT,
                env,
                1,
                state.as_mut_ptr(),
                null_mut(),
                null_mut(),
                0,
                null_mut()
            ),
            INVALID_HANDLE
        );
        assert_eq!((d.free)(ENV, env), SUCCESS);
    }
}

/// What the ODBC reference asks of a driver for calls a driver manager
/// usually filters: each answered with its own SQLSTATE on a record.
#[test]
fn conformance_of_calls_a_driver_manager_would_filter() {
    let d = Driver::load();
    let fake = FakeStripe::start(FakeStripeConfig::sized(1, 1));
    // SAFETY: valid handles and out pointers throughout.
    unsafe {
        let mut env = null_mut();
        assert_eq!((d.alloc)(ENV, null_mut(), &mut env), SUCCESS);
        let mut dbc = null_mut();
        assert_eq!(
            (d.alloc)(DBC, env, &mut dbc),
            ERROR,
            "before SQL_ATTR_ODBC_VERSION"
        );
        assert_eq!(d.state(ENV, env), "HY010");
        assert_eq!((d.alloc)(99, env, &mut dbc), ERROR, "no such handle type");
        assert_eq!(d.state(ENV, env), "HY092");
        assert_eq!((d.free)(ENV, env), SUCCESS);
    }
    let handles = d.connected(&fake);
    let stmt = handles.2;
    // SAFETY: valid statement; a zero length and an unknown parameter type.
    unsafe {
        assert_eq!((d.exec_direct)(stmt, c"SELECT 1".as_ptr().cast(), 0), ERROR);
        assert_eq!(d.state(STMT, stmt), "HY090", "a zero-length statement");
        let mut value = 1i64;
        for (io_type, state, why) in [
            (3, "HY105", "parameter type 3 does not exist"),
            (4, "HYC00", "output parameters are not supported"),
        ] {
            let ret = (d.bind_parameter)(
                stmt,
                1,
                io_type,
                -25,
                -5,
                0,
                0,
                (&raw mut value).cast(),
                8,
                null_mut(),
            );
            assert_eq!(ret, ERROR, "{why}");
            assert_eq!(d.state(STMT, stmt), state, "{why}");
        }
    }
    d.close(handles);
}

#[test]
fn null_output_pointers_are_hy009_and_out_of_sequence_calls_hy010() {
    let d = Driver::load();
    let fake = FakeStripe::start(FakeStripeConfig::sized(5, 5));
    let handles = d.connected(&fake);
    let (env, dbc, stmt) = handles;
    // SAFETY: deliberately null output pointers on valid handles.
    unsafe {
        assert_eq!((d.alloc)(DBC, env, null_mut()), ERROR);
        assert_eq!(d.state(ENV, env), "HY009");
        assert_eq!((d.alloc)(STMT, dbc, null_mut()), ERROR);
        assert_eq!(d.state(DBC, dbc), "HY009");

        // Nothing prepared or executed yet.
        assert_eq!((d.fetch)(stmt), ERROR);
        assert_eq!(d.state(STMT, stmt), "HY010");
        let mut count = 0i16;
        let ret = (d.num_result_cols)(stmt, &mut count);
        assert!(ret == ERROR && d.state(STMT, stmt) == "HY010" || ret == SUCCESS && count == 0);

        assert_eq!(d.exec(stmt, "SELECT id, email FROM customers"), SUCCESS);
        assert_eq!((d.num_result_cols)(stmt, null_mut()), ERROR);
        assert_eq!(d.state(STMT, stmt), "HY009");
        // Every output pointer of SQLDescribeCol is optional.
        assert_eq!(
            (d.describe_col)(
                stmt,
                1,
                null_mut(),
                0,
                null_mut(),
                null_mut(),
                null_mut(),
                null_mut(),
                null_mut()
            ),
            SUCCESS
        );
        assert_eq!(
            (d.describe_col)(
                stmt,
                9,
                null_mut(),
                0,
                null_mut(),
                null_mut(),
                null_mut(),
                null_mut(),
                null_mut()
            ),
            ERROR
        );
        assert_eq!(d.state(STMT, stmt), "07009");
        // GetData before the first fetch, then with a null target buffer.
        let mut ind = 0isize;
        assert_eq!((d.get_data)(stmt, 1, 1, null_mut(), 0, &mut ind), ERROR);
        assert_eq!((d.fetch)(stmt), SUCCESS);
        assert_eq!((d.get_data)(stmt, 1, 1, null_mut(), 16, &mut ind), ERROR);
        assert_eq!(d.state(STMT, stmt), "HY009");

        // Executing over an open cursor, and freeing a connected connection.
        assert_eq!(d.exec(stmt, "SELECT 1"), ERROR);
        assert_eq!(d.state(STMT, stmt), "24000");
        assert_eq!((d.free)(DBC, dbc), ERROR);
        assert_eq!(d.state(DBC, dbc), "HY010");
        // A malformed statement is a diagnostic, not a crash.
        let sql = "SELECT FROM WHERE (((";
        assert_eq!((d.exec_direct)(stmt, sql.as_ptr(), NTS.into()), ERROR);
    }
    d.close(handles);
}

#[test]
fn many_threads_with_their_own_handles() {
    let d = Driver::load();
    let fake = FakeStripe::start(FakeStripeConfig::sized(10, 30));
    std::thread::scope(|scope| {
        for _ in 0..8 {
            scope.spawn(|| {
                for _ in 0..5 {
                    let handles = d.connected(&fake);
                    assert_eq!(d.exec(handles.2, "SELECT count(*) FROM charges"), SUCCESS);
                    let mut rows = 0;
                    // SAFETY: valid statement.
                    while unsafe { (d.fetch)(handles.2) } == SUCCESS {
                        rows += 1;
                    }
                    assert_eq!(rows, 1);
                    d.close(handles);
                }
            });
        }
    });
}
