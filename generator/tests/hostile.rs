//! Hostile and broken specs (issue 6): the generator never panics, never turns spec text into
//! code, and locates every problem.
//!
//! Each `hostile/*.yaml` starts with a `# what this case tests` line and a `# expect: accepted`
//! or `# expect: rejected` line. A rejected case snapshots the rendered diagnostics
//! (`file:line:column`, YAML path, hint); an accepted case snapshots every generated file
//! except `lib.rs`, so a reviewer sees exactly what the awkward input turned into.
//!
//! Inputs too big or too binary to commit (a 1 MB description, a 10 kB name, a file over the
//! size limit, a BOM, an empty file, nesting far beyond the limit) are built by the tests below
//! into a scratch folder under Cargo's `CARGO_TARGET_TMPDIR`.

mod support;

use std::path::{Path, PathBuf};

use support::{shown, tests_dir};

/// What a case turned into: the rendered diagnostics, or the generated files.
enum Outcome {
    Rejected(String),
    Accepted(generator::GeneratedFiles),
}

fn run(files: &[PathBuf], base: &Path) -> Outcome {
    match std::panic::catch_unwind(|| generator::generate_files(files, base)) {
        Ok(Ok(generated)) => Outcome::Accepted(generated),
        Ok(Err(generator::Error::Spec(diags))) => {
            let rendered = diags.to_string();
            for d in diags.sorted() {
                assert!(
                    d.origin.line_col.is_some(),
                    "every diagnostic of a file that exists is located:\n{d}"
                );
            }
            Outcome::Rejected(rendered)
        }
        Ok(Err(other)) => panic!("expected spec diagnostics or code, got: {other}"),
        Err(_) => panic!("the generator panicked on {files:?}"),
    }
}

/// Every generated file but `lib.rs`, each under a `==> path <==` header; and a check that
/// each parses again with syn, so nothing the spec said made it unparsable.
fn show_files(generated: &generator::GeneratedFiles) -> String {
    let mut out = String::new();
    for (path, text) in &generated.files {
        if let Err(err) = syn::parse_file(text) {
            panic!("{} does not parse: {err}\n{text}", path.display());
        }
        if path == Path::new("lib.rs") {
            continue;
        }
        out.push_str(&format!(
            "==> {} <==\n{text}\n",
            path.to_string_lossy().replace('\\', "/")
        ));
    }
    out
}

/// Spec text that is never allowed to reach generated code outside a doc string or a string
/// literal: if one of these shows up as code, a description was injected.
fn assert_no_injection(generated: &generator::GeneratedFiles) {
    for (path, text) in &generated.files {
        let file = syn::parse_file(text).expect("parses");
        let mut found = Vec::new();
        collect_fn_names(&file.items, &mut found);
        for name in found {
            assert!(
                ![
                    "evil",
                    "evil2",
                    "injected",
                    "injected_indented",
                    "injected_tab"
                ]
                .contains(&name.as_str()),
                "{}: a description became the function `{name}`",
                path.display()
            );
        }
        for bad in [
            '\u{202E}', '\u{2066}', '\u{2067}', '\u{2069}', '\u{200F}', '\u{061C}', '\r',
        ] {
            assert!(
                !text.contains(bad),
                "{}: U+{:04X} reached the generated source",
                path.display(),
                u32::from(bad)
            );
        }
        for line in text.lines() {
            let doc = line.trim_start();
            assert!(
                !(doc.starts_with("///") || doc.starts_with("//!"))
                    || !doc[3..].trim_start().starts_with("```"),
                "{}: a code fence reached the docs: {line}",
                path.display()
            );
        }
    }
}

fn collect_fn_names(items: &[syn::Item], out: &mut Vec<String>) {
    for item in items {
        match item {
            syn::Item::Fn(f) => out.push(f.sig.ident.to_string()),
            syn::Item::Mod(m) => {
                if let Some((_, inner)) = &m.content {
                    collect_fn_names(inner, out);
                }
            }
            syn::Item::Impl(i) => {
                for it in &i.items {
                    if let syn::ImplItem::Fn(f) = it {
                        out.push(f.sig.ident.to_string());
                    }
                }
            }
            _ => {}
        }
    }
}

#[test]
fn corpus() {
    let mut wrong = Vec::new();
    insta::glob!("hostile/*.yaml", |path| {
        let file = shown("hostile", path);
        let bytes = std::fs::read(path).expect("readable case");
        let head = String::from_utf8_lossy(&bytes[..bytes.len().min(2000)]).into_owned();
        assert!(
            head.starts_with("# "),
            "{} must start with a `# what this case tests` comment",
            file.display()
        );
        let expect_accepted = if head.contains("\n# expect: accepted\n") {
            true
        } else if head.contains("\n# expect: rejected\n") {
            false
        } else {
            panic!(
                "{} needs a `# expect: accepted|rejected` line",
                file.display()
            )
        };
        let accepted = match run(std::slice::from_ref(&file), &tests_dir()) {
            Outcome::Rejected(rendered) => {
                insta::assert_snapshot!("rejected", rendered);
                false
            }
            Outcome::Accepted(generated) => {
                insta::assert_snapshot!("accepted", show_files(&generated));
                assert_no_injection(&generated);
                true
            }
        };
        if accepted != expect_accepted {
            wrong.push(format!(
                "{}: {}",
                file.display(),
                if accepted { "accepted" } else { "rejected" }
            ));
        }
    });
    assert!(wrong.is_empty(), "cases not as expected: {wrong:#?}");
}

/// An empty scratch folder for one test.
fn scratch(name: &str) -> PathBuf {
    support::scratch("hostile", name)
}

/// Writes `files` (name, content) into a scratch folder and runs them in one run.
fn run_generated(case: &str, files: &[(&str, Vec<u8>)]) -> Outcome {
    let dir = scratch(case);
    for (name, content) in files {
        std::fs::write(dir.join(name), content).expect("write case");
    }
    let names: Vec<PathBuf> = files.iter().map(|(n, _)| PathBuf::from(n)).collect();
    run(&names, &dir)
}

fn rejected(outcome: Outcome) -> String {
    match outcome {
        Outcome::Rejected(r) => r,
        Outcome::Accepted(g) => panic!("expected a rejection, got {} files", g.files.len()),
    }
}

fn accepted(outcome: Outcome) -> generator::GeneratedFiles {
    match outcome {
        Outcome::Accepted(g) => g,
        Outcome::Rejected(r) => panic!("expected code, got:\n{r}"),
    }
}

const SMALL: &str = "kind: resource
resource: 9290
version: 1
area: Hostile
summary: Creates a thing
operation: AddThing
method: POST
path: /hostile/things
formats: [json]
successStatus: 201
request:
  object: Thing
  fields:
    Name: {type: string, description: The name}
";

/// A field with this description, in the small spec.
fn with_description(description: &str) -> String {
    format!(
        "{SMALL}    Long:\n      type: string\n      description: {}\n",
        serde_quote(description)
    )
}

/// A double-quoted YAML scalar.
fn serde_quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[test]
fn byte_order_mark_is_ignored() {
    let plain = accepted(run_generated("bom-plain", &[("a.yaml", SMALL.into())]));
    let mut with_bom = "\u{feff}".as_bytes().to_vec();
    with_bom.extend_from_slice(SMALL.as_bytes());
    let bom = accepted(run_generated("bom", &[("a.yaml", with_bom)]));
    assert_eq!(plain, bom, "a BOM must not change the output");
}

#[test]
fn a_byte_order_mark_inside_the_text_is_not_a_bom() {
    let text = SMALL.replace("area: Hostile", "area: \u{feff}Hostile");
    insta::assert_snapshot!(rejected(run_generated(
        "bom-inside",
        &[("a.yaml", text.into())]
    )));
}

#[test]
fn empty_file() {
    insta::assert_snapshot!(rejected(run_generated(
        "empty",
        &[
            ("empty.yaml", Vec::new()),
            ("blank.yaml", b"\n  \n\t\n".to_vec())
        ]
    )));
}

#[test]
fn one_megabyte_description_is_kept_as_escaped_text() {
    // 1 MiB of text that looks like markdown code and Rust, over many lines.
    let line = "```rust panic!(\"x\"); */ <b> `tick` ~~~ \\ # x\n";
    let description: String = line.repeat((1 << 20) / line.len() + 1);
    assert!(description.len() >= 1 << 20);
    let generated = accepted(run_generated(
        "huge-description",
        &[("a.yaml", with_description(&description).into())],
    ));
    assert_no_injection(&generated);
    let file = generated
        .files
        .get(Path::new("hostile/add_thing/v1.rs"))
        .expect("version file");
    let escaped_lines = file
        .lines()
        .filter(|l| l.contains(r"\`\`\`rust panic!"))
        .count();
    // Each input line is one doc line, in the struct's field docs and in the builder setter.
    assert!(
        escaped_lines >= description.lines().count(),
        "{escaped_lines} escaped lines"
    );
    let first = file
        .lines()
        .find(|l| l.contains(r"\`\`\`rust panic!"))
        .expect("a doc line");
    insta::assert_snapshot!(first.trim());
}

#[test]
fn ten_kilobyte_name() {
    let name = "A".repeat(10 * 1024);
    let text = format!("{SMALL}    {name}: {{type: string}}\n");
    insta::assert_snapshot!(rejected(run_generated(
        "long-name",
        &[("a.yaml", text.into())]
    )));
}

#[test]
fn ten_kilobyte_names_everywhere() {
    let long = "b".repeat(10 * 1024);
    let text = SMALL
        .replace("area: Hostile", &format!("area: A{long}"))
        .replace("operation: AddThing", &format!("operation: Add{long}"))
        .replace("object: Thing", &format!("object: T{long}"));
    insta::assert_snapshot!(rejected(run_generated(
        "long-names",
        &[("a.yaml", text.into())]
    )));
}

#[test]
fn file_over_the_size_limit() {
    let mut text = with_description("x").into_bytes();
    text.resize(generator::phases::MAX_FILE_BYTES + 1, b'#');
    insta::assert_snapshot!(rejected(run_generated("too-big", &[("big.yaml", text)])));
}

#[test]
fn nesting_far_beyond_the_limit() {
    let depth = 100_000;
    let flow = format!(
        "kind: resource\nx: {}{}\n",
        "[".repeat(depth),
        "]".repeat(depth)
    );
    let mut block = String::from("kind: resource\n");
    for i in 0..2_000 {
        block.push_str(&" ".repeat(i));
        block.push_str("a:\n");
    }
    insta::assert_snapshot!(rejected(run_generated(
        "deep",
        &[("block.yaml", block.into()), ("flow.yaml", flow.into())]
    )));
}

#[test]
fn many_aliases_of_one_big_anchor() {
    // Quadratic rather than exponential: one anchor of 10 000 items aliased 10 000 times.
    let items = vec!["x"; 10_000].join(", ");
    let mut text = format!("kind: resource\nbig: &big [{items}]\nuses:\n");
    for _ in 0..10_000 {
        text.push_str("  - *big\n");
    }
    insta::assert_snapshot!(rejected(run_generated(
        "aliases",
        &[("a.yaml", text.into())]
    )));
}
