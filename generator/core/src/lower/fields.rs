//! Fields and parameters → typed fields, constrained newtypes, domains and nested structs.

use super::Scope;
use crate::diag::Diagnostic;
use crate::ir::{
    DomainDef, Field, Literal, NewtypeDef, Presence, Role, StructDef, Ty, TypeDef, TypeId,
};
use crate::names::{self, NameKind};
use crate::spec::{Located, RawField};

/// Parses a scalar type name; `None` (reported) for unknown names.
pub(super) fn scalar_type(cx: &mut Scope<'_>, ty: &Located<String>) -> Option<Ty> {
    Some(match ty.value.as_str() {
        "string" => Ty::String,
        "integer" => Ty::Integer,
        "long" => Ty::Long,
        "decimal" => Ty::Decimal,
        "date" => Ty::Date,
        "datetime" => Ty::DateTime,
        "time" => Ty::Time,
        "boolean" => Ty::Boolean,
        "object" | "array" => {
            cx.diags.push(
                Diagnostic::new(ty.origin.clone(), format!("a parameter cannot be of type `{}`", ty.value))
                    .help("path and query parameters take a single value: string, integer, long, decimal, date, datetime, time or boolean"),
            );
            return None;
        }
        other => {
            let lower = other.to_ascii_lowercase();
            let help = match crate::spec::closest(&lower, crate::spec::keys::TYPES) {
                Some(near) => format!("did you mean `{near}`?"),
                None => format!("use one of: {}", crate::spec::keys::TYPES.join(", ")),
            };
            cx.diags.push(
                Diagnostic::new(
                    ty.origin.clone(),
                    format!("unknown type `{}`", crate::spec::shorten(other)),
                )
                .help(help),
            );
            return None;
        }
    })
}

/// Lowers the fields of an object into a struct type and returns its id.
/// The hint for a nested object whose type name is taken: it has no `rustName` of its own
/// (a field's `rustName` renames the field), so only its `object` name can change.
const NESTED_COLLISION_HELP: &str = "a nested object's Rust type is named after its `object` (or its field name); give this one a distinct `object:` (a field's `rustName` renames only the field)";

/// Methods of a request builder besides the field setters.
const BUILDER_METHODS: &[&str] = &["build"];

/// The member that keeps properties a model does not declare, and its builder setter.
const EXTRA_FIELDS: &str = "extra_fields";
const EXTRA_FIELD_SETTER: &str = "extra_field";

/// Why a field cannot have this Rust name in its struct, if it cannot: it would be the
/// struct's `extra_fields` or, in a request, clash with a builder method.
fn member_clash(name: &str, role: Role, extra: bool) -> Option<String> {
    if extra && (name == EXTRA_FIELDS || (role == Role::Request && name == EXTRA_FIELD_SETTER)) {
        return Some(format!(
            "would be named `{name}`, which the model uses for the properties it does not declare"
        ));
    }
    (role == Role::Request)
        .then(|| setter_clash(name))
        .flatten()
        .map(|why| format!("would get the builder setter `{name}`, {why}"))
}

/// Why a request builder cannot have a setter of this name, if it cannot.
pub(super) fn setter_clash(setter: &str) -> Option<String> {
    if BUILDER_METHODS.contains(&setter) {
        return Some("which the builder already has".into());
    }
    names::operator_trait(setter).map(|path| {
        format!(
            "which clippy (`should_implement_trait`) refuses as a look-alike of `{path}::{setter}`"
        )
    })
}

/// What a struct is made from: its object name, `rustName`, custom-field mark and fields.
pub(super) struct RawObject<'a> {
    pub object: &'a Located<String>,
    pub rust_name: Option<&'a Located<String>>,
    pub custom_fields: Option<&'a Located<bool>>,
    pub fields: &'a [RawField],
}

pub(super) fn lower_struct(cx: &mut Scope<'_>, raw: &RawObject<'_>, role: Role) -> Option<TypeId> {
    lower_struct_with(
        cx,
        raw,
        role,
        "set `rustName` on one of the two definitions",
    )
}

fn lower_struct_with(
    cx: &mut Scope<'_>,
    raw: &RawObject<'_>,
    role: Role,
    collision_help: &str,
) -> Option<TypeId> {
    let (object, rust_name) = (raw.object, raw.rust_name);
    let custom_fields = raw.custom_fields.is_some_and(|c| c.value);
    // Responses keep what they do not declare; requests only where custom fields are allowed.
    let extra_fields = role == Role::Response || custom_fields;
    let base = struct_name(cx, object, rust_name, role);
    let builder_name = base
        .as_ref()
        .filter(|_| role == Role::Request)
        .map(|base| format!("{}Builder", names::bare(base)));
    let shape = shape(raw, role);
    if let Some(id) = base.as_ref().and_then(|b| cx.same_shape(b, &shape)) {
        return Some(id);
    }
    // Reserved before the fields, so that nested types come after their parent.
    let id = base
        .as_ref()
        .and_then(|base| cx.reserve_with(base, &object.origin, collision_help));
    if let (Some(base), Some(id)) = (&base, id) {
        cx.remember_shape(base, shape, id);
    }
    if let (Some(builder), Some(_)) = (&builder_name, id) {
        cx.claim_with(builder, &object.origin, collision_help);
    }
    // Fields are checked even when the struct's own name is unusable: every problem at once.
    let fields = lower_fields(cx, &object.value, role, raw.fields, extra_fields);
    let (base, id) = (base?, id?);
    cx.fill(
        id,
        TypeDef::Struct(StructDef {
            rust_name: base,
            object: object.value.clone(),
            role,
            builder_name,
            fields,
            extra_fields,
            custom_fields,
        }),
    );
    Some(id)
}

/// What makes two objects of one name the same type: everything their definitions say.
fn shape(raw: &RawObject<'_>, role: Role) -> String {
    format!(
        "{:?} {:?} {:?} {:?} {}",
        role,
        raw.object.value,
        raw.rust_name.map(|n| &n.value),
        raw.custom_fields.map(|c| c.value),
        crate::spec::shape_key(raw.fields)
    )
}

/// The struct's Rust name: its `rustName`, or its object name (with `Request` in requests).
fn struct_name(
    cx: &mut Scope<'_>,
    object: &Located<String>,
    rust_name: Option<&Located<String>>,
    role: Role,
) -> Option<String> {
    if let Some(n) = rust_name {
        let name = cx.given_name(n, NameKind::Type)?;
        // Only request bodies have a constructor; a response may be called `New`.
        return (role == Role::Response || cx.constructible(&name, &n.origin)).then_some(name);
    }
    let name = cx.pascal_name(object)?;
    // `Self` is escaped to `Self_`; `Self_Request` would not be UpperCamelCase.
    Some(if role == Role::Request {
        format!("{}Request", names::bare(&name).trim_end_matches('_'))
    } else {
        name
    })
}

/// The fields of one struct, each with a Rust name distinct from the others' and, in a
/// request, from the builder's own methods.
fn lower_fields(
    cx: &mut Scope<'_>,
    object: &str,
    role: Role,
    fields: &[RawField],
    extra: bool,
) -> Vec<Field> {
    let mut out = Vec::new();
    let mut rust_names: std::collections::BTreeMap<String, &Located<String>> =
        std::collections::BTreeMap::new();
    for raw in fields {
        let Some(field) = lower_field(cx, object, role, raw) else {
            continue;
        };
        if let Some(why) = member_clash(&field.rust_name, role, extra) {
            let at = raw
                .rust_name
                .as_ref()
                .map_or(&raw.name.origin, |n| &n.origin);
            cx.diags.push(
                Diagnostic::new(at.clone(), format!("the field `{}` {why}", raw.name.value)).help(
                    format!(
                        "set `rustName` on the field, e.g. `rustName: {}_value`",
                        names::bare(&field.rust_name)
                    ),
                ),
            );
            continue;
        }
        if let Some(first) = rust_names.get(&field.rust_name) {
            cx.diags.push(
                Diagnostic::new(
                    raw.name.origin.clone(),
                    format!(
                        "fields `{}` and `{}` both become the Rust field `{}`",
                        first.value, raw.name.value, field.rust_name
                    ),
                )
                .help("give one of them a distinct `rustName`"),
            );
            continue;
        }
        if !wire_keys_free(cx, &out, &field, raw) {
            continue;
        }
        rust_names.insert(field.rust_name.clone(), &raw.name);
        out.push(field);
    }
    out
}

/// A body is read by JSON name and by documented name (`phoneNumber` or `PhoneNumber`), so
/// no key may stand for two fields: `Self` and `self` are both read from `self`.
fn wire_keys_free(cx: &mut Scope<'_>, earlier: &[Field], field: &Field, raw: &RawField) -> bool {
    let keys = [&field.json_name, &field.name];
    let Some((first, key)) = earlier.iter().find_map(|f| {
        keys.into_iter()
            .find(|k| **k == f.json_name || **k == f.name)
            .map(|k| (f, k))
    }) else {
        return true;
    };
    let at = raw
        .json_name
        .as_ref()
        .map_or(&raw.name.origin, |j| &j.origin);
    cx.diags.push(
        Diagnostic::new(
            at.clone(),
            format!(
                "fields `{}` and `{}` are both read from the key `{key}`",
                first.name, field.name
            ),
        )
        .help(format!("a body is read by JSON and by documented names; set `jsonName` on the field whose JSON name is `{key}` to the one the documentation's JSON template shows")),
    );
    false
}

fn lower_field(cx: &mut Scope<'_>, object: &str, role: Role, raw: &RawField) -> Option<Field> {
    let rust_name = match &raw.rust_name {
        Some(n) => cx.given_name(n, NameKind::Value),
        None => cx.snake_name(&raw.name),
    };
    let json_name = raw
        .json_name
        .as_ref()
        .map_or_else(|| names::json_name(&raw.name.value), |j| j.value.clone());
    if role == Role::Response {
        cx.reject_keys(
            "response fields",
            ": responses may omit any field",
            &[
                ("required", raw.required.as_ref().map(|v| &v.origin)),
                ("default", raw.default.as_ref().map(|v| &v.origin)),
            ],
        );
    }
    let ty_name = raw.ty.as_ref()?;
    let lowered = lower_value(cx, object, role, raw, ty_name)?;
    let rust_name = rust_name?;
    Some(Field {
        name: raw.name.value.clone(),
        rust_name,
        json_name,
        ty: lowered.ty,
        description: raw.description.as_ref().map(|d| d.value.clone()),
        presence: presence(role, raw, lowered.default),
        rules: lowered.rules,
        domain: raw.domain.is_some(),
    })
}

/// A request field is required, defaulted or optional (a required field with a default is
/// reported by `lower_value`); a response field is always optional.
fn presence(role: Role, raw: &RawField, default: Option<Literal>) -> Presence {
    let required = raw.required.as_ref().is_some_and(|r| r.value);
    match (role, required, default) {
        (Role::Request, true, _) => Presence::Required,
        (Role::Request, false, Some(default)) => Presence::Defaulted(default),
        _ => Presence::Optional,
    }
}

struct Lowered {
    ty: Ty,
    rules: Vec<crate::ir::Rule>,
    default: Option<crate::ir::Literal>,
}

fn lower_value(
    cx: &mut Scope<'_>,
    object: &str,
    role: Role,
    raw: &RawField,
    ty_name: &Located<String>,
) -> Option<Lowered> {
    match ty_name.value.as_str() {
        "object" => lower_nested_object(cx, role, raw),
        "array" => {
            reject_scalar_keys(cx, raw, "array");
            cx.reject_keys(
                "array fields",
                " or put it on `items`",
                &[(
                    "customFields",
                    raw.custom_fields.as_ref().map(|v| &v.origin),
                )],
            );
            let Some(items) = &raw.items else {
                cx.diags.push(
                    Diagnostic::new(raw.origin.clone(), "an array field needs `items`")
                        .help("describe the items, e.g. `items: {type: string}`"),
                );
                return None;
            };
            cx.reject_keys(
                "array items",
                " or put it on the array field",
                &[
                    ("required", items.required.as_ref().map(|v| &v.origin)),
                    ("default", items.default.as_ref().map(|v| &v.origin)),
                    ("jsonName", items.json_name.as_ref().map(|v| &v.origin)),
                    ("rustName", items.rust_name.as_ref().map(|v| &v.origin)),
                    ("description", items.description.as_ref().map(|v| &v.origin)),
                ],
            );
            let item_ty = items.ty.as_ref()?;
            let inner = lower_value(cx, object, role, items, item_ty)?;
            Some(Lowered {
                ty: Ty::Array(Box::new(inner.ty)),
                rules: inner.rules,
                default: None,
            })
        }
        _ => lower_scalar(cx, object, role, raw, ty_name),
    }
}

fn lower_nested_object(cx: &mut Scope<'_>, role: Role, raw: &RawField) -> Option<Lowered> {
    reject_scalar_keys(cx, raw, "object");
    if raw.fields.is_empty() {
        report_no_fields(cx, raw);
        return None;
    }
    let object_name = raw.object.clone().unwrap_or_else(|| raw.name.clone());
    let nested = RawObject {
        object: &object_name,
        rust_name: None,
        custom_fields: raw.custom_fields.as_ref(),
        fields: &raw.fields,
    };
    let id = lower_struct_with(cx, &nested, role, NESTED_COLLISION_HELP)?;
    Some(Lowered {
        ty: Ty::Named(id),
        rules: Vec::new(),
        default: None,
    })
}

/// A nested object without fields has nothing to carry; `fields: {}` and a missing
/// `fields` are told apart, each where it is written.
fn report_no_fields(cx: &mut Scope<'_>, raw: &RawField) {
    let diagnostic = match &raw.fields_at {
        Some(at) => Diagnostic::new(at.clone(), "a nested object needs at least one field, and `fields` is empty")
            .help("list the nested fields the documentation shows under `fields:`; if it shows none, leave this field out"),
        None => Diagnostic::new(raw.origin.clone(), "an object field needs `fields`")
            .help("list the nested fields under `fields:`"),
    };
    cx.diags.push(diagnostic);
}

fn reject_scalar_keys(cx: &mut Scope<'_>, raw: &RawField, kind: &str) {
    cx.reject_keys(
        &format!("{kind} fields"),
        " or put it on a scalar field",
        &[
            ("pattern", raw.pattern.as_ref().map(|v| &v.origin)),
            ("minimum", raw.minimum.as_ref().map(|v| &v.origin)),
            ("maximum", raw.maximum.as_ref().map(|v| &v.origin)),
            ("minLength", raw.min_length.as_ref().map(|v| &v.origin)),
            ("maxLength", raw.max_length.as_ref().map(|v| &v.origin)),
            ("domain", raw.domain.as_ref().map(|v| &v.origin)),
            ("default", raw.default.as_ref().map(|v| &v.origin)),
            ("enum", raw.enum_values.as_ref().map(|v| &v.origin)),
        ],
    );
}

fn lower_scalar(
    cx: &mut Scope<'_>,
    object: &str,
    role: Role,
    raw: &RawField,
    ty_name: &Located<String>,
) -> Option<Lowered> {
    let scalar = scalar_type(cx, ty_name)?;
    reject_composite_keys(cx, raw);
    let rules = super::rules::lower_rules(cx.diags, raw, &scalar);
    let domain_values = match &raw.domain {
        Some(domain) if scalar != Ty::String => {
            cx.diags.push(
                Diagnostic::new(
                    domain.origin.clone(),
                    "only string fields can be domain-valued",
                )
                .help("remove `domain` or make the field a string"),
            );
            Vec::new()
        }
        Some(domain) => domain.values.iter().map(|v| v.value.clone()).collect(),
        None => Vec::new(),
    };
    let default = raw
        .default
        .as_ref()
        .and_then(|d| super::rules::lower_default(cx.diags, d, &scalar, &rules, &domain_values));
    if let (Some(req), Some(_)) = (&raw.required, &raw.default)
        && req.value
    {
        cx.diags.push(
            Diagnostic::new(req.origin.clone(), "a required field cannot have a default")
                .help("remove `required: true` or the default"),
        );
    }
    let ty = if let Some(domain) = &raw.domain {
        lower_domain(cx, object, raw, domain)?
    } else if role == Role::Request && !rules.is_empty() {
        lower_field_newtype(cx, object, raw, &scalar, &rules)?
    } else {
        scalar
    };
    Some(Lowered { ty, rules, default })
}

/// Keys of objects, arrays and query parameters, which a scalar field has no use for.
fn reject_composite_keys(cx: &mut Scope<'_>, raw: &RawField) {
    cx.reject_keys(
        "scalar fields",
        " or make the field an object or an array",
        &[
            ("fields", raw.fields.first().map(|f| &f.origin)),
            ("items", raw.items.as_ref().map(|v| &v.origin)),
            ("object", raw.object.as_ref().map(|v| &v.origin)),
            (
                "customFields",
                raw.custom_fields.as_ref().map(|v| &v.origin),
            ),
        ],
    );
    cx.reject_keys(
        "body fields and path parameters",
        "; an open set of keys is a `domain`",
        &[("enum", raw.enum_values.as_ref().map(|v| &v.origin))],
    );
}

/// A constrained value type named after its field (`PhoneNumber`, `ContactId`).
/// The checked value type of a body field. Equal fields of several objects share one type;
/// a field whose name is taken by another definition, with no `rustName` of its own, is
/// named after its object too (`AddressName` beside the body's `Name`).
fn lower_field_newtype(
    cx: &mut Scope<'_>,
    object: &str,
    raw: &RawField,
    scalar: &Ty,
    rules: &[crate::ir::Rule],
) -> Option<Ty> {
    let base = names::pascal(&raw.name.value).ok();
    if raw.rust_name.is_none()
        && let Some(base) = base.filter(|b| cx.is_claimed(b))
    {
        let def = |rust_name: String| NewtypeDef {
            rust_name,
            inner: scalar.clone(),
            rules: rules.to_vec(),
            value_name: raw.name.value.clone(),
            description: raw.description.as_ref().map(|d| d.value.clone()),
        };
        if let Some(id) = cx.same_newtype(&def(base.clone())) {
            return Some(Ty::Named(id));
        }
        let scoped = names::pascal(&format!("{object}{}", names::bare(&base))).ok()?;
        if let Some(id) = cx.same_newtype(&def(scoped.clone())) {
            return Some(Ty::Named(id));
        }
        if !cx.is_claimed(&scoped) {
            let renamed = Located {
                value: scoped,
                origin: raw.name.origin.clone(),
            };
            let raw = RawField {
                rust_name: Some(renamed),
                ..raw.clone()
            };
            return lower_newtype(cx, &raw, scalar, rules, &raw.name.value);
        }
    }
    lower_newtype(cx, raw, scalar, rules, &raw.name.value)
}

pub(super) fn lower_newtype(
    cx: &mut Scope<'_>,
    raw: &RawField,
    scalar: &Ty,
    rules: &[crate::ir::Rule],
    value_name: &str,
) -> Option<Ty> {
    let base = match &raw.rust_name {
        Some(n) => cx.pascal_name(n)?,
        None => cx.pascal_name(&raw.name)?,
    };
    let at = raw.rust_name.as_ref().unwrap_or(&raw.name);
    if !cx.constructible(&base, &at.origin) {
        return None;
    }
    let id = cx.reserve(&base, &raw.name.origin)?;
    cx.fill(
        id,
        TypeDef::Newtype(NewtypeDef {
            rust_name: base,
            inner: scalar.clone(),
            rules: rules.to_vec(),
            value_name: value_name.to_string(),
            description: raw.description.as_ref().map(|d| d.value.clone()),
        }),
    );
    Some(Ty::Named(id))
}

fn lower_domain(
    cx: &mut Scope<'_>,
    object: &str,
    raw: &RawField,
    domain: &crate::spec::RawDomain,
) -> Option<Ty> {
    let name = match &domain.rust_name {
        Some(n) => cx.given_name(n, NameKind::Type)?,
        None => {
            let combined = Located {
                value: format!(
                    "{object}{}",
                    raw.name.value.to_string().to_uppercase_first()
                ),
                origin: raw.name.origin.clone(),
            };
            cx.pascal_name(&combined)?
        }
    };
    let mut values = Vec::new();
    for v in &domain.values {
        match names::constant(&v.value) {
            Ok(c)
                if values
                    .iter()
                    .any(|(existing, _): &(String, String)| *existing == c) =>
            {
                cx.diags.push(
                    Diagnostic::new(
                        v.origin.clone(),
                        format!("domain values become the same constant `{c}`"),
                    )
                    .help("remove the duplicate value"),
                );
            }
            Ok(c) => values.push((c, v.value.clone())),
            Err(e) => cx.diags.push(
                Diagnostic::new(
                    v.origin.clone(),
                    format!(
                        "the domain value {:?} {}",
                        crate::spec::shorten(&v.value),
                        e.describe()
                    ),
                )
                .help("domain keys are upper-case words such as BUSINESS"),
            ),
        }
    }
    values.sort_by(|a, b| a.1.cmp(&b.1));
    let def = DomainDef {
        rust_name: name.clone(),
        description: raw.description.as_ref().map(|d| d.value.clone()),
        values,
    };
    let at = domain.rust_name.as_ref().unwrap_or(&raw.name);
    cx.domain(def, &at.origin)
}

trait UpperFirst {
    fn to_uppercase_first(&self) -> String;
}

impl UpperFirst for String {
    fn to_uppercase_first(&self) -> String {
        let mut chars = self.chars();
        match chars.next() {
            Some(c) => c.to_uppercase().chain(chars).collect(),
            None => String::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::{Diagnostics, Origin};

    fn located(name: &str) -> Located<String> {
        Located {
            value: name.to_string(),
            origin: Origin::file(std::path::Path::new("t.yaml")),
        }
    }

    #[test]
    fn every_scalar_type_of_the_key_table_lowers_and_no_other() {
        let mut diags = Diagnostics::default();
        for name in crate::spec::keys::TYPES {
            let scalar = scalar_type(&mut Scope::new(&mut diags), &located(name));
            // `object` and `array` are the two that are not scalars.
            assert_eq!(
                scalar.is_some(),
                !matches!(*name, "object" | "array"),
                "{name}"
            );
        }
        assert_eq!(diags.len(), 2, "{diags}");
        assert!(scalar_type(&mut Scope::new(&mut diags), &located("money")).is_none());
    }
}
