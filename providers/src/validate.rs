//! Checks a set of connection properties before anything is written or
//! connected: every key must name a property of [`crate::properties`], and
//! the values must not contradict each other. A connection only warns about
//! unknown keys (a client may pass extras); whatever writes a DSN or builds a
//! connection string (the `apiodbc` command, the driver's `ConfigDSN`)
//! refuses them, naming each one.

use crate::Properties;
use crate::properties::definition;

/// Which provider a property only makes sense for.
const PROVIDER_ONLY: &[(&str, &str)] = &[
    ("LiveAPIKey", "stripe"),
    ("AccountId", "stripe"),
    ("UseSearchAPI", "stripe"),
    ("Workspace", "bitbucket"),
    ("User", "bitbucket"),
];

/// `AuthScheme` values each provider accepts.
const AUTH_SCHEMES: &[(&str, &[&str])] = &[
    ("stripe", &["APIKey", "OAuth"]),
    ("bitbucket", &["OAuth", "Basic", "AccessToken"]),
];

/// Properties that belong to OAuth only.
const OAUTH_ONLY: &[&str] = &[
    "OAuthClientId",
    "OAuthClientSecret",
    "OAuthAccessToken",
    "OAuthRefreshToken",
    "OAuthVerifier",
];

const INITIATE_OAUTH: &[&str] = &["OFF", "GETANDREFRESH", "REFRESH"];
const NUMBERS: &[&str] = &[
    "Timeout",
    "MaxConcurrency",
    "RateLimit",
    "CacheTTL",
    "Verbosity",
];
const FLAGS: &[&str] = &["UseSearchAPI", "Offline"];

/// The checked properties, and the provider they are for (`stripe`/`bitbucket`).
pub struct Checked {
    pub properties: Properties,
    pub provider: &'static str,
}

/// Checks `pairs` (DSN entries first, explicit keys after); every problem is listed.
pub fn check(pairs: &[(String, String)]) -> Result<Checked, Vec<String>> {
    let mut problems = Vec::new();
    for (i, (key, value)) in pairs.iter().enumerate() {
        let Some(def) = definition(key) else {
            problems.push(format!(
                "unknown property '{key}' (`apiodbc dsn add --help` lists them)"
            ));
            continue;
        };
        // The same property under two spellings with different values is ambiguous.
        if let Some((other, _)) = pairs[..i].iter().find(|(k, v)| {
            !k.eq_ignore_ascii_case(key)
                && definition(k).is_some_and(|d| d.name == def.name)
                && v != value
        }) {
            problems.push(format!(
                "'{other}' and '{key}' both set {} with different values",
                def.name
            ));
        }
    }
    let properties = Properties::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.clone())));
    let provider = match properties.kind() {
        Ok(crate::Kind::Stripe) => "stripe",
        Ok(crate::Kind::Bitbucket) => "bitbucket",
        Err(e) => {
            problems.push(e.to_string());
            ""
        }
    };
    if let Some(explicit) = properties.get("Provider") {
        let driver = properties.get("Driver").unwrap_or("").to_ascii_lowercase();
        for (name, other) in [("stripe", "bitbucket"), ("bitbucket", "stripe")] {
            if explicit.eq_ignore_ascii_case(name) && driver.contains(other) {
                problems.push(format!(
                    "Provider={explicit} conflicts with Driver={}",
                    properties.get("Driver").unwrap_or("")
                ));
            }
        }
    }
    if !provider.is_empty() {
        for (name, only) in PROVIDER_ONLY {
            if *only != provider && properties.is_set(name) {
                problems.push(format!("{name} applies to {only} only, not {provider}"));
            }
        }
        check_auth(&properties, provider, &mut problems);
    }
    if properties.is_set("LiveAPIKey")
        && properties.is_set("Password")
        && properties.get("LiveAPIKey") != properties.get("Password")
    {
        problems.push("LiveAPIKey and Password (PWD) give two different API keys".into());
    }
    if let Some(mode) = properties.get("InitiateOAuth")
        && !INITIATE_OAUTH.iter().any(|m| m.eq_ignore_ascii_case(mode))
    {
        problems.push(format!(
            "InitiateOAuth must be one of {}, not '{mode}'",
            INITIATE_OAUTH.join(", ")
        ));
    }
    for name in NUMBERS {
        if let Err(e) = properties.number(name) {
            problems.push(e.to_string());
        }
    }
    for name in FLAGS {
        if let Err(e) = properties.flag(name) {
            problems.push(e.to_string());
        }
    }
    if problems.is_empty() {
        Ok(Checked {
            properties,
            provider,
        })
    } else {
        Err(problems)
    }
}

fn check_auth(properties: &Properties, provider: &str, problems: &mut Vec<String>) {
    let Some(scheme) = properties.get("AuthScheme") else {
        return;
    };
    let allowed = AUTH_SCHEMES
        .iter()
        .find(|(p, _)| *p == provider)
        .map(|(_, s)| *s)
        .unwrap_or_default();
    if !allowed.iter().any(|s| s.eq_ignore_ascii_case(scheme)) {
        problems.push(format!(
            "AuthScheme={scheme} is not available for {provider}: use {}",
            allowed.join(", ")
        ));
        return;
    }
    if !scheme.eq_ignore_ascii_case("OAuth") {
        for name in OAUTH_ONLY {
            if properties.is_set(name) {
                problems.push(format!("{name} conflicts with AuthScheme={scheme}"));
            }
        }
    }
    if scheme.eq_ignore_ascii_case("Basic") && !properties.is_set("User") {
        problems.push("AuthScheme=Basic needs User".into());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn problems(list: &[(&str, &str)]) -> Vec<String> {
        check(&pairs(list)).err().unwrap_or_default()
    }

    #[test]
    fn a_complete_stripe_set_passes() {
        let checked = check(&pairs(&[
            ("Driver", "apiodbc Stripe"),
            ("LiveAPIKey", "sk_test_1"),
            ("Timeout", "30"),
            ("pwd", "sk_test_1"),
        ]))
        .unwrap_or_else(|p| panic!("{p:?}"));
        assert_eq!(checked.provider, "stripe");
    }

    #[test]
    fn unknown_keys_are_named() {
        let found = problems(&[("Provider", "stripe"), ("ApiKey", "x"), ("Colour", "red")]);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found[0].contains("'ApiKey'") && found[1].contains("'Colour'"));
    }

    #[test]
    fn conflicts_are_named() {
        let found = problems(&[
            ("Driver", "apiodbc Stripe"),
            ("Provider", "bitbucket"),
            ("AuthScheme", "Basic"),
            ("Workspace", "acme"),
            ("Database", "other"),
            ("LiveAPIKey", "sk"),
        ]);
        let text = found.join("\n");
        for expected in [
            "Provider=bitbucket conflicts with Driver=apiodbc Stripe",
            "'Workspace' and 'Database' both set Workspace",
            "LiveAPIKey applies to stripe only",
            "AuthScheme=Basic needs User",
        ] {
            assert!(
                text.contains(expected),
                "{expected:?} missing from:\n{text}"
            );
        }
    }

    #[test]
    fn values_are_checked() {
        let text = problems(&[
            ("Provider", "stripe"),
            ("AuthScheme", "APIKey"),
            ("OAuthRefreshToken", "rt"),
            ("InitiateOAuth", "sometimes"),
            ("Timeout", "soon"),
            ("LiveAPIKey", "a"),
            ("PWD", "b"),
        ])
        .join("\n");
        for expected in [
            "OAuthRefreshToken conflicts with AuthScheme=APIKey",
            "InitiateOAuth must be one of",
            "Timeout must be a whole number",
            "two different API keys",
        ] {
            assert!(
                text.contains(expected),
                "{expected:?} missing from:\n{text}"
            );
        }
    }
}
