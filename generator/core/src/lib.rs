//! Generates typed Rust models, validation and an HTTP client from YAML specs of RamBase
//! API resources: the library a build script depends on ([`Config`]). The `generator` command,
//! `diff`'s printing and the OpenAPI importer and exporter live in the `generator` tools crate,
//! so a build script does not compile them.
//!
//! The pipeline runs one way: spec files → `spec` (located raw values) → `lower` (the
//! validated [`ir`]) → `emit` (token streams) → `format` (source text) → [`write`](mod@write).
//! Those phases are internal; [`phases`] runs them one at a time for benchmarks and tests.
//! Every phase collects all of its problems and the pipeline stops at the first phase that
//! found any, so one run reports every mistake of a spec, each with `file:line:column`,
//! its YAML path and a hint. Nothing in the pipeline panics on spec input.
//!
//! One orchestrator (`pipeline`) runs the phases for every entry point: [`generate_files`],
//! the build-script [`Config`] (which adds its filters, the render cache and a read-only lock
//! guard) and the `generator` command through [`workspace`] (which adds the lock guard that
//! updates the lock, and check mode).
#![deny(missing_docs)]

mod cache;
pub mod config;
pub mod crates;
pub mod diag;
mod emit;
mod format;
pub mod ir;
mod lower;
mod par;
pub mod phases;
mod pipeline;
pub mod workspace;
pub mod write;

// Public for the `generator` tools crate (its OpenAPI importer and exporter read and write
// specs with these); not a stable API for anyone else.
#[doc(hidden)]
pub mod check;
#[doc(hidden)]
pub mod error;
#[doc(hidden)]
pub mod files;
#[doc(hidden)]
pub mod names;
#[doc(hidden)]
pub mod spec;
#[doc(hidden)]
pub mod versions;

use std::path::{Path, PathBuf};

pub use check::{check_specs, common_specs, discover_specs};
pub use config::{Config, Report, generate};
pub use diag::{Diagnostic, Diagnostics};
pub use error::{Error, GeneratedFiles};
pub use versions::{LOCK_FILE, diff, guard_versions, shape};

/// Runs the pipeline on spec files and returns every file of the generated crate; writes
/// nothing and reads no lock.
///
/// `base` is the folder that spec paths in headers and diagnostics are shown relative to.
pub fn generate_files(specs: &[PathBuf], base: &Path) -> Result<GeneratedFiles, Error> {
    pipeline::run(specs, base, &mut pipeline::InMemory)
}

/// [`generate_files`] plus the typed mock stubs (`<operation>/mock/vN.rs`) declared behind
/// the crate's `mock` feature: what the `generator` command writes for a crate whose manifest
/// declares that feature, as `generated/Cargo.toml` does.
pub fn generate_files_with_mock(specs: &[PathBuf], base: &Path) -> Result<GeneratedFiles, Error> {
    pipeline::run(specs, base, &mut pipeline::InMemoryWithMock)
}

/// Emits and formats every file of the generated crate for a checked API.
///
/// Resource versions are independent, so they are emitted and formatted on all cores; the
/// files are collected into a sorted map, so the output does not depend on the scheduling.
pub fn render(api: &ir::Api) -> Result<GeneratedFiles, Error> {
    Ok(pipeline::render(api, emit::module_files(api), None)?.files)
}
