//! Independent lexers the targets check outputs with: they are written from
//! the rules (SQL quoting and comments; backslash-escaped query strings), not
//! from the code under test.

/// What a piece of SQL text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    Code,
    /// A `'string'`, `"identifier"` or `` `identifier` `` with its quotes;
    /// a doubled quote stays inside, an unterminated one runs to the end.
    Quoted,
    /// `-- ...` up to (not including) the newline, or `/* ... */`.
    Comment,
}

/// Splits SQL into code, quoted text and comments.
pub fn sql_segments(sql: &str) -> Vec<(Kind, &str)> {
    let b = sql.as_bytes();
    let mut out = Vec::new();
    let (mut code_start, mut i) = (0, 0);
    while i < b.len() {
        let special = match b[i] {
            q @ (b'\'' | b'"' | b'`') => {
                let mut j = i + 1;
                loop {
                    match b[j..].iter().position(|&c| c == q) {
                        None => break Some((Kind::Quoted, b.len())),
                        Some(p) if b.get(j + p + 1) == Some(&q) => j += p + 2,
                        Some(p) => break Some((Kind::Quoted, j + p + 1)),
                    }
                }
            }
            b'-' if b.get(i + 1) == Some(&b'-') => Some((
                Kind::Comment,
                b[i..]
                    .iter()
                    .position(|&c| c == b'\n')
                    .map_or(b.len(), |p| i + p),
            )),
            b'/' if b.get(i + 1) == Some(&b'*') => Some((
                Kind::Comment,
                sql[i + 2..].find("*/").map_or(b.len(), |p| i + 2 + p + 2),
            )),
            _ => None,
        };
        match special {
            Some((kind, end)) => {
                if code_start < i {
                    out.push((Kind::Code, &sql[code_start..i]));
                }
                out.push((kind, &sql[i..end]));
                i = end;
                code_start = end;
            }
            None => i += 1,
        }
    }
    if code_start < b.len() {
        out.push((Kind::Code, &sql[code_start..]));
    }
    out
}

/// A query of double-quoted, backslash-escaped strings (BBQL, Stripe search)
/// split into the text outside strings and the decoded strings; `None` when
/// a string is left open, i.e. a value ended up outside its quotes.
pub fn quoted_strings(query: &str) -> Option<(String, Vec<String>)> {
    let mut outside = String::new();
    let mut strings = Vec::new();
    let mut chars = query.chars();
    while let Some(c) = chars.next() {
        if c != '"' {
            outside.push(c);
            continue;
        }
        // Marks where the string stood, so checks see the structure.
        outside.push('"');
        let mut value = String::new();
        loop {
            match chars.next()? {
                '"' => break,
                '\\' => value.push(chars.next()?),
                c => value.push(c),
            }
        }
        strings.push(value);
    }
    Some((outside, strings))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sql_segments_follow_quoting_and_comments() {
        assert_eq!(
            sql_segments("a 'b''c' \"d\" -- e\nf /* g */ 'h"),
            [
                (Kind::Code, "a "),
                (Kind::Quoted, "'b''c'"),
                (Kind::Code, " "),
                (Kind::Quoted, "\"d\""),
                (Kind::Code, " "),
                (Kind::Comment, "-- e"),
                (Kind::Code, "\nf "),
                (Kind::Comment, "/* g */"),
                (Kind::Code, " "),
                (Kind::Quoted, "'h"),
            ]
        );
    }

    #[test]
    fn quoted_strings_decode_escapes_and_refuse_open_strings() {
        assert_eq!(
            quoted_strings(r#"a = "x\"y\\" AND b ~ "z""#),
            Some((
                r#"a = " AND b ~ ""#.to_string(),
                vec![r#"x"y\"#.to_string(), "z".into()]
            ))
        );
        assert_eq!(quoted_strings(r#"a = "x\""#), None);
    }
}
