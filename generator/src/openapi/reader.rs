//! Reading a whole OpenAPI document into the located node tree, within limits that say what
//! was exceeded and what to do: at most [`MAX_DOCUMENT_BYTES`], [`MAX_DOCUMENT_NODES`] keys
//! and values and [`MAX_DOCUMENT_DEPTH`] levels. JSON (what RamBase publishes) is read by
//! [`super::json_reader`]; anything else by the YAML parser with budgets raised to the same
//! limits. A key written twice in one mapping is refused with both places: JSON and YAML
//! readers disagree on which of the two counts. The component schemas of a JSON document are
//! built only when an imported operation uses them ([`used_schemas`]).

use std::collections::BTreeMap;
use std::path::Path;

use super::MAX_DOCUMENT_BYTES;
use super::json_reader::{self, Deferred, Limits, Parsed, push_segment};
use crate::diag::{Diagnostic, Diagnostics, Origin};
use crate::error::Error;
use crate::spec::yaml::{Key, Node, Value};

/// How many keys and values a document may hold. RamBase's documents hold one per 10 to 15
/// bytes, about 6 million at the size limit; the tree costs about 100 bytes a node, so this
/// keeps the tree of the densest document under a gigabyte.
pub(crate) const MAX_DOCUMENT_NODES: usize = 8_000_000;

/// How deeply a document's collections may nest; RamBase's nest about 20 levels.
pub(crate) const MAX_DOCUMENT_DEPTH: usize = 64;

/// How many duplicate keys are listed one by one; the rest are counted.
const MAX_LISTED_DUPLICATES: usize = 50;

const SIZE_HELP: &str = "a client's document lists only the resources that client may use: \
    import the document of a client with fewer resources, or split the document's `paths` \
    into several documents and import each (`--only` chooses after the whole document is read, \
    so it does not help here)";

/// The text of `file`, refused beyond [`MAX_DOCUMENT_BYTES`] before it is read whole.
pub(crate) fn read(file: &Path) -> Result<String, Error> {
    let bytes =
        crate::files::read_capped(file, MAX_DOCUMENT_BYTES).map_err(|source| Error::Io {
            path: file.to_path_buf(),
            source,
        })?;
    if bytes.len() as u64 > MAX_DOCUMENT_BYTES {
        let size = crate::files::size(file).unwrap_or(bytes.len() as u64);
        return Err(too_large(file, size));
    }
    String::from_utf8(bytes)
        .map_err(|_| problem(file, (1, 1), "the document is not valid UTF-8", ""))
}

const LIMITS: Limits = Limits {
    depth: MAX_DOCUMENT_DEPTH,
    nodes: MAX_DOCUMENT_NODES,
};

/// The text without a byte order mark.
fn content(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// The located tree of a document's text; `shown` names it in diagnostics. The component
/// schemas of a JSON document are checked but left unbuilt, for [`used_schemas`].
pub(crate) fn parse(text: &str, shown: &Path) -> Result<Parsed, Error> {
    if text.len() as u64 > MAX_DOCUMENT_BYTES {
        return Err(too_large(shown, text.len() as u64));
    }
    let text = content(text);
    let parsed = if looks_like_json(text, shown) {
        parse_json(text, shown)?
    } else {
        Parsed {
            root: parse_yaml(text, shown)?,
            deferred: Vec::new(),
            twice: Vec::new(),
        }
    };
    let root = &parsed.root;
    let mut diags = Diagnostics::default();
    let mut found = Found {
        shown,
        diags: &mut diags,
        count: 0,
    };
    duplicates(root, &mut String::new(), &mut found);
    for t in &parsed.twice {
        found.report(&t.name, t.first, t.second, &t.pointer);
    }
    found.finish();
    diags.check().map_err(Error::Spec)?;
    Ok(parsed)
}

/// The component schemas that `used` (the operations imported, the other components) refer
/// to, directly or through other schemas, built from the text [`parse`] left them in. A
/// schema nothing imported refers to is never built, nor checked beyond its syntax.
pub(crate) fn used_schemas(
    text: &str,
    parsed: &Parsed,
    used: &[&Node],
    shown: &Path,
) -> (BTreeMap<String, Node>, Diagnostics) {
    let text = content(text);
    let mut unbuilt: BTreeMap<&str, &Deferred> = BTreeMap::new();
    for d in &parsed.deferred {
        unbuilt.entry(d.name.as_str()).or_insert(d);
    }
    let mut wanted = Vec::new();
    for node in used {
        schema_refs(node, &mut wanted);
    }
    let mut built = BTreeMap::new();
    let mut diags = Diagnostics::default();
    while let Some(name) = wanted.pop() {
        let Some(schema) = unbuilt.remove(name.as_str()) else {
            continue;
        };
        // The text was checked when it was read: this cannot fail, but say so if it does.
        let node = match json_reader::build(text, &LIMITS, schema) {
            Ok(node) => node,
            Err(err) => {
                let origin = at(shown, err.line_col, "");
                diags.push(Diagnostic::new(origin, err.message));
                continue;
            }
        };
        schema_refs(&node, &mut wanted);
        built.insert(name, node);
    }
    (built, diags)
}

/// The names of the component schemas that `$ref`s below `node` point into.
fn schema_refs(node: &Node, out: &mut Vec<String>) {
    match &node.value {
        Value::Map(entries) => {
            for (key, value) in entries {
                if let (true, Value::Str(target)) = (key.name == "$ref", &value.value)
                    && let Some(rest) = target.strip_prefix("#/components/schemas/")
                {
                    let name = rest.split('/').next().unwrap_or_default();
                    out.push(name.replace("~1", "/").replace("~0", "~"));
                }
                schema_refs(value, out);
            }
        }
        Value::Seq(items) => items.iter().for_each(|item| schema_refs(item, out)),
        _ => {}
    }
}

/// JSON starts with `{` or `[`; a `.yaml` file doing so is YAML flow style, which allows
/// what JSON does not (keys without quotes). No fallback from one to the other: text broken
/// as JSON may still be YAML, with another meaning (`[1 2]` is one string).
fn looks_like_json(text: &str, shown: &Path) -> bool {
    let yaml = shown
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"));
    !yaml && text.trim_start().starts_with(['{', '['])
}

fn parse_json(text: &str, shown: &Path) -> Result<Parsed, Error> {
    json_reader::parse(text, &LIMITS, true).map_err(|err| {
        let help = if err.limit {
            limit_help(&err.message)
        } else {
            "the document must be one JSON document, or YAML in a `.yaml` file".to_string()
        };
        problem(shown, err.line_col, &err.message, &help)
    })
}

fn parse_yaml(text: &str, shown: &Path) -> Result<Node, Error> {
    use serde_saphyr::budget::BudgetBreach;
    let mut options = crate::spec::yaml::parser_options();
    if let Some(budget) = options.budget.as_mut() {
        budget.max_depth = MAX_DOCUMENT_DEPTH;
        budget.flow_nesting_limit = MAX_DOCUMENT_DEPTH;
        budget.max_nodes = MAX_DOCUMENT_NODES;
        // Every node starts with an event; collections end with one more.
        budget.max_events = 2 * MAX_DOCUMENT_NODES + 16;
        budget.max_total_scalar_bytes = MAX_DOCUMENT_BYTES as usize;
    }
    let err = match crate::spec::yaml::parse_with(text, options) {
        Ok(root) => return Ok(root),
        Err(err) => err,
    };
    let line_col = err
        .location()
        .map(|loc| crate::spec::yaml::position(&loc))
        .filter(|lc| lc.0 > 0)
        .unwrap_or((1, 1));
    let message = match err.without_snippet() {
        serde_saphyr::Error::Budget { breach, .. } => match breach {
            BudgetBreach::Nodes { .. } | BudgetBreach::Events { .. } => Some(nodes_message()),
            BudgetBreach::Depth { .. } => Some(depth_message()),
            // The spec reader words these already.
            BudgetBreach::Aliases { .. } | BudgetBreach::Documents { .. } => None,
            _ => Some(YAML_LIMIT.to_string()),
        },
        _ => None,
    };
    let syntax = crate::spec::yaml::syntax_error(&err);
    // The scanner's flow nesting limit reads as a syntax error ("recursion limit").
    let message = message.or_else(|| syntax.message.contains("nest deeper").then(depth_message));
    Err(match message {
        Some(message) => problem(shown, line_col, &message, &limit_help(&message)),
        None => {
            let help = "the document must be one JSON or YAML document";
            let line_col = syntax.line_col.unwrap_or(line_col);
            problem(shown, line_col, &syntax.message, help)
        }
    })
}

/// The message of a breached node limit (the JSON reader words it the same).
pub(crate) fn nodes_message() -> String {
    format!("the document holds more than {MAX_DOCUMENT_NODES} keys and values, the limit")
}

/// The message of a breached depth limit (the JSON reader words it the same).
pub(crate) fn depth_message() -> String {
    format!("the collections nest deeper than the limit of {MAX_DOCUMENT_DEPTH} levels")
}

/// Any other budget of the YAML parser (anchors, merge keys): named without its debug dump.
const YAML_LIMIT: &str =
    "the document uses more YAML anchors or merge keys (`&name`, `<<`) than the YAML reader allows";

fn limit_help(message: &str) -> String {
    if message == YAML_LIMIT {
        "RamBase publishes JSON, which has neither: import the JSON document".to_string()
    } else if message.contains("nest deeper") {
        "RamBase's documents nest about 20 levels: this is not a document RamBase published, or \
         a schema in it refers to itself by copying instead of by `$ref`"
            .to_string()
    } else {
        format!(
            "RamBase's documents hold one key or value per 10 to 15 bytes, about 6 million at \
             the size limit of {} MiB; {SIZE_HELP}",
            MAX_DOCUMENT_BYTES >> 20
        )
    }
}

fn too_large(shown: &Path, size: u64) -> Error {
    let message = format!(
        "the document is {} bytes ({:.1} MiB), larger than the limit of {} bytes ({} MiB) for an OpenAPI document",
        size,
        size as f64 / (1024.0 * 1024.0),
        MAX_DOCUMENT_BYTES,
        MAX_DOCUMENT_BYTES >> 20
    );
    problem(shown, (1, 1), &message, SIZE_HELP)
}

fn at(shown: &Path, line_col: (u32, u32), pointer: &str) -> Origin {
    Origin {
        file: shown.to_path_buf(),
        line_col: Some(line_col),
        yaml_path: format!("#{pointer}"),
    }
}

fn problem(shown: &Path, line_col: (u32, u32), message: &str, help: &str) -> Error {
    let origin = Origin {
        line_col: Some(line_col),
        ..Origin::file(shown)
    };
    let mut d = Diagnostic::new(origin, message);
    if !help.is_empty() {
        d = d.help(help);
    }
    let mut diags = Diagnostics::default();
    diags.push(d);
    Error::Spec(diags)
}

struct Found<'a> {
    shown: &'a Path,
    diags: &'a mut Diagnostics,
    count: usize,
}

impl Found<'_> {
    /// A key written twice: reported at the second, naming the first.
    fn report(&mut self, name: &str, first: (u32, u32), second: (u32, u32), pointer: &str) {
        self.count += 1;
        if self.count > MAX_LISTED_DUPLICATES {
            return;
        }
        let (line, col) = first;
        let message =
            format!("the key `{name}` is written twice in this mapping (first at {line}:{col})");
        let help = "JSON and YAML readers disagree on which of the two counts: keep one";
        let d = Diagnostic::new(at(self.shown, second, pointer), message);
        self.diags.push(d.help(help));
    }

    /// Counts the duplicates not listed one by one.
    fn finish(&mut self) {
        if self.count > MAX_LISTED_DUPLICATES {
            let more = self.count - MAX_LISTED_DUPLICATES;
            let message = format!("{more} more keys are written twice in their mapping");
            let origin = Origin {
                line_col: Some((1, 1)),
                ..Origin::file(self.shown)
            };
            self.diags.push(Diagnostic::new(origin, message));
        }
    }
}

/// Reports every key written twice in one mapping, at the second, naming the first.
fn duplicates(node: &Node, ptr: &mut String, found: &mut Found<'_>) {
    match &node.value {
        Value::Map(entries) => {
            twice(entries, ptr, found);
            for (key, value) in entries {
                let len = ptr.len();
                push_segment(ptr, &key.name);
                duplicates(value, ptr, found);
                ptr.truncate(len);
            }
        }
        Value::Seq(items) => {
            for (i, item) in items.iter().enumerate() {
                let len = ptr.len();
                push_segment(ptr, &i.to_string());
                duplicates(item, ptr, found);
                ptr.truncate(len);
            }
        }
        _ => {}
    }
}

/// The keys of one mapping that were written before: small mappings are compared pairwise,
/// big ones (`paths`, `components/schemas`) through a map of the names.
fn twice(entries: &[(Key, Node)], ptr: &str, found: &mut Found<'_>) {
    let mut report = |first: &Key, second: &Key| {
        let mut pointer = ptr.to_string();
        push_segment(&mut pointer, &second.name);
        found.report(&first.name, first.line_col, second.line_col, &pointer);
    };
    if entries.len() <= 16 {
        for (j, (second, _)) in entries.iter().enumerate() {
            if let Some((first, _)) = entries[..j].iter().find(|(k, _)| k.name == second.name) {
                report(first, second);
            }
        }
        return;
    }
    let mut seen: BTreeMap<&str, &Key> = BTreeMap::new();
    for (key, _) in entries {
        match seen.get(key.name.as_str()) {
            Some(first) => report(first, key),
            None => {
                seen.insert(&key.name, key);
            }
        }
    }
}
