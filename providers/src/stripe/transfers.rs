//! `transfers`: money sent from the platform's balance to connected accounts (`/v1/transfers`).

use crate::table::ColumnKind::{Bool, Code, Id, Integer, Json, Text, Timestamp};
use crate::table::{Column, Endpoint, Filter, Table};

pub static TRANSFERS: Table = Table {
    name: "transfers",
    description: "Transfers of funds from the platform's balance to connected accounts. Newest \
                  first. Filters on id, destination, transfer_group and created are sent to Stripe.",
    endpoint: Endpoint::new("/v1/transfers", Some("/v1/transfers/{id}")),
    columns: &[
        Column::new("id", Id, "Identifier of the transfer (tr_...).")
            .not_null()
            .filtered_by(Filter::Id),
        Column::new("object", Code, "Kind of object: always 'transfer'."),
        Column::new("amount", Integer, "Amount transferred, in the smallest unit of `currency`."),
        Column::new("amount_reversed", Integer, "Amount reversed so far, in the smallest currency unit."),
        Column::new("currency", Code, "Three-letter ISO currency code, lower case."),
        Column::new("balance_transaction", Id, "Balance transaction that debited the platform (txn_...)."),
        Column::new("created", Timestamp, "When the transfer was created (UTC, whole seconds). Range filters are sent to Stripe.")
            .filtered_by(Filter::Range("created")),
        Column::new("description", Text, "Free-text description of the transfer."),
        Column::new("destination", Id, "Connected account receiving the funds (acct_...). Equality filters are sent to Stripe.")
            .filtered_by(Filter::Equals("destination")),
        Column::new("destination_payment", Id, "Payment created on the destination account (py_...)."),
        Column::new("livemode", Bool, "True for live-mode objects, false for test mode."),
        Column::new("metadata", Json, "Key-value pairs attached by the account, as a JSON object."),
        Column::new("reversals", Json, "The first reversals as a JSON list object (all of them: table transfer_reversals)."),
        Column::new("reversed", Bool, "True once the whole transfer is reversed."),
        Column::new("source_transaction", Id, "Charge the transfer is funded from, if it was tied to one (ch_...)."),
        Column::new("source_type", Code, "Kind of balance funding the transfer: card, bank_account or fpx."),
        Column::new("transfer_group", Text, "Group the transfer belongs to, linking it to charges. Equality filters are sent to Stripe.")
            .filtered_by(Filter::Equals("transfer_group")),
    ],
};
