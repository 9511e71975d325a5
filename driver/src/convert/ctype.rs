//! ODBC C data types: the codes clients pass to `SQLBindCol`, `SQLGetData` and
//! `SQLBindParameter`, and the layout of the structs behind them.

use crate::convert::types::code as sql;
use crate::diag::{Error, Result};
use crate::wchar;

/// `SQL_C_*` codes.
pub mod code {
    pub const CHAR: i16 = 1;
    pub const WCHAR: i16 = -8;
    pub const BINARY: i16 = -2;
    pub const BIT: i16 = -7;
    /// ODBC 2 signed forms without a sign prefix.
    pub const TINYINT: i16 = -6;
    pub const SHORT: i16 = 5;
    pub const LONG: i16 = 4;
    pub const STINYINT: i16 = -26;
    pub const UTINYINT: i16 = -28;
    pub const SSHORT: i16 = -15;
    pub const USHORT: i16 = -17;
    pub const SLONG: i16 = -16;
    pub const ULONG: i16 = -18;
    pub const SBIGINT: i16 = -25;
    pub const UBIGINT: i16 = -27;
    pub const FLOAT: i16 = 7;
    pub const DOUBLE: i16 = 8;
    pub const NUMERIC: i16 = 2;
    pub const DATE: i16 = 9;
    pub const TIME: i16 = 10;
    pub const TIMESTAMP: i16 = 11;
    pub const TYPE_DATE: i16 = 91;
    pub const TYPE_TIME: i16 = 92;
    pub const TYPE_TIMESTAMP: i16 = 93;
    pub const GUID: i16 = -11;
    pub const DEFAULT: i16 = 99;
    /// `SQLGetData`: use the ARD record's type.
    pub const ARD_TYPE: i16 = -99;
}

/// A C type the driver converts values to and from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CType {
    /// Narrow characters (UTF-8), NUL-terminated.
    Char,
    /// Wide characters (`SQLWCHAR`: UTF-16, or UTF-32 under iODBC), NUL-terminated.
    WChar,
    Binary,
    Bit,
    I8,
    U8,
    I16,
    U16,
    I32,
    U32,
    I64,
    U64,
    F32,
    F64,
    /// `SQL_NUMERIC_STRUCT`.
    Numeric,
    /// `SQL_DATE_STRUCT`.
    Date,
    /// `SQL_TIME_STRUCT`.
    Time,
    /// `SQL_TIMESTAMP_STRUCT`.
    Timestamp,
    /// `SQLGUID`: accepted as a binding, no value converts to it.
    Guid,
    /// `SQL_INTERVAL_STRUCT`: accepted as a binding, no value converts to it.
    Interval,
}

/// Size of `SQL_NUMERIC_STRUCT`: precision, scale, sign and 16 value bytes.
pub const NUMERIC_SIZE: usize = 19;
/// `SQL_MAX_NUMERIC_LEN`.
pub const NUMERIC_VALUE_LEN: usize = 16;
/// Precision assumed for `SQL_C_NUMERIC` when the descriptor leaves it at 0.
pub const DEFAULT_NUMERIC_PRECISION: u8 = 38;

impl CType {
    /// The C type of a concrete code; `None` for an unknown code or for
    /// `SQL_C_DEFAULT`/`SQL_ARD_TYPE`, which the caller resolves.
    pub fn from_code(c: i16) -> Option<CType> {
        use code::*;
        Some(match c {
            CHAR => CType::Char,
            WCHAR => CType::WChar,
            BINARY => CType::Binary,
            BIT => CType::Bit,
            TINYINT | STINYINT => CType::I8,
            UTINYINT => CType::U8,
            SHORT | SSHORT => CType::I16,
            USHORT => CType::U16,
            LONG | SLONG => CType::I32,
            ULONG => CType::U32,
            SBIGINT => CType::I64,
            UBIGINT => CType::U64,
            FLOAT => CType::F32,
            DOUBLE => CType::F64,
            NUMERIC => CType::Numeric,
            DATE | TYPE_DATE => CType::Date,
            TIME | TYPE_TIME => CType::Time,
            TIMESTAMP | TYPE_TIMESTAMP => CType::Timestamp,
            GUID => CType::Guid,
            101..=113 => CType::Interval,
            _ => return None,
        })
    }

    /// Whether `c` is a code a client may bind (including `SQL_C_DEFAULT`).
    pub fn is_valid_code(c: i16) -> bool {
        c == code::DEFAULT || Self::from_code(c).is_some()
    }

    /// The C type for `c`, with `SQL_C_DEFAULT` resolved from the SQL type of
    /// the column or parameter. An unknown code is HY003.
    pub fn resolve(c: i16, sql_type: i16) -> Result<CType> {
        if c == code::DEFAULT {
            return Ok(Self::default_for(sql_type));
        }
        Self::from_code(c).ok_or_else(|| {
            Error::invalid_buffer_type(format!("invalid application buffer type {c}"))
        })
    }

    /// The default C type of an SQL type (`SQL_C_DEFAULT`), as Appendix D lists it.
    pub fn default_for(sql_type: i16) -> CType {
        match sql_type {
            sql::BIGINT => CType::I64,
            sql::INTEGER => CType::I32,
            sql::SMALLINT => CType::I16,
            sql::TINYINT => CType::I8,
            sql::DOUBLE | 6 => CType::F64,
            sql::REAL => CType::F32,
            sql::BIT => CType::Bit,
            sql::VARBINARY | -2 | -4 => CType::Binary,
            sql::TYPE_DATE | sql::DATE_V2 => CType::Date,
            92 | 10 => CType::Time,
            sql::TYPE_TIMESTAMP | sql::TIMESTAMP_V2 => CType::Timestamp,
            sql::WVARCHAR | -8 | -10 => CType::WChar,
            // CHAR, VARCHAR, LONGVARCHAR, DECIMAL, NUMERIC and anything else.
            _ => CType::Char,
        }
    }

    /// Bytes of one value of a fixed-size type; `None` for character and binary data.
    pub fn fixed_size(self) -> Option<usize> {
        Some(match self {
            CType::Char | CType::WChar | CType::Binary => return None,
            CType::Bit | CType::I8 | CType::U8 => 1,
            CType::I16 | CType::U16 => 2,
            CType::I32 | CType::U32 | CType::F32 => 4,
            CType::I64 | CType::U64 | CType::F64 => 8,
            CType::Numeric => NUMERIC_SIZE,
            CType::Date | CType::Time => 6,
            CType::Timestamp | CType::Guid => 16,
            // SQL_INTERVAL_STRUCT: type, sign, then a 5 x SQLUINTEGER union.
            CType::Interval => 28,
        })
    }

    /// Bytes of the NUL terminator of character data (0 for other types).
    pub fn terminator(self) -> usize {
        match self {
            CType::Char | CType::WChar => self.char_unit(),
            _ => 0,
        }
    }

    /// Bytes per code unit of character data: `SQLWCHAR` is as wide as the
    /// driver manager's (`wchar`); 1 for everything else.
    pub fn char_unit(self) -> usize {
        match self {
            CType::WChar => wchar::current().bytes(),
            _ => 1,
        }
    }
}

/// The target of a conversion: a C type and, for `SQL_C_NUMERIC`, the
/// precision and scale taken from the application descriptor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Target {
    pub ctype: CType,
    pub precision: u8,
    pub scale: i8,
}

impl Target {
    pub fn new(ctype: CType) -> Self {
        Target {
            ctype,
            precision: DEFAULT_NUMERIC_PRECISION,
            scale: 0,
        }
    }

    /// A target with the numeric precision and scale of a descriptor record.
    pub fn with_numeric(ctype: CType, precision: i16, scale: i16) -> Self {
        let precision = u8::try_from(precision)
            .ok()
            .filter(|p| (1..=38).contains(p))
            .unwrap_or(DEFAULT_NUMERIC_PRECISION);
        let scale = i8::try_from(scale).unwrap_or(0);
        Target {
            ctype,
            precision,
            scale,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_types_follow_the_sql_type() {
        assert_eq!(
            CType::resolve(code::DEFAULT, sql::WVARCHAR).unwrap(),
            CType::WChar
        );
        assert_eq!(
            CType::resolve(code::DEFAULT, sql::BIGINT).unwrap(),
            CType::I64
        );
        assert_eq!(
            CType::resolve(code::DEFAULT, sql::DECIMAL).unwrap(),
            CType::Char
        );
        assert_eq!(
            CType::resolve(code::DEFAULT, sql::TIMESTAMP_V2).unwrap(),
            CType::Timestamp
        );
        assert_eq!(CType::resolve(code::LONG, 0).unwrap(), CType::I32);
        assert_eq!(CType::resolve(1234, 0).unwrap_err().state, "HY003");
        assert_eq!(CType::Timestamp.fixed_size(), Some(16));
        assert_eq!(CType::Char.fixed_size(), None);
    }
}
