//! ODBC connection strings: `key=value;key={value; with braces}}}`.

use crate::diag::{Error, Result};

/// The key/value pairs of a connection string, in order. Per the ODBC
/// reference, the first occurrence of a repeated key wins.
pub fn parse(s: &str) -> Result<Vec<(String, String)>> {
    let mut pairs: Vec<(String, String)> = Vec::new();
    let mut rest = s;
    loop {
        // The same whitespace as the `trim` of keys and values, so a key
        // can never start with a `;` left behind by a form feed.
        rest = rest.trim_start_matches(|c: char| c == ';' || c.is_whitespace());
        if rest.is_empty() {
            return Ok(pairs);
        }
        // A `;` before the `=` ends a key with no value (`Driver=x;oops;PWD=y`),
        // not a key named `oops;PWD`.
        let Some(eq) = rest
            .find(['=', ';'])
            .filter(|&i| rest[i..].starts_with('='))
        else {
            let end = rest.find(';').unwrap_or(rest.len());
            return Err(malformed(format!(
                "'{}' has no '=' and value",
                rest[..end].trim()
            )));
        };
        let key = rest[..eq].trim().to_string();
        if key.is_empty() {
            return Err(malformed("a key is empty".into()));
        }
        let (value, after) = value(&rest[eq + 1..], &key)?;
        if !pairs.iter().any(|(k, _)| k.eq_ignore_ascii_case(&key)) {
            pairs.push((key, value));
        }
        rest = after;
    }
}

/// Reads one value: braced (`}}` is a literal brace) or up to the next `;`.
fn value<'a>(s: &'a str, key: &str) -> Result<(String, &'a str)> {
    let trimmed = s.trim_start();
    let Some(body) = trimmed.strip_prefix('{') else {
        let end = s.find(';').unwrap_or(s.len());
        return Ok((s[..end].trim().to_string(), &s[end..]));
    };
    let mut value = String::new();
    let mut chars = body.char_indices();
    while let Some((i, c)) = chars.next() {
        if c != '}' {
            value.push(c);
        } else if body[i + 1..].starts_with('}') {
            value.push('}');
            chars.next();
        } else {
            let after = &body[i + 1..];
            let after_trim = after.trim_start();
            if !(after_trim.is_empty() || after_trim.starts_with(';')) {
                return Err(malformed(format!(
                    "text follows the closing brace of {key}"
                )));
            }
            return Ok((value, after_trim));
        }
    }
    Err(malformed(format!(
        "the value of {key} has no closing brace"
    )))
}

fn malformed(detail: String) -> Error {
    // The string may hold secrets, so the message names keys, never values.
    Error::unable_to_connect(format!("malformed connection string: {detail}"))
}

/// Writes pairs back as a connection string, bracing values that need it.
pub fn format(pairs: &[(String, String)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| {
            if v.contains([';', '{', '}']) || v.trim() != v {
                format!("{k}={{{}}}", v.replace('}', "}}"))
            } else {
                format!("{k}={v}")
            }
        })
        .collect::<Vec<_>>()
        .join(";")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Vec<(String, String)> {
        parse(s).unwrap()
    }

    #[test]
    fn plain_and_braced_values() {
        let pairs = p("Driver={apiodbc Stripe};PWD={a;b}}c};BaseURL=http://x:1 ; Empty=;");
        assert_eq!(
            pairs,
            [
                ("Driver".into(), "apiodbc Stripe".into()),
                ("PWD".into(), "a;b}c".into()),
                ("BaseURL".into(), "http://x:1".into()),
                ("Empty".into(), String::new()),
            ]
        );
    }

    #[test]
    fn first_occurrence_wins_ignoring_case() {
        assert_eq!(p("a=1;A=2"), [("a".into(), "1".into())]);
    }

    #[test]
    fn malformed_strings_name_the_key_not_the_value() {
        let e = parse("PWD={secret").unwrap_err();
        assert_eq!(e.state, "08001");
        assert!(e.message.contains("PWD") && !e.message.contains("secret"));
        assert!(parse("novalue").is_err());
        assert!(parse("k={v}x").is_err());
    }

    #[test]
    fn format_round_trips() {
        let pairs = p("A=1;B={x;y}};z}");
        assert_eq!(parse(&format(&pairs)).unwrap(), pairs);
    }

    // Found by fuzzing: a form feed before `;` left the `;` in the next key,
    // and a value with other leading whitespace than a space lost it when
    // formatted and parsed again.
    #[test]
    fn keys_never_hold_a_semicolon_and_values_keep_their_whitespace() {
        assert_eq!(
            p("a=1;\u{c};b=2"),
            [("a".into(), "1".into()), ("b".into(), "2".into())]
        );
        let e = parse("Driver=x;oops;PWD=y").unwrap_err();
        assert!(e.message.contains("'oops' has no '='"), "{}", e.message);
        for value in ["\tx", "x\n", "\u{a0}x"] {
            let pairs = vec![("K".to_string(), value.to_string())];
            assert_eq!(parse(&format(&pairs)).unwrap(), pairs);
        }
    }
}
