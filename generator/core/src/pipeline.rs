//! The one orchestrator: spec files → checked IR → guard → select → emit and format → write.
//!
//! Every entry point runs [`run`]: [`generate_files`](crate::generate_files) (no extras), the
//! build-script [`Config`](crate::Config) (filters, a read-only lock guard, the render cache,
//! `OUT_DIR`) and the `generator` command through [`workspace`](crate::workspace) (the lock
//! guard that may update the lock, check mode, the checked-in crate). What differs is plugged
//! in through [`Extras`]; the order of the phases is fixed here.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::cache::{Digest, RenderCache};
use crate::diag::Diagnostics;
use crate::emit::FileTokens;
use crate::error::{Error, GeneratedFiles};
use crate::ir::{Api, Resource};
use crate::spec::SourceFile;

/// What a caller adds around the fixed phases.
pub(crate) trait Extras {
    /// What the write phase returns.
    type Output;

    /// Runs on the loaded spec files, before anything is checked: an answer here ends the run
    /// (a build script whose input is that of its last run). Default: none.
    fn unchanged(&mut self, _sources: &[SourceFile]) -> Option<Self::Output> {
        None
    }

    /// Runs on every checked version, before anything is selected or rendered, so that a
    /// refused change costs no rendering and no filter hides a released version from it.
    fn guard(&mut self, _api: &Api) -> Result<(), Error> {
        Ok(())
    }

    /// Keeps the versions to emit. Default: all.
    fn select(&self, _api: &mut Api) {}

    /// The files around the version files: `lib.rs` and `mod.rs` files, or an include root.
    fn frame(&self, api: &Api) -> BTreeMap<String, FileTokens>;

    /// Where files may be reused from instead of rendered. Default: nowhere.
    fn reuse(&mut self) -> Option<Reuse<'_>> {
        None
    }

    /// The last phase: compare with disk, write, or hand the files back.
    fn write(&mut self, rendered: Rendered) -> Result<Self::Output, Error>;
}

/// A render cache and the folder its files are in.
pub(crate) struct Reuse<'a> {
    pub out_dir: &'a Path,
    pub cache: &'a mut RenderCache,
}

/// The files of a run, and which of them were taken from disk as they are.
#[derive(Debug, Default)]
pub(crate) struct Rendered {
    pub files: GeneratedFiles,
    /// Files read back from the output folder and known to be unchanged there.
    pub reused: BTreeSet<PathBuf>,
    /// How many version files were rendered rather than reused.
    pub versions_rendered: usize,
}

/// Runs the pipeline on spec files (absolute or relative to `base`, in any order).
pub(crate) fn run<E: Extras>(
    specs: &[PathBuf],
    base: &Path,
    extras: &mut E,
) -> Result<E::Output, Error> {
    let mut diags = Diagnostics::default();
    let sources = crate::spec::load_files_in(base, &shown(specs, base), &mut diags);
    if diags.is_empty()
        && let Some(output) = extras.unchanged(&sources)
    {
        return Ok(output);
    }
    let mut api = crate::check::check_sources(&sources, diags)?;
    extras.guard(&api)?;
    extras.select(&mut api);
    let frame = extras.frame(&api);
    let rendered = render(&api, frame, extras.reuse())?;
    extras.write(rendered)
}

/// Spec paths as headers and diagnostics show them: relative to `base`, sorted, unique.
fn shown(specs: &[PathBuf], base: &Path) -> Vec<PathBuf> {
    let mut shown: Vec<PathBuf> = specs
        .iter()
        .map(|p| {
            p.strip_prefix(base)
                .map_or_else(|_| p.clone(), Path::to_path_buf)
        })
        .collect();
    shown.sort();
    shown.dedup();
    shown
}

/// Emits and formats the version files (on all cores) and the frame files, reusing what the
/// cache vouches for.
pub(crate) fn render(
    api: &Api,
    frame: BTreeMap<String, FileTokens>,
    mut reuse: Option<Reuse<'_>>,
) -> Result<Rendered, Error> {
    let mut out = Rendered::default();
    let missed = reuse_versions(api, reuse.as_ref(), &mut out);
    let resources: Vec<&Resource> = missed.iter().map(|(r, _)| *r).collect();
    let fresh = render_versions_of(api, &resources)?;
    out.versions_rendered = fresh.len();
    for ((path, text), (_, input)) in fresh.into_iter().zip(&missed) {
        if let Some(reuse) = reuse.as_mut() {
            reuse.cache.record(&path, *input, &text);
        }
        out.files.files.insert(path, text);
    }
    for (path, tokens) in frame {
        let path = PathBuf::from(path);
        let (text, reused) = render_frame_file(&path, &tokens, reuse.as_mut())?;
        if reused {
            out.reused.insert(path.clone());
        }
        out.files.files.insert(path, text);
    }
    Ok(out)
}

/// Takes the version files the cache vouches for into `out`; returns the other versions with
/// the digest of their IR, in input order.
fn reuse_versions<'a>(
    api: &'a Api,
    reuse: Option<&Reuse<'_>>,
    out: &mut Rendered,
) -> Vec<(&'a Resource, Digest)> {
    let Some(reuse) = reuse else {
        return api.resources.iter().map(|r| (r, 0)).collect();
    };
    let looked_up = crate::par::map_chunks(&api.resources, |chunk| {
        chunk
            .iter()
            .map(|resource| {
                let path = PathBuf::from(crate::emit::resource_path(resource));
                let previous = crate::emit::previous_version(api, resource);
                let input = crate::cache::input_digest(resource, previous);
                let text = reuse.cache.reuse(reuse.out_dir, &path, input);
                (path, input, text)
            })
            .collect::<Vec<_>>()
    });
    let mut missed = Vec::new();
    for (resource, (path, input, text)) in api.resources.iter().zip(looked_up.into_iter().flatten())
    {
        match text {
            Some(text) => {
                out.reused.insert(path.clone());
                out.files.files.insert(path, text);
            }
            None => missed.push((resource, input)),
        }
    }
    missed
}

/// Emits and formats the files of resource versions of `api` on all cores, in input order;
/// each re-exports what it shares with its version before in `api`.
pub(crate) fn render_versions_of(
    api: &Api,
    resources: &[&Resource],
) -> Result<Vec<(PathBuf, String)>, Error> {
    let mut files = Vec::with_capacity(resources.len());
    let render_chunk = |chunk: &[&Resource]| -> Result<Vec<(PathBuf, String)>, Error> {
        chunk
            .iter()
            .map(|r| {
                let path = crate::emit::resource_path(r);
                let prev = crate::emit::previous_version(api, r);
                let tokens = crate::emit::emit_resource_after(r, prev);
                let text = crate::format::format_file(&path, &tokens).map_err(Error::Internal)?;
                Ok((PathBuf::from(path), text))
            })
            .collect()
    };
    for chunk in crate::par::map_chunks(resources, render_chunk) {
        files.extend(chunk?);
    }
    Ok(files)
}

/// A frame file, reused like a version file when there is a cache. With many resources the
/// include root is quick to emit but slow to format, and most spec edits leave it as it was,
/// so it is keyed by its tokens. Returns its text and whether that was reused.
fn render_frame_file(
    path: &Path,
    tokens: &FileTokens,
    reuse: Option<&mut Reuse<'_>>,
) -> Result<(String, bool), Error> {
    let format =
        || crate::format::format_file(&path.to_string_lossy(), tokens).map_err(Error::Internal);
    let Some(reuse) = reuse else {
        return Ok((format()?, false));
    };
    let input = crate::cache::tokens_digest(tokens);
    if let Some(text) = reuse.cache.reuse(reuse.out_dir, path, input) {
        return Ok((text, true));
    }
    let text = format()?;
    reuse.cache.record(path, input, &text);
    Ok((text, false))
}

/// The pipeline without extras: every file of the checked-in crate, written nowhere.
pub(crate) struct InMemory;

impl Extras for InMemory {
    type Output = GeneratedFiles;

    fn frame(&self, api: &Api) -> BTreeMap<String, FileTokens> {
        crate::emit::module_files(api)
    }

    fn write(&mut self, rendered: Rendered) -> Result<GeneratedFiles, Error> {
        Ok(rendered.files)
    }
}

/// [`InMemory`] with the mock stubs behind the crate's `mock` feature: every file of a crate
/// that declares the feature (as `generated/` does), written nowhere.
pub(crate) struct InMemoryWithMock;

impl Extras for InMemoryWithMock {
    type Output = GeneratedFiles;

    fn frame(&self, api: &Api) -> BTreeMap<String, FileTokens> {
        let mut files = crate::emit::module_files(api);
        crate::emit::add_mock_files(api, &mut files);
        files
    }

    fn write(&mut self, rendered: Rendered) -> Result<GeneratedFiles, Error> {
        Ok(rendered.files)
    }
}
