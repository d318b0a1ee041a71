//! The shape of a resource version: the facts a caller's code depends on, as a flat, sorted
//! map from a fact's path to its value. The facts include every Rust name a caller spells out
//! (module path, method, call, error enum and variants, trait, types, builders, fields,
//! setters, domain constants), so a `rustName` changed in a released version is caught. Two shapes are compared by `diff`; the shapes of all
//! versions are kept in a checked-in lock file so that the guard works from a clean checkout
//! without reading git history.
//!
//! Invariant: a shape is derived from the IR alone and is deterministic; its text form
//! round-trips exactly through [`parse_lock`].

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::ir::{Field, Literal, Resource, Role, Rule, Ty, TypeDef};

/// Fact path → value, e.g. `request.Phone.PhoneNumber.pattern` → `^([0-9...])*$`.
pub type Shape = BTreeMap<String, String>;

/// The key a resource version has in the lock file: `area.operation.vN`.
pub fn lock_key(r: &Resource) -> String {
    format!(
        "{}.{}.{}",
        r.area_module, r.operation_snake, r.version_module
    )
}

/// Computes the shape of a resource version.
pub fn shape_of(r: &Resource) -> Shape {
    let mut s = Shape::new();
    s.insert("resource".into(), r.id.to_string());
    s.insert("method".into(), r.method.as_str().into());
    s.insert("path".into(), r.path.template.clone());
    s.insert("successStatus".into(), r.success_status.to_string());
    s.insert("text.summary".into(), r.summary.clone());
    insert_rust_names(&mut s, r);
    for p in &r.path_params {
        let base = format!("pathParameters.{}", p.name);
        s.insert(format!("{base}.type"), scalar_name(&p.scalar).into());
        insert_rules(&mut s, &base, &p.rules);
        insert_rust_type(&mut s, r, &base, &p.ty);
        if let Some(d) = &p.default {
            s.insert(format!("{base}.default"), literal(d));
        }
    }
    for q in &r.query_params {
        let base = format!("queryParameters.{}", q.wire_name);
        s.insert(format!("{base}.type"), type_name(r, &q.ty));
        s.insert(format!("{base}.rust"), q.rust_name.clone());
        insert_rules(&mut s, &base, &q.rules);
        insert_rust_type(&mut s, r, &base, &q.ty);
    }
    insert_bodies(&mut s, r);
    for e in &r.errors {
        s.insert(format!("errors.{}.status", e.code), e.status.to_string());
        s.insert(format!("errors.{}.rust", e.code), e.variant.clone());
        s.insert(format!("text.errors.{}.message", e.code), e.message.clone());
    }
    s
}

/// The names a caller's code spells out for the operation itself: its module path (without
/// the version module, which differs between versions by design), the client method, the
/// call type, the error type and the enum of its documented codes.
fn insert_rust_names(s: &mut Shape, r: &Resource) {
    let module = format!("{}::{}", r.area_module, r.operation_snake);
    s.insert("rust.module".into(), module);
    s.insert("rust.method".into(), r.operation_snake.clone());
    s.insert("rust.call".into(), r.call_name.clone());
    s.insert("rust.error".into(), r.error_name.clone());
    s.insert("rust.codes".into(), r.codes_name.clone());
}

fn insert_bodies(s: &mut Shape, r: &Resource) {
    if let Some(body) = &r.request {
        insert_struct(s, r, &format!("request.{}", body.object), body.type_id);
        s.insert("request.jsonRoot".into(), body.json_root.clone());
        insert_rust_type(s, r, "request", &Ty::Named(body.type_id));
    }
    if let Some(body) = &r.response {
        insert_struct(s, r, &format!("response.{}", body.object), body.type_id);
        s.insert("response.jsonRoot".into(), body.json_root.clone());
        s.insert("response.list".into(), body.list.to_string());
        insert_rust_type(s, r, "response", &Ty::Named(body.type_id));
    }
}

/// The Rust names of the type a value has, when it is a named type (a struct, a checked
/// newtype or a domain, also as array items): the type, a struct's builder and a domain's
/// constants.
fn insert_rust_type(s: &mut Shape, r: &Resource, base: &str, ty: &Ty) {
    let mut inner = ty;
    while let Ty::Array(item) = inner {
        inner = item;
    }
    let Some(def) = named(r, inner) else {
        return;
    };
    s.insert(format!("{base}.rustType"), def.rust_name().to_string());
    match def {
        TypeDef::Struct(st) => {
            if let Some(builder) = &st.builder_name {
                s.insert(format!("{base}.rustBuilder"), builder.clone());
            }
        }
        TypeDef::Domain(d) => {
            for (constant, key) in &d.values {
                s.insert(format!("{base}.rustConst.{key}"), constant.clone());
            }
        }
        TypeDef::Enum(e) => {
            for (variant, value) in &e.values {
                s.insert(format!("{base}.rustVariant.{value}"), variant.clone());
            }
        }
        TypeDef::Newtype(_) => {}
    }
}

fn insert_struct(s: &mut Shape, r: &Resource, base: &str, id: crate::ir::TypeId) {
    let Some(TypeDef::Struct(def)) = r.types.get(id.0 as usize) else {
        return;
    };
    for f in &def.fields {
        insert_field(s, r, &format!("{base}.{}", f.name), f, def.role);
    }
    // A request object that takes custom fields has `extra_fields` and `extra_field`.
    if def.role == Role::Request && def.custom_fields {
        s.insert(format!("{base}.customFields"), "true".into());
    }
}

fn insert_field(s: &mut Shape, r: &Resource, base: &str, f: &Field, role: Role) {
    s.insert(format!("{base}.type"), type_name(r, &f.ty));
    s.insert(format!("{base}.json"), f.json_name.clone());
    s.insert(format!("{base}.rust"), f.rust_name.clone());
    insert_rust_type(s, r, base, &f.ty);
    if role == Role::Request {
        s.insert(
            format!("{base}.required"),
            f.presence.is_required().to_string(),
        );
    }
    if let Some(d) = f.presence.default() {
        s.insert(format!("{base}.default"), literal(d));
    }
    insert_rules(s, base, &f.rules);
    if let Some(description) = &f.description {
        s.insert(format!("text.{base}.description"), description.clone());
    }
    if let Some(TypeDef::Domain(d)) = named(r, &f.ty) {
        for (_, key) in &d.values {
            s.insert(format!("{base}.domain.{key}"), "known".into());
        }
    }
    let mut inner = &f.ty;
    let mut item_base = base.to_string();
    while let Ty::Array(item) = inner {
        inner = item;
        item_base.push_str("[]");
    }
    if let Ty::Named(id) = inner
        && matches!(r.types.get(id.0 as usize), Some(TypeDef::Struct(_)))
    {
        insert_struct(s, r, &item_base, *id);
    }
}

fn insert_rules(s: &mut Shape, base: &str, rules: &[Rule]) {
    for rule in rules {
        let (key, value) = match rule {
            Rule::Pattern(p) => ("pattern", p.clone()),
            Rule::Minimum(m) => ("minimum", m.to_string()),
            Rule::Maximum(m) => ("maximum", m.to_string()),
            Rule::MinLength(n) => ("minLength", n.to_string()),
            Rule::MaxLength(n) => ("maxLength", n.to_string()),
            Rule::DecimalMinimum(d) => ("minimum", d.to_string()),
            Rule::DecimalMaximum(d) => ("maximum", d.to_string()),
        };
        s.insert(format!("{base}.{key}"), value);
    }
}

fn named<'r>(r: &'r Resource, ty: &Ty) -> Option<&'r TypeDef> {
    match ty {
        Ty::Named(id) => r.types.get(id.0 as usize),
        _ => None,
    }
}

fn type_name(r: &Resource, ty: &Ty) -> String {
    match ty {
        Ty::Array(inner) => format!("array of {}", type_name(r, inner)),
        Ty::Named(_) => match named(r, ty) {
            Some(TypeDef::Newtype(n)) => scalar_name(&n.inner).into(),
            Some(TypeDef::Domain(_) | TypeDef::Enum(_)) => "string".into(),
            _ => "object".into(),
        },
        scalar => scalar_name(scalar).into(),
    }
}

fn scalar_name(ty: &Ty) -> &'static str {
    match ty {
        Ty::String => "string",
        Ty::Integer => "integer",
        Ty::Long => "long",
        Ty::Decimal => "decimal",
        Ty::Date => "date",
        Ty::DateTime => "datetime",
        Ty::Time => "time",
        Ty::Boolean => "boolean",
        Ty::Named(_) => "object",
        Ty::Array(_) => "array",
    }
}

fn literal(l: &Literal) -> String {
    match l {
        Literal::Str(s) => format!("{s:?}"),
        Literal::Int(i) => i.to_string(),
        Literal::Decimal(d) => d.to_string(),
        Literal::Bool(b) => b.to_string(),
    }
}

/// The lock file's text: one `[key]` section per resource version, one `path = "value"` line
/// per fact, values escaped like Rust string literals.
pub fn render_lock(shapes: &BTreeMap<String, Shape>) -> String {
    let mut out = String::from(
        "# @generated by the rambase `generator` crate: the shape of every resource version in spec/.\n\
         # The breaking-change guard compares the spec with it. Commit it with the spec; do not edit.\n",
    );
    for (key, shape) in shapes {
        let _ = write!(out, "\n[{key}]\n");
        for (path, value) in shape {
            let _ = writeln!(out, "{path} = {}", json_string(value));
        }
    }
    out
}

/// The names of `r`'s types that it re-exports from `prev`, the version before it: what the two
/// versions share (for the tools' `diff`, which says which names a new version breaks).
pub fn shared_type_names(
    r: &crate::ir::Resource,
    prev: Option<&crate::ir::Resource>,
) -> std::collections::BTreeSet<String> {
    crate::emit::shared::shared_names(r, prev)
}

/// A JSON string literal: the lock file's values, the `diff` command's JSON output and the
/// OpenAPI export share it. Control, bidi and line-separator characters (and a BOM) are
/// escaped, so no value can rewrite the line it is on.
pub fn json_string(value: &str) -> String {
    let mut out = String::from("\"");
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control()
                || crate::names::is_bidi(c)
                || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}') =>
            {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Reads back what [`json_string`] wrote.
pub fn unquote(text: &str) -> Option<String> {
    let inner = text.strip_prefix('"')?.strip_suffix('"')?;
    let mut out = String::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next()? {
            '"' => out.push('"'),
            '\\' => out.push('\\'),
            'n' => out.push('\n'),
            'r' => out.push('\r'),
            't' => out.push('\t'),
            'u' => {
                let hex: String = chars.by_ref().take(4).collect();
                out.push(char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?);
            }
            _ => return None,
        }
    }
    Some(out)
}

/// Reads a lock file; `Err` names the first line that is not of the format.
pub fn parse_lock(text: &str) -> Result<BTreeMap<String, Shape>, (usize, String)> {
    let mut shapes = BTreeMap::new();
    let mut current: Option<(String, Shape)> = None;
    for (index, line) in text.lines().enumerate() {
        let line_no = index + 1;
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(key) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            if let Some((k, s)) = current.take() {
                shapes.insert(k, s);
            }
            current = Some((key.to_string(), Shape::new()));
            continue;
        }
        let Some((path, value)) = line.split_once(" = ") else {
            return Err((line_no, "expected `path = \"value\"`".into()));
        };
        let Some(value) = unquote(value) else {
            return Err((line_no, "the value is not a quoted string".into()));
        };
        let Some((_, shape)) = current.as_mut() else {
            return Err((line_no, "a fact before the first `[section]`".into()));
        };
        shape.insert(path.to_string(), value);
    }
    if let Some((k, s)) = current {
        shapes.insert(k, s);
    }
    Ok(shapes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lock_text_round_trips() {
        let mut shape = Shape::new();
        shape.insert(
            "a.pattern".into(),
            "^([0-9\\(\\)\\s])*$ \"q\"\n\u{202e}".into(),
        );
        shape.insert("b".into(), String::new());
        let shapes = BTreeMap::from([("x.y.v1".to_string(), shape)]);
        let text = render_lock(&shapes);
        assert_eq!(parse_lock(&text), Ok(shapes));
        assert!(!text.contains('\u{202e}'));
    }

    #[test]
    fn malformed_lock_lines_are_reported() {
        assert_eq!(parse_lock("[a]\nb: 1\n").map_err(|e| e.0), Err(2));
        assert_eq!(parse_lock("b = \"1\"\n").map_err(|e| e.0), Err(1));
    }
}
