//! Whole-process generation from any spec folder, for timing:
//! `generate_dir SPEC_DIR OUT_DIR [--no-format]`.
//!
//! Runs what a build script runs ([`generator::Config`]: discover, load, check, lower, emit,
//! format, write only changed files) with `SPEC_DIR` as the base folder. With `--no-format`
//! the same IR is emitted and each item is written as raw token text instead of being parsed
//! back and pretty-printed, to measure what formatting costs; that output is for timing only.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (spec_dir, out_dir, format) = match args.as_slice() {
        [s, o] => (PathBuf::from(s), PathBuf::from(o), true),
        [s, o, flag] if flag == "--no-format" => (PathBuf::from(s), PathBuf::from(o), false),
        _ => {
            eprintln!("usage: generate_dir SPEC_DIR OUT_DIR [--no-format]");
            return ExitCode::from(2);
        }
    };
    let result = if format {
        formatted(&spec_dir, &out_dir)
    } else {
        unformatted(&spec_dir, &out_dir)
    };
    match result {
        Ok((count, rendered)) => {
            println!(
                "{count} files in {}, {rendered} of them rendered",
                out_dir.display()
            );
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("{err}");
            ExitCode::FAILURE
        }
    }
}

fn formatted(spec_dir: &Path, out_dir: &Path) -> Result<(usize, usize), generator::Error> {
    let report = generator::Config::new()
        .base_dir(spec_dir)
        .spec_dir(".")
        .out_dir(out_dir)
        .emit_rerun_if_changed(false)
        .generate()?;
    Ok((
        report.written.len() + report.unchanged.len(),
        report.rendered,
    ))
}

fn unformatted(spec_dir: &Path, out_dir: &Path) -> Result<(usize, usize), generator::Error> {
    let specs = generator::discover_specs(spec_dir)?;
    let shown: Vec<PathBuf> = specs
        .iter()
        .map(|p| p.strip_prefix(spec_dir).unwrap_or(p).to_path_buf())
        .collect();
    let api = generator::check_specs(&shown, spec_dir)?;
    let mut files = std::collections::BTreeMap::new();
    for (path, file) in generator::phases::emit(&api) {
        let mut text = String::new();
        for section in &file.sections {
            for item in &section.items {
                text.push_str(&item.to_string());
                text.push('\n');
            }
        }
        files.insert(PathBuf::from(path), text);
    }
    let changes = generator::write::plan_files(out_dir, &files)?;
    generator::write::apply(out_dir, &files, &changes)?;
    Ok((files.len(), files.len()))
}
