//! Importing an OpenAPI document of N operations shaped like RamBase's (a path id, shared
//! query parameters, a request and a response object with rules), against generating from
//! the specs the import wrote: `cargo bench -p generator --bench openapi`. The issue's bound:
//! import + generate takes at most twice as long as generate alone, i.e. import ≤ generate.
//!
//! Also whole client documents of 3,000 and 10,000 operations made from the sales fixture
//! (`testkit/src/big_openapi.rs`): `rambase_import`, `rambase_generate` and
//! `rambase_import_then_generate` (the whole flow a user runs). Peak memory and `cargo check`
//! of the generated client are timed as whole commands by `scripts/bench-openapi.sh`.
//! Not run in CI (only compiled by clippy --all-targets); see BENCHMARKS.md.

use rambase_testkit::big_openapi;

use std::path::{Path, PathBuf};

use generator::openapi::{ImportOptions, import_text};

const SIZES: [usize; 2] = [100, 1000];

/// Operations of the RamBase-shaped documents.
const CLIENT_SIZES: [usize; 2] = [3000, 10000];

fn main() {
    divan::main();
}

fn scratch(name: &str) -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| manifest.join("../target"), PathBuf::from);
    target.join("bench-openapi").join(name)
}

/// One POST operation in RamBase's style.
fn operation(i: usize) -> String {
    format!(
        r##""/sales/things{i}/{{thingId}}/parts": {{"post": {{"tags": ["sales"], "summary": "Adds a part to thing {i}", "operationId": "sales_AddThingPart{i}",
  "externalDocs": {{"url": "https://api.rambase.net/documentation?resourceno={id}&version=1"}},
  "parameters": [{{"$ref": "#/components/parameters/thingId"}}, {{"$ref": "#/components/parameters/db"}}, {{"$ref": "#/components/parameters/lang"}}, {{"$ref": "#/components/parameters/useMinimumVersion"}}],
  "requestBody": {{"content": {{"application/json": {{"schema": {{"type": "object", "properties": {{"part": {{"type": "object", "required": ["partNumber"], "properties": {{
    "type": {{"type": "string", "description": "Type of part"}},
    "isDefault": {{"type": "boolean", "description": "True if this is the default part", "pattern": ""}},
    "partNumber": {{"type": "string", "description": "The part number", "pattern": "^([0-9\\(\\)\\s\\.\\+\\-])*$"}}}}}}}}}}}}}}}},
  "responses": {{"201": {{"description": "Created", "content": {{"application/json": {{"schema": {{"type": "object", "properties": {{"part": {{"type": "object", "properties": {{
    "partId": {{"type": "integer", "format": "int32", "description": "Part identifier"}},
    "createdAt": {{"type": "string", "format": "date-time", "description": "Date and time of creation"}},
    "isDefault": {{"type": "boolean", "description": "True if this is the default part"}},
    "type": {{"type": "string", "description": "Type of part"}},
    "partNumber": {{"type": "string", "description": "The part number"}}}}}}}}}}}}}}}}}}}}}}"##,
        id = 10000 + i
    )
}

/// A document of `n` operations with RamBase's shared parameters.
pub fn document(n: usize) -> String {
    let paths: Vec<String> = (0..n).map(operation).collect();
    format!(
        r##"{{"openapi": "3.0.1", "info": {{"title": "bench", "version": "1"}}, "paths": {{{}}},
"components": {{"parameters": {{
  "thingId": {{"name": "thingId", "in": "path", "required": true, "schema": {{"type": "integer", "format": "int32", "minimum": 100000, "pattern": ""}}}},
  "db": {{"name": "$db", "in": "query", "schema": {{"type": "string", "maximum": 5}}}},
  "lang": {{"name": "$lang", "in": "query", "schema": {{"type": "string", "maximum": 3}}}},
  "useMinimumVersion": {{"name": "$useMinimumVersion", "in": "query", "schema": {{"type": "integer"}}}}}}}}}}"##,
        paths.join(",\n")
    )
}

/// Import into an empty folder (the report includes the generator's check of the specs).
#[divan::bench(args = SIZES, sample_count = 5)]
fn import(bencher: divan::Bencher, n: usize) {
    let text = document(n);
    let dir = scratch(&format!("import-{n}"));
    // The folder is emptied outside the timed part: import writes into an empty folder.
    bencher
        .with_inputs(|| {
            let _ = std::fs::remove_dir_all(&dir);
        })
        .bench_local_values(|()| {
            let report = import_text(
                &text,
                Path::new("bench.json"),
                &dir,
                &ImportOptions::default(),
            )
            .expect("imports");
            assert!(report.problems.is_empty());
        });
}

/// Generating every file of the crate from the imported specs (in memory, as `generate_files`).
#[divan::bench(args = SIZES, sample_count = 5)]
fn generate(bencher: divan::Bencher, n: usize) {
    let dir = scratch(&format!("generate-{n}"));
    let _ = std::fs::remove_dir_all(&dir);
    import_text(
        &document(n),
        Path::new("bench.json"),
        &dir,
        &ImportOptions::default(),
    )
    .expect("imports");
    let specs: Vec<PathBuf> = generator::discover_specs(&dir)
        .expect("listed")
        .iter()
        .map(|p| p.strip_prefix(&dir).expect("below").to_path_buf())
        .collect();
    bencher.bench_local(|| generator::generate_files(&specs, &dir).expect("generates"));
}

fn client_document(operations: usize) -> String {
    big_openapi::document(operations / big_openapi::OPERATIONS_PER_COPY, 0)
}

/// The relative spec paths of a folder, as `generate_files` takes them.
fn specs_in(dir: &Path) -> Vec<PathBuf> {
    generator::discover_specs(dir)
        .expect("listed")
        .iter()
        .map(|p| p.strip_prefix(dir).expect("below").to_path_buf())
        .collect()
}

fn import_client(text: &str, dir: &Path) {
    let report = import_text(
        text,
        Path::new("client.json"),
        dir,
        &ImportOptions::default(),
    )
    .expect("imports");
    assert!(report.problems.is_empty(), "{}", report.problems);
}

/// Import of a client's whole document into an empty folder, with the check of the specs.
#[divan::bench(args = CLIENT_SIZES, sample_count = 3)]
fn rambase_import(bencher: divan::Bencher, n: usize) {
    let text = client_document(n);
    let dir = scratch(&format!("rambase-import-{n}"));
    bencher
        .with_inputs(|| {
            let _ = std::fs::remove_dir_all(&dir);
        })
        .bench_local_values(|()| import_client(&text, &dir));
}

/// Generating the client from the imported specs (in memory).
#[divan::bench(args = CLIENT_SIZES, sample_count = 3)]
fn rambase_generate(bencher: divan::Bencher, n: usize) {
    let dir = scratch(&format!("rambase-generate-{n}"));
    let _ = std::fs::remove_dir_all(&dir);
    import_client(&client_document(n), &dir);
    let specs = specs_in(&dir);
    bencher.bench_local(|| generator::generate_files(&specs, &dir).expect("generates"));
}

/// Import, then generate from what it wrote: the ratio to `rambase_generate` is the bound.
#[divan::bench(args = CLIENT_SIZES, sample_count = 3)]
fn rambase_import_then_generate(bencher: divan::Bencher, n: usize) {
    let text = client_document(n);
    let dir = scratch(&format!("rambase-both-{n}"));
    bencher
        .with_inputs(|| {
            let _ = std::fs::remove_dir_all(&dir);
        })
        .bench_local_values(|()| {
            import_client(&text, &dir);
            generator::generate_files(&specs_in(&dir), &dir).expect("generates")
        });
}
