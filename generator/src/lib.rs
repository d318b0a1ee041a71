//! The generator tools: everything of [`generator_core`] (re-exported here, so
//! `generator::Config` keeps working), plus what only the `generator` command needs: the
//! OpenAPI importer and exporter ([`openapi`]), `diff`'s report ([`diff`]) and finding a
//! project's folders ([`project`]).
//!
//! A build script should depend on `generator-core`, which compiles without these.
#![deny(missing_docs)]

pub use generator_core::*;

pub mod diff;
pub mod openapi;
pub mod project;
