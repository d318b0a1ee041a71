//! One OpenAPI operation → one spec resource version: identity from `externalDocs`, area
//! from `tags`, the operation name from `operationId`, parameters, bodies and the status.

use heck::ToKebabCase as _;

use super::body;
use super::document::{Doc, entries, get, items, join, str_at};
use super::naming::upper_first;
use super::params::{self, Shared};
use super::schema::{Cx, Role};
use crate::spec::yaml::{Node, Value};
use crate::spec::{Located, RawError, RawResource, text, unplaced};

/// A resource version read from the document, with where its file goes.
#[derive(Clone, Debug)]
pub(crate) struct Imported {
    pub model: RawResource,
    /// `sales/customer/get-604-v54.yaml`, relative to the spec folder.
    pub file: String,
    /// What the report says about it.
    pub notes: Vec<String>,
    /// Where the operation is in the document, for problems found after it was read.
    pub line_col: (u32, u32),
    pub ptr: String,
}

/// Where an operation sits in the document.
pub(crate) struct OpAt<'n> {
    pub node: &'n Node,
    pub ptr: String,
    pub path: String,
    pub method: String,
    pub path_params: Option<(&'n Node, String)>,
}

/// The identity of an operation, read before anything else so that `--only` can skip
/// operations without checking them.
pub(crate) struct Identity {
    pub resource: i128,
    pub version: i128,
    pub area: String,
    pub operation: String,
    /// Why the operation name differs from the `operationId`, if it does.
    pub note: Option<String>,
}

/// Reads resource, version, area and operation name; reports what is missing.
pub(crate) fn identity(doc: &mut Doc<'_>, op: &OpAt<'_>) -> Option<Identity> {
    let url = get(op.node, "externalDocs")
        .and_then(|d| str_at(d, "url"))
        .unwrap_or_default();
    let number = |key: &str, query: &str| match get(op.node, key).map(|n| &n.value) {
        Some(Value::Int(n)) => Some(*n),
        _ => query_value(url, query).and_then(|v| v.parse().ok()),
    };
    let (resource, version) = (
        number("x-rambase-resource", "resourceno"),
        number("x-rambase-version", "version"),
    );
    let area = str_at(op.node, "x-rambase-area")
        .map(str::to_string)
        .or_else(|| {
            items(get(op.node, "tags")?)
                .first()
                .and_then(|t| match &t.value {
                    Value::Str(s) => Some(upper_first(s)),
                    _ => None,
                })
        });
    let operation_id = str_at(op.node, "operationId");
    let found = (
        resource.is_some() && version.is_some(),
        area.is_some(),
        operation_id.is_some(),
    );
    report_missing(doc, op, found, resource.is_none(), version.is_none());
    let resource = resource?;
    let operation_id = without_version(operation_id?, version);
    let (operation, note) = super::naming::operation_name(operation_id, &op.method, resource);
    Some(Identity {
        resource,
        version: version?,
        area: area?,
        operation,
        note,
    })
}

/// Reports what of the identity is missing; `found` is (resource and version, area, id).
fn report_missing(
    doc: &mut Doc<'_>,
    op: &OpAt<'_>,
    (identified, area, id): (bool, bool, bool),
    no_resource: bool,
    no_version: bool,
) {
    let link = get(op.node, "externalDocs").and_then(|d| get(d, "url"));
    let unreadable = unreadable_link(link, no_resource, no_version);
    let problems = [
        (
            link.is_none() && !identified,
            "externalDocs",
            "the operation has no `externalDocs.url` with `resourceno` and `version`",
            "RamBase links each operation to its page: `https://api.rambase.net/documentation?resourceno=604&version=54`",
        ),
        (
            unreadable.is_some(),
            "externalDocs/url",
            unreadable.as_deref().unwrap_or_default(),
            "RamBase's link reads `https://api.rambase.net/documentation?resourceno=604&version=54`; the resource and version are whole numbers",
        ),
        (
            !area,
            "tags",
            "the operation has no tag to name its area",
            "RamBase tags each operation with its area (`tags: [sales]`)",
        ),
        (
            !id,
            "operationId",
            "the operation has no `operationId`",
            "RamBase names each operation (`operationId: sales_ListOrders`)",
        ),
    ];
    for (missing, key, message, help) in problems {
        if missing {
            let at = key.split('/').fold(op.ptr.clone(), |p, k| join(&p, k));
            doc.error(op.node, &at, message, help);
        }
    }
}

/// What is wrong with an `externalDocs.url` that is there but gives no resource or version.
fn unreadable_link(link: Option<&Node>, no_resource: bool, no_version: bool) -> Option<String> {
    let link = link?;
    if !no_resource && !no_version {
        return None;
    }
    let Value::Str(url) = &link.value else {
        return Some("`externalDocs.url` is not text".into());
    };
    let lacking = match (no_resource, no_version) {
        (true, true) => "`resourceno` and `version`",
        (true, false) => "`resourceno`",
        _ => "`version`",
    };
    Some(format!(
        "`externalDocs.url` {} has no whole-number {lacking} in its query",
        super::report::shown(url)
    ))
}

/// `operationId` without the version an export adds to tell several versions of one
/// operation apart (`sales_CreateOrder_v1` → `sales_CreateOrder`).
fn without_version(id: &str, version: Option<i128>) -> &str {
    version
        .and_then(|v| id.strip_suffix(&format!("_v{v}")))
        .unwrap_or(id)
}

/// The value of `key` in a URL's query.
fn query_value<'u>(url: &'u str, key: &str) -> Option<&'u str> {
    let query = url.split_once('?')?.1;
    query.split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=')?;
        k.eq_ignore_ascii_case(key).then_some(v)
    })
}

/// The spec model of an operation whose identity was read.
pub(crate) fn read<'n>(
    doc: &mut Doc<'n>,
    op: &OpAt<'n>,
    id: Identity,
    shared: &mut Vec<Shared>,
) -> Option<Imported> {
    let before = doc.diags.len();
    let mut cx = Cx {
        doc,
        notes: Vec::new(),
        stack: Vec::new(),
    };
    let lists = parameter_lists(op);
    let params = params::read(&mut cx, &lists, shared);
    let request = match get(op.node, "requestBody") {
        Some(node) => body::read(&mut cx, node, &join(&op.ptr, "requestBody"), Role::Request),
        None => None,
    };
    let (status, response, types) = body::response(&mut cx, op.node, &op.ptr);
    let mut notes = std::mem::take(&mut cx.notes);
    notes.extend(id.note.clone());
    let url = get(op.node, "externalDocs").and_then(|d| str_at(d, "url"));
    let documented =
        get(op.node, "x-rambase-documentation").map(|n| &n.value) != Some(&Value::Bool(false));
    let summary = summary(op.node, &id.operation, &mut notes);
    let model = RawResource {
        resource: unplaced(id.resource),
        version: unplaced(id.version),
        summary: unplaced(summary),
        description: str_at(op.node, "description").and_then(unplaced),
        documentation: url.filter(|_| documented).and_then(unplaced),
        deprecated: deprecated(op.node),
        method: unplaced(op.method.to_ascii_uppercase()),
        path: unplaced(str_at(op.node, "x-rambase-path").unwrap_or(&op.path)),
        formats: formats(op.node, &types),
        success_status: unplaced(status?),
        path_parameters: params.path,
        query_parameters: params.query,
        request,
        response,
        errors: errors(op.node),
        area: unplaced(id.area),
        operation: unplaced(id.operation),
        ..RawResource::default()
    };
    if doc.diags.len() > before {
        return None;
    }
    let mut model = model;
    notes.extend(super::naming::settle(&mut model));
    let file = file_name(&model, url.unwrap_or_default());
    Some(Imported {
        model,
        file,
        notes,
        line_col: op.node.line_col,
        ptr: op.ptr.clone(),
    })
}

/// The `summary`, else the operation name, with a note.
fn summary(node: &Node, operation: &str, notes: &mut Vec<String>) -> String {
    str_at(node, "summary")
        .map(str::to_string)
        .unwrap_or_else(|| {
            notes.push(format!(
                "no `summary`: the operation name `{operation}` stands in for it"
            ));
            operation.to_string()
        })
}

/// `deprecated: true`, or the note an export keeps in `x-rambase-deprecated`.
fn deprecated(node: &Node) -> Option<Located<Value>> {
    super::document::bool_at(node, "deprecated")
        .filter(|d| *d)
        .map(|_| match str_at(node, "x-rambase-deprecated") {
            Some(note) => Located::unplaced(Value::Str(note.to_string())),
            None => Located::unplaced(Value::Bool(true)),
        })
}

/// The parameter lists of an operation: those of its path first, as OpenAPI merges them.
fn parameter_lists<'n>(op: &OpAt<'n>) -> Vec<(&'n Node, String)> {
    let mut lists = Vec::new();
    if let Some((node, ptr)) = &op.path_params {
        lists.push((*node, ptr.clone()));
    }
    if let Some(node) = get(op.node, "parameters") {
        lists.push((node, join(&op.ptr, "parameters")));
    }
    lists
}

/// The formats: `x-rambase-formats`, else those of the body content types.
fn formats(node: &Node, types: &[String]) -> Vec<Located<String>> {
    if let Some(list) = get(node, "x-rambase-formats") {
        let formats = super::document::strings(list).into_iter();
        return formats.map(Located::unplaced).collect();
    }
    let known = [
        ("json", "application/json"),
        ("xml", "application/xml"),
        ("html", "text/html"),
        ("jsonstream", "application/x-json-stream"),
    ];
    known
        .iter()
        .filter(|(_, mime)| {
            types
                .iter()
                .any(|t| t == mime || (*mime == "application/xml" && t == "text/xml"))
        })
        .map(|(f, _)| Located::unplaced(f.to_string()))
        .collect()
}

/// The documented error codes of `x-rambase-errors` (what an export wrote).
fn errors(node: &Node) -> Vec<RawError> {
    let int = |n: &Node, key: &str| match get(n, key).map(|v| &v.value) {
        Some(Value::Int(i)) => *i,
        _ => 0,
    };
    get(node, "x-rambase-errors")
        .map(items)
        .unwrap_or_default()
        .iter()
        .map(|e| RawError {
            code: unplaced(int(e, "code")),
            status: unplaced(int(e, "status")),
            message: unplaced(str_at(e, "message").unwrap_or_default()),
            rust_name: str_at(e, "rustName").and_then(unplaced),
            ..RawError::default()
        })
        .collect()
}

/// `<area>/<object>/<verb>-<id>-v<version>.yaml`. The object comes from the documentation
/// link's path (`/documentation/Collaboration/Contact/Phone`), else from the API path's
/// literal segments after the area, singular (`/sales/orders/{id}/lines` → `order-line`).
fn file_name(r: &RawResource, url: &str) -> String {
    fn name(key: &Option<Located<String>>) -> &str {
        text(key).unwrap_or_default()
    }
    let link: Vec<String> = url
        .split_once("/documentation/")
        .map(|(_, rest)| rest.split(['?', '#']).next().unwrap_or_default())
        .map(|p| {
            p.split('/')
                .skip(1)
                .filter(|s| !s.is_empty())
                .map(|s| s.to_kebab_case())
                .collect()
        })
        .unwrap_or_default();
    let from_path = || -> Vec<String> {
        name(&r.path)
            .split('/')
            .filter(|s| !s.is_empty() && !s.contains('{'))
            .skip(1)
            .map(|s| singular(&s.to_kebab_case()))
            .collect()
    };
    let mut object = if link.is_empty() { from_path() } else { link }.join("-");
    object.retain(|c| c.is_ascii_alphanumeric() || c == '-');
    if object.is_empty() {
        object = name(&r.operation).to_kebab_case();
    }
    let mut area = name(&r.area).to_ascii_lowercase();
    area.retain(|c| c.is_ascii_alphanumeric() || c == '-');
    if area.is_empty() {
        area = "area".into();
    }
    format!(
        "{area}/{object}/{}-{}-v{}.yaml",
        name(&r.method).to_ascii_lowercase(),
        crate::spec::int(&r.resource),
        crate::spec::int(&r.version)
    )
}

fn singular(word: &str) -> String {
    if let Some(stem) = word.strip_suffix("ies") {
        format!("{stem}y")
    } else if word.ends_with("sses") || word.ends_with("xes") || word.ends_with("ches") {
        word[..word.len() - 2].to_string()
    } else if word.ends_with('s') && !word.ends_with("ss") {
        word[..word.len() - 1].to_string()
    } else {
        word.to_string()
    }
}

/// Every operation of the document with its place; unsupported methods are reported.
pub(crate) fn operations<'n>(doc: &mut Doc<'n>) -> Vec<OpAt<'n>> {
    let root = doc.root;
    let mut out = Vec::new();
    let Some(paths) = get(root, "paths") else {
        doc.error(
            root,
            "",
            "the document has no `paths`",
            "an OpenAPI document lists its operations under `paths`",
        );
        return out;
    };
    for (key, item) in entries(paths) {
        let item_ptr = join("/paths", &key.name);
        let path_params = get(item, "parameters").map(|n| (n, join(&item_ptr, "parameters")));
        for (method, node) in entries(item) {
            let ptr = join(&item_ptr, &method.name);
            match method.name.as_str() {
                "get" | "post" | "put" | "delete" => {
                    // An export keeps the older versions of an operation in `x-rambase-versions`.
                    let older = get(node, "x-rambase-versions").map_or(&[][..], items);
                    let older = older
                        .iter()
                        .enumerate()
                        .map(|(i, n)| (n, join(&join(&ptr, "x-rambase-versions"), &i.to_string())));
                    for (node, ptr) in std::iter::once((node, ptr.clone())).chain(older) {
                        out.push(OpAt {
                            node,
                            ptr,
                            path: key.name.clone(),
                            method: method.name.clone(),
                            path_params: path_params.clone(),
                        });
                    }
                }
                "patch" | "head" | "options" | "trace" => {
                    doc.error(
                        node,
                        &ptr,
                        format!("`{}` is not a RamBase method", method.name),
                        "RamBase uses GET, POST, PUT and DELETE",
                    );
                }
                _ => {}
            }
        }
    }
    out
}

/// A document without any operation (or whose every operation was already reported) has
/// nothing to import; saying so beats an empty folder the generator cannot read.
pub(crate) fn none_found(doc: &mut Doc<'_>) {
    if !doc.diags.is_empty() {
        return;
    }
    let root = doc.root;
    let at = get(root, "paths").unwrap_or(root);
    doc.error(
        at,
        "/paths",
        "the document has no operation to import",
        "RamBase's document lists each resource version as a GET, POST, PUT or DELETE under `paths`",
    );
}
