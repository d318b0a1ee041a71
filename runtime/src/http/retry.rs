//! Opt-in retries of idempotent calls (GET, PUT, DELETE) after a failed connection or a
//! gateway error, with exponential backoff and jitter. A POST is never retried.

use std::time::Duration;

use reqwest::Method;

use crate::errors::call_error::Failure;

/// When and how often a [`Client`](crate::Client) repeats an idempotent call. Off unless
/// [`ClientBuilder::retry`](crate::ClientBuilder::retry) is given one.
///
/// Only GET, PUT and DELETE are repeated (RamBase's PUT sets the fields it is given, so it is
/// idempotent too), and only when the request cannot have been carried out or the gateway
/// says so: the connection could not be made (a TLS certificate or protocol failure aside,
/// which a retry cannot fix), or the answer was HTTP 502, 503 or 504. A POST
/// is never repeated, whatever the policy: RamBase has no idempotency key, and a repeated POST
/// may create a second object.
///
/// The n-th retry waits a random time between half and all of `initial_backoff * 2^(n-1)`,
/// capped at `max_backoff`.
///
/// ```
/// use std::time::Duration;
/// use rambase_runtime::{Client, RetryPolicy};
///
/// let policy = RetryPolicy::new(3).initial_backoff(Duration::from_millis(100));
/// let builder = Client::builder().retry(policy);
/// # drop(builder);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    max_retries: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
}

impl RetryPolicy {
    /// At most `max_retries` repetitions (so `max_retries + 1` attempts), waiting 200 ms before
    /// the first, at most 5 s before any.
    pub fn new(max_retries: u32) -> Self {
        Self {
            max_retries,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(5),
        }
    }

    /// The wait before the first retry (doubled for each next one).
    #[must_use]
    pub fn initial_backoff(mut self, backoff: Duration) -> Self {
        self.initial_backoff = backoff;
        self
    }

    /// The longest wait between two attempts.
    #[must_use]
    pub fn max_backoff(mut self, backoff: Duration) -> Self {
        self.max_backoff = backoff;
        self
    }

    /// The most retries.
    pub fn max_retries(&self) -> u32 {
        self.max_retries
    }

    /// Whether a call of `method` that ended in `error` after `attempts` attempts is repeated.
    pub(crate) fn should_retry(&self, method: &Method, attempts: u32, error: &Failure) -> bool {
        let idempotent = matches!(*method, Method::GET | Method::PUT | Method::DELETE);
        let transient = match error {
            // A certificate or TLS protocol problem does not go away by itself.
            Failure::Transport(transport) => {
                transport.is_connect() && transport.tls_problem().is_none()
            }
            Failure::Api(api) => matches!(api.status(), 502..=504),
            _ => false,
        };
        idempotent && transient && attempts <= self.max_retries
    }

    /// The wait before retry number `retry` (1-based).
    pub(crate) fn backoff(&self, retry: u32) -> Duration {
        let doubling = 2_u32.saturating_pow(retry.saturating_sub(1));
        let full = self
            .initial_backoff
            .saturating_mul(doubling)
            .min(self.max_backoff);
        // Equal jitter: callers that failed together do not come back together.
        let fraction = crate::auth::random_bytes::<4>().map_or(0.5, |bytes| {
            f64::from(u32::from_le_bytes(bytes)) / f64::from(u32::MAX)
        });
        full / 2 + (full / 2).mul_f64(fraction)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::errors::api_error::ApiError;

    #[test]
    fn only_idempotent_methods_and_transient_failures_are_retried() {
        let policy = RetryPolicy::new(2);
        let gateway = Failure::Api(ApiError::from_body(503, b""));
        let refused = Failure::Api(ApiError::from_body(500, b""));
        assert!(policy.should_retry(&Method::GET, 1, &gateway));
        assert!(policy.should_retry(&Method::PUT, 2, &gateway));
        assert!(policy.should_retry(&Method::DELETE, 1, &gateway));
        assert!(!policy.should_retry(&Method::GET, 3, &gateway));
        assert!(!policy.should_retry(&Method::POST, 1, &gateway));
        assert!(!policy.should_retry(&Method::GET, 1, &refused));
    }

    #[test]
    fn backoff_doubles_with_jitter_and_is_capped() {
        let policy = RetryPolicy::new(10)
            .initial_backoff(Duration::from_millis(100))
            .max_backoff(Duration::from_millis(350));
        for (retry, full) in [(1, 100), (2, 200), (3, 350), (30, 350)] {
            let wait = policy.backoff(retry);
            let full = Duration::from_millis(full);
            assert!(wait >= full / 2 && wait <= full, "{retry}: {wait:?}");
        }
    }
}
