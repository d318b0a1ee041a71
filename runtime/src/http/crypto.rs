//! The rustls crypto provider of the runtime: `ring`, assembled from rustls's and webpki's
//! public parts (rustls 0.23.48 deprecated `rustls::crypto::ring::default_provider`), and
//! installed process-wide so that a reqwest client built from the re-exported `reqwest` (which
//! has no provider of its own) does not panic.

use std::sync::Arc;

use rustls::SignatureScheme as Scheme;
use rustls::crypto::{
    CryptoProvider, GetRandomFailed, KeyProvider, SecureRandom, WebPkiSupportedAlgorithms, ring,
};
use rustls::pki_types::{PrivateKeyDer, SignatureVerificationAlgorithm};
use rustls::sign::SigningKey;
use webpki::ring as alg;

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
    if CryptoProvider::get_default().is_none() {
        // Err only means another thread installed one first, which is just as good.
        let _ = ring_provider().install_default();
    }
}

/// `ring`'s cipher suites and key exchange groups (rustls's defaults), webpki's `ring`
/// signature algorithms, and `ring`'s system random number generator.
pub(crate) fn ring_provider() -> CryptoProvider {
    CryptoProvider {
        cipher_suites: ring::DEFAULT_CIPHER_SUITES.to_vec(),
        kx_groups: ring::DEFAULT_KX_GROUPS.to_vec(),
        signature_verification_algorithms: SIGNATURES,
        secure_random: &Ring,
        key_provider: &Ring,
    }
}

/// Every algorithm a certificate chain may be signed with.
const ALL: &[&dyn SignatureVerificationAlgorithm] = &[
    alg::ECDSA_P256_SHA256,
    alg::ECDSA_P256_SHA384,
    alg::ECDSA_P384_SHA256,
    alg::ECDSA_P384_SHA384,
    alg::ED25519,
    alg::RSA_PSS_2048_8192_SHA256_LEGACY_KEY,
    alg::RSA_PSS_2048_8192_SHA384_LEGACY_KEY,
    alg::RSA_PSS_2048_8192_SHA512_LEGACY_KEY,
    alg::RSA_PKCS1_2048_8192_SHA256,
    alg::RSA_PKCS1_2048_8192_SHA384,
    alg::RSA_PKCS1_2048_8192_SHA512,
    alg::RSA_PKCS1_2048_8192_SHA256_ABSENT_PARAMS,
    alg::RSA_PKCS1_2048_8192_SHA384_ABSENT_PARAMS,
    alg::RSA_PKCS1_2048_8192_SHA512_ABSENT_PARAMS,
];

/// The TLS signature schemes offered in a handshake (strongest first), each with the
/// algorithms that verify it.
const SIGNATURES: WebPkiSupportedAlgorithms = WebPkiSupportedAlgorithms {
    all: ALL,
    mapping: &[
        (
            Scheme::ECDSA_NISTP384_SHA384,
            &[alg::ECDSA_P384_SHA384, alg::ECDSA_P256_SHA384],
        ),
        (
            Scheme::ECDSA_NISTP256_SHA256,
            &[alg::ECDSA_P256_SHA256, alg::ECDSA_P384_SHA256],
        ),
        (Scheme::ED25519, &[alg::ED25519]),
        (
            Scheme::RSA_PSS_SHA512,
            &[alg::RSA_PSS_2048_8192_SHA512_LEGACY_KEY],
        ),
        (
            Scheme::RSA_PSS_SHA384,
            &[alg::RSA_PSS_2048_8192_SHA384_LEGACY_KEY],
        ),
        (
            Scheme::RSA_PSS_SHA256,
            &[alg::RSA_PSS_2048_8192_SHA256_LEGACY_KEY],
        ),
        (Scheme::RSA_PKCS1_SHA512, &[alg::RSA_PKCS1_2048_8192_SHA512]),
        (Scheme::RSA_PKCS1_SHA384, &[alg::RSA_PKCS1_2048_8192_SHA384]),
        (Scheme::RSA_PKCS1_SHA256, &[alg::RSA_PKCS1_2048_8192_SHA256]),
    ],
};

/// `ring`'s system random number generator and key loading.
#[derive(Debug)]
struct Ring;

impl SecureRandom for Ring {
    fn fill(&self, buf: &mut [u8]) -> Result<(), GetRandomFailed> {
        ::ring::rand::SecureRandom::fill(&::ring::rand::SystemRandom::new(), buf)
            .map_err(|_| GetRandomFailed)
    }
}

impl KeyProvider for Ring {
    fn load_private_key(
        &self,
        key_der: PrivateKeyDer<'static>,
    ) -> Result<Arc<dyn SigningKey>, rustls::Error> {
        ring::sign::any_supported_type(&key_der)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_provider_is_complete_and_consistent() {
        let provider = ring_provider();
        assert!(!provider.fips());
        assert!(!provider.cipher_suites.is_empty() && !provider.kx_groups.is_empty());
        // Every algorithm a handshake scheme maps to also verifies certificate chains.
        for (scheme, algorithms) in SIGNATURES.mapping {
            for algorithm in *algorithms {
                let listed = ALL.iter().any(|a| {
                    a.signature_alg_id() == algorithm.signature_alg_id()
                        && a.public_key_alg_id() == algorithm.public_key_alg_id()
                });
                assert!(listed, "{scheme:?}");
            }
        }
        let mut bytes = [0_u8; 16];
        provider.secure_random.fill(&mut bytes).unwrap();
        assert!(bytes.iter().any(|b| *b != 0));
    }
}
