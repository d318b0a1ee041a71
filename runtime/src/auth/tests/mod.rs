//! Login over real HTTP: a token server and an API server on 127.0.0.1, both started here.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use serde_json::{Value, json};

mod cancel;
mod errors;

use super::{BoxFuture, Login, LoginError, Pkce, Token, TokenSource};
use crate::http::client::{Client, ClientBuilder};
use crate::http::request::RequestParts;
use crate::values::secret::{AuthorizationCode, ClientSecret, Password, RefreshToken};
use crate::values::token::AccessToken;
use crate::wire::operation::Operation;
use rambase_testkit::{Reply, Request, Server};

/// The error of a call of the test operation.
pub(super) type CallError =
    crate::errors::call_error::CallError<crate::http::tests::PhoneErrorCode>;

pub(super) const CLIENT_ID: &str = "app-client";
pub(super) const CLIENT_SECRET: &str = "SECRET-client-7c1d";
pub(super) const PASSWORD: &str = "SECRET-pass word+/ø";
pub(super) const GET: Operation = Operation::new(reqwest::Method::GET, "/x", 1, 1, 200);
pub(super) const POST: Operation = Operation::new(reqwest::Method::POST, "/x", 1, 1, 200);

/// What the token server knows: tokens it issued and which are still valid.
pub(super) struct Issuer {
    issued: u32,
    pub(super) valid_access: Vec<String>,
    pub(super) valid_refresh: Option<String>,
    expires_in: Value,
    challenge: Option<String>,
    /// Answers 503 to every token request.
    pub(super) broken: bool,
}

impl Issuer {
    fn issue(&mut self, with_refresh: bool) -> Reply {
        self.issued += 1;
        let access = format!("SECRET-access-{}", self.issued);
        self.valid_access.push(access.clone());
        let mut body = json!({"access_token": access, "expires_in": self.expires_in});
        if with_refresh {
            let refresh = format!("SECRET-refresh-{}", self.issued);
            self.valid_refresh = Some(refresh.clone());
            body["refresh_token"] = json!(refresh);
        }
        Reply::json(200, body.to_string())
    }

    /// The token endpoint, as api-facts.md describes it.
    fn answer(&mut self, request: &Request) -> Reply {
        if self.broken {
            return Reply::html(503, "down");
        }
        let form = |name| request.form(name);
        let refused = |code: u32, message: String| {
            let body = json!({"error_code": code, "message": message});
            Reply::json(400, body.to_string())
        };
        let form_type = request.header("content-type").unwrap_or_default();
        if request.method != "POST" || !form_type.starts_with("application/x-www-form-urlencoded") {
            return refused(1, "not a form POST".into());
        }
        if form("client_id").as_deref() != Some(CLIENT_ID)
            || form("client_secret").as_deref() != Some(CLIENT_SECRET)
        {
            return refused(2, format!("invalid client {:?}", form("client_secret")));
        }
        match form("grant_type").as_deref() {
            Some("client_credentials") => self.issue(false),
            Some("password") => self.password(request),
            Some("refresh_token") => {
                if form("refresh_token").is_some() && form("refresh_token") == self.valid_refresh {
                    self.issue(true)
                } else {
                    refused(
                        3,
                        format!("invalid refresh token {:?}", form("refresh_token")),
                    )
                }
            }
            Some("authorization_code") => {
                let verifier = form("code_verifier").unwrap_or_default();
                let challenge = Pkce::from_verifier(super::PkceVerifier::new(verifier));
                if form("code").as_deref() == Some("SECRET-code")
                    && self.challenge.as_deref() == Some(challenge.challenge())
                {
                    self.challenge = None; // a code is used once
                    self.issue(true)
                } else {
                    refused(4, "invalid code".into())
                }
            }
            _ => refused(1, "unsupported grant".into()),
        }
    }

    fn password(&mut self, request: &Request) -> Reply {
        let (user, password) = (request.form("username"), request.form("password"));
        if password.as_deref() != Some(PASSWORD) {
            // A careless server echoes the password, JSON-escaped.
            let echo = serde_json::to_string(&password).unwrap_or_default();
            let body = format!(r#"{{"error_code":1,"message":"wrong password {echo}"}}"#);
            return Reply::json(400, body);
        }
        if user.as_deref() == Some("otp-user") && request.form("otp").as_deref() != Some("123456") {
            let body = json!({"error_code": 5, "otp_required": true, "otp_method": "sms",
                              "message": "one-time password required"});
            return Reply::json(400, body.to_string());
        }
        if user.as_deref() == Some("multi") && request.form("target").is_none() {
            let body = json!({"error_code": "10", "message": "choose a target",
                              "targets": ["PROD", {"name": "TEST"}]});
            return Reply::json(400, body.to_string());
        }
        self.issue(true)
    }
}

/// A token server and an API server sharing what the first issued.
pub(super) struct Rig {
    pub(super) tokens: Server,
    pub(super) api: Server,
    pub(super) issuer: Arc<Mutex<Issuer>>,
}

impl Rig {
    pub(super) async fn start(expires_in: Value, token_delay: Duration) -> Rig {
        let issuer = Arc::new(Mutex::new(Issuer {
            issued: 0,
            valid_access: Vec::new(),
            valid_refresh: None,
            expires_in,
            challenge: None,
            broken: false,
        }));
        let state = Arc::clone(&issuer);
        let tokens =
            Server::start(move |request| lock(&state).answer(request).after(token_delay)).await;
        let state = Arc::clone(&issuer);
        let api = Server::start(move |request| {
            let bearer = request.header("authorization").unwrap_or_default();
            let valid = lock(&state)
                .valid_access
                .iter()
                .any(|token| bearer == format!("Bearer {token}"));
            if valid {
                Reply::json(200, r#"{"x":{"ok":true}}"#)
            } else {
                // Echo the rejected header, percent-encoded, as a careless server might.
                let echo = crate::wire::url::encode_path_segment(bearer);
                Reply::json(401, format!(r#"{{"message":"expired {echo}"}}"#))
            }
        })
        .await;
        Rig {
            tokens,
            api,
            issuer,
        }
    }

    pub(super) fn client(&self, login: Login) -> Client {
        self.builder(login).build().unwrap()
    }

    /// A client of the API server that logs in at the token server.
    pub(super) fn builder(&self, login: Login) -> ClientBuilder {
        Client::builder()
            .base_url(self.api.base_url())
            .login(login.token_url(format!("{}/oauth2/access_token", self.tokens.base_url())))
            .timeout(Duration::from_secs(5))
    }

    pub(super) fn revoke_all(&self) {
        lock(&self.issuer).valid_access.clear();
    }
}

pub(super) fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

pub(super) fn secret() -> ClientSecret {
    ClientSecret::new(CLIENT_SECRET)
}

pub(super) fn password_login(user: &str, password: &str) -> Login {
    Login::password(CLIENT_ID, secret(), user, Password::new(password))
}

pub(super) async fn get(client: &Client) -> Result<Value, CallError> {
    client.send(&GET, RequestParts::new("/x"), "x").await
}

/// Asserts that no secret of these tests shows in `text`.
pub(super) fn assert_no_secret(text: &str) {
    assert!(!text.contains("SECRET"), "a secret leaked: {text}");
    assert!(!text.contains("7c1d"), "a secret leaked: {text}");
}

#[tokio::test]
async fn client_credentials_are_sent_as_a_form_and_the_token_as_a_bearer() {
    let rig = Rig::start(json!(3600), Duration::ZERO).await;
    let client = rig.client(Login::client_credentials(CLIENT_ID, secret()));
    assert_eq!(get(&client).await.unwrap()["ok"], true);
    assert_eq!(get(&client).await.unwrap()["ok"], true);
    let token_requests = rig.tokens.requests();
    assert_eq!(token_requests.len(), 1, "the cached token is reused");
    let request = &token_requests[0];
    assert_eq!(request.target, "/oauth2/access_token", "nothing in the URL");
    assert_eq!(
        request.form("grant_type").as_deref(),
        Some("client_credentials")
    );
    assert_eq!(
        request.form("client_secret").as_deref(),
        Some(CLIENT_SECRET)
    );
    let api = rig.api.requests();
    assert_eq!(
        api[1].header("authorization"),
        Some("Bearer SECRET-access-1")
    );
    assert!(api.iter().all(|r| !r.target.contains("SECRET")));
    assert_no_secret(&format!("{client:?}"));
    assert!(client.refresh_token().await.is_none());
}

#[tokio::test]
async fn the_token_is_renewed_a_margin_before_it_expires() {
    // `expires_in` as a string; a 1 s lifetime is renewed after half of it at the latest.
    let rig = Rig::start(json!("1"), Duration::ZERO).await;
    let client = rig.client(Login::client_credentials(CLIENT_ID, secret()));
    get(&client).await.unwrap();
    get(&client).await.unwrap();
    assert_eq!(rig.tokens.requests().len(), 1);
    tokio::time::sleep(Duration::from_millis(600)).await;
    // Due for renewal but valid: used while the renewal runs in the background.
    get(&client).await.unwrap();
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(rig.tokens.requests().len(), 2);
    get(&client).await.unwrap();
    let api = rig.api.requests();
    assert_eq!(
        api[3].header("authorization"),
        Some("Bearer SECRET-access-2")
    );
    // The same with a number, and a margin that asks for less than half.
    let rig = Rig::start(json!(2), Duration::ZERO).await;
    let client = rig
        .builder(Login::client_credentials(CLIENT_ID, secret()))
        .token_renewal_margin(Duration::from_millis(200))
        .build()
        .unwrap();
    get(&client).await.unwrap();
    tokio::time::sleep(Duration::from_millis(1000)).await;
    get(&client).await.unwrap();
    assert_eq!(
        rig.tokens.requests().len(),
        1,
        "still 800 ms before the margin"
    );
    tokio::time::sleep(Duration::from_millis(1000)).await;
    get(&client).await.unwrap();
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(rig.tokens.requests().len(), 2);
}

#[tokio::test]
async fn a_token_due_for_renewal_is_used_until_it_expires_when_the_renewal_fails() {
    let rig = Rig::start(json!(2), Duration::ZERO).await;
    let client = rig
        .builder(Login::client_credentials(CLIENT_ID, secret()))
        .token_renewal_margin(Duration::from_millis(1500))
        .build()
        .unwrap();
    get(&client).await.unwrap();
    // After 1.2 s the token is due (renewed at 1 s) but valid until 2 s; the endpoint refuses.
    tokio::time::sleep(Duration::from_millis(1200)).await;
    lock(&rig.issuer).broken = true;
    get(&client).await.unwrap();
    tokio::time::sleep(Duration::from_millis(100)).await;
    get(&client).await.unwrap();
    assert_eq!(
        rig.tokens.requests().len(),
        2,
        "one failed renewal, then a pause"
    );
    let api = rig.api.requests();
    assert!(
        api.iter()
            .all(|r| r.header("authorization") == Some("Bearer SECRET-access-1"))
    );
}

#[tokio::test]
async fn a_401_renews_once_and_resends_once_even_a_post() {
    let rig = Rig::start(json!(3600), Duration::ZERO).await;
    let client = rig.client(Login::client_credentials(CLIENT_ID, secret()));
    get(&client).await.unwrap();
    rig.revoke_all();
    let posted: Value = client
        .send(&POST, RequestParts::new("/x"), "x")
        .await
        .unwrap();
    assert_eq!(posted["ok"], true);
    assert_eq!(rig.tokens.requests().len(), 2);
    let api = rig.api.requests();
    assert_eq!(api.len(), 3);
    assert_eq!(
        api[1].header("authorization"),
        Some("Bearer SECRET-access-1")
    );
    assert_eq!(
        api[2].header("authorization"),
        Some("Bearer SECRET-access-2")
    );

    // A server that refuses every token: one renewal, one resend, then Unauthorized.
    let refusing = Server::start(|_| Reply::json(401, "{}")).await;
    let client = rig
        .builder(Login::client_credentials(CLIENT_ID, secret()))
        .base_url(refusing.base_url())
        .build()
        .unwrap();
    let error = client
        .send::<Value>(&POST, RequestParts::new("/x"), "x")
        .await
        .unwrap_err();
    assert!(matches!(error, CallError::Unauthorized(_)), "{error:?}");
    assert_eq!(refusing.requests().len(), 2);
    assert_eq!(rig.tokens.requests().len(), 4);
}

/// `n` calls of the same client at once, each in a task of its own.
fn concurrently(client: &Client, n: usize) -> Vec<tokio::task::JoinHandle<Result<(), CallError>>> {
    (0..n)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { get(&client).await.map(|_| ()) })
        })
        .collect()
}

async fn all_succeed(calls: Vec<tokio::task::JoinHandle<Result<(), CallError>>>) {
    for call in calls {
        call.await.unwrap().unwrap();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_calls_share_a_single_token_request() {
    let rig = Rig::start(json!(3600), Duration::from_millis(200)).await;
    let client = rig.client(Login::client_credentials(CLIENT_ID, secret()));
    all_succeed(concurrently(&client, 100)).await;
    assert_eq!(rig.tokens.requests().len(), 1);
    assert_eq!(rig.api.requests().len(), 100);

    // 100 calls that all get a 401 for the same token renew it once.
    rig.revoke_all();
    all_succeed(concurrently(&client, 100)).await;
    assert_eq!(rig.tokens.requests().len(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn calls_waiting_for_a_refused_login_share_the_refusal() {
    let rig = Rig::start(json!(3600), Duration::from_millis(200)).await;
    let client = rig.client(password_login("jane", "SECRET-wrong"));
    for call in concurrently(&client, 50) {
        let error = call.await.unwrap().unwrap_err();
        assert!(
            matches!(
                error.login_error(),
                Some(LoginError::InvalidUserOrPassword(_))
            ),
            "{error:?}"
        );
        assert_no_secret(&format!("{error} {error:?}"));
    }
    assert_eq!(rig.tokens.requests().len(), 1, "one refused login, not 50");
    // A later call tries again (the user may have fixed something meanwhile).
    assert!(client.login().await.is_err());
    assert_eq!(rig.tokens.requests().len(), 2);
}

#[tokio::test]
async fn refresh_tokens_rotate_and_the_newest_is_kept() {
    let rig = Rig::start(json!(1), Duration::ZERO).await;
    let client = rig.client(password_login("jane", PASSWORD));
    for _ in 0..3 {
        get(&client).await.unwrap();
        tokio::time::sleep(Duration::from_millis(550)).await;
    }
    let grants: Vec<_> = rig
        .tokens
        .requests()
        .iter()
        .map(|r| (r.form("grant_type"), r.form("refresh_token")))
        .collect();
    let some = |s: &str| Some(s.to_owned());
    assert_eq!(
        grants,
        [
            (some("password"), None),
            (some("refresh_token"), some("SECRET-refresh-1")),
            (some("refresh_token"), some("SECRET-refresh-2")),
        ]
    );
    let newest = client.refresh_token().await.unwrap();
    assert_eq!(newest.expose_secret(), "SECRET-refresh-3");

    // A stored refresh token logs in; once it is refused, the password grant is used again.
    let client = rig.client(Login::refresh_token(CLIENT_ID, secret(), newest));
    get(&client).await.unwrap();
    lock(&rig.issuer).valid_refresh = None;
    let client = rig.client(password_login("jane", PASSWORD));
    get(&client).await.unwrap();
    lock(&rig.issuer).valid_refresh = None;
    rig.revoke_all();
    get(&client).await.unwrap();
    let last: Vec<_> = rig
        .tokens
        .requests()
        .iter()
        .rev()
        .take(2)
        .map(|r| r.form("grant_type"))
        .collect();
    assert_eq!(last, [some("password"), some("refresh_token")]);
}

#[tokio::test]
async fn each_login_error_is_typed_and_shows_no_secret() {
    let rig = Rig::start(json!(3600), Duration::ZERO).await;
    let otp = rig.client(password_login("otp-user", PASSWORD));
    let error = otp.login().await.unwrap_err();
    assert!(
        matches!(&error, LoginError::OtpRequired { method: Some(m), .. } if m == "sms"),
        "{error:?}"
    );
    let with_otp = rig.client(password_login("otp-user", PASSWORD).otp("123456"));
    with_otp.login().await.unwrap();

    let multi = rig.client(password_login("multi", PASSWORD));
    let error = multi.login().await.unwrap_err();
    let LoginError::TargetRequired { targets, .. } = &error else {
        panic!("{error:?}");
    };
    let names: Vec<_> = targets.iter().map(super::Target::name).collect();
    assert_eq!(names, ["PROD", "TEST"]);
    let chosen = rig.client(password_login("multi", PASSWORD).target("PROD"));
    chosen.login().await.unwrap();
    let last = rig.tokens.requests().pop().unwrap();
    assert_eq!(last.form("target").as_deref(), Some("PROD"));

    let wrong = rig.client(password_login("jane", "SECRET-wrong+/ø \"x\""));
    let error = wrong.login().await.unwrap_err();
    assert!(
        matches!(error, LoginError::InvalidUserOrPassword(_)),
        "{error:?}"
    );
    assert!(error.to_string().contains("ask the user"), "{error}");
    assert!(error.is_refusal());
    assert_no_secret(&format!(
        "{error} {error:?} {:?}",
        error.api_error().map(|e| e.message())
    ));
    let call_error = get(&wrong).await.unwrap_err();
    assert!(matches!(call_error, CallError::Login(_)), "{call_error:?}");
    assert!(!call_error.outcome_unknown());
    assert_no_secret(&format!("{call_error} {call_error:?}"));

    let bad_client = rig.client(Login::client_credentials(
        CLIENT_ID,
        ClientSecret::new("SECRET-other"),
    ));
    let error = bad_client.login().await.unwrap_err();
    assert!(matches!(error, LoginError::InvalidClient(_)), "{error:?}");
    assert_eq!(error.code(), Some(2), "the token endpoint's error_code");
    assert!(error.to_string().contains("client secret"), "{error}");
    assert_no_secret(&format!("{error} {error:?}"));
    assert_eq!(rig.api.requests().len(), 0, "no call without a token");
}

#[tokio::test]
async fn authorization_code_with_pkce_is_exchanged_once() {
    let rig = Rig::start(json!(3600), Duration::ZERO).await;
    let pkce = Pkce::new().unwrap();
    lock(&rig.issuer).challenge = Some(pkce.challenge().to_owned());
    let login = Login::authorization_code(
        CLIENT_ID,
        secret(),
        AuthorizationCode::new("SECRET-code"),
        "http://localhost/cb",
    )
    .pkce(&pkce);
    let client = rig.client(login);
    get(&client).await.unwrap();
    let exchange = &rig.tokens.requests()[0];
    assert_eq!(
        exchange.form("redirect_uri").as_deref(),
        Some("http://localhost/cb")
    );
    assert_eq!(
        exchange.form("code_verifier").as_deref(),
        Some(pkce.verifier().expose_secret())
    );
    // Renewal uses the refresh token; once it is refused, the used code is not sent again.
    rig.revoke_all();
    get(&client).await.unwrap();
    assert_eq!(
        rig.tokens.requests()[1].form("grant_type").as_deref(),
        Some("refresh_token")
    );
    rig.revoke_all();
    lock(&rig.issuer).valid_refresh = None;
    let error = get(&client).await.unwrap_err();
    assert!(
        matches!(
            error.login_error(),
            Some(LoginError::RefreshTokenRejected(_))
        ),
        "{error:?}"
    );
    assert_eq!(rig.tokens.requests().len(), 3);
    assert_no_secret(&format!("{error} {error:?}"));
}

/// A token source of the application, counting its calls.
struct Counting(Arc<Mutex<u32>>);

impl TokenSource for Counting {
    fn fetch_token(&self) -> BoxFuture<'_, Result<Token, LoginError>> {
        Box::pin(async move {
            let mut count = lock(&self.0);
            *count += 1;
            let token = AccessToken::new(format!("SECRET-access-{count}"))
                .map_err(|error| LoginError::Source(Box::new(error)))?;
            Ok(Token::new(token, None))
        })
    }
}

#[tokio::test]
async fn an_own_token_source_is_cached_and_renewed_after_a_401() {
    let rig = Rig::start(json!(3600), Duration::ZERO).await;
    // The API server accepts what the issuer issued: issue two tokens the source will return.
    {
        let mut issuer = lock(&rig.issuer);
        issuer.valid_access = vec!["SECRET-access-1".into(), "SECRET-access-2".into()];
    }
    let count = Arc::new(Mutex::new(0));
    let client = Client::builder()
        .base_url(rig.api.base_url())
        .token_source(Counting(Arc::clone(&count)))
        .build()
        .unwrap();
    get(&client).await.unwrap();
    get(&client).await.unwrap();
    assert_eq!(*lock(&count), 1);
    lock(&rig.issuer).valid_access.remove(0);
    get(&client).await.unwrap();
    assert_eq!(*lock(&count), 2);
    // A fixed token is never renewed: the 401 is the answer.
    let fixed = client.with_access_token(AccessToken::new("SECRET-fixed").unwrap());
    let error = get(&fixed).await.unwrap_err();
    assert!(matches!(error, CallError::Unauthorized(_)));
    assert_no_secret(&format!("{error} {error:?}"));
    assert_eq!(*lock(&count), 2);
    let _ = RefreshToken::new("unused");
}
