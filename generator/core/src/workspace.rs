//! What the `generator` command does to a project: regenerate a crate's files (in this
//! repository `generated/src`) and the versions lock (`<spec dir>/versions.lock`) from the spec
//! folder, or, in check mode, change nothing and name every file that is stale.
//!
//! The folders are given explicitly as a [`Layout`]; the tools crate's `project` module finds them the way the
//! command does, and [`Layout::repository`] is this repository's (`spec/`, `generated/src`).
//!
//! It is the one pipeline of the crate with two extras: the lock guard, which refuses a
//! breaking change to a released version and may update the lock, and a write phase that also
//! removes `.rs` files the spec no longer produces.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::crates::Split;
use crate::emit::FileTokens;
use crate::error::Error;
use crate::ir::Api;
use crate::pipeline::{Extras, Rendered};
use crate::versions::LOCK_NAME;
use crate::write::Change;

/// What the command should do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Write what changed; `accept_breaking` lets a released version change in a breaking way.
    Write {
        /// Update the lock even where a locked version changed in a breaking way.
        accept_breaking: bool,
    },
    /// Change nothing; fail with [`Error::Stale`] when anything differs.
    Check,
}

/// What a run found or did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Summary {
    /// Generated files created, updated or removed (or, in check mode, none: it fails instead).
    pub changed: usize,
    /// How many files the spec produces.
    pub files: usize,
    /// Whether the lock was written.
    pub lock_updated: bool,
}

/// The folders a run reads and writes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Layout {
    /// The spec folder: every `*.yaml`/`*.yml` below it is read, and its [`LOCK_NAME`] is the
    /// versions lock.
    pub spec_dir: PathBuf,
    /// The folder the crate's files go to, `lib.rs` at its top. `.rs` files in it that the
    /// spec does not produce are removed, so it must be a folder of its own.
    pub out_dir: PathBuf,
    /// The folder that spec paths in generated headers and diagnostics, and the files of a
    /// stale report, are shown relative to (the project root: the spec folder's parent).
    pub base: PathBuf,
}

impl Layout {
    /// This repository's layout below `root`: `spec/`, `generated/src`, paths shown from `root`.
    pub fn repository(root: &Path) -> Self {
        Layout {
            spec_dir: root.join("spec"),
            out_dir: root.join("generated").join("src"),
            base: root.to_path_buf(),
        }
    }

    /// The versions lock: [`LOCK_NAME`] in the spec folder.
    pub fn lock_file(&self) -> PathBuf {
        self.spec_dir.join(LOCK_NAME)
    }
}

/// Regenerates (or checks) `generated/src` and the lock of the workspace at `root` from every
/// spec file below `root/spec`: [`regenerate_in`] with [`Layout::repository`].
pub fn regenerate(root: &Path, mode: Mode) -> Result<Summary, Error> {
    regenerate_in(&Layout::repository(root), mode)
}

/// Regenerates (or checks) the output folder and the lock of `layout` from every spec file
/// below its spec folder.
///
/// An output folder that holds `.rs` files none of which the generator wrote is refused
/// ([`Error::Usage`]) before anything is written: the generator removes the `.rs` files there
/// that the spec does not produce, and hand-written code must never be among them.
pub fn regenerate_in(layout: &Layout, mode: Mode) -> Result<Summary, Error> {
    regenerate_with(layout, mode, None)
}

/// [`regenerate_in`] in the split layout ([`crate::crates`]): the output folder holds the
/// facade crate and one crate per area. The lock, check mode, the guard and writing only what
/// changed work as in the single layout; generated `.rs` and `Cargo.toml` files the spec no
/// longer produces (an area removed) are removed.
pub fn regenerate_split(layout: &Layout, mode: Mode, split: &Split) -> Result<Summary, Error> {
    regenerate_with(layout, mode, Some(split.clone()))
}

/// Both layouts: every spec below the spec folder through the pipeline.
fn regenerate_with(layout: &Layout, mode: Mode, split: Option<Split>) -> Result<Summary, Error> {
    let specs = crate::check::discover_specs(&layout.spec_dir)?;
    if specs.is_empty() {
        return Err(Error::Usage(format!(
            "{}: no spec files (`*.yaml`, `*.yml`) in this folder; add one, or point `--spec` at the folder that holds them",
            layout.spec_dir.display()
        )));
    }
    let mut extras = Workspace {
        layout: layout.clone(),
        mode,
        old_lock: None,
        new_lock: String::new(),
        mock: split.is_none() && declares_mock_feature(layout)?,
        split,
        plan: std::cell::OnceCell::new(),
    };
    crate::pipeline::run(&specs, &layout.base, &mut extras)
}

struct Workspace {
    layout: Layout,
    mode: Mode,
    old_lock: Option<String>,
    new_lock: String,
    /// The split layout's settings; `None` for the single crate.
    split: Option<Split>,
    /// The split layout's placement of operations in crates, made by the frame phase for the
    /// write phase (which sees files, not the API).
    plan: std::cell::OnceCell<crate::crates::Plan>,
    /// Whether the crate declares a `mock` feature, so that its mock stubs are emitted.
    mock: bool,
}

/// Whether the manifest of the crate the output folder belongs to (`generated/Cargo.toml`
/// for `generated/src`) declares a feature `mock`: then the mock stubs are emitted behind it.
/// Without it they are not, so a crate never sees a cfg of a feature it lacks.
fn declares_mock_feature(layout: &Layout) -> Result<bool, Error> {
    let Some(dir) = layout.out_dir.parent() else {
        return Ok(false);
    };
    let Some(manifest) = crate::files::read_optional(&dir.join("Cargo.toml"))? else {
        return Ok(false);
    };
    Ok(mock_feature_in(&manifest))
}

/// Whether `manifest` has `mock = [...]` in its `[features]` table.
fn mock_feature_in(manifest: &str) -> bool {
    let mut in_features = false;
    for line in manifest.lines().map(str::trim) {
        if line.starts_with('[') {
            in_features = line == "[features]";
        } else if in_features
            && let Some((key, _)) = line.split_once('=')
            && key.trim().trim_matches('"') == "mock"
        {
            return true;
        }
    }
    false
}

impl Workspace {
    fn lock_path(&self) -> PathBuf {
        self.layout.lock_file()
    }

    fn lock_change(&self) -> Option<Change> {
        match &self.old_lock {
            Some(old) if *old == self.new_lock => None,
            Some(_) => Some(Change::Update(self.lock_path())),
            None => Some(Change::Create(self.lock_path())),
        }
    }

    /// Check mode: anything that would change is an error naming it, relative to the root.
    fn check(&self, mut changes: Vec<Change>, files: usize) -> Result<Summary, Error> {
        changes.extend(self.lock_change());
        if !changes.is_empty() {
            let root = &self.layout.base;
            return Err(Error::Stale(
                changes.into_iter().map(|c| strip_root(c, root)).collect(),
            ));
        }
        Ok(Summary {
            changed: 0,
            files,
            lock_updated: false,
        })
    }
}

impl Extras for Workspace {
    type Output = Summary;

    /// Reads the lock and judges every version; the new lock text waits for the write phase.
    fn guard(&mut self, api: &Api) -> Result<(), Error> {
        self.old_lock = crate::files::read_optional(&self.lock_path())?;
        let accept = self.mode
            == Mode::Write {
                accept_breaking: true,
            };
        self.new_lock = crate::versions::guard_versions(self.old_lock.as_deref(), api, accept)?;
        Ok(())
    }

    fn frame(&self, api: &Api) -> BTreeMap<String, FileTokens> {
        match &self.split {
            Some(split) => split.frame(api, self.plan.get_or_init(|| split.plan(api))),
            None => {
                let mut files = crate::emit::module_files(api);
                if self.mock {
                    crate::emit::add_mock_files(api, &mut files);
                }
                files
            }
        }
    }

    fn write(&mut self, rendered: Rendered) -> Result<Summary, Error> {
        let out_dir = &self.layout.out_dir;
        if let Some(file) = crate::write::foreign_rust_file(out_dir)? {
            return Err(foreign_out_dir(out_dir, &file));
        }
        let files = match &self.split {
            Some(split) => {
                let plan = self.plan.take().unwrap_or_default();
                &split.arrange(rendered.files.files, &plan)
            }
            None => &rendered.files.files,
        };
        let changes = crate::write::plan(out_dir, files)?;
        if self.mode == Mode::Check {
            return self.check(changes, files.len());
        }
        crate::write::apply(out_dir, files, &changes)?;
        let lock_updated = self.lock_change().is_some();
        if lock_updated {
            let path = self.lock_path();
            crate::files::write(&path, self.new_lock.as_bytes())?;
        }
        Ok(Summary {
            changed: changes.len(),
            files: files.len(),
            lock_updated,
        })
    }
}

/// The refusal of an output folder that holds hand-written Rust files.
fn foreign_out_dir(out_dir: &Path, file: &Path) -> Error {
    Error::Usage(format!(
        "{}: refusing to write here: the folder holds Rust files the generator did not write (such as {}), \
         and the generator removes `.rs` files of its output folder that the spec does not produce; \
         pass a new or empty folder of its own to `--out` (for example `--out src/generated`)",
        out_dir.display(),
        file.display()
    ))
}

fn strip_root(change: Change, root: &Path) -> Change {
    let rel = |p: PathBuf| p.strip_prefix(root).map(Path::to_path_buf).unwrap_or(p);
    match change {
        Change::Create(p) => Change::Create(rel(p)),
        Change::Update(p) => Change::Update(rel(p)),
        Change::Remove(p) => Change::Remove(rel(p)),
    }
}

#[cfg(test)]
mod mock_feature_tests {
    use super::mock_feature_in;

    #[test]
    fn only_a_mock_key_of_the_features_table_counts() {
        let declared = "[package]\nname = \"x\"\n[features]\nmock = [\"rambase-runtime/mock\"]\n";
        assert!(mock_feature_in(declared));
        assert!(!mock_feature_in("[features]\nmockery = []\n"));
        assert!(!mock_feature_in(
            "[dependencies]\nmock = \"1\"\n[features]\n"
        ));
    }
}
