//! The OAuth stored procedures: obtaining tokens where the connection
//! cannot do it by itself (a machine without a browser), as data for the
//! registry. The work is done by `apiodbc_providers::auth`; these turn its
//! answers into one-row result sets.

use std::sync::Arc;

use apiodbc_providers::auth::{self, Tokens, browser, refresh, store::now_secs, token_endpoint};
use apiodbc_providers::table::{DESCRIPTION_KEY, SIZE_KEY};
use arrow::array::{ArrayRef, Int64Array, RecordBatch, StringArray};
use arrow::datatypes::{DataType, Field, Schema, SchemaRef};
use futures::future::BoxFuture;

use super::{Call, Parameter, Procedure};
use crate::diag::{Error, Result};

fn text(name: &str, size: usize, description: &str) -> Field {
    Field::new(name, DataType::Utf8, true).with_metadata(
        [
            (SIZE_KEY.to_string(), size.to_string()),
            (DESCRIPTION_KEY.to_string(), description.to_string()),
        ]
        .into(),
    )
}

/// An optional text parameter.
const fn text_parameter(name: &'static str, description: &'static str, secret: bool) -> Parameter {
    Parameter {
        name,
        description,
        data_type: DataType::Utf8,
        required: false,
        secret,
    }
}

const fn input(name: &'static str, description: &'static str) -> Parameter {
    text_parameter(name, description, false)
}

const fn secret(name: &'static str, description: &'static str) -> Parameter {
    text_parameter(name, description, true)
}

pub static GET_OAUTH_AUTHORIZATION_URL: Procedure = Procedure {
    name: "GetOAuthAuthorizationURL",
    description: "The URL of the authorization page to open in a browser; its answer \
                  carries the code (verifier) for GetOAuthAccessToken.",
    parameters: &[
        input(
            "CallbackURL",
            "Where the page sends the browser back to; default the CallbackURL property.",
        ),
        input("Scope", "Scopes to request; default the Scope property."),
        input(
            "State",
            "A value the page sends back unchanged; default a random one.",
        ),
    ],
    result: authorization_url_schema,
    run: get_authorization_url,
};

pub static GET_OAUTH_ACCESS_TOKEN: Procedure = Procedure {
    name: "GetOAuthAccessToken",
    description: "Obtains OAuth tokens and stores them at OAuthSettingsLocation: AuthMode=APP \
                  signs in with this machine's browser, WEB exchanges a Verifier obtained elsewhere.",
    parameters: &[
        input(
            "AuthMode",
            "APP (default): sign in with the browser; WEB: exchange Verifier.",
        ),
        secret(
            "Verifier",
            "The code the authorization page returned (AuthMode=WEB); default OAuthVerifier.",
        ),
        input(
            "CallbackURL",
            "The callback URL the authorization URL was made with; default the CallbackURL property.",
        ),
    ],
    result: tokens_schema,
    run: get_access_token,
};

pub static REFRESH_OAUTH_ACCESS_TOKEN: Procedure = Procedure {
    name: "RefreshOAuthAccessToken",
    description: "Renews the OAuth tokens with a refresh token and stores them at OAuthSettingsLocation.",
    parameters: &[secret(
        "OAuthRefreshToken",
        "The refresh token; default the stored one, else the OAuthRefreshToken property.",
    )],
    result: tokens_schema,
    run: refresh_access_token,
};

fn authorization_url_schema() -> SchemaRef {
    Arc::new(Schema::new(vec![
        text("URL", 2000, "The authorization page to open in a browser."),
        text("State", 256, "The state the page sends back."),
    ]))
}

fn tokens_schema() -> SchemaRef {
    Arc::new(Schema::new(vec![
        text("OAuthAccessToken", 4000, "The access token."),
        text("OAuthRefreshToken", 4000, "The refresh token."),
        Field::new("ExpiresIn", DataType::Int64, true).with_metadata(
            [(
                DESCRIPTION_KEY.to_string(),
                "Seconds the access token stays valid; NULL when the server did not say."
                    .to_string(),
            )]
            .into(),
        ),
    ]))
}

fn one_row(schema: SchemaRef, columns: Vec<ArrayRef>) -> Result<Vec<RecordBatch>> {
    RecordBatch::try_new(schema, columns)
        .map(|b| vec![b])
        .map_err(|e| Error::general(format!("cannot build the procedure's result: {e}")))
}

fn tokens_row(tokens: &Tokens) -> Result<Vec<RecordBatch>> {
    let expires_in = tokens
        .expires_at
        .map(|at| i64::try_from(at.saturating_sub(now_secs())).unwrap_or(i64::MAX));
    one_row(
        tokens_schema(),
        vec![
            Arc::new(StringArray::from(vec![Some(tokens.access_token.as_str())])),
            Arc::new(StringArray::from(vec![tokens.refresh_token.as_deref()])),
            Arc::new(Int64Array::from(vec![expires_in])),
        ],
    )
}

fn get_authorization_url<'a>(call: &'a Call<'a>) -> BoxFuture<'a, Result<Vec<RecordBatch>>> {
    Box::pin(async move {
        let settings = auth::settings(&call.system.properties)?;
        let callback = call
            .text("CallbackURL")
            .unwrap_or_else(|| settings.callback_url.clone());
        let scope = call.text("Scope").or_else(|| settings.scope.clone());
        let (url, state) = browser::authorization_url(
            &settings,
            &callback,
            scope.as_deref(),
            call.text("State").as_deref(),
            None,
        )?;
        one_row(
            authorization_url_schema(),
            vec![
                Arc::new(StringArray::from(vec![url])),
                Arc::new(StringArray::from(vec![state])),
            ],
        )
    })
}

fn get_access_token<'a>(call: &'a Call<'a>) -> BoxFuture<'a, Result<Vec<RecordBatch>>> {
    Box::pin(async move {
        let mut settings = auth::settings(&call.system.properties)?;
        if let Some(callback) = call.text("CallbackURL") {
            settings.callback_url = callback;
        }
        let mode = call.text("AuthMode").unwrap_or_else(|| "APP".into());
        let tokens = if mode.eq_ignore_ascii_case("APP") {
            refresh::store_obtained(&settings, browser::sign_in(&settings)).await?
        } else if mode.eq_ignore_ascii_case("WEB") {
            let verifier = call
                .text("Verifier")
                .or_else(|| settings.verifier.clone())
                .ok_or_else(|| {
                    Error::count_field_incorrect(
                        "GetOAuthAccessToken with AuthMode=WEB needs Verifier: the code the \
                         authorization page sent to the callback URL",
                    )
                })?;
            let exchange =
                token_endpoint::exchange_code(&settings, &verifier, &settings.callback_url, None);
            refresh::store_obtained(&settings, exchange).await?
        } else {
            return Err(Error::invalid_attribute_value(format!(
                "AuthMode must be APP or WEB, not '{mode}'"
            )));
        };
        tokens_row(&tokens)
    })
}

fn refresh_access_token<'a>(call: &'a Call<'a>) -> BoxFuture<'a, Result<Vec<RecordBatch>>> {
    Box::pin(async move {
        let settings = auth::settings(&call.system.properties)?;
        let refresh_token = match call.text("OAuthRefreshToken") {
            Some(token) => token,
            None => settings
                .location
                .load()?
                .and_then(|t| t.refresh_token)
                .or_else(|| settings.refresh_token.clone())
                .ok_or_else(|| {
                    Error::count_field_incorrect(
                        "RefreshOAuthAccessToken needs OAuthRefreshToken: none is given or stored",
                    )
                })?,
        };
        tokens_row(&refresh::refresh_with(&settings, &refresh_token).await?)
    })
}
