//! Reading generated structs and checked values from JSON or XML without a serde derive per
//! type.
//!
//! A derive expands to a field-identifier enum, its visitor, and sequence and map visitors for
//! every struct; type-checking that is most of what generated code costs to compile. Here the
//! visitor is written once: a generated struct only says how to store each field
//! ([`StructFields`]) and the runtime drives the map.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, Visitor};

use crate::validate::ValidationErrors;

/// How a generated struct is read field by field.
pub trait StructFields: Sized {
    /// What the fields are collected into: the struct itself for responses (every field
    /// optional), a builder for requests (checked in [`finish`](Self::finish)).
    type Builder: Default;

    /// The documented object name, for error messages.
    const NAME: &'static str;

    /// Reads the value of `key` into `builder`; an unknown key's value is skipped with
    /// [`skip_value`]. Both the JSON name and the documented (XML) name are accepted.
    fn visit_field<'de, A: MapAccess<'de>>(
        builder: &mut Self::Builder,
        key: &str,
        map: &mut A,
    ) -> Result<(), A::Error>;

    /// Turns the collected fields into the value, or says why it cannot be one.
    fn finish(builder: Self::Builder) -> Result<Self, ValidationErrors>;
}

/// Deserializes a struct described by [`StructFields`] from a map (a JSON object or the
/// children of an XML element).
pub fn deserialize_struct<'de, D: Deserializer<'de>, T: StructFields>(
    deserializer: D,
) -> Result<T, D::Error> {
    deserializer.deserialize_map(StructVisitor::<T>(PhantomData))
}

/// Skips the value of an unknown key: responses may carry fields the documentation does not
/// list.
pub fn skip_value<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<IgnoredAny>().map(|_| ())
}

/// Deserializes a `V` and checks it into a `T` (a constrained value), so that an invalid value
/// on the wire is a deserialization error naming the broken rule.
pub fn deserialize_checked<'de, D, V, T>(
    deserializer: D,
    check: fn(V) -> Result<T, ValidationErrors>,
) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    V: Deserialize<'de>,
{
    check(V::deserialize(deserializer)?).map_err(de::Error::custom)
}

struct StructVisitor<T>(PhantomData<T>);

impl<'de, T: StructFields> Visitor<'de> for StructVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a {} object", T::NAME)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        let mut builder = T::Builder::default();
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            T::visit_field(&mut builder, &key, &mut map)?;
        }
        T::finish(builder).map_err(de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::{Rule, Violation};

    #[derive(Debug, Default, PartialEq)]
    struct Point {
        x: Option<i32>,
        label: Option<String>,
    }

    impl StructFields for Point {
        type Builder = Self;
        const NAME: &'static str = "Point";
        fn visit_field<'de, A: MapAccess<'de>>(
            out: &mut Self,
            key: &str,
            map: &mut A,
        ) -> Result<(), A::Error> {
            match key {
                "x" | "X" => out.x = map.next_value()?,
                "label" | "Label" => out.label = map.next_value()?,
                _ => skip_value(map)?,
            }
            Ok(())
        }
        fn finish(out: Self) -> Result<Self, ValidationErrors> {
            if out.x == Some(-1) {
                let mut errors = ValidationErrors::new();
                errors.push(Violation::new("X", Rule::Minimum(0), Some("-1".into())));
                return Err(errors);
            }
            Ok(out)
        }
    }

    impl<'de> Deserialize<'de> for Point {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            deserialize_struct(d)
        }
    }

    #[test]
    fn reads_json_and_xml_names_skips_unknown_and_null() {
        let p: Point =
            serde_json::from_str(r#"{"x": 3, "Label": null, "extra": {"a": [1]}}"#).unwrap();
        assert_eq!(
            p,
            Point {
                x: Some(3),
                label: None
            }
        );
        let p: Point =
            crate::xml::from_xml_body(b"<Point><X>4</X><Label>a &amp; b</Label><Other/></Point>")
                .unwrap();
        assert_eq!(
            p,
            Point {
                x: Some(4),
                label: Some("a & b".into())
            }
        );
    }

    #[test]
    fn finish_errors_and_type_errors_are_deserialization_errors() {
        let err = serde_json::from_str::<Point>(r#"{"x": -1}"#)
            .unwrap_err()
            .to_string();
        assert!(err.contains("X: must be at least 0"), "{err}");
        assert!(serde_json::from_str::<Point>(r#"{"x": "three"}"#).is_err());
        assert!(
            serde_json::from_str::<Point>("[1, 2]")
                .unwrap_err()
                .to_string()
                .contains("a Point object")
        );
    }
}
