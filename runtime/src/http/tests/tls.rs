//! Transport over real connections: plain HTTP only to loopback, TLS failures that say what
//! failed (against a self-signed HTTPS server on 127.0.0.1), and token requests that are never
//! redirected.

use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

use crate::auth::{Login, LoginError};
use crate::errors::build::BuildError;
use crate::errors::tls::TlsProblem;
use crate::http::client::Client;
use crate::http::request::RequestParts;
use crate::values::secret::ClientSecret;
use crate::values::token::AccessToken;
use crate::wire::operation::Operation;
use rambase_testkit::{Reply, Server};

type CallError = crate::errors::call_error::CallError<crate::http::tests::PhoneErrorCode>;

const GET: Operation = Operation::new(reqwest::Method::GET, "/x", 1, 1, 200);
const CERT: &[u8] = include_bytes!("../../testdata/localhost-cert.der");
const KEY: &[u8] = include_bytes!("../../testdata/localhost-key.der");
const SECRET: &str = "SECRET-client-9f3a";

/// An HTTPS server on 127.0.0.1 with a self-signed certificate for `localhost` only; it answers
/// every request with a small JSON object. Returns its port.
async fn https_server() -> u16 {
    let provider = Arc::new(crate::http::crypto::ring_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(
            vec![rustls::pki_types::CertificateDer::from(CERT.to_vec())],
            rustls::pki_types::PrivateKeyDer::Pkcs8(KEY.to_vec().into()),
        )
        .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                let Ok(mut stream) = acceptor.accept(stream).await else {
                    return;
                };
                let mut head = Vec::new();
                let mut chunk = [0_u8; 1024];
                while !head.windows(4).any(|w| w == b"\r\n\r\n") {
                    match stream.read(&mut chunk).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => head.extend_from_slice(&chunk[..n]),
                    }
                }
                let body = r#"{"x":{"ok":true}}"#;
                let answer = format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\
                     Connection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = stream.write_all(answer.as_bytes()).await;
                let _ = stream.shutdown().await;
            });
        }
    });
    port
}

fn token() -> AccessToken {
    AccessToken::new("SENTINEL-tls-token").unwrap()
}

async fn get(client: &Client) -> Result<serde_json::Value, CallError> {
    client.send(&GET, RequestParts::new("/x"), "x").await
}

fn tls_problem(error: &CallError) -> Option<TlsProblem> {
    match error {
        CallError::Transport(transport) => transport.tls_problem(),
        _ => None,
    }
}

#[tokio::test]
async fn an_untrusted_certificate_is_named_as_such() {
    let port = https_server().await;
    let client = Client::builder()
        .base_url(format!("https://127.0.0.1:{port}"))
        .access_token(token())
        .retry(crate::http::retry::RetryPolicy::new(3).initial_backoff(Duration::from_secs(2)))
        .build()
        .unwrap();
    let started = std::time::Instant::now();
    let error = get(&client).await.unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(1), "not retried");
    assert_eq!(
        tls_problem(&error),
        Some(TlsProblem::CertificateNotTrusted),
        "{error:?}"
    );
    let text = error.to_string();
    assert!(text.contains("certificate is not trusted"), "{text}");
    assert!(
        !text.contains("check the base URL and the network"),
        "{text}"
    );
    assert!(!error.outcome_unknown(), "nothing was sent");
}

#[tokio::test]
async fn a_certificate_for_another_host_and_a_server_without_tls_are_named() {
    let port = https_server().await;
    crate::http::crypto::install_crypto_provider();
    let trusting = reqwest::Client::builder()
        .add_root_certificate(reqwest::Certificate::from_der(CERT).unwrap())
        .build()
        .unwrap();
    let client = |host: &str| {
        Client::builder()
            .base_url(format!("https://{host}:{port}"))
            .access_token(token())
            .http_client(trusting.clone())
            .build()
            .unwrap()
    };
    // Trusted, and for `localhost`: the server works.
    assert_eq!(get(&client("localhost")).await.unwrap()["ok"], true);
    let error = get(&client("127.0.0.1")).await.unwrap_err();
    assert_eq!(
        tls_problem(&error),
        Some(TlsProblem::WrongHostName),
        "{error:?}"
    );
    assert!(error.to_string().contains("another host name"), "{error}");

    // HTTPS to a server that speaks plain HTTP: it answers the TLS hello with an HTTP error.
    let plain = rambase_testkit::raw::listen(|mut stream| async move {
        let mut hello = [0_u8; 512];
        let _ = stream.read(&mut hello).await;
        let _ = stream
            .write_all(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")
            .await;
        let _ = stream.shutdown().await;
    })
    .await;
    let client = Client::builder()
        .base_url(plain.replace("http://", "https://"))
        .access_token(token())
        .build()
        .unwrap();
    let error = get(&client).await.unwrap_err();
    assert_eq!(tls_problem(&error), Some(TlsProblem::Protocol), "{error:?}");
    assert!(
        error.to_string().contains("TLS handshake failed"),
        "{error}"
    );
}

#[test]
fn plain_http_is_refused_except_to_loopback_or_on_explicit_opt_in() {
    let build = |url: &str| {
        Client::builder()
            .base_url(url)
            .access_token(token())
            .build()
            .err()
    };
    for insecure in ["http://api.example.com", "http://10.0.0.1:8080/api"] {
        let error = build(insecure);
        assert!(
            matches!(&error, Some(BuildError::InsecureUrl { .. })),
            "{insecure}: {error:?}"
        );
        let text = error.map(|e| e.to_string()).unwrap_or_default();
        assert!(
            text.contains("cleartext") && text.contains("https"),
            "{text}"
        );
    }
    for fine in [
        "https://api.example.com",
        "http://127.0.0.1:9",
        "http://127.1.2.3:9",
        "http://[::1]:9",
        "http://localhost:9",
    ] {
        assert!(build(fine).is_none(), "{fine}");
    }
    let opted_in = Client::builder()
        .base_url("http://api.example.com")
        .access_token(token())
        .danger_allow_insecure_http()
        .build();
    assert!(opted_in.is_ok());
    // A login's token URL obeys the same rule.
    let login = Login::client_credentials("id", ClientSecret::new(SECRET))
        .token_url("http://auth.example.com/oauth2/access_token");
    let error = Client::builder()
        .base_url("https://api.example.com")
        .login(login)
        .build()
        .err();
    assert!(
        matches!(&error, Some(BuildError::InsecureUrl { what, .. }) if what == "token URL"),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_token_request_is_never_redirected_even_with_a_callers_client() {
    for status in [307, 308, 302] {
        let elsewhere = Server::start(|_| {
            Reply::json(200, r#"{"access_token":"SECRET-evil","expires_in":60}"#)
        })
        .await;
        let location = format!("{}/steal", elsewhere.base_url());
        let tokens =
            Server::start(move |_| Reply::json(status, "{}").header("Location", location.clone()))
                .await;
        crate::http::crypto::install_crypto_provider();
        // reqwest's default policy follows up to 10 redirects.
        let follows = reqwest::Client::new();
        let login = Login::client_credentials("id", ClientSecret::new(SECRET))
            .token_url(format!("{}/oauth2/access_token", tokens.base_url()));
        let client = Client::builder()
            .base_url(tokens.base_url())
            .login(login)
            .http_client(follows)
            .timeout(Duration::from_secs(5))
            .build()
            .unwrap();
        let error = client.login().await.unwrap_err();
        assert!(
            matches!(&error, LoginError::InvalidResponse { reason, .. } if reason.contains("redirected")),
            "{status}: {error:?}"
        );
        for request in elsewhere.requests() {
            assert!(
                !request.body_text().contains(SECRET) && !request.target.contains(SECRET),
                "{status}: the credentials reached another host: {request:?}"
            );
        }
        assert_eq!(tokens.requests().len(), 1, "{status}");
    }
}
