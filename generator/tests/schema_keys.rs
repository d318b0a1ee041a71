//! Keeps every list of spec keys in step with the generator's one table
//! (`generator::phases::keys`), which the loader checks files against: the JSON Schema of
//! `spec/schema/` (allowed and required keys, type, method and format names), the key tables of
//! `spec/README.md`, and the order in which the importer writes keys. JSON is YAML, so the
//! schema is read with the generator's own YAML reader.

use std::collections::BTreeSet;
use std::path::PathBuf;

use generator::phases::keys::{self, Mapping};
use generator::phases::yaml::{self, Node, Value};

fn workspace() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
        .to_path_buf()
}

fn read(relative: &str) -> String {
    std::fs::read_to_string(workspace().join(relative))
        .unwrap_or_else(|e| panic!("cannot read {relative}: {e}"))
}

fn schema() -> Node {
    yaml::parse(&read("spec/schema/rambase-spec.schema.json"))
        .unwrap_or_else(|e| panic!("the schema does not parse: {e:?}"))
}

fn get<'a>(node: &'a Node, key: &str) -> Option<&'a Node> {
    match &node.value {
        Value::Map(entries) => entries.iter().find(|(k, _)| k.name == key).map(|(_, v)| v),
        _ => None,
    }
}

fn def<'a>(schema: &'a Node, name: &str) -> &'a Node {
    get(schema, "$defs")
        .and_then(|d| get(d, name))
        .unwrap_or_else(|| panic!("the schema has no $defs.{name}"))
}

fn strings(node: Option<&Node>) -> BTreeSet<String> {
    match node.map(|n| &n.value) {
        Some(Value::Seq(items)) => items
            .iter()
            .map(|i| match &i.value {
                Value::Str(s) => s.clone(),
                other => panic!("expected a string, found {other:?}"),
            })
            .collect(),
        _ => BTreeSet::new(),
    }
}

/// The property names of a schema object, after checking that unknown keys are refused and
/// that every property says what it is.
fn closed_properties(schema: &Node, name: &str) -> BTreeSet<String> {
    let object = def(schema, name);
    assert_eq!(
        get(object, "additionalProperties").map(|n| &n.value),
        Some(&Value::Bool(false)),
        "$defs.{name} must refuse unknown keys"
    );
    let Some(Node {
        value: Value::Map(props),
        ..
    }) = get(object, "properties")
    else {
        panic!("$defs.{name} has no properties")
    };
    for (key, prop) in props {
        let described = matches!(get(prop, "description").map(|d| &d.value), Some(Value::Str(s)) if !s.trim().is_empty());
        assert!(
            described,
            "$defs.{name}.properties.{} has no description",
            key.name
        );
    }
    props.iter().map(|(k, _)| k.name.clone()).collect()
}

fn names(list: &[&str]) -> BTreeSet<String> {
    list.iter().map(|s| (*s).to_string()).collect()
}

#[test]
fn allowed_and_required_keys_match_the_table() {
    let schema = schema();
    for mapping in keys::MAPPINGS {
        for name in mapping.schema {
            assert_eq!(
                closed_properties(&schema, name),
                names(&mapping.names()),
                "keys of $defs.{name}"
            );
            let required: Vec<&str> = mapping.required().map(|k| k.name).collect();
            assert_eq!(
                strings(get(def(&schema, name), "required")),
                names(&required),
                "required keys of $defs.{name}"
            );
        }
    }
}

#[test]
fn type_method_and_format_names_match_the_table() {
    let schema = schema();
    assert_eq!(
        strings(get(def(&schema, "type"), "enum")),
        names(keys::TYPES),
        "field types"
    );
    let props = |name: &str, key: &str| {
        get(def(&schema, name), "properties")
            .and_then(|p| get(p, key))
            .cloned()
            .expect("property")
    };
    assert_eq!(
        strings(get(&props("resource", "method"), "enum")),
        names(keys::METHODS),
        "methods"
    );
    let formats = props("resource", "formats");
    assert_eq!(
        strings(get(get(&formats, "items").expect("formats.items"), "enum")),
        names(keys::FORMATS),
        "formats"
    );
}

/// The first column of the first table after the heading `heading` of a Markdown text, and
/// the rows whose `required` column (if the table has one) says `yes`.
fn readme_table(text: &str, heading: &str) -> (BTreeSet<String>, Option<BTreeSet<String>>) {
    let mut lines = text
        .lines()
        .skip_while(|l| l.trim_start_matches('#').trim() != heading || !l.starts_with('#'))
        .skip(1)
        .skip_while(|l| !l.starts_with('|'));
    let header: Vec<String> = cells(
        lines
            .next()
            .unwrap_or_else(|| panic!("no table after {heading}")),
    );
    let required_column = header.iter().position(|h| h == "required");
    let (mut keys, mut required) = (BTreeSet::new(), BTreeSet::new());
    for row in lines.skip(1).take_while(|l| l.starts_with('|')) {
        let row = cells(row);
        let key = row[0].trim_matches('`').to_string();
        if required_column.is_some_and(|c| row[c] == "yes") {
            required.insert(key.clone());
        }
        keys.insert(key);
    }
    (keys, required_column.map(|_| required))
}

fn cells(row: &str) -> Vec<String> {
    row.trim()
        .trim_matches('|')
        .split('|')
        .map(|c| c.trim().to_string())
        .collect()
}

#[test]
fn the_spec_reference_lists_every_key_of_the_table() {
    let readme = read("spec/README.md");
    for mapping in keys::MAPPINGS {
        let (listed, required) = readme_table(&readme, mapping.readme);
        assert_eq!(
            listed,
            names(&mapping.names()),
            "spec/README.md, {}",
            mapping.readme
        );
        if let Some(required) = required {
            let table: Vec<&str> = mapping.required().map(|k| k.name).collect();
            assert_eq!(
                required,
                names(&table),
                "required in spec/README.md, {}",
                mapping.readme
            );
        }
    }
}

/// Checks that the keys of `node`, a `mapping`, come in the table's order, then goes down.
fn in_table_order(node: &Node, mapping: &Mapping, at: &str) {
    let Value::Map(entries) = &node.value else {
        return;
    };
    let order = mapping.names();
    let positions: Vec<usize> = entries
        .iter()
        .map(|(k, _)| {
            order
                .iter()
                .position(|n| *n == k.name)
                .unwrap_or_else(|| panic!("{at}: `{}` is not a key of this mapping", k.name))
        })
        .collect();
    assert!(
        positions.is_sorted(),
        "{at}: keys out of the table's order: {:?}",
        entries.iter().map(|(k, _)| &k.name).collect::<Vec<_>>()
    );
    for (key, value) in entries {
        let here = format!("{at}.{}", key.name);
        match (mapping.schema[0], key.name.as_str()) {
            ("resource" | "common", "pathParameters" | "queryParameters")
            | ("requestBody" | "field", "fields") => each_entry(value, &keys::FIELD, &here),
            ("resource", "request" | "response") => in_table_order(value, &keys::BODY, &here),
            ("resource", "errors") => each_item(value, &keys::ERROR, &here),
            ("field", "items") => in_table_order(value, &keys::FIELD, &here),
            ("field", "domain") => in_table_order(value, &keys::DOMAIN, &here),
            _ => {}
        }
    }
}

/// A mapping of names (fields, parameters) or a list of one-entry mappings (query parameters).
fn each_entry(node: &Node, mapping: &Mapping, at: &str) {
    match &node.value {
        Value::Map(entries) => {
            for (k, v) in entries {
                in_table_order(v, mapping, &format!("{at}.{}", k.name));
            }
        }
        Value::Seq(items) => {
            for item in items {
                each_entry(item, mapping, at);
            }
        }
        _ => {}
    }
}

fn each_item(node: &Node, mapping: &Mapping, at: &str) {
    if let Value::Seq(items) = &node.value {
        for (i, item) in items.iter().enumerate() {
            in_table_order(item, mapping, &format!("{at}[{i}]"));
        }
    }
}

#[test]
fn the_importer_writes_keys_in_the_table_order() {
    let folder = workspace().join("generator/tests/openapi/spec");
    let files = generator::discover_specs(&folder).expect("the imported specs");
    assert!(files.len() > 3, "{files:?}");
    for file in files {
        let text = std::fs::read_to_string(&file).expect("spec");
        let root = yaml::parse(&text).unwrap_or_else(|e| panic!("{}: {e:?}", file.display()));
        let common = text.contains("kind: common");
        let mapping = if common {
            &keys::COMMON
        } else {
            &keys::RESOURCE
        };
        in_table_order(&root, mapping, &file.display().to_string());
    }
}
