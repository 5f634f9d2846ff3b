#!/bin/sh
# Builds a fuzz target with libFuzzer + ASan + UBSan and runs it for a time:
#   fuzz/run.sh fuzz_analyze 1800
#   fuzz/run.sh fuzz_set 1800
#   fuzz/run.sh fuzz_onnx 1800
# Build dir: $ARCHCALC_FUZZ_BUILD (default build-fuzz). The corpus grows in
# <build>/corpus/TARGET; crashes, leaks, timeouts and OOMs land in
# <build>/artifacts/TARGET/. Runs at nice 10 on one core. Exit code: libFuzzer's
# (0: nothing found).
set -eu
if [ $# -ne 2 ]; then
  echo "usage: fuzz/run.sh fuzz_analyze|fuzz_set|fuzz_onnx SECONDS" >&2
  exit 2
fi
target=$1
seconds=$2
root=$(cd "$(dirname "$0")/.." && pwd)
build=${ARCHCALC_FUZZ_BUILD:-$root/build-fuzz}

CXX=${CXX:-clang++} cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DARCHCALC_FUZZ=ON -DARCHCALC_SANITIZE=ON -DARCHCALC_TESTS=OFF >/dev/null
nice -n 10 cmake --build "$build" -j1 --target "$target"

corpus=$build/corpus/$target
seeds=$build/seeds/$target
artifacts=$build/artifacts/$target
mkdir -p "$corpus" "$artifacts"
rm -rf "$seeds"
"$root/fuzz/seeds.sh" "$target" "$seeds"

# Stack overflows must be reported, not hidden: ASan checks them by default.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
# fuzz_set analyzes a fixed network whose `depth` may legally reach 10,000
# repeats (20,000 layers): about 20 s a unit under the sanitizers, so its
# timeout is 60 s. fuzz_analyze caps its networks at 2,000 layers: 10 s.
timeout=10
[ "$target" = fuzz_set ] && timeout=60
dict=$root/fuzz/archcalc.dict
[ "$target" = fuzz_onnx ] && dict=$root/fuzz/onnx.dict
exec nice -n 10 "$build/fuzz/$target" \
  -max_total_time="$seconds" -timeout="$timeout" -rss_limit_mb=2048 -malloc_limit_mb=1024 \
  -max_len=65536 -dict="$dict" -print_final_stats=1 \
  -artifact_prefix="$artifacts/" "$corpus" "$seeds"
