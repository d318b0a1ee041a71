//! Shows that generation time grows linearly with the size of the input (issue 6): times the
//! whole pipeline (read, parse, check, emit, format) on inputs 1x, 10x and 100x as large, along
//! three axes, and prints the time per unit of input, which stays flat when the cost is linear.
//!
//! - resources: 10, 100, 1000 resources shaped like 3119 v5 (`support/synth.rs`), one file each;
//! - description: one resource whose description is 10 kB, 100 kB, 1 MB;
//! - fields: one resource whose request and response have 100, 1000, 10000 fields.
//!
//! Run with `scripts/linearity.sh` (release build). Each figure is the best of three runs.

use rambase_testkit::synth;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn main() {
    let root = PathBuf::from("target/linearity");
    println!(
        "{:<12} {:>7} {:>12} {:>12} {:>16}",
        "axis", "scale", "input", "time", "time per unit"
    );
    for (scale, n) in [(1, 10), (10, 100), (100, 1000)] {
        let dir = root.join(format!("resources-{n}"));
        let _ = std::fs::remove_dir_all(&dir);
        let files = synth::write_specs(n, &dir).expect("write synthetic specs");
        let time = best_of_three(&files, &dir);
        report(
            "resources",
            scale,
            &format!("{n} res"),
            time,
            n as f64,
            "res",
        );
    }
    for (scale, bytes) in [(1, 10_000), (10, 100_000), (100, 1_000_000)] {
        let line = "Some words ```rust panic!() */ <b> and a link https://example.com/x.\n";
        let text = line.repeat(bytes / line.len() + 1);
        let dir = single(&format!("description-{bytes}"), &spec_with(&text, 3));
        let time = best_of_three(&[dir.join("a.yaml")], &dir);
        report(
            "description",
            scale,
            &format!("{} kB", bytes / 1000),
            time,
            bytes as f64 / 1000.0,
            "kB",
        );
    }
    for (scale, fields) in [(1, 100), (10, 1000), (100, 10_000)] {
        let dir = single(
            &format!("fields-{fields}"),
            &spec_with("Many fields.", fields),
        );
        let time = best_of_three(&[dir.join("a.yaml")], &dir);
        report(
            "fields",
            scale,
            &format!("{fields} fields"),
            time,
            fields as f64,
            "field",
        );
    }
}

fn report(axis: &str, scale: u32, input: &str, time: Duration, units: f64, unit: &str) {
    let per = time.as_secs_f64() * 1e6 / units;
    println!(
        "{axis:<12} {:>6}x {input:>12} {:>10.1}ms {per:>11.1}µs/{unit}",
        scale,
        time.as_secs_f64() * 1e3
    );
}

fn best_of_three(files: &[PathBuf], base: &Path) -> Duration {
    (0..3)
        .map(|_| {
            let start = Instant::now();
            let out = generator::generate_files(files, base)
                .unwrap_or_else(|e| panic!("the input should generate:\n{e}"));
            assert!(!out.files.is_empty());
            start.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn single(name: &str, text: &str) -> PathBuf {
    let dir = PathBuf::from("target/linearity").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch folder");
    std::fs::write(dir.join("a.yaml"), text).expect("write spec");
    dir
}

/// One POST resource with a literal-block description and `fields` string fields in its
/// request and response.
fn spec_with(description: &str, fields: usize) -> String {
    let mut t = String::from(
        "kind: resource\nresource: 9000\nversion: 1\narea: Sales\nsummary: Creates a thing\n\
         operation: AddThing\nmethod: POST\npath: /sales/things\nformats: [json]\nsuccessStatus: 201\ndescription: |\n",
    );
    for line in description.lines() {
        t.push_str("  ");
        t.push_str(line);
        t.push('\n');
    }
    for role in ["request", "response"] {
        t.push_str(&format!("{role}:\n  object: Thing\n  fields:\n"));
        for i in 0..fields {
            t.push_str(&format!(
                "    {}:\n      type: string\n      description: Field number {i}\n",
                synth::word(i + 1)
            ));
        }
    }
    t
}
