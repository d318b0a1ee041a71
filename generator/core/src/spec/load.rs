//! Reading spec files from disk and decoding them into raw spec values.

use std::path::{Path, PathBuf};

use super::decode::{self, Cx, MapView, index, join};
use super::keys;
use super::{
    Located, RawBody, RawCommon, RawDomain, RawError, RawField, RawQueryParam, RawResource,
    SpecFile,
};
use crate::diag::{Diagnostic, Diagnostics, Origin};
use crate::spec::yaml::{self, Node, Value};

/// The largest spec file read, so that a runaway file fails fast with a clear message.
pub const MAX_FILE_BYTES: usize = 8 * 1024 * 1024;

/// A spec file's text, as read from disk.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceFile {
    /// The path as given to the generator; used in every diagnostic.
    pub path: PathBuf,
    /// The file's text.
    pub text: String,
}

/// Reads files, reporting unreadable, oversized and non-UTF-8 ones as diagnostics.
pub fn load_files(paths: &[PathBuf], diags: &mut Diagnostics) -> Vec<SourceFile> {
    load_files_in(Path::new(""), paths, diags)
}

/// Reads `base/<path>` for each path, but names each file by `path` alone, in its
/// [`SourceFile`] and in every diagnostic, so messages do not depend on where `base` is.
pub fn load_files_in(base: &Path, paths: &[PathBuf], diags: &mut Diagnostics) -> Vec<SourceFile> {
    let mut sources = Vec::new();
    for path in paths {
        match crate::files::read_capped(&base.join(path), MAX_FILE_BYTES as u64) {
            Ok(bytes) => {
                if let Some(text) = check_bytes(path, bytes, diags) {
                    sources.push(SourceFile {
                        path: path.clone(),
                        text,
                    });
                }
            }
            Err(err) => diags.push(
                Diagnostic::new(
                    Origin::file(path),
                    format!("cannot read the spec file: {err}"),
                )
                .help("check that the path exists and is readable"),
            ),
        }
    }
    sources
}

fn check_bytes(path: &Path, bytes: Vec<u8>, diags: &mut Diagnostics) -> Option<String> {
    if bytes.len() > MAX_FILE_BYTES {
        diags.push(
            Diagnostic::new(at_start(path), format!("the file is larger than the limit of {MAX_FILE_BYTES} bytes (8 MiB) for one spec file"))
                .help("split it into one file per resource version"),
        );
        return None;
    }
    match String::from_utf8(bytes) {
        Ok(text) => Some(text),
        Err(err) => {
            let valid = &err.as_bytes()[..err.utf8_error().valid_up_to()];
            let line = valid.iter().filter(|b| **b == b'\n').count() + 1;
            let line_start = valid.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
            let col = String::from_utf8_lossy(&valid[line_start..])
                .chars()
                .count()
                + 1;
            let origin = Origin {
                file: path.to_path_buf(),
                line_col: Some((to_u32(line), to_u32(col))),
                yaml_path: String::new(),
            };
            diags.push(
                Diagnostic::new(origin, "the file is not valid UTF-8")
                    .help("save the file as UTF-8"),
            );
            None
        }
    }
}

/// The first character of a file: where a problem of the whole file's content is shown, so
/// that every diagnostic about a file that exists has a line and column.
fn at_start(path: &Path) -> Origin {
    Origin {
        file: path.to_path_buf(),
        line_col: Some((1, 1)),
        yaml_path: String::new(),
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Parses and decodes every source, continuing past broken files so that all problems of a
/// run are reported together.
///
/// Files are independent, so they are parsed on all cores; the result keeps their order.
pub fn parse_files(sources: &[SourceFile], diags: &mut Diagnostics) -> Vec<SpecFile> {
    crate::par::filter_map_reporting(sources, diags, parse_file)
}

fn parse_file(source: &SourceFile, diags: &mut Diagnostics) -> Option<SpecFile> {
    let text = source.text.strip_prefix('\u{feff}').unwrap_or(&source.text);
    if text.trim().is_empty() {
        diags.push(
            Diagnostic::new(at_start(&source.path), "the spec file is empty")
                .help("start it with `kind: resource` or `kind: common`"),
        );
        return None;
    }
    match yaml::parse(text) {
        Ok(root) => {
            let mut cx = Cx {
                file: &source.path,
                diags,
            };
            decode_file(&mut cx, &root)
        }
        Err(err) => {
            let origin = Origin {
                file: source.path.clone(),
                line_col: err.line_col,
                yaml_path: String::new(),
            };
            diags.push(
                Diagnostic::new(origin, format!("invalid YAML: {}", err.message))
                    .help(syntax_hint(&err.message)),
            );
            None
        }
    }
}

fn syntax_hint(message: &str) -> &'static str {
    let m = message.to_ascii_lowercase();
    if m.contains("bom") {
        "remove the byte order mark (U+FEFF): only the very start of a file may hold one"
    } else if m.contains("document") {
        "a spec file holds exactly one YAML document: remove the `---` separators"
    } else if m.contains("duplicate") {
        "keep one of the two entries"
    } else if m.contains("keys must be plain text") {
        "write each key as plain text before its `:`; a `?` at the start of a line makes the next value a key"
    } else if m.contains("simple key") {
        "a key must end with `:` on its own line, and YAML allows at most 1024 characters before it"
    } else if m.contains("tag") {
        "spec files use plain YAML: remove the `!` tag"
    } else if m.contains("unknown anchor") {
        "define the anchor (`&name`) before an alias (`*name`) uses it"
    } else if m.contains("nest") {
        "flatten the structure: real specs nest about 8 levels deep"
    } else if m.contains("alias") || m.contains("anchor") || m.contains("limit") {
        "write the values out plainly instead of through aliases"
    } else {
        "fix the YAML syntax at this position (indentation, quotes, brackets)"
    }
}

fn decode_file(cx: &mut Cx<'_>, root: &Node) -> Option<SpecFile> {
    let kind = match &root.value {
        Value::Map(entries) => entries
            .iter()
            .find(|(k, _)| k.name == "kind")
            .map(|(_, v)| v),
        _ => None,
    };
    let kind = match kind {
        Some(node) => decode::string(cx, node, "kind")?,
        None => {
            let is_map = matches!(root.value, Value::Map(_));
            let message = if is_map {
                "missing required key `kind`"
            } else {
                "a spec file must be a mapping"
            };
            cx.error(root.line_col, "", message).help =
                Some("start the file with `kind: resource` or `kind: common`".into());
            return None;
        }
    };
    match kind.value.as_str() {
        "resource" => Some(SpecFile::Resource(Box::new(decode_resource(cx, root)))),
        "common" => Some(SpecFile::Common(decode_common(cx, root))),
        other => {
            let near = decode::closest(other, &["resource", "common"]).unwrap_or("resource");
            cx.error(
                kind.origin.line_col.unwrap_or(root.line_col),
                "kind",
                format!("unknown kind `{}`", decode::shorten(other)),
            )
            .help = Some(format!(
                "did you mean `{near}`? (a spec file is `kind: resource` or `kind: common`)"
            ));
            None
        }
    }
}

fn decode_resource(cx: &mut Cx<'_>, root: &Node) -> RawResource {
    let origin = cx.origin(root.line_col, "");
    let mut r = empty_resource(origin);
    let Some(m) = decode::map(cx, root, "", &keys::RESOURCE) else {
        return r;
    };
    r.resource = optional(cx, &m, "resource", decode::int);
    r.version = optional(cx, &m, "version", decode::int);
    r.area = optional(cx, &m, "area", decode::name);
    r.summary = optional(cx, &m, "summary", decode::string);
    r.description = optional(cx, &m, "description", decode::string);
    r.documentation = optional(cx, &m, "documentation", decode::name);
    r.deprecated = optional(cx, &m, "deprecated", deprecated);
    r.operation = optional(cx, &m, "operation", decode::name);
    r.method = optional(cx, &m, "method", decode::name);
    r.path = optional(cx, &m, "path", decode::name);
    r.success_status = optional(cx, &m, "successStatus", decode::int);
    if let Some(node) = m.get("formats") {
        let path = m.child("formats");
        r.formats = decode::seq(cx, node, &path)
            .iter()
            .enumerate()
            .filter_map(|(i, n)| decode::name(cx, n, &index(&path, i)))
            .collect();
    }
    decode_parts(cx, &m, &mut r);
    r
}

/// `deprecated:` is `true`, `false` or the note (text) a deprecated version carries.
fn deprecated(cx: &mut Cx<'_>, node: &Node, path: &str) -> Option<Located<Value>> {
    match &node.value {
        Value::Bool(_) | Value::Str(_) => Some(Located {
            value: node.value.clone(),
            origin: cx.origin(node.line_col, path),
        }),
        _ => {
            cx.error(node.line_col, path, "`deprecated` must be `true`, `false` or a note")
                .help = Some("write `deprecated: true`, or the note users should read, e.g. `deprecated: \"use resource 9706\"`".into());
            None
        }
    }
}

/// A resource with nothing read yet.
fn empty_resource(origin: crate::diag::Origin) -> RawResource {
    RawResource {
        origin,
        resource: None,
        version: None,
        area: None,
        summary: None,
        description: None,
        documentation: None,
        deprecated: None,
        operation: None,
        method: None,
        path: None,
        formats: Vec::new(),
        success_status: None,
        path_parameters: Vec::new(),
        query_parameters: Vec::new(),
        request: None,
        response: None,
        errors: Vec::new(),
    }
}

/// Parameters, bodies and error codes of a resource.
fn decode_parts(cx: &mut Cx<'_>, m: &MapView<'_>, r: &mut RawResource) {
    if let Some(node) = m.get("pathParameters") {
        r.path_parameters = decode_fields(cx, node, &m.child("pathParameters"));
    }
    if let Some(node) = m.get("queryParameters") {
        r.query_parameters = decode_query_params(cx, node, &m.child("queryParameters"));
    }
    r.request = m
        .get("request")
        .map(|node| decode_body(cx, node, &m.child("request")));
    r.response = m
        .get("response")
        .map(|node| decode_body(cx, node, &m.child("response")));
    if let Some(node) = m.get("errors") {
        let path = m.child("errors");
        r.errors = decode::seq(cx, node, &path)
            .iter()
            .enumerate()
            .filter_map(|(i, n)| decode_error(cx, n, &index(&path, i)))
            .collect();
    }
}

fn decode_common(cx: &mut Cx<'_>, root: &Node) -> RawCommon {
    let origin = cx.origin(root.line_col, "");
    let mut common = RawCommon {
        origin,
        query_parameters: Vec::new(),
    };
    if let Some(m) = decode::map(cx, root, "", &keys::COMMON)
        && let Some(node) = m.get("queryParameters")
    {
        common.query_parameters = decode_fields(cx, node, &m.child("queryParameters"));
    }
    common
}

type Decoder<T> = fn(&mut Cx<'_>, &Node, &str) -> Option<T>;

/// The value of `key`, decoded; a missing required key was reported by [`decode::map`].
fn optional<T>(cx: &mut Cx<'_>, m: &MapView<'_>, key: &str, decode: Decoder<T>) -> Option<T> {
    m.get(key).and_then(|node| decode(cx, node, &m.child(key)))
}

fn scalar(cx: &mut Cx<'_>, node: &Node, path: &str) -> Option<Located<Value>> {
    match &node.value {
        Value::Seq(_) | Value::Map(_) => {
            decode::expected(cx, node, path, "a single value");
            None
        }
        value => Some(Located {
            value: value.clone(),
            origin: cx.origin(node.line_col, path),
        }),
    }
}

fn decode_query_params(cx: &mut Cx<'_>, node: &Node, path: &str) -> Vec<RawQueryParam> {
    let mut params = Vec::new();
    for (i, item) in decode::seq(cx, node, path).iter().enumerate() {
        let item_path = index(path, i);
        match &item.value {
            Value::Str(_) => {
                params.extend(decode::name(cx, item, &item_path).map(RawQueryParam::Use))
            }
            Value::Map(entries) if entries.len() == 1 => {
                let (key, def) = &entries[0];
                params.push(RawQueryParam::Inline(Box::new(decode_field(
                    cx,
                    key,
                    def,
                    &join(&item_path, &key.name),
                ))));
            }
            _ => {
                cx.error(item.line_col, &item_path, format!("expected the name of a common parameter or a one-entry mapping `name: {{definition}}`, found {}", item.value.kind()))
                    .help = Some("write `- $db` to use the common `$db`, or `- $top: {type: integer, description: ...}`".into());
            }
        }
    }
    params
}

fn decode_body(cx: &mut Cx<'_>, node: &Node, path: &str) -> RawBody {
    let origin = cx.origin(node.line_col, path);
    let mut body = RawBody {
        origin,
        object: None,
        json_root: None,
        rust_name: None,
        list: None,
        custom_fields: None,
        fields: Vec::new(),
    };
    let Some(m) = decode::map(cx, node, path, &keys::BODY) else {
        return body;
    };
    body.object = optional(cx, &m, "object", decode::name);
    body.json_root = optional(cx, &m, "jsonRoot", decode::name);
    body.rust_name = optional(cx, &m, "rustName", decode::name);
    body.list = optional(cx, &m, "list", decode::boolean);
    body.custom_fields = optional(cx, &m, "customFields", decode::boolean);
    if let Some(fields) = m.get("fields") {
        body.fields = decode_fields(cx, fields, &m.child("fields"));
    }
    body
}

fn decode_fields(cx: &mut Cx<'_>, node: &Node, path: &str) -> Vec<RawField> {
    decode::named_entries(cx, node, path)
        .into_iter()
        .map(|(key, def)| decode_field(cx, key, def, &join(path, &key.name)))
        .collect()
}

fn decode_field(
    cx: &mut Cx<'_>,
    key: &crate::spec::yaml::Key,
    node: &Node,
    path: &str,
) -> RawField {
    let name = Located {
        value: key.name.clone(),
        origin: cx.origin(key.line_col, path),
    };
    let mut f = empty_field(cx.origin(node.line_col, path), name);
    let Some(m) = decode::map(cx, node, path, &keys::FIELD) else {
        return f;
    };
    f.ty = optional(cx, &m, "type", decode::name);
    f.description = optional(cx, &m, "description", decode::string);
    f.required = optional(cx, &m, "required", decode::boolean);
    f.default = optional(cx, &m, "default", scalar);
    f.pattern = optional(cx, &m, "pattern", decode::string);
    f.minimum = optional(cx, &m, "minimum", scalar);
    f.maximum = optional(cx, &m, "maximum", scalar);
    f.min_length = optional(cx, &m, "minLength", decode::int);
    f.max_length = optional(cx, &m, "maxLength", decode::int);
    f.domain = m
        .get("domain")
        .and_then(|n| decode_domain(cx, n, &m.child("domain")));
    f.object = optional(cx, &m, "object", decode::name);
    if let Some(fields) = m.get("fields") {
        f.fields_at = Some(cx.origin(fields.line_col, &m.child("fields")));
        f.fields = decode_fields(cx, fields, &m.child("fields"));
    }
    if let Some(items) = m.get("items") {
        let items_key = crate::spec::yaml::Key {
            name: key.name.clone(),
            line_col: items.line_col,
        };
        f.items = Some(Box::new(decode_field(
            cx,
            &items_key,
            items,
            &m.child("items"),
        )));
    }
    f.json_name = optional(cx, &m, "jsonName", decode::name);
    f.rust_name = optional(cx, &m, "rustName", decode::name);
    f.custom_fields = optional(cx, &m, "customFields", decode::boolean);
    f.enum_values = m
        .get("enum")
        .and_then(|n| decode_enum(cx, n, &m.child("enum")));
    f
}

/// `enum: [a, b]`: the accepted values, as strings.
fn decode_enum(cx: &mut Cx<'_>, node: &Node, path: &str) -> Option<Located<Vec<Located<String>>>> {
    let crate::spec::yaml::Value::Seq(items) = &node.value else {
        cx.error(node.line_col, path, "`enum` must be a list of values")
            .help =
            Some("write the accepted values as a list, e.g. `enum: [allpages, none]`".into());
        return None;
    };
    let values = items
        .iter()
        .enumerate()
        .filter_map(|(i, item)| decode::string(cx, item, &decode::index(path, i)))
        .collect();
    Some(Located {
        value: values,
        origin: cx.origin(node.line_col, path),
    })
}

/// A field with its name and nothing else read yet.
fn empty_field(origin: crate::diag::Origin, name: Located<String>) -> RawField {
    RawField {
        origin,
        name,
        ty: None,
        description: None,
        required: None,
        default: None,
        pattern: None,
        minimum: None,
        maximum: None,
        min_length: None,
        max_length: None,
        domain: None,
        object: None,
        fields: Vec::new(),
        fields_at: None,
        items: None,
        json_name: None,
        rust_name: None,
        custom_fields: None,
        enum_values: None,
    }
}

fn decode_domain(cx: &mut Cx<'_>, node: &Node, path: &str) -> Option<RawDomain> {
    let m = decode::map(cx, node, path, &keys::DOMAIN)?;
    let mut domain = RawDomain {
        origin: cx.origin(node.line_col, path),
        rust_name: optional(cx, &m, "rustName", decode::name),
        values: Vec::new(),
    };
    if let Some(values) = m.get("values") {
        let vpath = m.child("values");
        domain.values = decode::seq(cx, values, &vpath)
            .iter()
            .enumerate()
            .filter_map(|(i, n)| decode::name(cx, n, &index(&vpath, i)))
            .collect();
    }
    Some(domain)
}

fn decode_error(cx: &mut Cx<'_>, node: &Node, path: &str) -> Option<RawError> {
    let m = decode::map(cx, node, path, &keys::ERROR)?;
    Some(RawError {
        origin: cx.origin(node.line_col, path),
        code: optional(cx, &m, "code", decode::int),
        status: optional(cx, &m, "status", decode::int),
        message: optional(cx, &m, "message", decode::string),
        rust_name: optional(cx, &m, "rustName", decode::name),
    })
}
