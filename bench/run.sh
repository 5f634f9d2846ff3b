#!/usr/bin/env bash
# Benchmarks archcalc's backends against PyTorch CPU on this machine and prints
# one Markdown table (bench/table.py): batch 1, fp32, 1 and 2 threads, medians
# of 10 repetitions, everything measured in this one run.
# Usage: bench/run.sh [OUT_DIR [REGEX]]   (raw JSON goes to OUT_DIR, default
# build/bench; REGEX, e.g. 'network/(mobilenet_v2|vit_b_16)', runs only the
# cases whose name it finds, on both sides)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-build/bench}
filter=${2:-}
mkdir -p "$out"
scripts/deps.sh libbenchmark-dev python3-torch python3-torchvision python3-yaml
cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release -DARCHCALC_TESTS=OFF \
  -DARCHCALC_BENCH=ON >/dev/null
cmake --build build/release --target archcalc archcalc_bench -j"$(nproc)" >/dev/null
echo "machine: $(lscpu | sed -n 's/^Model name: *//p') · $(nproc) CPUs · $(date -u +%Y-%m-%dT%H:%MZ)" \
  >"$out/machine.txt"
build/release/bench/archcalc_bench --benchmark_repetitions=10 --benchmark_min_time=0.1 \
  --benchmark_report_aggregates_only=true --benchmark_format=json \
  ${filter:+--benchmark_filter="$filter"} >"$out/archcalc.json"
/usr/bin/python3 bench/torch_bench.py --repeat 10 --filter "$filter" >"$out/torch.json"
core=$(/usr/bin/python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["context"]["openblas_core"])' \
  "$out/archcalc.json")
echo "OpenBLAS kernels: $core${OPENBLAS_CORETYPE:+ (forced by OPENBLAS_CORETYPE=$OPENBLAS_CORETYPE)}" \
  >>"$out/machine.txt"
cat "$out/machine.txt"
echo
/usr/bin/python3 bench/table.py "$out/archcalc.json" "$out/torch.json"
