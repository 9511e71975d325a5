//! `branches`, `tags`, and both together as `refs`: a repository's refs.

use super::columns::{REPOSITORY, href, queried};
use super::{Listing, Paging};
use crate::table::{Column, ColumnKind::*, Endpoint, Table};

pub static BRANCHES: Listing = Listing {
    paging: Paging::Pages { max_pagelen: 100 },
    cross_repository: true,
    table: Table {
        name: "branches",
        description: "Branches of the repository with their head commit.",
        endpoint: Endpoint::new("/repositories/{workspace}/{repository}/refs/branches", None),
        columns: &[
            REPOSITORY,
            queried("name", Text, "name", "Branch name.").not_null(),
            Column::new("target_hash", Id, "Head commit.").at("target.hash"),
            queried(
                "target_date",
                Timestamp,
                "target.date",
                "Date of the head commit (UTC).",
            )
            .not_null(),
            Column::new("target_author_raw", Text, "Author of the head commit.")
                .at("target.author.raw"),
            Column::new(
                "default_merge_strategy",
                Code,
                "Merge strategy used by default.",
            ),
            Column::new(
                "merge_strategies",
                Json,
                "Allowed merge strategies (JSON array).",
            ),
            href(),
        ],
    },
};

pub static TAGS: Listing = Listing {
    paging: Paging::Pages { max_pagelen: 100 },
    cross_repository: false,
    table: Table {
        name: "tags",
        description: "Tags of the repository.",
        endpoint: Endpoint::new("/repositories/{workspace}/{repository}/refs/tags", None),
        columns: &[
            REPOSITORY,
            queried("name", Text, "name", "Tag name.").not_null(),
            Column::new("message", LongText, "Annotation message."),
            Column::new("date", Timestamp, "When it was tagged (UTC)."),
            Column::new("tagger_raw", Text, "Who tagged it (name <email>).").at("tagger.raw"),
            Column::new("target_hash", Id, "Tagged commit.").at("target.hash"),
            queried(
                "target_date",
                Timestamp,
                "target.date",
                "Date of the tagged commit (UTC).",
            )
            .not_null(),
            href(),
        ],
    },
};

pub static REFS: Listing = Listing {
    paging: Paging::Pages { max_pagelen: 100 },
    cross_repository: false,
    table: Table {
        name: "refs",
        description: "Branches and tags of the repository in one list.",
        endpoint: Endpoint::new("/repositories/{workspace}/{repository}/refs", None),
        columns: &[
            REPOSITORY,
            queried("name", Text, "name", "Branch or tag name.").not_null(),
            Column::new("type", Code, "branch or tag."),
            Column::new("target_hash", Id, "The commit it points to.").at("target.hash"),
            queried(
                "target_date",
                Timestamp,
                "target.date",
                "Date of that commit (UTC).",
            )
            .not_null(),
            href(),
        ],
    },
};
