//! The declared size of each text column of a result, read from the logical
//! plan. A size holds only where every value provably comes from columns
//! that declare one: a plain reference keeps its column's size, a UNION the
//! largest of its branches, MIN/MAX the size of their argument. Everything
//! else — an expression, a branch without a size — is unbounded, and the
//! driver describes it as long text. The engine's own metadata merging is
//! not enough: a UNION keeps the size of one branch even when another is
//! longer or unbounded.

use apiodbc_providers::table::SIZE_KEY;
use datafusion::common::DFSchema;
use datafusion::logical_expr::{Distinct, Expr, JoinType, LogicalPlan};

/// One entry per output column of `plan`: the declared character size, or
/// `None` when the column is not bounded text of a known size.
pub fn declared_sizes(plan: &LogicalPlan) -> Vec<Option<usize>> {
    let width = plan.schema().fields().len();
    let sizes = match plan {
        LogicalPlan::TableScan(scan) => of_schema(&scan.projected_schema),
        LogicalPlan::Projection(p) => {
            let input = declared_sizes(&p.input);
            p.expr
                .iter()
                .map(|e| of_expr(e, p.input.schema(), &input))
                .collect()
        }
        LogicalPlan::Filter(f) => declared_sizes(&f.input),
        LogicalPlan::Sort(s) => declared_sizes(&s.input),
        LogicalPlan::Limit(l) => declared_sizes(&l.input),
        LogicalPlan::Repartition(r) => declared_sizes(&r.input),
        LogicalPlan::SubqueryAlias(s) => declared_sizes(&s.input),
        LogicalPlan::Distinct(Distinct::All(input)) => declared_sizes(input),
        LogicalPlan::Union(u) => {
            let branches: Vec<_> = u.inputs.iter().map(|i| declared_sizes(i)).collect();
            (0..width)
                .map(|c| {
                    branches
                        .iter()
                        .map(|b| b.get(c).copied().flatten())
                        .collect::<Option<Vec<_>>>()
                        .and_then(|s| s.into_iter().max())
                })
                .collect()
        }
        LogicalPlan::Aggregate(a) => {
            let input = declared_sizes(&a.input);
            a.group_expr
                .iter()
                .chain(&a.aggr_expr)
                .map(|e| of_expr(e, a.input.schema(), &input))
                .collect()
        }
        LogicalPlan::Window(w) => {
            let mut sizes = declared_sizes(&w.input);
            sizes.resize(width, None);
            sizes
        }
        LogicalPlan::Join(j) => {
            let (left, right) = (declared_sizes(&j.left), declared_sizes(&j.right));
            match j.join_type {
                JoinType::LeftSemi | JoinType::LeftAnti => left,
                JoinType::RightSemi | JoinType::RightAnti => right,
                _ => left.into_iter().chain(right).collect(),
            }
        }
        _ => Vec::new(),
    };
    // A shape this does not follow (grouping sets, a mark column) is unbounded.
    if sizes.len() == width {
        sizes
    } else {
        vec![None; width]
    }
}

fn of_schema(schema: &DFSchema) -> Vec<Option<usize>> {
    schema
        .fields()
        .iter()
        .map(|f| f.metadata().get(SIZE_KEY).and_then(|s| s.parse().ok()))
        .collect()
}

fn of_expr(expr: &Expr, input: &DFSchema, sizes: &[Option<usize>]) -> Option<usize> {
    match expr {
        Expr::Column(c) => sizes.get(input.index_of_column(c).ok()?).copied().flatten(),
        Expr::Alias(a) => of_expr(&a.expr, input, sizes),
        Expr::AggregateFunction(f)
            if matches!(f.func.name(), "min" | "max") && f.params.args.len() == 1 =>
        {
            of_expr(&f.params.args[0], input, sizes)
        }
        _ => None,
    }
}
