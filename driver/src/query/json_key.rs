//! `column['key']` on JSON text columns (`metadata['order_id']`): the SQL
//! analysts write for Stripe metadata. The engine has no JSON type, so the
//! subscript of a text column is planned as `json_value(column, 'key')`, a
//! function that reads one key of a JSON object. Keeping it a named function
//! lets the pushdown recognise it ([`super::pushdown`]) and send
//! `metadata['k'] = 'v'` to the Stripe Search API. A chain of subscripts
//! (`payload['a']['b']`) is one call with a key path, `json_value(column,
//! 'a', 'b')`: nested calls cost the engine time cubic in the chain's length
//! (it names every argument at every level).

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

/// `json_value(text, key, ...)`: the value at the key path in the JSON
/// object `text`; strings as they are, numbers and booleans as their JSON
/// text, objects and arrays as JSON; NULL when the text is not an object,
/// lacks a key, or the value is null. A string met on the path is read as
/// JSON text in turn, as a subscript of the string would.
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
        let columns = arrays.iter().map(as_strings).collect::<Result<Vec<_>>>()?;
        let (text, keys) = columns
            .split_first()
            .ok_or_else(|| DataFusionError::Internal("json_value: no arguments".into()))?;
        let values: StringArray = (0..rows.max(text.len()))
            .map(|i| {
                let path = keys
                    .iter()
                    .map(|k| cell(k, i))
                    .collect::<Option<Vec<_>>>()?;
                value_at(cell(text, i)?, &path)
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

fn value_at(text: &str, path: &[&str]) -> Option<String> {
    let mut value: serde_json::Value = serde_json::from_str(text).ok()?;
    for key in path {
        let mut object = match value {
            serde_json::Value::Object(object) => object,
            serde_json::Value::String(text) => serde_json::from_str(&text).ok()?,
            _ => return None,
        };
        value = object.remove(*key)?;
    }
    match value {
        serde_json::Value::Null => None,
        serde_json::Value::String(s) => Some(s),
        other => Some(other.to_string()),
    }
}

pub fn json_value() -> ScalarUDF {
    ScalarUDF::new_from_impl(JsonValue {
        signature: Signature::variadic(vec![DataType::Utf8], Volatility::Immutable),
    })
}

/// Plans `text_column['key']` as `json_value(text_column, 'key')`, and a
/// subscript of that as one more key of the same call; other subscripts are
/// left to the engine (which refuses them).
#[derive(Debug)]
pub struct JsonKeyPlanner;

impl ExprPlanner for JsonKeyPlanner {
    fn plan_field_access(
        &self,
        access: RawFieldAccessExpr,
        schema: &DFSchema,
    ) -> Result<PlannerResult<RawFieldAccessExpr>> {
        let GetFieldAccess::NamedStructField {
            name: ScalarValue::Utf8(Some(key)),
        } = &access.field_access
        else {
            return Ok(PlannerResult::Original(access));
        };
        let args = match access.expr {
            Expr::ScalarFunction(f) if f.name() == JSON_VALUE => f.args,
            expr if matches!(
                expr.get_type(schema)?,
                DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View
            ) =>
            {
                vec![expr]
            }
            expr => {
                return Ok(PlannerResult::Original(RawFieldAccessExpr {
                    expr,
                    field_access: access.field_access,
                }));
            }
        };
        let args = args.into_iter().chain([lit(key.clone())]).collect();
        Ok(PlannerResult::Planned(Expr::ScalarFunction(
            ScalarFunction::new_udf(Arc::new(json_value()), args),
        )))
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
        assert_eq!(value_at(object, &["order_id"]).as_deref(), Some("6123"));
        assert_eq!(value_at(object, &["n"]).as_deref(), Some("5"));
        assert_eq!(value_at(object, &["ok"]).as_deref(), Some("true"));
        assert_eq!(value_at(object, &["o"]).as_deref(), Some(r#"{"a":1}"#));
        assert_eq!(value_at(object, &["none"]), None);
        assert_eq!(value_at(object, &["missing"]), None);
        assert_eq!(value_at("[1, 2]", &["0"]), None);
        assert_eq!(value_at("not json", &["k"]), None);
    }

    #[test]
    fn follows_a_key_path_through_objects_and_json_text() {
        let object = r#"{"o": {"a": {"b": [1]}}, "s": "{\"k\": \"v\"}", "n": 5}"#;
        assert_eq!(value_at(object, &["o", "a", "b"]).as_deref(), Some("[1]"));
        assert_eq!(value_at(object, &["s", "k"]).as_deref(), Some("v"));
        assert_eq!(value_at(object, &["o", "missing", "b"]), None);
        assert_eq!(value_at(object, &["n", "x"]), None);
    }
}
