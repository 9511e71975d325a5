//! `refunds`: money returned to a customer for a charge (`/v1/refunds`).

use crate::stripe::columns::{CURRENCY, METADATA, created, id, object};
use crate::table::ColumnKind::{Code, Id, Integer, Json};
use crate::table::{Column, Endpoint, Filter, Table};

pub static REFUNDS: Table = Table {
    name: "refunds",
    description: "Refunds of charges and payment intents. Newest first.",
    endpoint: Endpoint::new("/v1/refunds", Some("/v1/refunds/{id}")),
    columns: &[
        id("Identifier of the refund (re_... or pyr_...)."),
        object!("refund"),
        Column::new(
            "amount",
            Integer,
            "Amount refunded, in the smallest unit of `currency` (cents for usd).",
        ),
        CURRENCY,
        Column::new(
            "status",
            Code,
            "pending, requires_action, succeeded, failed or canceled.",
        ),
        Column::new(
            "reason",
            Code,
            "Why the refund was made: duplicate, fraudulent, requested_by_customer, expired_uncaptured_charge.",
        ),
        created("When the refund was created (UTC, whole seconds)."),
        Column::new(
            "charge",
            Id,
            "Charge that was refunded (ch_...).",
        )
        .filtered_by(Filter::Equals("charge")),
        Column::new(
            "payment_intent",
            Id,
            "PaymentIntent that was refunded (pi_...).",
        )
        .filtered_by(Filter::Equals("payment_intent")),
        Column::new(
            "customer",
            Id,
            "Customer whose payment was refunded (cus_...), if any.",
        ),
        Column::new(
            "customer_account",
            Id,
            "Account representing the customer, when the customer is an account.",
        ),
        Column::new(
            "payment_method",
            Id,
            "Payment method the refund goes back to (pm_...).",
        ),
        Column::new(
            "balance_transaction",
            Id,
            "Balance transaction recording the refund (txn_...).",
        ),
        Column::new(
            "destination_details",
            Json,
            "Where and how the money is returned, per payment method type, as JSON.",
        ),
        Column::new(
            "destination_details_type",
            Code,
            "Kind of refund destination: card, us_bank_transfer, ...",
        )
        .at("destination_details.type"),
        METADATA,
        Column::new(
            "receipt_number",
            Code,
            "Transaction number on the refund receipt.",
        ),
        Column::new(
            "source_transfer_reversal",
            Id,
            "Transfer reversal that returned a connected account's share (trr_...).",
        ),
        Column::new(
            "transfer_reversal",
            Id,
            "Transfer reversal made when refunding a destination charge (trr_...).",
        ),
    ],
};
