//! The token cache: one token shared by every call, renewed a margin before it expires, with at
//! most one token request in flight. The request runs in a task of its own, so callers that
//! give up (a timeout around a call) neither abort it nor start another one, and whatever it
//! brings (a rotated refresh token) is stored even when nobody waits for it any more.

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use tokio::sync::watch;
use tracing::instrument::{Instrument, WithSubscriber};

use super::{LoginError, Token, TokenSource};
use crate::errors::call_error::Phase;
use crate::errors::call_error::TimeoutError;
use crate::values::redact::SecretSet;
use crate::values::secret::RefreshToken;
use crate::values::token::AccessToken;

/// How long a token that could not be renewed early is used before the renewal is tried again.
const RENEWAL_RETRY_AFTER: Duration = Duration::from_secs(5);

/// What a token request ended in, as every caller that waited for it sees it.
type Outcome = Result<AccessToken, Arc<LoginError>>;

/// The client's token: fixed, or fetched from a [`TokenSource`] and cached.
pub(crate) struct TokenCache {
    source: Option<Arc<dyn TokenSource>>,
    shared: Arc<Shared>,
}

/// What the cache and its token request task share.
struct Shared {
    margin: Duration,
    /// The longest a token request may take (it runs without any caller's deadline).
    fetch_timeout: Duration,
    secrets: Arc<SecretSet>,
    // A plain mutex, never held across an await: waiting happens on `State::in_flight`.
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    token: Option<AccessToken>,
    renew_at: Option<Instant>,
    expires_at: Option<Instant>,
    refresh_token: Option<RefreshToken>,
    is_target_test_system: Option<bool>,
    /// The token request under way: every caller that needs a token waits on it.
    in_flight: Option<watch::Receiver<Option<Outcome>>>,
}

impl TokenCache {
    /// A fixed token, never renewed.
    pub(crate) fn fixed(token: AccessToken, secrets: Arc<SecretSet>) -> Self {
        secrets.add_recent(token.expose_secret());
        let state = State {
            token: Some(token),
            ..State::default()
        };
        Self {
            source: None,
            shared: Arc::new(Shared::new(Duration::ZERO, Duration::MAX, secrets, state)),
        }
    }

    /// Tokens from `source`, renewed `margin` before they expire (at most half their lifetime
    /// early); one token request takes at most `fetch_timeout`.
    pub(crate) fn from_source(
        source: Box<dyn TokenSource>,
        margin: Duration,
        fetch_timeout: Duration,
        secrets: Arc<SecretSet>,
    ) -> Self {
        let shared = Shared::new(margin, fetch_timeout, secrets, State::default());
        Self {
            source: Some(Arc::from(source)),
            shared: Arc::new(shared),
        }
    }

    /// Whether the token comes from a source (and can be renewed).
    pub(crate) fn is_renewable(&self) -> bool {
        self.source.is_some()
    }

    /// A valid token. One due for renewal is renewed in the background and used meanwhile
    /// (no call waits for an early renewal); without a valid one, the call waits for the token
    /// request.
    pub(crate) async fn current(&self) -> Result<AccessToken, LoginError> {
        let waiting = {
            let mut state = self.shared.lock();
            let now = Instant::now();
            if let Some(token) = state.token.clone() {
                if state.renew_at.is_none_or(|at| now < at) {
                    return Ok(token);
                }
                if state.expires_at.is_some_and(|at| now < at) {
                    // A refusal reaches the calls once the token has expired.
                    let _ = self.join_or_start(&mut state);
                    return Ok(token);
                }
            }
            self.join_or_start(&mut state)?
        };
        wait(waiting).await
    }

    /// After `rejected` got HTTP 401: a new token, unless another call renewed it already (then
    /// that one). `None` for a fixed token.
    pub(crate) async fn renew_after_rejection(
        &self,
        rejected: &AccessToken,
    ) -> Result<Option<AccessToken>, LoginError> {
        if self.source.is_none() {
            return Ok(None);
        }
        let waiting = {
            let mut state = self.shared.lock();
            match state.token.as_ref() {
                Some(token) if token != rejected => return Ok(Some(token.clone())),
                // Refused: new calls wait for the renewal instead of sending it again.
                Some(_) => state.token = None,
                None => {}
            }
            self.join_or_start(&mut state)?
        };
        wait(waiting).await.map(Some)
    }

    /// The newest refresh token the source handed out.
    pub(crate) fn refresh_token(&self) -> Option<RefreshToken> {
        self.shared.lock().refresh_token.clone()
    }

    /// What the token endpoint said of the target (`is_target_test_system`), once logged in.
    pub(crate) fn is_target_test_system(&self) -> Option<bool> {
        self.shared.lock().is_target_test_system
    }

    /// The token request under way, or a new one started in a task of its own.
    fn join_or_start(
        &self,
        state: &mut State,
    ) -> Result<watch::Receiver<Option<Outcome>>, LoginError> {
        if let Some(waiting) = &state.in_flight {
            return Ok(waiting.clone());
        }
        let Some(source) = &self.source else {
            // A fixed token is never due for renewal; this is not reached.
            return Err(LoginError::Exhausted);
        };
        let (done, waiting) = watch::channel(None);
        state.in_flight = Some(waiting.clone());
        // The task logs where the caller that started it logs (its subscriber and span).
        let task = fetch(Arc::clone(source), Arc::clone(&self.shared), done)
            .in_current_span()
            .with_current_subscriber();
        match tokio::runtime::Handle::try_current() {
            Ok(runtime) => drop(runtime.spawn(task)),
            Err(_) => {
                state.in_flight = None;
                return Err(LoginError::Source(
                    "the client must be used inside a tokio runtime".into(),
                ));
            }
        }
        Ok(waiting)
    }
}

/// Waits for the outcome of a token request.
async fn wait(mut waiting: watch::Receiver<Option<Outcome>>) -> Result<AccessToken, LoginError> {
    let outcome = match waiting.wait_for(Option::is_some).await {
        Ok(outcome) => outcome.clone(),
        // The task was dropped unfinished (its runtime shut down).
        Err(_) => None,
    };
    match outcome {
        Some(Ok(token)) => Ok(token),
        Some(Err(error)) => Err(LoginError::share(&error)),
        None => Err(LoginError::Source(
            "the token request was abandoned (its runtime shut down)".into(),
        )),
    }
}

/// One token request, run to its end whoever waits for it.
async fn fetch(
    source: Arc<dyn TokenSource>,
    shared: Arc<Shared>,
    done: watch::Sender<Option<Outcome>>,
) {
    // Should the task be dropped unfinished, the next caller starts a new request.
    let mut guard = Unfinished {
        shared: Arc::clone(&shared),
        finished: false,
    };
    let requested_at = Instant::now();
    let limit = shared.fetch_timeout;
    let fetched = match tokio::time::timeout(limit, source.fetch_token()).await {
        Ok(fetched) => fetched,
        Err(_) => Err(LoginError::Timeout(TimeoutError::deadline(
            limit,
            Phase::Login,
        ))),
    };
    let outcome = shared.finish(fetched, requested_at);
    guard.finished = true;
    let _ = done.send(Some(outcome));
}

/// Clears the request under way when its task is dropped before it ends.
struct Unfinished {
    shared: Arc<Shared>,
    finished: bool,
}

impl Drop for Unfinished {
    fn drop(&mut self) {
        if !self.finished {
            self.shared.lock().in_flight = None;
        }
    }
}

impl Shared {
    fn new(
        margin: Duration,
        fetch_timeout: Duration,
        secrets: Arc<SecretSet>,
        state: State,
    ) -> Self {
        Self {
            margin,
            fetch_timeout,
            secrets,
            state: Mutex::new(state),
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Stores what a token request brought and ends it. Due for renewal but not expired: if the
    /// token endpoint failed, calls go on with the old token, and the renewal is tried again a
    /// little later.
    fn finish(&self, fetched: Result<Token, LoginError>, requested_at: Instant) -> Outcome {
        let mut state = self.lock();
        state.in_flight = None;
        let token = match fetched {
            Ok(token) => token,
            Err(error) => {
                let still_valid = state
                    .token
                    .clone()
                    .zip(state.expires_at)
                    .filter(|(_, expires_at)| Instant::now() < *expires_at);
                return match still_valid {
                    Some((token, expires_at)) => {
                        let retry_at = Instant::now().checked_add(RENEWAL_RETRY_AFTER);
                        state.renew_at = retry_at.map(|at| at.min(expires_at));
                        Ok(token)
                    }
                    None => {
                        state.token = None;
                        Err(Arc::new(error))
                    }
                };
            }
        };
        self.store(&mut state, token, requested_at)
    }

    fn store(&self, state: &mut State, token: Token, requested_at: Instant) -> Outcome {
        let Token {
            access_token,
            expires_in,
            refresh_token,
            is_target_test_system,
        } = token;
        self.secrets.add_recent(access_token.expose_secret());
        if let Some(refresh_token) = refresh_token {
            self.secrets.add_recent(refresh_token.expose_secret());
            state.refresh_token = Some(refresh_token);
        }
        if is_target_test_system.is_some() {
            state.is_target_test_system = is_target_test_system;
        }
        // A lifetime too long to add to a clock never expires (no panic on any `expires_in`).
        state.renew_at = expires_in.and_then(|lifetime| {
            let early = self.margin.min(lifetime / 2);
            requested_at.checked_add(lifetime - early)
        });
        state.expires_at = expires_in.and_then(|lifetime| requested_at.checked_add(lifetime));
        state.token = Some(access_token.clone());
        Ok(access_token)
    }
}

impl std::fmt::Debug for TokenCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // `AccessToken`'s Debug prints `AccessToken(***)`, never the token.
        let token = self.shared.lock().token.clone();
        f.debug_struct("TokenCache")
            .field("token", &token)
            .field("renewable", &self.is_renewable())
            .field("margin", &self.shared.margin)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::BoxFuture;

    struct Forever;

    impl TokenSource for Forever {
        fn fetch_token(&self) -> BoxFuture<'_, Result<Token, LoginError>> {
            Box::pin(async {
                let token =
                    AccessToken::new("forever").map_err(|e| LoginError::Source(e.into()))?;
                Ok(Token::new(token, Some(Duration::MAX)))
            })
        }
    }

    /// Never answers its first request; answers the next ones.
    struct StallsOnce(std::sync::atomic::AtomicU32);

    impl TokenSource for StallsOnce {
        fn fetch_token(&self) -> BoxFuture<'_, Result<Token, LoginError>> {
            let call = self.0.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            Box::pin(async move {
                if call == 0 {
                    std::future::pending::<()>().await;
                }
                let token = AccessToken::new("later").map_err(|e| LoginError::Source(e.into()))?;
                Ok(Token::new(token, None))
            })
        }
    }

    fn runtime() -> tokio::runtime::Runtime {
        tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .unwrap()
    }

    #[test]
    fn a_request_dropped_with_its_runtime_is_started_again_and_nothing_is_kept_alive() {
        let source = StallsOnce(std::sync::atomic::AtomicU32::new(0));
        let cache = TokenCache::from_source(
            Box::new(source),
            Duration::ZERO,
            Duration::from_secs(60),
            SecretSet::new(),
        );
        runtime().block_on(async {
            let waited = tokio::time::timeout(Duration::from_millis(20), cache.current()).await;
            assert!(waited.is_err());
        });
        // That runtime is gone, and its unfinished task with it: the next call starts again.
        let token = runtime().block_on(cache.current()).unwrap();
        assert_eq!(token.expose_secret(), "later");
        assert_eq!(
            Arc::strong_count(&cache.shared),
            1,
            "no task holds the cache"
        );
    }

    #[tokio::test]
    async fn any_lifetime_is_accepted_without_panic() {
        let cache = TokenCache::from_source(
            Box::new(Forever),
            Duration::MAX,
            Duration::from_secs(5),
            SecretSet::new(),
        );
        assert_eq!(cache.current().await.unwrap().expose_secret(), "forever");
        assert_eq!(cache.current().await.unwrap().expose_secret(), "forever");
        assert!(format!("{cache:?}").contains("AccessToken(***)"));
    }
}
