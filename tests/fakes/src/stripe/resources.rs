//! The list resources a fake Stripe server serves, as data: each names its
//! path, object kind, list filters and a deterministic generator. Adding a
//! resource is one [`Resource`] entry and one generator function; the server
//! gives every resource the same list semantics (newest first, `limit`,
//! cursors, ranges, equality filters, 400 on unknown parameters, 404 on
//! unknown ids).

use std::collections::HashMap;

use serde_json::{Value, json};

use super::data::{self, Rng, World, each, metadata, object_id, pick_from, stream};
use super::families;

/// How many objects of each resource to generate.
#[derive(Clone, Copy, Debug)]
pub struct Sizes {
    pub customers: usize,
    pub charges: usize,
    /// Every other resource.
    pub others: usize,
}

/// One list resource: `GET /v1/{name}` and `GET /v1/{name}/{id}`.
pub struct Resource {
    /// URL segment and SQL-ish name: `refunds`.
    pub name: &'static str,
    /// The `object` value, used in "No such ..." errors: `refund`.
    pub object: &'static str,
    /// Equality list parameters, each compared with the top-level field of
    /// the same name (a string, an expanded object's id, or a boolean
    /// given as `true`/`false`); `param:dot.path` compares with a field
    /// elsewhere (`coupon:promotion.coupon`). An array parameter ends in
    /// `[]` (`types[]:type`): it may repeat, and the field matches any value.
    pub equals: &'static [&'static str],
    /// Range parameters on integer fields of the same name: `p`, `p[gt]`,
    /// `p[gte]`, `p[lt]`, `p[lte]`; `param:field` as for `equals`
    /// (`created:date` on invoice items).
    pub ranges: &'static [&'static str],
    /// `(param, hidden)`: without `param`, objects whose field `param` is one
    /// of `hidden` (as filter text: `false` for a boolean) are not listed;
    /// `param=all` lists everything (subscriptions). [`EVERY`] hides all
    /// objects (payment methods are listed one customer at a time).
    pub hidden_unless: Option<(&'static str, &'static [&'static str])>,
    /// Generates `count` objects in list order: newest first (strictly
    /// decreasing `created`) for objects that have a `created`, else the
    /// API's own order (tax codes, country specs).
    pub generate: fn(seed: u64, count: usize, world: &World) -> Vec<Value>,
    pub size: fn(&Sizes) -> usize,
}

/// `hidden_unless` values: every object is hidden without the parameter.
pub const EVERY: &[&str] = &["*"];

/// `(param, field path)` of an `equals` or `ranges` entry.
pub fn param_field(entry: &'static str) -> (&'static str, &'static str) {
    entry.split_once(':').unwrap_or((entry, entry))
}

fn others(s: &Sizes) -> usize {
    s.others
}

/// Every resource, in generation order (a resource may refer only to earlier ones).
pub static RESOURCES: &[Resource] = &[
    Resource {
        name: "customers",
        object: "customer",
        equals: &["email", "test_clock"],
        ranges: &["created"],
        hidden_unless: None,
        generate: |seed, count, _| data::customers(seed, count),
        size: |s| s.customers,
    },
    Resource {
        name: "charges",
        object: "charge",
        equals: &["customer", "payment_intent", "transfer_group"],
        ranges: &["created"],
        hidden_unless: None,
        generate: |seed, count, world| data::charges(seed, count, &world["customers"]),
        size: |s| s.charges,
    },
    Resource {
        name: "refunds",
        object: "refund",
        equals: &["charge", "payment_intent"],
        ranges: &["created"],
        hidden_unless: None,
        generate: refunds,
        size: others,
    },
    Resource {
        name: "balance_transactions",
        object: "balance_transaction",
        equals: &["currency", "payout:_payout", "source", "type"],
        ranges: &["created"],
        hidden_unless: None,
        generate: balance_transactions,
        size: others,
    },
    Resource {
        name: "payment_intents",
        object: "payment_intent",
        equals: &["customer"],
        ranges: &["created"],
        hidden_unless: None,
        generate: payment_intents,
        size: others,
    },
    Resource {
        name: "payouts",
        object: "payout",
        equals: &["destination", "status"],
        ranges: &["arrival_date", "created"],
        hidden_unless: None,
        generate: payouts,
        size: others,
    },
    Resource {
        name: "disputes",
        object: "dispute",
        equals: &["charge", "payment_intent"],
        ranges: &["created"],
        hidden_unless: None,
        generate: disputes,
        size: others,
    },
    Resource {
        name: "products",
        object: "product",
        equals: &["active", "ids[]:id", "shippable", "url"],
        ranges: &["created"],
        hidden_unless: None,
        generate: products,
        size: others,
    },
    Resource {
        name: "prices",
        object: "price",
        equals: &[
            "active",
            "currency",
            "lookup_keys[]:lookup_key",
            "product",
            "recurring[interval]:recurring.interval",
            "recurring[usage_type]:recurring.usage_type",
            "type",
        ],
        ranges: &["created"],
        hidden_unless: None,
        generate: prices,
        size: others,
    },
    Resource {
        name: "events",
        object: "event",
        equals: &["delivery_success:_delivery_success", "type", "types[]:type"],
        ranges: &["created"],
        hidden_unless: None,
        generate: events,
        size: others,
    },
    Resource {
        name: "subscriptions",
        object: "subscription",
        equals: &[
            "collection_method",
            "customer",
            "price:_price",
            "status",
            "test_clock",
        ],
        ranges: &["created"],
        hidden_unless: Some(("status", &["canceled"])),
        generate: subscriptions,
        size: others,
    },
    Resource {
        name: "invoices",
        object: "invoice",
        equals: &[
            "collection_method",
            "customer",
            "status",
            "subscription:parent.subscription_details.subscription",
        ],
        ranges: &["created", "due_date"],
        hidden_unless: None,
        generate: invoices,
        size: others,
    },
    Resource {
        name: "accounts",
        object: "account",
        equals: &[],
        ranges: &["created"],
        hidden_unless: None,
        generate: accounts,
        size: others,
    },
    Resource {
        name: "coupons",
        object: "coupon",
        equals: &[],
        ranges: &["created"],
        hidden_unless: None,
        generate: coupons,
        size: others,
    },
    Resource {
        name: "radar/early_fraud_warnings",
        object: "radar.early_fraud_warning",
        equals: &["charge", "payment_intent"],
        ranges: &[],
        hidden_unless: None,
        generate: early_fraud_warnings,
        size: others,
    },
    Resource {
        name: "files",
        object: "file",
        equals: &["purpose"],
        ranges: &["created"],
        hidden_unless: None,
        generate: files,
        size: others,
    },
    Resource {
        name: "file_links",
        object: "file_link",
        equals: &["expired", "file"],
        ranges: &["created"],
        hidden_unless: None,
        generate: file_links,
        size: others,
    },
    Resource {
        name: "invoiceitems",
        object: "invoiceitem",
        equals: &["customer", "invoice", "pending:_pending"],
        ranges: &["created:date"],
        hidden_unless: None,
        generate: invoice_items,
        size: others,
    },
    Resource {
        name: "payment_links",
        object: "payment_link",
        equals: &["active"],
        ranges: &[],
        hidden_unless: None,
        generate: payment_links,
        size: others,
    },
    Resource {
        name: "payment_methods",
        object: "payment_method",
        equals: &["allow_redisplay", "customer", "type"],
        ranges: &[],
        hidden_unless: Some(("customer", EVERY)),
        generate: payment_methods,
        size: others,
    },
    Resource {
        name: "plans",
        object: "plan",
        equals: &["active", "product"],
        ranges: &["created"],
        hidden_unless: None,
        generate: plans,
        size: others,
    },
    Resource {
        name: "promotion_codes",
        object: "promotion_code",
        equals: &["active", "code", "coupon:promotion.coupon", "customer"],
        ranges: &["created"],
        hidden_unless: None,
        generate: promotion_codes,
        size: others,
    },
    Resource {
        name: "quotes",
        object: "quote",
        equals: &["customer", "status", "test_clock"],
        ranges: &[],
        hidden_unless: None,
        generate: quotes,
        size: others,
    },
    Resource {
        name: "reviews",
        object: "review",
        equals: &[],
        ranges: &["created"],
        // Stripe lists open reviews only; closed ones are read by id.
        hidden_unless: Some(("open", &["false"])),
        generate: reviews,
        size: others,
    },
    Resource {
        name: "setup_intents",
        object: "setup_intent",
        equals: &["customer", "payment_method"],
        ranges: &["created"],
        hidden_unless: None,
        generate: setup_intents,
        size: others,
    },
    Resource {
        name: "shipping_rates",
        object: "shipping_rate",
        equals: &["active", "currency:fixed_amount.currency"],
        ranges: &["created"],
        hidden_unless: None,
        generate: shipping_rates,
        size: others,
    },
    Resource {
        name: "subscription_schedules",
        object: "subscription_schedule",
        equals: &["customer", "scheduled:_scheduled"],
        ranges: &["canceled_at", "completed_at", "created", "released_at"],
        hidden_unless: None,
        generate: subscription_schedules,
        size: others,
    },
    Resource {
        name: "tax_rates",
        object: "tax_rate",
        equals: &["active", "inclusive"],
        ranges: &["created"],
        hidden_unless: None,
        generate: tax_rates,
        size: others,
    },
    Resource {
        name: "tax/registrations",
        object: "tax.registration",
        equals: &["status"],
        ranges: &[],
        hidden_unless: Some(("status", &["expired"])),
        generate: tax_registrations,
        size: others,
    },
    Resource {
        name: "topups",
        object: "topup",
        equals: &["status"],
        ranges: &["amount", "created"],
        hidden_unless: None,
        generate: topups,
        size: others,
    },
    Resource {
        name: "webhook_endpoints",
        object: "webhook_endpoint",
        equals: &[],
        ranges: &[],
        hidden_unless: None,
        generate: webhook_endpoints,
        size: others,
    },
    Resource {
        name: "application_fees",
        object: "application_fee",
        equals: &["charge"],
        ranges: &["created"],
        hidden_unless: None,
        generate: families::application_fees,
        size: others,
    },
    Resource {
        name: "transfers",
        object: "transfer",
        equals: &["destination", "transfer_group"],
        ranges: &["created"],
        hidden_unless: None,
        generate: families::transfers,
        size: others,
    },
    Resource {
        name: "credit_notes",
        object: "credit_note",
        equals: &["customer", "invoice"],
        ranges: &["created"],
        hidden_unless: None,
        generate: families::credit_notes,
        size: others,
    },
    Resource {
        name: "checkout_sessions",
        object: "checkout.session",
        equals: &[
            "payment_intent",
            "subscription",
            "customer",
            "status",
            "payment_link",
            "customer_details[email]:customer_details.email",
        ],
        ranges: &["created"],
        hidden_unless: None,
        generate: families::checkout_sessions,
        size: others,
    },
    Resource {
        name: "application_fee_refunds",
        object: "fee_refund",
        equals: &[],
        ranges: &[],
        hidden_unless: None,
        generate: families::application_fee_refunds,
        size: others,
    },
    Resource {
        name: "transfer_reversals",
        object: "transfer_reversal",
        equals: &[],
        ranges: &[],
        hidden_unless: None,
        generate: families::transfer_reversals,
        size: others,
    },
    Resource {
        name: "credit_note_line_items",
        object: "credit_note_line_item",
        equals: &[],
        ranges: &[],
        hidden_unless: None,
        generate: families::credit_note_line_items,
        size: others,
    },
    Resource {
        name: "checkout_session_line_items",
        object: "item",
        equals: &[],
        ranges: &[],
        hidden_unless: None,
        generate: families::checkout_session_line_items,
        size: others,
    },
    Resource {
        name: "customer_balance_transactions",
        object: "customer_balance_transaction",
        equals: &[],
        ranges: &[],
        hidden_unless: None,
        generate: families::customer_balance_transactions,
        size: others,
    },
    Resource {
        name: "customer_tax_ids",
        object: "tax_id",
        equals: &[],
        ranges: &[],
        hidden_unless: None,
        generate: families::customer_tax_ids,
        size: others,
    },
    Resource {
        name: "invoice_line_items",
        object: "line_item",
        equals: &[],
        ranges: &[],
        hidden_unless: None,
        generate: families::invoice_line_items,
        size: others,
    },
    Resource {
        name: "subscription_items",
        object: "subscription_item",
        equals: &["subscription"],
        ranges: &[],
        hidden_unless: None,
        generate: families::subscription_items,
        size: others,
    },
    Resource {
        name: "invoice_payments",
        object: "invoice_payment",
        equals: &[
            "invoice",
            "payment[payment_intent]:payment.payment_intent",
            "payment[payment_record]:payment.payment_record",
            "payment[type]:payment.type",
            "status",
        ],
        ranges: &["created"],
        hidden_unless: None,
        generate: invoice_payments,
        size: others,
    },
    Resource {
        name: "billing/meters",
        object: "billing.meter",
        equals: &["status"],
        ranges: &[],
        hidden_unless: None,
        generate: billing_meters,
        size: others,
    },
    Resource {
        name: "billing_meter_event_summaries",
        object: "billing.meter_event_summary",
        equals: &["customer:_customer"],
        ranges: &[],
        hidden_unless: None,
        generate: families::billing_meter_event_summaries,
        size: others,
    },
    Resource {
        name: "billing/credit_grants",
        object: "billing.credit_grant",
        equals: &["customer", "customer_account"],
        ranges: &[],
        hidden_unless: None,
        generate: billing_credit_grants,
        size: others,
    },
    Resource {
        name: "billing_credit_balance_transactions",
        object: "billing.credit_balance_transaction",
        equals: &["credit_grant", "customer:_customer"],
        ranges: &[],
        hidden_unless: None,
        generate: families::billing_credit_balance_transactions,
        size: others,
    },
    Resource {
        name: "quote_line_items",
        object: "item",
        equals: &[],
        ranges: &[],
        hidden_unless: None,
        generate: families::quote_line_items,
        size: others,
    },
    Resource {
        name: "payment_link_line_items",
        object: "item",
        equals: &[],
        ranges: &[],
        hidden_unless: None,
        generate: families::payment_link_line_items,
        size: others,
    },
    Resource {
        name: "account_persons",
        object: "person",
        equals: &[
            "relationship[authorizer]:relationship.authorizer",
            "relationship[director]:relationship.director",
            "relationship[executive]:relationship.executive",
            "relationship[legal_guardian]:relationship.legal_guardian",
            "relationship[owner]:relationship.owner",
            "relationship[representative]:relationship.representative",
        ],
        ranges: &[],
        hidden_unless: None,
        generate: families::account_persons,
        size: others,
    },
    Resource {
        name: "account_capabilities",
        object: "capability",
        equals: &[],
        ranges: &[],
        hidden_unless: None,
        generate: families::account_capabilities,
        size: others,
    },
    Resource {
        name: "account_external_accounts",
        object: "external_account",
        equals: &["object"],
        ranges: &[],
        hidden_unless: None,
        generate: families::account_external_accounts,
        size: others,
    },
    Resource {
        name: "customer_cash_balance_transactions",
        object: "customer_cash_balance_transaction",
        equals: &[],
        ranges: &[],
        hidden_unless: None,
        generate: families::customer_cash_balance_transactions,
        size: others,
    },
    Resource {
        name: "tax_transactions",
        object: "tax.transaction",
        equals: &[],
        ranges: &[],
        hidden_unless: None,
        generate: tax_transactions,
        size: others,
    },
    Resource {
        name: "tax_codes",
        object: "tax_code",
        equals: &[],
        ranges: &[],
        hidden_unless: None,
        generate: tax_codes,
        size: others,
    },
    Resource {
        name: "setup_attempts",
        object: "setup_attempt",
        equals: &["setup_intent"],
        ranges: &["created"],
        hidden_unless: None,
        generate: families::setup_attempts,
        size: others,
    },
    Resource {
        name: "country_specs",
        object: "country_spec",
        equals: &[],
        ranges: &[],
        hidden_unless: None,
        generate: country_specs,
        size: |_| SPEC_COUNTRIES.len(),
    },
];

/// Where a resource is served when not at `/v1/{name}` (list) and `/v1/{name}/{id}` (get).
#[derive(Clone, Copy, Debug)]
pub enum Route {
    /// List at `/v1/{path}`, get at `/v1/{path}/{id}`.
    At(&'static str),
    /// Read by id only, at `/v1/{path}/{id}`: Stripe has no list (tax transactions).
    Retrieved(&'static str),
    /// Listed per parent only, at `/v1/{parent's path}/{parent id}/{segment}`;
    /// `field` of each child holds its parent's id.
    Under {
        parent: &'static str,
        segment: &'static str,
        field: &'static str,
    },
}

/// The resources served elsewhere than `/v1/{name}`.
pub static ROUTES: &[(&str, Route)] = &[
    ("checkout_sessions", Route::At("checkout/sessions")),
    (
        "application_fee_refunds",
        Route::Under {
            parent: "application_fees",
            segment: "refunds",
            field: "fee",
        },
    ),
    (
        "transfer_reversals",
        Route::Under {
            parent: "transfers",
            segment: "reversals",
            field: "transfer",
        },
    ),
    (
        "credit_note_line_items",
        Route::Under {
            parent: "credit_notes",
            segment: "lines",
            field: "_parent",
        },
    ),
    (
        "checkout_session_line_items",
        Route::Under {
            parent: "checkout_sessions",
            segment: "line_items",
            field: "_parent",
        },
    ),
    (
        "customer_balance_transactions",
        Route::Under {
            parent: "customers",
            segment: "balance_transactions",
            field: "customer",
        },
    ),
    (
        "customer_tax_ids",
        Route::Under {
            parent: "customers",
            segment: "tax_ids",
            field: "customer",
        },
    ),
    (
        "invoice_line_items",
        Route::Under {
            parent: "invoices",
            segment: "lines",
            field: "invoice",
        },
    ),
    (
        "billing_meter_event_summaries",
        Route::Under {
            parent: "billing/meters",
            segment: "event_summaries",
            field: "meter",
        },
    ),
    (
        "billing_credit_balance_transactions",
        Route::At("billing/credit_balance_transactions"),
    ),
    (
        "quote_line_items",
        Route::Under {
            parent: "quotes",
            segment: "line_items",
            field: "_parent",
        },
    ),
    (
        "payment_link_line_items",
        Route::Under {
            parent: "payment_links",
            segment: "line_items",
            field: "_parent",
        },
    ),
    (
        "account_persons",
        Route::Under {
            parent: "accounts",
            segment: "persons",
            field: "account",
        },
    ),
    (
        "account_capabilities",
        Route::Under {
            parent: "accounts",
            segment: "capabilities",
            field: "account",
        },
    ),
    (
        "account_external_accounts",
        Route::Under {
            parent: "accounts",
            segment: "external_accounts",
            field: "account",
        },
    ),
    (
        "customer_cash_balance_transactions",
        Route::Under {
            parent: "customers",
            segment: "cash_balance_transactions",
            field: "customer",
        },
    ),
    ("tax_transactions", Route::Retrieved("tax/transactions")),
];

/// List parameters without which a list is refused (400), like the real API.
pub static REQUIRED: &[(&str, &str)] = &[
    ("subscription_items", "subscription"),
    ("billing_meter_event_summaries", "customer"),
    ("billing_meter_event_summaries", "start_time"),
    ("billing_meter_event_summaries", "end_time"),
    ("billing_credit_balance_transactions", "customer"),
    ("setup_attempts", "setup_intent"),
];

/// Lists that answer one object for the query's whole window (its
/// [`WINDOWS`] parameters), whose `field` adds up the generated objects the
/// window holds: Stripe's meter event summaries when no grouping window is
/// asked for. The fake answers it even when the window holds nothing.
pub static SUMMED: &[(&str, &str)] = &[("billing_meter_event_summaries", "aggregated_value")];

/// Lists answered whole in one page, which refuse `limit` and cursors like
/// any unknown parameter (an account's capabilities).
pub static UNPAGED: &[&str] = &["account_capabilities"];

/// Plain parameters bounding a window of a resource's integer field of the
/// same name: `(resource, param, op)`, op `gte` (the start, inclusive) or
/// `lte` (the end) as in range parameters.
pub static WINDOWS: &[(&str, &str, &str)] = &[
    ("billing_meter_event_summaries", "start_time", "gte"),
    ("billing_meter_event_summaries", "end_time", "lte"),
];

/// `(resource, parameter, values)`: the values a list parameter takes, as
/// Stripe's specification enumerates them; any other value is refused
/// (400, `invalid_request_error` naming the parameter), as Stripe does.
pub static ENUMS: &[(&str, &str, &[&str])] = &[
    ("billing/meters", "status", &["active", "inactive"]),
    (
        "checkout_sessions",
        "status",
        &["complete", "expired", "open"],
    ),
    ("invoices", "collection_method", COLLECTION_METHODS),
    (
        "invoices",
        "status",
        &["draft", "open", "paid", "uncollectible", "void"],
    ),
    ("invoice_payments", "status", &["canceled", "open", "paid"]),
    (
        "payment_methods",
        "allow_redisplay",
        &["always", "limited", "unspecified"],
    ),
    (
        "payouts",
        "status",
        &["canceled", "failed", "paid", "pending"],
    ),
    (
        "prices",
        "recurring[interval]",
        &["day", "month", "week", "year"],
    ),
    ("prices", "recurring[usage_type]", &["licensed", "metered"]),
    ("prices", "type", &["one_time", "recurring"]),
    (
        "quotes",
        "status",
        &["accepted", "canceled", "draft", "open"],
    ),
    ("subscriptions", "collection_method", COLLECTION_METHODS),
    (
        "subscriptions",
        "status",
        &[
            "active",
            "all",
            "canceled",
            "ended",
            "incomplete",
            "incomplete_expired",
            "past_due",
            "paused",
            "trialing",
            "unpaid",
        ],
    ),
    (
        "tax/registrations",
        "status",
        &["active", "all", "expired", "scheduled"],
    ),
    (
        "topups",
        "status",
        &["canceled", "failed", "pending", "succeeded"],
    ),
];

const COLLECTION_METHODS: &[&str] = &["charge_automatically", "send_invoice"];

/// `(resource, field)`: fields Stripe leaves out of an object unless the
/// request expands them (`expand[]=tiers`, on a list `expand[]=data.tiers`).
pub static INCLUDABLE: &[(&str, &str)] = &[
    ("coupons", "applies_to"),
    ("coupons", "currency_options"),
    ("plans", "tiers"),
];

/// How resource `name` is served.
pub fn route_of(name: &'static str) -> Route {
    ROUTES
        .iter()
        .find(|(n, _)| *n == name)
        .map_or(Route::At(name), |(_, route)| *route)
}

/// The resource served at `/v1/{name}`.
pub fn resource(name: &str) -> Option<&'static Resource> {
    RESOURCES.iter().find(|r| r.name == name)
}

/// Generates every resource.
pub fn generate(seed: u64, sizes: &Sizes) -> World {
    let mut world = World::new();
    for r in RESOURCES {
        let objects = (r.generate)(seed, (r.size)(sizes), &world);
        world.insert(r.name, objects);
    }
    embed_children(&mut world);
    world
}

/// Parent lists that embed their first children, as Stripe returns them:
/// `(parent, its list field, child resource, the child's parent-id field)`.
const EMBEDDED: &[(&str, &str, &str, &str)] = &[
    ("invoices", "lines", "invoice_line_items", "invoice"),
    ("credit_notes", "lines", "credit_note_line_items", "_parent"),
    (
        "subscriptions",
        "items",
        "subscription_items",
        "subscription",
    ),
    (
        "application_fees",
        "refunds",
        "application_fee_refunds",
        "fee",
    ),
    ("transfers", "reversals", "transfer_reversals", "transfer"),
];

/// How many children an embedded list carries before `has_more`.
const EMBEDDED_PAGE: usize = 10;

/// Fills each parent's embedded list with the first of the children its
/// child endpoint lists, so the two always agree.
fn embed_children(world: &mut World) {
    for (parent, field, child, parent_field) in EMBEDDED {
        let mut by_parent: HashMap<String, Vec<Value>> = HashMap::new();
        for object in world.get(child).map(Vec::as_slice).unwrap_or_default() {
            if let Some(id) = object[*parent_field].as_str() {
                let mut shown = object.clone();
                if let Some(map) = shown.as_object_mut() {
                    map.remove("_parent");
                }
                by_parent.entry(id.to_owned()).or_default().push(shown);
            }
        }
        for object in world.get_mut(parent).into_iter().flatten() {
            let id = object["id"].as_str().unwrap_or_default().to_owned();
            let children = by_parent.remove(&id).unwrap_or_default();
            let list = &mut object[*field];
            list["has_more"] = Value::Bool(children.len() > EMBEDDED_PAGE);
            list["data"] = Value::Array(children.into_iter().take(EMBEDDED_PAGE).collect());
        }
    }
}

fn refunds(seed: u64, count: usize, world: &World) -> Vec<Value> {
    let charges = &world["charges"];
    each(seed, count, "refunds", "re_", |rng, id, created, _| {
        let charge = pick_from(rng, charges);
        let amount = charge
            .map_or(500, |c| c["amount"].as_i64().unwrap_or(100) / 2)
            .max(1);
        let status = *rng.pick(&["succeeded", "succeeded", "succeeded", "pending", "failed"]);
        refund(rng, id, created, charge, amount, status)
    })
}

/// A refund of `amount` of `charge` (the rest of its fields from the stream).
pub(crate) fn refund(
    rng: &mut Rng,
    id: String,
    created: i64,
    charge: Option<&Value>,
    amount: i64,
    status: &str,
) -> Value {
    json!({
            "id": id,
            "object": "refund",
            "amount": amount,
            "balance_transaction": (status != "failed").then(|| format!("txn_{}", rng.base62(24))),
            "charge": charge.map(|c| c["id"].clone()),
            "created": created,
            "currency": charge.map_or(json!("usd"), |c| c["currency"].clone()),
            "customer": charge.map(|c| c["customer"].clone()),
            "customer_account": null,
            "destination_details": {"type": "card", "card": {"reference_status": "available", "reference_type": "acquirer_reference_number", "type": "refund"}},
            "metadata": metadata(rng),
            "payment_intent": charge.map(|c| c["payment_intent"].clone()),
            "payment_method": charge.map(|c| c["payment_method"].clone()),
            "reason": *rng.pick(&[Value::Null, json!("requested_by_customer"), json!("duplicate"), json!("fraudulent")]),
            "receipt_number": null,
            "source_transfer_reversal": null,
            "status": status,
            "transfer_reversal": null,
    })
}

fn balance_transactions(seed: u64, count: usize, world: &World) -> Vec<Value> {
    let charges = &world["charges"];
    each(
        seed,
        count,
        "balance_transactions",
        "txn_",
        |rng, id, created, i| {
            let kind = *rng.pick(&[
                "charge",
                "charge",
                "charge",
                "refund",
                "payout",
                "stripe_fee",
            ]);
            let amount = (rng.below(2_000) as i64 + 1) * 50;
            let (amount, fee, source, category) = match kind {
                "charge" => (
                    amount,
                    30 + amount * 29 / 1000,
                    pick_from(rng, charges).map(|c| c["id"].clone()),
                    "charge",
                ),
                "refund" => (
                    -amount,
                    0,
                    Some(json!(format!("re_{}", rng.base62(24)))),
                    "refund",
                ),
                "payout" => (
                    -amount,
                    0,
                    Some(json!(format!("po_{}", rng.base62(24)))),
                    "payout",
                ),
                _ => (-(amount / 100).max(1), 0, None, "fee"),
            };
            let currency = *rng.pick(&["usd", "usd", "eur"]);
            json!({
                "id": id,
                "object": "balance_transaction",
                "amount": amount,
                "available_on": created + 2 * 86_400,
                "balance_type": "payments",
                "created": created,
                "currency": currency,
                "description": (kind == "charge").then_some("Payment"),
                "exchange_rate": if currency == "eur" && rng.chance(30) { json!(1.08) } else { Value::Null },
                "fee": fee,
                "fee_details": if fee > 0 { json!([{"amount": fee, "application": null, "currency": currency, "description": "Stripe processing fees", "type": "stripe_fee"}]) } else { json!([]) },
                "net": amount - fee,
                "reporting_category": category,
                "source": source,
                "status": if created > data::NEWEST_CREATED - 2 * 86_400 { "pending" } else { "available" },
                "type": kind,
                // The automatic payout that paid it out: one of the first payouts, twenty each.
                "_payout": (kind != "payout").then(|| object_id("po_", seed, stream("payouts"), (i / 20) as u64, 24)),
            })
        },
    )
}

fn payouts(seed: u64, count: usize, _: &World) -> Vec<Value> {
    each(seed, count, "payouts", "po_", |rng, id, created, _| {
        let status = *rng.pick(&[
            "paid",
            "paid",
            "paid",
            "paid",
            "pending",
            "in_transit",
            "failed",
            "canceled",
        ]);
        let failed = status == "failed";
        json!({
            "id": id,
            "object": "payout",
            "amount": (rng.below(5_000) as i64 + 1) * 100,
            "application_fee": null,
            "application_fee_amount": null,
            "arrival_date": created + (1 + rng.below(3) as i64) * 86_400,
            "automatic": rng.chance(80),
            "balance_transaction": format!("txn_{}", rng.base62(24)),
            "created": created,
            "currency": "usd",
            "description": "STRIPE PAYOUT",
            "destination": format!("ba_{}", rng.base62(24)),
            "failure_balance_transaction": failed.then(|| format!("txn_{}", rng.base62(24))),
            "failure_code": failed.then_some("account_closed"),
            "failure_message": failed.then_some("The bank account has been closed."),
            "livemode": false,
            "metadata": metadata(rng),
            "method": *rng.pick(&["standard", "standard", "instant"]),
            "original_payout": null,
            "payout_method": null,
            "reconciliation_status": if status == "paid" { "completed" } else { "not_applicable" },
            "reversed_by": null,
            "source_type": "card",
            "statement_descriptor": null,
            "status": status,
            "trace_id": {"status": "supported", "value": format!("{:015}", rng.below(1_000_000_000_000_000))},
            "type": "bank_account",
        })
    })
}

fn disputes(seed: u64, count: usize, world: &World) -> Vec<Value> {
    let charges = &world["charges"];
    each(seed, count, "disputes", "dp_", |rng, id, created, _| {
        let charge = pick_from(rng, charges);
        json!({
            "id": id,
            "object": "dispute",
            "amount": charge.map_or(json!(1000), |c| c["amount"].clone()),
            "balance_transactions": [],
            "charge": charge.map(|c| c["id"].clone()),
            "created": created,
            "currency": charge.map_or(json!("usd"), |c| c["currency"].clone()),
            "enhanced_eligibility_types": [],
            "evidence": {"customer_name": null, "product_description": null, "uncategorized_text": null},
            "evidence_details": {"due_by": created + 7 * 86_400, "has_evidence": rng.chance(50), "past_due": false, "submission_count": 0},
            "is_charge_refundable": rng.chance(20),
            "livemode": false,
            "metadata": metadata(rng),
            "payment_intent": charge.map(|c| c["payment_intent"].clone()),
            "payment_method_details": {"type": "card", "card": {"brand": "visa", "case_type": "chargeback", "network_reason_code": "10.4"}},
            "reason": *rng.pick(&["fraudulent", "general", "duplicate", "product_not_received"]),
            "status": *rng.pick(&["needs_response", "under_review", "won", "lost", "warning_needs_response"]),
        })
    })
}

const PRODUCT_NAMES: &[&str] = &[
    "T-shirt",
    "Hoodie",
    "Pro plan",
    "Team plan",
    "Support",
    "Sticker pack",
];

fn products(seed: u64, count: usize, _: &World) -> Vec<Value> {
    each(seed, count, "products", "prod_", |rng, _, created, i| {
        // Product ids are 14 characters after the prefix.
        let id = object_id("prod_", seed, stream("products"), i as u64, 14);
        let name = format!("{} {}", rng.pick(PRODUCT_NAMES), i + 1);
        // Physical goods say whether they ship; services leave it null.
        let goods = rng.chance(40);
        let shippable = goods.then(|| rng.chance(70));
        let url = rng
            .chance(30)
            .then(|| format!("https://shop.example.com/p/{}", i + 1));
        json!({
            "id": id,
            "object": "product",
            "active": rng.chance(75),
            "created": created,
            "default_price": null,
            "description": rng.chance(50).then(|| format!("About {name}")),
            "images": [],
            "livemode": false,
            "marketing_features": [],
            "metadata": metadata(rng),
            "name": name,
            "package_dimensions": null,
            "shippable": shippable,
            "statement_descriptor": null,
            "tax_code": null,
            "type": if goods { "good" } else { "service" },
            "unit_label": null,
            "updated": created + rng.below(86_400) as i64,
            "url": url,
        })
    })
}

fn prices(seed: u64, count: usize, world: &World) -> Vec<Value> {
    let products = &world["products"];
    each(seed, count, "prices", "price_", |rng, id, created, _| {
        let recurring = rng.chance(70);
        let amount = (rng.below(100) as i64 + 1) * 100;
        json!({
            "id": id,
            "object": "price",
            "active": rng.chance(80),
            "billing_scheme": "per_unit",
            "created": created,
            "currency": *rng.pick(&["usd", "usd", "eur"]),
            "custom_unit_amount": null,
            "livemode": false,
            "lookup_key": null,
            "metadata": metadata(rng),
            "nickname": null,
            "product": pick_from(rng, products).map(|p| p["id"].clone()),
            "recurring": if recurring {
                json!({"aggregate_usage": null, "interval": *rng.pick(&["month", "month", "year", "week"]), "interval_count": 1 + rng.below(2), "meter": null, "trial_period_days": null, "usage_type": "licensed"})
            } else { Value::Null },
            "tax_behavior": "unspecified",
            "tiers_mode": null,
            "transform_quantity": null,
            "type": if recurring { "recurring" } else { "one_time" },
            "unit_amount": amount,
            "unit_amount_decimal": amount.to_string(),
        })
    })
}

fn subscriptions(seed: u64, count: usize, world: &World) -> Vec<Value> {
    let customers = &world["customers"];
    let prices: Vec<&Value> = world["prices"]
        .iter()
        .filter(|p| p["type"] == "recurring")
        .collect();
    each(
        seed,
        count,
        "subscriptions",
        "sub_",
        |rng, id, created, _| {
            let status = *rng.pick(&[
                "active", "active", "active", "trialing", "past_due", "canceled", "canceled",
                "unpaid",
            ]);
            let canceled = status == "canceled";
            let price =
                (!prices.is_empty()).then(|| prices[rng.below(prices.len() as u64) as usize]);
            let trial = status == "trialing";
            json!({
                "id": id,
                "object": "subscription",
                "application": null,
                "application_fee_percent": null,
                "automatic_tax": {"disabled_reason": null, "enabled": false, "liability": null},
                "billing_cycle_anchor": created,
                "billing_cycle_anchor_config": null,
                "billing_mode": {"type": "classic"},
                "billing_schedules": [],
                "billing_thresholds": null,
                "cancel_at": null,
                "cancel_at_period_end": !canceled && rng.chance(10),
                "canceled_at": canceled.then_some(created + 30 * 86_400),
                "cancellation_details": {"comment": null, "feedback": if canceled { json!("too_expensive") } else { Value::Null }, "reason": if canceled { json!("cancellation_requested") } else { Value::Null }},
                "collection_method": *rng.pick(&["charge_automatically", "charge_automatically", "send_invoice"]),
                "created": created,
                "currency": price.map_or(json!("usd"), |p| p["currency"].clone()),
                "customer": pick_from(rng, customers).map(|c| c["id"].clone()),
                "customer_account": null,
                "days_until_due": null,
                "default_payment_method": null,
                "default_source": null,
                "default_tax_rates": [],
                "description": null,
                "discounts": [],
                "ended_at": canceled.then_some(created + 30 * 86_400),
                "invoice_settings": {"account_tax_ids": null, "issuer": {"type": "self"}},
                "items": {"object": "list", "data": price.map(|p| vec![json!({"object": "subscription_item", "price": p, "quantity": 1})]).unwrap_or_default(), "has_more": false, "url": format!("/v1/subscription_items?subscription={id}")},
                "_price": price.map(|p| p["id"].clone()),
                "latest_invoice": format!("in_{}", rng.base62(24)),
                "livemode": false,
                "managed_payments": null,
                "metadata": metadata(rng),
                "next_pending_invoice_item_invoice": null,
                "on_behalf_of": null,
                "pause_collection": null,
                "payment_settings": {"payment_method_options": null, "payment_method_types": null, "save_default_payment_method": "off"},
                "pending_invoice_item_interval": null,
                "pending_setup_intent": null,
                "pending_update": null,
                "schedule": null,
                "start_date": created,
                "status": status,
                "test_clock": null,
                "transfer_data": null,
                "trial_end": trial.then_some(created + 14 * 86_400),
                "trial_settings": {"end_behavior": {"missing_payment_method": "create_invoice"}},
                "trial_start": trial.then_some(created),
            })
        },
    )
}

fn payment_intents(seed: u64, count: usize, world: &World) -> Vec<Value> {
    let customers = &world["customers"];
    each(
        seed,
        count,
        "payment_intents",
        "pi_",
        |rng, id, created, _| {
            let status = *rng.pick(&[
                "succeeded",
                "succeeded",
                "succeeded",
                "requires_payment_method",
                "canceled",
                "processing",
            ]);
            let amount = (rng.below(2_000) as i64 + 1) * 50;
            let succeeded = status == "succeeded";
            let canceled = status == "canceled";
            json!({
                "id": id,
                "object": "payment_intent",
                "amount": amount,
                "amount_capturable": 0,
                "amount_details": {"tip": {}},
                "amount_received": if succeeded { amount } else { 0 },
                "application": null,
                "application_fee_amount": null,
                "automatic_payment_methods": {"allow_redirects": "always", "enabled": true},
                "canceled_at": canceled.then_some(created + 3_600),
                "cancellation_reason": canceled.then_some("abandoned"),
                "capture_method": "automatic",
                "client_secret": format!("{id}_secret_{}", rng.base62(24)),
                "confirmation_method": "automatic",
                "created": created,
                "currency": *rng.pick(&["usd", "usd", "eur"]),
                "customer": if rng.chance(80) { pick_from(rng, customers).map(|c| c["id"].clone()) } else { None },
                "customer_account": null,
                "description": null,
                "excluded_payment_method_types": null,
                "last_payment_error": if status == "requires_payment_method" && rng.chance(50) { json!({"code": "card_declined", "decline_code": "insufficient_funds", "type": "card_error"}) } else { Value::Null },
                "latest_charge": succeeded.then(|| format!("ch_{}", rng.base62(24))),
                "livemode": false,
                "managed_payments": null,
                "metadata": metadata(rng),
                "next_action": null,
                "on_behalf_of": null,
                "payment_method": succeeded.then(|| format!("pm_{}", rng.base62(24))),
                "payment_method_configuration_details": null,
                "payment_method_options": {"card": {"request_three_d_secure": "automatic"}},
                "payment_method_types": ["card"],
                "processing": null,
                "receipt_email": null,
                "review": null,
                "setup_future_usage": null,
                "shipping": null,
                "source": null,
                "statement_descriptor": null,
                "statement_descriptor_suffix": null,
                "status": status,
                "transfer_data": null,
                "transfer_group": null,
            })
        },
    )
}

/// Events about the generated charges and customers (`data.object` is the object).
fn events(seed: u64, count: usize, world: &World) -> Vec<Value> {
    let charges = &world["charges"];
    let customers = &world["customers"];
    each(seed, count, "events", "evt_", |rng, id, created, _| {
        let (kind, object) = if rng.chance(70) {
            let charge = pick_from(rng, charges);
            let kind = match charge.map(|c| c["status"].as_str()) {
                Some(Some("succeeded")) => "charge.succeeded",
                Some(Some("failed")) => "charge.failed",
                _ => "charge.pending",
            };
            (kind, charge.cloned())
        } else {
            ("customer.created", pick_from(rng, customers).cloned())
        };
        let pending = rng.below(2);
        let request = rng.chance(60).then(|| format!("req_{}", rng.base62(14)));
        event(
            id,
            created,
            kind,
            json!({"object": object}),
            pending,
            request,
        )
    })
}

/// An event of `kind` about `data` (`object`, and `previous_attributes` on
/// updates), waiting for `pending` webhooks, made by API request `request`.
pub(crate) fn event(
    id: String,
    created: i64,
    kind: &str,
    data: Value,
    pending: u64,
    request: Option<String>,
) -> Value {
    json!({
        "id": id,
        "object": "event",
        "api_version": "2024-06-20",
        "created": created,
        "data": data,
        "livemode": false,
        "pending_webhooks": pending,
        "request": {"id": request, "idempotency_key": null},
        "type": kind,
        "_delivery_success": pending == 0,
    })
}

fn invoices(seed: u64, count: usize, world: &World) -> Vec<Value> {
    let subscriptions = &world["subscriptions"];
    let customers = &world["customers"];
    each(seed, count, "invoices", "in_", |rng, id, created, i| {
        let subscription = if rng.chance(70) {
            pick_from(rng, subscriptions)
        } else {
            None
        };
        let customer = match subscription {
            Some(s) => s["customer"].clone(),
            None => pick_from(rng, customers).map_or(Value::Null, |c| c["id"].clone()),
        };
        let status = *rng.pick(&[
            "paid",
            "paid",
            "paid",
            "open",
            "draft",
            "void",
            "uncollectible",
        ]);
        let send = rng.chance(30);
        let total = (rng.below(500) as i64 + 1) * 100;
        let paid = status == "paid";
        let finalized = status != "draft";
        json!({
            "id": id,
            "object": "invoice",
            "account_country": "US",
            "account_name": "Fake Stripe Account",
            "account_tax_ids": null,
            "amount_due": total,
            "amount_overpaid": 0,
            "amount_paid": if paid { total } else { 0 },
            "amount_remaining": if paid { 0 } else { total },
            "amount_shipping": 0,
            "application": null,
            "attempt_count": u64::from(finalized && !send),
            "attempted": finalized && !send,
            "auto_advance": status == "draft" || status == "open",
            "automatic_tax": {"enabled": false, "liability": null, "status": null},
            "automatically_finalizes_at": null,
            "billing_reason": if subscription.is_some() { "subscription_cycle" } else { "manual" },
            "collection_method": if send { "send_invoice" } else { "charge_automatically" },
            "created": created,
            "currency": subscription.map_or(json!("usd"), |s| s["currency"].clone()),
            "custom_fields": null,
            "customer": customer,
            "customer_account": null,
            "customer_address": null,
            "customer_email": null,
            "customer_name": null,
            "customer_phone": null,
            "customer_shipping": null,
            "customer_tax_exempt": "none",
            "customer_tax_ids": [],
            "default_payment_method": null,
            "default_source": null,
            "default_tax_rates": [],
            "description": null,
            "discounts": [],
            "due_date": send.then_some(created + 30 * 86_400),
            "effective_at": finalized.then_some(created + 3_600),
            "ending_balance": finalized.then_some(0),
            "footer": null,
            "from_invoice": null,
            "hosted_invoice_url": finalized.then(|| format!("https://invoice.stripe.com/i/{id}")),
            "invoice_pdf": finalized.then(|| format!("https://pay.stripe.com/invoice/{id}/pdf")),
            "issuer": {"type": "self"},
            "last_finalization_error": null,
            "latest_revision": null,
            "lines": {"object": "list", "data": [], "has_more": false, "url": format!("/v1/invoices/{id}/lines")},
            "livemode": false,
            "metadata": metadata(rng),
            "next_payment_attempt": null,
            "number": finalized.then(|| format!("FAKE-{:04}", i + 1)),
            "on_behalf_of": null,
            "parent": subscription.map(|s| json!({"quote_details": null, "subscription_details": {"metadata": {}, "subscription": s["id"]}, "type": "subscription_details"})),
            "payment_settings": {"default_mandate": null, "payment_method_options": null, "payment_method_types": null},
            "period_end": created,
            "period_start": created - 30 * 86_400,
            "post_payment_credit_notes_amount": 0,
            "pre_payment_credit_notes_amount": 0,
            "receipt_number": null,
            "rendering": null,
            "shipping_cost": null,
            "shipping_details": null,
            "starting_balance": 0,
            "statement_descriptor": null,
            "status": status,
            "status_transitions": {"finalized_at": finalized.then_some(created + 3_600), "marked_uncollectible_at": null, "paid_at": paid.then_some(created + 7_200), "voided_at": null},
            "subtotal": total,
            "subtotal_excluding_tax": total,
            "test_clock": null,
            "total": total,
            "total_discount_amounts": [],
            "total_excluding_tax": total,
            "total_pretax_credit_amounts": [],
            "total_taxes": [],
            "webhooks_delivered_at": created,
        })
    })
}

/// A field of a random object of `objects`, or `null`.
fn pick_field(rng: &mut Rng, objects: &[Value], field: &str) -> Value {
    pick_from(rng, objects).map_or(Value::Null, |o| o[field].clone())
}

fn accounts(seed: u64, count: usize, _: &World) -> Vec<Value> {
    each(seed, count, "accounts", "acct_", |rng, _, created, i| {
        let id = object_id("acct_", seed, stream("accounts"), i as u64, 16);
        let kind = *rng.pick(&["express", "express", "custom", "standard"]);
        let (country, currency) =
            *rng.pick(&[("US", "usd"), ("US", "usd"), ("GB", "gbp"), ("DE", "eur")]);
        let onboarded = rng.chance(75);
        let due: Vec<&str> = if onboarded {
            vec![]
        } else {
            vec!["external_account", "tos_acceptance.date"]
        };
        json!({
            "id": id,
            "object": "account",
            "business_profile": {"annual_revenue": null, "estimated_worker_count": null, "mcc": "5734", "minority_owned_business_designation": null, "name": format!("Seller {}", i + 1), "product_description": null, "support_address": null, "support_email": format!("help{i}@example.com"), "support_phone": null, "support_url": null, "url": format!("https://seller{i}.example.com")},
            "business_type": *rng.pick(&["individual", "company"]),
            "capabilities": {"card_payments": if onboarded { "active" } else { "pending" }, "transfers": if onboarded { "active" } else { "inactive" }},
            "charges_enabled": onboarded,
            "controller": {"type": "application", "is_controller": true},
            "country": country,
            "created": created,
            "default_currency": currency,
            "details_submitted": onboarded,
            "email": format!("owner{i}@example.com"),
            "external_accounts": {"object": "list", "data": [], "has_more": false, "url": format!("/v1/accounts/{id}/external_accounts")},
            "future_requirements": {"alternatives": [], "current_deadline": null, "currently_due": [], "disabled_reason": null, "errors": [], "eventually_due": [], "past_due": [], "pending_verification": []},
            "metadata": metadata(rng),
            "payouts_enabled": onboarded,
            "requirements": {"alternatives": [], "current_deadline": (!onboarded).then_some(created + 14 * 86_400), "currently_due": due, "disabled_reason": (!onboarded).then_some("requirements.past_due"), "errors": [], "eventually_due": due, "past_due": [], "pending_verification": []},
            "settings": {"dashboard": {"display_name": format!("Seller {}", i + 1), "timezone": "Etc/UTC"}, "payouts": {"debit_negative_balances": true, "schedule": {"delay_days": 2, "interval": *rng.pick(&["daily", "weekly", "manual"])}, "statement_descriptor": null}},
            "tos_acceptance": {"date": onboarded.then_some(created + 600), "ip": onboarded.then_some("203.0.113.7"), "user_agent": null},
            "type": kind,
        })
    })
}

fn coupons(seed: u64, count: usize, world: &World) -> Vec<Value> {
    let products = &world["products"];
    each(seed, count, "coupons", "", |rng, id, created, i| {
        // Every third coupon is limited to a product; amounts off also
        // have a price in euros. Both are sent only when expanded.
        let limited = i % 3 == 0;
        let percent = rng.chance(60);
        let duration = *rng.pick(&["once", "repeating", "forever"]);
        let max = rng.chance(30).then(|| 10 + rng.below(90));
        let redeemed = max.map_or(rng.below(40), |m| rng.below(m + 1));
        let expired = rng.chance(20);
        json!({
            "id": id[..11],
            "object": "coupon",
            "amount_off": (!percent).then(|| (rng.below(20) + 1) * 500),
            "applies_to": products.get(i % products.len().max(1)).filter(|_| limited).map(|p| json!({"products": [p["id"]]})),
            "created": created,
            "currency": if percent { Value::Null } else { json!("usd") },
            "currency_options": (!percent).then(|| json!({"eur": {"amount_off": 450}})),
            "duration": duration,
            "duration_in_months": (duration == "repeating").then(|| 1 + rng.below(12)),
            "livemode": false,
            "max_redemptions": max,
            "metadata": metadata(rng),
            "name": if percent { format!("{}% off", 5 * (1 + rng.below(10))) } else { "Welcome credit".into() },
            "percent_off": percent.then(|| 5.0 * (1 + rng.below(10)) as f64 + if rng.chance(20) { 0.5 } else { 0.0 }),
            "redeem_by": expired.then_some(created + 30 * 86_400),
            "times_redeemed": redeemed,
            "valid": !expired && max.is_none_or(|m| redeemed < m),
        })
    })
}

fn early_fraud_warnings(seed: u64, count: usize, world: &World) -> Vec<Value> {
    let charges = &world["charges"];
    each(
        seed,
        count,
        "early_fraud_warnings",
        "issfr_",
        |rng, id, created, _| {
            let charge = pick_from(rng, charges);
            json!({
                "id": id,
                "object": "radar.early_fraud_warning",
                "actionable": rng.chance(60),
                "charge": charge.map(|c| c["id"].clone()),
                "created": created,
                "fraud_type": *rng.pick(&["misc", "made_with_stolen_card", "unauthorized_use_of_card", "card_never_received"]),
                "livemode": false,
                "payment_intent": charge.map(|c| c["payment_intent"].clone()),
            })
        },
    )
}

fn files(seed: u64, count: usize, _: &World) -> Vec<Value> {
    each(seed, count, "files", "file_", |rng, id, created, i| {
        let (purpose, kind) = *rng.pick(&[
            ("dispute_evidence", "png"),
            ("dispute_evidence", "pdf"),
            ("identity_document", "jpg"),
            ("business_logo", "png"),
            ("finance_report_run", "csv"),
        ]);
        json!({
            "id": id,
            "object": "file",
            "created": created,
            "expires_at": (purpose == "finance_report_run").then_some(created + 365 * 86_400),
            "filename": format!("upload_{i}.{kind}"),
            "links": {"object": "list", "data": [], "has_more": false, "url": format!("/v1/file_links?file={id}")},
            "purpose": purpose,
            "size": 1_000 + rng.below(500_000),
            "title": rng.chance(30).then(|| format!("Document {}", i + 1)),
            "type": kind,
            "url": format!("https://files.stripe.com/v1/files/{id}/contents"),
        })
    })
}

fn file_links(seed: u64, count: usize, world: &World) -> Vec<Value> {
    let files = &world["files"];
    each(seed, count, "file_links", "link_", |rng, id, created, _| {
        let expired = rng.chance(25);
        json!({
            "id": id,
            "object": "file_link",
            "created": created,
            "expired": expired,
            "expires_at": if expired || rng.chance(30) { json!(created + 7 * 86_400) } else { Value::Null },
            "file": pick_field(rng, files, "id"),
            "livemode": false,
            "metadata": metadata(rng),
            "url": format!("https://files.stripe.com/links/{}", rng.base62(40)),
        })
    })
}

fn invoice_items(seed: u64, count: usize, world: &World) -> Vec<Value> {
    let invoices = &world["invoices"];
    let customers = &world["customers"];
    let prices = &world["prices"];
    each(
        seed,
        count,
        "invoice_items",
        "ii_",
        |rng, id, created, _| {
            let invoice = rng.chance(70).then(|| pick_from(rng, invoices)).flatten();
            let customer = invoice.map_or_else(
                || pick_field(rng, customers, "id"),
                |i| i["customer"].clone(),
            );
            let quantity = 1 + rng.below(4) as i64;
            let unit = (rng.below(100) as i64 + 1) * 100;
            let amount = quantity * unit;
            let discount = if rng.chance(20) { amount / 10 } else { 0 };
            let subscription = invoice.map_or(Value::Null, |i| {
                i["parent"]["subscription_details"]["subscription"].clone()
            });
            json!({
                "id": id,
                "object": "invoiceitem",
                "amount": amount,
                "currency": invoice.map_or(json!("usd"), |i| i["currency"].clone()),
                "customer": customer,
                "customer_account": null,
                "date": created,
                "description": format!("Consulting — {quantity} h"),
                "discountable": true,
                "discounts": [],
                "invoice": invoice.map(|i| i["id"].clone()),
                "_pending": invoice.is_none(),
                "livemode": false,
                "metadata": metadata(rng),
                "net_amount": amount - discount,
                "parent": if subscription.is_null() { Value::Null } else { json!({"subscription_details": {"subscription": subscription, "subscription_item": null}, "type": "subscription_details"}) },
                "period": {"end": created, "start": created},
                "pricing": {"price_details": {"price": pick_field(rng, prices, "id"), "product": null}, "type": "price_details", "unit_amount_decimal": unit.to_string()},
                "proration": rng.chance(10),
                "quantity": quantity,
                "quantity_decimal": quantity.to_string(),
                "tax_rates": [],
                "test_clock": null,
            })
        },
    )
}

fn payment_links(seed: u64, count: usize, _: &World) -> Vec<Value> {
    each(seed, count, "payment_links", "plink_", |rng, id, _, _| {
        let redirect = rng.chance(30);
        json!({
            "id": id,
            "object": "payment_link",
            "active": rng.chance(70),
            "after_completion": if redirect { json!({"redirect": {"url": "https://example.com/thanks"}, "type": "redirect"}) } else { json!({"hosted_confirmation": {"custom_message": null}, "type": "hosted_confirmation"}) },
            "allow_promotion_codes": rng.chance(40),
            "application": null,
            "application_fee_amount": null,
            "application_fee_percent": null,
            "automatic_tax": {"enabled": false, "liability": null},
            "billing_address_collection": *rng.pick(&["auto", "required"]),
            "consent_collection": null,
            "currency": *rng.pick(&["usd", "usd", "eur"]),
            "custom_fields": [],
            "custom_text": {"after_submit": null, "shipping_address": null, "submit": null, "terms_of_service_acceptance": null},
            "customer_creation": "if_required",
            "inactive_message": null,
            "invoice_creation": {"enabled": false, "invoice_data": null},
            "livemode": false,
            "managed_payments": null,
            "metadata": metadata(rng),
            "on_behalf_of": null,
            "payment_intent_data": null,
            "payment_method_collection": "always",
            "payment_method_options": null,
            "payment_method_types": null,
            "phone_number_collection": {"enabled": false},
            "restrictions": null,
            "shipping_address_collection": null,
            "shipping_options": [],
            "submit_type": *rng.pick(&["auto", "pay", "donate"]),
            "subscription_data": null,
            "tax_id_collection": {"enabled": false, "required": "never"},
            "transfer_data": null,
            "url": format!("https://buy.stripe.com/test_{}", rng.base62(14)),
        })
    })
}

fn payment_methods(seed: u64, count: usize, world: &World) -> Vec<Value> {
    let customers = &world["customers"];
    each(
        seed,
        count,
        "payment_methods",
        "pm_",
        |rng, id, created, _| {
            // A few were never attached: Stripe lists those under no customer.
            let customer = if rng.chance(90) {
                pick_from(rng, customers)
            } else {
                None
            };
            let kind = *rng.pick(&[
                "card",
                "card",
                "card",
                "card",
                "sepa_debit",
                "us_bank_account",
            ]);
            let (brand, last4, funding) = *rng.pick(&[
                ("visa", "4242", "credit"),
                ("mastercard", "4444", "credit"),
                ("visa", "0005", "debit"),
                ("amex", "8431", "credit"),
            ]);
            let card = (kind == "card").then(|| json!({
            "brand": brand,
            "checks": {"address_line1_check": null, "address_postal_code_check": null, "cvc_check": "pass"},
            "country": "US",
            "display_brand": brand,
            "exp_month": 1 + rng.below(12),
            "exp_year": 2025 + rng.below(6),
            "fingerprint": rng.base62(16),
            "funding": funding,
            "generated_from": null,
            "last4": last4,
            "networks": {"available": [brand], "preferred": null},
            "regulated_status": "unregulated",
            "three_d_secure_usage": {"supported": true},
            "wallet": if rng.chance(20) { json!({"dynamic_last4": null, "type": "apple_pay"}) } else { Value::Null },
        }));
            let mut object = json!({
                "id": id,
                "object": "payment_method",
                "allow_redisplay": *rng.pick(&["unspecified", "always", "limited"]),
                "billing_details": {"address": {"city": null, "country": *rng.pick(&["US", "DE", "FR"]), "line1": null, "line2": null, "postal_code": null, "state": null}, "email": customer.map(|c| c["email"].clone()), "name": customer.map(|c| c["name"].clone()), "phone": null, "tax_id": null},
                "created": created,
                "customer": customer.map(|c| c["id"].clone()),
                "customer_account": null,
                "livemode": false,
                "metadata": metadata(rng),
                "type": kind,
            });
            let details = match kind {
                "card" => card.unwrap_or(Value::Null),
                "sepa_debit" => {
                    json!({"bank_code": "37040044", "branch_code": null, "country": "DE", "fingerprint": rng.base62(16), "generated_from": {"charge": null, "setup_attempt": null}, "last4": "3000"})
                }
                _ => {
                    json!({"account_holder_type": "individual", "account_type": "checking", "bank_name": "STRIPE TEST BANK", "fingerprint": rng.base62(16), "last4": "6789", "routing_number": "110000000"})
                }
            };
            object[kind] = details;
            object
        },
    )
}

fn plans(seed: u64, count: usize, world: &World) -> Vec<Value> {
    let products = &world["products"];
    each(seed, count, "plans", "price_", |rng, id, created, i| {
        let amount = (rng.below(100) as i64 + 1) * 100;
        // Every fourth plan is tiered; its tiers are sent only when expanded.
        let tiered = i % 4 == 3;
        json!({
            "id": id,
            "object": "plan",
            "active": rng.chance(80),
            "amount": (!tiered).then_some(amount),
            "amount_decimal": (!tiered).then(|| amount.to_string()),
            "billing_scheme": if tiered { "tiered" } else { "per_unit" },
            "created": created,
            "currency": *rng.pick(&["usd", "usd", "eur"]),
            "interval": *rng.pick(&["month", "month", "year", "week"]),
            "interval_count": 1 + rng.below(3),
            "livemode": false,
            "metadata": metadata(rng),
            "meter": null,
            "nickname": rng.chance(40).then_some("Standard"),
            "product": pick_field(rng, products, "id"),
            "tiers": tiered.then(|| json!([
                {"flat_amount": null, "flat_amount_decimal": null, "unit_amount": amount, "unit_amount_decimal": amount.to_string(), "up_to": 10},
                {"flat_amount": null, "flat_amount_decimal": null, "unit_amount": amount / 2, "unit_amount_decimal": (amount / 2).to_string(), "up_to": null},
            ])),
            "tiers_mode": tiered.then_some("graduated"),
            "transform_usage": null,
            "trial_period_days": rng.chance(30).then_some(14),
            "usage_type": *rng.pick(&["licensed", "licensed", "metered"]),
        })
    })
}

fn promotion_codes(seed: u64, count: usize, world: &World) -> Vec<Value> {
    let coupons = &world["coupons"];
    let customers = &world["customers"];
    each(
        seed,
        count,
        "promotion_codes",
        "promo_",
        |rng, id, created, i| {
            let minimum = rng.chance(30).then(|| (rng.below(10) + 1) * 1_000);
            json!({
                "id": id,
                "object": "promotion_code",
                "active": rng.chance(70),
                "code": format!("{}{}", rng.pick(&["FALL", "WELCOME", "VIP", "SPRING"]), 10 + i),
                "created": created,
                "customer": if rng.chance(15) { pick_field(rng, customers, "id") } else { Value::Null },
                "customer_account": null,
                "expires_at": rng.chance(40).then_some(created + 60 * 86_400),
                "livemode": false,
                "max_redemptions": rng.chance(30).then_some(100),
                "metadata": metadata(rng),
                "promotion": {"coupon": pick_field(rng, coupons, "id"), "type": "coupon"},
                "restrictions": {"currency_options": {}, "first_time_transaction": rng.chance(30), "minimum_amount": minimum, "minimum_amount_currency": minimum.map(|_| "usd")},
                "times_redeemed": rng.below(50),
            })
        },
    )
}

fn quotes(seed: u64, count: usize, world: &World) -> Vec<Value> {
    let customers = &world["customers"];
    each(seed, count, "quotes", "qt_", |rng, id, created, i| {
        let status = *rng.pick(&["draft", "open", "open", "accepted", "canceled"]);
        let subtotal = (rng.below(200) as i64 + 1) * 500;
        let tax = subtotal / 10;
        let discount = if rng.chance(20) { subtotal / 20 } else { 0 };
        let finalized = status != "draft";
        let totals = json!({"amount_discount": discount, "amount_shipping": 0, "amount_tax": tax});
        json!({
            "id": id,
            "object": "quote",
            "amount_subtotal": subtotal,
            "amount_total": subtotal - discount + tax,
            "application": null,
            "application_fee_amount": null,
            "application_fee_percent": null,
            "automatic_tax": {"enabled": false, "liability": null, "provider": null, "status": null},
            "collection_method": "charge_automatically",
            "computed": {"recurring": null, "upfront": {"amount_subtotal": subtotal, "amount_total": subtotal - discount + tax, "total_details": totals}},
            "created": created,
            "currency": "usd",
            "customer": pick_field(rng, customers, "id"),
            "customer_account": null,
            "default_tax_rates": [],
            "description": null,
            "discounts": [],
            "expires_at": created + 30 * 86_400,
            "footer": null,
            "from_quote": null,
            "header": null,
            "invoice": (status == "accepted").then(|| format!("in_{}", rng.base62(24))),
            "invoice_settings": {"days_until_due": null, "issuer": {"type": "self"}},
            "livemode": false,
            "metadata": metadata(rng),
            "number": finalized.then(|| format!("QT-{:04}", i + 1)),
            "on_behalf_of": null,
            "status": status,
            "status_transitions": {"accepted_at": (status == "accepted").then_some(created + 86_400), "canceled_at": (status == "canceled").then_some(created + 86_400), "finalized_at": finalized.then_some(created + 600)},
            "subscription": null,
            "subscription_data": {"billing_mode": {"type": "classic"}, "description": null, "effective_date": null, "metadata": null, "trial_period_days": null},
            "subscription_schedule": null,
            "test_clock": null,
            "total_details": totals,
            "transfer_data": null,
        })
    })
}

fn reviews(seed: u64, count: usize, world: &World) -> Vec<Value> {
    let charges = &world["charges"];
    each(seed, count, "reviews", "prv_", |rng, id, created, _| {
        let charge = pick_from(rng, charges);
        let open = rng.chance(60);
        let opened = *rng.pick(&["rule", "rule", "manual"]);
        let closed =
            (!open).then(|| *rng.pick(&["approved", "refunded", "refunded_as_fraud", "disputed"]));
        json!({
            "id": id,
            "object": "review",
            "billing_zip": rng.chance(50).then_some("94107"),
            "charge": charge.map(|c| c["id"].clone()),
            "closed_reason": closed,
            "created": created,
            "ip_address": format!("198.51.100.{}", rng.below(250)),
            "ip_address_location": {"city": "San Francisco", "country": *rng.pick(&["US", "US", "NG", "RU"]), "latitude": 37.77, "longitude": -122.42, "region": "CA"},
            "livemode": false,
            "open": open,
            "opened_reason": opened,
            "payment_intent": charge.map(|c| c["payment_intent"].clone()),
            "reason": closed.unwrap_or(opened),
            "session": {"browser": "Chrome", "device": "Other", "platform": "macOS", "version": "126.0"},
        })
    })
}

fn setup_intents(seed: u64, count: usize, world: &World) -> Vec<Value> {
    let methods = &world["payment_methods"];
    each(
        seed,
        count,
        "setup_intents",
        "seti_",
        |rng, id, created, _| {
            let status = *rng.pick(&[
                "succeeded",
                "succeeded",
                "succeeded",
                "requires_payment_method",
                "canceled",
                "requires_action",
            ]);
            let method = pick_from(rng, methods).filter(|_| status != "requires_payment_method");
            json!({
                "id": id,
                "object": "setup_intent",
                "application": null,
                "automatic_payment_methods": {"allow_redirects": "always", "enabled": true},
                "cancellation_reason": (status == "canceled").then_some("abandoned"),
                "client_secret": format!("{id}_secret_{}", rng.base62(24)),
                "created": created,
                "customer": method.map_or(Value::Null, |m| m["customer"].clone()),
                "customer_account": null,
                "description": null,
                "excluded_payment_method_types": null,
                "flow_directions": null,
                "last_setup_error": if status == "requires_payment_method" && rng.chance(50) { json!({"code": "card_declined", "type": "card_error"}) } else { Value::Null },
                "latest_attempt": (status != "requires_payment_method").then(|| format!("setatt_{}", rng.base62(24))),
                "livemode": false,
                "mandate": null,
                "metadata": metadata(rng),
                "next_action": if status == "requires_action" { json!({"type": "use_stripe_sdk", "use_stripe_sdk": {}}) } else { Value::Null },
                "on_behalf_of": null,
                "payment_method": method.map(|m| m["id"].clone()),
                "payment_method_configuration_details": null,
                "payment_method_options": {"card": {"mandate_options": null, "network": null, "request_three_d_secure": "automatic"}},
                "payment_method_types": ["card"],
                "single_use_mandate": null,
                "status": status,
                "usage": *rng.pick(&["off_session", "off_session", "on_session"]),
            })
        },
    )
}

fn shipping_rates(seed: u64, count: usize, _: &World) -> Vec<Value> {
    each(
        seed,
        count,
        "shipping_rates",
        "shr_",
        |rng, id, created, _| {
            let (name, days) = *rng.pick(&[
                ("Ground shipping", 5),
                ("Express", 2),
                ("Overnight", 1),
                ("Free shipping", 7),
            ]);
            json!({
                "id": id,
                "object": "shipping_rate",
                "active": rng.chance(80),
                "created": created,
                "delivery_estimate": {"maximum": {"unit": "business_day", "value": days + 2}, "minimum": {"unit": "business_day", "value": days}},
                "display_name": name,
                "fixed_amount": {"amount": if name == "Free shipping" { 0 } else { (rng.below(30) + 1) * 100 }, "currency": *rng.pick(&["usd", "usd", "eur", "gbp"])},
                "livemode": false,
                "metadata": metadata(rng),
                "tax_behavior": *rng.pick(&["unspecified", "exclusive", "inclusive"]),
                "tax_code": "txcd_92010001",
                "type": "fixed_amount",
            })
        },
    )
}

fn subscription_schedules(seed: u64, count: usize, world: &World) -> Vec<Value> {
    let customers = &world["customers"];
    let prices = &world["prices"];
    each(
        seed,
        count,
        "subscription_schedules",
        "sub_sched_",
        |rng, id, created, _| {
            let status = *rng.pick(&[
                "not_started",
                "active",
                "active",
                "completed",
                "released",
                "canceled",
            ]);
            let start = created + 86_400;
            let end = start + 90 * 86_400;
            let when = |s: &str| (status == s).then_some(end);
            json!({
                "id": id,
                "object": "subscription_schedule",
                "application": null,
                "billing_mode": {"type": "classic"},
                "canceled_at": when("canceled"),
                "completed_at": when("completed"),
                "created": created,
                "current_phase": if status == "active" { json!({"end_date": end, "start_date": start}) } else { Value::Null },
                "customer": pick_field(rng, customers, "id"),
                "customer_account": null,
                "default_settings": {"application_fee_percent": null, "billing_cycle_anchor": "automatic", "collection_method": "charge_automatically", "default_payment_method": null, "description": null, "invoice_settings": {"account_tax_ids": null, "days_until_due": null, "issuer": {"type": "self"}}, "on_behalf_of": null, "transfer_data": null},
                "end_behavior": *rng.pick(&["release", "cancel"]),
                "livemode": false,
                "metadata": metadata(rng),
                "phases": [{"currency": "usd", "end_date": end, "items": [{"price": pick_field(rng, prices, "id"), "quantity": 1}], "start_date": start}],
                "released_at": when("released"),
                "released_subscription": (status == "released").then(|| format!("sub_{}", rng.base62(24))),
                "status": status,
                "_scheduled": status == "not_started",
                "subscription": matches!(status, "active" | "completed").then(|| format!("sub_{}", rng.base62(24))),
                "test_clock": null,
            })
        },
    )
}

fn tax_rates(seed: u64, count: usize, _: &World) -> Vec<Value> {
    each(seed, count, "tax_rates", "txr_", |rng, id, created, _| {
        let (country, state, name, kind, percentage) = *rng.pick(&[
            ("DE", None, "VAT", "vat", 19.0),
            ("FR", None, "TVA", "vat", 20.0),
            ("US", Some("CA"), "Sales Tax", "sales_tax", 7.25),
            ("AU", None, "GST", "gst", 10.0),
        ]);
        json!({
            "id": id,
            "object": "tax_rate",
            "active": rng.chance(80),
            "country": country,
            "created": created,
            "description": format!("{name} {country}"),
            "display_name": name,
            "effective_percentage": percentage,
            "flat_amount": null,
            "inclusive": rng.chance(40),
            "jurisdiction": state.unwrap_or(country),
            "jurisdiction_level": if state.is_some() { "state" } else { "country" },
            "livemode": false,
            "metadata": metadata(rng),
            "percentage": percentage,
            "rate_type": "percentage",
            "state": state,
            "tax_type": kind,
        })
    })
}

fn tax_registrations(seed: u64, count: usize, _: &World) -> Vec<Value> {
    each(
        seed,
        count,
        "tax_registrations",
        "taxreg_",
        |rng, id, created, _| {
            let (country, options) = match rng.below(4) {
                0 => (
                    "US",
                    json!({"us": {"state": "CA", "type": "state_sales_tax"}}),
                ),
                1 => ("DE", json!({"de": {"type": "standard"}})),
                2 => ("GB", json!({"gb": {"type": "standard"}})),
                _ => ("AU", json!({"au": {"type": "standard"}})),
            };
            let status = *rng.pick(&["active", "active", "scheduled", "expired"]);
            let day = 86_400;
            json!({
                "id": id,
                "object": "tax.registration",
                "active_from": if status == "scheduled" { created + 30 * day } else { created },
                "country": country,
                "country_options": options,
                "created": created,
                "expires_at": (status == "expired").then_some(created + 60 * day),
                "livemode": false,
                "status": status,
            })
        },
    )
}

fn topups(seed: u64, count: usize, _: &World) -> Vec<Value> {
    each(seed, count, "topups", "tu_", |rng, id, created, _| {
        let status = *rng.pick(&[
            "succeeded",
            "succeeded",
            "succeeded",
            "pending",
            "failed",
            "canceled",
        ]);
        let failed = status == "failed";
        json!({
            "id": id,
            "object": "topup",
            "amount": (rng.below(200) as i64 + 1) * 1_000,
            "balance_transaction": (status == "succeeded").then(|| format!("txn_{}", rng.base62(24))),
            "created": created,
            "currency": "usd",
            "description": "Top-up for payouts",
            "expected_availability_date": created + 5 * 86_400,
            "failure_code": failed.then_some("insufficient_funds"),
            "failure_message": failed.then_some("The bank account has insufficient funds."),
            "initiated_by": null,
            "livemode": false,
            "metadata": metadata(rng),
            "source": {"id": format!("src_{}", rng.base62(24)), "object": "source", "type": "ach_debit", "ach_debit": {"bank_name": "STRIPE TEST BANK", "country": "US", "last4": "6789"}, "status": "chargeable"},
            "statement_descriptor": null,
            "status": status,
            "transfer_group": null,
        })
    })
}

fn webhook_endpoints(seed: u64, count: usize, _: &World) -> Vec<Value> {
    each(
        seed,
        count,
        "webhook_endpoints",
        "we_",
        |rng, id, created, i| {
            let events: Vec<&str> = if rng.chance(30) {
                vec!["*"]
            } else {
                vec!["charge.failed", "charge.succeeded", "invoice.paid"]
            };
            json!({
                "id": id,
                "object": "webhook_endpoint",
                "api_version": rng.chance(30).then_some("2024-06-20"),
                "application": null,
                "created": created,
                "description": rng.chance(50).then(|| format!("Hook {}", i + 1)),
                "enabled_events": events,
                "livemode": false,
                "metadata": metadata(rng),
                "status": *rng.pick(&["enabled", "enabled", "disabled"]),
                "url": format!("https://hooks{i}.example.com/stripe"),
            })
        },
    )
}

/// A payment for every invoice (an invoice may have more): a payment intent
/// mostly, an older charge sometimes, both among the generated ones.
fn invoice_payments(seed: u64, count: usize, world: &World) -> Vec<Value> {
    let invoices = &world["invoices"];
    let intents = &world["payment_intents"];
    let charges = &world["charges"];
    each(
        seed,
        count,
        "invoice_payments",
        "inpay_",
        |rng, id, created, i| {
            let invoice = invoices.get(i % invoices.len().max(1));
            let payment = if rng.chance(80) {
                json!({"payment_intent": pick_field(rng, intents, "id"), "type": "payment_intent"})
            } else {
                json!({"charge": pick_field(rng, charges, "id"), "type": "charge"})
            };
            let status = *rng.pick(&["paid", "paid", "open", "canceled"]);
            let amount = invoice.map_or(json!(1000), |i| i["total"].clone());
            let paid = status == "paid";
            json!({
                "id": id,
                "object": "invoice_payment",
                "amount_paid": if paid { amount.clone() } else { Value::Null },
                "amount_requested": amount,
                "created": created,
                "currency": invoice.map_or(json!("usd"), |i| i["currency"].clone()),
                "invoice": invoice.map(|i| i["id"].clone()),
                "is_default": i < invoices.len(),
                "livemode": false,
                "payment": payment,
                "status": status,
                "status_transitions": {"canceled_at": (status == "canceled").then_some(created + 600), "paid_at": paid.then_some(created + 60)},
            })
        },
    )
}

fn billing_meters(seed: u64, count: usize, _: &World) -> Vec<Value> {
    each(
        seed,
        count,
        "billing_meters",
        "mtr_",
        |rng, id, created, i| {
            let active = rng.chance(80);
            let (name, event) = *rng.pick(&[
                ("API calls", "api_call"),
                ("Tokens", "tokens"),
                ("Storage", "storage_gb"),
            ]);
            json!({
                "id": id,
                "object": "billing.meter",
                "created": created,
                "customer_mapping": {"event_payload_key": "stripe_customer_id", "type": "by_id"},
                "default_aggregation": {"formula": *rng.pick(&["sum", "sum", "count", "last"])},
                "display_name": format!("{name} {}", i + 1),
                "event_name": format!("{event}_{}", i + 1),
                "event_time_window": null,
                "livemode": false,
                "status": if active { "active" } else { "inactive" },
                "status_transitions": {"deactivated_at": (!active).then_some(created + 86_400)},
                "updated": created + 3_600,
                "value_settings": {"event_payload_key": "value"},
            })
        },
    )
}

fn billing_credit_grants(seed: u64, count: usize, world: &World) -> Vec<Value> {
    let customers = &world["customers"];
    each(
        seed,
        count,
        "billing_credit_grants",
        "credgr_",
        |rng, id, created, _| {
            let voided = rng.chance(10);
            json!({
                "id": id,
                "object": "billing.credit_grant",
                "amount": {"monetary": {"currency": "usd", "value": (rng.below(100) + 1) * 1_000}, "type": "monetary"},
                "applicability_config": {"scope": {"price_type": "metered"}},
                "category": *rng.pick(&["paid", "promotional"]),
                "created": created,
                "customer": pick_field(rng, customers, "id"),
                "customer_account": null,
                "effective_at": created,
                "expires_at": rng.chance(50).then_some(created + 365 * 86_400),
                "livemode": false,
                "metadata": metadata(rng),
                "name": *rng.pick(&[Value::Null, json!("Purchased credits"), json!("Welcome credits")]),
                "priority": 50,
                "test_clock": null,
                "updated": created,
                "voided_at": voided.then_some(created + 86_400),
            })
        },
    )
}

/// Sales Stripe Tax recorded, and a few reversals of earlier ones.
fn tax_transactions(seed: u64, count: usize, world: &World) -> Vec<Value> {
    let customers = &world["customers"];
    each(
        seed,
        count,
        "tax_transactions",
        "tax_",
        |rng, id, created, i| {
            let amount = (rng.below(100) as i64 + 1) * 100;
            let reversal = i % 10 == 9;
            json!({
                "id": id,
                "object": "tax.transaction",
                "created": created,
                "currency": "usd",
                "customer": pick_field(rng, customers, "id"),
                "customer_details": {"address": {"city": "South San Francisco", "country": "US", "line1": "354 Oyster Point Blvd", "line2": "", "postal_code": "94080", "state": "CA"}, "address_source": "shipping", "ip_address": null, "tax_ids": [], "taxability_override": "none"},
                "line_items": {"data": [{"amount": amount, "amount_tax": amount * 8 / 100, "livemode": false, "object": "tax.transaction_line_item", "quantity": 1, "reference": "Fake product", "tax_behavior": "exclusive", "tax_code": "txcd_99999999", "type": if reversal { "reversal" } else { "transaction" }}], "has_more": false, "object": "list", "url": format!("/v1/tax/transactions/{id}/line_items")},
                "livemode": false,
                "metadata": null,
                "posted_at": created,
                "reference": format!("order_{}", 1000 + i),
                "reversal": if reversal { json!({"original_transaction": format!("tax_{}", rng.base62(24))}) } else { json!({"original_transaction": null}) },
                "ship_from_details": null,
                "shipping_cost": null,
                "tax_date": created,
                "type": if reversal { "reversal" } else { "transaction" },
            })
        },
    )
}

/// Tax codes have no `created`: Stripe lists them in its own order.
fn tax_codes(seed: u64, count: usize, _: &World) -> Vec<Value> {
    const KINDS: &[(&str, &str)] = &[
        (
            "General - Tangible Goods",
            "A physical good that can be moved or touched.",
        ),
        (
            "General - Services",
            "A service that is not otherwise classified.",
        ),
        (
            "Software as a service (SaaS)",
            "Pre-written software delivered electronically over the Internet.",
        ),
        (
            "Digital books",
            "Books delivered electronically, with rights for permanent use.",
        ),
    ];
    each(seed, count, "tax_codes", "", |rng, _, _, i| {
        let (name, description) = *rng.pick(KINDS);
        json!({
            "id": format!("txcd_{:08}", 10_000_000 + i * 10_010),
            "object": "tax_code",
            "description": description,
            "name": format!("{name} {}", i + 1),
        })
    })
}

/// Countries country specs are served for, in Stripe's (alphabetical) order.
const SPEC_COUNTRIES: &[(&str, &str)] = &[
    ("AT", "eur"),
    ("AU", "aud"),
    ("BE", "eur"),
    ("BR", "brl"),
    ("CA", "cad"),
    ("CH", "chf"),
    ("DE", "eur"),
    ("DK", "dkk"),
    ("ES", "eur"),
    ("FI", "eur"),
    ("FR", "eur"),
    ("GB", "gbp"),
    ("HK", "hkd"),
    ("IE", "eur"),
    ("IT", "eur"),
    ("JP", "jpy"),
    ("MX", "mxn"),
    ("NL", "eur"),
    ("NO", "nok"),
    ("NZ", "nzd"),
    ("PL", "pln"),
    ("PT", "eur"),
    ("SE", "sek"),
    ("SG", "sgd"),
    ("US", "usd"),
];

/// Country specs have no `created` either: they are listed by country code.
fn country_specs(_: u64, _: usize, _: &World) -> Vec<Value> {
    SPEC_COUNTRIES
        .iter()
        .map(|(country, currency)| {
            json!({
                "id": country,
                "object": "country_spec",
                "default_currency": currency,
                "supported_bank_account_currencies": {*currency: [country]},
                "supported_payment_currencies": [currency, "usd", "eur"],
                "supported_payment_methods": ["card", "stripe"],
                "supported_transfer_countries": ["DE", "FR", "GB", "US"],
                "verification_fields": {"company": {"additional": [], "minimum": ["business_profile.url", "external_account"]}, "individual": {"additional": [], "minimum": ["individual.dob.day", "external_account"]}},
            })
        })
        .collect()
}
