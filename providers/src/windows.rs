//! What the library needs from Windows itself: staying loaded once its
//! runtime threads run, and files only their owner can open (the Windows
//! counterpart of mode 0600).

use std::fs::File;
use std::io;
use std::os::windows::io::AsRawHandle;
use std::path::PathBuf;

use windows_sys::Win32::Foundation::{CloseHandle, HANDLE, HMODULE};
use windows_sys::Win32::Security::Authorization::{SE_FILE_OBJECT, SetSecurityInfo};
use windows_sys::Win32::Security::{
    ACCESS_ALLOWED_ACE, ACL, ACL_REVISION, AddAccessAllowedAce, DACL_SECURITY_INFORMATION,
    GetLengthSid, GetTokenInformation, InitializeAcl, PROTECTED_DACL_SECURITY_INFORMATION,
    TOKEN_QUERY, TOKEN_USER, TokenUser,
};
use windows_sys::Win32::Storage::FileSystem::FILE_ALL_ACCESS;
use windows_sys::Win32::System::LibraryLoader::{
    GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS, GET_MODULE_HANDLE_EX_FLAG_PIN,
    GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT, GetModuleFileNameW, GetModuleHandleExW,
};
use windows_sys::Win32::System::Threading::{GetCurrentProcess, OpenProcessToken};

/// The module (DLL or program) this code is linked into.
fn this_module(flags: u32) -> Option<HMODULE> {
    let mut module: HMODULE = std::ptr::null_mut();
    let address = this_module as *const () as *const u16;
    // SAFETY: FROM_ADDRESS takes any address inside a loaded module; `module`
    // receives its handle.
    let ok = unsafe {
        GetModuleHandleExW(
            GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS | flags,
            address,
            &mut module,
        )
    };
    (ok != 0).then_some(module)
}

/// Keeps this module loaded until the process ends. A driver manager may
/// `FreeLibrary` the driver after its last connection while the runtime's
/// threads still run its code (on Linux, `-z nodelete` does the same).
pub fn pin_module() {
    this_module(GET_MODULE_HANDLE_EX_FLAG_PIN);
}

/// The path of the module this code is linked into (the driver DLL).
pub fn module_path() -> Option<PathBuf> {
    use std::os::windows::ffi::OsStringExt;
    let module = this_module(GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT)?;
    let mut buf = vec![0u16; 32768];
    // SAFETY: the buffer's length in characters is passed.
    let n = unsafe { GetModuleFileNameW(module, buf.as_mut_ptr(), buf.len() as u32) } as usize;
    (n > 0 && n < buf.len()).then(|| std::ffi::OsString::from_wide(&buf[..n]).into())
}

/// Replaces the file's access list with one entry: full access for the
/// current user, nothing inherited. The handle needs `WRITE_DAC`.
pub fn restrict_to_owner(file: &File) -> io::Result<()> {
    let user = current_user()?;
    // SAFETY: `user` holds a TOKEN_USER filled by GetTokenInformation, whose
    // SID points into the same buffer.
    let sid = unsafe { (*user.as_ptr().cast::<TOKEN_USER>()).User.Sid };
    // SAFETY: `sid` is a valid SID.
    let sid_len = unsafe { GetLengthSid(sid) } as usize;
    let acl_len = size_of::<ACL>() + size_of::<ACCESS_ALLOWED_ACE>() - size_of::<u32>() + sid_len;
    // u32 words keep the ACL aligned as Windows requires.
    let mut acl = vec![0u32; acl_len.div_ceil(4)];
    let acl_ptr = acl.as_mut_ptr().cast::<ACL>();
    // SAFETY: `acl` has `acl_len` writable bytes; `sid` is valid.
    let built = unsafe {
        InitializeAcl(acl_ptr, acl_len as u32, ACL_REVISION) != 0
            && AddAccessAllowedAce(acl_ptr, ACL_REVISION, FILE_ALL_ACCESS, sid) != 0
    };
    if !built {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: a live file handle and a well-formed ACL; owner, group and SACL untouched.
    let status = unsafe {
        SetSecurityInfo(
            file.as_raw_handle() as HANDLE,
            SE_FILE_OBJECT,
            DACL_SECURITY_INFORMATION | PROTECTED_DACL_SECURITY_INFORMATION,
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            acl_ptr,
            std::ptr::null(),
        )
    };
    match status {
        0 => Ok(()),
        code => Err(io::Error::from_raw_os_error(code as i32)),
    }
}

/// The process token's `TOKEN_USER` (the user's SID), in u64 words for alignment.
fn current_user() -> io::Result<Vec<u64>> {
    let mut token: HANDLE = std::ptr::null_mut();
    // SAFETY: the pseudo handle of this process; `token` receives a handle we close.
    if unsafe { OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &mut token) } == 0 {
        return Err(io::Error::last_os_error());
    }
    let mut needed = 0u32;
    // SAFETY: a size query with no buffer.
    unsafe { GetTokenInformation(token, TokenUser, std::ptr::null_mut(), 0, &mut needed) };
    let mut buf = vec![0u64; (needed as usize).div_ceil(8).max(1)];
    // SAFETY: `buf` has at least `needed` writable bytes.
    let ok = unsafe {
        GetTokenInformation(
            token,
            TokenUser,
            buf.as_mut_ptr().cast(),
            (buf.len() * 8) as u32,
            &mut needed,
        )
    };
    let result = if ok != 0 {
        Ok(buf)
    } else {
        Err(io::Error::last_os_error())
    };
    // SAFETY: `token` was opened above.
    unsafe { CloseHandle(token) };
    result
}
