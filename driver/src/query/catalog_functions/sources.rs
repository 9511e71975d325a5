//! What the catalog functions describe besides the provider's tables: the
//! driver's system tables and the stored procedures.

use std::collections::HashMap;
use std::sync::Arc;

use apiodbc_providers::table::DESCRIPTION_KEY;
use arrow::datatypes::{DataType, Field, Schema, SchemaRef};
use parking_lot::RwLock;

use crate::query::Session;
use crate::query::procedures::Procedures;
use crate::query::system_tables::{self, SystemContext};

/// A system table, as the catalog functions list and describe it.
#[derive(Debug, Clone)]
pub struct SystemTable {
    pub name: &'static str,
    pub description: &'static str,
    pub schema: SchemaRef,
}

pub(super) fn sys_field(
    name: &str,
    data_type: DataType,
    nullable: bool,
    description: &str,
) -> Field {
    Field::new(name, data_type, nullable).with_metadata(HashMap::from([(
        DESCRIPTION_KEY.to_string(),
        description.to_string(),
    )]))
}

/// The `sys_*` tables of a connection, with the columns the planner's
/// `query::system_tables` serves (read from its table providers, so the
/// catalog functions describe exactly what a query returns).
pub(super) fn system_tables(context: &Arc<SystemContext>) -> Vec<SystemTable> {
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
            store: None,
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
