//! OAuth for every provider: the connection properties (`AuthScheme=OAuth`,
//! `InitiateOAuth`, `OAuth*`), the bearer token a request sends, and renewing
//! it through the token endpoint.
//!
//! - `InitiateOAuth=OFF`: `OAuthAccessToken` as given; a 401 is final.
//! - `InitiateOAuth=REFRESH`: tokens come from the store at
//!   `OAuthSettingsLocation` ([`store`]) or from `OAuthRefreshToken`, and are
//!   renewed shortly before they expire or after a 401 ([`refresh`]).
//! - `InitiateOAuth=GETANDREFRESH` (the browser flow) is not available yet.
//!
//! Providers only choose the default token endpoint; nothing here is specific
//! to one API.

pub mod refresh;
pub mod store;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures::future::BoxFuture;

use crate::http::Credentials;
use crate::properties::mask;
use crate::{Error, Properties, Result};

pub use store::{Location, Tokens};

/// A token is renewed when it has less than this left.
pub const EXPIRY_MARGIN: Duration = Duration::from_secs(60);

/// How tokens are obtained (`InitiateOAuth`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Initiate {
    Off,
    Refresh,
    GetAndRefresh,
}

impl Initiate {
    pub fn parse(value: Option<&str>) -> Result<Initiate> {
        match value.map(|v| v.trim().to_ascii_uppercase()).as_deref() {
            None | Some("") | Some("OFF") => Ok(Initiate::Off),
            Some("REFRESH") => Ok(Initiate::Refresh),
            Some("GETANDREFRESH") => Ok(Initiate::GetAndRefresh),
            Some(_) => Err(Error::Config(format!(
                "InitiateOAuth must be OFF, GETANDREFRESH or REFRESH, not '{}'",
                value.unwrap_or_default().trim()
            ))),
        }
    }
}

/// Everything needed to renew tokens at one location.
#[derive(Clone)]
pub struct OAuthSettings {
    /// "Stripe", "Bitbucket": named in messages.
    pub provider: &'static str,
    pub client_id: String,
    pub client_secret: Option<String>,
    pub token_url: String,
    pub location: Location,
    /// `OAuthAccessToken`, used until the store has a token of its own.
    pub access_token: Option<String>,
    /// `OAuthRefreshToken`, used when the store has none.
    pub refresh_token: Option<String>,
    /// Longest one token request may take.
    pub timeout: Option<Duration>,
    /// Renew a token that has less than this left.
    pub margin: Duration,
}

impl std::fmt::Debug for OAuthSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let masked = |s: &Option<String>| s.as_deref().map(mask);
        f.debug_struct("OAuthSettings")
            .field("provider", &self.provider)
            .field("client_id", &self.client_id)
            .field("client_secret", &masked(&self.client_secret))
            .field("token_url", &self.token_url)
            .field("location", &self.location)
            .field("access_token", &masked(&self.access_token))
            .field("refresh_token", &masked(&self.refresh_token))
            .field("timeout", &self.timeout)
            .field("margin", &self.margin)
            .finish()
    }
}

fn text<'a>(properties: &'a Properties, name: &str) -> Option<&'a str> {
    properties
        .get(name)
        .map(str::trim)
        .filter(|v| !v.is_empty())
}

impl OAuthSettings {
    /// Reads the `OAuth*` properties; `default_token_url` is the provider's endpoint.
    pub fn from_properties(
        properties: &Properties,
        provider: &'static str,
        default_token_url: &str,
    ) -> Result<OAuthSettings> {
        let client_id = text(properties, "OAuthClientId").ok_or_else(|| {
            Error::Config(format!(
                "set OAuthClientId (and OAuthClientSecret) of your {provider} OAuth application to renew tokens"
            ))
        })?;
        let location = match text(properties, "OAuthSettingsLocation") {
            Some(value) => Location::parse(value)?,
            None => Location::default_for(provider, client_id)?,
        };
        Ok(OAuthSettings {
            provider,
            client_id: client_id.to_string(),
            client_secret: text(properties, "OAuthClientSecret").map(str::to_string),
            token_url: text(properties, "OAuthAccessTokenURL")
                .unwrap_or(default_token_url)
                .to_string(),
            location,
            access_token: text(properties, "OAuthAccessToken").map(str::to_string),
            refresh_token: text(properties, "OAuthRefreshToken").map(str::to_string),
            timeout: properties.timeout()?,
            margin: EXPIRY_MARGIN,
        })
    }
}

/// The bearer token source for `AuthScheme=OAuth`, by `InitiateOAuth`.
pub fn credentials(
    properties: &Properties,
    provider: &'static str,
    default_token_url: &str,
) -> Result<Arc<dyn Credentials>> {
    match Initiate::parse(properties.get("InitiateOAuth"))? {
        Initiate::Off => {
            let token = text(properties, "OAuthAccessToken").ok_or_else(|| {
                Error::Config(
                    "AuthScheme=OAuth with InitiateOAuth=OFF needs OAuthAccessToken; \
                     or set InitiateOAuth=REFRESH with OAuthRefreshToken to renew tokens"
                        .into(),
                )
            })?;
            Ok(Arc::new(FixedToken {
                provider,
                token: token.to_string(),
            }))
        }
        Initiate::Refresh => Ok(Arc::new(Refreshing::new(OAuthSettings::from_properties(
            properties,
            provider,
            default_token_url,
        )?))),
        Initiate::GetAndRefresh => Err(Error::Config(
            "InitiateOAuth=GETANDREFRESH (the browser sign-in) is not available yet: \
             use InitiateOAuth=REFRESH with OAuthRefreshToken, or OFF with OAuthAccessToken"
                .into(),
        )),
    }
}

/// `InitiateOAuth=OFF`: one token, never renewed.
pub struct FixedToken {
    provider: &'static str,
    token: String,
}

impl std::fmt::Debug for FixedToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FixedToken")
            .field("provider", &self.provider)
            .field("token", &mask(&self.token))
            .finish()
    }
}

impl Credentials for FixedToken {
    fn bearer(&self) -> BoxFuture<'_, Result<String>> {
        Box::pin(async move { Ok(self.token.clone()) })
    }

    fn rejected<'a>(&'a self, _token: &'a str) -> BoxFuture<'a, Result<()>> {
        Box::pin(async move {
            Err(Error::Auth(format!(
                "{} rejected the OAuth access token (HTTP 401): the OAuth access token expired or was revoked; \
                 set a new OAuthAccessToken, or InitiateOAuth=REFRESH with OAuthRefreshToken to renew it",
                self.provider
            )))
        })
    }
}

/// `InitiateOAuth=REFRESH`: tokens from the store, renewed single-flight.
#[derive(Debug)]
pub struct Refreshing {
    settings: OAuthSettings,
    /// The last tokens this connection used (masked in `Debug`).
    current: Mutex<Option<Tokens>>,
}

impl Refreshing {
    pub fn new(settings: OAuthSettings) -> Refreshing {
        Refreshing {
            settings,
            current: Mutex::new(None),
        }
    }

    pub fn settings(&self) -> &OAuthSettings {
        &self.settings
    }

    fn cached(&self) -> Option<Tokens> {
        self.current
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    fn remember(&self, tokens: &Tokens) {
        *self.current.lock().unwrap_or_else(|e| e.into_inner()) = Some(tokens.clone());
    }

    /// The access token to send now.
    pub async fn token(&self) -> Result<String> {
        if let Some(tokens) = self.cached().filter(|t| t.is_fresh(self.settings.margin)) {
            return Ok(tokens.access_token);
        }
        let stale = self.cached().map(|t| t.access_token);
        let tokens = refresh::obtain(&self.settings, stale.as_deref()).await?;
        self.remember(&tokens);
        Ok(tokens.access_token)
    }
}

impl Credentials for Refreshing {
    fn bearer(&self) -> BoxFuture<'_, Result<String>> {
        Box::pin(self.token())
    }

    fn rejected<'a>(&'a self, token: &'a str) -> BoxFuture<'a, Result<()>> {
        Box::pin(async move {
            let tokens = refresh::obtain(&self.settings, Some(token)).await?;
            self.remember(&tokens);
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests;
