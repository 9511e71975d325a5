//! Converting one result value to a C type, following the SQL-to-C
//! conversion rules of ODBC Appendix D: 22003 when a number does not fit,
//! 22018 when text is not a value of the target type, 07006 when ODBC does not
//! define the conversion, 01S07 when a fraction or a time part is dropped and
//! 01004 when character or binary data is cut short.

use std::borrow::Cow;

use super::ctype::{CType, NUMERIC_SIZE, NUMERIC_VALUE_LEN, Target};
use super::datetime::{self, Date, Time};
use super::value::Cell;
use crate::diag::{Error, Result};
use crate::wchar;

/// A value converted for its C type, before it is written into a buffer.
#[derive(Debug, Clone, PartialEq)]
pub enum Value<'a> {
    /// A number or struct of exactly the C type's size.
    Fixed(Fixed),
    /// Character data, encoded for `SQL_C_CHAR` or `SQL_C_WCHAR` when written.
    /// `whole` is how many leading characters must fit (the integer digits of
    /// a number, the date part of a timestamp): cutting into them is 22003,
    /// cutting after them 01004. Text from text columns has none.
    Text {
        text: Cow<'a, str>,
        whole: Option<usize>,
    },
    /// Binary data; `whole` when it may not be cut (a number's bytes: 22003).
    Bytes { data: Cow<'a, [u8]>, whole: bool },
}

/// The bytes of a fixed-size C value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fixed {
    buf: [u8; NUMERIC_SIZE],
    len: usize,
}

impl Fixed {
    fn new(bytes: &[u8]) -> Fixed {
        let mut buf = [0; NUMERIC_SIZE];
        buf[..bytes.len()].copy_from_slice(bytes);
        Fixed {
            buf,
            len: bytes.len(),
        }
    }

    pub fn bytes(&self) -> &[u8] {
        &self.buf[..self.len]
    }
}

/// A converted value and the warning the conversion raised, if any.
#[derive(Debug, Clone, PartialEq)]
pub struct Converted<'a> {
    pub value: Value<'a>,
    pub warning: Option<Error>,
}

impl<'a> Converted<'a> {
    fn ok(value: Value<'a>) -> Self {
        Converted {
            value,
            warning: None,
        }
    }

    fn fixed(bytes: &[u8], fraction_lost: bool) -> Self {
        Converted {
            value: Value::Fixed(Fixed::new(bytes)),
            warning: fraction_lost.then(fractional_truncation),
        }
    }
}

pub fn out_of_range(what: impl std::fmt::Display) -> Error {
    Error::out_of_range(format!("numeric value out of range: {what}"))
}

pub fn invalid_cast(text: &str, to: CType) -> Error {
    let shown: String = text.chars().take(40).collect();
    Error::invalid_cast(format!(
        "invalid character value for cast to {to:?}: '{shown}'"
    ))
}

pub fn restricted(from: &str, to: CType) -> Error {
    Error::restricted_data_type(format!(
        "restricted data type attribute violation: {from} cannot convert to {to:?}"
    ))
}

fn fractional_truncation() -> Error {
    Error::fractional_truncation("fractional truncation")
}

fn datetime_overflow() -> Error {
    Error::datetime_overflow("datetime field overflow")
}

/// A number, as the numeric conversions see it.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Num {
    Int(i128),
    Float(f64),
    /// Unscaled value and scale.
    Dec(i128, i8),
}

impl Num {
    fn to_f64(self) -> f64 {
        match self {
            Num::Int(v) => v as f64,
            Num::Float(f) => f,
            // Through text, so 0.1 stays the double closest to 0.1.
            Num::Dec(v, s) => format_decimal(v, s).parse().unwrap_or(f64::NAN),
        }
    }

    /// The integer part (toward zero) and whether a fraction was dropped.
    fn to_integer(self) -> Result<(i128, bool)> {
        match self {
            Num::Int(v) => Ok((v, false)),
            Num::Float(f) => {
                let t = f.trunc();
                if !t.is_finite() || t.abs() >= 1.7e38 {
                    return Err(out_of_range(f));
                }
                Ok((t as i128, t != f))
            }
            Num::Dec(v, s) if s <= 0 => pow10(-i32::from(s))
                .and_then(|p| v.checked_mul(p))
                .map(|v| (v, false))
                .ok_or_else(|| out_of_range(format_decimal(v, s))),
            Num::Dec(v, s) => match pow10(i32::from(s)) {
                Some(p) => Ok((v / p, v % p != 0)),
                None => Ok((0, v != 0)),
            },
        }
    }

    /// Unscaled value and scale.
    fn to_decimal(self) -> Result<(i128, i8)> {
        match self {
            Num::Int(v) => Ok((v, 0)),
            Num::Dec(v, s) => Ok((v, s)),
            Num::Float(f) if f.is_finite() => {
                parse_decimal(&format!("{f}")).ok_or_else(|| out_of_range(f))
            }
            Num::Float(f) => Err(out_of_range(f)),
        }
    }
}

fn pow10(n: i32) -> Option<i128> {
    u32::try_from(n).ok().and_then(|n| 10i128.checked_pow(n))
}

/// `value / 10^scale` as text: `-12.340`.
pub fn format_decimal(value: i128, scale: i8) -> String {
    if scale <= 0 {
        let mut s = value.to_string();
        if value != 0 {
            s.extend(std::iter::repeat_n('0', usize::from(scale.unsigned_abs())));
        }
        return s;
    }
    let digits = value.unsigned_abs().to_string();
    let scale = usize::from(scale.unsigned_abs());
    let padded = format!("{digits:0>width$}", width = scale + 1);
    let (int, frac) = padded.split_at(padded.len() - scale);
    format!("{}{int}.{frac}", if value < 0 { "-" } else { "" })
}

/// Parses `[+-]digits[.digits]` exactly; `None` for other forms or overflow.
pub fn parse_decimal(s: &str) -> Option<(i128, i8)> {
    let s = s.trim();
    let (negative, body) = match s.as_bytes().first()? {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    let (int, frac) = body.split_once('.').unwrap_or((body, ""));
    if int.is_empty() && frac.is_empty()
        || !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let frac = frac.trim_end_matches('0');
    let mut value: i128 = 0;
    for b in int.bytes().chain(frac.bytes()) {
        value = value.checked_mul(10)?.checked_add(i128::from(b - b'0'))?;
    }
    let scale = i8::try_from(frac.len()).ok()?;
    Some((if negative { -value } else { value }, scale))
}

/// Text as a number: an exact decimal, else a float (exponent forms); 22018 otherwise.
fn parse_number(s: &str, to: CType) -> Result<Num> {
    if let Some((v, scale)) = parse_decimal(s) {
        return Ok(if scale == 0 {
            Num::Int(v)
        } else {
            Num::Dec(v, scale)
        });
    }
    match s.trim().parse::<f64>() {
        Ok(f) if !s.trim().is_empty() => Ok(Num::Float(f)),
        _ => Err(invalid_cast(s, to)),
    }
}

/// The number in a cell; `None` when the cell is not numeric.
fn number(cell: Cell<'_>, to: CType) -> Result<Option<Num>> {
    Ok(Some(match cell {
        Cell::Bool(b) => Num::Int(i128::from(b)),
        Cell::Int(v) => Num::Int(v.into()),
        Cell::UInt(v) => Num::Int(v.into()),
        Cell::F32(f) => Num::Float(f.into()),
        Cell::F64(f) => Num::Float(f),
        Cell::Decimal(v, s) => Num::Dec(v, s),
        Cell::Str(s) => parse_number(s, to)?,
        _ => return Ok(None),
    }))
}

fn cell_kind(cell: &Cell<'_>) -> &'static str {
    match cell {
        Cell::Null => "NULL",
        Cell::Bool(_) => "BOOLEAN",
        Cell::Int(_) | Cell::UInt(_) => "INTEGER",
        Cell::F32(_) | Cell::F64(_) => "FLOAT",
        Cell::Decimal(..) => "DECIMAL",
        Cell::Date(_) => "DATE",
        Cell::Timestamp(..) => "TIMESTAMP",
        Cell::Str(_) => "VARCHAR",
        Cell::Bytes(_) => "VARBINARY",
    }
}

/// Converts a non-null value to the target C type.
pub fn convert<'a>(cell: Cell<'a>, target: &Target) -> Result<Converted<'a>> {
    let to = target.ctype;
    match to {
        CType::Char | CType::WChar => Ok(Converted::ok(to_text(cell))),
        CType::Binary => to_binary(cell),
        CType::Bit => {
            let Some(n) = number(cell, to)? else {
                return Err(restricted(cell_kind(&cell), to));
            };
            let f = n.to_f64();
            if f == 0.0 || f == 1.0 {
                Ok(Converted::fixed(&[f as u8], false))
            } else if f > 0.0 && f < 2.0 {
                Ok(Converted::fixed(&[f.trunc() as u8], true))
            } else {
                Err(out_of_range(f))
            }
        }
        CType::I8 => integer(cell, to, |v| {
            i8::try_from(v).ok().map(|v| v.to_ne_bytes().to_vec())
        }),
        CType::U8 => integer(cell, to, |v| u8::try_from(v).ok().map(|v| vec![v])),
        CType::I16 => integer(cell, to, |v| {
            i16::try_from(v).ok().map(|v| v.to_ne_bytes().to_vec())
        }),
        CType::U16 => integer(cell, to, |v| {
            u16::try_from(v).ok().map(|v| v.to_ne_bytes().to_vec())
        }),
        CType::I32 => integer(cell, to, |v| {
            i32::try_from(v).ok().map(|v| v.to_ne_bytes().to_vec())
        }),
        CType::U32 => integer(cell, to, |v| {
            u32::try_from(v).ok().map(|v| v.to_ne_bytes().to_vec())
        }),
        CType::I64 => integer(cell, to, |v| {
            i64::try_from(v).ok().map(|v| v.to_ne_bytes().to_vec())
        }),
        CType::U64 => integer(cell, to, |v| {
            u64::try_from(v).ok().map(|v| v.to_ne_bytes().to_vec())
        }),
        CType::F64 => {
            let Some(n) = number(cell, to)? else {
                return Err(restricted(cell_kind(&cell), to));
            };
            Ok(Converted::fixed(&n.to_f64().to_ne_bytes(), false))
        }
        CType::F32 => {
            let Some(n) = number(cell, to)? else {
                return Err(restricted(cell_kind(&cell), to));
            };
            let f = match (cell, n) {
                (Cell::F32(f), _) => f,
                (_, n) => {
                    let f = n.to_f64();
                    if f.is_finite() && f.abs() > f64::from(f32::MAX) {
                        return Err(out_of_range(f));
                    }
                    f as f32
                }
            };
            Ok(Converted::fixed(&f.to_ne_bytes(), false))
        }
        CType::Numeric => {
            let Some(n) = number(cell, to)? else {
                return Err(restricted(cell_kind(&cell), to));
            };
            numeric(n, target)
        }
        CType::Date => {
            let (date, time) = match cell {
                Cell::Date(d) => (datetime::date_from_days(d.into()), Time::default()),
                Cell::Timestamp(secs, nanos) => datetime::split(secs, nanos),
                Cell::Str(s) => datetime::parse_timestamp(s).ok_or_else(|| invalid_cast(s, to))?,
                other => return Err(restricted(cell_kind(&other), to)),
            };
            Ok(Converted::fixed(&date_struct(date)?, !time.is_midnight()))
        }
        CType::Time => {
            let time = match cell {
                Cell::Timestamp(secs, nanos) => datetime::split(secs, nanos).1,
                Cell::Str(s) => datetime::parse_time(s)
                    .or_else(|| datetime::parse_timestamp(s).map(|(_, t)| t))
                    .ok_or_else(|| invalid_cast(s, to))?,
                other => return Err(restricted(cell_kind(&other), to)),
            };
            Ok(Converted::fixed(&time_struct(time), time.nanos != 0))
        }
        CType::Timestamp => {
            let (date, time) = match cell {
                Cell::Date(d) => (datetime::date_from_days(d.into()), Time::default()),
                Cell::Timestamp(secs, nanos) => datetime::split(secs, nanos),
                Cell::Str(s) => datetime::parse_timestamp(s).ok_or_else(|| invalid_cast(s, to))?,
                other => return Err(restricted(cell_kind(&other), to)),
            };
            Ok(Converted::fixed(&timestamp_struct(date, time)?, false))
        }
        CType::Guid | CType::Interval => Err(restricted(cell_kind(&cell), to)),
    }
}

fn integer(
    cell: Cell<'_>,
    to: CType,
    encode: impl Fn(i128) -> Option<Vec<u8>>,
) -> Result<Converted<'static>> {
    let Some(n) = number(cell, to)? else {
        return Err(restricted(cell_kind(&cell), to));
    };
    let (v, fraction_lost) = n.to_integer()?;
    let bytes = encode(v).ok_or_else(|| out_of_range(v))?;
    Ok(Converted::fixed(&bytes, fraction_lost))
}

/// `SQL_NUMERIC_STRUCT` with the target's precision and scale.
fn numeric(n: Num, target: &Target) -> Result<Converted<'static>> {
    let (v, s) = n.to_decimal()?;
    let shift = i32::from(target.scale) - i32::from(s);
    let (v, lost) = if shift >= 0 {
        let v = pow10(shift)
            .and_then(|p| v.checked_mul(p))
            .ok_or_else(|| out_of_range(format_decimal(v, s)))?;
        (v, false)
    } else {
        match pow10(-shift) {
            Some(p) => (v / p, v % p != 0),
            None => (0, v != 0),
        }
    };
    let magnitude = v.unsigned_abs();
    if magnitude.to_string().len() > usize::from(target.precision) && magnitude != 0 {
        return Err(out_of_range(format_decimal(v, target.scale)));
    }
    let mut bytes = [0u8; NUMERIC_SIZE];
    bytes[0] = target.precision;
    bytes[1] = target.scale as u8;
    bytes[2] = u8::from(v >= 0);
    bytes[3..3 + NUMERIC_VALUE_LEN].copy_from_slice(&magnitude.to_le_bytes());
    Ok(Converted::fixed(&bytes, lost))
}

fn date_struct(d: Date) -> Result<[u8; 6]> {
    let year = i16::try_from(d.year).map_err(|_| datetime_overflow())?;
    let mut b = [0u8; 6];
    b[0..2].copy_from_slice(&year.to_ne_bytes());
    b[2..4].copy_from_slice(&(d.month as u16).to_ne_bytes());
    b[4..6].copy_from_slice(&(d.day as u16).to_ne_bytes());
    Ok(b)
}

fn time_struct(t: Time) -> [u8; 6] {
    let mut b = [0u8; 6];
    b[0..2].copy_from_slice(&(t.hour as u16).to_ne_bytes());
    b[2..4].copy_from_slice(&(t.minute as u16).to_ne_bytes());
    b[4..6].copy_from_slice(&(t.second as u16).to_ne_bytes());
    b
}

fn timestamp_struct(d: Date, t: Time) -> Result<[u8; 16]> {
    let mut b = [0u8; 16];
    b[0..6].copy_from_slice(&date_struct(d)?);
    b[6..12].copy_from_slice(&time_struct(t));
    b[12..16].copy_from_slice(&t.nanos.to_ne_bytes());
    Ok(b)
}

/// The text form of a value (`SQL_C_CHAR`/`SQL_C_WCHAR`).
fn to_text(cell: Cell<'_>) -> Value<'_> {
    let number = |s: String| {
        let whole = s.find(['.', 'e', 'E']).unwrap_or(s.len());
        Value::Text {
            text: Cow::Owned(s),
            whole: Some(whole),
        }
    };
    match cell {
        Cell::Str(s) => Value::Text {
            text: Cow::Borrowed(s),
            whole: None,
        },
        Cell::Null => Value::Text {
            text: Cow::Borrowed(""),
            whole: None,
        },
        Cell::Bool(b) => number(if b { "1" } else { "0" }.to_string()),
        Cell::Int(v) => number(v.to_string()),
        Cell::UInt(v) => number(v.to_string()),
        Cell::F32(f) => number(f.to_string()),
        Cell::F64(f) => number(f.to_string()),
        Cell::Decimal(v, s) => number(format_decimal(v, s)),
        Cell::Date(d) => {
            let s = datetime::format_date(datetime::date_from_days(d.into()));
            Value::Text {
                whole: Some(s.len()),
                text: Cow::Owned(s),
            }
        }
        Cell::Timestamp(secs, nanos) => {
            let s = datetime::format_timestamp(secs, nanos);
            // yyyy-mm-dd hh:mm:ss must fit; the fraction may be cut (01004).
            Value::Text {
                whole: Some(s.find('.').unwrap_or(s.len())),
                text: Cow::Owned(s),
            }
        }
        Cell::Bytes(b) => {
            let mut s = String::with_capacity(b.len() * 2);
            for byte in b {
                s.push_str(&format!("{byte:02X}"));
            }
            Value::Text {
                text: Cow::Owned(s),
                whole: None,
            }
        }
    }
}

/// `SQL_C_BINARY`: bytes as they are, text as UTF-8, anything else as the
/// bytes of its default C type.
fn to_binary(cell: Cell<'_>) -> Result<Converted<'_>> {
    let default = match cell {
        Cell::Bytes(b) => {
            return Ok(Converted::ok(Value::Bytes {
                data: Cow::Borrowed(b),
                whole: false,
            }));
        }
        Cell::Str(s) => {
            return Ok(Converted::ok(Value::Bytes {
                data: Cow::Borrowed(s.as_bytes()),
                whole: false,
            }));
        }
        Cell::Null => return Err(Error::general("NULL has no binary form")),
        Cell::Bool(_) => Target::new(CType::Bit),
        Cell::Int(_) => Target::new(CType::I64),
        Cell::UInt(_) => Target::new(CType::U64),
        Cell::F32(_) => Target::new(CType::F32),
        Cell::F64(_) => Target::new(CType::F64),
        Cell::Decimal(_, s) => Target {
            scale: s,
            ..Target::new(CType::Numeric)
        },
        Cell::Date(_) => Target::new(CType::Date),
        Cell::Timestamp(..) => Target::new(CType::Timestamp),
    };
    let converted = convert(cell, &default)?;
    let data = match converted.value {
        Value::Fixed(f) => f.bytes().to_vec(),
        _ => return Err(restricted(cell_kind(&cell), CType::Binary)),
    };
    Ok(Converted {
        value: Value::Bytes {
            data: Cow::Owned(data),
            whole: true,
        },
        warning: converted.warning,
    })
}

/// How one write into a client buffer went.
#[derive(Debug, Clone, PartialEq)]
pub struct Placed {
    /// The full length in bytes (excluding the terminator) for the length indicator.
    pub len: usize,
    /// 01004 or 01S07.
    pub warning: Option<Error>,
}

/// Writes a converted value into `dst` (the client's buffer; `None` when the
/// application bound no data buffer and only wants lengths). Character data
/// is NUL-terminated and cut at the buffer's end (01004), unless the cut falls
/// into the part that must stay whole (22003).
pub fn place(converted: Converted<'_>, ctype: CType, dst: Option<&mut [u8]>) -> Result<Placed> {
    let Converted { value, warning } = converted;
    match value {
        Value::Fixed(f) => {
            if let Some(dst) = dst {
                let n = f.len.min(dst.len());
                dst[..n].copy_from_slice(&f.bytes()[..n]);
            }
            Ok(Placed {
                len: f.len,
                warning,
            })
        }
        Value::Text { text, whole } => {
            let placed = if ctype == CType::WChar {
                place_wide(&text, whole, dst)?
            } else {
                place_narrow(text.as_bytes(), whole, dst)?
            };
            Ok(Placed {
                warning: placed.warning.or(warning),
                ..placed
            })
        }
        Value::Bytes { data, whole } => {
            let len = data.len();
            let Some(dst) = dst else {
                return Ok(Placed { len, warning });
            };
            if dst.len() >= len {
                dst[..len].copy_from_slice(&data);
                return Ok(Placed { len, warning });
            }
            if whole {
                return Err(out_of_range("binary buffer too small"));
            }
            let n = dst.len();
            dst.copy_from_slice(&data[..n]);
            Ok(Placed {
                len,
                warning: Some(Error::truncated()),
            })
        }
    }
}

/// Narrow text: bytes as they are, NUL-terminated.
pub fn place_narrow(text: &[u8], whole: Option<usize>, dst: Option<&mut [u8]>) -> Result<Placed> {
    let len = text.len();
    let Some(dst) = dst else {
        return Ok(Placed { len, warning: None });
    };
    if dst.len() > len {
        dst[..len].copy_from_slice(text);
        dst[len] = 0;
        return Ok(Placed { len, warning: None });
    }
    let room = dst.len().saturating_sub(1);
    if whole.is_some_and(|w| room < w) {
        return Err(out_of_range("character buffer too small"));
    }
    if let Some(first) = dst.first_mut() {
        *first = 0;
    }
    if room > 0 {
        dst[..room].copy_from_slice(&text[..room]);
        dst[room] = 0;
    }
    Ok(Placed {
        len,
        warning: Some(Error::truncated()),
    })
}

/// Wide text: `SQLWCHAR` units in native byte order, NUL-terminated, only
/// whole characters. Lengths are in bytes.
pub fn place_wide(text: &str, whole: Option<usize>, dst: Option<&mut [u8]>) -> Result<Placed> {
    let width = wchar::current();
    let unit = width.bytes();
    let Some(dst) = dst else {
        return Ok(Placed {
            len: width.units(text) * unit,
            warning: None,
        });
    };
    let room = (dst.len() / unit).saturating_sub(1) * unit;
    let (written, total) = width.encode_into(text, &mut dst[..room]);
    if written < total && whole.is_some_and(|w| room / unit < w) {
        return Err(out_of_range("character buffer too small"));
    }
    if dst.len() >= unit {
        dst[written..written + unit].fill(0);
    }
    Ok(Placed {
        len: total,
        warning: (written < total).then(Error::truncated),
    })
}

/// The bytes of a variable-length value in the target encoding, for
/// `SQLGetData` to hand out in parts; `None` for fixed-size values.
pub fn encode_var(value: &Value<'_>, ctype: CType) -> Option<Vec<u8>> {
    match value {
        Value::Fixed(_) => None,
        Value::Text { text, .. } if ctype == CType::WChar => Some(wchar::current().encode(text)),
        Value::Text { text, .. } => Some(text.as_bytes().to_vec()),
        Value::Bytes { data, .. } => Some(data.to_vec()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn to(cell: Cell<'_>, ctype: CType) -> Result<Converted<'_>> {
        convert(cell, &Target::new(ctype))
    }

    fn fixed(c: &Converted<'_>) -> Vec<u8> {
        match &c.value {
            Value::Fixed(f) => f.bytes().to_vec(),
            other => panic!("not fixed: {other:?}"),
        }
    }

    fn state(r: Result<Converted<'_>>) -> &'static str {
        r.map(|c| c.warning.map_or("00000", |w| w.state))
            .unwrap_or_else(|e| e.state)
    }

    #[test]
    fn integers_convert_with_range_checks() {
        let c = to(Cell::Int(-5), CType::I32).unwrap();
        assert_eq!(fixed(&c), (-5i32).to_ne_bytes());
        assert_eq!(state(to(Cell::Int(300), CType::I8)), "22003");
        assert_eq!(state(to(Cell::Int(-1), CType::U32)), "22003");
        assert_eq!(state(to(Cell::UInt(u64::MAX), CType::I64)), "22003");
        assert_eq!(
            fixed(&to(Cell::UInt(u64::MAX), CType::U64).unwrap()),
            u64::MAX.to_ne_bytes()
        );
        assert_eq!(
            fixed(&to(Cell::Int(7), CType::U16).unwrap()),
            7u16.to_ne_bytes()
        );
        assert_eq!(
            fixed(&to(Cell::Int(7), CType::I16).unwrap()),
            7i16.to_ne_bytes()
        );
        assert_eq!(fixed(&to(Cell::Int(7), CType::U8).unwrap()), [7]);
        assert_eq!(
            fixed(&to(Cell::Bool(true), CType::I64).unwrap()),
            1i64.to_ne_bytes()
        );
    }

    #[test]
    fn fractions_and_text_to_integers() {
        let c = to(Cell::F64(2.75), CType::I32).unwrap();
        assert_eq!(fixed(&c), 2i32.to_ne_bytes());
        assert_eq!(c.warning.unwrap().state, "01S07");
        assert_eq!(state(to(Cell::F64(f64::NAN), CType::I32)), "22003");
        assert_eq!(state(to(Cell::F64(1e20), CType::I64)), "22003");
        assert_eq!(state(to(Cell::Str("abc"), CType::I32)), "22018");
        assert_eq!(
            fixed(&to(Cell::Str(" 42 "), CType::I32).unwrap()),
            42i32.to_ne_bytes()
        );
        assert_eq!(state(to(Cell::Str("1.5"), CType::I32)), "01S07");
        assert_eq!(
            fixed(&to(Cell::Str("1e3"), CType::I32).unwrap()),
            1000i32.to_ne_bytes()
        );
        let c = to(Cell::Decimal(12345, 2), CType::I64).unwrap();
        assert_eq!(fixed(&c), 123i64.to_ne_bytes());
        assert_eq!(c.warning.unwrap().state, "01S07");
        assert_eq!(state(to(Cell::Date(1), CType::I32)), "07006");
        assert_eq!(state(to(Cell::Bytes(b"x"), CType::I32)), "07006");
    }

    #[test]
    fn floats_and_bits() {
        assert_eq!(
            fixed(&to(Cell::Int(3), CType::F64).unwrap()),
            3f64.to_ne_bytes()
        );
        assert_eq!(
            fixed(&to(Cell::Decimal(1, 1), CType::F64).unwrap()),
            0.1f64.to_ne_bytes()
        );
        assert_eq!(
            fixed(&to(Cell::F32(0.1), CType::F32).unwrap()),
            0.1f32.to_ne_bytes()
        );
        assert_eq!(state(to(Cell::F64(1e300), CType::F32)), "22003");
        assert_eq!(state(to(Cell::Str("x"), CType::F64)), "22018");
        assert_eq!(fixed(&to(Cell::Bool(true), CType::Bit).unwrap()), [1]);
        assert_eq!(fixed(&to(Cell::Str("0"), CType::Bit).unwrap()), [0]);
        assert_eq!(state(to(Cell::F64(1.5), CType::Bit)), "01S07");
        assert_eq!(state(to(Cell::Int(2), CType::Bit)), "22003");
        assert_eq!(state(to(Cell::Str("yes"), CType::Bit)), "22018");
    }

    #[test]
    fn numeric_struct_uses_target_precision_and_scale() {
        let target = Target::with_numeric(CType::Numeric, 10, 2);
        let c = convert(Cell::Decimal(-123_456, 3), &target).unwrap();
        let b = fixed(&c);
        assert_eq!((b[0], b[1], b[2]), (10, 2, 0));
        assert_eq!(u128::from_le_bytes(b[3..19].try_into().unwrap()), 12_345);
        assert_eq!(c.warning.unwrap().state, "01S07");
        let c = convert(Cell::Int(5), &target).unwrap();
        assert_eq!(
            u128::from_le_bytes(fixed(&c)[3..19].try_into().unwrap()),
            500
        );
        let small = Target::with_numeric(CType::Numeric, 3, 0);
        assert_eq!(state(convert(Cell::Int(1000), &small)), "22003");
        assert_eq!(state(convert(Cell::Str("12.5x"), &small)), "22018");
    }

    #[test]
    fn dates_and_timestamps() {
        // 2024-02-29 12:00:00.5
        let secs = datetime::join(
            Date {
                year: 2024,
                month: 2,
                day: 29,
            },
            Time {
                hour: 12,
                ..Time::default()
            },
        );
        let ts = Cell::Timestamp(secs, 500_000_000);
        let c = to(ts, CType::Timestamp).unwrap();
        let b = fixed(&c);
        assert_eq!(i16::from_ne_bytes([b[0], b[1]]), 2024);
        assert_eq!(u16::from_ne_bytes([b[4], b[5]]), 29);
        assert_eq!(u16::from_ne_bytes([b[6], b[7]]), 12);
        assert_eq!(
            u32::from_ne_bytes(b[12..16].try_into().unwrap()),
            500_000_000
        );
        let c = to(ts, CType::Date).unwrap();
        assert_eq!(c.warning.unwrap().state, "01S07");
        assert_eq!(
            fixed(&to(Cell::Date(0), CType::Date).unwrap()),
            [0xB2, 0x07, 1, 0, 1, 0]
        );
        assert_eq!(state(to(Cell::Str("2024-13-01"), CType::Date)), "22018");
        assert_eq!(state(to(Cell::Int(1), CType::Timestamp)), "07006");
        assert_eq!(state(to(Cell::Date(0), CType::Time)), "07006");
        assert_eq!(state(to(ts, CType::Time)), "01S07");
        assert_eq!(
            state(to(Cell::Str("2024-01-02 03:04:05"), CType::Timestamp)),
            "00000"
        );
    }

    #[test]
    fn text_forms() {
        let text = |c: Cell<'static>| match to(c, CType::Char).unwrap().value {
            Value::Text { text, .. } => text.into_owned(),
            other => panic!("{other:?}"),
        };
        assert_eq!(text(Cell::Decimal(-5, 3)), "-0.005");
        assert_eq!(text(Cell::Decimal(5, -2)), "500");
        assert_eq!(text(Cell::F32(0.1)), "0.1");
        assert_eq!(text(Cell::Bool(false)), "0");
        assert_eq!(text(Cell::Bytes(&[0xAB, 1])), "AB01");
        assert_eq!(text(Cell::Date(19_782)), "2024-02-29");
        assert_eq!(
            text(Cell::Timestamp(0, 1_000)),
            "1970-01-01 00:00:00.000001"
        );
    }

    #[test]
    fn placing_text_truncates_or_refuses() {
        let mut buf = [0xFFu8; 4];
        let p = place_narrow(b"hello", None, Some(&mut buf)).unwrap();
        assert_eq!((p.len, p.warning.unwrap().state), (5, "01004"));
        assert_eq!(&buf, b"hel\0");
        // A number whose integer digits do not fit is out of range.
        let c = to(Cell::Int(12345), CType::Char).unwrap();
        assert_eq!(
            place(c, CType::Char, Some(&mut buf)).unwrap_err().state,
            "22003"
        );
        // Its fraction may be cut.
        let c = to(Cell::F64(1.25), CType::Char).unwrap();
        let p = place(c, CType::Char, Some(&mut buf)).unwrap();
        assert_eq!((p.len, &buf), (4, b"1.2\0"));
        let mut wide = [0xFFu8; 6];
        let p = place_wide("a😀b", None, Some(&mut wide)).unwrap();
        assert_eq!(p.len, 8);
        assert_eq!(&wide[..4], &[b'a', 0, 0, 0], "no half surrogate pair");
        let c = to(Cell::Int(1), CType::Binary).unwrap();
        assert_eq!(
            place(c, CType::Binary, Some(&mut buf)).unwrap_err().state,
            "22003"
        );
        let c = to(Cell::Str("xyz"), CType::Binary).unwrap();
        assert_eq!(place(c, CType::Binary, None).unwrap().len, 3);
    }
}
