//! One request to an OAuth token endpoint (`refresh_token` or
//! `authorization_code` grant, client authentication Basic or form as the
//! provider wants), with the endpoint's refusals turned into errors a user
//! can act on. Locking and storing are the callers' ([`super::refresh`]).

use oauth2::basic::{BasicClient, BasicErrorResponseType};
use oauth2::{
    AuthType, AuthorizationCode, ClientId, ClientSecret, PkceCodeVerifier, RedirectUrl,
    RefreshToken, RequestTokenError, TokenResponse, TokenUrl,
};

use super::store::{Tokens, now_secs};
use super::{ClientAuth, OAuthSettings};
use crate::{Error, Result};

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

pub(super) enum Failure {
    /// `invalid_grant`: the refresh token or code is revoked, expired or spent.
    Spent,
    Other(Error),
}

pub(super) enum Grant<'a> {
    Refresh(&'a str),
    Code {
        code: &'a str,
        redirect_uri: &'a str,
        pkce: Option<PkceCodeVerifier>,
    },
}

/// One request to the token endpoint.
pub(super) async fn request(
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
