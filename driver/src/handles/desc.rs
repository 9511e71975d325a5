//! Descriptors: the application's bindings (ARD, APD) and the driver's
//! description of result columns and parameters (IRD, IPD). Bound columns,
//! row arrays and bound parameters all live here, so statement attributes and
//! `SQLSetDescField` are two views of the same state.

use crate::convert::ctype::{CType, DEFAULT_NUMERIC_PRECISION, code};
use crate::diag::{Error, Result};

/// Which of the four descriptors of a statement this is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DescKind {
    /// Application row descriptor: where fetched columns go.
    Ard,
    /// Application parameter descriptor: where parameter values come from.
    Apd,
    /// Implementation row descriptor: the result columns.
    Ird,
    /// Implementation parameter descriptor: the parameters' SQL types.
    Ipd,
}

/// A client pointer stored in a descriptor. The driver writes through it only
/// during the calls ODBC defines (fetch, execute), when the client guarantees
/// it is valid; storing it is plain data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Ptr(pub usize);

impl Ptr {
    pub fn is_null(self) -> bool {
        self.0 == 0
    }

    pub fn of<T>(p: *mut T) -> Self {
        Ptr(p as usize)
    }

    pub fn cast<T>(self) -> *mut T {
        self.0 as *mut T
    }
}

#[derive(Debug, Clone)]
pub struct Desc {
    pub kind: DescKind,
    /// Token of the connection an explicit descriptor (`SQLAllocHandle(SQL_HANDLE_DESC)`)
    /// was allocated on; `None` for a statement's implicit descriptors.
    pub explicit_on: Option<usize>,
    /// `SQL_DESC_ARRAY_SIZE`: rows per fetch (ARD) or parameter sets (APD).
    pub array_size: usize,
    /// `SQL_DESC_BIND_TYPE`: 0 for column-wise binding, else the row struct size.
    pub bind_type: usize,
    /// `SQL_DESC_BIND_OFFSET_PTR`: added to every bound address.
    pub bind_offset_ptr: Ptr,
    /// `SQL_DESC_ARRAY_STATUS_PTR`: per-row (or per-parameter-set) status.
    pub array_status_ptr: Ptr,
    /// `SQL_DESC_ROWS_PROCESSED_PTR` (IRD, IPD).
    pub rows_processed_ptr: Ptr,
    /// Record 0 is the bookmark; records 1.. are columns or parameters.
    pub records: Vec<DescRecord>,
}

impl Desc {
    pub fn new(kind: DescKind, explicit_on: Option<usize>) -> Self {
        Desc {
            kind,
            explicit_on,
            array_size: 1,
            bind_type: 0,
            bind_offset_ptr: Ptr::default(),
            array_status_ptr: Ptr::default(),
            rows_processed_ptr: Ptr::default(),
            records: vec![DescRecord::default()],
        }
    }

    /// `SQL_DESC_COUNT`: the highest record number in use.
    pub fn count(&self) -> usize {
        self.records.len() - 1
    }
}

/// One descriptor record (`SQL_DESC_*` record fields).
#[derive(Debug, Clone, Default)]
pub struct DescRecord {
    pub concise_type: i16,
    pub data_type: i16,
    pub datetime_interval_code: i16,
    pub datetime_interval_precision: i32,
    pub octet_length: isize,
    pub length: usize,
    pub precision: i16,
    pub scale: i16,
    pub nullable: i16,
    pub name: String,
    pub data_ptr: Ptr,
    pub indicator_ptr: Ptr,
    pub octet_length_ptr: Ptr,
    /// `SQL_DESC_PARAMETER_TYPE` (IPD): input, output, ...
    pub parameter_type: i16,
    /// `SQL_DESC_UNNAMED`: 1 (`SQL_UNNAMED`) when the column has no name.
    pub unnamed: i16,
    /// Implementation descriptor fields describing a column (IRD) or parameter (IPD).
    pub meta: ColumnMeta,
}

/// The read-only facts an implementation descriptor reports about a column,
/// beyond its type: what `SQLColAttribute` and `SQLGetDescField` return.
#[derive(Debug, Clone, Default)]
pub struct ColumnMeta {
    pub type_name: String,
    pub local_type_name: String,
    pub display_size: isize,
    pub base_column_name: String,
    pub base_table_name: String,
    pub table_name: String,
    pub schema_name: String,
    pub catalog_name: String,
    pub label: String,
    pub literal_prefix: String,
    pub literal_suffix: String,
    /// 0 when not numeric, else 2 or 10.
    pub num_prec_radix: i32,
    pub case_sensitive: bool,
    pub unsigned: bool,
    pub fixed_prec_scale: bool,
    pub auto_unique_value: bool,
    /// `SQL_DESC_SEARCHABLE`: `SQL_PRED_*`.
    pub searchable: i16,
    /// `SQL_DESC_UPDATABLE`: 0 (`SQL_ATTR_READONLY`) for every column here.
    pub updatable: i16,
    pub rowver: bool,
}

impl DescRecord {
    /// Whether an application record is bound to a buffer.
    pub fn is_bound(&self) -> bool {
        !self.data_ptr.is_null()
            || !self.indicator_ptr.is_null()
            || !self.octet_length_ptr.is_null()
    }

    /// Sets the concise type and the verbose type and interval code it implies
    /// (the consistency ODBC requires between the three fields).
    pub fn set_concise_type(&mut self, concise: i16) {
        self.concise_type = concise;
        let (verbose, code) = match concise {
            // SQL_TYPE_DATE/SQL_C_TYPE_DATE and the ODBC 2 codes, TIME, TIMESTAMP.
            91 | 9 => (9, 1),
            92 | 10 => (9, 2),
            93 | 11 => (9, 3),
            // Interval types: SQL_INTERVAL = 10, code = concise - 100.
            101..=113 => (10, concise - 100),
            c => (c, 0),
        };
        self.data_type = verbose;
        self.datetime_interval_code = code;
    }

    /// Sets the verbose type; for `SQL_DATETIME`/`SQL_INTERVAL` the concise type
    /// follows from the interval code.
    pub fn set_verbose_type(&mut self, verbose: i16) {
        self.data_type = verbose;
        match verbose {
            9 => {
                self.concise_type = 90 + self.datetime_interval_code.clamp(1, 3);
            }
            10 => self.concise_type = 100 + self.datetime_interval_code.max(1),
            c => {
                self.concise_type = c;
                self.datetime_interval_code = 0;
            }
        }
    }
}

impl Desc {
    /// Record `n` (1-based; 0 is the bookmark), growing the descriptor as needed.
    pub fn record_mut(&mut self, n: usize) -> &mut DescRecord {
        if self.records.len() <= n {
            self.records.resize_with(n + 1, DescRecord::default);
        }
        &mut self.records[n]
    }

    /// Sets `SQL_DESC_COUNT`: drops records above `count`, adds empty ones below.
    pub fn set_count(&mut self, count: usize) {
        self.records.resize_with(count + 1, DescRecord::default);
    }

    /// Drops trailing unbound records, as ODBC asks after a column is unbound.
    pub fn trim_unbound(&mut self) {
        while self.records.len() > 1 && self.records.last().is_some_and(|r| !r.is_bound()) {
            self.records.pop();
        }
    }

    /// Whether the application may change fields of this descriptor.
    pub fn is_read_only(&self) -> bool {
        self.kind == DescKind::Ird
    }

    /// `SQLBindCol` on an ARD: binds (or, with null buffers, unbinds) column `number`.
    pub fn bind_col(
        &mut self,
        number: u16,
        target_type: i16,
        data: Ptr,
        buffer_len: isize,
        indicator: Ptr,
    ) -> Result<()> {
        if number == 0 {
            return Err(Error::invalid_descriptor_index(
                "invalid descriptor index 0: bookmarks are not enabled",
            ));
        }
        if !CType::is_valid_code(target_type) {
            return Err(Error::invalid_buffer_type(format!(
                "invalid application buffer type {target_type}"
            )));
        }
        if buffer_len < 0 {
            return Err(Error::invalid_length(format!(
                "invalid string or buffer length {buffer_len}"
            )));
        }
        let n = usize::from(number);
        if data.is_null() && indicator.is_null() {
            if n <= self.count() {
                let r = self.record_mut(n);
                r.data_ptr = Ptr::default();
                r.indicator_ptr = Ptr::default();
                r.octet_length_ptr = Ptr::default();
                self.trim_unbound();
            }
            return Ok(());
        }
        let r = self.record_mut(n);
        r.set_concise_type(target_type);
        r.octet_length = buffer_len;
        r.length = buffer_len as usize;
        if target_type == code::NUMERIC {
            r.precision = DEFAULT_NUMERIC_PRECISION.into();
            r.scale = 0;
        }
        r.data_ptr = data;
        r.indicator_ptr = indicator;
        r.octet_length_ptr = indicator;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binding_grows_and_unbinding_shrinks() {
        let mut ard = Desc::new(DescKind::Ard, None);
        let mut v = 0i32;
        ard.bind_col(3, 4, Ptr::of(&mut v), 4, Ptr::default())
            .unwrap();
        assert_eq!(ard.count(), 3);
        assert_eq!(ard.records[3].concise_type, 4);
        ard.bind_col(3, 4, Ptr::default(), 0, Ptr::default())
            .unwrap();
        assert_eq!(ard.count(), 0);
        assert_eq!(
            ard.bind_col(1, 1234, Ptr::of(&mut v), 4, Ptr::default())
                .unwrap_err()
                .state,
            "HY003"
        );
        assert_eq!(
            ard.bind_col(0, 4, Ptr::of(&mut v), 4, Ptr::default())
                .unwrap_err()
                .state,
            "07009"
        );
    }
}
