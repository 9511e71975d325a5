//! `disputes`: chargebacks and inquiries raised by card holders (`/v1/disputes`).

use crate::stripe::columns::{CURRENCY, LIVEMODE, METADATA, created, id, object};
use crate::table::ColumnKind::{Bool, Code, Id, Integer, Json, Timestamp};
use crate::table::{Changes, Column, Endpoint, Filter, Table};

pub static DISPUTES: Table = Table {
    name: "disputes",
    description: "Disputes (chargebacks and inquiries) against charges. Newest first.",
    endpoint: Endpoint::new("/v1/disputes", Some("/v1/disputes/{id}"))
        .changed_by(Changes::Events {
            types: "charge.dispute.*",
            object: "dispute",
        }),
    columns: &[
        id("Identifier of the dispute (dp_... or du_...)."),
        object!("dispute"),
        Column::new(
            "amount",
            Integer,
            "Disputed amount, in the smallest unit of `currency`.",
        ),
        CURRENCY,
        Column::new(
            "status",
            Code,
            "warning_needs_response, warning_under_review, warning_closed, needs_response, under_review, won or lost.",
        ),
        Column::new(
            "reason",
            Code,
            "Reason given by the card holder: fraudulent, duplicate, product_not_received, general, ...",
        ),
        created("When the dispute was opened (UTC, whole seconds)."),
        LIVEMODE,
        Column::new(
            "charge",
            Id,
            "Disputed charge (ch_...).",
        )
        .filtered_by(Filter::Equals("charge")),
        Column::new(
            "payment_intent",
            Id,
            "PaymentIntent of the disputed charge (pi_...).",
        )
        .filtered_by(Filter::Equals("payment_intent")),
        Column::new(
            "is_charge_refundable",
            Bool,
            "True when the charge can still be refunded (inquiries that may be closed by a refund).",
        ),
        Column::new(
            "balance_transactions",
            Json,
            "Balance transactions of the funds withdrawn and reinstated, as a JSON array.",
        ),
        Column::new(
            "evidence",
            Json,
            "Evidence submitted for the dispute, as JSON.",
        ),
        Column::new(
            "evidence_details",
            Json,
            "Evidence deadline and submission state, as JSON.",
        ),
        Column::new(
            "evidence_details_due_by",
            Timestamp,
            "Deadline for submitting evidence (UTC).",
        )
        .at("evidence_details.due_by"),
        Column::new(
            "evidence_details_has_evidence",
            Bool,
            "True once evidence has been saved.",
        )
        .at("evidence_details.has_evidence"),
        Column::new(
            "enhanced_eligibility_types",
            Json,
            "Enhanced evidence programs the dispute qualifies for, as a JSON array.",
        ),
        Column::new(
            "payment_method_details",
            Json,
            "Details of the disputed payment method, as JSON.",
        ),
        Column::new(
            "payment_method_details_type",
            Code,
            "Kind of payment method disputed: card, klarna, paypal, ...",
        )
        .at("payment_method_details.type"),
        METADATA,
    ],
};
