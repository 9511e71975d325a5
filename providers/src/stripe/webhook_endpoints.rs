//! `webhook_endpoints`: URLs Stripe sends events to (`/v1/webhook_endpoints`).

use crate::table::ColumnKind::{Bool, Code, Id, Json, Text, Timestamp};
use crate::table::{Column, Endpoint, Filter, Table};

pub static WEBHOOK_ENDPOINTS: Table = Table {
    name: "webhook_endpoints",
    description: "Webhook endpoints: the URLs Stripe posts events to, and which events. Newest \
                  first. Filters on id are sent to Stripe.",
    endpoint: Endpoint::new("/v1/webhook_endpoints", Some("/v1/webhook_endpoints/{id}")),
    columns: &[
        Column::new("id", Id, "Identifier of the endpoint (we_...).")
            .not_null()
            .filtered_by(Filter::Id),
        Column::new("object", Code, "Kind of object: always 'webhook_endpoint'."),
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
        Column::new(
            "livemode",
            Bool,
            "True for live-mode objects, false for test mode.",
        ),
        Column::new(
            "metadata",
            Json,
            "Key-value pairs attached by the account, as a JSON object.",
        ),
    ],
};
