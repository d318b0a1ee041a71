//! Keeps `spec/schema/rambase-spec.schema.json` in step with the generator: the keys each
//! mapping of a spec file allows, the keys it requires, and the type, method and format names
//! the generator knows. The generator's lists are private, so its source is read as text.
//! JSON is YAML, so the schema is read with the generator's own YAML reader.

use std::collections::BTreeSet;
use std::path::PathBuf;

use generator::phases::yaml::{self, Node, Value};
use regex::Regex;

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

fn quoted(list: &str) -> BTreeSet<String> {
    Regex::new(r#""([^"]*)""#)
        .expect("regex")
        .captures_iter(list)
        .map(|c| c[1].to_string())
        .collect()
}

/// A `const NAME: &[&str] = &[...]` list of `load.rs`.
fn const_list(source: &str, name: &str) -> BTreeSet<String> {
    let re = Regex::new(&format!(r"(?s)const {name}: &\[&str\] = &\[(.*?)\];")).expect("regex");
    quoted(
        &re.captures(source)
            .unwrap_or_else(|| panic!("load.rs has no const {name}"))[1],
    )
}

/// The body of `fn name` in `source` (up to the next top-level `fn`).
fn function<'a>(source: &'a str, name: &str) -> &'a str {
    let start = source
        .find(&format!("\nfn {name}("))
        .unwrap_or_else(|| panic!("load.rs has no fn {name}"));
    let rest = &source[start + 1..];
    let end = rest[1..].find("\nfn ").map_or(rest.len(), |i| i + 1);
    &rest[..end]
}

/// The allowed keys a function passes inline to `decode::map`.
fn inline_keys(source: &str, function_name: &str) -> BTreeSet<String> {
    let re = Regex::new(r"decode::map\(\s*cx,\s*\w+,\s*[^,]+,\s*&\[([^\]]*)\]\s*,?\s*\)")
        .expect("regex");
    quoted(
        &re.captures(function(source, function_name))
            .unwrap_or_else(|| panic!("fn {function_name} has no inline key list"))[1],
    )
}

/// The keys a function requires with `required(cx, &m, "key", ..)` or `m.require(cx, "key", ..)`.
fn required_keys(source: &str, function_name: &str) -> BTreeSet<String> {
    let re =
        Regex::new(r#"(?:required\(\s*cx,\s*&m,\s*|m\.require\(\s*cx,\s*)"(\w+)""#).expect("regex");
    re.captures_iter(function(source, function_name))
        .map(|c| c[1].to_string())
        .collect()
}

#[test]
fn allowed_and_required_keys_match_the_loader() {
    let load = read("generator/src/spec/load.rs");
    let schema = schema();
    let cases = [
        (
            "resource",
            const_list(&load, "FILE_KEYS"),
            Some("decode_resource"),
        ),
        ("common", inline_keys(&load, "decode_common"), None),
        (
            "requestBody",
            const_list(&load, "BODY_KEYS"),
            Some("decode_body"),
        ),
        (
            "responseBody",
            const_list(&load, "BODY_KEYS"),
            Some("decode_body"),
        ),
        (
            "field",
            const_list(&load, "FIELD_KEYS"),
            Some("decode_field"),
        ),
        (
            "domain",
            inline_keys(&load, "decode_domain"),
            Some("decode_domain"),
        ),
        (
            "error",
            inline_keys(&load, "decode_error"),
            Some("decode_error"),
        ),
    ];
    for (name, allowed, decoder) in cases {
        assert_eq!(
            closed_properties(&schema, name),
            allowed,
            "keys of $defs.{name}"
        );
        let mut required = decoder.map(|f| required_keys(&load, f)).unwrap_or_default();
        if matches!(name, "resource" | "common") {
            // `kind` is required by `decode_file`, before the kind's own decoder runs.
            required.insert("kind".to_string());
        }
        assert_eq!(
            strings(get(def(&schema, name), "required")),
            required,
            "required keys of $defs.{name}"
        );
    }
}

#[test]
fn type_method_and_format_names_match_the_lowering() {
    let schema = schema();
    let fields = read("generator/src/lower/fields.rs");
    let resource = read("generator/src/lower/resource.rs");
    let arms = |source: &str, target: &str| -> BTreeSet<String> {
        let re = Regex::new(&format!(r#""(\w+)" => (?:Some\()?{target}::"#)).expect("regex");
        re.captures_iter(source).map(|c| c[1].to_string()).collect()
    };
    let mut types = arms(&fields, "Ty");
    types.extend(["object".to_string(), "array".to_string()]);
    assert_eq!(
        strings(get(def(&schema, "type"), "enum")),
        types,
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
        arms(&resource, "Method"),
        "methods"
    );
    let formats = props("resource", "formats");
    let list = Regex::new(r"const FORMATS: &\[&str\] = &\[([^\]]*)\];")
        .expect("regex")
        .captures(&resource)
        .map(|c| c[1].to_string())
        .expect("lowering lists the formats in FORMATS");
    let lowered: BTreeSet<String> = Regex::new(r#""(\w+)""#)
        .expect("regex")
        .captures_iter(&list)
        .map(|c| c[1].to_string())
        .collect();
    assert_eq!(
        strings(get(get(&formats, "items").expect("formats.items"), "enum")),
        lowered,
        "formats"
    );
}
