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

mod arguments;
mod column_descriptions;
mod shapes;
mod sources;
#[cfg(test)]
mod tests;
mod type_info;

pub use shapes::result_set;
pub use sources::Sources;
pub use type_info::type_info;

use apiodbc_providers::Provider;
use arrow::array::RecordBatch;
use arrow::datatypes::{Field, SchemaRef};

use super::Control;
use crate::diag::{Error, Result};
use arguments::{Name, table_types};
use column_descriptions::Described;
use shapes::{
    COLUMN_PRIVILEGES, COLUMNS, Cell, FOREIGN_KEYS, PRIMARY_KEYS, PROCEDURE_COLUMNS,
    PROCEDURES_SHAPE, SPECIAL_COLUMNS, STATISTICS, TABLE_PRIVILEGES, TABLES, batch, row,
};
use sources::{ParamKind, ProcedureInfo};

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

/// A table found by a catalog function.
struct Found<'a> {
    catalog: String,
    schema: String,
    name: &'a str,
    description: String,
    columns: SchemaRef,
    system: bool,
}

impl Found<'_> {
    fn has_key(&self) -> bool {
        !self.system && self.columns.field_with_name(KEY_COLUMN).is_ok()
    }
}

/// What the catalog functions read, and how the calling statement wants it.
pub struct CatalogFunctions<'a> {
    pub provider: &'a dyn Provider,
    /// Runs the provider's async listings with the statement's cancel and timeout.
    pub control: &'a Control,
    /// The application's ODBC version: ODBC 2 gets its own date codes and column names.
    pub odbc_version: i32,
    /// `SQL_ATTR_METADATA_ID`: name arguments are identifiers, not patterns.
    pub metadata_id: bool,
    pub sources: &'a Sources,
}

impl<'a> CatalogFunctions<'a> {
    pub fn new(
        provider: &'a dyn Provider,
        control: &'a Control,
        odbc_version: i32,
        metadata_id: bool,
        sources: &'a Sources,
    ) -> Self {
        CatalogFunctions {
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
                            description: t.remarks(),
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
                            description: t.description.to_string(),
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
                let remarks = Some(f.description.as_str()).filter(|d| !d.is_empty());
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
            return Err(Error::uniqueness_out_of_range(format!(
                "uniqueness option type out of range: {unique}"
            )));
        }
        if !matches!(reserved, QUICK | ENSURE) {
            return Err(Error::accuracy_out_of_range(format!(
                "accuracy option type out of range: {reserved}"
            )));
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
            return Err(Error::column_type_out_of_range(format!(
                "column type out of range: {identifier_type}"
            )));
        }
        if scope > 2 {
            return Err(Error::scope_out_of_range(format!(
                "scope type out of range: {scope}"
            )));
        }
        if !matches!(nullable, NO_NULLS | NULLABLE) {
            return Err(Error::nullable_type_out_of_range(format!(
                "nullable type out of range: {nullable}"
            )));
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
