//! Why a login failed, typed by what the user must do about it.

use std::fmt;

use crate::call_error::Failure;
use crate::{ApiError, TimeoutError, TransportError};

/// Why no access token could be obtained.
///
/// The server's texts are redacted like every error of the client: no secret (client secret,
/// password, refresh token, access token) appears in `Display`, `Debug` or any accessor.
///
/// Inside an API call a login failure becomes a [`CallError`](crate::CallError): an answer of the token endpoint
/// with status 400 or 401 is [`CallError::Unauthorized`](crate::CallError::Unauthorized), any other error status is
/// [`CallError::Api`](crate::CallError::Api), a token answer without a token is [`CallError::Decode`](crate::CallError::Decode), and connection
/// failures and timeouts keep their own variants. Call [`Client::login`](crate::Client::login)
/// first to get this typed error (to ask the user for a one-time password, say).
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
        /// The targets the user may choose from.
        targets: Vec<String>,
        /// The server's answer.
        error: ApiError,
    },
    /// The token endpoint refused the client id, client secret, user name, password, code or
    /// refresh token (HTTP 400 or 401 without a more specific `error_code`).
    InvalidCredentials(ApiError),
    /// The token endpoint answered with another error status (a 5xx, say).
    Server(ApiError),
    /// The token endpoint answered success, but not with a usable token.
    InvalidResponse {
        /// The status received.
        status: u16,
        /// What was wrong with the answer.
        reason: String,
    },
    /// No complete answer from the token endpoint within the client's timeout.
    Timeout(TimeoutError),
    /// The token endpoint could not be reached.
    Transport(TransportError),
    /// The login cannot be repeated: an authorization code is used up, and the refresh token
    /// obtained with it was refused. The user must authorize again.
    Exhausted,
    /// A [`TokenSource`](crate::auth::TokenSource) of the application failed.
    Source(Box<dyn std::error::Error + Send + Sync>),
}

impl LoginError {
    /// The token endpoint's answer, for the variants that had one.
    pub fn api_error(&self) -> Option<&ApiError> {
        match self {
            LoginError::OtpRequired { error, .. }
            | LoginError::TargetRequired { error, .. }
            | LoginError::InvalidCredentials(error)
            | LoginError::Server(error) => Some(error),
            _ => None,
        }
    }

    /// Whether the server refused the grant (not a network or server failure): the credentials,
    /// a one-time password or a target must change before a new try can succeed.
    pub fn is_refusal(&self) -> bool {
        matches!(
            self,
            LoginError::OtpRequired { .. }
                | LoginError::TargetRequired { .. }
                | LoginError::InvalidCredentials(_)
        )
    }

    /// A copy of an answer of the token endpoint (refusals, error statuses, unusable answers),
    /// to hand to the calls that waited for the same token request. `None` for failures that
    /// cannot be copied (connection, timeout, an application's source): those calls try again.
    pub(crate) fn copy_refusal(&self) -> Option<LoginError> {
        Some(match self {
            LoginError::OtpRequired { method, error } => LoginError::OtpRequired {
                method: method.clone(),
                error: error.clone(),
            },
            LoginError::TargetRequired { targets, error } => LoginError::TargetRequired {
                targets: targets.clone(),
                error: error.clone(),
            },
            LoginError::InvalidCredentials(error) => LoginError::InvalidCredentials(error.clone()),
            LoginError::Server(error) => LoginError::Server(error.clone()),
            LoginError::InvalidResponse { status, reason } => LoginError::InvalidResponse {
                status: *status,
                reason: reason.clone(),
            },
            LoginError::Exhausted => LoginError::Exhausted,
            LoginError::Timeout(_) | LoginError::Transport(_) | LoginError::Source(_) => {
                return None;
            }
        })
    }

    /// The error an API call reports when its login failed.
    pub(crate) fn into_call_error(self, redact: impl Fn(&str) -> String) -> Failure {
        match self {
            LoginError::OtpRequired { error, .. }
            | LoginError::TargetRequired { error, .. }
            | LoginError::InvalidCredentials(error) => Failure::Unauthorized(error),
            LoginError::Server(error) => Failure::Api(error),
            LoginError::InvalidResponse { status, reason } => Failure::Decode {
                status,
                snippet: String::new(),
                reason: format!("the token endpoint's answer: {reason}"),
            },
            LoginError::Timeout(error) => Failure::Timeout(error),
            LoginError::Transport(error) => Failure::Transport(error),
            error @ (LoginError::Exhausted | LoginError::Source(_)) => {
                let message = serde_json::json!({ "message": redact(&error.to_string()) });
                Failure::Unauthorized(ApiError::from_body(401, message.to_string().as_bytes()))
            }
        }
    }
}

impl fmt::Display for LoginError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoginError::OtpRequired { method, error } => {
                write!(f, "login needs a one-time password")?;
                if let Some(method) = method {
                    write!(f, " (sent by {method})")?;
                }
                write!(f, ": {error}")
            }
            LoginError::TargetRequired { targets, error } => write!(
                f,
                "login needs a target, one of [{}]: {error}",
                targets.join(", ")
            ),
            LoginError::InvalidCredentials(error) => {
                write!(f, "the login was refused (check the client id, secret and credentials): {error}")
            }
            LoginError::Server(error) => write!(f, "the token endpoint failed: {error}"),
            LoginError::InvalidResponse { status, reason } => write!(
                f,
                "the token endpoint answered HTTP {status} without a usable token: {reason}"
            ),
            LoginError::Timeout(error) => write!(f, "login: {error}"),
            LoginError::Transport(error) => write!(f, "login: {error}"),
            LoginError::Exhausted => f.write_str(
                "the authorization code is used up and no refresh token is accepted: authorize again",
            ),
            LoginError::Source(error) => write!(f, "the token source failed: {error}"),
        }
    }
}

impl std::error::Error for LoginError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            LoginError::OtpRequired { error, .. }
            | LoginError::TargetRequired { error, .. }
            | LoginError::InvalidCredentials(error)
            | LoginError::Server(error) => Some(error),
            LoginError::Timeout(error) => Some(error),
            LoginError::Transport(error) => Some(error),
            LoginError::Source(error) => Some(error.as_ref()),
            LoginError::InvalidResponse { .. } | LoginError::Exhausted => None,
        }
    }
}
