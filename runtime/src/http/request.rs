//! What generated code hands to [`Client::send`](crate::Client::send): the parts of one
//! request (the operation's fixed facts are [`Operation`], in `wire/`).

use serde::Serialize;

use crate::values::rules::{ValidationErrors, Violation};
use crate::wire::object::Object;
use crate::wire::url::encode_path_segment;

/// A request body, rendered in both formats; the client sends the one matching its [`Format`].
///
/// [`Format`]: crate::Format
#[derive(Debug, Clone)]
pub(crate) struct PreparedBody {
    pub(crate) json: Vec<u8>,
    pub(crate) xml: Vec<u8>,
}

/// The variable parts of one request: the rendered path, query parameters and body.
///
/// ```
/// use rambase_runtime::__private::{encode_path_segment, RequestParts};
///
/// let mut parts = RequestParts::new(format!("/collaboration/contacts/{}/phones", 100_001));
/// parts.query("$useMinimumVersion", 5);
/// parts.optional_query("$lang", None::<&str>);
/// assert_eq!(parts.path(), "/collaboration/contacts/100001/phones");
/// assert_eq!(parts.query_pairs(), [("$useMinimumVersion", "5".to_owned())]);
/// assert_eq!(encode_path_segment("a b/c"), "a%20b%2Fc");
/// ```
#[derive(Debug, Clone)]
pub struct RequestParts {
    path: String,
    query: Vec<(&'static str, String)>,
    body: Option<Result<PreparedBody, String>>,
}

impl RequestParts {
    /// Parts for `path`, relative to the client's base URL (`/collaboration/contacts/100001/phones`),
    /// with path parameters already rendered; string parameters through [`encode_path_segment`].
    pub fn new(path: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            query: Vec::new(),
            body: None,
        }
    }

    /// Sets the query parameter `name` (`$db`, `$lang`, `$useMinimumVersion`,
    /// `$showDomainDescriptions`, ...), replacing an earlier value of the same name. Values are
    /// percent-encoded when the URL is built. A `$db` or `$lang` set here overrides the client's
    /// default for this call.
    pub fn query(&mut self, name: &'static str, value: impl ToString) {
        let value = value.to_string();
        match self.query.iter_mut().find(|(n, _)| *n == name) {
            Some(entry) => entry.1 = value,
            None => self.query.push((name, value)),
        }
    }

    /// Sets the query parameter `name` if `value` is given (for optional builder setters).
    pub fn optional_query(&mut self, name: &'static str, value: Option<impl ToString>) {
        if let Some(value) = value {
            self.query(name, value);
        }
    }

    /// Sets the body: `{"<json_root>": value}` in JSON, `<Object>...</Object>` in XML. Both
    /// are rendered now (bodies are small); the client sends the one for its format. Should JSON
    /// serialization fail, the call ends in an encoding error without sending anything.
    pub fn body<T: Serialize + Object>(&mut self, json_root: &'static str, value: &T) {
        self.body = Some(
            crate::wire::json::to_json_body(json_root, value)
                .map(|json| PreparedBody {
                    json,
                    xml: crate::wire::xml::to_xml_body(T::NAME, value),
                })
                .map_err(|error| error.to_string()),
        );
    }

    /// These parts with another path.
    pub(crate) fn with_path(self, path: String) -> Self {
        Self { path, ..self }
    }

    /// The rendered path.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The query parameters set so far, in order.
    pub fn query_pairs(&self) -> &[(&'static str, String)] {
        &self.query
    }

    /// Whether a query parameter `name` is set.
    pub(crate) fn has_query(&self, name: &str) -> bool {
        self.query.iter().any(|(n, _)| *n == name)
    }

    pub(crate) fn take_body(&mut self) -> Option<Result<PreparedBody, String>> {
        self.body.take()
    }
}

/// The encoded path segment of the path parameter `name`, recording a [`Rule::NotEmpty`]
/// violation for an empty value: it would render as an empty segment (`/contacts//phones`),
/// which servers read as another path, so the call must not be sent.
///
/// [`Rule::NotEmpty`]: crate::Rule::NotEmpty
pub(crate) fn path_segment(errors: &mut ValidationErrors, name: &str, value: &str) -> String {
    if value.is_empty() {
        errors.push(Violation::new(
            name,
            crate::values::rules::Rule::NotEmpty,
            Some("\"\"".to_owned()),
        ));
    }
    encode_path_segment(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::tests::PhoneRequest as Phone;

    #[test]
    fn query_replaces_and_optional_query_skips_none() {
        let mut parts = RequestParts::new("/x");
        parts.query("$db", "A");
        parts.query("$lang", "nob");
        parts.query("$db", "B");
        parts.optional_query("$showDomainDescriptions", Some(true));
        parts.optional_query("$useMinimumVersion", None::<u32>);
        assert_eq!(
            parts.query_pairs(),
            [
                ("$db", "B".to_owned()),
                ("$lang", "nob".to_owned()),
                ("$showDomainDescriptions", "true".to_owned())
            ]
        );
        assert!(parts.has_query("$lang"));
        assert!(!parts.has_query("$useMinimumVersion"));
    }

    #[test]
    fn body_is_rendered_in_both_formats() {
        let mut parts = RequestParts::new("/x");
        parts.body(
            "phone",
            &Phone {
                phone_number: Some("1".into()),
                ..Phone::default()
            },
        );
        let body = parts.take_body().and_then(Result::ok);
        let body = body.map(|b| (String::from_utf8_lossy(&b.json).into_owned(), b.xml));
        assert_eq!(
            body,
            Some((
                r#"{"phone":{"phoneNumber":"1"}}"#.to_owned(),
                b"<Phone><PhoneNumber>1</PhoneNumber></Phone>".to_vec()
            ))
        );
    }
}
