//! The generator's pipeline, phase by phase, on N = 1, 100 and 1000 synthetic resources
//! shaped like 3119 v5: `cargo bench -p generator --bench pipeline`.
//!
//! Phases: `load` (read files), `check` (YAML parse + decode), `lower` (validated IR), `emit`
//! (token streams), `format` (parse back + pretty-print), `write` (plan + write into an empty
//! folder under `target/`). `format_parse` and `format_print` time the two halves of `format`
//! alone (syn parsing the tokens, prettyplease printing the syntax tree): together, the least
//! that formatting with syn and prettyplease can cost for this much code. Each phase is timed on the previous phase's output, prepared
//! once per N. Not run in CI (only compiled by clippy --all-targets); see BENCHMARKS.md.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use generator::diag::Diagnostics;
use generator::phases::{FileTokens, SourceFile, SpecFile};

use rambase_testkit::synth;

const SIZES: [usize; 3] = [1, 100, 1000];

fn main() {
    divan::main();
}

/// `target/bench-pipeline`, next to the build output.
fn scratch() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| manifest.join("../target"), PathBuf::from);
    target.join("bench-pipeline")
}

/// Everything the phases consume, built once per N.
struct Inputs {
    paths: Vec<PathBuf>,
    sources: Vec<SourceFile>,
    files: Vec<SpecFile>,
    api: generator::ir::Api,
    tokens: BTreeMap<String, FileTokens>,
    formatted: BTreeMap<PathBuf, String>,
    parsed: Vec<syn::File>,
}

/// Token streams are not `Sync`, so inputs live per thread (the benches run on one) and
/// are leaked: a few per process.
fn inputs(n: usize) -> &'static Inputs {
    thread_local! {
        static CACHE: RefCell<BTreeMap<usize, &'static Inputs>> = const { RefCell::new(BTreeMap::new()) };
    }
    CACHE.with(|cache| {
        *cache
            .borrow_mut()
            .entry(n)
            .or_insert_with(|| Box::leak(Box::new(prepare(n))))
    })
}

fn prepare(n: usize) -> Inputs {
    let paths = synth::write_specs(n, &scratch().join(format!("spec-{n}")))
        .expect("synthetic specs are written");
    let mut diags = Diagnostics::default();
    let sources = generator::phases::load_files(&paths, &mut diags);
    let files = generator::phases::parse_files(&sources, &mut diags);
    let api = generator::phases::lower(&files, &mut diags);
    assert!(diags.check().is_ok(), "synthetic specs must be valid");
    let api = api.expect("lowered");
    let tokens = generator::phases::emit(&api);
    let rendered = generator::render(&api).expect("rendered");
    let parsed = items(&tokens)
        .map(|item| syn::parse2(item.clone()).expect("generated items parse"))
        .collect();
    Inputs {
        paths,
        sources,
        files,
        api,
        tokens,
        formatted: rendered.files,
        parsed,
    }
}

fn items(tokens: &BTreeMap<String, FileTokens>) -> impl Iterator<Item = &proc_macro2::TokenStream> {
    tokens
        .values()
        .flat_map(|file| &file.sections)
        .flat_map(|section| &section.items)
}

#[divan::bench(args = SIZES, sample_count = 10)]
fn load(bencher: divan::Bencher, n: usize) {
    let paths = &inputs(n).paths;
    bencher.bench_local(|| generator::phases::load_files(paths, &mut Diagnostics::default()));
}

#[divan::bench(args = SIZES, sample_count = 10)]
fn check(bencher: divan::Bencher, n: usize) {
    let sources = &inputs(n).sources;
    bencher.bench_local(|| generator::phases::parse_files(sources, &mut Diagnostics::default()));
}

#[divan::bench(args = SIZES, sample_count = 10)]
fn lower(bencher: divan::Bencher, n: usize) {
    let files = &inputs(n).files;
    bencher.bench_local(|| generator::phases::lower(files, &mut Diagnostics::default()));
}

#[divan::bench(args = SIZES, sample_count = 10)]
fn emit(bencher: divan::Bencher, n: usize) {
    let api = &inputs(n).api;
    bencher.bench_local(|| generator::phases::emit(api));
}

#[divan::bench(args = SIZES, sample_count = 10)]
fn format(bencher: divan::Bencher, n: usize) {
    let tokens = &inputs(n).tokens;
    bencher.bench_local(|| {
        tokens
            .iter()
            .map(|(path, file)| generator::phases::format_file(path, file).expect("formats"))
            .collect::<Vec<String>>()
    });
}

#[divan::bench(args = SIZES, sample_count = 10)]
fn format_parse(bencher: divan::Bencher, n: usize) {
    let tokens = &inputs(n).tokens;
    bencher.bench_local(|| {
        items(tokens)
            .map(|item| syn::parse2::<syn::File>(item.clone()).expect("parses"))
            .collect::<Vec<_>>()
    });
}

#[divan::bench(args = SIZES, sample_count = 10)]
fn format_print(bencher: divan::Bencher, n: usize) {
    let parsed = &inputs(n).parsed;
    bencher.bench_local(|| parsed.iter().map(prettyplease::unparse).collect::<Vec<_>>());
}

/// Writes every file into an empty folder: each sample has one iteration, and the folder
/// of the previous one is removed outside the timed part.
#[divan::bench(args = SIZES, sample_count = 10, sample_size = 1)]
fn write(bencher: divan::Bencher, n: usize) {
    let files = &inputs(n).formatted;
    let out = scratch().join(format!("out-{n}"));
    bencher
        .with_inputs(|| {
            let _ = std::fs::remove_dir_all(&out);
            out.clone()
        })
        .bench_local_refs(|out| {
            let changes = generator::write::plan(out, files).expect("planned");
            generator::write::apply(out, files, &changes).expect("written");
        });
}
