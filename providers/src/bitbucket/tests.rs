use super::*;

fn open(pairs: &[(&str, &str)]) -> Result<Bitbucket> {
    Bitbucket::new(&Properties::from_pairs(pairs.iter().copied()))
}

fn names(tables: Vec<&'static Table>) -> Vec<&'static str> {
    tables.into_iter().map(|t| t.name).collect()
}

#[test]
fn information_holds_workspace_and_cross_repository_tables() {
    let b = open(&[("Workspace", "acme"), ("User", "a@b.c"), ("APIToken", "t")]).unwrap();
    let information = names(b.tables("information"));
    for t in [
        "workspaces",
        "repositories",
        "projects",
        "current_user",
        "pull_requests",
        "commits",
    ] {
        assert!(information.contains(&t), "{t} in {information:?}");
    }
    assert!(information.contains(&"issues"));
    assert!(!information.contains(&"issue_comments"));
    let repository = names(b.tables("widgets"));
    for t in [
        "pull_requests",
        "commits",
        "branches",
        "tags",
        "issues",
        "pipelines",
        "deployments",
        "pull_request_comments",
        "pull_request_activity",
        "pull_request_commits",
        "pull_request_statuses",
        "pull_request_tasks",
        "issue_comments",
        "commit_statuses",
        "pipeline_steps",
        "branch_restrictions",
        "default_reviewers",
        "downloads",
        "refs",
    ] {
        assert!(repository.contains(&t), "{t} in {repository:?}");
    }
    assert!(!repository.contains(&"workspaces"));
    assert!(information.contains(&"repository_permissions"));
    assert!(!information.contains(&"pull_request_comments"));
    assert!(b.tables("../etc").is_empty());
    assert_eq!(b.catalog(), "acme");
}

#[test]
fn without_a_workspace_only_information_exists() {
    let b = open(&[("AuthScheme", "AccessToken"), ("PWD", "t")]).unwrap();
    assert!(b.tables("widgets").is_empty());
    assert!(names(b.tables("information")).contains(&"workspaces"));
}

#[test]
fn auth_schemes() {
    let config =
        |pairs: &[(&str, &str)]| http_config(&Properties::from_pairs(pairs.iter().copied()));
    let basic = config(&[("User", "ann@example.com"), ("APIToken", "secret")]).unwrap();
    let header = basic.headers.get("authorization").unwrap();
    assert!(header.is_sensitive());
    assert_eq!(
        header.to_str().unwrap(),
        "Basic YW5uQGV4YW1wbGUuY29tOnNlY3JldA=="
    );
    let bearer = config(&[("AuthScheme", "AccessToken"), ("Password", "tok")]).unwrap();
    assert_eq!(bearer.headers.get("authorization").unwrap(), "Bearer tok");
    let oauth = config(&[("AuthScheme", "OAuth"), ("OAuthAccessToken", "x")]).unwrap();
    assert!(oauth.credentials.is_some());
    let Err(Error::Config(message)) = config(&[("AuthScheme", "Basic"), ("User", "a")]) else {
        panic!("Basic without a token must fail");
    };
    assert!(message.contains("APIToken"), "{message}");
    assert!(matches!(
        config(&[("AuthScheme", "Kerberos")]),
        Err(Error::Config(_))
    ));
}

#[test]
fn every_table_is_described_and_reachable() {
    for listing in LISTINGS {
        let table = &listing.table;
        assert!(!table.description.is_empty(), "{}", table.name);
        for column in table.columns {
            assert!(
                !column.description.is_empty(),
                "{}.{}",
                table.name,
                column.name
            );
        }
        assert!(std::ptr::eq(super::listing(table).unwrap(), *listing));
    }
}

#[test]
fn child_tables_name_their_parent_after_the_repository() {
    for listing in LISTINGS {
        let table = &listing.table;
        let Some(parent) = table.endpoint.parent else {
            continue;
        };
        assert!(super::listing(parent.table).is_some(), "{}", table.name);
        assert!(table.endpoint.list.contains("/{parent}"), "{}", table.name);
        assert!(!listing.cross_repository, "{}", table.name);
        let parents: Vec<&str> = table
            .columns
            .iter()
            .filter(|c| c.filter == Filter::Parent)
            .map(|c| c.name)
            .collect();
        // A grandchild also names its parent's parent, before the parent.
        let levels = if table.endpoint.list.contains("{grandparent}") {
            3
        } else {
            2
        };
        assert_eq!(parents.len(), levels, "{}", table.name);
        assert_eq!(parents[0], "repository", "{}", table.name);
        assert_eq!(table.parent_column().unwrap().name, parents[levels - 1]);
        assert!(parent.table.column(parent.key).is_some(), "{}", table.name);
    }
}

#[test]
fn only_one_listing_sorted_on_a_never_null_number_or_time_is_ordered_by_the_api() {
    use crate::table::{CmpOp, OrderBy, Value};
    let b = open(&[("Workspace", "acme"), ("User", "a@b.c"), ("APIToken", "t")]).unwrap();
    let by = |column: &str| {
        vec![OrderBy {
            column: column.into(),
            descending: true,
        }]
    };
    let prs = &pull_requests::PULL_REQUESTS.table;
    assert_eq!(
        b.ordering("widgets", prs, &[], &by("updated_on")),
        Pushdown::Exact
    );
    assert_eq!(b.ordering("widgets", prs, &[], &by("id")), Pushdown::Exact);
    // Text sorts by the API's collation; a nullable field has no null order.
    assert_eq!(
        b.ordering("widgets", prs, &[], &by("title")),
        Pushdown::Unsupported
    );
    assert_eq!(
        b.ordering("widgets", prs, &[], &by("comment_count")),
        Pushdown::Unsupported
    );
    // Several repositories or parents: each list would be sorted on its own.
    assert_eq!(
        b.ordering("information", prs, &[], &by("updated_on")),
        Pushdown::Unsupported
    );
    let one = Predicate::Compare {
        column: "repository".into(),
        op: CmpOp::Eq,
        value: Value::Text("docs".into()),
    };
    assert_eq!(
        b.ordering("information", prs, &[one], &by("updated_on")),
        Pushdown::Exact
    );
    let tasks = &pull_requests::PULL_REQUEST_TASKS.table;
    assert_eq!(
        b.ordering("widgets", tasks, &[], &by("id")),
        Pushdown::Unsupported
    );
    // Two keys are never sent (Bitbucket sorts on one field).
    let mut two = by("updated_on");
    two.extend(by("id"));
    assert_eq!(b.ordering("widgets", prs, &[], &two), Pushdown::Unsupported);
}

fn eq(column: &str, value: &str) -> Predicate {
    Predicate::compare(
        column,
        crate::table::CmpOp::Eq,
        crate::table::Value::Text(value.into()),
    )
}

fn any_of(column: &str, values: &[&str]) -> Predicate {
    Predicate::InList {
        column: column.into(),
        values: values
            .iter()
            .map(|v| crate::table::Value::Text(v.to_string()))
            .collect(),
        negated: false,
    }
}

fn params(table: &'static Table, predicate: Predicate) -> Vec<(String, String)> {
    assert_eq!(bbql::pushdown(table, &predicate), Pushdown::Exact);
    bbql::plan(table, &[predicate]).params
}

fn pair(key: &str, value: &str) -> Vec<(String, String)> {
    vec![(key.to_string(), value.to_string())]
}

#[test]
fn pipeline_filters_are_sent_in_the_parameters_own_words() {
    let pipelines = &pipelines::PIPELINES.table;
    assert_eq!(
        params(pipelines, eq("result", "SUCCESSFUL")),
        pair("status", "PASSED")
    );
    assert_eq!(
        params(pipelines, eq("result", "FAILED")),
        pair("status", "FAILED")
    );
    assert_eq!(
        params(pipelines, eq("trigger_type", "SCHEDULE")),
        pair("trigger_type", "SCHEDULED")
    );
    assert_eq!(
        params(pipelines, eq("target_ref_type", "branch")),
        pair("target.ref_type", "BRANCH")
    );
    assert_eq!(
        params(pipelines, eq("target_selector_type", "custom")),
        pair("target.selector.type", "CUSTOM")
    );
    assert_eq!(
        params(pipelines, eq("branch", "main")),
        pair("target.branch", "main")
    );
    // No word of the API's means these: the engine filters.
    for (column, value) in [
        ("result", "EXPIRED"),
        ("result", "PASSED"),
        ("target_ref_type", "named_branch"),
        ("target_ref_type", "tag"),
        ("target_ref_type", "BRANCH"),
        ("trigger_type", "SCHEDULED"),
        ("state", "COMPLETED"),
    ] {
        assert_eq!(
            bbql::pushdown(pipelines, &eq(column, value)),
            Pushdown::Unsupported,
            "{column} = {value}"
        );
    }
    let prs = &pull_requests::PULL_REQUESTS.table;
    assert_eq!(
        bbql::pushdown(prs, &any_of("state", &["OPEN", "DRAFT"])),
        Pushdown::Unsupported
    );
    assert_eq!(params(prs, any_of("state", &["OPEN", "MERGED"])).len(), 2);
}

#[test]
fn bbql_sends_only_a_fields_documented_values() {
    let issues = &issues::ISSUES.table;
    let plan = bbql::plan(issues, &[eq("state", "on hold")]);
    assert_eq!(plan.q.as_deref(), Some(r#"state = "on hold""#));
    for predicate in [
        eq("state", "On Hold"),
        any_of("kind", &["bug", "feature"]),
        Predicate::Like {
            column: "priority".into(),
            pattern: "%maj%".into(),
            negated: false,
            case_insensitive: false,
        },
    ] {
        assert_eq!(
            bbql::pushdown(issues, &predicate),
            Pushdown::Unsupported,
            "{predicate:?}"
        );
    }
    assert_eq!(
        bbql::pushdown(issues, &any_of("kind", &["bug", "task"])),
        Pushdown::Exact
    );
}

/// The list paths whose swagger entry documents neither `q` nor `sort`
/// filter nothing through BBQL.
#[test]
fn no_query_goes_where_the_api_documents_none() {
    for table in [
        &workspace::PROJECTS.table,
        &issues::COMPONENTS.table,
        &issues::MILESTONES.table,
        &issues::VERSIONS.table,
        &pipelines::PIPELINES.table,
        &pipelines::PIPELINE_STEPS.table,
        &commits::COMMITS.table,
        &deployments::DEPLOYMENTS.table,
        &deployments::ENVIRONMENTS.table,
        &settings::BRANCH_RESTRICTIONS.table,
        &settings::DEFAULT_REVIEWERS.table,
        &settings::DOWNLOADS.table,
        &pull_requests::PULL_REQUEST_ACTIVITY.table,
        &pull_requests::PULL_REQUEST_COMMITS.table,
        &workspace::WEBHOOKS.table,
    ] {
        for column in table.columns {
            assert!(
                !matches!(column.filter, Filter::Query(_)),
                "{}.{}",
                table.name,
                column.name
            );
        }
    }
}

#[test]
fn option_columns_are_sent_and_filled_with_the_value_sent() {
    let commits = &commits::COMMITS.table;
    let plan = bbql::plan(commits, &[eq("include", "main"), eq("path", "src/")]);
    assert_eq!(
        plan.params,
        vec![
            ("include".to_string(), "main".to_string()),
            ("path".to_string(), "src/".to_string())
        ]
    );
    assert_eq!(
        options(commits, &plan.params),
        vec![
            ("$include", serde_json::json!("main")),
            ("$path", serde_json::json!("src/"))
        ]
    );
    // Two branches at once are not one value to fill in: the engine filters.
    assert_eq!(
        bbql::pushdown(commits, &any_of("include", &["main", "develop"])),
        Pushdown::Unsupported
    );
    let repositories = &workspace::REPOSITORIES.table;
    assert_eq!(
        params(repositories, eq("role", "admin")),
        pair("role", "admin")
    );
    assert_eq!(
        bbql::pushdown(repositories, &eq("role", "collaborator")),
        Pushdown::Unsupported
    );
    for listing in LISTINGS {
        for column in listing.table.columns {
            if column.json_path().starts_with('$') && column.filter != Filter::Parent {
                assert!(
                    matches!(column.filter, Filter::Equals(_)),
                    "{}.{}",
                    listing.table.name,
                    column.name
                );
            }
        }
    }
}

#[test]
fn one_parent_and_the_pipelines_sort_are_ordered_by_the_api() {
    use crate::table::OrderBy;
    let b = open(&[("Workspace", "acme"), ("User", "a@b.c"), ("APIToken", "t")]).unwrap();
    let by = |column: &str| {
        vec![OrderBy {
            column: column.into(),
            descending: true,
        }]
    };
    let comments = &pull_requests::PULL_REQUEST_COMMENTS.table;
    let one = Predicate::compare(
        "pull_request_id",
        crate::table::CmpOp::Eq,
        crate::table::Value::Int(5),
    );
    assert_eq!(
        b.ordering("widgets", comments, &[one], &by("created_on")),
        Pushdown::Exact
    );
    assert_eq!(
        b.ordering("widgets", comments, &[], &by("created_on")),
        Pushdown::Unsupported
    );
    let pipelines = &pipelines::PIPELINES.table;
    assert_eq!(
        b.ordering("widgets", pipelines, &[], &by("created_on")),
        Pushdown::Exact
    );
    assert_eq!(
        bbql::pushdown(
            pipelines,
            &Predicate::compare(
                "created_on",
                crate::table::CmpOp::Gt,
                crate::table::Value::Timestamp(0)
            )
        ),
        Pushdown::Unsupported
    );
}
#[test]
fn options_are_sent_as_parameters_and_shown_on_every_row() {
    use crate::table::{CmpOp, Value};
    use serde_json::json;
    let table = &commits::COMMIT_DIFFSTAT.table;
    let filters = [
        Predicate::compare("topic", CmpOp::Eq, Value::Bool(true)),
        // `renames = false` reaches providers as `NOT (renames = true)`.
        Predicate::Not(Box::new(Predicate::compare(
            "renames",
            CmpOp::Eq,
            Value::Bool(true),
        ))),
        Predicate::compare("path", CmpOp::Eq, Value::Text("src/lib.rs".into())),
    ];
    for filter in &filters {
        assert_eq!(bbql::pushdown(table, filter), Pushdown::Exact, "{filter:?}");
    }
    let plan = bbql::plan(table, &filters);
    let sent = |k: &str, v: &str| (k.to_string(), v.to_string());
    assert_eq!(
        plan.params,
        [
            sent("topic", "true"),
            sent("renames", "false"),
            sent("path", "src/lib.rs")
        ]
    );
    assert_eq!(plan.q, None);
    assert_eq!(
        options(table, &plan.params),
        [
            ("$path", json!("src/lib.rs")),
            ("$renames", json!(false)),
            ("$topic", json!(true))
        ]
    );
    // A field filtered by a plain parameter is no option: its rows carry it.
    let pipelines = &pipelines::PIPELINES.table;
    assert!(options(pipelines, &[sent("status", "FAILED")]).is_empty());
}

#[test]
fn a_users_pull_requests_need_the_user_and_are_sorted_by_the_api_one_user_at_a_time() {
    use crate::table::{CmpOp, OrderBy, Value};
    let b = open(&[
        ("Workspace", "acme"),
        ("User", "a@b.c"),
        ("APIToken", "t"),
        // Nothing listens here: the scan must fail before any request.
        ("BaseURL", "http://127.0.0.1:9/2.0"),
    ])
    .unwrap();
    let table = &pull_requests::USER_PULL_REQUESTS.table;
    assert!(names(b.tables("information")).contains(&"user_pull_requests"));
    let stream = b
        .scan("information", table, ScanRequest::default())
        .unwrap();
    let got: Vec<Result<RecordBatch>> = crate::runtime::runtime()
        .unwrap()
        .block_on(stream.collect());
    let [Err(Error::MissingFilter(message))] = got.as_slice() else {
        panic!("{got:?}");
    };
    assert_eq!(
        message,
        "table user_pull_requests cannot be read without a filter the API requires: \
         add WHERE selected_user = '...'"
    );
    let user = Predicate::compare("selected_user", CmpOp::Eq, Value::Text("{u}".into()));
    assert_eq!(bbql::pushdown(table, &user), Pushdown::Exact);
    assert_eq!(
        bbql::plan(table, std::slice::from_ref(&user)).parent_ids,
        Some(vec!["{u}".to_string()])
    );
    // One user's list is sorted by the API; several users' lists would
    // only be concatenated.
    let newest = [OrderBy {
        column: "created_on".into(),
        descending: true,
    }];
    assert_eq!(
        b.ordering("information", table, std::slice::from_ref(&user), &newest),
        Pushdown::Exact
    );
    let users = Predicate::InList {
        column: "selected_user".into(),
        values: vec![Value::Text("{u}".into()), Value::Text("{v}".into())],
        negated: false,
    };
    assert_eq!(
        b.ordering("information", table, &[users], &newest),
        Pushdown::Unsupported
    );
}

#[test]
fn a_grandchild_names_its_parents_and_their_parents_apart() {
    use crate::table::{CmpOp, Value};
    let table = &commits::REPORT_ANNOTATIONS.table;
    let plan = bbql::plan(
        table,
        &[
            Predicate::compare("commit_hash", CmpOp::Eq, Value::Text("abc".into())),
            Predicate::compare("report_uuid", CmpOp::Eq, Value::Text("{r}".into())),
        ],
    );
    assert_eq!(plan.ancestor_ids, Some(vec!["abc".to_string()]));
    assert_eq!(plan.parent_ids, Some(vec!["{r}".to_string()]));
    assert!(!plan.empty);
}
