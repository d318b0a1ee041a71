//! HTTP/1.1 plumbing and RamBase's error body, shared by the local servers ([`crate::server`]
//! for resource 3119, [`crate::shapes_server`] for the fictional shape fixtures).
//!
//! The servers are hand-written on a tokio `TcpListener`, one request per connection
//! (`Connection: close`), so that they see every byte a client sends and can answer badly on
//! purpose. What is not specific to one server lives here: accepting connections, reading a
//! request, decoding its query, choosing the wire format, and writing a response.

use std::future::Future;
use std::io;
use std::sync::{Mutex, MutexGuard};

use rambase_runtime::serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// The largest request a server reads (head plus body).
pub const MAX_REQUEST_BYTES: usize = 1024 * 1024;

/// A listener bound to a free port of `127.0.0.1`, not yet serving: its base URL is known
/// before the first connection, so a server can put it in its state (for paging links).
#[derive(Debug)]
pub struct Bound {
    listener: TcpListener,
    base_url: String,
}

impl Bound {
    /// Binds `127.0.0.1` on a free port.
    pub async fn new() -> io::Result<Self> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let base_url = format!("http://{}", listener.local_addr()?);
        Ok(Self { listener, base_url })
    }

    /// `http://127.0.0.1:PORT`.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Starts serving on the current tokio runtime: each connection goes to `handler` in its
    /// own task, so a stalled connection holds up no other.
    pub fn serve<F, Fut>(self, handler: F) -> Serving
    where
        F: Fn(TcpStream) -> Fut + Send + 'static,
        Fut: Future<Output = ()> + Send + 'static,
    {
        let Self { listener, base_url } = self;
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(handler(stream));
            }
        });
        Serving { base_url, task }
    }
}

/// A serving listener. It stops accepting when dropped.
#[derive(Debug)]
pub struct Serving {
    base_url: String,
    task: JoinHandle<()>,
}

impl Serving {
    /// `http://127.0.0.1:PORT`, to hand to `ClientBuilder::base_url`.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }
}

impl Drop for Serving {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Writes `reply` and closes the connection; a client that went away is not an error here.
pub async fn send_and_close(stream: &mut TcpStream, reply: &[u8]) {
    let _ = stream.write_all(reply).await;
    let _ = stream.flush().await;
    let _ = stream.shutdown().await;
}

/// Locks `mutex`, also after a panic in another test thread (the data stays usable).
pub fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The requests a server received, in order of arrival.
#[derive(Debug, Default)]
pub struct Recorded(Mutex<Vec<RecordedRequest>>);

impl Recorded {
    /// Records one more request.
    pub fn push(&self, request: RecordedRequest) {
        lock(&self.0).push(request);
    }

    /// Every request received so far, in order of arrival.
    pub fn all(&self) -> Vec<RecordedRequest> {
        lock(&self.0).clone()
    }

    /// How many requests arrived so far.
    pub fn count(&self) -> usize {
        lock(&self.0).len()
    }

    /// The only request received so far.
    ///
    /// # Panics
    ///
    /// When there was not exactly one.
    pub fn single(&self) -> RecordedRequest {
        let requests = self.all();
        assert_eq!(requests.len(), 1, "expected one request: {requests:#?}");
        requests.into_iter().next().expect("one request")
    }
}

/// What a server saw of one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedRequest {
    /// The method, such as `POST`.
    pub method: String,
    /// The request target as sent: path and query, still percent-encoded.
    pub target: String,
    /// The path, without the query.
    pub path: String,
    /// The query parameters in order, percent-decoded.
    pub query: Vec<(String, String)>,
    /// The headers in order, names as sent.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl RecordedRequest {
    /// The first header named `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Every value of the query parameter `name`.
    pub fn query_values(&self, name: &str) -> Vec<&str> {
        self.query
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// The single value of the query parameter `name`; `None` when absent.
    ///
    /// # Panics
    ///
    /// When the parameter was sent more than once.
    pub fn query_value(&self, name: &str) -> Option<&str> {
        let values = self.query_values(name);
        assert!(values.len() <= 1, "{name} sent {} times", values.len());
        values.first().copied()
    }

    /// The body as text (lossy).
    pub fn body_text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The body format the request asked for: `$format` first (what RamBase documents), else
    /// an `Accept` header naming XML, else JSON (RamBase's default).
    pub fn wire(&self) -> Wire {
        match self.query_values("$format").first().copied() {
            Some("xml") => Wire::Xml,
            Some(_) => Wire::Json,
            None if self.header("accept").is_some_and(|a| a.contains("xml")) => Wire::Xml,
            None => Wire::Json,
        }
    }

    /// The first value of `$lang`, for the translated message of an error.
    pub fn lang(&self) -> Option<&str> {
        self.query_values("$lang").first().copied()
    }
}

/// A body format RamBase speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wire {
    /// `application/json`.
    Json,
    /// `application/xml`.
    Xml,
}

impl Wire {
    /// The `Content-Type` of a response in this format.
    pub fn content_type(self) -> &'static str {
        match self {
            Wire::Json => "application/json; charset=utf-8",
            Wire::Xml => "application/xml; charset=utf-8",
        }
    }
}

/// Reads one request: the head up to the blank line, then `Content-Length` bytes of body.
/// `None` when the client closed the connection or sent more than [`MAX_REQUEST_BYTES`] of head.
pub async fn read_request(stream: &mut TcpStream) -> Option<RecordedRequest> {
    let mut buffer = Vec::new();
    let mut chunk = [0_u8; 8192];
    let head_end = loop {
        if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break end;
        }
        if buffer.len() > MAX_REQUEST_BYTES {
            return None;
        }
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..n]);
    };
    let mut request = parse_head(&String::from_utf8_lossy(&buffer[..head_end]))?;
    let length = request
        .header("content-length")
        .and_then(|v| v.parse::<usize>().ok())
        .unwrap_or(0)
        .min(MAX_REQUEST_BYTES);
    request.body = buffer[head_end + 4..].to_vec();
    while request.body.len() < length {
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            break;
        }
        request.body.extend_from_slice(&chunk[..n]);
    }
    Some(request)
}

/// The request line and headers of a request, with an empty body.
fn parse_head(head: &str) -> Option<RecordedRequest> {
    let mut lines = head.split("\r\n");
    let mut request_line = lines.next()?.split(' ');
    let method = request_line.next()?.to_owned();
    let target = request_line.next()?.to_owned();
    let headers = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(n, v)| (n.trim().to_owned(), v.trim().to_owned()))
        .collect();
    let (path, query) = match target.split_once('?') {
        Some((path, query)) => (path.to_owned(), parse_query(query)),
        None => (target.clone(), Vec::new()),
    };
    Some(RecordedRequest {
        method,
        target,
        path,
        query,
        headers,
        body: Vec::new(),
    })
}

/// The pairs of a query string (or of a form-encoded body), percent-decoded, in order.
pub fn parse_query(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            (percent_decode(name), percent_decode(value))
        })
        .collect()
}

/// Decodes `%XX` escapes; a `%` not followed by two hex digits stays as it is.
pub fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Encodes everything but RFC 3986's unreserved characters and `$` (kept readable in
/// RamBase's parameter names), for query strings a server builds, such as paging links.
pub fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~$".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Escapes text for an XML element's content.
pub fn xml_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Undoes the five predefined XML entities.
pub fn xml_unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// A complete response with `Content-Length` and `Connection: close`.
pub fn response(status_line: &str, content_type: &str, body: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "HTTP/1.1 {status_line}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\
         Connection: close\r\n\r\n",
        body.len()
    )
    .into_bytes();
    out.extend_from_slice(body);
    out
}

/// A response without a body (such as DELETE's 202).
pub fn empty_response(status_line: &str) -> Vec<u8> {
    format!("HTTP/1.1 {status_line}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n").into_bytes()
}

/// The reason phrase of the statuses the servers answer with.
pub fn reason_phrase(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        409 => "Conflict",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        _ => "Error",
    }
}

/// `200 OK`, `404 Not Found`, ...: the status line after the protocol.
pub fn status_line(status: u16) -> String {
    format!("{status} {}", reason_phrase(status))
}

/// A RamBase error: status, optional code, message and its Norwegian translation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// The HTTP status.
    pub status: u16,
    /// The RamBase error code (`errorMessage.errorMessageId`), when there is one.
    pub code: Option<u64>,
    /// The message in English.
    pub message: String,
    /// The message in Norwegian, sent as `translatedMessage` when `$lang=nob`.
    pub translated: Option<String>,
}

impl Refusal {
    /// A refusal without a translation.
    pub fn new(status: u16, code: Option<u64>, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
            translated: None,
        }
    }

    /// Adds the Norwegian translation.
    pub fn translated(mut self, norwegian: &str) -> Self {
        self.translated = Some(norwegian.to_owned());
        self
    }

    /// The message in the language `lang` asks for (Norwegian for `nob`, when there is one).
    fn message_in(&self, lang: Option<&str>) -> &str {
        match (lang, &self.translated) {
            (Some("nob"), Some(norwegian)) => norwegian,
            _ => &self.message,
        }
    }
}

/// RamBase's error body: not wrapped in a root property, first-letter-lower-cased names in
/// JSON, an `<Error>` root in XML.
pub fn error_response(refusal: &Refusal, format: Wire, lang: Option<&str>) -> Vec<u8> {
    let description = reason_phrase(refusal.status);
    let translated = refusal.message_in(lang);
    let body = match format {
        Wire::Json => {
            let mut body = json!({
                "httpStatusCode": refusal.status,
                "httpStatusDescription": description,
                "message": refusal.message,
                "translatedMessage": translated,
                "parameters": [],
                "stackTrace": null,
                "innerErrors": [],
            });
            if let Some(code) = refusal.code {
                body["errorMessage"] = json!({
                    "errorMessageId": code,
                    "errorMessageLink": format!("https://api.rambase.net/errors/{code}"),
                });
            }
            body.to_string()
        }
        Wire::Xml => {
            let mut xml = format!(
                "<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><HttpStatusCode>{}</HttpStatusCode>\
                 <HttpStatusDescription>{description}</HttpStatusDescription>\
                 <Message>{}</Message><TranslatedMessage>{}</TranslatedMessage>",
                refusal.status,
                xml_escape(&refusal.message),
                xml_escape(translated),
            );
            if let Some(code) = refusal.code {
                xml.push_str(&format!(
                    "<ErrorMessage><ErrorMessageId>{code}</ErrorMessageId></ErrorMessage>"
                ));
            }
            xml.push_str("</Error>");
            xml
        }
    };
    response(
        &status_line(refusal.status),
        format.content_type(),
        body.as_bytes(),
    )
}

/// Sends one HTTP/1.1 request to `base_url` (`http://127.0.0.1:PORT`) and answers the status
/// and the body: for tests of the local servers themselves, without the client under test.
pub async fn raw_call(
    base_url: &str,
    method: &str,
    target: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> io::Result<(u16, String)> {
    let address = base_url.trim_start_matches("http://");
    let mut stream = TcpStream::connect(address).await?;
    let mut request = format!("{method} {target} HTTP/1.1\r\nHost: {address}\r\n");
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
    stream.write_all(request.as_bytes()).await?;
    let mut answer = String::new();
    stream.read_to_string(&mut answer).await?;
    let (head, body) = answer.split_once("\r\n\r\n").unwrap_or((&answer, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidData, "no status line"))?;
    Ok((status, body.to_owned()))
}
