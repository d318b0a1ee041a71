//! Generates code from the generator's awkward-but-legal spec fixtures into `OUT_DIR`, so that
//! `cargo build`/`cargo clippy` of this crate compile-check what the generator accepts.
//!
//! - `generator/tests/fixtures/*.yaml` (one feature each, distinct operations) form one module
//!   tree, `fixtures`.
//! - Each `generator/tests/hostile/*.yaml` marked `# expect: accepted` forms its own module
//!   tree, since those cases share an area and an operation on purpose.
//!
//! `OUT_DIR/all.rs` nests the trees in modules for `lib.rs` to include. Every tree has its
//! typed mock stubs too (compiled always, `all()`), so they are held to the same standard.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("run by Cargo"));
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("run by Cargo"));
    let tests = manifest.join("../../generator/tests");
    let mut all = String::new();

    run(generator_core::Config::new()
        .base_dir(&tests)
        .spec_dir("fixtures")
        .out_dir(out.join("fixtures"))
        .mock_cfg("all()"));
    module(
        &mut all,
        "fixtures",
        "The one-feature fixtures of `generator/tests/fixtures`.",
    );

    let hostile = tests.join("hostile");
    println!("cargo:rerun-if-changed={}", hostile.display());
    for case in accepted_cases(&hostile) {
        let name = case
            .file_stem()
            .and_then(|s| s.to_str())
            .expect("a UTF-8 file name");
        let module_name = format!("hostile_{}", name.replace('-', "_").to_lowercase());
        let relative = Path::new("hostile").join(case.file_name().expect("a file"));
        run(generator_core::Config::new()
            .base_dir(&tests)
            .spec(&relative)
            .out_dir(out.join(&module_name))
            .mock_cfg("all()"));
        module(
            &mut all,
            &module_name,
            &format!("Generated from `generator/tests/hostile/{name}.yaml`."),
        );
    }
    std::fs::write(out.join("all.rs"), all).expect("write all.rs");
}

fn run(config: &mut generator_core::Config) {
    if let Err(err) = config.generate() {
        eprintln!("{err}");
        std::process::exit(1);
    }
}

fn module(all: &mut String, name: &str, doc: &str) {
    let _ = writeln!(
        all,
        "#[doc = {doc:?}]\npub mod {name} {{\n    include!(concat!(env!(\"OUT_DIR\"), \"/{name}/rambase_api.rs\"));\n}}"
    );
}

/// The hostile cases the generator must accept, sorted.
fn accepted_cases(dir: &Path) -> Vec<PathBuf> {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("generator/tests/hostile")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .filter(|p| {
            let bytes = std::fs::read(p).unwrap_or_default();
            String::from_utf8_lossy(&bytes).contains("\n# expect: accepted\n")
        })
        .collect();
    cases.sort();
    cases
}
