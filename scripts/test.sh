#!/usr/bin/env bash
# Installs what is missing, builds archcalc and its tests in Debug with
# AddressSanitizer and UndefinedBehaviorSanitizer into build/asan, and runs
# the whole test suite, the Python module's pytest tests included (CTest
# python_pytest runs python3 with the sanitizer runtime preloaded).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
cmake -S . -B build/asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DARCHCALC_SANITIZE=ON >/dev/null
cmake --build build/asan -j"$(nproc)"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp"
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
ctest --test-dir build/asan --output-on-failure -j"$(nproc)"
# Every bundled network's counts against the checked-in baselines: a change
# that moves any figure fails here until reports/ is updated on purpose
# (archcalc check architectures/ --baseline reports/ --update).
build/asan/archcalc check architectures/ --baseline reports/
