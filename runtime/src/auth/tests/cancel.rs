//! Callers that give up (a `tokio::time::timeout` around a call) while a token request runs,
//! and the call's deadline, over real HTTP.

use std::time::{Duration, Instant};

use serde_json::json;

use super::{CLIENT_ID, CallError, PASSWORD, Rig, get, lock, password_login, secret};
use crate::auth::Login;
use crate::values::secret::RefreshToken;

/// A refresh-token login whose server rotates the refresh token, with a slow token endpoint.
async fn rotating_rig(token_delay: Duration) -> (Rig, Login) {
    let rig = Rig::start(json!(3600), token_delay).await;
    lock(&rig.issuer).valid_refresh = Some("SECRET-refresh-0".to_owned());
    let login = Login::refresh_token(CLIENT_ID, secret(), RefreshToken::new("SECRET-refresh-0"));
    (rig, login)
}

#[tokio::test]
async fn a_cancelled_renewal_keeps_the_rotated_refresh_token() {
    let (rig, login) = rotating_rig(Duration::from_secs(1)).await;
    let client = rig.client(login);
    let cancelled = tokio::time::timeout(Duration::from_millis(300), get(&client)).await;
    assert!(cancelled.is_err(), "the caller gave up");
    // The token request finishes without the caller; the server has rotated the refresh token.
    tokio::time::sleep(Duration::from_millis(1200)).await;
    let answer = get(&client).await;
    assert!(answer.is_ok(), "{answer:?}");
    assert_eq!(
        rig.tokens.requests().len(),
        1,
        "the finished request's token is used"
    );
    let newest = client
        .refresh_token()
        .await
        .map(|t| t.expose_secret().to_owned());
    assert_eq!(newest.as_deref(), Some("SECRET-refresh-1"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn callers_that_give_up_neither_restart_nor_abort_the_token_request() {
    let rig = Rig::start(json!(3600), Duration::from_secs(1)).await;
    let client = rig.client(password_login("jane", PASSWORD));
    let calls: Vec<_> = (0..20_u64)
        .map(|i| {
            let client = client.clone();
            let patience = Duration::from_millis(300 + 50 * i);
            tokio::spawn(async move { tokio::time::timeout(patience, get(&client)).await })
        })
        .collect();
    let mut answered = Vec::new();
    for (i, call) in calls.into_iter().enumerate() {
        if let Ok(answer) = call.await.unwrap() {
            assert!(answer.is_ok(), "{i}: {answer:?}");
            answered.push(i);
        }
    }
    eprintln!(
        "20 callers, 1 s token endpoint: {} token request(s), answered: {answered:?}",
        rig.tokens.requests().len()
    );
    assert_eq!(
        rig.tokens.requests().len(),
        1,
        "one token request for all callers"
    );
    // The token arrives after 1 s: every caller patient enough (1.1 s and more) gets an answer.
    assert!((16..20).all(|i| answered.contains(&i)), "{answered:?}");
}

#[tokio::test]
async fn a_call_whose_login_times_out_was_never_sent() {
    let rig = Rig::start(json!(3600), Duration::from_secs(2)).await;
    let client = rig
        .builder(password_login("jane", PASSWORD))
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let error = get(&client).await.unwrap_err();
    assert!(!error.outcome_unknown(), "{error:?}");
    assert!(rig.api.requests().is_empty());
}

#[tokio::test]
async fn the_deadline_covers_login_renewal_and_resend() {
    let rig = Rig::start(json!(3600), Duration::from_millis(600)).await;
    let deadline = Duration::from_secs(1);
    // The API refuses every token: login (600 ms), 401, renewal (600 ms), resend, ...
    let api_refuses =
        rambase_testkit::Server::start(|_| rambase_testkit::Reply::json(401, "{}")).await;
    let client = rig
        .builder(password_login("jane", PASSWORD))
        .base_url(api_refuses.base_url())
        .timeout(deadline)
        .build()
        .unwrap();
    let started = Instant::now();
    let error: CallError = get(&client).await.unwrap_err();
    let took = started.elapsed();
    eprintln!("deadline {deadline:?}: the call ended after {took:?}: {error}");
    assert!(took < deadline + Duration::from_millis(150), "{took:?}");
    assert!(matches!(error, CallError::Timeout(_)), "{error:?}");
    assert!(
        !error.outcome_unknown(),
        "the 401 was an answer; the renewal never finished"
    );
}

#[tokio::test]
async fn the_deadline_covers_retries_and_their_pauses() {
    let rig = Rig::start(json!(3600), Duration::from_millis(300)).await;
    let busy = rambase_testkit::Server::start(|_| {
        rambase_testkit::Reply::html(503, "busy").after(Duration::from_millis(300))
    })
    .await;
    let deadline = Duration::from_secs(1);
    let policy =
        crate::http::retry::RetryPolicy::new(5).initial_backoff(Duration::from_millis(100));
    let client = rig
        .builder(password_login("jane", PASSWORD))
        .base_url(busy.base_url())
        .retry(policy)
        .timeout(deadline)
        .build()
        .unwrap();
    let started = Instant::now();
    let error: CallError = get(&client).await.unwrap_err();
    let took = started.elapsed();
    eprintln!("deadline {deadline:?} with retries: the call ended after {took:?}: {error}");
    assert!(took < deadline + Duration::from_millis(150), "{took:?}");
    assert!(matches!(error, CallError::Timeout(_)), "{error:?}");
    assert!(busy.requests().len() >= 2, "retried within the deadline");
}

#[tokio::test]
async fn no_call_waits_for_an_early_renewal() {
    let rig = Rig::start(json!(2), Duration::from_millis(800)).await;
    let client = rig
        .builder(password_login("jane", PASSWORD))
        .token_renewal_margin(Duration::from_millis(1500))
        .build()
        .unwrap();
    let started = Instant::now();
    get(&client).await.unwrap();
    // Due for renewal after 1 s, valid for 2 s: a hurried call uses the token it has.
    tokio::time::sleep(Duration::from_millis(1200).saturating_sub(started.elapsed())).await;
    let hurried = tokio::time::timeout(Duration::from_millis(300), get(&client)).await;
    assert!(matches!(hurried, Ok(Ok(_))), "{hurried:?}");
    tokio::time::sleep(Duration::from_millis(900)).await;
    assert_eq!(rig.tokens.requests().len(), 2, "renewed in the background");
    let newest = client
        .refresh_token()
        .await
        .map(|t| t.expose_secret().to_owned());
    assert_eq!(newest.as_deref(), Some("SECRET-refresh-2"));
}
