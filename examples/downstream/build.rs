//! Generates the RamBase client from `spec/` into `OUT_DIR` on every build where the spec
//! changed; a broken spec fails the build with every problem located.
//!
//! With the typed stubs of the mock server for this crate's own unit tests (`#[cfg(test)]`:
//! a normal build compiles none of them; `rambase-runtime`'s `mock` feature is on in the
//! dev-dependencies).

fn main() {
    let generated = generator_core::Config::new()
        .spec_dir("spec")
        .mock_cfg("test")
        .generate();
    if let Err(err) = generated {
        eprintln!("{err}");
        std::process::exit(1);
    }
}
