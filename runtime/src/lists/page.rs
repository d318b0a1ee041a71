//! One page of a list answer: the items and RamBase's paging object.
//!
//! A list GET answers `{"customers": [{..}, ..], "paging": {..}}` in JSON (a plural root beside
//! `paging`) and `<Customers><Customer>..</Customer>..<Paging>..</Paging></Customers>` in XML.
//! [`Page`] reads and writes both; [`Pages`](crate::Pages) follows `nextPageKey` from page to
//! page.

use quick_xml::DeError;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::errors::call_error::Failure;
use crate::http::call::Answer;
use crate::http::client::Client;
use crate::wire::body_error::BodyError;
use crate::wire::format::Format;
use crate::wire::object::{Fields, FieldsIn, Object};
use crate::wire::xml::XmlWriter;
use crate::wire::xml_de::{Node, NodeDe, inside};

/// The JSON property of the paging object, beside the list's root.
const PAGING_JSON: &str = "paging";

/// One page of a list: its items, and the paging object that says where the list goes on.
#[derive(Clone, Debug, PartialEq)]
pub struct Page<T> {
    items: Vec<T>,
    paging: Option<Paging>,
}

/// An empty page without paging (for any `T`, not only `T: Default`).
impl<T> Default for Page<T> {
    fn default() -> Self {
        Self {
            items: Vec::new(),
            paging: None,
        }
    }
}

impl<T> Page<T> {
    /// A page of `items` with `paging` (for tests and servers that answer pages).
    pub fn new(items: Vec<T>, paging: Option<Paging>) -> Self {
        Self { items, paging }
    }

    /// The items, in the order of the answer.
    pub fn items(&self) -> &[T] {
        &self.items
    }

    /// The items, unwrapped.
    pub fn into_items(self) -> Vec<T> {
        self.items
    }

    /// The paging object, if the answer had one.
    pub fn paging(&self) -> Option<&Paging> {
        self.paging.as_ref()
    }

    /// The key of the next page (`$pageKey`), or `None` on the last page.
    pub fn next_page_key(&self) -> Option<&str> {
        self.paging.as_ref()?.next_page_key.as_deref()
    }

    /// How many items the page holds.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether the page holds no items.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The items, by reference.
    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        self.items.iter()
    }
}

impl<T> IntoIterator for Page<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

impl<'a, T> IntoIterator for &'a Page<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

impl<T: Object + Serialize> Page<T> {
    /// Writes the page as a JSON list answer: `{"<root>": [..], "paging": {..}}` (no `paging`
    /// without a paging object).
    pub fn to_json_body(&self, root: &str) -> Result<Vec<u8>, serde_json::Error> {
        let mut out = Vec::with_capacity(256);
        out.push(b'{');
        serde_json::to_writer(&mut out, root)?;
        out.push(b':');
        // Decimals as the numbers they are, as in every body (see `json::to_json_body`).
        crate::wire::decimal::with_raw_numbers(|| serde_json::to_writer(&mut out, &self.items))?;
        if let Some(paging) = &self.paging {
            out.push(b',');
            serde_json::to_writer(&mut out, PAGING_JSON)?;
            out.push(b':');
            serde_json::to_writer(&mut out, paging)?;
        }
        out.push(b'}');
        Ok(out)
    }
}

impl<T: Object> Page<T> {
    /// Writes the page as an XML list answer: `<root>`, one `<T::NAME>` element per item, then
    /// `<Paging>` (left out without a paging object), then `</root>`.
    ///
    /// A paging object with no property set is an empty `<Paging></Paging>`, which reads back
    /// as no paging object (in XML an empty element is an absent value).
    pub fn to_xml_body(&self, root: &str) -> Vec<u8> {
        let mut w = XmlWriter::new();
        w.start(root);
        for item in &self.items {
            w.child(T::NAME, item);
        }
        if let Some(paging) = &self.paging {
            w.child(Paging::NAME, paging);
        }
        w.end(root);
        w.into_string().into_bytes()
    }
}

impl<T: Object + DeserializeOwned> Page<T> {
    /// Reads a JSON list answer: the array under `root` and the `paging` object beside it
    /// (missing or `null`: no paging). A root that is not an array is an error.
    pub fn from_json_body(root: &str, bytes: &[u8]) -> Result<Self, BodyError> {
        let mut object = crate::wire::json::object_body(bytes)?;
        let items = crate::wire::json::take_root(&mut object, root)?;
        let items: Vec<T> = crate::wire::json::read_raw(items)?;
        let paging = match object.remove(PAGING_JSON) {
            Some(paging) => crate::wire::json::read_raw::<Option<Paging>>(paging)?,
            None => None,
        };
        Ok(Self { items, paging })
    }

    /// Reads an XML list answer (the root element's name is not checked): each child named
    /// `T::NAME` is an item, a `Paging` child is the paging object. Any other child, or text
    /// in the root, means the body is not this list: an error.
    pub fn from_xml_body(bytes: &[u8]) -> Result<Self, BodyError> {
        let root = crate::wire::xml::parse_body(bytes)?;
        Self::from_xml_root(&root).map_err(|e| BodyError::Xml(inside(&root.name, e)))
    }

    fn from_xml_root(root: &Node) -> Result<Self, DeError> {
        if root.text().is_some() {
            return Err(DeError::Custom(format!(
                "expected a list of <{}>, found text",
                T::NAME
            )));
        }
        let mut page = Self::default();
        for child in &root.children {
            let read = NodeDe(child);
            if child.name == T::NAME {
                page.items
                    .push(T::deserialize(read).map_err(|e| inside(&child.name, e))?);
            } else if child.name == Paging::NAME {
                page.paging =
                    Option::<Paging>::deserialize(read).map_err(|e| inside(&child.name, e))?;
            } else {
                return Err(DeError::Custom(format!(
                    "expected a list of <{}>, found <{}>",
                    T::NAME,
                    crate::values::text::bounded(&child.name, 40)
                )));
            }
        }
        Ok(page)
    }
}

/// A list answer, in the client's format; `root` is the JSON root of the list (`customers`).
impl<T: Object + DeserializeOwned + Send + 'static> Answer for Page<T> {
    type Output = Page<T>;

    fn decode(client: &Client, status: u16, body: &[u8], root: &str) -> Result<Self, Failure> {
        let decoded = if body.iter().all(u8::is_ascii_whitespace) {
            Err("the body is empty".to_owned())
        } else {
            match client.format() {
                Format::Json => Self::from_json_body(root, body).map_err(|e| e.to_string()),
                Format::Xml => Self::from_xml_body(body).map_err(|e| e.to_string()),
            }
        };
        decoded.map_err(|reason| client.decode_error(status, body, reason))
    }
}

/// RamBase's paging object: where a page lies in its list, and the keys (and links) of the
/// pages around it. Every property is optional; unknown ones are ignored.
///
/// JSON names are first-letter-lower-cased (`pageSize`, `nextPageKey`), XML names PascalCase
/// (`PageSize`, `NextPageKey`); either is read in both formats.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Paging {
    /// The index of the page's first item in the list.
    pub position: Option<i64>,
    /// The index of the page.
    pub page: Option<i64>,
    /// The page size in effect (`$top`).
    pub page_size: Option<i64>,
    /// The number of items in the whole list (only with `$inlinecount=allpages`).
    pub size: Option<i64>,
    /// The key of the first page.
    pub first_page_key: Option<String>,
    /// The link of the first page.
    pub first_page: Option<String>,
    /// The key of the previous page.
    pub previous_page_key: Option<String>,
    /// The link of the previous page.
    pub previous_page: Option<String>,
    /// The key of the next page (`$pageKey`); absent on the last page.
    pub next_page_key: Option<String>,
    /// The link of the next page.
    pub next_page: Option<String>,
    /// The key of the last page.
    pub last_page_key: Option<String>,
    /// The link of the last page.
    pub last_page: Option<String>,
}

impl Object for Paging {
    const NAME: &'static str = "Paging";
    type Builder = Self;

    fn write<W: Fields>(&self, w: &mut W) {
        w.field("Position", "position", &self.position);
        w.field("Page", "page", &self.page);
        w.field("PageSize", "pageSize", &self.page_size);
        w.field("Size", "size", &self.size);
        w.field("FirstPageKey", "firstPageKey", &self.first_page_key);
        w.field("FirstPage", "firstPage", &self.first_page);
        w.field(
            "PreviousPageKey",
            "previousPageKey",
            &self.previous_page_key,
        );
        w.field("PreviousPage", "previousPage", &self.previous_page);
        w.field("NextPageKey", "nextPageKey", &self.next_page_key);
        w.field("NextPage", "nextPage", &self.next_page);
        w.field("LastPageKey", "lastPageKey", &self.last_page_key);
        w.field("LastPage", "lastPage", &self.last_page);
    }

    fn read<R: FieldsIn>(b: &mut Self, r: &mut R) {
        r.field("Position", "position", &mut b.position);
        r.field("Page", "page", &mut b.page);
        r.field("PageSize", "pageSize", &mut b.page_size);
        r.field("Size", "size", &mut b.size);
        r.field("FirstPageKey", "firstPageKey", &mut b.first_page_key);
        r.field("FirstPage", "firstPage", &mut b.first_page);
        r.field(
            "PreviousPageKey",
            "previousPageKey",
            &mut b.previous_page_key,
        );
        r.field("PreviousPage", "previousPage", &mut b.previous_page);
        r.field("NextPageKey", "nextPageKey", &mut b.next_page_key);
        r.field("NextPage", "nextPage", &mut b.next_page);
        r.field("LastPageKey", "lastPageKey", &mut b.last_page_key);
        r.field("LastPage", "lastPage", &mut b.last_page);
    }
}
crate::impl_serde!(Paging);
