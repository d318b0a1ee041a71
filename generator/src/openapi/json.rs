//! A small JSON tree and its pretty printer, for the exported document: keys keep the order
//! they were added in, so the same specs always give the same text.

use std::fmt::Write as _;

/// A JSON value.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Json {
    Bool(bool),
    Int(i128),
    Float(f64),
    Str(String),
    Arr(Vec<Json>),
    Obj(Vec<(String, Json)>),
}

impl Json {
    /// An empty object.
    pub fn obj() -> Json {
        Json::Obj(Vec::new())
    }

    /// Adds a key (to an object; anything else is left as is).
    pub fn set(&mut self, key: &str, value: Json) {
        if let Json::Obj(entries) = self {
            entries.push((key.to_string(), value));
        }
    }

    /// Adds a string under `key` when there is one.
    pub fn set_opt(&mut self, key: &str, value: Option<&String>) {
        if let Some(v) = value {
            self.set(key, Json::Str(v.clone()));
        }
    }

    /// A string value.
    pub fn str(text: &str) -> Json {
        Json::Str(text.to_string())
    }

    /// An array of strings.
    pub fn strs(values: &[String]) -> Json {
        Json::Arr(values.iter().map(|v| Json::str(v)).collect())
    }

    /// The text, indented by two spaces, with a final line break.
    pub fn pretty(&self) -> String {
        let mut out = String::new();
        self.write(&mut out, 0);
        out.push('\n');
        out
    }

    fn write(&self, out: &mut String, depth: usize) {
        match self {
            Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Json::Int(i) => out.push_str(&i.to_string()),
            // Rust prints finite floats without an exponent, which JSON accepts.
            Json::Float(f) if f.is_finite() => out.push_str(&f.to_string()),
            Json::Float(_) => out.push_str("null"),
            Json::Str(s) => string(out, s),
            Json::Arr(items) if items.is_empty() => out.push_str("[]"),
            Json::Obj(entries) if entries.is_empty() => out.push_str("{}"),
            Json::Arr(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    out.push_str(if i == 0 { "\n" } else { ",\n" });
                    out.push_str(&"  ".repeat(depth + 1));
                    item.write(out, depth + 1);
                }
                let _ = write!(out, "\n{}]", "  ".repeat(depth));
            }
            Json::Obj(entries) => {
                out.push('{');
                for (i, (key, value)) in entries.iter().enumerate() {
                    out.push_str(if i == 0 { "\n" } else { ",\n" });
                    out.push_str(&"  ".repeat(depth + 1));
                    string(out, key);
                    out.push_str(": ");
                    value.write(out, depth + 1);
                }
                let _ = write!(out, "\n{}}}", "  ".repeat(depth));
            }
        }
    }
}

fn string(out: &mut String, text: &str) {
    out.push_str(&crate::versions::shape::json_string(text));
}
