//! `issues`, their `issue_comments`, and the issue tracker's `components`,
//! `milestones` and `versions`.

use super::columns::{REPOSITORY, href, parent_id, queried};
use super::{Listing, Paging};
use crate::table::{Column, ColumnKind::*, Endpoint, Parent, Table};

pub static ISSUES: Listing = Listing {
    paging: Paging::Pages { max_pagelen: 100 },
    cross_repository: false,
    table: Table {
        name: "issues",
        description: "Issues of the repository's issue tracker.",
        endpoint: Endpoint::new("/repositories/{workspace}/{repository}/issues", None),
        columns: &[
            REPOSITORY,
            queried("id", Integer, "id", "The issue's number.").not_null(),
            queried("title", Text, "title", "Title."),
            queried(
                "state",
                Code,
                "state",
                "new, open, resolved, on hold, invalid, duplicate, wontfix or closed.",
            ),
            queried("kind", Code, "kind", "bug, enhancement, proposal or task."),
            queried(
                "priority",
                Code,
                "priority",
                "trivial, minor, major, critical or blocker.",
            ),
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

/// The columns of the issue tracker's named lists.
const NAMED: &[Column] = &[
    REPOSITORY,
    queried("id", Integer, "id", "Identifier.").not_null(),
    queried("name", Text, "name", "Name."),
    href(),
];

pub static COMPONENTS: Listing = Listing {
    paging: Paging::Pages { max_pagelen: 100 },
    cross_repository: false,
    table: Table {
        name: "components",
        description: "Components of the issue tracker.",
        endpoint: Endpoint::new("/repositories/{workspace}/{repository}/components", None),
        columns: NAMED,
    },
};

pub static MILESTONES: Listing = Listing {
    paging: Paging::Pages { max_pagelen: 100 },
    cross_repository: false,
    table: Table {
        name: "milestones",
        description: "Milestones of the issue tracker.",
        endpoint: Endpoint::new("/repositories/{workspace}/{repository}/milestones", None),
        columns: NAMED,
    },
};

pub static VERSIONS: Listing = Listing {
    paging: Paging::Pages { max_pagelen: 100 },
    cross_repository: false,
    table: Table {
        name: "versions",
        description: "Versions of the issue tracker.",
        endpoint: Endpoint::new("/repositories/{workspace}/{repository}/versions", None),
        columns: NAMED,
    },
};

pub static ISSUE_COMMENTS: Listing = Listing {
    paging: Paging::Pages { max_pagelen: 100 },
    cross_repository: false,
    table: Table {
        name: "issue_comments",
        description: "Comments on the issues of the repository's issue tracker.",
        endpoint: Endpoint::new(
            "/repositories/{workspace}/{repository}/issues/{parent}/comments",
            None,
        )
        .under(Parent::in_path(&ISSUES.table)),
        columns: &[
            REPOSITORY,
            parent_id("issue_id", Integer, "The issue's number (see issues.id)."),
            queried("id", Integer, "id", "The comment's ID.").not_null(),
            queried("content", LongText, "content.raw", "Text (Markdown)."),
            Column::new("user_display_name", Text, "Who wrote it.").at("user.display_name"),
            queried("user_uuid", Id, "user.uuid", "UUID of who wrote it."),
            queried(
                "created_on",
                Timestamp,
                "created_on",
                "When it was written (UTC).",
            ),
            queried("updated_on", Timestamp, "updated_on", "Last edit (UTC)."),
            href(),
        ],
    },
};
