//! The `generator` command.
//!
//! - `cargo run -p generator`: regenerates `generated/src` and `spec/versions.lock` from
//!   `spec/`, refusing a breaking change to a released version (`--accept-breaking` overrides).
//! - `cargo run -p generator -- --check`: changes nothing; fails when anything is stale.
//! - `cargo run -p generator -- diff OLD NEW [--format json]`: classifies every change between
//!   two versions of a resource; exits 1 when any is breaking.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use generator::workspace::Mode;

const USAGE: &str = "usage:
  cargo run -p generator [-- --accept-breaking]   regenerate generated/ and spec/versions.lock from spec/
  cargo run -p generator -- --check               change nothing; fail if generated/ or the lock is stale
  cargo run -p generator -- diff OLD NEW [--format text|json]
                                                  classify the changes between two spec files of a resource;
                                                  exit status 1 when any change is breaking
  cargo run -p generator -- import-openapi FILE [--spec DIR] [--only AREA|RESOURCE|OPERATION]...
                                                  write spec files from RamBase's OpenAPI document (JSON or YAML)
  cargo run -p generator -- export-openapi [--spec DIR] [--out FILE]
                                                  write the specs as one OpenAPI 3.0 document (stdout by default)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("diff") => diff(&args[1..]),
        Some("import-openapi") => import_openapi(&args[1..]),
        Some("export-openapi") => export_openapi(&args[1..]),
        Some("--help" | "-h") => {
            println!("{USAGE}");
            Ok(ExitCode::SUCCESS)
        }
        _ => generate(&args),
    };
    result.unwrap_or_else(|err| {
        eprintln!("{err}");
        ExitCode::FAILURE
    })
}

fn usage_error(message: &str) -> generator::Error {
    generator::Error::Usage(format!("{message}\n{USAGE}"))
}

fn generate(args: &[String]) -> Result<ExitCode, generator::Error> {
    let (mut check, mut accept_breaking) = (false, false);
    for arg in args {
        match arg.as_str() {
            "--check" => check = true,
            "--accept-breaking" => accept_breaking = true,
            other => return Err(usage_error(&format!("unknown argument `{other}`"))),
        }
    }
    let mode = if check {
        Mode::Check
    } else {
        Mode::Write { accept_breaking }
    };
    let summary = generator::workspace::regenerate(&workspace_root(), mode)?;
    if check {
        println!(
            "generated/ and {} are up to date with spec/ ({} files)",
            generator::LOCK_FILE,
            summary.files
        );
    } else {
        let lock = if summary.lock_updated {
            "; lock updated"
        } else {
            ""
        };
        println!(
            "{} of {} generated files changed{lock}",
            summary.changed, summary.files
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// `import-openapi FILE [--spec DIR] [--only X]...`: writes the spec files, prints the report;
/// fails when the generator finds a problem in the written specs.
fn import_openapi(args: &[String]) -> Result<ExitCode, generator::Error> {
    let (mut file, mut spec) = (None, workspace_root().join("spec"));
    let mut options = generator::openapi::ImportOptions::default();
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match (arg.as_str(), rest.clone().next()) {
            ("--spec", Some(dir)) => spec = PathBuf::from(dir),
            ("--only", Some(only)) => options.only.extend(only.split(',').map(str::to_string)),
            (other, _) if other.starts_with('-') => {
                return Err(usage_error(&format!(
                    "unknown or incomplete argument `{other}`"
                )));
            }
            (path, _) if file.is_none() => {
                file = Some(PathBuf::from(path));
                continue;
            }
            (extra, _) => return Err(usage_error(&format!("unexpected argument `{extra}`"))),
        }
        rest.next();
    }
    let file =
        file.ok_or_else(|| usage_error("import-openapi takes the OpenAPI document: FILE"))?;
    let report = generator::openapi::import(&file, &spec, &options)?;
    println!("{report}");
    Ok(if report.problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// `export-openapi [--spec DIR] [--out FILE]`: one OpenAPI 3.0 document of every spec.
fn export_openapi(args: &[String]) -> Result<ExitCode, generator::Error> {
    let (mut spec, mut out) = (workspace_root().join("spec"), None);
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match (arg.as_str(), rest.next()) {
            ("--spec", Some(dir)) => spec = PathBuf::from(dir),
            ("--out", Some(file)) => out = Some(PathBuf::from(file)),
            (other, _) => {
                return Err(usage_error(&format!(
                    "unknown or incomplete argument `{other}`"
                )));
            }
        }
    }
    let document = generator::openapi::export(&spec)?;
    match out {
        Some(path) => std::fs::write(&path, document)
            .map_err(|source| generator::Error::Io { path, source })?,
        None => print!("{document}"),
    }
    Ok(ExitCode::SUCCESS)
}

/// `diff OLD NEW`: each file is checked on its own, together with the workspace's
/// `kind: common` files, so the same version number may appear on both sides.
fn diff(args: &[String]) -> Result<ExitCode, generator::Error> {
    let mut files = Vec::new();
    let mut json = false;
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "--format" => match rest.next().map(String::as_str) {
                Some("json") => json = true,
                Some("text") => json = false,
                other => {
                    return Err(usage_error(&format!(
                        "--format takes `text` or `json`, not {other:?}"
                    )));
                }
            },
            other if other.starts_with('-') => {
                return Err(usage_error(&format!("unknown argument `{other}`")));
            }
            file => files.push(PathBuf::from(file)),
        }
    }
    let [old, new] = files.as_slice() else {
        return Err(usage_error("diff takes two spec files: OLD NEW"));
    };
    let cwd = std::env::current_dir().map_err(|source| generator::Error::Io {
        path: PathBuf::from("."),
        source,
    })?;
    let common = common_specs(&workspace_root())?;
    let old_resource = single_resource(&cwd, &common, old)?;
    let new_resource = single_resource(&cwd, &common, new)?;
    let changes = generator::diff::compare(
        &generator::shape::shape_of(&old_resource),
        &generator::shape::shape_of(&new_resource),
    );
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
    Ok(if breaking {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The `kind: common` files of the workspace's `spec/`, which resource files refer to.
fn common_specs(root: &Path) -> Result<Vec<PathBuf>, generator::Error> {
    Ok(generator::common_specs(&generator::discover_specs(
        &root.join("spec"),
    )?))
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
            "{}: expected exactly one `kind: resource` document",
            file.display()
        ))),
    }
}

/// The workspace root: the parent of this package's manifest folder.
fn workspace_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}
