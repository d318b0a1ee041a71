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

use std::collections::BTreeSet;

/// Every `tests/*.rs` file is a module here or a test target of its own in `Cargo.toml`: with
/// `autotests = false`, a file in neither would never run.
#[test]
fn every_test_file_runs() {
    let dir = support::tests_dir();
    let here = std::fs::read_to_string(dir.join("integration.rs")).expect("this file");
    let manifest = std::fs::read_to_string(dir.join("../Cargo.toml")).expect("Cargo.toml");
    let files: BTreeSet<String> = std::fs::read_dir(&dir)
        .expect("tests/")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter_map(|name| name.strip_suffix(".rs").map(str::to_string))
        .filter(|name| name != "integration")
        .collect();
    let missing: Vec<&String> = files
        .iter()
        .filter(|name| {
            !here.contains(&format!("\nmod {name};\n"))
                && !manifest.contains(&format!("path = \"tests/{name}.rs\""))
        })
        .collect();
    assert!(
        missing.is_empty(),
        "tests/ files that never run: {missing:?}"
    );
}
