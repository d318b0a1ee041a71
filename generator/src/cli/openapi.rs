//! `generator import-openapi FILE [--spec DIR] [--only LIST] [--take-document]` and
//! `generator export-openapi [--spec DIR] [--out FILE]`: from RamBase's OpenAPI document to
//! spec files, and back.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::Failure;
use super::args::Grammar;

const IMPORT: Grammar = Grammar {
    command: "generator import-openapi",
    switches: &["--take-document"],
    options: &[("--spec", "DIR")],
    lists: &[("--only", "AREA|RESOURCE|OPERATION")],
};

const EXPORT: Grammar = Grammar {
    command: "generator export-openapi",
    switches: &[],
    options: &[("--spec", "DIR"), ("--out", "FILE")],
    lists: &[],
};

/// Imports the document; exit status 1 when the generator finds a problem in the written
/// specs or the document conflicts with a file it left alone (the report names each).
pub fn import(args: &[String]) -> Result<ExitCode, Failure> {
    let parsed = IMPORT.parse(args)?;
    if parsed.help {
        return super::help();
    }
    let [file] = parsed.positional.as_slice() else {
        return Err(Failure::usage(format!(
            "`generator import-openapi` takes one OpenAPI document, not {}: \
             `generator import-openapi openapi.json --spec spec`",
            parsed.positional.len()
        )));
    };
    let cwd = super::current_dir()?;
    let spec = spec_dir(&cwd, parsed.value("--spec"), true)?;
    let options = generator::openapi::ImportOptions {
        only: parsed.items("--only").to_vec(),
    };
    let on_conflict = if parsed.has("--take-document") {
        generator::openapi::OnConflict::TakeDocument
    } else {
        generator::openapi::OnConflict::KeepFile
    };
    let report = generator::openapi::import_with(&cwd.join(file), &spec, &options, on_conflict)
        .map_err(|err| Failure::run(err.to_string()))?;
    println!("{report}");
    let failed = !report.problems.is_empty() || report.has_conflicts();
    Ok(ExitCode::from(u8::from(failed)))
}

/// Exports every spec as one OpenAPI 3.0 document.
pub fn export(args: &[String]) -> Result<ExitCode, Failure> {
    let parsed = EXPORT.parse(args)?;
    if parsed.help {
        return super::help();
    }
    if let Some(extra) = parsed.positional.first() {
        return Err(Failure::usage(format!(
            "`generator export-openapi` takes no file name (`{extra}`); write `--out FILE`"
        )));
    }
    let cwd = super::current_dir()?;
    let spec = spec_dir(&cwd, parsed.value("--spec"), false)?;
    let document =
        generator::openapi::export(&spec).map_err(|err| Failure::run(err.to_string()))?;
    match parsed.value("--out") {
        Some(out) => std::fs::write(cwd.join(out), document)
            .map_err(|err| Failure::run(format!("{out}: cannot write the document: {err}")))?,
        None => print!("{document}"),
    }
    Ok(ExitCode::SUCCESS)
}

/// `--spec`, else the project's spec folder found from the current one upwards; an import
/// into a project that has none yet starts `./spec`.
fn spec_dir(cwd: &Path, given: Option<&str>, may_create: bool) -> Result<PathBuf, Failure> {
    if let Some(dir) = given {
        return Ok(generator::project::resolve(cwd, Path::new(dir)));
    }
    match generator::project::find_spec_dir(cwd) {
        Ok(Some(dir)) => Ok(dir),
        Ok(None) if may_create => Ok(cwd.join("spec")),
        Ok(None) => Err(Failure::usage(format!(
            "no spec folder found in {} or above; pass `--spec DIR`",
            cwd.display()
        ))),
        Err(err) => Err(Failure::usage(err.to_string())),
    }
}
