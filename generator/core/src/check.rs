//! Checking spec files without generating: finding them in a folder, loading, decoding and
//! lowering them into the validated IR, all at once or a batch at a time for big folders.

use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::diag::Diagnostics;
use crate::error::Error;
use crate::spec::yaml;
use crate::{files, ir, lower, spec};

/// Finds the spec files (`*.yaml`, `*.yml`) below `dir`, sorted, so that the output never
/// depends on directory order.
pub fn discover_specs(dir: &Path) -> Result<Vec<PathBuf>, Error> {
    let listing = files::list(dir, false)?;
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
        let Ok(Some(text)) = files::read_optional(path) else {
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

/// Loads, decodes and lowers spec files into the validated IR, reporting every problem.
pub fn check_specs(shown: &[PathBuf], base: &Path) -> Result<ir::Api, Error> {
    let mut diags = Diagnostics::default();
    let sources = spec::load_files_in(base, shown, &mut diags);
    check_sources(&sources, diags)
}

/// Spec files decoded and lowered at a time by [`check_batched`]: enough to keep every core
/// busy, few enough that a client's folder of 10,000 specs is never held decoded at once. The
/// unit tests cut smaller batches, so their folders cross batch ends in little time.
const CHECK_BATCH: usize = if cfg!(test) { 16 } else { 512 };

/// Where [`check_batched`] and [`check_batched_with`] get a range of spec files: loading
/// problems go to the `Diagnostics` it is given.
pub trait Load: FnMut(Range<usize>, &mut Diagnostics) -> Vec<spec::SourceFile> {}
impl<F: FnMut(Range<usize>, &mut Diagnostics) -> Vec<spec::SourceFile>> Load for F {}

/// The problems `check_sources` finds in `count` spec files that `load` gives a range at a
/// time, holding one batch decoded and lowered at a time. The checks across files still see
/// every file: the common files are found first and kept, and each version's identity is kept.
pub fn check_batched(count: usize, mut load: impl Load) -> Diagnostics {
    let (diags, missed) = check_scanned(count, &mut load, |text| text.contains("common"));
    if !missed {
        return diags;
    }
    // A common file whose `kind` the text scan could not see (spelt with a YAML escape): decode
    // every file to find the common ones, and check again.
    check_scanned(count, &mut load, |_| true).0
}

/// [`check_batched`] for a caller that knows its common files: `load` gives the other files.
pub fn check_batched_with(
    commons: &[spec::SourceFile],
    count: usize,
    load: impl Load,
) -> Diagnostics {
    let mut diags = Diagnostics::default();
    let commons = spec::parse_files(commons, &mut diags);
    check_resources(&commons, count, load, &mut diags);
    diags
}

/// Finds the common files among those whose text `may_be_common`, then checks the rest; also
/// says whether a common file turned up among the rest.
fn check_scanned(
    count: usize,
    load: &mut impl Load,
    may_be_common: impl Fn(&str) -> bool,
) -> (Diagnostics, bool) {
    let mut diags = Diagnostics::default();
    let (paths, commons) = common_files(count, load, may_be_common, &mut diags);
    let others = |range, diags: &mut Diagnostics| {
        let mut sources = load(range, diags);
        sources.retain(|s| !paths.contains(&s.path));
        sources
    };
    let missed = check_resources(&commons, count, others, &mut diags);
    (diags, missed)
}

/// Checks the files `load` gives, batch by batch, against the `commons`; whether a common
/// file was among them (it was not looked at).
fn check_resources(
    commons: &[spec::SpecFile],
    count: usize,
    mut load: impl Load,
    diags: &mut Diagnostics,
) -> bool {
    let mut check = lower::BatchCheck::new(commons, diags);
    let mut met_common = false;
    for range in batches(count) {
        let sources = load(range, diags);
        let files = spec::parse_files(&sources, diags);
        drop(sources);
        met_common |= files.iter().any(|f| matches!(f, spec::SpecFile::Common(_)));
        check.add(&files, diags);
    }
    check.finish(diags);
    met_common
}

fn batches(count: usize) -> impl Iterator<Item = Range<usize>> {
    (0..count)
        .step_by(CHECK_BATCH)
        .map(move |start| start..(start + CHECK_BATCH).min(count))
}

/// The `kind: common` files among the `count` that `load` gives whose text `may_be_common`,
/// with their paths; their problems go to `diags`. Loading problems are left to the pass that
/// checks the other files.
fn common_files(
    count: usize,
    load: &mut impl Load,
    may_be_common: impl Fn(&str) -> bool,
    diags: &mut Diagnostics,
) -> (Vec<PathBuf>, Vec<spec::SpecFile>) {
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

    /// A resource as RamBase's pages give them: a pattern with escapes, and (every seventh) a
    /// text that says "common", which the scan for common files must not be fooled by.
    fn resource(i: usize, operation: &str, queries: &str) -> spec::SourceFile {
        let summary = if i.is_multiple_of(7) {
            "Gets the common thing"
        } else {
            "Gets thing"
        };
        let text = format!(
            "kind: resource\nresource: {}\nversion: 1\narea: Sales\nsummary: {summary} {i}\n\
             documentation: https://api.rambase.net/documentation?resourceno={}&version=1\n\
             operation: {operation}\nmethod: GET\npath: /sales/things{i}\nsuccessStatus: 200\n\
             queryParameters: [{queries}]\n\
             response:\n  object: Thing\n  fields:\n    ThingId:\n      type: integer\n      description: Id\n\
             \x20   Code:\n      type: string\n      description: Code\n      pattern: '^([0-9\\(\\)\\s])*$'\n",
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

    fn problems(sources: &[spec::SourceFile]) -> Vec<String> {
        match check_sources(sources, Diagnostics::default()) {
            Err(Error::Spec(diags)) => shown(&diags),
            other => panic!("the folder has problems, got {:?}", other.map(|_| ())),
        }
    }

    #[test]
    fn batches_find_what_one_check_finds() {
        let sources = folder();
        let whole = problems(&sources);
        let batched = check_batched(sources.len(), |range, _| sources[range].to_vec());
        assert_eq!(shown(&batched), whole);
        let text = whole.join("\n");
        for expected in ["version 1 is defined twice", "$nope", "$bad"] {
            assert!(text.contains(expected), "{expected} missing from:\n{text}");
        }
        // A caller that knows its common file gives the rest alone.
        let (common, rest) = sources.split_last().expect("common.yaml last");
        let with = check_batched_with(std::slice::from_ref(common), rest.len(), |range, _| {
            rest[range].to_vec()
        });
        assert_eq!(shown(&with), whole);
    }

    /// The text scan for common files cannot see a `kind` spelt with a YAML escape: the file is
    /// still found, and its parameters still known to every resource.
    #[test]
    fn a_common_file_spelt_with_an_escape_is_still_common() {
        let mut sources = folder();
        let common = sources.last_mut().expect("common.yaml");
        common.text = common
            .text
            .replacen("kind: common", "kind: \"\\x63ommon\"", 1);
        assert!(!common.text.contains("common"), "{}", common.text);
        let whole = problems(&sources);
        assert!(!whole.join("\n").contains("`$db`"), "{whole:?}");
        let batched = check_batched(sources.len(), |range, _| sources[range].to_vec());
        assert_eq!(shown(&batched), whole);
    }
}
