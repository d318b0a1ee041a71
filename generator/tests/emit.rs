//! Snapshots of the generated code: one snapshot per generated file, named after the file and
//! suffixed with the spec it came from, plus the list of files so a vanished file shows.

mod support;

use std::path::{Path, PathBuf};

use support::{real_spec, shown, tests_dir, workspace_root};

fn assert_files(specs: &[PathBuf], base: &Path) {
    let generated = generator::generate_files(specs, base)
        .unwrap_or_else(|e| panic!("the spec should generate:\n{e}"));
    let listing: Vec<String> = generated
        .files
        .keys()
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .collect();
    insta::assert_snapshot!("files", listing.join("\n"));
    for (path, text) in &generated.files {
        insta::assert_snapshot!(path.to_string_lossy().replace('\\', "/"), text);
    }
}

#[test]
fn fixtures() {
    insta::glob!("fixtures/*.yaml", |path| {
        assert_files(&[tests_dir().join(shown("fixtures", path))], &tests_dir());
    });
}

#[test]
fn real_spec_3119_v5() {
    let root = workspace_root();
    let specs: Vec<PathBuf> = real_spec().iter().map(|p| root.join(p)).collect();
    insta::with_settings!({ snapshot_suffix => "post-3119-v5.yaml" }, {
        assert_files(&specs, &root);
    });
}
