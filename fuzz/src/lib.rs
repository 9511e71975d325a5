//! Shared code of the fuzz targets: the driver's escape translator and
//! connection-string parser compiled from their own source files, and the
//! independent checkers the targets assert with.
//!
//! The driver is a cdylib that pulls in DataFusion; the two modules need
//! nothing of it but `diag::Error`, so they are compiled here against a
//! stand-in with the same shape and the fuzz build never instruments
//! DataFusion (docs/ARCHITECTURE.md, "Fuzzing").

pub mod predicates;
pub mod text;

/// The part of the driver's `diag` module the two included files use: its
/// `Error` and, from their own file, the named SQLSTATE constructors.
pub mod diag {
    pub type Result<T, E = Error> = std::result::Result<T, E>;

    #[derive(Debug, Clone, PartialEq)]
    pub struct Error {
        pub state: &'static str,
        pub message: String,
    }

    impl Error {
        pub(crate) fn new(state: &'static str, message: impl Into<String>) -> Self {
            Error {
                state,
                message: message.into(),
            }
        }
    }
}

/// `states.rs` names `super::Error`: here, the stand-in's.
use diag::Error;

#[path = "../../driver/src/diag/states.rs"]
mod states;

#[path = "../../driver/src/query/escape.rs"]
pub mod escape;

#[path = "../../driver/src/connection_string.rs"]
pub mod connection_string;
