//! The ODBC escape translator: SQL without escapes comes out with only its
//! `?` markers numbered, and no translation changes, drops or merges a
//! string literal, quoted identifier or comment, or leaves a marker unnumbered.
#![no_main]

use apiodbc_fuzz::escape::{Translated, translate};
use apiodbc_fuzz::text::{Kind, sql_segments};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|sql: &str| {
    let result = translate(sql);
    let segments = sql_segments(sql);
    if !sql.contains('{') {
        let (mut expected, mut markers) = (String::new(), 0);
        for (kind, text) in &segments {
            if *kind != Kind::Code {
                expected.push_str(text);
                continue;
            }
            for c in text.chars() {
                if c == '?' {
                    markers += 1;
                    expected.push_str(&format!("${markers}"));
                } else {
                    expected.push(c);
                }
            }
        }
        let expected = Translated {
            sql: expected,
            markers,
        };
        assert_eq!(result.as_ref(), Ok(&expected), "{sql:?}");
        return;
    }
    let Ok(translated) = result else {
        return;
    };
    let out = sql_segments(&translated.sql);
    assert!(
        out.iter()
            .all(|(kind, text)| *kind != Kind::Code || !text.contains('?')),
        "a marker left unnumbered: {sql:?} -> {:?}",
        translated.sql
    );
    // `{escape 'c'}` rewrites the LIKE pattern before it by design.
    if sql.to_ascii_lowercase().contains("escape") {
        return;
    }
    // Escape bodies are trimmed, so a `--` comment ending one may lose the
    // blanks before its newline; nothing else of it may change.
    let kept = |segments: &[(Kind, &'_ str)]| -> Vec<(Kind, String)> {
        segments
            .iter()
            .filter(|(k, _)| *k != Kind::Code)
            .map(|(k, t)| (*k, t.trim_end().to_string()))
            .collect()
    };
    let mut remaining = kept(&out);
    for segment in kept(&segments) {
        let found = remaining.iter().position(|s| *s == segment);
        assert!(
            found.is_some(),
            "{segment:?} changed: {sql:?} -> {:?}",
            translated.sql
        );
        if let Some(i) = found {
            remaining.swap_remove(i);
        }
    }
});
