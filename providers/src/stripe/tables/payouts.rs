//! `payouts`: transfers of the balance to a bank account or card (`/v1/payouts`).

use crate::stripe::columns::{CURRENCY, LIVEMODE, METADATA, created, id, object};
use crate::table::ColumnKind::{Bool, Code, Id, Integer, Json, Text, Timestamp};
use crate::table::{Changes, Column, Endpoint, Filter, Table};

pub static PAYOUTS: Table = Table {
    name: "payouts",
    description: "Payouts from the Stripe balance to bank accounts and debit cards. Newest first.",
    endpoint: Endpoint::new("/v1/payouts", Some("/v1/payouts/{id}"))
        .changed_by(Changes::Events {
            types: "payout.*",
            object: "payout",
        }),
    columns: &[
        id("Identifier of the payout (po_...)."),
        object!("payout"),
        Column::new(
            "amount",
            Integer,
            "Amount paid out, in the smallest unit of `currency` (cents for usd).",
        ),
        CURRENCY,
        Column::new(
            "status",
            Code,
            "paid, pending, in_transit, canceled or failed.",
        )
        .filtered_by(Filter::Equals("status"))
        .one_of(&["pending", "paid", "failed", "canceled"]),
        Column::new("type", Code, "Destination kind: bank_account or card."),
        Column::new("method", Code, "standard or instant."),
        Column::new(
            "automatic",
            Bool,
            "True when Stripe created the payout on the account's payout schedule.",
        ),
        Column::new(
            "arrival_date",
            Timestamp,
            "When the payout is expected to arrive (UTC).",
        )
        .filtered_by(Filter::Range("arrival_date")),
        created("When the payout was created (UTC, whole seconds)."),
        LIVEMODE,
        Column::new(
            "destination",
            Id,
            "Bank account or card paid out to (ba_..., card_...).",
        )
        .filtered_by(Filter::Equals("destination")),
        Column::new(
            "balance_transaction",
            Id,
            "Balance transaction recording the payout (txn_...).",
        ),
        Column::new(
            "failure_balance_transaction",
            Id,
            "Balance transaction reversing a failed payout (txn_...).",
        ),
        Column::new("failure_code", Code, "Error code of a failed payout."),
        Column::new("failure_message", Text, "Explanation of a failure."),
        Column::new("description", Text, "Free-text description of the payout."),
        Column::new(
            "statement_descriptor",
            Text,
            "Text shown on the bank statement.",
        ),
        Column::new(
            "source_type",
            Code,
            "Balance the payout draws from: card, fpx or bank_account.",
        ),
        Column::new(
            "reconciliation_status",
            Code,
            "not_applicable, in_progress or completed.",
        ),
        Column::new(
            "application_fee",
            Id,
            "Application fee charged on the payout (fee_...).",
        ),
        Column::new(
            "application_fee_amount",
            Integer,
            "Application fee requested, in the smallest currency unit.",
        ),
        Column::new(
            "original_payout",
            Id,
            "Payout this one reverses (po_...), if any.",
        ),
        Column::new(
            "reversed_by",
            Id,
            "Payout that reverses this one (po_...), if any.",
        ),
        Column::new(
            "payout_method",
            Id,
            "Payout method used, for payouts to stored payout methods.",
        ),
        Column::new(
            "trace_id",
            Json,
            "Network trace id of the payout and its status, as JSON.",
        ),
        Column::new(
            "trace_id_value",
            Code,
            "Network trace id (ACH trace number, ...), when supported.",
        )
        .at("trace_id.value"),
        METADATA,
    ],
};
