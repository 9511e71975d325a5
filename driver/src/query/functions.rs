//! Session functions the engine lacks: `current_catalog` and `current_user`,
//! the targets of the ODBC escapes `{fn DATABASE()}` and `{fn USER()}`.
//! Their values are fixed when the connection opens.

use arrow::datatypes::DataType;
use datafusion::common::ScalarValue;
use datafusion::error::Result;
use datafusion::logical_expr::{
    ColumnarValue, ScalarFunctionArgs, ScalarUDF, ScalarUDFImpl, Signature, Volatility,
};

/// A function of no arguments returning a constant text.
#[derive(Debug, PartialEq, Eq, Hash)]
struct Constant {
    name: &'static str,
    value: String,
    signature: Signature,
}

impl ScalarUDFImpl for Constant {
    fn name(&self) -> &str {
        self.name
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn return_type(&self, _args: &[DataType]) -> Result<DataType> {
        Ok(DataType::Utf8)
    }

    fn invoke_with_args(&self, _args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        Ok(ColumnarValue::Scalar(ScalarValue::Utf8(Some(
            self.value.clone(),
        ))))
    }
}

fn constant(name: &'static str, value: String) -> ScalarUDF {
    ScalarUDF::new_from_impl(Constant {
        name,
        value,
        signature: Signature::nullary(Volatility::Stable),
    })
}

/// The functions of a connection to `catalog` as `user`.
pub fn session_functions(catalog: &str, user: &str) -> Vec<ScalarUDF> {
    vec![
        constant("current_catalog", catalog.to_string()),
        constant("current_user", user.to_string()),
    ]
}
