//! Preparing and executing statements, describing their results, and the
//! statement's life cycle: `SQLPrepare`, `SQLExecute`, `SQLExecDirect`,
//! `SQLNumResultCols`, `SQLDescribeCol`, `SQLColAttribute`, `SQLRowCount`,
//! `SQLMoreResults`, `SQLCloseCursor`, `SQLFreeStmt`, `SQLCancel`.

use odbc_sys::{Pointer, SqlReturn};

use super::text::{self, Encoding, Measure, Narrow, WChar, Wide};
use super::{Integer, SmallInt, Status, call, call_locked, guard, required};
use crate::convert::column_attributes::{Attr, column, column_attribute};
use crate::diag::{Error, Result};
use crate::handles::{self, SetRun, Stmt};

/// Writes how a parameter set ran into the client's parameter status
/// array and makes it the call's outcome; no set left is `SQL_NO_DATA`.
fn report(stmt: &Stmt, run: Option<SetRun>) -> Result<Status> {
    let Some(SetRun { index, outcome }) = run else {
        return Ok(Status::NoData);
    };
    // SAFETY: the parameter status buffers are the client's, valid while it executes.
    unsafe { super::params::report_set(stmt, index, outcome.is_ok()) };
    outcome.map(|()| Status::Success)
}

/// The SQL text of SQLPrepare/SQLExecDirect: `len` units, or NUL-terminated.
///
/// # Safety
/// `text_ptr` must be null or hold `len` units (or a NUL-terminated string).
unsafe fn statement_text<E: Encoding>(text_ptr: *const E::Unit, len: Integer) -> Result<String> {
    required(text_ptr.cast_mut(), "StatementText")?;
    if len == 0 {
        return Err(Error::invalid_length("invalid string or buffer length 0"));
    }
    // SAFETY: forwarded from the caller.
    Ok(unsafe { text::read::<E>(text_ptr, len as isize) }?.unwrap_or_default())
}

fn prepare_text<E: Encoding>(
    statement: Pointer,
    text_ptr: *const E::Unit,
    len: Integer,
) -> SqlReturn {
    call::<Stmt>(statement, |handle, _| {
        // SAFETY: the client passes `len` units of text (or NUL-terminated text).
        let sql = unsafe { statement_text::<E>(text_ptr, len) }?;
        handle.state.lock().prepare(&sql, handle.cancellation())?;
        Ok(Status::Success)
    })
}

fn exec_direct<E: Encoding>(
    statement: Pointer,
    text_ptr: *const E::Unit,
    len: Integer,
) -> SqlReturn {
    call::<Stmt>(statement, |handle, _| {
        // SAFETY: the client passes `len` units of text (or NUL-terminated text).
        let sql = unsafe { statement_text::<E>(text_ptr, len) }?;
        let mut stmt = handle.state.lock();
        let run = stmt.exec_direct(&sql, handle.cancellation(), super::params::collect)?;
        report(&stmt, run)
    })
}

#[unsafe(no_mangle)]
pub extern "system" fn SQLPrepare(statement: Pointer, text: *const u8, len: Integer) -> SqlReturn {
    prepare_text::<Narrow>(statement, text, len)
}

#[unsafe(no_mangle)]
pub extern "system" fn SQLPrepareW(
    statement: Pointer,
    text: *const WChar,
    len: Integer,
) -> SqlReturn {
    prepare_text::<Wide>(statement, text, len)
}

#[unsafe(no_mangle)]
pub extern "system" fn SQLExecDirect(
    statement: Pointer,
    text: *const u8,
    len: Integer,
) -> SqlReturn {
    exec_direct::<Narrow>(statement, text, len)
}

#[unsafe(no_mangle)]
pub extern "system" fn SQLExecDirectW(
    statement: Pointer,
    text: *const WChar,
    len: Integer,
) -> SqlReturn {
    exec_direct::<Wide>(statement, text, len)
}

#[unsafe(no_mangle)]
pub extern "system" fn SQLExecute(statement: Pointer) -> SqlReturn {
    call::<Stmt>(statement, |handle, _| {
        let cancel = handle.cancellation();
        let mut stmt = handle.state.lock();
        let run = stmt.execute(cancel, super::params::collect)?;
        report(&stmt, run)
    })
}

#[unsafe(no_mangle)]
pub extern "system" fn SQLNumResultCols(statement: Pointer, count: *mut SmallInt) -> SqlReturn {
    call_locked::<Stmt>(statement, |stmt, _| {
        let out = required(count, "ColumnCountPtr")?;
        let n = stmt.result_columns()?;
        // SAFETY: non-null; the client passes a SQLSMALLINT.
        unsafe { text::store(out, n) };
        Ok(Status::Success)
    })
}

#[allow(clippy::too_many_arguments)]
fn describe_col<E: Encoding>(
    statement: Pointer,
    number: u16,
    name: *mut E::Unit,
    buffer_len: SmallInt,
    name_len: *mut SmallInt,
    data_type: *mut SmallInt,
    column_size: *mut usize,
    decimal_digits: *mut SmallInt,
    nullable: *mut SmallInt,
) -> SqlReturn {
    call_locked::<Stmt>(statement, |stmt, warnings| {
        let records = stmt.described()?;
        let r = column(&records, number)?;
        // SAFETY: every output is optional; non-null ones are the client's, sized as ODBC defines.
        unsafe {
            let written = text::write::<E>(&r.name, name, buffer_len.into(), Measure::Chars)?;
            text::store(name_len, written.len);
            if written.truncated {
                warnings.push(Error::truncated());
            }
            if !data_type.is_null() {
                data_type.write(r.concise_type);
            }
            if !column_size.is_null() {
                column_size.write(r.length);
            }
            if !decimal_digits.is_null() {
                decimal_digits.write(r.scale);
            }
            if !nullable.is_null() {
                nullable.write(r.nullable);
            }
        }
        Ok(Status::Success)
    })
}

#[unsafe(no_mangle)]
pub extern "system" fn SQLDescribeCol(
    statement: Pointer,
    number: u16,
    name: *mut u8,
    buffer_len: SmallInt,
    name_len: *mut SmallInt,
    data_type: *mut SmallInt,
    column_size: *mut usize,
    decimal_digits: *mut SmallInt,
    nullable: *mut SmallInt,
) -> SqlReturn {
    describe_col::<Narrow>(
        statement,
        number,
        name,
        buffer_len,
        name_len,
        data_type,
        column_size,
        decimal_digits,
        nullable,
    )
}

#[unsafe(no_mangle)]
pub extern "system" fn SQLDescribeColW(
    statement: Pointer,
    number: u16,
    name: *mut WChar,
    buffer_len: SmallInt,
    name_len: *mut SmallInt,
    data_type: *mut SmallInt,
    column_size: *mut usize,
    decimal_digits: *mut SmallInt,
    nullable: *mut SmallInt,
) -> SqlReturn {
    describe_col::<Wide>(
        statement,
        number,
        name,
        buffer_len,
        name_len,
        data_type,
        column_size,
        decimal_digits,
        nullable,
    )
}

#[allow(clippy::too_many_arguments)]
fn col_attribute_ffi<E: Encoding>(
    statement: Pointer,
    number: u16,
    field: u16,
    char_attr: Pointer,
    buffer_len: SmallInt,
    string_len: *mut SmallInt,
    numeric_attr: *mut isize,
) -> SqlReturn {
    call_locked::<Stmt>(statement, |stmt, warnings| {
        let records = stmt.described()?;
        match column_attribute(&records, number, field)? {
            Attr::Text(s) => {
                // SAFETY: the buffer is the client's, `buffer_len` bytes; null only measures.
                let written = unsafe {
                    text::write::<E>(&s, char_attr.cast(), buffer_len.into(), Measure::Bytes)
                }?;
                // SAFETY: optional output, a SQLSMALLINT when non-null.
                unsafe { text::store(string_len, written.len) };
                if written.truncated {
                    warnings.push(Error::truncated());
                }
            }
            Attr::Number(n) => {
                let out = required(numeric_attr, "NumericAttributePtr")?;
                // SAFETY: non-null; ODBC declares it a SQLLEN.
                unsafe { out.write_unaligned(n) };
            }
        }
        Ok(Status::Success)
    })
}

#[unsafe(no_mangle)]
pub extern "system" fn SQLColAttribute(
    statement: Pointer,
    number: u16,
    field: u16,
    char_attr: Pointer,
    buffer_len: SmallInt,
    string_len: *mut SmallInt,
    numeric_attr: *mut isize,
) -> SqlReturn {
    col_attribute_ffi::<Narrow>(
        statement,
        number,
        field,
        char_attr,
        buffer_len,
        string_len,
        numeric_attr,
    )
}

#[unsafe(no_mangle)]
pub extern "system" fn SQLColAttributeW(
    statement: Pointer,
    number: u16,
    field: u16,
    char_attr: Pointer,
    buffer_len: SmallInt,
    string_len: *mut SmallInt,
    numeric_attr: *mut isize,
) -> SqlReturn {
    col_attribute_ffi::<Wide>(
        statement,
        number,
        field,
        char_attr,
        buffer_len,
        string_len,
        numeric_attr,
    )
}

#[unsafe(no_mangle)]
pub extern "system" fn SQLRowCount(statement: Pointer, count: *mut isize) -> SqlReturn {
    call_locked::<Stmt>(statement, |stmt, _| {
        let out = required(count, "RowCountPtr")?;
        let n = stmt.affected_rows()?;
        // SAFETY: non-null; the client passes a SQLLEN.
        unsafe { out.write_unaligned(n) };
        Ok(Status::Success)
    })
}

#[unsafe(no_mangle)]
pub extern "system" fn SQLMoreResults(statement: Pointer) -> SqlReturn {
    call::<Stmt>(statement, |handle, _| {
        let cancel = handle.cancellation();
        let mut stmt = handle.state.lock();
        let run = stmt.more_results(cancel)?;
        report(&stmt, run)
    })
}

#[unsafe(no_mangle)]
pub extern "system" fn SQLCloseCursor(statement: Pointer) -> SqlReturn {
    call_locked::<Stmt>(statement, |stmt, _| {
        stmt.close_open_cursor()?;
        Ok(Status::Success)
    })
}

#[unsafe(no_mangle)]
pub extern "system" fn SQLFreeStmt(statement: Pointer, option: u16) -> SqlReturn {
    call::<Stmt>(statement, |handle, _| {
        Stmt::free_stmt(handle, option)?;
        Ok(Status::Success)
    })
}

/// Cancels what the statement is doing on another thread, or closes the
/// cursor of an idle statement (`Stmt::cancel_running`, `Stmt::cancel_idle`).
/// Only the idle case is a call of its own, with its own diagnostics.
#[unsafe(no_mangle)]
pub extern "system" fn SQLCancel(statement: Pointer) -> SqlReturn {
    guard(|| match handles::get::<Stmt>(statement) {
        Some(running) if Stmt::cancel_running(&running) => SqlReturn::SUCCESS,
        _ => call::<Stmt>(statement, |handle, _| {
            Stmt::cancel_idle(handle);
            Ok(Status::Success)
        }),
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use std::sync::Arc;

    use arrow::array::{Int64Array, RecordBatch, StringArray};
    use arrow::datatypes::{DataType, Field, Schema};

    use odbc_sys::FreeStmtOption;

    use super::*;
    use crate::convert::types::LONG_SIZE;
    use crate::handles::{Conn, Env, Handle, lifecycle};
    use crate::query::{ResultSet, Session};

    /// A statement on a connection with a session over the planner's
    /// in-memory provider.
    pub fn stmt() -> Arc<Handle<Stmt>> {
        let env = handles::alloc(Env {
            odbc_version: crate::handles::env::ODBC3,
            ..Env::default()
        });
        let conn = lifecycle::alloc_conn(&env).unwrap();
        let provider = Arc::new(crate::query::fake::Fake::default());
        let session = Session::new(provider, apiodbc_providers::Properties::default(), None);
        conn.state.lock().session = Some(Arc::new(session.unwrap()));
        lifecycle::alloc_stmt(&conn).unwrap()
    }

    pub fn conn_of(h: &Arc<Handle<Stmt>>) -> Arc<Handle<Conn>> {
        h.state.lock().conn.clone()
    }

    pub fn people(rows: &[(i64, &str)], split_at: usize) -> ResultSet {
        let schema = Arc::new(Schema::new(vec![
            Field::new("id", DataType::Int64, false),
            Field::new("name", DataType::Utf8, true),
        ]));
        let batch = |r: &[(i64, &str)]| {
            RecordBatch::try_new(
                schema.clone(),
                vec![
                    Arc::new(Int64Array::from_iter_values(r.iter().map(|x| x.0))),
                    Arc::new(StringArray::from_iter_values(r.iter().map(|x| x.1))),
                ],
            )
            .unwrap()
        };
        let (a, b) = rows.split_at(split_at.min(rows.len()));
        ResultSet::from_batches(schema.clone(), vec![batch(a), batch(b)])
    }

    pub fn ptr(h: &Arc<Handle<Stmt>>) -> Pointer {
        h.as_ptr()
    }

    fn last_state(h: &Arc<Handle<Stmt>>) -> &'static str {
        h.diag.lock().records.first().map_or("00000", |r| r.state)
    }

    #[test]
    fn describe_before_execute_is_a_sequence_error() {
        let h = stmt();
        let mut n = 0i16;
        assert_eq!(SQLNumResultCols(ptr(&h), &mut n), SqlReturn::ERROR);
        assert_eq!(last_state(&h), "HY010");
        assert_eq!(SQLExecute(ptr(&h)), SqlReturn::ERROR);
        assert_eq!(last_state(&h), "HY010");
        assert_eq!(SQLCloseCursor(ptr(&h)), SqlReturn::ERROR);
        assert_eq!(last_state(&h), "24000");
        let mut count = 0isize;
        assert_eq!(SQLRowCount(ptr(&h), &mut count), SqlReturn::ERROR);
        assert_eq!(SQLFreeStmt(ptr(&h), 1), SqlReturn::SUCCESS);
        assert_eq!(SQLFreeStmt(ptr(&h), 0), SqlReturn::INVALID_HANDLE);
    }

    #[test]
    fn describe_an_open_result() {
        let h = stmt();
        h.state.lock().open_result(people(&[(1, "ann")], 1));
        let mut n = 0i16;
        assert_eq!(SQLNumResultCols(ptr(&h), &mut n), SqlReturn::SUCCESS);
        assert_eq!(n, 2);
        let mut name = [0u16; 3];
        let (mut len, mut ty, mut size, mut digits, mut nullable) =
            (0i16, 0i16, 0usize, 0i16, 0i16);
        let rc = SQLDescribeColW(
            ptr(&h),
            2,
            name.as_mut_ptr().cast(),
            3,
            &mut len,
            &mut ty,
            &mut size,
            &mut digits,
            &mut nullable,
        );
        assert_eq!(rc, SqlReturn::SUCCESS_WITH_INFO, "name truncated");
        // Text without a declared size is long.
        assert_eq!((len, ty, size, nullable), (4, -10, LONG_SIZE, 1));
        assert_eq!(&name, &[b'n' as u16, b'a' as u16, 0]);
        let rc = SQLDescribeCol(
            ptr(&h),
            3,
            std::ptr::null_mut(),
            0,
            &mut len,
            &mut ty,
            &mut size,
            &mut digits,
            &mut nullable,
        );
        assert_eq!(rc, SqlReturn::ERROR);
        assert_eq!(last_state(&h), "07009");
        // ColAttribute: strings in bytes for the W form, numbers in the SQLLEN.
        let mut buf = [0u16; 16];
        let mut slen = 0i16;
        let mut num = 0isize;
        let rc = SQLColAttributeW(
            ptr(&h),
            1,
            14,
            buf.as_mut_ptr().cast(),
            32,
            &mut slen,
            &mut num,
        );
        assert_eq!((rc, slen), (SqlReturn::SUCCESS, 12));
        assert_eq!(String::from_utf16_lossy(&buf[..6]), "BIGINT");
        let rc = SQLColAttribute(ptr(&h), 1, 2, std::ptr::null_mut(), 0, &mut slen, &mut num);
        assert_eq!((rc, num), (SqlReturn::SUCCESS, -5));
        let rc = SQLColAttribute(
            ptr(&h),
            1,
            2,
            std::ptr::null_mut(),
            0,
            &mut slen,
            std::ptr::null_mut(),
        );
        assert_eq!(rc, SqlReturn::ERROR);
        assert_eq!(last_state(&h), "HY009");
        assert_eq!(
            SQLColAttribute(
                ptr(&h),
                0,
                1001,
                std::ptr::null_mut(),
                0,
                &mut slen,
                &mut num
            ),
            SqlReturn::SUCCESS
        );
        assert_eq!(num, 2);
        // Executing over an open cursor is 24000.
        assert_eq!(SQLExecute(ptr(&h)), SqlReturn::ERROR);
        assert_eq!(last_state(&h), "24000");
        let mut count = 0isize;
        assert_eq!(SQLRowCount(ptr(&h), &mut count), SqlReturn::SUCCESS);
        assert_eq!(count, -1);
        assert_eq!(SQLMoreResults(ptr(&h)), SqlReturn::NO_DATA);
        assert_eq!(SQLCloseCursor(ptr(&h)), SqlReturn::ERROR);
    }

    fn sql(h: &Arc<Handle<Stmt>>) -> Pointer {
        ptr(h)
    }

    #[test]
    fn prepare_describes_without_running_then_execute_fetches() {
        let h = stmt();
        let text = "SELECT CAST(? AS BIGINT) + 1 AS next, 'abc' AS word";
        assert_eq!(
            SQLPrepare(sql(&h), text.as_ptr(), text.len() as Integer),
            SqlReturn::SUCCESS
        );
        let mut n = 0i16;
        assert_eq!(SQLNumResultCols(ptr(&h), &mut n), SqlReturn::SUCCESS);
        assert_eq!(n, 2);
        let mut params = 0i16;
        assert_eq!(
            super::super::params::SQLNumParams(ptr(&h), &mut params),
            SqlReturn::SUCCESS
        );
        assert_eq!(params, 1);
        // Executing before the parameter is bound: 07002.
        assert_eq!(SQLExecute(ptr(&h)), SqlReturn::ERROR);
        assert_eq!(last_state(&h), "07002");
        let mut v = 41i64;
        let value: *mut i64 = &mut v;
        let rc = super::super::params::SQLBindParameter(
            ptr(&h),
            1,
            1,
            -25,
            -5,
            0,
            0,
            value.cast(),
            0,
            std::ptr::null_mut(),
        );
        assert_eq!(rc, SqlReturn::SUCCESS);
        assert_eq!(SQLExecute(ptr(&h)), SqlReturn::SUCCESS);
        assert_eq!(super::super::fetch::SQLFetch(ptr(&h)), SqlReturn::SUCCESS);
        let mut out = 0i64;
        let mut ind = 0isize;
        let rc = super::super::fetch::SQLGetData(
            ptr(&h),
            1,
            -25,
            (&mut out as *mut i64).cast(),
            0,
            &mut ind,
        );
        assert_eq!((rc, out), (SqlReturn::SUCCESS, 42));
        assert_eq!(super::super::fetch::SQLFetch(ptr(&h)), SqlReturn::NO_DATA);
        // Re-execute with another value after closing the cursor.
        assert_eq!(
            SQLFreeStmt(ptr(&h), FreeStmtOption::Close as u16),
            SqlReturn::SUCCESS
        );
        // SAFETY: `value` points at `v`, alive for the whole test.
        unsafe { value.write(1) };
        assert_eq!(SQLExecute(ptr(&h)), SqlReturn::SUCCESS);
        assert_eq!(super::super::fetch::SQLFetch(ptr(&h)), SqlReturn::SUCCESS);
        let rc = super::super::fetch::SQLGetData(
            ptr(&h),
            1,
            -25,
            (&mut out as *mut i64).cast(),
            0,
            &mut ind,
        );
        assert_eq!((rc, out), (SqlReturn::SUCCESS, 2));
    }

    #[test]
    fn exec_direct_wide_and_errors() {
        let h = stmt();
        let text: Vec<u16> = "SELECT 'héllo' AS w".encode_utf16().chain([0]).collect();
        assert_eq!(
            SQLExecDirectW(ptr(&h), text.as_ptr().cast(), -3),
            SqlReturn::SUCCESS
        );
        assert_eq!(super::super::fetch::SQLFetch(ptr(&h)), SqlReturn::SUCCESS);
        let mut buf = [0u16; 8];
        let mut ind = 0isize;
        let rc =
            super::super::fetch::SQLGetData(ptr(&h), 1, 99, buf.as_mut_ptr().cast(), 16, &mut ind);
        assert_eq!((rc, ind), (SqlReturn::SUCCESS, 10));
        assert_eq!(String::from_utf16_lossy(&buf[..5]), "héllo");
        assert_eq!(
            SQLExecute(ptr(&h)),
            SqlReturn::ERROR,
            "ExecDirect is not re-executable"
        );
        assert_eq!(SQLCloseCursor(ptr(&h)), SqlReturn::SUCCESS);
        let bad = "SELECT * FROM no_such_table";
        assert_eq!(
            SQLExecDirect(ptr(&h), bad.as_ptr(), bad.len() as Integer),
            SqlReturn::ERROR
        );
        assert_ne!(last_state(&h), "00000");
        let mut n = 0i16;
        assert_eq!(
            SQLNumResultCols(ptr(&h), &mut n),
            SqlReturn::ERROR,
            "nothing prepared after a failed ExecDirect"
        );
        assert_eq!(SQLPrepare(ptr(&h), std::ptr::null(), 0), SqlReturn::ERROR);
        assert_eq!(last_state(&h), "HY009");
    }
}
