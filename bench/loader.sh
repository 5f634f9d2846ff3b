#!/usr/bin/env bash
# Benchmarks the YAML loader at scale and prints one Markdown table
# (bench/loader_table.py): `archcalc analyze` (table) as a whole process on
# flat chains of 12,500 to 100,000 convolutions and on ResNet-152, beside
# yaml-cpp's bare event parse of the same files, medians of REPS repetitions,
# everything in this one run. Release build in build/release.
# Usage: bench/loader.sh [OUT_DIR] [REPS]   (raw JSON goes to OUT_DIR, default build/bench)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-build/bench}
reps=${2:-5}
mkdir -p "$out"
cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release -DARCHCALC_TESTS=OFF \
  -DARCHCALC_BENCH=ON >/dev/null
cmake --build build/release --target archcalc archcalc_bench_loader -j"$(nproc)" >/dev/null
echo "machine: $(lscpu | sed -n 's/^Model name: *//p') · $(nproc) CPUs · $(date -u +%Y-%m-%dT%H:%MZ)" \
  >"$out/loader_machine.txt"
build/release/bench/archcalc_bench_loader --benchmark_repetitions="$reps" \
  --benchmark_report_aggregates_only=true --benchmark_format=json >"$out/loader.json"
cat "$out/loader_machine.txt"
echo
/usr/bin/python3 bench/loader_table.py "$out/loader.json"
