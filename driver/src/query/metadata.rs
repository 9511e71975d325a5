//! The catalog functions (`SQLTables`, `SQLColumns`, `SQLPrimaryKeys`, ...)
//! as result sets: every function here builds the record batch of one ODBC
//! catalog call, with the column names, types and nullability the ODBC
//! reference mandates, from the provider's declarative tables and the driver's
//! system tables. Nothing here talks HTTP except through the provider
//! (`catalogs()`/`schemas()`), so Stripe's static definitions answer without
//! a single request.
//!
//! Column types come from [`SqlType`], the one Arrow→SQL mapping, so
//! `SQLColumns` reports exactly what `SQLDescribeCol` reports for `SELECT *`.

use std::collections::HashMap;
use std::sync::Arc;

use apiodbc_providers::Provider;
use apiodbc_providers::table::{DESCRIPTION_KEY, SIZE_KEY};
use arrow::array::{ArrayRef, Int16Builder, Int32Builder, RecordBatch, StringBuilder};
use arrow::datatypes::{DataType, Field, Schema, SchemaRef};

use parking_lot::RwLock;

use super::procedures::Procedures;
use super::system_tables::{self, SystemContext};
use super::{Control, ResultSet, Session};
use crate::convert::types::{self, SqlType, code};
use crate::diag::{Error, Result};

/// `SQL_SEARCH_PATTERN_ESCAPE`: escapes `%`, `_` and itself in pattern arguments.
pub const PATTERN_ESCAPE: char = '\\';
/// `TABLE_TYPE` of the provider's tables.
pub const TABLE: &str = "TABLE";
/// `TABLE_TYPE` of the driver's `sys_*` tables.
pub const SYSTEM_TABLE: &str = "SYSTEM TABLE";
/// Every table type, in the order `SQLTables(SQL_ALL_TABLE_TYPES)` lists them.
pub const TABLE_TYPES: &[&str] = &[SYSTEM_TABLE, TABLE];
/// The column a table's rows are identified by, where it has one.
pub const KEY_COLUMN: &str = "id";
/// Declared length of catalog, schema, table and column names in these results.
pub const NAME_SIZE: usize = 128;
/// Who every `SELECT` privilege is granted to.
pub const GRANTEE: &str = "PUBLIC";

// ---------------------------------------------------------------------------
// System tables and procedures
// ---------------------------------------------------------------------------

/// A system table, as the catalog functions list and describe it.
#[derive(Debug, Clone)]
pub struct SystemTable {
    pub name: &'static str,
    pub description: &'static str,
    pub schema: SchemaRef,
}

fn sys_field(name: &str, data_type: DataType, nullable: bool, description: &str) -> Field {
    Field::new(name, data_type, nullable).with_metadata(HashMap::from([(
        DESCRIPTION_KEY.to_string(),
        description.to_string(),
    )]))
}

/// The `sys_*` tables of a connection, with the columns the planner's
/// `query::system_tables` serves (read from its table providers, so the
/// catalog functions describe exactly what a query returns).
fn system_tables(context: &Arc<SystemContext>) -> Vec<SystemTable> {
    system_tables::names()
        .filter_map(|name| {
            let table = system_tables::table(context, name)?;
            Some(SystemTable {
                name,
                description: system_tables::description(name),
                schema: table.schema(),
            })
        })
        .collect()
}

/// `COLUMN_TYPE` of `SQLProcedureColumns`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(dead_code, reason = "the OAuth procedures will use every kind")]
pub enum ParamKind {
    Input = 1,
    InputOutput = 2,
    ResultColumn = 3,
    Output = 4,
    ReturnValue = 5,
}

/// One parameter or result column of a stored procedure: its kind and a
/// field (name, engine type, nullability, description metadata) whose SQL
/// type comes from [`SqlType`] like any column's.
#[derive(Debug, Clone)]
pub struct ProcedureColumn {
    pub kind: ParamKind,
    pub field: Field,
}

/// A stored procedure as `SQLProcedures`/`SQLProcedureColumns` describe it.
#[derive(Debug, Clone)]
pub struct ProcedureInfo {
    pub name: &'static str,
    pub description: &'static str,
    pub columns: Vec<ProcedureColumn>,
}

impl ProcedureInfo {
    /// From a procedure's declared input parameters (name, description,
    /// engine type, required) and its result columns.
    pub fn new(
        name: &'static str,
        description: &'static str,
        parameters: impl IntoIterator<Item = (&'static str, &'static str, DataType, bool)>,
        result: &Schema,
    ) -> Self {
        let inputs = parameters
            .into_iter()
            .map(|(n, d, t, required)| ProcedureColumn {
                kind: ParamKind::Input,
                field: sys_field(n, t, !required, d),
            });
        let outputs = result.fields().iter().map(|f| ProcedureColumn {
            kind: ParamKind::ResultColumn,
            field: f.as_ref().clone(),
        });
        ProcedureInfo {
            name,
            description,
            columns: inputs.chain(outputs).collect(),
        }
    }
}

/// What the catalog functions list besides the provider's tables.
#[derive(Debug, Clone)]
pub struct Sources {
    /// The schema the system tables and procedures are listed in: the
    /// connection's default schema (they resolve unqualified in every schema).
    pub system_schema: String,
    pub system_tables: Vec<SystemTable>,
    pub procedures: Vec<ProcedureInfo>,
}

impl Sources {
    /// The system tables, procedures and default schema of a connection.
    pub fn of(session: &Session) -> Sources {
        let system_schema = session.default_schema();
        let procedures = session.procedures().all();
        let context = Arc::new(SystemContext {
            provider: session.provider.clone(),
            properties: session.properties.clone(),
            procedures: Arc::new(Procedures::new(procedures.to_vec())),
            default_schema: RwLock::new(system_schema.clone()),
        });
        Sources {
            system_tables: system_tables(&context),
            procedures: procedures
                .iter()
                .map(|p| {
                    ProcedureInfo::new(
                        p.name,
                        p.description,
                        p.parameters
                            .iter()
                            .map(|a| (a.name, a.description, a.data_type.clone(), a.required)),
                        &(p.result)(),
                    )
                })
                .collect(),
            system_schema,
        }
    }
}

// ---------------------------------------------------------------------------
// Name arguments: patterns, ordinary arguments, identifiers
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token {
    Char(char),
    /// `_`: exactly one character.
    One,
    /// `%`: any run of characters.
    Any,
}

/// A catalog function's name argument, ready to match names with.
///
/// Names are lower-case and table lookup is case-insensitive, so patterns and
/// ordinary arguments match without regard to case; only a quoted identifier
/// (`SQL_ATTR_METADATA_ID` on) is compared exactly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Name {
    /// No restriction (a null argument).
    All,
    /// A search pattern, lower-cased.
    Pattern(Vec<Token>),
    /// One name.
    Exact { name: String, case_sensitive: bool },
}

impl Name {
    /// A pattern value argument (PV): `%`, `_` and `\` escapes, unless
    /// `SQL_ATTR_METADATA_ID` makes it an identifier.
    pub fn pattern(arg: Option<&str>, metadata_id: bool, what: &str) -> Result<Name> {
        if metadata_id {
            return Self::identifier(arg, what);
        }
        let Some(arg) = arg else {
            return Ok(Name::All);
        };
        let mut tokens = Vec::new();
        let mut chars = arg.chars();
        while let Some(c) = chars.next() {
            tokens.push(match c {
                '%' => Token::Any,
                '_' => Token::One,
                PATTERN_ESCAPE => Token::Char(chars.next().unwrap_or(PATTERN_ESCAPE)),
                c => Token::Char(c),
            });
        }
        if tokens.iter().all(|t| matches!(t, Token::Char(_))) {
            let name = tokens
                .iter()
                .map(|t| match t {
                    Token::Char(c) => *c,
                    _ => unreachable!(),
                })
                .collect();
            return Ok(Name::Exact {
                name,
                case_sensitive: false,
            });
        }
        Ok(Name::Pattern(
            tokens
                .into_iter()
                .flat_map(|t| match t {
                    Token::Char(c) => c.to_lowercase().map(Token::Char).collect::<Vec<_>>(),
                    t => vec![t],
                })
                .collect(),
        ))
    }

    /// An ordinary argument (OA): a name taken literally, unless
    /// `SQL_ATTR_METADATA_ID` makes it an identifier.
    pub fn ordinary(arg: Option<&str>, metadata_id: bool, what: &str) -> Result<Name> {
        if metadata_id {
            return Self::identifier(arg, what);
        }
        Ok(match arg {
            None => Name::All,
            Some(s) => Name::Exact {
                name: s.to_string(),
                case_sensitive: false,
            },
        })
    }

    /// An identifier argument: a quoted name is exact, an unquoted one is
    /// case-insensitive with trailing blanks ignored. Null is not allowed.
    pub fn identifier(arg: Option<&str>, what: &str) -> Result<Name> {
        let arg = arg.ok_or_else(|| Error::null_pointer(what))?;
        let trimmed = arg.trim();
        if trimmed.len() >= 2 && trimmed.starts_with('"') && trimmed.ends_with('"') {
            let inner = &trimmed[1..trimmed.len() - 1];
            return Ok(Name::Exact {
                name: inner.replace("\"\"", "\""),
                case_sensitive: true,
            });
        }
        Ok(Name::Exact {
            name: trimmed.to_string(),
            case_sensitive: false,
        })
    }

    /// A catalog or schema argument: every catalog and schema has a name, so an
    /// empty string ("objects without a schema") is read as no restriction,
    /// which is what the clients that send it mean.
    fn qualifier(self) -> Name {
        match self {
            Name::Exact { name, .. } if name.is_empty() => Name::All,
            Name::Pattern(p) if p.is_empty() => Name::All,
            n => n,
        }
    }

    pub fn matches(&self, candidate: &str) -> bool {
        match self {
            Name::All => true,
            Name::Exact {
                name,
                case_sensitive: true,
            } => name == candidate,
            Name::Exact { name, .. } => {
                name == candidate || name.to_lowercase() == candidate.to_lowercase()
            }
            Name::Pattern(tokens) => {
                let text: Vec<char> = candidate.to_lowercase().chars().collect();
                like(tokens, &text)
            }
        }
    }

    /// The one name this argument can match, when it is not a real pattern:
    /// lets a call skip listing (and paying for) every schema.
    pub fn literal(&self) -> Option<String> {
        match self {
            Name::Exact {
                name,
                case_sensitive: true,
            } => Some(name.clone()),
            Name::Exact { name, .. } => Some(name.to_lowercase()),
            _ => None,
        }
    }
}

/// LIKE matching over characters: `%` any run, `_` one character.
fn like(pattern: &[Token], text: &[char]) -> bool {
    // Iterative matching with backtracking to the last `%`.
    let (mut p, mut t) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        match pattern.get(p) {
            Some(Token::Any) => {
                star = Some((p, t));
                p += 1;
            }
            Some(Token::One) => {
                p += 1;
                t += 1;
            }
            Some(Token::Char(c)) if *c == text[t] => {
                p += 1;
                t += 1;
            }
            _ => match star {
                Some((sp, st)) => {
                    p = sp + 1;
                    t = st + 1;
                    star = Some((sp, st + 1));
                }
                None => return false,
            },
        }
    }
    pattern[p..].iter().all(|t| *t == Token::Any)
}

/// The `TableType` argument of `SQLTables`: `TABLE`, `'TABLE','VIEW'`, ...
/// `None` means every type.
fn table_types(arg: Option<&str>) -> Option<Vec<String>> {
    let arg = arg?;
    let types: Vec<String> = arg
        .split(',')
        .map(|t| t.trim().trim_matches('\'').trim().to_uppercase())
        .filter(|t| !t.is_empty())
        .collect();
    if types.is_empty() || types.iter().any(|t| t == "%") {
        None
    } else {
        Some(types)
    }
}

// ---------------------------------------------------------------------------
// Result shapes
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ty {
    /// VARCHAR → Utf8
    Text,
    /// SMALLINT → Int16
    Small,
    /// INTEGER → Int32
    Int,
}

/// One column of a catalog function's result set.
#[derive(Debug, Clone, Copy)]
struct Col {
    name: &'static str,
    /// The ODBC 2 name, where it differs.
    odbc2: Option<&'static str>,
    ty: Ty,
    nullable: bool,
    /// Declared size of a text column.
    size: usize,
}

const fn text(name: &'static str, nullable: bool) -> Col {
    Col {
        name,
        odbc2: None,
        ty: Ty::Text,
        nullable,
        size: NAME_SIZE,
    }
}
const fn small(name: &'static str, nullable: bool) -> Col {
    Col {
        name,
        odbc2: None,
        ty: Ty::Small,
        nullable,
        size: 0,
    }
}
const fn int(name: &'static str, nullable: bool) -> Col {
    Col {
        name,
        odbc2: None,
        ty: Ty::Int,
        nullable,
        size: 0,
    }
}
const fn v2(col: Col, odbc2: &'static str) -> Col {
    Col {
        odbc2: Some(odbc2),
        ..col
    }
}
const fn long(col: Col) -> Col {
    Col {
        size: types::MAX_VARCHAR_SIZE,
        ..col
    }
}

const TABLES: &[Col] = &[
    v2(text("TABLE_CAT", true), "TABLE_QUALIFIER"),
    v2(text("TABLE_SCHEM", true), "TABLE_OWNER"),
    text("TABLE_NAME", true),
    text("TABLE_TYPE", true),
    long(text("REMARKS", true)),
];

const COLUMNS: &[Col] = &[
    v2(text("TABLE_CAT", true), "TABLE_QUALIFIER"),
    v2(text("TABLE_SCHEM", true), "TABLE_OWNER"),
    text("TABLE_NAME", false),
    text("COLUMN_NAME", false),
    small("DATA_TYPE", false),
    text("TYPE_NAME", false),
    v2(int("COLUMN_SIZE", true), "PRECISION"),
    v2(int("BUFFER_LENGTH", true), "LENGTH"),
    v2(small("DECIMAL_DIGITS", true), "SCALE"),
    v2(small("NUM_PREC_RADIX", true), "RADIX"),
    small("NULLABLE", false),
    long(text("REMARKS", true)),
    long(text("COLUMN_DEF", true)),
    small("SQL_DATA_TYPE", false),
    small("SQL_DATETIME_SUB", true),
    int("CHAR_OCTET_LENGTH", true),
    int("ORDINAL_POSITION", false),
    text("IS_NULLABLE", true),
];

const PRIMARY_KEYS: &[Col] = &[
    v2(text("TABLE_CAT", true), "TABLE_QUALIFIER"),
    v2(text("TABLE_SCHEM", true), "TABLE_OWNER"),
    text("TABLE_NAME", false),
    text("COLUMN_NAME", false),
    small("KEY_SEQ", false),
    text("PK_NAME", true),
];

const FOREIGN_KEYS: &[Col] = &[
    v2(text("PKTABLE_CAT", true), "PKTABLE_QUALIFIER"),
    v2(text("PKTABLE_SCHEM", true), "PKTABLE_OWNER"),
    text("PKTABLE_NAME", false),
    text("PKCOLUMN_NAME", false),
    v2(text("FKTABLE_CAT", true), "FKTABLE_QUALIFIER"),
    v2(text("FKTABLE_SCHEM", true), "FKTABLE_OWNER"),
    text("FKTABLE_NAME", false),
    text("FKCOLUMN_NAME", false),
    small("KEY_SEQ", false),
    small("UPDATE_RULE", true),
    small("DELETE_RULE", true),
    text("FK_NAME", true),
    text("PK_NAME", true),
    small("DEFERRABILITY", true),
];

const STATISTICS: &[Col] = &[
    v2(text("TABLE_CAT", true), "TABLE_QUALIFIER"),
    v2(text("TABLE_SCHEM", true), "TABLE_OWNER"),
    text("TABLE_NAME", false),
    small("NON_UNIQUE", true),
    text("INDEX_QUALIFIER", true),
    text("INDEX_NAME", true),
    small("TYPE", false),
    v2(small("ORDINAL_POSITION", true), "SEQ_IN_INDEX"),
    text("COLUMN_NAME", true),
    v2(text("ASC_OR_DESC", true), "COLLATION"),
    int("CARDINALITY", true),
    int("PAGES", true),
    long(text("FILTER_CONDITION", true)),
];

const SPECIAL_COLUMNS: &[Col] = &[
    small("SCOPE", true),
    text("COLUMN_NAME", false),
    small("DATA_TYPE", false),
    text("TYPE_NAME", false),
    v2(int("COLUMN_SIZE", true), "PRECISION"),
    v2(int("BUFFER_LENGTH", true), "LENGTH"),
    v2(small("DECIMAL_DIGITS", true), "SCALE"),
    small("PSEUDO_COLUMN", true),
];

const PROCEDURES_SHAPE: &[Col] = &[
    v2(text("PROCEDURE_CAT", true), "PROCEDURE_QUALIFIER"),
    v2(text("PROCEDURE_SCHEM", true), "PROCEDURE_OWNER"),
    text("PROCEDURE_NAME", false),
    int("NUM_INPUT_PARAMS", true),
    int("NUM_OUTPUT_PARAMS", true),
    int("NUM_RESULT_SETS", true),
    long(text("REMARKS", true)),
    small("PROCEDURE_TYPE", true),
];

const PROCEDURE_COLUMNS: &[Col] = &[
    v2(text("PROCEDURE_CAT", true), "PROCEDURE_QUALIFIER"),
    v2(text("PROCEDURE_SCHEM", true), "PROCEDURE_OWNER"),
    text("PROCEDURE_NAME", false),
    text("COLUMN_NAME", false),
    small("COLUMN_TYPE", false),
    small("DATA_TYPE", false),
    text("TYPE_NAME", false),
    v2(int("COLUMN_SIZE", true), "PRECISION"),
    v2(int("BUFFER_LENGTH", true), "LENGTH"),
    v2(small("DECIMAL_DIGITS", true), "SCALE"),
    v2(small("NUM_PREC_RADIX", true), "RADIX"),
    small("NULLABLE", false),
    long(text("REMARKS", true)),
    long(text("COLUMN_DEF", true)),
    small("SQL_DATA_TYPE", false),
    small("SQL_DATETIME_SUB", true),
    int("CHAR_OCTET_LENGTH", true),
    int("ORDINAL_POSITION", false),
    text("IS_NULLABLE", true),
];

const TABLE_PRIVILEGES: &[Col] = &[
    v2(text("TABLE_CAT", true), "TABLE_QUALIFIER"),
    v2(text("TABLE_SCHEM", true), "TABLE_OWNER"),
    text("TABLE_NAME", false),
    text("GRANTOR", true),
    text("GRANTEE", false),
    text("PRIVILEGE", false),
    text("IS_GRANTABLE", true),
];

const COLUMN_PRIVILEGES: &[Col] = &[
    v2(text("TABLE_CAT", true), "TABLE_QUALIFIER"),
    v2(text("TABLE_SCHEM", true), "TABLE_OWNER"),
    text("TABLE_NAME", false),
    text("COLUMN_NAME", false),
    text("GRANTOR", true),
    text("GRANTEE", false),
    text("PRIVILEGE", false),
    text("IS_GRANTABLE", true),
];

const TYPE_INFO: &[Col] = &[
    text("TYPE_NAME", false),
    small("DATA_TYPE", false),
    v2(int("COLUMN_SIZE", true), "PRECISION"),
    text("LITERAL_PREFIX", true),
    text("LITERAL_SUFFIX", true),
    text("CREATE_PARAMS", true),
    small("NULLABLE", false),
    small("CASE_SENSITIVE", false),
    small("SEARCHABLE", false),
    small("UNSIGNED_ATTRIBUTE", true),
    v2(small("FIXED_PREC_SCALE", false), "MONEY"),
    v2(small("AUTO_UNIQUE_VALUE", true), "AUTO_INCREMENT"),
    text("LOCAL_TYPE_NAME", true),
    small("MINIMUM_SCALE", true),
    small("MAXIMUM_SCALE", true),
    small("SQL_DATA_TYPE", false),
    small("SQL_DATETIME_SUB", true),
    int("NUM_PREC_RADIX", true),
    small("INTERVAL_PRECISION", true),
];

/// One cell of a catalog result row.
#[derive(Debug, Clone, PartialEq)]
enum Cell {
    Null,
    Text(String),
    Int(i64),
}

impl From<&str> for Cell {
    fn from(s: &str) -> Self {
        Cell::Text(s.to_string())
    }
}
impl From<String> for Cell {
    fn from(s: String) -> Self {
        Cell::Text(s)
    }
}
impl From<i64> for Cell {
    fn from(n: i64) -> Self {
        Cell::Int(n)
    }
}
impl<T: Into<Cell>> From<Option<T>> for Cell {
    fn from(v: Option<T>) -> Self {
        v.map_or(Cell::Null, Into::into)
    }
}

macro_rules! row {
    ($($cell:expr),* $(,)?) => { vec![$(Cell::from($cell)),*] };
}

fn shape(cols: &[Col], odbc_version: i32) -> SchemaRef {
    let fields: Vec<Field> = cols
        .iter()
        .map(|c| {
            let name = match (odbc_version, c.odbc2) {
                (2, Some(old)) => old,
                _ => c.name,
            };
            match c.ty {
                Ty::Text => Field::new(name, DataType::Utf8, c.nullable)
                    .with_metadata(HashMap::from([(SIZE_KEY.to_string(), c.size.to_string())])),
                Ty::Small => Field::new(name, DataType::Int16, c.nullable),
                Ty::Int => Field::new(name, DataType::Int32, c.nullable),
            }
        })
        .collect();
    Arc::new(Schema::new(fields))
}

fn batch(cols: &[Col], odbc_version: i32, rows: Vec<Vec<Cell>>) -> Result<RecordBatch> {
    let schema = shape(cols, odbc_version);
    if let Some(r) = rows.iter().find(|r| r.len() != cols.len()) {
        return Err(Error::general(format!(
            "internal error: catalog row of {} cells for {} columns",
            r.len(),
            cols.len()
        )));
    }
    let arrays: Vec<ArrayRef> = cols
        .iter()
        .enumerate()
        .map(|(i, c)| -> Result<ArrayRef> {
            let cells = rows.iter().map(|r| &r[i]);
            let bad = |cell: &Cell| {
                Error::general(format!(
                    "internal error: catalog column {} got {cell:?}",
                    c.name
                ))
            };
            Ok(match c.ty {
                Ty::Text => {
                    let mut b = StringBuilder::new();
                    for cell in cells {
                        match cell {
                            Cell::Null => b.append_null(),
                            Cell::Text(s) => b.append_value(s),
                            other => return Err(bad(other)),
                        }
                    }
                    Arc::new(b.finish())
                }
                Ty::Small => {
                    let mut b = Int16Builder::new();
                    for cell in cells {
                        match cell {
                            Cell::Null => b.append_null(),
                            Cell::Int(n) => {
                                b.append_value(i16::try_from(*n).map_err(|_| bad(&Cell::Int(*n)))?)
                            }
                            other => return Err(bad(other)),
                        }
                    }
                    Arc::new(b.finish())
                }
                Ty::Int => {
                    let mut b = Int32Builder::new();
                    for cell in cells {
                        match cell {
                            Cell::Null => b.append_null(),
                            Cell::Int(n) => b.append_value(i32::try_from(*n).unwrap_or(i32::MAX)),
                            other => return Err(bad(other)),
                        }
                    }
                    Arc::new(b.finish())
                }
            })
        })
        .collect::<Result<_>>()?;
    RecordBatch::try_new(schema, arrays).map_err(|e| Error::general(e.to_string()))
}

/// A catalog function's batch as the statement's open result.
pub fn result_set(batch: RecordBatch) -> ResultSet {
    ResultSet::from_batches(batch.schema(), vec![batch])
}

// ---------------------------------------------------------------------------
// Column descriptions shared by SQLColumns, SQLSpecialColumns and SQLProcedureColumns
// ---------------------------------------------------------------------------

/// How one column (or parameter) is described, from the one type mapping.
struct Described {
    t: SqlType,
    data_type: i64,
    nullable: bool,
    remarks: Option<String>,
}

impl Described {
    fn of(field: &Field, odbc_version: i32) -> Self {
        let t = SqlType::of(field);
        let remarks = field
            .metadata()
            .get(DESCRIPTION_KEY)
            .filter(|d| !d.is_empty())
            .cloned();
        Described {
            data_type: i64::from(t.concise_for(odbc_version)),
            nullable: field.is_nullable(),
            remarks,
            t,
        }
    }

    fn is_text_or_binary(&self) -> bool {
        self.t.is_text() || self.t.concise == code::VARBINARY
    }

    /// `DECIMAL_DIGITS`: NULL where it does not apply (text, binary, floating point).
    fn decimal_digits(&self) -> Option<i64> {
        let floating = self.t.is_floating();
        let applies = !self.is_text_or_binary() && !floating;
        applies.then_some(i64::from(self.t.decimal_digits))
    }

    fn radix(&self) -> Option<i64> {
        self.t.radix.map(i64::from)
    }

    fn datetime_sub(&self) -> Option<i64> {
        (self.t.verbose == code::DATETIME).then_some(i64::from(self.t.interval_code))
    }

    fn char_octet_length(&self) -> Option<i64> {
        self.is_text_or_binary()
            .then_some(self.t.octet_length as i64)
    }

    fn nullable_code(&self) -> i64 {
        i64::from(self.nullable)
    }

    fn is_nullable(&self) -> &'static str {
        if self.nullable { "YES" } else { "NO" }
    }
}

// ---------------------------------------------------------------------------
// The catalog functions
// ---------------------------------------------------------------------------

/// A table found by a catalog function.
struct Found<'a> {
    catalog: String,
    schema: String,
    name: &'a str,
    description: &'a str,
    columns: SchemaRef,
    system: bool,
}

impl Found<'_> {
    fn has_key(&self) -> bool {
        !self.system && self.columns.field_with_name(KEY_COLUMN).is_ok()
    }
}

/// What the catalog functions read, and how the calling statement wants it.
pub struct Catalog<'a> {
    pub provider: &'a dyn Provider,
    /// Runs the provider's async listings with the statement's cancel and timeout.
    pub control: &'a Control,
    /// The application's ODBC version: ODBC 2 gets its own date codes and column names.
    pub odbc_version: i32,
    /// `SQL_ATTR_METADATA_ID`: name arguments are identifiers, not patterns.
    pub metadata_id: bool,
    pub sources: &'a Sources,
}

impl<'a> Catalog<'a> {
    pub fn new(
        provider: &'a dyn Provider,
        control: &'a Control,
        odbc_version: i32,
        metadata_id: bool,
        sources: &'a Sources,
    ) -> Self {
        Catalog {
            provider,
            control,
            odbc_version,
            metadata_id,
            sources,
        }
    }

    fn pattern(&self, arg: Option<&str>, what: &str) -> Result<Name> {
        Name::pattern(arg, self.metadata_id, what)
    }

    fn ordinary(&self, arg: Option<&str>, what: &str) -> Result<Name> {
        Name::ordinary(arg, self.metadata_id, what)
    }

    fn required(&self, arg: Option<&str>, what: &str) -> Result<Name> {
        if arg.is_none() {
            return Err(Error::null_pointer(what));
        }
        self.ordinary(arg, what)
    }

    /// The catalogs the credentials see, the connection's own included.
    fn catalogs(&self) -> Result<Vec<String>> {
        let mut all = self.control.run(self.provider.catalogs())??;
        let own = self.provider.catalog();
        if !all.contains(&own) {
            all.push(own);
        }
        all.sort();
        all.dedup();
        Ok(all)
    }

    fn is_system_schema(&self, schema: &str) -> bool {
        schema.eq_ignore_ascii_case(&self.sources.system_schema)
    }

    /// The schemas matching `schema`; a plain name costs no listing request.
    fn schemas(&self, schema: &Name) -> Result<Vec<String>> {
        let mut all = match schema.literal() {
            Some(name) => vec![name],
            None => self.control.run(self.provider.schemas())??,
        };
        let system = &self.sources.system_schema;
        if !all.iter().any(|s| self.is_system_schema(s)) && schema.matches(system) {
            all.push(system.clone());
        }
        all.retain(|s| schema.matches(s));
        all.sort();
        all.dedup();
        Ok(all)
    }

    /// Tables matching the three name arguments, of the wanted kinds.
    fn find_tables(
        &self,
        catalog: &Name,
        schema: &Name,
        table: &Name,
        user: bool,
        system: bool,
    ) -> Result<Vec<Found<'a>>> {
        let own = self.provider.catalog();
        if !catalog.matches(&own) {
            return Ok(Vec::new());
        }
        let sources = self.sources;
        // Only system tables wanted, and only in their schema: no listing needed.
        let schemas = if user {
            self.schemas(schema)?
        } else if schema.matches(&sources.system_schema) {
            vec![sources.system_schema.clone()]
        } else {
            Vec::new()
        };
        let mut found = Vec::new();
        for s in schemas {
            if user {
                for t in self.provider.tables(&s) {
                    if table.matches(t.name) {
                        found.push(Found {
                            catalog: own.clone(),
                            schema: s.clone(),
                            name: t.name,
                            description: t.description,
                            columns: t.schema(),
                            system: false,
                        });
                    }
                }
            }
            if system && self.is_system_schema(&s) {
                for t in &sources.system_tables {
                    if table.matches(t.name) {
                        found.push(Found {
                            catalog: own.clone(),
                            schema: s.clone(),
                            name: t.name,
                            description: t.description,
                            columns: t.schema.clone(),
                            system: true,
                        });
                    }
                }
            }
        }
        found.sort_by(|a, b| (&a.catalog, &a.schema, a.name).cmp(&(&b.catalog, &b.schema, b.name)));
        Ok(found)
    }

    /// `SQLTables`.
    pub fn tables(
        &self,
        catalog: Option<&str>,
        schema: Option<&str>,
        table: Option<&str>,
        table_type: Option<&str>,
    ) -> Result<RecordBatch> {
        let v = self.odbc_version;
        let blank = |a: Option<&str>| a == Some("");
        let given = |a: Option<&str>| a.is_some_and(|s| !s.is_empty());

        // SQL_ALL_TABLE_TYPES: catalog, schema and table "", type "%".
        if blank(catalog) && blank(schema) && blank(table) && table_type == Some("%") {
            let rows = TABLE_TYPES
                .iter()
                .map(|t| row![None::<&str>, None::<&str>, None::<&str>, *t, None::<&str>])
                .collect();
            return batch(TABLES, v, rows);
        }
        // SQL_ALL_CATALOGS ("%", "", ""), or catalogs matching a pattern.
        if blank(schema) && blank(table) && given(catalog) {
            let wanted = Name::pattern(catalog, false, "CatalogName")?;
            let rows = self
                .catalogs()?
                .into_iter()
                .filter(|c| wanted.matches(c))
                .map(|c| row![c, None::<&str>, None::<&str>, None::<&str>, None::<&str>])
                .collect();
            return batch(TABLES, v, rows);
        }
        // SQL_ALL_SCHEMAS ("", "%", ""), or the schemas of a catalog.
        if blank(table) && given(schema) {
            let wanted = Name::pattern(schema, false, "SchemaName")?;
            let own = self.provider.catalog();
            let in_catalog = if given(catalog) {
                Name::pattern(catalog, false, "CatalogName")?.matches(&own)
            } else {
                true
            };
            let shown_catalog = (!blank(catalog)).then(|| own.clone());
            let rows = if in_catalog {
                self.schemas(&wanted)?
                    .into_iter()
                    .map(|s| {
                        row![
                            shown_catalog.clone(),
                            s,
                            None::<&str>,
                            None::<&str>,
                            None::<&str>
                        ]
                    })
                    .collect()
            } else {
                Vec::new()
            };
            return batch(TABLES, v, rows);
        }

        let catalog = self.pattern(catalog, "CatalogName")?.qualifier();
        let schema = self.pattern(schema, "SchemaName")?.qualifier();
        let table = self.pattern(table, "TableName")?;
        let types = table_types(table_type);
        let wants = |t: &str| {
            types
                .as_ref()
                .is_none_or(|list| list.iter().any(|x| x == t))
        };
        let found =
            self.find_tables(&catalog, &schema, &table, wants(TABLE), wants(SYSTEM_TABLE))?;
        let mut rows: Vec<(&str, Vec<Cell>)> = found
            .into_iter()
            .map(|f| {
                let kind = if f.system { SYSTEM_TABLE } else { TABLE };
                let remarks = Some(f.description).filter(|d| !d.is_empty());
                (kind, row![f.catalog, f.schema, f.name, kind, remarks])
            })
            .collect();
        // Ordered by TABLE_TYPE, then catalog, schema and name (already sorted so).
        rows.sort_by_key(|(kind, _)| *kind);
        batch(TABLES, v, rows.into_iter().map(|(_, r)| r).collect())
    }

    /// `SQLColumns`.
    pub fn columns(
        &self,
        catalog: Option<&str>,
        schema: Option<&str>,
        table: Option<&str>,
        column: Option<&str>,
    ) -> Result<RecordBatch> {
        let catalog = self.ordinary(catalog, "CatalogName")?.qualifier();
        let schema = self.pattern(schema, "SchemaName")?.qualifier();
        let table = self.pattern(table, "TableName")?;
        let column = self.pattern(column, "ColumnName")?;
        let mut rows = Vec::new();
        for f in self.find_tables(&catalog, &schema, &table, true, true)? {
            for (i, field) in f.columns.fields().iter().enumerate() {
                if !column.matches(field.name()) {
                    continue;
                }
                rows.push(self.column_row(&f, field, i + 1));
            }
        }
        batch(COLUMNS, self.odbc_version, rows)
    }

    fn column_row(&self, f: &Found<'_>, field: &Field, ordinal: usize) -> Vec<Cell> {
        let d = Described::of(field, self.odbc_version);
        row![
            f.catalog.clone(),
            f.schema.clone(),
            f.name,
            field.name().as_str(),
            d.data_type,
            d.t.type_name,
            d.t.column_size as i64,
            d.t.octet_length as i64,
            d.decimal_digits(),
            d.radix(),
            d.nullable_code(),
            d.remarks.clone(),
            None::<&str>,
            i64::from(d.t.verbose),
            d.datetime_sub(),
            d.char_octet_length(),
            ordinal as i64,
            d.is_nullable(),
        ]
    }

    /// Tables named by an ordinary catalog/schema/table triple (the key and
    /// index functions). System tables have no keys.
    fn keyed_tables(
        &self,
        catalog: Option<&str>,
        schema: Option<&str>,
        table: Option<&str>,
    ) -> Result<Vec<Found<'a>>> {
        let catalog = self.ordinary(catalog, "CatalogName")?.qualifier();
        let schema = self.ordinary(schema, "SchemaName")?.qualifier();
        let table = self.required(table, "TableName")?;
        Ok(self
            .find_tables(&catalog, &schema, &table, true, false)?
            .into_iter()
            .filter(Found::has_key)
            .collect())
    }

    /// `SQLPrimaryKeys`: `id`, where a table has one.
    pub fn primary_keys(
        &self,
        catalog: Option<&str>,
        schema: Option<&str>,
        table: Option<&str>,
    ) -> Result<RecordBatch> {
        let rows = self
            .keyed_tables(catalog, schema, table)?
            .into_iter()
            .map(|f| {
                row![
                    f.catalog,
                    f.schema,
                    f.name,
                    KEY_COLUMN,
                    1i64,
                    key_name(f.name)
                ]
            })
            .collect();
        batch(PRIMARY_KEYS, self.odbc_version, rows)
    }

    /// `SQLForeignKeys`: the APIs declare no foreign keys; the result is empty
    /// and correctly shaped.
    #[allow(clippy::too_many_arguments)]
    pub fn foreign_keys(
        &self,
        pk_catalog: Option<&str>,
        pk_schema: Option<&str>,
        pk_table: Option<&str>,
        fk_catalog: Option<&str>,
        fk_schema: Option<&str>,
        fk_table: Option<&str>,
    ) -> Result<RecordBatch> {
        if pk_table.is_none() && fk_table.is_none() {
            return Err(Error::null_pointer("PKTableName and FKTableName"));
        }
        for (arg, what) in [
            (pk_catalog, "PKCatalogName"),
            (pk_schema, "PKSchemaName"),
            (pk_table, "PKTableName"),
            (fk_catalog, "FKCatalogName"),
            (fk_schema, "FKSchemaName"),
            (fk_table, "FKTableName"),
        ] {
            if self.metadata_id && arg.is_some() {
                self.ordinary(arg, what)?;
            }
        }
        batch(FOREIGN_KEYS, self.odbc_version, Vec::new())
    }

    /// `SQLStatistics`: a unique index on `id` where a table has one, after
    /// the table's statistics row.
    pub fn statistics(
        &self,
        catalog: Option<&str>,
        schema: Option<&str>,
        table: Option<&str>,
        unique: u16,
        reserved: u16,
    ) -> Result<RecordBatch> {
        const INDEX_UNIQUE: u16 = 0;
        const INDEX_ALL: u16 = 1;
        const QUICK: u16 = 0;
        const ENSURE: u16 = 1;
        const TABLE_STAT: i64 = 0;
        const INDEX_OTHER: i64 = 3;
        if !matches!(unique, INDEX_UNIQUE | INDEX_ALL) {
            return Err(Error::new(
                "HY100",
                format!("uniqueness option type out of range: {unique}"),
            ));
        }
        if !matches!(reserved, QUICK | ENSURE) {
            return Err(Error::new(
                "HY101",
                format!("accuracy option type out of range: {reserved}"),
            ));
        }
        let mut rows = Vec::new();
        for f in self.keyed_tables(catalog, schema, table)? {
            rows.push(row![
                f.catalog.clone(),
                f.schema.clone(),
                f.name,
                None::<i64>,
                None::<&str>,
                None::<&str>,
                TABLE_STAT,
                None::<i64>,
                None::<&str>,
                None::<&str>,
                None::<i64>,
                None::<i64>,
                None::<&str>,
            ]);
            rows.push(row![
                f.catalog,
                f.schema,
                f.name,
                0i64,
                None::<&str>,
                key_name(f.name),
                INDEX_OTHER,
                1i64,
                KEY_COLUMN,
                None::<&str>,
                None::<i64>,
                None::<i64>,
                None::<&str>,
            ]);
        }
        batch(STATISTICS, self.odbc_version, rows)
    }

    /// `SQLSpecialColumns`: `id` is the best row identifier (valid for the
    /// session); no column changes with every update the driver could see.
    pub fn special_columns(
        &self,
        identifier_type: u16,
        catalog: Option<&str>,
        schema: Option<&str>,
        table: Option<&str>,
        scope: u16,
        nullable: u16,
    ) -> Result<RecordBatch> {
        const BEST_ROWID: u16 = 1;
        const ROWVER: u16 = 2;
        const SCOPE_SESSION: i64 = 2;
        const NO_NULLS: u16 = 0;
        const NULLABLE: u16 = 1;
        const NOT_PSEUDO: i64 = 1;
        if !matches!(identifier_type, BEST_ROWID | ROWVER) {
            return Err(Error::new(
                "HY097",
                format!("column type out of range: {identifier_type}"),
            ));
        }
        if scope > 2 {
            return Err(Error::new(
                "HY098",
                format!("scope type out of range: {scope}"),
            ));
        }
        if !matches!(nullable, NO_NULLS | NULLABLE) {
            return Err(Error::new(
                "HY099",
                format!("nullable type out of range: {nullable}"),
            ));
        }
        let mut rows = Vec::new();
        let found = self.keyed_tables(catalog, schema, table)?;
        if identifier_type == BEST_ROWID {
            for f in found {
                let Ok(field) = f.columns.field_with_name(KEY_COLUMN) else {
                    continue;
                };
                let d = Described::of(field, self.odbc_version);
                if nullable == NO_NULLS && d.nullable {
                    continue;
                }
                rows.push(row![
                    SCOPE_SESSION,
                    KEY_COLUMN,
                    d.data_type,
                    d.t.type_name,
                    d.t.column_size as i64,
                    d.t.octet_length as i64,
                    d.decimal_digits(),
                    NOT_PSEUDO,
                ]);
            }
        }
        batch(SPECIAL_COLUMNS, self.odbc_version, rows)
    }

    /// The procedures matching the three name arguments.
    fn find_procedures(
        &self,
        catalog: Option<&str>,
        schema: Option<&str>,
        procedure: Option<&str>,
    ) -> Result<Vec<(String, String, &'a ProcedureInfo)>> {
        let catalog = self.ordinary(catalog, "CatalogName")?.qualifier();
        let schema = self.pattern(schema, "SchemaName")?.qualifier();
        let procedure = self.pattern(procedure, "ProcName")?;
        let own = self.provider.catalog();
        let home = &self.sources.system_schema;
        if !catalog.matches(&own) || !schema.matches(home) {
            return Ok(Vec::new());
        }
        let sources = self.sources;
        let mut found: Vec<_> = sources
            .procedures
            .iter()
            .filter(|p| procedure.matches(p.name))
            .map(|p| (own.clone(), home.clone(), p))
            .collect();
        found.sort_by_key(|(_, _, p)| p.name);
        Ok(found)
    }

    /// `SQLProcedures`.
    pub fn procedures(
        &self,
        catalog: Option<&str>,
        schema: Option<&str>,
        procedure: Option<&str>,
    ) -> Result<RecordBatch> {
        const PT_PROCEDURE: i64 = 1;
        let rows = self
            .find_procedures(catalog, schema, procedure)?
            .into_iter()
            .map(|(c, s, p)| {
                row![
                    c,
                    s,
                    p.name,
                    None::<i64>,
                    None::<i64>,
                    None::<i64>,
                    Some(p.description).filter(|d| !d.is_empty()),
                    PT_PROCEDURE,
                ]
            })
            .collect();
        batch(PROCEDURES_SHAPE, self.odbc_version, rows)
    }

    /// `SQLProcedureColumns`.
    pub fn procedure_columns(
        &self,
        catalog: Option<&str>,
        schema: Option<&str>,
        procedure: Option<&str>,
        column: Option<&str>,
    ) -> Result<RecordBatch> {
        let column = self.pattern(column, "ColumnName")?;
        let mut rows = Vec::new();
        for (c, s, p) in self.find_procedures(catalog, schema, procedure)? {
            // Parameters are numbered from 1; result columns from 1 on their own.
            let (mut param, mut result) = (0i64, 0i64);
            for pc in &p.columns {
                let ordinal = if pc.kind == ParamKind::ResultColumn {
                    result += 1;
                    result
                } else {
                    param += 1;
                    param
                };
                if !column.matches(pc.field.name()) {
                    continue;
                }
                let d = Described::of(&pc.field, self.odbc_version);
                rows.push(row![
                    c.clone(),
                    s.clone(),
                    p.name,
                    pc.field.name().as_str(),
                    pc.kind as i64,
                    d.data_type,
                    d.t.type_name,
                    d.t.column_size as i64,
                    d.t.octet_length as i64,
                    d.decimal_digits(),
                    d.radix(),
                    d.nullable_code(),
                    d.remarks.clone(),
                    None::<&str>,
                    i64::from(d.t.verbose),
                    d.datetime_sub(),
                    d.char_octet_length(),
                    ordinal,
                    d.is_nullable(),
                ]);
            }
        }
        batch(PROCEDURE_COLUMNS, self.odbc_version, rows)
    }

    /// `SQLTablePrivileges`: every table can be read (`SELECT`), nothing else.
    pub fn table_privileges(
        &self,
        catalog: Option<&str>,
        schema: Option<&str>,
        table: Option<&str>,
    ) -> Result<RecordBatch> {
        let catalog = self.ordinary(catalog, "CatalogName")?.qualifier();
        let schema = self.pattern(schema, "SchemaName")?.qualifier();
        let table = self.pattern(table, "TableName")?;
        let rows = self
            .find_tables(&catalog, &schema, &table, true, true)?
            .into_iter()
            .map(|f| {
                row![
                    f.catalog,
                    f.schema,
                    f.name,
                    None::<&str>,
                    GRANTEE,
                    "SELECT",
                    "NO"
                ]
            })
            .collect();
        batch(TABLE_PRIVILEGES, self.odbc_version, rows)
    }

    /// `SQLColumnPrivileges`: every column of the table can be read.
    pub fn column_privileges(
        &self,
        catalog: Option<&str>,
        schema: Option<&str>,
        table: Option<&str>,
        column: Option<&str>,
    ) -> Result<RecordBatch> {
        let catalog = self.ordinary(catalog, "CatalogName")?.qualifier();
        let schema = self.ordinary(schema, "SchemaName")?.qualifier();
        let table = self.required(table, "TableName")?;
        let column = self.pattern(column, "ColumnName")?;
        let mut rows = Vec::new();
        for f in self.find_tables(&catalog, &schema, &table, true, true)? {
            let mut names: Vec<&str> = f
                .columns
                .fields()
                .iter()
                .map(|c| c.name().as_str())
                .filter(|n| column.matches(n))
                .collect();
            names.sort_unstable();
            for name in names {
                rows.push(row![
                    f.catalog.clone(),
                    f.schema.clone(),
                    f.name,
                    name,
                    None::<&str>,
                    GRANTEE,
                    "SELECT",
                    "NO"
                ]);
            }
        }
        batch(COLUMN_PRIVILEGES, self.odbc_version, rows)
    }
}

/// The name of a table's key and its index.
pub fn key_name(table: &str) -> String {
    format!("{table}_pkey")
}

// ---------------------------------------------------------------------------
// SQLGetTypeInfo
// ---------------------------------------------------------------------------

/// `CREATE_PARAMS` of `SQLGetTypeInfo`: what a type declaration takes.
fn create_params(concise: i16) -> Option<&'static str> {
    match concise {
        code::CHAR | code::VARCHAR | code::WCHAR | code::WVARCHAR | code::VARBINARY => {
            Some("max length")
        }
        code::DECIMAL | code::NUMERIC => Some("precision,scale"),
        _ => None,
    }
}

/// `SQLGetTypeInfo`: one row per type the driver reports, filtered by
/// `data_type` (`SQL_ALL_TYPES` = 0 for all), ordered by `DATA_TYPE`.
pub fn type_info(data_type: i16, odbc_version: i32) -> Result<RecordBatch> {
    const ALL_TYPES: i16 = 0;
    const NULLABLE: i64 = 1;
    let mut reported: Vec<(i16, SqlType)> = types::reported_types()
        .into_iter()
        .map(|t| (t.concise_for(odbc_version), t))
        .collect();
    reported.sort_by_key(|(c, _)| *c);
    let rows = reported
        .into_iter()
        .filter(|(concise, t)| {
            data_type == ALL_TYPES
                || data_type == *concise
                || data_type == t.concise
                || data_type == t.concise_for(2)
        })
        .map(|(concise, t)| {
            let (prefix, suffix) = t.literal_quotes();
            let numeric = t.radix.is_some();
            let floating = t.is_floating();
            let scaled = matches!(
                t.concise,
                code::DECIMAL | code::NUMERIC | code::TYPE_TIMESTAMP
            ) || (numeric && !floating);
            let (min_scale, max_scale) = match t.concise {
                code::DECIMAL | code::NUMERIC => (Some(0), Some(t.column_size as i64)),
                code::TYPE_TIMESTAMP => (Some(0), Some(i64::from(t.decimal_digits))),
                _ if scaled => (Some(0), Some(0)),
                _ => (None, None),
            };
            row![
                t.type_name,
                i64::from(concise),
                t.column_size as i64,
                (!prefix.is_empty()).then_some(prefix),
                (!suffix.is_empty()).then_some(suffix),
                create_params(t.concise),
                NULLABLE,
                i64::from(t.case_sensitive),
                i64::from(t.searchable()),
                numeric.then_some(i64::from(t.unsigned)),
                0i64,
                numeric.then_some(0i64),
                t.type_name,
                min_scale,
                max_scale,
                i64::from(t.verbose),
                (t.verbose == code::DATETIME).then_some(i64::from(t.interval_code)),
                t.radix.map(i64::from),
                None::<i64>,
            ]
        })
        .collect();
    batch(TYPE_INFO, odbc_version, rows)
}

/// An in-memory provider for the tests of this module and of `info`.
#[cfg(test)]
pub mod test_support {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use apiodbc_providers::table::{
        Column, ColumnKind, Endpoint, Filter, Predicate, Pushdown, ScanRequest, Table,
    };
    use apiodbc_providers::{BatchStream, Result as PResult};
    use futures::future::BoxFuture;

    use super::*;

    const NO_ENDPOINT: Endpoint = Endpoint::new("", None);

    const fn col(
        name: &'static str,
        kind: ColumnKind,
        nullable: bool,
        description: &'static str,
    ) -> Column {
        Column {
            name,
            kind,
            path: "",
            description,
            nullable,
            filter: Filter::None,
        }
    }

    pub static CUSTOMERS: Table = Table {
        name: "customers",
        description: "People who pay.",
        endpoint: NO_ENDPOINT,
        columns: &[
            col("id", ColumnKind::Id, false, "Unique identifier."),
            col("email", ColumnKind::Text, true, "E-mail address."),
            col("balance", ColumnKind::Integer, false, "Minor units."),
            col(
                "created",
                ColumnKind::Timestamp,
                false,
                "When it was created.",
            ),
            col("born", ColumnKind::Date, true, ""),
            col("rate", ColumnKind::Float, true, "A ratio."),
            col("livemode", ColumnKind::Bool, false, "Live or test."),
            col("metadata", ColumnKind::Json, true, "Key-value pairs."),
        ],
    };
    pub static CUSTOMER_IDS: Table = Table {
        name: "customer_ids",
        description: "",
        endpoint: NO_ENDPOINT,
        columns: &[col("id", ColumnKind::Id, true, "")],
    };
    pub static EVENTS: Table = Table {
        name: "events",
        description: "What happened.",
        endpoint: NO_ENDPOINT,
        columns: &[
            col("type", ColumnKind::Code, false, "Event type."),
            col("data", ColumnKind::Json, true, "Payload."),
        ],
    };

    /// An in-memory provider: catalog `fake` with schemas `main` (the default)
    /// and `other`; counts the schema listings, which cost requests for real APIs.
    #[derive(Default)]
    pub struct Fake {
        pub schema_listings: AtomicUsize,
    }

    impl Provider for Fake {
        fn name(&self) -> &'static str {
            "Fake"
        }
        fn catalog(&self) -> String {
            "fake".into()
        }
        fn catalogs(&self) -> BoxFuture<'_, PResult<Vec<String>>> {
            Box::pin(async { Ok(vec!["zeta".to_string(), "alpha".to_string()]) })
        }
        fn default_schema(&self) -> String {
            "main".into()
        }
        fn schemas(&self) -> BoxFuture<'_, PResult<Vec<String>>> {
            self.schema_listings.fetch_add(1, Ordering::SeqCst);
            Box::pin(async { Ok(vec!["main".to_string(), "other".to_string()]) })
        }
        fn tables(&self, schema: &str) -> Vec<&'static Table> {
            match schema {
                "main" => vec![&CUSTOMERS, &CUSTOMER_IDS],
                "other" => vec![&EVENTS],
                _ => Vec::new(),
            }
        }
        fn pushdown(&self, _: &'static Table, _: &Predicate) -> Pushdown {
            Pushdown::Unsupported
        }
        fn check_connection(&self) -> BoxFuture<'_, PResult<()>> {
            Box::pin(async { Ok(()) })
        }
        fn scan(&self, _: &str, _: &'static Table, _: ScanRequest) -> PResult<BatchStream> {
            unreachable!("catalog functions never scan")
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::Ordering;
    use std::time::Duration;

    use arrow::array::{Array, AsArray};
    use arrow::datatypes::{Int16Type, Int32Type};
    use tokio_util::sync::CancellationToken;

    use super::test_support::*;
    use super::*;
    use crate::convert::types::{LONG_SIZE, MAX_VARCHAR_SIZE};

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
        let provider = Arc::new(Fake::default());
        Session::new(provider, apiodbc_providers::Properties::default()).unwrap()
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

    fn with<R>(version: i32, metadata_id: bool, f: impl FnOnce(&Catalog, &Fake) -> R) -> R {
        let fake = Fake::default();
        let control = control();
        let sources = sources();
        let catalog = Catalog::new(&fake, &control, version, metadata_id, &sources);
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
            let before = fake.schema_listings.load(Ordering::SeqCst);
            let b = c.tables(None, None, None, Some("'SYSTEM TABLE'")).unwrap();
            assert_eq!(b.num_rows(), sources().system_tables.len());
            assert_eq!(
                fake.schema_listings.load(Ordering::SeqCst),
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
            assert_eq!(fake.schema_listings.load(Ordering::SeqCst), 0);
            c.tables(None, Some("m%"), None, None).unwrap();
            assert_eq!(fake.schema_listings.load(Ordering::SeqCst), 1);
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
                    true, true, false, false, false, false, true, true, true, true, false, true,
                    true, false, true, true, false, true
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
        // A real session lists the registry: the OAuth procedures and RefreshCache.
        let fake = Fake::default();
        let control = control();
        let registry = Sources::of(&session());
        let listed = Catalog::new(&fake, &control, 3, false, &registry);
        let b = listed.procedures(None, None, None).unwrap();
        assert_eq!(
            column(&b, "PROCEDURE_NAME"),
            [
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
}
