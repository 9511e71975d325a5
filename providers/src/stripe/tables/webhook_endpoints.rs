//! `webhook_endpoints`: URLs Stripe sends events to (`/v1/webhook_endpoints`).

use crate::stripe::columns::{LIVEMODE, METADATA, id, object};
use crate::table::ColumnKind::{Code, Id, Json, Text, Timestamp};
use crate::table::{Column, Endpoint, Table};

pub static WEBHOOK_ENDPOINTS: Table = Table {
    name: "webhook_endpoints",
    description: "Webhook endpoints: the URLs Stripe posts events to, and which events. Newest \
                  first.",
    endpoint: Endpoint::new("/v1/webhook_endpoints", Some("/v1/webhook_endpoints/{id}")),
    columns: &[
        id("Identifier of the endpoint (we_...)."),
        object!("webhook_endpoint"),
        Column::new("url", Text, "URL the events are posted to."),
        Column::new("status", Code, "enabled or disabled."),
        Column::new(
            "enabled_events",
            Json,
            "Event types sent ([\"*\"] for all), as a JSON array.",
        ),
        Column::new(
            "api_version",
            Code,
            "API version events are rendered in; NULL for the account's default.",
        ),
        Column::new("description", Text, "Description of the endpoint."),
        Column::new(
            "application",
            Id,
            "Connect application the endpoint belongs to (ca_...).",
        ),
        Column::new(
            "created",
            Timestamp,
            "When the endpoint was created (UTC, whole seconds).",
        ),
        LIVEMODE,
        METADATA,
    ],
};
