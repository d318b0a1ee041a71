#!/usr/bin/env bash
# What the generator library costs a crate whose build script uses it (issue 22): a new crate
# with only a build script that generates 3119 v5, built cold (its own empty target folder,
# incremental off) against an older checkout's library and this one's, alternating, ROUNDS
# times. Reports the whole build's wall time and the generator library unit's own compile time
# from `cargo build --timings`.
# Usage: scripts/bench-build-dep.sh BEFORE_CHECKOUT [ROUNDS]
#   BEFORE_CHECKOUT: a checkout (e.g. `git worktree add /tmp/before <commit>`) whose build
#   scripts depend on the package `generator`; this checkout's use `generator-core`.
set -euo pipefail
cd "$(dirname "$0")/.."
before="$(cd "$1" && pwd)"
rounds="${2:-3}"
after="$PWD"
work="$after/target/bench-build-dep"
rm -rf "$work"
mkdir -p "$work"
export CARGO_INCREMENTAL=0

# crate NAME CHECKOUT PACKAGE CRATE: a scratch crate whose build script generates from spec/.
crate() {
    local dir="$work/$1"
    mkdir -p "$dir/src" "$dir/spec"
    cp -r "$after/spec/collaboration" "$after/spec/common.yaml" "$dir/spec/"
    printf '[package]\nname = "build-dep-%s"\nversion = "0.0.0"\nedition = "2024"\npublish = false\n\n[workspace]\n\n[build-dependencies]\n%s = { path = "%s" }\n' \
        "$1" "$3" "$2" >"$dir/Cargo.toml"
    printf 'fn main() {\n    if let Err(err) = %s::generate("spec") {\n        eprintln!("{err}");\n        std::process::exit(1);\n    }\n}\n' \
        "$4" >"$dir/build.rs"
    echo '//! Nothing: only the build script is measured.' >"$dir/src/lib.rs"
    cp "$after/Cargo.lock" "$dir/Cargo.lock"
}
crate before "$before/generator" generator generator
crate after "$after/generator/core" generator-core generator_core

# The library unit's compile time, from the newest cargo-timing file of DIR.
unit_seconds() {
    python3 - "$1" "$2" <<'EOF'
import json, re, sys, glob, os
files = sorted(glob.glob(os.path.join(sys.argv[1], "target/cargo-timings/cargo-timing-*.html")))
text = open(files[-1]).read()
units = json.loads(re.search(r"const UNIT_DATA = (\[.*?\]);", text, re.S).group(1))
print(next(u["duration"] for u in units if u["name"] == sys.argv[2] and u["target"].strip() in ("", "lib")))
EOF
}

for _ in $(seq "$rounds"); do
    for which in before after; do
        dir="$work/$which"
        rm -rf "$dir/target"
        start=$(date +%s%N)
        (cd "$dir" && cargo build -q --timings 2>/dev/null)
        end=$(date +%s%N)
        lib=$([ "$which" = before ] && echo generator || echo generator-core)
        echo "$(((end - start) / 1000000)) $(unit_seconds "$dir" "$lib")" >>"$work/$which.txt"
    done
done

echo "machine: $(nproc) cores, $(date -u +%F), load $(cut -d' ' -f1-3 /proc/loadavg); rounds: $rounds, alternating"
python3 - "$work" <<'EOF'
import statistics, sys
for which in ("before", "after"):
    rows = [line.split() for line in open(f"{sys.argv[1]}/{which}.txt")]
    build = [int(r[0]) / 1000 for r in rows]
    unit = [float(r[1]) for r in rows]
    print(f"{which}: cold build median {statistics.median(build):.1f} s ({min(build):.1f}-{max(build):.1f}), "
          f"library unit median {statistics.median(unit):.2f} s ({min(unit):.2f}-{max(unit):.2f})")
EOF
