//! Hand-written runtime shared by every generated RamBase API resource.
//!
//! The generated crate (`rambase-api`) stays thin: it declares models, the rules of checked
//! values and one call type per operation. Everything they share is written once, here. What a
//! user touches is documented at this root:
//!
//! - [`Client`] and its [`ClientBuilder`] ([`BuildError`]): base URL, access token or login,
//!   default `$db`/`$lang`, timeouts, [`RetryPolicy`] and response [`Format`]. A generated call
//!   is a [`Call`]: it checks every input, sends nothing if a rule is broken, and decodes the
//!   documented answer ([`Sending`], [`SendingWithResponse`], [`Response`], [`NoContent`]).
//! - [`CallError`]: everything that can go wrong in a call, specific to the operation through
//!   its documented error codes, with RamBase's error body ([`ApiError`]) parsed in each shape
//!   it comes in; [`TimeoutError`], [`TransportError`] and [`TlsProblem`] tell the rest apart.
//!   A body that could not be read is a [`BodyError`], whatever its format.
//! - [`Page`] and [`Paging`]: one page of a list answer; [`Pages`] and [`Items`] stream a list
//!   call page after page (or item after item), following `nextPageKey`.
//! - [`Checked`] values always satisfy their documented [`Rules`] (each a [`Rule`]); a call
//!   that breaks one reports every [`Violation`] at once in [`ValidationErrors`].
//! - [`Decimal`] fields stay exact on the wire ([`decimal`]); [`ExtraFields`] keeps custom fields
//!   and properties a model does not declare.
//! - Secrets are typed and never printed: [`AccessToken`], [`ClientSecret`], [`Password`],
//!   [`RefreshToken`], [`AuthorizationCode`]. The client can log in itself (client credentials,
//!   password, refresh token, authorization code with PKCE) and renews its token: see "Logging
//!   in" in [`auth`].
//!
//! The crates that generated code needs are re-exported ([`serde`], [`serde_json`], [`chrono`],
//! [`regex`], [`reqwest`]), so a downstream crate depends on `rambase-runtime` alone.
//!
//! What only generated code uses (the `Object` model trait and its field visitors, `Check`,
//! `ErrorCodes`, `Operation`, the `impl_serde!` macros, the JSON and XML codecs) lives in the
//! hidden module `__private`, as in serde: generated files reach the runtime through
//! `use ::rambase_runtime::__private as rt;`. It is not a stable API.
//!
//! # Layers
//!
//! Inside, the crate is six folders, each using only the ones before it (a test,
//! `tests/layers.rs`, fails on an arrow back up):
//!
//! 1. `values/`: checked values, rules, secrets, the access token, text and redaction helpers;
//! 2. `wire/`: models (`Object`), JSON and XML bodies, custom fields, exact decimals, the serde
//!    and XML forms of values, the body error, the format, an operation's facts, URL encoding;
//! 3. `errors/`: RamBase's error body, the call, login and build errors, TLS classification;
//! 4. `auth/`: logins, the token cache, PKCE and the redirect;
//! 5. `http/`: the client, one call, requests, retries, the trace span, the crypto provider;
//! 6. `lists/`: pages and the page and item streams.
//!
//! # A complete use
//!
//! With the generated crate: build the client, call, handle the error.
//!
//! ```ignore
//! use rambase_api::collaboration::add_contact_phone::latest::{AddContactPhoneErrorCode, PhoneRequest};
//! use rambase_api::prelude::*;
//! use rambase_runtime::{AccessToken, CallError, Client};
//!
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! let client = Client::builder()
//!     .access_token(AccessToken::new(std::env::var("RAMBASE_TOKEN")?)?)
//!     .db("MYCOMPANY")
//!     .build()?;
//! let body = PhoneRequest::builder().phone_number("+47 22 33 44 55");
//! match client.add_contact_phone(100_001, body).send().await {
//!     Ok(phone) => println!("created phone {:?}", phone.phone_id),
//!     Err(CallError::Documented(AddContactPhoneErrorCode::PermissionNotFound, e)) => {
//!         eprintln!("no permission: {e}")
//!     }
//!     Err(e) if e.outcome_unknown() => eprintln!("may have been created: {e}"),
//!     Err(e) => eprintln!("{e}"),
//! }
//! # Ok(()) }
//! ```
//!
//! # An operation written by hand
//!
//! Generated code is made of these pieces; an operation can be written with them directly,
//! through `__private` as generated code does (so it may change with the runtime's version).
//!
//! ```no_run
//! use rambase_runtime::__private as rt;
//! use rambase_runtime::{Call, Checked, Client, Rule, Rules, reqwest::Method};
//! use rt::{ErrorCodes, Fields, FieldsIn, Object, Operation};
//!
//! /// The rules of a contact id.
//! pub enum ContactIdRules {}
//! impl Rules for ContactIdRules {
//!     type Value = i32;
//!     const NAME: &'static str = "contactId";
//!     const RULES: &'static [Rule] = &[Rule::Minimum(100_000)];
//! }
//! pub type ContactId = Checked<ContactIdRules>;
//!
//! #[derive(Debug, Default)]
//! pub struct Phone {
//!     pub phone_id: Option<i32>,
//!     pub phone_number: Option<String>,
//! }
//! impl Object for Phone {
//!     const NAME: &'static str = "Phone";
//!     type Builder = Self;
//!     fn write<W: Fields>(&self, w: &mut W) {
//!         w.field("PhoneId", "phoneId", &self.phone_id);
//!         w.field("PhoneNumber", "phoneNumber", &self.phone_number);
//!     }
//!     fn read<R: FieldsIn>(b: &mut Self, r: &mut R) {
//!         r.field("PhoneId", "phoneId", &mut b.phone_id);
//!         r.field("PhoneNumber", "phoneNumber", &mut b.phone_number);
//!     }
//! }
//! rt::impl_serde!(Phone);
//!
//! /// The documented errors of the operation (none here).
//! #[derive(Clone, Copy, Debug, PartialEq)]
//! pub enum AddPhoneErrorCode {}
//! impl ErrorCodes for AddPhoneErrorCode {
//!     const OPERATION: Operation = Operation::new(
//!         Method::POST, "/collaboration/contacts/{contactId}/phones", 3119, 5, 201,
//!     );
//!     const CODES: &'static [(Self, u64, &'static str)] = &[];
//! }
//!
//! # async fn demo(client: Client) {
//! let body = Phone { phone_id: None, phone_number: Some("+47 1".into()) };
//! let call: Call<Phone, AddPhoneErrorCode> = Call::new(&client, "phone")
//!     .path_checked::<ContactIdRules>(100_001)
//!     .query("$lang", "nob")
//!     .body("phone", body);
//! let phone = call.send().await;
//! # let _ = phone; }
//! ```
#![deny(missing_docs)]

// The layers, lowest first; a layer uses only the layers above it in this list
// (`tests/layers.rs` fails on an arrow back up). Tests: a file's own unit tests sit inline
// (`#[cfg(test)] mod tests`), a folder's tests over loopback HTTP in `<folder>/tests/` (they
// need private items; their servers come from the `rambase-testkit` dev-dependency), and tests
// of the public API alone in `runtime/tests/`.
pub mod auth;
mod errors;
mod http;
mod lists;
#[cfg(feature = "mock")]
pub mod mock;
mod values;
mod wire;

pub use errors::api_error::{ApiError, ErrorParameter};
pub use errors::build::BuildError;
pub use errors::call_error::{CallError, TimeoutError, TransportError};
pub use errors::tls::TlsProblem;
pub use http::call::{Call, NoContent, Response, Sending, SendingWithResponse};
pub use http::client::{
    Client, ClientBuilder, DEFAULT_BASE_URL, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_RESPONSE_BYTES,
    DEFAULT_TIMEOUT, DEFAULT_USER_AGENT,
};
pub use http::crypto::install_crypto_provider;
pub use http::retry::RetryPolicy;
pub use lists::page::{Page, Paging};
pub use lists::pages::{Items, Pages};
pub use values::checked::{Checked, Rules, Scalar};
pub use values::rules::{Rule, ValidationErrors, Violation};
pub use values::secret::{AuthorizationCode, ClientSecret, Password, RefreshToken};
pub use values::token::{AccessToken, InvalidAccessToken};
pub use wire::body_error::BodyError;
pub use wire::decimal;
pub use wire::extra::{ExtraFields, ExtraFieldsIter};
pub use wire::format::Format;
pub use wire::object::Build;

/// What only generated code (and a hand-written operation) needs: the model plumbing, the
/// operation's facts, the rule checks and the wire codecs. Not part of the documented API;
/// generated code reaches the runtime through it alone (`use ::rambase_runtime::__private as
/// rt;`), so it also re-exports the public root.
#[doc(hidden)]
pub mod __private {
    pub use crate::*;
    pub use crate::{impl_build, impl_domain, impl_serde};

    pub use crate::errors::call_error::ErrorCodes;
    pub use crate::http::call::Answer;
    pub use crate::http::request::RequestParts;
    pub use crate::values::rules as validate;
    pub use crate::values::rules::{Pattern, check_rules};
    pub use crate::wire::check::Check;
    pub use crate::wire::object::{Fields, FieldsIn, Key, Nested, Object};
    pub use crate::wire::operation::Operation;
    pub use crate::wire::url::encode_path_segment;
    pub use crate::wire::xml::{XmlValue, XmlWriter};
    pub use crate::wire::{json, object, xml};
}

/// Re-export of `chrono`: `Date` and `Datetime` fields are `chrono::NaiveDate` and
/// `chrono::DateTime<chrono::FixedOffset>`.
pub use chrono;
/// Re-export of `regex`, the engine behind the rules' patterns (the generator checks patterns
/// with the same crate).
pub use regex;
/// Re-export of `reqwest`, for callers who hand in their own `reqwest::Client` and for
/// the HTTP method of an operation.
pub use reqwest;
/// Re-export of `rust_decimal`, whose [`Decimal`] is the type of every RamBase Decimal field.
pub use rust_decimal;
/// An exact decimal (96-bit, 28 significant digits): RamBase's Decimal (money, quantities).
/// On the wire, see [`decimal`].
pub use rust_decimal::Decimal;
/// Re-export of `serde`: generated models derive through `::rambase_runtime::serde`.
pub use serde;
/// Re-export of `serde_json`, for generated code that handles raw JSON values.
pub use serde_json;
