//! Generates the client of the fictional resources in `shapes/` (a paged list, one object,
//! POST with custom fields, PUT, DELETE, a path default) into `OUT_DIR/shapes`, for the
//! end-to-end tests of every resource shape; `support/lib.rs` includes it as `shapes`.
//!
//! The generator prints `cargo:rerun-if-changed` for the spec files and folders only, so this
//! reruns when a spec changes and not for every edit of the tests.

use std::path::PathBuf;

fn main() {
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("run by Cargo")).join("shapes");
    if let Err(err) = generator::Config::new()
        .spec_dir("shapes")
        .out_dir(out)
        .generate()
    {
        eprintln!("{err}");
        std::process::exit(1);
    }
}
