//! The client over real HTTP, against the test kit's server on 127.0.0.1.
//!
//! A test can make it misbehave on purpose: stall, cut a body short, send more than the limit
//! (hand-made bytes, [`Reply::raw`]), or echo the request line back.

mod call;
pub(crate) mod leak;
mod tls;
mod values;

use std::time::Duration;

use rambase_testkit::{Reply, Request};
use serde::Deserialize;

use crate::http::call::{Call, NoContent};
use crate::http::client::{Client, ClientBuilder};
use crate::http::request::RequestParts;
use crate::values::rules::{Pattern, ValidationErrors, check_minimum, check_pattern};
use crate::values::token::AccessToken;
use crate::wire::format::Format;
use crate::wire::object::{Fields, FieldsIn, Object};
use crate::wire::operation::Operation;

type CallError = crate::errors::call_error::CallError<PhoneErrorCode>;

const SENTINEL: &str = "SENTINEL-5b1e-d00d";
const OP: Operation = Operation::new(
    reqwest::Method::POST,
    "/collaboration/contacts/{contactId}/phones",
    3119,
    5,
    201,
);
const DELETE: Operation = Operation::new(
    reqwest::Method::DELETE,
    "/collaboration/contacts/{contactId}/phones/{phoneId}",
    0,
    1,
    202,
);

/// The kit's server, and a client of it that sends [`SENTINEL`] as its token.
struct Server(rambase_testkit::Server);

impl Server {
    async fn start(handler: impl Fn(&Request) -> Reply + Send + Sync + 'static) -> Server {
        Server(rambase_testkit::Server::start(handler).await)
    }

    fn client(&self) -> ClientBuilder {
        Client::builder()
            .base_url(self.0.base_url())
            .access_token(AccessToken::new(SENTINEL).unwrap())
            .timeout(Duration::from_secs(5))
    }

    fn requests(&self) -> Vec<Request> {
        self.0.requests()
    }
}

/// Sends the phone request, through a client of `format`, to a server that gives every
/// request the same `answer`. Returns the error the call must end in, and the server, which
/// can tell what it saw.
async fn failed_call(format: Format, answer: Reply) -> (CallError, Server) {
    let server = Server::start(move |_| answer.clone()).await;
    let client = server.client().format(format).build().unwrap();
    let error = client
        .send::<Phone>(&OP, phone_parts(), "phone")
        .await
        .unwrap_err();
    (error, server)
}

fn json(status: u16, body: &str) -> Reply {
    Reply::json(status, body)
}

/// The request body of the test operation, also the model of the runtime's other wire tests.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct PhoneRequest {
    pub(crate) kind: Option<String>,
    pub(crate) is_default: Option<bool>,
    pub(crate) phone_number: Option<String>,
}

impl Object for PhoneRequest {
    const NAME: &'static str = "Phone";
    type Builder = Self;
    fn write<W: Fields>(&self, w: &mut W) {
        w.field("Type", "type", &self.kind);
        w.field("IsDefault", "isDefault", &self.is_default);
        w.field("PhoneNumber", "phoneNumber", &self.phone_number);
    }
    fn read<R: FieldsIn>(b: &mut Self, r: &mut R) {
        r.field("Type", "type", &mut b.kind);
        r.field("IsDefault", "isDefault", &mut b.is_default);
        r.field("PhoneNumber", "phoneNumber", &mut b.phone_number);
    }
}
crate::impl_serde!(PhoneRequest);

#[derive(Debug, Deserialize, PartialEq)]
struct Phone {
    #[serde(rename = "phoneId", alias = "PhoneId")]
    phone_id: Option<i32>,
    #[serde(rename = "createdAt", alias = "CreatedAt")]
    created_at: Option<chrono::DateTime<chrono::FixedOffset>>,
    #[serde(rename = "isDefault", alias = "IsDefault")]
    is_default: Option<bool>,
    #[serde(rename = "type", alias = "Type")]
    kind: Option<String>,
    #[serde(rename = "phoneNumber", alias = "PhoneNumber")]
    phone_number: Option<String>,
}

fn phone_parts() -> RequestParts {
    let mut parts = RequestParts::new(format!("/collaboration/contacts/{}/phones", 100_001));
    parts.body(
        "phone",
        &PhoneRequest {
            kind: Some("BUSINESS".into()),
            is_default: Some(false),
            phone_number: Some("+47 12345678".into()),
        },
    );
    parts
}

const CREATED: &str = r#"{"phone":{"phoneId":42,"createdAt":"2026-11-26T14:05:00+01:00","isDefault":false,"type":"BUSINESS","phoneNumber":"+47 12345678","customField":1}}"#;

/// Asserts that neither `Display` nor `Debug` of `error` (nor of its sources) holds the token.
fn assert_no_token(error: &CallError) {
    let mut text = format!("{error} {error:?} {error:#?}");
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text.push_str(&format!(" {cause} {cause:?}"));
        source = cause.source();
    }
    assert!(!text.contains(SENTINEL), "token leaked: {text}");
    assert!(!text.contains("5b1e"), "token leaked: {text}");
}

#[tokio::test]
async fn posts_json_with_bearer_header_defaults_and_no_token_in_url() {
    let server = Server::start(|_| json(201, CREATED)).await;
    let client = server.client().db("MYDB").lang("nob").build().unwrap();
    let phone: Phone = client.send(&OP, phone_parts(), "phone").await.unwrap();
    assert_eq!(phone.phone_id, Some(42));
    assert_eq!(phone.kind.as_deref(), Some("BUSINESS"));
    assert_eq!(
        phone.created_at.map(|at| at.to_rfc3339()).as_deref(),
        Some("2026-11-26T14:05:00+01:00")
    );

    let seen = server.requests();
    assert_eq!(seen.len(), 1);
    let request = &seen[0];
    assert_eq!(
        request.request_line(),
        "POST /collaboration/contacts/100001/phones?$db=MYDB&$lang=nob&$format=json HTTP/1.1"
    );
    assert!(!request.request_line().contains(SENTINEL));
    let bearer = format!("Bearer {SENTINEL}");
    assert_eq!(request.header("authorization"), Some(bearer.as_str()));
    assert_eq!(request.header("accept"), Some("application/json"));
    assert_eq!(
        request.header("content-type"),
        Some("application/json; charset=utf-8")
    );
    assert_eq!(
        request.header("user-agent"),
        Some(crate::http::client::DEFAULT_USER_AGENT)
    );
    assert_eq!(
        String::from_utf8_lossy(&request.body),
        r#"{"phone":{"type":"BUSINESS","isDefault":false,"phoneNumber":"+47 12345678"}}"#
    );
}

#[tokio::test]
async fn per_call_query_overrides_client_defaults() {
    let server = Server::start(|_| json(201, CREATED)).await;
    let client = server.client().db("MYDB").lang("nob").build().unwrap();
    let mut parts = phone_parts();
    parts.query("$lang", "eng");
    parts.query("$useMinimumVersion", 5);
    parts.query("$showDomainDescriptions", true);
    let _: Phone = client.send(&OP, parts, "phone").await.unwrap();
    assert_eq!(
        server.requests()[0].request_line(),
        "POST /collaboration/contacts/100001/phones?$lang=eng&$useMinimumVersion=5\
         &$showDomainDescriptions=true&$db=MYDB&$format=json HTTP/1.1"
    );
}

#[tokio::test]
async fn access_token_goes_in_the_query_only_on_opt_in() {
    let server = Server::start(|_| json(201, CREATED)).await;
    let client = server.client().token_in_query(true).build().unwrap();
    let _: Phone = client.send(&OP, phone_parts(), "phone").await.unwrap();
    let request = &server.requests()[0];
    assert_eq!(request.header("authorization"), None);
    assert!(
        request
            .request_line()
            .contains(&format!("&$access_token={SENTINEL} ")),
        "{}",
        request.request_line()
    );
}

#[tokio::test]
async fn xml_format_end_to_end() {
    let server = Server::start(|_| {
        Reply::with_body(
            201,
            "application/xml",
            b"<?xml version=\"1.0\" encoding=\"utf-8\"?><Phone><PhoneId>7</PhoneId><CreatedAt/>\
              <IsDefault>true</IsDefault><Type>BUSINESS</Type><PhoneNumber>1</PhoneNumber></Phone>",
        )
    })
    .await;
    let client = server.client().format(Format::Xml).build().unwrap();
    let phone: Phone = client.send(&OP, phone_parts(), "phone").await.unwrap();
    assert_eq!(
        phone,
        Phone {
            phone_id: Some(7),
            created_at: None,
            is_default: Some(true),
            kind: Some("BUSINESS".into()),
            phone_number: Some("1".into()),
        }
    );
    let request = &server.requests()[0];
    assert!(request.request_line().contains("?$format=xml "));
    assert_eq!(request.header("accept"), Some("application/xml"));
    assert_eq!(
        request.header("content-type"),
        Some("application/xml; charset=utf-8")
    );
    assert_eq!(
        String::from_utf8_lossy(&request.body),
        "<Phone><Type>BUSINESS</Type><IsDefault>false</IsDefault>\
         <PhoneNumber>+47 12345678</PhoneNumber></Phone>"
    );
}

#[tokio::test]
async fn xml_error_body_is_parsed() {
    let (error, _server) = failed_call(
        Format::Xml,
        Reply::with_body(
            404,
            "application/xml",
            b"<Error><HttpStatusCode>404</HttpStatusCode><Message>Permission not found</Message>\
              <ErrorMessage><ErrorMessageId>101015</ErrorMessageId></ErrorMessage></Error>",
        ),
    )
    .await;
    let api = error.api_error().unwrap();
    assert_eq!((api.status(), api.code()), (404, Some(101_015)));
    assert_eq!(api.message(), Some("Permission not found"));
}

#[tokio::test]
async fn documented_error_codes_and_shapes() {
    let server = Server::start(|seen| {
        if seen.request_line().contains("/old") {
            json(404,
                r#"{"error":{"message":"Setting definition not found","errorMessage":{"errorMessageId":101420}}}"#,
            )
        } else if seen.request_line().contains("/pascal") {
            json(400,
                r#"{"HttpStatusCode":400,"Message":"Event is not of the same type","ErrorMessage":{"ErrorMessageId":"105991"}}"#,
            )
        } else if seen.request_line().contains("/unknown") {
            json(409,
                r#"{"httpStatusCode":409,"message":"Something new","errorMessage":{"errorMessageId":999999}}"#,
            )
        } else {
            json(404,
                r#"{"httpStatusCode":404,"message":"Permission not found","translatedMessage":"Tillatelse ikke funnet","errorMessage":{"errorMessageId":101015,"errorMessageLink":"https://x"},"parameters":[{"index":0,"value":"a"}],"innerErrors":[]}"#,
            )
        }
    })
    .await;
    let client = server.client().build().unwrap();
    for (path, status, code) in [
        ("/documented", 404, 101_015),
        ("/old", 404, 101_420),
        ("/pascal", 400, 105_991),
        ("/unknown", 409, 999_999),
    ] {
        let error = client
            .send::<Phone>(&OP, RequestParts::new(path), "phone")
            .await
            .unwrap_err();
        let api = error
            .api_error()
            .unwrap_or_else(|| panic!("{path}: {error:?}"));
        assert_eq!((api.status(), api.code()), (status, Some(code)), "{path}");
        assert_eq!(
            error.documented().is_some(),
            code == 101_015,
            "only the code PhoneErrorCode documents gets its variant: {path}"
        );
        assert!(api.message().is_some(), "{path}");
        let shown = error.to_string();
        assert!(
            shown.starts_with("POST /collaboration/contacts/{contactId}/phones failed")
                && shown.contains(&format!("HTTP {status}")),
            "{shown}"
        );
        assert_no_token(&error);
    }
}

#[tokio::test]
async fn unauthorized_is_its_own_case() {
    let server = Server::start(|_| {
        json(
            401,
            r#"{"httpStatusCode":401,"message":"Access token expired"}"#,
        )
    })
    .await;
    let client = server.client().build().unwrap();
    let error = client
        .send::<Phone>(&OP, phone_parts(), "phone")
        .await
        .unwrap_err();
    assert!(matches!(&error, CallError::Unauthorized(api) if api.status() == 401));
    assert!(error.to_string().contains("Access token expired"));
    assert_no_token(&error);
}

#[tokio::test]
async fn html_502_keeps_status_and_a_snippet() {
    let page = "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>";
    let (error, _server) = failed_call(
        Format::Json,
        Reply::with_body(502, "text/html", page.as_bytes()),
    )
    .await;
    let CallError::Api(api) = &error else {
        panic!("{error:?}");
    };
    assert_eq!((api.status(), api.code()), (502, None));
    assert_eq!(api.raw_body_snippet(), page);
    assert!(error.to_string().contains("HTTP 502, body: <html>"));
}

#[tokio::test]
async fn an_undocumented_success_status_is_unexpected() {
    let (error, _server) = failed_call(Format::Json, json(200, CREATED)).await;
    assert!(
        matches!(&error, CallError::UnexpectedStatus { status: 200, snippet } if snippet.starts_with("{\"phone\""))
    );
    assert_eq!(error.status(), Some(200));
}

#[tokio::test]
async fn redirects_are_not_followed() {
    let (error, server) = failed_call(
        Format::Json,
        Reply::empty(302).header("Location", "http://127.0.0.1:9/elsewhere"),
    )
    .await;
    assert!(matches!(
        error,
        CallError::UnexpectedStatus { status: 302, .. }
    ));
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn undecodable_and_empty_success_bodies_are_decode_errors() {
    let server = Server::start(|seen| {
        if seen.request_line().contains("/empty") {
            json(201, "")
        } else if seen.request_line().contains("/wrong-root") {
            json(201, r#"{"email":{}}"#)
        } else {
            json(201, "{\"phone\": {\"phoneId\": \"not a number\"}}")
        }
    })
    .await;
    let client = server.client().build().unwrap();
    for (path, reason) in [
        ("/empty", "the body is empty"),
        ("/wrong-root", "no `phone` root property"),
        ("/bad", "invalid type"),
    ] {
        let error = client
            .send::<Phone>(&OP, RequestParts::new(path), "phone")
            .await
            .unwrap_err();
        let CallError::Decode {
            status, reason: r, ..
        } = &error
        else {
            panic!("{path}: {error:?}");
        };
        assert_eq!(*status, 201);
        assert!(r.contains(reason), "{path}: {r}");
    }
}

#[tokio::test]
async fn truncated_body_keeps_status_and_what_arrived() {
    let (error, _server) = failed_call(
        Format::Json,
        Reply::raw(
            b"HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{\"phone\":{\"phoneId\":4"
                .to_vec(),
        ),
    )
    .await;
    let CallError::Decode {
        status,
        snippet,
        reason,
    } = &error
    else {
        panic!("{error:?}");
    };
    assert_eq!(*status, 201);
    assert_eq!(snippet, "{\"phone\":{\"phoneId\":4");
    assert!(
        reason.starts_with("the body was cut short after 21 bytes"),
        "{reason}"
    );
    assert!(!error.outcome_unknown());
}

#[tokio::test]
async fn oversized_bodies_are_refused_by_length_and_while_streaming() {
    let big = "x".repeat(4096);
    let server = Server::start(move |seen| {
        if seen.request_line().contains("/declared") {
            json(201, &big)
        } else {
            // No Content-Length: the body runs until the connection closes.
            let mut raw = b"HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n".to_vec();
            raw.extend_from_slice(big.as_bytes());
            Reply::raw(raw)
        }
    })
    .await;
    let client = server.client().max_response_bytes(1024).build().unwrap();
    for path in ["/declared", "/streamed"] {
        let error = client
            .send::<Phone>(&OP, RequestParts::new(path), "phone")
            .await
            .unwrap_err();
        let CallError::Decode {
            status,
            reason,
            snippet,
        } = &error
        else {
            panic!("{path}: {error:?}");
        };
        assert_eq!(*status, 201);
        assert_eq!(reason, "the body is larger than the 1024-byte limit");
        assert!(snippet.len() <= 520, "{path}");
    }
}

#[tokio::test]
async fn a_server_that_stalls_times_out() {
    let server = Server::start(|seen| {
        if seen.request_line().contains("/body") {
            // Headers arrive, the body never does.
            Reply::raw(b"HTTP/1.1 201 Created\r\nContent-Length: 50\r\n\r\n{".to_vec())
                .then_stall(Duration::from_secs(3))
        } else {
            Reply::raw(Vec::new()).then_stall(Duration::from_secs(3))
        }
    })
    .await;
    let client = server
        .client()
        .token_in_query(true)
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    for path in ["/headers", "/body"] {
        let started = std::time::Instant::now();
        let error = client
            .send::<Phone>(&OP, RequestParts::new(path), "phone")
            .await
            .unwrap_err();
        assert!(started.elapsed() < Duration::from_secs(2), "{path}");
        let CallError::Timeout(timeout) = &error else {
            panic!("{path}: {error:?}");
        };
        assert_eq!(timeout.after(), Duration::from_millis(300));
        assert!(error.outcome_unknown());
        assert!(error.to_string().contains("never retried"));
        assert_no_token(&error);
    }
    // One attempt per call: nothing was retried.
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn connection_refused_is_a_transport_error_without_url() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    drop(listener);
    let client = Client::builder()
        .base_url(format!("http://{address}"))
        .access_token(AccessToken::new(SENTINEL).unwrap())
        .token_in_query(true)
        .build()
        .unwrap();
    let error = client
        .send::<Phone>(&OP, phone_parts(), "phone")
        .await
        .unwrap_err();
    let CallError::Transport(transport) = &error else {
        panic!("{error:?}");
    };
    assert!(transport.is_connect());
    assert!(!error.outcome_unknown());
    assert!(
        error.to_string().starts_with(
            "POST /collaboration/contacts/{contactId}/phones failed: could not connect to RamBase"
        ),
        "{error}"
    );
    // The cause is the source, not repeated in the message.
    let source = std::error::Error::source(&error).map(ToString::to_string);
    assert!(source.is_some_and(|cause| !error.to_string().contains(&cause)));
    assert!(!format!("{error:?}").contains("phones"), "{error:?}");
    assert_no_token(&error);
}

#[tokio::test]
async fn echoed_tokens_are_redacted_from_every_error() {
    // A server that echoes the request line (holding the token in query mode) into its bodies.
    let server = Server::start(|seen| {
        let echo = format!(
            "{{\"message\":\"bad request {}\",\"errorMessage\":{{\"errorMessageId\":1}}}}",
            seen.request_line()
        );
        if seen.request_line().contains("/error") {
            json(400, &echo)
        } else if seen.request_line().contains("/unexpected") {
            json(200, &echo)
        } else {
            json(201, &echo)
        }
    })
    .await;
    let client = server.client().token_in_query(true).build().unwrap();
    for path in ["/error", "/unexpected", "/decode"] {
        let error = client
            .send::<Phone>(&OP, RequestParts::new(path), "phone")
            .await
            .unwrap_err();
        assert!(format!("{error}").contains("***"), "{path}: {error}");
        assert_no_token(&error);
    }
    assert!(format!("{client:?}").contains("AccessToken(***)"));
    assert!(!format!("{client:?}").contains(SENTINEL));
}

/// The documented errors of the test operations.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum PhoneErrorCode {
    PermissionNotFound,
}

impl crate::errors::call_error::ErrorCodes for PhoneErrorCode {
    const OPERATION: Operation = OP;
    const CODES: &'static [(Self, u64, &'static str)] =
        &[(Self::PermissionNotFound, 101015, "Permission not found")];
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum DeleteErrorCode {}

impl crate::errors::call_error::ErrorCodes for DeleteErrorCode {
    const OPERATION: Operation = DELETE;
    const CODES: &'static [(Self, u64, &'static str)] = &[];
}

enum ContactId {}

impl crate::values::checked::Rules for ContactId {
    type Value = i32;
    const NAME: &'static str = "contactId";
    const RULES: &'static [crate::values::rules::Rule] =
        &[crate::values::rules::Rule::Minimum(100_000)];
}

#[tokio::test]
async fn no_content_calls_accept_the_documented_status_and_answer_headers() {
    let server = Server::start(|_| Reply::empty(202).header("X-Trace", "t1")).await;
    let client = server.client().build().unwrap();
    let call: Call<NoContent, DeleteErrorCode> = Call::new(&client, "")
        .path_checked::<ContactId>(100_001_u32)
        .path_text("phoneId", "5");
    // The future owns its client: it can be spawned.
    let answer = tokio::spawn(call.send_with_response())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(answer.status(), 202);
    assert_eq!(answer.headers()["x-trace"], "t1");
    let request = &server.requests()[0];
    assert!(
        request
            .request_line()
            .starts_with("DELETE /collaboration/contacts/100001/phones/5?")
    );
    assert_eq!(request.header("content-type"), None);
}

#[tokio::test]
async fn documented_codes_get_their_variant_and_every_message_names_the_operation() {
    let body = r#"{"errorMessage": {"errorMessageId": "101015"}, "message": "no"}"#;
    let server = Server::start(move |_| json(404, body)).await;
    let client = server.client().build().unwrap();
    let call: Call<PhoneRequest, PhoneErrorCode> = Call::new(&client, "phone")
        .path_checked::<ContactId>(100_001)
        .body("phone", PhoneRequest::default());
    let error = call.send().await.unwrap_err();
    assert_eq!(error.documented(), Some(PhoneErrorCode::PermissionNotFound));
    assert_eq!(error.status(), Some(404));
    assert!(!error.outcome_unknown());
    assert!(
        error.to_string().starts_with(
            "POST /collaboration/contacts/{contactId}/phones failed with documented RamBase \
             error 101015 (Permission not found): "
        ),
        "{error}"
    );
    assert!(std::error::Error::source(&error).is_none());
}

#[tokio::test]
async fn invalid_input_and_unencodable_bodies_never_reach_the_server() {
    #[derive(Default)]
    struct Unencodable;
    impl Object for Unencodable {
        const NAME: &'static str = "X";
        type Builder = Self;
        fn write<W: Fields>(&self, _: &mut W) {}
        fn read<R: FieldsIn>(_: &mut Self, _: &mut R) {}
    }
    impl serde::Serialize for Unencodable {
        fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
            Err(serde::ser::Error::custom("cannot encode this"))
        }
    }
    static PHONE_NUMBER: Pattern = Pattern::new(r"^([0-9\(\)\s\.\+\-])*$");
    struct Invalid;
    impl crate::wire::object::Build for Invalid {
        type Output = PhoneRequest;
        fn build(self) -> Result<PhoneRequest, ValidationErrors> {
            let mut errors = ValidationErrors::new();
            check_pattern(&mut errors, "Phone.PhoneNumber", &PHONE_NUMBER, "abc");
            Err(errors)
        }
    }

    let server = Server::start(|_| json(201, CREATED)).await;
    let client = server.client().build().unwrap();

    let call: Call<PhoneRequest, PhoneErrorCode> = Call::new(&client, "phone")
        .path_checked::<ContactId>(99_999)
        .query_int("$useMinimumVersion", 1_i64 << 40)
        .body("phone", Invalid);
    let error = call.send().await.unwrap_err();
    assert_eq!(
        error.to_string(),
        "POST /collaboration/contacts/{contactId}/phones failed: nothing was sent because 3 invalid \
         inputs: contactId: must be at least 100000 (got 99999); $useMinimumVersion: must be at \
         most 2147483647 (got 1099511627776); Phone.PhoneNumber: must match the pattern \
         `^([0-9\\(\\)\\s\\.\\+\\-])*$` (got \"abc\")"
    );
    let mut errors = ValidationErrors::new();
    check_minimum(&mut errors, "contactId", 100_000, 99_999);
    assert_eq!(errors.len(), 1);

    let mut parts = RequestParts::new("/x");
    parts.body("x", &Unencodable);
    let error = client.send::<Phone>(&OP, parts, "phone").await.unwrap_err();
    assert!(
        matches!(&error, CallError::Encode { reason } if reason.contains("cannot encode this"))
    );
    assert!(server.requests().is_empty());
}
