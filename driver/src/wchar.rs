//! `SQLWCHAR`, whose width depends on the driver manager that loaded us:
//! unixODBC and Windows pass UTF-16 (2-byte units), iODBC passes its platform's
//! `wchar_t` (UTF-32, 4-byte units), to every `W` function and every
//! `SQL_C_WCHAR` buffer. One library serves both, so the width is decided at
//! run time, once, from the driver manager found in the process (see
//! docs/ARCHITECTURE.md, "One library, two SQLWCHAR widths").

use std::sync::OnceLock;

/// Overrides the detected width (`2` or `4`): for a unixODBC built with a
/// 4-byte `SQLWCHAR`, or a host that links its driver manager statically.
pub const OVERRIDE_ENV: &str = "APIODBC_SQLWCHAR_BYTES";

/// The encoding of `SQLWCHAR` text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Width {
    /// UTF-16 in 2-byte units: unixODBC, Windows.
    Utf16,
    /// UTF-32 in 4-byte units: iODBC (`wchar_t`).
    Utf32,
}

static DECIDED: OnceLock<Width> = OnceLock::new();

/// The width of this process's driver manager. Until it is known (see
/// [`input`]), UTF-16.
pub fn current() -> Width {
    DECIDED.get().copied().unwrap_or(Width::Utf16)
}

/// Decides the width at the driver manager's first call, the environment's
/// allocation: from the override, or from the driver manager library loaded
/// in the process. A host that links its driver manager statically (Debian's
/// `iodbctest` links iODBC in) shows none; then its first wide string decides.
pub fn settle() {
    let overridden = match std::env::var(OVERRIDE_ENV).as_deref() {
        Ok("2") => Some(Width::Utf16),
        Ok("4") => Some(Width::Utf32),
        _ => None,
    };
    if let Some(width) = overridden.or_else(|| Width::of_process(&loaded::libraries())) {
        let _ = DECIDED.set(width);
    }
}

/// The bytes of a wide input string of `len` units, or up to its NUL.
///
/// While the width is undecided, this string's shape decides it, read in
/// 2-byte units, which stay inside the string at either width: a first unit
/// followed by a zero one is UTF-32 (the zero upper half of a character),
/// two non-zero units are UTF-16. A UTF-16 string of exactly one character
/// looks like UTF-32; only a statically linked UTF-16 driver manager, which
/// is not known to exist outside Windows (decided already), could send one.
///
/// # Safety
/// `ptr` must hold `len` units, or a NUL-terminated string when `len` is `None`.
pub unsafe fn input<'a>(ptr: *const u8, len: Option<usize>) -> &'a [u8] {
    // SAFETY: the caller's guarantee, passed on.
    let width = DECIDED
        .get()
        .copied()
        .or_else(|| unsafe { shape(ptr, len) }.map(|w| *DECIDED.get_or_init(|| w)))
        .unwrap_or(Width::Utf16);
    let unit = width.bytes();
    let units = len.unwrap_or_else(|| {
        let mut n = 0;
        // SAFETY: a NUL-terminated string, read unit by unit up to its NUL.
        while unsafe { std::slice::from_raw_parts(ptr.add(n * unit), unit) }
            .iter()
            .any(|b| *b != 0)
        {
            n += 1;
        }
        n
    });
    // SAFETY: `units` whole units at `ptr`, per the caller.
    unsafe { std::slice::from_raw_parts(ptr, units * unit) }
}

/// The width a string's first two 2-byte units show, if they show one.
///
/// # Safety
/// As for [`input`].
unsafe fn shape(ptr: *const u8, len: Option<usize>) -> Option<Width> {
    // SAFETY: only units that lie inside the string at either width are read.
    let half = |i: usize| unsafe { u16::from_ne_bytes([*ptr.add(2 * i), *ptr.add(2 * i + 1)]) };
    if matches!(len, Some(0 | 1)) || half(0) == 0 {
        // Empty, or one unit: read alike at either width.
        return None;
    }
    Some(if half(1) == 0 {
        Width::Utf32
    } else {
        Width::Utf16
    })
}

impl Width {
    /// The width of the driver manager among a process's loaded libraries.
    /// iODBC's library is libiodbc (libiodbc.so.2, libiodbc.2.dylib) or the
    /// iODBC framework; unixODBC's is libodbc. With both loaded, unixODBC's
    /// convention, the common one, wins. Windows' is always UTF-16.
    fn of_process(libraries: &[String]) -> Option<Width> {
        if cfg!(windows) {
            return Some(Width::Utf16);
        }
        let any = |wanted: fn(&str) -> bool| {
            libraries.iter().any(|path| {
                let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
                wanted(&name.to_ascii_lowercase())
            })
        };
        if any(|name| name.starts_with("libodbc.")) {
            Some(Width::Utf16)
        } else if any(|name| name.starts_with("libiodbc.") || name == "iodbc") {
            Some(Width::Utf32)
        } else {
            None
        }
    }

    /// Bytes per unit.
    pub fn bytes(self) -> usize {
        match self {
            Width::Utf16 => 2,
            Width::Utf32 => 4,
        }
    }

    /// Native-endian units of `s`, without a terminating NUL.
    pub fn encode(self, s: &str) -> Vec<u8> {
        match self {
            Width::Utf16 => s.encode_utf16().flat_map(u16::to_ne_bytes).collect(),
            Width::Utf32 => s.chars().flat_map(|c| u32::from(c).to_ne_bytes()).collect(),
        }
    }

    /// Writes the units of as many whole leading characters of `s` as fit in
    /// `dst`, without allocating (a fetch does this for every cell); returns
    /// the bytes written and the bytes all of `s` takes.
    pub fn encode_into(self, s: &str, dst: &mut [u8]) -> (usize, usize) {
        let (mut written, mut total, mut full) = (0, 0, false);
        for c in s.chars() {
            let mut units = [0u8; 4];
            let n = match self {
                Width::Utf16 => {
                    let mut pair = [0u16; 2];
                    let pair = c.encode_utf16(&mut pair);
                    for (i, u) in pair.iter().enumerate() {
                        units[i * 2..i * 2 + 2].copy_from_slice(&u.to_ne_bytes());
                    }
                    pair.len() * 2
                }
                Width::Utf32 => {
                    units = u32::from(c).to_ne_bytes();
                    4
                }
            };
            full = full || written + n > dst.len();
            if !full {
                dst[written..written + n].copy_from_slice(&units[..n]);
                written += n;
            }
            total += n;
        }
        (written, total)
    }

    /// The number of units `s` encodes to.
    pub fn units(self, s: &str) -> usize {
        match self {
            Width::Utf16 => s.encode_utf16().count(),
            Width::Utf32 => s.chars().count(),
        }
    }

    /// Decodes whole units; an invalid unit or a trailing partial one becomes U+FFFD.
    pub fn decode(self, bytes: &[u8]) -> String {
        let unit = self.bytes();
        let mut text = match self {
            Width::Utf16 => {
                let units: Vec<u16> = bytes
                    .chunks_exact(unit)
                    .map(|c| u16::from_ne_bytes([c[0], c[1]]))
                    .collect();
                String::from_utf16_lossy(&units)
            }
            Width::Utf32 => bytes
                .chunks_exact(unit)
                .map(|c| {
                    char::from_u32(u32::from_ne_bytes([c[0], c[1], c[2], c[3]]))
                        .unwrap_or(char::REPLACEMENT_CHARACTER)
                })
                .collect(),
        };
        if !bytes.len().is_multiple_of(unit) {
            text.push(char::REPLACEMENT_CHARACTER);
        }
        text
    }

    /// The longest prefix of encoded `bytes`, at most `max` bytes, made of
    /// whole characters: whole units, never the first half of a surrogate pair.
    pub fn boundary(self, bytes: &[u8], max: usize) -> usize {
        let unit = self.bytes();
        let n = max.min(bytes.len()) / unit * unit;
        if self == Width::Utf16 && n > 0 && n < bytes.len() {
            let last = u16::from_ne_bytes([bytes[n - 2], bytes[n - 1]]);
            if (0xD800..0xDC00).contains(&last) {
                return n - 2;
            }
        }
        n
    }
}

/// The libraries loaded into this process, by path.
mod loaded {
    #[cfg(any(target_os = "linux", target_os = "android", target_os = "freebsd"))]
    pub fn libraries() -> Vec<String> {
        use std::ffi::{CStr, c_int, c_void};

        unsafe extern "C" fn collect(
            info: *mut libc::dl_phdr_info,
            _size: libc::size_t,
            data: *mut c_void,
        ) -> c_int {
            // SAFETY: the loader passes a valid entry and our own `data`.
            let (info, names) = unsafe { (&*info, &mut *data.cast::<Vec<String>>()) };
            if !info.dlpi_name.is_null() {
                // SAFETY: the loader's names are NUL-terminated.
                let name = unsafe { CStr::from_ptr(info.dlpi_name) };
                names.push(name.to_string_lossy().into_owned());
            }
            0
        }

        let mut names: Vec<String> = Vec::new();
        // SAFETY: `collect` only reads the entries and appends to `names`.
        unsafe { libc::dl_iterate_phdr(Some(collect), (&raw mut names).cast()) };
        names
    }

    #[cfg(target_vendor = "apple")]
    pub fn libraries() -> Vec<String> {
        use std::ffi::CStr;
        // SAFETY: dyld's image list; a name stays valid while its image is
        // loaded, and the driver manager calling us is.
        unsafe {
            (0..libc::_dyld_image_count())
                .map(|i| libc::_dyld_get_image_name(i))
                .filter(|name| !name.is_null())
                .map(|name| CStr::from_ptr(name).to_string_lossy().into_owned())
                .collect()
        }
    }

    /// Windows' driver manager always uses UTF-16; elsewhere nothing is known.
    #[cfg(not(any(
        target_os = "linux",
        target_os = "android",
        target_os = "freebsd",
        target_vendor = "apple"
    )))]
    pub fn libraries() -> Vec<String> {
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "ü∑😀 Łódź";

    #[test]
    fn both_widths_round_trip_and_count_units() {
        assert_eq!(
            Width::Utf16.encode("a😀"),
            [97u16, 0xD83D, 0xDE00].map(u16::to_ne_bytes).concat()
        );
        assert_eq!(
            Width::Utf32.encode("a😀"),
            [97u32, 0x1F600].map(u32::to_ne_bytes).concat()
        );
        for w in [Width::Utf16, Width::Utf32] {
            assert_eq!(w.decode(&w.encode(TEXT)), TEXT);
            assert_eq!(w.encode(TEXT).len(), w.units(TEXT) * w.bytes());
        }
        assert_eq!(Width::Utf16.units(TEXT), 9);
        assert_eq!(Width::Utf32.units(TEXT), 8);
    }

    #[test]
    fn boundary_keeps_whole_characters() {
        let utf16 = Width::Utf16.encode("a😀");
        assert_eq!(
            Width::Utf16.boundary(&utf16, 5),
            2,
            "never the first half of a pair"
        );
        assert_eq!(Width::Utf16.boundary(&utf16, 6), 6);
        assert_eq!(Width::Utf16.boundary(&utf16, 3), 2, "never half a unit");
        let utf32 = Width::Utf32.encode("a😀");
        assert_eq!(Width::Utf32.boundary(&utf32, 7), 4);
        assert_eq!(Width::Utf32.boundary(&utf32, 8), 8);
    }

    #[test]
    fn encode_into_writes_whole_characters_and_measures_all() {
        for w in [Width::Utf16, Width::Utf32] {
            let all = w.encode(TEXT);
            let mut dst = vec![0xAAu8; all.len()];
            assert_eq!(w.encode_into(TEXT, &mut dst), (all.len(), all.len()));
            assert_eq!(dst, all);
            // Room for "ü∑" and part of the emoji: the emoji is left out whole.
            let mut short = vec![0xAAu8; 2 * w.bytes() + 1];
            assert_eq!(w.encode_into(TEXT, &mut short), (2 * w.bytes(), all.len()));
            assert_eq!(w.decode(&short[..2 * w.bytes()]), "ü∑");
        }
    }

    #[test]
    fn a_strings_shape_shows_its_width() {
        let shape_of = |bytes: &[u8], len| unsafe { shape(bytes.as_ptr(), len) };
        let utf16 = Width::Utf16.encode("DSN=x\0");
        let utf32 = Width::Utf32.encode("DSN=x\0");
        assert_eq!(shape_of(&utf16, None), Some(Width::Utf16));
        assert_eq!(shape_of(&utf32, None), Some(Width::Utf32));
        assert_eq!(shape_of(&utf16, Some(5)), Some(Width::Utf16));
        assert_eq!(shape_of(&utf32, Some(5)), Some(Width::Utf32));
        assert_eq!(shape_of(&utf32, Some(1)), None, "one unit reads alike");
        assert_eq!(shape_of(&[0, 0, 0, 0], None), None, "empty");
    }

    #[test]
    fn invalid_and_partial_units_are_replaced() {
        assert_eq!(Width::Utf16.decode(&[b'h', 0, b'i']), "h\u{FFFD}");
        assert_eq!(Width::Utf32.decode(&0xD800u32.to_ne_bytes()), "\u{FFFD}");
    }

    #[test]
    fn the_driver_manager_decides_the_width() {
        let of = |names: &[&str]| {
            Width::of_process(&names.iter().map(|s| s.to_string()).collect::<Vec<_>>())
        };
        assert_eq!(
            of(&["/usr/lib/x86_64-linux-gnu/libiodbc.so.2"]),
            Some(Width::Utf32)
        );
        assert_eq!(of(&["/usr/local/lib/libiodbc.2.dylib"]), Some(Width::Utf32));
        assert_eq!(
            of(&["/Library/Frameworks/iODBC.framework/Versions/Current/iODBC"]),
            Some(Width::Utf32)
        );
        assert_eq!(
            of(&["/usr/lib/x86_64-linux-gnu/libodbc.so.2"]),
            Some(Width::Utf16)
        );
        assert_eq!(
            of(&["/opt/homebrew/lib/libodbc.2.dylib"]),
            Some(Width::Utf16)
        );
        assert_eq!(of(&["libiodbc.so.2", "libodbc.so.2"]), Some(Width::Utf16));
        assert_eq!(of(&["/usr/lib/libc.so.6"]), None);
        // A test binary links no driver manager but does see its own libraries.
        assert!(loaded::libraries().iter().any(|l| l.contains("libc.so")));
    }
}
