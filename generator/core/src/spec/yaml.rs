//! YAML text → a located node tree.
//!
//! This is the only module that talks to the YAML library. It turns a file into a tree of
//! [`Node`]s that keep the line and column of every key and value, so that later phases can
//! report any number of problems, each at its own place. Duplicate keys are kept here (the
//! parser forwards them) and reported by the spec decoder with both locations and a path.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::{Budget, DuplicateKeyPolicy, Options, Spanned};

/// How deeply collections may nest in a spec file. Real specs need about 8.
pub const MAX_DEPTH: usize = 48;

/// How many aliases (`*name`) a spec file may use.
pub const MAX_ALIASES: usize = 1_000;

/// How many YAML nodes the aliases of a file may expand to in total (stops "billion laughs").
pub const MAX_REPLAYED_EVENTS: usize = 10_000;

/// How many YAML parser events (scalars, collection starts and ends) a file may hold.
pub const MAX_EVENTS: usize = 2_000_000;

/// A YAML value with the position it was written at.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// The value.
    pub value: Value,
    /// 1-based line and column of the value's first character.
    pub line_col: (u32, u32),
}

/// A mapping key with its position.
#[derive(Clone, Debug, PartialEq)]
pub struct Key {
    /// The key text; non-string keys are rendered as their scalar text.
    pub name: String,
    /// 1-based line and column.
    pub line_col: (u32, u32),
}

/// The YAML data model, after YAML 1.2 core-schema resolution of plain scalars.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// `null`, `~` or nothing.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// An integer.
    Int(i128),
    /// A floating-point number (including `.nan` and `.inf`).
    Float(f64),
    /// A string, quoted or plain.
    Str(String),
    /// A sequence.
    Seq(Vec<Node>),
    /// A mapping in document order, duplicates included.
    Map(Vec<(Key, Node)>),
}

impl Value {
    /// A short name of the value's kind for messages ("a string", "a mapping").
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Int(_) => "an integer",
            Value::Float(_) => "a number",
            Value::Str(_) => "a string",
            Value::Seq(_) => "a sequence",
            Value::Map(_) => "a mapping",
        }
    }
}

/// A YAML syntax or structure problem, with its position when the parser knows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    /// 1-based line and column.
    pub line_col: Option<(u32, u32)>,
    /// The parser's message, without its source snippet.
    pub message: String,
}

/// Parses one YAML document. Several documents in one file, tags the schema does not know and
/// anything over the size budgets are errors, never panics.
pub fn parse(text: &str) -> Result<Node, SyntaxError> {
    parse_with(text, parser_options()).map_err(|err| syntax_error(&err))
}

/// [`parse`] with other options (the OpenAPI reader's larger budgets); the parser's own error
/// is kept, for callers that name their limits themselves.
pub fn parse_with(text: &str, options: Options) -> Result<Node, serde_saphyr::Error> {
    serde_saphyr::from_str_with_options::<Spanned<Value>>(text, options).map(|spanned| Node {
        value: spanned.value,
        line_col: position(&spanned.referenced),
    })
}

/// A parser error as a message and the position it was found at.
pub fn syntax_error(err: &serde_saphyr::Error) -> SyntaxError {
    let message = plain_message(err);
    let (message, carried) = match message.split_once(AT) {
        Some((text, at)) => {
            let (line, col) = at.split_once(':').unwrap_or_default();
            (
                text.to_string(),
                line.parse().ok().zip(
                    col.trim_end_matches(|c: char| !c.is_ascii_digit())
                        .parse()
                        .ok(),
                ),
            )
        }
        None => (message, None),
    };
    let line_col = err
        .location()
        .map(|loc| position(&loc))
        .filter(|lc| lc.0 > 0)
        .or(carried.filter(|lc: &(u32, u32)| lc.0 > 0));
    SyntaxError { line_col, message }
}

/// Separates a position carried in a custom error message from its text.
const AT: &str = " @@";

pub fn parser_options() -> Options {
    let mut budget = Budget::default();
    budget.max_depth = MAX_DEPTH;
    budget.flow_nesting_limit = MAX_DEPTH;
    budget.max_documents = 1;
    budget.max_aliases = MAX_ALIASES;
    budget.max_events = MAX_EVENTS;
    let mut options = Options::default();
    options.budget = Some(budget);
    options.alias_limits.max_total_replayed_events = MAX_REPLAYED_EVENTS;
    options.duplicate_keys = DuplicateKeyPolicy::PassThrough;
    // YAML 1.1 spellings (`no`, `on`, `0o10` octals, `1_000`) stay strings, so the decoder
    // can say what was meant instead of silently reading `no` as false.
    options.strict_booleans = true;
    options.underscored_numbers_as_strings = true;
    options.legacy_octal_numbers = false;
    options.reject_unsupported_tags = true;
    // `!!binary` would decode base64 into the text the generator uses: a spec reader would
    // not see what ends up in the code. Keep the value exactly as written.
    options.ignore_binary_tag_for_string = true;
    options.with_snippet = false;
    options.non_finite_float_policy = serde_saphyr::NonFiniteFloatPolicy::PassThrough;
    options
}

pub fn position(loc: &serde_saphyr::Location) -> (u32, u32) {
    let clamp = |n: u64| u32::try_from(n).unwrap_or(u32::MAX);
    (clamp(loc.line()), clamp(loc.column()))
}

/// The parser's message without the trailing location and snippet it adds, since the
/// diagnostic prints the location itself. A breached limit is named with its value.
fn plain_message(err: &serde_saphyr::Error) -> String {
    let rendered = err.without_snippet().to_string();
    let first = rendered.lines().next().unwrap_or_default();
    let first = match first.find(" at line ") {
        Some(i) => &first[..i],
        None => first,
    };
    limit_message(first).unwrap_or_else(|| first.to_string())
}

/// Says which limit of [`parser_options`] a budget message is about, and its value.
fn limit_message(message: &str) -> Option<String> {
    let m = message.to_ascii_lowercase();
    let text = if m.contains("depth") || m.contains("recursion limit") || m.contains("nesting") {
        format!("the collections nest deeper than the limit of {MAX_DEPTH} levels")
    } else if m.contains("documents") {
        "the file holds more than one YAML document".to_string()
    } else if m.contains("alias replay") || m.contains("replayed") {
        format!(
            "the aliases expand to more than {MAX_REPLAYED_EVENTS} YAML nodes, the limit for alias expansion"
        )
    } else if m.contains("aliases") {
        format!("the file uses more than {MAX_ALIASES} aliases, the limit")
    } else if m.contains("events") {
        format!("the file holds more than {MAX_EVENTS} YAML nodes, the limit")
    } else if m.contains("budget") {
        format!("the file exceeds a size limit of the YAML parser ({message})")
    } else {
        return None;
    };
    Some(text)
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        Value::deserialize(d)
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Int(v.into()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Int(v.into()))
    }
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Value, E> {
        Ok(Value::Int(v))
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Value, E> {
        i128::try_from(v)
            .map(Value::Int)
            .map_err(|_| E::custom("integer is too large"))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        Ok(Value::Float(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        Ok(Value::Str(v.to_string()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        Ok(Value::Str(v))
    }
    fn visit_bytes<E: de::Error>(self, _: &[u8]) -> Result<Value, E> {
        Err(E::custom("binary values are not allowed in a spec"))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Spanned<Value>>()? {
            items.push(Node {
                value: item.value,
                line_col: position(&item.referenced),
            });
        }
        Ok(Value::Seq(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<Spanned<Value>>()? {
            let name = match key.value {
                Value::Str(s) => s,
                Value::Int(i) => i.to_string(),
                Value::Bool(b) => b.to_string(),
                Value::Float(f) => f.to_string(),
                Value::Null => "null".to_string(),
                Value::Seq(_) | Value::Map(_) => {
                    // The parser does not always locate a custom error: carry the key's
                    // position in the message, for `parse` to take back out.
                    let (line, col) = position(&key.referenced);
                    return Err(de::Error::custom(format!(
                        "mapping keys must be plain text{AT}{line}:{col}"
                    )));
                }
            };
            let value = map.next_value::<Spanned<Value>>()?;
            entries.push((
                Key {
                    name,
                    line_col: position(&key.referenced),
                },
                Node {
                    value: value.value,
                    line_col: position(&value.referenced),
                },
            ));
        }
        Ok(Value::Map(entries))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_positions_and_duplicates() {
        let node = parse("a: 1\nb:\n  - x\n  - 'y'\na: 2\n").expect("parses");
        let Value::Map(entries) = node.value else {
            panic!("not a map")
        };
        assert_eq!(entries.len(), 3);
        assert_eq!(entries[0].0.name, "a");
        assert_eq!(entries[0].1.line_col, (1, 4));
        assert_eq!(entries[2].0.line_col, (5, 1));
        let Value::Seq(items) = &entries[1].1.value else {
            panic!("not a seq")
        };
        assert_eq!(items[1].value, Value::Str("y".into()));
        assert_eq!(items[1].line_col.0, 4);
    }

    #[test]
    fn yaml_11_spellings_stay_strings() {
        let node = parse("a: no\nb: 1_000\nc: 0o10\nd: .nan\ne: ~\n").expect("parses");
        let Value::Map(entries) = node.value else {
            panic!("not a map")
        };
        assert_eq!(entries[0].1.value, Value::Str("no".into()));
        assert_eq!(entries[1].1.value, Value::Str("1_000".into()));
        assert_eq!(entries[2].1.value, Value::Int(8));
        assert!(matches!(entries[3].1.value, Value::Float(f) if f.is_nan()));
        assert_eq!(entries[4].1.value, Value::Null);
    }

    #[test]
    fn syntax_errors_are_located() {
        let err = parse("a: [1, 2\nb: 3\n").expect_err("unclosed flow sequence");
        assert!(err.line_col.is_some(), "{err:?}");
        let err = parse("a: 1\n---\nb: 2\n").expect_err("two documents");
        assert!(!err.message.is_empty());
    }
}
