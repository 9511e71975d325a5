//! Stored procedures: operations that are not queries over a table (the
//! OAuth helpers `GetOAuthAuthorizationURL`, `GetOAuthAccessToken`, ...,
//! and `RefreshCache`, `ClearCache`).
//! Called with `{call p(...)}`, `CALL p(...)` or `EXEC p @name = value`.
//!
//! A procedure is data plus a function, like a table: its name, description
//! and parameters feed `sys_procedures`, `sys_procedureparameters` and
//! `SQLProcedures`; `run` produces its result set. Every connection has
//! all of [`REGISTRY`] (both providers speak OAuth and have the response
//! cache).

use std::collections::HashMap;

use arrow::array::RecordBatch;
use arrow::datatypes::{DataType, SchemaRef};
use datafusion::common::ScalarValue;
use futures::future::BoxFuture;

use super::classify::{Arg, ArgValue, Class, classify};
use super::system_tables::SystemContext;
use crate::diag::{Error, Result};

mod cache;
mod oauth;

/// Every stored procedure, in the order `SQLProcedures` lists them.
pub static REGISTRY: &[&Procedure] = &[
    &cache::CLEAR_CACHE,
    &oauth::GET_OAUTH_ACCESS_TOKEN,
    &oauth::GET_OAUTH_AUTHORIZATION_URL,
    &cache::REFRESH_CACHE,
    &oauth::REFRESH_OAUTH_ACCESS_TOKEN,
];

/// One input parameter of a procedure.
#[derive(Debug)]
pub struct Parameter {
    pub name: &'static str,
    pub description: &'static str,
    /// The type the argument is converted to before `run` sees it.
    pub data_type: DataType,
    pub required: bool,
    /// A token or code: masked wherever the statement text is shown back
    /// (`SQLNativeSql`).
    pub secret: bool,
}

/// What a running procedure is given.
pub struct Call<'a> {
    /// The connection: its provider, properties and cache.
    pub system: &'a SystemContext,
    /// Arguments by lower-case parameter name, converted to the declared types.
    pub arguments: HashMap<String, ScalarValue>,
}

impl Call<'_> {
    /// A text argument, if given and not NULL.
    pub fn text(&self, name: &str) -> Option<String> {
        match self.arguments.get(&name.to_ascii_lowercase())? {
            ScalarValue::Utf8(s) | ScalarValue::LargeUtf8(s) | ScalarValue::Utf8View(s) => {
                s.clone()
            }
            other if !other.is_null() => Some(other.to_string()),
            _ => None,
        }
    }
}

/// Produces the result rows of one call.
pub type Run = for<'a> fn(&'a Call<'a>) -> BoxFuture<'a, Result<Vec<RecordBatch>>>;

pub struct Procedure {
    pub name: &'static str,
    pub description: &'static str,
    pub parameters: &'static [Parameter],
    /// The result columns, known before the call runs (`SQLDescribeCol` after prepare).
    pub result: fn() -> SchemaRef,
    pub run: Run,
}

impl std::fmt::Debug for Procedure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Procedure")
            .field("name", &self.name)
            .finish_non_exhaustive()
    }
}

/// The procedures of one connection.
#[derive(Debug, Default)]
pub struct Procedures {
    list: Vec<&'static Procedure>,
}

impl Procedures {
    pub fn new(list: Vec<&'static Procedure>) -> Self {
        Procedures { list }
    }

    pub fn all(&self) -> &[&'static Procedure] {
        &self.list
    }

    /// Case-insensitive lookup; the error names the procedures that exist.
    pub fn find(&self, name: &str) -> Result<&'static Procedure> {
        self.list
            .iter()
            .copied()
            .find(|p| p.name.eq_ignore_ascii_case(name))
            .ok_or_else(|| {
                let known = if self.list.is_empty() {
                    "this connection has no stored procedures".to_string()
                } else {
                    format!(
                        "the procedures are: {}",
                        self.list
                            .iter()
                            .map(|p| p.name)
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                };
                Error::syntax(format!("unknown procedure {name}: {known}"))
            })
    }
}

/// The declared parameter an argument is for: by name, else by position.
fn parameter_of<'p>(procedure: &'p Procedure, arg: &Arg, position: usize) -> Option<&'p Parameter> {
    match &arg.name {
        Some(name) => procedure
            .parameters
            .iter()
            .find(|p| p.name.eq_ignore_ascii_case(name.trim_start_matches('@'))),
        None => procedure.parameters.get(position),
    }
}

/// `sql` with the literal values of secret arguments of a procedure call
/// replaced by `********`; any other statement unchanged.
pub fn mask_secret_arguments(sql: &str) -> String {
    let Ok(Class::Procedure { name, args }) = classify(sql) else {
        return sql.to_owned();
    };
    let Some(procedure) = REGISTRY.iter().find(|p| p.name.eq_ignore_ascii_case(&name)) else {
        return sql.to_owned();
    };
    let mut masked = sql.to_owned();
    for (position, arg) in args.iter().enumerate() {
        let secret = parameter_of(procedure, arg, position).is_some_and(|p| p.secret);
        if secret
            && let ArgValue::Literal(value) = &arg.value
            && !value.is_null()
        {
            let literal = format!("'{}'", value.to_string().replace('\'', "''"));
            masked = masked.replace(&literal, "'********'");
        }
    }
    masked
}

/// Matches the written arguments to the declared parameters (by name, else by
/// position), substitutes bound values and converts them to the declared types.
pub fn bind(
    procedure: &Procedure,
    args: &[Arg],
    params: &[ScalarValue],
) -> Result<HashMap<String, ScalarValue>> {
    let mut bound = HashMap::new();
    for (position, arg) in args.iter().enumerate() {
        let parameter = parameter_of(procedure, arg, position).ok_or_else(|| {
            Error::syntax(format!(
                "procedure {} has no parameter {}",
                procedure.name,
                arg.name
                    .clone()
                    .unwrap_or_else(|| (position + 1).to_string())
            ))
        })?;
        let value = match &arg.value {
            ArgValue::Literal(v) => v.clone(),
            ArgValue::Param(n) => params.get(n - 1).cloned().ok_or_else(|| {
                Error::count_field_incorrect(format!("no value was bound for parameter {n}"))
            })?,
        };
        let value = value.cast_to(&parameter.data_type).map_err(|_| {
            Error::invalid_cast(format!(
                "invalid value for parameter {} of {}",
                parameter.name, procedure.name
            ))
        })?;
        bound.insert(parameter.name.to_ascii_lowercase(), value);
    }
    if let Some(missing) = procedure
        .parameters
        .iter()
        .find(|p| p.required && !bound.contains_key(&p.name.to_ascii_lowercase()))
    {
        return Err(Error::count_field_incorrect(format!(
            "procedure {} needs parameter {}",
            procedure.name, missing.name
        )));
    }
    Ok(bound)
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use arrow::array::StringArray;
    use arrow::datatypes::{Field, Schema};

    use apiodbc_providers::Properties;

    use super::*;

    fn result() -> SchemaRef {
        Arc::new(Schema::new(vec![Field::new("echo", DataType::Utf8, true)]))
    }

    fn run<'a>(call: &'a Call<'a>) -> BoxFuture<'a, Result<Vec<RecordBatch>>> {
        Box::pin(async move {
            let text = call.text("value").map(|t| {
                let timeout = call.system.properties.get("Timeout").unwrap_or_default();
                format!("{t} after {timeout}s")
            });
            Ok(vec![
                RecordBatch::try_new(result(), vec![Arc::new(StringArray::from(vec![text]))])
                    .unwrap(),
            ])
        })
    }

    pub static ECHO: Procedure = Procedure {
        name: "Echo",
        description: "Returns its argument.",
        parameters: &[
            Parameter {
                name: "Value",
                description: "Text to return.",
                data_type: DataType::Utf8,
                required: true,
                secret: false,
            },
            Parameter {
                name: "Times",
                description: "Unused.",
                data_type: DataType::Int64,
                required: false,
                secret: false,
            },
        ],
        result,
        run,
    };

    #[test]
    fn secret_arguments_are_masked_in_every_spelling() {
        for (sql, shown) in [
            (
                "CALL RefreshOAuthAccessToken('rt_it''s')",
                "CALL RefreshOAuthAccessToken('********')",
            ),
            (
                "EXEC GetOAuthAccessToken @AuthMode='WEB', @Verifier='code_1'",
                "EXEC GetOAuthAccessToken @AuthMode='WEB', @Verifier='********'",
            ),
            (
                "CALL GetOAuthAccessToken('WEB', 'code_1', 'http://localhost:1/cb')",
                "CALL GetOAuthAccessToken('WEB', '********', 'http://localhost:1/cb')",
            ),
        ] {
            assert_eq!(mask_secret_arguments(sql), shown);
        }
        for unchanged in [
            "CALL GetOAuthAuthorizationURL('http://localhost:1/cb', 'scope', 'st_1')",
            "CALL RefreshOAuthAccessToken(?)",
            "SELECT 'code_1'",
            "CALL Unknown('code_1')",
            "not sql at all 'code_1'",
        ] {
            assert_eq!(mask_secret_arguments(unchanged), unchanged);
        }
    }

    #[test]
    fn lookup_is_case_insensitive_and_errors_list_known_names() {
        let procs = Procedures::new(vec![&ECHO]);
        assert_eq!(procs.find("ECHO").unwrap().name, "Echo");
        let e = procs.find("nope").unwrap_err();
        assert_eq!(e.state, "42000");
        assert!(e.message.contains("Echo"), "{}", e.message);
        assert!(
            Procedures::default()
                .find("x")
                .unwrap_err()
                .message
                .contains("no stored procedures")
        );
    }

    #[test]
    fn a_procedure_runs_with_its_bound_arguments() {
        let system = SystemContext {
            provider: Arc::new(crate::query::fake::Fake::default()),
            properties: Properties::default(),
            procedures: Arc::default(),
            default_schema: "main".to_string().into(),
            store: None,
        };
        let call = Call {
            system: &system,
            arguments: HashMap::from([("value".into(), ScalarValue::Utf8(Some("hi".into())))]),
        };
        let batches = futures::executor::block_on((ECHO.run)(&call)).unwrap();
        let column = batches[0]
            .column(0)
            .as_any()
            .downcast_ref::<StringArray>()
            .unwrap();
        assert_eq!(column.value(0), "hi after 60s");
    }

    #[test]
    fn arguments_bind_by_name_position_and_marker() {
        let args = vec![
            Arg {
                name: Some("@times".into()),
                value: ArgValue::Literal(ScalarValue::Utf8(Some("3".into()))),
            },
            Arg {
                name: Some("value".into()),
                value: ArgValue::Param(1),
            },
        ];
        let bound = bind(&ECHO, &args, &[ScalarValue::Utf8(Some("hi".into()))]).unwrap();
        assert_eq!(bound["times"], ScalarValue::Int64(Some(3)));
        assert_eq!(bound["value"], ScalarValue::Utf8(Some("hi".into())));
        let positional = vec![Arg {
            name: None,
            value: ArgValue::Literal(ScalarValue::Utf8(Some("x".into()))),
        }];
        assert!(bind(&ECHO, &positional, &[]).is_ok());
        assert_eq!(bind(&ECHO, &[], &[]).unwrap_err().state, "07002");
    }
}
