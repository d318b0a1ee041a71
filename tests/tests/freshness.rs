//! generated/ is checked in: it must be exactly what the generator makes of spec/. (That the
//! generator makes the same bytes whatever the order of the spec files is tested with every
//! fixture in generator/tests/determinism.rs.)

use std::path::{Path, PathBuf};

use generator::write::{Change, plan};
use rambase_testkit::workspace_root;

/// With the mock stubs: `generated/Cargo.toml` declares the `mock` feature.
fn generate(specs: &[PathBuf], root: &Path) -> generator::GeneratedFiles {
    generator::generate_files_with_mock(specs, root)
        .unwrap_or_else(|e| panic!("generation failed:\n{e}"))
}

fn specs(root: &Path) -> Vec<PathBuf> {
    let specs = generator::discover_specs(&root.join("spec"))
        .unwrap_or_else(|e| panic!("cannot list spec/: {e}"));
    assert!(!specs.is_empty(), "no spec files found below spec/");
    specs
}

/// The file of every resource version in `spec/`, relative to `generated/src`.
fn version_files(root: &Path) -> Vec<PathBuf> {
    let shown: Vec<PathBuf> = specs(root)
        .iter()
        .map(|p| p.strip_prefix(root).unwrap_or(p).to_path_buf())
        .collect();
    let api = generator::check_specs(&shown, root).unwrap_or_else(|e| panic!("{e}"));
    api.resources
        .iter()
        .map(|r| PathBuf::from(generator::phases::resource_path(r)))
        .collect()
}

#[test]
fn generated_code_is_up_to_date_with_the_spec() {
    let root = workspace_root();
    let generated = generate(&specs(&root), &root);
    for file in version_files(&root) {
        assert!(
            generated.files.contains_key(&file),
            "the generator did not produce {}: {:?}",
            file.display(),
            generated.files.keys().collect::<Vec<_>>()
        );
    }
    let out_dir = root.join("generated/src");
    let changes = plan(&out_dir, &generated.files)
        .unwrap_or_else(|e| panic!("cannot compare with {}: {e}", out_dir.display()));
    let listed: Vec<String> = changes.iter().map(|c| format!("  {c}")).collect();
    assert!(
        changes.is_empty(),
        "generated/ is stale: it differs from what spec/ produces:\n{}\n\
         fix: run `cargo run -p generator` and commit the result",
        listed.join("\n")
    );
}

/// What `cargo run -p generator -- --check` checks, the lock included.
#[test]
fn generated_code_and_the_versions_lock_pass_the_check_command() {
    let root = workspace_root();
    if let Err(e) = generator::workspace::regenerate(&root, generator::workspace::Mode::Check) {
        panic!("{e}");
    }
}

/// The comparison itself sees a changed, a missing and an extra file, so the freshness test
/// above cannot pass by comparing nothing.
#[test]
fn the_freshness_comparison_notices_every_kind_of_difference() {
    let root = workspace_root();
    let out_dir = root.join("generated/src");
    let mut files = generate(&specs(&root), &root).files;
    let version_file = version_files(&root)
        .into_iter()
        .next()
        .expect("a version file");
    let lib = PathBuf::from("lib.rs");
    if let Some(text) = files.get_mut(&version_file) {
        text.push_str("// changed\n");
    }
    files.remove(&lib);
    files.insert(PathBuf::from("collaboration/not_there.rs"), String::new());
    let changes = plan(&out_dir, &files).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        changes,
        [
            Change::Create(out_dir.join("collaboration/not_there.rs")),
            Change::Update(out_dir.join(&version_file)),
            Change::Remove(out_dir.join(&lib)),
        ]
    );
}

#[test]
fn every_generated_file_names_its_spec_in_a_generated_header() {
    let root = workspace_root();
    let generated = generate(&specs(&root), &root);
    for (path, text) in &generated.files {
        let header = text.lines().next().unwrap_or_default();
        let named: Vec<&str> = header
            .split(|c: char| c.is_whitespace() || c == ',')
            .map(|word| word.trim_end_matches(['.', ':', ';']))
            .filter(|word| word.ends_with(".yaml") || word.ends_with(".yml"))
            .collect();
        assert!(
            header.starts_with("// @generated") && !named.is_empty(),
            "{} starts with {header:?}, not a @generated header naming its spec",
            path.display()
        );
        for spec in named {
            assert!(
                root.join(spec).is_file(),
                "{}: the header names {spec}, which is not a file below {}",
                path.display(),
                root.display()
            );
        }
    }
}
