//! Column descriptions through unixODBC: ids and codes sized to fit every
//! real value, JSON and computed text long (RODBC cut a 12,339-character
//! `string_agg` described as 4,000), the same answer from `SQLDescribeCol`,
//! `SQLColAttribute` and `SQLColumns`, and `SQLGetTypeInfo` listing every
//! character type. Long text still arrives in bound buffers (01004, the full
//! length in the indicator) and whole through `SQLGetData` parts.

use std::collections::BTreeMap;

use apiodbc_tests::odbc::fake_stripe_connection_string;
use apiodbc_tests::odbc::wide::{Statement, WideConnection};
use apiodbc_tests::stripe_checks::{ids, sorted};
use apiodbc_tests::{FakeStripe, FakeStripeConfig};
use odbc_api::sys::{self, CDataType, Desc, Len, SqlDataType, SqlReturn};

/// The sizes the driver documents (docs/ARCHITECTURE.md, "Column sizes").
const ID: usize = 255;
const CODE: usize = 128;
const TEXT: usize = 5000;
const LONG: usize = 1 << 20;

/// `SQL_PRED_SEARCHABLE` (every comparison and LIKE) and `SQL_PRED_BASIC` (all but LIKE).
const SEARCHABLE: isize = 3;
const BASIC: isize = 2;

const WVARCHAR: i16 = -9;
const WLONGVARCHAR: i16 = -10;
const BIGINT: i16 = -5;

fn connect(fake: &FakeStripe) -> WideConnection {
    WideConnection::connect(&fake_stripe_connection_string(fake)).unwrap_or_else(|e| panic!("{e}"))
}

fn wide(s: &str) -> Vec<u16> {
    s.encode_utf16().collect()
}

fn exec(statement: &Statement, sql: &str) {
    let text = wide(sql);
    // SAFETY: valid statement and buffer.
    let ret = unsafe { sys::SQLExecDirectW(statement.handle(), text.as_ptr(), text.len() as i32) };
    statement
        .check(ret, "SQLExecDirectW")
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
}

fn numeric_attribute(statement: &Statement, column: u16, field: Desc) -> isize {
    let mut value: Len = 0;
    // SAFETY: no character buffer; the numeric out pointer is valid.
    let ret = unsafe {
        sys::SQLColAttributeW(
            statement.handle(),
            column,
            field,
            std::ptr::null_mut(),
            0,
            std::ptr::null_mut(),
            &mut value,
        )
    };
    statement
        .check(ret, "SQLColAttributeW")
        .unwrap_or_else(|e| panic!("{e}"));
    value
}

fn text_attribute(statement: &Statement, column: u16, field: Desc) -> String {
    let mut buf = [0u16; 64];
    let mut bytes = 0i16;
    // SAFETY: the buffer is valid for its length in bytes.
    let ret = unsafe {
        sys::SQLColAttributeW(
            statement.handle(),
            column,
            field,
            buf.as_mut_ptr().cast(),
            std::mem::size_of_val(&buf) as i16,
            &mut bytes,
            std::ptr::null_mut(),
        )
    };
    statement
        .check(ret, "SQLColAttributeW")
        .unwrap_or_else(|e| panic!("{e}"));
    String::from_utf16_lossy(&buf[..bytes as usize / 2])
}

#[test]
fn ids_codes_json_and_computed_text_are_described_to_fit() {
    let fake = FakeStripe::start(FakeStripeConfig::sized(5, 250));
    let conn = connect(&fake);
    let statement = conn.statement();
    let sql = "SELECT id, customer, currency, status, receipt_url, description, metadata, \
               payment_method_details, amount, \
               string_agg(id, ',') OVER () AS ids, concat(id, description) AS joined, \
               repeat(id, 200) AS repeated, upper(metadata) AS shouted FROM charges";
    exec(&statement, sql);
    let described = statement.describe().unwrap_or_else(|e| panic!("{e}"));
    let expected: [(&str, i16, usize, &str); 13] = [
        ("id", WVARCHAR, ID, "VARCHAR"),
        ("customer", WVARCHAR, ID, "VARCHAR"),
        ("currency", WVARCHAR, CODE, "VARCHAR"),
        ("status", WVARCHAR, CODE, "VARCHAR"),
        ("receipt_url", WVARCHAR, TEXT, "VARCHAR"),
        ("description", WLONGVARCHAR, LONG, "TEXT"),
        ("metadata", WLONGVARCHAR, LONG, "TEXT"),
        ("payment_method_details", WLONGVARCHAR, LONG, "TEXT"),
        ("amount", BIGINT, 19, "BIGINT"),
        ("ids", WLONGVARCHAR, LONG, "TEXT"),
        ("joined", WLONGVARCHAR, LONG, "TEXT"),
        ("repeated", WLONGVARCHAR, LONG, "TEXT"),
        ("shouted", WLONGVARCHAR, LONG, "TEXT"),
    ];
    assert_eq!(described.len(), expected.len());
    for (n, (column, (name, data_type, size, type_name))) in
        described.iter().zip(expected).enumerate()
    {
        let number = n as u16 + 1;
        assert_eq!(
            (column.name.as_str(), column.data_type, column.size),
            (name, data_type, size),
            "SQLDescribeColW of {name}"
        );
        let text = data_type != BIGINT;
        let octets = if text { size * 4 } else { 8 };
        let display = if text { size } else { 20 };
        assert_eq!(
            [
                numeric_attribute(&statement, number, Desc::Length),
                numeric_attribute(&statement, number, Desc::OctetLength),
                numeric_attribute(&statement, number, Desc::DisplaySize),
                numeric_attribute(&statement, number, Desc::Searchable),
            ],
            [
                size as isize,
                octets as isize,
                display as isize,
                if text { SEARCHABLE } else { BASIC },
            ],
            "LENGTH, OCTET_LENGTH, DISPLAY_SIZE, SEARCHABLE of {name}"
        );
        assert_eq!(
            text_attribute(&statement, number, Desc::TypeName),
            type_name,
            "TYPE_NAME of {name}"
        );
    }

    // Every value fits its description; the aggregate is longer than the
    // 4,000 characters computed text used to be described with.
    let rows = statement.fetch_text().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(rows.len(), 250);
    for (c, (name, _, size, _)) in expected.iter().enumerate() {
        for row in &rows.rows {
            let chars = row[c].as_deref().map_or(0, |v| v.chars().count());
            assert!(
                chars <= *size,
                "{name}: {chars} characters, described {size}"
            );
        }
    }
    let longest = |c: usize| {
        rows.rows
            .iter()
            .map(|r| r[c].as_deref().map_or(0, str::len))
            .max()
    };
    assert_eq!(longest(9), Some(250 * 28 - 1), "string_agg of 250 ids");
    assert_eq!(longest(11), Some(200 * 27), "repeat(id, 200)");

    // SQLColumns says the same as SQLDescribeCol for the table's columns.
    let columns = conn.statement();
    let (catalog, schema, table, any) =
        (wide("stripe"), wide("stripe"), wide("charges"), wide("%"));
    // SAFETY: buffers valid for their lengths.
    let ret = unsafe {
        sys::SQLColumnsW(
            columns.handle(),
            catalog.as_ptr(),
            catalog.len() as i16,
            schema.as_ptr(),
            schema.len() as i16,
            table.as_ptr(),
            table.len() as i16,
            any.as_ptr(),
            any.len() as i16,
        )
    };
    columns
        .check(ret, "SQLColumnsW")
        .unwrap_or_else(|e| panic!("{e}"));
    let listed = columns.fetch_text().unwrap_or_else(|e| panic!("{e}"));
    let by_name: BTreeMap<&str, usize> = listed
        .column("COLUMN_NAME")
        .into_iter()
        .enumerate()
        .map(|(i, n)| (n.unwrap(), i))
        .collect();
    for (name, data_type, size, type_name) in &expected[..9] {
        let row = &listed.rows[by_name[name]];
        let cell = |c: &str| row[listed.column_index(c)].clone().unwrap_or_default();
        let octets = if *data_type == BIGINT { 8 } else { size * 4 };
        assert_eq!(
            [
                cell("DATA_TYPE"),
                cell("TYPE_NAME"),
                cell("COLUMN_SIZE"),
                cell("BUFFER_LENGTH")
            ],
            [
                data_type.to_string(),
                type_name.to_string(),
                size.to_string(),
                octets.to_string()
            ],
            "SQLColumns of {name}"
        );
    }
}

#[test]
fn a_union_is_described_by_its_widest_branch() {
    let fake = FakeStripe::start(FakeStripeConfig::sized(1, 1));
    let conn = connect(&fake);
    for (sql, data_type, size) in [
        (
            "SELECT id FROM charges UNION ALL SELECT currency FROM charges",
            WVARCHAR,
            ID,
        ),
        (
            "SELECT currency FROM charges UNION ALL SELECT id FROM charges",
            WVARCHAR,
            ID,
        ),
        // The engine kept the code's 128 for JSON text of any length.
        (
            "SELECT currency FROM charges UNION ALL SELECT metadata FROM charges",
            WLONGVARCHAR,
            LONG,
        ),
        (
            "SELECT upper(id) FROM charges UNION ALL SELECT id FROM charges",
            WLONGVARCHAR,
            LONG,
        ),
    ] {
        let statement = conn.statement();
        exec(&statement, sql);
        let described = statement.describe().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            (described[0].data_type, described[0].size),
            (data_type, size),
            "{sql}"
        );
        let prepared = conn.prepare_describe(sql).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(prepared, described, "prepared and executed: {sql}");
    }
}

#[test]
fn type_info_lists_every_character_type_in_data_type_order() {
    let fake = FakeStripe::start(FakeStripeConfig::sized(1, 1));
    let conn = connect(&fake);
    let statement = conn.statement();
    // SAFETY: valid statement.
    let ret = unsafe { sys::SQLGetTypeInfo(statement.handle(), SqlDataType(0)) };
    statement
        .check(ret, "SQLGetTypeInfo")
        .unwrap_or_else(|e| panic!("{e}"));
    let types = statement.fetch_text().unwrap_or_else(|e| panic!("{e}"));
    let codes: Vec<i16> = types
        .column("DATA_TYPE")
        .iter()
        .map(|c| c.unwrap().parse().unwrap())
        .collect();
    assert!(
        codes.windows(2).all(|w| w[0] <= w[1]),
        "SQL_ALL_TYPES ordered by DATA_TYPE: {codes:?}"
    );
    let row = |code: i16| {
        let i = codes
            .iter()
            .position(|c| *c == code)
            .unwrap_or_else(|| panic!("no row for {code}: {codes:?}"));
        let cell = |c: &str| types.rows[i][types.column_index(c)].clone();
        (
            cell("TYPE_NAME").unwrap(),
            cell("COLUMN_SIZE").unwrap().parse::<usize>().unwrap(),
            cell("SEARCHABLE").unwrap().parse::<isize>().unwrap(),
            cell("LITERAL_PREFIX"),
        )
    };
    let quote = Some("'".to_string());
    for (code, name, size) in [
        (1, "CHAR", TEXT),
        (12, "VARCHAR", TEXT),
        (-1, "TEXT", LONG),
        (-8, "CHAR", TEXT),
        (WVARCHAR, "VARCHAR", TEXT),
        (WLONGVARCHAR, "TEXT", LONG),
    ] {
        assert_eq!(
            row(code),
            (name.to_string(), size, SEARCHABLE, quote.clone()),
            "SQLGetTypeInfo row of {code}"
        );
        assert_eq!(
            codes.iter().filter(|c| **c == code).count(),
            1,
            "one row for {code}"
        );
    }
    assert_eq!(row(BIGINT), ("BIGINT".to_string(), 19, BASIC, None));
    // Types a parameter may be bound as (pyodbc sends a Decimal as NUMERIC).
    assert_eq!(row(2), ("NUMERIC".to_string(), 38, BASIC, None));
    assert_eq!(row(6), ("DOUBLE PRECISION".to_string(), 15, BASIC, None));

    // Every type a result can have is listed under its name.
    let described = conn
        .prepare_describe(
            "SELECT *, upper(id) AS computed, CAST(amount AS DECIMAL(12, 2)) AS d, \
             CAST(created AS DATE) AS day, 1.5 AS f FROM charges",
        )
        .unwrap_or_else(|e| panic!("{e}"));
    for column in &described {
        assert!(
            codes.contains(&column.data_type),
            "{} has type {}, which SQLGetTypeInfo does not list",
            column.name,
            column.data_type
        );
        assert!(
            column.size <= row(column.data_type).1,
            "{}: size {} beyond its type's",
            column.name,
            column.size
        );
    }

    // One type asked for: its row alone.
    let statement = conn.statement();
    // SAFETY: valid statement.
    let ret = unsafe { sys::SQLGetTypeInfo(statement.handle(), SqlDataType(-1)) };
    statement
        .check(ret, "SQLGetTypeInfo")
        .unwrap_or_else(|e| panic!("{e}"));
    let one = statement.fetch_text().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(one.column("TYPE_NAME"), [Some("TEXT")]);
    assert_eq!(one.column("DATA_TYPE"), [Some("-1")]);
}

#[test]
fn long_text_arrives_in_bound_buffers_and_in_parts() {
    let fake = FakeStripe::start(FakeStripeConfig::sized(5, 250));
    let expected = sorted(ids(&fake.charges())).join(",");
    assert!(expected.len() > 4000);
    let conn = connect(&fake);
    let sql = "SELECT string_agg(id, ',' ORDER BY id) AS ids FROM charges";

    // A bound buffer too small: 01004, the full length in the indicator, the
    // buffer filled and terminated.
    let statement = conn.statement();
    exec(&statement, sql);
    let mut buf = [0xffu8; 100];
    let mut indicator: Len = 0;
    // SAFETY: `buf` and `indicator` outlive the fetch below.
    let ret = unsafe {
        sys::SQLBindCol(
            statement.handle(),
            1,
            CDataType::Char,
            buf.as_mut_ptr().cast(),
            buf.len() as Len,
            &mut indicator,
        )
    };
    statement
        .check(ret, "SQLBindCol")
        .unwrap_or_else(|e| panic!("{e}"));
    // SAFETY: valid statement with a bound column.
    let ret = unsafe { sys::SQLFetch(statement.handle()) };
    assert_eq!(ret, SqlReturn::SUCCESS_WITH_INFO);
    let states: Vec<String> = statement
        .diagnostics("SQLFetch")
        .into_iter()
        .map(|d| d.state)
        .collect();
    assert_eq!(states, ["01004"]);
    assert_eq!(indicator as usize, expected.len());
    assert_eq!(&buf[..99], &expected.as_bytes()[..99]);
    assert_eq!(buf[99], 0);

    // SQLGetData in parts: every character.
    let rows = conn.query(sql).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(rows.rows, [[Some(expected)]]);
}
