//! Request and response objects on the wire, written once for every generated model.
//!
//! A generated model lists its fields twice, once to write them ([`Object::write`]) and once
//! to read them ([`Object::read`]), each field by its documented (XML) name and its JSON name.
//! Everything else is here: JSON through serde (wrapped in the root property by
//! [`json`](crate::wire::json)), XML through [`XmlWriter`], unknown properties kept in the model's
//! [`ExtraFields`] (or skipped if it has none), `null` read as absent, and reading a request
//! through its builder so that what is read is checked.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime};
use serde::de::{
    self, DeserializeOwned, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor,
};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::values::checked::{Checked, Rules};
use crate::values::rules::ValidationErrors;
pub use crate::wire::extra::ExtraFields;
use crate::wire::xml::{XmlValue, XmlWriter};

/// A request or response object of a resource.
pub trait Object: Sized {
    /// The documented object name: the XML element (`Phone`).
    const NAME: &'static str;

    /// What reading collects the fields into, and what turns them into the object: the object
    /// itself for responses, the builder for requests (which checks every rule).
    type Builder: Default + Build<Output = Self>;

    /// Hands every field to `w`, in wire order.
    fn write<W: Fields>(&self, w: &mut W);

    /// Hands every field slot of `builder` to `r`, which fills the one being read.
    fn read<R: FieldsIn>(builder: &mut Self::Builder, r: &mut R);
}

/// What an [`Object`] writes its fields to.
pub trait Fields {
    /// One field, by its documented (XML) name and its JSON name.
    fn field<V: Field>(&mut self, xml: &'static str, json: &'static str, value: &V);

    /// The properties kept besides the declared fields (custom fields, unknown properties),
    /// handed over after every declared field. An extra named like a declared field is never
    /// written: that field is set through the model.
    fn extra(&mut self, extra: &ExtraFields) {
        let _ = extra;
    }
}

/// What an [`Object`] reads its fields from.
pub trait FieldsIn {
    /// The slot of one field, by its documented (XML) name and its JSON name; it is filled
    /// when the property being read has either name (`null` leaves it `None`).
    fn field<V: Field>(&mut self, xml: &str, json: &str, slot: &mut Option<V>);

    /// The slot for the properties no declared field took, offered after every declared
    /// field; an object that does not offer one skips them.
    fn extra(&mut self, slot: &mut ExtraFields) {
        let _ = slot;
    }
}

/// A value a field can hold: read and written in JSON through serde, and as an XML element.
///
/// Reading is part of the trait (`DeserializeOwned`), so that a generated model's field list
/// asks the compiler one plain question per field (`V: Field`) instead of a higher-ranked
/// `for<'de> Deserialize<'de>` one: that keeps `cargo check` of many models cheap.
pub trait Field: Serialize + DeserializeOwned {
    /// Writes `<name>value</name>` (nothing for an absent value).
    fn write_xml(&self, name: &str, w: &mut XmlWriter);

    /// Writes the value as an item of the list element `list`: objects are named after
    /// their object, other values after the list.
    fn write_xml_item(&self, list: &str, w: &mut XmlWriter) {
        self.write_xml(list, w);
    }

    /// Whether the value is absent (an unset optional field), so it is left out.
    fn is_absent(&self) -> bool {
        false
    }

    /// Whether the type has an empty value (text, a list, an object), which an empty XML
    /// element holds (`<Note/>` is `Some("")`). For a type without one (a number, a date), an
    /// empty element of an optional field is absent, like a nil one.
    const HAS_EMPTY: bool = true;

    /// Writes the value with serde, as the object writer does: its `Serialize` unless the
    /// type's wire form differs from it (a [`Decimal`](crate::Decimal) is a JSON number where
    /// exact, see [`decimal`](crate::wire::decimal)). Options, lists and checked values forward.
    fn serialize_field<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.serialize(serializer)
    }

    /// Reads the value with serde, as the object reader does: the counterpart of
    /// [`serialize_field`](Self::serialize_field).
    fn deserialize_field<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Self::deserialize(deserializer)
    }
}

/// Serializes a [`Field`] through [`Field::serialize_field`].
struct AsField<'a, V>(&'a V);

impl<V: Field> Serialize for AsField<'_, V> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize_field(serializer)
    }
}

/// Deserializes a [`Field`] through [`Field::deserialize_field`].
struct FieldSeed<V>(PhantomData<V>);

impl<'de, V: Field> DeserializeSeed<'de> for FieldSeed<V> {
    type Value = V;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<V, D::Error> {
        V::deserialize_field(deserializer)
    }
}

macro_rules! scalar_fields {
    ($has_empty:literal: $($ty:ty),*) => {$(
        impl Field for $ty {
            const HAS_EMPTY: bool = $has_empty;
            fn write_xml(&self, name: &str, w: &mut XmlWriter) {
                w.element(name, self);
            }
        }
    )*};
}
scalar_fields!(true: String, Key);
scalar_fields!(false: bool, i32, i64, NaiveDate, NaiveTime, DateTime<FixedOffset>);

/// Also read from a string (`"1.50"`): the JSON reader hands over as text a fractional number
/// whose digits a float would change (see [`json`](crate::wire::json)).
impl Field for f64 {
    const HAS_EMPTY: bool = false;
    fn write_xml(&self, name: &str, w: &mut XmlWriter) {
        w.element(name, self);
    }
    fn deserialize_field<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(FloatVisitor)
    }
}

struct FloatVisitor;

impl Visitor<'_> for FloatVisitor {
    type Value = f64;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number")
    }
    fn visit_f64<E: de::Error>(self, value: f64) -> Result<f64, E> {
        Ok(value)
    }
    #[allow(clippy::cast_precision_loss)] // as serde_json reads an integer into an f64
    fn visit_i64<E: de::Error>(self, value: i64) -> Result<f64, E> {
        Ok(value as f64)
    }
    #[allow(clippy::cast_precision_loss)]
    fn visit_u64<E: de::Error>(self, value: u64) -> Result<f64, E> {
        Ok(value as f64)
    }
    fn visit_str<E: de::Error>(self, value: &str) -> Result<f64, E> {
        value
            .trim()
            .parse()
            .map_err(|_| E::invalid_value(de::Unexpected::Str(value), &self))
    }
}

impl<T: Field> Field for Option<T> {
    fn write_xml(&self, name: &str, w: &mut XmlWriter) {
        if let Some(value) = self {
            value.write_xml(name, w);
        }
    }
    fn is_absent(&self) -> bool {
        self.is_none()
    }
    const HAS_EMPTY: bool = T::HAS_EMPTY;
    fn serialize_field<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Some(value) => serializer.serialize_some(&AsField(value)),
            None => serializer.serialize_none(),
        }
    }
    fn deserialize_field<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        if T::HAS_EMPTY {
            // The XML reader then reads an empty element as the empty value and only a nil one
            // as `None`; other readers see a newtype, whose content is the option.
            let empty = crate::wire::xml_de::EMPTY_IS_VALUE;
            deserializer.deserialize_newtype_struct(empty, OptionVisitor(PhantomData))
        } else {
            deserializer.deserialize_option(OptionVisitor(PhantomData))
        }
    }
}

/// Reads an option like serde does (`null` is `None`), the value through its [`Field`] hook.
struct OptionVisitor<T>(PhantomData<T>);

impl<'de, T: Field> Visitor<'de> for OptionVisitor<T> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an optional value")
    }
    fn visit_none<E: de::Error>(self) -> Result<Option<T>, E> {
        Ok(None)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Option<T>, E> {
        Ok(None)
    }
    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Option<T>, D::Error> {
        T::deserialize_field(deserializer).map(Some)
    }
    fn visit_newtype_struct<D: Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Option<T>, D::Error> {
        deserializer.deserialize_option(self)
    }
}

/// Reads a list like serde does, each item through its [`Field`] hook.
struct ListVisitor<T>(PhantomData<T>);

impl<'de, T: Field> Visitor<'de> for ListVisitor<T> {
    type Value = Vec<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
        // Capacity from the hint, bounded so that a lying hint cannot allocate much.
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(256));
        while let Some(item) = seq.next_element_seed(FieldSeed(PhantomData))? {
            items.push(item);
        }
        Ok(items)
    }
}

/// `<Phones><Phone>..</Phone>..</Phones>`: the list element, then one element per item; a
/// list of lists nests the same way.
impl<T: Field> Field for Vec<T> {
    fn write_xml(&self, name: &str, w: &mut XmlWriter) {
        w.start(name);
        for item in self {
            item.write_xml_item(name, w);
        }
        w.end(name);
    }
    fn serialize_field<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter().map(AsField))
    }
    fn deserialize_field<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_seq(ListVisitor(PhantomData))
    }
}

/// Its serde impls already write and read through [`Scalar`](crate::Scalar)'s hooks.
impl<R: Rules> Field for Checked<R>
where
    R::Value: XmlValue,
{
    const HAS_EMPTY: bool = <R::Value as crate::values::checked::Scalar>::HAS_EMPTY;
    fn write_xml(&self, name: &str, w: &mut XmlWriter) {
        w.element(name, self);
    }
}

impl<T: Object + Serialize + DeserializeOwned> Field for T {
    fn write_xml(&self, name: &str, w: &mut XmlWriter) {
        w.start(name);
        self.write(&mut XmlFields::new(w));
        w.end(name);
    }
    fn write_xml_item(&self, _list: &str, w: &mut XmlWriter) {
        self.write_xml(T::NAME, w);
    }
}

/// Writes fields as XML elements, remembering their names so that no extra repeats one.
struct XmlFields<'w> {
    w: &'w mut XmlWriter,
    declared: Vec<&'static str>,
}

impl<'w> XmlFields<'w> {
    fn new(w: &'w mut XmlWriter) -> Self {
        Self {
            w,
            declared: Vec::new(),
        }
    }
}

impl Fields for XmlFields<'_> {
    fn field<V: Field>(&mut self, xml: &'static str, json: &'static str, value: &V) {
        self.declared.extend([xml, json]);
        value.write_xml(xml, self.w);
    }
    fn extra(&mut self, extra: &ExtraFields) {
        crate::wire::extra::write_xml(extra, &self.declared, self.w);
    }
}

/// Writes `value` as the children of an XML element (the caller writes the element).
pub fn write_xml_fields<T: Object>(value: &T, w: &mut XmlWriter) {
    value.write(&mut XmlFields::new(w));
}

/// Serializes an object as a JSON-style map of its set fields; generated `Serialize` impls
/// call this (see [`impl_serde!`](crate::impl_serde)).
pub fn serialize<T: Object, S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error> {
    let mut fields = JsonFields {
        map: serializer.serialize_map(None)?,
        error: None,
        declared: Vec::new(),
    };
    value.write(&mut fields);
    match fields.error {
        Some(error) => Err(error),
        None => fields.map.end(),
    }
}

/// Writes fields as map entries, remembering their names so that no extra repeats one.
struct JsonFields<M: SerializeMap> {
    map: M,
    error: Option<M::Error>,
    declared: Vec<&'static str>,
}

impl<M: SerializeMap> Fields for JsonFields<M> {
    fn field<V: Field>(&mut self, xml: &'static str, json: &'static str, value: &V) {
        self.declared.extend([xml, json]);
        if self.error.is_none() && !value.is_absent() {
            self.error = self.map.serialize_entry(json, &AsField(value)).err();
        }
    }
    fn extra(&mut self, extra: &ExtraFields) {
        for (name, value) in extra {
            if self.error.is_some() {
                return;
            }
            if !self.declared.contains(&name) {
                self.error = self.map.serialize_entry(name, value).err();
            }
        }
    }
}

/// Deserializes an object from a map (a JSON object or the children of an XML element),
/// accepting both names of every field and skipping unknown ones; generated `Deserialize`
/// impls call this.
pub fn deserialize<'de, T: Object, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_map(ObjectVisitor::<T>(PhantomData))
}

struct ObjectVisitor<T>(PhantomData<T>);

impl<'de, T: Object> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a {} object", T::NAME)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        let mut builder = T::Builder::default();
        while let Some(key) = map.next_key::<Cow<'de, str>>()? {
            let mut reader = KeyReader::<A> {
                key: &key,
                map: &mut map,
                outcome: None,
            };
            T::read(&mut builder, &mut reader);
            match reader.outcome {
                Some(result) => result?,
                None => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        builder.build().map_err(de::Error::custom)
    }
}

/// Fills the slot whose name is the key being read; `outcome` stays `None` for an unknown key.
struct KeyReader<'a, 'de, A: MapAccess<'de>> {
    key: &'a str,
    map: &'a mut A,
    outcome: Option<Result<(), A::Error>>,
}

impl<'de, A: MapAccess<'de>> FieldsIn for KeyReader<'_, 'de, A> {
    fn field<V: Field>(&mut self, xml: &str, json: &str, slot: &mut Option<V>) {
        if self.outcome.is_none() && (self.key == json || self.key == xml) {
            self.outcome = Some(
                self.map
                    .next_value_seed(FieldSeed::<Option<V>>(PhantomData))
                    .map(|value| *slot = value),
            );
        }
    }
    fn extra(&mut self, slot: &mut ExtraFields) {
        if self.outcome.is_none() {
            let read = self.map.next_value::<serde_json::Value>();
            self.outcome = Some(read.map(|value| slot.append(self.key, value)));
        }
    }
}

/// A request object or something that builds one: the checked object itself, or its builder.
/// A call takes either, so a checked object is never turned back into a builder.
pub trait Build {
    /// The object built.
    type Output;
    /// The checked object, or every broken rule.
    fn build(self) -> Result<Self::Output, ValidationErrors>;
}

impl<T: Object> Build for T {
    type Output = T;
    fn build(self) -> Result<T, ValidationErrors> {
        Ok(self)
    }
}

/// A nested request object in its parent's builder: checked when it was set, from the object
/// itself or from its builder. A builder's violations wait here until the parent's `build`
/// (through [`Check::nested`](crate::wire::check::Check::nested)) reports them with the rest, each under
/// its full field path (`SalesOrder.Customer.CustomerId`).
#[derive(Clone, Debug, PartialEq)]
pub struct Nested<T>(Result<T, ValidationErrors>);

impl<T> Nested<T> {
    /// Builds `value` now (a checked object builds as itself).
    pub fn new<B: Build<Output = T>>(value: B) -> Self {
        Self(value.build())
    }

    /// The object, or the violations its builder found (paths under the object's name).
    pub fn into_result(self) -> Result<T, ValidationErrors> {
        self.0
    }
}

/// Written as the object; a builder that broke a rule is never written, because the parent's
/// `build` refuses it first (a hand-made one fails serialization instead).
impl<T: Field> Serialize for Nested<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &self.0 {
            Ok(value) => value.serialize_field(serializer),
            Err(errors) => Err(serde::ser::Error::custom(errors)),
        }
    }
}

/// Read as the object, whose own reader checks it.
impl<'de, T: Field> Deserialize<'de> for Nested<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::deserialize_field(deserializer).map(|value| Self(Ok(value)))
    }
}

impl<T: Field> Field for Nested<T> {
    fn write_xml(&self, name: &str, w: &mut XmlWriter) {
        if let Ok(value) = &self.0 {
            value.write_xml(name, w);
        }
    }
    fn write_xml_item(&self, list: &str, w: &mut XmlWriter) {
        if let Ok(value) = &self.0 {
            value.write_xml_item(list, w);
        }
    }
    fn is_absent(&self) -> bool {
        self.0.as_ref().map_or(true, Field::is_absent)
    }
    const HAS_EMPTY: bool = T::HAS_EMPTY;
}

/// A domain key (`BUSINESS`): generated domain types wrap one. Any key is accepted, because
/// the applicable keys depend on the company, the user and the activated modules.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Key(Cow<'static, str>);

impl Key {
    /// A documented key, for constants.
    pub const fn from_static(key: &'static str) -> Self {
        Self(Cow::Borrowed(key))
    }

    /// Any key.
    pub fn new(key: impl Into<String>) -> Self {
        Self(Cow::Owned(key.into()))
    }

    /// The key as sent on the wire.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for Key {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Key::new)
    }
}

impl XmlValue for Key {
    fn write_text(&self, out: &mut String) {
        self.as_str().write_text(out);
    }
}

/// Implements serde's `Serialize` and `Deserialize` for a generated [`Object`] through
/// [`object::serialize`](crate::wire::object::serialize) and
/// [`object::deserialize`](crate::wire::object::deserialize).
#[doc(hidden)]
#[macro_export]
macro_rules! impl_serde {
    ($ty:ty) => {
        impl $crate::serde::Serialize for $ty {
            fn serialize<S: $crate::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                $crate::__private::object::serialize(self, serializer)
            }
        }
        impl<'de> $crate::serde::Deserialize<'de> for $ty {
            fn deserialize<D: $crate::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                $crate::__private::object::deserialize(deserializer)
            }
        }
    };
}

/// Implements [`Build`](crate::wire::object::Build) for a generated request builder through its own
/// `build` method, so a call takes the builder as it takes the checked body.
#[doc(hidden)]
#[macro_export]
macro_rules! impl_build {
    ($builder:ty => $output:ty) => {
        impl $crate::__private::object::Build for $builder {
            type Output = $output;
            fn build(self) -> ::core::result::Result<$output, $crate::ValidationErrors> {
                <$builder>::build(self)
            }
        }
    };
}

/// Gives a generated domain type (a tuple struct around a [`Key`](crate::wire::object::Key)) what
/// every domain type has: `new` for any key, `as_str`, `Display`, conversions from text,
/// serde and XML.
#[doc(hidden)]
#[macro_export]
macro_rules! impl_domain {
    ($ty:ident) => {
        impl $ty {
            /// Any key, documented or not.
            pub fn new(key: impl ::core::convert::Into<::std::string::String>) -> Self {
                Self($crate::__private::object::Key::new(key))
            }
            /// The key as sent on the wire.
            pub fn as_str(&self) -> &str {
                self.0.as_str()
            }
        }
        impl ::core::fmt::Display for $ty {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                ::core::fmt::Display::fmt(&self.0, f)
            }
        }
        impl ::core::convert::From<&str> for $ty {
            fn from(key: &str) -> Self {
                Self::new(key)
            }
        }
        impl ::core::convert::From<::std::string::String> for $ty {
            fn from(key: ::std::string::String) -> Self {
                Self::new(key)
            }
        }
        impl $crate::serde::Serialize for $ty {
            fn serialize<S: $crate::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                $crate::serde::Serialize::serialize(&self.0, serializer)
            }
        }
        impl<'de> $crate::serde::Deserialize<'de> for $ty {
            fn deserialize<D: $crate::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                <$crate::__private::object::Key as $crate::serde::Deserialize>::deserialize(
                    deserializer,
                )
                .map(Self)
            }
        }
        impl $crate::__private::object::Field for $ty {
            fn write_xml(&self, name: &str, w: &mut $crate::__private::xml::XmlWriter) {
                w.element(name, &self.0);
            }
        }
    };
}
