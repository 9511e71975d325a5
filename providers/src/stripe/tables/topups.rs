//! `topups`: money added to the Stripe balance from a bank account (`/v1/topups`).

use crate::stripe::columns::{CURRENCY, LIVEMODE, METADATA, created, id, object};
use crate::table::ColumnKind::{Code, Id, Integer, Text, Timestamp};
use crate::table::{Changes, Column, Endpoint, Filter, Table};

pub static TOPUPS: Table = Table {
    name: "topups",
    description: "Top-ups of the Stripe balance from a bank account. Newest first.",
    endpoint: Endpoint::new("/v1/topups", Some("/v1/topups/{id}"))
        .changed_by(Changes::Events {
            types: "topup.*",
            object: "topup",
        }),
    columns: &[
        id("Identifier of the top-up (tu_...)."),
        object!("topup"),
        Column::new("amount", Integer, "Amount added, in the smallest unit of `currency` (cents for usd).")
            .filtered_by(Filter::Range("amount")),
        CURRENCY,
        Column::new("status", Code, "pending, succeeded, failed, canceled or reversed.")
            .filtered_by(Filter::Equals("status"))
            .one_of(&["canceled", "failed", "pending", "succeeded"]),
        Column::new("description", Text, "Description of the top-up."),
        created("When the top-up was created (UTC, whole seconds)."),
        Column::new("expected_availability_date", Timestamp, "When the funds are expected in the available balance (UTC)."),
        Column::new("balance_transaction", Id, "Balance transaction recording the top-up (txn_...)."),
        Column::new("source", Id, "Source the money came from (src_...)."),
        Column::new("source_type", Code, "Kind of source: ach_debit, ...")
            .at("source.type"),
        Column::new("failure_code", Code, "Error code of a failed top-up."),
        Column::new("failure_message", Text, "Explanation of a failure."),
        Column::new("statement_descriptor", Text, "Text shown on the bank statement."),
        Column::new("transfer_group", Text, "Group of transfers the top-up belongs to."),
        Column::new("initiated_by", Code, "Who started the top-up, when recorded."),
        LIVEMODE,
        METADATA,
    ],
};
