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
//! [`regex`], [`reqwest`]), so a downstream crate depends on `rambase-runtime` alone. Generated
//! models implement serde's traits through [`de`] and [`ser`] rather than derives, so neither
//! they nor the runtime need `serde_derive` (and its `syn` build); a crate that derives for its
//! own types enables serde's `derive` feature itself.
//!
//! The access token is never printed: see [`AccessToken`]. The client can log in itself
//! (client credentials, password, refresh token, authorization code with PKCE) and renews its
//! token: see "Logging in" in [`auth`].
//!
//! # An operation written by hand
//!
//! Generated code calls the same pieces (with its own serde impls, a builder and an error
//! enum per operation). This example derives, so it needs serde's `derive` feature.
//!
//! ```no_run
//! use rambase_runtime::validate::{check_minimum, ValidationErrors};
//! use rambase_runtime::xml::{ToXml, XmlWriter};
//! use rambase_runtime::{reqwest::Method, CallError, Client, Operation, RequestParts};
//!
//! #[derive(rambase_runtime::serde::Serialize)]
//! #[serde(crate = "::rambase_runtime::serde")]
//! pub struct PhoneRequest {
//!     #[serde(rename = "phoneNumber")]
//!     pub phone_number: String,
//! }
//! impl ToXml for PhoneRequest {
//!     fn write_xml(&self, w: &mut XmlWriter) {
//!         w.element("PhoneNumber", &self.phone_number);
//!     }
//! }
//!
//! #[derive(Debug, rambase_runtime::serde::Deserialize)]
//! #[serde(crate = "::rambase_runtime::serde")]
//! pub struct Phone {
//!     #[serde(rename = "phoneId", alias = "PhoneId")]
//!     pub phone_id: Option<i32>,
//!     #[serde(rename = "createdAt", alias = "CreatedAt")]
//!     pub created_at: Option<
//!         rambase_runtime::chrono::DateTime<rambase_runtime::chrono::FixedOffset>,
//!     >,
//! }
//!
//! const ADD_CONTACT_PHONE: Operation = Operation::new(
//!     Method::POST,
//!     "/collaboration/contacts/{contactId}/phones",
//!     3119,
//!     5,
//!     201,
//! );
//!
//! pub async fn add_contact_phone(
//!     client: &Client,
//!     contact_id: i32,
//!     request: &PhoneRequest,
//!     lang: Option<&str>,
//! ) -> Result<Phone, CallError> {
//!     let mut errors = ValidationErrors::new();
//!     check_minimum(&mut errors, "contactId", 100_000, contact_id.into());
//!     errors.into_result(())?;
//!     let mut parts = RequestParts::new(format!("/collaboration/contacts/{contact_id}/phones"));
//!     parts.optional_query("$lang", lang);
//!     parts.body("phone", "Phone", request);
//!     client.send(&ADD_CONTACT_PHONE, parts, "phone").await
//!     // A per-operation error enum matches `CallError::Api(e)` on `e.code()` (101015, ...).
//! }
//! ```
#![deny(missing_docs)]

pub mod auth;
pub mod de;
pub mod json;
pub mod ser;
pub mod validate;
pub mod xml;

mod api_error;
mod call_error;
mod call_messages;
#[cfg(test)]
mod call_tests;
mod client;
mod crypto;
#[cfg(test)]
mod http_tests;
#[cfg(test)]
mod leak_tests;
mod redact;
mod request;
mod retry;
mod secret;
#[cfg(test)]
mod test_server;
mod text;
mod token;
mod trace;

pub use api_error::{ApiError, ErrorParameter};
pub use call_error::{CallError, TimeoutError, TransportError};
pub use client::{
    BuildError, Client, ClientBuilder, DEFAULT_BASE_URL, DEFAULT_CONNECT_TIMEOUT,
    DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT, DEFAULT_USER_AGENT, Format,
};
pub use crypto::install_crypto_provider;
pub use request::{Operation, RequestParts, encode_path_segment};
pub use retry::RetryPolicy;
pub use secret::{AuthorizationCode, ClientSecret, Password, RefreshToken};
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
