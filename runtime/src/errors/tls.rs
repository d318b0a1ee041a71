//! What went wrong in a TLS handshake, read from the error chain reqwest hands back.

use std::fmt;

/// Why a secure connection could not be made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TlsProblem {
    /// The server's certificate is not signed by an authority this system trusts (self-signed,
    /// or an internal authority): install the authority, or fix the server's certificate chain.
    CertificateNotTrusted,
    /// The certificate is valid, but for another host name: check the base URL.
    WrongHostName,
    /// The certificate has expired or is not valid yet (or the system clock is wrong).
    CertificateExpired,
    /// The certificate was revoked or is otherwise unusable.
    CertificateRejected,
    /// The handshake failed on the protocol: the server does not speak TLS on this port (plain
    /// HTTP?), or it offers no protocol version or cipher this client accepts.
    Protocol,
}

impl fmt::Display for TlsProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TlsProblem::CertificateNotTrusted => {
                "the server's TLS certificate is not trusted (self-signed or from an unknown \
                 authority); install its authority or fix the server's certificate chain"
            }
            TlsProblem::WrongHostName => {
                "the server's TLS certificate is for another host name; check the base URL"
            }
            TlsProblem::CertificateExpired => {
                "the server's TLS certificate has expired or is not valid yet (check the \
                 system clock)"
            }
            TlsProblem::CertificateRejected => {
                "the server's TLS certificate was rejected (revoked or not usable for a server)"
            }
            TlsProblem::Protocol => {
                "the TLS handshake failed (the server does not speak TLS on this port, or no \
                 protocol version or cipher is shared)"
            }
        })
    }
}

/// The TLS problem somewhere in `error`'s chain, if any.
pub(crate) fn problem(error: &(dyn std::error::Error + 'static)) -> Option<TlsProblem> {
    let mut current = Some(error);
    while let Some(error) = current {
        if let Some(found) = rustls_error(error).map(classify) {
            return Some(found);
        }
        current = error.source();
    }
    None
}

/// A rustls error, directly or inside (nested) `io::Error`s, whose `source` skips the inner
/// error.
fn rustls_error<'a>(error: &'a (dyn std::error::Error + 'static)) -> Option<&'a rustls::Error> {
    let mut current = error;
    for _ in 0..8 {
        if let Some(found) = current.downcast_ref::<rustls::Error>() {
            return Some(found);
        }
        let inner = current.downcast_ref::<std::io::Error>()?.get_ref()?;
        current = inner as &(dyn std::error::Error + 'static);
    }
    None
}

fn classify(error: &rustls::Error) -> TlsProblem {
    use rustls::CertificateError as C;
    match error {
        rustls::Error::InvalidCertificate(certificate) => match certificate {
            // A chain no trusted authority signed: webpki reports the last candidate's failure.
            C::UnknownIssuer
            | C::BadSignature
            | C::UnsupportedSignatureAlgorithmContext { .. }
            | C::UnsupportedSignatureAlgorithmForPublicKeyContext { .. }
            | C::UnhandledCriticalExtension => TlsProblem::CertificateNotTrusted,
            C::NotValidForName | C::NotValidForNameContext { .. } => TlsProblem::WrongHostName,
            C::Expired
            | C::ExpiredContext { .. }
            | C::NotValidYet
            | C::NotValidYetContext { .. } => TlsProblem::CertificateExpired,
            C::Other(other) if other.to_string().contains("UnknownIssuer") => {
                TlsProblem::CertificateNotTrusted
            }
            _ => TlsProblem::CertificateRejected,
        },
        _ => TlsProblem::Protocol,
    }
}
