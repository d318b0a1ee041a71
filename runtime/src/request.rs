//! What generated code hands to [`Client::send`](crate::Client::send): the operation's fixed
//! facts and the parts of one request.

use serde::Serialize;

use crate::object::Object;
use crate::validate::{ValidationErrors, Violation};

/// The documented, fixed facts of one API operation.
///
/// Generated code declares one per operation:
///
/// ```
/// use rambase_runtime::{reqwest::Method, Operation};
///
/// const ADD_CONTACT_PHONE: Operation = Operation::new(
///     Method::POST,
///     "/collaboration/contacts/{contactId}/phones",
///     3119,
///     5,
///     201,
/// );
/// assert_eq!(ADD_CONTACT_PHONE.success_status, 201);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Operation {
    /// The HTTP method.
    pub method: reqwest::Method,
    /// The documented path template (for documentation and diagnostics; the request uses the
    /// rendered path of [`RequestParts`]).
    pub path_template: &'static str,
    /// The API resource identifier (3119).
    pub resource: u32,
    /// The resource version the spec describes (5).
    pub version: u32,
    /// The documented success status (201 for a POST that creates).
    pub success_status: u16,
}

impl Operation {
    /// Describes an operation.
    pub const fn new(
        method: reqwest::Method,
        path_template: &'static str,
        resource: u32,
        version: u32,
        success_status: u16,
    ) -> Self {
        Self {
            method,
            path_template,
            resource,
            version,
            success_status,
        }
    }
}

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
/// use rambase_runtime::{encode_path_segment, RequestParts};
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
            crate::json::to_json_body(json_root, value)
                .map(|json| PreparedBody {
                    json,
                    xml: crate::xml::to_xml_body(T::NAME, value),
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

/// Percent-encodes `value` for use as one path segment: everything but ASCII letters, digits and
/// `-._~` is encoded, so `/`, `?` and `#` cannot change the URL's structure.
///
/// A value that is `.` or `..` has its dots encoded (`%2E`) too. The URL standard (which reqwest
/// follows) still reads `%2E%2E` as "parent folder", so the client refuses to send a path whose
/// segments such a value would remove ([`CallError::Encode`](crate::CallError::Encode)) rather
/// than send a request to another resource.
pub fn encode_path_segment(value: &str) -> String {
    if matches!(value, "." | "..") {
        return "%2E".repeat(value.len());
    }
    let mut out = String::with_capacity(value.len());
    percent_encode_into(value, &mut out, false);
    out
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
            crate::Rule::NotEmpty,
            Some("\"\"".to_owned()),
        ));
    }
    encode_path_segment(value)
}

/// Percent-encodes `value` into `out`, keeping unreserved characters (and `$` if `keep_dollar`,
/// for RamBase's `$db`-style parameter names).
pub(crate) fn percent_encode_into(value: &str, out: &mut String, keep_dollar: bool) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &byte in value.as_bytes() {
        let keep = byte.is_ascii_alphanumeric()
            || matches!(byte, b'-' | b'.' | b'_' | b'~')
            || (keep_dollar && byte == b'$');
        if keep {
            out.push(char::from(byte));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 0x0f)]));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http_tests::PhoneRequest as Phone;

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

    #[test]
    fn percent_encoding() {
        assert_eq!(encode_path_segment("AZaz09-._~"), "AZaz09-._~");
        assert_eq!(encode_path_segment("a/b?c#d e"), "a%2Fb%3Fc%23d%20e");
        assert_eq!(encode_path_segment("ø$"), "%C3%B8%24");
        assert_eq!(encode_path_segment("."), "%2E");
        assert_eq!(encode_path_segment(".."), "%2E%2E");
        assert_eq!(encode_path_segment("..."), "...");
        assert_eq!(encode_path_segment("../x"), "..%2Fx");
        let mut out = String::new();
        percent_encode_into("$db=1&x", &mut out, true);
        assert_eq!(out, "$db%3D1%26x");
    }
}
