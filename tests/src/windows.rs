//! The Windows build under Wine: cross-compiling the DLL and the `apiodbc`
//! command for `x86_64-pc-windows-gnu`, fresh Wine prefixes, the smoke
//! program (`tests/windows/smoke.c`, compiled with mingw) and `wine reg query`.
//!
//! Windows programs reach the fake servers on 127.0.0.1 like Linux ones.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

use crate::odbc::{CommandOutput, is_ci, on_path, run_with_timeout};

/// The Rust target of the Windows build.
pub const TARGET: &str = "x86_64-pc-windows-gnu";
/// Set (to a reason) by `.ci/run` when the Windows toolchain cannot be
/// installed: the Windows tests then skip even under CI.
pub const SKIP_ENV: &str = "APIODBC_SKIP_WINDOWS";
const MINGW: &str = "x86_64-w64-mingw32-gcc";

/// What the Windows checks lack here, if anything.
fn missing() -> Option<String> {
    for (program, package) in [
        ("wine", "wine wine64"),
        (MINGW, "gcc-mingw-w64-x86-64"),
        ("x86_64-w64-mingw32-objdump", "binutils-mingw-w64-x86-64"),
        ("wixl", "wixl"),
    ] {
        if !on_path(program) {
            return Some(format!("`{program}` (apt-get install {package})"));
        }
    }
    let sysroot = Command::new("rustc")
        .args(["--print", "sysroot"])
        .output()
        .ok()
        .map(|o| PathBuf::from(String::from_utf8_lossy(&o.stdout).trim()));
    if !sysroot.is_some_and(|s| s.join("lib/rustlib").join(TARGET).is_dir()) {
        return Some(format!("the Rust target (rustup target add {TARGET})"));
    }
    None
}

/// Whether the Windows checks can run: otherwise prints why and returns
/// false, except under CI where a missing tool fails the test, unless
/// `.ci/run` said why it could not install it (`APIODBC_SKIP_WINDOWS`).
pub fn available_or_skip() -> bool {
    if let Some(reason) = std::env::var(SKIP_ENV).ok().filter(|r| !r.is_empty()) {
        eprintln!("SKIPPED: Windows checks: {reason}");
        return false;
    }
    let Some(what) = missing() else {
        return true;
    };
    assert!(!is_ci(), "{what} is required under CI but is not available");
    eprintln!("SKIPPED: {what} is not available (set CI=true to make this a failure)");
    false
}

/// Cross-compiles `apiodbc.dll` and `apiodbc.exe` (debug) once per test
/// process and returns the folder holding them. A build of the same
/// sources is a no-op, so the tests always see the current code.
pub fn build() -> &'static Path {
    static BUILT: OnceLock<PathBuf> = OnceLock::new();
    BUILT.get_or_init(|| {
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let output = Command::new(cargo)
            .current_dir(crate::checkout())
            .args([
                "build",
                "--target",
                TARGET,
                "-p",
                "apiodbc",
                "-p",
                "apiodbc-installer",
            ])
            .output()
            .expect("run cargo");
        assert!(
            output.status.success(),
            "cargo build --target {TARGET} failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let target_dir = std::env::var_os("CARGO_TARGET_DIR")
            .map_or_else(|| crate::checkout().join("target"), PathBuf::from);
        target_dir.join(TARGET).join("debug")
    })
}

/// A scratch folder removed on drop.
pub struct Scratch(PathBuf);

impl Scratch {
    pub fn new(name: &str) -> Scratch {
        static N: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "apiodbc-{name}-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&dir).expect("create a scratch folder");
        Scratch(dir)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Compiles a C file of `tests/windows/` with mingw into `out`.
fn compile(source: &str, out: &Path, flags: &[&str]) {
    let output = Command::new(MINGW)
        .args(["-Wall", "-Werror", "-O2", "-o"])
        .arg(out)
        .arg(crate::checkout().join("tests/windows").join(source))
        .args(flags)
        .output()
        .expect("run mingw");
    assert!(
        output.status.success(),
        "{MINGW} {source}:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// A fresh Wine prefix (its own registry and `C:`), its wineserver stopped
/// and its folder removed on drop.
pub struct Prefix {
    dir: Scratch,
}

impl Prefix {
    /// Creates the prefix and gives it the smoke program, plus the
    /// `ProcessPrng` stand-in in `system32` that Rust programs need on Wine 8.
    pub fn new() -> Prefix {
        // Wine 8 sometimes fails to set up a prefix while another is being
        // set up ("could not load kernel32.dll"): one at a time, and a retry.
        static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());
        let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
        let mut attempts = 0;
        let prefix = loop {
            attempts += 1;
            let prefix = Prefix {
                dir: Scratch::new("wine"),
            };
            let boot = prefix.wine(&["wineboot", "--init"], "");
            if boot.status.success() {
                break prefix;
            }
            assert!(attempts < 3, "wineboot: {boot:?}");
        };
        let system32 = prefix.drive_c().join("windows/system32");
        if !system32.join("bcryptprimitives.dll").exists() {
            compile(
                "bcryptprimitives.c",
                &system32.join("bcryptprimitives.dll"),
                &["-shared", "-ladvapi32"],
            );
        }
        compile(
            "smoke.c",
            &prefix.drive_c().join("smoke.exe"),
            &["-lodbccp32"],
        );
        prefix
    }

    /// The prefix's `C:` drive.
    pub fn drive_c(&self) -> PathBuf {
        self.dir.path().join("drive_c")
    }

    /// The Linux path of a `C:\...` path in this prefix.
    pub fn unix_path(&self, windows: &str) -> PathBuf {
        let rest = windows
            .strip_prefix("C:\\")
            .or_else(|| windows.strip_prefix("c:\\"))
            .unwrap_or_else(|| panic!("{windows} is not on C:"));
        rest.split('\\')
            .fold(self.drive_c(), |path, part| path.join(part))
    }

    /// Runs `wine <args>` in this prefix with `stdin`, two minutes at most.
    pub fn wine(&self, args: &[&str], stdin: &str) -> CommandOutput {
        let mut command = Command::new("wine");
        command
            .args(args)
            .env("WINEPREFIX", self.dir.path())
            .env("WINEDEBUG", "-all")
            .env("WINEDLLOVERRIDES", "mscoree,mshtml=")
            .env("LANG", "C.UTF-8");
        run_with_timeout(&mut command, stdin, Duration::from_secs(120))
    }

    /// Runs the smoke program with a script (see `tests/windows/smoke.c`)
    /// and returns its output lines.
    pub fn smoke(&self, script: &str) -> Vec<String> {
        let output = self.wine(&["C:\\smoke.exe"], script);
        assert!(
            output.status.success() && !output.timed_out,
            "smoke.exe failed: {output:?}"
        );
        output.stdout.lines().map(str::to_owned).collect()
    }

    /// The values of a registry key (`wine reg query`), or `None` when the
    /// key does not exist.
    pub fn registry(&self, key: &str) -> Option<Vec<(String, String)>> {
        let output = self.wine(&["reg", "query", key], "");
        if !output.status.success() {
            return None;
        }
        Some(
            output
                .stdout
                .lines()
                .filter_map(|line| line.strip_prefix("    "))
                .filter_map(|line| {
                    let mut fields = line.splitn(3, "    ");
                    let name = fields.next()?.to_owned();
                    let _kind = fields.next()?;
                    Some((name, fields.next().unwrap_or("").trim_end().to_owned()))
                })
                .collect(),
        )
    }
}

impl Default for Prefix {
    fn default() -> Self {
        Prefix::new()
    }
}

impl Drop for Prefix {
    fn drop(&mut self) {
        let _ = Command::new("wineserver")
            .arg("--kill")
            .env("WINEPREFIX", self.dir.path())
            .status();
    }
}
