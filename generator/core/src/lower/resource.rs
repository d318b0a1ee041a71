//! One resource version: identity, operation, path, parameters, bodies and error codes.

use std::collections::BTreeMap;

use super::Scope;
use super::fields::{RawObject, lower_newtype, lower_struct, scalar_type};
use crate::diag::{Diagnostic, Diagnostics};
use crate::ir::{
    Body, ErrorCode, Method, Param, PathSegment, PathTemplate, QueryParam, Resource, Role, Ty,
};
use crate::names::{self, NameKind};
use crate::spec::keys::FORMATS;
use crate::spec::{Located, RawBody, RawError, RawField, RawResource};

/// Query parameters that the client itself manages; a call never sets them.
pub(super) const CLIENT_MANAGED: &[&str] = &["$access_token", "$format"];

pub(super) fn lower_resource(
    raw: &RawResource,
    common: &BTreeMap<String, &RawField>,
    diags: &mut Diagnostics,
) -> Option<Resource> {
    let before = diags.len();
    let mut cx = Scope::new(diags);
    let (id, version) = identity(&mut cx, raw);
    let area_module = raw.area.as_ref().and_then(|a| lower_area(&mut cx, a));
    let operation = raw
        .operation
        .as_ref()
        .and_then(|o| lower_operation(&mut cx, o));
    let method = raw.method.as_ref().and_then(|m| lower_method(&mut cx, m));
    let success_status = raw
        .success_status
        .as_ref()
        .and_then(|s| lower_status(&mut cx, s, method));
    lower_formats(&mut cx, &raw.formats);
    let (path_params, path) = lower_path_and_params(&mut cx, raw);
    let query_params = super::query::lower_query_params(&mut cx, &raw.query_parameters, common);
    check_call_fields(&mut cx, &path_params, &query_params, raw);
    let (request, response) = lower_bodies(&mut cx, raw, method);
    let errors = lower_errors(&mut cx, raw);
    let (operation, call_name, error_name, codes_name) = operation_names(&mut cx, operation?, raw)?;
    let types = cx.into_types();
    if diags.len() > before {
        return None;
    }
    let version = version?;
    Some(Resource {
        spec_file: raw.origin.file.to_string_lossy().replace('\\', "/"),
        origin: raw.origin.clone(),
        id: id?,
        version,
        area: raw.area.as_ref()?.value.clone(),
        area_module: area_module?,
        operation_snake: names::snake(&operation).ok()?,
        operation,
        version_module: format!("v{version}"),
        summary: raw.summary.as_ref()?.value.clone(),
        description: raw.description.as_ref().map(|d| d.value.clone()),
        documentation: raw.documentation.as_ref().map(|d| d.value.clone()),
        deprecated: deprecation(raw),
        method: method?,
        path: path?,
        success_status: success_status?,
        path_params,
        query_params,
        request,
        response,
        errors,
        types,
        call_name,
        error_name,
        codes_name,
    })
}

/// `deprecated: true` (no note), `deprecated: "<note>"`; `false` and an empty note are the
/// absence of a note or of the mark.
fn deprecation(raw: &RawResource) -> Option<Option<String>> {
    match &raw.deprecated.as_ref()?.value {
        crate::spec::yaml::Value::Bool(true) => Some(None),
        crate::spec::yaml::Value::Str(note) if note.trim().is_empty() => Some(None),
        crate::spec::yaml::Value::Str(note) => Some(Some(note.clone())),
        _ => None,
    }
}

/// The module of an area. The crate root holds the area modules beside `prelude`, which
/// brings every area's calls, so no area may take that name.
fn lower_area(cx: &mut Scope<'_>, area: &Located<String>) -> Option<String> {
    let module = cx.module_name(area, false)?;
    if module != "prelude" {
        return Some(module);
    }
    cx.diags.push(
        Diagnostic::new(
            area.origin.clone(),
            "the area would be the module `prelude`, which the generated crate keeps for the module that brings every call"
                .to_string(),
        )
        .help("RamBase has no such area; check the page's area name"),
    );
    None
}

/// The resource identifier and version.
fn identity(cx: &mut Scope<'_>, raw: &RawResource) -> (Option<u32>, Option<u32>) {
    let id = raw
        .resource
        .as_ref()
        .and_then(|r| positive(cx, r, "resource identifier"));
    let version = raw
        .version
        .as_ref()
        .and_then(|v| positive(cx, v, "version"));
    (id, version)
}

fn lower_path_and_params(
    cx: &mut Scope<'_>,
    raw: &RawResource,
) -> (Vec<Param>, Option<PathTemplate>) {
    let params = lower_path_params(cx, &raw.path_parameters);
    let path = raw
        .path
        .as_ref()
        .and_then(|p| lower_path(cx, p, &params, &raw.path_parameters));
    (params, path)
}

/// The operation name, used as written: it names the call and is PascalCase.
fn lower_operation(cx: &mut Scope<'_>, o: &Located<String>) -> Option<String> {
    cx.module_name(o, true).filter(|n| {
        pascal_check(
            cx,
            o,
            n,
            "operation name",
            "`AddContactPhone`; the method becomes `add_contact_phone`",
        )
    })
}

fn lower_bodies(
    cx: &mut Scope<'_>,
    raw: &RawResource,
    method: Option<Method>,
) -> (Option<Body>, Option<Body>) {
    let request = raw
        .request
        .as_ref()
        .and_then(|b| lower_body(cx, b, Role::Request));
    let response = raw
        .response
        .as_ref()
        .and_then(|b| lower_body(cx, b, Role::Response));
    check_bodies(cx, raw, method);
    (request, response)
}

fn positive(cx: &mut Scope<'_>, v: &Located<i128>, what: &str) -> Option<u32> {
    match u32::try_from(v.value) {
        Ok(n) if n > 0 => Some(n),
        _ => {
            cx.diags.push(
                Diagnostic::new(
                    v.origin.clone(),
                    format!(
                        "the {what} must be a positive whole number, found {}",
                        v.value
                    ),
                )
                .help("copy it from the page's \"API resource identifier N, version V\" line"),
            );
            None
        }
    }
}

fn pascal_check(
    cx: &mut Scope<'_>,
    raw: &Located<String>,
    ident: &str,
    what: &str,
    example: &str,
) -> bool {
    let ok = ident.chars().next().is_some_and(|c| c.is_ascii_uppercase()) && !ident.contains('_');
    if ok && names::is_all_caps(ident) {
        cx.diags.push(
            Diagnostic::new(
                raw.origin.clone(),
                format!(
                    "the {what} `{}` {}",
                    raw.value,
                    names::NameError::AllCaps.describe()
                ),
            )
            .help(format!("write it like {example}")),
        );
        return false;
    }
    if !ok {
        cx.diags.push(
            Diagnostic::new(
                raw.origin.clone(),
                format!(
                    "the {what} `{}` is not PascalCase",
                    crate::spec::shorten(&raw.value)
                ),
            )
            .help(format!("write it like {example}")),
        );
    }
    ok
}

fn operation_names(
    cx: &mut Scope<'_>,
    operation: String,
    raw: &RawResource,
) -> Option<(String, String, String, String)> {
    let origin = raw
        .operation
        .as_ref()
        .map_or_else(|| raw.origin.clone(), |o| o.origin.clone());
    let call = operation.clone();
    let error = format!("{operation}Error");
    let codes = format!("{operation}ErrorCode");
    let mut ok = cx.constructible(&call, &origin);
    for name in [
        &call,
        &error,
        &codes,
        &"RESOURCE_ID".to_string(),
        &"VERSION".to_string(),
    ] {
        ok &= cx.claim(name, &origin);
    }
    ok.then_some((operation, call, error, codes))
}

fn lower_method(cx: &mut Scope<'_>, m: &Located<String>) -> Option<Method> {
    match m.value.to_ascii_uppercase().as_str() {
        "GET" => Some(Method::Get),
        "POST" => Some(Method::Post),
        "PUT" => Some(Method::Put),
        "DELETE" => Some(Method::Delete),
        _ => {
            cx.diags.push(
                Diagnostic::new(
                    m.origin.clone(),
                    format!("unknown HTTP method `{}`", crate::spec::shorten(&m.value)),
                )
                .help("RamBase uses GET, POST, PUT and DELETE (there is no PATCH)"),
            );
            None
        }
    }
}

fn lower_status(cx: &mut Scope<'_>, s: &Located<i128>, method: Option<Method>) -> Option<u16> {
    match u16::try_from(s.value) {
        Ok(code) if (200..300).contains(&code) => Some(code),
        _ => {
            let usual = match method {
                Some(Method::Post) => "201",
                Some(Method::Delete) => "202",
                _ => "200",
            };
            cx.diags.push(
                Diagnostic::new(
                    s.origin.clone(),
                    format!(
                        "the successful status must be a 2xx code, found {}",
                        s.value
                    ),
                )
                .help(format!("RamBase documents {usual} for this method")),
            );
            None
        }
    }
}

/// Checks the documented formats: each known, each once. They are not kept: the client asks
/// for its own format.
fn lower_formats(cx: &mut Scope<'_>, raw: &[Located<String>]) {
    let mut seen = Vec::new();
    for f in raw {
        let format = f.value.to_ascii_lowercase();
        if !FORMATS.contains(&format.as_str()) {
            cx.diags.push(
                Diagnostic::new(
                    f.origin.clone(),
                    format!("unknown format `{}`", crate::spec::shorten(&f.value)),
                )
                .help("use json, xml, html or jsonstream"),
            );
        } else if seen.contains(&format) {
            cx.diags.push(
                Diagnostic::new(
                    f.origin.clone(),
                    format!("the format `{}` is listed twice", f.value),
                )
                .help("remove the duplicate"),
            );
        } else {
            seen.push(format);
        }
    }
}

fn lower_path_params(cx: &mut Scope<'_>, raw: &[RawField]) -> Vec<Param> {
    let mut params: Vec<Param> = Vec::new();
    for p in raw {
        let Some(param) = lower_path_param(cx, p) else {
            continue;
        };
        // Escaping can merge names (`self` and `Self` both become `self_`), as for fields.
        if let Some(first) = params.iter().find(|q| q.rust_name == param.rust_name) {
            let at = p.rust_name.as_ref().map_or(&p.name.origin, |n| &n.origin);
            cx.diags.push(
                Diagnostic::new(
                    at.clone(),
                    format!(
                        "path parameters `{}` and `{}` both become the Rust argument `{}`",
                        first.name, p.name.value, param.rust_name
                    ),
                )
                .help("give one of them a distinct `rustName`"),
            );
            continue;
        }
        params.push(param);
    }
    params
}

fn lower_path_param(cx: &mut Scope<'_>, p: &RawField) -> Option<Param> {
    let scalar = scalar_type(cx, p.ty.as_ref()?)?;
    if !matches!(scalar, Ty::Integer | Ty::Long | Ty::String) {
        cx.diags.push(
            Diagnostic::new(
                p.ty.as_ref()?.origin.clone(),
                "path parameters must be integer, long or string",
            )
            .help("change the type"),
        );
        return None;
    }
    cx.reject_keys(
        "path parameters",
        "",
        &[
            ("required", p.required.as_ref().map(|v| &v.origin)),
            ("domain", p.domain.as_ref().map(|v| &v.origin)),
            ("jsonName", p.json_name.as_ref().map(|v| &v.origin)),
        ],
    );
    let rules = super::rules::lower_rules(cx.diags, p, &scalar);
    let default = p
        .default
        .as_ref()
        .and_then(|d| super::rules::lower_default(cx.diags, d, &scalar, &rules, &[]));
    let ty = if rules.is_empty() {
        Some(scalar.clone())
    } else {
        lower_newtype(cx, p, &scalar, &rules, &p.name.value)
    };
    let rust_name = match &p.rust_name {
        Some(n) => cx.given_name(n, NameKind::Value),
        None => cx.snake_name(&p.name),
    };
    Some(Param {
        name: p.name.value.clone(),
        rust_name: rust_name?,
        ty: ty?,
        scalar,
        description: p.description.as_ref().map(|d| d.value.clone()),
        default,
        rules,
    })
}

/// Parses `/a/{b}/c` and checks that parameters and template agree.
fn lower_path(
    cx: &mut Scope<'_>,
    p: &Located<String>,
    params: &[Param],
    raw_params: &[RawField],
) -> Option<PathTemplate> {
    let template = p.value.clone();
    if !template.starts_with('/')
        || template.contains("//")
        || template.contains(['?', '#', ' ', '\\', '"'])
    {
        let message = format!(
            "the path `{}` is not a path template",
            crate::spec::shorten(&template)
        );
        return path_error(
            cx,
            p,
            message,
            "write it like `/collaboration/contacts/{contactId}/phones`, without host or query",
        );
    }
    if template
        .split('/')
        .any(|segment| segment == "." || segment == "..")
    {
        // URLs drop `.` and `..` segments, so the request would reach another resource.
        let message = format!(
            "the path `{}` has a `.` or `..` segment",
            crate::spec::shorten(&template)
        );
        return path_error(
            cx,
            p,
            message,
            "write the path as the page documents it, without `.` or `..` segments",
        );
    }
    let (segments, seen) = path_segments(cx, p, params, raw_params)?;
    report_unused_params(cx, p, params, raw_params, &seen);
    Some(PathTemplate { template, segments })
}

fn path_error<T>(
    cx: &mut Scope<'_>,
    p: &Located<String>,
    message: String,
    help: &str,
) -> Option<T> {
    cx.diags
        .push(Diagnostic::new(p.origin.clone(), message).help(help.to_string()));
    None
}

/// The template's literal text and parameters, and the indexes of the parameters it names.
fn path_segments(
    cx: &mut Scope<'_>,
    p: &Located<String>,
    params: &[Param],
    raw_params: &[RawField],
) -> Option<(Vec<PathSegment>, Vec<usize>)> {
    let mut segments = Vec::new();
    let mut seen = Vec::new();
    let mut rest = p.value.as_str();
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else {
            let message = "a `{` in the path is never closed".to_string();
            return path_error(cx, p, message, "close every parameter with `}`");
        };
        if open > 0 {
            segments.push(PathSegment::Literal(rest[..open].to_string()));
        }
        let name = &rest[open + 1..close];
        let Some(index) = params.iter().position(|param| param.name == name) else {
            if raw_params.iter().any(|r| r.name.value == name) {
                return None; // defined, but broken: that is reported where it is defined
            }
            let message =
                format!("the path names `{{{name}}}` but `pathParameters` does not define it");
            let help = "add it under `pathParameters` with its type and description";
            return path_error(cx, p, message, help);
        };
        if seen.contains(&index) {
            let message = format!("the path names `{{{name}}}` twice");
            return path_error(cx, p, message, "each path parameter appears once");
        }
        seen.push(index);
        segments.push(PathSegment::Param(index));
        rest = &rest[close + 1..];
    }
    if rest.contains('}') {
        let message = "a `}` in the path has no matching `{`".to_string();
        return path_error(cx, p, message, "parameters are written `{name}`");
    }
    if !rest.is_empty() {
        segments.push(PathSegment::Literal(rest.to_string()));
    }
    Some((segments, seen))
}

fn report_unused_params(
    cx: &mut Scope<'_>,
    p: &Located<String>,
    params: &[Param],
    raw_params: &[RawField],
    seen: &[usize],
) {
    for (i, param) in params.iter().enumerate() {
        if seen.contains(&i) {
            continue;
        }
        // Point at the parameter's definition: that is what is unused, and the message
        // names the path.
        let origin = raw_params
            .iter()
            .find(|r| r.name.value == param.name)
            .map_or_else(|| p.origin.clone(), |r| r.name.origin.clone());
        cx.diags.push(
            Diagnostic::new(
                origin,
                format!(
                    "the path parameter `{}` does not appear in the path `{}`",
                    param.name,
                    crate::spec::shorten(&p.value)
                ),
            )
            .help(format!(
                "add `{{{}}}` to the path at line {}, or remove this parameter",
                param.name,
                p.origin.line_col.map_or(0, |lc| lc.0)
            )),
        );
    }
}

fn lower_body(cx: &mut Scope<'_>, raw: &RawBody, role: Role) -> Option<Body> {
    let object = raw.object.as_ref()?;
    let list = raw.list.as_ref().is_some_and(|l| l.value);
    if list && role == Role::Request {
        cx.diags.push(
            Diagnostic::new(raw.origin.clone(), "a request body cannot be a list")
                .help("remove `list: true`"),
        );
    }
    if list && raw.json_root.is_none() {
        // Lists come under a plural root (`{"salesOrders": [...], "paging": {...}}`), which
        // cannot be derived reliably from the object name.
        cx.diags.push(
            Diagnostic::new(
                raw.origin.clone(),
                "a list response needs its plural JSON root",
            )
            .help(format!(
                "add `jsonRoot:` with the documented plural, e.g. `jsonRoot: {}s`",
                names::json_name(&object.value)
            )),
        );
    }
    let object_def = RawObject {
        object,
        rust_name: raw.rust_name.as_ref(),
        custom_fields: raw.custom_fields.as_ref(),
        fields: &raw.fields,
    };
    let type_id = lower_struct(cx, &object_def, role)?;
    let json_root = raw
        .json_root
        .as_ref()
        .map_or_else(|| names::json_name(&object.value), |j| j.value.clone());
    Some(Body {
        object: object.value.clone(),
        json_root,
        type_id,
        list,
    })
}

fn check_bodies(cx: &mut Scope<'_>, raw: &RawResource, method: Option<Method>) {
    let request_allowed = matches!(method, Some(Method::Post | Method::Put));
    if let (Some(body), false, Some(m)) = (&raw.request, request_allowed, method) {
        cx.diags.push(
            Diagnostic::new(
                body.origin.clone(),
                format!("a {} request has no body", m.as_str()),
            )
            .help("remove `request` or change the method"),
        );
    }
}

fn lower_errors(cx: &mut Scope<'_>, raw: &RawResource) -> Vec<ErrorCode> {
    let mut errors: Vec<ErrorCode> = Vec::new();
    for e in &raw.errors {
        if let Some(error) = lower_error(cx, e, &errors) {
            errors.push(error);
        }
    }
    errors.sort_by_key(|e| e.code);
    errors
}

/// One documented error, checked against those before it.
fn lower_error(cx: &mut Scope<'_>, e: &RawError, earlier: &[ErrorCode]) -> Option<ErrorCode> {
    let (Some(code), Some(status), Some(message)) = (&e.code, &e.status, &e.message) else {
        return None;
    };
    let Some(code_value) = u64::try_from(code.value).ok().filter(|c| *c > 0) else {
        cx.diags.push(
            Diagnostic::new(
                code.origin.clone(),
                format!("the error code {} is not a positive number", code.value),
            )
            .help("copy the code from the page's error list"),
        );
        return None;
    };
    let Some(status_value) = u16::try_from(status.value)
        .ok()
        .filter(|s| (400..600).contains(s))
    else {
        cx.diags.push(
            Diagnostic::new(
                status.origin.clone(),
                format!(
                    "the error status must be a 4xx or 5xx code, found {}",
                    status.value
                ),
            )
            .help("copy the HTTP status from the page's error list"),
        );
        return None;
    };
    if earlier.iter().any(|x| x.code == code_value) {
        cx.diags.push(
            Diagnostic::new(
                code.origin.clone(),
                format!("the error code {code_value} is listed twice"),
            )
            .help("keep one entry per error code"),
        );
        return None;
    }
    Some(ErrorCode {
        code: code_value,
        status: status_value,
        message: message.value.clone(),
        variant: error_variant(cx, e, code_value, earlier)?,
    })
}

/// The variant of a documented error in the operation's enum of codes: its `rustName` or
/// `Error<code>`, distinct from the other codes'.
fn error_variant(
    cx: &mut Scope<'_>,
    e: &RawError,
    code: u64,
    earlier: &[ErrorCode],
) -> Option<String> {
    let variant = match &e.rust_name {
        Some(n) => cx.given_name(n, NameKind::Type)?,
        None => format!("Error{code}"),
    };
    let Some(earlier) = earlier.iter().find(|x| x.variant == variant) else {
        return Some(variant);
    };
    let at = e
        .rust_name
        .as_ref()
        .map_or_else(|| e.origin.clone(), |n| n.origin.clone());
    cx.diags.push(
        Diagnostic::new(
            at,
            format!(
                "the error variant `{variant}` is already used by error code {}",
                earlier.code
            ),
        )
        .help("choose another `rustName`"),
    );
    None
}

/// Path and query parameters become fields of one call struct: their Rust names must differ
/// from each other and from the call's own members.
fn check_call_fields(cx: &mut Scope<'_>, path: &[Param], query: &[QueryParam], raw: &RawResource) {
    for p in path {
        let origin = raw
            .path_parameters
            .iter()
            .find(|r| r.name.value == p.name)
            .map_or_else(|| raw.origin.clone(), |r| r.name.origin.clone());
        if CALL_MEMBERS.contains(&p.rust_name.as_str()) {
            cx.diags.push(Diagnostic::new(origin, format!("the path parameter `{}` would be named `{}`, which the generated call uses itself", p.name, p.rust_name)).help("give it another `rustName`"));
        } else if let Some(why) = p
            .default
            .as_ref()
            .and_then(|_| call_member_clash(&p.rust_name))
        {
            // A path parameter with a default is set by a method of the call.
            cx.diags.push(
                Diagnostic::new(
                    origin,
                    format!(
                        "the path parameter `{}` would get the setter `{}`, {why}",
                        p.name, p.rust_name
                    ),
                )
                .help("give it another `rustName`"),
            );
        } else if let Some(q) = query.iter().find(|q| q.rust_name == p.rust_name) {
            cx.diags.push(
                Diagnostic::new(
                    origin,
                    format!(
                        "the path parameter `{}` and the query parameter `{}` both become `{}`",
                        p.name, q.wire_name, p.rust_name
                    ),
                )
                .help("give one of them a distinct `rustName`"),
            );
        }
    }
}

/// Why a query parameter cannot have this Rust name, which is also its setter on the call.
pub(super) fn call_member_clash(name: &str) -> Option<String> {
    if CALL_MEMBERS.contains(&name) {
        return Some("which the generated call uses itself".into());
    }
    names::operator_trait(name).map(|path| {
        format!("and its setter `{name}` would be refused by clippy (`should_implement_trait`) as a look-alike of `{path}::{name}`")
    })
}

/// Names of the generated call's own fields and methods, and the locals of its `prepare`
/// (`errors`), which a path or query parameter cannot take.
const CALL_MEMBERS: &[&str] = &[
    "client",
    "body",
    "new",
    "send",
    "prepare",
    "use_generated_version",
    "send_with_response",
    "errors",
    "pages",
    "items",
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Origin;

    #[test]
    fn every_method_of_the_key_table_lowers() {
        let mut diags = Diagnostics::default();
        for name in crate::spec::keys::METHODS {
            let located = Located {
                value: (*name).to_string(),
                origin: Origin::file(std::path::Path::new("t.yaml")),
            };
            assert!(
                lower_method(&mut Scope::new(&mut diags), &located).is_some(),
                "{name}"
            );
        }
        assert!(diags.is_empty(), "{diags}");
    }
}
