//! RamBase's error body, parsed in every shape it comes in.

use std::fmt;

use serde_json::{Map, Value};

use crate::values::redact::Redactor;
use crate::values::text::bounded;

/// Longest part of an error body kept in [`ApiError::raw_body_snippet`], in characters.
const RAW_SNIPPET_CHARS: usize = 2048;
/// Longest part of the body shown by `Display` when the body had no message.
const DISPLAY_SNIPPET_CHARS: usize = 200;
/// Longest message, translated message, link or parameter value kept, in characters.
const FIELD_CHARS: usize = 2048;
/// How deep `innerErrors` are followed, and how many are kept per level.
const MAX_INNER_DEPTH: usize = 8;
const MAX_LIST_ITEMS: usize = 32;

/// An error answer from RamBase: the HTTP status plus whatever the body said.
///
/// Built from the body by [`ApiError::from_body`], which accepts:
/// - the documented object, with first-letter-lower-cased (`httpStatusCode`, `message`,
///   `translatedMessage`, `errorMessage { errorMessageId, errorMessageLink }`,
///   `parameters [{ index, value }]`, `innerErrors [...]`) or PascalCase names, the error id as a
///   number or a numeric string;
/// - the older `{"error": {...}}` wrapper around the same object;
/// - an XML error body with the PascalCase element names (best effort);
/// - anything else (an HTML page from a proxy, plain text, an empty body): only the status and a
///   bounded snippet of the body are kept.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiError {
    // Boxed: keeps `CallError` and `Result`s holding it small.
    d: Box<Details>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Details {
    status: u16,
    code: Option<u64>,
    status_description: Option<String>,
    message: Option<String>,
    translated_message: Option<String>,
    link: Option<String>,
    parameters: Vec<ErrorParameter>,
    inner_errors: Vec<ApiError>,
    raw_body_snippet: String,
}

/// One entry of an error's `parameters`: a value substituted into the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorParameter {
    index: Option<u32>,
    value: String,
}

impl ErrorParameter {
    /// The parameter's position in the message, if the body gave one.
    pub fn index(&self) -> Option<u32> {
        self.index
    }

    /// The parameter's value, as text.
    pub fn value(&self) -> &str {
        &self.value
    }
}

impl ApiError {
    /// Parses an error body answered with HTTP `status`. Never fails: whatever cannot be
    /// understood is kept as [`raw_body_snippet`](Self::raw_body_snippet) only.
    ///
    /// ```
    /// use rambase_runtime::ApiError;
    ///
    /// let body = br#"{"httpStatusCode":404,"message":"Permission not found",
    ///                 "errorMessage":{"errorMessageId":"101015"}}"#;
    /// let error = ApiError::from_body(404, body);
    /// assert_eq!(error.code(), Some(101015));
    /// assert_eq!(error.to_string(), "HTTP 404, RamBase error 101015: Permission not found");
    /// ```
    pub fn from_body(status: u16, body: &[u8]) -> Self {
        Self::from_body_redacted(status, body, &Redactor::default())
    }

    /// [`from_body`](Self::from_body) with every secret `redactor` knows replaced: in the snippet
    /// before it is cut, and in the parsed strings after decoding (escapes and entities undone).
    pub(crate) fn from_body_redacted(status: u16, body: &[u8], redactor: &Redactor) -> Self {
        let raw_body_snippet = redactor.snippet(body, RAW_SNIPPET_CHARS);
        let text = String::from_utf8_lossy(body);
        let text = text.trim_start_matches('\u{feff}').trim();
        let mut parsed = if text.starts_with('<') {
            crate::wire::xml::to_json_value(text)
        } else {
            serde_json::from_str::<Value>(text).ok()
        };
        if let Some(value) = parsed.as_mut() {
            redactor.redact_value(value);
        }
        let mut error = parsed
            .as_ref()
            .and_then(error_object)
            .map(|object| from_object(status, object, 0))
            .unwrap_or_else(|| Self::bare(status));
        error.d.raw_body_snippet = raw_body_snippet;
        error
    }

    fn bare(status: u16) -> Self {
        Self {
            d: Box::new(Details {
                status,
                code: None,
                status_description: None,
                message: None,
                translated_message: None,
                link: None,
                parameters: Vec::new(),
                inner_errors: Vec::new(),
                raw_body_snippet: String::new(),
            }),
        }
    }

    /// The HTTP status of the answer (for inner errors: their own `httpStatusCode` if given).
    pub fn status(&self) -> u16 {
        self.d.status
    }

    /// RamBase's error code (`ErrorMessageId`, e.g. 101015), if the body had one.
    pub fn code(&self) -> Option<u64> {
        self.d.code
    }

    /// The `HttpStatusDescription` of the body, if any.
    pub fn status_description(&self) -> Option<&str> {
        self.d.status_description.as_deref()
    }

    /// The message, in English.
    pub fn message(&self) -> Option<&str> {
        self.d.message.as_deref()
    }

    /// The message in the request's `$lang` language, if the body had one.
    pub fn translated_message(&self) -> Option<&str> {
        self.d.translated_message.as_deref()
    }

    /// The link to the error's documentation (`ErrorMessageLink`), if any.
    pub fn link(&self) -> Option<&str> {
        self.d.link.as_deref()
    }

    /// Values substituted into the message.
    pub fn parameters(&self) -> &[ErrorParameter] {
        &self.d.parameters
    }

    /// The errors that caused this one, outermost first.
    pub fn inner_errors(&self) -> &[ApiError] {
        &self.d.inner_errors
    }

    /// The start of the raw body (at most 2048 characters, decoded lossily, trimmed); empty for
    /// inner errors. The client replaces the access token with `***` should a server echo it.
    pub fn raw_body_snippet(&self) -> &str {
        &self.d.raw_body_snippet
    }

    fn best_message(&self) -> Option<&str> {
        self.d
            .message
            .as_deref()
            .or(self.d.translated_message.as_deref())
            .filter(|m| !m.trim().is_empty())
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HTTP {}", self.d.status)?;
        if let Some(code) = self.d.code {
            write!(f, ", RamBase error {code}")?;
        }
        match self.best_message() {
            Some(message) => write!(f, ": {message}")?,
            None if self.d.raw_body_snippet.is_empty() => f.write_str(" with an empty body")?,
            None => write!(
                f,
                ", body: {}",
                bounded(&self.d.raw_body_snippet, DISPLAY_SNIPPET_CHARS)
            )?,
        }
        if let Some(inner) = self.d.inner_errors.first() {
            match (inner.code(), inner.best_message()) {
                (Some(code), Some(message)) => write!(f, " (caused by error {code}: {message})")?,
                (None, Some(message)) => write!(f, " (caused by: {message})")?,
                (Some(code), None) => write!(f, " (caused by error {code})")?,
                (None, None) => {}
            }
        }
        Ok(())
    }
}

impl fmt::Debug for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = &self.d;
        f.debug_struct("ApiError")
            .field("status", &d.status)
            .field("code", &d.code)
            .field("status_description", &d.status_description)
            .field("message", &d.message)
            .field("translated_message", &d.translated_message)
            .field("link", &d.link)
            .field("parameters", &d.parameters)
            .field("inner_errors", &d.inner_errors)
            .field("raw_body_snippet", &d.raw_body_snippet)
            .finish()
    }
}

impl std::error::Error for ApiError {}

/// The object holding the error fields: the body itself, the value of an `error` wrapper, or
/// the root element of an XML body.
fn error_object(value: &Value) -> Option<&Map<String, Value>> {
    let object = value.as_object()?;
    if let Some(inner) = field(object, "error").and_then(Value::as_object) {
        return Some(inner);
    }
    // An XML document reads as `{"Error": {...}}`: one root element around the fields.
    if object.len() == 1
        && !has_error_fields(object)
        && let Some(inner) = object.values().next().and_then(Value::as_object)
    {
        return Some(inner);
    }
    Some(object)
}

fn has_error_fields(object: &Map<String, Value>) -> bool {
    [
        "message",
        "translatedMessage",
        "errorMessage",
        "httpStatusCode",
        "errorMessageId",
    ]
    .iter()
    .any(|name| field(object, name).is_some())
}

fn from_object(status: u16, object: &Map<String, Value>, depth: usize) -> ApiError {
    let error_message = field(object, "errorMessage");
    let nested = error_message.and_then(Value::as_object);
    let code = nested
        .and_then(|m| field(m, "errorMessageId"))
        .or_else(|| field(object, "errorMessageId"))
        // The token endpoint's `{error_code, message}`.
        .or_else(|| field(object, "error_code"))
        .or_else(|| field(object, "errorCode"))
        .and_then(as_code);
    let link = nested
        .and_then(|m| field(m, "errorMessageLink"))
        .or_else(|| field(object, "errorMessageLink"))
        .and_then(as_text);
    let inner_status = field(object, "httpStatusCode")
        .and_then(as_code)
        .and_then(|code| u16::try_from(code).ok());
    let status = if depth == 0 {
        status
    } else {
        inner_status.unwrap_or(status)
    };
    let mut error = ApiError::bare(status);
    error.d.code = code;
    error.d.link = link;
    error.d.status_description = field(object, "httpStatusDescription").and_then(as_text);
    error.d.message = field(object, "message")
        .and_then(as_text)
        .or_else(|| error_message.and_then(Value::as_str).map(text));
    error.d.translated_message = field(object, "translatedMessage").and_then(as_text);
    error.d.parameters = field(object, "parameters")
        .map(items)
        .unwrap_or_default()
        .into_iter()
        .filter_map(parameter)
        .collect();
    if depth < MAX_INNER_DEPTH {
        error.d.inner_errors = field(object, "innerErrors")
            .map(items)
            .unwrap_or_default()
            .into_iter()
            .filter_map(Value::as_object)
            .map(|inner| from_object(status, inner, depth + 1))
            .collect();
    }
    error
}

/// A field by name, ignoring ASCII case (`message`, `Message`, `MESSAGE`).
fn field<'a>(object: &'a Map<String, Value>, name: &str) -> Option<&'a Value> {
    object.get(name).or_else(|| {
        object
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| value)
    })
}

/// The items of a list: a JSON array, or the XML shape `{"Parameter": [...]}` /
/// `{"Parameter": {...}}` (one wrapper element around repeated items).
fn items(value: &Value) -> Vec<&Value> {
    let list: Vec<&Value> = match value {
        Value::Array(items) => items.iter().collect(),
        Value::Object(object) if object.len() == 1 => match object.values().next() {
            Some(Value::Array(items)) => items.iter().collect(),
            Some(item @ Value::Object(_)) => vec![item],
            _ => vec![value],
        },
        Value::Object(_) => vec![value],
        _ => Vec::new(),
    };
    list.into_iter().take(MAX_LIST_ITEMS).collect()
}

fn parameter(value: &Value) -> Option<ErrorParameter> {
    match value {
        Value::Object(object) => Some(ErrorParameter {
            index: field(object, "index")
                .and_then(as_code)
                .and_then(|i| u32::try_from(i).ok()),
            value: field(object, "value").and_then(as_text).unwrap_or_default(),
        }),
        Value::Null => None,
        scalar => as_text(scalar).map(|value| ErrorParameter { index: None, value }),
    }
}

/// A non-negative integer given as a number or a numeric string.
fn as_code(value: &Value) -> Option<u64> {
    match value {
        Value::Number(number) => number.as_u64(),
        Value::String(text) => text.trim().parse().ok(),
        _ => None,
    }
}

/// A scalar as bounded text; `null`, objects and arrays are not text.
fn as_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(text(s)),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn text(s: &str) -> String {
    bounded(s, FIELD_CHARS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn non_json_bodies_keep_a_bounded_snippet() {
        let page = format!(
            "<html><head><title>502 Bad Gateway</title></head><body>{}</body></html>",
            "x".repeat(5000)
        );
        let error = ApiError::from_body(502, page.as_bytes());
        assert_eq!(error.code(), None);
        assert_eq!(error.message(), None);
        assert!(
            error
                .raw_body_snippet()
                .starts_with("<html><head><title>502")
        );
        assert!(error.raw_body_snippet().chars().count() <= RAW_SNIPPET_CHARS + 1);
        let shown = error.to_string();
        assert!(shown.starts_with("HTTP 502, body: <html><head><title>502 Bad Gateway"));
        assert!(shown.chars().count() < 260, "{shown}");

        let error = ApiError::from_body(503, b"Service Unavailable");
        assert_eq!(error.to_string(), "HTTP 503, body: Service Unavailable");
        assert_eq!(
            ApiError::from_body(500, b"").to_string(),
            "HTTP 500 with an empty body"
        );
        let error = ApiError::from_body(500, &[0xff, b'{']);
        assert_eq!(error.raw_body_snippet(), "\u{fffd}{");
    }

    #[test]
    fn deeply_nested_inner_errors_are_bounded() {
        let mut body = String::from(r#"{"message":"leaf"}"#);
        for _ in 0..50 {
            body = format!(r#"{{"message":"m","innerErrors":[{body}]}}"#);
        }
        let error = ApiError::from_body(500, body.as_bytes());
        let mut depth = 0;
        let mut current = &error;
        while let Some(inner) = current.inner_errors().first() {
            depth += 1;
            current = inner;
        }
        assert_eq!(depth, MAX_INNER_DEPTH);
    }
}
