//! The README's "Start from your OpenAPI" flow, run as a new user runs it: the installed
//! `generator` binary in a fresh folder outside this repository, on the RamBase-style
//! document. Import, add an error code and a default from the page, generate, import again,
//! generate; then a default added after the first generation, which the versions guard
//! refuses with the reason and the two ways on; then a newer download that conflicts.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A new empty folder outside the repository, removed when the test ends.
struct Scratch(PathBuf);

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn outside(name: &str) -> Scratch {
    let dir = std::env::temp_dir().join(format!("rambase-flow-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("mkdir");
    Scratch(dir)
}

fn tests_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests")
}

/// Runs `generator ARGS` in `dir`; the output is stdout then stderr.
fn run(dir: &Path, args: &[&str]) -> (i32, String) {
    let Output {
        status,
        stdout,
        stderr,
    } = Command::new(env!("CARGO_BIN_EXE_generator"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the generator runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&stdout),
        String::from_utf8_lossy(&stderr)
    );
    (status.code().expect("exit status"), text)
}

fn ok(dir: &Path, args: &[&str]) -> String {
    let (code, text) = run(dir, args);
    assert_eq!(code, 0, "generator {args:?} failed:\n{text}");
    text
}

fn replace(path: &Path, from: &str, to: &str, append: &str) {
    let text = std::fs::read_to_string(path).expect("readable");
    assert!(text.contains(from), "{} has no {from:?}", path.display());
    std::fs::write(path, text.replacen(from, to, 1) + append).expect("written");
}

const ORDER: &str = "spec/sales/order/post-9802-v1.yaml";

#[test]
fn import_add_facts_generate_import_again_generate() {
    let dir = outside("readme");
    let dir = dir.0.as_path();
    std::fs::copy(
        tests_dir().join("openapi/rambase.json"),
        dir.join("rambase-openapi.json"),
    )
    .expect("copied");
    let report = ok(
        dir,
        &["import-openapi", "rambase-openapi.json", "--spec", "spec"],
    );
    assert!(report.contains("to add by hand: errors"), "{report}");

    // From the documentation page: an error code and a default.
    replace(
        &dir.join(ORDER),
        "    IsUrgent:\n      type: boolean\n",
        "    IsUrgent:\n      type: boolean\n      default: false\n",
        "errors:\n  - code: 101015\n    status: 404\n    message: Customer not found\n",
    );
    let edited = std::fs::read_to_string(dir.join(ORDER)).expect("readable");
    ok(dir, &["--out", "src/generated"]);
    let code = std::fs::read_to_string(dir.join("src/generated/sales/create_order/v1.rs"))
        .expect("generated");
    assert!(code.contains("pub is_urgent: bool,") && code.contains("Error101015"));

    let again = ok(
        dir,
        &["import-openapi", "rambase-openapi.json", "--spec", "spec"],
    );
    assert!(
        again.contains("sales/order/post-9802-v1.yaml: unchanged"),
        "{again}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.join(ORDER)).expect("readable"),
        edited,
        "the facts added by hand are kept"
    );
    let same = ok(dir, &["--out", "src/generated"]);
    assert!(same.contains("0 of "), "{same}");

    // A default found on the page after the first generation: a required field leaves the
    // arguments of `new`, which breaks code that calls it.
    replace(
        &dir.join(ORDER),
        "    Currency:\n      type: string\n      required: true\n",
        "    Currency:\n      type: string\n      default: NOK\n",
        "",
    );
    let (status, refused) = run(dir, &["--out", "src/generated"]);
    assert_eq!(status, 1, "{refused}");
    for said in [
        "request field `SalesOrder.Currency`: default `\"NOK\"` added: the field leaves the arguments of the body's `new`",
        "so code calling `new` stops compiling",
        "put the change in a new version file",
        "--accept-breaking",
    ] {
        assert!(
            refused.contains(said),
            "the guard does not say {said:?}:\n{refused}"
        );
    }
    ok(dir, &["--out", "src/generated", "--accept-breaking"]);
    let code = std::fs::read_to_string(dir.join("src/generated/sales/create_order/v1.rs"))
        .expect("generated");
    assert!(code.contains("pub fn new(customer: CustomerReferenceRequest) -> Self"));
    ok(dir, &["--out", "src/generated", "--check"]);
}

#[test]
fn a_conflicting_download_fails_until_the_document_is_taken() {
    let dir = outside("conflict");
    let dir = dir.0.as_path();
    for doc in ["older.json", "newer.json"] {
        std::fs::copy(
            tests_dir().join("openapi-versions").join(doc),
            dir.join(doc),
        )
        .expect("copied");
    }
    ok(dir, &["import-openapi", "older.json"]);
    let get = dir.join("spec/sales/quote/get-9903-v1.yaml");
    let before = std::fs::read_to_string(&get).expect("imported");
    let (status, report) = run(dir, &["import-openapi", "newer.json"]);
    assert_eq!(status, 1, "{report}");
    assert!(
        report.contains("sales/quote/get-9903-v1.yaml: conflict")
            && report.contains("--take-document"),
        "{report}"
    );
    assert_eq!(std::fs::read_to_string(&get).expect("kept"), before);
    let taken = ok(dir, &["import-openapi", "newer.json", "--take-document"]);
    assert!(
        taken.contains("sales/quote/get-9903-v1.yaml: updated"),
        "{taken}"
    );
    ok(dir, &["import-openapi", "newer.json"]);
    let help = ok(dir, &["--help"]);
    assert!(help.contains("--take-document"), "{help}");
}
