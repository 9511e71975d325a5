//! `pull_requests`: a repository's pull requests in every state.

use super::{Listing, Paging, REPOSITORY, href, queried};
use crate::table::{Column, ColumnKind::*, Endpoint, Filter, Table};

pub static PULL_REQUESTS: Listing = Listing {
    paging: Paging::Pages { max_pagelen: 50 },
    cross_repository: true,
    table: Table {
        name: "pull_requests",
        description: "Pull requests of the repository in every state (OPEN, MERGED, DECLINED, SUPERSEDED).",
        endpoint: Endpoint {
            // The API lists only OPEN pull requests unless states are named.
            defaults: &[
                ("state", "OPEN"),
                ("state", "MERGED"),
                ("state", "DECLINED"),
                ("state", "SUPERSEDED"),
            ],
            ..Endpoint::new("/repositories/{workspace}/{repository}/pullrequests", None)
        },
        columns: &[
            REPOSITORY,
            queried(
                "id",
                Integer,
                "id",
                "The pull request's number in its repository.",
            )
            .not_null(),
            queried("title", Text, "title", "Title."),
            queried(
                "description",
                Text,
                "description",
                "Description (Markdown).",
            ),
            Column::new("state", Code, "OPEN, MERGED, DECLINED or SUPERSEDED.")
                .filtered_by(Filter::Equals("state")),
            queried(
                "author_display_name",
                Text,
                "author.display_name",
                "Display name of the author.",
            ),
            queried("author_uuid", Id, "author.uuid", "UUID of the author."),
            queried(
                "source_branch",
                Text,
                "source.branch.name",
                "Branch the changes come from.",
            ),
            queried(
                "source_commit",
                Id,
                "source.commit.hash",
                "Head commit of the source branch.",
            ),
            queried(
                "source_repository_full_name",
                Text,
                "source.repository.full_name",
                "Repository the changes come from (a fork's full name for forks).",
            ),
            queried(
                "destination_branch",
                Text,
                "destination.branch.name",
                "Branch the changes merge into.",
            ),
            queried(
                "destination_commit",
                Id,
                "destination.commit.hash",
                "Commit of the destination branch.",
            ),
            Column::new("merge_commit", Id, "The merge commit's hash once merged.")
                .at("merge_commit.hash"),
            queried(
                "comment_count",
                Integer,
                "comment_count",
                "Number of comments.",
            ),
            queried("task_count", Integer, "task_count", "Number of open tasks."),
            Column::new(
                "close_source_branch",
                Bool,
                "Whether the source branch is closed on merge.",
            ),
            Column::new("closed_by_display_name", Text, "Who merged or declined it.")
                .at("closed_by.display_name"),
            queried(
                "closed_by_uuid",
                Id,
                "closed_by.uuid",
                "UUID of who merged or declined it.",
            ),
            Column::new("reason", Text, "Why it was declined."),
            queried("draft", Bool, "draft", "Whether it is a draft."),
            queried(
                "created_on",
                Timestamp,
                "created_on",
                "When it was opened (UTC).",
            ),
            queried("updated_on", Timestamp, "updated_on", "Last change (UTC)."),
            href(),
            Column::new("reviewers", Json, "Reviewers (JSON array of accounts)."),
            Column::new(
                "participants",
                Json,
                "Participants and their approvals (JSON array).",
            ),
        ],
    },
};
