//! The generated crate has zero doctests: spec prose becomes rustdoc, and no spec text may ever
//! run as code. `doctest = false` in generated/Cargo.toml turns them off; on top of that, no
//! generated doc comment may hold a code block, so turning doctests back on would still find none.

use rambase_testkit::{rust_files, workspace_root};
use rambase_tests::doctest_candidates;

/// The keys of the `[lib]` table of a Cargo manifest, as `(key, value)` with comments removed.
fn lib_table(manifest: &str) -> Vec<(String, String)> {
    let mut in_lib = false;
    let mut keys = Vec::new();
    for line in manifest.lines() {
        let line = line.split('#').next().unwrap_or_default().trim();
        if line.starts_with('[') {
            in_lib = line == "[lib]";
        } else if in_lib && let Some((key, value)) = line.split_once('=') {
            keys.push((key.trim().to_owned(), value.trim().to_owned()));
        }
    }
    keys
}

#[test]
fn lib_table_reader_finds_only_keys_of_the_lib_table() {
    let manifest = "[package]\ndoctest = false\n[lib]\n# doctest = true\npath = \"src/lib.rs\" # x\n\
                    doctest = true\n[dependencies]\ndoctest = false\n";
    assert_eq!(
        lib_table(manifest),
        [
            ("path".to_owned(), "\"src/lib.rs\"".to_owned()),
            ("doctest".to_owned(), "true".to_owned()),
        ]
    );
}

#[test]
fn generated_crate_turns_doctests_off() {
    let path = workspace_root().join("generated/Cargo.toml");
    let manifest = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let doctest: Vec<_> = lib_table(&manifest)
        .into_iter()
        .filter(|(key, _)| key == "doctest")
        .map(|(_, value)| value)
        .collect();
    assert_eq!(
        doctest,
        ["false"],
        "{} must say `doctest = false` (once) in its [lib] table",
        path.display()
    );
}

#[test]
fn doctest_scanner_flags_fences_doc_attributes_and_indented_blocks() {
    let source = [
        "/// Text",
        "///",
        "/// ```",
        "//! ~~~text",
        "///   ```rust",
        "#[doc = \"```\"]",
        "/// para",
        "///",
        "///     let x = 1;",
        "///     let y = 2;",
        "fn f() {}",
        "    ///     let z = 3;",
        "//// ```",
        "// ```",
        "/// x ``` y",
        "/// - item",
        "///",
        "///   continued",
        "/// para",
        "///     not code: a paragraph continues",
    ]
    .join("\n");
    let lines: Vec<usize> = doctest_candidates(&source)
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    // 3 and 4: fences; 5: an indented fence; 6: a doc attribute; 9: an indented block after a
    // blank doc line; 12: a doc comment that starts indented. Plain comments, inline
    // backticks, list continuations and indented paragraph continuations are not code.
    assert_eq!(lines, [3, 4, 5, 6, 9, 12]);
}

#[test]
fn no_generated_doc_comment_holds_a_code_block() {
    let src = workspace_root().join("generated/src");
    let files = rust_files(&src);
    assert!(
        files.iter().any(|f| f.ends_with("add_contact_phone/v5.rs")),
        "expected the generated 3119 v5 module below {}, found {files:?}",
        src.display()
    );
    let mut found = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", file.display()));
        for (line, content) in doctest_candidates(&text) {
            found.push(format!("{}:{line}: {}", file.display(), content.trim()));
        }
    }
    assert!(
        found.is_empty(),
        "generated doc comments that rustdoc would read as code (escape or indent spec text \
         differently in the generator):\n{}",
        found.join("\n")
    );
}
