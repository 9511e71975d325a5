//! Bitbucket: each table's list path in the swagger, its object's fields
//! (through `allOf` and `$ref`), and its documented query parameters: those
//! the swagger declares, `q`/`sort` where the path's description or the
//! guide's list of filterable endpoints says so, and the few documented
//! only in prose (listed below with where).

use std::collections::BTreeSet;
use std::path::Path;

use apiodbc_providers::bitbucket::{LISTINGS, Listing, Paging, sortable};
use apiodbc_providers::table::Filter;
use serde_json::Value as Json;

use crate::schema::{Spec, shape};
use crate::{Audit, Exception, Gap};

/// Query parameters the pager itself sends.
const PAGING: &[&str] = &["page", "pagelen", "fields"];

/// Parameters documented in a path's description only: `(path, parameter)`.
const IN_PROSE: &[(&str, &str)] = &[
    // "GET .../commits/?exclude=master", "...?include=foo&exclude=master",
    // "An optional `path` parameter".
    ("/repositories/{workspace}/{repo_slug}/commits", "include"),
    ("/repositories/{workspace}/{repo_slug}/commits", "exclude"),
    ("/repositories/{workspace}/{repo_slug}/commits", "path"),
];

/// The reason of a column the swagger's schema does not describe: its
/// objects allow more properties than it lists, and the API sends these.
const UNDESCRIBED: &str =
    "sent by the API; the swagger's schema, open to more properties, omits it";

/// Gaps left on purpose.
static EXCEPTIONS: &[Exception] = &[
    Exception {
        table: "*",
        gap: Gap::Field,
        name: "type",
        why: "the object's kind, the same on every row of a table",
    },
    Exception {
        table: "*",
        gap: Gap::Field,
        name: "links",
        why: "links to the object in the API; its page on bitbucket.org, where it has one, is links_html_href",
    },
    Exception {
        table: "*",
        gap: Gap::Field,
        name: "repository",
        why: "the repository column holds its slug, the schema the row was read in",
    },
    Exception {
        table: "issue_comments",
        gap: Gap::Field,
        name: "issue",
        why: "the issue is the issue_id column the row was listed under",
    },
    Exception {
        table: "pull_request_comments",
        gap: Gap::Field,
        name: "pullrequest",
        why: "the pull request is the pull_request_id column the row was listed under",
    },
    Exception {
        table: "webhooks",
        gap: Gap::Field,
        name: "secret",
        why: "a secret: never read into a column",
    },
    Exception {
        table: "webhooks",
        gap: Gap::Field,
        name: "subject",
        why: "the workspace or repository the table is read in",
    },
    Exception {
        table: "pipeline_variables",
        gap: Gap::Field,
        name: "value",
        why: "never read: names and flags only, so no secured value can reach a row",
    },
    Exception {
        table: "workspace_pipeline_variables",
        gap: Gap::Field,
        name: "value",
        why: "never read: names and flags only, so no secured value can reach a row",
    },
    Exception {
        table: "pipelines",
        gap: Gap::Parameter,
        name: "created_on",
        why: "the swagger says only 'the creation date to filter by': whether it means equal, before or after is undocumented, so comparisons filter locally (ORDER BY created_on is sent as sort)",
    },
    Exception {
        table: "repository_permissions",
        gap: Gap::Parameter,
        name: "sort",
        why: "sorts on text (user.display_name) in Bitbucket's order, which SQL's need not match: the engine sorts",
    },
    Exception {
        table: "workspaces",
        gap: Gap::Parameter,
        name: "sort",
        why: "sorts by slug only, text in Bitbucket's order, which SQL's need not match: the engine sorts",
    },
    Exception {
        table: "deploy_keys",
        gap: Gap::Column,
        name: "id",
        why: UNDESCRIBED,
    },
    Exception {
        table: "deployments",
        gap: Gap::Column,
        name: "completed_on",
        why: UNDESCRIBED,
    },
    Exception {
        table: "deployments",
        gap: Gap::Column,
        name: "last_update_time",
        why: UNDESCRIBED,
    },
    Exception {
        table: "environments",
        gap: Gap::Column,
        name: "slug",
        why: UNDESCRIBED,
    },
    Exception {
        table: "environments",
        gap: Gap::Column,
        name: "rank",
        why: UNDESCRIBED,
    },
    Exception {
        table: "environments",
        gap: Gap::Column,
        name: "environment_type",
        why: UNDESCRIBED,
    },
    Exception {
        table: "environments",
        gap: Gap::Column,
        name: "lock",
        why: UNDESCRIBED,
    },
    Exception {
        table: "environments",
        gap: Gap::Column,
        name: "hidden",
        why: UNDESCRIBED,
    },
    Exception {
        table: "environments",
        gap: Gap::Column,
        name: "restrictions",
        why: UNDESCRIBED,
    },
    Exception {
        table: "forks",
        gap: Gap::Column,
        name: "slug",
        why: UNDESCRIBED,
    },
    Exception {
        table: "repositories",
        gap: Gap::Column,
        name: "slug",
        why: UNDESCRIBED,
    },
    Exception {
        table: "pipeline_steps",
        gap: Gap::Column,
        name: "name",
        why: UNDESCRIBED,
    },
    Exception {
        table: "pipeline_steps",
        gap: Gap::Column,
        name: "duration_in_seconds",
        why: UNDESCRIBED,
    },
    Exception {
        table: "pipeline_steps",
        gap: Gap::Column,
        name: "build_seconds_used",
        why: UNDESCRIBED,
    },
    Exception {
        table: "pipeline_steps",
        gap: Gap::Column,
        name: "run_number",
        why: UNDESCRIBED,
    },
    Exception {
        table: "pipeline_steps",
        gap: Gap::Column,
        name: "max_time",
        why: UNDESCRIBED,
    },
    Exception {
        table: "pipelines",
        gap: Gap::Column,
        name: "run_number",
        why: UNDESCRIBED,
    },
    Exception {
        table: "pipelines",
        gap: Gap::Column,
        name: "trigger_type",
        why: UNDESCRIBED,
    },
    Exception {
        table: "workspace_members",
        gap: Gap::Column,
        name: "user_email",
        why: UNDESCRIBED,
    },
    Exception {
        table: "workspace_permissions",
        gap: Gap::Column,
        name: "permission",
        why: UNDESCRIBED,
    },
];

pub fn audit(dir: &Path) -> Audit {
    let spec = Spec {
        root: crate::read(dir, "bitbucket-swagger.json"),
    };
    let guide = std::fs::read_to_string(dir.join("bitbucket-api-guide.md")).unwrap_or_default();
    let filterable = filterable_in_guide(&guide);
    let mut audit = Audit::new("bitbucket", EXCEPTIONS);
    for listing in LISTINGS.iter().copied() {
        let table = &listing.table;
        let wanted = shape(table.endpoint.list);
        let Some((path, item)) = spec.root["paths"]
            .as_object()
            .into_iter()
            .flatten()
            .find(|(path, _)| shape(path) == wanted)
        else {
            audit.fail(format!(
                "{}: the swagger has no {}",
                table.name, table.endpoint.list
            ));
            continue;
        };
        let Some(op) = item.get("get") else {
            audit.fail(format!("{}: the swagger has no GET {path}", table.name));
            continue;
        };
        fields(&mut audit, &spec, listing, op);
        let documented = documented(path, item, op, filterable.contains(&wanted));
        parameters(&mut audit, listing, &documented);
    }
    audit
}

/// The paths the guide's "Supported endpoints" lists as taking `q` and `sort`.
fn filterable_in_guide(guide: &str) -> BTreeSet<String> {
    guide
        .lines()
        .skip_while(|line| !line.starts_with("### Supported endpoints"))
        .skip(1)
        .take_while(|line| !line.starts_with('#'))
        .filter_map(|line| line.trim().strip_prefix("/2.0"))
        .map(shape)
        .collect()
}

/// The query parameters the swagger documents for a list path: declared,
/// or named by its description.
fn documented(path: &str, item: &Json, op: &Json, in_guide: bool) -> BTreeSet<String> {
    let mut names: BTreeSet<String> = [&item["parameters"], &op["parameters"]]
        .into_iter()
        .filter_map(Json::as_array)
        .flatten()
        .filter(|p| p["in"] == "query")
        .filter_map(|p| p["name"].as_str())
        .filter(|name| !PAGING.contains(name))
        .map(str::to_string)
        .collect();
    // A description that links the guide's chapter on BBQL documents `q`
    // (pipelines filter with parameters of their own, and say so).
    let description = op["description"]
        .as_str()
        .unwrap_or_default()
        .to_lowercase();
    if in_guide || description.contains("#filtering") {
        names.insert("q".into());
    }
    if in_guide || description.contains("#sorting") || description.contains("filtering and sorting")
    {
        names.insert("sort".into());
    }
    names.extend(
        IN_PROSE
            .iter()
            .filter(|(p, _)| *p == path)
            .map(|(_, name)| name.to_string()),
    );
    names
}

/// The object's fields against the columns, and each column's path against the object.
fn fields(audit: &mut Audit, spec: &Spec, listing: &Listing, op: &Json) {
    let table = &listing.table;
    let response = &op["responses"]["200"]["schema"];
    let items = spec.resolve(response).pointer("/properties/values/items");
    let object = match (listing.paging, items) {
        (Paging::Pages { .. } | Paging::Cursor { .. }, Some(items)) => items,
        _ => response,
    };
    let first = |path: &'static str| path.split('.').next().unwrap_or(path);
    let read: BTreeSet<&str> = table.columns.iter().map(|c| first(c.json_path())).collect();
    for name in spec.fields(object).keys() {
        audit.field(table.name, name, read.contains(name));
    }
    for column in table.columns {
        let path: Vec<&str> = column.json_path().split('.').collect();
        let filled_by_the_scan =
            column.json_path().starts_with('$') || column.filter == Filter::Parent;
        if !filled_by_the_scan && !spec.has_path(object, &path) {
            audit.gap(
                table.name,
                Gap::Column,
                column.name,
                &format!(
                    "reads `{}`, which the object does not have",
                    column.json_path()
                ),
            );
        }
    }
}

/// The documented parameters against those the table's filters, sort,
/// defaults and parent send.
fn parameters(audit: &mut Audit, listing: &Listing, documented: &BTreeSet<String>) {
    let table = &listing.table;
    let mut sent: BTreeSet<&str> = BTreeSet::new();
    for column in table.columns {
        match column.filter {
            Filter::Query(_) => _ = sent.insert("q"),
            Filter::Equals(p)
            | Filter::AnyOf(p, _)
            | Filter::Range(p)
            | Filter::LowerBound(p)
            | Filter::UpperBound(p) => _ = sent.insert(p),
            _ => {}
        }
        if sortable(column) {
            sent.insert("sort");
        }
    }
    sent.extend(table.endpoint.defaults.iter().map(|(k, _)| *k));
    sent.extend(table.endpoint.parent.and_then(|p| p.param));
    for name in documented {
        audit.parameter(table.name, name, sent.contains(name.as_str()));
    }
    for name in sent.iter().filter(|n| !documented.contains(**n)) {
        audit.gap(
            table.name,
            Gap::Undocumented,
            name,
            "is sent but not documented for the list path",
        );
    }
}
