//! Request and response bodies: RamBase wraps each object in one root property
//! (`{"customer": {...}}`), and a list in a plural root beside `paging`.

use super::document::{entries, get, join, str_at};
use super::naming::{lower_first, upper_first};
use super::schema::{self, Cx, Role, at_name, object_name};
use crate::spec::yaml::{Node, Value};
use crate::spec::{Located, RawBody, RawField, mark, unplaced};

/// The media types read, in order of preference.
const JSON: &str = "application/json";

/// The body described by a request body or response object at `node`, and its media types.
pub(crate) fn read<'n>(
    cx: &mut Cx<'_, 'n>,
    node: &'n Node,
    ptr: &str,
    role: Role,
) -> Option<RawBody> {
    let (node, ptr, _) = cx.doc.resolve(node, ptr)?;
    let content = get(node, "content")?;
    let content_ptr = join(&ptr, "content");
    let (media, media_node) = entries(content)
        .iter()
        .find(|(k, _)| media_type(&k.name) == JSON)
        .or_else(|| {
            entries(content)
                .iter()
                .find(|(_, v)| get(v, "schema").is_some())
        })
        .map(|(k, v)| (k.name.as_str(), v))?;
    let schema_ptr = join(&join(&content_ptr, media), "schema");
    let schema_node = get(media_node, "schema")?;
    let (wrapper, wrapper_ptr, _) = cx.doc.resolve(schema_node, &schema_ptr)?;
    let props_ptr = join(&wrapper_ptr, "properties");
    let props = get(wrapper, "properties").map(entries).unwrap_or_default();
    let roots: Vec<_> = props.iter().filter(|(k, _)| k.name != "paging").collect();
    let [(root_key, root_node)] = roots.as_slice() else {
        let message = format!(
            "a RamBase body has one root property (`{{\"customer\": {{...}}}}`), this one has {}",
            roots.len()
        );
        let help = "wrap the object in one property named after it, first letter lower-cased";
        cx.doc.error(wrapper, &wrapper_ptr, message, help);
        return None;
    };
    let root_ptr = join(&props_ptr, &root_key.name);
    let (root, root_ptr, ref_name) = cx.doc.resolve(root_node, &root_ptr)?;
    let mut body = if get(root, "type").map(|t| &t.value) == Some(&Value::Str("array".into())) {
        list(
            cx,
            root,
            &root_ptr,
            &root_key.name,
            role,
            props.len() > roots.len(),
        )?
    } else {
        let object = object_name(root, None).unwrap_or_else(|| upper_first(&root_key.name));
        let _ = ref_name;
        let fields = object_fields(cx, root, &root_ptr, role)?;
        RawBody {
            json_root: (lower_first(&object) != root_key.name)
                .then(|| Located::unplaced(root_key.name.clone())),
            custom_fields: custom_fields(root),
            object: unplaced(object),
            fields,
            ..RawBody::default()
        }
    };
    body.rust_name = str_at(wrapper, "x-rambase-rust-name").and_then(unplaced);
    Some(body)
}

fn custom_fields(node: &Node) -> Option<Located<bool>> {
    mark(super::document::bool_at(node, "x-rambase-custom-fields").unwrap_or(false))
}

fn object_fields<'n>(
    cx: &mut Cx<'_, 'n>,
    node: &'n Node,
    ptr: &str,
    role: Role,
) -> Option<Vec<RawField>> {
    cx.stack.push(ptr.to_string());
    let fields = schema::properties(cx, node, ptr, role, 1);
    cx.stack.pop();
    fields
}

/// A list: the plural root's items are the objects.
fn list<'n>(
    cx: &mut Cx<'_, 'n>,
    root: &'n Node,
    ptr: &str,
    key: &str,
    role: Role,
    paging: bool,
) -> Option<RawBody> {
    if role == Role::Request {
        let help = "only responses are lists in RamBase";
        cx.doc
            .error(root, ptr, "a request body cannot be a list", help);
        return None;
    }
    if !paging {
        cx.notes.push(format!(
            "{}: a list without `paging`; read as a paged list",
            at_name(ptr)
        ));
    }
    let Some(items) = get(root, "items") else {
        cx.doc.error(
            root,
            ptr,
            "an array without `items`",
            "describe one item under `items`",
        );
        return None;
    };
    let (item, item_ptr, ref_name) = cx.doc.resolve(items, &join(ptr, "items"))?;
    let object = object_name(item, ref_name).unwrap_or_else(|| {
        let guess = upper_first(key.strip_suffix('s').unwrap_or(key));
        cx.notes.push(format!(
            "{}: the list items have no schema name; object `{guess}` guessed from the root",
            at_name(&item_ptr)
        ));
        guess
    });
    let fields = object_fields(cx, item, &item_ptr, role)?;
    Some(RawBody {
        object: unplaced(object),
        json_root: unplaced(key),
        list: mark(true),
        custom_fields: custom_fields(item),
        fields,
        ..RawBody::default()
    })
}

/// The successful status, the response body and the media types of the operation's bodies.
pub(crate) fn response<'n>(
    cx: &mut Cx<'_, 'n>,
    op: &'n Node,
    op_ptr: &str,
) -> (Option<i128>, Option<RawBody>, Vec<String>) {
    let mut types = media_types(get(op, "requestBody"));
    let responses_ptr = join(op_ptr, "responses");
    let Some(responses) = get(op, "responses") else {
        cx.doc.error(
            op,
            op_ptr,
            "the operation has no `responses`",
            "list its successful status (POST 201, GET and PUT 200, DELETE 202)",
        );
        return (None, None, types);
    };
    let mut success: Vec<(i128, &Node, String)> = entries(responses)
        .iter()
        .filter_map(|(k, v)| {
            let code: i128 = k.name.parse().ok()?;
            (200..300)
                .contains(&code)
                .then(|| (code, v, join(&responses_ptr, &k.name)))
        })
        .collect();
    success.sort_by_key(|(code, _, _)| *code);
    if success.is_empty() {
        success.extend(any_success(cx, responses, &responses_ptr, op_ptr));
    }
    let Some((code, node, ptr)) = success.first().cloned() else {
        cx.doc.error(
            responses,
            &responses_ptr,
            "the operation has no successful (2xx) response",
            "RamBase answers POST with 201, GET and PUT with 200, DELETE with 202",
        );
        return (None, None, types);
    };
    if success.len() > 1 {
        cx.notes.push(format!(
            "{}: several successful statuses; {code} is the documented one",
            at_name(&responses_ptr)
        ));
    }
    let resolved = cx.doc.resolve(node, &ptr).map(|(n, _, _)| n);
    types.extend(media_types(resolved));
    (Some(code), read(cx, node, &ptr, Role::Response), types)
}

/// A `2XX` response (any success): the status RamBase answers the method with.
fn any_success<'n>(
    cx: &mut Cx<'_, 'n>,
    responses: &'n Node,
    responses_ptr: &str,
    op_ptr: &str,
) -> Option<(i128, &'n Node, String)> {
    let (key, node) = entries(responses)
        .iter()
        .find(|(k, _)| k.name.eq_ignore_ascii_case("2XX"))?;
    let code = match op_ptr.rsplit('/').next() {
        Some("post") => 201,
        Some("delete") => 202,
        _ => 200,
    };
    cx.notes.push(format!(
        "{}: `{}` read as {code}, RamBase's status for this method",
        at_name(responses_ptr),
        key.name
    ));
    Some((code, node, join(responses_ptr, &key.name)))
}

fn media_types(node: Option<&Node>) -> Vec<String> {
    node.and_then(|n| get(n, "content"))
        .map(entries)
        .unwrap_or_default()
        .iter()
        .map(|(k, _)| media_type(&k.name))
        .collect()
}

/// A media type without its parameters, lower-cased: `Application/JSON; charset=utf-8`
/// is JSON, as RamBase writes it.
pub(crate) fn media_type(key: &str) -> String {
    key.split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}
