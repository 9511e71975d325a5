//! Engine errors as ODBC diagnostics: the right SQLSTATE and a one-line
//! message a person can act on, without the engine's internal wording
//! (`ParserError(...)`, `External(...)`, nested contexts).

use apiodbc_providers as providers;
use arrow::error::ArrowError;
use datafusion::common::SchemaError;
use datafusion::error::DataFusionError;
use datafusion::sql::sqlparser::parser::ParserError;

use crate::diag::Error;

impl From<DataFusionError> for Error {
    fn from(e: DataFusionError) -> Self {
        convert(&e)
    }
}

impl From<ArrowError> for Error {
    fn from(e: ArrowError) -> Self {
        arrow(&e)
    }
}

/// Collapses whitespace so every message is one line.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn convert(e: &DataFusionError) -> Error {
    use DataFusionError as D;
    match e {
        D::Context(_, inner) | D::Diagnostic(_, inner) => convert(inner),
        D::Shared(inner) => convert(inner),
        D::Collection(all) => all
            .first()
            .map(convert)
            .unwrap_or_else(|| Error::general("unknown error")),
        D::SQL(p, _) => Error::syntax(one_line(&parser_message(p))),
        D::SchemaError(s, _) => schema_error(s),
        D::Plan(m) => plan_error(m),
        D::NotImplemented(m) => Error::not_implemented(one_line(m)),
        D::External(inner) => external(inner.as_ref()),
        D::ArrowError(a, _) => arrow(a),
        D::ResourcesExhausted(m) => Error::general(format!("out of resources: {}", one_line(m))),
        D::Execution(m) => Error::general(one_line(m)),
        D::Internal(m) => Error::general(format!("internal error: {}", one_line(m))),
        D::Configuration(m) => Error::general(one_line(m)),
        D::ExecutionJoin(j) => {
            Error::general(format!("a query task failed: {}", one_line(&j.to_string())))
        }
        other => Error::general(one_line(&other.strip_backtrace())),
    }
}

fn parser_message(p: &ParserError) -> String {
    match p {
        ParserError::TokenizerError(m) | ParserError::ParserError(m) => {
            format!("syntax error: {m}")
        }
        ParserError::RecursionLimitExceeded => {
            "syntax error: the statement nests too deeply".into()
        }
    }
}

/// The table reference of a "table 'x' not found" planning error.
pub fn missing_table(e: &DataFusionError) -> Option<String> {
    match e {
        DataFusionError::Context(_, inner) | DataFusionError::Diagnostic(_, inner) => {
            missing_table(inner)
        }
        DataFusionError::Shared(inner) => missing_table(inner),
        DataFusionError::Plan(m) => {
            let rest = m.strip_prefix("table '")?;
            let end = rest.find("' not found")?;
            Some(rest[..end].to_string())
        }
        _ => None,
    }
}

fn plan_error(m: &str) -> Error {
    if let Some(rest) = m.strip_prefix("table '")
        && let Some(end) = rest.find("' not found")
    {
        return Error::table_not_found(format!("table '{}' not found", &rest[..end]));
    }
    Error::syntax(one_line(m))
}

fn schema_error(s: &SchemaError) -> Error {
    match s {
        SchemaError::FieldNotFound {
            field,
            valid_fields,
        } => {
            let names: Vec<String> = valid_fields.iter().map(|c| c.name.clone()).collect();
            let near = nearest(&field.name, names.iter().map(String::as_str));
            let hint = if near.is_empty() {
                String::new()
            } else {
                format!("; did you mean {}?", near.join(", "))
            };
            Error::column_not_found(format!("column '{}' not found{hint}", field.name))
        }
        other => Error::syntax(one_line(&other.to_string())),
    }
}

/// A boxed error from inside the engine: a provider error keeps its SQLSTATE.
fn external(inner: &(dyn std::error::Error + Send + Sync + 'static)) -> Error {
    if let Some(p) = inner.downcast_ref::<providers::Error>() {
        return Error::from(p.clone());
    }
    if let Some(e) = inner.downcast_ref::<Error>() {
        return e.clone();
    }
    if let Some(d) = inner.downcast_ref::<DataFusionError>() {
        return convert(d);
    }
    if let Some(a) = inner.downcast_ref::<ArrowError>() {
        return arrow(a);
    }
    Error::general(one_line(&inner.to_string()))
}

fn arrow(a: &ArrowError) -> Error {
    match a {
        ArrowError::ExternalError(inner) => external(inner.as_ref()),
        ArrowError::DivideByZero => Error::division_by_zero("division by zero"),
        ArrowError::CastError(m) | ArrowError::ParseError(m) => {
            Error::invalid_cast(format!("invalid value: {}", one_line(m)))
        }
        ArrowError::ArithmeticOverflow(m) => {
            Error::out_of_range(format!("numeric value out of range: {}", one_line(m)))
        }
        ArrowError::ComputeError(m) | ArrowError::InvalidArgumentError(m) => {
            Error::general(one_line(m))
        }
        other => Error::general(one_line(&other.to_string())),
    }
}

/// Levenshtein distance, for "did you mean" hints.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = if ca == *cb {
                diagonal
            } else {
                1 + diagonal.min(above).min(row[j])
            };
            diagonal = above;
        }
    }
    row[b.len()]
}

/// Up to three candidates close to `name` (case-insensitive), nearest first.
pub fn nearest<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> Vec<String> {
    let name = name.to_lowercase();
    let limit = (name.chars().count() / 3).max(2);
    let mut scored: Vec<(usize, &str)> = candidates
        .map(|c| (distance(&name, &c.to_lowercase()), c))
        .filter(|(d, c)| *d <= limit || c.to_lowercase().contains(&name))
        .collect();
    scored.sort();
    scored.dedup_by(|a, b| a.1 == b.1);
    scored
        .into_iter()
        .take(3)
        .map(|(_, c)| c.to_string())
        .collect()
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::time::Duration;

    use datafusion::common::Column;

    use super::*;

    #[test]
    fn parser_errors_are_syntax_errors_without_type_names() {
        let e: Error = DataFusionError::SQL(
            Box::new(ParserError::ParserError(
                "Expected: end of statement".into(),
            )),
            None,
        )
        .into();
        assert_eq!(e.state, "42000");
        assert_eq!(e.message, "syntax error: Expected: end of statement");
    }

    #[test]
    fn provider_errors_keep_their_state_through_wrappers() {
        let inner =
            DataFusionError::External(Box::new(providers::Error::Timeout(Duration::from_secs(1))));
        let wrapped = DataFusionError::Context(
            "x".into(),
            Box::new(DataFusionError::Shared(Arc::new(
                DataFusionError::ArrowError(
                    Box::new(ArrowError::ExternalError(Box::new(inner))),
                    None,
                ),
            ))),
        );
        assert_eq!(Error::from(wrapped).state, "HYT00");
        let auth = DataFusionError::External(Box::new(providers::Error::Auth("no".into())));
        assert_eq!(Error::from(auth), Error::invalid_authorization("no"));
    }

    #[test]
    fn missing_tables_and_columns() {
        let e = DataFusionError::Plan("table 'stripe.stripe.chargez' not found".into());
        assert_eq!(missing_table(&e).as_deref(), Some("stripe.stripe.chargez"));
        assert_eq!(Error::from(e).state, "42S02");
        let e = DataFusionError::SchemaError(
            Box::new(SchemaError::FieldNotFound {
                field: Box::new(Column::from_name("amont")),
                valid_fields: vec![Column::from_name("amount"), Column::from_name("id")],
            }),
            Box::new(None),
        );
        let e = Error::from(e);
        assert_eq!(e.state, "42S22");
        assert_eq!(e.message, "column 'amont' not found; did you mean amount?");
    }

    #[test]
    fn resource_and_execution_errors_are_general() {
        assert_eq!(
            Error::from(DataFusionError::ResourcesExhausted("memory\nlimit".into())).message,
            "out of resources: memory limit"
        );
        assert_eq!(
            Error::from(DataFusionError::Execution("boom".into())).state,
            "HY000"
        );
        assert_eq!(
            Error::from(DataFusionError::ArrowError(
                Box::new(ArrowError::DivideByZero),
                None
            ))
            .state,
            "22012"
        );
    }

    #[test]
    fn nearest_names_by_edit_distance() {
        let names = ["charges", "customers", "refunds", "disputes"];
        assert_eq!(nearest("chargez", names.into_iter()), vec!["charges"]);
        assert_eq!(nearest("Customer", names.into_iter()), vec!["customers"]);
        assert!(nearest("zzzzzzzz", names.into_iter()).is_empty());
    }
}
