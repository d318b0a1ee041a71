#!/usr/bin/env bash
# Times `cargo check` of the generated code for N synthetic resources (default 100) and for
# one, in a scratch crate that depends on the runtime, with dependencies already built and
# incremental compilation off. Runs alternate between the two sizes so that machine load
# hits both alike; per resource = (median N - median 1) / (N - 1). Also counts generated
# lines per resource. Usage: scripts/bench-check.sh [RUNS] [N]. See BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/runtime-crate.sh
runs="${1:-5}"
n="${2:-100}"
root="$PWD"
work="$root/target/bench-check-script"
bin="$root/target/release/examples"

cargo build -q --release -p generator --example synth --example generate_dir
for size in "$n" 1; do
    rm -rf "$work/spec-$size" "$work/gen-$size"
    "$bin/synth" "$size" "$work/spec-$size" >/dev/null
    "$bin/generate_dir" "$work/spec-$size" "$work/gen-$size" >/dev/null
done

crate="$work/crate"
runtime_crate "$crate" check-cost

# check SIZE: one timed `cargo check` of gen-SIZE; appends milliseconds to $work/check-SIZE.ms.
check() {
    printf '#![allow(missing_docs)]\ninclude!("%s/gen-%s/rambase_api.rs");\n' "$work" "$1" >"$crate/src/lib.rs"
    local start end
    start=$(date +%s%N)
    (cd "$crate" && CARGO_INCREMENTAL=0 cargo check -q)
    end=$(date +%s%N)
    echo $(((end - start) / 1000000)) >>"$work/check-$1.ms"
}

# Builds the dependencies once, outside the timing.
check 1
rm -f "$work/check-$n.ms" "$work/check-1.ms"
for _ in $(seq "$runs"); do
    check "$n"
    check 1
done

stats() {
    sort -n "$1" | awk '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; print m, v[1], v[NR] }'
}
read -r big big_lo big_hi < <(stats "$work/check-$n.ms")
read -r one one_lo one_hi < <(stats "$work/check-1.ms")
lines=$(find "$work/gen-$n" -name 'v*.rs' -exec cat {} + | wc -l)
code=$(find "$work/gen-$n" -name 'v*.rs' -exec cat {} + | grep -cvE '^\s*(//|$)')
echo "machine: $(nproc) cores, $(date -u +%Y-%m-%d); runs: $runs each, interleaved"
echo "cargo check, N=$n: median $big ms ($big_lo-$big_hi)"
echo "cargo check, N=1:  median $one ms ($one_lo-$one_hi)"
awk -v b="$big" -v o="$one" -v n="$n" 'BEGIN { printf "per resource: %.1f ms (target <= 39.5, half of 79)\n", (b - o) / (n - 1) }'
awk -v l="$lines" -v c="$code" -v n="$n" 'BEGIN { printf "lines per resource: %.0f (%.0f without comments and blank lines; reference ~190)\n", l / n, c / n }'
