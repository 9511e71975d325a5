//! The `sys_*` tables: the connection's own metadata as SQL tables
//! (schemas, tables, columns, procedures, connection properties), present in
//! every schema so they resolve unqualified whatever the default schema is.
//!
//! Rows are built when a scan runs, never at connect or prepare time, so that
//! opening a connection costs no API request (`sys_schemas` may list
//! Bitbucket repositories). A `schema_name = '...'` filter spares that listing.

use std::fmt;
use std::sync::Arc;

use apiodbc_providers::table::{CmpOp, DESCRIPTION_KEY, Predicate, SIZE_KEY, Value};
use apiodbc_providers::{Properties, Provider};
use arrow::array::{ArrayRef, BooleanArray, Int32Array, RecordBatch, StringArray};
use arrow::datatypes::{DataType, Field, Schema, SchemaRef};
use async_trait::async_trait;
use datafusion::catalog::{Session, TableProvider};
use datafusion::error::{DataFusionError, Result};
use datafusion::execution::{SendableRecordBatchStream, TaskContext};
use datafusion::logical_expr::{Expr, TableProviderFilterPushDown, TableType};
use datafusion::physical_plan::ExecutionPlan;
use datafusion::physical_plan::stream::RecordBatchStreamAdapter;
use datafusion::physical_plan::streaming::{PartitionStream, StreamingTableExec};
use futures::StreamExt;
use parking_lot::RwLock;

use super::procedures::Procedures;
use super::pushdown::to_predicate;
use crate::convert::types::SqlType;

/// What the system tables describe: the connection.
pub struct SystemContext {
    pub provider: Arc<dyn Provider>,
    pub properties: Properties,
    pub procedures: Arc<Procedures>,
    /// Changed by `USE`; the system tables are listed under it.
    pub default_schema: RwLock<String>,
    /// The persistent cache (`CacheLocation`), when set.
    pub store: Option<Arc<super::cache::Store>>,
}

impl fmt::Debug for SystemContext {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SystemContext({})", self.provider.name())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Schemas,
    Tables,
    TableColumns,
    Procedures,
    ProcedureParameters,
    ConnectionProps,
}

const KINDS: &[(&str, Kind, &str)] = &[
    ("sys_schemas", Kind::Schemas, "The schemas of the catalog."),
    ("sys_tables", Kind::Tables, "The tables of every schema."),
    (
        "sys_tablecolumns",
        Kind::TableColumns,
        "The columns of every table, with ODBC types and descriptions.",
    ),
    ("sys_procedures", Kind::Procedures, "The stored procedures."),
    (
        "sys_procedureparameters",
        Kind::ProcedureParameters,
        "The parameters of every stored procedure.",
    ),
    (
        "sys_connection_props",
        Kind::ConnectionProps,
        "Every connection property with its effective value; secrets are masked.",
    ),
];

/// The names of the system tables.
pub fn names() -> impl Iterator<Item = &'static str> {
    KINDS.iter().map(|(n, _, _)| *n)
}

/// What a system table holds (its `REMARKS` in `SQLTables`).
pub fn description(name: &str) -> &'static str {
    KINDS
        .iter()
        .find(|(n, _, _)| *n == name)
        .map_or("", |(_, _, d)| *d)
}

/// The system table `name` (case-insensitive), if there is one.
pub fn table(context: &Arc<SystemContext>, name: &str) -> Option<Arc<dyn TableProvider>> {
    let (_, kind, _) = KINDS
        .iter()
        .find(|(n, _, _)| n.eq_ignore_ascii_case(name))?;
    Some(Arc::new(SystemTable {
        kind: *kind,
        schema: schema_of(*kind),
        context: context.clone(),
    }))
}

fn text(name: &str, size: usize, nullable: bool, description: &str) -> Field {
    Field::new(name, DataType::Utf8, nullable).with_metadata(
        [
            (SIZE_KEY.to_string(), size.to_string()),
            (DESCRIPTION_KEY.to_string(), description.to_string()),
        ]
        .into(),
    )
}

fn int(name: &str, nullable: bool, description: &str) -> Field {
    Field::new(name, DataType::Int32, nullable)
        .with_metadata([(DESCRIPTION_KEY.to_string(), description.to_string())].into())
}

fn flag(name: &str, description: &str) -> Field {
    Field::new(name, DataType::Boolean, false)
        .with_metadata([(DESCRIPTION_KEY.to_string(), description.to_string())].into())
}

const NAME: usize = 255;
const LONG: usize = 4000;

fn schema_of(kind: Kind) -> SchemaRef {
    let catalog = || text("catalog_name", NAME, false, "The catalog.");
    let schema = || text("schema_name", NAME, false, "The schema.");
    let fields = match kind {
        Kind::Schemas => vec![catalog(), schema()],
        Kind::Tables => vec![
            catalog(),
            schema(),
            text("table_name", NAME, false, "The table."),
            text("table_type", 32, false, "TABLE or SYSTEM TABLE."),
            text("description", LONG, true, "What the table holds."),
        ],
        Kind::TableColumns => vec![
            catalog(),
            schema(),
            text("table_name", NAME, false, "The table."),
            text("column_name", NAME, false, "The column."),
            int("ordinal_position", false, "1-based position in the table."),
            int("data_type", false, "ODBC SQL type code."),
            text("type_name", 64, false, "ODBC SQL type name."),
            int(
                "column_size",
                true,
                "Characters of text, precision of numbers.",
            ),
            int("decimal_digits", true, "Digits after the decimal point."),
            flag("is_nullable", "Whether the column can be NULL."),
            text("description", LONG, true, "What the column holds."),
        ],
        Kind::Procedures => vec![
            catalog(),
            schema(),
            text("procedure_name", NAME, false, "The procedure."),
            text("description", LONG, true, "What the procedure does."),
        ],
        Kind::ProcedureParameters => vec![
            catalog(),
            schema(),
            text("procedure_name", NAME, false, "The procedure."),
            text("parameter_name", NAME, false, "The parameter."),
            int("ordinal_position", false, "1-based position."),
            int("data_type", false, "ODBC SQL type code."),
            text("type_name", 64, false, "ODBC SQL type name."),
            flag("is_required", "Whether the call must give it."),
            text("description", LONG, true, "What the parameter means."),
        ],
        Kind::ConnectionProps => vec![
            text("name", NAME, false, "The property."),
            text(
                "value",
                LONG,
                true,
                "Its effective value; secrets are masked.",
            ),
            text(
                "default_value",
                LONG,
                true,
                "The value used when it is not set.",
            ),
            flag("is_set", "Whether the connection string set it."),
            flag("is_secret", "Whether the value is masked."),
            text("description", LONG, false, "What the property does."),
        ],
    };
    Arc::new(Schema::new(fields))
}

struct SystemTable {
    kind: Kind,
    schema: SchemaRef,
    context: Arc<SystemContext>,
}

impl fmt::Debug for SystemTable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SystemTable({:?})", self.kind)
    }
}

/// The schema names a `schema_name` filter allows, if it is one.
fn schema_filter(predicate: &Predicate) -> Option<Vec<String>> {
    match predicate {
        Predicate::Compare {
            column,
            op: CmpOp::Eq,
            value: Value::Text(s),
        } if column == "schema_name" => Some(vec![s.clone()]),
        Predicate::InList {
            column,
            values,
            negated: false,
        } if column == "schema_name" => values
            .iter()
            .map(|v| match v {
                Value::Text(s) => Some(s.clone()),
                _ => None,
            })
            .collect(),
        _ => None,
    }
}

#[async_trait]
impl TableProvider for SystemTable {
    fn schema(&self) -> SchemaRef {
        self.schema.clone()
    }

    fn table_type(&self) -> TableType {
        TableType::View
    }

    fn supports_filters_pushdown(
        &self,
        filters: &[&Expr],
    ) -> Result<Vec<TableProviderFilterPushDown>> {
        let listed = matches!(self.kind, Kind::Tables | Kind::TableColumns);
        Ok(filters
            .iter()
            .map(|f| {
                let usable = listed
                    && to_predicate(f, &self.schema)
                        .as_ref()
                        .and_then(schema_filter)
                        .is_some();
                if usable {
                    TableProviderFilterPushDown::Inexact
                } else {
                    TableProviderFilterPushDown::Unsupported
                }
            })
            .collect())
    }

    async fn scan(
        &self,
        _state: &dyn Session,
        projection: Option<&Vec<usize>>,
        filters: &[Expr],
        limit: Option<usize>,
    ) -> Result<Arc<dyn ExecutionPlan>> {
        let mut schemas: Option<Vec<String>> = None;
        for f in filters {
            if let Some(allowed) = to_predicate(f, &self.schema)
                .as_ref()
                .and_then(schema_filter)
            {
                schemas = Some(match schemas {
                    None => allowed,
                    Some(prev) => prev.into_iter().filter(|s| allowed.contains(s)).collect(),
                });
            }
        }
        let partition = SystemPartition {
            kind: self.kind,
            schema: self.schema.clone(),
            context: self.context.clone(),
            schemas,
        };
        Ok(Arc::new(StreamingTableExec::try_new(
            self.schema.clone(),
            vec![Arc::new(partition)],
            projection,
            Vec::new(),
            false,
            limit,
        )?))
    }
}

#[derive(Debug)]
struct SystemPartition {
    kind: Kind,
    schema: SchemaRef,
    context: Arc<SystemContext>,
    /// Only these schemas, when a filter said so.
    schemas: Option<Vec<String>>,
}

impl PartitionStream for SystemPartition {
    fn schema(&self) -> &SchemaRef {
        &self.schema
    }

    fn execute(&self, _ctx: Arc<TaskContext>) -> SendableRecordBatchStream {
        let (kind, schema, context, schemas) = (
            self.kind,
            self.schema.clone(),
            self.context.clone(),
            self.schemas.clone(),
        );
        let stream = futures::stream::once(async move {
            let rows = rows(kind, &context, schemas).await?;
            Ok(RecordBatch::try_new(schema, rows)?)
        })
        .boxed();
        Box::pin(RecordBatchStreamAdapter::new(self.schema.clone(), stream))
    }
}

fn strings(values: Vec<Option<String>>) -> ArrayRef {
    Arc::new(StringArray::from(values))
}

fn ints(values: Vec<Option<i32>>) -> ArrayRef {
    Arc::new(Int32Array::from(values))
}

fn bools(values: Vec<bool>) -> ArrayRef {
    Arc::new(BooleanArray::from(values))
}

fn some(s: impl Into<String>) -> Option<String> {
    Some(s.into())
}

/// Every schema the scan covers, in the provider's order.
async fn schema_names(context: &SystemContext, only: Option<Vec<String>>) -> Result<Vec<String>> {
    match only {
        Some(names) => Ok(names
            .into_iter()
            .filter(|s| !context.provider.tables(s).is_empty() || is_default(context, s))
            .collect()),
        None => {
            let mut names = context
                .provider
                .schemas()
                .await
                .map_err(|e| DataFusionError::External(Box::new(e)))?;
            let default = context.default_schema.read().clone();
            if !names.iter().any(|s| s.eq_ignore_ascii_case(&default)) {
                names.insert(0, default);
            }
            Ok(names)
        }
    }
}

fn is_default(context: &SystemContext, schema: &str) -> bool {
    context.default_schema.read().eq_ignore_ascii_case(schema)
}

async fn rows(
    kind: Kind,
    context: &SystemContext,
    only: Option<Vec<String>>,
) -> Result<Vec<ArrayRef>> {
    let catalog = context.provider.catalog();
    Ok(match kind {
        Kind::Schemas => {
            let names = schema_names(context, None).await?;
            vec![
                strings(names.iter().map(|_| some(&catalog)).collect()),
                strings(names.into_iter().map(Some).collect()),
            ]
        }
        Kind::Tables => {
            let (mut schemas, mut names, mut types, mut descriptions) =
                (vec![], vec![], vec![], vec![]);
            for schema in schema_names(context, only).await? {
                for t in context.provider.tables(&schema) {
                    schemas.push(some(&schema));
                    names.push(some(t.name));
                    types.push(some("TABLE"));
                    descriptions.push(some(t.remarks()));
                }
                if is_default(context, &schema) {
                    for (name, _, description) in KINDS {
                        schemas.push(some(&schema));
                        names.push(some(*name));
                        types.push(some("SYSTEM TABLE"));
                        descriptions.push(some(*description));
                    }
                }
            }
            vec![
                strings(schemas.iter().map(|_| some(&catalog)).collect()),
                strings(schemas),
                strings(names),
                strings(types),
                strings(descriptions),
            ]
        }
        Kind::TableColumns => {
            let mut rows: Vec<(String, String, Field)> = Vec::new();
            for schema in schema_names(context, only).await? {
                for t in context.provider.tables(&schema) {
                    for f in t.schema().fields() {
                        rows.push((schema.clone(), t.name.to_string(), f.as_ref().clone()));
                    }
                }
                if is_default(context, &schema) {
                    for (name, kind, _) in KINDS {
                        for f in schema_of(*kind).fields() {
                            rows.push((schema.clone(), name.to_string(), f.as_ref().clone()));
                        }
                    }
                }
            }
            let mut ordinal = Vec::with_capacity(rows.len());
            let mut previous: Option<(String, String)> = None;
            let mut n = 0;
            for (s, t, _) in &rows {
                let key = Some((s.clone(), t.clone()));
                n = if key == previous { n + 1 } else { 1 };
                previous = key;
                ordinal.push(Some(n));
            }
            let types: Vec<SqlType> = rows.iter().map(|(_, _, f)| SqlType::of(f)).collect();
            let size = |t: &SqlType| i32::try_from(t.column_size).ok();
            vec![
                strings(rows.iter().map(|_| some(&catalog)).collect()),
                strings(rows.iter().map(|(s, _, _)| some(s)).collect()),
                strings(rows.iter().map(|(_, t, _)| some(t)).collect()),
                strings(rows.iter().map(|(_, _, f)| some(f.name())).collect()),
                ints(ordinal),
                ints(types.iter().map(|t| Some(i32::from(t.concise))).collect()),
                strings(types.iter().map(|t| some(t.type_name)).collect()),
                ints(types.iter().map(size).collect()),
                ints(
                    types
                        .iter()
                        .map(|t| {
                            t.radix
                                .map(|_| i32::from(t.decimal_digits))
                                .or((t.interval_code != 0).then_some(i32::from(t.decimal_digits)))
                        })
                        .collect(),
                ),
                bools(rows.iter().map(|(_, _, f)| f.is_nullable()).collect()),
                strings(
                    rows.iter()
                        .map(|(_, _, f)| f.metadata().get(DESCRIPTION_KEY).cloned())
                        .collect(),
                ),
            ]
        }
        Kind::Procedures => {
            let procs = context.procedures.all();
            let schema = context.default_schema.read().clone();
            vec![
                strings(procs.iter().map(|_| some(&catalog)).collect()),
                strings(procs.iter().map(|_| some(&schema)).collect()),
                strings(procs.iter().map(|p| some(p.name)).collect()),
                strings(procs.iter().map(|p| some(p.description)).collect()),
            ]
        }
        Kind::ProcedureParameters => {
            let schema = context.default_schema.read().clone();
            let params: Vec<_> = context
                .procedures
                .all()
                .iter()
                .flat_map(|p| {
                    p.parameters
                        .iter()
                        .enumerate()
                        .map(move |(i, param)| (p.name, i, param))
                })
                .collect();
            let types: Vec<SqlType> = params
                .iter()
                .map(|(_, _, p)| SqlType::of_data_type(&p.data_type, None))
                .collect();
            vec![
                strings(params.iter().map(|_| some(&catalog)).collect()),
                strings(params.iter().map(|_| some(&schema)).collect()),
                strings(params.iter().map(|(n, _, _)| some(*n)).collect()),
                strings(params.iter().map(|(_, _, p)| some(p.name)).collect()),
                ints(
                    params
                        .iter()
                        .map(|(_, i, _)| i32::try_from(i + 1).ok())
                        .collect(),
                ),
                ints(types.iter().map(|t| Some(i32::from(t.concise))).collect()),
                strings(types.iter().map(|t| some(t.type_name)).collect()),
                bools(params.iter().map(|(_, _, p)| p.required).collect()),
                strings(params.iter().map(|(_, _, p)| some(p.description)).collect()),
            ]
        }
        Kind::ConnectionProps => {
            let props: Vec<_> = context.properties.effective().collect();
            vec![
                strings(props.iter().map(|(d, _)| some(d.name)).collect()),
                strings(props.iter().map(|(_, v)| v.clone()).collect()),
                strings(
                    props
                        .iter()
                        .map(|(d, _)| (!d.default.is_empty()).then(|| d.default.to_string()))
                        .collect(),
                ),
                bools(
                    props
                        .iter()
                        .map(|(d, _)| context.properties.is_set(d.name))
                        .collect(),
                ),
                bools(props.iter().map(|(d, _)| d.secret).collect()),
                strings(props.iter().map(|(d, _)| some(d.description)).collect()),
            ]
        }
    })
}
