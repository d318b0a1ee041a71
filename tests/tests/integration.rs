//! The tests of the generated client, as modules of one test binary: one compile and link of
//! the client, the runtime and the generator instead of one per file, and one run whose
//! threads take tests from every module. `client_logs` stays a binary of its own (it installs
//! the process's one logger), listed in `Cargo.toml` beside this one (`autotests = false`);
//! `every_test_file_runs` keeps the two lists complete.

mod area_build_script;
mod client;
mod doctests;
mod freshness;
mod lists;
mod mock;
mod models;
mod new_version_workflow;
mod openapi_client;
mod rust_version;
mod shapes;
mod validation;
mod versioning;

/// Every `tests/*.rs` file is a module here or a test target of its own in `Cargo.toml`.
#[test]
fn every_test_file_runs() {
    rambase_testkit::files::assert_every_test_file_runs(env!("CARGO_MANIFEST_DIR"));
}
