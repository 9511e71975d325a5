//! The Stripe list and search encoders: request parameters have well-formed
//! keys (`name`, `name[]`, `name[gte]`) that form-encode and decode
//! unchanged, values come from the filters, ranges are whole numbers, and a
//! search query's strings are closed and decode to the filters' values.
#![no_main]

use apiodbc_fuzz::predicates::{FuzzPredicate, bind};
use apiodbc_fuzz::text::quoted_strings;
use apiodbc_providers::Pushdown;
use apiodbc_providers::stripe::{TABLES, pushdown, search};
use apiodbc_providers::table::Filter;
use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;

#[derive(Debug, Arbitrary)]
struct Input {
    table: u8,
    filters: Vec<FuzzPredicate>,
    use_search: bool,
}

/// `name` followed by any number of `[segment]`s, in the API's alphabet.
fn well_formed_key(key: &str) -> bool {
    let name_char = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_';
    let (name, mut rest) = key.split_at(key.find('[').unwrap_or(key.len()));
    if name.is_empty() || !name.chars().all(|c| name_char(c) || c == '.') {
        return false;
    }
    while !rest.is_empty() {
        let Some(end) = rest.find(']').filter(|_| rest.starts_with('[')) else {
            return false;
        };
        if !rest[1..end].chars().all(name_char) {
            return false;
        }
        rest = &rest[end + 1..];
    }
    true
}

fuzz_target!(|input: Input| {
    let table = TABLES[usize::from(input.table) % TABLES.len()];
    let bound = bind(table, &input.filters);
    let answers: Vec<Pushdown> = bound
        .predicates
        .iter()
        .map(|p| {
            let list = pushdown::pushdown(table, p);
            let searched = search::pushdown(table, p);
            // Only the ends of a window narrow the rows instead of matching them.
            let window = p
                .first_column()
                .and_then(|c| table.column(c))
                .is_some_and(|c| matches!(c.filter, Filter::LowerBound(_) | Filter::UpperBound(_)));
            assert!(list != Pushdown::Inexact || window, "{p:?}");
            assert_ne!(searched, Pushdown::Exact, "{p:?}");
            list
        })
        .collect();
    let mut plan = pushdown::plan(table, &bound.predicates);
    if input.use_search {
        search::choose(table, &bound.predicates, &mut plan);
    }

    let defaults = table.endpoint.defaults;
    for (key, value) in &plan.params {
        assert!(well_formed_key(key), "{key:?}");
        let range = ["[gt]", "[gte]", "[lt]", "[lte]"]
            .iter()
            .any(|s| key.ends_with(s));
        let known = bound.texts.contains(value)
            || value.parse::<i64>().is_ok()
            || ["true", "false"].contains(&value.as_str())
            || defaults.contains(&(key.as_str(), value.as_str()));
        assert!(known && !value.is_empty(), "{key}={value:?}");
        assert!(!range || value.parse::<i64>().is_ok(), "{key}={value:?}");
    }
    let encoded = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(&plan.params)
        .finish();
    let decoded: Vec<(String, String)> = url::form_urlencoded::parse(encoded.as_bytes())
        .into_owned()
        .collect();
    assert_eq!(decoded, plan.params);

    match &plan.mode {
        pushdown::Mode::Ids(ids) => {
            for (i, id) in ids.iter().enumerate() {
                assert!(!id.is_empty() && bound.texts.contains(id), "{id:?}");
                assert!(!ids[..i].contains(id), "{id:?} twice");
            }
        }
        pushdown::Mode::Search { query, columns, .. } => {
            let (outside, strings) =
                quoted_strings(query).unwrap_or_else(|| panic!("open string in {query:?}"));
            for s in &strings {
                assert!(
                    bound.texts.contains(s) || ["true", "false"].contains(&s.as_str()),
                    "{s:?} is no filter's value: {query:?}"
                );
            }
            assert!(
                outside
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || " _.-:<>=~[]\"".contains(c)),
                "{query:?}"
            );
            assert!(!columns.is_empty(), "{query:?}");
        }
        pushdown::Mode::Empty | pushdown::Mode::List => {}
    }
    if answers.iter().all(|a| *a == Pushdown::Unsupported) {
        assert!(
            matches!(
                plan.mode,
                pushdown::Mode::List | pushdown::Mode::Search { .. }
            ),
            "{:?}",
            plan.mode
        );
    }
});
