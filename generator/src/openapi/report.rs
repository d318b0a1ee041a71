//! The import report: per file, what was written, what the document's quirks turned into,
//! and what OpenAPI cannot give (to be added by hand from the documentation page); then the
//! problems the generator found in the written specs.

use std::fmt;
use std::path::PathBuf;

use crate::diag::Diagnostics;
use crate::spec::{RawField, RawQueryParam, RawResource, flag, text};

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
            writeln!(f, "{}: {status}", clean(&file.path.display().to_string()))?;
            for note in &file.notes {
                writeln!(f, "  note: {}", clean(note))?;
            }
            for missing in &file.missing {
                writeln!(f, "  to add by hand: {}", clean(missing))?;
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
            write!(f, "{}", clean_lines(&self.problems.to_string()))
        }
    }
}

/// What OpenAPI could not say about a resource version: one line per kind, naming only the
/// fields the document gives reason to suspect (a description that mentions a default or
/// domain values), else a count and where to look.
pub(crate) fn missing(r: &RawResource) -> Vec<String> {
    let mut out = Vec::new();
    if r.errors.is_empty() {
        out.push(
            "errors: OpenAPI lists no error codes; copy them from the page (`errors:`)".to_string(),
        );
    }
    let mut inputs: Vec<&RawField> = r
        .path_parameters
        .iter()
        .filter(|p| p.default.is_none())
        .collect();
    inputs.extend(r.query_parameters.iter().filter_map(|q| match q {
        RawQueryParam::Inline(f) if f.default.is_none() && f.type_name() != "array" => Some(&**f),
        _ => None,
    }));
    if let Some(body) = &r.request {
        collect(&body.fields, &mut inputs, |f| {
            !flag(&f.required) && f.default.is_none() && scalar(f)
        });
    }
    out.extend(suspects(
        ("defaults", "a default"),
        &inputs,
        "OpenAPI gives none",
        [
            "check the page's \"Default value\" of {names}",
            "check the page's \"Default value\" of the {n} optional inputs",
        ],
    ));
    let mut values = Vec::new();
    for body in r.request.iter().chain(&r.response) {
        collect(&body.fields, &mut values, |f| {
            // Only text can be `domain:` in a spec.
            f.type_name() == "string" && f.domain.is_none()
        });
    }
    out.extend(suspects(
        ("domains", "domain values"),
        &values,
        "OpenAPI does not mark domain-valued fields",
        [
            "give `domain:` to those of {names} that the page links to \"Applicable domain values\"",
            "give `domain:` to those of the {n} text fields that the page links to \"Applicable domain values\"",
        ],
    ));
    if (r.request.is_some() || r.response.is_some()) && !any_custom(r) {
        out.push("customFields: OpenAPI does not say \"Custom fields supported\"; add `customFields: true` where the page does".to_string());
    }
    out
}

/// Up to this many fields are named in a line of the report; more are counted.
const FEW: usize = 3;

/// The line of one kind of hand fact: the fields whose description mentions one of `words`,
/// else how many fields to check.
fn suspects(
    (kind, topic): (&str, &str),
    fields: &[&RawField],
    why: &str,
    [few, many]: [&str; 2],
) -> Option<String> {
    let word = kind.trim_end_matches('s');
    if fields.is_empty() {
        return None;
    }
    let mut named: Vec<&str> = fields
        .iter()
        .filter(|f| {
            text(&f.description).is_some_and(|d| {
                let d = d.to_lowercase();
                d.contains(word)
            })
        })
        .map(|f| f.name.value.as_str())
        .collect();
    named.sort_unstable();
    named.dedup();
    let mut all: Vec<&str> = fields.iter().map(|f| f.name.value.as_str()).collect();
    all.sort_unstable();
    all.dedup();
    Some(if named.is_empty() && all.len() <= FEW {
        format!("{kind}: {why}; {}", few.replace("{names}", &all.join(", ")))
    } else if named.is_empty() {
        format!(
            "{kind}: {why}; {}",
            many.replace("{n}", &all.len().to_string())
        )
    } else {
        format!(
            "{kind}: {why}; see the page for {}: the description mentions {topic}",
            named.join(", ")
        )
    })
}

fn scalar(f: &RawField) -> bool {
    !matches!(
        f.type_name(),
        "object" | "array" | "date" | "datetime" | "time"
    )
}

fn collect<'f>(
    fields: &'f [RawField],
    out: &mut Vec<&'f RawField>,
    want: impl Fn(&RawField) -> bool + Copy,
) {
    for f in fields {
        if want(f) {
            out.push(f);
        }
        collect(&f.fields, out, want);
        if let Some(items) = &f.items {
            collect(&items.fields, out, want);
        }
    }
}

fn any_custom(r: &RawResource) -> bool {
    fn in_fields(fields: &[RawField]) -> bool {
        fields.iter().any(|f| {
            flag(&f.custom_fields)
                || in_fields(&f.fields)
                || f.items
                    .as_ref()
                    .is_some_and(|i| flag(&i.custom_fields) || in_fields(&i.fields))
        })
    }
    r.request
        .iter()
        .chain(&r.response)
        .any(|b| flag(&b.custom_fields) || in_fields(&b.fields))
}

/// Whether printing `c` could rewrite the terminal or the line: control characters (C0, C1,
/// DEL), bidi controls and invisible format characters.
fn hidden(c: char) -> bool {
    c.is_control()
        || crate::names::is_bidi(c)
        || matches!(c, '\u{200B}'..='\u{200F}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}' | '\u{00AD}')
}

/// One line of the report with what [`hidden`] finds escaped (`\u{1b}`).
pub(crate) fn clean(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if hidden(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    out
}

/// [`clean`] for text of several lines, whose line breaks stay.
fn clean_lines(text: &str) -> String {
    text.split('\n').map(clean).collect::<Vec<_>>().join("\n")
}

/// Text from the document as printed in the report: quoted, with control, bidi and other
/// invisible characters escaped, so a document cannot rewrite the terminal or the line.
pub(crate) fn shown(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        if c.is_control()
            || crate::names::is_bidi(c)
            || matches!(c, '\u{200B}'..='\u{200F}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}' | '\u{00AD}')
        {
            out.extend(c.escape_unicode());
        } else if c == '"' || c == '\\' {
            out.push('\\');
            out.push(c);
        } else {
            out.push(c);
        }
    }
    out.push('"');
    out
}
