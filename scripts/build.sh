#!/usr/bin/env bash
# Installs what is missing and builds archcalc (Release) into build/release.
# The tool is then build/release/archcalc.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
# GCC 12 at -O3 gives false-positive restrict/maybe-uninitialized warnings;
# warnings stay errors in the Debug builds the tests use.
cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release -DARCHCALC_TESTS=OFF \
  -DCMAKE_CXX_FLAGS="-Wno-error" >/dev/null
cmake --build build/release --target archcalc -j"$(nproc)"
