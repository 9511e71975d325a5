//! The planner: turns ODBC SQL into DataFusion plans over the provider's
//! tables, and runs them.
//!
//! `prepare` translates escapes (`escape.rs`), classifies the statement
//! (`classify.rs`) and plans it against the connection's catalog
//! (`engine_catalog.rs`) without any API request, so `SQLPrepare` +
//! `SQLDescribeCol` (Tableau's way of reading metadata) is free. `execute`
//! binds parameters and starts a streaming scan.

pub mod cache;
pub mod catalog_functions;
pub mod classify;
pub mod control;
pub mod engine_catalog;
pub mod errors;
pub mod escape;
pub mod functions;
pub mod json_key;
pub mod overflow;
pub mod procedures;
pub mod pushdown;
pub mod result_set;
pub mod system_tables;
pub mod table_provider;
pub mod text_sizes;

#[cfg(test)]
pub(crate) mod fake;
#[cfg(test)]
mod tests;

use std::sync::Arc;

use apiodbc_providers::table::{Notices, SIZE_KEY};
use apiodbc_providers::{Properties, Provider};
use arrow::array::{RecordBatch, RecordBatchOptions};
use arrow::datatypes::{DataType, Field, Schema, SchemaRef};
use datafusion::common::ScalarValue;
use datafusion::error::DataFusionError;
use datafusion::execution::FunctionRegistry;
use datafusion::execution::SendableRecordBatchStream;
use datafusion::execution::SessionStateBuilder;
use datafusion::logical_expr::{Expr, LogicalPlan};
use datafusion::physical_optimizer::limit_pushdown::LimitPushdown;
use datafusion::physical_plan::stream::RecordBatchStreamAdapter;
use datafusion::prelude::{SessionConfig, SessionContext};
use futures::StreamExt;
use parking_lot::RwLock;

pub use control::Control;
pub use result_set::ResultSet;

use crate::diag::{Error, Result};
use classify::Class;
use control::DeepDrop;
use procedures::{Procedure, Procedures};
use system_tables::SystemContext;

/// `SQLNativeSql`: the statement as the engine sees it (escapes translated),
/// with secret procedure arguments (a refresh token, a verifier) masked, since
/// clients show and log this text.
pub fn native_sql(sql: &str) -> Result<String> {
    escape::native_sql(sql).map(|native| procedures::mask_secret_arguments(&native))
}

/// The planner state of one connection: one DataFusion session whose
/// default catalog is the provider's. Cloning it is cheap: clones share
/// the provider, the engine session and the system tables.
#[derive(Clone)]
pub struct Session {
    pub provider: Arc<dyn Provider>,
    pub properties: Properties,
    context: SessionContext,
    system: Arc<SystemContext>,
}

impl Session {
    /// Opens the provider the properties name and checks the credentials
    /// (unless there are none yet: an OAuth connection without tokens opens
    /// for the OAuth stored procedures that obtain them).
    pub fn connect(properties: Properties, control: &Control) -> Result<Session> {
        let provider = apiodbc_providers::open(&properties)?;
        let store = cache::Store::open(&properties, provider.name())?;
        let trusted = store.as_ref().is_some_and(|s| s.trusts_credentials());
        if !trusted && !apiodbc_providers::auth::awaiting_tokens(&properties) {
            control.run(provider.check_connection())??;
            if let Some(store) = &store {
                store.credentials_verified();
            }
        }
        Session::new(provider, properties, store)
    }

    /// A session over an opened provider, whose tables are kept in `store`
    /// (`CacheLocation`) when there is one; makes no request.
    pub fn new(
        provider: Arc<dyn Provider>,
        properties: Properties,
        store: Option<Arc<cache::Store>>,
    ) -> Result<Session> {
        let catalog = provider.catalog();
        let schema = properties
            .get("Schema")
            .filter(|s| !s.trim().is_empty())
            .map(str::to_string)
            .unwrap_or_else(|| provider.default_schema());
        let mut config = SessionConfig::new()
            .with_default_catalog_and_schema(&catalog, &schema)
            .with_create_default_catalog_and_schema(false)
            .with_information_schema(false);
        // Text stays `Utf8` (what the type mapping and converters expect).
        config.options_mut().sql_parser.map_string_types_to_utf8view = false;
        // A cached table's filters are applied as its Parquet file is
        // decoded, so rows that fail them are never built (`CacheLocation`).
        config.options_mut().execution.parquet.pushdown_filters = true;
        config.options_mut().execution.parquet.reorder_filters = true;
        config
            .options_mut()
            .execution
            .parquet
            .schema_force_view_types = false;
        // Rows keep the API's order unless the query sorts: BI tools page
        // through unsorted results, and API data is small next to its latency.
        config
            .options_mut()
            .optimizer
            .enable_round_robin_repartition = false;
        // Limits are pushed down once more after the sort pushdown: a sort the
        // API took over leaves its LIMIT above any projection, out of the scan's
        // reach. Integer arithmetic is checked (`overflow`).
        let state = SessionStateBuilder::new()
            .with_config(config)
            .with_default_features()
            .with_physical_optimizer_rule(Arc::new(LimitPushdown::new()))
            .with_analyzer_rule(Arc::new(overflow::CheckedArithmetic))
            .build();
        let mut context = SessionContext::new_with_state(state);
        let procedures = Arc::new(Procedures::new(procedures::REGISTRY.to_vec()));
        let system = Arc::new(SystemContext {
            provider: provider.clone(),
            properties: properties.clone(),
            procedures,
            default_schema: RwLock::new(schema),
            store,
        });
        context.register_catalog(
            &catalog,
            Arc::new(engine_catalog::ProviderCatalog::new(system.clone())),
        );
        let user = properties.get("User").unwrap_or_default();
        for f in functions::session_functions(&catalog, user) {
            context.register_udf(f);
        }
        context.register_udf(json_key::json_value());
        context.register_expr_planner(Arc::new(json_key::JsonKeyPlanner))?;
        Ok(Session {
            provider,
            properties,
            context,
            system,
        })
    }

    /// The schema unqualified names resolve in (the `Schema` property, or
    /// the provider's default, until a `USE`).
    pub fn default_schema(&self) -> String {
        self.system.default_schema.read().clone()
    }

    /// The stored procedures of this connection (for `SQLProcedures`).
    pub fn procedures(&self) -> &Procedures {
        &self.system.procedures
    }

    /// Plans `sql` without touching the API: the result schema and the
    /// parameter markers are known afterwards. Parsing and planning recurse
    /// as deep as the SQL nests and cannot be interrupted from inside, so
    /// they run apart on a deep stack (`Control::run_apart`), stopped by
    /// `control`'s cancel and deadline.
    pub fn prepare(&self, sql: &str, control: &Control) -> Result<Prepared> {
        let (session, sql) = (self.clone(), sql.to_string());
        control.run_apart(move || session.plan_sql(&sql))?
    }

    fn plan_sql(&self, sql: &str) -> Result<Prepared> {
        let translated = escape::translate(sql)?;
        match classify::classify(&translated.sql)? {
            Class::Query(statement) => {
                let mut prepared = self.plan(*statement, translated.markers)?;
                prepared.fresh = wants_no_cache(sql);
                Ok(prepared)
            }
            Class::Procedure { name, args } => {
                let procedure = self.system.procedures.find(&name)?;
                let markers = args
                    .iter()
                    .filter_map(|a| match a.value {
                        classify::ArgValue::Param(n) => Some(n),
                        _ => None,
                    })
                    .max()
                    .unwrap_or(0)
                    .max(translated.markers);
                Ok(Prepared {
                    schema: (procedure.result)(),
                    params: vec![None; markers],
                    statement: Statement::Procedure { procedure, args },
                    system: self.system.clone(),
                    context: self.context.clone(),
                    fresh: false,
                })
            }
            Class::Use(schema) => Ok(Prepared {
                schema: Arc::new(Schema::empty()),
                params: vec![None; translated.markers],
                statement: Statement::Use(schema),
                system: self.system.clone(),
                context: self.context.clone(),
                fresh: false,
            }),
        }
    }

    fn plan(
        &self,
        statement: datafusion::sql::parser::Statement,
        markers: usize,
    ) -> Result<Prepared> {
        let state = self.context.state();
        // Table lookups are in memory, so planning never waits on I/O.
        let plan = futures::executor::block_on(state.statement_to_plan(statement))
            .map_err(|e| self.planning_error(e))?;
        let types = plan.get_parameter_types()?;
        let highest = types
            .keys()
            .filter_map(|k| k.strip_prefix('$')?.parse::<usize>().ok())
            .max()
            .unwrap_or(0)
            .max(markers);
        let params = (1..=highest)
            .map(|n| types.get(&format!("${n}")).cloned().flatten())
            .collect();
        let schema = output_schema(&plan);
        Ok(Prepared {
            schema,
            params,
            statement: Statement::Query(DeepDrop::new(plan)),
            system: self.system.clone(),
            context: self.context.clone(),
            fresh: false,
        })
    }

    /// A planning error; an unknown table names the nearest existing ones.
    fn planning_error(&self, e: DataFusionError) -> Error {
        let Some(reference) = errors::missing_table(&e) else {
            return e.into();
        };
        let reference = reference.replace('"', "");
        let parts: Vec<&str> = reference.split('.').collect();
        let table = parts.last().copied().unwrap_or_default();
        let schema = match parts.len() {
            n if n >= 2 => parts[n - 2].to_string(),
            _ => self.default_schema(),
        };
        let tables = self.provider.tables(&schema);
        let tables = if tables.is_empty() {
            self.provider.tables(&schema.to_lowercase())
        } else {
            tables
        };
        let names: Vec<&str> = tables
            .iter()
            .map(|t| t.name)
            .chain(system_tables::names())
            .collect();
        let near = errors::nearest(table, names.iter().copied());
        let hint = if !near.is_empty() {
            format!("; did you mean {}?", near.join(", "))
        } else if tables.is_empty() {
            format!("; schema '{schema}' has no tables (see sys_schemas)")
        } else {
            "; sys_tables lists the tables".to_string()
        };
        Error::table_not_found(format!(
            "table '{table}' not found in schema '{schema}'{hint}"
        ))
    }
}

/// What a prepared statement runs.
enum Statement {
    Query(DeepDrop<LogicalPlan>),
    Procedure {
        procedure: &'static Procedure,
        args: Vec<classify::Arg>,
    },
    Use(String),
}

/// A planned statement.
pub struct Prepared {
    /// The result columns (with the providers' size and description metadata);
    /// empty for statements without a result set.
    pub schema: SchemaRef,
    /// The type of each parameter marker (`$1` first), when the engine could
    /// infer it from the context (`WHERE amount > ?`).
    pub params: Vec<Option<DataType>>,
    statement: Statement,
    system: Arc<SystemContext>,
    context: SessionContext,
    /// The SQL said `/* nocache */`: its scans bypass the response cache.
    fresh: bool,
}

impl std::fmt::Debug for Prepared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Prepared")
            .field("schema", &self.schema)
            .field("params", &self.params)
            .finish_non_exhaustive()
    }
}

impl Prepared {
    /// Runs the statement with `params` bound to its markers and returns the
    /// open cursor. Rows are read from the API while the client fetches.
    /// Binding and planning walk the plan as deep as it nests: on a deep stack.
    pub fn execute(&self, params: Vec<ScalarValue>, control: &Control) -> Result<ResultSet> {
        control::on_deep_stack(|| self.run(params, control))?
    }

    fn run(&self, params: Vec<ScalarValue>, control: &Control) -> Result<ResultSet> {
        if params.len() < self.params.len() {
            return Err(Error::count_field_incorrect(format!(
                "the statement has {} parameter markers but {} values were bound",
                self.params.len(),
                params.len()
            )));
        }
        match &self.statement {
            Statement::Query(plan) => {
                let plan = LogicalPlan::clone(plan);
                let plan = if self.params.is_empty() {
                    plan
                } else {
                    plan.with_param_values(self.coerce(params)?)?
                };
                // The scans of this execution share one notice list with its cursor.
                let notices = Notices::default();
                let mut state = self.context.state();
                if self.fresh {
                    state
                        .config_mut()
                        .set_extension(Arc::new(table_provider::NoCache));
                }
                state.config_mut().set_extension(Arc::new(notices.clone()));
                let context = SessionContext::new_with_state(state);
                let stream = control.run(async move {
                    let frame = context.execute_logical_plan(plan).await?;
                    frame.execute_stream().await
                })??;
                Ok(ResultSet::from_stream(with_metadata(&self.schema, stream))
                    .with_notices(notices))
            }
            Statement::Procedure { procedure, args } => {
                let call = procedures::Call {
                    system: &self.system,
                    arguments: procedures::bind(procedure, args, &params)?,
                };
                let batches = control.run((procedure.run)(&call))??;
                Ok(ResultSet::from_batches(self.schema.clone(), batches))
            }
            Statement::Use(name) => {
                let catalog = engine_catalog::ProviderCatalog::new(self.system.clone());
                let schema = datafusion::catalog::CatalogProvider::schema(&catalog, name)
                    .map(|_| {
                        if self.system.default_schema.read().eq_ignore_ascii_case(name) {
                            self.system.default_schema.read().clone()
                        } else if self.system.provider.tables(name).is_empty() {
                            name.to_lowercase()
                        } else {
                            name.clone()
                        }
                    })
                    .ok_or_else(|| {
                        Error::invalid_schema(format!("schema '{name}' does not exist"))
                    })?;
                self.context
                    .state_ref()
                    .write()
                    .config_mut()
                    .options_mut()
                    .catalog
                    .default_schema = schema.clone();
                *self.system.default_schema.write() = schema;
                Ok(ResultSet::from_batches(self.schema.clone(), Vec::new()))
            }
        }
    }

    /// Bound values fitted to the types the markers were inferred to have
    /// (`convert::from_c::fit`), so a client may bind everything as text.
    fn coerce(&self, params: Vec<ScalarValue>) -> Result<Vec<ScalarValue>> {
        params
            .into_iter()
            .enumerate()
            .map(|(i, v)| {
                crate::convert::from_c::fit(v, self.params.get(i).and_then(Option::as_ref)).map_err(
                    |e| Error {
                        message: format!("parameter {}: {}", i + 1, e.message),
                        ..e
                    },
                )
            })
            .collect()
    }
}

/// Whether a block comment of `sql` says `nocache` (`SELECT /* nocache */ ...`).
fn wants_no_cache(sql: &str) -> bool {
    let mut rest = sql;
    while let Some(start) = rest.find("/*") {
        let Some(end) = rest[start + 2..].find("*/") else {
            return false;
        };
        let comment = &rest[start + 2..start + 2 + end];
        if comment.trim().eq_ignore_ascii_case("nocache") {
            return true;
        }
        rest = &rest[start + 2 + end + 2..];
    }
    false
}

/// The plan's output schema, with the providers' field metadata re-attached
/// to plain column references should the engine have dropped it, and each
/// text column's declared size as `text_sizes` proves it (none: long text).
fn output_schema(plan: &LogicalPlan) -> SchemaRef {
    let schema = with_metadata_of_columns(plan);
    let fields: Vec<Field> = schema
        .fields()
        .iter()
        .zip(text_sizes::declared_sizes(plan))
        .map(|(field, size)| {
            let mut metadata = field.metadata().clone();
            match size {
                Some(size) => metadata.insert(SIZE_KEY.to_string(), size.to_string()),
                None => metadata.remove(SIZE_KEY),
            };
            field.as_ref().clone().with_metadata(metadata)
        })
        .collect();
    Arc::new(Schema::new_with_metadata(fields, schema.metadata().clone()))
}

fn with_metadata_of_columns(plan: &LogicalPlan) -> Schema {
    let schema = plan.schema().as_arrow().clone();
    let LogicalPlan::Projection(projection) = plan else {
        return schema;
    };
    let input = projection.input.schema();
    let fields: Vec<Field> = schema
        .fields()
        .iter()
        .zip(&projection.expr)
        .map(|(field, expr)| {
            let source = match expr {
                Expr::Column(c) => input.qualified_field_from_column(c).ok().map(|(_, f)| f),
                Expr::Alias(a) => match a.expr.as_ref() {
                    Expr::Column(c) => input.qualified_field_from_column(c).ok().map(|(_, f)| f),
                    _ => None,
                },
                _ => None,
            };
            match source {
                Some(src) if field.metadata().is_empty() && !src.metadata().is_empty() => {
                    field.as_ref().clone().with_metadata(src.metadata().clone())
                }
                _ => field.as_ref().clone(),
            }
        })
        .collect();
    Schema::new_with_metadata(fields, schema.metadata().clone())
}

/// Gives the executed stream the prepared schema's field metadata, so what
/// `SQLDescribeCol` said after prepare is what the result reports (the
/// declared size included: the physical plan merges it differently).
fn with_metadata(
    prepared: &SchemaRef,
    stream: SendableRecordBatchStream,
) -> SendableRecordBatchStream {
    let actual = stream.schema();
    let fields: Vec<Field> = actual
        .fields()
        .iter()
        .enumerate()
        .map(|(i, f)| match prepared.fields().get(i) {
            Some(p) if p.name() == f.name() && p.data_type() == f.data_type() => {
                let mut metadata = f.metadata().clone();
                metadata.remove(SIZE_KEY);
                metadata.extend(p.metadata().clone());
                f.as_ref().clone().with_metadata(metadata)
            }
            _ => f.as_ref().clone(),
        })
        .collect();
    let schema = Arc::new(Schema::new_with_metadata(fields, actual.metadata().clone()));
    if schema == actual {
        return stream;
    }
    let target = schema.clone();
    let batches = stream.map(move |b| {
        let b = b?;
        let options = RecordBatchOptions::new().with_row_count(Some(b.num_rows()));
        Ok(RecordBatch::try_new_with_options(
            target.clone(),
            b.columns().to_vec(),
            &options,
        )?)
    });
    Box::pin(RecordBatchStreamAdapter::new(schema, batches))
}
