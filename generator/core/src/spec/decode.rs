//! Reading typed values out of a located YAML tree, recording every problem instead of
//! stopping at the first one.

use crate::diag::{Diagnostic, Diagnostics, Origin};
use crate::spec::Located;
use crate::spec::yaml::{Key, Node, Value};
use std::path::Path;

/// The decoding context: which file, and where problems go.
pub(crate) struct Cx<'a> {
    pub file: &'a Path,
    pub diags: &'a mut Diagnostics,
}

impl Cx<'_> {
    pub fn origin(&self, line_col: (u32, u32), path: &str) -> Origin {
        Origin {
            file: self.file.to_path_buf(),
            line_col: Some(line_col),
            yaml_path: path.to_string(),
        }
    }

    pub fn error(
        &mut self,
        line_col: (u32, u32),
        path: &str,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        let origin = self.origin(line_col, path);
        self.diags.push_mut(Diagnostic::new(origin, message))
    }
}

/// Joins a YAML path with a key, quoting keys that would make the path ambiguous.
pub(crate) fn join(path: &str, key: &str) -> String {
    let plain = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '$'))
        && key.chars().count() <= 80;
    let key = if plain {
        key.to_string()
    } else {
        quote_key(key)
    };
    if path.is_empty() {
        key
    } else {
        format!("{path}.{key}")
    }
}

fn quote_key(key: &str) -> String {
    let shown: String = key.chars().take(40).collect();
    let more = if key.chars().count() > 40 { "…" } else { "" };
    format!("{:?}", format!("{shown}{more}"))
}

/// Joins a YAML path with a sequence index.
pub(crate) fn index(path: &str, i: usize) -> String {
    format!("{path}[{i}]")
}

/// A mapping whose keys were checked against a list of allowed keys.
pub(crate) struct MapView<'n> {
    pub node: &'n Node,
    pub path: String,
    pub entries: &'n [(Key, Node)],
}

impl<'n> MapView<'n> {
    /// The value of `key`, if present (the first one when a key is duplicated).
    pub fn get(&self, key: &str) -> Option<&'n Node> {
        self.entries
            .iter()
            .find(|(k, _)| k.name == key)
            .map(|(_, v)| v)
    }

    /// Reports a required key that is missing.
    fn require(&self, cx: &mut Cx<'_>, key: &super::keys::Key) {
        let (key, hint) = (key.name, key.missing.unwrap_or_default());
        if self.get(key).is_none() {
            let at = if self.path.is_empty() {
                "the document"
            } else {
                "this mapping"
            };
            cx.error(
                self.node.line_col,
                &self.path,
                format!("missing required key `{key}` in {at}"),
            )
            .help = Some(hint.to_string());
        }
    }

    /// The path of a child key.
    pub fn child(&self, key: &str) -> String {
        join(&self.path, key)
    }
}

/// Views `node` as a `mapping` of the spec (see [`keys`](super::keys)). Unknown keys get a
/// "did you mean" hint, duplicates are reported with the first occurrence's line, and each
/// missing required key with its hint.
pub(crate) fn map<'n>(
    cx: &mut Cx<'_>,
    node: &'n Node,
    path: &str,
    mapping: &super::keys::Mapping,
) -> Option<MapView<'n>> {
    let Value::Map(entries) = &node.value else {
        expected(cx, node, path, "a mapping");
        return None;
    };
    // First occurrences by name: a lookup, not a scan, so a huge mapping is not quadratic.
    let mut seen: std::collections::BTreeMap<&str, &Key> = std::collections::BTreeMap::new();
    for (key, _) in entries {
        let key_path = join(path, &key.name);
        if let Some(first) = first_occurrence(&mut seen, key) {
            cx.error(
                key.line_col,
                &key_path,
                format!("duplicate key `{}`", shorten(&key.name)),
            )
            .help = Some(format!(
                "the key was first given at line {}; keep one of them",
                first.line_col.0
            ));
        } else if !mapping.allows(&key.name) {
            let diag = cx.error(
                key.line_col,
                &key_path,
                format!("unknown key `{}`", shorten(&key.name)),
            );
            let allowed = mapping.names();
            diag.help = Some(match closest(&key.name, &allowed) {
                Some(near) => format!("did you mean `{near}`?"),
                None => format!("allowed keys here: {}", allowed.join(", ")),
            });
        }
    }
    let view = MapView {
        node,
        path: path.to_string(),
        entries,
    };
    for key in mapping.required() {
        view.require(cx, key);
    }
    Some(view)
}

/// Views `node` as a mapping with free keys (field names, parameter names), reporting
/// duplicates.
pub(crate) fn named_entries<'n>(
    cx: &mut Cx<'_>,
    node: &'n Node,
    path: &str,
) -> Vec<&'n (Key, Node)> {
    let Value::Map(entries) = &node.value else {
        expected(cx, node, path, "a mapping of names to definitions");
        return Vec::new();
    };
    let mut unique = Vec::new();
    let mut seen: std::collections::BTreeMap<&str, &Key> = std::collections::BTreeMap::new();
    for entry in entries {
        let key = &entry.0;
        if let Some(first) = first_occurrence(&mut seen, key) {
            cx.error(
                key.line_col,
                &join(path, &key.name),
                format!("duplicate key `{}`", shorten(&key.name)),
            )
            .help = Some(format!(
                "the key was first given at line {}; keep one of them",
                first.line_col.0
            ));
        } else if key.name.trim().is_empty() {
            // The name is also the wire name (XML element, JSON property): `rustName` cannot
            // rescue an empty one.
            cx.error(key.line_col, &join(path, &key.name), "the name is empty")
                .help = Some("write the documented name as the key".into());
        } else {
            unique.push(entry);
        }
    }
    unique
}

/// The earlier key of the same name, if any; records `key` as the first one otherwise.
fn first_occurrence<'n>(
    seen: &mut std::collections::BTreeMap<&'n str, &'n Key>,
    key: &'n Key,
) -> Option<&'n Key> {
    match seen.entry(key.name.as_str()) {
        std::collections::btree_map::Entry::Occupied(first) => Some(*first.get()),
        std::collections::btree_map::Entry::Vacant(slot) => {
            slot.insert(key);
            None
        }
    }
}

/// The items of a sequence.
pub(crate) fn seq<'n>(cx: &mut Cx<'_>, node: &'n Node, path: &str) -> &'n [Node] {
    match &node.value {
        Value::Seq(items) => items,
        _ => {
            expected(cx, node, path, "a sequence");
            &[]
        }
    }
}

/// A string value. Plain scalars that YAML resolved to numbers or booleans are refused,
/// because quietly turning `1.10` into `"1.1"` would change what the spec says.
pub(crate) fn string(cx: &mut Cx<'_>, node: &Node, path: &str) -> Option<Located<String>> {
    match &node.value {
        Value::Str(s) => Some(Located {
            value: s.clone(),
            origin: cx.origin(node.line_col, path),
        }),
        _ => {
            expected(cx, node, path, "a string");
            None
        }
    }
}

/// A non-empty, single-line string (names, identifiers, paths).
pub(crate) fn name(cx: &mut Cx<'_>, node: &Node, path: &str) -> Option<Located<String>> {
    let s = string(cx, node, path)?;
    if s.value.trim().is_empty() {
        cx.error(node.line_col, path, "this must not be empty");
        return None;
    }
    if s.value.contains(['\n', '\r']) {
        cx.error(node.line_col, path, "this must fit on one line");
        return None;
    }
    Some(s)
}

/// An integer, with hints for YAML 1.1 and quoting mistakes.
pub(crate) fn int(cx: &mut Cx<'_>, node: &Node, path: &str) -> Option<Located<i128>> {
    match &node.value {
        Value::Int(i) => Some(Located {
            value: *i,
            origin: cx.origin(node.line_col, path),
        }),
        Value::Str(s) => {
            let hint = integer_hint(s);
            cx.error(
                node.line_col,
                path,
                format!("expected an integer, found the string {:?}", shorten(s)),
            )
            .help = Some(hint);
            None
        }
        _ => {
            expected(cx, node, path, "an integer");
            None
        }
    }
}

fn integer_hint(s: &str) -> String {
    let digits: String = s.chars().filter(|c| *c != '_').collect();
    if s.contains('_') && digits.parse::<i128>().is_ok() {
        format!("YAML 1.2 has no digit separators; write {digits}")
    } else if s.trim().parse::<i128>().is_ok() {
        format!("remove the quotes: {}", s.trim())
    } else {
        "write a whole number without quotes, e.g. 100000".to_string()
    }
}

/// A boolean, with a hint for YAML 1.1 spellings such as `yes` and `no`.
pub(crate) fn boolean(cx: &mut Cx<'_>, node: &Node, path: &str) -> Option<Located<bool>> {
    match &node.value {
        Value::Bool(b) => Some(Located {
            value: *b,
            origin: cx.origin(node.line_col, path),
        }),
        Value::Str(s) => {
            let hint = match s.to_ascii_lowercase().as_str() {
                "yes" | "y" | "on" | "true" => {
                    "YAML 1.2 booleans are `true` and `false`; write true"
                }
                "no" | "n" | "off" | "false" => {
                    "YAML 1.2 booleans are `true` and `false`; write false"
                }
                _ => "write true or false",
            };
            cx.error(
                node.line_col,
                path,
                format!("expected a boolean, found the string {:?}", shorten(s)),
            )
            .help = Some(hint.to_string());
            None
        }
        _ => {
            expected(cx, node, path, "a boolean");
            None
        }
    }
}

/// Reports a value of the wrong YAML kind.
pub(crate) fn expected(cx: &mut Cx<'_>, node: &Node, path: &str, what: &str) {
    cx.error(
        node.line_col,
        path,
        format!("expected {what}, found {}", node.value.kind()),
    );
}

/// Keeps huge spec strings out of messages.
pub(crate) fn shorten(s: &str) -> String {
    const MAX: usize = 60;
    if s.chars().count() <= MAX {
        s.to_string()
    } else {
        let head: String = s.chars().take(MAX).collect();
        format!("{head}… ({} characters)", s.chars().count())
    }
}

/// The allowed word closest to `word`, when it is close enough to be a likely typo.
pub(crate) fn closest<'a>(word: &str, allowed: &[&'a str]) -> Option<&'a str> {
    if word.chars().count() > 64 {
        return None;
    }
    let lower = word.to_ascii_lowercase();
    allowed
        .iter()
        .map(|candidate| {
            (
                edit_distance(&lower, &candidate.to_ascii_lowercase()),
                *candidate,
            )
        })
        .filter(|(d, candidate)| *d <= (candidate.len() / 3).max(1))
        .min()
        .map(|(_, candidate)| candidate)
}

/// Optimal-string-alignment distance: like Levenshtein, but swapping two neighbouring
/// characters (`$lnag` for `$lang`), the most common typo, costs one edit, not two.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut before: Vec<usize> = Vec::new();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut row = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            row[j] = (prev[j] + 1).min(row[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                row[j] = row[j].min(before[j - 2] + 1);
            }
        }
        before = std::mem::replace(&mut prev, row);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_near_keys_only() {
        let allowed = ["pattern", "minimum", "description"];
        assert_eq!(closest("patern", &allowed), Some("pattern"));
        assert_eq!(closest("Minimum", &allowed), Some("minimum"));
        assert_eq!(closest("colour", &allowed), None);
    }

    #[test]
    fn a_swap_of_neighbours_is_one_edit() {
        assert_eq!(edit_distance("$lnag", "$lang"), 1);
        assert_eq!(edit_distance("ab", "ba"), 1);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(closest("$lnag", &["$db", "$lang"]), Some("$lang"));
        assert_eq!(closest("tpye", &["type", "items"]), Some("type"));
    }

    #[test]
    fn empty_names_are_refused() {
        let root = crate::spec::yaml::parse(
            "A: {type: string}\n\"\": {type: string}\n\" \": {type: string}\n",
        )
        .expect("parses");
        let mut diags = Diagnostics::default();
        let mut cx = Cx {
            file: Path::new("x.yaml"),
            diags: &mut diags,
        };
        let names: Vec<&str> = named_entries(&mut cx, &root, "fields")
            .iter()
            .map(|(k, _)| k.name.as_str())
            .collect();
        assert_eq!(names, ["A"]);
        let messages: Vec<String> = diags
            .sorted()
            .into_iter()
            .map(|d| format!("{}:{}", d.origin.line_col.map_or(0, |lc| lc.0), d.message))
            .collect();
        assert_eq!(messages, ["2:the name is empty", "3:the name is empty"]);
    }

    #[test]
    fn paths_quote_odd_keys() {
        assert_eq!(
            join("request.fields", "PhoneNumber"),
            "request.fields.PhoneNumber"
        );
        assert_eq!(join("a", "b.c"), "a.\"b.c\"");
        assert_eq!(join("", "$db"), "$db");
    }
}
