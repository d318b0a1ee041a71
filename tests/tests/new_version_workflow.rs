//! The README's steps for "RamBase released version N+1 of a resource", done as a new user
//! would, in a scratch copy of the workspace: copy the newest spec of the resource the README
//! names to the next version, set `version:`, add an optional response field, `diff` it (one
//! compatible change), regenerate (the new file, `latest` moved, the lock), `--check`, and
//! compile the regenerated crate against the runtime. Then the project's own code that uses
//! the resource, the tests and examples of this crate (which name the old version, `latest` and
//! the prelude's calls), must still compile against it: `cargo check` in the scratch
//! workspace. Nothing here names a version, so the test stays true when the real spec gains one.
//!
//! The crate alone is compiled by `rustc` ([`rambase_testkit::rustc_check`]). The `cargo check`
//! of the tests and examples runs at full strength (`RAMBASE_FULL_PROPERTIES=1`, CI): it
//! reuses the workspace's `target/`, but checks every dependency once more in check mode
//! (about a minute on a fresh clone); the scratch copy rewrites only files that changed, so a
//! run after the first checks again only the generated crate and this crate.

use std::path::{Path, PathBuf};

use generator::diff::{Kind, compare_versions, render_text};
use generator::ir::Resource;
use generator::workspace::{Mode, regenerate};
use rambase_testkit::rustc_check::type_check;
use rambase_testkit::{mirror_dir, workspace_root};

/// The optional response field the new version adds.
/// Named for the version, so that the workflow also runs in a workspace where it ran before
/// (the newest version may already have the field of the one before).
fn new_field(version: u32) -> String {
    format!(
        "    ScratchNote{version}:\n      type: string\n      description: A note the new version returns\n"
    )
}

fn readme_section() -> String {
    let readme = std::fs::read_to_string(workspace_root().join("README.md")).expect("README");
    let start = readme
        .find("## RamBase released version N+1 of a resource")
        .expect("the README explains adding a version");
    let rest = &readme[start..];
    let end = rest[3..].find("\n## ").map_or(rest.len(), |i| i + 3);
    rest[..end].to_string()
}

/// The spec file of the README's `cp OLD NEW` step, relative to the workspace root.
fn readme_example_spec(section: &str) -> PathBuf {
    let cp = section
        .split('`')
        .find(|part| part.starts_with("cp spec/"))
        .expect("step 1 is a `cp` of a spec file");
    let old = cp.split_whitespace().nth(1).expect("cp OLD NEW");
    for step in [
        "set `version: ",
        "-- diff ",
        "`cargo run -p generator` writes",
    ] {
        assert!(section.contains(step), "the README lost the step {step:?}");
    }
    PathBuf::from(old)
}

/// A scratch copy of the whole workspace (without `target/`), as a new user's checkout.
fn scratch_workspace() -> PathBuf {
    let root = workspace_root();
    let dir = root.join("target/test-scratch/new-version-workflow");
    mirror_dir(&root, &dir);
    dir
}

/// `cargo check` of this crate's tests and examples in the scratch workspace: the project's own
/// code that uses the resource. It shares the workspace's target folder (the outer `cargo test`
/// holds its lock only while it builds): the registry dependencies are reused, and the scratch
/// copies of the workspace's crates, being at another path, get artifacts of their own.
fn check_own_tests_and_examples(root: &Path) {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let mut command = std::process::Command::new(cargo);
    // Without the variables cargo set for this test process (not the user's settings): a
    // build script that watches one (ring's reads `CARGO_MANIFEST_DIR`) would otherwise be
    // recorded as run with it, and the next `cargo test` would rebuild it and all above it.
    for (name, _) in std::env::vars_os() {
        let name = name.to_string_lossy();
        let set_by_cargo = name.starts_with("CARGO_PKG_")
            || name.starts_with("CARGO_BIN_")
            || [
                "CARGO_MANIFEST_DIR",
                "CARGO_MANIFEST_PATH",
                "CARGO_CRATE_NAME",
                "CARGO_PRIMARY_PACKAGE",
                "CARGO_TARGET_TMPDIR",
                "OUT_DIR",
            ]
            .contains(&name.as_ref());
        if set_by_cargo {
            command.env_remove(name.as_ref());
        }
    }
    command
        .args([
            "check",
            "--offline",
            "--locked",
            "--quiet",
            "-p",
            "rambase-tests",
        ])
        .args(["--tests", "--examples"])
        .env("CARGO_TARGET_DIR", workspace_root().join("target"))
        // The scratch crates are checked once per run: no incremental caches to fill the disk.
        .env("CARGO_INCREMENTAL", "0")
        .current_dir(root);
    let output = command.output().expect("cargo runs");
    assert!(
        output.status.success(),
        "the project's tests and examples no longer compile after the README's steps:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Every checked resource version of a workspace's `spec/`.
fn versions(root: &Path) -> Vec<Resource> {
    let specs = generator::discover_specs(&root.join("spec")).expect("spec/ listed");
    let shown: Vec<PathBuf> = specs
        .iter()
        .map(|p| p.strip_prefix(root).expect("below the root").to_path_buf())
        .collect();
    generator::check_specs(&shown, root)
        .unwrap_or_else(|e| panic!("{e}"))
        .resources
}

/// A spec file on its own with the workspace's `kind: common` files, as `generator diff` checks it.
fn alone(root: &Path, file: &Path) -> Resource {
    let specs = generator::discover_specs(&root.join("spec")).expect("spec/ listed");
    let mut shown: Vec<PathBuf> = generator::common_specs(&specs)
        .iter()
        .map(|p| p.strip_prefix(root).expect("below the root").to_path_buf())
        .collect();
    shown.push(file.to_path_buf());
    let api = generator::check_specs(&shown, root).unwrap_or_else(|e| panic!("{e}"));
    api.resources.into_iter().next().expect("one resource")
}

/// Step 1: the newest version's spec, copied to the next version with an optional response
/// field added. Returns the old and the new file, relative to `root`, and the new version.
fn add_next_version(root: &Path, example: &Path) -> (PathBuf, PathBuf, u32) {
    let all = versions(root);
    let id = all
        .iter()
        .find(|r| Path::new(&r.spec_file) == example)
        .unwrap_or_else(|| panic!("the README's {} is a spec of spec/", example.display()))
        .id;
    let newest = all
        .iter()
        .filter(|r| r.id == id)
        .max_by_key(|r| r.version)
        .expect("a version");
    let (old_version, new_version) = (newest.version, newest.version + 1);
    let old = PathBuf::from(&newest.spec_file);
    let old_name = old.file_name().expect("name").to_string_lossy().to_string();
    let suffix = format!("-v{old_version}.yaml");
    assert!(old_name.ends_with(&suffix), "{old_name} follows the naming");
    let new = old.with_file_name(old_name.replace(&suffix, &format!("-v{new_version}.yaml")));
    let text = std::fs::read_to_string(root.join(&old)).expect("old spec");
    let version_line = format!("\nversion: {old_version}\n");
    assert_eq!(
        text.matches(&version_line).count(),
        1,
        "one `version:` line"
    );
    let text = text.replace(&version_line, &format!("\nversion: {new_version}\n"));
    let response = text.find("\nresponse:\n").expect("a response body");
    let fields_line = "\n  fields:\n";
    let fields = response + text[response..].find(fields_line).expect("fields") + fields_line.len();
    let text = format!(
        "{}{}{}",
        &text[..fields],
        new_field(new_version),
        &text[fields..]
    );
    std::fs::write(root.join(&new), text).expect("new spec");
    (old, new, new_version)
}

/// Type-checks the regenerated `rambase-api` crate, warnings denied.
fn check_generated_crate(root: &Path) {
    let lib = root.join("generated/src/lib.rs");
    if let Err(messages) = type_check(&lib, "rambase_api", "2024", &root.join("check")) {
        panic!("the regenerated crate does not compile:\n{messages}");
    }
}

#[test]
fn the_readme_workflow_for_a_new_version_works_in_a_scratch_workspace() {
    let root = scratch_workspace();
    let example = readme_example_spec(&readme_section());
    let (old, new, version) = add_next_version(&root, &example);

    // Step 2: `generator diff OLD NEW` finds the one compatible change.
    let (before, after) = (alone(&root, &old), alone(&root, &new));
    let changes = compare_versions(&before, &after);
    let text = render_text("diff", &changes);
    assert_eq!(changes.len(), 1, "{text}");
    assert_eq!(changes[0].kind, Kind::Compatible, "{text}");
    assert!(text.contains("ScratchNote") && text.ends_with("0 breaking, 1 compatible\n"));

    // Step 3: `cargo run -p generator` writes the new file, moves `latest`, records the lock,
    // and leaves the files of the released versions as they were.
    let src = root.join("generated/src");
    let released: Vec<(String, String)> = versions(&workspace_root())
        .iter()
        .map(|r| {
            let file = generator::phases::resource_path(r);
            let text = std::fs::read_to_string(src.join(&file)).expect("version file");
            (file, text)
        })
        .collect();
    let summary = regenerate(
        &root,
        Mode::Write {
            accept_breaking: false,
        },
    )
    .expect("generates");
    assert!(
        summary.changed >= 2,
        "the new file and the operation module: {summary:?}"
    );
    assert!(summary.lock_updated);
    for (file, text) in &released {
        let now = std::fs::read_to_string(src.join(file)).expect("version file");
        assert!(now == *text, "{file} of a released version was rewritten");
    }
    let module = format!("v{version}");
    let new_file = format!(
        "{}/{}/{module}.rs",
        after.area_module, after.operation_snake
    );
    assert!(src.join(&new_file).is_file(), "{new_file} written");
    let operation = std::fs::read_to_string(src.join(&new_file).with_file_name("mod.rs"))
        .expect("operation module");
    assert!(
        operation.contains(&format!("pub use self::{module} as latest;")),
        "{operation}"
    );
    let lock = std::fs::read_to_string(root.join(generator::LOCK_FILE)).expect("lock");
    let key = generator::shape::lock_key(&after);
    assert!(lock.contains(&format!("[{key}]")), "the lock records {key}");
    regenerate(&root, Mode::Check).expect("`--check` passes afterwards");

    // Step 4 starts with a crate that compiles, and the code that used it still compiles.
    check_generated_crate(&root);
    // A cargo check of a scratch workspace: at full strength (CI) only, see `full_strength`.
    if rambase_testkit::full_strength() {
        check_own_tests_and_examples(&root);
    }
}
