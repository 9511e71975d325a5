//! Named constructors for every SQLSTATE the driver raises: the codes are
//! written here once, and a call site reads as what went wrong.

use super::Error;

impl Error {
    /// HY000: a failure with no more specific state.
    pub fn general(message: impl Into<String>) -> Self {
        Error::new("HY000", message)
    }

    /// HY009: a required pointer argument was null.
    pub fn null_pointer(what: &str) -> Self {
        Error::new("HY009", format!("invalid use of null pointer: {what}"))
    }

    /// HY010: the call is not allowed in the handle's current state.
    pub fn sequence(message: impl Into<String>) -> Self {
        Error::new("HY010", message)
    }

    /// HYC00: a valid request this driver does not implement.
    pub fn not_implemented(what: impl std::fmt::Display) -> Self {
        Error::new("HYC00", format!("optional feature not implemented: {what}"))
    }

    /// 01004: string data was truncated to fit the client's buffer.
    pub fn truncated() -> Self {
        Error::new("01004", "string data, right truncated")
    }

    /// 01000: a warning with no more specific state.
    pub fn general_warning(message: impl Into<String>) -> Self {
        Error::new("01000", message)
    }

    /// 01S00: a connection-string attribute was ignored.
    pub fn invalid_connection_string_attribute(message: impl Into<String>) -> Self {
        Error::new("01S00", message)
    }

    /// 01S02: an attribute value was replaced by a supported one.
    pub fn option_value_changed(message: impl Into<String>) -> Self {
        Error::new("01S02", message)
    }

    /// 01S07: fractional truncation.
    pub fn fractional_truncation(message: impl Into<String>) -> Self {
        Error::new("01S07", message)
    }

    /// 07002: parameters given and markers in the statement disagree.
    pub fn count_field_incorrect(message: impl Into<String>) -> Self {
        Error::new("07002", message)
    }

    /// 07006: the value cannot convert to the requested C type.
    pub fn restricted_data_type(message: impl Into<String>) -> Self {
        Error::new("07006", message)
    }

    /// 07009: a column or parameter number out of range.
    pub fn invalid_descriptor_index(message: impl Into<String>) -> Self {
        Error::new("07009", message)
    }

    /// 08001: the connection could not be made.
    pub fn unable_to_connect(message: impl Into<String>) -> Self {
        Error::new("08001", message)
    }

    /// 08002: the connection handle is already connected.
    pub fn connection_in_use(message: impl Into<String>) -> Self {
        Error::new("08002", message)
    }

    /// 08003: connection not open.
    pub fn connection_not_open(message: impl Into<String>) -> Self {
        Error::new("08003", message)
    }

    /// 08S01: the connection to the API failed during the operation.
    pub fn link_failure(message: impl Into<String>) -> Self {
        Error::new("08S01", message)
    }

    /// 22002: a NULL value and no indicator buffer to say so.
    pub fn indicator_required(message: impl Into<String>) -> Self {
        Error::new("22002", message)
    }

    /// 22003: a numeric value out of range.
    pub fn out_of_range(message: impl Into<String>) -> Self {
        Error::new("22003", message)
    }

    /// 22007: a date or time value that is no calendar date or time.
    pub fn invalid_datetime_format(message: impl Into<String>) -> Self {
        Error::new("22007", message)
    }

    /// 22008: datetime overflow.
    pub fn datetime_overflow(message: impl Into<String>) -> Self {
        Error::new("22008", message)
    }

    /// 22012: division by zero.
    pub fn division_by_zero(message: impl Into<String>) -> Self {
        Error::new("22012", message)
    }

    /// 22018: a character value that does not convert to the target type.
    pub fn invalid_cast(message: impl Into<String>) -> Self {
        Error::new("22018", message)
    }

    /// 24000: the call needs the cursor in another state.
    pub fn invalid_cursor_state(message: impl Into<String>) -> Self {
        Error::new("24000", message)
    }

    /// 28000: invalid authorization.
    pub fn invalid_authorization(message: impl Into<String>) -> Self {
        Error::new("28000", message)
    }

    /// 3F000: no such schema.
    pub fn invalid_schema(message: impl Into<String>) -> Self {
        Error::new("3F000", message)
    }

    /// 42000: syntax error or access violation.
    pub fn syntax(message: impl Into<String>) -> Self {
        Error::new("42000", message)
    }

    /// 42S02: table not found.
    pub fn table_not_found(message: impl Into<String>) -> Self {
        Error::new("42S02", message)
    }

    /// 42S22: column not found.
    pub fn column_not_found(message: impl Into<String>) -> Self {
        Error::new("42S22", message)
    }

    /// HY003: an unknown C type.
    pub fn invalid_buffer_type(message: impl Into<String>) -> Self {
        Error::new("HY003", message)
    }

    /// HY004: an unknown SQL data type.
    pub fn invalid_sql_type(message: impl Into<String>) -> Self {
        Error::new("HY004", message)
    }

    /// HY008: operation canceled by SQLCancel or another thread.
    pub fn cancelled(message: impl Into<String>) -> Self {
        Error::new("HY008", message)
    }

    /// HY012: an unknown transaction operation code.
    pub fn invalid_transaction_operation(message: impl Into<String>) -> Self {
        Error::new("HY012", message)
    }

    /// HY016: the implementation row descriptor is read-only.
    pub fn cannot_modify_ird(message: impl Into<String>) -> Self {
        Error::new("HY016", message)
    }

    /// HY017: an automatically allocated descriptor handle was misused.
    pub fn implicit_descriptor(message: impl Into<String>) -> Self {
        Error::new("HY017", message)
    }

    /// HY024: invalid attribute value.
    pub fn invalid_attribute_value(message: impl Into<String>) -> Self {
        Error::new("HY024", message)
    }

    /// HY090: invalid string or buffer length.
    pub fn invalid_length(message: impl Into<String>) -> Self {
        Error::new("HY090", message)
    }

    /// HY091: an unknown descriptor field identifier.
    pub fn invalid_descriptor_field(message: impl Into<String>) -> Self {
        Error::new("HY091", message)
    }

    /// HY092: an unknown attribute or option identifier.
    pub fn invalid_attribute(message: impl Into<String>) -> Self {
        Error::new("HY092", message)
    }

    /// HY095: function type out of range.
    pub fn function_type_out_of_range(message: impl Into<String>) -> Self {
        Error::new("HY095", message)
    }

    /// HY096: information type out of range.
    pub fn information_type_out_of_range(message: impl Into<String>) -> Self {
        Error::new("HY096", message)
    }

    /// HY097: column type out of range.
    pub fn column_type_out_of_range(message: impl Into<String>) -> Self {
        Error::new("HY097", message)
    }

    /// HY098: scope out of range.
    pub fn scope_out_of_range(message: impl Into<String>) -> Self {
        Error::new("HY098", message)
    }

    /// HY099: nullable type out of range.
    pub fn nullable_type_out_of_range(message: impl Into<String>) -> Self {
        Error::new("HY099", message)
    }

    /// HY100: uniqueness out of range.
    pub fn uniqueness_out_of_range(message: impl Into<String>) -> Self {
        Error::new("HY100", message)
    }

    /// HY101: accuracy out of range.
    pub fn accuracy_out_of_range(message: impl Into<String>) -> Self {
        Error::new("HY101", message)
    }

    /// HY105: invalid parameter type.
    pub fn invalid_parameter_type(message: impl Into<String>) -> Self {
        Error::new("HY105", message)
    }

    /// HY106: fetch type out of range.
    pub fn fetch_type_out_of_range(message: impl Into<String>) -> Self {
        Error::new("HY106", message)
    }

    /// HYC00: a valid request this driver does not support.
    pub fn unsupported(message: impl Into<String>) -> Self {
        Error::new("HYC00", message)
    }

    /// HYT00: the statement or login timeout expired.
    pub fn timeout(message: impl Into<String>) -> Self {
        Error::new("HYT00", message)
    }
}
