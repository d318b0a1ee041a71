//! Hand-written runtime shared by every generated RamBase API resource.
//!
//! The generated crate (`rambase-api`) stays thin: it declares models, the rules of checked
//! values and one call type per operation. Everything they share is written once, here:
//!
//! - [`Checked`] and [`Rules`]: values that always satisfy their documented rules;
//!   [`validate`]: the rules, and the list of violations a call reports before sending anything.
//! - [`Object`] (in [`object`]): models on the wire, in [`json`] (wrapped in one root property)
//!   and [`xml`] (PascalCase elements), read and written without a serde derive per model;
//!   [`ExtraFields`] keeps custom fields and properties a model does not declare, and
//!   [`Decimal`] fields stay exact on the wire ([`decimal`]).
//! - [`Client`] and its [`ClientBuilder`]: base URL, access token, default `$db`/`$lang`,
//!   timeouts and response [`Format`]. [`Call`] is one prepared call: it checks every input,
//!   sends nothing if a rule is broken, and decodes the documented answer.
//! - [`CallError`]: everything that can go wrong in a call, specific to the operation through
//!   its documented [`ErrorCodes`], with RamBase's error body ([`ApiError`]) parsed in each shape
//!   it comes in.
//! - [`Page`] and [`Paging`]: one page of a list answer in either format; [`Pages`] and
//!   [`Items`] stream a list call page after page (or item after item), following
//!   `nextPageKey`.
//!
//! The crates that generated code needs are re-exported ([`serde`], [`serde_json`], [`chrono`],
//! [`regex`], [`reqwest`]), so a downstream crate depends on `rambase-runtime` alone. The access
//! token is never printed: see [`AccessToken`].
//!
//! The client can log in itself (client credentials, password, refresh token, authorization
//! code with PKCE) and renews its token: see "Logging in" in [`auth`].
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
//! Generated code is made of these pieces; an operation can be written with them directly.
//!
//! ```no_run
//! use rambase_runtime::object::{Fields, FieldsIn};
//! use rambase_runtime::validate::{Rule, ValidationErrors};
//! use rambase_runtime::{reqwest::Method, Call, Checked, Client, ErrorCodes, Object, Operation, Rules};
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
//! rambase_runtime::impl_serde!(Phone);
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

pub mod auth;
pub mod decimal;
pub mod json;
pub mod object;
pub mod validate;
pub mod xml;

mod api_error;
mod call;
mod call_error;
#[cfg(test)]
mod call_tests;
mod checked;
mod client;
mod crypto;
mod extra;
#[cfg(test)]
mod http_tests;
#[cfg(test)]
mod leak_tests;
#[cfg(test)]
mod list_tests;
mod page;
mod pages;
#[cfg(test)]
mod pages_tests;
mod redact;
mod request;
mod retry;
mod secret;
#[cfg(test)]
mod test_server;
mod text;
mod tls;
#[cfg(test)]
mod tls_tests;
mod token;
mod trace;
#[cfg(test)]
mod values_tests;
mod xml_de;

pub use api_error::{ApiError, ErrorParameter};
pub use call::{Answer, Call, NoContent, Response, Sending, SendingWithResponse};
pub use call_error::{CallError, ErrorCodes, TimeoutError, TransportError};
pub use checked::{Checked, Rules, Scalar};
pub use client::{
    BuildError, Client, ClientBuilder, DEFAULT_BASE_URL, DEFAULT_CONNECT_TIMEOUT,
    DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT, DEFAULT_USER_AGENT, Format,
};
pub use crypto::install_crypto_provider;
pub use extra::{ExtraFields, ExtraFieldsIter};
pub use object::{Build, Key, Object};
pub use page::{Page, Paging};
pub use pages::{Items, Pages};
pub use request::{Operation, RequestParts, encode_path_segment};
pub use retry::RetryPolicy;
pub use secret::{AuthorizationCode, ClientSecret, Password, RefreshToken};
pub use tls::TlsProblem;
pub use token::{AccessToken, InvalidAccessToken};
pub use validate::{Check, Rule, ValidationErrors};

/// Re-export of `chrono`: `Date` and `Datetime` fields are `chrono::NaiveDate` and
/// `chrono::DateTime<chrono::FixedOffset>`.
pub use chrono;
/// Re-export of `regex`, the engine behind [`validate::Pattern`] (the generator checks patterns
/// with the same crate).
pub use regex;
/// Re-export of `reqwest`, for callers who hand in their own `reqwest::Client` and for
/// [`reqwest::Method`] in [`Operation`].
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
