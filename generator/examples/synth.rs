//! Writes N synthetic resources shaped like 3119 v5 plus a `common.yaml` into a folder, for
//! benchmarks: `cargo run -p generator --release --example synth -- N OUT_DIR`.
//!
//! The folder is emptied first; the output depends only on N. Keep it under `target/`.

use rambase_testkit::synth;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (n, dir) = match args.as_slice() {
        [n, dir] => match n.parse::<usize>() {
            Ok(n) => (n, std::path::PathBuf::from(dir)),
            Err(_) => usage(),
        },
        _ => usage(),
    };
    match synth::write_specs(n, &dir) {
        Ok(paths) => println!(
            "wrote {} spec files ({n} resources + common.yaml) to {}",
            paths.len(),
            dir.display()
        ),
        Err(err) => {
            eprintln!("{}: {err}", dir.display());
            std::process::exit(1);
        }
    }
}

fn usage() -> ! {
    eprintln!("usage: cargo run -p generator --release --example synth -- N OUT_DIR");
    std::process::exit(2);
}
