//! A small HTTP/1.1 server on 127.0.0.1 for the login, retry and redaction tests: each test
//! scripts its answers with a closure and reads back what arrived.

use std::future::Future;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// One request as it arrived.
#[derive(Debug, Clone, Default)]
pub(crate) struct Request {
    pub(crate) method: String,
    pub(crate) target: String,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: String,
}

impl Request {
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The value of a form field of the body (percent- and `+`-decoded).
    pub(crate) fn form(&self, name: &str) -> Option<String> {
        self.body.split('&').find_map(|pair| {
            let (key, value) = pair.split_once('=')?;
            (key == name).then(|| form_decode(value))
        })
    }
}

fn form_decode(value: &str) -> String {
    let bytes = value.replace('+', " ").into_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok());
        match hex
            .filter(|_| bytes[i] == b'%')
            .map(|h| u8::from_str_radix(h, 16))
        {
            Some(Ok(byte)) => {
                out.push(byte);
                i += 3;
            }
            _ => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// An answer: status line (`200 OK`), content type, body, and a pause before it is written.
#[derive(Debug, Clone)]
pub(crate) struct Answer {
    pub(crate) status: &'static str,
    pub(crate) content_type: &'static str,
    pub(crate) body: String,
    pub(crate) delay: Duration,
    /// A `Location` header (for redirects).
    pub(crate) location: Option<String>,
}

impl Answer {
    pub(crate) fn json(status: &'static str, body: impl Into<String>) -> Self {
        Self {
            status,
            content_type: "application/json; charset=utf-8",
            body: body.into(),
            delay: Duration::ZERO,
            location: None,
        }
    }

    pub(crate) fn html(status: &'static str, body: impl Into<String>) -> Self {
        Self {
            content_type: "text/html",
            ..Self::json(status, body)
        }
    }

    pub(crate) fn after(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }
}

type Handler = Arc<dyn Fn(&Request) -> Answer + Send + Sync>;

pub(crate) struct TestServer {
    pub(crate) url: String,
    seen: Arc<Mutex<Vec<Request>>>,
}

impl TestServer {
    pub(crate) async fn start(
        handler: impl Fn(&Request) -> Answer + Send + Sync + 'static,
    ) -> Self {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let handler: Handler = Arc::new(handler);
        let record = Arc::clone(&seen);
        let url = listen(move |mut stream| {
            let (handler, record) = (Arc::clone(&handler), Arc::clone(&record));
            async move {
                let Some(request) = read_request(&mut stream).await else {
                    return;
                };
                let answer = handler(&request);
                record
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .push(request);
                tokio::time::sleep(answer.delay).await;
                let location = answer
                    .location
                    .as_ref()
                    .map(|to| format!("Location: {to}\r\n"))
                    .unwrap_or_default();
                let head = format!(
                    "HTTP/1.1 {}\r\nContent-Type: {}\r\nContent-Length: {}\r\n{location}Connection: close\r\n\r\n",
                    answer.status,
                    answer.content_type,
                    answer.body.len()
                );
                let _ = stream.write_all(head.as_bytes()).await;
                let _ = stream.write_all(answer.body.as_bytes()).await;
                let _ = stream.shutdown().await;
            }
        })
        .await;
        Self { url, seen }
    }

    pub(crate) fn requests(&self) -> Vec<Request> {
        self.seen
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

/// Binds a free port of 127.0.0.1 and hands each connection to `connection` in a task of its
/// own; answers the base URL. The runtime's test servers share it.
pub(crate) async fn listen<F, Fut>(connection: F) -> String
where
    F: Fn(TcpStream) -> Fut + Send + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            tokio::spawn(connection(stream));
        }
    });
    url
}

async fn read_request(stream: &mut TcpStream) -> Option<Request> {
    let (request_line, headers, body) = read_raw(stream).await?;
    let mut request_line = request_line.split(' ');
    let method = request_line.next()?.to_owned();
    let target = request_line.next()?.to_owned();
    Some(Request {
        method,
        target,
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
    })
}

/// One request as it came: the request line, the headers and `Content-Length` bytes of body.
/// The runtime's test servers share it.
pub(crate) async fn read_raw(
    stream: &mut TcpStream,
) -> Option<(String, Vec<(String, String)>, Vec<u8>)> {
    let mut buffer = Vec::new();
    let mut chunk = [0_u8; 4096];
    let end = loop {
        if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break end;
        }
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buffer[..end]).into_owned();
    let mut lines = head.split("\r\n");
    let request_line = lines.next()?.to_owned();
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(n, v)| (n.trim().to_owned(), v.trim().to_owned()))
        .collect();
    let length: usize = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = buffer[end + 4..].to_vec();
    while body.len() < length {
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            break;
        }
        body.extend_from_slice(&chunk[..n]);
    }
    Some((request_line, headers, body))
}
