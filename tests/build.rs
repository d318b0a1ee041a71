//! Generates the client of the fictional resources in `shapes/` (a paged list, one object,
//! POST with custom fields, PUT, DELETE, a path default) into `OUT_DIR/shapes`, for the
//! end-to-end tests of every resource shape; `support/lib.rs` includes it as `shapes`. Also
//! the client imported from OpenAPI, as `openapi`.
//!
//! The generator prints `cargo:rerun-if-changed` for the spec files and folders only, so this
//! reruns when a spec changes and not for every edit of the tests.

use std::path::PathBuf;

fn main() {
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("run by Cargo"));
    generate("shapes", &out.join("shapes"));
    // The specs `generator import-openapi` made of the generator's RamBase-style OpenAPI
    // document, so that an imported client is called over HTTP too.
    generate("../generator/tests/openapi/spec", &out.join("openapi"));
}

fn generate(spec_dir: &str, out: &std::path::Path) {
    if let Err(err) = generator::Config::new()
        .spec_dir(spec_dir)
        .out_dir(out)
        .generate()
    {
        eprintln!("{err}");
        std::process::exit(1);
    }
}
