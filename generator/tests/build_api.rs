//! The build-script API writes the same per-version files as the checked-in crate, touches
//! nothing on a second run, and reports problems instead of panicking.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use rambase_testkit::{copy_dir, workspace_root};

fn scratch(name: &str) -> PathBuf {
    let dir = workspace_root()
        .join("target")
        .join("test-scratch")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

fn mtimes(dir: &Path) -> Vec<(PathBuf, SystemTime)> {
    let mut out = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(d) = pending.pop() {
        for entry in std::fs::read_dir(&d).expect("read dir") {
            let entry = entry.expect("entry");
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else {
                out.push((
                    path.clone(),
                    entry
                        .metadata()
                        .expect("metadata")
                        .modified()
                        .expect("mtime"),
                ));
            }
        }
    }
    out.sort();
    out
}

/// Generation from the workspace's `spec/` into `out`, without rerun lines.
fn real_spec_config(out: &Path) -> generator::Config {
    let mut config = generator::Config::new();
    config
        .base_dir(workspace_root())
        .spec_dir("spec")
        .out_dir(out)
        .emit_rerun_if_changed(false);
    config
}

/// The resource versions of the workspace's `spec/`: what the tests of the real spec expect
/// is derived from it, so a new version or resource needs no test edits.
fn real_versions() -> Vec<generator::ir::Resource> {
    let root = workspace_root();
    let specs = generator::discover_specs(&root.join("spec")).expect("spec/ is listed");
    let shown: Vec<PathBuf> = specs
        .iter()
        .map(|p| p.strip_prefix(&root).expect("below the root").to_path_buf())
        .collect();
    let api = generator::check_specs(&shown, &root).unwrap_or_else(|e| panic!("{e}"));
    assert!(!api.resources.is_empty(), "spec/ has resource versions");
    api.resources
}

/// The output files of a build-script run over `versions`: one per version and the root.
fn expected_files(out: &Path, versions: &[generator::ir::Resource]) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = versions
        .iter()
        .map(|r| out.join(generator::phases::resource_path(r)))
        .collect();
    files.push(out.join(generator::config::INCLUDE_ROOT));
    files.sort();
    files
}

#[test]
fn version_files_equal_the_checked_in_crate() {
    let root = workspace_root();
    let out = scratch("build-api-identical");
    let report = real_spec_config(&out).generate().expect("generates");
    let versions = real_versions();
    for r in &versions {
        let version_file = generator::phases::resource_path(r);
        let built = std::fs::read_to_string(out.join(&version_file)).expect("version file");
        let checked_in = std::fs::read_to_string(root.join("generated/src").join(&version_file))
            .expect("checked-in file");
        assert!(
            built == checked_in,
            "{version_file}: build-script output must be byte-identical to generated/src"
        );
    }
    let mut written = report.written.clone();
    written.sort();
    assert_eq!(written, expected_files(&out, &versions), "{report:?}");
}

#[test]
fn second_run_writes_nothing() {
    let out = scratch("build-api-noop");
    let config = real_spec_config(&out);
    config.generate().expect("first run");
    let before = mtimes(&out);
    std::thread::sleep(std::time::Duration::from_millis(20));
    let report = config.generate().expect("second run");
    assert!(
        report.written.is_empty(),
        "nothing should be rewritten: {:?}",
        report.written
    );
    let mut unchanged = report.unchanged.clone();
    unchanged.sort();
    assert_eq!(unchanged, expected_files(&out, &real_versions()));
    assert_eq!(mtimes(&out), before, "modification times must not change");

    // With the same input, the run is answered from the index; a file edited on disk, a
    // changed spec or a filter makes it render again.
    let version_file = out.join(generator::phases::resource_path(&real_versions()[0]));
    std::fs::write(&version_file, "// edited\n").expect("edit");
    let report = config.generate().expect("third run");
    assert_eq!(
        report.written,
        std::slice::from_ref(&version_file),
        "the edited file is restored"
    );
    assert_eq!(report.rendered, 1);
    let again = config.generate().expect("fourth run");
    assert!(again.written.is_empty() && again.rendered == 0);
    let index = std::fs::read_to_string(out.join(".rambase-render-cache")).expect("index");
    assert!(
        index.lines().nth(1).is_some_and(|l| l.starts_with("run\t")),
        "the index keys the whole run, so an unchanged rerun is answered from it:\n{index}"
    );
}

#[test]
fn filters_resources_and_versions() {
    let versions = real_versions();
    let chosen = &versions[0];
    let out = scratch("build-api-filter");
    let report = real_spec_config(&out)
        .version(chosen.id, chosen.version)
        .generate()
        .expect("generates");
    let mut written = report.written.clone();
    written.sort();
    assert_eq!(
        written,
        expected_files(&out, std::slice::from_ref(chosen)),
        "only the chosen version and the root"
    );

    let out = scratch("build-api-filter-resource");
    let report = real_spec_config(&out)
        .resource(chosen.id)
        .generate()
        .expect("generates");
    let of_resource: Vec<_> = versions
        .iter()
        .filter(|r| r.id == chosen.id)
        .cloned()
        .collect();
    let mut written = report.written.clone();
    written.sort();
    assert_eq!(written, expected_files(&out, &of_resource));

    let out = scratch("build-api-filter-none");
    let report = real_spec_config(&out)
        .version(chosen.id, u32::MAX)
        .generate()
        .expect("generates");
    let root_file =
        std::fs::read_to_string(out.join(generator::config::INCLUDE_ROOT)).expect("include root");
    assert!(
        !root_file.contains("pub mod"),
        "no module for an unselected resource: {root_file}"
    );
    assert_eq!(report.written.len(), 1, "the include root alone");
}

#[test]
fn broken_spec_renders_located_diagnostics() {
    let dir = scratch("build-api-broken");
    std::fs::create_dir_all(dir.join("spec")).expect("spec dir");
    std::fs::write(
        dir.join("spec/bad.yaml"),
        "kind: resource\nresource: 3119\nversoin: 5\n",
    )
    .expect("write spec");
    let err = generator::Config::new()
        .base_dir(&dir)
        .spec_dir("spec")
        .out_dir(dir.join("out"))
        .emit_rerun_if_changed(false)
        .generate()
        .expect_err("broken spec");
    let text = err.to_string();
    assert!(
        text.contains("spec/bad.yaml:3:1: error: unknown key `versoin`"),
        "{text}"
    );
    assert!(text.contains("did you mean `version`?"), "{text}");
    assert!(
        !dir.join("out").exists(),
        "nothing is written when the spec is broken"
    );
}

#[test]
fn missing_specs_and_out_dir_are_usage_errors() {
    let dir = scratch("build-api-usage");
    std::fs::create_dir_all(dir.join("empty")).expect("dir");
    let err = generator::Config::new()
        .base_dir(&dir)
        .spec_dir("empty")
        .out_dir(dir.join("out"))
        .generate()
        .expect_err("no specs");
    assert!(matches!(err, generator::Error::Usage(_)), "{err:?}");
    assert!(err.to_string().contains("no spec files found"), "{err}");
}

/// Every file below `dir` with its content, except the render index.
fn contents(dir: &Path) -> Vec<(PathBuf, String)> {
    mtimes(dir)
        .into_iter()
        .map(|(path, _)| path)
        .filter(|p| !p.ends_with(".rambase-render-cache"))
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("generated file");
            (p.strip_prefix(dir).expect("below dir").to_path_buf(), text)
        })
        .collect()
}

fn generate_into(spec: &Path, out: &Path) -> generator::Report {
    generator::Config::new()
        .base_dir(spec)
        .spec_dir(".")
        .out_dir(out)
        .emit_rerun_if_changed(false)
        .generate()
        .expect("generates")
}

#[test]
fn a_rerun_renders_only_the_versions_whose_spec_changed() {
    let root = workspace_root();
    let spec = scratch("build-api-cache-spec");
    let fixtures = root.join("generator/tests/fixtures");
    for entry in std::fs::read_dir(&fixtures).expect("fixtures") {
        let path = entry.expect("entry").path();
        std::fs::copy(&path, spec.join(path.file_name().expect("name"))).expect("copy");
    }
    let versions = std::fs::read_dir(&spec).expect("spec").count();
    let out = scratch("build-api-cache-out");

    let first = generate_into(&spec, &out);
    assert_eq!(first.rendered, versions, "{first:?}");
    let second = generate_into(&spec, &out);
    assert_eq!(second.rendered, 0, "nothing changed: {second:?}");
    assert!(second.written.is_empty(), "{second:?}");

    let bounds = spec.join("bounds.yaml");
    let text = std::fs::read_to_string(&bounds).expect("fixture");
    std::fs::write(
        &bounds,
        text.replace("Units in the batch", "Units per batch"),
    )
    .expect("edit");
    let edited = generate_into(&spec, &out);
    assert_eq!(edited.rendered, 1, "only the edited spec: {edited:?}");
    assert_eq!(edited.written.len(), 1, "{edited:?}");

    // A generated file changed by hand is not trusted: it is rendered and written again.
    let (tampered, _) = contents(&out)
        .into_iter()
        .find(|(p, _)| p.extension().is_some_and(|e| e == "rs") && !p.ends_with("rambase_api.rs"))
        .expect("a version file");
    std::fs::write(out.join(&tampered), "// edited by hand\n").expect("tamper");
    let repaired = generate_into(&spec, &out);
    assert_eq!(repaired.rendered, 1, "{repaired:?}");
    assert_eq!(repaired.written, vec![out.join(&tampered)]);

    // Whatever was reused, the folder holds exactly what a first run produces.
    let cold = scratch("build-api-cache-cold");
    generate_into(&spec, &cold);
    assert_eq!(contents(&out), contents(&cold));
    assert!(
        contents(&out)
            .iter()
            .any(|(_, t)| t.contains("Units per batch"))
    );
}

#[test]
fn a_deleted_or_damaged_render_index_only_costs_a_full_render() {
    let out = scratch("build-api-cache-index");
    let config = real_spec_config(&out);
    config.generate().expect("first run");
    let index = out.join(".rambase-render-cache");
    std::fs::write(&index, "not an index\n\u{0}\t\t\n").expect("damage");
    let versions = real_versions().len();
    let damaged = config.generate().expect("damaged index");
    assert_eq!(damaged.rendered, versions, "{damaged:?}");
    assert!(damaged.written.is_empty(), "{damaged:?}");
    std::fs::remove_file(&index).expect("delete");
    let deleted = config.generate().expect("no index");
    assert_eq!(deleted.rendered, versions, "{deleted:?}");
    assert_eq!(config.generate().expect("index rebuilt").rendered, 0);
}

/// A scratch copy of the workspace's `spec/`, lock included, with the first `rustName` of a
/// locked resource version renamed: a change only the Rust names in the lock can catch.
fn spec_with_a_renamed_rust_name(name: &str) -> PathBuf {
    let dir = scratch(name);
    copy_dir(&workspace_root().join("spec"), &dir.join("spec"));
    assert!(dir.join("spec/versions.lock").is_file(), "spec/ has a lock");
    let specs = generator::discover_specs(&dir.join("spec")).expect("listed");
    let (file, text) = specs
        .iter()
        .map(|p| (p, std::fs::read_to_string(p).expect("spec text")))
        .find(|(_, text)| text.contains("\n    rustName: "))
        .expect("a spec of spec/ names a Rust name");
    let renamed = text.replacen("\n    rustName: ", "\n    rustName: Renamed", 1);
    std::fs::write(file, renamed).expect("edit");
    dir
}

fn guarded_config(dir: &Path) -> generator::Config {
    let mut config = generator::Config::new();
    config
        .base_dir(dir)
        .spec_dir("spec")
        .out_dir(dir.join("out"))
        .emit_rerun_if_changed(false);
    config
}

#[test]
fn a_lock_beside_the_specs_makes_the_build_script_refuse_a_breaking_change() {
    let dir = spec_with_a_renamed_rust_name("build-api-guard");
    let lock = std::fs::read(dir.join("spec/versions.lock")).expect("lock");
    let err = guarded_config(&dir).generate().expect_err("refused");
    assert!(matches!(err, generator::Error::Breaking(_)), "{err:?}");
    assert!(err.to_string().contains("renamed from"), "{err}");
    let cli = generator::workspace::regenerate(&dir, generator::workspace::Mode::Check)
        .expect_err("the command refuses it too");
    assert_eq!(err.to_string(), cli.to_string(), "the same message");
    let filtered = guarded_config(&dir)
        .version(0, 0)
        .generate()
        .expect_err("no filter hides a released version from the guard");
    assert_eq!(filtered.to_string(), err.to_string());
    assert!(!dir.join("out").exists(), "nothing is written");
    assert_eq!(
        std::fs::read(dir.join("spec/versions.lock")).expect("lock"),
        lock
    );

    std::fs::remove_file(dir.join("spec/versions.lock")).expect("remove lock");
    guarded_config(&dir)
        .generate()
        .expect("without a lock there is nothing to guard");
}

#[test]
fn the_build_script_never_writes_the_lock() {
    let dir = scratch("build-api-guard-compatible");
    copy_dir(&workspace_root().join("spec"), &dir.join("spec"));
    let lock_path = dir.join("spec/versions.lock");
    let lock = std::fs::read_to_string(&lock_path).expect("lock");
    let specs = generator::discover_specs(&dir.join("spec")).expect("listed");
    let file = specs
        .iter()
        .find(|p| std::fs::read_to_string(p).is_ok_and(|t| t.contains("\nkind: resource\n")))
        .expect("a resource spec");
    let text = std::fs::read_to_string(file).expect("spec");
    std::fs::write(file, text.replacen("\nsummary: ", "\nsummary: Edited, ", 1)).expect("edit");
    let report = guarded_config(&dir)
        .generate()
        .expect("a compatible change builds");
    assert!(!report.written.is_empty());
    assert_eq!(
        std::fs::read_to_string(&lock_path).expect("lock"),
        lock,
        "a build script only reads the lock"
    );
}
