//! Login secrets (client secret, password, refresh token, authorization code), typed like
//! [`AccessToken`](crate::AccessToken): never printed, never in a URL, never in an error, and
//! wiped from memory (zeroed) when dropped.

use std::fmt;

/// Text whose bytes are zeroed when dropped, as the owner of shared `Bytes` (a header value, a
/// request body).
pub(crate) struct WipedText(pub(crate) zeroize::Zeroizing<String>);

impl AsRef<[u8]> for WipedText {
    fn as_ref(&self) -> &[u8] {
        self.0.as_bytes()
    }
}

/// Declares a secret string type: `Debug` and `Display` print `Name(***)`, the value is only
/// reachable through `expose_secret`, and its bytes are zeroed when it is dropped.
macro_rules! secret_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, PartialEq, Eq)]
        pub struct $name(String);

        impl $name {
            /// Wraps the secret.
            pub fn new(secret: impl Into<String>) -> Self {
                Self(secret.into())
            }

            /// The secret itself, for callers that must hand it on (to store it, say). Never
            /// log it.
            pub fn expose_secret(&self) -> &str {
                &self.0
            }
        }

        impl Drop for $name {
            fn drop(&mut self) {
                zeroize::Zeroize::zeroize(&mut self.0);
            }
        }

        impl zeroize::ZeroizeOnDrop for $name {}

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(concat!(stringify!($name), "(***)"))
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(concat!(stringify!($name), "(***)"))
            }
        }

        impl From<String> for $name {
            fn from(secret: String) -> Self {
                Self(secret)
            }
        }

        impl From<&str> for $name {
            fn from(secret: &str) -> Self {
                Self(secret.to_owned())
            }
        }
    };
}

secret_type!(
    /// An OAuth client secret (issued with the API client's `client_id`).
    ///
    /// ```
    /// use rambase_runtime::ClientSecret;
    ///
    /// let secret = ClientSecret::new("s3cr3t");
    /// assert_eq!(format!("{secret:?} {secret}"), "ClientSecret(***) ClientSecret(***)");
    /// assert_eq!(secret.expose_secret(), "s3cr3t");
    /// ```
    ClientSecret
);

secret_type!(
    /// A RamBase user's password, for the resource-owner password grant.
    Password
);

secret_type!(
    /// An OAuth refresh token: gets a new access token without the user's password. RamBase may
    /// hand out a new one with every renewal (rotation); the client keeps the latest.
    RefreshToken
);

secret_type!(
    /// The one-time code the authorize page hands to the redirect URI, to exchange for tokens.
    AuthorizationCode
);

#[cfg(test)]
mod tests {
    use super::*;

    fn wiped_on_drop<T: zeroize::ZeroizeOnDrop>() {}

    #[test]
    fn every_secret_is_wiped_when_dropped() {
        wiped_on_drop::<ClientSecret>();
        wiped_on_drop::<Password>();
        wiped_on_drop::<RefreshToken>();
        wiped_on_drop::<AuthorizationCode>();
        wiped_on_drop::<crate::values::token::AccessToken>();
        wiped_on_drop::<crate::auth::PkceVerifier>();
        // What `Drop` runs: the bytes (the whole capacity) are zeroed and the text emptied.
        let mut secret = ClientSecret::new("SENTINEL-wipe");
        zeroize::Zeroize::zeroize(&mut secret.0);
        assert_eq!(secret.expose_secret(), "");
    }
}
