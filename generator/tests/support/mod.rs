//! Paths shared by the snapshot drivers.
// Each test binary uses a different part of this module.
#![allow(dead_code, unused_imports)]

use std::path::{Path, PathBuf};

pub use rambase_testkit::{full_strength, rustc_check};

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

/// Writes `content` to `path`, creating its folder.
fn write_file(path: &Path, content: &str) {
    std::fs::create_dir_all(path.parent().expect("a parent")).expect("create folder");
    std::fs::write(path, content).expect("write file");
}

/// Puts each input's generated files in module `case_NN` of one crate (below the test's
/// target tmp folder, `name`) and runs clippy on it once, as `cargo clippy -- -D warnings`
/// would with the generated crate's lints (`rustc_check` with `clippy`, against the runtime this
/// test was built with: no scratch workspace whose dependencies cargo would check again);
/// panics with the inputs of the failing cases.
pub fn clippy_batch(name: &str, batch: &[(String, generator::GeneratedFiles)]) {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(name)
        .join("crate");
    let _ = std::fs::remove_dir_all(&dir);
    let mut lib = String::from("//! Generated cases.\n");
    for (i, (input, files)) in batch.iter().enumerate() {
        let case = format!("case_{i:02}");
        lib.push_str(&format!("pub mod {case};\n"));
        write_file(&dir.join("specs").join(format!("{case}.txt")), input);
        for (path, content) in &files.files {
            let path = if path == Path::new("lib.rs") {
                PathBuf::from("mod.rs")
            } else {
                path.clone()
            };
            write_file(&dir.join("src").join(&case).join(path), content);
        }
    }
    write_file(&dir.join("src/lib.rs"), &lib);
    let options = rustc_check::Options {
        clippy: true,
        ..Default::default()
    };
    let out = dir.join("out");
    let checked =
        rustc_check::type_check_with(&dir.join("src/lib.rs"), "batch", "2024", &out, &options);
    if let Err(stderr) = checked {
        let failing: Vec<String> = (0..batch.len())
            .filter(|i| stderr.contains(&format!("src/case_{i:02}/")))
            .map(|i| format!("--- case_{i:02}\n{}", batch[i].0))
            .collect();
        panic!(
            "generated code does not compile warning-free under clippy (crate in {}):\n{stderr}\n{}",
            dir.display(),
            failing.join("\n")
        );
    }
}

/// An empty scratch folder `name` of test group `group`, below the tests' target tmp folder.
pub fn scratch(group: &str, name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(group)
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch folder");
    dir
}

/// The spec files below `dir`, relative to it, sorted.
pub fn spec_files(dir: &Path) -> Vec<PathBuf> {
    generator::discover_specs(dir)
        .expect("listed")
        .iter()
        .map(|p| p.strip_prefix(dir).expect("below").to_path_buf())
        .collect()
}
