//! `application_fees`: fees a Connect platform collected on its connected
//! accounts' charges (`/v1/application_fees`).

use crate::table::ColumnKind::{Bool, Code, Id, Integer, Json, Timestamp};
use crate::table::{Column, Endpoint, Filter, Table};

pub static APPLICATION_FEES: Table = Table {
    name: "application_fees",
    description: "Application fees a Connect platform collected from charges on connected \
                  accounts. Newest first. Filters on id, charge and created are sent to Stripe.",
    endpoint: Endpoint::new("/v1/application_fees", Some("/v1/application_fees/{id}")),
    columns: &[
        Column::new("id", Id, "Identifier of the application fee (fee_...).")
            .not_null()
            .filtered_by(Filter::Id),
        Column::new("object", Code, "Kind of object: always 'application_fee'."),
        Column::new("account", Id, "Connected account the fee was taken from (acct_...)."),
        Column::new("amount", Integer, "Fee amount, in the smallest unit of `currency`."),
        Column::new("amount_refunded", Integer, "Amount refunded so far, in the smallest currency unit."),
        Column::new("currency", Code, "Three-letter ISO currency code, lower case."),
        Column::new("application", Id, "Connect application that collected the fee (ca_...)."),
        Column::new("balance_transaction", Id, "Balance transaction that credited the fee to the platform (txn_...)."),
        Column::new("charge", Id, "Charge the fee was collected on (ch_..., py_...). Equality filters are sent to Stripe.")
            .filtered_by(Filter::Equals("charge")),
        Column::new("created", Timestamp, "When the fee was created (UTC, whole seconds). Range filters are sent to Stripe.")
            .filtered_by(Filter::Range("created")),
        Column::new("fee_source", Json, "What the fee was collected from (charge or payout), as JSON."),
        Column::new("fee_source_type", Code, "Kind of source of the fee: charge or payout.").at("fee_source.type"),
        Column::new("fee_source_charge", Id, "Charge the fee came from, when the source is a charge.")
            .at("fee_source.charge"),
        Column::new("fee_source_payout", Id, "Payout the fee came from, when the source is a payout.")
            .at("fee_source.payout"),
        Column::new("livemode", Bool, "True for live-mode objects, false for test mode."),
        Column::new("originating_transaction", Id, "Transfer or charge on the platform that caused the fee, for destination charges."),
        Column::new("refunded", Bool, "True once the fee is fully refunded."),
        Column::new("refunds", Json, "The first refunds of the fee as a JSON list object (all of them: table application_fee_refunds)."),
    ],
};
