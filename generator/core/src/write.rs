//! Writing generated files: only what changed is touched, and check mode touches nothing.
//!
//! Invariant: this and `spec::load` are the only modules that use the filesystem.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};

use crate::error::Error;

/// What writing would do to one file.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Change {
    /// The file does not exist yet.
    Create(PathBuf),
    /// The file exists with other content.
    Update(PathBuf),
    /// A `.rs` file in the output folder that the spec no longer produces.
    Remove(PathBuf),
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Change::Create(p) => write!(f, "missing: {}", p.display()),
            Change::Update(p) => write!(f, "stale:   {}", p.display()),
            Change::Remove(p) => write!(f, "extra:   {}", p.display()),
        }
    }
}

impl Change {
    /// The file concerned.
    pub fn path(&self) -> &Path {
        match self {
            Change::Create(p) | Change::Update(p) | Change::Remove(p) => p,
        }
    }
}

/// Compares generated files (paths relative to `out_dir`) with what is on disk, including
/// `.rs` files in `out_dir` that the spec no longer produces (the checked-in crate), and
/// generated `Cargo.toml` files of the split layout that it no longer produces.
pub fn plan(out_dir: &Path, files: &BTreeMap<PathBuf, String>) -> Result<Vec<Change>, Error> {
    let mut changes = plan_files(out_dir, files)?;
    for existing in rust_files(out_dir)?
        .into_iter()
        .chain(generated_manifests(out_dir)?)
    {
        let rel = existing
            .strip_prefix(out_dir)
            .unwrap_or(&existing)
            .to_path_buf();
        if !files.contains_key(&rel) {
            changes.push(Change::Remove(existing));
        }
    }
    changes.sort();
    Ok(changes)
}

/// Compares only the given files with what is on disk; other files in `out_dir` (a build
/// script's `OUT_DIR` holds more) are left alone.
pub fn plan_files(out_dir: &Path, files: &BTreeMap<PathBuf, String>) -> Result<Vec<Change>, Error> {
    plan_files_except(out_dir, files, &BTreeSet::new())
}

/// [`plan_files`] without comparing the files in `known`, which the caller has just read back
/// from disk and found unchanged.
pub(crate) fn plan_files_except(
    out_dir: &Path,
    files: &BTreeMap<PathBuf, String>,
    known: &BTreeSet<PathBuf>,
) -> Result<Vec<Change>, Error> {
    let mut changes = Vec::new();
    for (rel, content) in files.iter().filter(|(rel, _)| !known.contains(*rel)) {
        let path = out_dir.join(rel);
        match crate::files::read_bytes_optional(&path)? {
            Some(existing) if existing == content.as_bytes() => {}
            Some(_) => changes.push(Change::Update(path)),
            None => changes.push(Change::Create(path)),
        }
    }
    changes.sort();
    Ok(changes)
}

/// Applies a plan; files whose content is unchanged are not touched, so their modification
/// times stay and Cargo rebuilds nothing.
pub fn apply(
    out_dir: &Path,
    files: &BTreeMap<PathBuf, String>,
    changes: &[Change],
) -> Result<(), Error> {
    for change in changes {
        match change {
            Change::Create(path) | Change::Update(path) => {
                let rel = path.strip_prefix(out_dir).unwrap_or(path);
                let content = files.get(rel).map(String::as_bytes).unwrap_or_default();
                crate::files::write(path, content)?;
            }
            Change::Remove(path) => {
                crate::files::remove(path)?;
                remove_empty_parents(out_dir, path);
            }
        }
    }
    Ok(())
}

/// Removes the folders of a removed file that it leaves empty, up to `out_dir` (not
/// included): a crate of the split layout that is no longer generated leaves no folder
/// without a `Cargo.toml` behind, which a workspace's `members = ["clients/*"]` would refuse.
/// A folder that still holds anything, or cannot be removed, stays.
fn remove_empty_parents(out_dir: &Path, file: &Path) {
    let mut dir = file.parent();
    while let Some(current) = dir.filter(|d| d.starts_with(out_dir) && *d != out_dir) {
        if !crate::files::remove_empty_dir(current) {
            break;
        }
        dir = current.parent();
    }
}

/// A `.rs` file in `out_dir` when there are some and none starts with the generator's header:
/// then the folder holds hand-written code, which [`plan`] would list for removal.
pub(crate) fn foreign_rust_file(out_dir: &Path) -> Result<Option<PathBuf>, Error> {
    let files = rust_files(out_dir)?;
    for file in &files {
        let text = crate::files::read_bytes(file)?;
        if text.starts_with(crate::format::HEADER_PREFIX.as_bytes()) {
            return Ok(None);
        }
    }
    Ok(files.into_iter().next())
}

/// The `Cargo.toml` files below `dir` that the split layout wrote (they start with its mark).
fn generated_manifests(dir: &Path) -> Result<Vec<PathBuf>, Error> {
    let listing = crate::files::list(dir, true)?;
    let mut manifests = Vec::new();
    for file in listing
        .files
        .into_iter()
        .filter(|p| p.ends_with("Cargo.toml"))
    {
        let text = crate::files::read_bytes(&file)?;
        if text.starts_with(crate::crates::MANIFEST_HEADER.as_bytes()) {
            manifests.push(file);
        }
    }
    Ok(manifests)
}

fn rust_files(dir: &Path) -> Result<Vec<PathBuf>, Error> {
    let listing = crate::files::list(dir, true)?;
    Ok(listing
        .files
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .collect())
}
