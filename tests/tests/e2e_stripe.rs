//! End-to-end: the real driver, loaded by unixODBC, against the fake Stripe server,
//! with an `odbc-api` client (narrow entry points) and raw `SQL*W` calls (wide).
//!
//! Needs `cargo build -p apiodbc` first (same target dir and profile).

use std::collections::{BTreeMap, BTreeSet};

use apiodbc_tests::odbc::{
    self, ResultTable, closed_port_url, connect, connect_fake_stripe, datetime_text_to_unix,
    diagnostic_message, expect_sqlstate, fake_stripe_connection_string, odbc_timestamp_to_unix,
    query_text, sqlstate, stripe_connection_string, wide,
};
use apiodbc_tests::stripe_checks::{ids, sorted};
use apiodbc_tests::{FakeStripe, FakeStripeConfig};
use odbc_api::buffers::{BufferDesc, ColumnarDynBuffer};
use odbc_api::{Bit, Connection, Cursor, DataType, Nullability, ResultSetMetadata};
use serde_json::Value;

/// 2024-01-01T00:00:00Z
const JAN_2024: i64 = 1_704_067_200;

fn fake() -> FakeStripe {
    FakeStripe::start(FakeStripeConfig::sized(25, 250))
}

/// Connects, then clears the request log so only the statement's requests are counted.
fn connect_clean(fake: &FakeStripe) -> Connection<'static> {
    let conn = connect_fake_stripe(fake);
    fake.reset_log();
    conn
}

fn query(conn: &Connection<'_>, sql: &str) -> ResultTable {
    query_text(conn, sql).unwrap_or_else(|e| panic!("{sql}: {e}"))
}

fn str_of(v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

fn is_snake_case(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// Compares one text cell with the API value of the same field.
fn assert_cell(column: &str, data_type: DataType, cell: Option<&str>, expected: &Value, id: &str) {
    let context = format!("{id}.{column}");
    match expected {
        Value::Null => assert_eq!(cell, None, "{context}"),
        Value::Bool(b) => {
            let cell = cell.unwrap_or_else(|| panic!("{context} is NULL"));
            assert!(
                cell == if *b { "1" } else { "0" },
                "{context}: {cell:?} for {b}"
            );
        }
        Value::Number(n) if matches!(data_type, DataType::Timestamp { .. }) => {
            let cell = cell.unwrap_or_else(|| panic!("{context} is NULL"));
            assert_eq!(
                datetime_text_to_unix(cell),
                n.as_i64(),
                "{context}: {cell:?} is not UTC {n}"
            );
        }
        Value::Number(n) => assert_eq!(cell, Some(n.to_string().as_str()), "{context}"),
        Value::String(s) => assert_eq!(cell, Some(s.as_str()), "{context}"),
        Value::Object(_) | Value::Array(_) => {
            let cell = cell.unwrap_or_else(|| panic!("{context} is NULL"));
            let parsed: Value = serde_json::from_str(cell)
                .unwrap_or_else(|e| panic!("{context} is not JSON text ({e}): {cell:?}"));
            assert_eq!(&parsed, expected, "{context}");
        }
    }
}

/// Every column of `table` named like a top-level API field holds that field's value.
fn assert_rows_match(table: &ResultTable, objects: &[Value]) {
    let by_id: BTreeMap<&str, &Value> = objects
        .iter()
        .map(|o| (o["id"].as_str().unwrap(), o))
        .collect();
    let id_col = table.column_index("id");
    for row in &table.rows {
        let id = row[id_col].as_deref().expect("id is never NULL");
        let object = by_id
            .get(id)
            .unwrap_or_else(|| panic!("row {id} is not on the server"));
        for (i, column) in table.columns.iter().enumerate() {
            if let Some(expected) = object.get(column.as_str()) {
                let data_type = table.types.get(i).copied().unwrap_or_default();
                assert_cell(column, data_type, row[i].as_deref(), expected, id);
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Results

#[test]
fn customers_id_email_are_exactly_the_servers() {
    let fake = fake();
    let conn = connect_clean(&fake);
    let table = query(&conn, "SELECT id, email FROM customers");
    assert_eq!(table.columns, ["id", "email"]);
    let got: Vec<(Option<String>, Option<String>)> = table
        .rows
        .iter()
        .map(|r| (r[0].clone(), r[1].clone()))
        .collect();
    let expected: Vec<(Option<String>, Option<String>)> = fake
        .customers()
        .iter()
        .map(|c| (str_of(&c["id"]), str_of(&c["email"])))
        .collect();
    assert_eq!(sorted(got), sorted(expected));
    // 25 customers fit one page of 100.
    assert_eq!(fake.requests_to("/v1/customers").len(), 1);
    assert_eq!(fake.request_count(), 1);
}

#[test]
fn select_star_from_charges_returns_every_row_and_column() {
    let fake = fake();
    let conn = connect_clean(&fake);
    let table = query(&conn, "SELECT * FROM charges");
    assert_eq!(table.len(), 250);
    assert_eq!(
        sorted(
            table
                .column("id")
                .into_iter()
                .map(|s| s.unwrap().to_owned())
                .collect()
        ),
        sorted(ids(&fake.charges()))
    );
    for column in &table.columns {
        assert!(
            is_snake_case(column),
            "column name {column:?} is not snake_case"
        );
    }
    for column in [
        "id",
        "amount",
        "amount_captured",
        "amount_refunded",
        "captured",
        "created",
        "currency",
        "customer",
        "description",
        "disputed",
        "failure_code",
        "failure_message",
        "metadata",
        "paid",
        "payment_intent",
        "payment_method",
        "receipt_email",
        "refunded",
        "status",
        "transfer_group",
    ] {
        assert!(
            table.columns.iter().any(|c| c == column),
            "charges has no column {column}: {:?}",
            table.columns
        );
    }
    assert_rows_match(&table, &fake.charges());

    // Full scan: pages of 100, each following the previous one's last id.
    let requests = fake.requests();
    assert_eq!(requests.len(), 3, "{requests:#?}");
    assert!(
        requests
            .iter()
            .all(|r| r.path == "/v1/charges" && r.param("limit") == Some("100"))
    );
    assert_eq!(
        requests[2].param("starting_after"),
        fake.charges()[199]["id"].as_str()
    );
}

#[test]
fn unicode_text_through_the_narrow_path() {
    let fake = fake();
    let conn = connect_clean(&fake);
    let table = query(&conn, "SELECT id, name, description FROM customers");
    assert_rows_match(&table, &fake.customers());
    assert!(
        table.column("name").iter().flatten().any(|n| !n.is_ascii()),
        "test data should contain non-ASCII names"
    );
    let table = query(&conn, "SELECT id, description FROM charges");
    assert_rows_match(&table, &fake.charges());
}

#[test]
fn wide_entry_points() {
    let fake = fake();
    let conn = wide::WideConnection::connect(&fake_stripe_connection_string(&fake))
        .unwrap_or_else(|e| panic!("{e}"));
    let table = conn
        .query("SELECT id, name, email FROM customers")
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(table.columns, ["id", "name", "email"]);
    assert_eq!(table.len(), 25);
    assert_rows_match(&table, &fake.customers());

    let table = conn
        .query("SELECT id, description, currency, metadata FROM charges")
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(table.len(), 250);
    assert_rows_match(&table, &fake.charges());

    fake.reset_log();
    let columns = conn
        .prepare_describe("SELECT id, amount, created, paid FROM charges")
        .unwrap_or_else(|e| panic!("{e}"));
    let names: Vec<&str> = columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["id", "amount", "created", "paid"]);
    let types: Vec<i16> = columns.iter().map(|c| c.data_type).collect();
    // SQL_WVARCHAR, SQL_BIGINT, SQL_TYPE_TIMESTAMP, SQL_BIT
    assert_eq!(types, [-9, -5, 93, -7]);
    assert_eq!(fake.request_count(), 0, "prepare must not call the API");

    let error = conn.query("SELECT * FROM chargez").unwrap_err();
    assert_eq!(error.state, "42S02", "{error}");
}

#[test]
fn row_array_fetch_with_typed_buffers() {
    let fake = fake();
    let conn = connect_clean(&fake);
    let mut cursor = conn
        .execute(
            "SELECT id, amount, created, paid, amount_refunded FROM charges",
            (),
            None,
        )
        .expect("execute")
        .expect("a result set");
    let mut descs = Vec::new();
    for i in 1..=cursor.num_result_cols().unwrap() as u16 {
        let data_type = cursor.col_data_type(i).unwrap();
        let nullable = cursor.col_nullability(i).unwrap() != Nullability::NoNulls;
        descs.push(
            BufferDesc::from_data_type(data_type, nullable)
                .unwrap_or_else(|| panic!("column {i} has no fixed buffer type: {data_type:?}")),
        );
    }
    assert!(matches!(descs[0], BufferDesc::Text { .. }), "{descs:?}");
    assert!(
        matches!(descs[1], BufferDesc::I64 { .. }),
        "amount is BIGINT: {descs:?}"
    );
    assert!(
        matches!(descs[2], BufferDesc::Timestamp { .. }),
        "{descs:?}"
    );
    assert!(matches!(descs[3], BufferDesc::Bit { .. }), "{descs:?}");
    let nullable = |d: &BufferDesc| match d {
        BufferDesc::I64 { nullable }
        | BufferDesc::Timestamp { nullable }
        | BufferDesc::Bit { nullable } => *nullable,
        _ => true,
    };

    let buffer = ColumnarDynBuffer::from_descs(100, descs.clone());
    let mut block = cursor.bind_buffer(buffer).unwrap();
    let mut rows: BTreeMap<String, (i64, i64, bool, i64)> = BTreeMap::new();
    let mut batches = 0;
    while let Some(batch) = block.fetch().unwrap() {
        batches += 1;
        assert!(batch.num_rows() <= 100);
        let ids = batch.column(0).as_text().unwrap();
        for r in 0..batch.num_rows() {
            let id = String::from_utf8(ids.get(r).unwrap().to_vec()).unwrap();
            let int = |c: usize| -> i64 {
                if nullable(&descs[c]) {
                    *batch
                        .column(c)
                        .as_nullable_slice::<i64>()
                        .unwrap()
                        .get(r)
                        .unwrap()
                } else {
                    batch.column(c).as_slice::<i64>().unwrap()[r]
                }
            };
            let created = if nullable(&descs[2]) {
                *batch
                    .column(2)
                    .as_nullable_slice::<odbc_api::sys::Timestamp>()
                    .unwrap()
                    .get(r)
                    .unwrap()
            } else {
                batch
                    .column(2)
                    .as_slice::<odbc_api::sys::Timestamp>()
                    .unwrap()[r]
            };
            let paid = if nullable(&descs[3]) {
                batch
                    .column(3)
                    .as_nullable_slice::<Bit>()
                    .unwrap()
                    .get(r)
                    .unwrap()
                    .as_bool()
            } else {
                batch.column(3).as_slice::<Bit>().unwrap()[r].as_bool()
            };
            rows.insert(id, (int(1), odbc_timestamp_to_unix(&created), paid, int(4)));
        }
    }
    assert!(
        batches >= 3,
        "250 rows in batches of 100 need at least 3 fetches"
    );
    let expected: BTreeMap<String, (i64, i64, bool, i64)> = fake
        .charges()
        .iter()
        .map(|c| {
            (
                c["id"].as_str().unwrap().to_owned(),
                (
                    c["amount"].as_i64().unwrap(),
                    c["created"].as_i64().unwrap(),
                    c["paid"].as_bool().unwrap(),
                    c["amount_refunded"].as_i64().unwrap(),
                ),
            )
        })
        .collect();
    assert_eq!(rows, expected);
}

#[test]
fn count_star() {
    let fake = fake();
    let conn = connect_clean(&fake);
    let table = query(&conn, "SELECT count(*) FROM customers");
    assert_eq!(table.rows, [[Some("25".to_owned())]]);
    let table = query(
        &conn,
        "SELECT count(*) FROM charges WHERE status = 'failed'",
    );
    let failed = fake
        .charges()
        .iter()
        .filter(|c| c["status"] == "failed")
        .count();
    assert_eq!(table.rows, [[Some(failed.to_string())]]);
    // `status` is not a list filter of /v1/charges: it must be applied locally, never sent.
    assert!(fake.requests().iter().all(|r| !r.has_param("status")));
}

// ---------------------------------------------------------------------------------------------
// Pushdown: how many requests, with which parameters

#[test]
fn where_id_is_one_retrieve() {
    let fake = fake();
    let conn = connect_clean(&fake);
    let charge = &fake.charges()[137];
    let id = charge["id"].as_str().unwrap();
    let table = query(&conn, &format!("SELECT * FROM charges WHERE id = '{id}'"));
    assert_eq!(table.len(), 1);
    assert_rows_match(&table, &fake.charges());
    let requests = fake.requests();
    assert_eq!(requests.len(), 1, "{requests:#?}");
    assert_eq!(requests[0].method, "GET");
    assert_eq!(requests[0].path, format!("/v1/charges/{id}"));

    // An id that does not exist is an empty result, not an error.
    fake.reset_log();
    let table = query(&conn, "SELECT * FROM charges WHERE id = 'ch_doesnotexist'");
    assert!(table.is_empty());
    assert_eq!(fake.request_count(), 1);
}

#[test]
fn limit_is_one_request() {
    let fake = fake();
    let conn = connect_clean(&fake);
    let table = query(&conn, "SELECT * FROM charges LIMIT 5");
    assert_eq!(
        table
            .column("id")
            .into_iter()
            .map(|s| s.unwrap().to_owned())
            .collect::<Vec<_>>(),
        ids(&fake.charges()[..5])
    );
    let requests = fake.requests();
    assert_eq!(requests.len(), 1, "{requests:#?}");
    assert_eq!(requests[0].path, "/v1/charges");
    assert_eq!(requests[0].param("limit"), Some("5"));
}

#[test]
fn where_customer_is_pushed_down() {
    let fake = fake();
    let conn = connect_clean(&fake);
    // The customer with the most charges.
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    let charges = fake.charges();
    for c in &charges {
        if let Some(customer) = c["customer"].as_str() {
            *counts.entry(customer).or_default() += 1;
        }
    }
    let (customer, n) = counts.into_iter().max_by_key(|(_, n)| *n).unwrap();
    assert!(n > 1);
    let table = query(
        &conn,
        &format!("SELECT id, customer, amount FROM charges WHERE customer = '{customer}'"),
    );
    let expected: Vec<String> = fake
        .charges()
        .iter()
        .filter(|c| c["customer"] == customer)
        .map(|c| c["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        sorted(
            table
                .column("id")
                .into_iter()
                .map(|s| s.unwrap().to_owned())
                .collect()
        ),
        sorted(expected)
    );
    assert_rows_match(&table, &fake.charges());
    let requests = fake.requests();
    assert_eq!(requests.len(), 1, "{requests:#?}");
    assert_eq!(requests[0].path, "/v1/charges");
    assert_eq!(requests[0].param("customer"), Some(customer));
}

#[test]
fn where_created_is_pushed_down() {
    let fake = fake();
    let conn = connect_clean(&fake);
    let table = query(
        &conn,
        "SELECT id, created FROM charges WHERE created >= TIMESTAMP '2024-01-01 00:00:00'",
    );
    let expected: Vec<String> = fake
        .charges()
        .iter()
        .filter(|c| c["created"].as_i64().unwrap() >= JAN_2024)
        .map(|c| c["id"].as_str().unwrap().to_owned())
        .collect();
    assert!(!expected.is_empty() && expected.len() < 250);
    assert_eq!(
        sorted(
            table
                .column("id")
                .into_iter()
                .map(|s| s.unwrap().to_owned())
                .collect()
        ),
        sorted(expected.clone())
    );
    assert_rows_match(&table, &fake.charges());
    let requests = fake.requests();
    assert!(!requests.is_empty());
    for r in &requests {
        assert_eq!(r.path, "/v1/charges");
        assert_eq!(
            r.param("created[gte]"),
            Some(JAN_2024.to_string().as_str()),
            "{r:#?}"
        );
    }
    assert_eq!(
        requests.len(),
        expected.len().div_ceil(100),
        "{requests:#?}"
    );
}

#[test]
fn prepare_only_makes_no_request() {
    let fake = fake();
    let conn = connect_clean(&fake);
    let mut prepared = conn.prepare("SELECT * FROM charges").expect("prepare");
    let n = prepared.num_result_cols().unwrap();
    assert!(n >= 20, "{n} columns");
    let mut described = Vec::new();
    for i in 1..=n as u16 {
        let mut desc = odbc_api::ColumnDescription::default();
        prepared.describe_col(i, &mut desc).unwrap();
        described.push((desc.name_to_string().unwrap(), desc.data_type));
    }
    let types: BTreeMap<&str, DataType> = described.iter().map(|(n, t)| (n.as_str(), *t)).collect();
    assert_eq!(types["amount"], DataType::BigInt);
    assert_eq!(types["amount_captured"], DataType::BigInt);
    assert!(
        matches!(types["created"], DataType::Timestamp { .. }),
        "{:?}",
        types["created"]
    );
    assert_eq!(types["paid"], DataType::Bit);
    assert!(
        matches!(
            types["metadata"],
            DataType::WVarchar { .. } | DataType::WLongVarchar { .. }
        ),
        "{:?}",
        types["metadata"]
    );
    assert!(
        matches!(types["id"], DataType::WVarchar { length: Some(_) }),
        "{:?}",
        types["id"]
    );
    assert_eq!(fake.request_count(), 0, "{:#?}", fake.requests());

    // Executing the prepared statement afterwards runs the scan.
    let cursor = prepared.execute(()).unwrap().expect("result set");
    drop(cursor);
}

// ---------------------------------------------------------------------------------------------
// Catalog

#[test]
fn tables_and_columns() {
    let fake = fake();
    let conn = connect_clean(&fake);
    let mut tables = BTreeSet::new();
    for row in conn.tables("stripe", "stripe", "%", "").expect("SQLTables") {
        let row = row.unwrap();
        assert_eq!(row.catalog.as_str().unwrap(), Some("stripe"));
        assert_eq!(row.schema.as_str().unwrap(), Some("stripe"));
        tables.insert(row.table.as_str().unwrap().unwrap().to_owned());
    }
    assert!(
        tables.contains("customers") && tables.contains("charges"),
        "{tables:?}"
    );

    let mut columns: Vec<(String, i16, i32)> = Vec::new();
    for row in conn
        .columns("stripe", "stripe", "charges", "%")
        .expect("SQLColumns")
    {
        let row = row.unwrap();
        assert_eq!(row.table.as_str().unwrap(), Some("charges"));
        columns.push((
            row.column_name.as_str().unwrap().unwrap().to_owned(),
            row.data_type,
            row.ordinal_position,
        ));
    }
    let by_name: BTreeMap<&str, i16> = columns.iter().map(|(n, t, _)| (n.as_str(), *t)).collect();
    assert_eq!(
        by_name.get("amount_captured"),
        Some(&-5),
        "BIGINT: {columns:?}"
    );
    assert_eq!(by_name.get("amount"), Some(&-5));
    assert_eq!(by_name.get("created"), Some(&93), "TYPE_TIMESTAMP");
    assert_eq!(by_name.get("paid"), Some(&-7), "BIT");
    assert!(
        matches!(by_name.get("metadata"), Some(-9) | Some(-10)),
        "WVARCHAR: {columns:?}"
    );
    let ordinals: Vec<i32> = columns.iter().map(|c| c.2).collect();
    assert_eq!(ordinals, (1..=columns.len() as i32).collect::<Vec<_>>());

    // SQLColumns agrees with SELECT * (names and order).
    let mut prepared = conn.prepare("SELECT * FROM charges").unwrap();
    let names: Vec<String> = prepared
        .column_names()
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        names,
        columns.iter().map(|c| c.0.clone()).collect::<Vec<_>>()
    );

    let customer_columns: Vec<String> = conn
        .columns("stripe", "stripe", "customers", "%")
        .unwrap()
        .map(|r| r.unwrap().column_name.as_str().unwrap().unwrap().to_owned())
        .collect();
    assert!(
        customer_columns.iter().any(|c| c == "email"),
        "{customer_columns:?}"
    );
    assert_eq!(
        fake.request_count(),
        0,
        "catalog functions must not call the API"
    );
}

// ---------------------------------------------------------------------------------------------
// Errors

#[test]
fn malformed_sql_is_42000() {
    let fake = fake();
    let conn = connect_clean(&fake);
    for sql in [
        "SELEC * FROM charges",
        "SELECT * FROM",
        "SELECT id FROM charges WHERE",
    ] {
        expect_sqlstate(conn.execute(sql, (), None), "42000");
    }
    assert_eq!(fake.request_count(), 0);
}

#[test]
fn unknown_table_is_42s02_naming_the_nearest() {
    let fake = fake();
    let conn = connect_clean(&fake);
    let message = expect_sqlstate(conn.execute("SELECT * FROM chargez", (), None), "42S02");
    assert!(
        message.contains("charges"),
        "message should suggest `charges`: {message}"
    );
    assert_eq!(fake.request_count(), 0);
}

/// Runs a query on a fresh connection and returns the error from connect or execute/fetch.
fn first_error(connection_string: &str) -> odbc_api::Error {
    let conn = match connect(connection_string) {
        Err(e) => return e,
        Ok(conn) => conn,
    };
    match query_text(&conn, "SELECT id FROM customers") {
        Err(e) => e,
        Ok(t) => panic!("expected an error, got {} rows", t.len()),
    }
}

#[test]
fn wrong_key_is_28000_and_never_echoed() {
    let fake = fake();
    let key = "sk_test_definitelyWrongKey9876";
    let error = first_error(&stripe_connection_string(&fake.base_url(), key));
    assert_eq!(sqlstate(&error).as_deref(), Some("28000"), "{error}");
    let message = diagnostic_message(&error);
    assert!(
        !message.contains("definitelyWrongKey"),
        "the secret leaked into: {message}"
    );
    assert!(fake.request_count() >= 1);
    assert!(fake.requests().iter().all(|r| r.status == 401));
}

#[test]
fn closed_port_is_08001() {
    let error = first_error(&stripe_connection_string(
        &closed_port_url(),
        "sk_test_apiodbc",
    ));
    assert_eq!(sqlstate(&error).as_deref(), Some("08001"), "{error}");
}

// ---------------------------------------------------------------------------------------------
// Behaviour from the design that the fake server can observe

#[test]
fn rate_limits_and_5xx_are_retried() {
    let fake = fake();
    let conn = connect_clean(&fake);
    fake.fail_next(2, 429);
    fake.fail_next(1, 500);
    let table = query(&conn, "SELECT id FROM customers");
    assert_eq!(table.len(), 25);
    assert_eq!(
        fake.requests().iter().map(|r| r.status).collect::<Vec<_>>(),
        [429, 429, 500, 200]
    );
}

#[test]
fn account_id_sets_stripe_account() {
    let fake = fake();
    let conn = connect(&format!(
        "{};AccountId=acct_1Connected",
        fake_stripe_connection_string(&fake)
    ))
    .unwrap_or_else(|e| panic!("{e}"));
    fake.reset_log();
    query(&conn, "SELECT id FROM charges LIMIT 1");
    let requests = fake.requests();
    assert!(!requests.is_empty());
    assert!(
        requests
            .iter()
            .all(|r| r.stripe_account.as_deref() == Some("acct_1Connected"))
    );
}

#[test]
fn driver_path_points_at_the_built_library() {
    let path = odbc::driver_path();
    assert!(path.ends_with(odbc::driver_file_name()));
}
