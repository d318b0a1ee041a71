//! A stub: what a request must look like to match, and what the mock answers it.
//!
//! Generated code wraps a [`Stub`] in one typed builder per operation, whose matchers take the
//! same types as the call and go through the same setters (the same rules, the same encoding),
//! so a value the client sends is a value the stub matches.

use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Duration;

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::errors::call_error::ErrorCodes;
use crate::mock::reply::{PageSource, Reply};
use crate::mock::request::Received;
use crate::values::checked::{Checked, Rules, Scalar};
use crate::values::rules::ValidationErrors;
use crate::wire::object::{Build, Object};

/// No request body: the `B` of a stub whose operation takes none.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NoBody;

/// Compares a received body with the expected one; `Err` says how they differ.
pub(crate) type BodyMatcher = Arc<dyn Fn(&Received) -> Result<(), String> + Send + Sync>;

/// How many times a stub must be called, checked by [`MockServer::verify`](super::MockServer::verify).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Times {
    Exactly(usize),
    AtLeast(usize),
}

impl fmt::Display for Times {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Times::Exactly(n) => write!(f, "exactly {n}"),
            Times::AtLeast(n) => write!(f, "at least {n}"),
        }
    }
}

/// One stub of an operation: matchers on the path, the query and the body, and an answer.
///
/// Built by the generated `<Operation>Stub` types; `B` is the operation's request body model
/// ([`NoBody`] without one), so the bodies a stub received come back typed.
#[must_use = "a stub does nothing until it is mounted on a MockServer"]
pub struct Stub<B = NoBody> {
    pub(crate) spec: StubSpec,
    body: PhantomData<fn() -> B>,
}

/// The untyped part of a stub, shared with the server.
pub(crate) struct StubSpec {
    pub(crate) operation: &'static str,
    pub(crate) method: reqwest::Method,
    pub(crate) template: &'static str,
    pub(crate) success: u16,
    pub(crate) path: Vec<(&'static str, String)>,
    pub(crate) query: Vec<(&'static str, String)>,
    pub(crate) body: Option<(String, BodyMatcher)>,
    pub(crate) request_root: &'static str,
    pub(crate) reply: Reply,
    /// Answers that replace single pages of a paged list: (page, 1 for the first; answer).
    pub(crate) page_faults: Vec<(usize, Reply)>,
    pub(crate) delay: Option<Duration>,
    pub(crate) times: Option<Times>,
    /// The most requests the stub answers; later ones go to the next stub that matches.
    pub(crate) limit: Option<usize>,
    pub(crate) broken: ValidationErrors,
}

impl<B> fmt::Debug for Stub<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Stub")
            .field("operation", &self.spec.operation)
            .field("path", &self.spec.path)
            .field("query", &self.spec.query)
            .field("body", &self.spec.body.as_ref().map(|b| &b.0))
            .finish_non_exhaustive()
    }
}

impl<B> Stub<B> {
    /// A stub of the operation `C` belongs to (`operation` names it in diagnostics; its
    /// request body, if any, has the JSON root `request_root`) that matches every request of
    /// its method and path template and answers the success status with no body until an
    /// answer is set.
    pub fn new<C: ErrorCodes>(operation: &'static str, request_root: &'static str) -> Self {
        let op = C::OPERATION;
        Self {
            spec: StubSpec {
                operation,
                method: op.method,
                template: op.path_template,
                success: op.success_status,
                path: Vec::new(),
                query: Vec::new(),
                body: None,
                request_root,
                reply: Reply::Status(op.success_status),
                page_faults: Vec::new(),
                delay: None,
                times: None,
                limit: None,
                broken: ValidationErrors::new(),
            },
            body: PhantomData,
        }
    }

    fn path(mut self, name: &'static str, text: String) -> Self {
        self.spec.path.retain(|(n, _)| *n != name);
        self.spec.path.push((name, text));
        self
    }

    /// Matches the path parameter `name` as text.
    pub fn path_text(self, name: &'static str, value: impl Into<String>) -> Self {
        self.path(name, value.into())
    }

    /// Matches the 32-bit integer path parameter `name`.
    pub fn path_int(self, name: &'static str, value: impl Into<i64>) -> Self {
        self.path(name, value.into().to_string())
    }

    /// Matches the path parameter `name` shown as a `V` (a long, a date).
    pub fn path_as<V: fmt::Display>(self, name: &'static str, value: impl Into<V>) -> Self {
        self.path(name, value.into().to_string())
    }

    /// Matches the path parameter `Q::NAME`; a value that breaks a rule of `Q` (one the client
    /// would never send) makes [`mount`](super::MockServer::mount) panic with the rule.
    pub fn path_checked<Q: Rules>(mut self, value: impl Into<<Q::Value as Scalar>::Input>) -> Self {
        match Checked::<Q>::new(value) {
            Ok(value) => self.path(Q::NAME, value.to_string()),
            Err(broken) => {
                self.spec.broken.extend(broken);
                self
            }
        }
    }

    /// Matches the query parameter `name` (`$db`, `$lang`, ...) as text.
    pub fn query(mut self, name: &'static str, value: impl ToString) -> Self {
        self.spec.query.retain(|(n, _)| *n != name);
        self.spec.query.push((name, value.to_string()));
        self
    }

    /// Matches the query parameter `name` with a `V` (what a typed setter takes).
    pub fn query_as<V: ToString>(self, name: &'static str, value: impl Into<V>) -> Self {
        self.query(name, value.into())
    }

    /// Matches the 32-bit integer query parameter `name`.
    pub fn query_int(self, name: &'static str, value: impl Into<i64>) -> Self {
        self.query(name, value.into())
    }

    /// Matches the query parameter `Q::NAME` (`$top`); a value that breaks a rule of `Q`
    /// makes [`mount`](super::MockServer::mount) panic.
    pub fn query_checked<Q: Rules>(
        mut self,
        value: impl Into<<Q::Value as Scalar>::Input>,
    ) -> Self {
        match Checked::<Q>::new(value) {
            Ok(value) => self.query(Q::NAME, value),
            Err(broken) => {
                self.spec.broken.extend(broken);
                self
            }
        }
    }

    /// Matches the comma-separated list `name` (`$select=Name,CustomerId`), in this order.
    pub fn query_list(
        self,
        name: &'static str,
        values: impl IntoIterator<Item = impl AsRef<str>>,
    ) -> Self {
        let list: Vec<String> = values.into_iter().map(|v| v.as_ref().to_owned()).collect();
        self.query(name, list.join(","))
    }

    /// Waits `delay` before answering (to test the caller's timeouts).
    pub fn delay(mut self, delay: Duration) -> Self {
        self.spec.delay = Some(delay);
        self
    }

    /// Answers nothing and closes the connection once the request is read.
    pub fn cut_connection(mut self) -> Self {
        self.spec.reply = Reply::Cut;
        self
    }

    /// Answers HTTP `status` with an empty body.
    pub fn status(mut self, status: u16) -> Self {
        self.spec.reply = Reply::Status(status);
        self
    }

    /// Answers HTTP `status` with `body` as it is, in either format (a proxy page, a body of
    /// another shape).
    pub fn raw(
        mut self,
        status: u16,
        content_type: &'static str,
        body: impl Into<Vec<u8>>,
    ) -> Self {
        self.spec.reply = Reply::Raw(status, content_type, body.into());
        self
    }

    /// Answers the success status with `value` under the JSON root `root` (or as the XML
    /// element of its object when the request asks for `$format=xml`).
    pub fn respond_with<T: Object + Serialize>(mut self, root: &str, value: &T) -> Self {
        self.spec.reply = Reply::object(self.spec.success, root, value);
        self
    }

    /// Answers the documented error `code` with HTTP `status`: RamBase's error body with the
    /// code and its documented message.
    pub fn fail<C: ErrorCodes>(mut self, code: C, status: u16) -> Self {
        self.spec.reply = Reply::Error {
            status,
            code: code.code(),
            message: code.documented_message().to_owned(),
        };
        self
    }

    /// Answers RamBase's error body with any `code`, `status` and `message`.
    pub fn fail_with(mut self, status: u16, code: u64, message: impl Into<String>) -> Self {
        self.spec.reply = Reply::Error {
            status,
            code,
            message: message.into(),
        };
        self
    }

    /// Serves `items` as a paged list under the JSON root `root`: `page_size` items a page
    /// when the request sends no `$top`, and `$top` items (up to `max_top`) when it does.
    /// Pages are linked with opaque `$pageKey`s and RamBase's paging object.
    pub fn pages<T>(
        mut self,
        root: &'static str,
        items: Vec<T>,
        page_size: usize,
        max_top: usize,
    ) -> Self
    where
        T: Object + Serialize + Clone + Send + Sync + 'static,
    {
        let source = PageSource::new(root, items);
        self.spec.reply = Reply::Pages {
            source,
            page_size: page_size.max(1),
            max_top: max_top.max(1),
        };
        self
    }

    /// With [`pages`](Self::pages): answers page `page` (1 for the first, counted in pages of
    /// the size the request asks for) with the documented error `code` and HTTP `status`
    /// instead of its items. The other pages are served as before, so a client's paging
    /// fails midway. [`mount`](super::MockServer::mount) panics when the stub serves no pages.
    pub fn fail_page<C: ErrorCodes>(self, page: usize, code: C, status: u16) -> Self {
        let message = code.documented_message().to_owned();
        self.fail_page_with(page, status, code.code(), message)
    }

    /// With [`pages`](Self::pages): answers page `page` with RamBase's error body of any
    /// `status`, `code` and `message`; see [`fail_page`](Self::fail_page).
    pub fn fail_page_with(
        mut self,
        page: usize,
        status: u16,
        code: u64,
        message: impl Into<String>,
    ) -> Self {
        let reply = Reply::Error {
            status,
            code,
            message: message.into(),
        };
        self.spec.page_faults.retain(|(p, _)| *p != page);
        self.spec.page_faults.push((page, reply));
        self
    }

    /// Expects exactly `n` matching requests; checked by `verify` and when the server drops.
    pub fn times(mut self, n: usize) -> Self {
        self.spec.times = Some(Times::Exactly(n));
        self
    }

    /// Expects at least `n` matching requests.
    pub fn at_least(mut self, n: usize) -> Self {
        self.spec.times = Some(Times::AtLeast(n));
        self
    }

    /// Answers at most `n` matching requests; later ones go to the next mounted stub that
    /// matches. Mount a stub of a transient fault with `up_to_n_times(1)` before the stub of
    /// the answer that follows it, and a retried call meets both.
    pub fn up_to_n_times(mut self, n: usize) -> Self {
        self.spec.limit = Some(n);
        self
    }
}

impl<B> Stub<B>
where
    B: Object + Serialize + DeserializeOwned + PartialEq + fmt::Debug + Send + Sync + 'static,
{
    /// Matches requests whose body, decoded into `B` (JSON or XML), equals `body` (a builder
    /// is built first; a broken rule makes `mount` panic).
    pub fn body(mut self, body: impl Build<Output = B>) -> Self {
        let expected = match body.build() {
            Ok(expected) => expected,
            Err(broken) => {
                self.spec.broken.extend(broken);
                return self;
            }
        };
        let shown = format!("{expected:?}");
        let json_root = self.spec.request_root;
        let matcher: BodyMatcher = Arc::new(move |received: &Received| {
            let got: B = received.decode_body(json_root)?;
            if got == expected {
                Ok(())
            } else {
                Err(format!(
                    "the body differs: expected {expected:?}, got {got:?}"
                ))
            }
        });
        self.spec.body = Some((shown, matcher));
        self
    }
}
