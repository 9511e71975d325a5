//! `subscription_items`: the prices and quantities subscriptions bill, listed
//! per subscription (`/v1/subscription_items?subscription=...`).

use super::subscriptions::SUBSCRIPTIONS;
use crate::stripe::columns::{METADATA, id, object};
use crate::table::ColumnKind::{Code, Id, Integer, Json, Timestamp};
use crate::table::{Column, Endpoint, Filter, Parent, Table};

pub static SUBSCRIPTION_ITEMS: Table = Table {
    name: "subscription_items",
    description: "Items of subscriptions: one price and quantity each. A filter on \
                  subscription_id (= or IN) lists under those subscriptions only; otherwise \
                  every subscription (canceled ones included) is listed and its items are read. \
                  Filters on id get items by id.",
    endpoint: Endpoint::new(
        "/v1/subscription_items",
        Some("/v1/subscription_items/{id}"),
    )
    .under(Parent::in_query(&SUBSCRIPTIONS, "subscription")),
    columns: &[
        Column::new("subscription_id", Id, "Subscription the item belongs to (sub_...).")
            .at("subscription")
            .not_null()
            .filtered_by(Filter::Parent),
        id("Identifier of the item (si_...)."),
        object!("subscription_item"),
        Column::new("subscription", Id, "Subscription, as Stripe names it (sub_...).")
            .not_null()
            .filtered_by(Filter::Parent),
        Column::new("quantity", Integer, "Quantity of the price billed."),
        Column::new("price", Json, "The price billed, as JSON."),
        Column::new("price_id", Id, "Price billed (price_...).").at("price.id"),
        Column::new("price_product", Id, "Product of the price (prod_...).").at("price.product"),
        Column::new("price_currency", Code, "Currency of the price, lower case.").at("price.currency"),
        Column::new("price_unit_amount", Integer, "Unit amount of the price, in the smallest currency unit.")
            .at("price.unit_amount"),
        Column::new("price_recurring_interval", Code, "Billing interval of the price: day, week, month or year.")
            .at("price.recurring.interval"),
        Column::new("plan", Json, "The price as a legacy plan object, as JSON."),
        Column::new("current_period_start", Timestamp, "Start of the item's current billing period (UTC)."),
        Column::new("current_period_end", Timestamp, "End of the item's current billing period (UTC)."),
        Column::new("billing_thresholds", Json, "Usage thresholds that trigger invoicing, as JSON."),
        Column::new("discounts", Json, "Discounts applied to the item, as a JSON array."),
        Column::new("tax_rates", Json, "Tax rates applied to the item, as a JSON array."),
        Column::new("created", Timestamp, "When the item was created (UTC, whole seconds)."),
        METADATA,
    ],
};
