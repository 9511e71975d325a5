//! Obtaining and renewing tokens: single-flight per location, through the
//! token endpoint (`refresh_token` and `authorization_code` grants, client
//! authentication Basic or form as the provider wants).
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
    AuthType, AuthorizationCode, ClientId, ClientSecret, PkceCodeVerifier, RedirectUrl,
    RefreshToken, RequestTokenError, TokenResponse, TokenUrl,
};

use super::store::{self, Location, Tokens, now_secs};
use super::{ClientAuth, Initiate, OAuthSettings};
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

/// One `grant_type=authorization_code` request: `code` from the
/// authorization page, `redirect_uri` as sent to it, the PKCE verifier when
/// the authorization URL carried a challenge.
pub async fn exchange_code(
    settings: &OAuthSettings,
    code: &str,
    redirect_uri: &str,
    pkce: Option<PkceCodeVerifier>,
) -> Result<Tokens> {
    request(
        settings,
        Grant::Code {
            code,
            redirect_uri,
            pkce,
        },
    )
    .await
    .map_err(|failure| match failure {
        Failure::Spent => Error::Auth(format!(
            "the {} token endpoint refused the authorization code (invalid_grant): it expired, \
             was used already, or was issued for another CallbackURL; authorize again",
            settings.provider
        )),
        Failure::Other(e) => e,
    })
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

enum Failure {
    /// `invalid_grant`: the refresh token or code is revoked, expired or spent.
    Spent,
    Other(Error),
}

enum Grant<'a> {
    Refresh(&'a str),
    Code {
        code: &'a str,
        redirect_uri: &'a str,
        pkce: Option<PkceCodeVerifier>,
    },
}

/// One request to the token endpoint.
async fn request(
    settings: &OAuthSettings,
    grant: Grant<'_>,
) -> std::result::Result<Tokens, Failure> {
    let token_url = TokenUrl::new(settings.token_url.clone()).map_err(|_| {
        Failure::Other(Error::Config(format!(
            "OAuthAccessTokenURL '{}' is not a valid URL",
            settings.token_url
        )))
    })?;
    let mut client = BasicClient::new(ClientId::new(settings.client_id.clone()))
        .set_token_uri(token_url)
        .set_auth_type(match settings.client_auth {
            ClientAuth::Basic => AuthType::BasicAuth,
            ClientAuth::Form => AuthType::RequestBody,
        });
    if let Some(secret) = &settings.client_secret {
        client = client.set_client_secret(ClientSecret::new(secret.clone()));
    }
    let timeout = settings.timeout;
    let http_client = move |request| crate::http::send_raw(request, timeout);
    log::debug!(
        "{}: requesting an OAuth access token at {}",
        settings.provider,
        settings.token_url
    );
    let (response, kept_refresh) = match grant {
        Grant::Refresh(refresh_token) => {
            let refresh = RefreshToken::new(refresh_token.to_string());
            let response = client
                .exchange_refresh_token(&refresh)
                .request_async(&http_client)
                .await;
            (response, Some(refresh_token.to_string()))
        }
        Grant::Code {
            code,
            redirect_uri,
            pkce,
        } => {
            let redirect = RedirectUrl::new(redirect_uri.to_string()).map_err(|_| {
                Failure::Other(Error::Config(format!(
                    "CallbackURL '{redirect_uri}' is not a valid URL"
                )))
            })?;
            let client = client.set_redirect_uri(redirect);
            let mut exchange = client.exchange_code(AuthorizationCode::new(code.to_string()));
            if let Some(verifier) = pkce {
                exchange = exchange.set_pkce_verifier(verifier);
            }
            (exchange.request_async(&http_client).await, None)
        }
    };
    match response {
        Ok(response) => {
            let expires_at = response
                .expires_in()
                .map(|d| now_secs().saturating_add(d.as_secs()));
            Ok(Tokens {
                access_token: response.access_token().secret().clone(),
                refresh_token: response
                    .refresh_token()
                    .map(|r| r.secret().clone())
                    .or(kept_refresh),
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
                .map(|d| format!(": {}", crate::secrets::mask(d)))
                .unwrap_or_default();
            let message = format!(
                "the {} token endpoint refused to issue an OAuth access token ({kind}{description})",
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
            crate::secrets::mask(&e)
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
