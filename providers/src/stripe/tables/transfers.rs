//! `transfers`: money sent from the platform's balance to connected accounts (`/v1/transfers`).

use crate::stripe::columns::{CURRENCY, LIVEMODE, METADATA, created, id, object};
use crate::table::ColumnKind::{Bool, Code, Id, Integer, Json, Text};
use crate::table::{Changes, Column, Endpoint, Filter, Table};

pub static TRANSFERS: Table = Table {
    name: "transfers",
    description: "Transfers of funds from the platform's balance to connected accounts. Newest \
                  first.",
    endpoint: Endpoint::new("/v1/transfers", Some("/v1/transfers/{id}"))
        .changed_by(Changes::Events {
            types: "transfer.*",
            object: "transfer",
        }),
    columns: &[
        id("Identifier of the transfer (tr_...)."),
        object!("transfer"),
        Column::new("amount", Integer, "Amount transferred, in the smallest unit of `currency`."),
        Column::new("amount_reversed", Integer, "Amount reversed so far, in the smallest currency unit."),
        CURRENCY,
        Column::new("balance_transaction", Id, "Balance transaction that debited the platform (txn_...)."),
        created("When the transfer was created (UTC, whole seconds)."),
        Column::new("description", Text, "Free-text description of the transfer."),
        Column::new("destination", Id, "Connected account receiving the funds (acct_...).")
            .filtered_by(Filter::Equals("destination")),
        Column::new("destination_payment", Id, "Payment created on the destination account (py_...)."),
        LIVEMODE,
        METADATA,
        Column::new("reversals", Json, "The first reversals as a JSON list object (all of them: table transfer_reversals)."),
        Column::new("reversed", Bool, "True once the whole transfer is reversed."),
        Column::new("source_transaction", Id, "Charge the transfer is funded from, if it was tied to one (ch_...)."),
        Column::new("source_type", Code, "Kind of balance funding the transfer: card, bank_account or fpx."),
        Column::new("transfer_group", Text, "Group the transfer belongs to, linking it to charges.")
            .filtered_by(Filter::Equals("transfer_group")),
    ],
};
