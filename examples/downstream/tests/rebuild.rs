//! Through real `cargo` runs of a scratch downstream crate: an edited spec is picked up by the
//! next build, and a broken spec fails the build with the located diagnostic.
//!
//! The scratch crate lives in `target/downstream-rebuild` with its own target folder, so the
//! first run builds its dependencies once, about a minute: it runs at full strength
//! (`RAMBASE_FULL_PROPERTIES=1`, CI) only. The located diagnostic itself is tested without
//! cargo in the generator's tests.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const SPEC: &str = "spec/collaboration/contact-phone/post-3119-v5.yaml";
const PATTERN_LINE: &str = r"      pattern: '^([0-9\(\)\s\.\+\-])*$'";

fn workspace() -> PathBuf {
    rambase_testkit::workspace_root()
}

/// Writes the scratch crate: the downstream example's build script and spec, and a `main`
/// that reports whether the generated `PhoneNumber` accepts letters.
fn write_probe(dir: &Path) {
    let ws = workspace();
    let manifest = format!(
        "[package]\nname = \"rebuild-probe\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n[workspace]\n\n\
         [dependencies]\nrambase-runtime = {{ path = {:?} }}\n\n[build-dependencies]\ngenerator-core = {{ path = {:?} }}\n",
        ws.join("runtime"),
        ws.join("generator/core"),
    );
    let files = [
        ("Cargo.toml", manifest),
        ("build.rs", std::fs::read_to_string(ws.join("examples/downstream/build.rs")).expect("build.rs")),
        (
            "src/main.rs",
            "include!(concat!(env!(\"OUT_DIR\"), \"/rambase_api.rs\"));\n\nfn main() {\n    \
             let accepted = collaboration::add_contact_phone::latest::PhoneNumber::new(\"call me\").is_ok();\n    \
             println!(\"letters accepted: {accepted}\");\n}\n"
                .to_string(),
        ),
        ("spec/common.yaml", std::fs::read_to_string(ws.join("spec/common.yaml")).expect("common spec")),
        (SPEC, std::fs::read_to_string(ws.join(SPEC)).expect("3119 spec")),
    ];
    for (rel, content) in files {
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, content).expect("write probe file");
    }
    std::fs::copy(ws.join("Cargo.lock"), dir.join("Cargo.lock")).expect("lock file");
}

fn cargo(dir: &Path, args: &[&str]) -> Output {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    Command::new(cargo)
        .args(args)
        .args(["--offline", "--quiet"])
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", dir.join("target"))
        .env_remove("OUT_DIR")
        .env_remove("CARGO_MANIFEST_DIR")
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs")
}

fn edit_spec(dir: &Path, from: &str, to: &str) {
    let path = dir.join(SPEC);
    let text = std::fs::read_to_string(&path).expect("spec");
    assert!(text.contains(from), "the spec no longer contains {from:?}");
    // A later mtime than the last build, even on coarse file systems.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    std::fs::write(&path, text.replace(from, to)).expect("edit spec");
}

#[test]
fn edited_spec_is_picked_up_and_broken_spec_fails_the_build() {
    if !rambase_testkit::full_strength() {
        eprintln!("skipped: cargo builds of a scratch crate run with RAMBASE_FULL_PROPERTIES=1");
        return;
    }
    let dir = workspace().join("target/downstream-rebuild");
    write_probe(&dir);

    let first = cargo(&dir, &["run"]);
    assert!(
        first.status.success(),
        "first build failed:\n{}",
        String::from_utf8_lossy(&first.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&first.stdout).trim(),
        "letters accepted: false"
    );

    edit_spec(&dir, PATTERN_LINE, "      pattern: '^[a-z0-9 +]*$'");
    let loosened = cargo(&dir, &["run"]);
    assert!(
        loosened.status.success(),
        "rebuild failed:\n{}",
        String::from_utf8_lossy(&loosened.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&loosened.stdout).trim(),
        "letters accepted: true",
        "the edited pattern was not picked up"
    );

    edit_spec(&dir, "    minimum: 100000", "    minimun: 100000");
    let broken = cargo(&dir, &["build"]);
    assert!(
        !broken.status.success(),
        "a broken spec must fail the build"
    );
    let stderr = String::from_utf8_lossy(&broken.stderr);
    assert!(
        stderr.contains(&format!("{SPEC}:20:5: error: unknown key `minimun`")),
        "diagnostic missing:\n{stderr}"
    );
    assert!(
        stderr.contains("did you mean `minimum`?"),
        "hint missing:\n{stderr}"
    );
}
