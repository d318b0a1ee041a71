//! Logging in: OAuth 2.0 token sources, and the token cache every [`Client`](crate::Client)
//! keeps.
//!
//! # Logging in
//!
//! Give the [`ClientBuilder`](crate::ClientBuilder) a [`Login`] instead of a fixed token. The
//! client gets a token from `POST /oauth2/access_token` at its first call, caches it, renews it
//! a margin (60 s by default) before it expires (in the background: calls go on with the valid
//! token meanwhile), and after an HTTP 401 renews it once and
//! resends the call once (for a POST this can be switched off with
//! [`ClientBuilder::resend_post_after_401`](crate::ClientBuilder::resend_post_after_401)).
//!
//! However many calls wait, only one token request is in flight, and it runs in a task of its
//! own: a call that gives up (its deadline, or a `tokio::time::timeout` around it) neither
//! aborts it nor starts another one, and what it brings (a rotated refresh token) is kept even
//! when nobody waits for it any more. Calls that waited for a refused login get the same
//! refusal rather than sending the credentials again. Should the token endpoint fail during the
//! margin, calls go on with the token until it expires. A token request is never redirected:
//! the login form never reaches another host.
//!
//! A failed login is a typed [`LoginError`] (inside a call, [`CallError::Login`](crate::CallError::Login)):
//! invalid client, invalid user or password, refused refresh token or authorization code,
//! one-time password or target required, server error, timeout; each keeps the token endpoint's
//! `error_code` and `message` and says what to do.
//!
//! Every secret is typed ([`ClientSecret`](crate::ClientSecret), [`Password`](crate::Password),
//! [`RefreshToken`], [`AccessToken`], [`AuthorizationCode`](crate::AuthorizationCode),
//! [`PkceVerifier`]): never printed, never put in a URL, zeroed in memory when dropped, and
//! replaced by `***` wherever a server echoes it (raw, JSON-escaped, percent- or form-encoded,
//! or as HTML entities; secrets shorter than 4 bytes are not searched for).
//!
//! A system integration (client credentials):
//!
//! ```no_run
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! use rambase_runtime::{auth::Login, Client, ClientSecret};
//!
//! let secret = ClientSecret::new(std::env::var("RAMBASE_CLIENT_SECRET")?);
//! let client = Client::builder()
//!     .login(Login::client_credentials("my-client-id", secret))
//!     .build()?;
//! client.login().await?; // optional: fail early, with a typed LoginError
//! # Ok(()) }
//! ```
//!
//! A user (resource-owner password), with a one-time password and a target when the account
//! needs them:
//!
//! ```no_run
//! # async fn demo(otp: String) -> Result<(), Box<dyn std::error::Error>> {
//! use rambase_runtime::auth::{Login, LoginError};
//! use rambase_runtime::{Client, ClientSecret, Password};
//!
//! let login = Login::password(
//!     "my-client-id",
//!     ClientSecret::new(std::env::var("RAMBASE_CLIENT_SECRET")?),
//!     "jane.doe",
//!     Password::new(std::env::var("RAMBASE_PASSWORD")?),
//! );
//! let client = Client::builder().login(login.clone()).build()?;
//! match client.login().await {
//!     Err(LoginError::OtpRequired { .. }) => {
//!         let client = Client::builder().login(login.otp(otp)).build()?;
//!         client.login().await?;
//!     }
//!     Err(LoginError::TargetRequired { targets, .. }) => {
//!         for target in &targets {
//!             println!("{} ({:?})", target.name(), target.description());
//!         }
//!     }
//!     other => other?,
//! }
//! # Ok(()) }
//! ```
//!
//! A refresh token kept from an earlier login (the client keeps the newest one RamBase hands
//! out; [`Client::refresh_token`](crate::Client::refresh_token) returns it for storage):
//!
//! ```no_run
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! use rambase_runtime::{auth::Login, Client, ClientSecret, RefreshToken};
//!
//! let stored = RefreshToken::new(std::fs::read_to_string("refresh-token")?.trim());
//! let secret = ClientSecret::new(std::env::var("RAMBASE_CLIENT_SECRET")?);
//! let client = Client::builder().login(Login::refresh_token("my-client-id", secret, stored)).build()?;
//! client.login().await?;
//! if let Some(newest) = client.refresh_token().await {
//!     std::fs::write("refresh-token", newest.expose_secret())?;
//! }
//! # Ok(()) }
//! ```
//!
//! The authorization code with PKCE (a user logs in in a browser):
//!
//! ```no_run
//! # async fn demo(redirected_to: String) -> Result<(), Box<dyn std::error::Error>> {
//! use rambase_runtime::auth::{
//!     authorize_url, random_state, read_redirect, Login, Pkce, DEFAULT_AUTHORIZE_URL,
//! };
//! use rambase_runtime::{Client, ClientSecret};
//!
//! let pkce = Pkce::new()?;
//! let state = random_state()?;
//! let redirect = "http://localhost:8080/callback";
//! let url = authorize_url(DEFAULT_AUTHORIZE_URL, "my-client-id", redirect, &state, Some(&pkce))?;
//! println!("open {url}");
//! // The browser comes back to `redirect?code=..&state=..`: check the state, take the code.
//! let code = read_redirect(&redirected_to, &state)?;
//! let login = Login::authorization_code(
//!     "my-client-id",
//!     ClientSecret::new(std::env::var("RAMBASE_CLIENT_SECRET")?),
//!     code,
//!     redirect,
//! )
//! .pkce(&pkce);
//! let client = Client::builder().login(login).build()?;
//! client.login().await?;
//! # Ok(()) }
//! ```
//!
//! A fixed token stays possible ([`ClientBuilder::access_token`](crate::ClientBuilder::access_token)),
//! and an application can plug in its own [`TokenSource`] with
//! [`ClientBuilder::token_source`](crate::ClientBuilder::token_source).

mod cache;
mod grants;
mod pkce;
mod redirect;
#[cfg(test)]
mod tests;

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

pub use crate::errors::login::{LoginError, Target};
pub(crate) use cache::TokenCache;
pub use grants::Login;
pub(crate) use grants::OAuthSource;
pub(crate) use pkce::random_bytes;
pub use pkce::{
    DEFAULT_AUTHORIZE_URL, Pkce, PkceVerifier, RandomUnavailable, authorize_url, random_state,
};
pub use redirect::{RedirectError, read_redirect};

use crate::errors::build::BuildError;
use crate::values::redact::SecretSet;
use crate::values::secret::RefreshToken;
use crate::values::token::AccessToken;

/// The path of RamBase's token endpoint, below the API's base URL.
pub const TOKEN_PATH: &str = "/oauth2/access_token";

/// How long before its expiry a token is renewed unless
/// [`ClientBuilder::token_renewal_margin`](crate::ClientBuilder::token_renewal_margin) says
/// otherwise.
pub const DEFAULT_RENEWAL_MARGIN: Duration = Duration::from_secs(60);

/// A boxed, sendable future: what [`TokenSource::fetch_token`] returns.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// A token as a token endpoint hands it out.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Token {
    /// The access token.
    pub access_token: AccessToken,
    /// How long it is valid from now, if known (`expires_in`). Without it, the token is used
    /// until the server answers 401.
    pub expires_in: Option<Duration>,
    /// A refresh token, if one came with it.
    pub refresh_token: Option<RefreshToken>,
    /// Whether the target logged in to is a test system (`is_target_test_system`), if said.
    pub is_target_test_system: Option<bool>,
}

impl Token {
    /// A token valid for `expires_in` (if known), without refresh token.
    pub fn new(access_token: AccessToken, expires_in: Option<Duration>) -> Self {
        Self {
            access_token,
            expires_in,
            refresh_token: None,
            is_target_test_system: None,
        }
    }
}

/// Where a [`Client`](crate::Client) gets its access tokens from, for applications with their
/// own login (a token broker, say). The client caches what it returns and calls it again only
/// when the token is about to expire or was refused, one call at a time.
///
/// ```
/// use std::time::Duration;
/// use rambase_runtime::auth::{BoxFuture, LoginError, Token, TokenSource};
/// use rambase_runtime::AccessToken;
///
/// struct FromBroker;
///
/// impl TokenSource for FromBroker {
///     fn fetch_token(&self) -> BoxFuture<'_, Result<Token, LoginError>> {
///         Box::pin(async {
///             let token = AccessToken::new("from-the-broker")
///                 .map_err(|error| LoginError::Source(Box::new(error)))?;
///             Ok(Token::new(token, Some(Duration::from_secs(600))))
///         })
///     }
/// }
///
/// let client = rambase_runtime::Client::builder().token_source(FromBroker).build().unwrap();
/// # drop(client);
/// ```
pub trait TokenSource: Send + Sync + 'static {
    /// Gets a new token.
    fn fetch_token(&self) -> BoxFuture<'_, Result<Token, LoginError>>;
}

impl std::fmt::Debug for dyn TokenSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TokenSource")
    }
}

/// How a client gets its token, as configured on the builder.
#[derive(Debug)]
pub(crate) enum AuthConfig {
    Fixed(AccessToken),
    Login(Login),
    Source(Box<dyn TokenSource>),
}

impl AuthConfig {
    /// The client's token cache; a login's secrets are registered for redaction.
    pub(crate) fn into_cache(
        self,
        http: &reqwest::Client,
        base_url: &str,
        timeout: Duration,
        margin: Duration,
        secrets: &std::sync::Arc<SecretSet>,
        allow_insecure: bool,
    ) -> Result<TokenCache, BuildError> {
        let secrets = std::sync::Arc::clone(secrets);
        let source: Box<dyn TokenSource> = match self {
            AuthConfig::Fixed(token) => return Ok(TokenCache::fixed(token, secrets)),
            AuthConfig::Source(source) => source,
            AuthConfig::Login(login) => {
                login.secrets().into_iter().for_each(|s| secrets.pin(s));
                let default_url = format!("{base_url}{TOKEN_PATH}");
                let url = login.explicit_token_url().unwrap_or(&default_url);
                let url = reqwest::Url::parse(url).map_err(|error| BuildError::InvalidBaseUrl {
                    reason: format!("the token URL is not an absolute URL ({error})"),
                })?;
                crate::errors::build::check_transport(&url, "token URL", allow_insecure)?;
                let source = OAuthSource::new(login, http.clone(), url, timeout, secrets.clone());
                Box::new(source)
            }
        };
        Ok(TokenCache::from_source(source, margin, timeout, secrets))
    }
}
