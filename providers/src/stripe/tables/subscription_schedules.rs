//! `subscription_schedules`: planned phases of subscriptions (`/v1/subscription_schedules`).

use crate::stripe::columns::{LIVEMODE, METADATA, created, id, object};
use crate::table::ColumnKind::{Code, Id, Json, Timestamp};
use crate::table::{Changes, Column, Endpoint, Filter, Table};

pub static SUBSCRIPTION_SCHEDULES: Table = Table {
    name: "subscription_schedules",
    description: "Subscription schedules: phases that change a subscription's prices over time. \
                  Newest first.",
    endpoint: Endpoint::new(
        "/v1/subscription_schedules",
        Some("/v1/subscription_schedules/{id}"),
    )
        .changed_by(Changes::Events {
            types: "subscription_schedule.*",
            object: "subscription_schedule",
        }),
    columns: &[
        id("Identifier of the schedule (sub_sched_...)."),
        object!("subscription_schedule"),
        Column::new(
            "customer",
            Id,
            "Customer of the schedule (cus_...).",
        )
        .filtered_by(Filter::Equals("customer")),
        Column::new(
            "customer_account",
            Id,
            "Account representing the customer, when the customer is an account.",
        ),
        Column::new(
            "subscription",
            Id,
            "Subscription the schedule manages (sub_...).",
        ),
        Column::new(
            "status",
            Code,
            "not_started, active, completed, released or canceled.",
        )
        // Stripe's `scheduled=true` lists the schedules not started yet.
        .filtered_by(Filter::Equals("scheduled"))
        .sent_as(&[("not_started", "true")]),
        Column::new(
            "end_behavior",
            Code,
            "What happens after the last phase: release or cancel.",
        ),
        Column::new(
            "current_phase",
            Json,
            "Start and end of the phase in effect, as JSON.",
        ),
        Column::new(
            "current_phase_start_date",
            Timestamp,
            "Start of the phase in effect (UTC).",
        )
        .at("current_phase.start_date"),
        Column::new(
            "current_phase_end_date",
            Timestamp,
            "End of the phase in effect (UTC).",
        )
        .at("current_phase.end_date"),
        Column::new(
            "phases",
            Json,
            "Every phase with its items, prices and dates, as a JSON array.",
        ),
        Column::new(
            "default_settings",
            Json,
            "Settings applied to phases without their own, as JSON.",
        ),
        Column::new(
            "billing_mode",
            Json,
            "How prorations and invoices are computed, as JSON.",
        ),
        created("When the schedule was created (UTC, whole seconds)."),
        Column::new(
            "canceled_at",
            Timestamp,
            "When the schedule was canceled (UTC).",
        )
        .filtered_by(Filter::Range("canceled_at")),
        Column::new(
            "completed_at",
            Timestamp,
            "When the schedule completed (UTC).",
        )
        .filtered_by(Filter::Range("completed_at")),
        Column::new(
            "released_at",
            Timestamp,
            "When the schedule was released (UTC).",
        )
        .filtered_by(Filter::Range("released_at")),
        Column::new(
            "released_subscription",
            Id,
            "Subscription left behind when the schedule was released (sub_...).",
        ),
        Column::new(
            "application",
            Id,
            "Connect application that created the schedule (ca_...).",
        ),
        Column::new(
            "test_clock",
            Id,
            "Test clock the schedule belongs to (clock_...).",
        ),
        LIVEMODE,
        METADATA,
    ],
};
