//! A whole client's OpenAPI document: thousands of operations in RamBase's shape (made at test
//! time from the sales fixture, `support/big_openapi.rs`) import, `--only` on such a document
//! neither checks nor reports what it leaves out, and a document over a limit is refused with
//! a message that names the limit, the document's size and what to do.
//!
//! The full 10,000-operation import (which also checks the 10,000 written specs) runs when
//! `RAMBASE_FULL_PROPERTIES=1` (CI); locally 250. Reading and choosing from 10,000 always runs.

use rambase_testkit::big_openapi;

use std::path::{Path, PathBuf};

use generator::openapi::{ImportOptions, ImportReport, import, import_text};

use crate::support;

/// An empty scratch folder for one test.
fn scratch(name: &str) -> PathBuf {
    support::scratch("openapi-scale", name)
}

fn only(names: &[&str]) -> ImportOptions {
    ImportOptions {
        only: names.iter().map(|s| s.to_string()).collect(),
    }
}

fn spec_count(dir: &Path) -> usize {
    generator::discover_specs(dir).expect("listed").len()
}

/// Imports all of `text` into scratch folder `name`.
fn import_all(text: &str, name: &str) -> (PathBuf, ImportReport) {
    let dir = scratch(name);
    let report = import_text(
        text,
        Path::new("client.json"),
        &dir,
        &ImportOptions::default(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    (dir, report)
}

#[test]
fn a_client_document_of_10000_operations_imports() {
    let operations = if support::full_strength() {
        10_000
    } else {
        250
    };
    let text = big_openapi::document(operations / big_openapi::OPERATIONS_PER_COPY, 0);
    let (dir, report) = import_all(&text, "whole");
    assert_eq!(
        report.files.len(),
        operations + 1,
        "one file per operation and common.yaml"
    );
    assert!(report.problems.is_empty(), "{}", report.problems);
    assert_eq!(spec_count(&dir), operations + 1);
}

/// Copies of the fixture in the `--only` document: 10,000 operations where CI asks for full
/// strength, 1,000 otherwise (the same code runs; only reading the text takes longer).
fn only_copies() -> usize {
    if support::full_strength() { 2_000 } else { 200 }
}

/// A document of 10,000 operations whose unused parts are broken: an operation of copy 3
/// refers to a schema with `oneOf`, and another schema nobody uses has one too.
fn big_with_broken_parts() -> String {
    let text = big_openapi::document(only_copies(), 0);
    let broken = r##""Broken": {"type": "object", "properties": {"x": {"oneOf": [{"type": "string"}]}}}, "UnusedBroken": {"oneOf": []},"##;
    let at = text.find("\"schemas\": {").expect("schemas") + "\"schemas\": {".len();
    let text = format!("{}{broken}{}", &text[..at], &text[at..]);
    let wrong = text.replacen(
        "#/components/schemas/SalesOrderResponseC3\"",
        "#/components/schemas/Broken\"",
        1,
    );
    assert_ne!(wrong, text, "copy 3 refers to the broken schema");
    wrong
}

#[test]
fn only_reads_and_checks_just_the_operations_asked_for_in_a_10000_operation_document() {
    let text = big_with_broken_parts();
    let dir = scratch("only");
    let report = import_text(
        &text,
        Path::new("client.json"),
        &dir,
        &only(&["ListOrders7", &format!("GetOrder{}", only_copies() - 1)]),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(report.problems.is_empty(), "{}", report.problems);
    assert_eq!(spec_count(&dir), 3, "two operations and common.yaml");

    // The broken part is real: asking for the operation that uses it reports it.
    let dir = scratch("only-broken");
    let err = import_text(
        &text,
        Path::new("client.json"),
        &dir,
        &only(&["CreateOrder3"]),
    )
    .expect_err("the only operation asked for cannot be imported");
    let shown = err.to_string();
    assert!(shown.contains("#/components/schemas/Broken"), "{shown}");
}

#[test]
fn a_50_mb_document_with_many_unused_schemas_imports() {
    if !support::full_strength() {
        return;
    }
    let text = big_openapi::document(2_000, 11_600);
    assert!(text.len() > 50_000_000, "{} bytes", text.len());
    let (_, report) = import_all(&text, "unused");
    assert_eq!(report.files.len(), 10_001);
    assert!(report.problems.is_empty(), "{}", report.problems);
}

#[test]
fn a_document_over_the_size_limit_is_refused_with_the_limit_its_size_and_what_to_do() {
    let dir = scratch("too-big");
    let file = dir.join("client.json");
    let size = generator::openapi::MAX_DOCUMENT_BYTES + 1000;
    let mut text = String::from("{\"openapi\": \"3.0.1\", \"x\": \"");
    text.push_str(&"a".repeat(size as usize - text.len() - 2));
    text.push_str("\"}");
    std::fs::write(&file, &text).expect("written");
    let spec = dir.join("spec");
    let from_file = import(&file, &spec, &ImportOptions::default()).expect_err("too big");
    let from_text =
        import_text(&text, &file, &spec, &ImportOptions::default()).expect_err("too big");
    for err in [from_file, from_text] {
        let shown = err.to_string();
        assert!(shown.contains(":1:1: error: the document is 67109864 bytes (64.0 MiB), larger than the limit of 67108864 bytes (64 MiB)"), "{shown}");
        assert!(shown.contains("split the document"), "{shown}");
        assert!(!shown.contains("budget"), "{shown}");
    }
    assert!(!spec.exists(), "nothing written");
}
