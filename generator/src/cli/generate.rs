//! `generator [--spec DIR] [--out DIR] [--layout single|split] [--runtime DIR] [--max-crate-versions N] [--check] [--accept-breaking]`: regenerate (or check)
//! the output folder and the versions lock of the project found from the current folder.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use generator::crates::Split;
use generator::project::relative_to;
use generator::workspace::{Layout, Mode, Summary};
use generator::write::Change;

use super::Failure;
use super::args::Grammar;

const GRAMMAR: Grammar = Grammar {
    command: "generator",
    switches: &["--check", "--accept-breaking"],
    options: &[
        ("--spec", "DIR"),
        ("--out", "DIR"),
        ("--layout", "single|split"),
        ("--runtime", "DIR"),
        ("--max-crate-versions", "N"),
    ],
    lists: &[],
};

/// Runs the command with its arguments.
pub fn run(args: &[String]) -> Result<ExitCode, Failure> {
    let parsed = GRAMMAR.parse(args)?;
    if parsed.help {
        return super::help();
    }
    if let Some(arg) = parsed.positional.first() {
        return Err(Failure::usage(format!(
            "unexpected argument `{arg}`: `generator` takes only options (to compare two spec \
             files: `generator diff OLD NEW`)"
        )));
    }
    let (check, accept_breaking) = (parsed.has("--check"), parsed.has("--accept-breaking"));
    if check && accept_breaking {
        return Err(Failure::usage(
            "`--check` changes nothing, so `--accept-breaking` has no effect with it; give one of them",
        ));
    }
    let cwd = super::current_dir()?;
    let layout = generator::project::discover(
        &cwd,
        parsed.value("--spec").map(Path::new),
        parsed.value("--out").map(Path::new),
    )
    .map_err(|err| Failure::usage(err.to_string()))?;
    let mode = if check {
        Mode::Check
    } else {
        Mode::Write { accept_breaking }
    };
    let shown = Shown::new(&layout, &cwd);
    let split = split_layout(&parsed, &layout, &cwd)?;
    let result = match &split {
        Some(split) => generator::workspace::regenerate_split(&layout, mode, split),
        None => generator::workspace::regenerate_in(&layout, mode),
    };
    match result {
        Ok(summary) => {
            println!("{}", shown.summary(&summary, check));
            Ok(ExitCode::SUCCESS)
        }
        Err(generator::Error::Stale(changes)) => {
            Err(Failure::run(shown.stale(&changes, &layout.base, args)))
        }
        Err(err @ generator::Error::Spec(_)) if layout.base != cwd => Err(Failure::run(format!(
            "{err}\n(spec paths are relative to {})",
            shown.root
        ))),
        Err(err) => Err(Failure::run(err.to_string())),
    }
}

/// The split layout's settings when `--layout split` is given; `--runtime DIR` (relative to
/// the current folder) becomes each area crate's path dependency on the runtime.
fn split_layout(
    parsed: &super::args::Parsed,
    layout: &Layout,
    cwd: &Path,
) -> Result<Option<Split>, Failure> {
    let runtime = parsed.value("--runtime");
    let bound = parsed.value("--max-crate-versions");
    match parsed.value("--layout") {
        None | Some("single") if runtime.is_none() && bound.is_none() => Ok(None),
        None | Some("single") => Err(Failure::usage(
            "`--runtime` and `--max-crate-versions` shape the area crates, so each needs `--layout split`",
        )),
        Some("split") if parsed.value("--out").is_none() => Err(Failure::usage(
            "`--layout split` writes a folder of crates: pass it with `--out DIR` (for example `--out clients`)",
        )),
        Some("split") => {
            let runtime_path = runtime.map(|dir| {
                let dir = generator::project::resolve(cwd, Path::new(dir));
                let area_dir = layout.out_dir.join("area");
                relative_to(&dir, &area_dir).display().to_string()
            });
            Ok(Some(Split {
                runtime_path,
                max_crate_versions: bound
                    .map_or(Ok(Split::default().max_crate_versions), crate_bound)?,
                ..Split::default()
            }))
        }
        Some(other) => Err(Failure::usage(format!(
            "`--layout {other}`: the layout is `single` (one crate, the default) or `split` (one crate per area and a facade)"
        ))),
    }
}

/// The value of `--max-crate-versions`: a whole number from 1 on.
fn crate_bound(value: &str) -> Result<usize, Failure> {
    match value.parse::<usize>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err(Failure::usage(format!(
            "`--max-crate-versions {value}`: give the most resource versions one area crate may hold, a whole number from 1 on (default {})",
            generator::crates::DEFAULT_MAX_CRATE_VERSIONS
        ))),
    }
}

/// The folders of a run as messages show them: relative to the current folder.
struct Shown {
    cwd: PathBuf,
    root: String,
    spec: String,
    out: String,
    lock: String,
}

impl Shown {
    fn new(layout: &Layout, cwd: &Path) -> Self {
        let show = |p: &Path| relative_to(p, cwd).display().to_string();
        Shown {
            cwd: cwd.to_path_buf(),
            root: show(&layout.base),
            spec: show(&layout.spec_dir),
            out: show(&layout.out_dir),
            lock: show(&layout.lock_file()),
        }
    }

    fn summary(&self, summary: &Summary, check: bool) -> String {
        let Shown {
            spec, out, lock, ..
        } = self;
        if check {
            return format!(
                "{out} and {lock} are up to date with {spec} ({} files)",
                summary.files
            );
        }
        let lock_note = if summary.lock_updated {
            format!("; {lock} updated")
        } else {
            String::new()
        };
        format!(
            "{} of {} generated files in {out} changed{lock_note}",
            summary.changed, summary.files
        )
    }

    /// Check mode's failure: each file relative to the current folder, and the command that
    /// regenerates them.
    fn stale(&self, changes: &[Change], base: &Path, args: &[String]) -> String {
        let mut message = format!(
            "{} or {} is out of date with {}:\n",
            self.out, self.lock, self.spec
        );
        for change in changes {
            let show = |p: &Path| relative_to(&base.join(p), &self.cwd);
            let shown = match change {
                Change::Create(p) => Change::Create(show(p)),
                Change::Update(p) => Change::Update(show(p)),
                Change::Remove(p) => Change::Remove(show(p)),
            };
            message.push_str(&format!("  {shown}\n"));
        }
        let rerun: Vec<String> = args.iter().filter(|a| *a != "--check").cloned().collect();
        message.push_str(&format!(
            "run `{}` to regenerate them",
            command_line(&rerun)
        ));
        message
    }
}

/// How the user would run the command again with `args`: through `cargo run` when that is how
/// it runs now, else by its name.
pub fn command_line(args: &[String]) -> String {
    let by_cargo = std::env::var_os("CARGO").is_some()
        && std::env::var("CARGO_PKG_NAME").is_ok_and(|name| name == "generator");
    let mut line = String::from(if by_cargo {
        "cargo run -p generator"
    } else {
        "generator"
    });
    if by_cargo && !args.is_empty() {
        line.push_str(" --");
    }
    for arg in args {
        line.push(' ');
        if arg.is_empty() || arg.contains(|c: char| c.is_whitespace() || "'\"$`\\".contains(c)) {
            line.push_str(&format!("'{}'", arg.replace('\'', r"'\''")));
        } else {
            line.push_str(arg);
        }
    }
    line
}
