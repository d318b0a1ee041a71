//! The rules of a scalar schema (pattern, bounds, lengths, enum, default), with RamBase's
//! quirks: an empty `pattern: ""` means none, and `maximum` on a string means a length.

use super::document::{get, join};
use super::schema::{Cx, Role, at_name, value_scalar};
use crate::spec::yaml::{Node, Value};
use crate::spec::{Located, RawDomain, RawField, unplaced};

/// Reads the rules of `node` into `f`, whose `ty` is already set.
pub(crate) fn read<'n>(
    cx: &mut Cx<'_, 'n>,
    node: &'n Node,
    ptr: &str,
    f: &mut RawField,
    role: Role,
) {
    let is_string = f.type_name() == "string";
    let is_number = matches!(f.type_name(), "integer" | "long" | "decimal");
    pattern(cx, node, ptr, f, is_string);
    bounds(cx, node, ptr, f, is_string, is_number);
    for (key, is_max) in [("minLength", false), ("maxLength", true)] {
        let Some(found) = get(node, key) else {
            continue;
        };
        match (&found.value, is_string) {
            (Value::Int(n), true) => {
                *(if is_max {
                    &mut f.max_length
                } else {
                    &mut f.min_length
                }) = unplaced(*n)
            }
            (Value::Int(n), false) if is_number => length_bound(cx, ptr, f, key, is_max, *n),
            (Value::Int(_), false) => cx.notes.push(format!(
                "{}: `{key}` does not apply to {}; dropped",
                at_name(ptr),
                f.type_name()
            )),
            _ => cx.doc.error(
                found,
                &join(ptr, key),
                format!("`{key}` must be a whole number"),
                "",
            ),
        }
    }
    enumeration(cx, node, ptr, f, role);
    if let Some(found) = get(node, "default") {
        match value_scalar(found) {
            Some(v) => f.default = Some(v),
            None => cx.doc.error(
                found,
                &join(ptr, "default"),
                "a default must be a scalar",
                "",
            ),
        }
    }
    if get(node, "multipleOf").is_some() {
        cx.notes.push(format!(
            "{}: `multipleOf` has no place in the spec; dropped",
            at_name(ptr)
        ));
    }
}

/// RamBase writes the value range of a number as `minLength`/`maxLength` (a percentage is
/// `minLength: 0, maxLength: 100`): a value bound, kept as `minimum`/`maximum` unless the
/// schema also gives that bound itself.
fn length_bound(
    cx: &mut Cx<'_, '_>,
    ptr: &str,
    f: &mut RawField,
    key: &str,
    is_max: bool,
    n: i128,
) {
    let slot = if is_max {
        &mut f.maximum
    } else {
        &mut f.minimum
    };
    match slot {
        None => *slot = unplaced(Value::Int(n)),
        Some(given) if given.value == Value::Int(n) => {}
        Some(_) => {
            let bound = if is_max { "maximum" } else { "minimum" };
            cx.notes.push(format!(
                "{}: `{key}: {n}` (RamBase's value bound) differs from `{bound}`; `{bound}` kept",
                at_name(ptr)
            ));
        }
    }
}

/// `minimum`/`maximum`: bounds of a number, lengths of a string (RamBase's `$db` and
/// `$lang` say `maximum: 5` for at most five characters).
fn bounds<'n>(
    cx: &mut Cx<'_, 'n>,
    node: &'n Node,
    ptr: &str,
    f: &mut RawField,
    is_string: bool,
    is_number: bool,
) {
    for (key, is_max) in [("minimum", false), ("maximum", true)] {
        let Some(found) = get(node, key) else {
            continue;
        };
        let Some(value) = number(cx, found, &join(ptr, key)) else {
            continue;
        };
        if is_number {
            *(if is_max {
                &mut f.maximum
            } else {
                &mut f.minimum
            }) = Some(value);
        } else if let (true, Value::Int(n)) = (is_string, &value.value) {
            let length = if is_max { "maxLength" } else { "minLength" };
            cx.notes.push(format!(
                "{}: `{key}` on a string read as `{length}: {n}`",
                at_name(ptr)
            ));
            *(if is_max {
                &mut f.max_length
            } else {
                &mut f.min_length
            }) = unplaced(*n);
        } else {
            cx.notes.push(format!(
                "{}: `{key}` does not apply to {}; dropped",
                at_name(ptr),
                f.type_name()
            ));
        }
    }
}

fn pattern<'n>(cx: &mut Cx<'_, 'n>, node: &'n Node, ptr: &str, f: &mut RawField, is_string: bool) {
    match get(node, "pattern").map(|n| (n, &n.value)) {
        None => {}
        Some((_, Value::Str(p))) if p.is_empty() => {}
        Some((_, Value::Str(p))) if is_string => f.pattern = unplaced(p.clone()),
        Some((_, Value::Str(_))) => {
            cx.notes.push(format!(
                "{}: a pattern on {} has no place in the spec; dropped",
                at_name(ptr),
                f.type_name()
            ));
        }
        Some((n, _)) => cx
            .doc
            .error(n, &join(ptr, "pattern"), "`pattern` must be a string", ""),
    }
}

fn number<'n>(cx: &mut Cx<'_, 'n>, found: &'n Node, ptr: &str) -> Option<Located<Value>> {
    match &found.value {
        Value::Int(n) => Some(Located::unplaced(Value::Int(*n))),
        Value::Float(x) if x.is_finite() => Some(Located::unplaced(Value::Float(*x))),
        _ => {
            cx.doc
                .error(found, ptr, "a bound must be a finite number", "");
            None
        }
    }
}

/// `enum`: a closed set on a string parameter; on a body string the documented keys of a
/// domain, because RamBase's domain values are open sets that depend on the company.
fn enumeration<'n>(cx: &mut Cx<'_, 'n>, node: &'n Node, ptr: &str, f: &mut RawField, role: Role) {
    let Some(found) = get(node, "enum") else {
        return;
    };
    let values: Option<Vec<Located<String>>> = super::document::items(found)
        .iter()
        .map(|n| match &n.value {
            Value::Str(s) => Some(Located::unplaced(s.clone())),
            _ => None,
        })
        .collect();
    let at = join(ptr, "enum");
    match (values, f.type_name() == "string", role) {
        (Some(values), true, Role::Param) => f.enum_values = unplaced(values),
        (Some(values), true, _) => {
            cx.notes.push(format!(
                "{}: a body field takes no closed `enum`; its values became the documented keys of an open `domain`",
                at_name(ptr)
            ));
            f.domain = Some(RawDomain {
                values,
                ..RawDomain::default()
            });
        }
        _ => cx.notes.push(format!(
            "{}: only string values can be an `enum` in the spec; dropped",
            at_name(&at)
        )),
    }
}
