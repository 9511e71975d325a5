//! Integer `+`, `-` and `*` that overflow are errors (22003), as SQL has
//! them, not wrapped values: DataFusion's integer arithmetic wraps, so
//! `CAST(9223372036854775807 AS BIGINT) + 1` came back negative. An analyzer
//! rule, which runs after type coercion and before constant folding (which
//! would fold the wrapped value), turns them into checked functions; the
//! output keeps each expression's name.

use std::sync::{Arc, LazyLock};

use arrow::array::{Array, ArrayRef};
use arrow::compute::kernels::numeric;
use arrow::datatypes::DataType;
use datafusion::common::config::ConfigOptions;
use datafusion::common::tree_node::{Transformed, TreeNode};
use datafusion::common::{DFSchema, Result, ScalarValue};
use datafusion::logical_expr::expr_rewriter::NamePreserver;
use datafusion::logical_expr::utils::merge_schema;
use datafusion::logical_expr::{
    BinaryExpr, ColumnarValue, Expr, ExprSchemable, LogicalPlan, Operator, ScalarFunctionArgs,
    ScalarUDF, ScalarUDFImpl, Signature, Volatility,
};
use datafusion::optimizer::AnalyzerRule;

/// The analyzer rule; see the module documentation.
#[derive(Debug)]
pub struct CheckedArithmetic;

impl AnalyzerRule for CheckedArithmetic {
    fn analyze(&self, plan: LogicalPlan, _: &ConfigOptions) -> Result<LogicalPlan> {
        plan.transform_up_with_subqueries(|plan| {
            let schema = merge_schema(&plan.inputs());
            let names = NamePreserver::new(&plan);
            plan.map_expressions(|expr| {
                let name = names.save(&expr);
                let checked = expr.transform_up(|e| checked(e, &schema))?;
                Ok(checked.update_data(|e| name.restore(e)))
            })
        })
        .map(|t| t.data)
    }

    fn name(&self) -> &str {
        "checked_arithmetic"
    }
}

/// `a + b` on integers becomes `checked_add(a, b)`, and so on.
fn checked(expr: Expr, schema: &DFSchema) -> Result<Transformed<Expr>> {
    let Expr::BinaryExpr(BinaryExpr { left, op, right }) = &expr else {
        return Ok(Transformed::no(expr));
    };
    // A checked call is an integer already; asking it its type would walk
    // the whole chain below it, once per link.
    let integer = |e: &Expr| match e {
        Expr::ScalarFunction(call) if CHECKED.contains(&call.name()) => true,
        e => e.get_type(schema).is_ok_and(|t| t.is_integer()),
    };
    let function = match op {
        Operator::Plus => &*ADD,
        Operator::Minus => &*SUBTRACT,
        Operator::Multiply => &*MULTIPLY,
        _ => return Ok(Transformed::no(expr)),
    };
    if !(integer(left) && integer(right)) {
        return Ok(Transformed::no(expr));
    }
    Ok(Transformed::yes(
        function.call(vec![(**left).clone(), (**right).clone()]),
    ))
}

const CHECKED: [&str; 3] = ["checked_add", "checked_subtract", "checked_multiply"];

type Kernel = fn(
    &dyn arrow::array::Datum,
    &dyn arrow::array::Datum,
) -> Result<ArrayRef, arrow::error::ArrowError>;

static ADD: LazyLock<ScalarUDF> = LazyLock::new(|| Checked::udf(CHECKED[0], numeric::add));
static SUBTRACT: LazyLock<ScalarUDF> = LazyLock::new(|| Checked::udf(CHECKED[1], numeric::sub));
static MULTIPLY: LazyLock<ScalarUDF> = LazyLock::new(|| Checked::udf(CHECKED[2], numeric::mul));

/// One checked operation on two integers of the same type (type coercion
/// made them so), failing with Arrow's overflow error. Its name says which.
#[derive(Debug)]
struct Checked {
    name: &'static str,
    kernel: Kernel,
    signature: Signature,
}

impl PartialEq for Checked {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name
    }
}

impl Eq for Checked {}

impl std::hash::Hash for Checked {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.name.hash(state);
    }
}

impl Checked {
    fn udf(name: &'static str, kernel: Kernel) -> ScalarUDF {
        ScalarUDF::new_from_impl(Checked {
            name,
            kernel,
            signature: Signature::any(2, Volatility::Immutable),
        })
    }
}

impl ScalarUDFImpl for Checked {
    fn name(&self) -> &str {
        self.name
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, args: &[DataType]) -> Result<DataType> {
        Ok(args[0].clone())
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let scalar = args
            .args
            .iter()
            .all(|a| matches!(a, ColumnarValue::Scalar(_)));
        let arrays = ColumnarValue::values_to_arrays(&args.args)?;
        let result: ArrayRef = (self.kernel)(&arrays[0], &arrays[1])?;
        Ok(if scalar && result.len() == 1 {
            ColumnarValue::Scalar(ScalarValue::try_from_array(&result, 0)?)
        } else {
            ColumnarValue::Array(Arc::clone(&result))
        })
    }
}
