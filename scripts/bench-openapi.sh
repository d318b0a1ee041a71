#!/usr/bin/env bash
# Whole client OpenAPI documents in RamBase's shape (the sales fixture repeated with its own
# paths, names, resource numbers and schemas; testkit/src/big_openapi.rs): times
# `generator import-openapi` into an empty folder and generating the client from what it wrote
# (`generate_dir`), with peak memory (max RSS), for 3,000 and 10,000 operations and for a
# 50 MB document (10,000 operations and 69,600 component schemas nothing uses); then
# `cargo check` of the 3,000-operation client in a scratch crate on the runtime (dependencies
# built first, incremental off; skipped with NO_CHECK=1). Runs are interleaved.
# Usage: scripts/bench-openapi.sh [RUNS].
# See BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/runtime-crate.sh
runs="${1:-3}"
root="$PWD"
work="$root/target/bench-openapi-script"
bin="$root/target/release"
mkdir -p "$work"

cargo build -q --release -p generator --bin generator --example openapi_doc --example generate_dir
"$bin/examples/openapi_doc" 3000 0 "$work/ops-3000.json"
"$bin/examples/openapi_doc" 10000 0 "$work/ops-10000.json"
"$bin/examples/openapi_doc" 10000 11600 "$work/unused-50mb.json"

# run NAME CMD...: one run; appends wall ms, max RSS KiB and CPU ms to $work/NAME.{ms,kb,cpu}.
run() {
    local name="$1"
    shift
    local start end
    start=$(date +%s%N)
    /usr/bin/time -f "%M %U %S" -o "$work/rss.tmp" "$@" >/dev/null
    end=$(date +%s%N)
    echo $(((end - start) / 1000000)) >>"$work/$name.ms"
    awk '{ print $1 }' "$work/rss.tmp" >>"$work/$name.kb"
    awk '{ printf "%d\n", ($2 + $3) * 1000 }' "$work/rss.tmp" >>"$work/$name.cpu"
}

stats() {
    sort -n "$1" | awk '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; print m, v[1], v[NR] }'
}

docs="ops-3000 ops-10000 unused-50mb"
for doc in $docs; do
    for what in import generate; do rm -f "$work/$what-$doc".{ms,kb,cpu}; done
done
for _ in $(seq "$runs"); do
    for doc in $docs; do
        rm -rf "$work/spec-$doc" "$work/gen-$doc"
        run "import-$doc" "$bin/generator" import-openapi "$work/$doc.json" --spec "$work/spec-$doc"
        # The 50 MB document writes the same specs as the 10,000-operation one.
        [ "$doc" = unused-50mb ] && continue
        run "generate-$doc" "$bin/examples/generate_dir" "$work/spec-$doc" "$work/gen-$doc"
    done
done

echo "machine: $(nproc) cores, $(date -u +%Y-%m-%d); runs: $runs each, interleaved"
for doc in $docs; do
    size=$(stat -c %s "$work/$doc.json")
    for what in import generate; do
        [ -f "$work/$what-$doc.ms" ] || continue
        read -r ms lo hi < <(stats "$work/$what-$doc.ms")
        read -r kb _ kb_hi < <(stats "$work/$what-$doc.kb")
        read -r cpu _ _ < <(stats "$work/$what-$doc.cpu")
        echo "$what $doc ($((size / 1000000)) MB): wall $ms ms ($lo-$hi), CPU $cpu ms, max RSS $((kb / 1024)) MiB (highest $((kb_hi / 1024)))"
    done
done
for doc in ops-3000 ops-10000; do
    read -r imp _ _ < <(stats "$work/import-$doc.ms")
    read -r gen _ _ < <(stats "$work/generate-$doc.ms")
    awk -v i="$imp" -v g="$gen" -v d="$doc" 'BEGIN { printf "%s: (import + generate) / generate = %.2f (bound 2)\n", d, (i + g) / g }'
done

# The check below takes minutes and 7.6 GiB; NO_CHECK=1 stops here.
[ "${NO_CHECK:-}" = 1 ] && exit 0
crate="$work/crate"
runtime_crate "$crate" openapi-check-cost
# Builds the dependencies once, outside the timing.
echo >"$crate/src/lib.rs"
(cd "$crate" && CARGO_INCREMENTAL=0 cargo check -q 2>"$work/check.log")
printf '#![allow(missing_docs)]\ninclude!("%s/gen-ops-3000/rambase_api.rs");\n' "$work" >"$crate/src/lib.rs"
run check-3000 sh -c "cd '$crate' && CARGO_INCREMENTAL=0 cargo check -q 2>>'$work/check.log'"
read -r ms _ _ < <(stats "$work/check-3000.ms")
read -r kb _ _ < <(stats "$work/check-3000.kb")
echo "cargo check, client of 3,000 operations: $ms ms, max RSS $((kb / 1024)) MiB"
