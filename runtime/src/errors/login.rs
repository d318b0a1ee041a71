//! Why a login failed, typed by what the user must do about it.

use std::fmt;
use std::sync::Arc;

use crate::errors::api_error::ApiError;
use crate::errors::call_error::{TimeoutError, TransportError};

/// Why no access token could be obtained.
///
/// The server's texts are redacted like every error of the client: no secret (client secret,
/// password, refresh token, access token) appears in `Display`, `Debug` or any accessor. Each
/// refusal keeps the token endpoint's answer: [`code`](Self::code) is its `error_code`,
/// [`message`](Self::message) its `message`.
///
/// Inside an API call a login failure is [`CallError::Login`](crate::CallError::Login) (nothing
/// was sent). Call [`Client::login`](crate::Client::login) first to get it before any call (to
/// ask the user for a one-time password, say).
#[derive(Debug)]
#[non_exhaustive]
pub enum LoginError {
    /// The user has two-factor authentication: log in again with
    /// [`Login::otp`](crate::auth::Login::otp) (RamBase `error_code` 5).
    OtpRequired {
        /// How the one-time password is delivered (`otp_method`), if the server said.
        method: Option<String>,
        /// The server's answer.
        error: ApiError,
    },
    /// The user has access to several targets (companies or systems): choose one with
    /// [`Login::target`](crate::auth::Login::target) (RamBase `error_code` 10).
    TargetRequired {
        /// The targets the user may choose from, with their descriptions.
        targets: Vec<Target>,
        /// The server's answer.
        error: ApiError,
    },
    /// The API client's id or secret was refused: check them (a secret may have been renewed
    /// in RamBase's API client registration).
    InvalidClient(ApiError),
    /// The user name or password was refused: ask the user again.
    InvalidUserOrPassword(ApiError),
    /// The refresh token was refused: used up (replaced by a newer one), expired or revoked.
    /// The user must log in again (password or browser) and the new refresh token be stored.
    RefreshTokenRejected(ApiError),
    /// The authorization code was refused (used already, expired, or the redirect URI or PKCE
    /// verifier does not match): send the user through the browser login again.
    AuthorizationCodeRejected(ApiError),
    /// The token endpoint refused the login for a reason it did not make clear.
    InvalidCredentials(ApiError),
    /// The token endpoint answered with another error status (a 5xx, say): try again later.
    Server(ApiError),
    /// The token endpoint answered success, but not with a usable token (or it redirected).
    InvalidResponse {
        /// The status received.
        status: u16,
        /// What was wrong with the answer.
        reason: String,
    },
    /// No complete answer from the token endpoint in time.
    Timeout(TimeoutError),
    /// The token endpoint could not be reached.
    Transport(TransportError),
    /// The login cannot be repeated: the authorization code is used up and no refresh token
    /// came with it. The user must authorize again.
    Exhausted,
    /// A [`TokenSource`](crate::auth::TokenSource) of the application failed.
    Source(Box<dyn std::error::Error + Send + Sync>),
}

/// A target (company or system) a user may log in to, as the token endpoint lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    name: String,
    description: Option<String>,
}

impl Target {
    pub(crate) fn new(name: String, description: Option<String>) -> Self {
        Self { name, description }
    }

    /// The name to pass to [`Login::target`](crate::auth::Login::target) (`target_name`).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// What the target is, as the server describes it.
    pub fn description(&self) -> Option<&str> {
        self.description.as_deref()
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.description {
            Some(description) => write!(f, "{} ({description})", self.name),
            None => f.write_str(&self.name),
        }
    }
}

impl LoginError {
    /// The token endpoint's answer, for the variants that had one.
    pub fn api_error(&self) -> Option<&ApiError> {
        match self {
            LoginError::OtpRequired { error, .. }
            | LoginError::TargetRequired { error, .. }
            | LoginError::InvalidClient(error)
            | LoginError::InvalidUserOrPassword(error)
            | LoginError::RefreshTokenRejected(error)
            | LoginError::AuthorizationCodeRejected(error)
            | LoginError::InvalidCredentials(error)
            | LoginError::Server(error) => Some(error),
            _ => None,
        }
    }

    /// The token endpoint's `error_code` (5: one-time password required, 10: target required).
    pub fn code(&self) -> Option<u64> {
        self.api_error().and_then(ApiError::code)
    }

    /// The token endpoint's `message`, redacted.
    pub fn message(&self) -> Option<&str> {
        self.api_error().and_then(ApiError::message)
    }

    /// Whether the server refused the grant (not a network or server failure): the credentials,
    /// a one-time password or a target must change before a new try can succeed.
    pub fn is_refusal(&self) -> bool {
        matches!(
            self,
            LoginError::OtpRequired { .. }
                | LoginError::TargetRequired { .. }
                | LoginError::InvalidClient(_)
                | LoginError::InvalidUserOrPassword(_)
                | LoginError::RefreshTokenRejected(_)
                | LoginError::AuthorizationCodeRejected(_)
                | LoginError::InvalidCredentials(_)
        )
    }

    /// A copy for each caller that waited for the same token request.
    pub(crate) fn share(error: &Arc<LoginError>) -> LoginError {
        match &**error {
            LoginError::OtpRequired { method, error } => LoginError::OtpRequired {
                method: method.clone(),
                error: error.clone(),
            },
            LoginError::TargetRequired { targets, error } => LoginError::TargetRequired {
                targets: targets.clone(),
                error: error.clone(),
            },
            LoginError::InvalidClient(e) => LoginError::InvalidClient(e.clone()),
            LoginError::InvalidUserOrPassword(e) => LoginError::InvalidUserOrPassword(e.clone()),
            LoginError::RefreshTokenRejected(e) => LoginError::RefreshTokenRejected(e.clone()),
            LoginError::AuthorizationCodeRejected(e) => {
                LoginError::AuthorizationCodeRejected(e.clone())
            }
            LoginError::InvalidCredentials(e) => LoginError::InvalidCredentials(e.clone()),
            LoginError::Server(e) => LoginError::Server(e.clone()),
            LoginError::InvalidResponse { status, reason } => LoginError::InvalidResponse {
                status: *status,
                reason: reason.clone(),
            },
            LoginError::Timeout(e) => LoginError::Timeout(e.clone()),
            LoginError::Transport(e) => LoginError::Transport(e.clone()),
            LoginError::Exhausted => LoginError::Exhausted,
            LoginError::Source(_) => LoginError::Source(Box::new(Shared(Arc::clone(error)))),
        }
    }
}

/// A token source's error, shared by the callers that waited for it.
#[derive(Debug)]
struct Shared(Arc<LoginError>);

impl fmt::Display for Shared {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &*self.0 {
            LoginError::Source(error) => write!(f, "{error}"),
            other => write!(f, "{other}"),
        }
    }
}

impl std::error::Error for Shared {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &*self.0 {
            LoginError::Source(error) => error.source(),
            _ => None,
        }
    }
}

impl LoginError {
    /// What a refusal (or a failing token endpoint) means and what to do about it.
    fn advice(&self) -> &'static str {
        match self {
            LoginError::InvalidClient(_) => {
                "the token endpoint refused the API client; check the client id and client \
                 secret of the API client registration"
            }
            LoginError::InvalidUserOrPassword(_) => {
                "the token endpoint refused the user name or password; ask the user for them again"
            }
            LoginError::RefreshTokenRejected(_) => {
                "the token endpoint refused the refresh token (used up, expired or revoked); log \
                 in again with the password or in the browser, and store the new refresh token"
            }
            LoginError::AuthorizationCodeRejected(_) => {
                "the token endpoint refused the authorization code (used already, expired, or \
                 the redirect URI or PKCE verifier differs); send the user through the browser \
                 login again"
            }
            LoginError::Server(_) => "the token endpoint failed; try again later",
            _ => {
                "the login was refused; check the client id, client secret and the user's \
                 credentials"
            }
        }
    }
}

impl fmt::Display for LoginError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoginError::OtpRequired { method, error } => {
                write!(f, "the login needs a one-time password")?;
                if let Some(method) = method {
                    write!(f, " (sent by {method})")?;
                }
                write!(f, "; log in again with Login::otp ({error})")
            }
            LoginError::TargetRequired { targets, error } => {
                write!(
                    f,
                    "the login needs a target; choose one with Login::target: "
                )?;
                for (i, target) in targets.iter().enumerate() {
                    let separator = if i == 0 { "" } else { ", " };
                    write!(f, "{separator}{target}")?;
                }
                write!(f, " ({error})")
            }
            LoginError::InvalidClient(error)
            | LoginError::InvalidUserOrPassword(error)
            | LoginError::RefreshTokenRejected(error)
            | LoginError::AuthorizationCodeRejected(error)
            | LoginError::InvalidCredentials(error)
            | LoginError::Server(error) => write!(f, "{} ({error})", self.advice()),
            LoginError::InvalidResponse { status, reason } => write!(
                f,
                "the token endpoint answered HTTP {status} without a usable token ({reason}); \
                 check the token URL"
            ),
            LoginError::Timeout(error) => write!(f, "the login timed out: {error}"),
            LoginError::Transport(error) => write!(f, "the login failed: {error}"),
            LoginError::Exhausted => f.write_str(
                "the authorization code is used up and no refresh token came with it; send the \
                 user through the browser login again",
            ),
            LoginError::Source(error) => write!(f, "the token source failed: {error}"),
        }
    }
}

impl std::error::Error for LoginError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            LoginError::Timeout(error) => Some(error),
            LoginError::Transport(error) => Some(error),
            LoginError::Source(error) => Some(error.as_ref()),
            other => other
                .api_error()
                .map(|error| error as &(dyn std::error::Error + 'static)),
        }
    }
}
