//! The generated client of resource 3119 v5 over real HTTP: the happy and error paths against
//! the typed mock generated from the same spec, and what the mock cannot do (a fixed token
//! checked on the wire, an echoed token, truncated and oversized bodies, the demo login)
//! against the test kit's `phone_server` on 127.0.0.1.

use std::error::Error;
use std::time::{Duration, Instant};

use rambase_api::collaboration::add_contact_phone::mock::v5::AddContactPhoneStub;
use rambase_api::collaboration::add_contact_phone::v5::Phone;
use rambase_api::collaboration::add_contact_phone::v5::{
    AddContactPhoneError, AddContactPhoneErrorCode as Code, PhoneNumber, PhoneRequest, PhoneType,
};
use rambase_api::prelude::*;
use rambase_runtime::chrono::{DateTime, FixedOffset};
use rambase_runtime::mock::MockServer;
use rambase_runtime::serde_json::json;
use rambase_runtime::{AccessToken, ApiError, Client, ClientBuilder, Format};
use rambase_testkit::phone_server::{
    CREATED_AT, DEMO_CONTACT_ID, FIRST_PHONE_ID, Mode, Server, html_bad_gateway_page,
};

/// The token the server accepts; no error, `Debug` output or URL may ever show it.
const SENTINEL: &str = "SENTINEL-3119-c0ffee-token";

async fn server() -> Server {
    Server::builder()
        .access_token(SENTINEL)
        .start()
        .await
        .expect("the local server starts")
}

fn client_for(server: &Server) -> ClientBuilder {
    Client::builder()
        .base_url(server.base_url())
        .access_token(AccessToken::new(SENTINEL).expect("a valid token"))
        .timeout(Duration::from_secs(5))
}

/// A client of `mock` (it logs in at the mock's token endpoint), with the same deadline.
fn mock_client(mock: &MockServer) -> ClientBuilder {
    mock.client_builder().timeout(Duration::from_secs(5))
}

/// The phone RamBase answers for `request`: the sent fields, the id and `CreatedAt` the phone
/// server gives its first phone.
fn created(request: &PhoneRequest) -> Phone {
    let mut phone = Phone::default();
    phone.phone_id = Some(FIRST_PHONE_ID);
    phone.created_at = Some(DateTime::parse_from_rfc3339(CREATED_AT).expect("a date"));
    phone.is_default = Some(request.is_default);
    phone.r#type = Some(request.r#type.clone());
    phone.phone_number = Some(request.phone_number.as_str().to_owned());
    phone
}

/// Calls `client` once with a valid body and returns the error it gets.
async fn error_of(client: &Client) -> AddContactPhoneError {
    let body = PhoneRequest::new(number("+47 22 33 44 55"));
    match client.add_contact_phone(DEMO_CONTACT_ID, body).send().await {
        Ok(phone) => panic!("expected an error, got {phone:?}"),
        Err(error) => error,
    }
}

/// The body text of each request `stub` answered.
fn body_texts(requests: &[rambase_runtime::mock::Received]) -> Vec<String> {
    requests
        .iter()
        .map(|r| String::from_utf8_lossy(&r.body).into_owned())
        .collect()
}

fn number(text: &str) -> PhoneNumber {
    PhoneNumber::new(text).expect("a valid phone number")
}

/// Calls the server once with a valid body and returns the error it was scripted to produce.
async fn error_from(server: &Server, client: &Client) -> AddContactPhoneError {
    let result = client
        .add_contact_phone(
            DEMO_CONTACT_ID,
            PhoneRequest::new(number("+47 22 33 44 55")),
        )
        .send()
        .await;
    match result {
        Ok(phone) => panic!("expected an error, got {phone:?} ({:?})", server.requests()),
        Err(error) => error,
    }
}

/// `Display`, `Debug` and pretty `Debug` of `error` and of every error in its `source()` chain.
fn all_renderings(error: &AddContactPhoneError) -> String {
    let mut text = format!("{error}\n{error:?}\n{error:#?}");
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(&format!("\n{cause}\n{cause:?}"));
        source = cause.source();
    }
    text
}

fn assert_no_token(error: &AddContactPhoneError) {
    let text = all_renderings(error);
    assert!(!text.contains(SENTINEL), "token leaked: {text}");
    assert!(!text.contains("c0ffee"), "token leaked: {text}");
}

#[tokio::test]
async fn sends_the_token_as_bearer_header_and_never_in_the_url() {
    let server = server().await;
    let client = client_for(&server).build().unwrap();
    client
        .add_contact_phone(DEMO_CONTACT_ID, PhoneRequest::new(number("12345678")))
        .send()
        .await
        .unwrap();

    let request = server.single_request();
    let bearer = format!("Bearer {SENTINEL}");
    assert_eq!(request.header("Authorization"), Some(bearer.as_str()));
    assert!(!request.target.contains(SENTINEL), "{}", request.target);
    assert!(request.query_values("$access_token").is_empty());
    assert_eq!(request.method, "POST");
    assert_eq!(request.path, "/collaboration/contacts/100001/phones");
    assert_eq!(request.header("Accept"), Some("application/json"));
    assert_eq!(
        request.header("Content-Type"),
        Some("application/json; charset=utf-8")
    );
}

#[tokio::test]
async fn sends_the_exact_json_body_with_root_wrapper_and_wire_names() {
    let mock = MockServer::start().await;
    let stub = AddContactPhoneStub::new()
        .respond(Phone::default())
        .times(1)
        .mount(&mock);
    let client = mock_client(&mock).build().unwrap();
    let body = PhoneRequest::builder()
        .r#type(PhoneType::new("MOBILE"))
        .is_default(true)
        .phone_number("+47 (22) 33.44-55");
    client
        .add_contact_phone(DEMO_CONTACT_ID, body)
        .send()
        .await
        .unwrap();
    assert_eq!(
        body_texts(&stub.requests()),
        [r#"{"phone":{"type":"MOBILE","isDefault":true,"phoneNumber":"+47 (22) 33.44-55"}}"#]
    );
    mock.verify();
}

#[tokio::test]
async fn sends_the_documented_defaults_when_the_caller_gave_none() {
    let mock = MockServer::start().await;
    let stub = AddContactPhoneStub::new()
        .respond(Phone::default())
        .times(2)
        .mount(&mock);
    let client = mock_client(&mock).build().unwrap();
    // Once through `new`, once through the builder with only the required field.
    client
        .add_contact_phone(DEMO_CONTACT_ID, PhoneRequest::new(number("12345678")))
        .send()
        .await
        .unwrap();
    client
        .add_contact_phone(
            DEMO_CONTACT_ID,
            PhoneRequest::builder().phone_number("12345678"),
        )
        .send()
        .await
        .unwrap();
    let bodies = body_texts(&stub.requests());
    assert_eq!(bodies.len(), 2);
    for body in bodies {
        assert_eq!(
            body,
            r#"{"phone":{"type":"BUSINESS","isDefault":false,"phoneNumber":"12345678"}}"#
        );
    }
    mock.verify();
}

#[tokio::test]
async fn query_parameters_per_call_override_client_defaults() {
    let mock = MockServer::start().await;
    let stub = AddContactPhoneStub::new()
        .respond(Phone::default())
        .times(2)
        .mount(&mock);
    let client = mock_client(&mock)
        .db("CLIENTDB")
        .lang("eng")
        .build()
        .unwrap();
    let body = || PhoneRequest::new(number("12345678"));

    // Only the client's defaults and the format.
    client
        .add_contact_phone(DEMO_CONTACT_ID, body())
        .send()
        .await
        .unwrap();
    // Every optional query parameter of the operation set on the call.
    client
        .add_contact_phone(DEMO_CONTACT_ID, body())
        .db("CALLDB")
        .lang("nob")
        .use_minimum_version(5)
        .show_domain_descriptions(true)
        .send()
        .await
        .unwrap();

    let requests = stub.requests();
    let pairs = |i: usize| -> Vec<(&str, &str)> {
        let mut pairs: Vec<_> = requests[i]
            .query
            .iter()
            .map(|(n, v)| (n.as_str(), v.as_str()))
            .collect();
        pairs.sort_unstable();
        pairs
    };
    assert_eq!(
        pairs(0),
        [("$db", "CLIENTDB"), ("$format", "json"), ("$lang", "eng")]
    );
    assert_eq!(
        pairs(1),
        [
            ("$db", "CALLDB"),
            ("$format", "json"),
            ("$lang", "nob"),
            ("$showDomainDescriptions", "true"),
            ("$useMinimumVersion", "5"),
        ]
    );
}

#[tokio::test]
async fn a_client_without_defaults_sends_only_the_format() {
    let mock = MockServer::start().await;
    let stub = AddContactPhoneStub::new()
        .respond(Phone::default())
        .times(1)
        .mount(&mock);
    let client = mock_client(&mock).build().unwrap();
    client
        .add_contact_phone(DEMO_CONTACT_ID, PhoneRequest::new(number("12345678")))
        .send()
        .await
        .unwrap();
    assert_eq!(
        stub.requests()[0].to_string(),
        "POST /collaboration/contacts/100001/phones?$format=json"
    );
}

#[tokio::test]
async fn created_201_returns_the_parsed_phone() {
    let mock = MockServer::start().await;
    let body = PhoneRequest::builder()
        .phone_number("+47 12345678")
        .is_default(true);
    let sent = body.clone().build().unwrap();
    AddContactPhoneStub::new()
        .contact_id(DEMO_CONTACT_ID)
        .body(body.clone())
        .respond(created(&sent))
        .times(1)
        .mount(&mock);
    let client = mock_client(&mock).build().unwrap();
    let phone = client
        .add_contact_phone(DEMO_CONTACT_ID, body)
        .send()
        .await
        .unwrap();

    assert_eq!(phone.phone_id, Some(FIRST_PHONE_ID));
    assert_eq!(phone.phone_number.as_deref(), Some("+47 12345678"));
    assert_eq!(phone.is_default, Some(true));
    assert_eq!(phone.r#type, Some(PhoneType::BUSINESS));
    let created_at = phone.created_at.expect("CreatedAt is parsed");
    assert_eq!(
        created_at,
        DateTime::parse_from_rfc3339(CREATED_AT).unwrap()
    );
    assert_eq!(*created_at.offset(), FixedOffset::east_opt(3600).unwrap());
    assert_eq!(created_at.to_rfc3339(), "2026-11-26T14:05:00+01:00");
    mock.verify();
}

/// The scripted documented errors, the variant each must become, and its code and status.
fn documented_errors() -> [(Mode, u64, u16, &'static str, &'static str); 3] {
    [
        (
            Mode::PermissionNotFound,
            101_015,
            404,
            "Permission not found",
            "Tillatelse ikke funnet",
        ),
        (
            Mode::EventTypeMismatch,
            105_991,
            400,
            "Event is not of the same type as event set on the automated flow",
            "Hendelsen er ikke av samme type som hendelsen satt på den automatiserte flyten",
        ),
        (
            Mode::SettingDefinitionNotFound,
            101_420,
            404,
            "Setting definition not found",
            "Innstillingsdefinisjon ikke funnet",
        ),
    ]
}

fn documented_api_error(error: &AddContactPhoneError, code: u64) -> &ApiError {
    match (code, error) {
        (101_015, AddContactPhoneError::Documented(Code::PermissionNotFound, api))
        | (105_991, AddContactPhoneError::Documented(Code::EventTypeMismatch, api))
        | (101_420, AddContactPhoneError::Documented(Code::SettingDefinitionNotFound, api)) => api,
        _ => panic!("error {code} became {error:?}"),
    }
}

/// RamBase's JSON error body with a message in Norwegian (`$lang=nob`): the mock's `fail`
/// sends no `translatedMessage`, so the body is given as is.
fn norwegian_error(status: u16, code: u64, message: &str, translated: &str) -> String {
    json!({
        "httpStatusCode": status,
        "message": message,
        "translatedMessage": translated,
        "errorMessage": {"errorMessageId": code},
    })
    .to_string()
}

#[tokio::test]
async fn each_documented_error_code_maps_to_its_variant() {
    for (_, code, status, message, translated) in documented_errors() {
        let mock = MockServer::start().await;
        let body = norwegian_error(status, code, message, translated);
        AddContactPhoneStub::new()
            .lang("nob")
            .raw(status, "application/json; charset=utf-8", body)
            .times(1)
            .mount(&mock);
        let client = mock_client(&mock).lang("nob").build().unwrap();
        let error = error_of(&client).await;
        let api = documented_api_error(&error, code);
        assert_eq!(api.status(), status, "{code}");
        assert_eq!(api.code(), Some(code));
        assert_eq!(api.message(), Some(message));
        assert_eq!(api.translated_message(), Some(translated));
        let shown = error.to_string();
        assert!(shown.contains(&code.to_string()), "{shown}");
        assert!(shown.contains(&format!("HTTP {status}")), "{shown}");
        assert!(shown.contains(message), "{shown}");
        mock.verify();
    }
}

#[tokio::test]
async fn a_wrong_token_is_unauthorized() {
    let server = server().await;
    let client = client_for(&server)
        .access_token(AccessToken::new("expired-token").unwrap())
        .build()
        .unwrap();
    let error = error_from(&server, &client).await;
    let AddContactPhoneError::Unauthorized(api) = &error else {
        panic!("{error:?}");
    };
    assert_eq!(api.status(), 401);
    assert_eq!(
        api.message(),
        Some("Access token is missing, invalid or expired")
    );
    assert!(
        error.to_string().contains("get a new access token"),
        "{error}"
    );
}

#[tokio::test]
async fn an_unknown_error_code_keeps_status_code_and_message() {
    let mock = MockServer::start().await;
    AddContactPhoneStub::new()
        .fail_with(409, 123_456, "Something the documentation does not list")
        .mount(&mock);
    let client = mock_client(&mock).build().unwrap();
    let error = error_of(&client).await;
    let AddContactPhoneError::Api(api) = &error else {
        panic!("{error:?}");
    };
    assert_eq!(api.status(), 409);
    assert_eq!(api.code(), Some(123_456));
    assert_eq!(
        api.message(),
        Some("Something the documentation does not list")
    );
    // The mock sends the code as a string, as the official SDK types it.
    assert!(
        api.raw_body_snippet()
            .contains("\"errorMessageId\":\"123456\"")
    );
    assert!(
        error.to_string().contains("RamBase error 123456"),
        "{error}"
    );
}

#[tokio::test]
async fn an_unknown_contact_is_an_api_error_from_the_server() {
    let mock = MockServer::start().await;
    // RamBase's 404 for a contact it does not know: a message, no error code.
    let not_found = json!({"httpStatusCode": 404, "message": "Contact 100002 not found"});
    AddContactPhoneStub::new()
        .contact_id(100_002)
        .raw(404, "application/json", not_found.to_string())
        .times(1)
        .mount(&mock);
    let client = mock_client(&mock).build().unwrap();
    let error = client
        .add_contact_phone(100_002, PhoneRequest::new(number("12345678")))
        .send()
        .await
        .unwrap_err();
    let AddContactPhoneError::Api(api) = &error else {
        panic!("{error:?}");
    };
    assert_eq!((api.status(), api.code()), (404, None));
    assert_eq!(api.message(), Some("Contact 100002 not found"));
    mock.verify();
}

#[tokio::test]
async fn an_html_502_page_is_an_api_error_with_a_bounded_snippet() {
    let mock = MockServer::start().await;
    AddContactPhoneStub::new()
        .raw(502, "text/html", html_bad_gateway_page())
        .mount(&mock);
    let client = mock_client(&mock).build().unwrap();
    let error = error_of(&client).await;
    let AddContactPhoneError::Api(api) = &error else {
        panic!("{error:?}");
    };
    let page = html_bad_gateway_page();
    assert_eq!((api.status(), api.code(), api.message()), (502, None, None));
    let snippet = api.raw_body_snippet();
    assert!(snippet.starts_with("<html>"), "{snippet}");
    assert!(snippet.contains("502 Bad Gateway"));
    // Bounded: the page is longer than what is kept.
    assert!(page.len() > 4096);
    assert!(snippet.chars().count() < page.chars().count());
    assert!(snippet.chars().count() <= 2049, "{}", snippet.len());
    let shown = error.to_string();
    assert!(shown.contains("HTTP 502"), "{shown}");
    assert!(shown.chars().count() < 400, "{shown}");
}

#[tokio::test]
async fn a_truncated_body_is_a_decode_error() {
    let server = server().await;
    server.set_mode(Mode::Truncated);
    let client = client_for(&server).build().unwrap();
    let error = error_from(&server, &client).await;
    let AddContactPhoneError::Decode {
        status,
        snippet,
        reason,
    } = &error
    else {
        panic!("{error:?}");
    };
    assert_eq!(*status, 201);
    assert_eq!(snippet, r#"{"phone":{"phoneId":5001,"createdAt":"2026-11"#);
    assert!(reason.contains("cut short"), "{reason}");
}

#[tokio::test]
async fn an_oversized_body_is_a_decode_error() {
    let server = server().await;
    let client = client_for(&server)
        .max_response_bytes(1024)
        .build()
        .unwrap();
    for declare_length in [true, false] {
        server.set_mode(Mode::Oversized {
            bytes: 64 * 1024,
            declare_length,
        });
        let error = error_from(&server, &client).await;
        let AddContactPhoneError::Decode {
            status,
            snippet,
            reason,
        } = &error
        else {
            panic!("declared {declare_length}: {error:?}");
        };
        assert_eq!(*status, 201);
        assert_eq!(reason, "the body is larger than the 1024-byte limit");
        assert!(snippet.len() <= 1024 + 4, "{}", snippet.len());
    }
}

#[tokio::test]
async fn a_body_over_the_default_limit_is_refused_by_its_declared_length() {
    let server = server().await;
    server.set_mode(Mode::Oversized {
        bytes: rambase_runtime::DEFAULT_MAX_RESPONSE_BYTES + 1,
        declare_length: true,
    });
    let client = client_for(&server).build().unwrap();
    let error = error_from(&server, &client).await;
    assert!(
        matches!(&error, AddContactPhoneError::Decode { status: 201, reason, .. } if reason.contains("larger than")),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_server_that_stalls_past_the_timeout_is_a_timeout() {
    let mock = MockServer::start().await;
    let stub = AddContactPhoneStub::new()
        .delay(Duration::from_secs(5))
        .mount(&mock);
    let client = mock_client(&mock)
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    // Logged in first, so that the deadline covers the stalled call alone, as with a token.
    client.login().await.unwrap();
    let started = Instant::now();
    let error = error_of(&client).await;
    let elapsed = started.elapsed();
    let AddContactPhoneError::Timeout(timeout) = &error else {
        panic!("{error:?}");
    };
    assert_eq!(timeout.after(), Duration::from_millis(300));
    assert!(elapsed >= Duration::from_millis(300), "{elapsed:?}");
    assert!(elapsed < Duration::from_secs(3), "{elapsed:?}");
    // The POST may have been carried out: the message says so, and it was not retried.
    assert!(error.to_string().contains("never retried"), "{error}");
    assert_eq!(stub.calls(), 1);
}

#[tokio::test]
async fn invalid_input_lists_every_violation_and_never_reaches_the_server() {
    let mock = MockServer::start().await;
    let stub = AddContactPhoneStub::new().mount(&mock);
    let client = mock_client(&mock).build().unwrap();
    let error = client
        .add_contact_phone(99_999, PhoneRequest::builder().phone_number("call me"))
        .send()
        .await
        .unwrap_err();
    let AddContactPhoneError::Validation(errors) = &error else {
        panic!("{error:?}");
    };
    let paths: Vec<&str> = errors.iter().map(|v| v.path()).collect();
    assert_eq!(paths, ["contactId", "Phone.PhoneNumber"]);
    let shown = error.to_string();
    assert!(shown.contains("nothing was sent"), "{shown}");
    assert!(
        shown.contains("must be at least 100000 (got 99999)"),
        "{shown}"
    );
    assert!(shown.contains("\"call me\""), "{shown}");

    // A missing phone number is listed too.
    let error = client
        .add_contact_phone(DEMO_CONTACT_ID, PhoneRequest::builder())
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(&error, AddContactPhoneError::Validation(errors)
            if errors.iter().map(|v| v.path()).collect::<Vec<_>>() == ["Phone.PhoneNumber"]),
        "{error:?}"
    );

    assert_eq!(stub.calls(), 0);
    assert!(mock.unmatched().is_empty(), "{:?}", mock.unmatched());
}

#[tokio::test]
async fn xml_format_end_to_end() {
    let mock = MockServer::start().await;
    let body = PhoneRequest::builder().phone_number("+47 12345678");
    let sent = body.clone().build().unwrap();
    let stub = AddContactPhoneStub::new()
        .body(body.clone())
        .respond(created(&sent))
        .times(1)
        .mount(&mock);
    let client = mock_client(&mock).format(Format::Xml).build().unwrap();
    let phone = client
        .add_contact_phone(DEMO_CONTACT_ID, body)
        .send()
        .await
        .unwrap();
    assert_eq!(phone.phone_id, Some(FIRST_PHONE_ID));
    assert_eq!(phone.phone_number.as_deref(), Some("+47 12345678"));
    assert_eq!(phone.is_default, Some(false));
    assert_eq!(phone.r#type, Some(PhoneType::BUSINESS));
    assert_eq!(
        phone.created_at,
        Some(DateTime::parse_from_rfc3339(CREATED_AT).unwrap())
    );

    let request = &stub.requests()[0];
    assert_eq!(request.query_value("$format"), Some("xml"));
    assert_eq!(request.header("Accept"), Some("application/xml"));
    assert_eq!(
        request.header("Content-Type"),
        Some("application/xml; charset=utf-8")
    );
    assert_eq!(
        body_texts(&stub.requests()),
        ["<Phone><Type>BUSINESS</Type><IsDefault>false</IsDefault>\
         <PhoneNumber>+47 12345678</PhoneNumber></Phone>"]
    );
    mock.verify();

    // A documented error arrives as XML too.
    let mock = MockServer::start().await;
    AddContactPhoneStub::new()
        .fail(Code::SettingDefinitionNotFound)
        .mount(&mock);
    let client = mock_client(&mock).format(Format::Xml).build().unwrap();
    let error = error_of(&client).await;
    let api = documented_api_error(&error, 101_420);
    assert_eq!(api.status(), 404);
    assert_eq!(api.message(), Some("Setting definition not found"));
}

#[tokio::test]
async fn the_sentinel_token_never_shows_in_debug_or_any_error() {
    let server = server().await;
    let client = client_for(&server)
        .timeout(Duration::from_millis(300))
        .max_response_bytes(16 * 1024)
        .build()
        .unwrap();
    let debug = format!("{client:?} {client:#?}");
    assert!(!debug.contains(SENTINEL), "{debug}");
    assert!(debug.contains("AccessToken(***)"), "{debug}");

    let mut modes = vec![
        Mode::UnknownError {
            status: 500,
            code: 1,
            message: "boom".into(),
        },
        Mode::HtmlBadGateway,
        Mode::Truncated,
        Mode::Oversized {
            bytes: 64 * 1024,
            declare_length: false,
        },
        Mode::Stall(Duration::from_secs(5)),
        Mode::EchoRequest { status: 400 },
        Mode::EchoRequest { status: 201 },
    ];
    modes.extend(documented_errors().map(|(mode, ..)| mode));
    let mut seen = Vec::new();
    for mode in modes {
        server.set_mode(mode);
        seen.push(error_from(&server, &client).await);
    }
    // Validation (never sent), 401 with a wrong token, refused connection.
    seen.push(
        client
            .add_contact_phone(1, PhoneRequest::builder().phone_number("x"))
            .send()
            .await
            .unwrap_err(),
    );
    server.set_mode(Mode::Normal);
    let wrong = client.with_access_token(AccessToken::new("wrong-token").unwrap());
    seen.push(error_from(&server, &wrong).await);
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap()
    };
    let unreachable = client_for(&server)
        .base_url(format!("http://{closed}"))
        .build()
        .unwrap();
    seen.push(error_from(&server, &unreachable).await);

    let kinds: Vec<&str> = seen
        .iter()
        .map(|error| match error {
            AddContactPhoneError::Documented(..) => "documented",
            AddContactPhoneError::Validation(_) => "validation",
            AddContactPhoneError::Unauthorized(_) => "unauthorized",
            AddContactPhoneError::Api(_) => "api",
            AddContactPhoneError::Timeout(_) => "timeout",
            AddContactPhoneError::Transport(_) => "transport",
            AddContactPhoneError::Decode { .. } => "decode",
            _ => "other",
        })
        .collect();
    assert_eq!(
        kinds,
        [
            "api",
            "api",
            "decode",
            "decode",
            "timeout",
            "api",
            "decode",
            "documented",
            "documented",
            "documented",
            "validation",
            "unauthorized",
            "transport",
        ]
    );
    for error in &seen {
        assert_no_token(error);
    }
    // The echoing server did send the token back; the client replaced it.
    for echoed in &seen[5..7] {
        assert!(echoed.to_string().contains("Bearer ***"), "{echoed}");
    }
}

#[tokio::test]
async fn a_client_id_and_secret_are_enough_to_add_a_phone() {
    use rambase_runtime::ClientSecret;
    use rambase_runtime::auth::Login;
    use rambase_testkit::phone_server::{DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, DEMO_TOKEN};

    let server = Server::start().await.unwrap();
    let login = Login::client_credentials(DEMO_CLIENT_ID, ClientSecret::new(DEMO_CLIENT_SECRET));
    let client = Client::builder()
        .base_url(server.base_url())
        .login(login)
        .build()
        .unwrap();
    let body = PhoneRequest::builder().phone_number("+47 22 33 44 55");
    let phone = client
        .add_contact_phone(DEMO_CONTACT_ID, body)
        .send()
        .await
        .unwrap();
    assert_eq!(phone.phone_number.as_deref(), Some("+47 22 33 44 55"));
    let request = server.single_request();
    assert_eq!(
        request.header("authorization"),
        Some(format!("Bearer {DEMO_TOKEN}").as_str())
    );
    assert!(!format!("{client:?}").contains(DEMO_CLIENT_SECRET));

    let refused = Client::builder()
        .base_url(server.base_url())
        .login(Login::client_credentials(
            DEMO_CLIENT_ID,
            ClientSecret::new("wrong"),
        ))
        .build()
        .unwrap();
    let error = refused.login().await.unwrap_err();
    assert!(!format!("{error} {error:?}").contains("wrong"), "{error:?}");
}
