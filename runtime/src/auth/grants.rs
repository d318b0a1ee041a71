//! The four OAuth grants of RamBase's token endpoint, and the token source that runs them.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use reqwest::header::{ACCEPT, CONTENT_TYPE};
use serde_json::{Map, Value};
use tracing::Instrument;

use super::{BoxFuture, LoginError, Pkce, PkceVerifier, Target, Token, TokenSource};
use crate::errors::api_error::ApiError;
use crate::errors::call_error::Phase;
use crate::errors::call_error::{TimeoutError, TransportError};
use crate::values::redact::SecretSet;
use crate::values::secret::{AuthorizationCode, ClientSecret, Password, RefreshToken};
use crate::values::token::AccessToken;
use crate::wire::url::percent_encode_into;

/// The largest token endpoint answer read.
const MAX_TOKEN_RESPONSE_BYTES: usize = 64 * 1024;

/// How a client logs in: the API client's id and secret, and one grant. Hand it to
/// [`ClientBuilder::login`](crate::ClientBuilder::login); see the [module docs](crate::auth).
#[derive(Debug, Clone)]
pub struct Login {
    client_id: String,
    client_secret: ClientSecret,
    grant: Grant,
    extra: Vec<(&'static str, String)>,
    token_url: Option<String>,
}

#[derive(Debug, Clone)]
enum Grant {
    ClientCredentials,
    Password {
        username: String,
        password: Password,
        otp: Option<Password>,
    },
    RefreshToken(RefreshToken),
    AuthorizationCode {
        code: AuthorizationCode,
        redirect_uri: String,
        verifier: Option<PkceVerifier>,
    },
}

impl Login {
    fn new(client_id: impl Into<String>, client_secret: ClientSecret, grant: Grant) -> Self {
        Self {
            client_id: client_id.into(),
            client_secret,
            grant,
            extra: Vec::new(),
            token_url: None,
        }
    }

    /// The client credentials grant: the API client logs in as itself (no refresh token; a new
    /// token is requested with the same credentials when the old one expires).
    pub fn client_credentials(client_id: impl Into<String>, client_secret: ClientSecret) -> Self {
        Self::new(client_id, client_secret, Grant::ClientCredentials)
    }

    /// The resource-owner password grant: a RamBase user's name and password.
    pub fn password(
        client_id: impl Into<String>,
        client_secret: ClientSecret,
        username: impl Into<String>,
        password: Password,
    ) -> Self {
        let grant = Grant::Password {
            username: username.into(),
            password,
            otp: None,
        };
        Self::new(client_id, client_secret, grant)
    }

    /// The refresh token grant: a refresh token kept from an earlier login.
    pub fn refresh_token(
        client_id: impl Into<String>,
        client_secret: ClientSecret,
        refresh_token: RefreshToken,
    ) -> Self {
        Self::new(client_id, client_secret, Grant::RefreshToken(refresh_token))
    }

    /// The authorization code grant: exchanges the `code` the authorize page sent to
    /// `redirect_uri` (the same URI as in [`authorize_url`](super::authorize_url)). The code
    /// can be used once; later renewals use the refresh token that came with it.
    pub fn authorization_code(
        client_id: impl Into<String>,
        client_secret: ClientSecret,
        code: AuthorizationCode,
        redirect_uri: impl Into<String>,
    ) -> Self {
        let grant = Grant::AuthorizationCode {
            code,
            redirect_uri: redirect_uri.into(),
            verifier: None,
        };
        Self::new(client_id, client_secret, grant)
    }

    /// Sends the PKCE `code_verifier` with an authorization code (ignored by other grants).
    #[must_use]
    pub fn pkce(mut self, pkce: &Pkce) -> Self {
        if let Grant::AuthorizationCode { verifier, .. } = &mut self.grant {
            *verifier = Some(pkce.verifier().clone());
        }
        self
    }

    /// Sends a one-time password with the password grant (ignored by other grants), after a
    /// [`LoginError::OtpRequired`].
    #[must_use]
    pub fn otp(mut self, one_time_password: impl Into<String>) -> Self {
        if let Grant::Password { otp, .. } = &mut self.grant {
            *otp = Some(Password::new(one_time_password));
        }
        self
    }

    /// Chooses the target (company or system) to log in to, after a
    /// [`LoginError::TargetRequired`].
    #[must_use]
    pub fn target(self, target: impl Into<String>) -> Self {
        self.extra("target", target.into())
    }

    /// Sends the IP address of the end user (`endclientip`), for RamBase's audit.
    #[must_use]
    pub fn end_client_ip(self, ip: impl Into<String>) -> Self {
        self.extra("endclientip", ip.into())
    }

    /// The token endpoint's URL (default: the client's base URL + `/oauth2/access_token`).
    #[must_use]
    pub fn token_url(mut self, url: impl Into<String>) -> Self {
        self.token_url = Some(url.into());
        self
    }

    fn extra(mut self, name: &'static str, value: String) -> Self {
        self.extra.retain(|(n, _)| *n != name);
        self.extra.push((name, value));
        self
    }

    /// Every secret of this login, for redaction.
    pub(crate) fn secrets(&self) -> Vec<&str> {
        let mut secrets = vec![self.client_secret.expose_secret()];
        match &self.grant {
            Grant::ClientCredentials => {}
            Grant::Password { password, otp, .. } => {
                secrets.push(password.expose_secret());
                secrets.extend(otp.as_ref().map(Password::expose_secret));
            }
            Grant::RefreshToken(token) => secrets.push(token.expose_secret()),
            Grant::AuthorizationCode { code, verifier, .. } => {
                secrets.push(code.expose_secret());
                secrets.extend(verifier.as_ref().map(PkceVerifier::expose_secret));
            }
        }
        secrets
    }

    pub(crate) fn explicit_token_url(&self) -> Option<&str> {
        self.token_url.as_deref()
    }

    /// The form of the first token request (`None` once an authorization code is used up).
    fn first_form(&self) -> Option<Form> {
        let mut form = self.form_start();
        match &self.grant {
            Grant::ClientCredentials => form.push("grant_type", "client_credentials"),
            Grant::Password {
                username,
                password,
                otp,
            } => {
                form.push("grant_type", "password");
                form.push("username", username);
                form.push("password", password.expose_secret());
                if let Some(otp) = otp {
                    form.push("otp", otp.expose_secret());
                }
            }
            Grant::RefreshToken(_) => return None,
            Grant::AuthorizationCode {
                code,
                redirect_uri,
                verifier,
            } => {
                form.push("grant_type", "authorization_code");
                form.push("code", code.expose_secret());
                form.push("redirect_uri", redirect_uri);
                if let Some(verifier) = verifier {
                    form.push("code_verifier", verifier.expose_secret());
                }
            }
        }
        for (name, value) in &self.extra {
            form.push(name, value);
        }
        Some(form)
    }

    fn refresh_form(&self, refresh_token: &RefreshToken) -> Form {
        let mut form = self.form_start();
        form.push("grant_type", "refresh_token");
        form.push("refresh_token", refresh_token.expose_secret());
        form
    }

    fn form_start(&self) -> Form {
        let mut form = Form::default();
        form.push("client_id", &self.client_id);
        form.push("client_secret", self.client_secret.expose_secret());
        form
    }

    fn grant_name(&self) -> &'static str {
        match self.grant {
            Grant::ClientCredentials => "client_credentials",
            Grant::Password { .. } => "password",
            Grant::RefreshToken(_) => "refresh_token",
            Grant::AuthorizationCode { .. } => "authorization_code",
        }
    }
}

/// An `application/x-www-form-urlencoded` body. Never printed; wiped when dropped.
#[derive(Default)]
struct Form(zeroize::Zeroizing<String>);

impl Form {
    fn push(&mut self, name: &str, value: &str) {
        if self.0.capacity() == 0 {
            // Room for any login form up front: a reallocation would leave a copy unwiped.
            self.0.reserve(4096);
        }
        if !self.0.is_empty() {
            self.0.push('&');
        }
        percent_encode_into(name, &mut self.0, false);
        self.0.push('=');
        percent_encode_into(value, &mut self.0, false);
    }

    /// A body sent once and never replayed (so never after a redirect), wiped when dropped.
    fn into_body(self) -> reqwest::Body {
        reqwest::Body::wrap(OnceBody(Some(bytes::Bytes::from_owner(
            crate::values::secret::WipedText(self.0),
        ))))
    }
}

/// A body of one chunk, of known length, that cannot be cloned.
struct OnceBody(Option<bytes::Bytes>);

impl http_body::Body for OnceBody {
    type Data = bytes::Bytes;
    type Error = std::convert::Infallible;

    fn poll_frame(
        mut self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<http_body::Frame<bytes::Bytes>, Self::Error>>> {
        std::task::Poll::Ready(self.0.take().map(|data| Ok(http_body::Frame::data(data))))
    }

    fn is_end_stream(&self) -> bool {
        self.0.is_none()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        let length = self.0.as_ref().map_or(0, |data| data.len() as u64);
        http_body::SizeHint::with_exact(length)
    }
}

/// Runs a [`Login`] against the token endpoint: the first grant, then the refresh token grant
/// with the newest refresh token, falling back to the first grant when that one is refused and
/// the first grant can be repeated.
pub(crate) struct OAuthSource {
    login: Login,
    http: reqwest::Client,
    token_url: reqwest::Url,
    timeout: Duration,
    secrets: Arc<SecretSet>,
    state: Mutex<SourceState>,
}

struct SourceState {
    refresh_token: Option<RefreshToken>,
    code_used: bool,
}

impl OAuthSource {
    pub(crate) fn new(
        login: Login,
        http: reqwest::Client,
        token_url: reqwest::Url,
        timeout: Duration,
        secrets: Arc<SecretSet>,
    ) -> Self {
        let refresh_token = match &login.grant {
            Grant::RefreshToken(token) => Some(token.clone()),
            _ => None,
        };
        Self {
            login,
            http,
            token_url,
            timeout,
            secrets,
            state: Mutex::new(SourceState {
                refresh_token,
                code_used: false,
            }),
        }
    }

    fn state(&self) -> std::sync::MutexGuard<'_, SourceState> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    async fn fetch(&self) -> Result<Token, LoginError> {
        let refresh_token = self.state().refresh_token.clone();
        let mut refused = None;
        if let Some(refresh_token) = refresh_token {
            let form = self.login.refresh_form(&refresh_token);
            match self.request(form, "refresh_token").await {
                Ok(token) => return Ok(self.keep(token)),
                Err(error) if error.is_refusal() => refused = Some(error),
                Err(error) => return Err(error),
            }
        }
        let is_code = matches!(self.login.grant, Grant::AuthorizationCode { .. });
        let first = {
            let mut state = self.state();
            let form = self
                .login
                .first_form()
                .filter(|_| !(is_code && state.code_used));
            state.code_used |= is_code;
            form
        };
        // Nothing to fall back on: the refresh token's refusal, with the server's reason (the
        // refresh token is kept, so that every later call gets the server's answer too).
        let Some(form) = first else {
            return Err(refused.unwrap_or(LoginError::Exhausted));
        };
        if refused.is_some() {
            self.state().refresh_token = None;
        }
        let result = self.request(form, self.login.grant_name()).await;
        if let Err(LoginError::Transport(error)) = &result {
            // The code never reached the server: it can still be exchanged.
            if error.is_connect() && is_code {
                self.state().code_used = false;
            }
        }
        Ok(self.keep(result?))
    }

    /// Keeps the newest refresh token (RamBase may rotate it) for the next renewal.
    fn keep(&self, token: Token) -> Token {
        if let Some(refresh_token) = &token.refresh_token {
            self.secrets.add_recent(refresh_token.expose_secret());
            self.state().refresh_token = Some(refresh_token.clone());
        }
        token
    }

    async fn request(&self, form: Form, grant: &'static str) -> Result<Token, LoginError> {
        // The grant and status only: never the form, which holds the secrets.
        let span = tracing::info_span!("rambase_login", grant, status = tracing::field::Empty);
        self.request_in_span(form, grant).instrument(span).await
    }

    async fn request_in_span(&self, form: Form, grant: &str) -> Result<Token, LoginError> {
        let response = self
            .http
            .post(self.token_url.clone())
            .timeout(self.timeout)
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(ACCEPT, "application/json")
            .body(form.into_body())
            .send()
            .await
            .map_err(|error| self.send_error(error))?;
        let status = response.status().as_u16();
        tracing::Span::current().record("status", status);
        // The form cannot be replayed, so reqwest never sends it after a 307 or 308; a 301, 302
        // or 303 is followed (by some clients) as a GET without it. Either way the answer is not
        // the token endpoint's.
        if response.url() != &self.token_url || (300..400).contains(&status) {
            return Err(LoginError::InvalidResponse {
                status,
                reason: "the token endpoint redirected; login credentials are never sent to \
                         another location, so set the token URL to the final one"
                    .to_owned(),
            });
        }
        let body = self.read(response).await?;
        if (200..300).contains(&status) {
            parse_token(status, &body)
        } else {
            Err(login_error(status, &body, &self.secrets, grant))
        }
    }

    fn send_error(&self, error: reqwest::Error) -> LoginError {
        if error.is_timeout() && !error.is_connect() {
            LoginError::Timeout(TimeoutError::new(self.timeout, Phase::Login, error))
        } else {
            LoginError::Transport(TransportError::new(error))
        }
    }

    /// The answer's body, wiped when dropped (it holds the tokens).
    async fn read(
        &self,
        mut response: reqwest::Response,
    ) -> Result<zeroize::Zeroizing<Vec<u8>>, LoginError> {
        let mut body = zeroize::Zeroizing::new(Vec::new());
        loop {
            match response.chunk().await {
                Ok(Some(chunk)) => {
                    let room = MAX_TOKEN_RESPONSE_BYTES.saturating_sub(body.len());
                    if body.is_empty() {
                        body.reserve(MAX_TOKEN_RESPONSE_BYTES);
                    }
                    body.extend_from_slice(&chunk[..chunk.len().min(room)]);
                }
                Ok(None) => return Ok(body),
                Err(error) => return Err(self.send_error(error)),
            }
        }
    }
}

impl TokenSource for OAuthSource {
    fn fetch_token(&self) -> BoxFuture<'_, Result<Token, LoginError>> {
        Box::pin(self.fetch())
    }
}

/// Reads a token answer: `access_token`, `refresh_token`, `expires_in` (number or string).
fn parse_token(status: u16, body: &[u8]) -> Result<Token, LoginError> {
    let value: Value = serde_json::from_slice(body).map_err(|_| LoginError::InvalidResponse {
        status,
        reason: "the body is not a JSON object".to_owned(),
    })?;
    // The parsed copy of the tokens is wiped once read.
    let value = zeroize::Zeroizing::new(Wipeable(value));
    token_of(status, &value.0)
}

/// A parsed token answer, whose texts are zeroed when dropped.
struct Wipeable(Value);

impl zeroize::Zeroize for Wipeable {
    fn zeroize(&mut self) {
        fn wipe(value: &mut Value) {
            match value {
                Value::String(text) => zeroize::Zeroize::zeroize(text),
                Value::Array(items) => items.iter_mut().for_each(wipe),
                Value::Object(object) => object.values_mut().for_each(wipe),
                _ => {}
            }
        }
        wipe(&mut self.0);
    }
}

fn token_of(status: u16, value: &Value) -> Result<Token, LoginError> {
    let invalid = |reason: &str| LoginError::InvalidResponse {
        status,
        reason: reason.to_owned(),
    };
    let object = value
        .as_object()
        .ok_or_else(|| invalid("the body is not a JSON object"))?;
    let access_token = text(object, "access_token")
        .ok_or_else(|| invalid("it has no access_token"))
        .and_then(|token| {
            AccessToken::new(token).map_err(|error| invalid(&format!("the access_token: {error}")))
        })?;
    let expires_in = field(object, "expires_in").and_then(|value| match value {
        Value::Number(number) => number.as_f64(),
        Value::String(text) => text.trim().parse::<f64>().ok(),
        _ => None,
    });
    Ok(Token {
        access_token,
        expires_in: expires_in
            .filter(|seconds| seconds.is_finite() && *seconds >= 0.0)
            .map(|seconds| Duration::from_secs_f64(seconds.min(1e9))),
        refresh_token: text(object, "refresh_token").map(RefreshToken::new),
        is_target_test_system: field(object, "is_target_test_system").and_then(as_bool),
    })
}

/// Sorts a refused token request: `error_code` 5 (OTP), 10 (target), other refusals by what was
/// refused, failures.
fn login_error(status: u16, body: &[u8], secrets: &SecretSet, grant: &str) -> LoginError {
    let redactor = secrets.redactor();
    let error = ApiError::from_body_redacted(status, body, &redactor);
    let mut value = serde_json::from_slice::<Value>(body).unwrap_or(Value::Null);
    redactor.redact_value(&mut value);
    let Some(object) = value.as_object() else {
        return refusal(status, error, None, grant);
    };
    let code = field(object, "error_code").and_then(|code| match code {
        Value::Number(number) => number.as_u64(),
        Value::String(text) => text.trim().parse().ok(),
        _ => None,
    });
    let targets = field(object, "targets").map(targets).unwrap_or_default();
    let otp = field(object, "otp_required").and_then(Value::as_bool) == Some(true);
    if code == Some(5) || (code.is_none() && otp) {
        let method = text(object, "otp_method");
        LoginError::OtpRequired { method, error }
    } else if code == Some(10) || (code.is_none() && !targets.is_empty()) {
        LoginError::TargetRequired { targets, error }
    } else {
        refusal(status, error, Some(object), grant)
    }
}

/// A refusal without OTP or target: by the OAuth `error` (`invalid_client`, `invalid_grant`),
/// then by what the message names, then by the grant that was refused.
fn refusal(
    status: u16,
    error: ApiError,
    object: Option<&Map<String, Value>>,
    grant: &str,
) -> LoginError {
    if !matches!(status, 400 | 401) {
        return LoginError::Server(error);
    }
    let oauth = object.and_then(|object| text(object, "error"));
    let message = error.message().unwrap_or_default().to_ascii_lowercase();
    let names_client = message.contains("client")
        && !["user", "password", "refresh", "code"]
            .iter()
            .any(|word| message.contains(word));
    match oauth.as_deref() {
        Some("invalid_client" | "unauthorized_client") => return LoginError::InvalidClient(error),
        Some("invalid_grant") => {}
        _ if names_client => return LoginError::InvalidClient(error),
        _ => {}
    }
    match grant {
        "password" => LoginError::InvalidUserOrPassword(error),
        "refresh_token" => LoginError::RefreshTokenRejected(error),
        "authorization_code" => LoginError::AuthorizationCodeRejected(error),
        _ => LoginError::InvalidClient(error),
    }
}

/// The `targets` list: objects with `target_name` and `description` (or another name-like
/// field), or plain strings.
fn targets(value: &Value) -> Vec<Target> {
    let Some(items) = value.as_array() else {
        return Vec::new();
    };
    items
        .iter()
        .take(256)
        .filter_map(|item| match item {
            Value::Object(object) => {
                let name = ["target_name", "target", "name", "database", "db", "id"]
                    .iter()
                    .find_map(|key| field(object, key).and_then(scalar_text))?;
                Some(Target::new(name, text(object, "description")))
            }
            scalar => scalar_text(scalar).map(|name| Target::new(name, None)),
        })
        .collect()
}

fn as_bool(value: &Value) -> Option<bool> {
    match value {
        Value::Bool(flag) => Some(*flag),
        Value::String(text) => text.trim().parse().ok(),
        _ => None,
    }
}

/// A field by name, also in camelCase or PascalCase (`error_code`, `errorCode`, `ErrorCode`).
fn field<'a>(object: &'a Map<String, Value>, name: &str) -> Option<&'a Value> {
    let squashed: String = name.chars().filter(|c| *c != '_').collect();
    object.get(name).or_else(|| {
        object
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name) || key.eq_ignore_ascii_case(&squashed))
            .map(|(_, value)| value)
    })
}

fn text(object: &Map<String, Value>, name: &str) -> Option<String> {
    field(object, name)
        .and_then(Value::as_str)
        .filter(|text| !text.is_empty())
        .map(str::to_owned)
}

fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expires_in_is_read_as_a_number_or_a_string_and_never_panics() {
        for (expires_in, expected) in [
            ("3600", Some(3600.0)),
            ("\"3600\"", Some(3600.0)),
            ("\" 59.5 \"", Some(59.5)),
            ("1e300", Some(1e9)),
            ("-5", None),
            ("\"soon\"", None),
            ("null", None),
        ] {
            let body = format!(r#"{{"access_token":"t0ken","expires_in":{expires_in}}}"#);
            let token = parse_token(200, body.as_bytes()).unwrap();
            assert_eq!(
                token.expires_in.map(|d| d.as_secs_f64()),
                expected,
                "{expires_in}"
            );
        }
        for bad in [&b"not json"[..], b"[]", b"{}", br#"{"access_token":"a b"}"#] {
            let error = parse_token(200, bad).unwrap_err();
            assert!(
                matches!(error, LoginError::InvalidResponse { .. }),
                "{error:?}"
            );
        }
    }

    #[test]
    fn refusals_are_sorted_by_error_code_in_any_casing() {
        let secrets = SecretSet::new();
        let sort = |status, body: &str| login_error(status, body.as_bytes(), &secrets, "password");
        assert!(matches!(
            sort(400, r#"{"ErrorCode":5,"OtpMethod":"totp"}"#),
            LoginError::OtpRequired { method: Some(m), .. } if m == "totp"
        ));
        let targets = sort(401, r#"{"message":"pick","targets":[{"Target":"A"},7]}"#);
        assert!(
            matches!(&targets, LoginError::TargetRequired { targets, .. }
                if targets.iter().map(Target::name).collect::<Vec<_>>() == ["A", "7"]),
            "{targets:?}"
        );
        assert!(matches!(
            sort(401, "<html>no</html>"),
            LoginError::InvalidUserOrPassword(_)
        ));
        assert!(matches!(sort(503, "{}"), LoginError::Server(_)));
        let error = sort(400, r#"{"error_code":1,"otp_required":true}"#);
        assert!(matches!(error, LoginError::InvalidUserOrPassword(_)));
        assert_eq!(error.code(), Some(1));
        let targets = sort(
            400,
            r#"{"error_code":10,"targets":[{"target_name":"PROD","description":"Production"}]}"#,
        );
        let LoginError::TargetRequired { targets, .. } = targets else {
            panic!("{targets:?}");
        };
        assert_eq!(targets[0].name(), "PROD");
        assert_eq!(targets[0].description(), Some("Production"));
        for (body, client) in [
            (r#"{"error":"invalid_client"}"#, true),
            (
                r#"{"error_code":2,"message":"Invalid client secret"}"#,
                true,
            ),
            (
                r#"{"error_code":3,"message":"Invalid user name or password"}"#,
                false,
            ),
            (
                r#"{"error":"invalid_grant","message":"client: bad password"}"#,
                false,
            ),
        ] {
            let error = sort(400, body);
            assert_eq!(
                matches!(error, LoginError::InvalidClient(_)),
                client,
                "{body}"
            );
        }
    }

    #[test]
    fn forms_are_encoded_and_login_debug_hides_every_secret() {
        let login = Login::password(
            "id",
            ClientSecret::new("SECRET-c"),
            "jane doe",
            Password::new("SECRET p&=+"),
        )
        .otp("SECRET-otp")
        .target("PROD")
        .target("TEST")
        .end_client_ip("10.0.0.1");
        let form = login
            .first_form()
            .map(|form| form.0.to_string())
            .unwrap_or_default();
        assert_eq!(
            form,
            "client_id=id&client_secret=SECRET-c&grant_type=password&username=jane%20doe\
             &password=SECRET%20p%26%3D%2B&otp=SECRET-otp&target=TEST&endclientip=10.0.0.1"
        );
        let debug = format!("{login:?}");
        assert!(!debug.contains("SECRET"), "{debug}");
        assert_eq!(login.secrets().len(), 3);
    }
}
