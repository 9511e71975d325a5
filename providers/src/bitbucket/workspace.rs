//! Workspace-level tables of the `information` schema: workspaces, the
//! current user, projects, repositories, members, permissions (on the
//! workspace and on each repository), webhooks.

use super::columns::{href, option, queried};
use super::{Listing, Paging};
use crate::table::{Column, ColumnKind::*, Endpoint, Filter, Table};

/// Where a workspace's slug sits in the objects `/user/workspaces` lists.
pub(super) const WORKSPACE_SLUG: &str = "workspace.slug";

pub static WORKSPACES: Listing = Listing {
    paging: Paging::Pages { max_pagelen: 100 },
    cross_repository: false,
    table: Table {
        name: "workspaces",
        description: "Every workspace the credentials can see, and whether they administer it \
                      (needs no Workspace property).",
        endpoint: Endpoint::new("/user/workspaces", None),
        columns: &[
            Column::new("uuid", Id, "The workspace's UUID.")
                .at("workspace.uuid")
                .not_null(),
            queried(
                "slug",
                Code,
                WORKSPACE_SLUG,
                "The workspace ID in URLs: the catalog name.",
            )
            .not_null(),
            Column::new(
                "administrator",
                Bool,
                "Whether the credentials administer the workspace.",
            )
            .filtered_by(Filter::Equals("administrator"))
            .not_null(),
        ],
    },
};

pub static CURRENT_USER: Listing = Listing {
    paging: Paging::Single,
    cross_repository: false,
    table: Table {
        name: "current_user",
        description: "The account the credentials belong to (one row).",
        endpoint: Endpoint::new("/user", None),
        columns: &[
            Column::new("uuid", Id, "The account's UUID.").not_null(),
            Column::new("account_id", Id, "Atlassian account ID."),
            Column::new("display_name", Text, "Display name."),
            Column::new("nickname", Text, "Nickname."),
            Column::new("account_status", Code, "active or inactive."),
            Column::new(
                "has_2fa_enabled",
                Bool,
                "Whether two-step verification is on.",
            ),
            Column::new("is_staff", Bool, "Whether the account is Atlassian staff."),
            Column::new(
                "created_on",
                Timestamp,
                "When the account was created (UTC).",
            ),
            href(),
        ],
    },
};

pub static PROJECTS: Listing = Listing {
    paging: Paging::Pages { max_pagelen: 100 },
    cross_repository: false,
    table: Table {
        name: "projects",
        description: "Projects of the workspace.",
        endpoint: Endpoint::new("/workspaces/{workspace}/projects", None),
        columns: &[
            Column::new("uuid", Id, "The project's UUID.").not_null(),
            Column::new("key", Code, "Project key."),
            Column::new("name", Text, "Name."),
            Column::new("description", LongText, "Description."),
            Column::new("is_private", Bool, "Whether the project is private."),
            Column::new(
                "has_publicly_visible_repos",
                Bool,
                "Whether it holds public repositories.",
            ),
            Column::new("created_on", Timestamp, "When it was created (UTC)."),
            Column::new("updated_on", Timestamp, "Last change (UTC)."),
            Column::new("owner_display_name", Text, "The owning team.").at("owner.display_name"),
            href(),
        ],
    },
};

/// The columns of a repository listing (the workspace's repositories, forks).
pub const REPOSITORY_COLUMNS: &[Column] = &[
    queried("uuid", Id, "uuid", "The repository's UUID.").not_null(),
    queried(
        "slug",
        Code,
        "slug",
        "The repository ID in URLs: its schema name.",
    ),
    queried("name", Text, "name", "Name."),
    queried("full_name", Text, "full_name", "workspace/slug."),
    queried("description", LongText, "description", "Description."),
    queried(
        "is_private",
        Bool,
        "is_private",
        "Whether the repository is private.",
    ),
    Column::new("scm", Code, "Version control system (git)."),
    queried("language", Code, "language", "Main language."),
    queried("size", Integer, "size", "Size in bytes."),
    Column::new("has_issues", Bool, "Whether the issue tracker is on."),
    Column::new("has_wiki", Bool, "Whether the wiki is on."),
    Column::new(
        "fork_policy",
        Code,
        "allow_forks, no_public_forks or no_forks.",
    ),
    queried(
        "created_on",
        Timestamp,
        "created_on",
        "When it was created (UTC).",
    )
    .not_null(),
    queried("updated_on", Timestamp, "updated_on", "Last change (UTC).").not_null(),
    Column::new("mainbranch", Text, "The main branch.").at("mainbranch.name"),
    queried("project_key", Code, "project.key", "Key of its project."),
    Column::new("project_name", Text, "Name of its project.").at("project.name"),
    Column::new("owner_display_name", Text, "The owning workspace or user.")
        .at("owner.display_name"),
    queried(
        "parent_full_name",
        Text,
        "parent.full_name",
        "The repository it was forked from.",
    ),
    href(),
    option(
        "role",
        Text,
        "$role",
        "role",
        "Lists only the repositories the credentials' account has this role on (member: \
         can read, contributor: can write, admin, owner): set with `=`, NULL otherwise.",
    )
    .one_of(&["admin", "contributor", "member", "owner"]),
];

pub static REPOSITORIES: Listing = Listing {
    paging: Paging::Pages { max_pagelen: 100 },
    cross_repository: false,
    table: Table {
        name: "repositories",
        description: "Repositories of the workspace; each is also a schema with its own tables.",
        endpoint: Endpoint::new("/repositories/{workspace}", None),
        columns: REPOSITORY_COLUMNS,
    },
};

pub static FORKS: Listing = Listing {
    paging: Paging::Pages { max_pagelen: 100 },
    cross_repository: false,
    table: Table {
        name: "forks",
        description: "Forks of the repository.",
        endpoint: Endpoint::new("/repositories/{workspace}/{repository}/forks", None),
        columns: REPOSITORY_COLUMNS,
    },
};

pub static WORKSPACE_MEMBERS: Listing = Listing {
    paging: Paging::Pages { max_pagelen: 100 },
    cross_repository: false,
    table: Table {
        name: "workspace_members",
        description: "Members of the workspace.",
        endpoint: Endpoint::new("/workspaces/{workspace}/members", None),
        columns: &[
            Column::new("user_uuid", Id, "The member's UUID.")
                .at("user.uuid")
                .not_null(),
            Column::new("user_display_name", Text, "Display name.").at("user.display_name"),
            Column::new("user_nickname", Text, "Nickname.").at("user.nickname"),
            Column::new("user_account_id", Id, "Atlassian account ID.").at("user.account_id"),
            queried(
                "user_email",
                Text,
                "user.email",
                "The member's e-mail address, read only for the addresses a filter names \
                 (`=` or `IN`, up to 90; workspace administrators and access tokens only).",
            ),
            Column::new("workspace_slug", Code, "The workspace.").at("workspace.slug"),
        ],
    },
};

pub static WORKSPACE_PERMISSIONS: Listing = Listing {
    paging: Paging::Pages { max_pagelen: 100 },
    cross_repository: false,
    table: Table {
        name: "workspace_permissions",
        description: "Each member's permission on the workspace.",
        endpoint: Endpoint::new("/workspaces/{workspace}/permissions", None),
        columns: &[
            queried(
                "permission",
                Code,
                "permission",
                "owner, collaborator or member.",
            ),
            Column::new("user_uuid", Id, "The member's UUID.").at("user.uuid"),
            Column::new("user_display_name", Text, "Display name.").at("user.display_name"),
            Column::new("user_account_id", Id, "Atlassian account ID.").at("user.account_id"),
            Column::new("workspace_slug", Code, "The workspace.").at("workspace.slug"),
        ],
    },
};

pub static WEBHOOKS: Listing = Listing {
    paging: Paging::Pages { max_pagelen: 100 },
    cross_repository: false,
    table: Table {
        name: "webhooks",
        description: "Webhooks installed on the workspace.",
        endpoint: Endpoint::new("/workspaces/{workspace}/hooks", None),
        columns: &[
            Column::new("uuid", Id, "The webhook's UUID.").not_null(),
            Column::new("url", Text, "Where events are posted."),
            Column::new("description", LongText, "Description."),
            Column::new("subject_type", Code, "workspace or repository."),
            Column::new("active", Bool, "Whether it is delivering."),
            Column::new("created_at", Timestamp, "When it was installed (UTC)."),
            Column::new("events", Json, "Subscribed events (JSON array)."),
            Column::new("secret_set", Bool, "Whether deliveries are signed."),
        ],
    },
};

pub static REPOSITORY_PERMISSIONS: Listing = Listing {
    paging: Paging::Pages { max_pagelen: 100 },
    cross_repository: false,
    table: Table {
        name: "repository_permissions",
        description: "Each member's permission on each repository of the workspace.",
        endpoint: Endpoint::new("/workspaces/{workspace}/permissions/repositories", None),
        columns: &[
            queried(
                "permission",
                Code,
                "permission",
                "read, write, admin or none.",
            )
            .one_of(&["read", "write", "admin", "none"]),
            queried("user_uuid", Id, "user.uuid", "The member's UUID."),
            Column::new("user_display_name", Text, "Display name.").at("user.display_name"),
            Column::new("user_account_id", Id, "Atlassian account ID.").at("user.account_id"),
            queried(
                "repository_full_name",
                Text,
                "repository.full_name",
                "workspace/slug of the repository.",
            ),
            Column::new("repository_name", Text, "Name of the repository.").at("repository.name"),
            Column::new("repository_uuid", Id, "UUID of the repository.").at("repository.uuid"),
        ],
    },
};
