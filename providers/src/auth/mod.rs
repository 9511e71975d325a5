//! OAuth for every provider: the connection properties (`AuthScheme=OAuth`,
//! `InitiateOAuth`, `OAuth*`), the bearer token a request sends, and renewing
//! it through the token endpoint.
//!
//! - `InitiateOAuth=OFF`: `OAuthAccessToken` as given; a 401 is final.
//! - `InitiateOAuth=REFRESH`: tokens come from the store at
//!   `OAuthSettingsLocation` ([`store`]) or from `OAuthRefreshToken`, and are
//!   renewed shortly before they expire or after a 401 ([`refresh`]).
//! - `InitiateOAuth=GETANDREFRESH`: as `REFRESH`, and when there is nothing
//!   to renew the system browser signs the user in ([`browser`]).
//! - `OAuthVerifier`: a code from the authorization page (headless set-up) is
//!   exchanged for tokens when the store is empty.
//!
//! Providers only name their endpoints ([`Endpoints`]); nothing here is
//! specific to one API.

pub mod browser;
pub mod callback;
pub mod refresh;
pub mod store;
pub mod token_endpoint;

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

/// How the client proves itself to the token endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClientAuth {
    /// HTTP Basic `client_id:client_secret` (Bitbucket).
    Basic,
    /// `client_id` and `client_secret` form fields (Stripe Connect).
    Form,
}

/// An API's OAuth endpoints: the defaults of `OAuthAuthorizationURL` and
/// `OAuthAccessTokenURL`.
#[derive(Debug, Clone, Copy)]
pub struct Endpoints {
    /// "Stripe", "Bitbucket": named in messages.
    pub provider: &'static str,
    pub authorization_url: &'static str,
    pub token_url: &'static str,
    pub client_auth: ClientAuth,
}

/// The default `CallbackURL`.
pub const DEFAULT_CALLBACK_URL: &str = "http://localhost:33333";

/// Everything needed to obtain and renew tokens at one location.
#[derive(Clone)]
pub struct OAuthSettings {
    /// "Stripe", "Bitbucket": named in messages.
    pub provider: &'static str,
    pub initiate: Initiate,
    pub client_id: String,
    pub client_secret: Option<String>,
    pub client_auth: ClientAuth,
    pub authorization_url: String,
    pub token_url: String,
    /// Where the authorization page sends the browser back to (`CallbackURL`).
    pub callback_url: String,
    /// `Scope`, as given (space-separated scopes).
    pub scope: Option<String>,
    /// `OAuthVerifier`: a code to exchange when nothing is stored.
    pub verifier: Option<String>,
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
            .field("initiate", &self.initiate)
            .field("client_id", &self.client_id)
            .field("client_secret", &masked(&self.client_secret))
            .field("client_auth", &self.client_auth)
            .field("authorization_url", &self.authorization_url)
            .field("token_url", &self.token_url)
            .field("callback_url", &self.callback_url)
            .field("scope", &self.scope)
            .field("verifier", &masked(&self.verifier))
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
    /// Reads the `OAuth*` properties; `endpoints` are the provider's defaults.
    pub fn from_properties(
        properties: &Properties,
        endpoints: &Endpoints,
    ) -> Result<OAuthSettings> {
        let provider = endpoints.provider;
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
            initiate: Initiate::parse(properties.get("InitiateOAuth"))?,
            client_id: client_id.to_string(),
            client_secret: text(properties, "OAuthClientSecret").map(str::to_string),
            client_auth: endpoints.client_auth,
            authorization_url: text(properties, "OAuthAuthorizationURL")
                .unwrap_or(endpoints.authorization_url)
                .to_string(),
            token_url: text(properties, "OAuthAccessTokenURL")
                .unwrap_or(endpoints.token_url)
                .to_string(),
            callback_url: text(properties, "CallbackURL")
                .unwrap_or(DEFAULT_CALLBACK_URL)
                .to_string(),
            scope: text(properties, "Scope").map(str::to_string),
            verifier: text(properties, "OAuthVerifier").map(str::to_string),
            location,
            access_token: text(properties, "OAuthAccessToken").map(str::to_string),
            refresh_token: text(properties, "OAuthRefreshToken").map(str::to_string),
            timeout: properties.timeout()?,
            margin: EXPIRY_MARGIN,
        })
    }
}

/// The OAuth settings of a connection, with its provider's endpoints (for
/// the OAuth stored procedures).
pub fn settings(properties: &Properties) -> Result<OAuthSettings> {
    OAuthSettings::from_properties(properties, properties.kind()?.oauth())
}

/// Whether the connection has no way to a token yet (`AuthScheme=OAuth`,
/// `InitiateOAuth=OFF`, no `OAuthAccessToken`): it opens without checking
/// the credentials, so that the OAuth stored procedures can obtain tokens.
pub fn awaiting_tokens(properties: &Properties) -> bool {
    properties
        .get("AuthScheme")
        .is_some_and(|s| s.trim().eq_ignore_ascii_case("oauth"))
        && matches!(
            Initiate::parse(properties.get("InitiateOAuth")),
            Ok(Initiate::Off)
        )
        && text(properties, "OAuthAccessToken").is_none()
}

/// The bearer token source for `AuthScheme=OAuth`, by `InitiateOAuth`.
pub fn credentials(properties: &Properties, endpoints: &Endpoints) -> Result<Arc<dyn Credentials>> {
    let provider = endpoints.provider;
    match Initiate::parse(properties.get("InitiateOAuth"))? {
        Initiate::Off => Ok(Arc::new(FixedToken {
            provider,
            token: text(properties, "OAuthAccessToken").map(str::to_string),
        })),
        Initiate::Refresh | Initiate::GetAndRefresh => Ok(Arc::new(Refreshing::new(
            OAuthSettings::from_properties(properties, endpoints)?,
        ))),
    }
}

/// `InitiateOAuth=OFF`: one token, never renewed; none until the OAuth
/// procedures obtain one.
pub struct FixedToken {
    provider: &'static str,
    token: Option<String>,
}

impl std::fmt::Debug for FixedToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FixedToken")
            .field("provider", &self.provider)
            .field("token", &self.token.as_deref().map(mask))
            .finish()
    }
}

impl Credentials for FixedToken {
    fn bearer(&self) -> BoxFuture<'_, Result<String>> {
        Box::pin(async move {
            self.token.clone().ok_or_else(|| {
                Error::Auth(format!(
                    "no OAuth access token for {}: set OAuthAccessToken, or InitiateOAuth=GETANDREFRESH \
                     to sign in with a browser, or InitiateOAuth=REFRESH with OAuthRefreshToken \
                     (GetOAuthAccessToken obtains tokens on a machine without a browser)",
                    self.provider
                ))
            })
        })
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

/// `InitiateOAuth=REFRESH|GETANDREFRESH`: tokens from the store, renewed
/// (or signed in for) single-flight.
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
