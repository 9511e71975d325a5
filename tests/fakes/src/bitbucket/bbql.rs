//! The subset of Bitbucket's query language (BBQL) the fake server accepts:
//! `= != ~ !~ > >= < <=`, `IN`/`NOT IN` lists, `null`, `true`/`false`,
//! numbers, unquoted ISO-8601 datetimes, double-quoted strings with backslash
//! escapes, `AND`/`OR` (any case) and parentheses. Anything else is a parse
//! error, which the server answers with HTTP 400 as Bitbucket does.

use chrono::NaiveDate;
use serde_json::Value;

/// A literal of the query.
#[derive(Clone, Debug, PartialEq)]
pub enum Literal {
    Null,
    Bool(bool),
    Number(f64),
    Text(String),
    /// UTC microseconds.
    DateTime(i64),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    Eq,
    Ne,
    Contains,
    NotContains,
    Gt,
    Ge,
    Lt,
    Le,
}

/// A parsed query.
#[derive(Clone, Debug, PartialEq)]
pub enum Query {
    Compare {
        field: String,
        op: Op,
        value: Literal,
    },
    In {
        field: String,
        values: Vec<Literal>,
        negated: bool,
    },
    And(Box<Query>, Box<Query>),
    Or(Box<Query>, Box<Query>),
}

impl Query {
    /// Every field path the query names.
    pub fn fields(&self) -> Vec<&str> {
        match self {
            Query::Compare { field, .. } | Query::In { field, .. } => vec![field.as_str()],
            Query::And(a, b) | Query::Or(a, b) => {
                let mut v = a.fields();
                v.extend(b.fields());
                v
            }
        }
    }

    /// Whether `object` satisfies the query.
    pub fn matches(&self, object: &Value) -> bool {
        match self {
            Query::And(a, b) => a.matches(object) && b.matches(object),
            Query::Or(a, b) => a.matches(object) || b.matches(object),
            Query::Compare { field, op, value } => compare(lookup(object, field), *op, value),
            Query::In {
                field,
                values,
                negated,
            } => {
                let cell = lookup(object, field);
                values.iter().any(|v| compare(cell, Op::Eq, v)) != *negated
            }
        }
    }
}

/// The value at a dotted path; `None` when any step is missing or null.
pub fn lookup<'a>(object: &'a Value, path: &str) -> Option<&'a Value> {
    let mut current = object;
    for part in path.split('.') {
        current = current.get(part)?;
    }
    (!current.is_null()).then_some(current)
}

fn compare(cell: Option<&Value>, op: Op, literal: &Literal) -> bool {
    let Some(cell) = cell else {
        return match (op, literal) {
            (Op::Eq, Literal::Null) => true,
            (Op::Ne, Literal::Null) => false,
            (Op::Ne, _) => true,
            _ => false,
        };
    };
    if *literal == Literal::Null {
        return op == Op::Ne;
    }
    let ordering = match (cell, literal) {
        (Value::String(s), Literal::Text(t)) => match op {
            Op::Contains => return s.to_lowercase().contains(&t.to_lowercase()),
            Op::NotContains => return !s.to_lowercase().contains(&t.to_lowercase()),
            // A quoted ISO 8601 time compares as a time, whatever its offset.
            _ => match (parse_datetime(s), parse_datetime(t)) {
                (Some(cell), Some(time)) => cell.cmp(&time),
                _ => s.as_str().cmp(t.as_str()),
            },
        },
        (Value::String(s), Literal::DateTime(t)) => match parse_datetime(s) {
            Some(v) => v.cmp(t),
            None => return false,
        },
        (Value::Number(n), Literal::Number(t)) => match n.as_f64().and_then(|v| v.partial_cmp(t)) {
            Some(o) => o,
            None => return false,
        },
        (Value::Bool(b), Literal::Bool(t)) => b.cmp(t),
        _ => return op == Op::Ne,
    };
    use std::cmp::Ordering::*;
    match op {
        Op::Eq => ordering == Equal,
        Op::Ne => ordering != Equal,
        Op::Gt => ordering == Greater,
        Op::Ge => ordering != Less,
        Op::Lt => ordering == Less,
        Op::Le => ordering != Greater,
        Op::Contains | Op::NotContains => false,
    }
}

#[derive(Clone, Debug, PartialEq)]
enum Token {
    Word(String),
    Text(String),
    Op(Op),
    Open,
    Close,
    Comma,
}

fn tokenize(input: &str) -> Result<Vec<Token>, String> {
    let chars: Vec<char> = input.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        match c {
            c if c.is_whitespace() => i += 1,
            '(' => {
                tokens.push(Token::Open);
                i += 1;
            }
            ')' => {
                tokens.push(Token::Close);
                i += 1;
            }
            ',' => {
                tokens.push(Token::Comma);
                i += 1;
            }
            '"' => {
                let mut text = String::new();
                i += 1;
                loop {
                    match chars.get(i) {
                        None => return Err(format!("unterminated string at {}", input.len())),
                        Some('"') => break,
                        Some('\\') => match chars.get(i + 1) {
                            Some(e @ ('"' | '\\')) => {
                                text.push(*e);
                                i += 1;
                            }
                            _ => return Err(format!("invalid escape sequence at {i}")),
                        },
                        Some(ch) => text.push(*ch),
                    }
                    i += 1;
                }
                i += 1;
                tokens.push(Token::Text(text));
            }
            '=' => {
                tokens.push(Token::Op(Op::Eq));
                i += 1;
            }
            '~' => {
                tokens.push(Token::Op(Op::Contains));
                i += 1;
            }
            '!' if next == Some('=') => {
                tokens.push(Token::Op(Op::Ne));
                i += 2;
            }
            '!' if next == Some('~') => {
                tokens.push(Token::Op(Op::NotContains));
                i += 2;
            }
            '>' | '<' => {
                let or_equal = next == Some('=');
                tokens.push(Token::Op(match (c, or_equal) {
                    ('>', false) => Op::Gt,
                    ('>', true) => Op::Ge,
                    ('<', false) => Op::Lt,
                    _ => Op::Le,
                }));
                i += if or_equal { 2 } else { 1 };
            }
            c if c.is_alphanumeric() || matches!(c, '_' | '.' | '-' | '+' | ':') => {
                let start = i;
                while chars.get(i).is_some_and(|c| {
                    c.is_alphanumeric() || matches!(c, '_' | '.' | '-' | '+' | ':')
                }) {
                    i += 1;
                }
                tokens.push(Token::Word(chars[start..i].iter().collect()));
            }
            other => return Err(format!("unexpected character '{other}' at {i}")),
        }
    }
    Ok(tokens)
}

/// Parses a `q=` value.
pub fn parse(input: &str) -> Result<Query, String> {
    let tokens = tokenize(input)?;
    let mut parser = Parser { tokens, at: 0 };
    let query = parser.or()?;
    if parser.at != parser.tokens.len() {
        return Err(format!(
            "unexpected {:?} after the end of the query",
            parser.tokens[parser.at]
        ));
    }
    Ok(query)
}

struct Parser {
    tokens: Vec<Token>,
    at: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at)
    }

    fn next(&mut self) -> Option<Token> {
        let t = self.tokens.get(self.at).cloned();
        self.at += 1;
        t
    }

    fn keyword(&self, word: &str) -> bool {
        matches!(self.peek(), Some(Token::Word(w)) if w.eq_ignore_ascii_case(word))
    }

    fn or(&mut self) -> Result<Query, String> {
        let mut left = self.and()?;
        while self.keyword("or") {
            self.at += 1;
            left = Query::Or(Box::new(left), Box::new(self.and()?));
        }
        Ok(left)
    }

    fn and(&mut self) -> Result<Query, String> {
        let mut left = self.term()?;
        while self.keyword("and") {
            self.at += 1;
            left = Query::And(Box::new(left), Box::new(self.term()?));
        }
        Ok(left)
    }

    fn term(&mut self) -> Result<Query, String> {
        match self.next() {
            Some(Token::Open) => {
                let inner = self.or()?;
                match self.next() {
                    Some(Token::Close) => Ok(inner),
                    other => Err(format!("expected ')', found {other:?}")),
                }
            }
            Some(Token::Word(field)) if is_field(&field) => self.condition(field),
            other => Err(format!("expected a field name, found {other:?}")),
        }
    }

    fn condition(&mut self, field: String) -> Result<Query, String> {
        let negated = self.keyword("not");
        if negated {
            self.at += 1;
        }
        if self.keyword("in") {
            self.at += 1;
            if self.next() != Some(Token::Open) {
                return Err("expected '(' after IN".into());
            }
            let mut values = vec![self.literal()?];
            loop {
                match self.next() {
                    Some(Token::Comma) => values.push(self.literal()?),
                    Some(Token::Close) => break,
                    other => return Err(format!("expected ',' or ')', found {other:?}")),
                }
            }
            return Ok(Query::In {
                field,
                values,
                negated,
            });
        }
        if negated {
            return Err("expected IN after NOT".into());
        }
        match self.next() {
            Some(Token::Op(op)) => {
                let value = self.literal()?;
                let textual = matches!(value, Literal::Text(_));
                if matches!(op, Op::Contains | Op::NotContains) && !textual {
                    return Err("'~' needs a string".into());
                }
                Ok(Query::Compare { field, op, value })
            }
            other => Err(format!(
                "expected an operator after {field}, found {other:?}"
            )),
        }
    }

    fn literal(&mut self) -> Result<Literal, String> {
        match self.next() {
            Some(Token::Text(t)) => Ok(Literal::Text(t)),
            Some(Token::Word(w)) => {
                if w.eq_ignore_ascii_case("null") {
                    Ok(Literal::Null)
                } else if w.eq_ignore_ascii_case("true") {
                    Ok(Literal::Bool(true))
                } else if w.eq_ignore_ascii_case("false") {
                    Ok(Literal::Bool(false))
                } else if let Ok(n) = w.parse::<f64>() {
                    Ok(Literal::Number(n))
                } else if let Some(t) = parse_datetime(&w) {
                    Ok(Literal::DateTime(t))
                } else {
                    Err(format!("'{w}' is not a value (strings need double quotes)"))
                }
            }
            other => Err(format!("expected a value, found {other:?}")),
        }
    }
}

fn is_field(word: &str) -> bool {
    word.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
}

/// `YYYY-MM-DD[THH:MM[:SS[.fraction]]][Z|±HH:MM]` as UTC microseconds (no zone: UTC).
pub fn parse_datetime(text: &str) -> Option<i64> {
    let b = text.as_bytes();
    let num = |from: usize, len: usize| -> Option<i64> {
        let s = text.get(from..from + len)?;
        s.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| s.parse().ok())?
    };
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let (y, m, d) = (num(0, 4)?, num(5, 2)?, num(8, 2)?);
    let date = NaiveDate::from_ymd_opt(y as i32, m as u32, d as u32)?;
    let mut micros = date
        .and_time(Default::default())
        .and_utc()
        .timestamp_micros();
    let mut i = 10;
    if i < b.len() && b[i] == b'T' {
        let (hh, mm) = (num(i + 1, 2)?, num(i + 4, 2)?);
        if b.get(i + 3) != Some(&b':') {
            return None;
        }
        micros += (hh * 3600 + mm * 60) * 1_000_000;
        i += 6;
        if b.get(i) == Some(&b':') {
            micros += num(i + 1, 2)? * 1_000_000;
            i += 3;
            if b.get(i) == Some(&b'.') {
                let start = i + 1;
                let mut end = start;
                while end < b.len() && b[end].is_ascii_digit() {
                    end += 1;
                }
                let digits = &text[start..end];
                let padded = format!("{:0<6}", &digits[..digits.len().min(6)]);
                micros += padded.parse::<i64>().ok()?;
                i = end;
            }
        }
    }
    match b.get(i) {
        None => Some(micros),
        Some(b'Z') if i + 1 == b.len() => Some(micros),
        Some(&sign @ (b'+' | b'-')) if b.len() == i + 6 && b[i + 3] == b':' => {
            let offset = (num(i + 1, 2)? * 3600 + num(i + 4, 2)? * 60) * 1_000_000;
            Some(if sign == b'+' {
                micros - offset
            } else {
                micros + offset
            })
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn parses_and_evaluates() {
        let pr = json!({"title": "Fix \"x\"", "state": "OPEN", "id": 7, "closed_by": null,
            "created_on": "2024-01-02T03:04:05.000000+00:00", "author": {"display_name": "Ann"}});
        let yes = [
            r#"title = "Fix \"x\"""#,
            r#"state = "OPEN" AND id >= 7"#,
            r#"state IN ("MERGED", "OPEN")"#,
            r#"state NOT IN ("MERGED")"#,
            r#"author.display_name ~ "an""#,
            "closed_by = null",
            "created_on > 2024-01-02T00:00:00Z",
            "created_on < 2024-01-02T05:00:00+01:00 or id = 1",
            r#"(id = 1 OR id = 7) AND title != "x""#,
            r#"created_on > "2024-01-02T03:04:04+00:00""#,
            r#"created_on >= "2024-01-02T03:04:05+00:00""#,
            r#"created_on < "2024-01-02T04:05:00+01:00" AND created_on > "2024-01-02T04:04:04+01:00""#,
        ];
        for q in yes {
            assert!(parse(q).unwrap().matches(&pr), "{q}");
        }
        let no = [
            r#"title = "Fix \"x"#,
            r#"title = "a" OR state = "MERGED""#,
            "id < 7",
            r#"created_on > "2024-01-02T03:04:05+00:00""#,
            r#"created_on > "2024-01-02T02:04:05-02:00""#,
        ];
        for q in &no[1..] {
            assert!(!parse(q).unwrap().matches(&pr), "{q}");
        }
        for bad in [
            no[0],
            "title = Fix",
            "state ==",
            "id > ",
            "(id = 1",
            r#"x ~ 3"#,
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }
}
