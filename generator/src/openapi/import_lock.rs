//! `openapi-import.lock` in the spec folder: what the OpenAPI document said about each
//! resource version when it was last imported, as flat facts.
//!
//! A re-import compares three things: that record (the base), the spec file (which may hold
//! hand edits) and the new document. Without the base, a field the document dropped looks the
//! same as a field the user added, and a rule the document changed looks the same as a rule
//! the user edited. With it, only what the document changed is a conflict.

use std::collections::BTreeMap;
use std::path::Path;

use crate::error::Error;
use crate::spec::yaml::Value;
use crate::spec::{RawBody, RawField, RawQueryParam, RawResource, flag, text, value};

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
pub(crate) fn facts(r: &RawResource) -> Facts {
    let mut out = Facts::new();
    let mut put = |k: &str, v: &str| {
        out.insert(format!("{RESOURCE}#{k}"), v.to_string());
    };
    put("method", text(&r.method).unwrap_or_default());
    put("path", text(&r.path).unwrap_or_default());
    put(
        "successStatus",
        &crate::spec::int(&r.success_status).to_string(),
    );
    put("operation", text(&r.operation).unwrap_or_default());
    put("area", text(&r.area).unwrap_or_default());
    let formats: Vec<&str> = r.formats.iter().map(|f| f.value.as_str()).collect();
    put("formats", &formats.join(","));
    put("summary", text(&r.summary).unwrap_or_default());
    if let Some(d) = text(&r.description) {
        put("description", d);
    }
    if let Some(d) = text(&r.documentation) {
        put("documentation", d);
    }
    for p in &r.path_parameters {
        field(&mut out, &format!("pathParameters.{}", p.name.value), p);
    }
    for q in &r.query_parameters {
        match q {
            RawQueryParam::Use(name) => {
                let name = &name.value;
                out.insert(format!("queryParameters.{name}#use"), "shared".into());
            }
            RawQueryParam::Inline(f) => {
                field(&mut out, &format!("queryParameters.{}", f.name.value), f)
            }
        }
    }
    for (owner, b) in [("request", &r.request), ("response", &r.response)] {
        if let Some(b) = b {
            body(&mut out, owner, b);
        }
    }
    out
}

fn body(out: &mut Facts, owner: &str, b: &RawBody) {
    let object = text(&b.object).unwrap_or_default().to_string();
    out.insert(format!("{owner}#object"), object);
    if let Some(root) = text(&b.json_root) {
        out.insert(format!("{owner}#jsonRoot"), root.to_string());
    }
    out.insert(format!("{owner}#list"), flag(&b.list).to_string());
    for f in &b.fields {
        field(out, &format!("{owner}.{}", f.name.value), f);
    }
}

fn field(out: &mut Facts, owner: &str, f: &RawField) {
    let mut put = |k: &str, v: String| {
        out.insert(format!("{owner}#{k}"), v);
    };
    put("type", f.type_name().to_string());
    if flag(&f.required) {
        put("required", "true".into());
    }
    let scalars = [
        ("minimum", &f.minimum),
        ("maximum", &f.maximum),
        ("default", &f.default),
    ];
    for (k, v) in scalars {
        if let Some(v) = value(v).and_then(scalar) {
            put(k, v);
        }
    }
    for (k, v) in [("minLength", &f.min_length), ("maxLength", &f.max_length)] {
        if let Some(n) = value(v) {
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
        if let Some(v) = text(v) {
            put(k, v.to_string());
        }
    }
    let joined = |values: &[crate::spec::Located<String>]| {
        let values: Vec<&str> = values.iter().map(|v| v.value.as_str()).collect();
        values.join(",")
    };
    if let Some(values) = value(&f.enum_values) {
        put("enum", joined(values));
    }
    if let Some(d) = &f.domain {
        put("domain", joined(&d.values));
    }
    if flag(&f.custom_fields) {
        put("customFields", "true".into());
    }
    for sub in &f.fields {
        field(out, &format!("{owner}.{}", sub.name.value), sub);
    }
    if let Some(items) = &f.items {
        field(out, &format!("{owner}[]"), items);
    }
}

/// The fact of a default or bound; `None` for what is no scalar (an existing file's
/// mapping, say), which the importer's form of a file leaves out anyway.
fn scalar(v: &Value) -> Option<String> {
    Some(match v {
        Value::Str(s) => format!("{s:?}"),
        Value::Int(i) => i.to_string(),
        Value::Float(f) if f.is_finite() => format!("{f:?}"),
        Value::Bool(b) => b.to_string(),
        Value::Float(_) | Value::Null | Value::Seq(_) | Value::Map(_) => return None,
    })
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
