#!/usr/bin/env bash
# Times whole-process generation of N synthetic resources (default 1000, and N/10 for
# linearity) against a floor measured in the same run: reading and parsing the same spec
# files into a plain YAML value with serde-saphyr, nothing else. Prints medians, min-max,
# max RSS and the ratios. Usage: scripts/bench-generate.sh [RUNS] [N]. See BENCHMARKS.md.
#
# Runs are interleaved (floor, formatted, unformatted, ...) so that load on this shared
# machine hits every command alike. Each generation writes into an empty output folder,
# except `rerun`: the run a build script makes after one spec of N changed, into the folder
# the formatted run just filled (the other N-1 files are reused; see generator/src/cache.rs).
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-7}"
n="${2:-1000}"
small=$((n / 10))
work="target/bench-generate"
bin="target/release/examples"

cargo build -q --release -p generator --example synth --example generate_dir --example parse_floor
"$bin/synth" "$n" "$work/spec-$n" >/dev/null
"$bin/synth" "$small" "$work/spec-$small" >/dev/null

have_time=false
[ -x /usr/bin/time ] && have_time=true

# run NAME CMD...: one timed run; appends milliseconds to $work/NAME.ms, and max RSS (KiB) to
# $work/NAME.kb and CPU time (user + system, ms) to $work/NAME.cpu from /usr/bin/time when
# present.
run() {
    local name="$1"
    shift
    local start end
    start=$(date +%s%N)
    if $have_time; then
        /usr/bin/time -f "%M %U %S" -o "$work/rss.tmp" "$@" >/dev/null
        awk '{ print $1 }' "$work/rss.tmp" >>"$work/$name.kb"
        awk '{ printf "%d\n", ($2 + $3) * 1000 }' "$work/rss.tmp" >>"$work/$name.cpu"
    else
        "$@" >/dev/null
    fi
    end=$(date +%s%N)
    echo $(((end - start) / 1000000)) >>"$work/$name.ms"
}

# stats FILE: "median min max" of the numbers in FILE.
stats() {
    sort -n "$1" | awk '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; print m, v[1], v[NR] }'
}

# edit_one DIR RUN: changes the summary of one resource spec in DIR, differently each run.
edit_one() {
    local file
    file=$(find "$1" -name '*.yaml' ! -name common.yaml | sort | awk 'NR == 1')
    sed -i "s/^summary: .*/summary: Edited for run $2/" "$file"
}

names="floor-$n gen-$n same-$n rerun-$n nofmt-$n floor-$small gen-$small same-$small rerun-$small nofmt-$small"
for name in $names; do rm -f "$work/$name.ms" "$work/$name.kb" "$work/$name.cpu"; done
for i in $(seq "$runs"); do
    for size in "$n" "$small"; do
        run "floor-$size" "$bin/parse_floor" "$work/spec-$size"
        rm -rf "$work/out-$size"
        run "gen-$size" "$bin/generate_dir" "$work/spec-$size" "$work/out-$size"
        run "same-$size" "$bin/generate_dir" "$work/spec-$size" "$work/out-$size"
        edit_one "$work/spec-$size" "$i"
        run "rerun-$size" "$bin/generate_dir" "$work/spec-$size" "$work/out-$size"
        rm -rf "$work/out-$size-raw"
        run "nofmt-$size" "$bin/generate_dir" "$work/spec-$size" "$work/out-$size-raw" --no-format
    done
done

echo "machine: $(nproc) cores, $(awk '/model name/ { $1 = $2 = $3 = ""; print; exit }' /proc/cpuinfo | sed 's/^ *//'), $(date -u +%Y-%m-%d)"
echo "runs: $runs each, interleaved"
printf '%-14s %10s %18s %12s %10s\n' command "median ms" "min-max ms" "max RSS MiB" "CPU ms"
for name in $names; do
    read -r med lo hi < <(stats "$work/$name.ms")
    rss="-"
    cpu="-"
    if [ -s "$work/$name.kb" ]; then
        rss=$(stats "$work/$name.kb" | awk '{ printf "%.1f", $1 / 1024 }')
        cpu=$(stats "$work/$name.cpu" | awk '{ print $1 }')
    fi
    printf '%-14s %10s %18s %12s %10s\n' "$name" "$med" "$lo-$hi" "$rss" "$cpu"
done
median() { stats "$work/$1.ms" | awk '{ print $1 }'; }
median_kb() { stats "$work/$1.kb" | awk '{ print $1 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a / b }'; }
echo "ratio generator/floor, N=$n, formatted, wall: $(ratio "$(median "gen-$n")" "$(median "floor-$n")")x (target <= 6x)"
if $have_time; then
    median_cpu() { stats "$work/$1.cpu" | awk '{ print $1 }'; }
    echo "ratio generator/floor, N=$n, formatted, CPU:  $(ratio "$(median_cpu "gen-$n")" "$(median "floor-$n")")x of the floor's wall time (target <= 12x)"
fi
echo "ratio rerun with nothing changed/floor, N=$n: $(ratio "$(median "same-$n")" "$(median "floor-$n")")x (target <= 1.5x)"
echo "ratio rerun after one spec changed/floor, N=$n: $(ratio "$(median "rerun-$n")" "$(median "floor-$n")")x"
echo "ratio generator/floor, N=$n, unformatted: $(ratio "$(median "nofmt-$n")" "$(median "floor-$n")")x"
echo "linearity $small -> $n (time, 10 = linear):   $(ratio "$(median "gen-$n")" "$(median "gen-$small")")x"
if $have_time; then
    echo "linearity $small -> $n (max RSS, 10 = linear): $(ratio "$(median_kb "gen-$n")" "$(median_kb "gen-$small")")x"
fi
