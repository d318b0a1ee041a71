//! The HTTP side: accept connections, read each request, answer from the token endpoint or
//! the stubs.

use std::fmt;
use std::sync::Arc;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::{Request, Response};

use crate::mock::reply::{Rendered, error};
use crate::mock::request::{Received, decode, parse_query};
use crate::mock::{Entry, State, TOKEN_PATH, Unmatched, diagnose, lock};

/// Why a connection was closed without an answer: a stub's cut connection, or a request
/// body that could not be read. hyper closes the connection on a service error.
#[derive(Debug)]
struct Cut;

impl fmt::Display for Cut {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the mock cut the connection")
    }
}

impl std::error::Error for Cut {}

/// Serves every connection until the server is dropped (which aborts this task, and with
/// it the connections in its set).
pub(crate) async fn accept_loop(listener: tokio::net::TcpListener, state: Arc<State>) {
    let mut connections = tokio::task::JoinSet::new();
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        let state = state.clone();
        connections.spawn(async move {
            let service = hyper::service::service_fn(move |req| answer(state.clone(), req));
            let io = hyper_util::rt::TokioIo::new(stream);
            // A cut connection or a client that went away ends the connection; nothing to do.
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(io, service)
                .await;
        });
        while connections.try_join_next().is_some() {}
    }
}

async fn answer(
    state: Arc<State>,
    req: Request<hyper::body::Incoming>,
) -> Result<Response<Full<Bytes>>, Cut> {
    let (parts, body) = req.into_parts();
    let body = body.collect().await.map_err(|_| Cut)?.to_bytes();
    let token = bearer(&parts.headers);
    let received = received(&parts, body.to_vec());
    if received.method == "POST" && received.path == TOKEN_PATH {
        return Ok(respond(token_endpoint(&state, &received)));
    }
    let token = token.or_else(|| query_token(&parts.uri));
    if !token.is_some_and(|t| lock(&state.tokens).contains(&t)) {
        let xml = received.answer_format() == crate::wire::format::Format::Xml;
        let message = "The access token is missing, invalid or expired";
        return Ok(respond(error(401, None, message, xml)));
    }
    let Some(entry) = claim(&state, &received) else {
        return Ok(respond(unmatched(&state, received)));
    };
    if let Some(delay) = entry.spec.delay {
        tokio::time::sleep(delay).await;
    }
    match entry.spec.reply.render(
        &received,
        &state.url,
        entry.spec.success,
        &entry.spec.page_faults,
    ) {
        Some(rendered) => Ok(respond(rendered)),
        None => Err(Cut),
    }
}

/// The first mounted stub that matches and has answers left, with the request recorded as
/// its hit (under the lock of its hits, so concurrent requests never pass its limit).
fn claim(state: &State, received: &Received) -> Option<Arc<Entry>> {
    let stubs = lock(&state.stubs);
    for entry in stubs.iter() {
        if !diagnose::differences(&entry.spec, received).is_empty() {
            continue;
        }
        let mut hits = lock(&entry.hits);
        if entry.spec.limit.is_some_and(|limit| hits.len() >= limit) {
            continue;
        }
        hits.push(received.clone());
        return Some(entry.clone());
    }
    None
}

fn unmatched(state: &State, request: Received) -> Rendered {
    let diagnostic = diagnose::closest(&lock(&state.stubs), &request);
    let xml = request.answer_format() == crate::wire::format::Format::Xml;
    let rendered = error(404, None, &diagnostic, xml);
    lock(&state.unmatched).push(Unmatched {
        request,
        diagnostic,
    });
    rendered
}

fn respond(rendered: Rendered) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::from(rendered.body)));
    *response.status_mut() =
        hyper::StatusCode::from_u16(rendered.status).unwrap_or(hyper::StatusCode::OK);
    if let Ok(value) = hyper::header::HeaderValue::from_str(rendered.content_type) {
        response
            .headers_mut()
            .insert(hyper::header::CONTENT_TYPE, value);
    }
    response
}

/// The token endpoint: client credentials only, as the mock's; other credentials get
/// RamBase's refusal.
fn token_endpoint(state: &State, request: &Received) -> Rendered {
    let form = parse_query(Some(&String::from_utf8_lossy(&request.body)));
    let field = |name: &str| {
        form.iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    };
    if field("client_id") != Some(&state.client_id)
        || field("client_secret") != Some(&state.client_secret)
    {
        let body = serde_json::json!({"error_code": 2, "message": "Client authentication failed"});
        return Rendered::json(401, &body);
    }
    if field("grant_type") != Some("client_credentials") {
        let body =
            serde_json::json!({"message": "The mock issues tokens for client credentials only"});
        return Rendered::json(400, &body);
    }
    let mut tokens = lock(&state.tokens);
    let token = format!("mock-token-{}", tokens.len() + 1);
    tokens.push(token.clone());
    Rendered::json(
        200,
        &serde_json::json!({"access_token": token, "expires_in": 3600}),
    )
}

fn bearer(headers: &hyper::HeaderMap) -> Option<String> {
    let value = headers.get(hyper::header::AUTHORIZATION)?.to_str().ok()?;
    value.strip_prefix("Bearer ").map(str::to_owned)
}

fn query_token(uri: &hyper::Uri) -> Option<String> {
    parse_query(uri.query())
        .into_iter()
        .find(|(n, _)| n == "$access_token")
        .map(|(_, v)| v)
}

/// The request as kept: no `Authorization` header, no `$access_token`.
fn received(parts: &hyper::http::request::Parts, body: Vec<u8>) -> Received {
    let segments: Vec<String> = parts
        .uri
        .path()
        .split('/')
        .map(|segment| decode(segment, false))
        .collect();
    let headers = parts
        .headers
        .iter()
        .filter(|(name, _)| *name != hyper::header::AUTHORIZATION)
        .map(|(name, value)| {
            (
                name.as_str().to_owned(),
                String::from_utf8_lossy(value.as_bytes()).into_owned(),
            )
        })
        .collect();
    let mut query = parse_query(parts.uri.query());
    query.retain(|(name, _)| name != "$access_token");
    Received {
        method: parts.method.as_str().to_owned(),
        path: segments.join("/"),
        segments,
        query,
        headers,
        body,
    }
}
