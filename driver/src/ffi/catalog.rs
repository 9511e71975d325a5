//! The catalog functions: `SQLTables`, `SQLColumns`, keys, statistics,
//! special columns, procedures, privileges and `SQLGetTypeInfo`. Each export
//! reads its name arguments and hands them to `query::catalog_functions`, whose result
//! becomes the statement's open cursor, fetched and described like a query's.

// The argument lists are the ODBC signatures.
#![allow(clippy::too_many_arguments)]

use std::ffi::c_void;

use arrow::array::RecordBatch;
use odbc_sys::SqlReturn;

use super::text::{self, Encoding, Narrow, WChar, Wide};
use super::{SmallInt, Status, call};
use crate::diag::Result;
use crate::handles::Stmt;
use crate::query::catalog_functions::{self, CatalogFunctions};

/// Runs one catalog function on a statement (`Stmt::run_catalog`) with
/// its arguments read.
fn run(
    stmt: *mut c_void,
    build: impl FnOnce(&CatalogFunctions) -> Result<RecordBatch>,
) -> SqlReturn {
    call::<Stmt>(stmt, |handle, _| {
        handle
            .state
            .lock()
            .run_catalog(handle.cancellation(), build)?;
        Ok(Status::Success)
    })
}

/// Reads one name argument (`SQL_NTS` or a length in characters).
///
/// # Safety
/// `ptr` must be null or valid for `len` units (or NUL-terminated).
unsafe fn arg<E: Encoding>(ptr: *const E::Unit, len: SmallInt) -> Result<Option<String>> {
    // SAFETY: forwarded from the caller.
    unsafe { text::read::<E>(ptr, isize::from(len)) }
}

fn tables<E: Encoding>(
    stmt: *mut c_void,
    catalog: *const E::Unit,
    catalog_len: SmallInt,
    schema: *const E::Unit,
    schema_len: SmallInt,
    table: *const E::Unit,
    table_len: SmallInt,
    table_type: *const E::Unit,
    type_len: SmallInt,
) -> SqlReturn {
    run(stmt, |c| {
        // SAFETY: the client passes strings of the lengths it gives.
        let (catalog, schema, table, table_type) = unsafe {
            (
                arg::<E>(catalog, catalog_len)?,
                arg::<E>(schema, schema_len)?,
                arg::<E>(table, table_len)?,
                arg::<E>(table_type, type_len)?,
            )
        };
        c.tables(
            catalog.as_deref(),
            schema.as_deref(),
            table.as_deref(),
            table_type.as_deref(),
        )
    })
}

#[unsafe(no_mangle)]
pub extern "system" fn SQLTables(
    stmt: *mut c_void,
    catalog: *const u8,
    catalog_len: SmallInt,
    schema: *const u8,
    schema_len: SmallInt,
    table: *const u8,
    table_len: SmallInt,
    table_type: *const u8,
    type_len: SmallInt,
) -> SqlReturn {
    tables::<Narrow>(
        stmt,
        catalog,
        catalog_len,
        schema,
        schema_len,
        table,
        table_len,
        table_type,
        type_len,
    )
}

#[unsafe(no_mangle)]
pub extern "system" fn SQLTablesW(
    stmt: *mut c_void,
    catalog: *const WChar,
    catalog_len: SmallInt,
    schema: *const WChar,
    schema_len: SmallInt,
    table: *const WChar,
    table_len: SmallInt,
    table_type: *const WChar,
    type_len: SmallInt,
) -> SqlReturn {
    tables::<Wide>(
        stmt,
        catalog,
        catalog_len,
        schema,
        schema_len,
        table,
        table_len,
        table_type,
        type_len,
    )
}

/// The shared shape of the functions with a catalog, schema, object and
/// sub-object name (`SQLColumns`, `SQLProcedureColumns`, `SQLColumnPrivileges`).
type FourNames = fn(
    &CatalogFunctions,
    Option<&str>,
    Option<&str>,
    Option<&str>,
    Option<&str>,
) -> Result<RecordBatch>;

/// The shared shape of the functions with a catalog, schema and object name.
type ThreeNames =
    fn(&CatalogFunctions, Option<&str>, Option<&str>, Option<&str>) -> Result<RecordBatch>;

fn four_names<E: Encoding>(
    stmt: *mut c_void,
    f: FourNames,
    names: [(*const E::Unit, SmallInt); 4],
) -> SqlReturn {
    run(stmt, |c| {
        let [a, b, d, e] = names;
        // SAFETY: the client passes strings of the lengths it gives.
        let (a, b, d, e) = unsafe {
            (
                arg::<E>(a.0, a.1)?,
                arg::<E>(b.0, b.1)?,
                arg::<E>(d.0, d.1)?,
                arg::<E>(e.0, e.1)?,
            )
        };
        f(c, a.as_deref(), b.as_deref(), d.as_deref(), e.as_deref())
    })
}

fn three_names<E: Encoding>(
    stmt: *mut c_void,
    f: ThreeNames,
    names: [(*const E::Unit, SmallInt); 3],
) -> SqlReturn {
    run(stmt, |c| {
        let [a, b, d] = names;
        // SAFETY: the client passes strings of the lengths it gives.
        let (a, b, d) = unsafe {
            (
                arg::<E>(a.0, a.1)?,
                arg::<E>(b.0, b.1)?,
                arg::<E>(d.0, d.1)?,
            )
        };
        f(c, a.as_deref(), b.as_deref(), d.as_deref())
    })
}

#[unsafe(no_mangle)]
pub extern "system" fn SQLColumns(
    stmt: *mut c_void,
    catalog: *const u8,
    catalog_len: SmallInt,
    schema: *const u8,
    schema_len: SmallInt,
    table: *const u8,
    table_len: SmallInt,
    column: *const u8,
    column_len: SmallInt,
) -> SqlReturn {
    four_names::<Narrow>(
        stmt,
        |c, a, b, d, e| c.columns(a, b, d, e),
        [
            (catalog, catalog_len),
            (schema, schema_len),
            (table, table_len),
            (column, column_len),
        ],
    )
}

#[unsafe(no_mangle)]
pub extern "system" fn SQLColumnsW(
    stmt: *mut c_void,
    catalog: *const WChar,
    catalog_len: SmallInt,
    schema: *const WChar,
    schema_len: SmallInt,
    table: *const WChar,
    table_len: SmallInt,
    column: *const WChar,
    column_len: SmallInt,
) -> SqlReturn {
    four_names::<Wide>(
        stmt,
        |c, a, b, d, e| c.columns(a, b, d, e),
        [
            (catalog, catalog_len),
            (schema, schema_len),
            (table, table_len),
            (column, column_len),
        ],
    )
}

#[unsafe(no_mangle)]
pub extern "system" fn SQLPrimaryKeys(
    stmt: *mut c_void,
    catalog: *const u8,
    catalog_len: SmallInt,
    schema: *const u8,
    schema_len: SmallInt,
    table: *const u8,
    table_len: SmallInt,
) -> SqlReturn {
    three_names::<Narrow>(
        stmt,
        |c, a, b, d| c.primary_keys(a, b, d),
        [
            (catalog, catalog_len),
            (schema, schema_len),
            (table, table_len),
        ],
    )
}

#[unsafe(no_mangle)]
pub extern "system" fn SQLPrimaryKeysW(
    stmt: *mut c_void,
    catalog: *const WChar,
    catalog_len: SmallInt,
    schema: *const WChar,
    schema_len: SmallInt,
    table: *const WChar,
    table_len: SmallInt,
) -> SqlReturn {
    three_names::<Wide>(
        stmt,
        |c, a, b, d| c.primary_keys(a, b, d),
        [
            (catalog, catalog_len),
            (schema, schema_len),
            (table, table_len),
        ],
    )
}

fn foreign_keys<E: Encoding>(
    stmt: *mut c_void,
    names: [(*const E::Unit, SmallInt); 6],
) -> SqlReturn {
    run(stmt, |c| {
        let mut read = Vec::with_capacity(6);
        for (ptr, len) in names {
            // SAFETY: the client passes strings of the lengths it gives.
            read.push(unsafe { arg::<E>(ptr, len)? });
        }
        let n = |i: usize| read[i].as_deref();
        c.foreign_keys(n(0), n(1), n(2), n(3), n(4), n(5))
    })
}

#[unsafe(no_mangle)]
pub extern "system" fn SQLForeignKeys(
    stmt: *mut c_void,
    pk_catalog: *const u8,
    pk_catalog_len: SmallInt,
    pk_schema: *const u8,
    pk_schema_len: SmallInt,
    pk_table: *const u8,
    pk_table_len: SmallInt,
    fk_catalog: *const u8,
    fk_catalog_len: SmallInt,
    fk_schema: *const u8,
    fk_schema_len: SmallInt,
    fk_table: *const u8,
    fk_table_len: SmallInt,
) -> SqlReturn {
    foreign_keys::<Narrow>(
        stmt,
        [
            (pk_catalog, pk_catalog_len),
            (pk_schema, pk_schema_len),
            (pk_table, pk_table_len),
            (fk_catalog, fk_catalog_len),
            (fk_schema, fk_schema_len),
            (fk_table, fk_table_len),
        ],
    )
}

#[unsafe(no_mangle)]
pub extern "system" fn SQLForeignKeysW(
    stmt: *mut c_void,
    pk_catalog: *const WChar,
    pk_catalog_len: SmallInt,
    pk_schema: *const WChar,
    pk_schema_len: SmallInt,
    pk_table: *const WChar,
    pk_table_len: SmallInt,
    fk_catalog: *const WChar,
    fk_catalog_len: SmallInt,
    fk_schema: *const WChar,
    fk_schema_len: SmallInt,
    fk_table: *const WChar,
    fk_table_len: SmallInt,
) -> SqlReturn {
    foreign_keys::<Wide>(
        stmt,
        [
            (pk_catalog, pk_catalog_len),
            (pk_schema, pk_schema_len),
            (pk_table, pk_table_len),
            (fk_catalog, fk_catalog_len),
            (fk_schema, fk_schema_len),
            (fk_table, fk_table_len),
        ],
    )
}

fn statistics<E: Encoding>(
    stmt: *mut c_void,
    names: [(*const E::Unit, SmallInt); 3],
    unique: u16,
    reserved: u16,
) -> SqlReturn {
    run(stmt, |c| {
        let [a, b, d] = names;
        // SAFETY: the client passes strings of the lengths it gives.
        let (a, b, d) = unsafe {
            (
                arg::<E>(a.0, a.1)?,
                arg::<E>(b.0, b.1)?,
                arg::<E>(d.0, d.1)?,
            )
        };
        c.statistics(a.as_deref(), b.as_deref(), d.as_deref(), unique, reserved)
    })
}

#[unsafe(no_mangle)]
pub extern "system" fn SQLStatistics(
    stmt: *mut c_void,
    catalog: *const u8,
    catalog_len: SmallInt,
    schema: *const u8,
    schema_len: SmallInt,
    table: *const u8,
    table_len: SmallInt,
    unique: u16,
    reserved: u16,
) -> SqlReturn {
    statistics::<Narrow>(
        stmt,
        [
            (catalog, catalog_len),
            (schema, schema_len),
            (table, table_len),
        ],
        unique,
        reserved,
    )
}

#[unsafe(no_mangle)]
pub extern "system" fn SQLStatisticsW(
    stmt: *mut c_void,
    catalog: *const WChar,
    catalog_len: SmallInt,
    schema: *const WChar,
    schema_len: SmallInt,
    table: *const WChar,
    table_len: SmallInt,
    unique: u16,
    reserved: u16,
) -> SqlReturn {
    statistics::<Wide>(
        stmt,
        [
            (catalog, catalog_len),
            (schema, schema_len),
            (table, table_len),
        ],
        unique,
        reserved,
    )
}

fn special_columns<E: Encoding>(
    stmt: *mut c_void,
    identifier_type: u16,
    names: [(*const E::Unit, SmallInt); 3],
    scope: u16,
    nullable: u16,
) -> SqlReturn {
    run(stmt, |c| {
        let [a, b, d] = names;
        // SAFETY: the client passes strings of the lengths it gives.
        let (a, b, d) = unsafe {
            (
                arg::<E>(a.0, a.1)?,
                arg::<E>(b.0, b.1)?,
                arg::<E>(d.0, d.1)?,
            )
        };
        c.special_columns(
            identifier_type,
            a.as_deref(),
            b.as_deref(),
            d.as_deref(),
            scope,
            nullable,
        )
    })
}

#[unsafe(no_mangle)]
pub extern "system" fn SQLSpecialColumns(
    stmt: *mut c_void,
    identifier_type: u16,
    catalog: *const u8,
    catalog_len: SmallInt,
    schema: *const u8,
    schema_len: SmallInt,
    table: *const u8,
    table_len: SmallInt,
    scope: u16,
    nullable: u16,
) -> SqlReturn {
    special_columns::<Narrow>(
        stmt,
        identifier_type,
        [
            (catalog, catalog_len),
            (schema, schema_len),
            (table, table_len),
        ],
        scope,
        nullable,
    )
}

#[unsafe(no_mangle)]
pub extern "system" fn SQLSpecialColumnsW(
    stmt: *mut c_void,
    identifier_type: u16,
    catalog: *const WChar,
    catalog_len: SmallInt,
    schema: *const WChar,
    schema_len: SmallInt,
    table: *const WChar,
    table_len: SmallInt,
    scope: u16,
    nullable: u16,
) -> SqlReturn {
    special_columns::<Wide>(
        stmt,
        identifier_type,
        [
            (catalog, catalog_len),
            (schema, schema_len),
            (table, table_len),
        ],
        scope,
        nullable,
    )
}

#[unsafe(no_mangle)]
pub extern "system" fn SQLProcedures(
    stmt: *mut c_void,
    catalog: *const u8,
    catalog_len: SmallInt,
    schema: *const u8,
    schema_len: SmallInt,
    procedure: *const u8,
    procedure_len: SmallInt,
) -> SqlReturn {
    three_names::<Narrow>(
        stmt,
        |c, a, b, d| c.procedures(a, b, d),
        [
            (catalog, catalog_len),
            (schema, schema_len),
            (procedure, procedure_len),
        ],
    )
}

#[unsafe(no_mangle)]
pub extern "system" fn SQLProceduresW(
    stmt: *mut c_void,
    catalog: *const WChar,
    catalog_len: SmallInt,
    schema: *const WChar,
    schema_len: SmallInt,
    procedure: *const WChar,
    procedure_len: SmallInt,
) -> SqlReturn {
    three_names::<Wide>(
        stmt,
        |c, a, b, d| c.procedures(a, b, d),
        [
            (catalog, catalog_len),
            (schema, schema_len),
            (procedure, procedure_len),
        ],
    )
}

#[unsafe(no_mangle)]
pub extern "system" fn SQLProcedureColumns(
    stmt: *mut c_void,
    catalog: *const u8,
    catalog_len: SmallInt,
    schema: *const u8,
    schema_len: SmallInt,
    procedure: *const u8,
    procedure_len: SmallInt,
    column: *const u8,
    column_len: SmallInt,
) -> SqlReturn {
    four_names::<Narrow>(
        stmt,
        |c, a, b, d, e| c.procedure_columns(a, b, d, e),
        [
            (catalog, catalog_len),
            (schema, schema_len),
            (procedure, procedure_len),
            (column, column_len),
        ],
    )
}

#[unsafe(no_mangle)]
pub extern "system" fn SQLProcedureColumnsW(
    stmt: *mut c_void,
    catalog: *const WChar,
    catalog_len: SmallInt,
    schema: *const WChar,
    schema_len: SmallInt,
    procedure: *const WChar,
    procedure_len: SmallInt,
    column: *const WChar,
    column_len: SmallInt,
) -> SqlReturn {
    four_names::<Wide>(
        stmt,
        |c, a, b, d, e| c.procedure_columns(a, b, d, e),
        [
            (catalog, catalog_len),
            (schema, schema_len),
            (procedure, procedure_len),
            (column, column_len),
        ],
    )
}

#[unsafe(no_mangle)]
pub extern "system" fn SQLTablePrivileges(
    stmt: *mut c_void,
    catalog: *const u8,
    catalog_len: SmallInt,
    schema: *const u8,
    schema_len: SmallInt,
    table: *const u8,
    table_len: SmallInt,
) -> SqlReturn {
    three_names::<Narrow>(
        stmt,
        |c, a, b, d| c.table_privileges(a, b, d),
        [
            (catalog, catalog_len),
            (schema, schema_len),
            (table, table_len),
        ],
    )
}

#[unsafe(no_mangle)]
pub extern "system" fn SQLTablePrivilegesW(
    stmt: *mut c_void,
    catalog: *const WChar,
    catalog_len: SmallInt,
    schema: *const WChar,
    schema_len: SmallInt,
    table: *const WChar,
    table_len: SmallInt,
) -> SqlReturn {
    three_names::<Wide>(
        stmt,
        |c, a, b, d| c.table_privileges(a, b, d),
        [
            (catalog, catalog_len),
            (schema, schema_len),
            (table, table_len),
        ],
    )
}

#[unsafe(no_mangle)]
pub extern "system" fn SQLColumnPrivileges(
    stmt: *mut c_void,
    catalog: *const u8,
    catalog_len: SmallInt,
    schema: *const u8,
    schema_len: SmallInt,
    table: *const u8,
    table_len: SmallInt,
    column: *const u8,
    column_len: SmallInt,
) -> SqlReturn {
    four_names::<Narrow>(
        stmt,
        |c, a, b, d, e| c.column_privileges(a, b, d, e),
        [
            (catalog, catalog_len),
            (schema, schema_len),
            (table, table_len),
            (column, column_len),
        ],
    )
}

#[unsafe(no_mangle)]
pub extern "system" fn SQLColumnPrivilegesW(
    stmt: *mut c_void,
    catalog: *const WChar,
    catalog_len: SmallInt,
    schema: *const WChar,
    schema_len: SmallInt,
    table: *const WChar,
    table_len: SmallInt,
    column: *const WChar,
    column_len: SmallInt,
) -> SqlReturn {
    four_names::<Wide>(
        stmt,
        |c, a, b, d, e| c.column_privileges(a, b, d, e),
        [
            (catalog, catalog_len),
            (schema, schema_len),
            (table, table_len),
            (column, column_len),
        ],
    )
}

fn get_type_info(stmt: *mut c_void, data_type: SmallInt) -> SqlReturn {
    run(stmt, |c| {
        catalog_functions::type_info(data_type, c.odbc_version)
    })
}

#[unsafe(no_mangle)]
pub extern "system" fn SQLGetTypeInfo(stmt: *mut c_void, data_type: SmallInt) -> SqlReturn {
    get_type_info(stmt, data_type)
}

#[unsafe(no_mangle)]
pub extern "system" fn SQLGetTypeInfoW(stmt: *mut c_void, data_type: SmallInt) -> SqlReturn {
    get_type_info(stmt, data_type)
}
