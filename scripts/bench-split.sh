#!/usr/bin/env bash
# The split layout against one crate, paired in one run. The client is either N synthetic
# resources (`synth N`, default 1000, 12 areas) or, with `openapi:OPS`, the OPS-operation
# document of the OpenAPI benchmark imported (one area of OPS/5 spec folders), generated
# both ways, each in a scratch workspace of its own with the runtime's dependencies already
# built, incremental compilation off. Each round, in turn for the two layouts: a cold
# `cargo check` of the client (its packages cleaned first), the peak RSS of its largest
# process (rustc), a `cargo build` after one spec edit (regenerated first, not timed), and for
# the split client a cold check of the facade with one area enabled. For `openapi:OPS` the
# single crate's edit build and the one-area check (the document is one area) are skipped.
# MAX_CRATE_VERSIONS=N passes `--max-crate-versions N` to the split generation.
# Usage: scripts/bench-split.sh [ROUNDS] [N|openapi:OPS]. See BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-2}"
n="${2:-1000}"
root="$PWD"
work="$root/target/bench-split/${n/:/-}"
bin="$root/target/release"
export CARGO_INCREMENTAL=0
bound=()
[ -n "${MAX_CRATE_VERSIONS:-}" ] && bound=(--max-crate-versions "$MAX_CRATE_VERSIONS")

cargo build -q --release -p generator --bin generator --example synth --example openapi_doc
# The workspaces stay from the last run: generation writes only what changed, so the
# untimed first builds below are quick on a rerun.
rm -rf "$work/spec" "$work"/*.txt
mkdir -p "$work"
case "$n" in
openapi:*)
    "$bin/examples/openapi_doc" "${n#openapi:}" 0 "$work/doc.json"
    "$bin/generator" import-openapi "$work/doc.json" --spec "$work/spec" >/dev/null
    edited=$(find "$work/spec" -name 'get-*.yaml' | sort | sed -n 1p)
    field='description: Sales order identifier'
    ;;
*)
    "$bin/examples/synth" "$n" "$work/spec" >/dev/null
    edited=$(grep -rl '^# Synthetic resource 1,' "$work/spec")
    field='description: Phone identifier'
    ;;
esac
area=${edited#"$work/spec/"}
area=${area%%/*}
[ "${n%%:*}" = openapi ] && areas_only=no || areas_only=yes

workspace() { # DIR MEMBERS
    mkdir -p "$1"
    rm -f "$1/Cargo.lock"
    printf '[workspace]\nresolver = "3"\nmembers = [%s]\n' "$2" >"$1/Cargo.toml"
    cp "$root/Cargo.lock" "$1/Cargo.lock"
}
workspace "$work/single" '"generated"'
mkdir -p "$work/single/generated/src"
sed -e 's/edition.workspace = true/edition = "2024"/' -e '/rust-version.workspace/d' \
    -e '/license.workspace/d' -e 's/publish.workspace = true/publish = false/' \
    -e '/^\[lints\]/,$d' -e "s|\.\./runtime|$root/runtime|" \
    "$root/generated/Cargo.toml" >"$work/single/generated/Cargo.toml"
workspace "$work/split" '"clients/*"'

generate() { # LAYOUT
    if [ "$1" = single ]; then
        "$bin/generator" --spec "$work/spec" --out "$work/single/generated/src" >/dev/null
    else
        "$bin/generator" --spec "$work/spec" --layout split --out "$work/split/clients" \
            --runtime "$root/runtime" "${bound[@]}" >/dev/null
    fi
}
generate single
generate split
packages() { # LAYOUT: the -p flags of the generated packages
    if [ "$1" = single ]; then echo "-p rambase-api"; else
        for d in "$work/split/clients"/*/; do printf -- '-p %s ' "$(basename "$d")"; done
    fi
}

# timed LAYOUT LABEL CARGO-ARGS...: appends "seconds peak-KB user-s sys-s" to
# $work/LAYOUT-LABEL.txt (user and system time are cargo's and every rustc's it ran).
timed() {
    local layout="$1" label="$2"
    shift 2
    (cd "$work/$layout" && CARGO_TARGET_DIR="$work/target-$layout" \
        /usr/bin/time -f '%e %M %U %S' -o "$work/last" cargo "$@" -q)
    cat "$work/last" >>"$work/$layout-$label.txt"
}
clean() { # LAYOUT
    # shellcheck disable=SC2046
    (cd "$work/$1" && CARGO_TARGET_DIR="$work/target-$1" cargo clean -q $(packages "$1"))
}
toggle_edit() {
    if grep -q "$field\$" "$edited"; then
        sed -i "s/$field\$/$field (edited)/" "$edited"
    else
        sed -i "s/$field (edited)\$/$field/" "$edited"
    fi
}

# The dependencies, outside the timing.
for layout in single split; do
    (cd "$work/$layout" && CARGO_TARGET_DIR="$work/target-$layout" cargo build -q -p rambase-runtime)
    (cd "$work/$layout" && CARGO_TARGET_DIR="$work/target-$layout" cargo check -q -p rambase-runtime)
done

for _ in $(seq "$rounds"); do
    for layout in single split; do
        clean "$layout"
        timed "$layout" cold-check check -p rambase-api
    done
    if [ "$areas_only" = yes ]; then
        clean split
        timed split one-area check -p rambase-api --no-default-features --features "$area"
        edits="single split"
    else
        edits=split
    fi
    # The edit is timed against a full build of the unedited client (untimed).
    for layout in $edits; do
        (cd "$work/$layout" && CARGO_TARGET_DIR="$work/target-$layout" cargo build -q -p rambase-api)
    done
    toggle_edit
    for layout in $edits; do
        generate "$layout"
        timed "$layout" edit-build build -p rambase-api
    done
done

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
cpu() { awk '{ print $3 + $4 }' "$1"; } # FILE: CPU seconds (user + sys) of each run
summary() { # FILE: median seconds (min-max), max peak RSS in MB, median CPU seconds
    local m lo hi rss c
    m=$(cut -d' ' -f1 "$1" | median)
    lo=$(cut -d' ' -f1 "$1" | sort -n | head -1)
    hi=$(cut -d' ' -f1 "$1" | sort -n | tail -1)
    rss=$(cut -d' ' -f2 "$1" | sort -n | tail -1)
    c=$(cpu "$1" | median)
    echo "$m s ($lo-$hi), peak RSS $((rss / 1024)) MB, CPU $c s"
}
echo "machine: $(nproc) cores, $(date -u +%Y-%m-%d), load $(cut -d' ' -f1-3 /proc/loadavg); client: $n; rounds: $rounds, paired; $(ls "$work/split/clients" | wc -l) crates${MAX_CRATE_VERSIONS:+, --max-crate-versions $MAX_CRATE_VERSIONS}"
for label in cold-check edit-build; do
    for layout in single split; do
        [ -f "$work/$layout-$label.txt" ] && echo "$label $layout: $(summary "$work/$layout-$label.txt")"
    done
done
s=$(cut -d' ' -f1 "$work/single-cold-check.txt" | median)
p=$(cut -d' ' -f1 "$work/split-cold-check.txt" | median)
rs=$(cut -d' ' -f2 "$work/single-cold-check.txt" | sort -n | tail -1)
rp=$(cut -d' ' -f2 "$work/split-cold-check.txt" | sort -n | tail -1)
awk -v s="$s" -v p="$p" -v rs="$rs" -v rp="$rp" 'BEGIN {
    printf "ratios: cold check split/single %.2f (target <= 0.5); peak RSS %.2f (<= 0.25)\n", p / s, rp / rs }'
# The host's speed drifts between rounds, so each round's own ratio is shown too; CPU time
# (user + sys) bounds what two cores can do: the wall ratio cannot go below CPU ratio / 2.
echo "cold check per round (split/single): $(paste -d' ' "$work/single-cold-check.txt" "$work/split-cold-check.txt" |
    awk '{ printf "%.2f ", $5 / $1 }')"
cs=$(cpu "$work/single-cold-check.txt" | median)
cp=$(cpu "$work/split-cold-check.txt" | median)
awk -v s="$cs" -v p="$cp" 'BEGIN { printf "cold check CPU split/single %.2f\n", p / s }'
if [ -f "$work/split-one-area.txt" ]; then
    echo "one-area facade ($area): $(summary "$work/split-one-area.txt")"
    o=$(cut -d' ' -f1 "$work/split-one-area.txt" | median)
    awk -v s="$s" -v p="$p" -v o="$o" 'BEGIN {
        printf "one area / full split %.2f, / single %.2f (target <= 0.15)\n", o / p, o / s }'
fi
