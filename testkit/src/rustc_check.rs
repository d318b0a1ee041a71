//! Type-checks a generated crate with `rustc` alone, against the `rambase_runtime` library
//! the running test binary was built with. A `cargo check` in a scratch workspace would compile
//! the runtime's dependencies again (in check mode, with that workspace's features): about a
//! minute on a fresh clone, which is why the tests that do it run only at full strength (CI).
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
    type_check_with(lib, crate_name, edition, out, &Options::default())
}

/// What a check adds to [`type_check`]'s.
#[derive(Debug, Default)]
pub struct Options {
    /// Crates checked before into the same `out` folder that this one depends on, found as
    /// `out/lib<name>.rmeta`.
    pub externs: Vec<String>,
    /// `--cfg` values, for example `feature="sales"`.
    pub cfgs: Vec<String>,
    /// Runs `clippy-driver` instead of `rustc`, with the lints a generated crate declares
    /// (`unsafe_code` forbidden, `missing_docs`, `clippy::disallowed_types` with the
    /// repository's `clippy.toml`), warnings denied: what `cargo clippy -- -D warnings` does,
    /// without a scratch workspace whose dependencies would be checked again.
    pub clippy: bool,
}

/// [`type_check`] with [`Options`].
pub fn type_check_with(
    lib: &Path,
    crate_name: &str,
    edition: &str,
    out: &Path,
    options: &Options,
) -> Result<(), String> {
    let (deps, rlib) = runtime_rlib();
    let mut command = if options.clippy {
        let mut clippy = Command::new("clippy-driver");
        clippy
            .args(["-F", "unsafe_code", "-W", "missing_docs"])
            .args(["-D", "clippy::disallowed_types"])
            .env("CLIPPY_CONF_DIR", repository_root());
        clippy
    } else {
        Command::new(std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into()))
    };
    command
        .args(["--edition", edition, "--crate-type", "lib"])
        .args(["--crate-name", crate_name])
        .args(["--emit", "metadata", "-D", "warnings", "--out-dir"])
        .arg(out)
        .arg("--extern")
        .arg(format!("rambase_runtime={}", rlib.display()))
        .arg("-L")
        .arg(format!("dependency={}", deps.display()));
    for name in &options.externs {
        let meta = out.join(format!("lib{name}.rmeta"));
        command
            .arg("--extern")
            .arg(format!("{name}={}", meta.display()));
    }
    for cfg in &options.cfgs {
        command.args(["--cfg", cfg]);
    }
    let output = command.arg(lib).output().expect("the compiler runs");
    if output.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&output.stderr).into_owned())
    }
}

/// The repository's root, where `clippy.toml` is: the first folder up from the test's own
/// (its package's) that has one.
fn repository_root() -> PathBuf {
    let here = std::env::current_dir().expect("a current folder");
    here.ancestors()
        .find(|dir| dir.join("clippy.toml").is_file())
        .expect("clippy.toml at the repository's root")
        .to_path_buf()
}
