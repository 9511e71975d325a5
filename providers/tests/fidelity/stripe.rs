//! Stripe: each table's list path in the OpenAPI spec (2022, the newest the
//! reference has) and its object in the current example objects
//! (`stripe-fixtures3.json`). Fields are the current object's; a column may
//! also read a field only the older spec has (accounts pinned to older API
//! versions). Tables on paths newer than the spec name their object below.

use std::collections::BTreeSet;
use std::path::Path;

use apiodbc_providers::stripe::TABLES;
use apiodbc_providers::table::{Filter, Table};
use serde_json::Value as Json;

use crate::schema::{Spec, example_has_path, shape};
use crate::{Audit, Exception, Gap};

/// List parameters every list path takes, sent by the pager itself.
const PAGING: &[&str] = &["limit", "starting_after", "ending_before", "expand"];

/// The example object of tables whose list path is newer than the spec.
const NEWER_THAN_THE_SPEC: &[(&str, &str)] = &[("tax_registrations", "tax.registration")];

/// List parameters the current API documents beyond the 2022 spec (Stripe's
/// API reference and the SDKs generated from its current OpenAPI spec):
/// `(list path, parameter)`. They count as documented.
const NEWER_PARAMETERS: &[(&str, &str)] = &[
    ("/v1/checkout/sessions", "created"),
    ("/v1/checkout/sessions", "customer"),
    ("/v1/checkout/sessions", "customer_details"),
    ("/v1/checkout/sessions", "payment_link"),
    ("/v1/checkout/sessions", "status"),
    ("/v1/credit_notes", "created"),
    ("/v1/payment_methods", "allow_redisplay"),
    ("/v1/tax/registrations", "status"),
];

/// Gaps left on purpose.
static EXCEPTIONS: &[Exception] = &[];

pub fn audit(dir: &Path) -> Audit {
    let spec = Spec {
        root: crate::read(dir, "stripe-spec3-2022-04.json"),
    };
    let fixtures = crate::read(dir, "stripe-fixtures3.json");
    let mut audit = Audit::new("stripe", EXCEPTIONS);
    for table in TABLES.iter().copied() {
        let list = list_operation(&spec, table);
        let item = list.map(|op| item_schema(&spec, op));
        let kind = item
            .and_then(|schema| schema.get("x-resourceId").and_then(Json::as_str))
            .or_else(|| {
                NEWER_THAN_THE_SPEC
                    .iter()
                    .find(|(name, _)| *name == table.name)
                    .map(|(_, kind)| *kind)
            });
        let example = kind.and_then(|k| fixtures["resources"].get(k));
        let (Some(example), Some(_)) = (example, kind) else {
            audit.fail(format!(
                "{}: neither the spec lists {} nor does the table name its example object",
                table.name, table.endpoint.list
            ));
            continue;
        };
        fields(&mut audit, &spec, table, example, item);
        parameters(&mut audit, table, list);
    }
    audit
}

/// The spec's `GET` of the table's list path.
fn list_operation<'a>(spec: &'a Spec, table: &Table) -> Option<&'a Json> {
    let wanted = shape(table.endpoint.list);
    spec.root["paths"]
        .as_object()?
        .iter()
        .find(|(path, _)| shape(path) == wanted)
        .and_then(|(_, item)| item.get("get"))
}

/// The schema of one listed object (or of the one object an unrolled path answers).
fn item_schema<'a>(spec: &'a Spec, op: &'a Json) -> &'a Json {
    let response = spec.resolve(&op["responses"]["200"]["content"]["application/json"]["schema"]);
    match response.pointer("/properties/data/items") {
        Some(items) => spec.resolve(items),
        None => response,
    }
}

/// The example's fields against the columns, and each column's path against
/// the example and the spec. An unrolled table's rows are the elements of
/// its arrays, beside the object's own scalars.
fn fields(audit: &mut Audit, spec: &Spec, table: &Table, example: &Json, item: Option<&Json>) {
    let unroll = table.endpoint.unroll;
    let mut objects = vec![example.clone()];
    let mut names: BTreeSet<String> = example
        .as_object()
        .map(|o| o.keys().cloned().collect())
        .unwrap_or_default();
    for (_, path) in unroll {
        names.remove(path.split('.').next().unwrap_or(path));
        let elements = path
            .split('.')
            .try_fold(example, |v, key| v.get(key))
            .and_then(Json::as_array);
        for element in elements.into_iter().flatten().take(1) {
            names.extend(
                element
                    .as_object()
                    .into_iter()
                    .flatten()
                    .map(|(k, _)| k.clone()),
            );
            objects.push(element.clone());
        }
    }
    let first = |path: &str| path.split('.').next().unwrap_or(path).to_string();
    let read: BTreeSet<String> = table.columns.iter().map(|c| first(c.json_path())).collect();
    for name in &names {
        audit.field(table.name, name, read.contains(name));
    }
    for column in table.columns {
        let path: Vec<&str> = column.json_path().split('.').collect();
        // Filled by the scan: a parent's id, an unrolled row's kind.
        let synthetic = column.json_path().starts_with('$')
            || column.filter == Filter::Parent
            || (!unroll.is_empty() && column.name == "kind");
        let in_spec = |schema: &Json| {
            spec.has_path(schema, &path)
                || unroll.iter().any(|(_, array)| {
                    let mut under: Vec<&str> = array.split('.').collect();
                    under.extend(&path);
                    spec.has_path(schema, &under)
                })
        };
        let found = synthetic
            || objects.iter().any(|o| example_has_path(o, &path))
            || item.is_some_and(in_spec);
        if !found {
            audit.gap(
                table.name,
                Gap::Column,
                column.name,
                &format!(
                    "reads `{}`, which neither the spec nor the current object has",
                    column.json_path()
                ),
            );
        }
    }
}

/// The documented list parameters against those the table's filters,
/// defaults and parent send.
fn parameters(audit: &mut Audit, table: &Table, list: Option<&Json>) {
    let mut documented: BTreeSet<&str> = list
        .and_then(|op| op["parameters"].as_array())
        .into_iter()
        .flatten()
        .filter(|p| p["in"] == "query")
        .filter_map(|p| p["name"].as_str())
        .filter(|name| !PAGING.contains(name))
        .collect();
    documented.extend(
        NEWER_PARAMETERS
            .iter()
            .filter(|(path, _)| *path == table.endpoint.list)
            .map(|(_, name)| *name),
    );
    let base = |param: &'static str| param.split('[').next().unwrap_or(param);
    let mut sent: BTreeSet<&str> = table
        .columns
        .iter()
        .filter_map(|c| match c.filter {
            Filter::Equals(p) | Filter::AnyOf(p, _) | Filter::Range(p) => Some(base(p)),
            _ => None,
        })
        .collect();
    sent.extend(table.endpoint.defaults.iter().map(|(k, _)| base(k)));
    sent.extend(table.endpoint.parent.and_then(|p| p.param).map(base));
    for name in &documented {
        audit.parameter(table.name, name, sent.contains(name));
    }
    for name in sent.difference(&documented) {
        audit.gap(
            table.name,
            Gap::Undocumented,
            name,
            "is sent but not documented for the list path",
        );
    }
}
