//! Arrow ⇄ ODBC: the one type mapping, and conversion of values to the C types
//! clients bind.

pub mod column_attributes;
pub mod ctype;
pub mod datetime;
pub mod from_c;
pub mod parts;
pub mod rowset;
pub mod to_c;
pub mod types;
pub mod value;
