//! The end of a browser login: reading the redirect the authorize page sends the user to.

use std::fmt;

use crate::values::secret::AuthorizationCode;

/// Reads the redirect URL of an authorization-code login (`...?code=..&state=..`, the URL the
/// browser was sent to) and checks that its `state` is the one put into the
/// [`authorize_url`](super::authorize_url). Answers the code, to hand to
/// [`Login::authorization_code`](super::Login::authorization_code).
///
/// ```
/// use rambase_runtime::auth::{read_redirect, RedirectError};
///
/// let code = read_redirect("http://localhost:8080/cb?code=c0de&state=xyz", "xyz").unwrap();
/// assert_eq!(code.expose_secret(), "c0de");
/// let forged = read_redirect("http://localhost:8080/cb?code=c0de&state=abc", "xyz");
/// assert!(matches!(forged, Err(RedirectError::StateMismatch)));
/// ```
pub fn read_redirect(
    redirect_url: &str,
    expected_state: &str,
) -> Result<AuthorizationCode, RedirectError> {
    let url = reqwest::Url::parse(redirect_url.trim()).map_err(|_| RedirectError::InvalidUrl)?;
    let (mut code, mut state, mut error, mut description) = (None, None, None, None);
    for (name, value) in url.query_pairs() {
        match &*name {
            "code" => code = Some(AuthorizationCode::new(value.into_owned())),
            "state" => state = Some(value.into_owned()),
            "error" => error = Some(value.into_owned()),
            "error_description" => description = Some(value.into_owned()),
            _ => {}
        }
    }
    // The state first: an answer that does not belong to this login is not read any further.
    if !state.is_some_and(|state| same(state.as_bytes(), expected_state.as_bytes())) {
        return Err(RedirectError::StateMismatch);
    }
    if let Some(error) = error {
        return Err(RedirectError::Denied { error, description });
    }
    code.filter(|code| !code.expose_secret().is_empty())
        .ok_or(RedirectError::MissingCode)
}

/// Compares in time that does not depend on where the texts differ.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0_u8, |diff, (x, y)| diff | (x ^ y)) == 0
}

/// Why a redirect of the browser login gives no authorization code.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum RedirectError {
    /// The text is not an absolute URL: pass the whole URL the browser was redirected to.
    InvalidUrl,
    /// Its `state` is missing or not the one of this login: the redirect may be forged (a
    /// cross-site request) or belong to another login. Start the login again.
    StateMismatch,
    /// The authorize page answered an error (`error=access_denied` when the user declined).
    Denied {
        /// The `error` parameter.
        error: String,
        /// The `error_description` parameter, if any.
        description: Option<String>,
    },
    /// The redirect has neither `code` nor `error`: pass the URL with its query.
    MissingCode,
}

impl fmt::Display for RedirectError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RedirectError::InvalidUrl => f.write_str(
                "the redirect is not an absolute URL; pass the whole URL the browser was sent to",
            ),
            RedirectError::StateMismatch => f.write_str(
                "the redirect's state is missing or differs from this login's (a forged or \
                 stale redirect); start the browser login again",
            ),
            RedirectError::Denied { error, description } => {
                write!(f, "the authorize page refused the login: {error}")?;
                if let Some(description) = description {
                    write!(f, " ({description})")?;
                }
                f.write_str("; the user may log in again")
            }
            RedirectError::MissingCode => {
                f.write_str("the redirect has no authorization code; pass the URL with its query")
            }
        }
    }
}

impl std::error::Error for RedirectError {}
