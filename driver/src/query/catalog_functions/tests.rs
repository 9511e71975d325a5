use std::sync::Arc;
use std::time::Duration;

use arrow::array::{Array, AsArray};
use arrow::datatypes::{DataType, Field, Int16Type, Int32Type, Schema};
use tokio_util::sync::CancellationToken;

use super::shapes::TYPE_INFO;
use super::sources::ProcedureInfo;
use super::*;
use crate::convert::types::{LONG_SIZE, MAX_VARCHAR_SIZE, SqlType, code};
use crate::query::fake::Fake;
use crate::query::fake::catalog::{CUSTOMERS, EVENTS};
use crate::query::{Session, system_tables};

fn login() -> ProcedureInfo {
    let result = Schema::new(vec![
        Field::new("expires_in", DataType::Int64, false),
        Field::new("oauth_access_token", DataType::Utf8, false),
    ]);
    ProcedureInfo::new(
        "GetOAuthAccessToken",
        "Exchanges a code for a token.",
        [("verifier", "The code.", DataType::Utf8, false)],
        &result,
    )
}

fn session() -> Session {
    let provider = Arc::new(Fake::for_catalog_functions());
    Session::new(provider, apiodbc_providers::Properties::default(), None).unwrap()
}

#[test]
fn system_tables_come_from_the_planner_with_remarks() {
    let sources = Sources::of(&session());
    assert_eq!(sources.system_schema, "main");
    let names: Vec<_> = sources.system_tables.iter().map(|t| t.name).collect();
    assert_eq!(names, system_tables::names().collect::<Vec<_>>());
    assert_eq!(names.len(), 6);
    for t in &sources.system_tables {
        assert!(!t.description.is_empty(), "{} has no remarks", t.name);
        assert!(t.schema.fields().len() >= 2, "{}", t.name);
    }
    assert!(names.contains(&"sys_connection_props"));
}

fn sources() -> Sources {
    let mut sources = Sources::of(&session());
    sources.procedures = vec![login()];
    sources
}

fn control() -> Control {
    Control::new(CancellationToken::new(), Duration::ZERO)
}

fn with<R>(version: i32, metadata_id: bool, f: impl FnOnce(&CatalogFunctions, &Fake) -> R) -> R {
    let fake = Fake::for_catalog_functions();
    let control = control();
    let sources = sources();
    let catalog = CatalogFunctions::new(&fake, &control, version, metadata_id, &sources);
    f(&catalog, &fake)
}

/// Cell `(row, column)` as text; NULL as "NULL".
fn cell(b: &RecordBatch, row: usize, col: &str) -> String {
    let a = b
        .column_by_name(col)
        .unwrap_or_else(|| panic!("no column {col}"));
    if a.is_null(row) {
        return "NULL".into();
    }
    match a.data_type() {
        DataType::Utf8 => a.as_string::<i32>().value(row).to_string(),
        DataType::Int16 => a.as_primitive::<Int16Type>().value(row).to_string(),
        DataType::Int32 => a.as_primitive::<Int32Type>().value(row).to_string(),
        t => panic!("unexpected {t}"),
    }
}

fn column(b: &RecordBatch, col: &str) -> Vec<String> {
    (0..b.num_rows()).map(|r| cell(b, r, col)).collect()
}

fn names(b: &RecordBatch) -> Vec<String> {
    b.schema()
        .fields()
        .iter()
        .map(|f| f.name().clone())
        .collect()
}

#[test]
fn patterns_match_with_wildcards_and_escapes() {
    let p = |s: &str| Name::pattern(Some(s), false, "x").unwrap();
    assert!(p("cust%").matches("customers"));
    assert!(p("%").matches(""));
    assert!(p("c_stomers").matches("customers"));
    assert!(!p("c_stomers").matches("cstomers"));
    assert!(p("%_ids").matches("customer_ids"));
    assert!(p("customer\\_ids").matches("customer_ids"));
    assert!(!p("customer\\_ids").matches("customerXids"));
    assert!(p("customer_ids").matches("customerXids"), "_ is a wildcard");
    assert!(p("100\\%").matches("100%"));
    assert!(!p("100\\%").matches("1000"));
    assert!(p("CUST%").matches("customers"), "case-insensitive");
    assert!(p("%s%s").matches("customers"));
    assert!(!p("%x%").matches("customers"));
    assert!(!p("").matches("customers"));
    assert_eq!(p("a\\_b").literal().as_deref(), Some("a_b"));
    assert_eq!(p("Charges").literal().as_deref(), Some("charges"));
    assert_eq!(p("ch%").literal(), None);
    assert_eq!(Name::pattern(None, false, "x").unwrap(), Name::All);
}

#[test]
fn metadata_id_makes_arguments_identifiers() {
    let id = |s: &str| Name::pattern(Some(s), true, "TableName").unwrap();
    assert!(id("CUSTOMERS").matches("customers"));
    assert!(!id("cust%").matches("customers"), "no wildcards");
    assert!(id("\"customers\"").matches("customers"));
    assert!(!id("\"Customers\"").matches("customers"), "quoted is exact");
    assert!(id("customers   ").matches("customers"));
    let err = Name::pattern(None, true, "TableName").unwrap_err();
    assert_eq!(err.state, "HY009");
    with(3, true, |c, _| {
        let b = c
            .tables(Some("fake"), Some("MAIN"), Some("Customers"), None)
            .unwrap();
        assert_eq!(column(&b, "TABLE_NAME"), ["customers"]);
        let b = c
            .tables(Some("fake"), Some("main"), Some("cust%"), None)
            .unwrap();
        assert_eq!(b.num_rows(), 0);
    });
}

#[test]
fn tables_lists_tables_and_system_tables_in_order() {
    with(3, false, |c, _| {
        let b = c.tables(None, None, None, None).unwrap();
        assert_eq!(
            names(&b),
            [
                "TABLE_CAT",
                "TABLE_SCHEM",
                "TABLE_NAME",
                "TABLE_TYPE",
                "REMARKS"
            ]
        );
        let types = column(&b, "TABLE_TYPE");
        let n_sys = sources().system_tables.len();
        assert_eq!(b.num_rows(), n_sys + 3);
        assert!(types[..n_sys].iter().all(|t| t == SYSTEM_TABLE));
        assert!(types[n_sys..].iter().all(|t| t == TABLE));
        let tables: Vec<_> = column(&b, "TABLE_NAME")[n_sys..].to_vec();
        assert_eq!(tables, ["customer_ids", "customers", "events"]);
        assert_eq!(
            column(&b, "TABLE_SCHEM")[n_sys..],
            ["main", "main", "other"]
        );
        assert!(column(&b, "TABLE_CAT").iter().all(|c| c == "fake"));
        assert_eq!(cell(&b, n_sys + 1, "REMARKS"), "People who pay.");
        assert_eq!(cell(&b, n_sys, "REMARKS"), "NULL");
        let sys: Vec<_> = column(&b, "TABLE_NAME")[..n_sys].to_vec();
        let mut expected: Vec<_> = sources().system_tables.iter().map(|t| t.name).collect();
        expected.sort();
        assert_eq!(sys, expected);
        assert!(
            column(&b, "TABLE_SCHEM")[..n_sys]
                .iter()
                .all(|s| s == "main")
        );
    });
}

#[test]
fn tables_filters_by_type_lists() {
    with(3, false, |c, fake| {
        for list in ["'TABLE','VIEW'", "TABLE", " 'table' ", "VIEW,TABLE"] {
            let b = c.tables(None, None, Some("%"), Some(list)).unwrap();
            assert_eq!(
                column(&b, "TABLE_NAME"),
                ["customer_ids", "customers", "events"],
                "{list}"
            );
        }
        let b = c.tables(None, None, None, Some("'VIEW'")).unwrap();
        assert_eq!(b.num_rows(), 0);
        let before = *fake.schema_listings.lock();
        let b = c.tables(None, None, None, Some("'SYSTEM TABLE'")).unwrap();
        assert_eq!(b.num_rows(), sources().system_tables.len());
        assert_eq!(
            *fake.schema_listings.lock(),
            before,
            "system tables need no schema listing"
        );
        let b = c.tables(None, None, Some("sys_tables"), Some("%")).unwrap();
        assert_eq!(column(&b, "TABLE_TYPE"), [SYSTEM_TABLE]);
    });
}

#[test]
fn special_cases_list_catalogs_schemas_and_types() {
    with(3, false, |c, _| {
        let b = c.tables(Some("%"), Some(""), Some(""), None).unwrap();
        assert_eq!(column(&b, "TABLE_CAT"), ["alpha", "fake", "zeta"]);
        assert!(column(&b, "TABLE_SCHEM").iter().all(|s| s == "NULL"));
        assert!(column(&b, "TABLE_NAME").iter().all(|s| s == "NULL"));

        let b = c.tables(Some(""), Some("%"), Some(""), None).unwrap();
        assert_eq!(column(&b, "TABLE_SCHEM"), ["main", "other"]);
        assert!(column(&b, "TABLE_CAT").iter().all(|s| s == "NULL"));
        assert!(column(&b, "TABLE_TYPE").iter().all(|s| s == "NULL"));

        let b = c.tables(Some(""), Some(""), Some(""), Some("%")).unwrap();
        assert_eq!(column(&b, "TABLE_TYPE"), ["SYSTEM TABLE", "TABLE"]);
        assert!(column(&b, "TABLE_NAME").iter().all(|s| s == "NULL"));

        // Schemas of one catalog (what Tableau asks after choosing a catalog).
        let b = c.tables(Some("fake"), Some("%"), Some(""), None).unwrap();
        assert_eq!(column(&b, "TABLE_SCHEM"), ["main", "other"]);
        assert_eq!(column(&b, "TABLE_CAT"), ["fake", "fake"]);
        let b = c.tables(Some("nope"), Some("%"), Some(""), None).unwrap();
        assert_eq!(b.num_rows(), 0);
        let b = c.tables(Some("f%"), Some(""), Some(""), None).unwrap();
        assert_eq!(column(&b, "TABLE_CAT"), ["fake"]);

        // "" as a table name matches no table.
        let b = c.tables(None, None, Some(""), None).unwrap();
        assert_eq!(b.num_rows(), 0);
    });
}

#[test]
fn a_plain_schema_name_costs_no_listing() {
    with(3, false, |c, fake| {
        let b = c.tables(None, Some("other"), None, None).unwrap();
        assert_eq!(column(&b, "TABLE_NAME"), ["events"]);
        let b = c
            .columns(None, Some("main"), Some("customers"), None)
            .unwrap();
        assert_eq!(b.num_rows(), CUSTOMERS.columns.len());
        assert_eq!(*fake.schema_listings.lock(), 0);
        c.tables(None, Some("m%"), None, None).unwrap();
        assert_eq!(*fake.schema_listings.lock(), 1);
        let b = c.tables(Some("other_catalog"), None, None, None).unwrap();
        assert_eq!(b.num_rows(), 0);
    });
}

#[test]
fn columns_report_what_the_type_mapping_reports() {
    with(3, false, |c, _| {
        let b = c.columns(None, None, Some("customers"), None).unwrap();
        assert_eq!(
            names(&b),
            [
                "TABLE_CAT",
                "TABLE_SCHEM",
                "TABLE_NAME",
                "COLUMN_NAME",
                "DATA_TYPE",
                "TYPE_NAME",
                "COLUMN_SIZE",
                "BUFFER_LENGTH",
                "DECIMAL_DIGITS",
                "NUM_PREC_RADIX",
                "NULLABLE",
                "REMARKS",
                "COLUMN_DEF",
                "SQL_DATA_TYPE",
                "SQL_DATETIME_SUB",
                "CHAR_OCTET_LENGTH",
                "ORDINAL_POSITION",
                "IS_NULLABLE"
            ]
        );
        let nullability: Vec<bool> = b
            .schema()
            .fields()
            .iter()
            .map(|f| f.is_nullable())
            .collect();
        assert_eq!(
            nullability,
            [
                true, true, false, false, false, false, true, true, true, true, false, true, true,
                false, true, true, false, true
            ]
        );
        let schema = CUSTOMERS.schema();
        assert_eq!(b.num_rows(), schema.fields().len());
        for (i, field) in schema.fields().iter().enumerate() {
            let t = SqlType::of(field);
            assert_eq!(cell(&b, i, "COLUMN_NAME"), *field.name());
            assert_eq!(cell(&b, i, "DATA_TYPE"), t.concise.to_string());
            assert_eq!(cell(&b, i, "TYPE_NAME"), t.type_name);
            assert_eq!(cell(&b, i, "COLUMN_SIZE"), t.column_size.to_string());
            assert_eq!(cell(&b, i, "BUFFER_LENGTH"), t.octet_length.to_string());
            assert_eq!(cell(&b, i, "SQL_DATA_TYPE"), t.verbose.to_string());
            assert_eq!(
                cell(&b, i, "NULLABLE"),
                i16::from(field.is_nullable()).to_string()
            );
            assert_eq!(
                cell(&b, i, "IS_NULLABLE"),
                if field.is_nullable() { "YES" } else { "NO" }
            );
            assert_eq!(cell(&b, i, "ORDINAL_POSITION"), (i + 1).to_string());
        }
        // id: text with its declared size, description as REMARKS.
        assert_eq!(cell(&b, 0, "DATA_TYPE"), code::WVARCHAR.to_string());
        assert_eq!(cell(&b, 0, "COLUMN_SIZE"), "255");
        assert_eq!(cell(&b, 0, "DECIMAL_DIGITS"), "NULL");
        assert_eq!(cell(&b, 0, "NUM_PREC_RADIX"), "NULL");
        assert_eq!(cell(&b, 0, "CHAR_OCTET_LENGTH"), "1020");
        assert_eq!(cell(&b, 0, "REMARKS"), "Unique identifier.");
        // balance: BIGINT, exact, radix 10.
        assert_eq!(cell(&b, 2, "TYPE_NAME"), "BIGINT");
        assert_eq!(cell(&b, 2, "DECIMAL_DIGITS"), "0");
        assert_eq!(cell(&b, 2, "NUM_PREC_RADIX"), "10");
        assert_eq!(cell(&b, 2, "CHAR_OCTET_LENGTH"), "NULL");
        // created: TYPE_TIMESTAMP with microseconds, datetime subcode 3.
        assert_eq!(cell(&b, 3, "DATA_TYPE"), "93");
        assert_eq!(cell(&b, 3, "SQL_DATA_TYPE"), "9");
        assert_eq!(cell(&b, 3, "SQL_DATETIME_SUB"), "3");
        assert_eq!(cell(&b, 3, "DECIMAL_DIGITS"), "6");
        // born: DATE, no description.
        assert_eq!(cell(&b, 4, "DATA_TYPE"), "91");
        assert_eq!(cell(&b, 4, "SQL_DATETIME_SUB"), "1");
        assert_eq!(cell(&b, 4, "REMARKS"), "NULL");
        // rate: DOUBLE, floating point.
        assert_eq!(cell(&b, 5, "NUM_PREC_RADIX"), "10");
        assert_eq!(cell(&b, 5, "DECIMAL_DIGITS"), "NULL");

        let b = c
            .columns(Some("fake"), Some("%"), Some("%"), Some("id"))
            .unwrap();
        assert_eq!(column(&b, "TABLE_NAME"), ["customer_ids", "customers"]);
        let b = c.columns(None, None, Some("sys_tables"), None).unwrap();
        assert_eq!(b.num_rows(), 5);
        assert_eq!(column(&b, "TABLE_SCHEM")[0], "main");
    });
}

#[test]
fn odbc2_applications_get_odbc2_codes_and_names() {
    with(2, false, |c, _| {
        let b = c
            .columns(None, None, Some("customers"), Some("created"))
            .unwrap();
        assert_eq!(names(&b)[..2], ["TABLE_QUALIFIER", "TABLE_OWNER"]);
        assert_eq!(names(&b)[6..10], ["PRECISION", "LENGTH", "SCALE", "RADIX"]);
        assert_eq!(cell(&b, 0, "DATA_TYPE"), "11");
        let b = type_info(0, 2).unwrap();
        assert!(names(&b).contains(&"MONEY".to_string()));
        let codes: Vec<i16> = column(&b, "DATA_TYPE")
            .iter()
            .map(|s| s.parse().unwrap())
            .collect();
        assert!(codes.contains(&9) && codes.contains(&11));
        assert!(!codes.contains(&91));
        assert_eq!(type_info(91, 2).unwrap().num_rows(), 1);
    });
}

#[test]
fn keys_statistics_and_special_columns_name_id() {
    with(3, false, |c, _| {
        let b = c.primary_keys(None, None, Some("customers")).unwrap();
        assert_eq!(
            names(&b),
            [
                "TABLE_CAT",
                "TABLE_SCHEM",
                "TABLE_NAME",
                "COLUMN_NAME",
                "KEY_SEQ",
                "PK_NAME"
            ]
        );
        assert_eq!(column(&b, "COLUMN_NAME"), ["id"]);
        assert_eq!(column(&b, "KEY_SEQ"), ["1"]);
        assert_eq!(column(&b, "PK_NAME"), ["customers_pkey"]);
        assert_eq!(
            c.primary_keys(None, None, Some("events"))
                .unwrap()
                .num_rows(),
            0
        );
        assert_eq!(c.primary_keys(None, None, None).unwrap_err().state, "HY009");
        assert_eq!(
            c.primary_keys(None, None, Some("cust%"))
                .unwrap()
                .num_rows(),
            0,
            "an ordinary argument is no pattern"
        );

        let b = c.statistics(None, None, Some("customers"), 0, 0).unwrap();
        assert_eq!(b.num_columns(), 13);
        assert_eq!(column(&b, "TYPE"), ["0", "3"]);
        assert_eq!(column(&b, "NON_UNIQUE"), ["NULL", "0"]);
        assert_eq!(column(&b, "INDEX_NAME"), ["NULL", "customers_pkey"]);
        assert_eq!(column(&b, "COLUMN_NAME"), ["NULL", "id"]);
        assert_eq!(
            c.statistics(None, None, Some("events"), 1, 1)
                .unwrap()
                .num_rows(),
            0
        );
        assert_eq!(
            c.statistics(None, None, Some("customers"), 7, 0)
                .unwrap_err()
                .state,
            "HY100"
        );

        let b = c
            .special_columns(1, None, None, Some("customers"), 0, 1)
            .unwrap();
        assert_eq!(b.num_columns(), 8);
        assert_eq!(column(&b, "COLUMN_NAME"), ["id"]);
        assert_eq!(column(&b, "SCOPE"), ["2"]);
        assert_eq!(column(&b, "DATA_TYPE"), [code::WVARCHAR.to_string()]);
        assert_eq!(column(&b, "PSEUDO_COLUMN"), ["1"]);
        let b = c
            .special_columns(2, None, None, Some("customers"), 0, 1)
            .unwrap();
        assert_eq!(b.num_rows(), 0, "no row version column");
        let b = c
            .special_columns(1, None, None, Some("customer_ids"), 0, 0)
            .unwrap();
        assert_eq!(b.num_rows(), 0, "nullable id excluded under SQL_NO_NULLS");
        assert_eq!(
            c.special_columns(3, None, None, Some("customers"), 0, 1)
                .unwrap_err()
                .state,
            "HY097"
        );

        let b = c
            .foreign_keys(None, None, Some("customers"), None, None, None)
            .unwrap();
        assert_eq!((b.num_rows(), b.num_columns()), (0, 14));
        assert_eq!(names(&b)[13], "DEFERRABILITY");
        assert_eq!(
            c.foreign_keys(None, None, None, None, None, None)
                .unwrap_err()
                .state,
            "HY009"
        );
    });
}

#[test]
fn privileges_grant_select() {
    with(3, false, |c, _| {
        let b = c.table_privileges(None, None, Some("cust%")).unwrap();
        assert_eq!(b.num_columns(), 7);
        assert_eq!(column(&b, "TABLE_NAME"), ["customer_ids", "customers"]);
        assert!(column(&b, "PRIVILEGE").iter().all(|p| p == "SELECT"));
        assert!(column(&b, "GRANTEE").iter().all(|p| p == GRANTEE));
        let b = c
            .column_privileges(None, None, Some("customers"), Some("%e%"))
            .unwrap();
        assert_eq!(b.num_columns(), 8);
        assert_eq!(
            column(&b, "COLUMN_NAME"),
            [
                "balance", "created", "email", "livemode", "metadata", "rate"
            ]
        );
    });
}

#[test]
fn procedures_come_from_the_list() {
    with(3, false, |c, _| {
        let b = c.procedures(None, None, None).unwrap();
        assert_eq!(b.num_columns(), 8);
        assert_eq!(column(&b, "PROCEDURE_NAME"), ["GetOAuthAccessToken"]);
        assert_eq!(column(&b, "PROCEDURE_SCHEM"), ["main"]);
        assert_eq!(column(&b, "PROCEDURE_TYPE"), ["1"]);
        assert_eq!(
            c.procedures(None, Some("other"), None).unwrap().num_rows(),
            0
        );
        let b = c
            .procedure_columns(None, None, Some("getoauth%"), None)
            .unwrap();
        assert_eq!(b.num_columns(), 19);
        assert_eq!(
            column(&b, "COLUMN_NAME"),
            ["verifier", "expires_in", "oauth_access_token"]
        );
        assert_eq!(column(&b, "COLUMN_TYPE"), ["1", "3", "3"]);
        assert_eq!(column(&b, "ORDINAL_POSITION"), ["1", "1", "2"]);
        // Text without a declared size, input or result, is long.
        assert_eq!(column(&b, "TYPE_NAME"), ["TEXT", "BIGINT", "TEXT"]);
    });
    // A real session lists the registry: the OAuth and the cache procedures.
    let fake = Fake::for_catalog_functions();
    let control = control();
    let registry = Sources::of(&session());
    let listed = CatalogFunctions::new(&fake, &control, 3, false, &registry);
    let b = listed.procedures(None, None, None).unwrap();
    assert_eq!(
        column(&b, "PROCEDURE_NAME"),
        [
            "ClearCache",
            "GetOAuthAccessToken",
            "GetOAuthAuthorizationURL",
            "RefreshCache",
            "RefreshOAuthAccessToken"
        ]
    );
    let b = listed
        .procedure_columns(None, None, Some("GetOAuthAccessToken"), None)
        .unwrap();
    let mut named: Vec<_> = column(&b, "COLUMN_NAME")
        .into_iter()
        .zip(column(&b, "COLUMN_TYPE"))
        .collect();
    named.sort();
    assert_eq!(
        named,
        [
            ("AuthMode".to_string(), "1".to_string()),
            ("CallbackURL".into(), "1".into()),
            ("ExpiresIn".into(), "3".into()),
            ("OAuthAccessToken".into(), "3".into()),
            ("OAuthRefreshToken".into(), "3".into()),
            ("Verifier".into(), "1".into()),
        ]
    );
}

#[test]
fn type_info_is_ordered_and_agrees_with_the_mapping() {
    let b = type_info(0, 3).unwrap();
    assert_eq!(b.num_columns(), 19);
    assert_eq!(names(&b)[18], "INTERVAL_PRECISION");
    let codes: Vec<i16> = column(&b, "DATA_TYPE")
        .iter()
        .map(|s| s.parse().unwrap())
        .collect();
    let mut sorted = codes.clone();
    sorted.sort();
    assert_eq!(codes, sorted, "ordered by DATA_TYPE");
    assert_eq!(
        column(&b, "TYPE_NAME"),
        [
            "TEXT",
            "VARCHAR",
            "CHAR",
            "BOOLEAN",
            "TINYINT",
            "BIGINT",
            "VARBINARY",
            "TEXT",
            "CHAR",
            "NUMERIC",
            "DECIMAL",
            "INTEGER",
            "SMALLINT",
            "DOUBLE PRECISION",
            "REAL",
            "DOUBLE",
            "VARCHAR",
            "DATE",
            "TIMESTAMP"
        ]
    );
    // Every type a column can have is listed, with the same name.
    let schemas = [CUSTOMERS.schema(), EVENTS.schema()]
        .into_iter()
        .chain(sources().system_tables.into_iter().map(|t| t.schema));
    for schema in schemas {
        for field in schema.fields() {
            let t = SqlType::of(field);
            let row = codes.iter().position(|c| *c == t.concise).unwrap();
            assert_eq!(cell(&b, row, "TYPE_NAME"), t.type_name);
            assert_eq!(cell(&b, row, "SQL_DATA_TYPE"), t.verbose.to_string());
        }
    }
    let b = type_info(code::BIGINT, 3).unwrap();
    assert_eq!(column(&b, "TYPE_NAME"), ["BIGINT"]);
    assert_eq!(column(&b, "NUM_PREC_RADIX"), ["10"]);
    assert_eq!(column(&b, "UNSIGNED_ATTRIBUTE"), ["0"]);
    let b = type_info(code::TYPE_TIMESTAMP, 3).unwrap();
    assert_eq!(column(&b, "LITERAL_PREFIX"), ["TIMESTAMP '"]);
    assert_eq!(column(&b, "SQL_DATETIME_SUB"), ["3"]);
    assert_eq!(column(&b, "MAXIMUM_SCALE"), ["6"]);
    assert_eq!(column(&b, "UNSIGNED_ATTRIBUTE"), ["NULL"]);
    for (concise, size, params) in [
        (code::CHAR, MAX_VARCHAR_SIZE, "max length"),
        (code::VARCHAR, MAX_VARCHAR_SIZE, "max length"),
        (code::LONGVARCHAR, LONG_SIZE, "NULL"),
        (code::WCHAR, MAX_VARCHAR_SIZE, "max length"),
        (code::WVARCHAR, MAX_VARCHAR_SIZE, "max length"),
        (code::WLONGVARCHAR, LONG_SIZE, "NULL"),
    ] {
        let b = type_info(concise, 3).unwrap();
        assert_eq!(column(&b, "COLUMN_SIZE"), [size.to_string()], "{concise}");
        assert_eq!(column(&b, "SEARCHABLE"), ["3"]);
        assert_eq!(column(&b, "CASE_SENSITIVE"), ["1"]);
        assert_eq!(column(&b, "LITERAL_PREFIX"), ["'"]);
        assert_eq!(column(&b, "CREATE_PARAMS"), [params]);
    }
    // Types a parameter may be bound as besides those a result has.
    let b = type_info(code::NUMERIC, 3).unwrap();
    assert_eq!(column(&b, "TYPE_NAME"), ["NUMERIC"]);
    assert_eq!(column(&b, "CREATE_PARAMS"), ["precision,scale"]);
    assert_eq!(column(&b, "MAXIMUM_SCALE"), ["38"]);
    let b = type_info(code::FLOAT, 3).unwrap();
    assert_eq!(column(&b, "TYPE_NAME"), ["DOUBLE PRECISION"]);
    assert_eq!(column(&b, "COLUMN_SIZE"), ["15"]);
    assert_eq!(column(&b, "MINIMUM_SCALE"), ["NULL"]);
    assert_eq!(type_info(-4, 3).unwrap().num_rows(), 0);
}

#[test]
fn result_shapes_follow_the_spec() {
    for (cols, n) in [
        (TABLES, 5),
        (COLUMNS, 18),
        (PRIMARY_KEYS, 6),
        (FOREIGN_KEYS, 14),
        (STATISTICS, 13),
        (SPECIAL_COLUMNS, 8),
        (PROCEDURES_SHAPE, 8),
        (PROCEDURE_COLUMNS, 19),
        (TABLE_PRIVILEGES, 7),
        (COLUMN_PRIVILEGES, 8),
        (TYPE_INFO, 19),
    ] {
        assert_eq!(cols.len(), n);
        let b = batch(cols, 3, Vec::new()).unwrap();
        assert_eq!(b.num_columns(), n);
        for f in b.schema().fields() {
            let t = SqlType::of(f);
            assert!(
                matches!(t.concise, code::WVARCHAR | code::SMALLINT | code::INTEGER),
                "{}",
                f.name()
            );
        }
    }
    assert!(
        result_set(batch(TABLES, 3, Vec::new()).unwrap())
            .schema()
            .fields()
            .len()
            == 5
    );
}
