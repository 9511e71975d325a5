//! `file_links`: public URLs of files (`/v1/file_links`).

use crate::stripe::columns::{LIVEMODE, METADATA, created, id, object};
use crate::table::ColumnKind::{Bool, Id, Text, Timestamp};
use crate::table::{Column, Endpoint, Filter, Table};

pub static FILE_LINKS: Table = Table {
    name: "file_links",
    description: "Links that let anyone without an API key download a file. Newest first.",
    endpoint: Endpoint::new("/v1/file_links", Some("/v1/file_links/{id}")),
    columns: &[
        id("Identifier of the link (link_...)."),
        object!("file_link"),
        Column::new(
            "file",
            Id,
            "File the link points to (file_...).",
        )
        .filtered_by(Filter::Equals("file")),
        Column::new("url", Text, "Public URL of the file."),
        Column::new(
            "expired",
            Bool,
            "True when the link can no longer be used.",
        )
        .filtered_by(Filter::Equals("expired")),
        Column::new(
            "expires_at",
            Timestamp,
            "When the link expires (UTC), if ever.",
        ),
        created("When the link was created (UTC, whole seconds)."),
        LIVEMODE,
        METADATA,
    ],
};
