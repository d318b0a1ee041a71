#!/usr/bin/env bash
# Compile cost of the generated code for N=100 synthetic resources against progenitor's output
# for the equivalent OpenAPI document (../shared/yardstick/prog100), paired in one run: the two
# crates' dependencies are built once, then `cargo check` and a debug `cargo build` of each
# crate alone (incremental off, `touch`ed) alternate RUNS times, so that machine load hits both
# alike. Each crate is also checked with an empty lib.rs (same dependencies, same target
# folder), so that the fixed cost of cargo and of loading the dependencies can be taken off:
# per resource = (crate - empty) / N. Prints medians (min-max), the ratios ours/progenitor of
# whole-crate times and of per-resource times, and lines per resource.
# Usage: scripts/bench-vs-progenitor.sh [RUNS]. See BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/runtime-crate.sh
runs="${1:-5}"
n=100
root="$PWD"
yardstick="$root/../shared/yardstick"
work="$root/target/bench-vs-progenitor"
bin="$root/target/release/examples"

cargo build -q --release -p generator --example synth --example generate_dir
rm -rf "$work/spec" "$work/gen"
"$bin/synth" "$n" "$work/spec" >/dev/null
"$bin/generate_dir" "$work/spec" "$work/gen" >/dev/null

ours="$work/ours"
runtime_crate "$ours" ours-n100
printf '#![allow(missing_docs)]\ninclude!("%s/gen/rambase_api.rs");\n' "$work" >"$ours/src/lib.rs"

theirs="$work/progenitor"
rm -rf "$theirs"
cp -r "$yardstick/prog100" "$theirs"
chmod -R u+w "$theirs"

# time CRATE COMMAND: milliseconds of one `cargo COMMAND` of the crate alone.
time_one() {
    touch "$1/src/lib.rs"
    local start end
    start=$(date +%s%N)
    (cd "$1" && CARGO_INCREMENTAL=0 cargo "$2" -q 2>/dev/null)
    end=$(date +%s%N)
    echo $(((end - start) / 1000000))
}

for crate in "$ours" "$theirs"; do
    (cd "$crate" && cargo check -q && cargo build -q)
done
rm -f "$work"/*.ms
# time_empty CRATE COMMAND: like time_one with an empty lib.rs (the fixed cost).
time_empty() {
    mv "$1/src/lib.rs" "$1/src/lib.rs.keep"
    : >"$1/src/lib.rs"
    time_one "$1" "$2"
    mv "$1/src/lib.rs.keep" "$1/src/lib.rs"
}

for _ in $(seq "$runs"); do
    for command in check build; do
        time_one "$ours" "$command" >>"$work/ours-$command.ms"
        time_one "$theirs" "$command" >>"$work/theirs-$command.ms"
        time_empty "$ours" "$command" >>"$work/ours-empty-$command.ms"
        time_empty "$theirs" "$command" >>"$work/theirs-empty-$command.ms"
    done
done

stats() {
    sort -n "$1" | awk '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; print m, v[1], v[NR] }'
}
for command in check build; do
    read -r a a_lo a_hi < <(stats "$work/ours-$command.ms")
    read -r b b_lo b_hi < <(stats "$work/theirs-$command.ms")
    read -r ae _ _ < <(stats "$work/ours-empty-$command.ms")
    read -r be _ _ < <(stats "$work/theirs-empty-$command.ms")
    echo "cargo $command, N=$n: ours $a ms ($a_lo-$a_hi), progenitor $b ms ($b_lo-$b_hi); ratio $(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.2f", a / b }')"
    echo "  empty crate: ours $ae ms, progenitor $be ms; per resource: ours $(awk -v a="$a" -v e="$ae" -v n="$n" 'BEGIN { printf "%.1f", (a - e) / n }') ms, progenitor $(awk -v b="$b" -v e="$be" -v n="$n" 'BEGIN { printf "%.1f", (b - e) / n }') ms; ratio $(awk -v a="$a" -v ae="$ae" -v b="$b" -v be="$be" 'BEGIN { printf "%.2f", (a - ae) / (b - be) }')"
done
python3 "$yardstick/loc.py" "$n" "$work/gen"
python3 "$yardstick/loc.py" "$n" "$theirs/src"
