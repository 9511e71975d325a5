//! `commits`: a repository's commits, newest first (a cursor listing
//! without BBQL: only its `include`, `exclude` and `path` options reach the
//! API), and per commit its build statuses, the files it changes
//! (diffstat) and its Code Insights reports with their annotations.

use super::columns::{
    AUTHOR_DISPLAY_NAME, AUTHOR_RAW, COMMITTER_RAW, DATE, HASH, MESSAGE, PARENTS, REPOSITORY,
    ancestor_id, diffstat_columns, href, option, parent_id, queried, status_columns,
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
            option(
                "include",
                Text,
                "$include",
                "include",
                "Lists only the commits reachable from this branch, tag or commit \
                 (`git log include`): set with `=`, NULL otherwise.",
            ),
            option(
                "exclude",
                Text,
                "$exclude",
                "exclude",
                "Leaves out the commits reachable from this branch, tag or commit \
                 (`git log ^exclude`): set with `=`, NULL otherwise.",
            ),
            option(
                "path",
                Text,
                "$path",
                "path",
                "Lists only the commits that changed this file, or a file under this \
                 directory: set with `=`, NULL otherwise.",
            ),
        ],
    },
};

/// Listed under each commit of the repository, by its hash.
const UNDER_COMMITS: Parent = Parent::in_path(&COMMITS.table).keyed_by("hash");

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
        .under(UNDER_COMMITS),
        columns: status_columns!(
            parent_id("commit_hash", Id, "The commit's SHA-1 (see commits.hash)."),
            option(
                "for_refname",
                Text,
                "$for_refname",
                "refname",
                "Lists the statuses that apply to this branch or tag: those reported for \
                 it and those reported for no ref. Set with `=`, NULL otherwise.",
            )
        ),
    },
};

pub static COMMIT_DIFFSTAT: Listing = Listing {
    paging: Paging::Pages { max_pagelen: 5000 },
    cross_repository: false,
    table: Table {
        name: "commit_diffstat",
        description: "The files each commit of the repository changes against its first parent: \
                      one row per file with its status and lines added and removed. Without a \
                      spec filter every commit is asked (MaxConcurrency at a time): name the \
                      commits when you can. A spec may also be a range `a..b` (the changes of \
                      a compared with b).",
        endpoint: Endpoint::new(
            "/repositories/{workspace}/{repository}/diffstat/{parent}",
            None,
        )
        .under(UNDER_COMMITS),
        columns: diffstat_columns!(
            parent_id(
                "spec",
                Id,
                "The commit the row's file changed in (see commits.hash), or the range \
                 `a..b` a filter named.",
            ),
            option(
                "path",
                Text,
                "$path",
                "path",
                "Option: `=` limits the diffstat to that file; each row shows the path asked for.",
            ),
            option(
                "ignore_whitespace",
                Bool,
                "$ignore_whitespace",
                "ignore_whitespace",
                "Option: `= true` leaves out changes of whitespace only.",
            ),
            option(
                "renames",
                Bool,
                "$renames",
                "renames",
                "Option: `= false` turns off rename detection (on by default).",
            ),
            option(
                "topic",
                Bool,
                "$topic",
                "topic",
                "Option for a range: `= true` compares with the merge base (three dots), \
                 `= false` compares the two commits directly.",
            ),
            option(
                "merge",
                Bool,
                "$merge",
                "merge",
                "Option for a range, deprecated by Bitbucket in favour of topic (the two \
                 cannot be combined).",
            )
        ),
    },
};

pub static COMMIT_REPORTS: Listing = Listing {
    paging: Paging::Pages { max_pagelen: 100 },
    cross_repository: false,
    table: Table {
        name: "commit_reports",
        description: "Code Insights reports (security scans, coverage, test and bug reports) \
                      that tools attached to the repository's commits. Without a commit_hash \
                      filter every commit is asked (MaxConcurrency at a time): name the \
                      commits when you can.",
        endpoint: Endpoint::new(
            "/repositories/{workspace}/{repository}/commit/{parent}/reports",
            None,
        )
        .under(UNDER_COMMITS),
        columns: &[
            REPOSITORY,
            parent_id("commit_hash", Id, "The commit's SHA-1 (see commits.hash)."),
            Column::new("uuid", Id, "The report's UUID.").not_null(),
            Column::new(
                "external_id",
                Id,
                "The ID the reporting tool gave the report.",
            ),
            Column::new("title", Text, "Title."),
            Column::new("details", LongText, "What the report is about."),
            Column::new("reporter", Text, "The tool or company that reported it."),
            Column::new("report_type", Code, "SECURITY, COVERAGE, TEST or BUG."),
            Column::new("result", Code, "PASSED, FAILED or PENDING."),
            Column::new("link", Text, "The report's page in the reporting tool."),
            Column::new("logo_url", Text, "The reporting tool's logo."),
            Column::new(
                "remote_link_enabled",
                Bool,
                "Whether a remote link is created in the Jira work item of the commit.",
            ),
            Column::new(
                "data",
                Json,
                "The report's figures (JSON array of title, type and value).",
            ),
            Column::new("created_on", Timestamp, "When it was created (UTC)."),
            Column::new("updated_on", Timestamp, "Last change (UTC)."),
        ],
    },
};

pub static REPORT_ANNOTATIONS: Listing = Listing {
    paging: Paging::Pages { max_pagelen: 100 },
    cross_repository: false,
    table: Table {
        name: "report_annotations",
        description: "The findings of the Code Insights reports on the repository's commits \
                      (a vulnerability, code smell or bug at a file and line). A report's \
                      annotations are listed under its commit, so the reports are read first: \
                      filter on commit_hash to read only those commits' reports, else every \
                      commit is asked (MaxConcurrency at a time).",
        endpoint: Endpoint::new(
            "/repositories/{workspace}/{repository}/commit/{grandparent}/reports/{parent}/annotations",
            None,
        )
        .under(Parent::in_path(&COMMIT_REPORTS.table).keyed_by("uuid")),
        columns: &[
            REPOSITORY,
            ancestor_id(
                "commit_hash",
                Id,
                "The commit the report is on (see commit_reports.commit_hash).",
            ),
            parent_id(
                "report_uuid",
                Id,
                "The report the finding belongs to (see commit_reports.uuid).",
            ),
            Column::new("uuid", Id, "The annotation's UUID.").not_null(),
            Column::new(
                "external_id",
                Id,
                "The ID the reporting tool gave the annotation.",
            ),
            Column::new("annotation_type", Code, "VULNERABILITY, CODE_SMELL or BUG."),
            Column::new(
                "path",
                Text,
                "The file it is about, relative to the repository (null: the whole report).",
            ),
            Column::new(
                "line",
                Integer,
                "The line it is about (0 or null: the whole file).",
            ),
            Column::new("summary", Text, "The message shown."),
            Column::new("details", LongText, "The details shown on request."),
            Column::new("result", Code, "PASSED, FAILED, SKIPPED or IGNORED."),
            Column::new("severity", Code, "CRITICAL, HIGH, MEDIUM or LOW."),
            Column::new("link", Text, "The finding's page in the reporting tool."),
            Column::new("created_on", Timestamp, "When it was created (UTC)."),
            Column::new("updated_on", Timestamp, "Last change (UTC)."),
        ],
    },
};
