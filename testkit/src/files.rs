//! The workspace's files for tests: where the workspace is, its Rust files, and scratch copies
//! of its folders.

use std::path::{Path, PathBuf};

/// The workspace root: the parent of the kit's folder (`testkit/`).
pub fn workspace_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    match manifest.parent() {
        Some(root) => root.to_path_buf(),
        None => panic!("{} has no parent folder", manifest.display()),
    }
}

/// Every `.rs` file below `dir`, sorted.
pub fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(current) = pending.pop() {
        let entries = std::fs::read_dir(&current)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", current.display()));
        for entry in entries {
            let path = entry
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", current.display()))
                .path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

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

/// Makes `to` hold exactly the files of `from` (skipping `target` and `.git` folders), writing
/// only files whose bytes differ: an unchanged file keeps its modification time, so a Cargo
/// target folder reused for `to` rebuilds only what changed.
pub fn mirror_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    let mut wanted = std::collections::BTreeSet::new();
    for entry in std::fs::read_dir(from).expect("read dir") {
        let path = entry.expect("entry").path();
        let name = path.file_name().expect("name").to_os_string();
        let target = to.join(&name);
        if path.is_dir() {
            if name == "target" || name == ".git" {
                continue;
            }
            if target.is_file() {
                std::fs::remove_file(&target).expect("remove file");
            }
            mirror_dir(&path, &target);
        } else {
            let bytes = std::fs::read(&path).expect("read");
            if target.is_dir() {
                std::fs::remove_dir_all(&target).expect("remove folder");
            }
            if std::fs::read(&target).ok().as_deref() != Some(&bytes[..]) {
                std::fs::write(&target, &bytes).expect("write");
            }
        }
        wanted.insert(name);
    }
    for entry in std::fs::read_dir(to).expect("read dir") {
        let path = entry.expect("entry").path();
        if !wanted.contains(path.file_name().expect("name")) {
            if path.is_dir() {
                std::fs::remove_dir_all(&path).expect("remove folder");
            } else {
                std::fs::remove_file(&path).expect("remove file");
            }
        }
    }
}

/// Panics, naming them, on the `tests/*.rs` files of the package at `package` that would never
/// run: neither a module (`mod name;`) of its `tests/integration.rs` nor a `[[test]]` of its
/// `Cargo.toml` (`path = "tests/name.rs"`). With `autotests = false`, which lets one binary
/// hold most tests, cargo no longer finds a new test file by itself.
pub fn assert_every_test_file_runs(package: &str) {
    let package = Path::new(package);
    let dir = package.join("tests");
    let root = std::fs::read_to_string(dir.join("integration.rs")).expect("tests/integration.rs");
    let manifest = std::fs::read_to_string(package.join("Cargo.toml")).expect("Cargo.toml");
    let mut missing: Vec<String> = std::fs::read_dir(&dir)
        .expect("tests/")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter_map(|name| name.strip_suffix(".rs").map(str::to_string))
        .filter(|name| name != "integration")
        .filter(|name| {
            !root.contains(&format!("\nmod {name};\n"))
                && !manifest.contains(&format!("path = \"tests/{name}.rs\""))
        })
        .collect();
    missing.sort();
    assert!(
        missing.is_empty(),
        "tests/ files that never run: {missing:?}"
    );
}
