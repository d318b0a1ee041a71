//! What a [`crate::Server`] answers to one request.

use std::time::Duration;

/// An answer: status, headers and body, sent after an optional pause; or, for faults no
/// server crate sends, hand-made bytes ([`Reply::raw`]).
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use]
pub struct Reply {
    /// The HTTP status.
    pub status: u16,
    /// Headers besides those hyper writes (`content-length`, `date`, `connection`).
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
    /// How long the server waits before it answers.
    pub delay: Duration,
    /// Hand-made bytes sent instead of the answer above.
    pub raw: Option<RawReply>,
}

/// Hand-made bytes that replace an answer, and how long the connection then stays open before
/// it is closed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawReply {
    /// The bytes, written as they are.
    pub bytes: Vec<u8>,
    /// The stall after them.
    pub stall: Duration,
}

impl Reply {
    /// An answer of `status` without a body.
    pub fn empty(status: u16) -> Self {
        Self {
            status,
            headers: Vec::new(),
            body: Vec::new(),
            delay: Duration::ZERO,
            raw: None,
        }
    }

    /// An answer of `status` with `body` of type `content_type`.
    pub fn with_body(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Self {
        Self {
            body: body.into(),
            ..Self::empty(status)
        }
        .header("Content-Type", content_type)
    }

    /// A JSON answer (`application/json; charset=utf-8`).
    pub fn json(status: u16, body: impl Into<String>) -> Self {
        Self::with_body(status, "application/json; charset=utf-8", body.into())
    }

    /// An XML answer (`application/xml; charset=utf-8`).
    pub fn xml(status: u16, body: impl Into<String>) -> Self {
        Self::with_body(status, "application/xml; charset=utf-8", body.into())
    }

    /// An HTML answer (`text/html`), as a proxy's error page.
    pub fn html(status: u16, body: impl Into<String>) -> Self {
        Self::with_body(status, "text/html", body.into())
    }

    /// Hand-made bytes, written as they are instead of an answer, then the connection is
    /// closed: for broken HTTP (a cut body, a bad status line, a body without a length).
    pub fn raw(bytes: impl Into<Vec<u8>>) -> Self {
        Self {
            raw: Some(RawReply {
                bytes: bytes.into(),
                stall: Duration::ZERO,
            }),
            ..Self::empty(200)
        }
    }

    /// Adds a header.
    pub fn header(mut self, name: &str, value: impl Into<String>) -> Self {
        self.headers.push((name.to_owned(), value.into()));
        self
    }

    /// Waits `delay` before answering.
    pub fn after(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }

    /// For a [`Reply::raw`]: keeps the connection open `pause` after its bytes (a stall).
    pub fn then_stall(mut self, pause: Duration) -> Self {
        if let Some(raw) = &mut self.raw {
            raw.stall = pause;
        }
        self
    }

    /// The value of the header `name` (case-insensitive).
    pub fn header_value(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}
