//! The authorization-code flow's first half: PKCE verifier and challenge, `state`, and the
//! authorize URL the user opens in a browser.

use std::fmt;

use ring::rand::SecureRandom;

use crate::errors::build::BuildError;

/// RamBase's authorize page.
pub const DEFAULT_AUTHORIZE_URL: &str = "https://api.rambase.net/oauth2";

/// A PKCE code verifier: 43 URL-safe characters from 32 random bytes. Secret until the code is
/// exchanged; never printed.
#[derive(Clone, PartialEq, Eq)]
pub struct PkceVerifier(String);

/// The verifier is zeroed when dropped.
impl Drop for PkceVerifier {
    fn drop(&mut self) {
        zeroize::Zeroize::zeroize(&mut self.0);
    }
}

impl zeroize::ZeroizeOnDrop for PkceVerifier {}

impl PkceVerifier {
    /// Wraps a verifier kept from [`Pkce::verifier`] (between the redirect and the exchange).
    pub fn new(verifier: impl Into<String>) -> Self {
        Self(verifier.into())
    }

    /// The verifier itself, to store it until the code comes back. Never log it.
    pub fn expose_secret(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for PkceVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PkceVerifier(***)")
    }
}

/// A PKCE pair (RFC 7636, method `S256`): the challenge goes into the authorize URL, the
/// verifier into the code exchange.
///
/// ```
/// use rambase_runtime::auth::{Pkce, PkceVerifier};
///
/// // RFC 7636, appendix B.
/// let pkce = Pkce::from_verifier(PkceVerifier::new("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"));
/// assert_eq!(pkce.challenge(), "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
/// assert_eq!(Pkce::new().unwrap().verifier().expose_secret().len(), 43);
/// ```
#[derive(Clone)]
pub struct Pkce {
    verifier: PkceVerifier,
    challenge: String,
}

impl Pkce {
    /// A new random verifier and its challenge.
    pub fn new() -> Result<Self, RandomUnavailable> {
        Ok(Self::from_verifier(PkceVerifier(base64_url(
            &random_bytes::<32>()?,
        ))))
    }

    /// The pair for a verifier kept from earlier.
    pub fn from_verifier(verifier: PkceVerifier) -> Self {
        let digest = ring::digest::digest(&ring::digest::SHA256, verifier.0.as_bytes());
        Self {
            challenge: base64_url(digest.as_ref()),
            verifier,
        }
    }

    /// The `code_challenge` (base64url of the verifier's SHA-256, no padding).
    pub fn challenge(&self) -> &str {
        &self.challenge
    }

    /// The `code_verifier` for the exchange.
    pub fn verifier(&self) -> &PkceVerifier {
        &self.verifier
    }
}

impl fmt::Debug for Pkce {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pkce")
            .field("verifier", &self.verifier)
            .field("challenge", &self.challenge)
            .finish()
    }
}

/// A random `state` for the authorize URL (22 URL-safe characters): check that the redirect
/// brings the same one back.
pub fn random_state() -> Result<String, RandomUnavailable> {
    Ok(base64_url(&random_bytes::<16>()?))
}

/// The URL of the authorize page: `endpoint?client_id=..&response_type=code&redirect_uri=..
/// &state=..`, plus `code_challenge` and `code_challenge_method=S256` with PKCE. Fails only
/// when `endpoint` is not an absolute URL.
///
/// ```
/// use rambase_runtime::auth::{authorize_url, Pkce, PkceVerifier, DEFAULT_AUTHORIZE_URL};
///
/// let pkce = Pkce::from_verifier(PkceVerifier::new("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"));
/// let url = authorize_url(DEFAULT_AUTHORIZE_URL, "app", "http://localhost/cb", "xyz", Some(&pkce))
///     .unwrap();
/// assert_eq!(
///     url.as_str(),
///     "https://api.rambase.net/oauth2?client_id=app&response_type=code\
///      &redirect_uri=http%3A%2F%2Flocalhost%2Fcb&state=xyz\
///      &code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256"
/// );
/// ```
pub fn authorize_url(
    endpoint: &str,
    client_id: &str,
    redirect_uri: &str,
    state: &str,
    pkce: Option<&Pkce>,
) -> Result<reqwest::Url, BuildError> {
    let mut url = reqwest::Url::parse(endpoint).map_err(|error| BuildError::InvalidBaseUrl {
        reason: format!("the authorize endpoint is not an absolute URL ({error})"),
    })?;
    {
        let mut query = url.query_pairs_mut();
        query
            .append_pair("client_id", client_id)
            .append_pair("response_type", "code")
            .append_pair("redirect_uri", redirect_uri)
            .append_pair("state", state);
        if let Some(pkce) = pkce {
            query
                .append_pair("code_challenge", pkce.challenge())
                .append_pair("code_challenge_method", "S256");
        }
    }
    Ok(url)
}

/// The system's random number generator failed; nothing secure can be generated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RandomUnavailable;

impl fmt::Display for RandomUnavailable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the system's secure random number generator is not available")
    }
}

impl std::error::Error for RandomUnavailable {}

pub(crate) fn random_bytes<const N: usize>() -> Result<[u8; N], RandomUnavailable> {
    let mut bytes = [0_u8; N];
    ring::rand::SystemRandom::new()
        .fill(&mut bytes)
        .map_err(|_| RandomUnavailable)?;
    Ok(bytes)
}

/// Base64url without padding (RFC 4648 §5), as PKCE wants it.
fn base64_url(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..=chunk.len() {
            out.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_url_matches_rfc_4648_without_padding() {
        for (input, expected) in [
            ("", ""),
            ("f", "Zg"),
            ("fo", "Zm8"),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg"),
            ("fooba", "Zm9vYmE"),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64_url(input.as_bytes()), expected);
        }
        assert_eq!(base64_url(&[0xfb, 0xff]), "-_8");
    }

    #[test]
    fn verifiers_and_states_are_random_and_hidden() {
        let (a, b) = (Pkce::new().unwrap(), Pkce::new().unwrap());
        assert_ne!(a.verifier(), b.verifier());
        assert_ne!(random_state().unwrap(), random_state().unwrap());
        let debug = format!("{a:?}");
        assert!(!debug.contains(a.verifier().expose_secret()), "{debug}");
        assert!(debug.contains(a.challenge()));
    }
}
