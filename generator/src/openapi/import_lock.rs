//! `openapi-import.lock` in the spec folder: what the OpenAPI document said about each
//! resource version when it was last imported, as flat facts.
//!
//! A re-import compares three things: that record (the base), the spec file (which may hold
//! hand edits) and the new document. Without the base, a field the document dropped looks the
//! same as a field the user added, and a rule the document changed looks the same as a rule
//! the user edited. With it, only what the document changed is a conflict.

use std::collections::BTreeMap;
use std::path::Path;

use super::model::{Body, Field, Query, Resource, Scalar};
use crate::error::Error;

/// The record's file name, in the spec folder.
pub(crate) const LOCK_NAME: &str = "openapi-import.lock";

/// Fact key → value. A key is `owner#fact`: the owner is `resource`,
/// `pathParameters.<name>`, `queryParameters.<name>`, `request`, `response`, or a field below
/// a body (`request.Customer.Address`, `request.Lines[]` for array items).
pub(crate) type Facts = BTreeMap<String, String>;

/// The owner of the facts of the resource version itself.
pub(crate) const RESOURCE: &str = "resource";

/// The section of a resource version.
pub(crate) fn key(resource: i128, version: i128) -> String {
    format!("{resource}.v{version}")
}

/// Facts that change what goes over the wire: a change by the document is a conflict. The
/// others (texts, names, and what RamBase's documents never say: defaults, open domains,
/// custom fields) are the file's to keep.
pub(crate) fn is_structural(fact: &str) -> bool {
    !matches!(
        fact,
        "summary"
            | "description"
            | "documentation"
            | "object"
            | "rustName"
            | "default"
            | "domain"
            | "customFields"
    )
}

/// The structural facts that belong to `owner` itself (not to the fields below it).
pub(crate) fn direct<'f>(facts: &'f Facts, owner: &str) -> Vec<(&'f str, &'f str)> {
    let prefix = format!("{owner}#");
    facts
        .range(prefix.clone()..)
        .take_while(|(k, _)| k.starts_with(&prefix))
        .map(|(k, v)| (&k[prefix.len()..], v.as_str()))
        .filter(|(fact, _)| is_structural(fact))
        .collect()
}

/// Whether `owner` exists in `facts` (a field, parameter or body has a `type` or `use` fact).
pub(crate) fn has_owner(facts: &Facts, owner: &str) -> bool {
    ["type", "use", "object"]
        .iter()
        .any(|f| facts.contains_key(&format!("{owner}#{f}")))
}

/// The facts of a resource version, as a spec model holds them.
pub(crate) fn facts(r: &Resource) -> Facts {
    let mut out = Facts::new();
    let mut put = |k: &str, v: String| {
        out.insert(format!("{RESOURCE}#{k}"), v);
    };
    put("method", r.method.clone());
    put("path", r.path.clone());
    put("successStatus", r.success_status.to_string());
    put("operation", r.operation.clone());
    put("area", r.area.clone());
    put("formats", r.formats.join(","));
    put("summary", r.summary.clone());
    if let Some(d) = &r.description {
        put("description", d.clone());
    }
    if let Some(d) = &r.documentation {
        put("documentation", d.clone());
    }
    for p in &r.path_params {
        field(&mut out, &format!("pathParameters.{}", p.name), p);
    }
    for q in &r.query {
        match q {
            Query::Use(name) => {
                out.insert(format!("queryParameters.{name}#use"), "shared".into());
            }
            Query::Inline(f) => field(&mut out, &format!("queryParameters.{}", f.name), f),
        }
    }
    for (owner, b) in [("request", &r.request), ("response", &r.response)] {
        if let Some(b) = b {
            body(&mut out, owner, b);
        }
    }
    out
}

fn body(out: &mut Facts, owner: &str, b: &Body) {
    out.insert(format!("{owner}#object"), b.object.clone());
    if let Some(root) = &b.json_root {
        out.insert(format!("{owner}#jsonRoot"), root.clone());
    }
    out.insert(format!("{owner}#list"), b.list.to_string());
    for f in &b.fields {
        field(out, &format!("{owner}.{}", f.name), f);
    }
}

fn field(out: &mut Facts, owner: &str, f: &Field) {
    let mut put = |k: &str, v: String| {
        out.insert(format!("{owner}#{k}"), v);
    };
    put("type", f.ty.clone());
    if f.required {
        put("required", "true".into());
    }
    let scalars = [
        ("minimum", &f.minimum),
        ("maximum", &f.maximum),
        ("default", &f.default),
    ];
    for (k, v) in scalars {
        if let Some(v) = v {
            put(k, scalar(v));
        }
    }
    for (k, v) in [("minLength", f.min_length), ("maxLength", f.max_length)] {
        if let Some(n) = v {
            put(k, n.to_string());
        }
    }
    let texts = [
        ("pattern", &f.pattern),
        ("description", &f.description),
        ("object", &f.object),
        ("jsonName", &f.json_name),
        ("rustName", &f.rust_name),
    ];
    for (k, v) in texts {
        if let Some(v) = v {
            put(k, v.clone());
        }
    }
    if let Some(values) = &f.enum_values {
        put("enum", values.join(","));
    }
    if let Some(d) = &f.domain {
        put("domain", d.values.join(","));
    }
    if f.custom_fields {
        put("customFields", "true".into());
    }
    for sub in &f.fields {
        field(out, &format!("{owner}.{}", sub.name), sub);
    }
    if let Some(items) = &f.items {
        field(out, &format!("{owner}[]"), items);
    }
}

fn scalar(v: &Scalar) -> String {
    match v {
        Scalar::Str(s) => format!("{s:?}"),
        Scalar::Int(i) => i.to_string(),
        Scalar::Float(f) => format!("{f:?}"),
        Scalar::Bool(b) => b.to_string(),
    }
}

/// The record of the folder; none yet is empty.
pub(crate) fn read(spec_dir: &Path) -> Result<BTreeMap<String, Facts>, Error> {
    let path = spec_dir.join(LOCK_NAME);
    let Some(text) = crate::files::read_optional(&path)? else {
        return Ok(BTreeMap::new());
    };
    parse(&text).map_err(|line| {
        Error::Usage(format!(
            "{}:{line}: not a line of the import record, which `generator import-openapi` \
             writes: delete the file and import again (conflicts with hand edits are then judged \
             without it)",
            path.display()
        ))
    })
}

/// Reads the record's text; `Err` is the number of the first line not of the format.
fn parse(text: &str) -> Result<BTreeMap<String, Facts>, usize> {
    let mut record = BTreeMap::new();
    let mut current: Option<&mut Facts> = None;
    for (index, line) in text.lines().enumerate() {
        if line.is_empty() || line.starts_with("# ") {
            continue;
        }
        if let Some(key) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            current = Some(record.entry(key.to_string()).or_default());
            continue;
        }
        let fact = split_quoted(line).and_then(|(k, rest)| {
            let v = crate::versions::shape::unquote(rest.strip_prefix(" = ")?)?;
            Some((crate::versions::shape::unquote(k)?, v))
        });
        match (fact, current.as_deref_mut()) {
            (Some((k, v)), Some(facts)) => {
                facts.insert(k, v);
            }
            _ => return Err(index + 1),
        }
    }
    Ok(record)
}

/// The first quoted string of `line` and what follows it.
fn split_quoted(line: &str) -> Option<(&str, &str)> {
    let mut escaped = false;
    for (i, c) in line.char_indices().skip(1) {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => return Some((&line[..=i], &line[i + 1..])),
            _ => {}
        }
    }
    None
}

/// Writes the record when it changed. Keys and values are quoted like the versions lock's
/// values, so no name from a document can break a line.
pub(crate) fn write(spec_dir: &Path, record: &BTreeMap<String, Facts>) -> Result<(), Error> {
    use std::fmt::Write as _;
    let path = spec_dir.join(LOCK_NAME);
    let mut text = String::from(
        "# @generated by `generator import-openapi`: what the OpenAPI document said about each\n\
         # resource version at its last import, so that a re-import tells the document's changes\n\
         # from hand edits. Commit it with the spec; do not edit.\n",
    );
    for (section, facts) in record {
        let _ = write!(text, "\n[{section}]\n");
        for (k, v) in facts {
            let (k, v) = (
                crate::versions::shape::json_string(k),
                crate::versions::shape::json_string(v),
            );
            let _ = writeln!(text, "{k} = {v}");
        }
    }
    crate::files::write_if_changed(&path, &text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_name_round_trips_through_the_record() {
        let mut facts = Facts::new();
        facts.insert(
            "request.A = \"b\"\n[x]#type".into(),
            "str\\ing \" = \"".into(),
        );
        facts.insert("resource#path".into(), "/a".into());
        let record = BTreeMap::from([("1.v2".to_string(), facts)]);
        let dir = std::env::temp_dir().join(format!("rambase-record-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("folder");
        write(&dir, &record).expect("written");
        assert_eq!(read(&dir).expect("read"), record);
        let _ = std::fs::remove_dir_all(&dir);
        assert_eq!(parse("[a]\nb = \"c\"\n"), Err(2));
        assert_eq!(parse("\"b\" = \"c\"\n"), Err(1));
    }
}
