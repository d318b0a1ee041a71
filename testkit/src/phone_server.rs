//! A local stand-in for RamBase resource 3119 v5 (`POST /collaboration/contacts/{contactId}/phones`)
//! on `127.0.0.1`, for tests and the example: no RamBase account, no network.
//!
//! It runs on the kit's [`crate::Server`] and can also misbehave on purpose: every [`Mode`]
//! other than [`Mode::Normal`] scripts one way RamBase (or a proxy in front of it) answers badly;
//! the broken HTTP among them (a cut body, a body without a length, a stall) is hand-made
//! ([`crate::raw`]).
//!
//! In [`Mode::Normal`] it behaves as the documentation of 3119 v5 and `api-facts.md` describe:
//!
//! - only `POST /collaboration/contacts/{contactId}/phones`; any other path is a 404 and any
//!   other method a 405, both with a RamBase error body;
//! - the request must carry `Authorization: Bearer <token>` (or, as RamBase also accepts, the
//!   `$access_token` query parameter); otherwise HTTP 401 with a RamBase error body;
//! - the contact must be one of the server's contacts, else HTTP 404 (RamBase does not document
//!   the error code for this, so the body has none);
//! - the body is read as `$format` says (`json` by default, or `xml`): `{"phone": {...}}` or
//!   `<Phone>...</Phone>`; `PhoneNumber` is required and must match the documented pattern
//!   (HTTP 400 otherwise), `Type` defaults to `BUSINESS` and `IsDefault` to `false`;
//! - the answer is HTTP 201 with the created phone, `{"phone": {...}}` or `<Phone>...</Phone>`,
//!   with a new `PhoneId` and `CreatedAt` carrying an offset.
//!
//! Every API request that arrives is recorded ([`Server::requests`]) and counted
//! ([`Server::request_count`]), whatever the mode, before it is answered; logins at the token
//! endpoint are not.

use std::collections::BTreeSet;
use std::io;
use std::sync::atomic::{AtomicI32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use regex::Regex;
use serde_json::{Value, json};

use crate::rambase::{Refusal, Wire, error_reply, xml_escape, xml_unescape};
use crate::server::lock;
use crate::{Bound, Reply, Request, parse_query};

/// The access token the server accepts unless [`ServerBuilder::access_token`] says otherwise.
pub const DEMO_TOKEN: &str = "local-demo-token";

/// The API client id whose client-credentials login the server's token endpoint accepts.
pub const DEMO_CLIENT_ID: &str = "local-demo-client";

/// The client secret of [`DEMO_CLIENT_ID`].
pub const DEMO_CLIENT_SECRET: &str = "local-demo-secret";

/// A contact that exists on the server unless [`ServerBuilder::contacts`] says otherwise.
pub const DEMO_CONTACT_ID: i32 = 100_001;

/// The `CreatedAt` of every phone the server creates (fixed, so tests can compare it).
pub const CREATED_AT: &str = "2026-11-26T14:05:00+01:00";

/// The first `PhoneId` the server hands out; each created phone gets the next one.
pub const FIRST_PHONE_ID: i32 = 5001;

/// The documented pattern of `PhoneNumber` in 3119 v5.
const PHONE_NUMBER_PATTERN: &str = r"^([0-9\(\)\s\.\+\-])*$";

/// How the server answers the requests that pass the access token check.
///
/// The access token is checked first in [`Mode::Normal`] and in the modes that script a RamBase
/// error body; the others imitate failures in front of RamBase and answer any request.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Mode {
    /// Behaves like resource 3119 v5 (see the module documentation).
    #[default]
    Normal,
    /// RamBase error 101015 (HTTP 404): Permission not found.
    PermissionNotFound,
    /// RamBase error 105991 (HTTP 400): Event is not of the same type as event set on the
    /// automated flow.
    EventTypeMismatch,
    /// RamBase error 101420 (HTTP 404): Setting definition not found.
    SettingDefinitionNotFound,
    /// A RamBase error body with a code that 3119 v5 does not document.
    UnknownError {
        /// The HTTP status.
        status: u16,
        /// The RamBase error code.
        code: u64,
        /// The message.
        message: String,
    },
    /// An HTML `502 Bad Gateway` page from a proxy, longer than any error keeps.
    HtmlBadGateway,
    /// HTTP 201 whose `Content-Length` promises more than is sent before the connection closes.
    Truncated,
    /// HTTP 201 with a JSON body of this many bytes.
    Oversized {
        /// The body size in bytes.
        bytes: usize,
        /// Whether to declare the size in `Content-Length` (else the body runs until the
        /// connection closes).
        declare_length: bool,
    },
    /// Reads the request, then answers nothing for this long before closing the connection.
    Stall(Duration),
    /// Answers with this status and a RamBase error body whose message echoes the request's
    /// target and `Authorization` header, as a careless server or proxy might: the client must
    /// keep the token out of its errors even then.
    EchoRequest {
        /// The HTTP status.
        status: u16,
    },
}

/// Configures a [`Server`]. Start with [`Server::builder`].
#[derive(Debug, Clone)]
#[must_use]
pub struct ServerBuilder {
    token: String,
    contacts: BTreeSet<i32>,
    mode: Mode,
}

impl Default for ServerBuilder {
    fn default() -> Self {
        Self {
            token: DEMO_TOKEN.to_owned(),
            contacts: BTreeSet::from([DEMO_CONTACT_ID]),
            mode: Mode::Normal,
        }
    }
}

impl ServerBuilder {
    /// The access token the server accepts (default [`DEMO_TOKEN`]).
    pub fn access_token(mut self, token: impl Into<String>) -> Self {
        self.token = token.into();
        self
    }

    /// The contacts that exist (default only [`DEMO_CONTACT_ID`]).
    pub fn contacts(mut self, ids: impl IntoIterator<Item = i32>) -> Self {
        self.contacts = ids.into_iter().collect();
        self
    }

    /// The initial mode (default [`Mode::Normal`]); change it later with [`Server::set_mode`].
    pub fn mode(mut self, mode: Mode) -> Self {
        self.mode = mode;
        self
    }

    /// Binds `127.0.0.1` on a free port and starts serving on the current tokio runtime.
    pub async fn start(self) -> io::Result<Server> {
        let state = Arc::new(State {
            token: self.token,
            contacts: self.contacts,
            mode: Mutex::new(self.mode),
            next_phone_id: AtomicI32::new(FIRST_PHONE_ID),
            phone_pattern: Regex::new(PHONE_NUMBER_PATTERN)
                .map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e))?,
        });
        let shared = Arc::clone(&state);
        let serving = Bound::new()
            .await?
            .serve(move |request| serve(request, &shared));
        Ok(Server { serving, state })
    }
}

/// The local 3119 v5 server. It stops when dropped.
#[derive(Debug)]
pub struct Server {
    serving: crate::Server,
    state: Arc<State>,
}

impl Server {
    /// A builder with the defaults: token [`DEMO_TOKEN`], contact [`DEMO_CONTACT_ID`],
    /// [`Mode::Normal`].
    pub fn builder() -> ServerBuilder {
        ServerBuilder::default()
    }

    /// Starts a server with the defaults.
    pub async fn start() -> io::Result<Server> {
        Self::builder().start().await
    }

    /// `http://127.0.0.1:PORT`, to hand to `ClientBuilder::base_url`.
    pub fn base_url(&self) -> &str {
        self.serving.base_url()
    }

    /// Changes how the following requests are answered.
    pub fn set_mode(&self, mode: Mode) {
        *lock(&self.state.mode) = mode;
    }

    /// Every API request received so far, in order of arrival (logins are not recorded).
    pub fn requests(&self) -> Vec<Request> {
        let mut requests = self.serving.requests();
        requests.retain(|request| !is_login(request));
        requests
    }

    /// How many API requests arrived so far.
    pub fn request_count(&self) -> usize {
        self.requests().len()
    }

    /// The only API request received so far.
    ///
    /// # Panics
    ///
    /// When there was not exactly one.
    pub fn single_request(&self) -> Request {
        let requests = self.requests();
        assert_eq!(requests.len(), 1, "expected one request: {requests:#?}");
        requests.into_iter().next().expect("one request")
    }
}

#[derive(Debug)]
struct State {
    token: String,
    contacts: BTreeSet<i32>,
    mode: Mutex<Mode>,
    next_phone_id: AtomicI32,
    phone_pattern: Regex,
}

/// The token endpoint answers logins beside the API, as RamBase's does.
fn is_login(request: &Request) -> bool {
    request.method == "POST" && request.path == "/oauth2/access_token"
}

fn serve(request: &Request, state: &State) -> Reply {
    if is_login(request) {
        return token_answer(state, request);
    }
    let mode = lock(&state.mode).clone();
    match mode {
        Mode::Stall(pause) => Reply::raw(Vec::new()).after(pause),
        Mode::HtmlBadGateway => html_bad_gateway(),
        Mode::Truncated => {
            let sent = br#"{"phone":{"phoneId":5001,"createdAt":"2026-11"#;
            let mut raw = format!(
                "HTTP/1.1 201 Created\r\nContent-Type: application/json; charset=utf-8\r\n\
                 Content-Length: {}\r\nConnection: close\r\n\r\n",
                sent.len() + 400
            )
            .into_bytes();
            raw.extend_from_slice(sent);
            Reply::raw(raw)
        }
        Mode::Oversized {
            bytes,
            declare_length,
        } => oversized(bytes, declare_length),
        Mode::EchoRequest { status } => {
            let echo = format!(
                "Cannot handle {} {} with authorization {:?}",
                request.method,
                request.target,
                request.header("authorization").unwrap_or_default()
            );
            error_reply(&Refusal::new(status, Some(1), echo), Wire::Json, None)
        }
        other => answer(state, request, &other),
    }
}

/// `POST /oauth2/access_token` with the client-credentials grant of [`DEMO_CLIENT_ID`]: the
/// server's access token, valid for an hour (as a string, as RamBase sometimes sends it). Any
/// other form is refused like RamBase refuses a bad login.
fn token_answer(state: &State, request: &Request) -> Reply {
    let form = parse_query(&request.body_text());
    let field = |name: &str| {
        form.iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    };
    let accepted = field("grant_type") == Some("client_credentials")
        && field("client_id") == Some(DEMO_CLIENT_ID)
        && field("client_secret") == Some(DEMO_CLIENT_SECRET);
    let (status, body) = if accepted {
        (
            200,
            json!({"access_token": state.token, "expires_in": "3600", "token_type": "bearer"}),
        )
    } else {
        (
            400,
            json!({"error_code": 1, "message": "Invalid client id or client secret"}),
        )
    };
    Reply::json(status, body.to_string())
}

/// The answer of [`Mode::Normal`] and of the scripted RamBase errors.
fn answer(state: &State, request: &Request, mode: &Mode) -> Reply {
    let format = request.wire();
    match handle(state, request, mode, format) {
        Ok(phone) => created(&phone, format),
        Err(refusal) => error_reply(&refusal, format, request.lang()),
    }
}

fn handle(state: &State, request: &Request, mode: &Mode, format: Wire) -> Result<Value, Refusal> {
    let bearer = format!("Bearer {}", state.token);
    let authorized = request.header("authorization") == Some(bearer.as_str())
        || request.query_values("$access_token") == [state.token.as_str()];
    if !authorized {
        return Err(Refusal::new(
            401,
            None,
            "Access token is missing, invalid or expired",
        ));
    }
    if let Some(refusal) = scripted_refusal(mode) {
        return Err(refusal);
    }

    let contact = request
        .path
        .strip_prefix("/collaboration/contacts/")
        .and_then(|rest| rest.strip_suffix("/phones"))
        .and_then(|id| id.parse::<i32>().ok());
    let Some(contact) = contact else {
        return Err(Refusal::new(
            404,
            None,
            format!("No API resource matches {}", request.path),
        ));
    };
    if request.method != "POST" {
        return Err(Refusal::new(
            405,
            None,
            format!("{} is not supported on this resource", request.method),
        ));
    }
    if !state.contacts.contains(&contact) {
        return Err(Refusal::new(
            404,
            None,
            format!("Contact {contact} not found"),
        ));
    }

    let fields = match format {
        Wire::Json => json_fields(&request.body)?,
        Wire::Xml => xml_fields(&request.body)?,
    };
    let phone_number = fields
        .phone_number
        .ok_or_else(|| Refusal::new(400, None, "PhoneNumber is required"))?;
    if !state.phone_pattern.is_match(&phone_number) {
        return Err(Refusal::new(
            400,
            None,
            format!("PhoneNumber '{phone_number}' is not a valid phone number"),
        ));
    }
    Ok(json!({
        "phoneId": state.next_phone_id.fetch_add(1, Ordering::Relaxed),
        "createdAt": CREATED_AT,
        "isDefault": fields.is_default.unwrap_or(false),
        "type": fields.kind.unwrap_or_else(|| "BUSINESS".to_owned()),
        "phoneNumber": phone_number,
    }))
}

/// The RamBase error a scripting [`Mode`] answers with; `None` for the other modes.
fn scripted_refusal(mode: &Mode) -> Option<Refusal> {
    let refusal = match mode {
        Mode::PermissionNotFound => Refusal::new(404, Some(101_015), "Permission not found")
            .translated("Tillatelse ikke funnet"),
        Mode::EventTypeMismatch => Refusal::new(
            400,
            Some(105_991),
            "Event is not of the same type as event set on the automated flow",
        )
        .translated(
            "Hendelsen er ikke av samme type som hendelsen satt på den automatiserte flyten",
        ),
        Mode::SettingDefinitionNotFound => {
            Refusal::new(404, Some(101_420), "Setting definition not found")
                .translated("Innstillingsdefinisjon ikke funnet")
        }
        Mode::UnknownError {
            status,
            code,
            message,
        } => Refusal::new(*status, Some(*code), message.clone()),
        _ => return None,
    };
    Some(refusal)
}

/// The fields of a request body, as sent.
#[derive(Default)]
struct Fields {
    kind: Option<String>,
    is_default: Option<bool>,
    phone_number: Option<String>,
}

fn json_fields(body: &[u8]) -> Result<Fields, Refusal> {
    let bad = |why: &str| Refusal::new(400, None, format!("Invalid request body: {why}"));
    let value: Value = serde_json::from_slice(body).map_err(|e| bad(&e.to_string()))?;
    let phone = value
        .get("phone")
        .and_then(Value::as_object)
        .ok_or_else(|| bad("expected the root property \"phone\""))?;
    let text = |name: &str| -> Result<Option<String>, Refusal> {
        match phone.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(other) => Err(bad(&format!("{name} must be a string, got {other}"))),
        }
    };
    let is_default = match phone.get("isDefault") {
        None | Some(Value::Null) => None,
        Some(Value::Bool(b)) => Some(*b),
        Some(other) => return Err(bad(&format!("isDefault must be a boolean, got {other}"))),
    };
    Ok(Fields {
        kind: text("type")?,
        is_default,
        phone_number: text("phoneNumber")?,
    })
}

fn xml_fields(body: &[u8]) -> Result<Fields, Refusal> {
    let bad = |why: &str| Refusal::new(400, None, format!("Invalid request body: {why}"));
    let text = std::str::from_utf8(body).map_err(|_| bad("not UTF-8"))?;
    let text = text
        .trim()
        .strip_prefix("<Phone>")
        .and_then(|t| t.strip_suffix("</Phone>"))
        .ok_or_else(|| bad("expected the root element <Phone>"))?;
    let element = |name: &str| {
        let open = format!("<{name}>");
        let close = format!("</{name}>");
        let start = text.find(&open)? + open.len();
        let end = start + text[start..].find(&close)?;
        Some(xml_unescape(&text[start..end]))
    };
    let is_default = match element("IsDefault").as_deref() {
        None => None,
        Some("true") => Some(true),
        Some("false") => Some(false),
        Some(other) => return Err(bad(&format!("IsDefault must be a boolean, got {other}"))),
    };
    Ok(Fields {
        kind: element("Type"),
        is_default,
        phone_number: element("PhoneNumber"),
    })
}

fn created(phone: &Value, format: Wire) -> Reply {
    match format {
        Wire::Json => Reply::json(201, json!({ "phone": phone }).to_string()),
        Wire::Xml => {
            let mut xml = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?><Phone>");
            for (element, field) in [
                ("PhoneId", "phoneId"),
                ("CreatedAt", "createdAt"),
                ("IsDefault", "isDefault"),
                ("Type", "type"),
                ("PhoneNumber", "phoneNumber"),
            ] {
                let value = match &phone[field] {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                xml.push_str(&format!("<{element}>{}</{element}>", xml_escape(&value)));
            }
            xml.push_str("</Phone>");
            Reply::xml(201, xml)
        }
    }
}

/// The body of [`Mode::HtmlBadGateway`]: a proxy's error page, about 6 KB.
pub fn html_bad_gateway_page() -> String {
    let filler = "<!-- padding so the page is longer than any error keeps -->\n".repeat(100);
    format!(
        "<html>\n<head><title>502 Bad Gateway</title></head>\n<body>\n\
         <center><h1>502 Bad Gateway</h1></center>\n<hr><center>nginx</center>\n{filler}</body>\n</html>\n"
    )
}

fn html_bad_gateway() -> Reply {
    Reply::html(502, html_bad_gateway_page())
}

/// A created phone of `bytes` bytes; without `declare_length`, its body runs until the
/// connection closes (hand-made: hyper would chunk it).
fn oversized(bytes: usize, declare_length: bool) -> Reply {
    let prefix = br#"{"phone":{"phoneId":5001,"phoneNumber":""#;
    let suffix = br#""}}"#;
    let padding = bytes.saturating_sub(prefix.len() + suffix.len());
    let mut body = Vec::with_capacity(bytes);
    body.extend_from_slice(prefix);
    body.resize(prefix.len() + padding, b'1');
    body.extend_from_slice(suffix);
    if declare_length {
        Reply::with_body(201, "application/json; charset=utf-8", body)
    } else {
        let mut raw = b"HTTP/1.1 201 Created\r\nContent-Type: application/json; charset=utf-8\r\n\
                        Connection: close\r\n\r\n"
            .to_vec();
        raw.extend_from_slice(&body);
        Reply::raw(raw)
    }
}
