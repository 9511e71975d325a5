//! The built library itself: what it links and what it exports.

use std::process::Command;

use apiodbc_tests::odbc::driver_path;

fn tool(program: &str, args: &[&str]) -> String {
    let output = Command::new(program)
        .args(args)
        .arg(driver_path())
        .output()
        .unwrap_or_else(|e| panic!("run {program} (binutils): {e}"));
    assert!(
        output.status.success(),
        "{program} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn links_no_driver_manager_and_stays_mapped() {
    let dynamic = tool("readelf", &["-d"]);
    let needed: Vec<&str> = dynamic.lines().filter(|l| l.contains("(NEEDED)")).collect();
    assert!(
        !needed.is_empty(),
        "readelf shows no NEEDED entries:\n{dynamic}"
    );
    for line in &needed {
        assert!(
            !line.contains("libodbc") && !line.contains("libiodbc"),
            "the driver must not link a driver manager: {line}"
        );
    }
    assert!(
        dynamic.contains("NODELETE"),
        "the library must be linked with -z nodelete:\n{dynamic}"
    );
}

#[test]
fn every_string_function_has_its_ansi_and_unicode_form() {
    let symbols = tool("nm", &["-D", "--defined-only"]);
    let exports: Vec<&str> = symbols
        .lines()
        .filter_map(|l| l.split_whitespace().nth(2))
        .filter(|s| s.starts_with("SQL"))
        .collect();
    for core in [
        "SQLAllocHandle",
        "SQLDriverConnect",
        "SQLExecDirect",
        "SQLFetch",
        "SQLGetDiagRec",
        "SQLGetInfo",
    ] {
        assert!(exports.contains(&core), "{core} is not exported");
    }
    for wide in exports.iter().filter(|s| s.ends_with('W')) {
        let ansi = &wide[..wide.len() - 1];
        assert!(exports.contains(&ansi), "{wide} is exported without {ansi}");
    }
}
