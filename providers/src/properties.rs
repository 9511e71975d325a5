//! Connection properties: the one list of every property the driver knows,
//! and the case-insensitive map a connection is opened with.

use std::collections::BTreeMap;
use std::time::Duration;

use crate::{Error, Kind, Result};

/// A connection property the driver understands.
#[derive(Debug)]
pub struct PropertyDef {
    pub name: &'static str,
    /// Other spellings that mean the same property (`Database` for `Workspace`).
    pub aliases: &'static [&'static str],
    pub description: &'static str,
    /// The value used when the property is absent; empty when there is none.
    pub default: &'static str,
    /// Secrets are masked wherever properties are shown.
    pub secret: bool,
}

const fn prop(name: &'static str, description: &'static str) -> PropertyDef {
    PropertyDef {
        name,
        aliases: &[],
        description,
        default: "",
        secret: false,
    }
}

const fn secret(
    name: &'static str,
    aliases: &'static [&'static str],
    description: &'static str,
) -> PropertyDef {
    PropertyDef {
        name,
        aliases,
        description,
        default: "",
        secret: true,
    }
}

/// Every property, in the order `sys_connection_props` lists them.
pub static DEFINITIONS: &[PropertyDef] = &[
    prop(
        "Driver",
        "The driver library or registered driver name (read by the driver manager).",
    ),
    prop(
        "DSN",
        "The data source whose odbc.ini entry supplies defaults; explicit properties win.",
    ),
    prop(
        "Provider",
        "Which API to query: stripe or bitbucket. Inferred from the driver or DSN name when absent.",
    ),
    prop(
        "AuthScheme",
        "How to authenticate: APIKey or OAuth for Stripe; OAuth, Basic or AccessToken for Bitbucket.",
    ),
    secret(
        "LiveAPIKey",
        &[],
        "Stripe secret or restricted API key (sk_live_..., sk_test_..., rk_...).",
    ),
    prop(
        "AccountId",
        "Stripe connected account to query (sent as the Stripe-Account header).",
    ),
    PropertyDef {
        aliases: &["Database"],
        ..prop(
            "Workspace",
            "Bitbucket workspace slug: the catalog. Tableau sends it as Database.",
        )
    },
    prop(
        "Schema",
        "The default schema unqualified table names resolve in.",
    ),
    PropertyDef {
        aliases: &["UID"],
        ..prop(
            "User",
            "User name or Atlassian account e-mail for Basic authentication.",
        )
    },
    secret(
        "Password",
        &["PWD", "APIToken"],
        "The secret for the chosen scheme: API key, API token or password. Tableau passes it as PWD.",
    ),
    PropertyDef {
        default: "OFF",
        ..prop(
            "InitiateOAuth",
            "OFF, GETANDREFRESH or REFRESH: how OAuth tokens are obtained and renewed.",
        )
    },
    prop("OAuthClientId", "OAuth client (consumer) id."),
    secret("OAuthClientSecret", &[], "OAuth client (consumer) secret."),
    secret(
        "OAuthAccessToken",
        &[],
        "An OAuth access token to use as given.",
    ),
    secret(
        "OAuthRefreshToken",
        &[],
        "An OAuth refresh token to obtain access tokens with.",
    ),
    prop(
        "OAuthSettingsLocation",
        "Where OAuth tokens are kept: a file path, memory://name or keyring://service/account.",
    ),
    PropertyDef {
        default: "http://localhost:33333",
        ..prop("CallbackURL", "Redirect URL of the OAuth browser flow.")
    },
    secret(
        "OAuthVerifier",
        &[],
        "The code returned by the OAuth authorization page (headless set-up).",
    ),
    prop("Scope", "OAuth scopes to request."),
    prop(
        "BaseURL",
        "API root. Default https://api.stripe.com or https://api.bitbucket.org/2.0.",
    ),
    prop("OAuthAuthorizationURL", "OAuth authorization endpoint."),
    prop("OAuthAccessTokenURL", "OAuth token endpoint."),
    PropertyDef {
        default: "60",
        ..prop(
            "Timeout",
            "Seconds one API request may take before it fails with HYT00; 0 waits forever.",
        )
    },
    PropertyDef {
        default: "8",
        ..prop(
            "MaxConcurrency",
            "Most API requests one statement keeps in flight.",
        )
    },
    prop(
        "RateLimit",
        "Most API requests started in any second with these credentials, shared by every connection of the process that uses them. Stripe default: 25 with a test-mode key, 90 with a live key, and at most 25 to one endpoint (20 to search or files), as Stripe publishes; a value set replaces them all.",
    ),
    PropertyDef {
        default: "0",
        ..prop(
            "CacheTTL",
            "Seconds API responses are cached in the process; 0 turns the cache off.",
        )
    },
    prop(
        "CacheLocation",
        "Directory of the persistent cache: every table read is kept there as Parquet and refreshed incrementally once CacheTTL has passed, for every process of the same user.",
    ),
    PropertyDef {
        default: "false",
        ..prop(
            "Offline",
            "Answer only from the persistent cache (CacheLocation), never asking the API; a table never cached is an error.",
        )
    },
    PropertyDef {
        default: "false",
        ..prop(
            "UseSearchAPI",
            "Stripe: send filters the list endpoints cannot express (status and amount on charges, email, name LIKE 'abc%', ...) to the Search API of charges, customers, invoices, payment_intents, prices, products and subscriptions. Off by default: search results lag writes.",
        )
    },
    prop(
        "LogFile",
        "Path of a log file; secrets are never written to it.",
    ),
    PropertyDef {
        default: "1",
        ..prop(
            "Verbosity",
            "Log detail from 1 (errors) to 5 (every request).",
        )
    },
];

/// Finds the definition a key names, by name or alias, ignoring case.
pub fn definition(key: &str) -> Option<&'static PropertyDef> {
    DEFINITIONS.iter().find(|d| {
        d.name.eq_ignore_ascii_case(key) || d.aliases.iter().any(|a| a.eq_ignore_ascii_case(key))
    })
}

/// The properties of one connection, keyed by canonical name.
#[derive(Debug, Clone, Default)]
pub struct Properties {
    values: BTreeMap<&'static str, String>,
    unknown: Vec<String>,
}

impl Properties {
    /// Builds the map from key/value pairs in order; a later pair overrides an
    /// earlier one, so callers put DSN values first and explicit keys after.
    pub fn from_pairs<K: AsRef<str>, V: Into<String>>(
        pairs: impl IntoIterator<Item = (K, V)>,
    ) -> Self {
        let mut properties = Properties::default();
        for (key, value) in pairs {
            properties.set(key.as_ref(), value.into());
        }
        properties
    }

    pub fn set(&mut self, key: &str, value: String) {
        match definition(key) {
            Some(def) => {
                self.values.insert(def.name, value);
            }
            None if !self.unknown.iter().any(|k| k.eq_ignore_ascii_case(key)) => {
                self.unknown.push(key.to_string())
            }
            None => {}
        }
    }

    /// The value of a property, or its default; `None` when neither exists.
    pub fn get(&self, name: &str) -> Option<&str> {
        let def = definition(name)?;
        match self.values.get(def.name) {
            Some(v) => Some(v.as_str()),
            None if !def.default.is_empty() => Some(def.default),
            None => None,
        }
    }

    /// Whether the property was given explicitly.
    pub fn is_set(&self, name: &str) -> bool {
        definition(name).is_some_and(|d| self.values.contains_key(d.name))
    }

    /// Keys that name no property: reported as warnings, never silently ignored.
    pub fn unknown(&self) -> &[String] {
        &self.unknown
    }

    /// Every defined property with its effective value, secrets masked.
    pub fn effective(&self) -> impl Iterator<Item = (&'static PropertyDef, Option<String>)> + '_ {
        DEFINITIONS.iter().map(|d| {
            let value = self
                .get(d.name)
                .map(|v| if d.secret { mask(v) } else { v.to_string() });
            (d, value)
        })
    }

    pub fn kind(&self) -> Result<Kind> {
        let explicit = self.get("Provider");
        let hint = explicit.map(str::to_string).unwrap_or_else(|| {
            [self.get("Driver"), self.get("DSN")]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" ")
        });
        let hint = hint.to_ascii_lowercase();
        if explicit.is_some_and(|p| p.eq_ignore_ascii_case("stripe"))
            || (explicit.is_none() && hint.contains("stripe"))
        {
            Ok(Kind::Stripe)
        } else if explicit.is_some_and(|p| p.eq_ignore_ascii_case("bitbucket"))
            || (explicit.is_none() && hint.contains("bitbucket"))
        {
            Ok(Kind::Bitbucket)
        } else if let Some(p) = explicit {
            Err(Error::Config(format!(
                "unknown Provider '{p}': use stripe or bitbucket"
            )))
        } else {
            Err(Error::Config(
                "set Provider=stripe or Provider=bitbucket in the connection string".into(),
            ))
        }
    }

    /// A whole number property, with a diagnostic naming it when malformed.
    pub fn number(&self, name: &str) -> Result<Option<u64>> {
        self.get(name)
            .map(|v| {
                v.trim().parse::<u64>().map_err(|_| {
                    Error::InvalidProperty(format!("{name} must be a whole number, not '{v}'"))
                })
            })
            .transpose()
    }

    /// A whole number property of at most `max`: beyond what makes sense it
    /// is a mistake to report, not a value to overflow a clock or an allocation with.
    pub fn bounded(&self, name: &str, max: u64) -> Result<Option<u64>> {
        match self.number(name)? {
            Some(n) if n > max => Err(Error::InvalidProperty(format!(
                "{name} must be at most {max}, not {n}"
            ))),
            n => Ok(n),
        }
    }

    pub fn flag(&self, name: &str) -> Result<bool> {
        match self.get(name).map(|v| v.trim().to_ascii_lowercase()) {
            None => Ok(false),
            Some(v) if ["true", "yes", "on", "1"].contains(&v.as_str()) => Ok(true),
            Some(v) if ["false", "no", "off", "0", ""].contains(&v.as_str()) => Ok(false),
            Some(v) => Err(Error::Config(format!(
                "{name} must be true or false, not '{v}'"
            ))),
        }
    }

    /// `Timeout` as a duration; `None` means no limit.
    pub fn timeout(&self) -> Result<Option<Duration>> {
        Ok(self
            .bounded("Timeout", MAX_SECONDS)?
            .filter(|s| *s > 0)
            .map(Duration::from_secs))
    }

    /// `CacheTTL` in seconds; `None` when the cache is off (absent or 0).
    pub fn cache_ttl(&self) -> Result<Option<Duration>> {
        Ok(self
            .bounded("CacheTTL", MAX_SECONDS)?
            .filter(|s| *s > 0)
            .map(Duration::from_secs))
    }
}

/// The longest `Timeout` or `CacheTTL`: a year, far past any use and far
/// from overflowing a clock.
pub const MAX_SECONDS: u64 = 365 * 24 * 3600;

/// The most requests one statement may keep in flight (`MaxConcurrency`).
pub const MAX_CONCURRENCY: u64 = 1024;

/// Shows that a secret is set without revealing it.
pub fn mask(secret: &str) -> String {
    if secret.is_empty() {
        String::new()
    } else {
        "********".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_case_insensitive_and_aliases_resolve() {
        let p = Properties::from_pairs([
            ("database", "acme"),
            ("pwd", "s3cret"),
            ("PROVIDER", "Stripe"),
        ]);
        assert_eq!(p.get("Workspace"), Some("acme"));
        assert_eq!(p.get("password"), Some("s3cret"));
        assert_eq!(p.kind().unwrap(), Kind::Stripe);
    }

    #[test]
    fn later_pairs_win_and_unknown_keys_are_kept() {
        let p = Properties::from_pairs([("Timeout", "5"), ("Bogus", "1"), ("timeout", "9")]);
        assert_eq!(p.number("Timeout").unwrap(), Some(9));
        assert_eq!(p.unknown(), ["Bogus".to_string()]);
    }

    #[test]
    fn provider_is_inferred_from_the_driver_name() {
        let p = Properties::from_pairs([("Driver", "apiodbc Bitbucket")]);
        assert_eq!(p.kind().unwrap(), Kind::Bitbucket);
        assert!(Properties::default().kind().is_err());
    }

    #[test]
    fn secrets_are_masked_in_effective_values() {
        let p = Properties::from_pairs([("LiveAPIKey", "sk_test_123")]);
        let shown: Vec<_> = p.effective().filter_map(|(_, v)| v).collect();
        assert!(!shown.iter().any(|v| v.contains("sk_test_123")));
        assert_eq!(p.get("Timeout"), Some("60"));
    }
}
