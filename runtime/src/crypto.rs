//! The process-wide rustls crypto provider, so that a reqwest client built from the re-exported
//! `reqwest` (which has no provider of its own) does not panic.

/// Installs `ring` as the process-wide default rustls crypto provider, unless one is installed
/// already (then that one is kept). Idempotent and never fails.
///
/// The re-exported [`reqwest`](crate::reqwest) is built without a crypto provider, and reqwest
/// panics ("No rustls crypto provider is configured") when a client is built while none is
/// installed. [`Client::builder`](crate::Client::builder) calls this function, so
/// `Client::builder().http_client(reqwest::Client::new())` works; call it yourself before
/// building a reqwest client ahead of the [`Client`](crate::Client). An application that wants
/// another provider (aws-lc-rs) installs it before either.
///
/// ```
/// rambase_runtime::install_crypto_provider();
/// let http = rambase_runtime::reqwest::Client::new(); // no panic
/// # drop(http);
/// ```
pub fn install_crypto_provider() {
    if rustls::crypto::CryptoProvider::get_default().is_none() {
        // Err only means another thread installed one first, which is just as good.
        let _ = rustls::crypto::ring::default_provider().install_default();
    }
}
