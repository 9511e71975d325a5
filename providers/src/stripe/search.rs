//! The opt-in Stripe Search API (`UseSearchAPI=true`): on the tables with a
//! search path ([`crate::table::Endpoint::search`]), WHERE conjuncts the
//! list endpoint cannot express (`status` on charges, `amount > n`, `email`,
//! `name LIKE 'abc%'`, `metadata['key'] = 'v'`, ...) go to
//! `GET /v1/<resource>/search?query=...` instead of being filtered locally
//! after reading every object. Off by default: search results can lag writes
//! by a minute or more, and the search rate limit is lower.
//!
//! The query joins `field:"value"`, `field>n`, `field~"prefix"` clauses with
//! `AND`. Every string value is quoted with `\` escaping `"` and `\`, so no
//! value can end its clause and add another.
//!
//! Conjuncts answered here are `Inexact` (text matching in search is not
//! SQL's `=`, and `~` matches substrings, not prefixes): the engine re-checks
//! them. Conjuncts the list endpoint answered `Exact` are restated in the
//! query when the resource can search them and are checked on every object
//! found either way ([`super::pushdown::Plan::matches`]).
//!
//! Which columns a table searches, and how, its file declares
//! ([`crate::table::Column::searched`]), from Stripe's search reference.

use crate::table::{CmpOp, ColumnKind, Predicate, Pushdown, Search, Table, Value};

use super::pushdown::{Mode, Plan, Term};

/// How a search field compares, from its column's kind and [`Search`] mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Exact match only: ids, enumerations, codes (`status:"succeeded"`).
    Token,
    /// Exact match, and substring match `~` for `LIKE 'abc%'`.
    Text,
    /// Numbers: `:` and the comparisons `> >= < <=`.
    Number,
    /// Unix seconds on a timestamp column; compared like numbers.
    Time,
    /// `true`/`false`, matched as a token.
    Bool,
    /// `metadata["key"]:"value"` on a JSON object column.
    Keys,
}

/// Stripe accepts at most this many clauses in one query; further conjuncts
/// are left to the local checks.
const MAX_CLAUSES: usize = 10;
/// `~` needs at least this many characters.
const MIN_SUBSTRING: usize = 3;

/// A searched column's search field ([`crate::table::Column::search_field`]) and how it compares;
/// `None` when the table has no search path or does not search the column.
fn field(table: &'static Table, column: &str) -> Option<(&'static str, &'static str, Kind)> {
    table.endpoint.search?;
    let column = table.column(column)?;
    let kind = match (column.search, column.kind) {
        (Search::None, _) => return None,
        (_, ColumnKind::Json) => Kind::Keys,
        (_, ColumnKind::Integer | ColumnKind::Float) => Kind::Number,
        (_, ColumnKind::Timestamp) => Kind::Time,
        (_, ColumnKind::Bool) => Kind::Bool,
        (Search::Substring, _) => Kind::Text,
        (Search::Exact, _) => Kind::Token,
    };
    Some((column.name, column.search_field(), kind))
}

/// The answer for a conjunct the list endpoint cannot express.
pub fn pushdown(table: &'static Table, predicate: &Predicate) -> Pushdown {
    match clause(table, predicate) {
        Some(_) => Pushdown::Inexact,
        None => Pushdown::Unsupported,
    }
}

/// Switches a list plan to the Search API when some conjunct only search
/// can express; otherwise leaves the plan alone (get-by-id and plain lists
/// are cheaper and never lag).
pub fn choose(table: &'static Table, filters: &[Predicate], plan: &mut Plan) {
    let Some(path) = table.endpoint.search else {
        return;
    };
    // Search results cannot be checked against a filter only the list applies.
    if plan.mode != Mode::List || plan.only_listed() {
        return;
    }
    let only_search: Vec<(String, &'static str)> = filters
        .iter()
        .filter(|p| super::pushdown::pushdown(table, p) == Pushdown::Unsupported)
        .filter_map(|p| clause(table, p))
        .collect();
    if only_search.is_empty() {
        return;
    }
    let restated = plan.terms().into_iter().flat_map(|t| restate(table, &t));
    let mut clauses: Vec<(String, &'static str)> = Vec::new();
    for (text, column) in only_search.into_iter().chain(restated) {
        if clauses.len() < MAX_CLAUSES && !clauses.iter().any(|(t, _)| *t == text) {
            clauses.push((text, column));
        }
    }
    let mut columns: Vec<&'static str> = clauses.iter().map(|(_, c)| *c).collect();
    columns.dedup();
    plan.mode = Mode::Search {
        path,
        query: clauses
            .into_iter()
            .map(|(t, _)| t)
            .collect::<Vec<_>>()
            .join(" AND "),
        columns,
    };
}

/// A list conjunct as search clauses, when the resource can search its column.
fn restate(table: &'static Table, term: &Term<'_>) -> Vec<(String, &'static str)> {
    match term {
        Term::Equals { column, value } => match field(table, column.name) {
            Some((_, f, Kind::Number)) if value.parse::<i64>().is_ok() => {
                vec![(format!("{f}:{value}"), column.name)]
            }
            Some((_, f, _)) => vec![(format!("{f}:{}", quote(value)), column.name)],
            None => Vec::new(),
        },
        Term::Range {
            column,
            lower,
            upper,
        } => match field(table, column.name) {
            Some((_, f, Kind::Number | Kind::Time)) => lower
                .map(|l| format!("{f}>={l}"))
                .into_iter()
                .chain(upper.map(|u| format!("{f}<={u}")))
                .map(|c| (c, column.name))
                .collect(),
            _ => Vec::new(),
        },
    }
}

/// One conjunct as a search clause, and the column it filters.
fn clause(table: &'static Table, predicate: &Predicate) -> Option<(String, &'static str)> {
    match predicate {
        Predicate::Compare { column, op, value } => {
            let (name, f, kind) = field(table, column)?;
            let text = match (kind, op, value) {
                (Kind::Token | Kind::Text, CmpOp::Eq, Value::Text(v)) if !v.is_empty() => {
                    format!("{f}:{}", quote(v))
                }
                (Kind::Bool, CmpOp::Eq, Value::Bool(b)) => format!("{f}:\"{b}\""),
                (Kind::Number, op, Value::Int(n)) => format!("{f}{}{n}", operator(*op)?),
                _ => return None,
            };
            Some((text, name))
        }
        Predicate::Like {
            column,
            pattern,
            negated: false,
            ..
        } => {
            let (name, f, kind) = field(table, column)?;
            let prefix = pattern.strip_suffix('%')?;
            let plain = !prefix.contains(['%', '_', '\\']);
            (kind == Kind::Text && plain && prefix.chars().count() >= MIN_SUBSTRING)
                .then(|| (format!("{f}~{}", quote(prefix)), name))
        }
        Predicate::KeyEquals { column, key, value } if !value.is_empty() => {
            let (name, f, kind) = field(table, column)?;
            (kind == Kind::Keys).then(|| (format!("{f}[{}]:{}", quote(key), quote(value)), name))
        }
        Predicate::Not(inner) => match inner.as_ref() {
            Predicate::Compare {
                column,
                op: CmpOp::Eq,
                value: Value::Bool(b),
            } => clause(
                table,
                &Predicate::Compare {
                    column: column.clone(),
                    op: CmpOp::Eq,
                    value: Value::Bool(!b),
                },
            ),
            _ => None,
        },
        _ => None,
    }
}

fn operator(op: CmpOp) -> Option<&'static str> {
    Some(match op {
        CmpOp::Eq => ":",
        CmpOp::Gt => ">",
        CmpOp::GtEq => ">=",
        CmpOp::Lt => "<",
        CmpOp::LtEq => "<=",
        CmpOp::NotEq => return None,
    })
}

/// A string value of the query language: double-quoted, with `\` and `"`
/// escaped, so the value stays one value whatever it contains.
fn quote(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        if matches!(c, '"' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stripe::TABLES;
    use crate::stripe::pushdown::plan;
    use crate::stripe::tables::{charges::CHARGES, customers::CUSTOMERS};
    use crate::table::ColumnKind;

    fn text(s: &str) -> Value {
        Value::Text(s.into())
    }

    fn searched(table: &'static Table, filters: &[Predicate]) -> Mode {
        let mut p = plan(table, filters);
        choose(table, filters, &mut p);
        p.mode
    }

    #[test]
    fn searched_columns_belong_to_searchable_tables_and_substrings_to_text() {
        let mut searchable = 0;
        for table in TABLES {
            let searched: Vec<_> = table
                .columns
                .iter()
                .filter(|c| c.search != Search::None)
                .collect();
            match table.endpoint.search {
                Some(path) => {
                    searchable += 1;
                    assert_eq!(path, format!("{}/search", table.endpoint.list));
                    assert!(!searched.is_empty(), "{} searches nothing", table.name);
                }
                None => assert!(searched.is_empty(), "{} has no search path", table.name),
            }
            for column in searched {
                assert!(
                    column.search == Search::Exact
                        || matches!(column.kind, ColumnKind::Text | ColumnKind::LongText),
                    "{}.{}",
                    table.name,
                    column.name
                );
            }
        }
        assert_eq!(searchable, 7, "Stripe searches seven resources");
    }

    #[test]
    fn search_only_conjuncts_switch_to_search_with_list_filters_restated() {
        let mode = searched(
            &CHARGES,
            &[
                Predicate::compare("status", CmpOp::Eq, text("succeeded")),
                Predicate::compare("amount", CmpOp::Gt, Value::Int(1000)),
                Predicate::compare("customer", CmpOp::Eq, text("cus_1")),
                Predicate::compare("created", CmpOp::GtEq, Value::Timestamp(10_000_000)),
            ],
        );
        assert_eq!(
            mode,
            Mode::Search {
                path: "/v1/charges/search",
                query: r#"status:"succeeded" AND amount>1000 AND customer:"cus_1" AND created>=10"#
                    .into(),
                columns: vec!["status", "amount", "customer", "created"],
            }
        );
        assert_eq!(
            pushdown(
                &CHARGES,
                &Predicate::compare("status", CmpOp::Eq, text("failed"))
            ),
            Pushdown::Inexact
        );
    }

    #[test]
    fn list_only_and_id_plans_stay_as_they_are() {
        assert_eq!(
            searched(
                &CHARGES,
                &[Predicate::compare("customer", CmpOp::Eq, text("cus_1"))]
            ),
            Mode::List
        );
        assert!(matches!(
            searched(
                &CHARGES,
                &[
                    Predicate::compare("id", CmpOp::Eq, text("ch_1")),
                    Predicate::compare("status", CmpOp::Eq, text("failed"))
                ]
            ),
            Mode::Ids(_)
        ));
        // Not a searchable resource, or not a search field.
        assert_eq!(
            pushdown(
                &CHARGES,
                &Predicate::compare("description", CmpOp::Eq, text("x"))
            ),
            Pushdown::Unsupported
        );
        assert_eq!(
            pushdown(
                &CHARGES,
                &Predicate::compare("amount", CmpOp::NotEq, Value::Int(1))
            ),
            Pushdown::Unsupported
        );
    }

    #[test]
    fn values_are_quoted_so_they_cannot_change_the_query() {
        let mode = searched(
            &CUSTOMERS,
            &[Predicate::compare(
                "name",
                CmpOp::Eq,
                text(r#"x" OR email:"a\"#),
            )],
        );
        let Mode::Search { query, .. } = mode else {
            panic!("{mode:?}")
        };
        assert_eq!(query, r#"name:"x\" OR email:\"a\\""#);
    }

    #[test]
    fn metadata_keys_are_searched_with_key_and_value_quoted() {
        let key = |k: &str, v: &str| Predicate::KeyEquals {
            column: "metadata".into(),
            key: k.into(),
            value: v.into(),
        };
        let Mode::Search { query, columns, .. } =
            searched(&CUSTOMERS, &[key("order_id", "6123"), key(r#"a"b"#, "x")])
        else {
            panic!()
        };
        assert_eq!(
            query,
            r#"metadata["order_id"]:"6123" AND metadata["a\"b"]:"x""#
        );
        assert_eq!(columns, ["metadata"]);
        assert_eq!(pushdown(&CHARGES, &key("k", "v")), Pushdown::Inexact);
        assert_eq!(pushdown(&CHARGES, &key("k", "")), Pushdown::Unsupported);
        let other = Predicate::KeyEquals {
            column: "shipping".into(),
            key: "k".into(),
            value: "v".into(),
        };
        assert_eq!(pushdown(&CHARGES, &other), Pushdown::Unsupported);
    }

    #[test]
    fn like_prefix_is_a_substring_search_on_text_fields() {
        let like = |column: &str, pattern: &str| Predicate::Like {
            column: column.into(),
            pattern: pattern.into(),
            negated: false,
            case_insensitive: false,
        };
        let Mode::Search { query, .. } = searched(&CUSTOMERS, &[like("name", "Jen%")]) else {
            panic!()
        };
        assert_eq!(query, r#"name~"Jen""#);
        for unsupported in [
            like("name", "Je%"),
            like("name", "J_n%"),
            like("name", "%Jen"),
        ] {
            assert_eq!(pushdown(&CUSTOMERS, &unsupported), Pushdown::Unsupported);
        }
        assert_eq!(
            pushdown(&CHARGES, &like("status", "succ%")),
            Pushdown::Unsupported
        );
    }
}
