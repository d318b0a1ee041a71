//! Writing spec files as YAML text in the style of the hand-written specs: block mappings,
//! regexes in single quotes, and keys in the order of the key table (`spec::keys`), which the
//! writer walks: each mapping's keys are written in the table's order, so the order cannot
//! differ from the one the schema and the spec reference are tested against.
//!
//! Every scalar is written so that the spec reader reads back exactly the same value: text
//! that YAML would read as something else (a number, a boolean, null) or that holds
//! indicators is quoted, control characters are escaped. What is written is the importer's
//! form of a file (see `existing`): absent flags and false ones alike are left out.

use std::fmt::Write as _;

use crate::spec::keys::{self, Mapping};
use crate::spec::yaml::Value;
use crate::spec::{
    Located, RawBody, RawCommon, RawDomain, RawError, RawField, RawQueryParam, RawResource, flag,
    int, text, value,
};

/// Writes each key of `mapping`, in the table's order, with `write_key` (which writes
/// nothing for a key the value does not have).
fn each_key(mapping: &Mapping, mut write_key: impl FnMut(&'static str)) {
    for key in mapping.keys {
        write_key(key.name);
    }
}

/// The text of a resource file; `header` lines are written first as comments.
pub(crate) fn resource(r: &RawResource, header: &[String]) -> String {
    let mut out = comments(header);
    each_key(&keys::RESOURCE, |key| resource_key(&mut out, r, key));
    out
}

fn resource_key(out: &mut String, r: &RawResource, key: &str) {
    match key {
        "kind" => out.push_str("kind: resource\n"),
        "resource" | "version" | "successStatus" => {
            let n = match key {
                "resource" => &r.resource,
                "version" => &r.version,
                _ => &r.success_status,
            };
            let _ = writeln!(out, "{key}: {}", int(n));
        }
        "area" => required_line(out, 0, key, &r.area),
        "summary" => required_line(out, 0, key, &r.summary),
        "description" => opt_line(out, 0, key, &r.description),
        "documentation" => opt_line(out, 0, key, &r.documentation),
        "deprecated" => match value(&r.deprecated) {
            Some(Value::Str(note)) => line(out, 0, key, note),
            Some(Value::Bool(true)) => out.push_str("deprecated: true\n"),
            _ => {}
        },
        "operation" => required_line(out, 0, key, &r.operation),
        "method" => required_line(out, 0, key, &r.method),
        "path" => required_line(out, 0, key, &r.path),
        "formats" if !r.formats.is_empty() => {
            let _ = writeln!(out, "formats: {}", flow_list(&r.formats));
        }
        "pathParameters" if !r.path_parameters.is_empty() => {
            out.push_str("pathParameters:\n");
            fields(out, 1, &r.path_parameters);
        }
        "queryParameters" => query_parameters(out, &r.query_parameters),
        "request" => body(out, key, r.request.as_ref()),
        "response" => body(out, key, r.response.as_ref()),
        "errors" => errors(out, &r.errors),
        _ => {}
    }
}

fn query_parameters(out: &mut String, query: &[RawQueryParam]) {
    if query.is_empty() {
        return;
    }
    out.push_str("queryParameters:\n");
    for q in query {
        match q {
            RawQueryParam::Use(name) => {
                let _ = writeln!(out, "  - {}", scalar_text(&name.value, false));
            }
            RawQueryParam::Inline(field) => {
                let _ = writeln!(out, "  - {}:", scalar_text(&field.name.value, false));
                field_body(out, 3, field);
            }
        }
    }
}

/// The text of a common file.
pub(crate) fn common(c: &RawCommon, header: &[String]) -> String {
    let mut out = comments(header);
    each_key(&keys::COMMON, |key| match key {
        "kind" => out.push_str("kind: common\n"),
        "queryParameters" if !c.query_parameters.is_empty() => {
            out.push_str("queryParameters:\n");
            fields(&mut out, 1, &c.query_parameters);
        }
        _ => {}
    });
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

fn body(out: &mut String, key: &str, body: Option<&RawBody>) {
    let Some(b) = body else { return };
    let _ = writeln!(out, "{key}:");
    each_key(&keys::BODY, |key| match key {
        "object" => required_line(out, 1, key, &b.object),
        "jsonRoot" => opt_line(out, 1, key, &b.json_root),
        "rustName" => opt_line(out, 1, key, &b.rust_name),
        "list" => flag_line(out, 1, key, &b.list),
        "customFields" => flag_line(out, 1, key, &b.custom_fields),
        "fields" => {
            out.push_str("  fields:\n");
            fields(out, 2, &b.fields);
        }
        _ => {}
    });
}

fn errors(out: &mut String, errors: &[RawError]) {
    if errors.is_empty() {
        return;
    }
    out.push_str("errors:\n");
    for e in errors {
        // The first key of an item carries the list's dash.
        let mut lead = "  - ";
        each_key(&keys::ERROR, |key| {
            match key {
                "code" => {
                    let _ = writeln!(out, "{lead}code: {}", int(&e.code));
                }
                "status" => {
                    let _ = writeln!(out, "{lead}status: {}", int(&e.status));
                }
                "message" => {
                    let text = text(&e.message).unwrap_or_default();
                    let _ = writeln!(out, "{lead}message: {}", scalar_text(text, false));
                }
                "rustName" => match text(&e.rust_name) {
                    Some(name) => {
                        let _ = writeln!(out, "{lead}rustName: {}", scalar_text(name, false));
                    }
                    None => return,
                },
                _ => return,
            }
            lead = "    ";
        });
    }
}

fn fields(out: &mut String, depth: usize, fields: &[RawField]) {
    for f in fields {
        let _ = writeln!(
            out,
            "{}{}:",
            indent(depth),
            scalar_text(&f.name.value, false)
        );
        field_body(out, depth + 1, f);
    }
}

/// The keys of one field definition, in the table's order.
fn field_body(out: &mut String, depth: usize, f: &RawField) {
    each_key(&keys::FIELD, |key| field_key(out, depth, f, key));
}

fn field_key(out: &mut String, depth: usize, f: &RawField, key: &str) {
    match key {
        "type" => required_line(out, depth, key, &f.ty),
        "required" => flag_line(out, depth, key, &f.required),
        "description" => opt_line(out, depth, key, &f.description),
        "pattern" => {
            if let Some(p) = text(&f.pattern) {
                let _ = writeln!(out, "{}pattern: {}", indent(depth), single_quoted_or(p));
            }
        }
        "minimum" => number(out, depth, key, value(&f.minimum)),
        "maximum" => number(out, depth, key, value(&f.maximum)),
        "default" => number(out, depth, key, value(&f.default)),
        "minLength" | "maxLength" => {
            let length = if key == "minLength" {
                &f.min_length
            } else {
                &f.max_length
            };
            if let Some(n) = value(length) {
                let _ = writeln!(out, "{}{key}: {n}", indent(depth));
            }
        }
        "enum" => {
            if let Some(values) = value(&f.enum_values) {
                let _ = writeln!(out, "{}enum: {}", indent(depth), flow_list(values));
            }
        }
        "domain" => {
            if let Some(d) = &f.domain {
                domain(out, depth, d);
            }
        }
        "object" => opt_line(out, depth, key, &f.object),
        "jsonName" => opt_line(out, depth, key, &f.json_name),
        "rustName" => opt_line(out, depth, key, &f.rust_name),
        "customFields" => flag_line(out, depth, key, &f.custom_fields),
        "fields" if !f.fields.is_empty() => {
            let _ = writeln!(out, "{}fields:", indent(depth));
            fields(out, depth + 1, &f.fields);
        }
        "items" => {
            if let Some(items) = &f.items {
                let _ = writeln!(out, "{}items:", indent(depth));
                field_body(out, depth + 1, items);
            }
        }
        _ => {}
    }
}

fn domain(out: &mut String, depth: usize, d: &RawDomain) {
    if d.values.is_empty() && d.rust_name.is_none() {
        let _ = writeln!(out, "{}domain: {{}}", indent(depth));
        return;
    }
    let _ = writeln!(out, "{}domain:", indent(depth));
    each_key(&keys::DOMAIN, |key| match key {
        "values" if !d.values.is_empty() => {
            let _ = writeln!(out, "{}values: {}", indent(depth + 1), flow_list(&d.values));
        }
        "rustName" => opt_line(out, depth + 1, key, &d.rust_name),
        _ => {}
    });
}

/// A default or bound; what is no scalar is left out (the importer's form has none).
fn number(out: &mut String, depth: usize, key: &str, value: Option<&Value>) {
    let text = match value {
        Some(Value::Str(s)) => scalar_text(s, false),
        Some(Value::Int(i)) => i.to_string(),
        Some(Value::Float(f)) if f.is_finite() => float_text(*f),
        Some(Value::Bool(b)) => b.to_string(),
        _ => return,
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

fn opt_line(out: &mut String, depth: usize, key: &str, value: &Option<Located<String>>) {
    if let Some(v) = text(value) {
        line(out, depth, key, v);
    }
}

/// A key every file has: an absent one is written empty, for the check to report.
fn required_line(out: &mut String, depth: usize, key: &str, value: &Option<Located<String>>) {
    line(out, depth, key, text(value).unwrap_or_default());
}

/// A flag, written only when set.
fn flag_line(out: &mut String, depth: usize, key: &str, value: &Option<Located<bool>>) {
    if flag(value) {
        let _ = writeln!(out, "{}{key}: true", indent(depth));
    }
}

fn indent(depth: usize) -> String {
    "  ".repeat(depth)
}

fn flow_list(values: &[Located<String>]) -> String {
    let items: Vec<String> = values.iter().map(|v| scalar_text(&v.value, true)).collect();
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

/// Ties the writer to the key table and the loader: a file that uses every key the table
/// allows, in every mapping, is read by the loader and written back byte for byte. A key the
/// table gains that the writer does not write, or writes out of the table's order, fails here.
#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::{common, resource};
    use crate::diag::Diagnostics;
    use crate::openapi::existing;
    use crate::spec::keys::{self, Mapping};
    use crate::spec::yaml::{self, Node, Value};
    use crate::spec::{SourceFile, SpecFile};

    /// Every key of `kind: resource` and of every mapping below it.
    const RESOURCE: &str = r#"kind: resource
resource: 3119
version: 5
area: Collaboration
summary: Adds a new phone to provided contact
description: 'Text with: a colon'
documentation: https://api.rambase.net/documentation/Collaboration/Contact/Phone
deprecated: Use 9706
operation: AddContactPhone
method: POST
path: /collaboration/contacts/{contactId}/phones
formats: [json, xml]
successStatus: 201
pathParameters:
  contactId:
    type: integer
    description: The contact
queryParameters:
  - $db
  - $select:
      type: array
      items:
        type: string
  - status:
      type: string
      enum: [open, 'closed, or not']
request:
  object: Phone
  jsonRoot: phoneRequest
  rustName: PhoneRequest
  customFields: true
  fields:
    PhoneNumber:
      type: string
      required: true
      description: The number
      pattern: '^[0-9 ]*$'
      minLength: 1
      maxLength: 20
      jsonName: number
      rustName: number
    Count:
      type: integer
      minimum: 0
      maximum: 10
      default: 1
    Ratio:
      type: decimal
      minimum: 0.5
    Status:
      type: string
      domain:
        values: [BUSINESS, HOME]
        rustName: PhoneStatus
    Kind:
      type: string
      domain: {}
    Owner:
      type: object
      object: Person
      customFields: true
      fields:
        Name:
          type: string
    Tags:
      type: array
      items:
        type: object
        object: Tag
        fields:
          Label:
            type: string
response:
  object: Phone
  jsonRoot: phones
  list: true
  fields:
    PhoneId:
      type: long
errors:
  - code: 101015
    status: 404
    message: Contact not found
    rustName: ContactNotFound
  - code: 101016
    status: 400
    message: 'Bad: number'
"#;

    const COMMON: &str = "kind: common
queryParameters:
  $db:
    type: string
    maxLength: 5
";

    fn read(text: &str) -> SpecFile {
        let source = SourceFile {
            path: PathBuf::from("full.yaml"),
            text: text.to_string(),
        };
        let mut diags = Diagnostics::default();
        let mut files = crate::spec::parse_files(&[source], &mut diags);
        assert!(diags.check().is_ok(), "the loader refuses the file");
        files.pop().expect("one spec file")
    }

    #[test]
    fn every_key_is_read_and_written_back_the_same() {
        let SpecFile::Resource(raw) = read(RESOURCE) else {
            panic!("not a resource")
        };
        assert_eq!(resource(&existing::resource(*raw), &[]), RESOURCE);
        let SpecFile::Common(raw) = read(COMMON) else {
            panic!("not a common file")
        };
        assert_eq!(common(&existing::common(raw), &[]), COMMON);
    }

    #[test]
    fn the_files_use_every_key_of_the_table() {
        let mut seen = Vec::new();
        for (text, mapping) in [(RESOURCE, &keys::RESOURCE), (COMMON, &keys::COMMON)] {
            let root = yaml::parse(text).expect("YAML");
            walk(&root, mapping, &mut seen);
        }
        for mapping in keys::MAPPINGS {
            for key in mapping.keys {
                assert!(
                    seen.contains(&(mapping.readme, key.name)),
                    "{}: `{}` is not in the test files",
                    mapping.readme,
                    key.name
                );
            }
        }
    }

    /// Notes the keys of `node`, a `mapping`, then goes down into the mappings below it.
    fn walk(node: &Node, mapping: &Mapping, seen: &mut Vec<(&'static str, &'static str)>) {
        let Value::Map(entries) = &node.value else {
            return;
        };
        for (key, value) in entries {
            let Some(k) = mapping.keys.iter().find(|k| k.name == key.name) else {
                panic!("`{}` is no key of {}", key.name, mapping.readme)
            };
            seen.push((mapping.readme, k.name));
            let (r, b, f) = (&keys::RESOURCE, &keys::BODY, &keys::FIELD);
            match k.name {
                "pathParameters" | "queryParameters" => each_field(value, seen),
                "fields" if mapping == b || mapping == f => each_field(value, seen),
                "request" | "response" if mapping == r => walk(value, b, seen),
                "errors" => each_item(value, &keys::ERROR, seen),
                "items" => walk(value, f, seen),
                "domain" => walk(value, &keys::DOMAIN, seen),
                _ => {}
            }
        }
    }

    /// Field definitions by name, or a list of names and one-entry mappings (query
    /// parameters).
    fn each_field(node: &Node, seen: &mut Vec<(&'static str, &'static str)>) {
        match &node.value {
            Value::Map(entries) => entries
                .iter()
                .for_each(|(_, v)| walk(v, &keys::FIELD, seen)),
            Value::Seq(items) => items.iter().for_each(|i| each_field(i, seen)),
            _ => {}
        }
    }

    fn each_item(node: &Node, mapping: &Mapping, seen: &mut Vec<(&'static str, &'static str)>) {
        if let Value::Seq(items) = &node.value {
            items.iter().for_each(|i| walk(i, mapping, seen));
        }
    }
}
