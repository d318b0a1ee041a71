//! What the `generator` command does to a workspace: regenerate the checked-in crate
//! (`generated/src`) and the versions lock (`spec/versions.lock`) from `spec/`, or, in check
//! mode, change nothing and name every file that is stale.
//!
//! It is the one pipeline of the crate with two extras: the lock guard, which refuses a
//! breaking change to a released version and may update the lock, and a write phase that also
//! removes `.rs` files the spec no longer produces.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::emit::FileTokens;
use crate::ir::Api;
use crate::pipeline::{Extras, Rendered};
use crate::write::Change;
use crate::{Error, LOCK_FILE};

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

/// Regenerates (or checks) `generated/src` and the lock of the workspace at `root` from every
/// spec file below `root/spec`.
pub fn regenerate(root: &Path, mode: Mode) -> Result<Summary, Error> {
    let specs = crate::discover_specs(&root.join("spec"))?;
    let mut extras = Workspace {
        root: root.to_path_buf(),
        mode,
        old_lock: None,
        new_lock: String::new(),
    };
    crate::pipeline::run(&specs, root, &mut extras)
}

struct Workspace {
    root: PathBuf,
    mode: Mode,
    old_lock: Option<String>,
    new_lock: String,
}

impl Workspace {
    fn lock_path(&self) -> PathBuf {
        self.root.join(LOCK_FILE)
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
            let root = &self.root;
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
        self.old_lock = read_optional(&self.lock_path())?;
        let accept = self.mode
            == Mode::Write {
                accept_breaking: true,
            };
        self.new_lock = crate::guard_versions(self.old_lock.as_deref(), api, accept)?;
        Ok(())
    }

    fn frame(&self, api: &Api) -> BTreeMap<String, FileTokens> {
        crate::emit::module_files(api)
    }

    fn write(&mut self, rendered: Rendered) -> Result<Summary, Error> {
        let out_dir = self.root.join("generated").join("src");
        let files = &rendered.files.files;
        let changes = crate::write::plan(&out_dir, files)?;
        if self.mode == Mode::Check {
            return self.check(changes, files.len());
        }
        crate::write::apply(&out_dir, files, &changes)?;
        let lock_updated = self.lock_change().is_some();
        if lock_updated {
            let path = self.lock_path();
            std::fs::write(&path, &self.new_lock).map_err(|source| Error::Io { path, source })?;
        }
        Ok(Summary {
            changed: changes.len(),
            files: files.len(),
            lock_updated,
        })
    }
}

/// A file's text, or `None` when it does not exist.
pub(crate) fn read_optional(path: &Path) -> Result<Option<String>, Error> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Some(text)),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(Error::Io {
            path: path.to_path_buf(),
            source,
        }),
    }
}

fn strip_root(change: Change, root: &Path) -> Change {
    let rel = |p: PathBuf| p.strip_prefix(root).map(Path::to_path_buf).unwrap_or(p);
    match change {
        Change::Create(p) => Change::Create(rel(p)),
        Change::Update(p) => Change::Update(rel(p)),
        Change::Remove(p) => Change::Remove(rel(p)),
    }
}
