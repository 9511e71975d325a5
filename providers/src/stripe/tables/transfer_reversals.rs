//! `transfer_reversals`: reversals of transfers, listed per transfer
//! (`/v1/transfers/{id}/reversals`).

use super::transfers::TRANSFERS;
use crate::stripe::columns::{CURRENCY, METADATA, object};
use crate::table::ColumnKind::{Id, Integer, Timestamp};
use crate::table::{Column, Endpoint, Filter, Parent, Table};

pub static TRANSFER_REVERSALS: Table = Table {
    name: "transfer_reversals",
    description: "Reversals of transfers to connected accounts, newest first within each \
                  transfer. A filter on transfer_id (= or IN) lists under those transfers only; \
                  otherwise every transfer is listed and its reversals are read.",
    endpoint: Endpoint::new("/v1/transfers/{parent}/reversals", None)
        .under(Parent::in_path(&TRANSFERS)),
    columns: &[
        Column::new(
            "transfer_id",
            Id,
            "Transfer reversed (tr_...).",
        )
        .at("transfer")
        .not_null()
        .filtered_by(Filter::Parent),
        Column::new("id", Id, "Identifier of the reversal (trr_...).").not_null(),
        object!("transfer_reversal"),
        Column::new(
            "amount",
            Integer,
            "Amount reversed, in the smallest unit of `currency`.",
        ),
        CURRENCY,
        Column::new(
            "balance_transaction",
            Id,
            "Balance transaction of the reversal (txn_...).",
        ),
        Column::new(
            "created",
            Timestamp,
            "When the reversal was created (UTC, whole seconds).",
        ),
        Column::new(
            "destination_payment_refund",
            Id,
            "Refund of the payment on the destination account (pyr_...).",
        ),
        Column::new(
            "source_refund",
            Id,
            "Refund that caused the reversal, if any (re_...).",
        ),
        Column::new(
            "transfer",
            Id,
            "Transfer reversed, as Stripe names it (tr_...).",
        ),
        METADATA,
    ],
};
