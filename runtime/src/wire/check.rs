//! Checking a model's fields as its builder builds it: [`Check`] gathers every broken rule of
//! every field (nested objects included) under the object's documented name.

use crate::values::checked::{Checked, Rules, Scalar};
use crate::values::rules::{ValidationErrors, check_required};
use crate::wire::object::{Nested, Object};

/// Checks the fields of one object for its builder: every broken rule of every field is
/// collected under the object's documented name (`Phone.PhoneNumber`), then [`finish`]
/// returns the object or all of them.
///
/// [`finish`]: Check::finish
#[derive(Debug)]
pub struct Check {
    object: &'static str,
    errors: ValidationErrors,
}

impl Check {
    /// Starts checking the fields of the object `object` (its documented name).
    pub fn new(object: &'static str) -> Self {
        Self {
            object,
            errors: ValidationErrors::new(),
        }
    }

    fn path(&self, field: &str) -> String {
        format!("{}.{field}", self.object)
    }

    /// A required field without rules: a violation if it is missing.
    pub fn present<T>(&mut self, field: &str, value: Option<T>) -> Option<T> {
        if value.is_none() {
            let path = self.path(field);
            check_required(&mut self.errors, &path, false);
        }
        value
    }

    /// A required field with rules: a violation if it is missing, and one per broken rule.
    pub fn required<R: Rules>(
        &mut self,
        value: Option<<R::Value as Scalar>::Input>,
    ) -> Option<Checked<R>> {
        let value = self.present(R::NAME, value)?;
        self.checked(value)
    }

    /// An optional field with rules: one violation per broken rule when it is given.
    pub fn optional<R: Rules>(
        &mut self,
        value: Option<<R::Value as Scalar>::Input>,
    ) -> Option<Checked<R>> {
        self.checked(value?)
    }

    /// A field with rules and a documented default, which is checked like any input.
    pub fn defaulted<R: Rules>(
        &mut self,
        value: Option<<R::Value as Scalar>::Input>,
        default: impl FnOnce() -> <R::Value as Scalar>::Input,
    ) -> Option<Checked<R>> {
        self.checked(value.unwrap_or_else(default))
    }

    fn checked<R: Rules>(&mut self, value: <R::Value as Scalar>::Input) -> Option<Checked<R>> {
        let path = self.path(R::NAME);
        Checked::check_at(&path, value)
            .map_err(|broken| self.errors.extend(broken))
            .ok()
    }

    /// An optional nested request object: the violations its builder found, each re-rooted
    /// from the object's name to this field's path (`Customer.CustomerId` becomes
    /// `SalesOrder.Customer.CustomerId`).
    pub fn nested<T: Object>(&mut self, field: &str, value: Option<Nested<T>>) -> Option<T> {
        match value?.into_result() {
            Ok(value) => Some(value),
            Err(broken) => {
                let path = self.path(field);
                self.errors.extend_rerooted(T::NAME, &path, broken);
                None
            }
        }
    }

    /// An optional list of nested request objects: the violations of each item, re-rooted to
    /// the field's path with the item's index (`SalesOrder.Lines[1].ProductId`).
    pub fn nested_list<T: Object>(
        &mut self,
        field: &str,
        value: Option<Vec<Nested<T>>>,
    ) -> Option<Vec<T>> {
        let mut items = Vec::new();
        let mut broken = false;
        for (index, item) in value?.into_iter().enumerate() {
            match item.into_result() {
                Ok(item) => items.push(item),
                Err(errors) => {
                    let path = format!("{}[{index}]", self.path(field));
                    self.errors.extend_rerooted(T::NAME, &path, errors);
                    broken = true;
                }
            }
        }
        (!broken).then_some(items)
    }

    /// A required list of nested request objects: a violation if it is missing, and the
    /// violations of its items as in [`nested_list`](Self::nested_list).
    pub fn nested_list_required<T: Object>(
        &mut self,
        field: &str,
        value: Option<Vec<Nested<T>>>,
    ) -> Option<Vec<T>> {
        let value = self.present(field, value)?;
        self.nested_list(field, Some(value))
    }

    /// A required nested request object: a violation if it is missing, and its own violations
    /// as in [`nested`](Self::nested).
    pub fn nested_required<T: Object>(
        &mut self,
        field: &str,
        value: Option<Nested<T>>,
    ) -> Option<T> {
        let value = self.present(field, value)?;
        self.nested(field, Some(value))
    }

    /// The object made by `make`, or every violation found. `make` unwraps the checked fields
    /// with `?`: each of them is `None` only after a violation was recorded, so `make` runs
    /// only when all are there. Should it still return `None`, the object is reported missing.
    pub fn finish<T>(mut self, make: impl FnOnce() -> Option<T>) -> Result<T, ValidationErrors> {
        if !self.errors.is_empty() {
            return Err(self.errors);
        }
        match make() {
            Some(value) => Ok(value),
            None => {
                check_required(&mut self.errors, self.object, false);
                Err(self.errors)
            }
        }
    }
}
