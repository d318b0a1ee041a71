//! Type-checks a generated crate with `rustc` alone, against the `rambase_runtime` library
//! the running test binary was built with: a `cargo check` would need the workspace's target
//! folder, which the outer `cargo test` holds, or a cold build of every dependency.
//!
//! Used by the tests crate and the generator's own tests; the test binary must depend on
//! `rambase-runtime` itself, so that its library is built beside the binary.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The `rambase_runtime` library built for this test binary, beside it in `deps/`, and that
/// folder.
pub fn runtime_rlib() -> (PathBuf, PathBuf) {
    let exe = std::env::current_exe().expect("test binary");
    let deps = exe.parent().expect("deps folder").to_path_buf();
    let rlib = std::fs::read_dir(&deps)
        .expect("deps listed")
        .map(|e| e.expect("entry").path())
        .filter(|p| {
            let name = p.file_name().map(|n| n.to_string_lossy().to_string());
            name.is_some_and(|n| n.starts_with("librambase_runtime-") && n.ends_with(".rlib"))
        })
        .max_by_key(|p| std::fs::metadata(p).and_then(|m| m.modified()).ok())
        .expect("the runtime this test depends on was built");
    (deps, rlib)
}

/// Type-checks the library crate rooted at `lib` as `edition`, warnings denied, writing its
/// metadata to `out`; the compiler's messages if it does not compile.
pub fn type_check(lib: &Path, crate_name: &str, edition: &str, out: &Path) -> Result<(), String> {
    let (deps, rlib) = runtime_rlib();
    let output = Command::new(std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into()))
        .args([
            "--edition",
            edition,
            "--crate-type",
            "lib",
            "--crate-name",
            crate_name,
        ])
        .args(["--emit", "metadata", "-D", "warnings", "--out-dir"])
        .arg(out)
        .arg("--extern")
        .arg(format!("rambase_runtime={}", rlib.display()))
        .arg("-L")
        .arg(format!("dependency={}", deps.display()))
        .arg(lib)
        .output()
        .expect("rustc runs");
    if output.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&output.stderr).into_owned())
    }
}
