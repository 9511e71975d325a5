//! WHERE conjuncts to Stripe requests, for every Stripe table alike: the
//! column [`Filter`]s say what the API can do, this file says how.
//!
//! - [`Filter::Id`]: `id = 'x'` and `id IN (...)` become get-by-id requests.
//! - [`Filter::Equals`]: `col = 'text'` becomes `param=text`.
//! - [`Filter::AnyOf`]: `col = 'a'` and `col IN ('a', 'b')` become
//!   `param[]=a&param[]=b`, up to the parameter's most values.
//! - [`Filter::Range`]: comparisons become `param[gt|gte|lt|lte]=n` or
//!   `param=n` in whole API units (seconds for timestamps), with SQL bounds
//!   rounded so that the answer stays exact.
//! - [`Filter::Parent`]: `parent_id = 'x'` and `parent_id IN (...)` list
//!   under those parents only, instead of fanning out over all of them.
//! - [`Column::null_as`]: `col IS [NOT] NULL` becomes `param=true|false`.
//! - [`Filter::LowerBound`], [`Filter::UpperBound`]: `col >= t` (`col <= t`)
//!   becomes `param=t`, one end of the window the API reads.
//!
//! A value outside the column's [`crate::table::Vocabulary`] (a status
//! Stripe does not document, a group such as subscriptions' `status=all`)
//! is never sent, nor a value with `*` (a wildcard for event types).
//! Everything pushed is `Exact` but window bounds, which are `Inexact`;
//! everything else is `Unsupported` and the engine filters locally.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde_json::Value as Json;

use crate::json::{cell, id_of, parse_iso8601, timestamp_micros};
use crate::table::{CmpOp, Column, ColumnKind, Filter, Predicate, Pushdown, Table, Value, keys_of};

const MICROS_PER_SECOND: i64 = 1_000_000;
const MICROS_PER_DAY: i64 = 86_400 * MICROS_PER_SECOND;

/// How one conjunct reaches the API.
#[derive(Debug, Clone)]
enum Pushed {
    /// No row can match: send nothing.
    Nothing,
    /// Only these ids (get-by-id requests).
    Ids(Vec<String>),
    /// Only children of these parents (a child table's parent id column).
    Parents {
        column: &'static Column,
        ids: Vec<String>,
    },
    Equals {
        column: &'static Column,
        param: &'static str,
        value: String,
    },
    /// Any of these values (none is empty or a `*` wildcard).
    AnyOf {
        column: &'static Column,
        param: &'static str,
        values: Vec<String>,
    },
    Range {
        column: &'static Column,
        param: &'static str,
        lower: Option<Bound>,
        upper: Option<Bound>,
    },
    /// Whether the field is null, as a boolean parameter ([`Column::null_as`]).
    Null {
        column: &'static Column,
        param: &'static str,
        null: bool,
    },
    /// One end of a window sent as `param=value` (whole API units): the
    /// start when `lower`, else the end.
    Window {
        column: &'static Column,
        param: &'static str,
        value: i64,
        lower: bool,
    },
}

/// One end of a range in whole API units, inclusive, remembering whether the
/// SQL was strict (`>`/`<`) so the request reads like the query.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Bound {
    inclusive: i64,
    strict: bool,
}

/// What a scan asks of the API.
#[derive(Debug, Clone, PartialEq)]
pub enum Mode {
    /// Some pushed conjuncts contradict each other: no request at all.
    Empty,
    /// Get these objects by id (in this order, no duplicates).
    Ids(Vec<String>),
    /// Page through the list path with these parameters.
    List,
    /// Page through the Search API (`UseSearchAPI`): `path` with `query`,
    /// which filters on `columns`.
    Search {
        path: &'static str,
        query: String,
        columns: Vec<&'static str>,
    },
}

/// A conjunct pushed to the list endpoint, for restating in a search query.
#[derive(Debug, Clone)]
pub enum Term<'a> {
    Equals {
        column: &'static Column,
        value: &'a str,
    },
    /// Inclusive bounds in whole API units.
    Range {
        column: &'static Column,
        lower: Option<i64>,
        upper: Option<i64>,
    },
}

/// The requests for one scan, and the checks that keep get-by-id answers exact.
#[derive(Debug, Clone)]
pub struct Plan {
    pub mode: Mode,
    /// List query parameters from pushed filters (without `limit` and cursors).
    pub params: Vec<(String, String)>,
    /// For a child table: list under these parents only (in this order, no
    /// duplicates); `None` lists under every parent.
    pub parents: Option<Vec<String>>,
    checks: Vec<Pushed>,
}

impl Plan {
    /// The conjuncts pushed to the list endpoint.
    pub fn terms(&self) -> Vec<Term<'_>> {
        self.checks
            .iter()
            .filter_map(|check| match check {
                Pushed::Equals { column, value, .. } => Some(Term::Equals { column, value }),
                Pushed::AnyOf { column, values, .. } if values.len() == 1 => Some(Term::Equals {
                    column,
                    value: &values[0],
                }),
                Pushed::Range {
                    column,
                    lower,
                    upper,
                    ..
                } => Some(Term::Range {
                    column,
                    lower: lower.map(|b| b.inclusive),
                    upper: upper.map(|b| b.inclusive),
                }),
                _ => None,
            })
            .collect()
    }

    /// The column a request parameter came from (`created[gte]` → `created`);
    /// for a search `query`, the columns it filters on.
    pub fn column_of(&self, param: &str) -> Option<String> {
        if let Mode::Search { columns, .. } = &self.mode
            && param == "query"
        {
            return Some(columns.join(", "));
        }
        let base = param.split('[').next().unwrap_or(param);
        self.checks.iter().find_map(|check| match check {
            Pushed::Equals { column, param, .. }
            | Pushed::AnyOf { column, param, .. }
            | Pushed::Range { column, param, .. }
            | Pushed::Null { column, param, .. }
            | Pushed::Window { column, param, .. }
                if *param == base =>
            {
                Some(column.name.to_string())
            }
            _ => None,
        })
    }

    /// Whether a conjunct filters on a column objects do not carry
    /// ([`Column::filter_only`]): only the list can apply it.
    pub fn only_listed(&self) -> bool {
        self.checks
            .iter()
            .any(|check| matches!(check, Pushed::Equals { column, .. } if column.filter_only))
    }

    /// The rows with the value of each equality filter on a filter-only
    /// column ([`Column::filter_only`]) where they leave it out: the API
    /// chose every row by that value, so each has it (a meter event summary
    /// does not repeat the `customer` it was listed for).
    pub fn fill<'a>(&self, rows: Cow<'a, [Json]>) -> Cow<'a, [Json]> {
        let absent: Vec<(&str, Json)> = self
            .checks
            .iter()
            .filter_map(|check| match check {
                Pushed::Equals { column, value, .. } if column.filter_only => {
                    let value = match column.kind {
                        ColumnKind::Bool => Json::from(value == "true"),
                        _ => Json::from(value.as_str()),
                    };
                    Some((column.json_path(), value))
                }
                _ => None,
            })
            .filter(|(key, _)| rows.iter().any(|row| row.get(key).is_none()))
            .collect();
        if absent.is_empty() {
            return rows;
        }
        let mut rows = rows.into_owned();
        for row in &mut rows {
            if let Json::Object(fields) = row {
                for (key, value) in &absent {
                    fields
                        .entry(key.to_string())
                        .or_insert_with(|| value.clone());
                }
            }
        }
        Cow::Owned(rows)
    }

    /// Whether an object fetched by id or found by a search satisfies the
    /// pushed conjuncts (neither request applies the list parameters, but
    /// they were answered `Exact`).
    pub fn matches(&self, object: &Json) -> bool {
        self.checks.iter().all(|check| match check {
            Pushed::Equals { column, value, .. } => match cell(object, column) {
                Some(Json::Bool(b)) => b.to_string() == *value,
                Some(cell) => id_of(cell) == Some(value.as_str()),
                None => false,
            },
            Pushed::AnyOf { column, values, .. } => cell(object, column)
                .and_then(id_of)
                .is_some_and(|v| values.iter().any(|w| w == v)),
            Pushed::Range {
                column,
                lower,
                upper,
                ..
            } => match cell(object, column).and_then(|v| api_units(column, v)) {
                Some(n) => {
                    lower.is_none_or(|b| n >= b.inclusive) && upper.is_none_or(|b| n <= b.inclusive)
                }
                None => false,
            },
            Pushed::Null { column, null, .. } => cell(object, column).is_none() == *null,
            Pushed::Parents { column, ids } => cell(object, column)
                .and_then(id_of)
                .is_some_and(|id| ids.iter().any(|p| p == id)),
            _ => true,
        })
    }
}

/// The whole-unit value of a JSON cell for a range column.
fn api_units(column: &Column, value: &Json) -> Option<i64> {
    match column.kind {
        ColumnKind::Timestamp => timestamp_micros(value).map(|us| us.div_euclid(MICROS_PER_SECOND)),
        _ => value.as_i64(),
    }
}

/// The answer to the planner for one conjunct.
pub fn pushdown(table: &'static Table, predicate: &Predicate) -> Pushdown {
    match classify(table, predicate) {
        Some(Pushed::Window { .. }) => Pushdown::Inexact,
        Some(_) => Pushdown::Exact,
        None => Pushdown::Unsupported,
    }
}

/// The plan for all conjuncts of a scan. Conjuncts the API cannot express are
/// skipped (the engine applies them).
pub fn plan(table: &'static Table, filters: &[Predicate]) -> Plan {
    let mut ids: Option<Vec<String>> = None;
    let mut parents: Option<(&'static Column, Vec<String>)> = None;
    let mut equals: BTreeMap<&'static str, Pushed> = BTreeMap::new();
    let mut any_of: BTreeMap<&'static str, Pushed> = BTreeMap::new();
    let mut ranges: BTreeMap<&'static str, Pushed> = BTreeMap::new();
    let mut windows: BTreeMap<&'static str, Pushed> = BTreeMap::new();
    let mut empty = false;

    for pushed in filters.iter().filter_map(|p| classify(table, p)) {
        match pushed {
            Pushed::Nothing => empty = true,
            Pushed::Ids(list) => {
                ids = Some(match ids {
                    None => dedup(list),
                    Some(previous) => intersect(previous, &list),
                });
            }
            Pushed::Parents { column, ids: list } => {
                parents = Some(match parents {
                    None => (column, dedup(list)),
                    Some((column, previous)) => (column, intersect(previous, &list)),
                });
            }
            Pushed::Equals {
                param, ref value, ..
            } => match equals.get(param) {
                Some(Pushed::Equals { value: seen, .. }) if seen != value => empty = true,
                Some(_) => {}
                None => {
                    equals.insert(param, pushed);
                }
            },
            Pushed::Null { param, null, .. } => match equals.get(param) {
                Some(Pushed::Null { null: seen, .. }) if *seen != null => empty = true,
                Some(_) => {}
                None => {
                    equals.insert(param, pushed);
                }
            },
            Pushed::AnyOf {
                column,
                param,
                values,
            } => {
                let values = match any_of.remove(param) {
                    Some(Pushed::AnyOf { values: seen, .. }) => intersect(seen, &values),
                    _ => dedup(values),
                };
                empty |= values.is_empty();
                any_of.insert(
                    param,
                    Pushed::AnyOf {
                        column,
                        param,
                        values,
                    },
                );
            }
            Pushed::Range {
                column,
                param,
                lower,
                upper,
            } => {
                let merged = match ranges.remove(param) {
                    Some(Pushed::Range {
                        lower: l0,
                        upper: u0,
                        ..
                    }) => Pushed::Range {
                        column,
                        param,
                        lower: tighter(l0, lower, |a, b| a > b),
                        upper: tighter(u0, upper, |a, b| a < b),
                    },
                    _ => Pushed::Range {
                        column,
                        param,
                        lower,
                        upper,
                    },
                };
                if let Pushed::Range {
                    lower: Some(l),
                    upper: Some(u),
                    ..
                } = merged
                    && l.inclusive > u.inclusive
                {
                    empty = true;
                }
                ranges.insert(param, merged);
            }
            Pushed::Window {
                param,
                value,
                lower,
                ..
            } => {
                // Several bounds on one end: the narrowest window holds them all.
                let narrower = match windows.get(param) {
                    Some(Pushed::Window { value: seen, .. }) if lower => value > *seen,
                    Some(Pushed::Window { value: seen, .. }) => value < *seen,
                    _ => true,
                };
                if narrower {
                    windows.insert(param, pushed);
                }
            }
        }
    }

    let mut checks: Vec<Pushed> = equals
        .values()
        .chain(any_of.values())
        .chain(ranges.values())
        .chain(windows.values())
        .cloned()
        .collect();
    if let Some((column, ids)) = &parents {
        checks.push(Pushed::Parents {
            column,
            ids: ids.clone(),
        });
    }
    let no_parent = parents.as_ref().is_some_and(|(_, ids)| ids.is_empty());
    let mode = match ids {
        _ if empty || no_parent => Mode::Empty,
        Some(ids) if ids.is_empty() => Mode::Empty,
        Some(ids) => Mode::Ids(ids),
        None => Mode::List,
    };
    let mut params = Vec::new();
    // Checks hold the column's values; parameters get the API's words for
    // them (every value was found in the vocabulary by `classify`).
    for pushed in &checks {
        match pushed {
            Pushed::Equals {
                column,
                param,
                value,
            } => params.extend(
                column
                    .vocabulary
                    .translate(value)
                    .map(|sent| (param.to_string(), sent.to_string())),
            ),
            Pushed::AnyOf {
                column,
                param,
                values,
            } => params.extend(
                values
                    .iter()
                    .filter_map(|v| column.vocabulary.translate(v))
                    .map(|sent| (format!("{param}[]"), sent.to_string())),
            ),
            Pushed::Null { param, null, .. } => params.push((param.to_string(), null.to_string())),
            Pushed::Window { param, value, .. } => {
                params.push((param.to_string(), value.to_string()))
            }
            Pushed::Range {
                param,
                lower,
                upper,
                ..
            } => match (lower, upper) {
                (Some(l), Some(u)) if l.inclusive == u.inclusive => {
                    params.push((param.to_string(), l.inclusive.to_string()))
                }
                _ => {
                    if let Some(l) = lower {
                        params.push(if l.strict {
                            (format!("{param}[gt]"), (l.inclusive - 1).to_string())
                        } else {
                            (format!("{param}[gte]"), l.inclusive.to_string())
                        });
                    }
                    if let Some(u) = upper {
                        params.push(if u.strict {
                            (format!("{param}[lt]"), (u.inclusive + 1).to_string())
                        } else {
                            (format!("{param}[lte]"), u.inclusive.to_string())
                        });
                    }
                }
            },
            _ => {}
        }
    }
    for (key, value) in table.endpoint.defaults {
        let set = params
            .iter()
            .any(|(k, _)| k == key || k.strip_prefix(key).is_some_and(|r| r.starts_with('[')));
        if !set {
            params.push((key.to_string(), value.to_string()));
        }
    }
    Plan {
        mode,
        params,
        parents: parents.map(|(_, ids)| ids),
        checks,
    }
}

fn intersect(previous: Vec<String>, list: &[String]) -> Vec<String> {
    previous
        .into_iter()
        .filter(|id| list.contains(id))
        .collect()
}

fn dedup(list: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(list.len());
    for id in list {
        if !out.contains(&id) {
            out.push(id);
        }
    }
    out
}

fn tighter(a: Option<Bound>, b: Option<Bound>, better: fn(i64, i64) -> bool) -> Option<Bound> {
    match (a, b) {
        (Some(a), Some(b)) => Some(if better(b.inclusive, a.inclusive) {
            b
        } else {
            a
        }),
        (a, b) => a.or(b),
    }
}

fn classify(table: &'static Table, predicate: &Predicate) -> Option<Pushed> {
    match predicate {
        // The planner turns `active = false` into `NOT active`.
        Predicate::Not(inner) => match inner.as_ref() {
            Predicate::Compare {
                column,
                op: CmpOp::Eq,
                value: Value::Bool(b),
            } => classify(
                table,
                &Predicate::Compare {
                    column: column.clone(),
                    op: CmpOp::Eq,
                    value: Value::Bool(!b),
                },
            ),
            _ => None,
        },
        // `id IN ('a', 'b')` arrives as `id = 'a' OR id = 'b'`.
        Predicate::Or(_) => {
            let column = table.column(predicate.first_column()?)?;
            let keys = keys_of(predicate, column.name)?;
            classify(
                table,
                &Predicate::InList {
                    column: column.name.to_string(),
                    values: keys.into_iter().map(Value::Text).collect(),
                    negated: false,
                },
            )
        }
        Predicate::Compare { column, op, value } => {
            let column = table.column(column)?;
            match column.filter {
                Filter::Parent if table.endpoint.parent.is_some() => Some(Pushed::Parents {
                    column,
                    ids: keys_of(predicate, column.name)?,
                }),
                Filter::Id if *op == CmpOp::Eq && table.endpoint.get.is_some() => match value {
                    Value::Text(id) if id.is_empty() => Some(Pushed::Nothing),
                    Value::Text(id) => Some(Pushed::Ids(vec![id.clone()])),
                    _ => None,
                },
                Filter::Equals(param) if *op == CmpOp::Eq => {
                    let value = match (column.kind, value) {
                        (ColumnKind::Bool, Value::Bool(b)) => b.to_string(),
                        (ColumnKind::Bool, _) => return None,
                        (_, Value::Text(text)) if text.is_empty() || text.contains('*') => {
                            return None;
                        }
                        (_, Value::Text(text)) => {
                            column.vocabulary.translate(text)?;
                            text.clone()
                        }
                        _ => return None,
                    };
                    Some(Pushed::Equals {
                        column,
                        param,
                        value,
                    })
                }
                Filter::AnyOf(param, max) if *op == CmpOp::Eq => {
                    any_of(column, param, max, std::slice::from_ref(value))
                }
                Filter::Range(param) => range(column, param, *op, value),
                Filter::LowerBound(param) => window(column, param, true, *op, value),
                Filter::UpperBound(param) => window(column, param, false, *op, value),
                _ => None,
            }
        }
        Predicate::IsNull { column, negated } => {
            let column = table.column(column)?;
            Some(Pushed::Null {
                column,
                param: column.null_param?,
                null: !negated,
            })
        }
        Predicate::InList {
            column,
            values,
            negated: false,
        } => {
            let column = table.column(column)?;
            if column.filter == Filter::Parent && table.endpoint.parent.is_some() {
                return Some(Pushed::Parents {
                    column,
                    ids: keys_of(predicate, column.name)?,
                });
            }
            if let Filter::AnyOf(param, max) = column.filter {
                return any_of(column, param, max, values);
            }
            if column.filter != Filter::Id || table.endpoint.get.is_none() {
                return None;
            }
            let ids = values
                .iter()
                .map(|v| match v {
                    Value::Text(t) => Some(t.clone()),
                    _ => None,
                })
                .collect::<Option<Vec<_>>>()?;
            let ids: Vec<String> = ids.into_iter().filter(|id| !id.is_empty()).collect();
            Some(if ids.is_empty() {
                Pushed::Nothing
            } else {
                Pushed::Ids(ids)
            })
        }
        _ => None,
    }
}

/// `=` or `IN` on an array parameter, when every value is plain non-empty
/// text (a `*` would be a wildcard) the parameter takes, and there are at
/// most `max` of them.
fn any_of(
    column: &'static Column,
    param: &'static str,
    max: usize,
    values: &[Value],
) -> Option<Pushed> {
    let values = values
        .iter()
        .map(|v| match v {
            Value::Text(t) if !t.is_empty() && !t.contains('*') => {
                column.vocabulary.translate(t).map(|_| t.clone())
            }
            _ => None,
        })
        .collect::<Option<Vec<_>>>()
        .map(dedup)?;
    (values.len() <= max).then_some(Pushed::AnyOf {
        column,
        param,
        values,
    })
}

/// A SQL literal on a range column as `(floor, exact)` in whole API units:
/// the largest whole unit not above it, and whether it is whole.
fn units(column: &Column, value: &Value) -> Option<(i64, bool)> {
    let micros = |us: i64| {
        (
            us.div_euclid(MICROS_PER_SECOND),
            us.rem_euclid(MICROS_PER_SECOND) == 0,
        )
    };
    match (column.kind, value) {
        (ColumnKind::Timestamp, Value::Timestamp(us)) => Some(micros(*us)),
        (ColumnKind::Timestamp, Value::Date(days)) => {
            i64::from(*days).checked_mul(MICROS_PER_DAY).map(micros)
        }
        (ColumnKind::Timestamp, Value::Text(text)) => parse_iso8601(text).map(micros),
        (ColumnKind::Integer, Value::Int(n)) => Some((*n, true)),
        (ColumnKind::Integer, Value::Float(f)) if f.is_finite() && f.abs() < 9.0e18 => {
            Some((f.floor() as i64, f.fract() == 0.0))
        }
        _ => None,
    }
}

fn range(column: &'static Column, param: &'static str, op: CmpOp, value: &Value) -> Option<Pushed> {
    let (floor, exact) = units(column, value)?;
    let ceil = floor.checked_add(i64::from(!exact))?;
    let bound = |inclusive: i64, strict: bool| Some(Bound { inclusive, strict });
    let (lower, upper) = match op {
        // n > v  <=>  n >= floor(v) + 1
        CmpOp::Gt => (bound(floor.checked_add(1)?, true), None),
        // n >= v  <=>  n >= ceil(v)
        CmpOp::GtEq => (bound(ceil, false), None),
        // n < v  <=>  n <= ceil(v) - 1
        CmpOp::Lt => (None, bound(ceil.checked_sub(1)?, true)),
        // n <= v  <=>  n <= floor(v)
        CmpOp::LtEq => (None, bound(floor, false)),
        CmpOp::Eq if exact => (bound(floor, false), bound(floor, false)),
        CmpOp::Eq => return Some(Pushed::Nothing),
        CmpOp::NotEq => return None,
    };
    Some(Pushed::Range {
        column,
        param,
        lower,
        upper,
    })
}

/// One end of a window: the whole-unit bound of `col op value` on the side
/// the parameter takes, widened to the whole unit around a fraction (the
/// engine re-checks).
fn window(
    column: &'static Column,
    param: &'static str,
    lower: bool,
    op: CmpOp,
    value: &Value,
) -> Option<Pushed> {
    let (floor, exact) = units(column, value)?;
    let value = match op {
        CmpOp::Gt | CmpOp::GtEq | CmpOp::Eq if lower => floor,
        CmpOp::Lt | CmpOp::LtEq | CmpOp::Eq if !lower => floor.checked_add(i64::from(!exact))?,
        _ => return None,
    };
    Some(Pushed::Window {
        column,
        param,
        value,
        lower,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stripe::tables::{charges::CHARGES, customers::CUSTOMERS};
    use serde_json::json;

    const S: i64 = MICROS_PER_SECOND;

    fn text(s: &str) -> Value {
        Value::Text(s.into())
    }

    fn params(filters: &[Predicate]) -> Vec<(String, String)> {
        let plan = plan(&CHARGES, filters);
        assert_eq!(plan.mode, Mode::List);
        plan.params
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn answers_exact_only_for_what_the_api_can_do() {
        use Pushdown::*;
        let cases = [
            (Predicate::compare("id", CmpOp::Eq, text("ch_1")), Exact),
            (
                Predicate::compare("id", CmpOp::NotEq, text("ch_1")),
                Unsupported,
            ),
            (
                Predicate::compare("id", CmpOp::Gt, text("ch_1")),
                Unsupported,
            ),
            (
                Predicate::compare("customer", CmpOp::Eq, text("cus_1")),
                Exact,
            ),
            (
                Predicate::compare("customer", CmpOp::Eq, text("")),
                Unsupported,
            ),
            (
                Predicate::compare("customer", CmpOp::Eq, Value::Int(1)),
                Unsupported,
            ),
            (
                Predicate::compare("payment_intent", CmpOp::Eq, text("pi_1")),
                Exact,
            ),
            (
                Predicate::compare("created", CmpOp::GtEq, Value::Timestamp(5 * S)),
                Exact,
            ),
            (
                Predicate::compare("created", CmpOp::Eq, Value::Timestamp(5 * S + 1)),
                Exact,
            ),
            (
                Predicate::compare("created", CmpOp::NotEq, Value::Timestamp(5 * S)),
                Unsupported,
            ),
            (
                Predicate::compare("created", CmpOp::Gt, Value::Int(5)),
                Unsupported,
            ),
            (
                Predicate::compare("status", CmpOp::Eq, text("succeeded")),
                Unsupported,
            ),
            (
                Predicate::compare("amount", CmpOp::Gt, Value::Int(5)),
                Unsupported,
            ),
            (
                Predicate::compare("nope", CmpOp::Eq, text("x")),
                Unsupported,
            ),
            (
                Predicate::InList {
                    column: "id".into(),
                    values: vec![text("a"), text("b")],
                    negated: false,
                },
                Exact,
            ),
            (
                Predicate::InList {
                    column: "id".into(),
                    values: vec![text("a")],
                    negated: true,
                },
                Unsupported,
            ),
            (
                Predicate::InList {
                    column: "customer".into(),
                    values: vec![text("a")],
                    negated: false,
                },
                Unsupported,
            ),
            (
                Predicate::IsNull {
                    column: "customer".into(),
                    negated: false,
                },
                Unsupported,
            ),
        ];
        for (predicate, expected) in cases {
            assert_eq!(pushdown(&CHARGES, &predicate), expected, "{predicate:?}");
        }
        assert_eq!(
            pushdown(
                &CUSTOMERS,
                &Predicate::compare("email", CmpOp::Eq, text("a@b.c"))
            ),
            Pushdown::Exact
        );
        // Customers have no `customer` list parameter.
        assert_eq!(
            pushdown(
                &CUSTOMERS,
                &Predicate::compare("customer", CmpOp::Eq, text("x"))
            ),
            Pushdown::Unsupported
        );
    }

    #[test]
    fn created_bounds_round_to_whole_seconds_and_stay_exact() {
        let at = |op, us| params(&[Predicate::compare("created", op, Value::Timestamp(us))]);
        assert_eq!(at(CmpOp::Gt, 12 * S), pairs(&[("created[gt]", "12")]));
        assert_eq!(
            at(CmpOp::Gt, 12 * S + S / 2),
            pairs(&[("created[gt]", "12")])
        );
        assert_eq!(at(CmpOp::GtEq, 12 * S), pairs(&[("created[gte]", "12")]));
        assert_eq!(
            at(CmpOp::GtEq, 12 * S + S / 2),
            pairs(&[("created[gte]", "13")])
        );
        assert_eq!(at(CmpOp::Lt, 12 * S), pairs(&[("created[lt]", "12")]));
        assert_eq!(
            at(CmpOp::Lt, 12 * S + S / 2),
            pairs(&[("created[lt]", "13")])
        );
        assert_eq!(at(CmpOp::LtEq, 12 * S), pairs(&[("created[lte]", "12")]));
        assert_eq!(
            at(CmpOp::LtEq, 12 * S + S / 2),
            pairs(&[("created[lte]", "12")])
        );
        assert_eq!(at(CmpOp::Eq, 12 * S), pairs(&[("created", "12")]));
        // Before 1970 the floor goes down.
        assert_eq!(at(CmpOp::Gt, -S / 2), pairs(&[("created[gt]", "-1")]));
        // A sub-second equality can match no whole-second object.
        let plan = plan(
            &CHARGES,
            &[Predicate::compare(
                "created",
                CmpOp::Eq,
                Value::Timestamp(12 * S + 1),
            )],
        );
        assert_eq!(plan.mode, Mode::Empty);
        // Dates and ISO text work too.
        assert_eq!(
            params(&[Predicate::compare("created", CmpOp::GtEq, Value::Date(1))]),
            pairs(&[("created[gte]", "86400")])
        );
        assert_eq!(
            params(&[Predicate::compare(
                "created",
                CmpOp::GtEq,
                text("2024-01-01T00:00:00Z")
            )]),
            pairs(&[("created[gte]", "1704067200")])
        );
    }

    #[test]
    fn several_created_conjuncts_combine() {
        let got = params(&[
            Predicate::compare("created", CmpOp::GtEq, Value::Timestamp(10 * S)),
            Predicate::compare("created", CmpOp::Gt, Value::Timestamp(11 * S)),
            Predicate::compare("created", CmpOp::Lt, Value::Timestamp(20 * S)),
            Predicate::compare("created", CmpOp::LtEq, Value::Timestamp(30 * S)),
            Predicate::compare("customer", CmpOp::Eq, text("cus_1")),
        ]);
        assert_eq!(
            got,
            pairs(&[
                ("customer", "cus_1"),
                ("created[gt]", "11"),
                ("created[lt]", "20")
            ])
        );
        assert_eq!(
            params(&[
                Predicate::compare("created", CmpOp::GtEq, Value::Timestamp(10 * S)),
                Predicate::compare("created", CmpOp::LtEq, Value::Timestamp(10 * S)),
            ]),
            pairs(&[("created", "10")])
        );
        let contradiction = plan(
            &CHARGES,
            &[
                Predicate::compare("created", CmpOp::Gt, Value::Timestamp(10 * S)),
                Predicate::compare("created", CmpOp::Lt, Value::Timestamp(11 * S)),
            ],
        );
        assert_eq!(contradiction.mode, Mode::Empty);
        let two_customers = plan(
            &CHARGES,
            &[
                Predicate::compare("customer", CmpOp::Eq, text("a")),
                Predicate::compare("customer", CmpOp::Eq, text("b")),
            ],
        );
        assert_eq!(two_customers.mode, Mode::Empty);
    }

    #[test]
    fn ids_intersect_and_other_filters_are_checked_locally() {
        let p = plan(
            &CHARGES,
            &[
                Predicate::InList {
                    column: "id".into(),
                    values: vec![text("a"), text("b"), text("a"), text("c")],
                    negated: false,
                },
                Predicate::InList {
                    column: "id".into(),
                    values: vec![text("c"), text("a")],
                    negated: false,
                },
                Predicate::compare("customer", CmpOp::Eq, text("cus_1")),
                Predicate::compare("created", CmpOp::GtEq, Value::Timestamp(100 * S)),
            ],
        );
        assert_eq!(p.mode, Mode::Ids(vec!["a".into(), "c".into()]));
        assert!(p.matches(&json!({"id": "a", "customer": "cus_1", "created": 100})));
        assert!(p.matches(&json!({"id": "a", "customer": {"id": "cus_1"}, "created": 200})));
        assert!(!p.matches(&json!({"id": "a", "customer": "cus_2", "created": 200})));
        assert!(!p.matches(&json!({"id": "a", "customer": "cus_1", "created": 99})));
        assert!(!p.matches(&json!({"id": "a", "created": 200})));

        let disjoint = plan(
            &CHARGES,
            &[
                Predicate::compare("id", CmpOp::Eq, text("a")),
                Predicate::compare("id", CmpOp::Eq, text("b")),
            ],
        );
        assert_eq!(disjoint.mode, Mode::Empty);
        assert_eq!(
            plan(&CHARGES, &[Predicate::compare("id", CmpOp::Eq, text(""))]).mode,
            Mode::Empty
        );
    }

    #[test]
    fn booleans_are_sent_as_true_or_false_and_checked_as_booleans() {
        use crate::stripe::tables::products::PRODUCTS;
        let active = |value| Predicate::compare("active", CmpOp::Eq, value);
        assert_eq!(
            pushdown(&PRODUCTS, &active(Value::Bool(true))),
            Pushdown::Exact
        );
        assert_eq!(
            pushdown(&PRODUCTS, &active(text("true"))),
            Pushdown::Unsupported
        );
        assert_eq!(
            pushdown(
                &PRODUCTS,
                &Predicate::compare("active", CmpOp::NotEq, Value::Bool(true))
            ),
            Pushdown::Unsupported
        );
        let not_active = Predicate::Not(Box::new(active(Value::Bool(true))));
        assert_eq!(pushdown(&PRODUCTS, &not_active), Pushdown::Exact);
        assert_eq!(
            plan(&PRODUCTS, &[not_active]).params,
            pairs(&[("active", "false")])
        );
        let p = plan(&PRODUCTS, &[active(Value::Bool(false))]);
        assert_eq!(p.params, pairs(&[("active", "false")]));
        assert!(p.matches(&json!({"id": "prod_1", "active": false})));
        assert!(!p.matches(&json!({"id": "prod_1", "active": true})));
        assert!(!p.matches(&json!({"id": "prod_1"})));
    }

    #[test]
    fn subscriptions_list_every_status_unless_one_is_asked_for() {
        use crate::stripe::tables::subscriptions::SUBSCRIPTIONS;
        let status = |s| Predicate::compare("status", CmpOp::Eq, text(s));
        assert_eq!(
            plan(&SUBSCRIPTIONS, &[]).params,
            pairs(&[("status", "all")])
        );
        assert_eq!(
            plan(&SUBSCRIPTIONS, &[status("active")]).params,
            pairs(&[("status", "active")])
        );
        assert_eq!(
            plan(
                &SUBSCRIPTIONS,
                &[Predicate::compare("customer", CmpOp::Eq, text("cus_1"))]
            )
            .params,
            pairs(&[("customer", "cus_1"), ("status", "all")])
        );
        // `status=all` and `status=ended` name groups, not a status: filtered locally.
        for group in ["all", "ended"] {
            assert_eq!(
                pushdown(&SUBSCRIPTIONS, &status(group)),
                Pushdown::Unsupported
            );
        }
        assert_eq!(
            pushdown(
                &SUBSCRIPTIONS,
                &Predicate::compare("status", CmpOp::NotEq, text("active"))
            ),
            Pushdown::Unsupported
        );
    }

    #[test]
    fn wildcards_are_not_sent() {
        use crate::stripe::tables::events::EVENTS;
        let kind = |t| Predicate::compare("type", CmpOp::Eq, text(t));
        assert_eq!(
            pushdown(&EVENTS, &kind("charge.succeeded")),
            Pushdown::Exact
        );
        assert_eq!(pushdown(&EVENTS, &kind("charge.*")), Pushdown::Unsupported);
    }

    #[test]
    fn array_parameters_send_every_value_and_intersect() {
        use crate::stripe::tables::events::EVENTS;
        let kinds = |list: &[&str]| Predicate::InList {
            column: "type".into(),
            values: list.iter().map(|t| text(t)).collect(),
            negated: false,
        };
        let both = plan(&EVENTS, &[kinds(&["a.b", "c.d", "a.b"])]);
        assert_eq!(both.mode, Mode::List);
        assert_eq!(
            both.params,
            pairs(&[("types[]", "a.b"), ("types[]", "c.d")])
        );
        let one = plan(
            &EVENTS,
            &[
                kinds(&["a.b", "c.d"]),
                Predicate::compare("type", CmpOp::Eq, text("c.d")),
            ],
        );
        assert_eq!(one.params, pairs(&[("types[]", "c.d")]));
        assert!(one.matches(&json!({"type": "c.d"})));
        assert!(!one.matches(&json!({"type": "a.b"})));
        let none = plan(
            &EVENTS,
            &[
                kinds(&["a.b"]),
                Predicate::compare("type", CmpOp::Eq, text("x.y")),
            ],
        );
        assert_eq!(none.mode, Mode::Empty);
        // Stripe takes at most 20 types, and no wildcard inside a list.
        let many: Vec<String> = (0..21).map(|i| format!("t.{i}")).collect();
        let many: Vec<&str> = many.iter().map(String::as_str).collect();
        assert_eq!(pushdown(&EVENTS, &kinds(&many)), Pushdown::Unsupported);
        assert_eq!(pushdown(&EVENTS, &kinds(&many[..20])), Pushdown::Exact);
        assert_eq!(
            pushdown(&EVENTS, &kinds(&["a.b", "charge.*"])),
            Pushdown::Unsupported
        );
    }

    #[test]
    fn ranges_on_other_timestamps_use_their_own_parameter() {
        use crate::stripe::tables::payouts::PAYOUTS;
        let p = plan(
            &PAYOUTS,
            &[
                Predicate::compare("arrival_date", CmpOp::GtEq, Value::Timestamp(10 * S)),
                Predicate::compare("created", CmpOp::Lt, Value::Timestamp(20 * S)),
                Predicate::compare("status", CmpOp::Eq, text("paid")),
            ],
        );
        assert_eq!(
            p.params,
            pairs(&[
                ("status", "paid"),
                ("arrival_date[gte]", "10"),
                ("created[lt]", "20")
            ])
        );
    }

    #[test]
    fn parent_ids_choose_the_parents_and_intersect() {
        use crate::stripe::tables::invoice_line_items::INVOICE_LINE_ITEMS;
        use crate::stripe::tables::subscription_items::SUBSCRIPTION_ITEMS;
        let one = Predicate::compare("invoice_id", CmpOp::Eq, text("in_1"));
        let several = Predicate::InList {
            column: "invoice_id".into(),
            values: vec![text("in_2"), text("in_1"), text("in_2")],
            negated: false,
        };
        assert_eq!(pushdown(&INVOICE_LINE_ITEMS, &one), Pushdown::Exact);
        assert_eq!(pushdown(&INVOICE_LINE_ITEMS, &several), Pushdown::Exact);
        assert_eq!(
            pushdown(
                &INVOICE_LINE_ITEMS,
                &Predicate::compare("invoice_id", CmpOp::Gt, text("in_1"))
            ),
            Pushdown::Unsupported
        );
        // The line's own id has no get-by-id path without its invoice.
        assert_eq!(
            pushdown(
                &INVOICE_LINE_ITEMS,
                &Predicate::compare("id", CmpOp::Eq, text("il_1"))
            ),
            Pushdown::Unsupported
        );
        let ored = Predicate::Or(vec![
            Predicate::Or(vec![
                Predicate::compare("invoice_id", CmpOp::Eq, text("in_2")),
                Predicate::compare("invoice_id", CmpOp::Eq, text("in_1")),
            ]),
            Predicate::compare("invoice_id", CmpOp::Eq, text("in_3")),
        ]);
        assert_eq!(
            plan(&INVOICE_LINE_ITEMS, &[ored]).parents,
            Some(vec!["in_2".into(), "in_1".into(), "in_3".into()])
        );
        let mixed = Predicate::Or(vec![
            Predicate::compare("invoice_id", CmpOp::Eq, text("in_2")),
            Predicate::compare("id", CmpOp::Eq, text("il_1")),
        ]);
        assert_eq!(pushdown(&INVOICE_LINE_ITEMS, &mixed), Pushdown::Unsupported);
        let ids = Predicate::Or(vec![
            Predicate::compare("id", CmpOp::Eq, text("ch_1")),
            Predicate::compare("id", CmpOp::Eq, text("ch_2")),
        ]);
        assert_eq!(pushdown(&CHARGES, &ids), Pushdown::Exact);
        assert_eq!(
            plan(&CHARGES, &[ids]).mode,
            Mode::Ids(vec!["ch_1".into(), "ch_2".into()])
        );
        let p = plan(&INVOICE_LINE_ITEMS, std::slice::from_ref(&several));
        assert_eq!(p.mode, Mode::List);
        assert_eq!(p.parents, Some(vec!["in_2".into(), "in_1".into()]));
        assert!(p.params.is_empty());
        assert_eq!(
            plan(&INVOICE_LINE_ITEMS, &[several.clone(), one.clone()]).parents,
            Some(vec!["in_1".into()])
        );
        assert_eq!(
            plan(
                &INVOICE_LINE_ITEMS,
                &[
                    one,
                    Predicate::compare("invoice_id", CmpOp::Eq, text("in_2"))
                ]
            )
            .mode,
            Mode::Empty
        );
        assert_eq!(plan(&INVOICE_LINE_ITEMS, &[]).parents, None);
        // Items by id are checked against a parent filter on the object.
        let p = plan(
            &SUBSCRIPTION_ITEMS,
            &[
                Predicate::compare("id", CmpOp::Eq, text("si_1")),
                Predicate::compare("subscription_id", CmpOp::Eq, text("sub_1")),
            ],
        );
        assert_eq!(p.mode, Mode::Ids(vec!["si_1".into()]));
        assert!(p.matches(&json!({"id": "si_1", "subscription": "sub_1"})));
        assert!(!p.matches(&json!({"id": "si_1", "subscription": "sub_2"})));
    }

    #[test]
    fn values_outside_a_parameters_enumeration_are_not_sent() {
        use crate::stripe::tables::invoices::INVOICES;
        use crate::stripe::tables::prices::PRICES;
        let status = |s| Predicate::compare("status", CmpOp::Eq, text(s));
        assert_eq!(pushdown(&INVOICES, &status("paid")), Pushdown::Exact);
        assert_eq!(
            plan(&INVOICES, &[status("paid")]).params,
            pairs(&[("status", "paid")])
        );
        for outside in ["bogus", "Paid", "all"] {
            assert_eq!(pushdown(&INVOICES, &status(outside)), Pushdown::Unsupported);
            assert!(plan(&INVOICES, &[status(outside)]).params.is_empty());
        }
        let interval = |i| Predicate::compare("recurring_interval", CmpOp::Eq, text(i));
        assert_eq!(
            plan(&PRICES, &[interval("month")]).params,
            pairs(&[("recurring[interval]", "month")])
        );
        assert_eq!(
            pushdown(&PRICES, &interval("fortnight")),
            Pushdown::Unsupported
        );
    }

    #[test]
    fn an_array_parameter_takes_only_values_of_its_vocabulary() {
        static KINDS: Table = Table {
            name: "kinds",
            description: "",
            columns: &[Column::new("kind", ColumnKind::Code, "")
                .filtered_by(Filter::AnyOf("kinds", 5))
                .sent_as(&[("a", "A"), ("b", "B")])],
            endpoint: crate::table::Endpoint::new("/v1/kinds", None),
        };
        let kinds = |list: &[&str]| Predicate::InList {
            column: "kind".into(),
            values: list.iter().map(|k| text(k)).collect(),
            negated: false,
        };
        let p = plan(&KINDS, &[kinds(&["a", "b"])]);
        assert_eq!(p.params, pairs(&[("kinds[]", "A"), ("kinds[]", "B")]));
        // The object holds the column's word, not the parameter's.
        assert!(p.matches(&json!({"kind": "b"})));
        assert!(!p.matches(&json!({"kind": "B"})));
        assert_eq!(pushdown(&KINDS, &kinds(&["a", "c"])), Pushdown::Unsupported);
    }

    #[test]
    fn a_moved_field_is_checked_where_the_object_has_it() {
        use crate::stripe::tables::invoices::INVOICES;
        let p = plan(
            &INVOICES,
            &[
                Predicate::compare("id", CmpOp::Eq, text("in_1")),
                Predicate::compare("subscription", CmpOp::Eq, text("sub_1")),
            ],
        );
        let current =
            json!({"id": "in_1", "parent": {"subscription_details": {"subscription": "sub_1"}}});
        let old = json!({"id": "in_1", "subscription": "sub_1"});
        let other =
            json!({"id": "in_1", "parent": {"subscription_details": {"subscription": "sub_2"}}});
        assert!(p.matches(&current));
        assert!(p.matches(&old));
        assert!(!p.matches(&other));
    }

    #[test]
    fn null_tests_become_a_boolean_parameter() {
        use crate::stripe::tables::invoice_items::INVOICE_ITEMS;
        let pending = |negated| Predicate::IsNull {
            column: "invoice".into(),
            negated,
        };
        assert_eq!(pushdown(&INVOICE_ITEMS, &pending(false)), Pushdown::Exact);
        let p = plan(&INVOICE_ITEMS, &[pending(false)]);
        assert_eq!(p.params, pairs(&[("pending", "true")]));
        assert!(p.matches(&json!({"id": "ii_1", "invoice": null})));
        assert!(!p.matches(&json!({"id": "ii_1", "invoice": "in_1"})));
        assert_eq!(
            plan(&INVOICE_ITEMS, &[pending(true)]).params,
            pairs(&[("pending", "false")])
        );
        assert_eq!(
            plan(&INVOICE_ITEMS, &[pending(true), pending(false)]).mode,
            Mode::Empty
        );
        // Columns without the parameter keep IS NULL in the engine.
        let no_customer = Predicate::IsNull {
            column: "customer".into(),
            negated: false,
        };
        assert_eq!(
            pushdown(&INVOICE_ITEMS, &no_customer),
            Pushdown::Unsupported
        );
    }

    #[test]
    fn a_status_is_sent_in_the_words_of_its_parameter() {
        use crate::stripe::tables::subscription_schedules::SUBSCRIPTION_SCHEDULES;
        let status = |s| Predicate::compare("status", CmpOp::Eq, text(s));
        let p = plan(&SUBSCRIPTION_SCHEDULES, &[status("not_started")]);
        assert_eq!(p.params, pairs(&[("scheduled", "true")]));
        assert!(p.matches(&json!({"status": "not_started"})));
        assert!(!p.matches(&json!({"status": "active"})));
        assert_eq!(
            pushdown(&SUBSCRIPTION_SCHEDULES, &status("active")),
            Pushdown::Unsupported
        );
    }

    #[test]
    fn a_filter_only_column_is_filled_from_the_list_filter() {
        use crate::stripe::tables::balance_transactions::BALANCE_TRANSACTIONS;
        let payout = Predicate::compare("payout", CmpOp::Eq, text("po_1"));
        let p = plan(&BALANCE_TRANSACTIONS, std::slice::from_ref(&payout));
        assert_eq!(p.params, pairs(&[("payout", "po_1")]));
        assert!(p.only_listed());
        let row = [json!({"id": "txn_1"})];
        assert!(
            !p.matches(&row[0]),
            "an object alone cannot tell its payout"
        );
        let filled = p.fill(std::borrow::Cow::Borrowed(&row));
        assert_eq!(filled[0]["payout"], "po_1");
        assert!(p.matches(&filled[0]));
        assert!(!plan(&BALANCE_TRANSACTIONS, &[]).only_listed());
    }

    #[test]
    fn unsupported_conjuncts_send_nothing() {
        assert!(params(&[Predicate::compare("status", CmpOp::Eq, text("failed"))]).is_empty());
    }

    /// Meter event summaries take their window as `start_time`/`end_time`:
    /// bounds on the right side become those parameters, widened to whole
    /// seconds and answered Inexact; the tightest of several wins; the
    /// wrong side stays with the engine.
    #[test]
    fn window_bounds_are_plain_parameters_the_engine_rechecks() {
        use crate::stripe::tables::billing_meter_event_summaries::BILLING_METER_EVENT_SUMMARIES as SUMMARIES;
        let at =
            |column: &str, op: CmpOp, us: i64| Predicate::compare(column, op, Value::Timestamp(us));
        let t = 1_719_700_000 * S;
        assert_eq!(
            pushdown(&SUMMARIES, &at("start_time", CmpOp::GtEq, t)),
            Pushdown::Inexact
        );
        assert_eq!(
            pushdown(&SUMMARIES, &at("end_time", CmpOp::Lt, t)),
            Pushdown::Inexact
        );
        assert_eq!(
            pushdown(&SUMMARIES, &at("start_time", CmpOp::LtEq, t)),
            Pushdown::Unsupported
        );
        assert_eq!(
            pushdown(&SUMMARIES, &at("end_time", CmpOp::Gt, t)),
            Pushdown::Unsupported
        );
        let plan = plan(
            &SUMMARIES,
            &[
                Predicate::compare("customer", CmpOp::Eq, text("cus_1")),
                at("start_time", CmpOp::Gt, t - 3_600 * S),
                at("start_time", CmpOp::GtEq, t + S / 2),
                at("end_time", CmpOp::LtEq, t + 7_200 * S + S / 2),
                at("end_time", CmpOp::Eq, t + 9_000 * S),
            ],
        );
        assert_eq!(plan.mode, Mode::List);
        assert_eq!(
            plan.params,
            pairs(&[
                ("customer", "cus_1"),
                ("end_time", "1719707201"),
                ("start_time", "1719700000"),
            ])
        );
        assert_eq!(plan.column_of("end_time").as_deref(), Some("end_time"));
    }

    /// Summaries do not repeat the customer they were listed for: rows get
    /// the filter's value, and only where the field is missing.
    #[test]
    fn equality_values_fill_fields_the_api_leaves_out() {
        use crate::stripe::tables::billing_meter_event_summaries::BILLING_METER_EVENT_SUMMARIES as SUMMARIES;
        let plan = plan(
            &SUMMARIES,
            &[Predicate::compare("customer", CmpOp::Eq, text("cus_1"))],
        );
        let rows = [json!({"id": "a"}), json!({"id": "b", "customer": "cus_1"})];
        let filled = plan.fill(std::borrow::Cow::Borrowed(&rows));
        assert_eq!(filled[0], json!({"id": "a", "customer": "cus_1"}));
        assert_eq!(filled[1], rows[1]);
        let complete = [json!({"id": "c", "customer": "cus_1"})];
        assert!(matches!(
            plan.fill(std::borrow::Cow::Borrowed(&complete)),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    /// A required column must be named by a conjunct the provider took;
    /// the error says which filters to add.
    #[test]
    fn a_missing_required_filter_names_what_to_add() {
        use crate::stripe::tables::billing_meter_event_summaries::BILLING_METER_EVENT_SUMMARIES as SUMMARIES;
        use crate::stripe::tables::tax_transactions::TAX_TRANSACTIONS;
        let customer = Predicate::compare("customer", CmpOp::Eq, text("cus_1"));
        let error = SUMMARIES
            .check_required(std::slice::from_ref(&customer))
            .unwrap_err();
        assert!(matches!(error, crate::Error::MissingFilter(_)));
        assert_eq!(
            error.to_string(),
            "table billing_meter_event_summaries cannot be read without a filter the API \
             requires: add WHERE start_time >= ... AND end_time <= ..."
        );
        let window = [
            customer,
            Predicate::compare("start_time", CmpOp::GtEq, Value::Timestamp(0)),
            Predicate::compare("end_time", CmpOp::LtEq, Value::Timestamp(0)),
        ];
        assert!(SUMMARIES.check_required(&window).is_ok());
        assert_eq!(
            TAX_TRANSACTIONS
                .check_required(&[])
                .unwrap_err()
                .to_string(),
            "table tax_transactions cannot be read without a filter the API requires: add \
             WHERE id = '...'"
        );
        let ids = Predicate::Or(vec![
            Predicate::compare("id", CmpOp::Eq, text("tax_1")),
            Predicate::compare("id", CmpOp::Eq, text("tax_2")),
        ]);
        assert!(TAX_TRANSACTIONS.check_required(&[ids]).is_ok());
        assert!(CHARGES.check_required(&[]).is_ok());
    }
}
