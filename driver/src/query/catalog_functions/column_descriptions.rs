//! Column descriptions shared by `SQLColumns`, `SQLSpecialColumns` and
//! `SQLProcedureColumns`, read through the one Arrow→SQL mapping.

use apiodbc_providers::table::DESCRIPTION_KEY;
use arrow::datatypes::Field;

use crate::convert::types::{SqlType, code};

/// How one column (or parameter) is described, from the one type mapping.
pub(super) struct Described {
    pub(super) t: SqlType,
    pub(super) data_type: i64,
    pub(super) nullable: bool,
    pub(super) remarks: Option<String>,
}

impl Described {
    pub(super) fn of(field: &Field, odbc_version: i32) -> Self {
        let t = SqlType::of(field);
        let remarks = field
            .metadata()
            .get(DESCRIPTION_KEY)
            .filter(|d| !d.is_empty())
            .cloned();
        Described {
            data_type: i64::from(t.concise_for(odbc_version)),
            nullable: field.is_nullable(),
            remarks,
            t,
        }
    }

    pub(super) fn is_text_or_binary(&self) -> bool {
        self.t.is_text() || self.t.concise == code::VARBINARY
    }

    /// `DECIMAL_DIGITS`: NULL where it does not apply (text, binary, floating point).
    pub(super) fn decimal_digits(&self) -> Option<i64> {
        let floating = self.t.is_floating();
        let applies = !self.is_text_or_binary() && !floating;
        applies.then_some(i64::from(self.t.decimal_digits))
    }

    pub(super) fn radix(&self) -> Option<i64> {
        self.t.radix.map(i64::from)
    }

    pub(super) fn datetime_sub(&self) -> Option<i64> {
        (self.t.verbose == code::DATETIME).then_some(i64::from(self.t.interval_code))
    }

    pub(super) fn char_octet_length(&self) -> Option<i64> {
        self.is_text_or_binary()
            .then_some(self.t.octet_length as i64)
    }

    pub(super) fn nullable_code(&self) -> i64 {
        i64::from(self.nullable)
    }

    pub(super) fn is_nullable(&self) -> &'static str {
        if self.nullable { "YES" } else { "NO" }
    }
}
