//! Everything that can go wrong in one call.

use std::fmt;
use std::time::Duration;

use crate::ApiError;
use crate::validate::ValidationErrors;

/// Why a call did not return the documented answer.
///
/// Generated code maps [`CallError::Api`] errors with a documented RamBase code to variants of
/// its own per-operation error, and passes the other cases on.
///
/// No variant ever holds the access token or a request URL (which could hold it, in
/// `$access_token` mode): reqwest errors are stripped of their URL, and body snippets have the
/// token replaced with `***` should a server echo it.
#[non_exhaustive]
#[derive(Debug)]
pub enum CallError {
    /// The input broke documented rules; nothing was sent.
    Validation(ValidationErrors),
    /// RamBase answered HTTP 401: the access token is missing, expired or not valid here.
    Unauthorized(ApiError),
    /// RamBase answered with an error status (400, 403, 404, 5xx, ...).
    Api(ApiError),
    /// No complete answer arrived within the client's timeout.
    Timeout(TimeoutError),
    /// The request could not be sent or the connection failed (DNS, connect, TLS, reset).
    Transport(TransportError),
    /// The server answered with a status that is neither the documented success status nor an
    /// error status (another 2xx, or a redirect, which the client does not follow).
    UnexpectedStatus {
        /// The status received.
        status: u16,
        /// The documented success status.
        expected: u16,
        /// The start of the body.
        snippet: String,
    },
    /// The answer's body could not be read or decoded: cut short, larger than the client's
    /// limit, or not the documented format.
    Decode {
        /// The status received.
        status: u16,
        /// The start of the body (as much as was read).
        snippet: String,
        /// What was wrong with it.
        reason: String,
    },
    /// The request body could not be serialized; nothing was sent.
    Encode {
        /// What went wrong.
        reason: String,
    },
}

impl CallError {
    /// The HTTP status received, when an answer arrived.
    pub fn status(&self) -> Option<u16> {
        match self {
            CallError::Unauthorized(error) | CallError::Api(error) => Some(error.status()),
            CallError::UnexpectedStatus { status, .. } | CallError::Decode { status, .. } => {
                Some(*status)
            }
            _ => None,
        }
    }

    /// The RamBase error, for [`CallError::Api`] and [`CallError::Unauthorized`].
    pub fn api_error(&self) -> Option<&ApiError> {
        match self {
            CallError::Unauthorized(error) | CallError::Api(error) => Some(error),
            _ => None,
        }
    }

    /// Whether the request may have reached the server and been carried out although no answer
    /// was read: repeating a POST then risks a duplicate. Validation and encoding errors never
    /// left the process; an error status or an unexpected status was an answer.
    pub fn outcome_unknown(&self) -> bool {
        match self {
            CallError::Timeout(_) => true,
            CallError::Transport(error) => !error.is_connect(),
            _ => false,
        }
    }
}

impl From<ValidationErrors> for CallError {
    fn from(errors: ValidationErrors) -> Self {
        CallError::Validation(errors)
    }
}

impl fmt::Display for CallError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CallError::Validation(errors) => {
                write!(f, "the request was not sent: {errors}")
            }
            CallError::Unauthorized(error) => write!(
                f,
                "RamBase rejected the access token ({error}): get a new token (tokens expire) \
                 for this RamBase environment and company"
            ),
            CallError::Api(error) => write!(f, "RamBase refused the request: {error}"),
            CallError::Timeout(error) => write!(f, "{error}"),
            CallError::Transport(error) => write!(f, "{error}"),
            CallError::UnexpectedStatus {
                status,
                expected,
                snippet,
            } => {
                write!(
                    f,
                    "RamBase answered HTTP {status} where HTTP {expected} was documented"
                )?;
                if !snippet.is_empty() {
                    write!(f, "; body: {snippet}")?;
                }
                Ok(())
            }
            CallError::Decode {
                status,
                snippet,
                reason,
            } => {
                write!(f, "could not read RamBase's HTTP {status} answer: {reason}")?;
                if !snippet.is_empty() {
                    write!(f, "; body: {snippet}")?;
                }
                Ok(())
            }
            CallError::Encode { reason } => {
                write!(
                    f,
                    "the request body could not be encoded, nothing was sent: {reason}"
                )
            }
        }
    }
}

impl std::error::Error for CallError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            CallError::Timeout(error) => Some(error),
            CallError::Transport(error) => Some(error),
            _ => None,
        }
    }
}

/// No complete answer within the timeout. Its source is the underlying reqwest error (without
/// URL).
#[derive(Debug)]
pub struct TimeoutError {
    after: Duration,
    source: reqwest::Error,
}

impl TimeoutError {
    pub(crate) fn new(after: Duration, source: reqwest::Error) -> Self {
        Self {
            after,
            source: source.without_url(),
        }
    }

    /// The timeout that ran out.
    pub fn after(&self) -> Duration {
        self.after
    }
}

impl fmt::Display for TimeoutError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "RamBase did not answer completely within {:?}; the request may still have been \
             carried out (it is never retried automatically), so check before repeating a POST",
            self.after
        )
    }
}

impl std::error::Error for TimeoutError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}

/// The connection failed or the request could not be sent. Its source is the underlying
/// reqwest error (without URL).
#[derive(Debug)]
pub struct TransportError {
    source: reqwest::Error,
}

impl TransportError {
    pub(crate) fn new(source: reqwest::Error) -> Self {
        Self {
            source: source.without_url(),
        }
    }

    /// Whether connecting failed, so the request never reached the server.
    pub fn is_connect(&self) -> bool {
        self.source.is_connect()
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_connect() {
            f.write_str("could not connect to RamBase (check the base URL and the network)")?;
        } else {
            f.write_str("the connection to RamBase failed before an answer arrived")?;
        }
        // The innermost cause (an I/O or TLS error) says what to fix; it never holds the URL.
        let mut cause: &dyn std::error::Error = &self.source;
        while let Some(next) = cause.source() {
            cause = next;
        }
        write!(f, ": {cause}")
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}
