//! Copies a folder tree into a scratch folder for tests that change a copy of the workspace.
//!
//! Shared by the tests crate (`rambase_tests::copy_dir`) and the generator's own tests, which
//! include this file by path (the generator cannot depend on the tests crate).

use std::path::Path;

/// Copies `from` into `to` recursively, skipping `target` folders.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read dir") {
        let path = entry.expect("entry").path();
        let target = to.join(path.file_name().expect("name"));
        if path.is_dir() {
            if !path.ends_with("target") {
                copy_dir(&path, &target);
            }
        } else {
            std::fs::copy(&path, &target).expect("copy");
        }
    }
}
