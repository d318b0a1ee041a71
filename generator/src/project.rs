//! Finding the folders of a project from the current folder, the way Cargo finds its manifest.
//!
//! - The spec folder: `--spec DIR`, else the `spec/` folder of the nearest folder, from the
//!   current one upwards, whose `spec/` holds at least one spec file (`*.yaml`/`*.yml` at any
//!   depth). That folder is the project root. A `spec/` without spec files (a Rust module
//!   folder, say) does not count.
//! - The output folder: `--out DIR`, else `<root>/generated/src` when `<root>/generated` is a
//!   crate (it has a `Cargo.toml`: this repository's layout), else `<root>/src/generated` when
//!   that folder exists (a crate that keeps its client in a module of its own), else an error
//!   that asks for `--out`.
//! - The versions lock: `versions.lock` in the spec folder. Paths in generated headers and
//!   diagnostics are shown relative to the spec folder's parent, whichever folder the command
//!   runs from, so the output does not depend on the current folder.
//!
//! `--spec` and `--out` are relative to the current folder.

use std::path::{Component, Path, PathBuf};

use crate::error::Error;
use crate::workspace::Layout;

/// Finds the layout of the project the folder `cwd` is in; `spec` and `out` (relative to
/// `cwd`) override what would be found.
pub fn discover(cwd: &Path, spec: Option<&Path>, out: Option<&Path>) -> Result<Layout, Error> {
    let spec_dir = match spec {
        Some(dir) => given_spec_dir(&resolve(cwd, dir))?,
        None => find_spec_dir(cwd)?.ok_or_else(|| no_spec_dir(cwd))?,
    };
    let base = spec_dir.parent().unwrap_or(&spec_dir).to_path_buf();
    let out_dir = match out {
        Some(dir) => resolve(cwd, dir),
        None => default_out_dir(&base)?,
    };
    Ok(Layout {
        spec_dir,
        out_dir,
        base,
    })
}

/// The `spec/` folder of the nearest folder, from `start` upwards, whose `spec/` holds a spec
/// file; `None` when there is none up to the file system's root.
pub fn find_spec_dir(start: &Path) -> Result<Option<PathBuf>, Error> {
    for dir in start.ancestors() {
        let candidate = dir.join("spec");
        if candidate.is_dir() && !crate::check::discover_specs(&candidate)?.is_empty() {
            return Ok(Some(candidate));
        }
    }
    Ok(None)
}

fn given_spec_dir(dir: &Path) -> Result<PathBuf, Error> {
    if dir.is_dir() {
        return Ok(dir.to_path_buf());
    }
    Err(Error::Usage(format!(
        "--spec {}: no such folder; pass the folder that holds the spec files (`*.yaml`)",
        dir.display()
    )))
}

fn no_spec_dir(cwd: &Path) -> Error {
    Error::Usage(format!(
        "no spec folder found: neither {} nor any folder above it has a `spec/` folder with spec \
         files (`*.yaml`, `*.yml`); run the generator inside such a project, or pass `--spec DIR`",
        cwd.display()
    ))
}

/// `<root>/generated/src` for a `generated` crate, else an existing `<root>/src/generated`.
fn default_out_dir(root: &Path) -> Result<PathBuf, Error> {
    let crate_dir = root.join("generated");
    if crate_dir.join("Cargo.toml").is_file() {
        return Ok(crate_dir.join("src"));
    }
    let module_dir = root.join("src").join("generated");
    if module_dir.is_dir() {
        return Ok(module_dir);
    }
    Err(Error::Usage(format!(
        "no output folder for the project at {root}: it has neither a `generated/` crate \
         ({root}/generated/Cargo.toml) nor a `src/generated/` folder; pass `--out DIR`, for \
         example `--out src/generated` (then `#[path = \"generated/lib.rs\"] pub mod api;` in \
         src/lib.rs), or create the `generated/` crate",
        root = root.display()
    )))
}

/// `path` joined to `cwd`, with `.` and `..` folded where the folder exists (resolved by the
/// file system, so a symbolic link is followed as the shell would).
pub fn resolve(cwd: &Path, path: &Path) -> PathBuf {
    let joined = cwd.join(path);
    let mut existing = joined.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(real) = existing.canonicalize() {
            return rest.iter().rev().fold(real, |acc, part| acc.join(part));
        }
        match (existing.parent(), existing.components().next_back()) {
            (Some(parent), Some(Component::Normal(name))) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => return joined,
        }
    }
}

/// `path` as seen from `from`, for messages: relative (with `..` as needed) when both are
/// absolute and share more than the file system's root, else as it is.
pub fn relative_to(path: &Path, from: &Path) -> PathBuf {
    let (path_parts, from_parts): (Vec<_>, Vec<_>) =
        (path.components().collect(), from.components().collect());
    let common = path_parts
        .iter()
        .zip(&from_parts)
        .take_while(|(a, b)| a == b)
        .count();
    if !path.is_absolute() || !from.is_absolute() || common < 2 {
        return path.to_path_buf();
    }
    let mut shown: PathBuf = from_parts[common..].iter().map(|_| "..").collect();
    shown.extend(&path_parts[common..]);
    if shown.as_os_str().is_empty() {
        shown.push(".");
    }
    shown
}
