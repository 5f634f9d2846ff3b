#!/usr/bin/env bash
# Installs the Debian packages archcalc needs, skipping those already present.
# Usage: scripts/deps.sh [extra-package ...]
set -euo pipefail

packages=(
  g++ cmake ninja-build pkg-config
  libboost-graph-dev libfmt-dev libyaml-cpp-dev libcli11-dev nlohmann-json3-dev catch2
  graphviz libgraphviz-dev libexpat1-dev
  libonnx-dev libprotobuf-dev python3-onnx
  libopenblas-dev libdnnl-dev
  python3 python3-jsonschema chromium help2man
  python3-dev pybind11-dev python3-pybind11 python3-pytest python3-pandas python3-matplotlib
  python3-dask python3-distributed python3-torch python3-torchvision
  "$@"
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
echo "installing: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
