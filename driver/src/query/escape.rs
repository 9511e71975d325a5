//! ODBC escape sequences and parameter markers, rewritten into the SQL
//! DataFusion parses before anything else sees the text.
//!
//! Clients (Tableau, Excel, Power BI) write portable SQL with `{fn UCASE(x)}`,
//! `{d '2024-01-01'}`, `{oj ...}` and `?` markers; the engine knows none of
//! these. Each `{fn}` function is one rewrite rule in [`rewrite_function`], and
//! the lists below are what `SQLGetInfo` advertises, so the bitmasks and the
//! rules can never disagree. String literals, quoted identifiers and comments
//! pass through untouched.

use crate::diag::{Error, Result};

/// `SQL_STRING_FUNCTIONS`: every `{fn}` string function with a rewrite rule.
pub const STRING_FUNCTIONS: &[&str] = &[
    "ASCII",
    "CHAR",
    "CONCAT",
    "LCASE",
    "LEFT",
    "LENGTH",
    "LOCATE",
    "LTRIM",
    "REPLACE",
    "RIGHT",
    "RTRIM",
    "SUBSTRING",
    "UCASE",
];

/// `SQL_NUMERIC_FUNCTIONS`.
pub const NUMERIC_FUNCTIONS: &[&str] = &[
    "ABS", "CEILING", "EXP", "FLOOR", "LOG", "LOG10", "MOD", "PI", "POWER", "ROUND", "SIGN",
    "SQRT", "TRUNCATE",
];

/// `SQL_TIMEDATE_FUNCTIONS`.
pub const TIMEDATE_FUNCTIONS: &[&str] = &[
    "CURDATE",
    "CURTIME",
    "DAYNAME",
    "DAYOFMONTH",
    "DAYOFWEEK",
    "DAYOFYEAR",
    "EXTRACT",
    "HOUR",
    "MINUTE",
    "MONTH",
    "MONTHNAME",
    "NOW",
    "QUARTER",
    "SECOND",
    "TIMESTAMPADD",
    "TIMESTAMPDIFF",
    "WEEK",
    "YEAR",
];

/// `SQL_SYSTEM_FUNCTIONS`.
pub const SYSTEM_FUNCTIONS: &[&str] = &["DATABASE", "IFNULL", "USER"];

/// `SQL_TIMEDATE_ADD_INTERVALS` and `SQL_TIMEDATE_DIFF_INTERVALS`.
pub const TIMEDATE_INTERVALS: &[&str] = &[
    "SQL_TSI_FRAC_SECOND",
    "SQL_TSI_SECOND",
    "SQL_TSI_MINUTE",
    "SQL_TSI_HOUR",
    "SQL_TSI_DAY",
    "SQL_TSI_WEEK",
    "SQL_TSI_MONTH",
    "SQL_TSI_QUARTER",
    "SQL_TSI_YEAR",
];

/// `{fn CONVERT(x, SQL_xxx)}` targets and the engine type each becomes
/// (`SQL_CONVERT_*` answers come from the first column).
pub const CONVERT_TYPES: &[(&str, &str)] = &[
    ("SQL_BIGINT", "BIGINT"),
    ("SQL_BIT", "BOOLEAN"),
    ("SQL_CHAR", "VARCHAR"),
    ("SQL_DATE", "DATE"),
    ("SQL_DECIMAL", "DECIMAL(38, 10)"),
    ("SQL_DOUBLE", "DOUBLE"),
    ("SQL_FLOAT", "DOUBLE"),
    ("SQL_INTEGER", "INTEGER"),
    ("SQL_LONGVARCHAR", "VARCHAR"),
    ("SQL_NUMERIC", "DECIMAL(38, 10)"),
    ("SQL_REAL", "REAL"),
    ("SQL_SMALLINT", "SMALLINT"),
    ("SQL_TIME", "TIME"),
    ("SQL_TIMESTAMP", "TIMESTAMP"),
    ("SQL_TINYINT", "TINYINT"),
    ("SQL_TYPE_DATE", "DATE"),
    ("SQL_TYPE_TIME", "TIME"),
    ("SQL_TYPE_TIMESTAMP", "TIMESTAMP"),
    ("SQL_VARCHAR", "VARCHAR"),
    ("SQL_WCHAR", "VARCHAR"),
    ("SQL_WLONGVARCHAR", "VARCHAR"),
    ("SQL_WVARCHAR", "VARCHAR"),
];

/// SQL after escape translation, and how many `?` markers it had.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Translated {
    pub sql: String,
    /// Number of `?` markers, numbered `$1..$n` in the text.
    pub markers: usize,
}

/// `SQLNativeSql`: the statement as the engine will see it.
pub fn native_sql(sql: &str) -> Result<String> {
    Ok(translate(sql)?.sql)
}

/// How deep escapes may nest. Translation recurses once per level, on the
/// client's thread for `SQLNativeSql` (often a 1 MB stack), and rescans the
/// rest of the text at each level.
const MAX_DEPTH: usize = 32;

/// Rewrites escapes and numbers `?` markers.
pub fn translate(sql: &str) -> Result<Translated> {
    check_depth(sql)?;
    let mut markers = 0;
    let sql = translate_text(sql, &mut markers)?;
    Ok(Translated { sql, markers })
}

fn syntax(message: impl Into<String>) -> Error {
    Error::syntax(message)
}

fn check_depth(sql: &str) -> Result<()> {
    let s = sql.as_bytes();
    let (mut depth, mut i) = (0usize, 0);
    while i < s.len() {
        if let Some(n) = skip_len(s, i) {
            i += n;
            continue;
        }
        match s[i] {
            b'{' if depth == MAX_DEPTH => {
                return Err(syntax(format!(
                    "ODBC escape sequences nest more than {MAX_DEPTH} deep"
                )));
            }
            b'{' => depth += 1,
            b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    Ok(())
}

/// Length of the literal, quoted identifier or comment starting at `i`, if one does.
fn skip_len(s: &[u8], i: usize) -> Option<usize> {
    let quoted = |q: u8| {
        let mut j = i + 1;
        while j < s.len() {
            if s[j] == q {
                if s.get(j + 1) == Some(&q) {
                    j += 2;
                    continue;
                }
                return j + 1 - i;
            }
            j += 1;
        }
        s.len() - i
    };
    match s[i] {
        b'\'' | b'"' | b'`' => Some(quoted(s[i])),
        b'-' if s.get(i + 1) == Some(&b'-') => {
            let end = s[i..]
                .iter()
                .position(|&c| c == b'\n')
                .map_or(s.len(), |p| i + p);
            Some(end - i)
        }
        b'/' if s.get(i + 1) == Some(&b'*') => {
            let end = s[i + 2..]
                .windows(2)
                .position(|w| w == b"*/")
                .map_or(s.len(), |p| i + 2 + p + 2);
            Some(end - i)
        }
        _ => None,
    }
}

/// Index of the `}` closing the `{` at `open`.
fn matching_brace(s: &[u8], open: usize) -> Option<usize> {
    matching(s, open, (b'{', b'}'))
}

/// Index of the `close` that closes the `open` bracket at `at`, outside
/// literals, quoted identifiers and comments.
fn matching(s: &[u8], at: usize, (open, close): (u8, u8)) -> Option<usize> {
    let mut depth = 0usize;
    let mut i = at;
    while i < s.len() {
        if let Some(n) = skip_len(s, i) {
            i += n;
            continue;
        }
        if s[i] == open {
            depth += 1;
        } else if s[i] == close {
            depth -= 1;
            if depth == 0 {
                return Some(i);
            }
        }
        i += 1;
    }
    None
}

fn translate_text(sql: &str, markers: &mut usize) -> Result<String> {
    let s = sql.as_bytes();
    let mut out = String::with_capacity(sql.len() + 16);
    let mut copied = 0;
    // Where the text a `{escape}` may still rewrite begins: past the pattern
    // the previous one rewrote, so no pattern is rewritten twice.
    let mut rewritable = 0;
    let mut i = 0;
    while i < s.len() {
        if let Some(n) = skip_len(s, i) {
            i += n;
            continue;
        }
        match s[i] {
            b'?' => {
                out.push_str(&sql[copied..i]);
                *markers += 1;
                out.push_str(&format!("${markers}"));
                i += 1;
                copied = i;
            }
            b'{' => {
                out.push_str(&sql[copied..i]);
                let close = matching_brace(s, i)
                    .ok_or_else(|| syntax("unterminated ODBC escape sequence: missing '}'"))?;
                let body = &sql[i + 1..close];
                match keyword(body) {
                    (kw, rest) if kw == "escape" => {
                        like_escape(&mut out, rewritable, rest.trim())?;
                        rewritable = out.len();
                    }
                    _ => {
                        let replacement = escape(body, markers)?;
                        if joins(out.chars().next_back(), replacement.chars().next()) {
                            out.push(' ');
                        }
                        out.push_str(&replacement);
                    }
                }
                // `out`, not the replacement: it may be empty (`{oj}`).
                if joins(out.chars().next_back(), sql[close + 1..].chars().next()) {
                    out.push(' ');
                }
                i = close + 1;
                copied = i;
            }
            _ => i += 1,
        }
    }
    out.push_str(&sql[copied..]);
    Ok(out)
}

/// A trimmed piece of an escape (its body, a function argument), translated.
/// Trimming drops the newline that ended a trailing `--` comment, so one is
/// put back: else the comment would swallow what follows the piece.
fn translate_part(text: &str, markers: &mut usize) -> Result<String> {
    let mut out = translate_text(text, markers)?;
    let b = out.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match skip_len(b, i) {
            Some(n) if i + n == b.len() && b[i..].starts_with(b"--") => {
                out.push('\n');
                break;
            }
            Some(n) => i += n,
            None => i += 1,
        }
    }
    Ok(out)
}

/// Whether `a` followed by `b` would lex as one token where the escape
/// between them kept two apart: `-` and `-` would start a comment that
/// swallows the rest of the line, `'a'` and `'b'` would become one literal,
/// a word and a literal a prefixed literal (`E'...'`).
fn joins(a: Option<char>, b: Option<char>) -> bool {
    let (Some(a), Some(b)) = (a, b) else {
        return false;
    };
    let word = |c: char| c.is_alphanumeric() || "_$.".contains(c);
    let quote = |c: char| "'\"`".contains(c);
    let operator = |c: char| "+-*/<>=~!@#%^&|:".contains(c);
    (word(a) && (word(b) || quote(b))) || (quote(a) && a == b) || (operator(a) && operator(b))
}

/// Splits the leading keyword (letters) off an escape body.
fn keyword(body: &str) -> (String, &str) {
    let body = body.trim_start();
    let end = body
        .find(|c: char| !c.is_ascii_alphanumeric() && c != '_')
        .unwrap_or(body.len());
    (body[..end].to_ascii_lowercase(), &body[end..])
}

/// One `{...}` body (without the braces).
fn escape(body: &str, markers: &mut usize) -> Result<String> {
    let trimmed = body.trim_start();
    if let Some(rest) = trimmed.strip_prefix('?') {
        // `{? = call p(...)}`: the return value is marker 1 of the client's
        // numbering even though no procedure of ours reads it.
        *markers += 1;
        let rest = rest
            .trim_start()
            .strip_prefix('=')
            .ok_or_else(|| syntax("expected '=' after '?' in {? = call ...}"))?;
        let (kw, call) = keyword(rest);
        if kw != "call" {
            return Err(syntax("expected CALL in {? = call ...}"));
        }
        return Ok(format!("CALL {}", translate_part(call.trim(), markers)?));
    }
    let (kw, rest) = keyword(trimmed);
    let rest = rest.trim();
    match kw.as_str() {
        "fn" => function(rest, markers),
        // Every body is translated: a `?` in `{ts ?}` is still a marker to count.
        "d" => Ok(format!("DATE {}", translate_part(rest, markers)?)),
        "t" => Ok(format!("TIME {}", translate_part(rest, markers)?)),
        "ts" => Ok(format!("TIMESTAMP {}", translate_part(rest, markers)?)),
        "oj" => translate_part(rest, markers),
        "call" => Ok(format!("CALL {}", translate_part(rest, markers)?)),
        "interval" => Ok(format!("INTERVAL {}", translate_part(rest, markers)?)),
        _ => Err(syntax(format!(
            "unsupported ODBC escape sequence {{{}}}",
            body.trim()
        ))),
    }
}

/// `{escape 'c'}` after `LIKE 'pattern'`. The engine only knows the
/// backslash as escape character, so for any other the preceding pattern
/// literal, which must start at or after `from`, is rewritten to backslash
/// escapes and the clause dropped.
fn like_escape(out: &mut String, from: usize, literal: &str) -> Result<()> {
    let escape_char = literal
        .strip_prefix('\'')
        .and_then(|l| l.strip_suffix('\''))
        .map(|c| c.replace("''", "'"))
        .filter(|c| c.chars().count() == 1)
        .and_then(|c| c.chars().next())
        .ok_or_else(|| {
            syntax(format!(
                "{{escape {literal}}} needs one character in quotes"
            ))
        })?;
    if escape_char == '\\' {
        out.push_str("ESCAPE '\\'");
        return Ok(());
    }
    let end = out.trim_end().len();
    let start = (end >= from + 2 && out[..end].ends_with('\''))
        .then(|| literal_start(&out[from..end]))
        .flatten()
        .map(|start| from + start)
        .ok_or_else(|| {
            syntax("{escape} with a character other than '\\' must follow a LIKE pattern literal")
        })?;
    let pattern = out[start + 1..end - 1].replace("''", "'");
    let rewritten = like_pattern_with_backslash(&pattern, Some(escape_char)).replace('\'', "''");
    out.replace_range(start..end, &format!("'{rewritten}'"));
    Ok(())
}

/// Where the string literal that ends `text` (with its closing quote) starts.
fn literal_start(text: &str) -> Option<usize> {
    let b = text.as_bytes();
    let mut i = b.len() - 1; // the closing quote
    loop {
        let open = b[..i].iter().rposition(|&c| c == b'\'')?;
        if open > 0 && b[open - 1] == b'\'' {
            i = open - 1;
            continue;
        }
        return Some(open);
    }
}

/// Rewrites a LIKE pattern with a custom escape character into the
/// backslash-escaped form the engine and the providers understand.
pub fn like_pattern_with_backslash(pattern: &str, escape: Option<char>) -> String {
    let Some(esc) = escape.filter(|c| *c != '\\') else {
        return pattern.to_string();
    };
    let mut out = String::with_capacity(pattern.len());
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        if c == esc {
            if let Some(next) = chars.next() {
                out.push('\\');
                out.push(next);
            }
        } else if c == '\\' {
            out.push_str("\\\\");
        } else {
            out.push(c);
        }
    }
    out
}

/// Splits `a, f(b, c), 'x,y'` at its top-level commas.
fn split_args(s: &str) -> Vec<&str> {
    let b = s.as_bytes();
    let mut parts = Vec::new();
    let (mut depth, mut start, mut i) = (0i32, 0, 0);
    while i < b.len() {
        if let Some(n) = skip_len(b, i) {
            i += n;
            continue;
        }
        match b[i] {
            b'(' | b'{' => depth += 1,
            b')' | b'}' => depth -= 1,
            b',' if depth == 0 => {
                parts.push(&s[start..i]);
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    if !s[start..].trim().is_empty() || !parts.is_empty() {
        parts.push(&s[start..]);
    }
    parts
}

/// `{fn name(args)}`: arguments are translated first (they may hold escapes
/// and markers), then the rule for `name` builds the engine expression.
fn function(body: &str, markers: &mut usize) -> Result<String> {
    let open = body
        .find('(')
        .ok_or_else(|| syntax(format!("expected '(' in {{fn {body}}}")))?;
    // Only a plain name: a quoted name or a literal before the `(` would be
    // case-folded below, changing text the client quoted.
    let name = body[..open].trim();
    if name.is_empty()
        || !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_.".contains(c))
    {
        return Err(syntax(format!("expected a function name in {{fn {body}}}")));
    }
    let name = name.to_ascii_uppercase();
    // The `)` closing the arguments, which a comment may not hide.
    let inner = matching(body.as_bytes(), open, (b'(', b')'))
        .filter(|&close| body[close + 1..].trim().is_empty())
        .map(|close| &body[open + 1..close])
        .ok_or_else(|| syntax(format!("expected ')' at the end of {{fn {body}}}")))?;
    let mut args = Vec::new();
    for arg in split_args(inner) {
        args.push(translate_part(arg.trim(), markers)?);
    }
    rewrite_function(&name, &args)
}

fn arity(name: &str, args: &[String], allowed: &[usize]) -> Result<()> {
    if allowed.contains(&args.len()) {
        return Ok(());
    }
    let counts = allowed
        .iter()
        .map(usize::to_string)
        .collect::<Vec<_>>()
        .join(" or ");
    Err(syntax(format!(
        "ODBC function {name} takes {counts} argument(s), not {}",
        args.len()
    )))
}

/// An integer date part of `x` (the engine's `date_part` answers floats for some parts).
fn part(field: &str, x: &str) -> String {
    format!("CAST(date_part('{field}', {x}) AS INTEGER)")
}

/// The engine interval unit and multiplier of a `SQL_TSI_*` name.
fn interval_unit(name: &str) -> Result<(&'static str, &'static str)> {
    let unit = name.trim().to_ascii_uppercase();
    let unit = unit.strip_prefix("SQL_TSI_").unwrap_or(&unit).to_string();
    Ok(match unit.as_str() {
        "FRAC_SECOND" => ("nanosecond", "1"),
        "SECOND" => ("second", "1"),
        "MINUTE" => ("minute", "1"),
        "HOUR" => ("hour", "1"),
        "DAY" => ("day", "1"),
        "WEEK" => ("day", "7"),
        "MONTH" => ("month", "1"),
        "QUARTER" => ("month", "3"),
        "YEAR" => ("year", "1"),
        _ => {
            return Err(syntax(format!(
                "unknown interval {name}: use one of {}",
                TIMEDATE_INTERVALS.join(", ")
            )));
        }
    })
}

/// The rewrite rule of each advertised `{fn}` function. A name without a rule
/// passes through as `name(args)` so engine functions still work.
fn rewrite_function(name: &str, a: &[String]) -> Result<String> {
    let call = |f: &str| format!("{f}({})", a.join(", "));
    let n = |allowed: &[usize]| arity(name, a, allowed);
    Ok(match name {
        // string
        "CONCAT" => {
            n(&[2])?;
            format!("concat({}, {})", a[0], a[1])
        }
        "LCASE" => {
            n(&[1])?;
            call("lower")
        }
        "UCASE" => {
            n(&[1])?;
            call("upper")
        }
        // ODBC LENGTH ignores trailing blanks.
        "LENGTH" => {
            n(&[1])?;
            format!("character_length(rtrim({}))", a[0])
        }
        "LEFT" => {
            n(&[2])?;
            call("left")
        }
        "RIGHT" => {
            n(&[2])?;
            call("right")
        }
        "LTRIM" => {
            n(&[1])?;
            call("ltrim")
        }
        "RTRIM" => {
            n(&[1])?;
            call("rtrim")
        }
        "SUBSTRING" => {
            n(&[2, 3])?;
            call("substr")
        }
        // LOCATE(needle, haystack[, start]): 1-based, 0 when absent.
        "LOCATE" => {
            n(&[2, 3])?;
            if a.len() == 2 {
                format!("strpos({}, {})", a[1], a[0])
            } else {
                let found = format!("strpos(substr({}, {}), {})", a[1], a[2], a[0]);
                format!(
                    "(CASE WHEN {found} = 0 THEN 0 ELSE {found} + {} - 1 END)",
                    a[2]
                )
            }
        }
        "REPLACE" => {
            n(&[3])?;
            call("replace")
        }
        "ASCII" => {
            n(&[1])?;
            call("ascii")
        }
        "CHAR" => {
            n(&[1])?;
            call("chr")
        }
        // numeric
        "ABS" | "SQRT" | "EXP" | "LOG10" | "FLOOR" => {
            n(&[1])?;
            call(&name.to_ascii_lowercase())
        }
        "CEILING" => {
            n(&[1])?;
            call("ceil")
        }
        "ROUND" => {
            n(&[1, 2])?;
            call("round")
        }
        "POWER" => {
            n(&[2])?;
            call("power")
        }
        "MOD" => {
            n(&[2])?;
            format!("({} % {})", a[0], a[1])
        }
        "SIGN" => {
            n(&[1])?;
            call("signum")
        }
        // ODBC LOG is the natural logarithm.
        "LOG" => {
            n(&[1])?;
            call("ln")
        }
        "TRUNCATE" => {
            n(&[1, 2])?;
            call("trunc")
        }
        "PI" => {
            n(&[0])?;
            "pi()".into()
        }
        // time and date
        "NOW" => {
            n(&[0])?;
            "now()".into()
        }
        "CURDATE" => {
            n(&[0])?;
            "current_date()".into()
        }
        "CURTIME" => {
            n(&[0])?;
            "current_time()".into()
        }
        "YEAR" | "MONTH" | "HOUR" | "MINUTE" | "SECOND" | "QUARTER" | "WEEK" => {
            n(&[1])?;
            part(&name.to_ascii_lowercase(), &a[0])
        }
        "DAYOFMONTH" => {
            n(&[1])?;
            part("day", &a[0])
        }
        "DAYOFYEAR" => {
            n(&[1])?;
            part("doy", &a[0])
        }
        // ODBC counts Sunday as 1; the engine's dow counts it as 0.
        "DAYOFWEEK" => {
            n(&[1])?;
            format!("({} + 1)", part("dow", &a[0]))
        }
        "DAYNAME" => {
            n(&[1])?;
            format!("to_char({}, '%A')", a[0])
        }
        "MONTHNAME" => {
            n(&[1])?;
            format!("to_char({}, '%B')", a[0])
        }
        "EXTRACT" => {
            n(&[1])?;
            call("EXTRACT")
        }
        // TIMESTAMPADD(interval, count, ts): the count may be any expression,
        // so the interval is built from text at run time.
        "TIMESTAMPADD" => {
            n(&[3])?;
            let (unit, times) = interval_unit(&a[0])?;
            format!(
                "({ts} + CAST(concat(CAST(({count}) * {times} AS VARCHAR), ' {unit}') AS INTERVAL))",
                ts = a[2],
                count = a[1],
            )
        }
        // TIMESTAMPDIFF(interval, t1, t2): whole intervals from t1 to t2.
        "TIMESTAMPDIFF" => {
            n(&[3])?;
            let (t1, t2) = (&a[1], &a[2]);
            let seconds = |per: &str| {
                format!(
                    "CAST(trunc((date_part('epoch', {t2}) - date_part('epoch', {t1})) / {per}) AS BIGINT)"
                )
            };
            let months = format!(
                "(({} - {}) * 12 + {} - {})",
                part("year", t2),
                part("year", t1),
                part("month", t2),
                part("month", t1)
            );
            let unit = a[0].trim().to_ascii_uppercase();
            match unit.strip_prefix("SQL_TSI_").unwrap_or(&unit) {
                "FRAC_SECOND" => format!(
                    "CAST(trunc((date_part('epoch', {t2}) - date_part('epoch', {t1})) * 1000000000) AS BIGINT)"
                ),
                "SECOND" => seconds("1"),
                "MINUTE" => seconds("60"),
                "HOUR" => seconds("3600"),
                "DAY" => seconds("86400"),
                "WEEK" => seconds("604800"),
                "MONTH" => format!("CAST({months} AS BIGINT)"),
                "QUARTER" => format!("CAST(trunc({months} / 3) AS BIGINT)"),
                "YEAR" => format!("CAST(trunc({months} / 12) AS BIGINT)"),
                _ => {
                    interval_unit(&a[0])?;
                    unreachable!("interval_unit accepts only the units matched above")
                }
            }
        }
        // system
        "IFNULL" => {
            n(&[2])?;
            call("coalesce")
        }
        "DATABASE" => {
            n(&[0])?;
            "current_catalog".into()
        }
        "USER" => {
            n(&[0])?;
            "current_user".into()
        }
        "CONVERT" => {
            n(&[2])?;
            let target = a[1].trim().to_ascii_uppercase();
            let ty = CONVERT_TYPES
                .iter()
                .find(|(odbc, _)| *odbc == target)
                .map(|(_, ty)| *ty)
                .ok_or_else(|| syntax(format!("CONVERT to {} is not supported", a[1].trim())))?;
            format!("CAST({} AS {ty})", a[0])
        }
        _ => call(&name.to_ascii_lowercase()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_are_numbered_outside_literals_and_comments() {
        let t = translate("SELECT '?', \"a?\", ? -- ?\n, /* ? */ ? FROM t WHERE x = ?").unwrap();
        assert_eq!(
            t.sql,
            "SELECT '?', \"a?\", $1 -- ?\n, /* ? */ $2 FROM t WHERE x = $3"
        );
        assert_eq!(t.markers, 3);
    }

    #[test]
    fn literals_keep_braces_and_quotes() {
        let sql = "SELECT '{fn x}', 'it''s', \"{d}\"";
        assert_eq!(native_sql(sql).unwrap(), sql);
    }

    #[test]
    fn date_time_outer_join_escape_and_call() {
        assert_eq!(
            native_sql("SELECT {d '2024-01-02'}, {t '10:00:00'}, {ts '2024-01-02 10:00:00'}")
                .unwrap(),
            "SELECT DATE '2024-01-02', TIME '10:00:00', TIMESTAMP '2024-01-02 10:00:00'"
        );
        assert_eq!(
            native_sql("SELECT * FROM {oj a LEFT OUTER JOIN b ON a.x = b.x}").unwrap(),
            "SELECT * FROM a LEFT OUTER JOIN b ON a.x = b.x"
        );
        assert_eq!(
            native_sql("x LIKE 'a\\_%' {escape '\\'}").unwrap(),
            "x LIKE 'a\\_%' ESCAPE '\\'"
        );
        assert_eq!(
            native_sql("x LIKE 'it''s!_1\\%'  {escape '!'} AND y = 1").unwrap(),
            "x LIKE 'it''s\\_1\\\\%'   AND y = 1"
        );
        assert_eq!(
            native_sql("x LIKE ? {escape '!'}").unwrap_err().state,
            "42000"
        );
        assert_eq!(
            translate("{call p(?, 'x')}").unwrap(),
            Translated {
                sql: "CALL p($1, 'x')".into(),
                markers: 1
            }
        );
        assert_eq!(
            translate("{? = call p(?)}").unwrap(),
            Translated {
                sql: "CALL p($2)".into(),
                markers: 2
            }
        );
    }

    // Found by fuzzing: a literal after `{escape}` glued onto the pattern it
    // had rewritten, and the next `{escape}` rewrote both again, doubling
    // every backslash each time (a thousand bytes of input never finished).
    #[test]
    fn each_like_pattern_is_rewritten_once() {
        assert_eq!(
            native_sql("x LIKE 'a!_'{escape '!'}'b\\' LIKE 'c!%'{escape '!'}").unwrap(),
            "x LIKE 'a\\_' 'b\\' LIKE 'c\\%'"
        );
        assert_eq!(
            native_sql("x LIKE 'a!_'{escape '!'}{escape '!'}")
                .unwrap_err()
                .state,
            "42000"
        );
        let long = "'\\'{escape '!'}".repeat(2000);
        assert_eq!(native_sql(&long).unwrap().matches("'\\\\'").count(), 2000);
    }

    #[test]
    fn nested_functions_and_markers_inside_them() {
        assert_eq!(
            native_sql("SELECT {fn UCASE({fn LTRIM(?)})}, {fn LEFT(name, ?)}").unwrap(),
            "SELECT upper(ltrim($1)), left(name, $2)"
        );
        assert_eq!(
            native_sql("SELECT {fn CONCAT('a,b', {fn CHAR(65)})}").unwrap(),
            "SELECT concat('a,b', chr(65))"
        );
    }

    #[test]
    fn malformed_escapes_are_syntax_errors() {
        assert_eq!(
            native_sql("SELECT {fn UCASE('a')").unwrap_err().state,
            "42000"
        );
        assert_eq!(native_sql("SELECT {guid 'x'}").unwrap_err().state, "42000");
        assert_eq!(
            native_sql("SELECT {fn LEFT('a')}").unwrap_err().state,
            "42000"
        );
        assert_eq!(
            native_sql("SELECT {fn CONVERT(1, SQL_GUID)}")
                .unwrap_err()
                .state,
            "42000"
        );
    }

    #[test]
    fn function_names_are_plain_names() {
        // Found by fuzzing: the text before `(` was case-folded whole, quotes and all.
        for sql in [
            "SELECT {fn 'aB'(x)}",
            "SELECT {fn \"MyFn\"(x)}",
            "SELECT {fn x'a(b'(c)}",
            "SELECT {fn (1)}",
        ] {
            assert_eq!(native_sql(sql).unwrap_err().state, "42000", "{sql}");
        }
        assert_eq!(
            native_sql("SELECT {fn my_schema.Fn_2(1)}").unwrap(),
            "SELECT my_schema.fn_2(1)"
        );
    }

    // Found by fuzzing: the body of `{d}`, `{t}`, `{ts}` and `{interval}` was
    // copied as it was, so its `?` went uncounted and unnumbered.
    #[test]
    fn markers_in_date_time_and_interval_bodies_are_numbered() {
        assert_eq!(
            translate("SELECT ?, {ts ?}, {d ?}, {t ?}, {interval ? DAY}").unwrap(),
            Translated {
                sql: "SELECT $1, TIMESTAMP $2, DATE $3, TIME $4, INTERVAL $5 DAY".into(),
                markers: 5
            }
        );
    }

    // Found by fuzzing: `{oj -}-` became `--`, a comment swallowing the
    // rest of the line; an escape between two tokens now keeps them apart.
    #[test]
    fn an_escape_never_glues_its_neighbours_into_one_token() {
        assert_eq!(
            native_sql("SELECT * FROM {oj - }- x} *= '{'").unwrap(),
            "SELECT * FROM - - x} *= '{'"
        );
        assert_eq!(native_sql("SELECT {oj 'a'}'b'").unwrap(), "SELECT 'a' 'b'");
        assert_eq!(native_sql("SELECT 'a'{oj}'b'").unwrap(), "SELECT 'a' 'b'");
        assert_eq!(native_sql("SELECT x{oj y}").unwrap(), "SELECT x y");
        assert_eq!(native_sql("SELECT {oj E}'a'").unwrap(), "SELECT E 'a'");
        assert_eq!(
            native_sql("SELECT ({fn UCASE(x)}),{d '2024-01-02'}").unwrap(),
            "SELECT (upper(x)),DATE '2024-01-02'"
        );
    }

    // Found by fuzzing: a `--` comment at the end of an escape body or a
    // function argument lost its newline to trimming and swallowed the
    // text after the escape.
    #[test]
    fn a_closing_parenthesis_in_a_comment_closes_nothing() {
        assert_eq!(
            native_sql("SELECT {fn UCASE(a -- name)\n}")
                .unwrap_err()
                .state,
            "42000"
        );
    }

    #[test]
    fn a_trailing_line_comment_keeps_its_newline() {
        assert_eq!(
            native_sql("SELECT {d '2024-01-02' -- day\n}, 'x'").unwrap(),
            "SELECT DATE '2024-01-02' -- day\n, 'x'"
        );
        assert_eq!(
            native_sql("SELECT {fn UCASE(a -- name\n)} FROM t").unwrap(),
            "SELECT upper(a -- name\n) FROM t"
        );
    }

    // Found by a depth probe run beside the fuzzer: 10,000 nested `{oj` overflowed a 1 MB
    // stack (`SQLNativeSql` translates on the client's thread).
    #[test]
    fn nesting_is_limited_on_a_small_stack() {
        let nested =
            |depth: usize| format!("SELECT {}1{}", "{oj ".repeat(depth), "}".repeat(depth));
        let on_small_stack = |sql: String| {
            std::thread::Builder::new()
                .stack_size(256 << 10)
                .spawn(move || translate(&sql))
                .unwrap()
                .join()
                .unwrap()
        };
        assert_eq!(on_small_stack(nested(MAX_DEPTH)).unwrap().sql, "SELECT 1");
        for depth in [MAX_DEPTH + 1, 100_000] {
            let e = on_small_stack(nested(depth)).unwrap_err();
            assert_eq!(e.state, "42000");
            assert!(
                e.message.contains("nest more than 32 deep"),
                "{}",
                e.message
            );
        }
        assert_eq!(
            native_sql("SELECT '{{{', \"{\" -- {\n, {fn UCASE('}')}").unwrap(),
            "SELECT '{{{', \"{\" -- {\n, upper('}')"
        );
    }

    #[test]
    fn unknown_functions_pass_through() {
        assert_eq!(
            native_sql("SELECT {fn md5('a')}").unwrap(),
            "SELECT md5('a')"
        );
    }
}
