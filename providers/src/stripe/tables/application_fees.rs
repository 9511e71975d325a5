//! `application_fees`: fees a Connect platform collected on its connected
//! accounts' charges (`/v1/application_fees`).

use crate::stripe::columns::{CURRENCY, LIVEMODE, created, id, object};
use crate::table::ColumnKind::{Bool, Code, Id, Integer, Json};
use crate::table::{Changes, Column, Endpoint, Filter, Table};

pub static APPLICATION_FEES: Table = Table {
    name: "application_fees",
    description: "Application fees a Connect platform collected from charges on connected \
                  accounts. Newest first.",
    endpoint: Endpoint::new("/v1/application_fees", Some("/v1/application_fees/{id}"))
        .changed_by(Changes::Events {
            types: "application_fee.*",
            object: "application_fee",
        }),
    columns: &[
        id("Identifier of the application fee (fee_...)."),
        object!("application_fee"),
        Column::new("account", Id, "Connected account the fee was taken from (acct_...)."),
        Column::new("amount", Integer, "Fee amount, in the smallest unit of `currency`."),
        Column::new("amount_refunded", Integer, "Amount refunded so far, in the smallest currency unit."),
        CURRENCY,
        Column::new("application", Id, "Connect application that collected the fee (ca_...)."),
        Column::new("balance_transaction", Id, "Balance transaction that credited the fee to the platform (txn_...)."),
        Column::new("charge", Id, "Charge the fee was collected on (ch_..., py_...).")
            .filtered_by(Filter::Equals("charge")),
        created("When the fee was created (UTC, whole seconds)."),
        Column::new("fee_source", Json, "What the fee was collected from (charge or payout), as JSON."),
        Column::new("fee_source_type", Code, "Kind of source of the fee: charge or payout.").at("fee_source.type"),
        Column::new("fee_source_charge", Id, "Charge the fee came from, when the source is a charge.")
            .at("fee_source.charge"),
        Column::new("fee_source_payout", Id, "Payout the fee came from, when the source is a payout.")
            .at("fee_source.payout"),
        LIVEMODE,
        Column::new("originating_transaction", Id, "Transfer or charge on the platform that caused the fee, for destination charges."),
        Column::new("refunded", Bool, "True once the fee is fully refunded."),
        Column::new("refunds", Json, "The first refunds of the fee as a JSON list object (all of them: table application_fee_refunds)."),
    ],
};
