//! `early_fraud_warnings`: card networks' fraud reports on charges (`/v1/radar/early_fraud_warnings`).

use crate::stripe::columns::{LIVEMODE, id, object};
use crate::table::ColumnKind::{Bool, Code, Id, Timestamp};
use crate::table::{Column, Endpoint, Filter, Table};

pub static EARLY_FRAUD_WARNINGS: Table = Table {
    name: "early_fraud_warnings",
    description: "Radar early fraud warnings: issuers' reports that a charge is likely fraudulent, \
                  often before a dispute. Newest first.",
    endpoint: Endpoint::new(
        "/v1/radar/early_fraud_warnings",
        Some("/v1/radar/early_fraud_warnings/{id}"),
    ),
    columns: &[
        id("Identifier of the warning (issfr_...)."),
        object!("radar.early_fraud_warning"),
        Column::new(
            "charge",
            Id,
            "Charge reported (ch_...).",
        )
        .filtered_by(Filter::Equals("charge")),
        Column::new(
            "payment_intent",
            Id,
            "Payment intent of the reported charge (pi_...).",
        )
        .filtered_by(Filter::Equals("payment_intent")),
        Column::new(
            "fraud_type",
            Code,
            "Kind of fraud reported: card_never_received, fraudulent_card_application, made_with_counterfeit_card, made_with_lost_card, made_with_stolen_card, misc or unauthorized_use_of_card.",
        ),
        Column::new(
            "actionable",
            Bool,
            "True while the charge can still be refunded to avoid a dispute.",
        ),
        Column::new(
            "created",
            Timestamp,
            "When the warning was received (UTC, whole seconds).",
        ),
        LIVEMODE,
    ],
};
