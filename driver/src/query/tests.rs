//! The planner end to end over the fake provider: what reaches the "API",
//! what comes back, and which SQLSTATE a client sees.

use std::time::Duration;

use apiodbc_providers::table::{CmpOp, DESCRIPTION_KEY, Predicate, SIZE_KEY, Value};
use arrow::datatypes::DataType;
use arrow::util::display::array_value_to_string;
use datafusion::common::ScalarValue;
use tokio_util::sync::CancellationToken;

use apiodbc_providers::Properties;

use super::fake::session_with;
use super::*;

fn control() -> Control {
    Control::new(CancellationToken::new(), Duration::from_secs(30))
}

/// Every row of a result as text cells.
fn rows(result: &mut ResultSet) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    while let Some(batch) = result.next_batch(&control()).unwrap() {
        for row in 0..batch.num_rows() {
            out.push(
                batch
                    .columns()
                    .iter()
                    .map(|c| array_value_to_string(c, row).unwrap())
                    .collect(),
            );
        }
    }
    out
}

fn query(session: &Session, sql: &str, params: Vec<ScalarValue>) -> Vec<Vec<String>> {
    let prepared = session
        .prepare(sql, &control())
        .unwrap_or_else(|e| panic!("{sql}: {e:?}"));
    let mut result = prepared
        .execute(params, &control())
        .unwrap_or_else(|e| panic!("{sql}: {e:?}"));
    rows(&mut result)
}

fn one(session: &Session, sql: &str) -> String {
    let rows = query(session, sql, vec![]);
    assert_eq!(rows.len(), 1, "{sql}: {rows:?}");
    rows[0][0].clone()
}

fn error(session: &Session, sql: &str) -> Error {
    match session.prepare(sql, &control()) {
        Err(e) => e,
        Ok(p) => match p.execute(vec![], &control()) {
            Err(e) => e,
            Ok(mut r) => loop {
                match r.next_batch(&control()) {
                    Err(e) => break e,
                    Ok(None) => panic!("{sql} succeeded"),
                    Ok(Some(_)) => {}
                }
            },
        },
    }
}

fn text(s: &str) -> Value {
    Value::Text(s.into())
}

#[test]
fn prepare_plans_without_any_request_and_keeps_column_metadata() {
    let (session, fake) = session_with(&[]);
    let p = session
        .prepare(
            "SELECT id, amount AS cents, upper(description) FROM charges",
            &control(),
        )
        .unwrap();
    assert!(fake.scans.lock().is_empty());
    assert_eq!(*fake.schema_listings.lock(), 0);
    let names: Vec<_> = p.schema.fields().iter().map(|f| f.name().clone()).collect();
    assert_eq!(names, ["id", "cents", "upper(charges.description)"]);
    let id = p.schema.field(0);
    assert_eq!(id.metadata().get(SIZE_KEY).map(String::as_str), Some("255"));
    assert_eq!(
        id.metadata().get(DESCRIPTION_KEY).map(String::as_str),
        Some("Charge id. `=` and `IN` read the objects by id.")
    );
    assert_eq!(
        p.schema
            .field(1)
            .metadata()
            .get(DESCRIPTION_KEY)
            .map(String::as_str),
        Some("Cents. Comparisons are sent to the API.")
    );
    // The executed result reports the same metadata.
    let result = p.execute(vec![], &control()).unwrap();
    assert_eq!(
        result
            .schema()
            .field(0)
            .metadata()
            .get(SIZE_KEY)
            .map(String::as_str),
        Some("255")
    );
    // Prepare of a star select on every table is free too.
    session
        .prepare("SELECT * FROM customers", &control())
        .unwrap();
    session
        .prepare("SELECT * FROM sys_tables", &control())
        .unwrap();
    assert!(fake.scans.lock().len() == 1);
}

#[test]
fn a_declared_size_holds_every_value_the_column_can_return() {
    let (session, _) = session_with(&[]);
    for (sql, size) in [
        ("SELECT id AS x FROM charges ORDER BY x", Some("255")),
        ("SELECT max(id) FROM charges", Some("255")),
        (
            "SELECT customer, count(*) FROM charges GROUP BY customer",
            Some("255"),
        ),
        ("SELECT id, row_number() OVER () FROM charges", Some("255")),
        (
            "SELECT cu.name FROM charges c JOIN customers cu ON c.customer = cu.id",
            Some("5000"),
        ),
        (
            "SELECT id FROM charges WHERE customer IN (SELECT id FROM customers)",
            Some("255"),
        ),
        // A union is as wide as its widest branch, whichever comes first.
        (
            "SELECT description FROM charges UNION ALL SELECT id FROM charges",
            Some("5000"),
        ),
        (
            "SELECT id FROM charges UNION ALL SELECT description FROM charges",
            Some("5000"),
        ),
        (
            "SELECT id FROM charges UNION SELECT upper(id) FROM charges",
            None,
        ),
        (
            "SELECT upper(id) FROM charges UNION ALL SELECT id FROM charges",
            None,
        ),
        ("SELECT string_agg(id, ',') FROM charges", None),
        ("SELECT concat(id, 'x') FROM charges", None),
        (
            "SELECT CASE WHEN paid THEN id ELSE customer END FROM charges",
            None,
        ),
    ] {
        let p = session
            .prepare(sql, &control())
            .unwrap_or_else(|e| panic!("{sql}: {e:?}"));
        let declared = |f: &Field| f.metadata().get(SIZE_KEY).cloned();
        assert_eq!(declared(p.schema.field(0)).as_deref(), size, "{sql}");
        let mut result = p.execute(vec![], &control()).unwrap();
        assert_eq!(declared(result.schema().field(0)).as_deref(), size, "{sql}");
        while let Some(batch) = result.next_batch(&control()).unwrap() {
            assert_eq!(declared(batch.schema().field(0)).as_deref(), size, "{sql}");
        }
    }
}

#[test]
fn metadata_survives_sorts_stars_and_distinct() {
    let (session, _) = session_with(&[]);
    for sql in [
        "SELECT * FROM charges",
        "SELECT id, amount FROM charges ORDER BY amount DESC LIMIT 2",
        "SELECT DISTINCT id FROM charges",
        "SELECT c.id FROM charges c JOIN customers cu ON c.customer = cu.id",
    ] {
        let p = session.prepare(sql, &control()).unwrap();
        let meta = p.schema.field(0).metadata();
        assert_eq!(meta.get(SIZE_KEY).map(String::as_str), Some("255"), "{sql}");
        let mut result = p.execute(vec![], &control()).unwrap();
        assert_eq!(result.schema().field(0).metadata(), meta, "{sql}");
        while let Some(batch) = result.next_batch(&control()).unwrap() {
            assert_eq!(batch.schema().field(0).metadata(), meta, "{sql}");
        }
    }
}

#[test]
fn equality_on_id_reaches_the_provider_exactly() {
    let (session, fake) = session_with(&[]);
    let rows = query(
        &session,
        "SELECT id, amount FROM charges WHERE id = 'ch_2'",
        vec![],
    );
    assert_eq!(rows, vec![vec!["ch_2", "250"]]);
    let scans = fake.scans.lock();
    assert_eq!(scans.len(), 1);
    assert_eq!(
        scans[0].2.filters,
        vec![Predicate::Compare {
            column: "id".into(),
            op: CmpOp::Eq,
            value: text("ch_2")
        }]
    );
    // id and amount only: the projection reached the provider.
    assert_eq!(scans[0].2.projection, Some(vec![0, 2]));
}

#[test]
fn limit_reaches_the_scan_request() {
    let (session, fake) = session_with(&[]);
    assert_eq!(
        query(&session, "SELECT id FROM charges LIMIT 3", vec![]).len(),
        3
    );
    assert_eq!(fake.scans.lock()[0].2.limit, Some(3));
    // With a filter the provider cannot apply, the limit must stay local.
    let rows = query(
        &session,
        "SELECT id FROM charges WHERE description LIKE 'coffee%' LIMIT 1",
        vec![],
    );
    assert_eq!(rows, vec![vec!["ch_1"]]);
    assert_eq!(fake.scans.lock()[1].2.limit, None);
}

#[test]
fn inexact_and_unsupported_predicates_are_rechecked_locally() {
    let (session, fake) = session_with(&[]);
    let rows = query(
        &session,
        "SELECT id FROM charges WHERE amount > 150 AND description LIKE '%coffee%' ORDER BY id",
        vec![],
    );
    assert_eq!(rows, vec![vec!["ch_3"]]);
    let filters = fake.scans.lock()[0].2.filters.clone();
    assert_eq!(
        filters,
        vec![Predicate::Compare {
            column: "amount".into(),
            op: CmpOp::Gt,
            value: Value::Int(150)
        }]
    );
    // A timestamp comparison with a constant cast, evaluated locally.
    let rows = query(
        &session,
        "SELECT count(*) FROM charges WHERE created >= CAST('2024-01-03' AS TIMESTAMP)",
        vec![],
    );
    assert_eq!(rows, vec![vec!["3"]]);
}

#[test]
fn parameters_bind_and_are_coerced_to_their_inferred_types() {
    let (session, fake) = session_with(&[]);
    let p = session
        .prepare(
            "SELECT id FROM charges WHERE customer = ? AND amount >= ? ORDER BY id",
            &control(),
        )
        .unwrap();
    assert_eq!(p.params, vec![Some(DataType::Utf8), Some(DataType::Int64)]);
    let mut r = p
        .execute(
            vec![
                ScalarValue::Utf8(Some("cus_1".into())),
                ScalarValue::Utf8(Some("200".into())),
            ],
            &control(),
        )
        .unwrap();
    assert_eq!(rows(&mut r), vec![vec!["ch_2"]]);
    assert!(
        fake.scans.lock()[0]
            .2
            .filters
            .contains(&Predicate::Compare {
                column: "customer".into(),
                op: CmpOp::Eq,
                value: text("cus_1")
            })
    );
    // Too few values: 07002; values that do not convert: 22018.
    assert_eq!(p.execute(vec![], &control()).unwrap_err().state, "07002");
    let e = p
        .execute(
            vec![
                ScalarValue::Utf8(Some("cus_1".into())),
                ScalarValue::Utf8(Some("lots".into())),
            ],
            &control(),
        )
        .unwrap_err();
    assert_eq!(e.state, "22018");
    // A marker of unknown type still binds.
    assert_eq!(
        query(&session, "SELECT ?", vec![ScalarValue::Int64(Some(7))]),
        vec![vec!["7"]]
    );
}

#[test]
fn malformed_sql_unknown_tables_and_columns() {
    let (session, _) = session_with(&[]);
    let e = error(&session, "SELEC id FROM charges");
    assert_eq!(e.state, "42000");
    assert!(e.message.starts_with("syntax error"), "{}", e.message);
    let e = error(&session, "SELECT id FROM charges WHERE");
    assert_eq!(e.state, "42000");
    let e = error(&session, "SELECT * FROM chargez");
    assert_eq!(e.state, "42S02");
    assert!(e.message.contains("did you mean charges"), "{}", e.message);
    let e = error(&session, "SELECT * FROM nowhere.things");
    assert_eq!(e.state, "42S02");
    let e = error(&session, "SELECT amont FROM charges");
    assert_eq!(e.state, "42S22");
    assert!(e.message.contains("amount"), "{}", e.message);
    for e in [
        error(&session, "SELECT * FROM chargez"),
        error(&session, "SELECT amont FROM charges"),
    ] {
        assert!(!e.message.contains('\n') && !e.message.contains("Error("));
    }
}

#[test]
fn provider_errors_keep_their_sqlstate() {
    let (session, _) = session_with(&[]);
    let e = error(&session, "SELECT * FROM broken");
    assert_eq!(e.state, "28000");
    assert_eq!(e.message, "the API key was revoked");
}

#[test]
fn joins_grouping_windows_and_subqueries_run() {
    let (session, _) = session_with(&[]);
    let rows = query(
        &session,
        "SELECT c.name, count(*) AS n, sum(ch.amount) AS total \
         FROM customers c JOIN charges ch ON ch.customer = c.id \
         GROUP BY c.name HAVING count(*) > 1 ORDER BY c.name",
        vec![],
    );
    assert_eq!(rows, vec![vec!["Ada", "2", "350"], vec!["Bob", "2", "475"]]);
    let rows = query(
        &session,
        "SELECT id, row_number() OVER (PARTITION BY customer ORDER BY amount DESC) AS r \
         FROM charges WHERE customer IS NOT NULL ORDER BY id",
        vec![],
    );
    assert_eq!(
        rows,
        vec![
            vec!["ch_1", "2"],
            vec!["ch_2", "1"],
            vec!["ch_3", "1"],
            vec!["ch_5", "2"]
        ]
    );
    assert_eq!(
        one(
            &session,
            "SELECT count(*) FROM customers WHERE id IN (SELECT customer FROM charges)"
        ),
        "2"
    );
    assert_eq!(one(&session, "SELECT count(*) FROM charges"), "5");
    assert_eq!(
        one(
            &session,
            "SELECT {fn UCASE(name)} FROM {oj customers c LEFT OUTER JOIN charges ch ON ch.customer = c.id} WHERE ch.id IS NULL"
        ),
        ""
    );
}

#[test]
fn table_and_schema_names_resolve_case_insensitively() {
    let (session, _) = session_with(&[]);
    assert_eq!(one(&session, "SELECT count(*) FROM \"Charges\""), "5");
    assert_eq!(one(&session, "SELECT count(*) FROM MAIN.CHARGES"), "5");
    assert_eq!(one(&session, "SELECT count(*) FROM fake.main.charges"), "5");
    assert_eq!(
        one(&session, "SELECT id FROM \"Other\".\"EVENTS\""),
        "evt_1"
    );
}

#[test]
fn schema_property_and_use_change_the_default_schema() {
    let (session, _) = session_with(&[("Schema", "other")]);
    assert_eq!(one(&session, "SELECT id FROM events"), "evt_1");
    assert_eq!(error(&session, "SELECT * FROM charges").state, "42S02");
    let (session, _) = session_with(&[]);
    let p = session.prepare("USE other", &control()).unwrap();
    assert!(p.schema.fields().is_empty());
    let mut r = p.execute(vec![], &control()).unwrap();
    assert!(rows(&mut r).is_empty());
    assert_eq!(session.default_schema(), "other");
    assert_eq!(one(&session, "SELECT id FROM events"), "evt_1");
    assert_eq!(
        session
            .prepare("USE nowhere", &control())
            .unwrap()
            .execute(vec![], &control())
            .unwrap_err()
            .state,
        "3F000"
    );
}

#[test]
fn system_tables_are_lazy_and_everywhere() {
    let (session, fake) = session_with(&[("LiveAPIKey", "sk_test_secret"), ("Schema", "other")]);
    assert_eq!(*fake.schema_listings.lock(), 0);
    let rows = query(
        &session,
        "SELECT schema_name FROM sys_schemas ORDER BY 1",
        vec![],
    );
    assert_eq!(rows, vec![vec!["main"], vec!["other"]]);
    assert_eq!(*fake.schema_listings.lock(), 1);
    // A schema filter spares the listing.
    let rows = query(
        &session,
        "SELECT table_name, table_type FROM sys_tables WHERE schema_name = 'main' ORDER BY 1",
        vec![],
    );
    assert_eq!(
        rows,
        vec![
            vec!["broken", "TABLE"],
            vec!["charges", "TABLE"],
            vec!["customers", "TABLE"]
        ]
    );
    assert_eq!(*fake.schema_listings.lock(), 1);
    let rows = query(
        &session,
        "SELECT column_name, ordinal_position, data_type, type_name, column_size, is_nullable, description \
         FROM main.sys_tablecolumns WHERE schema_name = 'main' AND table_name = 'charges' ORDER BY ordinal_position",
        vec![],
    );
    assert_eq!(
        rows[0],
        vec![
            "id",
            "1",
            "-9",
            "VARCHAR",
            "255",
            "false",
            "Charge id. `=` and `IN` read the objects by id."
        ]
    );
    assert_eq!(
        rows[4],
        vec![
            "created",
            "5",
            "93",
            "TIMESTAMP",
            "26",
            "false",
            "When. Comparisons are sent to the API."
        ]
    );
    let rows = query(
        &session,
        "SELECT value, is_secret FROM sys_connection_props WHERE name = 'LiveAPIKey'",
        vec![],
    );
    assert_eq!(rows, vec![vec!["********", "true"]]);
    assert_eq!(
        query(
            &session,
            "SELECT procedure_name FROM sys_procedures",
            vec![]
        ),
        [
            ["ClearCache"],
            ["GetOAuthAccessToken"],
            ["GetOAuthAuthorizationURL"],
            ["RefreshCache"],
            ["RefreshOAuthAccessToken"]
        ]
    );
    assert_eq!(
        query(&session, "SELECT * FROM SYS_PROCEDUREPARAMETERS", vec![]).len(),
        10
    );
    assert!(fake.scans.lock().is_empty());
}

#[test]
fn sessions_and_statements_can_cross_threads() {
    fn shared<T: Send + Sync>() {}
    fn sent<T: Send>() {}
    shared::<Session>();
    shared::<Prepared>();
    sent::<ResultSet>();
}

#[test]
fn connect_reports_configuration_errors() {
    let e = Session::connect(Properties::from_pairs([("Provider", "nope")]), &control())
        .err()
        .unwrap();
    assert_eq!(e.state, "HY000");
    assert!(e.message.contains("nope"), "{}", e.message);
}

#[test]
fn procedures_and_writes_are_classified() {
    let (session, _) = session_with(&[]);
    let names: Vec<_> = session.procedures().all().iter().map(|p| p.name).collect();
    assert_eq!(
        names,
        [
            "ClearCache",
            "GetOAuthAccessToken",
            "GetOAuthAuthorizationURL",
            "RefreshCache",
            "RefreshOAuthAccessToken"
        ]
    );
    assert_eq!(session.properties.get("Timeout"), Some("60"));
    let prepared = session
        .prepare("{call getoauthauthorizationurl(?, 'x')}", &control())
        .unwrap();
    assert_eq!(prepared.params.len(), 1);
    let columns: Vec<_> = prepared
        .schema
        .fields()
        .iter()
        .map(|f| f.name().as_str())
        .collect();
    assert_eq!(columns, ["URL", "State"]);
    for sql in ["{call Nope()}", "CALL Nope(1)", "EXEC Nope @a = 'x'"] {
        let e = session.prepare(sql, &control()).unwrap_err();
        assert_eq!(e.state, "42000", "{sql}");
        assert!(e.message.contains("unknown procedure"), "{}", e.message);
    }
    assert_eq!(
        session
            .prepare("DELETE FROM charges", &control())
            .unwrap_err()
            .state,
        "HYC00"
    );
}

#[test]
fn explain_and_values_run() {
    let (session, fake) = session_with(&[]);
    let rows = query(
        &session,
        "EXPLAIN SELECT id FROM charges WHERE id = 'x'",
        vec![],
    );
    assert!(!rows.is_empty());
    assert!(fake.scans.lock().is_empty());
    assert_eq!(one(&session, "VALUES (41 + 1)"), "42");
}

/// Every `{fn}` rewrite rule, executed by the engine.
#[test]
fn every_escape_rule_runs() {
    let (session, _) = session_with(&[("User", "ada")]);
    let ts = "{ts '2024-03-05 06:07:08'}";
    let cases: Vec<(String, &str)> = vec![
        ("{fn CONCAT('a', 'b')}".into(), "ab"),
        ("{fn LCASE('AbC')}".into(), "abc"),
        ("{fn UCASE('a')}".into(), "A"),
        ("{fn LENGTH('abc  ')}".into(), "3"),
        ("{fn LEFT('abcdef', 2)}".into(), "ab"),
        ("{fn RIGHT('abcdef', 2)}".into(), "ef"),
        ("{fn LTRIM('  a')}".into(), "a"),
        ("{fn RTRIM('a  ')}".into(), "a"),
        ("{fn SUBSTRING('abcdef', 2, 3)}".into(), "bcd"),
        ("{fn LOCATE('c', 'abcabc')}".into(), "3"),
        ("{fn LOCATE('c', 'abcabc', 4)}".into(), "6"),
        ("{fn LOCATE('z', 'abcabc', 2)}".into(), "0"),
        ("{fn REPLACE('aXa', 'X', 'b')}".into(), "aba"),
        ("{fn ASCII('A')}".into(), "65"),
        ("{fn CHAR(66)}".into(), "B"),
        ("{fn ABS(-2)}".into(), "2"),
        ("{fn CEILING(1.2)}".into(), "2.0"),
        ("{fn FLOOR(1.8)}".into(), "1.0"),
        ("{fn ROUND(2.567, 2)}".into(), "2.57"),
        ("{fn SQRT(16)}".into(), "4.0"),
        ("{fn POWER(2, 10)}".into(), "1024.0"),
        ("{fn MOD(10, 3)}".into(), "1"),
        ("{fn SIGN(-5.0)}".into(), "-1.0"),
        ("{fn EXP(0)}".into(), "1.0"),
        ("{fn LOG(1)}".into(), "0.0"),
        ("{fn LOG10(100)}".into(), "2.0"),
        ("{fn TRUNCATE(2.567, 1)}".into(), "2.5"),
        ("CAST({fn PI()} * 100 AS INTEGER)".into(), "314"),
        ("{fn NOW()} IS NOT NULL".into(), "true"),
        ("{fn CURDATE()} IS NOT NULL".into(), "true"),
        ("{fn CURTIME()} IS NOT NULL".into(), "true"),
        (format!("{{fn YEAR({ts})}}"), "2024"),
        (format!("{{fn MONTH({ts})}}"), "3"),
        (format!("{{fn DAYOFMONTH({ts})}}"), "5"),
        (format!("{{fn HOUR({ts})}}"), "6"),
        (format!("{{fn MINUTE({ts})}}"), "7"),
        (format!("{{fn SECOND({ts})}}"), "8"),
        (format!("{{fn QUARTER({ts})}}"), "1"),
        (format!("{{fn WEEK({ts})}}"), "10"),
        // 2024-03-05 was a Tuesday: ODBC day 3.
        (format!("{{fn DAYOFWEEK({ts})}}"), "3"),
        (format!("{{fn DAYOFYEAR({ts})}}"), "65"),
        (format!("{{fn DAYNAME({ts})}}"), "Tuesday"),
        (
            format!("{{fn MONTHNAME({d})}}", d = "{d '2024-03-05'}"),
            "March",
        ),
        (
            format!("{{fn TIMESTAMPADD(SQL_TSI_DAY, 2, {ts})}}"),
            "2024-03-07T06:07:08",
        ),
        (
            format!("{{fn TIMESTAMPADD(SQL_TSI_QUARTER, 1, {ts})}}"),
            "2024-06-05T06:07:08",
        ),
        (
            format!("{{fn TIMESTAMPADD(SQL_TSI_SECOND, -8, {ts})}}"),
            "2024-03-05T06:07:00",
        ),
        (
            format!("{{fn TIMESTAMPDIFF(SQL_TSI_HOUR, {ts}, {{ts '2024-03-06 07:00:00'}})}}"),
            "24",
        ),
        (
            format!("{{fn TIMESTAMPDIFF(SQL_TSI_MONTH, {ts}, {{ts '2025-01-01 00:00:00'}})}}"),
            "10",
        ),
        (
            format!("{{fn TIMESTAMPDIFF(SQL_TSI_YEAR, {ts}, {{ts '2026-05-01 00:00:00'}})}}"),
            "2",
        ),
        (
            format!("{{fn TIMESTAMPDIFF(SQL_TSI_DAY, {ts}, {{ts '2024-03-08 00:00:00'}})}}"),
            "2",
        ),
        (format!("{{fn EXTRACT(YEAR FROM {ts})}}"), "2024"),
        ("{fn IFNULL(NULL, 'x')}".into(), "x"),
        ("{fn DATABASE()}".into(), "fake"),
        ("{fn USER()}".into(), "ada"),
        ("{fn CONVERT('42', SQL_INTEGER)}".into(), "42"),
        ("{fn CONVERT(42, SQL_VARCHAR)}".into(), "42"),
        (
            "{fn CONVERT('2024-01-02', SQL_TYPE_DATE)}".into(),
            "2024-01-02",
        ),
        ("{fn CONVERT(1, SQL_BIT)}".into(), "true"),
        (
            "{fn UCASE({fn CONCAT({fn LTRIM('  a')}, 'b')})}".into(),
            "AB",
        ),
        ("{d '2024-01-02'}".into(), "2024-01-02"),
        ("{t '10:11:12'}".into(), "10:11:12"),
        ("{ts '2024-01-02 10:11:12'}".into(), "2024-01-02T10:11:12"),
        (
            "CASE WHEN 'a_b' LIKE 'a!_b' {escape '!'} THEN 1 ELSE 0 END".into(),
            "1",
        ),
    ];
    let mut failures = Vec::new();
    for (expr, expected) in &cases {
        let sql = format!("SELECT {expr}");
        match session.prepare(&sql, &control()).and_then(|p| {
            let mut r = p.execute(vec![], &control())?;
            Ok(rows(&mut r))
        }) {
            Ok(rows) if rows == vec![vec![expected.to_string()]] => {}
            other => failures.push(format!("{sql} → {other:?}, expected {expected}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // Every advertised function has a case above.
    for name in escape::STRING_FUNCTIONS
        .iter()
        .chain(escape::NUMERIC_FUNCTIONS)
        .chain(escape::TIMEDATE_FUNCTIONS)
        .chain(escape::SYSTEM_FUNCTIONS)
    {
        assert!(
            cases
                .iter()
                .any(|(e, _)| e.contains(&format!("{{fn {name}("))),
            "no test for {name}"
        );
    }
}

#[test]
fn a_nocache_comment_marks_the_scans_fresh() {
    let (session, fake) = session_with(&[]);
    query(&session, "SELECT id FROM charges", vec![]);
    query(&session, "SELECT /* NoCache */ id FROM charges", vec![]);
    query(
        &session,
        "SELECT /* other */ id FROM charges -- nocache",
        vec![],
    );
    let fresh: Vec<bool> = fake.scans.lock().iter().map(|(_, _, r)| r.fresh).collect();
    assert_eq!(fresh, [false, true, false]);
}
