//! `export-openapi` writes valid OpenAPI: an independent validator (the PyPI package
//! `openapi-spec-validator`, pinned here and installed on the first run) checks the export of every fixture set
//! (the fixtures, the shapes, the repository's spec, the imported RamBase-style specs, the
//! hostile specs the generator accepts), including folders with several versions of one
//! resource.

use std::path::{Path, PathBuf};
use std::process::Command;

use generator::openapi::{ImportOptions, export, import};

use crate::support;

const INSTALL: &str = "python3 -m venv target/openapi-validator && \
     target/openapi-validator/bin/pip install openapi-spec-validator==0.9.0, or `pip install --user openapi-spec-validator==0.9.0`; \
     OPENAPI_SPEC_VALIDATOR=PATH names another copy";

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// An empty scratch folder for one test.
fn scratch(name: &str) -> PathBuf {
    support::scratch("openapi-valid", name)
}

/// The validator: `OPENAPI_SPEC_VALIDATOR`, else the venv under `target/` (made here on the
/// first run, as `cargo test --workspace` must work on a fresh machine), else the PATH's.
/// If it cannot be installed, the test fails saying how; only a local run may skip it, with
/// `RAMBASE_SKIP_OPENAPI_VALIDATOR=1` (never in CI).
fn validator() -> Option<PathBuf> {
    if let Some(given) = std::env::var_os("OPENAPI_SPEC_VALIDATOR") {
        return Some(PathBuf::from(given));
    }
    let skip = std::env::var_os("RAMBASE_SKIP_OPENAPI_VALIDATOR").is_some()
        && std::env::var_os("CI").is_none();
    if skip {
        return None;
    }
    let venv = root().join("target/openapi-validator/bin/openapi-spec-validator");
    // Tests of this file run in parallel: one installs, the others wait for it.
    static INSTALLED: std::sync::OnceLock<Result<(), String>> = std::sync::OnceLock::new();
    let installed = INSTALLED.get_or_init(|| if venv.is_file() { Ok(()) } else { install() });
    if installed.is_ok() {
        return Some(venv);
    }
    let on_path = PathBuf::from("openapi-spec-validator");
    if Command::new(&on_path).arg("--version").output().is_ok() {
        return Some(on_path);
    }
    panic!(
        "openapi-spec-validator could not be installed ({}); install it: {INSTALL} \
         (or set RAMBASE_SKIP_OPENAPI_VALIDATOR=1 to skip this test locally)",
        installed.as_ref().err().map_or("", String::as_str)
    );
}

/// Makes the pinned validator's venv under `target/`, as `.ci/run` does.
fn install() -> Result<(), String> {
    let venv = root().join("target/openapi-validator");
    let run = |cmd: &mut Command| match cmd.output() {
        Ok(out) if out.status.success() => Ok(()),
        Ok(out) => Err(String::from_utf8_lossy(&out.stderr).trim().to_string()),
        Err(e) => Err(e.to_string()),
    };
    run(Command::new("python3").arg("-m").arg("venv").arg(&venv))?;
    run(Command::new(venv.join("bin/pip")).args([
        "install",
        "-q",
        "--disable-pip-version-check",
        "openapi-spec-validator==0.9.0",
    ]))
}

/// Copies `files` (path, name in the folder) into a scratch spec folder.
fn folder(name: &str, files: &[(PathBuf, PathBuf)]) -> PathBuf {
    let dir = scratch(name);
    for (from, rel) in files {
        let to = dir.join(rel);
        std::fs::create_dir_all(to.parent().expect("parent")).expect("folder");
        std::fs::copy(from, to).expect("copy");
    }
    dir
}

fn all_specs(dir: &Path) -> Vec<(PathBuf, PathBuf)> {
    generator::discover_specs(dir)
        .expect("listed")
        .into_iter()
        .map(|p| {
            let rel = p.strip_prefix(dir).expect("below").to_path_buf();
            (p, rel)
        })
        .collect()
}

/// Every spec folder the tests know, by name.
fn fixture_sets() -> Vec<(String, PathBuf)> {
    let mut sets = Vec::new();
    let fixtures = root().join("generator/tests/fixtures");
    for (path, rel) in all_specs(&fixtures) {
        let name = format!("fixture-{}", rel.with_extension("").display());
        sets.push((name.clone(), folder(&name, &[(path, rel)])));
    }
    for (name, dir) in [
        ("shapes", "tests/shapes"),
        ("spec", "spec"),
        ("rambase", "generator/tests/openapi/spec"),
        // Two versions of one resource (3119 v5 and v6).
        ("versions", "generator/tests/versions"),
    ] {
        sets.push((name.into(), folder(name, &all_specs(&root().join(dir)))));
    }
    // Each version alone too, so that the older one is checked where OpenAPI tools look.
    let versions = root().join("generator/tests/versions");
    for file in ["post-3119-v5.yaml", "post-3119-v6.yaml"] {
        let name = format!("versions-{file}");
        let files = [(versions.join(file), PathBuf::from(file))];
        sets.push((name.clone(), folder(&name, &files)));
    }
    // The hostile specs the generator accepts (odd names, escapes, defaults).
    let hostile = root().join("generator/tests/hostile");
    for (path, rel) in all_specs(&hostile) {
        let name = format!("hostile-{}", rel.with_extension("").display());
        let dir = folder(&name, &[(path, rel.clone())]);
        if generator::check_specs(&[rel], &dir).is_ok() {
            sets.push((name, dir));
        }
    }
    // An older and a newer download imported into one folder: 9902 at versions 1 and 2.
    let both = scratch("downloads");
    for doc in ["older.json", "newer.json"] {
        let file = root().join("generator/tests/openapi-versions").join(doc);
        import(&file, &both, &ImportOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    }
    sets.push(("downloads".into(), both));
    sets
}

#[test]
fn every_export_is_valid_openapi() {
    let sets = fixture_sets();
    let out = scratch("exports");
    let mut files = Vec::new();
    for (name, dir) in &sets {
        let document = export(dir).unwrap_or_else(|e| panic!("{name}: {e}"));
        let file = out.join(format!("{name}.json"));
        std::fs::write(&file, document).expect("written");
        files.push(file);
    }
    let several = std::fs::read_to_string(out.join("versions.json")).expect("exported");
    assert!(
        several.contains("x-rambase-versions") && !several.contains("#3119-v"),
        "several versions of one resource are one operation with its older versions: {several}"
    );
    let Some(validator) = validator() else {
        return;
    };
    let run = Command::new(&validator)
        .arg("--validation-errors")
        .arg("all")
        .args(&files)
        .output()
        .unwrap_or_else(|e| panic!("{}: {e}; install it: {INSTALL}", validator.display()));
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(
        run.status.success(),
        "the validator refused an export:\n{text}"
    );
    for file in &files {
        assert!(
            text.contains(&format!("{}: OK", file.display())),
            "{} not validated:\n{text}",
            file.display()
        );
    }
}

/// The lowered IR of a folder, without where it was read from.
fn lowered(dir: &Path) -> Vec<generator::ir::Resource> {
    let shown: Vec<PathBuf> = all_specs(dir).into_iter().map(|(_, rel)| rel).collect();
    let api = generator::check_specs(&shown, dir).unwrap_or_else(|e| panic!("{e}"));
    api.resources
        .into_iter()
        .map(|mut r| {
            r.spec_file.clear();
            r.origin = generator::diag::Origin::file(Path::new(""));
            r
        })
        .collect()
}

#[test]
fn several_versions_of_one_resource_export_and_import_back_the_same() {
    let both = scratch("round-trip/original");
    for doc in ["older.json", "newer.json"] {
        let file = root().join("generator/tests/openapi-versions").join(doc);
        import(&file, &both, &ImportOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    }
    let document = export(&both).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        document.contains("\"operationId\": \"sales_CreateQuote_v2\"")
            && document.contains("\"operationId\": \"sales_CreateQuote_v1\"")
            && document.contains("\"x-rambase-versions\""),
        "{document}"
    );
    let back = scratch("round-trip/imported");
    let report = generator::openapi::import_text(
        &document,
        Path::new("export.json"),
        &back,
        &ImportOptions::default(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(report.problems.is_empty(), "{report}");
    assert_eq!(lowered(&both), lowered(&back));
    assert_eq!(export(&back).expect("exports"), document);
}

#[test]
fn broken_older_versions_in_a_document_are_reported_at_their_pointer() {
    let document = r#"{"openapi": "3.0.3", "paths": {"/sales/things": {"get": {
  "tags": ["sales"], "summary": "Things", "operationId": "sales_GetThings_v2",
  "externalDocs": {"url": "https://api.rambase.net/documentation?resourceno=9901&version=2"},
  "responses": {"200": {"description": "OK"}},
  "x-rambase-versions": ["not an operation", {"tags": ["sales"], "operationId": "sales_GetThings_v1",
    "responses": {"200": {"description": "OK"}}}]}}}}"#;
    let dir = scratch("broken-versions");
    let report = generator::openapi::import_text(
        document,
        Path::new("broken.json"),
        &dir,
        &ImportOptions::default(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let problems = report.problems.to_string();
    for at in [
        "/paths/~1sales~1things/get/x-rambase-versions/0",
        "/paths/~1sales~1things/get/x-rambase-versions/1/externalDocs",
    ] {
        assert!(problems.contains(at), "no problem at {at}:\n{report}");
    }
    // The newest version is imported, its name without the version.
    let file = std::fs::read_to_string(dir.join("sales/thing/get-9901-v2.yaml")).expect("written");
    assert!(file.contains("operation: GetThings\n"), "{file}");
}
