//! `pipelines`: Bitbucket Pipelines runs, filtered with the endpoint's own
//! parameters (it has no BBQL), which name states and kinds in words of
//! their own (a SUCCESSFUL result is `status=PASSED`), and the
//! `pipeline_steps` of each run.

use super::columns::{REPOSITORY, option, parent_id};
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
            // The `status` filter splits these states into finer ones (PAUSED,
            // BUILDING, PASSED, ...): no value of it means one of them.
            Column::new("state", Code, "PENDING, IN_PROGRESS or COMPLETED.").at("state.name"),
            Column::new(
                "result",
                Code,
                "SUCCESSFUL, FAILED, STOPPED, ERROR or EXPIRED once completed.",
            )
            .at("state.result.name")
            .filtered_by(Filter::Equals("status"))
            .sent_as(&[
                ("SUCCESSFUL", "PASSED"),
                ("FAILED", "FAILED"),
                ("STOPPED", "STOPPED"),
                ("ERROR", "ERROR"),
            ]),
            Column::new(
                "target_ref_type",
                Code,
                "branch, tag, named_branch or bookmark; NULL for a pull request or commit.",
            )
            .at("target.ref_type")
            .filtered_by(Filter::Equals("target.ref_type"))
            // The filter tells TAG from ANNOTATED_TAG, the object calls both
            // `tag`: no one word of the filter means it.
            .sent_as(&[("branch", "BRANCH")]),
            Column::new("target_ref_name", Text, "The branch or tag it ran on.")
                .at("target.ref_name")
                .filtered_by(Filter::Equals("target.ref_name")),
            Column::new("target_commit_hash", Id, "The commit it ran on.")
                .at("target.commit.hash")
                .filtered_by(Filter::Equals("target.commit.hash")),
            Column::new(
                "target_selector_type",
                Code,
                "Which pipeline of bitbucket-pipelines.yml ran: branches, tags, bookmarks, \
                 default, custom or pull-requests.",
            )
            .at("target.selector.type")
            .filtered_by(Filter::Equals("target.selector.type"))
            .sent_as(&[
                ("branches", "BRANCH"),
                ("tags", "TAG"),
                ("custom", "CUSTOM"),
                ("pull-requests", "PULLREQUESTS"),
                ("default", "DEFAULT"),
            ]),
            Column::new(
                "target_selector_pattern",
                Text,
                "The pattern of that pipeline (a branch glob, a custom name).",
            )
            .at("target.selector.pattern")
            .filtered_by(Filter::Equals("target.selector.pattern")),
            Column::new("trigger_type", Code, "PUSH, MANUAL, SCHEDULE, ...")
                .at("trigger.name")
                .filtered_by(Filter::Equals("trigger_type"))
                .sent_as(&[
                    ("PUSH", "PUSH"),
                    ("MANUAL", "MANUAL"),
                    ("SCHEDULE", "SCHEDULED"),
                ]),
            Column::new("created_on", Timestamp, "When it was started (UTC).")
                .filtered_by(Filter::Sorted("created_on"))
                .not_null(),
            Column::new("completed_on", Timestamp, "When it finished (UTC)."),
            Column::new(
                "build_seconds_used",
                Integer,
                "Build minutes used, in seconds.",
            ),
            Column::new(
                "variables",
                Json,
                "Variables it ran with (JSON array; a secured value is empty).",
            ),
            Column::new(
                "configuration_sources",
                Json,
                "Where its configuration came from, in order (JSON array of source and uri).",
            ),
            option(
                "branch",
                Text,
                "$branch",
                "target.branch",
                "Lists only the runs on this branch (its pushes, and pull requests from \
                 it): set with `=`, NULL otherwise.",
            ),
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
                "setup_commands",
                Json,
                "Commands run outside the build container before the script (JSON array).",
            ),
            Column::new(
                "script_commands",
                Json,
                "Commands of its script (JSON array).",
            ),
        ],
    },
};
