//! `events`: what happened in the account, as sent to webhooks (`/v1/events`).

use crate::stripe::columns::{created, id, object};
use crate::table::ColumnKind::{Bool, Code, Id, Integer, Json};
use crate::table::{Column, Endpoint, Filter, Table};

pub static EVENTS: Table = Table {
    name: "events",
    description: "Events of the last 30 days (what Stripe keeps): each change to an object, with \
                  the object as JSON. Newest first.",
    endpoint: Endpoint::new("/v1/events", Some("/v1/events/{id}")),
    columns: &[
        id("Identifier of the event (evt_...)."),
        object!("event"),
        Column::new("type", Code, "What happened: charge.succeeded, customer.created, invoice.paid, ...")
            .filtered_by(Filter::AnyOf("types", 20)),
        created("When the event happened (UTC, whole seconds)."),
        Column::new("livemode", Bool, "True for live-mode events, false for test mode."),
        Column::new("api_version", Code, "API version the event's object is rendered in."),
        Column::new("data", Json, "The object concerned (`object`) and changed attributes (`previous_attributes`), as JSON."),
        Column::new("data_object_id", Id, "Identifier of the object the event is about.")
            .at("data.object.id"),
        Column::new("data_object_object", Code, "Kind of the object the event is about: charge, customer, invoice, ...")
            .at("data.object.object"),
        Column::new("pending_webhooks", Integer, "Number of webhook endpoints that have not yet acknowledged the event."),
        Column::new("delivery_success", Bool, "Whether every webhook delivery succeeded: not a field of the \
                    event, so it holds the value of a `delivery_success` filter and is NULL without one.")
            .filtered_by(Filter::Equals("delivery_success"))
            .filter_only(),
        Column::new("request", Json, "API request that caused the event (id, idempotency key), as JSON."),
        Column::new("request_id", Id, "Identifier of the API request that caused the event (req_...), if any.")
            .at("request.id"),
    ],
};
