//! Reuse of rendered files between runs of a build script.
//!
//! A resource version's file is a function of its IR and of the generator alone (rendering
//! reads nothing else), so a build script that reruns because one spec of hundreds changed
//! only has to render that one. The output folder keeps a small index, [`CACHE_FILE`]: for
//! every file, a hash of the IR it was rendered from and a hash of the text written. A file
//! is reused only when the generator is the same build, the IR hash matches and the file on
//! disk still hashes to what was written; anything else (no index, a damaged line, an edited
//! or missing file, a rebuilt generator) renders the file again. The index can therefore
//! only ever save work, never change output.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::hash::{DefaultHasher, Hasher};
use std::path::{Path, PathBuf};

use crate::emit::FileTokens;
use crate::error::Error;
use crate::ir::Resource;

/// The index file in the output folder. Not a `.rs` file, so nothing includes it.
pub const CACHE_FILE: &str = ".rambase-render-cache";

/// A 128-bit content hash: two SipHash runs with different leading bytes.
pub(crate) type Digest = u128;

/// What the last run rendered into one output folder.
#[derive(Debug, Default)]
pub(crate) struct RenderCache {
    /// Which generator build wrote the index; `None` disables reuse and saving.
    identity: Option<String>,
    /// The key of the last run's whole input (see [`run_key`]), when it produced only
    /// files that the index records.
    run: Option<Digest>,
    entries: BTreeMap<PathBuf, Entry>,
}

/// The prefix of the index line that holds the run key.
const RUN_LINE: &str = "run\t";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Entry {
    input: Digest,
    output: Digest,
}

impl RenderCache {
    /// Reads the index of `out_dir`. An index written by another generator build, or none
    /// at all, starts empty; so does everything when `identity` is unknown.
    pub(crate) fn load(out_dir: &Path, identity: Option<String>) -> Self {
        let mut cache = Self {
            identity,
            run: None,
            entries: BTreeMap::new(),
        };
        let Some(identity) = &cache.identity else {
            return cache;
        };
        let Ok(Some(text)) = crate::files::read_optional(&out_dir.join(CACHE_FILE)) else {
            return cache;
        };
        let mut lines = text.lines();
        if lines.next() != Some(identity.as_str()) {
            return cache;
        }
        let mut lines = lines.peekable();
        if let Some(run) = lines.peek().and_then(|l| l.strip_prefix(RUN_LINE)) {
            cache.run = Digest::from_str_radix(run, 16).ok();
            lines.next();
        }
        cache.entries = lines.filter_map(parse_line).collect();
        cache
    }

    /// The files of the last run, when its whole input had the key `run` too and every file
    /// it produced is still on disk exactly as written: then this run would produce the same,
    /// and nothing needs to be checked, rendered or written again.
    pub(crate) fn unchanged_run(&self, out_dir: &Path, run: Digest) -> Option<Vec<PathBuf>> {
        self.identity.as_ref()?;
        if self.run != Some(run) || self.entries.is_empty() {
            return None;
        }
        let intact = |(path, entry): (&PathBuf, &Entry)| {
            crate::files::read_bytes(&out_dir.join(path))
                .is_ok_and(|bytes| digest(&bytes) == entry.output)
        };
        self.entries
            .iter()
            .all(intact)
            .then(|| self.entries.keys().cloned().collect())
    }

    /// The text of `path` (relative to `out_dir`) if it was rendered from the same input
    /// and is still on disk exactly as written.
    pub(crate) fn reuse(&self, out_dir: &Path, path: &Path, input: Digest) -> Option<String> {
        self.identity.as_ref()?;
        let entry = self.entries.get(path)?;
        if entry.input != input {
            return None;
        }
        let text = crate::files::read_optional(&out_dir.join(path)).ok()??;
        (digest(text.as_bytes()) == entry.output).then_some(text)
    }

    /// Remembers that `text` was rendered for `path` from `input`.
    pub(crate) fn record(&mut self, path: &Path, input: Digest, text: &str) {
        let output = digest(text.as_bytes());
        self.entries
            .insert(path.to_path_buf(), Entry { input, output });
    }

    /// Keeps only the entries of files this run produced, then writes the index. Without
    /// a known generator identity, nothing is written.
    /// `run` is the key of this run's whole input; it is kept only when the index records
    /// every file the run produced, so that an unchanged rerun can be answered from it.
    pub(crate) fn save(
        &mut self,
        out_dir: &Path,
        produced: &[&Path],
        run: Option<Digest>,
    ) -> Result<(), Error> {
        let Some(identity) = &self.identity else {
            return Ok(());
        };
        let produced: std::collections::BTreeSet<&Path> = produced.iter().copied().collect();
        self.entries
            .retain(|path, _| produced.contains(path.as_path()));
        let mut text = format!("{identity}\n");
        if let Some(run) = run.filter(|_| self.entries.len() == produced.len()) {
            let _ = writeln!(text, "{RUN_LINE}{run:032x}");
        }
        for (path, entry) in &self.entries {
            // Output paths are made of module names (ASCII identifiers and `/`), so a tab
            // or a line break cannot occur in them.
            let _ = writeln!(
                text,
                "{:032x}\t{:032x}\t{}",
                entry.input,
                entry.output,
                path.display()
            );
        }
        crate::files::write_if_changed(&out_dir.join(CACHE_FILE), &text)
    }
}

fn parse_line(line: &str) -> Option<(PathBuf, Entry)> {
    let mut parts = line.splitn(3, '\t');
    let input = Digest::from_str_radix(parts.next()?, 16).ok()?;
    let output = Digest::from_str_radix(parts.next()?, 16).ok()?;
    let path = parts.next().filter(|p| !p.is_empty())?;
    Some((PathBuf::from(path), Entry { input, output }))
}

/// What identifies the running generator build: its version and the size and modification
/// time of the executable it is linked into (a build script embeds the generator, so a
/// changed generator means a relinked build script). `None` when that cannot be read; the
/// cache is then not used.
pub(crate) fn generator_identity() -> Option<String> {
    let exe = std::env::current_exe().ok()?;
    let (size, modified) = crate::files::size_and_modified(&exe)?;
    let modified = modified.duration_since(std::time::UNIX_EPOCH).ok()?;
    Some(format!(
        "rambase generator {} render cache; exe {} bytes, modified {}.{:09}",
        env!("CARGO_PKG_VERSION"),
        size,
        modified.as_secs(),
        modified.subsec_nanos()
    ))
}

/// The key of a build-script run's whole input: the generator build (the index is only read
/// by the same one), the run's settings, and the path and bytes of every spec and lock file.
/// Equal keys mean equal output, since generation is deterministic.
pub(crate) fn run_key<'a>(
    settings: &str,
    files: impl IntoIterator<Item = (&'a Path, &'a [u8])>,
) -> Digest {
    let mut out = DigestWriter::default();
    out.feed(settings.as_bytes());
    for (path, bytes) in files {
        // Lengths first, so that no two different lists feed the same bytes.
        let path = path.to_string_lossy();
        out.feed(&(path.len() as u64).to_le_bytes());
        out.feed(path.as_bytes());
        out.feed(&(bytes.len() as u64).to_le_bytes());
        out.feed(bytes);
    }
    out.finish()
}

/// The hash of everything rendering reads from a resource version: its whole IR, through
/// its `Debug` form (which prints every field), streamed into the hasher without a copy.
pub(crate) fn input_digest(resource: &Resource, previous: Option<&Resource>) -> Digest {
    let mut out = DigestWriter::default();
    // Writing into a hasher cannot fail. The version before is part of the input: the file
    // re-exports the types the two share.
    let _ = write!(out, "{resource:?}\u{0}{previous:?}");
    out.finish()
}

/// The hash of everything formatting reads from an emitted file: the key of a file that
/// is cheap to emit but costly to format, such as the include root of many resources.
pub(crate) fn tokens_digest(file: &FileTokens) -> Digest {
    let mut out = DigestWriter::default();
    // Every part is followed by a byte that cannot occur in it, so parts cannot run together.
    let part = |out: &mut DigestWriter, text: &dyn std::fmt::Display| {
        let _ = write!(out, "{text}\u{0}");
    };
    for line in &file.inner_docs {
        part(&mut out, line);
    }
    out.feed(b"\x01");
    for source in &file.sources {
        part(&mut out, source);
    }
    for section in &file.sections {
        out.feed(b"\x02");
        part(&mut out, &section.title.unwrap_or_default());
        for item in &section.items {
            part(&mut out, item);
        }
    }
    out.finish()
}

fn digest(bytes: &[u8]) -> Digest {
    let mut out = DigestWriter::default();
    out.feed(bytes);
    out.finish()
}

struct DigestWriter {
    low: DefaultHasher,
    high: DefaultHasher,
}

impl Default for DigestWriter {
    fn default() -> Self {
        // `DefaultHasher::new` always starts from the same keys; a different first byte
        // makes the second half an independent hash.
        let low = DefaultHasher::new();
        let mut high = DefaultHasher::new();
        high.write_u8(0x5a);
        Self { low, high }
    }
}

impl DigestWriter {
    fn feed(&mut self, bytes: &[u8]) {
        self.low.write(bytes);
        self.high.write(bytes);
    }

    fn finish(&self) -> Digest {
        (Digest::from(self.high.finish()) << 64) | Digest::from(self.low.finish())
    }
}

impl std::fmt::Write for DigestWriter {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.feed(s.as_bytes());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "rambase-render-cache-{name}-{}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("a")).unwrap();
        dir
    }

    fn saved(dir: &Path, identity: &str, text: &str) -> Digest {
        let path = Path::new("a/v1.rs");
        std::fs::write(dir.join(path), text).unwrap();
        let mut cache = RenderCache::load(dir, Some(identity.into()));
        let input = digest(b"the input");
        cache.record(path, input, text);
        cache.save(dir, &[path], None).unwrap();
        input
    }

    #[test]
    fn a_file_is_reused_only_for_the_same_generator_input_and_text() {
        let dir = folder("reuse");
        let path = Path::new("a/v1.rs");
        let input = saved(&dir, "gen 1", "pub struct A;\n");
        let same = RenderCache::load(&dir, Some("gen 1".into()));
        assert_eq!(
            same.reuse(&dir, path, input).as_deref(),
            Some("pub struct A;\n")
        );
        assert_eq!(same.reuse(&dir, path, input ^ 1), None, "other input");
        let rebuilt = RenderCache::load(&dir, Some("gen 2".into()));
        assert_eq!(rebuilt.reuse(&dir, path, input), None, "other generator");
        assert_eq!(RenderCache::load(&dir, None).reuse(&dir, path, input), None);
        std::fs::write(dir.join(path), "pub struct B;\n").unwrap();
        assert_eq!(same.reuse(&dir, path, input), None, "edited on disk");
        std::fs::remove_file(dir.join(path)).unwrap();
        assert_eq!(same.reuse(&dir, path, input), None, "removed");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_damaged_index_only_loses_its_damaged_lines() {
        let dir = folder("damaged");
        let path = Path::new("a/v1.rs");
        let input = saved(&dir, "gen 1", "pub struct A;\n");
        let index = std::fs::read_to_string(dir.join(CACHE_FILE)).unwrap();
        std::fs::write(
            dir.join(CACHE_FILE),
            format!("{index}zz\tnot hex\tb/v1.rs\n\t\t\nhalf a line"),
        )
        .unwrap();
        let cache = RenderCache::load(&dir, Some("gen 1".into()));
        assert_eq!(cache.entries.len(), 1);
        assert!(cache.reuse(&dir, path, input).is_some());
        std::fs::write(dir.join(CACHE_FILE), &index[..index.len() / 2]).unwrap();
        let cut = RenderCache::load(&dir, Some("gen 1".into()));
        assert_eq!(cut.reuse(&dir, path, input), None);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn an_unchanged_run_is_answered_only_for_the_same_key_and_intact_files() {
        let dir = folder("unchanged");
        let path = Path::new("a/v1.rs");
        std::fs::write(dir.join(path), "pub struct A;\n").unwrap();
        let mut cache = RenderCache::load(&dir, Some("gen 1".into()));
        cache.record(path, digest(b"in"), "pub struct A;\n");
        let key = run_key(
            "settings",
            [(Path::new("spec.yaml"), &b"kind: resource"[..])],
        );
        cache.save(&dir, &[path], Some(key)).unwrap();
        let same = RenderCache::load(&dir, Some("gen 1".into()));
        assert_eq!(
            same.unchanged_run(&dir, key),
            Some(vec![path.to_path_buf()])
        );
        assert_eq!(same.unchanged_run(&dir, key ^ 1), None, "other input");
        let rebuilt = RenderCache::load(&dir, Some("gen 2".into()));
        assert_eq!(rebuilt.unchanged_run(&dir, key), None, "other generator");
        std::fs::write(dir.join(path), "pub struct B;\n").unwrap();
        assert_eq!(same.unchanged_run(&dir, key), None, "edited on disk");
        // A file the index does not record: no run key is kept.
        let mut partial = RenderCache::load(&dir, Some("gen 1".into()));
        partial
            .save(&dir, &[path, Path::new("b.rs")], Some(key))
            .unwrap();
        let reloaded = RenderCache::load(&dir, Some("gen 1".into()));
        assert_eq!(reloaded.run, None);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn run_keys_differ_for_every_change_of_input() {
        let file = |p: &'static str, b: &'static str| (Path::new(p), b.as_bytes());
        let base = run_key("s", [file("a.yaml", "x"), file("b.yaml", "y")]);
        assert_ne!(
            base,
            run_key("t", [file("a.yaml", "x"), file("b.yaml", "y")])
        );
        assert_ne!(
            base,
            run_key("s", [file("a.yaml", "x"), file("b.yaml", "z")])
        );
        assert_ne!(
            base,
            run_key("s", [file("a.yaml", "xb.yaml"), file("", "y")])
        );
        assert_ne!(base, run_key("s", [file("a.yaml", "x")]));
        assert_eq!(
            base,
            run_key("s", [file("a.yaml", "x"), file("b.yaml", "y")])
        );
    }

    #[test]
    fn saving_forgets_files_that_were_not_produced() {
        let dir = folder("forget");
        saved(&dir, "gen 1", "pub struct A;\n");
        let mut cache = RenderCache::load(&dir, Some("gen 1".into()));
        cache.save(&dir, &[], None).unwrap();
        let reloaded = RenderCache::load(&dir, Some("gen 1".into()));
        assert!(reloaded.entries.is_empty());
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn digests_differ_in_both_halves_and_are_stable() {
        let a = digest(b"a");
        let b = digest(b"b");
        assert_ne!(a >> 64, b >> 64);
        assert_ne!(a as u64, b as u64);
        assert_eq!(a, digest(b"a"));
    }
}
