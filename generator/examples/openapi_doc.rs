//! Writes a RamBase-shaped OpenAPI document of OPERATIONS operations (a multiple of 5, made
//! from the sales fixture; see `testkit/src/big_openapi.rs`) plus UNUSED copies of its
//! component schemas that nothing refers to:
//! `cargo run --release -p generator --example openapi_doc -- OPERATIONS UNUSED FILE`.
//! Used by `scripts/bench-openapi.sh`.

use rambase_testkit::big_openapi;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [operations, unused, file] = args.as_slice() else {
        eprintln!("usage: openapi_doc OPERATIONS UNUSED FILE");
        std::process::exit(2);
    };
    let number = |s: &str| s.parse::<usize>().expect("a number");
    let copies = number(operations) / big_openapi::OPERATIONS_PER_COPY;
    let text = big_openapi::document(copies, number(unused));
    std::fs::write(file, text).expect("written");
}
