#!/usr/bin/env bash
# Benchmarks archcalc's backends against PyTorch CPU on this machine: batch 1,
# fp32, 1 and 2 threads, everything measured in this one run.
# - The sgemm peak and the single layers: Google Benchmark (archcalc), then
#   bench/torch_bench.py (PyTorch), medians of 10; tables by bench/table.py.
# - Whole networks: bench/interleave.py, archcalc's and PyTorch's forward
#   passes interleaved (each repetition runs every side once), medians of 10;
#   table by bench/interleave_table.py, with the load average of each block.
# Usage: bench/run.sh [OUT_DIR [NETWORKS]]   (raw JSON goes to OUT_DIR, default
# build/bench; NETWORKS, a regex such as 'mobilenet_v2|vit_b_16', runs only the
# network comparison, for the networks whose name it finds)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-build/bench}
networks=${2:-}
mkdir -p "$out"
scripts/deps.sh libbenchmark-dev python3-torch python3-torchvision python3-yaml
cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release -DARCHCALC_TESTS=OFF \
  -DARCHCALC_BENCH=ON >/dev/null
cmake --build build/release --target archcalc archcalc_bench archcalc_bench_serve \
  -j"$(nproc)" >/dev/null
echo "machine: $(lscpu | sed -n 's/^Model name: *//p') · $(nproc) CPUs · $(date -u +%Y-%m-%dT%H:%MZ)" \
  >"$out/machine.txt"
if [ -z "$networks" ]; then
  build/release/bench/archcalc_bench --benchmark_repetitions=10 --benchmark_min_time=0.1 \
    --benchmark_report_aggregates_only=true --benchmark_format=json >"$out/archcalc.json"
  /usr/bin/python3 bench/torch_bench.py --repeat 10 >"$out/torch.json"
fi
/usr/bin/python3 bench/interleave.py --repeat 10 --filter "network/(${networks:-.})" \
  >"$out/networks.json"
cat "$out/machine.txt"
echo
if [ -z "$networks" ]; then
  /usr/bin/python3 bench/table.py "$out/archcalc.json" "$out/torch.json"
  echo
fi
/usr/bin/python3 bench/interleave_table.py "$out/networks.json"
