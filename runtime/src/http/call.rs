//! One prepared call of one operation, generic over its answer and its documented error codes:
//! every generated call wraps a [`Call`] and adds only typed setters.

use std::fmt;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};

use reqwest::header::HeaderMap;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::errors::call_error::CallError;
use crate::errors::call_error::{ErrorCodes, Failure};
use crate::http::client::Client;
use crate::http::request::RequestParts;
use crate::http::request::path_segment;
use crate::values::checked::{Checked, Rules, Scalar};
use crate::values::rules::{ValidationErrors, Violation};
use crate::wire::object::{Build, Object};

mod setters;

/// What a successful answer holds: an object, a page of a list ([`Page`](crate::Page)), or
/// nothing ([`NoContent`]).
pub trait Answer: Send + 'static {
    /// What the call returns.
    type Output: Send + 'static;

    /// Decodes the body of the documented success status.
    #[doc(hidden)]
    fn decode(
        client: &Client,
        status: u16,
        body: &[u8],
        root: &str,
    ) -> Result<Self::Output, Failure>;
}

impl<T: Object + DeserializeOwned + Send + 'static> Answer for T {
    type Output = T;

    fn decode(client: &Client, status: u16, body: &[u8], root: &str) -> Result<T, Failure> {
        client.decode(status, body, root)
    }
}

/// The answer of an operation whose success has no body (a DELETE's 202): any body is read
/// within the limit and ignored, and the call returns `()`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoContent {}

impl Answer for NoContent {
    type Output = ();

    fn decode(_: &Client, _: u16, _: &[u8], _: &str) -> Result<(), Failure> {
        Ok(())
    }
}

/// A decoded answer with the HTTP status and headers it came with.
#[derive(Debug, Clone)]
pub struct Response<T> {
    status: u16,
    headers: HeaderMap,
    body: T,
}

impl<T> Response<T> {
    /// The HTTP status (the documented success status).
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The decoded body.
    pub fn body(&self) -> &T {
        &self.body
    }

    /// The decoded body, unwrapped.
    pub fn into_body(self) -> T {
        self.body
    }
}

/// A prepared call of the operation of `C`, answering `R`: path values, query parameters and
/// body are collected and checked as they are given; nothing is sent until [`send`].
///
/// Every broken rule is kept and reported at once by `send`, which then sends nothing. The call
/// owns a clone of the [`Client`] (cheap: an `Arc` inside), so the future of `send` is
/// `'static` and can be spawned.
///
/// [`send`]: Call::send
#[must_use = "a call does nothing until it is sent"]
pub struct Call<R, C> {
    client: Client,
    path: Vec<(&'static str, String)>,
    parts: RequestParts,
    errors: ValidationErrors,
    use_generated_version: bool,
    response_root: &'static str,
    answer: PhantomData<fn() -> (R, C)>,
}

/// A copy of the prepared call, to send again (the next page of a list, say).
impl<R, C> Clone for Call<R, C> {
    fn clone(&self) -> Self {
        Self {
            client: self.client.clone(),
            path: self.path.clone(),
            parts: self.parts.clone(),
            errors: self.errors.clone(),
            use_generated_version: self.use_generated_version,
            response_root: self.response_root,
            answer: PhantomData,
        }
    }
}

impl<R, C: ErrorCodes> fmt::Debug for Call<R, C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Call")
            .field("operation", &C::OPERATION.path_template)
            .field("path", &self.path)
            .field("query", &self.parts.query_pairs())
            .field("errors", &self.errors)
            .finish_non_exhaustive()
    }
}

impl<R: Answer, C: ErrorCodes> Call<R, C> {
    /// A call through `client`, whose answer is under the JSON root `response_root`.
    pub fn new(client: &Client, response_root: &'static str) -> Self {
        Self {
            client: client.clone(),
            path: Vec::new(),
            parts: RequestParts::new(""),
            errors: ValidationErrors::new(),
            use_generated_version: false,
            response_root,
            answer: PhantomData,
        }
    }

    /// Sets the path parameter `name` to text, encoded so that it stays one segment.
    pub fn path_text(mut self, name: &'static str, value: impl Into<String>) -> Self {
        let segment = path_segment(&mut self.errors, name, &value.into());
        self.path.push((name, segment));
        self
    }

    /// Sets the path parameter `name` to a 32-bit integer, from any integer type that widens to
    /// `i64`; a value out of range is a violation.
    pub fn path_int(mut self, name: &'static str, value: impl Into<i64>) -> Self {
        let value = self.int32(name, value.into());
        self.path.push((name, value.to_string()));
        self
    }

    /// Sets the path parameter `name` to a `V` shown as it is (a long, a date), encoded so that
    /// it stays one segment.
    pub fn path_as<V: fmt::Display>(mut self, name: &'static str, value: impl Into<V>) -> Self {
        let text = value.into().to_string();
        let segment = path_segment(&mut self.errors, name, &text);
        self.path.push((name, segment));
        self
    }

    /// Sets the path parameter `Q::NAME` to a value checked against the rules of `Q`.
    pub fn path_checked<Q: Rules>(mut self, value: impl Into<<Q::Value as Scalar>::Input>) -> Self {
        match Checked::<Q>::new(value) {
            Ok(value) => {
                let text = value.to_string();
                let segment = path_segment(&mut self.errors, Q::NAME, &text);
                self.path.push((Q::NAME, segment));
            }
            Err(broken) => self.errors.extend(broken),
        }
        self
    }

    /// Sets the query parameter `name` (`$db`, `$lang`, ...).
    pub fn query(mut self, name: &'static str, value: impl ToString) -> Self {
        self.parts.query(name, value);
        self
    }

    /// Sets the query parameter `name` to a `V` (what a typed setter takes).
    pub fn query_as<V: ToString>(mut self, name: &'static str, value: impl Into<V>) -> Self {
        self.parts.query(name, value.into());
        self
    }

    /// Sets the 32-bit integer query parameter `name`, from any integer type that widens to
    /// `i64`; a value out of range is a violation.
    pub fn query_int(mut self, name: &'static str, value: impl Into<i64>) -> Self {
        let value = self.int32(name, value.into());
        self.parts.query(name, value);
        self
    }

    /// Sets the body, sent under the JSON root `json_root` or as the XML element of its object.
    /// A builder is checked now; its violations are reported by `send`.
    pub fn body<B>(mut self, json_root: &'static str, body: B) -> Self
    where
        B: Build,
        B::Output: Object + Serialize,
    {
        match body.build() {
            Ok(body) => self.parts.body(json_root, &body),
            Err(broken) => self.errors.extend(broken),
        }
        self
    }

    /// Sends `$useMinimumVersion` with the version the code was generated for, unless the call
    /// sets `$useMinimumVersion` itself.
    pub fn use_generated_version(mut self) -> Self {
        self.use_generated_version = true;
        self
    }

    /// Checks that nothing broke a rule, then sends the request and decodes the answer. If any
    /// rule is broken, nothing is sent and the error lists every violation. A POST is never
    /// retried.
    pub fn send(self) -> Sending<R, C> {
        Sending {
            exchange: self.start(),
            answer: PhantomData,
        }
    }

    /// Like [`send`](Self::send), and also answers the HTTP status and response headers.
    pub fn send_with_response(self) -> SendingWithResponse<R, C> {
        SendingWithResponse {
            exchange: self.start(),
            answer: PhantomData,
        }
    }

    /// The exchange is one future type for every operation (boxed once, compiled once); only
    /// decoding the answer is specific to the operation, and it is compiled where the future
    /// is polled.
    fn start(self) -> Exchange {
        let (client, root) = (self.client.clone(), self.response_root);
        let state = match self.prepare() {
            Ok((client, parts)) => State::Sending(exchange(client, C::OPERATION, parts)),
            Err(failure) => State::Refused(Some(failure)),
        };
        Exchange {
            client,
            root,
            state,
        }
    }

    fn prepare(self) -> Result<(Client, RequestParts), Failure> {
        if !self.errors.is_empty() {
            return Err(Failure::Validation(self.errors));
        }
        let path = render_path(C::OPERATION.path_template, &self.path)?;
        let mut parts = self.parts.with_path(path);
        if self.use_generated_version && !parts.has_query("$useMinimumVersion") {
            parts.query("$useMinimumVersion", C::OPERATION.version);
        }
        Ok((self.client, parts))
    }

    fn int32(&mut self, name: &'static str, value: i64) -> i64 {
        if let Err((rule, shown)) = i32::from_input(value) {
            self.errors.push(Violation::new(name, rule, Some(shown)));
        }
        value
    }
}

/// What the exchange of a request ends in: the status, headers and body of the documented
/// success status, or what went wrong.
type Exchanged = Result<(u16, HeaderMap, Vec<u8>), Failure>;

/// Starts the exchange of a prepared request: not generic, so one future type serves every
/// operation.
fn exchange(
    client: Client,
    operation: crate::wire::operation::Operation,
    parts: RequestParts,
) -> Pin<Box<dyn Future<Output = Exchanged> + Send>> {
    Box::pin(async move { client.exchange(&operation, parts).await })
}

enum State {
    /// Input broke a rule (or the path could not be rendered): nothing is sent.
    Refused(Option<Failure>),
    Sending(Pin<Box<dyn Future<Output = Exchanged> + Send>>),
}

/// The part of a call on its way that every operation shares.
struct Exchange {
    client: Client,
    root: &'static str,
    state: State,
}

impl Exchange {
    fn poll(&mut self, cx: &mut Context<'_>) -> Poll<Exchanged> {
        let exchanged = match &mut self.state {
            State::Sending(future) => match future.as_mut().poll(cx) {
                Poll::Ready(exchanged) => exchanged,
                Poll::Pending => return Poll::Pending,
            },
            State::Refused(failure) => Err(failure.take().unwrap_or_else(|| Failure::Encode {
                reason: "the call's future was polled after it completed".to_owned(),
            })),
        };
        self.state = State::Refused(None);
        Poll::Ready(exchanged)
    }

    fn decode<R: Answer>(&self, status: u16, body: &[u8]) -> Result<R::Output, Failure> {
        R::decode(&self.client, status, body, self.root)
    }

    fn describe(&self, f: &mut fmt::Formatter<'_>, name: &str) -> fmt::Result {
        let state = match self.state {
            State::Refused(_) => "refused",
            State::Sending(_) => "sending",
        };
        f.debug_struct(name)
            .field("state", &state)
            .finish_non_exhaustive()
    }
}

/// A call on its way, from [`Call::send`]: a future of its answer that owns everything it
/// needs, so it can be stored, named in a struct, or handed to `tokio::spawn`.
#[must_use = "a call is sent only when its future is awaited"]
pub struct Sending<R, C> {
    exchange: Exchange,
    answer: PhantomData<fn() -> (R, C)>,
}

impl<R: Answer, C: ErrorCodes> Future for Sending<R, C> {
    type Output = Result<R::Output, CallError<C>>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let exchange = &mut self.get_mut().exchange;
        exchange.poll(cx).map(|exchanged| {
            let (status, _, body) = exchanged.map_err(CallError::from_failure)?;
            exchange
                .decode::<R>(status, &body)
                .map_err(CallError::from_failure)
        })
    }
}

impl<R, C> fmt::Debug for Sending<R, C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.exchange.describe(f, "Sending")
    }
}

/// Like [`Sending`], from [`Call::send_with_response`]: the answer comes with its HTTP status
/// and headers.
#[must_use = "a call is sent only when its future is awaited"]
pub struct SendingWithResponse<R, C> {
    exchange: Exchange,
    answer: PhantomData<fn() -> (R, C)>,
}

impl<R: Answer, C: ErrorCodes> Future for SendingWithResponse<R, C> {
    type Output = Result<Response<R::Output>, CallError<C>>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let exchange = &mut self.get_mut().exchange;
        exchange.poll(cx).map(|exchanged| {
            let (status, headers, body) = exchanged.map_err(CallError::from_failure)?;
            let body = exchange
                .decode::<R>(status, &body)
                .map_err(CallError::from_failure)?;
            Ok(Response {
                status,
                headers,
                body,
            })
        })
    }
}

impl<R, C> fmt::Debug for SendingWithResponse<R, C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.exchange.describe(f, "SendingWithResponse")
    }
}

/// The path template with each `{name}` replaced by its rendered value.
fn render_path(template: &str, values: &[(&'static str, String)]) -> Result<String, Failure> {
    let mut path = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        path.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let close = after.find('}').unwrap_or(after.len());
        let name = &after[..close];
        // The last value set wins: a setter overrides a documented default set before it.
        match values.iter().rev().find(|(n, _)| *n == name) {
            Some((_, value)) => path.push_str(value),
            None => {
                return Err(Failure::Encode {
                    reason: format!("the path parameter `{name}` has no value"),
                });
            }
        }
        rest = after.get(close + 1..).unwrap_or("");
    }
    path.push_str(rest);
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_render_every_placeholder_and_refuse_a_missing_one() {
        let values = [("a", "1".to_owned()), ("b", "x%2Fy".to_owned())];
        assert_eq!(
            render_path("/p/{a}/q/{b}", &values).unwrap(),
            "/p/1/q/x%2Fy"
        );
        assert!(render_path("/p/{c}", &values).is_err());
        assert_eq!(render_path("/plain", &[]).unwrap(), "/plain");
    }
}
