//! Paths shared by the snapshot drivers.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// `generator/tests`: fixtures and error cases are shown relative to it, so snapshots do
/// not depend on where the repository is checked out.
pub fn tests_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests")
}

/// The workspace root, the base the real spec is shown relative to (`spec/...`).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the generator lives in the workspace")
        .to_path_buf()
}

/// The real 3119 v5 spec and the shared file it takes its query parameters from, relative to
/// [`workspace_root`].
pub fn real_spec() -> Vec<PathBuf> {
    vec![
        PathBuf::from("spec/common.yaml"),
        PathBuf::from("spec/collaboration/contact-phone/post-3119-v5.yaml"),
    ]
}

/// `<folder>/<file name>` for a file that `insta::glob!` found, relative to [`tests_dir`].
pub fn shown(folder: &str, found: &Path) -> PathBuf {
    Path::new(folder).join(found.file_name().expect("glob! yields files"))
}

/// The `*.yaml` files directly inside `dir`, sorted.
pub fn yaml_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.expect("readable folder entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    files
}
