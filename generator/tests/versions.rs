//! Versions side by side, the classification of every kind of change between two versions,
//! the `diff` command, and the guard against breaking changes to a released version.

use std::path::{Path, PathBuf};
use std::process::Command;

use generator::diff::{Kind, compare, render_json, render_text};
use generator::shape::shape_of;

const V5: &str = "versions/post-3119-v5.yaml";
const V6: &str = "versions/post-3119-v6.yaml";

fn tests_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests")
}

fn resource(base: &Path, file: &str) -> generator::ir::Resource {
    let api = generator::check_specs(&[PathBuf::from(file)], base)
        .unwrap_or_else(|e| panic!("{file}:\n{e}"));
    api.resources.into_iter().next().expect("one resource")
}

/// The 3119 v5 fixture with one textual edit, checked from a scratch folder.
fn edited(case: &str, from: &str, to: &str) -> generator::ir::Resource {
    let text = std::fs::read_to_string(tests_dir().join(V5)).expect("v5 fixture");
    assert!(
        text.contains(from),
        "{case}: the fixture does not contain {from:?}"
    );
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../target/test-scratch/versions")
        .join(case);
    std::fs::create_dir_all(&dir).expect("scratch");
    std::fs::write(dir.join("spec.yaml"), text.replacen(from, to, 1)).expect("write");
    resource(&dir, "spec.yaml")
}

#[test]
fn versions_generate_side_by_side_with_latest_pointing_to_the_newest() {
    let out = generator::generate_files(&[PathBuf::from(V6), PathBuf::from(V5)], &tests_dir())
        .expect("generates");
    let names: Vec<String> = out.files.keys().map(|p| p.display().to_string()).collect();
    assert!(
        names.contains(&"collaboration/add_contact_phone/v5.rs".to_string()),
        "{names:?}"
    );
    assert!(
        names.contains(&"collaboration/add_contact_phone/v6.rs".to_string()),
        "{names:?}"
    );
    let v5 = &out.files[Path::new("collaboration/add_contact_phone/v5.rs")];
    let v6 = &out.files[Path::new("collaboration/add_contact_phone/v6.rs")];
    assert!(
        v5.contains("pub const VERSION: u32 = 5;")
            && v5.contains("pub const RESOURCE_ID: u32 = 3119;")
    );
    assert!(
        v6.contains("pub const VERSION: u32 = 6;") && v6.contains("pub country_code: CountryCode,")
    );
    insta::assert_snapshot!(
        "operation_module_with_two_versions",
        out.files[Path::new("collaboration/add_contact_phone/mod.rs")]
    );
}

#[test]
fn diff_of_the_made_up_version_6() {
    let dir = tests_dir();
    let (old, new) = (resource(&dir, V5), resource(&dir, V6));
    let changes = compare(&shape_of(&old), &shape_of(&new));
    insta::assert_snapshot!(
        "diff_v5_v6_text",
        render_text("AddContactPhone version 5 -> version 6", &changes)
    );
    insta::assert_snapshot!("diff_v5_v6_json", render_json(V5, V6, &changes));
}

/// One edit per kind of change, with the kind it must be classified as.
const CASES: &[(&str, &str, &str, Kind)] = &[
    (
        "field-removed",
        "    IsDefault:\n      type: boolean\n      description: True if this is the default communication type\n      default: false\n",
        "",
        Kind::Breaking,
    ),
    (
        "field-renamed",
        "    IsDefault:\n      type: boolean",
        "    Preferred:\n      type: boolean",
        Kind::Breaking,
    ),
    (
        "type-changed",
        "    IsDefault:\n      type: boolean\n      description: True if this is the default communication type\n      default: false\n",
        "    IsDefault:\n      type: integer\n      description: True if this is the default communication type\n      default: 0\n",
        Kind::Breaking,
    ),
    (
        "optional-became-required",
        "      description: True if this is the default communication type\n      default: false\n",
        "      description: True if this is the default communication type\n      required: true\n",
        Kind::Breaking,
    ),
    (
        "new-required-field",
        "    PhoneNumber:\n      type: string\n      required: true",
        "    Extension:\n      type: string\n      required: true\n    PhoneNumber:\n      type: string\n      required: true",
        Kind::Breaking,
    ),
    (
        "pattern-tightened",
        r"pattern: '^([0-9\(\)\s\.\+\-])*$'",
        r"pattern: '^([0-9\(\)\s\.\+\-])+$'",
        Kind::Breaking,
    ),
    (
        "bound-tightened",
        "    minimum: 100000",
        "    minimum: 100001",
        Kind::Breaking,
    ),
    (
        "default-changed",
        "      default: false",
        "      default: true",
        Kind::Breaking,
    ),
    (
        "path-changed",
        "path: /collaboration/contacts/{contactId}/phones",
        "path: /collaboration/contacts/{contactId}/phone-numbers",
        Kind::Breaking,
    ),
    (
        "method-changed",
        "method: POST",
        "method: PUT",
        Kind::Breaking,
    ),
    (
        "status-changed",
        "successStatus: 201",
        "successStatus: 200",
        Kind::Breaking,
    ),
    (
        "parameter-removed",
        "  - $lang: {type: string, description: Specifies the language used in the response}\n",
        "",
        Kind::Breaking,
    ),
    (
        "new-optional-field",
        "    PhoneNumber:\n      type: string\n      required: true",
        "    Extension:\n      type: string\n    PhoneNumber:\n      type: string\n      required: true",
        Kind::Compatible,
    ),
    (
        "new-response-field",
        "    PhoneId:\n      type: integer",
        "    Extension:\n      type: string\n    PhoneId:\n      type: integer",
        Kind::Compatible,
    ),
    (
        "rule-loosened",
        "    minimum: 100000",
        "    minimum: 99000",
        Kind::Compatible,
    ),
    (
        "new-error-code",
        "errors:\n",
        "errors:\n  - code: 101999\n    status: 400\n    message: Something new\n",
        Kind::Compatible,
    ),
    (
        "text-changed",
        "description: The phone number",
        "description: The phone number, with country code",
        Kind::Compatible,
    ),
    (
        "new-optional-parameter",
        "queryParameters:\n",
        "queryParameters:\n  - $select: {type: string, description: Fields to include}\n",
        Kind::Compatible,
    ),
];

#[test]
fn every_kind_of_change_is_classified() {
    let base = resource(&tests_dir(), V5);
    let mut report = String::new();
    for (case, from, to, expected) in CASES {
        let changes = compare(&shape_of(&base), &shape_of(&edited(case, from, to)));
        assert!(!changes.is_empty(), "{case}: no change found");
        let worst = changes.iter().map(|c| c.kind).min().expect("non-empty");
        assert_eq!(worst, *expected, "{case}: {changes:#?}");
        report.push_str(&render_text(&format!("[{case}]"), &changes));
        report.push('\n');
    }
    insta::assert_snapshot!("diff_kinds", report);
}

#[test]
fn the_guard_refuses_a_breaking_change_to_a_locked_version() {
    let dir = tests_dir();
    let locked = generator::guard_versions(
        None,
        &generator::check_specs(&[PathBuf::from(V5)], &dir).expect("v5"),
        false,
    )
    .expect("first lock");
    let mut breaking = generator::ir::Api {
        resources: vec![edited(
            "guard-breaking",
            "    minimum: 100000",
            "    minimum: 200000",
        )],
    };
    let err = generator::guard_versions(Some(&locked), &breaking, false)
        .expect_err("breaking change refused");
    let text = err.to_string();
    assert!(
        text.contains("AddContactPhone version 5 changed in a breaking way"),
        "{text}"
    );
    assert!(
        text.contains("minimum tightened from `100000` to `200000`"),
        "{text}"
    );
    assert!(text.contains("new version file"), "{text}");
    assert!(
        generator::guard_versions(Some(&locked), &breaking, true).is_ok(),
        "--accept-breaking overrides"
    );
    breaking.resources = vec![edited(
        "guard-compatible",
        "errors:\n",
        "errors:\n  - code: 101999\n    status: 400\n    message: New\n",
    )];
    let relocked = generator::guard_versions(Some(&locked), &breaking, false)
        .expect("compatible changes pass");
    assert!(
        relocked.contains("errors.101999.status"),
        "the lock records the new shape"
    );
}

#[test]
fn the_diff_command_exits_with_the_verdict() {
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_generator"))
            .args(args)
            .current_dir(tests_dir())
            .output()
            .expect("runs")
    };
    let breaking = run(&["diff", V5, V6]);
    assert_eq!(breaking.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&breaking.stdout).contains("4 breaking, 4 compatible"));
    let json = run(&["diff", V5, V6, "--format", "json"]);
    assert_eq!(json.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&json.stdout)
            .starts_with("{\"old\":\"versions/post-3119-v5.yaml\"")
    );
    let same = run(&["diff", V5, V5]);
    assert_eq!(same.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&same.stdout).contains("no changes"));
    let usage = run(&["diff", V5]);
    assert_eq!(usage.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&usage.stderr).contains("diff takes two spec files"));
}

#[test]
fn the_diff_command_finds_the_common_parameters_of_spec() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root");
    let real = "spec/collaboration/contact-phone/post-3119-v5.yaml";
    let out = Command::new(env!("CARGO_BIN_EXE_generator"))
        .args(["diff", real, real])
        .current_dir(root)
        .output()
        .expect("runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("no changes"));
}

/// `rustName` edits (and an operation rename, which renames every name of the operation) of
/// the locked v5: each changes only Rust names, so only the Rust-name facts can catch it.
const RENAMES: &[(&str, &str, &str)] = &[
    (
        "rename-error-variant",
        "rustName: PermissionNotFound",
        "rustName: NoPermission",
    ),
    (
        "rename-field",
        "    PhoneNumber:\n      type: string\n      required: true",
        "    PhoneNumber:\n      type: string\n      rustName: number\n      required: true",
    ),
    (
        "rename-request-type",
        "request:\n  object: Phone\n",
        "request:\n  object: Phone\n  rustName: NewPhone\n",
    ),
    (
        "rename-domain-type",
        "      domain:\n        values: [BUSINESS]",
        "      domain:\n        rustName: PhoneKind\n        values: [BUSINESS]",
    ),
    (
        "rename-operation",
        "operation: AddContactPhone",
        "operation: AddPhone",
    ),
];

#[test]
fn renaming_a_rust_name_of_a_locked_version_is_breaking() {
    let dir = tests_dir();
    let v5 = generator::check_specs(&[PathBuf::from(V5)], &dir).expect("v5");
    let lock = generator::guard_versions(None, &v5, false).expect("first lock");
    for name in [
        "\"AddContactPhone\"",
        "\"PermissionNotFound\"",
        "\"PhoneRequest\"",
    ] {
        assert!(lock.contains(name), "the lock holds the Rust name {name}");
    }
    let mut report = String::new();
    for (case, from, to) in RENAMES {
        let renamed = edited(case, from, to);
        let changes = compare(&shape_of(&v5.resources[0]), &shape_of(&renamed));
        assert!(
            changes.iter().all(|c| c.fact.contains("rust")),
            "{case}: only Rust names differ: {changes:#?}"
        );
        let api = generator::ir::Api {
            resources: vec![renamed],
        };
        let err = generator::guard_versions(Some(&lock), &api, false)
            .expect_err("a rename of a locked version is refused");
        assert!(
            matches!(err, generator::Error::Breaking(_)),
            "{case}: {err:?}"
        );
        report.push_str(&format!("[{case}]\n{err}\n\n"));
    }
    insta::assert_snapshot!("rust_renames", report);
}
