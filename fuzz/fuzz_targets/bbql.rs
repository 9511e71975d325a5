//! The Bitbucket encoder: every string in a BBQL query is closed and decodes
//! to a value the filters carried (so no value can end its literal and add
//! a clause), the rest of the query is field names, operators and numbers,
//! and plain parameters carry the filters' own values, in the words of the
//! column's vocabulary.
#![no_main]

use apiodbc_fuzz::predicates::{FuzzPredicate, bind};
use apiodbc_fuzz::text::quoted_strings;
use apiodbc_providers::Pushdown;
use apiodbc_providers::bitbucket::{LISTINGS, bbql};
use apiodbc_providers::table::{ColumnKind, Filter};
use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;

#[derive(Debug, Arbitrary)]
struct Input {
    table: u8,
    filters: Vec<FuzzPredicate>,
    raw: String,
}

fuzz_target!(|input: Input| {
    let (outside, decoded) = quoted_strings(&bbql::string(&input.raw)).expect("a closed string");
    assert_eq!((outside.as_str(), &decoded[..]), ("\"", &[input.raw][..]));

    let table = &LISTINGS[usize::from(input.table) % LISTINGS.len()].table;
    let bound = bind(table, &input.filters);
    let answers: Vec<Pushdown> = bound
        .predicates
        .iter()
        .map(|p| bbql::pushdown(table, p))
        .collect();
    let plan = bbql::plan(table, &bound.predicates);

    if let Some(q) = &plan.q {
        let (outside, strings) =
            quoted_strings(q).unwrap_or_else(|| panic!("open string in {q:?}"));
        for s in &strings {
            assert!(bound.texts.contains(s), "{s:?} is no filter's value: {q:?}");
        }
        assert!(
            outside
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || " _.-:+()=!<>~,\"".contains(c)),
            "{q:?}"
        );
        let mut depth = 0i32;
        for c in outside.chars() {
            depth += match c {
                '(' => 1,
                ')' => -1,
                _ => 0,
            };
            assert!(depth >= 0, "{q:?}");
        }
        assert_eq!(depth, 0, "{q:?}");
    }
    for (key, value) in &plan.params {
        let column = table
            .columns
            .iter()
            .find(|c| matches!(c.filter, Filter::Equals(k) if k == key))
            .unwrap_or_else(|| panic!("{key:?} is no parameter of {}", table.name));
        // A filter's own value in the words of the column's vocabulary, or a
        // flag's `true`/`false`.
        let sent = bound
            .texts
            .iter()
            .any(|t| column.vocabulary.translate(t) == Some(value.as_str()))
            || (column.kind == ColumnKind::Bool && ["true", "false"].contains(&value.as_str()));
        assert!(sent, "{key}={value:?}");
    }
    if answers.iter().all(|a| *a == Pushdown::Unsupported) {
        assert_eq!(plan, bbql::Plan::default(), "{:?}", bound.predicates);
    }
});
