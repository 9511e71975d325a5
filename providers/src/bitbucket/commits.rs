//! `commits`: a repository's commits, newest first (a cursor listing the API
//! cannot filter: conditions apply locally), and the build statuses of each
//! commit.

use super::pull_requests::status_columns;
use super::{Listing, Paging, REPOSITORY, href, parent_id, queried};
use crate::table::{Column, ColumnKind::*, Endpoint, Parent, Table};

pub static COMMITS: Listing = Listing {
    paging: Paging::Cursor { max_pagelen: 100 },
    cross_repository: true,
    table: Table {
        name: "commits",
        description: "Commits reachable from any branch of the repository, newest first.",
        endpoint: Endpoint::new("/repositories/{workspace}/{repository}/commits", None),
        columns: &[
            REPOSITORY,
            Column::new("hash", Id, "The commit's SHA-1.").not_null(),
            Column::new("date", Timestamp, "Author date (UTC)."),
            Column::new("message", Text, "Full commit message."),
            Column::new("summary", Text, "First line of the message.").at("summary.raw"),
            Column::new(
                "author_raw",
                Text,
                "Author as recorded in git (name <email>).",
            )
            .at("author.raw"),
            Column::new(
                "author_display_name",
                Text,
                "The Bitbucket account of the author, if linked.",
            )
            .at("author.user.display_name"),
            Column::new(
                "author_uuid",
                Id,
                "UUID of the author's account, if linked.",
            )
            .at("author.user.uuid"),
            Column::new("parents", Json, "Parent commits (JSON array)."),
            href(),
        ],
    },
};

pub static COMMIT_STATUSES: Listing = Listing {
    paging: Paging::Pages { max_pagelen: 100 },
    cross_repository: false,
    table: Table {
        name: "commit_statuses",
        description: "Build statuses reported on the repository's commits. Without a \
                      commit_hash filter every commit is asked: name the commits when you can.",
        endpoint: Endpoint::new(
            "/repositories/{workspace}/{repository}/commit/{parent}/statuses",
            None,
        )
        .under(Parent::in_path(&COMMITS.table).keyed_by("hash")),
        columns: status_columns!(parent_id(
            "commit_hash",
            Id,
            "The commit's SHA-1 (see commits.hash)."
        )),
    },
};
