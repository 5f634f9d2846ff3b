#!/usr/bin/env python3
"""Checks every `#include "..."` under src/ against the layers of
docs/architecture.md: a file may include only its own layer and the layers
below it. The build's include views enforce this per top-level folder; this
check also covers the layers that share a folder (io/ and its importers,
exec/ and its backends) and single files that sit above their folder
(io/load_file.cpp, exec/backend.cpp, exec/probe.cpp).

It also checks that every source file is in some target's explicit source
list in CMakeLists.txt (a file left out would fail only at link time).

Usage: check_layers.py ROOT (the project's root). Prints one line per
problem, exits 1 if any."""

import pathlib
import re
import sys

# Path prefixes under src/ and their layers; the longest matching prefix wins.
LAYER_OF = {
    "util/": "base",
    "base/": "base",
    "ops/": "ops",
    "graph/": "graph",
    "io/": "io",
    "io/prototxt/": "prototxt",
    "io/onnx/": "onnx",
    "io/load_file.cpp": "formats",
    "passes/": "passes",
    "emit/": "emit",
    "report/": "report",
    "compare/": "compare",
    "exec/": "executor",
    "exec/kernels/": "reference",
    "exec/kernels/gemm/": "gemm",
    "exec/kernels/onednn/": "onednn",
    "exec/backend.cpp": "backends",
    "exec/probe.cpp": "backends",
    "emit_run/": "emit_run",
    "survey/": "survey",
    "cli/": "cli",
    "python/": "python",
    "plugin/": "plugin",
}

# The layers each layer links directly (CMakeLists.txt); it may include these
# and everything below them.
LINKS = {
    "base": [],
    "ops": ["base"],
    "graph": ["ops"],
    "io": ["graph"],
    "prototxt": ["io"],
    "onnx": ["io"],
    "formats": ["prototxt", "onnx"],
    "passes": ["graph"],
    "emit": ["passes", "io"],
    "report": ["emit"],
    "compare": ["emit", "formats"],
    "executor": ["graph"],
    "reference": ["executor"],
    "gemm": ["reference"],
    "onednn": ["reference"],
    "backends": ["gemm", "onednn"],
    "emit_run": ["executor", "emit"],
    "survey": ["backends", "emit"],
    "cli": ["report", "compare", "backends", "emit_run", "survey"],
    "python": ["cli"],
    # The plugins' entries (built from these layers) and the executable's
    # forwarding definitions of the same functions (which only see their headers).
    "plugin": ["onnx", "gemm", "onednn"],
}


def layer_of(path):
    best = None
    for prefix in LAYER_OF:
        if path.startswith(prefix) and (best is None or len(prefix) > len(best)):
            best = prefix
    return LAYER_OF[best] if best else None


def below(layer, seen=None):
    seen = set() if seen is None else seen
    for lower in LINKS[layer]:
        if lower not in seen:
            seen.add(lower)
            below(lower, seen)
    return seen


def main():
    root = pathlib.Path(sys.argv[1])
    src = root / "src"
    listed = set(re.findall(r"src/[\w/]+\.cpp", (root / "CMakeLists.txt").read_text()))
    include = re.compile(r'^\s*#\s*include\s+"([^"]+)"')
    problems = []
    files = sorted(p for p in src.rglob("*") if p.suffix in (".cpp", ".hpp", ".inc"))
    for path in files:
        rel = path.relative_to(src).as_posix()
        layer = layer_of(rel)
        if layer is None:
            problems.append(f"src/{rel}: error: in no layer (add its folder to {__file__})")
            continue
        if path.suffix == ".cpp" and f"src/{rel}" not in listed:
            problems.append(f"src/{rel}: error: in no target's source list in CMakeLists.txt")
        allowed = below(layer) | {layer}
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            m = include.match(line)
            if not m:
                continue
            target = layer_of(m.group(1))
            if target is None:
                if (path.parent / m.group(1)).exists():
                    continue  # a file beside it
                problems.append(f"src/{rel}:{number}: error: includes \"{m.group(1)}\", "
                                "which is in no layer")
            elif target not in allowed:
                problems.append(f"src/{rel}:{number}: error: layer '{layer}' includes "
                                f"\"{m.group(1)}\" of layer '{target}', which is not below it")
    for p in problems:
        print(p)
    print(f"{len(files)} files, {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
