//! `SQLGetData` in parts. Character and binary values are handed out in
//! chunks: every character chunk is NUL-terminated, the length returned is
//! what remains (01004 while more follows), a buffer too small for any data
//! (a 1-byte probe) consumes nothing, and the call after the last part
//! answers `SQL_NO_DATA`. Fixed-size values are returned whole, once.

use super::ctype::{CType, Target};
use super::to_c::{self, Value};
use super::value::Cell;
use crate::diag::{Error, Result};

/// Where `SQLGetData` stands on the current row.
#[derive(Debug, Clone)]
pub struct Part {
    /// The column (1-based) being read and the C type it is read as.
    pub column: usize,
    pub ctype: CType,
    /// The value in the target encoding, for character and binary data.
    data: Vec<u8>,
    offset: usize,
    done: bool,
}

/// The outcome of one `SQLGetData` call.
#[derive(Debug, Clone, PartialEq)]
pub enum Got {
    /// Data was written; `len` is the remaining length in bytes, or `None` for NULL.
    Data {
        len: Option<usize>,
        warning: Option<Error>,
    },
    /// Everything was returned by earlier calls.
    NoData,
}

/// One `SQLGetData` call for `column` of the current row. `part` carries the
/// progress between calls; a different column or C type starts afresh.
pub fn get_data(
    part: &mut Option<Part>,
    column: usize,
    cell: Cell<'_>,
    target: &Target,
    dst: Option<&mut [u8]>,
) -> Result<Got> {
    let ctype = target.ctype;
    if let Some(p) = part
        .as_mut()
        .filter(|p| p.column == column && p.ctype == ctype)
    {
        if p.done {
            return Ok(Got::NoData);
        }
        return Ok(next_chunk(p, dst));
    }
    let mut fresh = Part {
        column,
        ctype,
        data: Vec::new(),
        offset: 0,
        done: true,
    };
    if cell == Cell::Null {
        *part = Some(fresh);
        return Ok(Got::Data {
            len: None,
            warning: None,
        });
    }
    // A failed conversion leaves no progress behind.
    *part = None;
    let converted = to_c::convert(cell, target)?;
    let Some(data) = to_c::encode_var(&converted.value, ctype) else {
        let placed = to_c::place(converted, ctype, dst)?;
        *part = Some(fresh);
        return Ok(Got::Data {
            len: Some(placed.len),
            warning: placed.warning,
        });
    };
    // Numbers and dates may not be cut inside their whole part (22003).
    let unit = ctype.char_unit();
    let room = room(dst.as_deref().map_or(0, <[u8]>::len), ctype);
    if room < data.len() {
        match converted.value {
            Value::Text { whole: Some(w), .. } if room / unit < w => {
                return Err(to_c::out_of_range("character buffer too small"));
            }
            Value::Bytes { whole: true, .. } => {
                return Err(to_c::out_of_range("binary buffer too small"));
            }
            _ => {}
        }
    }
    fresh.data = data;
    fresh.done = false;
    let got = next_chunk(&mut fresh, dst);
    *part = Some(fresh);
    Ok(match got {
        Got::Data { len, warning } => Got::Data {
            len,
            warning: warning.or(converted.warning),
        },
        Got::NoData => Got::NoData,
    })
}

/// Data bytes that fit in a buffer of `cap` bytes besides the terminator,
/// in whole code units.
fn room(cap: usize, ctype: CType) -> usize {
    let unit = ctype.char_unit();
    cap.saturating_sub(ctype.terminator()) / unit * unit
}

fn next_chunk(p: &mut Part, dst: Option<&mut [u8]>) -> Got {
    let remaining = &p.data[p.offset..];
    let len = remaining.len();
    let Some(dst) = dst else {
        // A measuring call consumes nothing.
        if len == 0 {
            p.done = true;
        }
        return Got::Data {
            len: Some(len),
            warning: (len > 0).then(Error::truncated),
        };
    };
    let n = room(dst.len(), p.ctype).min(len);
    dst[..n].copy_from_slice(&remaining[..n]);
    let term = p.ctype.terminator();
    if term > 0 && dst.len() >= n + term {
        dst[n..n + term].fill(0);
    }
    p.offset += n;
    p.done = n == len;
    Got::Data {
        len: Some(len),
        warning: (n < len).then(Error::truncated),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(part: &mut Option<Part>, cell: Cell<'_>, ctype: CType, buf: &mut [u8]) -> Result<Got> {
        get_data(part, 1, cell, &Target::new(ctype), Some(buf))
    }

    fn len_of(g: &Got) -> (Option<usize>, Option<&'static str>) {
        match g {
            Got::Data { len, warning } => (*len, warning.as_ref().map(|w| w.state)),
            Got::NoData => (None, Some("NO_DATA")),
        }
    }

    #[test]
    fn narrow_parts_probe_then_chunks_then_no_data() {
        let mut part = None;
        let cell = Cell::Str("abcdefgh");
        let mut probe = [0xFFu8; 1];
        let g = call(&mut part, cell, CType::Char, &mut probe).unwrap();
        assert_eq!(len_of(&g), (Some(8), Some("01004")));
        assert_eq!(probe, [0], "an empty, terminated chunk");
        let mut buf = [0xFFu8; 4];
        let g = call(&mut part, cell, CType::Char, &mut buf).unwrap();
        assert_eq!(
            len_of(&g),
            (Some(8), Some("01004")),
            "the probe consumed nothing"
        );
        assert_eq!(&buf, b"abc\0");
        let g = call(&mut part, cell, CType::Char, &mut buf).unwrap();
        assert_eq!(len_of(&g), (Some(5), Some("01004")));
        assert_eq!(&buf, b"def\0");
        let g = call(&mut part, cell, CType::Char, &mut buf).unwrap();
        assert_eq!(len_of(&g), (Some(2), None));
        assert_eq!(&buf[..3], b"gh\0");
        assert_eq!(
            call(&mut part, cell, CType::Char, &mut buf).unwrap(),
            Got::NoData
        );
    }

    #[test]
    fn wide_parts_count_bytes_and_terminate() {
        let mut part = None;
        let cell = Cell::Str("héllo");
        let mut buf = [0xFFu8; 7]; // room for 2 units + terminator
        let g = call(&mut part, cell, CType::WChar, &mut buf).unwrap();
        assert_eq!(len_of(&g), (Some(10), Some("01004")));
        assert_eq!(&buf[..6], &[b'h', 0, 0xE9, 0, 0, 0]);
        let mut big = [0u8; 16];
        let g = call(&mut part, cell, CType::WChar, &mut big).unwrap();
        assert_eq!(len_of(&g), (Some(6), None));
        assert_eq!(&big[..8], &[b'l', 0, b'l', 0, b'o', 0, 0, 0]);
        assert_eq!(
            call(&mut part, cell, CType::WChar, &mut big).unwrap(),
            Got::NoData
        );
    }

    #[test]
    fn binary_parts_have_no_terminator() {
        let mut part = None;
        let cell = Cell::Bytes(&[1, 2, 3]);
        let mut buf = [0u8; 2];
        let g = call(&mut part, cell, CType::Binary, &mut buf).unwrap();
        assert_eq!(len_of(&g), (Some(3), Some("01004")));
        let g = call(&mut part, cell, CType::Binary, &mut buf).unwrap();
        assert_eq!((len_of(&g), buf[0]), ((Some(1), None), 3));
        assert_eq!(
            call(&mut part, cell, CType::Binary, &mut buf).unwrap(),
            Got::NoData
        );
    }

    #[test]
    fn fixed_values_and_nulls_come_once() {
        let mut part = None;
        let mut buf = [0u8; 8];
        let g = call(&mut part, Cell::Int(9), CType::I64, &mut buf).unwrap();
        assert_eq!((len_of(&g), buf), ((Some(8), None), 9i64.to_ne_bytes()));
        assert_eq!(
            call(&mut part, Cell::Int(9), CType::I64, &mut buf).unwrap(),
            Got::NoData
        );
        let mut part = None;
        let g = call(&mut part, Cell::Null, CType::Char, &mut buf).unwrap();
        assert_eq!(len_of(&g), (None, None));
        assert_eq!(
            call(&mut part, Cell::Null, CType::Char, &mut buf).unwrap(),
            Got::NoData
        );
        // Another column starts afresh.
        let g = get_data(
            &mut part,
            2,
            Cell::Str(""),
            &Target::new(CType::Char),
            Some(&mut buf),
        )
        .unwrap();
        assert_eq!(len_of(&g), (Some(0), None));
        let g = get_data(
            &mut part,
            2,
            Cell::Str(""),
            &Target::new(CType::Char),
            Some(&mut buf),
        )
        .unwrap();
        assert_eq!(g, Got::NoData);
    }

    #[test]
    fn numbers_do_not_split_their_digits() {
        let mut part = None;
        let mut buf = [0u8; 3];
        let e = call(&mut part, Cell::Int(12345), CType::Char, &mut buf).unwrap_err();
        assert_eq!(e.state, "22003");
        let e = call(&mut part, Cell::Str("12x"), CType::I32, &mut buf).unwrap_err();
        assert_eq!(e.state, "22018");
    }
}
