//! `plans`: recurring prices in their older form (`/v1/plans`).

use crate::stripe::columns::{CURRENCY, LIVEMODE, METADATA, created, id, object};
use crate::table::ColumnKind::{Bool, Code, Id, Integer, Json, Text};
use crate::table::{Changes, Column, Endpoint, Filter, Table};

pub static PLANS: Table = Table {
    name: "plans",
    description: "Plans: the older form of recurring prices (every recurring price is also a \
                  plan). Newest first.",
    endpoint: Endpoint::new("/v1/plans", Some("/v1/plans/{id}"))
        .changed_by(Changes::Events {
            types: "plan.*",
            object: "plan",
        }),
    columns: &[
        id("Identifier of the plan (the price id, price_..., or a chosen id)."),
        object!("plan"),
        Column::new("product", Id, "Product the plan belongs to (prod_...).")
            .filtered_by(Filter::Equals("product")),
        Column::new("active", Bool, "True when the plan can be used for new subscriptions.")
            .filtered_by(Filter::Equals("active")),
        Column::new("nickname", Text, "Name of the plan, not shown to customers."),
        Column::new("amount", Integer, "Amount per interval, in the smallest unit of `currency`, when it is a whole number."),
        Column::new("amount_decimal", Text, "Amount per interval in the smallest currency unit, as decimal text."),
        CURRENCY,
        Column::new("interval", Code, "Billing interval: day, week, month or year."),
        Column::new("interval_count", Integer, "Number of intervals between two bills (3 with month: quarterly)."),
        Column::new("usage_type", Code, "licensed (per seat) or metered (by usage)."),
        Column::new("billing_scheme", Code, "per_unit or tiered."),
        Column::new("tiers_mode", Code, "graduated or volume, for tiered plans."),
        Column::new("tiers", Json, "Price tiers of a tiered plan, as a JSON array.").expanded(),
        Column::new("transform_usage", Json, "How usage is divided and rounded before billing, as JSON."),
        Column::new("trial_period_days", Integer, "Trial days granted to new subscriptions by default."),
        Column::new("meter", Id, "Meter tracking the usage of a metered plan (mtr_...)."),
        created("When the plan was created (UTC, whole seconds)."),
        LIVEMODE,
        METADATA,
    ],
};
