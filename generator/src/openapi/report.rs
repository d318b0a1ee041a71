//! The import report: per file, what was written, what the document's quirks turned into,
//! and what OpenAPI cannot give (to be added by hand from the documentation page); then the
//! problems the generator found in the written specs.

use std::fmt;
use std::path::PathBuf;

use super::model::{Field, Query, Resource};
use crate::diag::Diagnostics;

/// What an import did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportReport {
    /// One entry per spec file the document maps to, sorted by path.
    pub files: Vec<FileReport>,
    /// What the generator found when it checked every spec of the folder after the import
    /// (empty when the specs generate cleanly).
    pub problems: Diagnostics,
}

/// One spec file of an import.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileReport {
    /// The file, relative to the spec folder.
    pub path: PathBuf,
    /// What happened to it.
    pub status: FileStatus,
    /// How the document's content was read (quirks, choices, disagreements with the file).
    pub notes: Vec<String>,
    /// What OpenAPI does not say, to be copied from the documentation page.
    pub missing: Vec<String>,
}

/// What happened to one spec file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileStatus {
    /// It did not exist and was written.
    Created,
    /// It existed and gained what the document added.
    Updated,
    /// It existed and already said everything the document says.
    Unchanged,
    /// It exists but could not be read as a spec, so it was left alone.
    Kept,
    /// The document changed what the file says (a type, a rule, a field removed): the file
    /// was left as it is; the notes name each conflict.
    Conflict,
}

impl ImportReport {
    /// Whether a file was left alone because the document conflicts with it.
    pub fn has_conflicts(&self) -> bool {
        self.files.iter().any(|f| f.status == FileStatus::Conflict)
    }
}

impl fmt::Display for ImportReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for file in &self.files {
            let status = match file.status {
                FileStatus::Created => "created",
                FileStatus::Updated => "updated",
                FileStatus::Unchanged => "unchanged",
                FileStatus::Kept => "kept (not readable as a spec; fix it and import again)",
                FileStatus::Conflict => "conflict (the document changed it; left as it is)",
            };
            writeln!(f, "{}: {status}", file.path.display())?;
            for note in &file.notes {
                writeln!(f, "  note: {note}")?;
            }
            for missing in &file.missing {
                writeln!(f, "  to add by hand: {missing}")?;
            }
        }
        let conflicts = self
            .files
            .iter()
            .filter(|file| file.status == FileStatus::Conflict)
            .count();
        if conflicts > 0 {
            writeln!(
                f,
                "{conflicts} file(s) conflict with the document and were left as they are: \
                 edit them to agree, or import again with `--take-document`"
            )?;
        }
        if self.problems.is_empty() {
            write!(
                f,
                "{} spec files; the generator found no problem",
                self.files.len()
            )
        } else {
            write!(f, "{}", self.problems)
        }
    }
}

/// What OpenAPI could not say about a resource version.
pub(crate) fn missing(r: &Resource) -> Vec<String> {
    let mut out = Vec::new();
    if r.errors.is_empty() {
        out.push(
            "errors: OpenAPI lists no error codes; copy them from the page (`errors:`)".to_string(),
        );
    }
    let mut undefaulted: Vec<&str> = r
        .path_params
        .iter()
        .filter(|p| p.default.is_none())
        .map(|p| p.name.as_str())
        .collect();
    undefaulted.extend(r.query.iter().filter_map(|q| match q {
        Query::Inline(f) if f.default.is_none() && f.ty != "array" => Some(f.name.as_str()),
        _ => None,
    }));
    if let Some(body) = &r.request {
        collect(&body.fields, &mut undefaulted, |f| {
            !f.required && f.default.is_none() && scalar(f)
        });
    }
    if !undefaulted.is_empty() {
        out.push(format!(
            "defaults: OpenAPI gives none; check the page's \"Default value\" of {}",
            undefaulted.join(", ")
        ));
    }
    let mut strings = Vec::new();
    for body in r.request.iter().chain(&r.response) {
        collect(&body.fields, &mut strings, |f| {
            f.ty == "string" && f.domain.is_none()
        });
    }
    if !strings.is_empty() {
        strings.sort_unstable();
        strings.dedup();
        out.push(format!(
            "domains: OpenAPI neither marks domain-valued fields nor describes their values; give `domain:` to those the page links to \"Applicable domain values\" among {}",
            strings.join(", ")
        ));
    }
    if (r.request.is_some() || r.response.is_some()) && !any_custom(r) {
        out.push("customFields: OpenAPI does not say \"Custom fields supported\"; add `customFields: true` where the page does".to_string());
    }
    out
}

fn scalar(f: &Field) -> bool {
    !matches!(
        f.ty.as_str(),
        "object" | "array" | "date" | "datetime" | "time"
    )
}

fn collect<'f>(fields: &'f [Field], out: &mut Vec<&'f str>, want: impl Fn(&Field) -> bool + Copy) {
    for f in fields {
        if want(f) {
            out.push(&f.name);
        }
        collect(&f.fields, out, want);
        if let Some(items) = &f.items {
            collect(&items.fields, out, want);
        }
    }
}

fn any_custom(r: &Resource) -> bool {
    fn in_fields(fields: &[Field]) -> bool {
        fields.iter().any(|f| {
            f.custom_fields
                || in_fields(&f.fields)
                || f.items
                    .as_ref()
                    .is_some_and(|i| i.custom_fields || in_fields(&i.fields))
        })
    }
    r.request
        .iter()
        .chain(&r.response)
        .any(|b| b.custom_fields || in_fields(&b.fields))
}
