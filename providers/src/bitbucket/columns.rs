//! Columns several Bitbucket tables share: the repository and parent id
//! columns, BBQL-filtered fields, the page link, a commit's fields and a
//! commit status's. Table files take them from here, never from each other.

use crate::table::ColumnKind::{Id, Json, LongText, Text, Timestamp};
use crate::table::{Column, ColumnKind, Filter};

/// Where a scan puts the repository slug of each row (never an API field).
pub(super) const REPOSITORY_KEY: &str = "$repository";

/// The `repository` column of every repository table.
pub(super) const REPOSITORY: Column = Column::new(
    "repository",
    ColumnKind::Code,
    "Slug of the repository the row belongs to (its schema name).",
)
.at(REPOSITORY_KEY)
.filtered_by(Filter::Parent)
.not_null();

/// Where a child table's scan puts the id of the parent each row was listed
/// under (never an API field).
const PARENT_KEY: &str = "$parent";

/// The parent id column of a child table (`pull_request_id`): `=`/`IN`
/// choose the parents listed under.
pub(super) const fn parent_id(
    name: &'static str,
    kind: ColumnKind,
    description: &'static str,
) -> Column {
    Column::new(name, kind, description)
        .at(PARENT_KEY)
        .filtered_by(Filter::Parent)
        .not_null()
}

/// A column read from `path` that BBQL can filter and sort on.
pub(super) const fn queried(
    name: &'static str,
    kind: ColumnKind,
    path: &'static str,
    description: &'static str,
) -> Column {
    Column::new(name, kind, description)
        .at(path)
        .filtered_by(Filter::Query(path))
}

/// `links_html_href`: the object's page on bitbucket.org.
pub(super) const fn href() -> Column {
    Column::new(
        "links_html_href",
        ColumnKind::Text,
        "The page on bitbucket.org.",
    )
    .at("links.html.href")
}

// A commit's columns wherever the API lists commits (also under a pull request).
pub(super) const HASH: Column = Column::new("hash", Id, "The commit's SHA-1.").not_null();
pub(super) const DATE: Column = Column::new("date", Timestamp, "Author date (UTC).");
pub(super) const MESSAGE: Column = Column::new("message", LongText, "Full commit message.");
pub(super) const AUTHOR_RAW: Column = Column::new(
    "author_raw",
    Text,
    "Author as recorded in git (name <email>).",
)
.at("author.raw");
pub(super) const AUTHOR_DISPLAY_NAME: Column = Column::new(
    "author_display_name",
    Text,
    "The Bitbucket account of the author, if linked.",
)
.at("author.user.display_name");
pub(super) const PARENTS: Column = Column::new("parents", Json, "Parent commits (JSON array).");

/// The columns of a commit status (of a pull request's or of a commit).
macro_rules! status_columns {
    ($parent:expr) => {
        &[
            REPOSITORY,
            $parent,
            queried(
                "key",
                Code,
                "key",
                "The status's key, unique per commit (a build number).",
            )
            .not_null(),
            queried("name", Text, "name", "Name shown for the status."),
            queried(
                "state",
                Code,
                "state",
                "INPROGRESS, SUCCESSFUL, FAILED or STOPPED.",
            ),
            queried(
                "refname",
                Text,
                "refname",
                "The branch or tag the status is for.",
            ),
            Column::new("description", Text, "Description."),
            Column::new("url", Text, "Where the build's page is."),
            queried(
                "created_on",
                Timestamp,
                "created_on",
                "When it was reported (UTC).",
            ),
            queried("updated_on", Timestamp, "updated_on", "Last change (UTC)."),
        ]
    };
}
pub(super) use status_columns;
