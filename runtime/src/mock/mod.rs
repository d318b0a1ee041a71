//! A RamBase mock server for testing code that uses a generated client (feature `mock`).
//!
//! [`MockServer::start`] runs a real HTTP/1 server on `127.0.0.1`, with RamBase's OAuth token
//! endpoint: it issues access tokens for its client credentials, refuses other credentials as
//! RamBase does (HTTP 401, `error_code` 2), and refuses API requests without one of its tokens
//! (HTTP 401 with RamBase's error body). [`MockServer::client`] is a [`Client`] that logs in to
//! it, so the code under test talks real HTTP through the real client.
//!
//! Answers come from stubs. A generated crate built with its `mock` feature has one typed stub
//! builder per operation version (`add_contact_phone::mock::v5::AddContactPhoneStub` for
//! `add_contact_phone::v5::AddContactPhone`, `mock::latest` for the newest): its matchers take
//! the same types as the call, its answers the operation's response model, its error-code enum
//! (RamBase's error body with the documented status), any status, a delay or a cut
//! connection, and for a list the items and a page size: the mock then pages them with opaque
//! `$pageKey`s and RamBase's paging object, honouring `$top` up to the documented maximum,
//! and can fail one page of them (`fail_page`), so a client's paging breaks midway. A
//! request with `$format=xml` gets XML. Every answer is built here, once, from a [`Stub`].
//!
//! Stubs are tried in the order they were mounted; one limited by
//! [`Stub::up_to_n_times`] stands aside once it has answered that many, so a transient fault
//! can come before the answer.
//!
//! A request no stub matches is answered HTTP 404 with an error body that names the closest
//! stub and how the request differs from it; [`MockServer::verify`] (also run when the server
//! is dropped, unless the thread is already panicking) fails on it and on every stub whose
//! expected call count ([`Stub::times`]) was not met. [`Mounted`] gives the requests a stub
//! received, their bodies decoded into the request model.
//!
//! ```ignore
//! let mock = MockServer::start().await;
//! let stub = AddContactPhoneStub::new()
//!     .contact_id(100_001)
//!     .respond(Phone::default())
//!     .times(1)
//!     .mount(&mock);
//! my_service(&mock.client()).await?;
//! assert_eq!(stub.bodies()[0].phone_number.as_str(), "+47 22 33 44 55");
//! ```
//!
//! Why a server of its own on hyper rather than `wiremock` or `httpmock`: hyper is already in
//! every build through reqwest, so the feature adds no crate; a server of our own can cut a
//! connection or hold an answer, which those cannot (a cut connection is a fault the client
//! must handle); and their matchers are untyped JSON, where ours take the generated types.

mod diagnose;
mod reply;
mod request;
mod server;
mod stub;

use std::fmt;
use std::marker::PhantomData;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use serde::de::DeserializeOwned;

use crate::auth::Login;
use crate::http::client::{Client, ClientBuilder};
use crate::values::secret::ClientSecret;
use crate::wire::object::Object;

pub use request::Received;
pub use stub::{NoBody, Stub};

use stub::{StubSpec, Times};

/// The client id [`MockServer::start`] issues tokens for.
pub const MOCK_CLIENT_ID: &str = "mock-client";
/// The client secret [`MockServer::start`] issues tokens for.
pub const MOCK_CLIENT_SECRET: &str = "mock-secret";
/// The path of the mock's token endpoint, as RamBase's (`/oauth2/access_token`).
pub const TOKEN_PATH: &str = "/oauth2/access_token";

/// A running mock of the RamBase API on `127.0.0.1`; it stops when dropped.
///
/// Dropping it runs [`verify`](Self::verify) (unless the thread is panicking already).
pub struct MockServer {
    state: Arc<State>,
    task: tokio::task::JoinHandle<()>,
}

/// What the server and the test share.
pub(crate) struct State {
    pub(crate) url: String,
    pub(crate) client_id: String,
    pub(crate) client_secret: String,
    pub(crate) tokens: Mutex<Vec<String>>,
    pub(crate) stubs: Mutex<Vec<Arc<Entry>>>,
    pub(crate) unmatched: Mutex<Vec<Unmatched>>,
}

/// A mounted stub and the requests it matched.
pub(crate) struct Entry {
    pub(crate) number: usize,
    pub(crate) spec: StubSpec,
    pub(crate) hits: Mutex<Vec<Received>>,
}

/// A request no stub matched, with the diagnostic it was answered.
#[derive(Clone, Debug)]
pub struct Unmatched {
    /// The request.
    pub request: Received,
    /// Which stub came closest and how the request differed from it.
    pub diagnostic: String,
}

impl fmt::Display for Unmatched {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.diagnostic)
    }
}

/// Locks `m`, going on with the data if a test panicked while holding it.
pub(crate) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl MockServer {
    /// Starts a mock server on a free port of `127.0.0.1` that issues tokens for
    /// [`MOCK_CLIENT_ID`] and [`MOCK_CLIENT_SECRET`]. Needs a Tokio runtime.
    ///
    /// # Panics
    ///
    /// If no loopback port can be bound (see [`try_start`](Self::try_start)).
    pub async fn start() -> MockServer {
        Self::with_credentials(MOCK_CLIENT_ID, MOCK_CLIENT_SECRET).await
    }

    /// Like [`start`](Self::start), issuing tokens only for these client credentials.
    ///
    /// # Panics
    ///
    /// If no loopback port can be bound.
    pub async fn with_credentials(client_id: &str, client_secret: &str) -> MockServer {
        match Self::try_start(client_id, client_secret).await {
            Ok(server) => server,
            Err(e) => panic!("the RamBase mock server could not bind 127.0.0.1: {e}"),
        }
    }

    /// Starts a mock server for these client credentials, or says why it could not bind.
    pub async fn try_start(client_id: &str, client_secret: &str) -> std::io::Result<MockServer> {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0)).await?;
        let state = Arc::new(State {
            url: format!("http://{}", listener.local_addr()?),
            client_id: client_id.to_owned(),
            client_secret: client_secret.to_owned(),
            tokens: Mutex::new(Vec::new()),
            stubs: Mutex::new(Vec::new()),
            unmatched: Mutex::new(Vec::new()),
        });
        let task = tokio::spawn(server::accept_loop(listener, state.clone()));
        Ok(MockServer { state, task })
    }

    /// The base URL (`http://127.0.0.1:PORT`).
    pub fn url(&self) -> &str {
        &self.state.url
    }

    /// The URL of the token endpoint.
    pub fn token_url(&self) -> String {
        format!("{}{TOKEN_PATH}", self.state.url)
    }

    /// The login with the server's client credentials against its token endpoint.
    pub fn login(&self) -> Login {
        let secret = ClientSecret::new(self.state.client_secret.clone());
        Login::client_credentials(self.state.client_id.clone(), secret).token_url(self.token_url())
    }

    /// A client builder for the mock (base URL and login set, a 10 s deadline), to set more.
    pub fn client_builder(&self) -> ClientBuilder {
        Client::builder()
            .base_url(self.url())
            .login(self.login())
            .timeout(Duration::from_secs(10))
    }

    /// A client that logs in to the mock with its client credentials.
    ///
    /// # Panics
    ///
    /// Never for the mock's own URL (a loopback `http` URL the builder accepts).
    pub fn client(&self) -> Client {
        match self.client_builder().build() {
            Ok(client) => client,
            Err(e) => panic!("a client for the mock: {e}"),
        }
    }

    /// Mounts `stub`: from now on it answers the requests it matches (the first mounted
    /// stub that matches a request answers it).
    ///
    /// # Panics
    ///
    /// If a matcher of the stub breaks a documented rule: the client would never send such
    /// a request, so the stub could never match.
    pub fn mount<B>(&self, stub: Stub<B>) -> Mounted<B> {
        let spec = stub.spec;
        if !spec.broken.is_empty() {
            panic!(
                "the stub of {} can never match: {}",
                spec.operation, spec.broken
            );
        }
        if !spec.page_faults.is_empty() && !matches!(spec.reply, reply::Reply::Pages { .. }) {
            panic!(
                "the stub of {} fails a page but serves no pages: answer with its list first",
                spec.operation
            );
        }
        let mut stubs = lock(&self.state.stubs);
        let entry = Arc::new(Entry {
            number: stubs.len() + 1,
            spec,
            hits: Mutex::new(Vec::new()),
        });
        stubs.push(entry.clone());
        Mounted {
            entry,
            body: PhantomData,
        }
    }

    /// Every request no stub matched so far, with its diagnostic.
    pub fn unmatched(&self) -> Vec<Unmatched> {
        lock(&self.state.unmatched).clone()
    }

    /// Takes the unmatched requests, so that `verify` no longer fails on them (for a test
    /// that sends them on purpose).
    pub fn take_unmatched(&self) -> Vec<Unmatched> {
        std::mem::take(&mut *lock(&self.state.unmatched))
    }

    /// Every problem `verify` would fail on: each unmatched request, and each stub whose
    /// expected call count was not met.
    pub fn problems(&self) -> Vec<String> {
        let mut problems: Vec<String> = lock(&self.state.unmatched)
            .iter()
            .map(|u| u.diagnostic.clone())
            .collect();
        for entry in lock(&self.state.stubs).iter() {
            let calls = lock(&entry.hits).len();
            let met = match entry.spec.times {
                None => true,
                Some(Times::Exactly(n)) => calls == n,
                Some(Times::AtLeast(n)) => calls >= n,
            };
            if !met {
                let times = entry.spec.times.map_or(String::new(), |t| t.to_string());
                problems.push(format!(
                    "stub #{} of {} expected {times} call(s), got {calls}",
                    entry.number, entry.spec.operation
                ));
            }
        }
        problems
    }

    /// Panics with every [`problem`](Self::problems): requests no stub matched, and stubs
    /// called another number of times than expected.
    pub fn verify(&self) {
        let problems = self.problems();
        if !problems.is_empty() {
            panic!(
                "the RamBase mock server found problems:\n- {}",
                problems.join("\n- ")
            );
        }
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        self.task.abort();
        if !std::thread::panicking() {
            self.verify();
        }
    }
}

impl fmt::Debug for MockServer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MockServer")
            .field("url", &self.state.url)
            .finish_non_exhaustive()
    }
}

/// A mounted stub: the requests it answered, for assertions on what the code sent.
pub struct Mounted<B = NoBody> {
    entry: Arc<Entry>,
    body: PhantomData<fn() -> B>,
}

impl<B> fmt::Debug for Mounted<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Mounted")
            .field("operation", &self.entry.spec.operation)
            .field("calls", &self.calls())
            .finish()
    }
}

impl<B> Mounted<B> {
    /// How many requests the stub answered.
    pub fn calls(&self) -> usize {
        lock(&self.entry.hits).len()
    }

    /// The requests the stub answered, in order.
    pub fn requests(&self) -> Vec<Received> {
        lock(&self.entry.hits).clone()
    }
}

impl<B: Object + DeserializeOwned> Mounted<B> {
    /// The bodies of the requests the stub answered, decoded into the request model.
    ///
    /// # Panics
    ///
    /// If a body does not decode (a stub without a body matcher also answers those).
    pub fn bodies(&self) -> Vec<B> {
        let root = self.entry.spec.request_root;
        self.requests()
            .iter()
            .map(|r| match r.decode_body::<B>(root) {
                Ok(body) => body,
                Err(e) => panic!("a request to {}: {e}", self.entry.spec.operation),
            })
            .collect()
    }
}
