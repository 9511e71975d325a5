//! `deployments` and deployment `environments`.

use super::columns::REPOSITORY;
use super::{Listing, Paging};
use crate::table::{Column, ColumnKind::*, Endpoint, Table};

pub static DEPLOYMENTS: Listing = Listing {
    paging: Paging::Pages { max_pagelen: 100 },
    cross_repository: true,
    table: Table {
        name: "deployments",
        description: "Deployments of the repository to its environments.",
        endpoint: Endpoint::new("/repositories/{workspace}/{repository}/deployments", None),
        columns: &[
            REPOSITORY,
            Column::new("uuid", Id, "The deployment's UUID.").not_null(),
            Column::new("state", Code, "UNDEPLOYED, IN_PROGRESS or COMPLETED.").at("state.name"),
            Column::new(
                "status",
                Code,
                "SUCCESSFUL, FAILED or STOPPED once completed.",
            )
            .at("state.status.name"),
            Column::new("completed_on", Timestamp, "When it finished (UTC).")
                .at("state.completed_on"),
            Column::new(
                "environment_uuid",
                Id,
                "UUID of the environment (see environments).",
            )
            .at("environment.uuid"),
            Column::new("release_name", Text, "Name of the released build.").at("release.name"),
            Column::new("release_commit", Id, "Commit released.").at("release.commit.hash"),
            Column::new(
                "release_created_on",
                Timestamp,
                "When the release was built (UTC).",
            )
            .at("release.created_on"),
            Column::new("last_update_time", Timestamp, "Last change (UTC)."),
        ],
    },
};

pub static ENVIRONMENTS: Listing = Listing {
    paging: Paging::Pages { max_pagelen: 100 },
    cross_repository: false,
    table: Table {
        name: "environments",
        description: "Deployment environments of the repository.",
        endpoint: Endpoint::new("/repositories/{workspace}/{repository}/environments", None),
        columns: &[
            REPOSITORY,
            Column::new("uuid", Id, "The environment's UUID.").not_null(),
            Column::new("name", Text, "Name."),
            Column::new("slug", Code, "URL-friendly name."),
            Column::new("rank", Integer, "Order among the environments."),
            Column::new("environment_type", Code, "Test, Staging or Production.")
                .at("environment_type.name"),
            Column::new("lock", Code, "Whether deployments are locked.").at("lock.name"),
            Column::new("hidden", Bool, "Hidden from the deployments dashboard."),
            Column::new("restrictions", Json, "Who may deploy (JSON)."),
        ],
    },
};
