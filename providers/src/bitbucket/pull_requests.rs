//! `pull_requests` (a repository's pull requests in every state) and the
//! tables listed per pull request: comments, activity, commits, statuses,
//! tasks, diffstat; the activity of a whole repository in one listing; a
//! user's pull requests across the workspace.

use super::columns::{
    AUTHOR_DISPLAY_NAME, AUTHOR_RAW, COMMENT_CONTENT, COMMENT_CREATED_ON, COMMENT_DELETED,
    COMMENT_ID, COMMENT_INLINE_FROM, COMMENT_INLINE_PATH, COMMENT_INLINE_TO, COMMENT_PARENT_ID,
    COMMENT_UPDATED_ON, COMMENT_USER_DISPLAY_NAME, COMMENT_USER_UUID, COMMITTER_RAW, DATE, HASH,
    MESSAGE, PARENTS, REPOSITORY, comment_columns, diffstat_columns, href, parent_id, queried,
    status_columns,
};
use super::{Listing, Paging};
use crate::table::{Changes, Column, ColumnKind::*, Endpoint, Filter, Parent, Table};

/// The columns of a pull request (a repository's, or a user's across the
/// workspace), after the `$first` columns that say where it was listed.
macro_rules! pull_request_columns {
    ($($first:expr),*) => {
        &[
            $($first,)*
            queried(
                "id",
                Integer,
                "id",
                "The pull request's number in its repository.",
            )
            .not_null(),
            queried("title", Text, "title", "Title."),
            queried(
                "summary",
                LongText,
                "summary.raw",
                "Description (Markdown), as the author typed it.",
            ),
            Column::new(
                "rendered",
                Json,
                "Title, description and reason rendered as HTML (JSON object of raw, \
                 markup and html each).",
            ),
            Column::new(
                "state",
                Code,
                "OPEN, MERGED, DECLINED or SUPERSEDED (the API also names DRAFT and QUEUED).",
            )
            .filtered_by(Filter::Equals("state"))
            .one_of(&["OPEN", "MERGED", "DECLINED", "SUPERSEDED"]),
            Column::new(
                "queued",
                Bool,
                "Whether it is queued to merge (a merge queue).",
            ),
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
            Column::new("reason", LongText, "Why it was declined."),
            queried("draft", Bool, "draft", "Whether it is a draft."),
            queried(
                "created_on",
                Timestamp,
                "created_on",
                "When it was opened (UTC).",
            )
            .not_null(),
            queried("updated_on", Timestamp, "updated_on", "Last change (UTC).").not_null(),
            href(),
            Column::new("reviewers", Json, "Reviewers (JSON array of accounts)."),
            Column::new(
                "participants",
                Json,
                "Participants and their approvals (JSON array).",
            ),
        ]
    };
}

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
            // Pull requests are declined, never deleted, and every change
            // moves `updated_on`.
            ..Endpoint::new("/repositories/{workspace}/{repository}/pullrequests", None)
                .changed_by(Changes::Newer("updated_on"))
        },
        columns: pull_request_columns!(REPOSITORY),
    },
};

/// The `pull_request_id` column of the tables listed per pull request.
const PULL_REQUEST_ID: Column = parent_id(
    "pull_request_id",
    Integer,
    "The pull request's number (see pull_requests.id).",
);

/// Listed under each pull request of the repository (all four states).
const UNDER_PULL_REQUESTS: Parent = Parent::in_path(&PULL_REQUESTS.table);

pub static PULL_REQUEST_COMMENTS: Listing = Listing {
    paging: Paging::Pages { max_pagelen: 100 },
    cross_repository: false,
    table: Table {
        name: "pull_request_comments",
        description: "Comments on the repository's pull requests, general and inline.",
        endpoint: Endpoint::new(
            "/repositories/{workspace}/{repository}/pullrequests/{parent}/comments",
            None,
        )
        .under(UNDER_PULL_REQUESTS),
        columns: comment_columns!(
            PULL_REQUEST_ID,
            queried(
                "pending",
                Bool,
                "pending",
                "Whether it is a draft not yet published.",
            ),
            Column::new(
                "resolution_type",
                Code,
                "How the comment thread was resolved; NULL while open.",
            )
            .at("resolution.type"),
            Column::new(
                "resolution_user_display_name",
                Text,
                "Who resolved the thread.",
            )
            .at("resolution.user.display_name"),
            Column::new(
                "resolution_created_on",
                Timestamp,
                "When the thread was resolved (UTC).",
            )
            .at("resolution.created_on"),
            COMMENT_CREATED_ON,
            COMMENT_UPDATED_ON,
            href(),
        ),
    },
};

/// The columns of a pull request activity entry, after its repository and
/// the `$pull_request_id` column (the parent id, or read from the entry).
macro_rules! activity_columns {
    ($pull_request_id:expr) => {
        &[
            REPOSITORY,
            $pull_request_id,
            Column::new(
                "update_state",
                Code,
                "An update: the state it left (OPEN, MERGED, DECLINED).",
            )
            .at("update.state"),
            Column::new("update_date", Timestamp, "An update: when (UTC).").at("update.date"),
            Column::new(
                "update_author_display_name",
                Text,
                "An update: who made it.",
            )
            .at("update.author.display_name"),
            Column::new("update_title", Text, "An update: the title after it.").at("update.title"),
            Column::new("approval_date", Timestamp, "An approval: when (UTC).").at("approval.date"),
            Column::new(
                "approval_user_display_name",
                Text,
                "An approval: who approved.",
            )
            .at("approval.user.display_name"),
            Column::new(
                "changes_requested_date",
                Timestamp,
                "Requested changes: when (UTC).",
            )
            .at("changes_requested.date"),
            Column::new(
                "changes_requested_user_display_name",
                Text,
                "Requested changes: who asked.",
            )
            .at("changes_requested.user.display_name"),
            Column::new(
                "comment_id",
                Integer,
                "A comment: its ID (see pull_request_comments).",
            )
            .at("comment.id"),
            Column::new("comment_content", LongText, "A comment: its text.")
                .at("comment.content.raw"),
            Column::new(
                "comment_user_display_name",
                Text,
                "A comment: who wrote it.",
            )
            .at("comment.user.display_name"),
            Column::new("comment_created_on", Timestamp, "A comment: when (UTC).")
                .at("comment.created_on"),
        ]
    };
}

pub static PULL_REQUEST_ACTIVITY: Listing = Listing {
    paging: Paging::Cursor { max_pagelen: 50 },
    cross_repository: false,
    table: Table {
        name: "pull_request_activity",
        description: "The activity log of the repository's pull requests: updates, approvals, \
                      requested changes and comments, newest first. Each row fills the \
                      columns of its kind. One listing per pull request: for more than a \
                      few, repository_pull_request_activity reads the same rows with far \
                      fewer requests.",
        endpoint: Endpoint::new(
            "/repositories/{workspace}/{repository}/pullrequests/{parent}/activity",
            None,
        )
        .under(UNDER_PULL_REQUESTS),
        columns: activity_columns!(PULL_REQUEST_ID),
    },
};

pub static PULL_REQUEST_COMMITS: Listing = Listing {
    paging: Paging::Cursor { max_pagelen: 100 },
    cross_repository: false,
    table: Table {
        name: "pull_request_commits",
        description: "The commits each pull request of the repository would merge, newest first.",
        endpoint: Endpoint::new(
            "/repositories/{workspace}/{repository}/pullrequests/{parent}/commits",
            None,
        )
        .under(UNDER_PULL_REQUESTS),
        columns: &[
            REPOSITORY,
            PULL_REQUEST_ID,
            HASH,
            DATE,
            MESSAGE,
            AUTHOR_RAW,
            AUTHOR_DISPLAY_NAME,
            COMMITTER_RAW,
            PARENTS,
            href(),
        ],
    },
};

pub static PULL_REQUEST_STATUSES: Listing = Listing {
    paging: Paging::Pages { max_pagelen: 100 },
    cross_repository: false,
    table: Table {
        name: "pull_request_statuses",
        description: "Build statuses reported on the head commits of the repository's pull requests.",
        endpoint: Endpoint::new(
            "/repositories/{workspace}/{repository}/pullrequests/{parent}/statuses",
            None,
        )
        .under(UNDER_PULL_REQUESTS),
        columns: status_columns!(PULL_REQUEST_ID),
    },
};

pub static PULL_REQUEST_TASKS: Listing = Listing {
    paging: Paging::Pages { max_pagelen: 100 },
    cross_repository: false,
    table: Table {
        name: "pull_request_tasks",
        description: "Tasks on the repository's pull requests.",
        endpoint: Endpoint::new(
            "/repositories/{workspace}/{repository}/pullrequests/{parent}/tasks",
            None,
        )
        .under(UNDER_PULL_REQUESTS),
        columns: &[
            REPOSITORY,
            PULL_REQUEST_ID,
            queried("id", Integer, "id", "The task's ID.").not_null(),
            queried("state", Code, "state", "UNRESOLVED or RESOLVED.")
                .one_of(&["UNRESOLVED", "RESOLVED"]),
            queried("content", LongText, "content.raw", "Text (Markdown)."),
            Column::new("creator_display_name", Text, "Who created it.").at("creator.display_name"),
            queried(
                "creator_uuid",
                Id,
                "creator.uuid",
                "UUID of who created it.",
            ),
            Column::new("pending", Bool, "Whether it is a draft not yet published."),
            queried(
                "created_on",
                Timestamp,
                "created_on",
                "When it was created (UTC).",
            ),
            queried("updated_on", Timestamp, "updated_on", "Last change (UTC)."),
            Column::new("resolved_on", Timestamp, "When it was resolved (UTC)."),
            Column::new(
                "comment_id",
                Integer,
                "The comment it was created from, if any (see pull_request_comments.id).",
            )
            .at("comment.id"),
            Column::new("resolved_by_display_name", Text, "Who resolved it.")
                .at("resolved_by.display_name"),
        ],
    },
};

pub static REPOSITORY_PULL_REQUEST_ACTIVITY: Listing = Listing {
    paging: Paging::Cursor { max_pagelen: 50 },
    cross_repository: false,
    table: Table {
        name: "repository_pull_request_activity",
        description: "The activity log of every pull request of the repository in one listing, \
                      newest first: the same rows as pull_request_activity, read a page at a \
                      time instead of one listing per pull request (far fewer requests when \
                      many pull requests are read; pull_request_activity is cheaper for a few \
                      named ones). Each row fills the columns of its kind.",
        endpoint: Endpoint::new(
            "/repositories/{workspace}/{repository}/pullrequests/activity",
            None,
        ),
        columns: activity_columns!(
            Column::new(
                "pull_request_id",
                Integer,
                "The pull request's number (see pull_requests.id).",
            )
            .at("pull_request.id")
        ),
    },
};

pub static USER_PULL_REQUESTS: Listing = Listing {
    paging: Paging::Pages { max_pagelen: 50 },
    cross_repository: false,
    table: Table {
        name: "user_pull_requests",
        description: "Pull requests a user authored in any repository of the workspace, in \
                      every state. The API lists them per user, so a filter naming the users \
                      (selected_user = '<account ID or {UUID}>', or IN) is required.",
        endpoint: Endpoint {
            // The API lists only OPEN pull requests unless states are named.
            defaults: &[
                ("state", "OPEN"),
                ("state", "MERGED"),
                ("state", "DECLINED"),
                ("state", "SUPERSEDED"),
            ],
            ..Endpoint::new("/workspaces/{workspace}/pullrequests/{parent}", None)
        },
        columns: pull_request_columns!(
            parent_id(
                "selected_user",
                Id,
                "The author the row was listed for: the account ID or {UUID} the \
                 required filter names.",
            )
            .required(),
            queried(
                "repository_full_name",
                Text,
                "destination.repository.full_name",
                "workspace/slug of the repository the pull request merges into.",
            )
        ),
    },
};

pub static PULL_REQUEST_DIFFSTAT: Listing = Listing {
    paging: Paging::Pages { max_pagelen: 5000 },
    cross_repository: false,
    table: Table {
        name: "pull_request_diffstat",
        description: "The files each pull request of the repository changes: one row per \
                      file with its status and lines added and removed, as the pull \
                      request's diff shows them. Without a pull_request_id filter every \
                      pull request is asked (MaxConcurrency at a time).",
        endpoint: Endpoint::new(
            "/repositories/{workspace}/{repository}/pullrequests/{parent}/diffstat",
            None,
        )
        .under(UNDER_PULL_REQUESTS),
        columns: diffstat_columns!(PULL_REQUEST_ID),
    },
};
