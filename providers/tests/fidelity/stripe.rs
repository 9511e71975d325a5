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

/// The example object of tables the spec does not name one for: a path
/// newer than the spec, a list of two kinds (external accounts are bank
/// accounts or cards).
const EXAMPLES: &[(&str, &str)] = &[
    ("account_external_accounts", "bank_account"),
    (
        "billing_credit_balance_transactions",
        "billing.credit_balance_transaction",
    ),
    ("billing_credit_grants", "billing.credit_grant"),
    (
        "billing_meter_event_summaries",
        "billing.meter_event_summary",
    ),
    ("billing_meters", "billing.meter"),
    (
        "customer_cash_balance_transactions",
        "customer_cash_balance_transaction",
    ),
    ("invoice_payments", "invoice_payment"),
    ("tax_registrations", "tax.registration"),
    ("tax_transactions", "tax.transaction"),
];

/// List parameters the current API documents beyond the 2022 spec (Stripe's
/// API reference and the SDKs generated from its current OpenAPI spec):
/// `(list path, parameter)`. They count as documented.
const NEWER_PARAMETERS: &[(&str, &str)] = &[
    ("/v1/accounts/{parent}/external_accounts", "object"),
    ("/v1/billing/credit_balance_transactions", "credit_grant"),
    ("/v1/billing/credit_balance_transactions", "customer"),
    ("/v1/billing/credit_grants", "customer"),
    ("/v1/billing/credit_grants", "customer_account"),
    ("/v1/billing/meters", "status"),
    ("/v1/billing/meters/{parent}/event_summaries", "customer"),
    ("/v1/billing/meters/{parent}/event_summaries", "end_time"),
    ("/v1/billing/meters/{parent}/event_summaries", "start_time"),
    (
        "/v1/billing/meters/{parent}/event_summaries",
        "value_grouping_window",
    ),
    ("/v1/checkout/sessions", "created"),
    ("/v1/checkout/sessions", "customer"),
    ("/v1/checkout/sessions", "customer_details"),
    ("/v1/checkout/sessions", "payment_link"),
    ("/v1/checkout/sessions", "status"),
    ("/v1/credit_notes", "created"),
    ("/v1/invoice_payments", "created"),
    ("/v1/invoice_payments", "invoice"),
    ("/v1/invoice_payments", "payment"),
    ("/v1/invoice_payments", "status"),
    ("/v1/payment_methods", "allow_redisplay"),
    ("/v1/tax/registrations", "status"),
];

/// Gaps left on purpose.
static EXCEPTIONS: &[Exception] = &[
    Exception {
        table: "account_external_accounts",
        gap: Gap::Column,
        name: "regulated_status",
        why: "a card's field: external accounts are bank accounts or cards, and the example is a bank account",
    },
    Exception {
        table: "balance",
        gap: Gap::Field,
        name: "object",
        why: "always 'balance': the rows are the elements of its arrays",
    },
    Exception {
        table: "balance",
        gap: Gap::Column,
        name: "net_available",
        why: "carried by instant_available elements, which the example balance has none of",
    },
    Exception {
        table: "billing_meter_event_summaries",
        gap: Gap::Parameter,
        name: "value_grouping_window",
        why: "splits the window into hours or days, which changes what a row is rather than which rows match",
    },
    Exception {
        table: "coupons",
        gap: Gap::Column,
        name: "currency_options",
        why: "newer than the spec, and Stripe sends it only when expanded (the column asks for that)",
    },
    Exception {
        table: "customer_cash_balance_transactions",
        gap: Gap::Column,
        name: "applied_to_payment",
        why: "present on transactions of its type only; the example is of another type",
    },
    Exception {
        table: "customer_cash_balance_transactions",
        gap: Gap::Column,
        name: "unapplied_from_payment",
        why: "present on transactions of its type only; the example is of another type",
    },
    Exception {
        table: "customer_cash_balance_transactions",
        gap: Gap::Column,
        name: "refunded_from_payment",
        why: "present on transactions of its type only; the example is of another type",
    },
    Exception {
        table: "customer_cash_balance_transactions",
        gap: Gap::Column,
        name: "transferred_to_balance",
        why: "present on transactions of its type only; the example is of another type",
    },
    Exception {
        table: "customer_cash_balance_transactions",
        gap: Gap::Column,
        name: "adjusted_for_overdraft",
        why: "present on transactions of its type only; the example is of another type",
    },
    Exception {
        table: "events",
        gap: Gap::Parameter,
        name: "type",
        why: "`=` and `IN` go as types[]; `type` adds only wildcards (charge.*), which SQL's LIKE does not mean",
    },
    Exception {
        table: "payment_methods",
        gap: Gap::Column,
        name: "link",
        why: "present on payment methods of type link only; newer than the spec, and the example is a card",
    },
    Exception {
        table: "setup_attempts",
        gap: Gap::Column,
        name: "attach_to_self",
        why: "newer than the spec, and the example omits it",
    },
    Exception {
        table: "setup_intents",
        gap: Gap::Column,
        name: "customer_account",
        why: "newer than the spec, and the example omits it",
    },
    Exception {
        table: "subscriptions",
        gap: Gap::Parameter,
        name: "current_period_end",
        why: "current versions moved the period to subscription items, so no subscriptions column holds it to compare",
    },
    Exception {
        table: "subscriptions",
        gap: Gap::Parameter,
        name: "current_period_start",
        why: "current versions moved the period to subscription items, so no subscriptions column holds it to compare",
    },
];

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
                EXAMPLES
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
    let read: BTreeSet<String> = table
        .columns
        .iter()
        .flat_map(|c| c.json_paths())
        .map(first)
        .collect();
    for name in &names {
        audit.field(table.name, name, read.contains(name));
    }
    for column in table.columns {
        // Filled by the scan: a parent's id, an unrolled row's kind, the
        // value a filter-only column was listed by.
        let synthetic = column.json_path().starts_with('$')
            || column.filter == Filter::Parent
            || column.filter_only
            || (!unroll.is_empty() && column.name == "kind");
        let found = |path: &str| {
            let path: Vec<&str> = path.split('.').collect();
            let in_spec = |schema: &Json| {
                spec.has_path(schema, &path)
                    || unroll.iter().any(|(_, array)| {
                        let mut under: Vec<&str> = array.split('.').collect();
                        under.extend(&path);
                        spec.has_path(schema, &under)
                    })
            };
            objects.iter().any(|o| example_has_path(o, &path)) || item.is_some_and(in_spec)
        };
        let found = synthetic || column.json_paths().any(found);
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
            Filter::Equals(p)
            | Filter::AnyOf(p, _)
            | Filter::Range(p)
            | Filter::LowerBound(p)
            | Filter::UpperBound(p) => Some(base(p)),
            _ => None,
        })
        .collect();
    sent.extend(table.columns.iter().filter_map(|c| c.null_param).map(base));
    sent.extend(table.endpoint.ids.map(base));
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
