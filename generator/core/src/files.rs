//! The one module that touches the file system: the walk that finds spec files, generated
//! files and the folders a build script watches, and every read and write of the generator's
//! files. Everything else asks here, so errors carry their path the same way everywhere and
//! "only changed files are written" is kept in one place.

use std::io::Read as _;
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

/// The error of an operation on `path`.
fn io(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |source| Error::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// The text of `path`; `None` when there is no such file.
pub fn read_optional(path: &Path) -> Result<Option<String>, Error> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Some(text)),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(io(path)(source)),
    }
}

/// The bytes of `path`; `None` when there is no such file.
pub(crate) fn read_bytes_optional(path: &Path) -> Result<Option<Vec<u8>>, Error> {
    match std::fs::read(path) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(io(path)(source)),
    }
}

/// The bytes of `path`.
pub(crate) fn read_bytes(path: &Path) -> Result<Vec<u8>, Error> {
    std::fs::read(path).map_err(io(path))
}

/// At most `max + 1` bytes of `path`, so that a huge file (or `/dev/zero`) is refused by its
/// reader without being read into memory.
pub fn read_capped(path: &Path, max: u64) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    std::fs::File::open(path)?
        .take(max + 1)
        .read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// The size of `path` in bytes, if it can be read.
pub fn size(path: &Path) -> Option<u64> {
    std::fs::metadata(path).ok().map(|m| m.len())
}

/// The size and modification time of `path`, if they can be read.
pub(crate) fn size_and_modified(path: &Path) -> Option<(u64, std::time::SystemTime)> {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.len(), meta.modified().ok()?))
}

/// Writes `bytes` to `path`, creating its folder.
pub fn write(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(io(parent))?;
    }
    std::fs::write(path, bytes).map_err(io(path))
}

/// Writes `text` to `path` unless it already holds exactly that, so its modification time
/// stays and Cargo rebuilds nothing.
pub fn write_if_changed(path: &Path, text: &str) -> Result<(), Error> {
    if std::fs::read(path).is_ok_and(|old| old == text.as_bytes()) {
        return Ok(());
    }
    write(path, text.as_bytes())
}

/// Removes the folder `path` if it is empty; whether it did.
pub(crate) fn remove_empty_dir(path: &Path) -> bool {
    std::fs::remove_dir(path).is_ok()
}

/// Removes the file `path`.
pub(crate) fn remove(path: &Path) -> Result<(), Error> {
    std::fs::remove_file(path).map_err(io(path))
}
