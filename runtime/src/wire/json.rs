//! JSON bodies on the wire.
//!
//! RamBase wraps every JSON request and response body in one root property named after the
//! object, first letter lower-cased: `{"phone": {"type": "BUSINESS", ...}}`. Error bodies are
//! the exception (they are not wrapped; see [`crate::ApiError`]).

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::value::RawValue;

use crate::wire::body_error::BodyError;

/// Serializes `value` wrapped in the root property `root`: `{"phone": {...}}`.
///
/// ```
/// #[derive(serde::Serialize)]
/// struct Phone { #[serde(rename = "phoneNumber")] phone_number: String }
///
/// let body = rambase_runtime::__private::json::to_json_body("phone", &Phone { phone_number: "+47 1".into() });
/// assert_eq!(body.unwrap(), br#"{"phone":{"phoneNumber":"+47 1"}}"#);
/// ```
pub fn to_json_body<T: Serialize + ?Sized>(
    root: &str,
    value: &T,
) -> Result<Vec<u8>, serde_json::Error> {
    let mut out = Vec::with_capacity(128);
    out.push(b'{');
    serde_json::to_writer(&mut out, root)?;
    out.push(b':');
    // Decimals go out as the numbers they are, scale and every digit kept (`1500.50`).
    crate::wire::decimal::with_raw_numbers(|| serde_json::to_writer(&mut out, value))?;
    out.push(b'}');
    Ok(out)
}

/// Reads the value under the root property `root` of a JSON body. Other root properties (a
/// list's `paging`, say) are ignored; a missing root is a [`BodyError::MissingRoot`].
pub fn from_json_body<T: DeserializeOwned>(root: &str, bytes: &[u8]) -> Result<T, BodyError> {
    let mut object = object_body(bytes)?;
    let inner = take_root(&mut object, root)?;
    read_raw(inner)
}

/// The properties of a JSON body, each as its own text: the root is then read straight into
/// its type, in wire order and without a `Value` in between.
pub(crate) type RawObject<'a> = std::collections::BTreeMap<String, &'a RawValue>;

/// The body as a JSON object (the properties around the root included).
pub(crate) fn object_body(bytes: &[u8]) -> Result<RawObject<'_>, BodyError> {
    serde_json::from_slice(bytes).map_err(|error| match error.classify() {
        // Well-formed JSON that is not a map of properties.
        serde_json::error::Category::Data => BodyError::NotAnObject,
        _ => BodyError::Json(error),
    })
}

/// Reads one property's text into `T`, with [`exact_numbers`] applied.
pub(crate) fn read_raw<T: DeserializeOwned>(raw: &RawValue) -> Result<T, BodyError> {
    serde_json::from_str(&exact_numbers(raw.get())).map_err(BodyError::Json)
}

/// The most significant digits whose every decimal number a `f64` reads back unchanged.
const F64_EXACT_DIGITS: usize = 15;

/// `text` with every fractional JSON number whose digits a `f64` would change turned into a
/// JSON string of the same digits: more than 15 significant digits (`12345678901234567.89`),
/// or a scale the float would drop (`1500.50` would become `1500.5`, `10.00` `10`).
/// serde_json (without `arbitrary_precision`, which would change it for the whole dependency
/// graph) reads numbers through `f64`; a decimal reads a string exactly, scale included, and a
/// float field reads it too. An extra field keeps such a number as that text (as XML gives
/// every value), which [`ExtraFields::get_as`](crate::ExtraFields::get_as) still reads as a
/// number. Integers are left alone, so 64-bit ids stay numbers. The text is copied only when
/// such a number is in it.
pub(crate) fn exact_numbers(text: &str) -> std::borrow::Cow<'_, str> {
    let bytes = text.as_bytes();
    let mut out: Option<String> = None;
    let (mut i, mut copied) = (0, 0);
    while i < bytes.len() {
        match bytes[i] {
            b'"' => i = string_end(bytes, i),
            b'-' | b'0'..=b'9' => {
                let end = number_end(bytes, i);
                let number = &text[i..end];
                if !is_exact_in_f64(number) {
                    let out = out.get_or_insert_with(|| String::with_capacity(text.len() + 8));
                    out.push_str(&text[copied..i]);
                    out.push('"');
                    out.push_str(number);
                    out.push('"');
                    copied = end;
                }
                i = end;
            }
            _ => i += 1,
        }
    }
    match out {
        Some(mut out) => {
            out.push_str(&text[copied..]);
            std::borrow::Cow::Owned(out)
        }
        None => std::borrow::Cow::Borrowed(text),
    }
}

/// The index after the string that starts at `start` (a `"`), escapes skipped.
fn string_end(bytes: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

/// The index after the number token that starts at `start`.
fn number_end(bytes: &[u8], start: usize) -> usize {
    let mut i = start;
    while i < bytes.len() && matches!(bytes[i], b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9') {
        i += 1;
    }
    i
}

/// Whether a `f64` holds the number exactly enough to read it back: every integer (left to
/// serde_json, which reads 64-bit integers exactly), and fractions of at most 15 significant
/// digits without trailing zeros (whose scale the float would drop).
fn is_exact_in_f64(number: &str) -> bool {
    if !number.contains(['.', 'e', 'E']) {
        return true;
    }
    let mantissa = number.split(['e', 'E']).next().unwrap_or(number);
    if mantissa.contains('.') && mantissa.ends_with('0') {
        return false;
    }
    let digits = mantissa
        .bytes()
        .filter(u8::is_ascii_digit)
        .skip_while(|d| *d == b'0')
        .count();
    let trailing_zeros = mantissa
        .bytes()
        .rev()
        .take_while(|b| *b == b'0' || *b == b'.')
        .filter(|b| *b == b'0')
        .count();
    digits.saturating_sub(trailing_zeros) <= F64_EXACT_DIGITS
}

/// Takes the root property `root` out of a body, or names the properties found instead.
pub(crate) fn take_root<'a>(
    object: &mut RawObject<'a>,
    root: &str,
) -> Result<&'a RawValue, BodyError> {
    object.remove(root).ok_or_else(|| BodyError::MissingRoot {
        root: root.to_owned(),
        found: object
            .keys()
            .take(5)
            .map(|key| crate::values::text::bounded(key, 40))
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[test]
    fn numbers_a_float_cannot_hold_are_read_as_their_digits() {
        let text = r#"{"a":12345678901234567.89,"b":"x\"1.23456789012345678","c":[0.1,-1e-30,100],"d":9007199254740993,"e":1.500000000000000000}"#;
        assert_eq!(
            exact_numbers(text),
            r#"{"a":"12345678901234567.89","b":"x\"1.23456789012345678","c":[0.1,-1e-30,100],"d":9007199254740993,"e":"1.500000000000000000"}"#
        );
        let plain = r#"{"a":0.3,"b":[1,2.5]}"#;
        assert!(matches!(
            exact_numbers(plain),
            std::borrow::Cow::Borrowed(_)
        ));
        assert_eq!(
            exact_numbers("1.2345678901234567e3"),
            "\"1.2345678901234567e3\""
        );
    }

    #[derive(Debug, Serialize, Deserialize, PartialEq)]
    struct Phone {
        #[serde(rename = "phoneId", default)]
        phone_id: Option<i32>,
        #[serde(rename = "isDefault", default)]
        is_default: Option<bool>,
        #[serde(rename = "phoneNumber")]
        phone_number: String,
    }

    #[test]
    fn writes_the_root_wrapper() {
        let phone = Phone {
            phone_id: None,
            is_default: Some(false),
            phone_number: "+47 \"1\"".into(),
        };
        let body = to_json_body("phone", &phone).unwrap_or_default();
        assert_eq!(
            String::from_utf8_lossy(&body),
            r#"{"phone":{"phoneId":null,"isDefault":false,"phoneNumber":"+47 \"1\""}}"#
        );
    }

    #[test]
    fn reads_the_value_under_the_root_and_ignores_the_rest() {
        let body = br#"{"phone":{"phoneId":5,"phoneNumber":"1","custom":true,"isDefault":null},"paging":{}}"#;
        let phone: Phone = from_json_body("phone", body).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            phone,
            Phone {
                phone_id: Some(5),
                is_default: None,
                phone_number: "1".into()
            }
        );
    }

    #[test]
    fn a_missing_root_is_a_clear_error() {
        let err = from_json_body::<Phone>("phone", br#"{"email":{}}"#).err();
        assert_eq!(
            err.map(|e| e.to_string()).as_deref(),
            Some("the JSON body has no `phone` root property (found: email)")
        );
        let err = from_json_body::<Phone>("phone", b"[1]").err();
        assert!(matches!(err, Some(BodyError::NotAnObject)));
        let err = from_json_body::<Phone>("phone", b"{\"phone\": {").err();
        assert!(matches!(err, Some(BodyError::Json(_))));
    }
}
