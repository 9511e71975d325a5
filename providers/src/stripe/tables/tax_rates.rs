//! `tax_rates`: manual tax rates applied to invoices and subscriptions (`/v1/tax_rates`).

use crate::stripe::columns::{LIVEMODE, METADATA, created, id, object};
use crate::table::ColumnKind::{Bool, Code, Float, Integer, Json, Text};
use crate::table::{Changes, Column, Endpoint, Filter, Table};

pub static TAX_RATES: Table = Table {
    name: "tax_rates",
    description: "Tax rates (VAT, GST, sales tax, ...) the account applies to invoices, \
                  subscriptions and checkout. Newest first.",
    endpoint: Endpoint::new("/v1/tax_rates", Some("/v1/tax_rates/{id}"))
        .changed_by(Changes::Events {
            types: "tax_rate.*",
            object: "tax_rate",
        }),
    columns: &[
        id("Identifier of the tax rate (txr_...)."),
        object!("tax_rate"),
        Column::new("display_name", Text, "Short name shown on invoices (VAT, GST, Sales Tax)."),
        Column::new("description", Text, "Internal description of the rate."),
        Column::new("active", Bool, "True when the rate can be applied to new objects.")
            .filtered_by(Filter::Equals("active")),
        Column::new("inclusive", Bool, "True when prices include the tax.")
            .filtered_by(Filter::Equals("inclusive")),
        Column::new("percentage", Float, "Rate in percent (19 means 19%)."),
        Column::new("effective_percentage", Float, "Rate actually applied, for rates that depend on the location."),
        Column::new("rate_type", Code, "flat_amount or percentage."),
        Column::new("flat_amount", Json, "Fixed tax amount and currency of a flat-amount rate, as JSON."),
        Column::new("flat_amount_amount", Integer, "Fixed tax amount, in the smallest unit of its currency.")
            .at("flat_amount.amount"),
        Column::new("flat_amount_currency", Code, "Currency of the fixed tax amount.")
            .at("flat_amount.currency"),
        Column::new("tax_type", Code, "Kind of tax: vat, gst, sales_tax, ..."),
        Column::new("country", Code, "Two-letter country code the rate applies in."),
        Column::new("state", Code, "State, county, province or region code the rate applies in."),
        Column::new("jurisdiction", Text, "Jurisdiction shown on invoices."),
        Column::new("jurisdiction_level", Code, "city, country, county, district, multiple or state."),
        created("When the rate was created (UTC, whole seconds)."),
        LIVEMODE,
        METADATA,
    ],
};
