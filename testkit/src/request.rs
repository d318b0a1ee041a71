//! What a server saw of one request, and the URL encoding of query strings and forms.

/// One request as it arrived: method, target, headers and the whole body.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Request {
    /// The method, such as `POST`.
    pub method: String,
    /// The request target as sent: path and query, still percent-encoded.
    pub target: String,
    /// The path, without the query.
    pub path: String,
    /// The query parameters in order, percent-decoded.
    pub query: Vec<(String, String)>,
    /// The protocol of the request line, such as `HTTP/1.1`.
    pub version: String,
    /// The headers in order of arrival (hyper's lower-case names; look them up with
    /// [`Request::header`]).
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl Request {
    /// A request of `method` for `target` (path and query); the path and query are split out.
    pub fn new(method: &str, target: &str, version: &str) -> Self {
        let (path, query) = match target.split_once('?') {
            Some((path, query)) => (path.to_owned(), parse_query(query)),
            None => (target.to_owned(), Vec::new()),
        };
        Self {
            method: method.to_owned(),
            target: target.to_owned(),
            path,
            query,
            version: version.to_owned(),
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    /// The request line, such as `POST /phones?$format=xml HTTP/1.1`.
    pub fn request_line(&self) -> String {
        format!("{} {} {}", self.method, self.target, self.version)
    }

    /// The first header named `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Every value of the query parameter `name`.
    pub fn query_values(&self, name: &str) -> Vec<&str> {
        self.query
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// The single value of the query parameter `name`; `None` when absent.
    ///
    /// # Panics
    ///
    /// When the parameter was sent more than once.
    pub fn query_value(&self, name: &str) -> Option<&str> {
        let values = self.query_values(name);
        assert!(values.len() <= 1, "{name} sent {} times", values.len());
        values.first().copied()
    }

    /// The value of the field `name` of a form-encoded body (percent- and `+`-decoded).
    pub fn form(&self, name: &str) -> Option<String> {
        let text = self.body_text().replace('+', " ");
        parse_query(&text)
            .into_iter()
            .find_map(|(n, value)| (n == name).then_some(value))
    }

    /// The body as text (lossy).
    pub fn body_text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// The pairs of a query string (or of a form-encoded body), percent-decoded, in order.
pub fn parse_query(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            (percent_decode(name), percent_decode(value))
        })
        .collect()
}

/// Decodes `%XX` escapes; a `%` not followed by two hex digits stays as it is.
pub fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Encodes everything but RFC 3986's unreserved characters and `$` (kept readable in
/// RamBase's parameter names), for query strings a server builds, such as paging links.
pub fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~$".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_target_splits_into_path_and_decoded_query() {
        let request = Request::new("GET", "/a/b?$top=2&x=%C3%A6+y&flag", "HTTP/1.1");
        assert_eq!(request.path, "/a/b");
        assert_eq!(request.query_value("$top"), Some("2"));
        assert_eq!(request.query_value("x"), Some("æ+y"));
        assert_eq!(request.query_value("flag"), Some(""));
        assert_eq!(
            request.request_line(),
            "GET /a/b?$top=2&x=%C3%A6+y&flag HTTP/1.1"
        );
    }

    #[test]
    fn form_fields_decode_plus_and_escapes() {
        let request = Request {
            body: b"grant_type=password&username=a+b%26c&bad=%zz".to_vec(),
            ..Request::default()
        };
        assert_eq!(request.form("username").as_deref(), Some("a b&c"));
        assert_eq!(request.form("bad").as_deref(), Some("%zz"));
        assert_eq!(request.form("missing"), None);
    }

    #[test]
    fn percent_encode_keeps_only_unreserved_and_dollar() {
        assert_eq!(
            percent_encode("$pageKey=a b/ø"),
            "$pageKey%3Da%20b%2F%C3%B8"
        );
        assert_eq!(percent_decode(&percent_encode("a b/ø&=")), "a b/ø&=");
    }
}
