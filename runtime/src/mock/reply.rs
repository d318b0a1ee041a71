//! What a stub answers, rendered in the format the request asks for.

use std::ops::Range;
use std::sync::Arc;

use serde::Serialize;

use crate::lists::page::{Page, Paging};
use crate::mock::request::Received;
use crate::wire::format::Format;
use crate::wire::object::Object;

/// An answer ready to send: status, content type and body.
pub(crate) struct Rendered {
    pub(crate) status: u16,
    pub(crate) content_type: &'static str,
    pub(crate) body: Vec<u8>,
}

const JSON: &str = "application/json; charset=utf-8";
const XML: &str = "application/xml; charset=utf-8";

/// A stub's answer.
pub(crate) enum Reply {
    /// The status with no body.
    Status(u16),
    /// The body as given.
    Raw(u16, &'static str, Vec<u8>),
    /// A model, rendered once in both formats.
    Object {
        status: u16,
        json: Vec<u8>,
        xml: Vec<u8>,
    },
    /// RamBase's error body.
    Error {
        status: u16,
        code: u64,
        message: String,
    },
    /// A paged list.
    Pages {
        source: PageSource,
        page_size: usize,
        max_top: usize,
    },
    /// No answer: the connection is closed.
    Cut,
}

impl Reply {
    pub(crate) fn object<T: Object + Serialize>(status: u16, root: &str, value: &T) -> Self {
        // A model of the generated crate always serializes (its fields are plain values).
        let json = crate::wire::json::to_json_body(root, value).unwrap_or_default();
        let xml = crate::wire::xml::to_xml_body(T::NAME, value);
        Reply::Object { status, json, xml }
    }

    /// The answer to `request` (`base` is the server's URL, for the paging links, `success`
    /// the stub's success status, `faults` the pages it fails); `None` for a cut connection.
    pub(crate) fn render(
        &self,
        request: &Received,
        base: &str,
        success: u16,
        faults: &[(usize, Reply)],
    ) -> Option<Rendered> {
        let xml = request.answer_format() == Format::Xml;
        Some(match self {
            Reply::Status(status) => Rendered::empty(*status),
            Reply::Raw(status, content_type, body) => Rendered {
                status: *status,
                content_type,
                body: body.clone(),
            },
            Reply::Object {
                status,
                json,
                xml: x,
            } => Rendered::new(*status, xml, if xml { x.clone() } else { json.clone() }),
            Reply::Error {
                status,
                code,
                message,
            } => error(*status, Some(*code), message, xml),
            Reply::Pages {
                source,
                page_size,
                max_top,
            } => return source.answer(request, base, (success, faults), (*page_size, *max_top)),
            Reply::Cut => return None,
        })
    }
}

impl Rendered {
    fn new(status: u16, xml: bool, body: Vec<u8>) -> Self {
        let content_type = if xml { XML } else { JSON };
        Self {
            status,
            content_type,
            body,
        }
    }

    pub(crate) fn empty(status: u16) -> Self {
        Self {
            status,
            content_type: JSON,
            body: Vec::new(),
        }
    }

    pub(crate) fn json(status: u16, value: &serde_json::Value) -> Self {
        Self::new(status, false, value.to_string().into_bytes())
    }
}

/// RamBase's error body (not wrapped in a root), in JSON or XML. The mock has one language, so
/// the translated message is the message.
pub(crate) fn error(status: u16, code: Option<u64>, message: &str, xml: bool) -> Rendered {
    let description = http_description(status);
    if xml {
        let mut w = crate::wire::xml::XmlWriter::new();
        w.start("Error");
        w.element("HttpStatusCode", &i64::from(status));
        w.element("HttpStatusDescription", description);
        w.element("Message", message);
        w.element("TranslatedMessage", message);
        if let Some(code) = code {
            w.start("ErrorMessage");
            w.element("ErrorMessageId", &code.to_string());
            w.end("ErrorMessage");
        }
        w.end("Error");
        return Rendered::new(status, true, w.into_string().into_bytes());
    }
    let mut body = serde_json::json!({
        "httpStatusCode": status,
        "httpStatusDescription": description,
        "message": message,
        "translatedMessage": message,
    });
    if let Some(code) = code {
        body["errorMessage"] = serde_json::json!({ "errorMessageId": code.to_string() });
    }
    Rendered::json(status, &body)
}

fn http_description(status: u16) -> &'static str {
    match status {
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        409 => "Conflict",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Error",
    }
}

/// The items of a list stub, rendered a page at a time.
#[derive(Clone)]
pub(crate) struct PageSource(Arc<dyn Pager>);

trait Pager: Send + Sync {
    fn len(&self) -> usize;
    fn render(&self, range: Range<usize>, paging: Paging, xml: bool) -> Vec<u8>;
}

struct Items<T> {
    root: &'static str,
    items: Vec<T>,
}

impl<T: Object + Serialize + Clone + Send + Sync> Pager for Items<T> {
    fn len(&self) -> usize {
        self.items.len()
    }

    fn render(&self, range: Range<usize>, paging: Paging, xml: bool) -> Vec<u8> {
        let page = Page::new(self.items[range].to_vec(), Some(paging));
        if xml {
            page.to_xml_body(&capitalized(self.root))
        } else {
            page.to_json_body(self.root).unwrap_or_default()
        }
    }
}

/// `customers` → `Customers`: the XML root of a list is its JSON root, PascalCase.
fn capitalized(root: &str) -> String {
    let mut chars = root.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

impl PageSource {
    pub(crate) fn new<T>(root: &'static str, items: Vec<T>) -> Self
    where
        T: Object + Serialize + Clone + Send + Sync + 'static,
    {
        Self(Arc::new(Items { root, items }))
    }

    /// The page `request` asks for (`$pageKey`, `$top`), or the stub's fault for that page
    /// (`stub`: its success status and page faults, page 1 the first in pages of the size the
    /// request asks for), or RamBase's 400 for a `$top` over the maximum or a key the mock
    /// did not hand out.
    fn answer(
        &self,
        request: &Received,
        base: &str,
        stub: (u16, &[(usize, Reply)]),
        sizes: (usize, usize),
    ) -> Option<Rendered> {
        let (success, faults) = stub;
        let (offset, size) = match self.window(request, sizes) {
            Ok(window) => window,
            Err(refused) => return Some(refused),
        };
        if let Some((_, fault)) = faults.iter().find(|(page, _)| *page == offset / size + 1) {
            return fault.render(request, base, success, &[]);
        }
        let xml = request.answer_format() == Format::Xml;
        let paging = paging(request, base, offset, size, self.0.len());
        let end = (offset + size).min(self.0.len());
        Some(Rendered::new(
            success,
            xml,
            self.0.render(offset..end, paging, xml),
        ))
    }

    /// The offset and size of the page `request` asks for.
    fn window(
        &self,
        request: &Received,
        sizes: (usize, usize),
    ) -> Result<(usize, usize), Rendered> {
        let xml = request.answer_format() == Format::Xml;
        let size = match request.query_value("$top") {
            None => sizes.0,
            Some(top) => match top.parse::<usize>() {
                Ok(top) if (1..=sizes.1).contains(&top) => top,
                _ => {
                    let message = format!("$top must be a number from 1 to {}, not {top}", sizes.1);
                    return Err(error(400, None, &message, xml));
                }
            },
        };
        let offset = match request.query_value("$pageKey").map(decode_key) {
            None => 0,
            Some(Some(offset)) if offset <= self.0.len() => offset,
            Some(_) => return Err(error(400, None, "The $pageKey is not valid", xml)),
        };
        Ok((offset, size))
    }
}

/// The key of the page starting at `offset`: opaque to clients (they must only send it back).
pub(crate) fn encode_key(offset: usize) -> String {
    format!("mk{:x}", (offset as u64) ^ KEY_MASK)
}

fn decode_key(key: &str) -> Option<usize> {
    let hex = key.strip_prefix("mk")?;
    usize::try_from(u64::from_str_radix(hex, 16).ok()? ^ KEY_MASK).ok()
}

const KEY_MASK: u64 = 0x5a5a_0000;

/// RamBase's paging object of the page at `offset` of `size` items in a list of `len`.
fn paging(request: &Received, base: &str, offset: usize, size: usize, len: usize) -> Paging {
    let link = |at: usize| {
        let key = encode_key(at);
        (Some(key.clone()), Some(page_link(request, base, &key)))
    };
    let last_at = if len == 0 {
        0
    } else {
        offset + (len.saturating_sub(1 + offset) / size) * size
    };
    let mut p = Paging {
        position: i64::try_from(offset).ok(),
        page: i64::try_from(offset / size).ok(),
        page_size: i64::try_from(size).ok(),
        ..Paging::default()
    };
    if request
        .query_value("$inlinecount")
        .is_some_and(|v| v.eq_ignore_ascii_case("allpages"))
    {
        p.size = i64::try_from(len).ok();
    }
    (p.first_page_key, p.first_page) = link(0);
    if offset > 0 {
        (p.previous_page_key, p.previous_page) = link(offset.saturating_sub(size));
    }
    if offset + size < len {
        (p.next_page_key, p.next_page) = link(offset + size);
    }
    (p.last_page_key, p.last_page) = link(last_at);
    p
}

/// The request's own URL with `$pageKey` set to `key`.
fn page_link(request: &Received, base: &str, key: &str) -> String {
    let mut url = format!("{base}{}?", request.path);
    for (name, value) in request.query.iter().filter(|(n, _)| n != "$pageKey") {
        crate::wire::url::percent_encode_into(name, &mut url, true);
        url.push('=');
        crate::wire::url::percent_encode_into(value, &mut url, false);
        url.push('&');
    }
    url.push_str("$pageKey=");
    url.push_str(key);
    url
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_keys_round_trip_and_refuse_strangers() {
        for offset in [0, 1, 10, 79, 50_000] {
            assert_eq!(decode_key(&encode_key(offset)), Some(offset));
        }
        assert_eq!(decode_key("10"), None);
        assert_eq!(decode_key("mkzz"), None);
    }
}
