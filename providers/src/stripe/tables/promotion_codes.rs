//! `promotion_codes`: customer-facing codes for coupons (`/v1/promotion_codes`).

use crate::stripe::columns::{LIVEMODE, METADATA, created, id, object};
use crate::table::ColumnKind::{Bool, Code, Id, Integer, Json, Text, Timestamp};
use crate::table::{Changes, Column, Endpoint, Filter, Table};

pub static PROMOTION_CODES: Table = Table {
    name: "promotion_codes",
    description: "Promotion codes customers type in to get a coupon's discount. Newest first.",
    endpoint: Endpoint::new("/v1/promotion_codes", Some("/v1/promotion_codes/{id}"))
        .changed_by(Changes::Events {
            types: "promotion_code.*",
            object: "promotion_code",
        }),
    columns: &[
        id("Identifier of the promotion code (promo_...)."),
        object!("promotion_code"),
        Column::new("code", Text, "The code customers enter (case-insensitive at checkout).")
            .filtered_by(Filter::Equals("code")),
        Column::new("active", Bool, "True while the code can be redeemed.")
            .filtered_by(Filter::Equals("active")),
        Column::new("promotion", Json, "What the code grants (type and coupon), as JSON."),
        Column::new("promotion_coupon", Id, "Coupon the code applies.")
            .at("promotion.coupon")
            .or_at("coupon")
            .filtered_by(Filter::Equals("coupon")),
        Column::new("customer", Id, "Only customer allowed to redeem the code (cus_...), if restricted.")
            .filtered_by(Filter::Equals("customer")),
        Column::new("customer_account", Id, "Only account allowed to redeem the code, if restricted."),
        Column::new("max_redemptions", Integer, "How many times the code can be redeemed in total."),
        Column::new("times_redeemed", Integer, "How many times the code has been redeemed."),
        Column::new("expires_at", Timestamp, "When the code expires (UTC), if ever."),
        Column::new("restrictions", Json, "Who and which orders may redeem the code, as JSON."),
        Column::new("restrictions_first_time_transaction", Bool, "True when only first-time customers may redeem the code.")
            .at("restrictions.first_time_transaction"),
        Column::new("restrictions_minimum_amount", Integer, "Smallest order amount the code applies to, in the smallest currency unit.")
            .at("restrictions.minimum_amount"),
        Column::new("restrictions_minimum_amount_currency", Code, "Currency of the minimum amount.")
            .at("restrictions.minimum_amount_currency"),
        created("When the code was created (UTC, whole seconds)."),
        LIVEMODE,
        METADATA,
    ],
};
