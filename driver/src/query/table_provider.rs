//! A provider [`Table`] as a DataFusion table: where filter, projection and
//! limit pushdown are negotiated.
//!
//! DataFusion asks [`TableProvider::supports_filters_pushdown`] about each WHERE
//! conjunct; we translate it (`pushdown.rs`) and let the provider answer.
//! Everything not answered `Exact` is re-checked by the engine. `scan` only
//! builds the plan: the provider's `scan` (the first API request) runs when
//! the plan is executed, so preparing a statement costs nothing. A table the
//! persistent cache keeps (`cache.rs`) is scanned from its Parquet copy,
//! refreshed first when stale, with every filter `Inexact`.
//!
//! The plan's scan node ([`ScanExec`]) also takes an ORDER BY the API can
//! produce exactly (DataFusion's sort pushdown then drops its sort) and a
//! LIMIT above that sort.

use std::fmt;
use std::sync::Arc;

use apiodbc_providers::Provider;
use apiodbc_providers::table::{Notices, OrderBy, Predicate, Pushdown, ScanRequest, Table};
use arrow::array::{RecordBatch, RecordBatchOptions};
use arrow::datatypes::{Schema, SchemaRef};
use async_trait::async_trait;
use datafusion::catalog::{Session, TableProvider};
use datafusion::common::tree_node::TreeNodeRecursion;
use datafusion::error::{DataFusionError, Result};
use datafusion::execution::{SendableRecordBatchStream, TaskContext};
use datafusion::logical_expr::{Expr, TableProviderFilterPushDown, TableType};
use datafusion::physical_expr::{LexOrdering, PhysicalExpr, PhysicalSortExpr};
use datafusion::physical_plan::expressions::Column;
use datafusion::physical_plan::stream::RecordBatchStreamAdapter;
use datafusion::physical_plan::streaming::{PartitionStream, StreamingTableExec};
use datafusion::physical_plan::{
    DisplayAs, DisplayFormatType, ExecutionPlan, PlanProperties, SortOrderPushdownResult,
};
use futures::StreamExt;

use super::cache::{Cached, Store, parquet_table};
use super::pushdown::to_predicate;
use crate::convert::types;

/// Session config extension of an execution whose SQL says `/* nocache */`:
/// its scans ask the API even when the response cache holds an answer.
#[derive(Debug)]
pub struct NoCache;

/// One table of one schema of the connection's provider.
pub struct ApiTable {
    provider: Arc<dyn Provider>,
    schema_name: String,
    table: &'static Table,
    schema: SchemaRef,
    /// The persistent cache, when it keeps this table: scans read its copy.
    store: Option<Arc<Store>>,
}

impl ApiTable {
    pub fn new(
        provider: Arc<dyn Provider>,
        schema_name: String,
        table: &'static Table,
        store: Option<Arc<Store>>,
    ) -> Self {
        let schema = with_origin(
            &table.schema(),
            &provider.catalog(),
            &schema_name,
            table.name,
        );
        ApiTable {
            provider,
            schema_name,
            schema,
            table,
            store: store.filter(|_| Store::keeps(table)),
        }
    }

    /// A scan of the cached copy, refreshed first when it is stale.
    async fn scan_cached(
        &self,
        store: &Store,
        state: &dyn Session,
        projection: Option<&Vec<usize>>,
        filters: &[Expr],
        limit: Option<usize>,
    ) -> Result<Arc<dyn ExecutionPlan>> {
        let cached = Cached::new(self.provider.as_ref(), &self.schema_name, self.table);
        let force = state.config().get_extension::<NoCache>().is_some();
        let file = store
            .ready(cached, force)
            .await
            .map_err(|e| DataFusionError::External(Box::new(e)))?;
        let copy = parquet_table(&file, self.schema.clone())
            .map_err(|e| DataFusionError::External(Box::new(e)))?;
        copy.scan(state, projection, filters, limit).await
    }
}

/// Marks every field with where it comes from, so `SQLColAttribute` can
/// report the catalog, schema, table and base column of a result column.
fn with_origin(schema: &SchemaRef, catalog: &str, schema_name: &str, table: &str) -> SchemaRef {
    let fields = schema.fields().iter().map(|f| {
        let mut metadata = f.metadata().clone();
        metadata.extend([
            (types::CATALOG_KEY.to_string(), catalog.to_string()),
            (types::SCHEMA_KEY.to_string(), schema_name.to_string()),
            (types::TABLE_KEY.to_string(), table.to_string()),
            (types::BASE_COLUMN_KEY.to_string(), f.name().clone()),
        ]);
        f.as_ref().clone().with_metadata(metadata)
    });
    Arc::new(Schema::new_with_metadata(
        fields.collect::<Vec<_>>(),
        schema.metadata().clone(),
    ))
}

impl fmt::Debug for ApiTable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ApiTable({}.{})", self.schema_name, self.table.name)
    }
}

#[async_trait]
impl TableProvider for ApiTable {
    fn schema(&self) -> SchemaRef {
        self.schema.clone()
    }

    fn table_type(&self) -> TableType {
        TableType::Base
    }

    fn supports_filters_pushdown(
        &self,
        filters: &[&Expr],
    ) -> Result<Vec<TableProviderFilterPushDown>> {
        // The Parquet scan of a copy skips what its statistics rule out;
        // the engine still checks every row.
        if self.store.is_some() {
            return Ok(vec![TableProviderFilterPushDown::Inexact; filters.len()]);
        }
        Ok(filters
            .iter()
            .map(|f| match to_predicate(f, &self.schema) {
                None => TableProviderFilterPushDown::Unsupported,
                Some(p) => match self.provider.pushdown(self.table, &p) {
                    Pushdown::Exact => TableProviderFilterPushDown::Exact,
                    Pushdown::Inexact => TableProviderFilterPushDown::Inexact,
                    Pushdown::Unsupported => TableProviderFilterPushDown::Unsupported,
                },
            })
            .collect())
    }

    async fn scan(
        &self,
        state: &dyn Session,
        projection: Option<&Vec<usize>>,
        filters: &[Expr],
        limit: Option<usize>,
    ) -> Result<Arc<dyn ExecutionPlan>> {
        if let Some(store) = &self.store {
            return self
                .scan_cached(store, state, projection, filters, limit)
                .await;
        }
        let filters: Vec<Predicate> = filters
            .iter()
            .filter_map(|f| to_predicate(f, &self.schema))
            .collect();
        // A table the API cannot list without some filter fails here, at
        // execution, before any request (42000 naming the filter to add).
        self.table
            .check_required(&filters)
            .map_err(|e| DataFusionError::External(Box::new(e)))?;
        let output = match projection {
            Some(p) => Arc::new(self.schema.project(p)?),
            None => self.schema.clone(),
        };
        // `count(*)` projects no column; the provider still has to count
        // rows, so it is asked for the first one, which is dropped again.
        let provider_projection = match projection {
            Some(p) if p.is_empty() && !self.schema.fields().is_empty() => Some(vec![0]),
            other => other.cloned(),
        };
        let partition = ScanPartition {
            provider: self.provider.clone(),
            schema_name: self.schema_name.clone(),
            table: self.table,
            request: ScanRequest {
                projection: provider_projection,
                filters,
                limit,
                order: Vec::new(),
                fresh: state.config().get_extension::<NoCache>().is_some(),
                count_only: projection.is_some_and(|p| p.is_empty()),
                // The execution's notices (see `Prepared::execute`), shown as 01000.
                notices: state
                    .config()
                    .get_extension::<Notices>()
                    .map(|n| n.as_ref().clone())
                    .unwrap_or_default(),
            },
            output,
        };
        Ok(Arc::new(ScanExec::new(partition, None)?))
    }
}

/// The plan node of a scan: one [`ScanPartition`], streamed.
#[derive(Debug)]
struct ScanExec {
    partition: ScanPartition,
    /// Runs the partition and describes it (schema, ordering, boundedness).
    inner: StreamingTableExec,
}

impl ScanExec {
    /// `ordering` is what the partition's `request.order` makes the API return.
    fn new(partition: ScanPartition, ordering: Option<LexOrdering>) -> Result<Self> {
        let inner = StreamingTableExec::try_new(
            partition.output.clone(),
            vec![Arc::new(partition.clone())],
            None,
            ordering,
            false,
            partition.request.limit,
        )?;
        Ok(ScanExec { partition, inner })
    }

    /// The order as the provider names it: plain columns only.
    fn order_by(order: &[PhysicalSortExpr]) -> Option<Vec<OrderBy>> {
        order
            .iter()
            .map(|key| {
                let column = key.expr.downcast_ref::<Column>()?;
                Some(OrderBy {
                    column: column.name().to_string(),
                    descending: key.options.descending,
                })
            })
            .collect()
    }
}

impl DisplayAs for ScanExec {
    fn fmt_as(&self, t: DisplayFormatType, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:?} order={:?} ",
            self.partition, self.partition.request.order
        )?;
        self.inner.fmt_as(t, f)
    }
}

impl ExecutionPlan for ScanExec {
    fn name(&self) -> &str {
        "ApiScanExec"
    }

    fn properties(&self) -> &Arc<PlanProperties> {
        self.inner.properties()
    }

    fn children(&self) -> Vec<&Arc<dyn ExecutionPlan>> {
        Vec::new()
    }

    fn apply_expressions(
        &self,
        _f: &mut dyn FnMut(&Arc<dyn PhysicalExpr>) -> Result<TreeNodeRecursion>,
    ) -> Result<TreeNodeRecursion> {
        Ok(TreeNodeRecursion::Continue)
    }

    fn with_new_children(
        self: Arc<Self>,
        _children: Vec<Arc<dyn ExecutionPlan>>,
    ) -> Result<Arc<dyn ExecutionPlan>> {
        Ok(self)
    }

    fn execute(
        &self,
        partition: usize,
        context: Arc<TaskContext>,
    ) -> Result<SendableRecordBatchStream> {
        self.inner.execute(partition, context)
    }

    fn fetch(&self) -> Option<usize> {
        self.partition.request.limit
    }

    /// A LIMIT right above the scan (after a sort the API took over): the
    /// provider asks for no more rows than that.
    fn with_fetch(&self, limit: Option<usize>) -> Option<Arc<dyn ExecutionPlan>> {
        let mut partition = self.partition.clone();
        partition.request.limit = limit;
        let ordering = self.inner.properties().output_ordering().cloned();
        ScanExec::new(partition, ordering)
            .ok()
            .map(|exec| Arc::new(exec) as _)
    }

    /// The sort goes to the API when the provider promises exactly SQL's
    /// order. Not after a LIMIT: those rows are the first in the API's
    /// default order, which a sort must not change.
    fn try_pushdown_sort(
        &self,
        order: &[PhysicalSortExpr],
    ) -> Result<SortOrderPushdownResult<Arc<dyn ExecutionPlan>>> {
        let request = &self.partition.request;
        let Some(keys) = Self::order_by(order) else {
            return Ok(SortOrderPushdownResult::Unsupported);
        };
        let exact = self.partition.provider.ordering(
            &self.partition.schema_name,
            self.partition.table,
            &request.filters,
            &keys,
        ) == Pushdown::Exact;
        if !exact || request.limit.is_some() || !request.order.is_empty() {
            return Ok(SortOrderPushdownResult::Unsupported);
        }
        let mut partition = self.partition.clone();
        partition.request.order = keys;
        let inner = ScanExec::new(partition, LexOrdering::new(order.to_vec()))?;
        Ok(SortOrderPushdownResult::Exact {
            inner: Arc::new(inner),
        })
    }
}

/// The single partition of a scan: calls the provider when executed.
#[derive(Clone)]
struct ScanPartition {
    provider: Arc<dyn Provider>,
    schema_name: String,
    table: &'static Table,
    request: ScanRequest,
    output: SchemaRef,
}

impl fmt::Debug for ScanPartition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "ApiScan({}.{}, filters={:?}, limit={:?})",
            self.schema_name, self.table.name, self.request.filters, self.request.limit
        )
    }
}

impl PartitionStream for ScanPartition {
    fn schema(&self) -> &SchemaRef {
        &self.output
    }

    fn execute(&self, _ctx: Arc<TaskContext>) -> SendableRecordBatchStream {
        let output = self.output.clone();
        let stream = match self
            .provider
            .scan(&self.schema_name, self.table, self.request.clone())
        {
            Ok(batches) => {
                let schema = output.clone();
                batches
                    .map(move |b| {
                        b.map_err(|e| DataFusionError::External(Box::new(e)))
                            .and_then(|b| conform(&schema, b))
                    })
                    .boxed()
            }
            Err(e) => {
                futures::stream::once(async move { Err(DataFusionError::External(Box::new(e))) })
                    .boxed()
            }
        };
        Box::pin(RecordBatchStreamAdapter::new(output, stream))
    }
}

/// Gives a provider batch the scan's declared schema (with the columns'
/// metadata), dropping the stand-in column of a column-less scan.
fn conform(schema: &SchemaRef, batch: RecordBatch) -> Result<RecordBatch> {
    let columns = if schema.fields().is_empty() {
        Vec::new()
    } else {
        batch.columns().to_vec()
    };
    let options = RecordBatchOptions::new().with_row_count(Some(batch.num_rows()));
    Ok(RecordBatch::try_new_with_options(
        schema.clone(),
        columns,
        &options,
    )?)
}
