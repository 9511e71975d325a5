//! `application_fee_refunds`: refunds of application fees, listed per fee
//! (`/v1/application_fees/{id}/refunds`).

use super::application_fees::APPLICATION_FEES;
use crate::stripe::columns::{CURRENCY, METADATA, object};
use crate::table::ColumnKind::{Id, Integer, Timestamp};
use crate::table::{Column, Endpoint, Filter, Parent, Table};

pub static APPLICATION_FEE_REFUNDS: Table = Table {
    name: "application_fee_refunds",
    description: "Refunds of application fees, newest first within each fee. A filter on \
                  application_fee_id (= or IN) lists under those fees only; otherwise every fee \
                  is listed and its refunds are read.",
    endpoint: Endpoint::new("/v1/application_fees/{parent}/refunds", None)
        .under(Parent::in_path(&APPLICATION_FEES)),
    columns: &[
        Column::new(
            "application_fee_id",
            Id,
            "Application fee refunded (fee_...).",
        )
        .at("fee")
        .not_null()
        .filtered_by(Filter::Parent),
        Column::new("id", Id, "Identifier of the refund (fr_...).").not_null(),
        object!("fee_refund"),
        Column::new(
            "amount",
            Integer,
            "Amount refunded, in the smallest unit of `currency`.",
        ),
        CURRENCY,
        Column::new(
            "balance_transaction",
            Id,
            "Balance transaction of the refund (txn_...).",
        ),
        Column::new(
            "created",
            Timestamp,
            "When the refund was created (UTC, whole seconds).",
        ),
        Column::new(
            "fee",
            Id,
            "Application fee refunded, as Stripe names it (fee_...).",
        ),
        METADATA,
    ],
};
