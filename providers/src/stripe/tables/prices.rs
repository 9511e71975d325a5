//! `prices`: how much and how often products cost (`/v1/prices`).

use crate::stripe::columns::{CURRENCY, LIVEMODE, METADATA, created, id, object};
use crate::table::ColumnKind::{Bool, Code, Id, Integer, Json, Text};
use crate::table::{Changes, Column, Endpoint, Filter, Search, Table};

pub static PRICES: Table = Table {
    name: "prices",
    description: "Prices of products: unit amount, currency, one-time or recurring interval. \
                  Newest first.",
    endpoint: Endpoint::new("/v1/prices", Some("/v1/prices/{id}"))
        .searched_at("/v1/prices/search")
        .changed_by(Changes::Events {
            types: "price.*",
            object: "price",
        }),
    columns: &[
        id("Identifier of the price (price_...)."),
        object!("price"),
        Column::new("product", Id, "Product the price belongs to (prod_...).")
            .filtered_by(Filter::Equals("product"))
            .searched(Search::Exact),
        Column::new("active", Bool, "True when the price can be used for new purchases.")
            .filtered_by(Filter::Equals("active"))
            .searched(Search::Exact),
        CURRENCY
            .filtered_by(Filter::Equals("currency"))
            .searched(Search::Exact),
        Column::new("unit_amount", Integer, "Amount per unit, in the smallest unit of `currency`, when it is a whole number."),
        Column::new("unit_amount_decimal", Text, "Amount per unit in the smallest currency unit, as decimal text (up to 12 decimals)."),
        Column::new("type", Code, "one_time or recurring.")
            .filtered_by(Filter::Equals("type"))
            .one_of(&["one_time", "recurring"])
            .searched(Search::Exact),
        Column::new("billing_scheme", Code, "per_unit or tiered."),
        Column::new("tiers_mode", Code, "graduated or volume, for tiered prices."),
        Column::new("recurring", Json, "Recurrence of a recurring price (interval, count, usage type), as JSON."),
        Column::new("recurring_interval", Code, "Billing interval of a recurring price: day, week, month or year.")
            .at("recurring.interval")
            .filtered_by(Filter::Equals("recurring[interval]"))
            .one_of(&["day", "month", "week", "year"]),
        Column::new("recurring_interval_count", Integer, "Number of intervals between two bills (3 with month: quarterly).")
            .at("recurring.interval_count"),
        Column::new("recurring_usage_type", Code, "licensed (per seat) or metered (by usage).")
            .at("recurring.usage_type")
            .filtered_by(Filter::Equals("recurring[usage_type]"))
            .one_of(&["licensed", "metered"]),
        created("When the price was created (UTC, whole seconds)."),
        LIVEMODE,
        Column::new("nickname", Text, "Name of the price, not shown to customers."),
        Column::new("lookup_key", Text, "Key to find the price by in place of its id.")
            .filtered_by(Filter::AnyOf("lookup_keys", 10))
            .searched(Search::Exact),
        Column::new("tax_behavior", Code, "inclusive, exclusive or unspecified."),
        Column::new("custom_unit_amount", Json, "Limits of a customer-chosen amount (pay what you want), as JSON."),
        Column::new("transform_quantity", Json, "How the quantity is divided and rounded before billing, as JSON."),
        METADATA.searched(Search::Exact),
    ],
};
