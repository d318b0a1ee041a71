//! The XML reader: a document is parsed into a small element tree, then read through serde's
//! `Deserializer` over a tree node.
//!
//! Going through a tree (instead of quick-xml's streaming deserializer) lets a list element's
//! children be its items whatever their names, which is how [`XmlWriter`](crate::wire::xml::XmlWriter)
//! writes lists (`<Phones><Phone>..</Phone></Phones>`, `<Tags><Tags>a</Tags></Tags>`).

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use quick_xml::DeError;
use quick_xml::events::{BytesRef, BytesStart, Event};
use serde::de::value::BorrowedStrDeserializer;
use serde::de::{
    self, DeserializeSeed, IntoDeserializer, MapAccess, SeqAccess, Unexpected, Visitor,
};

/// The newtype name through which an optional field of a type with an empty value (text, a
/// list, an object) asks to read an empty element as that empty value, and only a nil one as
/// absent. Every other reader treats it as an ordinary newtype, which is its content. Plain
/// serde types do not ask, and read an empty element as absent, as before.
pub(crate) const EMPTY_IS_VALUE: &str = "$rambase::EmptyIsValue";

/// How deep elements may nest: deeper input is refused, so hostile input cannot exhaust the
/// stack of the (recursive) deserializer.
pub(crate) const MAX_DEPTH: usize = 128;

/// One element: its local name, its text and its child elements. Of the attributes, only
/// `nil` (`i:nil="true"`, XML Schema's null, as .NET writes it) is kept.
#[derive(Debug, Default, Clone, PartialEq)]
pub(crate) struct Node {
    pub(crate) name: String,
    /// `i:nil="true"`: the value is null, where an empty element is an empty value.
    nil: bool,
    text: String,
    /// Whether the element holds more than literal whitespace (CDATA and references count:
    /// `<A>&#xA;</A>` is a line feed, `<A>\n</A>` is nothing).
    has_text: bool,
    pub(crate) children: Vec<Node>,
}

/// What an element holds, as the deserializer sees it.
enum Content<'a> {
    /// `i:nil="true"`: null, an absent value.
    Nil,
    /// Nothing but whitespace. An optional field of a model reads it as the empty value of its
    /// type (the empty string, list or object, like `""`, `[]` or `{}` in JSON) if the type
    /// has one, else as absent; a plain serde `Option` reads it as absent.
    Empty,
    Text(&'a str),
    Children(&'a [Node]),
}

impl Node {
    fn content(&self) -> Content<'_> {
        if self.nil {
            Content::Nil
        } else if !self.children.is_empty() {
            Content::Children(&self.children)
        } else if self.has_text {
            Content::Text(&self.text)
        } else {
            Content::Empty
        }
    }

    /// The element's text, when it has no child elements.
    pub(crate) fn text(&self) -> Option<&str> {
        match self.content() {
            Content::Text(text) => Some(text),
            _ => None,
        }
    }
}

/// Parses a document (without BOM) into its root element.
pub(crate) fn parse(text: &str) -> Result<Node, DeError> {
    let mut reader = quick_xml::Reader::from_str(text);
    let mut tree = Tree::default();
    loop {
        match reader.read_event()? {
            Event::Eof => break,
            Event::Start(start) => tree.open(&start)?,
            Event::Empty(start) => {
                tree.open(&start)?;
                tree.close()?;
            }
            Event::End(_) => tree.close()?,
            Event::Text(t) => tree.text(&t.xml10_content(), false)?,
            Event::CData(t) => tree.text(&t.xml10_content(), true)?,
            Event::GeneralRef(r) => tree.text(&resolve(&r)?, true)?,
            _ => {}
        }
    }
    if !tree.open.is_empty() {
        return Err(DeError::UnexpectedEof);
    }
    tree.root
        .ok_or_else(|| DeError::Custom("the XML body has no root element".to_owned()))
}

/// The elements being read (innermost last) and the root once it is closed.
#[derive(Default)]
struct Tree {
    open: Vec<Node>,
    root: Option<Node>,
}

impl Tree {
    fn open(&mut self, start: &BytesStart<'_>) -> Result<(), DeError> {
        if self.open.is_empty() && self.root.is_some() {
            return Err(DeError::Custom(
                "the XML body has more than one root element".to_owned(),
            ));
        }
        if self.open.len() >= MAX_DEPTH {
            return Err(DeError::TooDeeplyNested(MAX_DEPTH));
        }
        let name = start.local_name().as_ref().to_owned();
        self.open.push(Node {
            name,
            nil: is_nil(start),
            ..Node::default()
        });
        Ok(())
    }

    fn close(&mut self) -> Result<(), DeError> {
        let node = self
            .open
            .pop()
            .ok_or_else(|| DeError::Custom("an end tag closes nothing".to_owned()))?;
        match self.open.last_mut() {
            Some(parent) => parent.children.push(node),
            None => self.root = Some(node),
        }
        Ok(())
    }

    fn text(&mut self, text: &str, significant: bool) -> Result<(), DeError> {
        let significant = significant || !text.trim().is_empty();
        match self.open.last_mut() {
            Some(node) => {
                node.text.push_str(text);
                node.has_text |= significant;
                Ok(())
            }
            None if significant => Err(DeError::Custom(
                "the XML body has text outside its root element".to_owned(),
            )),
            None => Ok(()),
        }
    }
}

/// Whether the element has XML Schema's `nil="true"` (any prefix, `1` too). A malformed
/// attribute list is not nil; the reader reports real syntax errors elsewhere.
fn is_nil(start: &BytesStart<'_>) -> bool {
    start.attributes().flatten().any(|attribute| {
        attribute.key.local_name().as_ref() == "nil"
            && matches!(attribute.value.as_ref(), "true" | "1")
    })
}

/// The text of a character reference or of one of XML's five predefined entities.
fn resolve(reference: &BytesRef<'_>) -> Result<String, DeError> {
    if let Some(c) = reference.resolve_char_ref()? {
        return Ok(c.to_string());
    }
    let name = reference.xml10_content();
    quick_xml::escape::resolve_predefined_entity(&name)
        .map(str::to_owned)
        .ok_or_else(|| DeError::Custom(format!("unknown entity `&{};`", bounded(&name))))
}

fn bounded(text: &str) -> String {
    crate::values::text::bounded(text, 40)
}

/// Puts the element's name in front of an error raised inside it, so a message reads
/// `<Contacts>: <Contact>: <ContactId>: ...`.
pub(crate) fn inside(name: &str, error: DeError) -> DeError {
    DeError::Custom(format!("<{}>: {error}", bounded(name)))
}

/// serde's `Deserializer` over one element.
///
/// An element with children reads as a map of its children (or, as a list, as its children
/// whatever their names), an element with text as a scalar parsed from the text, an empty
/// element as `None` (or as an empty map or list, or the empty string).
#[derive(Clone, Copy)]
pub(crate) struct NodeDe<'de>(pub(crate) &'de Node);

impl<'de> NodeDe<'de> {
    /// The text of a scalar: an element with children is not one.
    fn scalar<V: Visitor<'de>>(self, visitor: &V) -> Result<&'de str, DeError> {
        match self.0.content() {
            // A leaf's whitespace is its text (`<Note>  </Note>` is two spaces).
            Content::Empty => Ok(&self.0.text),
            Content::Nil => Err(de::Error::invalid_type(Unexpected::Unit, visitor)),
            Content::Text(text) => Ok(text),
            Content::Children(_) => Err(de::Error::invalid_type(Unexpected::Map, visitor)),
        }
    }

    /// Parses the (trimmed) text of a number or a boolean; an empty element is not one.
    fn parse<N: FromStr, V: Visitor<'de>>(self, visitor: &V) -> Result<N, DeError> {
        let text = self.scalar(visitor)?.trim();
        text.parse().map_err(|_| {
            let shown = match text {
                "" => "an empty element".to_owned(),
                text => format!("`{}`", bounded(text)),
            };
            DeError::Custom(format!("expected {}, found {shown}", Expecting(visitor)))
        })
    }
}

/// A visitor's `expecting`, as text.
struct Expecting<'a, V>(&'a V);

impl<'de, V: Visitor<'de>> fmt::Display for Expecting<'_, V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.expecting(f)
    }
}

/// `true`/`false`, and XML Schema's `1`/`0`.
struct XmlBool(bool);

impl FromStr for XmlBool {
    type Err = ();
    fn from_str(text: &str) -> Result<Self, ()> {
        match text {
            "true" | "1" => Ok(Self(true)),
            "false" | "0" => Ok(Self(false)),
            _ => Err(()),
        }
    }
}

macro_rules! parse_numbers {
    ($($method:ident => $visit:ident($ty:ty)),* $(,)?) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
            let value: $ty = self.parse(&visitor)?;
            visitor.$visit(value)
        }
    )*};
}

impl<'de> de::Deserializer<'de> for NodeDe<'de> {
    type Error = DeError;

    /// What a value of unknown type is (a `serde_json::Value`, say): a map of the children
    /// (repeated names grouped into a list), the text (empty for an empty element), or null.
    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match self.0.content() {
            Content::Nil => visitor.visit_unit(),
            Content::Empty => visitor.visit_borrowed_str(&self.0.text),
            Content::Text(text) => visitor.visit_borrowed_str(text),
            Content::Children(children) => visitor.visit_map(Grouped::new(children)),
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let XmlBool(value) = self.parse(&visitor)?;
        visitor.visit_bool(value)
    }

    parse_numbers!(
        deserialize_i8 => visit_i8(i8),
        deserialize_i16 => visit_i16(i16),
        deserialize_i32 => visit_i32(i32),
        deserialize_i64 => visit_i64(i64),
        deserialize_i128 => visit_i128(i128),
        deserialize_u8 => visit_u8(u8),
        deserialize_u16 => visit_u16(u16),
        deserialize_u32 => visit_u32(u32),
        deserialize_u64 => visit_u64(u64),
        deserialize_u128 => visit_u128(u128),
        deserialize_f32 => visit_f32(f32),
        deserialize_f64 => visit_f64(f64),
    );

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let text = self.scalar(&visitor)?;
        let mut chars = text.chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) => visitor.visit_char(c),
            _ => Err(de::Error::invalid_value(Unexpected::Str(text), &visitor)),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let text = self.scalar(&visitor)?;
        visitor.visit_borrowed_str(text)
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let text = self.scalar(&visitor)?;
        visitor.visit_borrowed_bytes(text.as_bytes())
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_bytes(visitor)
    }

    /// A nil or empty element is absent (but see [`EMPTY_IS_VALUE`]).
    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match self.0.content() {
            Content::Nil | Content::Empty => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match self.0.content() {
            Content::Empty | Content::Nil => visitor.visit_unit(),
            Content::Text(text) => Err(de::Error::invalid_type(Unexpected::Str(text), &visitor)),
            Content::Children(_) => Err(de::Error::invalid_type(Unexpected::Map, &visitor)),
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        self.deserialize_unit(visitor)
    }

    /// [`EMPTY_IS_VALUE`] asks for an option whose empty element is an empty value and whose
    /// nil element is absent; any other newtype is its content.
    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        match self.0.content() {
            Content::Nil if name == EMPTY_IS_VALUE => visitor.visit_none(),
            Content::Empty if name == EMPTY_IS_VALUE => visitor.visit_some(self),
            _ => visitor.visit_newtype_struct(self),
        }
    }

    /// The children are the items, whatever their names.
    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match self.0.content() {
            Content::Text(text) => Err(de::Error::invalid_type(Unexpected::Str(text), &visitor)),
            _ => visitor.visit_seq(Items(self.0.children.iter())),
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _: usize, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        self.deserialize_seq(visitor)
    }

    /// The children, one entry each, by name.
    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match self.0.content() {
            Content::Text(text) => Err(de::Error::invalid_type(Unexpected::Str(text), &visitor)),
            _ => visitor.visit_map(Children {
                nodes: self.0.children.iter(),
                value: None,
            }),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        self.deserialize_map(visitor)
    }

    /// A unit variant, from the text (`<Kind>Business</Kind>`).
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        let text = self.scalar(&visitor)?;
        visitor.visit_enum(IntoDeserializer::<DeError>::into_deserializer(text))
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        visitor.visit_unit()
    }
}

/// Elements as list items: the children of a list element, or a run of same-named ones.
struct Items<I>(I);

impl<'de, I: ExactSizeIterator<Item = &'de Node>> SeqAccess<'de> for Items<I> {
    type Error = DeError;

    fn next_element_seed<S: DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<Option<S::Value>, DeError> {
        match self.0.next() {
            Some(node) => seed
                .deserialize(NodeDe(node))
                .map(Some)
                .map_err(|e| inside(&node.name, e)),
            None => Ok(None),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.0.len())
    }
}

/// The children of an element as map entries, in document order.
struct Children<'de> {
    nodes: std::slice::Iter<'de, Node>,
    value: Option<&'de Node>,
}

impl<'de> MapAccess<'de> for Children<'de> {
    type Error = DeError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, DeError> {
        let Some(node) = self.nodes.next() else {
            return Ok(None);
        };
        self.value = Some(node);
        seed.deserialize(BorrowedStrDeserializer::new(&node.name))
            .map(Some)
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, DeError> {
        let node = self.value.take().ok_or(DeError::KeyNotRead)?;
        seed.deserialize(NodeDe(node))
            .map_err(|e| inside(&node.name, e))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.nodes.len())
    }
}

/// The children of an element for a value of unknown type: one entry per name, in order of
/// first appearance, the elements of a repeated name grouped into a list.
struct Grouped<'de> {
    groups: std::vec::IntoIter<(&'de str, Vec<&'de Node>)>,
    value: Option<Vec<&'de Node>>,
}

impl<'de> Grouped<'de> {
    fn new(children: &'de [Node]) -> Self {
        let mut index = BTreeMap::<&str, usize>::new();
        let mut groups: Vec<(&str, Vec<&Node>)> = Vec::new();
        for node in children {
            match index.get(node.name.as_str()) {
                Some(&at) => groups[at].1.push(node),
                None => {
                    index.insert(&node.name, groups.len());
                    groups.push((&node.name, vec![node]));
                }
            }
        }
        Self {
            groups: groups.into_iter(),
            value: None,
        }
    }
}

impl<'de> MapAccess<'de> for Grouped<'de> {
    type Error = DeError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, DeError> {
        let Some((name, nodes)) = self.groups.next() else {
            return Ok(None);
        };
        self.value = Some(nodes);
        seed.deserialize(BorrowedStrDeserializer::new(name))
            .map(Some)
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, DeError> {
        match self.value.take().as_deref() {
            Some([node]) => seed
                .deserialize(NodeDe(node))
                .map_err(|e| inside(&node.name, e)),
            Some(nodes) => seed.deserialize(Group(nodes.to_vec())),
            None => Err(DeError::KeyNotRead),
        }
    }
}

/// Elements of the same name under one parent, read as a list.
struct Group<'de>(Vec<&'de Node>);

impl<'de> de::Deserializer<'de> for Group<'de> {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        visitor.visit_seq(Items(self.0.into_iter()))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map struct enum
        identifier ignored_any
    }
}
