//! The `generator` binary run the way an installed one is: in scratch projects outside this
//! repository (in the system's temporary folder), finding the project from its current folder,
//! with `--spec`/`--out` overrides, `--check`, and the errors of a wrong call. Every test also
//! checks that nothing of this repository's `spec/` and `generated/` changed.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::SystemTime;

use rambase_testkit::{copy_dir, workspace_root};

/// A scratch folder, removed when the test ends.
struct Scratch(PathBuf);

impl std::ops::Deref for Scratch {
    type Target = Path;

    fn deref(&self) -> &Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A new empty folder outside the repository.
fn outside(name: &str) -> Scratch {
    let dir = std::env::temp_dir().join(format!("rambase-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("mkdir");
    let dir = dir.canonicalize().expect("canonical");
    assert!(
        !dir.starts_with(workspace_root()),
        "{} is inside the repository",
        dir.display()
    );
    Scratch(dir)
}

/// A project outside the repository with this repository's specs in `spec/` and an empty
/// `generated/` crate (a manifest, no sources).
fn project(name: &str) -> Scratch {
    let dir = outside(name);
    copy_dir(&workspace_root().join("spec"), &dir.join("spec"));
    std::fs::create_dir_all(dir.join("generated")).expect("mkdir");
    // A `mock` feature, as `generated/Cargo.toml` has: the generator then emits the mock
    // stubs, and the output is this repository's.
    std::fs::write(
        dir.join("generated/Cargo.toml"),
        "[package]\nname = \"api\"\n\n[features]\nmock = []\n",
    )
    .expect("manifest");
    dir
}

/// Runs the binary in `cwd`, as an installed one (not through `cargo run`).
fn run(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_generator"))
        .args(args)
        .current_dir(cwd)
        .env_remove("CARGO")
        .env_remove("CARGO_PKG_NAME")
        .env_remove("CARGO_MANIFEST_DIR")
        .output()
        .expect("the binary runs")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Asserts the exit status, showing the output when it differs.
fn assert_status(out: &Output, code: i32) {
    assert_eq!(
        out.status.code(),
        Some(code),
        "stdout:\n{}\nstderr:\n{}",
        stdout(out),
        stderr(out)
    );
}

/// Every file below `dir` with its content and modification time.
fn state(dir: &Path) -> BTreeMap<PathBuf, (Vec<u8>, SystemTime)> {
    let mut found = BTreeMap::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(current) = pending.pop() {
        for entry in std::fs::read_dir(&current).expect("read dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let modified = std::fs::metadata(&path)
                    .and_then(|m| m.modified())
                    .expect("mtime");
                found.insert(
                    path.clone(),
                    (std::fs::read(&path).expect("read"), modified),
                );
            }
        }
    }
    found
}

/// Runs `body`, then asserts that the repository's `spec/` and `generated/` are as before.
fn leaves_the_repository_alone(body: impl FnOnce()) {
    let root = workspace_root();
    let before = (state(&root.join("spec")), state(&root.join("generated")));
    body();
    let after = (state(&root.join("spec")), state(&root.join("generated")));
    assert!(before == after, "the run changed files of the repository");
}

/// The generated files below `dir`, relative to it.
fn generated(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    state(dir)
        .into_iter()
        .map(|(p, (bytes, _))| (p.strip_prefix(dir).expect("below").to_path_buf(), bytes))
        .collect()
}

#[test]
fn defaults_are_found_from_the_project_root_and_from_a_subfolder() {
    let dir = project("defaults");
    leaves_the_repository_alone(|| {
        let out = run(&dir, &[]);
        assert_status(&out, 0);
        assert!(
            stdout(&out).contains(" generated files in generated/src changed"),
            "{}",
            stdout(&out)
        );
        assert_eq!(
            generated(&dir.join("generated/src")),
            generated(&workspace_root().join("generated/src")),
            "the same files as this repository's, headers included"
        );

        let sub = dir.join("spec/collaboration");
        let out = run(&sub, &["--check"]);
        assert_status(&out, 0);
        assert!(
            stdout(&out).contains("../../generated/src and ../versions.lock are up to date"),
            "{}",
            stdout(&out)
        );
    });
}

#[test]
fn spec_and_out_override_the_defaults_relative_to_the_current_folder() {
    let dir = outside("overrides");
    copy_dir(&workspace_root().join("spec"), &dir.join("api"));
    std::fs::remove_file(dir.join("api/versions.lock")).expect("no lock yet");
    std::fs::create_dir_all(dir.join("src")).expect("mkdir");
    leaves_the_repository_alone(|| {
        let out = run(&dir, &["--spec", "api", "--out=src/generated"]);
        assert_status(&out, 0);
        assert!(dir.join("src/generated/lib.rs").is_file());
        assert!(
            dir.join("api/versions.lock").is_file(),
            "the lock is in --spec"
        );
        let lib = std::fs::read_to_string(dir.join("src/generated/lib.rs")).expect("lib.rs");
        assert!(
            lib.contains("from api/collaboration/"),
            "paths from the root"
        );

        let out = run(&dir.join("src"), &["--check"]);
        assert_status(&out, 2);
        assert!(
            stderr(&out).contains("no spec folder found"),
            "{}",
            stderr(&out)
        );
        let out = run(&dir.join("src"), &["--spec", "../api", "--check"]);
        assert_status(&out, 0);
        assert!(
            stdout(&out).contains("generated and ../api/versions.lock are up to date"),
            "the default output of a crate without a `generated/` crate: {}",
            stdout(&out)
        );
    });
}

#[test]
fn check_passes_after_generating_and_names_the_stale_file_after_a_spec_edit() {
    let dir = project("check");
    leaves_the_repository_alone(|| {
        assert_status(&run(&dir, &[]), 0);
        assert_status(&run(&dir, &["--check"]), 0);

        let spec = dir.join("spec/collaboration/contact-phone/post-3119-v5.yaml");
        let text = std::fs::read_to_string(&spec).expect("spec");
        let edited = text.replacen("\nsummary: ", "\nsummary: Edited. ", 1);
        assert_ne!(edited, text, "the spec has a summary");
        std::fs::write(&spec, edited).expect("edit");
        let out = run(&dir.join("generated"), &["--check"]);
        assert_status(&out, 1);
        let message = stderr(&out);
        assert!(
            message.contains("stale:   src/collaboration/add_contact_phone/v5.rs"),
            "relative to the current folder: {message}"
        );
        assert!(
            message.contains("run `generator` to regenerate them"),
            "{message}"
        );

        assert_status(&run(&dir.join("generated"), &[]), 0);
        assert_status(&run(&dir, &["--check"]), 0);
    });
}

#[test]
fn a_folder_without_a_project_is_an_error_that_says_what_to_do() {
    let dir = outside("nothing");
    let out = run(&dir, &[]);
    assert_status(&out, 2);
    let message = stderr(&out);
    assert!(message.contains("no spec folder found"), "{message}");
    assert!(message.contains(&dir.display().to_string()), "{message}");
    assert!(message.contains("pass `--spec DIR`"), "{message}");

    copy_dir(&workspace_root().join("spec"), &dir.join("spec"));
    let out = run(&dir, &[]);
    assert_status(&out, 2);
    assert!(
        stderr(&out).contains("pass `--out DIR`"),
        "{}",
        stderr(&out)
    );
    assert!(!dir.join("src").exists(), "nothing is written");
}

#[test]
fn wrong_calls_name_the_flag_and_help_lists_every_option() {
    let dir = project("usage");
    for (args, expected) in [
        (&["--bogus"][..], "unknown option `--bogus`"),
        (&["--out"][..], "`--out` needs a value: `--out DIR`"),
        (&["--spec", "--check"][..], "`--spec` needs a value"),
        (&["--check=yes"][..], "`--check` takes no value"),
        (&["generate"][..], "unexpected argument `generate`"),
        (&["--spec", "missing"][..], "--spec"),
        (&["diff", "a.yaml"][..], "takes two spec files"),
        (
            &["diff", "a", "b", "--format", "xml"][..],
            "`--format` takes",
        ),
    ] {
        let out = run(&dir, args);
        assert_status(&out, 2);
        assert!(
            stderr(&out).contains(expected),
            "{args:?}: {}",
            stderr(&out)
        );
    }
    let help = run(&dir, &["--help"]);
    assert_status(&help, 0);
    for option in [
        "--spec DIR",
        "--out DIR",
        "--check",
        "--accept-breaking",
        "--format",
        "diff OLD NEW",
        "Exit status",
    ] {
        assert!(stdout(&help).contains(option), "{option}");
    }
    assert!(!dir.join("generated/src").exists(), "nothing is written");
}

#[test]
fn an_output_folder_with_hand_written_code_is_refused() {
    let dir = project("foreign");
    std::fs::create_dir_all(dir.join("src")).expect("mkdir");
    std::fs::write(dir.join("src/lib.rs"), "pub fn mine() {}\n").expect("lib.rs");
    let out = run(&dir, &["--out", "src"]);
    assert_status(&out, 1);
    assert!(
        stderr(&out).contains("refusing to write here"),
        "{}",
        stderr(&out)
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("src/lib.rs")).expect("kept"),
        "pub fn mine() {}\n"
    );
    assert!(
        !dir.join("src/collaboration").exists(),
        "nothing is written"
    );
}

#[test]
fn diff_finds_the_common_files_of_the_old_files_project() {
    let dir = project("diff");
    let file = "spec/collaboration/contact-phone/post-3119-v5.yaml";
    let out = run(&dir, &["diff", file, file]);
    assert_status(&out, 0);
    assert!(stdout(&out).contains("no changes"), "{}", stdout(&out));
    let elsewhere = outside("diff-elsewhere");
    let old = dir.join(file).display().to_string();
    let out = run(&elsewhere, &["diff", &old, &old, "--format", "json"]);
    assert_status(&out, 0);
}

#[test]
fn import_then_generate_then_export_in_a_new_project_outside_the_repository() {
    let dir = outside("openapi");
    std::fs::create_dir_all(dir.join("src/generated")).expect("mkdir");
    let document = workspace_root().join("generator/tests/openapi/rambase.json");
    let document = document.to_str().expect("UTF-8 path");
    leaves_the_repository_alone(|| {
        // No spec folder yet: the import starts ./spec.
        let imported = run(&dir, &["import-openapi", document, "--only", "sales"]);
        assert_status(&imported, 0);
        assert!(
            dir.join("spec/common.yaml").is_file(),
            "{}",
            stdout(&imported)
        );
        // From a subfolder, the new project is found and generated into src/generated.
        let generated = run(&dir.join("spec"), &[]);
        assert_status(&generated, 0);
        assert!(dir.join("src/generated/lib.rs").is_file());
        let exported = run(&dir, &["export-openapi", "--out", "api.json"]);
        assert_status(&exported, 0);
        let text = std::fs::read_to_string(dir.join("api.json")).expect("exported");
        assert!(
            text.contains("\"openapi\": \"3.0.3\"") || text.contains("\"openapi\":\"3.0.3\""),
            "{text:.200}"
        );
    });
    // `--only` may be repeated, each a value or a comma-separated list.
    let picked = outside("openapi-only");
    let only = run(
        &picked,
        &[
            "import-openapi",
            document,
            "--only",
            "9801",
            "--only=deleteorder",
        ],
    );
    assert_status(&only, 0);
    let order = picked.join("spec/sales/order");
    assert!(
        order.join("get-9801-v3.yaml").is_file(),
        "{}",
        stdout(&only)
    );
    assert!(
        order.join("delete-9805-v1.yaml").is_file(),
        "{}",
        stdout(&only)
    );
    assert!(
        !order.join("post-9802-v1.yaml").exists(),
        "{}",
        stdout(&only)
    );
    let wrong = run(&dir, &["import-openapi"]);
    assert_status(&wrong, 2);
    assert!(
        stderr(&wrong).contains("takes one OpenAPI document"),
        "{}",
        stderr(&wrong)
    );
}

#[test]
fn version_and_schema_come_from_the_binary_itself() {
    let dir = outside("schema");
    let version = run(&dir, &["--version"]);
    assert_status(&version, 0);
    assert_eq!(
        stdout(&version).trim(),
        format!("generator {}", env!("CARGO_PKG_VERSION"))
    );
    // The schema printed is the repository's, so a project elsewhere can keep a copy.
    let ours =
        std::fs::read_to_string(workspace_root().join("spec/schema/rambase-spec.schema.json"))
            .expect("the repository's schema");
    let printed = run(&dir, &["schema"]);
    assert_status(&printed, 0);
    assert_eq!(stdout(&printed), ours);
    let written = run(
        &dir,
        &["schema", "--out", "spec/schema/rambase-spec.schema.json"],
    );
    assert_status(&written, 0);
    let copy =
        std::fs::read_to_string(dir.join("spec/schema/rambase-spec.schema.json")).expect("written");
    assert_eq!(copy, ours);
    let wrong = run(&dir, &["schema", "out.json"]);
    assert_status(&wrong, 2);
    assert!(stderr(&wrong).contains("--out FILE"), "{}", stderr(&wrong));
}
