//! OpenAPI parameters → path parameters and query parameters, with RamBase's shared query
//! parameters (`components/parameters`, used by `$ref`) collected for `common.yaml`.

use super::document::{get, join, str_at};
use super::schema::{self, Cx, Role, at_name};
use crate::spec::yaml::{Node, Value};
use crate::spec::{Located, RawField, RawQueryParam, unplaced};

/// Names the OpenAPI document spells differently from the documentation pages.
const PAGE_NAMES: [(&str, &str); 5] = [
    ("$orderBy", "$orderby"),
    ("$inlineCount", "$inlinecount"),
    ("$showDomainValues", "$showDomainDescriptions"),
    ("$accessToken", "$access_token"),
    ("$pagekey", "$pageKey"),
];

/// The name the documentation pages use for a parameter.
pub(crate) fn page_name(name: &str) -> &str {
    PAGE_NAMES
        .iter()
        .find(|(doc, _)| *doc == name)
        .map_or(name, |(_, page)| page)
}

/// A shared query parameter: its definition and the component it came from.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Shared {
    pub field: RawField,
    pub component: String,
}

/// The parameters of one operation.
#[derive(Default)]
pub(crate) struct Params {
    pub path: Vec<RawField>,
    pub query: Vec<RawQueryParam>,
}

/// Reads the parameters of an operation (path-level ones first, as OpenAPI merges them);
/// shared ones are added to `shared`, in the order first used.
pub(crate) fn read<'n>(
    cx: &mut Cx<'_, 'n>,
    lists: &[(&'n Node, String)],
    shared: &mut Vec<Shared>,
) -> Params {
    let mut out = Params::default();
    for (list, ptr) in lists {
        for (i, node) in super::document::items(list).iter().enumerate() {
            one(cx, node, &join(ptr, &i.to_string()), shared, &mut out);
        }
    }
    out
}

fn one<'n>(
    cx: &mut Cx<'_, 'n>,
    node: &'n Node,
    ptr: &str,
    shared: &mut Vec<Shared>,
    out: &mut Params,
) {
    let component = str_at(node, "$ref").map(str::to_string);
    let Some((node, ptr, _)) = cx.doc.resolve(node, ptr) else {
        return;
    };
    let Some((location, field)) = definition(cx, node, &ptr) else {
        return;
    };
    match location.as_str() {
        "path" => add_path(cx, node, &ptr, field, out),
        "query" => {
            if out.query.iter().any(|q| q.name() == field.name.value) {
                let message = format!(
                    "the query parameter `{}` is listed twice",
                    field.name.value
                );
                cx.doc.error(node, &ptr, message, "list each parameter once");
                return;
            }
            out.query.push(query(cx, field, component, &ptr, shared));
        }
        "header" | "cookie" => cx.notes.push(format!(
            "{}: the {location} parameter `{}` has no place in the spec (the client sends its own headers); skipped",
            at_name(&ptr),
            field.name.value
        )),
        other => {
            let message = format!("unknown parameter location `in: {other}`");
            cx.doc.error(node, &join(&ptr, "in"), message, "use path or query");
        }
    }
}

fn add_path<'n>(
    cx: &mut Cx<'_, 'n>,
    node: &'n Node,
    ptr: &str,
    mut field: RawField,
    out: &mut Params,
) {
    if field.enum_values.take().is_some() {
        cx.notes.push(format!(
            "{}: a path parameter takes no `enum` in the spec; dropped",
            at_name(ptr)
        ));
    }
    if out.path.iter().any(|p| p.name.value == field.name.value) {
        let message = format!("the path parameter `{}` is listed twice", field.name.value);
        cx.doc.error(node, ptr, message, "list each parameter once");
        return;
    }
    out.path.push(field);
}

/// A query parameter: by name when it is a shared component (its first definition under
/// that name wins; a different one is kept in place), else in place.
fn query<'n>(
    cx: &mut Cx<'_, 'n>,
    field: RawField,
    component: Option<String>,
    ptr: &str,
    shared: &mut Vec<Shared>,
) -> RawQueryParam {
    let Some(component) = component else {
        return RawQueryParam::Inline(Box::new(field));
    };
    match shared
        .iter()
        .find(|s| s.field.name.value == field.name.value)
    {
        None => {
            let name = field.name.clone();
            shared.push(Shared { field, component });
            RawQueryParam::Use(name)
        }
        Some(s) if s.field == field => RawQueryParam::Use(field.name),
        Some(s) => {
            cx.notes.push(format!(
                "{}: `{}` differs from the shared parameter of {}; defined in place",
                at_name(ptr),
                field.name.value,
                s.component
            ));
            RawQueryParam::Inline(Box::new(field))
        }
    }
}

/// `in` and the field of one parameter object.
fn definition<'n>(cx: &mut Cx<'_, 'n>, node: &'n Node, ptr: &str) -> Option<(String, RawField)> {
    let (Some(name), Some(location)) = (str_at(node, "name"), str_at(node, "in")) else {
        let help = "a parameter needs `name` and `in`";
        cx.doc
            .error(node, ptr, "a parameter without `name` or `in`", help);
        return None;
    };
    let Some(schema_node) = get(node, "schema") else {
        let help = "describe the value under `schema` (`content` is not supported)";
        cx.doc.error(
            node,
            ptr,
            format!("the parameter `{name}` has no `schema`"),
            help,
        );
        return None;
    };
    // An export pins the spec's own spelling; otherwise the pages' spelling is used.
    let shown = str_at(node, "x-rambase-name").unwrap_or_else(|| page_name(name));
    if shown != name {
        cx.notes.push(format!(
            "{}: `{name}` is `{shown}` on the documentation pages",
            at_name(ptr)
        ));
    }
    let mut field = schema::field(cx, schema_node, &join(ptr, "schema"), shown, Role::Param, 0)?;
    field.name = Located::unplaced(shown.to_string());
    field.json_name = None;
    field.rust_name = str_at(node, "x-rambase-rust-name").and_then(unplaced);
    field.description = str_at(node, "description").and_then(unplaced);
    if field.type_name() == "array"
        && get(node, "explode").map(|n| &n.value) != Some(&Value::Bool(false))
    {
        cx.notes.push(format!(
            "{}: `{name}` is sent comma-separated, as RamBase reads lists (`explode: false`)",
            at_name(ptr)
        ));
    }
    Some((location.to_string(), field))
}

/// Every shared query parameter of `components/parameters`, in the document's order: those
/// the operations used, and the others too, since everything the document says is kept.
pub(crate) fn components(doc: &mut super::document::Doc<'_>, used: Vec<Shared>) -> Vec<Shared> {
    let root = doc.root;
    let Some(list) = get(root, "components").and_then(|c| get(c, "parameters")) else {
        return used;
    };
    let mut out = Vec::new();
    let mut cx = Cx {
        doc,
        notes: Vec::new(),
        stack: Vec::new(),
    };
    for (key, node) in super::document::entries(list) {
        let component = format!("#/components/parameters/{}", key.name);
        if let Some(found) = used.iter().find(|s| s.component == component) {
            out.push(found.clone());
            continue;
        }
        let ptr = join("/components/parameters", &key.name);
        let Some((node, ptr, _)) = cx.doc.resolve(node, &ptr) else {
            continue;
        };
        match definition(&mut cx, node, &ptr) {
            Some((location, field))
                if location == "query"
                    && !out
                        .iter()
                        .any(|s: &Shared| s.field.name.value == field.name.value) =>
            {
                out.push(Shared { field, component });
            }
            _ => {}
        }
    }
    // Shared parameters reached some other way keep their place after the components.
    for s in used {
        if !out.contains(&s) {
            out.push(s);
        }
    }
    out
}
