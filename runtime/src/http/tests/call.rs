//! Retries, the tracing span of a call, and the redaction property test, over real HTTP.

use std::fmt::{self, Write as _};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use proptest::prelude::*;
use serde_json::Value;
use tracing::field::{Field, Visit};
use tracing::instrument::WithSubscriber;
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

use crate::auth::Login;
use crate::http::client::Client;
use crate::http::request::RequestParts;
use crate::http::retry::RetryPolicy;
use crate::http::tests::leak::shown;
use crate::values::secret::{ClientSecret, Password};
use crate::values::token::AccessToken;
use crate::wire::operation::Operation;
use crate::wire::url::encode_path_segment;
use rambase_testkit::{Reply, Server};

/// The error of a call of the test operation.
type CallError = crate::errors::call_error::CallError<crate::http::tests::PhoneErrorCode>;

const TOKEN: &str = "SECRET-call-token+/=";

fn operation(method: reqwest::Method) -> Operation {
    Operation::new(method, "/contacts/{contactId}", 3119, 5, 200)
}

/// A server that answers 503 to the first `failures` requests of each method, then 200.
async fn flaky(failures: usize, status: u16) -> Server {
    let seen = Arc::new(Mutex::new(Vec::<String>::new()));
    Server::start(move |request| {
        let mut seen = seen.lock().unwrap_or_else(PoisonError::into_inner);
        seen.push(request.method.clone());
        let count = seen.iter().filter(|m| **m == request.method).count();
        if count <= failures {
            Reply::html(status, "<html>busy</html>")
        } else {
            Reply::json(200, r#"{"x":{}}"#)
        }
    })
    .await
}

fn client(url: &str, retry: Option<RetryPolicy>) -> Client {
    let builder = Client::builder()
        .base_url(url)
        .access_token(AccessToken::new(TOKEN).unwrap());
    match retry {
        Some(policy) => builder.retry(policy),
        None => builder,
    }
    .build()
    .unwrap()
}

fn quick(retries: u32) -> RetryPolicy {
    RetryPolicy::new(retries).initial_backoff(Duration::from_millis(5))
}

async fn call(client: &Client, method: reqwest::Method) -> Result<Value, CallError> {
    let parts = RequestParts::new("/contacts/100001");
    client.send(&operation(method), parts, "x").await
}

#[tokio::test]
async fn get_put_and_delete_are_retried_on_gateway_errors_up_to_the_bound() {
    for status in [502, 503, 504] {
        let server = flaky(2, status).await;
        let client = client(server.base_url(), Some(quick(2)));
        for method in [
            reqwest::Method::GET,
            reqwest::Method::PUT,
            reqwest::Method::DELETE,
        ] {
            call(&client, method).await.unwrap();
        }
        assert_eq!(server.requests().len(), 9, "{status}");
    }
    // One failure more than the policy allows: the gateway error is the answer.
    let server = flaky(3, 503).await;
    let error = call(
        &client(server.base_url(), Some(quick(2))),
        reqwest::Method::GET,
    )
    .await
    .unwrap_err();
    assert_eq!(error.status(), Some(503));
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn a_post_is_never_retried_and_nothing_is_retried_without_a_policy() {
    let server = flaky(1, 503).await;
    let error = call(
        &client(server.base_url(), Some(quick(5))),
        reqwest::Method::POST,
    )
    .await
    .unwrap_err();
    assert_eq!(error.status(), Some(503));
    assert_eq!(server.requests().len(), 1, "one POST, whatever the policy");

    let server = flaky(1, 502).await;
    let error = call(&client(server.base_url(), None), reqwest::Method::GET)
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(502));
    assert_eq!(server.requests().len(), 1);

    let server = flaky(1, 500).await;
    let error = call(
        &client(server.base_url(), Some(quick(5))),
        reqwest::Method::GET,
    )
    .await
    .unwrap_err();
    assert_eq!(error.status(), Some(500));
    assert_eq!(server.requests().len(), 1, "a 500 may have done something");
}

#[tokio::test]
async fn connect_errors_are_retried_for_a_get_but_not_for_a_post() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let client = client(&url, Some(quick(2)));
    for (method, attempts) in [(reqwest::Method::GET, 3), (reqwest::Method::POST, 1)] {
        let capture = Capture::default();
        let error = call(&client, method.clone())
            .with_subscriber(tracing::Dispatch::new(capture.clone()))
            .await
            .unwrap_err();
        assert!(
            matches!(&error, CallError::Transport(t) if t.is_connect()),
            "{error:?}"
        );
        let span = capture
            .lines()
            .into_iter()
            .find(|(name, _)| name == "rambase_call")
            .map(|(_, text)| text)
            .unwrap_or_default();
        assert!(
            span.contains(&format!("attempts={attempts}")),
            "{method}: {span}"
        );
    }
}

/// Every span and event, with its fields as a subscriber that prints everything would.
#[derive(Clone, Default)]
struct Capture {
    spans: Arc<Mutex<Vec<(String, String)>>>,
    next: Arc<AtomicU64>,
}

struct Fields<'a>(&'a mut String);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        let _ = write!(self.0, " {}={value:?}", field.name());
    }
}

impl Capture {
    fn lines(&self) -> Vec<(String, String)> {
        self.spans
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

impl Subscriber for Capture {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }

    fn max_level_hint(&self) -> Option<tracing::level_filters::LevelFilter> {
        Some(tracing::level_filters::LevelFilter::TRACE)
    }

    fn new_span(&self, attributes: &Attributes<'_>) -> Id {
        let mut text = String::new();
        attributes.record(&mut Fields(&mut text));
        let mut spans = self.spans.lock().unwrap_or_else(PoisonError::into_inner);
        spans.push((attributes.metadata().name().to_owned(), text));
        self.next.fetch_add(1, Ordering::SeqCst);
        Id::from_u64(spans.len() as u64)
    }

    fn record(&self, span: &Id, values: &Record<'_>) {
        let mut spans = self.spans.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some((_, text)) = usize::try_from(span.into_u64() - 1)
            .ok()
            .and_then(|index| spans.get_mut(index))
        {
            values.record(&mut Fields(text));
        }
    }

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let mut text = String::new();
        event.record(&mut Fields(&mut text));
        let mut spans = self.spans.lock().unwrap_or_else(PoisonError::into_inner);
        spans.push(("event".to_owned(), text));
    }

    fn enter(&self, _: &Id) {}

    fn exit(&self, _: &Id) {}
}

#[tokio::test]
async fn each_call_has_a_span_with_its_facts_and_without_secrets_or_query_values() {
    let gets = Arc::new(Mutex::new(0));
    let server = Server::start(move |request| {
        if request.target.starts_with("/oauth2/") {
            return Reply::json(200, r#"{"access_token":"SECRET-t","expires_in":"60"}"#);
        }
        let mut gets = gets.lock().unwrap_or_else(PoisonError::into_inner);
        *gets += 1;
        if *gets == 1 {
            Reply::html(503, "busy")
        } else {
            Reply::json(200, r#"{"x":{}}"#)
        }
    })
    .await;
    let capture = Capture::default();
    let client = Client::builder()
        .base_url(server.base_url())
        .login(
            Login::password(
                CLIENT,
                ClientSecret::new("SECRET-c"),
                "u",
                Password::new("SECRET-p"),
            )
            .token_url(format!("{}/oauth2/access_token", server.base_url())),
        )
        .token_in_query(true)
        .retry(quick(1))
        .build()
        .unwrap();
    let mut parts = RequestParts::new("/contacts/100001");
    parts.query("$filter", "Name eq 'QUERYVALUE'");
    let dispatch = tracing::Dispatch::new(capture.clone());
    let _ = client
        .send::<Value>(&operation(reqwest::Method::GET), parts, "x")
        .with_subscriber(dispatch)
        .await;
    assert_span(&capture.lines());
}

fn assert_span(lines: &[(String, String)]) {
    let call = lines
        .iter()
        .find(|(name, _)| name == "rambase_call")
        .map(|(_, text)| text.clone())
        .unwrap_or_default();
    for expected in [
        "method=GET",
        "path=\"/contacts/{contactId}\"",
        "resource=3119",
        "version=5",
        "status=200",
        "attempts=2",
        "duration_ms=",
    ] {
        assert!(call.contains(expected), "{expected} missing: {call}");
    }
    let everything = format!("{lines:?}");
    assert!(everything.contains("rambase_login"), "{everything}");
    assert!(!everything.contains("SECRET"), "{everything}");
    assert!(!everything.contains("QUERYVALUE"), "{everything}");
    assert!(!everything.contains("100001"), "{everything}");
}

const CLIENT: &str = "prop-client";

/// The secrets and answers of one property-test case.
#[derive(Default)]
struct Case {
    access: String,
    refresh: String,
    login_refusal: Option<String>,
    api: Option<Reply>,
}

/// How a server may echo a secret.
fn encode(secret: &str, how: u8) -> String {
    let mut out = String::new();
    match how {
        0 => out.push_str(secret),
        1 => secret.encode_utf16().for_each(|u| {
            let _ = write!(out, "\\u{u:04X}");
        }),
        2 => {
            let json = serde_json::to_string(secret).unwrap_or_default();
            out.push_str(&json[1..json.len() - 1].replace('/', "\\/"));
        }
        3 => out.push_str(&encode_path_segment(secret)),
        4 => secret.bytes().for_each(|b| {
            let _ = write!(out, "%{b:02x}");
        }),
        5 => out.push_str(&encode_path_segment(secret).replace("%20", "+")),
        6 => secret.chars().for_each(|c| {
            let _ = write!(out, "&#{};", u32::from(c));
        }),
        _ => secret.chars().for_each(|c| match c {
            'a'..='z' | 'A'..='Z' | '0'..='9' => out.push(c),
            _ => {
                let _ = write!(out, "&#x{:X};", u32::from(c));
            }
        }),
    }
    out
}

/// Where the echo goes: a field of a JSON error body, an HTML page, an undecodable success
/// body, a redirect, or the token endpoint's refusal.
fn answer(place: u8, echo: &str) -> (Option<Reply>, Option<String>) {
    let json = |body: String| Some(Reply::json(400, body));
    match place {
        0 => (json(format!(r#"{{"message":"{echo}"}}"#)), None),
        1 => (
            json(format!(r#"{{"parameters":[{{"value":"{echo}"}}]}}"#)),
            None,
        ),
        2 => (
            json(format!(r#"{{"innerErrors":[{{"message":"{echo}"}}]}}"#)),
            None,
        ),
        3 => (
            json(format!(
                r#"{{"errorMessage":{{"errorMessageLink":"{echo}"}}}}"#
            )),
            None,
        ),
        4 => (json(format!(r#"{{"translatedMessage":"{echo}"}}"#)), None),
        5 => (Some(Reply::html(502, echo)), None),
        6 => (Some(Reply::json(200, echo)), None),
        7 => (Some(Reply::html(302, echo)), None),
        _ => (
            None,
            Some(format!(r#"{{"error_code":1,"message":"{echo}"}}"#)),
        ),
    }
}

fn serve(case: &Arc<Mutex<Case>>, request: &rambase_testkit::Request) -> Reply {
    let case = case.lock().unwrap_or_else(PoisonError::into_inner);
    if request.target.starts_with("/oauth2/") {
        if let Some(body) = &case.login_refusal {
            return Reply::json(400, body.clone());
        }
        let body = serde_json::json!({"access_token": case.access, "refresh_token": case.refresh,
                                      "expires_in": 3600});
        return Reply::json(200, body.to_string());
    }
    case.api.clone().unwrap_or_else(|| Reply::json(500, "{}"))
}

proptest! {
    // No regression files in the source tree; a failure prints its case. 160 cases where CI
    // asks for full strength, 48 locally.
    #![proptest_config(ProptestConfig {
        cases: if rambase_testkit::full_strength() { 160 } else { 48 },
        failure_persistence: None, ..ProptestConfig::default()
    })]

    #[test]
    fn no_secret_shows_whatever_the_echo(
        access in "[A-Za-z0-9+/=._~-]{12,40}",
        refresh in "[A-Za-z0-9+/=._~-]{12,40}",
        client_secret in "[ -~]{10,30}",
        password in "[ -~øåé€]{10,30}",
        which in 0_usize..4,
        how in 0_u8..8,
        place in 0_u8..9,
        prefix in 0_usize..700,
    ) {
        let secrets = [&access, &refresh, &client_secret, &password];
        // A refused login hands out no token: only the credentials are the client's secrets.
        let which = if place == 8 { 2 + which % 2 } else { which };
        let echo = format!("{}{} end", "q".repeat(prefix), encode(secrets[which], how));
        let (api, login_refusal) = answer(place, &echo);
        let shown = RUNTIME.with(|(runtime, server, case)| {
            *case.lock().unwrap_or_else(PoisonError::into_inner) = Case {
                access: access.clone(), refresh: refresh.clone(), login_refusal, api,
            };
            runtime.block_on(async {
                let login = Login::password(
                    CLIENT, ClientSecret::new(client_secret.as_str()), "user",
                    Password::new(password.as_str()),
                ).token_url(format!("{}/oauth2/access_token", server.base_url()));
                let client = Client::builder().base_url(server.base_url()).login(login).build().unwrap();
                let mut text = format!("{client:?}");
                if let Err(error) = client.login().await {
                    text.push_str(&format!(" {error} {error:?}"));
                }
                match client.send::<Value>(&operation(reqwest::Method::GET), RequestParts::new("/x"), "x").await {
                    Ok(value) => text.push_str(&value.to_string()),
                    Err(error) => text.push_str(&shown(&error)),
                }
                text
            })
        });
        for secret in secrets {
            prop_assert!(!shown.contains(secret.as_str()), "{} leaked: {}", secret, shown);
        }
        prop_assert!(!shown.contains(&encode(secrets[which], how)), "echo leaked: {}", shown);
    }
}

thread_local! {
    /// One runtime and one server for all cases of the property test.
    static RUNTIME: (tokio::runtime::Runtime, Server, Arc<Mutex<Case>>) = {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        let case = Arc::new(Mutex::new(Case::default()));
        let shared = Arc::clone(&case);
        let server = runtime.block_on(Server::start(move |request| serve(&shared, request)));
        (runtime, server, case)
    };
}
