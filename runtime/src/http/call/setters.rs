//! Setters of [`Call`] for checked and list-valued query parameters.

use crate::errors::call_error::ErrorCodes;
use crate::http::call::{Answer, Call};
use crate::values::checked::{Checked, Rules, Scalar};

impl<R: Answer, C: ErrorCodes> Call<R, C> {
    /// Sets the query parameter `Q::NAME` (`$top`) to a value checked against the rules of `Q`;
    /// a broken rule is reported by `send`, which then sends nothing.
    pub fn query_checked<Q: Rules>(
        mut self,
        value: impl Into<<Q::Value as Scalar>::Input>,
    ) -> Self {
        match Checked::<Q>::new(value) {
            Ok(value) => self.parts.query(Q::NAME, value),
            Err(broken) => self.errors.extend(broken),
        }
        self
    }

    /// Sets the query parameter `name` to a comma-separated list (`$select=Name,CustomerId`),
    /// percent-encoded like any query value. An empty list sets nothing.
    pub fn query_list(
        mut self,
        name: &'static str,
        values: impl IntoIterator<Item = impl AsRef<str>>,
    ) -> Self {
        let mut list = String::new();
        for value in values {
            if !list.is_empty() {
                list.push(',');
            }
            list.push_str(value.as_ref());
        }
        if !list.is_empty() {
            self.parts.query(name, list);
        }
        self
    }
}
