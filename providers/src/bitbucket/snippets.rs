//! `snippets`: the workspace's snippets (shared code fragments), filtered by
//! the user's role in them.

use super::columns::option;
use super::{Listing, Paging};
use crate::table::{Column, ColumnKind::*, Endpoint, Table};

pub static SNIPPETS: Listing = Listing {
    paging: Paging::Pages { max_pagelen: 100 },
    cross_repository: false,
    table: Table {
        name: "snippets",
        description: "Snippets owned by the workspace that the credentials can see.",
        endpoint: Endpoint::new("/snippets/{workspace}", None),
        columns: &[
            // Code, not Id: the swagger says a number, the API sends text ("kypj").
            Column::new("id", Code, "The snippet's ID (as in its URL).").not_null(),
            Column::new("title", Text, "Title."),
            Column::new("scm", Code, "Version control system (git)."),
            Column::new("is_private", Bool, "Whether the snippet is private."),
            Column::new("created_on", Timestamp, "When it was created (UTC)."),
            Column::new("updated_on", Timestamp, "Last change (UTC)."),
            Column::new(
                "owner_display_name",
                Text,
                "The owning workspace or account.",
            )
            .at("owner.display_name"),
            Column::new("owner_uuid", Id, "UUID of the owner.").at("owner.uuid"),
            Column::new("creator_display_name", Text, "Who created it.").at("creator.display_name"),
            Column::new("creator_uuid", Id, "UUID of who created it.").at("creator.uuid"),
            option(
                "role",
                Code,
                "$role",
                "role",
                "Option: `=` keeps the snippets where the current user is owner, \
                 contributor or member; each row shows the role asked for.",
            ),
        ],
    },
};
