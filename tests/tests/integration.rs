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
mod models;
mod new_version_workflow;
mod openapi_client;
mod rust_version;
mod shapes;
mod shapes_server;
mod validation;
mod versioning;

use std::collections::BTreeSet;
use std::path::Path;

/// Every `tests/*.rs` file is a module here or a test target of its own in `Cargo.toml`: with
/// `autotests = false`, a file in neither would never run.
#[test]
fn every_test_file_runs() {
    let package = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = package.join("tests");
    let here = std::fs::read_to_string(dir.join("integration.rs")).expect("this file");
    let manifest = std::fs::read_to_string(package.join("Cargo.toml")).expect("Cargo.toml");
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
