//! Writing an import into the spec folder: existing version files are merged, never
//! overwritten with less, and a document that changed a version's fields is a conflict that
//! leaves the file alone; a new version inherits the hand facts of the older one; shared
//! parameters already defined in a common file are used, not redefined; the import's record
//! ([`import_lock`]) is kept; then the generator checks the whole folder.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::existing::id;
use super::report::{self, FileReport, FileStatus, ImportReport};
use super::{Plan, conflict, existing, import_lock, inherit, merge, yaml_writer};
use crate::diag::Diagnostics;
use crate::error::Error;
use crate::spec::{RawCommon, RawField, RawResource, SpecFile};

const SCHEMA: &str = "schema/rambase-spec.schema.json";

/// Marks the files an import wrote, in their header.
const IMPORTED: &str = "(`generator import-openapi`)";

/// The spec files already in the folder.
#[derive(Default)]
struct Existing {
    resources: Vec<(PathBuf, RawResource)>,
    commons: Vec<(PathBuf, RawCommon)>,
}

fn scan(spec_dir: &Path) -> Result<Existing, Error> {
    let mut out = Existing::default();
    if !spec_dir.is_dir() {
        return Ok(out);
    }
    let shown: Vec<PathBuf> = crate::check::discover_specs(spec_dir)?
        .iter()
        .filter_map(|p| p.strip_prefix(spec_dir).ok().map(Path::to_path_buf))
        .collect();
    // Files with problems are left out here; the check after writing reports them.
    let mut ignored = Diagnostics::default();
    let sources = crate::spec::load_files_in(spec_dir, &shown, &mut ignored);
    for file in crate::spec::parse_files(&sources, &mut ignored) {
        match file {
            SpecFile::Resource(raw) => out
                .resources
                .push((raw.origin.file.clone(), existing::resource(*raw))),
            SpecFile::Common(raw) => out
                .commons
                .push((raw.origin.file.clone(), existing::common(raw))),
        }
    }
    Ok(out)
}

/// Writes the plan and checks the folder.
pub(crate) fn write(
    plan: &Plan,
    spec_dir: &Path,
    take_document: bool,
) -> Result<ImportReport, Error> {
    let existing = scan(spec_dir)?;
    let mut record = import_lock::read(spec_dir)?;
    let mut report = ImportReport::default();
    let mut component_notes = Vec::new();
    for imported in &plan.resources {
        let found = existing
            .resources
            .iter()
            .find(|(_, r)| id(r) == id(&imported.model));
        let rel = found.map_or_else(|| PathBuf::from(&imported.file), |(p, _)| p.clone());
        let mut notes = own_notes(imported, &mut component_notes);
        let (resource, version) = id(&imported.model);
        let key = import_lock::key(resource, version);
        let (model, status) = match found {
            Some((_, old)) => {
                let base = record.get(&key);
                update(old, &imported.model, base, take_document, &mut notes)
            }
            None if spec_dir.join(&rel).exists() => (imported.model.clone(), FileStatus::Kept),
            None => (
                new_version(&existing, &record, &imported.model, &mut notes),
                FileStatus::Created,
            ),
        };
        if matches!(status, FileStatus::Created | FileStatus::Updated) {
            let text = yaml_writer::resource(&model, &header(spec_dir, &rel));
            crate::files::write(&spec_dir.join(&rel), text.as_bytes())?;
        }
        if !matches!(status, FileStatus::Conflict | FileStatus::Kept) {
            record.insert(key, import_lock::facts(&imported.model));
        }
        let missing = report::missing(&model);
        report.files.push(FileReport {
            path: rel,
            status,
            notes,
            missing,
        });
    }
    if let Some(common) = common(plan, spec_dir, &existing, component_notes)? {
        report.files.push(common);
    }
    report.files.sort_by(|a, b| a.path.cmp(&b.path));
    save_record(spec_dir, &existing, plan, record)?;
    report.problems = check(spec_dir)?;
    report.problems.append(plan.skipped.clone());
    Ok(report)
}

/// The notes of one imported version; those about shared parameters belong to the common
/// file, once.
fn own_notes(imported: &super::operation::Imported, shared: &mut Vec<String>) -> Vec<String> {
    let (shared_notes, notes): (Vec<String>, Vec<String>) = imported
        .notes
        .iter()
        .cloned()
        .partition(|n| n.starts_with("#/components/parameters/"));
    for n in shared_notes {
        if !shared.contains(&n) {
            shared.push(n);
        }
    }
    notes
}

/// An existing version file and the document's version: merged when they do not conflict;
/// on a conflict the file is left as it is, unless the document's side is taken.
fn update(
    old: &RawResource,
    doc: &RawResource,
    base: Option<&import_lock::Facts>,
    take_document: bool,
    notes: &mut Vec<String>,
) -> (RawResource, FileStatus) {
    let conflict::Findings { conflicts, doubts } = conflict::find(old, doc, base);
    notes.extend(doubts);
    if conflicts.is_empty() {
        let (merged, merge_notes) = merge::merge(old, doc);
        notes.extend(merge_notes);
        let status = if merged == *old {
            FileStatus::Unchanged
        } else {
            FileStatus::Updated
        };
        return (merged, status);
    }
    if take_document {
        let (model, carried) = inherit::carry(old, base, doc);
        notes.extend(
            conflicts
                .iter()
                .map(|c| format!("took the document's side: {c}")),
        );
        notes.extend(carried.summary("the file"));
        return (model, FileStatus::Updated);
    }
    notes.extend(conflicts.iter().map(|c| format!("conflict: {c}")));
    notes.push(
        "left as it is: edit the file to agree with the document, or import again with \
         `--take-document` (hand facts of the fields the document did not change are kept)"
            .into(),
    );
    (old.clone(), FileStatus::Conflict)
}

/// A version new to the folder inherits the hand facts of the newest older version's file.
fn new_version(
    existing: &Existing,
    record: &BTreeMap<String, import_lock::Facts>,
    doc: &RawResource,
    notes: &mut Vec<String>,
) -> RawResource {
    let (resource, version) = id(doc);
    let older = existing
        .resources
        .iter()
        .filter(|(_, r)| id(r).0 == resource && id(r).1 < version)
        .max_by_key(|(_, r)| id(r).1);
    let Some((path, old)) = older else {
        return doc.clone();
    };
    let (old_resource, old_version) = id(old);
    let base = record.get(&import_lock::key(old_resource, old_version));
    let (model, carried) = inherit::carry(old, base, doc);
    let shown = path.to_string_lossy().replace('\\', "/");
    notes.extend(carried.summary(&shown));
    model
}

/// Keeps the record of the versions that have a file: the imported ones and those already
/// in the folder.
fn save_record(
    spec_dir: &Path,
    existing: &Existing,
    plan: &Plan,
    mut record: BTreeMap<String, import_lock::Facts>,
) -> Result<(), Error> {
    let keys: Vec<String> = existing
        .resources
        .iter()
        .map(|(_, r)| id(r))
        .chain(plan.resources.iter().map(|i| id(&i.model)))
        .map(|(r, v)| import_lock::key(r, v))
        .collect();
    record.retain(|k, _| keys.contains(k));
    import_lock::write(spec_dir, &record)
}

/// The shared parameters not yet defined in a common file go to `common.yaml`, or to
/// `openapi-common.yaml` when a `common.yaml` written by hand is already there (so its
/// comments are never rewritten).
fn common(
    plan: &Plan,
    spec_dir: &Path,
    existing: &Existing,
    mut notes: Vec<String>,
) -> Result<Option<FileReport>, Error> {
    let mut new: Vec<RawField> = Vec::new();
    for shared in &plan.shared {
        let defined = existing.commons.iter().find_map(|(p, c)| {
            c.query_parameters
                .iter()
                .find(|f| f.name.value == shared.field.name.value)
                .map(|f| (p, f))
        });
        match defined {
            Some((path, f)) if *f != shared.field => notes.push(format!(
                "`{}`: the definition in {} is used; the document's ({}) differs",
                shared.field.name.value,
                path.display(),
                shared.component
            )),
            Some(_) => {}
            None => new.push(shared.field.clone()),
        }
    }
    if new.is_empty() && notes.is_empty() {
        return Ok(None);
    }
    let rel = common_file(spec_dir);
    let mut model = existing
        .commons
        .iter()
        .find(|(p, _)| *p == rel)
        .map(|(_, c)| c.clone())
        .unwrap_or_default();
    let status = if new.is_empty() {
        FileStatus::Unchanged
    } else {
        let status = if spec_dir.join(&rel).exists() {
            FileStatus::Updated
        } else {
            FileStatus::Created
        };
        model.query_parameters.extend(new);
        let text = yaml_writer::common(&model, &header(spec_dir, &rel));
        crate::files::write(&spec_dir.join(&rel), text.as_bytes())?;
        status
    };
    Ok(Some(FileReport {
        path: rel,
        status,
        notes,
        missing: Vec::new(),
    }))
}

/// `common.yaml`, unless one written by hand is there (its comments are never rewritten):
/// then `openapi-common.yaml`. One that an earlier import wrote is updated in place.
fn common_file(spec_dir: &Path) -> PathBuf {
    let mine = crate::files::read_optional(&spec_dir.join("common.yaml"))
        .ok()
        .flatten()
        .is_none_or(|text| text.contains(IMPORTED));
    PathBuf::from(if mine {
        "common.yaml"
    } else {
        "openapi-common.yaml"
    })
}

fn header(spec_dir: &Path, rel: &Path) -> Vec<String> {
    let mut lines = Vec::new();
    if spec_dir.join(SCHEMA).is_file() {
        let up = "../".repeat(rel.components().count().saturating_sub(1));
        lines.push(format!("yaml-language-server: $schema={up}{SCHEMA}"));
    } else {
        // Outside this repository there is no schema to point at: say how to get one.
        lines.push("`generator schema` writes the JSON Schema of this file, for editors.".into());
    }
    lines.push(format!(
        "Imported from RamBase's OpenAPI document {IMPORTED}. OpenAPI has no"
    ));
    lines.push(
        "error codes, defaults, domain values or custom-field marks: add them from the page."
            .into(),
    );
    lines
}

/// Every spec of the folder through the generator's checks: what it finds is reported.
fn check(spec_dir: &Path) -> Result<Diagnostics, Error> {
    let shown: Vec<PathBuf> = crate::check::discover_specs(spec_dir)?
        .iter()
        .filter_map(|p| p.strip_prefix(spec_dir).ok().map(Path::to_path_buf))
        .collect();
    // In batches: a client's folder holds thousands of specs.
    Ok(crate::check::check_batched(shown.len(), |range, diags| {
        crate::spec::load_files_in(spec_dir, &shown[range], diags)
    }))
}
