#!/bin/sh
# Fills a seed corpus for a fuzz target: seeds.sh TARGET DIR.
# fuzz_analyze: every bundled network and every malformed test file;
# fuzz_set: a few `--set` lines (newline-separated values);
# fuzz_onnx: the ONNX models of the tests and the tiny ones fuzz/onnx_seeds.py
# writes (Debian's python3-onnx).
set -eu
target=$1
dir=$2
root=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$dir"
case "$target" in
  fuzz_analyze)
    find "$root/architectures" "$root/tests/errors" -name '*.yaml' 2>/dev/null |
      while read -r f; do
        cp "$f" "$dir/$(echo "${f#"$root"/}" | tr '/' '_')"
      done
    ;;
  fuzz_set)
    i=0
    for s in 'width=32' 'classes=1000' 'pad=valid' 'kernel=[3, 1]' 'size=224
channels=1' 'depth=3
width=$width' 'width=9223372036854775807' 'size=-1' 'kernel=3' 'pad=[1, 2, 3, 4]' \
      'width=(1+2)*3' 'nope=1' '=1' 'width='; do
      i=$((i + 1))
      printf '%s' "$s" >"$dir/seed_$i"
    done
    ;;
  fuzz_onnx)
    cp "$root"/tests/data/import/*.onnx "$dir/"
    /usr/bin/python3 "$root/fuzz/onnx_seeds.py" "$dir"
    ;;
  *)
    echo "seeds.sh: unknown target '$target' (fuzz_analyze, fuzz_set or fuzz_onnx)" >&2
    exit 2
    ;;
esac
