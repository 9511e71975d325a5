//! The subset of Stripe's search query language the fake server understands:
//! clauses `field:"value"`, `field:123`, `field~"sub"`, `field>n` (also `>=`,
//! `<`, `<=`) and `metadata["key"]:"value"`, joined by `AND` (or spaces).
//! Quoted values take `\"` and `\\` escapes. `OR`, negation (`-clause`) and
//! fields the resource does not search are refused with 400, as the real API
//! refuses what it cannot parse.

use serde_json::Value;

/// The query fields of each searchable resource (dotted paths), besides
/// `metadata["k"]`; `field:path` searches a field that moved in the object
/// under its old name (invoices' `subscription`).
pub static SEARCH_FIELDS: &[(&str, &[&str])] = &[
    (
        "charges",
        &[
            "amount",
            "billing_details.address.postal_code",
            "created",
            "currency",
            "customer",
            "disputed",
            "payment_method_details.card.last4",
            "refunded",
            "status",
        ],
    ),
    ("customers", &["created", "email", "name", "phone"]),
    (
        "invoices",
        &[
            "created",
            "currency",
            "customer",
            "number",
            "receipt_number",
            "status",
            "subscription:parent.subscription_details.subscription",
            "total",
        ],
    ),
    (
        "payment_intents",
        &["amount", "created", "currency", "customer", "status"],
    ),
    (
        "prices",
        &["active", "currency", "lookup_key", "product", "type"],
    ),
    (
        "products",
        &["active", "description", "name", "shippable", "url"],
    ),
    ("subscriptions", &["created", "status"]),
];

/// The search fields of resource `name` (`field` or `field:path`), if it is searchable.
pub fn fields(name: &str) -> Option<&'static [&'static str]> {
    SEARCH_FIELDS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, f)| *f)
}

#[derive(Clone, Debug, PartialEq)]
enum Field {
    Path(String),
    Metadata(String),
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Op {
    Exact,
    Substring,
    Gt,
    GtEq,
    Lt,
    LtEq,
}

#[derive(Clone, Debug, PartialEq)]
enum Operand {
    Text(String),
    Number(i64),
}

/// One parsed clause.
#[derive(Clone, Debug, PartialEq)]
pub struct Clause {
    field: Field,
    op: Op,
    value: Operand,
}

struct Parser<'a> {
    chars: Vec<char>,
    at: usize,
    fields: &'a [&'a str],
}

impl Parser<'_> {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn skip_spaces(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.at += 1;
        }
    }

    fn eat(&mut self, text: &str) -> bool {
        let end = self.at + text.chars().count();
        let matches =
            end <= self.chars.len() && self.chars[self.at..end].iter().copied().eq(text.chars());
        if matches {
            self.at = end;
        }
        matches
    }

    fn quoted(&mut self) -> Result<String, String> {
        let Some(quote @ ('"' | '\'')) = self.peek() else {
            return Err(format!("expected a quoted value at position {}", self.at));
        };
        self.at += 1;
        let mut out = String::new();
        loop {
            match self.peek() {
                None => return Err("unterminated string in the query".into()),
                Some('\\') => {
                    self.at += 1;
                    match self.peek() {
                        Some(c) => out.push(c),
                        None => return Err("dangling escape in the query".into()),
                    }
                }
                Some(c) if c == quote => {
                    self.at += 1;
                    return Ok(out);
                }
                Some(c) => out.push(c),
            }
            self.at += 1;
        }
    }

    fn field(&mut self) -> Result<Field, String> {
        if self.eat("metadata[") {
            let key = self.quoted()?;
            if !self.eat("]") {
                return Err("expected ] after the metadata key".into());
            }
            return Ok(Field::Metadata(key));
        }
        if self.peek() == Some('-') {
            return Err("negated clauses are not supported by this server".into());
        }
        let start = self.at;
        while self
            .peek()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
        {
            self.at += 1;
        }
        let name: String = self.chars[start..self.at].iter().collect();
        if name.is_empty() {
            return Err(format!("expected a field name at position {start}"));
        }
        match self
            .fields
            .iter()
            .map(|entry| entry.split_once(':').unwrap_or((entry, entry)))
            .find(|(field, _)| *field == name)
        {
            Some((_, path)) => Ok(Field::Path(path.to_string())),
            None => Err(format!("Field `{name}` is an unsupported search field")),
        }
    }

    fn op(&mut self) -> Result<Op, String> {
        for (text, op) in [
            (":", Op::Exact),
            ("~", Op::Substring),
            (">=", Op::GtEq),
            ("<=", Op::LtEq),
            (">", Op::Gt),
            ("<", Op::Lt),
        ] {
            if self.eat(text) {
                return Ok(op);
            }
        }
        Err(format!("expected an operator at position {}", self.at))
    }

    fn operand(&mut self) -> Result<Operand, String> {
        if matches!(self.peek(), Some('"' | '\'')) {
            return self.quoted().map(Operand::Text);
        }
        let start = self.at;
        while self.peek().is_some_and(|c| !c.is_whitespace()) {
            self.at += 1;
        }
        let bare: String = self.chars[start..self.at].iter().collect();
        bare.parse::<i64>()
            .map(Operand::Number)
            .map_err(|_| format!("`{bare}` is neither a quoted string nor a number"))
    }

    fn clause(&mut self) -> Result<Clause, String> {
        let field = self.field()?;
        let op = self.op()?;
        let value = self.operand()?;
        match (op, &value) {
            (Op::Substring, Operand::Text(t)) if t.chars().count() < 3 => {
                Err("substring matches need at least 3 characters".into())
            }
            (Op::Substring, Operand::Number(_)) => Err("~ needs a quoted string".into()),
            (Op::Gt | Op::GtEq | Op::Lt | Op::LtEq, Operand::Text(_)) => {
                Err("comparisons need a number".into())
            }
            _ => Ok(Clause { field, op, value }),
        }
    }
}

/// Parses `query` for a resource searching `fields`; the error is the message of a 400.
pub fn parse(query: &str, fields: &[&str]) -> Result<Vec<Clause>, String> {
    let mut parser = Parser {
        chars: query.chars().collect(),
        at: 0,
        fields,
    };
    let mut clauses = Vec::new();
    loop {
        parser.skip_spaces();
        if parser.peek().is_none() {
            break;
        }
        if !clauses.is_empty() {
            let rest: String = parser.chars[parser.at..].iter().take(4).collect();
            let upper = rest.to_ascii_uppercase();
            if upper.starts_with("OR ") {
                return Err("OR is not supported by this server".into());
            }
            if upper.starts_with("AND ") {
                parser.at += 3;
                parser.skip_spaces();
            }
        }
        clauses.push(parser.clause()?);
    }
    if clauses.is_empty() {
        return Err("the search query is empty".into());
    }
    if clauses.len() > 10 {
        return Err("a search query may have at most 10 clauses".into());
    }
    Ok(clauses)
}

fn lookup<'v>(object: &'v Value, path: &str) -> &'v Value {
    path.split('.').fold(object, |v, key| &v[key])
}

/// Whether `object` satisfies every clause.
pub fn matches(object: &Value, clauses: &[Clause]) -> bool {
    clauses.iter().all(|clause| {
        let cell = match &clause.field {
            Field::Path(path) => lookup(object, path),
            Field::Metadata(key) => &object["metadata"][key.as_str()],
        };
        let text = match cell {
            Value::String(s) => Some(s.to_lowercase()),
            Value::Bool(b) => Some(b.to_string()),
            Value::Number(n) => Some(n.to_string()),
            Value::Object(map) => map.get("id").and_then(Value::as_str).map(str::to_lowercase),
            _ => None,
        };
        match (&clause.value, clause.op) {
            (Operand::Text(v), Op::Exact) => text == Some(v.to_lowercase()),
            (Operand::Text(v), Op::Substring) => {
                text.is_some_and(|t| t.contains(&v.to_lowercase()))
            }
            (Operand::Number(n), op) => cell.as_i64().is_some_and(|x| match op {
                Op::Exact => x == *n,
                Op::Gt => x > *n,
                Op::GtEq => x >= *n,
                Op::Lt => x < *n,
                Op::LtEq => x <= *n,
                Op::Substring => false,
            }),
            (Operand::Text(_), _) => false,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const FIELDS: &[&str] = &["status", "amount", "email", "name"];

    #[test]
    fn parses_and_matches_the_subset() {
        let q = parse(
            r#"status:"succeeded" AND amount>1000 and metadata["k"]:'v' name~"jen""#,
            FIELDS,
        )
        .unwrap();
        assert_eq!(q.len(), 4);
        let object = json!({"status": "succeeded", "amount": 1500, "metadata": {"k": "v"}, "name": "Jennifer"});
        assert!(matches(&object, &q));
        let cheaper = json!({"status": "succeeded", "amount": 1000, "metadata": {"k": "v"}, "name": "Jennifer"});
        assert!(!matches(&cheaper, &q));
    }

    #[test]
    fn escapes_keep_a_value_whole() {
        let q = parse(r#"name:"x\" OR email:\"a\\""#, FIELDS).unwrap();
        assert_eq!(q.len(), 1);
        assert!(matches(&json!({"name": r#"x" OR email:"a\"#}), &q));
    }

    #[test]
    fn refuses_what_it_does_not_implement() {
        for bad in [
            "",
            "status:\"a\" OR status:\"b\"",
            "-status:\"a\"",
            "bogus:\"a\"",
            "amount>\"x\"",
            "name~\"ab\"",
            "status:\"open",
            "status succeeded",
        ] {
            assert!(parse(bad, FIELDS).is_err(), "{bad}");
        }
    }
}
