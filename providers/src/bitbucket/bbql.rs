//! WHERE conjuncts to Bitbucket requests: BBQL `q=` for [`Filter::Query`]
//! columns, plain (repeatable) parameters for [`Filter::Equals`] columns
//! (pull request `state`, pipelines' `target.branch`, `status`, ...), and
//! the repositories or parent objects to read for the [`Filter::Parent`]
//! columns (`repository`, a child table's `pull_request_id`, ...).
//!
//! Strings are always written as BBQL string literals with `\` and `"`
//! escaped, so no value can change the query's structure. A translation is
//! `Exact` only where BBQL means what SQL means; `!=` (BBQL keeps nulls) and
//! `LIKE` (BBQL's `~` ignores case) narrow the rows and the engine re-checks.
//! A value goes out in the words of the column's [`Vocabulary`] (a pipeline
//! result SUCCESSFUL is `status=PASSED`); one it has no word for is left to
//! the engine, and so is an `IN` list with any such value.

use super::columns::REPOSITORY;
use crate::calendar;
use crate::table::{
    CmpOp, Column, ColumnKind, Filter, Predicate, Pushdown, Table, Value, Vocabulary, keys_of,
};

/// What the filters of one scan ask of the API.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Plan {
    /// The BBQL query, if any conjunct translated.
    pub q: Option<String>,
    /// Plain query parameters (a repeated key means any of the values).
    pub params: Vec<(String, String)>,
    /// Only these repositories (`repository = 'x'` / `IN`).
    pub parents: Option<Vec<String>>,
    /// A child table: only under these parent objects (`pull_request_id = 5` / `IN`).
    pub parent_ids: Option<Vec<String>>,
    /// A grandchild table: only under the parents listed under these
    /// (`commit_hash = 'x'` of report annotations).
    pub ancestor_ids: Option<Vec<String>>,
    /// Conjuncts contradict each other: no request at all.
    pub empty: bool,
}

/// How exactly one conjunct can be sent.
pub fn pushdown(table: &'static Table, predicate: &Predicate) -> Pushdown {
    if parents(table, predicate).is_some() || param(table, predicate).is_some() {
        return Pushdown::Exact;
    }
    match query(table, predicate) {
        Some((_, true)) => Pushdown::Exact,
        Some((_, false)) => Pushdown::Inexact,
        None => Pushdown::Unsupported,
    }
}

/// The requests for a scan's filters (each answered Exact or Inexact before).
pub fn plan(table: &'static Table, filters: &[Predicate]) -> Plan {
    let mut plan = Plan::default();
    let mut clauses = Vec::new();
    for predicate in filters {
        if let Some((column, names)) = parents(table, predicate) {
            let slot = if column.name == REPOSITORY.name {
                &mut plan.parents
            } else if table.parent_column().is_some_and(|p| p.name == column.name) {
                &mut plan.parent_ids
            } else {
                &mut plan.ancestor_ids
            };
            *slot = Some(match slot.take() {
                None => names,
                Some(previous) => previous.into_iter().filter(|p| names.contains(p)).collect(),
            });
        } else if let Some((key, values)) = param(table, predicate) {
            let existing: Vec<String> = plan
                .params
                .iter()
                .filter(|(k, _)| *k == key)
                .map(|(_, v)| v.clone())
                .collect();
            let kept: Vec<String> = if existing.is_empty() {
                values
            } else {
                values
                    .into_iter()
                    .filter(|v| existing.contains(v))
                    .collect()
            };
            if kept.is_empty() {
                plan.empty = true;
            }
            plan.params.retain(|(k, _)| *k != key);
            plan.params
                .extend(kept.into_iter().map(|v| (key.to_string(), v)));
        } else if let Some((clause, _)) = query(table, predicate) {
            clauses.push(clause);
        }
    }
    if [&plan.parents, &plan.parent_ids, &plan.ancestor_ids]
        .iter()
        .any(|ids| ids.as_ref().is_some_and(Vec::is_empty))
    {
        plan.empty = true;
    }
    plan.q = match clauses.len() {
        0 => None,
        1 => clauses.pop(),
        _ => Some(
            clauses
                .iter()
                .map(|c| format!("({c})"))
                .collect::<Vec<_>>()
                .join(" AND "),
        ),
    };
    plan
}

fn column(table: &'static Table, name: &str) -> Option<&'static Column> {
    table.column(name)
}

/// `repository = 'x'`, `repository IN ('x', 'y')` (or the same on a child
/// table's parent or grandparent id column): the column, and the keys named.
fn parents(table: &'static Table, predicate: &Predicate) -> Option<(&'static Column, Vec<String>)> {
    let name = predicate.first_column()?;
    let column = column(table, name)?;
    if column.filter != Filter::Parent {
        return None;
    }
    Some((column, keys_of(predicate, name)?))
}

/// An equality (or, for a parameter the endpoint repeats by default, an
/// `IN` list) on a plain parameter column, in the parameter's own words: a
/// value outside the column's vocabulary is not sent.
fn param(table: &'static Table, predicate: &Predicate) -> Option<(&'static str, Vec<String>)> {
    let negated;
    let (name, values) = match predicate {
        // A flag `= false` reaches providers as `NOT (x = true)`.
        Predicate::Not(inner) => match inner.as_ref() {
            Predicate::Compare {
                column: c,
                op: CmpOp::Eq,
                value: Value::Bool(b),
            } => {
                negated = Value::Bool(!b);
                (c.as_str(), vec![&negated])
            }
            _ => return None,
        },
        other => other.equalities()?,
    };
    let column = column(table, name)?;
    let Filter::Equals(key) = column.filter else {
        return None;
    };
    let repeatable = table.endpoint.defaults.iter().any(|(k, _)| *k == key);
    let values = values
        .iter()
        .map(|v| match (column.kind, v) {
            // A flag (`administrator` of the user's workspaces).
            (ColumnKind::Bool, Value::Bool(b)) => Some(b.to_string()),
            (ColumnKind::Bool, _) | (_, Value::Bool(_)) => None,
            (_, Value::Text(t)) => column.vocabulary.translate(t).map(str::to_string),
            _ => None,
        })
        .collect::<Option<Vec<_>>>()?;
    (values.len() == 1 || repeatable).then_some((key, values))
}

/// The BBQL clause of a predicate and whether it is exact.
fn query(table: &'static Table, predicate: &Predicate) -> Option<(String, bool)> {
    match predicate {
        Predicate::Compare {
            column: c,
            op,
            value,
        } => {
            let (field, column) = field(table, c)?;
            let literal = literal(column, value)?;
            let textual = matches!(value, Value::Text(_));
            let (symbol, exact) = match op {
                CmpOp::Eq => ("=", true),
                // BBQL's != also keeps rows where the field is null.
                CmpOp::NotEq => ("!=", false),
                // Ordering of text follows the field's own order in BBQL
                // (issue priorities), not SQL's.
                _ if textual => return None,
                CmpOp::Lt => ("<", true),
                CmpOp::LtEq => ("<=", true),
                CmpOp::Gt => (">", true),
                CmpOp::GtEq => (">=", true),
            };
            Some((format!("{field} {symbol} {literal}"), exact))
        }
        Predicate::InList {
            column: c,
            values,
            negated,
        } => {
            let (field, column) = field(table, c)?;
            let literals = values
                .iter()
                .map(|v| literal(column, v))
                .collect::<Option<Vec<_>>>()?;
            if literals.is_empty() {
                return None;
            }
            let list = literals.join(", ");
            Some(if *negated {
                (format!("{field} NOT IN ({list})"), false)
            } else {
                (format!("{field} IN ({list})"), true)
            })
        }
        Predicate::IsNull { column: c, negated } => {
            let (field, _) = field(table, c)?;
            let op = if *negated { "!=" } else { "=" };
            Some((format!("{field} {op} null"), true))
        }
        Predicate::Like {
            column: c,
            pattern,
            negated: false,
            case_insensitive,
        } => {
            let (field, column) = field(table, c)?;
            // A vocabulary's words are matched whole, never by substring.
            if column.vocabulary != Vocabulary::Open
                || !matches!(
                    column.kind,
                    ColumnKind::Id | ColumnKind::Code | ColumnKind::Text | ColumnKind::LongText
                )
            {
                return None;
            }
            let inner = pattern.strip_prefix('%')?.strip_suffix('%')?;
            if inner.is_empty() || inner.contains(['%', '_', '\\']) {
                return None;
            }
            Some((format!("{field} ~ {}", string(inner)), *case_insensitive))
        }
        Predicate::And(parts) => {
            let translated: Vec<(String, bool)> =
                parts.iter().filter_map(|p| query(table, p)).collect();
            if translated.is_empty() {
                return None;
            }
            let exact = translated.len() == parts.len() && translated.iter().all(|(_, e)| *e);
            Some((join(&translated, "AND"), exact))
        }
        Predicate::Or(parts) => {
            // Some fields take only `IN` (workspace members' `user.email`).
            if let Some((column, values)) = predicate.equalities() {
                let list = Predicate::InList {
                    column: column.to_string(),
                    values: values.into_iter().cloned().collect(),
                    negated: false,
                };
                return query(table, &list);
            }
            let translated = parts
                .iter()
                .map(|p| query(table, p))
                .collect::<Option<Vec<_>>>()?;
            let exact = translated.iter().all(|(_, e)| *e);
            Some((join(&translated, "OR"), exact))
        }
        _ => None,
    }
}

fn join(parts: &[(String, bool)], op: &str) -> String {
    parts
        .iter()
        .map(|(c, _)| format!("({c})"))
        .collect::<Vec<_>>()
        .join(&format!(" {op} "))
}

fn field(table: &'static Table, name: &str) -> Option<(&'static str, &'static Column)> {
    let column = column(table, name)?;
    match column.filter {
        Filter::Query(field) => Some((field, column)),
        _ => None,
    }
}

/// A BBQL literal for a SQL value compared with `column`: text in the
/// field's own words, or none when the field's vocabulary lacks it.
fn literal(column: &Column, value: &Value) -> Option<String> {
    match (column.kind, value) {
        (
            ColumnKind::Id | ColumnKind::Code | ColumnKind::Text | ColumnKind::LongText,
            Value::Text(t),
        ) => column.vocabulary.translate(t).map(string),
        (ColumnKind::Integer, Value::Int(i)) => Some(i.to_string()),
        (ColumnKind::Bool, Value::Bool(b)) => Some(b.to_string()),
        (ColumnKind::Timestamp, Value::Timestamp(micros)) => Some(datetime(*micros)),
        // A date past the microsecond range has no literal: the engine filters.
        (ColumnKind::Timestamp, Value::Date(days)) => {
            i64::from(*days).checked_mul(86_400_000_000).map(datetime)
        }
        _ => None,
    }
}

/// A double-quoted BBQL string: `\` and `"` escaped, so the value stays one literal.
pub fn string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        if matches!(c, '"' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

/// An unquoted BBQL datetime in UTC with microseconds.
fn datetime(micros: i64) -> String {
    let seconds = micros.div_euclid(1_000_000);
    let fraction = micros.rem_euclid(1_000_000);
    let (y, m, d) = calendar::civil_from_days(seconds.div_euclid(86_400));
    let s = seconds.rem_euclid(86_400);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{fraction:06}+00:00",
        s / 3600,
        s / 60 % 60,
        s % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bitbucket::pull_requests::PULL_REQUESTS;

    #[test]
    fn strings_are_escaped_into_one_literal() {
        assert_eq!(
            string(r#"a" OR state="MERGED"#),
            r#""a\" OR state=\"MERGED""#
        );
        assert_eq!(string(r"back\slash"), r#""back\\slash""#);
        let p = plan(
            &PULL_REQUESTS.table,
            &[Predicate::compare(
                "title",
                CmpOp::Eq,
                Value::Text(r#"a" OR x="#.into()),
            )],
        );
        assert_eq!(p.q.as_deref(), Some(r#"title = "a\" OR x=""#));
    }

    #[test]
    fn translations_and_exactness() {
        let table = &PULL_REQUESTS.table;
        let exact = |p: &Predicate| pushdown(table, p);
        assert_eq!(
            exact(&Predicate::compare("id", CmpOp::GtEq, Value::Int(3))),
            Pushdown::Exact
        );
        assert_eq!(
            exact(&Predicate::compare(
                "title",
                CmpOp::NotEq,
                Value::Text("x".into())
            )),
            Pushdown::Inexact
        );
        assert_eq!(
            exact(&Predicate::compare(
                "title",
                CmpOp::Gt,
                Value::Text("x".into())
            )),
            Pushdown::Unsupported
        );
        let like = Predicate::Like {
            column: "title".into(),
            pattern: "%fix%".into(),
            negated: false,
            case_insensitive: false,
        };
        assert_eq!(exact(&like), Pushdown::Inexact);
        let state = Predicate::InList {
            column: "state".into(),
            values: vec![Value::Text("OPEN".into()), Value::Text("MERGED".into())],
            negated: false,
        };
        assert_eq!(exact(&state), Pushdown::Exact);
        let p = plan(
            table,
            &[
                state,
                Predicate::compare(
                    "created_on",
                    CmpOp::Gt,
                    Value::Timestamp(1_704_067_200_000_000),
                ),
                Predicate::IsNull {
                    column: "closed_by_uuid".into(),
                    negated: false,
                },
            ],
        );
        assert_eq!(
            p.params,
            vec![
                ("state".to_string(), "OPEN".to_string()),
                ("state".to_string(), "MERGED".to_string())
            ]
        );
        assert_eq!(
            p.q.as_deref(),
            Some("(created_on > 2024-01-01T00:00:00.000000+00:00) AND (closed_by.uuid = null)")
        );
    }

    // Found by fuzzing: a date past year 292,000 overflowed the microsecond
    // product (a panic in debug builds, a wrapped date in release).
    #[test]
    fn dates_past_the_microsecond_range_are_left_to_the_engine() {
        let table = &PULL_REQUESTS.table;
        let far = Predicate::compare("created_on", CmpOp::Gt, Value::Date(i32::MAX));
        assert_eq!(pushdown(table, &far), Pushdown::Unsupported);
        assert_eq!(plan(table, &[far]), Plan::default());
        let day = Predicate::compare("created_on", CmpOp::Gt, Value::Date(19_723));
        assert_eq!(
            plan(table, &[day]).q.as_deref(),
            Some("created_on > 2024-01-01T00:00:00.000000+00:00")
        );
    }

    #[test]
    fn contradicting_parameters_read_nothing() {
        let table = &PULL_REQUESTS.table;
        let p = plan(
            table,
            &[
                Predicate::compare("state", CmpOp::Eq, Value::Text("OPEN".into())),
                Predicate::compare("state", CmpOp::Eq, Value::Text("MERGED".into())),
            ],
        );
        assert!(p.empty);
        let p = plan(
            table,
            &[Predicate::compare(
                "repository",
                CmpOp::Eq,
                Value::Text("a".into()),
            )],
        );
        assert_eq!(p.parents, Some(vec!["a".to_string()]));
    }

    #[test]
    fn a_parent_id_filter_names_the_parents_and_stays_off_the_query() {
        use crate::bitbucket::pull_requests::PULL_REQUEST_COMMENTS;
        let table = &PULL_REQUEST_COMMENTS.table;
        let five = Predicate::compare("pull_request_id", CmpOp::Eq, Value::Int(5));
        assert_eq!(pushdown(table, &five), Pushdown::Exact);
        let some = Predicate::InList {
            column: "pull_request_id".into(),
            values: vec![Value::Int(5), Value::Int(7)],
            negated: false,
        };
        let p = plan(table, std::slice::from_ref(&some));
        assert_eq!(p.parent_ids, Some(vec!["5".to_string(), "7".to_string()]));
        assert_eq!((p.parents, p.q), (None, None));
        let p = plan(table, &[some, five]);
        assert_eq!(p.parent_ids, Some(vec!["5".to_string()]));
        let p = plan(
            table,
            &[
                Predicate::compare("pull_request_id", CmpOp::Eq, Value::Int(7)),
                Predicate::compare("pull_request_id", CmpOp::Eq, Value::Int(5)),
            ],
        );
        assert!(p.empty);
        // A range is evaluated locally.
        let later = Predicate::compare("pull_request_id", CmpOp::Gt, Value::Int(5));
        assert_eq!(pushdown(table, &later), Pushdown::Unsupported);
    }
}
