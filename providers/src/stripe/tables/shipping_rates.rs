//! `shipping_rates`: shipping options offered at checkout (`/v1/shipping_rates`).

use crate::stripe::columns::{LIVEMODE, METADATA, created, id, object};
use crate::table::ColumnKind::{Bool, Code, Id, Integer, Json, Text};
use crate::table::{Column, Endpoint, Filter, Table};

pub static SHIPPING_RATES: Table = Table {
    name: "shipping_rates",
    description: "Shipping rates offered to customers at checkout. Newest first.",
    endpoint: Endpoint::new("/v1/shipping_rates", Some("/v1/shipping_rates/{id}")),
    columns: &[
        id("Identifier of the shipping rate (shr_...)."),
        object!("shipping_rate"),
        Column::new("display_name", Text, "Name shown to customers (Ground shipping, ...)."),
        Column::new("active", Bool, "True when the rate can be offered.")
            .filtered_by(Filter::Equals("active")),
        Column::new("type", Code, "How the rate is priced: fixed_amount."),
        Column::new("fixed_amount", Json, "Amount, currency and amounts in further currencies, as JSON."),
        Column::new("fixed_amount_amount", Integer, "Shipping amount, in the smallest unit of `fixed_amount_currency`.")
            .at("fixed_amount.amount"),
        Column::new("fixed_amount_currency", Code, "Three-letter ISO currency code of the amount, lower case.")
            .at("fixed_amount.currency")
            .filtered_by(Filter::Equals("currency")),
        Column::new("delivery_estimate", Json, "Minimum and maximum delivery time, as JSON."),
        Column::new("tax_behavior", Code, "inclusive, exclusive or unspecified."),
        Column::new("tax_code", Id, "Tax code of the shipping (txcd_...)."),
        created("When the rate was created (UTC, whole seconds)."),
        LIVEMODE,
        METADATA,
    ],
};
