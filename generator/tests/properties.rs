//! Property tests of the whole pipeline (issue 6) over generated and mutated specs:
//!
//! - the generator never panics (`catch_unwind` around every run);
//! - every spec it accepts yields code that parses again with `syn::parse_file`;
//! - every spec it rejects yields at least one diagnostic with a line and a column.
//!
//! Inputs are random valid-looking resources (keyword and odd names, hostile descriptions,
//! patterns, bounds and defaults) and random byte, line and key mutations of the 3119 v5 spec
//! and of the fixtures in `tests/fixtures`.
//!
//! CI runs 3 000 cases in total (500 generated, 2 500 mutated; about 15 s in debug on 2 cores). Run more
//! on demand with `PROPTEST_CASES`, which sets the case count of every property here:
//!
//! ```text
//! PROPTEST_CASES=100000 cargo test -p generator --release --test properties
//! ```

mod support;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use proptest::prelude::*;
use proptest::test_runner::Config;

/// The case count: `PROPTEST_CASES` when set, else `default`.
fn cases(default: u32) -> Config {
    let n = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default);
    Config {
        cases: n,
        failure_persistence: None,
        ..Config::default()
    }
}

/// Writes the files of one case to a fresh scratch folder and runs the whole pipeline on them,
/// checking the three properties.
fn check(files: &[(&str, Vec<u8>)]) -> Result<(), TestCaseError> {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("properties")
        .join(format!(
            "{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
    std::fs::create_dir_all(&dir).expect("scratch folder");
    let mut names = Vec::new();
    for (name, content) in files {
        std::fs::write(dir.join(name), content).expect("write case");
        names.push(PathBuf::from(name));
    }
    let outcome = std::panic::catch_unwind(|| generator::generate_files(&names, &dir));
    let _ = std::fs::remove_dir_all(&dir);
    match outcome {
        Err(_) => Err(TestCaseError::fail("the generator panicked")),
        Ok(Ok(generated)) => {
            for (path, text) in &generated.files {
                if let Err(err) = syn::parse_file(text) {
                    return Err(TestCaseError::fail(format!(
                        "{} does not parse: {err}",
                        path.display()
                    )));
                }
            }
            Ok(())
        }
        Ok(Err(generator::Error::Spec(diags))) => {
            prop_assert!(!diags.is_empty(), "rejected without a diagnostic");
            prop_assert!(
                diags
                    .sorted()
                    .iter()
                    .any(|d| d.origin.line_col.is_some_and(|(l, c)| l > 0 && c > 0)),
                "no diagnostic has a line and column:\n{diags}"
            );
            Ok(())
        }
        Ok(Err(other)) => Err(TestCaseError::fail(format!("unexpected error: {other}"))),
    }
}

// ---------------------------------------------------------------------------------------------
// Generated specs.

/// Names a spec author might write, keywords and prelude names included.
fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[A-Z][a-z]{1,8}([A-Z][a-z]{1,6}){0,2}",
        1 => prop::sample::select(vec![
            "Type", "type", "Self", "self", "crate", "super", "gen", "async", "Match", "Option", "Result",
            "String", "Vec", "Box", "Default", "Build", "New", "Send", "Id", "RESOURCE_ID", "foo-bar",
            "foo_bar", "E-mail", "$top", "1st", "_", "Größe",
        ])
        .prop_map(String::from),
    ]
}

/// Any text, including control, bidi and markdown characters.
fn prose() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => ".{0,60}",
        1 => prop::collection::vec(
            prop::sample::select(vec![
                "```", "~~~", "    ", "\t", "\r", "\n", "*/", "/*", "\"", "\"#", "#", "\\", "<b>", "]]", "\u{202E}",
                "\u{2066}", "\u{FEFF}", "\u{0}", "panic!()", "`", "http://x.y/(", " ",
            ]),
            0..12,
        )
        .prop_map(|parts| parts.concat()),
    ]
}

/// A YAML double-quoted scalar holding `s` exactly (YAML escapes, no raw control characters).
fn quoted(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() || c == '\u{FEFF}' || c == '\u{2028}' || c == '\u{2029}' => {
                out.push_str(&format!("\\U{:08X}", u32::from(c)))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[derive(Debug, Clone)]
struct FieldSpec {
    name: String,
    ty: &'static str,
    description: String,
    required: bool,
    rule: Option<String>,
    default: Option<String>,
}

fn field() -> impl Strategy<Value = FieldSpec> {
    let ty = prop::sample::select(vec![
        "string", "integer", "long", "decimal", "date", "datetime", "boolean",
    ]);
    (name(), ty, prose(), any::<bool>(), 0..6u8, any::<i32>()).prop_map(
        |(name, ty, description, required, pick, n)| {
            let (rule, default) = match (ty, pick) {
                ("string", 0) => (Some("pattern: '^[A-Z]+$'".to_string()), Some(quoted("ABC"))),
                ("string", 1) => (
                    Some(format!(
                        "minLength: 1\n        maxLength: {}",
                        n.unsigned_abs() % 50 + 1
                    )),
                    Some(quoted("x")),
                ),
                ("string", 2) => (None, Some(quoted("\"#\u{202E}*/"))),
                ("integer" | "long", 0) => (
                    Some(format!("minimum: {}", n / 2)),
                    Some((n / 2).to_string()),
                ),
                ("integer" | "long", 1) => (Some(format!("maximum: {n}")), Some(n.to_string())),
                ("boolean", 0) => (None, Some("true".into())),
                ("decimal", 0) => (None, Some("0.5".into())),
                _ => (None, None),
            };
            let default = if required { None } else { default };
            FieldSpec {
                name,
                ty,
                description,
                required,
                rule,
                default,
            }
        },
    )
}

fn resource_text() -> impl Strategy<Value = String> {
    (
        "[A-Z][a-z]{2,8}",
        "(Add|Get|Update|Delete)[A-Z][a-z]{2,8}",
        prop::sample::select(vec![("POST", 201), ("PUT", 200), ("GET", 200), ("DELETE", 202)]),
        prose(),
        prose(),
        prop::collection::vec(field(), 1..8),
        prop::collection::vec((1u64..999_999, prop::sample::select(vec![400u16, 404, 409, 500]), prose()), 0..4),
        1u32..20,
    )
        .prop_map(|(area, operation, (method, status), summary, description, fields, errors, version)| {
            let mut t = format!(
                "kind: resource\nresource: 9999\nversion: {version}\narea: {area}\nsummary: {}\ndescription: {}\n\
                 operation: {operation}\nmethod: {method}\npath: /{}/things/{{thingId}}\nformats: [json, xml]\n\
                 successStatus: {status}\npathParameters:\n  thingId: {{type: integer, minimum: 1, description: {}}}\n\
                 queryParameters:\n  - $lang\n",
                quoted(&summary),
                quoted(&description),
                area.to_lowercase(),
                quoted(&description),
            );
            let body = |t: &mut String, role: &str, object: &str, response: bool| {
                t.push_str(&format!("{role}:\n  object: {object}\n  fields:\n"));
                for f in &fields {
                    t.push_str(&format!("    {}:\n      type: {}\n      description: {}\n", quoted(&f.name), f.ty, quoted(&f.description)));
                    if !response {
                        if f.required {
                            t.push_str("      required: true\n");
                        }
                        if let Some(rule) = &f.rule {
                            t.push_str(&format!("      {rule}\n"));
                        }
                        if let Some(default) = &f.default {
                            t.push_str(&format!("      default: {default}\n"));
                        }
                    }
                }
            };
            if matches!(method, "POST" | "PUT") {
                body(&mut t, "request", "Thing", false);
            }
            if method != "DELETE" {
                body(&mut t, "response", "Thing", true);
            }
            if !errors.is_empty() {
                t.push_str("errors:\n");
                for (code, status, message) in &errors {
                    t.push_str(&format!("  - {{code: {code}, status: {status}, message: {}}}\n", quoted(message)));
                }
            }
            t
        })
}

fn common() -> Vec<u8> {
    std::fs::read(support::workspace_root().join("spec/common.yaml")).expect("spec/common.yaml")
}

proptest! {
    #![proptest_config(cases(500))]

    #[test]
    fn generated_resources(text in resource_text()) {
        check(&[("common.yaml", common()), ("resource.yaml", text.into_bytes())])?;
    }
}

// ---------------------------------------------------------------------------------------------
// Mutated specs.

/// The 3119 v5 spec and every fixture: the texts that mutations start from.
fn seeds() -> Vec<Vec<u8>> {
    let root = support::workspace_root();
    let mut seeds = vec![std::fs::read(root.join(&support::real_spec()[1])).expect("3119 v5 spec")];
    for file in support::yaml_files(&support::tests_dir().join("fixtures")) {
        seeds.push(std::fs::read(file).expect("fixture"));
    }
    seeds
}

#[derive(Debug, Clone)]
enum Mutation {
    /// Replace the byte at a position (relative, 0..1) with a byte.
    SetByte(f64, u8),
    /// Insert bytes at a position.
    Insert(f64, Vec<u8>),
    /// Delete a run of bytes.
    Delete(f64, usize),
    /// Delete, duplicate or move a line.
    DeleteLine(f64),
    DuplicateLine(f64),
    SwapLines(f64, f64),
    /// Re-indent a line by some spaces.
    Indent(f64, usize),
    /// Rename the n-th key (`word:`) to another word, or replace its value.
    RenameKey(f64, String),
    ReplaceValue(f64, String),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let pos = 0.0..1.0f64;
    let word = prop_oneof![
        "[a-zA-Z$_][a-zA-Z0-9_]{0,10}",
        prop::sample::select(vec![
            "type", "tpye", "pattern", "default", "required", "fields", "object", "items",
            "rustName", "<<", "!!str", "&a", "*a"
        ])
        .prop_map(String::from),
    ];
    let value = prop_oneof![
        Just(String::new()),
        Just("~".to_string()),
        Just("[".to_string()),
        Just("{a: 1}".to_string()),
        Just("'(?=x)'".to_string()),
        Just("no".to_string()),
        Just("1_000".to_string()),
        Just(".nan".to_string()),
        Just("99999999999999999999999".to_string()),
        Just("-1".to_string()),
        Just("!custom x".to_string()),
        Just("*nowhere".to_string()),
        Just("|\n  block".to_string()),
        "[ -~]{0,12}",
    ];
    prop_oneof![
        (pos.clone(), any::<u8>()).prop_map(|(p, b)| Mutation::SetByte(p, b)),
        (pos.clone(), prop::collection::vec(any::<u8>(), 1..4))
            .prop_map(|(p, b)| Mutation::Insert(p, b)),
        (
            pos.clone(),
            prop::sample::select(vec![
                b"{".to_vec(),
                b"\n- ".to_vec(),
                b": ".to_vec(),
                b"\t".to_vec(),
                b"\"".to_vec(),
                b"---\n".to_vec(),
                vec![0xEF, 0xBB, 0xBF]
            ])
        )
            .prop_map(|(p, b)| Mutation::Insert(p, b)),
        (pos.clone(), 1..40usize).prop_map(|(p, n)| Mutation::Delete(p, n)),
        pos.clone().prop_map(Mutation::DeleteLine),
        pos.clone().prop_map(Mutation::DuplicateLine),
        (pos.clone(), pos.clone()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
        (pos.clone(), 1..5usize).prop_map(|(p, n)| Mutation::Indent(p, n)),
        (pos.clone(), word).prop_map(|(p, w)| Mutation::RenameKey(p, w)),
        (pos, value).prop_map(|(p, v)| Mutation::ReplaceValue(p, v)),
    ]
}

fn at(len: usize, p: f64) -> usize {
    ((len as f64) * p) as usize
}

fn apply(text: &mut Vec<u8>, m: &Mutation) {
    let mut lines: Vec<Vec<u8>> = text.split(|b| *b == b'\n').map(<[u8]>::to_vec).collect();
    match m {
        Mutation::SetByte(p, b) if !text.is_empty() => {
            let i = at(text.len(), *p).min(text.len() - 1);
            text[i] = *b;
            return;
        }
        Mutation::Insert(p, bytes) => {
            let i = at(text.len(), *p);
            text.splice(i..i, bytes.iter().copied());
            return;
        }
        Mutation::Delete(p, n) => {
            let i = at(text.len(), *p);
            let end = (i + n).min(text.len());
            text.drain(i..end);
            return;
        }
        Mutation::DeleteLine(p) if !lines.is_empty() => {
            lines.remove(at(lines.len(), *p).min(lines.len() - 1));
        }
        Mutation::DuplicateLine(p) if !lines.is_empty() => {
            let i = at(lines.len(), *p).min(lines.len() - 1);
            let line = lines[i].clone();
            lines.insert(i, line);
        }
        Mutation::SwapLines(a, b) if !lines.is_empty() => {
            let (i, j) = (
                at(lines.len(), *a).min(lines.len() - 1),
                at(lines.len(), *b).min(lines.len() - 1),
            );
            lines.swap(i, j);
        }
        Mutation::Indent(p, n) if !lines.is_empty() => {
            let i = at(lines.len(), *p).min(lines.len() - 1);
            lines[i].splice(0..0, std::iter::repeat_n(b' ', *n));
        }
        Mutation::RenameKey(p, word) | Mutation::ReplaceValue(p, word) => {
            let keyed: Vec<usize> = (0..lines.len())
                .filter(|i| lines[*i].windows(2).any(|w| w == b": ") || lines[*i].ends_with(b":"))
                .collect();
            if let Some(&i) = keyed.get(at(keyed.len(), *p)) {
                let line = &lines[i];
                let colon = line.iter().position(|b| *b == b':').unwrap_or(0);
                let indent = line
                    .iter()
                    .take_while(|b| **b == b' ' || **b == b'-')
                    .count()
                    .min(colon);
                let mut new = line[..indent].to_vec();
                if matches!(m, Mutation::RenameKey(..)) {
                    new.extend_from_slice(word.as_bytes());
                    new.extend_from_slice(&line[colon..]);
                } else {
                    new.extend_from_slice(&line[indent..=colon.min(line.len().saturating_sub(1))]);
                    new.push(b' ');
                    new.extend_from_slice(word.as_bytes());
                }
                lines[i] = new;
            }
        }
        _ => return,
    }
    *text = lines.join(&b'\n');
}

proptest! {
    #![proptest_config(cases(2500))]

    #[test]
    fn mutated_specs(seed in 0..10usize, mutations in prop::collection::vec(mutation(), 1..6)) {
        let seeds = seeds();
        let mut text = seeds[seed % seeds.len()].clone();
        for m in &mutations {
            apply(&mut text, m);
        }
        check(&[("common.yaml", common()), ("resource.yaml", text)])?;
    }
}
