//! The fidelity audit: every table against the API's own reference (the
//! Stripe OpenAPI spec and current example objects, the Bitbucket swagger
//! and its guide). Every field of an object is a column, every column reads
//! a field the reference has, every documented list parameter is sent by a
//! filter, and no undocumented one is; each gap left on purpose is listed
//! with its reason in the provider's module here. It prints the coverage and
//! fails on any other gap, and on a listed exception that no longer applies.
//!
//! The reference is not part of the repository: `APIODBC_API_REFERENCE`
//! names its folder (CI sets it, and a missing folder then fails); without
//! it the audit reads `../shared/api-reference` beside the checkout, or says
//! it is skipped.

mod bitbucket;
mod schema;
mod stripe;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde_json::Value as Json;

/// What a table lacks, or has too much of, against the reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gap {
    /// A field of the object that no column reads.
    Field,
    /// A documented list parameter that no filter sends.
    Parameter,
    /// A column reading a path the reference does not have: always NULL.
    Column,
    /// A parameter a filter sends that the reference does not document.
    Undocumented,
}

/// A gap left on purpose, and why. `table` is `*` for every table of the provider.
pub struct Exception {
    pub table: &'static str,
    pub gap: Gap,
    pub name: &'static str,
    pub why: &'static str,
}

/// The coverage of one provider, and what failed.
pub struct Audit {
    provider: &'static str,
    exceptions: &'static [Exception],
    used: Vec<bool>,
    fields: Coverage,
    parameters: Coverage,
    failures: Vec<String>,
}

#[derive(Default)]
struct Coverage {
    total: usize,
    covered: usize,
    excepted: usize,
}

impl Audit {
    pub fn new(provider: &'static str, exceptions: &'static [Exception]) -> Audit {
        Audit {
            provider,
            exceptions,
            used: vec![false; exceptions.len()],
            fields: Coverage::default(),
            parameters: Coverage::default(),
            failures: Vec::new(),
        }
    }

    /// A field of `table`'s object, and whether a column reads it.
    pub fn field(&mut self, table: &str, name: &str, covered: bool) {
        self.fields.total += 1;
        if covered {
            self.fields.covered += 1;
        } else if self.gap(table, Gap::Field, name, "is a field no column reads") {
            self.fields.excepted += 1;
        }
    }

    /// A documented list parameter of `table`, and whether a filter sends it.
    pub fn parameter(&mut self, table: &str, name: &str, pushed: bool) {
        self.parameters.total += 1;
        if pushed {
            self.parameters.covered += 1;
        } else if self.gap(
            table,
            Gap::Parameter,
            name,
            "is a documented parameter no filter sends",
        ) {
            self.parameters.excepted += 1;
        }
    }

    /// A gap: excused by a listed exception (true), or a failure.
    pub fn gap(&mut self, table: &str, gap: Gap, name: &str, what: &str) -> bool {
        let listed = self
            .exceptions
            .iter()
            .position(|e| (e.table == table || e.table == "*") && e.gap == gap && e.name == name);
        match listed {
            Some(i) => {
                self.used[i] = true;
                true
            }
            None => {
                self.failures
                    .push(format!("{}.{table}: `{name}` {what}", self.provider));
                false
            }
        }
    }

    /// A problem that no exception can excuse (a table the reference lacks).
    pub fn fail(&mut self, message: String) {
        self.failures.push(format!("{}: {message}", self.provider));
    }

    /// Prints the coverage and the exceptions; returns the failures, stale
    /// exceptions included.
    fn report(mut self) -> Vec<String> {
        let percent = |c: &Coverage| 100.0 * c.covered as f64 / c.total.max(1) as f64;
        println!(
            "{}: {} of {} object fields are columns ({:.1}%), {} left out on purpose",
            self.provider,
            self.fields.covered,
            self.fields.total,
            percent(&self.fields),
            self.fields.excepted
        );
        println!(
            "{}: {} of {} documented list parameters are sent by filters ({:.1}%), {} left to local filtering on purpose",
            self.provider,
            self.parameters.covered,
            self.parameters.total,
            percent(&self.parameters),
            self.parameters.excepted
        );
        for (exception, used) in self.exceptions.iter().zip(&self.used) {
            if *used {
                println!(
                    "  left alone: {}.{} {:?} `{}`: {}",
                    self.provider, exception.table, exception.gap, exception.name, exception.why
                );
            } else {
                self.failures.push(format!(
                    "{}.{}: the exception for {:?} `{}` no longer applies: remove it",
                    self.provider, exception.table, exception.gap, exception.name
                ));
            }
        }
        self.failures
    }
}

/// Reads a JSON file of the reference.
pub fn read(dir: &Path, file: &str) -> Json {
    let path = dir.join(file);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
}

fn reference() -> Result<Option<PathBuf>, String> {
    match std::env::var_os("APIODBC_API_REFERENCE") {
        Some(dir) if Path::new(&dir).is_dir() => Ok(Some(dir.into())),
        Some(dir) => Err(format!(
            "APIODBC_API_REFERENCE={} is not a folder",
            Path::new(&dir).display()
        )),
        None => {
            let beside = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/api-reference");
            Ok(beside.is_dir().then_some(beside))
        }
    }
}

fn main() -> ExitCode {
    let dir = match reference() {
        Ok(Some(dir)) => dir,
        Ok(None) => {
            println!(
                "SKIPPED: the fidelity audit needs ../shared/api-reference or APIODBC_API_REFERENCE"
            );
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("fidelity audit: {message}");
            return ExitCode::FAILURE;
        }
    };
    let mut failures = stripe::audit(&dir).report();
    failures.extend(bitbucket::audit(&dir).report());
    if failures.is_empty() {
        println!("fidelity audit: no gap outside the listed exceptions");
        ExitCode::SUCCESS
    } else {
        for failure in &failures {
            eprintln!("GAP: {failure}");
        }
        eprintln!("fidelity audit: {} gaps", failures.len());
        ExitCode::FAILURE
    }
}
