//! Generated parents and their children for the fake Stripe: application
//! fees with refunds, transfers with reversals, credit notes with lines,
//! Checkout Sessions with line items, and the children of earlier resources
//! (customers' balance transactions and tax ids, invoices' lines,
//! subscriptions' items).
//!
//! Every parent at index 0 has more than a page (100) of children where the
//! API pages them, so paging under one parent is exercised; the others have
//! 0 to 4. Children are listed under their parent in generation order,
//! newest first. A child the real API returns without its parent's id keeps
//! it in `_parent`, which the server uses and never sends.

use serde_json::{Value, json};

use super::data::{Rng, World, each, metadata, object_id, pick_from, stream};

/// Children per parent: more than a page for the first parent, a few for the others.
fn how_many(parent_index: usize, rng: &mut Rng) -> usize {
    if parent_index == 0 {
        105
    } else {
        rng.below(5) as usize
    }
}

/// `make(rng, id, parent, k, n)` for the `k`-th of `n` children of every
/// parent, in parent order.
fn children(
    seed: u64,
    name: &str,
    prefix: &str,
    parents: &[Value],
    mut make: impl FnMut(&mut Rng, String, &Value, usize, usize) -> Value,
) -> Vec<Value> {
    let kind = stream(name);
    let mut out = Vec::new();
    for (i, parent) in parents.iter().enumerate() {
        let mut rng = Rng::new(seed, kind, i as u64);
        let n = how_many(i, &mut rng);
        for k in 0..n {
            let id = object_id(prefix, seed, kind, (i * 1_000 + k) as u64, 24);
            out.push(make(&mut rng, id, parent, k, n));
        }
    }
    out
}

/// A child created after its parent, newest first among its siblings.
fn child_created(parent: &Value, k: usize, n: usize) -> i64 {
    parent["created"].as_i64().unwrap_or(0) + 60 * (n - k) as i64
}

fn id(object: &Value) -> Value {
    object["id"].clone()
}

pub fn application_fees(seed: u64, count: usize, world: &World) -> Vec<Value> {
    let charges = &world["charges"];
    each(
        seed,
        count,
        "application_fees",
        "fee_",
        |rng, fee, created, _| {
            let charge = pick_from(rng, charges).map(id);
            let amount = (rng.below(50) as i64 + 1) * 10;
            let refunded = rng.chance(10);
            json!({
                "id": fee,
                "object": "application_fee",
                "account": object_id("acct_", seed, 7, rng.below(5), 16),
                "amount": amount,
                "amount_refunded": if refunded { amount } else { 0 },
                "application": "ca_FakeApplication0001",
                "balance_transaction": format!("txn_{}", rng.base62(24)),
                "charge": charge,
                "created": created,
                "currency": *rng.pick(&["usd", "usd", "eur"]),
                "fee_source": {"charge": charge, "type": "charge"},
                "livemode": false,
                "originating_transaction": null,
                "refunded": refunded,
                "refunds": {"object": "list", "data": [], "has_more": false, "url": format!("/v1/application_fees/{fee}/refunds")},
            })
        },
    )
}

pub fn transfers(seed: u64, count: usize, _: &World) -> Vec<Value> {
    each(
        seed,
        count,
        "transfers",
        "tr_",
        |rng, transfer, created, _| {
            json!({
                "id": transfer,
                "object": "transfer",
                "amount": (rng.below(1_000) as i64 + 1) * 100,
                "amount_reversed": 0,
                "balance_transaction": format!("txn_{}", rng.base62(24)),
                "created": created,
                "currency": "usd",
                "description": rng.chance(50).then(|| format!("Payout share {}", rng.below(100))),
                "destination": object_id("acct_", seed, 7, rng.below(5), 16),
                "destination_payment": format!("py_{}", rng.base62(14)),
                "livemode": false,
                "metadata": metadata(rng),
                "reversals": {"object": "list", "data": [], "has_more": false, "url": format!("/v1/transfers/{transfer}/reversals")},
                "reversed": false,
                "source_transaction": null,
                "source_type": "card",
                "transfer_group": rng.chance(30).then(|| format!("group_{}", rng.below(4))),
            })
        },
    )
}

pub fn credit_notes(seed: u64, count: usize, world: &World) -> Vec<Value> {
    let invoices = &world["invoices"];
    each(
        seed,
        count,
        "credit_notes",
        "cn_",
        |rng, note, created, i| {
            let invoice = pick_from(rng, invoices);
            let amount = (rng.below(50) as i64 + 1) * 100;
            let void = rng.chance(15);
            json!({
                "id": note,
                "object": "credit_note",
                "amount": amount,
                "amount_shipping": 0,
                "created": created,
                "currency": invoice.map_or(json!("usd"), |i| i["currency"].clone()),
                "customer": invoice.map(|i| i["customer"].clone()),
                "customer_account": null,
                "customer_balance_transaction": null,
                "discount_amount": 0,
                "discount_amounts": [],
                "effective_at": created,
                "invoice": invoice.map(id),
                "lines": {"object": "list", "data": [], "has_more": false, "url": format!("/v1/credit_notes/{note}/lines")},
                "livemode": false,
                "memo": rng.chance(40).then_some("Goodwill credit"),
                "metadata": metadata(rng),
                "number": format!("FAKE-CN-{:04}", i + 1),
                "out_of_band_amount": null,
                "post_payment_amount": amount,
                "pre_payment_amount": 0,
                "pretax_credit_amounts": [],
                "reason": *rng.pick(&[Value::Null, json!("duplicate"), json!("order_change"), json!("product_unsatisfactory")]),
                "refunds": [],
                "pdf": format!("https://pay.stripe.com/credit_notes/{note}/pdf"),
                "shipping_cost": null,
                "status": if void { "void" } else { "issued" },
                "subtotal": amount,
                "subtotal_excluding_tax": amount,
                "total": amount,
                "total_excluding_tax": amount,
                "total_taxes": [],
                "type": "post_payment",
                "voided_at": void.then_some(created + 3_600),
            })
        },
    )
}

pub fn checkout_sessions(seed: u64, count: usize, world: &World) -> Vec<Value> {
    let customers = &world["customers"];
    let subscriptions = &world["subscriptions"];
    each(
        seed,
        count,
        "checkout_sessions",
        "cs_test_",
        |rng, session, created, _| {
            let mode = *rng.pick(&["payment", "payment", "subscription", "setup"]);
            let status = *rng.pick(&["complete", "complete", "open", "expired"]);
            let complete = status == "complete";
            let customer = pick_from(rng, customers);
            let amount = (rng.below(200) as i64 + 1) * 100;
            json!({
                "id": session,
                "object": "checkout.session",
                "adaptive_pricing": {"enabled": false},
                "after_expiration": null,
                "allow_promotion_codes": null,
                "amount_subtotal": amount,
                "amount_total": amount,
                "automatic_tax": {"enabled": false, "liability": null, "status": null},
                "billing_address_collection": null,
                "cancel_url": "https://example.com/cancel",
                "client_reference_id": null,
                "client_secret": null,
                "collected_information": null,
                "consent": null,
                "consent_collection": null,
                "created": created,
                "currency": "usd",
                "currency_conversion": null,
                "custom_fields": [],
                "custom_text": {"after_submit": null, "shipping_address": null, "submit": null, "terms_of_service_acceptance": null},
                "customer": if complete { customer.map(id) } else { None },
                "customer_account": null,
                "customer_creation": "if_required",
                "customer_details": if complete { customer.map(|c| json!({"address": c["address"], "email": c["email"], "name": c["name"], "phone": null, "tax_exempt": "none", "tax_ids": []})) } else { None },
                "customer_email": null,
                "discounts": [],
                "expires_at": created + 86_400,
                "integration_identifier": null,
                "invoice": null,
                "invoice_creation": {"enabled": false, "invoice_data": {}},
                "livemode": false,
                "locale": null,
                "managed_payments": null,
                "metadata": metadata(rng),
                "mode": mode,
                "origin_context": null,
                "payment_intent": (mode == "payment").then(|| format!("pi_{}", rng.base62(24))),
                "payment_link": null,
                "payment_method_collection": "always",
                "payment_method_configuration_details": null,
                "payment_method_options": {},
                "payment_method_types": ["card"],
                "payment_status": if complete && mode != "setup" { "paid" } else if mode == "setup" { "no_payment_required" } else { "unpaid" },
                "permissions": null,
                "phone_number_collection": {"enabled": false},
                "recovered_from": null,
                "saved_payment_method_options": null,
                "setup_intent": (mode == "setup").then(|| format!("seti_{}", rng.base62(24))),
                "shipping_address_collection": null,
                "shipping_cost": null,
                "shipping_options": [],
                "status": status,
                "submit_type": null,
                "subscription": if mode == "subscription" { pick_from(rng, subscriptions).map(id) } else { None },
                "success_url": "https://example.com/success",
                "total_details": {"amount_discount": 0, "amount_shipping": 0, "amount_tax": 0},
                "ui_mode": "hosted",
                "url": (status == "open").then(|| format!("https://checkout.stripe.com/c/pay/{session}")),
                "wallet_options": null,
            })
        },
    )
}

pub fn application_fee_refunds(seed: u64, _: usize, world: &World) -> Vec<Value> {
    children(
        seed,
        "application_fee_refunds",
        "fr_",
        &world["application_fees"],
        |rng, refund, fee, k, n| {
            json!({
                "id": refund,
                "object": "fee_refund",
                "amount": 1 + rng.below(10) as i64,
                "balance_transaction": format!("txn_{}", rng.base62(24)),
                "created": child_created(fee, k, n),
                "currency": fee["currency"],
                "fee": fee["id"],
                "metadata": {},
            })
        },
    )
}

pub fn transfer_reversals(seed: u64, _: usize, world: &World) -> Vec<Value> {
    children(
        seed,
        "transfer_reversals",
        "trr_",
        &world["transfers"],
        |rng, reversal, transfer, k, n| {
            json!({
                "id": reversal,
                "object": "transfer_reversal",
                "amount": (rng.below(10) as i64 + 1) * 10,
                "balance_transaction": format!("txn_{}", rng.base62(24)),
                "created": child_created(transfer, k, n),
                "currency": transfer["currency"],
                "destination_payment_refund": format!("pyr_{}", rng.base62(24)),
                "metadata": metadata(rng),
                "source_refund": null,
                "transfer": transfer["id"],
            })
        },
    )
}

pub fn credit_note_line_items(seed: u64, _: usize, world: &World) -> Vec<Value> {
    children(
        seed,
        "credit_note_line_items",
        "cnli_",
        &world["credit_notes"],
        |rng, line, note, _, _| {
            let amount = (rng.below(20) as i64 + 1) * 50;
            json!({
                "_parent": note["id"],
                "id": line,
                "object": "credit_note_line_item",
                "amount": amount,
                "description": "Service credit",
                "discount_amount": 0,
                "discount_amounts": [],
                "invoice_line_item": null,
                "livemode": false,
                "metadata": null,
                "pretax_credit_amounts": [],
                "quantity": 1,
                "tax_rates": [],
                "taxes": null,
                "type": "custom_line_item",
                "unit_amount": amount,
                "unit_amount_decimal": amount.to_string(),
            })
        },
    )
}

pub fn checkout_session_line_items(seed: u64, _: usize, world: &World) -> Vec<Value> {
    let prices = &world["prices"];
    children(
        seed,
        "checkout_session_line_items",
        "li_",
        &world["checkout_sessions"],
        |rng, item, session, _, _| {
            let price = pick_from(rng, prices).cloned().unwrap_or(Value::Null);
            let quantity = 1 + rng.below(3) as i64;
            let total = price["unit_amount"].as_i64().unwrap_or(100) * quantity;
            json!({
                "_parent": session["id"],
                "id": item,
                "object": "item",
                "adjustable_quantity": null,
                "amount_discount": 0,
                "amount_subtotal": total,
                "amount_tax": 0,
                "amount_total": total,
                "currency": price["currency"],
                "description": "Fake product",
                "metadata": null,
                "price": price,
                "quantity": quantity,
            })
        },
    )
}

pub fn customer_balance_transactions(seed: u64, _: usize, world: &World) -> Vec<Value> {
    children(
        seed,
        "customer_balance_transactions",
        "cbtxn_",
        &world["customers"],
        |rng, txn, customer, k, n| {
            let amount = rng.below(5_000) as i64 - 2_500;
            json!({
                "id": txn,
                "object": "customer_balance_transaction",
                "amount": amount,
                "checkout_session": null,
                "created": child_created(customer, k, n),
                "credit_note": null,
                "currency": "usd",
                "customer": customer["id"],
                "customer_account": null,
                "description": rng.chance(50).then_some("Manual adjustment"),
                "ending_balance": amount,
                "invoice": null,
                "livemode": false,
                "metadata": null,
                "type": "adjustment",
            })
        },
    )
}

pub fn customer_tax_ids(seed: u64, _: usize, world: &World) -> Vec<Value> {
    children(
        seed,
        "customer_tax_ids",
        "txi_",
        &world["customers"],
        |rng, tax_id, customer, k, n| {
            let (kind, country, value) = *rng.pick(&[
                ("eu_vat", "DE", "DE123456789"),
                ("eu_vat", "FR", "FRAB123456789"),
                ("gb_vat", "GB", "GB123456789"),
                ("us_ein", "US", "12-3456789"),
            ]);
            json!({
                "id": tax_id,
                "object": "tax_id",
                "country": country,
                "created": child_created(customer, k, n),
                "customer": customer["id"],
                "customer_account": null,
                "livemode": false,
                "owner": {"customer": customer["id"], "type": "customer", "customer_account": null},
                "type": kind,
                "value": value,
                "verification": {"status": *rng.pick(&["pending", "verified", "unverified"]), "verified_address": null, "verified_name": null},
            })
        },
    )
}

pub fn invoice_line_items(seed: u64, _: usize, world: &World) -> Vec<Value> {
    children(
        seed,
        "invoice_line_items",
        "il_",
        &world["invoices"],
        |rng, line, invoice, _, _| {
            let amount = (rng.below(100) as i64 + 1) * 100;
            let subscription = &invoice["parent"]["subscription_details"]["subscription"];
            json!({
                "id": line,
                "object": "line_item",
                "amount": amount,
                "currency": invoice["currency"],
                "description": format!("1 × Fake service (at ${}.00 / month)", amount / 100),
                "discount_amounts": [],
                "discountable": true,
                "discounts": [],
                "invoice": invoice["id"],
                "livemode": false,
                "metadata": {},
                "parent": {"invoice_item_details": null, "subscription_item_details": {"invoice_item": null, "proration": false, "proration_details": {"credited_items": null}, "subscription": subscription, "subscription_item": format!("si_{}", rng.base62(14))}, "type": "subscription_item_details"},
                "period": {"end": invoice["period_end"], "start": invoice["period_start"]},
                "pretax_credit_amounts": [],
                "pricing": {"price_details": {"price": format!("price_{}", rng.base62(24)), "product": format!("prod_{}", rng.base62(14))}, "type": "price_details", "unit_amount_decimal": amount.to_string()},
                "quantity": 1,
                "quantity_decimal": "1",
                "subscription": subscription,
                "subtotal": amount,
                "taxes": [],
            })
        },
    )
}

pub fn subscription_items(seed: u64, _: usize, world: &World) -> Vec<Value> {
    let prices = &world["prices"];
    children(
        seed,
        "subscription_items",
        "si_",
        &world["subscriptions"],
        |rng, item, subscription, k, n| {
            let price = pick_from(rng, prices).cloned().unwrap_or(Value::Null);
            let start = subscription["created"].as_i64().unwrap_or(0);
            json!({
                "id": item,
                "object": "subscription_item",
                "billing_thresholds": null,
                "created": child_created(subscription, k, n),
                "current_period_end": start + 30 * 86_400,
                "current_period_start": start,
                "discounts": [],
                "metadata": metadata(rng),
                "plan": null,
                "price": price,
                "quantity": 1 + rng.below(5),
                "subscription": subscription["id"],
                "tax_rates": [],
            })
        },
    )
}

/// Line items (`item` objects) of a quote or payment link, priced from `prices`.
fn item(rng: &mut Rng, id: String, parent: &Value, prices: &[Value]) -> Value {
    let price = pick_from(rng, prices).cloned().unwrap_or(Value::Null);
    let quantity = 1 + rng.below(3) as i64;
    let total = price["unit_amount"].as_i64().unwrap_or(100) * quantity;
    let discount = if rng.chance(20) { total / 10 } else { 0 };
    json!({
        "_parent": parent["id"],
        "id": id,
        "object": "item",
        "adjustable_quantity": {"enabled": false, "maximum": null, "minimum": null},
        "amount_discount": discount,
        "amount_subtotal": total,
        "amount_tax": 0,
        "amount_total": total - discount,
        "currency": price["currency"],
        "description": "Fake product",
        "metadata": null,
        "price": price,
        "quantity": quantity,
    })
}

pub fn quote_line_items(seed: u64, _: usize, world: &World) -> Vec<Value> {
    let prices = &world["prices"];
    children(
        seed,
        "quote_line_items",
        "li_",
        &world["quotes"],
        |rng, id, quote, _, _| item(rng, id, quote, prices),
    )
}

pub fn payment_link_line_items(seed: u64, _: usize, world: &World) -> Vec<Value> {
    let prices = &world["prices"];
    children(
        seed,
        "payment_link_line_items",
        "li_",
        &world["payment_links"],
        |rng, id, link, _, _| item(rng, id, link, prices),
    )
}

pub fn account_persons(seed: u64, _: usize, world: &World) -> Vec<Value> {
    children(
        seed,
        "account_persons",
        "person_",
        &world["accounts"],
        |rng, person, account, k, n| {
            let (first, last) = *rng.pick(&[
                ("Jane", "Austen"),
                ("Ada", "Lovelace"),
                ("Alan", "Turing"),
                ("Grace", "Hopper"),
            ]);
            let representative = k == 0;
            let owner = rng.chance(50);
            let empty = json!({"alternatives": [], "currently_due": [], "errors": [], "eventually_due": [], "past_due": [], "pending_verification": []});
            json!({
                "id": person,
                "object": "person",
                "account": account["id"],
                "additional_tos_acceptances": {"account": {"date": null, "ip": null, "user_agent": null}},
                "address": {"city": "Berlin", "country": "DE", "line1": "Hauptstraße 1", "line2": null, "postal_code": "10115", "state": null},
                "created": child_created(account, k, n),
                "dob": {"day": 1 + rng.below(28), "month": 1 + rng.below(12), "year": 1950 + rng.below(50)},
                "email": format!("{}.{}@example.com", first.to_lowercase(), last.to_lowercase()),
                "first_name": first,
                "future_requirements": empty,
                "id_number_provided": rng.chance(70),
                "last_name": last,
                "metadata": {},
                "phone": null,
                "relationship": {"authorizer": false, "director": rng.chance(30), "executive": representative || rng.chance(20), "legal_guardian": false, "owner": owner, "percent_ownership": if owner { json!(25.0) } else { Value::Null }, "representative": representative, "title": if representative { json!("CEO") } else { Value::Null }},
                "requirements": empty,
                "ssn_last_4_provided": false,
                "verification": {"additional_document": {"back": null, "details": null, "details_code": null, "front": null}, "details": null, "details_code": null, "document": {"back": null, "details": null, "details_code": null, "front": null}, "status": *rng.pick(&["unverified", "pending", "verified"])},
            })
        },
    )
}

pub fn account_external_accounts(seed: u64, _: usize, world: &World) -> Vec<Value> {
    children(
        seed,
        "account_external_accounts",
        "",
        &world["accounts"],
        |rng, id, account, _, _| {
            let currency = account["default_currency"].clone();
            let country = account["country"].clone();
            if rng.chance(70) {
                json!({
                    "id": format!("ba_{id}"),
                    "object": "bank_account",
                    "account": account["id"],
                    "account_holder_name": "Jane Austen",
                    "account_holder_type": *rng.pick(&["company", "individual"]),
                    "account_type": null,
                    "available_payout_methods": ["standard"],
                    "bank_name": "STRIPE TEST BANK",
                    "country": country,
                    "currency": currency,
                    "customer": null,
                    "default_for_currency": rng.chance(60),
                    "fingerprint": rng.base62(16),
                    "last4": "6789",
                    "metadata": {},
                    "routing_number": "110000000",
                    "status": *rng.pick(&["new", "validated", "verified"]),
                })
            } else {
                json!({
                    "id": format!("card_{id}"),
                    "object": "card",
                    "account": account["id"],
                    "address_city": null,
                    "address_country": null,
                    "address_line1": null,
                    "address_line1_check": null,
                    "address_line2": null,
                    "address_state": null,
                    "address_zip": null,
                    "address_zip_check": null,
                    "available_payout_methods": ["standard", "instant"],
                    "brand": "Visa",
                    "country": country,
                    "currency": currency,
                    "customer": null,
                    "cvc_check": "pass",
                    "default_for_currency": rng.chance(60),
                    "dynamic_last4": null,
                    "exp_month": 1 + rng.below(12),
                    "exp_year": 2027 + rng.below(5),
                    "fingerprint": rng.base62(16),
                    "funding": "debit",
                    "last4": "5556",
                    "metadata": {},
                    "name": "Jenny Rosen",
                    "regulated_status": "unregulated",
                    "tokenization_method": null,
                })
            }
        },
    )
}

pub fn customer_cash_balance_transactions(seed: u64, _: usize, world: &World) -> Vec<Value> {
    children(
        seed,
        "customer_cash_balance_transactions",
        "ccsbtxn_",
        &world["customers"],
        |rng, txn, customer, k, n| {
            let funded = rng.chance(60);
            let amount = (rng.below(100) as i64 + 1) * 100;
            let payment = json!({"payment_intent": format!("pi_{}", rng.base62(24))});
            json!({
                "id": txn,
                "object": "customer_cash_balance_transaction",
                "adjusted_for_overdraft": null,
                "applied_to_payment": if funded { Value::Null } else { payment },
                "created": child_created(customer, k, n),
                "currency": "eur",
                "customer": customer["id"],
                "customer_account": null,
                "ending_balance": rng.below(100_000),
                "funded": if funded { json!({"bank_transfer": {"eu_bank_transfer": {"bic": "DEUTDEFF", "iban_last4": "7089", "sender_name": "Sample Business GmbH"}, "reference": format!("Payment for Invoice {}", rng.base62(7)), "type": "eu_bank_transfer"}}) } else { Value::Null },
                "livemode": false,
                "net_amount": if funded { amount } else { -amount },
                "refunded_from_payment": null,
                "transferred_to_balance": null,
                "type": if funded { "funded" } else { "applied_to_payment" },
                "unapplied_from_payment": null,
            })
        },
    )
}

pub fn setup_attempts(seed: u64, _: usize, world: &World) -> Vec<Value> {
    children(
        seed,
        "setup_attempts",
        "setatt_",
        &world["setup_intents"],
        |rng, attempt, intent, k, n| {
            let status = if k == 0 {
                intent["status"].as_str().unwrap_or("failed")
            } else {
                "failed"
            };
            let failed = status == "failed";
            json!({
                "id": attempt,
                "object": "setup_attempt",
                "application": null,
                "attach_to_self": false,
                "created": child_created(intent, k, n),
                "customer": intent["customer"],
                "customer_account": null,
                "flow_directions": null,
                "livemode": false,
                "on_behalf_of": null,
                "payment_method": intent["payment_method"],
                "payment_method_details": {"card": {"brand": "visa", "checks": {"address_line1_check": null, "address_postal_code_check": null, "cvc_check": "pass"}, "country": "US", "exp_month": 8, "exp_year": 2030, "fingerprint": rng.base62(16), "funding": "credit", "last4": "4242", "network": "visa", "three_d_secure": null, "wallet": null}, "type": "card"},
                "setup_error": if failed { json!({"code": "card_declined", "message": "Your card was declined.", "type": "card_error"}) } else { Value::Null },
                "setup_intent": intent["id"],
                "status": status,
                "usage": "off_session",
            })
        },
    )
}

/// Hourly usage of each meter for a few customers, newest hour first, which
/// the server adds up over the window a list asks for (see
/// [`super::resources::SUMMED`]).
pub fn billing_meter_event_summaries(seed: u64, _: usize, world: &World) -> Vec<Value> {
    let customers = &world["customers"];
    children(
        seed,
        "billing_meter_event_summaries",
        "mtrusg_",
        &world["billing/meters"],
        |rng, summary, meter, k, _| {
            let start = SUMMARIES_END - 3_600 * (k as i64 + 1);
            json!({
                "_customer": customers.get(k % 3).map_or(Value::Null, |c| c["id"].clone()),
                "id": summary,
                "object": "billing.meter_event_summary",
                "aggregated_value": rng.below(1_000) as f64 / 4.0,
                "end_time": start + 3_600,
                "livemode": false,
                "meter": meter["id"],
                "start_time": start,
            })
        },
    )
}

/// The end of the newest hour the meter event summaries cover.
pub const SUMMARIES_END: i64 = super::data::NEWEST_CREATED - super::data::NEWEST_CREATED % 3_600;

/// Credits granted and used per customer, all against one credit grant of
/// the customer (a generated one when there is one).
pub fn billing_credit_balance_transactions(seed: u64, _: usize, world: &World) -> Vec<Value> {
    let grants = &world["billing/credit_grants"];
    children(
        seed,
        "billing_credit_balance_transactions",
        "cbtxn_",
        &world["customers"],
        |rng, txn, customer, k, n| {
            let customer_id = customer["id"].as_str().unwrap_or_default();
            let grant = grants
                .iter()
                .find(|g| g["customer"] == customer_id)
                .map_or_else(|| json!(customer_id.replacen("cus_", "credgr_", 1)), id);
            let amount = json!({"monetary": {"currency": "usd", "value": (rng.below(50) + 1) * 100}, "type": "monetary"});
            let credit = k + 1 == n;
            let created = child_created(customer, k, n);
            json!({
                "_customer": customer["id"],
                "id": txn,
                "object": "billing.credit_balance_transaction",
                "created": created,
                "credit": if credit { json!({"amount": amount, "type": "credits_granted"}) } else { Value::Null },
                "credit_grant": grant,
                "debit": if credit { Value::Null } else { json!({"amount": amount, "credits_applied": {"invoice": format!("in_{}", rng.base62(24)), "invoice_line_item": format!("il_{}", rng.base62(24))}, "type": "credits_applied"}) },
                "effective_at": created,
                "livemode": false,
                "test_clock": null,
                "type": if credit { "credit" } else { "debit" },
            })
        },
    )
}

/// Capabilities Stripe names, the first two of which every account has.
const CAPABILITIES: &[&str] = &[
    "card_payments",
    "transfers",
    "sepa_debit_payments",
    "us_bank_account_ach_payments",
    "link_payments",
];

/// Each account's capabilities: the first two, and some of the others.
pub fn account_capabilities(seed: u64, _: usize, world: &World) -> Vec<Value> {
    let kind = stream("account_capabilities");
    let mut out = Vec::new();
    for (i, account) in world["accounts"].iter().enumerate() {
        let mut rng = Rng::new(seed, kind, i as u64);
        let onboarded = account["charges_enabled"] == true;
        for (k, name) in CAPABILITIES.iter().enumerate() {
            if k >= 2 && !rng.chance(40) {
                continue;
            }
            let due: Vec<&str> = if onboarded {
                vec![]
            } else {
                vec!["external_account"]
            };
            let requirements = json!({"alternatives": [], "current_deadline": null, "currently_due": due, "disabled_reason": (!onboarded).then_some("requirements.past_due"), "errors": [], "eventually_due": due, "past_due": due, "pending_verification": []});
            out.push(json!({
                "id": name,
                "object": "capability",
                "account": account["id"],
                "future_requirements": {"alternatives": [], "current_deadline": null, "currently_due": [], "disabled_reason": null, "errors": [], "eventually_due": [], "past_due": [], "pending_verification": []},
                "requested": true,
                "requested_at": account["created"],
                "requirements": requirements,
                "status": if onboarded { "active" } else { "inactive" },
            }));
        }
    }
    out
}
