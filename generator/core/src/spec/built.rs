//! Spec values that a program builds rather than reads from a file: the OpenAPI importer
//! writes its spec files from the same `Raw*` types the loader reads, and such values have no
//! location. [`Origin::none`] is that "no location"; the default of every `Raw*` type carries
//! it, and [`unplaced`] wraps a value in it. The other helpers read an optional located value
//! by value, so that code which does not care where a key was written stays short.

use std::path::PathBuf;

use super::{
    Located, RawBody, RawCommon, RawDomain, RawError, RawField, RawQueryParam, RawResource,
};
use crate::diag::Origin;

impl Origin {
    /// No location: the value was built by a program (the importer), not read from a spec
    /// file. Its file is empty, and it has neither line and column nor YAML path.
    pub fn none() -> Origin {
        Origin {
            file: PathBuf::new(),
            line_col: None,
            yaml_path: String::new(),
        }
    }
}

/// The default origin is [`Origin::none`], so that a defaulted `Raw*` value says it was built.
impl Default for Origin {
    fn default() -> Origin {
        Origin::none()
    }
}

impl<T> Located<T> {
    /// `value` with no location ([`Origin::none`]).
    pub fn unplaced(value: T) -> Located<T> {
        Located {
            value,
            origin: Origin::none(),
        }
    }
}

/// A key's value with no location, ready for an optional key: `f.ty = unplaced("string")`.
pub fn unplaced<T>(value: impl Into<T>) -> Option<Located<T>> {
    Some(Located::unplaced(value.into()))
}

/// A flag key that is written only when set: `Some(true)` when `on`, else absent.
pub fn mark(on: bool) -> Option<Located<bool>> {
    on.then(|| Located::unplaced(true))
}

/// The value of an optional key.
pub fn value<T>(key: &Option<Located<T>>) -> Option<&T> {
    key.as_ref().map(|l| &l.value)
}

/// The text of an optional string key.
pub fn text(key: &Option<Located<String>>) -> Option<&str> {
    key.as_ref().map(|l| l.value.as_str())
}

/// Whether a flag key is written and true.
pub fn flag(key: &Option<Located<bool>>) -> bool {
    key.as_ref().is_some_and(|l| l.value)
}

/// An integer key, 0 when absent.
pub fn int(key: &Option<Located<i128>>) -> i128 {
    key.as_ref().map_or(0, |l| l.value)
}

fn forget<T>(key: &mut Option<Located<T>>) {
    if let Some(l) = key {
        l.origin = Origin::none();
    }
}

fn forget_all(values: &mut [Located<String>]) {
    values.iter_mut().for_each(|v| v.origin = Origin::none());
}

// The `forget_origins` methods name every field of their type (no `..`), so a key added to a
// `Raw*` type does not compile until it is handled here too.

impl RawResource {
    /// Forgets where every value was written (all origins become [`Origin::none`]), so that
    /// a file read from disk compares equal to the same file built by a program.
    pub fn forget_origins(&mut self) {
        let RawResource {
            origin,
            resource,
            version,
            area,
            summary,
            description,
            documentation,
            deprecated,
            operation,
            method,
            path,
            formats,
            success_status,
            path_parameters,
            query_parameters,
            request,
            response,
            errors,
        } = self;
        *origin = Origin::none();
        for key in [resource, version, success_status] {
            forget(key);
        }
        for key in [
            area,
            summary,
            description,
            documentation,
            operation,
            method,
            path,
        ] {
            forget(key);
        }
        forget(deprecated);
        forget_all(formats);
        path_parameters
            .iter_mut()
            .for_each(RawField::forget_origins);
        for q in query_parameters {
            match q {
                RawQueryParam::Use(name) => name.origin = Origin::none(),
                RawQueryParam::Inline(field) => field.forget_origins(),
            }
        }
        request.iter_mut().for_each(RawBody::forget_origins);
        response.iter_mut().for_each(RawBody::forget_origins);
        errors.iter_mut().for_each(RawError::forget_origins);
    }
}

impl RawCommon {
    /// Forgets where every value was written; see [`RawResource::forget_origins`].
    pub fn forget_origins(&mut self) {
        let RawCommon {
            origin,
            query_parameters,
        } = self;
        *origin = Origin::none();
        query_parameters
            .iter_mut()
            .for_each(RawField::forget_origins);
    }
}

impl RawBody {
    /// Forgets where every value was written; see [`RawResource::forget_origins`].
    pub fn forget_origins(&mut self) {
        let RawBody {
            origin,
            object,
            json_root,
            rust_name,
            list,
            custom_fields,
            fields,
        } = self;
        *origin = Origin::none();
        for key in [object, json_root, rust_name] {
            forget(key);
        }
        forget(list);
        forget(custom_fields);
        fields.iter_mut().for_each(RawField::forget_origins);
    }
}

impl RawField {
    /// A field named `name` that says nothing else, with no location.
    pub fn named(name: impl Into<String>) -> RawField {
        RawField {
            name: Located::unplaced(name.into()),
            ..RawField::default()
        }
    }

    /// Its `type:`, empty when absent.
    pub fn type_name(&self) -> &str {
        text(&self.ty).unwrap_or_default()
    }

    /// Forgets where every value was written; see [`RawResource::forget_origins`].
    pub fn forget_origins(&mut self) {
        let RawField {
            origin,
            name,
            ty,
            description,
            required,
            default,
            pattern,
            minimum,
            maximum,
            min_length,
            max_length,
            domain,
            object,
            fields,
            fields_at,
            items,
            json_name,
            rust_name,
            custom_fields,
            enum_values,
        } = self;
        *origin = Origin::none();
        name.origin = Origin::none();
        for key in [ty, description, pattern, object, json_name, rust_name] {
            forget(key);
        }
        for key in [required, custom_fields] {
            forget(key);
        }
        for key in [default, minimum, maximum] {
            forget(key);
        }
        for key in [min_length, max_length] {
            forget(key);
        }
        domain.iter_mut().for_each(RawDomain::forget_origins);
        fields.iter_mut().for_each(RawField::forget_origins);
        if let Some(at) = fields_at {
            *at = Origin::none();
        }
        items.iter_mut().for_each(|i| i.forget_origins());
        if let Some(e) = enum_values {
            e.origin = Origin::none();
            forget_all(&mut e.value);
        }
    }
}

impl RawDomain {
    /// Forgets where every value was written; see [`RawResource::forget_origins`].
    pub fn forget_origins(&mut self) {
        let RawDomain {
            origin,
            rust_name,
            values,
        } = self;
        *origin = Origin::none();
        forget(rust_name);
        forget_all(values);
    }
}

impl RawError {
    /// Forgets where every value was written; see [`RawResource::forget_origins`].
    pub fn forget_origins(&mut self) {
        let RawError {
            origin,
            code,
            status,
            message,
            rust_name,
        } = self;
        *origin = Origin::none();
        forget(code);
        forget(status);
        forget(message);
        forget(rust_name);
    }
}

impl RawQueryParam {
    /// The wire name of the parameter.
    pub fn name(&self) -> &str {
        match self {
            RawQueryParam::Use(name) => &name.value,
            RawQueryParam::Inline(field) => &field.name.value,
        }
    }
}
