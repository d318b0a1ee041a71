//! Reading an OpenAPI document: located nodes with their JSON pointers, `$ref` resolution
//! that stops at cycles, and the problems found, each at its node.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Diagnostics, Origin};
use crate::spec::yaml::{Key, Node, Value};

/// The parsed document and the problems found in it so far.
pub(crate) struct Doc<'n> {
    pub root: &'n Node,
    pub file: PathBuf,
    pub diags: Diagnostics,
    /// The entries of the big mappings `$ref`s were looked up in (`components/schemas` with
    /// thousands of entries), by name, keyed by the mapping's address: built on the first
    /// lookup, so a `$ref` costs the same however many schemas the document has.
    index: BTreeMap<usize, BTreeMap<&'n str, &'n Node>>,
    /// The component schemas built apart from the tree (see [`super::reader::used_schemas`]).
    schemas: Option<&'n BTreeMap<String, Node>>,
}

/// Mappings with more entries than this are looked up through [`Doc::index`].
const INDEXED: usize = 16;

/// How many `$ref`s one chain may follow before it is called a cycle.
const MAX_REF_CHAIN: usize = 64;

impl<'n> Doc<'n> {
    /// A reader for `root`, whose problems are reported against `file`.
    pub fn new(root: &'n Node, file: &Path) -> Self {
        Doc {
            root,
            file: file.to_path_buf(),
            diags: Diagnostics::default(),
            index: BTreeMap::new(),
            schemas: None,
        }
    }

    /// Looks `#/components/schemas/<name>` up in `schemas` first.
    pub fn with_schemas(mut self, schemas: &'n BTreeMap<String, Node>) -> Self {
        self.schemas = Some(schemas);
        self
    }

    /// Records a problem at a node; `ptr` is its JSON pointer.
    pub fn error(&mut self, node: &Node, ptr: &str, message: impl Into<String>, help: &str) {
        // Keys and names come from the document: printed, they must not drive the terminal.
        let clean = super::report::clean;
        let origin = Origin {
            file: self.file.clone(),
            line_col: Some(node.line_col),
            yaml_path: clean(&format!("#{ptr}")),
        };
        let mut d = Diagnostic::new(origin, clean(&message.into()));
        if !help.is_empty() {
            d = d.help(help);
        }
        self.diags.push(d);
    }

    /// Follows `$ref`s from `node` to what they name: the node, its pointer, and the name of
    /// the last component it came from (`Customer` for `#/components/schemas/Customer`).
    /// Unresolvable references and cycles are reported and give `None`.
    pub fn resolve(
        &mut self,
        node: &'n Node,
        ptr: &str,
    ) -> Option<(&'n Node, String, Option<String>)> {
        let (mut node, mut ptr, mut name) = (node, ptr.to_string(), None);
        let mut seen: Vec<String> = Vec::new();
        while let Some(target) = str_at(node, "$ref") {
            if seen.iter().any(|s| s == target) || seen.len() >= MAX_REF_CHAIN {
                let start = seen.iter().position(|s| s == target).unwrap_or(0);
                let chain: Vec<&str> = seen[start..].iter().map(|s| ref_name(s)).collect();
                let message = format!("`$ref` cycle: {} → {}", chain.join(" → "), ref_name(target));
                self.error(node, &ptr, message, "a reference must end at a definition");
                return None;
            }
            seen.push(target.to_string());
            if !target.starts_with('#') {
                let message = format!("`$ref` {target:?} points into another file or URL");
                let help = "bundle the document into one file first (`redocly bundle` or `swagger-cli bundle`), then import the bundle";
                self.error(node, &join(&ptr, "$ref"), message, help);
                return None;
            }
            let Some(found) = target.strip_prefix('#').and_then(|p| self.lookup(p)) else {
                let message = format!("`$ref` {target:?} does not name anything in this document");
                let help = "only local references (`#/components/...`) are supported";
                self.error(node, &join(&ptr, "$ref"), message, help);
                return None;
            };
            name = target.rsplit('/').next().map(unescape);
            node = found;
            ptr = target.trim_start_matches('#').to_string();
        }
        Some((node, ptr, name))
    }

    /// Where a pointer's lookup starts: at a schema built apart, or at the root.
    fn start<'p>(&self, pointer: &'p str) -> (&'n Node, &'p str) {
        const SCHEMAS: &str = "/components/schemas/";
        let Some((schemas, rest)) = self.schemas.zip(pointer.strip_prefix(SCHEMAS)) else {
            return (self.root, pointer);
        };
        let name = rest.split('/').next().unwrap_or_default();
        match schemas.get(&unescape(name)) {
            Some(schema) => (schema, &rest[name.len()..]),
            None => (self.root, pointer),
        }
    }

    /// The node at a JSON pointer below the root.
    fn lookup(&mut self, pointer: &str) -> Option<&'n Node> {
        let (mut node, pointer) = self.start(pointer);
        for raw in pointer.split('/').skip(1) {
            let segment = unescape(raw);
            node = match &node.value {
                Value::Map(entries) if entries.len() > INDEXED => {
                    let index = self
                        .index
                        .entry(std::ptr::from_ref(node) as usize)
                        .or_insert_with(|| {
                            entries.iter().map(|(k, v)| (k.name.as_str(), v)).collect()
                        });
                    index.get(segment.as_str()).copied()?
                }
                Value::Map(entries) => entries
                    .iter()
                    .find(|(k, _)| k.name == segment)
                    .map(|(_, v)| v)?,
                Value::Seq(items) => items.get(segment.parse::<usize>().ok()?)?,
                _ => return None,
            };
        }
        Some(node)
    }
}

/// `Customer` for `#/components/schemas/Customer`: how a reference is named in messages.
fn ref_name(target: &str) -> &str {
    target.rsplit('/').next().unwrap_or(target)
}

fn unescape(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}

/// A JSON pointer with one more segment, escaped.
pub(crate) fn join(ptr: &str, key: &str) -> String {
    format!("{ptr}/{}", key.replace('~', "~0").replace('/', "~1"))
}

/// The entries of a mapping (none for anything else).
pub(crate) fn entries(node: &Node) -> &[(Key, Node)] {
    match &node.value {
        Value::Map(entries) => entries,
        _ => &[],
    }
}

/// The items of a sequence (none for anything else).
pub(crate) fn items(node: &Node) -> &[Node] {
    match &node.value {
        Value::Seq(items) => items,
        _ => &[],
    }
}

/// The value of `key` in a mapping.
pub(crate) fn get<'n>(node: &'n Node, key: &str) -> Option<&'n Node> {
    entries(node)
        .iter()
        .find(|(k, _)| k.name == key)
        .map(|(_, v)| v)
}

/// The string value of `key` in a mapping.
pub(crate) fn str_at<'n>(node: &'n Node, key: &str) -> Option<&'n str> {
    match get(node, key).map(|n| &n.value) {
        Some(Value::Str(s)) => Some(s),
        _ => None,
    }
}

/// The boolean value of `key` in a mapping.
pub(crate) fn bool_at(node: &Node, key: &str) -> Option<bool> {
    match get(node, key).map(|n| &n.value) {
        Some(Value::Bool(b)) => Some(*b),
        _ => None,
    }
}

/// The strings of a sequence at `key`; other items are skipped.
pub(crate) fn strings_at(node: &Node, key: &str) -> Vec<String> {
    get(node, key).map(strings).unwrap_or_default()
}

/// The strings of a sequence; other items are skipped.
pub(crate) fn strings(node: &Node) -> Vec<String> {
    items(node)
        .iter()
        .filter_map(|n| match &n.value {
            Value::Str(s) => Some(s.clone()),
            _ => None,
        })
        .collect()
}
