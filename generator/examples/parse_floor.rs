//! The floor that whole-process generation is compared with: `parse_floor SPEC_DIR` reads
//! every spec file below `SPEC_DIR` and parses it into a plain, untyped YAML value with the
//! generator's YAML crate (serde-saphyr, default options), and does nothing else.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

/// A plain YAML value, no positions.
#[derive(Debug)]
#[allow(dead_code)] // Built to be parsed into, never read.
enum Plain {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Plain>),
    Map(BTreeMap<String, Plain>),
}

impl<'de> Deserialize<'de> for Plain {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(PlainVisitor)
    }
}

struct PlainVisitor;

impl<'de> Visitor<'de> for PlainVisitor {
    type Value = Plain;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_unit<E>(self) -> Result<Plain, E> {
        Ok(Plain::Null)
    }
    fn visit_none<E>(self) -> Result<Plain, E> {
        Ok(Plain::Null)
    }
    fn visit_bool<E>(self, v: bool) -> Result<Plain, E> {
        Ok(Plain::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Plain, E> {
        Ok(Plain::Int(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Plain, E> {
        Ok(Plain::Int(i64::try_from(v).unwrap_or(i64::MAX)))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Plain, E> {
        Ok(Plain::Float(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Plain, E> {
        Ok(Plain::Str(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Plain, E> {
        Ok(Plain::Str(v))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Plain, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Plain::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Plain, A::Error> {
        let mut entries = BTreeMap::new();
        while let Some((key, value)) = map.next_entry::<String, Plain>()? {
            entries.insert(key, value);
        }
        Ok(Plain::Map(entries))
    }
}

fn main() -> std::process::ExitCode {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: parse_floor SPEC_DIR");
        return std::process::ExitCode::from(2);
    };
    let specs = match generator::discover_specs(std::path::Path::new(&dir)) {
        Ok(specs) => specs,
        Err(err) => {
            eprintln!("{err}");
            return std::process::ExitCode::FAILURE;
        }
    };
    let mut nodes = 0usize;
    for path in &specs {
        let parsed = std::fs::read_to_string(path)
            .map_err(|e| e.to_string())
            .and_then(|text| serde_saphyr::from_str::<Plain>(&text).map_err(|e| e.to_string()));
        match parsed {
            Ok(value) => nodes += count(&value),
            Err(err) => {
                eprintln!("{}: {err}", path.display());
                return std::process::ExitCode::FAILURE;
            }
        }
    }
    println!("parsed {} files, {nodes} values", specs.len());
    std::process::ExitCode::SUCCESS
}

fn count(value: &Plain) -> usize {
    1 + match value {
        Plain::Seq(items) => items.iter().map(count).sum(),
        Plain::Map(entries) => entries.values().map(count).sum(),
        _ => 0,
    }
}
