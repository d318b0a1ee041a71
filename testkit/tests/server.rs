//! The kit's server over real sockets: answers, recording, and the hand-made bytes of
//! [`Reply::raw`] in place of hyper's answer.

use std::time::{Duration, Instant};

use rambase_testkit::raw::raw_call;
use rambase_testkit::{Reply, Server};

#[tokio::test]
async fn answers_and_records_every_request() {
    let server = Server::start(|request| {
        Reply::json(201, format!("{{\"got\":{:?}}}", request.body_text()))
            .header("Location", "/x/1")
    })
    .await;
    let (status, body) = raw_call(
        server.base_url(),
        "POST",
        "/x?$format=json&a=b%20c",
        &[("Authorization", "Bearer t")],
        "hello",
    )
    .await
    .unwrap();
    assert_eq!((status, body.as_str()), (201, r#"{"got":"hello"}"#));
    let request = server.single_request();
    assert_eq!(
        request.request_line(),
        "POST /x?$format=json&a=b%20c HTTP/1.1"
    );
    assert_eq!(request.path, "/x");
    assert_eq!(request.query_value("a"), Some("b c"));
    assert_eq!(request.header("AUTHORIZATION"), Some("Bearer t"));
    assert_eq!(request.body, b"hello");
}

#[tokio::test]
async fn a_raw_reply_replaces_the_answer_byte_for_byte() {
    let bytes = "HTTP/1.1 200 OK\r\nContent-Length: 99\r\n\r\ncut";
    let server = Server::start(move |_| Reply::raw(bytes)).await;
    let address = server.base_url().trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    stream
        .write_all(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await.unwrap();
    assert_eq!(String::from_utf8_lossy(&answer), bytes);
    assert_eq!(server.request_count(), 1);
}

#[tokio::test]
async fn a_raw_reply_can_stall_and_an_answer_can_wait() {
    let server = Server::start(|request| match request.path.as_str() {
        "/stall" => Reply::raw("HTTP/1.1 200 OK\r\n").then_stall(Duration::from_millis(300)),
        _ => Reply::empty(202).after(Duration::from_millis(300)),
    })
    .await;
    for target in ["/stall", "/wait"] {
        let started = Instant::now();
        let answer = raw_call(server.base_url(), "GET", target, &[], "").await;
        assert!(started.elapsed() >= Duration::from_millis(300), "{target}");
        let status = if target == "/stall" { 200 } else { 202 };
        assert_eq!(answer.unwrap(), (status, String::new()), "{target}");
    }
}
