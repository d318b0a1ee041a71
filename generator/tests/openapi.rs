//! Importing RamBase's OpenAPI documents into spec files, and exporting specs as one.
//!
//! - `openapi/rambase.json` is a document in RamBase's style (all four verbs, a paged list
//!   with `$expand`, nested `$ref` schemas, every type and RamBase's quirks). Its import is
//!   snapshotted, kept in `openapi/spec/` for the tests crate, generated and type-checked.
//! - import(export(specs)) gives back the same lowered IR for every fixture set.
//! - re-import keeps what was added by hand; hostile documents are reported, never a panic.

use std::path::{Path, PathBuf};

use generator::openapi::{FileStatus, ImportOptions, ImportReport, export, import, import_text};

mod support;

use rambase_testkit::rustc_check;

fn tests_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests")
}

/// An empty scratch folder for one test.
fn scratch(name: &str) -> PathBuf {
    support::scratch("openapi", name)
}

fn spec_files(dir: &Path) -> Vec<PathBuf> {
    support::spec_files(dir)
}

/// Every spec file of `dir` under a `==> path <==` header.
fn show(dir: &Path) -> String {
    let mut out = String::new();
    for rel in spec_files(dir) {
        let text = std::fs::read_to_string(dir.join(&rel)).expect("readable");
        out.push_str(&format!(
            "==> {} <==\n{text}\n",
            rel.to_string_lossy().replace('\\', "/")
        ));
    }
    out
}

fn import_rambase(dir: &Path) -> ImportReport {
    import(
        &tests_dir().join("openapi/rambase.json"),
        dir,
        &ImportOptions::default(),
    )
    .unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn the_rambase_style_document_imports_into_specs_that_generate_and_compile() {
    let dir = scratch("rambase");
    let report = import_rambase(&dir);
    assert!(report.problems.is_empty(), "{report}");
    assert!(
        report.files.iter().all(|f| f.status == FileStatus::Created),
        "{report}"
    );
    insta::assert_snapshot!("rambase_specs", show(&dir));
    insta::assert_snapshot!("rambase_report", report.to_string());
    // The tests crate generates the committed copy for its loopback tests: keep it current.
    let committed = tests_dir().join("openapi/spec");
    if std::env::var_os("OPENAPI_BLESS").is_some() {
        let _ = std::fs::remove_dir_all(&committed);
        for rel in spec_files(&dir) {
            let to = committed.join(&rel);
            std::fs::create_dir_all(to.parent().expect("parent")).expect("folder");
            std::fs::copy(dir.join(&rel), to).expect("copy");
        }
    }
    assert_eq!(
        show(&committed),
        show(&dir),
        "openapi/spec is stale: run with OPENAPI_BLESS=1"
    );
    let files =
        generator::generate_files(&spec_files(&dir), &dir).unwrap_or_else(|e| panic!("{e}"));
    let src = dir.join("crate");
    for (path, text) in &files.files {
        let path = src.join(path);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("folder");
        std::fs::write(&path, text).expect("write");
    }
    rustc_check::type_check(&src.join("lib.rs"), "api", "2021", &dir.join("out"))
        .unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn the_same_document_gives_byte_identical_files_and_a_second_import_changes_nothing() {
    let (a, b) = (scratch("determinism-a"), scratch("determinism-b"));
    import_rambase(&a);
    import_rambase(&b);
    assert_eq!(show(&a), show(&b));
    let again = import_rambase(&a);
    assert!(
        again
            .files
            .iter()
            .all(|f| f.status == FileStatus::Unchanged),
        "{again}"
    );
    assert_eq!(show(&a), show(&b));
}

/// The lowered IR of a folder, without where it was read from.
fn lowered(dir: &Path) -> Vec<generator::ir::Resource> {
    let api = generator::check_specs(&spec_files(dir), dir)
        .unwrap_or_else(|e| panic!("{}:\n{e}", dir.display()));
    api.resources
        .into_iter()
        .map(|mut r| {
            r.spec_file.clear();
            r.origin = generator::diag::Origin::file(Path::new(""));
            r
        })
        .collect()
}

/// Exports `files` (copied into a scratch folder), imports the export into another, and
/// compares the lowered IR of both.
fn round_trip(name: &str, files: &[(PathBuf, PathBuf)]) {
    let original = scratch(&format!("round-trip/{name}/original"));
    for (from, rel) in files {
        let to = original.join(rel);
        std::fs::create_dir_all(to.parent().expect("parent")).expect("folder");
        std::fs::copy(from, to).expect("copy");
    }
    let document = export(&original).unwrap_or_else(|e| panic!("{name}: {e}"));
    let back = scratch(&format!("round-trip/{name}/imported"));
    let report = import_text(
        &document,
        Path::new("export.json"),
        &back,
        &ImportOptions::default(),
    )
    .unwrap_or_else(|e| panic!("{name}: {e}"));
    assert!(report.problems.is_empty(), "{name}: {report}");
    assert_eq!(
        lowered(&original),
        lowered(&back),
        "{name}: the round trip changed the IR"
    );
    // Exporting the import again gives the same document.
    assert!(
        export(&back).expect("exports") == document,
        "{name}: the export is not stable"
    );
}

/// Every spec file of a folder, with its path relative to the folder.
fn folder(dir: &Path) -> Vec<(PathBuf, PathBuf)> {
    spec_files(dir)
        .into_iter()
        .map(|rel| (dir.join(&rel), rel))
        .collect()
}

#[test]
fn import_of_export_gives_back_the_same_specs() {
    let root = tests_dir().join("..").join("..");
    for file in spec_files(&tests_dir().join("fixtures")) {
        let name = file
            .file_stem()
            .expect("name")
            .to_string_lossy()
            .to_string();
        round_trip(
            &format!("fixtures-{name}"),
            &[(tests_dir().join("fixtures").join(&file), file)],
        );
    }
    round_trip("shapes", &folder(&root.join("tests/shapes")));
    round_trip("spec", &folder(&root.join("spec")));
    round_trip("versions", &folder(&tests_dir().join("versions")));
    round_trip("rambase", &folder(&tests_dir().join("openapi/spec")));
}

#[test]
fn re_import_keeps_facts_added_by_hand_and_a_new_version_becomes_a_new_file() {
    let dir = scratch("re-import");
    import_rambase(&dir);
    let file = dir.join("sales/order/post-9802-v1.yaml");
    let text = std::fs::read_to_string(&file).expect("imported");
    // By hand: an error code, a default, a Rust name, and a field the document lacks.
    let edited = text
        .replace("    IsUrgent:\n      type: boolean\n", "    IsUrgent:\n      type: boolean\n      default: false\n")
        .replace("    Priority:\n      type: integer\n", "    Priority:\n      type: integer\n      rustName: urgency\n")
        .replace("request:\n  object: SalesOrder\n  fields:\n", "request:\n  object: SalesOrder\n  fields:\n    Note:\n      type: string\n      description: Added by hand\n")
        + "errors:\n  - code: 101015\n    status: 404\n    message: Customer not found\n";
    std::fs::write(&file, &edited).expect("edited");
    let report = import_rambase(&dir);
    assert!(report.problems.is_empty(), "{report}");
    let status = |p: &str| {
        report
            .files
            .iter()
            .find(|f| f.path == Path::new(p))
            .map(|f| f.status)
    };
    assert_eq!(
        status("sales/order/post-9802-v1.yaml"),
        Some(FileStatus::Unchanged),
        "{report}"
    );
    assert_eq!(std::fs::read_to_string(&file).expect("kept"), edited);

    // A newer download: resource 9802 is at version 2, with one field more.
    let newer = std::fs::read_to_string(tests_dir().join("openapi/rambase.json"))
        .expect("document")
        .replace("resourceno=9802&version=1", "resourceno=9802&version=2")
        .replace(
            r#""isUrgent": { "type": "boolean", "description": "True if the order is urgent" },"#,
            r#""isUrgent": { "type": "boolean", "description": "True if the order is urgent" }, "reference": { "type": "string", "description": "Customer's reference" },"#,
        );
    let only = ImportOptions {
        only: vec!["9802".into()],
    };
    let report =
        import_text(&newer, Path::new("newer.json"), &dir, &only).unwrap_or_else(|e| panic!("{e}"));
    assert!(report.problems.is_empty(), "{report}");
    assert_eq!(
        status_of(&report, "sales/order/post-9802-v2.yaml"),
        Some(FileStatus::Created),
        "{report}"
    );
    assert_eq!(std::fs::read_to_string(&file).expect("v1 kept"), edited);
    let v2 = std::fs::read_to_string(dir.join("sales/order/post-9802-v2.yaml")).expect("v2");
    assert!(v2.contains("    Reference:\n"), "{v2}");
    // `generator diff` classifies the change between the imported versions (without the
    // hand edits, which a new version does not inherit): a new optional field.
    let dir = scratch("re-import-diff");
    import_rambase(&dir);
    import_text(&newer, Path::new("newer.json"), &dir, &only).unwrap_or_else(|e| panic!("{e}"));
    let one = |f: &str| {
        let api = generator::check_specs(&[PathBuf::from("common.yaml"), PathBuf::from(f)], &dir)
            .expect("checks");
        generator::shape::shape_of(&api.resources[0])
    };
    let changes = generator::diff::compare(
        &one("sales/order/post-9802-v1.yaml"),
        &one("sales/order/post-9802-v2.yaml"),
    );
    assert!(
        !changes.is_empty()
            && changes
                .iter()
                .all(|c| c.kind != generator::diff::Kind::Breaking),
        "{changes:?}"
    );
}

fn status_of(report: &ImportReport, path: &str) -> Option<FileStatus> {
    report
        .files
        .iter()
        .find(|f| f.path == Path::new(path))
        .map(|f| f.status)
}

#[test]
fn re_import_fills_in_what_a_file_lacks_without_dropping_anything() {
    let dir = scratch("re-import-fill");
    import_rambase(&dir);
    let file = dir.join("sales/order/put-9804-v1.yaml");
    let text = std::fs::read_to_string(&file).expect("imported");
    let cut = text.replace("      pattern: '^[A-Z]{3}$'\n", "").replace(
        "    IsUrgent:\n      type: boolean\n      description: True if the order is urgent\n",
        "",
    );
    assert_ne!(cut, text);
    std::fs::write(&file, &cut).expect("cut");
    let report = import_rambase(&dir);
    assert_eq!(
        status_of(&report, "sales/order/put-9804-v1.yaml"),
        Some(FileStatus::Updated),
        "{report}"
    );
    assert_eq!(std::fs::read_to_string(&file).expect("filled"), text);
}

/// A document with one operation whose request object has `props` (JSON text), plus `extra`
/// top-level entries.
fn with_request(props: &str, extra: &str) -> String {
    format!(
        r##"{{"openapi": "3.0.1", "paths": {{"/sales/things": {{"post": {{
  "tags": ["sales"], "summary": "Adds a thing", "operationId": "sales_AddThing",
  "externalDocs": {{"url": "https://api.rambase.net/documentation?resourceno=9901&version=1"}},
  "requestBody": {{"content": {{"application/json": {{"schema": {{"type": "object", "properties": {{"thing": {{"type": "object", "properties": {props}}}}}}}}}}}}},
  "responses": {{"201": {{"description": "Created"}}}}}}}}}}{extra}}}"##
    )
}

/// Hostile and unsupported documents: every problem is reported at once, each at its JSON
/// pointer with line and column, never a panic.
#[test]
fn hostile_documents_are_reported_not_panicked_on() {
    let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
    let cases: Vec<(&str, String)> = vec![
        ("openapi-3.1", r##"{"openapi": "3.1.0", "paths": {}}"##.into()),
        ("openapi-3.1-as-a-number", "openapi: 3.1\npaths: {}\n".into()),
        ("swagger-2", "swagger: '2.0'\npaths: {}\n".into()),
        ("not-a-mapping", "[1, 2]".into()),
        ("syntax-error", "{\"openapi\": \"3.0.1\",\n \"paths\": {".into()),
        ("deeply-nested", deep),
        ("one-of-and-friends", with_request(r##"{"a": {"oneOf": [{"type": "string"}]}, "b": {"allOf": []}, "c": {"type": ["string", "null"]}, "d": {"type": "integer", "exclusiveMaximum": true}}"##, "")),
        ("ref-cycle", with_request(r##"{"a": {"$ref": "#/components/schemas/A"}}"##, r##", "components": {"schemas": {"A": {"$ref": "#/components/schemas/B"}, "B": {"$ref": "#/components/schemas/A"}}}"##)),
        ("self-containing", with_request(r##"{"node": {"$ref": "#/components/schemas/Node"}}"##, r##", "components": {"schemas": {"Node": {"type": "object", "properties": {"child": {"$ref": "#/components/schemas/Node"}}}}}"##)),
        ("mutual-containment", with_request(r##"{"a": {"$ref": "#/components/schemas/A"}}"##, r##", "components": {"schemas": {"A": {"type": "object", "properties": {"b": {"$ref": "#/components/schemas/B"}}}, "B": {"type": "object", "properties": {"a": {"$ref": "#/components/schemas/A"}}}}}"##)),
        ("dangling-ref", with_request(r##"{"a": {"$ref": "#/components/schemas/Missing"}, "b": {"$ref": "other.json#/X"}}"##, "")),
        ("names-collide-after-casing", with_request(r##"{"phoneNumber": {"type": "string"}, "PhoneNumber": {"type": "string"}}"##, "")),
        ("no-identity", r##"{"openapi": "3.0.1", "paths": {"/x": {"get": {"responses": {"200": {"description": "OK"}}}, "patch": {}}}}"##.into()),
        ("external-docs-unparsable", with_request(r##"{"a": {"type": "string"}}"##, "").replace("https://api.rambase.net/documentation?resourceno=9901&version=1", "see the page")),
        ("no-operations", r##"{"openapi": "3.0.1", "paths": {}}"##.into()),
        ("external-ref", with_request(r##"{"a": {"$ref": "https://example.com/schemas.json#/A"}}"##, "")),
        ("bad-types", with_request(r##"{"a": {"type": "null"}, "b": {}, "c": {"type": "array"}, "d": {"type": "object"}, "e": {"type": "number", "minimum": "x"}}"##, "")),
    ];
    let mut out = String::new();
    for (name, text) in cases {
        let dir = scratch(&format!("hostile/{name}"));
        let result = std::panic::catch_unwind(|| {
            import_text(
                &text,
                Path::new(&format!("{name}.json")),
                &dir,
                &ImportOptions::default(),
            )
        });
        let rendered = match result {
            Ok(Err(generator::Error::Spec(diags))) => {
                for d in diags.sorted() {
                    assert!(d.origin.line_col.is_some(), "{name}: not located: {d}");
                }
                diags.to_string()
            }
            Ok(Err(other)) => panic!("{name}: expected located problems, got {other}"),
            Ok(Ok(report)) => panic!("{name}: accepted:\n{report}"),
            Err(_) => panic!("{name}: the importer panicked"),
        };
        assert!(
            spec_files(&dir).is_empty(),
            "{name}: wrote files despite problems"
        );
        out.push_str(&format!("==> {name} <==\n{rendered}\n\n"));
    }
    insta::assert_snapshot!("hostile_documents", out);
}

/// A big document: thousands of operations import without trouble.
#[test]
fn a_document_with_2000_operations_imports() {
    let mut paths = Vec::new();
    for i in 0..2000 {
        paths.push(format!(
            r##""/sales/things{i}/{{thingId}}": {{"get": {{"tags": ["sales"], "summary": "Gets thing {i}", "operationId": "sales_GetThing{i}",
  "externalDocs": {{"url": "https://api.rambase.net/documentation?resourceno={}&version=1"}},
  "parameters": [{{"name": "thingId", "in": "path", "required": true, "schema": {{"type": "integer", "minimum": 1}}}}],
  "responses": {{"200": {{"description": "OK", "content": {{"application/json": {{"schema": {{"type": "object", "properties": {{"thing": {{"type": "object", "properties": {{"name": {{"type": "string", "maxLength": 40}}}}}}}}}}}}}}}}}}}}}}"##,
            10000 + i
        ));
    }
    let text = format!(
        r##"{{"openapi": "3.0.3", "paths": {{{}}}}}"##,
        paths.join(",\n")
    );
    let dir = scratch("big");
    let report = import_text(
        &text,
        Path::new("big.json"),
        &dir,
        &ImportOptions::default(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(report.files.len(), 2000);
    assert!(report.problems.is_empty(), "{}", report.problems);
}

#[test]
fn an_operation_with_an_unsupported_construct_is_left_out_and_the_others_are_imported() {
    let original = std::fs::read_to_string(tests_dir().join("openapi/rambase.json")).unwrap();
    // `CreateOrder`'s request (the first `priority`) takes a `oneOf`, which no spec field can
    // hold: a request cannot leave a field out, so the operation is left out.
    let priority = r#""priority": { "type": "integer", "format": "int32", "description": "Priority, 1-9", "minimum": 1, "maximum": 9 },"#;
    assert_eq!(original.matches(priority).count(), 1, "the fixture changed");
    let text = original.replacen(
        priority,
        r#""priority": { "oneOf": [{"type": "string"}, {"type": "integer"}] },"#,
        1,
    );
    // The shared response object `SalesOrder` gets a property without a type: it is left out
    // of the models (its value arrives in `extra_fields`), with a note.
    let total = r#""totalAmount": { "type": "number", "format": "double", "description": "Total amount in the order currency", "minLength": 0 },"#;
    assert_eq!(text.matches(total).count(), 1, "the fixture changed");
    let text = text.replacen(total, &format!(r#"{total} "anything": {{}},"#), 1);
    let dir = scratch("one-bad-operation");
    let report = import_text(
        &text,
        Path::new("odd.json"),
        &dir,
        &ImportOptions::default(),
    )
    .unwrap_or_else(|e| panic!("the other operations must be imported: {e}"));
    let problems = report.problems.to_string();
    assert!(problems.contains("`oneOf` is not supported"), "{problems}");
    assert!(
        problems.contains("#/paths/~1sales~1orders/post"),
        "{problems}"
    );
    let files = spec_files(&dir);
    assert!(
        !files.iter().any(|f| f.ends_with("post-9802-v1.yaml")),
        "{files:?}"
    );
    assert_eq!(report.files.len(), 5, "{report}"); // common.yaml and four operations
    let shown = report.to_string();
    assert!(
        shown.contains("anything: left out of the response model (the schema has no `type`)"),
        "{shown}"
    );
}

/// A document with one GET operation (`operationId` `id`, more operation keys in `extra`)
/// whose response object `thing` has `props`, plus top-level entries `top`.
fn with_response(id: &str, extra: &str, media: &str, props: &str, top: &str) -> String {
    let op = response_op(
        ("/sales/things/{thingId}", "get"),
        id,
        9901,
        extra,
        media,
        props,
    );
    format!(r#"{{"openapi": "3.0.1", "paths": {{{op}}}{top}}}"#)
}

/// One path entry with one operation in RamBase's style, answering object `thing`.
fn response_op(
    (path, method): (&str, &str),
    id: &str,
    resource: u32,
    extra: &str,
    media: &str,
    props: &str,
) -> String {
    format!(
        r##"{path:?}: {{{method:?}: {{
  "tags": ["sales"], "summary": "Gets a thing", "operationId": "{id}"{extra},
  "externalDocs": {{"url": "https://api.rambase.net/documentation?resourceno={resource}&version=1"}},
  "parameters": [{{"name": "thingId", "in": "path", "required": true, "schema": {{"type": "integer"}}}}],
  "responses": {{"200": {{"description": "OK", "content": {{{media:?}: {{"schema": {{"type": "object", "properties": {{"thing": {{"type": "object", "properties": {props}}}}}}}}}}}}}}}}}}}"##
    )
}

const SHARED: &str = r##", "components": {"schemas": {
  "SpecialHandling": {"type": "object", "properties": {"code": {"type": "string"}, "note": {"type": "string"}}},
  "SpecialHandling1": {"type": "object", "properties": {"code": {"type": "integer"}}}}}"##;

/// What real RamBase documents do that a naive import turned into specs the generator
/// refused (or into wrong errors): each imports, every operation is written, the folder
/// generates, and nothing the document says is printed raw.
#[test]
fn rambase_quirks_import_into_specs_that_generate() {
    let json = "application/json";
    let cases: Vec<(&str, String)> = vec![
        ("shared-schema-twice", with_response("sales_GetThing", "", json, r##"{"shipment": {"type": "object", "properties": {"specialHandling": {"$ref": "#/components/schemas/SpecialHandling"}}}, "service": {"type": "object", "properties": {"specialHandling": {"$ref": "#/components/schemas/SpecialHandling"}}}}"##, SHARED)),
        ("numbered-names", with_response("sales_GetThing", "", json, r##"{"a": {"type": "object", "properties": {"specialHandling": {"$ref": "#/components/schemas/SpecialHandling"}, "object": {"type": "object", "properties": {"x": {"type": "string"}}}}}, "b": {"type": "object", "properties": {"specialHandling": {"$ref": "#/components/schemas/SpecialHandling1"}, "object": {"type": "object", "properties": {"y": {"type": "integer"}}}}}}"##, SHARED)),
        ("number-bounds-as-lengths", with_response("sales_GetThing", "", json, r##"{"percent": {"type": "number", "format": "double", "minLength": 0, "maxLength": 100}, "amount": {"type": "number", "minimum": 1, "minLength": 0}}"##, "")),
        ("deprecated", with_response("sales_GetThing", r#", "deprecated": true"#, json, r##"{"name": {"type": "string"}}"##, "")),
        ("non-ascii-names", with_response("sales_GetThing", "", json, r##"{"größe": {"type": "string", "enum": ["A", "B"]}, "ønske": {"type": "object", "properties": {"x": {"type": "string"}}}}"##, "")),
        ("charset-json", with_response("sales_GetThing", "", "Application/JSON; Charset=UTF-8", r##"{"name": {"type": "string"}}"##, "")),
        ("underscore-id", with_response("_", "", json, r##"{"name": {"type": "string"}}"##, "")),
        ("keyword-id", with_response("sales_self", "", json, r##"{"name": {"type": "string"}}"##, "")),
        ("digit-first-id", with_response("sales_2nd", "", json, r##"{"name": {"type": "string"}}"##, "")),
        ("non-ascii-id", with_response("sales_HentKundeØkonomi", "", json, r##"{"name": {"type": "string"}}"##, "")),
        ("openapi-as-a-number", "openapi: 3.0\npaths:\n  /sales/things:\n    get:\n      tags: [sales]\n      summary: Things\n      operationId: sales_ListThings\n      externalDocs: {url: 'https://api.rambase.net/documentation?resourceno=9902&version=1'}\n      responses: {'200': {description: OK}}\n".into()),
        ("2XX-response", with_response("sales_GetThing", "", json, r##"{"name": {"type": "string"}}"##, "").replace(r#""200":"#, r#""2XX":"#)),
        ("ref-siblings", with_response("sales_GetThing", "", json, r##"{"special": {"$ref": "#/components/schemas/SpecialHandling", "description": "Handling of the shipment", "maxLength": 3}}"##, SHARED)),
        ("read-write-only", with_response("sales_GetThing", "", json, r##"{"name": {"type": "string"}, "secret": {"type": "string", "writeOnly": true}, "note": {"type": "string", "nullable": true}}"##, "")),
        ("control-characters", with_response("sales_Get\\u001b[2JThing\\u202e", "", json, r##"{"name": {"type": "string", "description": "evil \u001b[31m red \u202e"}}"##, "")),
    ];
    let mut out = String::new();
    for (name, text) in cases {
        let dir = scratch(&format!("quirks/{name}"));
        let report = import_text(
            &text,
            Path::new(&format!("{name}.json")),
            &dir,
            &ImportOptions::default(),
        )
        .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(report.problems.is_empty(), "{name}:\n{report}");
        assert!(!spec_files(&dir).is_empty(), "{name}: nothing written");
        generator::generate_files(&spec_files(&dir), &dir)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let shown = report.to_string();
        assert!(
            !shown
                .chars()
                .any(|c| c.is_control() && c != '\n' || ('\u{202a}'..='\u{202e}').contains(&c)),
            "{name}: raw control characters printed:\n{shown}"
        );
        out.push_str(&format!("==> {name} <==\n{}\n{shown}\n\n", show(&dir)));
    }
    insta::assert_snapshot!("quirk_documents", out);
}

/// Two operations whose ids differ only in case and one whose id is a keyword: distinct,
/// usable operation names, each written.
#[test]
fn operation_ids_that_differ_only_in_case_get_distinct_names() {
    let props = r##"{"name": {"type": "string"}}"##;
    let json = "application/json";
    let a = response_op(
        ("/sales/things/{thingId}", "get"),
        "sales_GetThing",
        9901,
        "",
        json,
        props,
    );
    let b = response_op(
        ("/sales/others/{thingId}", "put"),
        "sales_getThing",
        9903,
        "",
        json,
        props,
    );
    let text = format!(r#"{{"openapi": "3.0.1", "paths": {{{a}, {b}}}}}"#);
    let dir = scratch("case-only-ids");
    let report = import_text(
        &text,
        Path::new("ids.json"),
        &dir,
        &ImportOptions::default(),
    )
    .unwrap_or_else(|e| panic!("{e}\n{text}"));
    assert!(report.problems.is_empty(), "{report}");
    let specs = show(&dir);
    assert!(specs.contains("operation: GetThing\n"), "{specs}");
    assert!(specs.contains("operation: GetThing9903\n"), "{specs}");
}

/// An operation whose spec the generator would refuse is left out before anything is
/// written, with the generator's reason at the operation; the others are written and generate.
#[test]
fn an_operation_the_generator_would_refuse_is_left_out_and_reported() {
    let json = "application/json";
    let good = response_op(
        ("/sales/things/{thingId}", "get"),
        "sales_GetThing",
        9901,
        "",
        json,
        r##"{"name": {"type": "string"}}"##,
    );
    let bad = response_op(
        ("/sales/others/{thingId}", "get"),
        "sales_GetOther",
        9902,
        "",
        json,
        r##"{"foo-bar": {"type": "string"}, "foo_bar": {"type": "string"}}"##,
    );
    let text = format!(r#"{{"openapi": "3.0.1", "paths": {{{good}, {bad}}}}}"#);
    let dir = scratch("refused");
    let report = import_text(
        &text,
        Path::new("refused.json"),
        &dir,
        &ImportOptions::default(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let problems = report.problems.to_string();
    assert!(
        problems.contains("left out: the generator refuses the spec this operation maps to"),
        "{problems}"
    );
    assert!(
        problems.contains("#/paths/~1sales~1others~1{thingId}/get"),
        "{problems}"
    );
    assert_eq!(
        spec_files(&dir),
        vec![PathBuf::from("sales/thing/get-9901-v1.yaml")]
    );
    generator::generate_files(&spec_files(&dir), &dir).unwrap_or_else(|e| panic!("{e}"));
}
