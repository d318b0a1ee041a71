//! Re-import onto an existing version file that the document does not conflict with (see
//! `conflict`): the file is never left with less than it had.
//!
//! The existing file wins wherever it says something (facts added by hand: errors, defaults,
//! domains, `rustName`, and any value edited on purpose); the document fills in only what the
//! file leaves out, and each disagreement is noted in the report.

use std::fmt::Debug;

use crate::spec::{Located, RawBody, RawField, RawQueryParam, RawResource, flag, int, mark};

/// The existing file's model completed from the imported one, and what the report says.
pub(crate) fn merge(existing: &RawResource, imported: &RawResource) -> (RawResource, Vec<String>) {
    let mut notes = Vec::new();
    let mut out = existing.clone();
    fill(
        &mut out.description,
        &imported.description,
        "description",
        &mut notes,
    );
    fill(
        &mut out.documentation,
        &imported.documentation,
        "documentation",
        &mut notes,
    );
    if out.deprecated.is_none() {
        out.deprecated.clone_from(&imported.deprecated);
    }
    if out.formats.is_empty() {
        out.formats.clone_from(&imported.formats);
    }
    fields(
        &mut out.path_parameters,
        &imported.path_parameters,
        "pathParameters",
        &mut notes,
    );
    for q in &imported.query_parameters {
        let query = &mut out.query_parameters;
        if !query.iter().any(|e| e.name() == q.name()) {
            notes.push(format!("queryParameters: `{}` added", q.name()));
            query.push(q.clone());
        } else if let (Some(RawQueryParam::Inline(e)), RawQueryParam::Inline(i)) =
            (query.iter_mut().find(|e| e.name() == q.name()), q)
        {
            let at = format!("queryParameters.{}", i.name.value);
            field(e, i, &at, &mut notes);
        }
    }
    body(&mut out.request, &imported.request, "request", &mut notes);
    body(
        &mut out.response,
        &imported.response,
        "response",
        &mut notes,
    );
    for e in &imported.errors {
        if !out.errors.iter().any(|o| int(&o.code) == int(&e.code)) {
            out.errors.push(e.clone());
        }
    }
    (out, notes)
}

fn body(
    existing: &mut Option<RawBody>,
    imported: &Option<RawBody>,
    at: &str,
    notes: &mut Vec<String>,
) {
    match (existing.as_mut(), imported) {
        (None, Some(i)) => {
            notes.push(format!("{at}: added from the document"));
            *existing = Some(i.clone());
        }
        (Some(e), Some(i)) => {
            fill(
                &mut e.json_root,
                &i.json_root,
                &format!("{at}.jsonRoot"),
                notes,
            );
            e.custom_fields = mark(flag(&e.custom_fields) || flag(&i.custom_fields));
            fields(&mut e.fields, &i.fields, &format!("{at}.fields"), notes);
        }
        _ => {}
    }
}

/// Fields the file lacks are added in the document's order: after the field that precedes
/// them in the document (wire order matters to readers of the page).
fn fields(existing: &mut Vec<RawField>, imported: &[RawField], at: &str, notes: &mut Vec<String>) {
    let mut next = 0;
    for i in imported {
        let path = format!("{at}.{}", i.name.value);
        match existing.iter().position(|e| e.name.value == i.name.value) {
            Some(j) => {
                field(&mut existing[j], i, &path, notes);
                next = j + 1;
            }
            None => {
                notes.push(format!("{path}: added from the document"));
                existing.insert(next, i.clone());
                next += 1;
            }
        }
    }
}

fn field(e: &mut RawField, i: &RawField, at: &str, notes: &mut Vec<String>) {
    if e.type_name() != i.type_name() {
        notes.push(format!(
            "{at}: kept type `{}`; the document says `{}`",
            e.type_name(),
            i.type_name()
        ));
        return;
    }
    fill(
        &mut e.description,
        &i.description,
        &format!("{at}.description"),
        notes,
    );
    fill(&mut e.pattern, &i.pattern, &format!("{at}.pattern"), notes);
    fill(&mut e.minimum, &i.minimum, &format!("{at}.minimum"), notes);
    fill(&mut e.maximum, &i.maximum, &format!("{at}.maximum"), notes);
    fill(
        &mut e.min_length,
        &i.min_length,
        &format!("{at}.minLength"),
        notes,
    );
    fill(
        &mut e.max_length,
        &i.max_length,
        &format!("{at}.maxLength"),
        notes,
    );
    fill_enum(e, i, &format!("{at}.enum"), notes);
    fill(
        &mut e.json_name,
        &i.json_name,
        &format!("{at}.jsonName"),
        notes,
    );
    if e.domain.is_none() {
        e.domain.clone_from(&i.domain);
    }
    if e.default.is_none() {
        e.default.clone_from(&i.default);
    }
    // `required` and a default exclude each other: a default added by hand stands.
    if flag(&i.required) && !flag(&e.required) && e.default.is_none() {
        e.required = mark(true);
    }
    e.custom_fields = mark(flag(&e.custom_fields) || flag(&i.custom_fields));
    fields(&mut e.fields, &i.fields, &format!("{at}.fields"), notes);
    if let (Some(ei), Some(ii)) = (e.items.as_mut(), &i.items) {
        field(ei, ii, &format!("{at}.items"), notes);
    }
}

/// Takes the document's value where the file has none; notes a disagreement.
fn fill<T: Clone + PartialEq + Debug>(
    e: &mut Option<Located<T>>,
    i: &Option<Located<T>>,
    at: &str,
    notes: &mut Vec<String>,
) {
    match (e.as_ref(), i) {
        (None, Some(_)) => e.clone_from(i),
        (Some(a), Some(b)) if a.value != b.value => notes.push(format!(
            "{at}: kept {:?}; the document says {:?}",
            a.value, b.value
        )),
        _ => {}
    }
}

/// [`fill`] for `enum`, whose values are located one by one.
fn fill_enum(e: &mut RawField, i: &RawField, at: &str, notes: &mut Vec<String>) {
    let values = |f: &RawField| -> Option<Vec<String>> {
        let list = f.enum_values.as_ref()?;
        Some(list.value.iter().map(|v| v.value.clone()).collect())
    };
    match (values(e), values(i)) {
        (None, Some(_)) => e.enum_values.clone_from(&i.enum_values),
        (Some(a), Some(b)) if a != b => {
            notes.push(format!("{at}: kept {a:?}; the document says {b:?}"))
        }
        _ => {}
    }
}
