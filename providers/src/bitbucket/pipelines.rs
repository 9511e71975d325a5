//! `pipelines`: Bitbucket Pipelines runs, filtered with the endpoint's own
//! parameters (it has no BBQL), and the `pipeline_steps` of each run.

use super::columns::{REPOSITORY, href, parent_id};
use super::{Listing, Paging};
use crate::table::{Column, ColumnKind::*, Endpoint, Filter, Parent, Table};

pub static PIPELINES: Listing = Listing {
    paging: Paging::Pages { max_pagelen: 100 },
    cross_repository: true,
    table: Table {
        name: "pipelines",
        description: "Pipeline runs of the repository.",
        endpoint: Endpoint::new("/repositories/{workspace}/{repository}/pipelines", None),
        columns: &[
            REPOSITORY,
            Column::new("uuid", Id, "The pipeline's UUID.").not_null(),
            Column::new(
                "build_number",
                Integer,
                "Build number, counting up per repository.",
            ),
            Column::new(
                "run_number",
                Integer,
                "Run of this build (re-runs count up).",
            ),
            Column::new("creator_display_name", Text, "Who started it.").at("creator.display_name"),
            Column::new("creator_uuid", Id, "UUID of who started it.")
                .at("creator.uuid")
                .filtered_by(Filter::Equals("creator.uuid")),
            Column::new("state", Code, "PENDING, IN_PROGRESS or COMPLETED.").at("state.name"),
            Column::new(
                "result",
                Code,
                "SUCCESSFUL, FAILED, STOPPED or ERROR once completed.",
            )
            .at("state.result.name")
            .filtered_by(Filter::Equals("status")),
            Column::new(
                "target_ref_type",
                Code,
                "branch, tag, named_branch, bookmark or pull request.",
            )
            .at("target.ref_type")
            .filtered_by(Filter::Equals("target.ref_type")),
            Column::new("target_ref_name", Text, "The branch or tag it ran on.")
                .at("target.ref_name")
                .filtered_by(Filter::Equals("target.ref_name")),
            Column::new("target_commit_hash", Id, "The commit it ran on.")
                .at("target.commit.hash")
                .filtered_by(Filter::Equals("target.commit.hash")),
            Column::new("trigger_type", Code, "PUSH, MANUAL, SCHEDULE, ...")
                .at("trigger.name")
                .filtered_by(Filter::Equals("trigger_type")),
            Column::new("created_on", Timestamp, "When it was started (UTC)."),
            Column::new("completed_on", Timestamp, "When it finished (UTC)."),
            Column::new(
                "build_seconds_used",
                Integer,
                "Build minutes used, in seconds.",
            ),
            href(),
        ],
    },
};

pub static PIPELINE_STEPS: Listing = Listing {
    paging: Paging::Pages { max_pagelen: 100 },
    cross_repository: false,
    table: Table {
        name: "pipeline_steps",
        description: "Steps of the repository's pipeline runs.",
        endpoint: Endpoint::new(
            "/repositories/{workspace}/{repository}/pipelines/{parent}/steps",
            None,
        )
        .under(Parent::in_path(&PIPELINES.table).keyed_by("uuid")),
        columns: &[
            REPOSITORY,
            parent_id(
                "pipeline_uuid",
                Id,
                "The pipeline's UUID (see pipelines.uuid).",
            ),
            Column::new("uuid", Id, "The step's UUID.").not_null(),
            Column::new("name", Text, "Name from bitbucket-pipelines.yml."),
            Column::new("state", Code, "PENDING, IN_PROGRESS or COMPLETED.").at("state.name"),
            Column::new(
                "result",
                Code,
                "SUCCESSFUL, FAILED, STOPPED or ERROR once completed.",
            )
            .at("state.result.name"),
            Column::new("started_on", Timestamp, "When it started (UTC)."),
            Column::new("completed_on", Timestamp, "When it finished (UTC)."),
            Column::new("duration_in_seconds", Integer, "How long it ran."),
            Column::new(
                "build_seconds_used",
                Integer,
                "Build minutes used, in seconds.",
            ),
            Column::new("run_number", Integer, "Run of the step (re-runs count up)."),
            Column::new("max_time", Integer, "Time limit in minutes."),
            Column::new("image", Text, "Docker image it ran in.").at("image.name"),
            Column::new(
                "script_commands",
                Json,
                "Commands of its script (JSON array).",
            ),
        ],
    },
};
