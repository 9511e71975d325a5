//! Columns several Bitbucket tables share: the repository and parent id
//! columns, BBQL-filtered fields, request options, the page link, a commit's
//! fields, a commit status's and a diffstat's. Table files take them from
//! here, never from each other.

use crate::table::ColumnKind::{Bool, Id, Integer, Json, LongText, Text, Timestamp};
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

/// Where a grandchild table's scan puts the id of its parent's parent (a
/// report annotation's commit; never an API field).
pub(super) const ANCESTOR_KEY: &str = "$grandparent";

/// The column of a grandchild table holding its parent's parent id
/// (`commit_hash` of a report's annotations): `=`/`IN` choose the
/// grandparents whose children's children are read.
pub(super) const fn ancestor_id(
    name: &'static str,
    kind: ColumnKind,
    description: &'static str,
) -> Column {
    Column::new(name, kind, description)
        .at(ANCESTOR_KEY)
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

/// The columns of a repository's list of accounts (default reviewers, watchers).
pub(super) const REPOSITORY_ACCOUNTS: &[Column] = &[
    REPOSITORY,
    Column::new("uuid", Id, "The account's UUID.").not_null(),
    Column::new("display_name", Text, "Display name."),
    Column::new("nickname", Text, "Nickname."),
    Column::new("account_id", Id, "Atlassian account ID."),
    Column::new(
        "created_on",
        Timestamp,
        "When the account was created (UTC).",
    ),
    href(),
];

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
pub(super) const COMMITTER_RAW: Column = Column::new(
    "committer_raw",
    Text,
    "Committer as recorded in git (name <email>).",
)
.at("committer.raw");
pub(super) const PARENTS: Column = Column::new("parents", Json, "Parent commits (JSON array).");

// A comment's columns, of a pull request's and of an issue's, which the API
// filters and sorts alike.
pub(super) const COMMENT_ID: Column = queried("id", Integer, "id", "The comment's ID.").not_null();
pub(super) const COMMENT_CONTENT: Column =
    queried("content", LongText, "content.raw", "Text (Markdown).");
pub(super) const COMMENT_USER_DISPLAY_NAME: Column =
    Column::new("user_display_name", Text, "Who wrote it.").at("user.display_name");
pub(super) const COMMENT_USER_UUID: Column =
    queried("user_uuid", Id, "user.uuid", "UUID of who wrote it.");
pub(super) const COMMENT_PARENT_ID: Column = queried(
    "parent_id",
    Integer,
    "parent.id",
    "The comment it replies to.",
);
pub(super) const COMMENT_INLINE_PATH: Column = queried(
    "inline_path",
    Text,
    "inline.path",
    "File of an inline comment.",
);
pub(super) const COMMENT_INLINE_FROM: Column = queried(
    "inline_from",
    Integer,
    "inline.from",
    "Line in the old version.",
);
pub(super) const COMMENT_INLINE_TO: Column = queried(
    "inline_to",
    Integer,
    "inline.to",
    "Line in the new version.",
);
pub(super) const COMMENT_DELETED: Column =
    queried("deleted", Bool, "deleted", "Whether it was deleted.");
pub(super) const COMMENT_CREATED_ON: Column = queried(
    "created_on",
    Timestamp,
    "created_on",
    "When it was written (UTC).",
)
.not_null();
pub(super) const COMMENT_UPDATED_ON: Column =
    queried("updated_on", Timestamp, "updated_on", "Last edit (UTC).");

/// The columns of a comment (of an issue or of a pull request) listed under
/// `$parent`, then those of its kind.
macro_rules! comment_columns {
    ($parent:expr $(, $extra:expr)* $(,)?) => {
        &[
            REPOSITORY,
            $parent,
            COMMENT_ID,
            COMMENT_CONTENT,
            COMMENT_USER_DISPLAY_NAME,
            COMMENT_USER_UUID,
            COMMENT_PARENT_ID,
            COMMENT_INLINE_PATH,
            COMMENT_INLINE_FROM,
            COMMENT_INLINE_TO,
            COMMENT_DELETED,
            $($extra,)*
        ]
    };
}
pub(super) use comment_columns;

/// The columns of a commit status (of a pull request's or of a commit), and
/// any the listing adds.
macro_rules! status_columns {
    ($parent:expr $(, $extra:expr)*) => {
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
            )
            .one_of(&["INPROGRESS", "SUCCESSFUL", "FAILED", "STOPPED"]),
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
            )
            .not_null(),
            queried("updated_on", Timestamp, "updated_on", "Last change (UTC)."),
            $($extra,)*
        ]
    };
}
pub(super) use status_columns;

/// A request option of a listing that is no field of its objects (the
/// branch whose commits are listed, snippets' `role`, a diffstat's
/// `topic`): `=` sends it as parameter `param`, and the scan gives each row
/// the value it was read with at `key` (a `$` path, never asked of the API),
/// so the column agrees with the filter. NULL unless the query sets one value.
pub(super) const fn option(
    name: &'static str,
    kind: ColumnKind,
    key: &'static str,
    param: &'static str,
    description: &'static str,
) -> Column {
    Column::new(name, kind, description)
        .at(key)
        .filtered_by(Filter::Equals(param))
}

/// The columns of a diffstat (of a pull request or of a commit): one row
/// per file changed, after the parent column and before the listing's options.
macro_rules! diffstat_columns {
    ($parent:expr $(, $option:expr)*) => {
        &[
            REPOSITORY,
            $parent,
            Column::new(
                "status",
                Code,
                "added, removed, modified or renamed.",
            ),
            Column::new("lines_added", Integer, "Lines added to the file."),
            Column::new("lines_removed", Integer, "Lines removed from the file."),
            Column::new("old_path", Text, "The file's path before (null when added).")
                .at("old.path"),
            Column::new("new_path", Text, "The file's path after (null when removed).")
                .at("new.path"),
            Column::new(
                "old_attributes",
                Code,
                "What the old file is besides a plain file: link, executable, subrepository, binary or lfs.",
            )
            .at("old.attributes"),
            Column::new(
                "new_attributes",
                Code,
                "What the new file is besides a plain file: link, executable, subrepository, binary or lfs.",
            )
            .at("new.attributes"),
            Column::new("old_commit_hash", Id, "The commit the old side is read from.")
                .at("old.commit.hash"),
            Column::new("new_commit_hash", Id, "The commit the new side is read from.")
                .at("new.commit.hash"),
            $($option,)*
        ]
    };
}
pub(super) use diffstat_columns;
