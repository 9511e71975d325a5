//! A repository's settings and files: `branch_restrictions`,
//! `default_reviewers`, `downloads`.

use super::columns::{REPOSITORY, REPOSITORY_ACCOUNTS};
use super::{Listing, Paging};
use crate::table::{Column, ColumnKind::*, Endpoint, Filter, Table};

pub static BRANCH_RESTRICTIONS: Listing = Listing {
    paging: Paging::Pages { max_pagelen: 100 },
    cross_repository: false,
    table: Table {
        name: "branch_restrictions",
        description: "Branch permissions and merge checks of the repository.",
        endpoint: Endpoint::new(
            "/repositories/{workspace}/{repository}/branch-restrictions",
            None,
        ),
        columns: &[
            REPOSITORY,
            Column::new("id", Integer, "The restriction's ID.").not_null(),
            Column::new(
                "kind",
                Code,
                "What it restricts or requires (push, force, delete, require_approvals_to_merge, ...).",
            )
            .filtered_by(Filter::Equals("kind")),
            Column::new("branch_match_kind", Code, "branching_model or glob."),
            Column::new("branch_type", Code, "Branch type when matched by branching model."),
            Column::new("pattern", Text, "Branch glob when matched by pattern.")
                .filtered_by(Filter::Equals("pattern")),
            Column::new("value", Integer, "The number a merge check requires."),
            Column::new("users", Json, "Users exempted (JSON array of accounts)."),
            Column::new("groups", Json, "Groups exempted (JSON array)."),
        ],
    },
};

pub static DEFAULT_REVIEWERS: Listing = Listing {
    paging: Paging::Pages { max_pagelen: 100 },
    cross_repository: false,
    table: Table {
        name: "default_reviewers",
        description: "Accounts added as reviewers to every new pull request of the repository.",
        endpoint: Endpoint::new(
            "/repositories/{workspace}/{repository}/default-reviewers",
            None,
        ),
        columns: REPOSITORY_ACCOUNTS,
    },
};

pub static DOWNLOADS: Listing = Listing {
    paging: Paging::Pages { max_pagelen: 100 },
    cross_repository: false,
    table: Table {
        name: "downloads",
        description: "Files uploaded to the repository's Downloads page.",
        endpoint: Endpoint::new("/repositories/{workspace}/{repository}/downloads", None),
        columns: &[
            REPOSITORY,
            Column::new("name", Text, "File name.").not_null(),
            Column::new("size", Integer, "Size in bytes."),
            Column::new("downloads", Integer, "How often it was downloaded."),
            Column::new("created_on", Timestamp, "When it was uploaded (UTC)."),
            Column::new("user_display_name", Text, "Who uploaded it.").at("user.display_name"),
            Column::new("links_self_href", Text, "Where to download it.").at("links.self.href"),
        ],
    },
};
