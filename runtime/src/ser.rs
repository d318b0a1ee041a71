//! Writing generated structs without a serde derive per struct: generated `Serialize` impls
//! call `serialize_struct` directly and use this for optional fields.

use serde::Serialize;
use serde::ser::SerializeStruct;

/// Writes `value` under `name` when it is set; an unset optional field is left out (RamBase
/// reads an absent field as "not given", which is what `None` means).
pub fn optional_field<S: SerializeStruct, T: Serialize>(
    state: &mut S,
    name: &'static str,
    value: &Option<T>,
) -> Result<(), S::Error> {
    match value {
        Some(value) => state.serialize_field(name, value),
        None => state.skip_field(name),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Pair {
        a: Option<u8>,
        b: bool,
    }

    impl Serialize for Pair {
        fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let mut state = serializer.serialize_struct("Pair", 2)?;
            optional_field(&mut state, "a", &self.a)?;
            state.serialize_field("b", &self.b)?;
            state.end()
        }
    }

    #[test]
    fn unset_fields_are_left_out() {
        let json = |p: &Pair| serde_json::to_string(p).unwrap();
        assert_eq!(json(&Pair { a: None, b: true }), r#"{"b":true}"#);
        assert_eq!(
            json(&Pair {
                a: Some(1),
                b: false
            }),
            r#"{"a":1,"b":false}"#
        );
    }
}
