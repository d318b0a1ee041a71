//! The HTTP client: configuration, and the one request executor every generated operation uses.

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU8, AtomicU32, Ordering};
use std::time::{Duration, Instant};

use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderValue, USER_AGENT};
use serde::de::DeserializeOwned;
use tracing::Instrument;

use reqwest::header::HeaderMap;

use crate::auth::{AuthConfig, Login, LoginError, TokenCache, TokenSource};
use crate::errors::api_error::ApiError;
use crate::errors::build::{BuildError, check_transport};
use crate::errors::call_error::{Failure, Phase};
use crate::errors::call_error::{TimeoutError, TransportError};
use crate::http::request::PreparedBody;
use crate::http::request::RequestParts;
use crate::http::retry::RetryPolicy;
use crate::values::redact::{Redactor, SecretSet};
use crate::values::token::AccessToken;
use crate::wire::format::Format;
use crate::wire::operation::Operation;
use crate::wire::url::percent_encode_into;

/// Where requests go unless [`ClientBuilder::base_url`] says otherwise.
pub const DEFAULT_BASE_URL: &str = "https://api.rambase.net";
/// The deadline of one whole call unless [`ClientBuilder::timeout`] says otherwise (the
/// official SDK's default timeout too).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// The connect timeout unless [`ClientBuilder::connect_timeout`] says otherwise.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// The largest response body read unless [`ClientBuilder::max_response_bytes`] says otherwise.
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 10 * 1024 * 1024;
/// The default `User-Agent`: this crate's name and version.
pub const DEFAULT_USER_AGENT: &str =
    concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

/// How many characters of a body an error keeps when it is not a RamBase error body.
const SNIPPET_CHARS: usize = 512;

/// Configures a [`Client`]. Start with [`Client::builder`].
#[derive(Debug)]
#[must_use]
pub struct ClientBuilder {
    base_url: String,
    auth: Option<AuthConfig>,
    renewal_margin: Duration,
    retry: Option<RetryPolicy>,
    db: Option<String>,
    lang: Option<String>,
    connect_timeout: Duration,
    timeout: Duration,
    attempt_timeout: Option<Duration>,
    resend_post_after_401: bool,
    allow_insecure_http: bool,
    format: Format,
    user_agent: Option<String>,
    token_in_query: bool,
    use_generated_version: bool,
    http_client: Option<reqwest::Client>,
    max_response_bytes: usize,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        // Before the caller can build a reqwest client to hand in (see `http_client`).
        crate::http::crypto::install_crypto_provider();
        Self {
            base_url: DEFAULT_BASE_URL.to_owned(),
            auth: None,
            renewal_margin: crate::auth::DEFAULT_RENEWAL_MARGIN,
            retry: None,
            db: None,
            lang: None,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            timeout: DEFAULT_TIMEOUT,
            attempt_timeout: None,
            resend_post_after_401: true,
            allow_insecure_http: false,
            format: Format::Json,
            user_agent: None,
            token_in_query: false,
            use_generated_version: false,
            http_client: None,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
        }
    }
}

impl ClientBuilder {
    /// The API's base URL (default `https://api.rambase.net`). It must be `https`, or `http` to
    /// a loopback address (a test server's `http://127.0.0.1:PORT`), without query or fragment;
    /// a path prefix is kept. Plain `http` to any other host is refused by
    /// [`build`](Self::build) (tokens and secrets would travel in cleartext) unless
    /// [`danger_allow_insecure_http`](Self::danger_allow_insecure_http) is called. The same
    /// rule applies to a login's token URL.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into();
        self
    }

    /// A fixed access token sent with every request, never renewed. Check it with
    /// [`AccessToken::new`]. One of this, [`login`](Self::login) or
    /// [`token_source`](Self::token_source) is required; the last one set counts.
    pub fn access_token(mut self, token: AccessToken) -> Self {
        self.auth = Some(AuthConfig::Fixed(token));
        self
    }

    /// Logs in with OAuth 2.0 at the first call, and renews the token as it expires: see
    /// [`auth`](crate::auth).
    pub fn login(mut self, login: Login) -> Self {
        self.auth = Some(AuthConfig::Login(login));
        self
    }

    /// Gets tokens from the application's own [`TokenSource`], cached and renewed like a
    /// [`login`](Self::login)'s.
    pub fn token_source(mut self, source: impl TokenSource) -> Self {
        self.auth = Some(AuthConfig::Source(Box::new(source)));
        self
    }

    /// How long before it expires a token is renewed (default 60 s; at most half its lifetime).
    /// The renewal runs in the background; calls go on with the valid token meanwhile.
    pub fn token_renewal_margin(mut self, margin: Duration) -> Self {
        self.renewal_margin = margin;
        self
    }

    /// Repeats idempotent calls (GET, PUT, DELETE) after a failed connection or HTTP 502, 503
    /// or 504, as `policy` says (default: never). A POST is never repeated.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// The default company database, sent as `$db` unless a call sets its own.
    pub fn db(mut self, db: impl Into<String>) -> Self {
        self.db = Some(db.into());
        self
    }

    /// The default language of messages (3 letters, e.g. `nob`), sent as `$lang` unless a call
    /// sets its own.
    pub fn lang(mut self, lang: impl Into<String>) -> Self {
        self.lang = Some(lang.into());
        self
    }

    /// How long connecting may take (default 10 s). Not applied to a client handed in with
    /// [`http_client`](Self::http_client), which keeps its own.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// The deadline of a whole call (default 30 s): getting or renewing the token, every
    /// request (the resend after a 401, retries and their pauses included) and reading the
    /// answer. When it runs out the call ends with [`CallError::Timeout`](crate::CallError::Timeout),
    /// whose [`outcome_unknown`](crate::CallError::outcome_unknown) says whether the request may
    /// have reached RamBase. Also bounds [`Client::login`]. A token request runs on without the
    /// call (other calls need it) but never longer than this either.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// How long one HTTP request may take, from sending until its body is read (default: no
    /// limit of its own, only the call's [`timeout`](Self::timeout)). With
    /// [`retry`](Self::retry), a GET that hangs can then be tried again within the call's
    /// deadline. Also the limit of one token request.
    pub fn attempt_timeout(mut self, timeout: Duration) -> Self {
        self.attempt_timeout = Some(timeout);
        self
    }

    /// Whether a POST refused with HTTP 401 is sent once more with a renewed token (default
    /// `true`: RamBase refuses an expired token before doing anything, so the resend cannot
    /// create a duplicate). Switch it off if a proxy in front of RamBase could answer 401
    /// after the request was carried out. GET, PUT and DELETE are always resent once.
    pub fn resend_post_after_401(mut self, enabled: bool) -> Self {
        self.resend_post_after_401 = enabled;
        self
    }

    /// Allows a plain `http` base URL or token URL to a host that is not a loopback address.
    /// Tokens, client secrets and passwords then travel in cleartext, readable and replayable
    /// by anyone on the path: only for a trusted network (a proxy on the same host, say).
    pub fn danger_allow_insecure_http(mut self) -> Self {
        self.allow_insecure_http = true;
        self
    }

    /// The body format (default JSON).
    pub fn format(mut self, format: Format) -> Self {
        self.format = format;
        self
    }

    /// Replaces the `User-Agent` (default `rambase-runtime/<version>`).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// Sends the token as the `$access_token` query parameter instead of the `Authorization`
    /// header (default `false`). RamBase recommends the header: a token in a URL ends up in
    /// proxy and server logs. Errors never show the URL either way.
    pub fn token_in_query(mut self, enabled: bool) -> Self {
        self.token_in_query = enabled;
        self
    }

    /// Sends `$useMinimumVersion` with the version each call's code was generated for (default
    /// `false`), so that a client pinned to a deprecated version of a resource runs the version
    /// this code was written against. A call that sets `$useMinimumVersion` itself keeps its
    /// value. Per call, the generated `use_generated_version()` does the same.
    pub fn use_generated_version(mut self, enabled: bool) -> Self {
        self.use_generated_version = enabled;
        self
    }

    /// Uses this reqwest client (its TLS, proxy and pool settings) instead of building one. The
    /// runtime still applies the call's deadline, headers and query on each request. A token
    /// request is never redirected, whatever this client's redirect policy (the login form
    /// cannot be replayed, and an answer from elsewhere is refused); configure the client not
    /// to follow redirects for API calls too, or reqwest drops only the `Authorization` header
    /// on a redirect to another host (a token in the query, with
    /// [`token_in_query`](Self::token_in_query), would go along).
    ///
    /// Never panics: [`Client::builder`] installs `ring` as the process-wide rustls provider
    /// (unless one is installed), so a client built from the re-exported reqwest after it, as in
    /// `Client::builder().http_client(reqwest::Client::new())`, has TLS. To build one earlier,
    /// call [`install_crypto_provider`](crate::install_crypto_provider) first.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// The largest response body read, in bytes (default 10 MiB); a larger one is a
    /// [`CallError::Decode`](crate::CallError::Decode).
    pub fn max_response_bytes(mut self, limit: usize) -> Self {
        self.max_response_bytes = limit;
        self
    }

    /// Checks the configuration and builds the client.
    pub fn build(self) -> Result<Client, BuildError> {
        let auth = self.auth.ok_or(BuildError::MissingAccessToken)?;
        let base_url = normalize_base_url(&self.base_url)?;
        let parsed =
            reqwest::Url::parse(&base_url).map_err(|error| BuildError::InvalidBaseUrl {
                reason: format!("not an absolute URL ({error})"),
            })?;
        check_transport(&parsed, "base URL", self.allow_insecure_http)?;
        let user_agent_text = self.user_agent.as_deref().unwrap_or(DEFAULT_USER_AGENT);
        let user_agent =
            HeaderValue::from_str(user_agent_text).map_err(|_| BuildError::InvalidUserAgent)?;
        let http = match self.http_client {
            Some(client) => client,
            None => reqwest::Client::builder()
                .tls_backend_preconfigured(tls_config()?)
                .connect_timeout(self.connect_timeout)
                .redirect(reqwest::redirect::Policy::none())
                .user_agent(user_agent.clone())
                .build()
                .map_err(|error| BuildError::Http(error.without_url()))?,
        };
        let secrets = SecretSet::new();
        let tokens = auth.into_cache(
            &http,
            &base_url,
            self.attempt_timeout
                .unwrap_or(self.timeout)
                .min(self.timeout),
            self.renewal_margin,
            &secrets,
            self.allow_insecure_http,
        )?;
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base_url,
                tokens: Arc::new(tokens),
                secrets,
                retry: self.retry,
                token_in_query: self.token_in_query,
                use_generated_version: self.use_generated_version,
                db: self.db,
                lang: self.lang,
                format: self.format,
                timeout: self.timeout,
                attempt_timeout: self.attempt_timeout,
                resend_post_after_401: self.resend_post_after_401,
                connect_timeout: self.connect_timeout,
                user_agent,
                max_response_bytes: self.max_response_bytes,
            }),
        })
    }
}

/// rustls with the `ring` provider and the platform's certificate verifier, handed to reqwest
/// directly: no process-wide crypto provider is installed, and aws-lc-rs is not built.
fn tls_config() -> Result<rustls::ClientConfig, BuildError> {
    let provider = Arc::new(crate::http::crypto::ring_provider());
    let verifier = rustls_platform_verifier::Verifier::new(provider.clone())
        .map_err(|error| BuildError::Tls(error.to_string()))?;
    Ok(rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|error| BuildError::Tls(error.to_string()))?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(verifier))
        .with_no_client_auth())
}

fn normalize_base_url(url: &str) -> Result<String, BuildError> {
    let invalid = |reason: &str| BuildError::InvalidBaseUrl {
        reason: reason.to_owned(),
    };
    let parsed = reqwest::Url::parse(url.trim())
        .map_err(|error| invalid(&format!("not an absolute URL ({error})")))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(invalid("the scheme must be http or https"));
    }
    if parsed.query().is_some() || parsed.fragment().is_some() {
        return Err(invalid(
            "it must not have a query or fragment (set $db, $lang and the token on the builder)",
        ));
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(invalid("it must not contain credentials"));
    }
    Ok(parsed.as_str().trim_end_matches('/').to_owned())
}

/// A RamBase API client. Cheap to clone (shared configuration and connection pool).
///
/// ```no_run
/// # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
/// use rambase_runtime::{AccessToken, Client};
///
/// let token = AccessToken::new(std::env::var("RAMBASE_TOKEN")?)?;
/// let client = Client::builder().access_token(token).db("MYCOMPANY").lang("nob").build()?;
/// # let _ = client; Ok(()) }
/// ```
///
/// Requests carry `Authorization: Bearer <token>` (or `$access_token` on opt-in),
/// `Accept` and, with a body, `Content-Type` for the [`Format`], the `$format` query parameter
/// too (RamBase chooses the format by it; sending both is safe), the client's default `$db` and
/// `$lang` unless a call sets its own, and the user agent. Redirects are not followed.
///
/// With a [`Login`] or a [`TokenSource`] (see [`auth`](crate::auth)) the client gets, caches
/// and renews its token itself; after an HTTP 401 it renews the token once and resends the
/// call once (the server refused it before doing anything, so this is safe for a POST too).
///
/// Nothing else is repeated unless [`ClientBuilder::retry`] asks for it, and a POST never is:
/// a POST that timed out may still have created its object, and RamBase has no idempotency key,
/// so only the caller can decide whether to repeat it. Each call emits one `tracing` span,
/// `rambase_call` (method, path template, resource, version, status, attempts, duration), and
/// each token request one `rambase_login` span (grant, status); neither carries a secret or a
/// query value.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

#[derive(Clone)]
struct Inner {
    http: reqwest::Client,
    base_url: String,
    tokens: Arc<TokenCache>,
    /// Every secret this client knows, for redaction.
    secrets: Arc<SecretSet>,
    retry: Option<RetryPolicy>,
    token_in_query: bool,
    use_generated_version: bool,
    db: Option<String>,
    lang: Option<String>,
    format: Format,
    timeout: Duration,
    attempt_timeout: Option<Duration>,
    resend_post_after_401: bool,
    connect_timeout: Duration,
    user_agent: HeaderValue,
    max_response_bytes: usize,
}

/// Lets the generated area traits (`CollaborationCalls`, ...) reach the client, also through a
/// type of yours that holds one.
impl AsRef<Client> for Client {
    fn as_ref(&self) -> &Client {
        self
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &self.inner;
        f.debug_struct("Client")
            .field("base_url", &inner.base_url)
            .field("tokens", &inner.tokens)
            .field("retry", &inner.retry)
            .field("token_in_query", &inner.token_in_query)
            .field("use_generated_version", &inner.use_generated_version)
            .field("db", &inner.db)
            .field("lang", &inner.lang)
            .field("format", &inner.format)
            .field("timeout", &inner.timeout)
            .field("attempt_timeout", &inner.attempt_timeout)
            .field("resend_post_after_401", &inner.resend_post_after_401)
            .field("connect_timeout", &inner.connect_timeout)
            .field("max_response_bytes", &inner.max_response_bytes)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A builder with the defaults: `https://api.rambase.net`, JSON, 30 s overall and 10 s
    /// connect timeout, 10 MiB body limit, token in the `Authorization` header.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The base URL, without a trailing `/`.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// The body format.
    pub fn format(&self) -> Format {
        self.inner.format
    }

    /// A client like this one with another token (after a refresh), sharing the connection pool.
    pub fn with_access_token(&self, token: AccessToken) -> Client {
        let mut inner = (*self.inner).clone();
        inner.tokens = Arc::new(TokenCache::fixed(token, Arc::clone(&inner.secrets)));
        Client {
            inner: Arc::new(inner),
        }
    }

    /// Logs in now if the client has no valid token yet (with a [`Login`] or a
    /// [`TokenSource`]; a fixed token is always valid). Calls log in by themselves; this
    /// reports a failed login as a typed [`LoginError`], to ask for a one-time password or a
    /// target, say.
    /// Bounded by the client's [`timeout`](ClientBuilder::timeout).
    pub async fn login(&self) -> Result<(), LoginError> {
        let deadline = self.inner.timeout;
        match tokio::time::timeout(deadline, self.inner.tokens.current()).await {
            Ok(result) => result.map(drop),
            Err(_) => Err(LoginError::Timeout(TimeoutError::deadline(
                deadline,
                Phase::Login,
            ))),
        }
    }

    /// The newest refresh token the token endpoint handed out, to store for the next run.
    /// Kept as soon as it arrives, even when the call that asked for it gave up meanwhile.
    pub async fn refresh_token(&self) -> Option<crate::values::secret::RefreshToken> {
        self.inner.tokens.refresh_token()
    }

    /// Whether the target logged in to is a test system, as the token endpoint said
    /// (`is_target_test_system`); `None` before a login or when it did not say.
    pub fn is_target_test_system(&self) -> Option<bool> {
        self.inner.tokens.is_target_test_system()
    }

    /// Sends the request and decodes the answer of the documented success status as `R`.
    #[cfg(test)]
    pub(crate) async fn send<R: DeserializeOwned>(
        &self,
        operation: &Operation,
        parts: RequestParts,
        root: &str,
    ) -> Result<R, crate::errors::call_error::CallError<crate::http::tests::PhoneErrorCode>> {
        let answer = match self.exchange(operation, parts).await {
            Ok((status, _, body)) => self.decode(status, &body, root),
            Err(failure) => Err(failure),
        };
        answer.map_err(crate::errors::call_error::CallError::from_failure)
    }

    /// Decodes a success body as `R` for the client's format: in JSON the value under
    /// `root` (`"phone"`), in XML the root element's content.
    pub(crate) fn decode<R: DeserializeOwned>(
        &self,
        status: u16,
        body: &[u8],
        root: &str,
    ) -> Result<R, Failure> {
        if body.iter().all(u8::is_ascii_whitespace) {
            return Err(self.decode_error(status, body, "the body is empty".to_owned()));
        }
        let decoded = match self.inner.format {
            Format::Json => {
                crate::wire::json::from_json_body(root, body).map_err(|e| e.to_string())
            }
            Format::Xml => crate::wire::xml::from_xml_body(body).map_err(|e| e.to_string()),
        };
        decoded.map_err(|reason| self.decode_error(status, body, reason))
    }

    /// Sends the request, reads the body and sorts out the status. Returns the body of the
    /// documented success status, with its headers. One tracing span per call.
    pub(crate) async fn exchange(
        &self,
        operation: &Operation,
        mut parts: RequestParts,
    ) -> Result<(u16, HeaderMap, Vec<u8>), Failure> {
        let body = match parts.take_body() {
            Some(Ok(body)) => Some(body),
            Some(Err(reason)) => return Err(Failure::Encode { reason }),
            None => None,
        };
        let url = self.url(operation, &parts)?;
        let body = body.map(|PreparedBody { json, xml }| match self.inner.format {
            Format::Json => json,
            Format::Xml => xml,
        });
        let span = crate::http::trace::call_span(operation);
        let started = Instant::now();
        let progress = Progress::default();
        let deadline = self.inner.timeout;
        let attempts = self.attempts(operation, &url, body, &progress);
        let result = match tokio::time::timeout(deadline, attempts)
            .instrument(span.clone())
            .await
        {
            Ok(result) => result,
            Err(_) => Err(Failure::Timeout(TimeoutError::deadline(
                deadline,
                progress.phase(),
            ))),
        };
        let attempts = progress.attempts.load(Ordering::SeqCst);
        crate::http::trace::finish_span(&span, &result, attempts, started);
        result
    }

    /// Sends until done: once more after a 401 with a renewed token, and as the retry policy
    /// allows. `progress` tells what it is doing, for the deadline's error.
    async fn attempts(
        &self,
        operation: &Operation,
        url: &reqwest::Url,
        body: Option<Vec<u8>>,
        progress: &Progress,
    ) -> Result<(u16, HeaderMap, Vec<u8>), Failure> {
        let tokens = &self.inner.tokens;
        let mut token = tokens.current().await.map_err(Failure::Login)?;
        let mut renewed = false;
        let resend = self.inner.resend_post_after_401 || operation.method != reqwest::Method::POST;
        loop {
            let attempt = progress.attempts.fetch_add(1, Ordering::SeqCst) + 1;
            progress.set(Phase::Request);
            let result = self.attempt(operation, url, body.clone(), &token).await;
            progress.set(Phase::Between);
            if result.as_ref().is_err_and(may_have_been_carried_out) {
                progress.uncertain.store(true, Ordering::SeqCst);
            }
            match &result {
                // The server refused the token before doing anything: safe even for a POST.
                Err(Failure::Unauthorized(_)) if !renewed && resend && tokens.is_renewable() => {
                    renewed = true;
                    progress.set(Phase::Login);
                    match tokens.renew_after_rejection(&token).await {
                        Ok(Some(new)) => token = new,
                        Ok(None) => return result,
                        Err(error) => return Err(Failure::Login(error)),
                    }
                }
                Err(error) => match &self.inner.retry {
                    Some(policy) if policy.should_retry(&operation.method, attempt, error) => {
                        tracing::debug!(attempt, "retrying after: {error}");
                        tokio::time::sleep(policy.backoff(attempt)).await;
                    }
                    _ => return result,
                },
                Ok(_) => return result,
            }
        }
    }

    /// One request with `token`.
    async fn attempt(
        &self,
        operation: &Operation,
        url: &reqwest::Url,
        body: Option<Vec<u8>>,
        token: &AccessToken,
    ) -> Result<(u16, HeaderMap, Vec<u8>), Failure> {
        let inner = &*self.inner;
        let mut request = inner
            .http
            .request(operation.method.clone(), self.with_token(url, token))
            .header(ACCEPT, inner.format.media_type())
            .header(USER_AGENT, inner.user_agent.clone());
        if let Some(timeout) = inner.attempt_timeout {
            request = request.timeout(timeout);
        }
        if !inner.token_in_query {
            request = request.header(AUTHORIZATION, token.header_value().clone());
        }
        if let Some(bytes) = body {
            request = request
                .header(CONTENT_TYPE, inner.format.content_type())
                .body(bytes);
        }

        let response = request
            .send()
            .await
            .map_err(|error| self.send_error(error))?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = self.read_body(status, response).await?;

        if status == operation.success_status {
            Ok((status, headers, body))
        } else if status == 401 {
            Err(Failure::Unauthorized(self.api_error(status, &body)))
        } else if (400..=599).contains(&status) {
            Err(Failure::Api(self.api_error(status, &body)))
        } else {
            Err(Failure::UnexpectedStatus {
                status,
                snippet: self.snippet(&body),
            })
        }
    }

    /// `url` with `$access_token` appended on opt-in ([`ClientBuilder::token_in_query`]).
    fn with_token(&self, url: &reqwest::Url, token: &AccessToken) -> reqwest::Url {
        let mut url = url.clone();
        if self.inner.token_in_query {
            let mut query = url.query().unwrap_or_default().to_owned();
            query.push_str("&$access_token=");
            percent_encode_into(token.expose_secret(), &mut query, false);
            url.set_query(Some(&query));
        }
        url
    }

    /// The timeout a request ran out of: its own, or (a caller's reqwest client's) the call's.
    fn attempt_limit(&self) -> Duration {
        self.inner.attempt_timeout.unwrap_or(self.inner.timeout)
    }

    /// The request URL: base URL + path, then the call's query, the client's defaults and
    /// `$format` (the token is added per attempt). Never shown in any error.
    fn url(&self, operation: &Operation, parts: &RequestParts) -> Result<reqwest::Url, Failure> {
        let inner = &*self.inner;
        let path = parts.path();
        let separator = if path.starts_with('/') { "" } else { "/" };
        let mut query = String::new();
        let mut push = |name: &str, value: &str| {
            if !query.is_empty() {
                query.push('&');
            }
            percent_encode_into(name, &mut query, true);
            query.push('=');
            percent_encode_into(value, &mut query, false);
        };
        for (name, value) in parts.query_pairs() {
            push(name, value);
        }
        if inner.use_generated_version && !parts.has_query("$useMinimumVersion") {
            push("$useMinimumVersion", &operation.version.to_string());
        }
        if let Some(db) = inner.db.as_deref().filter(|_| !parts.has_query("$db")) {
            push("$db", db);
        }
        if let Some(lang) = inner.lang.as_deref().filter(|_| !parts.has_query("$lang")) {
            push("$lang", lang);
        }
        if !parts.has_query("$format") {
            push("$format", inner.format.query_value());
        }
        let url = format!("{}{separator}{path}?{query}", inner.base_url);
        let parsed = reqwest::Url::parse(&url).map_err(|error| Failure::Encode {
            reason: format!("the request path does not make a valid URL ({error})"),
        })?;
        // URL parsing drops `.` and `..` segments (`%2E%2E` too): a path parameter `..` would
        // send the request to another resource, so refuse it.
        let expected_segments = url
            .split('?')
            .next()
            .unwrap_or_default()
            .matches('/')
            .count();
        if parsed.path().matches('/').count() + 2 < expected_segments {
            return Err(Failure::Encode {
                reason: "a path parameter is `.` or `..`, which cannot be sent as one path \
                         segment"
                    .to_owned(),
            });
        }
        Ok(parsed)
    }

    /// Reads the whole body, up to the size limit.
    async fn read_body(
        &self,
        status: u16,
        mut response: reqwest::Response,
    ) -> Result<Vec<u8>, Failure> {
        let limit = self.inner.max_response_bytes;
        let too_large = |this: &Self, body: &[u8]| {
            this.decode_error(
                status,
                body,
                format!("the body is larger than the {limit}-byte limit"),
            )
        };
        if response
            .content_length()
            .is_some_and(|length| length > u64::try_from(limit).unwrap_or(u64::MAX))
        {
            return Err(too_large(self, &[]));
        }
        let mut body = Vec::new();
        loop {
            match response.chunk().await {
                Ok(Some(chunk)) => {
                    if chunk.len() > limit - body.len() {
                        let room = limit - body.len();
                        body.extend_from_slice(&chunk[..room]);
                        return Err(too_large(self, &body));
                    }
                    body.extend_from_slice(&chunk);
                }
                Ok(None) => return Ok(body),
                Err(error) if error.is_timeout() => {
                    return Err(Failure::Timeout(TimeoutError::new(
                        self.attempt_limit(),
                        Phase::Request,
                        error,
                    )));
                }
                Err(error) => {
                    let reason = format!(
                        "the body was cut short after {} bytes ({})",
                        body.len(),
                        innermost_cause(&error.without_url())
                    );
                    return Err(self.decode_error(status, &body, reason));
                }
            }
        }
    }

    fn send_error(&self, error: reqwest::Error) -> Failure {
        // A connect timeout sent nothing: a transport error, not an unknown outcome.
        if error.is_timeout() && !error.is_connect() {
            Failure::Timeout(TimeoutError::new(
                self.attempt_limit(),
                Phase::Request,
                error,
            ))
        } else {
            Failure::Transport(TransportError::new(error))
        }
    }

    fn api_error(&self, status: u16, body: &[u8]) -> ApiError {
        ApiError::from_body_redacted(status, body, &self.redactor())
    }

    pub(crate) fn decode_error(&self, status: u16, body: &[u8], reason: String) -> Failure {
        Failure::Decode {
            status,
            snippet: self.snippet(body),
            reason: self.redact(&reason).into_owned(),
        }
    }

    /// The start of `body`, with every secret replaced before it is cut.
    fn snippet(&self, body: &[u8]) -> String {
        self.redactor().snippet(body, SNIPPET_CHARS)
    }

    /// `text` with every secret the client knows replaced by `***`, in any encoding.
    fn redact<'a>(&self, text: &'a str) -> Cow<'a, str> {
        self.redactor().redact(text)
    }

    fn redactor(&self) -> Redactor {
        self.inner.secrets.redactor()
    }
}

/// How far a call got, read when its deadline runs out.
#[derive(Default)]
struct Progress {
    attempts: AtomicU32,
    phase: AtomicU8,
    /// An earlier attempt may have been carried out (no answer, or a gateway's 502 or 504).
    uncertain: AtomicBool,
}

/// Whether a failed attempt may still have been carried out by RamBase.
fn may_have_been_carried_out(failure: &Failure) -> bool {
    match failure {
        Failure::Api(error) => matches!(error.status(), 502 | 504),
        other => other.outcome_unknown(),
    }
}

impl Progress {
    fn set(&self, phase: Phase) {
        self.phase.store(phase as u8, Ordering::SeqCst);
    }

    fn phase(&self) -> Phase {
        if self.uncertain.load(Ordering::SeqCst) {
            return Phase::Request;
        }
        match self.phase.load(Ordering::SeqCst) {
            x if x == Phase::Request as u8 => Phase::Request,
            x if x == Phase::Between as u8 => Phase::Between,
            _ => Phase::Login,
        }
    }
}

/// The innermost cause of an error: what actually happened (never a URL).
fn innermost_cause(error: &(dyn std::error::Error + 'static)) -> String {
    let mut cause = error;
    while let Some(next) = cause.source() {
        cause = next;
    }
    cause.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token() -> AccessToken {
        AccessToken::new("SENTINEL-token+/=").unwrap()
    }

    const OP: Operation = Operation::new(reqwest::Method::POST, "/x", 3119, 5, 201);

    #[test]
    fn generated_version_is_sent_only_when_switched_on_and_not_overridden() {
        let plain = Client::builder()
            .base_url("http://127.0.0.1:9")
            .access_token(token())
            .build()
            .unwrap();
        let pinned = Client::builder()
            .base_url("http://127.0.0.1:9")
            .access_token(token())
            .use_generated_version(true)
            .build()
            .unwrap();
        let parts = RequestParts::new("/x");
        assert_eq!(
            plain.url(&OP, &parts).unwrap().as_str(),
            "http://127.0.0.1:9/x?$format=json"
        );
        assert_eq!(
            pinned.url(&OP, &parts).unwrap().as_str(),
            "http://127.0.0.1:9/x?$useMinimumVersion=5&$format=json"
        );
        let mut own = RequestParts::new("/x");
        own.query("$useMinimumVersion", 6);
        assert_eq!(
            pinned.url(&OP, &own).unwrap().as_str(),
            "http://127.0.0.1:9/x?$useMinimumVersion=6&$format=json"
        );
    }

    #[test]
    fn build_needs_a_token_and_a_usable_base_url() {
        assert!(matches!(
            Client::builder().build(),
            Err(BuildError::MissingAccessToken)
        ));
        for bad in [
            "api.rambase.net",
            "ftp://api.rambase.net",
            "https://api.rambase.net/?$access_token=x",
            "https://u:p@api.rambase.net",
        ] {
            let err = Client::builder()
                .access_token(token())
                .base_url(bad)
                .build()
                .err();
            assert!(
                matches!(err, Some(BuildError::InvalidBaseUrl { .. })),
                "{bad}: {err:?}"
            );
        }
        let err = Client::builder()
            .access_token(token())
            .user_agent("a\nb")
            .build()
            .err();
        assert!(matches!(err, Some(BuildError::InvalidUserAgent)));
    }

    #[test]
    fn default_client_builds_with_ring_tls_and_keeps_the_token_out_of_debug() {
        let client = Client::builder().access_token(token()).build().unwrap();
        assert_eq!(client.base_url(), "https://api.rambase.net");
        assert_eq!(client.format(), Format::Json);
        let debug = format!("{client:?} {:?}", Client::builder().access_token(token()));
        assert!(!debug.contains("SENTINEL"), "{debug}");
        assert!(debug.contains("AccessToken(***)"));
        let swapped = client.with_access_token(AccessToken::new("other").unwrap());
        assert!(!swapped.inner.tokens.is_renewable());
    }

    #[test]
    fn base_url_keeps_a_path_prefix_without_trailing_slash() {
        let client = Client::builder()
            .access_token(token())
            .base_url("http://127.0.0.1:9/prefix/")
            .build()
            .unwrap();
        assert_eq!(client.base_url(), "http://127.0.0.1:9/prefix");
        let mut parts = RequestParts::new("/a b/x");
        parts.query("$filter", "Name eq 'x&y'");
        let url = client.url(&OP, &parts).unwrap();
        assert_eq!(
            url.as_str(),
            "http://127.0.0.1:9/prefix/a%20b/x?$filter=Name%20eq%20%27x%26y%27&$format=json"
        );
    }

    #[test]
    fn defaults_apply_unless_overridden_and_token_only_on_opt_in() {
        let client = Client::builder()
            .access_token(token())
            .base_url("http://127.0.0.1:9")
            .db("DEFAULTDB")
            .lang("eng")
            .format(Format::Xml)
            .build()
            .unwrap();
        let mut parts = RequestParts::new("x");
        parts.query("$db", "OTHER");
        let url = client.url(&OP, &parts).unwrap();
        assert_eq!(
            url.as_str(),
            "http://127.0.0.1:9/x?$db=OTHER&$lang=eng&$format=xml"
        );
        let in_query = Client::builder()
            .access_token(token())
            .base_url("http://127.0.0.1:9")
            .token_in_query(true)
            .build()
            .unwrap();
        let url = in_query.url(&OP, &RequestParts::new("/x")).unwrap();
        let url = in_query.with_token(&url, &token());
        assert_eq!(
            url.as_str(),
            "http://127.0.0.1:9/x?$format=json&$access_token=SENTINEL-token%2B%2F%3D"
        );
    }

    #[test]
    fn redaction_replaces_raw_and_encoded_tokens() {
        let client = Client::builder().access_token(token()).build().unwrap();
        assert_eq!(
            client.redact("a SENTINEL-token+/= b SENTINEL-token%2B%2F%3D c"),
            "a *** b *** c"
        );
        assert!(matches!(client.redact("clean"), Cow::Borrowed(_)));
        let error = client.api_error(
            400,
            b"{\"message\":\"bad token SENTINEL-token\\u002B\\/=\"}",
        );
        assert_eq!(error.message(), Some("bad token ***"));
    }
}
