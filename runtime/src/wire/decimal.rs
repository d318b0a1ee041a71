//! Exact decimals ([`Decimal`], from `rust_decimal`) on the wire: money, quantities and
//! percentages must not pass through binary floating point.
//!
//! - JSON: in a request or response body ([`json`](crate::wire::json)), a decimal is a JSON number
//!   with exactly its digits and scale (`1500.50`) when a reader that goes through a float
//!   still gets its value, and a string otherwise (`"12345678901234567.89"`). Through serde
//!   elsewhere (`serde_json::to_string` of a model, another
//!   format) it is a number when any JSON reader reads that number back as the same digits
//!   (`0.3`, `1234.56`, `100`) and a string otherwise (`"1.50"`,
//!   `"0.1000000000000000000000000001"`), so neither a digit nor the scale is lost. It is read
//!   from a number or a string (`0.1`, `"0.1"`, `"1e-2"`), the scale kept (`1500.50` stays
//!   `1500.50`; see [`json`](crate::wire::json) for how a number's digits reach it).
//! - XML: the decimal's text, as written (`1.50`).
//!
//! Generated models call these through [`Field`]; a hand-written serde
//! type can use them with `#[serde(with = "rambase_runtime::decimal")]`.
//!
//! ```
//! use rambase_runtime::Decimal;
//!
//! #[derive(serde::Serialize, serde::Deserialize)]
//! struct Line {
//!     #[serde(with = "rambase_runtime::decimal")]
//!     price: Decimal,
//! }
//!
//! let a: Line = serde_json::from_str(r#"{"price": 0.1}"#).unwrap();
//! let b: Line = serde_json::from_str(r#"{"price": "0.2"}"#).unwrap();
//! let sum = Line { price: a.price + b.price };
//! assert_eq!(serde_json::to_string(&sum).unwrap(), r#"{"price":0.3}"#);
//! ```

use std::borrow::Cow;
use std::cell::Cell;
use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::de::{self, IgnoredAny, MapAccess, Unexpected, Visitor};
use serde::{Deserializer, Serialize, Serializer};
use serde_json::value::RawValue;

use crate::values::decimal::parse;
use crate::values::rules::Rule;
use crate::wire::object::Field;
use crate::wire::xml::{XmlValue, XmlWriter};

/// Integers up to this magnitude are exact in an `f64`, and so in any JSON reader.
const EXACT_INTEGER: i64 = 1 << 53;

/// Writes `value` as a JSON-style number when the number reads back as exactly `value`, scale
/// included, else as a string; in a JSON body, as a number with its exact digits (see the
/// [module docs](self)).
pub fn serialize<S: Serializer>(value: &Decimal, serializer: S) -> Result<S::Ok, S::Error> {
    if RAW_NUMBERS.get() {
        // A float reader still gets the value (`1500.5`), a decimal reader also the scale.
        let text = value.to_string();
        if same_value_in_f64(value, &text)
            && let Ok(raw) = RawValue::from_string(text)
        {
            return raw.serialize(serializer);
        }
        return serializer.serialize_str(&value.to_string());
    }
    match exact_f64(value) {
        Some(float) if value.fract().is_zero() => match value.to_i64() {
            Some(int) if (-EXACT_INTEGER..=EXACT_INTEGER).contains(&int) => {
                serializer.serialize_i64(int)
            }
            _ => serializer.serialize_f64(float),
        },
        Some(float) => serializer.serialize_f64(float),
        None => serializer.serialize_str(&value.to_string()),
    }
}

/// The `f64` whose shortest form (what serializers write) reads back as exactly `value`, with
/// the same scale: `1.5` has one, `1.50` none (it would arrive as `1.5`).
fn exact_f64(value: &Decimal) -> Option<f64> {
    // `str::parse` rounds correctly, and `Display` of an `f64` is its shortest round-trip form.
    let text = value.to_string();
    let float: f64 = text.parse().ok()?;
    (float.is_finite() && float.to_string() == text).then_some(float)
}

/// Whether a reader that goes through `f64` reads `text` (the decimal's) as the same value,
/// scale aside: `1500.50` yes, `12345678901234567.89` no.
fn same_value_in_f64(value: &Decimal, text: &str) -> bool {
    text.parse::<f64>().is_ok_and(|float| {
        float.is_finite() && Decimal::from_str(&float.to_string()).is_ok_and(|back| back == *value)
    })
}

thread_local! {
    /// Set while [`json::to_json_body`](crate::wire::json::to_json_body) writes a body: the serializer
    /// is then serde_json's, which writes a [`RawValue`] as its text, so a decimal can go out as
    /// the JSON number it is (`1500.50`). Any other serializer would write a `RawValue` as a
    /// struct, so it is used only here. This keeps the scale without serde_json's
    /// `arbitrary_precision` feature, which would change number handling for every crate in the
    /// dependency graph of every user.
    static RAW_NUMBERS: Cell<bool> = const { Cell::new(false) };
}

/// Runs `write` (a serde_json serialization) with decimals written as raw JSON numbers.
pub(crate) fn with_raw_numbers<T>(write: impl FnOnce() -> T) -> T {
    /// Restores the flag also when `write` panics.
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            RAW_NUMBERS.set(self.0);
        }
    }
    let _restore = Restore(RAW_NUMBERS.replace(true));
    write()
}

/// Reads a decimal from a number or from text (plain or with an exponent, `1e-2`). Text is
/// read exactly or refused; a binary float is read through its shortest form (`0.1` as 0.1).
pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Decimal, D::Error> {
    deserializer.deserialize_any(DecimalVisitor)
}

struct DecimalVisitor;

impl<'de> Visitor<'de> for DecimalVisitor {
    type Value = Decimal;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a decimal number (a JSON number or a string)")
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Decimal, E> {
        Ok(Decimal::from(value))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Decimal, E> {
        Ok(Decimal::from(value))
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Decimal, E> {
        // Digits beyond the 28 a decimal holds are rounded: the float was already inexact.
        Decimal::from_str(&value.to_string())
            .map_err(|_| E::invalid_value(Unexpected::Float(value), &self))
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Decimal, E> {
        parse(value).ok_or_else(|| E::invalid_value(Unexpected::Str(value), &self))
    }

    /// An element's text as quick-xml's serde reader hands it to `deserialize_any`:
    /// `{"$text": "1.50"}`.
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Decimal, A::Error> {
        let text = match map.next_key::<Cow<'de, str>>()? {
            Some(key) if key == "$text" || key == "$value" => map.next_value::<Cow<'de, str>>()?,
            _ => return Err(de::Error::invalid_type(Unexpected::Map, &self)),
        };
        match map.next_key::<IgnoredAny>()? {
            None => self.visit_str(&text),
            Some(_) => Err(de::Error::invalid_type(Unexpected::Map, &self)),
        }
    }
}

/// The decimal as written, scale kept (`1.50`).
impl XmlValue for Decimal {
    fn write_text(&self, out: &mut String) {
        use std::fmt::Write as _;
        // Writing into a String cannot fail.
        let _ = write!(out, "{self}");
    }
}

impl Field for Decimal {
    const HAS_EMPTY: bool = false;
    fn write_xml(&self, name: &str, w: &mut XmlWriter) {
        w.element(name, self);
    }

    fn serialize_field<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serialize(self, serializer)
    }

    fn deserialize_field<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize(deserializer)
    }
}

/// Any decimal; callers may hand in anything `Into<Decimal>` (integers, other decimals), never
/// a binary float (which would already have lost digits).
impl crate::values::checked::Scalar for Decimal {
    type Input = Decimal;

    fn from_input(input: Decimal) -> Result<Self, (Rule, String)> {
        Ok(input)
    }

    fn as_decimal(&self) -> Option<Decimal> {
        Some(*self)
    }

    fn serialize_scalar<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serialize(self, serializer)
    }

    fn deserialize_scalar<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize(deserializer)
    }
}
