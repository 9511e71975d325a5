//! Renewing an access token: single-flight per location, through the token
//! endpoint (`grant_type=refresh_token`, client authentication Basic).
//!
//! Any number of threads (one async mutex per location) and processes (an
//! advisory lock on `<file>.lock` for file locations) sharing a location make
//! one token request per expiry: whoever gets the lock second re-reads the
//! store and finds the new token. Refresh tokens that rotate are never lost:
//! the new one is stored before the lock is released, and a refresh token
//! found spent (`invalid_grant`) makes the store be read once more before
//! failing.

use std::collections::HashMap;
use std::fs::File;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use oauth2::basic::{BasicClient, BasicErrorResponseType};
use oauth2::{
    AuthType, ClientId, ClientSecret, RefreshToken, RequestTokenError, TokenResponse, TokenUrl,
};

use super::OAuthSettings;
use super::store::{self, Location, Tokens, now_secs};
use crate::{Error, Result};

/// Fresh tokens for `settings.location`, renewing them when the stored ones
/// are expired (or about to be) or are `stale` (the access token the API just
/// refused). At most one token request per location is in flight.
pub async fn obtain(settings: &OAuthSettings, stale: Option<&str>) -> Result<Tokens> {
    let local = process_lock(&settings.location);
    let _local = local.lock().await;
    let _file = file_lock(&settings.location).await?;

    let usable = |t: &Tokens| {
        t.is_fresh(settings.margin) && stale.is_none_or(|s| s != t.access_token.as_str())
    };
    let stored = settings.location.load()?;
    if let Some(tokens) = stored.as_ref().filter(|t| usable(t)) {
        log::debug!(
            "{}: using the OAuth token stored at {}",
            settings.provider,
            settings.location
        );
        return Ok(tokens.clone());
    }
    if stored.is_none()
        && stale.is_none()
        && let Some(access) = &settings.access_token
    {
        // OAuthAccessToken given and nothing stored yet: use it until it fails.
        return Ok(Tokens {
            access_token: access.clone(),
            refresh_token: settings.refresh_token.clone(),
            expires_at: None,
        });
    }
    let refresh_token = stored
        .as_ref()
        .and_then(|t| t.refresh_token.clone())
        .or_else(|| settings.refresh_token.clone())
        .ok_or_else(|| {
            Error::Auth(format!(
                "no OAuth refresh token for {}: set OAuthRefreshToken (or store one at {})",
                settings.provider, settings.location
            ))
        })?;

    match request(settings, &refresh_token).await {
        Ok(tokens) => store_new(settings, tokens),
        Err(Failure::Spent) => {
            // Another process may have rotated the token without our lock
            // (or the stored one differs from the one we had): read again.
            let again = settings.location.load()?;
            if let Some(tokens) = again.as_ref().filter(|t| usable(t)) {
                return Ok(tokens.clone());
            }
            if let Some(other) = again
                .and_then(|t| t.refresh_token)
                .filter(|r| *r != refresh_token)
            {
                match request(settings, &other).await {
                    Ok(tokens) => return store_new(settings, tokens),
                    Err(Failure::Other(e)) => return Err(e),
                    Err(Failure::Spent) => {}
                }
            }
            Err(Error::Auth(format!(
                "the OAuth refresh token for {} was revoked or already used (a rotating refresh token \
                 can be used once): set a new OAuthRefreshToken or authorize again",
                settings.provider
            )))
        }
        Err(Failure::Other(e)) => Err(e),
    }
}

fn store_new(settings: &OAuthSettings, tokens: Tokens) -> Result<Tokens> {
    settings.location.save(&tokens)?;
    log::info!(
        "{}: renewed the OAuth access token (stored at {})",
        settings.provider,
        settings.location
    );
    Ok(tokens)
}

enum Failure {
    /// `invalid_grant`: the refresh token is revoked, expired or spent.
    Spent,
    Other(Error),
}

/// One `grant_type=refresh_token` request.
async fn request(
    settings: &OAuthSettings,
    refresh_token: &str,
) -> std::result::Result<Tokens, Failure> {
    let token_url = TokenUrl::new(settings.token_url.clone()).map_err(|_| {
        Failure::Other(Error::Config(format!(
            "OAuthAccessTokenURL '{}' is not a valid URL",
            settings.token_url
        )))
    })?;
    let mut client = BasicClient::new(ClientId::new(settings.client_id.clone()))
        .set_token_uri(token_url)
        .set_auth_type(AuthType::BasicAuth);
    if let Some(secret) = &settings.client_secret {
        client = client.set_client_secret(ClientSecret::new(secret.clone()));
    }
    let timeout = settings.timeout;
    let http_client = move |request| crate::http::send_raw(request, timeout);
    let refresh = RefreshToken::new(refresh_token.to_string());
    log::debug!(
        "{}: renewing the OAuth access token at {}",
        settings.provider,
        settings.token_url
    );
    let response = client
        .exchange_refresh_token(&refresh)
        .request_async(&http_client)
        .await;
    match response {
        Ok(response) => {
            let expires_at = response
                .expires_in()
                .map(|d| now_secs().saturating_add(d.as_secs()));
            Ok(Tokens {
                access_token: response.access_token().secret().clone(),
                refresh_token: Some(
                    response
                        .refresh_token()
                        .map_or_else(|| refresh_token.to_string(), |r| r.secret().clone()),
                ),
                expires_at,
            })
        }
        Err(RequestTokenError::ServerResponse(e))
            if *e.error() == BasicErrorResponseType::InvalidGrant =>
        {
            Err(Failure::Spent)
        }
        Err(RequestTokenError::ServerResponse(e)) => {
            let kind = e.error();
            let auth = matches!(
                kind,
                BasicErrorResponseType::InvalidClient | BasicErrorResponseType::UnauthorizedClient
            );
            let description = e
                .error_description()
                .map(|d| format!(": {}", crate::http::mask_secrets(d)))
                .unwrap_or_default();
            let message = format!(
                "the {} token endpoint refused to renew the OAuth access token ({kind}{description})",
                settings.provider
            );
            Err(Failure::Other(if auth {
                Error::Auth(format!(
                    "{message}: check OAuthClientId and OAuthClientSecret"
                ))
            } else {
                Error::Auth(message)
            }))
        }
        Err(RequestTokenError::Request(e)) => Err(Failure::Other(e)),
        Err(RequestTokenError::Parse(e, _body)) => {
            Err(Failure::Other(Error::ConnectionLost(format!(
                "the {} token endpoint answered something that is not a token response ({})",
                settings.provider,
                e.path()
            ))))
        }
        Err(RequestTokenError::Other(e)) => Err(Failure::Other(Error::ConnectionLost(format!(
            "the {} token endpoint answered unexpectedly ({})",
            settings.provider,
            crate::http::mask_secrets(&e)
        )))),
    }
}

/// The process-wide async mutex of one location.
fn process_lock(location: &Location) -> Arc<tokio::sync::Mutex<()>> {
    static LOCKS: OnceLock<Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>> = OnceLock::new();
    let mut locks = LOCKS
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    Arc::clone(locks.entry(location.key()).or_default())
}

/// Holds the advisory lock on `<file>.lock` (file locations only) until dropped.
async fn file_lock(location: &Location) -> Result<Option<File>> {
    let Some(path) = location.lock_path() else {
        return Ok(None);
    };
    let shown = path.display().to_string();
    let locked = tokio::task::spawn_blocking(move || -> std::io::Result<File> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            store::create_private_dir(dir)?;
        }
        let file = store::create_private_file(&path, false)?;
        file.lock()?;
        Ok(file)
    });
    match tokio::time::timeout(Duration::from_secs(120), locked).await {
        Ok(Ok(Ok(file))) => Ok(Some(file)),
        Ok(Ok(Err(e))) => Err(Error::Config(format!(
            "cannot lock the OAuth token store ({shown}): {e}"
        ))),
        Ok(Err(_)) => Err(Error::Config(format!(
            "cannot lock the OAuth token store ({shown})"
        ))),
        Err(_) => Err(Error::Timeout(Duration::from_secs(120))),
    }
}
