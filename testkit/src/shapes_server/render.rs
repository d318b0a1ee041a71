//! The shapes server's bodies in RamBase's two wire forms: JSON wrapped in a camelCase root,
//! XML with a PascalCase root and elements (one element per array item).

use serde_json::{Map, Value};

use crate::Reply;
use crate::rambase::{Wire, xml_escape, xml_unescape};

/// The fields the data set holds as decimals (their values are kept as exact text).
pub const DECIMAL_FIELDS: [&str; 2] = ["creditLimit", "discount"];

/// A successful response: `{"<root>": value}` or `<Root>...</Root>`.
///
/// In JSON, decimals go out as numbers unless `decimals_as_strings`: RamBase has been seen to
/// send both, and a client must read both.
pub fn body(
    status: u16,
    wire: Wire,
    root: &str,
    value: &Value,
    decimals_as_strings: bool,
) -> Reply {
    let text = match wire {
        Wire::Json => {
            let mut wrapped = Map::new();
            wrapped.insert(root.to_owned(), value.clone());
            json_text(&Value::Object(wrapped), decimals_as_strings)
        }
        Wire::Xml => {
            let mut xml = String::from(XML_DECLARATION);
            xml_element(&pascal(root), value, &mut xml);
            xml
        }
    };
    Reply::with_body(status, wire.content_type(), text)
}

/// A page of a list: `{"<plural>": [...], "paging": {...}}` in JSON; in XML the plural root
/// holds one element per item, then `<Paging>`:
/// `<Customers><Customer>..</Customer>..<Paging>..</Paging></Customers>`.
pub fn list_body(
    wire: Wire,
    plural: &str,
    items: Vec<Value>,
    paging: Value,
    decimals_as_strings: bool,
) -> Reply {
    let text = match wire {
        Wire::Json => {
            let mut root = Map::new();
            root.insert(plural.to_owned(), Value::Array(items));
            root.insert("paging".to_owned(), paging);
            json_text(&Value::Object(root), decimals_as_strings)
        }
        Wire::Xml => {
            let root = pascal(plural);
            let item = item_element(&root);
            let mut xml = format!("{XML_DECLARATION}<{root}>");
            for value in &items {
                xml_element(&item, value, &mut xml);
            }
            xml_element("Paging", &paging, &mut xml);
            xml.push_str(&format!("</{root}>"));
            xml
        }
    };
    Reply::with_body(200, wire.content_type(), text)
}

const XML_DECLARATION: &str = "<?xml version=\"1.0\" encoding=\"utf-8\"?>";

fn json_text(value: &Value, decimals_as_strings: bool) -> String {
    let mut text = value.to_string();
    if !decimals_as_strings {
        for field in DECIMAL_FIELDS {
            text = unquote_decimals(&text, field);
        }
    }
    text
}

/// Turns every `"field":"<decimal>"` of compact JSON text into `"field":<decimal>`, keeping
/// the digits exactly (a round trip through `f64` would change 12345678901234567.89).
fn unquote_decimals(text: &str, field: &str) -> String {
    let key = format!("\"{field}\":\"");
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find(&key) {
        let after = &rest[at + key.len()..];
        let end = after.find('"').unwrap_or(0);
        let digits = &after[..end];
        let numeric = !digits.is_empty()
            && digits
                .chars()
                .all(|c| c.is_ascii_digit() || c == '.' || c == '-');
        out.push_str(&rest[..at]);
        if numeric {
            out.push_str(&format!("\"{field}\":{digits}"));
            rest = &after[end + 1..];
        } else {
            out.push_str(&key);
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// `customerCategory` -> `CustomerCategory`: XML names are the JSON names with the first
/// letter upper-cased.
pub fn pascal(name: &str) -> String {
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// `CustomerCategory` -> `customerCategory`: the JSON name of an XML element.
pub fn camel(name: &str) -> String {
    let mut chars = name.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The element of one item of an array: objects have their object name (`<Contacts>` holds
/// `<Contact>`s, `<Customers>` holds `<Customer>`s), strings repeat the array's name
/// (`<Tags><Tags>a</Tags></Tags>`).
fn item_element(array: &str) -> String {
    match array {
        "Contacts" => "Contact".to_owned(),
        "Customers" => "Customer".to_owned(),
        other => other.to_owned(),
    }
}

/// Writes `value` as the element `name`; `null` writes nothing, an empty array `<Name />`.
fn xml_element(name: &str, value: &Value, xml: &mut String) {
    match value {
        Value::Null => {}
        Value::Object(fields) => {
            xml.push_str(&format!("<{name}>"));
            for (field, value) in fields {
                xml_element(&pascal(field), value, xml);
            }
            xml.push_str(&format!("</{name}>"));
        }
        Value::Array(items) if items.is_empty() => xml.push_str(&format!("<{name} />")),
        Value::Array(items) => {
            xml.push_str(&format!("<{name}>"));
            let item = item_element(name);
            for value in items {
                xml_element(&item, value, xml);
            }
            xml.push_str(&format!("</{name}>"));
        }
        Value::String(text) => xml.push_str(&format!("<{name}>{}</{name}>", xml_escape(text))),
        other => xml.push_str(&format!("<{name}>{other}</{name}>")),
    }
}

/// The child elements of the root `<root>` of an XML body, as (name, unescaped text) pairs;
/// `None` when the root is not `<root>`. Enough for flat request bodies such as `<Customer>`.
pub fn xml_children(body: &str, root: &str) -> Option<Vec<(String, String)>> {
    let body = body.trim();
    let body = match body.strip_prefix("<?xml") {
        Some(rest) => rest.split_once("?>")?.1.trim(),
        None => body,
    };
    let mut rest = body
        .strip_prefix(&format!("<{root}>"))?
        .strip_suffix(&format!("</{root}>"))?
        .trim();
    let mut children = Vec::new();
    while let Some(open) = rest.strip_prefix('<') {
        let (tag, after) = open.split_once('>')?;
        if let Some(name) = tag.strip_suffix('/') {
            children.push((name.trim().to_owned(), String::new()));
            rest = after.trim_start();
            continue;
        }
        let close = format!("</{tag}>");
        let end = after.find(&close)?;
        children.push((tag.to_owned(), xml_unescape(&after[..end])));
        rest = after[end + close.len()..].trim_start();
    }
    rest.is_empty().then_some(children)
}

/// The inner text of a flat XML body's root `<root>` (what lies between its tags).
pub fn xml_inner<'a>(body: &'a str, root: &str) -> Option<&'a str> {
    let start = body.find(&format!("<{root}>"))? + root.len() + 2;
    let end = body.rfind(&format!("</{root}>"))?;
    body.get(start..end)
}
