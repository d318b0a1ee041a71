//! The runtime's tests through its public API, as modules of one test binary: one link of the
//! runtime and its dependencies instead of one per file (`autotests = false` in `Cargo.toml`;
//! `every_test_file_runs` keeps this list complete).

mod api_error;
mod checked;
mod layers;
mod mock;
mod redirect;
mod secrets;

/// Every `tests/*.rs` file is a module here or a test target of its own in `Cargo.toml`.
#[test]
fn every_test_file_runs() {
    rambase_testkit::files::assert_every_test_file_runs(env!("CARGO_MANIFEST_DIR"));
}
