//! Compile check of generated code (issue 6): everything the generator accepts must build
//! warning-free and clippy-clean. `build.rs` generates the fixture specs into `OUT_DIR`; this
//! file includes them under `#![deny(warnings)]`, and `cargo clippy --workspace --all-targets
//! -- -D warnings` lints them. Doctests of this crate are on, so a spec description that became
//! a code block would run (and fail) in `cargo test`.
#![deny(warnings)]

include!(concat!(env!("OUT_DIR"), "/all.rs"));
