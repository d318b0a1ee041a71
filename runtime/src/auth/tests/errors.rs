//! Login errors as a RamBase token endpoint sends them, over real HTTP: each typed by cause,
//! with the endpoint's code and message and a hint of what to do.

use std::time::Duration;

use serde_json::{Value, json};

use super::{CLIENT_ID, CLIENT_SECRET, CallError, POST, Rig, assert_no_secret, get, lock};
use crate::auth::{Login, LoginError};
use crate::http::client::Client;
use crate::http::request::RequestParts;
use crate::values::secret::{ClientSecret, Password, RefreshToken};
use rambase_testkit::{Reply, Request, Server};

/// A token endpoint for a user with two targets: `error_code` 10 with the targets until one is
/// chosen, then a token for a test system. A wrong secret is `error_code` 2.
fn emulator(request: &Request) -> Reply {
    if request.form("client_secret").as_deref() != Some(CLIENT_SECRET) {
        let body = json!({"error_code": 2, "message": "Client authentication failed"});
        return Reply::json(401, body.to_string());
    }
    if request.form("grant_type").as_deref() == Some("refresh_token") {
        let body = json!({"error_code": 7, "message": "Refresh token expired at 2026-12-01"});
        return Reply::json(400, body.to_string());
    }
    match request.form("target").as_deref() {
        None => {
            let body = json!({
                "error_code": 10,
                "message": "Select a target",
                "targets": [
                    {"target_name": "ACME-PROD", "description": "Acme production"},
                    {"target_name": "ACME-TEST", "description": "Acme test system"}
                ]
            });
            Reply::json(400, body.to_string())
        }
        Some(_) => {
            let body = json!({"access_token": "SECRET-a", "expires_in": 3600,
                              "is_target_test_system": true});
            Reply::json(200, body.to_string())
        }
    }
}

async fn client_of(server: &Server, login: Login) -> Client {
    Client::builder()
        .base_url(server.base_url())
        .login(login)
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap()
}

fn user(secret: &str) -> Login {
    Login::password(
        CLIENT_ID,
        ClientSecret::new(secret),
        "jane",
        Password::new("SECRET-pw"),
    )
}

#[tokio::test]
async fn several_targets_are_listed_with_their_descriptions() {
    let server = Server::start(emulator).await;
    let client = client_of(&server, user(CLIENT_SECRET)).await;
    let error = client.login().await.unwrap_err();
    let LoginError::TargetRequired { targets, .. } = &error else {
        panic!("{error:?}");
    };
    let listed: Vec<_> = targets
        .iter()
        .map(|t| (t.name(), t.description()))
        .collect();
    assert_eq!(
        listed,
        [
            ("ACME-PROD", Some("Acme production")),
            ("ACME-TEST", Some("Acme test system"))
        ]
    );
    assert_eq!(error.code(), Some(10));
    assert_eq!(error.message(), Some("Select a target"));
    let text = error.to_string();
    assert!(text.contains("ACME-TEST (Acme test system)"), "{text}");
    assert!(text.contains("Login::target"), "{text}");
    assert_eq!(client.is_target_test_system(), None);

    let chosen = client_of(&server, user(CLIENT_SECRET).target("ACME-TEST")).await;
    chosen.login().await.unwrap();
    assert_eq!(chosen.is_target_test_system(), Some(true));
}

#[tokio::test]
async fn a_wrong_client_secret_is_an_invalid_client_with_the_endpoints_code() {
    let server = Server::start(emulator).await;
    let client = client_of(&server, user("SECRET-wrong-secret")).await;
    let error = get(&client).await.unwrap_err();
    let Some(login) = error.login_error() else {
        panic!("{error:?}");
    };
    assert!(matches!(login, LoginError::InvalidClient(_)), "{login:?}");
    assert_eq!(login.code(), Some(2));
    assert_eq!(login.message(), Some("Client authentication failed"));
    let text = error.to_string();
    assert!(!text.contains("get a new access token"), "{text}");
    assert!(text.contains("client secret"), "{text}");
    assert!(text.contains("nothing was sent"), "{text}");
    assert!(!error.outcome_unknown());
    assert_no_secret(&format!("{error} {error:?}"));
}

#[tokio::test]
async fn a_refused_refresh_token_says_so_with_the_servers_reason() {
    let server = Server::start(emulator).await;
    let login = Login::refresh_token(
        CLIENT_ID,
        ClientSecret::new(CLIENT_SECRET),
        RefreshToken::new("SECRET-old-refresh"),
    );
    let client = client_of(&server, login).await;
    for _ in 0..2 {
        let error = get(&client).await.unwrap_err();
        let login = error.login_error();
        assert!(
            matches!(login, Some(LoginError::RefreshTokenRejected(_))),
            "{error:?}"
        );
        let text = error.to_string();
        assert!(
            text.contains("Refresh token expired at 2026-12-01"),
            "{text}"
        );
        assert!(text.contains("log in again"), "{text}");
        assert!(!text.contains("authorization code"), "{text}");
    }
}

#[tokio::test]
async fn the_resend_of_a_post_after_a_401_can_be_switched_off() {
    let rig = Rig::start(json!(3600), Duration::ZERO).await;
    let login = Login::client_credentials(CLIENT_ID, ClientSecret::new(CLIENT_SECRET));
    let client = rig
        .builder(login)
        .resend_post_after_401(false)
        .build()
        .unwrap();
    get(&client).await.unwrap();
    lock(&rig.issuer).valid_access.clear();
    let error = client
        .send::<Value>(&POST, RequestParts::new("/x"), "x")
        .await
        .unwrap_err();
    assert!(matches!(error, CallError::Unauthorized(_)), "{error:?}");
    assert_eq!(rig.api.requests().len(), 2, "the POST was sent once");
    // A GET is still resent once with a renewed token.
    get(&client).await.unwrap();
    assert_eq!(rig.tokens.requests().len(), 2);
}

#[tokio::test]
async fn echoed_secrets_never_show_in_any_login_error() {
    // A careless token endpoint echoes the form (with every secret) in each text it sends.
    let server = Server::start(|request: &Request| {
        let echo = request.body_text();
        let code = match request.form("username").as_deref() {
            Some("multi") => 10,
            Some("otp") => 5,
            _ => 2,
        };
        let body = json!({
            "error_code": code,
            "message": format!("refused {echo}"),
            "otp_method": echo,
            "targets": [{"target_name": "T", "description": format!("for {echo}")}]
        });
        Reply::json(400, body.to_string())
    })
    .await;
    for username in ["multi", "otp", "jane"] {
        let login = Login::password(
            CLIENT_ID,
            ClientSecret::new(CLIENT_SECRET),
            username,
            Password::new("SECRET-pw"),
        );
        let client = client_of(&server, login).await;
        let error = get(&client).await.unwrap_err();
        assert!(error.login_error().is_some(), "{error:?}");
        assert_no_secret(&crate::http::tests::leak::shown(&error));
        if let Some(LoginError::TargetRequired { targets, .. }) = error.login_error() {
            assert_no_secret(&format!("{:?}", targets[0].description()));
        }
    }
}
