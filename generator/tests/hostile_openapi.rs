//! Hostile OpenAPI documents at the reading stage: keys written twice (JSON and YAML), nesting
//! and alias expansion beyond the limits, and sizes that the old reader's default budgets
//! refused with a debug dump. Every refusal is located, names what was exceeded, and writes
//! nothing; nothing panics.

use std::path::{Path, PathBuf};

use generator::openapi::{ImportOptions, import_text};

use crate::support;

/// An empty scratch folder for one test.
fn scratch(name: &str) -> PathBuf {
    support::scratch("hostile-openapi", name)
}

/// The rendered problems of a refused document; asserts they are located and nothing was
/// written.
fn refused(name: &str, text: &str) -> String {
    let dir = scratch(name);
    let shown = PathBuf::from(name);
    let result =
        std::panic::catch_unwind(|| import_text(text, &shown, &dir, &ImportOptions::default()));
    let diags = match result {
        Ok(Err(generator::Error::Spec(diags))) => diags,
        Ok(Err(other)) => panic!("{name}: expected located problems, got {other}"),
        Ok(Ok(report)) => panic!("{name}: accepted:\n{report}"),
        Err(_) => panic!("{name}: the importer panicked"),
    };
    for d in diags.sorted() {
        assert!(d.origin.line_col.is_some(), "{name}: not located: {d}");
    }
    assert!(
        generator::discover_specs(&dir).expect("listed").is_empty(),
        "{name}: wrote files despite problems"
    );
    let rendered = diags.to_string();
    assert!(!rendered.contains("budget"), "{name}: {rendered}");
    rendered
}

/// One valid operation, for documents that should get past the operations.
const OPERATION: &str = r##""/sales/things": {"get": {"tags": ["sales"], "summary": "Lists things", "operationId": "sales_ListThings",
  "externalDocs": {"url": "https://api.rambase.net/documentation?resourceno=9901&version=1"},
  "responses": {"200": {"description": "OK", "content": {"application/json": {"schema": {"type": "object", "properties": {"thing": {"type": "object", "properties": {"name": {"type": "string"}}}}}}}}}}}"##;

#[test]
fn json_keys_written_twice_are_refused_with_both_places_and_the_pointer() {
    let text = format!(
        "{{\"openapi\": \"3.0.1\",\n  \"paths\": {{{OPERATION},\n    \"/sales/things\": {{}}}},\n  \"openapi\": \"3.0.2\"}}"
    );
    let shown = refused("twice.json", &text);
    assert!(
        shown.contains("twice.json:5:5: error: the key `/sales/things` is written twice in this mapping (first at 2:13)\n  at #/paths/~1sales~1things\n"),
        "{shown}"
    );
    assert!(
        shown.contains("twice.json:6:3: error: the key `openapi` is written twice in this mapping (first at 1:2)\n  at #/openapi\n"),
        "{shown}"
    );
    assert!(shown.contains("keep one"), "{shown}");
}

#[test]
fn yaml_keys_written_twice_are_refused_with_both_places_and_the_pointer() {
    let text = "openapi: 3.0.1\npaths:\n  /a:\n    get: {}\n    put: {}\n    get: {}\ncomponents:\n  schemas:\n    A: {type: string, type: integer}\n";
    let shown = refused("twice.yaml", text);
    assert!(
        shown.contains("twice.yaml:6:5: error: the key `get` is written twice in this mapping (first at 4:5)\n  at #/paths/~1a/get\n"),
        "{shown}"
    );
    assert!(
        shown.contains("twice.yaml:9:23: error: the key `type` is written twice in this mapping (first at 9:9)\n  at #/components/schemas/A/type\n"),
        "{shown}"
    );
}

#[test]
fn many_keys_written_twice_are_counted_after_the_first_fifty() {
    let keys: Vec<String> = (0..60)
        .map(|i| format!("\"x{i}\": 1, \"x{i}\": 2"))
        .collect();
    let text = format!("{{\"openapi\": \"3.0.1\", {}}}", keys.join(", "));
    let shown = refused("many.json", &text);
    assert_eq!(shown.matches("is written twice").count(), 50, "{shown}");
    assert!(shown.contains("10 more keys are written twice"), "{shown}");
}

#[test]
fn nesting_beyond_the_limit_is_refused_in_json_and_yaml() {
    let json = format!(
        "{{\"openapi\": \"3.0.1\", \"x\": {}{}}}",
        "[".repeat(100),
        "]".repeat(100)
    );
    let shown = refused("deep.json", &json);
    assert!(
        shown.contains(
            "deep.json:1:90: error: the collections nest deeper than the limit of 64 levels"
        ),
        "{shown}"
    );
    assert!(
        shown.contains("RamBase's documents nest about 20 levels"),
        "{shown}"
    );
    let yaml = format!(
        "openapi: 3.0.1\nx: {}{}\n",
        "[".repeat(100),
        "]".repeat(100)
    );
    let shown = refused("deep.yaml", &yaml);
    assert!(
        shown.contains("the collections nest deeper than the limit of 64 levels"),
        "{shown}"
    );
}

#[test]
fn aliases_that_expand_beyond_the_limit_are_refused() {
    let mut yaml = String::from("openapi: 3.0.1\na: &a [x, x, x, x, x, x, x, x, x, x]\n");
    for (name, prev) in [("b", "a"), ("c", "b"), ("d", "c"), ("e", "d")] {
        let items = vec![format!("*{prev}"); 10].join(", ");
        yaml.push_str(&format!("{name}: &{name} [{items}]\n"));
    }
    let shown = refused("bomb.yaml", &yaml);
    assert!(shown.contains("the aliases expand to more than"), "{shown}");
}

/// 300,000 values: the YAML parser's default budget (250,000 nodes) refused such documents.
#[test]
fn documents_beyond_the_parsers_default_budgets_are_read() {
    let values = vec!["0"; 300_000].join(",");
    let json =
        format!("{{\"openapi\": \"3.0.1\", \"x-big\": [{values}], \"paths\": {{{OPERATION}}}}}");
    let yaml = format!("openapi: 3.0.1\nx-big: [{values}]\npaths: {{{OPERATION}}}\n");
    for (name, text) in [("big.json", json), ("big.yaml", yaml)] {
        let dir = scratch(name);
        let report = import_text(&text, Path::new(name), &dir, &ImportOptions::default())
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(report.files.len(), 1, "{name}");
    }
}

#[test]
fn text_that_is_neither_json_nor_yaml_is_located() {
    let shown = refused(
        "broken.json",
        "{\"openapi\": \"3.0.1\",\n  \"paths\": {\"a\": [1 2]}}",
    );
    assert!(
        shown.contains("broken.json:2:21: error: expected `,` or `]`"),
        "{shown}"
    );
    // YAML flow style that is not JSON (keys without quotes) is read as YAML in a .yaml file.
    let dir = scratch("flow.yaml");
    let text = format!("{{openapi: 3.0.1, paths: {{{OPERATION}}}}}");
    let report = import_text(
        &text,
        Path::new("flow.yaml"),
        &dir,
        &ImportOptions::default(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(report.files.len(), 1);
}

/// Component schemas are read only when an imported operation uses them, but a key written
/// twice is refused in every one of them, used or not.
#[test]
fn keys_written_twice_in_component_schemas_are_refused_used_or_not() {
    let text = format!(
        "{{\"openapi\": \"3.0.1\", \"paths\": {{{OPERATION}}},\n\"components\": {{\"schemas\": {{\n  \"Unused\": {{\"type\": \"object\", \"properties\": {{\"a\": {{\"type\": \"string\", \"type\": \"integer\"}}}}}},\n  \"Unused\": {{}}}}}}}}"
    );
    let shown = refused("schemas.json", &text);
    assert!(
        shown.contains("schemas.json:5:71: error: the key `type` is written twice in this mapping (first at 5:53)\n  at #/components/schemas/Unused/properties/a/type\n"),
        "{shown}"
    );
    assert!(
        shown.contains("schemas.json:6:3: error: the key `Unused` is written twice in this mapping (first at 5:3)\n  at #/components/schemas/Unused\n"),
        "{shown}"
    );
}

/// Past the YAML parser's anchor budget: named in words, not as the parser's debug dump.
#[test]
fn too_many_yaml_anchors_are_named_without_a_debug_dump() {
    let mut yaml = String::from("openapi: 3.0.1\n");
    for i in 0..50_001 {
        yaml.push_str(&format!("x{i}: &a{i} v\n"));
    }
    let shown = refused("anchors.yaml", &yaml);
    assert!(shown.contains("more YAML anchors or merge keys"), "{shown}");
    assert!(shown.contains("import the JSON document"), "{shown}");
}
