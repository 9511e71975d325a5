//! The authorization-code flow with a browser: the authorization URL
//! (`GetOAuthAuthorizationURL`), and the desktop sign-in of
//! `InitiateOAuth=GETANDREFRESH`: open the system browser (honouring
//! `$BROWSER`), take the answer on the one-shot [`callback`](super::callback)
//! server, check `state`, and exchange the code with its PKCE verifier.

use std::time::Duration;

use oauth2::basic::BasicClient;
use oauth2::{AuthUrl, ClientId, CsrfToken, PkceCodeChallenge, RedirectUrl, Scope};

use super::callback::{Answer, Callback, Target};
use super::token_endpoint::exchange_code;
use super::{OAuthSettings, Tokens};
use crate::{Error, Result};

/// The page the user approves access on, with `state` (random when `None`)
/// and, for the desktop flow, a PKCE challenge.
pub fn authorization_url(
    settings: &OAuthSettings,
    callback_url: &str,
    scope: Option<&str>,
    state: Option<&str>,
    pkce: Option<PkceCodeChallenge>,
) -> Result<(String, String)> {
    let auth_url = AuthUrl::new(settings.authorization_url.clone()).map_err(|_| {
        Error::Config(format!(
            "OAuthAuthorizationURL '{}' is not a valid URL",
            settings.authorization_url
        ))
    })?;
    let redirect = RedirectUrl::new(callback_url.to_string())
        .map_err(|_| Error::Config(format!("CallbackURL '{callback_url}' is not a valid URL")))?;
    let client = BasicClient::new(ClientId::new(settings.client_id.clone()))
        .set_auth_uri(auth_url)
        .set_redirect_uri(redirect);
    let state = state.map_or_else(CsrfToken::new_random, |s| CsrfToken::new(s.to_string()));
    let mut request = client.authorize_url(|| state).add_scopes(
        scope
            .unwrap_or_default()
            .split_whitespace()
            .map(|s| Scope::new(s.into())),
    );
    if let Some(challenge) = pkce {
        request = request.set_pkce_challenge(challenge);
    }
    let (url, state) = request.url();
    Ok((url.to_string(), state.secret().clone()))
}

/// Signs the user in with the system browser and returns the new tokens
/// (not stored: the caller holds the store's locks and stores them).
/// Gives up after `Timeout` with a message holding the URL to open by hand.
pub async fn sign_in(settings: &OAuthSettings) -> Result<Tokens> {
    let target = Target::parse(&settings.callback_url)?;
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let (url, state) = authorization_url(
        settings,
        &settings.callback_url,
        settings.scope.as_deref(),
        None,
        Some(challenge),
    )?;
    let mut callback = Callback::bind(&target, &state).await?;
    log::info!(
        "{}: signing in with the browser at {url} (answer expected on port {})",
        settings.provider,
        target.port
    );
    let shown = url.clone();
    match tokio::task::spawn_blocking(move || webbrowser::open(&shown)).await {
        Ok(Ok(())) => {}
        Ok(Err(e)) => log::warn!("cannot open a browser ({e}): open {url} by hand"),
        Err(_) => log::warn!("cannot open a browser: open {url} by hand"),
    }
    let answer = match settings.timeout {
        Some(limit) => match tokio::time::timeout(limit, callback.wait()).await {
            Ok(answer) => answer,
            Err(_) => return Err(gave_up(settings, limit, callback.refused(), &url)),
        },
        None => callback.wait().await,
    };
    drop(callback);
    match answer {
        Answer::Code(code) => {
            exchange_code(settings, &code, &settings.callback_url, Some(verifier)).await
        }
        Answer::Refused(why) => Err(Error::Auth(format!(
            "the {} sign-in was refused at the authorization page ({}): sign in again and allow access",
            settings.provider,
            crate::secrets::mask(&why)
        ))),
    }
}

fn gave_up(settings: &OAuthSettings, limit: Duration, refused: usize, url: &str) -> Error {
    let refused = match refused {
        0 => String::new(),
        n => format!(" ({n} answer(s) with a wrong state were refused)"),
    };
    Error::Auth(format!(
        "no {} sign-in completed within {}s (Timeout){refused}: if no browser opened, connect again \
         and open the authorization URL by hand while the driver waits, or set $BROWSER; \
         this attempt's URL was {url}",
        settings.provider,
        limit.as_secs()
    ))
}
