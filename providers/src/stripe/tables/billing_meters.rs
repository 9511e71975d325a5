//! `billing_meters`: what usage-based prices count (`/v1/billing/meters`).

use crate::stripe::columns::{LIVEMODE, id, object};
use crate::table::ColumnKind::{Code, Json, Text, Timestamp};
use crate::table::{Column, Endpoint, Filter, Table};

pub static BILLING_METERS: Table = Table {
    name: "billing_meters",
    description: "Billing meters: the usage events (API calls, tokens, ...) a usage-based price \
                  bills, and how they add up. Newest first.",
    endpoint: Endpoint::new("/v1/billing/meters", Some("/v1/billing/meters/{id}")),
    columns: &[
        id("Identifier of the meter (mtr_...)."),
        object!("billing.meter"),
        Column::new("display_name", Text, "Name of the meter shown in the Dashboard and on invoices."),
        Column::new("event_name", Text, "Name of the meter events the meter counts."),
        Column::new("status", Code, "active or inactive (deactivated meters accept no events).")
            .filtered_by(Filter::Equals("status"))
            .one_of(&["active", "inactive"]),
        Column::new("default_aggregation", Json, "How events add up over a period, as JSON."),
        Column::new("aggregation_formula", Code, "sum, count or last: how the meter adds up its events' values.")
            .at("default_aggregation.formula"),
        Column::new("customer_mapping", Json, "Where an event names its customer, as JSON."),
        Column::new("customer_mapping_key", Text, "Payload key of an event that holds the customer id.")
            .at("customer_mapping.event_payload_key"),
        Column::new("value_settings", Json, "Where an event holds its value, as JSON."),
        Column::new("value_key", Text, "Payload key of an event that holds its value.")
            .at("value_settings.event_payload_key"),
        Column::new("event_time_window", Code, "day or hour when events are sent pre-aggregated, else null."),
        Column::new("status_transitions", Json, "When the meter was deactivated, as JSON."),
        Column::new("deactivated_at", Timestamp, "When the meter was deactivated (UTC), if it was.")
            .at("status_transitions.deactivated_at"),
        Column::new("created", Timestamp, "When the meter was created (UTC, whole seconds)."),
        Column::new("updated", Timestamp, "When the meter was last changed (UTC, whole seconds)."),
        LIVEMODE,
    ],
};
