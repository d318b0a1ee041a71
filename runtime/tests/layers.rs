//! The runtime's folders form layers: each uses only the folders before it in [`LAYERS`]
//! (the order the crate docs give). This reads the `crate::…` paths of the runtime's own
//! source, leaving out comments and test code (tests may use fixtures from anywhere), and fails
//! on any arrow back up, which is also how an import cycle between folders would come back.

use std::fs;
use std::path::{Path, PathBuf};

/// The folders of `runtime/src`, lowest layer first.
const LAYERS: &[&str] = &["values", "wire", "errors", "auth", "http", "lists", "mock"];

/// The `#[macro_export]` macros, which live at the crate root, and the folder defining each.
const MACROS: &[(&str, &str)] = &[
    ("impl_serde", "wire"),
    ("impl_build", "wire"),
    ("impl_domain", "wire"),
];

/// Files at the root of `src` that may use every layer: the facade.
const ROOT_FILES: &[&str] = &["lib.rs"];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.expect("a directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            out.push(path);
        }
    }
}

/// The lines of `text` that are code outside test modules: comments and `#[cfg(test)]` items
/// (a `mod x;` declaration or a braced block) are left out. Yields (line number, line).
fn code_lines(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut skip_next_item = false;
    let mut depth: Option<i64> = None;
    for (index, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        if let Some(d) = depth.as_mut() {
            *d += braces(line);
            if *d <= 0 {
                depth = None;
            }
            continue;
        }
        if trimmed.starts_with("//") {
            continue;
        }
        if trimmed.starts_with("#[cfg(test)]") {
            skip_next_item = true;
            continue;
        }
        if skip_next_item && !trimmed.starts_with("#[") {
            skip_next_item = false;
            let d = braces(line);
            if d > 0 {
                depth = Some(d);
            }
            continue;
        }
        out.push((index + 1, line));
    }
    out
}

fn braces(line: &str) -> i64 {
    let open = line.matches('{').count();
    let close = line.matches('}').count();
    i64::try_from(open).unwrap_or(0) - i64::try_from(close).unwrap_or(0)
}

/// Every arrow of `text` (in folder `from`) that points at a later layer, or at the crate root
/// (which would hide the folder it reaches), as `line: path`.
fn back_arrows(from: &str, text: &str) -> Vec<String> {
    let rank = |name: &str| {
        let folder = MACROS
            .iter()
            .find(|(mac, _)| *mac == name)
            .map_or(name, |(_, folder)| folder);
        LAYERS.iter().position(|l| *l == folder)
    };
    let own = rank(from).expect("a layer folder");
    let mut found = Vec::new();
    for (number, line) in code_lines(text) {
        for (at, _) in line.match_indices("crate::") {
            if line[..at].ends_with('$') {
                continue; // `$crate::` in a macro resolves where the macro is used
            }
            let rest = &line[at + "crate::".len()..];
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            let wrong = rank(&name).is_none_or(|target| target > own);
            if wrong {
                found.push(format!("{number}: crate::{name}"));
            }
        }
    }
    found
}

#[test]
fn every_folder_uses_only_the_layers_before_it() {
    let src = src();
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut problems = Vec::new();
    for file in &files {
        let relative = file.strip_prefix(&src).expect("under src");
        let mut parts = relative.components();
        let first = parts.next().expect("a path").as_os_str().to_string_lossy();
        if parts.next().is_none() {
            assert!(
                ROOT_FILES.contains(&first.as_ref()),
                "{first}: a file at the root of runtime/src; put it in a layer folder"
            );
            continue;
        }
        if relative.components().any(|c| c.as_os_str() == "tests") {
            continue; // test modules may use fixtures of any layer
        }
        assert!(
            LAYERS.contains(&first.as_ref()),
            "runtime/src/{first}/ is not in the layer order; add it to LAYERS and the crate docs"
        );
        let text = fs::read_to_string(file).expect("readable source");
        for arrow in back_arrows(&first, &text) {
            problems.push(format!("runtime/src/{}:{arrow}", relative.display()));
        }
    }
    assert!(
        problems.is_empty(),
        "arrows to a later layer (order: {}), each a possible cycle:\n{}",
        LAYERS.join(" < "),
        problems.join("\n")
    );
}

#[test]
fn the_check_sees_an_arrow_back_up_and_ignores_tests_and_comments() {
    let text = "use crate::values::text::bounded;\n\
                // see crate::http::client\n\
                use crate::http::client::Client;\n\
                let x = crate::ApiError::new();\n\
                impl $crate::lists::Page {}\n\
                #[cfg(test)]\n\
                mod tests {\n    use crate::lists::page::Page;\n}\n\
                #[cfg(test)]\n\
                mod fixtures;\n";
    assert_eq!(
        back_arrows("wire", text),
        ["3: crate::http", "4: crate::ApiError"]
    );
    assert!(back_arrows("lists", "use crate::values::checked::Checked;").is_empty());
    assert!(back_arrows("lists", "crate::impl_serde!(Paging);").is_empty());
    assert_eq!(
        back_arrows("values", "crate::impl_serde!(X);"),
        ["1: crate::impl_serde"]
    );
    assert_eq!(
        back_arrows("values", "use crate::auth::Login;"),
        ["1: crate::auth"]
    );
}
