//! Spec files → one OpenAPI 3.0 document in RamBase's conventions, for documentation
//! viewers and mock servers. What OpenAPI has no place for (error codes, domains, custom
//! fields, Rust names, formats) goes in `x-rambase-*` extensions, which [`import`]
//! (super::import) reads back, so that import(export(specs)) gives the same specs.

use std::path::{Path, PathBuf};

use super::existing;
use super::json::Json;
use super::naming::{lower_first, upper_first};
use crate::diag::Diagnostics;
use crate::error::Error;
use crate::spec::yaml::Value;
use crate::spec::{
    Located, RawBody, RawCommon, RawField, RawQueryParam, RawResource, SpecFile, flag, int, value,
};

/// Writes every spec of `spec_dir` as one OpenAPI 3.0 document (JSON text). The specs are
/// checked first: a spec with problems is an [`Error::Spec`].
pub fn export(spec_dir: &Path) -> Result<String, Error> {
    let shown: Vec<PathBuf> = crate::check::discover_specs(spec_dir)?
        .iter()
        .filter_map(|p| p.strip_prefix(spec_dir).ok().map(Path::to_path_buf))
        .collect();
    if shown.is_empty() {
        return Err(Error::Usage(format!(
            "{}: no spec files to export",
            spec_dir.display()
        )));
    }
    crate::check::check_specs(&shown, spec_dir)?;
    let mut diags = Diagnostics::default();
    let sources = crate::spec::load_files_in(spec_dir, &shown, &mut diags);
    let (mut resources, mut commons) = (Vec::new(), Vec::new());
    for file in crate::spec::parse_files(&sources, &mut diags) {
        match file {
            SpecFile::Resource(raw) => resources.push(existing::resource(*raw)),
            SpecFile::Common(raw) => commons.push(existing::common(raw)),
        }
    }
    diags.check().map_err(Error::Spec)?;
    Ok(document(&mut resources, &commons).pretty())
}

/// The document of checked specs.
///
/// OpenAPI allows one operation per path and method, and RamBase's versions of a resource
/// share both: the version is not in the URL but chosen by the server, from the versions the
/// API client is registered for and `$useMinimumVersion`. So the newest version is the
/// operation at its path, and the older ones are kept whole, newest first, in its
/// `x-rambase-versions` extension (where OpenAPI tools leave them alone and the import reads
/// them back). An `operationId` shared by several versions gets the version (`_v1`).
pub(crate) fn document(resources: &mut [RawResource], commons: &[RawCommon]) -> Json {
    resources.sort_by(|a, b| {
        let (a_id, a_version) = existing::id(a);
        let (b_id, b_version) = existing::id(b);
        (t(&a.path), t(&a.method), b_version, a_id).cmp(&(
            t(&b.path),
            t(&b.method),
            a_version,
            b_id,
        ))
    });
    let shared: Vec<&RawField> = commons.iter().flat_map(|c| &c.query_parameters).collect();
    let paths = paths(resources, &shared);
    let mut doc = Json::obj();
    doc.set("openapi", Json::str("3.0.3"));
    let mut info = Json::obj();
    info.set("title", Json::str("RamBase API"));
    info.set("version", Json::str("1.0"));
    doc.set("info", info);
    doc.set(
        "servers",
        Json::Arr(vec![Json::Obj(vec![(
            "url".into(),
            Json::str("https://api.rambase.net"),
        )])]),
    );
    doc.set("paths", Json::Obj(paths));
    doc.set("components", components(&shared));
    doc.set(
        "security",
        Json::Arr(vec![Json::Obj(vec![(
            "oauth2".into(),
            Json::Arr(Vec::new()),
        )])]),
    );
    doc
}

/// The paths of the sorted resources: one operation per path and method, the newest
/// version, with the older ones in its `x-rambase-versions`.
fn paths(resources: &[RawResource], shared: &[&RawField]) -> Vec<(String, Json)> {
    let ids: Vec<String> = resources.iter().map(operation_id).collect();
    let mut paths: Vec<(String, Json)> = Vec::new();
    let mut groups: Vec<(usize, Vec<Json>)> = Vec::new();
    for (i, r) in resources.iter().enumerate() {
        let mut id = ids[i].clone();
        if ids.iter().filter(|other| **other == id).count() > 1 {
            id = format!("{id}_v{}", int(&r.version));
        }
        let op = operation(r, &id, shared);
        let head = groups.last().map(|(h, _)| &resources[*h]);
        match head {
            Some(h) if h.path == r.path && h.method == r.method => {
                groups.last_mut().expect("a group").1.push(op);
            }
            _ => groups.push((i, vec![op])),
        }
    }
    for (head, mut ops) in groups {
        let r = &resources[head];
        let mut op = ops.remove(0);
        if !ops.is_empty() {
            op.set("x-rambase-versions", Json::Arr(ops));
        }
        let method = t(&r.method).to_ascii_lowercase();
        match paths.iter_mut().find(|(k, _)| k == t(&r.path)) {
            Some((_, item)) => item.set(&method, op),
            None => {
                let mut item = Json::obj();
                item.set(&method, op);
                paths.push((t(&r.path).to_string(), item));
            }
        }
    }
    paths
}

fn components(shared: &[&RawField]) -> Json {
    let mut parameters = Json::obj();
    for f in shared {
        parameters.set(&component_key(&f.name.value), parameter(f, "query"));
    }
    let mut paging = Json::obj();
    paging.set("type", Json::str("object"));
    let props = [
        "pageSize",
        "position",
        "page",
        "firstPageKey",
        "firstPage",
        "previousPageKey",
        "previousPage",
        "nextPageKey",
        "nextPage",
        "lastPageKey",
        "lastPage",
        "size",
    ];
    let props = props.iter().map(|p| {
        let ty = if matches!(*p, "pageSize" | "position" | "page" | "size") {
            ("integer", Some("int32"))
        } else {
            ("string", None)
        };
        let mut s = Json::obj();
        s.set("type", Json::str(ty.0));
        s.set_opt("format", ty.1.map(str::to_string).as_ref());
        (p.to_string(), s)
    });
    paging.set("properties", Json::Obj(props.collect()));
    let mut schemas = Json::obj();
    schemas.set("Paging", paging);
    let mut flow = Json::obj();
    flow.set(
        "authorizationUrl",
        Json::str("https://api.rambase.net/oauth2"),
    );
    flow.set(
        "tokenUrl",
        Json::str("https://api.rambase.net/oauth2/access_token"),
    );
    flow.set(
        "refreshUrl",
        Json::str("https://api.rambase.net/oauth2/access_token"),
    );
    flow.set("scopes", Json::obj());
    let mut oauth = Json::obj();
    oauth.set("type", Json::str("oauth2"));
    oauth.set("flows", Json::Obj(vec![("authorizationCode".into(), flow)]));
    let mut out = Json::obj();
    out.set("parameters", parameters);
    out.set("schemas", schemas);
    out.set("securitySchemes", Json::Obj(vec![("oauth2".into(), oauth)]));
    out
}

/// A component key: OpenAPI allows letters, digits, `.`, `-` and `_` (`$db` → `db`).
fn component_key(name: &str) -> String {
    let key: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
        .collect();
    if key.is_empty() {
        format!("p{}", name.len())
    } else {
        key
    }
}

/// RamBase's `operationId`: `sales_CreateOrder`.
fn operation_id(r: &RawResource) -> String {
    format!("{}_{}", t(&r.area).to_ascii_lowercase(), t(&r.operation))
}

/// The text of a key the importer's form always has (absent reads as empty).
fn t(key: &Option<Located<String>>) -> &str {
    crate::spec::text(key).unwrap_or_default()
}

fn strs(values: &[Located<String>]) -> Json {
    let values: Vec<String> = values.iter().map(|v| v.value.clone()).collect();
    Json::strs(&values)
}

fn operation(r: &RawResource, id: &str, shared: &[&RawField]) -> Json {
    let mut op = Json::obj();
    let tag = lower_first(t(&r.area));
    op.set("tags", Json::Arr(vec![Json::str(&tag)]));
    if upper_first(&tag) != t(&r.area) {
        op.set("x-rambase-area", Json::str(t(&r.area)));
    }
    op.set("summary", Json::str(t(&r.summary)));
    op.set_opt("description", value(&r.description));
    op.set("operationId", Json::str(id));
    identity(&mut op, r);
    let mut params: Vec<Json> = r
        .path_parameters
        .iter()
        .map(|p| parameter(p, "path"))
        .collect();
    for q in &r.query_parameters {
        params.push(match q {
            RawQueryParam::Use(name) if shared.iter().any(|f| f.name.value == name.value) => {
                Json::Obj(vec![(
                    "$ref".into(),
                    Json::Str(format!(
                        "#/components/parameters/{}",
                        component_key(&name.value)
                    )),
                )])
            }
            RawQueryParam::Use(name) => parameter(
                &RawField {
                    ty: crate::spec::unplaced("string"),
                    ..RawField::named(name.value.clone())
                },
                "query",
            ),
            RawQueryParam::Inline(f) => parameter(f, "query"),
        });
    }
    if !params.is_empty() {
        op.set("parameters", Json::Arr(params));
    }
    if let Some(body) = &r.request {
        let mut request = Json::obj();
        request.set("required", Json::Bool(true));
        request.set("content", content(body, true, &r.formats));
        op.set("requestBody", request);
    }
    op.set("responses", responses(r));
    op.set("x-rambase-formats", strs(&r.formats));
    if !r.errors.is_empty() {
        op.set("x-rambase-errors", errors(r));
    }
    op
}

fn identity(op: &mut Json, r: &RawResource) {
    let (resource, version) = existing::id(r);
    let synthesized =
        format!("https://api.rambase.net/documentation?resourceno={resource}&version={version}");
    let url = value(&r.documentation).cloned().unwrap_or(synthesized);
    let query = url
        .split_once('?')
        .map(|(_, q)| q.to_ascii_lowercase())
        .unwrap_or_default();
    op.set(
        "externalDocs",
        Json::Obj(vec![("url".into(), Json::Str(url.clone()))]),
    );
    if r.documentation.is_none() {
        op.set("x-rambase-documentation", Json::Bool(false));
    }
    if let Some(note) = value(&r.deprecated) {
        op.set("deprecated", Json::Bool(true));
        if let Value::Str(note) = note {
            op.set("x-rambase-deprecated", Json::str(note));
        }
    }
    let pairs: Vec<&str> = query.split('&').collect();
    if !pairs.contains(&format!("resourceno={resource}").as_str()) {
        op.set("x-rambase-resource", Json::Int(resource));
    }
    if !pairs.contains(&format!("version={version}").as_str()) {
        op.set("x-rambase-version", Json::Int(version));
    }
}

fn errors(r: &RawResource) -> Json {
    Json::Arr(
        r.errors
            .iter()
            .map(|e| {
                let mut j = Json::obj();
                j.set("code", Json::Int(int(&e.code)));
                j.set("status", Json::Int(int(&e.status)));
                j.set("message", Json::str(t(&e.message)));
                j.set_opt("rustName", value(&e.rust_name));
                j
            })
            .collect(),
    )
}

fn responses(r: &RawResource) -> Json {
    let mut response = Json::obj();
    let status = int(&r.success_status);
    let text = match status {
        201 => "Created",
        202 => "Accepted",
        _ => "OK",
    };
    response.set("description", Json::str(text));
    if let Some(body) = &r.response {
        response.set("content", content(body, false, &r.formats));
    }
    Json::Obj(vec![(status.to_string(), response)])
}

fn content(body: &RawBody, request: bool, formats: &[Located<String>]) -> Json {
    let mut media = Json::obj();
    media.set("schema", wrapper(body, request));
    let mut content = Json::Obj(vec![("application/json".into(), media)]);
    if formats.iter().any(|f| f.value == "xml") {
        content.set("application/xml", Json::obj());
    }
    content
}

/// `{"customer": {...}}`, or `{"customers": [...], "paging": {...}}` for a list.
fn wrapper(body: &RawBody, request: bool) -> Json {
    let root = value(&body.json_root)
        .cloned()
        .unwrap_or_else(|| lower_first(t(&body.object)));
    let mut object = object_schema(&body.fields, request, flag(&body.custom_fields));
    let mut props = Json::obj();
    if flag(&body.list) {
        object.set("x-rambase-object", Json::str(t(&body.object)));
        let mut array = Json::obj();
        array.set("type", Json::str("array"));
        array.set("items", object);
        props.set(&root, array);
        props.set(
            "paging",
            Json::Obj(vec![(
                "$ref".into(),
                Json::str("#/components/schemas/Paging"),
            )]),
        );
    } else {
        if upper_first(&root) != t(&body.object) {
            object.set("x-rambase-object", Json::str(t(&body.object)));
        }
        props.set(&root, object);
    }
    let mut out = Json::obj();
    out.set("type", Json::str("object"));
    out.set("properties", props);
    out.set_opt("x-rambase-rust-name", value(&body.rust_name));
    out
}

fn object_schema(fields: &[RawField], request: bool, custom_fields: bool) -> Json {
    let mut props = Json::obj();
    let mut required = Vec::new();
    for f in fields {
        let name = &f.name.value;
        let key = value(&f.json_name)
            .cloned()
            .unwrap_or_else(|| lower_first(name));
        let mut s = schema(f, request);
        if upper_first(&key) != *name {
            s.set("x-rambase-name", Json::str(name));
        }
        if request && flag(&f.required) {
            required.push(key.clone());
        }
        props.set(&key, s);
    }
    let mut out = Json::obj();
    out.set("type", Json::str("object"));
    if !required.is_empty() {
        out.set("required", Json::strs(&required));
    }
    out.set("properties", props);
    if custom_fields {
        out.set("x-rambase-custom-fields", Json::Bool(true));
    }
    out
}

/// The schema of a field: its type, rules and what only the spec says.
fn schema(f: &RawField, request: bool) -> Json {
    let mut s = match f.type_name() {
        "object" => object_schema(&f.fields, request, flag(&f.custom_fields)),
        "array" => {
            let mut a = Json::obj();
            a.set("type", Json::str("array"));
            if let Some(items) = &f.items {
                a.set("items", schema(items, request));
            }
            a
        }
        other => scalar(f, other),
    };
    s.set_opt("description", value(&f.description));
    s.set_opt("x-rambase-object", value(&f.object));
    s.set_opt("x-rambase-rust-name", value(&f.rust_name));
    s
}

fn scalar(f: &RawField, ty: &str) -> Json {
    let (ty, format) = match ty {
        "integer" => ("integer", Some("int32")),
        "long" => ("integer", Some("int64")),
        "decimal" => ("number", Some("double")),
        "date" => ("string", Some("date")),
        "datetime" => ("string", Some("date-time")),
        "time" => ("string", Some("time")),
        "boolean" => ("boolean", None),
        _ => ("string", None),
    };
    let mut s = Json::obj();
    s.set("type", Json::str(ty));
    s.set_opt("format", format.map(str::to_string).as_ref());
    s.set_opt("pattern", value(&f.pattern));
    for (key, bound) in [
        ("minimum", &f.minimum),
        ("maximum", &f.maximum),
        ("default", &f.default),
    ] {
        if let Some(v) = value(bound).and_then(number) {
            s.set(key, v);
        }
    }
    for (key, length) in [("minLength", &f.min_length), ("maxLength", &f.max_length)] {
        if let Some(n) = value(length) {
            s.set(key, Json::Int(*n));
        }
    }
    if let Some(values) = value(&f.enum_values) {
        s.set("enum", strs(values));
    }
    if let Some(d) = &f.domain {
        let mut j = Json::obj();
        j.set("values", strs(&d.values));
        j.set_opt("rustName", value(&d.rust_name));
        s.set("x-rambase-domain", j);
    }
    s
}

/// A default or bound; the importer's form of a file holds scalars only.
fn number(v: &Value) -> Option<Json> {
    Some(match v {
        Value::Str(s) => Json::str(s),
        Value::Int(i) => Json::Int(*i),
        Value::Float(f) => Json::Float(*f),
        Value::Bool(b) => Json::Bool(*b),
        Value::Null | Value::Seq(_) | Value::Map(_) => return None,
    })
}

fn parameter(f: &RawField, location: &str) -> Json {
    let mut p = Json::obj();
    let name = &f.name.value;
    p.set("name", Json::str(name));
    if super::params::page_name(name) != name {
        p.set("x-rambase-name", Json::str(name));
    }
    p.set("in", Json::str(location));
    if location == "path" {
        p.set("required", Json::Bool(true));
    }
    p.set_opt("description", value(&f.description));
    if f.type_name() == "array" {
        p.set("style", Json::str("form"));
        p.set("explode", Json::Bool(false));
    }
    let schema = match f.type_name() {
        "array" => schema(
            &RawField {
                description: None,
                rust_name: None,
                ..f.clone()
            },
            false,
        ),
        other => scalar(f, other),
    };
    p.set("schema", schema);
    p.set_opt("x-rambase-rust-name", value(&f.rust_name));
    p
}
