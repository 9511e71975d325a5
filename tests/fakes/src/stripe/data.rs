//! Deterministic generation of Stripe objects: `customer` and `charge`
//! here, and the helpers every resource's generator shares (seeded streams,
//! ids, `created` times, metadata).
//!
//! The shapes follow the current API objects (every top-level field of the
//! published fixtures is present). Values vary with the index, derived from a
//! seeded hash, so two servers started with the same configuration serve the
//! same data and tests can compute expected results from the objects alone.

use std::collections::HashMap;

use serde_json::{Map, Value, json};

/// Unix time of the newest generated object (2024-06-30T00:00:00Z).
pub const NEWEST_CREATED: i64 = 1_719_705_600;
/// Generated objects of one kind spread over this many seconds (about 400 days),
/// so that a cut such as `created >= 2024-01-01` splits them.
pub const CREATED_SPAN: i64 = 400 * 86_400;

/// Top-level fields of a current `customer` object.
pub const CUSTOMER_FIELDS: &[&str] = &[
    "address",
    "balance",
    "created",
    "currency",
    "default_source",
    "delinquent",
    "description",
    "discount",
    "email",
    "id",
    "invoice_prefix",
    "invoice_settings",
    "livemode",
    "metadata",
    "name",
    "next_invoice_sequence",
    "object",
    "phone",
    "preferred_locales",
    "shipping",
    "tax_exempt",
    "test_clock",
];

/// Top-level fields of a current `charge` object.
pub const CHARGE_FIELDS: &[&str] = &[
    "amount",
    "amount_captured",
    "amount_refunded",
    "application",
    "application_fee",
    "application_fee_amount",
    "balance_transaction",
    "billing_details",
    "calculated_statement_descriptor",
    "captured",
    "created",
    "currency",
    "customer",
    "description",
    "disputed",
    "failure_balance_transaction",
    "failure_code",
    "failure_message",
    "fraud_details",
    "id",
    "livemode",
    "metadata",
    "object",
    "on_behalf_of",
    "outcome",
    "paid",
    "payment_intent",
    "payment_method",
    "payment_method_details",
    "receipt_email",
    "receipt_number",
    "receipt_url",
    "refunded",
    "refunds",
    "review",
    "shipping",
    "source",
    "source_transfer",
    "statement_descriptor",
    "statement_descriptor_suffix",
    "status",
    "transfer_data",
    "transfer_group",
];

pub(crate) fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Small deterministic generator (splitmix64), one stream per object.
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn new(seed: u64, stream: u64, index: u64) -> Self {
        Rng(mix(seed ^ mix(stream ^ mix(index))))
    }
    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        mix(self.0)
    }
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.next() % n }
    }
    pub(crate) fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
    pub(crate) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
    pub(crate) fn base62(&mut self, len: usize) -> String {
        (0..len)
            .map(|_| BASE62[self.below(62) as usize] as char)
            .collect()
    }
    fn hex_upper(&mut self, len: usize) -> String {
        (0..len)
            .map(|_| b"0123456789ABCDEF"[self.below(16) as usize] as char)
            .collect()
    }
}

const BASE62: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// A unique, Stripe-looking identifier: `prefix` + `len` base62 characters.
/// The first 11 characters encode a bijection of (seed, kind, index), so ids never collide.
pub(crate) fn object_id(prefix: &str, seed: u64, kind: u64, index: u64, len: usize) -> String {
    let mut unique = mix(index ^ mix(seed ^ kind));
    let mut id = String::with_capacity(prefix.len() + len);
    id.push_str(prefix);
    for _ in 0..11 {
        id.push(BASE62[(unique % 62) as usize] as char);
        unique /= 62;
    }
    let mut rest = Rng::new(seed, kind ^ 0xABCD, index);
    id.push_str(&rest.base62(len.saturating_sub(11)));
    id
}

/// `created` for object `index` of `count`: strictly decreasing with the index.
pub(crate) fn created_at(rng: &mut Rng, index: usize, count: usize) -> i64 {
    let spacing = (CREATED_SPAN / count.max(1) as i64).max(1);
    let jitter = if spacing > 1 {
        rng.below((spacing / 2) as u64) as i64
    } else {
        0
    };
    NEWEST_CREATED - index as i64 * spacing - jitter
}

const FIRST_NAMES: &[(&str, &str)] = &[
    ("Jenny", "jenny"),
    ("José", "jose"),
    ("Zoë", "zoe"),
    ("Łukasz", "lukasz"),
    ("Søren", "soren"),
    ("Amélie", "amelie"),
    ("Wei", "wei"),
    ("Aisha", "aisha"),
    ("Oliver", "oliver"),
    ("Priya", "priya"),
    ("Mateo", "mateo"),
    ("Hannah", "hannah"),
];
const LAST_NAMES: &[(&str, &str)] = &[
    ("Rosen", "rosen"),
    ("García", "garcia"),
    ("Müller", "muller"),
    ("Kowalski", "kowalski"),
    ("Nielsen", "nielsen"),
    ("Dubois", "dubois"),
    ("李", "li"),
    ("Khan", "khan"),
    ("Smith", "smith"),
    ("Patel", "patel"),
    ("Rossi", "rossi"),
    ("Schmidt", "schmidt"),
];
const CITIES: &[(&str, &str, &str, Option<&str>)] = &[
    ("San Francisco", "US", "94103", Some("CA")),
    ("New York", "US", "10001", Some("NY")),
    ("Berlin", "DE", "10115", None),
    ("Paris", "FR", "75002", None),
    ("London", "GB", "EC1A 1BB", None),
    ("Kraków", "PL", "30-001", None),
    ("Dublin", "IE", "D02 X285", None),
];

fn address(rng: &mut Rng) -> Value {
    let (city, country, postal, state) = *rng.pick(CITIES);
    json!({
        "city": city,
        "country": country,
        "line1": format!("{} {}", rng.below(900) + 1, rng.pick(&["Main Street", "Market St", "Rue de Rivoli", "Hauptstraße"])),
        "line2": if rng.chance(30) { Value::from(format!("Apt {}", rng.below(50) + 1)) } else { Value::Null },
        "postal_code": postal,
        "state": state,
    })
}

fn empty_address() -> Value {
    json!({"city": null, "country": null, "line1": null, "line2": null, "postal_code": null, "state": null})
}

fn phone(rng: &mut Rng) -> String {
    format!("+1415555{:04}", rng.below(10_000))
}

/// Generates `count` customers, newest first.
pub fn customers(seed: u64, count: usize) -> Vec<Value> {
    (0..count).map(|i| customer(seed, i, count)).collect()
}

fn customer(seed: u64, index: usize, count: usize) -> Value {
    let mut rng = Rng::new(seed, 1, index as u64);
    let id = object_id("cus_", seed, 1, index as u64, 14);
    let created = created_at(&mut rng, index, count);
    let (first, first_ascii) = *rng.pick(FIRST_NAMES);
    let (last, last_ascii) = *rng.pick(LAST_NAMES);
    let has_name = index % 7 != 5;
    let name = has_name.then(|| format!("{first} {last}"));
    let email = if index == 3 {
        // A quote in a value: clients and drivers must escape it.
        Some(format!("o'brien.{index}@example.com"))
    } else if index % 10 == 9 {
        None
    } else {
        Some(format!("{first_ascii}.{last_ascii}{index}@example.com"))
    };
    let currency = if rng.chance(15) {
        Value::Null
    } else {
        Value::from(*rng.pick(&["usd", "usd", "eur", "gbp"]))
    };
    let address = if rng.chance(20) {
        Value::Null
    } else {
        address(&mut rng)
    };
    let balance: i64 = if rng.chance(80) {
        0
    } else {
        rng.below(20_000) as i64 - 10_000
    };
    let metadata = if rng.chance(50) {
        json!({})
    } else {
        json!({
            "plan": rng.pick(&["basic", "pro", "enterprise"]),
            "signup_source": rng.pick(&["web", "import", "sales"]),
        })
    };
    let discount = if rng.chance(10) {
        json!({
            "checkout_session": null,
            "customer": id,
            "customer_account": null,
            "end": null,
            "id": format!("di_{}", rng.base62(24)),
            "invoice": null,
            "invoice_item": null,
            "object": "discount",
            "promotion_code": null,
            "source": {"coupon": format!("coupon_{}", rng.base62(8)), "type": "coupon"},
            "start": created + 3600,
            "subscription": null,
            "subscription_item": null,
        })
    } else {
        Value::Null
    };
    let shipping = if rng.chance(25) {
        json!({"address": address_or_new(&address, &mut rng), "name": name, "phone": null})
    } else {
        Value::Null
    };
    json!({
        "address": address,
        "balance": balance,
        "created": created,
        "currency": currency,
        "default_source": if rng.chance(30) { Value::from(format!("card_{}", rng.base62(24))) } else { Value::Null },
        "delinquent": rng.chance(8),
        "description": if rng.chance(40) { Value::from(format!("Customer for {}", email.clone().unwrap_or_else(|| "walk-in".into()))) } else { Value::Null },
        "discount": discount,
        "email": email,
        "id": id,
        "invoice_prefix": rng.hex_upper(8),
        "invoice_settings": {
            "custom_fields": null,
            "default_payment_method": if rng.chance(50) { Value::from(format!("pm_{}", rng.base62(24))) } else { Value::Null },
            "footer": null,
            "rendering_options": null,
        },
        "livemode": false,
        "metadata": metadata,
        "name": name,
        "next_invoice_sequence": rng.below(20) + 1,
        "object": "customer",
        "phone": if rng.chance(60) { Value::from(phone(&mut rng)) } else { Value::Null },
        "preferred_locales": if rng.chance(30) { json!([rng.pick(&["en", "fr", "de", "es"])]) } else { json!([]) },
        "shipping": shipping,
        "tax_exempt": *rng.pick(&["none", "none", "none", "none", "exempt", "reverse"]),
        "test_clock": null,
    })
}

fn address_or_new(address: &Value, rng: &mut Rng) -> Value {
    if address.is_null() {
        self::address(rng)
    } else {
        address.clone()
    }
}

const CARDS: &[(&str, &str, &str)] = &[
    ("visa", "4242", "credit"),
    ("visa", "0005", "debit"),
    ("mastercard", "4444", "credit"),
    ("mastercard", "8210", "prepaid"),
    ("amex", "8431", "credit"),
    ("discover", "1117", "credit"),
];
const FAILURES: &[(&str, &str, &str)] = &[
    (
        "card_declined",
        "Your card was declined.",
        "generic_decline",
    ),
    (
        "insufficient_funds",
        "Your card has insufficient funds.",
        "insufficient_funds",
    ),
    ("expired_card", "Your card has expired.", "expired_card"),
    (
        "incorrect_cvc",
        "Your card's security code is incorrect.",
        "incorrect_cvc",
    ),
];
const DESCRIPTIONS: &[&str] = &[
    "Subscription renewal",
    "Order #{n}",
    "Invoice {n}",
    "Café au lait ☕ x{n}",
    "Consulting — {n} hours",
    "Pro plan (annual)",
];

/// Generates `count` charges, newest first, referring to `customers`.
pub fn charges(seed: u64, count: usize, customers: &[Value]) -> Vec<Value> {
    (0..count)
        .map(|j| charge(seed, j, count, customers))
        .collect()
}

fn charge(seed: u64, index: usize, count: usize, customers: &[Value]) -> Value {
    let mut rng = Rng::new(seed, 2, index as u64);
    let created = created_at(&mut rng, index, count);
    let customer = if !customers.is_empty() && !rng.chance(10) {
        Some(&customers[rng.below(customers.len() as u64) as usize])
    } else {
        None
    };
    let amount = (rng.below(2_000) as i64 + 1) * 50;
    let currency = *rng.pick(&["usd", "usd", "usd", "usd", "eur", "eur", "gbp"]);
    let roll = rng.below(100);
    let status = if roll < 75 {
        "succeeded"
    } else if roll < 90 {
        "failed"
    } else {
        "pending"
    };
    let succeeded = status == "succeeded";
    let captured = match status {
        "succeeded" => rng.chance(90),
        "pending" => true,
        _ => false,
    };
    let mut refunded = false;
    let mut amount_refunded = 0;
    if succeeded && captured {
        if rng.chance(10) {
            refunded = true;
            amount_refunded = amount;
        } else if rng.chance(8) {
            amount_refunded = amount / 2;
        }
    }
    let sale = Sale {
        kind: 2,
        index: index as u64,
        created,
        customer,
        amount,
        currency,
        status,
        captured,
        amount_refunded,
        refunded,
    };
    charge_of(&mut rng, seed, sale)
}

/// A new succeeded and captured charge `n`, as a payment made at `created`
/// creates it: nothing refunded or disputed yet.
pub fn new_charge(
    seed: u64,
    n: u64,
    created: i64,
    customer: Option<&Value>,
    amount: i64,
    currency: &str,
) -> Value {
    let kind = stream("created charges");
    let sale = Sale {
        kind,
        index: n,
        created,
        customer,
        amount,
        currency,
        status: "succeeded",
        captured: true,
        amount_refunded: 0,
        refunded: false,
    };
    let mut charge = charge_of(&mut Rng::new(seed, kind, n), seed, sale);
    charge["disputed"] = Value::Bool(false);
    charge
}

/// What a charge is about; its other fields are drawn from the stream.
struct Sale<'a> {
    /// The id stream (its payment intents take the next one) and the index in it.
    kind: u64,
    index: u64,
    created: i64,
    customer: Option<&'a Value>,
    amount: i64,
    currency: &'a str,
    status: &'a str,
    captured: bool,
    amount_refunded: i64,
    refunded: bool,
}

fn charge_of(rng: &mut Rng, seed: u64, sale: Sale) -> Value {
    let Sale {
        kind,
        index,
        created,
        customer,
        amount,
        currency,
        status,
        captured,
        amount_refunded,
        refunded,
    } = sale;
    let id = object_id("ch_", seed, kind, index, 24);
    let succeeded = status == "succeeded";
    let amount_captured = if succeeded && captured { amount } else { 0 };
    let failure = (status == "failed").then(|| *rng.pick(FAILURES));
    let (brand, last4, funding) = *rng.pick(CARDS);
    let customer_email = customer.and_then(|c| c["email"].as_str().map(str::to_owned));
    let customer_name = customer.and_then(|c| c["name"].as_str().map(str::to_owned));
    let billing_name = customer_name.clone().or_else(|| {
        rng.chance(50).then(|| {
            let (first, _) = *rng.pick(FIRST_NAMES);
            let (last, _) = *rng.pick(LAST_NAMES);
            format!("{first} {last}")
        })
    });
    let billing_address = if rng.chance(40) {
        address(rng)
    } else {
        empty_address()
    };
    let country = billing_address["country"]
        .as_str()
        .unwrap_or("US")
        .to_owned();
    let outcome = match status {
        "succeeded" => json!({
            "advice_code": null,
            "network_advice_code": null,
            "network_decline_code": null,
            "network_status": "approved_by_network",
            "reason": null,
            "seller_message": "Payment complete.",
            "type": "authorized",
        }),
        "failed" => json!({
            "advice_code": "try_again_later",
            "network_advice_code": null,
            "network_decline_code": "05",
            "network_status": "declined_by_network",
            "reason": failure.map(|f| f.2),
            "seller_message": "The bank did not return any further details with this decline.",
            "type": "issuer_declined",
        }),
        _ => Value::Null,
    };
    let description = if rng.chance(70) {
        let n = rng.below(9_000) + 1_000;
        Value::from(rng.pick(DESCRIPTIONS).replace("{n}", &n.to_string()))
    } else {
        Value::Null
    };
    let metadata = if rng.chance(40) {
        json!({})
    } else {
        json!({
            "order_id": format!("{}", 100_000 + index),
            "channel": rng.pick(&["web", "ios", "android", "pos"]),
        })
    };
    let payment_intent = if rng.chance(85) {
        Value::from(object_id("pi_", seed, kind + 1, index, 24))
    } else {
        Value::Null
    };
    let transfer_group = if rng.chance(10) {
        Value::from(format!("group_order_{}", 1_001 + rng.below(3)))
    } else {
        Value::Null
    };
    let refunds_data: Vec<Value> = if amount_refunded > 0 {
        vec![json!({
            "amount": amount_refunded,
            "balance_transaction": format!("txn_{}", rng.base62(24)),
            "charge": id,
            "created": created + 86_400,
            "currency": currency,
            "id": format!("re_{}", rng.base62(24)),
            "metadata": {},
            "object": "refund",
            "payment_intent": payment_intent,
            "reason": rng.pick(&[Value::Null, Value::from("requested_by_customer"), Value::from("duplicate")]),
            "receipt_number": null,
            "status": "succeeded",
        })]
    } else {
        Vec::new()
    };
    let shipping = if rng.chance(15) {
        json!({
            "address": address(rng),
            "carrier": rng.pick(&["UPS", "DHL", "USPS"]),
            "name": billing_name,
            "phone": null,
            "tracking_number": format!("1Z{}", rng.hex_upper(16)),
        })
    } else {
        Value::Null
    };
    let card = json!({
        "amount_authorized": if status == "failed" { Value::Null } else { Value::from(amount) },
        "authorization_code": if succeeded { Value::from(format!("{:06}", rng.below(1_000_000))) } else { Value::Null },
        "brand": brand,
        "checks": {
            "address_line1_check": null,
            "address_postal_code_check": if billing_address["postal_code"].is_null() { Value::Null } else { Value::from("pass") },
            "cvc_check": if failure.map(|f| f.0) == Some("incorrect_cvc") { "fail" } else { "pass" },
        },
        "country": country,
        "exp_month": rng.below(12) + 1,
        "exp_year": 2025 + rng.below(6),
        "extended_authorization": {"status": "disabled"},
        "fingerprint": rng.base62(16),
        "funding": funding,
        "incremental_authorization": {"status": "unavailable"},
        "installments": null,
        "last4": last4,
        "mandate": null,
        "multicapture": {"status": "unavailable"},
        "network": brand,
        "network_token": {"used": false},
        "network_transaction_id": format!("{}", 100_000_000_000_000u64 + rng.below(899_999_999_999_999)),
        "overcapture": {"maximum_amount_capturable": amount, "status": "unavailable"},
        "regulated_status": "unregulated",
        "three_d_secure": null,
        "transaction_link_id": null,
        "wallet": if rng.chance(15) { json!({"dynamic_last4": null, "type": rng.pick(&["apple_pay", "google_pay", "link"])}) } else { Value::Null },
    });
    let mut fraud_details = Map::new();
    if status == "failed" && rng.chance(20) {
        fraud_details.insert("stripe_report".into(), Value::from("fraudulent"));
    }
    json!({
        "amount": amount,
        "amount_captured": amount_captured,
        "amount_refunded": amount_refunded,
        "application": null,
        "application_fee": null,
        "application_fee_amount": null,
        "balance_transaction": if status == "failed" { Value::Null } else { Value::from(format!("txn_{}", rng.base62(24))) },
        "billing_details": {
            "address": billing_address,
            "email": customer_email,
            "name": billing_name,
            "phone": null,
            "tax_id": null,
        },
        "calculated_statement_descriptor": if status == "failed" { Value::Null } else { Value::from("APIODBC* DEMO") },
        "captured": captured,
        "created": created,
        "currency": currency,
        "customer": customer.map(|c| c["id"].clone()),
        "description": description,
        "disputed": succeeded && captured && rng.chance(3),
        "failure_balance_transaction": null,
        "failure_code": failure.map(|f| f.0),
        "failure_message": failure.map(|f| f.1),
        "fraud_details": Value::Object(fraud_details),
        "id": id,
        "livemode": false,
        "metadata": metadata,
        "object": "charge",
        "on_behalf_of": null,
        "outcome": outcome,
        "paid": succeeded,
        "payment_intent": payment_intent,
        "payment_method": format!("pm_{}", rng.base62(24)),
        "payment_method_details": {"card": card, "type": "card"},
        "receipt_email": customer_email,
        "receipt_number": null,
        "receipt_url": if succeeded { Value::from(format!("https://pay.stripe.com/receipts/payment/{}", rng.base62(64))) } else { Value::Null },
        "refunded": refunded,
        "refunds": {
            "data": refunds_data,
            "has_more": false,
            "object": "list",
            "url": format!("/v1/charges/{id}/refunds"),
        },
        "review": null,
        "shipping": shipping,
        "source": null,
        "source_transfer": null,
        "statement_descriptor": if rng.chance(20) { Value::from("APIODBC DEMO") } else { Value::Null },
        "statement_descriptor_suffix": null,
        "status": status,
        "transfer_data": null,
        "transfer_group": transfer_group,
    })
}

/// The account object behind `GET /v1/account` (some clients check a key with it).
pub fn account(seed: u64) -> Value {
    json!({
        "business_profile": {"name": "apiodbc demo", "url": null, "support_email": null},
        "business_type": "company",
        "capabilities": {"card_payments": "active", "transfers": "active"},
        "charges_enabled": true,
        "country": "US",
        "created": NEWEST_CREATED - CREATED_SPAN - 86_400,
        "default_currency": "usd",
        "details_submitted": true,
        "email": "owner@example.com",
        "id": object_id("acct_", seed, 4, 0, 16),
        "metadata": {},
        "object": "account",
        "payouts_enabled": true,
        "type": "standard",
    })
}

/// The balance behind `GET /v1/balance`: per currency, the net of the
/// available and of the pending balance transactions (all from cards), an
/// instant balance for usd, nothing reserved and an empty Issuing balance.
pub fn balance(transactions: &[Value]) -> Value {
    let mut sums: std::collections::BTreeMap<(&str, &str), i64> = Default::default();
    for t in transactions {
        let (Some(currency), Some(status)) = (t["currency"].as_str(), t["status"].as_str()) else {
            continue;
        };
        *sums.entry((status, currency)).or_default() += t["net"].as_i64().unwrap_or(0);
    }
    let currencies: std::collections::BTreeSet<&str> = sums.keys().map(|(_, c)| *c).collect();
    let amounts = |status: &str| -> Vec<Value> {
        currencies
            .iter()
            .map(|c| {
                let amount = sums.get(&(status, *c)).copied().unwrap_or(0);
                json!({"amount": amount, "currency": c, "source_types": {"card": amount}})
            })
            .collect()
    };
    let available = amounts("available");
    let instant: Vec<Value> = available
        .iter()
        .filter(|a| a["currency"] == "usd")
        .map(|a| {
            let amount = a["amount"].as_i64().unwrap_or(0);
            json!({
                "amount": amount,
                "currency": "usd",
                "net_available": [{"amount": amount - amount / 100, "destination": "ba_fake0000000000000000", "source_types": {"card": amount - amount / 100}}],
                "source_types": {"card": amount},
            })
        })
        .collect();
    json!({
        "available": available,
        "connect_reserved": currencies.iter().map(|c| json!({"amount": 0, "currency": c})).collect::<Vec<_>>(),
        "instant_available": instant,
        "issuing": {"available": [{"amount": 0, "currency": "usd"}]},
        "livemode": false,
        "object": "balance",
        "pending": amounts("pending"),
    })
}

/// Objects generated so far, by resource name (later resources refer to earlier ones).
pub type World = HashMap<&'static str, Vec<Value>>;

/// A distinct generator stream per resource.
pub(crate) fn stream(name: &str) -> u64 {
    name.bytes().fold(0xCBF2_9CE4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01B3)
    })
}

/// `count` objects of resource `name`: `(rng, id, created, index)` → object.
pub(crate) fn each(
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

pub(crate) fn pick_from<'a>(rng: &mut Rng, objects: &'a [Value]) -> Option<&'a Value> {
    (!objects.is_empty()).then(|| &objects[rng.below(objects.len() as u64) as usize])
}

pub(crate) fn metadata(rng: &mut Rng) -> Value {
    if rng.chance(30) {
        json!({"order_id": format!("{}", 6000 + rng.below(4000))})
    } else {
        json!({})
    }
}
