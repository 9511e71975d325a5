//! The open cursor and what a client reads through it: rowsets into the
//! bound columns (`SQLFetch`, `SQLFetchScroll`, `SQLExtendedFetch`) and one
//! value in parts (`SQLGetData`). The shims only read the client's pointer
//! arguments and write what [`Stmt::fetch`] and [`Stmt::get_data`] return.

use std::collections::VecDeque;

use arrow::array::{ArrayRef, RecordBatch};
use tokio_util::sync::CancellationToken;

use super::{Desc, Stmt, no_cursor};
use crate::convert::ctype::{self, CType, Target};
use crate::convert::parts::{self, Got, Part};
use crate::convert::rowset::{self, Binding, Layout, row};
use crate::convert::value::Reader;
use crate::diag::{Error, Result};
use crate::query::{Control, ResultSet};

/// An open cursor: forward-only over the result's batches. The current
/// rowset is a list of batch slices, so a rowset may straddle two batches.
pub struct Cursor {
    result: ResultSet,
    /// Rows read from the result but not yet handed out, oldest first.
    pending: VecDeque<RecordBatch>,
    /// The current rowset.
    rowset: Vec<RecordBatch>,
    /// Rows handed out before the current rowset.
    rows_before: usize,
    /// `SQLGetData` progress on the current row.
    part: Option<Part>,
    ended: bool,
}

impl Cursor {
    pub fn new(result: ResultSet) -> Self {
        Cursor {
            result,
            pending: VecDeque::new(),
            rowset: Vec::new(),
            rows_before: 0,
            part: None,
            ended: false,
        }
    }

    fn rowset_len(&self) -> usize {
        self.rowset.iter().map(RecordBatch::num_rows).sum()
    }

    /// Whether a row is current (a fetch returned rows).
    pub fn is_positioned(&self) -> bool {
        !self.rowset.is_empty()
    }

    /// Moves to the next rowset of at most `size` rows (fewer when
    /// `max_rows`, if not 0, caps the result). Returns the rows in it; 0 at the end.
    /// On failure (timeout, cancel, API error) no row is lost: the rows
    /// already gathered are returned by the next call.
    pub fn advance(&mut self, size: usize, max_rows: usize, control: &Control) -> Result<usize> {
        self.rows_before += self.rowset_len();
        self.rowset.clear();
        self.part = None;
        let mut want = size.max(1);
        if max_rows > 0 {
            want = want.min(max_rows.saturating_sub(self.rows_before));
        }
        let mut taken = Vec::new();
        while want > 0 {
            let batch = match self.pending.pop_front() {
                Some(b) => b,
                None if self.ended => break,
                None => match self.result.next_batch(control) {
                    Ok(Some(b)) => b,
                    Ok(None) => {
                        self.ended = true;
                        break;
                    }
                    Err(e) => {
                        for b in taken.into_iter().rev() {
                            self.pending.push_front(b);
                        }
                        return Err(e);
                    }
                },
            };
            let k = want.min(batch.num_rows());
            if k < batch.num_rows() {
                self.pending
                    .push_front(batch.slice(k, batch.num_rows() - k));
            }
            taken.push(batch.slice(0, k));
            want -= k;
        }
        self.rowset = taken;
        Ok(self.rowset_len())
    }

    /// The scans' notices since the last call (a skipped repository).
    fn notices(&self) -> Vec<String> {
        self.result.take_notices()
    }

    /// Column `column` (0-based) of the first row of the rowset, as a one-row array.
    fn current(&self, column: usize) -> Option<ArrayRef> {
        let first = self.rowset.first()?;
        Some(first.columns().get(column)?.slice(0, 1))
    }
}

/// What one fetch leaves for the client, written by the shim to the buffers
/// the client named for it (descriptor fields or `SQLExtendedFetch` arguments).
#[derive(Debug)]
pub struct Fetched {
    /// Rows in the rowset, for the rows-fetched buffer; 0 at the end of the
    /// result (`SQL_NO_DATA`).
    pub rows: usize,
    /// `SQL_ROW_*` of each row of the rowset's size; empty at the end of the
    /// result, when the row status array is left as it was.
    pub status: Vec<u16>,
    /// The scans' notices, then the rows' conversion diagnostics.
    pub warnings: Vec<Error>,
    /// The conversion error of a one-row rowset: the fetch fails with it.
    pub error: Option<Error>,
}

/// The bound columns of the ARD, resolved against the result's columns.
fn bindings(ard: &Desc, ird: &Desc) -> Result<Vec<Binding>> {
    let mut out = Vec::new();
    for (n, r) in ard.records.iter().enumerate().skip(1) {
        if !r.is_bound() {
            continue;
        }
        let Some(column) = ird.records.get(n) else {
            return Err(Error::invalid_descriptor_index(format!(
                "column {n} is bound but the result has {} columns",
                ird.count()
            )));
        };
        let ctype = CType::resolve(r.concise_type, column.concise_type)?;
        out.push(Binding {
            column: n - 1,
            target: Target::with_numeric(ctype, r.precision, r.scale),
            data: r.data_ptr,
            buffer_len: usize::try_from(r.octet_length).unwrap_or(0),
            indicator: r.indicator_ptr,
            octet_length: r.octet_length_ptr,
        });
    }
    Ok(out)
}

impl Stmt {
    /// Moves to the next rowset of `size` rows (the ARD's array size unless
    /// given) and writes it into the bound columns, every address moved by
    /// `offset` (`*SQL_DESC_BIND_OFFSET_PTR`).
    ///
    /// # Safety
    /// The ARD's bound buffers must be valid for the rowset at its layout
    /// and `offset`, as ODBC requires of the application during a fetch.
    pub unsafe fn fetch(
        &mut self,
        size: Option<usize>,
        offset: isize,
        cancel: CancellationToken,
    ) -> Result<Fetched> {
        let control = self.control(cancel);
        let ard = self.ard.state.lock().clone();
        let bound = bindings(&ard, &self.ird.state.lock())?;
        let size = size.unwrap_or(ard.array_size).max(1);
        let rows = self.advance(size, &control)?;
        let cursor = self.result.as_mut().ok_or_else(no_cursor)?;
        let mut warnings: Vec<Error> = cursor
            .notices()
            .into_iter()
            .map(Error::general_warning)
            .collect();
        if rows == 0 {
            self.attrs.row_number = 0;
            return Ok(Fetched {
                rows,
                status: Vec::new(),
                warnings,
                error: None,
            });
        }
        let layout = Layout {
            bind_type: ard.bind_type,
            offset,
        };
        // SAFETY: the caller guarantees the bound buffers for this rowset.
        let filled = unsafe { rowset::fill(&cursor.rowset, &bound, layout) }?;
        self.attrs.row_number = cursor.rows_before + 1;
        let status = (0..size)
            .map(|i| filled.status.get(i).copied().unwrap_or(row::NOROW))
            .collect();
        // A one-row fetch fails with its row's error; a larger one reports
        // it in the row status array and carries on.
        let mut diagnostics = filled.diagnostics.into_iter().map(|(_, e)| e);
        let error = if size == 1 && filled.status.first() == Some(&row::ERROR) {
            diagnostics.find(|e| !e.state.starts_with("01"))
        } else {
            None
        };
        if error.is_none() {
            warnings.extend(diagnostics);
        }
        Ok(Fetched {
            rows,
            status,
            warnings,
            error,
        })
    }

    /// The SQL type of result column `column` (1-based), if the IRD has it.
    fn column_type(&self, column: usize) -> Option<i16> {
        self.ird
            .state
            .lock()
            .records
            .get(column)
            .map(|r| r.concise_type)
    }

    /// The bytes `SQLGetData` may write for `target_type`: the C type's size
    /// for fixed-size types (the buffer length is ignored), else the buffer length.
    pub fn target_len(&self, column: u16, target_type: i16, buffer_len: isize) -> Result<usize> {
        let column = usize::from(column);
        let ctype = if target_type == ctype::code::ARD_TYPE {
            self.ard
                .state
                .lock()
                .records
                .get(column)
                .map(|r| r.concise_type)
        } else {
            Some(target_type)
        };
        let sql_type = self.column_type(column);
        let fixed = ctype
            .zip(sql_type)
            .and_then(|(c, s)| CType::resolve(c, s).ok())
            .and_then(CType::fixed_size);
        match fixed {
            Some(n) => Ok(n),
            None if buffer_len < 0 => Err(Error::invalid_length(format!(
                "invalid string or buffer length {buffer_len}"
            ))),
            None => Ok(buffer_len as usize),
        }
    }

    /// One `SQLGetData` call: `column` of the current row as `target_type`
    /// into `dst`, the client's buffer bounded by [`Stmt::target_len`],
    /// continuing where the previous call on the same column stopped.
    pub fn get_data(&mut self, column: u16, target_type: i16, dst: &mut [u8]) -> Result<Got> {
        let column = usize::from(column);
        let ard_record = self.ard.state.lock().records.get(column).cloned();
        let sql_type = self.column_type(column);
        let cursor = self.result.as_mut().ok_or_else(no_cursor)?;
        if !cursor.is_positioned() {
            return Err(Error::invalid_cursor_state(
                "invalid cursor state: no row is current; call SQLFetch first",
            ));
        }
        if column == 0 {
            return Err(Error::invalid_descriptor_index(
                "invalid descriptor index 0: bookmarks are not enabled",
            ));
        }
        let (Some(sql_type), Some(array)) = (sql_type, cursor.current(column - 1)) else {
            return Err(Error::invalid_descriptor_index(format!(
                "invalid descriptor index {column}"
            )));
        };
        let target = if target_type == ctype::code::ARD_TYPE {
            let r = ard_record.unwrap_or_default();
            Target::with_numeric(
                CType::resolve(r.concise_type, sql_type)?,
                r.precision,
                r.scale,
            )
        } else {
            Target::new(CType::resolve(target_type, sql_type)?)
        };
        let reader = Reader::new(&array)?;
        parts::get_data(&mut cursor.part, column, reader.cell(0), &target, Some(dst))
    }
}
