//! OpenAPI 3.0 ↔ spec files.
//!
//! [`import`] reads the OpenAPI document RamBase publishes for an API client (JSON or YAML,
//! both read by the spec's own YAML reader, so every problem has a line and column) and
//! writes one spec file per resource version plus the shared query parameters, merging with
//! files that already exist. Then it checks the spec folder with the generator and puts what
//! it found in the [`ImportReport`]. [`export`] writes the specs as one OpenAPI document,
//! with what OpenAPI cannot say in `x-rambase-*` extensions, so that importing the export
//! gives back the same specs.

mod body;
mod conflict;
mod document;
mod existing;
mod export;
mod import_lock;
mod inherit;
mod json;
mod json_reader;
mod merge;
mod naming;
mod operation;
mod params;
mod precheck;
mod reader;
mod report;
mod rules;
mod schema;
mod spec_folder;
mod yaml_writer;

use std::path::Path;

pub use export::export;
pub use report::{FileReport, FileStatus, ImportReport};

use crate::diag::Diagnostics;
use crate::error::Error;

/// The largest OpenAPI document read, 64 MiB: a client's document of 10,000 operations is
/// about 10 MB, and reading one at the limit stays under a gigabyte of memory.
pub const MAX_DOCUMENT_BYTES: u64 = 64 * 1024 * 1024;

/// Choices of an import.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportOptions {
    /// Import only these areas (`sales`), resource identifiers (`604`) or operation names
    /// (`ListOrders`), compared without case; empty imports everything.
    pub only: Vec<String>,
}

/// What an import does with a version file that the document conflicts with (it changed a
/// field's type, removed a field, changed a rule).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum OnConflict {
    /// Leave the file as it is and report the conflict ([`FileStatus::Conflict`]).
    #[default]
    KeepFile,
    /// Rewrite the file from the document, keeping the hand facts of the fields the document
    /// did not change.
    TakeDocument,
}

/// Imports the OpenAPI document `file` into the spec folder `spec_dir`.
///
/// Problems of the document as a whole (not OpenAPI 3.0, not readable, a broken shared
/// parameter) stop the import before anything is written, all of them reported at once
/// ([`Error::Spec`], each at its JSON pointer with line and column). An operation with a
/// problem of its own (an unsupported construct in its schemas, say) is left out and the others
/// are imported: a client's document covers hundreds of resources, and one odd one should not
/// hold back the rest. Its problems, and what the generator finds in the written specs, are in
/// [`ImportReport::problems`].
pub fn import(
    file: &Path,
    spec_dir: &Path,
    options: &ImportOptions,
) -> Result<ImportReport, Error> {
    import_with(file, spec_dir, options, OnConflict::KeepFile)
}

/// [`import`], choosing what happens to files the document conflicts with.
pub fn import_with(
    file: &Path,
    spec_dir: &Path,
    options: &ImportOptions,
    on_conflict: OnConflict,
) -> Result<ImportReport, Error> {
    // The text is freed before the specs are written and checked, which needs the most memory.
    let plan = plan(&reader::read(file)?, file, options)?;
    spec_folder::write(&plan, spec_dir, on_conflict == OnConflict::TakeDocument)
}

/// [`import`] of a document's text; `shown` names it in diagnostics.
pub fn import_text(
    text: &str,
    shown: &Path,
    spec_dir: &Path,
    options: &ImportOptions,
) -> Result<ImportReport, Error> {
    import_text_with(text, shown, spec_dir, options, OnConflict::KeepFile)
}

/// [`import_text`], choosing what happens to files the document conflicts with.
pub fn import_text_with(
    text: &str,
    shown: &Path,
    spec_dir: &Path,
    options: &ImportOptions,
    on_conflict: OnConflict,
) -> Result<ImportReport, Error> {
    let plan = plan(text, shown, options)?;
    spec_folder::write(&plan, spec_dir, on_conflict == OnConflict::TakeDocument)
}

/// What an import will write: the resource versions and the shared query parameters.
pub(crate) struct Plan {
    pub resources: Vec<operation::Imported>,
    pub shared: Vec<params::Shared>,
    /// The problems of the operations left out.
    pub skipped: Diagnostics,
}

/// Reads the whole document; every problem in it is reported together.
fn plan(text: &str, shown: &Path, options: &ImportOptions) -> Result<Plan, Error> {
    let parsed = reader::parse(text, shown)?;
    let mut matched = vec![false; options.only.len()];
    let (chosen, diags, skipped) = choose(&parsed.root, shown, options, &mut matched);
    // Only the schemas the chosen operations use are built (`--only` skips the others).
    let used = used_nodes(&parsed.root, &chosen);
    let (schemas, problems) = reader::used_schemas(text, &parsed, &used, shown);
    let mut doc = document::Doc::new(&parsed.root, shown).with_schemas(&schemas);
    doc.diags = diags;
    doc.diags.append(problems);
    let mut plan = Plan {
        resources: Vec::new(),
        shared: Vec::new(),
        skipped,
    };
    for (op, id) in chosen {
        // Each operation's problems are collected apart from the document's.
        let outer = std::mem::take(&mut doc.diags);
        let imported = operation::read(&mut doc, &op, id, &mut plan.shared);
        if let Some(imported) = &imported {
            duplicate(&mut doc, &plan.resources, imported, &op);
        }
        let found = std::mem::replace(&mut doc.diags, outer);
        match imported {
            Some(imported) if found.is_empty() => plan.resources.push(imported),
            _ => plan.skipped.append(found),
        }
    }
    plan.shared = params::components(&mut doc, std::mem::take(&mut plan.shared));
    naming::distinct_operations(&mut plan.resources);
    precheck::drop_unbuildable(&mut plan, shown);
    if plan.resources.is_empty() {
        // Nothing could be imported: every problem stops the import.
        doc.diags.append(std::mem::take(&mut plan.skipped));
        if options.only.is_empty() {
            operation::none_found(&mut doc);
        }
    }
    doc.diags.check().map_err(Error::Spec)?;
    if let Some(i) = matched.iter().position(|m| !m) {
        return Err(Error::Usage(format!(
            "--only {}: no operation of the document has this area, resource or name",
            options.only[i]
        )));
    }
    plan.resources.sort_by(|a, b| a.file.cmp(&b.file));
    Ok(plan)
}

/// The operations to import (by identity and `--only`), the document's problems so far, and
/// those of the operations without an identity.
fn choose<'n>(
    root: &'n crate::spec::yaml::Node,
    shown: &Path,
    options: &ImportOptions,
    matched: &mut [bool],
) -> (
    Vec<(operation::OpAt<'n>, operation::Identity)>,
    Diagnostics,
    Diagnostics,
) {
    let mut doc = document::Doc::new(root, shown);
    check_version(&mut doc);
    let (mut chosen, mut skipped) = (Vec::new(), Diagnostics::default());
    for op in operation::operations(&mut doc) {
        let outer = std::mem::take(&mut doc.diags);
        if let Some(id) = operation::identity(&mut doc, &op)
            && selected(&id, &options.only, matched)
        {
            chosen.push((op, id));
        }
        skipped.append(std::mem::replace(&mut doc.diags, outer));
    }
    (chosen, doc.diags, skipped)
}

/// What the chosen operations may refer to: themselves, their paths' parameters and the
/// components other than schemas.
fn used_nodes<'n>(
    root: &'n crate::spec::yaml::Node,
    chosen: &[(operation::OpAt<'n>, operation::Identity)],
) -> Vec<&'n crate::spec::yaml::Node> {
    let mut used: Vec<_> = document::get(root, "components").into_iter().collect();
    for (op, _) in chosen {
        used.push(op.node);
        used.extend(op.path_params.as_ref().map(|(node, _)| *node));
    }
    used
}

fn check_version(doc: &mut document::Doc<'_>) {
    let root = doc.root;
    if !matches!(root.value, crate::spec::yaml::Value::Map(_)) {
        doc.error(
            root,
            "",
            "the document is not a mapping",
            "an OpenAPI document is a JSON object",
        );
        return;
    }
    // `openapi: 3.0` unquoted in YAML is a number, but means the same.
    let version = document::get(root, "openapi").and_then(|n| match &n.value {
        crate::spec::yaml::Value::Str(s) => Some(s.clone()),
        crate::spec::yaml::Value::Float(f) => Some(format!("{f:?}")),
        crate::spec::yaml::Value::Int(i) => Some(i.to_string()),
        _ => None,
    });
    match (version.as_deref(), document::get(root, "swagger")) {
        (Some(v), _) if v.starts_with("3.0.") || v == "3.0" => {}
        (Some(v), _) => {
            let at = document::get(root, "openapi").unwrap_or(root);
            let help = "RamBase publishes OpenAPI 3.0.x; only 3.0 documents are read";
            doc.error(
                at,
                "/openapi",
                format!("OpenAPI {v} is not supported"),
                help,
            );
        }
        (None, Some(at)) => doc.error(
            at,
            "/swagger",
            "Swagger 2.0 is not supported",
            "convert the document to OpenAPI 3.0",
        ),
        (None, None) => doc.error(
            root,
            "",
            "the document has no `openapi` version",
            "an OpenAPI 3.0 document starts with `openapi: 3.0.x`",
        ),
    }
}

fn selected(id: &operation::Identity, only: &[String], matched: &mut [bool]) -> bool {
    if only.is_empty() {
        return true;
    }
    let mut any = false;
    for (want, hit) in only.iter().zip(matched.iter_mut()) {
        if want.eq_ignore_ascii_case(&id.area)
            || want.eq_ignore_ascii_case(&id.operation)
            || *want == id.resource.to_string()
        {
            *hit = true;
            any = true;
        }
    }
    any
}

fn duplicate(
    doc: &mut document::Doc<'_>,
    seen: &[operation::Imported],
    new: &operation::Imported,
    op: &operation::OpAt<'_>,
) {
    let (resource, version) = existing::id(&new.model);
    if let Some(old) = seen
        .iter()
        .find(|o| existing::id(&o.model) == (resource, version))
    {
        let message = format!(
            "resource {resource} version {version} is described twice (also by {} {})",
            crate::spec::text(&old.model.method).unwrap_or_default(),
            crate::spec::text(&old.model.path).unwrap_or_default()
        );
        doc.error(
            op.node,
            &op.ptr,
            message,
            "one operation per resource version",
        );
    }
}
