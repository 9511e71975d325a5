//! Parameters: what `SQLBindParameter` records in the APD and IPD, what
//! `SQLDescribeParam` reports, and the rules that turn bound buffers into the
//! parameter sets of one execution. Reading the buffers themselves is the
//! shim's part ([`ParamBuffers`]): they are the client's raw memory.

use odbc_sys::{Nullability, ParamType};

use super::{Desc, DescRecord, ParamSets, Ptr};
use crate::convert::ctype::CType;
use crate::convert::from_c::{self, Raw};
use crate::convert::types::{MAX_VARCHAR_SIZE, SqlType, code};
use crate::diag::{Error, Result};
use crate::query::Prepared;

/// `SQL_PARAM_IGNORE` in the parameter operation array; odbc-sys lacks it.
pub const PARAM_IGNORE: u16 = 1;

/// Records one parameter binding in the APD and IPD.
#[allow(clippy::too_many_arguments)]
pub fn bind_parameter(
    apd: &mut Desc,
    ipd: &mut Desc,
    number: u16,
    io_type: i16,
    value_type: i16,
    parameter_type: i16,
    column_size: usize,
    decimal_digits: i16,
    value: Ptr,
    buffer_len: isize,
    indicator: Ptr,
) -> Result<()> {
    if number == 0 {
        return Err(Error::invalid_descriptor_index(
            "invalid descriptor index 0",
        ));
    }
    if ![1, 2, 4, 8, 16].contains(&io_type) {
        return Err(Error::invalid_parameter_type(format!(
            "invalid parameter type {io_type}"
        )));
    }
    if io_type != ParamType::Input as i16 {
        return Err(Error::not_implemented(
            "output parameters (only SQL_PARAM_INPUT)",
        ));
    }
    if !CType::is_valid_code(value_type) {
        return Err(Error::invalid_buffer_type(format!(
            "invalid application buffer type {value_type}"
        )));
    }
    if !is_sql_type(parameter_type) {
        return Err(Error::invalid_sql_type(format!(
            "invalid SQL data type {parameter_type}"
        )));
    }
    if buffer_len < 0 {
        return Err(Error::invalid_length(format!(
            "invalid string or buffer length {buffer_len}"
        )));
    }
    let n = usize::from(number);
    let a = apd.record_mut(n);
    a.set_concise_type(value_type);
    a.octet_length = buffer_len;
    a.data_ptr = value;
    a.indicator_ptr = indicator;
    a.octet_length_ptr = indicator;
    let i = ipd.record_mut(n);
    i.set_concise_type(parameter_type);
    i.parameter_type = io_type;
    i.length = column_size;
    i.precision = i16::try_from(column_size).unwrap_or(i16::MAX);
    i.scale = decimal_digits;
    i.nullable = Nullability::NULLABLE.0;
    Ok(())
}

/// Whether `t` is an SQL type code ODBC defines.
fn is_sql_type(t: i16) -> bool {
    matches!(t, -11..=-1 | 1..=12 | 91..=93 | 101..=113)
}

/// What `SQLDescribeParam` reports: the planner's type, or `SQL_WVARCHAR`
/// when it could not infer one.
pub fn describe_param(prepared: &Prepared, number: u16) -> Result<SqlType> {
    let n = usize::from(number);
    if n == 0 || n > prepared.params.len() {
        return Err(Error::invalid_descriptor_index(format!(
            "invalid descriptor index {number}"
        )));
    }
    // A text parameter is described as bounded text: clients bind a longer
    // value as long text, which the engine takes as the same.
    let text = arrow::datatypes::DataType::Utf8;
    Ok(match &prepared.params[n - 1] {
        Some(t) if *t != text => SqlType::of_data_type(t, None),
        _ => SqlType::of_data_type(&text, Some(MAX_VARCHAR_SIZE)),
    })
}

/// The application's parameter buffers, which only the shim reads.
pub trait ParamBuffers {
    /// Entry `set` of the parameter operation array; `None` without one.
    fn operation(&mut self, set: usize) -> Option<u16>;

    /// The C type and bytes of `record`'s value in parameter set `set`, the
    /// application having declared it of SQL type `sql_type`.
    fn value(
        &mut self,
        record: &DescRecord,
        sql_type: i16,
        set: usize,
    ) -> Result<(CType, Raw<'static>)>;
}

/// Every parameter set bound for `prepared`: 07002 when fewer parameters are
/// bound than the statement has; sets the operation array marks
/// `SQL_PARAM_IGNORE` are skipped; each value is read as the type the
/// application declared, then fitted to the one the planner inferred. A
/// statement without parameters (or with every set ignored) has one empty set.
pub fn param_sets(
    apd: &Desc,
    ipd: &Desc,
    prepared: &Prepared,
    buffers: &mut impl ParamBuffers,
) -> Result<ParamSets> {
    let wanted = prepared.params.len();
    if wanted == 0 {
        return Ok(vec![Vec::new()]);
    }
    if apd.count() < wanted {
        return Err(Error::count_field_incorrect(format!(
            "COUNT field incorrect: the statement has {wanted} parameters, {} are bound",
            apd.count()
        )));
    }
    let mut sets = Vec::new();
    for set in 0..apd.array_size.max(1) {
        if buffers.operation(set) == Some(PARAM_IGNORE) {
            continue;
        }
        let mut values = Vec::with_capacity(wanted);
        for n in 1..=wanted {
            let (sql_type, precision, scale) =
                ipd.records.get(n).map_or((code::WVARCHAR, 0, 0), |r| {
                    (r.concise_type, r.precision, r.scale)
                });
            let declared = from_c::data_type_of_sql(sql_type, precision, scale);
            let value = buffers
                .value(&apd.records[n], sql_type, set)
                .and_then(|(ctype, raw)| from_c::to_scalar(ctype, raw, declared.as_ref()))
                .and_then(|value| from_c::fit(value, prepared.params[n - 1].as_ref()))
                .map_err(|e| Error {
                    message: format!("parameter {n}: {}", e.message),
                    ..e
                })?;
            values.push(value);
        }
        sets.push(values);
    }
    if sets.is_empty() {
        sets.push(Vec::new());
    }
    Ok(sets)
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::handles::DescKind;
    use crate::query::Control;

    fn prepared(sql: &str) -> Prepared {
        let (session, _) = crate::query::fake::session_with(&[]);
        let control = Control::new(Default::default(), Duration::ZERO);
        session.prepare(sql, &control).unwrap()
    }

    #[test]
    fn binding_checks_its_arguments() {
        let (mut apd, mut ipd) = (
            Desc::new(DescKind::Apd, None),
            Desc::new(DescKind::Ipd, None),
        );
        let mut bind = |io, c, s| {
            bind_parameter(
                &mut apd,
                &mut ipd,
                1,
                io,
                c,
                s,
                0,
                0,
                Ptr::default(),
                0,
                Ptr::default(),
            )
            .map_err(|e| e.state)
        };
        assert_eq!(bind(1, 1234, 12), Err("HY003"));
        assert_eq!(bind(1, 1, 1234), Err("HY004"));
        assert_eq!(bind(4, 1, 12), Err("HYC00"));
        assert_eq!(bind(1, 1, 12), Ok(()));
    }

    #[test]
    fn parameters_are_described_as_planned() {
        let p = prepared("SELECT ?");
        assert_eq!(describe_param(&p, 1).unwrap().concise, code::WVARCHAR);
        assert_eq!(describe_param(&p, 2).unwrap_err().state, "07009");
    }
}
