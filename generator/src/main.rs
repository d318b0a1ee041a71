//! The `generator` command: `generator --help` (in this repository, `cargo run -p generator --
//! --help`) describes it; the README's "The generator CLI" tells how to install it.
//!
//! Each subcommand is one arm of the dispatch in [`main`] and one module of [`cli`]; a new
//! subcommand adds both, and its lines in [`cli::USAGE`].

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args = match cli::args::from_env() {
        Ok(args) => args,
        Err(failure) => return failure.report(),
    };
    let result = match args.first().map(String::as_str) {
        Some("diff") => cli::diff::run(&args[1..]),
        Some("import-openapi") => cli::openapi::import(&args[1..]),
        Some("export-openapi") => cli::openapi::export(&args[1..]),
        Some("schema") => cli::schema::run(&args[1..]),
        Some("--version" | "-V") => cli::version(),
        Some("help" | "--help" | "-h") => cli::help(),
        _ => cli::generate::run(&args),
    };
    result.unwrap_or_else(cli::Failure::report)
}
