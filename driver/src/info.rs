//! What the driver says about itself: the `SQLGetInfo` answers as one table
//! of data (info type → text, 16-bit or 32-bit value) and the `SQLGetFunctions`
//! answers derived from one list of exported functions.
//!
//! The `{fn}` bitmasks are computed from the planner's lists of escape
//! functions, and the `SQL_CONVERT_*` masks from what the engine's CAST can
//! really do, so the answers cannot drift from the behaviour.

use std::borrow::Cow;

use arrow::compute::can_cast_types;
use arrow::datatypes::{DataType, TimeUnit};

use apiodbc_providers::{Properties, Provider};

use crate::diag::{Error, Result};
use crate::query::catalog_functions;

/// The `{fn}` escapes the planner rewrites: the bitmasks are computed from its lists.
use crate::query::escape;

/// `SQL_DRIVER_ODBC_VER`: the ODBC version the driver implements.
pub const DRIVER_ODBC_VER: &str = "03.80";

/// `SQL_DRIVER_NAME`: the file the driver manager loads.
#[cfg(target_os = "windows")]
pub const DRIVER_FILE: &str = "apiodbc.dll";
#[cfg(target_os = "macos")]
pub const DRIVER_FILE: &str = "libapiodbc.dylib";
#[cfg(not(any(target_os = "windows", target_os = "macos")))]
pub const DRIVER_FILE: &str = "libapiodbc.so";

/// The driver's version as ODBC writes it: `MM.mm.rrrr`.
pub fn driver_version() -> String {
    let part = |s: &str| s.parse::<u32>().unwrap_or(0);
    format!(
        "{:02}.{:02}.{:04}",
        part(env!("CARGO_PKG_VERSION_MAJOR")),
        part(env!("CARGO_PKG_VERSION_MINOR")),
        part(env!("CARGO_PKG_VERSION_PATCH"))
    )
}

// ---------------------------------------------------------------------------
// Bitmask vocabularies (values of sqlext.h)
// ---------------------------------------------------------------------------

const STRING_BITS: &[(&str, u32)] = &[
    ("CONCAT", 0x1),
    ("INSERT", 0x2),
    ("LEFT", 0x4),
    ("LTRIM", 0x8),
    ("LENGTH", 0x10),
    // LOCATE takes two or three arguments: SQL_FN_STR_LOCATE | SQL_FN_STR_LOCATE_2.
    ("LOCATE", 0x20 | 0x10000),
    ("LCASE", 0x40),
    ("REPEAT", 0x80),
    ("REPLACE", 0x100),
    ("RIGHT", 0x200),
    ("RTRIM", 0x400),
    ("SUBSTRING", 0x800),
    ("UCASE", 0x1000),
    ("ASCII", 0x2000),
    ("CHAR", 0x4000),
    ("DIFFERENCE", 0x8000),
    ("SOUNDEX", 0x20000),
    ("SPACE", 0x40000),
    ("BIT_LENGTH", 0x80000),
    ("CHAR_LENGTH", 0x100000),
    ("CHARACTER_LENGTH", 0x200000),
    ("OCTET_LENGTH", 0x400000),
    ("POSITION", 0x800000),
];

const NUMERIC_BITS: &[(&str, u32)] = &[
    ("ABS", 0x1),
    ("ACOS", 0x2),
    ("ASIN", 0x4),
    ("ATAN", 0x8),
    ("ATAN2", 0x10),
    ("CEILING", 0x20),
    ("COS", 0x40),
    ("COT", 0x80),
    ("EXP", 0x100),
    ("FLOOR", 0x200),
    ("LOG", 0x400),
    ("MOD", 0x800),
    ("SIGN", 0x1000),
    ("SIN", 0x2000),
    ("SQRT", 0x4000),
    ("TAN", 0x8000),
    ("PI", 0x10000),
    ("RAND", 0x20000),
    ("DEGREES", 0x40000),
    ("LOG10", 0x80000),
    ("POWER", 0x100000),
    ("RADIANS", 0x200000),
    ("ROUND", 0x400000),
    ("TRUNCATE", 0x800000),
];

const TIMEDATE_BITS: &[(&str, u32)] = &[
    ("NOW", 0x1),
    ("CURDATE", 0x2),
    ("DAYOFMONTH", 0x4),
    ("DAYOFWEEK", 0x8),
    ("DAYOFYEAR", 0x10),
    ("MONTH", 0x20),
    ("QUARTER", 0x40),
    ("WEEK", 0x80),
    ("YEAR", 0x100),
    ("CURTIME", 0x200),
    ("HOUR", 0x400),
    ("MINUTE", 0x800),
    ("SECOND", 0x1000),
    ("TIMESTAMPADD", 0x2000),
    ("TIMESTAMPDIFF", 0x4000),
    ("DAYNAME", 0x8000),
    ("MONTHNAME", 0x10000),
    ("CURRENT_DATE", 0x20000),
    ("CURRENT_TIME", 0x40000),
    ("CURRENT_TIMESTAMP", 0x80000),
    ("EXTRACT", 0x100000),
];

const SYSTEM_BITS: &[(&str, u32)] = &[("USER", 0x1), ("DATABASE", 0x2), ("IFNULL", 0x4)];

const INTERVAL_BITS: &[(&str, u32)] = &[
    ("SQL_TSI_FRAC_SECOND", 0x1),
    ("SQL_TSI_SECOND", 0x2),
    ("SQL_TSI_MINUTE", 0x4),
    ("SQL_TSI_HOUR", 0x8),
    ("SQL_TSI_DAY", 0x10),
    ("SQL_TSI_WEEK", 0x20),
    ("SQL_TSI_MONTH", 0x40),
    ("SQL_TSI_QUARTER", 0x80),
    ("SQL_TSI_YEAR", 0x100),
];

/// `SQL_CVT_*`: the conversion target bits, by ODBC SQL type name.
const CONVERT_BITS: &[(&str, u32)] = &[
    ("SQL_CHAR", 0x1),
    ("SQL_NUMERIC", 0x2),
    ("SQL_DECIMAL", 0x4),
    ("SQL_INTEGER", 0x8),
    ("SQL_SMALLINT", 0x10),
    ("SQL_FLOAT", 0x20),
    ("SQL_REAL", 0x40),
    ("SQL_DOUBLE", 0x80),
    ("SQL_VARCHAR", 0x100),
    ("SQL_LONGVARCHAR", 0x200),
    ("SQL_BINARY", 0x400),
    ("SQL_VARBINARY", 0x800),
    ("SQL_BIT", 0x1000),
    ("SQL_TINYINT", 0x2000),
    ("SQL_BIGINT", 0x4000),
    ("SQL_DATE", 0x8000),
    ("SQL_TYPE_DATE", 0x8000),
    ("SQL_TIME", 0x10000),
    ("SQL_TYPE_TIME", 0x10000),
    ("SQL_TIMESTAMP", 0x20000),
    ("SQL_TYPE_TIMESTAMP", 0x20000),
    ("SQL_LONGVARBINARY", 0x40000),
    ("SQL_INTERVAL_YEAR_MONTH", 0x80000),
    ("SQL_INTERVAL_DAY_TIME", 0x100000),
    ("SQL_WCHAR", 0x200000),
    ("SQL_WLONGVARCHAR", 0x400000),
    ("SQL_WVARCHAR", 0x800000),
    ("SQL_GUID", 0x1000000),
];

fn bits(names: &[&str], vocabulary: &[(&str, u32)]) -> u32 {
    names
        .iter()
        .filter_map(|n| vocabulary.iter().find(|(v, _)| v.eq_ignore_ascii_case(n)))
        .fold(0, |mask, (_, bit)| mask | bit)
}

/// The engine type of an ODBC SQL type name, as CAST sees it.
fn engine_type(sql_type: &str) -> Option<DataType> {
    Some(match sql_type {
        "SQL_CHAR" | "SQL_VARCHAR" | "SQL_LONGVARCHAR" | "SQL_WCHAR" | "SQL_WVARCHAR"
        | "SQL_WLONGVARCHAR" => DataType::Utf8,
        "SQL_BIGINT" => DataType::Int64,
        "SQL_INTEGER" => DataType::Int32,
        "SQL_SMALLINT" => DataType::Int16,
        "SQL_TINYINT" => DataType::Int8,
        "SQL_BIT" => DataType::Boolean,
        "SQL_DECIMAL" | "SQL_NUMERIC" => DataType::Decimal128(38, 10),
        "SQL_DOUBLE" | "SQL_FLOAT" => DataType::Float64,
        "SQL_REAL" => DataType::Float32,
        "SQL_DATE" | "SQL_TYPE_DATE" => DataType::Date32,
        "SQL_TIME" | "SQL_TYPE_TIME" => DataType::Time64(TimeUnit::Microsecond),
        "SQL_TIMESTAMP" | "SQL_TYPE_TIMESTAMP" => {
            DataType::Timestamp(TimeUnit::Microsecond, Some("UTC".into()))
        }
        "SQL_BINARY" | "SQL_VARBINARY" | "SQL_LONGVARBINARY" => DataType::Binary,
        _ => return None,
    })
}

/// `SQL_CONVERT_<source>`: the `{fn CONVERT}` targets the engine can cast a
/// value of `source` to.
fn convert_mask(source: &str) -> u32 {
    let Some(from) = engine_type(source) else {
        return 0;
    };
    escape::CONVERT_TYPES
        .iter()
        .filter(|(target, _)| engine_type(target).is_some_and(|to| can_cast_types(&from, &to)))
        .fold(0, |mask, (target, _)| mask | bits(&[target], CONVERT_BITS))
}

// ---------------------------------------------------------------------------
// The SQLGetInfo table
// ---------------------------------------------------------------------------

/// An answer of `SQLGetInfo`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Text(Cow<'static, str>),
    /// `SQLUSMALLINT`.
    U16(u16),
    /// `SQLUINTEGER` (bitmasks, flags, binary values).
    U32(u32),
}

/// Where an answer comes from.
#[derive(Clone, Copy)]
enum Answer {
    Text(&'static str),
    U16(u16),
    U32(u32),
    /// Computed once the driver runs (versions, function and conversion masks).
    Computed(fn() -> Value),
    /// Needs an open connection (08003 before connecting).
    Connected(fn(&Connection) -> String),
}

use Answer::{Computed, Connected, Text, U16, U32};

const Y: Answer = Text("Y");
const N: Answer = Text("N");

/// DataFusion keywords that are no ODBC reserved words: quote them as identifiers.
const KEYWORDS: &str = "ANALYZE,ARRAY,COPY,EXPLAIN,FILTER,ILIKE,LIMIT,MAP,NULLS,OFFSET,\
                        OVER,PARTITION,QUALIFY,RANGE,REGEXP,RETURNING,RLIKE,ROWS,SIMILAR,\
                        STRUCT,UNNEST,WINDOW";

/// Every info type the driver answers, with its answer. Keys are the
/// `SQL_*` info type numbers of `sql.h`/`sqlext.h`.
static INFO: &[(u16, &str, Answer)] = &[
    // Driver and data source
    (6, "SQL_DRIVER_NAME", Text(DRIVER_FILE)),
    (
        7,
        "SQL_DRIVER_VER",
        Computed(|| Value::Text(driver_version().into())),
    ),
    (77, "SQL_DRIVER_ODBC_VER", Text(DRIVER_ODBC_VER)),
    (10, "SQL_ODBC_VER", Text(DRIVER_ODBC_VER)),
    (
        2,
        "SQL_DATA_SOURCE_NAME",
        Connected(|c| c.data_source.clone()),
    ),
    (13, "SQL_SERVER_NAME", Connected(|c| c.server.clone())),
    (16, "SQL_DATABASE_NAME", Connected(|c| c.catalog.clone())),
    (17, "SQL_DBMS_NAME", Connected(|c| c.dbms_name.clone())),
    (18, "SQL_DBMS_VER", Connected(|_| driver_version())),
    (47, "SQL_USER_NAME", Connected(|c| c.user.clone())),
    (25, "SQL_DATA_SOURCE_READ_ONLY", Y),
    (19, "SQL_ACCESSIBLE_TABLES", Y),
    (20, "SQL_ACCESSIBLE_PROCEDURES", Y),
    (21, "SQL_PROCEDURES", Y),
    (0, "SQL_MAX_DRIVER_CONNECTIONS", U16(0)),
    (1, "SQL_MAX_CONCURRENT_ACTIVITIES", U16(0)),
    (116, "SQL_ACTIVE_ENVIRONMENTS", U16(0)),
    (84, "SQL_FILE_USAGE", U16(0)), // SQL_FILE_NOT_SUPPORTED
    (10000, "SQL_XOPEN_CLI_YEAR", Text("1995")),
    (152, "SQL_ODBC_INTERFACE_CONFORMANCE", U32(1)), // SQL_OIC_CORE
    (9, "SQL_ODBC_API_CONFORMANCE", U16(1)),         // SQL_OAC_LEVEL1
    (12, "SQL_ODBC_SAG_CLI_CONFORMANCE", U16(1)),    // SQL_OSCC_COMPLIANT
    (15, "SQL_ODBC_SQL_CONFORMANCE", U16(1)),        // SQL_OSC_CORE
    (166, "SQL_STANDARD_CLI_CONFORMANCE", U32(0)),
    (118, "SQL_SQL_CONFORMANCE", U32(0x1)), // SQL_SC_SQL92_ENTRY
    (10002, "SQL_DESCRIBE_PARAMETER", Y),
    (11, "SQL_ROW_UPDATES", N),
    (73, "SQL_INTEGRITY", N),
    (10004, "SQL_COLLATION_SEQ", Text("")),
    // Names and identifiers
    (29, "SQL_IDENTIFIER_QUOTE_CHAR", Text("\"")),
    (28, "SQL_IDENTIFIER_CASE", U16(2)), // SQL_IC_LOWER: names are stored lower-case
    (93, "SQL_QUOTED_IDENTIFIER_CASE", U16(3)), // SQL_IC_SENSITIVE
    (94, "SQL_SPECIAL_CHARACTERS", Text("")),
    (14, "SQL_SEARCH_PATTERN_ESCAPE", Text("\\")),
    (89, "SQL_KEYWORDS", Text(KEYWORDS)),
    (42, "SQL_CATALOG_TERM", Text("catalog")),
    (39, "SQL_SCHEMA_TERM", Text("schema")),
    (45, "SQL_TABLE_TERM", Text("table")),
    (40, "SQL_PROCEDURE_TERM", Text("procedure")),
    (10003, "SQL_CATALOG_NAME", Y),
    (41, "SQL_CATALOG_NAME_SEPARATOR", Text(".")),
    (114, "SQL_CATALOG_LOCATION", U16(1)), // SQL_CL_START
    (92, "SQL_CATALOG_USAGE", U32(0x1)),   // SQL_CU_DML_STATEMENTS
    (91, "SQL_SCHEMA_USAGE", U32(0x1)),    // SQL_SU_DML_STATEMENTS
    (
        34,
        "SQL_MAX_CATALOG_NAME_LEN",
        U16(catalog_functions::NAME_SIZE as u16),
    ),
    (
        32,
        "SQL_MAX_SCHEMA_NAME_LEN",
        U16(catalog_functions::NAME_SIZE as u16),
    ),
    (
        35,
        "SQL_MAX_TABLE_NAME_LEN",
        U16(catalog_functions::NAME_SIZE as u16),
    ),
    (
        30,
        "SQL_MAX_COLUMN_NAME_LEN",
        U16(catalog_functions::NAME_SIZE as u16),
    ),
    (
        33,
        "SQL_MAX_PROCEDURE_NAME_LEN",
        U16(catalog_functions::NAME_SIZE as u16),
    ),
    (
        10005,
        "SQL_MAX_IDENTIFIER_LEN",
        U16(catalog_functions::NAME_SIZE as u16),
    ),
    (
        107,
        "SQL_MAX_USER_NAME_LEN",
        U16(catalog_functions::NAME_SIZE as u16),
    ),
    (31, "SQL_MAX_CURSOR_NAME_LEN", U16(0)),
    // Limits: 0 is "no limit"
    (97, "SQL_MAX_COLUMNS_IN_GROUP_BY", U16(0)),
    (98, "SQL_MAX_COLUMNS_IN_INDEX", U16(0)),
    (99, "SQL_MAX_COLUMNS_IN_ORDER_BY", U16(0)),
    (100, "SQL_MAX_COLUMNS_IN_SELECT", U16(0)),
    (101, "SQL_MAX_COLUMNS_IN_TABLE", U16(0)),
    (106, "SQL_MAX_TABLES_IN_SELECT", U16(0)),
    (102, "SQL_MAX_INDEX_SIZE", U32(0)),
    (104, "SQL_MAX_ROW_SIZE", U32(0)),
    (103, "SQL_MAX_ROW_SIZE_INCLUDES_LONG", Y),
    (105, "SQL_MAX_STATEMENT_LEN", U32(0)),
    (108, "SQL_MAX_CHAR_LITERAL_LEN", U32(0)),
    (112, "SQL_MAX_BINARY_LITERAL_LEN", U32(0)),
    (10022, "SQL_MAX_ASYNC_CONCURRENT_STATEMENTS", U32(0)),
    // SQL dialect
    (48, "SQL_CONVERT_FUNCTIONS", U32(0x1 | 0x2)), // CONVERT | CAST
    (
        50,
        "SQL_STRING_FUNCTIONS",
        Computed(|| Value::U32(bits(escape::STRING_FUNCTIONS, STRING_BITS))),
    ),
    (
        49,
        "SQL_NUMERIC_FUNCTIONS",
        Computed(|| Value::U32(bits(escape::NUMERIC_FUNCTIONS, NUMERIC_BITS))),
    ),
    (
        52,
        "SQL_TIMEDATE_FUNCTIONS",
        Computed(|| Value::U32(bits(escape::TIMEDATE_FUNCTIONS, TIMEDATE_BITS))),
    ),
    (
        51,
        "SQL_SYSTEM_FUNCTIONS",
        Computed(|| Value::U32(bits(escape::SYSTEM_FUNCTIONS, SYSTEM_BITS))),
    ),
    (
        109,
        "SQL_TIMEDATE_ADD_INTERVALS",
        Computed(|| Value::U32(bits(escape::TIMEDATE_INTERVALS, INTERVAL_BITS))),
    ),
    (
        110,
        "SQL_TIMEDATE_DIFF_INTERVALS",
        Computed(|| Value::U32(bits(escape::TIMEDATE_INTERVALS, INTERVAL_BITS))),
    ),
    (169, "SQL_AGGREGATE_FUNCTIONS", U32(0x7F)), // AVG COUNT MAX MIN SUM DISTINCT ALL
    // SQL-92: LOWER UPPER SUBSTRING TRANSLATE TRIM (both, leading, trailing)
    (164, "SQL_SQL92_STRING_FUNCTIONS", U32(0xFE)),
    // BIT_LENGTH CHAR_LENGTH CHARACTER_LENGTH EXTRACT OCTET_LENGTH POSITION
    (159, "SQL_SQL92_NUMERIC_VALUE_FUNCTIONS", U32(0x3F)),
    // CURRENT_DATE CURRENT_TIME CURRENT_TIMESTAMP
    (155, "SQL_SQL92_DATETIME_FUNCTIONS", U32(0x7)),
    // EXISTS IS NOT NULL, IS NULL, LIKE, IN, BETWEEN, comparison
    (
        160,
        "SQL_SQL92_PREDICATES",
        U32(0x1 | 0x2 | 0x4 | 0x200 | 0x400 | 0x800 | 0x1000),
    ),
    // CROSS, FULL OUTER, INNER, LEFT OUTER, NATURAL, RIGHT OUTER
    (
        161,
        "SQL_SQL92_RELATIONAL_JOIN_OPERATORS",
        U32(0x2 | 0x8 | 0x10 | 0x40 | 0x80 | 0x100),
    ),
    (165, "SQL_SQL92_VALUE_EXPRESSIONS", U32(0xF)), // CASE CAST COALESCE NULLIF
    (163, "SQL_SQL92_ROW_VALUE_CONSTRUCTOR", U32(0x1 | 0x2)), // value expression, NULL
    (158, "SQL_SQL92_GRANT", U32(0)),
    (162, "SQL_SQL92_REVOKE", U32(0)),
    (156, "SQL_SQL92_FOREIGN_KEY_DELETE_RULE", U32(0)),
    (157, "SQL_SQL92_FOREIGN_KEY_UPDATE_RULE", U32(0)),
    // DATE TIME TIMESTAMP literals and single-field intervals (YEAR .. SECOND)
    (119, "SQL_DATETIME_LITERALS", U32(0x7 | 0x1F8)),
    (88, "SQL_GROUP_BY", U16(2)), // SQL_GB_GROUP_BY_CONTAINS_SELECT
    (90, "SQL_ORDER_BY_COLUMNS_IN_SELECT", N),
    (27, "SQL_EXPRESSIONS_IN_ORDERBY", Y),
    (87, "SQL_COLUMN_ALIAS", Y),
    (74, "SQL_CORRELATION_NAME", U16(2)), // SQL_CN_ANY
    (113, "SQL_LIKE_ESCAPE_CLAUSE", Y),
    (85, "SQL_NULL_COLLATION", U16(0)), // SQL_NC_HIGH: NULLs sort last ascending
    (22, "SQL_CONCAT_NULL_BEHAVIOR", U16(0)), // SQL_CB_NULL
    (75, "SQL_NON_NULLABLE_COLUMNS", U16(0)), // SQL_NNC_NULL: no DDL
    // LEFT RIGHT FULL NESTED NOT_ORDERED INNER ALL_COMPARISON_OPS
    (115, "SQL_OJ_CAPABILITIES", U32(0x7F)),
    (65003, "SQL_OJ_CAPABILITIES (ODBC 2)", U32(0x7F)),
    (38, "SQL_OUTER_JOINS", Y),
    // comparison, EXISTS, IN, correlated
    (95, "SQL_SUBQUERIES", U32(0x1 | 0x2 | 0x4 | 0x10)),
    (96, "SQL_UNION", U32(0x1 | 0x2)), // UNION, UNION ALL
    // Conversions: what CAST really does
    (
        53,
        "SQL_CONVERT_BIGINT",
        Computed(|| Value::U32(convert_mask("SQL_BIGINT"))),
    ),
    (
        54,
        "SQL_CONVERT_BINARY",
        Computed(|| Value::U32(convert_mask("SQL_BINARY"))),
    ),
    (
        55,
        "SQL_CONVERT_BIT",
        Computed(|| Value::U32(convert_mask("SQL_BIT"))),
    ),
    (
        56,
        "SQL_CONVERT_CHAR",
        Computed(|| Value::U32(convert_mask("SQL_CHAR"))),
    ),
    (
        57,
        "SQL_CONVERT_DATE",
        Computed(|| Value::U32(convert_mask("SQL_DATE"))),
    ),
    (
        58,
        "SQL_CONVERT_DECIMAL",
        Computed(|| Value::U32(convert_mask("SQL_DECIMAL"))),
    ),
    (
        59,
        "SQL_CONVERT_DOUBLE",
        Computed(|| Value::U32(convert_mask("SQL_DOUBLE"))),
    ),
    (
        60,
        "SQL_CONVERT_FLOAT",
        Computed(|| Value::U32(convert_mask("SQL_FLOAT"))),
    ),
    (
        61,
        "SQL_CONVERT_INTEGER",
        Computed(|| Value::U32(convert_mask("SQL_INTEGER"))),
    ),
    (
        62,
        "SQL_CONVERT_LONGVARCHAR",
        Computed(|| Value::U32(convert_mask("SQL_LONGVARCHAR"))),
    ),
    (
        63,
        "SQL_CONVERT_NUMERIC",
        Computed(|| Value::U32(convert_mask("SQL_NUMERIC"))),
    ),
    (
        64,
        "SQL_CONVERT_REAL",
        Computed(|| Value::U32(convert_mask("SQL_REAL"))),
    ),
    (
        65,
        "SQL_CONVERT_SMALLINT",
        Computed(|| Value::U32(convert_mask("SQL_SMALLINT"))),
    ),
    (
        66,
        "SQL_CONVERT_TIME",
        Computed(|| Value::U32(convert_mask("SQL_TIME"))),
    ),
    (
        67,
        "SQL_CONVERT_TIMESTAMP",
        Computed(|| Value::U32(convert_mask("SQL_TIMESTAMP"))),
    ),
    (
        68,
        "SQL_CONVERT_TINYINT",
        Computed(|| Value::U32(convert_mask("SQL_TINYINT"))),
    ),
    (
        69,
        "SQL_CONVERT_VARBINARY",
        Computed(|| Value::U32(convert_mask("SQL_VARBINARY"))),
    ),
    (
        70,
        "SQL_CONVERT_VARCHAR",
        Computed(|| Value::U32(convert_mask("SQL_VARCHAR"))),
    ),
    (
        71,
        "SQL_CONVERT_LONGVARBINARY",
        Computed(|| Value::U32(convert_mask("SQL_LONGVARBINARY"))),
    ),
    (
        122,
        "SQL_CONVERT_WCHAR",
        Computed(|| Value::U32(convert_mask("SQL_WCHAR"))),
    ),
    (
        125,
        "SQL_CONVERT_WLONGVARCHAR",
        Computed(|| Value::U32(convert_mask("SQL_WLONGVARCHAR"))),
    ),
    (
        126,
        "SQL_CONVERT_WVARCHAR",
        Computed(|| Value::U32(convert_mask("SQL_WVARCHAR"))),
    ),
    (123, "SQL_CONVERT_INTERVAL_DAY_TIME", U32(0)),
    (124, "SQL_CONVERT_INTERVAL_YEAR_MONTH", U32(0)),
    (173, "SQL_CONVERT_GUID", U32(0)),
    // No DDL, no DML: the data source is read-only
    (86, "SQL_ALTER_TABLE", U32(0)),
    (117, "SQL_ALTER_DOMAIN", U32(0)),
    (127, "SQL_CREATE_ASSERTION", U32(0)),
    (128, "SQL_CREATE_CHARACTER_SET", U32(0)),
    (129, "SQL_CREATE_COLLATION", U32(0)),
    (130, "SQL_CREATE_DOMAIN", U32(0)),
    (131, "SQL_CREATE_SCHEMA", U32(0)),
    (132, "SQL_CREATE_TABLE", U32(0)),
    (133, "SQL_CREATE_TRANSLATION", U32(0)),
    (134, "SQL_CREATE_VIEW", U32(0)),
    (136, "SQL_DROP_ASSERTION", U32(0)),
    (137, "SQL_DROP_CHARACTER_SET", U32(0)),
    (138, "SQL_DROP_COLLATION", U32(0)),
    (139, "SQL_DROP_DOMAIN", U32(0)),
    (140, "SQL_DROP_SCHEMA", U32(0)),
    (141, "SQL_DROP_TABLE", U32(0)),
    (142, "SQL_DROP_TRANSLATION", U32(0)),
    (143, "SQL_DROP_VIEW", U32(0)),
    (170, "SQL_DDL_INDEX", U32(0)),
    (148, "SQL_INDEX_KEYWORDS", U32(0)), // SQL_IK_NONE
    (172, "SQL_INSERT_STATEMENT", U32(0)),
    (149, "SQL_INFO_SCHEMA_VIEWS", U32(0)),
    (80, "SQL_POSITIONED_STATEMENTS", U32(0)),
    // Transactions: none; reads see what the API returns at the time
    (46, "SQL_TXN_CAPABLE", U16(0)),             // SQL_TC_NONE
    (26, "SQL_DEFAULT_TXN_ISOLATION", U32(0x2)), // as SQL_ATTR_TXN_ISOLATION reads
    (72, "SQL_TXN_ISOLATION_OPTION", U32(0x2)),
    (37, "SQL_MULTIPLE_ACTIVE_TXN", N),
    (23, "SQL_CURSOR_COMMIT_BEHAVIOR", U16(2)), // SQL_CB_PRESERVE
    (24, "SQL_CURSOR_ROLLBACK_BEHAVIOR", U16(2)),
    // Cursors: forward-only and read-only
    (44, "SQL_SCROLL_OPTIONS", U32(0x1)), // SQL_SO_FORWARD_ONLY
    (43, "SQL_SCROLL_CONCURRENCY", U32(0x1)), // SQL_SCCO_READ_ONLY
    (8, "SQL_FETCH_DIRECTION", U32(0x1)), // SQL_FD_FETCH_NEXT
    (146, "SQL_FORWARD_ONLY_CURSOR_ATTRIBUTES1", U32(0x1)), // SQL_CA1_NEXT
    // SQL_CA2_READ_ONLY_CONCURRENCY | SQL_CA2_MAX_ROWS_SELECT
    (147, "SQL_FORWARD_ONLY_CURSOR_ATTRIBUTES2", U32(0x1 | 0x80)),
    (167, "SQL_STATIC_CURSOR_ATTRIBUTES1", U32(0)),
    (168, "SQL_STATIC_CURSOR_ATTRIBUTES2", U32(0)),
    (150, "SQL_KEYSET_CURSOR_ATTRIBUTES1", U32(0)),
    (151, "SQL_KEYSET_CURSOR_ATTRIBUTES2", U32(0)),
    (144, "SQL_DYNAMIC_CURSOR_ATTRIBUTES1", U32(0)),
    (145, "SQL_DYNAMIC_CURSOR_ATTRIBUTES2", U32(0)),
    (10001, "SQL_CURSOR_SENSITIVITY", U32(1)), // SQL_INSENSITIVE
    (83, "SQL_STATIC_SENSITIVITY", U32(0)),
    (82, "SQL_BOOKMARK_PERSISTENCE", U32(0)),
    (78, "SQL_LOCK_TYPES", U32(0)),
    (79, "SQL_POS_OPERATIONS", U32(0)),
    // SQL_GD_ANY_COLUMN | SQL_GD_ANY_ORDER | SQL_GD_BOUND
    (81, "SQL_GETDATA_EXTENSIONS", U32(0x1 | 0x2 | 0x8)),
    (111, "SQL_NEED_LONG_DATA_LEN", N),
    (36, "SQL_MULT_RESULT_SETS", N),
    // Execution
    (10021, "SQL_ASYNC_MODE", U32(0)), // SQL_AM_NONE
    (10023, "SQL_ASYNC_DBC_FUNCTIONS", U32(0)),
    (10025, "SQL_ASYNC_NOTIFICATION", U32(0)),
    (10024, "SQL_DRIVER_AWARE_POOLING_SUPPORTED", U32(0)),
    (121, "SQL_BATCH_SUPPORT", U32(0)),
    (120, "SQL_BATCH_ROW_COUNT", U32(0)),
    (153, "SQL_PARAM_ARRAY_ROW_COUNTS", U32(2)), // SQL_PARC_NO_BATCH
    (154, "SQL_PARAM_ARRAY_SELECTS", U32(3)),    // SQL_PAS_NO_SELECT
    (180, "SQL_RETURN_ESCAPE_CLAUSE", U32(0)),   // SQL_RC_NONE
    (1750, "SQL_DTC_TRANSITION_COST", U32(0)),
];

/// What `SQLGetInfo` reports about an open connection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Connection {
    /// `SQL_DBMS_NAME`: the API ("Stripe", "Bitbucket").
    pub dbms_name: String,
    /// `SQL_DATABASE_NAME`: the current catalog.
    pub catalog: String,
    /// `SQL_DATA_SOURCE_NAME`: the DSN, if the connection used one.
    pub data_source: String,
    /// `SQL_USER_NAME`: the `User` property (never a secret).
    pub user: String,
    /// `SQL_SERVER_NAME`: the API host.
    pub server: String,
}

impl Connection {
    pub fn of(provider: &dyn Provider, properties: &Properties) -> Connection {
        let name = provider.name();
        let default_host = match name {
            "Bitbucket" => "api.bitbucket.org",
            _ => "api.stripe.com",
        };
        let server = properties
            .get("BaseURL")
            .and_then(|url| {
                let rest = url.split_once("://").map_or(url, |(_, r)| r);
                rest.split(['/', '?']).next().map(str::to_string)
            })
            .filter(|host| !host.is_empty())
            .unwrap_or_else(|| default_host.to_string());
        Connection {
            dbms_name: name.to_string(),
            catalog: provider.catalog(),
            data_source: properties.get("DSN").unwrap_or_default().to_string(),
            user: properties.get("User").unwrap_or_default().to_string(),
            server,
        }
    }
}

/// The answer to `SQLGetInfo(info_type)`; `connection` is `None` before connecting.
pub fn get(info_type: u16, connection: Option<&Connection>) -> Result<Value> {
    let Some((_, _, answer)) = INFO.iter().find(|(t, _, _)| *t == info_type) else {
        return Err(Error::information_type_out_of_range(format!(
            "information type out of range: {info_type}"
        )));
    };
    Ok(match *answer {
        Text(s) => Value::Text(Cow::Borrowed(s)),
        U16(n) => Value::U16(n),
        U32(n) => Value::U32(n),
        Computed(f) => f(),
        Connected(f) => {
            let connection =
                connection.ok_or_else(|| Error::connection_not_open("connection not open"))?;
            Value::Text(f(connection).into())
        }
    })
}

// ---------------------------------------------------------------------------
// SQLGetFunctions
// ---------------------------------------------------------------------------

/// `SQL_API_*` ids of every ODBC function, exported or not.
pub static API_IDS: &[(&str, u16)] = &[
    ("SQLAllocConnect", 1),
    ("SQLAllocEnv", 2),
    ("SQLAllocStmt", 3),
    ("SQLBindCol", 4),
    ("SQLCancel", 5),
    ("SQLColAttribute", 6),
    ("SQLConnect", 7),
    ("SQLDescribeCol", 8),
    ("SQLDisconnect", 9),
    ("SQLError", 10),
    ("SQLExecDirect", 11),
    ("SQLExecute", 12),
    ("SQLFetch", 13),
    ("SQLFreeConnect", 14),
    ("SQLFreeEnv", 15),
    ("SQLFreeStmt", 16),
    ("SQLGetCursorName", 17),
    ("SQLNumResultCols", 18),
    ("SQLPrepare", 19),
    ("SQLRowCount", 20),
    ("SQLSetCursorName", 21),
    ("SQLSetParam", 22),
    ("SQLTransact", 23),
    ("SQLBulkOperations", 24),
    ("SQLColumns", 40),
    ("SQLDriverConnect", 41),
    ("SQLGetConnectOption", 42),
    ("SQLGetData", 43),
    ("SQLGetFunctions", 44),
    ("SQLGetInfo", 45),
    ("SQLGetStmtOption", 46),
    ("SQLGetTypeInfo", 47),
    ("SQLParamData", 48),
    ("SQLPutData", 49),
    ("SQLSetConnectOption", 50),
    ("SQLSetStmtOption", 51),
    ("SQLSpecialColumns", 52),
    ("SQLStatistics", 53),
    ("SQLTables", 54),
    ("SQLBrowseConnect", 55),
    ("SQLColumnPrivileges", 56),
    ("SQLDataSources", 57),
    ("SQLDescribeParam", 58),
    ("SQLExtendedFetch", 59),
    ("SQLForeignKeys", 60),
    ("SQLMoreResults", 61),
    ("SQLNativeSql", 62),
    ("SQLNumParams", 63),
    ("SQLParamOptions", 64),
    ("SQLPrimaryKeys", 65),
    ("SQLProcedureColumns", 66),
    ("SQLProcedures", 67),
    ("SQLSetPos", 68),
    ("SQLSetScrollOptions", 69),
    ("SQLTablePrivileges", 70),
    ("SQLDrivers", 71),
    ("SQLBindParameter", 72),
    ("SQLAllocHandleStd", 73),
    ("SQLAllocHandle", 1001),
    ("SQLBindParam", 1002),
    ("SQLCloseCursor", 1003),
    ("SQLCopyDesc", 1004),
    ("SQLEndTran", 1005),
    ("SQLFreeHandle", 1006),
    ("SQLGetConnectAttr", 1007),
    ("SQLGetDescField", 1008),
    ("SQLGetDescRec", 1009),
    ("SQLGetDiagField", 1010),
    ("SQLGetDiagRec", 1011),
    ("SQLGetEnvAttr", 1012),
    ("SQLGetStmtAttr", 1014),
    ("SQLSetConnectAttr", 1016),
    ("SQLSetDescField", 1017),
    ("SQLSetDescRec", 1018),
    ("SQLSetEnvAttr", 1019),
    ("SQLSetStmtAttr", 1020),
    ("SQLFetchScroll", 1021),
    ("SQLCancelHandle", 1022),
];

/// Every function the library exports (ANSI and Unicode forms count as one).
/// `SQLGetFunctions` answers from this list; a test keeps it equal to the
/// `extern "system"` functions of `src/ffi/`.
pub static EXPORTED: &[&str] = &[
    // handles and attributes
    "SQLAllocHandle",
    "SQLFreeHandle",
    "SQLFreeStmt",
    "SQLSetEnvAttr",
    "SQLGetEnvAttr",
    "SQLSetConnectAttr",
    "SQLGetConnectAttr",
    "SQLSetStmtAttr",
    "SQLGetStmtAttr",
    // connections
    "SQLConnect",
    "SQLDriverConnect",
    "SQLDisconnect",
    "SQLGetInfo",
    "SQLGetFunctions",
    // statements
    "SQLNativeSql",
    "SQLPrepare",
    "SQLExecute",
    "SQLExecDirect",
    "SQLNumResultCols",
    "SQLDescribeCol",
    "SQLColAttribute",
    "SQLBindParameter",
    "SQLNumParams",
    "SQLDescribeParam",
    "SQLRowCount",
    "SQLMoreResults",
    "SQLCloseCursor",
    "SQLCancel",
    "SQLEndTran",
    // fetching
    "SQLFetch",
    "SQLFetchScroll",
    "SQLExtendedFetch",
    "SQLBindCol",
    "SQLGetData",
    // catalog
    "SQLTables",
    "SQLColumns",
    "SQLPrimaryKeys",
    "SQLForeignKeys",
    "SQLStatistics",
    "SQLSpecialColumns",
    "SQLProcedures",
    "SQLProcedureColumns",
    "SQLTablePrivileges",
    "SQLColumnPrivileges",
    "SQLGetTypeInfo",
    // descriptors and diagnostics
    "SQLGetDescField",
    "SQLGetDescRec",
    "SQLSetDescField",
    "SQLSetDescRec",
    "SQLCopyDesc",
    "SQLGetDiagRec",
    "SQLGetDiagField",
];

/// `SQL_API_ALL_FUNCTIONS`: 100 flags for the ODBC 2 function ids.
pub const ALL_FUNCTIONS: u16 = 0;
/// `SQL_API_ODBC3_ALL_FUNCTIONS`: a 250-word bitmap of every function id.
pub const ODBC3_ALL_FUNCTIONS: u16 = 999;
pub const ODBC3_ALL_FUNCTIONS_SIZE: usize = 250;

fn exported_ids() -> impl Iterator<Item = u16> {
    EXPORTED
        .iter()
        .filter_map(|name| API_IDS.iter().find(|(n, _)| n == name).map(|(_, id)| *id))
}

/// Whether the library exports the function with this `SQL_API_*` id;
/// HY095 for an id no ODBC function has.
pub fn supports(function_id: u16) -> Result<bool> {
    if !API_IDS.iter().any(|(_, id)| *id == function_id) {
        return Err(Error::function_type_out_of_range(format!(
            "function type out of range: {function_id}"
        )));
    }
    Ok(exported_ids().any(|id| id == function_id))
}

/// The `SQL_API_ALL_FUNCTIONS` array: element `id` is `SQL_TRUE` for every
/// exported function with an id below 100.
pub fn all_functions() -> [u16; 100] {
    let mut flags = [0u16; 100];
    for id in exported_ids().filter(|id| *id < 100) {
        flags[usize::from(id)] = 1;
    }
    flags
}

/// The `SQL_API_ODBC3_ALL_FUNCTIONS` bitmap: bit `id % 16` of word `id / 16`.
pub fn odbc3_bitmap() -> [u16; ODBC3_ALL_FUNCTIONS_SIZE] {
    let mut words = [0u16; ODBC3_ALL_FUNCTIONS_SIZE];
    for id in exported_ids() {
        words[usize::from(id >> 4)] |= 1 << (id & 0xF);
    }
    words
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    #[test]
    fn every_info_type_is_listed_once() {
        let mut seen = BTreeSet::new();
        for (t, name, _) in INFO {
            assert!(seen.insert(*t), "{name} ({t}) listed twice");
        }
        // What Power Query and Tableau read before anything else.
        for t in [
            180, 1750, 6, 7, 17, 18, 29, 77, 10003, 28, 93, 81, 146, 147, 44, 46,
        ] {
            assert!(seen.contains(&t), "{t} missing");
        }
    }

    #[test]
    fn values_have_the_documented_kind() {
        let text = |t| matches!(get(t, None), Ok(Value::Text(_)));
        let small = |t| matches!(get(t, None), Ok(Value::U16(_)));
        let int = |t| matches!(get(t, None), Ok(Value::U32(_)));
        assert_eq!(get(6, None).unwrap(), Value::Text(DRIVER_FILE.into()));
        assert_eq!(get(77, None).unwrap(), Value::Text("03.80".into()));
        assert_eq!(get(29, None).unwrap(), Value::Text("\"".into()));
        assert_eq!(get(25, None).unwrap(), Value::Text("Y".into()));
        assert_eq!(get(10003, None).unwrap(), Value::Text("Y".into()));
        assert!(text(7) && text(89) && text(14) && text(41));
        assert!(small(28) && small(93) && small(46) && small(1) && small(88) && small(114));
        assert!(int(81) && int(146) && int(147) && int(44) && int(180) && int(1750));
        assert!(int(50) && int(115) && int(169) && int(53) && int(10021));
        assert_eq!(get(81, None).unwrap(), Value::U32(0xB));
        assert_eq!(get(46, None).unwrap(), Value::U16(0));
        assert_eq!(get(180, None).unwrap(), Value::U32(0));
        assert_eq!(get(167, None).unwrap(), Value::U32(0));
        assert_eq!(get(4999, None).unwrap_err().state, "HY096");
    }

    #[test]
    fn driver_version_has_the_odbc_shape() {
        let v = driver_version();
        let parts: Vec<_> = v.split('.').collect();
        assert_eq!(
            parts.iter().map(|p| p.len()).collect::<Vec<_>>(),
            [2, 2, 4],
            "{v}"
        );
    }

    #[test]
    fn session_answers_need_a_connection() {
        for t in [2, 13, 16, 17, 18, 47] {
            assert_eq!(get(t, None).unwrap_err().state, "08003", "{t}");
        }
    }

    #[test]
    fn function_bitmasks_match_the_escape_lists() {
        for (list, vocabulary) in [
            (escape::STRING_FUNCTIONS, STRING_BITS),
            (escape::NUMERIC_FUNCTIONS, NUMERIC_BITS),
            (escape::TIMEDATE_FUNCTIONS, TIMEDATE_BITS),
            (escape::SYSTEM_FUNCTIONS, SYSTEM_BITS),
            (escape::TIMEDATE_INTERVALS, INTERVAL_BITS),
        ] {
            for name in list {
                assert!(
                    vocabulary.iter().any(|(v, _)| v == name),
                    "{name} has no ODBC bit"
                );
            }
        }
        // string: CONCAT LCASE UCASE LENGTH LEFT RIGHT LTRIM RTRIM SUBSTRING
        // LOCATE(+_2) REPLACE ASCII CHAR
        assert_eq!(get(50, None).unwrap(), Value::U32(0x17F7D));
        assert_eq!(get(49, None).unwrap(), Value::U32(0xD95F21));
        assert_eq!(get(51, None).unwrap(), Value::U32(0x7));
        assert_eq!(get(109, None).unwrap(), Value::U32(0x1FF));
        let Value::U32(td) = get(52, None).unwrap() else {
            panic!()
        };
        assert_eq!(td.count_ones() as usize, escape::TIMEDATE_FUNCTIONS.len());
        assert_eq!(td & 0x1, 0x1, "NOW");
        assert_eq!(td & 0x20000, 0, "CURRENT_DATE is no {{fn}} escape");
    }

    #[test]
    fn conversions_follow_what_cast_can_do() {
        let mask = |t| match get(t, None).unwrap() {
            Value::U32(m) => m,
            v => panic!("{v:?}"),
        };
        let (char_, varchar, wvarchar, integer, bigint, date, timestamp, bit, double) = (
            0x1, 0x100, 0x800000, 0x8, 0x4000, 0x8000, 0x20000, 0x1000, 0x80,
        );
        let from_bigint = mask(53);
        for target in [char_, varchar, wvarchar, integer, bigint, double] {
            assert_eq!(from_bigint & target, target, "BIGINT -> {target:#x}");
        }
        let from_varchar = mask(70);
        for target in [integer, bigint, date, timestamp, bit, double, wvarchar] {
            assert_eq!(from_varchar & target, target, "VARCHAR -> {target:#x}");
        }
        assert_eq!(mask(126), from_varchar, "WVARCHAR converts like VARCHAR");
        let from_timestamp = mask(67);
        for target in [date, timestamp, varchar] {
            assert_eq!(from_timestamp & target, target, "TIMESTAMP -> {target:#x}");
        }
        assert_eq!(mask(173), 0);
        assert_eq!(get(48, None).unwrap(), Value::U32(0x3));
    }

    #[test]
    fn session_answers_come_from_the_provider_and_properties() {
        use crate::query::fake::Fake;
        let properties = Properties::from_pairs([
            ("DSN", "demo"),
            ("User", "ann"),
            ("LiveAPIKey", "sk_test_secret"),
            ("BaseURL", "http://127.0.0.1:8080/v1"),
        ]);
        let connection = Connection::of(&Fake::for_catalog_functions(), &properties);
        let text = |t| match get(t, Some(&connection)).unwrap() {
            Value::Text(s) => s.into_owned(),
            v => panic!("{v:?}"),
        };
        assert_eq!(text(17), "Fake");
        assert_eq!(text(16), "fake");
        assert_eq!(text(2), "demo");
        assert_eq!(text(47), "ann");
        assert_eq!(text(13), "127.0.0.1:8080");
        assert_eq!(text(18), driver_version());
        for t in INFO.iter().map(|(t, _, _)| *t) {
            if let Ok(Value::Text(s)) = get(t, Some(&connection)) {
                assert!(!s.contains("secret"), "{t} leaks a secret");
            }
        }
    }

    #[test]
    fn get_functions_reports_exactly_the_list() {
        let bitmap = odbc3_bitmap();
        let all = all_functions();
        for (name, id) in API_IDS {
            let exported = EXPORTED.contains(name);
            let bit = bitmap[usize::from(*id >> 4)] & (1 << (id & 0xF)) != 0;
            assert_eq!(bit, exported, "{name}");
            assert_eq!(supports(*id).unwrap(), exported, "{name}");
            if *id < 100 {
                assert_eq!(all[usize::from(*id)] == 1, exported, "{name}");
            }
        }
        for name in EXPORTED {
            assert!(
                API_IDS.iter().any(|(n, _)| n == name),
                "{name} has no SQL_API id"
            );
        }
        assert_eq!(
            bitmap.iter().map(|w| w.count_ones()).sum::<u32>() as usize,
            EXPORTED.len()
        );
        assert!(supports(45).unwrap(), "SQLGetInfo");
        assert!(!supports(68).unwrap(), "SQLSetPos is not exported");
        assert_eq!(supports(4242).unwrap_err().state, "HY095");
    }

    /// The base names (`W` forms folded in) of every `#[no_mangle]` function
    /// defined in `src/ffi/`, read from the sources present now.
    fn exports_in_sources() -> BTreeSet<String> {
        // Read at run time so a cached test binary checks the sources present now.
        let dir = std::env::var_os("CARGO_MANIFEST_DIR")
            .map_or_else(
                || env!("CARGO_MANIFEST_DIR").into(),
                std::path::PathBuf::from,
            )
            .join("src/ffi");
        let mut found = BTreeSet::new();
        let mut attributes = 0;
        let mut functions = 0;
        for entry in std::fs::read_dir(&dir).expect("src/ffi") {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let source = std::fs::read_to_string(&path).unwrap();
            let mut lines = source.lines();
            while let Some(line) = lines.next() {
                if !line.trim_start().starts_with("#[") || !line.contains("no_mangle") {
                    continue;
                }
                attributes += 1;
                // The exported function is the next item with `fn`, whatever
                // its qualifiers (`unsafe`, `extern "system"`).
                let Some(item) = lines.by_ref().find(|l| l.contains("fn ")) else {
                    continue;
                };
                let rest = &item[item.find("fn ").unwrap() + 3..];
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                functions += 1;
                // The installer's setup entry points (`ConfigDSN`, ...) are
                // not ODBC API functions: SQLGetFunctions does not list them.
                if !name.starts_with("SQL") {
                    continue;
                }
                let base = match name.strip_suffix('W') {
                    Some(b) if API_IDS.iter().any(|(n, _)| *n == b) => b.to_string(),
                    _ => name,
                };
                found.insert(base);
            }
        }
        assert_eq!(attributes, functions, "every #[no_mangle] names a function");
        assert!(found.len() > 10, "the scan found the exports");
        found
    }

    #[test]
    fn the_list_matches_the_exports_in_the_sources() {
        let exported = exports_in_sources();
        // An export missing from the list would be refused by the Windows
        // driver manager (IM001): never allowed.
        for name in &exported {
            assert!(
                EXPORTED.contains(&name.as_str()),
                "{name} is exported but missing from info::EXPORTED"
            );
        }
        for name in EXPORTED {
            assert!(
                exported.contains(*name),
                "{name} is listed in info::EXPORTED but not exported"
            );
        }
        for name in [
            "SQLGetInfo",
            "SQLGetFunctions",
            "SQLTables",
            "SQLGetTypeInfo",
        ] {
            assert!(exported.contains(name), "{name}");
        }
    }
}
