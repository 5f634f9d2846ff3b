#!/usr/bin/env bash
# Installs what is missing and builds archcalc (Release) into build/release.
# The tool is then build/release/archcalc.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release -DARCHCALC_TESTS=OFF >/dev/null
cmake --build build/release --target archcalc -j"$(nproc)"
