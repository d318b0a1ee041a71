//! Listing folders: the one walk that finds spec files, generated files and the folders a
//! build script watches.

use std::path::{Path, PathBuf};

use crate::error::Error;

/// Everything below a folder, sorted so that nothing depends on directory order.
#[derive(Debug, Default)]
pub(crate) struct Listing {
    /// Files, at any depth.
    pub files: Vec<PathBuf>,
    /// Folders, the root included.
    pub dirs: Vec<PathBuf>,
}

/// Walks `dir` recursively. A missing `dir` is an empty listing when `missing_ok` (a first
/// generation into a new folder), an error otherwise.
pub(crate) fn list(dir: &Path, missing_ok: bool) -> Result<Listing, Error> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| Error::Io { path, source }
    };
    let mut listing = Listing::default();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(current) = pending.pop() {
        let entries = match std::fs::read_dir(&current) {
            Ok(entries) => entries,
            Err(err)
                if missing_ok && current == dir && err.kind() == std::io::ErrorKind::NotFound =>
            {
                return Ok(listing);
            }
            Err(source) => return Err(io(&current)(source)),
        };
        listing.dirs.push(current.clone());
        for entry in entries {
            let entry = entry.map_err(io(&current))?;
            let path = entry.path();
            if entry.file_type().map_err(io(&path))?.is_dir() {
                pending.push(path);
            } else {
                listing.files.push(path);
            }
        }
    }
    listing.files.sort();
    listing.dirs.sort();
    Ok(listing)
}
