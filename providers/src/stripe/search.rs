//! The opt-in Stripe Search API (`UseSearchAPI=true`): on the seven
//! searchable resources, WHERE conjuncts the list endpoint cannot express
//! (`status` on charges, `amount > n`, `email`, `name LIKE 'abc%'`,
//! `metadata['key'] = 'v'`, ...) go to
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

use crate::table::{CmpOp, Predicate, Pushdown, Table, Value};

use super::pushdown::{Mode, Plan, Term};

/// How a search field compares.
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
}

/// One searchable resource: the table, its search path, and its query
/// fields as `(column, search field, kind)`, from Stripe's search reference.
struct Searchable {
    table: &'static str,
    path: &'static str,
    fields: &'static [(&'static str, &'static str, Kind)],
}

use Kind::{Bool, Number, Text, Time, Token};

static SEARCHABLE: &[Searchable] = &[
    Searchable {
        table: "charges",
        path: "/v1/charges/search",
        fields: &[
            ("amount", "amount", Number),
            ("created", "created", Time),
            ("currency", "currency", Token),
            ("customer", "customer", Token),
            ("disputed", "disputed", Bool),
            (
                "payment_method_details_card_last4",
                "payment_method_details.card.last4",
                Token,
            ),
            ("refunded", "refunded", Bool),
            ("status", "status", Token),
        ],
    },
    Searchable {
        table: "customers",
        path: "/v1/customers/search",
        fields: &[
            ("created", "created", Time),
            ("email", "email", Text),
            ("name", "name", Text),
            ("phone", "phone", Text),
        ],
    },
    Searchable {
        table: "invoices",
        path: "/v1/invoices/search",
        fields: &[
            ("created", "created", Time),
            ("currency", "currency", Token),
            ("customer", "customer", Token),
            ("number", "number", Token),
            ("receipt_number", "receipt_number", Token),
            ("status", "status", Token),
            ("subscription", "subscription", Token),
            ("total", "total", Number),
        ],
    },
    Searchable {
        table: "payment_intents",
        path: "/v1/payment_intents/search",
        fields: &[
            ("amount", "amount", Number),
            ("created", "created", Time),
            ("currency", "currency", Token),
            ("customer", "customer", Token),
            ("status", "status", Token),
        ],
    },
    Searchable {
        table: "prices",
        path: "/v1/prices/search",
        fields: &[
            ("active", "active", Bool),
            ("currency", "currency", Token),
            ("lookup_key", "lookup_key", Token),
            ("product", "product", Token),
            ("type", "type", Token),
        ],
    },
    Searchable {
        table: "products",
        path: "/v1/products/search",
        fields: &[
            ("active", "active", Bool),
            ("description", "description", Text),
            ("name", "name", Text),
            ("shippable", "shippable", Bool),
            ("url", "url", Token),
        ],
    },
    Searchable {
        table: "subscriptions",
        path: "/v1/subscriptions/search",
        fields: &[("created", "created", Time), ("status", "status", Token)],
    },
];

/// Stripe accepts at most this many clauses in one query; further conjuncts
/// are left to the local checks.
const MAX_CLAUSES: usize = 10;
/// `~` needs at least this many characters.
const MIN_SUBSTRING: usize = 3;

fn searchable(table: &Table) -> Option<&'static Searchable> {
    SEARCHABLE.iter().find(|s| s.table == table.name)
}

fn field(resource: &Searchable, column: &str) -> Option<(&'static str, Kind)> {
    resource
        .fields
        .iter()
        .find(|(c, _, _)| *c == column)
        .map(|&(_, f, k)| (f, k))
}

/// The answer for a conjunct the list endpoint cannot express.
pub fn pushdown(table: &Table, predicate: &Predicate) -> Pushdown {
    match searchable(table).and_then(|r| clause(r, predicate)) {
        Some(_) => Pushdown::Inexact,
        None => Pushdown::Unsupported,
    }
}

/// Switches a list plan to the Search API when some conjunct only search
/// can express; otherwise leaves the plan alone (get-by-id and plain lists
/// are cheaper and never lag).
pub fn choose(table: &'static Table, filters: &[Predicate], plan: &mut Plan) {
    let Some(resource) = searchable(table) else {
        return;
    };
    if plan.mode != Mode::List {
        return;
    }
    let only_search: Vec<(String, &'static str)> = filters
        .iter()
        .filter(|p| super::pushdown::pushdown(table, p) == Pushdown::Unsupported)
        .filter_map(|p| clause(resource, p))
        .collect();
    if only_search.is_empty() {
        return;
    }
    let restated = plan.terms().into_iter().flat_map(|t| restate(resource, &t));
    let mut clauses: Vec<(String, &'static str)> = Vec::new();
    for (text, column) in only_search.into_iter().chain(restated) {
        if clauses.len() < MAX_CLAUSES && !clauses.iter().any(|(t, _)| *t == text) {
            clauses.push((text, column));
        }
    }
    let mut columns: Vec<&'static str> = clauses.iter().map(|(_, c)| *c).collect();
    columns.dedup();
    plan.mode = Mode::Search {
        path: resource.path,
        query: clauses
            .into_iter()
            .map(|(t, _)| t)
            .collect::<Vec<_>>()
            .join(" AND "),
        columns,
    };
}

/// A list conjunct as search clauses, when the resource can search its column.
fn restate(resource: &Searchable, term: &Term<'_>) -> Vec<(String, &'static str)> {
    match term {
        Term::Equals { column, value } => match field(resource, column.name) {
            Some((f, Kind::Number)) if value.parse::<i64>().is_ok() => {
                vec![(format!("{f}:{value}"), column.name)]
            }
            Some((f, _)) => vec![(format!("{f}:{}", quote(value)), column.name)],
            None => Vec::new(),
        },
        Term::Range {
            column,
            lower,
            upper,
        } => match field(resource, column.name) {
            Some((f, Kind::Number | Kind::Time)) => lower
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
fn clause(resource: &Searchable, predicate: &Predicate) -> Option<(String, &'static str)> {
    match predicate {
        Predicate::Compare { column, op, value } => {
            let &(name, f, kind) = resource.fields.iter().find(|(c, _, _)| c == column)?;
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
            let &(name, f, kind) = resource.fields.iter().find(|(c, _, _)| c == column)?;
            let prefix = pattern.strip_suffix('%')?;
            let plain = !prefix.contains(['%', '_', '\\']);
            (kind == Kind::Text && plain && prefix.chars().count() >= MIN_SUBSTRING)
                .then(|| (format!("{f}~{}", quote(prefix)), name))
        }
        // Every searchable resource searches its metadata by key.
        Predicate::KeyEquals { column, key, value }
            if column == "metadata" && !value.is_empty() =>
        {
            Some((
                format!("metadata[{}]:{}", quote(key), quote(value)),
                "metadata",
            ))
        }
        Predicate::Not(inner) => match inner.as_ref() {
            Predicate::Compare {
                column,
                op: CmpOp::Eq,
                value: Value::Bool(b),
            } => clause(
                resource,
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
    use crate::stripe::pushdown::plan;
    use crate::stripe::{TABLES, charges::CHARGES, customers::CUSTOMERS};
    use crate::table::ColumnKind;

    /// Which column kinds a search field of each kind needs.
    fn fits(kind: Kind, column: ColumnKind) -> bool {
        match kind {
            Kind::Token | Kind::Text => {
                matches!(
                    column,
                    ColumnKind::Id | ColumnKind::Code | ColumnKind::Text | ColumnKind::LongText
                )
            }
            Kind::Number => column == ColumnKind::Integer,
            Kind::Time => column == ColumnKind::Timestamp,
            Kind::Bool => column == ColumnKind::Bool,
        }
    }

    fn text(s: &str) -> Value {
        Value::Text(s.into())
    }

    fn searched(table: &'static Table, filters: &[Predicate]) -> Mode {
        let mut p = plan(table, filters);
        choose(table, filters, &mut p);
        p.mode
    }

    #[test]
    fn every_search_field_is_a_column_of_a_fitting_type() {
        for resource in SEARCHABLE {
            let table = TABLES
                .iter()
                .find(|t| t.name == resource.table)
                .unwrap_or_else(|| panic!("no table {}", resource.table));
            assert!(resource.path.starts_with(table.endpoint.list));
            for (column, _, kind) in resource.fields {
                let c = table
                    .column(column)
                    .unwrap_or_else(|| panic!("{}.{column}", table.name));
                assert!(fits(*kind, c.kind), "{}.{column}", table.name);
            }
        }
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
