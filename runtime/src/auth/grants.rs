//! The four OAuth grants of RamBase's token endpoint, and the token source that runs them.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use reqwest::header::{ACCEPT, CONTENT_TYPE};
use serde_json::{Map, Value};
use tracing::Instrument;

use super::{BoxFuture, LoginError, Pkce, PkceVerifier, Token, TokenSource};
use crate::redact::SecretSet;
use crate::request::percent_encode_into;
use crate::{
    AccessToken, ApiError, AuthorizationCode, ClientSecret, Password, RefreshToken, TimeoutError,
    TransportError,
};

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

/// An `application/x-www-form-urlencoded` body. Never printed.
#[derive(Default)]
struct Form(String);

impl Form {
    fn push(&mut self, name: &str, value: &str) {
        if !self.0.is_empty() {
            self.0.push('&');
        }
        percent_encode_into(name, &mut self.0, false);
        self.0.push('=');
        percent_encode_into(value, &mut self.0, false);
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
        if let Some(refresh_token) = refresh_token {
            let form = self.login.refresh_form(&refresh_token);
            match self.request(form, "refresh_token").await {
                Ok(token) => return Ok(self.keep(token)),
                Err(error) if error.is_refusal() => self.state().refresh_token = None,
                Err(error) => return Err(error),
            }
        }
        let first = {
            let mut state = self.state();
            let is_code = matches!(self.login.grant, Grant::AuthorizationCode { .. });
            let form = self
                .login
                .first_form()
                .filter(|_| !(is_code && state.code_used));
            state.code_used |= is_code;
            form
        };
        let form = first.ok_or(LoginError::Exhausted)?;
        let token = self.request(form, self.login.grant_name()).await?;
        Ok(self.keep(token))
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
        self.request_in_span(form).instrument(span).await
    }

    async fn request_in_span(&self, form: Form) -> Result<Token, LoginError> {
        let response = self
            .http
            .post(self.token_url.clone())
            .timeout(self.timeout)
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(ACCEPT, "application/json")
            .body(form.0)
            .send()
            .await
            .map_err(|error| self.send_error(error))?;
        let status = response.status().as_u16();
        tracing::Span::current().record("status", status);
        let body = self.read(response).await?;
        if (200..300).contains(&status) {
            parse_token(status, &body)
        } else {
            Err(login_error(status, &body, &self.secrets))
        }
    }

    fn send_error(&self, error: reqwest::Error) -> LoginError {
        if error.is_timeout() {
            LoginError::Timeout(TimeoutError::new(self.timeout, error))
        } else {
            LoginError::Transport(TransportError::new(error))
        }
    }

    async fn read(&self, mut response: reqwest::Response) -> Result<Vec<u8>, LoginError> {
        let mut body = Vec::new();
        loop {
            match response.chunk().await {
                Ok(Some(chunk)) => {
                    let room = MAX_TOKEN_RESPONSE_BYTES.saturating_sub(body.len());
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
    let invalid = |reason: &str| LoginError::InvalidResponse {
        status,
        reason: reason.to_owned(),
    };
    let value: Value =
        serde_json::from_slice(body).map_err(|_| invalid("the body is not a JSON object"))?;
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
    })
}

/// Sorts a refused token request: `error_code` 5 (OTP), 10 (target), other refusals, failures.
fn login_error(status: u16, body: &[u8], secrets: &SecretSet) -> LoginError {
    let redactor = secrets.redactor();
    let error = ApiError::from_body_redacted(status, body, &redactor);
    let mut value = serde_json::from_slice::<Value>(body).unwrap_or(Value::Null);
    redactor.redact_value(&mut value);
    let Some(object) = value.as_object() else {
        return plain_refusal(status, error);
    };
    let code = field(object, "error_code").and_then(|code| match code {
        Value::Number(number) => number.as_u64(),
        Value::String(text) => text.trim().parse().ok(),
        _ => None,
    });
    let targets = field(object, "targets")
        .map(target_names)
        .unwrap_or_default();
    let otp = field(object, "otp_required").and_then(Value::as_bool) == Some(true);
    if code == Some(5) || (code.is_none() && otp) {
        let method = text(object, "otp_method");
        LoginError::OtpRequired { method, error }
    } else if code == Some(10) || (code.is_none() && !targets.is_empty()) {
        LoginError::TargetRequired { targets, error }
    } else {
        plain_refusal(status, error)
    }
}

fn plain_refusal(status: u16, error: ApiError) -> LoginError {
    if matches!(status, 400 | 401) {
        LoginError::InvalidCredentials(error)
    } else {
        LoginError::Server(error)
    }
}

/// The names of `targets`: strings, or objects with a name-like field.
fn target_names(value: &Value) -> Vec<String> {
    let Some(items) = value.as_array() else {
        return Vec::new();
    };
    items
        .iter()
        .take(256)
        .filter_map(|item| match item {
            Value::String(name) => Some(name.clone()),
            Value::Number(number) => Some(number.to_string()),
            Value::Object(object) => ["target", "name", "database", "db", "id", "value"]
                .iter()
                .find_map(|key| field(object, key).and_then(scalar_text)),
            _ => None,
        })
        .collect()
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
        let sort = |status, body: &str| login_error(status, body.as_bytes(), &secrets);
        assert!(matches!(
            sort(400, r#"{"ErrorCode":5,"OtpMethod":"totp"}"#),
            LoginError::OtpRequired { method: Some(m), .. } if m == "totp"
        ));
        let targets = sort(401, r#"{"message":"pick","targets":[{"Target":"A"},7]}"#);
        assert!(
            matches!(&targets, LoginError::TargetRequired { targets, .. } if targets == &["A", "7"]),
            "{targets:?}"
        );
        assert!(matches!(
            sort(401, "<html>no</html>"),
            LoginError::InvalidCredentials(_)
        ));
        assert!(matches!(sort(503, "{}"), LoginError::Server(_)));
        assert!(matches!(
            sort(400, r#"{"error_code":1,"otp_required":true}"#),
            LoginError::InvalidCredentials(_)
        ));
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
        let form = login.first_form().map(|form| form.0).unwrap_or_default();
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
