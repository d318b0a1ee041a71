//! Versions of a resource side by side: the shape of each released version
//! ([`shape`]), the classified changes between two versions ([`diff`]), and the versions lock
//! with its guard, which keeps a released version from changing in a breaking way.

pub mod diff;
pub mod shape;

use crate::error::Error;
use crate::ir;

/// The versions lock's file name, in the spec folder.
pub const LOCK_NAME: &str = "versions.lock";

/// The lock file that records every version's shape (see [`shape`]), as this repository lays
/// it out, relative to its root; in general it is [`LOCK_NAME`] in the spec folder
/// ([`crate::workspace::Layout::lock_file`]).
pub const LOCK_FILE: &str = "spec/versions.lock";

/// Checks `api` against the shapes in a lock file's text (none: nothing is locked yet) and
/// returns the lock text for `api`. Versions that changed in a breaking way are an error
/// unless `accept_breaking`; versions no longer in the spec drop out of the lock.
pub fn guard_versions(
    lock_text: Option<&str>,
    api: &ir::Api,
    accept_breaking: bool,
) -> Result<String, Error> {
    let locked = match lock_text {
        Some(text) => shape::parse_lock(text).map_err(|(line, message)| {
            Error::Usage(format!(
                "{LOCK_FILE}:{line}: {message}; regenerate it with `cargo run -p generator`"
            ))
        })?,
        None => Default::default(),
    };
    let violations = diff::guard(&locked, api);
    if !violations.is_empty() && !accept_breaking {
        return Err(Error::Breaking(violations));
    }
    let shapes = api
        .resources
        .iter()
        .map(|r| (shape::lock_key(r), shape::shape_of(r)))
        .collect();
    Ok(shape::render_lock(&shapes))
}
