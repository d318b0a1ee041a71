//! The loopback server: hyper's HTTP/1.1 server on `127.0.0.1`, one task per connection, every
//! request recorded before it is answered.

use std::io;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

use crate::raw::{RawSlot, Tap};
use crate::{Reply, Request};

type Handler = dyn Fn(&Request) -> Reply + Send + Sync;
type Recorded = Mutex<Vec<Request>>;

/// A listener bound to a free port of `127.0.0.1`, not yet serving: its base URL is known
/// before the first request, so a handler can use it (in paging links, say).
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

    /// Starts serving on the current tokio runtime: each connection in a task of its own (a
    /// stalled answer holds up no other), each request recorded, then answered by `handler`.
    pub fn serve(self, handler: impl Fn(&Request) -> Reply + Send + Sync + 'static) -> Server {
        let Self { listener, base_url } = self;
        let handler: Arc<Handler> = Arc::new(handler);
        let recorded = Arc::new(Recorded::default());
        let record = Arc::clone(&recorded);
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let (handler, record) = (Arc::clone(&handler), Arc::clone(&record));
                tokio::spawn(connection(stream, handler, record));
            }
        });
        Server {
            base_url,
            recorded,
            task,
        }
    }
}

/// A serving loopback server. It stops accepting connections when dropped.
#[derive(Debug)]
pub struct Server {
    base_url: String,
    recorded: Arc<Recorded>,
    task: JoinHandle<()>,
}

impl Server {
    /// Binds a free port of `127.0.0.1` and answers every request with `handler`.
    ///
    /// # Panics
    ///
    /// When no port of `127.0.0.1` can be bound.
    pub async fn start(handler: impl Fn(&Request) -> Reply + Send + Sync + 'static) -> Self {
        match Bound::new().await {
            Ok(bound) => bound.serve(handler),
            Err(error) => panic!("cannot bind 127.0.0.1: {error}"),
        }
    }

    /// `http://127.0.0.1:PORT`, to hand to a client as its base URL.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Every request received so far, in order of arrival.
    pub fn requests(&self) -> Vec<Request> {
        lock(&self.recorded).clone()
    }

    /// How many requests arrived so far.
    pub fn request_count(&self) -> usize {
        lock(&self.recorded).len()
    }

    /// The only request received so far.
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

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Locks `mutex`, also after a panic in another test thread (the data stays usable).
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Serves one connection. One request per connection (`Connection: close`), as RamBase's
/// stand-ins always did: a reply's raw bytes then belong to exactly one request.
async fn connection(stream: TcpStream, handler: Arc<Handler>, recorded: Arc<Recorded>) {
    let slot = RawSlot::default();
    let io = TokioIo::new(Tap::new(stream, slot.clone()));
    let service = service_fn(move |request| {
        let (handler, recorded, slot) = (Arc::clone(&handler), Arc::clone(&recorded), slot.clone());
        async move { answer(request, &*handler, &recorded, &slot).await }
    });
    // A client that goes away mid-request is not the server's error.
    let _ = http1::Builder::new()
        .keep_alive(false)
        .serve_connection(io, service)
        .await;
}

/// Records the request, then answers as the handler says. A raw reply leaves its bytes to the
/// connection's [`Tap`] and gives hyper an empty placeholder, which the tap swallows. A body
/// the client does not finish sending is an error: hyper then closes the connection.
async fn answer(
    request: hyper::Request<Incoming>,
    handler: &Handler,
    recorded: &Recorded,
    slot: &RawSlot,
) -> Result<hyper::Response<Full<Bytes>>, io::Error> {
    let request = collect(request).await?;
    lock(recorded).push(request.clone());
    let reply = handler(&request);
    tokio::time::sleep(reply.delay).await;
    if let Some(raw) = reply.raw {
        slot.put(raw);
        return Ok(hyper::Response::new(Full::default()));
    }
    response(reply)
}

/// The kit's record of a hyper request, with its whole body.
async fn collect(request: hyper::Request<Incoming>) -> Result<Request, io::Error> {
    let (head, body) = request.into_parts();
    let target = head
        .uri
        .path_and_query()
        .map_or_else(|| head.uri.path(), |p| p.as_str());
    let mut recorded = Request::new(head.method.as_str(), target, &format!("{:?}", head.version));
    recorded.headers = head
        .headers
        .iter()
        .map(|(name, value)| {
            let value = String::from_utf8_lossy(value.as_bytes()).into_owned();
            (name.as_str().to_owned(), value)
        })
        .collect();
    let body = body.collect().await.map_err(io::Error::other)?;
    recorded.body = body.to_bytes().to_vec();
    Ok(recorded)
}

/// hyper's form of a reply; a header hyper cannot send fails the call instead of vanishing.
fn response(reply: Reply) -> Result<hyper::Response<Full<Bytes>>, io::Error> {
    let invalid = |e: hyper::http::Error| io::Error::new(io::ErrorKind::InvalidInput, e);
    let mut builder = hyper::Response::builder().status(reply.status);
    for (name, value) in &reply.headers {
        builder = builder.header(name.as_str(), value.as_str());
    }
    builder
        .body(Full::new(Bytes::from(reply.body)))
        .map_err(invalid)
}
