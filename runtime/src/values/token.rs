//! The OAuth access token, kept out of every `Debug`, `Display` and error message.

use std::fmt;

use reqwest::header::HeaderValue;
use zeroize::Zeroizing;

/// A RamBase OAuth 2.0 access token.
///
/// `Debug` and `Display` print `AccessToken(***)`; the token itself is only ever written into
/// the `Authorization: Bearer` header (marked sensitive, so reqwest and hyper do not print it
/// either) or, on explicit opt-in, the `$access_token` query parameter.
///
/// A token is checked when it is created: it must be non-empty visible ASCII (no spaces or
/// control characters), which is what an HTTP header value and an OAuth bearer token allow.
///
/// ```
/// use rambase_runtime::AccessToken;
///
/// let token = AccessToken::new("s3cr3t-token").unwrap();
/// assert_eq!(format!("{token:?} {token}"), "AccessToken(***) AccessToken(***)");
/// assert!(AccessToken::new("line\nbreak").is_err());
/// ```
/// Its text is zeroed when it is dropped, and so is its header value when the last request
/// that carried it lets go of it.
#[derive(Clone, PartialEq, Eq)]
pub struct AccessToken {
    secret: Zeroizing<String>,
    header: HeaderValue,
}

impl AccessToken {
    /// Checks and wraps a token. The error never contains the token.
    pub fn new(token: impl Into<String>) -> Result<Self, InvalidAccessToken> {
        let secret = Zeroizing::new(token.into());
        if secret.is_empty() {
            return Err(InvalidAccessToken::Empty);
        }
        if let Some(position) = secret.chars().position(|c| !c.is_ascii_graphic()) {
            return Err(InvalidAccessToken::InvalidCharacter { position });
        }
        let mut bearer = Zeroizing::new(String::with_capacity(secret.len() + 7));
        bearer.push_str("Bearer ");
        bearer.push_str(&secret);
        // Shared bytes that are zeroed when the last clone of the header value is dropped.
        let bytes = bytes::Bytes::from_owner(crate::values::secret::WipedText(bearer));
        let mut header = HeaderValue::from_maybe_shared(bytes)
            .map_err(|_| InvalidAccessToken::InvalidCharacter { position: 0 })?;
        header.set_sensitive(true);
        Ok(Self { secret, header })
    }

    /// The token itself, for callers that must hand it on (a token refresh, say). Never log it.
    pub fn expose_secret(&self) -> &str {
        &self.secret
    }

    /// The `Authorization` header value (`Bearer ...`), marked sensitive.
    pub(crate) fn header_value(&self) -> &HeaderValue {
        &self.header
    }
}

/// The token's text is zeroed on drop (a `Zeroizing` string, and header bytes owned by one).
impl zeroize::ZeroizeOnDrop for AccessToken {}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AccessToken(***)")
    }
}

impl fmt::Display for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AccessToken(***)")
    }
}

impl std::str::FromStr for AccessToken {
    type Err = InvalidAccessToken;

    fn from_str(token: &str) -> Result<Self, Self::Err> {
        Self::new(token)
    }
}

impl TryFrom<String> for AccessToken {
    type Error = InvalidAccessToken;

    fn try_from(token: String) -> Result<Self, Self::Error> {
        Self::new(token)
    }
}

impl TryFrom<&str> for AccessToken {
    type Error = InvalidAccessToken;

    fn try_from(token: &str) -> Result<Self, Self::Error> {
        Self::new(token)
    }
}

/// Why a string cannot be an access token. Never contains the token.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum InvalidAccessToken {
    /// The token is empty.
    Empty,
    /// The token has a character that cannot go into an HTTP header (a space, a control
    /// character or a non-ASCII character), at this character position (0-based).
    InvalidCharacter {
        /// Position of the first offending character, counted in characters.
        position: usize,
    },
}

impl fmt::Display for InvalidAccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InvalidAccessToken::Empty => f.write_str("the access token is empty"),
            InvalidAccessToken::InvalidCharacter { position } => write!(
                f,
                "the access token cannot be sent in an HTTP header: character {} is a space, a \
                 control character or not ASCII (check for a stray newline or quote when it was \
                 read from a file or an environment variable)",
                position + 1
            ),
        }
    }
}

impl std::error::Error for InvalidAccessToken {}

#[cfg(test)]
mod tests {
    use super::*;

    const SENTINEL: &str = "SENTINEL-9f2c-token";

    #[test]
    fn debug_and_display_hide_the_token() {
        let token = AccessToken::new(SENTINEL).unwrap();
        assert_eq!(format!("{token:?}"), "AccessToken(***)");
        assert_eq!(format!("{token}"), "AccessToken(***)");
        assert_eq!(format!("{token:#?}"), "AccessToken(***)");
        assert_eq!(token.expose_secret(), SENTINEL);
        assert!(token.header_value().is_sensitive());
        assert_eq!(
            token.header_value().to_str().ok(),
            Some(format!("Bearer {SENTINEL}").as_str())
        );
    }

    #[test]
    fn tokens_that_cannot_be_header_values_are_rejected_without_echo() {
        for (bad, expected) in [
            ("", InvalidAccessToken::Empty),
            (
                "SENTINEL\n",
                InvalidAccessToken::InvalidCharacter { position: 8 },
            ),
            (
                "SEN TINEL",
                InvalidAccessToken::InvalidCharacter { position: 3 },
            ),
            (
                "SENTINELø",
                InvalidAccessToken::InvalidCharacter { position: 8 },
            ),
        ] {
            let err = AccessToken::new(bad).err();
            assert_eq!(err.as_ref(), Some(&expected));
            let text = format!("{} {:?}", expected, expected);
            assert!(!text.contains("SENTINEL"), "{text}");
        }
        assert!("ok".parse::<AccessToken>().is_ok());
        assert!(AccessToken::try_from(String::from("ok")).is_ok());
        assert!(AccessToken::try_from("o k").is_err());
    }
}
