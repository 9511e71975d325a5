//! `coupons`: discounts that can be applied to customers, invoices and subscriptions (`/v1/coupons`).

use crate::stripe::columns::{LIVEMODE, METADATA, created, id, object};
use crate::table::ColumnKind::{Bool, Code, Float, Integer, Json, Text, Timestamp};
use crate::table::{Changes, Column, Endpoint, Table};

pub static COUPONS: Table = Table {
    name: "coupons",
    description: "Coupons: a percentage or amount off, for once, some months or forever. Newest \
                  first.",
    endpoint: Endpoint::new("/v1/coupons", Some("/v1/coupons/{id}"))
        .changed_by(Changes::Events {
            types: "coupon.*",
            object: "coupon",
        }),
    columns: &[
        id("Identifier of the coupon (chosen by the account, or generated)."),
        object!("coupon"),
        Column::new(
            "name",
            Text,
            "Name shown to customers on invoices and receipts.",
        ),
        Column::new(
            "percent_off",
            Float,
            "Percentage taken off (25.5 means 25.5%), when not an amount.",
        ),
        Column::new(
            "amount_off",
            Integer,
            "Amount taken off, in the smallest unit of `currency`, when not a percentage.",
        ),
        Column::new(
            "currency",
            Code,
            "Three-letter ISO currency code of `amount_off`, lower case.",
        ),
        Column::new(
            "duration",
            Code,
            "How long the discount applies: once, repeating or forever.",
        ),
        Column::new(
            "duration_in_months",
            Integer,
            "Number of months a repeating coupon applies.",
        ),
        Column::new(
            "max_redemptions",
            Integer,
            "How many times the coupon can be redeemed in total.",
        ),
        Column::new(
            "times_redeemed",
            Integer,
            "How many times the coupon has been redeemed.",
        ),
        Column::new(
            "redeem_by",
            Timestamp,
            "Last moment the coupon can be redeemed (UTC).",
        ),
        Column::new("valid", Bool, "True while the coupon can still be applied."),
        created("When the coupon was created (UTC, whole seconds)."),
        LIVEMODE,
        Column::new(
            "applies_to",
            Json,
            "Products the coupon is limited to, as JSON.",
        )
        .expanded(),
        Column::new(
            "currency_options",
            Json,
            "amount_off in further currencies, as JSON.",
        )
        .expanded(),
        METADATA,
    ],
};
