//! Reading bound parameter values (`SQLBindParameter`) out of the
//! application's buffers into engine values at execute time.

use arrow::datatypes::{DataType, TimeUnit};
use datafusion::scalar::ScalarValue;

use super::ctype::{CType, NUMERIC_SIZE};
use super::datetime::{self, Date, Time};
use crate::diag::{Error, Result};
use crate::wchar;

/// `SQL_NTS`.
pub const NTS: isize = -3;
/// `SQL_NULL_DATA`.
pub const NULL_DATA: isize = -1;
/// `SQL_DATA_AT_EXEC`; lengths at or below `SQL_LEN_DATA_AT_EXEC_OFFSET` also mean data-at-execution.
pub const DATA_AT_EXEC: isize = -2;
pub const LEN_DATA_AT_EXEC_OFFSET: isize = -100;
/// `SQL_DEFAULT_PARAM`: use the procedure's default.
pub const DEFAULT_PARAM: isize = -5;

/// How long the parameter's value is, from its length/indicator buffer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Length {
    /// No length buffer, or `SQL_NTS`: character data runs to its NUL.
    Terminated,
    Bytes(usize),
    Null,
}

impl Length {
    /// Interprets a `StrLen_or_IndPtr` value.
    pub fn from_indicator(v: Option<isize>) -> Result<Length> {
        match v {
            None | Some(NTS) => Ok(Length::Terminated),
            Some(NULL_DATA) => Ok(Length::Null),
            Some(n) if n >= 0 => Ok(Length::Bytes(n as usize)),
            Some(n) if n == DATA_AT_EXEC || n <= LEN_DATA_AT_EXEC_OFFSET => {
                Err(Error::not_implemented("data-at-execution parameters"))
            }
            Some(DEFAULT_PARAM) => Err(Error::not_implemented("SQL_DEFAULT_PARAM")),
            Some(n) => Err(Error::invalid_length(format!(
                "invalid string or buffer length {n}"
            ))),
        }
    }
}

/// The bytes of one parameter value, read from client memory by the caller.
#[derive(Debug, Clone, Copy)]
pub enum Raw<'a> {
    Null,
    Bytes(&'a [u8]),
}

/// A bound value for a marker the planner inferred to be of type `inferred`
/// (`WHERE amount > ?`: the column's). It takes that type when it fits it
/// exactly; a number that does not (40000.5 for an integer column) keeps its
/// own type, and text that reads as a number becomes one, so the engine
/// compares the two the way SQL compares numbers instead of refusing or
/// truncating the value.
pub fn fit(value: ScalarValue, inferred: Option<&DataType>) -> Result<ScalarValue> {
    let Some(target) = inferred.filter(|t| **t != value.data_type()) else {
        return Ok(value);
    };
    if value.is_null() {
        return ScalarValue::try_from(target).map_err(Error::from);
    }
    let own = value.data_type();
    if !target.is_numeric() {
        return value
            .cast_to(target)
            .map_err(|e| cast_error(&value, target, e));
    }
    let number = if own.is_numeric() {
        value
    } else {
        text_number(&value).ok_or_else(|| {
            Error::invalid_cast(format!(
                "invalid character value for cast to {target}: {value}"
            ))
        })?
    };
    let exact = number
        .cast_to(target)
        .ok()
        .filter(|cast| cast.cast_to(&number.data_type()).ok().as_ref() == Some(&number));
    Ok(exact.unwrap_or(number))
}

/// Text that reads as a number: an exact decimal where it has one, else a float.
fn text_number(value: &ScalarValue) -> Option<ScalarValue> {
    let text = value.to_string();
    let text = text.trim();
    let decimal = DataType::Decimal128(38, 10);
    ScalarValue::try_from_string(text.to_string(), &decimal)
        .ok()
        .filter(|d| !d.is_null())
        .or_else(|| {
            text.parse::<f64>()
                .ok()
                .map(|f| ScalarValue::Float64(Some(f)))
        })
}

fn cast_error(value: &ScalarValue, target: &DataType, e: impl std::fmt::Display) -> Error {
    Error::invalid_cast(format!(
        "invalid character value for cast to {target}: {value} ({e})"
    ))
}

/// Decodes the bytes of a parameter of C type `ctype` into an engine value,
/// converted to `wanted` when the planner knows the parameter's type.
pub fn to_scalar(ctype: CType, raw: Raw<'_>, wanted: Option<&DataType>) -> Result<ScalarValue> {
    let value = match raw {
        Raw::Null => match wanted {
            Some(t) => return ScalarValue::try_from(t).map_err(Error::from),
            None => return Ok(ScalarValue::Null),
        },
        Raw::Bytes(b) => decode(ctype, b)?,
    };
    match wanted {
        Some(t) if &value.data_type() != t => {
            value.cast_to(t).map_err(|e| cast_error(&value, t, e))
        }
        _ => Ok(value),
    }
}

fn fixed<const N: usize>(b: &[u8]) -> Result<[u8; N]> {
    b.get(..N)
        .and_then(|s| s.try_into().ok())
        .ok_or_else(|| Error::invalid_length("parameter buffer shorter than its C type"))
}

fn u16_at(b: &[u8], at: usize) -> u32 {
    u32::from(u16::from_ne_bytes([b[at], b[at + 1]]))
}

fn decode(ctype: CType, b: &[u8]) -> Result<ScalarValue> {
    use ScalarValue as S;
    Ok(match ctype {
        CType::Char => S::Utf8(Some(String::from_utf8_lossy(b).into_owned())),
        CType::WChar => S::Utf8(Some(wchar::current().decode(b))),
        CType::Binary => S::Binary(Some(b.to_vec())),
        CType::Bit => S::Boolean(Some(fixed::<1>(b)?[0] != 0)),
        CType::I8 => S::Int8(Some(i8::from_ne_bytes(fixed(b)?))),
        CType::U8 => S::UInt8(Some(fixed::<1>(b)?[0])),
        CType::I16 => S::Int16(Some(i16::from_ne_bytes(fixed(b)?))),
        CType::U16 => S::UInt16(Some(u16::from_ne_bytes(fixed(b)?))),
        CType::I32 => S::Int32(Some(i32::from_ne_bytes(fixed(b)?))),
        CType::U32 => S::UInt32(Some(u32::from_ne_bytes(fixed(b)?))),
        CType::I64 => S::Int64(Some(i64::from_ne_bytes(fixed(b)?))),
        CType::U64 => S::UInt64(Some(u64::from_ne_bytes(fixed(b)?))),
        CType::F32 => S::Float32(Some(f32::from_ne_bytes(fixed(b)?))),
        CType::F64 => S::Float64(Some(f64::from_ne_bytes(fixed(b)?))),
        CType::Numeric => {
            let s = fixed::<NUMERIC_SIZE>(b)?;
            let (precision, scale, positive) = (s[0], s[1] as i8, s[2] == 1);
            let magnitude = u128::from_le_bytes(fixed(&s[3..])?);
            let v = i128::try_from(magnitude)
                .map_err(|_| Error::out_of_range("numeric parameter out of range"))?;
            let precision = precision
                .clamp(1, 38)
                .max(u8::try_from(scale.max(0)).unwrap_or(0));
            S::Decimal128(Some(if positive { v } else { -v }), precision, scale)
        }
        CType::Date => {
            let s = fixed::<6>(b)?;
            let d = Date {
                year: i16::from_ne_bytes([s[0], s[1]]).into(),
                month: u16_at(&s, 2),
                day: u16_at(&s, 4),
            };
            if !datetime::is_valid(d) {
                return Err(Error::invalid_datetime_format("invalid date in parameter"));
            }
            S::Date32(Some(datetime::days_from_date(d) as i32))
        }
        CType::Time => {
            let s = fixed::<6>(b)?;
            let (h, m, sec) = (u16_at(&s, 0), u16_at(&s, 2), u16_at(&s, 4));
            S::Utf8(Some(datetime::format_time(Time {
                hour: h,
                minute: m,
                second: sec,
                nanos: 0,
            })))
        }
        CType::Timestamp => {
            let s = fixed::<16>(b)?;
            let d = Date {
                year: i16::from_ne_bytes([s[0], s[1]]).into(),
                month: u16_at(&s, 2),
                day: u16_at(&s, 4),
            };
            let t = Time {
                hour: u16_at(&s, 6),
                minute: u16_at(&s, 8),
                second: u16_at(&s, 10),
                nanos: u32::from_ne_bytes(fixed(&s[12..])?),
            };
            if !datetime::is_valid(d) || t.hour > 23 || t.minute > 59 || t.second > 59 {
                return Err(Error::invalid_datetime_format(
                    "invalid timestamp in parameter",
                ));
            }
            let micros = datetime::join(d, t) * 1_000_000 + i64::from(t.nanos / 1_000);
            S::TimestampMicrosecond(Some(micros), None)
        }
        CType::Guid | CType::Interval => {
            return Err(Error::not_implemented(format!("{ctype:?} parameters")));
        }
    })
}

/// The engine type an application's SQL type asks for, when the planner has none.
pub fn data_type_of_sql(sql_type: i16, precision: i16, scale: i16) -> Option<DataType> {
    Some(match sql_type {
        // NUMERIC, DECIMAL: the declared digits (38 when none were given).
        2 | 3 => {
            let precision = if (1..=38).contains(&precision) {
                precision as u8
            } else {
                38
            };
            DataType::Decimal128(precision, scale.clamp(0, i16::from(precision)) as i8)
        }
        -5 => DataType::Int64,
        4 => DataType::Int32,
        5 => DataType::Int16,
        -6 => DataType::Int8,
        8 | 6 => DataType::Float64,
        7 => DataType::Float32,
        -7 => DataType::Boolean,
        91 | 9 => DataType::Date32,
        93 | 11 => DataType::Timestamp(TimeUnit::Microsecond, None),
        1 | 12 | -1 | -8 | -9 | -10 => DataType::Utf8,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bound_values_fit_the_inferred_type_only_when_exact() {
        let int = Some(&DataType::Int64);
        let decimal = |text: &str, p, s| {
            ScalarValue::try_from_string(text.into(), &DataType::Decimal128(p, s)).unwrap()
        };
        // A NUMERIC(10,1) 40000.5 stays a decimal; 40000.0 becomes the integer.
        assert_eq!(
            fit(decimal("40000.5", 10, 1), int).unwrap(),
            decimal("40000.5", 10, 1)
        );
        assert_eq!(
            fit(decimal("40000.0", 10, 1), int).unwrap(),
            ScalarValue::Int64(Some(40000))
        );
        assert_eq!(
            fit(ScalarValue::Float64(Some(2.5)), int).unwrap(),
            ScalarValue::Float64(Some(2.5))
        );
        // Text reads as a number, exactly where it can.
        let text = |t: &str| ScalarValue::Utf8(Some(t.into()));
        assert_eq!(fit(text("12"), int).unwrap(), ScalarValue::Int64(Some(12)));
        assert_eq!(
            fit(text(" 40000.5"), int).unwrap(),
            decimal("40000.5", 38, 10)
        );
        assert_eq!(
            fit(text("1e3"), int).unwrap(),
            ScalarValue::Int64(Some(1000))
        );
        assert_eq!(fit(text("abc"), int).unwrap_err().state, "22018");
        // Not numbers: cast as before; NULL takes the type.
        assert_eq!(fit(text("x"), Some(&DataType::Utf8)).unwrap(), text("x"));
        assert_eq!(
            fit(ScalarValue::Utf8(None), int).unwrap(),
            ScalarValue::Int64(None)
        );
    }

    #[test]
    fn fixed_types_decode_and_cast() {
        let v = to_scalar(
            CType::I32,
            Raw::Bytes(&7i32.to_ne_bytes()),
            Some(&DataType::Int64),
        )
        .unwrap();
        assert_eq!(v, ScalarValue::Int64(Some(7)));
        let v = to_scalar(CType::Char, Raw::Bytes(b"42"), Some(&DataType::Int64)).unwrap();
        assert_eq!(v, ScalarValue::Int64(Some(42)));
        let e = to_scalar(CType::Char, Raw::Bytes(b"abc"), Some(&DataType::Int64)).unwrap_err();
        assert_eq!(e.state, "22018");
        let wide: Vec<u8> = "hé".encode_utf16().flat_map(u16::to_ne_bytes).collect();
        let v = to_scalar(CType::WChar, Raw::Bytes(&wide), None).unwrap();
        assert_eq!(v, ScalarValue::Utf8(Some("hé".into())));
        let v = to_scalar(CType::I64, Raw::Null, Some(&DataType::Int64)).unwrap();
        assert_eq!(v, ScalarValue::Int64(None));
    }

    #[test]
    fn structs_decode() {
        let mut ts = [0u8; 16];
        ts[0..2].copy_from_slice(&2024i16.to_ne_bytes());
        ts[2..4].copy_from_slice(&2u16.to_ne_bytes());
        ts[4..6].copy_from_slice(&29u16.to_ne_bytes());
        ts[6..8].copy_from_slice(&1u16.to_ne_bytes());
        ts[12..16].copy_from_slice(&5_000u32.to_ne_bytes());
        let v = to_scalar(CType::Timestamp, Raw::Bytes(&ts), None).unwrap();
        assert_eq!(
            v,
            ScalarValue::TimestampMicrosecond(Some(1_709_168_400_000_005), None)
        );
        let mut num = [0u8; 19];
        num[0] = 10;
        num[1] = 2;
        num[2] = 0;
        num[3] = 0x39;
        num[4] = 0x30; // 12345
        let v = to_scalar(CType::Numeric, Raw::Bytes(&num), None).unwrap();
        assert_eq!(v, ScalarValue::Decimal128(Some(-12345), 10, 2));
        assert_eq!(
            Length::from_indicator(Some(DATA_AT_EXEC))
                .unwrap_err()
                .state,
            "HYC00"
        );
        assert_eq!(
            Length::from_indicator(Some(-3)).unwrap(),
            Length::Terminated
        );
    }
}
