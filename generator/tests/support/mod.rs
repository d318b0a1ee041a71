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

/// Writes `content` unless the file already holds it, so an unchanged crate is not checked
/// again.
pub fn write_if_changed(path: &Path, content: &str) {
    if std::fs::read_to_string(path).ok().as_deref() != Some(content) {
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("create folder");
        std::fs::write(path, content).expect("write file");
    }
}

/// Puts each input's generated files in module `case_NN` of one crate (below the test's
/// target tmp folder, `name`) and runs `cargo clippy -D warnings` on it once; panics with the
/// inputs of the failing cases. Every batch shares one kept target folder, so the runtime and
/// its dependencies are checked once, and later runs only check what changed.
pub fn clippy_batch(name: &str, batch: &[(String, generator::GeneratedFiles)]) {
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let dir = tmp.join(name).join("crate");
    let _ = std::fs::remove_dir_all(dir.join("src"));
    let runtime = workspace_root().join("runtime");
    write_if_changed(
        &dir.join("Cargo.toml"),
        &format!(
            "[package]\nname = \"batch-{name}\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
             [dependencies]\nrambase-runtime = {{ path = {:?} }}\n\n\
             [lints.rust]\nunsafe_code = \"forbid\"\nmissing_docs = \"warn\"\n\n\
             [lints.clippy]\ndisallowed_types = \"deny\"\n\n[workspace]\n",
            runtime.to_string_lossy()
        ),
    );
    let lock = std::fs::read_to_string(workspace_root().join("Cargo.lock")).expect("Cargo.lock");
    write_if_changed(&dir.join("Cargo.lock"), &lock);
    let mut lib = String::from("//! Generated cases.\n#![deny(warnings)]\n");
    for (i, (input, files)) in batch.iter().enumerate() {
        let case = format!("case_{i:02}");
        lib.push_str(&format!("pub mod {case};\n"));
        write_if_changed(&dir.join("specs").join(format!("{case}.txt")), input);
        for (path, content) in &files.files {
            let path = if path == Path::new("lib.rs") {
                PathBuf::from("mod.rs")
            } else {
                path.clone()
            };
            write_if_changed(&dir.join("src").join(&case).join(path), content);
        }
    }
    write_if_changed(&dir.join("src/lib.rs"), &lib);
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = std::process::Command::new(cargo);
    command
        .args(["clippy", "--offline", "--quiet", "--manifest-path"])
        .arg(dir.join("Cargo.toml"))
        .args(["--", "-D", "warnings"])
        .env("CARGO_TARGET_DIR", tmp.join("clippy-batches-target"));
    // Cargo's variables for this test would change the dependencies' fingerprints.
    for (key, _) in std::env::vars_os() {
        let key = key.to_string_lossy();
        let own = ["CARGO_PKG_", "CARGO_BIN_", "CARGO_MANIFEST_"]
            .iter()
            .any(|p| key.starts_with(p))
            || [
                "CARGO_CRATE_NAME",
                "CARGO_TARGET_TMPDIR",
                "CARGO_PRIMARY_PACKAGE",
                "CARGO_RUSTC_CURRENT_DIR",
            ]
            .contains(&&*key);
        if own {
            command.env_remove(&*key);
        }
    }
    let output = command.output().expect("run cargo clippy");
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
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
