//! Snapshots of the validated IR: what lowering decided (names, wire names, types, rules,
//! defaults, sorting) for each fixture and for the real 3119 v5 spec.

mod support;

use support::{real_spec, shown, tests_dir, workspace_root};

fn lowered(shown: &[std::path::PathBuf], base: &std::path::Path) -> generator::ir::Api {
    generator::check_specs(shown, base).unwrap_or_else(|e| panic!("the spec should be valid:\n{e}"))
}

#[test]
fn fixtures() {
    insta::glob!("fixtures/*.yaml", |path| {
        let api = lowered(&[shown("fixtures", path)], &tests_dir());
        insta::assert_debug_snapshot!("lowered", api);
    });
}

#[test]
fn real_spec_3119_v5() {
    let api = lowered(&real_spec(), &workspace_root());
    insta::with_settings!({ snapshot_suffix => "post-3119-v5.yaml" }, {
        insta::assert_debug_snapshot!("lowered", api);
    });
}
