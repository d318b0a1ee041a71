//! Property tests of the whole pipeline (issue 6) over generated and mutated specs:
//!
//! - the generator never panics (`catch_unwind` around every run);
//! - every spec it accepts yields code that parses again with `syn::parse_file`;
//! - every spec it rejects yields at least one diagnostic with a line and a column;
//! - every spec it accepts compiles warning-free under `cargo clippy -- -D warnings`
//!   (issue 11): a fixed, seeded batch of accepted generated specs becomes one crate in
//!   `target/tmp/accepted-specs`, checked by one clippy run whose target folder is kept
//!   there, so only the first run checks the runtime's dependencies (about 40 s on 2 cores;
//!   later runs about 5 s).
//!
//! Inputs are random valid-looking resources (keyword, prelude, acronym, long and odd names,
//! rustNames usable and not, nested objects and arrays, domains, hostile descriptions,
//! patterns, bounds and defaults) and random byte, line and key mutations of the 3119 v5 spec
//! and of the fixtures in `tests/fixtures`.
//!
//! CI (`RAMBASE_FULL_PROPERTIES=1`) runs 3 000 cases in total (500 generated, 2 500 mutated),
//! a local run 900 (150 and 750); both compile 40 accepted specs under clippy.
//! Run more on demand with `PROPTEST_CASES`, which sets the case count of every proptest
//! property here, and `CLIPPY_SPECS`, the number of specs compiled (0 skips the compile):
//!
//! ```text
//! PROPTEST_CASES=100000 cargo test -p generator --release --test integration properties::
//! CLIPPY_SPECS=400 cargo test -p generator --test integration properties::accepted
//! ```

use crate::support;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use proptest::prelude::*;
use proptest::test_runner::Config;

/// The case count: `PROPTEST_CASES` when set, else `full` at full strength (CI) and `local`
/// otherwise.
fn cases(full: u32, local: u32) -> Config {
    let default = if support::full_strength() {
        full
    } else {
        local
    };
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

/// Names a spec author might write: keywords, prelude and std names, names the generated
/// code uses itself, casing edge cases, acronyms and long names.
fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => "[A-Z][a-z]{1,8}([A-Z][a-z]{1,6}){0,2}",
        1 => "[A-Z][a-z]{40,70}",
        1 => "[A-Z]{2,5}[a-z]{0,5}",
        4 => prop::sample::select(HOSTILE_NAMES).prop_map(String::from),
    ]
}

const HOSTILE_NAMES: &[&str] = &[
    "Type",
    "type",
    "Self",
    "self",
    "crate",
    "super",
    "gen",
    "async",
    "Match",
    "Loop",
    "Fn",
    "Ref",
    "Option",
    "Result",
    "String",
    "Vec",
    "Box",
    "Some",
    "None",
    "Ok",
    "Err",
    "Default",
    "Clone",
    "Debug",
    "Display",
    "Serialize",
    "Deserialize",
    "Build",
    "Builder",
    "New",
    "Send",
    "Sync",
    "Client",
    "Body",
    "Prepare",
    "Errors",
    "Error",
    "Value",
    "Values",
    "Map",
    "State",
    "W",
    "F",
    "Fmt",
    "Formatter",
    "Into",
    "From",
    "AsRef",
    "Add",
    "Sub",
    "Not",
    "Neg",
    "Next",
    "Hash",
    "Eq",
    "Len",
    "IsEmpty",
    "IsActive",
    "ToString",
    "AsStr",
    "IntoInner",
    "Id",
    "ID",
    "URL",
    "URLs",
    "HTTPServer",
    "RESOURCE_ID",
    "VERSION",
    "OPERATION",
    "foo-bar",
    "foo_bar",
    "E-mail",
    "$top",
    "already_snake",
    "Mixed_Case-name",
    "A",
    "X1",
    "V2Name",
    "1st",
    "_",
    "Größe",
];

/// `rustName`s, usable and not: raw-able keywords, outer underscores, wrong cases, names of
/// the generated code's own members.
fn rust_name() -> impl Strategy<Value = Option<String>> {
    prop_oneof![
        10 => Just(None),
        2 => "[a-z][a-z0-9]{0,6}(_[a-z0-9]{1,5}){0,2}".prop_map(Some),
        1 => prop::sample::select(vec![
            "type", "gen", "self_", "_x", "value", "new", "build", "client", "errors", "map", "w",
            "self", "None", "Ok", "FooBar", "a__b", "r#x", "crate",
        ])
        .prop_map(|n| Some(n.to_string())),
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
    /// Rule and domain lines, written on requests only.
    rules: Vec<String>,
    default: Option<String>,
    rust_name: Option<String>,
}

fn field() -> impl Strategy<Value = FieldSpec> {
    let ty = prop::sample::select(vec![
        "string", "integer", "long", "decimal", "date", "datetime", "boolean",
    ]);
    (
        name(),
        ty,
        prose(),
        any::<bool>(),
        0..7u8,
        any::<i32>(),
        rust_name(),
    )
        .prop_map(|(name, ty, description, required, pick, n, rust_name)| {
            let (rules, default): (Vec<String>, _) = match (ty, pick) {
                ("string", 0) => (vec!["pattern: '^[A-Z]+$'".into()], Some(quoted("ABC"))),
                ("string", 1) => (
                    vec![
                        "minLength: 1".into(),
                        format!("maxLength: {}", n.unsigned_abs() % 50 + 1),
                    ],
                    Some(quoted("x")),
                ),
                ("string", 2) => (Vec::new(), Some(quoted("\"#\u{202E}*/"))),
                ("string", 3) => (
                    vec!["domain: {values: [A, B-C, type]}".into()],
                    Some(quoted("B-C")),
                ),
                ("integer" | "long", 0) => (
                    vec![format!("minimum: {}", n / 2)],
                    Some((n / 2).to_string()),
                ),
                ("integer" | "long", 1) => (vec![format!("maximum: {n}")], Some(n.to_string())),
                ("boolean", 0) => (Vec::new(), Some("true".into())),
                ("decimal", 0) => (Vec::new(), Some("0.5".into())),
                ("decimal", 1) => (Vec::new(), Some(format!("{}.25", n % 1000))),
                _ => (Vec::new(), None),
            };
            let default = if required { None } else { default };
            FieldSpec {
                name,
                ty,
                description,
                required,
                rules,
                default,
                rust_name,
            }
        })
}

/// A field of a body: a scalar, an array of scalars, or a nested object (in an array or not).
#[derive(Debug, Clone)]
enum Node {
    Scalar(FieldSpec),
    Array(FieldSpec),
    Object {
        field: FieldSpec,
        array: bool,
        object: String,
        fields: Vec<FieldSpec>,
    },
}

fn node() -> impl Strategy<Value = Node> {
    prop_oneof![
        8 => field().prop_map(Node::Scalar),
        1 => field().prop_map(Node::Array),
        2 => (field(), any::<bool>(), name(), prop::collection::vec(field(), 1..4)).prop_map(
            |(field, array, object, fields)| Node::Object { field, array, object, fields }
        ),
    ]
}

/// `rustName`s of types and variants, usable and not.
fn type_rust_name() -> impl Strategy<Value = Option<String>> {
    prop_oneof![
        6 => Just(None),
        2 => "[A-Z][a-z]{2,8}([A-Z][a-z]{1,5})?".prop_map(Some),
        1 => prop::sample::select(vec![
            "Self", "THING", "ID", "Option", "Result", "New", "Foo_Bar", "Body1_2", "None", "Ok",
            "Validation", "Error", "Client", "Thing", "ThingRequest", "ThingRequestBuilder",
        ])
        .prop_map(|n| Some(n.to_string())),
    ]
}

/// Writes a field's name, type line and common keys at `pad`.
fn write_head(t: &mut String, pad: &str, f: &FieldSpec, ty: &str) {
    t.push_str(&format!(
        "{pad}{}:\n{pad}  type: {ty}\n{pad}  description: {}\n",
        quoted(&f.name),
        quoted(&f.description)
    ));
    if let Some(rust_name) = &f.rust_name {
        t.push_str(&format!("{pad}  rustName: {}\n", quoted(rust_name)));
    }
}

/// Writes a scalar field, with its rules, `required` and default in a request.
fn write_scalar(t: &mut String, pad: &str, f: &FieldSpec, request: bool) {
    write_head(t, pad, f, f.ty);
    if !request {
        return;
    }
    if f.required {
        t.push_str(&format!("{pad}  required: true\n"));
    }
    for rule in &f.rules {
        t.push_str(&format!("{pad}  {rule}\n"));
    }
    if let Some(default) = &f.default {
        t.push_str(&format!("{pad}  default: {default}\n"));
    }
}

fn write_node(t: &mut String, pad: &str, node: &Node, request: bool) {
    match node {
        Node::Scalar(f) => write_scalar(t, pad, f, request),
        Node::Array(f) => {
            write_head(t, pad, f, "array");
            if request && f.required {
                t.push_str(&format!("{pad}  required: true\n"));
            }
            t.push_str(&format!("{pad}  items:\n{pad}    type: {}\n", f.ty));
            for rule in f.rules.iter().filter(|_| request) {
                t.push_str(&format!("{pad}    {rule}\n"));
            }
        }
        Node::Object {
            field,
            array,
            object,
            fields,
        } => {
            let (ty, inner) = if *array {
                ("array", format!("{pad}    "))
            } else {
                ("object", format!("{pad}  "))
            };
            write_head(t, pad, field, ty);
            if *array {
                t.push_str(&format!("{pad}  items:\n{pad}    type: object\n"));
            }
            t.push_str(&format!(
                "{inner}object: {}\n{inner}fields:\n",
                quoted(object)
            ));
            for f in fields {
                write_scalar(t, &format!("{inner}  "), f, request);
            }
        }
    }
}

type Method = (&'static str, u16);

fn resource_text() -> impl Strategy<Value = String> {
    (
        (
            "[A-Z][a-z]{2,8}",
            "(Add|Get|Update|Delete)[A-Z][a-z]{2,8}",
            1u32..20,
        ),
        prop::sample::select(vec![
            ("POST", 201),
            ("PUT", 200),
            ("GET", 200),
            ("DELETE", 202),
        ]),
        (prose(), prose()),
        (name(), rust_name(), prop::collection::vec(name(), 0..3)),
        prop::collection::vec(node(), 1..8),
        prop::collection::vec(
            (
                1u64..999_999,
                prop::sample::select(vec![400u16, 404, 409, 500]),
                prose(),
                type_rust_name(),
            ),
            0..4,
        ),
        (name(), type_rust_name(), type_rust_name(), any::<bool>()),
    )
        .prop_map(|(identity, method, text, params, nodes, errors, bodies)| {
            let mut t = resource_head(identity, method, text, params);
            let (object, request_name, response_name, list) = bodies;
            let body = |t: &mut String, role: &str, rust_name: &Option<String>| {
                t.push_str(&format!("{role}:\n  object: {}\n", quoted(&object)));
                if let Some(rust_name) = rust_name {
                    t.push_str(&format!("  rustName: {}\n", quoted(rust_name)));
                }
                if role == "response" && list {
                    t.push_str("  list: true\n  jsonRoot: things\n");
                }
                t.push_str("  fields:\n");
                for node in &nodes {
                    write_node(t, "    ", node, role == "request");
                }
            };
            if matches!(method.0, "POST" | "PUT") {
                body(&mut t, "request", &request_name);
            }
            if method.0 != "DELETE" {
                body(&mut t, "response", &response_name);
            }
            if !errors.is_empty() {
                t.push_str("errors:\n");
                for (code, status, message, rust_name) in &errors {
                    let rust_name = rust_name
                        .as_ref()
                        .map(|n| format!(", rustName: {}", quoted(n)))
                        .unwrap_or_default();
                    t.push_str(&format!(
                        "  - {{code: {code}, status: {status}, message: {}{rust_name}}}\n",
                        quoted(message)
                    ));
                }
            }
            t
        })
}

/// Everything above the bodies: identity, path with one parameter, query parameters.
fn resource_head(
    (area, operation, version): (String, String, u32),
    (method, status): Method,
    (summary, description): (String, String),
    (param, param_rust_name, queries): (String, Option<String>, Vec<String>),
) -> String {
    let mut t = format!(
        "kind: resource\nresource: 9999\nversion: {version}\narea: {area}\nsummary: {}\ndescription: {}\n\
         operation: {operation}\nmethod: {method}\npath: {}\nformats: [json, xml]\n\
         successStatus: {status}\npathParameters:\n  {}:\n    type: integer\n    minimum: 1\n    description: {}\n",
        quoted(&summary),
        quoted(&description),
        quoted(&format!("/{}/things/{{{param}}}", area.to_lowercase())),
        quoted(&param),
        quoted(&description),
    );
    if let Some(rust_name) = param_rust_name {
        t.push_str(&format!("    rustName: {}\n", quoted(&rust_name)));
    }
    t.push_str("queryParameters:\n  - $lang\n");
    for q in queries {
        t.push_str(&format!(
            "  - {}: {{type: integer}}\n",
            quoted(&format!("${q}"))
        ));
    }
    t
}

fn common() -> Vec<u8> {
    std::fs::read(support::workspace_root().join("spec/common.yaml")).expect("spec/common.yaml")
}

proptest! {
    #![proptest_config(cases(500, 150))]

    #[test]
    fn generated_resources(text in resource_text()) {
        check(&[("common.yaml", common()), ("resource.yaml", text.into_bytes())])?;
    }
}

// ---------------------------------------------------------------------------------------------
// Generated specs, compiled: parsing with syn is not enough, every accepted spec must build
// warning-free and clippy-clean. Compiling is slow, so a fixed batch of accepted specs goes
// into one crate that one `cargo clippy` checks.

/// How many accepted specs are compiled: `CLIPPY_SPECS` when set, else 40.
fn clippy_specs() -> usize {
    std::env::var("CLIPPY_SPECS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(40)
}

/// Runs the generator on one spec in a scratch folder: the generated files, or `None` when
/// the spec is rejected.
fn accepted_files(text: &str) -> Option<generator::GeneratedFiles> {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("properties-clippy")
        .join(NEXT.fetch_add(1, Ordering::Relaxed).to_string());
    std::fs::create_dir_all(&dir).expect("scratch folder");
    std::fs::write(dir.join("common.yaml"), common()).expect("write case");
    std::fs::write(dir.join("resource.yaml"), text).expect("write case");
    let names = [PathBuf::from("common.yaml"), PathBuf::from("resource.yaml")];
    let generated = generator::generate_files(&names, &dir).ok();
    let _ = std::fs::remove_dir_all(&dir);
    generated
}

/// The first `n` accepted specs the seeded strategy yields, with their files; the same ones on
/// every run, so a failure reproduces.
fn accepted_batch(n: usize) -> Vec<(String, generator::GeneratedFiles)> {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::{RngAlgorithm, TestRng, TestRunner};
    let seed = *b"rambase-rs accepted specs clippy";
    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        TestRng::from_seed(RngAlgorithm::ChaCha, &seed),
    );
    let strategy = resource_text();
    let mut batch = Vec::new();
    let mut tried = 0;
    while batch.len() < n && tried < n * 50 {
        tried += 1;
        let text = strategy.new_tree(&mut runner).expect("a spec").current();
        if let Some(files) = accepted_files(&text) {
            batch.push((text, files));
        }
    }
    assert_eq!(
        batch.len(),
        n,
        "only {} of {tried} specs were accepted",
        batch.len()
    );
    batch
}

#[test]
fn accepted_specs_compile_under_clippy() {
    let n = clippy_specs();
    if n == 0 {
        return;
    }
    support::clippy_batch("accepted-specs", &accepted_batch(n));
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
    #![proptest_config(cases(2500, 750))]

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
