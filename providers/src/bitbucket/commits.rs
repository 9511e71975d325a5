//! `commits`: a repository's commits, newest first (a cursor listing
//! without BBQL: only its `include`, `exclude` and `path` arguments reach the
//! API), and the build statuses of each commit.

use super::columns::{
    AUTHOR_DISPLAY_NAME, AUTHOR_RAW, COMMITTER_RAW, DATE, HASH, MESSAGE, PARENTS, REPOSITORY,
    argument, href, parent_id, queried, status_columns,
};
use super::{Listing, Paging};
use crate::table::{Column, ColumnKind::*, Endpoint, Parent, Table};

pub static COMMITS: Listing = Listing {
    paging: Paging::Cursor { max_pagelen: 100 },
    cross_repository: true,
    table: Table {
        name: "commits",
        description: "Commits reachable from any branch of the repository, newest first; \
                      or, with include, exclude or path set, those of a branch or range \
                      or touching a file.",
        endpoint: Endpoint::new("/repositories/{workspace}/{repository}/commits", None),
        columns: &[
            REPOSITORY,
            HASH,
            DATE,
            MESSAGE,
            Column::new("summary", Text, "First line of the message.").at("summary.raw"),
            AUTHOR_RAW,
            AUTHOR_DISPLAY_NAME,
            Column::new(
                "author_uuid",
                Id,
                "UUID of the author's account, if linked.",
            )
            .at("author.user.uuid"),
            COMMITTER_RAW,
            PARENTS,
            href(),
            argument(
                "include",
                "$include",
                "include",
                "Lists only the commits reachable from this branch, tag or commit \
                 (`git log include`): set with `=`, NULL otherwise.",
            ),
            argument(
                "exclude",
                "$exclude",
                "exclude",
                "Leaves out the commits reachable from this branch, tag or commit \
                 (`git log ^exclude`): set with `=`, NULL otherwise.",
            ),
            argument(
                "path",
                "$path",
                "path",
                "Lists only the commits that changed this file, or a file under this \
                 directory: set with `=`, NULL otherwise.",
            ),
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
        columns: status_columns!(
            parent_id("commit_hash", Id, "The commit's SHA-1 (see commits.hash)."),
            argument(
                "for_refname",
                "$for_refname",
                "refname",
                "Lists the statuses that apply to this branch or tag: those reported for \
                 it and those reported for no ref. Set with `=`, NULL otherwise.",
            )
        ),
    },
};
