//! OpenAPI schemas → spec field definitions: types, rules, nested objects and arrays.

use super::document::{Doc, bool_at, entries, get, join, str_at, strings_at};
use super::naming::{lower_first, upper_first};
use crate::spec::yaml::{Key, Node, Value};
use crate::spec::{Located, RawDomain, RawField, mark, text, unplaced};

/// How deeply objects may nest: each level takes three YAML levels in a spec file, whose
/// collections may nest 48 deep.
pub(crate) const MAX_OBJECT_DEPTH: usize = 12;

/// Where a schema is used; decides which keys it may take.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    Request,
    Response,
    Param,
}

/// The mapping context of one operation: the document, the notes for the report, and the
/// schemas being mapped (a schema that contains itself cannot be a spec object).
pub(crate) struct Cx<'d, 'n> {
    pub doc: &'d mut Doc<'n>,
    pub notes: Vec<String>,
    pub stack: Vec<String>,
}

/// Constructs the spec format cannot describe, with what to do instead.
const UNSUPPORTED: [(&str, &str); 6] = [
    ("oneOf", "a spec field has one type"),
    ("anyOf", "a spec field has one type"),
    ("allOf", "inline the combined properties into one object"),
    ("not", "a spec field has one type"),
    ("discriminator", "a spec field has one type"),
    ("exclusiveMinimum", "write the inclusive bound as `minimum`"),
];

/// A field from the schema at `node`, named after its JSON property `json` (or its
/// documented name `x-rambase-name`).
pub(crate) fn field<'n>(
    cx: &mut Cx<'_, 'n>,
    node: &'n Node,
    ptr: &str,
    json: &str,
    role: Role,
    depth: usize,
) -> Option<RawField> {
    let (outer, use_ptr) = (node, ptr.to_string());
    let (node, ptr, ref_name) = cx.doc.resolve(node, ptr)?;
    if depth > MAX_OBJECT_DEPTH {
        let message = format!("objects nest deeper than {MAX_OBJECT_DEPTH} levels");
        cx.doc.error(
            node,
            &ptr,
            message,
            "a spec file cannot hold deeper objects",
        );
        return None;
    }
    if ref_name.is_some() && cx.stack.contains(&ptr) {
        let start = cx.stack.iter().position(|s| *s == ptr).unwrap_or(0);
        let chain: Vec<&str> = cx.stack[start..]
            .iter()
            .chain(std::iter::once(&ptr))
            .filter_map(|p| p.strip_prefix("/components/schemas/"))
            .collect();
        let message = if chain.len() > 2 {
            format!("the schemas contain themselves: {}", chain.join(" → "))
        } else {
            format!("the schema #{ptr} contains itself")
        };
        cx.doc.error(
            node,
            &ptr,
            message,
            "a spec object cannot contain itself; cut the cycle",
        );
        return None;
    }
    if !supported(cx, node, &ptr) {
        return None;
    }
    let name = str_at(node, "x-rambase-name").map_or_else(|| upper_first(json), str::to_string);
    ref_siblings(cx, outer, &use_ptr);
    let mut f = RawField {
        json_name: (lower_first(&name) != json).then(|| Located::unplaced(json.to_string())),
        name: Located::unplaced(name),
        // A description beside a `$ref` says what this use of the schema is.
        description: str_at(outer, "description")
            .or_else(|| str_at(node, "description"))
            .and_then(unplaced),
        rust_name: str_at(node, "x-rambase-rust-name").and_then(unplaced),
        ..RawField::default()
    };
    cx.stack.push(ptr.clone());
    let ok = typed(cx, node, &ptr, &mut f, ref_name, role, depth);
    cx.stack.pop();
    ok.then_some(f)
}

/// Keys written beside a `$ref`, which OpenAPI 3.0 ignores: the description and the
/// read/write marks are honoured (documents mean them), the others noted.
fn ref_siblings(cx: &mut Cx<'_, '_>, outer: &Node, ptr: &str) {
    const HONOURED: [&str; 5] = ["$ref", "description", "readOnly", "writeOnly", "nullable"];
    if str_at(outer, "$ref").is_none() {
        return;
    }
    let ignored: Vec<&str> = super::document::entries(outer)
        .iter()
        .map(|(k, _)| k.name.as_str())
        .filter(|k| !HONOURED.contains(k) && !k.starts_with("x-"))
        .collect();
    if !ignored.is_empty() {
        cx.notes.push(format!(
            "{}: keys beside `$ref` ({}) are ignored, as OpenAPI 3.0 says; the referenced schema is used",
            at_name(ptr),
            ignored.join(", ")
        ));
    }
}

fn supported<'n>(cx: &mut Cx<'_, 'n>, node: &'n Node, ptr: &str) -> bool {
    let mut ok = true;
    for (key, help) in UNSUPPORTED {
        if let Some(found) = get(node, key) {
            if key == "exclusiveMinimum" && found.value == Value::Bool(false) {
                continue;
            }
            cx.doc.error(
                found,
                &join(ptr, key),
                format!("`{key}` is not supported"),
                help,
            );
            ok = false;
        }
    }
    if let Some(found) = get(node, "exclusiveMaximum").filter(|n| n.value != Value::Bool(false)) {
        let help = "write the inclusive bound as `maximum`";
        cx.doc.error(
            found,
            &join(ptr, "exclusiveMaximum"),
            "`exclusiveMaximum` is not supported",
            help,
        );
        ok = false;
    }
    ok
}

/// Fills in the type and what goes with it; false when the schema cannot be mapped.
fn typed<'n>(
    cx: &mut Cx<'_, 'n>,
    node: &'n Node,
    ptr: &str,
    f: &mut RawField,
    ref_name: Option<String>,
    role: Role,
    depth: usize,
) -> bool {
    let ty = match get(node, "type").map(|n| &n.value) {
        Some(Value::Str(t)) => t.as_str(),
        None if get(node, "properties").is_some() => "object",
        Some(Value::Seq(_)) => {
            let help = "OpenAPI 3.0 takes one type per schema (type lists are OpenAPI 3.1)";
            cx.doc.error(
                node,
                &join(ptr, "type"),
                "a list of types is not supported",
                help,
            );
            return false;
        }
        _ => {
            let help =
                "give the schema a `type` (string, integer, number, boolean, object or array)";
            cx.doc.error(node, ptr, "the schema has no `type`", help);
            return false;
        }
    };
    match ty {
        "object" => object(cx, node, ptr, f, ref_name, role, depth),
        "array" => array(cx, node, ptr, f, role, depth),
        _ => scalar(cx, node, ptr, f, ty, role),
    }
}

fn object<'n>(
    cx: &mut Cx<'_, 'n>,
    node: &'n Node,
    ptr: &str,
    f: &mut RawField,
    ref_name: Option<String>,
    role: Role,
    depth: usize,
) -> bool {
    if role == Role::Param {
        let help = "query and path parameters take scalars or lists of strings";
        cx.doc
            .error(node, ptr, "an object parameter is not supported", help);
        return false;
    }
    f.ty = unplaced("object");
    f.object = object_name(node, ref_name)
        .filter(|o| *o != f.name.value)
        .and_then(unplaced);
    f.custom_fields = mark(bool_at(node, "x-rambase-custom-fields").unwrap_or(false));
    match properties(cx, node, ptr, role, depth + 1) {
        Some(fields) => {
            f.fields = fields;
            true
        }
        None => false,
    }
}

/// The object name: `x-rambase-object`, else the name of the `$ref`ed schema.
pub(crate) fn object_name(node: &Node, ref_name: Option<String>) -> Option<String> {
    str_at(node, "x-rambase-object")
        .map(str::to_string)
        .or(ref_name)
}

/// The fields of an object schema; `None` after a problem was reported.
pub(crate) fn properties<'n>(
    cx: &mut Cx<'_, 'n>,
    node: &'n Node,
    ptr: &str,
    role: Role,
    depth: usize,
) -> Option<Vec<RawField>> {
    let props_ptr = join(ptr, "properties");
    let props = get(node, "properties").map(entries).unwrap_or_default();
    if props.is_empty() {
        let help = "a spec object needs at least one field; describe its properties";
        cx.doc.error(
            node,
            ptr,
            "an object without `properties` cannot be described in the spec",
            help,
        );
        return None;
    }
    let required = strings_at(node, "required");
    let mut fields: Vec<RawField> = Vec::new();
    let mut ok = true;
    unknown_required(cx, ptr, &required, props);
    for (key, value) in props {
        let at = join(&props_ptr, &key.name);
        if !for_role(cx, value, &at, role, required.contains(&key.name)) {
            continue;
        }
        let Some(mapped) = response_field(cx, value, &at, &key.name, role, depth) else {
            continue;
        };
        let Some(mut f) = mapped else {
            ok = false;
            continue;
        };
        if !name_free(cx, &fields, &f, &key.name, value, &at) {
            ok = false;
            continue;
        }
        f.required = mark(
            role == Role::Request
                && required.contains(&key.name)
                && !marked(cx, value, &at, "nullable"),
        );
        fields.push(f);
    }
    if ok && fields.is_empty() {
        let help = "a spec object needs at least one field the spec can describe";
        cx.doc.error(
            node,
            ptr,
            "no property of this object can be described in the spec",
            help,
        );
        return None;
    }
    ok.then_some(fields)
}

/// Whether no earlier field has the name of `f`; a second one is reported.
fn name_free(
    cx: &mut Cx<'_, '_>,
    fields: &[RawField],
    f: &RawField,
    json: &str,
    node: &Node,
    at: &str,
) -> bool {
    let Some(other) = fields.iter().find(|o| o.name.value == f.name.value) else {
        return true;
    };
    let message = format!(
        "the properties `{}` and `{json}` both give the field name `{}`",
        lower_first(&other.name.value),
        f.name.value
    );
    let help = "the spec names a field by its documented name (the JSON name with its first letter upper-cased); rename one property";
    cx.doc.error(node, at, message, help);
    false
}

/// Names in `required` that are no property: reported, since a rule is lost.
fn unknown_required(cx: &mut Cx<'_, '_>, ptr: &str, required: &[String], props: &[(Key, Node)]) {
    for name in required
        .iter()
        .filter(|r| !props.iter().any(|(k, _)| k.name == **r))
    {
        cx.notes.push(format!(
            "{}: `required` names {}, which is not a property; ignored",
            at_name(ptr),
            super::report::shown(name)
        ));
    }
}

/// A mark (`readOnly`, `writeOnly`, `nullable`) beside a `$ref` or in the schema it names;
/// an unresolvable reference reads as unmarked (the field reports it).
fn marked<'n>(cx: &mut Cx<'_, 'n>, node: &'n Node, ptr: &str, key: &str) -> bool {
    if bool_at(node, key) == Some(true) {
        return true;
    }
    let outer = std::mem::take(&mut cx.doc.diags);
    let target = cx.doc.resolve(node, ptr);
    cx.doc.diags = outer;
    target.is_some_and(|(n, _, _)| bool_at(n, key) == Some(true))
}

/// Whether a property belongs in the model of `role`: a `readOnly` one is not sent, a
/// `writeOnly` one never answered. A `nullable` required request field becomes optional (the
/// spec has no null; leaving it out is what the client can do), with a note.
fn for_role<'n>(
    cx: &mut Cx<'_, 'n>,
    node: &'n Node,
    ptr: &str,
    role: Role,
    required: bool,
) -> bool {
    let (mark, model) = match role {
        Role::Request => ("readOnly", "request"),
        Role::Response => ("writeOnly", "response"),
        Role::Param => return true,
    };
    if marked(cx, node, ptr, mark) {
        cx.notes.push(format!(
            "{}: `{mark}`, so not part of the {model} model",
            at_name(ptr)
        ));
        return false;
    }
    if role == Role::Request && required && marked(cx, node, ptr, "nullable") {
        cx.notes.push(format!(
            "{}: required but `nullable`; optional in the spec, which has no null",
            at_name(ptr)
        ));
    }
    true
}

/// [`field`], except that a response property no spec field can describe (no `type`, a
/// free-form map, `oneOf`, ...) is left out of the model with a note, instead of leaving out
/// the whole operation: a response model keeps what it does not declare in `extra_fields`, so
/// the value still arrives. `None` when it was left out.
fn response_field<'n>(
    cx: &mut Cx<'_, 'n>,
    node: &'n Node,
    ptr: &str,
    json: &str,
    role: Role,
    depth: usize,
) -> Option<Option<RawField>> {
    if role != Role::Response {
        return Some(field(cx, node, ptr, json, role, depth));
    }
    let outer = std::mem::take(&mut cx.doc.diags);
    let mapped = field(cx, node, ptr, json, role, depth);
    let found = std::mem::replace(&mut cx.doc.diags, outer);
    let Some(first) = found.sorted().into_iter().next() else {
        return Some(mapped);
    };
    cx.notes.push(format!(
        "{}: left out of the response model ({}); its value arrives in `extra_fields`",
        at_name(ptr),
        first.message
    ));
    None
}

fn array<'n>(
    cx: &mut Cx<'_, 'n>,
    node: &'n Node,
    ptr: &str,
    f: &mut RawField,
    role: Role,
    depth: usize,
) -> bool {
    f.ty = unplaced("array");
    let Some(items) = get(node, "items") else {
        cx.doc.error(
            node,
            ptr,
            "an array without `items`",
            "describe one item under `items`",
        );
        return false;
    };
    let json = text(&f.json_name).map_or_else(|| lower_first(&f.name.value), str::to_string);
    let Some(mut item) = field(cx, items, &join(ptr, "items"), &json, role, depth + 1) else {
        return false;
    };
    if role == Role::Param && item.type_name() != "string" {
        let help = "RamBase list parameters ($select, $expand) take names";
        cx.doc.error(
            items,
            &join(ptr, "items"),
            "a list parameter must have string items",
            help,
        );
        return false;
    }
    // Items carry no name of their own; the object name of object items stays.
    item.name.value.clear();
    item.json_name = None;
    item.rust_name = None;
    item.description = None;
    item.required = None;
    f.items = Some(Box::new(item));
    true
}

/// `type` + `format` → the spec's scalar type.
fn scalar_type(ty: &str, format: Option<&str>) -> Option<(&'static str, Option<String>)> {
    let unknown = |f: &str| Some(format!("format `{f}` is not a RamBase type: read as {ty}"));
    Some(match (ty, format) {
        ("integer", None | Some("int32")) => ("integer", None),
        ("integer", Some("int64")) => ("long", None),
        ("integer", Some(f)) => ("integer", unknown(f)),
        ("number", None | Some("double" | "float" | "decimal")) => ("decimal", None),
        ("number", Some(f)) => ("decimal", unknown(f)),
        ("string", Some("date")) => ("date", None),
        ("string", Some("date-time")) => ("datetime", None),
        ("string", Some("time")) => ("time", None),
        ("string", None) => ("string", None),
        ("string", Some(f)) => ("string", unknown(f)),
        ("boolean", _) => ("boolean", None),
        _ => return None,
    })
}

fn scalar<'n>(
    cx: &mut Cx<'_, 'n>,
    node: &'n Node,
    ptr: &str,
    f: &mut RawField,
    ty: &str,
    role: Role,
) -> bool {
    let Some((spec_ty, note)) = scalar_type(ty, str_at(node, "format")) else {
        let message = format!("type `{ty}` is not supported");
        let help = "use string, integer, number, boolean, object or array";
        cx.doc.error(node, &join(ptr, "type"), message, help);
        return false;
    };
    f.ty = unplaced(spec_ty);
    if let Some(note) = note {
        cx.notes.push(format!("{}: {note}", at_name(ptr)));
    }
    super::rules::read(cx, node, ptr, f, role);
    if let Some(d) = get(node, "x-rambase-domain") {
        f.domain = Some(RawDomain {
            values: strings_at(d, "values")
                .into_iter()
                .map(Located::unplaced)
                .collect(),
            rust_name: str_at(d, "rustName").and_then(unplaced),
            ..RawDomain::default()
        });
    }
    if role == Role::Response && f.default.take().is_some() {
        cx.notes.push(format!(
            "{}: a response field takes no default; dropped",
            at_name(ptr)
        ));
    }
    true
}

/// A JSON pointer as shown in notes.
pub(crate) fn at_name(ptr: &str) -> String {
    format!("#{ptr}")
}

/// A scalar value of the document, for defaults and bounds.
pub(crate) fn value_scalar(node: &Node) -> Option<Located<Value>> {
    super::existing::is_scalar(&node.value).then(|| Located::unplaced(node.value.clone()))
}
