//! The generator's integration tests that take no snapshots, as modules of one test binary:
//! one compile and link of the generator and its dependencies instead of one per file, and one
//! run whose threads take tests from every module. The snapshot tests (insta names a snapshot
//! by its test crate) stay binaries of their own, listed in `Cargo.toml` beside this one
//! (`autotests = false`); `every_test_file_runs` keeps the two lists complete.

mod support;

mod build_api;
mod cli;
mod determinism;
mod function_length;
mod hostile_openapi;
mod openapi_export_valid;
mod openapi_flow;
mod openapi_scale;
mod openapi_versions;
mod properties;
mod schema_keys;
mod split;
mod workspace;

/// Every `tests/*.rs` file is a module here or a test target of its own in `Cargo.toml`.
#[test]
fn every_test_file_runs() {
    rambase_testkit::files::assert_every_test_file_runs(env!("CARGO_MANIFEST_DIR"));
}
