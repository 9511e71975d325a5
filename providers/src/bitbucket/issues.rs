//! `issues`, their `issue_comments`, and the issue tracker's `components`,
//! `milestones` and `versions`. Bitbucket deprecated these APIs; a
//! repository with its issue tracker off answers 404 to all of them.

use super::columns::{
    COMMENT_CONTENT, COMMENT_CREATED_ON, COMMENT_DELETED, COMMENT_ID, COMMENT_INLINE_FROM,
    COMMENT_INLINE_PATH, COMMENT_INLINE_TO, COMMENT_PARENT_ID, COMMENT_UPDATED_ON,
    COMMENT_USER_DISPLAY_NAME, COMMENT_USER_UUID, REPOSITORY, comment_columns, href, parent_id,
    queried,
};
use super::{Listing, Paging};
use crate::table::{Column, ColumnKind::*, Endpoint, Parent, Table};

pub static ISSUES: Listing = Listing {
    paging: Paging::Pages { max_pagelen: 100 },
    cross_repository: true,
    table: Table {
        name: "issues",
        description: "Issues of the repository's issue tracker (an API Bitbucket deprecated; \
                      a repository with the tracker off has none and is skipped, with a \
                      warning, when not named).",
        endpoint: Endpoint::new("/repositories/{workspace}/{repository}/issues", None),
        columns: &[
            REPOSITORY,
            queried("id", Integer, "id", "The issue's number.").not_null(),
            queried("title", Text, "title", "Title."),
            queried(
                "state",
                Code,
                "state",
                "submitted, new, open, resolved, on hold, invalid, duplicate, wontfix or closed.",
            )
            .one_of(&[
                "submitted",
                "new",
                "open",
                "resolved",
                "on hold",
                "invalid",
                "duplicate",
                "wontfix",
                "closed",
            ]),
            queried("kind", Code, "kind", "bug, enhancement, proposal or task.").one_of(&[
                "bug",
                "enhancement",
                "proposal",
                "task",
            ]),
            queried(
                "priority",
                Code,
                "priority",
                "trivial, minor, major, critical or blocker.",
            )
            .one_of(&["trivial", "minor", "major", "critical", "blocker"]),
            queried(
                "reporter_display_name",
                Text,
                "reporter.display_name",
                "Who reported it.",
            ),
            queried(
                "reporter_uuid",
                Id,
                "reporter.uuid",
                "UUID of the reporter.",
            ),
            queried(
                "assignee_display_name",
                Text,
                "assignee.display_name",
                "Who it is assigned to.",
            ),
            queried(
                "assignee_uuid",
                Id,
                "assignee.uuid",
                "UUID of the assignee.",
            ),
            queried(
                "content",
                LongText,
                "content.raw",
                "Description (Markdown).",
            ),
            queried("votes", Integer, "votes", "Number of votes."),
            queried("component", Text, "component.name", "Component name."),
            queried("milestone", Text, "milestone.name", "Milestone name."),
            queried("version", Text, "version.name", "Version name."),
            queried(
                "created_on",
                Timestamp,
                "created_on",
                "When it was reported (UTC).",
            )
            .not_null(),
            queried("updated_on", Timestamp, "updated_on", "Last change (UTC).").not_null(),
            queried(
                "edited_on",
                Timestamp,
                "edited_on",
                "Last edit of the description (UTC).",
            ),
            href(),
        ],
    },
};

/// The columns of the issue tracker's named lists, which the API neither
/// filters nor sorts.
const NAMED: &[Column] = &[
    REPOSITORY,
    Column::new("id", Integer, "Identifier.").not_null(),
    Column::new("name", Text, "Name."),
];

pub static COMPONENTS: Listing = Listing {
    paging: Paging::Pages { max_pagelen: 100 },
    cross_repository: false,
    table: Table {
        name: "components",
        description: "Components of the repository's issue tracker (an API Bitbucket deprecated).",
        endpoint: Endpoint::new("/repositories/{workspace}/{repository}/components", None),
        columns: NAMED,
    },
};

pub static MILESTONES: Listing = Listing {
    paging: Paging::Pages { max_pagelen: 100 },
    cross_repository: false,
    table: Table {
        name: "milestones",
        description: "Milestones of the repository's issue tracker (an API Bitbucket deprecated).",
        endpoint: Endpoint::new("/repositories/{workspace}/{repository}/milestones", None),
        columns: NAMED,
    },
};

pub static VERSIONS: Listing = Listing {
    paging: Paging::Pages { max_pagelen: 100 },
    cross_repository: false,
    table: Table {
        name: "versions",
        description: "Versions of the repository's issue tracker (an API Bitbucket deprecated).",
        endpoint: Endpoint::new("/repositories/{workspace}/{repository}/versions", None),
        columns: NAMED,
    },
};

pub static ISSUE_COMMENTS: Listing = Listing {
    paging: Paging::Pages { max_pagelen: 100 },
    cross_repository: false,
    table: Table {
        name: "issue_comments",
        description: "Comments on the issues of the repository's issue tracker (an API \
                      Bitbucket deprecated).",
        endpoint: Endpoint::new(
            "/repositories/{workspace}/{repository}/issues/{parent}/comments",
            None,
        )
        .under(Parent::in_path(&ISSUES.table)),
        columns: comment_columns!(
            parent_id("issue_id", Integer, "The issue's number (see issues.id)."),
            COMMENT_CREATED_ON,
            COMMENT_UPDATED_ON,
            href(),
        ),
    },
};
