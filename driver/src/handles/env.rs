//! Environment handle state and attributes (`SQLSetEnvAttr`,
//! `SQLGetEnvAttr`), named as `odbc_sys::EnvironmentAttribute` names them.

use odbc_sys::EnvironmentAttribute as A;

use crate::diag::{Error, Result};

/// `SQL_ATTR_ODBC_VERSION` values (odbc-sys lacks ODBC 2's).
pub const ODBC2: i32 = 2;
pub const ODBC3: i32 = 3;
pub const ODBC3_80: i32 = 380;

#[derive(Debug, Default)]
pub struct Env {
    /// The behaviour the application asked for; ODBC 2 changes date type
    /// codes and SQLSTATEs. 0 until set: no connection is allocated before (HY010).
    pub odbc_version: i32,
    pub connection_pooling: u32,
    pub cp_match: u32,
    /// Connections allocated on this environment and not yet freed.
    pub connections: usize,
}

/// The attribute a caller's number names; any other is HY092.
fn identify(attr: i32) -> Result<A> {
    [
        A::OdbcVersion,
        A::ConnectionPooling,
        A::CpMatch,
        A::OutputNts,
    ]
    .into_iter()
    .find(|a| *a as i32 == attr)
    .ok_or_else(|| Error::invalid_attribute(format!("invalid environment attribute {attr}")))
}

impl Env {
    /// `SQLSetEnvAttr`; `value` is the pointer-sized argument, every
    /// attribute a SQLUINTEGER.
    pub fn set_attr(&mut self, attr: i32, value: usize) -> Result<()> {
        let number = value as u32;
        match identify(attr)? {
            A::OdbcVersion => match number as i32 {
                v @ (ODBC2 | ODBC3 | ODBC3_80) => self.odbc_version = v,
                v => {
                    return Err(Error::invalid_attribute_value(format!(
                        "invalid ODBC version {v}"
                    )));
                }
            },
            A::ConnectionPooling => self.connection_pooling = number,
            A::CpMatch => self.cp_match = number,
            A::OutputNts if number == 1 => {}
            A::OutputNts => {
                return Err(Error::not_implemented("SQL_ATTR_OUTPUT_NTS = SQL_FALSE"));
            }
        }
        Ok(())
    }

    /// `SQLGetEnvAttr`: every attribute is a SQLUINTEGER.
    pub fn get_attr(&self, attr: i32) -> Result<u32> {
        Ok(match identify(attr)? {
            A::OdbcVersion => self.odbc_version as u32,
            A::ConnectionPooling => self.connection_pooling,
            A::CpMatch => self.cp_match,
            // Strings are always NUL-terminated.
            A::OutputNts => 1,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_round_trip_and_unknown_ones_fail() {
        let mut env = Env::default();
        env.set_attr(A::OdbcVersion as i32, 380).unwrap();
        assert_eq!(env.get_attr(A::OdbcVersion as i32), Ok(380));
        let state = |r: Result<()>| r.map_err(|e| e.state);
        assert_eq!(state(env.set_attr(A::OdbcVersion as i32, 4)), Err("HY024"));
        assert_eq!(state(env.set_attr(A::OutputNts as i32, 0)), Err("HYC00"));
        assert_eq!(state(env.set_attr(203, 0)), Err("HY092"));
        assert_eq!(env.get_attr(A::OutputNts as i32), Ok(1));
    }
}
