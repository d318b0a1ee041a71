//! `cargo run -p generator [-- --check]`: regenerates `generated/src` from `spec/`, or checks
//! that it is up to date.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn main() -> ExitCode {
    match try_main() {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("{err}");
            ExitCode::FAILURE
        }
    }
}

fn try_main() -> Result<(), generator::Error> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let check = match args.as_slice() {
        [] => false,
        [flag] if flag == "--check" => true,
        [flag] if flag == "--help" || flag == "-h" => {
            println!("usage: cargo run -p generator [-- --check]\n\nRegenerates generated/src from spec/; --check changes nothing and fails when generated/ is stale.");
            return Ok(());
        }
        other => {
            eprintln!("unknown arguments: {}\nusage: cargo run -p generator [-- --check]", other.join(" "));
            std::process::exit(2);
        }
    };
    let root = workspace_root();
    let specs = generator::discover_specs(&root.join("spec"))?;
    let generated = generator::generate_files(&specs, &root)?;
    let out_dir = root.join("generated").join("src");
    let changes = generator::write::plan(&out_dir, &generated.files)?;
    if check {
        if changes.is_empty() {
            println!("generated/ is up to date with spec/ ({} files)", generated.files.len());
            return Ok(());
        }
        let shown = changes.into_iter().map(|c| strip_root(c, &root)).collect();
        return Err(generator::Error::Stale(shown));
    }
    generator::write::apply(&out_dir, &generated.files, &changes)?;
    println!("{} of {} generated files changed", changes.len(), generated.files.len());
    Ok(())
}

/// The workspace root: the parent of this package's manifest folder.
fn workspace_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

fn strip_root(change: generator::write::Change, root: &Path) -> generator::write::Change {
    use generator::write::Change;
    let rel = |p: PathBuf| p.strip_prefix(root).map(Path::to_path_buf).unwrap_or(p);
    match change {
        Change::Create(p) => Change::Create(rel(p)),
        Change::Update(p) => Change::Update(rel(p)),
        Change::Remove(p) => Change::Remove(rel(p)),
    }
}
