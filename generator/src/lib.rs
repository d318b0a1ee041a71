//! Generates typed Rust models, validation and an HTTP client from YAML specs of RamBase
//! API resources.
//!
//! The pipeline runs one way: spec files → `spec` (located raw values) → `lower` (the
//! validated [`ir`]) → `emit` (token streams) → `format` (source text) → [`write`](mod@write).
//! Those phases are internal; [`phases`] runs them one at a time for benchmarks and tests.
//! Every phase collects all of its problems and the pipeline stops at the first phase that
//! found any, so one run reports every mistake of a spec, each with `file:line:column`,
//! its YAML path and a hint. Nothing in the pipeline panics on spec input.
//!
//! One orchestrator (`pipeline`) runs the phases for every entry point: [`generate_files`],
//! the build-script [`Config`] (which adds its filters, the render cache and a read-only lock
//! guard) and the `generator` command through [`workspace`] (which adds the lock guard that
//! updates the lock, and check mode).
#![deny(missing_docs)]

mod cache;
pub mod config;
pub mod crates;
pub mod diag;
pub mod diff;
mod emit;
mod format;
pub mod ir;
mod lower;
mod names;
pub mod openapi;
mod par;
pub mod phases;
mod pipeline;
pub mod project;
pub mod shape;
mod spec;
mod walk;
pub mod workspace;
pub mod write;
mod yaml;

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

pub use config::{Config, Report, generate};
pub use diag::{Diagnostic, Diagnostics};

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
                        v.spec_file,
                        v.title,
                        config::LOCK_NAME
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
                    lock = config::LOCK_NAME
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

/// The lock file that records every version's shape (see [`shape`]), as this repository lays
/// it out, relative to its root; in general it is [`config::LOCK_NAME`] in the spec folder
/// ([`workspace::Layout::lock_file`]).
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

/// Finds the spec files (`*.yaml`, `*.yml`) below `dir`, sorted, so that the output never
/// depends on directory order.
pub fn discover_specs(dir: &Path) -> Result<Vec<PathBuf>, Error> {
    let listing = walk::list(dir, false)?;
    Ok(listing
        .files
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
        .collect())
}

/// The `kind: common` files among `paths`, found by reading each file's top-level `kind`. A file
/// that cannot be read or parsed is kept, so that checking it reports its problem instead of
/// it silently going missing.
pub fn common_specs(paths: &[PathBuf]) -> Vec<PathBuf> {
    let is_common = |path: &PathBuf| {
        let Ok(text) = std::fs::read_to_string(path) else {
            return true;
        };
        match yaml::parse(text.strip_prefix('\u{feff}').unwrap_or(&text)) {
            Ok(yaml::Node {
                value: yaml::Value::Map(entries),
                ..
            }) => entries.iter().any(|(key, value)| {
                key.name == "kind" && value.value == yaml::Value::Str("common".into())
            }),
            Ok(_) => false,
            Err(_) => true,
        }
    };
    paths.iter().filter(|p| is_common(p)).cloned().collect()
}

/// Runs the pipeline on spec files and returns every file of the generated crate; writes
/// nothing and reads no lock.
///
/// `base` is the folder that spec paths in headers and diagnostics are shown relative to.
pub fn generate_files(specs: &[PathBuf], base: &Path) -> Result<GeneratedFiles, Error> {
    pipeline::run(specs, base, &mut pipeline::InMemory)
}

/// Emits and formats every file of the generated crate for a checked API.
///
/// Resource versions are independent, so they are emitted and formatted on all cores; the
/// files are collected into a sorted map, so the output does not depend on the scheduling.
pub fn render(api: &ir::Api) -> Result<GeneratedFiles, Error> {
    Ok(pipeline::render(api, emit::module_files(api), None)?.files)
}

/// Loads, decodes and lowers spec files into the validated IR, reporting every problem.
pub fn check_specs(shown: &[PathBuf], base: &Path) -> Result<ir::Api, Error> {
    let mut diags = Diagnostics::default();
    let sources = spec::load_files_in(base, shown, &mut diags);
    check_sources(&sources, diags)
}

/// Spec files decoded and lowered at a time by [`check_batched`]: enough to keep every core
/// busy, few enough that a client's folder of 10,000 specs is never held decoded at once.
const CHECK_BATCH: usize = 512;

/// The problems [`check_sources`] finds in `count` spec files that `load` gives a range at a
/// time (recording its loading problems in the `Diagnostics` it is given), holding one batch
/// decoded and lowered at a time. The checks across files still see every file: the common
/// files are found first and kept, and each version's identity is kept.
pub(crate) fn check_batched(
    count: usize,
    mut load: impl FnMut(std::ops::Range<usize>, &mut Diagnostics) -> Vec<spec::SourceFile>,
) -> Diagnostics {
    let mut diags = Diagnostics::default();
    let (common_paths, commons) = common_files(count, &mut load, &mut diags);
    let mut check = lower::BatchCheck::new(&commons, &mut diags);
    for range in batches(count) {
        let mut sources = load(range, &mut diags);
        sources.retain(|s| !common_paths.contains(&s.path));
        let files = spec::parse_files(&sources, &mut diags);
        drop(sources);
        check.add(&files, &mut diags);
    }
    check.finish(&mut diags);
    diags
}

fn batches(count: usize) -> impl Iterator<Item = std::ops::Range<usize>> {
    (0..count)
        .step_by(CHECK_BATCH)
        .map(move |start| start..(start + CHECK_BATCH).min(count))
}

/// The `kind: common` files among the `count` that `load` gives, with their paths; their
/// problems go to `diags`. Loading problems are left to the caller's own pass.
fn common_files(
    count: usize,
    load: &mut impl FnMut(std::ops::Range<usize>, &mut Diagnostics) -> Vec<spec::SourceFile>,
    diags: &mut Diagnostics,
) -> (Vec<PathBuf>, Vec<spec::SpecFile>) {
    // Only files that could spell `common` are decoded twice: the word itself, or a YAML escape.
    let may_be_common = |text: &str| text.contains("common") || text.contains('\\');
    let (mut paths, mut files) = (Vec::new(), Vec::new());
    for range in batches(count) {
        for source in load(range, &mut Diagnostics::default()) {
            if !may_be_common(&source.text) {
                continue;
            }
            let mut found = Diagnostics::default();
            let parsed = spec::parse_files(std::slice::from_ref(&source), &mut found);
            if let Some(file @ spec::SpecFile::Common(_)) = parsed.into_iter().next() {
                paths.push(source.path);
                files.push(file);
                diags.append(found);
            }
        }
    }
    (paths, files)
}

/// Decodes and lowers loaded spec files, adding to the problems loading found.
pub(crate) fn check_sources(
    sources: &[spec::SourceFile],
    mut diags: Diagnostics,
) -> Result<ir::Api, Error> {
    let files = spec::parse_files(sources, &mut diags);
    // Lowering also runs on files with decoding problems: what could be read is still checked,
    // so one run reports the unknown key and the bad pattern together. Missing values are
    // skipped by lowering, not reported twice.
    let api = lower::lower(&files, &mut diags);
    diags.check().map_err(Error::Spec)?;
    api.ok_or_else(|| Error::Internal("lowering returned nothing without a diagnostic".into()))
}

#[cfg(test)]
mod batched_check_tests {
    use super::*;

    fn resource(i: usize, operation: &str, queries: &str) -> spec::SourceFile {
        let text = format!(
            "kind: resource\nresource: {}\nversion: 1\narea: Sales\nsummary: Gets thing {i}\n\
             documentation: https://api.rambase.net/documentation?resourceno={}&version=1\n\
             operation: {operation}\nmethod: GET\npath: /sales/things{i}\nsuccessStatus: 200\n\
             queryParameters: [{queries}]\n\
             response:\n  object: Thing\n  fields:\n    ThingId:\n      type: integer\n      description: Id\n",
            1000 + i,
            1000 + i
        );
        spec::SourceFile {
            path: PathBuf::from(format!("sales/thing{i}.yaml")),
            text,
        }
    }

    /// A folder bigger than one batch, whose problems need files of different batches: the
    /// same version defined twice far apart, and a common file after the resources using it.
    fn folder() -> Vec<spec::SourceFile> {
        let mut sources: Vec<_> = (0..CHECK_BATCH * 2 + 40)
            .map(|i| resource(i, &format!("GetThing{i}"), "$db"))
            .collect();
        sources[CHECK_BATCH + 7] = resource(3, "GetThing3", "$db");
        sources[CHECK_BATCH + 9] = resource(9, "GetThing9", "$nope");
        sources.push(spec::SourceFile {
            path: PathBuf::from("common.yaml"),
            text:
                "kind: common\nqueryParameters:\n  $db:\n    type: string\n    description: Db\n  \
                   $bad:\n    type: string\n    description: Bad\n    pattern: '('\n"
                    .into(),
        });
        sources
    }

    fn shown(diags: &Diagnostics) -> Vec<String> {
        diags.sorted().iter().map(ToString::to_string).collect()
    }

    #[test]
    fn batches_find_what_one_check_finds() {
        let sources = folder();
        let whole = match check_sources(&sources, Diagnostics::default()) {
            Err(Error::Spec(diags)) => diags,
            other => panic!("the folder has problems, got {:?}", other.map(|_| ())),
        };
        let batched = check_batched(sources.len(), |range, _| sources[range].to_vec());
        assert_eq!(shown(&batched), shown(&whole));
        let text = shown(&whole).join("\n");
        for expected in ["version 1 is defined twice", "$nope", "$bad"] {
            assert!(text.contains(expected), "{expected} missing from:\n{text}");
        }
    }
}
