//! Secrets kept out of every text a user or a log may see.

/// Masks anything that looks like an API key or token wherever it appears
/// (`sk_live_...`, `rk_test_...`, `whsec_...`, Atlassian `ATATT...`, the word
/// after `Bearer`), not only under a secret property: a key pasted into the
/// wrong place of a connection string, or echoed by an API, is still a key.
pub fn mask(text: &str) -> String {
    const PREFIXES: &[&str] = &["sk_", "rk_", "pk_", "whsec_", "ATCTT", "ATATT", "ATBB"];
    const BEARER: &str = "bearer ";
    /// Characters a token is made of (Atlassian tokens carry `-`, `=`, ...).
    fn token_len(s: &str) -> usize {
        s.find(|c: char| !(c.is_ascii_alphanumeric() || "_-=+/".contains(c)))
            .unwrap_or(s.len())
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if !out.ends_with(|p: char| p.is_ascii_alphanumeric()) {
            if let Some(bearer) = rest
                .get(..BEARER.len())
                .filter(|w| w.eq_ignore_ascii_case(BEARER))
            {
                out.push_str(bearer);
                rest = &rest[BEARER.len()..];
                let token = token_len(rest);
                if token > 0 {
                    out.push_str("********");
                    rest = &rest[token..];
                }
                continue;
            }
            if PREFIXES.iter().any(|p| rest.starts_with(p)) {
                out.push_str("********");
                rest = &rest[token_len(rest)..];
                continue;
            }
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_tokens_are_masked_wherever_they_appear() {
        assert_eq!(
            mask("Invalid API Key provided: sk_test_abcd. Bearer xyz here"),
            "Invalid API Key provided: ********. Bearer ******** here"
        );
        // Wherever a key lands: inside a malformed connection string, after
        // `=`, quoted, or as a key itself.
        assert_eq!(
            mask("malformed: 'Provider=stripe;BaseURL=http://x;sk_test_51Abc-9' has no '='"),
            "malformed: 'Provider=stripe;BaseURL=http://x;********' has no '='"
        );
        assert_eq!(
            mask("unknown property 'sk_live_abc' (value 1); token ATATT3xF-_=x9 left"),
            "unknown property '********' (value 1); token ******** left"
        );
        assert_eq!(
            mask("risk_level and desk_id and ask_test stay; ü sk_x"),
            "risk_level and desk_id and ask_test stay; ü ********"
        );
    }
}
