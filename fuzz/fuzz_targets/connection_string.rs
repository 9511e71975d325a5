//! The connection-string parser and the property layer it feeds: parsed
//! pairs survive formatting and parsing again; numeric properties stay
//! within their bounds; and no message a client can see (after the
//! driver's secret mask) holds an API key pasted anywhere in the string.
#![no_main]

use apiodbc_fuzz::connection_string::{format, parse};
use apiodbc_providers::properties::{MAX_CONCURRENCY, MAX_SECONDS};
use apiodbc_providers::secrets;
use apiodbc_providers::{Properties, validate};
use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;

#[derive(Debug, Arbitrary)]
struct Input {
    text: String,
    /// Where in `text` a Stripe key is pasted, if anywhere.
    secret_at: Option<u16>,
    secret: u64,
}

fuzz_target!(|input: Input| {
    let mut s = input.text;
    let secret = format!("sk_test_{:016x}", input.secret);
    if let Some(at) = input.secret_at {
        let at = usize::from(at) % (s.len() + 1);
        // A key glued to the word before it is not a key to mask.
        if s.is_char_boundary(at) && !s[..at].ends_with(|c: char| c.is_ascii_alphanumeric()) {
            s.insert_str(at, &secret);
        }
    }
    let leaks = |message: &str| secrets::mask(message).contains(&secret);

    let pairs = match parse(&s) {
        Ok(pairs) => pairs,
        Err(e) => {
            assert!(!leaks(&e.message), "{s:?}: {}", e.message);
            return;
        }
    };
    for (i, (key, _)) in pairs.iter().enumerate() {
        assert!(!key.is_empty() && key.trim() == key, "{s:?}: key {key:?}");
        assert!(
            !pairs[..i].iter().any(|(k, _)| k.eq_ignore_ascii_case(key)),
            "{s:?}: {key:?} twice"
        );
    }
    let formatted = format(&pairs);
    assert_eq!(
        parse(&formatted).as_ref(),
        Ok(&pairs),
        "{s:?} -> {formatted:?}"
    );

    let properties = Properties::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.clone())));
    for (name, max) in [
        ("Timeout", MAX_SECONDS),
        ("CacheTTL", MAX_SECONDS),
        ("MaxConcurrency", MAX_CONCURRENCY),
    ] {
        if let Ok(Some(n)) = properties.bounded(name, max) {
            assert!(n <= max);
        }
    }
    let messages: Vec<String> = [
        properties.timeout().err(),
        properties.cache_ttl().err(),
        properties.kind().err(),
        properties.flag("UseSearchAPI").err(),
    ]
    .into_iter()
    .flatten()
    .map(|e| e.to_string())
    .chain(validate::check(&pairs).err().into_iter().flatten())
    .collect();
    for message in messages {
        assert!(!leaks(&message), "{s:?}: {message}");
    }
});
