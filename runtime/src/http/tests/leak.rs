//! The echoes that leaked the token before (JSON escapes, HTML entities, a snippet cut through
//! the token), and path values that would leave their segment, over real HTTP.

use std::time::Duration;

use crate::errors::api_error::ApiError;
use crate::http::client::Client;
use crate::http::request::RequestParts;
use crate::values::token::AccessToken;
use crate::wire::operation::Operation;
use rambase_testkit::{Reply, Server};

/// The error of a call of the test operation.
type CallError = crate::errors::call_error::CallError<crate::http::tests::PhoneErrorCode>;

const TOKEN: &str = "SENTINEL+tok/en=42x";
const GET: Operation = Operation::new(reqwest::Method::GET, "/x/{id}", 1, 1, 200);

/// Everything an error shows: `Display`, `Debug` and each accessor, inner errors included.
pub(crate) fn shown(error: &CallError) -> String {
    let mut text = format!("{error} {error:?} {error:#?}");
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text.push_str(&format!(" {cause} {cause:?}"));
        source = cause.source();
    }
    if let Some(api) = error.api_error() {
        push_accessors(api, &mut text);
    }
    text
}

fn push_accessors(api: &ApiError, text: &mut String) {
    let fields = [
        api.message(),
        api.translated_message(),
        api.link(),
        api.status_description(),
        Some(api.raw_body_snippet()),
    ];
    for field in fields.into_iter().flatten() {
        text.push(' ');
        text.push_str(field);
    }
    for parameter in api.parameters() {
        text.push(' ');
        text.push_str(parameter.value());
    }
    for inner in api.inner_errors() {
        push_accessors(inner, text);
    }
}

async fn error_for(answer: Reply) -> CallError {
    let server = Server::start(move |_| answer.clone()).await;
    let client = Client::builder()
        .base_url(server.base_url())
        .access_token(AccessToken::new(TOKEN).unwrap())
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    client
        .send::<serde_json::Value>(&GET, RequestParts::new("/x/1"), "x")
        .await
        .unwrap_err()
}

#[tokio::test]
async fn json_escaped_echoes_are_redacted_in_every_field() {
    let escaped = r"SENTINEL\u002Btok\/en\u003d42x";
    let body = format!(
        r#"{{"message":"bad {escaped}","translatedMessage":"{escaped}",
            "errorMessage":{{"errorMessageId":1,"errorMessageLink":"https://x/?t={escaped}"}},
            "parameters":[{{"index":0,"value":"{escaped}"}}],
            "innerErrors":[{{"message":"inner {escaped}"}}]}}"#
    );
    let error = error_for(Reply::json(400, body)).await;
    let text = shown(&error);
    assert!(!text.contains("SENTINEL"), "{text}");
    assert_eq!(
        error.api_error().and_then(ApiError::message),
        Some("bad ***")
    );
    let parameters = error
        .api_error()
        .map(ApiError::parameters)
        .unwrap_or_default();
    assert_eq!(parameters.first().map(|p| p.value()), Some("***"));
}

#[tokio::test]
async fn html_entities_and_a_snippet_cut_through_the_token_are_redacted() {
    for (prefix, echo) in [
        (0, "SENTINEL&#43;tok&#x2F;en&#61;42x"),
        (500, "SENTINEL+tok/en=42x"),
        (505, "SENTINEL%2btok%2Fen%3D42x"),
    ] {
        let page = format!("{}{echo} rest of the page", "p".repeat(prefix));
        let error = error_for(Reply::html(502, page)).await;
        let text = shown(&error);
        assert!(!text.contains("SENTINEL"), "{prefix}: {text}");
        assert!(!text.contains("tok"), "{prefix}: {text}");
        let api = error.api_error().unwrap();
        assert!(api.raw_body_snippet().contains("***"), "{prefix}: {text}");
    }
    let error = error_for(Reply::json(200, format!("{}{TOKEN}", "q".repeat(505)))).await;
    let CallError::Decode { snippet, .. } = &error else {
        panic!("{error:?}");
    };
    assert_eq!(snippet, &format!("{}***", "q".repeat(505)));
    assert!(!shown(&error).contains("SENTINEL"));
}

#[tokio::test]
async fn dot_path_values_are_refused_instead_of_reaching_another_resource() {
    let server = Server::start(|_| Reply::json(200, r#"{"x":{}}"#)).await;
    let client = Client::builder()
        .base_url(server.base_url())
        .access_token(AccessToken::new(TOKEN).unwrap())
        .build()
        .unwrap();
    for value in [".", ".."] {
        let path = format!(
            "/collaboration/contacts/{}/phones",
            crate::wire::url::encode_path_segment(value)
        );
        let error = client
            .send::<serde_json::Value>(&GET, RequestParts::new(path), "x")
            .await
            .unwrap_err();
        assert!(
            matches!(error, CallError::Encode { .. }),
            "{value}: {error:?}"
        );
    }
    assert_eq!(server.requests().len(), 0);
    let path = format!(
        "/collaboration/contacts/{}/phones",
        crate::wire::url::encode_path_segment("...")
    );
    client
        .send::<serde_json::Value>(&GET, RequestParts::new(path), "x")
        .await
        .unwrap();
    assert_eq!(
        server.requests()[0].target.split('?').next(),
        Some("/collaboration/contacts/.../phones")
    );
}

#[test]
fn a_client_built_from_the_re_exported_reqwest_does_not_panic() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let server = Server::start(|_| Reply::json(200, r#"{"x":{"a":1}}"#)).await;
        let client = Client::builder()
            .http_client(reqwest::Client::new())
            .base_url(server.base_url())
            .access_token(AccessToken::new(TOKEN).unwrap())
            .build()
            .unwrap();
        let value: serde_json::Value = client
            .send(&GET, RequestParts::new("/x/1"), "x")
            .await
            .unwrap();
        assert_eq!(value["a"], 1);
        // Once installed, any reqwest client can be built, also with https.
        crate::http::crypto::install_crypto_provider();
        assert!(rustls::crypto::CryptoProvider::get_default().is_some());
        assert!(reqwest::Client::builder().https_only(true).build().is_ok());
    });
}
