//! Bound parameters through unixODBC with raw calls: a length indicator is
//! capped by the buffer it describes (2^40 bytes claimed of a 20-byte buffer
//! aborted the host on an allocation).

use apiodbc_tests::odbc::fake_stripe_connection_string;
use apiodbc_tests::odbc::wide::WideConnection;
use apiodbc_tests::{FakeStripe, FakeStripeConfig};
use odbc_api::sys::{self, CDataType, ParamType, SqlDataType};

#[test]
fn a_length_indicator_past_its_buffer_is_hy090() {
    let fake = FakeStripe::start(FakeStripeConfig::sized(1, 1));
    let connection =
        WideConnection::connect(&fake_stripe_connection_string(&fake)).expect("connects");
    let statement = connection.statement();
    let sql: Vec<u16> = "SELECT ? AS p".encode_utf16().collect();
    // SAFETY: the text is valid for its length.
    let ret = unsafe { sys::SQLPrepareW(statement.handle(), sql.as_ptr(), sql.len() as i32) };
    statement.check(ret, "SQLPrepareW").expect("prepared");
    let mut value = *b"twenty bytes of text";
    for (indicator, expected) in [(1isize << 40, Some("HY090")), (6, None)] {
        let mut indicator = indicator;
        // SAFETY: `value` and `indicator` outlive the execution below.
        let ret = unsafe {
            sys::SQLBindParameter(
                statement.handle(),
                1,
                ParamType::Input,
                CDataType::Char,
                SqlDataType::VARCHAR,
                20,
                0,
                value.as_mut_ptr().cast(),
                value.len() as isize,
                &mut indicator,
            )
        };
        statement.check(ret, "SQLBindParameter").expect("bound");
        // SAFETY: a prepared statement with its parameter bound.
        let ret = unsafe { sys::SQLExecute(statement.handle()) };
        match expected {
            Some(state) => {
                let error = statement.check(ret, "SQLExecute").expect_err("refused");
                assert_eq!(error.state, state, "{error}");
                assert!(
                    error
                        .message
                        .contains("exceeds the parameter's buffer (20 bytes)"),
                    "{error}"
                );
            }
            None => {
                statement.check(ret, "SQLExecute").expect("executes");
                let table = statement.fetch_text().expect("rows");
                assert_eq!(table.rows, vec![vec![Some("twenty".to_string())]]);
            }
        }
    }
}
