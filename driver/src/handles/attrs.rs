//! Statement and connection attributes: what `SQLSetStmtAttr`,
//! `SQLGetStmtAttr`, `SQLSetConnectAttr` and `SQLGetConnectAttr` mean.
//! Attributes are named as odbc-sys names them; the caller's number is read
//! once into one of them, and any other is HY092. Row-array and
//! parameter-array attributes are views of descriptor fields; the others are
//! stored so that Get returns what Set stored.

use std::ffi::c_void;
use std::sync::Arc;

use odbc_sys::{ConnectionAttribute as C, StatementAttribute as S};

use super::{Conn, Desc, Handle, Ptr, Stmt};
use crate::diag::{Error, Result};

/// `SQL_ROWSET_SIZE`: ODBC 2's rows per `SQLExtendedFetch`; odbc-sys lacks it.
pub const ROWSET_SIZE: i32 = 9;
/// `SQL_GET_BOOKMARK`: an ODBC 2 statement option; odbc-sys lacks it.
pub const GET_BOOKMARK: i32 = 13;
/// `SQL_ATTR_ANSI_APP`: odbc-sys leaves it out because the driver manager,
/// not the application, sets it.
pub const ANSI_APP: C = C(115);

/// The statement attributes odbc-sys names; the driver has every one.
const STATEMENT_ATTRIBUTES: [S; 34] = [
    S::AppRowDesc,
    S::AppParamDesc,
    S::ImpRowDesc,
    S::ImpParamDesc,
    S::CursorScrollable,
    S::CursorSensitivity,
    S::AsyncEnable,
    S::Concurrency,
    S::CursorType,
    S::EnableAutoIpd,
    S::FetchBookmarkPtr,
    S::KeysetSize,
    S::MaxLength,
    S::MaxRows,
    S::NoScan,
    S::ParamBindOffsetPtr,
    S::ParamBindType,
    S::ParamOpterationPtr,
    S::ParamStatusPtr,
    S::ParamsProcessedPtr,
    S::ParamsetSize,
    S::QueryTimeout,
    S::RetrieveData,
    S::RowBindOffsetPtr,
    S::RowBindType,
    S::RowNumber,
    S::RowOperationPtr,
    S::RowStatusPtr,
    S::RowsFetchedPtr,
    S::RowArraySize,
    S::SimulateCursor,
    S::UseBookmarks,
    S::AsyncStmtEvent,
    S::MetadataId,
];

/// A statement attribute the driver has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum StmtAttr {
    Named(S),
    /// [`ROWSET_SIZE`].
    RowsetSize,
    /// [`GET_BOOKMARK`].
    GetBookmark,
}

/// The statement attribute a caller's number names; any other is HY092.
fn identify(attr: i32) -> Result<StmtAttr> {
    match attr {
        ROWSET_SIZE => Ok(StmtAttr::RowsetSize),
        GET_BOOKMARK => Ok(StmtAttr::GetBookmark),
        _ => STATEMENT_ATTRIBUTES
            .iter()
            .copied()
            .find(|a| *a as i32 == attr)
            .map(StmtAttr::Named)
            .ok_or_else(|| unknown(attr)),
    }
}

fn option_changed(what: &str) -> Error {
    Error::option_value_changed(format!("option value changed: {what}"))
}

fn invalid_value(attr: i32, value: usize) -> Error {
    Error::invalid_attribute_value(format!(
        "invalid attribute value {value} for attribute {attr}"
    ))
}

fn unknown(attr: i32) -> Error {
    Error::invalid_attribute(format!("invalid attribute identifier {attr}"))
}

fn read_only(attr: i32) -> Error {
    Error::invalid_attribute(format!("attribute {attr} is read-only"))
}

fn implicit_descriptor() -> Error {
    Error::implicit_descriptor("invalid use of an automatically allocated descriptor handle")
}

impl Stmt {
    /// `SQLSetStmtAttr`; `value` is the pointer-sized argument. A value the
    /// driver replaced by the one it supports comes back as a 01S02 warning.
    pub fn set_attr(&mut self, attr: i32, value: usize) -> Result<Option<Error>> {
        use StmtAttr::{GetBookmark, Named, RowsetSize};
        let positive = || {
            (value > 0)
                .then_some(value)
                .ok_or(invalid_value(attr, value))
        };
        let mut warning = None;
        let a = &mut self.attrs;
        match identify(attr)? {
            Named(S::QueryTimeout) => a.query_timeout = value,
            Named(S::MaxRows) => a.max_rows = value,
            Named(S::NoScan) => a.noscan = value,
            Named(S::MaxLength) => a.max_length = value,
            Named(S::AsyncEnable) if value == 0 => a.async_enable = 0,
            Named(S::AsyncEnable) => return Err(Error::not_implemented("asynchronous execution")),
            Named(S::CursorType) => {
                if value != 0 {
                    warning = Some(option_changed("only forward-only cursors"));
                }
                a.cursor_type = 0;
            }
            Named(S::Concurrency) => {
                if value != 1 {
                    warning = Some(option_changed("only read-only concurrency"));
                }
                a.concurrency = 1;
            }
            Named(S::CursorScrollable) if value == 0 => a.cursor_scrollable = 0,
            Named(S::CursorScrollable) => {
                return Err(Error::not_implemented("scrollable cursors"));
            }
            Named(S::CursorSensitivity) if value <= 1 => a.cursor_sensitivity = value,
            Named(S::CursorSensitivity) => {
                return Err(Error::not_implemented("sensitive cursors"));
            }
            Named(S::KeysetSize) => a.keyset_size = value,
            RowsetSize => a.rowset_size = positive()?,
            Named(S::SimulateCursor) => a.simulate_cursor = value,
            Named(S::RetrieveData) => a.retrieve_data = value,
            Named(S::UseBookmarks) => {
                if value != 0 {
                    warning = Some(option_changed("bookmarks are not supported"));
                }
                a.use_bookmarks = 0;
            }
            Named(S::MetadataId) => a.metadata_id = value,
            Named(S::EnableAutoIpd) => a.enable_auto_ipd = value,
            Named(S::FetchBookmarkPtr) => a.fetch_bookmark_ptr = Ptr(value),
            Named(S::RowNumber) | GetBookmark => return Err(read_only(attr)),
            Named(S::AsyncStmtEvent) => {
                return Err(Error::not_implemented("asynchronous notification"));
            }
            Named(S::RowBindType) => self.ard.state.lock().bind_type = value,
            Named(S::RowArraySize) => self.ard.state.lock().array_size = positive()?,
            Named(S::RowBindOffsetPtr) => self.ard.state.lock().bind_offset_ptr = Ptr(value),
            Named(S::RowOperationPtr) => self.ard.state.lock().array_status_ptr = Ptr(value),
            Named(S::RowStatusPtr) => self.ird.state.lock().array_status_ptr = Ptr(value),
            Named(S::RowsFetchedPtr) => self.ird.state.lock().rows_processed_ptr = Ptr(value),
            Named(S::ParamBindType) => self.apd.state.lock().bind_type = value,
            Named(S::ParamsetSize) => self.apd.state.lock().array_size = positive()?,
            Named(S::ParamBindOffsetPtr) => self.apd.state.lock().bind_offset_ptr = Ptr(value),
            Named(S::ParamOpterationPtr) => self.apd.state.lock().array_status_ptr = Ptr(value),
            Named(S::ParamStatusPtr) => self.ipd.state.lock().array_status_ptr = Ptr(value),
            Named(S::ParamsProcessedPtr) => self.ipd.state.lock().rows_processed_ptr = Ptr(value),
            Named(S::AppRowDesc) => self.ard = self.app_descriptor(value, true)?,
            Named(S::AppParamDesc) => self.apd = self.app_descriptor(value, false)?,
            Named(S::ImpRowDesc | S::ImpParamDesc) => return Err(implicit_descriptor()),
        }
        Ok(warning)
    }

    /// The descriptor a `SQL_ATTR_APP_*_DESC` value names: null restores the
    /// implicit one; otherwise an explicit descriptor of the same connection
    /// (HY017 for another connection's or an implicit one).
    fn app_descriptor(&self, value: usize, rows: bool) -> Result<Arc<Handle<Desc>>> {
        let implicit = if rows {
            &self.implicit_ard
        } else {
            &self.implicit_apd
        };
        if value == 0 || value == implicit.as_ptr() as usize {
            return Ok(implicit.clone());
        }
        let Some(desc) = super::get::<Desc>(value as *mut c_void) else {
            return Err(Error::invalid_attribute_value("invalid descriptor handle"));
        };
        let owner = desc.state.lock().explicit_on;
        if owner != Some(self.conn.as_ptr() as usize) {
            return Err(implicit_descriptor());
        }
        Ok(desc)
    }

    /// `SQLGetStmtAttr` (every value is pointer-sized).
    pub fn get_attr(&self, attr: i32) -> Result<usize> {
        use StmtAttr::{GetBookmark, Named, RowsetSize};
        let a = &self.attrs;
        let ard = || self.ard.state.lock();
        let apd = || self.apd.state.lock();
        let ird = || self.ird.state.lock();
        let ipd = || self.ipd.state.lock();
        Ok(match identify(attr)? {
            Named(S::QueryTimeout) => a.query_timeout,
            Named(S::MaxRows) => a.max_rows,
            Named(S::NoScan) => a.noscan,
            Named(S::MaxLength) => a.max_length,
            Named(S::AsyncEnable) => a.async_enable,
            Named(S::CursorType) => a.cursor_type,
            Named(S::Concurrency) => a.concurrency,
            Named(S::CursorScrollable) => a.cursor_scrollable,
            Named(S::CursorSensitivity) => a.cursor_sensitivity,
            Named(S::KeysetSize) => a.keyset_size,
            RowsetSize => a.rowset_size,
            Named(S::SimulateCursor) => a.simulate_cursor,
            Named(S::RetrieveData) => a.retrieve_data,
            Named(S::UseBookmarks) => a.use_bookmarks,
            Named(S::MetadataId) => a.metadata_id,
            Named(S::EnableAutoIpd) => a.enable_auto_ipd,
            Named(S::FetchBookmarkPtr) => a.fetch_bookmark_ptr.0,
            Named(S::RowNumber) => {
                if !self.result.as_ref().is_some_and(|c| c.is_positioned()) {
                    return Err(Error::invalid_cursor_state(
                        "invalid cursor state: no current row",
                    ));
                }
                a.row_number
            }
            GetBookmark => return Err(Error::not_implemented("bookmarks")),
            // Only settable, and setting it is refused.
            Named(S::AsyncStmtEvent) => return Err(unknown(attr)),
            Named(S::RowBindType) => ard().bind_type,
            Named(S::RowArraySize) => ard().array_size,
            Named(S::RowBindOffsetPtr) => ard().bind_offset_ptr.0,
            Named(S::RowOperationPtr) => ard().array_status_ptr.0,
            Named(S::RowStatusPtr) => ird().array_status_ptr.0,
            Named(S::RowsFetchedPtr) => ird().rows_processed_ptr.0,
            Named(S::ParamBindType) => apd().bind_type,
            Named(S::ParamsetSize) => apd().array_size,
            Named(S::ParamBindOffsetPtr) => apd().bind_offset_ptr.0,
            Named(S::ParamOpterationPtr) => apd().array_status_ptr.0,
            Named(S::ParamStatusPtr) => ipd().array_status_ptr.0,
            Named(S::ParamsProcessedPtr) => ipd().rows_processed_ptr.0,
            Named(S::AppRowDesc) => self.ard.as_ptr() as usize,
            Named(S::AppParamDesc) => self.apd.as_ptr() as usize,
            Named(S::ImpRowDesc) => self.ird.as_ptr() as usize,
            Named(S::ImpParamDesc) => self.ipd.as_ptr() as usize,
        })
    }
}

/// A connection attribute value, typed as ODBC declares it.
#[derive(Debug, Clone, PartialEq)]
pub enum ConnValue {
    /// `SQLUINTEGER`.
    UInt(u32),
    /// `SQLULEN` or a pointer-sized handle.
    ULen(usize),
    Text(String),
}

/// Whether connection attribute `attr` takes a string, which the shim reads
/// from the pointer instead of taking the pointer as the value.
pub fn is_text_attr(attr: i32) -> bool {
    matches!(
        C(attr),
        C::CURRENT_CATALOG | C::TRACEFILE | C::TRANSLATE_LIB
    )
}

impl Conn {
    /// `SQLSetConnectAttr`. A value the driver replaced by the one it
    /// supports comes back as a 01S02 warning.
    pub fn set_attr(&mut self, attr: i32, value: ConnValue) -> Result<Option<Error>> {
        let (n, text) = match value {
            ConnValue::UInt(n) => (n as usize, String::new()),
            ConnValue::ULen(n) => (n, String::new()),
            ConnValue::Text(s) => (0, s),
        };
        let small = n as u32;
        let mut warning = None;
        let a = &mut self.attrs;
        match C(attr) {
            C::ACCESS_MODE => a.read_only = n != 0,
            C::AUTOCOMMIT => a.autocommit = n != 0,
            C::LOGIN_TIMEOUT => a.login_timeout = small,
            C::CONNECTION_TIMEOUT => a.connection_timeout = small,
            C::TXN_ISOLATION => a.txn_isolation = small,
            C::PACKET_SIZE => a.packet_size = small,
            C::QUIET_MODE => a.quiet_mode = n,
            C::ASYNC_ENABLE if n == 0 => a.async_enable = false,
            C::ASYNC_ENABLE => return Err(Error::not_implemented("asynchronous execution")),
            C::ASYNC_DBC_FUNCTIONS_ENABLE if n == 0 => a.async_dbc_functions = 0,
            C::ASYNC_DBC_FUNCTIONS_ENABLE => {
                return Err(Error::not_implemented("asynchronous connection functions"));
            }
            C::ODBC_CURSORS => {
                if n != 2 {
                    warning = Some(option_changed("the driver's cursors are used"));
                }
                a.odbc_cursors = 2;
            }
            C::METADATA_ID => a.metadata_id = n != 0,
            C::TRACE => a.trace = small,
            C::TRACEFILE => a.trace_file = text,
            C::TRANSLATE_LIB => a.translate_lib = text,
            C::TRANSLATE_OPTION => a.translate_option = small,
            C::DISCONNECT_BEHAVIOUR => a.disconnect_behavior = small,
            C::ENLIST_IN_DTC if n == 0 => a.enlist_in_dtc = 0,
            C::ENLIST_IN_DTC => return Err(Error::not_implemented("distributed transactions")),
            C::CURRENT_CATALOG => a.current_catalog = Some(text),
            // The driver manager announces an ANSI application; nothing changes here.
            ANSI_APP | C::RESET_CONNECTION => {}
            C::CONNECTION_DEAD | C::AUTO_IPD => return Err(read_only(attr)),
            _ => return Err(unknown(attr)),
        }
        Ok(warning)
    }

    /// `SQLGetConnectAttr`.
    pub fn get_attr(&self, attr: i32) -> Result<ConnValue> {
        use ConnValue::*;
        let a = &self.attrs;
        Ok(match C(attr) {
            C::ACCESS_MODE => UInt(a.read_only.into()),
            C::AUTOCOMMIT => UInt(a.autocommit.into()),
            C::LOGIN_TIMEOUT => UInt(a.login_timeout),
            C::CONNECTION_TIMEOUT => UInt(a.connection_timeout),
            C::TXN_ISOLATION => UInt(a.txn_isolation),
            C::PACKET_SIZE => UInt(a.packet_size),
            C::QUIET_MODE => ULen(a.quiet_mode),
            C::ASYNC_ENABLE => ULen(a.async_enable.into()),
            C::ASYNC_DBC_FUNCTIONS_ENABLE => UInt(a.async_dbc_functions),
            C::ODBC_CURSORS => ULen(a.odbc_cursors),
            C::METADATA_ID => UInt(a.metadata_id.into()),
            C::TRACE => UInt(a.trace),
            C::TRACEFILE => Text(a.trace_file.clone()),
            C::TRANSLATE_LIB => Text(a.translate_lib.clone()),
            C::TRANSLATE_OPTION => UInt(a.translate_option),
            C::DISCONNECT_BEHAVIOUR => UInt(a.disconnect_behavior),
            C::ENLIST_IN_DTC => ULen(a.enlist_in_dtc),
            // What the application set, else the catalog of the open session.
            C::CURRENT_CATALOG => Text(match (&a.current_catalog, &self.session) {
                (Some(c), _) => c.clone(),
                (None, Some(s)) => s.provider.catalog(),
                (None, None) => String::new(),
            }),
            // SQL_CD_TRUE when no session is open.
            C::CONNECTION_DEAD => UInt(self.session.is_none().into()),
            C::AUTO_IPD => UInt(0),
            _ => return Err(unknown(attr)),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_attribute_number_is_read_once() {
        assert_eq!(
            identify(S::RowArraySize as i32),
            Ok(StmtAttr::Named(S::RowArraySize))
        );
        assert_eq!(identify(ROWSET_SIZE), Ok(StmtAttr::RowsetSize));
        assert_eq!(identify(GET_BOOKMARK), Ok(StmtAttr::GetBookmark));
        assert_eq!(identify(28).map_err(|e| e.state), Err("HY092"));
        assert!(is_text_attr(C::CURRENT_CATALOG.0));
        assert!(!is_text_attr(ANSI_APP.0));
    }
}
