//! Writing spec models as YAML text in the style of the hand-written specs: block mappings,
//! keys in the order of the spec reference, regexes in single quotes.
//!
//! Every scalar is written so that the spec reader reads back exactly the same value: text
//! that YAML would read as something else (a number, a boolean, null) or that holds
//! indicators is quoted, control characters are escaped.

use std::fmt::Write as _;

use super::model::{Body, Common, Domain, ErrorDef, Field, Query, Resource, Scalar};

/// The text of a resource file; `header` lines are written first as comments.
pub(crate) fn resource(r: &Resource, header: &[String]) -> String {
    let mut out = comments(header);
    out.push_str("kind: resource\n");
    let _ = writeln!(out, "resource: {}", r.resource);
    let _ = writeln!(out, "version: {}", r.version);
    line(&mut out, 0, "area", &r.area);
    line(&mut out, 0, "summary", &r.summary);
    opt_line(&mut out, 0, "description", &r.description);
    opt_line(&mut out, 0, "documentation", &r.documentation);
    match &r.deprecated {
        Some(Some(note)) => line(&mut out, 0, "deprecated", note),
        Some(None) => out.push_str("deprecated: true\n"),
        None => {}
    }
    line(&mut out, 0, "operation", &r.operation);
    line(&mut out, 0, "method", &r.method);
    line(&mut out, 0, "path", &r.path);
    if !r.formats.is_empty() {
        let _ = writeln!(out, "formats: {}", flow_list(&r.formats));
    }
    let _ = writeln!(out, "successStatus: {}", r.success_status);
    if !r.path_params.is_empty() {
        out.push_str("pathParameters:\n");
        fields(&mut out, 1, &r.path_params);
    }
    if !r.query.is_empty() {
        out.push_str("queryParameters:\n");
        for q in &r.query {
            match q {
                Query::Use(name) => {
                    let _ = writeln!(out, "  - {}", scalar_text(name, false));
                }
                Query::Inline(field) => {
                    let _ = writeln!(out, "  - {}:", scalar_text(&field.name, false));
                    field_body(&mut out, 3, field);
                }
            }
        }
    }
    body(&mut out, "request", r.request.as_ref());
    body(&mut out, "response", r.response.as_ref());
    errors(&mut out, &r.errors);
    out
}

/// The text of a common file.
pub(crate) fn common(c: &Common, header: &[String]) -> String {
    let mut out = comments(header);
    out.push_str("kind: common\n");
    if !c.query.is_empty() {
        out.push_str("queryParameters:\n");
        fields(&mut out, 1, &c.query);
    }
    out
}

fn comments(header: &[String]) -> String {
    let mut out = String::new();
    for h in header {
        // A comment is one line: a line break in the text would end the comment.
        let one_line: String = h
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        let _ = writeln!(out, "# {one_line}");
    }
    out
}

fn body(out: &mut String, key: &str, body: Option<&Body>) {
    let Some(b) = body else { return };
    let _ = writeln!(out, "{key}:");
    line(out, 1, "object", &b.object);
    opt_line(out, 1, "jsonRoot", &b.json_root);
    opt_line(out, 1, "rustName", &b.rust_name);
    if b.list {
        out.push_str("  list: true\n");
    }
    if b.custom_fields {
        out.push_str("  customFields: true\n");
    }
    out.push_str("  fields:\n");
    fields(out, 2, &b.fields);
}

fn errors(out: &mut String, errors: &[ErrorDef]) {
    if errors.is_empty() {
        return;
    }
    out.push_str("errors:\n");
    for e in errors {
        let _ = writeln!(out, "  - code: {}", e.code);
        let _ = writeln!(out, "    status: {}", e.status);
        line(out, 2, "message", &e.message);
        opt_line(out, 2, "rustName", &e.rust_name);
    }
}

fn fields(out: &mut String, depth: usize, fields: &[Field]) {
    for f in fields {
        let _ = writeln!(out, "{}{}:", indent(depth), scalar_text(&f.name, false));
        field_body(out, depth + 1, f);
    }
}

/// The keys of one field definition, in the order of the spec reference.
fn field_body(out: &mut String, depth: usize, f: &Field) {
    line(out, depth, "type", &f.ty);
    if f.required {
        let _ = writeln!(out, "{}required: true", indent(depth));
    }
    opt_line(out, depth, "description", &f.description);
    if let Some(p) = &f.pattern {
        let _ = writeln!(out, "{}pattern: {}", indent(depth), single_quoted_or(p));
    }
    number(out, depth, "minimum", f.minimum.as_ref());
    number(out, depth, "maximum", f.maximum.as_ref());
    if let Some(n) = f.min_length {
        let _ = writeln!(out, "{}minLength: {n}", indent(depth));
    }
    if let Some(n) = f.max_length {
        let _ = writeln!(out, "{}maxLength: {n}", indent(depth));
    }
    if let Some(values) = &f.enum_values {
        let _ = writeln!(out, "{}enum: {}", indent(depth), flow_list(values));
    }
    number(out, depth, "default", f.default.as_ref());
    if let Some(d) = &f.domain {
        domain(out, depth, d);
    }
    opt_line(out, depth, "object", &f.object);
    opt_line(out, depth, "jsonName", &f.json_name);
    opt_line(out, depth, "rustName", &f.rust_name);
    if f.custom_fields {
        let _ = writeln!(out, "{}customFields: true", indent(depth));
    }
    if !f.fields.is_empty() {
        let _ = writeln!(out, "{}fields:", indent(depth));
        fields(out, depth + 1, &f.fields);
    }
    if let Some(items) = &f.items {
        let _ = writeln!(out, "{}items:", indent(depth));
        field_body(out, depth + 1, items);
    }
}

fn domain(out: &mut String, depth: usize, d: &Domain) {
    if d.values.is_empty() && d.rust_name.is_none() {
        let _ = writeln!(out, "{}domain: {{}}", indent(depth));
        return;
    }
    let _ = writeln!(out, "{}domain:", indent(depth));
    if !d.values.is_empty() {
        let _ = writeln!(out, "{}values: {}", indent(depth + 1), flow_list(&d.values));
    }
    opt_line(out, depth + 1, "rustName", &d.rust_name);
}

fn number(out: &mut String, depth: usize, key: &str, value: Option<&Scalar>) {
    let Some(v) = value else { return };
    let text = match v {
        Scalar::Str(s) => scalar_text(s, false),
        Scalar::Int(i) => i.to_string(),
        Scalar::Float(f) => float_text(*f),
        Scalar::Bool(b) => b.to_string(),
    };
    let _ = writeln!(out, "{}{key}: {text}", indent(depth));
}

/// A float as YAML reads it back: Rust prints the shortest text that round-trips, and an
/// exponent-free form keeps decimal bounds exact for the spec reader.
fn float_text(f: f64) -> String {
    let text = format!("{f}");
    if text.contains(['e', 'E', 'i', 'N']) {
        format!("{f:?}")
    } else {
        text
    }
}

fn line(out: &mut String, depth: usize, key: &str, value: &str) {
    let _ = writeln!(out, "{}{key}: {}", indent(depth), scalar_text(value, false));
}

fn opt_line(out: &mut String, depth: usize, key: &str, value: &Option<String>) {
    if let Some(v) = value {
        line(out, depth, key, v);
    }
}

fn indent(depth: usize) -> String {
    "  ".repeat(depth)
}

fn flow_list(values: &[String]) -> String {
    let items: Vec<String> = values.iter().map(|v| scalar_text(v, true)).collect();
    format!("[{}]", items.join(", "))
}

/// A regex in single quotes, so its backslashes stay as written (double quotes when it holds
/// a character that single quotes cannot carry).
fn single_quoted_or(text: &str) -> String {
    if text.chars().any(needs_escape) {
        double_quoted(text)
    } else {
        format!("'{}'", text.replace('\'', "''"))
    }
}

/// A string scalar: plain when YAML reads it back as the same string, else quoted.
pub(crate) fn scalar_text(text: &str, in_flow: bool) -> String {
    if text.chars().any(needs_escape) {
        double_quoted(text)
    } else if is_plain_safe(text, in_flow) {
        text.to_string()
    } else {
        format!("'{}'", text.replace('\'', "''"))
    }
}

fn needs_escape(c: char) -> bool {
    c.is_control()
        || crate::names::is_bidi(c)
        || c == '\u{feff}'
        || c == '\u{2028}'
        || c == '\u{2029}'
}

fn double_quoted(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if needs_escape(c) => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Conservative: plain only when the text does not start with an indicator or anything a
/// number starts with, holds no `: ` or ` #`, and is not a word YAML reads as null or a
/// boolean (YAML 1.1 words included, for other readers).
fn is_plain_safe(text: &str, in_flow: bool) -> bool {
    let Some(first) = text.chars().next() else {
        return false;
    };
    if text.trim() != text || "-?:,[]{}#&*!|>'\"%@`<=~+.".contains(first) || first.is_ascii_digit()
    {
        return false;
    }
    if text.contains(": ") || text.contains(" #") || text.ends_with(':') {
        return false;
    }
    if in_flow && text.contains([',', '[', ']', '{', '}']) {
        return false;
    }
    !matches!(
        text.to_ascii_lowercase().as_str(),
        "null" | "true" | "false" | "yes" | "no" | "on" | "off" | "y" | "n"
    )
}
