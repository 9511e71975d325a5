//! Arrow ⇄ ODBC: the one type mapping, and conversion of values to the C types
//! clients bind.

pub mod types;
