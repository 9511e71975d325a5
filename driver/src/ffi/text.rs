//! Strings across the C ABI: narrow (`SQLCHAR`, UTF-8) and wide (`SQLWCHAR`,
//! UTF-16) arguments read and written with one generic implementation, so each
//! ANSI/Unicode pair of exports shares its code.

use crate::diag::{Error, Result};
use crate::wchar;

/// `SQL_NTS`: the string is NUL-terminated.
const NTS: isize = -3;

/// A character encoding of string arguments, handled as bytes so one
/// implementation serves units of any width.
pub trait Encoding {
    /// What a string argument points to in the C signatures.
    type Unit;
    /// Bytes per code unit, for arguments measured in bytes.
    fn unit_bytes() -> usize;
    /// Native-endian code units of `s`, without a NUL.
    fn encode(s: &str) -> Vec<u8>;
    fn decode(bytes: &[u8]) -> String;
    /// The longest prefix of `bytes` no longer than `max` bytes that does not split a character.
    fn boundary(bytes: &[u8], max: usize) -> usize;
    /// The bytes of an input string of `len` units, or up to its NUL.
    ///
    /// # Safety
    /// `ptr` must hold `len` units, or a NUL-terminated string when `len` is `None`.
    unsafe fn input<'a>(ptr: *const u8, len: Option<usize>) -> &'a [u8];
}

/// ANSI functions: UTF-8, as unixODBC and iODBC pass narrow strings in a UTF-8 locale.
pub struct Narrow;
/// Unicode (`W`) functions: `SQLWCHAR` units, as wide as the driver manager's (`wchar`).
pub struct Wide;

/// One `SQLWCHAR`: 2 or 4 bytes (`wchar::current`), so only ever pointed to.
#[repr(C)]
pub struct WChar {
    _opaque: [u8; 0],
}

impl Encoding for Narrow {
    type Unit = u8;
    fn unit_bytes() -> usize {
        1
    }
    fn encode(s: &str) -> Vec<u8> {
        s.as_bytes().to_vec()
    }
    fn decode(bytes: &[u8]) -> String {
        String::from_utf8_lossy(bytes).into_owned()
    }
    fn boundary(bytes: &[u8], max: usize) -> usize {
        let mut n = max.min(bytes.len());
        // Step back over UTF-8 continuation bytes so no character is split.
        while n > 0 && n < bytes.len() && (bytes[n] & 0xC0) == 0x80 {
            n -= 1;
        }
        n
    }
    unsafe fn input<'a>(ptr: *const u8, len: Option<usize>) -> &'a [u8] {
        // SAFETY: the caller's guarantee.
        let len =
            len.unwrap_or_else(|| unsafe { std::ffi::CStr::from_ptr(ptr.cast()) }.count_bytes());
        // SAFETY: `len` readable bytes, per the caller.
        unsafe { std::slice::from_raw_parts(ptr, len) }
    }
}

impl Encoding for Wide {
    type Unit = WChar;
    fn unit_bytes() -> usize {
        wchar::current().bytes()
    }
    fn encode(s: &str) -> Vec<u8> {
        wchar::current().encode(s)
    }
    fn decode(bytes: &[u8]) -> String {
        wchar::current().decode(bytes)
    }
    fn boundary(bytes: &[u8], max: usize) -> usize {
        wchar::current().boundary(bytes, max)
    }
    unsafe fn input<'a>(ptr: *const u8, len: Option<usize>) -> &'a [u8] {
        // SAFETY: the caller's guarantee, passed on.
        unsafe { wchar::input(ptr, len) }
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
    let len = match len {
        NTS => None,
        n if n >= 0 => Some(n as usize),
        n => {
            return Err(Error::invalid_length(format!(
                "invalid string or buffer length {n}"
            )));
        }
    };
    // SAFETY: the caller guarantees `len` readable units, or a NUL-terminated string.
    Ok(Some(E::decode(unsafe { E::input(ptr.cast(), len) })))
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
        return Err(Error::invalid_length(format!(
            "invalid string or buffer length {buf_len}"
        )));
    }
    let unit = E::unit_bytes();
    let encoded = E::encode(s);
    let per_unit = if measure == Measure::Bytes { unit } else { 1 };
    let len = encoded.len() / unit * per_unit;
    let capacity = (buf_len as usize / per_unit).saturating_mul(unit);
    if buf.is_null() || capacity < unit {
        return Ok(Written {
            len,
            truncated: !buf.is_null() && !encoded.is_empty(),
        });
    }
    let n = E::boundary(&encoded, capacity - unit);
    let buf: *mut u8 = buf.cast();
    // SAFETY: n + unit <= capacity, and the caller guarantees `capacity` writable bytes.
    unsafe {
        std::ptr::copy_nonoverlapping(encoded.as_ptr(), buf, n);
        std::ptr::write_bytes(buf.add(n), 0, unit);
    }
    Ok(Written {
        len,
        truncated: n < encoded.len(),
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
        let w =
            unsafe { write::<Wide>("héllo", buf.as_mut_ptr().cast(), 8, Measure::Bytes) }.unwrap();
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
            unsafe { read::<Wide>(s.as_ptr().cast(), NTS) }
                .unwrap()
                .as_deref(),
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
