//! Why a client (or its login) could not be built, and the transport check behind
//! [`BuildError::InsecureUrl`].

use std::fmt;

/// Why a [`Client`](crate::Client) could not be built. Never contains the access token.
#[derive(Debug)]
#[non_exhaustive]
pub enum BuildError {
    /// No access token was set.
    MissingAccessToken,
    /// The base URL is not usable.
    InvalidBaseUrl {
        /// What is wrong with it.
        reason: String,
    },
    /// The user agent cannot be an HTTP header value.
    InvalidUserAgent,
    /// A base URL or token URL is plain `http` to a host that is not this machine: tokens and
    /// secrets would travel in cleartext. Use `https`, or
    /// [`ClientBuilder::danger_allow_insecure_http`](crate::ClientBuilder::danger_allow_insecure_http) for a trusted network.
    InsecureUrl {
        /// Which URL (`base URL`, `token URL`).
        what: String,
        /// Its host.
        host: String,
    },
    /// The TLS configuration could not be set up.
    Tls(String),
    /// reqwest could not build its client.
    Http(reqwest::Error),
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::MissingAccessToken => f.write_str(
                "no access token was set: call ClientBuilder::access_token, login or token_source",
            ),
            BuildError::InvalidBaseUrl { reason } => write!(f, "invalid base URL: {reason}"),
            BuildError::InvalidUserAgent => f.write_str(
                "the user agent cannot be an HTTP header value (use visible ASCII, no newlines)",
            ),
            BuildError::Tls(reason) => write!(f, "could not set up TLS: {reason}"),
            BuildError::InsecureUrl { what, host } => write!(
                f,
                "the {what} uses plain http to {host}, which would send tokens and secrets in \
                 cleartext; use https (plain http is accepted for loopback addresses only), or \
                 call ClientBuilder::danger_allow_insecure_http for a trusted network"
            ),
            BuildError::Http(_) => f.write_str("could not build the HTTP client"),
        }
    }
}

impl std::error::Error for BuildError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            BuildError::Http(error) => Some(error),
            _ => None,
        }
    }
}

/// Credentials and tokens travel only over HTTPS, or plain HTTP to this machine.
pub(crate) fn check_transport(
    url: &reqwest::Url,
    what: &str,
    allow_insecure: bool,
) -> Result<(), BuildError> {
    let host = url.host_str().unwrap_or_default().to_ascii_lowercase();
    let loopback = match host.trim_matches(['[', ']']).parse::<std::net::IpAddr>() {
        Ok(ip) => ip.is_loopback(),
        Err(_) => host == "localhost" || host.ends_with(".localhost"),
    };
    if url.scheme() == "https" || loopback || allow_insecure {
        return Ok(());
    }
    Err(BuildError::InsecureUrl {
        what: what.to_owned(),
        host: url.host_str().unwrap_or_default().to_owned(),
    })
}
