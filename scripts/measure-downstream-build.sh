#!/usr/bin/env bash
# What the generator costs a downstream crate (issue 4): the clean build time of
# examples/downstream (runtime + generator as build-dependency + build script) against the
# runtime alone, each in a fresh target folder, and the run time of the build script itself.
# Usage: scripts/measure-downstream-build.sh [RUNS]   (RUNS build-script runs, default 5)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"
work="target/measure-downstream"
rm -rf "$work"
mkdir -p "$work"

ms() { echo $(( ($2 - $1) / 1000000 )); }

clean_build() {
    local package="$1" dir="$work/$1"
    local start end
    start=$(date +%s%N)
    CARGO_TARGET_DIR="$dir" cargo build -q -p "$package"
    end=$(date +%s%N)
    ms "$start" "$end"
}

runtime_ms=$(clean_build rambase-runtime)
downstream_ms=$(clean_build rambase-downstream-example)

# The build script, run as Cargo runs it, into a scratch OUT_DIR.
script=$(ls -d "$work"/rambase-downstream-example/debug/build/rambase-downstream-example-*/build-script-build | head -n 1)
out="$work/out"
times=()
for _ in $(seq "$runs"); do
    rm -rf "$out" && mkdir -p "$out"
    start=$(date +%s%N)
    (cd examples/downstream && OUT_DIR="$(cd ../.. && pwd)/$out" CARGO_MANIFEST_DIR="$(pwd)" "$OLDPWD/$script" >/dev/null)
    end=$(date +%s%N)
    times+=("$(ms "$start" "$end")")
done
median=$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(date +%F)"
echo "clean build, rambase-runtime alone:            ${runtime_ms} ms"
echo "clean build, rambase-downstream-example:       ${downstream_ms} ms"
echo "added by the generator as build-dependency:    $((downstream_ms - runtime_ms)) ms"
echo "build script run (3119 v5), median of ${runs}:     ${median} ms (all: ${times[*]})"
