//! Everything that can go wrong in one call.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use crate::errors::api_error::ApiError;
use crate::errors::login::LoginError;
use crate::errors::tls::TlsProblem;
use crate::values::rules::ValidationErrors;
use crate::wire::operation::Operation;

/// The documented RamBase error codes of one operation: a small generated enum, one variant
/// per code the resource page lists, which makes [`CallError`] specific to the operation.
pub trait ErrorCodes: Copy + fmt::Debug + PartialEq + Send + Sync + 'static {
    /// The operation these codes belong to; every message starts with it.
    const OPERATION: Operation;
    /// Each variant with its RamBase code and documented message.
    const CODES: &'static [(Self, u64, &'static str)];

    /// The variant of a RamBase error code, if the operation documents it.
    fn from_code(code: u64) -> Option<Self> {
        Self::CODES.iter().find(|c| c.1 == code).map(|c| c.0)
    }

    /// The RamBase error code.
    fn code(self) -> u64 {
        Self::CODES.iter().find(|c| c.0 == self).map_or(0, |c| c.1)
    }

    /// The message the documentation gives for the code.
    fn documented_message(self) -> &'static str {
        Self::CODES.iter().find(|c| c.0 == self).map_or("", |c| c.2)
    }
}

/// Why a call of the operation `C` belongs to did not return the documented answer.
///
/// Generated code names it per operation (`pub type AddContactPhoneError =
/// CallError<AddContactPhoneErrorCode>`). No variant ever holds the access token or a request
/// URL (which could hold it, in `$access_token` mode): reqwest errors are stripped of their
/// URL, and body snippets have the token replaced with `***` should a server echo it.
///
/// `Display` describes the failure completely, starting with the operation; [`source`] gives
/// only the underlying transport error, so an error chain prints nothing twice.
///
/// [`source`]: std::error::Error::source
#[non_exhaustive]
#[derive(Debug)]
pub enum CallError<C> {
    /// RamBase answered with one of the operation's documented error codes.
    Documented(C, ApiError),
    /// The input broke documented rules; nothing was sent.
    Validation(ValidationErrors),
    /// RamBase answered HTTP 401: the access token is missing, expired or not valid here.
    Unauthorized(ApiError),
    /// RamBase answered with another error status or code (400, 403, 404, 5xx, ...).
    Api(ApiError),
    /// No complete answer arrived within the client's timeout; a POST may still have taken
    /// effect.
    Timeout(TimeoutError),
    /// The request could not be sent or the connection failed (DNS, connect, TLS, reset).
    Transport(TransportError),
    /// The server answered with a status that is neither the documented success status nor an
    /// error status (another 2xx, or a redirect, which the client does not follow).
    UnexpectedStatus {
        /// The status received.
        status: u16,
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
    /// The request could not be encoded (its body, or its path); nothing was sent.
    Encode {
        /// What went wrong.
        reason: String,
    },
    /// No access token could be obtained (a refused login, a failing token endpoint); the API
    /// request was not sent. The [`LoginError`] says why and what to do.
    Login(LoginError),
}

impl<C> CallError<C> {
    /// The HTTP status received, when an answer arrived.
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Documented(_, error) | Self::Unauthorized(error) | Self::Api(error) => {
                Some(error.status())
            }
            Self::UnexpectedStatus { status, .. } | Self::Decode { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// RamBase's error body, for documented codes, 401 and other error statuses, and the token
    /// endpoint's answer to a refused login.
    pub fn api_error(&self) -> Option<&ApiError> {
        match self {
            Self::Documented(_, error) | Self::Unauthorized(error) | Self::Api(error) => {
                Some(error)
            }
            Self::Login(error) => error.api_error(),
            _ => None,
        }
    }

    /// Why the login failed, when the call could not get an access token.
    pub fn login_error(&self) -> Option<&LoginError> {
        match self {
            Self::Login(error) => Some(error),
            _ => None,
        }
    }

    /// Whether the request may have reached the server and been carried out although no answer
    /// was read: repeating a POST then risks a duplicate. Validation and encoding errors never
    /// left the process; an error status or an unexpected status was an answer.
    pub fn outcome_unknown(&self) -> bool {
        match self {
            Self::Timeout(error) => error.request_may_have_arrived(),
            Self::Transport(error) => !error.is_connect(),
            _ => false,
        }
    }
}

impl<C: ErrorCodes> CallError<C> {
    /// The documented error code, when RamBase answered with one.
    pub fn documented(&self) -> Option<C> {
        match self {
            Self::Documented(code, _) => Some(*code),
            _ => None,
        }
    }

    pub(crate) fn from_failure(failure: Failure) -> Self {
        match failure {
            Failure::Documented(unclassified, _) => match unclassified {},
            Failure::Api(error) => match error.code().and_then(C::from_code) {
                Some(code) => Self::Documented(code, error),
                None => Self::Api(error),
            },
            Failure::Validation(errors) => Self::Validation(errors),
            Failure::Unauthorized(error) => Self::Unauthorized(error),
            Failure::Timeout(error) => Self::Timeout(error),
            Failure::Transport(error) => Self::Transport(error),
            Failure::UnexpectedStatus { status, snippet } => {
                Self::UnexpectedStatus { status, snippet }
            }
            Failure::Decode {
                status,
                snippet,
                reason,
            } => Self::Decode {
                status,
                snippet,
                reason,
            },
            Failure::Encode { reason } => Self::Encode { reason },
            Failure::Login(error) => Self::Login(error),
        }
    }
}

impl<C: ErrorCodes> fmt::Display for CallError<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let op = &C::OPERATION;
        write!(f, "{} {} ", op.method, op.path_template)?;
        match self {
            Self::Documented(code, error) => write!(
                f,
                "failed with documented RamBase error {} ({}): {error}",
                code.code(),
                code.documented_message()
            ),
            Self::Validation(errors) => write!(f, "failed: nothing was sent because {errors}"),
            Self::Unauthorized(error) => write!(
                f,
                "failed: unauthorized; get a new access token (tokens expire) for this RamBase \
                 environment and company ({error})"
            ),
            Self::Login(error) => write!(f, "failed: nothing was sent because {error}"),
            Self::Api(error) => write!(f, "failed: RamBase refused the request: {error}"),
            Self::Timeout(error) => write!(f, "failed: {error}"),
            Self::Transport(error) => write!(f, "failed: {error}"),
            Self::UnexpectedStatus { status, snippet } => write!(
                f,
                "answered HTTP {status} instead of {}: {snippet:?}",
                op.success_status
            ),
            Self::Decode {
                status,
                snippet,
                reason,
            } => write!(
                f,
                "answered HTTP {status} with a body that could not be read ({reason}): {snippet:?}"
            ),
            Self::Encode { reason } => write!(
                f,
                "failed: the request could not be encoded, nothing was sent: {reason}"
            ),
        }
    }
}

impl<C: ErrorCodes> std::error::Error for CallError<C> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Timeout(error) => error.cause(),
            Self::Transport(error) => error.cause(),
            Self::Login(error) => Some(error),
            _ => None,
        }
    }
}

/// What went wrong, without the operation (for logs of the runtime's own retries).
impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Documented(unclassified, _) => match *unclassified {},
            Failure::Validation(errors) => write!(f, "{errors}"),
            Failure::Unauthorized(error) | Failure::Api(error) => write!(f, "{error}"),
            Failure::Timeout(error) => write!(f, "{error}"),
            Failure::Transport(error) => write!(f, "{error}"),
            Failure::UnexpectedStatus { status, .. } => write!(f, "unexpected HTTP {status}"),
            Failure::Decode { status, reason, .. } => {
                write!(f, "HTTP {status} could not be read ({reason})")
            }
            Failure::Encode { reason } => write!(f, "could not be encoded ({reason})"),
            Failure::Login(error) => write!(f, "{error}"),
        }
    }
}

/// What the client reports before the operation's error codes are known: a [`CallError`]
/// that cannot be `Documented` (not exported; [`CallError::from_failure`] classifies it).
pub type Failure = CallError<Unclassified>;

/// The codes of a [`Failure`]: none, as the operation is not known yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unclassified {}

/// No complete answer within the call's deadline ([`ClientBuilder::timeout`]) or a request's own
/// timeout ([`ClientBuilder::attempt_timeout`]). Its source, when there is one, is the
/// underlying reqwest error (without URL).
///
/// [`ClientBuilder::timeout`]: crate::ClientBuilder::timeout
/// [`ClientBuilder::attempt_timeout`]: crate::ClientBuilder::attempt_timeout
#[derive(Debug, Clone)]
pub struct TimeoutError {
    after: Duration,
    phase: Phase,
    source: Option<Arc<reqwest::Error>>,
}

/// What the call was doing when its time ran out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Phase {
    /// Getting or renewing the access token: the API request was not sent (again).
    Login,
    /// Between two attempts (a retry's pause): the last attempt had been answered or had not
    /// connected.
    Between,
    /// An API request was on its way or its answer was being read.
    Request,
}

impl TimeoutError {
    /// A request (API or token endpoint) that reqwest timed out.
    pub(crate) fn new(after: Duration, phase: Phase, source: reqwest::Error) -> Self {
        Self {
            after,
            phase,
            source: Some(Arc::new(source.without_url())),
        }
    }

    /// The call's deadline, run out in `phase`.
    pub(crate) fn deadline(after: Duration, phase: Phase) -> Self {
        Self {
            after,
            phase,
            source: None,
        }
    }

    /// The timeout that ran out.
    pub fn after(&self) -> Duration {
        self.after
    }

    /// Whether the API request may have reached RamBase: `false` when the time ran out while
    /// logging in or renewing the token (nothing was sent, or the last answer was a refusal).
    pub fn request_may_have_arrived(&self) -> bool {
        self.phase == Phase::Request
    }
}

impl fmt::Display for TimeoutError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let after = self.after;
        match self.phase {
            Phase::Request => write!(
                f,
                "RamBase did not answer completely within {after:?}; the request may still have \
                 been carried out (it is never retried automatically), so check before repeating \
                 a POST"
            ),
            Phase::Login => write!(
                f,
                "the time ran out after {after:?} while getting or renewing the access token \
                 (the token endpoint is slow or unreachable); RamBase has not carried out the \
                 request, so it can be repeated safely"
            ),
            Phase::Between => write!(
                f,
                "the time ran out after {after:?} between two attempts; the last attempt was \
                 answered with an error or did not connect, so nothing more was sent"
            ),
        }
    }
}

impl TimeoutError {
    /// The underlying reqwest error (without URL), if a request timed out.
    pub fn cause(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_deref()
            .map(|error| error as &(dyn std::error::Error + 'static))
    }
}

impl std::error::Error for TimeoutError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.cause()
    }
}

/// The connection failed or the request could not be sent. Its source is the underlying
/// reqwest error (without URL).
#[derive(Debug, Clone)]
pub struct TransportError {
    source: Arc<reqwest::Error>,
    tls: Option<TlsProblem>,
}

impl TransportError {
    pub(crate) fn new(source: reqwest::Error) -> Self {
        let tls = crate::errors::tls::problem(&source);
        Self {
            source: Arc::new(source.without_url()),
            tls,
        }
    }

    /// Whether connecting failed, so the request never reached the server.
    pub fn is_connect(&self) -> bool {
        self.source.is_connect() || self.tls.is_some()
    }

    /// What went wrong in the TLS handshake, if that is why the connection failed.
    pub fn tls_problem(&self) -> Option<TlsProblem> {
        self.tls
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The cause (an I/O or TLS error) is the error's source, not repeated here.
        if let Some(problem) = self.tls {
            write!(f, "could not connect to RamBase securely: {problem}")
        } else if self.is_connect() {
            f.write_str("could not connect to RamBase (check the base URL and the network)")
        } else {
            f.write_str("the connection to RamBase failed before an answer arrived")
        }
    }
}

impl TransportError {
    /// The underlying reqwest error (without URL), whose chain says what to fix.
    pub fn cause(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&*self.source)
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.cause()
    }
}
