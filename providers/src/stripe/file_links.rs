//! `file_links`: public URLs of files (`/v1/file_links`).

use crate::table::ColumnKind::{Bool, Code, Id, Json, Text, Timestamp};
use crate::table::{Column, Endpoint, Filter, Table};

pub static FILE_LINKS: Table = Table {
    name: "file_links",
    description: "Links that let anyone without an API key download a file. Newest first. \
                  Filters on id, file, expired and created are sent to Stripe.",
    endpoint: Endpoint::new("/v1/file_links", Some("/v1/file_links/{id}")),
    columns: &[
        Column::new("id", Id, "Identifier of the link (link_...).")
            .not_null()
            .filtered_by(Filter::Id),
        Column::new("object", Code, "Kind of object: always 'file_link'."),
        Column::new(
            "file",
            Id,
            "File the link points to (file_...). Equality filters are sent to Stripe.",
        )
        .filtered_by(Filter::Equals("file")),
        Column::new("url", Text, "Public URL of the file."),
        Column::new(
            "expired",
            Bool,
            "True when the link can no longer be used. Equality filters are sent to Stripe.",
        )
        .filtered_by(Filter::Equals("expired")),
        Column::new(
            "expires_at",
            Timestamp,
            "When the link expires (UTC), if ever.",
        ),
        Column::new(
            "created",
            Timestamp,
            "When the link was created (UTC, whole seconds). Range filters are sent to Stripe.",
        )
        .filtered_by(Filter::Range("created")),
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
