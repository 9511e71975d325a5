//! `column['key']` on JSON text columns (`metadata['order_id']`): the SQL
//! analysts write for Stripe metadata. The engine has no JSON type, so the
//! subscript of a text column is planned as `json_value(column, 'key')`, a
//! function that reads one key of a JSON object. Keeping it a named function
//! lets the pushdown recognise it ([`super::pushdown`]) and send
//! `metadata['k'] = 'v'` to the Stripe Search API.

use std::sync::Arc;

use arrow::array::{Array, ArrayRef, StringArray};
use arrow::compute::cast;
use arrow::datatypes::DataType;
use datafusion::common::{DFSchema, ScalarValue};
use datafusion::error::{DataFusionError, Result};
use datafusion::logical_expr::expr::ScalarFunction;
use datafusion::logical_expr::planner::{ExprPlanner, PlannerResult, RawFieldAccessExpr};
use datafusion::logical_expr::{
    ColumnarValue, Expr, ExprSchemable, GetFieldAccess, ScalarFunctionArgs, ScalarUDF,
    ScalarUDFImpl, Signature, Volatility, lit,
};

/// The function's SQL name.
pub const JSON_VALUE: &str = "json_value";

/// `json_value(text, key)`: the value of `key` in the JSON object `text`;
/// strings as they are, numbers and booleans as their JSON text, objects and
/// arrays as JSON; NULL when the text is not an object, lacks the key, or
/// the value is null.
#[derive(Debug, PartialEq, Eq, Hash)]
struct JsonValue {
    signature: Signature,
}

impl ScalarUDFImpl for JsonValue {
    fn name(&self) -> &str {
        JSON_VALUE
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _args: &[DataType]) -> Result<DataType> {
        Ok(DataType::Utf8)
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let rows = args.number_rows;
        let arrays = ColumnarValue::values_to_arrays(&args.args)?;
        let text = as_strings(&arrays[0])?;
        let keys = as_strings(&arrays[1])?;
        let values: StringArray = (0..rows.max(text.len()))
            .map(|i| {
                let (t, k) = (cell(&text, i), cell(&keys, i));
                value_of(t?, k?)
            })
            .collect();
        Ok(ColumnarValue::Array(Arc::new(values)))
    }
}

fn as_strings(array: &ArrayRef) -> Result<StringArray> {
    cast(array, &DataType::Utf8)?
        .as_any()
        .downcast_ref::<StringArray>()
        .cloned()
        .ok_or_else(|| DataFusionError::Internal("json_value: text expected".into()))
}

/// Row `i` of a column, or of a one-row (scalar) argument.
fn cell(array: &StringArray, i: usize) -> Option<&str> {
    let i = if array.len() == 1 { 0 } else { i };
    (i < array.len() && array.is_valid(i)).then(|| array.value(i))
}

fn value_of(text: &str, key: &str) -> Option<String> {
    let object: serde_json::Map<String, serde_json::Value> = serde_json::from_str(text).ok()?;
    match object.get(key)? {
        serde_json::Value::Null => None,
        serde_json::Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

pub fn json_value() -> ScalarUDF {
    ScalarUDF::new_from_impl(JsonValue {
        signature: Signature::string(2, Volatility::Immutable),
    })
}

/// Plans `text_column['key']` as `json_value(text_column, 'key')`; other
/// subscripts are left to the engine (which refuses them).
#[derive(Debug)]
pub struct JsonKeyPlanner;

impl ExprPlanner for JsonKeyPlanner {
    fn plan_field_access(
        &self,
        access: RawFieldAccessExpr,
        schema: &DFSchema,
    ) -> Result<PlannerResult<RawFieldAccessExpr>> {
        // A subscript of a subscript is text without asking the chain its
        // type, which would walk the whole chain once per link.
        let is_text = json_key(&access.expr).is_some()
            || matches!(
                access.expr.get_type(schema)?,
                DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View
            );
        match &access.field_access {
            GetFieldAccess::NamedStructField {
                name: ScalarValue::Utf8(Some(key)),
            } if is_text => Ok(PlannerResult::Planned(Expr::ScalarFunction(
                ScalarFunction::new_udf(
                    Arc::new(json_value()),
                    vec![access.expr, lit(key.clone())],
                ),
            ))),
            _ => Ok(PlannerResult::Original(access)),
        }
    }
}

/// `(column expression, key)` when `expr` is `json_value(expr, 'key')`.
pub fn json_key(expr: &Expr) -> Option<(&Expr, String)> {
    let Expr::ScalarFunction(f) = expr else {
        return None;
    };
    if f.name() != JSON_VALUE {
        return None;
    }
    match f.args.as_slice() {
        [column, Expr::Literal(ScalarValue::Utf8(Some(key)), _)] => Some((column, key.clone())),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_one_key_of_a_json_object() {
        let object = r#"{"order_id": "6123", "n": 5, "ok": true, "none": null, "o": {"a": 1}}"#;
        assert_eq!(value_of(object, "order_id").as_deref(), Some("6123"));
        assert_eq!(value_of(object, "n").as_deref(), Some("5"));
        assert_eq!(value_of(object, "ok").as_deref(), Some("true"));
        assert_eq!(value_of(object, "o").as_deref(), Some(r#"{"a":1}"#));
        assert_eq!(value_of(object, "none"), None);
        assert_eq!(value_of(object, "missing"), None);
        assert_eq!(value_of("[1, 2]", "0"), None);
        assert_eq!(value_of("not json", "k"), None);
    }
}
