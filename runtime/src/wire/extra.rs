//! Custom fields and properties a model does not declare, kept so that nothing a response
//! carries is lost and a request can send what its generated model does not know.

use std::borrow::Cow;
use std::slice;

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::wire::xml::XmlWriter;

/// Custom fields and properties this version of the model does not declare, in the order they
/// were read or inserted.
///
/// Names are kept in JSON form, first letter lower-cased as RamBase writes every JSON name
/// (`customRef`), at every level of nested objects; XML uses the same names with the first
/// letter upper-cased (`CustomRef`). Names given to [`get`](Self::get),
/// [`insert`](Self::insert) and [`remove`](Self::remove) are taken either way.
///
/// On the wire the extras follow the declared fields. In XML a string, number or boolean is the
/// text of an element, an object its child elements, a list one element per item, and `null`
/// nothing; a name that cannot be an XML element name is left out of XML. Reading XML gives
/// back text as strings, and a list of one item as that item. A JSON number whose digits or
/// scale a float would change (`10.00`, `12345678901234567.89`) is kept the same way, as its
/// text, so it is never rounded: [`get_as`](Self::get_as) reads it as a number or a
/// [`Decimal`](crate::Decimal).
///
/// ```
/// use rambase_runtime::ExtraFields;
///
/// let mut extra = ExtraFields::new();
/// extra.insert("CustomRef", "A-17");
/// extra.insert("discount", 5);
/// assert_eq!(extra.get("customRef"), Some(&"A-17".into()));
/// assert_eq!(extra.get_as::<u32>("Discount").unwrap(), Some(5));
/// assert_eq!(extra.iter().map(|(name, _)| name).collect::<Vec<_>>(), ["customRef", "discount"]);
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ExtraFields {
    entries: Vec<(String, Value)>,
}

impl ExtraFields {
    /// No extras.
    pub fn new() -> Self {
        Self::default()
    }

    /// The value of `name`.
    pub fn get(&self, name: &str) -> Option<&Value> {
        let name = json_name(name);
        self.entries
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, value)| value)
    }

    /// The value of `name` as a `T`: `Ok(None)` if there is none, an error if it is not a `T`.
    ///
    /// Text that is not a `T` is also read as the JSON it spells: XML gives every value as
    /// text (`"5"`, `"true"`), and a JSON number whose scale a float would drop is kept as its
    /// digits (`"10.00"`), so `get_as::<f64>` and `get_as::<u32>` read those, while
    /// `get_as::<Decimal>` keeps the scale.
    pub fn get_as<T: DeserializeOwned>(&self, name: &str) -> Result<Option<T>, serde_json::Error> {
        let Some(value) = self.get(name) else {
            return Ok(None);
        };
        match (T::deserialize(value), value) {
            (Ok(read), _) => Ok(Some(read)),
            (Err(error), Value::String(text)) => {
                serde_json::from_str(text).map(Some).map_err(|_| error)
            }
            (Err(error), _) => Err(error),
        }
    }

    /// Sets `name` to `value`, replacing (in place) and returning an earlier value.
    pub fn insert(&mut self, name: impl Into<String>, value: impl Into<Value>) -> Option<Value> {
        let name = json_name(&name.into()).into_owned();
        let value = normalized(value.into());
        match self.entries.iter_mut().find(|(n, _)| *n == name) {
            Some(entry) => Some(std::mem::replace(&mut entry.1, value)),
            None => {
                self.entries.push((name, value));
                None
            }
        }
    }

    /// Removes `name`, returning its value.
    pub fn remove(&mut self, name: &str) -> Option<Value> {
        let name = json_name(name);
        let index = self.entries.iter().position(|(n, _)| *n == name)?;
        Some(self.entries.remove(index).1)
    }

    /// The extras, by name, in order.
    pub fn iter(&self) -> ExtraFieldsIter<'_> {
        ExtraFieldsIter(self.entries.iter())
    }

    /// How many there are.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Adds a property read from the wire; one repeated (XML repeats an element per list item)
    /// becomes a list.
    pub(crate) fn append(&mut self, name: &str, value: Value) {
        let name = json_name(name);
        let value = normalized(value);
        match self.entries.iter_mut().find(|(n, _)| *n == name) {
            Some((_, Value::Array(items))) => items.push(value),
            Some((_, earlier)) => *earlier = Value::Array(vec![earlier.take(), value]),
            None => self.entries.push((name.into_owned(), value)),
        }
    }
}

/// The extras of [`ExtraFields::iter`]: name and value.
#[derive(Clone, Debug)]
pub struct ExtraFieldsIter<'a>(slice::Iter<'a, (String, Value)>);

impl<'a> Iterator for ExtraFieldsIter<'a> {
    type Item = (&'a str, &'a Value);

    fn next(&mut self) -> Option<Self::Item> {
        self.0.next().map(|(name, value)| (name.as_str(), value))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
}

impl<'a> IntoIterator for &'a ExtraFields {
    type Item = (&'a str, &'a Value);
    type IntoIter = ExtraFieldsIter<'a>;

    fn into_iter(self) -> ExtraFieldsIter<'a> {
        self.iter()
    }
}

impl IntoIterator for ExtraFields {
    type Item = (String, Value);
    type IntoIter = std::vec::IntoIter<(String, Value)>;

    fn into_iter(self) -> Self::IntoIter {
        self.entries.into_iter()
    }
}

/// Collects extras like repeated [`insert`](ExtraFields::insert)s.
impl<K: Into<String>, V: Into<Value>> FromIterator<(K, V)> for ExtraFields {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        let mut extra = Self::new();
        extra.extend(iter);
        extra
    }
}

impl<K: Into<String>, V: Into<Value>> Extend<(K, V)> for ExtraFields {
    fn extend<I: IntoIterator<Item = (K, V)>>(&mut self, iter: I) {
        for (name, value) in iter {
            self.insert(name, value);
        }
    }
}

/// `name` with its first letter lower-cased: RamBase's JSON form of a documented name.
fn json_name(name: &str) -> Cow<'_, str> {
    with_first(name, u8::is_ascii_uppercase, char::to_ascii_lowercase)
}

/// `name` with its first letter upper-cased: the documented (XML) form of a JSON name.
fn xml_name(name: &str) -> Cow<'_, str> {
    with_first(name, u8::is_ascii_lowercase, char::to_ascii_uppercase)
}

fn with_first(name: &str, test: fn(&u8) -> bool, map: fn(&char) -> char) -> Cow<'_, str> {
    let mut chars = name.chars();
    match chars.next() {
        Some(first) if name.as_bytes().first().is_some_and(test) => {
            Cow::Owned(format!("{}{}", map(&first), chars.as_str()))
        }
        _ => Cow::Borrowed(name),
    }
}

/// `value` with the names of its objects, at every level, in JSON form.
fn normalized(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(name, value)| (json_name(&name).into_owned(), normalized(value)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(normalized).collect()),
        other => other,
    }
}

/// Writes every extra not named like a declared field (`declared` holds both names of each).
pub(crate) fn write_xml(extra: &ExtraFields, declared: &[&str], w: &mut XmlWriter) {
    for (name, value) in extra {
        let xml = xml_name(name);
        if !declared.iter().any(|d| *d == name || *d == xml) {
            write_value(&xml, value, w);
        }
    }
}

fn write_value(name: &str, value: &Value, w: &mut XmlWriter) {
    if !is_xml_name(name) {
        return;
    }
    match value {
        Value::Null => {}
        Value::Bool(flag) => w.element(name, flag),
        Value::Number(number) => w.element(name, &number.to_string()),
        Value::String(text) => w.element(name, text),
        Value::Array(items) => items.iter().for_each(|item| write_value(name, item, w)),
        Value::Object(map) => {
            w.start(name);
            for (child, value) in map {
                write_value(&xml_name(child), value, w);
            }
            w.end(name);
        }
    }
}

/// Whether `name` can be written as an element name as it is: a letter or `_`, then letters,
/// digits, `_`, `-` and `.` (no namespace prefix). Anything else could break the document.
fn is_xml_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'))
}
