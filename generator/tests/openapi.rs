//! Importing RamBase's OpenAPI documents into spec files, and exporting specs as one.
//!
//! - `openapi/rambase.json` is a document in RamBase's style (all four verbs, a paged list
//!   with `$expand`, nested `$ref` schemas, every type and RamBase's quirks). Its import is
//!   snapshotted, kept in `openapi/spec/` for the tests crate, generated and type-checked.
//! - import(export(specs)) gives back the same lowered IR for every fixture set.
//! - re-import keeps what was added by hand; hostile documents are reported, never a panic.

use std::path::{Path, PathBuf};

use generator::openapi::{FileStatus, ImportOptions, ImportReport, export, import, import_text};

/// Shared with the tests crate, which the generator cannot depend on.
#[path = "../../tests/support/rustc_check.rs"]
mod rustc_check;

fn tests_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests")
}

/// An empty scratch folder for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../target/test-scratch/openapi")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch folder");
    dir
}

/// The spec files below `dir`, relative to it, sorted.
fn spec_files(dir: &Path) -> Vec<PathBuf> {
    generator::discover_specs(dir)
        .expect("listed")
        .iter()
        .map(|p| p.strip_prefix(dir).expect("below").to_path_buf())
        .collect()
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
