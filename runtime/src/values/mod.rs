//! Layer 1, values: what a caller hands in and what must never leak. Checked values and their
//! rules, the typed secrets and the access token, and the text helpers (bounded snippets,
//! redaction) every error uses. Depends on no other layer.

pub mod checked;
pub mod decimal;
pub mod redact;
pub mod rules;
pub mod secret;
pub mod text;
pub mod token;
