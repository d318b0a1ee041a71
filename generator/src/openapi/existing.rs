//! Existing spec files read back for re-import, merge and export, in the form the importer
//! builds: the loader's `Raw*` values with no locations, a flag that is false the same as an
//! absent one, a default or bound that is not a scalar left out, the method upper-cased, and a
//! missing required key read as empty (0 or ""), as the YAML writer writes it back.

use crate::spec::yaml::Value;
use crate::spec::{Located, RawBody, RawCommon, RawField, RawQueryParam, RawResource};

/// A resource file in the importer's form.
pub(crate) fn resource(mut r: RawResource) -> RawResource {
    r.forget_origins();
    for key in [&mut r.resource, &mut r.version, &mut r.success_status] {
        key.get_or_insert_with(|| Located::unplaced(0));
    }
    for key in [&mut r.area, &mut r.summary, &mut r.operation, &mut r.path] {
        key.get_or_insert_with(|| Located::unplaced(String::new()));
    }
    let method = r
        .method
        .get_or_insert_with(|| Located::unplaced(String::new()));
    method.value.make_ascii_uppercase();
    r.deprecated = r
        .deprecated
        .filter(|d| matches!(d.value, Value::Bool(true) | Value::Str(_)));
    r.path_parameters.iter_mut().for_each(field);
    for q in &mut r.query_parameters {
        if let RawQueryParam::Inline(f) = q {
            field(f);
        }
    }
    r.request.iter_mut().for_each(body);
    r.response.iter_mut().for_each(body);
    for e in &mut r.errors {
        for key in [&mut e.code, &mut e.status] {
            key.get_or_insert_with(|| Located::unplaced(0));
        }
        e.message
            .get_or_insert_with(|| Located::unplaced(String::new()));
    }
    r
}

/// A common file in the importer's form.
pub(crate) fn common(mut c: RawCommon) -> RawCommon {
    c.forget_origins();
    c.query_parameters.iter_mut().for_each(field);
    c
}

fn body(b: &mut RawBody) {
    b.object
        .get_or_insert_with(|| Located::unplaced(String::new()));
    unset_false(&mut b.list);
    unset_false(&mut b.custom_fields);
    b.fields.iter_mut().for_each(field);
}

fn field(f: &mut RawField) {
    f.ty.get_or_insert_with(|| Located::unplaced(String::new()));
    unset_false(&mut f.required);
    unset_false(&mut f.custom_fields);
    for key in [&mut f.default, &mut f.minimum, &mut f.maximum] {
        if key.as_ref().is_some_and(|v| !is_scalar(&v.value)) {
            *key = None;
        }
    }
    f.fields_at = None;
    f.fields.iter_mut().for_each(field);
    if let Some(items) = &mut f.items {
        field(items);
    }
}

fn unset_false(key: &mut Option<Located<bool>>) {
    if key.as_ref().is_some_and(|l| !l.value) {
        *key = None;
    }
}

/// A string, an integer, a finite number or a boolean: what a default or a bound can be.
pub(crate) fn is_scalar(value: &Value) -> bool {
    match value {
        Value::Str(_) | Value::Int(_) | Value::Bool(_) => true,
        Value::Float(f) => f.is_finite(),
        Value::Null | Value::Seq(_) | Value::Map(_) => false,
    }
}

/// The resource id and version of a resource file (0 for a missing one).
pub(crate) fn id(r: &RawResource) -> (i128, i128) {
    (crate::spec::int(&r.resource), crate::spec::int(&r.version))
}
