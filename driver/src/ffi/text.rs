//! Strings across the C ABI: narrow (`SQLCHAR`, UTF-8) and wide (`SQLWCHAR`,
//! UTF-16) arguments read and written with one generic implementation, so each
//! ANSI/Unicode pair of exports shares its code.

use crate::diag::{Error, Result};

/// `SQL_NTS`: the string is NUL-terminated.
const NTS: isize = -3;

/// A character encoding of string arguments.
pub trait Encoding {
    type Unit: Copy + Default + PartialEq;
    /// Bytes per code unit, for arguments measured in bytes.
    const UNIT_BYTES: usize;
    fn encode(s: &str) -> Vec<Self::Unit>;
    fn decode(units: &[Self::Unit]) -> String;
    /// The longest prefix of `units` no longer than `max` that does not split a character.
    fn boundary(units: &[Self::Unit], max: usize) -> usize;
}

/// ANSI functions: UTF-8, as unixODBC passes narrow strings in a UTF-8 locale.
pub struct Narrow;
/// Unicode (`W`) functions: UTF-16 with a 2-byte `SQLWCHAR`.
pub struct Wide;

impl Encoding for Narrow {
    type Unit = u8;
    const UNIT_BYTES: usize = 1;
    fn encode(s: &str) -> Vec<u8> {
        s.as_bytes().to_vec()
    }
    fn decode(units: &[u8]) -> String {
        String::from_utf8_lossy(units).into_owned()
    }
    fn boundary(units: &[u8], max: usize) -> usize {
        let mut n = max.min(units.len());
        // Step back over UTF-8 continuation bytes so no character is split.
        while n > 0 && n < units.len() && (units[n] & 0xC0) == 0x80 {
            n -= 1;
        }
        n
    }
}

impl Encoding for Wide {
    type Unit = u16;
    const UNIT_BYTES: usize = 2;
    fn encode(s: &str) -> Vec<u16> {
        s.encode_utf16().collect()
    }
    fn decode(units: &[u16]) -> String {
        String::from_utf16_lossy(units)
    }
    fn boundary(units: &[u16], max: usize) -> usize {
        let n = max.min(units.len());
        // Never end on the high half of a surrogate pair.
        if n > 0 && n < units.len() && (0xD800..0xDC00).contains(&units[n - 1]) {
            n - 1
        } else {
            n
        }
    }
}

/// What a length argument counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Measure {
    Chars,
    Bytes,
}

/// Reads an input string of `len` units (or NUL-terminated when `len` is
/// `SQL_NTS`). A null pointer reads as `None`.
///
/// # Safety
/// `ptr` must be null or point to `len` readable units (or a NUL-terminated string).
pub unsafe fn read<E: Encoding>(ptr: *const E::Unit, len: isize) -> Result<Option<String>> {
    if ptr.is_null() {
        return Ok(None);
    }
    let units = match len {
        NTS => {
            let mut n = 0;
            // SAFETY: the caller guarantees a NUL-terminated string.
            while unsafe { *ptr.add(n) } != E::Unit::default() {
                n += 1;
            }
            n
        }
        n if n >= 0 => n as usize,
        n => {
            return Err(Error::new(
                "HY090",
                format!("invalid string or buffer length {n}"),
            ));
        }
    };
    // SAFETY: the caller guarantees `units` readable units at `ptr`.
    Ok(Some(E::decode(unsafe {
        std::slice::from_raw_parts(ptr, units)
    })))
}

/// The outcome of writing an output string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    /// The full length of the value in the argument's measure, excluding the NUL.
    pub len: usize,
    /// Whether the buffer was too small (the caller reports 01004).
    pub truncated: bool,
}

/// Writes `s` NUL-terminated into a client buffer of `buf_len` (characters or
/// bytes, per `measure`), truncating at a character boundary. A null buffer
/// only measures.
///
/// # Safety
/// `buf` must be null or writable for `buf_len` of the given measure.
pub unsafe fn write<E: Encoding>(
    s: &str,
    buf: *mut E::Unit,
    buf_len: isize,
    measure: Measure,
) -> Result<Written> {
    if buf_len < 0 {
        return Err(Error::new(
            "HY090",
            format!("invalid string or buffer length {buf_len}"),
        ));
    }
    let units = E::encode(s);
    let per_unit = if measure == Measure::Bytes {
        E::UNIT_BYTES
    } else {
        1
    };
    let len = units.len() * per_unit;
    let capacity = buf_len as usize / per_unit;
    if buf.is_null() || capacity == 0 {
        return Ok(Written {
            len,
            truncated: !buf.is_null() && !units.is_empty(),
        });
    }
    let n = E::boundary(&units, capacity - 1);
    // SAFETY: n < capacity, and the caller guarantees `capacity` writable units.
    unsafe {
        std::ptr::copy_nonoverlapping(units.as_ptr(), buf, n);
        *buf.add(n) = E::Unit::default();
    }
    Ok(Written {
        len,
        truncated: n < units.len(),
    })
}

/// Stores a length into an optional client output pointer of any integer type.
///
/// # Safety
/// `ptr` must be null or valid for a write of `T`.
pub unsafe fn store<T: TryFrom<usize> + Bounded>(ptr: *mut T, value: usize) {
    if !ptr.is_null() {
        // SAFETY: the caller guarantees `ptr` is writable.
        unsafe { ptr.write(T::try_from(value).unwrap_or(T::MAX)) };
    }
}

/// The largest value of an output length type, stored when a length overflows it.
pub trait Bounded {
    const MAX: Self;
}

impl Bounded for i16 {
    const MAX: Self = i16::MAX;
}
impl Bounded for i32 {
    const MAX: Self = i32::MAX;
}
impl Bounded for isize {
    const MAX: Self = isize::MAX;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_write_truncates_and_reports_bytes() {
        let mut buf = [0xFFFFu16; 4];
        let w = unsafe { write::<Wide>("héllo", buf.as_mut_ptr(), 8, Measure::Bytes) }.unwrap();
        assert_eq!(
            w,
            Written {
                len: 10,
                truncated: true
            }
        );
        assert_eq!(&buf, &[b'h' as u16, 'é' as u16, b'l' as u16, 0]);
    }

    #[test]
    fn narrow_write_never_splits_a_character() {
        let mut buf = [0xFFu8; 3];
        let w = unsafe { write::<Narrow>("aé", buf.as_mut_ptr(), 3, Measure::Chars) }.unwrap();
        assert_eq!(
            w,
            Written {
                len: 3,
                truncated: true
            }
        );
        assert_eq!(&buf[..2], &[b'a', 0]);
    }

    #[test]
    fn null_buffer_only_measures_and_nts_reads_to_nul() {
        let w = unsafe { write::<Wide>("abc", std::ptr::null_mut(), 0, Measure::Chars) }.unwrap();
        assert_eq!(
            w,
            Written {
                len: 3,
                truncated: false
            }
        );
        let s = [b'h' as u16, b'i' as u16, 0];
        assert_eq!(
            unsafe { read::<Wide>(s.as_ptr(), NTS) }.unwrap().as_deref(),
            Some("hi")
        );
        assert_eq!(
            unsafe { read::<Narrow>(b"abc".as_ptr(), 2) }
                .unwrap()
                .as_deref(),
            Some("ab")
        );
        assert!(unsafe { read::<Narrow>(b"a".as_ptr(), -7) }.is_err());
    }
}
