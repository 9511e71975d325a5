//! `topups`: money added to the Stripe balance from a bank account (`/v1/topups`).

use crate::table::ColumnKind::{Bool, Code, Id, Integer, Json, Text, Timestamp};
use crate::table::{Column, Endpoint, Filter, Table};

pub static TOPUPS: Table = Table {
    name: "topups",
    description: "Top-ups of the Stripe balance from a bank account. Newest first. Filters on \
                  id, status, amount and created are sent to Stripe.",
    endpoint: Endpoint::new("/v1/topups", Some("/v1/topups/{id}")),
    columns: &[
        Column::new("id", Id, "Identifier of the top-up (tu_...).")
            .not_null()
            .filtered_by(Filter::Id),
        Column::new("object", Code, "Kind of object: always 'topup'."),
        Column::new("amount", Integer, "Amount added, in the smallest unit of `currency` (cents for usd). Range filters are sent to Stripe.")
            .filtered_by(Filter::Range("amount")),
        Column::new("currency", Code, "Three-letter ISO currency code, lower case."),
        Column::new("status", Code, "pending, succeeded, failed, canceled or reversed. Equality filters are sent to Stripe.")
            .filtered_by(Filter::Equals("status")),
        Column::new("description", Text, "Description of the top-up."),
        Column::new("created", Timestamp, "When the top-up was created (UTC, whole seconds). Range filters are sent to Stripe.")
            .filtered_by(Filter::Range("created")),
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
        Column::new("livemode", Bool, "True for live-mode objects, false for test mode."),
        Column::new("metadata", Json, "Key-value pairs attached by the account, as a JSON object."),
    ],
};
