//! Writing a rowset into the application's bound buffers (`SQLBindCol` with
//! `SQL_ATTR_ROW_ARRAY_SIZE`), column-wise or row-wise, with a bind offset.
//!
//! The work is organised per column: for each bound column and each batch
//! slice of the rowset, one match on (Arrow type, C type) picks a loop; the
//! common pairs with identical representation (Int32 → `SQL_C_SLONG`,
//! Float64 → `SQL_C_DOUBLE`, Utf8 → `SQL_C_CHAR`/`SQL_C_WCHAR`, ...) copy values
//! straight into the buffers, everything else goes through [`to_c::convert`].

use arrow::array::{Array, PrimitiveArray, RecordBatch};
use arrow::datatypes::ArrowPrimitiveType;

use super::ctype::{CType, Target};
use super::to_c::{self, Placed};
use super::value::Reader;
use crate::diag::{Error, Record, Result};
use crate::handles::Ptr;

/// `SQL_NULL_DATA`.
pub const NULL_DATA: isize = -1;

/// `SQL_ROW_*` values of the row status array.
pub mod row {
    pub const SUCCESS: u16 = 0;
    pub const NOROW: u16 = 3;
    pub const ERROR: u16 = 5;
    pub const SUCCESS_WITH_INFO: u16 = 6;
}

/// One bound column, resolved from its ARD record.
#[derive(Debug, Clone)]
pub struct Binding {
    /// 0-based column of the result.
    pub column: usize,
    pub target: Target,
    pub data: Ptr,
    /// `SQL_DESC_OCTET_LENGTH`: bytes of one element of a character or binary buffer.
    pub buffer_len: usize,
    pub indicator: Ptr,
    pub octet_length: Ptr,
}

/// Where row `i` of a buffer lives: `SQL_DESC_BIND_TYPE` and the bind offset.
#[derive(Debug, Clone, Copy, Default)]
pub struct Layout {
    /// 0 for column-wise binding, else the size of the application's row struct.
    pub bind_type: usize,
    /// `*SQL_DESC_BIND_OFFSET_PTR`, added to every address.
    pub offset: isize,
}

impl Binding {
    /// Bytes of one element of the data buffer.
    pub fn element_len(&self) -> usize {
        self.target.ctype.fixed_size().unwrap_or(self.buffer_len)
    }

    fn address(&self, base: Ptr, row: usize, element: usize, layout: Layout) -> Option<*mut u8> {
        if base.is_null() {
            return None;
        }
        let stride = if layout.bind_type > 0 {
            layout.bind_type
        } else {
            element
        };
        let at = (base.0 as isize)
            .wrapping_add(layout.offset)
            .wrapping_add((row * stride) as isize);
        Some(at as *mut u8)
    }

    fn data_at(&self, row: usize, layout: Layout) -> Option<*mut u8> {
        self.address(self.data, row, self.element_len(), layout)
    }

    /// The data buffer of row `row`.
    ///
    /// # Safety
    /// The bound buffer must be valid for the rowset, as ODBC requires during a fetch.
    unsafe fn slot<'b>(&self, row: usize, layout: Layout) -> Option<&'b mut [u8]> {
        let p = self.data_at(row, layout)?;
        // SAFETY: the caller guarantees `element_len` writable bytes at every row's address.
        Some(unsafe { std::slice::from_raw_parts_mut(p, self.element_len()) })
    }

    /// Stores the length (or `SQL_NULL_DATA`) of row `row`.
    ///
    /// # Safety
    /// The bound length/indicator buffers must be valid for the rowset.
    unsafe fn put_len(&self, row: usize, layout: Layout, len: Option<usize>) -> Result<()> {
        let element = std::mem::size_of::<isize>();
        let indicator = self.address(self.indicator, row, element, layout);
        let octets = self.address(self.octet_length, row, element, layout);
        match len {
            None => {
                let Some(p) = indicator else {
                    return Err(Error::indicator_required(
                        "indicator variable required but not supplied",
                    ));
                };
                // SAFETY: the indicator buffer is valid for the rowset (caller).
                unsafe { p.cast::<isize>().write_unaligned(NULL_DATA) };
            }
            Some(len) => {
                let len = isize::try_from(len).unwrap_or(isize::MAX);
                // SAFETY: as above; both buffers hold one SQLLEN per row.
                unsafe {
                    if let Some(p) = octets {
                        p.cast::<isize>().write_unaligned(len);
                    }
                    if let Some(p) = indicator.filter(|p| Some(*p) != octets) {
                        p.cast::<isize>().write_unaligned(0);
                    }
                }
            }
        }
        Ok(())
    }
}

/// Status and diagnostics of the rows of one fetch.
#[derive(Debug, Default)]
pub struct Report {
    /// `SQL_ROW_SUCCESS`, `SQL_ROW_SUCCESS_WITH_INFO` or `SQL_ROW_ERROR` per row.
    pub status: Vec<u16>,
    /// Warnings and errors, each naming its row (1-based in the rowset) and column.
    pub diagnostics: Vec<(usize, Error)>,
}

impl Report {
    fn note(&mut self, row: usize, column: usize, e: Error) {
        let severity = if Record::from(e.clone()).is_warning() {
            row::SUCCESS_WITH_INFO
        } else {
            row::ERROR
        };
        if self.status[row] != row::ERROR {
            self.status[row] = severity;
        }
        let message = format!("{} (row {}, column {})", e.message, row + 1, column + 1);
        self.diagnostics.push((row + 1, Error { message, ..e }));
    }
}

/// Writes the rows of `pieces` (the rowset, possibly spanning batches) into
/// the bound buffers.
///
/// # Safety
/// Every binding's data, length and indicator buffers must be valid for as
/// many rows as `pieces` hold, at the addresses `layout` gives them.
pub unsafe fn fill(pieces: &[RecordBatch], bindings: &[Binding], layout: Layout) -> Result<Report> {
    let rows = pieces.iter().map(RecordBatch::num_rows).sum();
    let mut report = Report {
        status: vec![row::SUCCESS; rows],
        diagnostics: Vec::new(),
    };
    for binding in bindings {
        let mut base = 0;
        for piece in pieces {
            let Some(array) = piece.columns().get(binding.column) else {
                return Err(Error::invalid_descriptor_index(format!(
                    "column {} is bound but the result has no such column",
                    binding.column + 1
                )));
            };
            let reader = Reader::new(array)?;
            // SAFETY: forwarded from the caller.
            unsafe {
                fill_column(
                    &reader,
                    piece.num_rows(),
                    base,
                    binding,
                    layout,
                    &mut report,
                )
            };
            base += piece.num_rows();
        }
    }
    Ok(report)
}

/// One column of one batch slice: a single match picks the loop.
///
/// # Safety
/// As for [`fill`].
unsafe fn fill_column(
    reader: &Reader,
    rows: usize,
    base: usize,
    b: &Binding,
    layout: Layout,
    report: &mut Report,
) {
    // SAFETY (all arms): forwarded from the caller.
    unsafe {
        match (reader, b.target.ctype) {
            (Reader::I8(a), CType::I8) => copy(a, rows, base, b, layout, report),
            (Reader::I16(a), CType::I16) => copy(a, rows, base, b, layout, report),
            (Reader::I32(a), CType::I32) => copy(a, rows, base, b, layout, report),
            (Reader::I64(a), CType::I64) => copy(a, rows, base, b, layout, report),
            (Reader::U8(a), CType::U8) => copy(a, rows, base, b, layout, report),
            (Reader::U16(a), CType::U16) => copy(a, rows, base, b, layout, report),
            (Reader::U32(a), CType::U32) => copy(a, rows, base, b, layout, report),
            (Reader::U64(a), CType::U64) => copy(a, rows, base, b, layout, report),
            (Reader::F32(a), CType::F32) => copy(a, rows, base, b, layout, report),
            (Reader::F64(a), CType::F64) => copy(a, rows, base, b, layout, report),
            (Reader::Utf8(a), CType::Char | CType::WChar) => {
                let wide = b.target.ctype == CType::WChar;
                for i in 0..rows {
                    let outcome = if a.is_null(i) {
                        b.put_len(base + i, layout, None)
                    } else {
                        let s = a.value(i);
                        let dst = b.slot(base + i, layout);
                        let placed = if wide {
                            to_c::place_wide(s, None, dst)
                        } else {
                            to_c::place_narrow(s.as_bytes(), None, dst)
                        };
                        placed.and_then(|p| record(p, base + i, b, layout, report))
                    };
                    if let Err(e) = outcome {
                        report.note(base + i, b.column, e);
                    }
                }
            }
            _ => {
                for i in 0..rows {
                    if let Err(e) = convert_cell(reader, i, base + i, b, layout, report) {
                        report.note(base + i, b.column, e);
                    }
                }
            }
        }
    }
}

/// Same representation on both sides: copy the native values.
///
/// # Safety
/// As for [`fill`]; `T::Native` has the layout of the binding's C type.
unsafe fn copy<T: ArrowPrimitiveType>(
    a: &PrimitiveArray<T>,
    rows: usize,
    base: usize,
    b: &Binding,
    layout: Layout,
    report: &mut Report,
) {
    let size = std::mem::size_of::<T::Native>();
    for i in 0..rows {
        let row = base + i;
        // SAFETY: the caller guarantees the buffers of every row; the write is unaligned-safe.
        let outcome = unsafe {
            if a.is_null(i) {
                b.put_len(row, layout, None)
            } else {
                if let Some(p) = b.data_at(row, layout) {
                    p.cast::<T::Native>().write_unaligned(a.value(i));
                }
                b.put_len(row, layout, Some(size))
            }
        };
        if let Err(e) = outcome {
            report.note(row, b.column, e);
        }
    }
}

/// Any other pair: convert the cell, then place it.
///
/// # Safety
/// As for [`fill`].
unsafe fn convert_cell(
    reader: &Reader,
    i: usize,
    row: usize,
    b: &Binding,
    layout: Layout,
    report: &mut Report,
) -> Result<()> {
    let cell = reader.cell(i);
    // SAFETY: forwarded from the caller.
    unsafe {
        if cell == super::value::Cell::Null {
            return b.put_len(row, layout, None);
        }
        let converted = to_c::convert(cell, &b.target)?;
        let placed = to_c::place(converted, b.target.ctype, b.slot(row, layout))?;
        record(placed, row, b, layout, report)
    }
}

/// Stores the length of a placed value and notes its warning.
///
/// # Safety
/// As for [`fill`].
unsafe fn record(
    p: Placed,
    row: usize,
    b: &Binding,
    layout: Layout,
    report: &mut Report,
) -> Result<()> {
    // SAFETY: forwarded from the caller.
    unsafe { b.put_len(row, layout, Some(p.len))? };
    if let Some(w) = p.warning {
        report.note(row, b.column, w);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use arrow::array::{Int32Array, StringArray};
    use arrow::datatypes::{DataType, Field, Schema};

    use super::*;

    fn batch(ids: Vec<Option<i32>>, names: Vec<Option<&str>>) -> RecordBatch {
        let schema = Arc::new(Schema::new(vec![
            Field::new("id", DataType::Int32, true),
            Field::new("name", DataType::Utf8, true),
        ]));
        RecordBatch::try_new(
            schema,
            vec![
                Arc::new(Int32Array::from(ids)),
                Arc::new(StringArray::from(names)),
            ],
        )
        .unwrap()
    }

    #[test]
    fn column_wise_across_batches_with_nulls_and_truncation() {
        let a = batch(vec![Some(1), None], vec![Some("a"), Some("long text")]);
        let b = batch(vec![Some(3)], vec![None]);
        let mut ids = [0i32; 3];
        let mut id_ind = [0isize; 3];
        let mut names = [[0u8; 4]; 3];
        let mut name_ind = [0isize; 3];
        let bindings = [
            Binding {
                column: 0,
                target: Target::new(CType::I32),
                data: Ptr::of(ids.as_mut_ptr()),
                buffer_len: 4,
                indicator: Ptr::of(id_ind.as_mut_ptr()),
                octet_length: Ptr::of(id_ind.as_mut_ptr()),
            },
            Binding {
                column: 1,
                target: Target::new(CType::Char),
                data: Ptr::of(names.as_mut_ptr()),
                buffer_len: 4,
                indicator: Ptr::of(name_ind.as_mut_ptr()),
                octet_length: Ptr::of(name_ind.as_mut_ptr()),
            },
        ];
        let pieces = [a, b];
        let report = unsafe { fill(&pieces, &bindings, Layout::default()) }.unwrap();
        assert_eq!(ids[0], 1);
        assert_eq!(ids[2], 3);
        assert_eq!(id_ind, [4, NULL_DATA, 4]);
        assert_eq!(&names[0][..2], b"a\0");
        assert_eq!(&names[1], b"lon\0");
        assert_eq!(name_ind, [1, 9, NULL_DATA]);
        assert_eq!(
            report.status,
            [row::SUCCESS, row::SUCCESS_WITH_INFO, row::SUCCESS]
        );
        assert_eq!(report.diagnostics[0].1.state, "01004");
    }

    #[test]
    fn null_without_indicator_is_a_row_error() {
        let a = batch(vec![None, Some(2)], vec![None, None]);
        let mut ids = [0i64; 2];
        let bindings = [Binding {
            column: 0,
            target: Target::new(CType::I64),
            data: Ptr::of(ids.as_mut_ptr()),
            buffer_len: 0,
            indicator: Ptr::default(),
            octet_length: Ptr::default(),
        }];
        let report = unsafe { fill(&[a], &bindings, Layout::default()) }.unwrap();
        assert_eq!(report.status, [row::ERROR, row::SUCCESS]);
        assert_eq!(report.diagnostics[0].1.state, "22002");
        assert_eq!(ids[1], 2, "widened through the general path");
    }
}
