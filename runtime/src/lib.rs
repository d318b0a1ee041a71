//! Hand-written runtime shared by every generated RamBase API resource.
//!
//! The generated crate (`rambase-api`) stays thin: it holds models, per-field checks and one
//! function per operation. Everything they share lives here:
//!
//! - [`validate`]: the rules a documented field can carry, and the list of violations that a
//!   request which fails them produces before anything is sent.
//! - [`json`] and [`xml`]: request and response bodies on the wire (RamBase wraps JSON bodies in
//!   one root property; XML uses PascalCase element names).
//! - [`Client`] and its [`ClientBuilder`]: base URL, access token, default `$db`/`$lang`,
//!   timeouts and response [`Format`]; [`Client::send`] executes one [`Operation`] described by
//!   [`RequestParts`].
//! - [`CallError`] and [`ApiError`]: everything that can go wrong in a call, with RamBase's error
//!   body parsed in each shape it comes in.
//!
//! The crates that generated code needs are re-exported ([`serde`], [`serde_json`], [`chrono`],
//! [`regex`], [`reqwest`]), so a downstream crate depends on `rambase-runtime` alone and writes
//! `#[serde(crate = "::rambase_runtime::serde")]` on its derives.
//!
//! The access token is never printed: see [`AccessToken`].
#![deny(missing_docs)]

pub mod json;
pub mod validate;
pub mod xml;

mod api_error;
mod call_error;
mod client;
#[cfg(test)]
mod http_tests;
mod request;
mod text;
mod token;

pub use api_error::{ApiError, ErrorParameter};
pub use call_error::{CallError, TimeoutError, TransportError};
pub use client::{
    BuildError, Client, ClientBuilder, DEFAULT_BASE_URL, DEFAULT_CONNECT_TIMEOUT,
    DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT, DEFAULT_USER_AGENT, Format,
};
pub use request::{Operation, RequestParts, encode_path_segment};
pub use token::{AccessToken, InvalidAccessToken};

/// Re-export of `chrono`: `Date` and `Datetime` fields are `chrono::NaiveDate` and
/// `chrono::DateTime<chrono::FixedOffset>`.
pub use chrono;
/// Re-export of `regex`, the engine behind [`validate::Pattern`] (the generator checks patterns
/// with the same crate).
pub use regex;
/// Re-export of `reqwest`, for callers who hand in their own `reqwest::Client` and for
/// [`reqwest::Method`] in [`Operation`].
pub use reqwest;
/// Re-export of `serde`: generated models derive through `::rambase_runtime::serde`.
pub use serde;
/// Re-export of `serde_json`, for generated code that handles raw JSON values.
pub use serde_json;
