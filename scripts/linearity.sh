#!/usr/bin/env bash
# Prints how generation time grows with input size (issue 6): 1x, 10x and 100x as many
# resources, as long a description and as many fields. Linear cost shows as a flat
# "time per unit" column. Timing is a measurement, not a test: run it by hand, in release.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo run -q -p generator --release --example linearity
