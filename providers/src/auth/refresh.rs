//! Obtaining and renewing tokens: single-flight per location, through the
//! token endpoint ([`super::token_endpoint`]).
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

use super::store::{self, Location, Tokens};
use super::token_endpoint::{Failure, Grant, exchange_code, request};
use super::{Initiate, OAuthSettings};
use crate::{Error, Result};

/// Fresh tokens for `settings.location`, renewing them when the stored ones
/// are expired (or about to be) or are `stale` (the access token the API just
/// refused). At most one token request (or browser sign-in) per location is
/// in flight.
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
        .or_else(|| settings.refresh_token.clone());
    let Some(refresh_token) = refresh_token else {
        return authorize(settings).await;
    };

    match request(settings, Grant::Refresh(&refresh_token)).await {
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
                match request(settings, Grant::Refresh(&other)).await {
                    Ok(tokens) => return store_new(settings, tokens),
                    Err(Failure::Other(e)) => return Err(e),
                    Err(Failure::Spent) => {}
                }
            }
            if settings.initiate == Initiate::GetAndRefresh {
                log::info!(
                    "{}: the OAuth refresh token is no longer valid; signing in again",
                    settings.provider
                );
                return authorize(settings).await;
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

/// No refresh token anywhere: exchange `OAuthVerifier`, or sign in with the
/// browser (`GETANDREFRESH`), and store the result. The caller holds the locks.
async fn authorize(settings: &OAuthSettings) -> Result<Tokens> {
    let tokens = if let Some(code) = &settings.verifier {
        exchange_code(settings, code, &settings.callback_url, None).await?
    } else if settings.initiate == Initiate::GetAndRefresh {
        super::browser::sign_in(settings).await?
    } else {
        return Err(Error::Auth(format!(
            "no OAuth refresh token for {}: set OAuthRefreshToken (or store one at {}), \
             or InitiateOAuth=GETANDREFRESH to sign in with a browser",
            settings.provider, settings.location
        )));
    };
    store_new(settings, tokens)
}

/// Renews tokens with `refresh_token` under the location's locks and stores
/// the result (`RefreshOAuthAccessToken`).
pub async fn refresh_with(settings: &OAuthSettings, refresh_token: &str) -> Result<Tokens> {
    let local = process_lock(&settings.location);
    let _local = local.lock().await;
    let _file = file_lock(&settings.location).await?;
    match request(settings, Grant::Refresh(refresh_token)).await {
        Ok(tokens) => store_new(settings, tokens),
        Err(Failure::Spent) => Err(Error::Auth(format!(
            "the OAuth refresh token for {} was revoked or already used",
            settings.provider
        ))),
        Err(Failure::Other(e)) => Err(e),
    }
}

/// Runs `sign_in` (which obtains tokens some other way) under the location's
/// locks and stores the result (`GetOAuthAccessToken`).
pub async fn store_obtained<F>(settings: &OAuthSettings, sign_in: F) -> Result<Tokens>
where
    F: std::future::Future<Output = Result<Tokens>>,
{
    let local = process_lock(&settings.location);
    let _local = local.lock().await;
    let _file = file_lock(&settings.location).await?;
    store_new(settings, sign_in.await?)
}

fn store_new(settings: &OAuthSettings, tokens: Tokens) -> Result<Tokens> {
    settings.location.save(&tokens)?;
    log::info!(
        "{}: obtained a new OAuth access token (stored at {})",
        settings.provider,
        settings.location
    );
    Ok(tokens)
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
