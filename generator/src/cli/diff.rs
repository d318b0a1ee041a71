//! `generator diff OLD NEW [--spec DIR] [--format text|json]`: classifies every change between
//! two versions of a resource; exit status 1 when any is breaking, 2 when they could not be
//! compared.
//!
//! Each file is checked on its own, together with the `kind: common` files of a spec folder
//! (`--spec`, else that of OLD's project, else that of the current folder's), so the same
//! version number may appear on both sides.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::Failure;
use super::args::Grammar;

const GRAMMAR: Grammar = Grammar {
    command: "generator diff",
    switches: &[],
    options: &[("--spec", "DIR"), ("--format", "text|json")],
    lists: &[],
};

/// Runs `diff` with the arguments after the subcommand's name.
pub fn run(args: &[String]) -> Result<ExitCode, Failure> {
    let parsed = GRAMMAR.parse(args)?;
    if parsed.help {
        return super::help();
    }
    let json = match parsed.value("--format") {
        None | Some("text") => false,
        Some("json") => true,
        Some(other) => {
            return Err(Failure::usage(format!(
                "`--format` takes `text` or `json`, not `{other}`"
            )));
        }
    };
    let [old, new] = parsed.positional.as_slice() else {
        return Err(Failure::usage(format!(
            "`generator diff` takes two spec files, OLD and NEW, not {}: \
             `generator diff spec/a/b/post-1-v5.yaml spec/a/b/post-1-v6.yaml`",
            parsed.positional.len()
        )));
    };
    let (old, new) = (Path::new(old), Path::new(new));
    let cwd = super::current_dir()?;
    let compare = |err: generator::Error| Failure {
        status: 2,
        message: err.to_string(),
    };
    let common = common_specs(&cwd, parsed.value("--spec").map(Path::new), old).map_err(compare)?;
    let old_resource = single_resource(&cwd, &common, old).map_err(compare)?;
    let new_resource = single_resource(&cwd, &common, new).map_err(compare)?;
    let changes = generator::diff::compare_versions(&old_resource, &new_resource);
    let (old_name, new_name) = (old.display().to_string(), new.display().to_string());
    if json {
        print!(
            "{}",
            generator::diff::render_json(&old_name, &new_name, &changes)
        );
    } else {
        let title = format!(
            "{} version {} ({old_name}) -> {} version {} ({new_name})",
            old_resource.operation,
            old_resource.version,
            new_resource.operation,
            new_resource.version
        );
        print!("{}", generator::diff::render_text(&title, &changes));
    }
    let breaking = changes
        .iter()
        .any(|c| c.kind == generator::diff::Kind::Breaking);
    Ok(ExitCode::from(u8::from(breaking)))
}

/// The `kind: common` files that resource files refer to: those of `--spec`, else of the spec
/// folder of OLD's project, else of the current folder's project, else none.
fn common_specs(
    cwd: &Path,
    spec: Option<&Path>,
    old: &Path,
) -> Result<Vec<PathBuf>, generator::Error> {
    let spec_dir = match spec {
        Some(dir) => Some(generator::project::resolve(cwd, dir)),
        None => {
            let old_dir = generator::project::resolve(cwd, old.parent().unwrap_or(old));
            match generator::project::find_spec_dir(&old_dir)? {
                Some(dir) => Some(dir),
                None => generator::project::find_spec_dir(cwd)?,
            }
        }
    };
    match spec_dir {
        Some(dir) => Ok(generator::common_specs(&generator::discover_specs(&dir)?)),
        None => Ok(Vec::new()),
    }
}

fn single_resource(
    base: &Path,
    common: &[PathBuf],
    file: &Path,
) -> Result<generator::ir::Resource, generator::Error> {
    let mut specs: Vec<PathBuf> = common.to_vec();
    specs.push(base.join(file));
    let shown: Vec<PathBuf> = specs
        .iter()
        .map(|p| {
            p.strip_prefix(base)
                .map_or_else(|_| p.clone(), Path::to_path_buf)
        })
        .collect();
    let api = generator::check_specs(&shown, base)?;
    let mut resources = api.resources.into_iter();
    match (resources.next(), resources.next()) {
        (Some(r), None) => Ok(r),
        _ => Err(generator::Error::Usage(format!(
            "{}: expected exactly one `kind: resource` document; pass a resource's spec file, not a `kind: common` one",
            file.display()
        ))),
    }
}
