//! A request the mock received, kept for verification and diagnostics.

use std::fmt;

use serde::de::DeserializeOwned;

use crate::wire::format::Format;
use crate::wire::object::Object;

/// A request as the mock server received it: method, path, decoded query, headers and body.
///
/// The `Authorization` header and an `$access_token` query parameter are never kept, so a
/// recorded request can be printed.
#[derive(Clone, PartialEq, Eq)]
pub struct Received {
    /// The HTTP method (`POST`).
    pub method: String,
    /// The path, percent-decoded segment by segment (`/collaboration/contacts/100001/phones`).
    pub path: String,
    /// The query parameters in the order sent, percent-decoded (`("$db", "ACME")`).
    pub query: Vec<(String, String)>,
    /// The headers other than `Authorization`, names lower-cased.
    pub headers: Vec<(String, String)>,
    /// The body as sent.
    pub body: Vec<u8>,
    /// The path's segments, each decoded on its own (a `%2F` stays inside its segment).
    pub(crate) segments: Vec<String>,
}

impl fmt::Debug for Received {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Received")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("query", &self.query)
            .field("body", &String::from_utf8_lossy(&self.body))
            .finish_non_exhaustive()
    }
}

impl fmt::Display for Received {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.method, self.path)?;
        for (i, (name, value)) in self.query.iter().enumerate() {
            write!(f, "{}{name}={value}", if i == 0 { '?' } else { '&' })?;
        }
        Ok(())
    }
}

impl Received {
    /// The first value of the query parameter `name`.
    pub fn query_value(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The first value of the header `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The format of the body, from its `Content-Type` (JSON unless it says XML).
    pub fn body_format(&self) -> Format {
        match self.header("content-type") {
            Some(t) if t.contains("xml") => Format::Xml,
            _ => Format::Json,
        }
    }

    /// Decodes the body into `T` in the format it was sent in (its `Content-Type`): JSON under
    /// the root `json_root`, or XML.
    pub fn decode_body<T: Object + DeserializeOwned>(&self, json_root: &str) -> Result<T, String> {
        let decoded = match self.body_format() {
            Format::Xml => crate::wire::xml::from_xml_body::<T>(&self.body),
            Format::Json => crate::wire::json::from_json_body::<T>(json_root, &self.body),
        };
        decoded.map_err(|e| format!("the body is not a {}: {e}", T::NAME))
    }

    /// The format the answer must have: XML when the request asks `$format=xml`.
    pub fn answer_format(&self) -> Format {
        match self.query_value("$format") {
            Some(f) if f.eq_ignore_ascii_case("xml") => Format::Xml,
            _ => Format::Json,
        }
    }
}

/// Splits a raw query string into decoded pairs (`+` is a space, as in forms).
pub(crate) fn parse_query(raw: Option<&str>) -> Vec<(String, String)> {
    let Some(raw) = raw else {
        return Vec::new();
    };
    raw.split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(name, true), decode(value, true))
        })
        .collect()
}

/// Percent-decodes `text`; with `plus`, a `+` is a space. Bad escapes are kept as they are.
pub(crate) fn decode(text: &str, plus: bool) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match (bytes[i], hex_pair(&bytes[i + 1..])) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (b'+', _) if plus => {
                out.push(b' ');
                i += 1;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex_pair(rest: &[u8]) -> Option<u8> {
    let digit = |b: u8| (b as char).to_digit(16);
    let (hi, lo) = (digit(*rest.first()?)?, digit(*rest.get(1)?)?);
    u8::try_from(hi * 16 + lo).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_decode_escapes_and_plus() {
        let q = parse_query(Some("%24db=AC%20ME&%24filter=Name+eq+%27x%27&flag"));
        assert_eq!(
            q,
            vec![
                ("$db".into(), "AC ME".into()),
                ("$filter".into(), "Name eq 'x'".into()),
                ("flag".into(), String::new())
            ]
        );
        assert_eq!(decode("100%", false), "100%");
        assert_eq!(decode("a%2Fb+c", false), "a/b+c");
    }
}
