//! What an API's error body says, whichever of the usual shapes it takes.

use reqwest::StatusCode;
use serde_json::Value;

/// What an API error body says: `{"error": {"message", "detail", "type",
/// "code", "param"}}` (Stripe, Bitbucket), `{"error": "..."}` or
/// `{"message": ...}`; otherwise the HTTP reason phrase.
#[derive(Debug, Default)]
pub(super) struct ApiProblem {
    pub message: String,
    /// Further facts worth showing, as `name: value` (`type: card_error`).
    pub facts: Vec<String>,
    /// The request parameter the API blames (Stripe's `param`).
    pub param: Option<String>,
}

impl ApiProblem {
    pub fn parse(body: &[u8], status: StatusCode) -> ApiProblem {
        let parsed: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
        let error = parsed.get("error");
        let field = |name: &str| {
            error
                .and_then(|e| e.get(name))
                .and_then(Value::as_str)
                .filter(|v| !v.is_empty())
                .map(str::to_string)
        };
        let message = field("message")
            .or_else(|| error.and_then(Value::as_str).map(str::to_string))
            .or_else(|| {
                parsed
                    .get("message")
                    .and_then(Value::as_str)
                    .map(str::to_string)
            });
        let Some(mut message) = message else {
            return ApiProblem {
                message: format!(
                    "HTTP {} {}",
                    status.as_u16(),
                    status.canonical_reason().unwrap_or("error")
                ),
                ..ApiProblem::default()
            };
        };
        if let Some(detail) = field("detail").filter(|d| *d != message) {
            message = format!("{message} ({detail})");
        }
        let facts = ["type", "code", "param"]
            .iter()
            .filter_map(|name| field(name).map(|v| format!("{name}: {v}")))
            .collect();
        ApiProblem {
            message,
            facts,
            param: field("param"),
        }
    }

    /// The message followed by the facts: `No such customer: 'x' [type:
    /// invalid_request_error, code: resource_missing, param: customer]`.
    pub fn text(&self) -> String {
        if self.facts.is_empty() {
            self.message.clone()
        } else {
            format!("{} [{}]", self.message, self.facts.join(", "))
        }
    }
}
