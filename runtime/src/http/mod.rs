//! Layer 5, http: the [`Client`](client::Client), one prepared [`Call`](call::Call), the
//! request parts, retries, the tracing span of a call and the TLS crypto provider. Depends on
//! `values`, `wire`, `errors` and `auth` (the client logs in through it).

pub mod call;
pub mod client;
pub mod crypto;
pub mod request;
pub mod retry;
pub mod trace;

#[cfg(test)]
pub(crate) mod tests;
