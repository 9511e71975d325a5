//! WHERE conjuncts for the encoder targets, built by `arbitrary` and bound
//! to the columns of a real table so most of them reach the encoders.

use std::collections::BTreeSet;

use apiodbc_providers::table::{CmpOp, Predicate, Table, Value};
use arbitrary::Arbitrary;

/// Deeper nesting adds nothing the encoders treat differently.
const MAX_DEPTH: usize = 6;

/// Strings the encoders treat specially, so the fuzzer need not find them.
const INTERESTING: &[&str] = &[
    "",
    "\"",
    "\\",
    "\\\"",
    "%",
    "%%",
    "%abc%",
    "abc%",
    "a_c%",
    "*",
    "charge.*",
    "all",
    "ended",
    "open",
    "true",
    "x\" OR state = \"y",
    "x\\\" OR id != \"",
    "ch_1",
    "cus_1",
    "2024-01-01T00:00:00Z",
    "2024-01-01T00:00:00.5+02:00",
    "-1",
    "9223372036854775807",
    "a&b=c#d e+f",
    "é\u{0}\u{ffff}",
];

#[derive(Debug, Arbitrary)]
pub enum FuzzText {
    Pick(u8),
    Raw(String),
}

impl FuzzText {
    fn text(&self) -> String {
        match self {
            FuzzText::Pick(i) => INTERESTING[usize::from(*i) % INTERESTING.len()].to_string(),
            FuzzText::Raw(s) => s.clone(),
        }
    }
}

#[derive(Debug, Arbitrary)]
pub enum FuzzColumn {
    /// One of the table's columns.
    Of(u8),
    /// Any name, usually none of the table's.
    Named(String),
}

#[derive(Debug, Arbitrary)]
pub enum FuzzValue {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Text(FuzzText),
    Timestamp(i64),
    Date(i32),
}

#[derive(Debug, Arbitrary)]
pub enum FuzzPredicate {
    Compare {
        column: FuzzColumn,
        op: u8,
        value: FuzzValue,
    },
    InList {
        column: FuzzColumn,
        values: Vec<FuzzValue>,
        negated: bool,
    },
    IsNull {
        column: FuzzColumn,
        negated: bool,
    },
    Like {
        column: FuzzColumn,
        pattern: FuzzText,
        negated: bool,
        case_insensitive: bool,
    },
    KeyEquals {
        column: FuzzColumn,
        key: FuzzText,
        value: FuzzText,
    },
    And(Vec<FuzzPredicate>),
    Or(Vec<FuzzPredicate>),
    Not(Box<FuzzPredicate>),
}

/// Predicates on one table, and every text they carry (what an encoded
/// string literal may decode to).
pub struct Bound {
    pub predicates: Vec<Predicate>,
    pub texts: BTreeSet<String>,
}

/// Binds fuzzed conjuncts to `table`.
pub fn bind(table: &Table, conjuncts: &[FuzzPredicate]) -> Bound {
    let mut texts = BTreeSet::new();
    let predicates = conjuncts
        .iter()
        .map(|p| predicate(table, p, 0, &mut texts))
        .collect();
    Bound { predicates, texts }
}

fn column(table: &Table, c: &FuzzColumn) -> String {
    match c {
        FuzzColumn::Of(i) if !table.columns.is_empty() => table.columns
            [usize::from(*i) % table.columns.len()]
        .name
        .to_string(),
        FuzzColumn::Of(_) => String::new(),
        FuzzColumn::Named(name) => name.clone(),
    }
}

fn text(t: &FuzzText, texts: &mut BTreeSet<String>) -> String {
    let s = t.text();
    // A LIKE pattern reaches a query without its leading or trailing `%`.
    let inner = s.strip_prefix('%').unwrap_or(&s);
    for piece in [&s[..], inner] {
        texts.insert(piece.to_string());
        if let Some(p) = piece.strip_suffix('%') {
            texts.insert(p.to_string());
        }
    }
    s
}

fn value(v: &FuzzValue, texts: &mut BTreeSet<String>) -> Value {
    match v {
        FuzzValue::Null => Value::Null,
        FuzzValue::Bool(b) => Value::Bool(*b),
        // Ids and parent keys take numbers as their text (`keys_of`).
        FuzzValue::Int(i) => {
            texts.insert(i.to_string());
            Value::Int(*i)
        }
        FuzzValue::Float(f) => Value::Float(*f),
        FuzzValue::Text(t) => Value::Text(text(t, texts)),
        FuzzValue::Timestamp(us) => Value::Timestamp(*us),
        FuzzValue::Date(days) => Value::Date(*days),
    }
}

fn predicate(
    table: &Table,
    p: &FuzzPredicate,
    depth: usize,
    texts: &mut BTreeSet<String>,
) -> Predicate {
    let nested = |parts: &[FuzzPredicate], texts: &mut BTreeSet<String>| -> Vec<Predicate> {
        if depth >= MAX_DEPTH {
            return Vec::new();
        }
        parts
            .iter()
            .map(|q| predicate(table, q, depth + 1, texts))
            .collect()
    };
    match p {
        FuzzPredicate::Compare {
            column: c,
            op,
            value: v,
        } => Predicate::Compare {
            column: column(table, c),
            op: [
                CmpOp::Eq,
                CmpOp::NotEq,
                CmpOp::Lt,
                CmpOp::LtEq,
                CmpOp::Gt,
                CmpOp::GtEq,
            ][usize::from(*op) % 6],
            value: value(v, texts),
        },
        FuzzPredicate::InList {
            column: c,
            values,
            negated,
        } => Predicate::InList {
            column: column(table, c),
            values: values.iter().map(|v| value(v, texts)).collect(),
            negated: *negated,
        },
        FuzzPredicate::IsNull { column: c, negated } => Predicate::IsNull {
            column: column(table, c),
            negated: *negated,
        },
        FuzzPredicate::Like {
            column: c,
            pattern,
            negated,
            case_insensitive,
        } => Predicate::Like {
            column: column(table, c),
            pattern: text(pattern, texts),
            negated: *negated,
            case_insensitive: *case_insensitive,
        },
        FuzzPredicate::KeyEquals {
            column: c,
            key,
            value: v,
        } => Predicate::KeyEquals {
            column: column(table, c),
            key: text(key, texts),
            value: text(v, texts),
        },
        FuzzPredicate::And(parts) => Predicate::And(nested(parts, texts)),
        FuzzPredicate::Or(parts) => Predicate::Or(nested(parts, texts)),
        FuzzPredicate::Not(inner) => match nested(std::slice::from_ref(inner), texts).pop() {
            Some(q) => Predicate::Not(Box::new(q)),
            None => Predicate::IsNull {
                column: String::new(),
                negated: true,
            },
        },
    }
}
