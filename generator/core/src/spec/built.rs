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

impl RawResource {
    /// Forgets where every value was written (all origins become [`Origin::none`]), so that
    /// a file read from disk compares equal to the same file built by a program.
    pub fn forget_origins(&mut self) {
        self.origin = Origin::none();
        forget(&mut self.resource);
        forget(&mut self.version);
        forget(&mut self.area);
        forget(&mut self.summary);
        forget(&mut self.description);
        forget(&mut self.documentation);
        forget(&mut self.deprecated);
        forget(&mut self.operation);
        forget(&mut self.method);
        forget(&mut self.path);
        forget(&mut self.success_status);
        self.formats
            .iter_mut()
            .for_each(|f| f.origin = Origin::none());
        self.path_parameters
            .iter_mut()
            .for_each(RawField::forget_origins);
        for q in &mut self.query_parameters {
            match q {
                RawQueryParam::Use(name) => name.origin = Origin::none(),
                RawQueryParam::Inline(field) => field.forget_origins(),
            }
        }
        self.request.iter_mut().for_each(RawBody::forget_origins);
        self.response.iter_mut().for_each(RawBody::forget_origins);
        self.errors.iter_mut().for_each(RawError::forget_origins);
    }
}

impl RawCommon {
    /// Forgets where every value was written; see [`RawResource::forget_origins`].
    pub fn forget_origins(&mut self) {
        self.origin = Origin::none();
        self.query_parameters
            .iter_mut()
            .for_each(RawField::forget_origins);
    }
}

impl RawBody {
    /// Forgets where every value was written; see [`RawResource::forget_origins`].
    pub fn forget_origins(&mut self) {
        self.origin = Origin::none();
        forget(&mut self.object);
        forget(&mut self.json_root);
        forget(&mut self.rust_name);
        forget(&mut self.list);
        forget(&mut self.custom_fields);
        self.fields.iter_mut().for_each(RawField::forget_origins);
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
        self.origin = Origin::none();
        self.name.origin = Origin::none();
        forget(&mut self.ty);
        forget(&mut self.description);
        forget(&mut self.required);
        forget(&mut self.default);
        forget(&mut self.pattern);
        forget(&mut self.minimum);
        forget(&mut self.maximum);
        forget(&mut self.min_length);
        forget(&mut self.max_length);
        if let Some(d) = &mut self.domain {
            d.forget_origins();
        }
        forget(&mut self.object);
        self.fields.iter_mut().for_each(RawField::forget_origins);
        self.fields_at = self.fields_at.as_ref().map(|_| Origin::none());
        if let Some(items) = &mut self.items {
            items.forget_origins();
        }
        forget(&mut self.json_name);
        forget(&mut self.rust_name);
        forget(&mut self.custom_fields);
        if let Some(e) = &mut self.enum_values {
            e.origin = Origin::none();
            e.value.iter_mut().for_each(|v| v.origin = Origin::none());
        }
    }
}

impl RawDomain {
    /// Forgets where every value was written; see [`RawResource::forget_origins`].
    pub fn forget_origins(&mut self) {
        self.origin = Origin::none();
        forget(&mut self.rust_name);
        self.values
            .iter_mut()
            .for_each(|v| v.origin = Origin::none());
    }
}

impl RawError {
    /// Forgets where every value was written; see [`RawResource::forget_origins`].
    pub fn forget_origins(&mut self) {
        self.origin = Origin::none();
        forget(&mut self.code);
        forget(&mut self.status);
        forget(&mut self.message);
        forget(&mut self.rust_name);
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
