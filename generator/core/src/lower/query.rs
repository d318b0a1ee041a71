//! Query parameters: shared ones by name, inline ones in place; typed, with their rules,
//! closed enums (`$inlinecount`) and lists (`$select`, `$expand`).

use std::collections::BTreeMap;

use super::Scope;
use super::fields::{lower_newtype, scalar_type};
use crate::diag::Diagnostic;
use crate::ir::{EnumDef, Literal, QueryParam, Rule, Ty, TypeDef};
use crate::names::NameKind;
use crate::spec::{Located, RawField, RawQueryParam};

pub(super) fn lower_query_params(
    cx: &mut Scope<'_>,
    raw: &[RawQueryParam],
    common: &BTreeMap<String, &RawField>,
) -> Vec<QueryParam> {
    let mut params: Vec<QueryParam> = Vec::new();
    for entry in raw {
        let (def, at) = match entry {
            RawQueryParam::Use(name) => match common.get(&name.value) {
                Some(def) => (*def, name),
                None => {
                    report_unknown_common(cx, name, common);
                    continue;
                }
            },
            RawQueryParam::Inline(def) => (&**def, &def.name),
        };
        if super::resource::CLIENT_MANAGED.contains(&def.name.value.as_str()) {
            continue;
        }
        let Some(param) = lower_query_param(cx, def, at) else {
            continue;
        };
        let problem = match super::resource::call_member_clash(&param.rust_name) {
            Some(why) => Some((
                format!(
                    "the query parameter `{}` would be named `{}`, {why}",
                    def.name.value, param.rust_name
                ),
                "give it another `rustName`",
            )),
            None => params
                .iter()
                .any(|p| p.rust_name == param.rust_name)
                .then(|| {
                    (
                        format!("the query parameter `{}` is listed twice", def.name.value),
                        "remove the duplicate",
                    )
                }),
        };
        match problem {
            Some((message, help)) => cx
                .diags
                .push(Diagnostic::new(at.origin.clone(), message).help(help)),
            None => params.push(param),
        }
    }
    params
}

fn report_unknown_common(
    cx: &mut Scope<'_>,
    name: &Located<String>,
    common: &BTreeMap<String, &RawField>,
) {
    let names: Vec<&str> = common.keys().map(String::as_str).collect();
    let help = match crate::spec::closest(&name.value, &names) {
        Some(near) => format!("did you mean `{near}`?"),
        None if names.is_empty() => {
            "no `kind: common` file defines query parameters; define it inline".into()
        }
        None => format!("common parameters: {}", names.join(", ")),
    };
    cx.diags.push(
        Diagnostic::new(
            name.origin.clone(),
            format!(
                "unknown common query parameter `{}`",
                crate::spec::shorten(&name.value)
            ),
        )
        .help(help),
    );
}

pub(super) fn lower_query_param(
    cx: &mut Scope<'_>,
    def: &RawField,
    at: &Located<String>,
) -> Option<QueryParam> {
    reject_unsupported_query_keys(cx, def);
    if !def.name.value.starts_with('$') {
        cx.diags.push(
            Diagnostic::new(
                at.origin.clone(),
                format!(
                    "the query parameter `{}` does not start with `$`",
                    def.name.value
                ),
            )
            .help("RamBase query parameters are written like `$lang`"),
        );
    }
    let rust_name = match &def.rust_name {
        Some(n) => cx.given_name(n, NameKind::Value),
        None => cx.snake_name(&def.name),
    };
    let ty_name = def.ty.as_ref()?;
    let (ty, rules, default) = if ty_name.value == "array" {
        (lower_list(cx, def)?, Vec::new(), None)
    } else {
        lower_single(cx, def, ty_name)?
    };
    Some(QueryParam {
        wire_name: def.name.value.clone(),
        rust_name: rust_name?,
        ty,
        description: def.description.as_ref().map(|d| d.value.clone()),
        default,
        rules,
    })
}

/// One value: a scalar, a checked value when the parameter has rules (`$top` with its
/// maximum), or a closed enum.
fn lower_single(
    cx: &mut Scope<'_>,
    def: &RawField,
    ty_name: &Located<String>,
) -> Option<(Ty, Vec<Rule>, Option<Literal>)> {
    let scalar = scalar_type(cx, ty_name)?;
    let rules = super::rules::lower_rules(cx.diags, def, &scalar);
    let default = def
        .default
        .as_ref()
        .and_then(|d| super::rules::lower_default(cx.diags, d, &scalar, &rules, &[]));
    let ty = match &def.enum_values {
        Some(values) => {
            if !rules.is_empty() {
                cx.diags.push(
                    Diagnostic::new(values.origin.clone(), "a parameter with `enum` takes no other rules")
                        .help("remove the pattern, bounds or lengths: the listed values are the only ones sent"),
                );
            }
            check_enum_default(cx, def, values, default.as_ref());
            lower_enum(cx, def, values, &scalar)?
        }
        None if !rules.is_empty() => lower_newtype(cx, def, &scalar, &rules, &def.name.value)?,
        None => scalar,
    };
    Some((ty, rules, default))
}

/// A list, sent comma-separated (`$select=Name,CustomerId`): of strings, or of the values of
/// a closed enum (`$expand` accepts only the fields documented as expandable).
fn lower_list(cx: &mut Scope<'_>, def: &RawField) -> Option<Ty> {
    cx.reject_keys(
        "list parameters",
        "; a list is sent only when set",
        &[("default", def.default.as_ref().map(|v| &v.origin))],
    );
    let Some(items) = &def.items else {
        cx.diags.push(
            Diagnostic::new(def.origin.clone(), "a list parameter needs `items`")
                .help("describe the items, e.g. `items: {type: string}` or `items: {type: string, enum: [Address]}`"),
        );
        return None;
    };
    let item_ty = items.ty.as_ref()?;
    if item_ty.value != "string" {
        cx.diags.push(
            Diagnostic::new(
                item_ty.origin.clone(),
                "the items of a list parameter must be strings",
            )
            .help("write `items: {type: string}`; RamBase lists field names"),
        );
        return None;
    }
    reject_item_keys(cx, items);
    let item = match &items.enum_values {
        Some(values) => lower_enum(cx, def, values, &Ty::String)?,
        None => Ty::String,
    };
    Some(Ty::Array(Box::new(item)))
}

fn reject_item_keys(cx: &mut Scope<'_>, items: &RawField) {
    cx.reject_keys(
        "the items of a list parameter",
        "; the items are names, listed with `enum` when the documentation lists them",
        &[
            ("pattern", items.pattern.as_ref().map(|v| &v.origin)),
            ("minLength", items.min_length.as_ref().map(|v| &v.origin)),
            ("maxLength", items.max_length.as_ref().map(|v| &v.origin)),
            ("default", items.default.as_ref().map(|v| &v.origin)),
            ("rustName", items.rust_name.as_ref().map(|v| &v.origin)),
            ("description", items.description.as_ref().map(|v| &v.origin)),
            ("items", items.items.as_ref().map(|v| &v.origin)),
        ],
    );
}

/// A closed enum named after the parameter (`$expand` → `Expand`, or its `rustName` in
/// PascalCase), one variant per documented value.
fn lower_enum(
    cx: &mut Scope<'_>,
    def: &RawField,
    values: &Located<Vec<Located<String>>>,
    scalar: &Ty,
) -> Option<Ty> {
    if *scalar != Ty::String {
        cx.diags.push(
            Diagnostic::new(
                values.origin.clone(),
                "only string parameters can have `enum`",
            )
            .help("remove `enum` or make the parameter a string"),
        );
        return None;
    }
    if values.value.is_empty() {
        cx.diags.push(
            Diagnostic::new(values.origin.clone(), "`enum` lists no value")
                .help("list the values the documentation gives, or remove `enum`"),
        );
        return None;
    }
    let variants = enum_variants(cx, &values.value)?;
    let name = match &def.rust_name {
        Some(n) => cx.pascal_name(n)?,
        None => cx.pascal_name(&def.name)?,
    };
    let id = cx.reserve(&name, &def.name.origin)?;
    cx.fill(
        id,
        TypeDef::Enum(EnumDef {
            rust_name: name,
            param: def.name.value.clone(),
            description: def.description.as_ref().map(|d| d.value.clone()),
            values: variants,
        }),
    );
    Some(Ty::Named(id))
}

/// (variant, value) per value; two values that give one variant are an error.
fn enum_variants(cx: &mut Scope<'_>, values: &[Located<String>]) -> Option<Vec<(String, String)>> {
    let mut out: Vec<(String, String)> = Vec::new();
    let mut ok = true;
    for value in values {
        let Some(variant) = cx.variant_name(value) else {
            ok = false;
            continue;
        };
        if let Some((_, first)) = out.iter().find(|(v, _)| *v == variant) {
            cx.diags.push(
                Diagnostic::new(
                    value.origin.clone(),
                    format!(
                        "the values `{first}` and `{}` both become the variant `{variant}`",
                        value.value
                    ),
                )
                .help("list each value once, as the documentation writes it"),
            );
            ok = false;
            continue;
        }
        out.push((variant, value.value.clone()));
    }
    ok.then_some(out)
}

fn check_enum_default(
    cx: &mut Scope<'_>,
    def: &RawField,
    values: &Located<Vec<Located<String>>>,
    default: Option<&Literal>,
) {
    if let (Some(Literal::Str(value)), Some(at)) = (default, &def.default)
        && !values.value.iter().any(|v| v.value == *value)
    {
        cx.diags.push(
            Diagnostic::new(
                at.origin.clone(),
                format!("the default {value:?} is not one of the `enum` values"),
            )
            .help("add it to `enum` or fix the default"),
        );
    }
}

/// Keys a query parameter has no use for; any of them would be silently ignored by the
/// generated code, so each is an error.
fn reject_unsupported_query_keys(cx: &mut Scope<'_>, def: &RawField) {
    let is_list = def.ty.as_ref().is_some_and(|t| t.value == "array");
    let present = [
        ("required", def.required.as_ref().map(|v| &v.origin)),
        ("domain", def.domain.as_ref().map(|v| &v.origin)),
        ("object", def.object.as_ref().map(|v| &v.origin)),
        ("fields", def.fields.first().map(|_| &def.origin)),
        (
            "items",
            def.items.as_ref().filter(|_| !is_list).map(|v| &v.origin),
        ),
        ("jsonName", def.json_name.as_ref().map(|v| &v.origin)),
        (
            "customFields",
            def.custom_fields.as_ref().map(|v| &v.origin),
        ),
    ];
    for (key, origin) in present {
        if let Some(origin) = origin {
            cx.diags.push(
                Diagnostic::new(
                    origin.clone(),
                    format!("query parameters do not support `{key}`"),
                )
                .help(format!(
                    "remove `{key}`; what the documentation says about it can go in `description`"
                )),
            );
        }
    }
}
