//! `prices`: how much and how often products cost (`/v1/prices`).

use crate::table::ColumnKind::{Bool, Code, Id, Integer, Json, Text, Timestamp};
use crate::table::{Column, Endpoint, Filter, Table};

pub static PRICES: Table = Table {
    name: "prices",
    description: "Prices of products: unit amount, currency, one-time or recurring interval. \
                  Newest first. Filters on id, active, currency, product, type and created are \
                  sent to Stripe.",
    endpoint: Endpoint::new("/v1/prices", Some("/v1/prices/{id}")),
    columns: &[
        Column::new("id", Id, "Identifier of the price (price_...).")
            .not_null()
            .filtered_by(Filter::Id),
        Column::new("object", Code, "Kind of object: always 'price'."),
        Column::new("product", Id, "Product the price belongs to (prod_...). Equality filters are sent to Stripe.")
            .filtered_by(Filter::Equals("product")),
        Column::new("active", Bool, "True when the price can be used for new purchases. Equality filters are sent to Stripe.")
            .filtered_by(Filter::Equals("active")),
        Column::new("currency", Code, "Three-letter ISO currency code, lower case. Equality filters are sent to Stripe.")
            .filtered_by(Filter::Equals("currency")),
        Column::new("unit_amount", Integer, "Amount per unit, in the smallest unit of `currency`, when it is a whole number."),
        Column::new("unit_amount_decimal", Text, "Amount per unit in the smallest currency unit, as decimal text (up to 12 decimals)."),
        Column::new("type", Code, "one_time or recurring. Equality filters are sent to Stripe.")
            .filtered_by(Filter::Equals("type")),
        Column::new("billing_scheme", Code, "per_unit or tiered."),
        Column::new("tiers_mode", Code, "graduated or volume, for tiered prices."),
        Column::new("recurring", Json, "Recurrence of a recurring price (interval, count, usage type), as JSON."),
        Column::new("recurring_interval", Code, "Billing interval of a recurring price: day, week, month or year.")
            .at("recurring.interval"),
        Column::new("recurring_interval_count", Integer, "Number of intervals between two bills (3 with month: quarterly).")
            .at("recurring.interval_count"),
        Column::new("recurring_usage_type", Code, "licensed (per seat) or metered (by usage).")
            .at("recurring.usage_type"),
        Column::new("created", Timestamp, "When the price was created (UTC, whole seconds).")
            .filtered_by(Filter::Range("created")),
        Column::new("livemode", Bool, "True for live-mode objects, false for test mode."),
        Column::new("nickname", Text, "Name of the price, not shown to customers."),
        Column::new("lookup_key", Text, "Key to find the price by in place of its id. Equality and IN filters (up to 10 keys) are sent to Stripe.")
            .filtered_by(Filter::AnyOf("lookup_keys", 10)),
        Column::new("tax_behavior", Code, "inclusive, exclusive or unspecified."),
        Column::new("custom_unit_amount", Json, "Limits of a customer-chosen amount (pay what you want), as JSON."),
        Column::new("transform_quantity", Json, "How the quantity is divided and rounded before billing, as JSON."),
        Column::new("metadata", Json, "Key-value pairs attached by the account, as a JSON object."),
    ],
};
