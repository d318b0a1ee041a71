//! Generates the RamBase client from `spec/` into `OUT_DIR` on every build where the spec
//! changed; a broken spec fails the build with every problem located.

fn main() {
    if let Err(err) = generator_core::generate("spec") {
        eprintln!("{err}");
        std::process::exit(1);
    }
}
