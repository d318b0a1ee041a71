//! Layer 3, errors: everything a call or a login can end with. RamBase's error body
//! ([`ApiError`](api_error::ApiError)), [`CallError`](call_error::CallError) and its parts,
//! [`LoginError`](login::LoginError), [`BuildError`](build::BuildError) and the TLS
//! classification. Depends on `values` and `wire`.

pub mod api_error;
pub mod build;
pub mod call_error;
pub mod login;
pub mod tls;
