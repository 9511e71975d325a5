//! The list resources a fake Stripe server serves, as data: each names its
//! path, object kind, list filters and a deterministic generator. Adding a
//! resource is one [`Resource`] entry and one generator function; the server
//! gives every resource the same list semantics (newest first, `limit`,
//! cursors, ranges, equality filters, 400 on unknown parameters, 404 on
//! unknown ids).

use std::collections::HashMap;

use serde_json::{Value, json};

use super::data::{self, Rng, created_at, object_id};
use super::families;

/// Objects generated so far, by resource name (later resources refer to earlier ones).
pub type World = HashMap<&'static str, Vec<Value>>;

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
    /// given as `true`/`false`).
    pub equals: &'static [&'static str],
    /// Range parameters on integer fields of the same name: `p`, `p[gt]`, `p[gte]`, `p[lt]`, `p[lte]`.
    pub ranges: &'static [&'static str],
    /// `(param, hidden)`: without `param`, objects whose field `param` is one
    /// of `hidden` are not listed; `param=all` lists everything (subscriptions).
    pub hidden_unless: Option<(&'static str, &'static [&'static str])>,
    /// Generates `count` objects, newest first (strictly decreasing `created`).
    pub generate: fn(seed: u64, count: usize, world: &World) -> Vec<Value>,
    pub size: fn(&Sizes) -> usize,
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
        equals: &["currency", "source", "type"],
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
        equals: &["active", "shippable", "url"],
        ranges: &["created"],
        hidden_unless: None,
        generate: products,
        size: others,
    },
    Resource {
        name: "prices",
        object: "price",
        equals: &["active", "currency", "product", "type"],
        ranges: &["created"],
        hidden_unless: None,
        generate: prices,
        size: others,
    },
    Resource {
        name: "events",
        object: "event",
        equals: &["delivery_success", "type"],
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
            "price",
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
        equals: &["collection_method", "customer", "status", "subscription"],
        ranges: &["created", "due_date"],
        hidden_unless: None,
        generate: invoices,
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
        ranges: &[],
        hidden_unless: None,
        generate: families::credit_notes,
        size: others,
    },
    Resource {
        name: "checkout_sessions",
        object: "checkout.session",
        equals: &["payment_intent", "subscription"],
        ranges: &[],
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
];

/// Where a resource is served when not at `/v1/{name}` (list) and `/v1/{name}/{id}` (get).
#[derive(Clone, Copy, Debug)]
pub enum Route {
    /// List at `/v1/{path}`, get at `/v1/{path}/{id}`.
    At(&'static str),
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
];

/// List parameters without which a list is refused (400), like the real API.
pub static REQUIRED: &[(&str, &str)] = &[("subscription_items", "subscription")];

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
    world
}

/// A distinct generator stream per resource.
pub(super) fn stream(name: &str) -> u64 {
    name.bytes().fold(0xCBF2_9CE4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01B3)
    })
}

/// `count` objects of resource `name`: `(rng, id, created, index)` → object.
pub(super) fn each(
    seed: u64,
    count: usize,
    name: &str,
    prefix: &str,
    mut make: impl FnMut(&mut Rng, String, i64, usize) -> Value,
) -> Vec<Value> {
    let kind = stream(name);
    (0..count)
        .map(|i| {
            let mut rng = Rng::new(seed, kind, i as u64);
            let id = object_id(prefix, seed, kind, i as u64, 24);
            let created = created_at(&mut rng, i, count);
            make(&mut rng, id, created, i)
        })
        .collect()
}

pub(super) fn pick_from<'a>(rng: &mut Rng, objects: &'a [Value]) -> Option<&'a Value> {
    (!objects.is_empty()).then(|| &objects[rng.below(objects.len() as u64) as usize])
}

pub(super) fn metadata(rng: &mut Rng) -> Value {
    if rng.chance(30) {
        json!({"order_id": format!("{}", 6000 + rng.below(4000))})
    } else {
        json!({})
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
    })
}

fn balance_transactions(seed: u64, count: usize, world: &World) -> Vec<Value> {
    let charges = &world["charges"];
    each(
        seed,
        count,
        "balance_transactions",
        "txn_",
        |rng, id, created, _| {
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
            "shippable": null,
            "statement_descriptor": null,
            "tax_code": null,
            "type": "service",
            "unit_label": null,
            "updated": created + rng.below(86_400) as i64,
            "url": null,
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
        json!({
            "id": id,
            "object": "event",
            "api_version": "2024-06-20",
            "created": created,
            "data": {"object": object},
            "livemode": false,
            "pending_webhooks": rng.below(2),
            "request": {"id": rng.chance(60).then(|| format!("req_{}", rng.base62(14))), "idempotency_key": null},
            "type": kind,
        })
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
            "subscription": subscription.map(|s| s["id"].clone()),
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
