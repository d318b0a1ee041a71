//! RamBase-shaped OpenAPI documents (issue 18 A): whatever the importer writes generates, and
//! the generated code compiles clippy-clean.
//!
//! - `openapi/rambase-shapes.json` holds what real client documents do: a schema referenced
//!   from several places of one response, numbered schema names (`SpecialHandling`,
//!   `SpecialHandling1`) and different inline objects of one name, number bounds written as
//!   lengths, deprecated operations, `getCustomer` beside `GetCustomer`, `_`, non-ASCII and
//!   digit-first operation ids, `application/json; charset=utf-8`.
//! - a property: random documents of that shape (random operation ids, shared references,
//!   numbered names, bounds) import with every operation written and the written folder
//!   generating; a seeded batch of them becomes one crate that `cargo clippy -D warnings`
//!   checks once per run (3 documents locally, 40 with `RAMBASE_FULL_PROPERTIES=1`).

mod support;

use rambase_testkit::rustc_check;

use std::path::{Path, PathBuf};

use generator::openapi::{ImportOptions, ImportReport, import_text};
use proptest::prelude::*;
use proptest::test_runner::Config;

fn full() -> bool {
    std::env::var_os("RAMBASE_FULL_PROPERTIES").is_some()
}

/// An empty scratch folder for one test.
fn scratch(name: &str) -> PathBuf {
    support::scratch("openapi-shapes", name)
}

fn spec_files(dir: &Path) -> Vec<PathBuf> {
    support::spec_files(dir)
}

/// Imports `text` into `dir`; panics unless every operation was written and the generator
/// found no problem in the folder.
fn import_clean(text: &str, dir: &Path) -> ImportReport {
    let report = import_text(text, Path::new("doc.json"), dir, &ImportOptions::default())
        .unwrap_or_else(|e| panic!("{e}\n--- document\n{text}"));
    assert!(report.problems.is_empty(), "{report}\n--- document\n{text}");
    report
}

/// The generated crate of an imported folder.
fn generated(dir: &Path) -> generator::GeneratedFiles {
    generator::generate_files(&spec_files(dir), dir).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn the_shapes_of_real_documents_import_without_a_hand_edit() {
    let text = std::fs::read_to_string(support::tests_dir().join("openapi/rambase-shapes.json"))
        .expect("fixture");
    let dir = scratch("fixture");
    let report = import_clean(&text, &dir);
    assert_eq!(report.files.len(), 7, "{report}"); // common.yaml and six operations
    let mut shown = String::new();
    for rel in spec_files(&dir) {
        let body = std::fs::read_to_string(dir.join(&rel)).expect("readable");
        shown.push_str(&format!("==> {} <==\n{body}\n", rel.display()));
    }
    insta::assert_snapshot!("shapes_specs", shown);
    insta::assert_snapshot!("shapes_report", report.to_string());
    let files = generated(&dir);
    let get = files
        .files
        .iter()
        .find(|(p, _)| p.to_string_lossy().contains("get_customer/v2"))
        .map(|(_, t)| t.as_str())
        .expect("get_customer v2");
    // One type for the schema referenced from the shipment and the service.
    assert_eq!(
        get.matches("pub struct SpecialHandling {").count(),
        1,
        "{get}"
    );
    assert!(get.contains("pub struct SpecialHandling1 {"), "{get}");
    assert!(get.contains("pub struct Object1 {"), "{get}");
    let lib: String = files.files.values().map(String::as_str).collect();
    assert!(lib.contains("#[deprecated]"), "no deprecation mark");
}

/// The generated crate of the fixture with `extra` appended to its `lib.rs`, type-checked
/// with warnings denied.
fn check_with(name: &str, extra: &str) -> Result<(), String> {
    let text = std::fs::read_to_string(support::tests_dir().join("openapi/rambase-shapes.json"))
        .expect("fixture");
    let dir = scratch(name);
    import_clean(&text, &dir);
    let src = dir.join("crate");
    for (path, text) in &generated(&dir).files {
        let text = if path == Path::new("lib.rs") {
            format!("{text}\n{extra}")
        } else {
            text.clone()
        };
        let path = src.join(path);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("folder");
        std::fs::write(&path, text).expect("write");
    }
    rustc_check::type_check(&src.join("lib.rs"), "api", "2021", &dir.join("out"))
}

/// A deprecated operation warns the code that calls it, and only that code: the generated
/// crate itself, and a caller of an operation that is not deprecated, compile warning-free.
#[test]
fn a_deprecated_operation_warns_its_callers() {
    let call = |method: &str| {
        format!(
            "/// Calls it.\npub fn call(client: &rambase_runtime::Client) {{\n    use crate::prelude::*;\n    let _ = client.{method}(100000);\n}}\n"
        )
    };
    check_with("not-deprecated", &call("get_customer")).unwrap_or_else(|e| panic!("{e}"));
    let err = check_with("deprecated", &call("get2nd_contacts"))
        .expect_err("calling a deprecated operation must warn");
    assert!(err.contains("use of deprecated"), "{err}");
}

// ---------------------------------------------------------------------------------------------
// Random RamBase-shaped documents.

/// Operation ids as real documents have them, and worse.
fn operation_id() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z]{2,6}_[A-Z][a-z]{1,6}[A-Z][a-z]{1,5}",
        "[a-z]{1,6}[A-Z][a-z]{1,6}",
        Just("_".to_string()),
        Just("sales_".to_string()),
        Just("sales_type".to_string()),
        Just("self".to_string()),
        "[0-9][a-zA-Z]{1,6}",
        "sales_[A-Za-zÄÖÜäöüØøÅåß]{1,8}",
        "[a-z]{2,4}[-. ][a-z]{2,4}",
        "sales_[A-Z][a-z]{150,200}",
        "[A-Z]{2,5}",
    ]
}

/// One property of a nested object: a scalar with RamBase's bounds, or a reference.
fn property(i: usize) -> impl Strategy<Value = String> {
    prop_oneof![
        Just(format!(r#""f{i}": {{"type": "string", "maxLength": 10, "pattern": ""}}"#)),
        (0i32..50, 50i32..1000).prop_map(move |(lo, hi)| format!(
            r#""amount{i}": {{"type": "number", "format": "double", "minLength": {lo}, "maxLength": {hi}}}"#
        )),
        Just(format!(
            r#""id{i}": {{"type": "integer", "format": "int32", "minimum": 100000}}"#
        )),
        (1u32..3).prop_map(|n| format!(r#""name": {{"type": "string", "maxLength": {}}}"#, 40 * n)),
        Just(r#""status": {"type": "string", "enum": ["A", "B"]}"#.to_string()),
        (0usize..3).prop_map(move |s| format!(
            r##""shared{i}": {{"$ref": "#/components/schemas/{}"}}"##,
            schema_name(s)
        )),
        (0usize..3).prop_map(move |s| format!(
            r##""specialHandling": {{"$ref": "#/components/schemas/{}"}}"##,
            schema_name(s)
        )),
        (1usize..3).prop_map(move |n| format!(
            r#""object": {{"type": "object", "properties": {{{}}}}}"#,
            (0..n)
                .map(|k| format!(r#""p{k}x{i}": {{"type": "boolean"}}"#))
                .collect::<Vec<_>>()
                .join(", ")
        )),
    ]
}

/// `SpecialHandling`, `SpecialHandling1`, `SpecialHandling2`: numbered names of different shapes.
fn schema_name(n: usize) -> String {
    if n == 0 {
        "SpecialHandling".into()
    } else {
        format!("SpecialHandling{n}")
    }
}

/// A nested object with some properties; the same `object` key may come back in another.
fn nested(i: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(property(i), 1..4).prop_map(move |props| {
        let mut seen = Vec::new();
        let props: Vec<String> = props
            .into_iter()
            .filter(|p| {
                let key = p.split(':').next().unwrap_or_default().to_string();
                let fresh = !seen.contains(&key);
                seen.push(key);
                fresh
            })
            .collect();
        format!(
            r#""part{i}": {{"type": "object", "properties": {{{}}}}}"#,
            props.join(", ")
        )
    })
}

/// One operation: a GET answering, or a PUT taking and answering, an object with two to four
/// nested parts; maybe deprecated, maybe with the media type parameters RamBase writes.
fn operation(n: usize) -> impl Strategy<Value = String> {
    (
        operation_id(),
        prop::collection::vec(0usize..4, 2..5),
        any::<bool>(),
        prop_oneof![
            Just("application/json"),
            Just("application/json; charset=utf-8"),
            Just("Application/JSON;Charset=UTF-8"),
        ],
        prop_oneof![Just("get"), Just("put")],
    )
        .prop_flat_map(move |(id, parts, deprecated, media, method)| {
            let parts: Vec<_> = parts.iter().enumerate().map(|(i, _)| nested(i)).collect();
            (Just(id), parts, Just(deprecated), Just(media), Just(method))
        })
        .prop_map(move |(id, parts, deprecated, media, method)| {
            let thing = format!(
                r#"{{"content": {{"{media}": {{"schema": {{"type": "object", "properties": {{"thing": {{"type": "object", "required": ["name", "missing"], "properties": {{"name": {{"type": "string", "maxLength": 80}}, {}}}}}}}}}}}}}}}"#,
                parts.join(", ")
            );
            let request = if method == "put" {
                format!(r#""requestBody": {thing},"#)
            } else {
                String::new()
            };
            format!(
                r#""/sales/things{n}/{{thingId}}": {{"{method}": {{"tags": ["sales"], "summary": "Thing {n}", "operationId": {id:?}, "deprecated": {deprecated},
  "externalDocs": {{"url": "https://api.rambase.net/documentation?resourceno={}&version=1"}},
  "parameters": [{{"name": "thingId", "in": "path", "required": true, "schema": {{"type": "integer", "minimum": 1}}}}], {request}
  "responses": {{"200": {{"description": "OK", {}}}}}}}}}"#,
                9000 + n,
                &thing[1..thing.len() - 1]
            )
        })
}

/// A document of one to four operations with the numbered shared schemas.
fn document() -> impl Strategy<Value = String> {
    (1usize..5)
        .prop_flat_map(|n| (0..n).map(operation).collect::<Vec<_>>())
        .prop_map(|ops| {
            format!(
                r#"{{"openapi": "3.0.1", "paths": {{{}}}, "components": {{"schemas": {{
  "SpecialHandling": {{"type": "object", "properties": {{"code": {{"type": "string", "maxLength": 10}}, "note": {{"type": "string"}}}}}},
  "SpecialHandling1": {{"type": "object", "properties": {{"code": {{"type": "integer", "format": "int32"}}}}}},
  "SpecialHandling2": {{"type": "object", "properties": {{"object": {{"type": "object", "properties": {{"deep": {{"type": "number", "minLength": 0, "maxLength": 100}}}}}}}}}}}}}}}}"#,
                ops.join(",\n")
            )
        })
}

fn cases() -> Config {
    Config {
        cases: if full() { 200 } else { 16 },
        ..Config::default()
    }
}

proptest! {
    #![proptest_config(cases())]

    /// Every operation of a RamBase-shaped document is written, and the folder generates.
    #[test]
    fn everything_the_importer_writes_generates(text in document()) {
        let dir = scratch("property");
        let report = import_clean(&text, &dir);
        let operations = text.matches("\"operationId\"").count();
        prop_assert_eq!(report.files.len(), operations, "{}", report);
        generated(&dir);
    }
}

/// The first `n` documents of a seeded run, so a failure reproduces.
fn seeded_documents(n: usize) -> Vec<String> {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::{RngAlgorithm, TestRng, TestRunner};
    let seed = *b"rambase-rs openapi shapes clippy";
    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        TestRng::from_seed(RngAlgorithm::ChaCha, &seed),
    );
    let strategy = document();
    (0..n)
        .map(|_| {
            strategy
                .new_tree(&mut runner)
                .expect("a document")
                .current()
        })
        .collect()
}

/// The fixture and a seeded batch of documents, imported and generated, compile as one crate
/// under `cargo clippy -D warnings`.
#[test]
fn imported_documents_compile_under_clippy() {
    let fixture = std::fs::read_to_string(support::tests_dir().join("openapi/rambase-shapes.json"))
        .expect("fixture");
    let mut documents = vec![fixture];
    documents.extend(seeded_documents(if full() { 40 } else { 3 }));
    let mut batch = Vec::new();
    for (i, text) in documents.iter().enumerate() {
        let dir = scratch(&format!("batch/{i}"));
        import_clean(text, &dir);
        batch.push((text.clone(), generated(&dir)));
    }
    support::clippy_batch("openapi-shapes-crate", &batch);
}
