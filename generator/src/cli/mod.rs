//! The command line of the `generator` binary: its usage text, its failures and exit
//! statuses, and one module per subcommand.

pub mod args;
pub mod diff;
pub mod generate;
pub mod openapi;
pub mod schema;

use std::path::PathBuf;
use std::process::ExitCode;

/// `generator --help`.
pub const USAGE: &str = "\
generator: generates a typed Rust client for RamBase API resources from YAML spec files.

Usage:
  generator [--spec DIR] [--out DIR] [--layout single|split] [--runtime DIR]
            [--max-crate-versions N] [--check] [--accept-breaking]
      Regenerate the output folder and the versions lock from the spec folder.
  generator diff OLD NEW [--spec DIR] [--format text|json]
      List every change between two spec files of a resource, each breaking or compatible.
  generator import-openapi FILE [--spec DIR] [--only AREA|RESOURCE|OPERATION]... [--take-document]
      Write spec files from RamBase's OpenAPI 3.0 document (JSON or YAML) and print what
      the document could not say (error codes, defaults, ...), to add by hand. A new
      version inherits what was added by hand to the older version's file; a file that the
      document contradicts (a type, a rule, a field removed) is left as it is, as a conflict.
  generator export-openapi [--spec DIR] [--out FILE]
      Write the specs as one OpenAPI 3.0 document (to stdout without --out).
  generator schema [--out FILE]
      Write the JSON Schema of spec files (to stdout without --out), for editors: a spec
      file whose first line is `# yaml-language-server: $schema=PATH` is checked as typed.
  generator --version
      Show the generator's version.
  generator --help
      Show this text.
In the rambase repository, `cargo run -p generator -- ARGS` runs the same.

Options:
  --spec DIR          The spec folder: every *.yaml/*.yml below it is read, and its
                      versions.lock is the versions lock. Default: the spec/ folder of the
                      nearest folder, from the current one upwards, whose spec/ holds spec
                      files; that folder is the project root. For diff: where the
                      `kind: common` files come from (default: OLD's project, else the
                      current folder's).
  --out DIR           The output folder: the crate's files, lib.rs at the top. Rust files
                      there that the spec does not produce are removed, so it must be a
                      folder of its own. Default: <root>/generated/src when <root>/generated
                      is a crate (has a Cargo.toml), else <root>/src/generated when that
                      folder exists; otherwise --out is required.
  --layout single|split
                      single (default): one crate, its src/ in --out. split: --out holds a
                      facade crate rambase-api/ and one crate rambase-api-<area>/ per area,
                      each area a cargo feature of the facade (all on by default); add
                      them to your workspace's members. Code using the facade is the same
                      as with one crate. See the README for when to split.
  --runtime DIR       (split) The rambase-runtime crate's folder, written as the area crates'
                      path dependency. Default: rambase-runtime by version, from a registry.
  --max-crate-versions N
                      (split) The most resource versions one area crate holds; a bigger area
                      becomes several crates rambase-api-<area>-<folder> of about N/2 each,
                      whole spec folders each, still one module and one feature. Default: 32.
  --check             Change nothing; fail naming each stale, missing or extra file.
  --accept-breaking   Write even where a version recorded in the lock changed in a breaking
                      way (the old spec was wrong).
  --format text|json  (diff) How to print the changes. Default: text.
  --only LIST         (import-openapi) Import only these areas, resource ids or operation
                      names, comma-separated or with --only repeated, case ignored.
  --take-document     (import-openapi) Rewrite the files the document conflicts with from
                      the document, keeping the hand facts (errors, defaults, domains, Rust
                      names, ...) of the fields the document did not change.
  -V, --version       Show the generator's version.
  -h, --help          Show this text.
Relative folders are relative to the current folder. Spec paths in generated headers and
diagnostics are relative to the project root (the spec folder's parent); the other paths in
messages are relative to the current folder.

Exit status:
  0  generated, up to date (--check), or no breaking change (diff)
  1  spec errors, stale files (--check), a refused breaking change, a file that could not be
     read or written; for diff: a breaking change; for import-openapi: problems in the
     written specs, or conflicts left for you to resolve
  2  a wrong command line, no project found, or (diff) files that could not be compared
";

/// Why the command stopped: the message for stderr and the exit status.
#[derive(Debug)]
pub struct Failure {
    /// The exit status (see [`USAGE`]).
    pub status: u8,
    /// The whole message, which says what to do.
    pub message: String,
}

impl Failure {
    /// A wrong command line, or a project that could not be found: status 2.
    pub fn usage(message: impl Into<String>) -> Self {
        Failure {
            status: 2,
            message: format!(
                "error: {}\n(`generator --help` lists every option)",
                message.into()
            ),
        }
    }

    /// A run that stopped: status 1.
    pub fn run(message: impl Into<String>) -> Self {
        Failure {
            status: 1,
            message: message.into(),
        }
    }

    /// Prints the message and answers the exit status.
    pub fn report(self) -> ExitCode {
        eprintln!("{}", self.message);
        ExitCode::from(self.status)
    }
}

/// Prints [`USAGE`].
pub fn help() -> Result<ExitCode, Failure> {
    print!("{USAGE}");
    Ok(ExitCode::SUCCESS)
}

/// `generator --version`.
pub fn version() -> Result<ExitCode, Failure> {
    println!("generator {}", env!("CARGO_PKG_VERSION"));
    Ok(ExitCode::SUCCESS)
}

/// The current folder, which relative arguments are read from.
pub fn current_dir() -> Result<PathBuf, Failure> {
    std::env::current_dir().map_err(|err| {
        Failure::usage(format!(
            "the current folder cannot be read ({err}); run the generator from a folder that exists"
        ))
    })
}
