//! Versions side by side, the classification of every kind of change between two versions,
//! the `diff` command, and the guard against breaking changes to a released version.

use std::path::{Path, PathBuf};
use std::process::Command;

use generator::diff::{Kind, compare, compare_versions, render_json, render_text};
use generator::ir::{Field, Resource, StructDef, Ty, TypeDef, TypeId};
use generator::shape::shape_of;

use rambase_testkit::rustc_check;

const V5: &str = "versions/post-3119-v5.yaml";
const V6: &str = "versions/post-3119-v6.yaml";

fn tests_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests")
}

fn resource(base: &Path, file: &str) -> Resource {
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
        "path-default-added",
        "    minimum: 100000\n",
        "    minimum: 100000\n    default: 100001\n",
        Kind::Breaking,
    ),
    (
        "custom-fields-added",
        "request:\n  object: Phone\n",
        "request:\n  object: Phone\n  customFields: true\n",
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
    assert_eq!(
        usage.status.code(),
        Some(2),
        "not 1: that is the breaking verdict"
    );
    assert!(String::from_utf8_lossy(&usage.stderr).contains("diff` takes two spec files"));
    // A version added to an operation without a body: breaking for Rust code, and why.
    let dir = proof_folder("cli-get", Some((Target::Get, "", "")));
    let get = Command::new(env!("CARGO_BIN_EXE_generator"))
        .args(["diff", "get-v5.yaml", "v6.yaml"])
        .current_dir(&dir)
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&get.stdout);
    assert_eq!(get.status.code(), Some(1), "{text}");
    assert!(
        text.contains("breaking    for Rust code: the prelude's `client.get_contact_phone(..)`"),
        "{text}"
    );
    assert!(text.ends_with("1 breaking, 0 compatible\n"), "{text}");
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

/// Code a caller wrote against the `latest` version of `r`: it builds and checks the request
/// (every setter), constructs it with `new`, reads every response field, calls the operation
/// with every path and query parameter, and matches every documented error code.
fn caller_code(r: &Resource) -> String {
    let api = format!("crate::{}::{}::latest", r.area_module, r.operation_snake);
    let mut code = format!(
        "#![allow(dead_code, unused_variables)]\nuse crate::prelude::*;\nuse {api} as api;\n"
    );
    if let Some(body) = &r.request {
        code.push_str(&request_code(r, struct_of(r, body.type_id)));
    }
    if let Some(body) = &r.response {
        let s = struct_of(r, body.type_id);
        let reads: Vec<String> = s
            .fields
            .iter()
            .map(|f| format!("&r.{}", f.rust_name))
            .collect();
        code.push_str(&format!(
            "fn read(r: &api::{}) {{ let _ = ({},); }}\n",
            s.rust_name,
            reads.join(", ")
        ));
    }
    code.push_str(&call_code(r));
    let codes: Vec<String> = r
        .errors
        .iter()
        .map(|e| format!("Some(api::{}::{})", r.codes_name, e.variant))
        .collect();
    if !codes.is_empty() {
        code.push_str(&format!(
            "fn codes(e: &api::{}) -> bool {{ matches!(e.documented(), {}) }}\n",
            r.error_name,
            codes.join(" | ")
        ));
    }
    code
}

fn struct_of(r: &Resource, id: TypeId) -> &StructDef {
    match &r.types[id.0 as usize] {
        TypeDef::Struct(s) => s,
        other => panic!("not a struct: {other:?}"),
    }
}

fn request_code(r: &Resource, s: &StructDef) -> String {
    let params: Vec<String> = s
        .fields
        .iter()
        .map(|f| format!("{}: {}", f.rust_name, input_ty(r, &f.ty)))
        .collect();
    let setters: String = s
        .fields
        .iter()
        .map(|f| format!(".{0}({0})", f.rust_name))
        .collect();
    let required: Vec<&Field> = s
        .fields
        .iter()
        .filter(|f| f.presence.is_required())
        .collect();
    let new_params: Vec<String> = required
        .iter()
        .map(|f| format!("{}: {}", f.rust_name, rust_ty(r, &f.ty)))
        .collect();
    let new_args: Vec<&str> = required.iter().map(|f| f.rust_name.as_str()).collect();
    format!(
        "fn build({}) -> Result<api::{name}, rambase_runtime::ValidationErrors> {{ api::{name}::builder(){setters}.build() }}\n\
         fn construct({}) -> api::{name} {{ api::{name}::new({}) }}\n",
        params.join(", "),
        new_params.join(", "),
        new_args.join(", "),
        name = s.rust_name
    )
}

fn call_code(r: &Resource) -> String {
    let mut params = vec!["client: &rambase_runtime::Client".to_string()];
    let mut args = Vec::new();
    for p in &r.path_params {
        params.push(format!("{}: {}", p.rust_name, input_ty(r, &p.scalar)));
        args.push(p.rust_name.clone());
    }
    if let Some(body) = &r.request {
        params.push(format!(
            "body: api::{}",
            struct_of(r, body.type_id).rust_name
        ));
        args.push("body".to_string());
    }
    let mut setters = String::new();
    for (i, q) in r.query_params.iter().enumerate() {
        params.push(format!("q{i}: {}", input_ty(r, &q.ty)));
        setters.push_str(&format!(".{}(q{i})", q.rust_name));
    }
    format!(
        "fn call({}) -> impl std::future::Future<Output = Result<(), api::{}>> + Send + 'static {{\n\
         let sent = client.{}({}){setters}.use_generated_version().send();\n\
         async move {{ sent.await.map(|_| ()) }}\n}}\n",
        params.join(", "),
        r.error_name,
        r.operation_snake,
        args.join(", ")
    )
}

/// What a caller hands in for a value: checked values take their input (`i64`, `String`).
fn input_ty(r: &Resource, ty: &Ty) -> String {
    match ty {
        Ty::Integer | Ty::Long => "i64".to_string(),
        Ty::Named(id) => match &r.types[id.0 as usize] {
            TypeDef::Newtype(n) => input_ty(r, &n.inner),
            other => format!("api::{}", other.rust_name()),
        },
        other => rust_ty(r, other),
    }
}

fn rust_ty(r: &Resource, ty: &Ty) -> String {
    match ty {
        Ty::String => "String".to_string(),
        Ty::Integer => "i32".to_string(),
        Ty::Long => "i64".to_string(),
        Ty::Decimal => "rambase_runtime::Decimal".to_string(),
        Ty::Boolean => "bool".to_string(),
        Ty::Date => "rambase_runtime::chrono::NaiveDate".to_string(),
        Ty::Time => "rambase_runtime::chrono::NaiveTime".to_string(),
        Ty::DateTime => {
            "rambase_runtime::chrono::DateTime<rambase_runtime::chrono::FixedOffset>".to_string()
        }
        Ty::Named(id) => format!("api::{}", r.types[id.0 as usize].rust_name()),
        Ty::Array(item) => format!("Vec<{}>", rust_ty(r, item)),
    }
}

/// Generates a crate from `spec.yaml` in `dir`, adds `caller` to it as a module and type-checks
/// it with `rustc`; the compiler's messages if it does not compile.
fn compiles_with(dir: &Path, caller: &str) -> Result<(), String> {
    compiles_from(dir, &["spec.yaml"], caller)
}

/// Generates a crate from `specs` in `dir`, adds `caller` to it as a module and type-checks
/// it with `rustc`; the compiler's messages if it does not compile.
fn compiles_from(dir: &Path, specs: &[&str], caller: &str) -> Result<(), String> {
    let specs: Vec<PathBuf> = specs.iter().map(PathBuf::from).collect();
    let files = generator::generate_files(&specs, dir).expect("generates");
    let src = dir.join("crate");
    let _ = std::fs::remove_dir_all(&src);
    for (path, text) in &files.files {
        let path = src.join(path);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("folder");
        std::fs::write(&path, text).expect("write");
    }
    let lib = src.join("lib.rs");
    let text = std::fs::read_to_string(&lib).expect("lib.rs");
    std::fs::write(&lib, format!("{text}\nmod caller;\n")).expect("lib.rs");
    std::fs::write(src.join("caller.rs"), caller).expect("caller.rs");
    rustc_check::type_check(&lib, "api", "2021", &dir.join("out"))
}

#[test]
fn every_compatible_verdict_is_proven_by_the_compiler() {
    let caller = caller_code(&resource(&tests_dir(), V5));
    // Where `edited` wrote the spec of a case.
    let scratch = |case: &str| {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../target/test-scratch/versions")
            .join(case)
    };
    edited("compile-base", "", "");
    // The caller's own version compiles, and a breaking change fails it: the check can fail.
    compiles_with(&scratch("compile-base"), &caller).unwrap_or_else(|e| panic!("base:\n{e}"));
    edited(
        "compile-breaking",
        "    PhoneId:\n      type: integer\n      description: Phone identifier\n",
        "",
    );
    let broken = compiles_with(&scratch("compile-breaking"), &caller);
    assert!(
        broken.is_err(),
        "code reading a removed field still compiled"
    );
    for (case, from, to, kind) in CASES {
        if *kind != Kind::Compatible {
            continue;
        }
        edited(case, from, to);
        compiles_with(&scratch(case), &caller).unwrap_or_else(|e| {
            panic!("{case}: diff calls it compatible, but code written against v5 breaks:\n{e}")
        });
    }
}

/// Code written against a crate with version 5 only, naming things every way the README and
/// the generated docs show: the prelude's call with a `v5` body and `v5` answer and error types
/// (the README's first example), every input and output through `latest`, the same through
/// `v5`, a version's own call, and all of them side by side in one function.
fn mixed_caller(v5: &Resource) -> String {
    let op = "crate::collaboration::add_contact_phone";
    let wrap = |name: &str, version: &str| {
        let code = caller_code(v5).replace("::latest as api;", &format!("::{version} as api;"));
        format!("mod {name} {{\n{code}}}\n")
    };
    format!(
        "#![allow(dead_code, unused_variables)]\n\
         use crate::prelude::*;\n\
         use {op}::{{latest, v5}};\n\
         use rambase_runtime::CallError;\n\
         fn readme(client: &rambase_runtime::Client) -> impl std::future::Future<Output = Option<i32>> + Send + 'static {{\n\
           let body = v5::PhoneRequest::builder().phone_number(\"+47 22 33 44 55\");\n\
           let sent = client.add_contact_phone(100001_u32, body).send();\n\
           async move {{ match sent.await {{\n\
             Ok(phone) => {{ let phone: v5::Phone = phone; phone.phone_id }}\n\
             Err(CallError::Documented(v5::AddContactPhoneErrorCode::PermissionNotFound, e)) => None,\n\
             Err(e) if e.outcome_unknown() => None,\n\
             Err(e) => None,\n\
           }} }}\n\
         }}\n\
         fn side_by_side(client: &rambase_runtime::Client, checked: v5::PhoneRequest) {{\n\
           let old: v5::AddContactPhone = client.add_contact_phone(100001, checked.clone());\n\
           let new: latest::AddContactPhone = client.add_contact_phone(100001_i64, latest::PhoneRequest::builder().phone_number(\"1\"));\n\
           let own: v5::AddContactPhone = v5::AddContactPhone::new(client, 100001_u32, checked).use_generated_version();\n\
           let versions: [u32; 2] = [v5::VERSION, latest::VERSION];\n\
         }}\n\
         {}{}",
        wrap("through_latest", "latest"),
        wrap("through_v5", "v5"),
    )
}

/// The v5 fixture as version 6, with one textual edit.
fn as_version_6(case: &str, from: &str, to: &str) -> PathBuf {
    let text = std::fs::read_to_string(tests_dir().join(V5)).expect("v5 fixture");
    assert!(
        text.contains("\nversion: 5\n") && text.contains(from),
        "{case}"
    );
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../target/test-scratch/versions-added")
        .join(case);
    std::fs::create_dir_all(&dir).expect("scratch");
    std::fs::write(dir.join("v5.yaml"), &text).expect("write v5");
    let v6 = text
        .replacen(from, to, 1)
        .replacen("\nversion: 5\n", "\nversion: 6\n", 1);
    std::fs::write(dir.join("v6.yaml"), v6).expect("write v6");
    dir
}

/// The made-up GET beside 3119: an operation without a request body.
const GET_V5: &str = "versions/get-3120-v5.yaml";

/// The resource of the compile-proof that an edit's version 6 is added to.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Target {
    /// 3119, a POST: the prelude's call picks the version by its body.
    Post,
    /// The GET: the prelude's call has no body and calls the newest version.
    Get,
}

/// What adding an edit's version 6 does to code written against version 5, which the
/// compiler and `diff` must both see.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Effect {
    /// The code compiles, and `diff` calls version 6 compatible.
    Compatible,
    /// The code fails to compile, and `diff` calls version 6 breaking.
    BreaksRust,
    /// The code compiles, but `diff` calls version 6 breaking: version 5's requests fail or
    /// mean something else for version 6 (a wire change the compiler cannot see).
    BreaksWire,
}

const PHONE_DOC: &str = "description: The phone number";
const CONTACT_ID: &str =
    "    type: integer\n    description: Contact identifier\n    minimum: 100000\n";

/// Edits of version 6, each with the effect it must have. The GET's are all breaking for Rust
/// code: its prelude call moves to version 6, whose error types are its own.
const PROOF: &[(Target, &str, &str, &str, Effect)] = &[
    (
        Target::Post,
        "doc-change",
        PHONE_DOC,
        "description: The phone number, with country code",
        Effect::Compatible,
    ),
    (
        Target::Post,
        "optional-response-field",
        "    PhoneId:\n      type: integer",
        "    Extension:\n      type: string\n    PhoneId:\n      type: integer",
        Effect::Compatible,
    ),
    (
        Target::Post,
        "optional-request-field",
        "    PhoneNumber:\n      type: string\n      required: true",
        "    Extension:\n      type: string\n    PhoneNumber:\n      type: string\n      required: true",
        Effect::Compatible,
    ),
    (
        Target::Post,
        "optional-query-parameter",
        "queryParameters:\n",
        "queryParameters:\n  - $select: {type: string, description: Fields to include}\n",
        Effect::Compatible,
    ),
    (
        Target::Post,
        "new-error-code",
        "errors:\n",
        "errors:\n  - code: 101999\n    status: 400\n    message: Something new\n",
        Effect::Compatible,
    ),
    (
        Target::Post,
        "new-domain-value",
        "values: [BUSINESS]",
        "values: [BUSINESS, MOBILE]",
        Effect::Compatible,
    ),
    (
        Target::Post,
        "rule-loosened",
        "    minimum: 100000",
        "    minimum: 99000",
        Effect::Compatible,
    ),
    (
        Target::Post,
        "custom-fields",
        "request:\n  object: Phone\n",
        "request:\n  object: Phone\n  customFields: true\n",
        Effect::Compatible,
    ),
    (
        Target::Post,
        "response-field-removed",
        "    PhoneId:\n      type: integer\n      description: Phone identifier\n",
        "",
        Effect::BreaksRust,
    ),
    (
        Target::Post,
        "new-required-field",
        "    PhoneNumber:\n      type: string\n      required: true",
        "    Extension:\n      type: string\n      required: true\n    PhoneNumber:\n      type: string\n      required: true",
        Effect::BreaksRust,
    ),
    (
        Target::Post,
        "path-argument-type",
        CONTACT_ID,
        "    type: string\n    description: Contact identifier\n",
        Effect::BreaksRust,
    ),
    (
        Target::Post,
        "error-variant-renamed",
        "rustName: PermissionNotFound",
        "rustName: NoPermission",
        Effect::BreaksRust,
    ),
    (
        Target::Post,
        "request-field-renamed",
        "    IsDefault:\n      type: boolean\n      description: True if this is the default communication type\n      default: false",
        "    Preferred:\n      type: boolean\n      description: True if this is the default communication type\n      default: false",
        Effect::BreaksRust,
    ),
    (
        Target::Post,
        "pattern-tightened",
        r"pattern: '^([0-9\(\)\s\.\+\-])*$'",
        r"pattern: '^([0-9\(\)\s\.\+\-])+$'",
        Effect::BreaksWire,
    ),
    (
        Target::Post,
        "path-changed",
        "path: /collaboration/contacts/{contactId}/phones",
        "path: /collaboration/contacts/{contactId}/phone-numbers",
        Effect::BreaksWire,
    ),
    (Target::Get, "get-unchanged", "", "", Effect::BreaksRust),
    (
        Target::Get,
        "get-doc-change",
        PHONE_DOC,
        "description: The phone number, with country code",
        Effect::BreaksRust,
    ),
    (
        Target::Get,
        "get-optional-response-field",
        "    PhoneId:\n      type: integer",
        "    Extension:\n      type: string\n    PhoneId:\n      type: integer",
        Effect::BreaksRust,
    ),
    (
        Target::Get,
        "get-optional-query-parameter",
        "queryParameters:\n",
        "queryParameters:\n  - $select: {type: string, description: Fields to include}\n",
        Effect::BreaksRust,
    ),
    (
        Target::Get,
        "get-new-error-code",
        "errors:\n",
        "errors:\n  - code: 101999\n    status: 400\n    message: Something new\n",
        Effect::BreaksRust,
    ),
];

/// A scratch folder with version 5 of both resources (`post-v5.yaml`, `get-v5.yaml`) and, for
/// an edit, version 6 of its target with that edit made everywhere (`v6.yaml`).
fn proof_folder(case: &str, edit: Option<(Target, &str, &str)>) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../target/test-scratch/versions-proof")
        .join(case);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch");
    let read = |file: &str| std::fs::read_to_string(tests_dir().join(file)).expect("fixture");
    let (post, get) = (read(V5), read(GET_V5));
    std::fs::write(dir.join("post-v5.yaml"), &post).expect("write");
    std::fs::write(dir.join("get-v5.yaml"), &get).expect("write");
    if let Some((target, from, to)) = edit {
        let text = if target == Target::Post { post } else { get };
        assert!(
            text.contains("\nversion: 5\n") && text.contains(from),
            "{case}: the fixture does not contain {from:?}"
        );
        let v6 = text
            .replace(from, to)
            .replacen("\nversion: 5\n", "\nversion: 6\n", 1);
        std::fs::write(dir.join("v6.yaml"), v6).expect("write v6");
    }
    dir
}

/// The code the README and the generated docs show for the GET, written against version 5:
/// the prelude's call with its types named through `latest`, version 5's own call with `v5`
/// types, every input and output through `latest`, and one function that uses the POST's
/// answer (named `v5`) to call the GET through the prelude (named `latest`).
fn get_documented_caller(get: &Resource) -> String {
    let through_latest = caller_code(get);
    format!(
        "mod get_documented {{\n\
         #![allow(dead_code, unused_variables)]\n\
         use crate::prelude::*;\n\
         use crate::collaboration::get_contact_phone::{{latest, v5}};\n\
         use crate::collaboration::add_contact_phone::v5 as post;\n\
         use rambase_runtime::CallError;\n\
         async fn prelude(client: rambase_runtime::Client) -> Result<Option<i32>, latest::GetContactPhoneError> {{\n\
           match client.get_contact_phone(100001_u32, 7_u8).lang(\"nob\").send().await {{\n\
             Ok(phone) => {{ let phone: latest::Phone = phone; Ok(phone.phone_id) }}\n\
             Err(CallError::Documented(latest::GetContactPhoneErrorCode::PermissionNotFound, _)) => Ok(None),\n\
             Err(e) => Err(e),\n\
           }}\n\
         }}\n\
         async fn stays(client: rambase_runtime::Client) -> Result<v5::Phone, v5::GetContactPhoneError> {{\n\
           v5::GetContactPhone::new(&client, 100001, 7).send().await\n\
         }}\n\
         async fn across(client: rambase_runtime::Client) -> Result<Option<bool>, String> {{\n\
           let body = post::PhoneRequest::builder().phone_number(\"1\");\n\
           let created: post::Phone = client.add_contact_phone(100001, body).send().await.map_err(|e| e.to_string())?;\n\
           let read: latest::Phone = client.get_contact_phone(100001, created.phone_id.unwrap_or(0)).send().await.map_err(|e| e.to_string())?;\n\
           Ok(read.is_default)\n\
         }}\n\
         mod through_latest {{\n{through_latest}}}\n\
         }}\n"
    )
}

/// Code that calls the GET through the prelude and names version 5's answer and error types,
/// as a GET would be written after the README's first example: no version keeps it compiling
/// (the call moves to the newest), so `diff` calls every version added to the GET breaking.
fn get_named_v5_caller(get: &Resource) -> String {
    let through_v5 = caller_code(get).replace("::latest as api;", "::v5 as api;");
    format!(
        "mod get_named_v5 {{\n\
         #![allow(dead_code, unused_variables)]\n\
         use crate::prelude::*;\n\
         use crate::collaboration::get_contact_phone::v5;\n\
         async fn read(client: rambase_runtime::Client) -> Result<Option<String>, v5::GetContactPhoneError> {{\n\
           let c: v5::Phone = client.get_contact_phone(100001, 7).send().await?;\n\
           Ok(c.phone_number)\n\
         }}\n\
         mod through_v5 {{\n{through_v5}}}\n\
         }}\n"
    )
}

/// The core proof: for every edit, `diff` calls version 6 compatible exactly when code written
/// against version 5 (the prelude, `latest` and `v5` together, for the POST and the GET)
/// still type-checks with version 6 added; a breaking verdict says what breaks.
#[test]
fn diff_calls_a_version_compatible_exactly_when_code_written_against_v5_still_compiles() {
    let (post, get) = (resource(&tests_dir(), V5), resource(&tests_dir(), GET_V5));
    let documented = format!("{}{}", mixed_caller(&post), get_documented_caller(&get));
    let caller = format!("{documented}{}", get_named_v5_caller(&get));
    let base = proof_folder("alone", None);
    compiles_from(&base, &["post-v5.yaml", "get-v5.yaml"], &caller)
        .unwrap_or_else(|e| panic!("version 5 alone:\n{e}"));
    for (target, case, from, to, effect) in PROOF {
        let dir = proof_folder(case, Some((*target, from, to)));
        let specs = ["post-v5.yaml", "get-v5.yaml", "v6.yaml"];
        let old = if *target == Target::Post {
            "post-v5.yaml"
        } else {
            "get-v5.yaml"
        };
        let changes = compare_versions(&resource(&dir, old), &resource(&dir, "v6.yaml"));
        let text = render_text(case, &changes);
        let compatible = changes.iter().all(|c| c.kind == Kind::Compatible);
        let compiled = compiles_from(&dir, &specs, &caller);
        // Compatible ⇔ compiles, except that a wire change the compiler cannot see is breaking.
        let expected = (*effect == Effect::Compatible, *effect != Effect::BreaksRust);
        assert_eq!(
            (compatible, compiled.is_ok()),
            expected,
            "{case}: expected {effect:?}; (diff compatible, compiles) differ\n{text}\n{}",
            compiled.err().unwrap_or_default()
        );
        if *effect == Effect::BreaksWire {
            assert!(!text.contains("Rust"), "{case}: a wire change only\n{text}");
        }
        if *target == Target::Get {
            assert_get_verdict(case, &text);
            compiles_from(&dir, &specs, &documented).unwrap_or_else(|e| {
                panic!("{case}: diff says code naming `latest` keeps compiling, but:\n{e}")
            });
        }
    }
}

/// `diff`'s verdict on a version added to the GET names what breaks and what keeps working.
fn assert_get_verdict(case: &str, text: &str) {
    for said in [
        "the prelude's `client.get_contact_phone(..)` has no request body",
        "`v5::GetContactPhoneErrorCode`, `v5::GetContactPhoneError`",
        "through `latest`, or calls `v5::GetContactPhone::new(..)`",
    ] {
        assert!(
            text.contains(said),
            "{case}: diff does not say {said:?}\n{text}"
        );
    }
    let answer_changed = case == "get-optional-response-field" || case == "get-doc-change";
    assert_eq!(
        text.contains("its answer and parameter types that version 6 changed (`v5::Phone`)"),
        answer_changed,
        "{case}\n{text}"
    );
}

#[test]
fn identical_types_are_shared_not_copied() {
    let (_, from, to, _) = CASES
        .iter()
        .find(|c| c.0 == "new-response-field")
        .expect("case");
    let dir = as_version_6("shared", from, to);
    let specs = [PathBuf::from("v5.yaml"), PathBuf::from("v6.yaml")];
    let out = generator::generate_files(&specs, &dir).expect("generates");
    let v6 = &out.files[Path::new("collaboration/add_contact_phone/v6.rs")];
    for name in ["PhoneType", "PhoneNumber", "ContactId"] {
        assert!(
            v6.contains(&format!("pub use super::v5::{name};")),
            "{name} re-exported:\n{v6}"
        );
    }
    assert!(v6.contains("pub use super::super::v5::rules::PhoneNumber;"));
    // Each version keeps its own body (the prelude picks the version by it), error codes (they
    // name their version) and call; the response gained a field, so it is v6's own.
    for own in [
        "pub struct PhoneRequest",
        "pub enum AddContactPhoneErrorCode",
        "pub struct Phone {",
        "pub struct AddContactPhone(",
    ] {
        assert!(v6.contains(own), "{own} is v6's own");
    }
    let caller = "#![allow(dead_code)]\nuse crate::collaboration::add_contact_phone::{latest, v5};\n\
        pub fn same(t: v5::PhoneType, n: v5::PhoneNumber, c: v5::ContactId) -> (latest::PhoneType, latest::PhoneNumber, latest::ContactId) { (t, n, c) }\n";
    compiles_from(&dir, &["v5.yaml", "v6.yaml"], caller)
        .unwrap_or_else(|e| panic!("v5's and v6's identical types are one type:\n{e}"));
    // A checked value whose text changed is a type of its own.
    let dir = as_version_6(
        "text-grown",
        "description: The phone number",
        "description: The phone number, with country code",
    );
    let out = generator::generate_files(&specs, &dir).expect("generates");
    let v6 = &out.files[Path::new("collaboration/add_contact_phone/v6.rs")];
    assert!(
        v6.contains("pub type PhoneNumber =") && v6.contains("pub use super::v5::PhoneType;"),
        "{v6}"
    );
}

/// Deprecation: an older version's docs say that a newer one exists and link it, and a version
/// whose spec says `deprecated` carries `#[deprecated]`, which code calling it hears about.
#[test]
fn an_older_version_links_the_newer_and_a_deprecated_one_warns_its_callers() {
    let dir = as_version_6("deprecated", "", "");
    let v5 = std::fs::read_to_string(dir.join("v5.yaml")).expect("v5");
    let marked = v5.replacen(
        "successStatus: 201\n",
        "successStatus: 201\ndeprecated: Use version 6\n",
        1,
    );
    assert_ne!(marked, v5, "the fixture has its success status");
    std::fs::write(dir.join("v5.yaml"), marked).expect("write v5");
    let specs = [PathBuf::from("v5.yaml"), PathBuf::from("v6.yaml")];
    let out = generator::generate_files(&specs, &dir).expect("generates");
    let module = &out.files[Path::new("collaboration/add_contact_phone/mod.rs")];
    assert!(
        module.contains("A newer version of this resource exists: [version 6](self::v6)"),
        "{module}"
    );
    assert_eq!(
        module.matches("A newer version").count(),
        1,
        "only v5's docs"
    );
    let file = &out.files[Path::new("collaboration/add_contact_phone/v5.rs")];
    assert!(
        file.contains("#[deprecated(note = \"Use version 6\")]"),
        "{file}"
    );
    let call = "#![allow(dead_code)]\nuse crate::collaboration::add_contact_phone::v5;\n\
        pub fn call(client: &rambase_runtime::Client, body: v5::PhoneRequest) -> v5::AddContactPhone {\n\
        v5::AddContactPhone::new(client, 100001, body) }\n";
    let warned = compiles_from(&dir, &["v5.yaml", "v6.yaml"], call)
        .expect_err("calling a deprecated version is a warning, denied here");
    assert!(warned.contains("use of deprecated"), "{warned}");
    let allowed = call.replacen("dead_code", "dead_code, deprecated", 1);
    compiles_from(&dir, &["v5.yaml", "v6.yaml"], &allowed)
        .unwrap_or_else(|e| panic!("the generated code itself is warning-free:\n{e}"));
}

/// The boundary spec/README states: a call that names two versions (a `v5` body handed to the
/// prelude, its answer named through `latest`) compiles only while the two versions' answer
/// types are one type. A version that changes only the request keeps it; one that changes the
/// answer does not, although `diff` calls both compatible, which is why such code is outside
/// what "compatible" promises.
#[test]
fn a_call_naming_two_versions_compiles_only_while_their_answer_types_are_one() {
    let mixture = "#![allow(dead_code)]\nuse crate::prelude::*;\n\
        use crate::collaboration::add_contact_phone::{latest, v5};\n\
        async fn mixed(client: rambase_runtime::Client) -> Option<i32> {\n\
          let body = v5::PhoneRequest::builder().phone_number(\"1\");\n\
          let phone: latest::Phone = client.add_contact_phone(100001, body).send().await.ok()?;\n\
          phone.phone_id\n\
        }\n";
    let specs = ["post-v5.yaml", "get-v5.yaml", "v6.yaml"];
    let verdict = |dir: &Path| {
        let changes = compare_versions(&resource(dir, "post-v5.yaml"), &resource(dir, "v6.yaml"));
        changes.iter().all(|c| c.kind == Kind::Compatible)
    };
    let edit = |case: &str| {
        let (target, _, from, to, _) = PROOF.iter().find(|p| p.1 == case).expect("an edit");
        proof_folder(&format!("two-{case}"), Some((*target, from, to)))
    };
    let request_only = edit("optional-request-field");
    assert!(verdict(&request_only));
    compiles_from(&request_only, &specs, mixture)
        .unwrap_or_else(|e| panic!("the answer is one type while v6 leaves it unchanged:\n{e}"));
    let answer_changed = edit("optional-response-field");
    assert!(verdict(&answer_changed));
    let err =
        compiles_from(&answer_changed, &specs, mixture).expect_err("v6's answer is its own type");
    assert!(err.contains("expected `v6::Phone`"), "{err}");
}
