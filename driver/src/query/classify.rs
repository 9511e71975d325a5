//! What kind of statement the client sent, decided on the parsed statement.
//!
//! - `SELECT`, `WITH`, `VALUES`, `EXPLAIN`, `DESCRIBE`: queries, planned by DataFusion.
//! - `CALL p(...)`, `{call p(...)}`, `EXEC[UTE] p @name = v, ...`: stored procedures.
//! - `USE schema`: changes the default schema of the connection (what Tableau
//!   and SQL users expect); it returns no result set.
//! - `SET ...`: refused (HYC00). Settings are connection properties, and a
//!   silently ignored SET would mislead.
//! - Everything else (`INSERT`, `UPDATE`, `CREATE`, ...): HYC00, the driver is read-only.
//! - Text that does not parse: 42000 with the parser's message.

use datafusion::common::ScalarValue;
use datafusion::sql::parser::{DFParser, Statement as DFStatement};
use datafusion::sql::sqlparser::ast::{
    BinaryOperator, Expr, FunctionArg, FunctionArgExpr, FunctionArguments, ObjectName, Statement,
    UnaryOperator, Use, Value,
};
use datafusion::sql::sqlparser::dialect::GenericDialect;
use datafusion::sql::sqlparser::keywords::Keyword;
use datafusion::sql::sqlparser::tokenizer::{Token, Tokenizer};

use crate::diag::{Error, Result};

/// Keywords the parser reads as a special form (`CAST(x AS t)`) and, when
/// that fails, reads again as a plain function call. Nested, each failing
/// level at least doubles the work: a typo inside 20 nested `CAST`s, or any
/// 48 of them (the parser's depth limit is 50), parsed for hours.
const REPARSED_KEYWORDS: &[Keyword] = &[
    Keyword::ARRAY,
    Keyword::CAST,
    Keyword::CEIL,
    Keyword::CONVERT,
    Keyword::CURRENT_CATALOG,
    Keyword::CURRENT_DATE,
    Keyword::CURRENT_TIME,
    Keyword::CURRENT_TIMESTAMP,
    Keyword::CURRENT_USER,
    Keyword::EXTRACT,
    Keyword::FLOOR,
    Keyword::LOCALTIME,
    Keyword::LOCALTIMESTAMP,
    Keyword::MAP,
    Keyword::MATCH,
    Keyword::NOT,
    Keyword::OVERLAY,
    Keyword::POSITION,
    Keyword::SAFE_CAST,
    Keyword::SESSION_USER,
    Keyword::SUBSTR,
    Keyword::SUBSTRING,
    Keyword::TRY_CAST,
    Keyword::TRY_CONVERT,
    Keyword::USER,
];

/// How deep [`REPARSED_KEYWORDS`] calls may nest: a failing statement at
/// this depth is refused in milliseconds, and real SQL (BI tools included)
/// nests them a few levels.
pub const MAX_KEYWORD_NESTING: usize = 10;

/// Refuses, in one pass over the tokens, SQL that nests [`REPARSED_KEYWORDS`]
/// calls deeper than [`MAX_KEYWORD_NESTING`]. Text that does not tokenize
/// is left to the parser, which reports it.
fn check_keyword_nesting(sql: &str) -> Result<()> {
    let Ok(tokens) = Tokenizer::new(&GenericDialect {}, sql).tokenize() else {
        return Ok(());
    };
    // Per open bracket: whether a reparsed keyword opened it.
    let mut open: Vec<bool> = Vec::new();
    let mut depth = 0;
    let mut after_keyword = None;
    for token in tokens {
        match &token {
            Token::Whitespace(_) => continue,
            Token::LParen | Token::LBracket => {
                open.push(after_keyword.is_some());
                if let Some(word) = after_keyword {
                    depth += 1;
                    if depth > MAX_KEYWORD_NESTING {
                        return Err(Error::syntax(format!(
                            "syntax error: {word}(...) calls nest more than \
                                 {MAX_KEYWORD_NESTING} deep"
                        )));
                    }
                }
            }
            Token::RParen | Token::RBracket if open.pop() == Some(true) => depth -= 1,
            _ => {}
        }
        after_keyword = match token {
            Token::Word(w) if w.quote_style.is_none() && REPARSED_KEYWORDS.contains(&w.keyword) => {
                Some(w.value)
            }
            _ => None,
        };
    }
    Ok(())
}

/// A procedure argument as written in the statement.
#[derive(Debug, Clone, PartialEq)]
pub enum ArgValue {
    Literal(ScalarValue),
    /// `$n` (a `?` marker), 1-based.
    Param(usize),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Arg {
    /// Set for `EXEC p @name = v` and `CALL p(name => v)`.
    pub name: Option<String>,
    pub value: ArgValue,
}

/// A classified statement.
#[derive(Debug)]
pub enum Class {
    /// Planned and run by the engine.
    Query(Box<DFStatement>),
    Procedure {
        name: String,
        args: Vec<Arg>,
    },
    /// `USE name`: the new default schema.
    Use(String),
}

/// Parses one statement (after escape translation) and classifies it.
pub fn classify(sql: &str) -> Result<Class> {
    check_keyword_nesting(sql)?;
    let mut statements =
        DFParser::parse_sql_with_dialect(sql, &GenericDialect {}).map_err(Error::from)?;
    if statements.len() > 1 {
        return Err(Error::syntax(
            "only one SQL statement can be executed at a time",
        ));
    }
    let statement = statements
        .pop_front()
        .ok_or_else(|| Error::syntax("the statement is empty"))?;
    let inner = match &statement {
        DFStatement::Statement(s) => s.as_ref(),
        DFStatement::Explain(_) => return Ok(Class::Query(Box::new(statement))),
        _ => return Err(read_only(sql)),
    };
    match inner {
        Statement::Query(_) | Statement::Explain { .. } | Statement::ExplainTable { .. } => {
            Ok(Class::Query(Box::new(statement)))
        }
        Statement::Call(function) => Ok(Class::Procedure {
            name: object_name(&function.name),
            args: call_args(&function.args)?,
        }),
        Statement::Execute {
            name: Some(name),
            parameters,
            ..
        } => Ok(Class::Procedure {
            name: object_name(name),
            args: parameters.iter().map(exec_arg).collect::<Result<_>>()?,
        }),
        Statement::Use(u) => match u {
            Use::Schema(n) | Use::Object(n) | Use::Database(n) => Ok(Class::Use(object_name(n))),
            _ => Err(Error::not_implemented(format!("{u}"))),
        },
        Statement::Set(_) => Err(Error::unsupported(
            "SET is not supported: settings are connection properties of the connection string",
        )),
        _ => Err(read_only(sql)),
    }
}

fn read_only(sql: &str) -> Error {
    let verb = sql
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_ascii_uppercase();
    Error::unsupported(format!(
        "the driver is read-only: {verb} statements are not supported"
    ))
}

/// The last part of a possibly qualified name, as written (quotes removed).
fn object_name(name: &ObjectName) -> String {
    name.0
        .last()
        .and_then(|p| p.as_ident())
        .map(|i| i.value.clone())
        .unwrap_or_else(|| name.to_string())
}

fn call_args(args: &FunctionArguments) -> Result<Vec<Arg>> {
    let FunctionArguments::List(list) = args else {
        return Ok(Vec::new());
    };
    list.args
        .iter()
        .map(|a| match a {
            FunctionArg::Named { name, arg, .. } => Ok(Arg {
                name: Some(name.value.clone()),
                value: arg_value(function_arg_expr(arg)?)?,
            }),
            FunctionArg::ExprNamed { name, arg, .. } => Ok(Arg {
                name: Some(name.to_string()),
                value: arg_value(function_arg_expr(arg)?)?,
            }),
            FunctionArg::Unnamed(arg) => Ok(Arg {
                name: None,
                value: arg_value(function_arg_expr(arg)?)?,
            }),
        })
        .collect()
}

fn function_arg_expr(arg: &FunctionArgExpr) -> Result<&Expr> {
    match arg {
        FunctionArgExpr::Expr(e) => Ok(e),
        other => Err(Error::syntax(format!(
            "procedure arguments must be literals or ?, not {other}"
        ))),
    }
}

/// `@name = value` or a bare value.
fn exec_arg(expr: &Expr) -> Result<Arg> {
    match expr {
        Expr::BinaryOp {
            left,
            op: BinaryOperator::Eq,
            right,
        } => match left.as_ref() {
            Expr::Identifier(id) => Ok(Arg {
                name: Some(id.value.trim_start_matches('@').to_string()),
                value: arg_value(right)?,
            }),
            _ => arg_value(expr).map(|value| Arg { name: None, value }),
        },
        _ => arg_value(expr).map(|value| Arg { name: None, value }),
    }
}

fn arg_value(expr: &Expr) -> Result<ArgValue> {
    let bad = || {
        Error::syntax(format!(
            "procedure arguments must be literals or ?, not {expr}"
        ))
    };
    match expr {
        Expr::Value(v) => match &v.value {
            Value::SingleQuotedString(s) | Value::DoubleQuotedString(s) => {
                Ok(ArgValue::Literal(ScalarValue::Utf8(Some(s.clone()))))
            }
            Value::Number(n, _) => Ok(ArgValue::Literal(number(n).ok_or_else(bad)?)),
            Value::Boolean(b) => Ok(ArgValue::Literal(ScalarValue::Boolean(Some(*b)))),
            Value::Null => Ok(ArgValue::Literal(ScalarValue::Null)),
            Value::Placeholder(p) => p
                .strip_prefix('$')
                .and_then(|n| n.parse::<usize>().ok())
                .filter(|n| *n > 0)
                .map(ArgValue::Param)
                .ok_or_else(bad),
            _ => Err(bad()),
        },
        Expr::UnaryOp {
            op: UnaryOperator::Minus,
            expr: inner,
        } => match arg_value(inner)? {
            ArgValue::Literal(v) => v
                .arithmetic_negate()
                .map(ArgValue::Literal)
                .map_err(|_| bad()),
            ArgValue::Param(_) => Err(bad()),
        },
        _ => Err(bad()),
    }
}

fn number(n: &str) -> Option<ScalarValue> {
    n.parse::<i64>()
        .map(|i| ScalarValue::Int64(Some(i)))
        .or_else(|_| n.parse::<f64>().map(|f| ScalarValue::Float64(Some(f))))
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state(sql: &str) -> &'static str {
        classify(sql).unwrap_err().state
    }

    fn nested(depth: usize, open: &str, inner: &str, close: &str) -> String {
        format!(
            "SELECT {}{inner}{}",
            open.repeat(depth),
            close.repeat(depth)
        )
    }

    #[test]
    fn keyword_calls_nest_to_the_limit_and_no_deeper() {
        let cast = |depth, inner| nested(depth, "CAST(", inner, " AS BIGINT)");
        assert!(classify(&cast(MAX_KEYWORD_NESTING, "1")).is_ok());
        let e = classify(&cast(MAX_KEYWORD_NESTING + 1, "1")).unwrap_err();
        assert_eq!(
            (e.state, e.message.as_str()),
            (
                "42000",
                "syntax error: CAST(...) calls nest more than 10 deep"
            )
        );
        // Far past the parser's own depth limit, refused before it starts.
        assert_eq!(state(&cast(60, "1")), "42000");
        // Side by side they do not add up, and quoted names are not keywords.
        let siblings = vec!["CAST(1 AS BIGINT)"; 40].join(" + ");
        assert!(classify(&format!("SELECT {siblings}")).is_ok());
        let quoted = nested(MAX_KEYWORD_NESTING + 5, "\"cast\"(", "1", ")");
        assert!(classify(&quoted).is_ok());
        // Plain function calls and parentheses are not counted.
        assert!(classify(&nested(40, "abs(", "1", ")")).is_ok());
    }

    #[test]
    fn a_typo_deep_inside_keyword_calls_fails_at_once() {
        // Each shape re-parses its failing levels; at the limit they still
        // answer with the parser's message (before the limit, these took hours).
        for (open, close) in [
            ("CAST(", " AS BIGINT)"),
            ("position(", " IN 'a')"),
            ("NOT (", ")"),
            ("ceil(", ")"),
            ("ARRAY[", "]"),
            ("current_date(", ")"),
        ] {
            let e = classify(&nested(MAX_KEYWORD_NESTING, open, "1 AS", close)).unwrap_err();
            assert_eq!(e.state, "42000", "{open}: {}", e.message);
        }
    }

    #[test]
    fn queries_are_planned() {
        for sql in [
            "SELECT 1",
            "WITH a AS (SELECT 1) SELECT * FROM a",
            "VALUES (1)",
            "EXPLAIN SELECT 1",
        ] {
            assert!(matches!(classify(sql).unwrap(), Class::Query(_)), "{sql}");
        }
    }

    #[test]
    fn procedure_calls_in_every_spelling() {
        let Class::Procedure { name, args } = classify("CALL GetThing('a', $1, -2)").unwrap()
        else {
            panic!()
        };
        assert_eq!(name, "GetThing");
        assert_eq!(
            args,
            vec![
                Arg {
                    name: None,
                    value: ArgValue::Literal(ScalarValue::Utf8(Some("a".into())))
                },
                Arg {
                    name: None,
                    value: ArgValue::Param(1)
                },
                Arg {
                    name: None,
                    value: ArgValue::Literal(ScalarValue::Int64(Some(-2)))
                },
            ]
        );
        for sql in [
            "EXEC GetThing @Scope = 'x', @Verifier = $1",
            "EXECUTE GetThing @Scope='x', @Verifier=$1",
        ] {
            let Class::Procedure { name, args } = classify(sql).unwrap() else {
                panic!("{sql}")
            };
            assert_eq!(name, "GetThing");
            assert_eq!(args[0].name.as_deref(), Some("Scope"));
            assert_eq!(args[1].value, ArgValue::Param(1));
        }
        let Class::Procedure { args, .. } = classify("CALL p(scope => 'x')").unwrap() else {
            panic!()
        };
        assert_eq!(args[0].name.as_deref(), Some("scope"));
    }

    #[test]
    fn writes_are_refused_and_garbage_is_a_syntax_error() {
        assert_eq!(state("INSERT INTO charges VALUES (1)"), "HYC00");
        assert_eq!(state("DELETE FROM charges"), "HYC00");
        assert_eq!(state("CREATE TABLE x (a int)"), "HYC00");
        assert!(
            classify("UPDATE charges SET a = 1")
                .unwrap_err()
                .message
                .contains("read-only")
        );
        assert_eq!(state("SET x = 1"), "HYC00");
        assert_eq!(state("SELEC 1"), "42000");
        assert_eq!(state("SELECT 1; SELECT 2"), "42000");
        assert_eq!(state(""), "42000");
        assert!(matches!(classify("USE other").unwrap(), Class::Use(s) if s == "other"));
    }
}
