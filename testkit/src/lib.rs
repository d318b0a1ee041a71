//! The workspace's one test kit (dev-only, never published): what the runtime's unit tests,
//! the `tests` crate, the downstream example's tests and the generator's tests, benches and
//! examples share.
//!
//! - [`Server`]: a loopback HTTP/1.1 server on `127.0.0.1`. A test scripts its answers with a
//!   closure from [`Request`] to [`Reply`] and reads back every request that arrived.
//! - [`raw`]: hand-made HTTP, only for what no server crate sends on purpose: cut bodies,
//!   stalls, bad status lines, a body that runs until the connection closes. A [`Reply::raw`]
//!   puts such bytes on the wire of one request of a [`Server`]; [`raw::listen`] serves a
//!   socket by hand.
//! - [`rambase`]: RamBase's error body and wire formats, for servers that answer like it.
//! - [`phone_server`]: a stand-in for resource 3119 v5, for the faults the generated typed
//!   mock (`rambase_runtime::mock`) cannot produce: a fixed token checked on the wire, an
//!   echoed token, truncated and oversized bodies, token refresh races.
//! - [`files`], [`rustc_check`], [`synth`], [`big_openapi`]: workspace files, a `rustc` type
//!   check against the runtime, and synthetic specs and OpenAPI documents.
//!
//! # Why hyper
//!
//! The server is hyper 1 (`server`, `http1`) with hyper-util's tokio glue: it is the HTTP
//! stack the client under test already uses through reqwest, so it adds little to the build
//! (hyper's server half and `httpdate`), it parses requests as a production server would, and
//! it is among the most used and best kept HTTP crates. Heavier frameworks (axum, warp) would add
//! routing layers the tests do not need, and mock crates (wiremock, httpmock) cannot produce the
//! faults the tests inject.
//!
//! The kit does not depend on `rambase-runtime`: the runtime's own unit tests use it, and a
//! dependency back would give them two copies of the runtime's types.

pub mod big_openapi;
pub mod files;
pub mod phone_server;
pub mod rambase;
pub mod raw;
mod reply;
mod request;
pub mod rustc_check;
mod server;
pub mod synth;

pub use files::{copy_dir, mirror_dir, rust_files, workspace_root};
pub use reply::{RawReply, Reply};
pub use request::{Request, parse_query, percent_decode, percent_encode};
pub use server::{Bound, Server};

/// Whether CI asks for full strength (`RAMBASE_FULL_PROPERTIES=1`, set by `.ci/run`): the
/// heavy properties run all their cases, and the tests that run cargo in a scratch workspace
/// (which resolves the dependencies' features its own way and compiles them all once more,
/// about a minute on a fresh clone) run. Locally they run lighter or not at all.
pub fn full_strength() -> bool {
    std::env::var_os("RAMBASE_FULL_PROPERTIES").is_some_and(|v| v == "1")
}
