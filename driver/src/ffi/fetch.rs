//! Fetching rows: `SQLFetch`, `SQLFetchScroll` (forward only),
//! `SQLExtendedFetch` (ODBC 2) and `SQLGetData` in parts. The shims read the
//! client's pointers and write what `Stmt::fetch` and `Stmt::get_data`
//! (`handles/cursor.rs`) return.

use std::sync::Arc;

use odbc_sys::{Pointer, SqlReturn};

use super::{Status, Warnings, call, required};
use crate::convert::parts::Got;
use crate::convert::rowset;
use crate::diag::{Error, Result};
use crate::handles::{Handle, Ptr, Stmt};

/// `SQL_FETCH_NEXT`, the only orientation of a forward-only cursor.
const FETCH_NEXT: i16 = 1;

/// Where a fetch reports rows fetched and row status.
enum Report {
    /// `SQL_ATTR_ROWS_FETCHED_PTR` / `SQL_ATTR_ROW_STATUS_PTR` (the IRD).
    Descriptor,
    /// `SQLExtendedFetch`'s own arguments.
    Arguments { rows: *mut usize, status: *mut u16 },
}

/// Stores a count into an optional SQLULEN output.
///
/// # Safety
/// `p` must be null or valid for writing a SQLULEN.
pub(crate) unsafe fn store_ulen(p: *mut usize, value: usize) {
    if !p.is_null() {
        // SAFETY: guaranteed by the caller.
        unsafe { p.write_unaligned(value) };
    }
}

/// Reads `*SQL_DESC_BIND_OFFSET_PTR`.
///
/// # Safety
/// A non-null pointer must be the client's valid SQLLEN, as ODBC requires while fetching.
unsafe fn bind_offset(p: Ptr) -> isize {
    if p.is_null() {
        0
    } else {
        // SAFETY: the caller guarantees the pointer.
        unsafe { p.cast::<isize>().read_unaligned() }
    }
}

/// Fetches the next rowset of `size` rows (the ARD array size unless given)
/// into the bound columns and reports it where `report` says.
fn fetch(
    handle: &Arc<Handle<Stmt>>,
    warnings: &mut Warnings,
    size: Option<usize>,
    report: Report,
) -> Result<Status> {
    let cancel = handle.cancellation();
    let mut stmt = handle.state.lock();
    let (rows_ptr, status_ptr) = match report {
        Report::Descriptor => {
            let ird = stmt.ird.state.lock();
            (
                ird.rows_processed_ptr.cast::<usize>(),
                ird.array_status_ptr.cast::<u16>(),
            )
        }
        Report::Arguments { rows, status } => (rows, status),
    };
    let offset_ptr = stmt.ard.state.lock().bind_offset_ptr;
    // SAFETY: the offset pointer is the client's, valid while fetching.
    let offset = unsafe { bind_offset(offset_ptr) };
    // SAFETY: the application bound these buffers for the rowset at this
    // layout; ODBC requires them valid during the fetch.
    let fetched = unsafe { stmt.fetch(size, offset, cancel) }?;
    // SAFETY: the status array holds a SQLUSMALLINT per row of the rowset
    // and the rows-fetched buffer one SQLULEN, both the client's.
    unsafe {
        store_ulen(rows_ptr, fetched.rows);
        if !status_ptr.is_null() {
            for (i, status) in fetched.status.iter().enumerate() {
                status_ptr.add(i).write_unaligned(*status);
            }
        }
    }
    for warning in fetched.warnings {
        warnings.push(warning);
    }
    match fetched.error {
        Some(e) => Err(e),
        None if fetched.rows == 0 => Ok(Status::NoData),
        None => Ok(Status::Success),
    }
}

#[unsafe(no_mangle)]
pub extern "system" fn SQLFetch(statement: Pointer) -> SqlReturn {
    call::<Stmt>(statement, |h, w| fetch(h, w, None, Report::Descriptor))
}

#[unsafe(no_mangle)]
pub extern "system" fn SQLFetchScroll(
    statement: Pointer,
    orientation: i16,
    _offset: isize,
) -> SqlReturn {
    call::<Stmt>(statement, |h, w| {
        if orientation != FETCH_NEXT {
            return Err(Error::fetch_type_out_of_range(
                "fetch type out of range: the cursor is forward-only",
            ));
        }
        fetch(h, w, None, Report::Descriptor)
    })
}

/// ODBC 2 block fetch: `SQL_ROWSET_SIZE` rows, counts and status in the arguments.
#[unsafe(no_mangle)]
pub extern "system" fn SQLExtendedFetch(
    statement: Pointer,
    orientation: u16,
    _offset: isize,
    row_count: *mut usize,
    row_status: *mut u16,
) -> SqlReturn {
    call::<Stmt>(statement, |h, w| {
        if orientation != FETCH_NEXT as u16 {
            return Err(Error::fetch_type_out_of_range(
                "fetch type out of range: the cursor is forward-only",
            ));
        }
        let size = h.state.lock().attrs.rowset_size;
        let report = Report::Arguments {
            rows: row_count,
            status: row_status,
        };
        fetch(h, w, Some(size), report)
    })
}

#[unsafe(no_mangle)]
pub extern "system" fn SQLGetData(
    statement: Pointer,
    column: u16,
    target_type: i16,
    target: Pointer,
    buffer_len: isize,
    indicator: *mut isize,
) -> SqlReturn {
    call::<Stmt>(statement, |handle, warnings| {
        let mut stmt = handle.state.lock();
        let target = required(target, "TargetValuePtr")?.cast::<u8>();
        let len = stmt.target_len(column, target_type, buffer_len)?;
        // SAFETY: the client's buffer holds `len` bytes: BufferLength, or the
        // size of the fixed C type it asked for.
        let dst = unsafe { std::slice::from_raw_parts_mut(target, len) };
        let Got::Data { len, warning } = stmt.get_data(column, target_type, dst)? else {
            return Ok(Status::NoData);
        };
        if let Some(w) = warning {
            warnings.push(w);
        }
        match len {
            None => {
                let out = required(indicator, "StrLen_or_IndPtr").map_err(|_| {
                    Error::indicator_required("indicator variable required but not supplied")
                })?;
                // SAFETY: non-null; the client's SQLLEN.
                unsafe { out.write_unaligned(rowset::NULL_DATA) };
            }
            Some(n) => {
                // SAFETY: optional; the client's SQLLEN when non-null.
                unsafe { super::text::store(indicator, n) };
            }
        }
        Ok(Status::Success)
    })
}

#[cfg(test)]
mod tests {
    use odbc_sys::SqlReturn;

    use super::super::bind::SQLBindCol;
    use super::super::execute::tests::{people, ptr, stmt};
    use super::*;
    use crate::convert::rowset::row;

    fn state(h: &Arc<Handle<Stmt>>) -> &'static str {
        h.diag.lock().records.first().map_or("00000", |r| r.state)
    }

    #[test]
    fn fetch_without_cursor_and_get_data_before_fetch() {
        let h = stmt();
        assert_eq!(SQLFetch(ptr(&h)), SqlReturn::ERROR);
        assert_eq!(state(&h), "HY010");
        h.state.lock().open_result(people(&[(1, "a")], 1));
        let mut buf = [0u8; 8];
        let mut ind = 0isize;
        let rc = SQLGetData(ptr(&h), 1, -25, buf.as_mut_ptr().cast(), 8, &mut ind);
        assert_eq!((rc, state(&h)), (SqlReturn::ERROR, "24000"));
        assert_eq!(SQLFetchScroll(ptr(&h), 2, 0), SqlReturn::ERROR);
        assert_eq!(state(&h), "HY106");
        assert_eq!(SQLFetch(ptr(&h)), SqlReturn::SUCCESS);
        let rc = SQLGetData(ptr(&h), 1, -25, std::ptr::null_mut(), 8, &mut ind);
        assert_eq!((rc, state(&h)), (SqlReturn::ERROR, "HY009"));
        let rc = SQLGetData(ptr(&h), 3, 1, buf.as_mut_ptr().cast(), 8, &mut ind);
        assert_eq!((rc, state(&h)), (SqlReturn::ERROR, "07009"));
        let rc = SQLGetData(ptr(&h), 1, -25, buf.as_mut_ptr().cast(), 0, &mut ind);
        assert_eq!(
            (rc, ind, i64::from_ne_bytes(buf)),
            (SqlReturn::SUCCESS, 8, 1)
        );
        assert_eq!(SQLFetch(ptr(&h)), SqlReturn::NO_DATA);
        let rc = SQLGetData(ptr(&h), 1, -25, buf.as_mut_ptr().cast(), 8, &mut ind);
        assert_eq!((rc, state(&h)), (SqlReturn::ERROR, "24000"));
    }

    #[test]
    fn get_data_in_parts_through_the_export() {
        let h = stmt();
        h.state.lock().open_result(people(&[(1, "hello world")], 1));
        assert_eq!(SQLFetch(ptr(&h)), SqlReturn::SUCCESS);
        let mut probe = [0u16; 1];
        let mut ind = 0isize;
        let rc = SQLGetData(ptr(&h), 2, -8, probe.as_mut_ptr().cast(), 2, &mut ind);
        assert_eq!((rc, ind), (SqlReturn::SUCCESS_WITH_INFO, 22));
        let mut buf = [0u16; 6];
        let rc = SQLGetData(ptr(&h), 2, -8, buf.as_mut_ptr().cast(), 12, &mut ind);
        assert_eq!((rc, ind), (SqlReturn::SUCCESS_WITH_INFO, 22));
        assert_eq!(String::from_utf16_lossy(&buf[..5]), "hello");
        let rc = SQLGetData(ptr(&h), 2, -8, buf.as_mut_ptr().cast(), 12, &mut ind);
        assert_eq!((rc, ind), (SqlReturn::SUCCESS_WITH_INFO, 12));
        let rc = SQLGetData(ptr(&h), 2, -8, buf.as_mut_ptr().cast(), 12, &mut ind);
        assert_eq!((rc, ind), (SqlReturn::SUCCESS, 2));
        assert_eq!(buf[..2], [b'd' as u16, 0]);
        let rc = SQLGetData(ptr(&h), 2, -8, buf.as_mut_ptr().cast(), 12, &mut ind);
        assert_eq!(rc, SqlReturn::NO_DATA);
    }

    #[test]
    fn row_arrays_column_wise_across_batches() {
        let h = stmt();
        let rows = [(1, "a"), (2, "bb"), (3, "ccc"), (4, "dddd"), (5, "e")];
        h.state.lock().open_result(people(&rows, 2));
        let mut ids = [0i32; 3];
        let mut id_ind = [0isize; 3];
        let mut names = [[0u8; 4]; 3];
        let mut name_ind = [0isize; 3];
        let mut fetched = 0usize;
        let mut status = [99u16; 3];
        {
            let s = h.state.lock();
            let mut ard = s.ard.state.lock();
            ard.array_size = 3;
            let mut ird = s.ird.state.lock();
            ird.rows_processed_ptr = Ptr::of(&mut fetched);
            ird.array_status_ptr = Ptr::of(status.as_mut_ptr());
        }
        let rc = SQLBindCol(
            ptr(&h),
            1,
            -16,
            ids.as_mut_ptr().cast(),
            4,
            id_ind.as_mut_ptr(),
        );
        assert_eq!(rc, SqlReturn::SUCCESS);
        let rc = SQLBindCol(
            ptr(&h),
            2,
            1,
            names.as_mut_ptr().cast(),
            4,
            name_ind.as_mut_ptr(),
        );
        assert_eq!(rc, SqlReturn::SUCCESS);
        // The first rowset straddles the two batches.
        assert_eq!(SQLFetch(ptr(&h)), SqlReturn::SUCCESS);
        assert_eq!((fetched, ids), (3, [1, 2, 3]));
        assert_eq!(&names[2], b"ccc\0");
        assert_eq!(status, [0, 0, 0]);
        assert_eq!(h.state.lock().attrs.row_number, 1);
        // The second holds a truncated name and a missing third row.
        assert_eq!(SQLFetch(ptr(&h)), SqlReturn::SUCCESS_WITH_INFO);
        assert_eq!((fetched, ids[..2].to_vec()), (2, vec![4, 5]));
        assert_eq!((&names[0], name_ind[0]), (b"ddd\0", 4));
        assert_eq!(status, [row::SUCCESS_WITH_INFO, row::SUCCESS, row::NOROW]);
        assert_eq!(state(&h), "01004");
        assert_eq!(h.state.lock().attrs.row_number, 4);
        assert_eq!(SQLFetch(ptr(&h)), SqlReturn::NO_DATA);
        assert_eq!(fetched, 0);
    }

    #[repr(C)]
    #[derive(Default, Clone, Copy)]
    struct Row {
        id: i64,
        id_ind: isize,
        name: [u16; 8],
        name_ind: isize,
    }

    #[test]
    fn row_arrays_row_wise_with_bind_offset() {
        let h = stmt();
        h.state
            .lock()
            .open_result(people(&[(7, "x"), (8, "yz"), (9, "w")], 1));
        let mut rows = [Row::default(); 4];
        let mut offset = std::mem::size_of::<Row>() as isize;
        let mut row_status = [0u16; 2];
        let mut count = 0usize;
        {
            let s = h.state.lock();
            let mut ard = s.ard.state.lock();
            ard.bind_type = std::mem::size_of::<Row>();
            ard.bind_offset_ptr = Ptr::of(&mut offset);
            drop(ard);
            let mut s = s;
            s.attrs.rowset_size = 2;
        }
        let base = &mut rows[0];
        let rc = SQLBindCol(
            ptr(&h),
            1,
            99,
            (&mut base.id as *mut i64).cast(),
            0,
            &mut base.id_ind,
        );
        assert_eq!(rc, SqlReturn::SUCCESS);
        let rc = SQLBindCol(
            ptr(&h),
            2,
            -8,
            base.name.as_mut_ptr().cast(),
            16,
            &mut base.name_ind,
        );
        assert_eq!(rc, SqlReturn::SUCCESS);
        let rc = SQLExtendedFetch(ptr(&h), 1, 0, &mut count, row_status.as_mut_ptr());
        assert_eq!(rc, SqlReturn::SUCCESS);
        assert_eq!(count, 2);
        assert_eq!(rows[0].id, 0, "the offset moves every row by one struct");
        assert_eq!((rows[1].id, rows[1].id_ind), (7, 8));
        assert_eq!((rows[2].id, rows[2].name_ind), (8, 4));
        assert_eq!(String::from_utf16_lossy(&rows[2].name[..2]), "yz");
        assert_eq!(rows[2].name[2], 0);
        let rc = SQLExtendedFetch(ptr(&h), 1, 0, &mut count, row_status.as_mut_ptr());
        assert_eq!(
            (rc, count, row_status),
            (SqlReturn::SUCCESS, 1, [0, row::NOROW])
        );
        assert_eq!(rows[1].id, 9);
    }

    #[test]
    fn conversion_errors_fail_a_single_row_fetch() {
        let h = stmt();
        h.state.lock().open_result(people(&[(300, "x")], 1));
        let mut v = 0i8;
        let mut ind = 0isize;
        assert_eq!(
            SQLBindCol(ptr(&h), 1, -26, (&mut v as *mut i8).cast(), 0, &mut ind),
            SqlReturn::SUCCESS
        );
        assert_eq!(SQLFetch(ptr(&h)), SqlReturn::ERROR);
        assert_eq!(state(&h), "22003");
    }

    #[test]
    fn max_rows_caps_the_result() {
        let h = stmt();
        h.state
            .lock()
            .open_result(people(&[(1, "a"), (2, "b"), (3, "c")], 3));
        h.state.lock().attrs.max_rows = 2;
        assert_eq!(SQLFetch(ptr(&h)), SqlReturn::SUCCESS);
        assert_eq!(SQLFetch(ptr(&h)), SqlReturn::SUCCESS);
        assert_eq!(SQLFetch(ptr(&h)), SqlReturn::NO_DATA);
    }

    fn pending_result() -> crate::query::ResultSet {
        use arrow::datatypes::{DataType, Field, Schema};
        use datafusion::physical_plan::stream::RecordBatchStreamAdapter;
        let schema = Arc::new(Schema::new(vec![Field::new("x", DataType::Int64, true)]));
        let stream =
            futures::stream::pending::<datafusion::error::Result<arrow::array::RecordBatch>>();
        crate::query::ResultSet::from_stream(Box::pin(RecordBatchStreamAdapter::new(
            schema, stream,
        )))
    }

    #[test]
    fn cancel_from_another_thread_ends_a_fetch() {
        let h = stmt();
        h.state.lock().open_result(pending_result());
        let token = ptr(&h) as usize;
        let fetcher = std::thread::spawn(move || SQLFetch(token as Pointer));
        // Cancel once the fetch is under way (it holds the state lock while it
        // waits); cancelling an idle statement would close the cursor instead.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        while h.state.try_lock().is_some() {
            assert!(
                std::time::Instant::now() < deadline,
                "the fetch never started"
            );
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
        // The fetch holds the state lock; SQLCancel must not need it.
        assert_eq!(
            super::super::execute::SQLCancel(ptr(&h)),
            SqlReturn::SUCCESS
        );
        assert_eq!(fetcher.join().unwrap(), SqlReturn::ERROR);
        assert_eq!(state(&h), "HY008");
        assert!(
            h.state.lock().result.is_none(),
            "the cancelled cursor is closed"
        );
    }

    /// The race the threaded test above can lose: the cancelled call records
    /// HY008 before `SQLCancel` returns. `SQLCancel` must not then wipe it.
    #[test]
    fn cancel_leaves_a_running_calls_diagnostics_and_closes_an_idle_cursor() {
        let h = stmt();
        h.state.lock().open_result(pending_result());
        let running = h.enter();
        h.diag.lock().records = vec![crate::diag::Error::cancelled("operation canceled").into()];
        assert_eq!(
            super::super::execute::SQLCancel(ptr(&h)),
            SqlReturn::SUCCESS
        );
        assert_eq!(state(&h), "HY008");
        assert!(
            h.state.lock().result.is_some(),
            "the running call closes it"
        );
        drop(running);
        assert_eq!(
            super::super::execute::SQLCancel(ptr(&h)),
            SqlReturn::SUCCESS
        );
        assert!(h.state.lock().result.is_none(), "idle: SQL_CLOSE");
    }

    #[test]
    fn query_timeout_bounds_each_fetch() {
        let h = stmt();
        h.state.lock().open_result(pending_result());
        h.state.lock().attrs.query_timeout = 1;
        let started = std::time::Instant::now();
        assert_eq!(SQLFetch(ptr(&h)), SqlReturn::ERROR);
        assert_eq!(state(&h), "HYT00");
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
    }
}
