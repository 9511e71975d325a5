//! Descriptors: the application's bindings (ARD, APD) and the driver's
//! description of result columns and parameters (IRD, IPD). Bound columns,
//! row arrays and bound parameters all live here, so statement attributes and
//! `SQLSetDescField` are two views of the same state.

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
}
