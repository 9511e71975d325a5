//! Pipelines configuration: a repository's `pipeline_schedules` and the
//! pipeline variables of a repository and of the workspace. Variables are
//! names and flags only: no column reads a value, so a secured variable's
//! value (which the API never sends) and a plain one alike stay out of
//! result sets and logs of rows.

use super::columns::REPOSITORY;
use super::{Listing, Paging};
use crate::table::{Column, ColumnKind::*, Endpoint, Table};

pub static PIPELINE_SCHEDULES: Listing = Listing {
    paging: Paging::Pages { max_pagelen: 100 },
    cross_repository: false,
    table: Table {
        name: "pipeline_schedules",
        description: "Schedules that start the repository's pipelines at set times.",
        endpoint: Endpoint::new(
            "/repositories/{workspace}/{repository}/pipelines_config/schedules",
            None,
        ),
        columns: &[
            REPOSITORY,
            Column::new("uuid", Id, "The schedule's UUID.").not_null(),
            Column::new("enabled", Bool, "Whether the schedule runs."),
            Column::new(
                "cron_pattern",
                Code,
                "When it runs: a cron expression with seconds (7 fields, UTC).",
            ),
            Column::new("target_ref_type", Code, "branch, tag, named_branch or bookmark.")
                .at("target.ref_type"),
            Column::new("target_ref_name", Text, "The branch or tag it runs on.")
                .at("target.ref_name"),
            Column::new(
                "target_selector_type",
                Code,
                "Which section of bitbucket-pipelines.yml: branches, tags, bookmarks, default or custom.",
            )
            .at("target.selector.type"),
            Column::new(
                "target_selector_pattern",
                Text,
                "The pipeline of that section it runs.",
            )
            .at("target.selector.pattern"),
            Column::new("created_on", Timestamp, "When it was created (UTC)."),
            Column::new("updated_on", Timestamp, "Last change (UTC)."),
        ],
    },
};

/// A variable's columns: no value (see the module documentation).
macro_rules! variable_columns {
    ($($first:expr),*) => {
        &[
            $($first,)*
            Column::new("uuid", Id, "The variable's UUID.").not_null(),
            Column::new("key", Code, "The variable's name."),
            Column::new(
                "secured",
                Bool,
                "Whether the value is secured (never shown by Bitbucket).",
            ),
        ]
    };
}

pub static PIPELINE_VARIABLES: Listing = Listing {
    paging: Paging::Pages { max_pagelen: 100 },
    // Audited across repositories: which ones grant machines access, or hold a secret.
    cross_repository: true,
    table: Table {
        name: "pipeline_variables",
        description: "Variables the repository's pipelines get: names and flags, never values.",
        endpoint: Endpoint::new(
            "/repositories/{workspace}/{repository}/pipelines_config/variables",
            None,
        ),
        columns: variable_columns!(REPOSITORY),
    },
};

pub static WORKSPACE_PIPELINE_VARIABLES: Listing = Listing {
    paging: Paging::Pages { max_pagelen: 100 },
    cross_repository: false,
    table: Table {
        name: "workspace_pipeline_variables",
        description: "Variables every pipeline of the workspace gets: names and flags, never values.",
        endpoint: Endpoint::new("/workspaces/{workspace}/pipelines-config/variables", None),
        columns: variable_columns!(),
    },
};
