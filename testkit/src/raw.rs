//! Hand-made HTTP, for the faults no server crate sends on purpose: a body cut short, a stall
//! after part of an answer, a bad status line, a body that runs until the connection closes.
//!
//! - A [`crate::Reply::raw`] answer of a [`crate::Server`]: hyper reads the request as usual,
//!   and a tap on the connection writes the reply's bytes instead of hyper's answer.
//! - [`listen`]: a socket served by hand, for what is not HTTP at all (a TLS hello answered in
//!   plain text).
//! - [`raw_call`]: one request written by hand, to test a server without the client under test.

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, ready};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::time::Sleep;

use crate::reply::RawReply;
use crate::server::lock;

/// Where a connection's service leaves the raw bytes (and the stall after them) that replace
/// its answer.
#[derive(Debug, Clone, Default)]
pub(crate) struct RawSlot(Arc<Mutex<Option<RawReply>>>);

impl RawSlot {
    pub(crate) fn put(&self, raw: RawReply) {
        *lock(&self.0) = Some(raw);
    }

    fn take(&self) -> Option<RawReply> {
        lock(&self.0).take()
    }
}

/// A connection as hyper sees it. It passes everything through until its [`RawSlot`] is
/// filled; from then on it writes the slot's bytes, swallows what hyper writes (the placeholder
/// answer), and holds the connection open for the stall before hyper's shutdown closes it.
#[derive(Debug)]
pub(crate) struct Tap {
    stream: TcpStream,
    slot: RawSlot,
    state: TapState,
}

#[derive(Debug)]
enum TapState {
    Passing,
    Writing {
        bytes: Vec<u8>,
        sent: usize,
        hold: Duration,
    },
    Holding(Pin<Box<Sleep>>),
    Done,
}

impl Tap {
    pub(crate) fn new(stream: TcpStream, slot: RawSlot) -> Self {
        Self {
            stream,
            slot,
            state: TapState::Passing,
        }
    }

    /// Writes the raw bytes, if any are due; ready once they are all out and flushed.
    fn poll_raw(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if let TapState::Passing = self.state
            && let Some(RawReply { bytes, stall }) = self.slot.take()
        {
            self.state = TapState::Writing {
                bytes,
                sent: 0,
                hold: stall,
            };
        }
        if let TapState::Writing { bytes, sent, hold } = &mut self.state {
            while *sent < bytes.len() {
                let n = ready!(Pin::new(&mut self.stream).poll_write(cx, &bytes[*sent..]))?;
                if n == 0 {
                    return Poll::Ready(Err(io::ErrorKind::WriteZero.into()));
                }
                *sent += n;
            }
            ready!(Pin::new(&mut self.stream).poll_flush(cx))?;
            self.state = TapState::Holding(Box::pin(tokio::time::sleep(*hold)));
        }
        Poll::Ready(Ok(()))
    }
}

impl AsyncRead for Tap {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_read(cx, buf)
    }
}

impl AsyncWrite for Tap {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        ready!(self.poll_raw(cx))?;
        match self.state {
            TapState::Passing => Pin::new(&mut self.stream).poll_write(cx, buf),
            _ => Poll::Ready(Ok(buf.len())),
        }
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        ready!(self.poll_raw(cx))?;
        Pin::new(&mut self.stream).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        ready!(self.poll_raw(cx))?;
        if let TapState::Holding(stall) = &mut self.state {
            ready!(stall.as_mut().poll(cx));
            self.state = TapState::Done;
        }
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }
}

/// Binds a free port of `127.0.0.1` and hands each connection to `connection` in a task of its
/// own; answers the base URL (`http://127.0.0.1:PORT`). The listener lives as long as the
/// current tokio runtime.
///
/// # Panics
///
/// When no port of `127.0.0.1` can be bound.
pub async fn listen<F, Fut>(connection: F) -> String
where
    F: Fn(TcpStream) -> Fut + Send + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    let listener = match TcpListener::bind("127.0.0.1:0").await {
        Ok(listener) => listener,
        Err(error) => panic!("cannot bind 127.0.0.1: {error}"),
    };
    let url = match listener.local_addr() {
        Ok(address) => format!("http://{address}"),
        Err(error) => panic!("no local address: {error}"),
    };
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            tokio::spawn(connection(stream));
        }
    });
    url
}

/// Sends one HTTP/1.1 request to `base_url` (`http://127.0.0.1:PORT`) and answers the status
/// and the body: for tests of the kit's servers themselves, without the client under test.
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
