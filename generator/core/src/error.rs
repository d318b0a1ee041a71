//! Everything that can stop a run, and the files a run produces.

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;

use crate::diag::Diagnostics;
use crate::versions::{LOCK_NAME, diff};
use crate::write;

/// Everything that can stop a run.
#[derive(Debug)]
pub enum Error {
    /// A file or folder could not be read or written.
    Io {
        /// The path involved.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The spec has problems; all of them are listed.
    Spec(Diagnostics),
    /// Check mode found generated files that differ from what the spec produces.
    Stale(Vec<write::Change>),
    /// Released versions whose spec changed in a breaking way without a new version number.
    Breaking(Vec<diff::GuardViolation>),
    /// The generator was called wrongly (no spec files, no output folder).
    Usage(String),
    /// A bug in the generator: generated code did not parse.
    Internal(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Io { path, source } => write!(f, "{}: {source}", path.display()),
            Error::Spec(diags) => write!(f, "{diags}"),
            Error::Stale(changes) => {
                writeln!(f, "generated code is out of date with the spec:")?;
                for change in changes {
                    writeln!(f, "  {change}")?;
                }
                write!(f, "run `cargo run -p generator` to regenerate it")
            }
            Error::Breaking(violations) => {
                for v in violations {
                    writeln!(
                        f,
                        "{}: error: {} changed in a breaking way since it was locked in {}:",
                        v.spec_file, v.title, LOCK_NAME
                    )?;
                    for c in &v.changes {
                        writeln!(f, "  - {}", c.message)?;
                    }
                }
                write!(
                    f,
                    "= help: code written against the version generated before may stop compiling or behave \
                     differently. Two ways on:\n\
                     \x20 - keep that code working: put the change in a new version file (copy the spec to the \
                     next version, e.g. `-v6.yaml` with `version: 6`) and restore this one;\n\
                     \x20 - accept the break: when the spec was wrong or incomplete (say, facts from the \
                     documentation page added after the first generation of an imported version) and the code \
                     using this version may change with it, run the generator once with `--accept-breaking` \
                     (in the rambase repository: `cargo run -p generator -- --accept-breaking`), which records \
                     the new shape in {lock}",
                    lock = LOCK_NAME
                )
            }
            Error::Usage(message) => write!(f, "{message}"),
            Error::Internal(message) => write!(
                f,
                "internal error in the generator (please report it): {message}"
            ),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// Generated source files, keyed by path relative to the output folder.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GeneratedFiles {
    /// Path → file content.
    pub files: BTreeMap<PathBuf, String>,
}
