//! The typed mock stubs a build script asks for (`Config::mock`, `Config::mock_cfg`): their
//! files and declarations (snapshots of a list operation's stub and of the include root), the
//! stubs of the checked-in crate being the build script's, nothing without the option, and a
//! cfg that does not parse refused with a message.

mod support;

use std::path::Path;

use support::{scratch, tests_dir, workspace_root};

fn shapes() -> std::path::PathBuf {
    workspace_root().join("tests/shapes")
}

fn read(dir: &Path, rel: &str) -> String {
    std::fs::read_to_string(dir.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn a_list_operation_gets_a_stub_that_pages_up_to_the_documented_top() {
    let out = scratch("mock_emit", "shapes");
    generator::Config::new()
        .base_dir(workspace_root())
        .spec_dir(shapes())
        .out_dir(&out)
        .emit_rerun_if_changed(false)
        .mock(true)
        .generate()
        .unwrap_or_else(|e| panic!("{e}"));
    let stub = read(&out, "sales/get_customers/mock/v1.rs");
    assert!(
        stub.contains("self.0.pages(\"customers\", items, page_size, 80)"),
        "{stub}"
    );
    insta::assert_snapshot!("get_customers_stub", stub);
    let root = read(&out, "rambase_api.rs");
    assert!(
        root.contains("#[cfg(feature = \"mock\")]\n        pub mod mock {"),
        "{root}"
    );
    let delete = read(&out, "sales/delete_customer/mock/v1.rs");
    assert!(
        delete.contains("rt::mock::Stub<rt::mock::NoBody>"),
        "no body: {delete}"
    );
    assert!(
        !delete.contains("pub fn respond("),
        "no content, no response model: {delete}"
    );
}

#[test]
fn the_build_scripts_stubs_are_the_checked_in_ones_behind_the_chosen_cfg() {
    let out = scratch("mock_emit", "real");
    generator::Config::new()
        .base_dir(workspace_root())
        .spec_dir(workspace_root().join("spec"))
        .out_dir(&out)
        .emit_rerun_if_changed(false)
        .mock_cfg("test")
        .generate()
        .unwrap_or_else(|e| panic!("{e}"));
    let rel = "collaboration/add_contact_phone/mock/v5.rs";
    let checked_in = read(&workspace_root().join("generated/src"), rel);
    assert_eq!(read(&out, rel), checked_in, "same spec, same stub file");
    insta::assert_snapshot!("include_root_with_mock", read(&out, "rambase_api.rs"));
}

#[test]
fn without_the_option_no_stub_is_emitted() {
    let out = scratch("mock_emit", "none");
    generator::Config::new()
        .base_dir(workspace_root())
        .spec_dir(workspace_root().join("spec"))
        .out_dir(&out)
        .emit_rerun_if_changed(false)
        .generate()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(!out.join("collaboration/add_contact_phone/mock").exists());
    assert!(!read(&out, "rambase_api.rs").contains("mock"));
}

#[test]
fn a_cfg_that_does_not_parse_is_refused_and_nothing_is_written() {
    let out = scratch("mock_emit", "bad-cfg");
    let error = generator::Config::new()
        .base_dir(tests_dir())
        .spec_dir(workspace_root().join("spec"))
        .out_dir(&out)
        .emit_rerun_if_changed(false)
        .mock_cfg("feature = ")
        .generate()
        .expect_err("not a cfg predicate");
    let text = error.to_string();
    assert!(
        text.contains("mock_cfg(\"feature = \") is not a cfg predicate"),
        "{text}"
    );
    assert!(text.contains("such as `test`"), "{text}");
    assert_eq!(std::fs::read_dir(&out).expect("the folder").count(), 0);
}
