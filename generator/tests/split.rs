//! The split layout (`generator --layout split`): a client of several areas is generated as one
//! crate per area plus a facade in a scratch workspace, and built; a downstream program that
//! uses it through the facade compiles unchanged against the single crate and makes a call
//! over loopback in both layouts; `--check` and write-if-changed work as with one crate; an
//! imported OpenAPI document of one area is cut into crates of whole spec folders, which
//! build clippy-clean, and a spec edit rewrites only the files of its crate.
//!
//! The cargo builds run at full strength (`RAMBASE_FULL_PROPERTIES=1`, CI): the scratch
//! workspaces share one target folder (`target/test-scratch/split-target`), where the first run
//! compiles the runtime's dependencies, about a minute on a fresh clone. Locally the generated
//! crates pass clippy through `clippy-driver` against the runtime this test was built with.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support;

use rambase_testkit::synth;

use rambase_testkit::big_openapi;

/// 24 synthetic resources: two in each of the 12 areas.
const RESOURCES: usize = 24;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the workspace root")
        .to_path_buf()
}

fn scratch(name: &str) -> PathBuf {
    let dir = repo().join("target/test-scratch/split").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch folder");
    synth::write_specs(RESOURCES, &dir.join("spec")).expect("synthetic specs");
    dir
}

/// Runs the generator binary in `dir`; panics with its output when it fails.
fn generator(dir: &Path, args: &[&str]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_generator"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the generator runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        output.status.success(),
        "generator {args:?} failed:\n{text}"
    );
    text
}

/// The arguments of a split generation into `clients/`, then `extra`.
fn split_args(extra: &[&str]) -> Vec<String> {
    let runtime = repo().join("runtime").display().to_string();
    let args = [
        "--layout",
        "split",
        "--out",
        "clients",
        "--runtime",
        &runtime,
    ];
    args.iter().chain(extra).map(|a| a.to_string()).collect()
}

fn split(dir: &Path) -> String {
    let args = split_args(&[]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    generator(dir, &args)
}

/// Runs cargo in the scratch workspace `dir`; panics with its output when it fails.
fn cargo(dir: &Path, args: &[&str]) -> String {
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(args)
        .current_dir(dir)
        .env(
            "CARGO_TARGET_DIR",
            repo().join("target/test-scratch/split-target"),
        )
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        output.status.success(),
        "cargo {args:?} in {} failed:\n{text}",
        dir.display()
    );
    text
}

/// A workspace of `members` (TOML list items) in `dir`, locked like this repository.
fn bare_workspace(dir: &Path, members: &str) {
    std::fs::write(
        dir.join("Cargo.toml"),
        format!("[workspace]\nresolver = \"3\"\nmembers = [{members}]\n"),
    )
    .expect("workspace manifest");
    std::fs::copy(repo().join("Cargo.lock"), dir.join("Cargo.lock")).expect("lock file");
}

/// `cargo clippy` of the whole scratch workspace with every feature, warnings denied.
fn clippy_clean(dir: &Path) {
    cargo(
        dir,
        &[
            "clippy",
            "--offline",
            "--workspace",
            "--all-targets",
            // The mock feature too: its stubs are linted with the rest.
            "--all-features",
            "--",
            "-D",
            "warnings",
        ],
    );
}

/// Clippy, warnings denied, on the split client in `dir/clients` without cargo: each part
/// crate, then the facade with the cargo features `features` (every area when empty) and only
/// the part crates those features name, as `cargo clippy` would build them. Used where cargo
/// in a scratch workspace would compile the runtime's dependencies again (locally; CI runs
/// cargo itself, see [`support::full_strength`]).
fn clippy_clients_without_cargo(dir: &Path, features: &[&str]) {
    let clients = dir.join("clients");
    let out = dir.join("rustc-out");
    let check = |name: &str, options: &support::rustc_check::Options| {
        let lib = clients.join(name).join("src/lib.rs");
        let crate_name = name.replace('-', "_");
        support::rustc_check::type_check_with(&lib, &crate_name, "2024", &out, options)
            .unwrap_or_else(|e| panic!("{name} does not pass clippy:\n{e}"));
    };
    let manifest = std::fs::read_to_string(clients.join("rambase-api/Cargo.toml"))
        .expect("the facade's manifest");
    let mut options = support::rustc_check::Options {
        clippy: true,
        ..Default::default()
    };
    for (area, parts) in facade_features(&manifest) {
        if features.is_empty() || features.contains(&area.as_str()) {
            for part in parts {
                check(&part, &options);
                options.externs.push(part.replace('-', "_"));
            }
            options.cfgs.push(format!("feature=\"{area}\""));
        }
    }
    assert!(!options.cfgs.is_empty(), "no area among {features:?}");
    check("rambase-api", &options);
}

/// The facade manifest's area features with the part crates each names
/// (`sales = ["dep:rambase-api-sales"]`).
fn facade_features(manifest: &str) -> Vec<(String, Vec<String>)> {
    let section = manifest
        .split("[features]\n")
        .nth(1)
        .expect("a [features] section")
        .split("\n[")
        .next()
        .expect("its lines");
    section
        .lines()
        .filter_map(|line| line.split_once(" = "))
        .filter(|(name, _)| *name != "default")
        .map(|(name, deps)| {
            let parts = deps
                .split('"')
                .filter_map(|d| d.strip_prefix("dep:"))
                .map(str::to_string)
                .collect();
            (name.to_string(), parts)
        })
        .collect()
}

/// A workspace of `members` with the downstream program `app`, which depends on the client at
/// `client` (a folder relative to `dir`); the repository's lock file pins the same versions.
fn workspace(dir: &Path, members: &str, client: &str) {
    let write = |rel: &str, text: &str| {
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("folder");
        std::fs::write(path, text).expect("scratch file");
    };
    bare_workspace(dir, &format!("{members}, \"app\""));
    let runtime = repo().join("runtime");
    write(
        "app/Cargo.toml",
        &format!(
            "[package]\nname = \"app\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n\
             [dependencies]\nrambase-api = {{ path = \"../{client}\" }}\n\
             rambase-runtime = {{ path = {:?} }}\n\
             tokio = {{ version = \"1\", features = [\"macros\", \"rt\"] }}\n",
            runtime.display().to_string()
        ),
    );
    write("app/src/main.rs", include_str!("split/downstream_main.rs"));
}

#[test]
fn a_split_client_builds_clippy_clean_and_serves_the_same_downstream_code_as_one_crate() {
    let dir = scratch("build");
    split(&dir);
    let areas = std::fs::read_dir(dir.join("clients"))
        .expect("clients")
        .count()
        - 1;
    assert!(areas >= 3, "only {areas} area crates");
    let facade = std::fs::read_to_string(dir.join("clients/rambase-api/Cargo.toml"))
        .expect("the facade's manifest");
    assert!(facade.contains("\nmock = [\"rambase-api-"), "{facade}");
    assert_docs_name_a_generated_stub(&dir);
    if !support::full_strength() {
        // Locally: the crates pass clippy, all areas and one alone; the downstream program's
        // builds and loopback calls run where CI asks for full strength.
        clippy_clients_without_cargo(&dir, &[]);
        clippy_clients_without_cargo(&dir, &["collaboration"]);
        eprintln!("cargo builds of the scratch workspaces run with RAMBASE_FULL_PROPERTIES=1");
        return;
    }
    workspace(&dir, "\"clients/*\"", "clients/rambase-api");
    clippy_clean(&dir);
    let run = cargo(&dir, &["run", "--offline", "-q", "-p", "app"]);
    assert!(run.contains("loopback call ok"), "{run}");
    // One area alone: the facade compiles without the others.
    cargo(
        &dir,
        &[
            "check",
            "--offline",
            "-p",
            "rambase-api",
            "--no-default-features",
            "--features",
            "collaboration",
        ],
    );

    let single = scratch("single");
    std::fs::create_dir_all(single.join("generated/src")).expect("folder");
    std::fs::write(
        single.join("generated/Cargo.toml"),
        std::fs::read_to_string(repo().join("generated/Cargo.toml"))
            .expect("the checked-in manifest")
            .replace("edition.workspace = true", "edition = \"2024\"")
            .replace("rust-version.workspace = true\n", "")
            .replace("license.workspace = true\n", "")
            .replace("publish.workspace = true", "publish = false")
            .replace("[lints]\nworkspace = true\n", "")
            .replace("../runtime", &repo().join("runtime").display().to_string()),
    )
    .expect("single manifest");
    generator(&single, &[]);
    workspace(&single, "\"generated\"", "generated");
    let run = cargo(&single, &["run", "--offline", "-q", "-p", "app"]);
    assert!(run.contains("loopback call ok"), "{run}");
}

/// The files whose content differs between two [`contents`] of one folder.
fn changed_files<'a>(
    before: &BTreeMap<PathBuf, Vec<u8>>,
    after: &'a BTreeMap<PathBuf, Vec<u8>>,
) -> Vec<&'a PathBuf> {
    after
        .keys()
        .filter(|p| before.get(*p) != after.get(*p))
        .collect()
}

/// Every file below `dir` with its content.
fn contents(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(current) = pending.pop() {
        for entry in std::fs::read_dir(&current).expect("folder") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let rel = path.strip_prefix(dir).expect("below").to_path_buf();
                files.insert(rel, std::fs::read(&path).expect("file"));
            }
        }
    }
    files
}

#[test]
fn a_spec_edit_rewrites_only_its_area_and_check_names_stale_files() {
    let dir = scratch("edit");
    split(&dir);
    let before = contents(&dir.join("clients"));
    split(&dir);
    assert_eq!(
        before,
        contents(&dir.join("clients")),
        "a second run changed files"
    );
    let check = split_args(&["--check"]);
    let check: Vec<&str> = check.iter().map(String::as_str).collect();
    generator(&dir, &check);

    // Resource 1's spec: one description changes.
    let (rel, _) = synth::resource(1);
    let area = rel
        .iter()
        .next()
        .expect("area folder")
        .to_str()
        .expect("UTF-8")
        .to_string();
    let spec = dir.join("spec").join(&rel);
    let text = std::fs::read_to_string(&spec).expect("spec");
    let edited = text.replacen(
        "description: Phone identifier",
        "description: The phone's id",
        1,
    );
    assert_ne!(text, edited, "the synthetic spec changed shape");
    std::fs::write(&spec, edited).expect("edit");

    let status = Command::new(env!("CARGO_BIN_EXE_generator"))
        .args(&check)
        .current_dir(&dir)
        .output()
        .expect("the generator runs");
    let stderr = String::from_utf8_lossy(&status.stderr);
    assert!(!status.status.success(), "--check passed a stale client");
    let crate_dir = format!("clients/rambase-api-{area}/src/");
    assert!(stderr.contains(&crate_dir), "{stderr}");

    split(&dir);
    let after = contents(&dir.join("clients"));
    let changed = changed_files(&before, &after);
    assert!(!changed.is_empty(), "the edit changed nothing");
    let prefix = format!("rambase-api-{area}/src/");
    for path in &changed {
        assert!(
            path.starts_with(&prefix),
            "{} changed, outside the area {area}",
            path.display()
        );
    }
}

#[test]
fn a_removed_area_takes_its_crate_manifest_with_it() {
    let dir = scratch("remove");
    split(&dir);
    let (rel, _) = synth::resource(0);
    let area = rel.iter().next().expect("area folder").to_owned();
    std::fs::remove_dir_all(dir.join("spec").join(&area)).expect("remove the area's specs");
    std::fs::remove_file(dir.join("spec/versions.lock")).expect("the lock goes with it");
    split(&dir);
    let gone = dir
        .join("clients")
        .join(format!("rambase-api-{}", area.to_string_lossy()));
    assert!(
        !gone.join("Cargo.toml").exists(),
        "the removed area's manifest stayed"
    );
    let facade =
        std::fs::read_to_string(dir.join("clients/rambase-api/Cargo.toml")).expect("facade");
    assert!(
        !facade.contains(&format!("rambase-api-{}", area.to_string_lossy())),
        "{facade}"
    );
}

#[test]
fn a_build_script_selects_its_area_with_config() {
    let dir = scratch("build-script");
    let (rel, _) = synth::resource(0);
    let area = rel
        .iter()
        .next()
        .expect("area folder")
        .to_str()
        .expect("UTF-8")
        .to_string();
    let out = dir.join("out");
    generator::Config::new()
        .base_dir(&dir)
        .spec_dir("spec")
        .area(&area)
        .out_dir(&out)
        .emit_rerun_if_changed(false)
        .generate()
        .expect("generation");
    let files = contents(&out);
    let version_files: Vec<&PathBuf> = files
        .keys()
        .filter(|p| p.extension().is_some_and(|e| e == "rs") && p.iter().count() == 3)
        .collect();
    assert_eq!(version_files.len(), RESOURCES / 12, "{version_files:?}");
    assert!(
        version_files.iter().all(|p| p.starts_with(&area)),
        "{version_files:?}"
    );
    let root = String::from_utf8(files[Path::new(generator::config::INCLUDE_ROOT)].clone())
        .expect("UTF-8");
    assert_eq!(root.matches("pub mod prelude").count(), 1);
    assert!(root.contains(&format!("pub mod {area} {{")), "{root}");
    assert_eq!(root.matches("Calls as _;").count(), 1, "{root}");
}

#[test]
fn layout_flags_that_do_not_fit_are_usage_errors() {
    let dir = scratch("flags");
    for (args, says) in [
        (&["--layout", "split"][..], "--out DIR"),
        (&["--layout", "many", "--out", "x"][..], "`single`"),
        (
            &["--runtime", "rt", "--out", "x"][..],
            "needs `--layout split`",
        ),
        (
            &["--max-crate-versions", "9", "--out", "x"][..],
            "needs `--layout split`",
        ),
        (
            &[
                "--layout",
                "split",
                "--out",
                "x",
                "--max-crate-versions",
                "0",
            ][..],
            "from 1 on",
        ),
    ] {
        let output = Command::new(env!("CARGO_BIN_EXE_generator"))
            .args(args)
            .current_dir(&dir)
            .output()
            .expect("the generator runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(says), "{args:?}: {stderr}");
        assert!(!dir.join("x").exists() && !dir.join("clients").exists());
    }
}

#[test]
fn import_openapi_output_splits_like_any_spec_folder() {
    let dir = repo().join("target/test-scratch/split/openapi");
    let _ = std::fs::remove_dir_all(&dir);
    let imported = repo().join("generator/tests/openapi/spec");
    let spec = imported.to_str().expect("UTF-8");
    // The lock of the imported folder is not ours to write: check against a copy.
    let copy = dir.join("spec");
    std::fs::create_dir_all(&dir).expect("scratch");
    let status = Command::new("cp")
        .args(["-r", spec, copy.to_str().expect("UTF-8")])
        .status()
        .expect("cp runs");
    assert!(status.success());
    split(&dir);
    let facade =
        std::fs::read_to_string(dir.join("clients/rambase-api/src/lib.rs")).expect("facade");
    assert!(
        facade.contains("pub use ::rambase_api_sales as sales;"),
        "{facade}"
    );
    assert!(dir.join("clients/rambase-api-sales/src/lib.rs").is_file());
    let check = split_args(&["--check"]);
    let check: Vec<&str> = check.iter().map(String::as_str).collect();
    generator(&dir, &check);
}

#[test]
fn the_lock_guard_refuses_a_breaking_change_in_the_split_layout_too() {
    let dir = scratch("guard");
    split(&dir);
    let before = contents(&dir.join("clients"));
    let (rel, _) = synth::resource(1);
    let spec = dir.join("spec").join(&rel);
    let text = std::fs::read_to_string(&spec).expect("spec");
    let edited = text.replacen("\n    rustName: ", "\n    rustName: Renamed", 1);
    assert_ne!(text, edited, "the synthetic spec names no Rust name");
    std::fs::write(&spec, edited).expect("edit");
    let output = Command::new(env!("CARGO_BIN_EXE_generator"))
        .args(split_args(&[]))
        .current_dir(&dir)
        .output()
        .expect("the generator runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("Rust error variant renamed"), "{stderr}");
    assert_eq!(
        before,
        contents(&dir.join("clients")),
        "a refused run wrote files"
    );
}

/// The crate folders below `dir/clients`, sorted.
/// The facade's docs end with testing against the mock, naming a stub by its path
/// (`area::operation::mock::latest::<Call>Stub::new()`): that stub is generated in the
/// area's crate.
fn assert_docs_name_a_generated_stub(dir: &Path) {
    let lib = std::fs::read_to_string(dir.join("clients/rambase-api/src/lib.rs")).expect("lib");
    let step = lib
        .lines()
        .find(|l| l.starts_with("//! 4. Test without RamBase"))
        .unwrap_or_else(|| panic!("no testing step in the facade's docs:\n{lib}"));
    let path = step
        .split('`')
        .find(|code| code.ends_with("Stub::new()"))
        .unwrap_or_else(|| panic!("no stub named: {step}"));
    let segments: Vec<&str> = path.trim_end_matches("::new()").split("::").collect();
    let [area, operation, "mock", "latest", stub] = segments[..] else {
        panic!("not a stub path: {path}");
    };
    let package = format!("rambase-api-{}", area.replace('_', "-"));
    let module = dir.join(format!("clients/{package}/src/{operation}/mock"));
    let declared = std::fs::read_dir(&module)
        .unwrap_or_else(|e| panic!("{}: {e}", module.display()))
        .map(|e| std::fs::read_to_string(e.expect("entry").path()).expect("stub file"))
        .any(|text| text.contains(&format!("pub struct {stub}(")));
    assert!(declared, "{stub} is not declared in {}", module.display());
}

/// A spec file of a GET operation in the imported spec folder `folder`.
fn get_spec(folder: &Path) -> PathBuf {
    std::fs::read_dir(folder)
        .expect("folder")
        .map(|e| e.expect("entry").path())
        .find(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("get-"))
        })
        .expect("a get spec")
}

fn crate_dirs(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir.join("clients"))
        .expect("clients")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn an_imported_openapi_area_is_cut_into_crates_of_whole_folders_that_build() {
    let dir = repo().join("target/test-scratch/split/openapi-parts");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch");
    // Three copies of the sales fixture: 15 operations of one area, in 3 spec folders.
    std::fs::write(dir.join("doc.json"), big_openapi::document(3, 0)).expect("document");
    generator(&dir, &["import-openapi", "doc.json", "--spec", "spec"]);
    let args = split_args(&["--max-crate-versions", "5"]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    generator(&dir, &args);
    let crates = crate_dirs(&dir);
    assert_eq!(
        crates,
        [
            "rambase-api",
            "rambase-api-sales-orders0",
            "rambase-api-sales-orders1",
            "rambase-api-sales-orders2"
        ],
        "one crate per folder of 5 versions"
    );
    for (k, name) in crates[1..].iter().enumerate() {
        let lib = std::fs::read_to_string(dir.join("clients").join(name).join("src/lib.rs"))
            .expect("a part's lib.rs");
        let modules: Vec<&str> = lib.lines().filter(|l| l.starts_with("pub mod ")).collect();
        assert_eq!(modules.len(), 5, "{lib}");
        assert!(
            modules.iter().all(|m| m.ends_with(&format!("{k};"))),
            "{lib}"
        );
        assert!(
            lib.contains(&format!("pub trait SalesOrders{k}Calls")),
            "{lib}"
        );
    }
    let facade =
        std::fs::read_to_string(dir.join("clients/rambase-api/src/lib.rs")).expect("facade");
    assert!(facade.contains("pub mod sales {"), "{facade}");
    if support::full_strength() {
        bare_workspace(&dir, "\"clients/*\"");
        clippy_clean(&dir);
    } else {
        clippy_clients_without_cargo(&dir, &[]);
    }

    // One description of copy 1 changes: only that folder's crate is rewritten.
    let before = contents(&dir.join("clients"));
    let spec = get_spec(&dir.join("spec/sales/orders1"));
    let text = std::fs::read_to_string(&spec).expect("spec");
    let edited = text.replacen("description: ", "description: Edited, ", 1);
    std::fs::write(&spec, edited).expect("edit");
    generator(&dir, &args);
    let after = contents(&dir.join("clients"));
    let changed = changed_files(&before, &after);
    assert!(!changed.is_empty(), "the edit changed nothing");
    for path in changed {
        assert!(
            path.starts_with("rambase-api-sales-orders1/src"),
            "{} changed",
            path.display()
        );
    }
    let check = split_args(&["--max-crate-versions", "5", "--check"]);
    let check: Vec<&str> = check.iter().map(String::as_str).collect();
    generator(&dir, &check);
    // Back to one crate for the area: the parts' folders go with their files.
    generator(&dir, &args[..args.len() - 2]);
    assert_eq!(crate_dirs(&dir), ["rambase-api", "rambase-api-sales"]);
    if support::full_strength() {
        cargo(&dir, &["check", "--offline", "--workspace"]);
    } else {
        clippy_clients_without_cargo(&dir, &[]);
    }
}

/// An area named like a part of a cut area (`Sales Orders1`, crate `rambase-api-sales-orders1`,
/// beside `sales` cut at its folder `orders1`): the part takes another name, so no two crates
/// share a package name (cargo refuses such a workspace) or a folder.
#[test]
fn a_part_never_takes_the_name_of_another_area() {
    let dir = repo().join("target/test-scratch/split/part-names");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch");
    std::fs::write(dir.join("doc.json"), big_openapi::document(3, 0)).expect("document");
    generator(&dir, &["import-openapi", "doc.json", "--spec", "spec"]);
    let list = get_spec(&dir.join("spec/sales/orders1"));
    let text = std::fs::read_to_string(&list).expect("spec");
    let resource = text
        .lines()
        .find_map(|l| l.strip_prefix("resource: "))
        .expect("a resource number");
    let mut other = text.clone();
    for (from, to) in [
        ("area: Sales\n", "area: Sales Orders1\n"),
        (&format!("resource: {resource}\n"), "resource: 99801\n"),
        ("operation: ListOrders1\n", "operation: ListOtherOrders\n"),
        ("path: /sales/orders1\n", "path: /other/orders1\n"),
    ] {
        assert!(other.contains(from), "the imported spec lost {from:?}");
        other = other.replacen(from, to, 1);
    }
    std::fs::create_dir_all(dir.join("spec/other/orders1")).expect("folder");
    std::fs::write(dir.join("spec/other/orders1/get-99801-v1.yaml"), other).expect("spec");
    let args = split_args(&["--max-crate-versions", "5"]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    generator(&dir, &args);
    assert_eq!(
        crate_dirs(&dir),
        [
            "rambase-api",
            "rambase-api-sales-orders0",
            "rambase-api-sales-orders1",
            "rambase-api-sales-orders1-2",
            "rambase-api-sales-orders2"
        ]
    );
    let area = std::fs::read_to_string(dir.join("clients/rambase-api-sales-orders1/Cargo.toml"))
        .expect("the area's manifest");
    assert!(
        area.contains("resources of the sales_orders1 area"),
        "{area}"
    );
    clippy_clients_without_cargo(&dir, &[]);
}
