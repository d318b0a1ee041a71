//! XML bodies on the wire.
//!
//! XML uses the documented PascalCase names for the root and every element
//! (`<Phone><PhoneNumber>..</PhoneNumber></Phone>`), while JSON uses `phoneNumber`. Generated
//! models name every field both ways ([`Object`]); bodies are written with [`XmlWriter`], which
//! escapes text, and read through a small element tree ([`from_xml_body`]), where the reader of
//! [`Object`] accepts either name.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, SecondsFormat, Utc};
use serde::de::DeserializeOwned;

use crate::wire::body_error::BodyError;
use crate::wire::object::Object;

/// A scalar that can be the text of an XML element.
pub trait XmlValue {
    /// Appends this value's text form to `out`, escaped for XML.
    fn write_text(&self, out: &mut String);
}

impl<T: XmlValue + ?Sized> XmlValue for &T {
    fn write_text(&self, out: &mut String) {
        (**self).write_text(out);
    }
}

impl XmlValue for str {
    fn write_text(&self, out: &mut String) {
        escape_text(self, out);
    }
}

impl XmlValue for String {
    fn write_text(&self, out: &mut String) {
        escape_text(self, out);
    }
}

impl XmlValue for bool {
    fn write_text(&self, out: &mut String) {
        out.push_str(if *self { "true" } else { "false" });
    }
}

macro_rules! integer_xml_value {
    ($($ty:ty),*) => {$(
        impl XmlValue for $ty {
            fn write_text(&self, out: &mut String) {
                use std::fmt::Write as _;
                // Writing into a String cannot fail.
                let _ = write!(out, "{self}");
            }
        }
    )*};
}
integer_xml_value!(i8, i16, i32, i64, u8, u16, u32, u64);

macro_rules! float_xml_value {
    ($($ty:ty),*) => {$(
        /// Finite values in plain decimal notation; NaN and infinities as XML Schema spells them
        /// (`NaN`, `INF`, `-INF`).
        impl XmlValue for $ty {
            fn write_text(&self, out: &mut String) {
                use std::fmt::Write as _;
                if self.is_nan() {
                    out.push_str("NaN");
                } else if self.is_infinite() {
                    out.push_str(if *self > 0.0 { "INF" } else { "-INF" });
                } else {
                    // Writing into a String cannot fail.
                    let _ = write!(out, "{self}");
                }
            }
        }
    )*};
}
float_xml_value!(f32, f64);

/// `yyyy-MM-dd`.
impl XmlValue for NaiveDate {
    fn write_text(&self, out: &mut String) {
        use std::fmt::Write as _;
        let _ = write!(out, "{}", self.format("%Y-%m-%d"));
    }
}

/// `HH:mm:ss`.
impl XmlValue for NaiveTime {
    fn write_text(&self, out: &mut String) {
        use std::fmt::Write as _;
        let _ = write!(out, "{}", self.format("%H:%M:%S"));
    }
}

/// RFC 3339, always with an explicit offset (`+01:00`, `+00:00`): RamBase reads a time without
/// an offset as Norwegian local time.
impl XmlValue for DateTime<FixedOffset> {
    fn write_text(&self, out: &mut String) {
        out.push_str(&self.to_rfc3339_opts(SecondsFormat::AutoSi, false));
    }
}

/// RFC 3339 with the offset `+00:00`.
impl XmlValue for DateTime<Utc> {
    fn write_text(&self, out: &mut String) {
        out.push_str(&self.to_rfc3339_opts(SecondsFormat::AutoSi, false));
    }
}

/// Escapes `text` as XML character data.
///
/// `&`, `<`, `>`, `"` and `'` become entities; tab, line feed and carriage return become
/// character references so no parser normalizes them away. The other control characters (and
/// U+FFFE, U+FFFF) cannot appear in an XML 1.0 document at all, not even as references: they
/// are replaced with U+FFFD.
pub fn escape_text(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' => out.push_str("&#x9;"),
            '\n' => out.push_str("&#xA;"),
            '\r' => out.push_str("&#xD;"),
            '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
}

/// Builds an XML document as a `String`.
///
/// Element names come from generated code (documented PascalCase names) and are written as
/// given; text is always escaped.
#[derive(Debug, Default, Clone)]
pub struct XmlWriter {
    out: String,
}

impl XmlWriter {
    /// An empty document.
    pub fn new() -> Self {
        Self::default()
    }

    /// Opens the element `name`.
    pub fn start(&mut self, name: &str) {
        self.out.push('<');
        self.out.push_str(name);
        self.out.push('>');
    }

    /// Closes the element `name`.
    pub fn end(&mut self, name: &str) {
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push('>');
    }

    /// Writes `<name>value</name>`.
    pub fn element<T: XmlValue + ?Sized>(&mut self, name: &str, value: &T) {
        self.start(name);
        value.write_text(&mut self.out);
        self.end(name);
    }

    /// Writes `<name>value</name>` when `value` is given, and nothing otherwise (an omitted
    /// field keeps its server-side default).
    pub fn optional_element<T: XmlValue + ?Sized>(&mut self, name: &str, value: Option<&T>) {
        if let Some(value) = value {
            self.element(name, value);
        }
    }

    /// Writes a nested object: `<name>` + its fields + `</name>`.
    pub fn child<T: Object>(&mut self, name: &str, value: &T) {
        self.start(name);
        crate::wire::object::write_xml_fields(value, self);
        self.end(name);
    }

    /// Appends escaped text to the current element.
    pub fn text<T: XmlValue + ?Sized>(&mut self, value: &T) {
        value.write_text(&mut self.out);
    }

    /// The document written so far.
    pub fn as_str(&self) -> &str {
        &self.out
    }

    /// The finished document.
    pub fn into_string(self) -> String {
        self.out
    }
}

/// Writes `value` as the XML document `<root>...</root>`.
///
/// ```
/// use rambase_runtime::__private::{Fields, FieldsIn, Object};
/// use rambase_runtime::ValidationErrors;
/// use rambase_runtime::__private::xml::to_xml_body;
///
/// #[derive(Default)]
/// struct Phone { phone_number: Option<String>, is_default: Option<bool> }
/// impl Object for Phone {
///     const NAME: &'static str = "Phone";
///     type Builder = Self;
///     fn write<W: Fields>(&self, w: &mut W) {
///         w.field("IsDefault", "isDefault", &self.is_default);
///         w.field("PhoneNumber", "phoneNumber", &self.phone_number);
///     }
///     fn read<R: FieldsIn>(b: &mut Self, r: &mut R) {
///         r.field("IsDefault", "isDefault", &mut b.is_default);
///         r.field("PhoneNumber", "phoneNumber", &mut b.phone_number);
///     }
/// }
///
/// let body = to_xml_body("Phone", &Phone { phone_number: Some("+47 <1>".into()), is_default: Some(false) });
/// assert_eq!(
///     body,
///     b"<Phone><IsDefault>false</IsDefault><PhoneNumber>+47 &lt;1&gt;</PhoneNumber></Phone>"
/// );
/// ```
pub fn to_xml_body<T: Object>(root: &str, value: &T) -> Vec<u8> {
    let mut w = XmlWriter::new();
    w.child(root, value);
    w.into_string().into_bytes()
}

/// Reads an XML document into `T` (the root element's name is not checked).
///
/// Child elements map to fields by name (generated models accept both names of a field); a
/// missing element, or one marked `i:nil="true"`, reads as `None`. An empty element (`<Note/>`,
/// `<Tags></Tags>`) holds the empty value of a model field's type, as `""` and `[]` do in JSON
/// (`Some("")`, `Some(vec![])`); a type without one (a number, a date) reads it as `None`, and
/// so does a plain serde `Option`;
/// element text parses into numbers and booleans (`false`, `123`); the children of a list
/// element are its items whatever their names (`<Tags><Tags>a</Tags></Tags>`,
/// `<Phones><Phone>..</Phone></Phones>`), so every shape [`XmlWriter`] writes reads back.
/// A body that does not fit `T` (text where an object is expected, a number that does not
/// parse) is an error, never a default. Elements nested deeper than 128 levels are refused.
pub fn from_xml_body<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, BodyError> {
    let root = parse_body(bytes)?;
    T::deserialize(crate::wire::xml_de::NodeDe(&root)).map_err(BodyError::Xml)
}

/// The root element of a body (a leading BOM is skipped).
pub(crate) fn parse_body(bytes: &[u8]) -> Result<crate::wire::xml_de::Node, BodyError> {
    let text = std::str::from_utf8(bytes).map_err(BodyError::NotUtf8)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    crate::wire::xml_de::parse(text).map_err(BodyError::Xml)
}

/// Reads an XML document into a JSON value, best effort, for error bodies whose shape is not
/// known exactly: `{root: value}`, where an element with child elements becomes an object
/// (repeated names become an array), an element with text only becomes a string, an empty
/// element becomes `null`. Attributes are ignored. Returns `None` if `text` is not well-formed
/// XML.
pub(crate) fn to_json_value(text: &str) -> Option<serde_json::Value> {
    use serde::Deserialize;

    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let root = crate::wire::xml_de::parse(text).ok()?;
    let value = serde_json::Value::deserialize(crate::wire::xml_de::NodeDe(&root)).ok()?;
    Some(serde_json::Value::Object(serde_json::Map::from_iter([(
        root.name,
        blank_as_null(value),
    )])))
}

/// `value` with every blank text (an empty element) as `null`: an error body's empty element
/// says nothing, and its readers take `null` as "not given".
fn blank_as_null(value: serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match value {
        Value::String(text) if text.trim().is_empty() => Value::Null,
        Value::Array(items) => Value::Array(items.into_iter().map(blank_as_null).collect()),
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(name, value)| (name, blank_as_null(value)))
                .collect(),
        ),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::tests::PhoneRequest as Phone;
    use crate::wire::object::{Fields, FieldsIn};
    use serde::Deserialize;

    #[test]
    fn writes_documented_names_and_omits_absent_fields() {
        let phone = Phone {
            kind: Some("BUSINESS".into()),
            is_default: None,
            phone_number: Some("+47 12345678".into()),
        };
        assert_eq!(
            String::from_utf8_lossy(&to_xml_body("Phone", &phone)),
            "<Phone><Type>BUSINESS</Type><PhoneNumber>+47 12345678</PhoneNumber></Phone>"
        );
    }

    #[test]
    fn escapes_markup_quotes_and_control_characters() {
        let mut out = String::new();
        escape_text("a&b<c>d\"e'f\tg\nh\ri\u{0}j\u{1b}k\u{ffff}æ", &mut out);
        assert_eq!(
            out,
            "a&amp;b&lt;c&gt;d&quot;e&apos;f&#x9;g&#xA;h&#xD;i\u{fffd}j\u{fffd}k\u{fffd}æ"
        );
    }

    #[test]
    fn scalars_have_their_wire_text() {
        fn text(value: &dyn Fn(&mut String)) -> String {
            let mut out = String::new();
            value(&mut out);
            out
        }
        assert_eq!(text(&|o| true.write_text(o)), "true");
        assert_eq!(text(&|o| false.write_text(o)), "false");
        assert_eq!(text(&|o| (-5_i32).write_text(o)), "-5");
        assert_eq!(text(&|o| 9_000_000_000_i64.write_text(o)), "9000000000");
        assert_eq!(text(&|o| 1.5_f64.write_text(o)), "1.5");
        assert_eq!(text(&|o| 1e21_f64.write_text(o)), "1000000000000000000000");
        assert_eq!(text(&|o| f64::NAN.write_text(o)), "NaN");
        assert_eq!(text(&|o| f64::NEG_INFINITY.write_text(o)), "-INF");
        let date = NaiveDate::from_ymd_opt(2026, 1, 2);
        assert_eq!(text(&|o| date.write_text_opt(o)), "2026-01-02");
        let time = NaiveTime::from_hms_opt(7, 8, 9);
        assert_eq!(text(&|o| time.write_text_opt(o)), "07:08:09");
        let at = DateTime::parse_from_rfc3339("2026-11-26T14:05:00+01:00");
        assert_eq!(
            text(&|o| at.iter().for_each(|at| at.write_text(o))),
            "2026-11-26T14:05:00+01:00"
        );
        let utc = DateTime::parse_from_rfc3339("2026-11-26T14:05:00Z").map(|d| d.to_utc());
        assert_eq!(
            text(&|o| utc.iter().for_each(|at| at.write_text(o))),
            "2026-11-26T14:05:00+00:00"
        );
        assert_eq!(text(&|o| "a<b".write_text(o)), "a&lt;b");
        assert_eq!(text(&|o| (&&String::from("x")).write_text(o)), "x");
    }

    trait WriteOpt {
        fn write_text_opt(&self, out: &mut String);
    }
    impl<T: XmlValue> WriteOpt for Option<T> {
        fn write_text_opt(&self, out: &mut String) {
            if let Some(value) = self {
                value.write_text(out);
            }
        }
    }

    #[test]
    fn nested_children_and_raw_writer_calls() {
        #[derive(Default)]
        struct Address {
            city: Option<String>,
        }
        impl Object for Address {
            const NAME: &'static str = "Address";
            type Builder = Self;
            fn write<W: Fields>(&self, w: &mut W) {
                w.field("City", "city", &self.city);
            }
            fn read<R: FieldsIn>(b: &mut Self, r: &mut R) {
                r.field("City", "city", &mut b.city);
            }
        }
        let mut w = XmlWriter::new();
        w.start("Contact");
        w.child(
            "Address",
            &Address {
                city: Some("Ål".into()),
            },
        );
        w.start("Note");
        w.text("x&y");
        w.end("Note");
        w.end("Contact");
        assert_eq!(
            w.as_str(),
            "<Contact><Address><City>Ål</City></Address><Note>x&amp;y</Note></Contact>"
        );
    }

    #[derive(Debug, Deserialize, PartialEq)]
    struct PhoneResponse {
        #[serde(rename = "phoneId", alias = "PhoneId", default)]
        phone_id: Option<i32>,
        #[serde(rename = "createdAt", alias = "CreatedAt", default)]
        created_at: Option<DateTime<FixedOffset>>,
        #[serde(rename = "isDefault", alias = "IsDefault", default)]
        is_default: Option<bool>,
        #[serde(rename = "type", alias = "Type", default)]
        kind: Option<String>,
        #[serde(rename = "phoneNumber", alias = "PhoneNumber", default)]
        phone_number: Option<String>,
    }

    #[test]
    fn reads_pascal_case_elements_through_aliases() {
        let body = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<Phone>\n  <PhoneId>123</PhoneId>\n  \
                    <CreatedAt>2026-11-26T14:05:00+01:00</CreatedAt>\n  <IsDefault>false</IsDefault>\n  \
                    <Type>BUSINESS</Type>\n  <PhoneNumber>+47 1 &amp; 2</PhoneNumber>\n  <Custom>x</Custom>\n</Phone>";
        let phone: PhoneResponse = from_xml_body(body.as_bytes()).unwrap();
        assert_eq!(phone.phone_id, Some(123));
        assert_eq!(
            phone.created_at.map(|at| at.to_rfc3339()),
            Some("2026-11-26T14:05:00+01:00".to_owned())
        );
        assert_eq!(phone.is_default, Some(false));
        assert_eq!(phone.kind.as_deref(), Some("BUSINESS"));
        assert_eq!(phone.phone_number.as_deref(), Some("+47 1 & 2"));
    }

    #[test]
    fn empty_and_missing_elements_read_as_none() {
        let body = b"<Phone><PhoneId>5</PhoneId><CreatedAt/><IsDefault></IsDefault></Phone>";
        let phone: PhoneResponse = from_xml_body(body).unwrap();
        assert_eq!(
            phone,
            PhoneResponse {
                phone_id: Some(5),
                created_at: None,
                is_default: None,
                kind: None,
                phone_number: None,
            }
        );
    }

    #[test]
    fn bad_xml_is_an_error() {
        assert!(matches!(
            from_xml_body::<PhoneResponse>(b"<Phone><PhoneId>x</PhoneId></Phone>"),
            Err(BodyError::Xml(_))
        ));
        assert!(matches!(
            from_xml_body::<PhoneResponse>(&[0xff, 0xfe]),
            Err(BodyError::NotUtf8(_))
        ));
    }

    #[test]
    fn xml_reads_into_a_json_tree_best_effort() {
        let value = to_json_value(
            "<?xml version=\"1.0\"?><Error><Code>101015</Code><Message>a &lt; b &#x41;</Message>\
             <Params><P><I>0</I></P><P><I>1</I></P></Params><Inner/></Error>",
        );
        assert_eq!(
            value,
            Some(serde_json::json!({"Error": {
                "Code": "101015",
                "Message": "a < b A",
                "Params": {"P": [{"I": "0"}, {"I": "1"}]},
                "Inner": null,
            }}))
        );
        assert_eq!(to_json_value("<html><body>502"), None);
        assert_eq!(to_json_value("not xml at all"), None);
        assert_eq!(to_json_value("<R/>"), Some(serde_json::json!({"R": null})));
    }
}
