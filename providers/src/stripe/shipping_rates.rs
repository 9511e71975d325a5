//! `shipping_rates`: shipping options offered at checkout (`/v1/shipping_rates`).

use crate::table::ColumnKind::{Bool, Code, Id, Integer, Json, Text, Timestamp};
use crate::table::{Column, Endpoint, Filter, Table};

pub static SHIPPING_RATES: Table = Table {
    name: "shipping_rates",
    description: "Shipping rates offered to customers at checkout. Newest first. Filters on id, \
                  active, fixed_amount_currency and created are sent to Stripe.",
    endpoint: Endpoint::new("/v1/shipping_rates", Some("/v1/shipping_rates/{id}")),
    columns: &[
        Column::new("id", Id, "Identifier of the shipping rate (shr_...).")
            .not_null()
            .filtered_by(Filter::Id),
        Column::new("object", Code, "Kind of object: always 'shipping_rate'."),
        Column::new("display_name", Text, "Name shown to customers (Ground shipping, ...)."),
        Column::new("active", Bool, "True when the rate can be offered. Equality filters are sent to Stripe.")
            .filtered_by(Filter::Equals("active")),
        Column::new("type", Code, "How the rate is priced: fixed_amount."),
        Column::new("fixed_amount", Json, "Amount, currency and amounts in further currencies, as JSON."),
        Column::new("fixed_amount_amount", Integer, "Shipping amount, in the smallest unit of `fixed_amount_currency`.")
            .at("fixed_amount.amount"),
        Column::new("fixed_amount_currency", Code, "Three-letter ISO currency code of the amount, lower case. Equality filters are sent to Stripe as `currency`.")
            .at("fixed_amount.currency")
            .filtered_by(Filter::Equals("currency")),
        Column::new("delivery_estimate", Json, "Minimum and maximum delivery time, as JSON."),
        Column::new("tax_behavior", Code, "inclusive, exclusive or unspecified."),
        Column::new("tax_code", Id, "Tax code of the shipping (txcd_...)."),
        Column::new("created", Timestamp, "When the rate was created (UTC, whole seconds). Range filters are sent to Stripe.")
            .filtered_by(Filter::Range("created")),
        Column::new("livemode", Bool, "True for live-mode objects, false for test mode."),
        Column::new("metadata", Json, "Key-value pairs attached by the account, as a JSON object."),
    ],
};
