//! `balance_transactions`: every movement of the account balance (`/v1/balance_transactions`).

use crate::stripe::columns::{CURRENCY, created, id, object};
use crate::table::ColumnKind::{Code, Float, Id, Integer, Json, Text, Timestamp};
use crate::table::{Column, Endpoint, Filter, Table};

pub static BALANCE_TRANSACTIONS: Table = Table {
    name: "balance_transactions",
    description: "Balance transactions: each change of the Stripe balance (charges, refunds, fees, \
                  payouts, adjustments). Newest first.",
    endpoint: Endpoint::new(
        "/v1/balance_transactions",
        Some("/v1/balance_transactions/{id}"),
    ),
    columns: &[
        id("Identifier of the balance transaction (txn_...)."),
        object!("balance_transaction"),
        Column::new("amount", Integer, "Gross amount, in the smallest unit of `currency`; negative for money leaving the balance."),
        Column::new("fee", Integer, "Fees paid for the transaction, in the smallest currency unit."),
        Column::new("net", Integer, "Net effect on the balance (amount - fee), in the smallest currency unit."),
        CURRENCY
            .filtered_by(Filter::Equals("currency")),
        Column::new("exchange_rate", Float, "Rate used to convert the source amount into `currency`, if converted."),
        Column::new("type", Code, "Transaction type: charge, refund, payout, stripe_fee, adjustment, ...")
            .filtered_by(Filter::Equals("type")),
        Column::new("reporting_category", Code, "Category for financial reporting: charge, refund, payout, fee, ..."),
        Column::new("status", Code, "available or pending."),
        Column::new("balance_type", Code, "Balance the transaction affects: payments, issuing, refund_and_dispute_prefunding."),
        created("When the transaction was created (UTC, whole seconds)."),
        Column::new("available_on", Timestamp, "When the funds become available in the balance (UTC)."),
        Column::new("description", Text, "Free-text description of the transaction."),
        Column::new("fee_details", Json, "Breakdown of `fee` (Stripe, application, tax fees) as a JSON array."),
        Column::new("source", Id, "Object that caused the transaction (ch_..., re_..., po_...).")
            .filtered_by(Filter::Equals("source")),
        Column::new("payout", Id, "Automatic payout that paid the transaction out (po_...): not a field of \
                    the transaction, so it holds the value of a `payout = '...'` filter and is NULL \
                    without one.")
            .filtered_by(Filter::Equals("payout"))
            .filter_only(),
    ],
};
