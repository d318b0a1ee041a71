//! A downstream program of the split-layout test: it uses the client only through the paths of
//! the single crate (`rambase_api::prelude::*`, `rambase_api::collaboration::…`), and the test
//! builds this same file against both layouts. It calls one operation against a server it
//! starts on loopback, and checks the request sent and the answer decoded.

use std::io::{Read as _, Write as _};
use std::net::TcpListener;

use rambase_api::collaboration::add_ka_gu_phone::latest::KaGuPhoneRequest;
use rambase_api::prelude::*;
use rambase_runtime::{AccessToken, Client};

const ANSWER: &str = r#"{"kaGuPhone":{"kaGuPhoneId":5001,"isDefault":true,"kaGuNumber":"12345678"}}"#;

/// Answers one request with `201 Created` and returns the request's text.
fn serve_once(listener: TcpListener) -> std::thread::JoinHandle<String> {
    std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().expect("a connection");
        let mut seen = Vec::new();
        let mut chunk = [0u8; 4096];
        while !complete(&seen) {
            let n = stream.read(&mut chunk).expect("the request");
            if n == 0 {
                break;
            }
            seen.extend_from_slice(&chunk[..n]);
        }
        let reply = format!(
            "HTTP/1.1 201 Created\r\nContent-Type: application/json; charset=utf-8\r\n\
             Content-Length: {}\r\nConnection: close\r\n\r\n{ANSWER}",
            ANSWER.len()
        );
        stream.write_all(reply.as_bytes()).expect("the answer");
        String::from_utf8_lossy(&seen).into_owned()
    })
}

/// Whether `seen` holds the head and the whole body its `Content-Length` announces.
fn complete(seen: &[u8]) -> bool {
    let text = String::from_utf8_lossy(seen);
    let Some(end) = text.find("\r\n\r\n") else {
        return false;
    };
    let length = text[..end]
        .lines()
        .find_map(|l| {
            let (name, value) = l.split_once(':')?;
            name.eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse::<usize>().ok())?
        })
        .unwrap_or(0);
    seen.len() >= end + 4 + length
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a loopback port");
    let address = listener.local_addr().expect("its address");
    let server = serve_once(listener);
    let client = Client::builder()
        .base_url(format!("http://{address}"))
        .access_token(AccessToken::new("SENTINEL-split-7e57-token").expect("a valid token"))
        .build()
        .expect("a client");
    let body = KaGuPhoneRequest::builder().ka_gu_number("12345678");
    let phone = client
        .add_ka_gu_phone(100_500, body)
        .send()
        .await
        .expect("the call succeeds");
    assert_eq!(phone.ka_gu_phone_id, Some(5001));
    assert_eq!(phone.ka_gu_number.as_deref(), Some("12345678"));
    let request = server.join().expect("the server thread");
    assert!(
        request.starts_with("POST /collaboration/kagus/100500/phones?"),
        "{request}"
    );
    assert!(request.contains(r#"{"kaGuPhone":{"#), "{request}");
    assert!(request.contains(r#""kaGuNumber":"12345678""#), "{request}");
    println!("loopback call ok");
}
