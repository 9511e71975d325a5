//! Replays what Tableau does when it connects through "Other Databases (ODBC)":
//! reads many SQLGetInfo values, lists types, catalogs, schemas and tables,
//! prepares `SELECT *` only to read column metadata, runs `WHERE 1=0`, a query
//! with `{fn}` and `{ts}` escapes grouped by ordinal, and fetches with its
//! bindings in row arrays. Raw wide calls through unixODBC, as Tableau makes them.
//!
//! Needs `cargo build -p apiodbc` first (same target dir and profile).

use std::collections::BTreeMap;
use std::ffi::c_void;

use apiodbc_tests::odbc::fake_stripe_connection_string;
use apiodbc_tests::odbc::wide::{Statement, WideConnection};
use apiodbc_tests::{FakeStripe, FakeStripeConfig};
use chrono::{Datelike, Timelike};
use odbc_api::sys::{
    self, CDataType, HDbc, HStmt, Len, Numeric, SqlDataType, SqlReturn, StatementAttribute,
    Timestamp,
};

// SQLGetInfoW with the info type as a plain integer, so that any value,
// including ones odbc-sys has no name for (180, 1750, 9999), can be asked.
#[link(name = "odbc")]
unsafe extern "system" {
    #[link_name = "SQLGetInfoW"]
    fn get_info_w(dbc: HDbc, info: u16, value: *mut c_void, len: i16, out: *mut i16) -> SqlReturn;
    #[link_name = "SQLColAttributeW"]
    fn col_attribute_w(
        stmt: HStmt,
        column: u16,
        field: u16,
        value: *mut c_void,
        len: i16,
        out: *mut i16,
        number: *mut Len,
    ) -> SqlReturn;
}

/// 2024-01-01T00:00:00Z
const JAN_2024: i64 = 1_704_067_200;

fn setup() -> (FakeStripe, WideConnection) {
    let fake = FakeStripe::start(FakeStripeConfig::sized(25, 250));
    let conn = WideConnection::connect(&fake_stripe_connection_string(&fake))
        .unwrap_or_else(|e| panic!("connect: {e}"));
    fake.reset_log();
    (fake, conn)
}

fn ok(ret: SqlReturn) -> bool {
    ret == SqlReturn::SUCCESS || ret == SqlReturn::SUCCESS_WITH_INFO
}

fn wide(s: &str) -> Vec<u16> {
    s.encode_utf16().collect()
}

/// SQLGetInfoW into a 1 KiB buffer: the return code, the bytes and the reported length.
fn info(conn: &WideConnection, info_type: u16) -> (SqlReturn, Vec<u8>, i16) {
    let mut buf = vec![0u8; 1024];
    let mut len = 0i16;
    // SAFETY: the buffer is valid for the length passed.
    let ret = unsafe {
        get_info_w(
            conn.handle(),
            info_type,
            buf.as_mut_ptr().cast(),
            buf.len() as i16,
            &mut len,
        )
    };
    (ret, buf, len)
}

fn info_text(conn: &WideConnection, info_type: u16) -> String {
    let (ret, buf, len) = info(conn, info_type);
    assert!(ok(ret), "SQLGetInfoW({info_type}) failed");
    assert_eq!(
        len % 2,
        0,
        "SQLGetInfoW lengths are in bytes: {info_type} reported {len}"
    );
    let units: Vec<u16> = buf[..len as usize]
        .chunks(2)
        .map(|c| u16::from_ne_bytes([c[0], c[1]]))
        .collect();
    String::from_utf16_lossy(&units)
}

fn info_u32(conn: &WideConnection, info_type: u16) -> u32 {
    let (ret, buf, _) = info(conn, info_type);
    assert!(ok(ret), "SQLGetInfoW({info_type}) failed");
    u32::from_ne_bytes([buf[0], buf[1], buf[2], buf[3]])
}

/// Runs a catalog function on a new statement and reads its rows as text.
fn catalog(
    conn: &WideConnection,
    call: impl FnOnce(&Statement) -> SqlReturn,
) -> Vec<BTreeMap<String, Option<String>>> {
    let stmt = conn.statement();
    stmt.check(call(&stmt), "catalog function")
        .unwrap_or_else(|e| panic!("{e}"));
    let table = stmt.fetch_text().unwrap_or_else(|e| panic!("{e}"));
    table
        .rows
        .iter()
        .map(|row| {
            table
                .columns
                .iter()
                .cloned()
                .zip(row.iter().cloned())
                .collect()
        })
        .collect()
}

fn tables(
    conn: &WideConnection,
    catalog_name: &str,
    schema: &str,
    table: &str,
    types: &str,
) -> Vec<BTreeMap<String, Option<String>>> {
    let (c, s, t, ty) = (wide(catalog_name), wide(schema), wide(table), wide(types));
    catalog(conn, |stmt| unsafe {
        // SAFETY: buffers valid for their lengths.
        sys::SQLTablesW(
            stmt.handle(),
            c.as_ptr(),
            c.len() as i16,
            s.as_ptr(),
            s.len() as i16,
            t.as_ptr(),
            t.len() as i16,
            ty.as_ptr(),
            ty.len() as i16,
        )
    })
}

fn column(rows: &[BTreeMap<String, Option<String>>], name: &str) -> Vec<String> {
    rows.iter()
        .map(|r| r[name].clone().unwrap_or_default())
        .collect()
}

#[test]
fn get_info_answers_what_tableau_reads() {
    let (fake, conn) = setup();
    // Every info type Tableau's ODBC probe reads, in both string and integer forms.
    let asked: &[u16] = &[
        1, 6, 7, 10, 13, 16, 17, 18, 22, 23, 25, 28, 29, 30, 32, 34, 35, 36, 39, 41, 42, 44, 45,
        46, 47, 48, 49, 50, 51, 52, 61, 70, 77, 81, 85, 87, 88, 89, 90, 91, 92, 93, 94, 95, 96,
        109, 110, 113, 114, 115, 118, 119, 121, 146, 147, 153, 160, 161, 165, 167, 169, 180, 1750,
        10005, 10021,
    ];
    for &t in asked {
        assert!(ok(info(&conn, t).0), "SQLGetInfoW({t}) must succeed");
    }
    assert_eq!(info_text(&conn, 29), "\"", "identifier quote");
    assert_eq!(info_text(&conn, 17), "Stripe", "DBMS name");
    assert_eq!(info_text(&conn, 77), "03.80", "driver ODBC version");
    assert_eq!(info_u32(&conn, 180), 0, "SQL_RETURN_ESCAPE_CLAUSE");
    assert_eq!(info_u32(&conn, 1750), 0, "SQL_DTC_TRANSITION_COST");
    // SQL_FN_STR_CONCAT | SQL_FN_STR_UCASE: the {fn} escapes the planner runs.
    assert_eq!(
        info_u32(&conn, 50) & 0x1001,
        0x1001,
        "string functions advertised"
    );

    // A 4-byte buffer truncates "Stripe" (12 bytes) and still reports the full length in bytes.
    let mut small = [0u8; 4];
    let mut len = 0i16;
    // SAFETY: buffer valid for 4 bytes.
    let ret = unsafe { get_info_w(conn.handle(), 17, small.as_mut_ptr().cast(), 4, &mut len) };
    assert_eq!(ret, SqlReturn::SUCCESS_WITH_INFO);
    assert_eq!(len, 12);

    // An info type that does not exist is HY096, not a crash or a silent zero.
    let (ret, _, _) = info(&conn, 9999);
    assert_eq!(ret, SqlReturn::ERROR);
    assert_eq!(fake.request_count(), 0, "SQLGetInfo makes no API requests");
}

#[test]
fn type_info_catalogs_schemas_tables_without_requests() {
    let (fake, conn) = setup();
    let types = catalog(&conn, |stmt| unsafe {
        // SAFETY: valid statement.
        sys::SQLGetTypeInfo(stmt.handle(), SqlDataType(0))
    });
    let names = column(&types, "TYPE_NAME");
    for expected in [
        "VARCHAR",
        "BIGINT",
        "DOUBLE",
        "BOOLEAN",
        "TIMESTAMP",
        "DATE",
        "DECIMAL",
    ] {
        assert!(
            names.iter().any(|n| n == expected),
            "SQLGetTypeInfo lacks {expected}: {names:?}"
        );
    }
    let codes: Vec<i32> = column(&types, "DATA_TYPE")
        .iter()
        .map(|c| c.parse().unwrap())
        .collect();
    assert!(
        codes.windows(2).all(|w| w[0] <= w[1]),
        "ordered by DATA_TYPE: {codes:?}"
    );

    let catalogs = tables(&conn, "%", "", "", "");
    assert_eq!(column(&catalogs, "TABLE_CAT"), ["stripe"]);
    let schemas = tables(&conn, "", "%", "", "");
    assert_eq!(column(&schemas, "TABLE_SCHEM"), ["stripe"]);
    let listed = tables(&conn, "stripe", "stripe", "%", "'TABLE'");
    let names = column(&listed, "TABLE_NAME");
    assert!(
        names.contains(&"charges".to_string()) && names.contains(&"customers".to_string()),
        "{names:?}"
    );
    assert!(column(&listed, "TABLE_TYPE").iter().all(|t| t == "TABLE"));
    assert_eq!(
        fake.request_count(),
        0,
        "catalog calls answer from static definitions"
    );
}

#[test]
fn prepare_describes_like_sqlcolumns_without_requests_and_where_false_reads_nothing() {
    let (fake, conn) = setup();
    let described = conn
        .prepare_describe("SELECT * FROM \"stripe\".\"stripe\".\"charges\"")
        .unwrap_or_else(|e| panic!("{e}"));
    let (c, s, t, col) = (wide("stripe"), wide("stripe"), wide("charges"), wide("%"));
    let columns = catalog(&conn, |stmt| unsafe {
        // SAFETY: buffers valid for their lengths.
        sys::SQLColumnsW(
            stmt.handle(),
            c.as_ptr(),
            c.len() as i16,
            s.as_ptr(),
            s.len() as i16,
            t.as_ptr(),
            t.len() as i16,
            col.as_ptr(),
            col.len() as i16,
        )
    });
    assert_eq!(described.len(), columns.len());
    for (d, c) in described.iter().zip(&columns) {
        assert_eq!(Some(&d.name), c["COLUMN_NAME"].as_ref());
        assert_eq!(
            d.data_type.to_string(),
            c["DATA_TYPE"].clone().unwrap(),
            "type of {}",
            d.name
        );
        assert_eq!(
            d.size.to_string(),
            c["COLUMN_SIZE"].clone().unwrap(),
            "size of {}",
            d.name
        );
    }
    assert_eq!(
        fake.request_count(),
        0,
        "prepare and describe make no API requests"
    );

    let empty = conn
        .query("SELECT * FROM \"stripe\".\"charges\" WHERE 1=0")
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(empty.rows.is_empty());
    assert_eq!(empty.columns.len(), described.len());
    assert_eq!(
        fake.request_count(),
        0,
        "WHERE 1=0 is answered by the planner"
    );
}

#[test]
fn escapes_and_group_by_ordinal_give_the_right_groups() {
    let (fake, conn) = setup();
    let sql = "SELECT {fn UCASE(\"currency\")} AS \"cur\", {fn YEAR(\"created\")} AS \"yr\", COUNT(*) AS \"n\" \
               FROM \"stripe\".\"charges\" WHERE \"created\" >= {ts '2024-01-01 00:00:00'} \
               GROUP BY 1, 2 ORDER BY 1, 2 LIMIT 100";
    let got = conn.query(sql).unwrap_or_else(|e| panic!("{e}"));
    let mut expected: BTreeMap<(String, i64), i64> = BTreeMap::new();
    for charge in fake.charges() {
        let created = charge["created"].as_i64().unwrap();
        if created >= JAN_2024 {
            let year = i64::from(civil(created).0);
            *expected
                .entry((charge["currency"].as_str().unwrap().to_uppercase(), year))
                .or_default() += 1;
        }
    }
    let rows: Vec<(String, i64, i64)> = got
        .rows
        .iter()
        .map(|r| {
            (
                r[0].clone().unwrap(),
                r[1].clone().unwrap().parse().unwrap(),
                r[2].clone().unwrap().parse().unwrap(),
            )
        })
        .collect();
    let expected: Vec<(String, i64, i64)> =
        expected.into_iter().map(|((c, y), n)| (c, y, n)).collect();
    assert_eq!(rows, expected);
    assert!(
        fake.requests()
            .iter()
            .all(|r| r.param("created[gte]") == Some(&JAN_2024.to_string()[..])),
        "the {{ts}} bound is pushed down as created[gte]"
    );
}

const ROWS: usize = 32;

/// Column-wise bound buffers for Tableau's C types, one rowset long.
struct Bound {
    id: Vec<[u16; 64]>,
    id_ind: Vec<Len>,
    amount: Vec<f64>,
    amount_ind: Vec<Len>,
    paid: Vec<u8>,
    paid_ind: Vec<Len>,
    created: Vec<Timestamp>,
    created_ind: Vec<Len>,
    captured: Vec<Numeric>,
    captured_ind: Vec<Len>,
    refunded: Vec<i32>,
    refunded_ind: Vec<Len>,
}

#[test]
fn row_array_fetch_with_tableau_bindings() {
    let (fake, conn) = setup();
    let stmt = conn.statement();
    let h = stmt.handle();
    let sql = wide(
        "SELECT \"id\", \"amount\", \"paid\", \"created\", \"amount_captured\", \"amount_refunded\" FROM \"stripe\".\"charges\"",
    );
    let zero_ts = Timestamp {
        year: 0,
        month: 0,
        day: 0,
        hour: 0,
        minute: 0,
        second: 0,
        fraction: 0,
    };
    let zero_num = Numeric {
        precision: 0,
        scale: 0,
        sign: 0,
        val: [0; 16],
    };
    let mut b = Bound {
        id: vec![[0; 64]; ROWS],
        id_ind: vec![0; ROWS],
        amount: vec![0.0; ROWS],
        amount_ind: vec![0; ROWS],
        paid: vec![0; ROWS],
        paid_ind: vec![0; ROWS],
        created: vec![zero_ts; ROWS],
        created_ind: vec![0; ROWS],
        captured: vec![zero_num; ROWS],
        captured_ind: vec![0; ROWS],
        refunded: vec![0; ROWS],
        refunded_ind: vec![0; ROWS],
    };
    let mut fetched: usize = 0;
    let mut status = vec![0u16; ROWS];
    // SAFETY: every buffer outlives the fetch loop and holds ROWS elements.
    unsafe {
        assert!(ok(sys::SQLSetStmtAttrW(
            h,
            StatementAttribute::RowArraySize,
            ROWS as *mut c_void,
            0
        )));
        assert!(ok(sys::SQLSetStmtAttrW(
            h,
            StatementAttribute::RowsFetchedPtr,
            (&raw mut fetched).cast(),
            0
        )));
        assert!(ok(sys::SQLSetStmtAttrW(
            h,
            StatementAttribute::RowStatusPtr,
            status.as_mut_ptr().cast(),
            0
        )));
        stmt.check(
            sys::SQLExecDirectW(h, sql.as_ptr(), sql.len() as i32),
            "SQLExecDirectW",
        )
        .unwrap();
        let binds: [(u16, CDataType, *mut c_void, Len, *mut Len); 6] = [
            (
                1,
                CDataType::WChar,
                b.id.as_mut_ptr().cast(),
                128,
                b.id_ind.as_mut_ptr(),
            ),
            (
                2,
                CDataType::Double,
                b.amount.as_mut_ptr().cast(),
                8,
                b.amount_ind.as_mut_ptr(),
            ),
            (
                3,
                CDataType::Bit,
                b.paid.as_mut_ptr().cast(),
                1,
                b.paid_ind.as_mut_ptr(),
            ),
            (
                4,
                CDataType::TypeTimestamp,
                b.created.as_mut_ptr().cast(),
                16,
                b.created_ind.as_mut_ptr(),
            ),
            (
                5,
                CDataType::Numeric,
                b.captured.as_mut_ptr().cast(),
                19,
                b.captured_ind.as_mut_ptr(),
            ),
            (
                6,
                CDataType::SLong,
                b.refunded.as_mut_ptr().cast(),
                4,
                b.refunded_ind.as_mut_ptr(),
            ),
        ];
        for (col, ty, ptr, len, ind) in binds {
            stmt.check(sys::SQLBindCol(h, col, ty, ptr, len, ind), "SQLBindCol")
                .unwrap();
        }
    }
    let mut rows = Vec::new();
    loop {
        // SAFETY: valid statement with bound buffers.
        let ret = unsafe { sys::SQLFetch(h) };
        if ret == SqlReturn::NO_DATA {
            break;
        }
        stmt.check(ret, "SQLFetch").unwrap();
        assert!((1..=ROWS).contains(&fetched), "rows fetched {fetched}");
        for (i, row_status) in status.iter().enumerate().take(fetched) {
            assert_eq!(*row_status, 0, "SQL_ROW_SUCCESS for row {i}");
            let id_len = b.id_ind[i] as usize / 2;
            let id = String::from_utf16_lossy(&b.id[i][..id_len]);
            let ts = b.created[i];
            let n = b.captured[i];
            let captured = i64::from_le_bytes(n.val[..8].try_into().unwrap())
                * if n.sign == 1 { 1 } else { -1 };
            rows.push((
                id,
                b.amount[i],
                b.paid[i],
                (ts.year, ts.month, ts.day, ts.hour, ts.minute, ts.second),
                captured,
                b.refunded[i],
            ));
        }
    }
    assert_eq!(rows.len(), fake.charges().len());
    for (row, charge) in rows.iter().zip(fake.charges()) {
        assert_eq!(row.0, charge["id"].as_str().unwrap());
        assert_eq!(row.1, charge["amount"].as_f64().unwrap());
        assert_eq!(row.2, u8::from(charge["paid"].as_bool().unwrap()));
        assert_eq!(
            row.3,
            civil(charge["created"].as_i64().unwrap()),
            "created of {}",
            row.0
        );
        assert_eq!(row.4, charge["amount_captured"].as_i64().unwrap());
        assert_eq!(
            i64::from(row.5),
            charge["amount_refunded"].as_i64().unwrap()
        );
    }
}

/// Unix seconds as (year, month, day, hour, minute, second) UTC.
fn civil(secs: i64) -> (i16, u16, u16, u16, u16, u16) {
    let t = chrono::DateTime::from_timestamp(secs, 0).expect("a time in chrono's range");
    (
        t.year() as i16,
        t.month() as u16,
        t.day() as u16,
        t.hour() as u16,
        t.minute() as u16,
        t.second() as u16,
    )
}

/// A string column attribute read with SQLColAttributeW (lengths in bytes).
fn col_text(stmt: &Statement, column: u16, field: u16) -> String {
    let mut buf = [0u16; 128];
    let mut len = 0i16;
    // SAFETY: the buffer is valid for the byte length passed.
    let ret = unsafe {
        col_attribute_w(
            stmt.handle(),
            column,
            field,
            buf.as_mut_ptr().cast(),
            256,
            &mut len,
            std::ptr::null_mut(),
        )
    };
    stmt.check(ret, "SQLColAttributeW")
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(len % 2, 0, "SQLColAttributeW string lengths are in bytes");
    String::from_utf16_lossy(&buf[..len as usize / 2])
}

#[test]
fn column_attributes_name_where_each_column_comes_from() {
    let (fake, conn) = setup();
    let stmt = conn.statement();
    let sql = wide("SELECT id AS charge_id, amount FROM charges");
    // SAFETY: valid statement and buffer.
    stmt.check(
        unsafe { sys::SQLPrepareW(stmt.handle(), sql.as_ptr(), sql.len() as i32) },
        "SQLPrepareW",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    // SQL_DESC_LABEL 18, BASE_COLUMN_NAME 22, TABLE_NAME 23, SCHEMA_NAME 16, CATALOG_NAME 17, TYPE_NAME 14.
    assert_eq!(col_text(&stmt, 1, 18), "charge_id");
    assert_eq!(col_text(&stmt, 1, 22), "id");
    assert_eq!(col_text(&stmt, 1, 23), "charges");
    assert_eq!(col_text(&stmt, 1, 16), "stripe");
    assert_eq!(col_text(&stmt, 1, 17), "stripe");
    assert_eq!(col_text(&stmt, 2, 14), "BIGINT");
    assert_eq!(
        fake.request_count(),
        0,
        "describing a prepared statement makes no request"
    );
}
