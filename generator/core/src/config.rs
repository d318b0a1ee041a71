//! The build-script API: generate code from spec files into `OUT_DIR`.
//!
//! A downstream crate keeps its spec files and calls [`Config`] (or the [`generate`] shortcut)
//! from its `build.rs`. The output is the same per-version files as the checked-in
//! `generated/src` (byte for byte, for the same spec), plus one include root that nests them
//! in modules, so the crate needs a single `include!`.
//!
//! Rerun policy: when run by Cargo, a `cargo:rerun-if-changed` line is printed for every spec
//! file and lock file read and every folder scanned (Cargo then notices a new file in the
//! folder), and for nothing else. This narrows Cargo's default (rerun when any file of the
//! package changes): the build script reruns only when the spec changes. Turn it off with
//! [`Config::emit_rerun_if_changed`].
//!
//! The breaking-change guard: when a versions lock ([`LOCK_NAME`]) lies beside the specs, the
//! build runs the same guard as `cargo run -p generator` and fails with the same message when
//! a locked version changed in a breaking way (a `rustName` included). A build script only
//! reads the lock; `cargo run -p generator` writes it.

// The examples are build scripts, where `fn main` is the point.
#![allow(clippy::needless_doctest_main)]

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::cache::RenderCache;
use crate::emit::FileTokens;
use crate::error::{Error, GeneratedFiles};
use crate::ir::Api;
use crate::pipeline::{Extras, Rendered, Reuse};
use crate::spec::SourceFile;

/// The file in the output folder that a crate includes.
pub const INCLUDE_ROOT: &str = "rambase_api.rs";

/// The name of the versions lock that [`Config::generate`] looks for beside the specs.
pub use crate::versions::LOCK_NAME;

/// Settings for generating code from a build script.
#[derive(Clone, Debug, Default)]
pub struct Config {
    files: Vec<PathBuf>,
    dirs: Vec<PathBuf>,
    out_dir: Option<PathBuf>,
    base_dir: Option<PathBuf>,
    resources: BTreeSet<u32>,
    versions: BTreeSet<(u32, u32)>,
    areas: BTreeSet<String>,
    no_rerun_lines: bool,
    /// The cfg the mock stubs are declared behind, if they are emitted.
    mock: Option<String>,
}

/// What a run wrote.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    /// The folder written to.
    pub out_dir: PathBuf,
    /// Files written because they were new or changed.
    pub written: Vec<PathBuf>,
    /// Files left untouched because their content was already right.
    pub unchanged: Vec<PathBuf>,
    /// The spec files read.
    pub specs: Vec<PathBuf>,
    /// How many resource version files were rendered; the others were reused unchanged
    /// from the last run into the same folder (see [`Config::generate`]).
    pub rendered: usize,
}

impl Config {
    /// A configuration with no specs, output to `OUT_DIR`, every resource, rerun lines on.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one spec file (a `kind: resource` or `kind: common` YAML file).
    ///
    /// ```no_run
    /// generator_core::Config::new()
    ///     .spec("spec/common.yaml")
    ///     .spec("spec/collaboration/contact-phone/post-3119-v5.yaml")
    ///     .generate()?;
    /// # Ok::<(), generator_core::Error>(())
    /// ```
    pub fn spec(&mut self, path: impl AsRef<Path>) -> &mut Self {
        self.files.push(path.as_ref().to_path_buf());
        self
    }

    /// Adds every `*.yaml`/`*.yml` file below a folder, searched recursively.
    ///
    /// ```no_run
    /// generator_core::Config::new().spec_dir("spec").generate()?;
    /// # Ok::<(), generator_core::Error>(())
    /// ```
    pub fn spec_dir(&mut self, dir: impl AsRef<Path>) -> &mut Self {
        self.dirs.push(dir.as_ref().to_path_buf());
        self
    }

    /// Writes to `dir` instead of Cargo's `OUT_DIR`.
    ///
    /// ```no_run
    /// generator_core::Config::new().spec_dir("spec").out_dir("target/rambase").generate()?;
    /// # Ok::<(), generator_core::Error>(())
    /// ```
    pub fn out_dir(&mut self, dir: impl AsRef<Path>) -> &mut Self {
        self.out_dir = Some(dir.as_ref().to_path_buf());
        self
    }

    /// Shows spec paths in headers and diagnostics relative to `dir` (default: the package's
    /// `CARGO_MANIFEST_DIR`, else the current folder). Relative spec paths are read from there.
    ///
    /// ```no_run
    /// generator_core::Config::new().base_dir("..").spec_dir("spec").generate()?;
    /// # Ok::<(), generator_core::Error>(())
    /// ```
    pub fn base_dir(&mut self, dir: impl AsRef<Path>) -> &mut Self {
        self.base_dir = Some(dir.as_ref().to_path_buf());
        self
    }

    /// Emits only this resource (all its versions); may be called several times. Every spec
    /// is still checked.
    ///
    /// ```no_run
    /// generator_core::Config::new().spec_dir("spec").resource(3119).generate()?;
    /// # Ok::<(), generator_core::Error>(())
    /// ```
    pub fn resource(&mut self, id: u32) -> &mut Self {
        self.resources.insert(id);
        self
    }

    /// Emits only this version of a resource; may be called several times.
    ///
    /// ```no_run
    /// generator_core::Config::new().spec_dir("spec").version(3119, 5).generate()?;
    /// # Ok::<(), generator_core::Error>(())
    /// ```
    pub fn version(&mut self, id: u32, version: u32) -> &mut Self {
        self.versions.insert((id, version));
        self
    }

    /// Emits only the resources of this area (its module name, such as `sales`, or its
    /// RamBase name, case ignored); may be called several times. Every spec is still
    /// checked, and the versions lock guards every area.
    ///
    /// This is how one crate of a client split by area generates its area from a build
    /// script: its `build.rs` selects the area, and its `lib.rs` includes the output and
    /// re-exports the area module at the crate root, so the area's paths are those of the
    /// split layout's area crate (`crate::add_contact_phone::v5`):
    ///
    /// ```no_run
    /// // build.rs of the crate `rambase-api-sales`
    /// fn main() {
    ///     if let Err(err) = generator_core::Config::new().spec_dir("../spec").area("sales").generate() {
    ///         eprintln!("{err}");
    ///         std::process::exit(1);
    ///     }
    /// }
    /// // src/lib.rs:
    /// // mod generated { include!(concat!(env!("OUT_DIR"), "/rambase_api.rs")); }
    /// // pub use generated::sales::*;
    /// // pub use generated::prelude;
    /// ```
    pub fn area(&mut self, area: impl Into<String>) -> &mut Self {
        self.areas.insert(area.into());
        self
    }

    /// Also emits the typed stubs of the mock server (`rambase_runtime::mock`): one
    /// `<Call>Stub` per operation version in the operation's module `mock` (`mock::vN`, and
    /// `mock::latest`), declared behind `#[cfg(feature = "mock")]`. The crate then declares
    /// the feature, forwarding it to the runtime:
    ///
    /// ```toml
    /// [features]
    /// mock = ["rambase-runtime/mock"]
    /// ```
    ///
    /// A disabled feature compiles none of it. See [`mock_cfg`](Self::mock_cfg) for another
    /// condition, such as the crate's own unit tests.
    ///
    /// ```no_run
    /// generator_core::Config::new().spec_dir("spec").mock(true).generate()?;
    /// # Ok::<(), generator_core::Error>(())
    /// ```
    pub fn mock(&mut self, enabled: bool) -> &mut Self {
        self.mock = enabled.then(|| "feature = \"mock\"".to_string());
        self
    }

    /// Emits the mock stubs (see [`mock`](Self::mock)) behind `#[cfg(<predicate>)]`: `test`
    /// for the crate's own unit tests only (with `rambase-runtime`'s `mock` feature in its
    /// dev-dependencies), or any cfg predicate. One that does not parse fails `generate`.
    ///
    /// ```no_run
    /// generator_core::Config::new().spec_dir("spec").mock_cfg("test").generate()?;
    /// # Ok::<(), generator_core::Error>(())
    /// ```
    pub fn mock_cfg(&mut self, predicate: impl Into<String>) -> &mut Self {
        self.mock = Some(predicate.into());
        self
    }

    /// Whether to print `cargo:rerun-if-changed` lines (default: yes, when run by Cargo).
    ///
    /// ```no_run
    /// generator_core::Config::new().spec_dir("spec").emit_rerun_if_changed(false).generate()?;
    /// # Ok::<(), generator_core::Error>(())
    /// ```
    pub fn emit_rerun_if_changed(&mut self, enabled: bool) -> &mut Self {
        self.no_rerun_lines = !enabled;
        self
    }

    /// Checks the specs, then writes the files that changed. On error nothing is written and
    /// the error renders every problem (`file:line:column`, YAML path and hint).
    ///
    /// Every spec is checked on every run, but a resource version whose checked spec is the
    /// same as in the last run into this folder, by the same generator build, is not rendered
    /// again: its file is reused after confirming it is still exactly what was written. The
    /// index of what was rendered is `.rambase-render-cache` in the output folder; deleting
    /// it only makes the next run render everything.
    ///
    /// A [`LOCK_NAME`] in a folder given to [`spec_dir`](Self::spec_dir), or in the folder of
    /// a file given to [`spec`](Self::spec), is read (never written) and every checked version
    /// it knows is held to it, whatever the filters select: a breaking change fails the run
    /// with [`Error::Breaking`].
    ///
    /// ```no_run
    /// // build.rs
    /// fn main() {
    ///     if let Err(err) = generator_core::Config::new().spec_dir("spec").generate() {
    ///         eprintln!("{err}");
    ///         std::process::exit(1);
    ///     }
    /// }
    /// ```
    pub fn generate(&self) -> Result<Report, Error> {
        let mock = self.mock_gate()?;
        let base = self.base()?;
        let out_dir = self.resolve_out_dir()?;
        let (specs, scanned) = self.collect_specs(&base)?;
        if specs.is_empty() {
            return Err(no_specs(&scanned));
        }
        let locks = self.lock_files(&base)?;
        if self.rerun_lines() {
            let read: Vec<PathBuf> = specs
                .iter()
                .chain(locks.iter().map(|(p, _)| p))
                .cloned()
                .collect();
            print_rerun_lines(&read, &scanned);
        }
        let cache = RenderCache::load(&out_dir, crate::cache::generator_identity());
        let mut extras = BuildScript {
            config: self,
            out_dir,
            locks,
            cache,
            specs: specs.clone(),
            run: None,
            mock,
        };
        crate::pipeline::run(&specs, &base, &mut extras)
    }

    /// The cfg predicate of the mock stubs as tokens, refused if it is not one.
    fn mock_gate(&self) -> Result<Option<proc_macro2::TokenStream>, Error> {
        let Some(text) = &self.mock else {
            return Ok(None);
        };
        let refused = || {
            Error::Usage(format!(
                "mock_cfg({text:?}) is not a cfg predicate; write one as in `#[cfg(...)]`, such as `test` or `feature = \"mock\"`"
            ))
        };
        let tokens: proc_macro2::TokenStream = text.parse().map_err(|_| refused())?;
        syn::parse2::<syn::Meta>(tokens.clone()).map_err(|_| refused())?;
        Ok(Some(tokens))
    }

    fn base(&self) -> Result<PathBuf, Error> {
        if let Some(base) = &self.base_dir {
            return Ok(base.clone());
        }
        match std::env::var_os("CARGO_MANIFEST_DIR") {
            Some(dir) => Ok(PathBuf::from(dir)),
            None => std::env::current_dir().map_err(|source| Error::Io {
                path: PathBuf::from("."),
                source,
            }),
        }
    }

    fn resolve_out_dir(&self) -> Result<PathBuf, Error> {
        match (&self.out_dir, std::env::var_os("OUT_DIR")) {
            (Some(dir), _) => Ok(dir.clone()),
            (None, Some(dir)) => Ok(PathBuf::from(dir)),
            (None, None) => Err(Error::Usage(
                "OUT_DIR is not set: run from a build script, or call `out_dir`".into(),
            )),
        }
    }

    fn rerun_lines(&self) -> bool {
        !self.no_rerun_lines
            && std::env::var_os("CARGO").is_some()
            && std::env::var_os("OUT_DIR").is_some()
    }

    /// Spec files (absolute or base-relative, sorted, unique) and the folders scanned.
    fn collect_specs(&self, base: &Path) -> Result<(Vec<PathBuf>, Vec<PathBuf>), Error> {
        let mut specs: Vec<PathBuf> = self.files.iter().map(|f| base.join(f)).collect();
        let mut scanned = Vec::new();
        for dir in &self.dirs {
            let dir = base.join(dir);
            specs.extend(crate::check::discover_specs(&dir)?);
            scanned.extend(folders_below(&dir)?);
        }
        specs.sort();
        specs.dedup();
        Ok((specs, scanned))
    }

    /// The lock files beside the specs: a [`LOCK_NAME`] in a folder given to `spec_dir` or in
    /// the folder of a file given to `spec`, with their text.
    fn lock_files(&self, base: &Path) -> Result<Vec<(PathBuf, String)>, Error> {
        let dirs = self.dirs.iter().map(|d| base.join(d));
        let parents = self
            .files
            .iter()
            .filter_map(|f| base.join(f).parent().map(Path::to_path_buf));
        let candidates: BTreeSet<PathBuf> =
            dirs.chain(parents).map(|d| d.join(LOCK_NAME)).collect();
        let mut locks = Vec::new();
        for path in candidates {
            if let Some(text) = crate::files::read_optional(&path)? {
                locks.push((path, text));
            }
        }
        Ok(locks)
    }

    fn filter(&self, api: &mut crate::ir::Api) {
        if self.resources.is_empty() && self.versions.is_empty() && self.areas.is_empty() {
            return;
        }
        let in_area = |r: &crate::ir::Resource| {
            self.areas.iter().any(|a| {
                crate::names::bare(&r.area_module) == a.as_str() || r.area.eq_ignore_ascii_case(a)
            })
        };
        api.resources.retain(|r| {
            self.resources.contains(&r.id)
                || self.versions.contains(&(r.id, r.version))
                || in_area(r)
        });
    }
}

/// Generates from every spec file below `spec_dir` into `OUT_DIR`: the common case of a build
/// script.
///
/// ```no_run
/// // build.rs
/// fn main() {
///     if let Err(err) = generator_core::generate("spec") {
///         eprintln!("{err}");
///         std::process::exit(1);
///     }
/// }
/// ```
pub fn generate(spec_dir: impl AsRef<Path>) -> Result<Report, Error> {
    Config::new().spec_dir(spec_dir).generate()
}

/// Every folder below `dir`, itself included: Cargo watches a folder's direct entries, so
/// each level is named for a new file anywhere below to trigger a rerun.
fn folders_below(dir: &Path) -> Result<Vec<PathBuf>, Error> {
    Ok(crate::files::list(dir, false)?.dirs)
}

fn print_rerun_lines(specs: &[PathBuf], scanned: &[PathBuf]) {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for path in specs.iter().chain(scanned) {
        // A failed write to Cargo's pipe only loses a rerun hint; generation goes on.
        let _ = writeln!(out, "cargo:rerun-if-changed={}", path.display());
    }
}

/// The build script's extras around the pipeline: its filters, the read-only guard of the
/// lock files beside the specs, the render cache and the write into the output folder.
struct BuildScript<'c> {
    config: &'c Config,
    out_dir: PathBuf,
    locks: Vec<(PathBuf, String)>,
    cache: RenderCache,
    specs: Vec<PathBuf>,
    /// The key of the run's input, recorded for the next run (set by `unchanged`).
    run: Option<crate::cache::Digest>,
    /// The cfg of the mock stubs, when they are emitted.
    mock: Option<proc_macro2::TokenStream>,
}

impl Extras for BuildScript<'_> {
    type Output = Report;

    /// The same guard as the `generator` command's, which never writes the lock here: a build
    /// script only reads it, so a breaking change fails the build with the same message.
    fn guard(&mut self, api: &Api) -> Result<(), Error> {
        for (_, text) in &self.locks {
            crate::versions::guard_versions(Some(text), api, false)?;
        }
        Ok(())
    }

    /// The key of the run's whole input: settings, the loaded specs and the locks. The same
    /// key as the last run, whose files are intact, means the same output, so nothing is
    /// checked, rendered or written (that run checked every spec).
    fn unchanged(&mut self, sources: &[SourceFile]) -> Option<Report> {
        let c = self.config;
        let settings = format!(
            "{:?} {:?} {:?} {:?}",
            c.resources, c.versions, c.areas, c.mock
        );
        let specs = sources
            .iter()
            .map(|s| (s.path.as_path(), s.text.as_bytes()));
        let locks = self.locks.iter().map(|(p, t)| (p.as_path(), t.as_bytes()));
        let run = crate::cache::run_key(&settings, specs.chain(locks));
        self.run = Some(run);
        let files = self.cache.unchanged_run(&self.out_dir, run)?;
        Some(Report {
            unchanged: files.iter().map(|rel| self.out_dir.join(rel)).collect(),
            out_dir: self.out_dir.clone(),
            written: Vec::new(),
            specs: std::mem::take(&mut self.specs),
            rendered: 0,
        })
    }

    fn select(&self, api: &mut Api) {
        self.config.filter(api);
    }

    /// Only the include root: the per-version files need no `lib.rs`/`mod.rs` here.
    fn frame(&self, api: &Api) -> BTreeMap<String, FileTokens> {
        let Some(gate) = &self.mock else {
            return BTreeMap::from([(INCLUDE_ROOT.to_string(), crate::emit::include_root(api))]);
        };
        let mut files = crate::emit::mock_files(api);
        files.insert(
            INCLUDE_ROOT.to_string(),
            crate::emit::include_root_with_mock(api, gate),
        );
        files
    }

    fn reuse(&mut self) -> Option<Reuse<'_>> {
        Some(Reuse {
            out_dir: &self.out_dir,
            cache: &mut self.cache,
        })
    }

    fn write(&mut self, rendered: Rendered) -> Result<Report, Error> {
        let specs = std::mem::take(&mut self.specs);
        let files = &rendered.files;
        let mut report = write_changed(&self.out_dir, files, &rendered.reused, specs)?;
        report.rendered = rendered.versions_rendered;
        let produced: Vec<&Path> = files.files.keys().map(PathBuf::as_path).collect();
        self.cache.save(&self.out_dir, &produced, self.run)?;
        Ok(report)
    }
}

/// The error of a run that found no spec file.
fn no_specs(scanned: &[PathBuf]) -> Error {
    let searched: Vec<String> = scanned.iter().map(|d| d.display().to_string()).collect();
    Error::Usage(format!(
        "no spec files found (searched: {}); add them with `spec` or `spec_dir`",
        searched.join(", ")
    ))
}

/// Writes what changed; `reused` files were just read back from disk and are not compared
/// again.
fn write_changed(
    out_dir: &Path,
    files: &GeneratedFiles,
    reused: &BTreeSet<PathBuf>,
    specs: Vec<PathBuf>,
) -> Result<Report, Error> {
    let changes = crate::write::plan_files_except(out_dir, &files.files, reused)?;
    crate::write::apply(out_dir, &files.files, &changes)?;
    let written: Vec<PathBuf> = changes.iter().map(|c| c.path().to_path_buf()).collect();
    // A set, not `written.contains`: a build script may write thousands of files.
    let changed: BTreeSet<&PathBuf> = written.iter().collect();
    let unchanged = files
        .files
        .keys()
        .map(|rel| out_dir.join(rel))
        .filter(|p| !changed.contains(p))
        .collect();
    Ok(Report {
        out_dir: out_dir.to_path_buf(),
        written,
        unchanged,
        specs,
        rendered: 0,
    })
}
