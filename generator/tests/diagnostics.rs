//! Snapshots of rendered diagnostics for broken specs: `errors/*.yaml` are checked one file
//! per run, each folder in `errors/runs/` is one run over all of its files.

mod support;

use std::path::PathBuf;

use support::{shown, tests_dir, yaml_files};

/// Checks `files` in one run and renders the diagnostics, after asserting that the run failed
/// on the spec and that the diagnostics come sorted by file, line and column.
fn render(files: &[PathBuf]) -> String {
    for file in files {
        let text = std::fs::read_to_string(tests_dir().join(file)).expect("readable case");
        assert!(
            text.starts_with("# "),
            "{} must start with a `# what this case tests` comment",
            file.display()
        );
    }
    let rendered = match generator::check_specs(files, &tests_dir()) {
        Err(generator::Error::Spec(diags)) => diags.to_string(),
        Err(other) => panic!("expected spec diagnostics, got: {other}"),
        Ok(_) => panic!("expected {files:?} to be rejected"),
    };
    let locations: Vec<(String, u32, u32)> = rendered
        .lines()
        .filter(|l| l.contains(": error: "))
        .map(location)
        .collect();
    assert!(!locations.is_empty(), "no diagnostic rendered:\n{rendered}");
    let mut sorted = locations.clone();
    sorted.sort();
    assert_eq!(locations, sorted, "diagnostics are not sorted:\n{rendered}");
    rendered
}

/// `file:line:col` (line and column 0 when the diagnostic names the whole file).
fn location(line: &str) -> (String, u32, u32) {
    let head = &line[..line.find(": error: ").expect("a diagnostic line")];
    let mut parts = head.rsplitn(3, ':');
    let (col, row, file) = (parts.next(), parts.next(), parts.next());
    match (
        file,
        row.and_then(|r| r.parse().ok()),
        col.and_then(|c| c.parse().ok()),
    ) {
        (Some(file), Some(row), Some(col)) => (file.to_string(), row, col),
        _ => (head.to_string(), 0, 0),
    }
}

#[test]
fn single_file_cases() {
    insta::glob!("errors/*.yaml", |path| {
        insta::assert_snapshot!("rendered", render(&[shown("errors", path)]));
    });
}

#[test]
fn multi_file_runs() {
    insta::glob!("errors/runs/*", |dir| {
        let name = dir
            .file_name()
            .expect("a folder")
            .to_string_lossy()
            .into_owned();
        let files: Vec<PathBuf> = yaml_files(dir)
            .iter()
            .map(|f| {
                PathBuf::from("errors/runs")
                    .join(&name)
                    .join(f.file_name().expect("a file"))
            })
            .collect();
        assert!(
            files.len() >= 2,
            "errors/runs/{name} should hold several files"
        );
        insta::assert_snapshot!("rendered", render(&files));
    });
}
