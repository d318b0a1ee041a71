//! `generator schema [--out FILE]`: the JSON Schema of spec files, for editors, so that a
//! project outside this repository can point its specs' `yaml-language-server` line at a copy.

use std::process::ExitCode;

use super::Failure;
use super::args::Grammar;

/// The JSON Schema of spec files, as `spec/schema/` holds it in the repository.
const SPEC_SCHEMA: &str = include_str!("../../../spec/schema/rambase-spec.schema.json");

const SCHEMA: Grammar = Grammar {
    command: "generator schema",
    switches: &[],
    options: &[("--out", "FILE")],
    lists: &[],
};

/// Prints the schema, or writes it to `--out` (its folder created).
pub fn run(args: &[String]) -> Result<ExitCode, Failure> {
    let parsed = SCHEMA.parse(args)?;
    if parsed.help {
        return super::help();
    }
    if let Some(extra) = parsed.positional.first() {
        return Err(Failure::usage(format!(
            "`generator schema` takes no file name (`{extra}`); write `--out FILE`"
        )));
    }
    let Some(out) = parsed.value("--out") else {
        print!("{SPEC_SCHEMA}");
        return Ok(ExitCode::SUCCESS);
    };
    let path = super::current_dir()?.join(out);
    let written = match path.parent() {
        Some(parent) => {
            std::fs::create_dir_all(parent).and_then(|()| std::fs::write(&path, SPEC_SCHEMA))
        }
        None => std::fs::write(&path, SPEC_SCHEMA),
    };
    written.map_err(|err| Failure::run(format!("{out}: cannot write the schema: {err}")))?;
    Ok(ExitCode::SUCCESS)
}
