//! The generated code depends only on the spec, not on the order spec files are given in or
//! on the run: all fixtures and the real spec, generated together, give the same bytes.

use std::path::PathBuf;

use crate::support::{workspace_root, yaml_files};

/// Every fixture and the real spec, relative to the workspace root, in path order.
fn all_specs() -> Vec<PathBuf> {
    let root = workspace_root();
    let mut specs: Vec<PathBuf> = yaml_files(&root.join("generator/tests/fixtures"))
        .iter()
        .map(|p| p.strip_prefix(&root).expect("below the root").to_path_buf())
        .collect();
    // The real spec as it is, every version of it, not a list of files that ages.
    let real = generator::discover_specs(&root.join("spec")).expect("spec/ listed");
    specs.extend(
        real.iter()
            .map(|p| p.strip_prefix(&root).expect("below the root").to_path_buf()),
    );
    specs.sort();
    specs
}

#[test]
fn output_does_not_depend_on_spec_order() {
    let root = workspace_root();
    let forward = all_specs();
    let mut reversed = forward.clone();
    reversed.reverse();
    assert!(
        forward.len() > 3 && forward != reversed,
        "the test needs several specs"
    );
    let absolute =
        |specs: &[PathBuf]| -> Vec<PathBuf> { specs.iter().map(|p| root.join(p)).collect() };

    let first =
        generator::generate_files(&absolute(&forward), &root).unwrap_or_else(|e| panic!("{e}"));
    let second =
        generator::generate_files(&absolute(&reversed), &root).unwrap_or_else(|e| panic!("{e}"));
    assert!(first.files.len() > forward.len(), "every spec yields files");
    assert_eq!(
        first.files.keys().collect::<Vec<_>>(),
        second.files.keys().collect::<Vec<_>>()
    );
    for (path, text) in &first.files {
        assert!(
            second.files[path] == *text,
            "{} differs between runs",
            path.display()
        );
    }

    // `generate_files` sorts its input; lowering must not need that: the IR of the reversed
    // list is the IR of the sorted one.
    let sorted_ir = generator::check_specs(&forward, &root).unwrap_or_else(|e| panic!("{e}"));
    let reversed_ir = generator::check_specs(&reversed, &root).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(sorted_ir, reversed_ir);
}
