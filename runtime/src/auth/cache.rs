//! The token cache: one token shared by every call, renewed a margin before it expires, with at
//! most one token request in flight.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use tokio::sync::Mutex;

use super::{LoginError, Token, TokenSource};
use crate::redact::SecretSet;
use crate::{AccessToken, RefreshToken};

/// How long a token that could not be renewed early is used before the renewal is tried again.
const RENEWAL_RETRY_AFTER: Duration = Duration::from_secs(5);

/// The client's token: fixed, or fetched from a [`TokenSource`] and cached.
pub(crate) struct TokenCache {
    source: Option<Box<dyn TokenSource>>,
    margin: Duration,
    secrets: Arc<SecretSet>,
    // An async mutex: whoever renews holds it during the token request, so callers that
    // arrive meanwhile wait for that token instead of requesting their own.
    state: Mutex<State>,
    /// How many token requests have ended, read before waiting for `state`.
    renewals: AtomicU64,
}

#[derive(Default)]
struct State {
    token: Option<AccessToken>,
    renew_at: Option<Instant>,
    expires_at: Option<Instant>,
    refresh_token: Option<RefreshToken>,
    /// The last token request's refusal, and which request it was: callers that waited for it
    /// get the same answer instead of sending the same refused credentials again (a server may
    /// lock an account after a few failed logins).
    refusal: Option<(u64, LoginError)>,
}

impl TokenCache {
    /// A fixed token, never renewed.
    pub(crate) fn fixed(token: AccessToken, secrets: Arc<SecretSet>) -> Self {
        secrets.add_recent(token.expose_secret());
        Self {
            source: None,
            margin: Duration::ZERO,
            secrets,
            state: Mutex::new(State {
                token: Some(token),
                ..State::default()
            }),
            renewals: AtomicU64::new(0),
        }
    }

    /// Tokens from `source`, renewed `margin` before they expire (at most half their lifetime
    /// early).
    pub(crate) fn from_source(
        source: Box<dyn TokenSource>,
        margin: Duration,
        secrets: Arc<SecretSet>,
    ) -> Self {
        Self {
            source: Some(source),
            margin,
            secrets,
            state: Mutex::new(State::default()),
            renewals: AtomicU64::new(0),
        }
    }

    /// Whether the token comes from a source (and can be renewed).
    pub(crate) fn is_renewable(&self) -> bool {
        self.source.is_some()
    }

    /// A token that is not about to expire, fetched first if needed.
    pub(crate) async fn current(&self) -> Result<AccessToken, LoginError> {
        let seen = self.renewals.load(Ordering::SeqCst);
        let mut state = self.state.lock().await;
        if let Some(token) = state.token.as_ref()
            && state.renew_at.is_none_or(|at| Instant::now() < at)
        {
            return Ok(token.clone());
        }
        if let Some(error) = refused_while_waiting(&state, seen) {
            return Err(error);
        }
        // Due for renewal but not expired: if the token endpoint fails now, the calls go on
        // with this token, and the renewal is tried again a little later.
        let still_valid = state
            .token
            .clone()
            .zip(state.expires_at)
            .filter(|(_, expires_at)| Instant::now() < *expires_at);
        match (self.renew(&mut state).await, still_valid) {
            (Err(_), Some((token, expires_at))) => {
                let retry_at = Instant::now().checked_add(RENEWAL_RETRY_AFTER);
                state.renew_at = retry_at.map(|at| at.min(expires_at));
                state.token = Some(token.clone());
                Ok(token)
            }
            (result, _) => result,
        }
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
        let seen = self.renewals.load(Ordering::SeqCst);
        let mut state = self.state.lock().await;
        match state.token.as_ref() {
            Some(token) if token != rejected => Ok(Some(token.clone())),
            _ => match refused_while_waiting(&state, seen) {
                Some(error) => Err(error),
                None => self.renew(&mut state).await.map(Some),
            },
        }
    }

    /// The newest refresh token the source handed out.
    pub(crate) async fn refresh_token(&self) -> Option<RefreshToken> {
        self.state.lock().await.refresh_token.clone()
    }

    async fn renew(&self, state: &mut State) -> Result<AccessToken, LoginError> {
        let Some(source) = &self.source else {
            // A fixed token is always present; this is only reached without one.
            return state.token.clone().ok_or(LoginError::Exhausted);
        };
        state.token = None;
        let requested_at = Instant::now();
        let fetched = source.fetch_token().await;
        let number = self.renewals.fetch_add(1, Ordering::SeqCst) + 1;
        state.refusal = match &fetched {
            Err(error) => error.copy_refusal().map(|copy| (number, copy)),
            Ok(_) => None,
        };
        let Token {
            access_token,
            expires_in,
            refresh_token,
        } = fetched?;
        self.secrets.add_recent(access_token.expose_secret());
        if let Some(refresh_token) = refresh_token {
            self.secrets.add_recent(refresh_token.expose_secret());
            state.refresh_token = Some(refresh_token);
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

/// The refusal of a token request that ended after the caller started waiting (`seen`).
fn refused_while_waiting(state: &State, seen: u64) -> Option<LoginError> {
    match &state.refusal {
        Some((number, error)) if *number > seen => error.copy_refusal(),
        _ => None,
    }
}

impl std::fmt::Debug for TokenCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // `AccessToken`'s Debug prints `AccessToken(***)`, never the token.
        let token = self
            .state
            .try_lock()
            .ok()
            .and_then(|state| state.token.clone());
        f.debug_struct("TokenCache")
            .field("token", &token)
            .field("renewable", &self.is_renewable())
            .field("margin", &self.margin)
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

    #[tokio::test]
    async fn any_lifetime_is_accepted_without_panic() {
        let cache = TokenCache::from_source(Box::new(Forever), Duration::MAX, SecretSet::new());
        assert_eq!(cache.current().await.unwrap().expose_secret(), "forever");
        assert_eq!(cache.current().await.unwrap().expose_secret(), "forever");
        assert!(format!("{cache:?}").contains("AccessToken(***)"));
    }
}
